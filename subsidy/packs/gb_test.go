package packs_test

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/dualtrack/dualtrack/subsidy/packs"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// The English packs are checked here against a model of the government's
// calculator (SkillsFundingAgency/das-funding-apprenticeship-earnings),
// written for these tests from its published rules:
//
//   - src/Domain/ApprenticeshipFunding/ApprenticeshipFunding.cs: the capped
//     price is min(agreed price, funding band maximum); 80% of it is the
//     on-programme total, the rest the completion payment;
//   - src/Domain/Calculations/OnProgramPayments.cs: one instalment per month
//     from the month of the start to the month of the planned end if that
//     ends on its last day, else to the month before; each instalment the
//     on-programme total over their number, rounded to 5 decimals; after a
//     withdrawal the months whose last day the apprentice was in learning
//     on are kept;
//   - src/Domain/Calculations/IncentivePayments.cs: for an apprentice aged 18
//     or less at the start, 500 to the employer and 500 to the provider on
//     the start plus 89 days and plus 364 days, each only if that day is not
//     after the planned end.
//
// The calculator computes the provider's earnings on the whole capped price;
// the pack pays the government's co-investment share of it, so the model's
// earnings are compared after taking that share. It keeps five decimals
// where the pack pays whole pence that add up exactly, so a payment may
// differ from the model by the pack's roundings: the award is the share
// rounded to the penny (half a penny at most), the completion share 20% of
// it rounded down (a penny at most), and the instalments split the rest to
// the penny (a penny at most each); so the completion payment is within
// 1.1p of the model's, and an instalment within 1p + 1.4p/n, n the number
// of instalments (at least 12 here). The test allows 2p; the on-programme
// payments together are within 1.4p of the model's.

// gbMonthEnds returns the last days of the months from start's month to
// the last month whose last day is not after end (the calculator's
// instalment months).
func gbMonthEnds(t testing.TB, start, end subsidy.Date) []subsidy.Date {
	t.Helper()
	var out []subsidy.Date
	y, m := start.Year(), start.Month()
	for {
		first, err := subsidy.NewDate(y, m, 1)
		require.NoError(t, err)
		next, err := first.AddMonths(1, subsidy.Clamp)
		require.NoError(t, err)
		last := next.Prev()
		if last.After(end) {
			return out
		}
		out = append(out, last)
		y, m = next.Year(), next.Month()
	}
}

// gbBand returns the upper limit of band n (1 to 30) of the 30-band
// structure of 2018: 1,500 to 5,000 in steps of 500 (bands 1 to 8), then
// 6,000 to 27,000 in steps of 1,000 (bands 9 to 30) (Allocating
// apprenticeship funding bands, GOV.UK: 30 bands from 1,500 to 27,000; the
// limits as listed by TQUK).
func gbBand(n int) decimal.Decimal {
	if n <= 8 {
		return decimal.New(int64(1000+500*n), 0)
	}
	return decimal.New(int64(6000+1000*(n-9)), 0)
}

// TestGBBandsAreThePublishedStructure compares the pack's 30 bands with
// gbBand and checks the two ends GOV.UK gives: 1,500 and 27,000.
func TestGBBandsAreThePublishedStructure(t *testing.T) {
	p, err := packs.Load("gb-eng-apprenticeship-funding")
	require.NoError(t, err)
	var bands []subsidy.Entry[map[string]decimal.Decimal]
	for _, prm := range p.Definition().Params {
		if prm.Name == "funding-band-max" {
			bands = prm.Table.Entries()
		}
	}
	require.Len(t, bands, 2)
	require.Len(t, bands[0].Value, 15)
	require.Len(t, bands[1].Value, 30)
	require.True(t, gbBand(1).Equal(decimal.New(1500, 0)))
	require.True(t, gbBand(30).Equal(decimal.New(27000, 0)))
	for n := 1; n <= 30; n++ {
		key := "band-" + strconv.Itoa(n)
		require.True(t, bands[1].Value[key].Equal(gbBand(n)), "%s: %s, want %s", key, bands[1].Value[key], gbBand(n))
		if n > 1 {
			require.True(t, gbBand(n).GreaterThan(gbBand(n-1)), "bands rise")
		}
	}
	// Both structures end at 27,000 (the maximum "will remain at £27 000").
	require.True(t, bands[0].Value["band-15"].Equal(decimal.New(27000, 0)))
}

// gbFundingCase is one random apprenticeship for the funding model.
type gbFundingCase struct {
	claim subsidy.Claim
	asOf  subsidy.Date
	price decimal.Decimal
	band  int
}

// TestGBFundingMatchesTheCalculator evaluates random apprenticeships (starts
// from 2019-04-01, when the share is 95%, to 2025-07-31, so the minimum is 12
// months) with the pack and with the model of the calculator, in learning,
// withdrawn or completed, and compares each payment.
func TestGBFundingMatchesTheCalculator(t *testing.T) {
	p, err := packs.Load("gb-eng-apprenticeship-funding")
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(2019, 401))
	first := subsidy.MustParseDate("2019-04-01")
	share := decimal.New(95, -2) // DOMAIN.md: 95% for starts from 2019-04-01
	tolerance := decimal.New(2, -2)
	var withdrawn, within, completed, capped int
	for i := range 500 {
		c := gbRandomFunding(t, rng, first, i)
		res, err := p.Evaluate(c.claim, subsidy.Options{AsOf: c.asOf})
		require.NoError(t, err, "%+v", c.claim)

		start, end := c.claim.Training.Start(), c.claim.Training.End()
		cappedPrice := decimal.Min(c.price, gbBand(c.band))
		if cappedPrice.LessThan(c.price) {
			capped++
		}
		onProgramme := cappedPrice.Mul(decimal.New(8, -1))
		completion := cappedPrice.Sub(onProgramme)
		months := gbMonthEnds(t, start, end)
		instalment := onProgramme.DivRound(decimal.New(int64(len(months)), 0), 5)

		// The government's share, as the pack computes it: the award.
		award := cappedPrice.Mul(share).Round(2)
		var sum decimal.Decimal
		var regular []subsidy.Payment
		var balance, done *subsidy.Payment
		for j := range res.Payments {
			pay := &res.Payments[j]
			sum = sum.Add(pay.Amount)
			switch pay.Kind {
			case subsidy.PayInstalment:
				regular = append(regular, *pay)
			case subsidy.PaySettlement:
				balance = pay
			case subsidy.PayCompletion:
				done = pay
			default:
				t.Fatalf("unexpected payment %v", pay)
			}
		}
		require.True(t, sum.Equal(res.Amount), "payments add up to the award")

		// The calculator's OnProgramPayments.SoftDeleteAfterLastDayOfLearning:
		// a withdrawal keeps the months whose last day the learner was in
		// learning, but one within the qualifying period (QualifyingPeriod.cs:
		// 42 days for 168 planned days or more, 14 for 14 or more, else 1)
		// keeps only those of earlier academic years (from 1 August).
		ended := c.claim.Ended
		kept := len(months)
		if !ended.IsZero() {
			keepTo := ended
			if c.claim.Completed == 0 {
				q := 1
				switch planned := gbDaysBetween(start, end) + 1; {
				case planned >= 168:
					q = 42
				case planned >= 14:
					q = 14
				}
				if gbDaysBetween(start, ended)+1 < q {
					y := ended.Year()
					if ended.Month() < time.August {
						y--
					}
					keepTo, err = subsidy.NewDate(y, time.July, 31)
					require.NoError(t, err)
					within++
				}
			}
			kept = 0
			for _, m := range months {
				if !m.After(keepTo) {
					kept++
				}
			}
		}
		require.Equal(t, kept > 0 || ended.IsZero() || c.claim.Completed > 0, res.Granted, "%+v: %v", c.claim, res.Reasons)
		require.Len(t, regular, kept, "%+v", c.claim)
		for j, pay := range regular {
			require.Equal(t, months[j], pay.Date)
			want := instalment.Mul(share)
			require.True(t, pay.Amount.Sub(want).Abs().LessThan(tolerance), "instalment %s, calculator %s", pay.Amount, want)
		}
		switch {
		case ended.IsZero():
			require.True(t, res.Amount.Equal(award))
			require.NotNil(t, done)
			require.Equal(t, end, done.Date)
			require.True(t, done.Amount.Sub(completion.Mul(share)).Abs().LessThan(tolerance), "completion %s, calculator %s", done.Amount, completion.Mul(share))
			onProg := res.Amount.Sub(done.Amount)
			want := onProgramme.Mul(share)
			require.True(t, onProg.Sub(want).Abs().LessThanOrEqual(decimal.New(14, -3)), "on-programme %s, calculator %s", onProg, want)
		case c.claim.Completed == 0:
			withdrawn++
			require.Nil(t, done)
			require.Nil(t, balance)
		default:
			completed++
			require.True(t, res.Amount.Equal(award))
			require.NotNil(t, done)
			require.Equal(t, ended, done.Date)
			require.True(t, done.Amount.Sub(completion.Mul(share)).Abs().LessThan(tolerance))
			if rest := len(months) - kept; rest > 0 {
				require.NotNil(t, balance, "the months after completion are paid in one balancing payment")
				require.Equal(t, ended, balance.Date)
				want := instalment.Mul(share).Mul(decimal.New(int64(rest), 0))
				require.True(t, balance.Amount.Sub(want).Abs().LessThan(tolerance.Mul(decimal.New(int64(rest), 0))),
					"balance %s, calculator %s", balance.Amount, want)
			}
		}
		// The employer pays the rest: 5% of the capped price and any excess
		// (DOMAIN.md: price 12,000 → employer 600).
		if ended.IsZero() {
			employer := c.price.Sub(res.Amount)
			require.True(t, employer.Equal(c.price.Sub(cappedPrice).Add(cappedPrice.Sub(award))))
		}
	}
	require.Greater(t, withdrawn, 50)
	require.Greater(t, within, 5, "withdrawals within the qualifying period")
	require.Greater(t, completed, 50)
	require.Greater(t, capped, 50)
}

// gbRandomFunding draws an apprenticeship: a start from first on, 12 to 48
// months and up to 27 days, a price from 1,000 to 30,000 in pence, a band,
// and one of: in learning, withdrawn (within the calculator's qualifying
// period of 42 days one time in eight), or completed.
func gbRandomFunding(t testing.TB, rng *rand.Rand, first subsidy.Date, i int) gbFundingCase {
	t.Helper()
	start, err := first.AddDays(rng.IntN(2314)) // to 2025-07-31
	require.NoError(t, err)
	after, err := start.AddMonths(12+rng.IntN(37), subsidy.Clamp)
	require.NoError(t, err)
	end, err := after.AddDays(rng.IntN(28) - 1)
	require.NoError(t, err)
	training, err := subsidy.NewPeriod(start, end)
	require.NoError(t, err)
	price := decimal.New(100_000+rng.Int64N(2_900_001), -2)
	band := 1 + rng.IntN(30)
	c := subsidy.Claim{ID: "f" + strconv.Itoa(i), Date: start, Category: "band-" + strconv.Itoa(band), Training: training, Base: price, HolderKind: "standard"}
	asOf := end
	switch rng.IntN(3) {
	case 1: // withdrawn, in the first 45 days or up to two months after the planned end
		if rng.IntN(8) == 0 {
			c.Ended, err = start.AddDays(rng.IntN(45))
		} else {
			c.Ended, err = start.AddDays(rng.IntN(gbDaysBetween(start, end) + 60))
		}
		require.NoError(t, err)
		asOf = c.Ended
	case 2: // completed, early or late
		c.Ended, err = start.AddDays(1 + rng.IntN(gbDaysBetween(start, end)+90))
		require.NoError(t, err)
		c.Completed = 1
		asOf = c.Ended
	}
	return gbFundingCase{claim: c, asOf: asOf, price: price, band: band}
}

// TestGBIncentivesMatchTheCalculator evaluates random apprentices aged 16
// to 22 at the start, with neither an EHC plan nor care-leaver status (the
// 19 to 24 group is not in the pack), for the employer's incentive, and
// compares the payments with the calculator's.
func TestGBIncentivesMatchTheCalculator(t *testing.T) {
	p, err := packs.Load("gb-eng-apprenticeship-incentives")
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(2017, 501))
	first := subsidy.MustParseDate("2017-05-01")
	var paid, none int
	for i := range 500 {
		start, err := first.AddDays(rng.IntN(3000))
		require.NoError(t, err)
		age := 16 + rng.IntN(7)
		// Born on a day of the year that exists every year, age years and
		// up to 364 days before the start.
		born, err := subsidy.NewDate(start.Year()-age-1, time.Month(1+rng.IntN(12)), 1+rng.IntN(28))
		require.NoError(t, err)
		if b, _ := born.AddYears(age+1, subsidy.Clamp); !b.After(start) {
			born, _ = born.AddYears(1, subsidy.Clamp)
		}
		end, err := start.AddDays(30 + rng.IntN(1500))
		require.NoError(t, err)
		training, err := subsidy.NewPeriod(start, end)
		require.NoError(t, err)
		c := subsidy.Claim{ID: "i" + strconv.Itoa(i), Date: start, Person: "L", Category: "employer", Born: born, Training: training}
		if rng.IntN(2) == 0 {
			c.Ended, err = start.AddDays(rng.IntN(500))
			require.NoError(t, err)
		}
		res, err := p.Evaluate(c, subsidy.Options{AsOf: end})
		require.NoError(t, err)

		// The calculator: eligible if aged 18 or less at the start.
		gotAge := gbAge(born, start)
		require.Equal(t, age, gotAge, "born %s, start %s", born, start)
		var want []subsidy.Date
		if age <= 18 {
			for _, days := range []int{89, 364} {
				due, err := start.AddDays(days)
				require.NoError(t, err)
				if due.After(end) || (!c.Ended.IsZero() && c.Ended.Before(due)) {
					continue
				}
				want = append(want, due)
			}
		}
		if age > 18 {
			require.False(t, res.Granted)
			require.Equal(t, "age", res.Reasons[0].Code)
		}
		require.Len(t, res.Payments, len(want), "%+v", c)
		for j, pay := range res.Payments {
			require.Equal(t, want[j], pay.Date)
			require.True(t, pay.Amount.Equal(decimal.New(500, 0)), "%s", pay.Amount)
		}
		if len(want) > 0 {
			paid++
		} else {
			none++
		}
	}
	require.Greater(t, paid, 100)
	require.Greater(t, none, 100)
}

// gbDaysBetween returns the number of days from a to b.
func gbDaysBetween(a, b subsidy.Date) int {
	ta := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	tb := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int(tb.Sub(ta).Hours()) / 24
}

// gbAge is the age in whole years on d of a person born on born (not on 29
// February).
func gbAge(born, d subsidy.Date) int {
	age := d.Year() - born.Year()
	if d.Month() < born.Month() || (d.Month() == born.Month() && d.Day() < born.Day()) {
		age--
	}
	return age
}

// TestGBMinimumWageByAgeAndYear applies the rule that picks the rate band,
// an apprentice under 19 or in the first year of the apprenticeship gets
// the apprentice rate and any other the rate for their age (DOMAIN.md,
// United Kingdom), to the worked examples of April 2025, and looks the rate
// up in the pack.
func TestGBMinimumWageByAgeAndYear(t *testing.T) {
	p, err := packs.Load("gb-apprentice-minimum-wage")
	require.NoError(t, err)
	band := func(age, year int) string {
		switch {
		case age < 19 || year == 1:
			return "apprentice"
		case age <= 20:
			return "age-18-20"
		}
		return "age-21-plus"
	}
	tests := []struct {
		age, year int
		want      string
	}{
		// DOMAIN.md, Worked examples: UK wages April 2025.
		{20, 1, "7.55"},
		{20, 2, "10.00"},
		{22, 2, "12.21"},
		// Under 19 keeps the apprentice rate after the first year.
		{18, 2, "7.55"},
		// 21 and over from April 2025: 12.21.
		{21, 3, "12.21"},
	}
	for _, tc := range tests {
		t.Run(strconv.Itoa(tc.age)+"-"+strconv.Itoa(tc.year), func(t *testing.T) {
			c := subsidy.Claim{ID: "w", Date: subsidy.MustParseDate("2025-04-30"), Category: band(tc.age, tc.year)}
			res, err := p.Evaluate(c, subsidy.Options{AsOf: c.Date})
			require.NoError(t, err)
			require.True(t, res.Amount.Equal(decimal.RequireFromString(tc.want)), "%s: %s", c.Category, res.Amount)
		})
	}
}

// TestGBMinimumWageRisesEachApril checks the shape of the wage table: one
// entry a year from 1 April to 31 March, the apprentice rate rising each
// time.
func TestGBMinimumWageRisesEachApril(t *testing.T) {
	p, err := packs.Load("gb-apprentice-minimum-wage")
	require.NoError(t, err)
	prm := p.Definition().Params[0]
	require.Equal(t, "hourly-minimum", prm.Name)
	entries := prm.Table.Entries()
	require.Len(t, entries, 2025-2017+1)
	for i, e := range entries {
		y := 2017 + i
		require.Equal(t, subsidy.MustParseDate(strconv.Itoa(y)+"-04-01"), e.From)
		require.Equal(t, subsidy.MustParseDate(strconv.Itoa(y+1)+"-03-31"), e.Until)
		if i > 0 {
			require.True(t, e.Value["apprentice"].GreaterThan(entries[i-1].Value["apprentice"]), "%d", y)
		}
	}
}

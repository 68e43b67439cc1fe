package subsidy_test

import (
	"math/big"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// schedPayments shows payments as "date amount kind", with " provisional"
// for a provisional one.
func schedPayments(ps []subsidy.Payment) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Date.String() + " " + p.Amount.StringFixed(2) + " " + p.Kind.String()
		if p.Provisional {
			out[i] += " provisional"
		}
	}
	return out
}

// schedSum returns the sum of the payments.
func schedSum(ps []subsidy.Payment) decimal.Decimal {
	sum := decimal.Zero
	for _, p := range ps {
		sum = sum.Add(p.Amount)
	}
	return sum
}

func schedPeriod(t testing.TB, from, to string) subsidy.Period {
	t.Helper()
	p, err := subsidy.NewPeriod(amtDate(from), amtDate(to))
	require.NoError(t, err)
	return p
}

// schedCase is a claim under a policy with a schedule and the payments and
// award expected.
type schedCase struct {
	name     string
	claim    subsidy.Claim
	asOf     string
	amount   string   // the award after the schedule, StringFixed(2)
	payments []string // as schedPayments shows them
	errField string   // a *ClaimError's field, instead
}

func schedRun(t *testing.T, p *subsidy.Policy, tests []schedCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.claim
			c.ID = "c-1"
			res, err := p.Evaluate(c, subsidy.Options{AsOf: amtDate(tt.asOf), Explain: true})
			if tt.errField != "" {
				var ce *subsidy.ClaimError
				require.ErrorAs(t, err, &ce)
				assert.Equal(t, tt.errField, ce.Field)
				assert.Contains(t, err.Error(), tt.errField)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.payments, schedPayments(res.Payments))
			assert.Equal(t, tt.amount, schedSum(res.Payments).StringFixed(2), "payments add up to the award")
			assert.Equal(t, tt.amount, res.Amount.StringFixed(2), "the result's amount")
			assert.Equal(t, res.Amount.Sign() > 0, res.Granted)
			var contrib decimal.Decimal
			for _, c := range res.Contributions {
				contrib = contrib.Add(c.Amount)
			}
			assert.True(t, contrib.Equal(res.Amount), "contributions add up to %v, the award is %v", contrib, res.Amount)
			fast, err := p.Evaluate(c, subsidy.Options{AsOf: amtDate(tt.asOf)})
			require.NoError(t, err)
			assert.Equal(t, res.Payments, fast.Payments)
		})
	}
}

// schedFujian is the Fujian policy: 6000 per apprentice and year for the
// 高级工 class, at most 50% prepaid (闽人社文〔2019〕220号; DOMAIN.md).
func schedFujian(t testing.TB) *subsidy.Policy {
	prepay := amtNumber(t, "prepay", "percent", amtEntry{"2019-01-01", "", "50", amtCiteFujian})
	return amtPolicy(t, []subsidy.Param{amtFujian(t), prepay}, subsidy.PrepaySettle{Percent: "prepay"},
		subsidy.RateDuration{RuleMeta: amtMeta("rate"), Rate: "rate", Per: "year", PerPlace: true})
}

func TestPrepaySettle(t *testing.T) {
	p := schedFujian(t)
	training := schedPeriod(t, "2024-09-01", "2026-08-31")
	claim := func(date string, ended string, completed int) subsidy.Claim {
		c := subsidy.Claim{Date: amtDate(date), Training: training, Places: 10, Completed: completed}
		if ended != "" {
			c.Ended = amtDate(ended)
		}
		return c
	}
	// DOMAIN.md: 10 apprentices × 6000 × 2 years = 120,000; at most
	// 60,000 (50%) prepaid, 6000 a place.
	schedRun(t, p, []schedCase{
		{name: "not ended", claim: claim("2024-09-01", "", 0), asOf: "2025-01-01", amount: "120000.00", payments: []string{
			"2024-09-01 60000.00 prepayment",
			"2026-08-31 60000.00 settlement provisional",
		}},
		// Everyone completes: the settlement is the rest, 10 × 6000.
		{name: "all completed", claim: claim("2024-09-01", "2026-08-31", 10), asOf: "2026-09-30", amount: "120000.00", payments: []string{
			"2024-09-01 60000.00 prepayment",
			"2026-08-31 60000.00 settlement",
		}},
		// 8 of 10 complete: settlement 8 × (12000 − 6000) = 48000,
		// clawback 2 × 6000 = 12000; award 8 × 12000 = 96000.
		{name: "8 of 10 completed", claim: claim("2024-09-01", "2026-08-31", 8), asOf: "2026-09-30", amount: "96000.00", payments: []string{
			"2024-09-01 60000.00 prepayment",
			"2026-08-31 48000.00 settlement",
			"2026-08-31 -12000.00 clawback",
		}},
		// No one completes: the whole prepayment comes back.
		{name: "none completed", claim: claim("2024-09-01", "2025-03-31", 0), asOf: "2025-04-30", amount: "0.00", payments: []string{
			"2024-09-01 60000.00 prepayment",
			"2025-03-31 -60000.00 clawback",
		}},
		// Claimed after training started: the advance is paid on the claim
		// date.
		{name: "claimed later", claim: claim("2024-10-15", "", 0), asOf: "2024-10-15", amount: "120000.00", payments: []string{
			"2024-10-15 60000.00 prepayment",
			"2026-08-31 60000.00 settlement provisional",
		}},
	})

	// The explanation of the schedule: its parameter and what it did.
	res, err := p.Evaluate(func() subsidy.Claim { c := claim("2024-09-01", "2026-08-31", 8); c.ID = "c-1"; return c }(),
		subsidy.Options{AsOf: amtDate("2026-09-30"), Explain: true})
	require.NoError(t, err)
	st := amtStep(t, res, "schedule")
	assert.Equal(t, "prepay-settle", st.Kind)
	assert.Equal(t, "10 places; 50% prepaid: 60000; 8 completed: settlement 48000, clawback 12000; award 96000", st.Reason)
	assert.Equal(t, []subsidy.ParamUse{{Name: "prepay", Value: amtDec("50"), On: amtDate("2024-09-01"), From: amtDate("2019-01-01"), Citation: amtCiteFujian}}, st.Params)
	assert.Equal(t, "120000.00", st.Before.StringFixed(2))
	assert.Equal(t, "96000.00", st.After.StringFixed(2))
}

// TestPrepaySettleUneven checks awards that do not split evenly.
func TestPrepaySettleUneven(t *testing.T) {
	amount := amtNumber(t, "amount", "CNY", amtEntry{"2024-01-01", "", "100000", amtCiteTest})
	prepay := amtNumber(t, "prepay", "percent", amtEntry{"2019-01-01", "", "50", amtCiteFujian})
	training := schedPeriod(t, "2024-09-01", "2025-08-31")

	// To the fen: 100000 three ways is 33333.34, 33333.33, 33333.33; half
	// of each, rounded down to the fen, is 16666.67, 16666.66, 16666.66
	// (16666.665 down), 49999.99 in all. Two completing keep 33333.34 +
	// 33333.33 = 66666.67, of which 16666.67 + 16666.66 = 33333.33 was
	// prepaid: settlement 33333.34, clawback 49999.99 − 33333.33 =
	// 16666.66.
	fen := amtPolicy(t, []subsidy.Param{amount, prepay}, subsidy.PrepaySettle{Percent: "prepay"},
		subsidy.Amount{RuleMeta: amtMeta("amount"), Amount: "amount"})
	schedRun(t, fen, []schedCase{
		{name: "fen, not ended", claim: subsidy.Claim{Date: amtDate("2024-09-01"), Training: training, Places: 3}, asOf: "2024-09-01", amount: "100000.00", payments: []string{
			"2024-09-01 49999.99 prepayment",
			"2025-08-31 50000.01 settlement provisional",
		}},
		{name: "fen, 2 of 3", claim: subsidy.Claim{Date: amtDate("2024-09-01"), Training: training, Places: 3, Ended: amtDate("2025-08-31"), Completed: 2}, asOf: "2025-09-01", amount: "66666.67", payments: []string{
			"2024-09-01 49999.99 prepayment",
			"2025-08-31 33333.34 settlement",
			"2025-08-31 -16666.66 clawback",
		}},
	})

	// A policy rounding to the yuan splits in yuan: 100000 seven ways is
	// 14286 five times and 14285 twice (5 × 14286 + 2 × 14285 = 100000).
	// Half of each rounded down to the fen: 7143 and 7142.50, 5 × 7143 +
	// 2 × 7142.50 = 50000. Six completing keep 5 × 14286 + 14285 = 85715
	// (whole yuan), prepaid 5 × 7143 + 7142.50 = 42857.50: settlement
	// 42857.50, clawback 50000 − 42857.50 = 7142.50.
	def := amtDefinition(t, []subsidy.Param{amount, prepay}, subsidy.PrepaySettle{Percent: "prepay"},
		subsidy.Amount{RuleMeta: amtMeta("amount"), Amount: "amount"})
	def.Rounding = amtRounding(t, "1", subsidy.HalfUp)
	yuan, err := subsidy.NewPolicy(def)
	require.NoError(t, err)
	schedRun(t, yuan, []schedCase{
		{name: "yuan, 6 of 7", claim: subsidy.Claim{Date: amtDate("2024-09-01"), Training: training, Places: 7, Ended: amtDate("2025-08-31"), Completed: 6}, asOf: "2025-09-01", amount: "85715.00", payments: []string{
			"2024-09-01 50000.00 prepayment",
			"2025-08-31 42857.50 settlement",
			"2025-08-31 -7142.50 clawback",
		}},
	})

	// Without a training period the advance and the provisional settlement
	// are both dated on the claim date.
	schedRun(t, fen, []schedCase{
		{name: "no training", claim: subsidy.Claim{Date: amtDate("2024-09-01"), Places: 2}, asOf: "2024-09-01", amount: "100000.00", payments: []string{
			"2024-09-01 50000.00 prepayment",
			"2024-09-01 50000.00 settlement provisional",
		}},
	})
}

// TestPrepaySettleProperty checks on random awards, places, percentages,
// roundings and completions that the payments add up to the result's
// amount, that the prepayment is at most the percentage of the award, and
// that the shares are those of money.AllocateUnits (the larger first).
func TestPrepaySettleProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(50, 220))
	quanta := []string{"0.01", "1", "100"}
	for i := range 400 {
		quantum := quanta[rng.IntN(len(quanta))]
		value := decimal.New(rng.Int64N(1_000_000_000_00), -2) // up to 1e9 yuan
		pct := decimal.New(rng.Int64N(10001), -2)              // 0.00 to 100.00
		places := 1 + rng.IntN(500)
		amount := amtNumber(t, "amount", "CNY", amtEntry{"2024-01-01", "", value.String(), amtCiteTest})
		prepay := amtNumber(t, "prepay", "percent", amtEntry{"2024-01-01", "", pct.String(), amtCiteTest})
		def := amtDefinition(t, []subsidy.Param{amount, prepay}, nil, subsidy.Amount{RuleMeta: amtMeta("amount"), Amount: "amount"})
		def.Rounding = amtRounding(t, quantum, subsidy.HalfEven)
		plain, err := subsidy.NewPolicy(def)
		require.NoError(t, err)
		def.Schedule = subsidy.PrepaySettle{Percent: "prepay"}
		p, err := subsidy.NewPolicy(def)
		require.NoError(t, err)

		c := subsidy.Claim{ID: "c-" + strconv.Itoa(i), Date: amtDate("2024-09-01"), Training: schedPeriod(t, "2024-09-01", "2025-08-31"), Places: places}
		ended := rng.IntN(2) == 0
		if ended {
			c.Ended = amtDate("2025-08-31")
			c.Completed = rng.IntN(places + 1)
		}
		asOf := subsidy.Options{AsOf: amtDate("2025-09-01")}
		base, err := plain.Evaluate(c, asOf)
		require.NoError(t, err)
		res, err := p.Evaluate(c, asOf)
		require.NoError(t, err)
		if !base.Granted {
			assert.Empty(t, res.Payments)
			continue
		}

		// The expected split, in the policy's quantum (the award is a
		// multiple of it), by money.AllocateUnits.
		q := amtDec(quantum).Shift(2).IntPart()
		units := base.Amount.Shift(2).IntPart()
		ones := make([]int64, places)
		for j := range ones {
			ones[j] = 1
		}
		shares, err := money.AllocateUnits(units/q, ones)
		require.NoError(t, err)
		var prepaid, kept int64
		pr := new(big.Rat).SetFrac64(pct.Shift(2).IntPart(), 10000) // pct/100
		for j, sh := range shares {
			adv := new(big.Rat).Mul(new(big.Rat).SetInt64(sh*q), pr)
			down := new(big.Int).Quo(adv.Num(), adv.Denom()).Int64() // non-negative: floor
			prepaid += down
			if j < c.Completed || !ended {
				kept += sh * q
			}
		}
		gotPrepaid := int64(0)
		for _, pay := range res.Payments {
			if pay.Kind == subsidy.PayPrepayment {
				gotPrepaid += pay.Amount.Shift(2).IntPart()
			}
		}
		require.Equal(t, prepaid, gotPrepaid, "claim %d: prepayment", i)
		// prepaid ≤ pct% of the award: 100 × prepaid ≤ pct × award.
		require.LessOrEqual(t, new(big.Rat).SetInt64(prepaid).Cmp(new(big.Rat).Mul(new(big.Rat).SetInt64(units), pr)), 0, "claim %d: prepayment above the percentage", i)
		require.True(t, schedSum(res.Payments).Equal(res.Amount), "claim %d: payments %v add up to %v, not the amount %v", i, schedPayments(res.Payments), schedSum(res.Payments), res.Amount)
		require.Equal(t, kept, res.Amount.Shift(2).IntPart(), "claim %d: award %v, %d places, %v%%, quantum %s, completed %d", i, base.Amount, places, pct, quantum, c.Completed)
	}
}

// schedUKPrice is an English policy paying the price of training (the
// claim's base, in full, capped at the funding band if band is set) in
// instalments with 20% on completion (DOMAIN.md).
func schedUKPrice(t testing.TB, band string) *subsidy.Policy {
	full := amtNumber(t, "full", "percent", amtEntry{"2017-04-06", "", "100", amtCiteTest})
	completion := amtNumber(t, "completion", "percent", amtEntry{"2017-04-06", "", "20", amtCiteCoInvest})
	params := []subsidy.Param{full, completion}
	rule := subsidy.PercentOfBase{RuleMeta: amtMeta("price"), Percent: "full"}
	if band != "" {
		params = append(params, amtNumber(t, "band", "GBP", amtEntry{"2017-04-06", "", band, amtCiteTest}))
		rule.BaseCap = "band"
	}
	def := amtDefinition(t, params, subsidy.Instalments{Completion: "completion"}, rule)
	def.Currency = "GBP"
	p, err := subsidy.NewPolicy(def)
	require.NoError(t, err)
	return p
}

// schedMonthly lists count instalments of amount on the month ends from
// the month of first (YYYY-MM), provisional from the month provisionalFrom
// (YYYY-MM; "" for none).
func schedMonthly(t testing.TB, first string, count int, amount, provisionalFrom string) []string {
	t.Helper()
	month, err := subsidy.ParseDate(first + "-01")
	require.NoError(t, err)
	var out []string
	prov := false
	for range count {
		if month.String()[:7] == provisionalFrom {
			prov = true
		}
		next, err := month.AddMonths(1, subsidy.Clamp)
		require.NoError(t, err)
		s := next.Prev().String() + " " + amount + " instalment"
		if prov {
			s += " provisional"
		}
		out = append(out, s)
		month = next
	}
	return out
}

func TestInstalments(t *testing.T) {
	p := schedUKPrice(t, "")
	// das-funding-apprenticeship-earnings, feature
	// CalculateEarningsForLearningPayments, "Simple Earnings Generation":
	// start 2020-08-01, planned end 2021-09-30, price 17,500: 14 monthly
	// instalments of 1,000 (80% of 17,500 = 14,000 over August 2020 to
	// September 2021) and 20% = 3,500 on completion.
	simple := schedMonthly(t, "2020-08", 14, "1000.00", "2021-01")
	simple = append(simple, "2021-09-30 3500.00 completion provisional")
	// das feature RecalculateEarningsFollowingWithdrawal: start 2020-08-01,
	// planned end 2021-07-31, price 15,000: 12 instalments of 1,000; a
	// withdrawal on 2020-11-15 keeps August to October, one on 2020-10-30
	// August and September (October's last day is after it).
	year := schedPeriod(t, "2020-08-01", "2021-07-31")
	// das feature RecalculateEarningsFollowingCompletion, "Early
	// Completion": start 2020-08-15, planned end 2021-07-31, completed on
	// 2021-02-15: six instalments (August to January), the remaining six
	// in one balancing payment of 6,000, and 3,000 on completion.
	early := append(schedMonthly(t, "2020-08", 6, "1000.00", ""),
		"2021-02-15 6000.00 settlement",
		"2021-02-15 3000.00 completion")
	schedRun(t, p, []schedCase{
		{name: "simple", claim: subsidy.Claim{Date: amtDate("2020-08-01"), Training: schedPeriod(t, "2020-08-01", "2021-09-30"), Base: amtDec("17500")},
			asOf: "2020-12-31", amount: "17500.00", payments: simple},
		{name: "withdrawn 2020-11-15", claim: subsidy.Claim{Date: amtDate("2020-08-01"), Training: year, Base: amtDec("15000"), Ended: amtDate("2020-11-15")},
			asOf: "2020-12-31", amount: "3000.00", payments: schedMonthly(t, "2020-08", 3, "1000.00", "")},
		{name: "withdrawn 2020-10-30", claim: subsidy.Claim{Date: amtDate("2020-08-01"), Training: year, Base: amtDec("15000"), Ended: amtDate("2020-10-30")},
			asOf: "2020-12-31", amount: "2000.00", payments: schedMonthly(t, "2020-08", 2, "1000.00", "")},
		// Withdrawn on a month's last day: that month counts.
		{name: "withdrawn 2020-10-31", claim: subsidy.Claim{Date: amtDate("2020-08-01"), Training: year, Base: amtDec("15000"), Ended: amtDate("2020-10-31")},
			asOf: "2020-12-31", amount: "3000.00", payments: schedMonthly(t, "2020-08", 3, "1000.00", "")},
		{name: "early completion", claim: subsidy.Claim{Date: amtDate("2020-08-15"), Training: schedPeriod(t, "2020-08-15", "2021-07-31"), Base: amtDec("15000"), Ended: amtDate("2021-02-15"), Completed: 1},
			asOf: "2021-03-01", amount: "15000.00", payments: early},
		{name: "on time", claim: subsidy.Claim{Date: amtDate("2020-08-01"), Training: year, Base: amtDec("15000"), Ended: amtDate("2021-07-31"), Completed: 1},
			asOf: "2021-08-01", amount: "15000.00", payments: append(schedMonthly(t, "2020-08", 12, "1000.00", ""), "2021-07-31 3000.00 completion")},
		{name: "late", claim: subsidy.Claim{Date: amtDate("2020-08-01"), Training: year, Base: amtDec("15000"), Ended: amtDate("2021-09-15"), Completed: 1},
			asOf: "2021-10-01", amount: "15000.00", payments: append(schedMonthly(t, "2020-08", 12, "1000.00", ""), "2021-09-15 3000.00 completion")},
		{name: "two places", claim: subsidy.Claim{Date: amtDate("2020-08-01"), Training: year, Base: amtDec("15000"), Places: 2}, asOf: "2020-08-01", errField: "places"},
		{name: "no training", claim: subsidy.Claim{Date: amtDate("2020-08-01"), Base: amtDec("15000")}, asOf: "2020-08-01", errField: "training"},
		// 1900-01 to 2001-12 is 102 × 12 = 1224 month ends, above 1200.
		{name: "a century of training", claim: subsidy.Claim{Date: amtDate("2020-08-01"), Training: schedPeriod(t, "1900-01-01", "2001-12-31"), Base: amtDec("15000")}, asOf: "2020-08-01", errField: "training"},
	})

	// das "Funding Band Maximum Cap": price 8000, band maximum 3750, start
	// 2020-08-01, planned end 2021-01-31: 80% of 3750 = 3000 in six
	// instalments of 500, and 750 on completion.
	schedRun(t, schedUKPrice(t, "3750"), []schedCase{
		{name: "band", claim: subsidy.Claim{Date: amtDate("2020-08-01"), Training: schedPeriod(t, "2020-08-01", "2021-01-31"), Base: amtDec("8000")},
			asOf: "2020-07-31", amount: "3750.00",
			payments: append(schedMonthly(t, "2020-08", 6, "500.00", "2020-08"), "2021-01-31 750.00 completion provisional")},
	})

	// Uneven: 1000 over January to March 2024: 200 on completion, 800 in
	// three: 80000 fen = 3 × 26666 + 2, so 266.67, 266.67, 266.66.
	// Training within one month with no month end in it: all on completion.
	schedRun(t, p, []schedCase{
		{name: "uneven", claim: subsidy.Claim{Date: amtDate("2024-01-01"), Training: schedPeriod(t, "2024-01-01", "2024-03-31"), Base: amtDec("1000")},
			asOf: "2024-04-01", amount: "1000.00", payments: []string{
				"2024-01-31 266.67 instalment",
				"2024-02-29 266.67 instalment",
				"2024-03-31 266.66 instalment",
				"2024-03-31 200.00 completion provisional",
			}},
		{name: "no month end", claim: subsidy.Claim{Date: amtDate("2024-01-05"), Training: schedPeriod(t, "2024-01-05", "2024-01-20"), Base: amtDec("1000")},
			asOf: "2024-01-05", amount: "1000.00", payments: []string{"2024-01-20 1000.00 completion provisional"}},
		{name: "no month end, withdrawn", claim: subsidy.Claim{Date: amtDate("2024-01-05"), Training: schedPeriod(t, "2024-01-05", "2024-01-20"), Base: amtDec("1000"), Ended: amtDate("2024-01-10")},
			asOf: "2024-01-31", amount: "0.00", payments: []string{}},
	})

	res, err := p.Evaluate(subsidy.Claim{ID: "c-1", Date: amtDate("2020-08-01"), Training: year, Base: amtDec("15000"), Ended: amtDate("2020-11-15")},
		subsidy.Options{AsOf: amtDate("2020-12-31"), Explain: true})
	require.NoError(t, err)
	st := amtStep(t, res, "schedule")
	assert.Equal(t, "3 of 12 instalments paid (3000); withdrawn on 2020-11-15: the rest and the completion share are not due; award 3000", st.Reason)
	assert.Equal(t, "completion", st.Params[0].Name)
}

// TestInstalmentsQualifyingPeriod: with QualifyingPeriod set, a withdrawal
// before the end of the calculator's qualifying period (42 days for a
// planned duration of 168 days or more, 14 for 14 to 167, 1 below:
// das-funding-apprenticeship-earnings, QualifyingPeriod.cs) keeps no
// instalment of its academic year; without it, every month whose last day
// the learner was in learning is paid.
func TestInstalmentsQualifyingPeriod(t *testing.T) {
	full := amtNumber(t, "full", "percent", amtEntry{"2017-04-06", "", "100", amtCiteTest})
	completion := amtNumber(t, "completion", "percent", amtEntry{"2017-04-06", "", "20", amtCiteCoInvest})
	def := amtDefinition(t, []subsidy.Param{full, completion}, subsidy.Instalments{Completion: "completion", QualifyingPeriod: true},
		subsidy.PercentOfBase{RuleMeta: amtMeta("price"), Percent: "full"})
	def.Currency = "GBP"
	p, err := subsidy.NewPolicy(def)
	require.NoError(t, err)
	// 2020-08-01 to 2021-07-31 is 365 days: 42 days, to 2020-09-11
	// (2020-08-01 + 41). 15,000: 12 instalments of 1,000.
	year := schedPeriod(t, "2020-08-01", "2021-07-31")
	// 2024-01-25 to 2024-03-31 is 67 days: 14 days, to 2024-02-07. 1,000:
	// 800 in three instalments (266.67, 266.67, 266.66), 200 on completion.
	short := schedPeriod(t, "2024-01-25", "2024-03-31")
	// 2024-01-25 to 2024-02-05 is 12 days: 1 day, served on the first. 800
	// in one instalment (January), 200 on completion.
	tiny := schedPeriod(t, "2024-01-25", "2024-02-05")
	schedRun(t, p, []schedCase{
		{name: "42 days: withdrawn on day 41", claim: subsidy.Claim{Date: amtDate("2020-08-01"), Training: year, Base: amtDec("15000"), Ended: amtDate("2020-09-10")},
			asOf: "2020-12-31", amount: "0.00", payments: []string{}},
		{name: "42 days: withdrawn on day 42", claim: subsidy.Claim{Date: amtDate("2020-08-01"), Training: year, Base: amtDec("15000"), Ended: amtDate("2020-09-11")},
			asOf: "2020-12-31", amount: "1000.00", payments: schedMonthly(t, "2020-08", 1, "1000.00", "")},
		{name: "14 days: withdrawn on day 12", claim: subsidy.Claim{Date: amtDate("2024-01-25"), Training: short, Base: amtDec("1000"), Ended: amtDate("2024-02-05")},
			asOf: "2024-03-31", amount: "0.00", payments: []string{}},
		{name: "14 days: withdrawn on day 14", claim: subsidy.Claim{Date: amtDate("2024-01-25"), Training: short, Base: amtDec("1000"), Ended: amtDate("2024-02-07")},
			asOf: "2024-03-31", amount: "266.67", payments: []string{"2024-01-31 266.67 instalment"}},
		{name: "1 day: withdrawn on day 9", claim: subsidy.Claim{Date: amtDate("2024-01-25"), Training: tiny, Base: amtDec("1000"), Ended: amtDate("2024-02-02")},
			asOf: "2024-03-31", amount: "800.00", payments: []string{"2024-01-31 800.00 instalment"}},
		// Completion within the qualifying period is not a withdrawal:
		// January as planned, February and March as the balance.
		{name: "completed on day 12", claim: subsidy.Claim{Date: amtDate("2024-01-25"), Training: short, Base: amtDec("1000"), Ended: amtDate("2024-02-05"), Completed: 1},
			asOf: "2024-03-31", amount: "1000.00", payments: []string{"2024-01-31 266.67 instalment", "2024-02-05 533.33 settlement", "2024-02-05 200.00 completion"}},
	})
	// Without QualifyingPeriod, the same withdrawal keeps January.
	schedRun(t, schedUKPrice(t, ""), []schedCase{
		{name: "off: withdrawn on day 12", claim: subsidy.Claim{Date: amtDate("2024-01-25"), Training: short, Base: amtDec("1000"), Ended: amtDate("2024-02-05")},
			asOf: "2024-03-31", amount: "266.67", payments: []string{"2024-01-31 266.67 instalment"}},
	})

	res, err := p.Evaluate(subsidy.Claim{ID: "c-1", Date: amtDate("2020-08-01"), Training: year, Base: amtDec("15000"), Ended: amtDate("2020-09-10")},
		subsidy.Options{AsOf: amtDate("2020-12-31"), Explain: true})
	require.NoError(t, err)
	assert.Equal(t, "0 of 12 instalments paid (0); withdrawn on 2020-09-10, within the qualifying period of 42 days (to 2020-09-11): no instalment of the academic year from 2020-08-01 is due, nor the rest or the completion share; award 0",
		amtStep(t, res, "schedule").Reason)
}

// schedIncentive is England's incentive for a 16-18-year-old apprentice:
// 1,000 paid in halves after 90 and 365 days in learning (DOMAIN.md).
func schedIncentive(t testing.TB, pcts ...string) *subsidy.Policy {
	amount := amtNumber(t, "incentive", "GBP", amtEntry{"2017-04-06", "", "1000", amtCiteTest})
	d90 := amtNumber(t, "d90", "days", amtEntry{"2017-04-06", "", "90", amtCiteTest})
	d365 := amtNumber(t, "d365", "days", amtEntry{"2017-04-06", "", "365", amtCiteTest})
	half := amtNumber(t, "half", "percent", amtEntry{"2017-04-06", "", "50", amtCiteTest})
	def := amtDefinition(t, []subsidy.Param{amount, d90, d365, half},
		subsidy.Milestones{Milestones: []subsidy.Milestone{{Days: "d90", Percent: "half"}, {Days: "d365", Percent: "half"}}},
		subsidy.Amount{RuleMeta: amtMeta("incentive"), Amount: "incentive"})
	def.Currency = "GBP"
	p, err := subsidy.NewPolicy(def)
	require.NoError(t, err)
	return p
}

func TestMilestones(t *testing.T) {
	p := schedIncentive(t)
	long := schedPeriod(t, "2020-08-01", "2024-07-31")
	// das-funding-apprenticeship-earnings, feature
	// CalculateIncentivePayments: start 2020-08-01, planned end
	// 2024-07-31: 500 due 2020-10-29 (day 90: 2020-08-01 + 89 days) and
	// 500 due 2021-07-31 (day 365: + 364 days). The "90 day
	// apprenticeship" ending 2020-10-30 gets only the first.
	// RecalculateEarningsFollowingWithdrawal: a withdrawal on 2020-10-15
	// loses both, one on 2020-10-30 keeps the first, and a withdrawal on
	// the start day 2020-08-15 loses both.
	schedRun(t, p, []schedCase{
		{name: "both due", claim: subsidy.Claim{Date: amtDate("2020-08-01"), Training: long}, asOf: "2021-08-01", amount: "1000.00", payments: []string{
			"2020-10-29 500.00 milestone",
			"2021-07-31 500.00 milestone",
		}},
		{name: "second not yet reached", claim: subsidy.Claim{Date: amtDate("2020-08-01"), Training: long}, asOf: "2020-12-31", amount: "1000.00", payments: []string{
			"2020-10-29 500.00 milestone",
			"2021-07-31 500.00 milestone provisional",
		}},
		{name: "neither reached", claim: subsidy.Claim{Date: amtDate("2020-08-01"), Training: long}, asOf: "2020-10-28", amount: "1000.00", payments: []string{
			"2020-10-29 500.00 milestone provisional",
			"2021-07-31 500.00 milestone provisional",
		}},
		{name: "90-day apprenticeship", claim: subsidy.Claim{Date: amtDate("2020-08-01"), Training: schedPeriod(t, "2020-08-01", "2020-10-30")}, asOf: "2020-08-01", amount: "500.00", payments: []string{
			"2020-10-29 500.00 milestone provisional",
		}},
		// Planned to end the day before the 90th day: nothing can be due.
		{name: "89-day apprenticeship", claim: subsidy.Claim{Date: amtDate("2020-08-01"), Training: schedPeriod(t, "2020-08-01", "2020-10-28")}, asOf: "2020-08-01", amount: "0.00", payments: []string{}},
		{name: "withdrawn 2020-10-15", claim: subsidy.Claim{Date: amtDate("2020-08-01"), Training: long, Ended: amtDate("2020-10-15")}, asOf: "2020-12-31", amount: "0.00", payments: []string{}},
		{name: "withdrawn 2020-10-30", claim: subsidy.Claim{Date: amtDate("2020-08-01"), Training: long, Ended: amtDate("2020-10-30")}, asOf: "2020-12-31", amount: "500.00", payments: []string{
			"2020-10-29 500.00 milestone",
		}},
		// In learning on the 90th day itself: due.
		{name: "withdrawn on the day", claim: subsidy.Claim{Date: amtDate("2020-08-01"), Training: long, Ended: amtDate("2020-10-29")}, asOf: "2020-12-31", amount: "500.00", payments: []string{
			"2020-10-29 500.00 milestone",
		}},
		{name: "withdrawn on the start day", claim: subsidy.Claim{Date: amtDate("2020-08-15"), Training: schedPeriod(t, "2020-08-15", "2021-07-31"), Ended: amtDate("2020-08-15")}, asOf: "2020-12-31", amount: "0.00", payments: []string{}},
		{name: "two places", claim: subsidy.Claim{Date: amtDate("2020-08-01"), Training: long, Places: 2}, asOf: "2020-08-01", errField: "places"},
		{name: "no training", claim: subsidy.Claim{Date: amtDate("2020-08-01")}, asOf: "2020-08-01", errField: "training"},
	})

	res, err := p.Evaluate(subsidy.Claim{ID: "c-1", Date: amtDate("2020-08-01"), Training: long, Ended: amtDate("2020-10-30")},
		subsidy.Options{AsOf: amtDate("2020-12-31"), Explain: true})
	require.NoError(t, err)
	st := amtStep(t, res, "schedule")
	assert.Equal(t, "500 on day 90, 2020-10-29; 500 on day 365, 2021-07-31 not due: training ended on 2020-10-30", st.Reason)
	assert.Len(t, st.Params, 4) // days and percent of each milestone
}

// TestMilestonesUneven checks shares that do not divide the award evenly.
func TestMilestonesUneven(t *testing.T) {
	// 1000 split 33.33/33.33/33.34 (test values): weights 3333, 3333,
	// 3334 of 10000 over 100000 pence: 33330, 33330, 33340 exactly.
	amount := amtNumber(t, "amount", "GBP", amtEntry{"2020-01-01", "", "1000", amtCiteTest})
	d1 := amtNumber(t, "d1", "days", amtEntry{"2020-01-01", "", "1", amtCiteTest})
	d2 := amtNumber(t, "d2", "days", amtEntry{"2020-01-01", "", "30", amtCiteTest})
	third := amtNumber(t, "third", "percent", amtEntry{"2020-01-01", "", "33.33", amtCiteTest})
	rest := amtNumber(t, "rest", "percent", amtEntry{"2020-01-01", "", "33.34", amtCiteTest})
	p := amtPolicy(t, []subsidy.Param{amount, d1, d2, third, rest},
		subsidy.Milestones{Milestones: []subsidy.Milestone{{Days: "d1", Percent: "third"}, {Days: "d2", Percent: "third"}, {Days: "d2", Percent: "rest"}}},
		subsidy.Amount{RuleMeta: amtMeta("amount"), Amount: "amount"})
	schedRun(t, p, []schedCase{
		// Day 1 is the start day; day 30 is 2024-01-30.
		{name: "thirds", claim: subsidy.Claim{Date: amtDate("2024-01-01"), Training: schedPeriod(t, "2024-01-01", "2024-12-31")}, asOf: "2024-02-01", amount: "1000.00", payments: []string{
			"2024-01-01 333.30 milestone",
			"2024-01-30 333.30 milestone",
			"2024-01-30 333.40 milestone",
		}},
	})
}

func TestSchedulesCheck(t *testing.T) {
	pct := amtNumber(t, "pct", "percent", amtEntry{"2020-01-01", "", "50", amtCiteTest})
	over := amtNumber(t, "over", "percent", amtEntry{"2020-01-01", "", "101", amtCiteTest})
	days := amtNumber(t, "days", "days", amtEntry{"2020-01-01", "", "90", amtCiteTest})
	zero := amtNumber(t, "zero", "days", amtEntry{"2020-01-01", "", "0", amtCiteTest})
	frac := amtNumber(t, "frac", "days", amtEntry{"2020-01-01", "", "1.5", amtCiteTest})
	// 60 until 2022, then 50: the two halves add up to 110 on 2020-01-01.
	drift := amtNumber(t, "drift", "percent", amtEntry{"2020-01-01", "2021-12-31", "60", amtCiteTest}, amtEntry{"2022-01-01", "", "50", amtCiteTest})
	tab := amtSkillTable(t, "tab")
	params := []subsidy.Param{pct, over, days, zero, frac, drift, tab}
	many := make([]subsidy.Milestone, 17)
	for i := range many {
		many[i] = subsidy.Milestone{Days: "days", Percent: "pct"}
	}
	tests := []struct {
		name     string
		schedule subsidy.Schedule
		path     string
		contains string
	}{
		{"prepay missing", subsidy.PrepaySettle{}, "schedule.percent", "required"},
		{"prepay over 100", subsidy.PrepaySettle{Percent: "over"}, "schedule.percent", `"over" = 101`},
		{"prepay table", subsidy.PrepaySettle{Percent: "tab"}, "schedule.percent", "is a table"},
		{"completion unknown", subsidy.Instalments{Completion: "x"}, "schedule.completion", "no such parameter"},
		{"completion over 100", subsidy.Instalments{Completion: "over"}, "schedule.completion", "between 0 and 100"},
		{"no milestones", subsidy.Milestones{}, "schedule.milestones", "1 to 16"},
		{"too many milestones", subsidy.Milestones{Milestones: many}, "schedule.milestones", "17 milestones"},
		{"zero days", subsidy.Milestones{Milestones: []subsidy.Milestone{{Days: "zero", Percent: "pct"}, {Days: "days", Percent: "pct"}}}, "schedule.milestones[0].days", "whole number"},
		{"fractional days", subsidy.Milestones{Milestones: []subsidy.Milestone{{Days: "days", Percent: "pct"}, {Days: "frac", Percent: "pct"}}}, "schedule.milestones[1].days", `"frac" = 1.5`},
		{"percent unknown", subsidy.Milestones{Milestones: []subsidy.Milestone{{Days: "days", Percent: "nope"}}}, "schedule.milestones[0].percent", "no such parameter"},
		{"sum not 100", subsidy.Milestones{Milestones: []subsidy.Milestone{{Days: "days", Percent: "pct"}}}, "schedule.milestones", "adding up to 50 on 2020-01-01"},
		{"sum not 100 on one date", subsidy.Milestones{Milestones: []subsidy.Milestone{{Days: "days", Percent: "pct"}, {Days: "days", Percent: "drift"}}}, "schedule.milestones", "adding up to 110 on 2020-01-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := subsidy.NewPolicy(amtDefinition(t, params, tt.schedule, subsidy.Amount{RuleMeta: amtMeta("a"), Amount: "pct"}))
			var pe *subsidy.PolicyError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.path, pe.Path)
			assert.Contains(t, err.Error(), tt.contains)
		})
	}

	// The sum is checked again when a claim is paid, with the values known
	// on the as-of date: here the 50 → 60 of "late" was published after the
	// as-of date, so 50 + 40 = 90 on 2021-03-01.
	late, err := subsidy.NewSeries("late", []subsidy.Entry[decimal.Decimal]{
		{From: amtDate("2020-01-01"), Value: amtDec("50")},
		{From: amtDate("2021-01-01"), Value: amtDec("60"), Published: amtDate("2022-01-01")},
	})
	require.NoError(t, err)
	other := amtNumber(t, "other", "percent", amtEntry{"2020-01-01", "2020-12-31", "50", amtCiteTest}, amtEntry{"2021-01-01", "", "40", amtCiteTest})
	p := amtPolicy(t, []subsidy.Param{{Name: "late", Unit: "percent", Number: late}, other, days},
		subsidy.Milestones{Milestones: []subsidy.Milestone{{Days: "days", Percent: "late"}, {Days: "days", Percent: "other"}}},
		subsidy.Amount{RuleMeta: amtMeta("a"), Amount: "days"})
	c := subsidy.Claim{ID: "c-1", Date: amtDate("2021-03-01"), Training: schedPeriod(t, "2021-03-01", "2022-02-28")}
	_, err = p.Evaluate(c, subsidy.Options{AsOf: amtDate("2021-06-01")})
	var pe *subsidy.PolicyError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "schedule.milestones", pe.Path)
	assert.Contains(t, err.Error(), "add up to 90, not 100")
	// Known later, they add up to 100 and the claim is paid.
	res, err := p.Evaluate(c, subsidy.Options{AsOf: amtDate("2022-06-01")})
	require.NoError(t, err)
	assert.Len(t, res.Payments, 2)
}

// TestScheduleNotGranted checks that a schedule pays nothing for a claim
// that is rejected.
func TestScheduleNotGranted(t *testing.T) {
	completion := amtNumber(t, "completion", "percent", amtEntry{"2017-04-06", "", "20", amtCiteCoInvest})
	p := amtPolicy(t, []subsidy.Param{amtSkillTable(t, "amounts"), completion}, subsidy.Instalments{Completion: "completion"},
		subsidy.AmountByCategory{RuleMeta: amtMeta("amount"), Table: "amounts"})
	res, err := p.Evaluate(subsidy.Claim{ID: "c-1", Date: amtDate("2024-09-01"), Level: certificate.NationalGrade2, Training: schedPeriod(t, "2024-09-01", "2025-08-31")},
		subsidy.Options{AsOf: amtDate("2024-09-02")})
	require.NoError(t, err)
	assert.False(t, res.Granted)
	assert.Equal(t, "no-amount", res.Reasons[0].Code)
	assert.Empty(t, res.Payments)
}

// TestAmountKindsRoundTrip writes policies with every amount kind and
// schedule as JSON, loads them back, and checks the digest and the result.
func TestAmountKindsRoundTrip(t *testing.T) {
	training := schedPeriod(t, "2024-09-01", "2026-08-31")
	day := amtDate("2024-09-01")
	tests := []struct {
		name  string
		p     *subsidy.Policy
		claim subsidy.Claim
	}{
		{"fujian prepay-settle", schedFujian(t), subsidy.Claim{ID: "c-1", Date: day, Training: training, Places: 10, Ended: training.End(), Completed: 8}},
		{"guangdong uplift", amtGuangdong(t), subsidy.Claim{ID: "c-1", Date: day, Level: certificate.SeniorWorker, Flags: []string{"shortage-occupation"}}},
		{"instalments", schedUKPrice(t, "3750"), subsidy.Claim{ID: "c-1", Date: day, Training: training, Base: amtDec("8000")}},
		{"milestones", schedIncentive(t), subsidy.Claim{ID: "c-1", Date: day, Training: training}},
		{"category, cap, floor, share", amtPolicy(t, []subsidy.Param{amtSkillTable(t, "tab"), amtFujian(t),
			amtNumber(t, "pct", "percent", amtEntry{"2019-01-01", "", "95", amtCiteTest})}, nil,
			subsidy.AmountByCategory{RuleMeta: amtMeta("a"), Table: "tab", Key: "level", PerPlace: true},
			subsidy.Minimum{RuleMeta: amtMeta("b"), Table: "tab"},
			subsidy.Share{RuleMeta: amtMeta("c"), Percent: "pct"},
			subsidy.PercentOfBase{RuleMeta: amtMeta("d"), Percent: "pct", BaseCap: "rate"},
			subsidy.Cap{RuleMeta: amtMeta("e"), Amount: "rate", PerPlace: true}),
			subsidy.Claim{ID: "c-1", Date: day, Level: certificate.NationalGrade4, Places: 2, Base: amtDec("100")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.p.MarshalJSON()
			require.NoError(t, err)
			q, err := subsidy.LoadPolicy(b)
			require.NoError(t, err, "%s", b)
			assert.Equal(t, tt.p.Digest(), q.Digest())
			opts := subsidy.Options{AsOf: amtDate("2026-09-30"), Explain: true}
			want, err := tt.p.Evaluate(tt.claim, opts)
			require.NoError(t, err)
			got, err := q.Evaluate(tt.claim, opts)
			require.NoError(t, err)
			assert.Equal(t, want, got)
			assert.True(t, want.Granted)
		})
	}
}

// FuzzAmountSchedules evaluates random claims under a policy paying an
// amount through each schedule and checks the invariants: no panic; an
// error only for a claim the schedule cannot pay (a *ClaimError); payments
// with dates and kinds that add up to the result's amount, which never
// exceeds the award before the schedule; a prepayment within its
// percentage.
func FuzzAmountSchedules(f *testing.F) {
	// Fujian: 120000.00 yuan, 10 places, 8 completed, two years, 50%.
	f.Add(int64(12000000), uint16(10), uint16(8), uint32(9000), uint16(730), int32(729), uint16(5000), uint8(0))
	f.Add(int64(12000000), uint16(10), uint16(0), uint32(9000), uint16(730), int32(-1), uint16(5000), uint8(0))
	f.Add(int64(1500000), uint16(1), uint16(1), uint32(7517), uint16(364), int32(200), uint16(2000), uint8(1))
	f.Add(int64(1500000), uint16(1), uint16(0), uint32(7517), uint16(364), int32(106), uint16(2000), uint8(1))
	f.Add(int64(100000), uint16(1), uint16(0), uint32(7517), uint16(1460), int32(89), uint16(5000), uint8(2))
	f.Add(int64(1), uint16(7), uint16(3), uint32(0), uint16(0), int32(0), uint16(10000), uint8(0))
	f.Add(int64(-5), uint16(65535), uint16(65535), uint32(4000000000), uint16(65535), int32(-7), uint16(65535), uint8(255))
	f.Fuzz(func(t *testing.T, units int64, places, completed uint16, startDay uint32, length uint16, ended int32, pct uint16, kind uint8) {
		if units < 0 {
			units = -(units + 1)
		}
		units = units%1_000_000_000_000_000 + 1 // up to 10^13 yuan in fen
		pctDec := decimal.New(int64(pct%10001), -2)
		start, err := amtDate("2000-01-01").AddDays(int(startDay % 30000))
		require.NoError(t, err)
		end, err := start.AddDays(int(length))
		require.NoError(t, err)
		c := subsidy.Claim{ID: "fuzz", Date: start, Places: 1 + int(places%1000)}
		c.Training, err = subsidy.NewPeriod(start, end)
		require.NoError(t, err)
		if ended >= 0 {
			c.Ended, err = start.AddDays(int(ended) % (int(length) + 400))
			require.NoError(t, err)
			c.Completed = int(completed) % (c.Places + 1)
		}
		amount := amtNumber(t, "amount", "CNY", amtEntry{"2000-01-01", "", decimal.New(units, -2).String(), amtCiteTest})
		pctParam := amtNumber(t, "pct", "percent", amtEntry{"2000-01-01", "", pctDec.String(), amtCiteTest})
		rest := amtNumber(t, "rest", "percent", amtEntry{"2000-01-01", "", decimal.NewFromInt(100).Sub(pctDec).String(), amtCiteTest})
		days := amtNumber(t, "days", "days", amtEntry{"2000-01-01", "", strconv.Itoa(1 + int(pct%400)), amtCiteTest})
		var sched subsidy.Schedule
		switch kind % 3 {
		case 0:
			sched = subsidy.PrepaySettle{Percent: "pct"}
		case 1:
			sched = subsidy.Instalments{Completion: "pct"}
		default:
			sched = subsidy.Milestones{Milestones: []subsidy.Milestone{{Days: "days", Percent: "pct"}, {Days: "days", Percent: "rest"}}}
		}
		rule := subsidy.Amount{RuleMeta: amtMeta("amount"), Amount: "amount"}
		params := []subsidy.Param{amount, pctParam, rest, days}
		plain := amtPolicy(t, params, nil, rule)
		p := amtPolicy(t, params, sched, rule)
		opts := subsidy.Options{AsOf: c.Date}
		base, err := plain.Evaluate(c, opts)
		require.NoError(t, err)
		res, err := p.Evaluate(c, opts)
		if err != nil {
			var ce *subsidy.ClaimError
			require.ErrorAs(t, err, &ce, "%v", err)
			require.NotEmpty(t, ce.Field)
			return
		}
		var prepaid decimal.Decimal
		for _, pay := range res.Payments {
			require.False(t, pay.Date.IsZero())
			require.True(t, pay.Kind.IsValid())
			require.False(t, pay.Amount.IsZero(), "no payment of zero")
			require.Equal(t, pay.Kind == subsidy.PayClawback, pay.Amount.Sign() < 0, "only a clawback is negative")
			if pay.Kind == subsidy.PayPrepayment {
				prepaid = prepaid.Add(pay.Amount)
			}
		}
		require.True(t, schedSum(res.Payments).Equal(res.Amount), "payments %v, amount %v", schedPayments(res.Payments), res.Amount)
		require.LessOrEqual(t, res.Amount.Cmp(base.Amount), 0)
		require.GreaterOrEqual(t, res.Amount.Sign(), 0)
		// 100 × prepaid ≤ pct × award.
		require.LessOrEqual(t, prepaid.Shift(2).Cmp(pctDec.Mul(base.Amount)), 0)
	})
}

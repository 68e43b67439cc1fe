package packs_test

import (
	"errors"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/apprenticeship"
	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/dualtrack/dualtrack/subsidy/packs"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const dePackName = "de-bbig-minimum-allowance"

// deYear1 are the year-1 amounts by start year: BBiG § 17(2) sentence 1
// no. 1 (a) to (d) for 2020 to 2023, and the amounts carried forward and
// published from 2024 (DOMAIN.md, "Germany: the dual system", the table).
var deYear1 = map[int]string{
	2020: "515", 2021: "550", 2022: "585", 2023: "620",
	2024: "649", 2025: "682", 2026: "724",
}

// deUplift are the statutory uplifts of training years 2 to 4 over year 1,
// in percent (BBiG § 17(2) sentence 1 no. 2 to 4: +18%, +35%, +40%).
var deUplift = [4]int64{0, 18, 35, 40}

// deTable returns the pack's minimum table as it loads through the public
// loader.
func deTable(t *testing.T) []subsidy.Entry[map[string]decimal.Decimal] {
	t.Helper()
	p, err := packs.Load(dePackName)
	require.NoError(t, err)
	for _, prm := range p.Definition().Params {
		if prm.Name == "minimum-allowance" {
			require.True(t, prm.IsTable())
			return prm.Table.Entries()
		}
	}
	t.Fatal("the pack has no parameter minimum-allowance")
	return nil
}

// deNumber returns the single value of the pack's number parameter name.
func deNumber(t *testing.T, name string) decimal.Decimal {
	t.Helper()
	p, err := packs.Load(dePackName)
	require.NoError(t, err)
	for _, prm := range p.Definition().Params {
		if prm.Name == name {
			require.False(t, prm.IsTable(), name)
			entries := prm.Number.Entries()
			require.Len(t, entries, 1, name)
			return entries[0].Value
		}
	}
	t.Fatalf("the pack has no parameter %s", name)
	return decimal.Decimal{}
}

// TestGermanTableIsTheStatutoryUplifts recomputes years 2 to 4 of every
// cohort from its year-1 amount: year k is year 1 × (100 + uplift)/100, exact
// in cents up to the 2023 cohort (the amounts written in § 17(2)), and
// rounded half up to whole euros from 2024 (the published amounts, DOMAIN.md).
func TestGermanTableIsTheStatutoryUplifts(t *testing.T) {
	entries := deTable(t)
	require.Len(t, entries, len(deYear1), "one entry per start year 2020 to 2026")
	for i, e := range entries {
		year := 2020 + i
		t.Run(strconv.Itoa(year), func(t *testing.T) {
			require.Equal(t, apprenticeship.MustParseDate(strconv.Itoa(year)+"-01-01"), e.From)
			require.Equal(t, apprenticeship.MustParseDate(strconv.Itoa(year)+"-12-31"), e.Until)
			require.Len(t, e.Value, 4)
			y1 := decimal.RequireFromString(deYear1[year])
			require.True(t, e.Value["year-1"].Equal(y1), "year 1: %s", e.Value["year-1"])
			for k := 1; k < 4; k++ {
				key := "year-" + strconv.Itoa(k+1)
				exact := y1.Mul(decimal.New(100+deUplift[k], 0)).Shift(-2)
				want := exact
				if year <= 2023 {
					// Written in the statute: the uplift is a whole number of cents.
					require.True(t, exact.Equal(exact.Round(2)), "%s × %d%% = %s is not in whole cents", y1, 100+deUplift[k], exact)
				} else {
					// Published in whole euros, half up: 649 × 1.18 = 765.82 → 766.
					want = exact.Round(0)
				}
				got := e.Value[key]
				assert.True(t, got.Equal(want), "%s: stored %s, statute gives %s (exact %s)", key, got, want, exact)
				if year >= 2024 {
					assert.True(t, got.Equal(got.Truncate(0)), "%s: %s is not whole euros", key, got)
				}
			}
		})
	}
}

// TestGermanTableMatchesApprenticeship compares the pack's table, as
// GermanMinimumTable converts it, with the table package apprenticeship
// hard-codes: the same start years, dates and amounts.
func TestGermanTableMatchesApprenticeship(t *testing.T) {
	got, err := packs.GermanMinimumTable()
	require.NoError(t, err)
	want := apprenticeship.GermanMinimumTable()
	require.Equal(t, want.Len(), got.Len())
	require.True(t, got.IsContinuous())
	ge, we := got.Entries(), want.Entries()
	for i := range we {
		t.Run(we[i].From.String(), func(t *testing.T) {
			require.Equal(t, we[i].From, ge[i].From)
			require.Equal(t, we[i].Until, ge[i].Until)
			require.False(t, ge[i].Citation.IsZero())
			for k := range we[i].Value {
				assert.True(t, we[i].Value[k].Equal(ge[i].Value[k]), "year %d: apprenticeship %s, pack %s", k+1, we[i].Value[k], ge[i].Value[k])
			}
		})
	}
}

// deAgreement is a dual agreement in EUR with the given allowance by
// training year.
func deAgreement(start, end, partTime string, tariff bool, allowance ...string) apprenticeship.Agreement {
	a := apprenticeship.Agreement{
		ID: "de-test", Kind: apprenticeship.Dual, Currency: "EUR",
		Start: apprenticeship.MustParseDate(start), End: apprenticeship.MustParseDate(end),
		PartTime: decimal.RequireFromString(partTime), Tariff: tariff,
	}
	for _, x := range allowance {
		a.Allowance = append(a.Allowance, decimal.RequireFromString(x))
	}
	return a
}

// deTariff returns a collective agreement paying rates (by training year)
// from 2019-01-01 on; the rates are illustrative.
func deTariff(t testing.TB, rates ...string) apprenticeship.TariffOption {
	t.Helper()
	v := make([]decimal.Decimal, len(rates))
	for i, r := range rates {
		v[i] = decimal.RequireFromString(r)
	}
	s, err := apprenticeship.NewSeries("illustrative tariff", []apprenticeship.SeriesEntry[[]decimal.Decimal]{
		{From: apprenticeship.MustParseDate("2019-01-01"), Value: v, Citation: apprenticeship.Citation{Title: "illustrative"}},
	})
	require.NoError(t, err)
	o, err := apprenticeship.TariffRates(s)
	require.NoError(t, err)
	return o
}

// deCents is the rounding of a monthly allowance: to the cent, half up.
func deCents(t testing.TB) apprenticeship.Rounding {
	t.Helper()
	r, err := apprenticeship.NewRounding(decimal.New(1, -2), apprenticeship.HalfUp)
	require.NoError(t, err)
	return r
}

// deCheckBoth checks a under the rule built from the pack and under the one
// built from apprenticeship's hard-coded table, and fails unless they give
// the same shortfalls or the same kind of error. It returns the pack's
// shortfalls.
func deCheckBoth(t testing.TB, a apprenticeship.Agreement, tariff apprenticeship.TariffOption) ([]apprenticeship.Shortfall, error) {
	t.Helper()
	fromPack, err := packs.GermanMinimum(tariff)
	require.NoError(t, err)
	hard, err := apprenticeship.GermanMinimum(apprenticeship.GermanMinimumTable(), tariff)
	require.NoError(t, err)
	got, gerr := apprenticeship.CheckAllowance(a, deCents(t), fromPack, a.End)
	want, werr := apprenticeship.CheckAllowance(a, deCents(t), hard, a.End)
	if werr != nil || gerr != nil {
		require.Error(t, werr, "only the pack's rule failed: %v", gerr)
		require.Error(t, gerr, "only the hard-coded rule failed: %v", werr)
		require.Equal(t, errors.Is(werr, apprenticeship.ErrNotCovered), errors.Is(gerr, apprenticeship.ErrNotCovered))
		var wf, gf *apprenticeship.FieldError
		require.True(t, errors.As(werr, &wf))
		require.True(t, errors.As(gerr, &gf))
		require.Equal(t, wf.Field, gf.Field)
		require.Equal(t, wf.Value, gf.Value)
		return nil, gerr
	}
	require.Len(t, got, len(want))
	for i := range want {
		w, g := want[i], got[i]
		require.Equal(t, w.Month, g.Month)
		require.Equal(t, w.Period, g.Period)
		require.True(t, w.Amount.Equal(g.Amount), "%s amount", w.Month)
		require.True(t, w.MinimumExact.Equal(g.MinimumExact), "%s exact minimum: %s, %s", w.Month, w.MinimumExact, g.MinimumExact)
		require.True(t, w.Minimum.Equal(g.Minimum), "%s minimum: %s, %s", w.Month, w.Minimum, g.Minimum)
		require.True(t, w.Difference.Equal(g.Difference), "%s difference", w.Month)
		require.Len(t, g.Basis, len(w.Basis))
		for j := range w.Basis {
			wb, gb := w.Basis[j], g.Basis[j]
			require.Equal(t, wb.Period, gb.Period)
			require.Equal(t, wb.Year, gb.Year)
			require.Equal(t, wb.Kind, gb.Kind)
			require.True(t, wb.Monthly.Equal(gb.Monthly), "%s basis %d monthly: %s, %s", w.Month, j, wb.Monthly, gb.Monthly)
			require.Equal(t, wb.Thirtieths, gb.Thirtieths)
			require.Equal(t, wb.Effective, gb.Effective)
			require.Equal(t, wb.Rule, gb.Rule)
			if gb.Kind == apprenticeship.StatutoryMinimum {
				require.Contains(t, gb.Series, dePackName, "the statutory amount must come from the pack")
			}
		}
	}
	return got, nil
}

// TestGermanMinimumGivesTheSameShortfalls runs apprenticeship.CheckAllowance
// on agreements across the cohorts with the pack's rule and with the
// hard-coded one. Each case also states what the shortfalls must be, from
// the table in DOMAIN.md, so that two equally wrong rules would not pass.
func TestGermanMinimumGivesTheSameShortfalls(t *testing.T) {
	none := apprenticeship.TariffOption{}
	tests := []struct {
		name   string
		a      apprenticeship.Agreement
		tariff apprenticeship.TariffOption
		// months short, and the difference in each (all the same here)
		short     int
		diff      string
		uncovered bool
	}{
		{"2020 cohort paying the minimum", deAgreement("2020-08-01", "2023-07-31", "1", false, "515", "607.70", "695.25"), none, 0, "", false},
		{"2020 cohort a cent short in year 3", deAgreement("2020-08-01", "2023-07-31", "1", false, "515", "607.70", "695.24"), none, 12, "0.01", false},
		// 2021: 550, 649; paying 640 in year 2 is 9 short for its 12 months.
		{"2021 cohort short in year 2", deAgreement("2021-09-01", "2023-08-31", "1", false, "550", "640"), none, 12, "9", false},
		// Begun 2023-12-31: the 2023 cohort (year 1 620); 2024's 649 would make it short.
		{"begun on the last day of 2023", deAgreement("2023-12-31", "2026-12-30", "1", false, "620", "731.60", "837"), none, 0, "", false},
		// Begun 2024-01-01: year 2 is 766 (649 × 1.18 = 765.82, whole euros), so 765.82 is 0.18 short.
		{"begun on the first day of 2024", deAgreement("2024-01-01", "2026-12-31", "1", false, "649", "765.82", "876"), none, 12, "0.18", false},
		// 2025 cohort, year 3 is 921 (DOMAIN.md worked example): 920 is 1 short.
		{"2025 cohort, year 3", deAgreement("2025-08-01", "2028-07-31", "1", false, "682", "805", "920"), none, 12, "1", false},
		// 2026 cohort, year 4 is 1014: paying 1000 in a 3.5-year training
		// leaves the six months of year 4 (2029-08 to 2030-01) 14 short.
		{"2026 cohort, year 4", deAgreement("2026-08-01", "2030-01-31", "1", false, "724", "854", "977", "1000"), none, 6, "14", false},
		// Part time at 0.5 from 2025-09-01: minimum 682 × 0.5 = 341 against 680 × 0.5 = 340.
		{"2025 cohort part time", deAgreement("2025-09-01", "2027-08-31", "0.5", false, "680", "805"), none, 12, "1", false},
		// Not bound, tariff 1000: floor 80% = 800 above 682; paying 790 is 10 short.
		{"not bound, 80% of the tariff", deAgreement("2025-09-01", "2026-08-31", "1", false, "790"), deTariff(t, "1000"), 12, "10", false},
		// Bound: the tariff binds even below the statutory minimum; 600 meets a tariff of 600.
		{"bound by a tariff below the minimum", deAgreement("2025-09-01", "2026-08-31", "1", true, "600"), deTariff(t, "600"), 0, "", false},
		{"begun 2019: not covered", deAgreement("2019-12-31", "2022-12-30", "1", false, "600", "700", "800"), none, 0, "", true},
		{"begun 2027: not covered", deAgreement("2027-01-01", "2029-12-31", "1", false, "800", "900", "1000"), none, 0, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := deCheckBoth(t, tc.a, tc.tariff)
			if tc.uncovered {
				require.ErrorIs(t, err, apprenticeship.ErrNotCovered)
				return
			}
			require.NoError(t, err)
			require.Len(t, got, tc.short)
			for _, s := range got {
				require.True(t, s.Difference.Equal(decimal.RequireFromString(tc.diff)), "%s: %s", s.Month, s.Difference)
			}
		})
	}
}

// TestGermanMinimumRandomAgreements compares the two rules on random
// agreements: start days from 2019 to 2027 (so some fall outside the
// table), two to four years, full or part time, with or without a tariff,
// paying around the minimum.
func TestGermanMinimumRandomAgreements(t *testing.T) {
	rng := rand.New(rand.NewPCG(20200101, 17))
	first := apprenticeship.MustParseDate("2019-10-01")
	shares := []string{"1", "0.5", "0.75", "0.8"}
	table := apprenticeship.GermanMinimumTable()
	var checked, short int
	for i := range 400 {
		start, err := first.AddDays(rng.IntN(8 * 365))
		require.NoError(t, err)
		months := 24 + rng.IntN(19) // 24 to 42
		end, err := start.AddMonths(months, subsidy.Clamp)
		require.NoError(t, err)
		end = end.Prev()
		a := apprenticeship.Agreement{ID: "r" + strconv.Itoa(i), Kind: apprenticeship.Dual, Currency: "EUR",
			Start: start, End: end, PartTime: decimal.RequireFromString(shares[rng.IntN(len(shares))]), Tariff: rng.IntN(4) == 0}
		base := decimal.New(800, 0)
		if e, err := table.At(start); err == nil {
			base = e.Value[0]
		}
		for range 4 {
			// base ± 30 EUR in cents; later years a little more.
			cents := base.Shift(2).IntPart() + int64(rng.IntN(6001)) - 3000
			a.Allowance = append(a.Allowance, decimal.New(cents, -2))
			base = base.Add(decimal.New(100, 0))
		}
		var tariff apprenticeship.TariffOption
		if a.Tariff || rng.IntN(2) == 0 {
			tariff = deTariff(t, "700", "820", "940", "980")
		}
		got, err := deCheckBoth(t, a, tariff)
		if err == nil {
			checked++
			if len(got) > 0 {
				short++
			}
		}
	}
	// Both kinds of outcome must have occurred, or the comparison says little.
	require.Greater(t, checked, 200)
	require.Greater(t, short, 20)
	require.Less(t, short, checked)
}

// TestGermanPackNumbersAgreeWithApprenticeship checks that the numbers the
// pack records for the allowance checks are the ones package apprenticeship
// applies: each expected minimum is computed from the pack's parameter and
// compared with what CheckAllowance finds.
func TestGermanPackNumbersAgreeWithApprenticeship(t *testing.T) {
	hundred := decimal.New(100, 0)
	undercut := deNumber(t, "tariff-undercut")
	days := deNumber(t, "days-per-month")
	reduction := deNumber(t, "part-time-reduction")
	require.True(t, undercut.Equal(decimal.New(20, 0)), "BBiG § 17(4): 20%%, got %s", undercut)
	require.True(t, days.Equal(decimal.New(30, 0)), "BBiG § 18(1): 30 days, got %s", days)
	require.True(t, reduction.Equal(hundred), "BBiG § 17(5): pro rata, got %s", reduction)

	tests := []struct {
		name    string
		a       apprenticeship.Agreement
		tariff  apprenticeship.TariffOption
		minimum decimal.Decimal // of the first month, from the pack's numbers
	}{
		{
			// Not bound, tariff 1000 in year 1: the floor is 1000 × (100 − 20)/100 = 800.
			name:    "tariff undercut",
			a:       deAgreement("2025-09-01", "2027-08-31", "1", false, "750", "900"),
			tariff:  deTariff(t, "1000", "1100"),
			minimum: decimal.New(1000, 0).Mul(hundred.Sub(undercut)).DivRound(hundred, 2),
		},
		{
			// Begun 2025-08-18: August counts 14 days (18 to 31), 682 × 14/30
			// = 318.2666… → 318.27.
			name:    "1/30 day rule",
			a:       deAgreement("2025-08-18", "2027-08-17", "1", false, "600", "805"),
			minimum: decimal.New(682*14, 0).DivRound(days, 2),
		},
		{
			// Part time 0.75: the minimum may be cut by at most 100% of the
			// 25% cut in hours: 682 × (1 − 1.00 × 0.25) = 511.50.
			name:    "part-time proration",
			a:       deAgreement("2025-09-01", "2027-08-31", "0.75", false, "500", "805"),
			minimum: decimal.New(682, 0).Mul(hundred.Sub(reduction.Mul(decimal.RequireFromString("0.25")))).DivRound(hundred, 2),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := deCheckBoth(t, tc.a, tc.tariff)
			require.NoError(t, err)
			require.NotEmpty(t, got)
			require.Equal(t, tc.a.Start.Year()*100+int(tc.a.Start.Month()), got[0].Period.Start().Year()*100+int(got[0].Period.Start().Month()))
			require.True(t, got[0].Minimum.Equal(tc.minimum), "minimum %s, from the pack's numbers %s", got[0].Minimum, tc.minimum)
		})
	}
}

// TestGermanPartTime compares the rule built from the pack with the one
// package apprenticeship writes into GermanRules.
func TestGermanPartTime(t *testing.T) {
	got, err := packs.GermanPartTime()
	require.NoError(t, err)
	want := apprenticeship.GermanRules().PartTime
	require.Equal(t, want.From, got.From)
	require.True(t, want.MinShare.Equal(got.MinShare), "min share %s, %s", want.MinShare, got.MinShare)
	require.True(t, want.CapFactor.Equal(got.CapFactor), "cap factor %s, %s", want.CapFactor, got.CapFactor)
	require.Contains(t, got.Rule, "§ 7a")

	// The rule works in a RuleSet: 36 months full time at 0.75 run
	// floor(36 / 0.75) = 48 months, within 1.5 × 36 = 54.
	rs := apprenticeship.GermanRules()
	rs.PartTime = got
	a := deAgreement("2025-09-01", "2029-08-31", "0.75", false, "682", "805", "921", "955")
	a.Signed = apprenticeship.MustParseDate("2025-06-01")
	a.ProbationMonths = 3
	a.WeeklyHours = decimal.New(40, 0)
	a.FullTimeMonths = 36
	a.Apprentice = apprenticeship.Person{ID: "p1", Name: "A", Born: apprenticeship.MustParseDate("2007-05-01")}
	a.Enterprise = apprenticeship.Organisation{ID: "e1", Name: "E"}
	a.Occupation = certificate.Occupation{Code: "DE-IM", Name: "Industriemechaniker/in"}
	require.NoError(t, rs.Check(a))
	a.End = apprenticeship.MustParseDate("2029-09-30") // 49 months: not the 48 § 7a gives
	require.Error(t, rs.Check(a))
}

// TestGermanPackYearOfStart checks, through the policy itself, the rule
// the table is keyed by: the year training begins, read on the first day of
// training, for each start year and training year.
func TestGermanPackYearOfStart(t *testing.T) {
	p, err := packs.Load(dePackName)
	require.NoError(t, err)
	table := apprenticeship.GermanMinimumTable()
	for year := 2020; year <= 2026; year++ {
		for k := range 4 {
			// A start in a different month and day for each training year.
			s, err := subsidy.NewDate(year, time.Month(1+(k*5)%12), 1+(k*9)%28)
			require.NoError(t, err)
			end, err := s.AddYears(4, subsidy.Clamp)
			require.NoError(t, err)
			tp, err := subsidy.NewPeriod(s, end.Prev())
			require.NoError(t, err)
			c := subsidy.Claim{ID: "c", Date: end, Category: "year-" + strconv.Itoa(k+1), Training: tp}
			res, err := p.Evaluate(c, subsidy.Options{AsOf: end})
			require.NoError(t, err)
			e, err := table.At(s)
			require.NoError(t, err)
			require.True(t, res.Granted)
			require.True(t, res.Amount.Equal(e.Value[k]), "begun %s, year %d: %s, want %s", s, k+1, res.Amount, e.Value[k])
		}
	}
}

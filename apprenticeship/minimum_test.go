package apprenticeship

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/civil"
	"github.com/dualtrack/dualtrack/internal/dated"
	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// domainMinimum is the table of DOMAIN.md, "Germany: the dual system",
// Mindestausbildungsvergütung (§ 17(2)), by start year.
var domainMinimum = []struct {
	year  int
	years [4]string
}{
	{2020, [4]string{"515", "607.70", "695.25", "721"}},
	{2021, [4]string{"550", "649", "742.50", "770"}},
	{2022, [4]string{"585", "690.30", "789.75", "819"}},
	{2023, [4]string{"620", "731.60", "837", "868"}},
	{2024, [4]string{"649", "766", "876", "909"}},
	{2025, [4]string{"682", "805", "921", "955"}},
	{2026, [4]string{"724", "854", "977", "1014"}},
}

func TestGermanMinimumTable(t *testing.T) {
	table := GermanMinimumTable()
	require.False(t, table.IsZero(), "the hard-coded table must pass dated.New")
	require.True(t, table.IsContinuous())
	require.Equal(t, len(domainMinimum), table.Len())
	for _, row := range domainMinimum {
		for _, day := range []Date{civil.MustNew(row.year, time.January, 1), civil.MustNew(row.year, time.December, 31)} {
			t.Run(day.String(), func(t *testing.T) {
				e, err := table.At(day)
				require.NoError(t, err)
				assert.Equal(t, civil.MustNew(row.year, time.January, 1), e.From)
				assert.Contains(t, e.Citation.Title, "17 Abs. 2")
				assert.NotEmpty(t, e.Citation.URL)
				for k, want := range row.years {
					assert.True(t, e.Value[k].Equal(allowDec(want)), "year %d: %s, DOMAIN.md %s", k+1, e.Value[k], want)
				}
			})
		}
	}
	// Training that starts before 2020 or after the last published cohort is
	// not covered: an error naming the series and the day.
	for _, day := range []string{"2019-12-31", "2027-01-01"} {
		_, err := table.At(MustParseDate(day))
		require.ErrorIs(t, err, ErrNotCovered)
		assert.Contains(t, err.Error(), day)
		assert.Contains(t, err.Error(), table.Name())
	}
	// DOMAIN.md worked example: training started in 2025, third training
	// year → minimum 921 EUR a month.
	e, err := table.At(MustParseDate("2025-09-01"))
	require.NoError(t, err)
	assert.True(t, e.Value[2].Equal(allowDec("921")))
}

// TestGermanMinimumUplifts checks the stored table against the statute:
// years 2–4 are the year-1 amount plus 18%, 35% and 40% (§ 17(2), DOMAIN.md),
// exact in cents up to the 2023 cohort and in whole euros from 2024.
func TestGermanMinimumUplifts(t *testing.T) {
	uplift := [3]decimal.Decimal{allowDec("1.18"), allowDec("1.35"), allowDec("1.40")}
	cents := money.MustNewRounding(allowDec("0.01"), HalfUp)
	table := GermanMinimumTable()
	for _, e := range table.Entries() {
		for k, u := range uplift {
			product := e.Value[0].Mul(u)
			stored := e.Value[k+1]
			if e.From.Year() <= 2023 {
				// Exact cents: 515 × 1.18 = 607.70, 515 × 1.35 = 695.25,
				// 550 × 1.35 = 742.50 — the product needs no rounding.
				step := cents.Apply(product)
				assert.False(t, step.Changed(), "%d year %d: %s", e.From.Year(), k+2, step)
				assert.True(t, product.Equal(stored), "%d year %d: %s × %s = %s, stored %s", e.From.Year(), k+2, e.Value[0], u, product, stored)
			}
		}
	}
	// From 2024 the amounts are whole euros. Find the modes that reproduce
	// every published value:
	//   649 × 1.18 = 765.82 → 766  (rules out Down and Floor: 765)
	//   649 × 1.35 = 876.15 → 876  (rules out Up and Ceiling: 877)
	//   649 × 1.40 = 908.60 → 909,  682 × 1.18 = 804.76 → 805,
	//   682 × 1.35 = 920.70 → 921,  682 × 1.40 = 954.80 → 955,
	//   724 × 1.18 = 854.32 → 854,  724 × 1.35 = 977.40 → 977,
	//   724 × 1.40 = 1013.60 → 1014.
	// No product is an exact half, so HalfUp and HalfEven both fit; the
	// package documents HalfUp (commercial rounding).
	var fits []RoundingMode
	for _, mode := range []RoundingMode{HalfUp, HalfEven, Down, Up, Floor, Ceiling} {
		euros := money.MustNewRounding(allowDec("1"), mode)
		ok := true
		for _, e := range table.Entries() {
			if e.From.Year() < 2024 {
				continue
			}
			for k, u := range uplift {
				if !euros.Round(e.Value[0].Mul(u)).Equal(e.Value[k+1]) {
					ok = false
				}
			}
		}
		if ok {
			fits = append(fits, mode)
		}
	}
	assert.Equal(t, []RoundingMode{HalfUp, HalfEven}, fits)
}

func allowGermanRule(t *testing.T, tariff TariffOption) MinimumRule {
	t.Helper()
	r, err := GermanMinimum(GermanMinimumTable(), tariff)
	require.NoError(t, err)
	return r
}

// allowSeries builds a series of illustrative values from "date=value" pairs.
func allowSeries[V any](t *testing.T, name string, from []string, values []V) dated.Series[V] {
	t.Helper()
	var entries []dated.Entry[V]
	for i, f := range from {
		entries = append(entries, dated.Entry[V]{From: MustParseDate(f), Value: values[i],
			Citation: dated.Citation{Title: name + " (illustrative, not in DOMAIN.md)"}})
	}
	s, err := dated.New(name, entries)
	require.NoError(t, err)
	return s
}

func allowRates(rates ...string) []decimal.Decimal {
	out := make([]decimal.Decimal, len(rates))
	for i, r := range rates {
		out[i] = allowDec(r)
	}
	return out
}

type allowWant struct {
	month      string
	minimum    string
	difference string
}

func allowCheckShortfalls(t *testing.T, got []Shortfall, want []allowWant) {
	t.Helper()
	require.Len(t, got, len(want))
	for i, w := range want {
		g := got[i]
		assert.Equal(t, w.month, g.Month, "shortfall %d", i)
		assert.True(t, g.Minimum.Equal(allowDec(w.minimum)), "%s: minimum %s, want %s", g.Month, g.Minimum, w.minimum)
		assert.True(t, g.Difference.Equal(allowDec(w.difference)), "%s: difference %s, want %s", g.Month, g.Difference, w.difference)
		assert.True(t, g.Difference.Equal(g.Minimum.Sub(g.Amount)))
		m, err := g.MinimumExact.Round(allowCents(HalfUp))
		require.NoError(t, err)
		assert.True(t, m.Equal(g.Minimum))
	}
}

// allowMonths lists n months from "YYYY-MM" with the same minimum and
// difference.
func allowMonths(from string, n int, minimum, difference string) []allowWant {
	d := MustParseDate(from + "-01")
	var out []allowWant
	for range n {
		out = append(out, allowWant{d.String()[:7], minimum, difference})
		d, _ = d.AddMonths(1, civil.Clamp)
	}
	return out
}

func TestCheckAllowanceGerman(t *testing.T) {
	rule := allowGermanRule(t, TariffOption{})
	cents := allowCents(HalfUp)

	t.Run("DOMAIN worked example: 2025 cohort, year 3 → 921", func(t *testing.T) {
		// Years 1 and 2 pay exactly the minimum (682, 805: DOMAIN.md), year
		// 3 pays 900, 21 below 921. Year 3 runs 2027-08-01 to 2028-07-31:
		// 12 whole months.
		a := allowAgreement("2025-08-01", "2028-07-31", "1", "682", "805", "900")
		got, err := CheckAllowance(a, cents, rule, a.End)
		require.NoError(t, err)
		allowCheckShortfalls(t, got, allowMonths("2027-08", 12, "921", "21"))
		b := got[0].Basis
		require.Len(t, b, 1)
		assert.Equal(t, StatutoryMinimum, b[0].Kind)
		assert.Equal(t, 3, b[0].Year)
		assert.Equal(t, 30, b[0].Thirtieths)
		assert.True(t, b[0].Monthly.Equal(allowDec("921")))
		assert.Equal(t, MustParseDate("2025-01-01"), b[0].Effective)
		assert.Contains(t, b[0].Citation.Title, "2025")
		assert.Equal(t, GermanMinimumTable().Name(), b[0].Series)
		assert.Contains(t, b[0].Rule, "§ 17(2)")

		// Checked as of 2027-12-31: August to December 2027, 5 months.
		got, err = CheckAllowance(a, cents, rule, MustParseDate("2027-12-31"))
		require.NoError(t, err)
		assert.Len(t, got, 5)
		// Before year 3: nothing short.
		got, err = CheckAllowance(a, cents, rule, MustParseDate("2027-07-31"))
		require.NoError(t, err)
		assert.Empty(t, got)
	})

	t.Run("partial and cut months", func(t *testing.T) {
		a := allowAgreement("2025-08-16", "2027-08-15", "1", "682", "800")
		got, err := CheckAllowance(a, cents, rule, a.End)
		require.NoError(t, err)
		// August 2025, 16–31: 682 × 16/30 paid and due: not short.
		// August 2026 is cut on the 16th: 16–31 (16 days) count 16/30 at
		// year 2, 1–15 get 14/30 at year 1.
		//   paid 682 × 14/30 + 800 × 16/30 = (9548 + 12800)/30 = 744.933… → 744.93
		//   due  682 × 14/30 + 805 × 16/30 = (9548 + 12880)/30 = 747.60
		//   short 2.67
		// September 2026 to July 2027: 805 − 800 = 5 in each of 11 months.
		// August 2027, 1–15: 805 × 15/30 = 402.50 due, 800 × 15/30 = 400
		// paid, short 2.50.
		want := []allowWant{{"2026-08", "747.60", "2.67"}}
		want = append(want, allowMonths("2026-09", 11, "805", "5")...)
		want = append(want, allowWant{"2027-08", "402.50", "2.50"})
		allowCheckShortfalls(t, got, want)
		cut := got[0]
		assert.True(t, cut.Amount.Equal(allowDec("744.93")))
		assert.Equal(t, "747.6", cut.MinimumExact.String()) // 22428.00/30 = 747.60: 2+2+4+2+8 = 18, a multiple of 3; no trailing zeros
		require.Len(t, cut.Basis, 2)
		assert.Equal(t, []int{1, 2}, []int{cut.Basis[0].Year, cut.Basis[1].Year})
		assert.Equal(t, []int{14, 16}, []int{cut.Basis[0].Thirtieths, cut.Basis[1].Thirtieths})
		assert.True(t, cut.Basis[1].Monthly.Equal(allowDec("805")))
	})

	t.Run("part time reduces the minimum pro rata", func(t *testing.T) {
		// Half time: 682 × 0.5 = 341 and 805 × 0.5 = 402.50 (BBiG § 7a).
		a := allowAgreement("2025-08-01", "2027-07-31", "0.5", "682", "805")
		got, err := CheckAllowance(a, cents, rule, a.End)
		require.NoError(t, err)
		assert.Empty(t, got)
		a.Allowance[1] = allowDec("804.98") // × 0.5 = 402.49, a cent short
		got, err = CheckAllowance(a, cents, rule, a.End)
		require.NoError(t, err)
		allowCheckShortfalls(t, got, allowMonths("2026-08", 12, "402.50", "0.01"))
	})
}

func TestCheckAllowanceTariff(t *testing.T) {
	cents := allowCents(HalfUp)
	// An illustrative tariff (not in DOMAIN.md): 1000/1100/1200 from
	// 2025-01-01, 1050/1150/1250 from 2026-03-15.
	rates := allowSeries(t, "Tarif Metall Nord (illustrative)", []string{"2025-01-01", "2026-03-15"},
		[][]decimal.Decimal{allowRates("1000", "1100", "1200"), allowRates("1050", "1150", "1250")})
	tariff, err := TariffRates(rates)
	require.NoError(t, err)
	rule := allowGermanRule(t, tariff)

	t.Run("firm not bound: 80% of the tariff above the minimum", func(t *testing.T) {
		a := allowAgreement("2025-08-01", "2027-07-31", "1", "800", "920")
		got, err := CheckAllowance(a, cents, rule, a.End)
		require.NoError(t, err)
		// Year 1 floor: max(682, 0.8 × 1000 = 800) = 800 to 2026-03-14,
		// then max(682, 0.8 × 1050 = 840) = 840. March 2026 is cut on the
		// 15th: 15–31 (17 days) 17/30 at 840, 1–14 the other 13/30 at 800:
		// (800 × 13 + 840 × 17)/30 = (10400 + 14280)/30 = 822.666… → 822.67,
		// 22.67 above the 800 paid. April to July 2026: 40 short each.
		// Year 2: max(805, 0.8 × 1150 = 920) = 920, paid: not short.
		want := []allowWant{{"2026-03", "822.67", "22.67"}}
		want = append(want, allowMonths("2026-04", 4, "840", "40")...)
		allowCheckShortfalls(t, got, want)
		b := got[0].Basis
		require.Len(t, b, 2)
		assert.Equal(t, TariffUndercut, b[0].Kind)
		assert.Equal(t, MustParseDate("2025-01-01"), b[0].Effective)
		assert.True(t, b[0].Monthly.Equal(allowDec("800")))
		assert.Equal(t, MustParseDate("2026-03-15"), b[1].Effective)
		assert.True(t, b[1].Monthly.Equal(allowDec("840")))
		assert.Equal(t, []int{13, 17}, []int{b[0].Thirtieths, b[1].Thirtieths})
		assert.Contains(t, b[0].Rule, "80%")
		assert.Contains(t, b[0].Rule, "§ 17(4)")
	})

	t.Run("firm bound: the tariff itself", func(t *testing.T) {
		a := allowAgreement("2025-08-01", "2027-07-31", "1", "1000", "1100")
		a.Tariff = true
		got, err := CheckAllowance(a, cents, rule, a.End)
		require.NoError(t, err)
		// March 2026: (1000 × 13 + 1050 × 17)/30 = (13000 + 17850)/30 =
		// 1028.333… → 1028.33, 28.33 short; April–July 2026: 1050 − 1000 =
		// 50; year 2: 1150 − 1100 = 50 in 12 months.
		want := []allowWant{{"2026-03", "1028.33", "28.33"}}
		want = append(want, allowMonths("2026-04", 4, "1050", "50")...)
		want = append(want, allowMonths("2026-08", 12, "1150", "50")...)
		allowCheckShortfalls(t, got, want)
		assert.Equal(t, TariffMinimum, got[0].Basis[0].Kind)
		assert.Equal(t, rates.Name(), got[0].Basis[0].Series)
	})

	low := allowSeries(t, "low tariff (illustrative)", []string{"2025-01-01"}, [][]decimal.Decimal{allowRates("600", "700")})
	lowTariff, err := TariffRates(low)
	require.NoError(t, err)
	lowRule := allowGermanRule(t, lowTariff)

	t.Run("firm bound by a tariff below the minimum (§ 17(3))", func(t *testing.T) {
		a := allowAgreement("2025-08-01", "2027-07-31", "1", "600", "700")
		a.Tariff = true
		got, err := CheckAllowance(a, cents, lowRule, a.End)
		require.NoError(t, err)
		assert.Empty(t, got)
	})

	t.Run("firm not bound, tariff below the minimum", func(t *testing.T) {
		a := allowAgreement("2025-08-01", "2027-07-31", "1", "600", "700")
		got, err := CheckAllowance(a, cents, lowRule, a.End)
		require.NoError(t, err)
		// max(682, 0.8 × 600 = 480) = 682: 82 short; max(805, 560) = 805:
		// 105 short.
		want := append(allowMonths("2025-08", 12, "682", "82"), allowMonths("2026-08", 12, "805", "105")...)
		allowCheckShortfalls(t, got, want)
		assert.Equal(t, StatutoryMinimum, got[0].Basis[0].Kind)
	})
}

func TestCheckAllowanceChina(t *testing.T) {
	cents := allowCents(HalfUp)
	newType := func(rates ...string) Agreement {
		a := allowAgreement("2024-09-01", "2026-08-31", "1", rates...)
		a.Kind, a.Currency = NewType, "CNY"
		return a
	}
	t.Run("wage rises above year 1", func(t *testing.T) {
		// Illustrative monthly minimum wage (not in DOMAIN.md): 2000 from
		// 2024-01-01, 2200 from 2025-07-01.
		wage := allowSeries(t, "Qingdao monthly minimum wage (illustrative)", []string{"2024-01-01", "2025-07-01"},
			allowRates("2000", "2200"))
		rule, err := LocalMinimumWage(wage)
		require.NoError(t, err)
		got, err := CheckAllowance(newType("2100", "2300"), cents, rule, MustParseDate("2026-08-31"))
		require.NoError(t, err)
		// July and August 2025 are still training year 1 (to 2025-08-31):
		// 2200 − 2100 = 100 short each.
		allowCheckShortfalls(t, got, allowMonths("2025-07", 2, "2200", "100"))
		b := got[0].Basis[0]
		assert.Equal(t, LocalMinimumWageKind, b.Kind)
		assert.Equal(t, MustParseDate("2025-07-01"), b.Effective)
		assert.Equal(t, wage.Name(), b.Series)
	})
	t.Run("wage changes mid-month", func(t *testing.T) {
		wage := allowSeries(t, "wage (illustrative)", []string{"2024-01-01", "2025-07-16"}, allowRates("2000", "2200"))
		rule, err := LocalMinimumWage(wage)
		require.NoError(t, err)
		got, err := CheckAllowance(newType("2100", "2300"), cents, rule, MustParseDate("2026-08-31"))
		require.NoError(t, err)
		// July 2025 cut on the 16th: 16–31 (16 days) 16/30 at 2200, 1–15
		// 14/30 at 2000: (28000 + 35200)/30 = 2106.666… → 2106.67.
		allowCheckShortfalls(t, got, []allowWant{{"2025-07", "2106.67", "6.67"}, {"2025-08", "2200", "100"}})
	})
	t.Run("wage not known", func(t *testing.T) {
		wage := allowSeries(t, "wage from 2025 (illustrative)", []string{"2025-01-01"}, allowRates("2000"))
		rule, err := LocalMinimumWage(wage)
		require.NoError(t, err)
		_, err = CheckAllowance(newType("2100", "2300"), cents, rule, MustParseDate("2026-08-31"))
		require.ErrorIs(t, err, ErrNotCovered)
		var fe *FieldError
		require.ErrorAs(t, err, &fe)
		assert.Equal(t, "minimumWage", fe.Field)
		assert.Equal(t, "2024-09-01", fe.Value)
		assert.Contains(t, err.Error(), "wage from 2025 (illustrative)")
	})
	t.Run("wage known up to the day of the check", func(t *testing.T) {
		wage, err := dated.New("wage to 2025 (illustrative)", []dated.Entry[decimal.Decimal]{
			{From: MustParseDate("2024-01-01"), Until: MustParseDate("2025-12-31"), Value: allowDec("2000")}})
		require.NoError(t, err)
		rule, err := LocalMinimumWage(wage)
		require.NoError(t, err)
		got, err := CheckAllowance(newType("2100", "2300"), cents, rule, MustParseDate("2025-12-31"))
		require.NoError(t, err)
		assert.Empty(t, got)
		_, err = CheckAllowance(newType("2100", "2300"), cents, rule, MustParseDate("2026-01-01"))
		require.ErrorIs(t, err, ErrNotCovered)
		assert.Contains(t, err.Error(), "2026-01-01")
	})
	t.Run("wage known up to a day within the month of the check", func(t *testing.T) {
		// The month of the check is checked whole, so its minimum must be
		// known to its end: known to 2025-03-10, checked on 2025-03-10.
		wage, err := dated.New("wage to 10 March (illustrative)", []dated.Entry[decimal.Decimal]{
			{From: MustParseDate("2024-01-01"), Until: MustParseDate("2025-03-10"), Value: allowDec("2000")}})
		require.NoError(t, err)
		rule, err := LocalMinimumWage(wage)
		require.NoError(t, err)
		_, err = CheckAllowance(newType("2100", "2300"), cents, rule, MustParseDate("2025-03-10"))
		require.ErrorIs(t, err, ErrNotCovered)
		assert.Contains(t, err.Error(), "2025-03-11")
		got, err := CheckAllowance(newType("2100", "2300"), cents, rule, MustParseDate("2025-02-28"))
		require.NoError(t, err, "February is known whole")
		assert.Empty(t, got)
	})
}

func TestCheckAllowanceErrors(t *testing.T) {
	cents := allowCents(HalfUp)
	german := allowGermanRule(t, TariffOption{})
	short, err := TariffRates(allowSeries(t, "one-year tariff (illustrative)", []string{"2025-01-01"}, [][]decimal.Decimal{allowRates("900")}))
	require.NoError(t, err)
	withShort := allowGermanRule(t, short)
	good := allowAgreement("2025-08-01", "2027-07-31", "1", "700", "900")
	tests := []struct {
		name    string
		edit    func(a *Agreement)
		rule    MinimumRule
		asOf    string
		field   string
		covered bool // false: the error matches ErrNotCovered
	}{
		{"zero rule", func(a *Agreement) {}, MinimumRule{}, "2027-07-31", "rule", true},
		{"zero asOf", func(a *Agreement) {}, german, "", "asOf", true},
		{"bad agreement", func(a *Agreement) { a.PartTime = decimal.Decimal{} }, german, "2027-07-31", "partTime", true},
		{"German rule in CNY", func(a *Agreement) { a.Currency = "CNY" }, german, "2027-07-31", "currency", true},
		{"bound firm without tariff", func(a *Agreement) { a.Tariff = true }, german, "2027-07-31", "tariff", true},
		{"start before 2020", func(a *Agreement) {
			a.Start, a.End = MustParseDate("2019-08-01"), MustParseDate("2021-07-31")
		}, german, "2021-07-31", "start", false},
		{"start after the table", func(a *Agreement) {
			a.Start, a.End = MustParseDate("2027-08-01"), MustParseDate("2029-07-31")
		}, german, "2029-07-31", "start", false},
		{"training year 5", func(a *Agreement) {
			a.Start, a.End = MustParseDate("2025-01-01"), MustParseDate("2029-06-30")
			a.Allowance = allowRates("700", "900", "1000", "1000", "1000")
		}, german, "2029-06-30", "end", true},
		{"tariff without year 2", func(a *Agreement) {}, withShort, "2027-07-31", "tariff", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := good
			a.Allowance = allowRates("700", "900")
			tt.edit(&a)
			var asOf Date
			if tt.asOf != "" {
				asOf = MustParseDate(tt.asOf)
			}
			_, err := CheckAllowance(a, cents, tt.rule, asOf)
			require.Error(t, err)
			var fe *FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			if tt.covered {
				assert.ErrorIs(t, err, ErrInvalid)
			} else {
				assert.ErrorIs(t, err, ErrNotCovered)
				assert.Contains(t, err.Error(), GermanMinimumTable().Name())
				assert.Contains(t, err.Error(), a.Start.String())
			}
		})
	}
	// Training year 5 is only an error once a checked month reaches it.
	a := good
	a.Start, a.End = MustParseDate("2025-01-01"), MustParseDate("2029-06-30")
	a.Allowance = allowRates("682", "805", "921", "955", "955")
	_, err = CheckAllowance(a, cents, german, MustParseDate("2028-12-31"))
	require.NoError(t, err)
}

func TestMinimumRuleConstructors(t *testing.T) {
	neg := dated.Entry[MinimumAmounts]{From: MustParseDate("2020-01-01"), Value: MinimumAmounts{allowDec("1"), allowDec("-1")}}
	negTable, err := dated.New("negative (illustrative)", []dated.Entry[MinimumAmounts]{neg})
	require.NoError(t, err)
	emptyRates := allowSeries(t, "empty (illustrative)", []string{"2025-01-01"}, [][]decimal.Decimal{nil})
	negRates := allowSeries(t, "negative rates (illustrative)", []string{"2025-01-01"}, [][]decimal.Decimal{allowRates("1", "-5")})
	hugeWage := allowSeries(t, "huge wage (illustrative)", []string{"2025-01-01"}, []decimal.Decimal{decimal.New(1, 40)})
	tests := []struct {
		name  string
		err   func() error
		field string
	}{
		{"zero table", func() error { _, err := GermanMinimum(dated.Series[MinimumAmounts]{}, TariffOption{}); return err }, "table"},
		{"negative table", func() error { _, err := GermanMinimum(negTable, TariffOption{}); return err }, "table.entries[0].value[1]"},
		{"zero tariff", func() error { _, err := TariffRates(dated.Series[[]decimal.Decimal]{}); return err }, "tariff"},
		{"empty rates", func() error { _, err := TariffRates(emptyRates); return err }, "tariff.entries[0].value"},
		{"negative rate", func() error { _, err := TariffRates(negRates); return err }, "tariff.entries[0].value[1]"},
		{"zero wage", func() error { _, err := LocalMinimumWage(dated.Series[decimal.Decimal]{}); return err }, "minimumWage"},
		{"huge wage", func() error { _, err := LocalMinimumWage(hugeWage); return err }, "minimumWage.entries[0].value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.err()
			require.ErrorIs(t, err, ErrInvalid)
			var fe *FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
		})
	}
	assert.True(t, MinimumRule{}.IsZero())
	assert.True(t, TariffOption{}.IsZero())
}

func TestShortfallJSON(t *testing.T) {
	rates := allowSeries(t, "tariff (illustrative)", []string{"2025-01-01", "2026-03-15"},
		[][]decimal.Decimal{allowRates("1000", "1100"), allowRates("1050", "1150")})
	tariff, err := TariffRates(rates)
	require.NoError(t, err)
	a := allowAgreement("2025-08-01", "2027-07-31", "1", "800", "900")
	got, err := CheckAllowance(a, allowCents(HalfUp), allowGermanRule(t, tariff), a.End)
	require.NoError(t, err)
	require.NotEmpty(t, got)
	b, err := json.Marshal(got)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"kind":"tariff-undercut"`)
	assert.Contains(t, string(b), `"effective":"2026-03-15"`)
	assert.Contains(t, string(b), `"month":"2026-03"`)
	var back []Shortfall
	require.NoError(t, json.Unmarshal(b, &back))
	require.Len(t, back, len(got))
	for i := range got {
		g, w := back[i], got[i]
		assert.Equal(t, w.Month, g.Month)
		assert.Equal(t, w.Period, g.Period)
		assert.True(t, w.Amount.Equal(g.Amount) && w.Minimum.Equal(g.Minimum) && w.Difference.Equal(g.Difference))
		assert.True(t, w.MinimumExact.Equal(g.MinimumExact))
		require.Len(t, g.Basis, len(w.Basis))
		for j := range w.Basis {
			wb, gb := w.Basis[j], g.Basis[j]
			assert.True(t, wb.Monthly.Equal(gb.Monthly))
			wb.Monthly, gb.Monthly = decimal.Decimal{}, decimal.Decimal{}
			assert.Equal(t, wb, gb)
		}
	}
	for _, k := range []MinimumKind{StatutoryMinimum, TariffMinimum, TariffUndercut, LocalMinimumWageKind} {
		text, err := k.MarshalText()
		require.NoError(t, err)
		var back MinimumKind
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, k, back)
		assert.Equal(t, string(text), k.String())
	}
	_, err = MinimumKind(0).MarshalText()
	require.ErrorIs(t, err, ErrInvalid)
}

// TestCheckAllowanceProperties: paying exactly the statutory minimum never
// falls short, under any rounding mode (rounding is monotone and the two are
// prorated alike); paying a cent less full time falls short by exactly a cent
// in every whole month.
func TestCheckAllowanceProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 2025))
	rule := allowGermanRule(t, TariffOption{})
	table := GermanMinimumTable()
	modes := []RoundingMode{HalfUp, HalfEven, Down, Up, Floor, Ceiling}
	for i := range 200 {
		start := civil.MustNew(2020+rng.IntN(7), time.Month(1+rng.IntN(12)), 1+rng.IntN(28))
		end, _ := start.AddDays(rng.IntN(4*365 - 1))
		pt := decimal.New(int64(50+rng.IntN(51)), -2) // 0.50 to 1.00
		e, err := table.At(start)
		require.NoError(t, err)
		years, _ := civil.TrainingYear(start, end)
		a := Agreement{ID: "P", Currency: "EUR", Start: start, End: end, PartTime: pt, Allowance: e.Value[:years]}
		r := allowCents(modes[i%len(modes)])
		got, err := CheckAllowance(a, r, rule, end)
		require.NoError(t, err)
		require.Empty(t, got, "paying the minimum: %+v", a)

		a.PartTime = allowOne()
		a.Allowance = nil
		for _, m := range e.Value[:years] {
			a.Allowance = append(a.Allowance, m.Sub(allowDec("0.01")))
		}
		got, err = CheckAllowance(a, r, rule, end)
		require.NoError(t, err)
		// A whole month in one training year needs no rounding (30/30 of a
		// rate in cents): it is short by exactly 0.01 in every mode. A whole
		// month cut by a new training year is short by exactly 0.01 before
		// rounding; rounding by a mode other than HalfEven keeps that cent
		// (x − q rounds to round(x) − q), while HalfEven may round
		// 463.495 and 463.505 both to 463.50.
		shortOf := map[string]Shortfall{}
		for _, s := range got {
			require.Positive(t, s.Difference.Sign())
			shortOf[s.Month] = s
		}
		whole, short := 0, 0
		for _, l := range allowMustSchedule(t, a, r).Lines {
			if !allowWhole(l.Period) || (len(l.Pieces) > 1 && r.Mode() == HalfEven) {
				continue
			}
			whole++
			if s, ok := shortOf[l.Month]; ok {
				require.True(t, s.Difference.Equal(allowDec("0.01")), "%s: %s", s.Month, s.Difference)
				short++
			}
		}
		require.Equal(t, whole, short, "every whole month is short: %v %s", a.Period(), r)
	}
}

func FuzzMinimumKindText(f *testing.F) {
	for _, s := range []string{"statutory", "tariff", "tariff-undercut", "local-minimum-wage", "", "Tariff", "tariff ", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var k MinimumKind
		err := k.UnmarshalText([]byte(s))
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Value != s {
				t.Fatalf("error for %q does not name it: %v", s, err)
			}
			return
		}
		if !k.IsValid() || k.String() != s {
			t.Fatalf("%q decoded to %v", s, k)
		}
		if strings.TrimSpace(s) != s {
			t.Fatalf("%q accepted with spaces", s)
		}
	})
}

func allowMustSchedule(t *testing.T, a Agreement, r Rounding) AllowanceSchedule {
	t.Helper()
	s, err := Schedule(a, r)
	require.NoError(t, err)
	return s
}

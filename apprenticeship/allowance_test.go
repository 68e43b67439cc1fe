package apprenticeship

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/civil"
	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The amounts in these tests are illustrative unless a comment cites
// DOMAIN.md; every expected value is derived in a comment.

func allowDec(s string) decimal.Decimal { return money.MustParseAmount(s) }

func allowCents(mode RoundingMode) Rounding { return money.MustNewRounding(decimal.New(1, -2), mode) }

// allowAgreement returns a German agreement from start to end paying the
// given full-time monthly rates by training year.
func allowAgreement(start, end, partTime string, rates ...string) Agreement {
	a := Agreement{
		ID: "A-1", Kind: Dual, Currency: "EUR",
		Start: MustParseDate(start), End: MustParseDate(end),
		PartTime: allowDec(partTime),
	}
	for _, r := range rates {
		a.Allowance = append(a.Allowance, allowDec(r))
	}
	return a
}

func TestAllowanceExactAmountText(t *testing.T) {
	tests := []struct {
		times30 string // 30 × the amount
		text    string
	}{
		{"0", "0"},
		{"30", "1"},
		{"15", "0.5"},         // 15/30 = 0.5: one place more than 15
		{"24000.00", "800"},   // 24000.00/30 = 800.00, without trailing zeros as the package's decimals
		{"22428.0", "747.6"},  // 22428.0/30 = 747.60
		{"13995", "466.5"},    // 13995/30 = 466.5
		{"11200", "11200/30"}, // 373.333…: 1+1+2 = 4 is not a multiple of 3
		{"11200.00", "11200/30"},
		{"-10", "-10/30"},
		{"0.01", "0.01/30"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			e := allowExact30(allowDec(tt.times30))
			assert.Equal(t, tt.text, e.String())
			var back ExactAmount
			require.NoError(t, back.UnmarshalText([]byte(tt.text)))
			assert.True(t, back.Equal(e), "%s read back as %s/30", tt.text, back.Times30())
		})
	}
	for _, bad := range []string{"", "1/29", "1/30/30", "abc/30", "1e999999999", "/30", "1 /30", "0x10"} {
		t.Run("reject "+bad, func(t *testing.T) {
			var e ExactAmount
			err := e.UnmarshalText([]byte(bad))
			require.ErrorIs(t, err, ErrInvalid)
			var fe *FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, "exactAmount", fe.Field)
			assert.Equal(t, bad, fe.Value)
		})
	}
}

func TestAllowanceExactAmountRound(t *testing.T) {
	tests := []struct {
		times30 string
		quantum string
		mode    RoundingMode
		want    string
	}{
		{"11200", "0.01", HalfUp, "373.33"},    // 373.333… → .33
		{"11200", "0.01", Up, "373.34"},        // any remainder rounds away
		{"17000", "0.01", HalfUp, "566.67"},    // 566.666… → .67
		{"17000", "0.01", Down, "566.66"},      // truncated
		{"15", "1", HalfUp, "1"},               // 0.5 → 1
		{"15", "1", HalfEven, "0"},             // 0.5 → 0 (even)
		{"45", "1", HalfEven, "2"},             // 1.5 → 2 (even)
		{"45", "1", Down, "1"},                 // 1.5 → 1
		{"22348", "0.01", HalfUp, "744.93"},    // 744.9333…
		{"24000.00", "0.01", HalfUp, "800.00"}, // already a multiple
		{"0", "0.01", HalfUp, "0.00"},
	}
	for _, tt := range tests {
		t.Run(tt.times30+"/"+tt.quantum+"/"+tt.mode.String(), func(t *testing.T) {
			r := money.MustNewRounding(allowDec(tt.quantum), tt.mode)
			got, err := allowExact30(allowDec(tt.times30)).Round(r)
			require.NoError(t, err)
			assert.True(t, got.Equal(allowDec(tt.want)), "got %s, want %s", got, tt.want)
		})
	}
	_, err := allowExact30(allowDec("30")).Round(Rounding{})
	var fe *FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "rounding", fe.Field)
}

func TestAllowanceShares(t *testing.T) {
	p := func(s string) Period { return civil.MustNewPeriod(MustParseDate(s[:10]), MustParseDate(s[11:])) }
	tests := []struct {
		name  string
		month string // the covered days of one month
		cut   string // a change date, or ""
		want  []int
	}{
		{"whole February", "2024-02-01/2024-02-29", "", []int{30}},
		{"whole 31-day month", "2024-01-01/2024-01-31", "", []int{30}},
		// 15–29 February is 15 days; 1–14 February gets the rest, 30 − 15.
		{"February 2024 cut on the 15th", "2024-02-01/2024-02-29", "2024-02-15", []int{15, 15}},
		// 16–31 January is 16 days; 1–15 January gets 30 − 16 = 14.
		{"January cut on the 16th", "2024-01-01/2024-01-31", "2024-01-16", []int{14, 16}},
		// 2–31 January is 30 days, leaving 0 for the 1st.
		{"January cut on the 2nd", "2024-01-01/2024-01-31", "2024-01-02", []int{0, 30}},
		// 31 January is 1 day; 1–30 January gets 29.
		{"January cut on the 31st", "2024-01-01/2024-01-31", "2024-01-31", []int{29, 1}},
		// February 2025 has 28 days: 28 February is 1 day, 1–27 February 29.
		{"February 2025 cut on the 28th", "2025-02-01/2025-02-28", "2025-02-28", []int{29, 1}},
		// A month covered in part counts days: 15–30 September is 16.
		{"part of September", "2024-09-15/2024-09-30", "", []int{16}},
		// 1–14 and 15–20 September: 14 and 6 days, 20 in all.
		{"part of September, cut", "2024-09-01/2024-09-20", "2024-09-15", []int{14, 6}},
		// 2–31 January: 30 days, not the whole month.
		{"January from the 2nd", "2024-01-02/2024-01-31", "", []int{30}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := p(tt.month)
			var cuts []Date
			if tt.cut != "" {
				cuts = append(cuts, MustParseDate(tt.cut))
			}
			parts := m.SplitAt(cuts...)
			got := allowShares(parts, allowWhole(m))
			assert.Equal(t, tt.want, got)
			sum := 0
			for _, s := range got {
				sum += s
			}
			// The pieces together are worth what the uncut days are worth.
			assert.Equal(t, civil.Thirtieths(m), sum)
		})
	}
}

// TestScheduleWorked follows one agreement through a year change.
func TestScheduleWorked(t *testing.T) {
	// Two training years from 2024-09-16: year 2 starts 2025-09-16.
	a := allowAgreement("2024-09-16", "2026-09-15", "1", "1000.00", "1100.00")
	s, err := Schedule(a, allowCents(HalfUp))
	require.NoError(t, err)
	// September 2024 to September 2026: 4 + 12 + 9 = 25 months.
	require.Len(t, s.Lines, 25)

	first := s.Lines[0]
	assert.Equal(t, "2024-09", first.Month)
	assert.Equal(t, "2024-09-16/2024-09-30", first.Period.String())
	// 16–30 September: 15 days of a month covered in part = 15/30;
	// 1000 × 15/30 = 500.
	assert.Equal(t, 15, first.Thirtieths)
	assert.True(t, first.Amount.Equal(allowDec("500")))

	cut := s.Lines[12]
	assert.Equal(t, "2025-09", cut.Month)
	require.Len(t, cut.Pieces, 2)
	// 16–30 September 2025 (15 days) at the year-2 rate counts 15/30; 1–15
	// September gets the rest, 30 − 15 = 15/30.
	assert.Equal(t, []int{15, 15}, []int{cut.Pieces[0].Thirtieths, cut.Pieces[1].Thirtieths})
	assert.Equal(t, []int{1, 2}, []int{cut.Pieces[0].Year, cut.Pieces[1].Year})
	// 1000 × 15/30 + 1100 × 15/30 = 500 + 550 = 1050.
	assert.True(t, cut.Amount.Equal(allowDec("1050")), "cut month %s", cut.Amount)
	assert.True(t, cut.Pieces[0].Amount.Equal(allowDec("500")))
	assert.True(t, cut.Pieces[1].Amount.Equal(allowDec("550")))

	last := s.Lines[24]
	// 1–15 September 2026: 15/30 of 1100 = 550.
	assert.Equal(t, "2026-09-01/2026-09-15", last.Period.String())
	assert.True(t, last.Amount.Equal(allowDec("550")))

	// Year 1: 500 + 11 × 1000 (October to August) + 500 = 12000.
	// Year 2: 550 + 11 × 1100 + 550 = 13200. Total 25200.
	require.Len(t, s.Years, 2)
	assert.True(t, s.Years[0].Amount.Equal(allowDec("12000")))
	assert.Equal(t, "2024-09-16/2025-09-15", s.Years[0].Period.String())
	assert.True(t, s.Years[1].Amount.Equal(allowDec("13200")))
	assert.Equal(t, "2025-09-16/2026-09-15", s.Years[1].Period.String())
	assert.True(t, s.Total.Equal(allowDec("25200")))
	assert.Equal(t, "25200", s.Exact.String()) // 756000.00/30: 25200 × 30 = 756000, rates in cents; no trailing zeros
	assert.True(t, s.ExactRounded.Equal(s.Total))
}

// TestScheduleRoundingAndBalance shows the per-month rounding, its drift from
// the exact total and the balanced alternative.
func TestScheduleRoundingAndBalance(t *testing.T) {
	a := allowAgreement("2024-01-15", "2024-03-14", "1", "1000")
	s, err := Schedule(a, allowCents(HalfUp))
	require.NoError(t, err)
	require.Len(t, s.Lines, 3)
	// January 15–31: 17 days → 1000 × 17/30 = 566.666… → 566.67.
	// February: whole → 1000.00.
	// March 1–14: 14 days → 1000 × 14/30 = 466.666… → 466.67.
	want := []string{"566.67", "1000.00", "466.67"}
	wantExact := []string{"17000/30", "1000", "14000/30"}
	for i, l := range s.Lines {
		assert.True(t, l.Amount.Equal(allowDec(want[i])), "line %d: %s", i, l.Amount)
		assert.Equal(t, wantExact[i], l.Exact.String())
	}
	// Total 566.67 + 1000.00 + 466.67 = 2033.34; exact (17000 + 30000 +
	// 14000)/30 = 61000/30 = 2033.333… → 2033.33. The drift is 0.01, within
	// 3 lines × 0.005.
	assert.True(t, s.Total.Equal(allowDec("2033.34")))
	assert.Equal(t, "61000/30", s.Exact.String())
	assert.True(t, s.ExactRounded.Equal(allowDec("2033.33")))
	assert.False(t, s.Balanced)

	b, err := s.Balance()
	require.NoError(t, err)
	// Floors 566.66 + 1000.00 + 466.66 = 2033.32: one cent is missing. The
	// remainders in thirtieths are 17000 − 30 × 566.66 = 0.2 (January), 0
	// (February) and 14000 − 30 × 466.66 = 0.2 (March): a tie, so the
	// earlier month, January, gets the cent.
	wantB := []string{"566.67", "1000.00", "466.66"}
	for i, l := range b.Lines {
		assert.True(t, l.Amount.Equal(allowDec(wantB[i])), "balanced line %d: %s", i, l.Amount)
	}
	assert.True(t, b.Balanced)
	assert.True(t, b.Total.Equal(allowDec("2033.33")))
	assert.True(t, b.Years[0].Amount.Equal(b.Total))
	// The original is unchanged.
	assert.True(t, s.Lines[2].Amount.Equal(allowDec("466.67")))

	_, err = AllowanceSchedule{}.Balance()
	require.ErrorIs(t, err, ErrInvalid)
}

func TestSchedulePartTimeAndLeapStart(t *testing.T) {
	// Part time 0.75 of 1000 = 750 a month. Training from 2024-02-29: year 2
	// starts 2025-02-28 (the anniversary clamped to February's last day).
	a := allowAgreement("2024-02-29", "2025-03-31", "0.75", "1000", "1200")
	s, err := Schedule(a, allowCents(HalfUp))
	require.NoError(t, err)
	// February 2024: 29 February only, 1 day of a month covered in part →
	// 750 × 1/30 = 25.00.
	assert.True(t, s.Lines[0].Amount.Equal(allowDec("25")), "%s", s.Lines[0].Amount)
	feb := s.Lines[12]
	require.Equal(t, "2025-02", feb.Month)
	require.Len(t, feb.Pieces, 2)
	// 28 February 2025 (1 day) at year 2: 1/30; 1–27 February the rest,
	// 29/30. 1000 × 0.75 × 29/30 + 1200 × 0.75 × 1/30 = 725 + 30 = 755.
	assert.Equal(t, []int{29, 1}, []int{feb.Pieces[0].Thirtieths, feb.Pieces[1].Thirtieths})
	assert.True(t, feb.Amount.Equal(allowDec("755")), "%s", feb.Amount)
	// March 2025: year 2, whole: 1200 × 0.75 = 900.
	assert.True(t, s.Lines[13].Amount.Equal(allowDec("900")))
}

func TestScheduleErrors(t *testing.T) {
	good := allowAgreement("2024-09-01", "2027-08-31", "1", "1000", "1100", "1200")
	tests := []struct {
		name     string
		edit     func(a *Agreement)
		rounding Rounding
		field    string
	}{
		{"no rounding", func(a *Agreement) {}, Rounding{}, "rounding"},
		// 30 × 9·10^63 has 65 digits: no rounding of thirtieths is made of it.
		{"quantum too large", func(a *Agreement) {}, allowMustRounding(decimal.New(9, 63)), "rounding"},
		{"no start", func(a *Agreement) { a.Start = Date{} }, allowCents(HalfUp), "start"},
		{"no end", func(a *Agreement) { a.End = Date{} }, allowCents(HalfUp), "end"},
		{"end before start", func(a *Agreement) { a.End = MustParseDate("2024-08-31") }, allowCents(HalfUp), "end"},
		{"part time zero", func(a *Agreement) { a.PartTime = decimal.Decimal{} }, allowCents(HalfUp), "partTime"},
		{"part time above 1", func(a *Agreement) { a.PartTime = allowDec("1.5") }, allowCents(HalfUp), "partTime"},
		{"part time unbounded", func(a *Agreement) { a.PartTime = decimal.New(1, -20) }, allowCents(HalfUp), "partTime"},
		// Rejected by its bound before any comparison, which would rescale
		// to 10^(2^31) and never end.
		{"part time absurd exponent", func(a *Agreement) { a.PartTime = decimal.New(5, math.MinInt32) }, allowCents(HalfUp), "partTime"},
		{"no allowance", func(a *Agreement) { a.Allowance = nil }, allowCents(HalfUp), "allowance"},
		{"negative allowance", func(a *Agreement) { a.Allowance[1] = allowDec("-1") }, allowCents(HalfUp), "allowance[1]"},
		{"huge allowance", func(a *Agreement) { a.Allowance[2] = decimal.New(1, 30) }, allowCents(HalfUp), "allowance[2]"},
		// 2024-09-01 to 2027-09-01 reaches training year 4.
		{"too few years", func(a *Agreement) { a.End = MustParseDate("2027-09-01") }, allowCents(HalfUp), "allowance"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := good
			a.Allowance = slices.Clone(good.Allowance)
			tt.edit(&a)
			_, err := Schedule(a, tt.rounding)
			require.ErrorIs(t, err, ErrInvalid)
			var fe *FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			assert.Contains(t, err.Error(), tt.field)
		})
	}
	_, err := Schedule(good, allowCents(HalfUp))
	require.NoError(t, err)
}

// allowRandomAgreement returns a random agreement: start 2000–2039, 1 day to
// about 5 years long, a part-time share in cents, rates up to 9999.99.
func allowRandomAgreement(rng *rand.Rand) Agreement {
	start := civil.MustNew(2000+rng.IntN(40), time.Month(1+rng.IntN(12)), 1+rng.IntN(28))
	if rng.IntN(10) == 0 {
		start = civil.MustNew(2024, time.February, 29)
	}
	end, _ := start.AddDays(rng.IntN(5 * 366))
	pt := decimal.New(int64(1+rng.IntN(100)), -2) // 0.01 to 1.00
	if rng.IntN(3) == 0 {
		pt = decimal.New(1, 0)
	}
	a := Agreement{ID: "R", Currency: "EUR", Start: start, End: end, PartTime: pt}
	years, _ := civil.TrainingYear(start, end)
	for range years {
		a.Allowance = append(a.Allowance, decimal.New(int64(rng.IntN(1_000_000)), -2))
	}
	return a
}

func TestScheduleProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(2024, 17))
	modes := []RoundingMode{HalfUp, HalfEven, Down, Up, Floor, Ceiling}
	for i := range 400 {
		a := allowRandomAgreement(rng)
		mode := modes[i%len(modes)]
		r := allowCents(mode)
		s, err := Schedule(a, r)
		require.NoError(t, err, "agreement %+v", a)
		q := r.Quantum()

		var total decimal.Decimal
		var exact ExactAmount
		next := a.Start
		for j, l := range s.Lines {
			// Lines are consecutive months covering the period without gaps
			// or overlaps.
			require.Equal(t, next, l.Period.Start(), "line %d", j)
			require.Equal(t, l.Period.Start().Month(), l.Period.End().Month())
			require.Equal(t, allowMonth(l.Period), l.Month)
			next = l.Period.End().Next()
			// Non-negative, rounded once, within a quantum of the exact
			// amount.
			require.GreaterOrEqual(t, l.Amount.Sign(), 0)
			want, _ := l.Exact.Round(r)
			require.True(t, want.Equal(l.Amount))
			require.Equal(t, civil.Thirtieths(l.Period), l.Thirtieths)
			// Pieces add up to the line.
			var pa decimal.Decimal
			var pe ExactAmount
			pt := 0
			for _, p := range l.Pieces {
				pa = pa.Add(p.Amount)
				pe = pe.add(p.Exact)
				pt += p.Thirtieths
				y, _ := civil.TrainingYear(a.Start, p.Period.Start())
				require.Equal(t, y, p.Year)
			}
			require.True(t, pa.Equal(l.Amount))
			require.True(t, pe.Equal(l.Exact))
			require.Equal(t, l.Thirtieths, pt)
			// A full-time whole month in one training year pays the rate
			// exactly (rates are in cents).
			if allowWhole(l.Period) && len(l.Pieces) == 1 && a.PartTime.Equal(allowOne()) {
				require.True(t, l.Amount.Equal(l.Pieces[0].Rate), "line %d: %s vs rate %s", j, l.Amount, l.Pieces[0].Rate)
			}
			total = total.Add(l.Amount)
			exact = exact.add(l.Exact)
		}
		require.Equal(t, a.End.Next(), next)
		require.True(t, total.Equal(s.Total))
		require.True(t, exact.Equal(s.Exact))
		var years decimal.Decimal
		for _, y := range s.Years {
			years = years.Add(y.Amount)
		}
		require.True(t, years.Equal(s.Total))
		// The drift of per-month rounding: at most n × q/2 for the half
		// modes, below n × q for the others.
		n := decimal.New(int64(len(s.Lines)), 0)
		drift := s.Total.Sub(s.ExactRounded).Abs()
		bound := n.Mul(q)
		if mode == HalfUp || mode == HalfEven {
			bound = n.Mul(q).Mul(decimal.New(5, -1))
		}
		require.LessOrEqual(t, drift.Cmp(bound), 0, "drift %s over %d lines", drift, len(s.Lines))

		// Balanced: the lines add up to the rounded exact total, and each
		// is its exact amount rounded down or up.
		b, err := s.Balance()
		require.NoError(t, err)
		require.True(t, b.Total.Equal(s.ExactRounded), "balanced total %s, want %s", b.Total, s.ExactRounded)
		for j, l := range b.Lines {
			lo, _ := l.Exact.Round(allowCents(Floor))
			hi, _ := l.Exact.Round(allowCents(Ceiling))
			require.True(t, l.Amount.Cmp(lo) >= 0 && l.Amount.Cmp(hi) <= 0, "balanced line %d: %s not in [%s, %s]", j, l.Amount, lo, hi)
		}
	}
}

func TestScheduleJSON(t *testing.T) {
	a := allowAgreement("2024-01-15", "2025-03-14", "0.8", "1000", "1100.50")
	s, err := Schedule(a, allowCents(HalfEven))
	require.NoError(t, err)
	bal, err := s.Balance()
	require.NoError(t, err)
	for _, v := range []AllowanceSchedule{s, bal, {}} {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		var back AllowanceSchedule
		require.NoError(t, json.Unmarshal(b, &back), "%s", b)
		assert.Equal(t, v.Balanced, back.Balanced)
		assert.True(t, v.Rounding.Equal(back.Rounding))
		assert.Equal(t, "", allowDiffPath(v, back))
		again, err := json.Marshal(back)
		require.NoError(t, err)
		assert.JSONEq(t, string(b), string(again))
	}
	b, err := json.Marshal(s)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"rounding":{"quantum":"0.01","mode":"half-even"}`)
	assert.Contains(t, string(b), `"month":"2024-01"`)
	assert.Contains(t, string(b), `"period":"2024-01-15/2024-01-31"`)

	text := string(b)
	tests := []struct {
		name, old, new, field string
	}{
		{"unknown field", `"agreement":"A-1"`, `"agreement":"A-1","extra":1`, "schedule"},
		{"tampered amount", `"amount":"800"`, `"amount":"800.01"`, "lines[1].amount"},
		{"tampered total", `"total":"`, `"total":"1`, "total"},
		{"bad mode", `"half-even"`, `"half-odd"`, "rounding.mode"},
		{"no rounding", `"rounding":{"quantum":"0.01","mode":"half-even"}`, `"rounding":null`, "rounding"},
		{"zero quantum", `"quantum":"0.01"`, `"quantum":"0"`, "rounding"},
		{"huge rate", `"rate":"1000"`, `"rate":"1e40"`, "lines[0].pieces[0].rate"},
		{"bad exact", `"exact":"13600/30"`, `"exact":"13600/31"`, "exactAmount"},
		{"balanced flag", `"partTime"`, `"balanced":true,"partTime"`, "lines[0].amount"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Contains(t, text, tt.old)
			bad := strings.Replace(text, tt.old, tt.new, 1)
			var back AllowanceSchedule
			err := json.Unmarshal([]byte(bad), &back)
			require.ErrorIs(t, err, ErrInvalid)
			var fe *FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
		})
	}
}

// TestScheduleJSONAtTheBounds: whatever Schedule computes reads back from
// its JSON, also at the bounds of its inputs, where exact amounts need more
// places than an amount: a share of 12 places times a rate of 12 places,
// over 30. Two-thirds time as 0.666666666667 at 649.50 a month gives the
// exact 649.50 × 0.666666666667 = 433.00000000021650 for a whole month.
func TestScheduleJSONAtTheBounds(t *testing.T) {
	roundTrip := func(t *testing.T, s AllowanceSchedule) {
		t.Helper()
		for _, v := range []AllowanceSchedule{s, allowMust(s.Balance())} {
			b, err := json.Marshal(v)
			require.NoError(t, err)
			var back AllowanceSchedule
			require.NoError(t, json.Unmarshal(b, &back), "%.300s", b)
			assert.Equal(t, "", allowDiffPath(v, back))
			assert.True(t, back.Exact.Equal(v.Exact) && back.Total.Equal(v.Total))
		}
	}
	a := allowAgreement("2024-09-01", "2026-08-31", "0.666666666667", "649.50", "766")
	s, err := Schedule(a, allowCents(HalfUp))
	require.NoError(t, err)
	assert.True(t, s.Lines[0].Exact.Times30().Equal(decimal.RequireFromString("433.0000000002165").Mul(decimal.New(30, 0))), "%s", s.Lines[0].Exact)
	roundTrip(t, s)

	// Random agreements with shares and rates of up to 12 places and rates
	// of up to 15 integer digits (below the 10^18 total), cut mid-month.
	rng := rand.New(rand.NewPCG(2026, 1125))
	modes := []RoundingMode{HalfUp, HalfEven, Down, Up, Floor, Ceiling}
	for i := range 200 {
		a := allowRandomAgreement(rng)
		a.PartTime = decimal.New(1+rng.Int64N(1_000_000_000_000), -12)
		for j := range a.Allowance {
			a.Allowance[j] = decimal.New(rng.Int64N(1_000_000_000_000_000), -int32(rng.IntN(13)))
		}
		q := decimal.New(1, -int32(rng.IntN(13)))
		r, err := NewRounding(q, modes[i%len(modes)])
		require.NoError(t, err)
		s, err := Schedule(a, r)
		require.NoError(t, err, "agreement %+v", a)
		roundTrip(t, s)
	}

	// Amounts whose total over the period reaches 10^18 are refused: 12
	// months at 10^17 are 1.2 × 10^18.
	a = allowAgreement("2024-09-01", "2025-08-31", "1", "100000000000000000")
	_, err = Schedule(a, allowCents(HalfUp))
	var fe *FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "allowance", fe.Field)
	assert.Contains(t, fe.Reason, "more than 18 integer digits")
}

func allowMustRounding(q decimal.Decimal) Rounding {
	r, err := NewRounding(q, HalfUp)
	if err != nil {
		panic(err)
	}
	return r
}

func allowMust(s AllowanceSchedule, err error) AllowanceSchedule {
	if err != nil {
		panic(err)
	}
	return s
}

// allowDiffPath compares two schedules like UnmarshalJSON does, plus the
// fields it does not recompute.
func allowDiffPath(want, got AllowanceSchedule) string {
	if want.Agreement != got.Agreement || want.Currency != got.Currency || want.Period != got.Period ||
		!want.PartTime.Equal(got.PartTime) || len(want.Lines) != len(got.Lines) {
		return "header"
	}
	p, _ := allowDiff(want, got)
	return p
}

func FuzzExactAmountText(f *testing.F) {
	for _, s := range []string{"0", "1", "466.5", "800.00", "11200/30", "-10/30", "1e3", "1e3/30",
		"", "/", "1/29", "1/30/30", "abc", "1e999999999", "0.0000000000001", "  1", "+1/30"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var e ExactAmount
		err := e.UnmarshalText([]byte(s))
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Value != s || !errors.Is(err, ErrInvalid) {
				t.Fatalf("error for %q does not name the input: %v", s, err)
			}
			return
		}
		text, err := e.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back ExactAmount
		if err := back.UnmarshalText(text); err != nil {
			t.Fatalf("%q → %q does not read back: %v", s, text, err)
		}
		if !back.Equal(e) {
			t.Fatalf("%q → %q → %s/30, want %s/30", s, text, back.Times30(), e.Times30())
		}
		if again, _ := back.MarshalText(); string(again) != string(text) {
			t.Fatalf("text form not stable: %q then %q", text, again)
		}
		// Decimals have no trailing zeros (the package doc's rule), in either
		// form: the plain decimal and the numerator over 30.
		if num, _, _ := strings.Cut(string(text), "/"); strings.Contains(num, ".") && (strings.HasSuffix(num, "0") || strings.HasSuffix(num, ".")) {
			t.Fatalf("%q → %q has trailing zeros", s, text)
		}
	})
}

func FuzzAllowanceScheduleJSON(f *testing.F) {
	a := allowAgreement("2024-01-15", "2024-04-14", "0.8", "1000")
	s, err := Schedule(a, allowCents(HalfUp))
	if err != nil {
		f.Fatal(err)
	}
	good, _ := json.Marshal(s)
	bal, _ := s.Balance()
	balanced, _ := json.Marshal(bal)
	zero, _ := json.Marshal(AllowanceSchedule{})
	for _, seed := range [][]byte{good, balanced, zero, []byte(`{}`), []byte(`null`), []byte(`[]`),
		[]byte(strings.Replace(string(good), `"total":"`, `"total":"9`, 1)),
		[]byte(strings.Replace(string(good), `"year":1`, `"year":99999999`, 1)),
		[]byte(strings.Replace(string(good), `2024-04-14"`, `9999-12-31"`, 1)),
		[]byte(`{"lines":[{}],"rounding":{"quantum":"1e-9999","mode":"up"}}`)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var s AllowanceSchedule
		if err := json.Unmarshal(b, &s); err != nil {
			var fe *FieldError
			var se *json.SyntaxError
			if !errors.As(err, &fe) && !errors.As(err, &se) {
				t.Fatalf("error is neither a FieldError nor a syntax error: %T %v", err, err)
			}
			if fe != nil && fe.Field == "" {
				t.Fatalf("error names no field: %v", err)
			}
			return
		}
		// Whatever decodes adds up and survives a round trip.
		var total decimal.Decimal
		for _, l := range s.Lines {
			total = total.Add(l.Amount)
		}
		if len(s.Lines) > 0 && !total.Equal(s.Total) {
			t.Fatalf("lines add up to %s, total %s", total, s.Total)
		}
		out, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var back AllowanceSchedule
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("round trip: %v\n%s", err, out)
		}
		if p := allowDiffPath(s, back); p != "" {
			t.Fatalf("round trip differs at %s", p)
		}
	})
}

// BenchmarkSchedule: a three-year agreement with partial first and last
// months and two year changes inside months, part time.
func BenchmarkSchedule(b *testing.B) {
	a := allowAgreement("2024-09-16", "2027-09-15", "0.75", "1000.00", "1100.00", "1200.00")
	r := allowCents(HalfUp)
	for b.Loop() {
		if _, err := Schedule(a, r); err != nil {
			b.Fatal(err)
		}
	}
}

package civil

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pp builds a period from "START/END" text, for tables.
func pp(s string) Period {
	p, err := ParsePeriod(s)
	if err != nil {
		panic(err)
	}
	return p
}

func TestNewPeriod(t *testing.T) {
	d1, d2 := MustParse("2024-09-01"), MustParse("2027-08-31")
	tests := []struct {
		name       string
		start, end Date
		reason     string // "" for success
	}{
		{"three years", d1, d2, ""},
		{"one day", d1, d1, ""},
		{"reversed", d2, d1, "end is before start"},
		{"zero start", Date{}, d2, "start is the zero date"},
		{"zero end", d1, Date{}, "end is the zero date"},
		{"both zero", Date{}, Date{}, "start and end are the zero date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := NewPeriod(tt.start, tt.end)
			if tt.reason == "" {
				require.NoError(t, err)
				assert.Equal(t, tt.start, p.Start())
				assert.Equal(t, tt.end, p.End())
				assert.False(t, p.IsZero())
				assert.Equal(t, p, MustNewPeriod(tt.start, tt.end))
				return
			}
			require.ErrorIs(t, err, ErrInvalidPeriod)
			assert.False(t, errors.Is(err, ErrInvalidDate))
			var pe *PeriodError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.reason, pe.Reason)
			assert.Equal(t, tt.start, pe.Start)
			assert.Equal(t, tt.end, pe.End)
			assert.True(t, p.IsZero())
			assert.Contains(t, err.Error(), tt.reason)
			for _, d := range []Date{tt.start, tt.end} {
				assert.Contains(t, err.Error(), d.describe())
			}
			assert.Panics(t, func() { MustNewPeriod(tt.start, tt.end) })
		})
	}
	_, err := NewPeriod(d2, d1)
	assert.EqualError(t, err, "civil: period from 2027-08-31 to 2024-09-01: end is before start")
}

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in       string
		reason   string // "" for success
		dateErr  bool   // the error also matches ErrInvalidDate
		startStr string // the Start recorded in the error, if any
	}{
		{"2024-09-01/2027-08-31", "", false, ""},
		{"2024-02-29/2024-02-29", "", false, ""},
		{"0001-01-01/9999-12-31", "", false, ""},
		{"2027-08-31/2024-09-01", "end is before start", false, "2027-08-31"},
		{"2024-02-30/2024-03-01", "start: day 30 out of range for 2024-02", true, ""},
		{"2023-01-01/2023-02-29", "end: day 29 out of range for 2023-02", true, "2023-01-01"},
		{"", "want YYYY-MM-DD/YYYY-MM-DD", false, ""},
		{"2024-09-01", "want YYYY-MM-DD/YYYY-MM-DD", false, ""},
		{"2024-09-01/", "want YYYY-MM-DD/YYYY-MM-DD", false, ""},
		{"2024-09-01--2027-08-31", "want YYYY-MM-DD/YYYY-MM-DD", false, ""}, // ISO's "--" separator
		{"2024-09-01/08-31", "want YYYY-MM-DD/YYYY-MM-DD", false, ""},       // abbreviated end
		{"2024-09-01/P3Y", "want YYYY-MM-DD/YYYY-MM-DD", false, ""},         // duration
		{"2024-09-01/..", "want YYYY-MM-DD/YYYY-MM-DD", false, ""},          // open end
		{"2024-09-01 2027-08-31", "want YYYY-MM-DD/YYYY-MM-DD", false, ""},
		{"2024-09-01/2027-08-3x", "end: want YYYY-MM-DD", true, "2024-09-01"},
		{"2024/09/01/2027-08-31", "start: want YYYY-MM-DD", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := ParsePeriod(tt.in)
			if tt.reason == "" {
				require.NoError(t, err)
				assert.Equal(t, tt.in, p.String())
				assert.Equal(t, MustParse(tt.in[:10]), p.Start())
				assert.Equal(t, MustParse(tt.in[11:]), p.End())
				return
			}
			require.ErrorIs(t, err, ErrInvalidPeriod)
			assert.Equal(t, tt.dateErr, errors.Is(err, ErrInvalidDate))
			var pe *PeriodError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.in, pe.Input)
			assert.Equal(t, tt.reason, pe.Reason)
			assert.Equal(t, tt.startStr, pe.Start.String())
			assert.Contains(t, err.Error(), `"`+tt.in+`"`)
			if tt.dateErr {
				var de *DateError
				require.ErrorAs(t, err, &de)
				assert.Contains(t, tt.in, de.Input)
			}
		})
	}
}

func TestPeriodZero(t *testing.T) {
	var z Period
	assert.True(t, z.IsZero())
	assert.Equal(t, "", z.String())
	assert.Equal(t, 0, z.Days())
	assert.False(t, z.Contains(Date{}))
	assert.False(t, z.Contains(MustParse("2024-01-01")))
	assert.False(t, z.Overlaps(z))
	assert.False(t, z.Overlaps(pp("0001-01-01/9999-12-31")))
	_, ok := z.Intersect(pp("0001-01-01/9999-12-31"))
	assert.False(t, ok)
	assert.Nil(t, z.SplitAt(MustParse("2024-01-01")))
	assert.Empty(t, slices.Collect(z.Months()))
	assert.Equal(t, 0, Thirtieths(z))
	b, err := z.MarshalText()
	require.NoError(t, err)
	assert.Empty(t, b)
}

func TestPeriodDaysContains(t *testing.T) {
	tests := []struct {
		p    string
		days int
	}{
		{"2024-02-29/2024-02-29", 1},
		{"2024-02-01/2024-02-29", 29},   // leap February
		{"2023-02-01/2023-02-28", 28},   // common February
		{"2024-01-01/2024-12-31", 366},  // leap year
		{"2100-01-01/2100-12-31", 365},  // 2100 is not a leap year
		{"2000-01-01/2000-12-31", 366},  // 2000 is
		{"2024-09-01/2027-08-31", 1095}, // 365 + 365 + 365: the one 29 February (2028) is outside
		{"0001-01-01/9999-12-31", maxDays - minDays + 1},
	}
	for _, tt := range tests {
		t.Run(tt.p, func(t *testing.T) {
			p := pp(tt.p)
			assert.Equal(t, tt.days, p.Days())
			assert.True(t, p.Contains(p.Start()))
			assert.True(t, p.Contains(p.End()))
			assert.False(t, p.Contains(p.Start().Prev()))
			assert.False(t, p.Contains(p.End().Next()))
			assert.False(t, p.Contains(Date{}))
		})
	}
}

func TestOverlapsIntersect(t *testing.T) {
	tests := []struct {
		p, q string
		want string // the intersection, "" for none
	}{
		{"2024-01-01/2024-01-31", "2024-01-31/2024-02-29", "2024-01-31/2024-01-31"}, // share one day
		{"2024-01-01/2024-01-31", "2024-02-01/2024-02-29", ""},                      // touch only
		{"2024-01-01/2024-12-31", "2024-03-01/2024-03-31", "2024-03-01/2024-03-31"}, // contains
		{"2024-01-01/2024-06-30", "2024-04-01/2024-09-30", "2024-04-01/2024-06-30"}, // straddles
		{"2024-01-01/2024-01-01", "2024-01-01/2024-01-01", "2024-01-01/2024-01-01"},
		{"2020-01-01/2020-12-31", "2024-01-01/2024-12-31", ""},
	}
	for _, tt := range tests {
		t.Run(tt.p+"∩"+tt.q, func(t *testing.T) {
			p, q := pp(tt.p), pp(tt.q)
			for _, pair := range [][2]Period{{p, q}, {q, p}} {
				got, ok := pair[0].Intersect(pair[1])
				assert.Equal(t, tt.want != "", pair[0].Overlaps(pair[1]))
				assert.Equal(t, tt.want != "", ok)
				assert.Equal(t, tt.want, got.String())
			}
		})
	}
}

func TestPeriodJSON(t *testing.T) {
	type agreement struct {
		Term  Period `json:"term"`
		Start Date   `json:"start"`
	}
	in := agreement{Term: pp("2024-09-01/2027-08-31"), Start: MustParse("2024-09-01")}
	b, err := json.Marshal(in)
	require.NoError(t, err)
	assert.JSONEq(t, `{"term":"2024-09-01/2027-08-31","start":"2024-09-01"}`, string(b))
	var out agreement
	require.NoError(t, json.Unmarshal(b, &out))
	assert.Equal(t, in, out)

	b, err = json.Marshal(agreement{})
	require.NoError(t, err)
	assert.JSONEq(t, `{"term":"","start":""}`, string(b))
	require.NoError(t, json.Unmarshal(b, &out))
	assert.Equal(t, agreement{}, out)

	err = json.Unmarshal([]byte(`{"term":"2024-09-01/2024-02-30"}`), &out)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalidPeriod)
	assert.ErrorIs(t, err, ErrInvalidDate)
	assert.Contains(t, err.Error(), "2024-09-01/2024-02-30")

	p := pp("2024-01-01/2024-01-31")
	require.Error(t, p.UnmarshalText([]byte("2024-01-31/2024-01-01")))
	assert.Equal(t, pp("2024-01-01/2024-01-31"), p, "a failed UnmarshalText leaves the period alone")
}

func TestSplitAt(t *testing.T) {
	p := pp("2024-01-01/2024-12-31")
	tests := []struct {
		name    string
		changes []string
		want    []string
	}{
		{"none", nil, []string{"2024-01-01/2024-12-31"}},
		{"one", []string{"2024-07-01"}, []string{"2024-01-01/2024-06-30", "2024-07-01/2024-12-31"}},
		{"on start cuts nothing", []string{"2024-01-01"}, []string{"2024-01-01/2024-12-31"}},
		{"on end cuts the last day off", []string{"2024-12-31"}, []string{"2024-01-01/2024-12-30", "2024-12-31/2024-12-31"}},
		{"before and after ignored", []string{"2023-12-31", "2025-01-01", "1999-05-05"}, []string{"2024-01-01/2024-12-31"}},
		{"zero date ignored", []string{""}, []string{"2024-01-01/2024-12-31"}},
		{"unordered with duplicates", []string{"2024-10-01", "2024-03-01", "2024-10-01", "2024-03-01", "2024-03-02"},
			[]string{"2024-01-01/2024-02-29", "2024-03-01/2024-03-01", "2024-03-02/2024-09-30", "2024-10-01/2024-12-31"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changes := make([]Date, len(tt.changes))
			for i, s := range tt.changes {
				if s != "" {
					changes[i] = MustParse(s)
				}
			}
			before := slices.Clone(changes)
			var got []string
			for _, q := range p.SplitAt(changes...) {
				got = append(got, q.String())
			}
			assert.Equal(t, tt.want, got)
			assert.Equal(t, before, changes, "SplitAt must not reorder the caller's slice")
		})
	}
	one := pp("2024-02-29/2024-02-29")
	assert.Equal(t, []Period{one}, one.SplitAt(MustParse("2024-02-29")))
}

// checkCover asserts that pieces are contiguous, in order, valid, and cover p
// exactly.
func checkCover(t *testing.T, p Period, pieces []Period) {
	t.Helper()
	require.NotEmpty(t, pieces)
	require.Equal(t, p.Start(), pieces[0].Start())
	require.Equal(t, p.End(), pieces[len(pieces)-1].End())
	total := 0
	for i, q := range pieces {
		require.False(t, q.End().Before(q.Start()), "piece %d: %s", i, q)
		if i > 0 {
			require.Equal(t, pieces[i-1].End().Next(), q.Start(), "gap or overlap before piece %d", i)
		}
		total += q.Days()
	}
	require.Equal(t, p.Days(), total)
}

// Property: for random periods and random change dates, the pieces of SplitAt
// are contiguous, in order, and cover p exactly, and every piece but the
// first starts on one of the change dates inside (Start, End].
func TestSplitAtProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 2024))
	for range 5000 {
		a := randDate(rng)
		b, err := a.AddDays(rng.IntN(3000))
		if err != nil {
			continue
		}
		p := MustNewPeriod(a, b)
		changes := make([]Date, rng.IntN(8))
		inside := map[Date]bool{}
		for i := range changes {
			c, err := a.AddDays(rng.IntN(3200) - 100)
			if err != nil {
				continue // leaves a zero Date, which must be ignored
			}
			changes[i] = c
			if c.After(a) && !c.After(b) {
				inside[c] = true
			}
		}
		pieces := p.SplitAt(changes...)
		checkCover(t, p, pieces)
		require.Len(t, pieces, len(inside)+1)
		for _, q := range pieces[1:] {
			require.True(t, inside[q.Start()], "piece %s does not start on a change date", q)
		}
	}
}

func TestMonths(t *testing.T) {
	tests := []struct {
		p    string
		want []string
	}{
		{"2024-01-16/2024-03-10", []string{"2024-01-16/2024-01-31", "2024-02-01/2024-02-29", "2024-03-01/2024-03-10"}},
		{"2024-02-15/2024-02-29", []string{"2024-02-15/2024-02-29"}},
		{"2024-02-29/2024-03-01", []string{"2024-02-29/2024-02-29", "2024-03-01/2024-03-01"}},
		{"2024-12-31/2025-01-01", []string{"2024-12-31/2024-12-31", "2025-01-01/2025-01-01"}},
		{"2023-02-01/2023-02-28", []string{"2023-02-01/2023-02-28"}},
		{"9999-11-15/9999-12-31", []string{"9999-11-15/9999-11-30", "9999-12-01/9999-12-31"}},
	}
	for _, tt := range tests {
		t.Run(tt.p, func(t *testing.T) {
			var got []string
			for q := range pp(tt.p).Months() {
				got = append(got, q.String())
			}
			assert.Equal(t, tt.want, got)
		})
	}
	// Stopping early works.
	n := 0
	for range pp("2024-01-01/2024-12-31").Months() {
		n++
		if n == 2 {
			break
		}
	}
	assert.Equal(t, 2, n)
}

// Property: the monthly pieces cover p, each lies within one calendar month,
// and all but the first start on the 1st.
func TestMonthsProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 30))
	for range 3000 {
		a := randDate(rng)
		b, err := a.AddDays(rng.IntN(2000))
		if err != nil {
			continue
		}
		p := MustNewPeriod(a, b)
		pieces := slices.Collect(p.Months())
		checkCover(t, p, pieces)
		require.Equal(t, MonthsBetween(firstOfMonth(a), b)+1, len(pieces))
		for i, q := range pieces {
			require.Equal(t, q.Start().monthIndex(), q.End().monthIndex(), "%s", q)
			if i > 0 {
				require.Equal(t, 1, q.Start().Day())
			}
		}
	}
}

func firstOfMonth(d Date) Date { d.day = 1; return d }

func TestPeriodErrorMessages(t *testing.T) {
	_, err := ParsePeriod(strings.Repeat("x", 500))
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 120)
	_, err = ParsePeriod("")
	assert.EqualError(t, err, `civil: parsing period "": want YYYY-MM-DD/YYYY-MM-DD`)
	_, err = NewPeriod(Date{}, MustParse("2024-01-01"))
	assert.EqualError(t, err, "civil: period from the zero date to 2024-01-01: start is the zero date")
}

// The hot paths allocate at most their result: nothing for dates, one slice
// for SplitAt, nothing for ranging over Months.
func TestAllocations(t *testing.T) {
	d := MustParse("2024-01-31")
	p := pp("2024-01-01/2026-12-31")
	changes := []Date{MustParse("2025-01-01"), MustParse("2024-07-01"), MustParse("2026-03-15")}
	var sink int
	tests := []struct {
		name string
		max  float64
		fn   func()
	}{
		{"Parse", 0, func() { r, _ := Parse("2024-02-29"); sink += r.Day() }},
		{"AddDays", 0, func() { r, _ := d.AddDays(400); sink += r.Day() }},
		{"AddMonths", 0, func() { r, _ := d.AddMonths(13, KeepEnd); sink += r.Day() }},
		{"MonthsBetween", 0, func() { sink += MonthsBetween(d, p.End()) }},
		{"Thirtieths", 0, func() { sink += Thirtieths(p) }},
		{"TrainingYear", 0, func() { k, _ := TrainingYear(p.Start(), d); sink += k }},
		{"SplitAt", 1, func() { sink += len(p.SplitAt(changes...)) }},
		{"Months", 0, func() {
			for q := range p.Months() {
				sink += q.Days()
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.LessOrEqual(t, testing.AllocsPerRun(100, tt.fn), tt.max)
		})
	}
	assert.NotZero(t, sink)
}

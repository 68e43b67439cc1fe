package civil

import (
	"encoding"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Leap years follow the Gregorian rule: divisible by 4, except centuries not
// divisible by 400.
func TestIsLeapAndDaysIn(t *testing.T) {
	tests := []struct {
		year int
		leap bool
		feb  int
	}{
		{2000, true, 29},  // 2000 = 400·5
		{1900, false, 28}, // 1900 = 100·19, not a multiple of 400
		{2024, true, 29},  // 2024 = 4·506, not a century
		{2023, false, 28}, // odd
		{2100, false, 28}, // century, 2100/400 = 5.25
		{1600, true, 29},  // 400·4
		{4, true, 29},     // first leap year of the proleptic calendar after year 1
		{1, false, 28},
		{9996, true, 29}, // 4·2499
		{9999, false, 28},
	}
	for _, tt := range tests {
		t.Run(time.Date(tt.year, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006"), func(t *testing.T) {
			assert.Equal(t, tt.leap, IsLeap(tt.year))
			assert.Equal(t, tt.feb, DaysIn(tt.year, time.February))
		})
	}
	// The other months do not depend on the year: "thirty days hath
	// September, April, June and November; all the rest have thirty-one".
	want := map[time.Month]int{1: 31, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}
	for m, n := range want {
		assert.Equal(t, n, DaysIn(2023, m), "month %d", m)
	}
	assert.Equal(t, 0, DaysIn(2024, 0))
	assert.Equal(t, 0, DaysIn(2024, 13))
}

func TestNew(t *testing.T) {
	tests := []struct {
		y, m, d int
		reason  string // "" for a valid date
	}{
		{2024, 2, 29, ""},
		{2023, 2, 29, "day 29 out of range for 2023-02"},
		{1900, 2, 29, "day 29 out of range for 1900-02"},
		{2000, 2, 29, ""},
		{2100, 2, 29, "day 29 out of range for 2100-02"},
		{2024, 4, 31, "day 31 out of range for 2024-04"},
		{2024, 12, 31, ""},
		{1, 1, 1, ""},
		{9999, 12, 31, ""},
		{0, 12, 31, "year 0 out of range [1, 9999]"},
		{10000, 1, 1, "year 10000 out of range [1, 9999]"},
		{-5, 1, 1, "year -5 out of range [1, 9999]"},
		{2024, 0, 1, "month 0 out of range [1, 12]"},
		{2024, 13, 1, "month 13 out of range [1, 12]"},
		{2024, 1, 0, "day 0 out of range for 2024-01"},
		{2024, 1, 32, "day 32 out of range for 2024-01"},
	}
	for _, tt := range tests {
		name := strings.Join([]string{itoa(tt.y), itoa(tt.m), itoa(tt.d)}, "-")
		t.Run(name, func(t *testing.T) {
			d, err := New(tt.y, time.Month(tt.m), tt.d)
			if tt.reason == "" {
				require.NoError(t, err)
				assert.Equal(t, tt.y, d.Year())
				assert.Equal(t, time.Month(tt.m), d.Month())
				assert.Equal(t, tt.d, d.Day())
				assert.False(t, d.IsZero())
				return
			}
			require.ErrorIs(t, err, ErrInvalidDate)
			var de *DateError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, tt.reason, de.Reason)
			assert.Equal(t, [3]int{tt.y, tt.m, tt.d}, [3]int{de.Year, de.Month, de.Day})
			assert.True(t, d.IsZero())
			assert.Contains(t, err.Error(), tt.reason)
			assert.NotContains(t, err.Error(), "parsing")
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestNewZeroNumbersIsNotParsing(t *testing.T) {
	// New(0, 0, 0) and Parse("") both have no text; the message must say which.
	_, err := New(0, 0, 0)
	require.Error(t, err)
	assert.Equal(t, "civil: date 0000-00-00: year 0 out of range [1, 9999]", err.Error())
	_, err = Parse("")
	require.Error(t, err)
	assert.Equal(t, `civil: parsing date "": want YYYY-MM-DD`, err.Error())
}

func TestMustNewPanics(t *testing.T) {
	assert.Panics(t, func() { MustNew(2023, time.February, 29) })
	assert.Equal(t, "2024-02-29", MustNew(2024, time.February, 29).String())
}

func TestParse(t *testing.T) {
	tests := []struct {
		in     string
		reason string // "" for success
	}{
		{"2024-02-29", ""},
		{"2000-02-29", ""},
		{"0001-01-01", ""},
		{"9999-12-31", ""},
		{"2023-02-29", "day 29 out of range for 2023-02"},
		{"1900-02-29", "day 29 out of range for 1900-02"},
		{"2100-02-29", "day 29 out of range for 2100-02"},
		{"2024-02-30", "day 30 out of range for 2024-02"},
		{"0000-01-01", "year 0 out of range [1, 9999]"},
		{"2024-00-10", "month 0 out of range [1, 12]"},
		{"2024-13-10", "month 13 out of range [1, 12]"},
		{"2024-01-00", "day 0 out of range for 2024-01"},
		{"", "want YYYY-MM-DD"},
		{"2024-1-01", "want YYYY-MM-DD"},
		{"2024/01/01", "want YYYY-MM-DD"},
		{"20240101", "want YYYY-MM-DD"},
		{"2024-01-01 ", "want YYYY-MM-DD"},
		{" 2024-01-01", "want YYYY-MM-DD"},
		{"+024-01-01", "want YYYY-MM-DD"},
		{"2024-0a-01", "want YYYY-MM-DD"},
		{"2024-01-01T00:00:00Z", "want YYYY-MM-DD"},
		{"２０２４-01-01", "want YYYY-MM-DD"}, // full-width digits are not ASCII
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := Parse(tt.in)
			if tt.reason == "" {
				require.NoError(t, err)
				assert.Equal(t, tt.in, d.String())
				assert.Equal(t, d, MustParse(tt.in))
				return
			}
			require.ErrorIs(t, err, ErrInvalidDate)
			var de *DateError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, tt.in, de.Input)
			assert.Equal(t, tt.reason, de.Reason)
			assert.Contains(t, err.Error(), `"`+tt.in+`"`)
			assert.Panics(t, func() { MustParse(tt.in) })
		})
	}
}

func TestParseErrorClipsLongInput(t *testing.T) {
	in := strings.Repeat("9", 1000)
	_, err := Parse(in)
	require.Error(t, err)
	msg := err.Error()
	assert.Less(t, len(msg), 100) // 40 characters of input plus the fixed text
	assert.Contains(t, msg, strings.Repeat("9", 40)+"...")
}

func TestCompare(t *testing.T) {
	a := MustParse("2024-02-29")
	tests := []struct {
		b    Date
		want int
	}{
		{MustParse("2024-02-29"), 0},
		{MustParse("2024-03-01"), -1},
		{MustParse("2024-02-28"), 1},
		{MustParse("2025-01-01"), -1}, // later year, earlier month
		{MustParse("2023-12-31"), 1},
		{MustParse("2024-01-31"), 1}, // earlier month, later day
		{Date{}, 1},                  // the zero Date sorts first
	}
	for _, tt := range tests {
		t.Run(tt.b.String(), func(t *testing.T) {
			assert.Equal(t, tt.want, a.Compare(tt.b))
			assert.Equal(t, -tt.want, tt.b.Compare(a))
			assert.Equal(t, tt.want < 0, a.Before(tt.b))
			assert.Equal(t, tt.want > 0, a.After(tt.b))
		})
	}
}

func TestZeroDate(t *testing.T) {
	var z Date
	assert.True(t, z.IsZero())
	assert.Equal(t, "", z.String())
	assert.Equal(t, 0, z.Year())
	b, err := z.MarshalText()
	require.NoError(t, err)
	assert.Empty(t, b)
	assert.True(t, z.In(time.UTC).IsZero())
	assert.True(t, z.Next().IsZero())
	assert.True(t, z.Prev().IsZero())
	assert.Equal(t, 0, DaysBetween(z, MustParse("2024-01-01")))
	assert.Equal(t, 0, DaysBetween(MustParse("2024-01-01"), z))
	_, err = z.AddDays(1)
	require.ErrorIs(t, err, ErrOutOfRange)
	assert.Contains(t, err.Error(), "zero date")
}

func TestTextAndJSON(t *testing.T) {
	type doc struct {
		Start Date `json:"start"`
		End   Date `json:"end"`
	}
	in := doc{Start: MustParse("2024-09-01")}
	b, err := json.Marshal(in)
	require.NoError(t, err)
	assert.JSONEq(t, `{"start":"2024-09-01","end":""}`, string(b))

	var out doc
	require.NoError(t, json.Unmarshal(b, &out))
	assert.Equal(t, in, out)

	require.NoError(t, json.Unmarshal([]byte(`{"start":"2024-09-01"}`), &out))
	assert.Equal(t, MustParse("2024-09-01"), out.Start)

	err = json.Unmarshal([]byte(`{"start":"2024-02-30"}`), &out)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalidDate)
	assert.Contains(t, err.Error(), "2024-02-30")

	err = json.Unmarshal([]byte(`{"start":20240230}`), &out) // a number, not a string
	require.Error(t, err)

	var d Date
	require.NoError(t, d.UnmarshalText([]byte("1900-02-28")))
	assert.Equal(t, MustNew(1900, time.February, 28), d)
	require.NoError(t, d.UnmarshalText(nil))
	assert.True(t, d.IsZero())
	d = MustParse("2024-01-01")
	require.Error(t, d.UnmarshalText([]byte("1900-02-29")))
	assert.Equal(t, MustParse("2024-01-01"), d, "a failed UnmarshalText leaves the date alone")
	b, err = d.AppendText([]byte("x:"))
	require.NoError(t, err)
	assert.Equal(t, "x:2024-01-01", string(b))

	// Date and Period implement the standard text interfaces, so encoders
	// that prefer AppendText produce the same text as MarshalText.
	var _ encoding.TextAppender = Date{}
	var _ encoding.TextAppender = Period{}
	p := MustNewPeriod(MustParse("2024-09-01"), MustParse("2027-08-31"))
	b, err = p.AppendText([]byte("p:"))
	require.NoError(t, err)
	assert.Equal(t, "p:2024-09-01/2027-08-31", string(b))
}

func TestInAndOf(t *testing.T) {
	d := MustParse("2024-02-29")
	berlin := time.FixedZone("CET", 3600)
	tm := d.In(berlin)
	assert.Equal(t, "2024-02-29T00:00:00+01:00", tm.Format(time.RFC3339))
	assert.Equal(t, d, Of(tm))
	// 23:30 in UTC on 2024-02-28 is already 2024-02-29 in Shanghai (UTC+8).
	shanghai := time.FixedZone("CST", 8*3600)
	assert.Equal(t, d, Of(time.Date(2024, 2, 28, 23, 30, 0, 0, time.UTC).In(shanghai)))
	assert.Equal(t, time.UTC, d.In(nil).Location(), "nil location means UTC, not a panic")
	assert.True(t, Of(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)).IsZero())
	assert.True(t, Of(time.Date(0, 12, 31, 0, 0, 0, 0, time.UTC)).IsZero())
	assert.Equal(t, MustParse("0001-01-01"), Of(time.Time{}))
}

// The day-number constants are the days from 1970-01-01 to 0001-01-01 and
// 9999-12-31, which time.Time can compute too.
func TestDayNumberBounds(t *testing.T) {
	unixDays := func(y int, m time.Month, d int) int {
		return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
	}
	assert.Equal(t, unixDays(1, 1, 1), minDays)
	assert.Equal(t, unixDays(9999, 12, 31), maxDays)
	assert.Equal(t, minDays, MustParse("0001-01-01").days())
	assert.Equal(t, maxDays, MustParse("9999-12-31").days())
	assert.Equal(t, 0, MustParse("1970-01-01").days())
}

func TestAddDays(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string // "" for out of range
	}{
		{"2024-02-28", 1, "2024-02-29"},  // 2024 is a leap year
		{"2023-02-28", 1, "2023-03-01"},  // 2023 is not
		{"1900-02-28", 1, "1900-03-01"},  // 1900 is not (century)
		{"2000-02-28", 1, "2000-02-29"},  // 2000 is (400 years)
		{"2100-02-28", 1, "2100-03-01"},  // 2100 is not
		{"2024-12-31", 1, "2025-01-01"},  // year boundary
		{"2025-01-01", -1, "2024-12-31"}, // and back
		{"2024-01-01", 366, "2025-01-01"},
		{"2023-01-01", 365, "2024-01-01"},
		{"2024-03-01", -1, "2024-02-29"},
		{"0001-01-01", 0, "0001-01-01"},
		{"0001-01-01", -1, ""},
		{"9999-12-31", 1, ""},
		{"9999-12-31", 0, "9999-12-31"},
		{"0001-01-01", maxDays - minDays, "9999-12-31"},
		{"9999-12-31", minDays - maxDays, "0001-01-01"},
		{"0001-01-01", maxDays - minDays + 1, ""},
		{"2024-01-01", int(^uint(0) >> 1), ""}, // max int must not wrap around
		{"2024-01-01", -int(^uint(0)>>1) - 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.from+"+"+itoa(tt.n), func(t *testing.T) {
			d := MustParse(tt.from)
			r, err := d.AddDays(tt.n)
			if tt.want == "" {
				require.ErrorIs(t, err, ErrOutOfRange)
				assert.Contains(t, err.Error(), tt.from)
				assert.True(t, r.IsZero())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, r.String())
			assert.Equal(t, tt.n, DaysBetween(d, r))
		})
	}
	assert.Equal(t, MustParse("2024-02-29"), MustParse("2024-02-28").Next())
	assert.Equal(t, MustParse("2024-02-29"), MustParse("2024-03-01").Prev())
	assert.True(t, MustParse("9999-12-31").Next().IsZero())
	assert.True(t, MustParse("0001-01-01").Prev().IsZero())
}

// Property: over random pairs of days anywhere in the supported range,
// DaysBetween and AddDays agree with each other and with time.Time in UTC.
func TestAddDaysDaysBetweenOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(20240901, 1))
	randDay := func() int { return minDays + rng.IntN(maxDays-minDays+1) }
	for range 20000 {
		x, y := randDay(), randDay()
		a, ok := fromDays(x)
		require.True(t, ok)
		b, ok := fromDays(y)
		require.True(t, ok)

		ta, tb := a.In(time.UTC), b.In(time.UTC)
		require.Equal(t, [3]int{ta.Year(), int(ta.Month()), ta.Day()}, [3]int{a.Year(), int(a.Month()), a.Day()})
		require.Equal(t, int((tb.Unix()-ta.Unix())/86400), DaysBetween(a, b), "%s → %s", a, b)
		require.Equal(t, y-x, DaysBetween(a, b))

		r, err := a.AddDays(y - x)
		require.NoError(t, err)
		require.Equal(t, b, r)
		require.Equal(t, b, Of(ta.AddDate(0, 0, y-x)))

		// The date is a valid one: New accepts its parts and Parse its text.
		require.Equal(t, a, MustNew(a.Year(), a.Month(), a.Day()))
		require.Equal(t, a, MustParse(a.String()))
	}
}

// Every day of the supported range converts to a day number and back, in
// order: this walks all 3,652,059 days (maxDays - minDays + 1).
func TestDayNumbersExhaustive(t *testing.T) {
	prev := Date{}
	for n := minDays; n <= maxDays; n++ {
		d, ok := fromDays(n)
		if !ok || d.days() != n || !d.After(prev) || check(d.Year(), int(d.Month()), d.Day()) != "" {
			t.Fatalf("day %d: got %v (ok=%v), previous %v", n, d, ok, prev)
		}
		if !prev.IsZero() && prev.Next() != d {
			t.Fatalf("day %d: %v.Next() = %v, want %v", n, prev, prev.Next(), d)
		}
		prev = d
	}
	assert.Equal(t, MustParse("9999-12-31"), prev)
	_, ok := fromDays(minDays - 1)
	assert.False(t, ok)
	_, ok = fromDays(maxDays + 1)
	assert.False(t, ok)
}

func TestDateSize(t *testing.T) {
	// Date must stay a 4-byte comparable value: int16 + uint8 + uint8.
	assert.Equal(t, uintptr(4), unsafe.Sizeof(Date{}))
	m := map[Date]int{MustParse("2024-01-01"): 1}
	assert.Equal(t, 1, m[MustNew(2024, 1, 1)])
}

func TestErrorsAreDistinct(t *testing.T) {
	_, err := Parse("x")
	assert.False(t, errors.Is(err, ErrOutOfRange))
	_, err = MustParse("9999-12-31").AddDays(1)
	assert.False(t, errors.Is(err, ErrInvalidDate))
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("2024-02-29"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAddDays(b *testing.B) {
	d := MustParse("2024-02-29")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.AddDays(1000); err != nil {
			b.Fatal(err)
		}
	}
}

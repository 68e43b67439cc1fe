package civil

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEndOfMonthString(t *testing.T) {
	assert.Equal(t, "Clamp", Clamp.String())
	assert.Equal(t, "Overflow", Overflow.String())
	assert.Equal(t, "KeepEnd", KeepEnd.String())
	assert.Equal(t, "EndOfMonth(0)", EndOfMonth(0).String())
	assert.Equal(t, "EndOfMonth(9)", EndOfMonth(9).String())
}

func TestAddMonths(t *testing.T) {
	// Each row gives the result under Clamp, Overflow and KeepEnd; "" means
	// out of range. Overflow results follow time.AddDate: the day past the
	// end of the target month counts on into the next month.
	tests := []struct {
		from                     string
		n                        int
		clamp, overflow, keepEnd string
	}{
		// From the brief: 2024 is a leap year, so February has 29 days.
		{"2024-01-31", 1, "2024-02-29", "2024-03-02", "2024-02-29"}, // 31 Feb 2024 = 29 Feb + 2
		{"2023-01-31", 1, "2023-02-28", "2023-03-03", "2023-02-28"}, // 31 Feb 2023 = 28 Feb + 3
		{"2023-02-28", 1, "2023-03-28", "2023-03-28", "2023-03-31"}, // last day of February
		{"2024-02-28", 1, "2024-03-28", "2024-03-28", "2024-03-28"}, // not the last day in 2024
		{"2024-02-29", 1, "2024-03-29", "2024-03-29", "2024-03-31"},
		{"2024-04-30", 1, "2024-05-30", "2024-05-30", "2024-05-31"},
		{"2024-05-31", 1, "2024-06-30", "2024-07-01", "2024-06-30"}, // 31 June = 1 July
		{"2024-01-15", 1, "2024-02-15", "2024-02-15", "2024-02-15"},
		{"2024-01-30", 1, "2024-02-29", "2024-03-01", "2024-02-29"}, // 30 Feb 2024 = 29 Feb + 1
		// Century years: 1900 and 2100 have 28 days in February, 2000 has 29.
		{"1900-01-31", 1, "1900-02-28", "1900-03-03", "1900-02-28"},
		{"2000-01-31", 1, "2000-02-29", "2000-03-02", "2000-02-29"},
		{"2100-01-29", 1, "2100-02-28", "2100-03-01", "2100-02-28"},
		// Backwards and across year boundaries.
		{"2024-03-31", -1, "2024-02-29", "2024-03-02", "2024-02-29"},
		{"2024-03-30", -1, "2024-02-29", "2024-03-01", "2024-02-29"},
		{"2024-01-31", -1, "2023-12-31", "2023-12-31", "2023-12-31"},
		{"2024-12-31", 2, "2025-02-28", "2025-03-03", "2025-02-28"},
		{"2023-11-30", 3, "2024-02-29", "2024-03-01", "2024-02-29"}, // 30 Nov is a month end
		{"2024-02-29", 12, "2025-02-28", "2025-03-01", "2025-02-28"},
		{"2024-02-29", -12, "2023-02-28", "2023-03-01", "2023-02-28"},
		{"2024-02-29", 48, "2028-02-29", "2028-02-29", "2028-02-29"}, // 2028 = 2024 + 4
		{"2023-02-28", 12, "2024-02-28", "2024-02-28", "2024-02-29"},
		{"2024-06-15", 0, "2024-06-15", "2024-06-15", "2024-06-15"},
		{"2024-06-30", 0, "2024-06-30", "2024-06-30", "2024-06-30"},
		// Range edges: 0001-01 has month index 12, 9999-12 has 9999·12+11.
		{"0001-01-31", -1, "", "", ""},
		{"0001-02-28", -1, "0001-01-28", "0001-01-28", "0001-01-31"},
		{"9999-11-30", 1, "9999-12-30", "9999-12-30", "9999-12-31"},
		{"9999-12-31", 1, "", "", ""},
		{"0001-01-01", 9999*12 - 1, "9999-12-01", "9999-12-01", "9999-12-01"}, // 9998 years and 11 months
		{"0001-01-01", 9999 * 12, "", "", ""},
		{"9999-12-31", -(9999*12 - 1), "0001-01-31", "0001-01-31", "0001-01-31"},
		{"2024-01-01", int(^uint(0) >> 1), "", "", ""}, // max int: no wrap-around
		{"2024-01-01", -int(^uint(0)>>1) - 1, "", "", ""},
	}
	for _, tt := range tests {
		for _, c := range []struct {
			eom  EndOfMonth
			want string
		}{{Clamp, tt.clamp}, {Overflow, tt.overflow}, {KeepEnd, tt.keepEnd}} {
			t.Run(tt.from+"+"+itoa(tt.n)+"/"+c.eom.String(), func(t *testing.T) {
				d := MustParse(tt.from)
				r, err := d.AddMonths(tt.n, c.eom)
				if c.want == "" {
					require.ErrorIs(t, err, ErrOutOfRange)
					assert.Contains(t, err.Error(), tt.from)
					assert.Contains(t, err.Error(), itoa(tt.n))
					assert.True(t, r.IsZero())
					return
				}
				require.NoError(t, err)
				assert.Equal(t, c.want, r.String())
			})
		}
	}
}

func TestAddMonthsErrors(t *testing.T) {
	d := MustParse("2024-01-31")
	for _, eom := range []EndOfMonth{0, KeepEnd + 1, 255} {
		_, err := d.AddMonths(1, eom)
		require.ErrorIs(t, err, ErrUnknownEndOfMonth)
		assert.Contains(t, err.Error(), "2024-01-31")
		assert.Contains(t, err.Error(), eom.String())
		_, err = d.AddYears(1, eom)
		require.ErrorIs(t, err, ErrUnknownEndOfMonth)
	}
	_, err := Date{}.AddMonths(1, Clamp)
	require.ErrorIs(t, err, ErrOutOfRange)
	assert.Contains(t, err.Error(), "zero date")
	_, err = Date{}.AddYears(1, Clamp)
	require.ErrorIs(t, err, ErrOutOfRange)
}

func TestAddYears(t *testing.T) {
	tests := []struct {
		from string
		n    int
		eom  EndOfMonth
		want string // "" for out of range
	}{
		{"2024-02-29", 1, Clamp, "2025-02-28"},
		{"2024-02-29", 1, KeepEnd, "2025-02-28"},
		{"2024-02-29", 1, Overflow, "2025-03-01"}, // like time.AddDate(1, 0, 0)
		{"2024-02-29", 4, Clamp, "2028-02-29"},
		{"2023-02-28", 1, KeepEnd, "2024-02-29"}, // month end to month end
		{"2023-02-28", 1, Clamp, "2024-02-28"},
		{"1896-02-29", 4, Clamp, "1900-02-28"}, // 1900 is not a leap year
		{"1996-02-29", 4, Clamp, "2000-02-29"}, // 2000 is
		{"2024-09-01", -3, Clamp, "2021-09-01"},
		{"0001-06-15", -1, Clamp, ""},
		{"9999-01-01", 1, Clamp, ""},
		{"0001-01-01", 9998, Clamp, "9999-01-01"},
		{"0001-01-01", 9999, Clamp, ""},
		{"2024-01-01", int(^uint(0) >> 1), Clamp, ""}, // 12·n would overflow int
		{"2024-01-01", -int(^uint(0)>>1) - 1, Clamp, ""},
		{"2024-01-01", int(^uint(0)>>1) / 12, Clamp, ""}, // 12·n just fits, but far out of range
	}
	for _, tt := range tests {
		t.Run(tt.from+"+"+itoa(tt.n)+"y/"+tt.eom.String(), func(t *testing.T) {
			d := MustParse(tt.from)
			r, err := d.AddYears(tt.n, tt.eom)
			if tt.want == "" {
				require.ErrorIs(t, err, ErrOutOfRange)
				assert.Contains(t, err.Error(), tt.from)
				assert.Contains(t, err.Error(), "years")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, r.String())
			m, err := d.AddMonths(12*tt.n, tt.eom)
			require.NoError(t, err)
			assert.Equal(t, m, r)
		})
	}
}

// oracleAddMonths computes AddMonths with time.Time in UTC: time.Date
// normalises month overflow (month 14 is February of the next year) and day
// overflow (31 February is in March), which is exactly Overflow; Clamp and
// KeepEnd are derived from the target month's length, itself computed as the
// day before the first of the following month.
func oracleAddMonths(d Date, n int, eom EndOfMonth) (y int, m time.Month, day int) {
	first := time.Date(d.Year(), d.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	lastOfD := time.Date(d.Year(), d.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	switch {
	case eom == Overflow:
		t := time.Date(d.Year(), d.Month()+time.Month(n), d.Day(), 0, 0, 0, 0, time.UTC)
		return t.Year(), t.Month(), t.Day()
	case eom == KeepEnd && d.Day() == lastOfD:
		return first.Year(), first.Month(), last
	default:
		return first.Year(), first.Month(), min(d.Day(), last)
	}
}

func randDate(rng *rand.Rand) Date {
	d, _ := fromDays(minDays + rng.IntN(maxDays-minDays+1))
	return d
}

// Property: AddMonths agrees with the time.Time oracle for random dates,
// month counts and policies, including near the month ends where the
// policies differ.
func TestAddMonthsOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(2024, 131))
	for i := range 50000 {
		d := randDate(rng)
		if i%2 == 0 { // half the time, a day at or near a month end
			d.day = uint8(max(1, DaysIn(d.Year(), d.Month())-rng.IntN(3)))
		}
		n := rng.IntN(2*1200+1) - 1200 // ±100 years
		if i%10 == 0 {
			n = rng.IntN(2*maxMonths+1) - maxMonths
		}
		eom := EndOfMonth(1 + rng.IntN(3))
		r, err := d.AddMonths(n, eom)
		y, m, day := oracleAddMonths(d, n, eom)
		if y < MinYear || y > MaxYear {
			require.ErrorIs(t, err, ErrOutOfRange, "%s + %d (%v)", d, n, eom)
			continue
		}
		require.NoError(t, err, "%s + %d (%v)", d, n, eom)
		require.Equal(t, [3]int{y, int(m), day}, [3]int{r.Year(), int(r.Month()), r.Day()}, "%s + %d (%v)", d, n, eom)
	}
}

func TestMonthsBetween(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		// From the brief.
		{"2024-01-31", "2024-02-29", 1}, // 2024-01-31 + 1 month (Clamp) = 2024-02-29
		{"2024-01-31", "2024-02-28", 0},
		{"2024-01-15", "2024-02-14", 0},
		{"2024-01-15", "2024-02-15", 1},
		{"2024-01-15", "2024-01-15", 0},
		{"2024-01-15", "2024-01-31", 0},
		{"2023-01-31", "2023-02-28", 1}, // 2023-01-31 + 1 month (Clamp) = 2023-02-28
		{"2024-01-31", "2024-03-30", 1}, // + 2 months = 2024-03-31 > 2024-03-30
		{"2024-01-31", "2024-03-31", 2},
		{"2024-02-29", "2025-02-28", 12}, // + 12 months clamps to 2025-02-28
		{"2024-02-29", "2028-02-28", 47}, // + 48 months is 2028-02-29
		{"2024-02-29", "2028-02-29", 48},
		{"2024-09-01", "2027-08-31", 35}, // 3 years less a day
		{"2024-09-01", "2027-09-01", 36},
		{"2024-12-31", "2025-01-01", 0}, // year boundary, one day
		{"2024-12-15", "2025-01-15", 1},
		{"1900-01-31", "1900-02-28", 1}, // 1900: 28-day February
		{"2000-01-31", "2000-02-28", 0}, // 2000: 29-day February
		{"0001-01-01", "9999-12-31", 9999*12 - 1},
		{"0001-01-31", "9999-12-30", 9999*12 - 2}, // 9999-12-31 would be the full count
		// Reversed: -MonthsBetween(b, a).
		{"2024-02-29", "2024-01-31", -1},
		{"2024-02-28", "2024-01-31", 0},
		{"2024-03-30", "2024-01-31", -1},
		{"2024-03-31", "2024-02-29", -1}, // MonthsBetween(2024-02-29, 2024-03-31) = 1
		{"9999-12-31", "0001-01-01", -(9999*12 - 1)},
	}
	for _, tt := range tests {
		t.Run(tt.a+"→"+tt.b, func(t *testing.T) {
			a, b := MustParse(tt.a), MustParse(tt.b)
			assert.Equal(t, tt.want, MonthsBetween(a, b))
			assert.Equal(t, -tt.want, MonthsBetween(b, a))
		})
	}
	assert.Equal(t, 0, MonthsBetween(Date{}, MustParse("2024-01-01")))
	assert.Equal(t, 0, MonthsBetween(MustParse("2024-01-01"), Date{}))
}

// Property: for random a ≤ b, n = MonthsBetween(a, b) satisfies
// a.AddMonths(n, Clamp) ≤ b < a.AddMonths(n+1, Clamp), where an
// out-of-range a.AddMonths(n+1) counts as after every date.
func TestMonthsBetweenProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 28))
	for i := range 50000 {
		a, b := randDate(rng), randDate(rng)
		if i%2 == 0 { // often close together, and at month ends
			b, _ = a.AddDays(rng.IntN(800))
			if b.IsZero() {
				continue
			}
			if i%4 == 0 {
				a = a.lastOfMonth()
			}
		}
		if b.Before(a) {
			a, b = b, a
		}
		n := MonthsBetween(a, b)
		require.GreaterOrEqual(t, n, 0)
		lo, err := a.AddMonths(n, Clamp)
		require.NoError(t, err)
		require.False(t, lo.After(b), "%s + %d months = %s > %s", a, n, lo, b)
		hi, err := a.AddMonths(n+1, Clamp)
		if err == nil {
			require.True(t, hi.After(b), "%s + %d months = %s ≤ %s", a, n+1, hi, b)
		}
		require.Equal(t, -n, MonthsBetween(b, a))
	}
}

func BenchmarkAddMonths(b *testing.B) {
	d := MustParse("2024-01-31")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.AddMonths(13, KeepEnd); err != nil {
			b.Fatal(err)
		}
	}
}

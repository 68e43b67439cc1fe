package civil

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTrainingYear(t *testing.T) {
	tests := []struct {
		start, d string
		want     int
	}{
		{"2024-09-01", "2024-09-01", 1},
		{"2024-09-01", "2025-08-31", 1}, // the day before 2025-09-01
		{"2024-09-01", "2025-09-01", 2},
		{"2024-09-01", "2026-08-31", 2},
		{"2024-09-01", "2026-09-01", 3},
		{"2024-09-01", "2027-08-31", 3}, // last day of a 3-year training
		{"2024-09-01", "2027-09-01", 4},
		{"2024-08-01", "2025-01-01", 1}, // a new calendar year is not a new training year
		// A start on 29 February (see the TrainingYear doc): years begin on
		// start.AddYears(k-1, Clamp).
		{"2024-02-29", "2025-02-27", 1},
		{"2024-02-29", "2025-02-28", 2}, // 2025 has no 29 February: clamped
		{"2024-02-29", "2026-02-27", 2},
		{"2024-02-29", "2026-02-28", 3},
		{"2024-02-29", "2028-02-28", 4}, // year 5 begins on 2028-02-29
		{"2024-02-29", "2028-02-29", 5},
		// A start on 31 January: clamping applies to February only, and all
		// training years start on 31 January.
		{"2024-01-31", "2025-01-30", 1},
		{"2024-01-31", "2025-01-31", 2},
		{"0001-01-01", "9999-12-31", 9999}, // 9998 full years, then the 9999th
	}
	for _, tt := range tests {
		t.Run(tt.start+"→"+tt.d, func(t *testing.T) {
			start, d := MustParse(tt.start), MustParse(tt.d)
			got, err := TrainingYear(start, d)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			p, err := TrainingYearPeriod(start, tt.want)
			require.NoError(t, err)
			assert.True(t, p.Contains(d), "%s not in year %d = %s", d, tt.want, p)
		})
	}
}

func TestTrainingYearErrors(t *testing.T) {
	start := MustParse("2024-09-01")
	_, err := TrainingYear(start, MustParse("2024-08-31"))
	require.ErrorIs(t, err, ErrBeforeStart)
	assert.EqualError(t, err, "civil: training year of 2024-08-31 for training started 2024-09-01: date is before the start")
	_, err = TrainingYear(Date{}, start)
	require.ErrorIs(t, err, ErrOutOfRange)
	assert.Contains(t, err.Error(), "zero date")
	_, err = TrainingYear(start, Date{})
	require.ErrorIs(t, err, ErrOutOfRange)

	for _, k := range []int{0, -1} {
		_, err = TrainingYearPeriod(start, k)
		require.ErrorIs(t, err, ErrOutOfRange)
		assert.Contains(t, err.Error(), "training year "+itoa(k))
	}
	_, err = TrainingYearPeriod(Date{}, 1)
	require.ErrorIs(t, err, ErrOutOfRange)
	// Year 1 from 9999-01-02 would end on 10000-01-01.
	_, err = TrainingYearPeriod(MustParse("9999-01-02"), 1)
	require.ErrorIs(t, err, ErrOutOfRange)
	assert.EqualError(t, err, "civil: training year 1 for training started 9999-01-02: ends after 9999-12-31: out of range")
	_, err = TrainingYearPeriod(start, int(^uint(0)>>1))
	require.ErrorIs(t, err, ErrOutOfRange)
	assert.Contains(t, err.Error(), "starts after 9999-12-31")
	_, err = TrainingYearPeriod(Date{}, 0)
	assert.EqualError(t, err, "civil: training year 0 for training started the zero date: out of range")
}

func TestTrainingYearPeriod(t *testing.T) {
	tests := []struct {
		start string
		k     int
		want  string
		days  int
	}{
		{"2024-09-01", 1, "2024-09-01/2025-08-31", 365}, // no 29 February inside
		{"2024-09-01", 4, "2027-09-01/2028-08-31", 366}, // contains 2028-02-29
		{"2024-02-29", 1, "2024-02-29/2025-02-27", 365}, // see the TrainingYear doc
		{"2024-02-29", 2, "2025-02-28/2026-02-27", 365},
		{"2024-02-29", 4, "2027-02-28/2028-02-28", 366},
		{"2024-02-29", 5, "2028-02-29/2029-02-27", 365},
		{"9998-12-31", 1, "9998-12-31/9999-12-30", 365},
		{"0001-01-01", 9999, "9999-01-01/9999-12-31", 365}, // the next year would start on 10000-01-01
		{"9999-01-01", 1, "9999-01-01/9999-12-31", 365},
	}
	for _, tt := range tests {
		t.Run(tt.start+"#"+itoa(tt.k), func(t *testing.T) {
			p, err := TrainingYearPeriod(MustParse(tt.start), tt.k)
			require.NoError(t, err)
			assert.Equal(t, tt.want, p.String())
			assert.Equal(t, tt.days, p.Days())
		})
	}
}

// Property: consecutive training years are contiguous, and TrainingYear maps
// each of their first and last days, and a random day inside, back to k.
func TestTrainingYearProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 2))
	for range 2000 {
		start := randDate(rng)
		if start.Year() > 9990 {
			continue
		}
		prev := Period{}
		for k := 1; k <= 5; k++ {
			p, err := TrainingYearPeriod(start, k)
			require.NoError(t, err)
			if k == 1 {
				require.Equal(t, start, p.Start())
			} else {
				require.Equal(t, prev.End().Next(), p.Start())
			}
			require.True(t, p.Days() >= 365 && p.Days() <= 366, "%s", p)
			mid, err := p.Start().AddDays(rng.IntN(p.Days()))
			require.NoError(t, err)
			for _, d := range []Date{p.Start(), p.End(), mid} {
				got, err := TrainingYear(start, d)
				require.NoError(t, err)
				require.Equal(t, k, got, "start %s, day %s", start, d)
			}
			prev = p
		}
	}
}

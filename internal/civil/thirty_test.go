package civil

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestThirtieths(t *testing.T) {
	tests := []struct {
		p    string
		want int
	}{
		// From the brief.
		{"2024-02-15/2024-02-29", 15},   // 29 - 15 + 1 days of a partly covered February
		{"2024-01-16/2024-03-10", 56},   // 16 (Jan 16–31) + 30 (all Feb) + 10 (Mar 1–10)
		{"2024-02-01/2024-02-29", 30},   // a whole February counts 30
		{"2023-02-01/2023-02-28", 30},   // also in a common year
		{"2024-01-01/2024-01-31", 30},   // a whole 31-day month counts 30, not 31
		{"2024-01-02/2024-01-31", 30},   // 30 covered days of 31 = 30, as much as the whole month
		{"2024-01-01/2024-01-30", 30},   // likewise
		{"2024-01-03/2024-01-31", 29},   // 29 days
		{"2024-02-02/2024-02-29", 28},   // February missing one day: 28 days
		{"2023-02-02/2023-02-28", 27},   // 27 days
		{"2024-04-01/2024-04-30", 30},   // 30-day month
		{"2024-06-10/2024-06-10", 1},    // one day
		{"2024-01-31/2024-02-01", 2},    // 1 + 1 across a month boundary
		{"2024-01-01/2024-12-31", 360},  // 12 whole months × 30
		{"2024-09-01/2027-08-31", 1080}, // 36 whole months × 30
		{"2024-12-17/2025-01-16", 31},   // 15 (Dec 17–31) + 16 (Jan 1–16)
		{"2024-01-31/2024-03-01", 32},   // 1 (Jan 31) + 30 (Feb) + 1 (Mar 1)
		{"0001-01-01/9999-12-31", 9999 * 12 * 30},
	}
	for _, tt := range tests {
		t.Run(tt.p, func(t *testing.T) {
			assert.Equal(t, tt.want, Thirtieths(pp(tt.p)))
		})
	}
}

// Property: Thirtieths equals the sum over Months() of the per-month rule and
// never exceeds 30 per calendar month touched. It is not additive: cutting p
// at c changes the total only if c's month is wholly inside p and c is not its
// 1st; then that month is worth its day count in two parts instead of 30 as a
// whole, so the total moves by DaysIn - 30 (-2 to +1).
func TestThirtiethsProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 1))
	for range 5000 {
		a := randDate(rng)
		b, err := a.AddDays(rng.IntN(1500))
		if err != nil {
			continue
		}
		p := MustNewPeriod(a, b)
		got := Thirtieths(p)

		sum, months := 0, 0
		for q := range p.Months() {
			months++
			full := q.Start().Day() == 1 && q.End() == q.End().lastOfMonth()
			if full {
				sum += 30
			} else {
				sum += min(q.Days(), 30)
			}
		}
		require.Equal(t, sum, got, "%s", p)
		require.LessOrEqual(t, got, 30*months)
		require.GreaterOrEqual(t, got, 1)

		c, err := a.AddDays(1 + rng.IntN(p.Days()))
		if err != nil || !p.Contains(c) {
			continue
		}
		split := 0
		for _, q := range p.SplitAt(c) {
			split += Thirtieths(q)
		}
		want := 0
		month := MustNewPeriod(firstOfMonth(c), c.lastOfMonth())
		if c.Day() != 1 && p.Contains(month.Start()) && p.Contains(month.End()) {
			want = month.Days() - 30
		}
		require.Equal(t, want, split-got, "%s cut at %s", p, c)
	}
}

package exact

import (
	"testing"

	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/stretchr/testify/assert"
)

// TestNoAllocs: the fast paths allocate nothing when they succeed, on
// operands that take every branch (integers, shared and coprime
// denominators, cross-reduction, a 128-bit rounding quotient).
func TestNoAllocs(t *testing.T) {
	third, sixth := MustNew(1, 3), MustNew(1, 6)
	amount, rate, days := MustNew(600000, 100), MustNew(13, 10), MustNew(200, 365)
	big1, tiny := MustNew(maxI-1, maxI), MustNew(1, maxI-2)
	fen := MustNew(1, 100)
	var r Rat
	var c int
	tests := []struct {
		name string
		f    func()
		want string // the result, to show that the operation ran
	}{
		{"Add integers", func() { r, _ = MustNew(2, 1).Add(MustNew(3, 1)) }, "5"},
		{"Add", func() { r, _ = third.Add(sixth) }, "0.5"},
		{"Add coprime", func() { r, _ = third.Add(MustNew(1, 7)) }, "10/21"},
		{"Sub", func() { r, _ = third.Sub(sixth) }, "1/6"},
		{"Mul", func() { r, _ = amount.Mul(rate) }, "7800"},
		{"Mul cross-reduced", func() { r, _ = MustNew(7800, 1).Mul(days) }, "312000/73"},
		{"MulInt", func() { r, _ = days.MulInt(365) }, "200"},
		{"Quo", func() { r, _ = third.Quo(sixth) }, "2"},
		{"Round", func() { r, _ = MustNew(312000, 73).Round(fen, money.HalfUp) }, "4273.97"},
		{"Round 128-bit", func() { r, _ = big1.Round(tiny, money.Down) }, MustNew(maxI-3, maxI-2).String()},
		// (M−2)/M over a quantum of (M−1)/2: a divisor M(M−1) above 2^64.
		{"Round 128/128", func() { r, _ = MustNew(maxI-2, maxI).Round(MustNew(maxI-1, 2), money.Up) }, "4611686018427387903"},
		{"Cmp", func() { c = big1.Cmp(tiny) }, "0.5"},
		{"Neg", func() { r = third.Neg() }, "-1/3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r = MustNew(1, 2) // what Cmp leaves alone
			assert.Zero(t, testing.AllocsPerRun(100, tt.f))
			assert.Equal(t, tt.want, r.String())
		})
	}
	assert.Equal(t, 1, c)
}

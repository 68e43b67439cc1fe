package money

import (
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var allModes = []RoundingMode{HalfUp, HalfEven, Down, Up, Floor, Ceiling}

// dec parses a decimal for a test table.
func dec(t testing.TB, s string) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(s)
	require.NoError(t, err, s)
	return d
}

func TestRound(t *testing.T) {
	// Each row: x and its rounding under the six modes, in the order
	// HalfUp, HalfEven, Down, Up, Floor, Ceiling. The comment says where x
	// lies between its two neighbouring multiples of the quantum.
	tests := []struct {
		quantum string
		x       string
		want    [6]string
	}{
		// Quantum 1: the table of the package documentation.
		{"1", "2.5", [6]string{"3", "2", "2", "3", "2", "3"}},          // half between 2 (even) and 3
		{"1", "3.5", [6]string{"4", "4", "3", "4", "3", "4"}},          // half between 3 (odd) and 4
		{"1", "2.4", [6]string{"2", "2", "2", "3", "2", "3"}},          // below half
		{"1", "2.6", [6]string{"3", "3", "2", "3", "2", "3"}},          // above half
		{"1", "2", [6]string{"2", "2", "2", "2", "2", "2"}},            // a multiple
		{"1", "-2.5", [6]string{"-3", "-2", "-2", "-3", "-3", "-2"}},   // half between -3 and -2 (even)
		{"1", "-3.5", [6]string{"-4", "-4", "-3", "-4", "-4", "-3"}},   // half between -4 (even) and -3
		{"1", "-2.4", [6]string{"-2", "-2", "-2", "-3", "-3", "-2"}},   // below half
		{"1", "-2.6", [6]string{"-3", "-3", "-2", "-3", "-3", "-2"}},   // above half
		{"1", "0.5", [6]string{"1", "0", "0", "1", "0", "1"}},          // half between 0 (even) and 1
		{"1", "-0.5", [6]string{"-1", "0", "0", "-1", "-1", "0"}},      // half between -1 and 0 (even)
		{"1", "0", [6]string{"0", "0", "0", "0", "0", "0"}},            // zero
		{"1", "-7", [6]string{"-7", "-7", "-7", "-7", "-7", "-7"}},     // a negative multiple
		{"1", "0.0001", [6]string{"0", "0", "0", "1", "0", "1"}},       // just above zero
		{"1", "-0.0001", [6]string{"0", "0", "0", "-1", "-1", "0"}},    // just below zero
		{"1", "2.4999999999", [6]string{"2", "2", "2", "3", "2", "3"}}, // just below half
		{"1", "2.5000000001", [6]string{"3", "3", "2", "3", "2", "3"}}, // just above half
		{"1", "-2.4999999999", [6]string{"-2", "-2", "-2", "-3", "-3", "-2"}},
		{"1", "-2.5000000001", [6]string{"-3", "-3", "-2", "-3", "-3", "-2"}},

		// Quantum 0.01 (fen): 1234.565 is half way between 123456 fen (even)
		// and 123457 fen.
		{"0.01", "1234.565", [6]string{"1234.57", "1234.56", "1234.56", "1234.57", "1234.56", "1234.57"}},
		{"0.01", "-1234.565", [6]string{"-1234.57", "-1234.56", "-1234.56", "-1234.57", "-1234.57", "-1234.56"}},
		{"0.01", "1234.575", [6]string{"1234.58", "1234.58", "1234.57", "1234.58", "1234.57", "1234.58"}}, // 123457 is odd
		{"0.01", "1234.5649", [6]string{"1234.56", "1234.56", "1234.56", "1234.57", "1234.56", "1234.57"}},
		{"0.01", "1234.5651", [6]string{"1234.57", "1234.57", "1234.56", "1234.57", "1234.56", "1234.57"}},
		{"0.01", "1234.56", [6]string{"1234.56", "1234.56", "1234.56", "1234.56", "1234.56", "1234.56"}},
		{"0.01", "12", [6]string{"12", "12", "12", "12", "12", "12"}},
		// 1000/3 = 333.333…, below half of a fen either way.
		{"0.01", "333.3333333333", [6]string{"333.33", "333.33", "333.33", "333.34", "333.33", "333.34"}},

		// Quantum 0.05: 1.025 / 0.05 = 20.5 quanta (20 even), 1.075 / 0.05 =
		// 21.5 (21 odd), 1.02 / 0.05 = 20.4, 1.03 / 0.05 = 20.6.
		{"0.05", "1.025", [6]string{"1.05", "1", "1", "1.05", "1", "1.05"}},
		{"0.05", "1.075", [6]string{"1.1", "1.1", "1.05", "1.1", "1.05", "1.1"}},
		{"0.05", "-1.025", [6]string{"-1.05", "-1", "-1", "-1.05", "-1.05", "-1"}},
		{"0.05", "1.02", [6]string{"1", "1", "1", "1.05", "1", "1.05"}},
		{"0.05", "1.03", [6]string{"1.05", "1.05", "1", "1.05", "1", "1.05"}},

		// Quantum 100: 250 is half way between 200 (2 hundreds, even) and
		// 300; 350 between 300 (odd) and 400.
		{"100", "250", [6]string{"300", "200", "200", "300", "200", "300"}},
		{"100", "350", [6]string{"400", "400", "300", "400", "300", "400"}},
		{"100", "-250", [6]string{"-300", "-200", "-200", "-300", "-300", "-200"}},
		{"100", "249.99", [6]string{"200", "200", "200", "300", "200", "300"}},
		{"100", "250.01", [6]string{"300", "300", "200", "300", "200", "300"}},
		{"100", "1E3", [6]string{"1000", "1000", "1000", "1000", "1000", "1000"}},

		// Quantum 50: 75 = 1.5 quanta (1 odd); 125 = 2.5 quanta (2 even).
		{"50", "75", [6]string{"100", "100", "50", "100", "50", "100"}},
		{"50", "125", [6]string{"150", "100", "100", "150", "100", "150"}},

		// Quantum 0.03, not a divisor of any power of ten: 0.045 = 1.5
		// quanta, 0.075 = 2.5 quanta.
		{"0.03", "0.045", [6]string{"0.06", "0.06", "0.03", "0.06", "0.03", "0.06"}},
		{"0.03", "0.075", [6]string{"0.09", "0.06", "0.06", "0.09", "0.06", "0.09"}},
		{"0.03", "-0.075", [6]string{"-0.09", "-0.06", "-0.06", "-0.09", "-0.09", "-0.06"}},
	}
	for _, tt := range tests {
		for i, mode := range allModes {
			t.Run(tt.quantum+"/"+tt.x+"/"+mode.String(), func(t *testing.T) {
				r, err := NewRounding(dec(t, tt.quantum), mode)
				require.NoError(t, err)
				got := r.Round(dec(t, tt.x))
				want := dec(t, tt.want[i])
				assert.True(t, got.Equal(want), "Round(%s) = %s, want %s", tt.x, got, want)
				// The exact path agrees with whatever path Round took.
				exact := r.roundExact(dec(t, tt.x))
				assert.True(t, exact.Equal(want), "roundExact(%s) = %s, want %s", tt.x, exact, want)
			})
		}
	}
}

func TestRoundRepresentation(t *testing.T) {
	fen := MustNewRounding(dec(t, "0.01"), HalfUp)
	// A multiple comes back as itself (same exponent)...
	x := dec(t, "12")
	assert.Equal(t, int32(0), fen.Round(x).Exponent())
	// ...anything else with the quantum's exponent, on both paths.
	y := dec(t, "12.345")
	assert.Equal(t, "12.35", fen.Round(y).StringFixed(-fen.Round(y).Exponent()))
	assert.Equal(t, int32(-2), fen.roundExact(y).Exponent())
	// Round to 0: still the quantum's exponent.
	assert.Equal(t, "0.00", fen.Round(dec(t, "0.001")).StringFixed(2))
	assert.Equal(t, int32(-2), fen.Round(dec(t, "0.001")).Exponent())
}

func TestRoundZeroRounding(t *testing.T) {
	var r Rounding
	assert.False(t, r.IsValid())
	assert.Equal(t, "none", r.String())
	x := dec(t, "1.005")
	assert.True(t, r.Round(x).Equal(x), "the zero Rounding leaves values alone")
	assert.False(t, r.Apply(x).Changed())
}

func TestNewRoundingErrors(t *testing.T) {
	tests := []struct {
		name    string
		quantum decimal.Decimal
		mode    RoundingMode
		target  error
		msg     string
	}{
		{"zero quantum", decimal.Zero, HalfUp, ErrInvalidArgument, "money: NewRounding: quantum = 0: must be greater than zero"},
		{"negative quantum", dec(t, "-0.01"), HalfUp, ErrInvalidArgument, "money: NewRounding: quantum = -0.01: must be greater than zero"},
		{"zero mode", dec(t, "0.01"), 0, ErrInvalidRoundingMode, "money: NewRounding: mode = RoundingMode(0): not a rounding mode (the zero value is not one)"},
		{"mode 7", dec(t, "0.01"), 7, ErrInvalidRoundingMode, "money: NewRounding: mode = RoundingMode(7): not a rounding mode (the zero value is not one)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewRounding(tt.quantum, tt.mode)
			require.ErrorIs(t, err, tt.target)
			assert.EqualError(t, err, tt.msg)
			var ae *ArgError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, "NewRounding", ae.Op)
			assert.False(t, r.IsValid())
			assert.Panics(t, func() { MustNewRounding(tt.quantum, tt.mode) })
		})
	}
}

func TestRoundingAccessors(t *testing.T) {
	r := MustNewRounding(dec(t, "0.010"), HalfEven)
	assert.True(t, r.Quantum().Equal(dec(t, "0.01")))
	assert.Equal(t, HalfEven, r.Mode())
	assert.True(t, r.IsValid())
	assert.Equal(t, "0.010 half-even", r.String(), "the quantum keeps its written decimals")
	assert.True(t, r.Equal(MustNewRounding(dec(t, "0.01"), HalfEven)), "0.010 and 0.01 are the same quantum")
	assert.False(t, r.Equal(MustNewRounding(dec(t, "0.01"), HalfUp)))
	assert.False(t, r.Equal(Rounding{}))
	assert.Equal(t, "100 down", MustNewRounding(dec(t, "1e2"), Down).String())
}

func TestStep(t *testing.T) {
	r := MustNewRounding(dec(t, "0.01"), HalfUp)
	tests := []struct {
		x, after, delta string
		changed         bool
		text            string
	}{
		// 1234.565 → 1234.57: +0.005.
		{"1234.565", "1234.57", "0.005", true, "1234.565 -> 1234.57 (0.01 half-up)"},
		// -0.004 → 0 (half-up, below half): +0.004.
		{"-0.004", "0", "0.004", true, "-0.004 -> 0.00 (0.01 half-up)"},
		// Already a multiple: unchanged, written as given.
		{"7.50", "7.50", "0", false, "7.50 -> 7.50 (0.01 half-up)"},
	}
	for _, tt := range tests {
		t.Run(tt.x, func(t *testing.T) {
			s := r.Apply(dec(t, tt.x))
			assert.True(t, s.Before.Equal(dec(t, tt.x)))
			assert.True(t, s.After.Equal(dec(t, tt.after)), "After = %s", s.After)
			assert.True(t, s.Delta().Equal(dec(t, tt.delta)), "Delta = %s", s.Delta())
			assert.True(t, s.Rounding.Equal(r))
			assert.Equal(t, tt.changed, s.Changed())
			assert.Equal(t, tt.text, s.String())
		})
	}
}

func TestRoundUnits(t *testing.T) {
	// Each row: v and quantum in units, and the result for HalfUp,
	// HalfEven, Down, Up, Floor, Ceiling ("overflow" where it leaves int64).
	tests := []struct {
		name       string
		v, quantum int64
		want       [6]string
	}{
		// 1234.50 yuan in fen to whole yuan: 123450 = 1234·100 + 50, a half,
		// 1234 even.
		{"half, even below", 123450, 100, [6]string{"123500", "123400", "123400", "123500", "123400", "123500"}},
		// 123550 = 1235·100 + 50, 1235 odd.
		{"half, odd below", 123550, 100, [6]string{"123600", "123600", "123500", "123600", "123500", "123600"}},
		{"negative half", -123450, 100, [6]string{"-123500", "-123400", "-123400", "-123500", "-123500", "-123400"}},
		{"negative half, odd", -123550, 100, [6]string{"-123600", "-123600", "-123500", "-123600", "-123600", "-123500"}},
		{"just below half", 123449, 100, [6]string{"123400", "123400", "123400", "123500", "123400", "123500"}},
		{"just above half", 123451, 100, [6]string{"123500", "123500", "123400", "123500", "123400", "123500"}},
		{"negative just below half", -123449, 100, [6]string{"-123400", "-123400", "-123400", "-123500", "-123500", "-123400"}},
		{"negative just above half", -123451, 100, [6]string{"-123500", "-123500", "-123400", "-123500", "-123500", "-123400"}},
		{"multiple", 123400, 100, [6]string{"123400", "123400", "123400", "123400", "123400", "123400"}},
		{"negative multiple", -123400, 100, [6]string{"-123400", "-123400", "-123400", "-123400", "-123400", "-123400"}},
		{"zero", 0, 100, [6]string{"0", "0", "0", "0", "0", "0"}},
		{"quantum 1", 17, 1, [6]string{"17", "17", "17", "17", "17", "17"}},
		// Odd quantum 5: 7 = 1·5 + 2 (below half, 2·2 < 5), 8 = 1·5 + 3 (above).
		{"odd quantum below", 7, 5, [6]string{"5", "5", "5", "10", "5", "10"}},
		{"odd quantum above", 8, 5, [6]string{"10", "10", "5", "10", "5", "10"}},
		// MaxInt64 = 9223372036854775807 = 92233720368547758·100 + 7: away
		// from zero would be 9223372036854775900 > MaxInt64.
		{"MaxInt64", math.MaxInt64, 100, [6]string{"9223372036854775800", "9223372036854775800", "9223372036854775800", "overflow", "9223372036854775800", "overflow"}},
		// MinInt64 = -9223372036854775808 = -92233720368547758·100 - 8.
		{"MinInt64", math.MinInt64, 100, [6]string{"-9223372036854775800", "-9223372036854775800", "-9223372036854775800", "overflow", "overflow", "-9223372036854775800"}},
		// A quantum as large as MaxInt64 = 2^63 - 1: 2^62 is just above half
		// of it, so the half modes go to ±MaxInt64.
		{"huge quantum", 1 << 62, math.MaxInt64, [6]string{"9223372036854775807", "9223372036854775807", "0", "9223372036854775807", "0", "9223372036854775807"}},
		{"huge quantum negative", -(1 << 62), math.MaxInt64, [6]string{"-9223372036854775807", "-9223372036854775807", "0", "-9223372036854775807", "-9223372036854775807", "0"}},
		// MinInt64 = -1·MaxInt64 - 1: the remainder 1 is far below half.
		{"MinInt64 by MaxInt64", math.MinInt64, math.MaxInt64, [6]string{"-9223372036854775807", "-9223372036854775807", "-9223372036854775807", "overflow", "overflow", "-9223372036854775807"}},
	}
	for _, tt := range tests {
		for i, mode := range allModes {
			t.Run(tt.name+"/"+mode.String(), func(t *testing.T) {
				got, err := RoundUnits(tt.v, tt.quantum, mode)
				if tt.want[i] == "overflow" {
					require.ErrorIs(t, err, ErrOverflow)
					var ae *ArgError
					require.ErrorAs(t, err, &ae)
					assert.Equal(t, "v", ae.Arg)
					assert.Equal(t, strconv.FormatInt(tt.v, 10), ae.Value)
					return
				}
				require.NoError(t, err)
				assert.Equal(t, tt.want[i], strconv.FormatInt(got, 10))
			})
		}
	}
}

func TestRoundUnitsErrors(t *testing.T) {
	_, err := RoundUnits(100, 0, HalfUp)
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.EqualError(t, err, "money: RoundUnits: quantum = 0: must be greater than zero")
	_, err = RoundUnits(100, -5, HalfUp)
	require.ErrorIs(t, err, ErrInvalidArgument)
	_, err = RoundUnits(100, 10, 0)
	require.ErrorIs(t, err, ErrInvalidRoundingMode)
	_, err = RoundUnits(math.MaxInt64, 100, Up)
	assert.EqualError(t, err, "money: RoundUnits: v = 9223372036854775807: rounding up to a multiple of 100 overflows int64")
}

// randDecimal returns a random decimal with up to maxDigits digits and an
// exponent in [minExp, maxExp].
func randDecimal(rng *rand.Rand, maxDigits int, minExp, maxExp int32) decimal.Decimal {
	digits := 1 + rng.IntN(maxDigits)
	c := new(big.Int)
	for range digits {
		c.Mul(c, big.NewInt(10))
		c.Add(c, big.NewInt(rng.Int64N(10)))
	}
	if rng.IntN(2) == 0 {
		c.Neg(c)
	}
	return decimal.NewFromBigInt(c, minExp+rng.Int32N(maxExp-minExp+1))
}

// randQuantum returns a positive quantum: usually a common one, sometimes a
// random decimal.
func randQuantum(rng *rand.Rand) decimal.Decimal {
	common := []string{"0.01", "1", "0.05", "100", "50", "0.1", "0.03", "7", "0.010", "1e-12"}
	if rng.IntN(3) > 0 {
		return decimal.RequireFromString(common[rng.IntN(len(common))])
	}
	return decimal.New(1+rng.Int64N(999), -6+rng.Int32N(10))
}

// ratRound is an independent oracle for Round: it divides x by the quantum as
// an exact fraction and decides on the fractional part.
func ratRound(x, quantum decimal.Decimal, mode RoundingMode) decimal.Decimal {
	t := new(big.Rat).Quo(x.Rat(), quantum.Rat())
	neg := t.Sign() < 0
	t.Abs(t)
	n := new(big.Int).Quo(t.Num(), t.Denom()) // floor of |x|/quantum
	frac := new(big.Rat).Sub(t, new(big.Rat).SetInt(n))
	half := frac.Cmp(big.NewRat(1, 2))
	away := false
	if frac.Sign() != 0 {
		switch mode {
		case HalfUp:
			away = half >= 0
		case HalfEven:
			away = half > 0 || half == 0 && n.Bit(0) == 1
		case Up:
			away = true
		case Floor:
			away = neg
		case Ceiling:
			away = !neg
		}
	}
	if away {
		n.Add(n, big.NewInt(1))
	}
	if neg {
		n.Neg(n)
	}
	return decimal.NewFromBigInt(n, 0).Mul(quantum)
}

func TestRoundProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(20240901, 1))
	for i := range 20000 {
		x := randDecimal(rng, 24, -16, 4)
		q := randQuantum(rng)
		mode := allModes[rng.IntN(len(allModes))]
		r := MustNewRounding(q, mode)
		got := r.Round(x)

		want := ratRound(x, q, mode)
		if !got.Equal(want) {
			t.Fatalf("#%d: %s.Round(%s) = %s, oracle %s", i, r, x, got, want)
		}
		// The exact path gives the same value and representation.
		exact := r.roundExact(x)
		if !exact.Equal(got) || exact.Exponent() != got.Exponent() {
			t.Fatalf("#%d: %s: roundExact(%s) = %s (exp %d), Round = %s (exp %d)", i, r, x, exact, exact.Exponent(), got, got.Exponent())
		}
		// The result is a multiple of the quantum, less than one quantum
		// from x, and rounding it again changes nothing.
		if _, rem := got.QuoRem(q, 0); !rem.IsZero() {
			t.Fatalf("#%d: %s.Round(%s) = %s, not a multiple", i, r, x, got)
		}
		if got.Sub(x).Abs().Cmp(q) >= 0 {
			t.Fatalf("#%d: %s.Round(%s) = %s, a quantum or more away", i, r, x, got)
		}
		if again := r.Round(got); !again.Equal(got) {
			t.Fatalf("#%d: %s.Round(%s) = %s, not idempotent", i, r, got, again)
		}
		// Symmetry: HalfUp, HalfEven, Down and Up commute with negation;
		// Floor and Ceiling swap.
		neg := MustNewRounding(q, mirror(mode))
		if ng := neg.Round(x.Neg()); !ng.Equal(got.Neg()) {
			t.Fatalf("#%d: %s.Round(%s) = %s, but %s.Round(%s) = %s", i, r, x, got, neg, x.Neg(), ng)
		}
	}
}

// mirror returns the mode that rounds -x to minus what mode rounds x to.
func mirror(mode RoundingMode) RoundingMode {
	switch mode {
	case Floor:
		return Ceiling
	case Ceiling:
		return Floor
	}
	return mode
}

func TestRoundUnitsAgreesWithRound(t *testing.T) {
	// The integer path and the decimal path are the same function: for v
	// units of 10^-scale and a quantum of q such units,
	// RoundUnits(v, q) · 10^-scale = Round(v · 10^-scale) at quantum q · 10^-scale.
	rng := rand.New(rand.NewPCG(7, 2026))
	edges := []int64{0, 1, -1, math.MaxInt64, math.MinInt64, math.MaxInt64 - 1, math.MinInt64 + 1}
	for i := range 20000 {
		var v, q int64
		switch rng.IntN(4) {
		case 0:
			v = edges[rng.IntN(len(edges))]
		case 1:
			v = rng.Int64N(2_000_001) - 1_000_000
		default:
			v = int64(rng.Uint64())
		}
		switch rng.IntN(3) {
		case 0:
			q = []int64{1, 2, 5, 10, 50, 100, 3, 7, math.MaxInt64}[rng.IntN(9)]
		case 1:
			q = 1 + rng.Int64N(1_000_000)
		default:
			q = 1 + rng.Int64N(math.MaxInt64)
		}
		scale := rng.Int32N(13)
		mode := allModes[rng.IntN(len(allModes))]

		got, err := RoundUnits(v, q, mode)
		r := MustNewRounding(FromUnits(q, scale), mode)
		want := r.Round(FromUnits(v, scale))
		exact := r.roundExact(FromUnits(v, scale))
		require.True(t, exact.Equal(want), "#%d: paths disagree on %d/%d %s: %s vs %s", i, v, q, mode, exact, want)
		if err != nil {
			// An overflow only where the exact result leaves int64.
			require.ErrorIs(t, err, ErrOverflow, "#%d", i)
			_, err := ToUnits(want, scale)
			require.ErrorIs(t, err, ErrOverflow, "#%d: RoundUnits(%d, %d, %s) overflowed but the exact result %s fits", i, v, q, mode, want)
			continue
		}
		require.True(t, FromUnits(got, scale).Equal(want), "#%d: RoundUnits(%d, %d, %s) = %d, Round gives %s", i, v, q, mode, got, want)
	}
}

func TestRoundExtremeExponents(t *testing.T) {
	// Decimals far outside what ParseAmount admits must not panic (shopspring's
	// QuoRem would, for an exponent span beyond int32) nor expand into
	// billions of digits when the answer is simple.
	tests := []struct {
		name    string
		x       decimal.Decimal
		quantum string
		mode    RoundingMode
		want    decimal.Decimal
	}{
		// 10^2147483647 is a multiple of 0.01: returned as is.
		{"huge multiple", decimal.New(1, math.MaxInt32), "0.01", HalfUp, decimal.New(1, math.MaxInt32)},
		{"huge multiple of 0.05", decimal.New(-3, math.MaxInt32), "0.05", Floor, decimal.New(-3, math.MaxInt32)},
		// 7·10^-2147483648 is far below half a unit.
		{"tiny half-up", decimal.New(7, math.MinInt32), "1", HalfUp, decimal.Zero},
		{"tiny up", decimal.New(7, math.MinInt32), "1", Up, decimal.New(1, 0)},
		{"tiny negative floor", decimal.New(-7, math.MinInt32), "100", Floor, decimal.New(-100, 0)},
		{"tiny negative ceiling", decimal.New(-7, math.MinInt32), "100", Ceiling, decimal.Zero},
		// 9223372036854775800 = 16·576460752303423487 + 8, exactly half way:
		// the int64 path overflows rounding up to 9223372036854775808
		// (MaxInt64 + 1) and the exact path answers.
		{"int64 overflow, half-up", decimal.New(922337203685477580, 1), "16", HalfUp, decimal.RequireFromString("9223372036854775808")},
		{"int64 overflow, half-even", decimal.New(922337203685477580, 1), "16", HalfEven, decimal.RequireFromString("9223372036854775808")}, // the quotient is odd
		{"int64 overflow, down", decimal.New(922337203685477580, 1), "16", Down, decimal.RequireFromString("9223372036854775792")},
		// 10^40 = 3·(3.33…·10^39) + 1 in units of 3: a remainder of 1 of a 3.
		{"large, quantum 3", decimal.New(1, 40), "3", HalfUp, decimal.RequireFromString("9999999999999999999999999999999999999999")},
		{"large, quantum 3, up", decimal.New(1, 40), "3", Up, decimal.RequireFromString("10000000000000000000000000000000000000002")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := MustNewRounding(dec(t, tt.quantum), tt.mode)
			got := r.Round(tt.x)
			assert.True(t, got.Equal(tt.want), "got %s", show(got))
		})
	}
}

func FuzzRound(f *testing.F) {
	// x = xc·10^xe, quantum = qc·10^qe (qc made positive), mode m mod 6.
	f.Add(int64(25), int8(-1), int64(1), int8(0), uint8(0))             // 2.5 at 1, half-up
	f.Add(int64(-25), int8(-1), int64(1), int8(0), uint8(1))            // -2.5 at 1, half-even
	f.Add(int64(1025), int8(-3), int64(5), int8(-2), uint8(0))          // 1.025 at 0.05
	f.Add(int64(math.MaxInt64), int8(0), int64(100), int8(0), uint8(3)) // overflows int64 upward
	f.Add(int64(math.MinInt64), int8(-2), int64(3), int8(-2), uint8(4))
	f.Add(int64(7), int8(-128), int64(1), int8(127), uint8(5))
	f.Fuzz(func(t *testing.T, xc int64, xe int8, qc int64, qe int8, m uint8) {
		if qc == 0 {
			return
		}
		switch {
		case qc == math.MinInt64:
			qc = math.MaxInt64 // |MinInt64| is no int64
		case qc < 0:
			qc = -qc
		}
		x, q := decimal.New(xc, int32(xe)), decimal.New(qc, int32(qe))
		mode := allModes[int(m)%len(allModes)]
		r, err := NewRounding(q, mode)
		if err != nil {
			// Only a quantum whose text is beyond what JSON reads back.
			if _, perr := ParseAmountWithin(canonical(q), MaxAmountLength, MaxAmountLength); perr == nil {
				t.Fatalf("NewRounding(%s): %v", q, err)
			}
			return
		}
		got := r.Round(x)
		if want := ratRound(x, q, mode); !got.Equal(want) {
			t.Fatalf("%s.Round(%s) = %s, oracle %s", r, x, got, want)
		}
		if exact := r.roundExact(x); !exact.Equal(got) || exact.Exponent() != got.Exponent() {
			t.Fatalf("%s.Round(%s): Round %s, roundExact %s", r, x, got, exact)
		}
		// The units path agrees where both are expressed in the same units.
		if xe == qe {
			u, err := RoundUnits(xc, qc, mode)
			if err != nil {
				if _, terr := ToUnits(got.Shift(-int32(xe)), 0); terr == nil {
					t.Fatalf("RoundUnits(%d, %d, %s): %v, but the result %s fits", xc, qc, mode, err, got)
				}
			} else if !decimal.New(u, int32(xe)).Equal(got) {
				t.Fatalf("RoundUnits(%d, %d, %s) = %d, Round gives %s", xc, qc, mode, u, got)
			}
		}
	})
}

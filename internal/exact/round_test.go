package exact

import (
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRound(t *testing.T) {
	// Each row: x and its rounding to the quantum under the six modes, in
	// the order HalfUp, HalfEven, Down, Up, Floor, Ceiling. The comment
	// gives x/quantum, which decides: its fraction against ½, and for
	// HalfEven the parity of its integer part.
	tests := []struct {
		quantum string
		x       string
		want    [6]string
	}{
		// Quantum 1 (the table of the money package documentation).
		{"1", "2.5", [6]string{"3", "2", "2", "3", "2", "3"}},        // 2.5: half, 2 even
		{"1", "3.5", [6]string{"4", "4", "3", "4", "3", "4"}},        // 3.5: half, 3 odd
		{"1", "2.4", [6]string{"2", "2", "2", "3", "2", "3"}},        // below half
		{"1", "2.6", [6]string{"3", "3", "2", "3", "2", "3"}},        // above half
		{"1", "-2.5", [6]string{"-3", "-2", "-2", "-3", "-3", "-2"}}, // half, 2 even
		{"1", "-3.5", [6]string{"-4", "-4", "-3", "-4", "-4", "-3"}}, // half, 3 odd
		{"1", "-2.4", [6]string{"-2", "-2", "-2", "-3", "-3", "-2"}},
		{"1", "-2.6", [6]string{"-3", "-3", "-2", "-3", "-3", "-2"}},
		{"1", "0.5", [6]string{"1", "0", "0", "1", "0", "1"}}, // half, 0 even
		{"1", "-0.5", [6]string{"-1", "0", "0", "-1", "-1", "0"}},
		{"1", "1/3", [6]string{"0", "0", "0", "1", "0", "1"}},
		{"1", "-1/3", [6]string{"0", "0", "0", "-1", "-1", "0"}},
		{"1", "2", [6]string{"2", "2", "2", "2", "2", "2"}}, // a multiple
		{"1", "0", [6]string{"0", "0", "0", "0", "0", "0"}},

		// Quantum 0.01 (fen): 1234.565 is 123456.5 fen (123456 even),
		// 1234.575 is 123457.5 fen (odd).
		{"0.01", "1234.565", [6]string{"1234.57", "1234.56", "1234.56", "1234.57", "1234.56", "1234.57"}},
		{"0.01", "-1234.565", [6]string{"-1234.57", "-1234.56", "-1234.56", "-1234.57", "-1234.57", "-1234.56"}},
		{"0.01", "1234.575", [6]string{"1234.58", "1234.58", "1234.57", "1234.58", "1234.57", "1234.58"}},
		{"0.01", "-1234.575", [6]string{"-1234.58", "-1234.58", "-1234.57", "-1234.58", "-1234.58", "-1234.57"}},
		// 1/3 = 33.33… fen (below half), −2/3 = −66.66… fen (above half).
		{"0.01", "1/3", [6]string{"0.33", "0.33", "0.33", "0.34", "0.33", "0.34"}},
		{"0.01", "-2/3", [6]string{"-0.67", "-0.67", "-0.66", "-0.67", "-0.67", "-0.66"}},
		// 312000/73 = 31200000/73 fen = 427397 + 19/73 fen (73·427397 =
		// 31199981): below half.
		{"0.01", "312000/73", [6]string{"4273.97", "4273.97", "4273.97", "4273.98", "4273.97", "4273.98"}},
		{"0.01", "-312000/73", [6]string{"-4273.97", "-4273.97", "-4273.97", "-4273.98", "-4273.98", "-4273.97"}},
		// 1/200 = 0.5 fen: half, 0 even.
		{"0.01", "1/200", [6]string{"0.01", "0", "0", "0.01", "0", "0.01"}},

		// Quantum 0.05: 1.025 = 20.5 quanta (20 even), 1.075 = 21.5 (21
		// odd), 1.02 = 20.4, −1.03 = −20.6.
		{"0.05", "1.025", [6]string{"1.05", "1", "1", "1.05", "1", "1.05"}},
		{"0.05", "1.075", [6]string{"1.1", "1.1", "1.05", "1.1", "1.05", "1.1"}},
		{"0.05", "-1.025", [6]string{"-1.05", "-1", "-1", "-1.05", "-1.05", "-1"}},
		{"0.05", "-1.075", [6]string{"-1.1", "-1.1", "-1.05", "-1.1", "-1.1", "-1.05"}},
		{"0.05", "1.02", [6]string{"1", "1", "1", "1.05", "1", "1.05"}},
		{"0.05", "-1.03", [6]string{"-1.05", "-1.05", "-1", "-1.05", "-1.05", "-1"}},

		// Quantum 100: 250 = 2.5 hundreds (2 even), 350 = 3.5 (3 odd),
		// 249.99 = 2.4999, −250.01 = −2.5001, 1000/3 = 3.33….
		{"100", "250", [6]string{"300", "200", "200", "300", "200", "300"}},
		{"100", "350", [6]string{"400", "400", "300", "400", "300", "400"}},
		{"100", "-250", [6]string{"-300", "-200", "-200", "-300", "-300", "-200"}},
		{"100", "-350", [6]string{"-400", "-400", "-300", "-400", "-400", "-300"}},
		{"100", "249.99", [6]string{"200", "200", "200", "300", "200", "300"}},
		{"100", "-250.01", [6]string{"-300", "-300", "-200", "-300", "-300", "-200"}},
		{"100", "1000/3", [6]string{"300", "300", "300", "400", "300", "400"}},

		// Quantum 1/3: 1/2 = 1.5 thirds (1 odd), 5/6 = 2.5 thirds (2
		// even), 0.4 = 1.2 thirds, −0.3 = −0.9 thirds, 7/12 = 1.75 thirds.
		{"1/3", "1/2", [6]string{"2/3", "2/3", "1/3", "2/3", "1/3", "2/3"}},
		{"1/3", "5/6", [6]string{"1", "2/3", "2/3", "1", "2/3", "1"}},
		{"1/3", "-1/2", [6]string{"-2/3", "-2/3", "-1/3", "-2/3", "-2/3", "-1/3"}},
		{"1/3", "-5/6", [6]string{"-1", "-2/3", "-2/3", "-1", "-1", "-2/3"}},
		{"1/3", "0.4", [6]string{"1/3", "1/3", "1/3", "2/3", "1/3", "2/3"}},
		{"1/3", "-0.3", [6]string{"-1/3", "-1/3", "0", "-1/3", "-1/3", "0"}},
		{"1/3", "7/12", [6]string{"2/3", "2/3", "1/3", "2/3", "1/3", "2/3"}},
		{"1/3", "1", [6]string{"1", "1", "1", "1", "1", "1"}},
	}
	for _, tt := range tests {
		for i, mode := range allModes {
			t.Run(tt.x+" to "+tt.quantum+" "+mode.String(), func(t *testing.T) {
				got, err := rat(t, tt.x).Round(rat(t, tt.quantum), mode)
				require.NoError(t, err)
				assert.Equal(t, rat(t, tt.want[i]), got, "got %v", got)
			})
		}
	}
}

func TestRoundErrors(t *testing.T) {
	third := MustNew(1, 3)
	tests := []struct {
		x, quantum Rat
		mode       money.RoundingMode
		wantErr    error
		wantText   string
	}{
		{third, Rat{}, money.HalfUp, ErrInvalidQuantum, "exact: Round(1/3, 0 half-up): invalid quantum"},
		{third, MustNew(-1, 100), money.Floor, ErrInvalidQuantum, "exact: Round(1/3, -0.01 floor): invalid quantum"},
		{third, MustNew(1, 100), 0, money.ErrInvalidRoundingMode, "exact: Round(1/3, 0.01 RoundingMode(0)): money: invalid rounding mode"},
		{third, MustNew(1, 100), 7, money.ErrInvalidRoundingMode, "exact: Round(1/3, 0.01 RoundingMode(7)): money: invalid rounding mode"},
		// M rounded up to a multiple of 2 is M + 1 = 2^63.
		{MustNew(maxI, 1), MustNew(2, 1), money.Up, ErrOverflow, "exact: Round(9223372036854775807, 2 up): out of int64 range"},
		// −M rounded down to a multiple of 10 is −M − 3.
		{MustNew(-maxI, 1), MustNew(10, 1), money.Floor, ErrOverflow, "exact: Round(-9223372036854775807, 10 floor): out of int64 range"},
	}
	for _, tt := range tests {
		t.Run(tt.wantText, func(t *testing.T) {
			got, err := tt.x.Round(tt.quantum, tt.mode)
			require.ErrorIs(t, err, tt.wantErr)
			assert.EqualError(t, err, tt.wantText)
			assert.Equal(t, Rat{}, got)
		})
	}
}

// TestRoundLimits: results at the edge of the range.
func TestRoundLimits(t *testing.T) {
	// M = 2^63 − 1 is odd; to a multiple of 2, HalfEven: M/2 = 2^62 − ½,
	// a half, and 2^62 − 1 is odd, so it goes to 2^62 ·2 = 2^63: overflow.
	// Down gives M − 1.
	m := MustNew(maxI, 1)
	_, err := m.Round(MustNew(2, 1), money.HalfEven)
	assert.ErrorIs(t, err, ErrOverflow)
	got, err := m.Round(MustNew(2, 1), money.Down)
	require.NoError(t, err)
	assert.Equal(t, MustNew(maxI-1, 1), got)

	// 1/M to a multiple of 1/(M−1) rounds up to 1/(M−1): Up fits.
	got, err = MustNew(1, maxI).Round(MustNew(1, maxI-1), money.Up)
	require.NoError(t, err)
	assert.Equal(t, MustNew(1, maxI-1), got)

	// M to a multiple of 1/M: M·M quanta, a 126-bit count, and exact.
	got, err = m.Round(MustNew(1, maxI), money.HalfUp)
	require.NoError(t, err)
	assert.Equal(t, m, got)

	// (M−1)/M to a multiple of 1/(M−2): (M−1)(M−2)/M quanta =
	// M − 3 + 2/M, so Down gives (M−3)/(M−2) and Up (M−2)/(M−2) = 1. The
	// count of quanta has a 126-bit numerator and a 63-bit divisor.
	x := MustNew(maxI-1, maxI)
	got, err = x.Round(MustNew(1, maxI-2), money.Down)
	require.NoError(t, err)
	assert.Equal(t, MustNew(maxI-3, maxI-2), got)
	got, err = x.Round(MustNew(1, maxI-2), money.Up)
	require.NoError(t, err)
	assert.Equal(t, MustNew(1, 1), got)
}

// quanta for the property tests: the usual ones and some awkward ones.
func propertyQuanta(rng *rand.Rand) Rat {
	switch rng.IntN(8) {
	case 0:
		return MustNew(1, 100)
	case 1:
		return MustNew(1, 1)
	case 2:
		return MustNew(1, 20)
	case 3:
		return MustNew(100, 1)
	case 4:
		return MustNew(1, 3)
	}
	for {
		q := randRat(rng)
		if q.Sign() < 0 {
			q = q.Neg()
		}
		if !q.IsZero() {
			return q
		}
	}
}

// TestRoundProperties checks Round against the test's own big.Rat rounding
// on random values, many near the int64 limits: equal when the true result
// fits, ErrOverflow exactly when it does not. It also checks that the result
// is a multiple of the quantum within one quantum of x.
func TestRoundProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	fit, over := 0, 0
	for range 100000 {
		x, q := randRat(rng), propertyQuanta(rng)
		mode := allModes[rng.IntN(len(allModes))]
		bx, bq := toBig(x), toBig(q)
		want := refRound(bx, bq, mode)
		got, err := x.Round(q, mode)
		if !fitsBig(want) {
			require.ErrorIs(t, err, ErrOverflow, "Round(%v, %v, %v) = %v, want %v", x, q, mode, got, want)
			over++
			continue
		}
		fit++
		require.NoError(t, err, "Round(%v, %v, %v)", x, q, mode)
		require.Equal(t, 0, toBig(got).Cmp(want), "Round(%v, %v, %v) = %v, want %v", x, q, mode, got, want)
		k := new(big.Rat).Quo(toBig(got), bq)
		require.True(t, k.IsInt(), "Round(%v, %v, %v) = %v is not a multiple", x, q, mode, got)
		d := new(big.Rat).Sub(toBig(got), bx)
		require.True(t, d.Abs(d).Cmp(bq) < 0, "Round(%v, %v, %v) = %v is a quantum or more away", x, q, mode, got)
	}
	assert.Greater(t, fit, 50000)
	assert.Greater(t, over, 1000)
}

func TestRoundDecimal(t *testing.T) {
	tests := []struct {
		x      string
		places int32
		want   [6]string // HalfUp, HalfEven, Down, Up, Floor, Ceiling
	}{
		// 1/3 = 0.333…, 2/3 = 0.666…
		{"1/3", 2, [6]string{"0.33", "0.33", "0.33", "0.34", "0.33", "0.34"}},
		{"-2/3", 2, [6]string{"-0.67", "-0.67", "-0.66", "-0.67", "-0.67", "-0.66"}},
		// 40/73 = 0.54794520…: 200 of 365 days, to 4 places.
		{"40/73", 4, [6]string{"0.5479", "0.5479", "0.5479", "0.5480", "0.5479", "0.5480"}},
		// 1/8 = 0.125: a half at 2 places, 12 even.
		{"1/8", 2, [6]string{"0.13", "0.12", "0.12", "0.13", "0.12", "0.13"}},
		{"-1/8", 2, [6]string{"-0.13", "-0.12", "-0.12", "-0.13", "-0.13", "-0.12"}},
		// A whole number keeps the requested places.
		{"5", 2, [6]string{"5.00", "5.00", "5.00", "5.00", "5.00", "5.00"}},
		{"0", 3, [6]string{"0.000", "0.000", "0.000", "0.000", "0.000", "0.000"}},
		// Negative places: −2 rounds to hundreds; 1250 is 12.5 hundreds, 12 even.
		{"1250", -2, [6]string{"1300", "1200", "1200", "1300", "1200", "1300"}},
		// M at 18 places: 9223372036854775807·10^18 is a 37-digit
		// coefficient, beyond int64, and exact.
		{sM, 18, [6]string{sM + ".000000000000000000", sM + ".000000000000000000", sM + ".000000000000000000", sM + ".000000000000000000", sM + ".000000000000000000", sM + ".000000000000000000"}},
		// 1/M at 18 places: 1.08…·10^−19, below half of 10^−18.
		{"1/" + sM, 18, [6]string{"0.000000000000000000", "0.000000000000000000", "0.000000000000000000", "0.000000000000000001", "0.000000000000000000", "0.000000000000000001"}},
		// M at −18 places: 9.22… ·10^18 rounds to 9 or 10 ·10^18.
		{sM, -18, [6]string{"9000000000000000000", "9000000000000000000", "9000000000000000000", "10000000000000000000", "9000000000000000000", "10000000000000000000"}},
	}
	for _, tt := range tests {
		for i, mode := range allModes {
			t.Run(tt.x+" "+strconv.Itoa(int(tt.places))+" "+mode.String(), func(t *testing.T) {
				got, err := rat(t, tt.x).RoundDecimal(tt.places, mode)
				require.NoError(t, err)
				assert.Equal(t, -tt.places, got.Exponent())
				assert.Equal(t, tt.want[i], got.StringFixed(max(tt.places, 0)))
			})
		}
	}
}

func TestRoundDecimalErrors(t *testing.T) {
	third := MustNew(1, 3)
	_, err := third.RoundDecimal(19, money.HalfUp)
	assert.ErrorIs(t, err, ErrInvalidQuantum)
	assert.EqualError(t, err, "exact: RoundDecimal(1/3, 1e-19 half-up): invalid quantum")
	_, err = third.RoundDecimal(-19, money.HalfUp)
	assert.ErrorIs(t, err, ErrInvalidQuantum)
	_, err = third.RoundDecimal(math.MinInt32, money.HalfUp)
	assert.EqualError(t, err, "exact: RoundDecimal(1/3, 1e2147483648 half-up): invalid quantum")
	_, err = third.RoundDecimal(2, 0)
	assert.ErrorIs(t, err, money.ErrInvalidRoundingMode)
}

// TestRoundDecimalProperties: RoundDecimal agrees with the reference
// rounding to 10^−places, and with Round where that one fits.
func TestRoundDecimalProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 21))
	for range 50000 {
		x := randRat(rng)
		places := int32(rng.IntN(2*MaxPlaces+1) - MaxPlaces)
		mode := allModes[rng.IntN(len(allModes))]
		q := new(big.Rat).SetFrac(big.NewInt(1), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil))
		if places < 0 {
			q.SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-places)), nil))
		}
		want := refRound(toBig(x), q, mode)
		got, err := x.RoundDecimal(places, mode)
		require.NoError(t, err)
		require.Equal(t, -places, got.Exponent())
		require.Equal(t, 0, got.Rat().Cmp(want), "RoundDecimal(%v, %d, %v) = %v, want %v", x, places, mode, got, want.FloatString(20))
	}
}

// TestRoundAgreesWithMoney: for decimals, Round with a decimal quantum gives
// what money.Rounding gives.
func TestRoundAgreesWithMoney(t *testing.T) {
	rng := rand.New(rand.NewPCG(34, 55))
	quanta := []string{"0.01", "1", "0.05", "100", "0.5", "0.25"}
	for range 20000 {
		x := decimal.New(rng.Int64N(2_000_000_000)-1_000_000_000, -int32(rng.IntN(6)))
		qs := quanta[rng.IntN(len(quanta))]
		mode := allModes[rng.IntN(len(allModes))]
		want := money.MustNewRounding(decimal.RequireFromString(qs), mode).Round(x)
		got, err := MustFromDecimal(x).Round(rat(t, qs), mode)
		require.NoError(t, err)
		require.Equal(t, MustFromDecimal(want), got, "%v to %s %v", x, qs, mode)
	}
}

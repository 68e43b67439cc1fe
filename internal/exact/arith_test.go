package exact

import (
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const maxI = math.MaxInt64 // M in the comments: 2^63 − 1

// binaryCase is one row of an arithmetic table; want "" means an error
// matching wantErr.
type binaryCase struct {
	a, b    string
	want    string
	wantErr error
}

func runBinary(t *testing.T, op string, f func(a, b Rat) (Rat, error), tests []binaryCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.a+" "+op+" "+tt.b, func(t *testing.T) {
			a, b := rat(t, tt.a), rat(t, tt.b)
			got, err := f(a, b)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				var e *Error
				require.ErrorAs(t, err, &e)
				assert.Equal(t, a.String(), e.A)
				assert.Equal(t, b.String(), e.B)
				assert.Equal(t, Rat{}, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, rat(t, tt.want), got, "got %v", got)
		})
	}
}

var (
	sM   = strconv.FormatInt(maxI, 10)   // M
	sM1  = strconv.FormatInt(maxI-1, 10) // M − 1
	sNeg = "-" + sM                      // −M
)

func TestAdd(t *testing.T) {
	runBinary(t, "+", Rat.Add, []binaryCase{
		{"2", "3", "5", nil},
		{"1/3", "1/6", "1/2", nil},    // g = 3: (1·2 + 1·1)/6 = 3/6 = 1/2
		{"1/3", "2/3", "1", nil},      // (1 + 2)/3
		{"-1/4", "1/6", "-1/12", nil}, // g = 2: (−1·3 + 1·2)/12
		{"1/2", "-1/2", "0", nil},
		{sM, "0", sM, nil},
		{sM, sNeg, "0", nil},
		// M/2 + M/2: the numerator 2M needs 64 bits before it is reduced.
		{sM + "/2", sM + "/2", sM, nil},
		// 1/2^62 + 1/2^62 = 2/2^62 = 1/2^61.
		{"1/4611686018427387904", "1/4611686018427387904", "1/2305843009213693952", nil},
		{sM, "1", "", ErrOverflow},               // 2^63
		{sNeg, "-1", "", ErrOverflow},            // −2^63 is out of range too
		{sM + "/3", sM + "/3", "", ErrOverflow},  // 2M/3: M mod 3 = 1, so nothing cancels
		{"1/" + sM, "1/" + sM1, "", ErrOverflow}, // denominator M(M−1)
	})
}

func TestSub(t *testing.T) {
	runBinary(t, "-", Rat.Sub, []binaryCase{
		{"1/2", "1/3", "1/6", nil}, // (3 − 2)/6
		{"1/3", "1/3", "0", nil},
		{"-1/4", "1/6", "-5/12", nil}, // (−3 − 2)/12
		{"0", sM, sNeg, nil},
		{sNeg, "1", "", ErrOverflow},
		{sM, "-1", "", ErrOverflow},
	})
}

func TestMul(t *testing.T) {
	runBinary(t, "×", Rat.Mul, []binaryCase{
		{"6000", "1.3", "7800", nil},          // 6000·13/10
		{"7800", "200/365", "312000/73", nil}, // 7800/365 = 1560/73 (gcd 5); ·200
		{"2/3", "3/2", "1", nil},
		{"-1/2", "1/3", "-1/6", nil},
		{"-1/2", "-1/3", "1/6", nil},
		{"0", sM, "0", nil},
		{sM, "1/" + sM, "1", nil}, // cross-reduction: M/M
		{sM + "/2", "2/" + sM, "1", nil},
		{"4611686018427387904/3", "3/2305843009213693952", "2", nil}, // 2^62/3 · 3/2^61
		{sM, "2", "", ErrOverflow},
		{"1/" + sM, "1/2", "", ErrOverflow},
		{"3037000500", "3037000500", "", ErrOverflow},            // 3037000500² ≈ 9.22·10^18 > M
		{"3037000499", "3037000499", "9223372030926249001", nil}, // 3037000499² < M
	})
}

func TestQuo(t *testing.T) {
	runBinary(t, "÷", Rat.Quo, []binaryCase{
		{"1/3", "2/3", "1/2", nil},
		{"1", sM, "1/" + sM, nil},
		{"1", sNeg, "-1/" + sM, nil}, // the sign moves to the numerator
		{"-6", "-4", "3/2", nil},
		{"312000/73", "100", "3120/73", nil},
		{"0", "5", "0", nil},
		{"1/3", "0", "", ErrDivisionByZero},
		{"0", "0", "", ErrDivisionByZero},
		{sM, "1/2", "", ErrOverflow},
	})
}

func TestMulInt(t *testing.T) {
	tests := []struct {
		a       string
		n       int64
		want    string
		wantErr error
	}{
		{"1/3", 3, "1", nil},
		{"1/365", 200, "40/73", nil}, // gcd(200, 365) = 5
		{sM + "/2", 2, sM, nil},
		{"1/2", math.MinInt64, "-4611686018427387904", nil}, // −2^63/2 = −2^62
		{"-1/4", math.MinInt64, "2305843009213693952", nil}, // 2^63/4 = 2^61
		{"1", math.MinInt64, "", ErrOverflow},
		{sM, 2, "", ErrOverflow},
		{"0", math.MinInt64, "0", nil},
	}
	for _, tt := range tests {
		t.Run(tt.a+"×"+strconv.FormatInt(tt.n, 10), func(t *testing.T) {
			got, err := rat(t, tt.a).MulInt(tt.n)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				assert.Contains(t, err.Error(), "MulInt("+rat(t, tt.a).String()+", "+strconv.FormatInt(tt.n, 10)+")")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, rat(t, tt.want), got)
		})
	}
}

func TestErrorText(t *testing.T) {
	_, err := MustNew(maxI, 1).Mul(MustNew(2, 1))
	assert.EqualError(t, err, "exact: Mul(9223372036854775807, 2): out of int64 range")
	_, err = MustNew(1, 3).Quo(Rat{})
	assert.EqualError(t, err, "exact: Quo(1/3, 0): division by zero")
	_, err = MustNew(-maxI, 1).Sub(MustNew(1, 2))
	assert.EqualError(t, err, "exact: Sub(-9223372036854775807, 0.5): out of int64 range")
	var e *Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, "Sub", e.Op)
}

// TestProrate is the computation the package exists for: a subsidy of 6000
// yuan × a rate of 1.3 × 200 of 365 days, rounded once to the fen.
func TestProrate(t *testing.T) {
	amount, rate := rat(t, "6000"), rat(t, "1.3")
	x, err := amount.Mul(rate) // 7800
	require.NoError(t, err)
	x, err = x.MulInt(200) // 1560000
	require.NoError(t, err)
	x, err = x.Quo(MustNew(365, 1)) // 1560000/365 = 312000/73 (gcd 5)
	require.NoError(t, err)
	assert.Equal(t, MustNew(312000, 73), x)
	// 312000/73 in fen is 31200000/73 = 427397 rem 19 (73·427397 =
	// 31199981); 19/73 is below a half, so half-up gives 4273.97.
	y, err := x.Round(MustNew(1, 100), allModes[0])
	require.NoError(t, err)
	assert.Equal(t, "4273.97", y.String())
}

// TestBudget shows where the int64 range ends for a prorated subsidy (the
// limits the package documentation states).
func TestBudget(t *testing.T) {
	rate := rat(t, "1.3")
	// 9999999999999.99 yuan = 999999999999999/100, times 13/10, times
	// 359/365 (359 is prime, so nothing cancels with 10·100·365): the
	// numerator is 999999999999999·13·359 ≈ 4.67·10^18 < M, the
	// denominator 100·10·365 = 365000.
	x, err := rat(t, "9999999999999.99").Mul(rate)
	require.NoError(t, err)
	x, err = x.Mul(MustNew(359, 365))
	require.NoError(t, err)
	assert.Equal(t, MustNew(999999999999999*13*359, 365000), x)

	// With four decimals, 9999999999999.9999 = 99999999999999999/10^4,
	// and 199 days: 99999999999999999·13·199 ≈ 2.6·10^20 > M; nothing
	// cancels (199 is prime, 13·199 shares nothing with 10^5·365).
	x, err = rat(t, "9999999999999.9999").Mul(rate)
	require.NoError(t, err)
	_, err = x.Mul(MustNew(199, 365))
	require.ErrorIs(t, err, ErrOverflow)
}

// TestArithProperties checks Add, Sub, Mul, Quo, MulInt and Cmp against
// math/big on random values, many near the int64 limits: each operation
// must agree with big.Rat when the exact result fits, and return ErrOverflow
// exactly when it does not.
func TestArithProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	type op struct {
		name string
		f    func(a, b Rat) (Rat, error)
		g    func(a, b *big.Rat) *big.Rat
	}
	ops := []op{
		{"Add", Rat.Add, func(a, b *big.Rat) *big.Rat { return new(big.Rat).Add(a, b) }},
		{"Sub", Rat.Sub, func(a, b *big.Rat) *big.Rat { return new(big.Rat).Sub(a, b) }},
		{"Mul", Rat.Mul, func(a, b *big.Rat) *big.Rat { return new(big.Rat).Mul(a, b) }},
		{"Quo", Rat.Quo, func(a, b *big.Rat) *big.Rat { return new(big.Rat).Quo(a, b) }},
	}
	fit, over := map[string]int{}, map[string]int{}
	for range 100000 {
		a, b := randRat(rng), randRat(rng)
		if rng.IntN(4) == 0 { // share a denominator now and then
			b = MustNew(b.Num(), a.Den())
		}
		ba, bb := toBig(a), toBig(b)
		for _, o := range ops {
			got, err := o.f(a, b)
			if o.name == "Quo" && b.IsZero() {
				require.ErrorIs(t, err, ErrDivisionByZero)
				continue
			}
			want := o.g(ba, bb)
			if fitsBig(want) {
				require.NoError(t, err, "%s(%v, %v)", o.name, a, b)
				require.Equal(t, 0, toBig(got).Cmp(want), "%s(%v, %v) = %v, want %v", o.name, a, b, got, want)
				fit[o.name]++
			} else {
				require.ErrorIs(t, err, ErrOverflow, "%s(%v, %v) = %v, want %v", o.name, a, b, got, want)
				over[o.name]++
			}
		}
		require.Equal(t, ba.Cmp(bb), a.Cmp(b), "Cmp(%v, %v)", a, b)

		n := randInt(rng)
		if rng.IntN(2) == 0 {
			n = -n
		}
		if rng.IntN(50) == 0 {
			n = math.MinInt64
		}
		got, err := a.MulInt(n)
		want := new(big.Rat).Mul(ba, new(big.Rat).SetInt64(n))
		if fitsBig(want) {
			require.NoError(t, err, "MulInt(%v, %d)", a, n)
			require.Equal(t, 0, toBig(got).Cmp(want), "MulInt(%v, %d)", a, n)
		} else {
			require.ErrorIs(t, err, ErrOverflow, "MulInt(%v, %d)", a, n)
		}
	}
	// The generator must reach both sides of the limit for every operation.
	for _, o := range ops {
		assert.Greater(t, fit[o.name], 10000, o.name)
		assert.Greater(t, over[o.name], 10000, o.name)
	}
}

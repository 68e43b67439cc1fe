package exact

import (
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNew(t *testing.T) {
	tests := []struct {
		num, den         int64
		wantNum, wantDen int64
		wantErr          error
	}{
		{6, 4, 3, 2, nil},       // gcd(6, 4) = 2
		{6, -4, -3, 2, nil},     // the sign moves to the numerator
		{-6, -4, 3, 2, nil},     // two minus signs cancel
		{0, -7, 0, 1, nil},      // zero is 0/1
		{365, 365, 1, 1, nil},   // a whole year
		{200, 365, 40, 73, nil}, // gcd(200, 365) = 5
		{math.MaxInt64, math.MaxInt64, 1, 1, nil},
		{math.MaxInt64, -1, -math.MaxInt64, 1, nil},
		// −2^63 / 2 = −2^62 fits once reduced.
		{math.MinInt64, 2, -(1 << 62), 1, nil},
		// −2^63 / −2^63 = 1.
		{math.MinInt64, math.MinInt64, 1, 1, nil},
		// 6 / −2^63 = −3 / 2^62.
		{6, math.MinInt64, -3, 1 << 62, nil},
		{5, 0, 0, 1, ErrDivisionByZero},
		{math.MinInt64, 1, 0, 1, ErrOverflow},  // |num| would be 2^63
		{1, math.MinInt64, 0, 1, ErrOverflow},  // den would be 2^63
		{math.MinInt64, -1, 0, 1, ErrOverflow}, // 2^63
	}
	for _, tt := range tests {
		t.Run("", func(t *testing.T) {
			r, err := New(tt.num, tt.den)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				var e *Error
				require.ErrorAs(t, err, &e)
				assert.Equal(t, "New", e.Op)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantNum, r.Num())
			assert.Equal(t, tt.wantDen, r.Den())
		})
	}
}

func TestNewErrorText(t *testing.T) {
	_, err := New(5, 0)
	assert.EqualError(t, err, "exact: New(5, 0): division by zero")
	_, err = New(1, math.MinInt64)
	assert.EqualError(t, err, "exact: New(1, -9223372036854775808): out of int64 range")
	_, err = Int(math.MinInt64)
	assert.EqualError(t, err, "exact: Int(-9223372036854775808): out of int64 range")
	assert.True(t, errors.Is(err, ErrOverflow))
	assert.PanicsWithError(t, "exact: New(1, 0): division by zero", func() { MustNew(1, 0) })
}

func TestZeroValue(t *testing.T) {
	var z Rat
	assert.Equal(t, int64(0), z.Num())
	assert.Equal(t, int64(1), z.Den())
	assert.True(t, z.IsZero())
	assert.True(t, z.IsInt())
	assert.Equal(t, 0, z.Sign())
	assert.Equal(t, "0", z.String())
	// The zero value, Int(0) and New(0, 9) are the same value, also by ==.
	i, err := Int(0)
	require.NoError(t, err)
	assert.True(t, z == i)
	assert.True(t, z == MustNew(0, 9))
	// It works as an operand: 0 + 1/3 = 1/3.
	s, err := z.Add(MustNew(1, 3))
	require.NoError(t, err)
	assert.Equal(t, MustNew(1, 3), s)
}

func TestInt(t *testing.T) {
	for _, n := range []int64{0, 1, -1, 365, math.MaxInt64, -math.MaxInt64} {
		r, err := Int(n)
		require.NoError(t, err)
		assert.Equal(t, n, r.Num())
		assert.Equal(t, int64(1), r.Den())
		assert.True(t, r.IsInt())
	}
}

func TestNeg(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1/3", "-1/3"},
		{"-1/3", "1/3"},
		{"0", "0"},
		{"9223372036854775807", "-9223372036854775807"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, rat(t, tt.want), rat(t, tt.in).Neg())
		})
	}
}

func TestCmp(t *testing.T) {
	const maxI = math.MaxInt64
	tests := []struct {
		a, b Rat
		want int
	}{
		{MustNew(1, 3), MustNew(1, 3), 0},
		{MustNew(1, 3), MustNew(1, 2), -1},
		{MustNew(-1, 3), MustNew(-1, 2), 1}, // −1/3 > −1/2
		{MustNew(-1, 3), MustNew(1, 3), -1},
		{Rat{}, MustNew(-1, maxI), 1},
		{Rat{}, Rat{}, 0},
		{MustNew(2, 1), MustNew(3, 1), -1}, // equal denominators
		// MaxInt64/(MaxInt64−1) > (MaxInt64−1)/(MaxInt64−2): the cross
		// products differ by 1 and need 126 bits:
		// M(M−2) = M² − 2M and (M−1)² = M² − 2M + 1.
		{MustNew(maxI-1, maxI-2), MustNew(maxI, maxI-1), 1},
		{MustNew(-(maxI - 1), maxI-2), MustNew(-maxI, maxI-1), -1},
		{MustNew(maxI, 1), MustNew(maxI-1, 1), 1},
		{MustNew(1, maxI), MustNew(1, maxI-1), -1},
	}
	for _, tt := range tests {
		t.Run(tt.a.String()+" vs "+tt.b.String(), func(t *testing.T) {
			assert.Equal(t, tt.want, tt.a.Cmp(tt.b))
			assert.Equal(t, -tt.want, tt.b.Cmp(tt.a))
		})
	}
}

func TestMinMax(t *testing.T) {
	a, b := MustNew(1, 3), MustNew(1, 2)
	assert.Equal(t, a, Min(a, b))
	assert.Equal(t, a, Min(b, a))
	assert.Equal(t, b, Max(a, b))
	assert.Equal(t, b, Max(b, a))
	assert.Equal(t, a, Min(a, a))
}

func TestString(t *testing.T) {
	tests := []struct {
		r    Rat
		want string
	}{
		{Rat{}, "0"},
		{MustNew(7, 1), "7"},
		{MustNew(-7, 1), "-7"},
		{MustNew(2469, 2), "1234.5"},
		{MustNew(-1, 4), "-0.25"},
		{MustNew(1, 128), "0.0078125"}, // 2^-7 = 78125·10^-7
		{MustNew(1, 3), "1/3"},         // not a finite decimal
		{MustNew(-200, 73), "-200/73"}, // 73 is prime
		{MustNew(1, 6), "1/6"},         // 6 = 2·3
		// 1/2^62 = 5^62/10^62, and 5^62 = 21684043449710088680149056017398834228515625
		// (44 digits), so 18 zeros follow the point.
		{MustNew(1, 1<<62), "0.00000000000000000021684043449710088680149056017398834228515625"},
		{MustNew(math.MaxInt64, 10), "922337203685477580.7"},
		{MustNew(-math.MaxInt64, 1), "-9223372036854775807"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got := tt.r.String()
			assert.Equal(t, tt.want, got)
			back, ok := new(big.Rat).SetString(got)
			require.True(t, ok)
			assert.Equal(t, 0, back.Cmp(toBig(tt.r)), "SetString(%q)", got)
		})
	}
}

// TestStringProperties: String reads back exactly through big.Rat, and is a
// plain decimal exactly when the denominator is 2^x·5^y.
func TestStringProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for range 20000 {
		r := randRat(rng)
		if rng.IntN(2) == 0 { // make finite expansions common
			r = MustNew(r.Num(), int64(1)<<rng.IntN(30)*int64(pow10(rng.IntN(10))))
		}
		s := r.String()
		back, ok := new(big.Rat).SetString(s)
		require.True(t, ok, s)
		require.Equal(t, 0, back.Cmp(toBig(r)), s)
		_, finite := r.terminating()
		require.Equal(t, !finite, strings.Contains(s, "/"), s)
	}
}

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

func TestToUnits(t *testing.T) {
	tests := []struct {
		d     string
		scale int32
		want  int64
	}{
		{"12.34", 2, 1234},
		{"-12.34", 2, -1234},
		{"12.3", 2, 1230},
		{"12.3400", 2, 1234}, // trailing zeros beyond the scale are fine
		{"12", 0, 12},
		{"0", 18, 0},
		{"1E3", 2, 100000},
		{"92233720368547758.07", 2, math.MaxInt64},
		{"-92233720368547758.08", 2, math.MinInt64},
		// A 22-digit coefficient with trailing zeros: the big-integer branch.
		{"9223372036854775807.000", 0, math.MaxInt64},
		{"-9223372036854775808.000", 0, math.MinInt64},
		{"1.000000000000000000000", 18, 1_000_000_000_000_000_000},
	}
	for _, tt := range tests {
		t.Run(tt.d+"@"+strconv.Itoa(int(tt.scale)), func(t *testing.T) {
			got, err := ToUnits(dec(t, tt.d), tt.scale)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.True(t, FromUnits(got, tt.scale).Equal(dec(t, tt.d)))
		})
	}
}

func TestToUnitsErrors(t *testing.T) {
	tests := []struct {
		name   string
		d      decimal.Decimal
		scale  int32
		target error
		msg    string
	}{
		{"beyond scale", dec(t, "0.001"), 2, ErrNotMultiple, "money: ToUnits: d = 0.001: has non-zero digits beyond 2 decimal places"},
		{"beyond scale, big", dec(t, "12345678901234567890.001"), 2, ErrNotMultiple, "money: ToUnits: d = 12345678901234567890.001: has non-zero digits beyond 2 decimal places"},
		{"tiny", decimal.New(1, math.MinInt32), 18, ErrNotMultiple, "money: ToUnits: d = 1e-2147483648: has non-zero digits beyond 18 decimal places"},
		{"too big", dec(t, "92233720368547758.08"), 2, ErrOverflow, "money: ToUnits: d = 92233720368547758.08: out of int64 range at scale 2"},
		{"too big, small coefficient", dec(t, "1e17"), 2, ErrOverflow, "money: ToUnits: d = 100000000000000000: out of int64 range at scale 2"},
		{"huge", decimal.New(1, math.MaxInt32), 0, ErrOverflow, "money: ToUnits: d = 1e2147483647: out of int64 range at scale 0"},
		{"huge coefficient", dec(t, "123456789012345678901234567890"), 0, ErrOverflow, "money: ToUnits: d = 123456789012345678901234567890: out of int64 range at scale 0"},
		// 19-digit coefficients: the big-integer branch.
		{"big coefficient, far beyond scale", decimal.RequireFromString("1234567890123456789e-40"), 2, ErrNotMultiple,
			"money: ToUnits: d = 0.0000000000000000000001234567890123456789: has non-zero digits beyond 2 decimal places"},
		{"big coefficient, large exponent", decimal.RequireFromString("1234567890123456789e19"), 0, ErrOverflow,
			"money: ToUnits: d = 12345678901234567890000000000000000000: out of int64 range at scale 0"},
		{"negative scale", dec(t, "1"), -1, ErrInvalidArgument, "money: ToUnits: scale = -1: must be between 0 and 18"},
		{"scale 19", dec(t, "1"), 19, ErrInvalidArgument, "money: ToUnits: scale = 19: must be between 0 and 18"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ToUnits(tt.d, tt.scale)
			require.ErrorIs(t, err, tt.target)
			assert.EqualError(t, err, tt.msg)
		})
	}
}

func TestFromUnits(t *testing.T) {
	tests := []struct {
		u     int64
		scale int32
		want  string
	}{
		{1234, 2, "12.34"},
		{-5, 2, "-0.05"},
		{0, 2, "0"},
		{math.MaxInt64, 18, "9.223372036854775807"},
		{12, -2, "1200"}, // a negative scale counts hundreds
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got := FromUnits(tt.u, tt.scale)
			assert.True(t, got.Equal(dec(t, tt.want)), "got %s", got)
			assert.Equal(t, -tt.scale, got.Exponent())
		})
	}
	// The one scale whose negation is not an int32: 3·10^2147483648,
	// written as 30·10^2147483647.
	got := FromUnits(3, math.MinInt32)
	assert.Equal(t, int32(math.MaxInt32), got.Exponent())
	assert.Equal(t, "30", got.Coefficient().String())
}

func TestCheckedUnits(t *testing.T) {
	const maxI, minI = math.MaxInt64, math.MinInt64
	type op func(a, b int64) (int64, error)
	ops := map[string]struct {
		f   op
		sym string
		big func(z, a, b *big.Int) *big.Int
	}{
		"AddUnits": {AddUnits, "+", (*big.Int).Add},
		"SubUnits": {SubUnits, "-", (*big.Int).Sub},
		"MulUnits": {MulUnits, "*", (*big.Int).Mul},
	}
	edges := []int64{0, 1, -1, 2, -2, 3037000499, 3037000500, -3037000500, maxI, minI, maxI - 1, minI + 1, maxI / 2, minI / 2}
	rng := rand.New(rand.NewPCG(64, 128))
	for name, o := range ops {
		t.Run(name, func(t *testing.T) {
			check := func(a, b int64) {
				// The exact result in big integers is the oracle: the op
				// succeeds exactly when it fits an int64.
				want := o.big(new(big.Int), big.NewInt(a), big.NewInt(b))
				got, err := o.f(a, b)
				if want.IsInt64() {
					require.NoError(t, err, "%d %s %d", a, o.sym, b)
					require.Equal(t, want.Int64(), got, "%d %s %d", a, o.sym, b)
					return
				}
				require.ErrorIs(t, err, ErrOverflow, "%d %s %d = %s", a, o.sym, b, want)
				require.EqualError(t, err, "money: "+name+": "+strconv.FormatInt(a, 10)+" "+o.sym+" "+strconv.FormatInt(b, 10)+": overflows int64")
			}
			for _, a := range edges {
				for _, b := range edges {
					check(a, b)
				}
			}
			for range 10000 {
				a, b := int64(rng.Uint64()), int64(rng.Uint64())
				if rng.IntN(2) == 0 {
					b >>= rng.IntN(64) // small factors too
				}
				check(a, b)
			}
		})
	}
	// 3037000499² = 9223372030926249001 ≤ MaxInt64 < 3037000500² = 9223372037000250000.
	got, err := MulUnits(3037000499, 3037000499)
	require.NoError(t, err)
	assert.Equal(t, int64(9223372030926249001), got)
}

func TestSum(t *testing.T) {
	assert.True(t, Sum().IsZero())
	// 33.34 + 33.33 + 33.33 = 100.00
	assert.True(t, Sum(decs(t, "33.34", "33.33", "33.33")...).Equal(dec(t, "100")))
	// 0.1 + 0.2 = 0.3 exactly (no binary floating point).
	assert.True(t, Sum(decs(t, "0.1", "0.2")...).Equal(dec(t, "0.3")))
}

func TestShow(t *testing.T) {
	tests := []struct {
		d    decimal.Decimal
		want string
	}{
		{dec(t, "0.010"), "0.010"},
		{dec(t, "-12.50"), "-12.50"},
		{decimal.New(15, 2), "1500"},
		{decimal.Zero, "0"},
		{decimal.New(1, math.MaxInt32), "1e2147483647"},
		{decimal.New(-7, math.MinInt32), "-7e-2147483648"},
		// 41 digits: shown as coefficient and exponent, clipped to 40 bytes.
		{dec(t, "12345678901234567890123456789012345678901"), "1234567890123456789012345678901234567890...e0"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, show(tt.d))
		})
	}
}

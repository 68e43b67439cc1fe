package exact

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bigPow10 returns 10^n.
func bigPow10(n int64) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(n), nil) }

func TestFromDecimal(t *testing.T) {
	tests := []struct {
		name string
		d    decimal.Decimal
		want string // "" for ErrOverflow
	}{
		{"0", decimal.Decimal{}, "0"},
		{"0.00", decimal.New(0, -2), "0"},
		{"0.25", decimal.RequireFromString("0.25"), "1/4"},
		{"1234.50", decimal.RequireFromString("1234.50"), "2469/2"},
		{"-0.125", decimal.RequireFromString("-0.125"), "-1/8"},
		{"1.3", decimal.RequireFromString("1.3"), "13/10"},
		{"6e3", decimal.New(6, 3), "6000"},
		{"1e18", decimal.New(1, 18), "1000000000000000000"},
		{"1e19", decimal.New(1, 19), ""}, // 10^19 > M
		{"1e-18", decimal.New(1, -18), "1/1000000000000000000"},
		{"1e-19", decimal.New(1, -19), ""},       // denominator 10^19
		{"M", decimal.RequireFromString(sM), sM}, // 19 digits: the big-integer path
		{"-M", decimal.RequireFromString(sNeg), sNeg},
		{"2^63", decimal.RequireFromString("9223372036854775808"), ""},
		{"-2^63", decimal.RequireFromString("-9223372036854775808"), ""},
		// 5·10^21 · 10^−22: trailing zeros cancel.
		{"0.5 with 22 places", decimal.RequireFromString("0.5000000000000000000000"), "1/2"},
		// 2^−62 = 5^62·10^−62: a 44-digit coefficient, denominator 2^62.
		{"2^-62", decimal.RequireFromString("0.00000000000000000021684043449710088680149056017398834228515625"), "1/4611686018427387904"},
		// 2^−63 = 5^63·10^−63: denominator 2^63.
		{"2^-63", decimal.RequireFromString("0.000000000000000000108420217248550443400745280086994171142578125"), ""},
		{"1e-2000000000", decimal.New(1, -2000000000), ""},
		{"1e2000000000", decimal.New(1, 2000000000), ""},
		{"12345678901234567890.12345", decimal.RequireFromString("12345678901234567890.12345"), ""},
		// 10^30 · 10^−40 = 10^−10.
		{"1e30e-40", decimal.NewFromBigInt(bigPow10(30), -40), "1/10000000000"},
		// 10^100 · 10^−150 = 10^−50: denominator too large.
		{"1e100e-150", decimal.NewFromBigInt(bigPow10(100), -150), ""},
		// 5·10^100 · 10^−101 = 1/2: more than 62 places, all cancelling.
		{"5e100e-101", decimal.NewFromBigInt(new(big.Int).Mul(big.NewInt(5), bigPow10(100)), -101), "1/2"},
		// 7·10^100 · 10^−101 = 7/10, the same way with a denominator of 10.
		{"-7e100e-101", decimal.NewFromBigInt(new(big.Int).Mul(big.NewInt(-7), bigPow10(100)), -101), "-7/10"},
		// 10^18+1 in units of 10^−1000: far too small.
		{"(1e18+1)e-1000", decimal.NewFromBigInt(new(big.Int).Add(bigPow10(18), big.NewInt(1)), -1000), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FromDecimal(tt.d)
			if tt.want == "" {
				require.ErrorIs(t, err, ErrOverflow)
				var e *Error
				require.ErrorAs(t, err, &e)
				assert.Equal(t, "FromDecimal", e.Op)
				assert.LessOrEqual(t, len(e.A), 60, "the message shows a clipped value")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, rat(t, tt.want), got, "got %v", got)
		})
	}
}

func TestFromDecimalErrorText(t *testing.T) {
	_, err := FromDecimal(decimal.New(1, -19))
	assert.EqualError(t, err, "exact: FromDecimal(0.0000000000000000001): out of int64 range")
	_, err = FromDecimal(decimal.New(-25, 2000000000))
	assert.EqualError(t, err, "exact: FromDecimal(-25e2000000000): out of int64 range")
	assert.Panics(t, func() { MustFromDecimal(decimal.New(1, 19)) })
}

func TestDecimal(t *testing.T) {
	tests := []struct {
		r      Rat
		want   string // "" when there is no finite expansion
		places int32
	}{
		{Rat{}, "0", 0},
		{MustNew(7, 1), "7", 0},
		{MustNew(5, 2), "2.5", 1},
		{MustNew(-1, 8), "-0.125", 3},
		{MustNew(maxI, 10), "922337203685477580.7", 1},
		{MustNew(1, 1<<62), "0.00000000000000000021684043449710088680149056017398834228515625", 62}, // 5^62·10^−62
		// 1/5^27 = 2^27/10^27 = 134217728·10^−27.
		{MustNew(1, 7450580596923828125), "0.000000000000000000134217728", 27},
		// M/2^62: 62 places, coefficient M·5^62, far beyond int64.
		{MustNew(maxI, 1<<62), "", 62},
		{MustNew(1, 3), "", 0},
		{MustNew(200, 365), "", 0},
		{MustNew(1, 6), "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.r.String(), func(t *testing.T) {
			got, ok := tt.r.Decimal()
			_, finite := tt.r.terminating()
			require.Equal(t, finite, ok)
			if !ok {
				return
			}
			assert.Equal(t, -tt.places, got.Exponent())
			assert.Equal(t, 0, got.Rat().Cmp(toBig(tt.r)))
			if tt.want != "" {
				assert.Equal(t, tt.want, got.StringFixed(tt.places))
			}
		})
	}
}

// TestDecimalProperties: FromDecimal agrees with shopspring's own exact
// conversion to big.Rat (ErrOverflow exactly when that does not fit), and
// Decimal takes the result back to the same number.
func TestDecimalProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 13))
	fit, over := 0, 0
	for range 50000 {
		var d decimal.Decimal
		exp := int32(rng.IntN(100) - 80)
		switch rng.IntN(3) {
		case 0:
			d = decimal.New(randInt(rng)*int64(1-2*rng.IntN(2)), exp)
		case 1: // a coefficient of up to 40 digits
			c := new(big.Int).Mul(big.NewInt(randInt(rng)), bigPow10(int64(rng.IntN(22))))
			c.Add(c, big.NewInt(rng.Int64N(10)))
			d = decimal.NewFromBigInt(c, exp)
		default: // a power of two or five in decimal form
			r := MustNew(rng.Int64N(1000)+1, int64(1)<<rng.IntN(63))
			if rng.IntN(2) == 0 {
				r = MustNew(rng.Int64N(1000)+1, int64(pow10(rng.IntN(19))))
			}
			d, _ = r.Decimal()
		}
		want := d.Rat()
		got, err := FromDecimal(d)
		if !fitsBig(want) {
			require.ErrorIs(t, err, ErrOverflow, "FromDecimal(%v)", d)
			over++
			continue
		}
		fit++
		require.NoError(t, err, "FromDecimal(%v)", d)
		require.Equal(t, 0, toBig(got).Cmp(want), "FromDecimal(%v) = %v", d, got)
		back, ok := got.Decimal()
		require.True(t, ok)
		require.True(t, back.Equal(d), "%v → %v → %v", d, got, back)
	}
	assert.Greater(t, fit, 10000)
	assert.Greater(t, over, 5000)
}

func TestFromDecimalAllocs(t *testing.T) {
	d := decimal.RequireFromString("1234.56")
	var sink Rat
	allocs := testing.AllocsPerRun(100, func() { sink, _ = FromDecimal(d) })
	assert.Zero(t, allocs)
	assert.Equal(t, MustNew(123456, 100), sink)
}

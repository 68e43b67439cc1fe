package money

import (
	"errors"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in   string
		want string // the value, as decimal.NewFromString would read it
		exp  int32  // the exponent of the result
	}{
		{"0", "0", 0},
		{"-0", "0", 0},
		{"+0.00", "0", -2},
		{"12.50", "12.5", -2},
		{"-12.50", "-12.5", -2},
		{"+7", "7", 0},
		{"007.10", "7.1", -2},
		{"1.5e3", "1500", 0},   // 15·10^-1·10^3
		{"1.5E+3", "1500", 0},  // the same
		{"2E-2", "0.02", -2},   // 2·10^-2
		{"125e-2", "1.25", -2}, // 125·10^-2
		{"0.05e2", "5", 0},     // 5·10^-2·10^2
		{"0e9999", "0", 0},     // a zero with the largest exponent
		{"0.000e-9999", "0", -12},
		// Bounds: 18 integer digits, 12 decimals.
		{"999999999999999999", "999999999999999999", 0},
		{"-999999999999999999.999999999999", "-999999999999999999.999999999999", -12},
		{"0.000000000001", "0.000000000001", -12},
		{"1e17", "100000000000000000", 0},
		{"1e-12", "0.000000000001", -12},
		{"100000000000000000000e-3", "100000000000000000", -3},                      // 21 digits, 18 before the point after the exponent
		{"0.0000000000000000000001e10", "0.000000000001", -12},                      // 22 decimals, 12 after the exponent
		{"1.50000000000000000000", "1.5", -12},                                      // trailing zeros beyond 12 decimals are dropped
		{"000000000000000000000000000000000000000001", "1", 0},                      // leading zeros do not count
		{"123456789012345678.123456789012", "123456789012345678.123456789012", -12}, // 30 digits: the big.Int path
		{"-123456789012345678.12345678901", "-123456789012345678.12345678901", -11},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseAmount(tt.in)
			require.NoError(t, err)
			want := dec(t, tt.want)
			assert.True(t, got.Equal(want), "ParseAmount(%q) = %s, want %s", tt.in, got, want)
			assert.Equal(t, tt.exp, got.Exponent())
			assert.True(t, MustParseAmount(tt.in).Equal(want))
		})
	}
}

func TestParseAmountErrors(t *testing.T) {
	tests := []struct {
		in     string
		reason string
	}{
		{"", "empty"},
		{"-", "no digits"},
		{"+", "no digits"},
		{".5", "no digit before the decimal point"},
		{"-.5", "no digit before the decimal point"},
		{"5.", "no digit after the decimal point"},
		{"5.e3", "no digit after the decimal point"},
		{"1e", "no digits in the exponent"},
		{"1e+", "no digits in the exponent"},
		{"1e-", "no digits in the exponent"},
		{"1e99999", "exponent has more than 4 digits"},
		{"1e999999999", "exponent has more than 4 digits"},
		{"1e-999999999", "exponent has more than 4 digits"},
		{"1e00001", "exponent has more than 4 digits"},
		{" 1", "unexpected ' ' at byte 0"},
		{"1 ", "unexpected ' ' at byte 1"},
		{"1,000.00", "unexpected ',' at byte 1"},
		{"1_000", "unexpected '_' at byte 1"},
		{"NaN", "unexpected 'N' at byte 0"},
		{"Inf", "unexpected 'I' at byte 0"},
		{"-Infinity", "unexpected 'I' at byte 1"},
		{"0x10", "unexpected 'x' at byte 1"},
		{"1.2.3", "unexpected '.' at byte 3"},
		{"1e2e3", "unexpected 'e' at byte 3"},
		{"--1", "unexpected '-' at byte 1"},
		{"+-1", "unexpected '-' at byte 1"},
		{"¥12", "unexpected non-ASCII byte 0xc2 at byte 0"},
		{"\u22121", "unexpected non-ASCII byte 0xe2 at byte 0"}, // U+2212 MINUS SIGN, which shopspring accepts
		{"12\x00", "unexpected '\\x00' at byte 2"},
		{strings.Repeat("1", 65), "longer than 64 bytes"},
		{"1000000000000000000", "more than 18 integer digits"},
		{"1e18", "more than 18 integer digits"},
		{"0.1e19", "more than 18 integer digits"},
		{"0.0000000000001", "more than 12 decimal places"},
		{"1e-13", "more than 12 decimal places"},
		{"1234.5e-12", "more than 12 decimal places"}, // 0.0000000012345: 13 decimals
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseAmount(tt.in)
			require.ErrorIs(t, err, ErrInvalidAmount)
			var ae *AmountError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tt.in, ae.Input)
			assert.Equal(t, tt.reason, ae.Reason)
			assert.Equal(t, "money: parsing amount "+strconv.Quote(clip(tt.in))+": "+tt.reason, err.Error())
			assert.Panics(t, func() { MustParseAmount(tt.in) })
		})
	}
}

func TestParseAmountClipsInput(t *testing.T) {
	in := strings.Repeat("9", 1000)
	_, err := ParseAmount(in)
	require.ErrorIs(t, err, ErrInvalidAmount)
	// The first 40 bytes and an ellipsis.
	assert.Equal(t, `money: parsing amount "`+strings.Repeat("9", 40)+`...": longer than 64 bytes`, err.Error())
}

func TestParseUnits(t *testing.T) {
	tests := []struct {
		in    string
		scale int
		want  int64
	}{
		{"12.34", 2, 1234},
		{"-12.34", 2, -1234},
		{"12.3", 2, 1230},
		{"12", 2, 1200},
		{"12.340000", 2, 1234}, // trailing zeros beyond the scale are fine
		{"1.5e1", 2, 1500},     // 15 yuan
		{"1234e-2", 2, 1234},
		{"0", 2, 0},
		{"-0.00", 2, 0},
		{"12.34", 4, 123400},
		{"7", 0, 7},
		{"0.000000000000000001", 18, 1},
		// The int64 limits: 2^63 − 1 and −2^63.
		{"9223372036854775807", 0, 9223372036854775807},
		{"-9223372036854775808", 0, -9223372036854775808},
		{"92233720368547758.07", 2, 9223372036854775807},
		{"-92233720368547758.08", 2, -9223372036854775808},
		{"9.223372036854775807", 18, 9223372036854775807},
		{"0.9223372036854775807e1", 18, 9223372036854775807},
	}
	for _, tt := range tests {
		t.Run(tt.in+"@"+strconv.Itoa(tt.scale), func(t *testing.T) {
			got, err := ParseUnits(tt.in, tt.scale)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseUnitsErrors(t *testing.T) {
	tests := []struct {
		in     string
		scale  int
		reason string
	}{
		{"0.001", 2, "non-zero digits beyond 2 decimal places"},
		{"12.345", 2, "non-zero digits beyond 2 decimal places"},
		{"1e-3", 2, "non-zero digits beyond 2 decimal places"},
		{"0.5", 0, "non-zero digits beyond 0 decimal places"},
		{"9223372036854775808", 0, "out of int64 range at scale 0"},
		{"-9223372036854775809", 0, "out of int64 range at scale 0"},
		{"92233720368547758.08", 2, "out of int64 range at scale 2"},
		{"10", 18, "out of int64 range at scale 18"},
		{"1e9999", 0, "out of int64 range at scale 0"},
		{"12,34", 2, "unexpected ',' at byte 2"},
		{"", 2, "empty"},
		{"1e10000", 2, "exponent has more than 4 digits"},
	}
	for _, tt := range tests {
		t.Run(tt.in+"@"+strconv.Itoa(tt.scale), func(t *testing.T) {
			_, err := ParseUnits(tt.in, tt.scale)
			require.ErrorIs(t, err, ErrInvalidAmount)
			var ae *AmountError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, tt.in, ae.Input)
			assert.Equal(t, tt.reason, ae.Reason)
		})
	}
	for _, scale := range []int{-1, 19, 1 << 40} {
		_, err := ParseUnits("1", scale)
		require.ErrorIs(t, err, ErrInvalidArgument)
		assert.EqualError(t, err, "money: ParseUnits: scale = "+strconv.Itoa(scale)+": must be between 0 and 18")
	}
}

// randAmountText returns text in the amount grammar, often near the bounds.
func randAmountText(rng *rand.Rand) string {
	var sb strings.Builder
	switch rng.IntN(3) {
	case 0:
		sb.WriteByte('-')
	case 1:
		if rng.IntN(4) == 0 {
			sb.WriteByte('+')
		}
	}
	digits := func(n int) {
		for range n {
			sb.WriteByte(byte('0' + rng.IntN(10)))
		}
	}
	digits(1 + rng.IntN(20))
	if rng.IntN(2) == 0 {
		sb.WriteByte('.')
		digits(1 + rng.IntN(16))
	}
	if rng.IntN(3) == 0 {
		sb.WriteByte("eE"[rng.IntN(2)])
		if rng.IntN(2) == 0 {
			sb.WriteByte("+-"[rng.IntN(2)])
		}
		sb.WriteString(strconv.Itoa(rng.IntN(25)))
	}
	return sb.String()
}

func TestParseAmountAgreesWithShopspring(t *testing.T) {
	// On text that ParseAmount accepts, shopspring's own parser is an
	// independent oracle for the value; ParseUnits must agree wherever the
	// value is a whole number of units.
	rng := rand.New(rand.NewPCG(2019, 14))
	accepted := 0
	for range 50000 {
		s := randAmountText(rng)
		got, err := ParseAmount(s)
		if err != nil {
			require.ErrorIs(t, err, ErrInvalidAmount)
			continue
		}
		accepted++
		want, err := decimal.NewFromString(s)
		require.NoError(t, err, s)
		require.True(t, got.Equal(want), "ParseAmount(%q) = %s, shopspring %s", s, got, want)
		scale := rng.IntN(MaxScale + 1)
		u, uerr := ParseUnits(s, scale)
		tu, terr := ToUnits(got, int32(scale))
		require.Equal(t, terr == nil, uerr == nil, "%q at scale %d: ParseUnits %v, ToUnits %v", s, scale, uerr, terr)
		if uerr == nil {
			require.Equal(t, tu, u, "%q at scale %d", s, scale)
		}
	}
	assert.Greater(t, accepted, 10000, "the generator should mostly produce accepted text")
}

// TestParseAmountWithin checks the parser with other digit bounds: with
// ParseAmount's own bounds it is ParseAmount; with wider ones it accepts
// exactly the text whose value has at most that many digits each side of
// the point, with shopspring's parser as the oracle for the value, and
// coefficients of more than 36 digits (two int64 chunks) come out whole.
func TestParseAmountWithin(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 11))
	wide := 0
	for range 50000 {
		s := randAmountText(rng)
		got, err := ParseAmountWithin(s, MaxIntegerDigits, MaxFractionDigits)
		want, werr := ParseAmount(s)
		require.Equal(t, werr == nil, err == nil, "%q: %v, %v", s, err, werr)
		if err == nil {
			require.True(t, got.Equal(want) && got.Exponent() == want.Exponent(), "%q: %s, %s", s, got, want)
		}
		maxInt, maxFrac := rng.IntN(40), rng.IntN(40)
		got, err = ParseAmountWithin(s, maxInt, maxFrac)
		oracle, oerr := decimal.NewFromString(s)
		require.NoError(t, oerr, s)
		n := oracle.Normalize()
		intDigits := max(0, int(n.NumDigits())+int(n.Exponent()))
		fracDigits := max(0, -int(n.Exponent()))
		if n.Sign() == 0 {
			intDigits, fracDigits = 0, 0
		}
		if intDigits > maxInt || fracDigits > maxFrac {
			require.Error(t, err, "%q within %d, %d", s, maxInt, maxFrac)
			checkAmountError(t, "ParseAmountWithin", s, err)
			continue
		}
		require.NoError(t, err, "%q within %d, %d", s, maxInt, maxFrac)
		require.True(t, got.Equal(oracle), "ParseAmountWithin(%q) = %s, shopspring %s", s, got, oracle)
		require.GreaterOrEqual(t, got.Exponent(), int32(-maxFrac), s)
		if intDigits > MaxIntegerDigits || fracDigits > MaxFractionDigits {
			wide++
		}
	}
	assert.Greater(t, wide, 1000, "the generator should produce text beyond ParseAmount's bounds")

	// 40 significant digits: three chunks, the last of 4 digits.
	const long = "-1234567890123456789012345.678901234567890"
	got, err := ParseAmountWithin(long, 25, 15)
	require.NoError(t, err)
	assert.Equal(t, long, got.StringFixed(15))
	_, err = ParseAmountWithin(long, 24, 15)
	assert.ErrorContains(t, err, "more than 24 integer digits")
	// Its trailing zero does not count: 14 places are enough, 13 are not.
	_, err = ParseAmountWithin(long, 25, 14)
	assert.NoError(t, err)
	_, err = ParseAmountWithin(long, 25, 13)
	assert.ErrorContains(t, err, "more than 13 decimal places")
	// Bounds outside [0, MaxAmountLength] are clamped.
	_, err = ParseAmountWithin("1", -5, 0)
	assert.ErrorContains(t, err, "more than 0 integer digits")
	got, err = ParseAmountWithin(long, 1000, 1000)
	require.NoError(t, err)
	assert.Equal(t, long, got.StringFixed(15))
}

// checkAmountError checks the invariants of a parse error for input s.
func checkAmountError(t *testing.T, op, s string, err error) {
	t.Helper()
	if !errors.Is(err, ErrInvalidAmount) {
		t.Fatalf("%s(%q): error %v does not match ErrInvalidAmount", op, s, err)
	}
	var ae *AmountError
	if !errors.As(err, &ae) || ae.Input != s {
		t.Fatalf("%s(%q): error %#v does not hold the input", op, s, err)
	}
	if !strings.Contains(err.Error(), strconv.Quote(clip(s))) {
		t.Fatalf("%s(%q): message %q does not name the input", op, s, err)
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{
		"0", "-0", "12.50", "+7", "1.5e3", "2E-2", "999999999999999999", "0.000000000001",
		"1e17", "1e-12", "123456789012345678.123456789012",
		"", "-", ".5", "5.", "1e", "1e99999", "1e999999999", "1e-999999999", " 1", "1,000.00",
		"NaN", "Inf", "0x10", "1.2.3", "\u22121", "1000000000000000000", "0.0000000000001",
		strings.Repeat("1", 65),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// With wider bounds: the same value as shopspring reads, or an
		// error that holds the input.
		if w, werr := ParseAmountWithin(s, 40, 40); werr != nil {
			checkAmountError(t, "ParseAmountWithin", s, werr)
		} else if want, err := decimal.NewFromString(s); err != nil || !want.Equal(w) {
			t.Fatalf("ParseAmountWithin(%q, 40, 40) = %s, shopspring %s (%v)", s, w, want, err)
		}
		d, err := ParseAmount(s)
		if err != nil {
			checkAmountError(t, "ParseAmount", s, err)
			if len(s) > MaxAmountLength {
				return
			}
			// Whatever ParseAmount rejects, ParseUnits rejects or reads as
			// a value that ParseAmount's digit bounds exclude.
			for scale := range MaxScale + 1 {
				if _, uerr := ParseUnits(s, scale); uerr != nil {
					checkAmountError(t, "ParseUnits", s, uerr)
				}
			}
			return
		}
		// Accepted: within the bounds, and the same value as shopspring reads.
		if e := d.Exponent(); e < -MaxFractionDigits || e > 0 {
			t.Fatalf("ParseAmount(%q) has exponent %d", s, e)
		}
		if d.Abs().Cmp(decimal.New(1, MaxIntegerDigits)) >= 0 {
			t.Fatalf("ParseAmount(%q) = %s, not below 10^18", s, d)
		}
		if want, err := decimal.NewFromString(s); err != nil || !want.Equal(d) {
			t.Fatalf("ParseAmount(%q) = %s, shopspring %s (%v)", s, d, want, err)
		}
		// Round trip through the plain text form.
		text := d.StringFixed(-d.Exponent())
		back, err := ParseAmount(text)
		if err != nil || !back.Equal(d) || back.Exponent() != d.Exponent() {
			t.Fatalf("ParseAmount(%q) = %s; re-parsing %q gives %s, %v", s, d, text, back, err)
		}
		// ParseUnits agrees wherever the value is a whole number of units.
		for scale := range MaxScale + 1 {
			u, uerr := ParseUnits(s, scale)
			tu, terr := ToUnits(d, int32(scale))
			if (uerr == nil) != (terr == nil) || u != tu {
				t.Fatalf("%q at scale %d: ParseUnits = %d, %v; ToUnits = %d, %v", s, scale, u, uerr, tu, terr)
			}
		}
	})
}

func FuzzParseUnits(f *testing.F) {
	for _, tc := range []struct {
		s     string
		scale int
	}{
		{"12.34", 2}, {"-12.34", 2}, {"1.5e1", 2}, {"9223372036854775807", 0}, {"-92233720368547758.08", 2},
		{"0.001", 2}, {"9223372036854775808", 0}, {"1e9999", 0}, {"", 2}, {"12,34", 2}, {"1", 19}, {"1", -1},
		{"0.000000000000000001", 18}, {"1e-9999", 18},
	} {
		f.Add(tc.s, tc.scale)
	}
	f.Fuzz(func(t *testing.T, s string, scale int) {
		u, err := ParseUnits(s, scale)
		if scale < 0 || scale > MaxScale {
			if !errors.Is(err, ErrInvalidArgument) {
				t.Fatalf("ParseUnits(%q, %d): error %v, want ErrInvalidArgument", s, scale, err)
			}
			return
		}
		if err != nil {
			checkAmountError(t, "ParseUnits", s, err)
			return
		}
		// Accepted text is in the grammar, so shopspring reads the same value.
		want, err := decimal.NewFromString(s)
		if err != nil || !FromUnits(u, int32(scale)).Equal(want) {
			t.Fatalf("ParseUnits(%q, %d) = %d, shopspring %s (%v)", s, scale, u, want, err)
		}
		// Round trip: the units written at the scale parse back.
		text := FromUnits(u, int32(scale)).StringFixed(int32(scale))
		back, err := ParseUnits(text, scale)
		if err != nil || back != u {
			t.Fatalf("ParseUnits(%q, %d) = %d; re-parsing %q gives %d, %v", s, scale, u, text, back, err)
		}
	})
}

package money

import (
	"math/big"
	mrand "math/rand"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// TestExact checks that Exact writes a decimal's own digits and places,
// that what it writes parses back to the same value, and that shopspring's
// package-level settings do not change it.
func TestExact(t *testing.T) {
	cases := []struct {
		d    decimal.Decimal
		want string
	}{
		{decimal.New(150000, -2), "1500.00"},
		{decimal.New(0, -2), "0.00"},
		{decimal.New(-10, -3), "-0.010"},
		{decimal.New(15, 2), "1500"},
		{decimal.New(7, 0), "7"},
		{decimal.New(15, 400), "15e400"}, // 402 digits in plain notation
		{decimal.New(1, -70), "1e-70"},   // 70 places
		{decimal.New(-3, 2000000000), "-3e2000000000"},
	}
	check := func() {
		for _, c := range cases {
			if got := Exact(c.d); got != c.want {
				t.Errorf("Exact(%s) = %q, want %q", c.d.String(), got, c.want)
			}
		}
	}
	check()
	quotes, trim := decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros
	defer func() { decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros = quotes, trim }()
	decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros = true, false
	check()
	decimal.TrimTrailingZeros = true
	check()

	rng := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		d := decimal.New(rng.Int64N(2_000_000_001)-1_000_000_000, int32(rng.IntN(161)-80))
		s := Exact(d)
		back, err := decimal.NewFromString(s)
		if err != nil {
			t.Fatalf("Exact(%v) = %q, which does not parse: %v", d, s, err)
		}
		if !back.Equal(d) {
			t.Fatalf("Exact(%v) = %q, which parses to %v", d, s, back)
		}
		if d.Exponent() <= 0 && back.Exponent() != d.Exponent() {
			t.Fatalf("Exact(%v) = %q lost the places: exponent %d, want %d", d, s, back.Exponent(), d.Exponent())
		}
	}
}

// TestCanonical checks that Canonical writes equal values alike, without
// trailing fractional zeros, that what it writes parses back to the same
// value (it used to clip coefficients of more than 40 digits), and that
// shopspring's package-level settings do not change it.
func TestCanonical(t *testing.T) {
	long, _ := new(big.Int).SetString("123456789012345678901234567890123456789012345678901234567890", 10) // 60 digits
	cases := []struct {
		d    decimal.Decimal
		want string
	}{
		{decimal.New(150000, -2), "1500"},
		{decimal.New(0, -2), "0"},
		{decimal.New(-10, -3), "-0.01"},
		{decimal.New(15, 2), "1500"},
		{decimal.New(305, -1), "30.5"},
		{decimal.NewFromBigInt(long, -30), "123456789012345678901234567890.12345678901234567890123456789"},
		{decimal.NewFromBigInt(long, 10), "12345678901234567890123456789012345678901234567890123456789e11"}, // 70 digits in plain notation
		{decimal.New(15, 400), "15e400"},
		{decimal.New(1500, 399), "15e401"},
		{decimal.New(100, -72), "1e-70"},
		{decimal.New(0, 500), "0"},
		{decimal.New(-3, 2000000000), "-3e2000000000"},
	}
	check := func() {
		for _, c := range cases {
			if got := Canonical(c.d); got != c.want {
				t.Errorf("Canonical(%s) = %q, want %q", Exact(c.d), got, c.want)
			}
		}
	}
	check()
	quotes, trim, sci := decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation
	defer func() {
		decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation = quotes, trim, sci
	}()
	decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation = true, false, true
	check()
	decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation = quotes, trim, sci

	rng := rand.New(rand.NewPCG(5, 6))
	for range 5000 {
		c := new(big.Int).Rand(mrand.New(rng0{rng}), big.NewInt(0).Exp(big.NewInt(10), big.NewInt(int64(rng.IntN(70)+1)), nil))
		d := decimal.NewFromBigInt(c, int32(rng.IntN(201)-100))
		s := Canonical(d)
		back, err := decimal.NewFromString(s)
		if err != nil {
			t.Fatalf("Canonical(%s) = %q, which does not parse: %v", Exact(d), s, err)
		}
		if !back.Equal(d) {
			t.Fatalf("Canonical(%s) = %q, which parses to %s", Exact(d), s, Exact(back))
		}
		if Canonical(back) != s {
			t.Fatalf("Canonical(%s) = %q, but Canonical of its reading = %q", Exact(d), s, Canonical(back))
		}
		same := decimal.NewFromBigInt(new(big.Int).Mul(c, big.NewInt(1000)), d.Exponent()-3) // the same value, three more places
		if got := Canonical(same); got != s {
			t.Fatalf("Canonical(%s) = %q, but Canonical(%s) = %q", Exact(d), s, Exact(same), got)
		}
		if d.NumDigits() <= 40 && d.Exponent() >= -40 && d.Exponent() <= 0 && s != d.String() {
			t.Fatalf("Canonical(%s) = %q, shopspring's default String %q", Exact(d), s, d.String())
		}
	}
}

// rng0 adapts a math/rand/v2 generator to the math/rand Source that
// big.Int.Rand wants.
type rng0 struct{ r *rand.Rand }

func (s rng0) Int63() int64 { return s.r.Int64() }
func (s rng0) Seed(int64)   {}

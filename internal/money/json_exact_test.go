package money

import (
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

package money

import (
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
)

// benchFen returns n random amounts in fen below 1,000,000.00 yuan, as
// int64 units and as decimals with two places.
func benchFen(n int) ([]int64, []decimal.Decimal) {
	rng := rand.New(rand.NewPCG(1, 2))
	units := make([]int64, n)
	decs := make([]decimal.Decimal, n)
	for i := range units {
		units[i] = rng.Int64N(100_000_000) - 50_000_000
		decs[i] = decimal.New(units[i], -2)
	}
	return units, decs
}

// BenchmarkRound rounds amounts in fen to whole yuan, half up.
func BenchmarkRound(b *testing.B) {
	units, decs := benchFen(1024)
	b.Run("units", func(b *testing.B) {
		var sink int64
		for i := 0; b.Loop(); i++ {
			v, err := RoundUnits(units[i%len(units)], 100, HalfUp)
			if err != nil {
				b.Fatal(err)
			}
			sink += v
		}
		_ = sink
	})
	b.Run("decimal", func(b *testing.B) {
		r := MustNewRounding(decimal.New(1, 0), HalfUp)
		for i := 0; b.Loop(); i++ {
			_ = r.Round(decs[i%len(decs)])
		}
	})
	b.Run("decimal-exact", func(b *testing.B) {
		// The big-integer path that Round falls back to.
		r := MustNewRounding(decimal.New(1, 0), HalfUp)
		for i := 0; b.Loop(); i++ {
			_ = r.roundExact(decs[i%len(decs)])
		}
	})
	b.Run("shopspring", func(b *testing.B) {
		// Plain shopspring arithmetic: its Round(0) is half away from zero.
		for i := 0; b.Loop(); i++ {
			_ = decs[i%len(decs)].Round(0)
		}
	})
}

// BenchmarkAllocate splits 49,000,000.00 over 1,000 weights at 0.01.
func BenchmarkAllocate(b *testing.B) {
	rng := rand.New(rand.NewPCG(49, 1000))
	weights := make([]int64, 1000)
	dweights := make([]decimal.Decimal, len(weights))
	for i := range weights {
		weights[i] = 1 + rng.Int64N(500) // a headcount
		dweights[i] = decimal.NewFromInt(weights[i])
	}
	total := decimal.New(4_900_000_000, -2)
	fen := decimal.New(1, -2)
	b.Run("units", func(b *testing.B) {
		for b.Loop() {
			if _, err := AllocateUnits(4_900_000_000, weights); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decimal", func(b *testing.B) {
		for b.Loop() {
			if _, err := Allocate(total, dweights, fen); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decimal-exact", func(b *testing.B) {
		for b.Loop() {
			if _, err := allocate("Allocate", total, dweights, fen, false); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkParse reads amounts with two decimals, as in a CSV column.
func BenchmarkParse(b *testing.B) {
	units, _ := benchFen(1024)
	texts := make([]string, len(units))
	for i, u := range units {
		texts[i] = decimal.New(u, -2).StringFixed(2)
	}
	b.Run("units", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := ParseUnits(texts[i%len(texts)], 2); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("amount", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := ParseAmount(texts[i%len(texts)]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("shopspring", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if _, err := decimal.NewFromString(texts[i%len(texts)]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("strconv", func(b *testing.B) {
		// A floor for comparison: parsing the same digits as a plain integer.
		plain := make([]string, len(units))
		for i, u := range units {
			plain[i] = strconv.FormatInt(u, 10)
		}
		for i := 0; b.Loop(); i++ {
			if _, err := strconv.ParseInt(plain[i%len(plain)], 10, 64); err != nil {
				b.Fatal(err)
			}
		}
	})
}

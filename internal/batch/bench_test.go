package batch_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/dualtrack/dualtrack/internal/batch"
	"github.com/shopspring/decimal"
)

// benchItems is the length of the stream in every benchmark: a million
// claims.
const benchItems = 1_000_000

// cheap is the per-item work: a few decimal additions, about what summing
// the parts of a small subsidy costs, so the benchmark shows the machinery's
// overhead per item rather than the work.
func cheap(_ context.Context, d decimal.Decimal) (decimal.Decimal, error) {
	return d.Add(decimal.New(150, -2)).Add(decimal.New(2, 0)).Add(decimal.New(-35, -1)), nil
}

func benchInput() []decimal.Decimal {
	in := make([]decimal.Decimal, benchItems)
	for i := range in {
		in[i] = decimal.New(int64(i), -2)
	}
	return in
}

func reportItems(b *testing.B) {
	b.ReportMetric(float64(b.N)*benchItems/b.Elapsed().Seconds(), "items/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/(float64(b.N)*benchItems), "ns/item")
}

// BenchmarkMap streams a million items through f: a plain loop, Sequential,
// and Map with 2, 4 and GOMAXPROCS (workers=0) workers. Every variant checks that the
// sum of the results is the same.
func BenchmarkMap(b *testing.B) {
	in := benchInput()
	// Each item gains 1.50 + 2 − 3.5 = 0, so the results sum to the inputs:
	// 0.01·(0 + 1 + … + 999,999) = 0.01·999,999·1,000,000/2 = 4,999,995,000.
	want := decimal.New(4_999_995_000, 0)
	check := func(b *testing.B, sum decimal.Decimal) {
		if !sum.Equal(want) {
			b.Fatalf("sum %s, want %s", sum, want)
		}
	}
	b.Run("loop", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sum := decimal.Zero
			for _, d := range in {
				out, err := cheap(context.Background(), d)
				if err != nil {
					b.Fatal(err)
				}
				sum = sum.Add(out)
			}
			check(b, sum)
		}
		reportItems(b)
	})
	b.Run("Sequential", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sum := decimal.Zero
			for out, err := range batch.Sequential(context.Background(), slices.Values(in), cheap) {
				if err != nil {
					b.Fatal(err)
				}
				sum = sum.Add(out)
			}
			check(b, sum)
		}
		reportItems(b)
	})
	// Workers 0 means GOMAXPROCS.
	for _, workers := range []int{2, 4, 0} {
		b.Run(fmt.Sprintf("Map/workers=%d", workers), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sum := decimal.Zero
				for out, err := range batch.Map(context.Background(), slices.Values(in), workers, cheap) {
					if err != nil {
						b.Fatal(err)
					}
					sum = sum.Add(out)
				}
				check(b, sum)
			}
			reportItems(b)
		})
	}
}

// BenchmarkMapOverhead isolates the machinery: f does nothing at all.
func BenchmarkMapOverhead(b *testing.B) {
	in := make([]int, benchItems)
	nop := func(_ context.Context, x int) (int, error) { return x, nil }
	b.Run("Sequential", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, err := range batch.Sequential(context.Background(), slices.Values(in), nop) {
				if err != nil {
					b.Fatal(err)
				}
			}
		}
		reportItems(b)
	})
	b.Run("Map/workers=4", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, err := range batch.Map(context.Background(), slices.Values(in), 4, nop) {
				if err != nil {
					b.Fatal(err)
				}
			}
		}
		reportItems(b)
	})
}

package exact

import (
	"math/rand/v2"
	"testing"

	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/shopspring/decimal"
)

// prorateInput is one subsidy to prorate: amount × rate × days/365.
type prorateInput struct {
	amount, rate Rat
	days         int64
	decAmount    decimal.Decimal
	decRate      decimal.Decimal
	decDays      decimal.Decimal
}

// prorateInputs returns n random subsidies: amounts up to 1,000,000.00 with
// two decimals, rates from a policy-like list, 1 to 366 days.
func prorateInputs(tb testing.TB, n int) []prorateInput {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	rates := []string{"1", "1.3", "0.8", "1.25", "0.333", "0.05"}
	in := make([]prorateInput, n)
	for i := range in {
		a := decimal.New(rng.Int64N(100_000_000)+1, -2)
		r := decimal.RequireFromString(rates[rng.IntN(len(rates))])
		days := rng.Int64N(366) + 1
		in[i] = prorateInput{
			amount: MustFromDecimal(a), rate: MustFromDecimal(r), days: days,
			decAmount: a, decRate: r, decDays: decimal.NewFromInt(days),
		}
	}
	return in
}

var (
	fenQuantum = MustNew(1, 100)
	yearDays   = MustNew(365, 1)
	dec365     = decimal.NewFromInt(365)
)

// prorateExact computes amount × rate × days/365 exactly and rounds once to
// the fen, half up.
func prorateExact(p prorateInput) (Rat, error) {
	x, err := p.amount.Mul(p.rate)
	if err != nil {
		return Rat{}, err
	}
	if x, err = x.MulInt(p.days); err != nil {
		return Rat{}, err
	}
	if x, err = x.Quo(yearDays); err != nil {
		return Rat{}, err
	}
	return x.Round(fenQuantum, money.HalfUp)
}

// prorateDecimal is the same with shopspring decimals: two exact products,
// then one division rounded half away from zero to two places.
func prorateDecimal(p prorateInput) decimal.Decimal {
	return p.decAmount.Mul(p.decRate).Mul(p.decDays).DivRound(dec365, 2)
}

// TestProrateAgrees makes sure both benchmarks compute the same thing.
func TestProrateAgrees(t *testing.T) {
	for _, p := range prorateInputs(t, 10000) {
		x, err := prorateExact(p)
		if err != nil {
			t.Fatal(err)
		}
		d, ok := x.Decimal()
		if want := prorateDecimal(p); !ok || !d.Equal(want) {
			t.Fatalf("%v × %v × %d/365: exact %v, decimal %v", p.decAmount, p.decRate, p.days, x, want)
		}
	}
}

// BenchmarkExact prorates with Rat: amount × rate × days/365, rounded to
// 0.01 half up. It allocates nothing.
func BenchmarkExact(b *testing.B) {
	in := prorateInputs(b, 1024)
	b.ReportAllocs()
	var sink Rat
	for i := 0; b.Loop(); i++ {
		x, err := prorateExact(in[i%len(in)])
		if err != nil {
			b.Fatal(err)
		}
		sink = x
	}
	_ = sink
}

// BenchmarkExactDecimalIO is BenchmarkExact with decimals in and out: the
// amount and rate converted with FromDecimal, the result with Decimal, as
// the subsidy engine would at its edges.
func BenchmarkExactDecimalIO(b *testing.B) {
	in := prorateInputs(b, 1024)
	b.ReportAllocs()
	var sink decimal.Decimal
	for i := 0; b.Loop(); i++ {
		p := in[i%len(in)]
		var err error
		if p.amount, err = FromDecimal(p.decAmount); err != nil {
			b.Fatal(err)
		}
		if p.rate, err = FromDecimal(p.decRate); err != nil {
			b.Fatal(err)
		}
		x, err := prorateExact(p)
		if err != nil {
			b.Fatal(err)
		}
		sink, _ = x.Decimal()
	}
	_ = sink
}

// BenchmarkDecimal is the same computation in shopspring decimal: Mul, Mul,
// then DivRound(…, 2) (never Div, which rounds to a global precision).
func BenchmarkDecimal(b *testing.B) {
	in := prorateInputs(b, 1024)
	b.ReportAllocs()
	var sink decimal.Decimal
	for i := 0; b.Loop(); i++ {
		sink = prorateDecimal(in[i%len(in)])
	}
	_ = sink
}

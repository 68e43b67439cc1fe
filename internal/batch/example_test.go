package batch_test

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/dualtrack/dualtrack/internal/batch"
	"github.com/shopspring/decimal"
)

func ExampleMap() {
	// Claimed amounts, one of them unreadable. Each claim is evaluated on
	// one of four workers; the results come back in claim order, and the
	// bad claim gets its own error without stopping the others.
	claims := []string{"1200.00", "350.5", "oops", "80"}
	evaluate := func(_ context.Context, s string) (decimal.Decimal, error) {
		d, err := decimal.NewFromString(s)
		if err != nil {
			return decimal.Decimal{}, fmt.Errorf("claim amount %q: not a number", s)
		}
		return d.Mul(decimal.New(8, -1)).RoundBank(2), nil // 80% subsidy
	}
	for amount, err := range batch.Map(context.Background(), slices.Values(claims), 4, evaluate) {
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Println(amount.StringFixed(2))
	}
	// Output:
	// 960.00
	// 280.40
	// error: claim amount "oops": not a number
	// 64.00
}

func ExampleSequential() {
	// Sequential is the one-by-one loop that Map must agree with.
	square := func(_ context.Context, x int) (int, error) { return x * x, nil }
	in := slices.Values([]int{1, 2, 3, 4, 5})
	var seq, par []int
	for y, err := range batch.Sequential(context.Background(), in, square) {
		if err == nil {
			seq = append(seq, y)
		}
	}
	for y, err := range batch.Map(context.Background(), in, 3, square) {
		if err == nil {
			par = append(par, y)
		}
	}
	fmt.Println(seq, slices.Equal(seq, par))
	// Output:
	// [1 4 9 16 25] true
}

func ExamplePanicError() {
	// A panic in f becomes the error of that item only.
	inverse := func(_ context.Context, x int) (int, error) { return 100 / x, nil }
	for y, err := range batch.Map(context.Background(), slices.Values([]int{4, 0, 5}), 2, inverse) {
		var pe *batch.PanicError
		if errors.As(err, &pe) {
			fmt.Println(err)
			continue
		}
		fmt.Println(y)
	}
	// Output:
	// 25
	// batch: item 1: panic: runtime error: integer divide by zero
	// 20
}

func ExampleCanceledError() {
	// The context is canceled before the range starts: the stream ends at
	// once with a CanceledError saying how far it got.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	id := func(_ context.Context, x int) (int, error) { return x, nil }
	for _, err := range batch.Map(ctx, slices.Values([]int{1, 2, 3}), 2, id) {
		var ce *batch.CanceledError
		fmt.Println(errors.As(err, &ce), ce.Index, errors.Is(err, context.Canceled))
	}
	// Output:
	// true 0 true
}

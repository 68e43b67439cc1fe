package exact_test

import (
	"errors"
	"fmt"

	"github.com/dualtrack/dualtrack/internal/exact"
	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/shopspring/decimal"
)

// A subsidy of 6000 yuan at a rate of 1.3, prorated to 200 of 365 days,
// computed exactly and rounded once, to the fen, half up.
func Example() {
	amount := exact.MustFromDecimal(decimal.RequireFromString("6000"))
	rate := exact.MustFromDecimal(decimal.RequireFromString("1.3"))

	x, err := amount.Mul(rate) // 7800
	if err != nil {
		fmt.Println(err)
		return
	}
	if x, err = x.Mul(exact.MustNew(200, 365)); err != nil { // 7800·40/73
		fmt.Println(err)
		return
	}
	fmt.Println("exact:", x)

	y, err := x.Round(exact.MustNew(1, 100), money.HalfUp)
	if err != nil {
		fmt.Println(err)
		return
	}
	d, _ := y.Decimal()
	fmt.Println("paid:", d.StringFixed(2))
	// Output:
	// exact: 312000/73
	// paid: 4273.97
}

func ExampleNew() {
	r, err := exact.New(6, -4)
	fmt.Println(r, err)
	fmt.Println(r.Num(), r.Den())

	_, err = exact.New(1, 0)
	fmt.Println(errors.Is(err, exact.ErrDivisionByZero), err)
	// Output:
	// -1.5 <nil>
	// -3 2
	// true exact: New(1, 0): division by zero
}

func ExampleInt() {
	days, err := exact.Int(200)
	fmt.Println(days, err)
	// Output:
	// 200 <nil>
}

func ExampleFromDecimal() {
	r, err := exact.FromDecimal(decimal.RequireFromString("1234.50"))
	fmt.Println(r.Num(), r.Den(), err)

	// 10^−19 needs a denominator of 10^19, more than an int64 holds.
	_, err = exact.FromDecimal(decimal.New(1, -19))
	fmt.Println(errors.Is(err, exact.ErrOverflow), err)
	// Output:
	// 2469 2 <nil>
	// true exact: FromDecimal(0.0000000000000000001): out of int64 range
}

func ExampleRat_Add() {
	sum, err := exact.MustNew(1, 3).Add(exact.MustNew(1, 6))
	fmt.Println(sum, err)

	max := exact.MustNew(9223372036854775807, 1)
	_, err = max.Add(exact.MustNew(1, 1))
	fmt.Println(errors.Is(err, exact.ErrOverflow), err)
	// Output:
	// 0.5 <nil>
	// true exact: Add(9223372036854775807, 1): out of int64 range
}

func ExampleRat_Mul() {
	// The factors are reduced crosswise before they are multiplied: M/2 ×
	// 2/3 is M·1/(1·3), while the plain product M·2 would not fit an int64.
	half := exact.MustNew(9223372036854775807, 2)
	p, err := half.Mul(exact.MustNew(2, 3))
	fmt.Println(p, err)
	// Output:
	// 9223372036854775807/3 <nil>
}

func ExampleRat_MulInt() {
	perDay := exact.MustNew(7800, 365)
	x, err := perDay.MulInt(200)
	fmt.Println(x, err)
	// Output:
	// 312000/73 <nil>
}

func ExampleRat_Quo() {
	q, err := exact.MustNew(312000, 73).Quo(exact.MustNew(100, 1))
	fmt.Println(q, err)

	_, err = q.Quo(exact.Rat{})
	fmt.Println(err)
	// Output:
	// 3120/73 <nil>
	// exact: Quo(3120/73, 0): division by zero
}

func ExampleRat_Cmp() {
	third := exact.MustNew(1, 3)
	approx := exact.MustFromDecimal(decimal.RequireFromString("0.333"))
	fmt.Println(third.Cmp(approx), approx.Cmp(third), third.Cmp(exact.MustNew(2, 6)))
	fmt.Println(exact.Min(third, approx), exact.Max(third, approx))
	// Output:
	// 1 -1 0
	// 0.333 1/3
}

func ExampleRat_Round() {
	// 1234.565 lies exactly half way between 1234.56 (123456 fen, even)
	// and 1234.57; 5/6 lies half way between 2/3 and 1 (two and three
	// thirds).
	x := exact.MustFromDecimal(decimal.RequireFromString("1234.565"))
	fen, third := exact.MustNew(1, 100), exact.MustNew(1, 3)
	for _, mode := range []money.RoundingMode{money.HalfUp, money.HalfEven, money.Down, money.Up, money.Floor, money.Ceiling} {
		a, _ := x.Round(fen, mode)
		b, _ := x.Neg().Round(fen, mode)
		c, _ := exact.MustNew(5, 6).Round(third, mode)
		fmt.Printf("%-9s %s %s %s\n", mode, a, b, c)
	}

	_, err := x.Round(exact.Rat{}, money.HalfUp)
	fmt.Println(err)
	// Output:
	// half-up   1234.57 -1234.57 1
	// half-even 1234.56 -1234.56 2/3
	// down      1234.56 -1234.56 2/3
	// up        1234.57 -1234.57 1
	// floor     1234.56 -1234.57 2/3
	// ceiling   1234.57 -1234.56 1
	// exact: Round(1234.565, 0 half-up): invalid quantum
}

func ExampleRat_RoundDecimal() {
	// The share of a year that 200 days are, for an explanation.
	share := exact.MustNew(200, 365)
	d, err := share.RoundDecimal(4, money.HalfUp)
	fmt.Println(share, "≈", d.StringFixed(4), err)
	// Output:
	// 40/73 ≈ 0.5479 <nil>
}

func ExampleRat_Decimal() {
	for _, r := range []exact.Rat{exact.MustNew(5, 2), exact.MustNew(-1, 8), exact.MustNew(1, 3)} {
		d, ok := r.Decimal()
		fmt.Println(r, d.StringFixed(-d.Exponent()), ok)
	}
	// Output:
	// 2.5 2.5 true
	// -0.125 -0.125 true
	// 1/3 0 false
}

func ExampleRat_String() {
	fmt.Println(exact.MustNew(2469, 2), exact.MustNew(-1, 4), exact.MustNew(7, 1), exact.MustNew(-200, 73))
	// Output:
	// 1234.5 -0.25 7 -200/73
}

package money_test

import (
	"errors"
	"fmt"

	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/shopspring/decimal"
)

func ExampleNewRounding() {
	// Round to whole yuan (quantum 1) under each mode: 2.5 and −2.5 lie
	// exactly half way between two whole yuan.
	for _, mode := range []money.RoundingMode{money.HalfUp, money.HalfEven, money.Down, money.Up, money.Floor, money.Ceiling} {
		r, err := money.NewRounding(decimal.NewFromInt(1), mode)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-9s 2.5 → %s, -2.5 → %s\n", mode, r.Round(money.MustParseAmount("2.5")), r.Round(money.MustParseAmount("-2.5")))
	}

	// The zero mode is not a mode.
	_, err := money.NewRounding(decimal.NewFromInt(1), 0)
	fmt.Println(errors.Is(err, money.ErrInvalidRoundingMode), err)
	// Output:
	// half-up   2.5 → 3, -2.5 → -3
	// half-even 2.5 → 2, -2.5 → -2
	// down      2.5 → 2, -2.5 → -2
	// up        2.5 → 3, -2.5 → -3
	// floor     2.5 → 2, -2.5 → -3
	// ceiling   2.5 → 3, -2.5 → -2
	// true money: NewRounding: mode = RoundingMode(0): not a rounding mode (the zero value is not one)
}

func ExampleRounding_Round() {
	fen := money.MustNewRounding(money.MustParseAmount("0.01"), money.HalfUp)
	bank := money.MustNewRounding(money.MustParseAmount("0.01"), money.HalfEven)
	// 1234.565 is exactly half way between 1234.56 and 1234.57; 123456 fen
	// is even, so banker's rounding stays there.
	x := money.MustParseAmount("1234.565")
	fmt.Println(fen.Round(x), bank.Round(x))

	// A quantum need not be a power of ten: 1.025 / 0.05 = 20.5 quanta.
	nickel := money.MustNewRounding(money.MustParseAmount("0.05"), money.HalfUp)
	fmt.Println(nickel.Round(money.MustParseAmount("1.025")))

	// Round down to whole hundreds: 1999.99 holds 19 whole hundreds.
	hundreds := money.MustNewRounding(decimal.NewFromInt(100), money.Down)
	fmt.Println(hundreds.Round(money.MustParseAmount("1999.99")))
	// Output:
	// 1234.57 1234.56
	// 1.05
	// 1900
}

func ExampleRounding_Apply() {
	r := money.MustNewRounding(money.MustParseAmount("0.01"), money.HalfUp)
	// 1000 / 3 = 333.333…; rounded to the fen that is 333.33.
	step := r.Apply(money.MustParseAmount("333.333333"))
	fmt.Println(step)
	fmt.Println(step.Changed(), step.Delta())
	// Output:
	// 333.333333 -> 333.33 (0.01 half-up)
	// true -0.003333
}

func ExampleRoundUnits() {
	// 1234.50 yuan in fen, rounded to whole yuan (100 fen).
	fmt.Println(money.RoundUnits(123450, 100, money.HalfUp))
	fmt.Println(money.RoundUnits(123450, 100, money.HalfEven))
	// Output:
	// 123500 <nil>
	// 123400 <nil>
}

func ExampleAllocate() {
	// 49,000,000.00 yuan of self-evaluation subsidy (the West Coast figure
	// in DOMAIN.md) split over three enterprises by certified headcount
	// 120, 75 and 38 (invented weights; W = 233). In fen, n = 4,900,000,000:
	//   4,900,000,000·120/233 = 2,523,605,150 rem 50
	//   4,900,000,000· 75/233 = 1,577,253,218 rem 206
	//   4,900,000,000· 38/233 =   799,141,630 rem 210
	// The floors sum to 4,899,999,998; the 2 fen left go to the largest
	// remainders, 210 (third) and 206 (second).
	parts, err := money.Allocate(
		money.MustParseAmount("49000000.00"),
		[]decimal.Decimal{decimal.NewFromInt(120), decimal.NewFromInt(75), decimal.NewFromInt(38)},
		money.MustParseAmount("0.01"),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range parts {
		fmt.Println(p.StringFixed(2))
	}
	fmt.Println(money.Sum(parts...).StringFixed(2))

	_, err = money.Allocate(money.MustParseAmount("10.005"), []decimal.Decimal{decimal.NewFromInt(1)}, money.MustParseAmount("0.01"))
	fmt.Println(err)
	// Output:
	// 25236051.50
	// 15772532.19
	// 7991416.31
	// 49000000.00
	// money: Allocate: total = 10.005: not a multiple of the quantum 0.01
}

func ExampleAllocateEqually() {
	// 100.00 in three parts: 10,000 fen = 3 × 3,333 + 1, and the one fen
	// left goes to the first part.
	parts, err := money.AllocateEqually(money.MustParseAmount("100.00"), 3, money.MustParseAmount("0.01"))
	fmt.Println(parts, err)
	// A negative total is split by its absolute value, then negated.
	parts, err = money.AllocateEqually(money.MustParseAmount("-100.00"), 3, money.MustParseAmount("0.01"))
	fmt.Println(parts, err)
	// Output:
	// [33.34 33.33 33.33] <nil>
	// [-33.34 -33.33 -33.33] <nil>
}

func ExampleAllocateUnits() {
	// 10 fen over weights 1, 1, 1: 3 each and 1 left, which goes to the
	// lowest index among the equal remainders.
	fmt.Println(money.AllocateUnits(10, []int64{1, 1, 1}))
	// Output:
	// [4 3 3] <nil>
}

func ExampleParseAmount() {
	for _, s := range []string{"12.50", "-0.05", "1.5e3", "2E-2", "1,000.00", "1e999999999", "0.0000000000001"} {
		d, err := money.ParseAmount(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(d, d.Exponent())
	}
	// Output:
	// 12.5 -2
	// -0.05 -2
	// 1500 0
	// 0.02 -2
	// money: parsing amount "1,000.00": unexpected ',' at byte 1
	// money: parsing amount "1e999999999": exponent has more than 4 digits
	// money: parsing amount "0.0000000000001": more than 12 decimal places
}

func ExampleParseUnits() {
	for _, s := range []string{"12.34", "1.5e1", "-0.10", "0.001", "92233720368547758.08"} {
		u, err := money.ParseUnits(s, 2)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(u)
	}
	// Output:
	// 1234
	// 1500
	// -10
	// money: parsing amount "0.001": non-zero digits beyond 2 decimal places
	// money: parsing amount "92233720368547758.08": out of int64 range at scale 2
}

func ExampleToUnits() {
	fen, err := money.ToUnits(money.MustParseAmount("12.34"), 2)
	fmt.Println(fen, err)
	fmt.Println(money.FromUnits(fen, 2))
	_, err = money.ToUnits(money.MustParseAmount("0.001"), 2)
	fmt.Println(errors.Is(err, money.ErrNotMultiple), err)
	// Output:
	// 1234 <nil>
	// 12.34
	// true money: ToUnits: d = 0.001: has non-zero digits beyond 2 decimal places
}

func ExampleParseRoundingMode() {
	m, err := money.ParseRoundingMode("half-even")
	fmt.Println(m == money.HalfEven, err)
	_, err = money.ParseRoundingMode("HALF_UP")
	fmt.Println(err)
	// Output:
	// true <nil>
	// money: ParseRoundingMode: name = "HALF_UP": unknown rounding mode, want one of half-up, half-even, down, up, floor, ceiling
}

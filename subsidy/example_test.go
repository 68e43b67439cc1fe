package subsidy_test

import (
	"errors"
	"fmt"

	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
)

// The README's short example: an effective-dated parameter with its source,
// and a split that adds up to the whole.
func Example() {
	// Months of unemployment-insurance contributions a worker needs for the
	// skill-improvement subsidy (技能提升补贴), by certificate date.
	insured, err := subsidy.NewSeries("insured months", []subsidy.Entry[int]{
		{From: subsidy.MustParseDate("2017-01-01"), Value: 36,
			Citation: subsidy.Citation{Number: "人社部发〔2017〕40号"}},
		{From: subsidy.MustParseDate("2019-01-01"), Value: 12},
	})
	if err != nil {
		panic(err)
	}
	months, err := insured.Value(subsidy.MustParseDate("2018-06-30"))
	fmt.Println(months, err)

	// Before the first rule took effect there is no answer, only an error.
	_, err = insured.Value(subsidy.MustParseDate("2016-12-31"))
	fmt.Println(err != nil)

	// Split 100 yuan three ways: the parts always add up to the whole.
	parts, _ := subsidy.AllocateEqually(decimal.NewFromInt(100), 3, decimal.RequireFromString("0.01"))
	fmt.Println(parts)
	// Output:
	// 36 <nil>
	// true
	// [33.34 33.33 33.33]
}

func ExampleNewSeries() {
	// The skill-improvement subsidy caps for a 中级 certificate: 1500 yuan
	// (人社部发〔2017〕40号, upper limits 1000/1500/2000 by level), valid under
	// the 2024 version to 2024-12-31 (DOMAIN.md).
	caps, err := subsidy.NewSeries("skill-improvement cap 中级", []subsidy.Entry[decimal.Decimal]{{
		From:     subsidy.MustParseDate("2017-01-01"),
		Until:    subsidy.MustParseDate("2024-12-31"),
		Value:    decimal.NewFromInt(1500),
		Citation: subsidy.Citation{Number: "人社部发〔2017〕40号"},
	}})
	if err != nil {
		panic(err)
	}
	e, err := caps.At(subsidy.MustParseDate("2024-06-01"))
	fmt.Println(e.Value, e.Citation.Number, err)

	_, err = caps.At(subsidy.MustParseDate("2025-01-01"))
	var nc *subsidy.NotCoveredError
	fmt.Println(errors.Is(err, subsidy.ErrNotCovered), errors.As(err, &nc) && nc.Date.String() == "2025-01-01")
	fmt.Println(err)
	// Output:
	// 1500 人社部发〔2017〕40号 <nil>
	// true true
	// dated: series "skill-improvement cap 中级" has no value on 2025-01-01 (coverage ended 2024-12-31)
}

func ExampleAllocate() {
	// 49,000,000 yuan (the West Coast self-evaluation subsidies, DOMAIN.md)
	// split 3:2:1 to the fen.
	fund := decimal.NewFromInt(49_000_000)
	weights := []decimal.Decimal{decimal.NewFromInt(3), decimal.NewFromInt(2), decimal.NewFromInt(1)}
	parts, err := subsidy.Allocate(fund, weights, decimal.New(1, -2))
	if err != nil {
		panic(err)
	}
	for _, p := range parts {
		fmt.Println(p.StringFixed(2))
	}
	// Output:
	// 24500000.00
	// 16333333.33
	// 8166666.67
}

func ExampleNewRounding() {
	// Round half a fen to the fen, the Chinese way (四舍五入) and the banker's way.
	fen := decimal.New(1, -2)
	halfUp, _ := subsidy.NewRounding(fen, subsidy.HalfUp)
	halfEven, _ := subsidy.NewRounding(fen, subsidy.HalfEven)
	x := decimal.RequireFromString("1234.565")
	fmt.Println(halfUp.Round(x), halfEven.Round(x))

	// A quantum need not be a power of ten: round down to 50 yuan.
	fifty, _ := subsidy.NewRounding(decimal.NewFromInt(50), subsidy.Down)
	fmt.Println(fifty.Round(decimal.NewFromInt(1499)))
	// Output:
	// 1234.57 1234.56
	// 1450
}

func ExampleParseAmount() {
	a, err := subsidy.ParseAmount("1500.00")
	fmt.Println(a, err)
	_, err = subsidy.ParseAmount("1e999999999")
	var ae *subsidy.AmountError
	fmt.Println(errors.As(err, &ae))
	// Output:
	// 1500 <nil>
	// true
}

func ExampleParseDate() {
	d, err := subsidy.ParseDate("2024-02-29")
	fmt.Println(d, err)
	_, err = subsidy.ParseDate("2023-02-29")
	fmt.Println(err)
	// Output:
	// 2024-02-29 <nil>
	// civil: parsing date "2023-02-29": day 29 out of range for 2023-02
}

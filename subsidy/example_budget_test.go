package subsidy_test

import (
	"errors"
	"fmt"

	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
)

func ExampleNewBudget() {
	// The 49 million yuan of West Coast training subsidies (DOMAIN.md),
	// granted to the fen.
	fund, err := subsidy.NewBudget("West Coast self-evaluation", decimal.NewFromInt(49_000_000), decimal.New(1, -2))
	fmt.Println(fund.Total().StringFixed(2), fund.Remaining().StringFixed(2), err)

	// Half a fen cannot be granted; the error names it.
	_, err = subsidy.NewBudget("odd", decimal.RequireFromString("0.005"), decimal.New(1, -2))
	fmt.Println(errors.Is(err, subsidy.ErrNotMultiple))
	fmt.Println(err)
	// Output:
	// 49000000.00 49000000.00 <nil>
	// true
	// subsidy: NewBudget on budget "odd": total = 0.005: not a multiple of the quantum 0.01
}

func ExampleBudget_Reserve() {
	fund, _ := subsidy.NewBudget("fund", decimal.NewFromInt(100), decimal.New(1, -2))

	a, _ := fund.Reserve("claim-a", decimal.NewFromInt(60), subsidy.AllOrNothing)
	fmt.Println(a)
	// 50 does not fit in the 40 left: refused, not an error.
	b, _ := fund.Reserve("claim-b", decimal.NewFromInt(50), subsidy.AllOrNothing)
	fmt.Println(b)
	// In Partial mode the same request takes what is left.
	c, _ := fund.Reserve("claim-c", decimal.NewFromInt(50), subsidy.Partial)
	fmt.Println(c)
	// The same claim again reserves nothing more.
	again, _ := fund.Reserve("claim-a", decimal.NewFromInt(60), subsidy.AllOrNothing)
	fmt.Println(again == a, fund.Reserved().StringFixed(2), fund.Remaining().StringFixed(2))
	// Output:
	// "claim-a": requested 60.00, granted 60.00 (in full, all-or-nothing)
	// "claim-b": requested 50.00, granted 0.00 (refused: 40.00 remaining, all-or-nothing)
	// "claim-c": requested 50.00, granted 40.00 (cut: 40.00 remaining, partial)
	// true 100.00 0.00
}

func ExampleBudget_Release() {
	fund, _ := subsidy.NewBudget("fund", decimal.NewFromInt(100), decimal.New(1, -2))
	_, _ = fund.Reserve("claim-a", decimal.NewFromInt(60), subsidy.AllOrNothing)

	// The claim is withdrawn before payment: its 60 go back to the fund.
	r, err := fund.Release("claim-a")
	fmt.Println(r.Released(), fund.Remaining().StringFixed(2), err)

	_, err = fund.Release("claim-z")
	fmt.Println(errors.Is(err, subsidy.ErrUnknownReservation))
	// Output:
	// true 100.00 <nil>
	// true
}

func ExampleProRata() {
	// Three enterprises ask for 60 million from the 49 million West Coast
	// fund: each gets 49/60 of its request, to the fen, and the shares add
	// up to the fund exactly.
	shares, err := subsidy.ProRata(decimal.NewFromInt(49_000_000), decimal.New(1, -2), []subsidy.Request{
		{Key: "enterprise A", Amount: decimal.NewFromInt(30_000_000)},
		{Key: "enterprise B", Amount: decimal.NewFromInt(20_000_000)},
		{Key: "enterprise C", Amount: decimal.NewFromInt(10_000_000)},
	})
	if err != nil {
		panic(err)
	}
	sum := decimal.Zero
	for _, s := range shares {
		fmt.Println(s.StringFixed(2))
		sum = sum.Add(s)
	}
	fmt.Println(sum.StringFixed(2))
	// Output:
	// 24500000.00
	// 16333333.33
	// 8166666.67
	// 49000000.00
}

func ExampleBudget_Settle() {
	fund, _ := subsidy.NewBudget("fund", decimal.NewFromInt(100), decimal.New(1, -2))
	_, _ = fund.Reserve("early", decimal.NewFromInt(10), subsidy.AllOrNothing)

	// A call for applications collects 50 + 50 + 50 against the 90 left:
	// 30 each, to the fen, and the fund is spent exactly.
	round, err := fund.Settle([]subsidy.Request{
		{Key: "x", Amount: decimal.NewFromInt(50)},
		{Key: "y", Amount: decimal.NewFromInt(50)},
		{Key: "z", Amount: decimal.NewFromInt(50)},
	})
	if err != nil {
		panic(err)
	}
	for _, r := range round {
		fmt.Println(r)
	}
	fmt.Println(fund.Remaining().StringFixed(2))
	// Output:
	// "x": requested 50.00, granted 30.00 (cut: 90.00 remaining, pro rata)
	// "y": requested 50.00, granted 30.00 (cut: 90.00 remaining, pro rata)
	// "z": requested 50.00, granted 30.00 (cut: 90.00 remaining, pro rata)
	// 0.00
}

package packs_test

import (
	"fmt"

	"github.com/dualtrack/dualtrack/apprenticeship"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/dualtrack/dualtrack/subsidy/packs"
	"github.com/shopspring/decimal"
)

// The German pack answers "what is the minimum allowance" for one training
// year: the claim's Category is the training year, its Training the period
// whose first day picks the cohort.
func Example_germanMinimumAllowance() {
	p, err := packs.Load("de-bbig-minimum-allowance")
	if err != nil {
		fmt.Println(err)
		return
	}
	// DOMAIN.md: training started in 2025, third training year → 921 EUR.
	training, _ := subsidy.NewPeriod(subsidy.MustParseDate("2025-09-01"), subsidy.MustParseDate("2028-08-31"))
	c := subsidy.Claim{ID: "de-1", Date: subsidy.MustParseDate("2027-10-01"), Category: "year-3", Training: training}
	res, err := p.Evaluate(c, subsidy.Options{AsOf: c.Date})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Granted, res.Amount.StringFixed(2), res.Currency)

	// Training begun in 2019 lies before the statutory table.
	c.Training, _ = subsidy.NewPeriod(subsidy.MustParseDate("2019-09-01"), subsidy.MustParseDate("2022-08-31"))
	res, _ = p.Evaluate(c, subsidy.Options{AsOf: c.Date})
	fmt.Println(res.Granted, res.Reasons[0].Code)
	// Output:
	// true 921.00 EUR
	// false not-in-force
}

func ExampleGermanMinimumTable() {
	table, err := packs.GermanMinimumTable()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range table.Entries() {
		fmt.Println(e.From, e.Until, e.Value[0], e.Value[1], e.Value[2], e.Value[3])
	}
	// Output:
	// 2020-01-01 2020-12-31 515 607.7 695.25 721
	// 2021-01-01 2021-12-31 550 649 742.5 770
	// 2022-01-01 2022-12-31 585 690.3 789.75 819
	// 2023-01-01 2023-12-31 620 731.6 837 868
	// 2024-01-01 2024-12-31 649 766 876 909
	// 2025-01-01 2025-12-31 682 805 921 955
	// 2026-01-01 2026-12-31 724 854 977 1014
}

func ExampleGermanMinimum() {
	// Training from 2024-09-01, full time, paying 649, 760 and 876 EUR: the
	// second year falls 6 EUR short of the 766 of the 2024 cohort.
	a := apprenticeship.Agreement{
		ID: "DE-2024-007", Kind: apprenticeship.Dual, Currency: "EUR",
		Start:    apprenticeship.MustParseDate("2024-09-01"),
		End:      apprenticeship.MustParseDate("2027-08-31"),
		PartTime: decimal.New(1, 0),
		Allowance: []decimal.Decimal{
			decimal.New(649, 0), decimal.New(760, 0), decimal.New(876, 0),
		},
	}
	rule, err := packs.GermanMinimum(apprenticeship.TariffOption{})
	if err != nil {
		fmt.Println(err)
		return
	}
	cents, _ := apprenticeship.NewRounding(decimal.New(1, -2), apprenticeship.HalfUp)
	short, err := apprenticeship.CheckAllowance(a, cents, rule, apprenticeship.MustParseDate("2025-11-30"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range short {
		fmt.Println(s.Month, "paid", s.Amount.StringFixed(2), "minimum", s.Minimum.StringFixed(2), "short", s.Difference.StringFixed(2))
	}
	fmt.Println(short[0].Basis[0].Series)
	// Output:
	// 2025-09 paid 760.00 minimum 766.00 short 6.00
	// 2025-10 paid 760.00 minimum 766.00 short 6.00
	// 2025-11 paid 760.00 minimum 766.00 short 6.00
	// de-bbig-minimum-allowance: minimum-allowance
}

func ExampleGermanPartTime() {
	r, err := packs.GermanPartTime()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.From, r.MinShare, r.CapFactor, r.Rule)
	// Three years full time at 75% of the hours: floor(36 / 0.75) = 48 months.
	n, _ := apprenticeship.PartTimeMonths(36, decimal.RequireFromString("0.75"), r.CapFactor)
	fmt.Println(n)
	// Output:
	// 2024-08-01 0.5 1.5 BBiG § 7a Abs. 1; BBiG § 7a Abs. 2
	// 48
}

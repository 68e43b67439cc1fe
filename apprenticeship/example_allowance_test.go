package apprenticeship_test

import (
	"fmt"

	"github.com/dualtrack/dualtrack/apprenticeship"
	"github.com/dualtrack/dualtrack/internal/dated"
	"github.com/shopspring/decimal"
)

func exampleAgreement(start, end string, partTime string, rates ...string) apprenticeship.Agreement {
	a := apprenticeship.Agreement{
		ID: "DE-2025-001", Kind: apprenticeship.Dual, Currency: "EUR",
		Start:    apprenticeship.MustParseDate(start),
		End:      apprenticeship.MustParseDate(end),
		PartTime: decimal.RequireFromString(partTime),
	}
	for _, r := range rates {
		a.Allowance = append(a.Allowance, decimal.RequireFromString(r))
	}
	return a
}

func ExampleSchedule() {
	// Training from 16 January 2025 to 15 March 2026 at 1000 EUR in year 1
	// and 1100 EUR in year 2 (illustrative amounts), full time.
	a := exampleAgreement("2025-01-16", "2026-03-15", "1", "1000", "1100")
	cents, _ := apprenticeship.NewRounding(decimal.New(1, -2), apprenticeship.HalfUp)
	s, err := apprenticeship.Schedule(a, cents)
	if err != nil {
		fmt.Println(err)
		return
	}
	// January 2025: 16–31 January, 16/30 of 1000 = 533.333… → 533.33.
	// January 2026: year 2 begins on the 16th; 16–31 January (16 days)
	// count 16/30 at 1100, 1–15 January the other 14/30 at 1000:
	// (14000 + 17600)/30 = 1053.333… → 1053.33, shared 466.67 to year 1 and
	// 586.66 to year 2 by largest remainder.
	// March 2026: 1–15 March, 15/30 of 1100 = 550.
	// Year 1: 533.33 + 11 × 1000 + 466.67 = 12000.00; year 2: 586.66 + 1100
	// + 550 = 2236.66. Exact: (16000 + 11 × 30000 + 31600 + 33000 +
	// 16500)/30 = 427100/30 = 14236.666… → 14236.67, a cent above the sum of
	// the months.
	for _, l := range s.Lines {
		if l.Month == "2025-01" || l.Month == "2026-01" || l.Month == "2026-03" {
			fmt.Printf("%s %s %2d/30 exact %-9s paid %s\n", l.Month, l.Period, l.Thirtieths, l.Exact, l.Amount.StringFixed(2))
		}
	}
	for _, y := range s.Years {
		fmt.Printf("year %d %s %s\n", y.Year, y.Period, y.Amount.StringFixed(2))
	}
	fmt.Println("total", s.Total.StringFixed(2), "exact", s.Exact, "rounded once", s.ExactRounded.StringFixed(2))
	// Output:
	// 2025-01 2025-01-16/2025-01-31 16/30 exact 16000/30  paid 533.33
	// 2026-01 2026-01-01/2026-01-31 30/30 exact 31600/30  paid 1053.33
	// 2026-03 2026-03-01/2026-03-15 15/30 exact 550       paid 550.00
	// year 1 2025-01-16/2026-01-15 12000.00
	// year 2 2026-01-16/2026-03-15 2236.66
	// total 14236.66 exact 427100/30 rounded once 14236.67
}

func ExampleAllowanceSchedule_Balance() {
	// 15 January to 14 March 2024 at 1000 EUR: 17/30, 30/30 and 14/30 of a
	// month. Rounded month by month the lines add up to a cent more than
	// the exact total rounded once; Balance gives that cent back.
	a := exampleAgreement("2024-01-15", "2024-03-14", "1", "1000")
	cents, _ := apprenticeship.NewRounding(decimal.New(1, -2), apprenticeship.HalfUp)
	s, _ := apprenticeship.Schedule(a, cents)
	b, _ := s.Balance()
	for i := range s.Lines {
		fmt.Println(s.Lines[i].Month, s.Lines[i].Amount.StringFixed(2), b.Lines[i].Amount.StringFixed(2))
	}
	fmt.Println("total", s.Total.StringFixed(2), b.Total.StringFixed(2))
	// Output:
	// 2024-01 566.67 566.67
	// 2024-02 1000.00 1000.00
	// 2024-03 466.67 466.66
	// total 2033.34 2033.33
}

func ExampleGermanMinimumTable() {
	// DOMAIN.md: training started in 2025, third training year → 921 EUR.
	table := apprenticeship.GermanMinimumTable()
	e, err := table.At(apprenticeship.MustParseDate("2025-09-01"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(e.From, e.Value[2].StringFixed(0))
	_, err = table.At(apprenticeship.MustParseDate("2019-09-01"))
	fmt.Println(err)
	// Output:
	// 2025-01-01 921
	// dated: series "BBiG § 17(2) Mindestausbildungsvergütung by start year" has no value on 2019-09-01 (coverage starts 2020-01-01)
}

func ExampleCheckAllowance() {
	// Training begun 2025-08-01 pays the minimum in years 1 and 2 (682, 805)
	// but 900 in year 3, where the minimum is 921.
	a := exampleAgreement("2025-08-01", "2028-07-31", "1", "682", "805", "900")
	rule, err := apprenticeship.GermanMinimum(apprenticeship.GermanMinimumTable(), apprenticeship.TariffOption{})
	if err != nil {
		fmt.Println(err)
		return
	}
	cents, _ := apprenticeship.NewRounding(decimal.New(1, -2), apprenticeship.HalfUp)
	short, err := apprenticeship.CheckAllowance(a, cents, rule, apprenticeship.MustParseDate("2027-10-31"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range short {
		b := s.Basis[0]
		fmt.Printf("%s paid %s minimum %s short %s (%s, in force from %s)\n",
			s.Month, s.Amount.StringFixed(2), s.Minimum.StringFixed(2), s.Difference.StringFixed(2), b.Rule, b.Effective)
	}
	// Output:
	// 2027-08 paid 900.00 minimum 921.00 short 21.00 (BBiG § 17(2): minimum for training begun 2025-08-01, training year 3, in force from 2025-01-01)
	// 2027-09 paid 900.00 minimum 921.00 short 21.00 (BBiG § 17(2): minimum for training begun 2025-08-01, training year 3, in force from 2025-01-01)
	// 2027-10 paid 900.00 minimum 921.00 short 21.00 (BBiG § 17(2): minimum for training begun 2025-08-01, training year 3, in force from 2025-01-01)
}

func ExampleLocalMinimumWage() {
	// The local monthly minimum wage is set by each province and is the
	// caller's to supply: 2000 CNY from 2024-01-01 and 2200 CNY from
	// 2025-07-01 are illustrative. (Outside this module, build the series
	// with subsidy.NewSeries, the same type.)
	wage, err := dated.New("Qingdao monthly minimum wage (illustrative)", []dated.Entry[decimal.Decimal]{
		{From: apprenticeship.MustParseDate("2024-01-01"), Value: decimal.New(2000, 0)},
		{From: apprenticeship.MustParseDate("2025-07-01"), Value: decimal.New(2200, 0)},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	rule, err := apprenticeship.LocalMinimumWage(wage)
	if err != nil {
		fmt.Println(err)
		return
	}
	a := exampleAgreement("2024-09-01", "2026-08-31", "1", "2100", "2300")
	a.Kind, a.Currency = apprenticeship.NewType, "CNY"
	fen, _ := apprenticeship.NewRounding(decimal.New(1, -2), apprenticeship.HalfUp)
	short, err := apprenticeship.CheckAllowance(a, fen, rule, a.End)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range short {
		fmt.Println(s.Month, s.Amount.StringFixed(2), "<", s.Minimum.StringFixed(2), s.Basis[0].Kind)
	}
	// Output:
	// 2025-07 2100.00 < 2200.00 local-minimum-wage
	// 2025-08 2100.00 < 2200.00 local-minimum-wage
}

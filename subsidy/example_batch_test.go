package subsidy_test

import (
	"context"
	"fmt"
	"slices"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
)

// exampleBatchPolicy is a cut-down 2024 skill-improvement subsidy
// (DOMAIN.md): insured at least 12 months or on unemployment benefit, and
// 1000/1500/2000 yuan for a 初级/中级/高级 certificate.
const exampleBatchPolicy = `{
  "format": "dualtrack.policy/1",
  "name": "cn-skill-improvement", "version": "2024",
  "currency": "CNY", "scheme": "skill-improvement",
  "rounding": {"quantum": "0.01", "mode": "half-up"},
  "params": [
    {"name": "min-insured-months", "unit": "months", "kind": "number", "entries": [
      {"from": "2019-01-01", "value": "12", "citation": {"title": "技能提升补贴"}}]},
    {"name": "amounts", "unit": "CNY", "kind": "table", "entries": [
      {"from": "2024-01-01", "until": "2024-12-31",
       "value": {"national-5": "1000", "national-4": "1500", "national-3": "2000"},
       "citation": {"title": "技能提升补贴 2024"}}]}
  ],
  "rules": [
    {"kind": "insured-months", "id": "insured", "min": "min-insured-months", "or_unemployment_benefit": true},
    {"kind": "amount-by-category", "id": "amount", "table": "amounts"}
  ]
}`

// exampleBatchClaims are five claims of 2024, one of them without a date.
func exampleBatchClaims() []subsidy.Claim {
	day := subsidy.MustParseDate("2024-05-06")
	return []subsidy.Claim{
		{ID: "c1", Date: day, Organisation: "haier", Level: certificate.NationalGrade4, InsuredMonths: 14},
		{ID: "c2", Date: day, Organisation: "haier", Level: certificate.NationalGrade3, InsuredMonths: 40},
		{ID: "c3", Date: day, Organisation: "hisense", Level: certificate.NationalGrade5, InsuredMonths: 6},
		{ID: "c4", Organisation: "hisense", Level: certificate.NationalGrade4, InsuredMonths: 30},
		{ID: "c5", Date: day, Organisation: "hisense", Level: certificate.NationalGrade4, UnemploymentBenefit: true},
	}
}

func ExamplePolicy_EvaluateAll() {
	p, err := subsidy.LoadPolicy([]byte(exampleBatchPolicy))
	if err != nil {
		fmt.Println(err)
		return
	}
	opts := subsidy.Options{AsOf: subsidy.MustParseDate("2024-06-30")}
	// Two workers; the results come back in the order of the claims, and
	// the claim without a date gets its own error without stopping the
	// others.
	claims := slices.Values(exampleBatchClaims())
	for e, err := range p.EvaluateAll(context.Background(), claims, opts, 2) {
		switch r := e.Result; {
		case err != nil:
			fmt.Println("error:", err)
		case r.Granted:
			fmt.Println(r.Claim, "granted", r.Amount.StringFixed(2))
		default:
			fmt.Println(r.Claim, "rejected:", r.Reasons[0].Code)
		}
	}
	// Output:
	// c1 granted 1500.00
	// c2 granted 2000.00
	// c3 rejected: insured-months
	// error: subsidy: claim "c4": date: required
	// c5 granted 1500.00
}

func ExampleTotals() {
	p, err := subsidy.LoadPolicy([]byte(exampleBatchPolicy))
	if err != nil {
		fmt.Println(err)
		return
	}
	opts := subsidy.Options{AsOf: subsidy.MustParseDate("2024-06-30")}
	var totals subsidy.Totals
	for e, err := range p.EvaluateAll(context.Background(), slices.Values(exampleBatchClaims()), opts, 0) {
		if err := totals.Add(e.Claim, e.Result, err); err != nil {
			fmt.Println(err)
			return
		}
	}
	all := totals.Total()
	fmt.Printf("%d claims: %d granted, %d rejected, %d errors, %s %s\n",
		all.Claims, all.Granted, all.Rejected, all.Errors, all.Amount.StringFixed(2), totals.Currency())
	for _, g := range totals.ByOrganisation() {
		fmt.Printf("  %-8s %d claims, %d granted, %8s\n", g.Key, g.Claims, g.Granted, g.Amount.StringFixed(2))
	}
	for _, g := range totals.ByReason() {
		fmt.Printf("  rejected for %s: %d\n", g.Key, g.Rejected)
	}
	// Output:
	// 5 claims: 3 granted, 1 rejected, 1 errors, 5000.00 CNY
	//   haier    2 claims, 2 granted,  3500.00
	//   hisense  3 claims, 1 granted,  1500.00
	//   rejected for insured-months: 1
}

// A batch that only counts rejections by code leaves out the texts of the
// reasons, which it would not show to anyone: the codes, amounts and totals
// are the same.
func ExampleOptions_omitReasonText() {
	p, err := subsidy.LoadPolicy([]byte(exampleBatchPolicy))
	if err != nil {
		fmt.Println(err)
		return
	}
	claims := exampleBatchClaims()[2:3] // c3, insured 6 months
	for _, omit := range []bool{false, true} {
		opts := subsidy.Options{AsOf: subsidy.MustParseDate("2024-06-30"), OmitReasonText: omit}
		for e, err := range p.EvaluateAll(context.Background(), slices.Values(claims), opts, 0) {
			if err != nil {
				fmt.Println(err)
				return
			}
			r := e.Result.Reasons[0]
			fmt.Printf("omit=%v: %s %s %q\n", omit, r.Rule, r.Code, r.Text)
		}
	}
	// Output:
	// omit=false: insured insured-months "insured 6 months, fewer than the 12 months required, and receives no unemployment benefit"
	// omit=true: insured insured-months ""
}

func ExampleCompare() {
	base, err := subsidy.LoadPolicy([]byte(exampleBatchPolicy))
	if err != nil {
		fmt.Println(err)
		return
	}
	// What if 中级 (national-4) paid 1800 instead of 1500?
	amounts, err := subsidy.NewSeries("amounts", []subsidy.Entry[map[string]decimal.Decimal]{{
		From: subsidy.MustParseDate("2024-01-01"), Until: subsidy.MustParseDate("2024-12-31"),
		Value: map[string]decimal.Decimal{
			"national-5": decimal.New(1000, 0), "national-4": decimal.New(1800, 0), "national-3": decimal.New(2000, 0),
		},
		Citation: subsidy.Citation{Title: "proposal"},
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	alt, err := base.WithParams(subsidy.Param{Name: "amounts", Unit: "CNY", Table: amounts})
	if err != nil {
		fmt.Println(err)
		return
	}
	opts := subsidy.Options{AsOf: subsidy.MustParseDate("2024-06-30")}
	var sum subsidy.Comparison
	for d, err := range subsidy.Compare(context.Background(), base, alt, slices.Values(exampleBatchClaims()), opts, 0) {
		sum.Add(d, err)
		if err == nil && d.Changed() {
			fmt.Printf("%s: %s -> %s (+%s)\n", d.Claim, d.Base.StringFixed(2), d.Alt.StringFixed(2), d.Delta.StringFixed(2))
		}
	}
	fmt.Printf("%d claims, %d changed, %d errors: %s -> %s, +%s\n",
		sum.Claims, sum.Changed, sum.Errors, sum.Base.StringFixed(2), sum.Alt.StringFixed(2), sum.Delta.StringFixed(2))
	// Output:
	// c1: 1500.00 -> 1800.00 (+300.00)
	// c5: 1500.00 -> 1800.00 (+300.00)
	// 5 claims, 2 changed, 1 errors: 5000.00 -> 5600.00, +600.00
}

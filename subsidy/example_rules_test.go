package subsidy_test

import (
	"fmt"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
)

// exampleNumber returns a number parameter with entries [from, until, value]
// cited to cite; until may be empty.
func exampleNumber(name, unit string, cite subsidy.Citation, entries ...[3]string) subsidy.Param {
	es := make([]subsidy.Entry[decimal.Decimal], len(entries))
	for i, e := range entries {
		es[i] = subsidy.Entry[decimal.Decimal]{From: subsidy.MustParseDate(e[0]), Value: decimal.RequireFromString(e[2]), Citation: cite}
		if e[1] != "" {
			es[i].Until = subsidy.MustParseDate(e[1])
		}
	}
	s, err := subsidy.NewSeries(name, es)
	if err != nil {
		panic(err)
	}
	return subsidy.Param{Name: name, Unit: unit, Number: s}
}

// The conditions of the skill-improvement subsidy (技能提升补贴) change by date:
// 36 months of contributions under the 2017 rules, 12 from 2019. The same
// worker, insured 14 months, is judged by the rules in force on the claim
// date.
func ExampleInsuredMonths() {
	cite := subsidy.Citation{Number: "人社部发〔2017〕40号"}
	rounding, _ := subsidy.NewRounding(decimal.New(1, -2), subsidy.HalfUp)
	p, err := subsidy.NewPolicy(subsidy.Definition{
		Name: "skill-improvement", Version: "example", Currency: "CNY", Scheme: "skill-improvement", Rounding: rounding,
		Params: []subsidy.Param{
			exampleNumber("min-insured", "months", cite, [3]string{"2017-01-01", "2018-12-31", "36"}, [3]string{"2019-01-01", "", "12"}),
			exampleNumber("claim-window", "months", cite, [3]string{"2017-01-01", "", "12"}),
		},
		Rules: []subsidy.Rule{
			subsidy.InsuredMonths{RuleMeta: subsidy.RuleMeta{ID: "insured"}, Min: "min-insured"},
			subsidy.ClaimWindow{RuleMeta: subsidy.RuleMeta{ID: "window"}, Months: "claim-window"},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range []subsidy.Claim{
		{ID: "2018", Date: subsidy.MustParseDate("2018-06-01"), Issued: subsidy.MustParseDate("2018-01-10"), InsuredMonths: 14},
		{ID: "2024", Date: subsidy.MustParseDate("2024-06-01"), Issued: subsidy.MustParseDate("2024-01-10"), InsuredMonths: 14},
		{ID: "late", Date: subsidy.MustParseDate("2024-06-01"), Issued: subsidy.MustParseDate("2023-05-01"), InsuredMonths: 14},
	} {
		res, err := p.Evaluate(c, subsidy.Options{AsOf: c.Date})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: rejected %v\n", c.ID, len(res.Reasons) > 0)
		for _, r := range res.Reasons {
			fmt.Printf("  [%s] %s\n", r.Code, r.Text)
		}
	}
	// Output:
	// 2018: rejected true
	//   [insured-months] insured 14 months, fewer than the 36 months required
	// 2024: rejected false
	// late: rejected true
	//   [claim-window] claimed on 2024-06-01, after 2024-05-01, the last day of the 12 months from the certificate's issue on 2023-05-01
}

// At most three claims per person per year (the 2024 version): the history
// rules read the grants a Ledger recorded, up to the as-of date.
func ExampleMaxClaimsPerYear() {
	ledger := subsidy.NewLedger()
	for i, day := range []string{"2024-01-15", "2024-02-15", "2024-03-15"} {
		_, _, err := ledger.Record(subsidy.Grant{
			Key: fmt.Sprintf("c-%d", i+1), Policy: "skill-improvement@2024", Scheme: "skill-improvement",
			Person: "P1", Occupation: "4-04-05-01", Level: certificate.NationalGrade4,
			Date: subsidy.MustParseDate(day), Amount: decimal.New(1500, 0), Currency: "CNY",
		})
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	rounding, _ := subsidy.NewRounding(decimal.New(1, -2), subsidy.HalfUp)
	p, err := subsidy.NewPolicy(subsidy.Definition{
		Name: "skill-improvement", Version: "2024", Currency: "CNY", Scheme: "skill-improvement", Rounding: rounding,
		Params: []subsidy.Param{exampleNumber("max-claims", "count", subsidy.Citation{Title: "2024 version"}, [3]string{"2024-01-01", "2024-12-31", "3"})},
		Rules:  []subsidy.Rule{subsidy.MaxClaimsPerYear{RuleMeta: subsidy.RuleMeta{ID: "three-a-year"}, Max: "max-claims"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	claim := subsidy.Claim{ID: "c-4", Date: subsidy.MustParseDate("2024-06-01"), Person: "P1"}
	for _, asOf := range []string{"2024-03-01", "2024-06-01"} {
		res, err := p.Evaluate(claim, subsidy.Options{AsOf: subsidy.MustParseDate(asOf), History: ledger})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("as of", asOf, "rejected:", len(res.Reasons) > 0)
		for _, r := range res.Reasons {
			fmt.Printf("  [%s] %s\n", r.Code, r.Text)
		}
	}
	// Output:
	// as of 2024-03-01 rejected: false
	// as of 2024-06-01 rejected: true
	//   [max-claims] person "P1" already has 3 grants of "skill-improvement" in 2024; at most 3 a year
}

// A yearly cap per person limits the award to what earlier grants left of
// it; the explanation shows the award before and after.
func ExampleHistoryCap() {
	ledger := subsidy.NewLedger()
	_, _, err := ledger.Record(subsidy.Grant{
		Key: "c-1", Policy: "example@1", Scheme: "example", Person: "P1",
		Date: subsidy.MustParseDate("2024-02-01"), Amount: decimal.New(2500, 0), Currency: "CNY",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	cite := subsidy.Citation{Title: "example"}
	rounding, _ := subsidy.NewRounding(decimal.New(1, -2), subsidy.HalfUp)
	p, err := subsidy.NewPolicy(subsidy.Definition{
		Name: "example", Version: "1", Currency: "CNY", Scheme: "example", Rounding: rounding,
		Params: []subsidy.Param{
			exampleNumber("amount", "CNY", cite, [3]string{"2024-01-01", "", "1500"}),
			exampleNumber("yearly-cap", "CNY", cite, [3]string{"2024-01-01", "", "3000"}),
		},
		Rules: []subsidy.Rule{
			subsidy.Amount{RuleMeta: subsidy.RuleMeta{ID: "amount"}, Amount: "amount"},
			subsidy.HistoryCap{RuleMeta: subsidy.RuleMeta{ID: "cap"}, Cap: "yearly-cap", Window: "year"},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	claim := subsidy.Claim{ID: "c-2", Date: subsidy.MustParseDate("2024-06-01"), Person: "P1"}
	res, err := p.Evaluate(claim, subsidy.Options{AsOf: claim.Date, History: ledger, Explain: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	step := res.Explanation.Steps[1]
	fmt.Println("amount:", res.Amount.StringFixed(2))
	fmt.Println(step.Rule, step.Outcome, step.Before.StringFixed(2), "→", step.After.StringFixed(2))
	fmt.Println(step.Reason)
	// Output:
	// amount: 500.00
	// cap applied 1500.00 → 500.00
	// the award 1500 is limited by the cap of 3000 CNY for person "P1" under "example" in 2024: 2500 granted, 500 left
}

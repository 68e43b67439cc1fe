package packs_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/dualtrack/dualtrack/subsidy/packs"
	"github.com/shopspring/decimal"
)

// The built-in packs for China (packs of other countries are left out of
// the listing).
func ExampleNames() {
	for _, name := range packs.Names() {
		if strings.HasPrefix(name, "cn-") {
			fmt.Println(name)
		}
	}
	// Output:
	// cn-apprenticeship-fj
	// cn-apprenticeship-gd
	// cn-qd-chief-technician
	// cn-qd-westcoast-self-evaluation
	// cn-skill-improvement
}

// The worked examples of the skill-improvement subsidy in DOMAIN.md: 14
// insured months and a 中级 certificate claimed within 12 months of its issue
// give 1500 yuan in 2024; under the 2017 rules, which asked for 36 months,
// the same claim gets nothing.
func ExampleLoad() {
	p, err := packs.Load("cn-skill-improvement")
	if err != nil {
		fmt.Println(err)
		return
	}
	claim := subsidy.Claim{
		ID: "w-1", Date: subsidy.MustParseDate("2024-05-20"), Person: "P1", Occupation: "6-31-01-03",
		Level: certificate.NationalGrade4, Issued: subsidy.MustParseDate("2024-03-15"), InsuredMonths: 14,
	}
	res, err := p.Evaluate(claim, subsidy.Options{AsOf: subsidy.MustParseDate("2024-06-30")})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.ID(), res.Amount.StringFixed(2))

	old := claim
	old.ID = "w-2"
	old.Date, old.Issued = subsidy.MustParseDate("2018-05-20"), subsidy.MustParseDate("2018-03-15")
	res, err = p.Evaluate(old, subsidy.Options{AsOf: subsidy.MustParseDate("2018-06-30")})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Amount.StringFixed(2), res.Reasons[0].Code+":", res.Reasons[0].Text)
	// Output:
	// cn-skill-improvement@2024 1500.00
	// 0.00 insured-months: insured 14 months, fewer than the 36 months required
}

// Every pack ships its worked cases; subsidy.RunCases runs them, and
// integrators run their own local policies' cases the same way.
func ExampleCases() {
	p, err := packs.Load("cn-qd-chief-technician")
	if err != nil {
		fmt.Println(err)
		return
	}
	f, err := packs.Cases("cn-qd-chief-technician")
	if err != nil {
		fmt.Println(err)
		return
	}
	results, err := subsidy.RunCases(p, f)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(results[0])
	passed := 0
	for _, r := range results {
		if r.Pass {
			passed++
		}
	}
	fmt.Printf("%d of %d cases pass\n", passed, len(results))
	// Output:
	// PASS the fourth year of the term completes 15,000 × 4 = 60,000
	// 14 of 14 cases pass
}

// What each China pack covers, and on whose authority.
func ExampleList() {
	list, err := packs.List()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range list {
		if !strings.HasPrefix(p.Name, "cn-") {
			continue
		}
		until := "open"
		if !p.Until.IsZero() {
			until = p.Until.String()
		}
		var numbers []string
		for _, c := range p.Sources {
			if c.Number != "" && !slices.Contains(numbers, c.Number) {
				numbers = append(numbers, c.Number)
			}
		}
		fmt.Printf("%s %s %s to %s, %d sources %v\n", p.Name, p.Jurisdiction, p.From, until, len(p.Sources), numbers)
	}
	// Output:
	// cn-apprenticeship-fj CN-FJ 2019-01-01 to open, 6 sources [闽人社文〔2019〕220号]
	// cn-apprenticeship-gd CN-GD 2021-01-01 to open, 6 sources []
	// cn-qd-chief-technician CN-SD-QD 2019-01-01 to open, 5 sources []
	// cn-qd-westcoast-self-evaluation CN-SD-QD 2019-01-01 to open, 3 sources []
	// cn-skill-improvement CN 2017-01-01 to 2024-12-31, 9 sources [人社部发〔2017〕40号]
}

// A pack's JSON is a starting point for a local policy: here a Guangdong
// city that sets its 高级工 standard at 7000 yuan instead of the pack's 6000.
// With the shortage uplift: 7000 × 1.3 = 9100.
func ExampleSource() {
	src, err := packs.Source("cn-apprenticeship-gd")
	if err != nil {
		fmt.Println(err)
		return
	}
	local := strings.Replace(string(src), `"national-3": "6000"`, `"national-3": "7000"`, 1)
	local = strings.Replace(local, `"version": "2021"`, `"version": "2021-city"`, 1)
	p, err := subsidy.LoadPolicy([]byte(local))
	if err != nil {
		fmt.Println(err)
		return
	}
	training, err := subsidy.NewPeriod(subsidy.MustParseDate("2024-09-01"), subsidy.MustParseDate("2025-08-31"))
	if err != nil {
		fmt.Println(err)
		return
	}
	claim := subsidy.Claim{
		ID: "gd-1", Date: subsidy.MustParseDate("2024-09-10"), Organisation: "G1", Level: certificate.NationalGrade3,
		Flags: []string{"shortage-occupation"}, ContractMonths: 36, Training: training,
	}
	res, err := p.Evaluate(claim, subsidy.Options{AsOf: claim.Date})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.ID(), res.Amount.StringFixed(2), packs.CheckNewApprenticeship(p))
	// Output:
	// cn-apprenticeship-gd@2021-city 9100.00 <nil>
}

// The 2021 national guidance: the Fujian pack keeps to it; a city standard
// of 4500 yuan a year is below the floor of 5000 and makes the policy
// invalid (DOMAIN.md, worked examples).
func ExampleCheckNewApprenticeship() {
	p, err := packs.Load("cn-apprenticeship-fj")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(packs.CheckNewApprenticeship(p))

	src, err := packs.Source("cn-apprenticeship-fj")
	if err != nil {
		fmt.Println(err)
		return
	}
	city, err := subsidy.LoadPolicy([]byte(strings.Replace(string(src), `"5000"`, `"4500"`, 1)))
	if err != nil {
		fmt.Println(err)
		return
	}
	err = packs.CheckNewApprenticeship(city)
	var ge *packs.GuidanceError
	if errors.As(err, &ge) {
		fmt.Println(ge.Path, ge.Value, "<", ge.Limit, errors.Is(err, subsidy.ErrInvalidPolicy))
	}
	// Output:
	// <nil>
	// params[0].entries[0].value.intermediate-class 4500 < 5000 true
}

// The West Coast New Area pays its self-evaluation subsidy from a fund: the
// pack's parameter "fund-total" (49 million yuan, DOMAIN.md) is not read by
// the rules but is the total of a subsidy.Budget, from which each granted
// claim is reserved under its ID, so that the fund is never overspent.
func Example_westCoastBudget() {
	p, err := packs.Load("cn-qd-westcoast-self-evaluation")
	if err != nil {
		fmt.Println(err)
		return
	}
	fund, ok := p.Param("fund-total")
	if !ok {
		fmt.Println("no fund-total")
		return
	}
	total, err := fund.Number.Value(subsidy.MustParseDate("2022-06-01"))
	if err != nil {
		fmt.Println(err)
		return
	}
	budget, err := subsidy.NewBudget("west-coast-self-evaluation", total, decimal.New(1, -2))
	if err != nil {
		fmt.Println(err)
		return
	}

	// An enterprise certified 10 of its staff at 中级: 10 × 1500.
	claim := subsidy.Claim{
		ID: "we-1", Date: subsidy.MustParseDate("2022-06-01"), Organisation: "W1", Level: certificate.NationalGrade4,
		Issued: subsidy.MustParseDate("2022-05-20"), Places: 10,
	}
	res, err := p.Evaluate(claim, subsidy.Options{AsOf: claim.Date})
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := budget.Reserve(claim.ID, res.Amount, subsidy.AllOrNothing)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Granted().StringFixed(2), "of", budget.Total().StringFixed(2), "reserved;", budget.Remaining().StringFixed(2), "remaining")
	// Output:
	// 15000.00 of 49000000.00 reserved; 48985000.00 remaining
}

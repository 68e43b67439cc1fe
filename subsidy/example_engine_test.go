package subsidy_test

import (
	"fmt"
	"strings"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/subsidy"
)

// engineExamplePolicy is a short version of the skill-improvement subsidy
// (技能提升补贴): 36 months insured under the 2017 rules, 12 from 2019 (or
// unemployment benefit), a claim within 12 months of the certificate's
// issue, and 1000/1500/2000 yuan by level in 2024 (DOMAIN.md).
const engineExamplePolicy = `{
  "format": "dualtrack.policy/1",
  "name": "skill-improvement-demo", "version": "2024",
  "currency": "CNY", "scheme": "skill-improvement", "basis": "issued",
  "rounding": {"quantum": "0.01", "mode": "half-up"},
  "params": [
    {"name": "insured-months", "unit": "months", "kind": "number", "entries": [
      {"from": "2017-01-01", "until": "2018-12-31", "value": "36", "citation": {"number": "人社部发〔2017〕40号"}},
      {"from": "2019-01-01", "value": "12", "citation": {"title": "2019 change: 12 months"}}]},
    {"name": "window", "unit": "months", "kind": "number", "entries": [
      {"from": "2017-01-01", "value": "12", "citation": {"number": "人社部发〔2017〕40号"}}]},
    {"name": "amount", "unit": "CNY", "kind": "table", "entries": [
      {"from": "2024-01-01", "until": "2024-12-31",
       "value": {"national-5": "1000", "national-4": "1500", "national-3": "2000"},
       "citation": {"title": "2024 version: 初级 1000, 中级 1500, 高级 2000"}}]}
  ],
  "rules": [
    {"kind": "insured-months", "id": "insured", "min": "insured-months", "or_unemployment_benefit": true},
    {"kind": "claim-window", "id": "window", "months": "window"},
    {"kind": "amount-by-category", "id": "amount", "table": "amount", "key": "level"}
  ]
}`

// Evaluate a claim with its explanation: the README's example. A worker
// insured for 14 months gains a 中级 (grade 4) certificate on 2024-03-15 and
// claims on 2024-05-20: DOMAIN.md's worked example gives 1500 yuan.
func ExamplePolicy_Evaluate() {
	policy, err := subsidy.LoadPolicy([]byte(engineExamplePolicy))
	if err != nil {
		panic(err)
	}
	claim := subsidy.Claim{
		ID:            "claim-1",
		Date:          subsidy.MustParseDate("2024-05-20"),
		Person:        "worker-7",
		Occupation:    "6-31-01-03",
		Level:         certificate.NationalGrade4,
		Issued:        subsidy.MustParseDate("2024-03-15"),
		InsuredMonths: 14,
	}
	res, err := policy.Evaluate(claim, subsidy.Options{AsOf: subsidy.MustParseDate("2024-06-30"), Explain: true})
	if err != nil {
		panic(err)
	}
	fmt.Print(res)

	// The same claim 13 months after the issue is rejected, with a reason.
	claim.Date = subsidy.MustParseDate("2025-04-16")
	res, err = policy.Evaluate(claim, subsidy.Options{AsOf: claim.Date})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Granted, res.Amount.StringFixed(2), res.Reasons[0].Code)
	// Output:
	// claim claim-1: granted 1500.00 CNY
	//   policy skill-improvement-demo@2024 sha256:687fc54a6af65da4336c5700ae562c89bdd386013b0ea8ea0b9490b6051bceeb
	//   as of 2024-06-30
	//   rules
	//     insured (insured-months): applied: insured 14 months, at least 12 months required
	//       insured-months = 12, on 2024-03-15, in force 2019-01-01.. (2019 change: 12 months)
	//     window (claim-window): applied: claimed on 2024-05-20, within the 12 months from the certificate's issue on 2024-03-15 (last day 2025-03-15)
	//       window = 12, on 2024-03-15, in force 2017-01-01.. (人社部发〔2017〕40号)
	//     amount (amount-by-category): applied, 0.00 -> 1500.00: the amount for level "national-4" = 1500
	//       amount[national-4] = 1500, on 2024-03-15, in force 2024-01-01..2024-12-31 (2024 version: 初级 1000, 中级 1500, 高级 2000)
	//   payments
	//     2024-05-20  1500.00  single
	// false 0.00 claim-window
}

// A granted claim goes into the ledger the history rules read: the same
// worker's second claim for the same occupation and level is then rejected
// (the demo policy with the 2024 rule "the same occupation and level only
// once"), and recording the first claim again (a retry) pays nothing.
func ExamplePolicy_Grant() {
	once := strings.Replace(engineExamplePolicy, `{"kind": "amount-by-category"`,
		`{"kind": "once-per-level", "id": "once"}, {"kind": "amount-by-category"`, 1)
	policy, err := subsidy.LoadPolicy([]byte(once))
	if err != nil {
		panic(err)
	}
	ledger := subsidy.NewLedger()
	opts := subsidy.Options{AsOf: subsidy.MustParseDate("2024-06-30"), History: ledger}
	claim := subsidy.Claim{
		ID: "claim-1", Date: subsidy.MustParseDate("2024-05-20"), Person: "worker-7",
		Occupation: "6-31-01-03", Level: certificate.NationalGrade4,
		Issued: subsidy.MustParseDate("2024-03-15"), InsuredMonths: 14,
	}
	res, err := policy.Evaluate(claim, opts)
	if err != nil {
		panic(err)
	}
	g, err := policy.Grant(claim, res)
	if err != nil {
		panic(err)
	}
	_, pay, err := ledger.Record(g)
	fmt.Println(g.Key, g.Amount.StringFixed(2), pay, err)
	_, pay, _ = ledger.Record(g)
	fmt.Println("again:", pay)

	claim.ID, claim.Date = "claim-2", subsidy.MustParseDate("2024-06-01")
	res, err = policy.Evaluate(claim, opts)
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Granted, res.Reasons[0].Code)
	_, err = policy.Grant(claim, res)
	fmt.Println(err)
	// Output:
	// claim-1 1500.00 true <nil>
	// again: false
	// false already-granted
	// subsidy: claim "claim-2" was not granted: not a grant
}

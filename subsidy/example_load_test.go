package subsidy_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/subsidy"
)

// The skill-improvement subsidy (技能提升补贴) of 2024 as JSON, evaluated on
// the worked examples of DOMAIN.md: 14 insured months and a 中级
// certificate claimed within 12 months of its issue give 1500 yuan; a
// certificate issued 13 months before the claim gives nothing.
func ExampleLoadPolicy() {
	const policy = `{
	  "format": "dualtrack.policy/1",
	  "name": "cn-skill-improvement", "version": "2024",
	  "currency": "CNY", "scheme": "skill-improvement", "basis": "issued",
	  "rounding": {"quantum": "1", "mode": "down"},
	  "params": [
	    {"name": "insured-months", "unit": "months", "kind": "number", "entries": [
	      {"from": "2017-01-01", "until": "2018-12-31", "value": "36", "citation": {"number": "人社部发〔2017〕40号"}},
	      {"from": "2019-01-01", "value": "12", "citation": {"title": "from 2019-01-01"}}]},
	    {"name": "claim-window", "unit": "months", "kind": "number", "entries": [
	      {"from": "2017-01-01", "value": "12", "citation": {"number": "人社部发〔2017〕40号"}}]},
	    {"name": "cap", "unit": "CNY", "kind": "table", "entries": [
	      {"from": "2024-01-01", "until": "2024-12-31",
	       "value": {"national-5": "1000", "national-4": "1500", "national-3": "2000"},
	       "citation": {"title": "2024 version: 初级 1000, 中级 1500, 高级 2000"}}]}
	  ],
	  "rules": [
	    {"kind": "insured-months", "id": "insured", "on": "claim", "min": "insured-months"},
	    {"kind": "claim-window", "id": "window", "months": "claim-window"},
	    {"kind": "amount-by-category", "id": "amount", "table": "cap"}
	  ]
	}`
	p, err := subsidy.LoadPolicy([]byte(policy))
	if err != nil {
		fmt.Println(err)
		return
	}
	claim := subsidy.Claim{
		ID: "c-1", Date: subsidy.MustParseDate("2024-09-02"), Issued: subsidy.MustParseDate("2024-03-15"),
		Level: certificate.NationalGrade4, InsuredMonths: 14,
	}
	res, err := p.Evaluate(claim, subsidy.Options{AsOf: claim.Date, Explain: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.ID(), res.Amount)
	for _, u := range res.Explanation.Steps[2].Params {
		fmt.Printf("%s[%s] = %s on %s (%s)\n", u.Name, u.Key, u.Value, u.On, u.Citation)
	}

	late := claim
	late.ID, late.Issued = "c-2", subsidy.MustParseDate("2023-08-02") // 13 months before the claim
	res, err = p.Evaluate(late, subsidy.Options{AsOf: late.Date})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Granted, res.Reasons[0].Rule)
	// Output:
	// cn-skill-improvement@2024 1500
	// cap[national-4] = 1500 on 2024-03-15 (2024 version: 初级 1000, 中级 1500, 高级 2000)
	// false window
}

// A broken policy is reported with the JSON path of the fault and the value
// found there.
func ExampleLoadPolicy_error() {
	_, err := subsidy.LoadPolicy([]byte(`{
	  "format": "dualtrack.policy/1", "name": "broken", "version": "1",
	  "currency": "CNY", "scheme": "s", "rounding": {"quantum": "1", "mode": "down"},
	  "params": [{"name": "cap", "kind": "number", "entries": [
	    {"from": "2024-01-01", "value": "1500"},
	    {"from": "2024-02-30", "value": "2000"}]}],
	  "rules": []
	}`))
	fmt.Println(err)
	var pe *subsidy.PolicyError
	if errors.As(err, &pe) {
		fmt.Println(pe.Path, errors.Is(err, subsidy.ErrInvalidDate))
	}
	// Output:
	// subsidy: policy "broken": params[0].entries[1].from = "2024-02-30": not a date: day 30 out of range for 2024-02
	// params[0].entries[1].from true
}

// termAllowance is an integrator's own rule kind: an allowance per year
// times the years of a term, both parameters of the policy.
type termAllowance struct {
	subsidy.RuleMeta
	Yearly string `json:"yearly"`
	Years  string `json:"years"`
}

func (termAllowance) Kind() string { return "term-allowance" }

func (r termAllowance) Check(p *subsidy.Policy) error {
	if err := p.CheckParam("yearly", r.Yearly, false); err != nil {
		return err
	}
	return p.CheckParam("years", r.Years, false)
}

func (r termAllowance) Apply(s *subsidy.State) error {
	yearly, err := s.Number(r.Yearly)
	if err != nil {
		return err
	}
	years, err := s.Number(r.Years)
	if err != nil {
		return err
	}
	if s.Explaining() {
		s.Note(yearly.String() + " a year for " + years.String() + " years")
	}
	return s.SetAmount(s.Amount().Add(yearly.Mul(years)))
}

// Qingdao's chief technician allowance (首席技师, DOMAIN.md): 15,000 yuan a
// year over a four-year term, 60,000 in all, with a rule kind of the
// integrator's own.
func ExampleLoader_RegisterRule() {
	l := subsidy.NewLoader()
	if err := l.RegisterRule("term-allowance", func() subsidy.Rule { return new(termAllowance) }); err != nil {
		fmt.Println(err)
		return
	}
	p, err := l.Load([]byte(`{
	  "format": "dualtrack.policy/1", "name": "cn-qd-chief-technician", "version": "2019",
	  "currency": "CNY", "scheme": "chief-technician", "rounding": {"quantum": "0.01", "mode": "half-up"},
	  "params": [
	    {"name": "yearly", "unit": "CNY", "kind": "number",
	     "entries": [{"from": "2019-01-01", "value": "15000", "citation": {"title": "Qingdao chief technician rules, 2019"}}]},
	    {"name": "term", "unit": "years", "kind": "number",
	     "entries": [{"from": "2019-01-01", "value": "4", "citation": {"title": "Qingdao chief technician rules, 2019"}}]}
	  ],
	  "rules": [{"kind": "term-allowance", "id": "allowance", "yearly": "yearly", "years": "term"}]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	claim := subsidy.Claim{ID: "qd-1", Date: subsidy.MustParseDate("2019-12-01")}
	res, err := p.Evaluate(claim, subsidy.Options{AsOf: claim.Date, Explain: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Amount.StringFixed(2), "—", res.Explanation.Steps[0].Reason)

	// A kind can be registered once.
	err = l.RegisterRule("term-allowance", func() subsidy.Rule { return new(termAllowance) })
	fmt.Println(err, errors.Is(err, subsidy.ErrInvalidKind))
	// Output:
	// 60000.00 — 15000 a year for 4 years
	// subsidy: cannot register rule kind "term-allowance": already registered true
}

// Read takes the policy from an io.Reader; the canonical form it writes
// back loads to the same policy, with the same digest.
func ExampleLoader_Read() {
	l := subsidy.NewLoader()
	p, err := l.Read(strings.NewReader(`{"format": "dualtrack.policy/1", "name": "flat", "version": "1",
	  "currency": "EUR", "scheme": "flat", "rounding": {"quantum": "0.01", "mode": "half-even"},
	  "params": [{"name": "amount", "unit": "EUR", "kind": "number",
	    "entries": [{"from": "2025-01-01", "value": "1000.00", "citation": {"title": "test"}}]}],
	  "rules": [{"kind": "amount", "id": "flat", "amount": "amount"}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	canon, _ := p.MarshalJSON()
	fmt.Println(string(canon))
	q, err := subsidy.LoadPolicy(canon)
	fmt.Println(err, q.Digest() == p.Digest())
	// Output:
	// {"format":"dualtrack.policy/1","name":"flat","version":"1","currency":"EUR","scheme":"flat","basis":"claim","rounding":{"quantum":"0.01","mode":"half-even"},"params":[{"name":"amount","unit":"EUR","kind":"number","entries":[{"from":"2025-01-01","value":"1000","citation":{"title":"test"}}]}],"rules":[{"kind":"amount","id":"flat","amount":"amount"}]}
	// <nil> true
}

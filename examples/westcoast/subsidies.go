package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/dualtrack/dualtrack/apprenticeship"
	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/dualtrack/dualtrack/subsidy/packs"
	"github.com/shopspring/decimal"
)

// This file holds the second half of the story: the subsidies that pay for
// skills, under three built-in policy packs, recorded in one ledger and paid
// from one fund. The staff, certificates, insurance records and the fund are
// illustrative; the rules, amounts and sources are the packs'.

// The three schemes of the story, by their built-in pack.
const (
	skillPack    = "cn-skill-improvement"            // 技能提升补贴, paid to workers
	selfEvalPack = "cn-qd-westcoast-self-evaluation" // 企业自主评价 training subsidy, paid to enterprises
	chiefPack    = "cn-qd-chief-technician"          // 首席技师 allowance, paid to the person
)

// sitting is one session of an enterprise's self-evaluation (企业技能人才自主评价):
// on one day it certifies a number of its staff in one occupation at one
// level. The first certificates go to the staff named, the rest to
// colleagues.
type sitting struct {
	enterprise int // index into the program's partner enterprises
	date       string
	occupation string
	level      certificate.Level
	staff      int
	named      []string // ids of the named staff certified in it
}

// staff is a named member of staff of a partner enterprise.
type staff struct {
	id, name string
	insured  int      // months of unemployment-insurance contributions when claiming
	claims   []string // the days they claim the skill-improvement subsidy, one per certificate in order of issue
}

// workforce is the staff of the partner enterprises and the certificates
// the enterprises awarded them by self-evaluation in 2024.
type workforce struct {
	partners  []apprenticeship.Organisation
	sittings  []sitting
	named     map[string]staff
	registry  *certificate.MemoryRegistry
	certified map[string][]certificate.Certificate // by holder, in order of issue
}

// scheme is a built-in pack with the claims made under it, each decided
// with its result.
type scheme struct {
	pack  string
	label string // a short English name
	title string // what it is and who claims it, with the Chinese term
	// fund pays the scheme's grants; nil for a scheme paid from elsewhere.
	fund *subsidy.Budget
	// round marks a scheme whose claims are collected in a call and paid
	// from the fund together, once the call closes.
	round   bool
	policy  *subsidy.Policy
	claims  []subsidy.Claim
	results []subsidy.Result
	totals  subsidy.Totals
}

// subsidies runs sections 5 to 8: claims under the built-in packs, the
// totals by enterprise and by rule, the fund, and one explanation.
func subsidies(p *printer, c *cohort) error {
	staff, err := selfEvaluate(c.program.Enterprises)
	if err != nil {
		return err
	}

	// The district's ledger of grants, as exported at the end of 2023: the
	// chief technician allowance the smart-appliance enterprise's master 孙师傅
	// has had since he was selected in 2021.
	ledger, err := subsidy.ReadLedger(strings.NewReader(earlierGrants))
	if err != nil {
		return err
	}
	// The district pays its own schemes from one fund: the chief
	// technician allowances first come, first served as they are granted,
	// the self-evaluation subsidy as one round after its call. The
	// skill-improvement subsidy is paid from the unemployment-insurance fund.
	fund, err := subsidy.NewBudget("West Coast skilled-talent fund 2024 (illustrative)", decimal.NewFromInt(100_000), decimal.New(1, -2))
	if err != nil {
		return err
	}
	skill := &scheme{pack: skillPack, label: "skill-improvement",
		title: "技能提升补贴 skill-improvement subsidy, claimed by workers"}
	selfEval := &scheme{pack: selfEvalPack, label: "self-evaluation", fund: fund, round: true,
		title: "自主评价培训补贴 self-evaluation training subsidy, claimed by enterprises"}
	chief := &scheme{pack: chiefPack, label: "chief technician", fund: fund,
		title: "首席技师津贴 chief technician allowance, claimed by the technician"}
	schemes := []*scheme{skill, selfEval, chief}

	p.heading("5. Subsidy claims under the built-in policy packs (补贴申领)")
	for _, s := range schemes {
		if s.policy, err = describePack(p, s.pack); err != nil {
			return err
		}
	}
	skill.claims = workerClaims(staff)
	if selfEval.claims, err = enterpriseClaims(staff); err != nil {
		return err
	}
	chief.claims = chiefClaims(c, staff)

	certified := 0
	for _, s := range staff.sittings {
		certified += s.staff
	}
	p.line("   In 2024 the partner enterprises certified %d staff in %d sittings of their", certified, len(staff.sittings))
	p.line("   self-evaluation (企业自主评价), each within its authorised scope: workers claim")
	p.line("   for their certificates, the enterprises for every sitting. Claims are decided")
	p.line("   one at a time in the order they are made, each as of its day and against the")
	p.line("   grants recorded before it; every grant goes into one ledger.")
	for _, s := range schemes {
		if err := decide(p, s, ledger); err != nil {
			return err
		}
	}

	// A claim sent again under the same number is a replay: it gets the same
	// result, and the ledger returns the stored grant: nothing is paid twice.
	first := skill.claims[0]
	res, err := skill.policy.Evaluate(first, subsidy.Options{AsOf: first.Date, History: ledger})
	if err != nil {
		return err
	}
	_, paid, err := ledger.Record(grantOf(skill.policy, first, res, res.Amount))
	if err != nil {
		return err
	}
	if paid {
		return fmt.Errorf("claim %s was paid twice", first.ID)
	}
	p.line("")
	p.line("   %s sent again under the same number: the same result (%s %s), and the ledger", first.ID, decision(res), res.Amount.StringFixed(2))
	p.line("   returns the grant it holds under that number: nothing is paid twice.")

	if err := byEnterprise(p, schemes, staff.partners); err != nil {
		return err
	}
	if err := allocate(p, ledger, fund, chief, selfEval); err != nil {
		return err
	}
	return explain(p, chief, "cap-reached")
}

// selfEvaluate returns the partner enterprises' staff and the certificates
// the enterprises awarded them by self-evaluation in 2024. Each enterprise
// is authorised within a scope (鲁人社发〔2019〕14号): occupations, a highest
// level and a validity period; the registry checks every certificate
// against it.
func selfEvaluate(partners []apprenticeship.Organisation) (*workforce, error) {
	ctx := context.Background()
	// Occupation codes are illustrative, not those of the national
	// classification of occupations (职业分类大典).
	occupations := map[string]string{
		"IR-OP": "工业机器人系统操作员", "IR-MT": "工业机器人系统运维员", "ELEC": "电工",
		"FITTER": "钳工", "DISP-ASM": "显示器件制造工", "WELD": "焊工",
	}
	scopes := []certificate.Scope{
		{Occupations: []string{"IR-OP", "IR-MT", "ELEC", "FITTER"}, Highest: certificate.NationalGrade3},
		{Occupations: []string{"DISP-ASM", "ELEC"}, Highest: certificate.NationalGrade3},
		{Occupations: []string{"WELD", "IR-OP"}, Highest: certificate.NationalGrade2},
	}
	n5, n4, n3, n2 := certificate.NationalGrade5, certificate.NationalGrade4, certificate.NationalGrade3, certificate.NationalGrade2
	w := &workforce{
		partners: partners,
		named: map[string]staff{
			"QD-W-0101": {"QD-W-0101", "孙浩", 30, []string{"2024-04-02"}},
			"QD-W-0102": {"QD-W-0102", "郑洁", 26, []string{"2024-03-04", "2024-05-27", "2024-07-22", "2024-09-23"}},
			"QD-W-0201": {"QD-W-0201", "周敏", 15, []string{"2024-05-06"}},
			"QD-W-0202": {"QD-W-0202", "冯雪", 8, []string{"2024-06-17"}},
			"QD-W-0301": {"QD-W-0301", "吴刚", 60, []string{"2024-06-11"}},
			"QD-W-0302": {"QD-W-0302", "钱进", 40, []string{"2025-02-20"}},
			"M-31":      {"M-31", "冯师傅", 0, nil}, // the master of 赵敏, section 2
		},
		sittings: []sitting{
			{2, "2024-01-10", "WELD", n4, 7, []string{"QD-W-0302"}},
			{0, "2024-02-20", "IR-OP", n5, 12, []string{"QD-W-0102"}},
			{0, "2024-03-15", "IR-OP", n4, 8, []string{"QD-W-0101"}},
			{1, "2024-04-18", "DISP-ASM", n5, 15, []string{"QD-W-0201"}},
			{0, "2024-05-10", "ELEC", n5, 6, []string{"QD-W-0102"}},
			{2, "2024-05-22", "WELD", n3, 3, []string{"QD-W-0301"}},
			{1, "2024-06-03", "DISP-ASM", n4, 9, []string{"QD-W-0202"}},
			{0, "2024-07-05", "FITTER", n5, 5, []string{"QD-W-0102"}},
			{0, "2024-09-12", "IR-MT", n5, 4, []string{"QD-W-0102"}},
			{2, "2024-10-15", "WELD", n2, 2, []string{"M-31"}},
		},
		registry:  certificate.NewMemoryRegistry(),
		certified: map[string][]certificate.Certificate{},
	}

	valid, err := certificate.NewPeriod(certificate.MustParseDate("2023-01-01"), certificate.MustParseDate("2025-12-31"))
	if err != nil {
		return nil, err
	}
	issuers := make([]certificate.Issuer, len(partners))
	for i, e := range partners {
		scope := scopes[i]
		scope.Valid = valid
		issuers[i] = certificate.Issuer{ID: e.ID, Name: e.Name, Kind: certificate.SelfEvaluatingEnterprise, Scope: &scope}
	}
	for _, s := range w.sittings {
		enterprise := shortID(partners[s.enterprise].ID)
		for k := range s.staff {
			holder := certificate.Holder{ID: fmt.Sprintf("%s/staff-%02d", enterprise, k+1), Name: fmt.Sprintf("职工%02d", k+1), Kind: certificate.Employee}
			if k < len(s.named) {
				holder.ID, holder.Name = w.named[s.named[k]].id, w.named[s.named[k]].name
			}
			cert := certificate.Certificate{
				Number:     fmt.Sprintf("SE-%s-%s-%02d", initials(enterprise), strings.ReplaceAll(s.date, "-", ""), k+1),
				Holder:     holder,
				Occupation: certificate.Occupation{Code: s.occupation, Name: occupations[s.occupation]},
				Level:      s.level,
				Issuer:     issuers[s.enterprise],
				Issued:     certificate.MustParseDate(s.date),
				Channel:    certificate.SelfEvaluation,
			}
			if err := w.registry.Add(ctx, cert); err != nil {
				return nil, err
			}
			w.certified[holder.ID] = append(w.certified[holder.ID], cert)
		}
	}
	return w, nil
}

// workerClaims are the workers' claims of the skill-improvement subsidy
// (技能提升补贴) for the certificates their enterprise awarded them, built
// from the certificate and the worker's insurance record. 孙浩's enterprise
// sends his claim a second time, under its own number.
func workerClaims(w *workforce) []subsidy.Claim {
	var claims []subsidy.Claim
	for _, id := range []string{"QD-W-0101", "QD-W-0102", "QD-W-0201", "QD-W-0202", "QD-W-0301", "QD-W-0302"} {
		for i, cert := range w.certified[id] {
			claims = append(claims, subsidy.Claim{
				Date:          subsidy.MustParseDate(w.named[id].claims[i]),
				Person:        id,
				Organisation:  cert.Issuer.ID,
				HolderKind:    "employee",
				Occupation:    cert.Occupation.Code,
				Level:         cert.Level,
				Certificate:   cert.Number,
				Issued:        cert.Issued,
				InsuredMonths: w.named[id].insured,
			})
		}
	}
	again := claims[0]
	again.Date = subsidy.MustParseDate("2024-04-20")
	claims = append(claims, again)
	number(claims, "SI")
	return claims
}

// enterpriseClaims are the enterprises' claims of the self-evaluation
// training subsidy, one per sitting of 2024, made in the district's call of
// 2024-11-15 for as many staff as the registry holds certificates of that
// sitting.
func enterpriseClaims(w *workforce) ([]subsidy.Claim, error) {
	var claims []subsidy.Claim
	for _, s := range w.sittings {
		issuer := w.partners[s.enterprise].ID
		found, err := w.registry.Find(context.Background(), certificate.Query{Occupation: s.occupation})
		if err != nil {
			return nil, err
		}
		places := 0
		for _, cert := range found {
			if cert.Issuer.ID == issuer && cert.Level == s.level && cert.Issued.String() == s.date {
				places++
			}
		}
		claims = append(claims, subsidy.Claim{
			Date:         subsidy.MustParseDate("2024-11-15"),
			Organisation: issuer,
			Occupation:   s.occupation,
			Level:        s.level,
			Issued:       certificate.MustParseDate(s.date),
			Places:       places,
		})
	}
	number(claims, "SE")
	return claims, nil
}

// chiefClaims are the chief technicians' (首席技师) claims of their yearly
// allowance: the apprentices' master 孙师傅, a 高级技师 selected in 2021, for
// the fourth year of his term, a second time by mistake, and again in 2025;
// 冯师傅, certified 技师 by his enterprise in October and selected in the
// 2024 round, for his first year.
func chiefClaims(c *cohort, w *workforce) []subsidy.Claim {
	sun, feng := c.members[0].agreement.Master, c.members[5].agreement.Master
	fengCert := w.certified[feng.ID][0]
	claim := func(date string) subsidy.Claim {
		return subsidy.Claim{Date: subsidy.MustParseDate(date), Person: sun.ID, Organisation: sun.Organisation,
			Occupation: "IR-MT", Level: certificate.NationalGrade1}
	}
	claims := []subsidy.Claim{
		claim("2024-07-01"),
		claim("2024-11-04"),
		{Date: subsidy.MustParseDate("2024-12-02"), Person: feng.ID, Organisation: feng.Organisation, Occupation: fengCert.Occupation.Code,
			Level: fengCert.Level, Certificate: fengCert.Number, Issued: fengCert.Issued},
		claim("2025-07-01"),
	}
	number(claims, "CT")
	return claims
}

// earlierGrants is the chief technician allowance paid to 孙师傅 (M-11) in the
// first three years of his term, as Ledger.WriteTo writes it.
const earlierGrants = `{"key":"CT-2021-007","policy":"cn-qd-chief-technician@2019","scheme":"qd-chief-technician","person":"M-11","organisation":"ent-smart-appliances","occupation":"IR-MT","level":"national-1","date":"2021-07-01","amount":"15000.00","currency":"CNY"}
{"key":"CT-2022-004","policy":"cn-qd-chief-technician@2019","scheme":"qd-chief-technician","person":"M-11","organisation":"ent-smart-appliances","occupation":"IR-MT","level":"national-1","date":"2022-07-01","amount":"15000.00","currency":"CNY"}
{"key":"CT-2023-002","policy":"cn-qd-chief-technician@2019","scheme":"qd-chief-technician","person":"M-11","organisation":"ent-smart-appliances","occupation":"IR-MT","level":"national-1","date":"2023-07-01","amount":"15000.00","currency":"CNY"}
`

// number sorts claims by the day they were made and numbers them in that
// order, such as SI-2024-003.
func number(claims []subsidy.Claim, prefix string) {
	slices.SortStableFunc(claims, func(a, b subsidy.Claim) int { return a.Date.Compare(b.Date) })
	for i := range claims {
		claims[i].ID = fmt.Sprintf("%s-%d-%03d", prefix, claims[i].Date.Year(), i+1)
	}
}

// describePack loads a built-in pack, runs its own worked cases and prints
// what it is and where its numbers come from.
func describePack(p *printer, name string) (*subsidy.Policy, error) {
	d, err := packs.Describe(name)
	if err != nil {
		return nil, err
	}
	policy, err := packs.Load(name)
	if err != nil {
		return nil, err
	}
	cases, err := packs.Cases(name)
	if err != nil {
		return nil, err
	}
	outcomes, err := subsidy.RunCases(policy, cases)
	if err != nil {
		return nil, err
	}
	pass := 0
	for _, o := range outcomes {
		if o.Pass {
			pass++
		}
	}
	span := fmt.Sprintf("from %s, open-ended", d.From)
	if !d.Until.IsZero() {
		span = fmt.Sprintf("%s to %s", d.From, d.Until)
	}
	p.line("   %s", d.Title)
	p.line("     pack %s (policy %s), parameters %s,", d.Name, d.Policy, span)
	p.line("     %d sources cited; its own worked cases: %d of %d pass", len(d.Sources), pass, len(outcomes))
	p.line("")
	return policy, nil
}

// decide evaluates a scheme's claims one at a time, each as of the day it is
// made and against the ledger, and prints one line per claim. A grant is
// reserved from the scheme's fund, if it has one, and recorded in the ledger
// for what the fund granted; the grants of a round wait for the round.
func decide(p *printer, s *scheme, ledger *subsidy.Ledger) error {
	p.line("")
	p.line("   %s (%s):", s.title, s.pack)
	widths := []int{11, 10, 9, 16, 8, 10, 0}
	p.row(widths, "claim", "made", "person", "enterprise", "occup.", "level", "decision")
	for _, c := range s.claims {
		res, err := s.policy.Evaluate(c, subsidy.Options{AsOf: c.Date, History: ledger, Explain: true})
		if err != nil {
			return err
		}
		if err := s.totals.Add(c, res, nil); err != nil {
			return err
		}
		s.results = append(s.results, res)
		if res.Granted && !s.round {
			amount := res.Amount
			if s.fund != nil {
				r, err := s.fund.Reserve(c.ID, res.Amount, subsidy.AllOrNothing)
				if err != nil {
					return err
				}
				amount = r.Granted()
			}
			if amount.IsPositive() {
				if _, _, err := ledger.Record(grantOf(s.policy, c, res, amount)); err != nil {
					return err
				}
			}
		}
		d := decision(res)
		if res.Granted {
			d += " " + res.Amount.StringFixed(2)
			if c.Places > 1 {
				d += fmt.Sprintf(" (%d staff)", c.Places)
			}
		}
		person := c.Person
		if person == "" {
			person = "-"
		}
		occupation := c.Occupation
		if occupation == "" {
			occupation = "-"
		}
		p.row(widths, c.ID, c.Date.String(), person, shortID(c.Organisation), occupation, c.Level.Code(), d)
	}
	return nil
}

// grantOf is the ledger's record of a granted claim, paying amount.
func grantOf(policy *subsidy.Policy, c subsidy.Claim, res subsidy.Result, amount decimal.Decimal) subsidy.Grant {
	return subsidy.Grant{
		Key:          c.ID,
		Policy:       res.Policy,
		Scheme:       policy.Scheme(),
		Person:       c.Person,
		Organisation: c.Organisation,
		Occupation:   c.Occupation,
		Level:        c.Level,
		Certificate:  c.Certificate,
		Date:         c.Date,
		Amount:       amount,
		Currency:     res.Currency,
	}
}

// decision says in a few words what a result decided.
func decision(res subsidy.Result) string {
	switch {
	case res.Granted:
		return "granted"
	case len(res.Reasons) > 0:
		codes := make([]string, len(res.Reasons))
		for i, r := range res.Reasons {
			codes[i] = r.Code
		}
		return "rejected: " + strings.Join(codes, ", ")
	default:
		return "nothing due"
	}
}

// initials returns the capital first letters of the words of a
// hyphenated name: "SA" for "smart-appliances".
func initials(name string) string {
	var b strings.Builder
	for _, w := range strings.Split(name, "-") {
		if w != "" {
			b.WriteString(strings.ToUpper(w[:1]))
		}
	}
	return b.String()
}

// shortID drops the "ent-" prefix of an enterprise's id.
func shortID(id string) string { return strings.TrimPrefix(id, "ent-") }

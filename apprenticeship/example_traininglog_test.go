package apprenticeship_test

import (
	"errors"
	"fmt"

	"github.com/dualtrack/dualtrack/apprenticeship"
	"github.com/dualtrack/dualtrack/certificate"
	"github.com/shopspring/decimal"
)

// exampleLogProgram is a program whose plan has one module at each site;
// names, codes and hours are illustrative.
func exampleLogProgram() apprenticeship.Program {
	return apprenticeship.Program{
		Code:        "SG-IM-2024",
		School:      apprenticeship.Organisation{ID: "school-1", Name: "中德应用技术学校"},
		Major:       apprenticeship.Major{Code: "660303", Name: "智能制造装备技术"},
		Bases:       []apprenticeship.Organisation{{ID: "base-1", Name: "智能制造实训基地"}},
		Enterprises: []apprenticeship.Organisation{{ID: "ent-1", Name: "家电企业"}},
		Cohort:      "2024",
		Months:      36,
		Plan: []apprenticeship.Module{
			{Code: "M1", Name: "机械基础", Site: apprenticeship.School, Hours: 120},
			{Code: "M2", Name: "机器人编程", Site: apprenticeship.Base, Hours: 200},
			{Code: "M3", Name: "产线实践", Site: apprenticeship.Enterprise, Hours: 600},
		},
	}
}

func ExampleParseEntries() {
	entries, err := apprenticeship.ParseEntries([]byte(`[
		{"date": "2024-09-02", "site": "school", "module": "M1", "hours": "7.5"},
		{"date": "2024-09-03", "site": "enterprise", "module": "M3", "hours": 8}
	]`))
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		fmt.Println(e.Date, e.Site, e.Module, e.Hours)
	}

	_, err = apprenticeship.ParseEntries([]byte(`[{"date": "2024-09-02", "site": "school", "module": "M1", "hours": "7.125"}]`))
	fmt.Println(err)
	// Output:
	// 2024-09-02 school M1 7.5
	// 2024-09-03 enterprise M3 8
	// apprenticeship: entries[0].hours "7.125": at most 2 decimal places (hundredths of an hour)
}

func ExampleLog_Progress() {
	l, err := apprenticeship.NewLog(exampleLogProgram(), []apprenticeship.Entry{
		{Date: apprenticeship.MustParseDate("2024-09-02"), Site: apprenticeship.School, Module: "M1", Hours: decimal.NewFromInt(8)},
		{Date: apprenticeship.MustParseDate("2024-09-03"), Site: apprenticeship.Enterprise, Module: "M3", Hours: decimal.NewFromInt(8)},
	})
	if err != nil {
		panic(err)
	}
	pr := l.Progress(apprenticeship.MustParseDate("2024-09-30"))
	// 16 of 920 hours: 1600 / 920 = 1.739… → 1.73 (rounded down).
	fmt.Printf("all: %s of %s hours, %s%%\n", pr.Logged, pr.Planned, pr.Percent)
	for _, s := range pr.Sites {
		fmt.Printf("%s: %s of %s hours, %s%%\n", s.Site, s.Logged, s.Planned, s.Percent.StringFixed(2))
	}

	// A school module logged at the enterprise is refused.
	_, err = apprenticeship.NewLog(exampleLogProgram(), []apprenticeship.Entry{
		{Date: apprenticeship.MustParseDate("2024-09-02"), Site: apprenticeship.Enterprise, Module: "M1", Hours: decimal.NewFromInt(8)},
	})
	fmt.Println(err)
	// Output:
	// all: 16 of 920 hours, 1.73%
	// school: 8 of 120 hours, 6.66%
	// enterprise: 8 of 600 hours, 1.33%
	// base: 0 of 200 hours, 0.00%
	// apprenticeship: entries[0].site "enterprise": module M1 is taught at the school site; an entry's site must be its module's site
}

func ExampleCheck() {
	// The dual system's 3–4 days a week in the company (DOMAIN.md, Germany),
	// read as 3/5 = 60% to 4/5 = 80% of the hours.
	rules := apprenticeship.ComplianceRules{
		Source: "dual system: 3–4 of 5 days in the company",
		SiteShares: map[apprenticeship.Site]apprenticeship.ShareBounds{
			apprenticeship.Enterprise: {Min: decimal.NewFromInt(60), Max: decimal.NewFromInt(80)},
		},
		FlagOutsideAgreement: true,
	}
	a := apprenticeship.Agreement{Start: apprenticeship.MustParseDate("2024-09-02"), End: apprenticeship.MustParseDate("2027-08-31")}
	day := func(date string, site apprenticeship.Site, module string) apprenticeship.Entry {
		return apprenticeship.Entry{Date: apprenticeship.MustParseDate(date), Site: site, Module: module, Hours: decimal.NewFromInt(8)}
	}
	log := []apprenticeship.Entry{
		day("2024-08-30", apprenticeship.Enterprise, "M3"), // before the start
		day("2024-09-02", apprenticeship.Enterprise, "M3"),
		day("2024-09-03", apprenticeship.Enterprise, "M3"),
		day("2024-09-04", apprenticeship.School, "M1"),
		day("2024-09-05", apprenticeship.School, "M1"),
		day("2024-09-06", apprenticeship.School, "M1"),
	}
	findings, err := apprenticeship.Check(rules, a, log, apprenticeship.MustParseDate("2024-09-08"))
	if err != nil {
		panic(err)
	}
	for _, f := range findings {
		fmt.Println(f.Kind, f.Period, f.Reason)
	}
	// Output:
	// outside-agreement 2024-08-30/2024-08-30 8 hours logged on 2024-08-30, before the agreement's start 2024-09-02
	// site-share-below 2024-09-02/2024-09-08 16 hours at the enterprise site are 40.00% of 40 hours, below the minimum 60%
}

func ExampleComplete() {
	rules := apprenticeship.AssessmentRules{ // DOMAIN.md, Germany: part 1 weighs 20–40%
		Part1MinWeight: decimal.NewFromInt(20), Part1MaxWeight: decimal.NewFromInt(40),
	}
	a := apprenticeship.Agreement{
		Kind: apprenticeship.Tripartite, Program: "SG-IM-2024",
		Apprentice: apprenticeship.Person{ID: "S2024001", Name: "王小明"},
		Start:      apprenticeship.MustParseDate("2024-09-01"), End: apprenticeship.MustParseDate("2027-06-30"),
		Occupation: certificate.Occupation{Code: "X-IR-OM", Name: "工业机器人操作与运维"},
		Target:     certificate.XIntermediate,
	}
	issuer := certificate.Issuer{ID: "https://eval.example.org", Name: "某培训评价组织", Kind: certificate.EvaluationOrganisation}
	assessments := []apprenticeship.Assessment{
		{Kind: apprenticeship.InterimExam, Date: apprenticeship.MustParseDate("2026-03-10"), Passed: true, Assessor: "考核委员会"},
		{Kind: apprenticeship.FinalExam, Date: apprenticeship.MustParseDate("2027-06-20"), Passed: false, Assessor: "考核委员会"},
	}
	asOf := apprenticeship.MustParseDate("2027-06-30")

	_, err := apprenticeship.Complete(rules, a, exampleLogProgram(), assessments, issuer, "X-2027-0001", asOf)
	fmt.Println(err, errors.Is(err, apprenticeship.ErrTransition))

	assessments = append(assessments, apprenticeship.Assessment{
		Kind: apprenticeship.FinalExam, Date: apprenticeship.MustParseDate("2027-12-10"), Passed: true, Assessor: "考核委员会"})
	c, err := apprenticeship.Complete(rules, a, exampleLogProgram(), assessments, issuer, "X-2027-0001",
		apprenticeship.MustParseDate("2027-12-31"))
	if err != nil {
		panic(err)
	}
	fmt.Println(c.Number, c.Holder.Name, c.Holder.Kind, c.Level, c.Issued, c.Channel, len(c.Evidence))
	// Output:
	// apprenticeship: assessments: the last final exam, on 2027-06-20, was failed; no final exam passed as of 2027-06-30 true
	// X-2027-0001 王小明 student 1x-intermediate 2027-12-10 exam 3
}

func ExampleValidateAssessments() {
	rules := apprenticeship.AssessmentRules{ // DOMAIN.md, Germany: part 1 weighs 20–40%
		Part1MinWeight: decimal.NewFromInt(20), Part1MaxWeight: decimal.NewFromInt(40),
	}
	split := []apprenticeship.Assessment{
		{Kind: apprenticeship.FinalExamPart1, Date: apprenticeship.MustParseDate("2026-03-10"), Weight: decimal.NewFromInt(45), Assessor: "IHK"},
		{Kind: apprenticeship.FinalExamPart2, Date: apprenticeship.MustParseDate("2027-06-20"), Passed: true, Assessor: "IHK"},
	}
	fmt.Println(apprenticeship.ValidateAssessments(rules, split))
	split[0].Weight = decimal.NewFromInt(30)
	fmt.Println(apprenticeship.ValidateAssessments(rules, split))
	// Output:
	// apprenticeship: assessments[0].weight "45": part 1 of a split final exam must weigh 20% to 40% (split final exam: part 1 weighs 20–40%)
	// <nil>
}

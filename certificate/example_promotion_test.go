package certificate_test

import (
	"fmt"

	"github.com/dualtrack/dualtrack/certificate"
)

// Tianjin's 2024 competition promotion rules (DOMAIN.md), loaded from JSON:
// an employee in the top 10 of a city class-1 contest becomes 技师, and one
// who already is 技师 becomes 高级技师; at most one promotion a year.
func ExampleParsePromotionRules() {
	rules, err := certificate.ParsePromotionRules([]byte(`{
	  "name": "Tianjin 2024",
	  "ladder": "eight",
	  "maxPerYear": 1,
	  "tiers": [
	    {"classes": ["city-1"], "holderKinds": ["employee"], "topRank": 10,
	     "grants": "eight-technician", "upTo": "eight-senior-technician"},
	    {"classes": ["city-1"], "holderKinds": ["student"], "topRank": 10,
	     "grants": "eight-senior", "upTo": "eight-senior"},
	    {"classes": ["city-2", "district"], "holderKinds": ["employee"], "topRank": 6,
	     "grants": "eight-senior", "upTo": "eight-technician"},
	    {"classes": ["city-2", "district"], "holderKinds": ["student"], "topRank": 6,
	     "grants": "eight-intermediate", "upTo": "eight-intermediate"},
	    {"classes": ["enterprise", "school"], "holderKinds": ["employee", "student"], "topPercent": 30,
	     "grants": "eight-intermediate", "upTo": "eight-senior"}
	  ]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	res := certificate.ContestResult{
		Contest: "Tianjin CNC machining contest", Class: "city-1",
		Date: certificate.MustParseDate("2024-06-15"), Rank: 4, Participants: 60,
		HolderKind: certificate.Employee,
	}
	asOf := certificate.MustParseDate("2024-07-01")
	for _, held := range []certificate.Level{certificate.SeniorWorker, certificate.Technician} {
		d, err := rules.Decide(res, held, nil, asOf)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("holding %s (%s): granted %s (%s)\n", held, held.Chinese(), d.Level, d.Level.Chinese())
	}
	// Output:
	// holding eight-senior (高级工): granted eight-technician (技师)
	// holding eight-technician (技师): granted eight-senior-technician (高级技师)
}

// Top 30% of 17 participants is 5.1 people, rounded down: rank 5 qualifies,
// rank 6 does not. A refusal gives every reason.
func ExamplePromotionRules_Decide() {
	rules, err := certificate.NewPromotionRules("enterprise contests", certificate.EightLevel, 1,
		certificate.PromotionTier{
			Classes:     []certificate.ContestClass{"enterprise"},
			HolderKinds: []certificate.HolderKind{certificate.Employee, certificate.Student},
			TopPercent:  30,
			Grants:      certificate.IntermediateWorker,
			UpTo:        certificate.SeniorWorker,
		})
	if err != nil {
		fmt.Println(err)
		return
	}
	history := []certificate.Promotion{{On: certificate.MustParseDate("2024-03-01"), Level: certificate.IntermediateWorker}}
	for _, rank := range []int{5, 6} {
		res := certificate.ContestResult{
			Contest: "in-house welding contest", Class: "enterprise",
			Date: certificate.MustParseDate("2024-10-20"), Rank: rank, Participants: 17,
			HolderKind: certificate.Employee,
		}
		d, err := rules.Decide(res, certificate.IntermediateWorker, history, res.Date)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("rank %d: granted %v\n", rank, d.Granted)
		for _, r := range d.Refusals {
			fmt.Printf("  %s: %s\n", r.Reason, r.Detail)
		}
	}
	// Output:
	// rank 5: granted false
	//   yearly-cap: at most 1 promotion per person per year: already 1 in 2024 (2024-03-01)
	// rank 6: granted false
	//   placement: rank 6 of 17 is outside the top 30%: 17 × 30% = 5.1, rounded down to 5 qualifying
	//   yearly-cap: at most 1 promotion per person per year: already 1 in 2024 (2024-03-01)
}

// DOMAIN.md's 1+X guide: senior needs the intermediate certificate and 36
// months of related work. Work from 2021-03-01 gives 35 whole months before
// 2024-02-29 and 36 before 2024-03-01.
func ExamplePrerequisites_Check() {
	senior := certificate.Prerequisites{
		Target: certificate.XSenior,
		AnyOf: [][]certificate.Requirement{{
			{Kind: certificate.RequireLevel, Level: certificate.XIntermediate},
			{Kind: certificate.RequireWork, Months: 36},
		}},
	}
	holder := certificate.Holder{ID: "E-7", Name: "Zhao Lei", Kind: certificate.Employee}
	work, _ := certificate.NewPeriod(certificate.MustParseDate("2021-03-01"), certificate.MustParseDate("2099-12-31"))
	c := certificate.Candidate{
		Holder: holder,
		Certificates: []certificate.Certificate{{
			Number: "X-2022-118", Holder: holder,
			Occupation: certificate.Occupation{Code: "X-WEB-FRONTEND", Name: "Web前端开发"},
			Level:      certificate.XIntermediate,
			Issuer:     certificate.Issuer{ID: "https://eval.example.org", Name: "Example evaluation organisation", Kind: certificate.EvaluationOrganisation},
			Issued:     certificate.MustParseDate("2022-06-30"),
			Channel:    certificate.Exam,
		}},
		Work: []certificate.WorkPeriod{{Occupation: "X-WEB-FRONTEND", Period: work}},
	}
	for _, day := range []string{"2024-02-29", "2024-03-01"} {
		e, err := senior.Check(c, "X-WEB-FRONTEND", certificate.MustParseDate(day))
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: eligible %v\n", day, e.Eligible)
		for _, u := range e.Unmet {
			fmt.Printf("  %s: %s\n", u.Requirement, u.Reason)
		}
	}
	// Output:
	// 2024-02-29: eligible false
	//   36 months of work in the occupation being sat: 35 whole months of work in X-WEB-FRONTEND before 2024-02-29; needs 36
	// 2024-03-01: eligible true
}

// Loading prerequisites is strict: an error names the JSON path.
func ExampleParsePrerequisites() {
	_, err := certificate.ParsePrerequisites([]byte(`{"target": "1x-senior", "anyOf": [
		[{"kind": "level", "level": "1x-intermediate"}, {"kind": "work", "months": "36"}]]}`))
	fmt.Println(err)

	p, err := certificate.ParsePrerequisites([]byte(`{"target": "1x-intermediate", "anyOf": [[{"kind": "work", "months": 12}]]}`))
	fmt.Println(p.Target, p.AnyOf[0][0], err)
	// Output:
	// certificate: anyOf[0][1].months "\"36\"": want an integer
	// 1x-intermediate 12 months of work in the occupation being sat <nil>
}

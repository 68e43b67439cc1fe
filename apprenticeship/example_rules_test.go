package apprenticeship_test

import (
	"fmt"

	"github.com/dualtrack/dualtrack/apprenticeship"
	"github.com/dualtrack/dualtrack/certificate"
	"github.com/shopspring/decimal"
)

// BBiG § 7a: the duration is extended correspondingly, at most to 1.5 times
// the full-time duration, rounded down to whole months.
func ExamplePartTimeMonths() {
	capFactor := decimal.RequireFromString("1.5")
	for _, c := range []struct {
		months int
		share  string
	}{{36, "0.75"}, {36, "0.5"}, {42, "0.8"}} {
		n, err := apprenticeship.PartTimeMonths(c.months, decimal.RequireFromString(c.share), capFactor)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%d months at %s: %d months\n", c.months, c.share, n)
	}
	// Output:
	// 36 months at 0.75: 48 months
	// 36 months at 0.5: 54 months
	// 42 months at 0.8: 52 months
}

// A German training contract with a probation of five months breaks BBiG
// § 20, and its allowance list misses the third training year. Both are
// reported.
func ExampleNewAgreement() {
	d := apprenticeship.MustParseDate
	a := apprenticeship.Agreement{
		ID:              "DE-2024-001",
		Kind:            apprenticeship.Dual,
		Apprentice:      apprenticeship.Person{ID: "azubi-1", Name: "Lena Maier"},
		Enterprise:      apprenticeship.Organisation{ID: "de-firm-1", Name: "Maschinenbau GmbH"},
		Signed:          d("2024-05-15"),
		Start:           d("2024-09-01"),
		End:             d("2027-08-31"), // 36 months
		ProbationMonths: 5,
		WeeklyHours:     decimal.NewFromInt(39),
		PartTime:        decimal.NewFromInt(1),
		FullTimeMonths:  36,
		Currency:        "EUR",
		// The 2024 minimum allowance for years 1 and 2 (BBiG § 17(2)).
		Allowance:  []decimal.Decimal{decimal.NewFromInt(649), decimal.NewFromInt(766)},
		Occupation: certificate.Occupation{Code: "DE-IM", Name: "Industriemechaniker/in"},
	}
	_, err := apprenticeship.NewAgreement(a, apprenticeship.GermanRules())
	for _, v := range apprenticeship.Violations(err) {
		fmt.Println(v)
	}

	a.ProbationMonths = 4
	a.Allowance = append(a.Allowance, decimal.NewFromInt(876))
	ok, err := apprenticeship.NewAgreement(a, apprenticeship.GermanRules())
	fmt.Println(ok.ID, err)
	// Output:
	// apprenticeship: allowance "2 years": training ending 2027-08-31 is in its training year 3: one amount per year is needed
	// apprenticeship: probationMonths "5": probation out of range (BBiG § 20: probation 1–4 months)
	// DE-2024-001 <nil>
}

// The 2021 national guidance allows a training period of one to two years,
// up to three in special cases: four years is invalid.
func ExampleRuleSet_Check() {
	d := apprenticeship.MustParseDate
	a := apprenticeship.Agreement{
		ID:             "CN-2024-007",
		Kind:           apprenticeship.NewType,
		Apprentice:     apprenticeship.Person{ID: "stu-7", Name: "王小明"},
		Enterprise:     apprenticeship.Organisation{ID: "ent-1", Name: "家电企业"},
		Institution:    apprenticeship.Organisation{ID: "school-1", Name: "中德应用技术学校"},
		Signed:         d("2024-02-20"),
		Start:          d("2024-03-01"),
		End:            d("2028-02-29"), // 48 months
		ContractEnd:    d("2029-02-28"),
		WeeklyHours:    decimal.NewFromInt(40),
		PartTime:       decimal.NewFromInt(1),
		FullTimeMonths: 48,
		Currency:       "CNY",
		Allowance:      []decimal.Decimal{decimal.NewFromInt(3000), decimal.NewFromInt(3000), decimal.NewFromInt(3500), decimal.NewFromInt(3500)},
		Occupation:     certificate.Occupation{Code: "6-18-01-01", Name: "工业机器人系统操作员"},
		Target:         certificate.NationalGrade3, // 高级工
	}
	err := apprenticeship.ChinaNewType2021().Check(a)
	for _, v := range apprenticeship.Violations(err) {
		fmt.Printf("%s: %s\n  rule: %s\n", v.Field, v.Reason, v.Rule)
	}
	// Output:
	// end: the training period is longer than 24 months (up to 36 only in special cases, marked specialCase)
	//   rule: 2021 national guidance on the enterprise new-type apprenticeship (企业新型学徒制): training 12–24 months, up to 36 in special cases
}

// Every apprentice needs a teacher of the school and a master of the
// training enterprise, and a master may mentor at most MaxPerMaster
// apprentices at a time.
func ExampleCheckMentors() {
	school := apprenticeship.Organisation{ID: "school-1", Name: "中德应用技术学校"}
	firm := apprenticeship.Organisation{ID: "ent-1", Name: "家电企业"}
	p := apprenticeship.Program{
		Code: "SG-IM-2024", School: school, Enterprises: []apprenticeship.Organisation{firm},
		MaxPerMaster: 1, // illustrative
	}
	teacher := apprenticeship.Mentor{ID: "t-1", Name: "李老师", Role: apprenticeship.Teacher, Organisation: "school-1"}
	master := apprenticeship.Mentor{ID: "m-1", Name: "张师傅", Role: apprenticeship.Master, Organisation: "ent-1"}
	d := apprenticeship.MustParseDate
	agreements := []apprenticeship.Agreement{{
		ID: "A1", Apprentice: apprenticeship.Person{ID: "s1"}, Enterprise: firm,
		Teacher: teacher, Master: master, Start: d("2024-09-01"), End: d("2026-08-31"),
	}, {
		ID: "A2", Apprentice: apprenticeship.Person{ID: "s2"}, Enterprise: firm,
		Master: master, Start: d("2025-09-01"), End: d("2027-08-31"),
	}}
	for _, f := range apprenticeship.CheckMentors(p, agreements) {
		if f.Issue == apprenticeship.MasterOverloaded {
			fmt.Println(f.Issue, f.Mentor, f.Apprentices, "from", f.Day)
		} else {
			fmt.Println(f.Issue, f.Agreement)
		}
		fmt.Println("  ", f.Reason)
	}
	// Output:
	// missing-teacher A2
	//    the agreement names no school teacher
	// master-overloaded m-1 [s1 s2] from 2025-09-01
	//    the master m-1 has 2 apprentices in training on 2025-09-01, more than the limit of 1
}

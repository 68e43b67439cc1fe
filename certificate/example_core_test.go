package certificate_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dualtrack/dualtrack/certificate"
)

func ExampleParseLevel() {
	l, err := certificate.ParseLevel("national-2")
	if err != nil {
		panic(err)
	}
	fmt.Println(l, l.Ladder(), l.Rank(), l.Chinese(), l.English())

	next, ok := l.Next()
	fmt.Println(next.Chinese(), ok)

	_, err = certificate.ParseLevel("national-6")
	fmt.Println(err)
	fmt.Println(errors.Is(err, certificate.ErrInvalidLevel))
	// Output:
	// national-2 national 4 二级/技师 grade 2 (technician)
	// 一级/高级技师 true
	// certificate: unknown skill level "national-6"
	// true
}

func ExampleLevel_Compare() {
	// Within one ladder levels compare directly.
	c, _ := certificate.NationalGrade3.Compare(certificate.NationalGrade2)
	fmt.Println(c)

	// Across ladders they do not: there is no official equivalence between
	// 1+X and the national levels.
	_, err := certificate.XIntermediate.Compare(certificate.NationalGrade4)
	fmt.Println(errors.Is(err, certificate.ErrLadderMismatch))

	// A mapping is a configuration choice of whoever builds it.
	m, err := certificate.NewLevelMapping(map[certificate.Level]certificate.Level{
		certificate.XJunior:       certificate.NationalGrade5,
		certificate.XIntermediate: certificate.NationalGrade4,
		certificate.XSenior:       certificate.NationalGrade3,
	})
	if err != nil {
		panic(err)
	}
	c, _ = m.Compare(certificate.XIntermediate, certificate.NationalGrade4)
	fmt.Println(c)
	c, _ = m.Compare(certificate.XSenior, certificate.NationalGrade2)
	fmt.Println(c)
	// Output:
	// -1
	// true
	// 0
	// -1
}

func ExampleCertificate_StatusOn() {
	c := certificate.Certificate{
		Number:     "QD-2024-000123",
		Holder:     certificate.Holder{ID: "E-0042", Name: "张伟", Kind: certificate.Employee},
		Occupation: certificate.Occupation{Code: "6-18-01-01", Name: "车工"},
		Level:      certificate.NationalGrade4,
		Issuer:     certificate.Issuer{ID: "https://example.org/appraisal", Name: "某职业技能鉴定中心", Kind: certificate.AppraisalBody},
		Issued:     certificate.MustParseDate("2024-03-01"),
		Expires:    certificate.MustParseDate("2026-02-28"),
		Channel:    certificate.Exam,
	}
	c, err := c.WithChange(certificate.StatusChange{On: certificate.MustParseDate("2024-09-10"), Action: certificate.Suspend, Reason: "证书信息核查"})
	if err != nil {
		panic(err)
	}
	c, err = c.WithChange(certificate.StatusChange{On: certificate.MustParseDate("2024-12-01"), Action: certificate.Reinstate})
	if err != nil {
		panic(err)
	}
	for _, day := range []string{"2024-02-29", "2024-03-01", "2024-09-10", "2024-12-01", "2026-02-28", "2026-03-01"} {
		st := c.StatusOn(certificate.MustParseDate(day))
		fmt.Println(strings.TrimSpace(fmt.Sprintln(day, st.State, st.Since, st.Reason)))
	}
	// Output:
	// 2024-02-29 not-yet-issued
	// 2024-03-01 valid 2024-03-01
	// 2024-09-10 suspended 2024-09-10 证书信息核查
	// 2024-12-01 valid 2024-12-01
	// 2026-02-28 valid 2024-12-01
	// 2026-03-01 expired 2026-03-01
}

func ExampleIssuer_MayIssue() {
	valid, err := certificate.NewPeriod(certificate.MustParseDate("2023-01-01"), certificate.MustParseDate("2025-12-31"))
	if err != nil {
		panic(err)
	}
	enterprise := certificate.Issuer{
		ID:   "91370211MA3C000000",
		Name: "青岛某机械有限公司",
		Kind: certificate.SelfEvaluatingEnterprise,
		Scope: &certificate.Scope{
			Occupations: []string{"6-18-01-01"},
			Highest:     certificate.NationalGrade3,
			Valid:       valid,
		},
	}
	on := certificate.MustParseDate("2024-06-15")
	fmt.Println(enterprise.MayIssue("6-18-01-01", certificate.NationalGrade4, on))
	err = enterprise.MayIssue("6-18-01-01", certificate.NationalGrade2, on)
	fmt.Println(errors.Is(err, certificate.ErrOutOfScope), err)
	err = enterprise.MayIssue("6-18-01-01", certificate.NationalGrade4, certificate.MustParseDate("2026-01-01"))
	fmt.Println(err)
	// Output:
	// <nil>
	// true certificate: level "national-2": level above the authorised highest level national-3
	// certificate: issued "2026-01-01": date outside the authorisation period 2023-01-01/2025-12-31
}

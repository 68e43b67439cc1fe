package certificate_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/dualtrack/dualtrack/certificate"
)

// exampleRegCert is an exam certificate by a government appraisal body.
func exampleRegCert(number string, level certificate.Level, issued string) certificate.Certificate {
	return certificate.Certificate{
		Number:     number,
		Holder:     certificate.Holder{ID: "E-0042", Name: "张伟", Kind: certificate.Employee},
		Occupation: certificate.Occupation{Code: "6-18-01-01", Name: "车工"},
		Level:      level,
		Issuer:     certificate.Issuer{ID: "https://example.org/appraisal", Name: "某职业技能鉴定中心", Kind: certificate.AppraisalBody},
		Issued:     certificate.MustParseDate(issued),
		Channel:    certificate.Exam,
	}
}

func ExampleMemoryRegistry() {
	ctx := context.Background()
	r := certificate.NewMemoryRegistry()

	if err := r.Add(ctx, exampleRegCert("QD-2021-0007", certificate.NationalGrade4, "2021-06-01")); err != nil {
		panic(err)
	}
	err := r.Add(ctx, exampleRegCert("QD-2021-0007", certificate.NationalGrade3, "2022-06-01"))
	fmt.Println(errors.Is(err, certificate.ErrDuplicate), err)

	// Revoking keeps the record: the history says what happened and when.
	revoke := certificate.StatusChange{On: certificate.MustParseDate("2023-03-01"), Action: certificate.Revoke, Reason: "考试舞弊"}
	if _, err := r.Change(ctx, "QD-2021-0007", revoke); err != nil {
		panic(err)
	}
	c, err := r.Get(ctx, "QD-2021-0007")
	if err != nil {
		panic(err)
	}
	fmt.Println(c.Level, c.StatusOn(certificate.MustParseDate("2023-02-28")).State, c.StatusOn(certificate.MustParseDate("2023-03-01")).State)

	found, err := r.Find(ctx, certificate.Query{Holder: "E-0042"})
	if err != nil {
		panic(err)
	}
	fmt.Println(len(found), found[0].History[0].Action)

	_, err = r.Get(ctx, "QD-2099-0001")
	fmt.Println(errors.Is(err, certificate.ErrNotFound))
	// Output:
	// true certificate: number "QD-2021-0007": a certificate with this number is already registered
	// national-4 valid revoked
	// 1 revoke
	// true
}

func ExampleHighest() {
	ctx := context.Background()
	r := certificate.NewMemoryRegistry()
	for _, c := range []certificate.Certificate{
		exampleRegCert("QD-2019-0100", certificate.NationalGrade5, "2019-06-01"),
		exampleRegCert("QD-2021-0200", certificate.NationalGrade4, "2021-06-01"),
		exampleRegCert("QD-2023-0300", certificate.NationalGrade3, "2023-06-01"),
		exampleRegCert("QD-2024-0400", certificate.Technician, "2024-06-01"), // eight-level ladder
	} {
		if err := r.Add(ctx, c); err != nil {
			panic(err)
		}
	}
	suspend := certificate.StatusChange{On: certificate.MustParseDate("2024-01-10"), Action: certificate.Suspend, Reason: "核查"}
	if _, err := r.Change(ctx, "QD-2023-0300", suspend); err != nil {
		panic(err)
	}

	for _, day := range []string{"2023-12-31", "2024-01-10"} {
		c, ok, err := certificate.Highest(ctx, r, "E-0042", "6-18-01-01", certificate.National, certificate.MustParseDate(day))
		if err != nil {
			panic(err)
		}
		fmt.Println(day, c.Number, c.Level.Chinese(), ok)
	}
	// Levels of another ladder are looked up separately.
	c, ok, err := certificate.Highest(ctx, r, "E-0042", "6-18-01-01", certificate.EightLevel, certificate.MustParseDate("2024-06-01"))
	if err != nil {
		panic(err)
	}
	fmt.Println(c.Number, c.Level.Chinese(), ok)
	// Output:
	// 2023-12-31 QD-2023-0300 三级/高级工 true
	// 2024-01-10 QD-2021-0200 四级/中级工 true
	// QD-2024-0400 技师 true
}

package certificate_test

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/dualtrack/dualtrack/certificate"
)

// exampleCreditConfig is a small credit bank in JSON. The cap of 8 credits
// per certificate and the level → course-kind mapping are one college's
// published rules (DOMAIN.md); the courses, credits and occupation codes are
// made up.
const exampleCreditConfig = `{
  "maxCreditsPerCertificate": "8",
  "levelKinds": {"1x-junior": ["basic"], "1x-intermediate": ["core"], "1x-senior": ["basic", "core"]},
  "courses": [
    {"code": "B1", "name": "程序设计基础", "kind": "basic", "credits": "4"},
    {"code": "B2", "name": "网页设计基础", "kind": "basic", "credits": "2"},
    {"code": "C1", "name": "Web前端开发", "kind": "core", "credits": "4"},
    {"code": "C2", "name": "JavaScript程序设计", "kind": "core", "credits": "5"}
  ],
  "rules": [
    {"occupation": "X-WEB", "level": "1x-junior", "courses": ["B2", "B1"], "credits": "6"},
    {"occupation": "X-WEB", "level": "1x-senior", "courses": ["B1", "C1", "C2"], "credits": "8"}
  ]
}`

func exampleX(number string, level certificate.Level, issued string) certificate.Certificate {
	return certificate.Certificate{
		Number:     number,
		Holder:     certificate.Holder{ID: "S-001", Name: "李娜", Kind: certificate.Student},
		Occupation: certificate.Occupation{Code: "X-WEB", Name: "Web前端开发"},
		Level:      level,
		Issuer:     certificate.Issuer{ID: "https://example.org/x-eval", Name: "某培训评价组织", Kind: certificate.EvaluationOrganisation},
		Issued:     certificate.MustParseDate(issued),
		Channel:    certificate.Exam,
	}
}

// A rule granting 10 credits for one certificate is invalid under a cap of 8
// (DOMAIN.md worked example).
func ExampleNewCreditBank() {
	cfg := certificate.CreditBankConfig{
		MaxCreditsPerCertificate: decimal.NewFromInt(8),
		LevelKinds: map[certificate.Level][]certificate.CourseKind{
			certificate.XSenior: {certificate.BasicCourse, certificate.CoreCourse},
		},
		Courses: []certificate.Course{
			{Code: "C1", Name: "Web前端开发", Kind: certificate.CoreCourse, Credits: decimal.NewFromInt(6)},
			{Code: "C2", Name: "JavaScript程序设计", Kind: certificate.CoreCourse, Credits: decimal.NewFromInt(6)},
		},
		Rules: []certificate.ConversionRule{
			{Occupation: "X-WEB", Level: certificate.XSenior, Courses: []string{"C1", "C2"}, Credits: decimal.NewFromInt(10)},
		},
	}
	_, err := certificate.NewCreditBank(cfg)
	fmt.Println(err)
	// Output:
	// certificate: rules[0].credits "10": more than the cap of 8 credits per certificate (maxCreditsPerCertificate)
}

// The junior certificate came first, so it credits B2 and B1 (2 + 4 = 6).
// The senior one finds B1 taken and credits C1 (4 of its grant of 8); C2's
// 5 credits do not fit in the 8 − 4 = 4 left. Total 2 + 4 + 4 = 10.
func ExampleCreditBank_Convert() {
	cfg, err := certificate.ParseCreditBankConfig([]byte(exampleCreditConfig))
	if err != nil {
		fmt.Println(err)
		return
	}
	bank, err := certificate.NewCreditBank(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	certs := []certificate.Certificate{
		exampleX("W-S", certificate.XSenior, "2024-06-30"),
		exampleX("W-J", certificate.XJunior, "2023-06-30"),
	}
	t := bank.Convert(certs, certificate.MustParseDate("2024-09-01"))
	for _, l := range t.Lines {
		fmt.Printf("credit %s %s %s\n", l.Certificate, l.Course, l.Credits.StringFixed(1))
	}
	for _, s := range t.Skipped {
		fmt.Printf("skip   %s %s %s: %s\n", s.Certificate, s.Course, s.Reason, s.Detail)
	}
	fmt.Println("total", t.Total.StringFixed(1))
	// Output:
	// credit W-J B2 2.0
	// credit W-J B1 4.0
	// credit W-S C1 4.0
	// skip   W-S B1 already-credited: already credited from certificate "W-J"
	// skip   W-S C2 over-grant: 5 credits, but only 4 of the grant of 8 are left
	// total 10.0
}

// Courses passed and credits converted count each course once; the shortfall
// shows its arithmetic.
func ExampleCheckCompletion() {
	cfg, err := certificate.ParseCreditBankConfig([]byte(exampleCreditConfig))
	if err != nil {
		fmt.Println(err)
		return
	}
	bank, err := certificate.NewCreditBank(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	certs := []certificate.Certificate{exampleX("W-J", certificate.XJunior, "2023-06-30")}
	t := bank.Convert(certs, certificate.MustParseDate("2024-09-01")) // B2 2 + B1 4

	req := certificate.DiplomaRequirements{
		MinCredits:      decimal.NewFromInt(12),
		RequiredCourses: []string{"B1", "C1"},
		RequiredX:       []certificate.XRequirement{{Occupation: "X-WEB", MinLevel: certificate.XIntermediate}},
	}
	earned := []certificate.CourseCredit{
		{Course: "B1", Credits: decimal.NewFromInt(4)},  // also credited: counted once
		{Course: "ENG", Credits: decimal.NewFromInt(4)}, // 大学英语
	}
	c, err := certificate.CheckCompletion(req, earned, t, certs, certificate.MustParseDate("2025-06-30"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("complete:", c.Complete, "counted once:", c.CountedOnce)
	for _, u := range c.Unmet {
		fmt.Printf("%s %s: %s\n", u.Kind, u.Item, u.Reason)
	}
	// Output:
	// complete: false counted once: [B1]
	// credits minCredits: short by 2 credits: 12 required, 10 counted (8 earned + 2 converted)
	// course C1: required course neither passed nor credited from a certificate
	// x-level X-WEB: highest certificate of occupation "X-WEB" is "W-J" at 1x-junior; at least 1x-intermediate required
}

// Loading is strict: errors name the JSON path.
func ExampleParseCreditBankConfig() {
	for _, doc := range []string{
		`{"maxCreditsPerCertificate": "8", "rule": []}`,
		`{"maxCreditsPerCertificate": "8", "courses": [{"code": "B1", "name": "程序设计基础", "kind": "basic", "credits": "1e9999"}]}`,
		`{"maxCreditsPerCertificate": 8.5, "courses": [], "rules": []}`,
	} {
		cfg, err := certificate.ParseCreditBankConfig([]byte(doc))
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println("cap", cfg.MaxCreditsPerCertificate.StringFixed(1))
	}
	// Output:
	// certificate: rule: unknown field
	// certificate: courses[0].credits "1e9999": not a number: more than 18 integer digits
	// cap 8.5
}

package certificate_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dualtrack/dualtrack/certificate"
)

// Sources of the numbers in these tests:
//
//   - /work/shared/DOMAIN.md, "Credit bank (学分银行) / 书证融通" (one
//     college's published rules): at most 8 credits per certificate; junior
//     maps to basic courses, intermediate to core courses, senior to both;
//     the national credit bank recognised 341 X certificates with 4,278
//     conversion rules (2023).
//   - DOMAIN.md, "Worked examples": a conversion rule granting 10 credits
//     for one certificate is invalid (cap 8).
//
// Everything else is a fixture: the course codes, names and credits, the
// occupation codes, the certificate numbers and the dates are made up, and
// every total is worked out in a comment from them.

// creditCap is the per-certificate cap of DOMAIN.md.
const creditCap = "8"

// Occupation codes of the fixtures (made up).
const (
	creditWeb = "X-WEB" // Web 前端开发
	creditDB  = "X-DB"  // 数据库管理
	creditNet = "X-NET" // 网络运维
)

func creditD(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// creditEqual asserts that got equals the decimal written want.
func creditEqual(t *testing.T, want string, got decimal.Decimal, msgAndArgs ...any) {
	t.Helper()
	assert.True(t, creditD(want).Equal(got), "want %s, got %s %v", want, got, msgAndArgs)
}

// creditLevelKinds is the DOMAIN.md mapping: junior → basic, intermediate →
// core, senior → basic and core.
func creditLevelKinds() map[certificate.Level][]certificate.CourseKind {
	return map[certificate.Level][]certificate.CourseKind{
		certificate.XJunior:       {certificate.BasicCourse},
		certificate.XIntermediate: {certificate.CoreCourse},
		certificate.XSenior:       {certificate.BasicCourse, certificate.CoreCourse},
	}
}

// creditConfig is a small valid bank. Course credits (fixtures):
//
//	B1 4, B2 2, B3 1.5 (basic); C1 4, C2 3, C3 2.5 (core)
//
// Rules, each within the cap of 8 and the sum of its courses:
//
//	rules[0] X-WEB junior        B2, B1          6    (2 + 4 = 6)
//	rules[1] X-WEB intermediate  C1, C2          7    (4 + 3 = 7)
//	rules[2] X-WEB senior        B1, C1, C2, C3  8    (4 + 4 + 3 + 2.5 = 13.5 ≥ 8)
//	rules[3] X-DB junior         B3, B1          5.5  (1.5 + 4 = 5.5)
func creditConfig() certificate.CreditBankConfig {
	return certificate.CreditBankConfig{
		MaxCreditsPerCertificate: creditD(creditCap),
		LevelKinds:               creditLevelKinds(),
		Courses: []certificate.Course{
			{Code: "B1", Name: "程序设计基础", Kind: certificate.BasicCourse, Credits: creditD("4")},
			{Code: "B2", Name: "网页设计基础", Kind: certificate.BasicCourse, Credits: creditD("2")},
			{Code: "B3", Name: "数据库基础", Kind: certificate.BasicCourse, Credits: creditD("1.5")},
			{Code: "C1", Name: "Web前端开发", Kind: certificate.CoreCourse, Credits: creditD("4")},
			{Code: "C2", Name: "JavaScript程序设计", Kind: certificate.CoreCourse, Credits: creditD("3")},
			{Code: "C3", Name: "移动应用开发", Kind: certificate.CoreCourse, Credits: creditD("2.5")},
		},
		Rules: []certificate.ConversionRule{
			{Occupation: creditWeb, Level: certificate.XJunior, Courses: []string{"B2", "B1"}, Credits: creditD("6")},
			{Occupation: creditWeb, Level: certificate.XIntermediate, Courses: []string{"C1", "C2"}, Credits: creditD("7")},
			{Occupation: creditWeb, Level: certificate.XSenior, Courses: []string{"B1", "C1", "C2", "C3"}, Credits: creditD("8")},
			{Occupation: creditDB, Level: certificate.XJunior, Courses: []string{"B3", "B1"}, Credits: creditD("5.5")},
		},
	}
}

func creditBank(t testing.TB) certificate.CreditBank {
	t.Helper()
	b, err := certificate.NewCreditBank(creditConfig())
	require.NoError(t, err)
	return b
}

func creditEvalOrg() certificate.Issuer {
	return certificate.Issuer{ID: "https://example.org/x-eval", Name: "某培训评价组织", Kind: certificate.EvaluationOrganisation}
}

// creditX is a valid 1+X certificate of student S-001 with no expiry.
func creditX(number, occupation string, level certificate.Level, issued string) certificate.Certificate {
	return certificate.Certificate{
		Number:     number,
		Holder:     certificate.Holder{ID: "S-001", Name: "李娜", Kind: certificate.Student},
		Occupation: certificate.Occupation{Code: occupation, Name: "职业技能等级证书 " + occupation},
		Level:      level,
		Issuer:     creditEvalOrg(),
		Issued:     certificate.MustParseDate(issued),
		Channel:    certificate.Exam,
	}
}

// creditStudentCerts are the three certificates of the main scenario, in no
// particular order: X-WEB junior (2023-06-30), X-DB junior (2024-01-15),
// X-WEB senior (2024-06-30).
func creditStudentCerts() []certificate.Certificate {
	return []certificate.Certificate{
		creditX("W-S", creditWeb, certificate.XSenior, "2024-06-30"),
		creditX("W-J", creditWeb, certificate.XJunior, "2023-06-30"),
		creditX("D-J", creditDB, certificate.XJunior, "2024-01-15"),
	}
}

// creditRequireFieldErr checks that err is a *FieldError for the JSON path
// field that matches ErrInvalid and names the path in its message.
func creditRequireFieldErr(t *testing.T, err error, field string) *certificate.FieldError {
	t.Helper()
	require.Error(t, err)
	var fe *certificate.FieldError
	require.ErrorAs(t, err, &fe, "error %v", err)
	assert.Equal(t, field, fe.Field, "error %v", err)
	assert.ErrorIs(t, err, certificate.ErrInvalid)
	assert.Contains(t, err.Error(), field)
	if fe.Value != "" && len(fe.Value) <= 64 {
		assert.Contains(t, err.Error(), strconv.Quote(fe.Value), "the message quotes the bad value")
	}
	return fe
}

func TestCreditEnumsText(t *testing.T) {
	type enum interface {
		String() string
		MarshalText() ([]byte, error)
	}
	tests := []struct {
		v    enum
		code string
	}{
		{certificate.BasicCourse, "basic"},
		{certificate.CoreCourse, "core"},
		{certificate.SkipInvalidRecord, "invalid-record"},
		{certificate.SkipOtherHolder, "other-holder"},
		{certificate.SkipDuplicate, "duplicate"},
		{certificate.SkipNotValid, "not-valid"},
		{certificate.SkipNoRule, "no-rule"},
		{certificate.SkipAlreadyCredited, "already-credited"},
		{certificate.SkipOverGrant, "over-grant"},
		{certificate.ShortCredits, "credits"},
		{certificate.ShortCourse, "course"},
		{certificate.ShortXMissing, "x-missing"},
		{certificate.ShortXLevel, "x-level"},
		{certificate.ShortXNotValid, "x-not-valid"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			assert.Equal(t, tt.code, tt.v.String())
			b, err := tt.v.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, tt.code, string(b))
		})
	}
	t.Run("round trip and unknown codes", func(t *testing.T) {
		var k certificate.CourseKind
		require.NoError(t, k.UnmarshalText([]byte("core")))
		assert.Equal(t, certificate.CoreCourse, k)
		err := k.UnmarshalText([]byte("elective"))
		require.ErrorIs(t, err, certificate.ErrInvalid)
		assert.Contains(t, err.Error(), `"elective"`)

		var r certificate.SkipReason
		require.NoError(t, r.UnmarshalText([]byte("over-grant")))
		assert.Equal(t, certificate.SkipOverGrant, r)
		require.ErrorIs(t, r.UnmarshalText([]byte("Over-Grant")), certificate.ErrInvalid)

		var s certificate.ShortfallKind
		require.NoError(t, s.UnmarshalText([]byte("x-level")))
		assert.Equal(t, certificate.ShortXLevel, s)
		require.ErrorIs(t, s.UnmarshalText([]byte("")), certificate.ErrInvalid)
	})
	t.Run("zero values are not valid", func(t *testing.T) {
		assert.False(t, certificate.CourseKind(0).IsValid())
		assert.False(t, certificate.SkipReason(0).IsValid())
		assert.False(t, certificate.ShortfallKind(0).IsValid())
		assert.False(t, certificate.CourseKind(3).IsValid())
		_, err := certificate.CourseKind(0).MarshalText()
		assert.ErrorIs(t, err, certificate.ErrInvalid)
	})
}

func TestNewCreditBank(t *testing.T) {
	b := creditBank(t)
	creditEqual(t, creditCap, b.MaxCreditsPerCertificate())

	r, ok := b.Rule(creditWeb, certificate.XSenior)
	require.True(t, ok)
	assert.Equal(t, []string{"B1", "C1", "C2", "C3"}, r.Courses)
	creditEqual(t, "8", r.Credits)
	assert.Equal(t, certificate.XSenior, r.Level)
	assert.Equal(t, creditWeb, r.Occupation)

	_, ok = b.Rule(creditDB, certificate.XSenior)
	assert.False(t, ok, "X-DB has a junior rule only")
	_, ok = b.Rule("x-web", certificate.XJunior)
	assert.False(t, ok, "occupation codes are compared exactly")

	c, ok := b.Course("B3")
	require.True(t, ok)
	assert.Equal(t, certificate.BasicCourse, c.Kind)
	creditEqual(t, "1.5", c.Credits)
	_, ok = b.Course("B9")
	assert.False(t, ok)

	t.Run("the bank does not share the config", func(t *testing.T) {
		cfg := creditConfig()
		b, err := certificate.NewCreditBank(cfg)
		require.NoError(t, err)
		cfg.Rules[2].Courses[0] = "C3"
		cfg.LevelKinds[certificate.XSenior][0] = certificate.CoreCourse
		r, _ := b.Rule(creditWeb, certificate.XSenior)
		assert.Equal(t, "B1", r.Courses[0])
		r.Courses[1] = "B2" // and Rule returns a copy
		r2, _ := b.Rule(creditWeb, certificate.XSenior)
		assert.Equal(t, "C1", r2.Courses[1])
	})
	t.Run("the zero bank converts nothing", func(t *testing.T) {
		tr := certificate.CreditBank{}.Convert(creditStudentCerts(), certificate.MustParseDate("2024-09-01"))
		assert.Empty(t, tr.Lines)
		require.Len(t, tr.Skipped, 3)
		for _, s := range tr.Skipped {
			assert.Equal(t, certificate.SkipNoRule, s.Reason)
		}
	})
}

func TestNewCreditBankErrors(t *testing.T) {
	type edit = func(*certificate.CreditBankConfig)
	tests := []struct {
		name   string
		edit   edit
		field  string
		value  string
		reason string
	}{
		{
			// DOMAIN.md worked example: a rule granting 10 credits for one
			// certificate is invalid under the cap of 8. rules[2]'s courses
			// are worth 13.5 ≥ 10, so only the cap is broken.
			name:   "rule above the cap of 8 (DOMAIN.md worked example)",
			edit:   func(c *certificate.CreditBankConfig) { c.Rules[2].Credits = creditD("10") },
			field:  "rules[2].credits",
			value:  "10",
			reason: "more than the cap of 8 credits per certificate",
		},
		{
			name:   "rule above the sum of its courses",
			edit:   func(c *certificate.CreditBankConfig) { c.Rules[0].Credits = creditD("6.5") }, // B2 + B1 = 2 + 4 = 6
			field:  "rules[0].credits",
			value:  "6.5",
			reason: "more than the 6 credits of the rule's courses",
		},
		{
			name:   "rule with a course not in the bank",
			edit:   func(c *certificate.CreditBankConfig) { c.Rules[0].Courses[1] = "B9" },
			field:  "rules[0].courses[1]",
			value:  "B9",
			reason: "not a course of the credit bank",
		},
		{
			name:   "junior rule with a core course",
			edit:   func(c *certificate.CreditBankConfig) { c.Rules[3].Courses = []string{"B3", "C1"} },
			field:  "rules[3].courses[1]",
			value:  "C1",
			reason: "a core course, but level 1x-junior converts into basic courses only",
		},
		{
			name:   "intermediate rule with a basic course",
			edit:   func(c *certificate.CreditBankConfig) { c.Rules[1].Courses = []string{"B1"} },
			field:  "rules[1].courses[0]",
			value:  "B1",
			reason: "a basic course, but level 1x-intermediate converts into core courses only",
		},
		{
			name:   "level that is not a 1+X level",
			edit:   func(c *certificate.CreditBankConfig) { c.Rules[3].Level = certificate.NationalGrade3 },
			field:  "rules[3].level",
			value:  "national-3",
			reason: "not a level of the 1+X ladder",
		},
		{
			name:   "invalid level",
			edit:   func(c *certificate.CreditBankConfig) { c.Rules[3].Level = 0 },
			field:  "rules[3].level",
			value:  "Level(0x00)",
			reason: "not a level of the 1+X ladder",
		},
		{
			name:   "level without a levelKinds entry",
			edit:   func(c *certificate.CreditBankConfig) { delete(c.LevelKinds, certificate.XSenior) },
			field:  "rules[2].level",
			value:  "1x-senior",
			reason: "levelKinds has no entry for this level",
		},
		{
			name: "duplicate occupation and level",
			edit: func(c *certificate.CreditBankConfig) {
				c.Rules = append(c.Rules, certificate.ConversionRule{Occupation: creditWeb, Level: certificate.XJunior, Courses: []string{"B3"}, Credits: creditD("1")})
			},
			field:  "rules[4].level",
			value:  "1x-junior",
			reason: `occupation "X-WEB" already has a rule at this level (rules[0])`,
		},
		{
			name:   "duplicate course code",
			edit:   func(c *certificate.CreditBankConfig) { c.Courses[3].Code = "B2" },
			field:  "courses[3].code",
			value:  "B2",
			reason: "the same code as courses[1]",
		},
		{
			name:   "course worth zero credits",
			edit:   func(c *certificate.CreditBankConfig) { c.Courses[0].Credits = decimal.Decimal{} },
			field:  "courses[0].credits",
			value:  "0",
			reason: "must be greater than zero",
		},
		{
			name:   "rule granting negative credits",
			edit:   func(c *certificate.CreditBankConfig) { c.Rules[0].Credits = creditD("-1") },
			field:  "rules[0].credits",
			value:  "-1",
			reason: "must be greater than zero",
		},
		{
			name:   "rule granting zero credits",
			edit:   func(c *certificate.CreditBankConfig) { c.Rules[0].Credits = creditD("0") },
			field:  "rules[0].credits",
			value:  "0",
			reason: "must be greater than zero",
		},
		{
			name:   "zero cap",
			edit:   func(c *certificate.CreditBankConfig) { c.MaxCreditsPerCertificate = decimal.Decimal{} },
			field:  "maxCreditsPerCertificate",
			value:  "0",
			reason: "must be greater than zero",
		},
		{
			name:   "credits with three decimal places",
			edit:   func(c *certificate.CreditBankConfig) { c.Courses[2].Credits = creditD("1.125") },
			field:  "courses[2].credits",
			value:  "1.125",
			reason: "more than 2 decimal places",
		},
		{
			name:   "credits of 10000",
			edit:   func(c *certificate.CreditBankConfig) { c.Courses[2].Credits = creditD("10000") },
			field:  "courses[2].credits",
			value:  "10000",
			reason: "must be less than 10000",
		},
		{
			// 1·10^-1000000000 would take a gigabyte of digits to expand;
			// it is rejected from its exponent alone.
			name:   "credits with a wild negative exponent",
			edit:   func(c *certificate.CreditBankConfig) { c.Courses[2].Credits = decimal.New(1, -1_000_000_000) },
			field:  "courses[2].credits",
			value:  "1e-1000000000",
			reason: "more than 2 decimal places",
		},
		{
			name:   "credits with a wild positive exponent",
			edit:   func(c *certificate.CreditBankConfig) { c.MaxCreditsPerCertificate = decimal.New(8, 1_000_000_000) },
			field:  "maxCreditsPerCertificate",
			value:  "8e1000000000",
			reason: "must be less than 10000",
		},
		{
			name:   "course without a code",
			edit:   func(c *certificate.CreditBankConfig) { c.Courses[1].Code = " " },
			field:  "courses[1].code",
			value:  " ",
			reason: "a course needs a code",
		},
		{
			name:   "course without a name",
			edit:   func(c *certificate.CreditBankConfig) { c.Courses[1].Name = "" },
			field:  "courses[1].name",
			reason: "a course needs a name",
		},
		{
			name:   "course of no kind",
			edit:   func(c *certificate.CreditBankConfig) { c.Courses[1].Kind = 0 },
			field:  "courses[1].kind",
			value:  "course kind(0)",
			reason: "not a valid course kind",
		},
		{
			name:   "rule without an occupation",
			edit:   func(c *certificate.CreditBankConfig) { c.Rules[1].Occupation = "" },
			field:  "rules[1].occupation",
			reason: "a rule needs an occupation code",
		},
		{
			name:   "rule without courses",
			edit:   func(c *certificate.CreditBankConfig) { c.Rules[1].Courses = nil },
			field:  "rules[1].courses",
			reason: "a rule needs at least one course",
		},
		{
			name:   "rule listing a course twice",
			edit:   func(c *certificate.CreditBankConfig) { c.Rules[1].Courses = []string{"C1", "C2", "C1"} },
			field:  "rules[1].courses[2]",
			value:  "C1",
			reason: "course listed twice",
		},
		{
			name: "levelKinds key on another ladder",
			edit: func(c *certificate.CreditBankConfig) {
				c.LevelKinds[certificate.NationalGrade3] = []certificate.CourseKind{certificate.CoreCourse}
			},
			field:  `levelKinds["national-3"]`,
			value:  "national-3",
			reason: "not a level of the 1+X ladder",
		},
		{
			name:   "levelKinds entry with no kind",
			edit:   func(c *certificate.CreditBankConfig) { c.LevelKinds[certificate.XIntermediate] = nil },
			field:  `levelKinds["1x-intermediate"]`,
			reason: "a level needs at least one course kind",
		},
		{
			name: "levelKinds entry with a kind twice",
			edit: func(c *certificate.CreditBankConfig) {
				c.LevelKinds[certificate.XSenior] = []certificate.CourseKind{certificate.CoreCourse, certificate.CoreCourse}
			},
			field:  `levelKinds["1x-senior"][1]`,
			value:  "core",
			reason: "course kind listed twice",
		},
		{
			name: "levelKinds entry with an invalid kind",
			edit: func(c *certificate.CreditBankConfig) {
				c.LevelKinds[certificate.XJunior] = []certificate.CourseKind{7}
			},
			field:  `levelKinds["1x-junior"][0]`,
			value:  "course kind(7)",
			reason: "not a valid course kind",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := creditConfig()
			tt.edit(&cfg)
			_, err := certificate.NewCreditBank(cfg)
			fe := creditRequireFieldErr(t, err, tt.field)
			assert.Equal(t, tt.value, fe.Value)
			assert.Contains(t, fe.Reason, tt.reason)
		})
	}
}

// creditLine is a transcript line written compactly for tables.
type creditLine struct{ cert, course, credits string }

type creditSkipRow struct {
	cert, course string
	reason       certificate.SkipReason
	detail       string // a substring of the detail
}

func creditCheckTranscript(t *testing.T, tr certificate.Transcript, lines []creditLine, skips []creditSkipRow, total string) {
	t.Helper()
	require.Len(t, tr.Lines, len(lines), "lines %+v", tr.Lines)
	for i, want := range lines {
		got := tr.Lines[i]
		assert.Equal(t, want.cert, got.Certificate, "lines[%d]", i)
		assert.Equal(t, want.course, got.Course, "lines[%d]", i)
		creditEqual(t, want.credits, got.Credits, "lines[%d]", i)
	}
	require.Len(t, tr.Skipped, len(skips), "skipped %+v", tr.Skipped)
	for i, want := range skips {
		got := tr.Skipped[i]
		assert.Equal(t, want.cert, got.Certificate, "skipped[%d]", i)
		assert.Equal(t, want.course, got.Course, "skipped[%d]", i)
		assert.Equal(t, want.reason, got.Reason, "skipped[%d]", i)
		assert.Contains(t, got.Detail, want.detail, "skipped[%d]", i)
	}
	creditEqual(t, total, tr.Total, "total")
}

func TestConvert(t *testing.T) {
	b := creditBank(t)
	asOf := certificate.MustParseDate("2024-09-01")

	t.Run("one course from one certificate, cap and grant applied", func(t *testing.T) {
		// Priority order by issue date: W-J (2023-06-30), D-J (2024-01-15),
		// W-S (2024-06-30).
		//   W-J, grant 6: B2 2 (left 6 − 2 = 4), B1 4 (left 0).
		//   D-J, grant 5.5: B3 1.5 (left 4); B1 already from W-J.
		//   W-S, grant 8: B1 already from W-J; C1 4 (left 4); C2 3 (left 1);
		//        C3 2.5 > 1 left: over the grant.
		// Total 2 + 4 + 1.5 + 4 + 3 = 14.5.
		tr := b.Convert(creditStudentCerts(), asOf)
		assert.Equal(t, "S-001", tr.Holder)
		assert.Equal(t, asOf, tr.AsOf)
		creditCheckTranscript(t, tr,
			[]creditLine{{"W-J", "B2", "2"}, {"W-J", "B1", "4"}, {"D-J", "B3", "1.5"}, {"W-S", "C1", "4"}, {"W-S", "C2", "3"}},
			[]creditSkipRow{
				{"D-J", "B1", certificate.SkipAlreadyCredited, `already credited from certificate "W-J"`},
				{"W-S", "B1", certificate.SkipAlreadyCredited, `already credited from certificate "W-J"`},
				{"W-S", "C3", certificate.SkipOverGrant, "2.5 credits, but only 1 of the grant of 8 are left"},
			},
			"14.5")
	})
	t.Run("senior alone: the cap of 8 stops at whole courses", func(t *testing.T) {
		// W-S, grant 8: B1 4 (left 4), C1 4 (left 0); C2 3 > 0 and
		// C3 2.5 > 0 are over the grant. Total 4 + 4 = 8 = the cap.
		tr := b.Convert([]certificate.Certificate{creditX("W-S", creditWeb, certificate.XSenior, "2024-06-30")}, asOf)
		creditCheckTranscript(t, tr,
			[]creditLine{{"W-S", "B1", "4"}, {"W-S", "C1", "4"}},
			[]creditSkipRow{
				{"W-S", "C2", certificate.SkipOverGrant, "3 credits, but only 0 of the grant of 8 are left"},
				{"W-S", "C3", certificate.SkipOverGrant, "2.5 credits, but only 0 of the grant of 8 are left"},
			},
			"8")
	})
	t.Run("a lower cap than a rule's credits", func(t *testing.T) {
		// NewCreditBank rejects rules above the cap, so the grant is always
		// the rule's credits: with the cap lowered to 6, rules[1] (7) and
		// rules[2] (8) are invalid.
		cfg := creditConfig()
		cfg.MaxCreditsPerCertificate = creditD("6")
		_, err := certificate.NewCreditBank(cfg)
		creditRequireFieldErr(t, err, "rules[1].credits")
	})
	t.Run("the earlier certificate wins whatever the input order", func(t *testing.T) {
		// W-S and W-J both list B1; W-J was issued first, so it credits B1
		// even when it comes last in the input.
		certs := []certificate.Certificate{
			creditX("W-S", creditWeb, certificate.XSenior, "2024-06-30"),
			creditX("W-J", creditWeb, certificate.XJunior, "2023-06-30"),
		}
		tr := b.Convert(certs, asOf)
		require.NotEmpty(t, tr.Lines)
		assert.Equal(t, certificate.CreditLine{Certificate: "W-J", Course: "B2", Credits: creditD("2")}, tr.Lines[0])
		for _, l := range tr.Lines {
			if l.Course == "B1" {
				assert.Equal(t, "W-J", l.Certificate)
			}
		}
	})
	t.Run("same issue date: the lower number wins", func(t *testing.T) {
		// W-J and D-J both list B1; issued the same day, "D-J" < "W-J".
		// D-J, grant 5.5: B3 1.5, B1 4 (1.5 + 4 = 5.5). W-J, grant 6: B2 2;
		// B1 already from D-J. Total 1.5 + 4 + 2 = 7.5.
		certs := []certificate.Certificate{
			creditX("W-J", creditWeb, certificate.XJunior, "2024-01-15"),
			creditX("D-J", creditDB, certificate.XJunior, "2024-01-15"),
		}
		tr := b.Convert(certs, asOf)
		creditCheckTranscript(t, tr,
			[]creditLine{{"D-J", "B3", "1.5"}, {"D-J", "B1", "4"}, {"W-J", "B2", "2"}},
			[]creditSkipRow{{"W-J", "B1", certificate.SkipAlreadyCredited, `from certificate "D-J"`}},
			"7.5")
	})
	t.Run("no certificates", func(t *testing.T) {
		tr := b.Convert(nil, asOf)
		assert.Empty(t, tr.Holder)
		assert.Empty(t, tr.Lines)
		assert.Empty(t, tr.Skipped)
		creditEqual(t, "0", tr.Total)
	})
}

func TestConvertSkipsCertificates(t *testing.T) {
	b := creditBank(t)
	asOf := certificate.MustParseDate("2024-09-01")

	other := creditX("O-I", creditWeb, certificate.XIntermediate, "2023-09-01")
	other.Holder = certificate.Holder{ID: "S-002", Name: "王芳", Kind: certificate.Student}
	broken := creditX("BAD", creditWeb, certificate.XJunior, "2023-01-01")
	broken.Holder.Name = ""
	expired := creditX("E-I", creditWeb, certificate.XIntermediate, "2022-01-01")
	expired.Expires = certificate.MustParseDate("2023-12-31")
	suspended, err := creditX("S-S", creditWeb, certificate.XSenior, "2024-01-01").
		WithChange(certificate.StatusChange{On: certificate.MustParseDate("2024-05-01"), Action: certificate.Suspend, Reason: "考试违纪调查中"})
	require.NoError(t, err)
	revoked, err := creditX("R-J", creditDB, certificate.XJunior, "2024-02-01").
		WithChange(certificate.StatusChange{On: certificate.MustParseDate("2024-03-01"), Action: certificate.Revoke, Reason: "证书造假"})
	require.NoError(t, err)
	future := creditX("F-J", creditDB, certificate.XJunior, "2024-10-01")
	national := creditX("N-3", creditWeb, certificate.NationalGrade3, "2024-04-01")
	national.Issuer = certificate.Issuer{ID: "https://example.org/appraisal", Name: "某职业技能鉴定中心", Kind: certificate.AppraisalBody}
	noRule := creditX("D-I", creditDB, certificate.XIntermediate, "2024-04-02")

	certs := []certificate.Certificate{
		future, noRule, national, revoked, suspended, other,
		creditX("W-J", creditWeb, certificate.XJunior, "2023-06-30"),
		expired, broken,
		creditX("W-J", creditWeb, certificate.XJunior, "2023-06-30"), // the same certificate twice
	}
	// Priority order: E-I 2022-01-01, BAD 2023-01-01, W-J 2023-06-30 (twice),
	// O-I 2023-09-01, S-S 2024-01-01, R-J 2024-02-01, N-3 2024-04-01,
	// D-I 2024-04-02, F-J 2024-10-01. The holder is E-I's (S-001): its
	// record is valid even though it has expired.
	// Only W-J converts: B2 2 + B1 4 = 6.
	tr := b.Convert(certs, asOf)
	assert.Equal(t, "S-001", tr.Holder)
	creditCheckTranscript(t, tr,
		[]creditLine{{"W-J", "B2", "2"}, {"W-J", "B1", "4"}},
		[]creditSkipRow{
			{"E-I", "", certificate.SkipNotValid, "expired on 2024-09-01 (since 2024-01-01)"},
			{"BAD", "", certificate.SkipInvalidRecord, "holder.name"},
			{"W-J", "", certificate.SkipDuplicate, "came earlier"},
			{"O-I", "", certificate.SkipOtherHolder, `held by "S-002", not "S-001"`},
			{"S-S", "", certificate.SkipNotValid, "suspended on 2024-09-01 (since 2024-05-01): 考试违纪调查中"},
			{"R-J", "", certificate.SkipNotValid, "revoked on 2024-09-01 (since 2024-03-01): 证书造假"},
			{"N-3", "", certificate.SkipNoRule, `no conversion rule for occupation "X-WEB" at level national-3`},
			{"D-I", "", certificate.SkipNoRule, `no conversion rule for occupation "X-DB" at level 1x-intermediate`},
			{"F-J", "", certificate.SkipNotValid, "not yet issued on 2024-09-01 (issued 2024-10-01)"},
		},
		"6")

	t.Run("zero as-of date", func(t *testing.T) {
		tr := b.Convert(creditStudentCerts(), certificate.Date{})
		assert.Empty(t, tr.Lines)
		require.Len(t, tr.Skipped, 3)
		for _, s := range tr.Skipped {
			assert.Equal(t, certificate.SkipNotValid, s.Reason)
		}
	})
	t.Run("a suspension lifted before the day", func(t *testing.T) {
		c, err := suspended.WithChange(certificate.StatusChange{On: certificate.MustParseDate("2024-06-01"), Action: certificate.Reinstate})
		require.NoError(t, err)
		// Reinstated S-S alone, grant 8: B1 4, C1 4; C2, C3 over. 4 + 4 = 8.
		tr := b.Convert([]certificate.Certificate{c}, asOf)
		creditEqual(t, "8", tr.Total)
	})
}

// creditGen makes random banks and certificates for property tests.
type creditGen struct{ r *rand.Rand }

// halves returns a random multiple of 0.5 in [0.5, max·0.5].
func (g creditGen) halves(max int) decimal.Decimal {
	return decimal.New(int64(1+g.r.IntN(max))*5, -1)
}

func (g creditGen) bank(t testing.TB) (certificate.CreditBankConfig, certificate.CreditBank) {
	cfg := certificate.CreditBankConfig{
		MaxCreditsPerCertificate: creditD(creditCap),
		LevelKinds:               creditLevelKinds(),
	}
	nCourses := 1 + g.r.IntN(12)
	for i := range nCourses {
		kind := certificate.BasicCourse
		if g.r.IntN(2) == 0 {
			kind = certificate.CoreCourse
		}
		cfg.Courses = append(cfg.Courses, certificate.Course{Code: fmt.Sprintf("K%02d", i), Name: "课程", Kind: kind, Credits: g.halves(8)})
	}
	for _, occ := range []string{"O1", "O2", "O3", "O4"} {
		for _, level := range certificate.OnePlusX.Levels() {
			if g.r.IntN(4) == 0 {
				continue
			}
			var courses []string
			sum := decimal.Decimal{}
			for _, i := range g.r.Perm(nCourses)[:1+g.r.IntN(nCourses)] {
				c := cfg.Courses[i]
				for _, k := range cfg.LevelKinds[level] {
					if k == c.Kind && len(courses) < 4 {
						courses = append(courses, c.Code)
						sum = sum.Add(c.Credits)
					}
				}
			}
			if len(courses) == 0 {
				continue
			}
			// Credits: a multiple of 0.5, at most min(cap, sum).
			limit := decimal.Min(sum, creditD(creditCap)).Mul(decimal.New(2, 0)).IntPart()
			credits := g.halves(int(limit))
			cfg.Rules = append(cfg.Rules, certificate.ConversionRule{Occupation: occ, Level: level, Courses: courses, Credits: credits})
		}
	}
	b, err := certificate.NewCreditBank(cfg)
	require.NoError(t, err)
	return cfg, b
}

// certs returns up to 8 certificates with distinct numbers, some expired,
// some of another holder, some with an invalid record, and sometimes an
// exact copy of one of them.
func (g creditGen) certs() []certificate.Certificate {
	var out []certificate.Certificate
	start := certificate.MustParseDate("2022-01-01")
	levels := certificate.OnePlusX.Levels()
	for i := range g.r.IntN(9) {
		c := creditX(fmt.Sprintf("N%d", i), []string{"O1", "O2", "O3", "O4", "O5"}[g.r.IntN(5)],
			levels[g.r.IntN(len(levels))], "2022-01-01")
		c.Issued, _ = start.AddDays(g.r.IntN(1000))
		switch g.r.IntN(8) {
		case 0:
			c.Expires, _ = c.Issued.AddDays(g.r.IntN(600))
		case 1:
			c.Holder.ID = "S-002"
		case 2:
			c.Holder.Name = "" // invalid record
		}
		out = append(out, c)
	}
	if len(out) > 0 && g.r.IntN(8) == 0 {
		out = append(out, out[g.r.IntN(len(out))])
	}
	return out
}

func TestConvertProperty(t *testing.T) {
	g := creditGen{rand.New(rand.NewPCG(20240901, 341))}
	asOf := certificate.MustParseDate("2024-09-01")
	for run := range 500 {
		_, b := g.bank(t)
		certs := g.certs()
		tr := b.Convert(certs, asOf)

		byNumber := map[string]certificate.Certificate{}
		for _, c := range certs {
			if c.Validate() == nil && c.Holder.ID == tr.Holder && c.ValidOn(asOf) {
				byNumber[c.Number] = c // the one that converted, if any, is valid on asOf
			}
		}
		credited := map[string]bool{}
		perCert := map[string]decimal.Decimal{}
		sum := decimal.Decimal{}
		for _, l := range tr.Lines {
			require.False(t, credited[l.Course], "run %d: course %s credited twice: %+v", run, l.Course, tr.Lines)
			credited[l.Course] = true
			course, ok := b.Course(l.Course)
			require.True(t, ok)
			require.True(t, course.Credits.Equal(l.Credits), "run %d: line credits are the course's", run)
			c, ok := byNumber[l.Certificate]
			require.True(t, ok, "run %d: line from certificate %s that is not the holder's or not valid on the day", run, l.Certificate)
			rule, ok := b.Rule(c.Occupation.Code, c.Level)
			require.True(t, ok)
			require.Contains(t, rule.Courses, l.Course)
			perCert[l.Certificate] = perCert[l.Certificate].Add(l.Credits)
			require.True(t, perCert[l.Certificate].Cmp(rule.Credits) <= 0, "run %d: certificate %s over its rule", run, l.Certificate)
			require.True(t, perCert[l.Certificate].Cmp(b.MaxCreditsPerCertificate()) <= 0, "run %d: certificate %s over the cap", run, l.Certificate)
			sum = sum.Add(l.Credits)
		}
		require.True(t, sum.Equal(tr.Total), "run %d: total %s is not the sum of the lines %s", run, tr.Total, sum)

		// Every certificate is accounted for, by a line or a skip.
		for _, c := range certs {
			found := false
			for _, l := range tr.Lines {
				found = found || l.Certificate == c.Number
			}
			for _, sk := range tr.Skipped {
				found = found || sk.Certificate == c.Number
			}
			require.True(t, found, "run %d: certificate %s neither credited nor skipped", run, c.Number)
		}

		// Permuting the certificates changes nothing (numbers are distinct
		// but for exact copies).
		shuffled := append([]certificate.Certificate(nil), certs...)
		g.r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		want, err := json.Marshal(tr)
		require.NoError(t, err)
		got, err := json.Marshal(b.Convert(shuffled, asOf))
		require.NoError(t, err)
		require.JSONEq(t, string(want), string(got), "run %d", run)
	}
}

// creditTranscript is the transcript of the main scenario (see TestConvert):
// lines W-J B2 2, W-J B1 4, D-J B3 1.5, W-S C1 4, W-S C2 3; total 14.5.
func creditTranscript(t *testing.T) certificate.Transcript {
	return creditBank(t).Convert(creditStudentCerts(), certificate.MustParseDate("2024-09-01"))
}

func TestCheckCompletion(t *testing.T) {
	asOf := certificate.MustParseDate("2025-06-30")
	tr := creditTranscript(t)
	// Courses passed in the ordinary way (fixtures): B1 4, C3 2.5, ENG 4.
	// Earned = 4 + 2.5 + 4 = 10.5.
	// Converted = the lines for courses not also earned: B2 2 + B3 1.5 +
	// C1 4 + C2 3 = 10.5 (B1 is earned and credited: counted once, as
	// earned). Total = 10.5 + 10.5 = 21.
	earned := []certificate.CourseCredit{
		{Course: "B1", Credits: creditD("4")},
		{Course: "C3", Credits: creditD("2.5")},
		{Course: "ENG", Credits: creditD("4")},
	}
	expiredNet := creditX("N-I", creditNet, certificate.XIntermediate, "2022-06-30")
	expiredNet.Expires = certificate.MustParseDate("2024-06-30")
	otherCloud := creditX("CL-S", "X-CLOUD", certificate.XSenior, "2023-06-30")
	otherCloud.Holder.ID = "S-002"
	certs := append(creditStudentCerts(), expiredNet, otherCloud)

	t.Run("complete", func(t *testing.T) {
		req := certificate.DiplomaRequirements{
			MinCredits:      creditD("20"), // 21 ≥ 20
			RequiredCourses: []string{"B1", "C3", "C1"},
			RequiredX:       []certificate.XRequirement{{Occupation: creditWeb, MinLevel: certificate.XIntermediate}},
		}
		c, err := certificate.CheckCompletion(req, earned, tr, certs, asOf)
		require.NoError(t, err)
		assert.True(t, c.Complete)
		assert.Empty(t, c.Unmet)
		creditEqual(t, "10.5", c.Earned)
		creditEqual(t, "10.5", c.Converted)
		creditEqual(t, "21", c.Total)
		creditEqual(t, "20", c.Required)
		assert.Equal(t, []string{"B1"}, c.CountedOnce)
		assert.Equal(t, asOf, c.AsOf)
	})
	t.Run("exactly the minimum", func(t *testing.T) {
		c, err := certificate.CheckCompletion(certificate.DiplomaRequirements{MinCredits: creditD("21")}, earned, tr, certs, asOf)
		require.NoError(t, err)
		assert.True(t, c.Complete, "21 counted, 21 required")
	})
	t.Run("every kind of shortfall", func(t *testing.T) {
		req := certificate.DiplomaRequirements{
			MinCredits:      creditD("30"), // 30 − 21 = 9 short
			RequiredCourses: []string{"B1", "C9", "B2"},
			RequiredX: []certificate.XRequirement{
				{Occupation: creditWeb, MinLevel: certificate.XSenior},      // W-S: met
				{Occupation: creditDB, MinLevel: certificate.XIntermediate}, // D-J is junior
				{Occupation: creditNet, MinLevel: certificate.XJunior},      // N-I expired 2024-06-30
				{Occupation: "X-CLOUD", MinLevel: certificate.XJunior},      // CL-S is S-002's
			},
		}
		c, err := certificate.CheckCompletion(req, earned, tr, certs, asOf)
		require.NoError(t, err)
		assert.False(t, c.Complete)
		require.Len(t, c.Unmet, 5, "%+v", c.Unmet)

		assert.Equal(t, certificate.ShortCredits, c.Unmet[0].Kind)
		assert.Equal(t, "minCredits", c.Unmet[0].Item)
		creditEqual(t, "9", c.Unmet[0].Credits)
		assert.Equal(t, "short by 9 credits: 30 required, 21 counted (10.5 earned + 10.5 converted)", c.Unmet[0].Reason)

		assert.Equal(t, certificate.Shortfall{Kind: certificate.ShortCourse, Item: "C9",
			Reason: "required course neither passed nor credited from a certificate"}, c.Unmet[1])

		assert.Equal(t, certificate.ShortXLevel, c.Unmet[2].Kind)
		assert.Equal(t, creditDB, c.Unmet[2].Item)
		assert.Equal(t, `highest certificate of occupation "X-DB" is "D-J" at 1x-junior; at least 1x-intermediate required`, c.Unmet[2].Reason)

		assert.Equal(t, certificate.ShortXNotValid, c.Unmet[3].Kind)
		assert.Equal(t, creditNet, c.Unmet[3].Item)
		assert.Equal(t, `certificate "N-I" (1x-intermediate) cannot count: not-valid: expired on 2025-06-30 (since 2024-07-01)`, c.Unmet[3].Reason)

		assert.Equal(t, certificate.ShortXMissing, c.Unmet[4].Kind)
		assert.Equal(t, "X-CLOUD", c.Unmet[4].Item)
		assert.Equal(t, `no certificate of occupation "X-CLOUD"; at least 1x-junior required`, c.Unmet[4].Reason)
		for _, u := range c.Unmet[1:] {
			assert.True(t, u.Credits.IsZero(), "only a credit shortfall has credits")
		}
	})
	t.Run("the highest certificate below the level is named", func(t *testing.T) {
		// X-WEB junior and intermediate held, senior required.
		certs := []certificate.Certificate{
			creditX("W-J", creditWeb, certificate.XJunior, "2023-06-30"),
			creditX("W-I", creditWeb, certificate.XIntermediate, "2024-01-10"),
		}
		req := certificate.DiplomaRequirements{RequiredX: []certificate.XRequirement{{Occupation: creditWeb, MinLevel: certificate.XSenior}}}
		c, err := certificate.CheckCompletion(req, nil, certificate.Transcript{}, certs, asOf)
		require.NoError(t, err)
		require.Len(t, c.Unmet, 1)
		assert.Contains(t, c.Unmet[0].Reason, `"W-I" at 1x-intermediate`)
	})
	t.Run("credits converted from certificates alone", func(t *testing.T) {
		// No ordinary courses: Earned 0, Converted 14.5 (the transcript),
		// Total 14.5; 15 − 14.5 = 0.5 short.
		c, err := certificate.CheckCompletion(certificate.DiplomaRequirements{MinCredits: creditD("15")}, nil, tr, nil, asOf)
		require.NoError(t, err)
		creditEqual(t, "0", c.Earned)
		creditEqual(t, "14.5", c.Converted)
		require.Len(t, c.Unmet, 1)
		creditEqual(t, "0.5", c.Unmet[0].Credits)
		assert.Empty(t, c.CountedOnce)
	})
	t.Run("the transcript's credits stand on a later day", func(t *testing.T) {
		// All certificates revoked since conversion: the credits remain,
		// the X requirement fails.
		var revoked []certificate.Certificate
		for _, c := range creditStudentCerts() {
			r, err := c.WithChange(certificate.StatusChange{On: certificate.MustParseDate("2025-01-01"), Action: certificate.Revoke, Reason: "撤销"})
			require.NoError(t, err)
			revoked = append(revoked, r)
		}
		req := certificate.DiplomaRequirements{
			MinCredits: creditD("14.5"),
			RequiredX:  []certificate.XRequirement{{Occupation: creditWeb, MinLevel: certificate.XJunior}},
		}
		c, err := certificate.CheckCompletion(req, nil, tr, revoked, asOf)
		require.NoError(t, err)
		require.Len(t, c.Unmet, 1)
		assert.Equal(t, certificate.ShortXNotValid, c.Unmet[0].Kind)
		// The first certificate of the level in priority order is named:
		// W-J, issued 2023-06-30, before W-S.
		assert.Contains(t, c.Unmet[0].Reason, `"W-J"`)
		assert.Contains(t, c.Unmet[0].Reason, "revoked")
	})
	t.Run("no transcript holder: the first certificate's holder", func(t *testing.T) {
		req := certificate.DiplomaRequirements{RequiredX: []certificate.XRequirement{{Occupation: "X-CLOUD", MinLevel: certificate.XJunior}}}
		c, err := certificate.CheckCompletion(req, nil, certificate.Transcript{}, []certificate.Certificate{otherCloud}, asOf)
		require.NoError(t, err)
		assert.True(t, c.Complete, "CL-S is the only certificate, so its holder is the holder")
	})
}

func TestCheckCompletionErrors(t *testing.T) {
	asOf := certificate.MustParseDate("2025-06-30")
	good := func() (certificate.DiplomaRequirements, []certificate.CourseCredit, certificate.Transcript) {
		return certificate.DiplomaRequirements{
				MinCredits:      creditD("20"),
				RequiredCourses: []string{"B1"},
				RequiredX:       []certificate.XRequirement{{Occupation: creditWeb, MinLevel: certificate.XJunior}},
			},
			[]certificate.CourseCredit{{Course: "ENG", Credits: creditD("4")}, {Course: "PE", Credits: creditD("0")}},
			creditTranscript(t)
	}
	type edit = func(*certificate.DiplomaRequirements, *[]certificate.CourseCredit, *certificate.Transcript, *certificate.Date)
	tests := []struct {
		name  string
		edit  edit
		field string
		value string
	}{
		{"zero as-of date", func(_ *certificate.DiplomaRequirements, _ *[]certificate.CourseCredit, _ *certificate.Transcript, d *certificate.Date) {
			*d = certificate.Date{}
		}, "asOf", ""},
		{"negative minimum", func(r *certificate.DiplomaRequirements, _ *[]certificate.CourseCredit, _ *certificate.Transcript, _ *certificate.Date) {
			r.MinCredits = creditD("-1")
		}, "requirements.minCredits", "-1"},
		{"minimum with three places", func(r *certificate.DiplomaRequirements, _ *[]certificate.CourseCredit, _ *certificate.Transcript, _ *certificate.Date) {
			r.MinCredits = creditD("150.125")
		}, "requirements.minCredits", "150.125"},
		{"empty required course", func(r *certificate.DiplomaRequirements, _ *[]certificate.CourseCredit, _ *certificate.Transcript, _ *certificate.Date) {
			r.RequiredCourses = append(r.RequiredCourses, "")
		}, "requirements.requiredCourses[1]", ""},
		{"required course twice", func(r *certificate.DiplomaRequirements, _ *[]certificate.CourseCredit, _ *certificate.Transcript, _ *certificate.Date) {
			r.RequiredCourses = append(r.RequiredCourses, "B1")
		}, "requirements.requiredCourses[1]", "B1"},
		{"X requirement without occupation", func(r *certificate.DiplomaRequirements, _ *[]certificate.CourseCredit, _ *certificate.Transcript, _ *certificate.Date) {
			r.RequiredX[0].Occupation = ""
		}, "requirements.requiredX[0].occupation", ""},
		{"X requirement with no level", func(r *certificate.DiplomaRequirements, _ *[]certificate.CourseCredit, _ *certificate.Transcript, _ *certificate.Date) {
			r.RequiredX[0].MinLevel = 0
		}, "requirements.requiredX[0].minLevel", "Level(0x00)"},
		{"X requirement twice for one occupation", func(r *certificate.DiplomaRequirements, _ *[]certificate.CourseCredit, _ *certificate.Transcript, _ *certificate.Date) {
			r.RequiredX = append(r.RequiredX, certificate.XRequirement{Occupation: creditWeb, MinLevel: certificate.XSenior})
		}, "requirements.requiredX[1].occupation", creditWeb},
		{"earned course twice", func(_ *certificate.DiplomaRequirements, e *[]certificate.CourseCredit, _ *certificate.Transcript, _ *certificate.Date) {
			*e = append(*e, certificate.CourseCredit{Course: "ENG", Credits: creditD("2")})
		}, "earned[2].course", "ENG"},
		{"earned course without a code", func(_ *certificate.DiplomaRequirements, e *[]certificate.CourseCredit, _ *certificate.Transcript, _ *certificate.Date) {
			(*e)[0].Course = ""
		}, "earned[0].course", ""},
		{"earned credits negative", func(_ *certificate.DiplomaRequirements, e *[]certificate.CourseCredit, _ *certificate.Transcript, _ *certificate.Date) {
			(*e)[1].Credits = creditD("-2")
		}, "earned[1].credits", "-2"},
		{"transcript total not the sum", func(_ *certificate.DiplomaRequirements, _ *[]certificate.CourseCredit, tr *certificate.Transcript, _ *certificate.Date) {
			tr.Total = creditD("15") // the lines add up to 14.5
		}, "transcript.total", "15"},
		{"transcript total with a wild exponent", func(_ *certificate.DiplomaRequirements, _ *[]certificate.CourseCredit, tr *certificate.Transcript, _ *certificate.Date) {
			tr.Total = decimal.New(145, -1_000_000_000)
		}, "transcript.total", "145e-1000000000"},
		{"transcript course twice", func(_ *certificate.DiplomaRequirements, _ *[]certificate.CourseCredit, tr *certificate.Transcript, _ *certificate.Date) {
			tr.Lines[1].Course = "B2"
		}, "transcript.lines[1].course", "B2"},
		{"transcript line of zero credits", func(_ *certificate.DiplomaRequirements, _ *[]certificate.CourseCredit, tr *certificate.Transcript, _ *certificate.Date) {
			tr.Lines[0].Credits = decimal.Decimal{}
		}, "transcript.lines[0].credits", "0"},
		{"transcript line without a course", func(_ *certificate.DiplomaRequirements, _ *[]certificate.CourseCredit, tr *certificate.Transcript, _ *certificate.Date) {
			tr.Lines[0].Course = ""
		}, "transcript.lines[0].course", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, earned, tr := good()
			day := asOf
			tt.edit(&req, &earned, &tr, &day)
			_, err := certificate.CheckCompletion(req, earned, tr, creditStudentCerts(), day)
			fe := creditRequireFieldErr(t, err, tt.field)
			assert.Equal(t, tt.value, fe.Value)
		})
	}
	t.Run("the unedited input is fine", func(t *testing.T) {
		req, earned, tr := good()
		_, err := certificate.CheckCompletion(req, earned, tr, creditStudentCerts(), asOf)
		require.NoError(t, err)
	})
}

// creditConfigJSON is creditConfig in JSON, with credit values written both
// as strings and as numbers.
const creditConfigJSON = `{
  "maxCreditsPerCertificate": 8,
  "levelKinds": {"1x-junior": ["basic"], "1x-intermediate": ["core"], "1x-senior": ["basic", "core"]},
  "courses": [
    {"code": "B1", "name": "程序设计基础", "kind": "basic", "credits": "4"},
    {"code": "B2", "name": "网页设计基础", "kind": "basic", "credits": 2},
    {"code": "B3", "name": "数据库基础", "kind": "basic", "credits": "1.5"},
    {"code": "C1", "name": "Web前端开发", "kind": "core", "credits": 4.0},
    {"code": "C2", "name": "JavaScript程序设计", "kind": "core", "credits": "3"},
    {"code": "C3", "name": "移动应用开发", "kind": "core", "credits": 25e-1}
  ],
  "rules": [
    {"occupation": "X-WEB", "level": "1x-junior", "courses": ["B2", "B1"], "credits": "6"},
    {"occupation": "X-WEB", "level": "1x-intermediate", "courses": ["C1", "C2"], "credits": 7},
    {"occupation": "X-WEB", "level": "1x-senior", "courses": ["B1", "C1", "C2", "C3"], "credits": "8"},
    {"occupation": "X-DB", "level": "1x-junior", "courses": ["B3", "B1"], "credits": "5.50"}
  ]
}`

func TestParseCreditBankConfig(t *testing.T) {
	cfg, err := certificate.ParseCreditBankConfig([]byte(creditConfigJSON))
	require.NoError(t, err)
	want := creditConfig()
	creditEqual(t, "8", cfg.MaxCreditsPerCertificate)
	assert.Equal(t, want.LevelKinds, cfg.LevelKinds)
	require.Len(t, cfg.Courses, len(want.Courses))
	for i, c := range cfg.Courses {
		assert.Equal(t, want.Courses[i].Code, c.Code)
		assert.Equal(t, want.Courses[i].Name, c.Name)
		assert.Equal(t, want.Courses[i].Kind, c.Kind)
		creditEqual(t, want.Courses[i].Credits.String(), c.Credits, "courses[%d]", i)
	}
	require.Len(t, cfg.Rules, len(want.Rules))
	for i, r := range cfg.Rules {
		assert.Equal(t, want.Rules[i].Occupation, r.Occupation)
		assert.Equal(t, want.Rules[i].Level, r.Level)
		assert.Equal(t, want.Rules[i].Courses, r.Courses)
		creditEqual(t, want.Rules[i].Credits.String(), r.Credits, "rules[%d]", i)
	}
	b, err := certificate.NewCreditBank(cfg)
	require.NoError(t, err)
	// The parsed bank converts as the one built in Go: 14.5 (TestConvert).
	creditEqual(t, "14.5", b.Convert(creditStudentCerts(), certificate.MustParseDate("2024-09-01")).Total)

	t.Run("json.Unmarshal uses the strict parser", func(t *testing.T) {
		var doc struct {
			Bank certificate.CreditBankConfig `json:"bank"`
		}
		require.NoError(t, json.Unmarshal([]byte(`{"bank":`+creditConfigJSON+`}`), &doc))
		assert.Len(t, doc.Bank.Rules, 4)
		err := json.Unmarshal([]byte(`{"bank":{"maxCreditsPerCertificate":"8","rules":[],"extra":1}}`), &doc)
		creditRequireFieldErr(t, err, "extra")
		require.NoError(t, json.Unmarshal([]byte(`{"bank":null}`), &doc))
		assert.Len(t, doc.Bank.Rules, 4, "null leaves the value unchanged")
	})
}

func TestParseCreditBankConfigErrors(t *testing.T) {
	rule := func(s string) string {
		return `{"maxCreditsPerCertificate":"8","levelKinds":{"1x-junior":["basic"]},` +
			`"courses":[{"code":"B1","name":"n","kind":"basic","credits":"4"},{"code":"B2","name":"n","kind":"basic","credits":"2"}],` +
			`"rules":[{"occupation":"X","level":"1x-junior","courses":["B1"],"credits":"4"},` + s + `]}`
	}
	tests := []struct {
		name, json, field, value string
	}{
		{"not JSON", `{"maxCreditsPerCertificate":`, "$", ""},
		{"trailing data", `{} {}`, "$", ""},
		{"not an object", `[1,2]`, "$", "[1,2]"},
		{"null", `null`, "$", "null"},
		{"unknown top-level field", `{"maxCreditsPerCertificate":"8","Rules":[]}`, "Rules", ""},
		{"repeated top-level field", `{"maxCreditsPerCertificate":"8","maxCreditsPerCertificate":"9"}`, "maxCreditsPerCertificate", ""},
		{"repeated nested field", `{"maxCreditsPerCertificate":"8","courses":[{"code":"B1","code":"B2"}]}`, "courses[0].code", ""},
		{"empty unknown key", `{"": 1}`, `$[""]`, ""},
		{"unknown key with a dot", `{"maxCreditsPerCertificate":"8","courses":[{"a.b":1}]}`, `courses[0]["a.b"]`, ""},
		{"missing cap", `{"rules":[]}`, "maxCreditsPerCertificate", ""},
		{"cap as a boolean", `{"maxCreditsPerCertificate":true}`, "maxCreditsPerCertificate", "true"},
		{"cap with a huge exponent", `{"maxCreditsPerCertificate":"8e99999"}`, "maxCreditsPerCertificate", "8e99999"},
		{"cap as a huge number", `{"maxCreditsPerCertificate":1e99999}`, "maxCreditsPerCertificate", "1e99999"},
		{"cap with thousands separator", `{"maxCreditsPerCertificate":"1,000"}`, "maxCreditsPerCertificate", "1,000"},
		{"cap of 10000", `{"maxCreditsPerCertificate":"10000"}`, "maxCreditsPerCertificate", "10000"},
		{"levelKinds not an object", `{"maxCreditsPerCertificate":"8","levelKinds":[]}`, "levelKinds", "[]"},
		{"levelKinds unknown level", `{"maxCreditsPerCertificate":"8","levelKinds":{"1x-expert":["core"]}}`, `levelKinds["1x-expert"]`, "1x-expert"},
		{"levelKinds value not an array", `{"maxCreditsPerCertificate":"8","levelKinds":{"1x-junior":"basic"}}`, `levelKinds["1x-junior"]`, `"basic"`},
		{"levelKinds unknown kind", `{"maxCreditsPerCertificate":"8","levelKinds":{"1x-junior":["basic","elective"]}}`, `levelKinds["1x-junior"][1]`, "elective"},
		{"levelKinds kind not a string", `{"maxCreditsPerCertificate":"8","levelKinds":{"1x-junior":[1]}}`, `levelKinds["1x-junior"][0]`, "1"},
		{"courses not an array", `{"maxCreditsPerCertificate":"8","courses":{}}`, "courses", "{}"},
		{"course not an object", `{"maxCreditsPerCertificate":"8","courses":["B1"]}`, "courses[0]", `"B1"`},
		{"course unknown field", `{"maxCreditsPerCertificate":"8","courses":[{"code":"B1","credit":"4"}]}`, "courses[0].credit", ""},
		{"course code not a string", `{"maxCreditsPerCertificate":"8","courses":[{"code":1}]}`, "courses[0].code", "1"},
		{"course unknown kind", `{"maxCreditsPerCertificate":"8","courses":[{"code":"B1","name":"n","kind":"Basic"}]}`, "courses[0].kind", "Basic"},
		{"course without credits", `{"maxCreditsPerCertificate":"8","courses":[{"code":"B1","name":"n","kind":"basic"}]}`, "courses[0].credits", ""},
		{"course credits null", `{"maxCreditsPerCertificate":"8","courses":[{"code":"B1","name":"n","kind":"basic","credits":null}]}`, "courses[0].credits", ""},
		{"course credits text", `{"maxCreditsPerCertificate":"8","courses":[{"code":"B1","name":"n","kind":"basic","credits":"four"}]}`, "courses[0].credits", "four"},
		{"course credits with a bare point", `{"maxCreditsPerCertificate":"8","courses":[{"code":"B1","name":"n","kind":"basic","credits":".5"}]}`, "courses[0].credits", ".5"},
		{"rule unknown field", rule(`{"occupation":"X","level":"1x-junior","course":["B1"]}`), "rules[1].course", ""},
		{"rule unknown level", rule(`{"occupation":"X","level":"junior"}`), "rules[1].level", "junior"},
		{"rule courses not an array", rule(`{"occupation":"X","level":"1x-junior","courses":"B1"}`), "rules[1].courses", `"B1"`},
		{"rule course null", rule(`{"occupation":"X","level":"1x-junior","courses":[null]}`), "rules[1].courses[0]", "null"},
		{"rule credits missing", rule(`{"occupation":"Y","level":"1x-junior","courses":["B1"]}`), "rules[1].credits", ""},
		// Semantic errors come from NewCreditBank with the same paths.
		{"rule above the cap (DOMAIN.md worked example)", rule(`{"occupation":"Y","level":"1x-junior","courses":["B1"],"credits":"10"}`), "rules[1].credits", "10"},
		{"rule above its courses", rule(`{"occupation":"Y","level":"1x-junior","courses":["B1","B2"],"credits":6.5}`), "rules[1].credits", "6.5"},
		{"rule with an unknown course", rule(`{"occupation":"Y","level":"1x-junior","courses":["B1","B3"],"credits":1}`), "rules[1].courses[1]", "B3"},
		{"duplicate rule", rule(`{"occupation":"X","level":"1x-junior","courses":["B2"],"credits":1}`), "rules[1].level", "1x-junior"},
		{"level without kinds", rule(`{"occupation":"X","level":"1x-senior","courses":["B2"],"credits":1}`), "rules[1].level", "1x-senior"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := certificate.ParseCreditBankConfig([]byte(tt.json))
			fe := creditRequireFieldErr(t, err, tt.field)
			assert.Equal(t, tt.value, fe.Value)
		})
	}
	t.Run("the base of the rule cases parses", func(t *testing.T) {
		_, err := certificate.ParseCreditBankConfig([]byte(rule(`{"occupation":"Y","level":"1x-junior","courses":["B1","B2"],"credits":6}`)))
		require.NoError(t, err)
	})
}

func TestCreditJSONRoundTrip(t *testing.T) {
	t.Run("config", func(t *testing.T) {
		data, err := json.Marshal(creditConfig())
		require.NoError(t, err)
		assert.Contains(t, string(data), `"levelKinds":{"1x-intermediate":["core"],"1x-junior":["basic"],"1x-senior":["basic","core"]}`)
		assert.Contains(t, string(data), `"credits":"1.5"`, "decimals are JSON strings")
		cfg, err := certificate.ParseCreditBankConfig(data)
		require.NoError(t, err)
		again, err := json.Marshal(cfg)
		require.NoError(t, err)
		assert.JSONEq(t, string(data), string(again))
	})
	t.Run("transcript", func(t *testing.T) {
		tr := creditTranscript(t)
		data, err := json.Marshal(tr)
		require.NoError(t, err)
		for _, s := range []string{`"holder":"S-001"`, `"asOf":"2024-09-01"`, `"total":"14.5"`,
			`{"certificate":"D-J","course":"B3","credits":"1.5"}`, `"reason":"over-grant"`} {
			assert.Contains(t, string(data), s)
		}
		var back certificate.Transcript
		require.NoError(t, json.Unmarshal(data, &back))
		assert.Equal(t, tr.Holder, back.Holder)
		assert.Equal(t, tr.AsOf, back.AsOf)
		assert.Equal(t, tr.Skipped, back.Skipped)
		require.Len(t, back.Lines, len(tr.Lines))
		for i := range tr.Lines {
			assert.Equal(t, tr.Lines[i].Course, back.Lines[i].Course)
			assert.True(t, tr.Lines[i].Credits.Equal(back.Lines[i].Credits))
		}
		assert.True(t, tr.Total.Equal(back.Total))
		again, err := json.Marshal(back)
		require.NoError(t, err)
		assert.Equal(t, string(data), string(again))
	})
	t.Run("completion", func(t *testing.T) {
		req := certificate.DiplomaRequirements{
			MinCredits:      creditD("30"),
			RequiredCourses: []string{"C9"},
			RequiredX:       []certificate.XRequirement{{Occupation: creditDB, MinLevel: certificate.XIntermediate}},
		}
		reqData, err := json.Marshal(req)
		require.NoError(t, err)
		assert.JSONEq(t, `{"minCredits":"30","requiredCourses":["C9"],"requiredX":[{"occupation":"X-DB","minLevel":"1x-intermediate"}]}`, string(reqData))

		earned := []certificate.CourseCredit{{Course: "B1", Credits: creditD("4")}}
		c, err := certificate.CheckCompletion(req, earned, creditTranscript(t), creditStudentCerts(), certificate.MustParseDate("2025-06-30"))
		require.NoError(t, err)
		data, err := json.Marshal(c)
		require.NoError(t, err)
		// Earned 4; converted 14.5 − 4 (B1 counted once) = 10.5; total
		// 4 + 10.5 = 14.5; short 30 − 14.5 = 15.5.
		for _, s := range []string{`"complete":false`, `"asOf":"2025-06-30"`, `"earned":"4"`, `"converted":"10.5"`,
			`"total":"14.5"`, `"countedOnce":["B1"]`, `"kind":"credits"`, `"credits":"15.5"`, `"kind":"x-level"`} {
			assert.Contains(t, string(data), s)
		}
		var back certificate.Completion
		require.NoError(t, json.Unmarshal(data, &back))
		assert.Equal(t, c.Complete, back.Complete)
		assert.Equal(t, c.CountedOnce, back.CountedOnce)
		require.Len(t, back.Unmet, len(c.Unmet))
		for i := range c.Unmet {
			assert.Equal(t, c.Unmet[i].Kind, back.Unmet[i].Kind)
			assert.Equal(t, c.Unmet[i].Reason, back.Unmet[i].Reason)
			assert.True(t, c.Unmet[i].Credits.Equal(back.Unmet[i].Credits))
		}
		assert.True(t, c.Total.Equal(back.Total))
		again, err := json.Marshal(back)
		require.NoError(t, err)
		assert.Equal(t, string(data), string(again))
	})
	t.Run("unknown enum codes are rejected", func(t *testing.T) {
		var tr certificate.Transcript
		err := json.Unmarshal([]byte(`{"skipped":[{"certificate":"A","reason":"lost"}]}`), &tr)
		require.Error(t, err)
		assert.True(t, errors.Is(err, certificate.ErrInvalid), "error %v", err)
	})
}

// creditBenchConfig is a bank of nOcc occupations × 3 levels with
// coursesTotal course references in all, over 300 basic and 300 core
// courses of 2 credits each (fixtures). Every rule grants min(cap, sum of
// its courses).
func creditBenchConfig(nOcc, coursesTotal int) certificate.CreditBankConfig {
	r := rand.New(rand.NewPCG(341, 4278))
	cfg := certificate.CreditBankConfig{MaxCreditsPerCertificate: creditD(creditCap), LevelKinds: creditLevelKinds()}
	for i := range 300 {
		cfg.Courses = append(cfg.Courses,
			certificate.Course{Code: fmt.Sprintf("B%03d", i), Name: "基础课", Kind: certificate.BasicCourse, Credits: creditD("2")},
			certificate.Course{Code: fmt.Sprintf("C%03d", i), Name: "核心课", Kind: certificate.CoreCourse, Credits: creditD("2")})
	}
	nRules := nOcc * 3
	for i := range nRules {
		level := certificate.OnePlusX.Levels()[i%3]
		// Spread coursesTotal references over the rules: nRules·k/nRules.
		n := (i+1)*coursesTotal/nRules - i*coursesTotal/nRules
		var courses []string
		for _, j := range r.Perm(300)[:n] {
			prefix := "B"
			if level == certificate.XIntermediate || level == certificate.XSenior && j%2 == 0 {
				prefix = "C"
			}
			courses = append(courses, fmt.Sprintf("%s%03d", prefix, j))
		}
		credits := decimal.Min(creditD(creditCap), decimal.New(int64(2*n), 0)) // 2 credits a course
		cfg.Rules = append(cfg.Rules, certificate.ConversionRule{
			Occupation: fmt.Sprintf("X-%04d", i/3), Level: level, Courses: courses, Credits: credits})
	}
	return cfg
}

func creditBenchBank(b *testing.B, nOcc, coursesTotal int) certificate.CreditBank {
	bank, err := certificate.NewCreditBank(creditBenchConfig(nOcc, coursesTotal))
	require.NoError(b, err)
	return bank
}

// BenchmarkConvert converts a student's 5 certificates against banks the
// size of the national credit bank of 2023 (DOMAIN.md: 341 X certificates,
// 4,278 conversion rules). This package keys a rule by occupation and level,
// so 341 certificates give 341 × 3 = 1,023 rules, and the 4,278 national
// rules are read as certificate-to-course correspondences: 4,278 course
// references, ≈ 12.5 per certificate (4278 / 341 ≈ 12.55). The second bank
// has 4,278 rules proper (1,426 × 3 = 4,278), for a lookup-cost comparison;
// the small bank is the 4-rule fixture.
func BenchmarkConvert(b *testing.B) {
	asOf := certificate.MustParseDate("2024-09-01")
	certs := func(occs ...int) []certificate.Certificate {
		var out []certificate.Certificate
		for i, o := range occs {
			level := certificate.OnePlusX.Levels()[i%3]
			out = append(out, creditX(fmt.Sprintf("N-%d", i), fmt.Sprintf("X-%04d", o), level, fmt.Sprintf("2023-0%d-15", i+1)))
		}
		return out
	}
	b.Run("341 certificates, 1023 rules, 4278 courses", func(b *testing.B) {
		bank := creditBenchBank(b, 341, 4278)
		cs := certs(0, 17, 100, 200, 340)
		b.ReportAllocs()
		for b.Loop() {
			if tr := bank.Convert(cs, asOf); len(tr.Lines) == 0 {
				b.Fatal("nothing credited")
			}
		}
	})
	b.Run("1426 certificates, 4278 rules", func(b *testing.B) {
		bank := creditBenchBank(b, 1426, 4278*4)
		cs := certs(0, 17, 700, 1000, 1425)
		b.ReportAllocs()
		for b.Loop() {
			if tr := bank.Convert(cs, asOf); len(tr.Lines) == 0 {
				b.Fatal("nothing credited")
			}
		}
	})
	b.Run("4 rules", func(b *testing.B) {
		bank, err := certificate.NewCreditBank(creditConfig())
		require.NoError(b, err)
		cs := creditStudentCerts()
		cs = append(cs, creditX("D-J2", creditDB, certificate.XJunior, "2024-02-01"), creditX("W-I", creditWeb, certificate.XIntermediate, "2024-03-01"))
		b.ReportAllocs()
		for b.Loop() {
			if tr := bank.Convert(cs, asOf); len(tr.Lines) == 0 {
				b.Fatal("nothing credited")
			}
		}
	})
}

func BenchmarkNewCreditBank(b *testing.B) {
	// Validating and indexing the 341-certificate bank of BenchmarkConvert.
	cfg := creditBenchConfig(341, 4278)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := certificate.NewCreditBank(cfg); err != nil {
			b.Fatal(err)
		}
	}
}

package apprenticeship_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/apprenticeship"
	"github.com/dualtrack/dualtrack/certificate"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// assessRules are the German split-final-exam bounds. DOMAIN.md, Germany:
// "in a split final exam part 1 replaces it and weighs 20–40%".
func assessRules() apprenticeship.AssessmentRules {
	return apprenticeship.AssessmentRules{
		Part1MinWeight: decimal.NewFromInt(20),
		Part1MaxWeight: decimal.NewFromInt(40),
		Source:         "dual system: part 1 of a split final exam weighs 20–40%",
	}
}

// assessX builds an assessment; assessors and scores are illustrative.
func assessX(kind apprenticeship.AssessmentKind, date string, passed bool) apprenticeship.Assessment {
	return apprenticeship.Assessment{Kind: kind, Date: logD(date), Passed: passed, Assessor: "考核委员会"}
}

func assessPart1(date, weight string) apprenticeship.Assessment {
	x := assessX(apprenticeship.FinalExamPart1, date, true)
	x.Weight = logDec(weight)
	return x
}

// assessAgreement is an agreement of logProgram aiming at its target.
func assessAgreement(kind apprenticeship.AgreementKind) apprenticeship.Agreement {
	return apprenticeship.Agreement{
		ID: "A-2024-001", Kind: kind, Program: "SG-IM-2024",
		Apprentice: apprenticeship.Person{ID: "S2024001", Name: "王小明"},
		Start:      logD("2024-09-01"), End: logD("2027-06-30"),
		Occupation: certificate.Occupation{Code: "X-IR-OM", Name: "工业机器人操作与运维"},
		Target:     certificate.XIntermediate,
	}
}

// assessIssuer is a training and evaluation organisation, which issues 1+X
// levels; its scope, if given, is the occupations listed.
func assessIssuer(occupations ...string) certificate.Issuer {
	i := certificate.Issuer{ID: "https://eval.example.org", Name: "某培训评价组织", Kind: certificate.EvaluationOrganisation}
	if len(occupations) > 0 {
		valid, err := certificate.NewPeriod(logD("2020-01-01"), logD("2030-12-31"))
		if err != nil {
			panic(err)
		}
		i.Scope = &certificate.Scope{Occupations: occupations, Highest: certificate.XSenior, Valid: valid}
	}
	return i
}

func TestAssessmentValidate(t *testing.T) {
	require.NoError(t, assessX(apprenticeship.FinalExam, "2027-06-20", true).Validate())
	require.NoError(t, assessPart1("2026-03-10", "30").Validate())
	tests := []struct {
		name  string
		x     apprenticeship.Assessment
		field string
	}{
		{"no kind", apprenticeship.Assessment{Date: logD("2026-03-10"), Assessor: "x"}, "kind"},
		{"no date", apprenticeship.Assessment{Kind: apprenticeship.InterimExam, Assessor: "x"}, "date"},
		{"no assessor", apprenticeship.Assessment{Kind: apprenticeship.InterimExam, Date: logD("2026-03-10"), Assessor: " "}, "assessor"},
		{"score above 100", func() apprenticeship.Assessment {
			x := assessX(apprenticeship.InterimExam, "2026-03-10", true)
			x.Score = decimal.NewNullDecimal(logDec("100.5"))
			return x
		}(), "score"},
		{"negative score", func() apprenticeship.Assessment {
			x := assessX(apprenticeship.InterimExam, "2026-03-10", true)
			x.Score = decimal.NewNullDecimal(logDec("-1"))
			return x
		}(), "score"},
		{"part 1 without weight", assessX(apprenticeship.FinalExamPart1, "2026-03-10", true), "weight"},
		{"part 1 weighing everything", assessPart1("2026-03-10", "100"), "weight"},
		{"weight on a final exam", func() apprenticeship.Assessment {
			x := assessX(apprenticeship.FinalExam, "2027-06-20", true)
			x.Weight = logDec("30")
			return x
		}(), "weight"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logRequireField(t, tt.x.Validate(), tt.field)
		})
	}
}

func TestAssessmentRulesValidate(t *testing.T) {
	require.NoError(t, assessRules().Validate())
	tests := []struct {
		name     string
		min, max string
		field    string
	}{
		{"zero minimum", "0", "40", "part1MinWeight"},
		{"maximum of 100", "20", "100", "part1MaxWeight"},
		{"minimum above maximum", "40", "20", "part1MaxWeight"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := apprenticeship.AssessmentRules{Part1MinWeight: logDec(tt.min), Part1MaxWeight: logDec(tt.max)}
			logRequireField(t, r.Validate(), tt.field)
		})
	}
}

func TestValidateAssessments(t *testing.T) {
	interim := assessX(apprenticeship.InterimExam, "2026-03-10", false)
	tests := []struct {
		name    string
		must    bool // InterimMustPass
		xs      []apprenticeship.Assessment
		field   string // "" for no error
		rule    bool   // the error cites a rule
		reorder bool   // also check the slice reversed
	}{
		{name: "interim then final passed", xs: []apprenticeship.Assessment{interim, assessX(apprenticeship.FinalExam, "2027-06-20", true)}, reorder: true},
		{name: "no assessments", xs: nil},
		{name: "interim missing", xs: []apprenticeship.Assessment{assessX(apprenticeship.FinalExam, "2027-06-20", true)},
			field: "assessments[0].kind", rule: true},
		{name: "interim on the day of the final exam", xs: []apprenticeship.Assessment{
			assessX(apprenticeship.InterimExam, "2027-06-20", true), assessX(apprenticeship.FinalExam, "2027-06-20", true)},
			field: "assessments[1].kind", rule: true},
		{name: "interim after the final exam", xs: []apprenticeship.Assessment{
			assessX(apprenticeship.FinalExam, "2027-06-20", false), assessX(apprenticeship.InterimExam, "2027-07-01", true)},
			field: "assessments[0].kind", rule: true},
		// BBiG § 43(1) asks only that the interim exam was taken.
		{name: "failed interim suffices by default", xs: []apprenticeship.Assessment{interim, assessX(apprenticeship.FinalExam, "2027-06-20", true)}},
		{name: "failed interim under InterimMustPass", must: true,
			xs: []apprenticeship.Assessment{interim, assessX(apprenticeship.FinalExam, "2027-06-20", true)}, field: "assessments[1].kind", rule: true},
		{name: "passed interim under InterimMustPass", must: true, xs: []apprenticeship.Assessment{
			interim, assessX(apprenticeship.InterimExam, "2026-09-10", true), assessX(apprenticeship.FinalExam, "2027-06-20", true)}},
		{name: "final failed, retaken and passed", xs: []apprenticeship.Assessment{
			interim, assessX(apprenticeship.FinalExam, "2027-06-20", false), assessX(apprenticeship.FinalExam, "2027-12-10", true)}, reorder: true},
		{name: "an exam after the pass", xs: []apprenticeship.Assessment{
			interim, assessX(apprenticeship.FinalExam, "2027-06-20", true), assessX(apprenticeship.FinalExam, "2027-12-10", true)},
			field: "assessments[2].date"},
		// Part 1 weighs 30%, within 20–40%; no interim exam needed.
		{name: "split final, part 1 at 30%", xs: []apprenticeship.Assessment{
			assessPart1("2026-03-10", "30"), assessX(apprenticeship.FinalExamPart2, "2027-06-20", true)}, reorder: true},
		{name: "split final, part 1 at 20% and 40%", xs: []apprenticeship.Assessment{
			assessPart1("2026-03-10", "20"), assessPart1("2026-09-10", "40"), assessX(apprenticeship.FinalExamPart2, "2027-06-20", true)}},
		// 45% is above the 40% maximum.
		{name: "split final, part 1 at 45%", xs: []apprenticeship.Assessment{
			assessPart1("2026-03-10", "45"), assessX(apprenticeship.FinalExamPart2, "2027-06-20", true)},
			field: "assessments[0].weight", rule: true},
		{name: "split final, part 1 at 19.99%", xs: []apprenticeship.Assessment{assessPart1("2026-03-10", "19.99")},
			field: "assessments[0].weight", rule: true},
		{name: "part 2 without part 1", xs: []apprenticeship.Assessment{interim, assessX(apprenticeship.FinalExamPart2, "2027-06-20", true)},
			field: "assessments[1].kind", rule: true},
		{name: "final and split final mixed", xs: []apprenticeship.Assessment{
			interim, assessPart1("2026-09-10", "30"), assessX(apprenticeship.FinalExam, "2027-06-20", true)},
			field: "assessments[2].kind"},
		{name: "invalid record", xs: []apprenticeship.Assessment{interim, {Kind: apprenticeship.FinalExam, Date: logD("2027-06-20")}},
			field: "assessments[1].assessor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := assessRules()
			rules.InterimMustPass = tt.must
			err := apprenticeship.ValidateAssessments(rules, tt.xs)
			if tt.field == "" {
				require.NoError(t, err)
				if tt.reorder {
					rev := slices.Clone(tt.xs)
					slices.Reverse(rev)
					require.NoError(t, apprenticeship.ValidateAssessments(rules, rev))
				}
				return
			}
			fe := logRequireField(t, err, tt.field)
			if tt.rule {
				assert.NotEmpty(t, fe.Rule)
				assert.Contains(t, err.Error(), fe.Rule)
			}
		})
	}

	bad := assessRules()
	bad.Part1MaxWeight = decimal.Zero
	logRequireField(t, apprenticeship.ValidateAssessments(bad, nil), "rules.part1MaxWeight")
}

func TestComplete(t *testing.T) {
	p := logProgram()
	xs := []apprenticeship.Assessment{
		assessX(apprenticeship.FinalExam, "2027-12-10", true), // the retake, given out of order
		assessX(apprenticeship.InterimExam, "2026-03-10", true),
		assessX(apprenticeship.FinalExam, "2027-06-20", false),
	}
	xs[0].Score = decimal.NewNullDecimal(logDec("81.5"))
	for _, tt := range []struct {
		kind apprenticeship.AgreementKind
		want certificate.HolderKind
	}{
		{apprenticeship.Tripartite, certificate.Student},
		{apprenticeship.NewType, certificate.Employee},
		{apprenticeship.Dual, certificate.Employee},
	} {
		t.Run(tt.kind.String(), func(t *testing.T) {
			c, err := apprenticeship.Complete(assessRules(), assessAgreement(tt.kind), p, xs, assessIssuer(), "X-2027-0001", logD("2027-12-31"))
			require.NoError(t, err)
			assert.Equal(t, "X-2027-0001", c.Number)
			assert.Equal(t, certificate.Holder{ID: "S2024001", Name: "王小明", Kind: tt.want}, c.Holder)
			assert.Equal(t, certificate.Occupation{Code: "X-IR-OM", Name: "工业机器人操作与运维"}, c.Occupation)
			assert.Equal(t, certificate.XIntermediate, c.Level)
			assert.Equal(t, assessIssuer(), c.Issuer)
			assert.Equal(t, logD("2027-12-10"), c.Issued, "issued on the day of the passed retake")
			assert.True(t, c.Expires.IsZero())
			assert.Equal(t, certificate.Exam, c.Channel)
			assert.Equal(t, []certificate.Evidence{
				{Name: "interim exam 2026-03-10", Description: "passed; assessor 考核委员会"},
				{Name: "final exam 2027-06-20", Description: "failed; assessor 考核委员会"},
				{Name: "final exam 2027-12-10", Description: "passed; score 81.5; assessor 考核委员会"},
			}, c.Evidence)
			require.NoError(t, c.Validate())
		})
	}

	t.Run("split final", func(t *testing.T) {
		c, err := apprenticeship.Complete(assessRules(), assessAgreement(apprenticeship.Tripartite), p, []apprenticeship.Assessment{
			assessPart1("2026-03-10", "30"), assessX(apprenticeship.FinalExamPart2, "2027-06-20", true),
		}, assessIssuer("X-IR-OM"), "X-2027-0002", logD("2027-06-20"))
		require.NoError(t, err)
		assert.Equal(t, logD("2027-06-20"), c.Issued)
		require.Len(t, c.Evidence, 2)
		assert.Equal(t, "passed; weight 30%; assessor 考核委员会", c.Evidence[0].Description)
	})
}

func TestCompleteNotYet(t *testing.T) {
	p := logProgram()
	interim := assessX(apprenticeship.InterimExam, "2026-03-10", true)
	tests := []struct {
		name   string
		xs     []apprenticeship.Assessment
		asOf   string
		reason string
	}{
		{"nothing taken", nil, "2027-06-30", "no final exam taken as of 2027-06-30"},
		{"only the interim exam", []apprenticeship.Assessment{interim}, "2027-06-30", "no final exam taken as of 2027-06-30"},
		{"final failed", []apprenticeship.Assessment{interim, assessX(apprenticeship.FinalExam, "2027-06-20", false)}, "2027-06-30",
			"the last final exam, on 2027-06-20, was failed; no final exam passed as of 2027-06-30"},
		{"only part 1", []apprenticeship.Assessment{assessPart1("2026-03-10", "30")}, "2027-06-30",
			"only part 1 of the split final exam taken (on 2026-03-10) as of 2027-06-30"},
		// The pass of 2027-06-20 lies after asOf and does not count yet.
		{"passed after asOf", []apprenticeship.Assessment{interim, assessX(apprenticeship.FinalExam, "2027-06-20", true)}, "2027-06-19",
			"no final exam taken as of 2027-06-19"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := apprenticeship.Complete(assessRules(), assessAgreement(apprenticeship.Dual), p, tt.xs, assessIssuer(), "X-1", logD(tt.asOf))
			assert.Zero(t, c.Number)
			var fe *apprenticeship.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, "assessments", fe.Field)
			assert.ErrorIs(t, err, apprenticeship.ErrTransition)
			assert.Equal(t, tt.reason, fe.Reason)
		})
	}
}

func TestCompleteErrors(t *testing.T) {
	passed := []apprenticeship.Assessment{
		assessX(apprenticeship.InterimExam, "2026-03-10", true),
		assessX(apprenticeship.FinalExam, "2027-06-20", true),
	}
	tests := []struct {
		name    string
		edit    func(*apprenticeship.Agreement, *apprenticeship.Program)
		xs      []apprenticeship.Assessment
		issuer  certificate.Issuer
		number  string
		asOf    string
		field   string
		outside bool // the error is certificate.ErrOutOfScope
	}{
		{name: "issuer out of scope", xs: passed, issuer: assessIssuer("X-OTHER"), number: "X-1", asOf: "2027-06-30",
			field: "certificate.occupation.code", outside: true},
		{name: "no certificate number", xs: passed, issuer: assessIssuer(), number: "", asOf: "2027-06-30", field: "certificate.number"},
		{name: "invalid program", edit: func(_ *apprenticeship.Agreement, p *apprenticeship.Program) { p.Months = 0 },
			xs: passed, issuer: assessIssuer(), number: "X-1", asOf: "2027-06-30", field: "program.months"},
		{name: "agreement of another program", edit: func(a *apprenticeship.Agreement, _ *apprenticeship.Program) { a.Program = "OTHER" },
			xs: passed, issuer: assessIssuer(), number: "X-1", asOf: "2027-06-30", field: "agreement.program"},
		{name: "target the program does not prepare for", edit: func(a *apprenticeship.Agreement, _ *apprenticeship.Program) { a.Target = certificate.XSenior },
			xs: passed, issuer: assessIssuer(), number: "X-1", asOf: "2027-06-30", field: "agreement.target"},
		{name: "no agreement kind", edit: func(a *apprenticeship.Agreement, _ *apprenticeship.Program) { a.Kind = 0 },
			xs: passed, issuer: assessIssuer(), number: "X-1", asOf: "2027-06-30", field: "agreement.kind"},
		{name: "no start", edit: func(a *apprenticeship.Agreement, _ *apprenticeship.Program) { a.Start = apprenticeship.Date{} },
			xs: passed, issuer: assessIssuer(), number: "X-1", asOf: "2027-06-30", field: "agreement.start"},
		{name: "no asOf", xs: passed, issuer: assessIssuer(), number: "X-1", asOf: "", field: "asOf"},
		{name: "assessment before the start", xs: append([]apprenticeship.Assessment{assessX(apprenticeship.InterimExam, "2024-08-31", true)}, passed...),
			issuer: assessIssuer(), number: "X-1", asOf: "2027-06-30", field: "assessments[0].date"},
		// The caller's index is kept although the record of 2028 is left out
		// as after asOf.
		{name: "interim missing", xs: []apprenticeship.Assessment{assessX(apprenticeship.InterimExam, "2028-01-10", true),
			assessX(apprenticeship.FinalExam, "2027-06-20", true)}, issuer: assessIssuer(), number: "X-1", asOf: "2027-06-30",
			field: "assessments[1].kind"},
		{name: "part 1 at 45%", xs: []apprenticeship.Assessment{assessPart1("2026-03-10", "45"), assessX(apprenticeship.FinalExamPart2, "2027-06-20", true)},
			issuer: assessIssuer(), number: "X-1", asOf: "2027-06-30", field: "assessments[0].weight"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, p := assessAgreement(apprenticeship.Dual), logProgram()
			if tt.edit != nil {
				tt.edit(&a, &p)
			}
			var asOf apprenticeship.Date
			if tt.asOf != "" {
				asOf = logD(tt.asOf)
			}
			c, err := apprenticeship.Complete(assessRules(), a, p, tt.xs, tt.issuer, tt.number, asOf)
			assert.Zero(t, c.Number)
			var fe *apprenticeship.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			assert.Contains(t, err.Error(), tt.field)
			assert.Equal(t, tt.outside, errors.Is(err, certificate.ErrOutOfScope))
			assert.ErrorIs(t, err, apprenticeship.ErrInvalid)
			if strings.HasPrefix(tt.field, "certificate.") {
				var cfe *certificate.FieldError
				require.ErrorAs(t, err, &cfe, "the certificate's own error is kept")
			}
		})
	}
}

func TestAssessmentJSON(t *testing.T) {
	xs := []apprenticeship.Assessment{assessPart1("2026-03-10", "30"), assessX(apprenticeship.FinalExamPart2, "2027-06-20", true)}
	xs[1].Score = decimal.NewNullDecimal(logDec("81.5"))
	b, err := json.Marshal(xs)
	require.NoError(t, err)
	assert.JSONEq(t, `[{"kind":"final-part-1","date":"2026-03-10","passed":true,"weight":"30","assessor":"考核委员会"},
		{"kind":"final-part-2","date":"2027-06-20","passed":true,"score":"81.5","assessor":"考核委员会"}]`, string(b))
	var back []apprenticeship.Assessment
	require.NoError(t, json.Unmarshal(b, &back))
	require.Len(t, back, 2)
	for i := range xs {
		assert.Equal(t, xs[i].Kind, back[i].Kind)
		assert.Equal(t, xs[i].Date, back[i].Date)
		assert.Equal(t, xs[i].Passed, back[i].Passed)
		assert.Equal(t, xs[i].Assessor, back[i].Assessor)
		assert.True(t, xs[i].Weight.Equal(back[i].Weight))
		assert.Equal(t, xs[i].Score.Valid, back[i].Score.Valid)
		assert.True(t, xs[i].Score.Decimal.Equal(back[i].Score.Decimal))
	}
	assert.Error(t, json.Unmarshal([]byte(`{"kind":"midterm"}`), &back[0]))

	rules := assessRules()
	rules.InterimMustPass = true
	b, err = json.Marshal(rules)
	require.NoError(t, err)
	assert.JSONEq(t, `{"part1MinWeight":"20","part1MaxWeight":"40","interimMustPass":true,
		"source":"dual system: part 1 of a split final exam weighs 20–40%"}`, string(b))
	var r apprenticeship.AssessmentRules
	require.NoError(t, json.Unmarshal(b, &r))
	assert.True(t, r.Part1MinWeight.Equal(rules.Part1MinWeight) && r.Part1MaxWeight.Equal(rules.Part1MaxWeight))
	assert.Equal(t, rules.InterimMustPass, r.InterimMustPass)
	assert.Equal(t, rules.Source, r.Source)
}

func TestAssessmentKindCodes(t *testing.T) {
	for i, code := range []string{"interim", "final", "final-part-1", "final-part-2"} {
		k := apprenticeship.AssessmentKind(i + 1)
		assert.True(t, k.IsValid())
		assert.Equal(t, code, k.String())
		var back apprenticeship.AssessmentKind
		require.NoError(t, back.UnmarshalText([]byte(code)))
		assert.Equal(t, k, back)
	}
	_, err := apprenticeship.AssessmentKind(0).MarshalText()
	assert.ErrorIs(t, err, apprenticeship.ErrInvalid)
}

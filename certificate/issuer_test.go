package certificate_test

import (
	"encoding/json"
	"errors"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dualtrack/dualtrack/certificate"
)

// The dates in these tests are arbitrary fixtures; what matters is their
// order, which each test spells out.

// coreScope is an enterprise self-evaluation authorisation of the kind the
// Shandong rules (鲁人社发〔2019〕14号) describe: occupations, a highest level
// and a validity period. The occupation codes are made-up fixtures.
func coreScope() *certificate.Scope {
	return &certificate.Scope{
		Occupations: []string{"6-18-01-01", "6-20-03-02"},
		Highest:     certificate.NationalGrade3,
		Valid:       coreMustPeriod("2023-01-01", "2025-12-31"),
	}
}

func coreMustPeriod(start, end string) certificate.Period {
	p, err := certificate.NewPeriod(certificate.MustParseDate(start), certificate.MustParseDate(end))
	if err != nil {
		panic(err)
	}
	return p
}

func coreEnterprise() certificate.Issuer {
	return certificate.Issuer{
		ID:    "91370211MA3C000000",
		Name:  "青岛某机械有限公司",
		Kind:  certificate.SelfEvaluatingEnterprise,
		Scope: coreScope(),
	}
}

func coreEvaluationOrg() certificate.Issuer {
	return certificate.Issuer{
		ID:   "https://example.org/evaluation",
		Name: "某培训评价组织",
		Kind: certificate.EvaluationOrganisation,
	}
}

// coreRequireFieldErr checks that err is a *FieldError for the JSON path
// field, matching the sentinel kind.
func coreRequireFieldErr(t *testing.T, err error, field string, kind error) *certificate.FieldError {
	t.Helper()
	require.Error(t, err)
	var fe *certificate.FieldError
	require.ErrorAs(t, err, &fe, "error %v", err)
	assert.Equal(t, field, fe.Field, "error %v", err)
	assert.ErrorIs(t, err, kind)
	assert.Contains(t, err.Error(), field)
	if fe.Value != "" && len(fe.Value) <= 64 {
		assert.Contains(t, err.Error(), strconv.Quote(fe.Value), "the message quotes the bad value")
	}
	return fe
}

func TestIssuerKindText(t *testing.T) {
	tests := []struct {
		kind certificate.IssuerKind
		code string
	}{
		{certificate.EvaluationOrganisation, "evaluation-organisation"},
		{certificate.SelfEvaluatingEnterprise, "self-evaluating-enterprise"},
		{certificate.CompetitionOrganiser, "competition-organiser"},
		{certificate.AppraisalBody, "appraisal-body"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			assert.True(t, tt.kind.IsValid())
			assert.Equal(t, tt.code, tt.kind.String())
			b, err := tt.kind.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, tt.code, string(b))
			var k certificate.IssuerKind
			require.NoError(t, k.UnmarshalText(b))
			assert.Equal(t, tt.kind, k)
		})
	}
	for _, bad := range []certificate.IssuerKind{0, 5} {
		assert.False(t, bad.IsValid())
		_, err := bad.MarshalText()
		require.ErrorIs(t, err, certificate.ErrInvalid)
	}
	var k certificate.IssuerKind
	err := k.UnmarshalText([]byte("Appraisal-Body"))
	require.ErrorIs(t, err, certificate.ErrInvalid)
	assert.Contains(t, err.Error(), "Appraisal-Body")
}

func TestIssuerValidate(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(*certificate.Issuer)
		field  string // "" for a valid issuer
		reason string
	}{
		{"valid enterprise", func(*certificate.Issuer) {}, "", ""},
		{"valid evaluation organisation without scope", func(i *certificate.Issuer) { *i = coreEvaluationOrg() }, "", ""},
		{"valid evaluation organisation with 1+X scope", func(i *certificate.Issuer) {
			*i = coreEvaluationOrg()
			i.Scope = coreScope()
			i.Scope.Highest = certificate.XSenior
		}, "", ""},
		{"competition organiser without scope", func(i *certificate.Issuer) {
			i.Kind, i.Scope = certificate.CompetitionOrganiser, nil
		}, "", ""},
		{"appraisal body with eight-level scope", func(i *certificate.Issuer) {
			i.Kind = certificate.AppraisalBody
			i.Scope.Highest = certificate.Technician
		}, "", ""},
		{"no id", func(i *certificate.Issuer) { i.ID = "" }, "id", "id"},
		{"blank id", func(i *certificate.Issuer) { i.ID = " \t" }, "id", "id"},
		{"no name", func(i *certificate.Issuer) { i.Name = "" }, "name", "name"},
		{"no kind", func(i *certificate.Issuer) { i.Kind = 0 }, "kind", "issuer kind"},
		{"unknown kind", func(i *certificate.Issuer) { i.Kind = 9 }, "kind", "issuer kind"},
		{"self-evaluating enterprise without scope", func(i *certificate.Issuer) { i.Scope = nil }, "scope", "scope"},
		{"scope with no occupations", func(i *certificate.Issuer) { i.Scope.Occupations = nil }, "scope.occupations", "occupation"},
		{"scope with empty occupation list", func(i *certificate.Issuer) { i.Scope.Occupations = []string{} }, "scope.occupations", "occupation"},
		{"scope with a blank occupation", func(i *certificate.Issuer) {
			i.Scope.Occupations = []string{"6-18-01-01", " "}
		}, "scope.occupations[1]", "empty"},
		{"scope without highest level", func(i *certificate.Issuer) { i.Scope.Highest = 0 }, "scope.highest", "level"},
		{"scope without validity", func(i *certificate.Issuer) { i.Scope.Valid = certificate.Period{} }, "scope.valid", "validity"},
		{"evaluation organisation with national scope", func(i *certificate.Issuer) {
			i.Kind = certificate.EvaluationOrganisation
		}, "scope.highest", "1+X"},
		// Fixed in issuer.go: an enterprise scope on the 1+X ladder used to
		// pass Validate although MayIssue refuses every 1+X level to it.
		{"enterprise with 1+X scope", func(i *certificate.Issuer) {
			i.Scope.Highest = certificate.XSenior
		}, "scope.highest", "1+X"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			iss := coreEnterprise()
			tt.edit(&iss)
			err := iss.Validate()
			if tt.field == "" {
				require.NoError(t, err)
				return
			}
			fe := coreRequireFieldErr(t, err, tt.field, certificate.ErrInvalid)
			assert.Contains(t, fe.Reason, tt.reason)
		})
	}
}

func TestScopeValidate(t *testing.T) {
	// Scope.Validate on its own reports paths relative to the scope.
	s := coreScope()
	require.NoError(t, s.Validate())
	s.Occupations = nil
	coreRequireFieldErr(t, s.Validate(), "occupations", certificate.ErrInvalid)
}

func TestIssuerMayIssue(t *testing.T) {
	// The enterprise's scope: occupations 6-18-01-01 and 6-20-03-02, up to
	// NationalGrade3, valid 2023-01-01 to 2025-12-31 inclusive.
	in := certificate.MustParseDate("2024-06-15")
	tests := []struct {
		name       string
		issuer     certificate.Issuer
		occupation string
		level      certificate.Level
		on         string
		field      string // "" when allowed
		kind       error
	}{
		{"inside", coreEnterprise(), "6-18-01-01", certificate.NationalGrade4, in.String(), "", nil},
		{"at the highest level", coreEnterprise(), "6-20-03-02", certificate.NationalGrade3, in.String(), "", nil},
		{"lowest level", coreEnterprise(), "6-20-03-02", certificate.NationalGrade5, in.String(), "", nil},
		{"first day of validity", coreEnterprise(), "6-18-01-01", certificate.NationalGrade3, "2023-01-01", "", nil},
		{"last day of validity", coreEnterprise(), "6-18-01-01", certificate.NationalGrade3, "2025-12-31", "", nil},
		{"outside occupation", coreEnterprise(), "6-99-99-99", certificate.NationalGrade4, in.String(), "occupation", certificate.ErrOutOfScope},
		{"occupation with a trailing space", coreEnterprise(), "6-18-01-01 ", certificate.NationalGrade4, in.String(), "occupation", certificate.ErrOutOfScope},
		{"above highest", coreEnterprise(), "6-18-01-01", certificate.NationalGrade2, in.String(), "level", certificate.ErrOutOfScope},
		{"far above highest", coreEnterprise(), "6-18-01-01", certificate.NationalGrade1, in.String(), "level", certificate.ErrOutOfScope},
		{"other national ladder", coreEnterprise(), "6-18-01-01", certificate.JuniorWorker, in.String(), "level", certificate.ErrOutOfScope},
		{"1+X level by an enterprise", coreEnterprise(), "6-18-01-01", certificate.XJunior, in.String(), "level", certificate.ErrOutOfScope},
		{"day before validity", coreEnterprise(), "6-18-01-01", certificate.NationalGrade4, "2022-12-31", "issued", certificate.ErrOutOfScope},
		{"day after validity", coreEnterprise(), "6-18-01-01", certificate.NationalGrade4, "2026-01-01", "issued", certificate.ErrOutOfScope},
		{"evaluation organisation, 1+X", coreEvaluationOrg(), "X-0001", certificate.XSenior, in.String(), "", nil},
		{"evaluation organisation, national level", coreEvaluationOrg(), "X-0001", certificate.NationalGrade3, in.String(), "level", certificate.ErrOutOfScope},
		{"evaluation organisation, eight-level", coreEvaluationOrg(), "X-0001", certificate.Technician, in.String(), "level", certificate.ErrOutOfScope},
		{"appraisal body without scope, national", certificate.Issuer{ID: "a", Name: "b", Kind: certificate.AppraisalBody},
			"6-18-01-01", certificate.NationalGrade1, in.String(), "", nil},
		{"competition organiser, eight-level", certificate.Issuer{ID: "a", Name: "b", Kind: certificate.CompetitionOrganiser},
			"6-18-01-01", certificate.ChiefTechnician, in.String(), "", nil},
		{"competition organiser, 1+X", certificate.Issuer{ID: "a", Name: "b", Kind: certificate.CompetitionOrganiser},
			"6-18-01-01", certificate.XSenior, in.String(), "level", certificate.ErrOutOfScope},
		// Fixed in issuer.go: without a scope, MayIssue used to let a
		// self-evaluating enterprise issue any national level.
		{"self-evaluating enterprise without scope", certificate.Issuer{ID: "a", Name: "b", Kind: certificate.SelfEvaluatingEnterprise},
			"6-18-01-01", certificate.NationalGrade4, in.String(), "scope", certificate.ErrOutOfScope},
		// Fixed in issuer.go: an issuer of no kind used to pass as a
		// non-evaluation issuer.
		{"no kind", certificate.Issuer{ID: "a", Name: "b"}, "6-18-01-01", certificate.NationalGrade4, in.String(), "kind", certificate.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.issuer.MayIssue(tt.occupation, tt.level, certificate.MustParseDate(tt.on))
			if tt.field == "" {
				require.NoError(t, err)
				return
			}
			coreRequireFieldErr(t, err, tt.field, tt.kind)
			if tt.kind == certificate.ErrOutOfScope {
				assert.NotErrorIs(t, err, certificate.ErrInvalid, "out of scope is not malformed input")
			}
		})
	}
	t.Run("invalid level", func(t *testing.T) {
		err := coreEnterprise().MayIssue("6-18-01-01", 0x14, in)
		require.ErrorIs(t, err, certificate.ErrInvalidLevel)
	})
}

func TestIssuerJSON(t *testing.T) {
	tests := []struct {
		name   string
		issuer certificate.Issuer
		json   string
	}{
		{"with scope", coreEnterprise(), `{"id":"91370211MA3C000000","name":"青岛某机械有限公司","kind":"self-evaluating-enterprise",
			"scope":{"occupations":["6-18-01-01","6-20-03-02"],"highest":"national-3","valid":"2023-01-01/2025-12-31"}}`},
		{"without scope", coreEvaluationOrg(), `{"id":"https://example.org/evaluation","name":"某培训评价组织","kind":"evaluation-organisation"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.issuer)
			require.NoError(t, err)
			assert.JSONEq(t, tt.json, string(b))
			var back certificate.Issuer
			require.NoError(t, json.Unmarshal(b, &back))
			assert.Equal(t, tt.issuer, back)
		})
	}
	t.Run("unknown kind", func(t *testing.T) {
		var back certificate.Issuer
		err := json.Unmarshal([]byte(`{"id":"a","name":"b","kind":"ministry"}`), &back)
		require.Error(t, err)
		assert.True(t, errors.Is(err, certificate.ErrInvalid))
		assert.Contains(t, err.Error(), "ministry")
	})
}

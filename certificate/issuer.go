package certificate

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// IssuerKind says what kind of body issues a certificate.
type IssuerKind uint8

// The kinds of issuer. The zero IssuerKind is not a kind.
const (
	// EvaluationOrganisation is a training and evaluation organisation
	// (培训评价组织): it writes the standard of a 1+X certificate and issues it.
	// It issues levels of the OnePlusX ladder only.
	EvaluationOrganisation IssuerKind = iota + 1
	// SelfEvaluatingEnterprise is an enterprise authorised to evaluate and
	// certify its own staff (企业技能人才自主评价, "whoever uses, evaluates,
	// certifies and is responsible"), within a Scope it must have.
	SelfEvaluatingEnterprise
	// CompetitionOrganiser runs a labour or skill competition (劳动和技能竞赛)
	// whose winners are promoted a level.
	CompetitionOrganiser
	// AppraisalBody is a government vocational skill appraisal body
	// (职业技能鉴定机构).
	AppraisalBody
)

var issuerKinds = codes[IssuerKind]{"issuer kind", []string{"", "evaluation-organisation", "self-evaluating-enterprise", "competition-organiser", "appraisal-body"}}

// IsValid reports whether k is one of the kinds.
func (k IssuerKind) IsValid() bool { return issuerKinds.valid(k) }

// String returns the stable code of k, such as "self-evaluating-enterprise".
func (k IssuerKind) String() string { return issuerKinds.String(k) }

// MarshalText implements encoding.TextMarshaler with the stable code.
func (k IssuerKind) MarshalText() ([]byte, error) { return issuerKinds.marshal(k) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown codes are errors.
func (k *IssuerKind) UnmarshalText(b []byte) (err error) {
	*k, err = issuerKinds.parse(string(b))
	return err
}

// Scope is what an issuer is authorised to certify: a set of occupations, up
// to a highest level, during a validity period. Shandong's rules on
// enterprise self-evaluation (鲁人社发〔2019〕14号) grant enterprises such a
// scope.
type Scope struct {
	// Occupations are the occupation codes the issuer may certify.
	Occupations []string `json:"occupations"`
	// Highest is the highest level it may award; lower levels of the same
	// ladder are included.
	Highest Level `json:"highest"`
	// Valid is the period during which the authorisation holds.
	Valid Period `json:"valid"`
}

// Validate checks that the scope names at least one occupation, a valid
// highest level and a validity period.
func (s Scope) Validate() error {
	if len(s.Occupations) == 0 {
		return fieldErr("occupations", "", "an authorisation needs at least one occupation")
	}
	for i, o := range s.Occupations {
		if strings.TrimSpace(o) == "" {
			return fieldErr(fmt.Sprintf("occupations[%d]", i), o, "empty occupation code")
		}
	}
	if !s.Highest.IsValid() {
		return fieldErr("highest", s.Highest.String(), "not a valid level")
	}
	if s.Valid.IsZero() {
		return fieldErr("valid", "", "an authorisation needs a validity period")
	}
	return nil
}

// Permits reports (as a nil error) whether the scope covers certifying the
// occupation at the level on the date. Otherwise the error matches
// ErrOutOfScope and names what is outside.
func (s Scope) Permits(occupation string, level Level, on Date) error {
	if !slices.Contains(s.Occupations, occupation) {
		return &FieldError{Field: "occupation", Value: occupation, Reason: "occupation not in the authorised scope", Err: ErrOutOfScope}
	}
	if level.Ladder() != s.Highest.Ladder() {
		return &FieldError{Field: "level", Value: level.String(),
			Reason: fmt.Sprintf("level is not on the ladder of the authorised highest level %s", s.Highest), Err: ErrOutOfScope}
	}
	if !s.Highest.AtLeast(level) {
		return &FieldError{Field: "level", Value: level.String(),
			Reason: fmt.Sprintf("level above the authorised highest level %s", s.Highest), Err: ErrOutOfScope}
	}
	if !s.Valid.Contains(on) {
		return &FieldError{Field: "issued", Value: on.String(),
			Reason: fmt.Sprintf("date outside the authorisation period %s", s.Valid), Err: ErrOutOfScope}
	}
	return nil
}

// Issuer is a body that issues certificates.
type Issuer struct {
	// ID identifies the issuer durably: a URL or a unified social credit
	// code (统一社会信用代码). Required.
	ID string `json:"id"`
	// Name is the issuer's name. Required.
	Name string `json:"name"`
	// Kind is the kind of body. Required.
	Kind IssuerKind `json:"kind"`
	// Scope is the issuer's authorisation. It is required for a
	// SelfEvaluatingEnterprise and, when given, enforced for every kind.
	Scope *Scope `json:"scope,omitempty"`
}

// Validate checks the issuer's fields and, where there is one, its scope.
func (i Issuer) Validate() error {
	if err := checkID("id", i.ID, "an issuer needs an id"); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(i.Name) == "":
		return fieldErr("name", i.Name, "an issuer needs a name")
	case !utf8.ValidString(i.Name):
		return fieldErr("name", i.Name, textNotUTF8)
	case !i.Kind.IsValid():
		return fieldErr("kind", i.Kind.String(), "not a valid issuer kind")
	case i.Kind == SelfEvaluatingEnterprise && i.Scope == nil:
		return fieldErr("scope", "", "a self-evaluating enterprise needs an authorised scope")
	}
	if i.Scope != nil {
		if err := i.Scope.Validate(); err != nil {
			return prefix("scope", err)
		}
		if i.Kind == EvaluationOrganisation && i.Scope.Highest.Ladder() != OnePlusX {
			return fieldErr("scope.highest", i.Scope.Highest.String(), "a training and evaluation organisation issues 1+X levels only")
		}
		if i.Kind != EvaluationOrganisation && i.Scope.Highest.Ladder() == OnePlusX {
			return fieldErr("scope.highest", i.Scope.Highest.String(), fmt.Sprintf("a %s cannot issue 1+X levels", i.Kind))
		}
	}
	return nil
}

// MayIssue reports (as a nil error) whether the issuer may certify the
// occupation at the level on the date: a training and evaluation
// organisation only 1+X levels, other issuers only levels of the national
// ladders, and an issuer with a scope only within it; a self-evaluating
// enterprise without a scope may issue nothing. The error matches
// ErrOutOfScope (ErrInvalid for an issuer of no valid kind, ErrInvalidLevel
// for an invalid level).
func (i Issuer) MayIssue(occupation string, level Level, on Date) error {
	if !i.Kind.IsValid() {
		return fieldErr("kind", i.Kind.String(), "not a valid issuer kind")
	}
	if !level.IsValid() {
		return &LevelError{Input: level.String()}
	}
	if (i.Kind == EvaluationOrganisation) != (level.Ladder() == OnePlusX) {
		return &FieldError{Field: "level", Value: level.String(),
			Reason: fmt.Sprintf("a %s cannot issue a level of the %s ladder", i.Kind, level.Ladder()), Err: ErrOutOfScope}
	}
	if i.Scope != nil {
		return i.Scope.Permits(occupation, level, on)
	}
	if i.Kind == SelfEvaluatingEnterprise {
		return &FieldError{Field: "scope", Reason: "a self-evaluating enterprise without an authorised scope may issue nothing", Err: ErrOutOfScope}
	}
	return nil
}

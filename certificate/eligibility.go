package certificate

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/civil"
)

// RequirementKind is the kind of condition a Requirement sets.
type RequirementKind uint8

// The kinds of requirement. The zero RequirementKind is not a kind.
const (
	// RequireLevel: holds a certificate, valid on the as-of day, of at least
	// Level (on Level's ladder) for an occupation.
	RequireLevel RequirementKind = iota + 1
	// RequireWork: at least Months whole months of work in an occupation
	// before the as-of day.
	RequireWork
	// RequireStudent: is a student (在校生).
	RequireStudent
	// RequireNotStudent: is not a student.
	RequireNotStudent
	// RequireAge: is at least Years old on the as-of day.
	RequireAge
)

var requirementKinds = codes[RequirementKind]{"requirement kind",
	[]string{"", "level", "work", "student", "not-student", "age"}}

// IsValid reports whether k is one of the kinds.
func (k RequirementKind) IsValid() bool { return requirementKinds.valid(k) }

// String returns the stable code of k: "level", "work", "student",
// "not-student" or "age".
func (k RequirementKind) String() string { return requirementKinds.String(k) }

// MarshalText implements encoding.TextMarshaler with the stable code.
func (k RequirementKind) MarshalText() ([]byte, error) { return requirementKinds.marshal(k) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown codes are errors.
func (k *RequirementKind) UnmarshalText(b []byte) (err error) {
	*k, err = requirementKinds.parse(string(b))
	return err
}

// Limits on requirement values, far above any real rule, so that a typo
// (months for years, an extra digit) is caught at load time.
const (
	eligMaxMonths = 100 * 12
	eligMaxYears  = 100
)

// Requirement is one condition for sitting a level. Kind says which fields
// it uses; the others must be left zero:
//
//   - RequireLevel uses Level and Occupation;
//   - RequireWork uses Months and Occupation;
//   - RequireStudent and RequireNotStudent use nothing else;
//   - RequireAge uses Years.
//
// An empty Occupation means the occupation being sat.
type Requirement struct {
	Kind       RequirementKind `json:"kind"`
	Level      Level           `json:"level,omitzero"`
	Occupation string          `json:"occupation,omitempty"`
	Months     int             `json:"months,omitzero"`
	Years      int             `json:"years,omitzero"`
}

// Validate checks that the requirement has a valid kind, the fields its kind
// needs, and no others: a level for RequireLevel, 1 to 1200 months for
// RequireWork, 1 to 100 years for RequireAge. Field paths are relative to
// the requirement ("months").
func (q Requirement) Validate() error {
	if !q.Kind.IsValid() {
		return fieldErr("kind", q.Kind.String(), "not a valid requirement kind")
	}
	uses := func(field string) bool {
		switch q.Kind {
		case RequireLevel:
			return field == "level" || field == "occupation"
		case RequireWork:
			return field == "months" || field == "occupation"
		case RequireAge:
			return field == "years"
		}
		return false
	}
	for _, f := range []struct {
		name, value string
		set         bool
	}{
		{"level", q.Level.String(), q.Level != 0},
		{"occupation", q.Occupation, q.Occupation != ""},
		{"months", strconv.Itoa(q.Months), q.Months != 0},
		{"years", strconv.Itoa(q.Years), q.Years != 0},
	} {
		if f.set && !uses(f.name) {
			return fieldErr(f.name, f.value, fmt.Sprintf("not used by a requirement of kind %s", q.Kind))
		}
	}
	if q.Occupation != "" && strings.TrimSpace(q.Occupation) == "" {
		return fieldErr("occupation", q.Occupation, "blank occupation code (leave it empty for the occupation being sat)")
	}
	switch q.Kind {
	case RequireLevel:
		if !q.Level.IsValid() {
			return &FieldError{Field: "level", Value: q.Level.String(), Reason: "not a valid level", Err: promoInvalid(ErrInvalidLevel)}
		}
	case RequireWork:
		if q.Months < 1 || q.Months > eligMaxMonths {
			return fieldErr("months", strconv.Itoa(q.Months), fmt.Sprintf("must be from 1 to %d", eligMaxMonths))
		}
	case RequireAge:
		if q.Years < 1 || q.Years > eligMaxYears {
			return fieldErr("years", strconv.Itoa(q.Years), fmt.Sprintf("must be from 1 to %d", eligMaxYears))
		}
	}
	return nil
}

// String describes the requirement for people, such as "holds
// 1x-intermediate or above in the occupation being sat" or "36 months of
// work in 6-18-01-01".
func (q Requirement) String() string {
	occ := "the occupation being sat"
	if q.Occupation != "" {
		occ = q.Occupation
	}
	switch q.Kind {
	case RequireLevel:
		return fmt.Sprintf("holds %s or above in %s", q.Level, occ)
	case RequireWork:
		return fmt.Sprintf("%d months of work in %s", q.Months, occ)
	case RequireStudent:
		return "is a student"
	case RequireNotStudent:
		return "is not a student"
	case RequireAge:
		return fmt.Sprintf("is at least %d years old", q.Years)
	}
	return q.Kind.String()
}

// Prerequisites say who may sit a level (报考条件): a list of alternatives,
// each a list of requirements that must all be met. A candidate is eligible
// if any alternative is met in full; no alternatives at all means no
// prerequisites. National standards often read "A, or B and C": that is two
// alternatives, {A} and {B, C}.
//
// One published 1+X guide, for example, asks one year of related work for
// intermediate (one alternative: work, 12 months) and the intermediate
// certificate plus three years for senior (one alternative: level
// 1x-intermediate, and work, 36 months).
//
// # Counting work
//
// Work counts in whole months, in the occupation the requirement names (by
// exact code), or the occupation being sat if it names none. Work periods of that occupation are merged where they overlap
// or touch, so that two jobs held at once are not counted twice and a job
// change from one day to the next loses nothing; each merged stretch then
// counts civil.MonthsBetween of its first day and the day after its last, and
// the stretches are added up. Only days before the as-of day count: the as-of
// day is the day of the check, and experience is what was completed before
// it. So work from 2021-03-01 that is still going on gives 35 whole months as
// of 2024-02-29 (2021-03-01 plus 36 months is 2024-03-01, after 2024-02-29)
// and 36 as of 2024-03-01, the third anniversary; a job from 2023-01-01 to
// 2023-12-31 gives 12. Part months of separate stretches are dropped, not
// added up: this under-counts rather than over-counts.
//
// # Other conditions
//
// A certificate counts for RequireLevel only if it is valid on the as-of day
// (not suspended, expired, revoked or not yet issued) and its level is at
// least the required one on the same ladder; a certificate on another ladder
// never counts (no mapping is applied). Student status is the candidate's
// Holder.Kind, which the caller sets as it stands on the as-of day. Age is
// counted in whole years with civil.MonthsBetween from the birth date, so
// it grows on the birthday (and, for a birthday on 29 February, on 28
// February in common years).
type Prerequisites struct {
	// Target is the level these prerequisites are for.
	Target Level `json:"target"`
	// Occupation is the occupation code they are for; empty means they
	// apply to any occupation (a general rule such as a 1+X guide's).
	Occupation string `json:"occupation,omitempty"`
	// AnyOf lists the alternatives; each must be non-empty.
	AnyOf [][]Requirement `json:"anyOf,omitempty"`
}

// Validate checks that the target is a valid level, that a given occupation
// is not blank, that every alternative has at least one requirement and
// every requirement is valid, and that no alternative asks for the target
// level itself (or above, on the same ladder) in the occupation being sat.
// Errors are *FieldError values whose Field is a JSON path such as
// "anyOf[1][0].months".
func (p Prerequisites) Validate() error {
	if !p.Target.IsValid() {
		return &FieldError{Field: "target", Value: p.Target.String(), Reason: "not a valid level", Err: promoInvalid(ErrInvalidLevel)}
	}
	if p.Occupation != "" && strings.TrimSpace(p.Occupation) == "" {
		return fieldErr("occupation", p.Occupation, "blank occupation code (leave it empty for any occupation)")
	}
	for i, alt := range p.AnyOf {
		if len(alt) == 0 {
			return fieldErr(fmt.Sprintf("anyOf[%d]", i), "", "an alternative needs at least one requirement")
		}
		for j, q := range alt {
			path := fmt.Sprintf("anyOf[%d][%d]", i, j)
			if err := q.Validate(); err != nil {
				return prefix(path, err)
			}
			same := q.Occupation == "" || q.Occupation == p.Occupation
			if q.Kind == RequireLevel && same && q.Level.AtLeast(p.Target) {
				return fieldErr(path+".level", q.Level.String(),
					fmt.Sprintf("asks for the target level %s or above in the occupation being sat", p.Target))
			}
		}
	}
	return nil
}

// WorkPeriod is a period of work in an occupation. A job still going on may
// end on any day on or after the as-of day of a check: days from the as-of
// day on never count.
type WorkPeriod struct {
	Occupation string `json:"occupation"` // occupation code, compared exactly
	Period     Period `json:"period"`
}

// Candidate is a person who wants to sit a level: who they are, the
// certificates they hold, where they worked, and (for age requirements)
// when they were born.
type Candidate struct {
	// Holder identifies the person; Holder.Kind is their student status on
	// the as-of day of a check.
	Holder Holder `json:"holder"`
	// Born is the birth date; the zero Date means unknown, which fails
	// every age requirement.
	Born Date `json:"born,omitzero"`
	// Certificates are the person's certificates, whatever their status.
	Certificates []Certificate `json:"certificates,omitempty"`
	// Work lists the periods of work, in any order; they may overlap.
	Work []WorkPeriod `json:"work,omitempty"`
}

// Validate checks the holder, that every certificate is valid as a record
// (Certificate.Validate) and belongs to the holder (same id), and that every
// work period has an occupation and a period. Field paths are relative to
// the candidate ("certificates[1].holder.id", "work[0].period").
func (c Candidate) Validate() error {
	if err := c.Holder.Validate(); err != nil {
		return prefix("holder", err)
	}
	for i, cert := range c.Certificates {
		path := fmt.Sprintf("certificates[%d]", i)
		if err := cert.Validate(); err != nil {
			return prefix(path, err)
		}
		if cert.Holder.ID != c.Holder.ID {
			return fieldErr(path+".holder.id", cert.Holder.ID, fmt.Sprintf("certificate of another person than %q", clip(c.Holder.ID)))
		}
	}
	for i, w := range c.Work {
		path := fmt.Sprintf("work[%d]", i)
		if strings.TrimSpace(w.Occupation) == "" {
			return fieldErr(path+".occupation", w.Occupation, "a work period needs an occupation code")
		}
		if w.Period.IsZero() {
			return fieldErr(path+".period", "", "a work period needs a period")
		}
	}
	return nil
}

// Eligibility is the result of Prerequisites.Check: whether the candidate
// may sit the level, and every requirement not met, in every alternative.
type Eligibility struct {
	// Eligible reports whether at least one alternative is met in full (or
	// there are no alternatives).
	Eligible bool `json:"eligible"`
	// Unmet lists each requirement not met, alternative by alternative and
	// in order. When Eligible it lists what the other alternatives miss.
	Unmet []UnmetRequirement `json:"unmet,omitempty"`
}

// UnmetRequirement is a requirement that is not met, in which alternative,
// and why.
type UnmetRequirement struct {
	Alternative int         `json:"alternative"` // index into Prerequisites.AnyOf
	Requirement Requirement `json:"requirement"`
	Reason      string      `json:"reason"` // for people, with the numbers
}

// Check reports whether candidate c may sit p's target level in occupation
// as of the day asOf, with every unmet requirement and its reason (see
// Prerequisites for how each requirement is counted). An empty occupation
// means p.Occupation.
//
// Errors are for bad input, never for an ineligible candidate: p failing
// Validate (Field "prerequisites.…"), c failing Candidate.Validate
// ("candidate.…"), a zero asOf ("asOf"), no occupation given where p has
// none, or an occupation other than p's ("occupation").
func (p Prerequisites) Check(c Candidate, occupation string, asOf Date) (Eligibility, error) {
	if err := p.Validate(); err != nil {
		return Eligibility{}, prefix("prerequisites", err)
	}
	if err := c.Validate(); err != nil {
		return Eligibility{}, prefix("candidate", err)
	}
	if asOf.IsZero() {
		return Eligibility{}, fieldErr("asOf", "", "a check needs an as-of date")
	}
	if occupation == "" {
		occupation = p.Occupation
	}
	switch {
	case strings.TrimSpace(occupation) == "":
		return Eligibility{}, fieldErr("occupation", occupation, "the occupation being sat is needed: the prerequisites apply to any occupation")
	case p.Occupation != "" && occupation != p.Occupation:
		return Eligibility{}, fieldErr("occupation", occupation, fmt.Sprintf("the prerequisites are for occupation %q", p.Occupation))
	}

	e := Eligibility{Eligible: len(p.AnyOf) == 0}
	for i, alt := range p.AnyOf {
		met := true
		for _, q := range alt {
			if reason, ok := q.check(c, occupation, asOf); !ok {
				met = false
				e.Unmet = append(e.Unmet, UnmetRequirement{Alternative: i, Requirement: q, Reason: reason})
			}
		}
		e.Eligible = e.Eligible || met
	}
	return e, nil
}

// check reports whether c meets q in occupation as of asOf, and if not why.
func (q Requirement) check(c Candidate, occupation string, asOf Date) (string, bool) {
	occ := q.Occupation
	if occ == "" {
		occ = occupation
	}
	switch q.Kind {
	case RequireLevel:
		var invalid []string
		for _, cert := range c.Certificates {
			if cert.Occupation.Code != occ || !cert.Level.AtLeast(q.Level) {
				continue
			}
			st := cert.StatusOn(asOf)
			if st.State == Valid {
				return "", true
			}
			invalid = append(invalid, fmt.Sprintf("%s (%s) is %s", cert.Number, cert.Level, st.State))
		}
		if len(invalid) > 0 {
			return fmt.Sprintf("no valid certificate of %s or above in %s on %s: %s",
				q.Level, occ, asOf, strings.Join(invalid, ", ")), false
		}
		return fmt.Sprintf("no certificate of %s or above in %s", q.Level, occ), false
	case RequireWork:
		if n := eligWorkMonths(c.Work, occ, asOf); n < q.Months {
			return fmt.Sprintf("%d whole months of work in %s before %s; needs %d", n, occ, asOf, q.Months), false
		}
	case RequireStudent:
		if c.Holder.Kind != Student {
			return "is an employee, not a student", false // Employee is the only other kind
		}
	case RequireNotStudent:
		if c.Holder.Kind == Student {
			return "is a student", false
		}
	case RequireAge:
		if c.Born.IsZero() {
			return fmt.Sprintf("birth date unknown; needs to be at least %d years old", q.Years), false
		}
		if age := civil.MonthsBetween(c.Born, asOf) / 12; age < q.Years {
			return fmt.Sprintf("is %d years old on %s (born %s); needs %d", max(age, 0), asOf, c.Born, q.Years), false
		}
	}
	return "", true
}

// eligWorkMonths counts the whole months of work in occupation before asOf
// (see Prerequisites): periods are taken as half-open [start, end+1), cut
// at asOf, merged where they overlap or touch, and counted per stretch.
func eligWorkMonths(work []WorkPeriod, occupation string, asOf Date) int {
	type span struct{ from, until Date } // until is excluded
	var spans []span
	for _, w := range work {
		if w.Occupation != occupation || !w.Period.Start().Before(asOf) {
			continue
		}
		until := asOf
		if end := w.Period.End(); end.Before(asOf) {
			until = end.Next() // end < asOf ≤ 9999-12-31, so there is a next day
		}
		spans = append(spans, span{w.Period.Start(), until})
	}
	slices.SortFunc(spans, func(a, b span) int { return a.from.Compare(b.from) })
	total := 0
	for i := 0; i < len(spans); {
		cur := spans[i]
		for i++; i < len(spans) && !spans[i].from.After(cur.until); i++ {
			if spans[i].until.After(cur.until) {
				cur.until = spans[i].until
			}
		}
		total += civil.MonthsBetween(cur.from, cur.until)
	}
	return total
}

// UnmarshalJSON decodes prerequisites as ParsePrerequisites does. On error p
// is unchanged.
func (p *Prerequisites) UnmarshalJSON(data []byte) error {
	v, err := ParsePrerequisites(data)
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// ParsePrerequisites loads prerequisites from JSON such as
//
//	{"target": "1x-senior", "anyOf": [[
//	  {"kind": "level", "level": "1x-intermediate"},
//	  {"kind": "work", "months": 36}]]}
//
// and validates them (see Prerequisites.Validate). It is strict: member
// names must match exactly, unknown or repeated members and null values are
// rejected, numbers must be integers, and nothing may follow the object.
// Every error is a *FieldError whose Field is the JSON path of the offending
// member ("anyOf[1][0].months"), or "$" for the document itself.
func ParsePrerequisites(data []byte) (Prerequisites, error) {
	m, err := promoObject(data, "", "target", "occupation", "anyOf")
	if err != nil {
		return Prerequisites{}, err
	}
	var p Prerequisites
	if p.Target, err = promoLevelMember(m, "", "target"); err != nil {
		return Prerequisites{}, err
	}
	if _, ok := m["occupation"]; ok {
		if p.Occupation, err = promoMember[string](m, "", "occupation", "a string"); err != nil {
			return Prerequisites{}, err
		}
	}
	if _, ok := m["anyOf"]; ok {
		alts, err := promoMember[[][]json.RawMessage](m, "", "anyOf", "an array of arrays")
		if err != nil {
			return Prerequisites{}, err
		}
		for i, alt := range alts {
			reqs := make([]Requirement, len(alt))
			for j, raw := range alt {
				if reqs[j], err = eligParseRequirement(raw, fmt.Sprintf("anyOf[%d][%d]", i, j)); err != nil {
					return Prerequisites{}, err
				}
			}
			p.AnyOf = append(p.AnyOf, reqs)
		}
	}
	if err := p.Validate(); err != nil {
		return Prerequisites{}, err
	}
	return p, nil
}

// eligParseRequirement decodes the JSON object of one requirement at path.
func eligParseRequirement(raw json.RawMessage, path string) (Requirement, error) {
	m, err := promoObject(raw, path, "kind", "level", "occupation", "months", "years")
	if err != nil {
		return Requirement{}, err
	}
	var q Requirement
	code, err := promoMember[string](m, path, "kind", "a string")
	if err != nil {
		return Requirement{}, err
	}
	if q.Kind, err = requirementKinds.parse(code); err != nil {
		return Requirement{}, prefix(path, promoRename(err, "kind"))
	}
	if _, ok := m["level"]; ok {
		if q.Level, err = promoLevelMember(m, path, "level"); err != nil {
			return Requirement{}, err
		}
	}
	if _, ok := m["occupation"]; ok {
		if q.Occupation, err = promoMember[string](m, path, "occupation", "a string"); err != nil {
			return Requirement{}, err
		}
	}
	if _, ok := m["months"]; ok {
		if q.Months, err = promoMember[int](m, path, "months", "an integer"); err != nil {
			return Requirement{}, err
		}
	}
	if _, ok := m["years"]; ok {
		if q.Years, err = promoMember[int](m, path, "years", "an integer"); err != nil {
			return Requirement{}, err
		}
	}
	return q, nil
}

package apprenticeship

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/shopspring/decimal"
)

// Assessments
//
// Training ends with a final assessment; passing it completes the
// apprenticeship and earns the certificate the agreement aims at. The rules
// follow the German dual system, which the Chinese programs adapt: the interim
// exam (Zwischenprüfung, 中期考核) is a precondition for the final exam
// (Abschlussprüfung, 结业考核); where the final exam is split in two parts
// (gestreckte Abschlussprüfung), part 1 replaces the interim exam and weighs
// a configured share of the result (20–40% in the domain reference), and the
// result of part 2 is the result of the whole exam.

// AssessmentKind says which exam an Assessment records.
type AssessmentKind uint8

// The kinds of assessment, with their stable codes. The zero AssessmentKind
// is not a kind.
const (
	// InterimExam is the interim exam (Zwischenprüfung, 中期考核), a
	// precondition for the final exam ("interim").
	InterimExam AssessmentKind = iota + 1
	// FinalExam is a final exam taken in one piece (Abschlussprüfung,
	// 结业考核) ("final").
	FinalExam
	// FinalExamPart1 is part 1 of a split final exam (gestreckte
	// Abschlussprüfung, Teil 1); it replaces the interim exam and carries a
	// weight ("final-part-1").
	FinalExamPart1
	// FinalExamPart2 is part 2 of a split final exam; its Passed records the
	// result of the whole exam, both parts together ("final-part-2").
	FinalExamPart2
)

var assessKinds = codes[AssessmentKind]{"assessment kind", []string{"", "interim", "final", "final-part-1", "final-part-2"}}

// IsValid reports whether k is one of the kinds.
func (k AssessmentKind) IsValid() bool { return assessKinds.valid(k) }

// String returns the stable code of k, such as "final-part-1".
func (k AssessmentKind) String() string { return assessKinds.String(k) }

// MarshalText implements encoding.TextMarshaler with the stable code.
func (k AssessmentKind) MarshalText() ([]byte, error) { return assessKinds.marshal(k) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown codes are errors.
func (k *AssessmentKind) UnmarshalText(b []byte) (err error) {
	*k, err = assessKinds.parse(string(b))
	return err
}

// Assessment is the record of one exam an apprentice took: which exam, on
// which day, whether it was passed, the score if one was given, who assessed
// it, and for part 1 of a split final exam its weight in the final result.
//
// Passed means what the kind gives it to mean: for a final exam and for part
// 2 of a split one it is the result of the final exam; for part 1 it is
// informational (part 1 counts through its weight, not on its own); for an
// interim exam it matters only under AssessmentRules.InterimMustPass.
type Assessment struct {
	// Kind is the exam; required.
	Kind AssessmentKind `json:"kind"`
	// Date is the day of the exam, or of its result where that is the day
	// that counts; required.
	Date Date `json:"date"`
	// Passed is the result.
	Passed bool `json:"passed"`
	// Score is the score on a scale of 0 to 100, if one was given.
	Score decimal.NullDecimal `json:"score,omitzero"`
	// Weight is, for part 1 of a split final exam only, its share of the
	// final result in percent; it must be zero for every other kind.
	Weight decimal.Decimal `json:"weight,omitzero"`
	// Assessor names the examining body or examiner; required.
	Assessor string `json:"assessor"`
}

// Validate checks the record on its own: a valid kind and a date, an
// assessor, a score between 0 and 100 if there is one, and a weight between 0
// (excluded) and 100 (excluded) on part 1 of a split final exam and on no
// other kind. Whether the weight is within the bounds of a rule set, and
// whether the record fits in a sequence, is for ValidateAssessments. The
// error is a *FieldError wrapping ErrInvalid whose Field names the member.
func (x Assessment) Validate() error {
	hundred := decimal.NewFromInt(100)
	switch {
	case !x.Kind.IsValid():
		return fieldErr("kind", x.Kind.String(), "not a valid assessment kind")
	case x.Date.IsZero():
		return fieldErr("date", "", "an assessment needs a date")
	case strings.TrimSpace(x.Assessor) == "":
		return fieldErr("assessor", x.Assessor, "an assessment needs an assessor")
	case x.Score.Valid && (!logPlausible(x.Score.Decimal) || x.Score.Decimal.Sign() < 0 || x.Score.Decimal.Cmp(hundred) > 0):
		return fieldErr("score", ruleShow(x.Score.Decimal), "a score must be between 0 and 100")
	case x.Kind == FinalExamPart1 && (!logPlausible(x.Weight) || x.Weight.Sign() <= 0 || x.Weight.Cmp(hundred) >= 0):
		return fieldErr("weight", ruleShow(x.Weight), "part 1 of a split final exam needs a weight above 0 and below 100 percent")
	case x.Kind != FinalExamPart1 && !x.Weight.IsZero():
		return fieldErr("weight", ruleShow(x.Weight), "only part 1 of a split final exam has a weight")
	}
	return nil
}

// AssessmentRules are the parameters of an exam sequence. The bounds on the
// weight of part 1 of a split final exam are the caller's: the domain
// reference gives 20% to 40% for the German dual system.
type AssessmentRules struct {
	// Part1MinWeight and Part1MaxWeight bound the weight of part 1 of a
	// split final exam, in percent: 0 < min ≤ max < 100.
	Part1MinWeight decimal.Decimal `json:"part1MinWeight"`
	Part1MaxWeight decimal.Decimal `json:"part1MaxWeight"`
	// InterimMustPass asks for a passed interim exam before a final exam.
	// When false, taking the interim exam is enough, as German law has it:
	// admission to the final exam requires having taken part in the interim
	// exam (BBiG § 43(1) no. 2), which has no pass mark.
	InterimMustPass bool `json:"interimMustPass,omitempty"`
	// Source cites the rule set, for the Rule of the errors it causes.
	Source string `json:"source,omitempty"`
}

// Validate checks that the weight bounds satisfy 0 < min ≤ max < 100. The
// error is a *FieldError wrapping ErrInvalid.
func (r AssessmentRules) Validate() error {
	hundred := decimal.NewFromInt(100)
	for _, w := range []struct {
		field string
		value decimal.Decimal
	}{{"part1MinWeight", r.Part1MinWeight}, {"part1MaxWeight", r.Part1MaxWeight}} {
		if !logPlausible(w.value) || w.value.Sign() <= 0 || w.value.Cmp(hundred) >= 0 {
			return fieldErr(w.field, ruleShow(w.value), "a weight must be above 0 and below 100 percent")
		}
	}
	if r.Part1MinWeight.Cmp(r.Part1MaxWeight) > 0 {
		return fieldErr("part1MaxWeight", ruleShow(r.Part1MaxWeight), fmt.Sprintf("below the minimum %s", ruleShow(r.Part1MinWeight)))
	}
	return nil
}

// ValidateAssessments checks an apprentice's assessments as a sequence under
// the rules. Every record must pass Assessment.Validate; then, in date order
// (records of one day in the order given):
//
//   - a final exam needs an interim exam on an earlier day (a passed one
//     under InterimMustPass);
//   - part 2 of a split final exam needs a part 1 on an earlier day, and
//     part 1 replaces the interim exam;
//   - the weight of part 1 lies within the rules' bounds;
//   - one apprentice takes either a final exam or a split one, not both;
//   - a failed final exam (or part 2) may be retaken, but nothing follows a
//     passed one, which completed the apprenticeship.
//
// The order of the slice does not matter. The error is a *FieldError
// wrapping ErrInvalid whose Field is a path such as "assessments[2].weight"
// (or "rules.part1MinWeight" for bad rules) and whose Rule cites the rule
// broken.
func ValidateAssessments(rules AssessmentRules, assessments []Assessment) error {
	_, err := assessSequence(rules, assessIndex(assessments, func(Assessment) bool { return true }))
	return err
}

// assessIndex returns the assessments that keep selects, each with its index
// in the caller's slice.
func assessIndex(assessments []Assessment, keep func(Assessment) bool) []assessIndexed {
	out := make([]assessIndexed, 0, len(assessments))
	for i, x := range assessments {
		if keep(x) {
			out = append(out, assessIndexed{i, x})
		}
	}
	return out
}

// assessIndexed is an assessment with its index in the caller's slice.
type assessIndexed struct {
	i int
	x Assessment
}

// assessOutcome is what a valid sequence comes to.
type assessOutcome struct {
	ordered []assessIndexed // in date order, up to and including the pass
	pass    *assessIndexed  // the passed final exam or part 2, if any
}

// assessSequence validates the assessments (see ValidateAssessments) and
// returns them in date order with the passing final exam, if any. Errors name
// the caller's indices.
func assessSequence(rules AssessmentRules, items []assessIndexed) (assessOutcome, error) {
	if err := rules.Validate(); err != nil {
		return assessOutcome{}, prefix("rules", err)
	}
	for _, ix := range items {
		if err := ix.x.Validate(); err != nil {
			return assessOutcome{}, prefix(fmt.Sprintf("assessments[%d]", ix.i), err)
		}
	}
	ordered := slices.Clone(items)
	slices.SortStableFunc(ordered, func(a, b assessIndexed) int { return a.x.Date.Compare(b.x.Date) })

	source := ""
	if rules.Source != "" {
		source = "; " + rules.Source
	}
	bad := func(ix assessIndexed, member, value, reason, rule string) (assessOutcome, error) {
		return assessOutcome{}, &FieldError{Field: fmt.Sprintf("assessments[%d]%s", ix.i, member), Value: value,
			Reason: reason, Rule: rule, Err: ErrInvalid}
	}
	var (
		interim, part1 *assessIndexed // the earliest qualifying interim, the latest part 1
		split          *assessIndexed // the first final exam or part, which fixes the form
		out            assessOutcome
	)
	for k := range ordered {
		ix := &ordered[k]
		x := ix.x
		if out.pass != nil {
			return bad(*ix, ".date", x.Date.String(), fmt.Sprintf("a %s exam after the final exam passed on %s, which completed the apprenticeship", x.Kind, out.pass.x.Date), "")
		}
		if x.Kind != InterimExam {
			if split == nil {
				split = ix
			} else if (split.x.Kind == FinalExam) != (x.Kind == FinalExam) {
				return bad(*ix, ".kind", x.Kind.String(), fmt.Sprintf("assessments[%d] is a %s exam: one apprentice takes either a final exam or a split one, not both", split.i, split.x.Kind), "")
			}
		}
		switch x.Kind {
		case InterimExam:
			if interim == nil && (x.Passed || !rules.InterimMustPass) {
				interim = ix
			}
		case FinalExam:
			if interim == nil || !interim.x.Date.Before(x.Date) {
				want := "an interim exam"
				if rules.InterimMustPass {
					want = "a passed interim exam"
				}
				return bad(*ix, ".kind", x.Kind.String(), fmt.Sprintf("a final exam on %s needs %s on an earlier day", x.Date, want),
					"BBiG § 43(1): the interim exam is a precondition for the final exam"+source)
			}
		case FinalExamPart1:
			if x.Weight.Cmp(rules.Part1MinWeight) < 0 || x.Weight.Cmp(rules.Part1MaxWeight) > 0 {
				return bad(*ix, ".weight", ruleShow(x.Weight), fmt.Sprintf("part 1 of a split final exam must weigh %s%% to %s%%", ruleShow(rules.Part1MinWeight), ruleShow(rules.Part1MaxWeight)),
					fmt.Sprintf("split final exam: part 1 weighs %s–%s%%%s", ruleShow(rules.Part1MinWeight), ruleShow(rules.Part1MaxWeight), source))
			}
			part1 = ix
		case FinalExamPart2:
			if part1 == nil || !part1.x.Date.Before(x.Date) {
				return bad(*ix, ".kind", x.Kind.String(), fmt.Sprintf("part 2 of a split final exam on %s needs part 1 on an earlier day", x.Date),
					"split final exam: part 1 comes first and replaces the interim exam"+source)
			}
		}
		out.ordered = append(out.ordered, *ix)
		if (x.Kind == FinalExam || x.Kind == FinalExamPart2) && x.Passed {
			out.pass = ix
		}
	}
	return out, nil
}

// Complete completes an apprenticeship: it finds the passed final exam among
// the assessments dated on or before asOf and returns the certificate it
// earns, checked with certificate.Certificate.Validate.
//
// The certificate is built as follows:
//
//   - Number is number; Holder is the apprentice (Person.ID and Name), a
//     Student under a Tripartite agreement (an enrolled student of the
//     school) and an Employee under a NewType or Dual one (the enterprise
//     employs the apprentice);
//   - Occupation and Level are the agreement's Occupation and Target;
//   - Issuer is issuer; Issued is the day of the passed final exam (or of
//     part 2); it does not expire; Channel is certificate.Exam;
//   - Evidence lists the assessments in date order up to the passed one,
//     each with its kind, date, result, score, weight and assessor.
//
// Errors:
//
//   - bad input: an invalid program (Field "program…"), an agreement of
//     another program ("agreement.program"), an agreement whose occupation
//     and target are not among the program's targets where it lists any
//     ("agreement.target"), an agreement without a valid kind or start, a
//     zero asOf, bad rules, a sequence that ValidateAssessments rejects, or
//     an assessment before the agreement's start ("assessments[i].date"):
//     *FieldError wrapping ErrInvalid;
//   - no passed final exam as of asOf: a *FieldError with Field
//     "assessments" wrapping ErrTransition, whose Reason says why (none
//     taken, the last one failed, only part 1 taken);
//   - a certificate that does not validate, above all an issuer that may not
//     issue it: a *FieldError whose Field is the certificate's path under
//     "certificate" ("certificate.occupation.code"), wrapping ErrInvalid
//     and the certificate's own error, so that errors.Is(err,
//     certificate.ErrOutOfScope) and errors.As(err, &certFieldErr) hold.
//
// Assessments after asOf are left out, so Complete can be replayed for any
// past day; assessments after the agreement's planned end count (the
// training may be extended to a retake).
func Complete(rules AssessmentRules, a Agreement, p Program, assessments []Assessment, issuer certificate.Issuer, number string, asOf Date) (certificate.Certificate, error) {
	none := certificate.Certificate{}
	if err := p.Validate(); err != nil {
		return none, prefix("program", err)
	}
	if a.Program != "" && a.Program != p.Code {
		return none, fieldErr("agreement.program", a.Program, fmt.Sprintf("the agreement is for another program than %s", p.Code))
	}
	if len(p.Targets) > 0 && !slices.ContainsFunc(p.Targets, func(t Target) bool {
		return t.Occupation.Code == a.Occupation.Code && t.Level == a.Target
	}) {
		return none, fieldErr("agreement.target", a.Target.String(),
			fmt.Sprintf("program %s does not prepare for occupation %s at this level", p.Code, a.Occupation.Code))
	}
	var kind certificate.HolderKind
	switch a.Kind {
	case Tripartite:
		kind = certificate.Student
	case NewType, Dual:
		kind = certificate.Employee
	default:
		return none, fieldErr("agreement.kind", a.Kind.String(), "not a valid agreement kind")
	}
	if a.Start.IsZero() {
		return none, fieldErr("agreement.start", "", "the agreement needs a start date")
	}
	if asOf.IsZero() {
		return none, fieldErr("asOf", "", "completion needs the day it is determined")
	}
	for i, x := range assessments {
		if !x.Date.IsZero() && x.Date.Before(a.Start) {
			return none, fieldErr(fmt.Sprintf("assessments[%d].date", i), x.Date.String(),
				fmt.Sprintf("before the agreement's start %s", a.Start))
		}
	}
	out, err := assessSequence(rules, assessIndex(assessments, func(x Assessment) bool { return !x.Date.After(asOf) }))
	if err != nil {
		return none, err
	}
	if out.pass == nil {
		return none, &FieldError{Field: "assessments", Reason: assessWhyNot(out.ordered, asOf), Err: ErrTransition}
	}
	c := certificate.Certificate{
		Number:     number,
		Holder:     certificate.Holder{ID: a.Apprentice.ID, Name: a.Apprentice.Name, Kind: kind},
		Occupation: a.Occupation,
		Level:      a.Target,
		Issuer:     issuer,
		Issued:     out.pass.x.Date,
		Channel:    certificate.Exam,
	}
	for _, ix := range out.ordered {
		c.Evidence = append(c.Evidence, assessEvidence(ix.x))
	}
	if err := c.Validate(); err != nil {
		return none, prefix("certificate", err)
	}
	return c, nil
}

// assessWhyNot explains why ordered (valid, in date order, without a pass)
// does not complete the apprenticeship as of asOf.
func assessWhyNot(ordered []assessIndexed, asOf Date) string {
	var last *Assessment
	for k := range ordered {
		if x := ordered[k].x; x.Kind != InterimExam {
			last = &ordered[k].x
		}
	}
	switch {
	case last == nil:
		return fmt.Sprintf("no final exam taken as of %s", asOf)
	case last.Kind == FinalExamPart1:
		return fmt.Sprintf("only part 1 of the split final exam taken (on %s) as of %s", last.Date, asOf)
	default:
		return fmt.Sprintf("the last %s exam, on %s, was failed; no final exam passed as of %s", last.Kind, last.Date, asOf)
	}
}

// assessEvidence describes an assessment as certificate evidence.
func assessEvidence(x Assessment) certificate.Evidence {
	parts := []string{"failed"}
	if x.Passed {
		parts[0] = "passed"
	}
	if x.Score.Valid {
		parts = append(parts, "score "+ruleShow(x.Score.Decimal))
	}
	if x.Kind == FinalExamPart1 {
		parts = append(parts, "weight "+ruleShow(x.Weight)+"%")
	}
	parts = append(parts, "assessor "+x.Assessor)
	return certificate.Evidence{Name: fmt.Sprintf("%s exam %s", x.Kind, x.Date), Description: strings.Join(parts, "; ")}
}

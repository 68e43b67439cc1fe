package apprenticeship

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/internal/civil"
	"github.com/dualtrack/dualtrack/internal/errtext"
	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/shopspring/decimal"
)

// RuleSet is a configurable set of rules an Agreement is checked against when
// it is built ([NewAgreement], [RuleSet.Check]). Each part is one rule with
// its citation; a zero part (no bounds, no allowed values) means "no such
// rule", so the zero RuleSet checks only the record's own consistency.
//
// [GermanRules] and [ChinaNewType2021] return the two rule sets the package
// knows; an integrator may build another, in Go or from JSON, and should call
// [RuleSet.Validate] on it (Check does so too).
//
// Month counts are whole calendar months from the start of training: a
// training period from Start to End runs the n months with
// Start.AddMonths(n) (clamped to the month's end) on or before End+1 day, and
// it is longer than n months if End+1 day is after that date. So 2024-09-01
// to 2027-08-31 runs 36 months, and 2024-09-01 to 2027-09-10 runs 36 months
// and some days, which is longer than 36.
type RuleSet struct {
	// Name labels the rule set in messages, such as "DE BBiG".
	Name string `json:"name,omitempty"`
	// Kinds lists the agreement kinds the rule set accepts.
	Kinds KindRule `json:"kinds,omitzero"`
	// Probation bounds ProbationMonths.
	Probation MonthRange `json:"probation,omitzero"`
	// Duration bounds the full-time training period.
	Duration DurationRule `json:"duration,omitzero"`
	// PartTime governs part-time training (PartTime below 1).
	PartTime PartTimeRule `json:"partTime,omitzero"`
	// Contract bounds the labour contract of a NewType agreement, counted
	// from the start of training to ContractEnd; an open-ended contract
	// meets any minimum and any maximum.
	Contract MonthRange `json:"contract,omitzero"`
	// Targets lists the skill levels training may aim at.
	Targets LevelRule `json:"targets,omitzero"`
}

// MonthRange is a rule bounding a number of months: Min ≤ n ≤ Max. A zero
// Min or Max is no bound on that side; a MonthRange with neither is no rule.
type MonthRange struct {
	Min  int    `json:"min,omitempty"`
	Max  int    `json:"max,omitempty"`
	Rule string `json:"rule,omitempty"` // the citation, required when a bound is set
}

// DurationRule bounds the training period in months. For a full-time
// agreement it applies to the period from Start to End; for a part-time one
// to FullTimeMonths, the PartTime rule governing the extension (and, where
// the set has no PartTime rule, Max and SpecialMax bound the actual period
// too, since nothing allows extending it). Zero fields are no bound.
type DurationRule struct {
	Min int `json:"min,omitempty"`
	Max int `json:"max,omitempty"`
	// SpecialMax replaces Max for an agreement marked SpecialCase; 0 means
	// the rule set allows no longer special cases (the flag is then ignored).
	SpecialMax int    `json:"specialMax,omitempty"`
	Rule       string `json:"rule,omitempty"` // the citation, required when a bound is set
}

// PartTimeRule governs part-time training (an Agreement with PartTime below
// 1). A zero field is no such rule; if any field is set:
//
//   - From: a part-time agreement must start on or after From; one starting
//     earlier lies outside what the rule set covers and is reported.
//   - MinShare: PartTime must be at least MinShare (BBiG § 7a: the hours may
//     be cut by at most half, so at least 0.5).
//   - The training period must run exactly [PartTimeMonths](FullTimeMonths,
//     PartTime, CapFactor) months: the full-time duration extended
//     correspondingly, rounded down to whole months, at most CapFactor times
//     the full-time duration (1.5 under BBiG § 7a). A period longer than the
//     cap is reported as such.
//
// MinShare is in (0, 1] and CapFactor 0 (no cap) or at least 1, each with at
// most 6 decimal places.
type PartTimeRule struct {
	From      Date            `json:"from,omitzero"`
	MinShare  decimal.Decimal `json:"minShare,omitzero"`
	CapFactor decimal.Decimal `json:"capFactor,omitzero"`
	Rule      string          `json:"rule,omitempty"` // the citation, required when the rule is set
}

// IsZero reports whether r sets no field: no part-time rule. (A zero
// decimal decoded from "0" is zero too, so such a rule is left out of JSON
// like the zero struct.)
func (r PartTimeRule) IsZero() bool {
	return r.From.IsZero() && r.MinShare.IsZero() && r.CapFactor.IsZero() && r.Rule == ""
}

// KindRule is a rule listing the agreement kinds a rule set accepts; an
// empty list is no rule.
type KindRule struct {
	Allowed []AgreementKind `json:"allowed,omitempty"`
	Rule    string          `json:"rule,omitempty"` // the citation, required when Allowed is set
}

// IsZero reports whether r lists no kind and cites nothing: no rule.
func (r KindRule) IsZero() bool { return len(r.Allowed) == 0 && r.Rule == "" }

// LevelRule is a rule listing the skill levels an agreement may target; an
// empty list is no rule.
type LevelRule struct {
	Allowed []certificate.Level `json:"allowed,omitempty"`
	Rule    string              `json:"rule,omitempty"` // the citation, required when Allowed is set
}

// IsZero reports whether r lists no level and cites nothing: no rule.
func (r LevelRule) IsZero() bool { return len(r.Allowed) == 0 && r.Rule == "" }

// Citations of the built-in rule sets, as DOMAIN.md names the sources. The
// 2021 national guidance has a document number, but DOMAIN.md gives none, so
// it is cited by description.
const (
	ruleBBiGContract = "BBiG §§ 10–11 (Berufsausbildungsvertrag)"
	ruleBBiGProb     = "BBiG § 20"
	ruleBBiGDuration = "BBiG § 5 (normally 2–3 years, some crafts 3.5)"
	ruleBBiGPartTime = "BBiG § 7a (from 2024-08-01)"
	ruleCN2021       = "2021 national guidance on the enterprise new-type apprenticeship (企业新型学徒制)"
)

// GermanRules returns the rules of the German dual system
// (Berufsbildungsgesetz) as DOMAIN.md states them:
//
//   - kind: only Dual agreements (BBiG §§ 10–11);
//   - probation: 1 to 4 months (§ 20);
//   - duration: 24 to 42 months (§ 5). The law says "normally 2–3 years"
//     with some crafts at 3.5; the 3.5-year crafts are regular durations set
//     by their training ordinances, not exceptions, so the upper bound is 42
//     months and there is no special-case maximum. Shortening or extension
//     by the competent body (§ 8) is not modelled: build a RuleSet with other
//     bounds for it;
//   - part-time (§ 7a, from 2024-08-01): PartTime at least 0.5, the period
//     extended to floor(FullTimeMonths / PartTime) months, at most
//     floor(1.5 × FullTimeMonths). Part-time agreements starting before
//     2024-08-01 are reported as outside the rule set's coverage rather than
//     checked against rules that did not yet apply;
//   - no contract rule and no target-level rule (German qualifications are
//     not on the Chinese ladders of package certificate).
//
// It returns a fresh value each call.
func GermanRules() RuleSet {
	return RuleSet{
		Name:      "DE BBiG",
		Kinds:     KindRule{Allowed: []AgreementKind{Dual}, Rule: ruleBBiGContract},
		Probation: MonthRange{Min: 1, Max: 4, Rule: ruleBBiGProb},
		Duration:  DurationRule{Min: 24, Max: 42, Rule: ruleBBiGDuration},
		PartTime: PartTimeRule{
			From:      civil.MustNew(2024, time.August, 1),
			MinShare:  decimal.New(5, -1),  // 0.5: hours cut by at most 50%
			CapFactor: decimal.New(15, -1), // 1.5× the full-time duration
			Rule:      ruleBBiGPartTime,
		},
	}
}

// ChinaNewType2021 returns the rules of China's 2021 national guidance on
// the enterprise new-type apprenticeship (企业新型学徒制) as DOMAIN.md states
// them:
//
//   - kind: only NewType agreements;
//   - labour contract: at least 12 months (one year), counted from the start
//     of training to ContractEnd, or open-ended;
//   - duration: 12 to 24 months (one to two years), up to 36 (three years)
//     for an agreement marked SpecialCase;
//   - target levels 中级工, 高级工, 技师 and 高级技师: the national grades 4 to
//     1 and their equivalents on the eight-level ladder (IntermediateWorker
//     to SeniorTechnician);
//   - no probation rule (the guidance sets none) and no part-time rule.
//
// It returns a fresh value each call.
func ChinaNewType2021() RuleSet {
	return RuleSet{
		Name:     "CN new-type apprenticeship 2021",
		Kinds:    KindRule{Allowed: []AgreementKind{NewType}, Rule: ruleCN2021},
		Duration: DurationRule{Min: 12, Max: 24, SpecialMax: 36, Rule: ruleCN2021},
		Contract: MonthRange{Min: 12, Rule: ruleCN2021},
		Targets: LevelRule{Allowed: []certificate.Level{
			certificate.NationalGrade4, certificate.NationalGrade3,
			certificate.NationalGrade2, certificate.NationalGrade1,
			certificate.IntermediateWorker, certificate.SeniorWorker,
			certificate.Technician, certificate.SeniorTechnician,
		}, Rule: ruleCN2021},
	}
}

// Representation limits, not domain rules: they keep the arithmetic on
// months, shares and hours small and exact.
const (
	ruleMaxMonths     = 1200   // 100 years: no bound or duration beyond it
	ruleShareScale    = 6      // decimal places of PartTime, MinShare, CapFactor
	ruleMoneyScale    = 2      // decimal places of an allowance
	ruleHoursScale    = 2      // decimal places of WeeklyHours
	ruleMaxWeekHours  = 7 * 24 // hours in a week
	ruleCurrencyChars = 3      // ISO 4217 alphabetic code
)

// Validate checks that the rule set is coherent: bounds not negative and not
// beyond 1200 months, Min ≤ Max, SpecialMax at least Max, part-time shares
// and factors in range, kinds and levels valid, and a citation on every rule
// that is set. It reports all problems, joined; each is a *FieldError whose
// Field is a JSON path into the rule set ("probation.max").
func (rs RuleSet) Validate() error {
	var errs []error
	add := func(field, value, reason string) { errs = append(errs, fieldErr(field, value, reason)) }
	checkRange := func(name string, lo, hi int) {
		for _, b := range []struct {
			field string
			v     int
		}{{"min", lo}, {"max", hi}} {
			if b.v < 0 || b.v > ruleMaxMonths {
				add(name+"."+b.field, strconv.Itoa(b.v), fmt.Sprintf("a bound in months must be in [0, %d] (0: no bound)", ruleMaxMonths))
			}
		}
		if hi > 0 && lo > hi {
			add(name+".min", strconv.Itoa(lo), fmt.Sprintf("the minimum is above the maximum %d", hi))
		}
	}
	needCite := func(name string, set bool, cite string) {
		if set && strings.TrimSpace(cite) == "" {
			add(name+".rule", cite, "a rule needs its citation")
		}
	}

	for i, k := range rs.Kinds.Allowed {
		if !k.IsValid() {
			add(fmt.Sprintf("kinds.allowed[%d]", i), k.String(), "not a valid agreement kind")
		}
	}
	needCite("kinds", len(rs.Kinds.Allowed) > 0, rs.Kinds.Rule)

	checkRange("probation", rs.Probation.Min, rs.Probation.Max)
	needCite("probation", rs.Probation.active(), rs.Probation.Rule)
	checkRange("contract", rs.Contract.Min, rs.Contract.Max)
	needCite("contract", rs.Contract.active(), rs.Contract.Rule)

	d := rs.Duration
	checkRange("duration", d.Min, d.Max)
	switch {
	case d.SpecialMax < 0 || d.SpecialMax > ruleMaxMonths:
		add("duration.specialMax", strconv.Itoa(d.SpecialMax), fmt.Sprintf("a bound in months must be in [0, %d] (0: no special cases)", ruleMaxMonths))
	case d.SpecialMax > 0 && (d.Max == 0 || d.SpecialMax < d.Max):
		add("duration.specialMax", strconv.Itoa(d.SpecialMax), fmt.Sprintf("a special-case maximum needs a maximum (%d) not above it", d.Max))
	}
	needCite("duration", d.active(), d.Rule)

	p := rs.PartTime
	if !p.MinShare.IsZero() {
		if _, ok := ruleShare(p.MinShare); !ok {
			add("partTime.minShare", ruleShow(p.MinShare), fmt.Sprintf("must be in (0, 1] with at most %d decimal places (0: no minimum)", ruleShareScale))
		}
	}
	if !p.CapFactor.IsZero() && !ruleCapOK(p.CapFactor) {
		add("partTime.capFactor", ruleShow(p.CapFactor), fmt.Sprintf("must be at least 1 with at most %d decimal places (0: no cap)", ruleShareScale))
	}
	needCite("partTime", p.active(), p.Rule)

	for i, l := range rs.Targets.Allowed {
		if !l.IsValid() {
			add(fmt.Sprintf("targets.allowed[%d]", i), l.String(), "not a valid skill level")
		}
	}
	needCite("targets", len(rs.Targets.Allowed) > 0, rs.Targets.Rule)
	return errors.Join(errs...)
}

func (r MonthRange) active() bool   { return r.Min != 0 || r.Max != 0 }
func (r DurationRule) active() bool { return r.Min != 0 || r.Max != 0 || r.SpecialMax != 0 }
func (r PartTimeRule) active() bool {
	return !r.From.IsZero() || !r.MinShare.IsZero() || !r.CapFactor.IsZero()
}

// describe returns the range in words: "probation 1–4 months".
func (r MonthRange) describe(what string) string {
	switch {
	case r.Min > 0 && r.Max > 0:
		return fmt.Sprintf("%s %d–%d months", what, r.Min, r.Max)
	case r.Max > 0:
		return fmt.Sprintf("%s at most %d months", what, r.Max)
	}
	return fmt.Sprintf("%s at least %d months", what, r.Min)
}

// ruleCite joins a citation and the rule it cites, in the form FieldError.Rule
// uses: "BBiG § 20: probation 1–4 months".
func ruleCite(cite, what string) string { return cite + ": " + what }

// PartTimeMonths returns the duration in whole months of part-time training
// whose full-time duration is fullTimeMonths and whose hours are the share
// partTime of full time: floor(fullTimeMonths / partTime), capped at
// floor(capFactor × fullTimeMonths). This is BBiG § 7a: "the duration is
// extended correspondingly, at most to 1.5 times the full-time duration,
// rounded down to whole months". A capFactor of zero means no cap.
//
// The computation is exact (an integer quotient of decimals, never a
// rounded division): 36 months at 0.75 is 48 (36 / 0.75 = 48, under the cap
// 1.5 × 36 = 54); 36 at 0.5 is 72, capped to 54; 42 at 0.8 is 52.5, rounded
// down to 52 (cap 63).
//
// fullTimeMonths must be in [1, 1200], partTime in (0, 1] and capFactor 0 or
// at least 1, the decimals with at most 6 decimal places; otherwise the error
// is a *FieldError (matching ErrInvalid) whose Field names the argument
// ("fullTimeMonths", "partTime", "capFactor").
func PartTimeMonths(fullTimeMonths int, partTime decimal.Decimal, capFactor decimal.Decimal) (int, error) {
	if fullTimeMonths < 1 || fullTimeMonths > ruleMaxMonths {
		return 0, fieldErr("fullTimeMonths", strconv.Itoa(fullTimeMonths), fmt.Sprintf("must be in [1, %d]", ruleMaxMonths))
	}
	if _, ok := ruleShare(partTime); !ok {
		return 0, fieldErr("partTime", ruleShow(partTime), fmt.Sprintf("must be in (0, 1] with at most %d decimal places", ruleShareScale))
	}
	if !capFactor.IsZero() && !ruleCapOK(capFactor) {
		return 0, fieldErr("capFactor", ruleShow(capFactor), fmt.Sprintf("must be 0 (no cap) or at least 1, with at most %d decimal places", ruleShareScale))
	}
	return rulePartTimeMonths(fullTimeMonths, partTime, capFactor), nil
}

// rulePartTimeMonths is PartTimeMonths for checked arguments. Both operands
// are bounded (the quotient is at most 1200 × 10^6, which fits any int), so
// the decimal arithmetic is small and exact.
func rulePartTimeMonths(fullTimeMonths int, partTime, capFactor decimal.Decimal) int {
	ft := decimal.NewFromInt(int64(fullTimeMonths))
	// QuoRem with precision 0: ft = partTime·q + r with q an integer and
	// 0 ≤ r < partTime, so q = floor(ft / partTime) for positive operands.
	q, _ := ft.QuoRem(partTime, 0)
	n := int(q.IntPart())
	if !capFactor.IsZero() {
		n = min(n, int(capFactor.Mul(ft).Floor().IntPart()))
	}
	return n
}

// ruleCapMonths returns floor(capFactor × fullTimeMonths), or 0 for no cap.
func ruleCapMonths(fullTimeMonths int, capFactor decimal.Decimal) int {
	if capFactor.IsZero() {
		return 0
	}
	return int(capFactor.Mul(decimal.NewFromInt(int64(fullTimeMonths))).Floor().IntPart())
}

// ruleShare reports whether d is a share in (0, 1] with at most 6 decimal
// places, and returns it in millionths. The bound is checked before any
// comparison, so a decimal with an absurd exponent never reaches arithmetic.
func ruleShare(d decimal.Decimal) (int64, bool) {
	u, err := money.ToUnits(d, ruleShareScale)
	return u, err == nil && u > 0 && u <= 1_000_000
}

// ruleCapOK reports whether d is a cap factor of at least 1 with at most 6
// decimal places.
func ruleCapOK(d decimal.Decimal) bool {
	u, err := money.ToUnits(d, ruleShareScale)
	return err == nil && u >= 1_000_000
}

// ruleShow renders a decimal for a message or a finding: in plain notation
// without trailing fractional zeros ("38.5", "0.75"), as money.Canonical
// writes it, whatever shopspring's package-level settings say (its String
// reads TrimTrailingZeros and UseScientificNotation); an absurd exponent
// is written as an exponent, not expanded into millions of zeros, and an
// absurdly long value is clipped.
func ruleShow(d decimal.Decimal) string { return errtext.Clip(money.Canonical(d), 80) }

// NewAgreement checks a against the record's own consistency and the rules,
// as [RuleSet.Check] does, and returns a copy of it (with its own Allowance
// slice) if both hold. Otherwise it returns the zero Agreement and all the
// violations joined: errors.Is(err, ErrInvalid) holds and [Violations] lists
// them.
func NewAgreement(a Agreement, rules RuleSet) (Agreement, error) {
	if err := rules.Check(a); err != nil {
		return Agreement{}, err
	}
	a.Allowance = slices.Clone(a.Allowance)
	return a, nil
}

// Check reports every way a breaks its own consistency or a rule of rs, not
// just the first. The result is nil or the errors.Join of *FieldError values,
// each with a JSON path into the agreement (Field), the bad value, a reason
// and, for a rule of the set, the rule with its citation (Rule);
// errors.Is(err, ErrInvalid) holds and [Violations] unpacks it. If rs itself
// is invalid, Check reports that instead (wrapping [RuleSet.Validate]'s error).
//
// The record's own consistency, whatever the rule set:
//
//   - id present, without surrounding spaces; kind valid;
//   - parties by kind: a valid enterprise always; an institution (school or
//     training institution) for Tripartite and NewType, none for Dual;
//   - labour contract: a NewType agreement has a ContractEnd not before Start
//     or is marked ContractOpenEnded, not both; other kinds have neither;
//   - apprentice id and name;
//   - dates: Signed, Start and End set, Signed ≤ Start ≤ End, End before
//     9999-12-31 (the period is counted to the day after End);
//   - ProbationMonths ≥ 0, and not longer than the training period;
//   - WeeklyHours > 0, at most 168, with at most 2 decimal places;
//   - PartTime in (0, 1] with at most 6 decimal places;
//   - FullTimeMonths in [1, 1200] and, for a full-time agreement (PartTime
//     1), equal to the whole months from Start to End+1 day;
//   - Currency three upper-case letters (ISO 4217 form);
//   - Allowance: one amount per training year at least (as many as the
//     training year End falls in, counted from Start), each ≥ 0 with at most
//     2 decimal places;
//   - occupation valid; Target a valid level, required except for Dual
//     agreements, whose German qualifications are not on a Chinese ladder;
//   - mentors, where given: id and name, Teacher with role teacher (of the
//     institution, if there is one), Master with role master of the
//     agreement's enterprise.
//
// Rules that depend on a part found inconsistent (the period, the
// part-time share) are skipped for it, so one mistake is not reported many
// times.
func (rs RuleSet) Check(a Agreement) error {
	if err := rs.Validate(); err != nil {
		return fmt.Errorf("apprenticeship: rule set %q cannot check agreements: %w", rs.Name, err)
	}
	c := ruleChecker{a: a}
	c.record()
	c.rules(rs)
	if len(c.errs) == 0 {
		return nil
	}
	errs := make([]error, len(c.errs))
	for i, e := range c.errs {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// Violations returns the *FieldError values in err: err itself if it is one,
// or those found by unwrapping (errors.Join lists and %w chains), in order.
// It returns nil for nil or for an error holding none.
func Violations(err error) []*FieldError {
	var out []*FieldError
	var walk func(error)
	walk = func(e error) {
		switch x := e.(type) {
		case nil:
		case *FieldError:
			out = append(out, x)
		case interface{ Unwrap() []error }:
			for _, inner := range x.Unwrap() {
				walk(inner)
			}
		case interface{ Unwrap() error }:
			walk(x.Unwrap())
		}
	}
	walk(err)
	return out
}

// ruleChecker collects the violations of one agreement.
type ruleChecker struct {
	a    Agreement
	errs []*FieldError

	spanOK  bool // Start ≤ End, both set, End before the last day
	endNext Date // End + 1 day, when spanOK
	months  int  // whole months from Start to endNext, when spanOK

	shareOK bool // PartTime valid
	partial bool // PartTime below 1, when shareOK
	ftOK    bool // FullTimeMonths in range
}

func (c *ruleChecker) add(field, value, reason, rule string) {
	c.errs = append(c.errs, &FieldError{Field: field, Value: value, Reason: reason, Rule: rule, Err: ErrInvalid})
}

func (c *ruleChecker) addErr(path string, err error) {
	var fe *FieldError
	if errors.As(prefix(path, err), &fe) {
		c.errs = append(c.errs, fe)
	}
}

// record checks the agreement's own consistency.
func (c *ruleChecker) record() {
	a := c.a
	if strings.TrimSpace(a.ID) == "" || strings.TrimSpace(a.ID) != a.ID {
		c.add("id", a.ID, "an agreement needs an id without surrounding spaces", "")
	}
	if !a.Kind.IsValid() {
		c.add("kind", a.Kind.String(), "not a valid agreement kind", "")
	}
	c.parties()
	if strings.TrimSpace(a.Apprentice.ID) == "" || strings.TrimSpace(a.Apprentice.ID) != a.Apprentice.ID {
		c.add("apprentice.id", a.Apprentice.ID, "an apprentice needs an id without surrounding spaces", "")
	}
	if strings.TrimSpace(a.Apprentice.Name) == "" {
		c.add("apprentice.name", a.Apprentice.Name, "an apprentice needs a name", "")
	}
	c.dates()
	c.contract()
	if a.ProbationMonths < 0 {
		c.add("probationMonths", strconv.Itoa(a.ProbationMonths), "must not be negative", "")
	} else if c.spanOK && a.ProbationMonths > c.months {
		c.add("probationMonths", strconv.Itoa(a.ProbationMonths), fmt.Sprintf("longer than the training period of %d months", c.months), "")
	}
	c.hours()
	c.share()
	c.fullTime()
	if !ruleCurrency(a.Currency) {
		c.add("currency", a.Currency, "must be a three-letter upper-case ISO 4217 code", "")
	}
	c.allowance()
	if err := a.Occupation.Validate(); err != nil {
		c.addErr("occupation", err)
	}
	switch {
	case a.Target == 0 && a.Kind != Tripartite && a.Kind != NewType:
		// Dual: German qualifications are not on a Chinese ladder; an
		// invalid kind is reported already.
	case !a.Target.IsValid():
		c.add("target", a.Target.String(), "not a valid skill level", "")
	}
	c.mentors()
}

func (c *ruleChecker) parties() {
	a := c.a
	if err := a.Enterprise.validate(); err != nil {
		c.addErr("enterprise", err)
	}
	switch a.Kind {
	case Tripartite, NewType:
		if err := a.Institution.validate(); err != nil {
			c.addErr("institution", err)
		}
	case Dual:
		if a.Institution != (Organisation{}) {
			c.add("institution.id", a.Institution.ID, "a dual agreement has no institution party (the vocational school takes part by law)", "")
		}
	}
}

func (c *ruleChecker) dates() {
	a := c.a
	for _, d := range []struct {
		field string
		v     Date
	}{{"signed", a.Signed}, {"start", a.Start}, {"end", a.End}} {
		if d.v.IsZero() {
			c.add(d.field, "", "the date is required", "")
		}
	}
	if !a.Signed.IsZero() && !a.Start.IsZero() && a.Signed.After(a.Start) {
		c.add("signed", a.Signed.String(), "signed after the start "+a.Start.String(), "")
	}
	if a.Start.IsZero() || a.End.IsZero() {
		return
	}
	if a.End.Before(a.Start) {
		c.add("end", a.End.String(), "before the start "+a.Start.String(), "")
		return
	}
	next := a.End.Next()
	if next.IsZero() {
		c.add("end", a.End.String(), "training cannot end on the last supported day", "")
		return
	}
	c.spanOK, c.endNext, c.months = true, next, civil.MonthsBetween(a.Start, next)
}

func (c *ruleChecker) contract() {
	a := c.a
	if a.Kind != NewType {
		if !a.ContractEnd.IsZero() || a.ContractOpenEnded {
			c.add("contractEnd", a.ContractEnd.String(), "only a new-type agreement has a labour contract", "")
		}
		return
	}
	switch {
	case a.ContractOpenEnded && !a.ContractEnd.IsZero():
		c.add("contractEnd", a.ContractEnd.String(), "an open-ended labour contract has no end date", "")
	case !a.ContractOpenEnded && a.ContractEnd.IsZero():
		c.add("contractEnd", "", "a new-type agreement needs the labour contract's end or contractOpenEnded", "")
	case !a.ContractEnd.IsZero() && !a.Start.IsZero() && a.ContractEnd.Before(a.Start):
		c.add("contractEnd", a.ContractEnd.String(), "the labour contract ends before training starts on "+a.Start.String(), "")
	}
}

func (c *ruleChecker) hours() {
	h := c.a.WeeklyHours
	u, err := money.ToUnits(h, ruleHoursScale)
	if err != nil || u <= 0 || u > ruleMaxWeekHours*100 {
		c.add("weeklyHours", ruleShow(h), fmt.Sprintf("must be above 0 and at most %d, with at most %d decimal places", ruleMaxWeekHours, ruleHoursScale), "")
	}
}

func (c *ruleChecker) share() {
	u, ok := ruleShare(c.a.PartTime)
	if !ok {
		c.add("partTime", ruleShow(c.a.PartTime), fmt.Sprintf("must be in (0, 1] (1 is full time) with at most %d decimal places", ruleShareScale), "")
		return
	}
	c.shareOK, c.partial = true, u < 1_000_000
}

func (c *ruleChecker) fullTime() {
	a := c.a
	if a.FullTimeMonths < 1 || a.FullTimeMonths > ruleMaxMonths {
		c.add("fullTimeMonths", strconv.Itoa(a.FullTimeMonths), fmt.Sprintf("must be in [1, %d]", ruleMaxMonths), "")
		return
	}
	c.ftOK = true
	if c.spanOK && c.shareOK && !c.partial && a.FullTimeMonths != c.months {
		c.add("fullTimeMonths", strconv.Itoa(a.FullTimeMonths),
			fmt.Sprintf("a full-time agreement from %s to %s runs %d whole months", a.Start, a.End, c.months), "")
	}
}

func (c *ruleChecker) allowance() {
	a := c.a
	if len(a.Allowance) == 0 {
		c.add("allowance", "", "needs the monthly allowance of each training year", "")
		return
	}
	for i, x := range a.Allowance {
		u, err := money.ToUnits(x, ruleMoneyScale)
		if err != nil || u < 0 {
			c.add(fmt.Sprintf("allowance[%d]", i), ruleShow(x), fmt.Sprintf("must be a non-negative amount with at most %d decimal places", ruleMoneyScale), "")
		}
	}
	if !c.spanOK {
		return
	}
	years, err := civil.TrainingYear(a.Start, a.End)
	if err == nil && len(a.Allowance) < years {
		c.add("allowance", strconv.Itoa(len(a.Allowance))+" years",
			fmt.Sprintf("training ending %s is in its training year %d: one amount per year is needed", a.End, years), "")
	}
}

func (c *ruleChecker) mentors() {
	a := c.a
	check := func(field string, m Mentor, role MentorRole, org string) {
		if m == (Mentor{}) {
			return
		}
		if strings.TrimSpace(m.ID) == "" {
			c.add(field+".id", m.ID, "a mentor needs an id", "")
		}
		if strings.TrimSpace(m.Name) == "" {
			c.add(field+".name", m.Name, "a mentor needs a name", "")
		}
		if m.Role != role {
			c.add(field+".role", m.Role.String(), "the "+field+" must have the role "+role.String(), "")
		}
		switch {
		case org != "" && m.Organisation != org:
			c.add(field+".organisation", m.Organisation, "must be "+org, "")
		case strings.TrimSpace(m.Organisation) == "":
			c.add(field+".organisation", m.Organisation, "a mentor needs an organisation", "")
		}
	}
	check("teacher", a.Teacher, Teacher, a.Institution.ID)
	check("master", a.Master, Master, a.Enterprise.ID)
}

// ruleCurrency reports whether s has the form of an ISO 4217 alphabetic code.
func ruleCurrency(s string) bool {
	if len(s) != ruleCurrencyChars {
		return false
	}
	for i := range len(s) {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// longer reports whether the training period runs longer than n months:
// whether End+1 day is after Start.AddMonths(n). A limit beyond the calendar
// is never exceeded.
func (c *ruleChecker) longer(n int) bool {
	limit, err := c.a.Start.AddMonths(n, civil.Clamp)
	return err == nil && c.endNext.After(limit)
}

// rules checks a against the rules of rs.
func (c *ruleChecker) rules(rs RuleSet) {
	a := c.a
	if k := rs.Kinds; len(k.Allowed) > 0 && a.Kind.IsValid() && !slices.Contains(k.Allowed, a.Kind) {
		c.add("kind", a.Kind.String(), "this rule set does not accept this kind of agreement",
			ruleCite(k.Rule, fmt.Sprintf("kinds %v", k.Allowed)))
	}
	if p := rs.Probation; p.active() && a.ProbationMonths >= 0 {
		if (p.Min > 0 && a.ProbationMonths < p.Min) || (p.Max > 0 && a.ProbationMonths > p.Max) {
			c.add("probationMonths", strconv.Itoa(a.ProbationMonths), "probation out of range",
				ruleCite(p.Rule, p.describe("probation")))
		}
	}
	c.duration(rs)
	c.partTime(rs.PartTime)
	if k := rs.Contract; k.active() && a.Kind == NewType && !a.ContractOpenEnded &&
		!a.ContractEnd.IsZero() && !a.Start.IsZero() && !a.ContractEnd.Before(a.Start) {
		next := a.ContractEnd.Next()
		months := civil.MonthsBetween(a.Start, next)
		over := false
		if limit, err := a.Start.AddMonths(k.Max, civil.Clamp); k.Max > 0 && err == nil {
			over = !next.IsZero() && next.After(limit)
		}
		if (k.Min > 0 && !next.IsZero() && months < k.Min) || over {
			c.add("contractEnd", a.ContractEnd.String(),
				fmt.Sprintf("the labour contract runs %d whole months from the start %s", months, a.Start),
				ruleCite(k.Rule, k.describe("labour contract")))
		}
	}
	if t := rs.Targets; len(t.Allowed) > 0 && a.Target.IsValid() && !slices.Contains(t.Allowed, a.Target) {
		c.add("target", a.Target.String(), "this rule set does not accept this target level",
			ruleCite(t.Rule, "target levels "+ruleLevels(t.Allowed)))
	}
}

func ruleLevels(ls []certificate.Level) string {
	names := make([]string, len(ls))
	for i, l := range ls {
		names[i] = l.String()
	}
	return strings.Join(names, ", ")
}

// duration applies the duration rule: to the actual period of a full-time
// agreement, to FullTimeMonths of a part-time one (and to the actual period
// too if no part-time rule allows extending it).
func (c *ruleChecker) duration(rs RuleSet) {
	d, a := rs.Duration, c.a
	if !d.active() || !c.shareOK {
		return
	}
	limit, special := d.Max, false
	if a.SpecialCase && d.SpecialMax > 0 {
		limit, special = d.SpecialMax, true
	}
	what := "training"
	if d.Min > 0 && d.Max > 0 {
		what = fmt.Sprintf("training %d–%d months", d.Min, d.Max)
	} else if d.Max > 0 {
		what = fmt.Sprintf("training at most %d months", d.Max)
	} else if d.Min > 0 {
		what = fmt.Sprintf("training at least %d months", d.Min)
	}
	if d.SpecialMax > 0 {
		what += fmt.Sprintf(", up to %d in special cases", d.SpecialMax)
	}
	rule := ruleCite(d.Rule, what)
	hint := ""
	if d.SpecialMax > 0 && !special {
		hint = fmt.Sprintf(" (up to %d only in special cases, marked specialCase)", d.SpecialMax)
	}
	period := a.Start.String() + "/" + a.End.String()

	if c.partial {
		if c.ftOK {
			if d.Min > 0 && a.FullTimeMonths < d.Min {
				c.add("fullTimeMonths", strconv.Itoa(a.FullTimeMonths), fmt.Sprintf("the full-time duration is shorter than %d months", d.Min), rule)
			}
			if limit > 0 && a.FullTimeMonths > limit {
				c.add("fullTimeMonths", strconv.Itoa(a.FullTimeMonths), fmt.Sprintf("the full-time duration is longer than %d months%s", limit, hint), rule)
			}
		}
		if rs.PartTime.active() || !c.spanOK || limit == 0 || !c.longer(limit) {
			return
		}
		c.add("end", period, fmt.Sprintf("the training period is longer than %d months and no part-time rule extends it%s", limit, hint), rule)
		return
	}
	if !c.spanOK {
		return
	}
	if d.Min > 0 && c.months < d.Min {
		c.add("end", period, fmt.Sprintf("the training period runs %d whole months, shorter than %d", c.months, d.Min), rule)
	}
	if limit > 0 && c.longer(limit) {
		c.add("end", period, fmt.Sprintf("the training period is longer than %d months%s", limit, hint), rule)
	}
}

// partTime applies the part-time rule to a part-time agreement.
func (c *ruleChecker) partTime(p PartTimeRule) {
	a := c.a
	if !p.active() || !c.shareOK || !c.partial {
		return
	}
	if !p.From.IsZero() && !a.Start.IsZero() && a.Start.Before(p.From) {
		c.add("partTime", ruleShow(a.PartTime),
			"part-time training starting "+a.Start.String()+" is outside this rule set, which covers part-time training starting on or after "+p.From.String(),
			ruleCite(p.Rule, "part-time training from "+p.From.String()))
	}
	if !p.MinShare.IsZero() && a.PartTime.Cmp(p.MinShare) < 0 {
		c.add("partTime", ruleShow(a.PartTime), "working hours may be cut to a share of at least "+ruleShow(p.MinShare),
			ruleCite(p.Rule, "part-time share at least "+ruleShow(p.MinShare)))
	}
	if !c.ftOK || !c.spanOK {
		return
	}
	want := rulePartTimeMonths(a.FullTimeMonths, a.PartTime, p.CapFactor)
	period := a.Start.String() + "/" + a.End.String()
	if capMonths := ruleCapMonths(a.FullTimeMonths, p.CapFactor); capMonths > 0 && c.longer(capMonths) {
		c.add("end", period,
			fmt.Sprintf("the part-time training period is longer than %s × %d = %d months", ruleShow(p.CapFactor), a.FullTimeMonths, capMonths),
			ruleCite(p.Rule, "part-time duration at most "+ruleShow(p.CapFactor)+" × the full-time duration"))
		return
	}
	// The period must run want months exactly: neither fewer whole months
	// nor want months and some days more.
	if c.months != want || c.longer(want) {
		runs := fmt.Sprintf("%d whole months", c.months)
		if extra := c.extraDays(); extra > 0 {
			runs += fmt.Sprintf(" and %d days", extra)
		}
		c.add("end", period,
			fmt.Sprintf("the part-time training period runs %s, not exactly floor(%d / %s) = %d months (capped, rounded down)", runs, a.FullTimeMonths, ruleShow(a.PartTime), want),
			ruleCite(p.Rule, "part-time duration extended correspondingly, rounded down to whole months"))
	}
}

// extraDays returns the days the training period runs beyond its whole
// months: from Start.AddMonths(months) to End+1 day.
func (c *ruleChecker) extraDays() int {
	whole, err := c.a.Start.AddMonths(c.months, civil.Clamp)
	if err != nil {
		return 0
	}
	return civil.DaysBetween(whole, c.endNext)
}

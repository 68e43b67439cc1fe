package certificate

// The credit bank (学分银行) and the 1+X completion check (书证融通).
//
// A college publishes which X certificates convert into which of its
// courses. This file holds that rule set (CreditBank), the conversion of one
// person's certificates into course credits (Transcript), and the check of a
// diploma's requirements against courses passed, credits converted and
// certificates held (Completion).

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/strictjson"
	"github.com/shopspring/decimal"

	"github.com/dualtrack/dualtrack/internal/money"
)

// Bounds on every credit value (course credits, rule credits, the cap, the
// minimum credits of a diploma, credits earned): at most two decimal places,
// so half and quarter credits can be written, and below 10000.
const (
	creditMaxPlaces    = 2
	creditMaxIntDigits = 4
)

// CourseKind is the kind of a course in a college's curriculum. Which kinds
// an X certificate may replace depends on its level (see
// CreditBankConfig.LevelKinds). The zero CourseKind is not a kind.
type CourseKind uint8

// The kinds of course.
const (
	BasicCourse CourseKind = iota + 1 // a basic course (基础课); code "basic"
	CoreCourse                        // a core course of the major (核心课); code "core"
)

var courseKinds = codes[CourseKind]{"course kind", []string{"", "basic", "core"}}

// IsValid reports whether k is one of the kinds.
func (k CourseKind) IsValid() bool { return courseKinds.valid(k) }

// String returns the stable code of k: "basic" or "core".
func (k CourseKind) String() string { return courseKinds.String(k) }

// MarshalText implements encoding.TextMarshaler with the stable code.
func (k CourseKind) MarshalText() ([]byte, error) { return courseKinds.marshal(k) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown codes are errors.
func (k *CourseKind) UnmarshalText(b []byte) (err error) {
	*k, err = courseKinds.parse(string(b))
	return err
}

// Course is a course of the college's curriculum that a certificate may
// replace.
type Course struct {
	// Code identifies the course; compared exactly. Required, unique.
	Code string `json:"code"`
	// Name is the course's name. Required.
	Name string `json:"name"`
	// Kind is basic or core. Required.
	Kind CourseKind `json:"kind"`
	// Credits is what the course is worth: greater than zero, at most two
	// decimal places, below 10000 (2, 1.5 or 0.25, say).
	Credits decimal.Decimal `json:"credits"`
}

// ConversionRule says that a 1+X certificate of an occupation (its skill
// area) at a level converts into credits for some of the college's courses.
type ConversionRule struct {
	// Occupation is the certificate's occupation or skill-area code, matched
	// exactly against Certificate.Occupation.Code. Required.
	Occupation string `json:"occupation"`
	// Level is a level of the 1+X ladder. Required.
	Level Level `json:"level"`
	// Courses are the codes of the courses the certificate can replace, in
	// order of priority. At least one, each once, each a course of the
	// bank of a kind that Level converts into.
	Courses []string `json:"courses"`
	// Credits is the most credits the credit bank recognises for the
	// certificate: greater than zero, at most the per-certificate cap and
	// at most the credits of the listed courses together.
	Credits decimal.Decimal `json:"credits"`
}

// CreditBankConfig is a credit bank's rule set as data. Build a CreditBank
// from it with NewCreditBank, or load it from JSON with
// ParseCreditBankConfig. In JSON it is an object
//
//	{"maxCreditsPerCertificate": "8",
//	 "levelKinds": {"1x-junior": ["basic"], "1x-intermediate": ["core"], "1x-senior": ["basic", "core"]},
//	 "courses": [{"code": "…", "name": "…", "kind": "basic", "credits": "2"}, …],
//	 "rules": [{"occupation": "…", "level": "1x-junior", "courses": ["…"], "credits": "4"}, …]}
//
// whose credit values are JSON strings or numbers.
type CreditBankConfig struct {
	// MaxCreditsPerCertificate caps the credits one certificate converts
	// into; one college's published rules set it at 8. Required.
	MaxCreditsPerCertificate decimal.Decimal `json:"maxCreditsPerCertificate"`
	// LevelKinds says which kinds of course each 1+X level may replace. The
	// same college maps junior to basic courses, intermediate to core
	// courses and senior to both. Every level that a rule uses needs an
	// entry.
	LevelKinds map[Level][]CourseKind `json:"levelKinds"`
	// Courses are the courses that rules may name.
	Courses []Course `json:"courses"`
	// Rules are the conversion rules, at most one per occupation and level.
	Rules []ConversionRule `json:"rules"`
}

// creditKey indexes rules by occupation code and level.
type creditKey struct {
	occupation string
	level      Level
}

// creditRule is a validated rule: the grant and the courses in order.
type creditRule struct {
	credits decimal.Decimal
	courses []Course
}

// CreditBank is a validated, indexed rule set for converting 1+X
// certificates into course credits (学分银行, 书证融通).
//
// A certificate converts under at most one rule: the one for its occupation
// code and level. The rule names courses in order of priority and grants at
// most its Credits. One college's published rules, which the checks follow,
// say that a certificate converts at most 8 credits (the cap,
// MaxCreditsPerCertificate, is configurable) and "no more than the credit
// bank recognises", read here as: no more than its rule grants, and a rule
// cannot grant more than its courses are worth together. Junior certificates
// replace basic courses, intermediate ones core courses, senior ones both
// (LevelKinds, configurable). One course is credited from one certificate
// only, and courses are credited whole; Convert gives the order.
//
// Credits are exact decimals with at most two decimal places (so 0.5 and
// 0.25 can be written) and below 10000; the bounds are checked on the digits
// and exponent before any arithmetic, so no value with an absurd exponent
// is ever expanded.
//
// Lookups are by map, so the cost of a conversion does not grow with the
// number of rules (the national credit bank recognised 341 X certificates
// with 4,278 conversion rules in 2023). A CreditBank is immutable and safe
// for concurrent use. The zero CreditBank has no rules and a zero cap: it
// converts nothing.
type CreditBank struct {
	maxPerCert decimal.Decimal
	courses    map[string]Course
	rules      map[creditKey]creditRule
}

// NewCreditBank validates cfg and returns the credit bank it describes. The
// config is copied; later changes to it do not affect the bank.
//
// Every problem is a *FieldError matching ErrInvalid whose Field is the JSON
// path of the offending value, such as "rules[3].credits":
//
//   - maxCreditsPerCertificate, a course's credits or a rule's credits that is
//     not greater than zero, has more than two decimal places or is 10000 or
//     more;
//   - a levelKinds key that is not a 1+X level, or an entry with no kind, an
//     invalid kind or a kind twice;
//   - a course with an empty code, name or invalid kind, or a code used by an
//     earlier course;
//   - a rule with an empty occupation, a level that is not a 1+X level or has
//     no levelKinds entry, no courses, a course code that is not a course of
//     the bank or is listed twice, a course of a kind its level does not
//     convert into, credits above maxCreditsPerCertificate (a rule granting
//     10 credits under a cap of 8), credits above the sum of its courses'
//     credits, or the same occupation and level as an earlier rule.
//
// The first problem in the order of the config (cap, levelKinds by level,
// courses, rules) is reported.
func NewCreditBank(cfg CreditBankConfig) (CreditBank, error) {
	if r := creditReason(cfg.MaxCreditsPerCertificate, true); r != "" {
		return CreditBank{}, fieldErr("maxCreditsPerCertificate", creditText(cfg.MaxCreditsPerCertificate), r)
	}
	kinds, err := creditLevelKinds(cfg.LevelKinds)
	if err != nil {
		return CreditBank{}, err
	}
	b := CreditBank{
		maxPerCert: cfg.MaxCreditsPerCertificate,
		courses:    make(map[string]Course, len(cfg.Courses)),
		rules:      make(map[creditKey]creditRule, len(cfg.Rules)),
	}
	courseAt := make(map[string]int, len(cfg.Courses))
	for i, c := range cfg.Courses {
		path := fmt.Sprintf("courses[%d]", i)
		switch {
		case strings.TrimSpace(c.Code) == "":
			return CreditBank{}, fieldErr(path+".code", c.Code, "a course needs a code")
		case strings.TrimSpace(c.Name) == "":
			return CreditBank{}, fieldErr(path+".name", c.Name, "a course needs a name")
		case !c.Kind.IsValid():
			return CreditBank{}, fieldErr(path+".kind", c.Kind.String(), "not a valid course kind")
		}
		if r := creditReason(c.Credits, true); r != "" {
			return CreditBank{}, fieldErr(path+".credits", creditText(c.Credits), r)
		}
		if j, dup := courseAt[c.Code]; dup {
			return CreditBank{}, fieldErr(path+".code", c.Code, fmt.Sprintf("the same code as courses[%d]", j))
		}
		courseAt[c.Code] = i
		b.courses[c.Code] = c
	}
	ruleAt := make(map[creditKey]int, len(cfg.Rules))
	for i, r := range cfg.Rules {
		rule, err := b.creditCheckRule(r, kinds)
		if err != nil {
			return CreditBank{}, prefix(fmt.Sprintf("rules[%d]", i), err)
		}
		key := creditKey{r.Occupation, r.Level}
		if j, dup := ruleAt[key]; dup {
			return CreditBank{}, fieldErr(fmt.Sprintf("rules[%d].level", i), r.Level.String(),
				fmt.Sprintf("occupation %q already has a rule at this level (rules[%d])", clip(r.Occupation), j))
		}
		ruleAt[key] = i
		b.rules[key] = rule
	}
	return b, nil
}

// creditLevelKinds validates the level → kinds map, level by level in
// ladder order, and returns a copy.
func creditLevelKinds(m map[Level][]CourseKind) (map[Level][]CourseKind, error) {
	levels := make([]Level, 0, len(m))
	for l := range m {
		levels = append(levels, l)
	}
	slices.Sort(levels)
	out := make(map[Level][]CourseKind, len(m))
	for _, l := range levels {
		path := "levelKinds[" + strconv.Quote(clip(l.String())) + "]"
		if l.Ladder() != OnePlusX {
			return nil, fieldErr(path, l.String(), "not a level of the 1+X ladder")
		}
		ks := m[l]
		if len(ks) == 0 {
			return nil, fieldErr(path, "", "a level needs at least one course kind")
		}
		for j, k := range ks {
			if !k.IsValid() {
				return nil, fieldErr(fmt.Sprintf("%s[%d]", path, j), k.String(), "not a valid course kind")
			}
			if slices.Contains(ks[:j], k) {
				return nil, fieldErr(fmt.Sprintf("%s[%d]", path, j), k.String(), "course kind listed twice")
			}
		}
		out[l] = slices.Clone(ks)
	}
	return out, nil
}

// creditCheckRule validates one rule against the bank's courses and the
// level kinds; field paths are relative to the rule.
func (b CreditBank) creditCheckRule(r ConversionRule, kinds map[Level][]CourseKind) (creditRule, error) {
	if strings.TrimSpace(r.Occupation) == "" {
		return creditRule{}, fieldErr("occupation", r.Occupation, "a rule needs an occupation code")
	}
	if r.Level.Ladder() != OnePlusX {
		return creditRule{}, fieldErr("level", r.Level.String(), "not a level of the 1+X ladder")
	}
	allowed, ok := kinds[r.Level]
	if !ok {
		return creditRule{}, fieldErr("level", r.Level.String(), "levelKinds has no entry for this level")
	}
	if len(r.Courses) == 0 {
		return creditRule{}, fieldErr("courses", "", "a rule needs at least one course")
	}
	rule := creditRule{credits: r.Credits, courses: make([]Course, len(r.Courses))}
	sum := decimal.Decimal{}
	for j, code := range r.Courses {
		path := fmt.Sprintf("courses[%d]", j)
		c, ok := b.courses[code]
		switch {
		case !ok:
			return creditRule{}, fieldErr(path, code, "not a course of the credit bank")
		case slices.Contains(r.Courses[:j], code):
			return creditRule{}, fieldErr(path, code, "course listed twice")
		case !slices.Contains(allowed, c.Kind):
			return creditRule{}, fieldErr(path, code,
				fmt.Sprintf("a %s course, but level %s converts into %s courses only", c.Kind, r.Level, creditKindList(allowed)))
		}
		rule.courses[j] = c
		sum = sum.Add(c.Credits)
	}
	if reason := creditReason(r.Credits, true); reason != "" {
		return creditRule{}, fieldErr("credits", creditText(r.Credits), reason)
	}
	if r.Credits.Cmp(b.maxPerCert) > 0 {
		return creditRule{}, fieldErr("credits", creditText(r.Credits),
			fmt.Sprintf("more than the cap of %s credits per certificate (maxCreditsPerCertificate)", creditText(b.maxPerCert)))
	}
	if r.Credits.Cmp(sum) > 0 {
		return creditRule{}, fieldErr("credits", creditText(r.Credits),
			fmt.Sprintf("more than the %s credits of the rule's courses together", creditText(sum)))
	}
	return rule, nil
}

func creditKindList(ks []CourseKind) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = k.String()
	}
	return strings.Join(s, " and ")
}

// MaxCreditsPerCertificate returns the cap on the credits one certificate
// converts into.
func (b CreditBank) MaxCreditsPerCertificate() decimal.Decimal { return b.maxPerCert }

// Course returns the course with the given code, and false if the bank has
// none.
func (b CreditBank) Course(code string) (Course, bool) {
	c, ok := b.courses[code]
	return c, ok
}

// Rule returns the conversion rule for certificates of the occupation at the
// level, and false if there is none. The result is a copy.
func (b CreditBank) Rule(occupation string, level Level) (ConversionRule, bool) {
	r, ok := b.rules[creditKey{occupation, level}]
	if !ok {
		return ConversionRule{}, false
	}
	out := ConversionRule{Occupation: occupation, Level: level, Credits: r.credits, Courses: make([]string, len(r.courses))}
	for i, c := range r.courses {
		out.Courses[i] = c.Code
	}
	return out, true
}

// SkipReason says why a certificate, or one course of its rule, was not
// credited. The zero SkipReason is not a reason.
type SkipReason uint8

// The reasons. The first five concern a whole certificate, the last two one
// course of its rule.
const (
	// SkipInvalidRecord: the certificate fails Certificate.Validate; the
	// detail is the validation error. Code "invalid-record".
	SkipInvalidRecord SkipReason = iota + 1
	// SkipOtherHolder: the certificate belongs to another person than the
	// transcript's holder. Code "other-holder".
	SkipOtherHolder
	// SkipDuplicate: a certificate with the same number came earlier.
	// Code "duplicate".
	SkipDuplicate
	// SkipNotValid: the certificate is not valid on the "as of" date (not yet
	// issued, suspended, expired or revoked). Code "not-valid".
	SkipNotValid
	// SkipNoRule: the bank has no rule for the certificate's occupation and
	// level (certificates of other ladders never have one). Code "no-rule".
	SkipNoRule
	// SkipAlreadyCredited: the course was already credited from an earlier
	// certificate; one course is credited from one certificate only. Code
	// "already-credited".
	SkipAlreadyCredited
	// SkipOverGrant: the course's credits do not fit in what is left of the
	// certificate's grant. Code "over-grant".
	SkipOverGrant
)

var skipReasons = codes[SkipReason]{"skip reason", []string{"", "invalid-record", "other-holder", "duplicate", "not-valid", "no-rule", "already-credited", "over-grant"}}

// IsValid reports whether r is one of the reasons.
func (r SkipReason) IsValid() bool { return skipReasons.valid(r) }

// String returns the stable code of r, such as "already-credited".
func (r SkipReason) String() string { return skipReasons.String(r) }

// MarshalText implements encoding.TextMarshaler with the stable code.
func (r SkipReason) MarshalText() ([]byte, error) { return skipReasons.marshal(r) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown codes are errors.
func (r *SkipReason) UnmarshalText(b []byte) (err error) {
	*r, err = skipReasons.parse(string(b))
	return err
}

// CreditLine is one course credited from one certificate.
type CreditLine struct {
	Certificate string          `json:"certificate"` // the certificate number
	Course      string          `json:"course"`      // the course code
	Credits     decimal.Decimal `json:"credits"`     // the course's credits
}

// CreditSkip is a certificate, or one course of its rule, that was not
// credited, with the reason.
type CreditSkip struct {
	Certificate string     `json:"certificate"`      // the certificate number
	Course      string     `json:"course,omitempty"` // the course code; empty when the whole certificate was skipped
	Reason      SkipReason `json:"reason"`
	Detail      string     `json:"detail"` // for people: the status, the other certificate, the arithmetic
}

// Transcript is the result of converting one person's certificates into
// course credits: the courses credited, what was skipped and why, and the
// total. In JSON, the day is "YYYY-MM-DD", reasons are their stable codes
// and credits are decimal strings such as "14.5".
type Transcript struct {
	// Holder is the Holder.ID of the person (empty if no certificate had a
	// valid record).
	Holder string `json:"holder"`
	// AsOf is the day on which the certificates had to be valid.
	AsOf Date `json:"asOf"`
	// Lines are the credited courses, certificate by certificate in
	// priority order (see Convert), each certificate's courses in the order
	// of its rule. No course appears twice.
	Lines []CreditLine `json:"lines"`
	// Skipped lists what was not credited, in the same order.
	Skipped []CreditSkip `json:"skipped"`
	// Total is the sum of the credits of the lines, exact.
	Total decimal.Decimal `json:"total"`
}

// Convert converts one person's certificates into course credits as of a
// day. It never fails: what cannot be credited is listed in
// Transcript.Skipped with the reason.
//
// Certificates are taken in priority order: earliest Issued first, then
// lowest Number (byte order), then the order of certs. So whichever
// certificate was earned first credits a course that two certificates could
// replace, and the result does not depend on the order of certs (except
// between two certificates with the same issue date and number, which is
// itself a skip). For each certificate in turn:
//
//  1. a record that fails Certificate.Validate is skipped (invalid-record);
//  2. the transcript's holder is the Holder.ID of the first certificate with
//     a valid record; a certificate of anyone else is skipped
//     (other-holder);
//  3. a number seen before is skipped (duplicate);
//  4. a certificate that is not valid on asOf is skipped (not-valid);
//  5. a certificate whose occupation code and level have no rule is skipped
//     (no-rule);
//  6. otherwise its grant is the rule's credits, never more than the
//     per-certificate cap, and its rule's courses are taken in the rule's
//     order: a course already credited from an earlier certificate is
//     skipped (already-credited), a course whose credits exceed what is left
//     of the grant is skipped (over-grant), and any other course is credited
//     with its full credits, which are taken off the grant. Courses are
//     credited whole, never in part, so a grant may be left partly unused.
//
// Hence no course is credited twice and no certificate converts more than
// the cap or its rule's credits. The zero asOf is before every issue date:
// every certificate is then skipped as not valid.
func (b CreditBank) Convert(certs []Certificate, asOf Date) Transcript {
	t := Transcript{AsOf: asOf, Lines: []CreditLine{}, Skipped: []CreditSkip{}}
	order, recordErrs := creditOrder(certs)
	t.Holder = creditHolder(certs, order, recordErrs)
	seen := make(map[string]bool, len(certs))
	creditedBy := make(map[string]string)
	for _, i := range order {
		c := &certs[i]
		skip := func(reason SkipReason, detail string) {
			t.Skipped = append(t.Skipped, CreditSkip{Certificate: c.Number, Reason: reason, Detail: detail})
		}
		reason, detail := creditUsable(c, recordErrs[i], t.Holder, asOf)
		if reason == SkipInvalidRecord || reason == SkipOtherHolder {
			skip(reason, detail)
			continue
		}
		if seen[c.Number] {
			skip(SkipDuplicate, "a certificate with this number came earlier")
			continue
		}
		seen[c.Number] = true
		if reason != 0 {
			skip(reason, detail)
			continue
		}
		rule, ok := b.rules[creditKey{c.Occupation.Code, c.Level}]
		if !ok {
			skip(SkipNoRule, fmt.Sprintf("no conversion rule for occupation %q at level %s", clip(c.Occupation.Code), c.Level))
			continue
		}
		grant := decimal.Min(rule.credits, b.maxPerCert)
		left := grant
		for _, course := range rule.courses {
			if by, done := creditedBy[course.Code]; done {
				t.Skipped = append(t.Skipped, CreditSkip{Certificate: c.Number, Course: course.Code, Reason: SkipAlreadyCredited,
					Detail: fmt.Sprintf("already credited from certificate %q", clip(by))})
				continue
			}
			if course.Credits.Cmp(left) > 0 {
				t.Skipped = append(t.Skipped, CreditSkip{Certificate: c.Number, Course: course.Code, Reason: SkipOverGrant,
					Detail: fmt.Sprintf("%s credits, but only %s of the grant of %s are left", creditText(course.Credits), creditText(left), creditText(grant))})
				continue
			}
			left = left.Sub(course.Credits)
			creditedBy[course.Code] = c.Number
			t.Lines = append(t.Lines, CreditLine{Certificate: c.Number, Course: course.Code, Credits: course.Credits})
			t.Total = t.Total.Add(course.Credits)
		}
	}
	return t
}

// creditOrder returns the indices of certs in priority order (earliest
// issued, then lowest number, then input order) and each record's
// validation error.
func creditOrder(certs []Certificate) ([]int, []error) {
	order := make([]int, len(certs))
	errs := make([]error, len(certs))
	for i := range certs {
		order[i] = i
		errs[i] = certs[i].Validate()
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := certs[a].Issued.Compare(certs[b].Issued); c != 0 {
			return c
		}
		return strings.Compare(certs[a].Number, certs[b].Number)
	})
	return order, errs
}

// creditHolder returns the holder of the first certificate in order whose
// record is valid, or "".
func creditHolder(certs []Certificate, order []int, recordErrs []error) string {
	for _, i := range order {
		if recordErrs[i] == nil {
			return certs[i].Holder.ID
		}
	}
	return ""
}

// creditUsable says why c cannot count for holder on asOf (invalid record,
// other holder, not valid), or returns 0.
func creditUsable(c *Certificate, recordErr error, holder string, asOf Date) (SkipReason, string) {
	if recordErr != nil {
		return SkipInvalidRecord, recordErr.Error()
	}
	if c.Holder.ID != holder {
		return SkipOtherHolder, fmt.Sprintf("held by %q, not %q", clip(c.Holder.ID), clip(holder))
	}
	st := c.StatusOn(asOf)
	switch st.State {
	case Valid:
		return 0, ""
	case NotYetIssued:
		return SkipNotValid, fmt.Sprintf("not yet issued on %s (issued %s)", asOf, c.Issued)
	}
	detail := fmt.Sprintf("%s on %s (since %s)", st.State, asOf, st.Since)
	if st.Reason != "" {
		detail += ": " + clip(st.Reason)
	}
	return SkipNotValid, detail
}

// CourseCredit is a course passed in the ordinary way, with its credits.
type CourseCredit struct {
	Course  string          `json:"course"`  // the course code; required
	Credits decimal.Decimal `json:"credits"` // zero or more, at most two decimal places, below 10000
}

// XRequirement asks for a certificate of an occupation at a minimum level.
type XRequirement struct {
	// Occupation is the occupation or skill-area code, matched exactly
	// against Certificate.Occupation.Code. Required.
	Occupation string `json:"occupation"`
	// MinLevel is the lowest level that counts; a certificate counts if it
	// is on the same ladder and at least this level (Level.AtLeast).
	MinLevel Level `json:"minLevel"`
}

// DiplomaRequirements are what a diploma asks for under 1+X: a number of
// credits, some courses, and X certificates.
type DiplomaRequirements struct {
	// MinCredits is the least number of credits; zero means no minimum.
	MinCredits decimal.Decimal `json:"minCredits"`
	// RequiredCourses are course codes that must be passed or credited
	// from a certificate.
	RequiredCourses []string `json:"requiredCourses,omitempty"`
	// RequiredX are the certificates that must be held, valid, on the day
	// of the check; at most one requirement per occupation.
	RequiredX []XRequirement `json:"requiredX,omitempty"`
}

// Validate checks the requirements: MinCredits not negative, with at most
// two decimal places and below 10000; required course codes not empty and
// each listed once; each X requirement with an occupation code, listed
// once, and a valid level. Errors are *FieldError values matching
// ErrInvalid, with paths such as "requiredX[1].minLevel".
func (r DiplomaRequirements) Validate() error {
	if reason := creditReason(r.MinCredits, false); reason != "" {
		return fieldErr("minCredits", creditText(r.MinCredits), reason)
	}
	for i, c := range r.RequiredCourses {
		path := fmt.Sprintf("requiredCourses[%d]", i)
		if strings.TrimSpace(c) == "" {
			return fieldErr(path, c, "empty course code")
		}
		if slices.Contains(r.RequiredCourses[:i], c) {
			return fieldErr(path, c, "course listed twice")
		}
	}
	for i, x := range r.RequiredX {
		path := fmt.Sprintf("requiredX[%d]", i)
		if strings.TrimSpace(x.Occupation) == "" {
			return fieldErr(path+".occupation", x.Occupation, "an X requirement needs an occupation code")
		}
		if !x.MinLevel.IsValid() {
			return fieldErr(path+".minLevel", x.MinLevel.String(), "not a valid level")
		}
		for j, y := range r.RequiredX[:i] {
			if y.Occupation == x.Occupation {
				return fieldErr(path+".occupation", x.Occupation, fmt.Sprintf("the same occupation as requiredX[%d]", j))
			}
		}
	}
	return nil
}

// ShortfallKind says which requirement of a diploma is not met. The zero
// ShortfallKind is not a kind.
type ShortfallKind uint8

// The kinds of unmet requirement.
const (
	ShortCredits   ShortfallKind = iota + 1 // too few credits; code "credits"
	ShortCourse                             // a required course neither passed nor credited; code "course"
	ShortXMissing                           // no certificate of the occupation; code "x-missing"
	ShortXLevel                             // only certificates below the level; code "x-level"
	ShortXNotValid                          // a certificate of the level, but not valid on the day; code "x-not-valid"
)

var shortfallKinds = codes[ShortfallKind]{"shortfall kind", []string{"", "credits", "course", "x-missing", "x-level", "x-not-valid"}}

// IsValid reports whether k is one of the kinds.
func (k ShortfallKind) IsValid() bool { return shortfallKinds.valid(k) }

// String returns the stable code of k, such as "x-level".
func (k ShortfallKind) String() string { return shortfallKinds.String(k) }

// MarshalText implements encoding.TextMarshaler with the stable code.
func (k ShortfallKind) MarshalText() ([]byte, error) { return shortfallKinds.marshal(k) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown codes are errors.
func (k *ShortfallKind) UnmarshalText(b []byte) (err error) {
	*k, err = shortfallKinds.parse(string(b))
	return err
}

// Shortfall is one requirement of a diploma that is not met, with the
// reason.
type Shortfall struct {
	Kind ShortfallKind `json:"kind"`
	// Item is what is missing: "minCredits", a course code, or an
	// occupation code.
	Item string `json:"item"`
	// Credits is how many credits are missing, for ShortCredits only.
	Credits decimal.Decimal `json:"credits,omitzero"`
	// Reason explains it for people, with the arithmetic for credits.
	Reason string `json:"reason"`
}

// Completion is the result of a 1+X completion check.
type Completion struct {
	// Complete reports whether every requirement is met.
	Complete bool `json:"complete"`
	// AsOf is the day of the check.
	AsOf Date `json:"asOf"`
	// Required is the minimum credits of the diploma.
	Required decimal.Decimal `json:"required"`
	// Earned is the sum of the credits of the courses passed in the
	// ordinary way.
	Earned decimal.Decimal `json:"earned"`
	// Converted is the sum of the credits converted from certificates for
	// courses not also passed in the ordinary way.
	Converted decimal.Decimal `json:"converted"`
	// Total is Earned + Converted: every course counted once.
	Total decimal.Decimal `json:"total"`
	// CountedOnce lists the courses both passed and credited from a
	// certificate, in transcript order; they count with their earned
	// credits only.
	CountedOnce []string `json:"countedOnce,omitempty"`
	// Unmet lists the requirements not met: credits first, then required
	// courses and X requirements in the order of the requirements.
	Unmet []Shortfall `json:"unmet,omitempty"`
}

// CheckCompletion checks a diploma's requirements on day asOf against the
// courses a student passed in the ordinary way (earned), the credits
// converted from certificates (t, from CreditBank.Convert) and the
// certificates held (certs). Unmet requirements are results, listed in
// Completion.Unmet with reasons; errors are for bad input.
//
// Credits combine course by course: a course counts once. A course in
// earned counts with its earned credits, whether or not t also credits it
// (it is then listed in CountedOnce); a course only in t counts with its
// converted credits. The transcript stands as converted: its credits are
// not re-checked against certs on asOf.
//
// A required course is met if it is in earned or in t. An X requirement is
// met by a certificate of its occupation, at least its level (same ladder),
// with a valid record and valid on asOf. Only the certificates of the
// transcript's holder count (if t has no holder, the holder of the first
// certificate with a valid record in the order of Convert); those of anyone
// else are ignored. If the requirement is not met, the reason is
// x-not-valid if a certificate of the level exists but cannot count (the
// first such in the order of Convert is named, with why), x-level if the
// certificates of the occupation are all below the level or on another
// ladder (the highest is named), and x-missing if there is none.
//
// The error is a *FieldError matching ErrInvalid: a zero asOf; invalid
// requirements (DiplomaRequirements.Validate; paths "requirements.…"); an
// earned course with an empty code, listed twice, or with credits that are
// negative, have more than two decimal places or are 10000 or more
// ("earned[i].…"); a transcript line with such credits (but zero is not
// allowed), an empty course code or a course credited twice, or a total
// that is not the sum of the lines ("transcript.…").
func CheckCompletion(req DiplomaRequirements, earned []CourseCredit, t Transcript, certs []Certificate, asOf Date) (Completion, error) {
	if asOf.IsZero() {
		return Completion{}, fieldErr("asOf", "", "the day of the check is required")
	}
	if err := req.Validate(); err != nil {
		return Completion{}, prefix("requirements", err)
	}
	earnedBy := make(map[string]decimal.Decimal, len(earned))
	c := Completion{AsOf: asOf, Required: req.MinCredits}
	for i, e := range earned {
		path := fmt.Sprintf("earned[%d]", i)
		if strings.TrimSpace(e.Course) == "" {
			return Completion{}, fieldErr(path+".course", e.Course, "empty course code")
		}
		if _, dup := earnedBy[e.Course]; dup {
			return Completion{}, fieldErr(path+".course", e.Course, "course listed twice")
		}
		if r := creditReason(e.Credits, false); r != "" {
			return Completion{}, fieldErr(path+".credits", creditText(e.Credits), r)
		}
		earnedBy[e.Course] = e.Credits
		c.Earned = c.Earned.Add(e.Credits)
	}
	credited := make(map[string]bool, len(t.Lines))
	sum := decimal.Decimal{}
	for i, l := range t.Lines {
		path := fmt.Sprintf("transcript.lines[%d]", i)
		if strings.TrimSpace(l.Course) == "" {
			return Completion{}, fieldErr(path+".course", l.Course, "empty course code")
		}
		if credited[l.Course] {
			return Completion{}, fieldErr(path+".course", l.Course, "course credited twice")
		}
		if r := creditReason(l.Credits, true); r != "" {
			return Completion{}, fieldErr(path+".credits", creditText(l.Credits), r)
		}
		credited[l.Course] = true
		sum = sum.Add(l.Credits)
		if _, ok := earnedBy[l.Course]; ok {
			c.CountedOnce = append(c.CountedOnce, l.Course)
		} else {
			c.Converted = c.Converted.Add(l.Credits)
		}
	}
	// A total is a sum of credit values: at most two places, below 10^18.
	if t.Total.Sign() < 0 || creditShape(t.Total, 18) != "" || !t.Total.Equal(sum) {
		return Completion{}, fieldErr("transcript.total", creditText(t.Total),
			fmt.Sprintf("not the sum of the lines (%s)", creditText(sum)))
	}
	c.Total = c.Earned.Add(c.Converted)

	if short := req.MinCredits.Sub(c.Total); short.Sign() > 0 {
		c.Unmet = append(c.Unmet, Shortfall{Kind: ShortCredits, Item: "minCredits", Credits: short,
			Reason: fmt.Sprintf("short by %s credits: %s required, %s counted (%s earned + %s converted)",
				creditText(short), creditText(req.MinCredits), creditText(c.Total), creditText(c.Earned), creditText(c.Converted))})
	}
	for _, code := range req.RequiredCourses {
		if _, ok := earnedBy[code]; !ok && !credited[code] {
			c.Unmet = append(c.Unmet, Shortfall{Kind: ShortCourse, Item: code,
				Reason: "required course neither passed nor credited from a certificate"})
		}
	}
	if len(req.RequiredX) > 0 {
		order, recordErrs := creditOrder(certs)
		holder := t.Holder
		if holder == "" {
			holder = creditHolder(certs, order, recordErrs)
		}
		for _, x := range req.RequiredX {
			if u, unmet := creditCheckX(x, certs, order, recordErrs, holder, asOf); unmet {
				c.Unmet = append(c.Unmet, u)
			}
		}
	}
	c.Complete = len(c.Unmet) == 0
	return c, nil
}

// creditCheckX checks one X requirement against certs taken in order.
func creditCheckX(x XRequirement, certs []Certificate, order []int, recordErrs []error, holder string, asOf Date) (Shortfall, bool) {
	var notValid, highest *Certificate
	var notValidWhy string
	for _, i := range order {
		c := &certs[i]
		if c.Occupation.Code != x.Occupation || c.Holder.ID != holder {
			continue
		}
		reason, detail := creditUsable(c, recordErrs[i], holder, asOf)
		if c.Level.AtLeast(x.MinLevel) {
			if reason == 0 {
				return Shortfall{}, false
			}
			if notValid == nil {
				notValid, notValidWhy = c, reason.String()+": "+detail
			}
			continue
		}
		if highest == nil || c.Level.AtLeast(highest.Level) && c.Level != highest.Level {
			highest = c
		}
	}
	occ := clip(x.Occupation)
	switch {
	case notValid != nil:
		return Shortfall{Kind: ShortXNotValid, Item: x.Occupation,
			Reason: fmt.Sprintf("certificate %q (%s) cannot count: %s", clip(notValid.Number), notValid.Level, notValidWhy)}, true
	case highest != nil:
		return Shortfall{Kind: ShortXLevel, Item: x.Occupation,
			Reason: fmt.Sprintf("highest certificate of occupation %q is %q at %s; at least %s required", occ, clip(highest.Number), highest.Level, x.MinLevel)}, true
	}
	return Shortfall{Kind: ShortXMissing, Item: x.Occupation,
		Reason: fmt.Sprintf("no certificate of occupation %q; at least %s required", occ, x.MinLevel)}, true
}

// creditReason returns why d is not a credit value, or "": a credit value is
// zero or more (greater than zero if positive is set), has at most two
// decimal places and is below 10000.
func creditReason(d decimal.Decimal, positive bool) string {
	switch s := d.Sign(); {
	case s <= 0 && positive:
		return "must be greater than zero"
	case s < 0:
		return "must not be negative"
	}
	return creditShape(d, creditMaxIntDigits)
}

// creditShape returns why d has more than two decimal places or more than
// maxIntDigits integer digits, or "". It looks at the digits and the
// exponent before doing any arithmetic, so a value with a wild exponent is
// rejected without expanding it.
func creditShape(d decimal.Decimal, maxIntDigits int64) string {
	if d.Sign() == 0 {
		return ""
	}
	exp, n := int64(d.Exponent()), int64(d.NumDigits())
	if n+exp > maxIntDigits { // n+exp is the number of integer digits
		return "must be less than 1" + strings.Repeat("0", int(maxIntDigits))
	}
	// Digits beyond the second place must all be zero; if there are more of
	// them than the coefficient has digits, one of them is not.
	if drop := -exp - creditMaxPlaces; drop > 0 && (drop >= n || !d.Truncate(creditMaxPlaces).Equal(d)) {
		return fmt.Sprintf("more than %d decimal places", creditMaxPlaces)
	}
	return ""
}

// creditText formats a credit value for messages: plain notation with as
// few decimals as it needs ("8", "1.5", "0.25"). It does not depend on
// shopspring's package-level settings, and a value with a wild exponent is
// shown by its coefficient and exponent rather than expanded.
func creditText(d decimal.Decimal) string {
	const most = 40 // digits shown in plain notation
	exp, n := int64(d.Exponent()), int64(d.NumDigits())
	if drop := -exp - creditMaxPlaces; drop > 0 && drop < n {
		// Trailing zeros beyond two places cost one cheap division to shed.
		if t := d.Truncate(creditMaxPlaces); t.Equal(d) {
			d = t
			exp, n = int64(d.Exponent()), int64(d.NumDigits())
		}
	}
	switch {
	case exp <= 0 && -exp <= most && n <= most:
		for p := int32(0); p < int32(-exp); p++ {
			if d.Truncate(p).Equal(d) {
				return d.StringFixed(p)
			}
		}
		return d.StringFixed(int32(-exp))
	case exp > 0 && exp+n <= most:
		return d.StringFixed(0)
	}
	return clip(d.Coefficient().String()) + "e" + strconv.FormatInt(exp, 10)
}

// ParseCreditBankConfig parses a credit bank's rule set from JSON (see
// CreditBankConfig for the form) and validates it as NewCreditBank does, so
// a config that parses builds a bank.
//
// Parsing is strict: unknown fields are errors at every level (names are
// case-sensitive); levels and course kinds are stable codes; credit values
// are JSON strings or numbers ("1.5", 1.5, 15e-1), read by the package's
// bounded amount parser (at most 64 bytes, an exponent of at most four
// digits, at most 18 integer digits and 12 decimal places) before the
// credit bounds apply, so "1e999999999" fails at once; and a missing credit
// value is an error. JSON null counts as a missing field. Every error is a
// *FieldError matching ErrInvalid whose Field is the JSON path, such as
// rules[3].credits, levelKinds["1x-junior"][0] or courses[0]["a.b"] (an
// unknown key that is not a plain name), or $ for the document itself. An
// object with the same key twice is an error naming it.
func ParseCreditBankConfig(data []byte) (CreditBankConfig, error) {
	var cfg CreditBankConfig
	if err := json.Unmarshal(data, new(json.RawMessage)); err != nil {
		return CreditBankConfig{}, fieldErr("$", "", "not valid JSON: "+err.Error())
	}
	if path, key, dup := strictjson.DupKey(data, false); dup {
		return CreditBankConfig{}, fieldErr(creditKeyPath(path, key), "", "field given twice")
	}
	top, err := creditObject(data, "", "maxCreditsPerCertificate", "levelKinds", "courses", "rules")
	if err != nil {
		return CreditBankConfig{}, err
	}
	if cfg.MaxCreditsPerCertificate, err = creditAmount(top, "", "maxCreditsPerCertificate"); err != nil {
		return CreditBankConfig{}, err
	}
	if cfg.LevelKinds, err = creditParseLevelKinds(top["levelKinds"]); err != nil {
		return CreditBankConfig{}, err
	}
	courses, err := creditArray(top, "", "courses")
	if err != nil {
		return CreditBankConfig{}, err
	}
	for i, raw := range courses {
		c, err := creditParseCourse(raw, fmt.Sprintf("courses[%d]", i))
		if err != nil {
			return CreditBankConfig{}, err
		}
		cfg.Courses = append(cfg.Courses, c)
	}
	rules, err := creditArray(top, "", "rules")
	if err != nil {
		return CreditBankConfig{}, err
	}
	for i, raw := range rules {
		r, err := creditParseRule(raw, fmt.Sprintf("rules[%d]", i))
		if err != nil {
			return CreditBankConfig{}, err
		}
		cfg.Rules = append(cfg.Rules, r)
	}
	if _, err := NewCreditBank(cfg); err != nil {
		return CreditBankConfig{}, err
	}
	return cfg, nil
}

// UnmarshalJSON implements json.Unmarshaler with ParseCreditBankConfig, so a
// config embedded in a larger document is parsed as strictly and validated.
// JSON null leaves c unchanged; on error c is unchanged.
func (c *CreditBankConfig) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	cfg, err := ParseCreditBankConfig(data)
	if err != nil {
		return err
	}
	*c = cfg
	return nil
}

func creditParseCourse(raw json.RawMessage, path string) (Course, error) {
	m, err := creditObject(raw, path, "code", "name", "kind", "credits")
	if err != nil {
		return Course{}, err
	}
	var c Course
	if c.Code, err = creditString(m, path, "code"); err != nil {
		return Course{}, err
	}
	if c.Name, err = creditString(m, path, "name"); err != nil {
		return Course{}, err
	}
	kind, err := creditString(m, path, "kind")
	if err != nil {
		return Course{}, err
	}
	if c.Kind, err = creditParseKind(kind, creditPath(path, "kind")); err != nil {
		return Course{}, err
	}
	if c.Credits, err = creditAmount(m, path, "credits"); err != nil {
		return Course{}, err
	}
	return c, nil
}

func creditParseRule(raw json.RawMessage, path string) (ConversionRule, error) {
	m, err := creditObject(raw, path, "occupation", "level", "courses", "credits")
	if err != nil {
		return ConversionRule{}, err
	}
	var r ConversionRule
	if r.Occupation, err = creditString(m, path, "occupation"); err != nil {
		return ConversionRule{}, err
	}
	level, err := creditString(m, path, "level")
	if err != nil {
		return ConversionRule{}, err
	}
	if r.Level, err = creditParseLevel(level, creditPath(path, "level")); err != nil {
		return ConversionRule{}, err
	}
	courses, err := creditArray(m, path, "courses")
	if err != nil {
		return ConversionRule{}, err
	}
	for j, raw := range courses {
		var s string
		if err := creditDecodeString(raw, fmt.Sprintf("%s.courses[%d]", path, j), &s); err != nil {
			return ConversionRule{}, err
		}
		r.Courses = append(r.Courses, s)
	}
	if r.Credits, err = creditAmount(m, path, "credits"); err != nil {
		return ConversionRule{}, err
	}
	return r, nil
}

func creditParseLevelKinds(raw json.RawMessage) (map[Level][]CourseKind, error) {
	if creditAbsent(raw) {
		return nil, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fieldErr("levelKinds", creditShow(raw), "want a JSON object")
	}
	keys := slices.Sorted(maps.Keys(m))
	out := make(map[Level][]CourseKind, len(m))
	for _, k := range keys {
		path := "levelKinds[" + strconv.Quote(clip(k)) + "]"
		level, err := creditParseLevel(k, path)
		if err != nil {
			return nil, err
		}
		var items []json.RawMessage
		if err := json.Unmarshal(m[k], &items); err != nil || items == nil {
			return nil, fieldErr(path, creditShow(m[k]), "want a JSON array of course kinds")
		}
		kinds := make([]CourseKind, len(items))
		for j, item := range items {
			ipath := fmt.Sprintf("%s[%d]", path, j)
			var s string
			if err := creditDecodeString(item, ipath, &s); err != nil {
				return nil, err
			}
			if kinds[j], err = creditParseKind(s, ipath); err != nil {
				return nil, err
			}
		}
		out[level] = kinds
	}
	return out, nil
}

func creditParseLevel(s, path string) (Level, error) {
	l, err := ParseLevel(s)
	if err != nil {
		return 0, fieldErr(path, s, "unknown skill level")
	}
	return l, nil
}

func creditParseKind(s, path string) (CourseKind, error) {
	k, err := courseKinds.parse(s)
	if err != nil {
		return 0, fieldErr(path, s, fmt.Sprintf("unknown course kind (want one of %v)", courseKinds.names[1:]))
	}
	return k, nil
}

// creditPath joins a JSON path and a field name.
func creditPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// creditKeyPath joins a JSON path and an arbitrary object key: with a dot
// for a plain name, in brackets and quotes otherwise ("$[\"\"]" for an
// empty key at the top). Long keys are clipped.
func creditKeyPath(path, key string) string {
	plain := key != ""
	for _, r := range key {
		plain = plain && (r == '_' || r == '-' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z')
	}
	if plain {
		return creditPath(path, clip(key))
	}
	if path == "" {
		path = "$"
	}
	return path + "[" + strconv.Quote(clip(key)) + "]"
}

// creditAbsent reports whether a field is missing or null.
func creditAbsent(raw json.RawMessage) bool { return len(raw) == 0 || string(raw) == "null" }

// creditShow returns raw JSON for an error's Value, shortened by FieldError.
func creditShow(raw json.RawMessage) string { return string(raw) }

// creditObject decodes raw as a JSON object whose keys are all among
// allowed. The first unknown key in byte order is reported.
func creditObject(raw json.RawMessage, path string, allowed ...string) (map[string]json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		where := path
		if where == "" {
			where = "$"
		}
		return nil, fieldErr(where, creditShow(raw), "want a JSON object")
	}
	var unknown []string
	for k := range m {
		if !slices.Contains(allowed, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		return nil, fieldErr(creditKeyPath(path, slices.Min(unknown)), "", "unknown field")
	}
	return m, nil
}

// creditString returns the string field key of m ("" if missing or null).
func creditString(m map[string]json.RawMessage, path, key string) (string, error) {
	var s string
	raw := m[key]
	if creditAbsent(raw) {
		return "", nil
	}
	return s, creditDecodeString(raw, creditPath(path, key), &s)
}

func creditDecodeString(raw json.RawMessage, path string, s *string) error {
	if err := json.Unmarshal(raw, s); err != nil || creditAbsent(raw) {
		return fieldErr(path, creditShow(raw), "want a JSON string")
	}
	return nil
}

// creditArray returns the array field key of m (nil if missing or null).
func creditArray(m map[string]json.RawMessage, path, key string) ([]json.RawMessage, error) {
	raw := m[key]
	if creditAbsent(raw) {
		return nil, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fieldErr(creditPath(path, key), creditShow(raw), "want a JSON array")
	}
	return items, nil
}

// creditAmount returns the required credit value key of m, written as a
// JSON string or number and parsed by money.ParseAmount.
func creditAmount(m map[string]json.RawMessage, path, key string) (decimal.Decimal, error) {
	p := creditPath(path, key)
	raw := m[key]
	if creditAbsent(raw) {
		return decimal.Decimal{}, fieldErr(p, "", "missing")
	}
	text := string(raw)
	switch c := raw[0]; {
	case c == '"':
		if err := json.Unmarshal(raw, &text); err != nil {
			return decimal.Decimal{}, fieldErr(p, creditShow(raw), "not a valid JSON string")
		}
	case c != '-' && (c < '0' || c > '9'):
		return decimal.Decimal{}, fieldErr(p, creditShow(raw), "want a number or a numeric string")
	}
	d, err := money.ParseAmount(text)
	if err != nil {
		reason := err.Error()
		if ae := (*money.AmountError)(nil); errors.As(err, &ae) {
			reason = ae.Reason
		}
		return decimal.Decimal{}, fieldErr(p, text, "not a number: "+reason)
	}
	return d, nil
}

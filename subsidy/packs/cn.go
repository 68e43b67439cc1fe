package packs

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
)

// This file holds the national guidance on the enterprise new-type
// apprenticeship (企业新型学徒制) of 2021, against which the provincial and city
// packs, and any local policy of the scheme, are checked.
//
// The guidance does not pay anything itself: cities set the subsidy. It
// bounds what they may set. A labour contract of at least one year; training
// of one to two years, up to three in special cases; a subsidy "in principle
// 5000 yuan or more" per apprentice and year. A city standard below that
// floor makes the policy invalid (DOMAIN.md, worked example: 4500 a year).
//
// The bounds are effective-dated values with their citation, built afresh
// for every check (nothing global can be changed). DOMAIN.md dates the
// guidance to 2021 without a day, so they are held from 2021-01-01: an entry
// of a policy that ends before 2021 is not checked, every other entry is.
// The 2018 floor of 4000 yuan (人社部发〔2018〕66号) is marked unverified in
// DOMAIN.md and is therefore not applied to earlier entries.

// ErrApprenticeshipGuidance is matched (with errors.Is) by every
// *GuidanceError.
var ErrApprenticeshipGuidance = errors.New("policy departs from the national new-type apprenticeship guidance")

// GuidanceError reports where an enterprise new-type apprenticeship policy
// departs from the 2021 national guidance: the parameter entry whose value
// breaks a bound, or the rule the guidance needs and the policy lacks. It
// matches ErrApprenticeshipGuidance and subsidy.ErrInvalidPolicy: a city
// standard below the national floor is an invalid policy.
//
//	packs: policy "cn-x@2021": params[0].entries[0].value.senior-class = 4500 (parameter "rate", 2021-01-01 onwards): below the national floor of 5000 yuan per apprentice and year (…)
type GuidanceError struct {
	// Policy is the policy's ID, name@version.
	Policy string
	// Path is the JSON path of the fault in the policy, such as
	// "params[0].entries[1].value.senior-class", or "rules" for a rule that
	// is missing.
	Path string
	// Param names the parameter at fault and Key its table key (empty for
	// a number parameter); both are empty when a rule is missing.
	Param, Key string
	// From and Until are the first and last day of the parameter entry at
	// fault (Until is zero for an entry without end).
	From, Until subsidy.Date
	// Value is the entry's value and Limit the guidance's bound it breaks;
	// both are zero when a rule is missing.
	Value, Limit decimal.Decimal
	// Reason says what is wrong.
	Reason string
	// Citation is the source of the bound.
	Citation subsidy.Citation
}

// Error returns "packs: policy ID: PATH = VALUE (parameter NAME, DATES):
// REASON (CITATION)" with the parts that are known.
func (e *GuidanceError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "packs: policy %q", e.Policy)
	if e.Path != "" {
		b.WriteString(": " + e.Path)
	}
	if e.Param != "" {
		fmt.Fprintf(&b, " = %s (parameter %q, %s ", money.Canonical(e.Value), e.Param, e.From)
		if e.Until.IsZero() {
			b.WriteString("onwards)")
		} else {
			b.WriteString("to " + e.Until.String() + ")")
		}
	}
	b.WriteString(": " + e.Reason)
	if !e.Citation.IsZero() {
		b.WriteString(" (" + e.Citation.String() + ")")
	}
	return b.String()
}

// Unwrap returns ErrApprenticeshipGuidance and subsidy.ErrInvalidPolicy.
func (e *GuidanceError) Unwrap() []error {
	return []error{ErrApprenticeshipGuidance, subsidy.ErrInvalidPolicy}
}

// CheckNewApprenticeship reports whether p, an enterprise new-type
// apprenticeship policy (a provincial or city standard such as the packs
// "cn-apprenticeship-fj" and "cn-apprenticeship-gd"), keeps within the 2021
// national guidance. It returns nil if it does, else a *GuidanceError for
// the first departure, checked in this order:
//
//   - the subsidy: p pays by rules of kind "rate-duration" with a rate per
//     year (a rule paying per month or per day cannot be compared with the
//     floor per apprentice and year, and is a departure; so is having no
//     such rule), and every value of every such rate, for every key of a
//     table, is at least the national floor of 5000 yuan;
//   - the labour contract: a "contract-length" rule with a minimum, whose
//     every value is at least 12 months;
//   - the training period: "training-length" rules with a minimum of at
//     least 12 months and a maximum of at most 36 months (the guidance's
//     one to two years, three in special cases: whether a case is special
//     is the claim's to say, so only the outer limit is held here; the
//     provincial packs add a 24-month limit unless the claim carries the
//     flag "special-case").
//
// Only parameter entries in force on some day from 2021-01-01 are held to
// the bounds (see the file comment). Parameters are compared as written in
// the policy: a later rule that caps or shares the award is not taken into
// account, nor are the target levels and the apprentice's pay, which a
// policy does not hold.
func CheckNewApprenticeship(p *subsidy.Policy) error {
	if p == nil {
		return fmt.Errorf("packs: CheckNewApprenticeship: no policy (nil): %w", subsidy.ErrInvalidPolicy)
	}
	g, err := newApprenticeshipGuidance()
	if err != nil {
		return err
	}
	def := p.Definition()
	c := guidanceChecker{policy: p.ID(), def: def, floor: g.rateFloor.Entries()[0].Citation}

	var rates, contracts, trainingMins, trainingMaxes []string
	for i, r := range def.Rules {
		switch r := r.(type) {
		case *subsidy.RateDuration:
			if err := c.rateRule(i, *r, &rates); err != nil {
				return err
			}
		case subsidy.RateDuration:
			if err := c.rateRule(i, r, &rates); err != nil {
				return err
			}
		case *subsidy.ContractLength:
			contracts = appendName(contracts, r.Min)
		case subsidy.ContractLength:
			contracts = appendName(contracts, r.Min)
		case *subsidy.TrainingLength:
			trainingMins, trainingMaxes = appendName(trainingMins, r.Min), appendName(trainingMaxes, r.Max)
		case subsidy.TrainingLength:
			trainingMins, trainingMaxes = appendName(trainingMins, r.Min), appendName(trainingMaxes, r.Max)
		}
	}

	checks := [...]struct {
		params  []string
		bound   subsidy.Series[decimal.Decimal]
		atLeast bool
		missing string // the reason when no rule names a parameter; %s is the bound
		breaks  string // the reason when a value breaks the bound; %s is the bound
	}{
		{rates, g.rateFloor, true,
			`no rule of kind "rate-duration" with a rate per year: the guidance sets a floor per apprentice and year`,
			"below the national floor of %s yuan per apprentice and year"},
		{contracts, g.contractMin, true,
			`no rule of kind "contract-length" with a minimum: the guidance asks for a labour contract of at least %s months`,
			"a labour contract shorter than the national minimum of %s months"},
		{trainingMins, g.trainingMin, true,
			`no rule of kind "training-length" with a minimum: the guidance asks for training of at least %s months`,
			"training shorter than the national minimum of %s months"},
		{trainingMaxes, g.trainingMax, false,
			`no rule of kind "training-length" with a maximum: the guidance allows training of at most %s months`,
			"training longer than the national maximum of %s months"},
	}
	for _, k := range checks {
		if len(k.params) == 0 {
			b := k.bound.Entries()[0]
			return c.fail(&GuidanceError{Path: "rules", Reason: strings.ReplaceAll(k.missing, "%s", money.Canonical(b.Value)), Citation: b.Citation})
		}
		for _, name := range k.params {
			if err := c.param(name, k.bound, k.atLeast, k.breaks); err != nil {
				return err
			}
		}
	}
	return nil
}

// apprenticeshipGuidance holds the bounds of the 2021 guidance.
type apprenticeshipGuidance struct {
	rateFloor, contractMin, trainingMin, trainingMax subsidy.Series[decimal.Decimal]
}

// newApprenticeshipGuidance builds the bounds, each an effective-dated value
// with its citation.
func newApprenticeshipGuidance() (apprenticeshipGuidance, error) {
	from, err := subsidy.ParseDate("2021-01-01")
	if err != nil {
		return apprenticeshipGuidance{}, err
	}
	bound := func(name string, value int64, title string) (subsidy.Series[decimal.Decimal], error) {
		return subsidy.NewSeries(name, []subsidy.Entry[decimal.Decimal]{{
			From: from, Value: decimal.NewFromInt(value),
			Citation: subsidy.Citation{Title: "DOMAIN.md, Enterprise new-type apprenticeship, 2021 national guidance (dated to 2021 only, held from 2021-01-01): " + title},
		}})
	}
	var g apprenticeshipGuidance
	for _, b := range [...]struct {
		dst   *subsidy.Series[decimal.Decimal]
		name  string
		value int64
		title string
	}{
		{&g.rateFloor, "rate-floor", 5000, `subsidy "in principle 5000 yuan or more" per apprentice per year, set by cities`},
		{&g.contractMin, "contract-months-min", 12, "new hires or transferred staff on a labour contract of at least 1 year"},
		{&g.trainingMin, "training-months-min", 12, "training period 1 to 2 years"},
		{&g.trainingMax, "training-months-max", 36, "training period 1 to 2 years, up to 3 in special cases"},
	} {
		s, err := bound(b.name, b.value, b.title)
		if err != nil {
			return apprenticeshipGuidance{}, err
		}
		*b.dst = s
	}
	return g, nil
}

// guidanceChecker checks the parameters of one policy.
type guidanceChecker struct {
	policy string
	def    subsidy.Definition
	floor  subsidy.Citation // the citation of the floor, for a rate rule that is not per year
}

func (c guidanceChecker) fail(e *GuidanceError) error {
	e.Policy = c.policy
	return e
}

// rateRule adds the rate parameter of a rate-duration rule to rates, or
// reports a rule whose rate is not per year.
func (c guidanceChecker) rateRule(i int, r subsidy.RateDuration, rates *[]string) error {
	if r.Per != "year" {
		return c.fail(&GuidanceError{
			Path:     fmt.Sprintf("rules[%d].per", i),
			Reason:   fmt.Sprintf("rule %q pays a rate per %s; the guidance's floor is per apprentice and year, so the rate cannot be checked", r.ID, r.Per),
			Citation: c.floor,
		})
	}
	name := r.Rate
	if r.Table != "" {
		name = r.Table
	}
	*rates = appendName(*rates, name)
	return nil
}

// appendName appends name to list unless it is empty or already there.
func appendName(list []string, name string) []string {
	if name == "" || slices.Contains(list, name) {
		return list
	}
	return append(list, name)
}

// param checks every value of the parameter name against bound: at least
// the bound's value if atLeast, else at most. breaks is the reason, with a
// %s for the bound's value.
func (c guidanceChecker) param(name string, bound subsidy.Series[decimal.Decimal], atLeast bool, breaks string) error {
	pi := slices.IndexFunc(c.def.Params, func(p subsidy.Param) bool { return p.Name == name })
	if pi < 0 { // not reached: the policy was validated
		return c.fail(&GuidanceError{Path: "params", Reason: fmt.Sprintf("no parameter %q", name)})
	}
	prm := c.def.Params[pi]
	var spans []guidanceSpan
	if prm.IsTable() {
		spans = spansOf(prm.Table.Entries(), func(m map[string]decimal.Decimal) map[string]decimal.Decimal { return m })
	} else {
		spans = spansOf(prm.Number.Entries(), func(d decimal.Decimal) map[string]decimal.Decimal {
			return map[string]decimal.Decimal{"": d}
		})
	}
	limits := bound.Entries()
	for ei, s := range spans {
		for li, l := range limits {
			lEnd := l.Until
			if lEnd.IsZero() && li+1 < len(limits) {
				lEnd = limits[li+1].From.Prev()
			}
			if !overlaps(s.from, s.until, l.From, lEnd) {
				continue
			}
			for _, key := range slices.Sorted(maps.Keys(s.values)) {
				v := s.values[key]
				cmp := v.Cmp(l.Value)
				if (atLeast && cmp >= 0) || (!atLeast && cmp <= 0) {
					continue
				}
				path := fmt.Sprintf("params[%d].entries[%d].value", pi, ei)
				if key != "" {
					path += "." + key
				}
				return c.fail(&GuidanceError{
					Path: path, Param: name, Key: key, From: s.from, Until: s.until,
					Value: v, Limit: l.Value, Reason: fmt.Sprintf(breaks, money.Canonical(l.Value)), Citation: l.Citation,
				})
			}
		}
	}
	return nil
}

// guidanceSpan is a parameter entry with the last day it is in force (zero:
// without end) and its values by key ("" for a number).
type guidanceSpan struct {
	from, until subsidy.Date
	values      map[string]decimal.Decimal
}

func spansOf[V any](entries []subsidy.Entry[V], values func(V) map[string]decimal.Decimal) []guidanceSpan {
	out := make([]guidanceSpan, len(entries))
	for i, e := range entries {
		until := e.Until
		if until.IsZero() && i+1 < len(entries) {
			until = entries[i+1].From.Prev()
		}
		out[i] = guidanceSpan{from: e.From, until: until, values: values(e.Value)}
	}
	return out
}

// overlaps reports whether the days from a to b and from c to d have one
// in common; a zero end means without end.
func overlaps(a, b, c, d subsidy.Date) bool {
	return (b.IsZero() || !b.Before(c)) && (d.IsZero() || !a.After(d))
}

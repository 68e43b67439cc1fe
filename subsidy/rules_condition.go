package subsidy

import (
	"errors"
	"strconv"
	"time"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/internal/civil"
	"github.com/dualtrack/dualtrack/internal/dated"
)

// This file holds the condition kinds: rules that only judge a claim and
// never change the award. Each implements IsCondition, so it still runs (and
// reports its reason) after an earlier rule rejected the claim.
//
// Conventions shared by the conditions:
//
//   - Every number a condition compares with (months, years) is a number
//     parameter named by the rule. Check makes sure that every value the
//     parameter ever takes is a whole number within the bounds of the claim
//     field it is compared with, so a policy with 12.5 months fails when it
//     is built, not when a claim arrives.
//   - The parameters are read on the rule's reference date (RuleMeta.On; by
//     default the policy's basis, normally the claim date).
//   - A claim that lacks the fact a condition needs (no issue date for a
//     claim window, no date of birth for an age range) is bad input: Apply
//     returns the *ClaimError of State.Missing naming the claim's field.
//   - When the claim is already rejected and a parameter has no value on the
//     reference date (the claim lies outside the policy's dates, which an
//     InForce rule reports as a rejection), the condition is skipped with
//     that reason instead of failing, so the claim gets its reasons rather
//     than an error.
//   - A condition takes no rounding (RuleMeta.Rounding must be unset): it
//     never changes the award.

// Bounds on the whole-number parameters of conditions and history rules.
const (
	condMaxMonths = 1200          // as Claim.InsuredMonths and Claim.ContractMonths
	condMaxYears  = 150           // an age
	condMaxCount  = claimMaxCount // a number of claims
)

// InsuredMonths is the condition that the person has paid
// unemployment-insurance contributions (参保缴费) for at least Min months
// (Claim.InsuredMonths), or, when OrUnemploymentBenefit is set, receives
// unemployment benefit (领取失业保险金, Claim.UnemploymentBenefit).
//
// The skill-improvement subsidy asked for 36 months under the 2017 rules
// (人社部发〔2017〕40号), for 12 months from 2019-01-01, and in its 2024 version
// for one year or the receipt of unemployment benefit: a Min parameter with
// dated entries 36 and 12, and OrUnemploymentBenefit in the 2024 policy.
//
// A claim without InsuredMonths has 0 months: the field cannot tell "none"
// from "not given", so it is read as none. Reject code: "insured-months".
//
// In JSON:
//
//	{"kind": "insured-months", "id": "insured", "min": "min-insured-months", "or_unemployment_benefit": true}
type InsuredMonths struct {
	RuleMeta
	// Min names the number parameter with the months required.
	Min string `json:"min"`
	// OrUnemploymentBenefit lets a person who receives unemployment benefit
	// pass with fewer months.
	OrUnemploymentBenefit bool `json:"or_unemployment_benefit,omitempty"`
}

// Kind returns "insured-months".
func (InsuredMonths) Kind() string { return "insured-months" }

// IsCondition reports true: the rule only judges the claim.
func (InsuredMonths) IsCondition() bool { return true }

// Check checks that Min names a number parameter of whole months.
func (r InsuredMonths) Check(p *Policy) error {
	if err := condNoRounding(r.RuleMeta); err != nil {
		return err
	}
	return condCheckWhole(p, "min", r.Min, condMaxMonths, "months")
}

// Apply rejects the claim if the person was insured for fewer months than
// required and, where the rule allows it, receives no unemployment benefit.
func (r InsuredMonths) Apply(s *State) error {
	d, err := s.RefDate()
	if err != nil {
		return err
	}
	min, ok, err := condWhole(s, r.Min, d)
	if !ok {
		return err
	}
	have := int64(s.claim.InsuredMonths)
	switch {
	case have >= min:
		if s.explain {
			s.Note("insured " + condMonths(have) + ", at least " + condMonths(min) + " required")
		}
	case r.OrUnemploymentBenefit && s.claim.UnemploymentBenefit:
		if s.explain {
			s.Note("insured " + condMonths(have) + ", fewer than the " + condMonths(min) + " required, but receives unemployment benefit")
		}
	default:
		s.rejectText("insured-months", func(t *txt) {
			t.s("insured ").months(have).s(", fewer than the ").months(min).s(" required")
			if r.OrUnemploymentBenefit {
				t.s(", and receives no unemployment benefit")
			}
		})
	}
	return nil
}

// ClaimWindow is the condition that the claim is made within Months months
// of the certificate's issue: Claim.Date must not be after
// Claim.Issued.AddMonths(N, Clamp). The 2017 skill-improvement rules ask for
// a claim within 12 months of issue.
//
// The last day is the day of the month of issue, N months on; where that
// month is shorter, its last day (Clamp): issued 2024-02-29, 12 months → the
// last day is 2025-02-28; issued 2024-03-01 → 2025-03-01. This is our
// reading of the Civil Code (民法典) art. 201–202 on periods counted in
// months: the day of the event is not counted, and the period ends on the
// corresponding day of its last month, or on that month's last day if it
// has no such day. The extension of a period that ends on a public holiday
// (art. 203) is not applied: the engine has no holiday calendar.
//
// The claim must carry Issued (else a *ClaimError for "issued"). Reject
// code: "claim-window".
//
// In JSON:
//
//	{"kind": "claim-window", "id": "window", "months": "claim-window-months"}
type ClaimWindow struct {
	RuleMeta
	// Months names the number parameter with the length of the window in
	// whole months.
	Months string `json:"months"`
}

// Kind returns "claim-window".
func (ClaimWindow) Kind() string { return "claim-window" }

// IsCondition reports true: the rule only judges the claim.
func (ClaimWindow) IsCondition() bool { return true }

// Check checks that Months names a number parameter of whole months.
func (r ClaimWindow) Check(p *Policy) error {
	if err := condNoRounding(r.RuleMeta); err != nil {
		return err
	}
	return condCheckWhole(p, "months", r.Months, condMaxMonths, "months")
}

// Apply rejects a claim made after the last day of the window.
func (r ClaimWindow) Apply(s *State) error {
	c := s.claim
	if c.Issued.IsZero() {
		return s.Missing("issued")
	}
	d, err := s.RefDate()
	if err != nil {
		return err
	}
	n, ok, err := condWhole(s, r.Months, d)
	if !ok {
		return err
	}
	last, err := c.Issued.AddMonths(int(n), Clamp)
	if err != nil {
		// The window ends after 9999-12-31: no claim date lies beyond it.
		if s.explain {
			s.Note("the window of " + condMonths(n) + " from " + c.Issued.String() + " ends after the last supported date")
		}
		return nil
	}
	if c.Date.After(last) {
		s.rejectText("claim-window", func(t *txt) {
			t.s("claimed on ").d(c.Date).s(", after ").d(last).
				s(", the last day of the ").months(n).s(" from the certificate's issue on ").d(c.Issued)
		})
		return nil
	}
	if s.explain {
		s.Note("claimed on " + c.Date.String() + ", within the " + condMonths(n) + " from the certificate's issue on " +
			c.Issued.String() + " (last day " + last.String() + ")")
	}
	return nil
}

// InForce is the condition that the policy is in force on the rule's
// reference date: that the parameter Param (a number or a table) has a value
// on it, as known on the as-of date. It turns "the policy does not cover
// this date", which is otherwise an error (*ParamNotCoveredError) for the
// first rule that reads the parameter, into a rejection with a reason: a
// certificate issued before 2017-01-01 under the 2017 skill-improvement rules
// (On: "issued"), or a claim after 2024-12-31 under the 2024 version.
//
// Put it first: the rules after a rejection that are not conditions are
// skipped, and conditions skip themselves when their own parameters have no
// value on the date. Reject code: "not-in-force".
//
// The reason says how the date misses the parameter, as the entries stood
// on the as-of date: "takes effect on D" (before the first entry), "ended
// on D" (after the last), "has no value from D1 to D2" (in a gap), or "has
// no value known on D" (nothing applicable was published yet). An entry
// without a publication date counts from its first day, so a claim judged
// on its own date before the policy took effect gets the last form.
//
// In JSON:
//
//	{"kind": "in-force", "id": "in-force", "on": "issued", "param": "caps"}
type InForce struct {
	RuleMeta
	// Param names the parameter, number or table, whose coverage defines
	// when the policy is in force.
	Param string `json:"param"`
}

// Kind returns "in-force".
func (InForce) Kind() string { return "in-force" }

// IsCondition reports true: the rule only judges the claim.
func (InForce) IsCondition() bool { return true }

// Check checks that Param names a parameter of the policy, of either shape.
func (r InForce) Check(p *Policy) error {
	if err := condNoRounding(r.RuleMeta); err != nil {
		return err
	}
	if _, ok := p.params[r.Param]; !ok || r.Param == "" {
		return p.CheckParam("param", r.Param, false) // names the field and the value
	}
	return nil
}

// Apply rejects the claim if the parameter has no value on the reference
// date. With an explanation, a number parameter is listed among the
// parameters used; for a table the entry in force is described in the note.
func (r InForce) Apply(s *State) error {
	d, err := s.RefDate()
	if err != nil {
		return err
	}
	prm := s.policy.params[r.Param]
	var from, until Date
	var cite Citation
	if prm.table {
		var e dated.Entry[map[string]numValue]
		e, err = prm.tab.AsKnownOn(d, s.asOf)
		from, until, cite = e.From, e.Until, e.Citation
	} else {
		var e dated.Entry[numValue]
		e, err = prm.num.AsKnownOn(d, s.asOf)
		from, until, cite = e.From, e.Until, e.Citation
		if err == nil && s.explain {
			s.useParam(ParamUse{Name: r.Param, Value: e.Value.dec, On: d, From: e.From, Until: e.Until, Citation: e.Citation})
		}
	}
	if err != nil {
		return r.notInForce(s, d, err)
	}
	if s.explain {
		text := "in force on " + d.String() + " (" + condBasisText(s.info.meta.On) + "): parameter " + quote(r.Param) + " has an entry from " + from.String()
		if !until.IsZero() {
			text += " until " + until.String()
		}
		if !cite.IsZero() {
			text += ", " + cite.String()
		}
		s.Note(text)
	}
	return nil
}

// notInForce rejects the claim for the error of a lookup on d that found
// no value, or returns any other error. (It is apart from Apply so that the
// lookup's error target is allocated only when there is an error.)
func (r InForce) notInForce(s *State, d Date, err error) error {
	var nc *NotCoveredError
	if errors.As(err, &nc) {
		s.rejectWith("not-in-force", func() string { return r.notInForceText(s, d, nc) })
		return nil
	}
	return err
}

// notInForceText says why the policy is not in force on d.
func (r InForce) notInForceText(s *State, d Date, nc *NotCoveredError) string {
	text := "the policy is not in force on " + d.String() + " (" + condBasisText(s.info.meta.On) + "): parameter " + quote(r.Param)
	switch {
	case nc.LastBefore.IsZero() && !nc.FirstAfter.IsZero():
		return text + " takes effect on " + nc.FirstAfter.String()
	case !nc.LastBefore.IsZero() && nc.FirstAfter.IsZero():
		return text + " ended on " + nc.LastBefore.String()
	case !nc.LastBefore.IsZero():
		return text + " has no value from " + nc.LastBefore.Next().String() + " to " + nc.FirstAfter.Prev().String()
	}
	return text + " has no value known on " + s.asOf.String() + " (the as-of date)"
}

// AgeRange is the condition that the person's age in whole years on the
// rule's reference date lies from Min to Max, both included. Either bound
// may be left empty (unbounded), not both. The UK apprenticeship incentive is
// for apprentices aged 16 to 18 at the start: Min and Max parameters 16 and
// 18, with On: "start".
//
// The reference date is RuleMeta.On like for every rule: by default the
// policy's basis, normally the claim date; set On to "start" for the age at
// the start of training, "issued" for the age at the certificate's issue.
//
// The age is the number of whole years since Claim.Born: the largest n with
// Born.AddYears(n, Clamp) on or before the date. A person born on
// 29 February therefore turns a year older on 28 February in common years.
// The claim must carry Born (else a *ClaimError for "born"); a date of birth
// after the reference date is a *ClaimError for "born" too. Reject code:
// "age".
//
// In JSON:
//
//	{"kind": "age-range", "id": "age", "on": "start", "min": "incentive-min-age", "max": "incentive-max-age"}
type AgeRange struct {
	RuleMeta
	// Min names the number parameter with the lowest age allowed, in
	// years; empty for none.
	Min string `json:"min,omitempty"`
	// Max names the number parameter with the highest age allowed, in
	// years; empty for none.
	Max string `json:"max,omitempty"`
	// FlagMax and Flags raise the maximum for some people: a claim that
	// carries one of Flags may be as old as the number parameter FlagMax
	// names instead of Max. Give both or neither, and Max with them.
	// England pays its apprenticeship incentives for apprentices aged 16 to
	// 18 at the start, or 19 to 24 with an EHC plan or leaving care: Min 16,
	// Max 18, FlagMax 24, Flags ["ehc-plan", "care-leaver"].
	FlagMax string   `json:"flag_max,omitempty"`
	Flags   []string `json:"flags,omitempty"`
}

// Kind returns "age-range".
func (AgeRange) Kind() string { return "age-range" }

// IsCondition reports true: the rule only judges the claim.
func (AgeRange) IsCondition() bool { return true }

// Check checks that at least one bound is set and that each names a number
// parameter of whole years, and that FlagMax and Flags come together, with
// Max.
func (r AgeRange) Check(p *Policy) error {
	if err := condCheckBounds(p, r.RuleMeta, r.Min, r.Max, condMaxYears, "years"); err != nil {
		return err
	}
	switch {
	case r.FlagMax == "" && len(r.Flags) == 0:
		return nil
	case r.FlagMax == "":
		return FieldError("flag_max", "", "required with flags: the maximum age for a flagged claim")
	case len(r.Flags) == 0:
		return FieldError("flags", "", "required with flag_max: at least one flag")
	case r.Max == "":
		return FieldError("flag_max", quote(r.FlagMax), "raises max, which is not set")
	}
	if err := condCheckWhole(p, "flag_max", r.FlagMax, condMaxYears, "years"); err != nil {
		return err
	}
	return condCheckNames("flags", r.Flags, true)
}

// Apply rejects the claim if the person's age is out of range.
func (r AgeRange) Apply(s *State) error {
	born := s.claim.Born
	if born.IsZero() {
		return s.Missing("born")
	}
	d, err := s.RefDate()
	if err != nil {
		return err
	}
	if born.After(d) {
		return &ClaimError{ID: s.claim.ID, Field: "born", Value: born.String(),
			Reason: "after " + d.String() + " (" + condBasisText(s.info.meta.On) + "), the day rule " + quote(s.info.meta.ID) + " (age-range) takes the age on"}
	}
	b, ok, err := condReadBounds(s, r.Min, r.Max, d)
	if !ok {
		return err
	}
	age := int64(civil.MonthsBetween(born, d) / 12)
	what := func() string {
		return "aged " + strconv.FormatInt(age, 10) + " on " + d.String() + " (" + condBasisText(s.info.meta.On) + ")"
	}
	switch {
	case b.hasMin && age < b.min:
		s.rejectWith("age", func() string { return what() + ", younger than the minimum age " + strconv.FormatInt(b.min, 10) })
	case b.hasMax && age > b.max:
		flag := ""
		for _, f := range r.Flags {
			if s.claim.HasFlag(f) {
				flag = f
				break
			}
		}
		if flag == "" {
			s.rejectWith("age", func() string { return what() + ", older than the maximum age " + strconv.FormatInt(b.max, 10) })
			return nil
		}
		fmax, ok, err := condWhole(s, r.FlagMax, d)
		if !ok {
			return err
		}
		if age > fmax {
			s.rejectWith("age", func() string {
				return what() + ", older than the maximum age " + strconv.FormatInt(fmax, 10) + " with the flag " + quote(flag)
			})
		} else if s.explain {
			s.Note(what() + ", above " + strconv.FormatInt(b.max, 10) + " but within " + strconv.FormatInt(fmax, 10) + " with the flag " + quote(flag))
		}
	case s.explain:
		s.Note(what() + ", " + b.text(condYears))
	}
	return nil
}

// ContractLength is the condition that the labour contract
// (Claim.ContractMonths) runs from Min to Max months, both included; either
// bound may be empty, not both. The 2021 apprenticeship guidance asks for a
// contract of at least one year: Min 12.
//
// An open-ended contract (ContractOpenEnded, 无固定期限劳动合同) satisfies
// Min and is not held against Max: a maximum limits fixed terms, and an
// open-ended contract is not a fixed term that is too long. The claim must
// carry ContractMonths (else a *ClaimError for "contract_months"). Reject
// code: "contract-length".
//
// In JSON:
//
//	{"kind": "contract-length", "id": "contract", "min": "min-contract-months"}
type ContractLength struct {
	RuleMeta
	// Min names the number parameter with the shortest contract allowed, in
	// months; empty for none.
	Min string `json:"min,omitempty"`
	// Max names the number parameter with the longest fixed-term contract
	// allowed, in months; empty for none.
	Max string `json:"max,omitempty"`
}

// Kind returns "contract-length".
func (ContractLength) Kind() string { return "contract-length" }

// IsCondition reports true: the rule only judges the claim.
func (ContractLength) IsCondition() bool { return true }

// Check checks that at least one bound is set and that each names a number
// parameter of whole months.
func (r ContractLength) Check(p *Policy) error {
	return condCheckBounds(p, r.RuleMeta, r.Min, r.Max, condMaxMonths, "months")
}

// Apply rejects a contract that is too short or too long.
func (r ContractLength) Apply(s *State) error {
	m := s.claim.ContractMonths
	if m == 0 {
		return s.Missing("contract_months")
	}
	d, err := s.RefDate()
	if err != nil {
		return err
	}
	b, ok, err := condReadBounds(s, r.Min, r.Max, d)
	if !ok {
		return err
	}
	if m == ContractOpenEnded {
		if s.explain {
			s.Note("an open-ended contract, " + b.text(condMonths))
		}
		return nil
	}
	n := int64(m)
	switch {
	case b.hasMin && n < b.min:
		s.rejectWith("contract-length", func() string {
			return "a contract of " + condMonths(n) + ", shorter than the minimum of " + condMonths(b.min)
		})
	case b.hasMax && n > b.max:
		s.rejectWith("contract-length", func() string {
			return "a contract of " + condMonths(n) + ", longer than the maximum of " + condMonths(b.max)
		})
	case s.explain:
		s.Note("a contract of " + condMonths(n) + ", " + b.text(condMonths))
	}
	return nil
}

// TrainingLength is the condition that the planned training period
// (Claim.Training, both days included) lasts from Min to Max months; either
// bound may be empty, not both. The 2021 apprenticeship guidance sets 1 to
// 2 years, up to 3 in special cases: Min 12 and Max 24 or 36.
//
// The length is counted in whole months from the first day: n whole months
// and d days when Start.AddMonths(n, Clamp) is on or before the day after the
// last day and d days remain up to it. 2024-09-01 to 2026-08-31 is exactly
// 24 months; to 2026-09-10, 24 months and 10 days. The training meets Min if
// n ≥ Min, and Max if it fits in Max months: n < Max, or n = Max with no
// day left over (24 months and 10 days exceeds a maximum of 24).
//
// The claim must carry Training (else a *ClaimError for "training"). Reject
// code: "training-length".
//
// UnlessFlag, if set, exempts a claim carrying that flag: the rule is
// skipped for it. "1 to 2 years, up to 3 in special cases" is then two
// rules: Max 24 unless the claim is flagged "special-case", and Max 36 for
// every claim.
//
// In JSON:
//
//	{"kind": "training-length", "id": "length", "min": "min-training-months", "max": "max-training-months"}
//	{"kind": "training-length", "id": "normal", "max": "normal-training-months", "unless_flag": "special-case"}
type TrainingLength struct {
	RuleMeta
	// Min names the number parameter with the shortest training allowed, in
	// months; empty for none.
	Min string `json:"min,omitempty"`
	// Max names the number parameter with the longest training allowed, in
	// months; empty for none.
	Max string `json:"max,omitempty"`
	// UnlessFlag, if set, is a claim flag that exempts the claim from the
	// rule.
	UnlessFlag string `json:"unless_flag,omitempty"`
}

// Kind returns "training-length".
func (TrainingLength) Kind() string { return "training-length" }

// IsCondition reports true: the rule only judges the claim.
func (TrainingLength) IsCondition() bool { return true }

// Check checks that at least one bound is set and that each names a number
// parameter of whole months.
func (r TrainingLength) Check(p *Policy) error {
	if why := checkText(r.UnlessFlag, false); why != "" {
		return FieldError("unless_flag", quote(r.UnlessFlag), why)
	}
	return condCheckBounds(p, r.RuleMeta, r.Min, r.Max, condMaxMonths, "months")
}

// Apply rejects training that is too short or too long.
func (r TrainingLength) Apply(s *State) error {
	if r.UnlessFlag != "" && s.claim.HasFlag(r.UnlessFlag) {
		s.Skip("the claim is flagged " + quote(r.UnlessFlag))
		return nil
	}
	t := s.claim.Training
	if t.IsZero() {
		return s.Missing("training")
	}
	d, err := s.RefDate()
	if err != nil {
		return err
	}
	b, ok, err := condReadBounds(s, r.Min, r.Max, d)
	if !ok {
		return err
	}
	n, extra := condWholeMonths(t)
	length := func() string {
		text := "training of " + condMonths(n)
		if extra > 0 {
			text += " and " + condDays(int64(extra))
		}
		return text + " (" + t.String() + ")"
	}
	switch {
	case b.hasMin && n < b.min:
		s.rejectWith("training-length", func() string { return length() + ", shorter than the minimum of " + condMonths(b.min) })
	case b.hasMax && (n > b.max || (n == b.max && extra > 0)):
		s.rejectWith("training-length", func() string { return length() + ", longer than the maximum of " + condMonths(b.max) })
	case s.explain:
		s.Note(length() + ", " + b.text(condMonths))
	}
	return nil
}

// condWholeMonths returns the length of p as whole months from its first day
// and the days left over: the largest n with p.Start().AddMonths(n, Clamp)
// on or before the day after p.End(), and the days from that date to it.
func condWholeMonths(p Period) (n int64, extra int) {
	start, after := p.Start(), p.End().Next()
	if after.IsZero() {
		// p ends on 9999-12-31; the day after cannot be represented. Count
		// to the last day, then see whether one more month from start would
		// land exactly on the (unrepresentable) 10000-01-01: only a start on
		// the 1st does, since January has 31 days and nothing is clamped.
		m := civil.MonthsBetween(start, p.End())
		end, err := start.AddMonths(m, Clamp)
		if err != nil {
			return int64(m), 0
		}
		if start.Day() == 1 && end.Month() == time.December {
			return int64(m + 1), 0
		}
		return int64(m), civil.DaysBetween(end, p.End()) + 1
	}
	m := civil.MonthsBetween(start, after)
	end, err := start.AddMonths(m, Clamp)
	if err != nil {
		return int64(m), 0
	}
	return int64(m), civil.DaysBetween(end, after)
}

// HolderKind is the condition that the person is of one of the Allowed
// kinds (Claim.HolderKind), in the policy's own words: "employee",
// "student", "unemployed"... Comparison is exact, byte for byte. The claim
// must carry HolderKind (else a *ClaimError for "holder_kind"). Reject code:
// "holder-kind".
//
// In JSON:
//
//	{"kind": "holder-kind", "id": "holder", "allowed": ["employee", "unemployed"]}
type HolderKind struct {
	RuleMeta
	// Allowed lists the holder kinds that pass; at least one.
	Allowed []string `json:"allowed"`
}

// Kind returns "holder-kind".
func (HolderKind) Kind() string { return "holder-kind" }

// IsCondition reports true: the rule only judges the claim.
func (HolderKind) IsCondition() bool { return true }

// Check checks that Allowed holds at least one kind, each valid text, with
// no repeats.
func (r HolderKind) Check(p *Policy) error {
	if err := condNoRounding(r.RuleMeta); err != nil {
		return err
	}
	return condCheckNames("allowed", r.Allowed, true)
}

// Apply rejects a holder of a kind not allowed.
func (r HolderKind) Apply(s *State) error {
	k := s.claim.HolderKind
	if k == "" {
		return s.Missing("holder_kind")
	}
	for _, a := range r.Allowed {
		if a == k {
			if s.explain {
				s.Note("holder kind " + quote(k) + " is allowed")
			}
			return nil
		}
	}
	s.rejectWith("holder-kind", func() string { return "holder kind " + quote(k) + " is not one of " + condQuoteList(r.Allowed) })
	return nil
}

// RequireFlag is the condition that the claim carries Flag (Claim.Flags),
// or, with Absent, that it does not. Flags are markers such as
// "shortage-occupation" or "care-leaver"; a claim without flags lacks every
// flag, which is a fact, not a missing one. Reject code: "flag".
//
// In JSON:
//
//	{"kind": "flag", "id": "shortage", "flag": "shortage-occupation"}
type RequireFlag struct {
	RuleMeta
	// Flag is the flag tested. Required.
	Flag string `json:"flag"`
	// Absent requires the flag to be absent instead of present.
	Absent bool `json:"absent,omitempty"`
}

// Kind returns "flag".
func (RequireFlag) Kind() string { return "flag" }

// IsCondition reports true: the rule only judges the claim.
func (RequireFlag) IsCondition() bool { return true }

// Check checks that Flag is valid, non-empty text.
func (r RequireFlag) Check(p *Policy) error {
	if err := condNoRounding(r.RuleMeta); err != nil {
		return err
	}
	if why := checkText(r.Flag, true); why != "" {
		return FieldError("flag", quote(r.Flag), why)
	}
	return nil
}

// Apply rejects the claim if the flag's presence is not what the rule
// requires.
func (r RequireFlag) Apply(s *State) error {
	has := s.claim.HasFlag(r.Flag)
	switch {
	case has == !r.Absent:
		if s.explain {
			if has {
				s.Note("the claim carries the flag " + quote(r.Flag))
			} else {
				s.Note("the claim does not carry the flag " + quote(r.Flag))
			}
		}
	case has:
		s.rejectWith("flag", func() string { return "the claim carries the flag " + quote(r.Flag) })
	default:
		s.rejectWith("flag", func() string { return "the claim lacks the flag " + quote(r.Flag) })
	}
	return nil
}

// LevelAtLeast is the condition that the claim's skill level
// (Claim.Level) is on the same ladder as Level and not lower
// (certificate.Level.Compare). Levels of different ladders are not
// comparable and the claim is rejected: a policy that accepts several
// ladders needs one rule per ladder in separate policies, or the claim's
// level mapped first. The 2021 apprenticeship guidance targets 中级工 and
// above: Level "national-4".
//
// The claim must carry Level (else a *ClaimError for "level"). Reject code:
// "level".
//
// In JSON the level is its stable code:
//
//	{"kind": "level-at-least", "id": "target-level", "level": "national-4"}
type LevelAtLeast struct {
	RuleMeta
	// Level is the lowest level that passes. Required.
	Level certificate.Level `json:"level"`
}

// Kind returns "level-at-least".
func (LevelAtLeast) Kind() string { return "level-at-least" }

// IsCondition reports true: the rule only judges the claim.
func (LevelAtLeast) IsCondition() bool { return true }

// Check checks that Level is a valid level.
func (r LevelAtLeast) Check(p *Policy) error {
	if err := condNoRounding(r.RuleMeta); err != nil {
		return err
	}
	if !r.Level.IsValid() {
		return FieldError("level", r.Level.String(), "required: a valid skill level code such as \"national-4\"")
	}
	return nil
}

// Apply rejects a level below Level or on another ladder.
func (r LevelAtLeast) Apply(s *State) error {
	l := s.claim.Level
	if l == 0 {
		return s.Missing("level")
	}
	c, err := l.Compare(r.Level)
	switch {
	case err != nil:
		s.rejectWith("level", func() string { return "level " + condLevel(l) + " is not on the ladder of " + condLevel(r.Level) })
	case c < 0:
		s.rejectWith("level", func() string { return "level " + condLevel(l) + " is below " + condLevel(r.Level) })
	case s.explain:
		s.Note("level " + condLevel(l) + " is at least " + condLevel(r.Level))
	}
	return nil
}

// NotCombined is the condition that the claim is not also paid under one of
// Schemes: it is rejected if Claim.Other names one of them, or if the
// history holds a standing grant of one of them for the same certificate
// (Claim.Certificate), up to the as-of date. The 2024 skill-improvement
// subsidy is not combined with the vocational training subsidy (职业培训补贴)
// for the same certificate.
//
// A claim without a certificate number cannot be matched with grants, so only
// its own list (Claim.Other) is checked; the explanation says so. Grants that
// were reversed do not count, nor does a grant recorded under the claim's own
// ID. Reject code: "combined".
//
// In JSON:
//
//	{"kind": "not-combined", "id": "not-combined", "schemes": ["vocational-training"]}
type NotCombined struct {
	RuleMeta
	// Schemes lists the schemes the claim must not be combined with; at
	// least one.
	Schemes []string `json:"schemes"`
}

// Kind returns "not-combined".
func (NotCombined) Kind() string { return "not-combined" }

// IsCondition reports true: the rule only judges the claim.
func (NotCombined) IsCondition() bool { return true }

// Check checks that Schemes holds at least one scheme, each valid text, with
// no repeats.
func (r NotCombined) Check(p *Policy) error {
	if err := condNoRounding(r.RuleMeta); err != nil {
		return err
	}
	return condCheckNames("schemes", r.Schemes, true)
}

// Apply rejects a claim also paid under one of the schemes.
func (r NotCombined) Apply(s *State) error {
	c := s.claim
	for _, o := range c.Other {
		for _, sc := range r.Schemes {
			if o == sc {
				s.rejectText("combined", func(t *txt) { t.s("the claim is also paid under ").q(sc) })
				return nil
			}
		}
	}
	if c.Certificate == "" {
		if s.explain {
			s.Note("not paid under " + condQuoteList(r.Schemes) + " by the claim's own account; without a certificate number the history cannot be checked")
		}
		return nil
	}
	var first histRec
	found := false
	err := histEachGrant(s, HistoryQuery{Certificate: c.Certificate}, r.Schemes, false, func(h *histRec) {
		if !found || s.histEarlier(h, &first) {
			first, found = *h, true
		}
	})
	if err != nil {
		return err
	}
	if found {
		s.rejectText("combined", func(t *txt) {
			g := s.histGrant(&first)
			t.s("certificate ").q(c.Certificate).s(" was already paid under ").q(g.Scheme).
				s(" (grant ").q(g.Key).s(" of ").d(g.Date).s(")")
		})
		return nil
	}
	if s.explain {
		s.Note("certificate " + quote(c.Certificate) + " was not paid under " + condQuoteList(r.Schemes) + " up to " + s.asOf.String())
	}
	return nil
}

// condNoRounding rejects a rounding on a rule that never changes the award.
func condNoRounding(m RuleMeta) error {
	if m.Rounding.IsValid() {
		return FieldError("rounding", m.Rounding.String(), "the rule never changes the award, so it takes no rounding")
	}
	return nil
}

// condCheckWhole checks that name is a number parameter of p whose every value
// is a whole number from 0 to max, for field of a rule.
func condCheckWhole(p *Policy, field, name string, max int64, unit string) error {
	if err := p.CheckParam(field, name, false); err != nil {
		return err
	}
	for _, e := range p.params[name].num.All() {
		r := e.Value.rat
		if !r.IsInt() || r.Sign() < 0 || r.Num() > max {
			return FieldError(field, quote(name), "the parameter's value "+clipDec(e.Value.dec)+" from "+e.From.String()+
				" is not a whole number of "+unit+" from 0 to "+strconv.FormatInt(max, 10))
		}
	}
	return nil
}

// condCheckBounds checks the Min and Max of a range condition: at least one
// set, each a whole-number parameter.
func condCheckBounds(p *Policy, m RuleMeta, min, max string, limit int64, unit string) error {
	if err := condNoRounding(m); err != nil {
		return err
	}
	if min == "" && max == "" {
		return FieldError("min", "", "required: min, max or both")
	}
	if min != "" {
		if err := condCheckWhole(p, "min", min, limit, unit); err != nil {
			return err
		}
	}
	if max != "" {
		if err := condCheckWhole(p, "max", max, limit, unit); err != nil {
			return err
		}
	}
	return nil
}

// condCheckNames checks a list of names (schemes, holder kinds): each valid
// text and none repeated; required says whether the list may be empty.
func condCheckNames(field string, list []string, required bool) error {
	if len(list) == 0 {
		if required {
			return FieldError(field, "", "required: at least one")
		}
		return nil
	}
	if len(list) > claimMaxList {
		return FieldError(field, strconv.Itoa(len(list))+" items", "more than "+strconv.Itoa(claimMaxList)+" items")
	}
	for i, s := range list {
		at := field + "[" + strconv.Itoa(i) + "]"
		if why := checkText(s, true); why != "" {
			return FieldError(at, quote(s), why)
		}
		for j := range i {
			if list[j] == s {
				return FieldError(at, quote(s), "repeats "+field+"["+strconv.Itoa(j)+"]")
			}
		}
	}
	return nil
}

// condWhole reads the whole-number parameter name on d (Check has made sure
// it is one). ok is false when the rule cannot go on: with an error, or,
// when the claim is already rejected and the parameter has no value on d,
// without one, the rule having been skipped with that reason.
func condWhole(s *State, name string, d Date) (n int64, ok bool, err error) {
	v, err := s.numberOn(name, d)
	if err != nil {
		if s.rejected && errors.Is(err, ErrNotCovered) {
			s.Skip("the claim is already rejected, and parameter " + quote(name) + " has no value on " + d.String())
			return 0, false, nil
		}
		return 0, false, err
	}
	return v.rat.Num(), true, nil
}

// condBounds are the bounds of a range condition as read for a claim.
type condBounds struct {
	min, max       int64
	hasMin, hasMax bool
}

// condReadBounds reads the bounds named min and max (either may be empty) on d,
// as condWhole does.
func condReadBounds(s *State, min, max string, d Date) (b condBounds, ok bool, err error) {
	if min != "" {
		if b.min, ok, err = condWhole(s, min, d); !ok {
			return b, false, err
		}
		b.hasMin = true
	}
	if max != "" {
		if b.max, ok, err = condWhole(s, max, d); !ok {
			return b, false, err
		}
		b.hasMax = true
	}
	return b, true, nil
}

// text describes the bounds, for explanations.
func (b condBounds) text(unit func(int64) string) string {
	switch {
	case b.hasMin && b.hasMax:
		return "from " + unit(b.min) + " to " + unit(b.max) + " allowed"
	case b.hasMin:
		return "at least " + unit(b.min) + " required"
	default:
		return "at most " + unit(b.max) + " allowed"
	}
}

// condBasisText names the date a basis stands for, for reasons and notes.
func condBasisText(b DateBasis) string {
	switch b {
	case OnIssueDate:
		return "the certificate's issue date"
	case OnTrainingStart:
		return "the start of training"
	case OnAsOf:
		return "the as-of date"
	}
	return "the claim date"
}

func condMonths(n int64) string { return condCountText(n, "month", "months") }
func condYears(n int64) string  { return condCountText(n, "year", "years") }
func condDays(n int64) string   { return condCountText(n, "day", "days") }

func condCountText(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.FormatInt(n, 10) + " " + many
}

// condLevel shows a level with its Chinese name: "national-4 (中级工)".
func condLevel(l certificate.Level) string {
	if c := l.Chinese(); c != "" {
		return l.String() + " (" + c + ")"
	}
	return l.String()
}

// condQuoteList quotes the items of a list: "a", "b", "c".
func condQuoteList(list []string) string {
	var b []byte
	for i, s := range list {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, quote(s)...)
	}
	return string(b)
}

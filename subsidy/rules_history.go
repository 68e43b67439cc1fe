package subsidy

import (
	"math"
	"slices"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/exact"
	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/shopspring/decimal"
)

// This file holds the history rules: rules that compare a claim with the
// grants recorded before it (Options.History, usually a *Ledger).
//
// Conventions shared by the history rules:
//
//   - They see the standing grants up to the evaluation's as-of date, as
//     State.HistoryOf returns them: grants dated after the as-of date and
//     grants that were reversed (clawed back) do not count.
//   - They look at grants of the policy's scheme (Definition.Scheme). A rule
//     with Schemes looks at the grants of those schemes instead; list the
//     policy's own scheme among them to widen the rule rather than move it.
//   - A grant recorded under the claim's own ID (the idempotency key its
//     grant is recorded under, see Claim.ID) is not "before" the claim: it
//     is left out, so that evaluating a claim again after its grant was
//     recorded gives the same result.
//   - "Per" chooses whose grants count: "person" (the default; the claim
//     must carry Person) or "organisation" (the claim must carry
//     Organisation). A "year" is the calendar year of the claim date.
//   - From a *Ledger the rules count and add up grants in place, without
//     copying entries; any other History is read through State.HistoryOf.
//     Both give the same answers.

// MaxClaimsPerYear is the condition that the person (or organisation) has
// had fewer than Max standing grants in the calendar year of the claim date.
// The 2024 skill-improvement subsidy allows at most 3 claims per person per
// year: Max 3, so the fourth claim of a year is rejected. Reject code:
// "max-claims".
//
// In JSON:
//
//	{"kind": "max-claims-per-year", "id": "three-a-year", "max": "max-claims"}
type MaxClaimsPerYear struct {
	RuleMeta
	// Max names the number parameter with the number of grants allowed in
	// a year, a whole number.
	Max string `json:"max"`
	// Per is "person" (the default when empty) or "organisation".
	Per string `json:"per,omitempty"`
	// Schemes, if set, lists the schemes whose grants count, instead of the
	// policy's own scheme.
	Schemes []string `json:"schemes,omitempty"`
}

// Kind returns "max-claims-per-year".
func (MaxClaimsPerYear) Kind() string { return "max-claims-per-year" }

// IsCondition reports true: the rule only judges the claim.
func (MaxClaimsPerYear) IsCondition() bool { return true }

// Check checks Max (a whole-number parameter), Per and Schemes.
func (r MaxClaimsPerYear) Check(p *Policy) error {
	if err := condNoRounding(r.RuleMeta); err != nil {
		return err
	}
	if err := condCheckWhole(p, "max", r.Max, condMaxCount, "claims"); err != nil {
		return err
	}
	if err := histCheckPer(r.Per); err != nil {
		return err
	}
	return condCheckNames("schemes", r.Schemes, false)
}

// Apply rejects the claim if the year's grants already reach the maximum.
func (r MaxClaimsPerYear) Apply(s *State) error {
	q, err := histWho(s, r.Per)
	if err != nil {
		return err
	}
	d, err := s.RefDate()
	if err != nil {
		return err
	}
	max, ok, err := condWhole(s, r.Max, d)
	if !ok {
		return err
	}
	year := s.claim.Date.Year()
	if q.Period, err = histYear(year); err != nil {
		return err
	}
	n := 0
	if err := histEachGrant(s, q, r.Schemes, false, func(*histRec) { n++ }); err != nil {
		return err
	}
	if int64(n) >= max {
		s.rejectText("max-claims", func(t *txt) {
			histWhoTxt(t, q).s(" already has ").n(int64(n), "grant", "grants").s(" of ")
			histSchemesTxt(t, s, r.Schemes).s(" in ").i(int64(year)).s("; at most ").i(max).s(" a year")
		})
		return nil
	}
	if s.explain {
		s.Note(histWhoText(q) + " has " + condCountText(int64(n), "grant", "grants") + " of " + histSchemesText(s, r.Schemes) + " in " +
			strconv.Itoa(year) + " up to " + s.asOf.String() + "; at most " + strconv.FormatInt(max, 10) + " a year")
	}
	return nil
}

// OncePerLevel is the condition that the person has no standing grant for
// the same occupation at the same level: the 2024 skill-improvement subsidy
// pays the same occupation and level only once. The claim must carry
// Person, Occupation and Level (else a *ClaimError naming the first one
// missing). Reject code: "already-granted".
//
// In JSON:
//
//	{"kind": "once-per-level", "id": "once"}
type OncePerLevel struct {
	RuleMeta
	// Schemes, if set, lists the schemes whose grants count, instead of the
	// policy's own scheme.
	Schemes []string `json:"schemes,omitempty"`
}

// Kind returns "once-per-level".
func (OncePerLevel) Kind() string { return "once-per-level" }

// IsCondition reports true: the rule only judges the claim.
func (OncePerLevel) IsCondition() bool { return true }

// Check checks Schemes.
func (r OncePerLevel) Check(p *Policy) error {
	if err := condNoRounding(r.RuleMeta); err != nil {
		return err
	}
	return condCheckNames("schemes", r.Schemes, false)
}

// Apply rejects the claim if the same occupation and level was granted
// before.
func (r OncePerLevel) Apply(s *State) error {
	c := s.claim
	first, found, err := histEarliestOfOccupation(s, r.Schemes, func(h *histRec) bool { return h.level == c.Level })
	if err != nil {
		return err
	}
	if found {
		s.rejectText("already-granted", func(t *txt) { histGrantedText(t, s, "level", first) })
		return nil
	}
	if s.explain {
		s.Note("person " + quote(c.Person) + " has no grant of " + histSchemesText(s, r.Schemes) + " for occupation " +
			quote(c.Occupation) + " at level " + condLevel(c.Level) + " up to " + s.asOf.String())
	}
	return nil
}

// HigherExcludesLower is the condition that the person has no standing grant
// for the same occupation at a higher level of the same ladder: under the
// 2024 skill-improvement subsidy, once a higher level of an occupation was
// paid, a lower level of it is excluded. Grants at levels of other ladders,
// or without a level, are not compared. The claim must carry Person,
// Occupation and Level. Reject code: "higher-level-granted".
//
// In JSON:
//
//	{"kind": "higher-excludes-lower", "id": "no-lower"}
type HigherExcludesLower struct {
	RuleMeta
	// Schemes, if set, lists the schemes whose grants count, instead of the
	// policy's own scheme.
	Schemes []string `json:"schemes,omitempty"`
}

// Kind returns "higher-excludes-lower".
func (HigherExcludesLower) Kind() string { return "higher-excludes-lower" }

// IsCondition reports true: the rule only judges the claim.
func (HigherExcludesLower) IsCondition() bool { return true }

// Check checks Schemes.
func (r HigherExcludesLower) Check(p *Policy) error {
	if err := condNoRounding(r.RuleMeta); err != nil {
		return err
	}
	return condCheckNames("schemes", r.Schemes, false)
}

// Apply rejects the claim if a higher level of the occupation was granted
// before.
func (r HigherExcludesLower) Apply(s *State) error {
	c := s.claim
	// Same ladder and a higher rank; compared directly, as Level.Compare
	// would build an error for every grant on another ladder.
	first, found, err := histEarliestOfOccupation(s, r.Schemes, func(h *histRec) bool {
		return h.level.Ladder() == c.Level.Ladder() && h.level.Rank() > c.Level.Rank()
	})
	if err != nil {
		return err
	}
	if found {
		s.rejectText("higher-level-granted", func(t *txt) { histGrantedText(t, s, "the higher level", first) })
		return nil
	}
	if s.explain {
		s.Note("person " + quote(c.Person) + " has no grant of " + histSchemesText(s, r.Schemes) + " for occupation " +
			quote(c.Occupation) + " above level " + condLevel(c.Level) + " up to " + s.asOf.String())
	}
	return nil
}

// HistoryCap limits the award so that the standing grants of the person (or
// organisation) in a window, together with this award, stay within Cap:
// with G granted in the window, the award becomes min(award, Cap − G). If
// nothing is left (G ≥ Cap) the claim is rejected with code "cap-reached";
// if the award is within what is left, the rule is skipped with that note.
//
// Window is "year" (the calendar year of the claim date) or "lifetime"
// (every grant up to the as-of date). Only grants in the policy's currency
// are added up.
//
// HistoryCap is not a condition: it changes the award, and is skipped once
// the claim is rejected. A limited award goes through the rule's rounding
// (or the policy's) like every change. Ledger amounts are whole fen, so with
// a rounding to the minor unit nothing is rounded; with a coarser quantum a
// half-up rounding can round what is left upwards, past the cap, so a policy
// that must never exceed the cap declares the rounding "down" on this rule.
//
// In JSON:
//
//	{"kind": "history-cap", "id": "yearly-cap", "cap": "yearly-cap", "window": "year"}
type HistoryCap struct {
	RuleMeta
	// Cap names the number parameter with the most that may be granted in
	// the window, in the policy's currency; not negative.
	Cap string `json:"cap"`
	// Per is "person" (the default when empty) or "organisation".
	Per string `json:"per,omitempty"`
	// Window is "year" or "lifetime". Required.
	Window string `json:"window"`
	// Schemes, if set, lists the schemes whose grants count, instead of the
	// policy's own scheme.
	Schemes []string `json:"schemes,omitempty"`
}

// Kind returns "history-cap".
func (HistoryCap) Kind() string { return "history-cap" }

// Check checks Cap (a number parameter that is never negative), Per, Window
// and Schemes.
func (r HistoryCap) Check(p *Policy) error {
	if err := p.CheckParam("cap", r.Cap, false); err != nil {
		return err
	}
	for _, e := range p.params[r.Cap].num.All() {
		if e.Value.rat.Sign() < 0 {
			return FieldError("cap", quote(r.Cap), "the parameter's value "+clipDec(e.Value.dec)+" from "+e.From.String()+" is negative")
		}
	}
	if err := histCheckPer(r.Per); err != nil {
		return err
	}
	if r.Window != "year" && r.Window != "lifetime" {
		return FieldError("window", quote(r.Window), "must be \"year\" or \"lifetime\"")
	}
	return condCheckNames("schemes", r.Schemes, false)
}

// Apply limits the award to what is left of the cap, or rejects the claim
// if nothing is.
func (r HistoryCap) Apply(s *State) error {
	q, err := histWho(s, r.Per)
	if err != nil {
		return err
	}
	d, err := s.RefDate()
	if err != nil {
		return err
	}
	cv, err := s.numberOn(r.Cap, d)
	if err != nil {
		return err
	}
	year := s.claim.Date.Year()
	if r.Window == "year" {
		if q.Period, err = histYear(year); err != nil {
			return err
		}
	}
	q.Currency = s.policy.def.Currency
	var fen int64
	err = histEachGrant(s, q, r.Schemes, true, func(h *histRec) {
		if sum, err := money.AddUnits(fen, h.fen); err == nil {
			fen = sum
		} else {
			fen = math.MaxInt64 // more than any cap; see below
		}
	})
	if err != nil {
		return err
	}
	// fen ≤ MaxInt64 and the cap is bounded by ParseAmount, so neither
	// step below can overflow; the errors are reported all the same.
	granted, err := exact.New(fen, pow10(s.policy.scale)) // q.Currency is the policy's
	if err != nil {
		return err
	}
	left, err := cv.rat.Sub(granted)
	if err != nil {
		return err
	}
	what := func() string {
		window := "up to " + s.asOf.String()
		if r.Window == "year" {
			window = "in " + strconv.Itoa(year)
		}
		return "the cap of " + cv.rat.String() + " " + s.policy.def.Currency + " for " + histWhoText(q) + " under " + histSchemesText(s, r.Schemes) +
			" " + window + ": " + granted.String() + " granted, " + histNonNeg(left).String() + " left"
	}
	award := s.amountRat()
	switch {
	case left.Sign() <= 0:
		s.rejectWith("cap-reached", func() string { return "nothing is left of " + what() })
	case award.Cmp(left) <= 0:
		if s.explain {
			s.Skip("the award " + award.String() + " is within " + what())
		} else {
			s.Skip("the award is within the cap")
		}
	default:
		if err := s.set(left); err != nil {
			return err
		}
		if s.explain {
			s.Note("the award " + award.String() + " is limited by " + what())
		}
	}
	return nil
}

// histNonNeg returns r, or 0 if r is negative.
func histNonNeg(r exact.Rat) exact.Rat {
	if r.Sign() < 0 {
		return exact.Rat{}
	}
	return r
}

// histCheckPer checks a Per field.
func histCheckPer(per string) error {
	if per != "" && per != "person" && per != "organisation" {
		return FieldError("per", quote(per), "must be \"person\" or \"organisation\"")
	}
	return nil
}

// histWho returns the query for the grants of the claim's person (per ""
// or "person") or organisation, or the Missing error if the claim lacks it.
func histWho(s *State, per string) (HistoryQuery, error) {
	if per == "organisation" {
		if s.claim.Organisation == "" {
			return HistoryQuery{}, s.Missing("organisation")
		}
		return HistoryQuery{Organisation: s.claim.Organisation}, nil
	}
	if s.claim.Person == "" {
		return HistoryQuery{}, s.Missing("person")
	}
	return HistoryQuery{Person: s.claim.Person}, nil
}

// histNeedOccupationLevel returns the Missing error for the first of Person,
// Occupation and Level the claim lacks.
func histNeedOccupationLevel(s *State) error {
	switch c := s.claim; {
	case c.Person == "":
		return s.Missing("person")
	case c.Occupation == "":
		return s.Missing("occupation")
	case c.Level == 0:
		return s.Missing("level")
	}
	return nil
}

// histWhoText names whose grants a query selects.
func histWhoText(q HistoryQuery) string {
	if q.Organisation != "" {
		return "organisation " + quote(q.Organisation)
	}
	return "person " + quote(q.Person)
}

// histSchemesText names the schemes a rule looks at.
// histWhoTxt appends what histWhoText returns.
func histWhoTxt(t *txt, q HistoryQuery) *txt {
	if q.Organisation != "" {
		return t.s("organisation ").q(q.Organisation)
	}
	return t.s("person ").q(q.Person)
}

// histSchemesTxt appends what histSchemesText returns.
func histSchemesTxt(t *txt, s *State, schemes []string) *txt {
	if len(schemes) == 0 {
		return t.q(s.policy.def.Scheme)
	}
	for i, sc := range schemes {
		if i > 0 {
			t.s(", ")
		}
		t.q(sc)
	}
	return t
}

func histSchemesText(s *State, schemes []string) string {
	if len(schemes) == 0 {
		return quote(s.policy.def.Scheme)
	}
	return condQuoteList(schemes)
}

// histYear returns the calendar year as a period.
func histYear(year int) (Period, error) {
	first, err := NewDate(year, 1, 1)
	if err != nil {
		return Period{}, err
	}
	last, err := NewDate(year, 12, 31)
	if err != nil {
		return Period{}, err
	}
	return NewPeriod(first, last)
}

// histEachGrant calls f with the record of each standing grant q selects up
// to the as-of date, as State.HistoryOf selects them, of the given schemes
// (the policy's scheme when none are given), except a grant recorded under
// the claim's own ID. A record's fen is the amount in minor units of the
// policy's currency (from a History other than a *Ledger, only when
// needAmount is set). From a *Ledger, the claimant's grants come from the
// evaluation's copy of the person's records (State.personHistory) and
// other queries are answered under the ledger's read lock (so f must not
// use the ledger); from any other History it goes through State.HistoryOf.
// The order of the calls is not specified.
func histEachGrant(s *State, q HistoryQuery, schemes []string, needAmount bool, f func(r *histRec)) error {
	if s.history == nil {
		return nil
	}
	switch len(schemes) {
	case 0:
		q.Scheme = s.policy.def.Scheme
	case 1:
		q.Scheme = schemes[0]
	}
	multi := len(schemes) > 1
	own := s.claim.ID
	if l, ok := s.history.(*Ledger); ok {
		if l == nil {
			return nil
		}
		var buf [4]uint32
		var ids []uint32 // the numbers of schemes, if more than one
		if multi {
			ids = l.nameIDs(schemes, buf[:0])
		}
		if q.Person != "" && q.Person == s.claim.Person && q.Organisation == "" && q.Certificate == "" {
			hist := s.personHistory(l)
			scheme, occupation, currency := s.histID(l, q.Scheme, s.policy.def.Scheme, s.histIDs.scheme),
				s.histID(l, q.Occupation, s.claim.Occupation, s.histIDs.occupation),
				s.histID(l, q.Currency, s.policy.def.Currency, s.histIDs.currency)
			for i := range hist {
				r := &hist[i]
				if (q.Scheme != "" && r.scheme != scheme) || (multi && !slices.Contains(ids, r.scheme)) ||
					(q.Occupation != "" && r.occupation != occupation) || (q.Currency != "" && r.currency != currency) ||
					(!q.Period.IsZero() && !q.Period.Contains(r.date)) {
					continue
				}
				f(r)
			}
			return nil
		}
		if q.Certificate != "" {
			// One read of the ledger answers both the claimant's history and
			// whether the claim's certificate may be in it.
			if q.Certificate == s.claim.Certificate && s.claim.Person != "" {
				s.personHistory(l)
				if !s.certMay {
					return nil
				}
			} else if !l.certMay(q.Certificate) {
				return nil
			}
		}
		w, some := histWindow(q, s.asOf)
		if !some {
			return nil
		}
		s.histNames = l.eachStanding(w, s.asOf, own, func(r *histRec) {
			if !multi || slices.Contains(ids, r.scheme) {
				f(r)
			}
		})
		return nil
	}
	entries, err := s.HistoryOf(q)
	if err != nil {
		return err
	}
	if entries == nil {
		entries = []LedgerEntry{} // histGrant tells the sources apart by nil
	}
	s.histOther = entries
	for i := range entries {
		g := &entries[i].Grant
		if g.Key == own || (multi && !slices.Contains(schemes, g.Scheme)) {
			continue
		}
		var fen int64
		if needAmount {
			if fen, err = money.ToUnits(g.Amount, s.policy.scale); err != nil || fen <= 0 {
				return &LedgerError{Op: "History", Key: g.Key, Field: "amount", Value: ledgerShow(g.Amount),
					Reason: "rule " + quote(s.info.meta.ID) + " needs a positive multiple of " + money.Canonical(decimal.New(1, -s.policy.scale)), Err: ErrInvalidGrant}
			}
		}
		r := histRec{fen: fen, idx: int32(i), date: g.Date, level: g.Level}
		f(&r)
	}
	return nil
}

// histID returns the number in l of name, a filter of a query: known is the
// number of want, looked up with the claimant's history, so that the usual
// names cost nothing.
func (s *State) histID(l *Ledger, name, want string, known uint32) uint32 {
	if name == "" || name == want {
		return known
	}
	var buf [1]uint32
	return l.nameIDs([]string{name}, buf[:0])[0]
}

// histGrantedText writes the reason text of OncePerLevel and
// HigherExcludesLower: the claimant was already granted the occupation at
// the level of first, described by what.
func histGrantedText(t *txt, s *State, what string, first histGrantView) {
	c := s.claim
	t.s("person ").q(c.Person).s(" was already granted occupation ").q(c.Occupation).
		s(" at ").s(what).s(" ").level(first.Level).s(" under ").q(first.Scheme).s(" (grant ").q(first.Key).s(" of ").d(first.Date).s(")")
}

// histEarliestOfOccupation returns the earliest standing grant (by date, then
// key) of the claim's person and occupation that match selects, if any: the
// shared part of OncePerLevel and HigherExcludesLower. The claim must carry
// Person, Occupation and Level.
func histEarliestOfOccupation(s *State, schemes []string, match func(r *histRec) bool) (histGrantView, bool, error) {
	if err := histNeedOccupationLevel(s); err != nil {
		return histGrantView{}, false, err
	}
	c := s.claim
	var first histRec
	found := false
	err := histEachGrant(s, HistoryQuery{Person: c.Person, Occupation: c.Occupation}, schemes, false, func(r *histRec) {
		if match(r) && (!found || s.histEarlier(r, &first)) {
			first, found = *r, true
		}
	})
	if err != nil || !found {
		return histGrantView{}, false, err
	}
	return s.histGrant(&first), true, nil
}

// histWindow bounds q's period by the as-of date as State.HistoryOf does:
// from q's start (or the earliest date) to the earlier of q's end and asOf.
// It reports false if the period starts after asOf, so nothing is selected.
func histWindow(q HistoryQuery, asOf Date) (HistoryQuery, bool) {
	start, end := firstDay, asOf
	if !q.Period.IsZero() {
		start = q.Period.Start()
		if start.After(asOf) {
			return q, false
		}
		if q.Period.End().Before(end) {
			end = q.Period.End()
		}
	}
	p, err := NewPeriod(start, end)
	if err != nil {
		return q, false // not reached: start ≤ end by construction
	}
	q.Period = p
	q.ExcludeReversed = true
	return q, true
}

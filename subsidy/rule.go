package subsidy

import (
	"errors"
	"fmt"
	"github.com/dualtrack/dualtrack/certificate"
	"slices"

	"github.com/dualtrack/dualtrack/internal/civil"
	"github.com/dualtrack/dualtrack/internal/exact"
	"github.com/shopspring/decimal"
)

// DateBasis says which date of a claim a rule reads its parameters on: the
// rules in force on the claim date, on the certificate's issue date, on the
// first day of training, or on the evaluation's as-of date. The zero value
// means "the policy's default" in a rule and OnClaimDate in a policy.
//
// In JSON a basis is "claim", "issued", "start" or "as-of".
type DateBasis uint8

// The date bases.
const (
	OnClaimDate     DateBasis = iota + 1 // Claim.Date
	OnIssueDate                          // Claim.Issued
	OnTrainingStart                      // Claim.Training.Start
	OnAsOf                               // the evaluation's as-of date
)

var dateBases = [...]string{"", "claim", "issued", "start", "as-of"}

// IsValid reports whether b is one of the four bases.
func (b DateBasis) IsValid() bool { return b >= OnClaimDate && b <= OnAsOf }

// String returns the basis's JSON name, or "date basis(N)" for an invalid one.
func (b DateBasis) String() string {
	if b.IsValid() {
		return dateBases[b]
	}
	return fmt.Sprintf("date basis(%d)", uint8(b))
}

// MarshalText returns the basis's name; the zero basis has none and is
// encoded as "" (JSON fields holding it are left out).
func (b DateBasis) MarshalText() ([]byte, error) {
	if b == 0 {
		return nil, nil
	}
	if !b.IsValid() {
		return nil, fmt.Errorf("subsidy: cannot encode %v", b)
	}
	return []byte(dateBases[b]), nil
}

// UnmarshalText parses a basis name; "" is the zero basis.
func (b *DateBasis) UnmarshalText(text []byte) error {
	for i, s := range dateBases {
		if string(text) == s {
			*b = DateBasis(i)
			return nil
		}
	}
	return fmt.Errorf("subsidy: date basis %s: not one of claim, issued, start, as-of", quote(string(text)))
}

// RuleMeta is what every rule has besides its own fields: an ID unique in
// the policy, the date basis its parameters are read on, its own rounding
// and a note for people. Rule types embed it, which also gives them their
// Meta method; in JSON its fields sit beside the rule's own.
type RuleMeta struct {
	// ID names the rule in results and explanations. Required; the rules
	// of Param.Name apply.
	ID string `json:"id"`
	// On is the date basis; zero means the policy's.
	On DateBasis `json:"on,omitzero"`
	// Rounding, if set, rounds the award after this rule changes it,
	// instead of the policy's rounding. Its quantum must be a multiple of
	// the currency's minor unit.
	Rounding Rounding `json:"rounding,omitzero"`
	// Note describes the rule for people, e.g. the article it implements.
	Note string `json:"note,omitempty"`
}

// Meta returns m itself.
func (m RuleMeta) Meta() RuleMeta { return m }

// Rule is one step of a policy. The engine applies a policy's rules in order
// to an award that starts at zero: conditions reject a claim, amount rules
// add to the award, adjustments scale, raise or limit it, history rules
// compare it with what was granted before. A rule reads the claim, the
// parameters and the history, and reports what it did through the State.
//
// The built-in kinds are the types of this package that implement Rule.
// Integrators add their own kinds by implementing Rule (embedding RuleMeta)
// and registering them with a Loader for use in JSON.
//
// A rule that only checks the claim and never changes the award should also
// implement `IsCondition() bool` returning true: conditions still run after
// a claim is rejected, so that every reason is reported; other rules are
// then skipped.
type Rule interface {
	// Kind returns the name of the rule's kind, as in its JSON "kind".
	Kind() string
	// Meta returns the rule's common fields.
	Meta() RuleMeta
	// Check validates the rule against the policy it is part of: its own
	// fields and the parameters it names (see Policy.CheckParam). Errors
	// should be made with FieldError or come from CheckParam, so that they
	// name the rule's field.
	Check(p *Policy) error
	// Apply judges the claim in s. An error means the claim lacks a fact
	// the rule needs (see State.Missing) or a parameter does not cover the
	// date; a rejection is not an error (see State.Reject).
	Apply(s *State) error
}

// Schedule turns a policy's award into dated payments (see State.Pay). The
// payments of a claim must add up to its award exactly.
type Schedule interface {
	// Kind returns the name of the schedule's kind, as in its JSON "kind".
	Kind() string
	// Check validates the schedule against its policy, like Rule.Check.
	Check(p *Policy) error
	// Pay records the payments of the award s.Amount() through s.Pay.
	Pay(s *State) error
}

// History is the record of earlier grants that history rules read. A
// *Ledger is a History; a nil History has no grants.
type History interface {
	History(q HistoryQuery) ([]LedgerEntry, error)
}

// Outcome says what a rule did with a claim.
type Outcome uint8

// The outcomes.
const (
	Applied  Outcome = iota + 1 // the rule applied (a condition that held, or a change to the award)
	Skipped                     // the rule did not apply to this claim, for the reason given
	Rejected                    // the rule rejected the claim, for the reason given
)

var outcomes = [...]string{"", "applied", "skipped", "rejected"}

// String returns "applied", "skipped" or "rejected".
func (o Outcome) String() string {
	if o >= Applied && o <= Rejected {
		return outcomes[o]
	}
	return fmt.Sprintf("outcome(%d)", uint8(o))
}

// MarshalText returns the outcome's name.
func (o Outcome) MarshalText() ([]byte, error) {
	if o < Applied || o > Rejected {
		return nil, fmt.Errorf("subsidy: cannot encode %v", o)
	}
	return []byte(outcomes[o]), nil
}

// UnmarshalText parses an outcome's name.
func (o *Outcome) UnmarshalText(text []byte) error {
	for i := Applied; i <= Rejected; i++ {
		if string(text) == outcomes[i] {
			*o = i
			return nil
		}
	}
	return fmt.Errorf("subsidy: outcome %s: not one of applied, skipped, rejected", quote(string(text)))
}

// State is a claim under evaluation, as a rule sees it: the claim, the
// as-of date, the parameters, the history and the award so far. Rules report
// through it what they did. A State is used by one evaluation at a time and
// must not be kept after Apply returns.
type State struct {
	policy  *Policy
	claim   *Claim
	asOf    Date
	history History

	info    *ruleInfo
	amount  int64 // award in minor units
	outcome Outcome
	reason  string

	rejected bool
	reasons  []Reason
	contrib  []Contribution
	payments []Payment
	paid     int64

	explain bool
	noText  bool // Options.OmitReasonText, without Explain
	step    *Step
	cur     Step // the step being recorded, when explaining
	steps   []Step

	// hist holds the claimant's standing grants once a history rule has
	// read them (histDone), for the other history rules to share; histIDs
	// are the numbers of the names they are compared with, and histNames
	// the ledger's names by number (see histGrant).
	hist      []histRec
	histDone  bool
	histIDs   histIDs
	histNames []string
	certMay   bool // whether the ledger may hold the claim's certificate
	// names keeps the numbers of the policy's scheme and currency in the
	// ledger from one evaluation to the next, and memo the parameter
	// entries last read: both live in the frame.
	names *histNameCache
	memo  *paramMemos
	// histOther holds the entries last read from a History other than a
	// *Ledger, which the records of histEachGrant then index.
	histOther []LedgerEntry
	// tb is where the rules build their texts, and spans where the texts of
	// the reasons lie in it (see rejectText).
	tb    txt
	spans []textSpan
	// shard is the number of the ledger's read lock the evaluation takes
	// (see ledgerLock), the frame's.
	shard uint32
}

// personHistory returns the grants of the claimant that stood on the as-of
// date, other than the claim's own, reading the ledger once per evaluation.
func (s *State) personHistory(l *Ledger) []histRec {
	if !s.histDone {
		def, c := &s.policy.def, s.claim
		s.hist, s.histNames, s.histIDs, s.certMay = l.standingOf(s.shard, c.Person, s.asOf, c.ID, s.hist[:0], s.names,
			def.Scheme, def.Currency, c.Occupation, c.Certificate)
		s.histDone = true
	}
	return s.hist
}

// histGrantView is what the texts of a rejection say of an earlier grant.
type histGrantView struct {
	Key, Scheme string
	Date        Date
	Level       certificate.Level
}

// histGrant returns what the texts say of the grant of a record
// histEachGrant gave: from the record itself for a ledger, so that a
// rejection reads no more memory than the check did.
func (s *State) histGrant(r *histRec) histGrantView {
	if s.histOther != nil {
		g := &s.histOther[r.idx].Grant
		return histGrantView{Key: g.Key, Scheme: g.Scheme, Date: g.Date, Level: g.Level}
	}
	return histGrantView{Key: r.key, Scheme: s.histNames[r.scheme], Date: r.date, Level: r.level}
}

// histEarlier reports whether the grant of a comes before that of b in
// (date, key) order.
func (s *State) histEarlier(a, b *histRec) bool {
	if c := a.date.Compare(b.date); c != 0 {
		return c < 0
	}
	return s.histGrant(a).Key < s.histGrant(b).Key
}

// Claim returns the claim being judged. Rules must not change it.
func (s *State) Claim() *Claim { return s.claim }

// AsOf returns the evaluation's as-of date: parameters are read as they were
// known on it, and history rules see grants up to it.
func (s *State) AsOf() Date { return s.asOf }

// Policy returns the policy being applied.
func (s *State) Policy() *Policy { return s.policy }

// Explaining reports whether the evaluation records an explanation, so that
// a rule can skip building notes nobody reads.
func (s *State) Explaining() bool { return s.explain }

// Missing returns the error for a fact the current rule needs but the claim
// lacks: field is the claim's JSON field name.
func (s *State) Missing(field string) error {
	return &ClaimError{ID: s.claim.ID, Field: field, Reason: "required by rule " + quote(s.info.meta.ID) + " (" + s.info.kind + ")"}
}

// Date returns the date of the claim the basis names, or a Missing error if
// the claim lacks it.
func (s *State) Date(b DateBasis) (Date, error) {
	var d Date
	var field string
	switch b {
	case OnClaimDate:
		d, field = s.claim.Date, "date"
	case OnIssueDate:
		d, field = s.claim.Issued, "issued"
	case OnTrainingStart:
		d, field = s.claim.Training.Start(), "training"
	case OnAsOf:
		d = s.asOf
	default:
		return Date{}, fmt.Errorf("subsidy: rule %s: %v", quote(s.info.meta.ID), b)
	}
	if d.IsZero() {
		return Date{}, s.Missing(field)
	}
	return d, nil
}

// RefDate returns the date the current rule reads its parameters on (see
// RuleMeta.On).
func (s *State) RefDate() (Date, error) { return s.Date(s.info.meta.On) }

// Number returns the value of the number parameter name on the rule's
// reference date, as known on the as-of date, and records its use in the
// explanation.
func (s *State) Number(name string) (decimal.Decimal, error) {
	d, err := s.RefDate()
	if err != nil {
		return decimal.Decimal{}, err
	}
	v, err := s.numberOn(name, d)
	return v.dec, err
}

// Lookup returns the value under key of the table parameter name on the
// rule's reference date, as known on the as-of date, and records its use.
// ok is false if the table in force has no such key.
func (s *State) Lookup(name, key string) (value decimal.Decimal, ok bool, err error) {
	d, err := s.RefDate()
	if err != nil {
		return decimal.Decimal{}, false, err
	}
	v, ok, err := s.lookupOn(name, key, d)
	return v.dec, ok, err
}

// numberOn reads a number parameter on d.
func (s *State) numberOn(name string, d Date) (numValue, error) {
	if m := s.memo.find(name, d, s.asOf); m != nil && !s.explain && !m.table {
		return m.num, nil
	}
	prm, ok := s.policy.params[name]
	if !ok || prm.table {
		return numValue{}, fmt.Errorf("subsidy: rule %s: no number parameter %s", quote(s.info.meta.ID), quote(name))
	}
	e, last, err := prm.num.AsKnownOnSpan(d, s.asOf)
	if err != nil {
		return numValue{}, s.paramError(name, d, err)
	}
	if s.explain {
		s.useParam(ParamUse{Name: name, Value: e.Value.dec, On: d, From: e.From, Until: e.Until, Citation: e.Citation})
	}
	s.memo.keep(paramMemo{name: name, asOf: s.asOf, from: e.From, last: last, num: e.Value})
	return e.Value, nil
}

// lookupOn reads key of a table parameter on d.
func (s *State) lookupOn(name, key string, d Date) (numValue, bool, error) {
	if m := s.memo.find(name, d, s.asOf); m != nil && !s.explain && m.table {
		v, ok := m.tab[key]
		return v, ok, nil
	}
	prm, ok := s.policy.params[name]
	if !ok || !prm.table {
		return numValue{}, false, fmt.Errorf("subsidy: rule %s: no table parameter %s", quote(s.info.meta.ID), quote(name))
	}
	e, last, err := prm.tab.AsKnownOnSpan(d, s.asOf)
	if err != nil {
		return numValue{}, false, s.paramError(name, d, err)
	}
	s.memo.keep(paramMemo{name: name, asOf: s.asOf, from: e.From, last: last, table: true, tab: e.Value})
	v, ok := e.Value[key]
	if ok && s.explain {
		s.useParam(ParamUse{Name: name, Key: key, Value: v.dec, On: d, From: e.From, Until: e.Until, Citation: e.Citation})
	}
	return v, ok, nil
}

// ParamNotCoveredError reports that a parameter has no value on the date a
// rule needs it: the policy does not cover the claim. It matches
// ErrNotCovered.
type ParamNotCoveredError struct {
	Claim string // the claim's ID
	Rule  string // the rule's ID
	Param string // the parameter's name
	Date  Date   // the date asked for
	Err   error  // the series' own error
}

// Error names the claim, the rule, the parameter and the date.
func (e *ParamNotCoveredError) Error() string {
	return fmt.Sprintf("subsidy: claim %s: rule %s: parameter %s has no value on %v", quote(e.Claim), quote(e.Rule), quote(e.Param), e.Date)
}

// Unwrap returns the series' error, which matches ErrNotCovered.
func (e *ParamNotCoveredError) Unwrap() error { return e.Err }

func (s *State) paramError(name string, d Date, err error) error {
	if errors.Is(err, ErrNotCovered) {
		return &ParamNotCoveredError{Claim: s.claim.ID, Rule: s.info.meta.ID, Param: name, Date: d, Err: err}
	}
	return err
}

func (s *State) useParam(u ParamUse) {
	if s.step != nil {
		s.step.Params = append(s.step.Params, u)
	}
}

// Amount returns the award so far.
func (s *State) Amount() decimal.Decimal { return decimal.New(s.amount, -s.policy.scale) }

// amountRat returns the award so far as an exact rational in currency units.
func (s *State) amountRat() exact.Rat {
	r, _ := exact.New(s.amount, pow10(s.policy.scale))
	return r
}

// SetAmount sets the award to v, rounded by the rule's rounding (or the
// policy's), and records the change and the rounding. v must not be
// negative.
func (s *State) SetAmount(v decimal.Decimal) error {
	r, err := exact.FromDecimal(v)
	if err != nil {
		return fmt.Errorf("subsidy: rule %s: amount %s: %w", quote(s.info.meta.ID), ledgerShow(v), err)
	}
	return s.set(r)
}

// set sets the award to the exact value r, rounded.
func (s *State) set(r exact.Rat) error {
	if r.Sign() < 0 {
		return fmt.Errorf("subsidy: rule %s: the award would become negative (%v)", quote(s.info.meta.ID), r)
	}
	units, err := s.info.round.units(r)
	if err != nil {
		return fmt.Errorf("subsidy: claim %s: rule %s: %w", quote(s.claim.ID), quote(s.info.meta.ID), err)
	}
	if s.explain && s.step != nil {
		after := decimal.New(units, -s.policy.scale)
		if exactDec, ok := r.Decimal(); !ok || !exactDec.Equal(after) {
			s.step.Rounding = &RoundingStep{Rounding: s.info.round.decl, Before: r.String(), After: after}
		}
	}
	s.amount = units
	return nil
}

// Reject rejects the claim: the award becomes zero and the reason is
// reported with code, a stable machine-readable word such as
// "insured-months", and text for people. Under Options.OmitReasonText the
// text is left out; a rule that spends time on its text can ask TextWanted
// first.
func (s *State) Reject(code, text string) {
	if s.noText {
		text = ""
	}
	s.outcome = Rejected
	s.reason = text
	s.rejected = true
	s.reasons = append(s.reasons, Reason{Rule: s.info.meta.ID, Code: code, Text: text})
}

// TextWanted reports whether the text given to Reject will be kept: false
// under Options.OmitReasonText (without Explain), when a rule may pass ""
// instead of writing its text.
func (s *State) TextWanted() bool { return !s.noText }

// rejectText is Reject for the built-in rules that write their text with a
// txt: it calls build only if the text is wanted. Without an explanation
// the text stays in the state's buffer, after those of the earlier
// reasons, until the result is made (see frame.keep); with one, the step
// of the explanation needs it at once, as a string.
func (s *State) rejectText(code string, build func(t *txt)) {
	switch {
	case s.noText:
		s.Reject(code, "")
	case s.explain:
		s.tb.b = s.tb.b[:0]
		build(&s.tb)
		s.Reject(code, string(s.tb.b))
	default:
		from := len(s.tb.b)
		build(&s.tb)
		s.Reject(code, "")
		s.spans = append(s.spans, textSpan{len(s.reasons) - 1, from, len(s.tb.b)})
	}
}

// rejectWith is Reject for the built-in rules that make their text as a
// string: it calls text only if the text is wanted.
func (s *State) rejectWith(code string, text func() string) {
	if s.noText {
		s.Reject(code, "")
		return
	}
	s.Reject(code, text())
}

// Skip reports that the rule does not apply to this claim, and why.
func (s *State) Skip(reason string) {
	if s.outcome != Rejected {
		s.outcome = Skipped
		s.reason = reason
	}
}

// Note adds a remark for people to the rule's step of the explanation, such
// as how a value was computed. It costs nothing when not explaining.
func (s *State) Note(text string) {
	if s.outcome == Applied || s.outcome == 0 {
		s.reason = text
	}
}

// HistoryOf returns the grants the query selects that stood on the as-of
// date: grants dated after it are left out, and so are grants reversed on or
// before it (a grant reversed later still counts, so that an evaluation as of
// a past date sees the history as it was). A nil History has none.
func (s *State) HistoryOf(q HistoryQuery) ([]LedgerEntry, error) {
	if s.history == nil {
		return nil, nil
	}
	if l, ok := s.history.(*Ledger); ok && l == nil {
		return nil, nil
	}
	q.ExcludeReversed = false
	start := firstDay
	if !q.Period.IsZero() {
		start = q.Period.Start()
		if start.After(s.asOf) {
			return nil, nil
		}
	}
	end := s.asOf
	if !q.Period.IsZero() && q.Period.End().Before(end) {
		end = q.Period.End()
	}
	p, err := NewPeriod(start, end)
	if err != nil {
		return nil, err
	}
	q.Period = p
	out, err := s.history.History(q)
	if err != nil {
		return nil, fmt.Errorf("subsidy: claim %s: rule %s: reading history: %w", quote(s.claim.ID), quote(s.info.meta.ID), err)
	}
	return slices.DeleteFunc(out, func(e LedgerEntry) bool {
		return e.Reversed() && !e.Reversal.Date.After(s.asOf)
	}), nil
}

// firstDay is the earliest date, 0001-01-01.
var firstDay = civil.MustParse("0001-01-01")

// Pay records a payment of the award. Payments must be multiples of the
// currency's minor unit; a clawback is a negative payment. When the schedule
// is done, the payments must add up to the award exactly.
func (s *State) Pay(p Payment) error {
	u, err := toMinor(p.Amount, s.policy.scale)
	if err != nil {
		return fmt.Errorf("subsidy: claim %s: payment %s: %w", quote(s.claim.ID), ledgerShow(p.Amount), err)
	}
	return s.pay(p.Date, u, p.Kind, p.Provisional)
}

func (s *State) pay(d Date, units int64, kind PaymentKind, provisional bool) error {
	if d.IsZero() {
		return fmt.Errorf("subsidy: claim %s: a payment needs a date", quote(s.claim.ID))
	}
	if !kind.IsValid() {
		return fmt.Errorf("subsidy: claim %s: payment kind %v", quote(s.claim.ID), kind)
	}
	s.paid += units
	s.payments = append(s.payments, Payment{Date: d, Amount: s.policy.units(units), Kind: kind, Provisional: provisional})
	return nil
}

// paramMemos remembers the entries of the parameters an evaluation read,
// each with the as-of date it was read as known on and the days it holds
// for (dated.Series.AsKnownOnSpan), so that the next claims of the policy
// read a parameter without looking it up. They live in a frame and outlive
// its evaluations, which is sound because a policy's parameters never
// change and a frame serves one policy. Explaining evaluations do not use
// them: an explanation shows the entry's dates and citation.
type paramMemos struct {
	m    [8]paramMemo
	next int // the slot the next new entry takes
}

// paramMemo is one remembered entry: a number, or a table if table is set.
type paramMemo struct {
	name       string
	asOf       Date
	from, last Date // last zero: without end
	table      bool
	num        numValue
	tab        map[string]numValue
}

// find returns the remembered entry of parameter name known on asOf that
// holds on d, or nil.
func (ms *paramMemos) find(name string, d, asOf Date) *paramMemo {
	for i := range ms.m {
		m := &ms.m[i]
		if m.name == name && m.asOf == asOf && !d.Before(m.from) && (m.last.IsZero() || !d.After(m.last)) {
			return m
		}
	}
	return nil
}

// keep remembers m in place of the oldest entry.
func (ms *paramMemos) keep(m paramMemo) {
	ms.m[ms.next] = m
	ms.next = (ms.next + 1) % len(ms.m)
}

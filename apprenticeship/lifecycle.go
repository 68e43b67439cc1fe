package apprenticeship

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/civil"
)

// State is where an apprentice stands in the lifecycle of one agreement. The
// zero State means that nothing has happened yet (no event); it is not a
// valid State.
type State uint8

// The states, with their stable codes.
const (
	StateApplied    State = iota + 1 // "applied": applied for a place (报名)
	StateEnrolled                    // "enrolled": the agreement is signed (签约), training has not begun
	StateInTraining                  // "in-training": in training (在训)
	StateOnBreak                     // "on-break": a break in learning (学习中断)
	StateCompleted                   // "completed": passed the final assessment (结业); final
	StateWithdrawn                   // "withdrawn": left before training began (退出); final
	StateTerminated                  // "terminated": the agreement was terminated (解除); final
)

var lifeStates = codes[State]{"state", []string{"", "applied", "enrolled", "in-training", "on-break", "completed", "withdrawn", "terminated"}}

// IsValid reports whether s is one of the states.
func (s State) IsValid() bool { return lifeStates.valid(s) }

// IsFinal reports whether s is completed, withdrawn or terminated: no event
// may follow.
func (s State) IsFinal() bool {
	return s == StateCompleted || s == StateWithdrawn || s == StateTerminated
}

// String returns the stable code of s, such as "in-training".
func (s State) String() string { return lifeStates.String(s) }

// MarshalText implements encoding.TextMarshaler with the stable code.
func (s State) MarshalText() ([]byte, error) { return lifeStates.marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown codes are errors.
func (s *State) UnmarshalText(b []byte) (err error) {
	*s, err = lifeStates.parse(string(b))
	return err
}

// EventKind says what an Event does; each kind moves the record from some
// states into one (see Record for the table).
type EventKind uint8

// The event kinds, with their stable codes. The zero EventKind is not a kind.
const (
	EventApply     EventKind = iota + 1 // "apply": → applied
	EventEnrol                          // "enrol": applied → enrolled (the agreement is signed)
	EventStart                          // "start": enrolled → in training
	EventPause                          // "pause": in training → on break
	EventResume                         // "resume": on break → in training
	EventComplete                       // "complete": in training → completed
	EventWithdraw                       // "withdraw": applied or enrolled → withdrawn
	EventTerminate                      // "terminate": enrolled, in training or on break → terminated
)

var lifeEventKinds = codes[EventKind]{"event kind", []string{"", "apply", "enrol", "start", "pause", "resume", "complete", "withdraw", "terminate"}}

// IsValid reports whether k is one of the kinds.
func (k EventKind) IsValid() bool { return lifeEventKinds.valid(k) }

// String returns the stable code of k, such as "terminate".
func (k EventKind) String() string { return lifeEventKinds.String(k) }

// MarshalText implements encoding.TextMarshaler with the stable code.
func (k EventKind) MarshalText() ([]byte, error) { return lifeEventKinds.marshal(k) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown codes are errors.
func (k *EventKind) UnmarshalText(b []byte) (err error) {
	*k, err = lifeEventKinds.parse(string(b))
	return err
}

// Party is who declares an event: the apprentice, the enterprise, or the
// school or training institution. The zero Party means "not recorded"; a
// termination must name one.
type Party uint8

// The parties, with their stable codes.
const (
	PartyApprentice  Party = iota + 1 // "apprentice": the apprentice (学徒)
	PartyEnterprise                   // "enterprise": the training enterprise (企业)
	PartyInstitution                  // "institution": the school or training institution (学校/培训机构)
)

var lifeParties = codes[Party]{"party", []string{"", "apprentice", "enterprise", "institution"}}

// IsValid reports whether p is one of the parties.
func (p Party) IsValid() bool { return lifeParties.valid(p) }

// String returns the stable code of p: "apprentice", "enterprise" or
// "institution".
func (p Party) String() string { return lifeParties.String(p) }

// MarshalText implements encoding.TextMarshaler with the stable code.
func (p Party) MarshalText() ([]byte, error) { return lifeParties.marshal(p) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown codes are errors.
func (p *Party) UnmarshalText(b []byte) (err error) {
	*p, err = lifeParties.parse(string(b))
	return err
}

// Event is one dated step of the lifecycle. On is the day it takes effect:
// from that day on the apprentice is in the state the event leads to.
//
// Which fields an event carries depends on its Kind: Reason is required for
// pause, withdraw and terminate and optional otherwise; By is required for
// terminate and optional otherwise; Written may be set on any event; Passed
// only on complete (where it must be true); NoticeGiven and ImportantReason
// only on terminate. In JSON the dates are "YYYY-MM-DD" strings and the
// enums their stable codes; members that are zero or false are left out.
type Event struct {
	// On is the day the event takes effect; required.
	On Date `json:"on"`
	// Kind is what happens; required.
	Kind EventKind `json:"kind"`
	// Reason says why, in words: the reason for a break, a withdrawal or a
	// termination.
	Reason string `json:"reason,omitempty"`
	// By is the party that declares the event.
	By Party `json:"by,omitzero"`
	// Written records that the declaration was made in writing.
	Written bool `json:"written,omitempty"`
	// NoticeGiven is the day notice of a termination was given, for a
	// termination with notice; zero when none was given.
	NoticeGiven Date `json:"noticeGiven,omitzero"`
	// ImportantReason records that a termination is for an important reason
	// (wichtiger Grund, BBiG § 22), which under the German rules allows it
	// after probation without notice.
	ImportantReason bool `json:"importantReason,omitempty"`
	// Passed records that the final assessment was passed; a complete event
	// requires it. The caller establishes it (from the assessment records).
	Passed bool `json:"passed,omitempty"`
}

// TerminationRules say when an agreement may be terminated. A termination
// is allowed if any of these holds:
//
//   - it takes effect on or before the end of probation (see
//     Record.ProbationEnd; this includes days before training starts) and
//     ProbationAnyTime is set;
//   - it takes effect after probation and AfterProbationAnyTime is set;
//   - ImportantReasonWithoutNotice is set and the event has ImportantReason;
//   - it is by the apprentice, ApprenticeNoticeWeeks is above 0, and notice
//     was given at least that many weeks (7 days each) before: NoticeGiven
//     on or before On minus 7 × ApprenticeNoticeWeeks days.
//
// Independently, RequireWritten refuses a termination without Written.
// Refusals are errors wrapping ErrTransition whose Rule is Citation.
//
// The zero TerminationRules allow no termination at all. Use
// GermanTermination, PermissiveTermination, or rules of your own.
type TerminationRules struct {
	ProbationAnyTime             bool   `json:"probationAnyTime,omitempty"`
	AfterProbationAnyTime        bool   `json:"afterProbationAnyTime,omitempty"`
	ImportantReasonWithoutNotice bool   `json:"importantReasonWithoutNotice,omitempty"`
	ApprenticeNoticeWeeks        int    `json:"apprenticeNoticeWeeks,omitempty"`
	RequireWritten               bool   `json:"requireWritten,omitempty"`
	Citation                     string `json:"citation,omitempty"`
}

// lifeMaxNoticeWeeks bounds ApprenticeNoticeWeeks so that 7 × weeks cannot
// overflow; it is more weeks than the supported calendar (years 1–9999) holds.
const lifeMaxNoticeWeeks = 530_000

// GermanTermination returns the termination rules of BBiG § 22 (DOMAIN.md,
// "Germany: the dual system"): during probation either side may terminate at
// any time without notice; after it only for an important reason, or by the
// apprentice with 4 weeks' notice; always in writing.
func GermanTermination() TerminationRules {
	return TerminationRules{
		ProbationAnyTime:             true,
		ImportantReasonWithoutNotice: true,
		ApprenticeNoticeWeeks:        4,
		RequireWritten:               true,
		Citation:                     "BBiG § 22: in probation at any time; after it only for an important reason, or by the apprentice with 4 weeks' notice; in writing",
	}
}

// PermissiveTermination returns rules that allow any termination at any time,
// without notice, reason of law or writing. It is the default for Chinese
// agreements, for which the domain reference (DOMAIN.md) states no
// termination rule: the labour-law checks of a termination stay with the
// caller, and this package only records it.
func PermissiveTermination() TerminationRules {
	return TerminationRules{
		ProbationAnyTime:      true,
		AfterProbationAnyTime: true,
		Citation:              "no termination rule configured (permissive)",
	}
}

func (t TerminationRules) validate() error {
	if t.ApprenticeNoticeWeeks < 0 || t.ApprenticeNoticeWeeks > lifeMaxNoticeWeeks {
		return fieldErr("apprenticeNoticeWeeks", strconv.Itoa(t.ApprenticeNoticeWeeks),
			fmt.Sprintf("must be between 0 (no notice path) and %d", lifeMaxNoticeWeeks))
	}
	return nil
}

// lifeTerms are the parts of an Agreement the lifecycle checks against.
type lifeTerms struct {
	kind         AgreementKind
	signed       Date
	start, end   Date
	probationEnd Date
}

func lifeTermsOf(a Agreement) (lifeTerms, error) {
	switch {
	case a.Start.IsZero():
		return lifeTerms{}, fieldErr("start", "", "the agreement needs a start date")
	case a.End.IsZero() || a.End.Before(a.Start):
		return lifeTerms{}, fieldErr("end", a.End.String(), "the planned end must be on or after the start "+a.Start.String())
	case a.ProbationMonths < 0:
		return lifeTerms{}, fieldErr("probationMonths", strconv.Itoa(a.ProbationMonths), "must not be negative")
	}
	after, err := a.Start.AddMonths(a.ProbationMonths, civil.Clamp)
	if err != nil {
		return lifeTerms{}, &FieldError{Field: "probationMonths", Value: strconv.Itoa(a.ProbationMonths),
			Reason: "probation runs past the supported calendar", Err: errors.Join(ErrInvalid, err)}
	}
	return lifeTerms{kind: a.Kind, signed: a.Signed, start: a.Start, end: a.End, probationEnd: after.Prev()}, nil
}

// Record is the lifecycle of one apprentice under one agreement: the events
// that happened, in order, and what follows from them. A Record is built by
// Replay and extended by Apply, both of which check every event; it is an
// immutable value (Apply returns a new Record), and replaying its Events
// against the same agreement and rules gives an equal Record.
//
// # Transitions
//
// A record starts with no state (the zero State). The allowed transitions
// are:
//
//	event      from                              to
//	apply      (no state)                        applied
//	enrol      applied                           enrolled      not before the agreement's Signed date, if set
//	start      enrolled                          in-training   on or after the agreement's Start, not after its End
//	pause      in-training                       on-break      with a Reason
//	resume     on-break                          in-training
//	complete   in-training                       completed     only with Passed (the final assessment was passed)
//	withdraw   applied, enrolled                 withdrawn     with a Reason
//	terminate  enrolled, in-training, on-break   terminated    with a Reason and By, under the TerminationRules
//
// Completed, withdrawn and terminated are final: no event may follow. Events
// are in date order; events on the same day keep the order given, and the
// state of a day is the state after its last event.
//
// # Days
//
// An event's On is the first day of the state it leads to, and a day is in
// the state after its last event. So a completion or termination on D makes
// D the first day no longer in training, and for any asOf
// DaysInTraining(asOf) + DaysOnBreak(asOf) is the number of days from the
// start event up to asOf, or up to the day before the end if that comes
// first.
//
// # Probation
//
// Probation starts on the agreement's Start and lasts ProbationMonths
// calendar months: it ends the day before Start plus ProbationMonths months,
// where a day missing in the target month is clamped to its last day. One
// month from 2024-09-01 ends on 2024-09-30; one month from 2024-01-31 ends on
// 2024-02-28 (2024-02-29 minus a day). A termination taking effect on or
// before that day, including before training starts, falls under the
// probation rule; with ProbationMonths 0 probation ends the day before Start.
//
// # Errors
//
// Bad input (a missing date, an unknown kind, a pause without a reason, a
// field the event's kind does not carry) is a *FieldError wrapping
// ErrInvalid; an event that cannot happen in its state or on its date (out of
// order, after a final state, a start before the agreement's Start, a
// termination the rules refuse) is a *FieldError wrapping ErrTransition. The
// Field of either is a JSON path "events[i].member" where i is the event's
// index in the record, and Rule names the transition or the termination
// rule's Citation. Errors about the agreement have Field "agreement.…",
// errors about the rules "rules.…".
//
// The zero Record has no agreement: Apply on it fails. Start one with
// Replay(a, rules, nil).
type Record struct {
	terms  lifeTerms
	rules  TerminationRules
	ok     bool    // made by Replay
	events []Event // len == cap, so that append in Apply copies
	state  State
}

// Replay checks events in order against the agreement and the termination
// rules and returns the record they make. On the first bad event it returns
// the zero Record and an error naming that event's index ("events[3].kind");
// it never keeps part of a log.
func Replay(a Agreement, rules TerminationRules, events []Event) (Record, error) {
	terms, err := lifeTermsOf(a)
	if err != nil {
		return Record{}, prefix("agreement", err)
	}
	if err := rules.validate(); err != nil {
		return Record{}, prefix("rules", err)
	}
	r := Record{terms: terms, rules: rules, ok: true}
	if len(events) > 0 {
		r.events = make([]Event, 0, len(events))
	}
	for _, e := range events {
		next, err := r.step(e)
		if err != nil {
			return Record{}, err
		}
		r.events = append(r.events, e)
		r.state = next
	}
	return r, nil
}

// Apply checks e as the next event of r and returns the record with it
// added; r itself is unchanged. Its errors are those of Replay, with the
// index e would have ("events[len(r.Events())].…").
func (r Record) Apply(e Event) (Record, error) {
	if !r.ok {
		return Record{}, &FieldError{Field: "agreement", Reason: "the zero Record has no agreement; start one with Replay", Err: ErrInvalid}
	}
	next, err := r.step(e)
	if err != nil {
		return Record{}, err
	}
	r.events = append(slices.Clip(r.events), e)
	r.state = next
	return r, nil
}

// State returns the current state: the state after the last event, or the
// zero State if there is none.
func (r Record) State() State { return r.state }

// StateOn returns the state at the end of day d: after the last event on or
// before d, or the zero State if there is none.
func (r Record) StateOn(d Date) State {
	var s State
	for _, e := range r.events {
		if e.On.After(d) {
			break
		}
		s = lifeTargets[e.Kind]
	}
	return s
}

// Events returns a copy of the events of r, in order.
func (r Record) Events() []Event { return slices.Clone(r.events) }

// ProbationEnd returns the last day of probation (see Record), or the zero
// Date for the zero Record.
func (r Record) ProbationEnd() Date { return r.terms.probationEnd }

// Ended returns the day the record reached a final state and that state,
// with true; or false if it has not ended.
func (r Record) Ended() (Date, State, bool) {
	if !r.state.IsFinal() {
		return Date{}, 0, false
	}
	return r.events[len(r.events)-1].On, r.state, true
}

// DaysInTraining returns the number of days up to and including asOf whose
// state (see StateOn) is in-training: the days from the start of training,
// breaks and anything after the end excluded.
func (r Record) DaysInTraining(asOf Date) int { return r.daysIn(StateInTraining, asOf) }

// DaysOnBreak returns the number of days up to and including asOf whose
// state (see StateOn) is on-break.
func (r Record) DaysOnBreak(asOf Date) int { return r.daysIn(StateOnBreak, asOf) }

// daysIn counts the days d ≤ asOf with StateOn(d) == s.
func (r Record) daysIn(s State, asOf Date) int {
	if asOf.IsZero() {
		return 0
	}
	n := 0
	var cur State
	var from Date
	for _, e := range r.events {
		if e.On.After(asOf) {
			break
		}
		if cur == s {
			// The state of a day is the state after its last event, so the
			// days from..e.On-1 were in cur.
			n += civil.DaysBetween(from, e.On)
		}
		cur, from = lifeTargets[e.Kind], e.On
	}
	if cur == s {
		n += civil.DaysBetween(from, asOf) + 1
	}
	return n
}

// lifeTargets maps each event kind to the state it leads to.
var lifeTargets = [...]State{
	EventApply:     StateApplied,
	EventEnrol:     StateEnrolled,
	EventStart:     StateInTraining,
	EventPause:     StateOnBreak,
	EventResume:    StateInTraining,
	EventComplete:  StateCompleted,
	EventWithdraw:  StateWithdrawn,
	EventTerminate: StateTerminated,
}

// lifeSources lists, for each event kind, the states it may follow (0 is the
// empty record).
var lifeSources = [...][]State{
	EventApply:     {0},
	EventEnrol:     {StateApplied},
	EventStart:     {StateEnrolled},
	EventPause:     {StateInTraining},
	EventResume:    {StateOnBreak},
	EventComplete:  {StateInTraining},
	EventWithdraw:  {StateApplied, StateEnrolled},
	EventTerminate: {StateEnrolled, StateInTraining, StateOnBreak},
}

// lifeRule describes the transition of kind k for Rule.
func lifeRule(k EventKind) string {
	from := make([]string, len(lifeSources[k]))
	for i, s := range lifeSources[k] {
		from[i] = s.String()
		if s == 0 {
			from[i] = "(no state)"
		}
	}
	return fmt.Sprintf("lifecycle: %s: %s → %s", k, strings.Join(from, " or "), lifeTargets[k])
}

// step checks e as the next event of r and returns the state it leads to.
func (r Record) step(e Event) (State, error) {
	i := len(r.events)
	path := func(member string) string { return fmt.Sprintf("events[%d].%s", i, member) }
	invalid := func(member, value, reason string) error {
		return &FieldError{Field: path(member), Value: value, Reason: reason, Err: ErrInvalid}
	}
	refuse := func(member, value, reason, rule string) error {
		return &FieldError{Field: path(member), Value: value, Reason: reason, Rule: rule, Err: ErrTransition}
	}

	// The event on its own.
	switch {
	case !e.Kind.IsValid():
		return 0, invalid("kind", e.Kind.String(), "not a valid event kind")
	case e.On.IsZero():
		return 0, invalid("on", "", "an event needs the date it takes effect")
	case e.By != 0 && !e.By.IsValid():
		return 0, invalid("by", e.By.String(), "not a valid party")
	case e.Passed && e.Kind != EventComplete:
		return 0, invalid("passed", "true", "only a complete event records a passed final assessment")
	case !e.NoticeGiven.IsZero() && e.Kind != EventTerminate:
		return 0, invalid("noticeGiven", e.NoticeGiven.String(), "only a terminate event records notice")
	case e.ImportantReason && e.Kind != EventTerminate:
		return 0, invalid("importantReason", "true", "only a terminate event has an important reason")
	case strings.TrimSpace(e.Reason) == "" && (e.Kind == EventPause || e.Kind == EventWithdraw || e.Kind == EventTerminate):
		return 0, invalid("reason", e.Reason, "a "+e.Kind.String()+" event needs a reason")
	case e.Kind == EventTerminate && e.By == 0:
		return 0, invalid("by", "", "a terminate event must say who terminates")
	case e.NoticeGiven.After(e.On):
		return 0, invalid("noticeGiven", e.NoticeGiven.String(), "notice cannot be given after the termination takes effect on "+e.On.String())
	}

	// The event in its place.
	if r.state.IsFinal() {
		last := r.events[i-1]
		return 0, refuse("kind", e.Kind.String(),
			fmt.Sprintf("nothing may follow the final state %s (since %s)", r.state, last.On),
			"lifecycle: completed, withdrawn and terminated are final")
	}
	if !slices.Contains(lifeSources[e.Kind], r.state) {
		from := r.state.String()
		if r.state == 0 {
			from = "no state (the first event must be apply)"
		}
		return 0, refuse("kind", e.Kind.String(), "cannot "+e.Kind.String()+" from "+from, lifeRule(e.Kind))
	}
	if i > 0 && e.On.Before(r.events[i-1].On) {
		return 0, refuse("on", e.On.String(),
			fmt.Sprintf("before the previous event events[%d] on %s", i-1, r.events[i-1].On),
			"lifecycle: events are in date order")
	}

	t := r.terms
	switch e.Kind {
	case EventEnrol:
		if !t.signed.IsZero() && e.On.Before(t.signed) {
			return 0, refuse("on", e.On.String(), "enrolment before the agreement was signed on "+t.signed.String(), lifeRule(e.Kind))
		}
	case EventStart:
		if e.On.Before(t.start) || e.On.After(t.end) {
			return 0, refuse("on", e.On.String(),
				fmt.Sprintf("training must start within the agreement's period %s to %s", t.start, t.end), lifeRule(e.Kind))
		}
	case EventComplete:
		if !e.Passed {
			return 0, refuse("passed", "false", "completion needs a passed final assessment", lifeRule(e.Kind))
		}
	case EventTerminate:
		if err := r.checkTermination(e, refuse); err != nil {
			return 0, err
		}
	}
	return lifeTargets[e.Kind], nil
}

// checkTermination applies the termination rules to e (see TerminationRules).
func (r Record) checkTermination(e Event, refuse func(member, value, reason, rule string) error) error {
	rules, t := r.rules, r.terms
	cite := rules.Citation
	if cite == "" {
		cite = "termination rules without a citation"
	}
	if e.By == PartyInstitution && t.kind == Dual {
		return refuse("by", e.By.String(), "the vocational school is not a party to a dual training contract and cannot terminate it",
			"Dual: the parties are the training company and the apprentice (BBiG § 10–11)")
	}
	if rules.RequireWritten && !e.Written {
		return refuse("written", "false", "a termination must be in writing", cite)
	}
	inProbation := !e.On.After(t.probationEnd)
	switch {
	case inProbation && rules.ProbationAnyTime,
		!inProbation && rules.AfterProbationAnyTime,
		rules.ImportantReasonWithoutNotice && e.ImportantReason:
		return nil
	}
	var deadline Date // the last day notice could be given; zero if no notice path
	if e.By == PartyApprentice && rules.ApprenticeNoticeWeeks > 0 {
		deadline, _ = e.On.AddDays(-7 * rules.ApprenticeNoticeWeeks) // zero if before the calendar
	}
	when := fmt.Sprintf("after probation (ended %s)", t.probationEnd)
	if inProbation {
		when = fmt.Sprintf("during probation (ends %s)", t.probationEnd)
	}
	switch {
	case !deadline.IsZero() && !e.NoticeGiven.IsZero() && !e.NoticeGiven.After(deadline):
		return nil
	case !deadline.IsZero() && !e.NoticeGiven.IsZero():
		return refuse("noticeGiven", e.NoticeGiven.String(),
			fmt.Sprintf("notice for a termination on %s must be given %d weeks before, on or before %s",
				e.On, rules.ApprenticeNoticeWeeks, deadline), cite)
	}
	var paths []string
	if rules.ImportantReasonWithoutNotice {
		paths = append(paths, "an important reason")
	}
	if !deadline.IsZero() {
		paths = append(paths, fmt.Sprintf("%d weeks' notice (given on or before %s)", rules.ApprenticeNoticeWeeks, deadline))
	}
	if len(paths) == 0 {
		return refuse("kind", e.Kind.String(), fmt.Sprintf("the rules allow no termination by the %s %s", e.By, when), cite)
	}
	return refuse("kind", e.Kind.String(),
		fmt.Sprintf("a termination by the %s %s needs %s", e.By, when, strings.Join(paths, " or ")), cite)
}

// ParseEvents loads a JSON array of events, as json.Marshal writes a
// []Event:
//
//	[{"on": "2024-06-15", "kind": "apply"},
//	 {"on": "2025-03-31", "kind": "terminate", "by": "apprentice",
//	  "reason": "moving away", "written": true, "noticeGiven": "2025-03-03"}]
//
// It is strict: member names must match exactly, unknown or repeated members
// and null values are rejected, "on" and "kind" are required, and nothing
// may follow the array. It checks the form of each event, not its place in
// a lifecycle: Replay does that. Every error is a *FieldError wrapping
// ErrInvalid whose Field is the JSON path of the offending member, naming
// the array "events" as Replay does ("events[2].noticeGiven"; a member name
// that is not an identifier is quoted: events[0]["due.date"]), or "events"
// for the document itself.
func ParseEvents(data []byte) ([]Event, error) {
	var raws []json.RawMessage
	if err := lifeDecodeOne(data, &raws); err != nil {
		return nil, &FieldError{Field: "events", Value: string(data), Reason: "want a JSON array of events: " + err.Error(), Err: ErrInvalid}
	}
	if raws == nil { // the document was null
		return nil, &FieldError{Field: "events", Value: "null", Reason: "want a JSON array of events", Err: ErrInvalid}
	}
	events := make([]Event, 0, len(raws))
	for i, raw := range raws {
		e, err := lifeParseEvent(raw, fmt.Sprintf("events[%d]", i))
		if err != nil {
			return nil, err
		}
		events = append(events, e)
	}
	return events, nil
}

// lifeDecodeOne decodes exactly one JSON value from data into v.
func lifeDecodeOne(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}

// lifeParseEvent decodes the JSON object of one event at path.
func lifeParseEvent(raw json.RawMessage, path string) (Event, error) {
	bad := func(member, value, reason string) error {
		return &FieldError{Field: path + member, Value: value, Reason: reason, Err: ErrInvalid}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return Event{}, bad("", string(raw), "an event must be a JSON object")
	}
	var e Event
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return Event{}, bad("", string(raw), "not a JSON object: "+err.Error())
		}
		name, _ := tok.(string) // object keys are always strings
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			return Event{}, bad(lifeMember(name), "", "not a JSON value: "+err.Error())
		}
		member := lifeMember(name)
		if seen[name] {
			return Event{}, bad(member, string(val), "member given twice")
		}
		seen[name] = true
		if string(val) == "null" {
			return Event{}, bad(member, "null", "null is not allowed; leave the member out")
		}
		switch name {
		case "on", "noticeGiven":
			s, err := lifeString(val)
			if err != nil {
				return Event{}, bad(member, string(val), "want a date string YYYY-MM-DD")
			}
			d, err := ParseDate(s)
			if err != nil {
				return Event{}, bad(member, s, "not a date YYYY-MM-DD")
			}
			if name == "on" {
				e.On = d
			} else {
				e.NoticeGiven = d
			}
		case "kind":
			s, err := lifeString(val)
			if err != nil {
				s = string(val)
			} else {
				e.Kind, err = lifeEventKinds.parse(s)
			}
			if err != nil {
				return Event{}, bad(member, s, fmt.Sprintf("want one of %q", lifeEventKinds.names[1:]))
			}
		case "by":
			s, err := lifeString(val)
			if err != nil {
				s = string(val)
			} else {
				e.By, err = lifeParties.parse(s)
			}
			if err != nil {
				return Event{}, bad(member, s, fmt.Sprintf("want one of %q", lifeParties.names[1:]))
			}
		case "reason":
			if e.Reason, err = lifeString(val); err != nil {
				return Event{}, bad(member, string(val), "want a string")
			}
		case "written", "importantReason", "passed":
			var b bool
			if err := json.Unmarshal(val, &b); err != nil {
				return Event{}, bad(member, string(val), "want true or false")
			}
			switch name {
			case "written":
				e.Written = b
			case "importantReason":
				e.ImportantReason = b
			default:
				e.Passed = b
			}
		default:
			return Event{}, bad(member, name, "unknown member (want on, kind, reason, by, written, noticeGiven, importantReason, passed)")
		}
	}
	switch {
	case !seen["on"]:
		return Event{}, bad(".on", "", "an event needs the date it takes effect")
	case !seen["kind"]:
		return Event{}, bad(".kind", "", "an event needs a kind")
	}
	return e, nil
}

// lifeMember returns the JSON path step to the member name: ".name" for a
// name of letters, digits and underscores not starting with a digit,
// otherwise ["name"] with the name quoted as a Go (and JSON) string.
func lifeMember(name string) string {
	simple := name != ""
	for i, c := range name {
		if !(c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9') {
			simple = false
			break
		}
	}
	if simple {
		return "." + name
	}
	return "[" + strconv.Quote(name) + "]"
}

// lifeString decodes a JSON string.
func lifeString(val json.RawMessage) (string, error) {
	var s string
	if len(val) == 0 || val[0] != '"' {
		return "", errors.New("not a string")
	}
	err := json.Unmarshal(val, &s)
	return s, err
}

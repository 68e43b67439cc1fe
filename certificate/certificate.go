package certificate

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// HolderKind distinguishes employees from students, whom competition rules
// and eligibility treat differently.
type HolderKind uint8

// The kinds of holder. The zero HolderKind is not a kind.
const (
	Employee HolderKind = iota + 1 // in employment (职工)
	Student                        // enrolled at a school (在校生)
)

var holderKinds = codes[HolderKind]{"holder kind", []string{"", "employee", "student"}}

// IsValid reports whether k is one of the kinds.
func (k HolderKind) IsValid() bool { return holderKinds.valid(k) }

// String returns the stable code of k: "employee" or "student".
func (k HolderKind) String() string { return holderKinds.String(k) }

// MarshalText implements encoding.TextMarshaler with the stable code.
func (k HolderKind) MarshalText() ([]byte, error) { return holderKinds.marshal(k) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown codes are errors.
func (k *HolderKind) UnmarshalText(b []byte) (err error) {
	*k, err = holderKinds.parse(string(b))
	return err
}

// Holder is the person a certificate is awarded to.
type Holder struct {
	// ID identifies the person in the issuing system (a staff or student
	// number, or an identity document number). Required. Credentials never
	// show it in clear: they carry a salted hash.
	ID string `json:"id"`
	// Name is the person's name. Required.
	Name string `json:"name"`
	// Kind says whether the person is an employee or a student. Required.
	Kind HolderKind `json:"kind"`
}

// Validate checks that the holder has an id, a name and a kind.
func (h Holder) Validate() error {
	if err := checkID("id", h.ID, "a holder needs an id"); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(h.Name) == "":
		return fieldErr("name", h.Name, "a holder needs a name")
	case !utf8.ValidString(h.Name):
		return fieldErr("name", h.Name, textNotUTF8)
	case !h.Kind.IsValid():
		return fieldErr("kind", h.Kind.String(), "not a valid holder kind")
	}
	return nil
}

// Occupation is an occupation (职业) or, for 1+X, the certificate's skill
// area, by code and name: for example "6-18-01-01" or an X certificate's
// code, with its Chinese name.
type Occupation struct {
	Code string `json:"code"` // required, compared exactly
	Name string `json:"name"` // required
}

// Validate checks that the occupation has a code and a name.
func (o Occupation) Validate() error {
	if err := checkID("code", o.Code, "an occupation needs a code"); err != nil {
		return err
	}
	if strings.TrimSpace(o.Name) == "" {
		return fieldErr("name", o.Name, "an occupation needs a name")
	}
	if !utf8.ValidString(o.Name) {
		return fieldErr("name", o.Name, textNotUTF8)
	}
	return nil
}

// Channel is how a certificate was earned.
type Channel uint8

// The channels. The zero Channel is not a channel.
const (
	Exam                 Channel = iota + 1 // an examination or appraisal (考核/鉴定)
	SelfEvaluation                          // an enterprise's self-evaluation (企业自主评价)
	CompetitionPromotion                    // promotion through a competition (竞赛晋级)
)

var channels = codes[Channel]{"channel", []string{"", "exam", "self-evaluation", "competition-promotion"}}

// IsValid reports whether c is one of the channels.
func (c Channel) IsValid() bool { return channels.valid(c) }

// String returns the stable code of c, such as "self-evaluation".
func (c Channel) String() string { return channels.String(c) }

// MarshalText implements encoding.TextMarshaler with the stable code.
func (c Channel) MarshalText() ([]byte, error) { return channels.marshal(c) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown codes are errors.
func (c *Channel) UnmarshalText(b []byte) (err error) {
	*c, err = channels.parse(string(b))
	return err
}

// Evidence is a piece of evidence behind a certificate: an exam record, a
// work sample, a competition result.
type Evidence struct {
	URL         string `json:"url,omitempty"` // where it can be seen, if anywhere
	Name        string `json:"name"`          // required
	Description string `json:"description,omitempty"`
}

// Certificate is a vocational skill certificate: who holds it, for which
// occupation and level, who issued it when, how it was earned, and what
// happened to it since (suspensions, reinstatements, revocation).
//
// A Certificate is a plain record; Validate checks it. Its History only
// grows (see WithChange), so that a revoked certificate keeps its record.
type Certificate struct {
	// Number is the certificate number (证书编号), unique per registry.
	Number string `json:"number"`
	// Holder is the person certified.
	Holder Holder `json:"holder"`
	// Occupation is the occupation or skill area certified.
	Occupation Occupation `json:"occupation"`
	// Level is the level awarded.
	Level Level `json:"level"`
	// Issuer is the body that issued the certificate.
	Issuer Issuer `json:"issuer"`
	// Issued is the issue date; the certificate is valid from it.
	Issued Date `json:"issued"`
	// Expires is the last day of validity; the zero Date means it does not
	// expire.
	Expires Date `json:"expires,omitzero"`
	// Channel is how the certificate was earned.
	Channel Channel `json:"channel"`
	// Evidence lists what the award rests on. Optional.
	Evidence []Evidence `json:"evidence,omitempty"`
	// History lists the status changes, oldest first.
	History []StatusChange `json:"history,omitempty"`
}

// Validate checks every field of the certificate, that the issuer may issue
// it (kind, ladder and scope on the issue date; see Issuer.MayIssue), that
// the channel fits the issuer (self-evaluation only by a self-evaluating
// enterprise, and such an enterprise only by self-evaluation), and that the
// history is a possible sequence of changes. The error is a *FieldError
// whose Field is a JSON path such as "holder.id" or "history[1].on".
func (c Certificate) Validate() error {
	if err := checkID("number", c.Number, "a certificate needs a number"); err != nil {
		return err
	}
	if err := c.Holder.Validate(); err != nil {
		return prefix("holder", err)
	}
	if err := c.Occupation.Validate(); err != nil {
		return prefix("occupation", err)
	}
	if !c.Level.IsValid() {
		return fieldErr("level", c.Level.String(), "not a valid level")
	}
	if err := c.Issuer.Validate(); err != nil {
		return prefix("issuer", err)
	}
	if c.Issued.IsZero() {
		return fieldErr("issued", "", "a certificate needs an issue date")
	}
	if !c.Expires.IsZero() && c.Expires.Before(c.Issued) {
		return fieldErr("expires", c.Expires.String(), fmt.Sprintf("expires before it was issued on %s", c.Issued))
	}
	if !c.Channel.IsValid() {
		return fieldErr("channel", c.Channel.String(), "not a valid channel")
	}
	if (c.Channel == SelfEvaluation) != (c.Issuer.Kind == SelfEvaluatingEnterprise) {
		return fieldErr("channel", c.Channel.String(), fmt.Sprintf("does not fit an issuer of kind %s", c.Issuer.Kind))
	}
	if err := c.Issuer.MayIssue(c.Occupation.Code, c.Level, c.Issued); err != nil {
		// MayIssue names its arguments ("occupation", "level", "issued"):
		// point at the certificate's own field that is outside the scope.
		if fe, ok := err.(*FieldError); ok && fe.Field == "occupation" {
			moved := *fe
			moved.Field = "occupation.code"
			return &moved
		}
		return err
	}
	for i, e := range c.Evidence {
		field := fmt.Sprintf("evidence[%d]", i)
		switch {
		case strings.TrimSpace(e.Name) == "":
			return fieldErr(field+".name", e.Name, "evidence needs a name")
		case !utf8.ValidString(e.Name):
			return fieldErr(field+".name", e.Name, textNotUTF8)
		case !utf8.ValidString(e.Description):
			return fieldErr(field+".description", e.Description, textNotUTF8)
		case !utf8.ValidString(e.URL):
			return fieldErr(field+".url", e.URL, textNotUTF8)
		}
	}
	state := Valid
	last := c.Issued
	for i, ch := range c.History {
		next, err := ch.apply(state, last)
		if err != nil {
			return prefix(fmt.Sprintf("history[%d]", i), err)
		}
		state, last = next, ch.On
	}
	return nil
}

// State is the standing of a certificate on a given day.
type State uint8

// The states. The zero State is not a state.
const (
	NotYetIssued State = iota + 1 // the day is before the issue date
	Valid                         // issued, not expired, suspended or revoked
	Suspended                     // suspended (暂停) and not reinstated
	Expired                       // past its expiry date
	Revoked                       // revoked (撤销); final
)

var states = codes[State]{"state", []string{"", "not-yet-issued", "valid", "suspended", "expired", "revoked"}}

// IsValid reports whether s is one of the states.
func (s State) IsValid() bool { return states.valid(s) }

// String returns the stable code of s, such as "revoked".
func (s State) String() string { return states.String(s) }

// MarshalText implements encoding.TextMarshaler with the stable code.
func (s State) MarshalText() ([]byte, error) { return states.marshal(s) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown codes are errors.
func (s *State) UnmarshalText(b []byte) (err error) {
	*s, err = states.parse(string(b))
	return err
}

// Action is a change of a certificate's status.
type Action uint8

// The actions. The zero Action is not an action.
const (
	Suspend   Action = iota + 1 // suspend a valid certificate
	Reinstate                   // lift a suspension
	Revoke                      // revoke for good
)

var actions = codes[Action]{"action", []string{"", "suspend", "reinstate", "revoke"}}

// String returns the stable code of a: "suspend", "reinstate" or "revoke".
func (a Action) String() string { return actions.String(a) }

// MarshalText implements encoding.TextMarshaler with the stable code.
func (a Action) MarshalText() ([]byte, error) { return actions.marshal(a) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown codes are errors.
func (a *Action) UnmarshalText(b []byte) (err error) {
	*a, err = actions.parse(string(b))
	return err
}

// StatusChange is a dated change of a certificate's status, with its reason.
type StatusChange struct {
	On     Date   `json:"on"`     // the day the change takes effect
	Action Action `json:"action"` // what changed
	Reason string `json:"reason"` // why; required for Suspend and Revoke
}

// apply returns the state after the change, given the state before it and
// the date of the previous change (or the issue date).
func (ch StatusChange) apply(state State, last Date) (State, error) {
	bad := func(field, value, reason string) (State, error) {
		return 0, &FieldError{Field: field, Value: value, Reason: reason, Err: ErrStatusChange}
	}
	if !actions.valid(ch.Action) {
		return bad("action", ch.Action.String(), "not a valid action")
	}
	if ch.On.IsZero() {
		return bad("on", "", "a status change needs a date")
	}
	if ch.On.Before(last) {
		return bad("on", ch.On.String(), fmt.Sprintf("before the issue date or the previous change (%s)", last))
	}
	if ch.Action != Reinstate && strings.TrimSpace(ch.Reason) == "" {
		return bad("reason", ch.Reason, fmt.Sprintf("a %s needs a reason", ch.Action))
	}
	if !utf8.ValidString(ch.Reason) {
		return bad("reason", ch.Reason, textNotUTF8)
	}
	switch {
	case state == Revoked:
		return bad("action", ch.Action.String(), "the certificate is already revoked")
	case ch.Action == Suspend && state == Valid:
		return Suspended, nil
	case ch.Action == Suspend:
		return bad("action", ch.Action.String(), "the certificate is already suspended")
	case ch.Action == Reinstate && state == Suspended:
		return Valid, nil
	case ch.Action == Reinstate:
		return bad("action", ch.Action.String(), "the certificate is not suspended")
	case ch.Action == Revoke:
		return Revoked, nil
	}
	return bad("action", ch.Action.String(), "not a valid action")
}

// WithChange returns a copy of c with the change appended to its history, or
// an error matching ErrStatusChange if the change cannot happen: a date
// before the issue date or the last change, a reinstatement of a certificate
// that is not suspended, any change after revocation, a suspension or
// revocation without a reason. c itself is not modified.
func (c Certificate) WithChange(ch StatusChange) (Certificate, error) {
	state, last := Valid, c.Issued
	for i, h := range c.History {
		next, err := h.apply(state, last)
		if err != nil {
			return Certificate{}, prefix(fmt.Sprintf("history[%d]", i), err)
		}
		state, last = next, h.On
	}
	if _, err := ch.apply(state, last); err != nil {
		return Certificate{}, err
	}
	c.History = append(slices.Clip(c.History), ch)
	return c, nil
}

// Status is a certificate's standing on a day, with the day it began and,
// for a suspension or revocation, the reason.
type Status struct {
	State  State  `json:"state"`
	Since  Date   `json:"since,omitzero"`
	Reason string `json:"reason,omitempty"`
}

// StatusOn returns the certificate's status on day d, taking into account the
// changes dated on or before d. Precedence: a revocation is final; otherwise
// a certificate past its expiry is Expired, even if it was suspended;
// otherwise it is Suspended or Valid as its history says. Before the issue
// date it is NotYetIssued.
func (c Certificate) StatusOn(d Date) Status {
	if d.Before(c.Issued) {
		return Status{State: NotYetIssued}
	}
	st := Status{State: Valid, Since: c.Issued}
	for _, h := range c.History {
		if h.On.After(d) {
			break
		}
		switch h.Action {
		case Suspend:
			st = Status{State: Suspended, Since: h.On, Reason: h.Reason}
		case Reinstate:
			st = Status{State: Valid, Since: h.On, Reason: h.Reason}
		case Revoke:
			return Status{State: Revoked, Since: h.On, Reason: h.Reason}
		}
	}
	if !c.Expires.IsZero() && d.After(c.Expires) {
		return Status{State: Expired, Since: c.Expires.Next()}
	}
	return st
}

// ValidOn reports whether the certificate is valid on day d.
func (c Certificate) ValidOn(d Date) bool { return c.StatusOn(d).State == Valid }

// checkID checks an identifier that is matched exactly (a certificate number,
// a holder id, an occupation code, an issuer id): it must not be empty and
// must not have spaces around it, which would make "A1" and " A1" two
// different certificates in a registry.
// textNotUTF8 is why a text is refused that is not valid UTF-8: JSON
// would replace its bad bytes, so the certificate would not read back as
// it was, nor a credential say what the certificate says.
const textNotUTF8 = "not valid UTF-8"

func checkID(field, value, missing string) *FieldError {
	switch {
	case strings.TrimSpace(value) == "":
		return fieldErr(field, value, missing)
	case strings.TrimSpace(value) != value:
		return fieldErr(field, value, "leading or trailing spaces are not allowed")
	case !utf8.ValidString(value):
		return fieldErr(field, value, "not valid UTF-8")
	case strings.IndexFunc(value, invisible) >= 0:
		// "A1" and "A1\u200b" look the same but would be two certificates.
		return fieldErr(field, value, "control and invisible format characters are not allowed")
	}
	return nil
}

// invisible reports whether r is a control character or an invisible
// format character (Unicode category Cf: zero-width spaces and joiners,
// direction marks, the byte order mark).
func invisible(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) }

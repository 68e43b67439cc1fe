package subsidy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/internal/errtext"
	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/dualtrack/dualtrack/internal/strictjson"
	"github.com/shopspring/decimal"
)

// Claim is what a worker, an enterprise or a school asks to be paid for: the
// facts a policy's rules judge. Only ID and Date are always required; a rule
// that needs a fact the claim does not carry (a level for an amount by level,
// a certificate date for a claim window) reports it as bad input.
//
// In JSON every field has a snake_case name, dates are "YYYY-MM-DD" strings
// and Base is a decimal string; empty fields are left out. A claim
// round-trips through JSON without changing a value.
type Claim struct {
	// ID identifies the claim; it is the idempotency key its grant is
	// recorded under. Required.
	ID string `json:"id"`
	// Date is the day the claim was made (the application date). Required.
	Date Date `json:"date"`

	// Person is the worker or apprentice concerned (ID number, staff number).
	Person string `json:"person,omitempty"`
	// Organisation is the enterprise or school concerned or paid.
	Organisation string `json:"organisation,omitempty"`
	// HolderKind says who the person is for the scheme, in the policy's own
	// words, such as "employee", "student" or "unemployed".
	HolderKind string `json:"holder_kind,omitempty"`
	// Born is the person's date of birth, for age conditions.
	Born Date `json:"born,omitzero"`

	// Occupation is the occupation code of the certificate or training.
	Occupation string `json:"occupation,omitempty"`
	// Level is the skill level of the certificate or training target.
	Level certificate.Level `json:"level,omitzero"`
	// Category is a class the policy's tables are keyed by when they are
	// not keyed by level, such as "shortage" or "intermediate-class".
	Category string `json:"category,omitempty"`
	// Certificate is the certificate's number.
	Certificate string `json:"certificate,omitempty"`
	// Issued is the day the certificate was issued.
	Issued Date `json:"issued,omitzero"`

	// InsuredMonths is the number of months of unemployment-insurance
	// contributions (参保缴费月数) up to Date.
	InsuredMonths int `json:"insured_months,omitempty"`
	// UnemploymentBenefit reports that the person receives unemployment
	// benefit (领取失业保险金).
	UnemploymentBenefit bool `json:"unemployment_benefit,omitempty"`
	// ContractMonths is the length of the labour contract in months; 0
	// means none was given, ContractOpenEnded an open-ended contract.
	ContractMonths int `json:"contract_months,omitempty"`

	// Training is the planned training period, first day to planned last
	// day.
	Training Period `json:"training,omitzero"`
	// Ended is the day training actually ended (completed or withdrawn);
	// the zero Date means it has not ended yet.
	Ended Date `json:"ended,omitzero"`
	// Places is the number of apprentices or places the claim is for; 0
	// counts as 1.
	Places int `json:"places,omitempty"`
	// Completed is the number of places completed successfully. It is
	// meaningful only once Ended is set.
	Completed int `json:"completed,omitempty"`

	// Base is the amount a percentage rule takes its share of, such as the
	// price of training, in the policy's currency.
	Base decimal.Decimal `json:"base,omitzero"`
	// Flags are markers the policy's rules test, such as
	// "shortage-occupation" or "care-leaver".
	Flags []string `json:"flags,omitempty"`
	// Other lists the other schemes already paid for the same certificate or
	// training (for rules that forbid combining them).
	Other []string `json:"other,omitempty"`
}

// ContractOpenEnded is the ContractMonths of an open-ended labour contract
// (无固定期限劳动合同): longer than any fixed length.
const ContractOpenEnded = 1 << 30

// Limits on a claim's fields.
const (
	claimMaxText  = 256 // bytes of any text field
	claimMaxList  = 64  // items in Flags or Other
	claimMaxCount = 1_000_000
)

// PlaceCount returns the number of places the claim is for: Places, or 1 if
// Places is 0.
func (c *Claim) PlaceCount() int {
	if c.Places == 0 {
		return 1
	}
	return c.Places
}

// HasFlag reports whether the claim carries flag.
func (c *Claim) HasFlag(flag string) bool {
	for _, f := range c.Flags {
		if f == flag {
			return true
		}
	}
	return false
}

// Validate checks the claim's own consistency: required fields, text limits,
// counts, dates that exist and are in order. It does not know what a policy
// needs; Evaluate calls it first and reports its error as bad input.
func (c *Claim) Validate() error {
	texts := [...]struct {
		field, value string
		required     bool
	}{
		{"id", c.ID, true},
		{"person", c.Person, false},
		{"organisation", c.Organisation, false},
		{"holder_kind", c.HolderKind, false},
		{"occupation", c.Occupation, false},
		{"category", c.Category, false},
		{"certificate", c.Certificate, false},
	}
	for _, t := range texts {
		if why := checkText(t.value, t.required); why != "" {
			return c.fail(t.field, quote(t.value), why)
		}
	}
	lists := [...]struct {
		name string
		list []string
	}{{"flags", c.Flags}, {"other", c.Other}}
	for _, l := range lists {
		name, list := l.name, l.list
		if len(list) > claimMaxList {
			return c.fail(name, strconv.Itoa(len(list))+" items", fmt.Sprintf("more than %d items", claimMaxList))
		}
		for i, s := range list {
			if why := checkText(s, true); why != "" {
				return c.fail(fmt.Sprintf("%s[%d]", name, i), quote(s), why)
			}
		}
	}
	if c.Date.IsZero() {
		return c.fail("date", "", "required")
	}
	if c.Level != 0 && !c.Level.IsValid() {
		return c.fail("level", c.Level.String(), "not a valid skill level")
	}
	switch {
	case c.InsuredMonths < 0 || c.InsuredMonths > 1200:
		return c.fail("insured_months", strconv.Itoa(c.InsuredMonths), "must be between 0 and 1200")
	case c.ContractMonths < 0 || (c.ContractMonths > 1200 && c.ContractMonths != ContractOpenEnded):
		return c.fail("contract_months", strconv.Itoa(c.ContractMonths), "must be between 0 and 1200, or ContractOpenEnded")
	case c.Places < 0 || c.Places > claimMaxCount:
		return c.fail("places", strconv.Itoa(c.Places), fmt.Sprintf("must be between 0 and %d", claimMaxCount))
	case c.Completed < 0 || c.Completed > c.PlaceCount():
		return c.fail("completed", strconv.Itoa(c.Completed), "must be between 0 and the number of places")
	case c.Completed > 0 && c.Ended.IsZero():
		return c.fail("completed", strconv.Itoa(c.Completed), "set while training has not ended")
	}
	if !c.Born.IsZero() && c.Born.After(c.Date) {
		return c.fail("born", c.Born.String(), "after the claim date")
	}
	if !c.Issued.IsZero() && c.Issued.After(c.Date) {
		return c.fail("issued", c.Issued.String(), "after the claim date")
	}
	if !c.Ended.IsZero() {
		if c.Training.IsZero() {
			return c.fail("ended", c.Ended.String(), "set without a training period")
		}
		if c.Ended.Before(c.Training.Start()) {
			return c.fail("ended", c.Ended.String(), "before training started")
		}
	}
	if c.Base.Sign() < 0 {
		return c.fail("base", clipDec(c.Base), "must not be negative")
	}
	if c.Base.IsZero() {
		return nil
	}
	// ledgerShow does not expand a huge exponent (c.Base.String() of
	// decimal.New(1, 1e9) would build a billion digits); what it writes
	// ParseAmount bounds.
	if _, err := ParseAmount(ledgerShow(c.Base)); err != nil {
		return c.fail("base", ledgerShow(c.Base), "too many digits")
	}
	return nil
}

func (c *Claim) fail(field, value, reason string) error {
	return &ClaimError{ID: c.ID, Field: field, Value: value, Reason: reason}
}

// MarshalJSON encodes the claim as UnmarshalJSON reads it, with the base
// written with exactly its places ("18000.00"), whatever
// shopspring/decimal's package-level settings are. A zero base is left out.
func (c Claim) MarshalJSON() ([]byte, error) {
	type plain Claim // the same fields without this method
	out := struct {
		plain
		Base string `json:"base,omitempty"` // in place of plain's
	}{plain: plain(c)}
	if !c.Base.IsZero() {
		out.Base = money.Exact(c.Base)
	}
	return json.Marshal(out)
}

// checkText returns why s is not acceptable claim text, or "". Printable
// ASCII, as identifiers and codes usually are, is checked in one pass over
// its bytes.
func checkText(s string, required bool) string {
	switch {
	case s == "" && required:
		return "required"
	case len(s) > claimMaxText:
		return fmt.Sprintf("longer than %d bytes", claimMaxText)
	}
	i := 0
	for ; len(s)-i >= 8; i += 8 {
		if textNotPrintable(textWord(s[i:])) != 0 {
			return checkTextSlow(s)
		}
	}
	for ; i < len(s); i++ {
		if b := s[i]; b >= utf8.RuneSelf || b < 0x20 || b == 0x7f {
			return checkTextSlow(s)
		}
	}
	return ""
}

// checkTextSlow is checkText for text that is not all printable ASCII.
func checkTextSlow(s string) string {
	switch {
	case !utf8.ValidString(s):
		return "not valid UTF-8"
	case ledgerHasControl(s):
		return "contains control characters"
	}
	return ""
}

func quote(s string) string { return strconv.Quote(errtext.Clip(s, 64)) }

// ClaimError reports a claim that cannot be evaluated: a field that is bad in
// itself, a fact a rule needs that the claim does not carry, or numbers too
// large for exact arithmetic under the policy (Field names the claim's field
// a rule multiplied by, or is empty if the award itself grew out of range).
// It matches ErrInvalidClaim.
//
//	subsidy: claim "c-17": issued: required by rule "window" (claim-window)
type ClaimError struct {
	ID     string // the claim's ID
	Field  string // the JSON name of the field at fault
	Value  string // the bad value as text, quoted if it was text; empty if missing
	Reason string // what is wrong
}

// ErrInvalidClaim is matched (with errors.Is) by every *ClaimError.
var ErrInvalidClaim = errors.New("invalid claim")

// Error returns the message shown on ClaimError.
func (e *ClaimError) Error() string {
	s := "subsidy: claim " + quote(e.ID)
	if e.Field != "" {
		s += ": " + e.Field
	}
	if e.Value != "" {
		s += " = " + e.Value
	}
	return s + ": " + e.Reason
}

// Unwrap returns ErrInvalidClaim.
func (e *ClaimError) Unwrap() error { return ErrInvalidClaim }

// UnmarshalJSON decodes a claim strictly, as money demands: a field the
// claim does not have (a misspelt "insured_month" would otherwise leave
// InsuredMonths at 0 without a word), a field given twice in one object
// (encoding/json would keep the last value) and data after the object are
// errors matching ErrInvalidClaim. It does not validate: call Validate (the
// engine does).
func (c *Claim) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil // as encoding/json leaves a value for null
	}
	type plain Claim // the same fields without this method
	var p plain
	if err := strictjson.Decode(data, &p); err != nil {
		// The decoder's error stays in the chain, so that a decoder of a
		// file holding claims can name the field below its own path.
		return fmt.Errorf("subsidy: decoding claim: %w: %w", err, ErrInvalidClaim)
	}
	*c = Claim(p)
	return nil
}

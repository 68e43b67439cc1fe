package subsidy

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"
)

// ResultFormat is the format tag of the JSON form of a result; its number
// changes whenever a field changes meaning or goes away.
const ResultFormat = "dualtrack.subsidy.result/1"

// Result is what a policy grants a claim, as of a date. A rejected claim is a
// result too: Granted is false, Amount zero and Reasons say why. Errors are
// kept for bad input.
type Result struct {
	// Claim is the claim's ID.
	Claim string `json:"claim"`
	// Policy is the policy's "name@version" and Digest its content digest.
	Policy string `json:"policy"`
	Digest string `json:"digest"`
	// AsOf is the evaluation's as-of date.
	AsOf Date `json:"as_of"`
	// Currency is the ISO 4217 code of the amounts.
	Currency string `json:"currency"`
	// Granted reports whether the claim is paid: not rejected and a
	// positive award.
	Granted bool `json:"granted"`
	// Amount is the award, a multiple of the currency's minor unit.
	Amount decimal.Decimal `json:"amount"`
	// Payments are the dated payments of the award; they add up to Amount.
	Payments []Payment `json:"payments,omitempty"`
	// Reasons say why the claim was rejected, one per rejecting rule.
	Reasons []Reason `json:"reasons,omitempty"`
	// Contributions are the changes each rule made to the award, in rule
	// order; they add up to Amount.
	Contributions []Contribution `json:"contributions,omitempty"`
	// Explanation is the step-by-step account, if one was asked for.
	Explanation *Explanation `json:"explanation,omitempty"`
}

// Payment is one dated payment of an award. A clawback is a negative
// payment.
type Payment struct {
	Date   Date            `json:"date"`
	Amount decimal.Decimal `json:"amount"`
	Kind   PaymentKind     `json:"kind"`
	// Provisional marks a payment that depends on something not yet known,
	// such as a settlement that assumes every place will be completed.
	Provisional bool `json:"provisional,omitempty"`
}

// PaymentKind says what a payment is for.
type PaymentKind uint8

// The payment kinds.
const (
	PaySingle     PaymentKind = iota + 1 // the whole award at once
	PayPrepayment                        // an advance before completion
	PaySettlement                        // the balance on completion
	PayClawback                          // a prepaid share taken back (negative)
	PayInstalment                        // one of equal periodic instalments
	PayCompletion                        // the share due on completion
	PayMilestone                         // due after a number of days in learning
)

var paymentKinds = [...]string{"", "single", "prepayment", "settlement", "clawback", "instalment", "completion", "milestone"}

// IsValid reports whether k is one of the payment kinds.
func (k PaymentKind) IsValid() bool { return k >= PaySingle && int(k) < len(paymentKinds) }

// String returns the kind's JSON name, such as "prepayment".
func (k PaymentKind) String() string {
	if k.IsValid() {
		return paymentKinds[k]
	}
	return fmt.Sprintf("payment kind(%d)", uint8(k))
}

// MarshalText returns the kind's name.
func (k PaymentKind) MarshalText() ([]byte, error) {
	if !k.IsValid() {
		return nil, fmt.Errorf("subsidy: cannot encode %v", k)
	}
	return []byte(paymentKinds[k]), nil
}

// UnmarshalText parses a kind's name.
func (k *PaymentKind) UnmarshalText(text []byte) error {
	for i := PaySingle; int(i) < len(paymentKinds); i++ {
		if string(text) == paymentKinds[i] {
			*k = i
			return nil
		}
	}
	return fmt.Errorf("subsidy: payment kind %s: unknown", quote(string(text)))
}

// Reason is why a rule rejected a claim.
type Reason struct {
	Rule string `json:"rule"` // the rule's ID
	Code string `json:"code"` // stable machine-readable code, e.g. "insured-months"
	Text string `json:"text"` // for people
}

// Contribution is the change one rule made to the award (positive or
// negative), after its rounding.
type Contribution struct {
	Rule   string          `json:"rule"`
	Amount decimal.Decimal `json:"amount"`
}

// Explanation is the account of an evaluation: every rule in order with what
// it did and why, the parameter values it used with their dates and
// citations, and every rounding with its mode and the value before and after.
type Explanation struct {
	Steps []Step `json:"steps"`
}

// Step is one rule's part of an explanation.
type Step struct {
	Rule    string  `json:"rule"`
	Kind    string  `json:"kind"`
	Outcome Outcome `json:"outcome"`
	// Reason is why the rule was skipped or rejected, or a note on what it
	// computed.
	Reason string `json:"reason,omitempty"`
	// Before and After are the award before and after the rule.
	Before decimal.Decimal `json:"before"`
	After  decimal.Decimal `json:"after"`
	// Params are the parameter values the rule read.
	Params []ParamUse `json:"params,omitempty"`
	// Rounding is the rounding the rule's result went through, if it was
	// not already a multiple of the quantum.
	Rounding *RoundingStep `json:"rounding,omitempty"`
}

// ParamUse is a parameter value a rule read: which, on which date, and the
// entry it came from.
type ParamUse struct {
	Name     string          `json:"name"`
	Key      string          `json:"key,omitempty"` // the table key, for a table
	Value    decimal.Decimal `json:"value"`
	On       Date            `json:"on"`             // the date it was read on
	From     Date            `json:"from"`           // the entry's first day
	Until    Date            `json:"until,omitzero"` // the entry's last day, if it has one
	Citation Citation        `json:"citation,omitzero"`
}

// RoundingStep is one rounding: the declared rule (quantum and mode), the
// exact value before (a decimal, or a fraction "n/d" when it has no finite
// decimal form) and the rounded value after.
type RoundingStep struct {
	Rounding Rounding        `json:"rounding"`
	Before   string          `json:"before"`
	After    decimal.Decimal `json:"after"`
}

// ErrNotGranted is matched (with errors.Is) by the error of Policy.Grant for
// a result that pays nothing, or that is not the claim's under the policy.
var ErrNotGranted = errors.New("not a grant")

// Grant returns the ledger record of a granted claim: r must be the result
// of evaluating c under p and must be granted (else an error matching
// ErrNotGranted that says why). The key is the claim's ID, the date the
// claim's date, the amount the award; Record it in the Ledger the policy's
// history rules read, and pay only if Record reports it new.
func (p *Policy) Grant(c Claim, r Result) (Grant, error) {
	switch {
	case r.Claim != c.ID:
		return Grant{}, fmt.Errorf("subsidy: result for claim %s given with claim %s: %w", quote(r.Claim), quote(c.ID), ErrNotGranted)
	case r.Policy != p.id || r.Digest != p.digest:
		return Grant{}, fmt.Errorf("subsidy: claim %s: result of policy %s, not %s: %w", quote(c.ID), r.Policy, p.id, ErrNotGranted)
	case !r.Granted:
		return Grant{}, fmt.Errorf("subsidy: claim %s was not granted: %w", quote(c.ID), ErrNotGranted)
	}
	return Grant{
		Key: c.ID, Policy: p.id, Scheme: p.def.Scheme, Person: c.Person, Organisation: c.Organisation,
		Occupation: c.Occupation, Level: c.Level, Certificate: c.Certificate,
		Date: c.Date, Amount: r.Amount, Currency: r.Currency,
	}, nil
}

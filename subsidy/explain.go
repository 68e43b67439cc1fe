package subsidy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/dualtrack/dualtrack/internal/errtext"
	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/dualtrack/dualtrack/internal/strictjson"
)

// resultJSON is the JSON form of a Result as UnmarshalJSON reads it: the
// format tag first, then the fields of Result.
type resultJSON struct {
	Format string `json:"format"`
	resultFields
}

// resultFields has Result's fields without its methods, so that decoding
// it does not recurse.
type resultFields Result

// The JSON forms of a Result and of the types in it, as their MarshalJSON
// methods write them: the fields in their order, with every amount written
// by money.Exact and parameter values by money.Canonical (a parameter is the
// same whatever places it was given with, as in the policy's canonical
// JSON), so that the bytes do not depend on shopspring's package-level
// settings and an amount keeps its places ("1500.00"). Explanation has no
// decimals of its own and is written by encoding/json, its steps by
// Step.MarshalJSON. TestResultJSONFields keeps each form in step with its
// type.
type (
	resultOut struct {
		Format        string         `json:"format"`
		Claim         string         `json:"claim"`
		Policy        string         `json:"policy"`
		Digest        string         `json:"digest"`
		AsOf          Date           `json:"as_of"`
		Currency      string         `json:"currency"`
		Granted       bool           `json:"granted"`
		Amount        string         `json:"amount"`
		Payments      []Payment      `json:"payments,omitempty"`
		Reasons       []Reason       `json:"reasons,omitempty"`
		Contributions []Contribution `json:"contributions,omitempty"`
		Explanation   *Explanation   `json:"explanation,omitempty"`
	}
	paymentOut struct {
		Date        Date        `json:"date"`
		Amount      string      `json:"amount"`
		Kind        PaymentKind `json:"kind"`
		Provisional bool        `json:"provisional,omitempty"`
	}
	contributionOut struct {
		Rule   string `json:"rule"`
		Amount string `json:"amount"`
	}
	stepOut struct {
		Rule     string        `json:"rule"`
		Kind     string        `json:"kind"`
		Outcome  Outcome       `json:"outcome"`
		Reason   string        `json:"reason,omitempty"`
		Before   string        `json:"before"`
		After    string        `json:"after"`
		Params   []ParamUse    `json:"params,omitempty"`
		Rounding *RoundingStep `json:"rounding,omitempty"`
	}
	paramOut struct {
		Name     string   `json:"name"`
		Key      string   `json:"key,omitempty"`
		Value    string   `json:"value"`
		On       Date     `json:"on"`
		From     Date     `json:"from"`
		Until    Date     `json:"until,omitzero"`
		Citation Citation `json:"citation,omitzero"`
	}
	roundingOut struct {
		Rounding Rounding `json:"rounding"`
		Before   string   `json:"before"`
		After    string   `json:"after"`
	}
)

// MarshalJSON encodes the result with its format tag, ResultFormat:
//
//	{"format":"dualtrack.subsidy.result/1","claim":"c-17",...}
//
// Amounts are decimal strings with exactly their places ("1500.00"),
// parameter values without trailing zeros ("0.3"), dates "YYYY-MM-DD"; the
// output is the same bytes for the same result, whatever
// shopspring/decimal's package-level settings are.
func (r Result) MarshalJSON() ([]byte, error) {
	return json.Marshal(resultOut{Format: ResultFormat, Claim: r.Claim, Policy: r.Policy, Digest: r.Digest, AsOf: r.AsOf,
		Currency: r.Currency, Granted: r.Granted, Amount: money.Exact(r.Amount), Payments: r.Payments, Reasons: r.Reasons,
		Contributions: r.Contributions, Explanation: r.Explanation})
}

// MarshalJSON encodes the payment as it appears in a Result's JSON, the
// amount with exactly its places:
//
//	{"date":"2024-06-30","amount":"1500.00","kind":"single"}
func (p Payment) MarshalJSON() ([]byte, error) {
	return json.Marshal(paymentOut{Date: p.Date, Amount: money.Exact(p.Amount), Kind: p.Kind, Provisional: p.Provisional})
}

// MarshalJSON encodes the contribution as it appears in a Result's JSON,
// the amount with exactly its places: {"rule":"uplift","amount":"450.00"}.
func (c Contribution) MarshalJSON() ([]byte, error) {
	return json.Marshal(contributionOut{Rule: c.Rule, Amount: money.Exact(c.Amount)})
}

// MarshalJSON encodes the step as it appears in a Result's explanation,
// the amounts before and after with exactly their places.
func (st Step) MarshalJSON() ([]byte, error) {
	return json.Marshal(stepOut{Rule: st.Rule, Kind: st.Kind, Outcome: st.Outcome, Reason: st.Reason,
		Before: money.Exact(st.Before), After: money.Exact(st.After), Params: st.Params, Rounding: st.Rounding})
}

// MarshalJSON encodes the parameter use as it appears in a Result's
// explanation, the value without trailing zeros ("0.3").
func (u ParamUse) MarshalJSON() ([]byte, error) {
	return json.Marshal(paramOut{Name: u.Name, Key: u.Key, Value: money.Canonical(u.Value), On: u.On, From: u.From,
		Until: u.Until, Citation: u.Citation})
}

// MarshalJSON encodes the rounding step as it appears in a Result's
// explanation, the amount after it with exactly its places.
func (rs RoundingStep) MarshalJSON() ([]byte, error) {
	return json.Marshal(roundingOut{Rounding: rs.Rounding, Before: rs.Before, After: money.Exact(rs.After)})
}

// ErrInvalidResult is matched (with errors.Is) by every error of
// Result.UnmarshalJSON.
var ErrInvalidResult = errors.New("invalid result JSON")

// resultError is an error of Result.UnmarshalJSON: a short message, the
// sentinel and the underlying error, if any (a *json.SyntaxError, ...).
type resultError struct {
	msg string
	err error
}

func (e *resultError) Error() string { return "subsidy: decoding result: " + e.msg }

func (e *resultError) Unwrap() []error {
	if e.err == nil {
		return []error{ErrInvalidResult}
	}
	return []error{ErrInvalidResult, e.err}
}

// UnmarshalJSON decodes what MarshalJSON writes. The format tag must be
// ResultFormat and unknown or repeated fields are rejected, so that a reader never
// silently misreads a result of another version. Errors match
// ErrInvalidResult and quote the input clipped. On error r is unchanged.
func (r *Result) UnmarshalJSON(data []byte) error {
	var in resultJSON
	// Strictly: unknown and repeated fields and any data after the object
	// (json.Decoder.More would let a "]" or "}" through) are errors, which
	// name the member at fault.
	if err := strictjson.Decode(data, &in); err != nil {
		return &resultError{msg: errtext.Clip(err.Error(), 200), err: err}
	}
	if in.Format != ResultFormat {
		return &resultError{msg: fmt.Sprintf("format %s: want %q", quote(in.Format), ResultFormat)}
	}
	// What MarshalJSON cannot write is refused: a left-out member decodes
	// to the zero value, which is no payment kind and no outcome.
	for i, p := range in.Payments {
		if !p.Kind.IsValid() {
			return &resultError{msg: fmt.Sprintf("payments[%d].kind: required", i)}
		}
	}
	if in.Explanation != nil {
		for i, s := range in.Explanation.Steps {
			if s.Outcome < Applied || s.Outcome > Rejected {
				return &resultError{msg: fmt.Sprintf("explanation.steps[%d].outcome: required", i)}
			}
		}
	}
	*r = Result(in.resultFields)
	return nil
}

// String returns the result as text for people; see WriteText.
func (r Result) String() string {
	var b strings.Builder
	_ = r.WriteText(&b)
	return b.String()
}

// WriteText writes the result as indented text for people: the claim, the
// policy with its digest, the decision and amount, the reasons of a
// rejection, the payments and, if the result carries one, the explanation
// rule by rule with the parameters used (value, date read on, the entry's
// dates and citation) and each rounding (mode, before, after). For example:
//
//	claim c-17: granted 1500.00 CNY
//	  policy cn-skill-improvement@2024 sha256:3f1a…
//	  as of 2024-06-30
//	  rules
//	    insured (insured-months): applied
//	      min_insured_months = 12, on 2024-05-01, in force 2024-01-01..2024-12-31 (人社部发〔2024〕…)
//	    amount (amount-by-category): applied, 0.00 -> 1500.00
//	      amounts[national-4] = 1500, on 2024-05-01, ...
//	  payments
//	    2024-05-01  1500.00  single
func (r Result) WriteText(w io.Writer) error {
	var b bytes.Buffer
	// Amounts show the decimals of the currency's minor unit, or more if the
	// amount has them, so that a result decoded from JSON written by hand
	// ("18000") prints as the result it stands for.
	places := max(-r.Amount.Exponent(), 0)
	if r.Currency != "" {
		places = max(places, minorScale(r.Currency))
	}
	show := func(d interface{ StringFixed(int32) string }) string { return d.StringFixed(places) }
	fmt.Fprintf(&b, "claim %s: ", r.Claim)
	if r.Granted {
		fmt.Fprintf(&b, "granted %s %s\n", show(r.Amount), r.Currency)
	} else if len(r.Reasons) > 0 {
		fmt.Fprintf(&b, "rejected\n")
	} else {
		fmt.Fprintf(&b, "nothing due (%s %s)\n", show(r.Amount), r.Currency)
	}
	fmt.Fprintf(&b, "  policy %s %s\n", r.Policy, r.Digest)
	fmt.Fprintf(&b, "  as of %v\n", r.AsOf)
	if len(r.Reasons) > 0 {
		b.WriteString("  reasons\n")
		for _, rs := range r.Reasons {
			fmt.Fprintf(&b, "    %s (rule %s): %s\n", rs.Code, rs.Rule, rs.Text)
		}
	}
	if r.Explanation != nil {
		b.WriteString("  rules\n")
		for _, st := range r.Explanation.Steps {
			fmt.Fprintf(&b, "    %s (%s): %v", st.Rule, st.Kind, st.Outcome)
			if !st.Before.Equal(st.After) {
				fmt.Fprintf(&b, ", %s -> %s", show(st.Before), show(st.After))
			}
			if st.Reason != "" {
				fmt.Fprintf(&b, ": %s", st.Reason)
			}
			b.WriteByte('\n')
			for _, u := range st.Params {
				name := u.Name
				if u.Key != "" {
					name += "[" + u.Key + "]"
				}
				fmt.Fprintf(&b, "      %s = %s, on %v, in force %v..", name, money.Canonical(u.Value), u.On, u.From)
				if !u.Until.IsZero() {
					fmt.Fprintf(&b, "%v", u.Until)
				}
				if c := u.Citation.String(); c != "" {
					fmt.Fprintf(&b, " (%s)", c)
				}
				b.WriteByte('\n')
			}
			if st.Rounding != nil {
				fmt.Fprintf(&b, "      rounded %v: %s -> %s\n", st.Rounding.Rounding, st.Rounding.Before, show(st.Rounding.After))
			}
		}
	}
	if len(r.Payments) > 0 {
		b.WriteString("  payments\n")
		for _, p := range r.Payments {
			fmt.Fprintf(&b, "    %v  %s  %v", p.Date, show(p.Amount), p.Kind)
			if p.Provisional {
				b.WriteString(" (provisional)")
			}
			b.WriteByte('\n')
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

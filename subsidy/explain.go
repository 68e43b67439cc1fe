package subsidy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/dualtrack/dualtrack/internal/errtext"
)

// resultJSON is the JSON form of a Result: the format tag first, then the
// fields of Result.
type resultJSON struct {
	Format string `json:"format"`
	resultFields
}

// resultFields has Result's fields without its methods, so that encoding it
// does not recurse.
type resultFields Result

// MarshalJSON encodes the result with its format tag, ResultFormat:
//
//	{"format":"dualtrack.subsidy.result/1","claim":"c-17",...}
//
// Amounts are decimal strings and dates "YYYY-MM-DD"; the output is the same
// bytes for the same result.
func (r Result) MarshalJSON() ([]byte, error) {
	return json.Marshal(resultJSON{Format: ResultFormat, resultFields: resultFields(r)})
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
// ResultFormat and unknown fields are rejected, so that a reader never
// silently misreads a result of another version. Errors match
// ErrInvalidResult and quote the input clipped. On error r is unchanged.
func (r *Result) UnmarshalJSON(data []byte) error {
	var in resultJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return &resultError{msg: errtext.Clip(strings.TrimPrefix(err.Error(), "json: "), 200), err: err}
	}
	if dec.More() {
		return &resultError{msg: "data after the object"}
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
	// amount has them: a result decoded from JSON, where 18000.00 is
	// written "18000", prints as the result it was encoded from.
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
				fmt.Fprintf(&b, "      %s = %s, on %v, in force %v..", name, u.Value.String(), u.On, u.From)
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

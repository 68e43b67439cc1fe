package subsidy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/dualtrack/dualtrack/internal/strictjson"
	"github.com/shopspring/decimal"
)

// CasesFormat is the format tag of a policy test file.
const CasesFormat = "dualtrack.subsidy.cases/1"

// CaseFile is a policy test file: worked cases for one policy, each a claim,
// its history and the result it must get. Built-in policy packs ship theirs;
// integrators write their own for local policies and run them with
// RunCases. In JSON:
//
//	{"format": "dualtrack.subsidy.cases/1", "policy": "cn-skill-improvement",
//	 "cases": [{"name": "…", "source": "…", "as_of": "2024-06-30",
//	            "claim": {…}, "history": [{…ledger line…}],
//	            "want": {"granted": true, "amount": "1500.00", "reasons": []}}]}
type CaseFile struct {
	Format string `json:"format"`
	// Policy is the name of the policy the cases are written for.
	Policy string `json:"policy"`
	Cases  []Case `json:"cases"`
}

// Case is one worked case of a policy test file.
type Case struct {
	// Name identifies the case in reports; names are unique in a file.
	Name string `json:"name"`
	// Source says where the worked example comes from, if it is public.
	Source string `json:"source,omitempty"`
	// AsOf is the evaluation date.
	AsOf Date `json:"as_of"`
	// Claim is the claim evaluated.
	Claim Claim `json:"claim"`
	// History holds earlier grants, in the JSON form a Ledger writes
	// (see Ledger.WriteTo); they are recorded in a fresh ledger before the
	// claim is evaluated.
	History []json.RawMessage `json:"history,omitempty"`
	// Want is the expected outcome.
	Want Want `json:"want"`
}

// Want is the expected outcome of a case. Amount, Granted and Reasons are
// always compared; Payments only when given. A case expecting an error sets
// Error to a part of the expected message; the result is then not compared.
type Want struct {
	Granted bool            `json:"granted"`
	Amount  decimal.Decimal `json:"amount"`
	// Reasons are the codes of the rejecting rules, in rule order.
	Reasons  []string  `json:"reasons,omitempty"`
	Payments []Payment `json:"payments,omitempty"`
	Error    string    `json:"error,omitempty"`
}

// wantOut is the JSON form of a Want.
type wantOut struct {
	Granted  bool      `json:"granted"`
	Amount   string    `json:"amount"`
	Reasons  []string  `json:"reasons,omitempty"`
	Payments []Payment `json:"payments,omitempty"`
	Error    string    `json:"error,omitempty"`
}

// MarshalJSON encodes the expected outcome as a case file holds it, the
// amount with exactly its places ("1500.00") whatever shopspring/decimal's
// package-level settings are.
func (w Want) MarshalJSON() ([]byte, error) {
	return json.Marshal(wantOut{Granted: w.Granted, Amount: money.Exact(w.Amount), Reasons: w.Reasons, Payments: w.Payments, Error: w.Error})
}

// CaseResult is the outcome of running one case: whether it passed, and if
// not, each difference between what was wanted and what came out.
type CaseResult struct {
	Name   string
	Pass   bool
	Diffs  []string // "amount: want 1500.00, got 0.00", ...
	Result Result   // the result, if the evaluation succeeded
	Err    error    // the evaluation's error, if any
}

// String returns "PASS name" or "FAIL name" with one indented line per
// difference.
func (r CaseResult) String() string {
	if r.Pass {
		return "PASS " + r.Name
	}
	return "FAIL " + r.Name + "\n    " + strings.Join(r.Diffs, "\n    ")
}

// ErrInvalidCases is matched by every error ReadCases returns for a bad
// test file.
var ErrInvalidCases = errors.New("invalid policy test file")

// casesMax bounds a test file: its size and its number of cases.
const (
	casesMaxBytes = 8 << 20
	casesMaxCases = 10_000
)

// ReadCases decodes a policy test file strictly: unknown fields are
// rejected, the format tag must be CasesFormat, every case needs a unique
// name, an as-of date, a claim with an ID and a date, and history lines that
// a Ledger accepts. The error names the JSON path of the fault, such as
// "cases[3].claim.issued", and matches ErrInvalidCases.
func ReadCases(data []byte) (CaseFile, error) {
	fail := func(path, reason string) (CaseFile, error) {
		return CaseFile{}, fmt.Errorf("subsidy: test file: %s: %s: %w", path, reason, ErrInvalidCases)
	}
	if len(data) > casesMaxBytes {
		return fail("(file)", fmt.Sprintf("larger than %d bytes", casesMaxBytes))
	}
	var head struct {
		Format string            `json:"format"`
		Policy string            `json:"policy"`
		Cases  []json.RawMessage `json:"cases"`
	}
	if err := casesDecode(data, &head); err != nil {
		return fail(casesPath("(file)", err), casesReason(err))
	}
	if head.Format != CasesFormat {
		return fail("format", fmt.Sprintf("%s, want %q", quote(head.Format), CasesFormat))
	}
	if why := checkText(head.Policy, true); why != "" {
		return fail("policy", why)
	}
	if len(head.Cases) > casesMaxCases {
		return fail("cases", fmt.Sprintf("more than %d cases", casesMaxCases))
	}
	out := CaseFile{Format: head.Format, Policy: head.Policy, Cases: make([]Case, 0, len(head.Cases))}
	seen := make(map[string]int, len(head.Cases))
	for i, raw := range head.Cases {
		path := "cases[" + strconv.Itoa(i) + "]"
		var c Case
		if err := casesDecode(raw, &c); err != nil {
			return fail(casesPath(path, err), casesReason(err))
		}
		if why := checkText(c.Name, true); why != "" {
			return fail(path+".name", why)
		}
		if j, dup := seen[c.Name]; dup {
			return fail(path+".name", fmt.Sprintf("%s already names cases[%d]", quote(c.Name), j))
		}
		seen[c.Name] = i
		if c.AsOf.IsZero() {
			return fail(path+".as_of", "required")
		}
		if err := c.Claim.Validate(); err != nil {
			var ce *ClaimError
			if errors.As(err, &ce) {
				return fail(path+".claim."+ce.Field, strings.TrimPrefix(err.Error(), "subsidy: "))
			}
			return fail(path+".claim", err.Error())
		}
		if _, err := c.ledger(); err != nil {
			return fail(path+".history", err.Error())
		}
		out.Cases = append(out.Cases, c)
	}
	return out, nil
}

// casesDecode decodes data into v strictly: unknown fields, a field given
// twice in one object (compared as encoding/json compares names) and
// trailing data are errors.
func casesDecode(data []byte, v any) error {
	return strictjson.Decode(data, v)
}

// casesPath returns the JSON path of a decoding error below path: path
// itself if the error names no member ("cases[2]" and "claim.issued" give
// "cases[2].claim.issued"; "(file)" stands for the top level).
func casesPath(path string, err error) string {
	var e *strictjson.Error
	if !errors.As(err, &e) || e.Path == "" {
		return path
	}
	if path == "(file)" {
		return e.Path
	}
	if strings.HasPrefix(e.Path, "[") {
		return path + e.Path
	}
	return path + "." + e.Path
}

// casesReason returns why decoding failed, with the value at fault.
func casesReason(err error) string {
	var e *strictjson.Error
	if !errors.As(err, &e) {
		return err.Error()
	}
	if e.Path == "" {
		return e.Reason
	}
	if e.Value != "" {
		return e.Value + ": " + e.Reason
	}
	return e.Reason
}

// ledger returns the case's history as a ledger.
func (c *Case) ledger() (*Ledger, error) {
	if len(c.History) == 0 {
		return nil, nil
	}
	var b bytes.Buffer
	for _, line := range c.History {
		if err := json.Compact(&b, line); err != nil {
			return nil, err
		}
		b.WriteByte('\n')
	}
	return ReadLedger(&b)
}

// RunCase evaluates the case under the policy and compares the outcome with
// what the case wants.
func (p *Policy) RunCase(c Case) CaseResult {
	out := CaseResult{Name: c.Name}
	opts := Options{AsOf: c.AsOf}
	l, err := c.ledger()
	if err != nil {
		out.Err = err
		out.Diffs = append(out.Diffs, "history: "+err.Error())
		return out
	}
	if l != nil {
		opts.History = l
	}
	res, err := p.Evaluate(c.Claim, opts)
	out.Result, out.Err = res, err
	w := c.Want
	switch {
	case w.Error != "" && err == nil:
		out.Diffs = append(out.Diffs, fmt.Sprintf("error: want one containing %q, got none (amount %s)", w.Error, res.Amount.StringFixed(p.scale)))
	case w.Error != "" && !strings.Contains(err.Error(), w.Error):
		out.Diffs = append(out.Diffs, fmt.Sprintf("error: want one containing %q, got %v", w.Error, err))
	case w.Error == "" && err != nil:
		out.Diffs = append(out.Diffs, fmt.Sprintf("error: want none, got %v", err))
	case w.Error == "":
		out.Diffs = append(out.Diffs, compareWant(w, res, p.scale)...)
	}
	out.Pass = len(out.Diffs) == 0
	return out
}

func compareWant(w Want, res Result, scale int32) []string {
	var diffs []string
	if w.Granted != res.Granted {
		diffs = append(diffs, fmt.Sprintf("granted: want %t, got %t", w.Granted, res.Granted))
	}
	if !w.Amount.Equal(res.Amount) {
		diffs = append(diffs, fmt.Sprintf("amount: want %s, got %s", caseShow(w.Amount, scale), caseShow(res.Amount, scale)))
	}
	got := make([]string, len(res.Reasons))
	for i, r := range res.Reasons {
		got[i] = r.Code
	}
	if !slices.Equal(w.Reasons, got) {
		diffs = append(diffs, fmt.Sprintf("reasons: want %v, got %v", w.Reasons, got))
	}
	if len(w.Payments) > 0 {
		show := func(p Payment) string {
			s := p.Date.String() + " " + caseShow(p.Amount, scale) + " " + p.Kind.String()
			if p.Provisional {
				s += " (provisional)"
			}
			return s
		}
		for i := range max(len(w.Payments), len(res.Payments)) {
			var ws, gs = "none", "none"
			if i < len(w.Payments) {
				ws = show(w.Payments[i])
			}
			if i < len(res.Payments) {
				gs = show(res.Payments[i])
			}
			// Compared exactly, as the amount is: a wanted 1500.004 is not
			// the 1500.00 paid, though both show as 1500.00 at two places.
			if i >= len(w.Payments) || i >= len(res.Payments) || !casePaymentEqual(w.Payments[i], res.Payments[i]) {
				diffs = append(diffs, fmt.Sprintf("payments[%d]: want %s, got %s", i, ws, gs))
			}
		}
	}
	return diffs
}

// casePaymentEqual reports whether two payments are the same, amounts
// compared by value.
func casePaymentEqual(a, b Payment) bool {
	return a.Date == b.Date && a.Kind == b.Kind && a.Provisional == b.Provisional && a.Amount.Equal(b.Amount)
}

// caseShow shows an amount at the currency's places, or, if it has more,
// exactly.
func caseShow(d decimal.Decimal, scale int32) string {
	if d.Exponent() < -scale && !d.Equal(d.Round(scale)) {
		return money.Canonical(d)
	}
	return d.StringFixed(scale)
}

// RunCases runs every case of f under the policy, in order. It reports
// an error, and runs nothing, if f is written for another policy (f.Policy
// must be the policy's name or its "name@version").
func RunCases(p *Policy, f CaseFile) ([]CaseResult, error) {
	if f.Policy != p.Name() && f.Policy != p.ID() {
		return nil, fmt.Errorf("subsidy: test file for policy %s run against %s: %w", quote(f.Policy), quote(p.ID()), ErrInvalidCases)
	}
	out := make([]CaseResult, len(f.Cases))
	for i, c := range f.Cases {
		out[i] = p.RunCase(c)
	}
	return out, nil
}

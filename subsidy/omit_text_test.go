package subsidy_test

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/dualtrack/dualtrack/subsidy/packs"
	"github.com/shopspring/decimal"
)

// omitCase is one claim to evaluate with and without the reasons' texts.
type omitCase struct {
	name   string
	policy *subsidy.Policy
	claim  subsidy.Claim
	opts   subsidy.Options
}

// omitCases returns the worked cases of every built-in pack and of the
// test policy, and the claims of the small population against its ledger:
// between them they reject claims for every reason code the built-in rules
// have (see TestOmitReasonText).
func omitCases(t *testing.T) []omitCase {
	t.Helper()
	var out []omitCase
	add := func(p *subsidy.Policy, f subsidy.CaseFile) {
		for _, c := range f.Cases {
			opts := subsidy.Options{AsOf: c.AsOf}
			if len(c.History) > 0 {
				var b bytes.Buffer
				for _, line := range c.History {
					if err := json.Compact(&b, line); err != nil {
						t.Fatal(err)
					}
					b.WriteByte('\n')
				}
				l, err := subsidy.ReadLedger(&b)
				if err != nil {
					t.Fatalf("%s: history: %v", c.Name, err)
				}
				opts.History = l
			}
			out = append(out, omitCase{p.ID() + "/" + c.Name, p, c.Claim, opts})
		}
	}
	for _, name := range packs.Names() {
		p, err := packs.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := packs.Cases(name)
		if err != nil {
			t.Fatal(err)
		}
		add(p, f)
	}
	data, err := os.ReadFile("testdata/policies/cn-skill-improvement-2024.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := subsidy.LoadPolicy(data)
	if err != nil {
		t.Fatal(err)
	}
	if data, err = os.ReadFile("testdata/cases/cn-skill-improvement-2024.json"); err != nil {
		t.Fatal(err)
	}
	f, err := subsidy.ReadCases(data)
	if err != nil {
		t.Fatal(err)
	}
	add(p, f)

	pop := newPopulation(popSmall)
	l := pop.ledger(t)
	pp := popPolicy(t)
	for c := range pop.claims(2_000) {
		out = append(out, omitCase{"population/" + c.ID, pp, c, subsidy.Options{AsOf: popAsOf, History: l}})
	}
	return out
}

// resultJSON is the result as its JSON form, with every reason's text
// blanked if blank is set: two results with the same JSON carry the same
// decision, amounts, reasons, contributions, payments and explanation.
func resultJSON(t *testing.T, r subsidy.Result, blank bool) string {
	t.Helper()
	if blank {
		r.Reasons = slices.Clone(r.Reasons)
		for i := range r.Reasons {
			r.Reasons[i].Text = ""
		}
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestOmitReasonText checks that Options.OmitReasonText leaves out the
// reasons' texts and changes nothing else, and that with Explain it changes
// nothing at all.
func TestOmitReasonText(t *testing.T) {
	cases := omitCases(t)
	codes := map[string]int{}
	for _, c := range cases {
		full, errFull := c.policy.Evaluate(c.claim, c.opts)
		o := c.opts
		o.OmitReasonText = true
		bare, errBare := c.policy.Evaluate(c.claim, o)
		if (errFull == nil) != (errBare == nil) || errFull != nil && errFull.Error() != errBare.Error() {
			t.Fatalf("%s: errors differ: %v, then %v", c.name, errFull, errBare)
		}
		if errFull != nil {
			continue
		}
		for _, r := range full.Reasons {
			if r.Text == "" {
				t.Errorf("%s: reason %s of rule %s has no text", c.name, r.Code, r.Rule)
			}
			codes[r.Code]++
		}
		for _, r := range bare.Reasons {
			if r.Text != "" {
				t.Errorf("%s: reason %s has the text %q under OmitReasonText", c.name, r.Code, r.Text)
			}
		}
		if got, want := resultJSON(t, bare, false), resultJSON(t, full, true); got != want {
			t.Errorf("%s: with the texts left out\n got %s\nwant %s", c.name, got, want)
		}

		o.Explain = true
		e1, err1 := c.policy.Evaluate(c.claim, o)
		o.OmitReasonText = false
		e2, err2 := c.policy.Evaluate(c.claim, o)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: explaining: %v, %v", c.name, err1, err2)
		}
		if got, want := resultJSON(t, e1, false), resultJSON(t, e2, false); got != want {
			t.Errorf("%s: OmitReasonText changed an explained result\n got %s\nwant %s", c.name, got, want)
		}
	}
	// These cases reject for most codes of the built-in rules; the rule
	// tests check the others, as condRun and amtRun also evaluate every
	// case with OmitReasonText (see requireOmitted).
	want := []string{
		"age", "already-granted", "cap-reached", "claim-window", "combined", "contract-length",
		"higher-level-granted", "insured-months", "max-claims", "no-amount", "not-in-force",
		"training-length",
	}
	for _, code := range want {
		if codes[code] == 0 {
			t.Errorf("no case rejects with the code %q; seen: %v", code, slices.Sorted(maps.Keys(codes)))
		}
	}
}

// TestOmitReasonTextBatch checks EvaluateAll under OmitReasonText against
// Evaluate, claim by claim.
func TestOmitReasonTextBatch(t *testing.T) {
	pop := newPopulation(popSmall)
	l := pop.ledger(t)
	p := popPolicy(t)
	opts := subsidy.Options{AsOf: popAsOf, History: l, OmitReasonText: true}
	n, rejected := 0, 0
	for e, err := range p.EvaluateAll(context.Background(), pop.claims(2_000), opts, 3) {
		if err != nil {
			t.Fatal(err)
		}
		one, err := p.Evaluate(e.Claim, opts)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := resultJSON(t, e.Result, false), resultJSON(t, one, false); got != want {
			t.Fatalf("claim %s: batch\n got %s\nwant %s", e.Claim.ID, got, want)
		}
		if len(e.Result.Reasons) > 0 {
			rejected++
		}
		n++
	}
	if n != 2_000 || rejected == 0 {
		t.Fatalf("%d results, %d rejected; want 2000 with some rejected", n, rejected)
	}
}

// textRule rejects every claim with a text, and records what TextWanted
// said.
type textRule struct {
	subsidy.RuleMeta
	wanted *[]bool
}

func (textRule) Kind() string                  { return "test-text" }
func (textRule) Check(p *subsidy.Policy) error { return nil }

func (r textRule) Apply(s *subsidy.State) error {
	*r.wanted = append(*r.wanted, s.TextWanted())
	s.Reject("custom", "a text for people")
	return nil
}

// TestOmitReasonTextCustomRule checks that the text a custom rule gives
// Reject is left out too, and that TextWanted tells the rule so.
func TestOmitReasonTextCustomRule(t *testing.T) {
	var wanted []bool
	rounding, err := subsidy.NewRounding(decimal.New(1, -2), subsidy.HalfUp)
	if err != nil {
		t.Fatal(err)
	}
	p, err := subsidy.NewPolicy(subsidy.Definition{
		Name: "test", Version: "1", Currency: "CNY", Scheme: "test", Rounding: rounding,
		Rules: []subsidy.Rule{textRule{subsidy.RuleMeta{ID: "text"}, &wanted}},
	})
	if err != nil {
		t.Fatal(err)
	}
	c := subsidy.Claim{ID: "c-1", Date: subsidy.MustParseDate("2024-05-01")}
	for _, tc := range []struct {
		omit, explain bool
		text          string
	}{
		{false, false, "a text for people"},
		{true, false, ""},
		{true, true, "a text for people"},
	} {
		wanted = wanted[:0]
		r, err := p.Evaluate(c, subsidy.Options{AsOf: c.Date, OmitReasonText: tc.omit, Explain: tc.explain})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Reasons) != 1 || r.Reasons[0].Code != "custom" || r.Reasons[0].Text != tc.text {
			t.Errorf("omit=%v explain=%v: reasons %+v, want one with the text %q", tc.omit, tc.explain, r.Reasons, tc.text)
		}
		if want := tc.text != ""; len(wanted) != 1 || wanted[0] != want {
			t.Errorf("omit=%v explain=%v: TextWanted said %v, want [%v]", tc.omit, tc.explain, wanted, want)
		}
		if tc.explain && !strings.Contains(r.Explanation.Steps[0].Reason, tc.text) {
			t.Errorf("explained step reason %q lacks the text", r.Explanation.Steps[0].Reason)
		}
	}
}

// requireOmitted evaluates c again as full was, with OmitReasonText, and
// checks that only the reasons' texts differ: the rule tests call it for
// every case, so that each text a built-in rule writes is also left out.
func requireOmitted(t *testing.T, p *subsidy.Policy, c subsidy.Claim, opts subsidy.Options, full subsidy.Result) {
	t.Helper()
	opts.Explain, opts.OmitReasonText = false, true
	bare, err := p.Evaluate(c, opts)
	if err != nil {
		t.Fatalf("with OmitReasonText: %v", err)
	}
	full.Explanation = nil
	for _, r := range bare.Reasons {
		if r.Text != "" {
			t.Errorf("reason %s has the text %q under OmitReasonText", r.Code, r.Text)
		}
	}
	if got, want := resultJSON(t, bare, false), resultJSON(t, full, true); got != want {
		t.Errorf("with the texts left out\n got %s\nwant %s", got, want)
	}
}

// TestReasonTextsShareOneString checks the texts a claim's reasons share
// without an explanation (they are cut from one string, see
// State.rejectText) against those of the same claim explained, where each
// text is made on its own: the same reasons, word for word, for claims of
// the small population rejected for two or three reasons at once.
func TestReasonTextsShareOneString(t *testing.T) {
	w := newBenchWorldOf(t, popSmall)
	plain := subsidy.Options{AsOf: popAsOf, History: w.ledger}
	explained := plain
	explained.Explain = true
	multi := map[int]int{} // claims by number of reasons, two or more
	for c := range w.pop.claims(20_000) {
		got, err := w.policy.Evaluate(c, plain)
		if err != nil {
			t.Fatal(err)
		}
		want, err := w.policy.Evaluate(c, explained)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Reasons, want.Reasons) {
			t.Fatalf("claim %s: reasons without an explanation\n%q\nwith one\n%q", c.ID, got.Reasons, want.Reasons)
		}
		if n := len(got.Reasons); n >= 2 {
			multi[n]++
		}
	}
	if multi[2] == 0 || multi[3] == 0 {
		t.Errorf("claims rejected for two and three reasons: %v; the test proves little without both", multi)
	}
}

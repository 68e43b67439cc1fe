package subsidy_test

// Hardening fuzz targets (issue 9) for the decoders of package subsidy that
// had none: a result's JSON, a claim's JSON as integrators decode it, the
// io.Reader path of the policy loader, and the text codes of date bases,
// outcomes and payment kinds.

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/dualtrack/dualtrack/internal/errtext"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// hardSeedResults returns the JSON of real results, with and without
// explanations, granted and rejected, under the three fixture policies.
func hardSeedResults(f *testing.F) [][]byte {
	f.Helper()
	grants, reversed := hardGrants(f, 2, 100)
	l := hardLedger(f, grants, reversed)
	var out [][]byte
	for i, p := range hardPolicies(f) {
		for j, c := range hardClaims(f, uint64(i), 12) {
			r, err := p.Evaluate(c, subsidy.Options{AsOf: hardAsOf, History: l, Explain: j%2 == 0})
			if err != nil {
				continue
			}
			b, err := json.Marshal(r)
			if err != nil {
				f.Fatal(err)
			}
			out = append(out, b)
		}
	}
	return out
}

// FuzzResultJSON feeds arbitrary bytes to Result.UnmarshalJSON. Invariants:
// no panic; a failure leaves the result as it was and says it is decoding a
// result; an accepted document marshals, and that JSON decodes to a result
// that marshals to the same bytes again (the first trip may normalise, the
// second must not change anything), and renders as text.
func FuzzResultJSON(f *testing.F) {
	for _, b := range hardSeedResults(f) {
		f.Add(b)
	}
	const head = `{"format":"dualtrack.subsidy.result/1","claim":"c","policy":"p@1","digest":"sha256:00","as_of":"2024-06-30","currency":"CNY",`
	for _, s := range []string{
		head + `"granted":true,"amount":"1500.00"}`,
		head + `"granted":true,"amount":1500}`,                                // an amount as a JSON number
		head + `"granted":true,"amount":"1e999999999"}`,                       // beyond shopspring's decoding bound
		head + `"granted":true,"amount":"1e9999"}`,                            // within it: 10,000 digits
		head + `"granted":true,"amount":"` + strings.Repeat("9", 5000) + `"}`, // thousands of digits
		head + `"granted":true,"amount":"-1500"}`,                             // a negative award
		head + `"granted":true,"amount":"0.001"}`,                             // below the fen
		head + `"granted":true,"amount":"1500","amount":"9"}`,                 // a duplicate key
		head + `"granted":"yes","amount":"1"}`,                                // a wrong type
		head + `"amount":"1","payments":[{"date":"2024-02-30","amount":"1","kind":"single"}]}`,
		head + `"amount":"1","payments":[{"date":"2024-02-29","amount":"1","kind":"bogus"}]}`,
		head + `"amount":"1","explanation":{"steps":[{"rule":"r","kind":"k","outcome":"maybe","before":"0","after":"1"}]}}`,
		head + `"amount":"1","explanation":{"steps":[{"rule":"r","kind":"k","outcome":"applied","before":"0","after":"1","rounding":{"rounding":{"quantum":"0","mode":"up"},"before":"1/3","after":"1"}}]}}`,
		head + `"amount":"1","unknown":true}`,
		`{"formAt":"dualtrack.subsidy.result/1","eXplAnAtion":{"steps":[{}]}}`, // found by this target
		head + `"amount":"1","payments":[{"date":"2024-02-29","amount":"1"}]}`,
		`{"format":"dualtrack.subsidy.result/2","amount":"1"}`,
		`{"amount":"1"}`,
		head + `"amount":"1"} {"trailing":1}`,
		`null`, `[]`, `""`, ``, `{`,
		strings.Repeat(`{"explanation":`, 2000),
	} {
		f.Add([]byte(s))
	}
	sentinel := subsidy.Result{Claim: "sentinel", Currency: "EUR", Amount: decimal.New(7, 0)}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := sentinel
		if err := r.UnmarshalJSON(data); err != nil {
			if !strings.HasPrefix(err.Error(), "subsidy: decoding result") || !errors.Is(err, subsidy.ErrInvalidResult) {
				t.Fatalf("error %q does not say what failed, or does not match ErrInvalidResult", err)
			}
			if r.Claim != sentinel.Claim || !r.Amount.Equal(sentinel.Amount) {
				t.Fatalf("a failed decode changed the result: %+v", r)
			}
			return
		}
		out, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("an accepted result does not marshal: %v", err)
		}
		var back subsidy.Result
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("its own JSON does not decode: %v\n%s", err, out)
		}
		again, err := json.Marshal(back)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("second trip changed the JSON:\n%s\n%s (%v)", out, again, err)
		}
		if err := r.WriteText(io.Discard); err != nil {
			t.Fatalf("WriteText: %v", err)
		}
	})
}

// FuzzClaimJSON decodes arbitrary JSON into a Claim with encoding/json, as
// an integrator's service does, and evaluates it under the three fixture
// policies. Invariants: no panic; a claim Validate refuses gets a
// *ClaimError naming a field, and Evaluate returns that same error; a valid
// claim's results are whole minor units whose contributions and payments
// add up to the award; and the claim survives JSON with the same results.
func FuzzClaimJSON(f *testing.F) {
	for _, c := range hardClaims(f, 3, 20) {
		b, err := json.Marshal(c)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	const head = `{"id":"c","date":"2024-05-20","person":"P1","occupation":"6-31-01-03","level":"national-4","issued":"2024-03-15","insured_months":14`
	for _, s := range []string{
		head + `}`,
		head + `,"base":"12345.67","training":"2024-01-10/2025-01-09","places":3,"contract_months":24,"category":"senior-class"}`,
		head + `,"base":12345.67}`,                                  // a decimal as a JSON number
		head + `,"base":"1e9999"}`,                                  // 10,000 digits
		head + `,"base":"1e999999999"}`,                             // beyond shopspring's decoding bound
		head + `,"base":"` + strings.Repeat("7", 3000) + `"}`,       // thousands of digits
		head + `,"base":"-1"}`,                                      // negative
		head + `,"date":"2024-02-30"}`,                              // a day that does not exist
		head + `,"level":"national-6"}`,                             // no such level
		head + `,"insured_months":99999999999999999999}`,            // beyond int
		head + `,"insured_months":-3}`,                              // negative
		head + `,"places":-1}`,                                      // negative
		head + `,"completed":2,"places":1,"ended":"2025-01-01"}`,    // more completed than places
		head + `,"training":"2025-01-09/2024-01-10"}`,               // a reversed period
		head + `,"id":"c","id":"d"}`,                                // a duplicate key
		head + `,"flags":[` + strings.Repeat(`"f",`, 100) + `"f"]}`, // too many flags
		head + `,"person":"` + strings.Repeat("名", 200) + `"}`,      // too long
		head + `,"person":"P\u0000"}`,                               // a control character
		head + `,"salary":"1"}`,                                     // an unknown field
		`{"id":"","date":""}`, `{}`, `null`, `[]`, `"c"`, ``,
	} {
		f.Add([]byte(s))
	}
	policies := hardPolicies(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var c subsidy.Claim
		if json.Unmarshal(data, &c) != nil {
			return // encoding/json's own errors
		}
		if err := c.Validate(); err != nil {
			var ce *subsidy.ClaimError
			if !errors.As(err, &ce) || !errors.Is(err, subsidy.ErrInvalidClaim) || ce.Field == "" {
				t.Fatalf("Validate: %v is not a *ClaimError naming a field", err)
			}
			if !strings.Contains(err.Error(), ce.Field) || len(err.Error()) > 1024 {
				t.Fatalf("Validate: message %q does not name %q or is unbounded", err, ce.Field)
			}
			_, eerr := policies[0].Evaluate(c, subsidy.Options{AsOf: hardAsOf})
			if eerr == nil || eerr.Error() != err.Error() {
				t.Fatalf("Evaluate of an invalid claim: %v, Validate: %v", eerr, err)
			}
			return
		}
		out, err := json.Marshal(c)
		if err != nil {
			t.Fatalf("a valid claim does not marshal: %v", err)
		}
		var back subsidy.Claim
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("its own JSON does not decode: %v\n%s", err, out)
		}
		for _, p := range policies {
			opts := subsidy.Options{AsOf: hardAsOf, Explain: true}
			r, err := p.Evaluate(c, opts)
			r2, err2 := p.Evaluate(back, opts)
			if a, b := hardOutcomeOf(t, r, err), hardOutcomeOf(t, r2, err2); a != b {
				t.Fatalf("%s: the claim's JSON trip changed its result:\n%+v\n%+v", p.Name(), a, b)
			}
			if err != nil {
				continue
			}
			if !r.Amount.Shift(2).IsInteger() {
				t.Fatalf("%s: award %s is not whole minor units", p.Name(), r.Amount)
			}
			sum := decimal.Zero
			for _, k := range r.Contributions {
				sum = sum.Add(k.Amount)
			}
			if !sum.Equal(r.Amount) {
				t.Fatalf("%s: contributions add up to %s, award %s", p.Name(), sum, r.Amount)
			}
			if len(r.Payments) > 0 {
				paid := decimal.Zero
				for _, pay := range r.Payments {
					paid = paid.Add(pay.Amount)
				}
				if !paid.Equal(r.Amount) {
					t.Fatalf("%s: payments add up to %s, award %s", p.Name(), paid, r.Amount)
				}
			}
			if r.Granted != (r.Amount.Sign() > 0 && len(r.Reasons) == 0) {
				t.Fatalf("%s: granted %v with amount %s and %d reasons", p.Name(), r.Granted, r.Amount, len(r.Reasons))
			}
		}
	})
}

// FuzzLoaderRead checks that reading a policy from an io.Reader, even one
// that returns a byte at a time, gives exactly what Load gives for the same
// bytes: the same digest, or the same error.
func FuzzLoaderRead(f *testing.F) {
	for _, p := range hardPolicyJSON {
		f.Add([]byte(p.json))
	}
	f.Add([]byte(strings.Replace(hardSkillJSON, `"value": "1500"`, `"value": "1e999999999"`, 1)))
	f.Add([]byte(strings.Replace(hardSkillJSON, `"value": "1500"`, `"value": 1500`, 1)))
	f.Add([]byte(strings.Replace(hardSkillJSON, `"from": "2024-01-01"`, `"from": "2024-02-30"`, 1)))
	f.Add([]byte(strings.Replace(hardSkillJSON, `"version": "2024"`, `"version": "2024", "version": "2025"`, 1)))
	f.Add([]byte(strings.Repeat("[", 100) + strings.Repeat("]", 100)))
	f.Add([]byte("\xff{}"))
	f.Add([]byte(""))
	l := subsidy.NewLoader()
	f.Fuzz(func(t *testing.T, data []byte) {
		p1, err1 := l.Load(data)
		p2, err2 := l.Read(iotest.OneByteReader(bytes.NewReader(data)))
		switch {
		case (err1 == nil) != (err2 == nil):
			t.Fatalf("Load: %v; Read: %v", err1, err2)
		case err1 != nil:
			if err1.Error() != err2.Error() {
				t.Fatalf("Load: %v; Read: %v", err1, err2)
			}
			if !errors.Is(err2, subsidy.ErrInvalidPolicy) {
				t.Fatalf("Read: %v does not match ErrInvalidPolicy", err2)
			}
		case p1.Digest() != p2.Digest():
			t.Fatalf("Load gives %s, Read %s", p1.Digest(), p2.Digest())
		}
	})
}

// TestHardeningReadBounded: Read stops after MaxPolicySize bytes and one
// more, whatever the reader offers, and says the document is too large; an
// error of the reader itself comes back wrapped, not as a policy error.
func TestHardeningReadBounded(t *testing.T) {
	endless := &hardCounting{}
	_, err := subsidy.NewLoader().Read(endless)
	require.ErrorIs(t, err, subsidy.ErrInvalidPolicy)
	require.Contains(t, err.Error(), strconv.Itoa(subsidy.MaxPolicySize))
	require.LessOrEqual(t, endless.n, int64(subsidy.MaxPolicySize+1)+32*1024, "read far beyond the limit")

	boom := errors.New("disk on fire")
	_, err = subsidy.NewLoader().Read(iotest.ErrReader(boom))
	require.ErrorIs(t, err, boom)
	require.NotErrorIs(t, err, subsidy.ErrInvalidPolicy)
}

// hardCounting is an endless reader of spaces that counts what it gave.
type hardCounting struct{ n int64 }

func (r *hardCounting) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	r.n += int64(len(p))
	return len(p), nil
}

// FuzzTextCodes feeds arbitrary text to the text decoders of DateBasis,
// Outcome and PaymentKind. Invariants: no panic; a code that decodes
// encodes back to the same text; anything else is an error that quotes the
// input (clipped when long) and leaves the value unchanged.
func FuzzTextCodes(f *testing.F) {
	for _, s := range []string{"claim", "issued", "start", "as-of", "applied", "skipped", "rejected", "single",
		"prepayment", "settlement", "clawback", "instalment", "completion", "milestone", "", "Claim", "claim ", "as_of",
		"single\x00", "\xff", strings.Repeat("x", 500)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		basis, outcome, kind := subsidy.OnAsOf, subsidy.Rejected, subsidy.PayMilestone
		for _, v := range []interface {
			encoding.TextUnmarshaler
			encoding.TextMarshaler
		}{&basis, &outcome, &kind} {
			before, _ := v.MarshalText()
			if err := v.UnmarshalText([]byte(s)); err != nil {
				if !strings.Contains(err.Error(), strconv.Quote(errtext.Clip(s, 64))) {
					t.Fatalf("%T.UnmarshalText(%q): error %q does not quote the input", v, s, err)
				}
				if after, _ := v.MarshalText(); !bytes.Equal(after, before) {
					t.Fatalf("%T.UnmarshalText(%q) failed but changed the value", v, s)
				}
				continue
			}
			back, err := v.MarshalText()
			if err != nil || string(back) != s {
				t.Fatalf("%T: %q decodes but encodes as %q, %v", v, s, back, err)
			}
		}
	})
}

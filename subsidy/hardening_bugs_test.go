package subsidy_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestHardeningResultTextSurvivesJSON: a result decoded from its own JSON
// prints the same text. (JSON writes 18000.00 as "18000", and WriteText
// takes its number of decimals from the amount's exponent, so the decoded
// result prints "granted 18000 CNY" instead of "granted 18000.00 CNY".)
func TestHardeningResultTextSurvivesJSON(t *testing.T) {
	r := hardFujianResult(t, true)
	require.Contains(t, r.String(), "granted 18000.00 CNY")
	b, err := json.Marshal(r)
	require.NoError(t, err)
	var back subsidy.Result
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, r.String(), back.String())
}

// hardFujianResult evaluates 3 places of the Fujian 高级工 class at 6000 a
// year for one year (18,000.00) under hardFujianJSON.
func hardFujianResult(t *testing.T, explain bool) subsidy.Result {
	t.Helper()
	p, err := subsidy.LoadPolicy([]byte(hardFujianJSON))
	require.NoError(t, err)
	tr, err := subsidy.NewPeriod(subsidy.MustParseDate("2024-01-10"), subsidy.MustParseDate("2025-01-09"))
	require.NoError(t, err)
	c := subsidy.Claim{ID: "c-1", Date: subsidy.MustParseDate("2024-05-20"), ContractMonths: 24,
		Category: "senior-class", Training: tr, Places: 3}
	r, err := p.Evaluate(c, subsidy.Options{AsOf: hardAsOf, Explain: explain})
	require.NoError(t, err)
	return r
}

// TestHardeningSameDigestSameText: a policy built in Go with the quantum
// 0.010 and the same policy loaded from its canonical JSON (where the
// quantum is "0.01") have one digest, so they must explain a claim alike.
func TestHardeningSameDigestSameText(t *testing.T) {
	r, err := subsidy.NewRounding(decimal.New(10, -3), subsidy.HalfUp) // 0.010
	require.NoError(t, err)
	p, err := subsidy.NewPolicy(subsidy.Definition{Name: "p", Version: "1", Currency: "CNY", Scheme: "s", Rounding: r,
		Rules: []subsidy.Rule{hardSetter{RuleMeta: subsidy.RuleMeta{ID: "set"}, Value: decimal.RequireFromString("1500.005")}}})
	require.NoError(t, err)
	canon, err := p.MarshalJSON()
	require.NoError(t, err)
	l := subsidy.NewLoader()
	require.NoError(t, l.RegisterRule("hd-setter", func() subsidy.Rule { return new(hardSetter) }))
	q, err := l.Load(canon)
	require.NoError(t, err)
	require.Equal(t, p.Digest(), q.Digest())
	claim := subsidy.Claim{ID: "c", Date: subsidy.MustParseDate("2024-05-20")}
	opts := subsidy.Options{AsOf: hardAsOf, Explain: true}
	r1, err := p.Evaluate(claim, opts)
	require.NoError(t, err)
	r2, err := q.Evaluate(claim, opts)
	require.NoError(t, err)
	require.Equal(t, r1.String(), r2.String()) // "rounded 0.010 half-up" vs "rounded 0.01 half-up"
}

// TestHardeningHugeExponentsAreBounded: a decimal with an absurd exponent
// built in Go (decimal.New(1, 1e9)) must be refused at once, not expanded to
// a billion digits, by Claim.Validate and by NewPolicy.
func TestHardeningHugeExponentsAreBounded(t *testing.T) {
	huge := decimal.New(1, 1_000_000_000)
	within := func(name string, f func() error) {
		t.Helper()
		done := make(chan error, 1)
		go func() { done <- f() }()
		select {
		case err := <-done:
			require.Error(t, err, name)
		case <-time.After(5 * time.Second):
			t.Fatalf("%s did not return within 5 s", name)
		}
	}
	within("Claim.Validate", func() error {
		c := subsidy.Claim{ID: "c", Date: subsidy.MustParseDate("2024-01-01"), Base: huge}
		return c.Validate()
	})
	within("NewPolicy", func() error {
		s, err := subsidy.NewSeries("amount", []subsidy.Entry[decimal.Decimal]{{From: subsidy.MustParseDate("2024-01-01"), Value: huge}})
		require.NoError(t, err)
		_, err = subsidy.NewPolicy(subsidy.Definition{Name: "p", Version: "1", Currency: "CNY", Scheme: "s",
			Rounding: hardRounding(t, "0.01"), Params: []subsidy.Param{{Name: "amount", Number: s}}})
		return err
	})
}

// TestHardeningLedgerDuplicateJSONKeys: a ledger line that names a field
// twice is refused, as the policy loader refuses it; encoding/json would
// silently keep the last value, so a line read as 1.00 by one tool is
// 1,000,000.00 here.
func TestHardeningLedgerDuplicateJSONKeys(t *testing.T) {
	line := `{"key":"k","policy":"p","scheme":"s","person":"P1","date":"2024-03-01","amount":"1.00","amount":"1000000.00","currency":"CNY"}` + "\n"
	_, err := subsidy.ReadLedger(strings.NewReader(line))
	require.ErrorIs(t, err, subsidy.ErrLedgerSyntax)
	require.Contains(t, err.Error(), "amount")
}

// TestHardeningResultErrorsBounded: Result.UnmarshalJSON's errors are
// typed and short, whatever the input.
func TestHardeningResultErrorsBounded(t *testing.T) {
	doc := `{"format":"dualtrack.subsidy.result/1","amount":"` + strings.Repeat("x", 100_000) + `"}`
	var r subsidy.Result
	err := json.Unmarshal([]byte(doc), &r)
	require.Error(t, err)
	require.Less(t, len(err.Error()), 1024)
}

// TestHardeningResultDecodesOnlyWhatEncodes: UnmarshalJSON must not accept
// a result that MarshalJSON cannot write back (a step without an outcome, a
// payment without a kind).
func TestHardeningResultDecodesOnlyWhatEncodes(t *testing.T) {
	for _, doc := range []string{
		`{"format":"dualtrack.subsidy.result/1","claim":"c","amount":"1","explanation":{"steps":[{"rule":"r","kind":"k","before":"0","after":"1"}]}}`,
		`{"format":"dualtrack.subsidy.result/1","claim":"c","amount":"1","payments":[{"date":"2024-02-29","amount":"1"}]}`,
	} {
		var r subsidy.Result
		if err := json.Unmarshal([]byte(doc), &r); err == nil {
			_, merr := json.Marshal(r)
			require.NoError(t, merr, "accepted %s but cannot write it back", doc)
		}
	}
}

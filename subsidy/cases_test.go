package subsidy_test

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func casesLoad(t *testing.T) (*subsidy.Policy, subsidy.CaseFile) {
	t.Helper()
	pb, err := os.ReadFile("testdata/policies/cn-skill-improvement-2024.json")
	require.NoError(t, err)
	p, err := subsidy.LoadPolicy(pb)
	require.NoError(t, err)
	cb, err := os.ReadFile("testdata/cases/cn-skill-improvement-2024.json")
	require.NoError(t, err)
	f, err := subsidy.ReadCases(cb)
	require.NoError(t, err)
	return p, f
}

func TestRunCases(t *testing.T) {
	p, f := casesLoad(t)
	results, err := subsidy.RunCases(p, f)
	require.NoError(t, err)
	require.Len(t, results, len(f.Cases))
	for _, r := range results {
		require.True(t, r.Pass, "%v", r)
	}
	require.Equal(t, "PASS "+f.Cases[0].Name, results[0].String())
}

// TestRunCasesDiff checks that a wrong expectation fails with a diff that
// names what differs.
func TestRunCasesDiff(t *testing.T) {
	p, f := casesLoad(t)
	c := f.Cases[0]
	c.Want.Amount = c.Want.Amount.Add(c.Want.Amount) // 3000, not 1500
	c.Want.Reasons = []string{"claim-window"}
	c.Want.Payments[0].Kind = subsidy.PayPrepayment
	r := p.RunCase(c)
	require.False(t, r.Pass)
	require.Equal(t, []string{
		"amount: want 3000.00, got 1500.00",
		"reasons: want [claim-window], got []",
		"payments[0]: want 2024-05-20 1500.00 prepayment, got 2024-05-20 1500.00 single",
	}, r.Diffs)
	require.True(t, strings.HasPrefix(r.String(), "FAIL "+c.Name+"\n    amount: want 3000.00"))

	// Payments are compared exactly, as the amount is: 1500.004 is not the
	// 1500.00 paid, though both round to it at the currency's two places.
	c = f.Cases[0]
	c.Want.Payments = slices.Clone(c.Want.Payments)
	c.Want.Payments[0].Amount = decimal.RequireFromString("1500.004")
	c.Want.Payments[0].Kind = subsidy.PaySingle // the case above changed it
	r = p.RunCase(c)
	require.False(t, r.Pass)
	require.Equal(t, []string{"payments[0]: want 2024-05-20 1500.004 single, got 2024-05-20 1500.00 single"}, r.Diffs)

	c = f.Cases[3]
	c.Want.Error = "no such text"
	r = p.RunCase(c)
	require.False(t, r.Pass)
	require.Contains(t, r.Diffs[0], `error: want one containing "no such text", got subsidy: claim`)

	c = f.Cases[1]
	c.Want.Error = "anything"
	r = p.RunCase(c)
	require.Equal(t, []string{`error: want one containing "anything", got none (amount 0.00)`}, r.Diffs)

	_, err := subsidy.RunCases(p, subsidy.CaseFile{Format: subsidy.CasesFormat, Policy: "other"})
	require.ErrorIs(t, err, subsidy.ErrInvalidCases)
}

func TestReadCasesErrors(t *testing.T) {
	good, err := os.ReadFile("testdata/cases/cn-skill-improvement-2024.json")
	require.NoError(t, err)
	tests := []struct {
		name, from, to, want string
	}{
		{"format", `"dualtrack.subsidy.cases/1"`, `"cases/2"`, "format"},
		{"unknown field", `"policy": "cn-skill-improvement",`, `"policy": "cn-skill-improvement", "extra": 1,`, `test file: extra: unknown field "extra"`},
		{"bad date", `"as_of": "2024-06-30"`, `"as_of": "2024-02-30"`, `cases[0].as_of: "2024-02-30": `},
		// Values their own types refuse are named by their whole path, also
		// inside the claim, which decodes itself.
		{"bad claim date", `"issued": "2023-04-19"`, `"issued": "2023-04-31"`, `cases[1].claim.issued: "2023-04-31": `},
		{"bad wanted amount", `"want": {"granted": false, "amount": "0", "reasons": ["claim-window"]}`,
			`"want": {"granted": false, "amount": "0,00", "reasons": ["claim-window"]}`, `cases[1].want.amount: "0,00": `},
		{"bad wanted payment", `"payments": [{"date": "2024-05-20", "amount": "1500", "kind": "single"}]`,
			`"payments": [{"date": "2024-05-20", "amount": "1500", "kind": "lump"}]`, `cases[0].want.payments[0].kind: "lump": `},
		{"duplicate name", `"name": "certificate issued 13 months before the claim"`, `"name": "a fourth claim in a year"`, "cases[2].name"},
		{"bad claim", `"id": "w-2", "date": "2024-05-20", "person": "P2"`, `"id": "w-2", "date": "2024-05-20", "person": "P\u0000"`, "cases[1].claim.person"},
		{"bad history", `"key": "h2"`, `"key": "h1"`, "cases[2].history"},
		{"unknown claim field", `"insured_months": 14}`, `"insured_months": 14, "salary": "1"}`, `cases[0].claim.salary: unknown field "salary"`},
		{"trailing data", "\n}\n", "\n}\n{}", "after"},
		// A repeated field would otherwise keep its last value silently,
		// also when the names differ only in case, as encoding/json matches.
		{"repeated field", `"insured_months": 14}`, `"insured_months": 14, "insured_months": 40}`, `field "insured_months" given twice`},
		{"repeated field in another case", `"as_of": "2024-06-30"`, `"as_of": "2024-06-30", "AS_OF": "2025-01-01"`, `field "AS_OF" given twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := strings.Replace(string(good), tt.from, tt.to, 1)
			require.NotEqual(t, string(good), in, "the replacement must change the file")
			_, err := subsidy.ReadCases([]byte(in))
			require.Error(t, err)
			require.True(t, errors.Is(err, subsidy.ErrInvalidCases))
			require.Contains(t, err.Error(), tt.want)
		})
	}
}

// FuzzReadCases feeds broken test files to ReadCases: it never panics, and
// a file it accepts runs without panicking under the policy.
func FuzzReadCases(f *testing.F) {
	good, err := os.ReadFile("testdata/cases/cn-skill-improvement-2024.json")
	if err != nil {
		f.Fatal(err)
	}
	pb, err := os.ReadFile("testdata/policies/cn-skill-improvement-2024.json")
	if err != nil {
		f.Fatal(err)
	}
	p, err := subsidy.LoadPolicy(pb)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(`{"format":"dualtrack.subsidy.cases/1","policy":"x","cases":[]}`))
	f.Add([]byte(`{"format":"dualtrack.subsidy.cases/1","policy":"x","cases":[{"name":"a","as_of":"2024-01-01","claim":{"id":"c","date":"2024-01-01","base":"1e99999"},"want":{}}]}`))
	f.Add([]byte(`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[`))
	f.Add([]byte(`{"cases":[{"history":[{"amount":"-1"}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		cf, err := subsidy.ReadCases(data)
		if err != nil {
			if !errors.Is(err, subsidy.ErrInvalidCases) {
				t.Fatalf("error %v does not match ErrInvalidCases", err)
			}
			return
		}
		for _, c := range cf.Cases {
			r := p.RunCase(c)
			if r.Pass != (len(r.Diffs) == 0) {
				t.Fatalf("case %q: pass %t with diffs %v", c.Name, r.Pass, r.Diffs)
			}
		}
	})
}

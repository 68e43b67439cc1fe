package subsidy_test

import (
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// deductLevy is the English apprenticeship levy as a policy (DOMAIN.md,
// United Kingdom: 0.5% of the pay bill less a 15,000 GBP allowance, 1,250 a
// month; funds entering the account get a 10% top-up).
const deductLevy = `{"format": "dualtrack.policy/1", "name": "levy", "version": "1", "currency": "GBP",
 "scheme": "levy", "rounding": {"quantum": "0.01", "mode": "half-up"},
 "params": [
  {"name": "rate", "kind": "number", "entries": [{"from": "2017-04-06", "value": "0.5"}]},
  {"name": "allowance", "kind": "table", "entries": [{"from": "2017-04-06", "value": {"year": "15000", "month": "1250"}}]},
  {"name": "top-up", "kind": "number", "entries": [{"from": "2017-04-06", "value": "10"}]}],
 "rules": [
  {"kind": "percent-of-base", "id": "levy", "percent": "rate"},
  {"kind": "deduct", "id": "allowance", "table": "allowance", "key": "category"},
  {"kind": "uplift", "id": "top-up", "percent": "top-up"}]}`

func TestDeduct(t *testing.T) {
	p, err := subsidy.LoadPolicy([]byte(deductLevy))
	require.NoError(t, err)
	tests := []struct {
		name, period, base, want string
		granted                  bool
		contrib                  []string // levy, allowance, top-up
		reason                   string
	}{
		// DOMAIN.md worked example: 5,000,000 × 0.5% = 25,000 − 15,000 =
		// 10,000; with the top-up 11,000.
		{"year", "year", "5000000", "11000", true, []string{"25000", "-15000", "1000"}, ""},
		// 3,000,000 × 0.5% = 15,000: exactly the allowance.
		{"at the allowance", "year", "3000000", "0", false, []string{"15000", "-15000"}, ""},
		// 2,000,000 × 0.5% = 10,000 < 15,000: nothing, never negative.
		{"below the allowance", "year", "2000000", "0", false, []string{"10000", "-10000"}, ""},
		// A month: 500,000 × 0.5% = 2,500 − 1,250 = 1,250, × 1.1 = 1,375.
		{"month", "month", "500000", "1375", true, []string{"2500", "-1250", "125"}, ""},
		{"no such period", "week", "500000", "0", false, nil, "no-deduction"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := subsidy.Claim{ID: "e1", Date: subsidy.MustParseDate("2024-04-30"), Category: tc.period, Base: decimal.RequireFromString(tc.base)}
			res, err := p.Evaluate(c, subsidy.Options{AsOf: c.Date, Explain: true})
			require.NoError(t, err)
			require.Equal(t, tc.granted, res.Granted)
			require.True(t, res.Amount.Equal(decimal.RequireFromString(tc.want)), "amount %s", res.Amount)
			if tc.reason != "" {
				require.Equal(t, tc.reason, res.Reasons[0].Code)
				return
			}
			require.Len(t, res.Contributions, len(tc.contrib))
			for i, w := range tc.contrib {
				require.True(t, res.Contributions[i].Amount.Equal(decimal.RequireFromString(w)), "%s: %s", res.Contributions[i].Rule, res.Contributions[i].Amount)
			}
		})
	}

	// The explanation shows the subtraction.
	c := subsidy.Claim{ID: "e2", Date: subsidy.MustParseDate("2024-04-30"), Category: "year", Base: decimal.New(5_000_000, 0)}
	res, err := p.Evaluate(c, subsidy.Options{AsOf: c.Date, Explain: true})
	require.NoError(t, err)
	require.Contains(t, res.Explanation.Steps[1].Reason, "25000 − 15000 = 10000")

	// A zero award is left alone.
	zero := strings.Replace(deductLevy, `"value": "0.5"`, `"value": "0"`, 1)
	p0, err := subsidy.LoadPolicy([]byte(zero))
	require.NoError(t, err)
	res, err = p0.Evaluate(c, subsidy.Options{AsOf: c.Date, Explain: true})
	require.NoError(t, err)
	require.Equal(t, subsidy.Skipped, res.Explanation.Steps[1].Outcome)
}

func TestDeductCheck(t *testing.T) {
	tests := []struct{ name, from, to, path, reason string }{
		{"both", `"table": "allowance", "key": "category"`, `"amount": "rate", "table": "allowance"`, "rules[1].amount", "not both"},
		{"neither", `"table": "allowance", "key": "category"`, `"key": "category"`, "rules[1].amount", "required"},
		{"negative", `"value": {"year": "15000", "month": "1250"}`, `"value": {"year": "-15000", "month": "1250"}`, "rules[1].table", "must not be negative"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(deductLevy, tc.from, tc.to, 1)
			_, err := subsidy.LoadPolicy([]byte(src))
			require.ErrorIs(t, err, subsidy.ErrInvalidPolicy)
			require.Contains(t, err.Error(), tc.path)
			require.Contains(t, err.Error(), tc.reason)
		})
	}
}

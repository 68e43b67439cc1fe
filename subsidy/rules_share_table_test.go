package subsidy_test

import (
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// shareTable is English co-investment with the government's share keyed by
// who the apprenticeship is for (DOMAIN.md, United Kingdom: 95% for starts
// from 2019-04-01; non-levy employers fully funded for 16–21-year-olds from
// 2024-04-01).
const shareTable = `{"format": "dualtrack.policy/1", "name": "co-investment", "version": "1", "currency": "GBP",
 "scheme": "funding", "basis": "start", "rounding": {"quantum": "0.01", "mode": "half-up"},
 "params": [
  {"name": "price", "kind": "number", "entries": [{"from": "2019-04-01", "value": "100"}]},
  {"name": "government", "kind": "table", "continuous": true, "entries": [
   {"from": "2019-04-01", "until": "2024-03-31", "value": {"standard": "95"}},
   {"from": "2024-04-01", "value": {"standard": "95", "non-levy-16-21": "100"}}]}],
 "rules": [
  {"kind": "percent-of-base", "id": "price", "percent": "price"},
  {"kind": "share", "id": "government", "table": "government", "key": "holder-kind"}]}`

func TestShareTable(t *testing.T) {
	p, err := subsidy.LoadPolicy([]byte(shareTable))
	require.NoError(t, err)
	tests := []struct {
		name, holder, start, want, reason string
	}{
		// DOMAIN.md worked example: price 12,000 → government 11,400.
		{"standard", "standard", "2024-09-01", "11400", ""},
		{"fully funded from 2024-04-01", "non-levy-16-21", "2024-04-01", "12000", ""},
		{"not yet fully funded on 2024-03-31", "non-levy-16-21", "2024-03-31", "0", "no-share"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := subsidy.MustParseDate(tc.start)
			end, err := start.AddYears(1, subsidy.Clamp)
			require.NoError(t, err)
			tr, err := subsidy.NewPeriod(start, end)
			require.NoError(t, err)
			c := subsidy.Claim{ID: "c", Date: start, HolderKind: tc.holder, Training: tr, Base: decimal.New(12000, 0)}
			res, err := p.Evaluate(c, subsidy.Options{AsOf: start, Explain: true})
			require.NoError(t, err)
			require.True(t, res.Amount.Equal(decimal.RequireFromString(tc.want)), "%s", res.Amount)
			if tc.reason != "" {
				require.False(t, res.Granted)
				require.Equal(t, tc.reason, res.Reasons[0].Code)
				return
			}
			require.Contains(t, res.Explanation.Steps[1].Reason, `holder_kind "`+tc.holder+`"`)
		})
	}
	// A claim without the key is bad input.
	tr, _ := subsidy.NewPeriod(subsidy.MustParseDate("2024-09-01"), subsidy.MustParseDate("2025-08-31"))
	_, err = p.Evaluate(subsidy.Claim{ID: "c", Date: tr.Start(), Training: tr, Base: decimal.New(1, 0)}, subsidy.Options{AsOf: tr.Start()})
	require.ErrorIs(t, err, subsidy.ErrInvalidClaim)
	require.Contains(t, err.Error(), "holder_kind")
}

func TestShareTableCheck(t *testing.T) {
	tests := []struct{ name, from, to, path, reason string }{
		{"both", `"table": "government", "key": "holder-kind"`, `"percent": "price", "table": "government"`, "rules[1].percent", "not both"},
		{"key without table", `"table": "government", "key": "holder-kind"`, `"percent": "price", "key": "holder-kind"`, "rules[1].key", "only for a table"},
		{"over 100", `"non-levy-16-21": "100"`, `"non-levy-16-21": "101"`, "rules[1].table", "between 0 and 100"},
		{"bad key", `"key": "holder-kind"`, `"key": "person"`, "rules[1].key", "must be"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := subsidy.LoadPolicy([]byte(strings.Replace(shareTable, tc.from, tc.to, 1)))
			require.ErrorIs(t, err, subsidy.ErrInvalidPolicy)
			require.Contains(t, err.Error(), tc.path)
			require.Contains(t, err.Error(), tc.reason)
		})
	}
}

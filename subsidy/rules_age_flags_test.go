package subsidy_test

import (
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/stretchr/testify/require"
)

// ageFlags is England's incentive eligibility (DOMAIN.md, United Kingdom:
// aged 16–18 at the start, or 19–24 with an EHC plan or leaving care).
const ageFlags = `{"format": "dualtrack.policy/1", "name": "incentive", "version": "1", "currency": "GBP",
 "scheme": "incentive", "basis": "start", "rounding": {"quantum": "0.01", "mode": "half-up"},
 "params": [
  {"name": "amount", "kind": "number", "entries": [{"from": "2017-05-01", "value": "1000"}]},
  {"name": "min", "kind": "number", "entries": [{"from": "2017-05-01", "value": "16"}]},
  {"name": "max", "kind": "number", "entries": [{"from": "2017-05-01", "value": "18"}]},
  {"name": "flag-max", "kind": "number", "entries": [{"from": "2017-05-01", "value": "24"}]}],
 "rules": [
  {"kind": "age-range", "id": "age", "min": "min", "max": "max", "flag_max": "flag-max", "flags": ["ehc-plan", "care-leaver"]},
  {"kind": "amount", "id": "incentive", "amount": "amount"}]}`

func TestAgeRangeFlags(t *testing.T) {
	p, err := subsidy.LoadPolicy([]byte(ageFlags))
	require.NoError(t, err)
	tests := []struct {
		name, born string
		flags      []string
		granted    bool
		reason     string
	}{
		{"18 without flags", "2003-09-02", nil, true, ""},
		{"19 without flags", "2002-09-01", nil, false, "older than the maximum age 18"},
		{"19 with an EHC plan", "2002-09-01", []string{"ehc-plan"}, true, "within 24"},
		{"24 leaving care", "1997-09-02", []string{"care-leaver"}, true, "within 24"},
		{"25 leaving care", "1996-09-01", []string{"care-leaver"}, false, `older than the maximum age 24 with the flag "care-leaver"`},
		{"20 with another flag", "2001-06-01", []string{"shortage"}, false, "older than the maximum age 18"},
		{"15 with an EHC plan", "2006-09-02", []string{"ehc-plan"}, false, "younger than the minimum age 16"},
	}
	tr, err := subsidy.NewPeriod(subsidy.MustParseDate("2021-09-01"), subsidy.MustParseDate("2023-08-31"))
	require.NoError(t, err)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := subsidy.Claim{ID: "c", Date: tr.Start(), Born: subsidy.MustParseDate(tc.born), Flags: tc.flags, Training: tr}
			res, err := p.Evaluate(c, subsidy.Options{AsOf: tr.Start(), Explain: true})
			require.NoError(t, err)
			require.Equal(t, tc.granted, res.Granted)
			if tc.granted {
				require.Contains(t, res.Explanation.Steps[0].Reason, tc.reason)
				return
			}
			require.Equal(t, "age", res.Reasons[0].Code)
			require.Contains(t, res.Reasons[0].Text, tc.reason)
		})
	}
}

func TestAgeRangeFlagsCheck(t *testing.T) {
	tests := []struct{ name, from, to, path, reason string }{
		{"flags without flag_max", `"flag_max": "flag-max", `, ``, "rules[0].flag_max", "required with flags"},
		{"flag_max without flags", `, "flags": ["ehc-plan", "care-leaver"]`, ``, "rules[0].flags", "required with flag_max"},
		{"without max", `"max": "max", `, ``, "rules[0].flag_max", "raises max"},
		{"repeated flag", `["ehc-plan", "care-leaver"]`, `["ehc-plan", "ehc-plan"]`, "rules[0].flags[1]", "repeats"},
		{"no such parameter", `"flag_max": "flag-max"`, `"flag_max": "nope"`, "rules[0].flag_max", "no such parameter"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := subsidy.LoadPolicy([]byte(strings.Replace(ageFlags, tc.from, tc.to, 1)))
			require.ErrorIs(t, err, subsidy.ErrInvalidPolicy)
			require.Contains(t, err.Error(), tc.path)
			require.Contains(t, err.Error(), tc.reason)
		})
	}
}

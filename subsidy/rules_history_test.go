package subsidy_test

import (
	"encoding/json"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// histGrant is a grant of a test ledger; empty fields take the defaults of
// histRecord.
type histGrant struct {
	key, scheme, person, org, occ, cert, date, amount, currency string
	level                                                       certificate.Level
	reversed                                                    string // the reversal date, if any
}

// histLedger records grants: scheme skill-improvement, person P1,
// organisation E1, occupation 4-04-05-01 at national-4, 1500 CNY (the 2024
// 中级 amount, DOMAIN.md) unless the grant says otherwise.
func histLedger(t testing.TB, grants ...histGrant) *subsidy.Ledger {
	t.Helper()
	l := subsidy.NewLedger()
	or := func(s, def string) string {
		if s == "" {
			return def
		}
		return s
	}
	for _, g := range grants {
		lv := g.level
		if lv == 0 {
			lv = certificate.NationalGrade4
		}
		_, _, err := l.Record(subsidy.Grant{
			Key: g.key, Policy: "cn-skill-improvement@2024", Scheme: or(g.scheme, "skill-improvement"),
			Person: or(g.person, "P1"), Organisation: or(g.org, "E1"), Occupation: or(g.occ, "4-04-05-01"), Level: lv,
			Certificate: or(g.cert, "cert-"+g.key), Date: condDate(g.date),
			Amount: decimal.RequireFromString(or(g.amount, "1500")), Currency: or(g.currency, "CNY"),
		})
		require.NoError(t, err)
		if g.reversed != "" {
			_, _, err := l.Reverse(g.key, condDate(g.reversed), "certificate revoked")
			require.NoError(t, err)
		}
	}
	return l
}

// histMaxClaims: at most 3 claims per person per year under the 2024
// version (DOMAIN.md).
func histMaxClaims(t testing.TB) subsidy.Param {
	return popNumber(t, "max-claims", "count", "2024-01-01", "2024-12-31", 3, condCite2024)
}

func TestMaxClaimsPerYear(t *testing.T) {
	// Three grants in 2024 for P1.
	l := histLedger(t,
		histGrant{key: "k1", date: "2024-01-15"},
		histGrant{key: "k2", date: "2024-02-15"},
		histGrant{key: "k3", date: "2024-03-15"},
		// P2: three grants in 2023, one in 2024, one of them reversed.
		histGrant{key: "p2-1", person: "P2", date: "2023-04-01"},
		histGrant{key: "p2-2", person: "P2", date: "2023-05-01"},
		histGrant{key: "p2-3", person: "P2", date: "2023-06-01"},
		histGrant{key: "p2-4", person: "P2", date: "2024-01-10"},
		histGrant{key: "p2-5", person: "P2", date: "2024-02-10", reversed: "2024-03-01"},
		histGrant{key: "p2-6", person: "P2", date: "2024-02-11"},
		// P3: three grants of the vocational training subsidy in 2024.
		histGrant{key: "p3-1", person: "P3", scheme: "vocational-training", date: "2024-01-10"},
		histGrant{key: "p3-2", person: "P3", scheme: "vocational-training", date: "2024-02-10"},
		histGrant{key: "p3-3", person: "P3", date: "2024-03-10"},
	)
	params := []subsidy.Param{histMaxClaims(t)}
	p := condPolicy(t, params, subsidy.MaxClaimsPerYear{RuleMeta: condMeta(0), Max: "max-claims"})
	person := func(who string) func(*subsidy.Claim) { return func(c *subsidy.Claim) { c.Person = who } }
	condRun(t, p, condBase(), l, []condCase{
		{
			// DOMAIN.md: at most 3 a year; k1, k2, k3 → the 4th is rejected.
			name: "the fourth in a year",
			code: "max-claims", text: `person "P1" already has 3 grants of "skill-improvement" in 2024; at most 3 a year`,
			uses: []condUse{{"max-claims", "3", "2024-06-01", "2024-01-01", "2024-12-31", condCite2024}},
		},
		{
			// As of 2024-03-01 only k1 and k2 had been granted.
			name: "grants after the as-of date", edit: func(c *subsidy.Claim) { c.Date = condDate("2024-03-01") },
			note: `person "P1" has 2 grants of "skill-improvement" in 2024 up to 2024-03-01; at most 3 a year`,
		},
		{
			// Evaluating k3 itself again: k1 and k2 are before it.
			name: "the claim's own grant", edit: func(c *subsidy.Claim) { c.ID = "k3" },
			note: `person "P1" has 2 grants of "skill-improvement" in 2024 up to 2024-06-01; at most 3 a year`,
		},
		{
			// P2: 2023 does not count; in 2024 p2-4 and p2-6 stand, p2-5 was
			// reversed: 2 grants.
			name: "other years and reversed grants", edit: person("P2"),
			note: `person "P2" has 2 grants of "skill-improvement" in 2024 up to 2024-06-01; at most 3 a year`,
		},
		{name: "other schemes", edit: person("P3"), note: `person "P3" has 1 grant of "skill-improvement" in 2024 up to 2024-06-01; at most 3 a year`},
		{name: "nobody", edit: person("P9"), note: `person "P9" has 0 grants of "skill-improvement" in 2024 up to 2024-06-01; at most 3 a year`},
		{name: "no person", edit: person(""), missing: "person"},
	})

	t.Run("schemes", func(t *testing.T) {
		q := condPolicy(t, params, subsidy.MaxClaimsPerYear{RuleMeta: condMeta(0), Max: "max-claims",
			Schemes: []string{"skill-improvement", "vocational-training"}})
		condRun(t, q, condBase(), l, []condCase{{
			// P3: two vocational-training grants and one skill-improvement.
			name: "widened", edit: person("P3"),
			code: "max-claims", text: `person "P3" already has 3 grants of "skill-improvement", "vocational-training" in 2024; at most 3 a year`,
		}})
	})
	t.Run("per organisation", func(t *testing.T) {
		q := condPolicy(t, params, subsidy.MaxClaimsPerYear{RuleMeta: condMeta(0), Max: "max-claims", Per: "organisation"})
		condRun(t, q, condBase(), l, []condCase{
			// E1 holds every skill-improvement grant of 2024 up to
			// 2024-06-01 that stands: k1, k2, k3, p2-4, p2-6, p3-3 = 6.
			{name: "E1", code: "max-claims", text: `organisation "E1" already has 6 grants of "skill-improvement" in 2024; at most 3 a year`},
			{name: "E2", edit: func(c *subsidy.Claim) { c.Organisation = "E2" }},
			{name: "no organisation", edit: func(c *subsidy.Claim) { c.Organisation = "" }, missing: "organisation"},
		})
	})
	t.Run("no history", func(t *testing.T) {
		condRun(t, p, condBase(), nil, []condCase{{name: "nil", note: `person "P1" has 0 grants of "skill-improvement" in 2024 up to 2024-06-01; at most 3 a year`}})
	})
}

func TestOncePerLevel(t *testing.T) {
	l := histLedger(t,
		histGrant{key: "k1", date: "2024-01-15"}, // 4-04-05-01 at national-4
		histGrant{key: "k0", date: "2024-01-15", scheme: "vocational-training", level: certificate.NationalGrade5},
		histGrant{key: "r1", person: "P2", date: "2024-01-15", reversed: "2024-02-01"},
	)
	p := condPolicy(t, nil, subsidy.OncePerLevel{RuleMeta: condMeta(0)})
	level := func(lv certificate.Level) func(*subsidy.Claim) { return func(c *subsidy.Claim) { c.Level = lv } }
	condRun(t, p, condBase(), l, []condCase{
		{
			name: "same occupation and level",
			code: "already-granted",
			text: `person "P1" was already granted occupation "4-04-05-01" at level national-4 (四级/中级工) under "skill-improvement" (grant "k1" of 2024-01-15)`,
			uses: []condUse{},
		},
		{
			name: "another level", edit: level(certificate.NationalGrade3),
			note: `person "P1" has no grant of "skill-improvement" for occupation "4-04-05-01" at level national-3 (三级/高级工) up to 2024-06-01`,
		},
		{name: "another occupation", edit: func(c *subsidy.Claim) { c.Occupation = "6-18-01-01" }},
		{name: "another scheme's grant", edit: level(certificate.NationalGrade5)},
		{name: "reversed", edit: func(c *subsidy.Claim) { c.Person = "P2" }},
		{name: "before the grant", edit: func(c *subsidy.Claim) { c.Date, c.Issued = condDate("2024-01-14"), condDate("2024-01-10") }},
		{name: "the claim's own grant", edit: func(c *subsidy.Claim) { c.ID = "k1" }},
		{name: "no person", edit: func(c *subsidy.Claim) { c.Person = "" }, missing: "person"},
		{name: "no occupation", edit: func(c *subsidy.Claim) { c.Occupation = "" }, missing: "occupation"},
		{name: "no level", edit: level(0), missing: "level"},
	})
	t.Run("schemes", func(t *testing.T) {
		q := condPolicy(t, nil, subsidy.OncePerLevel{RuleMeta: condMeta(0), Schemes: []string{"vocational-training"}})
		condRun(t, q, condBase(), l, []condCase{
			{
				name: "the other scheme only", edit: level(certificate.NationalGrade5),
				code: "already-granted",
				text: `person "P1" was already granted occupation "4-04-05-01" at level national-5 (五级/初级工) under "vocational-training" (grant "k0" of 2024-01-15)`,
			},
			{name: "not its own", note: `person "P1" has no grant of "vocational-training" for occupation "4-04-05-01" at level national-4 (四级/中级工) up to 2024-06-01`},
		})
	})
}

func TestHigherExcludesLower(t *testing.T) {
	l := histLedger(t,
		histGrant{key: "k1", date: "2024-02-01", level: certificate.NationalGrade3},
		histGrant{key: "k2", date: "2024-01-15", level: certificate.NationalGrade2},
		histGrant{key: "x1", person: "P2", date: "2024-01-15", level: certificate.XSenior},
		histGrant{key: "r1", person: "P3", date: "2024-01-15", level: certificate.NationalGrade2, reversed: "2024-03-01"},
	)
	p := condPolicy(t, nil, subsidy.HigherExcludesLower{RuleMeta: condMeta(0)})
	level := func(lv certificate.Level) func(*subsidy.Claim) { return func(c *subsidy.Claim) { c.Level = lv } }
	condRun(t, p, condBase(), l, []condCase{
		{
			// national-3 and national-2 are both above national-4; k2 is
			// the earlier.
			name: "a higher level granted",
			code: "higher-level-granted",
			text: `person "P1" was already granted occupation "4-04-05-01" at the higher level national-2 (二级/技师) under "skill-improvement" (grant "k2" of 2024-01-15)`,
		},
		{
			name: "as of before the higher grants", asOf: "2024-01-14",
			note: `person "P1" has no grant of "skill-improvement" for occupation "4-04-05-01" above level national-4 (四级/中级工) up to 2024-01-14`,
		},
		{
			name: "the same level", edit: level(certificate.NationalGrade2),
			note: `person "P1" has no grant of "skill-improvement" for occupation "4-04-05-01" above level national-2 (二级/技师) up to 2024-06-01`,
		},
		{name: "a higher claim", edit: level(certificate.NationalGrade1)},
		{name: "another occupation", edit: func(c *subsidy.Claim) { c.Occupation = "6-18-01-01" }},
		// P2 holds 1x-senior; national-4 is on another ladder.
		{name: "another ladder", edit: func(c *subsidy.Claim) { c.Person = "P2" }},
		{name: "reversed", edit: func(c *subsidy.Claim) { c.Person = "P3" }},
		{name: "no level", edit: level(0), missing: "level"},
	})
	t.Run("1+X ladder", func(t *testing.T) {
		condRun(t, p, condBase(), l, []condCase{{
			name: "junior after senior", edit: func(c *subsidy.Claim) { c.Person, c.Level = "P2", certificate.XIntermediate },
			code: "higher-level-granted",
			text: `person "P2" was already granted occupation "4-04-05-01" at the higher level 1x-senior (高级) under "skill-improvement" (grant "x1" of 2024-01-15)`,
		}})
	})
}

func TestHistoryCap(t *testing.T) {
	// A yearly cap per person of 3000 (a test choice: 2 × 1500, two 中级
	// claims of the 2024 version, DOMAIN.md), after an award of 1500 by
	// level (the 2024 中级 amount).
	capParam := popNumber(t, "yearly-cap", "CNY", "2024-01-01", "2024-12-31", 3000, condCite2024)
	params := []subsidy.Param{condCaps(t), capParam}
	amount := condLevelAmount{RuleMeta: subsidy.RuleMeta{ID: "amount"}, Table: "caps"}
	p := condPolicy(t, params, amount, subsidy.HistoryCap{RuleMeta: condMeta(0), Cap: "yearly-cap", Window: "year"})
	l := histLedger(t,
		histGrant{key: "k1", date: "2024-01-15", amount: "1500"},
		histGrant{key: "k2", date: "2024-02-15", amount: "1000"},
		histGrant{key: "k3", date: "2024-07-01", amount: "500"},
		histGrant{key: "old", date: "2023-07-01", amount: "2000"},
		histGrant{key: "rev", date: "2024-03-01", amount: "900", reversed: "2024-03-10"},
		histGrant{key: "eur", date: "2024-03-01", amount: "100", currency: "EUR"},
		histGrant{key: "org", person: "P2", date: "2024-03-01", amount: "2000"},
	)

	t.Run("limited", func(t *testing.T) {
		// As of 2024-06-01: k1 + k2 = 2500 stand in 2024 (old is 2023, rev
		// was reversed, eur is in another currency, k3 comes later);
		// 3000 − 2500 = 500 left, so the award 1500 becomes 500.
		c := condBase()
		res, err := p.Evaluate(c, subsidy.Options{AsOf: c.Date, History: l, Explain: true})
		require.NoError(t, err)
		require.True(t, res.Granted)
		require.Equal(t, "500.00", res.Amount.StringFixed(2))
		step := res.Explanation.Steps[1]
		require.Equal(t, subsidy.Applied, step.Outcome)
		require.Equal(t, `the award 1500 is limited by the cap of 3000 CNY for person "P1" under "skill-improvement" in 2024: 2500 granted, 500 left`, step.Reason)
		require.Equal(t, "1500.00", step.Before.StringFixed(2))
		require.Equal(t, "500.00", step.After.StringFixed(2))
		require.Nil(t, step.Rounding, "500 is a whole number of fen")
		require.Len(t, step.Params, 1)
		require.Equal(t, "yearly-cap", step.Params[0].Name)
		require.Equal(t, "3000", step.Params[0].Value.String())
		require.Equal(t, "2024-06-01", step.Params[0].On.String())
		require.Equal(t, "2024-01-01", step.Params[0].From.String())
		require.Equal(t, condCite2024, step.Params[0].Citation)
		// Contributions: +1500 by the amount, −1000 by the cap.
		require.Len(t, res.Contributions, 2)
		require.Equal(t, "-1000.00", res.Contributions[1].Amount.StringFixed(2))
		require.Equal(t, "under-test", res.Contributions[1].Rule)
	})
	t.Run("nothing left", func(t *testing.T) {
		// As of 2024-07-01 k3 counts too: 1500 + 1000 + 500 = 3000.
		c := condBase()
		c.Date = condDate("2024-07-01")
		res, err := p.Evaluate(c, subsidy.Options{AsOf: c.Date, History: l, Explain: true})
		require.NoError(t, err)
		require.False(t, res.Granted)
		require.Equal(t, []subsidy.Reason{{Rule: "under-test", Code: "cap-reached",
			Text: `nothing is left of the cap of 3000 CNY for person "P1" under "skill-improvement" in 2024: 3000 granted, 0 left`}}, res.Reasons)
		// The amount rule's 1500 is taken back by the rejection.
		require.True(t, res.Amount.IsZero())
	})
	t.Run("within", func(t *testing.T) {
		// P9 has nothing: 3000 left, and 1500 is within it.
		c := condBase()
		c.Person = "P9"
		res, err := p.Evaluate(c, subsidy.Options{AsOf: c.Date, History: l, Explain: true})
		require.NoError(t, err)
		require.Equal(t, "1500.00", res.Amount.StringFixed(2))
		step := res.Explanation.Steps[1]
		require.Equal(t, subsidy.Skipped, step.Outcome)
		require.Equal(t, `the award 1500 is within the cap of 3000 CNY for person "P9" under "skill-improvement" in 2024: 0 granted, 3000 left`, step.Reason)
	})
	t.Run("lifetime and per organisation", func(t *testing.T) {
		// Over the lifetime, as of 2024-06-01, E1 has k1 1500 + k2 1000 +
		// old 2000 + org 2000 = 6500 in CNY; a lifetime cap of 7000
		// (a test choice) leaves 500.
		life := popNumber(t, "life-cap", "CNY", "2017-01-01", "", 7000, condCite2024)
		q := condPolicy(t, []subsidy.Param{condCaps(t), life}, amount,
			subsidy.HistoryCap{RuleMeta: condMeta(0), Cap: "life-cap", Window: "lifetime", Per: "organisation"})
		c := condBase()
		res, err := q.Evaluate(c, subsidy.Options{AsOf: c.Date, History: l, Explain: true})
		require.NoError(t, err)
		require.Equal(t, "500.00", res.Amount.StringFixed(2))
		require.Equal(t, `the award 1500 is limited by the cap of 7000 CNY for organisation "E1" under "skill-improvement" up to 2024-06-01: 6500 granted, 500 left`,
			res.Explanation.Steps[1].Reason)
		c.Organisation = ""
		_, err = q.Evaluate(c, subsidy.Options{AsOf: c.Date, History: l})
		var ce *subsidy.ClaimError
		require.ErrorAs(t, err, &ce)
		require.Equal(t, "organisation", ce.Field)
	})
	t.Run("rounding", func(t *testing.T) {
		// P4 has 1500.40 + 1000 = 2500.40: 3000 − 2500.40 = 499.60 left.
		m := histLedger(t,
			histGrant{key: "a", person: "P4", date: "2024-01-15", amount: "1500.40"},
			histGrant{key: "b", person: "P4", date: "2024-02-15", amount: "1000"},
		)
		c := condBase()
		c.Person = "P4"
		for _, tc := range []struct {
			mode  subsidy.RoundingMode
			after string
		}{
			{subsidy.Down, "499.00"},   // never past the cap
			{subsidy.HalfUp, "500.00"}, // 499.60 rounds up, past what is left: the documented caveat
		} {
			r, err := subsidy.NewRounding(decimal.New(1, 0), tc.mode)
			require.NoError(t, err)
			q := condPolicy(t, params, amount, subsidy.HistoryCap{RuleMeta: subsidy.RuleMeta{ID: "under-test", Rounding: r}, Cap: "yearly-cap", Window: "year"})
			res, err := q.Evaluate(c, subsidy.Options{AsOf: c.Date, History: m, Explain: true})
			require.NoError(t, err)
			require.Equal(t, tc.after, res.Amount.StringFixed(2))
			step := res.Explanation.Steps[1]
			require.NotNil(t, step.Rounding)
			require.Equal(t, "499.6", step.Rounding.Before)
			require.Equal(t, tc.after, step.Rounding.After.StringFixed(2))
			require.Equal(t, r, step.Rounding.Rounding)
		}
	})
	t.Run("no person", func(t *testing.T) {
		c := condBase()
		c.Person = ""
		_, err := p.Evaluate(c, subsidy.Options{AsOf: c.Date, History: l})
		var ce *subsidy.ClaimError
		require.ErrorAs(t, err, &ce)
		require.Equal(t, "person", ce.Field)
	})
}

func TestHistoryCheck(t *testing.T) {
	neg := popNumber(t, "neg", "CNY", "2024-01-01", "", -1, condCite2024)
	frac := condNumber(t, "frac", "count", condEntry{from: "2024-01-01", value: "2.5", cite: condCite2024})
	params := []subsidy.Param{histMaxClaims(t), neg, frac, condCaps(t)}
	id := subsidy.RuleMeta{ID: "r"}
	tests := []struct {
		name   string
		rule   subsidy.Rule
		path   string
		value  string
		reason string
	}{
		{"max: none", subsidy.MaxClaimsPerYear{RuleMeta: id}, "rules[0].max", "", "required: the name of a parameter"},
		{"max: fraction", subsidy.MaxClaimsPerYear{RuleMeta: id, Max: "frac"}, "rules[0].max", `"frac"`,
			"the parameter's value 2.5 from 2024-01-01 is not a whole number of claims from 0 to 1000000"},
		{"max: per", subsidy.MaxClaimsPerYear{RuleMeta: id, Max: "max-claims", Per: "team"}, "rules[0].per", `"team"`, `must be "person" or "organisation"`},
		{"max: schemes", subsidy.MaxClaimsPerYear{RuleMeta: id, Max: "max-claims", Schemes: []string{"a", "a"}}, "rules[0].schemes[1]", `"a"`, "repeats schemes[0]"},
		{"once: schemes", subsidy.OncePerLevel{RuleMeta: id, Schemes: []string{""}}, "rules[0].schemes[0]", `""`, "required"},
		{"higher: schemes", subsidy.HigherExcludesLower{RuleMeta: id, Schemes: []string{"ok", "bad\n"}}, "rules[0].schemes[1]", `"bad\n"`, "contains control characters"},
		{"cap: none", subsidy.HistoryCap{RuleMeta: id, Window: "year"}, "rules[0].cap", "", "required: the name of a parameter"},
		{"cap: table", subsidy.HistoryCap{RuleMeta: id, Cap: "caps", Window: "year"}, "rules[0].cap", `"caps"`, "is a table; a number parameter is needed"},
		{"cap: negative", subsidy.HistoryCap{RuleMeta: id, Cap: "neg", Window: "year"}, "rules[0].cap", `"neg"`, "the parameter's value -1 from 2024-01-01 is negative"},
		{"cap: window", subsidy.HistoryCap{RuleMeta: id, Cap: "max-claims"}, "rules[0].window", `""`, `must be "year" or "lifetime"`},
		{"cap: per", subsidy.HistoryCap{RuleMeta: id, Cap: "max-claims", Window: "year", Per: "Person"}, "rules[0].per", `"Person"`, `must be "person" or "organisation"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := condTryPolicy(params, tc.rule)
			var pe *subsidy.PolicyError
			require.ErrorAs(t, err, &pe)
			require.Equal(t, tc.path, pe.Path)
			require.Equal(t, tc.value, pe.Value)
			require.Equal(t, tc.reason, pe.Reason)
		})
	}
}

// histHidden hides a *Ledger behind the History interface, so that the
// history rules take their generic path through State.HistoryOf.
type histHidden struct{ l *subsidy.Ledger }

func (h histHidden) History(q subsidy.HistoryQuery) ([]subsidy.LedgerEntry, error) {
	return h.l.History(q)
}

// histPolicies are the policies the fast and the generic path are compared
// under: every history rule, conditions and caps, with several choices of
// Per, Window and Schemes. The numbers are those of the 2024 version
// (DOMAIN.md) and, for the caps, test choices (3000 = 2 × 1500).
func histPolicies(t testing.TB) []*subsidy.Policy {
	t.Helper()
	params := []subsidy.Param{
		condTable(t, "amounts", "2017-01-01", "2099-12-31", condCite2024,
			map[string]string{"national-5": "1000", "national-4": "1500", "national-3": "2000"}),
		popNumber(t, "max-claims", "count", "2017-01-01", "", 3, condCite2024),
		popNumber(t, "yearly-cap", "CNY", "2017-01-01", "", 3000, condCite2024),
	}
	meta := func(id string) subsidy.RuleMeta { return subsidy.RuleMeta{ID: id} }
	both := []string{"skill-improvement", "vocational-training"}
	sets := [][]subsidy.Rule{
		{
			&subsidy.NotCombined{RuleMeta: meta("nc"), Schemes: []string{"vocational-training"}},
			&subsidy.MaxClaimsPerYear{RuleMeta: meta("max"), Max: "max-claims"},
			&subsidy.MaxClaimsPerYear{RuleMeta: meta("max-org"), Max: "max-claims", Per: "organisation", Schemes: both},
			&subsidy.OncePerLevel{RuleMeta: meta("once")},
			&subsidy.HigherExcludesLower{RuleMeta: meta("higher"), Schemes: both},
		},
		{
			&subsidy.AmountByCategory{RuleMeta: meta("amount"), Table: "amounts"},
			&subsidy.HistoryCap{RuleMeta: meta("cap-year"), Cap: "yearly-cap", Window: "year"},
		},
		{
			&subsidy.AmountByCategory{RuleMeta: meta("amount"), Table: "amounts"},
			&subsidy.HistoryCap{RuleMeta: meta("cap-life"), Cap: "yearly-cap", Window: "lifetime", Per: "organisation", Schemes: both},
		},
	}
	var out []*subsidy.Policy
	for _, rules := range sets {
		out = append(out, condPolicy(t, params, rules...))
	}
	return out
}

// histRandom draws a ledger of n grants and a claim over a few persons,
// organisations, occupations, levels and certificates, so that the rules
// find matches often.
func histRandom(t testing.TB, rng *rand.Rand, n int) (*subsidy.Ledger, []subsidy.Claim) {
	t.Helper()
	pick := func(list ...string) string { return list[rng.IntN(len(list))] }
	levels := []certificate.Level{certificate.NationalGrade5, certificate.NationalGrade4, certificate.NationalGrade3,
		certificate.NationalGrade2, certificate.XJunior, certificate.XSenior}
	day := func() subsidy.Date {
		d, err := condDate("2023-01-01").AddDays(rng.IntN(3 * 365))
		require.NoError(t, err)
		return d
	}
	l := subsidy.NewLedger()
	for i := range n {
		g := subsidy.Grant{
			Key: "k" + strconv.Itoa(i), Policy: "p@1", Scheme: pick("skill-improvement", "skill-improvement", "vocational-training", "other"),
			Person: pick("P1", "P2", "P3"), Organisation: pick("E1", "E2", ""), Occupation: pick("O1", "O2"),
			Level: levels[rng.IntN(len(levels))], Certificate: pick("C1", "C2", "C3", ""), Date: day(),
			Amount: decimal.New(int64(1+rng.IntN(300_000)), -2), Currency: pick("CNY", "CNY", "CNY", "EUR"),
		}
		_, _, err := l.Record(g)
		require.NoError(t, err)
		if rng.IntN(5) == 0 {
			_, _, err := l.Reverse(g.Key, g.Date.Next(), "clawed back")
			require.NoError(t, err)
		}
	}
	claims := make([]subsidy.Claim, 20)
	for i := range claims {
		d := day()
		claims[i] = subsidy.Claim{
			ID: pick("c-new", "k0", "k1", "k"+strconv.Itoa(rng.IntN(n+1))), Date: d,
			Person: pick("P1", "P2", "P3", "P4"), Organisation: pick("E1", "E2", "E3"), Occupation: pick("O1", "O2"),
			Level: levels[rng.IntN(len(levels))], Certificate: pick("C1", "C2", "C3", ""),
		}
		if rng.IntN(4) == 0 {
			claims[i].Other = []string{pick("vocational-training", "other")}
		}
	}
	return l, claims
}

// histSame checks that a claim gets the same result from a *Ledger (the
// fast path) and from the same ledger behind histHidden (State.HistoryOf),
// with and without an explanation, as of several dates.
func histSame(t testing.TB, policies []*subsidy.Policy, l *subsidy.Ledger, c subsidy.Claim, asOf subsidy.Date) {
	t.Helper()
	for _, p := range policies {
		for _, explain := range []bool{false, true} {
			fast, errFast := p.Evaluate(c, subsidy.Options{AsOf: asOf, History: l, Explain: explain})
			slow, errSlow := p.Evaluate(c, subsidy.Options{AsOf: asOf, History: histHidden{l}, Explain: explain})
			if errFast != nil || errSlow != nil {
				require.Equal(t, errSlow, errFast)
				continue
			}
			a, err := json.Marshal(fast)
			require.NoError(t, err)
			b, err := json.Marshal(slow)
			require.NoError(t, err)
			require.Equal(t, string(b), string(a), "claim %+v as of %v", c, asOf)
		}
	}
}

// TestHistoryFastPath checks, on random ledgers and claims, that the rules
// answer the same from a *Ledger as through the History interface.
func TestHistoryFastPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 2024))
	policies := histPolicies(t)
	rejected, granted := 0, 0
	for range 40 {
		l, claims := histRandom(t, rng, 5+rng.IntN(60))
		for _, c := range claims {
			for _, asOf := range []subsidy.Date{c.Date, condDate("2025-12-31"), condDate("2023-06-30")} {
				histSame(t, policies, l, c, asOf)
			}
			for _, p := range policies {
				res, err := p.Evaluate(c, subsidy.Options{AsOf: c.Date, History: l})
				require.NoError(t, err)
				if len(res.Reasons) > 0 {
					rejected++
				}
				if res.Granted {
					granted++
				}
			}
		}
	}
	// The comparison means something only if both outcomes occur often.
	require.Greater(t, rejected, 200)
	require.Greater(t, granted, 200)
}

// FuzzHistoryRules builds a ledger and a claim from the input and checks
// that the fast path and the generic path agree.
func FuzzHistoryRules(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add([]byte{})
	f.Add([]byte("k0k1k2 P1 P2 reversed 2024"))
	f.Add([]byte{255, 255, 255, 255, 0, 0, 0, 0, 17, 34, 51, 68, 85, 102, 119, 136, 153, 170, 187, 204})
	policies := histPolicies(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		next := func() int {
			if len(data) == 0 {
				return 0
			}
			b := data[0]
			data = data[1:]
			return int(b)
		}
		// The first two bytes seed the generator that draws the rest.
		rng := rand.New(rand.NewPCG(uint64(next()), uint64(next())))
		l, claims := histRandom(t, rng, 1+next()%40)
		c := claims[next()%len(claims)]
		asOf, err := c.Date.AddDays(next()*3 - 380)
		require.NoError(t, err)
		histSame(t, policies, l, c, asOf)
	})
}

// BenchmarkHistoryRules evaluates claims under a 2024-like policy with every
// condition and history rule (DOMAIN.md numbers) against a ledger of
// 200,000 grants over 100,000 persons: from the *Ledger (the fast path) and
// through the History interface, with and without explanations.
func BenchmarkHistoryRules(b *testing.B) {
	const persons, grants = 100_000, 200_000
	rng := rand.New(rand.NewPCG(2024, 11))
	levels := []certificate.Level{certificate.NationalGrade5, certificate.NationalGrade4, certificate.NationalGrade3}
	occs := []string{"O1", "O2", "O3"}
	name := func(i int) string { return "P" + strconv.Itoa(i) }
	start := condDate("2023-01-01")
	l := subsidy.NewLedger()
	for i := range grants {
		d, _ := start.AddDays(rng.IntN(730))
		scheme := "skill-improvement"
		if rng.IntN(10) == 0 {
			scheme = "vocational-training"
		}
		lv := levels[rng.IntN(3)]
		_, _, err := l.Record(subsidy.Grant{
			Key: "g" + strconv.Itoa(i), Policy: "p@1", Scheme: scheme, Person: name(rng.IntN(persons)), Organisation: "E" + strconv.Itoa(rng.IntN(2000)),
			Occupation: occs[rng.IntN(3)], Level: lv, Certificate: "cert-g" + strconv.Itoa(i), Date: d,
			Amount: decimal.New(int64(1000+500*(int(lv)&3-1)), 0), Currency: "CNY",
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	claims := make([]subsidy.Claim, 4096)
	for i := range claims {
		d, _ := condDate("2024-01-01").AddDays(rng.IntN(366))
		issued, _ := d.AddDays(-rng.IntN(400))
		claims[i] = subsidy.Claim{
			ID: "c" + strconv.Itoa(i), Date: d, Person: name(rng.IntN(persons)), Organisation: "E1",
			Occupation: occs[rng.IntN(3)], Level: levels[rng.IntN(3)], Certificate: "cert-c" + strconv.Itoa(i),
			Issued: issued, InsuredMonths: rng.IntN(40), UnemploymentBenefit: rng.IntN(10) == 0,
		}
	}
	meta := func(id string) subsidy.RuleMeta { return subsidy.RuleMeta{ID: id} }
	p := condPolicy(b, []subsidy.Param{
		condCaps(b), condMinInsured(b), histMaxClaims(b),
		condNumber(b, "claim-window", "months", condEntry{from: "2017-01-01", value: "12", cite: condCite2017}),
		popNumber(b, "yearly-cap", "CNY", "2024-01-01", "2024-12-31", 3000, condCite2024),
	},
		&subsidy.InForce{RuleMeta: meta("in-force"), Param: "caps"},
		&subsidy.InsuredMonths{RuleMeta: meta("insured"), Min: "min-insured", OrUnemploymentBenefit: true},
		&subsidy.ClaimWindow{RuleMeta: meta("window"), Months: "claim-window"},
		&subsidy.NotCombined{RuleMeta: meta("not-combined"), Schemes: []string{"vocational-training"}},
		&subsidy.MaxClaimsPerYear{RuleMeta: meta("three-a-year"), Max: "max-claims"},
		&subsidy.OncePerLevel{RuleMeta: meta("once")},
		&subsidy.HigherExcludesLower{RuleMeta: meta("higher")},
		&subsidy.AmountByCategory{RuleMeta: meta("amount"), Table: "caps"},
		&subsidy.HistoryCap{RuleMeta: meta("yearly-cap"), Cap: "yearly-cap", Window: "year"},
	)
	// The baseline: the same claims under a policy with the amount rule
	// only, so that the difference is the work of the other rules.
	base := condPolicy(b, []subsidy.Param{condCaps(b)}, &subsidy.AmountByCategory{RuleMeta: meta("amount"), Table: "caps"})
	for _, bc := range []struct {
		name    string
		policy  *subsidy.Policy
		history subsidy.History
		explain bool
	}{
		{"amount-only", base, l, false},
		{"ledger", p, l, false},
		{"interface", p, histHidden{l}, false},
		{"ledger-explain", p, l, true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			p := bc.policy
			granted := 0
			i := 0
			for b.Loop() {
				c := claims[i%len(claims)]
				i++
				res, err := p.Evaluate(c, subsidy.Options{AsOf: c.Date, History: bc.history, Explain: bc.explain})
				if err != nil {
					b.Fatal(err)
				}
				if res.Granted {
					granted++
				}
			}
			b.ReportMetric(float64(granted)/float64(i), "granted/claim")
		})
	}
}

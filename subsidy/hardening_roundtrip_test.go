package subsidy_test

// Hardening tests (issue 9): lossless JSON round trips of random policies,
// claims, results and explanations: decimals as strings, dates as ISO
// dates, equal values after the trip.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strconv"
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// hardTexts are titles, notes and citation texts, with characters that need
// escaping in JSON or HTML.
var hardTexts = []string{"", "技能提升补贴", "人社部发〔2017〕40号", `a "quoted" note`, `back\slash`, "<b>&</b>", "Müller §7a"}

// hardScale is the number of decimals of each currency's minor unit.
var hardScale = map[string]int32{"CNY": 2, "EUR": 2, "GBP": 2, "JPY": 0, "BHD": 3}

// hardNumberParam returns a random number parameter: 1 to 4 entries from
// random dates, consecutive (then possibly marked continuous) or with gaps,
// the last possibly open-ended, with values from value.
func hardNumberParam(t *testing.T, rng *rand.Rand, name, unit string, value func() decimal.Decimal) subsidy.Param {
	t.Helper()
	entries, continuous := hardEntries(t, rng, value)
	var opts []subsidy.SeriesOption
	if continuous {
		opts = append(opts, subsidy.Continuous())
	}
	s, err := subsidy.NewSeries(name, entries, opts...)
	require.NoError(t, err)
	return subsidy.Param{Name: name, Unit: unit, Number: s}
}

// hardEntries returns the entries of a random series.
func hardEntries[V any](t *testing.T, rng *rand.Rand, value func() V) ([]subsidy.Entry[V], bool) {
	t.Helper()
	n := 1 + rng.IntN(4)
	continuous := rng.IntN(2) == 0
	from, err := subsidy.MustParseDate("2015-01-01").AddDays(rng.IntN(1500))
	require.NoError(t, err)
	entries := make([]subsidy.Entry[V], n)
	for i := range entries {
		e := &entries[i]
		e.From, e.Value = from, value()
		e.Citation = subsidy.Citation{Title: hardTexts[rng.IntN(len(hardTexts))], Number: hardTexts[rng.IntN(len(hardTexts))]}
		if rng.IntN(3) == 0 {
			e.Citation.URL = "https://example.gov.cn/doc?id=" + strconv.Itoa(rng.IntN(1000)) + "&a=<1>"
		}
		if rng.IntN(3) == 0 {
			e.Published, err = from.AddDays(-rng.IntN(60))
			require.NoError(t, err)
		}
		last, err := from.AddDays(200 + rng.IntN(900))
		require.NoError(t, err)
		if i < n-1 || rng.IntN(2) == 0 {
			e.Until = last
		}
		gap := 1
		if !continuous {
			gap += rng.IntN(30)
		}
		from, err = last.AddDays(gap)
		require.NoError(t, err)
	}
	return entries, continuous
}

// hardRandomPolicy returns a random valid policy definition in a random
// currency: its rounding a multiple of the currency's minor unit, number
// parameters of months, percentages and amounts, a table of amounts by
// level, 1 to 8 rules of the built-in kinds that read them (each with a
// random date basis, some with their own rounding and a note) and sometimes
// a prepay-settle schedule.
func hardRandomPolicy(t *testing.T, rng *rand.Rand, i int) subsidy.Definition {
	t.Helper()
	currencies := []string{"CNY", "EUR", "GBP", "JPY", "BHD"}
	cur := currencies[rng.IntN(len(currencies))]
	scale := hardScale[cur]
	modes := []subsidy.RoundingMode{subsidy.HalfUp, subsidy.HalfEven, subsidy.Down, subsidy.Up, subsidy.Floor, subsidy.Ceiling}
	rounding := func() subsidy.Rounding {
		// A multiple of the minor unit, sometimes written with trailing
		// zeros (0.010 is decimal.New(10, -3)): the same policy, the same
		// digest and the same explanation text as 0.01.
		q := decimal.New([]int64{1, 5, 25, 10, 50, 100}[rng.IntN(6)], int32(rng.IntN(3))-scale)
		r, err := subsidy.NewRounding(q, modes[rng.IntN(len(modes))])
		require.NoError(t, err)
		return r
	}
	meta := func(k int, amountRule bool) subsidy.RuleMeta {
		m := subsidy.RuleMeta{ID: fmt.Sprintf("r%d", k), On: subsidy.DateBasis(rng.IntN(5)), Note: hardTexts[rng.IntN(len(hardTexts))]}
		if amountRule && rng.IntN(3) == 0 {
			m.Rounding = rounding()
		}
		return m
	}
	months := func() decimal.Decimal { return decimal.New(int64(rng.IntN(61)), 0) }
	percent := func() decimal.Decimal { return decimal.New(int64(rng.IntN(10001)), -2) } // 0.00 to 100.00
	amount := func() decimal.Decimal {
		return decimal.New(rng.Int64N(10_000_000), -int32(rng.IntN(int(scale)+1))) // whole minor units
	}
	table := func() map[string]decimal.Decimal {
		m := map[string]decimal.Decimal{}
		for _, lv := range certificate.National.Levels()[:1+rng.IntN(5)] {
			m[lv.Code()] = amount()
		}
		return m
	}
	tabEntries, tabCont := hardEntries(t, rng, table)
	var tabOpts []subsidy.SeriesOption
	if tabCont {
		tabOpts = append(tabOpts, subsidy.Continuous())
	}
	tab, err := subsidy.NewSeries("amounts", tabEntries, tabOpts...)
	require.NoError(t, err)
	def := subsidy.Definition{
		Name:         fmt.Sprintf("random-%d", i),
		Version:      fmt.Sprintf("v%d.%d", rng.IntN(5), rng.IntN(10)),
		Title:        hardTexts[rng.IntN(len(hardTexts))],
		Jurisdiction: []string{"", "CN", "CN-SD-QD", "DE", "GB-ENG"}[rng.IntN(5)],
		Currency:     cur,
		Scheme:       []string{"skill-improvement", "new-apprenticeship", "training"}[rng.IntN(3)],
		Basis:        subsidy.DateBasis(rng.IntN(5)),
		Rounding:     rounding(),
		Params: []subsidy.Param{
			hardNumberParam(t, rng, "months", "months", months),
			hardNumberParam(t, rng, "percent", "percent", percent),
			hardNumberParam(t, rng, "amount", cur, amount),
			{Name: "amounts", Unit: cur, Table: tab},
		},
	}
	for k := range 1 + rng.IntN(8) {
		var r subsidy.Rule
		switch rng.IntN(10) {
		case 0:
			r = subsidy.InsuredMonths{RuleMeta: meta(k, false), Min: "months", OrUnemploymentBenefit: rng.IntN(2) == 0}
		case 1:
			r = subsidy.ClaimWindow{RuleMeta: meta(k, false), Months: "months"}
		case 2:
			r = subsidy.Amount{RuleMeta: meta(k, true), Amount: "amount", PerPlace: rng.IntN(2) == 0}
		case 3:
			r = subsidy.AmountByCategory{RuleMeta: meta(k, true), Table: "amounts", Key: []string{"", "level"}[rng.IntN(2)]}
		case 4:
			r = subsidy.Cap{RuleMeta: meta(k, true), Amount: "amount"}
		case 5:
			r = subsidy.Minimum{RuleMeta: meta(k, true), Table: "amounts", PerPlace: rng.IntN(2) == 0}
		case 6:
			r = subsidy.Uplift{RuleMeta: meta(k, true), Percent: "percent", IfFlag: "shortage-occupation"}
		case 7:
			r = subsidy.RequireFlag{RuleMeta: meta(k, false), Flag: "care-leaver", Absent: rng.IntN(2) == 0}
		case 8:
			r = subsidy.NotCombined{RuleMeta: meta(k, false), Schemes: []string{"vocational-training"}}
		default:
			r = subsidy.LevelAtLeast{RuleMeta: meta(k, false), Level: certificate.National.Levels()[rng.IntN(5)]}
		}
		def.Rules = append(def.Rules, r)
	}
	if rng.IntN(3) == 0 {
		def.Schedule = subsidy.PrepaySettle{Percent: "percent"}
	}
	return def
}

// TestHardeningPolicyJSONProperty: random valid policies built in Go go
// through their canonical JSON and LoadPolicy to the same digest and the
// same canonical bytes; the JSON holds decimals as strings only; and the
// loaded policy judges random claims exactly as the one built in Go.
func TestHardeningPolicyJSONProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(2024, 1))
	claims := hardClaims(t, 99, 40)
	for i := range 300 {
		def := hardRandomPolicy(t, rng, i)
		p, err := subsidy.NewPolicy(def)
		require.NoError(t, err, "case %d: the generator must make valid policies", i)
		canon, err := p.MarshalJSON()
		require.NoError(t, err)
		require.False(t, hardHasNumber(t, canon), "case %d: a JSON number in the canonical form: %s", i, canon)

		q, err := subsidy.LoadPolicy(canon)
		require.NoError(t, err, "case %d: %s", i, canon)
		require.Equal(t, p.Digest(), q.Digest(), "case %d", i)
		again, err := q.MarshalJSON()
		require.NoError(t, err)
		require.Equal(t, string(canon), string(again), "case %d", i)

		var indented bytes.Buffer
		require.NoError(t, json.Indent(&indented, canon, "", "  "))
		r, err := subsidy.LoadPolicy(indented.Bytes())
		require.NoError(t, err)
		require.Equal(t, p.Digest(), r.Digest(), "case %d: white space changed the digest", i)

		for _, c := range claims {
			opts := subsidy.Options{AsOf: hardAsOf, Explain: true}
			r1, err1 := p.Evaluate(c, opts)
			r2, err2 := q.Evaluate(c, opts)
			require.Equal(t, hardOutcomeOf(t, r1, err1), hardOutcomeOf(t, r2, err2), "case %d, claim %s", i, c.ID)
			if err1 == nil {
				// The same digest explains itself in the same words.
				require.Equal(t, r1.String(), r2.String(), "case %d, claim %s", i, c.ID)
			}
		}
	}
}

// hardHasNumber reports whether the JSON document holds a number anywhere.
func hardHasNumber(t *testing.T, doc []byte) bool {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	require.NoError(t, dec.Decode(&v))
	var walk func(any) bool
	walk = func(v any) bool {
		switch x := v.(type) {
		case json.Number:
			return true
		case []any:
			for _, e := range x {
				if walk(e) {
					return true
				}
			}
		case map[string]any:
			for _, e := range x {
				if walk(e) {
					return true
				}
			}
		}
		return false
	}
	return walk(v)
}

// hardFullClaim is hardClaim with every optional field set at random too.
func hardFullClaim(t *testing.T, rng *rand.Rand, i int) subsidy.Claim {
	t.Helper()
	c := hardClaim(t, rng, i)
	if c.Level == 0 || c.InsuredMonths < 0 || c.Issued.After(c.Date) {
		c = hardClaim(t, rng, i) // a valid one, most likely
	}
	c.HolderKind = []string{"", "employee", "student", "unemployed"}[rng.IntN(4)]
	if rng.IntN(2) == 0 {
		c.Born = hardDay(t, -rng.IntN(15000))
	}
	if rng.IntN(2) == 0 {
		c.Certificate = fmt.Sprintf("CERT-%06d", rng.IntN(1e6))
	}
	c.Person = hardTexts[rng.IntN(len(hardTexts))] + c.Person
	return c
}

// hardClaimsEqual compares claims, Base by value and the rest exactly.
func hardClaimsEqual(a, b subsidy.Claim) bool {
	if !a.Base.Equal(b.Base) {
		return false
	}
	a.Base, b.Base = decimal.Decimal{}, decimal.Decimal{}
	return reflect.DeepEqual(a, b)
}

// TestHardeningClaimJSONProperty: random claims with every field used
// survive JSON: Base as a string, dates as ISO dates, the level as its code,
// the same claim back, and the same result when evaluated.
func TestHardeningClaimJSONProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(77, 1))
	policies := hardPolicies(t)
	for i := range 1000 {
		c := hardFullClaim(t, rng, i)
		out, err := json.Marshal(c)
		require.NoError(t, err)
		var raw map[string]any
		require.NoError(t, json.Unmarshal(out, &raw))
		require.IsType(t, "", raw["base"], "case %d: base is a JSON string", i)
		require.Equal(t, c.Date.String(), raw["date"], "case %d", i)
		var back subsidy.Claim
		require.NoError(t, json.Unmarshal(out, &back), "case %d: %s", i, out)
		require.True(t, hardClaimsEqual(c, back), "case %d: %s", i, out)
		again, err := json.Marshal(back)
		require.NoError(t, err)
		require.Equal(t, string(out), string(again), "case %d", i)
		p := policies[i%len(policies)]
		opts := subsidy.Options{AsOf: hardAsOf, Explain: true}
		r1, err1 := p.Evaluate(c, opts)
		r2, err2 := p.Evaluate(back, opts)
		require.Equal(t, hardOutcomeOf(t, r1, err1), hardOutcomeOf(t, r2, err2), "case %d", i)
	}
}

// hardResultsEqual compares results field by field, decimals by value.
func hardResultsEqual(t *testing.T, a, b subsidy.Result) {
	t.Helper()
	dec := func(what string, x, y decimal.Decimal) {
		t.Helper()
		require.True(t, x.Equal(y), "%s: %s, then %s", what, x, y)
	}
	require.Equal(t, a.Claim, b.Claim)
	require.Equal(t, a.Policy, b.Policy)
	require.Equal(t, a.Digest, b.Digest)
	require.Equal(t, a.AsOf, b.AsOf)
	require.Equal(t, a.Currency, b.Currency)
	require.Equal(t, a.Granted, b.Granted)
	dec("amount", a.Amount, b.Amount)
	require.Equal(t, a.Reasons, b.Reasons)
	require.Len(t, b.Payments, len(a.Payments))
	for i, p := range a.Payments {
		q := b.Payments[i]
		dec(fmt.Sprintf("payments[%d]", i), p.Amount, q.Amount)
		require.Equal(t, p.Date, q.Date)
		require.Equal(t, p.Kind, q.Kind)
		require.Equal(t, p.Provisional, q.Provisional)
	}
	require.Len(t, b.Contributions, len(a.Contributions))
	for i, k := range a.Contributions {
		require.Equal(t, k.Rule, b.Contributions[i].Rule)
		dec(fmt.Sprintf("contributions[%d]", i), k.Amount, b.Contributions[i].Amount)
	}
	require.Equal(t, a.Explanation == nil, b.Explanation == nil)
	if a.Explanation == nil {
		return
	}
	require.Len(t, b.Explanation.Steps, len(a.Explanation.Steps))
	for i, s := range a.Explanation.Steps {
		u := b.Explanation.Steps[i]
		require.Equal(t, s.Rule, u.Rule)
		require.Equal(t, s.Kind, u.Kind)
		require.Equal(t, s.Outcome, u.Outcome)
		require.Equal(t, s.Reason, u.Reason)
		dec("before", s.Before, u.Before)
		dec("after", s.After, u.After)
		require.Len(t, u.Params, len(s.Params))
		for j, pu := range s.Params {
			pv := u.Params[j]
			dec("param value", pu.Value, pv.Value)
			pu.Value, pv.Value = decimal.Decimal{}, decimal.Decimal{}
			require.Equal(t, pu, pv)
		}
		require.Equal(t, s.Rounding == nil, u.Rounding == nil)
		if s.Rounding != nil {
			require.True(t, s.Rounding.Rounding.Equal(u.Rounding.Rounding), "rounding %v, then %v", s.Rounding.Rounding, u.Rounding.Rounding)
			require.Equal(t, s.Rounding.Before, u.Rounding.Before)
			dec("rounded", s.Rounding.After, u.Rounding.After)
		}
	}
}

// TestHardeningResultJSONProperty: results of random claims under the
// fixture policies, with and without explanations, survive their versioned
// JSON: the same values (decimals by value), amounts as strings, and the
// same bytes when marshalled again. Result has an UnmarshalJSON that checks
// the format tag and refuses unknown fields.
func TestHardeningResultJSONProperty(t *testing.T) {
	policies := hardPolicies(t)
	grants, reversed := hardGrants(t, 8, 300)
	l := hardLedger(t, grants, reversed)
	rng := rand.New(rand.NewPCG(8, 8))
	var granted, rejected, explained, rounded int
	for i := range 900 {
		c := hardClaim(t, rng, i)
		p := policies[i%len(policies)]
		opts := subsidy.Options{AsOf: hardAsOf, History: l, Explain: rng.IntN(2) == 0}
		r, err := p.Evaluate(c, opts)
		if err != nil {
			continue
		}
		out, err := json.Marshal(r)
		require.NoError(t, err)
		require.False(t, hardHasNumber(t, out), "case %d: an amount as a JSON number: %s", i, out)
		var back subsidy.Result
		require.NoError(t, json.Unmarshal(out, &back), "case %d: %s", i, out)
		hardResultsEqual(t, r, back)
		again, err := json.Marshal(back)
		require.NoError(t, err)
		require.Equal(t, string(out), string(again), "case %d", i)
		require.Equal(t, r.String(), back.String(), "case %d: the text changed with the trip", i)
		switch {
		case r.Granted:
			granted++
		case len(r.Reasons) > 0:
			rejected++
		}
		if r.Explanation != nil {
			explained++
			for _, s := range r.Explanation.Steps {
				if s.Rounding != nil {
					rounded++
				}
			}
		}
	}
	require.Positive(t, granted)
	require.Positive(t, rejected)
	require.Positive(t, explained)
	require.Positive(t, rounded, "some explanation must show a rounding")
}

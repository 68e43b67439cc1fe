package packs_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/dualtrack/dualtrack/subsidy/packs"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cnPacks are the China packs of issue 6.
var cnPacks = []string{
	"cn-apprenticeship-fj",
	"cn-apprenticeship-gd",
	"cn-qd-chief-technician",
	"cn-qd-westcoast-self-evaluation",
	"cn-skill-improvement",
}

func cnDate(s string) subsidy.Date { return subsidy.MustParseDate(s) }

// TestCNPacksExist makes sure the China packs are built in, under the names
// agreed for them.
func TestCNPacksExist(t *testing.T) {
	var got []string
	for _, n := range packs.Names() {
		if strings.HasPrefix(n, "cn-") {
			got = append(got, n)
		}
	}
	require.Equal(t, cnPacks, got)
}

// TestCNWorkedExamplesAreCases checks that every public worked example of
// DOMAIN.md that concerns a China pack is one of its cases, named in the
// case's source. (The one about a city standard of 4500 a year concerns a
// policy, not a claim: TestCheckNewApprenticeship has it.)
func TestCNWorkedExamplesAreCases(t *testing.T) {
	tests := []struct {
		pack, example string
	}{
		{"cn-skill-improvement", "Worked examples: skill-improvement 2024, 14 months insured, 中级 certificate claimed within 12 months → 1500"},
		{"cn-skill-improvement", "Worked examples: the same under the 2017 rules (36 months needed) → 0, reason: contributions"},
		{"cn-skill-improvement", "Worked examples: certificate issued 13 months before the claim → 0, reason: claim window"},
		{"cn-apprenticeship-fj", "Worked examples: Fujian 高级工 class, 10 apprentices × 6000 × 2 years = 120,000; at most 60,000 prepaid"},
		{"cn-apprenticeship-fj", "Worked examples: national 2021 guidance, a 4-year training period → invalid agreement"},
		{"cn-apprenticeship-gd", "Worked examples: national 2021 guidance, a 4-year training period → invalid agreement"},
		{"cn-apprenticeship-gd", "Worked examples: Guangdong shortage uplift, 6000 × 1.3 = 7800 maximum"},
		{"cn-qd-chief-technician", "Worked examples: Qingdao chief technician, 15,000 × 4 years = 60,000"},
	}
	for _, tt := range tests {
		t.Run(tt.pack+"/"+tt.example, func(t *testing.T) {
			f, err := packs.Cases(tt.pack)
			require.NoError(t, err)
			found := slices.ContainsFunc(f.Cases, func(c subsidy.Case) bool { return strings.Contains(c.Source, tt.example) })
			assert.True(t, found, "no case of %s cites %q", tt.pack, tt.example)
		})
	}
}

// TestCNCitationsNameASource requires every citation of a China pack to
// name where its value comes from: a document number, DOMAIN.md, or the
// mark of a local configuration.
func TestCNCitationsNameASource(t *testing.T) {
	for _, name := range cnPacks {
		t.Run(name, func(t *testing.T) {
			p, err := packs.Load(name)
			require.NoError(t, err)
			check := func(param string, i int, c subsidy.Citation) {
				ok := c.Number != "" || strings.Contains(c.Title, "DOMAIN.md") ||
					strings.HasPrefix(c.Title, "local configuration (no published figure): ")
				assert.True(t, ok, "%s: param %s entry %d: citation %q names no source", name, param, i, c)
			}
			for _, prm := range p.Definition().Params {
				if prm.IsTable() {
					for i, e := range prm.Table.Entries() {
						check(prm.Name, i, e.Citation)
					}
					continue
				}
				for i, e := range prm.Number.Entries() {
					check(prm.Name, i, e.Citation)
				}
			}
		})
	}
}

// TestCNDescribe checks the coverage and the sources Describe reports for
// each China pack against the documents each is built on.
func TestCNDescribe(t *testing.T) {
	tests := []struct {
		name, from, until, jurisdiction string // until "" is open-ended
		number                          string // a document number among the sources, if any
	}{
		{"cn-skill-improvement", "2017-01-01", "2024-12-31", "CN", "人社部发〔2017〕40号"},
		{"cn-apprenticeship-fj", "2019-01-01", "", "CN-FJ", "闽人社文〔2019〕220号"},
		{"cn-apprenticeship-gd", "2021-01-01", "", "CN-GD", ""},
		{"cn-qd-chief-technician", "2019-01-01", "", "CN-SD-QD", ""},
		{"cn-qd-westcoast-self-evaluation", "2019-01-01", "", "CN-SD-QD", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := packs.Describe(tt.name)
			require.NoError(t, err)
			assert.Equal(t, tt.name, d.Name)
			assert.Equal(t, "CNY", d.Currency)
			assert.Equal(t, tt.jurisdiction, d.Jurisdiction)
			assert.Equal(t, tt.from, d.From.String())
			if tt.until == "" {
				assert.True(t, d.Until.IsZero(), "until %v", d.Until)
			} else {
				assert.Equal(t, tt.until, d.Until.String())
			}
			if tt.number != "" {
				assert.True(t, slices.ContainsFunc(d.Sources, func(c subsidy.Citation) bool { return c.Number == tt.number }),
					"no source numbered %s in %v", tt.number, d.Sources)
			}
		})
	}
}

// cnEditPack loads the JSON of a pack, lets edit change it, and loads the
// result as a policy.
func cnEditPack(t *testing.T, name string, edit func(m map[string]any)) *subsidy.Policy {
	t.Helper()
	src, err := packs.Source(name)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(src, &m))
	edit(m)
	b, err := json.Marshal(m)
	require.NoError(t, err)
	p, err := subsidy.LoadPolicy(b)
	require.NoError(t, err)
	return p
}

// cnParam returns the parameter object called name of a policy's JSON.
func cnParam(m map[string]any, name string) map[string]any {
	for _, p := range m["params"].([]any) {
		if p := p.(map[string]any); p["name"] == name {
			return p
		}
	}
	panic("no parameter " + name)
}

// cnSetEntries replaces the entries of a parameter.
func cnSetEntries(m map[string]any, name string, entries ...map[string]any) {
	list := make([]any, len(entries))
	for i, e := range entries {
		if e["citation"] == nil {
			e["citation"] = map[string]any{"title": "test value"}
		}
		list[i] = e
	}
	cnParam(m, name)["entries"] = list
}

// cnDropRules removes the rules of a kind.
func cnDropRules(m map[string]any, kind string) {
	var kept []any
	for _, r := range m["rules"].([]any) {
		if r.(map[string]any)["kind"] != kind {
			kept = append(kept, r)
		}
	}
	m["rules"] = kept
}

// TestCheckNewApprenticeship checks the 2021 national guidance against the
// two provincial packs and against policies that depart from it.
func TestCheckNewApprenticeship(t *testing.T) {
	fj := func(edit func(m map[string]any)) func(t *testing.T) *subsidy.Policy {
		return func(t *testing.T) *subsidy.Policy { return cnEditPack(t, "cn-apprenticeship-fj", edit) }
	}
	pack := func(name string) func(t *testing.T) *subsidy.Policy {
		return func(t *testing.T) *subsidy.Policy {
			p, err := packs.Load(name)
			require.NoError(t, err)
			return p
		}
	}
	// want is the error expected, nil for a policy that keeps to the
	// guidance; its Policy and Citation are not compared.
	tests := []struct {
		name   string
		policy func(t *testing.T) *subsidy.Policy
		want   *packs.GuidanceError
	}{
		{"Fujian pack: 5000 and 6000, contract 12, training 12 to 36", pack("cn-apprenticeship-fj"), nil},
		{"Guangdong pack: 5000 to 8500, contract 12, training 12 to 36", pack("cn-apprenticeship-gd"), nil},
		{
			// DOMAIN.md, Worked examples: a city standard of 4500 per year is
			// below the 5000 floor → invalid policy.
			"a city standard of 4500 a year",
			fj(func(m map[string]any) {
				cnSetEntries(m, "rate", map[string]any{"from": "2021-07-01",
					"value": map[string]any{"intermediate-class": "4500", "senior-class": "6000"}})
			}),
			&packs.GuidanceError{Path: "params[0].entries[0].value.intermediate-class", Param: "rate", Key: "intermediate-class",
				From: cnDate("2021-07-01"), Value: decimal.RequireFromString("4500"), Limit: decimal.RequireFromString("5000"),
				Reason: "below the national floor of 5000 yuan per apprentice and year"},
		},
		{
			"4999.99 is below 5000 too",
			fj(func(m map[string]any) {
				cnSetEntries(m, "rate", map[string]any{"from": "2021-07-01",
					"value": map[string]any{"intermediate-class": "5000", "senior-class": "4999.99"}})
			}),
			&packs.GuidanceError{Path: "params[0].entries[0].value.senior-class", Param: "rate", Key: "senior-class",
				From: cnDate("2021-07-01"), Value: decimal.RequireFromString("4999.99"), Limit: decimal.RequireFromString("5000"),
				Reason: "below the national floor of 5000 yuan per apprentice and year"},
		},
		{
			"4500 ending 2020-12-31, before the guidance, then 5000",
			fj(func(m map[string]any) {
				cnSetEntries(m, "rate",
					map[string]any{"from": "2019-01-01", "until": "2020-12-31", "value": map[string]any{"intermediate-class": "4500"}},
					map[string]any{"from": "2021-01-01", "value": map[string]any{"intermediate-class": "5000"}})
			}),
			nil,
		},
		{
			"4500 until the next entry on 2021-01-02 covers 2021-01-01",
			fj(func(m map[string]any) {
				cnSetEntries(m, "rate",
					map[string]any{"from": "2019-01-01", "value": map[string]any{"intermediate-class": "4500"}},
					map[string]any{"from": "2021-01-02", "value": map[string]any{"intermediate-class": "5000"}})
			}),
			&packs.GuidanceError{Path: "params[0].entries[0].value.intermediate-class", Param: "rate", Key: "intermediate-class",
				From: cnDate("2019-01-01"), Until: cnDate("2021-01-01"), Value: decimal.RequireFromString("4500"), Limit: decimal.RequireFromString("5000"),
				Reason: "below the national floor of 5000 yuan per apprentice and year"},
		},
		{
			"a rate that is a number parameter",
			fj(func(m map[string]any) {
				prm := cnParam(m, "rate")
				prm["kind"] = "number"
				cnSetEntries(m, "rate", map[string]any{"from": "2022-01-01", "value": "4000"})
				for _, r := range m["rules"].([]any) {
					if r := r.(map[string]any); r["kind"] == "rate-duration" {
						delete(r, "table")
						delete(r, "key")
						r["rate"] = "rate"
					}
				}
			}),
			&packs.GuidanceError{Path: "params[0].entries[0].value", Param: "rate",
				From: cnDate("2022-01-01"), Value: decimal.RequireFromString("4000"), Limit: decimal.RequireFromString("5000"),
				Reason: "below the national floor of 5000 yuan per apprentice and year"},
		},
		{
			"a rate per month",
			fj(func(m map[string]any) {
				for _, r := range m["rules"].([]any) {
					if r := r.(map[string]any); r["kind"] == "rate-duration" {
						r["per"] = "month"
					}
				}
			}),
			&packs.GuidanceError{Path: "rules[3].per",
				Reason: `rule "amount" pays a rate per month; the guidance's floor is per apprentice and year, so the rate cannot be checked`},
		},
		{
			"no contract rule",
			fj(func(m map[string]any) { cnDropRules(m, "contract-length") }),
			&packs.GuidanceError{Path: "rules",
				Reason: `no rule of kind "contract-length" with a minimum: the guidance asks for a labour contract of at least 12 months`},
		},
		{
			"a contract of 6 months",
			fj(func(m map[string]any) {
				cnSetEntries(m, "contract-months-min", map[string]any{"from": "2019-01-01", "value": "6"})
			}),
			&packs.GuidanceError{Path: "params[1].entries[0].value", Param: "contract-months-min",
				From: cnDate("2019-01-01"), Value: decimal.RequireFromString("6"), Limit: decimal.RequireFromString("12"),
				Reason: "a labour contract shorter than the national minimum of 12 months"},
		},
		{
			"training of at least 6 months",
			fj(func(m map[string]any) {
				cnSetEntries(m, "training-months-min", map[string]any{"from": "2019-01-01", "value": "6"})
			}),
			&packs.GuidanceError{Path: "params[2].entries[0].value", Param: "training-months-min",
				From: cnDate("2019-01-01"), Value: decimal.RequireFromString("6"), Limit: decimal.RequireFromString("12"),
				Reason: "training shorter than the national minimum of 12 months"},
		},
		{
			// DOMAIN.md, Worked examples: a 4-year training period → invalid;
			// a policy that allows one departs from the guidance.
			"training of up to 48 months",
			fj(func(m map[string]any) {
				cnSetEntries(m, "training-months-max", map[string]any{"from": "2019-01-01", "value": "48"})
			}),
			&packs.GuidanceError{Path: "params[3].entries[0].value", Param: "training-months-max",
				From: cnDate("2019-01-01"), Value: decimal.RequireFromString("48"), Limit: decimal.RequireFromString("36"),
				Reason: "training longer than the national maximum of 36 months"},
		},
		{
			"no training rule",
			fj(func(m map[string]any) { cnDropRules(m, "training-length") }),
			&packs.GuidanceError{Path: "rules",
				Reason: `no rule of kind "training-length" with a minimum: the guidance asks for training of at least 12 months`},
		},
		{
			"a training rule without a maximum",
			fj(func(m map[string]any) {
				var kept []any
				for _, r := range m["rules"].([]any) {
					r := r.(map[string]any)
					if r["id"] == "training-normal" {
						continue // the 24-month rule has only a maximum
					}
					if r["kind"] == "training-length" {
						delete(r, "max")
					}
					kept = append(kept, r)
				}
				m["rules"] = kept
			}),
			&packs.GuidanceError{Path: "rules",
				Reason: `no rule of kind "training-length" with a maximum: the guidance allows training of at most 36 months`},
		},
		{
			"Guangdong with 中级工 at 4500",
			func(t *testing.T) *subsidy.Policy {
				return cnEditPack(t, "cn-apprenticeship-gd", func(m map[string]any) {
					cnSetEntries(m, "rate", map[string]any{"from": "2021-01-01",
						"value": map[string]any{"national-4": "4500", "national-3": "6000"}})
				})
			},
			&packs.GuidanceError{Path: "params[0].entries[0].value.national-4", Param: "rate", Key: "national-4",
				From: cnDate("2021-01-01"), Value: decimal.RequireFromString("4500"), Limit: decimal.RequireFromString("5000"),
				Reason: "below the national floor of 5000 yuan per apprentice and year"},
		},
		{
			"the skill-improvement subsidy is no apprenticeship policy",
			pack("cn-skill-improvement"),
			&packs.GuidanceError{Path: "rules",
				Reason: `no rule of kind "rate-duration" with a rate per year: the guidance sets a floor per apprentice and year`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.policy(t)
			err := packs.CheckNewApprenticeship(p)
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, packs.ErrApprenticeshipGuidance)
			assert.ErrorIs(t, err, subsidy.ErrInvalidPolicy)
			var ge *packs.GuidanceError
			require.ErrorAs(t, err, &ge)
			assert.Equal(t, p.ID(), ge.Policy)
			assert.Equal(t, tt.want.Path, ge.Path)
			assert.Equal(t, tt.want.Param, ge.Param)
			assert.Equal(t, tt.want.Key, ge.Key)
			assert.Equal(t, tt.want.From, ge.From)
			assert.Equal(t, tt.want.Until, ge.Until)
			assert.True(t, tt.want.Value.Equal(ge.Value), "value %s", ge.Value)
			assert.True(t, tt.want.Limit.Equal(ge.Limit), "limit %s", ge.Limit)
			assert.Equal(t, tt.want.Reason, ge.Reason)
			assert.Contains(t, ge.Citation.Title, "2021 national guidance")
			assert.Contains(t, err.Error(), `"`+p.ID()+`"`)
			assert.Contains(t, err.Error(), tt.want.Path)
			if tt.want.Param != "" {
				assert.Contains(t, err.Error(), " = "+tt.want.Value.String())
			}
		})
	}
}

func TestCheckNewApprenticeshipNil(t *testing.T) {
	err := packs.CheckNewApprenticeship(nil)
	require.ErrorIs(t, err, subsidy.ErrInvalidPolicy)
	assert.Contains(t, err.Error(), "nil")
}

// TestCheckNewApprenticeshipEveryPack holds every built-in pack of the
// scheme to the guidance, the ones other packs may add included.
func TestCheckNewApprenticeshipEveryPack(t *testing.T) {
	n := 0
	for _, name := range packs.Names() {
		p, err := packs.Load(name)
		if err != nil || p.Scheme() != "new-apprenticeship" {
			continue // a pack that does not load fails TestPacksPassTheirCases
		}
		n++
		assert.NoError(t, packs.CheckNewApprenticeship(p), name)
	}
	assert.GreaterOrEqual(t, n, 2, "the Fujian and Guangdong packs")
}

// TestGuidanceErrorMessage pins the message of the worked example.
func TestGuidanceErrorMessage(t *testing.T) {
	p := cnEditPack(t, "cn-apprenticeship-fj", func(m map[string]any) {
		cnSetEntries(m, "rate", map[string]any{"from": "2021-07-01", "until": "2023-06-30",
			"value": map[string]any{"intermediate-class": "4500", "senior-class": "6000"}})
	})
	err := packs.CheckNewApprenticeship(p)
	require.Error(t, err)
	assert.Equal(t, `packs: policy "cn-apprenticeship-fj@2019": params[0].entries[0].value.intermediate-class = 4500`+
		` (parameter "rate", 2021-07-01 to 2023-06-30): below the national floor of 5000 yuan per apprentice and year`+
		` (DOMAIN.md, Enterprise new-type apprenticeship, 2021 national guidance (dated to 2021 only, held from 2021-01-01):`+
		` subsidy "in principle 5000 yuan or more" per apprentice per year, set by cities)`, err.Error())
}

// TestCheckNewApprenticeshipGoBuilt checks a policy built in Go, whose
// rules are values rather than the pointers the loader makes.
func TestCheckNewApprenticeshipGoBuilt(t *testing.T) {
	num := func(name, value string) subsidy.Param {
		s, err := subsidy.NewSeries(name, []subsidy.Entry[decimal.Decimal]{{
			From: cnDate("2022-01-01"), Value: decimal.RequireFromString(value), Citation: subsidy.Citation{Title: "test value"}}})
		require.NoError(t, err)
		return subsidy.Param{Name: name, Unit: "x", Number: s}
	}
	rounding, err := subsidy.NewRounding(decimal.New(1, -2), subsidy.HalfUp)
	require.NoError(t, err)
	build := func(rate string) *subsidy.Policy {
		p, err := subsidy.NewPolicy(subsidy.Definition{
			Name: "city", Version: "1", Currency: "CNY", Scheme: "new-apprenticeship", Basis: subsidy.OnTrainingStart,
			Rounding: rounding,
			Params:   []subsidy.Param{num("rate", rate), num("contract", "12"), num("min", "12"), num("max", "24")},
			Rules: []subsidy.Rule{
				subsidy.ContractLength{RuleMeta: subsidy.RuleMeta{ID: "contract"}, Min: "contract"},
				subsidy.TrainingLength{RuleMeta: subsidy.RuleMeta{ID: "training"}, Min: "min", Max: "max"},
				subsidy.RateDuration{RuleMeta: subsidy.RuleMeta{ID: "amount"}, Rate: "rate", Per: "year", PerPlace: true},
			},
		})
		require.NoError(t, err)
		return p
	}
	tests := []struct {
		rate string
		ok   bool
	}{
		{"5000", true},  // the floor itself
		{"4999", false}, // one yuan below it
		{"8500", true},
	}
	for _, tt := range tests {
		t.Run(tt.rate, func(t *testing.T) {
			err := packs.CheckNewApprenticeship(build(tt.rate))
			if tt.ok {
				assert.NoError(t, err)
				return
			}
			var ge *packs.GuidanceError
			require.ErrorAs(t, err, &ge)
			assert.Equal(t, "params[0].entries[0].value", ge.Path)
			assert.Equal(t, "city@1", ge.Policy)
		})
	}
}

// TestCheckNewApprenticeshipProperty builds rate tables at random and
// compares the check with the rule computed here: the policy keeps to the
// guidance if and only if every value of every entry in force on some day
// from 2021-01-01 is at least 5000; otherwise the error names the first
// such entry and, within it, the first key in sorted order.
func TestCheckNewApprenticeshipProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 2021))
	guidance := cnDate("2021-01-01")
	keys := []string{"intermediate-class", "senior-class", "technician-class"}
	passed := 0
	for i := range 300 {
		// Up to four entries in date order, each from the 1st of a month
		// between 2018 and 2024, some ending early by an explicit until.
		n := 1 + rng.IntN(4)
		var entries []map[string]any
		type span struct {
			from, until subsidy.Date
			values      map[string]int
		}
		var spans []span
		month := rng.IntN(12)
		for j := range n {
			from := cnDate(fmt.Sprintf("%d-%02d-01", 2018+month/12, 1+month%12))
			month += 1 + rng.IntN(24)
			e := map[string]any{"from": from.String()}
			s := span{from: from, values: map[string]int{}}
			if j+1 < n || rng.IntN(2) == 0 {
				next := cnDate(fmt.Sprintf("%d-%02d-01", 2018+month/12, 1+month%12))
				s.until = next.Prev() // where the entry ends without an until
				if explicit := j+1 == n || rng.IntN(2) == 0; explicit {
					if rng.IntN(3) == 0 && j+1 < n { // end a month early: a gap before the next entry
						s.until = cnDate(fmt.Sprintf("%d-%02d-01", 2018+(month-1)/12, 1+(month-1)%12)).Prev()
						if s.until.Before(from) {
							s.until = from
						}
					}
					e["until"] = s.until.String()
				}
			}
			vals := map[string]any{}
			for _, k := range keys[:1+rng.IntN(len(keys))] {
				v := 4000 + 100*rng.IntN(25) // 4000 to 6400
				vals[k] = fmt.Sprint(v)
				s.values[k] = v
			}
			e["value"] = vals
			entries = append(entries, e)
			spans = append(spans, s)
		}
		// The expected outcome.
		wantPath := ""
		for j, s := range spans {
			if !s.until.IsZero() && s.until.Before(guidance) {
				continue
			}
			for _, k := range keys {
				if v, ok := s.values[k]; ok && v < 5000 {
					wantPath = fmt.Sprintf("params[0].entries[%d].value.%s", j, k)
					break
				}
			}
			if wantPath != "" {
				break
			}
		}
		p := cnEditPack(t, "cn-apprenticeship-fj", func(m map[string]any) { cnSetEntries(m, "rate", entries...) })
		err := packs.CheckNewApprenticeship(p)
		if wantPath == "" {
			passed++
			require.NoError(t, err, "case %d: %v", i, entries)
			continue
		}
		var ge *packs.GuidanceError
		require.ErrorAs(t, err, &ge, "case %d: %v", i, entries)
		require.Equal(t, wantPath, ge.Path, "case %d: %v", i, entries)
		require.True(t, ge.Value.LessThan(ge.Limit), "case %d", i)
	}
	// Both outcomes must have been tried for the comparison to mean much.
	assert.Greater(t, passed, 30)
	assert.Less(t, passed, 270)
	t.Logf("%d of 300 random policies keep to the guidance", passed)
}

// TestFujianScheduleProperty evaluates random Fujian claims and checks the
// payments against the rule of 闽人社文〔2019〕220号 as DOMAIN.md gives it:
// the award is places × rate × years, half of it prepaid; once training
// ends, the places completed are settled and the advances of the others
// clawed back; the payments always add up to the award.
func TestFujianScheduleProperty(t *testing.T) {
	p, err := packs.Load("cn-apprenticeship-fj")
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(2019, 220))
	rates := map[string]int64{"intermediate-class": 5000, "senior-class": 6000}
	for i := range 500 {
		class := []string{"intermediate-class", "senior-class"}[rng.IntN(2)]
		places := 1 + rng.IntN(40)
		years := 1 + rng.IntN(3)
		start := cnDate(fmt.Sprintf("%d-09-01", 2019+rng.IntN(6)))
		end := cnDate(fmt.Sprintf("%d-08-31", start.Year()+years))
		training, err := subsidy.NewPeriod(start, end)
		require.NoError(t, err)
		c := subsidy.Claim{ID: fmt.Sprintf("p-%d", i), Date: start, Organisation: "E", Category: class,
			ContractMonths: 12 * (years + 1), Training: training, Places: places}
		if years == 3 {
			c.Flags = []string{"special-case"} // 3 years only in special cases
		}
		ended := rng.IntN(2) == 0
		completed := 0
		if ended {
			completed = rng.IntN(places + 1)
			c.Ended, c.Completed = end, completed
		}
		res, err := p.Evaluate(c, subsidy.Options{AsOf: end})
		require.NoError(t, err)

		// Whole years of one rate: exact, and each advance is half a
		// place's share, also exact (5000 and 6000 are even).
		share := rates[class] * int64(years)
		advance := share / 2
		var sum decimal.Decimal
		byKind := map[subsidy.PaymentKind]decimal.Decimal{}
		for _, pay := range res.Payments {
			sum = sum.Add(pay.Amount)
			byKind[pay.Kind] = byKind[pay.Kind].Add(pay.Amount)
		}
		require.True(t, sum.Equal(res.Amount), "case %d: payments add up to %s, award %s", i, sum, res.Amount)
		require.True(t, byKind[subsidy.PayPrepayment].Equal(decimal.NewFromInt(int64(places)*advance)), "case %d: prepayment", i)
		if !ended {
			require.True(t, res.Amount.Equal(decimal.NewFromInt(int64(places)*share)), "case %d: award", i)
			continue
		}
		require.True(t, res.Amount.Equal(decimal.NewFromInt(int64(completed)*share)), "case %d: award", i)
		require.True(t, byKind[subsidy.PaySettlement].Equal(decimal.NewFromInt(int64(completed)*(share-advance))), "case %d: settlement", i)
		require.True(t, byKind[subsidy.PayClawback].Equal(decimal.NewFromInt(-int64(places-completed)*advance)), "case %d: clawback", i)
		require.Equal(t, completed > 0, res.Granted, "case %d", i)
	}
}

// TestSkillImprovementProperty evaluates random claims of 2024 and early
// 2025 without history and compares each with the 2024 rules computed
// here: claimed after 2024-12-31 → not in force; fewer than 12 insured
// months and no unemployment benefit → insured-months; 技师 → no amount;
// else 1000, 1500 or 2000 by level. Claims come within 330 days of the
// certificate's issue, inside the 12-month window.
func TestSkillImprovementProperty(t *testing.T) {
	p, err := packs.Load("cn-skill-improvement")
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(2024, 1231))
	levels := []certificate.Level{certificate.NationalGrade5, certificate.NationalGrade4, certificate.NationalGrade3, certificate.NationalGrade2}
	amounts := map[certificate.Level]int64{certificate.NationalGrade5: 1000, certificate.NationalGrade4: 1500, certificate.NationalGrade3: 2000}
	first := cnDate("2024-01-01")
	last := cnDate("2024-12-31")
	for i := range 1000 {
		issued, err := first.AddDays(rng.IntN(366)) // 2024 has 366 days
		require.NoError(t, err)
		claimed, err := issued.AddDays(rng.IntN(331))
		require.NoError(t, err)
		c := subsidy.Claim{ID: fmt.Sprintf("s-%d", i), Date: claimed, Person: fmt.Sprintf("P%d", i), Occupation: "x",
			Level: levels[rng.IntN(len(levels))], Issued: issued, InsuredMonths: rng.IntN(41), UnemploymentBenefit: rng.IntN(3) == 0}
		res, err := p.Evaluate(c, subsidy.Options{AsOf: cnDate("2025-12-31")})
		require.NoError(t, err, "case %d", i)

		var wantReason string
		var want int64
		switch {
		case claimed.After(last):
			wantReason = "not-in-force"
		case c.InsuredMonths < 12 && !c.UnemploymentBenefit:
			wantReason = "insured-months"
		case c.Level == certificate.NationalGrade2:
			wantReason = "no-amount"
		default:
			want = amounts[c.Level]
		}
		var got []string
		for _, r := range res.Reasons {
			got = append(got, r.Code)
		}
		if wantReason != "" {
			require.Equal(t, []string{wantReason}, got, "case %d: %+v", i, c)
			require.False(t, res.Granted)
			require.True(t, res.Amount.IsZero())
			continue
		}
		require.Empty(t, got, "case %d: %+v", i, c)
		require.True(t, res.Amount.Equal(decimal.NewFromInt(want)), "case %d: %s, want %d", i, res.Amount, want)
	}
}

// FuzzCheckNewApprenticeship loads policies mutated from the packs and
// checks them against the guidance. Whatever loads must be checked without
// a panic and with the same answer twice; an error must be a
// *GuidanceError matching both sentinels and naming the policy, a path in
// it and, for a parameter, one the policy has.
func FuzzCheckNewApprenticeship(f *testing.F) {
	for _, name := range cnPacks {
		src, err := packs.Source(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	fj, err := packs.Source("cn-apprenticeship-fj")
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(strings.Replace(string(fj), `"5000"`, `"4500"`, 1)))
	f.Add([]byte(strings.Replace(string(fj), `"per": "year"`, `"per": "day"`, 1)))
	f.Add([]byte(strings.Replace(string(fj), `"value": "36"`, `"value": "48"`, 1)))
	f.Add([]byte(`{"format": "dualtrack.policy/1"}`))
	f.Add([]byte(`not json`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := subsidy.LoadPolicy(data)
		if err != nil {
			return
		}
		err = packs.CheckNewApprenticeship(p)
		again := packs.CheckNewApprenticeship(p)
		if (err == nil) != (again == nil) || (err != nil && err.Error() != again.Error()) {
			t.Fatalf("two checks differ: %v / %v", err, again)
		}
		if err == nil {
			return
		}
		var ge *packs.GuidanceError
		if !errors.As(err, &ge) || !errors.Is(err, packs.ErrApprenticeshipGuidance) || !errors.Is(err, subsidy.ErrInvalidPolicy) {
			t.Fatalf("not a *GuidanceError matching both sentinels: %v", err)
		}
		if ge.Policy != p.ID() || ge.Path == "" || ge.Reason == "" || !strings.Contains(err.Error(), ge.Path) {
			t.Fatalf("error does not name the policy and the path: %+v", ge)
		}
		if ge.Param != "" {
			if _, ok := p.Param(ge.Param); !ok || !strings.HasPrefix(ge.Path, "params[") {
				t.Fatalf("error names parameter %q at %q", ge.Param, ge.Path)
			}
			if ge.Value.Cmp(ge.Limit) == 0 {
				t.Fatalf("a value equal to its bound is no departure: %v", err)
			}
		}
	})
}

package subsidy_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loadAdd is a custom rule kind ("test-add") of the loader's tests: it adds
// the number parameter Amount to the award or, with Table, the value of the
// table parameter under the claim's category.
type loadAdd struct {
	subsidy.RuleMeta
	Amount string `json:"amount,omitempty"`
	Table  string `json:"table,omitempty"`
}

func (loadAdd) Kind() string { return "test-add" }

func (r loadAdd) Check(p *subsidy.Policy) error {
	switch {
	case r.Amount != "" && r.Table != "":
		return subsidy.FieldError("amount", `"`+r.Amount+`"`, "give amount or table, not both")
	case r.Table != "":
		return p.CheckParam("table", r.Table, true)
	}
	return p.CheckParam("amount", r.Amount, false)
}

func (r loadAdd) Apply(s *subsidy.State) error {
	var v decimal.Decimal
	if r.Table != "" {
		c := s.Claim().Category
		if c == "" {
			return s.Missing("category")
		}
		x, ok, err := s.Lookup(r.Table, c)
		if err != nil {
			return err
		}
		if !ok {
			s.Reject("no-category", "no amount for category "+c)
			return nil
		}
		v = x
	} else {
		x, err := s.Number(r.Amount)
		if err != nil {
			return err
		}
		v = x
	}
	return s.SetAmount(s.Amount().Add(v))
}

// loadSplit is a custom schedule kind ("test-split") of the loader's tests:
// it pays the award in equal monthly parts from the claim date; the number
// parameter Parts holds how many.
type loadSplit struct {
	Parts string `json:"parts"`
}

func (loadSplit) Kind() string { return "test-split" }

func (k loadSplit) Check(p *subsidy.Policy) error { return p.CheckParam("parts", k.Parts, false) }

func (k loadSplit) Pay(s *subsidy.State) error {
	n, err := s.Number(k.Parts)
	if err != nil {
		return err
	}
	parts, err := subsidy.AllocateEqually(s.Amount(), int(n.IntPart()), decimal.New(1, -2))
	if err != nil {
		return err
	}
	for i, part := range parts {
		d, err := s.Claim().Date.AddMonths(i, subsidy.Clamp)
		if err != nil {
			return err
		}
		if err := s.Pay(subsidy.Payment{Date: d, Amount: part, Kind: subsidy.PayInstalment}); err != nil {
			return err
		}
	}
	return nil
}

// loadShapes is a rule kind that exists to exercise the decoder on fields
// of many Go types; it is a condition that always holds. (Real kinds hold
// no numbers: they name parameters.)
type loadShapes struct {
	subsidy.RuleMeta
	Count   int               `json:"count,omitempty"`
	Small   uint8             `json:"small,omitempty"`
	Names   []string          `json:"names,omitempty"`
	Labels  map[string]string `json:"labels,omitempty"`
	Since   *subsidy.Date     `json:"since,omitempty"`
	Level   certificate.Level `json:"level,omitzero"`
	Limit   decimal.Decimal   `json:"limit,omitzero"`
	Inner   loadInner         `json:"inner,omitzero"`
	Extra   any               `json:"extra,omitempty"`
	Ignored string            `json:"-"`
	hidden  string
}

// loadInner must encode what it decodes (see RegisterRule): with
// "days,omitempty", {"days":[]} decoded to an empty Days, which was written
// as nothing, which read back as the zero loadInner, which "inner,omitzero"
// then left out, and the canonical JSON changed on reloading (found by
// FuzzLoadPolicy, testdata/fuzz/FuzzLoadPolicy/67cbe228bbdf0ee7).
type loadInner struct {
	Code string `json:"code"`
	Days []int  `json:"days"`
}

func (loadShapes) Kind() string                { return "test-shapes" }
func (loadShapes) IsCondition() bool           { return true }
func (loadShapes) Check(*subsidy.Policy) error { return nil }
func (loadShapes) Apply(*subsidy.State) error  { return nil }

// loadLoader returns a loader that knows the built-in kinds and the test
// kinds.
func loadLoader(t testing.TB) *subsidy.Loader {
	t.Helper()
	l := subsidy.NewLoader()
	require.NoError(t, l.RegisterRule("test-add", func() subsidy.Rule { return new(loadAdd) }))
	require.NoError(t, l.RegisterRule("test-shapes", func() subsidy.Rule { return new(loadShapes) }))
	require.NoError(t, l.RegisterSchedule("test-split", func() subsidy.Schedule { return new(loadSplit) }))
	return l
}

// loadBase is the policy the broken variants are made from. The caps are
// the skill-improvement subsidy's of the 2024 version (DOMAIN.md,
// "Subsidies (China)": 初级 1000, 中级 1500, 高级 2000), keyed by category;
// the insured months are 36 from 2017 (人社部发〔2017〕40号) and 12 from
// 2019-01-01 (DOMAIN.md).
const loadBase = `{
  "format": "dualtrack.policy/1",
  "name": "test-skill",
  "version": "2024",
  "title": "Skill-improvement subsidy (技能提升补贴), test edition",
  "jurisdiction": "CN",
  "currency": "CNY",
  "scheme": "skill-improvement",
  "basis": "issued",
  "rounding": {"quantum": "0.01", "mode": "half-up"},
  "params": [
    {
      "name": "months",
      "unit": "months",
      "kind": "number",
      "continuous": true,
      "entries": [
        {"from": "2017-01-01", "until": "2018-12-31", "value": "36", "citation": {"number": "人社部发〔2017〕40号"}},
        {"from": "2019-01-01", "value": "12", "citation": {"title": "DOMAIN.md: from 2019-01-01"}}
      ]
    },
    {
      "name": "cap",
      "unit": "CNY",
      "kind": "table",
      "entries": [
        {"from": "2024-01-01", "until": "2024-12-31",
         "value": {"junior": "1000", "intermediate": "1500", "senior": "2000"},
         "citation": {"title": "DOMAIN.md: 2024 version", "url": "https://example.org/2024"},
         "published": "2023-12-15"}
      ]
    },
    {
      "name": "parts",
      "unit": "count",
      "kind": "number",
      "entries": [{"from": "2017-01-01", "value": "2", "citation": {"title": "test: two parts"}}]
    }
  ],
  "rules": [
    {"kind": "test-add", "id": "cap", "table": "cap", "note": "the cap by category"},
    {"kind": "insured-months", "id": "insured", "on": "claim", "min": "months"},
    {"kind": "test-add", "id": "again", "table": "cap", "rounding": {"quantum": "1", "mode": "down"}}
  ],
  "schedule": {"kind": "test-split", "parts": "parts"}
}`

// loadEdit returns base with old replaced by new; old must occur exactly
// once, so that the edit cannot silently do nothing.
func loadEdit(t testing.TB, base, old, new string) string {
	t.Helper()
	require.Equalf(t, 1, strings.Count(base, old), "%q must occur once", old)
	return strings.Replace(base, old, new, 1)
}

type loadBrokenCase struct {
	name   string
	input  string
	path   string // the exact Path of the *PolicyError
	value  string // a substring of its Value ("" for no check)
	reason string // a substring of its Reason
}

// loadBrokenCases returns broken policies with the error each must give.
func loadBrokenCases(t testing.TB) []loadBrokenCase {
	b := loadBase
	// e applies the edits old, new, old, new, ... to the base in turn.
	e := func(edits ...string) string {
		s := b
		for i := 0; i < len(edits); i += 2 {
			s = loadEdit(t, s, edits[i], edits[i+1])
		}
		return s
	}
	deep := strings.Repeat("[", 40) + strings.Repeat("]", 40)
	return []loadBrokenCase{
		// The document as a whole.
		{"empty", "", "", "", "empty input"},
		{"white space", " \n\t", "", "", "empty input"},
		{"array", "[]", "", "[", "not a JSON object"},
		{"string", `"policy"`, "", "policy", "not a JSON object"},
		{"trailing object", b + "{}", "", "", "unexpected data after the policy object"},
		{"trailing garbage", b + " x", "", "", "unexpected data after the policy object"},
		{"truncated", b[:strings.Index(b, `"value": "12"`)+len(`"value": "12"`)], "params[0].entries[1]", "", "unexpected end of input"},
		{"syntax", e(`"version": "2024",`, `"version": "2024",,`), "", "", "not valid JSON: at byte"},
		{"syntax in a table", e(`"senior": "2000"`, `"senior": 2000x`), "params[1].entries[0].value", "", "after object key:value pair"},
		{"not UTF-8", e("test edition", "test \xff edition"), "", "", "not valid UTF-8 at byte"},
		{"too deep", e(`"title": "Skill`, `"deep": `+deep+`, "title": "Skill`), "deep" + strings.Repeat("[0]", 31), "", "nested deeper than 32 levels"},

		// Duplicate keys, at any depth.
		{"duplicate top-level key", e(`"version": "2024",`, `"version": "2024", "version": "2025",`), "version", `"version"`, "duplicate key"},
		{"duplicate key in a table value", e(`"senior": "2000"`, `"senior": "2000", "senior": "2500"`), "params[1].entries[0].value.senior", "", "duplicate key"},
		{"duplicate key in a rule", e(`"id": "cap",`, `"id": "cap", "id": "cap2",`), "rules[0].id", "", "duplicate key"},

		// Unknown fields, at every level, matched exactly.
		{"unknown top-level field", e(`"title": "Skill`, `"colour": "red", "title": "Skill`), "colour", `"red"`, "unknown field"},
		{"field in the wrong case", e(`"version"`, `"Version"`), "Version", "", "unknown field"},
		{"key that is not a name", e(`"title": "Skill`, `"a b": 1, "title": "Skill`), `["a b"]`, "1", "unknown field"},
		{"unknown param field", e(`"unit": "months"`, `"unit": "months", "colour": 1`), "params[0].colour", "", "unknown field"},
		{"unknown entry field", e(`"value": "12",`, `"value": "12", "colour": 1,`), "params[0].entries[1].colour", "", "unknown field"},
		{"unknown citation field", e(`{"number": "人社部发〔2017〕40号"}`, `{"number": "x", "colour": 1}`), "params[0].entries[0].citation.colour", "", "unknown field"},
		{"unknown rounding field", e(`"mode": "half-up"}`, `"mode": "half-up", "colour": 1}`), "rounding.colour", "", "unknown field"},
		{"unknown rule field", e(`"id": "cap",`, `"id": "cap", "colour": 1,`), "rules[0].colour", "", "the fields here are id, on, rounding, note, amount, table"},
		{"unknown schedule field", e(`"parts": "parts"}`, `"parts": "parts", "colour": 1}`), "schedule.colour", "", "unknown field"},

		// The format tag and other required fields.
		{"no format", e(`"format": "dualtrack.policy/1",`, ``), "format", "", `required: "dualtrack.policy/1"`},
		{"null format", e(`"format": "dualtrack.policy/1",`, `"format": null,`), "format", "", "required"},
		{"other format", e(`"dualtrack.policy/1"`, `"dualtrack.policy/2"`), "format", `"dualtrack.policy/2"`, "unsupported format"},

		// Wrong types.
		{"name a number", e(`"name": "test-skill"`, `"name": 5`), "name", "5", "want a string, got a number"},
		{"params an object", e(`"params": [`, `"params": {"months": [`, `}
  ],
  "rules"`, `}
  ]},
  "rules"`), "params", "{…}", "want an array, got an object"},
		{"continuous a string", e(`"continuous": true`, `"continuous": "yes"`), "params[0].continuous", `"yes"`, "want true or false"},
		{"value a JSON number", e(`"value": "36"`, `"value": 36`), "params[0].entries[0].value", "36", "write decimals as strings"},
		{"table value a JSON number", e(`"senior": "2000"`, `"senior": 2000`), "params[1].entries[0].value.senior", "2000", "write decimals as strings"},
		{"table value null", e(`"senior": "2000"`, `"senior": null`), "params[1].entries[0].value.senior", "null", "decimal string"},
		{"table value a string", e(`{"junior": "1000", "intermediate": "1500", "senior": "2000"}`, `"1000"`), "params[1].entries[0].value", `"1000"`, "want an object"},
		{"number value an object", e(`"value": "36"`, `"value": {"a": "36"}`), "params[0].entries[0].value", "{…}", "want a decimal string"},
		{"entries an object", e(`"entries": [{"from": "2017-01-01", "value": "2", "citation": {"title": "test: two parts"}}]`,
			`"entries": {"first": {"from": "2017-01-01", "value": "2"}}`), "params[2].entries", "{…}", "want an array, got an object"},
		{"citation title a number", e(`"title": "DOMAIN.md: from 2019-01-01"`, `"title": 2019`), "params[0].entries[1].citation.title", "2019", "want a string"},
		{"rule field a number", e(`"table": "cap", "note"`, `"table": 5, "note"`), "rules[0].table", "5", "want a string"},
		{"rule not an object", e(`{"kind": "insured-months", "id": "insured", "on": "claim", "min": "months"}`, `"insured"`), "rules[1]", `"insured"`, "want an object"},
		{"schedule an array", e(`{"kind": "test-split", "parts": "parts"}`, `[]`), "schedule", "[…]", "want an object"},

		// Decimals.
		{"huge exponent", e(`"value": "36"`, `"value": "1e999999999"`), "params[0].entries[0].value", `"1e999999999"`, "not an acceptable decimal"},
		{"thousands of digits", e(`"value": "36"`, `"value": "`+strings.Repeat("9", 5000)+`"`), "params[0].entries[0].value", "999", "not an acceptable decimal"},
		{"thousands separator", e(`"senior": "2000"`, `"senior": "2,000"`), "params[1].entries[0].value.senior", `"2,000"`, "not an acceptable decimal"},
		{"too many decimals", e(`"value": "36"`, `"value": "0.0000000000001"`), "params[0].entries[0].value", "0.0000000000001", "decimal places"},

		// Dates and the order of entries.
		{"30 February", e(`{"from": "2019-01-01"`, `{"from": "2024-02-30"`), "params[0].entries[1].from", `"2024-02-30"`, "not a date: day 30 out of range"},
		{"month 13", e(`"until": "2018-12-31"`, `"until": "2018-13-01"`), "params[0].entries[0].until", `"2018-13-01"`, "not a date"},
		{"empty date", e(`"published": "2023-12-15"`, `"published": ""`), "params[1].entries[0].published", `""`, "not a date"},
		{"date a number", e(`"until": "2018-12-31"`, `"until": 20181231`), "params[0].entries[0].until", "20181231", "want a date string"},
		{"no from", e(`{"from": "2019-01-01", `, `{`), "params[0].entries[1].from", "", "required field missing"},
		{"no value", e(`"value": "12", `, ``), "params[0].entries[1].value", "", "required"},
		{"overlap", e(`"until": "2018-12-31"`, `"until": "2019-06-30"`), "params[0].entries[0].until", "2019-06-30", "entries overlap"},
		{"gap in a continuous series", e(`"until": "2018-12-31"`, `"until": "2018-11-30"`), "params[0].entries[0].until", "2018-11-30", "gap between entries"},
		{"until before from", e(`"until": "2018-12-31"`, `"until": "2016-12-31"`), "params[0].entries[0].until", "2016-12-31", "until before from"},
		// Entry 0 from 2019, entry 1 from 2017.
		{"unsorted", e(`{"from": "2017-01-01", "until": "2018-12-31", "value": "36"`, `{"from": "2019-01-01", "value": "36"`,
			`{"from": "2019-01-01", "value": "12"`, `{"from": "2017-01-01", "value": "12"`), "params[0].entries[1].from", "2017-01-01", "entries not sorted by from"},
		{"same from twice", e(`{"from": "2017-01-01", "until": "2018-12-31", "value": "36"`, `{"from": "2019-01-01", "value": "36"`),
			"params[0].entries[1].from", "2019-01-01", "duplicate from"},
		{"no entries", e(`"entries": [{"from": "2017-01-01", "value": "2", "citation": {"title": "test: two parts"}}]`, `"entries": []`), "params[2].entries", "", "at least one entry"},

		// Parameters.
		{"param kind unknown", e(`"kind": "table"`, `"kind": "list"`), "params[1].kind", `"list"`, `must be "number" or "table"`},
		{"param kind missing", e(`"unit": "months",
      "kind": "number",`, `"unit": "months",`), "params[0].kind", "", `must be "number" or "table"`},
		{"param name invalid (NewPolicy)", e(`"name": "cap"`, `"name": "Cap"`), "params[1].name", `"Cap"`, "must be 1 to 64"},
		{"param name repeated (NewPolicy)", e(`"name": "parts"`, `"name": "cap"`), "params[2].name", `"cap"`, "used by an earlier parameter"},

		// Rounding and date bases.
		{"rounding mode", e(`"mode": "half-up"`, `"mode": "nearest"`), "rounding.mode", `"nearest"`, "not a rounding mode"},
		{"rounding quantum zero", e(`"quantum": "0.01"`, `"quantum": "0"`), "rounding.quantum", `"0"`, "must be positive"},
		{"rounding quantum a number", e(`"quantum": "0.01"`, `"quantum": 0.01`), "rounding.quantum", "0.01", "write decimals as strings"},
		{"rounding without mode", e(`, "mode": "half-up"`, ``), "rounding.mode", "", "required"},
		{"rounding finer than the fen (NewPolicy)", e(`"quantum": "0.01"`, `"quantum": "0.001"`), "rounding", "", "multiple of the currency's minor unit"},
		{"rule rounding mode", e(`"mode": "down"`, `"mode": "sideways"`), "rules[2].rounding.mode", `"sideways"`, "not a rounding mode"},
		{"basis", e(`"basis": "issued"`, `"basis": "birth"`), "basis", `"birth"`, "not a date basis"},
		{"rule basis", e(`"on": "claim"`, `"on": "birth"`), "rules[1].on", `"birth"`, "not a date basis"},

		// Kinds.
		{"unknown rule kind", e(`"kind": "test-add", "id": "again"`, `"kind": "test-mul", "id": "again"`), "rules[2].kind", `"test-mul"`, "unknown rule kind; known kinds are "},
		{"rule without kind", e(`"kind": "test-add", "id": "again", `, `"id": "again", `), "rules[2].kind", "", "required; known kinds are "},
		{"rule kind a number", e(`"kind": "test-add", "id": "again"`, `"kind": 7, "id": "again"`), "rules[2].kind", "7", "want a string"},
		{"unknown schedule kind", e(`"kind": "test-split"`, `"kind": "test-halves"`), "schedule.kind", `"test-halves"`, "unknown schedule kind; known kinds are "},

		// What NewPolicy checks, with its paths.
		{"rule names a missing parameter", e(`"table": "cap", "note"`, `"table": "caps", "note"`), "rules[0].table", `"caps"`, "no such parameter"},
		{"rule names a number as a table", e(`"table": "cap", "note"`, `"table": "months", "note"`), "rules[0].table", `"months"`, "a table parameter is needed"},
		{"rule ids repeated", e(`"id": "again"`, `"id": "cap"`), "rules[2].id", `"cap"`, "already the id of rules[0]"},
		{"currency", e(`"currency": "CNY"`, `"currency": "yuan"`), "currency", `"yuan"`, "ISO 4217"},
		{"schedule names a missing parameter", e(`"parts": "parts"}`, `"parts": "pieces"}`), "schedule.parts", `"pieces"`, "no such parameter"},
	}
}

func TestLoadBroken(t *testing.T) {
	l := loadLoader(t)
	// The base itself loads: every failure below is the edit's.
	_, err := l.Load([]byte(loadBase))
	require.NoError(t, err)
	for _, c := range loadBrokenCases(t) {
		t.Run(c.name, func(t *testing.T) {
			p, err := l.Load([]byte(c.input))
			require.Error(t, err)
			require.Nil(t, p)
			assert.ErrorIs(t, err, subsidy.ErrInvalidPolicy)
			var pe *subsidy.PolicyError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, c.path, pe.Path, "path; error: %v", err)
			assert.Contains(t, pe.Value, c.value, "value; error: %v", err)
			assert.Contains(t, pe.Reason, c.reason, "reason; error: %v", err)
			assert.NotEmpty(t, pe.Reason)
			assert.LessOrEqual(t, len(pe.Value), 80, "values are shortened")
		})
	}
}

// TestLoadDuplicateKeysInLargeObjects: repeated keys are found however
// many keys an object has (past 16 keys the scan changes method).
func TestLoadDuplicateKeysInLargeObjects(t *testing.T) {
	l := loadLoader(t)
	table := func(n int, dup string) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, `"k%02d": "1", `, i)
		}
		if dup != "" {
			fmt.Fprintf(&b, `"%s": "2", `, dup)
		}
		return loadEdit(t, loadBase, `"junior": "1000", `, b.String()+`"junior": "1000", `)
	}
	_, err := l.Load([]byte(table(30, "")))
	require.NoError(t, err, "30 distinct keys")
	for _, c := range []struct {
		n   int
		dup string
	}{
		{15, "k00"}, // the 16th key repeats the 1st
		{16, "k00"}, // the 17th key repeats the 1st
		{16, "k15"}, // the 17th key repeats the 16th
		{17, "k00"}, // the 18th key repeats the 1st
		{30, "k03"}, // the 31st key repeats the 4th
		{30, "k29"},
	} {
		_, err := l.Load([]byte(table(c.n, c.dup)))
		var pe *subsidy.PolicyError
		require.ErrorAs(t, err, &pe, "%d keys, then %s", c.n, c.dup)
		assert.Equal(t, "params[1].entries[0].value."+c.dup, pe.Path)
		assert.Contains(t, pe.Reason, "duplicate key")
	}
	// A later duplicate of the 17th key, the one at which the scan
	// changes method.
	in := loadEdit(t, table(30, ""), `"junior": "1000", `, `"k16": "3", "junior": "1000", `)
	_, err = l.Load([]byte(in))
	var pe *subsidy.PolicyError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "params[1].entries[0].value.k16", pe.Path)
}

// TestLoadErrorsUnwrap: the errors underneath stay reachable.
func TestLoadErrorsUnwrap(t *testing.T) {
	l := loadLoader(t)
	_, err := l.Load([]byte(loadEdit(t, loadBase, `{"from": "2019-01-01"`, `{"from": "2024-02-30"`)))
	assert.ErrorIs(t, err, subsidy.ErrInvalidDate)
	var de *subsidy.DateError
	assert.ErrorAs(t, err, &de)

	_, err = l.Load([]byte(loadEdit(t, loadBase, `"value": "36"`, `"value": "1e999999999"`)))
	assert.ErrorIs(t, err, subsidy.ErrInvalidAmount)

	_, err = l.Load([]byte(loadEdit(t, loadBase, `"until": "2018-12-31"`, `"until": "2019-06-30"`)))
	var se interface{ Path() string }
	require.ErrorAs(t, err, &se, "the series error is kept")
	assert.Equal(t, "entries[0].until", se.Path())

	// The policy's name is in the message once it is known to be a name.
	_, err = l.Load([]byte(loadEdit(t, loadBase, `"mode": "half-up"`, `"mode": "nearest"`)))
	assert.EqualError(t, err, `subsidy: policy "test-skill": rounding.mode = "nearest": not a rounding mode: one of half-up, half-even, down, up, floor, ceiling`)
}

func TestLoadTooLarge(t *testing.T) {
	l := loadLoader(t)
	// MaxPolicySize bytes of white space around the base: one byte too many.
	big := loadBase + strings.Repeat(" ", subsidy.MaxPolicySize-len(loadBase)+1)
	_, err := l.Load([]byte(big))
	var pe *subsidy.PolicyError
	require.ErrorAs(t, err, &pe)
	assert.Contains(t, pe.Reason, "larger than the limit of 4194304 bytes")

	// Exactly MaxPolicySize bytes load.
	_, err = l.Load([]byte(big[:len(big)-1]))
	require.NoError(t, err)

	_, err = l.Read(strings.NewReader(big))
	require.ErrorAs(t, err, &pe)
	assert.Contains(t, pe.Reason, "larger than the limit")
}

type loadFailingReader struct{}

var errLoadDisk = errors.New("disk on fire")

func (loadFailingReader) Read([]byte) (int, error) { return 0, errLoadDisk }

func TestLoadRead(t *testing.T) {
	l := loadLoader(t)
	p, err := l.Read(strings.NewReader(loadBase))
	require.NoError(t, err)
	assert.Equal(t, "test-skill@2024", p.ID())

	// A reader's own error is not the policy's fault.
	_, err = l.Read(loadFailingReader{})
	require.ErrorIs(t, err, errLoadDisk)
	assert.NotErrorIs(t, err, subsidy.ErrInvalidPolicy)

	_, err = l.Read(io.MultiReader(strings.NewReader(loadBase), strings.NewReader("]")))
	require.ErrorIs(t, err, subsidy.ErrInvalidPolicy)
}

// loadFixtures returns the policies that must load and round-trip: the
// base and the files in testdata/policies.
func loadFixtures(t testing.TB) map[string][]byte {
	t.Helper()
	out := map[string][]byte{"base": []byte(loadBase), "shapes": []byte(loadShapesPolicy)}
	files, err := filepath.Glob("testdata/policies/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		out[filepath.Base(f)] = b
	}
	return out
}

// loadShapesPolicy uses the test-shapes kind with every field set.
const loadShapesPolicy = `{"format":"dualtrack.policy/1","name":"shapes","version":"1","currency":"EUR","scheme":"s",
 "rounding":{"quantum":"0.01","mode":"half-even"},"params":[],
 "rules":[{"kind":"test-shapes","id":"all","count":-3,"small":255,"names":["a","b\u001f\"\\"],"labels":{"z":"1","a":"2"},
   "since":"2024-02-29","level":"national-4","limit":"1500.50","inner":{"code":"x","days":[90,365]},
   "extra":{"n":12345678901234567890,"f":2.5,"list":[true,null,"s"]}}]}`

func TestLoadRoundTrip(t *testing.T) {
	l := loadLoader(t)
	for name, data := range loadFixtures(t) {
		t.Run(name, func(t *testing.T) {
			p, err := l.Load(data)
			require.NoError(t, err)
			canon, err := p.MarshalJSON()
			require.NoError(t, err)
			q, err := l.Load(canon)
			require.NoError(t, err)
			assert.Equal(t, p.Digest(), q.Digest())
			again, err := q.MarshalJSON()
			require.NoError(t, err)
			assert.Equal(t, string(canon), string(again))

			// Indented, or with the keys of every object sorted (which
			// moves "format" away from the front and "kind" out of first
			// place): the same policy, the same digest.
			var indented bytes.Buffer
			require.NoError(t, json.Indent(&indented, canon, "", "\t"))
			var tree any
			dec := json.NewDecoder(bytes.NewReader(canon))
			dec.UseNumber()
			require.NoError(t, dec.Decode(&tree))
			sorted, err := json.Marshal(tree)
			require.NoError(t, err)
			require.NotEqual(t, string(canon), string(sorted), "the keys really were reordered")
			for _, variant := range [][]byte{indented.Bytes(), sorted} {
				r, err := l.Load(variant)
				require.NoError(t, err)
				assert.Equal(t, p.Digest(), r.Digest())
			}
		})
	}
}

// TestLoadCanonicalDecimals: how a decimal is written does not matter.
func TestLoadCanonicalDecimals(t *testing.T) {
	l := loadLoader(t)
	p, err := l.Load([]byte(loadBase))
	require.NoError(t, err)
	for _, v := range []string{`"1500.00"`, `"1.5e3"`, `"+1500"`, `"001500"`, `"15000e-1"`} {
		q, err := l.Load([]byte(loadEdit(t, loadBase, `"1500"`, v)))
		require.NoError(t, err, v)
		assert.Equal(t, p.Digest(), q.Digest(), v)
	}
}

// TestLoadDigestChanges: a change of any value, date, citation or rule
// detail changes the digest.
func TestLoadDigestChanges(t *testing.T) {
	l := loadLoader(t)
	p, err := l.Load([]byte(loadBase))
	require.NoError(t, err)
	edits := []struct{ name, old, new string }{
		{"a table value", `"senior": "2000"`, `"senior": "2000.01"`},
		{"a number value", `"value": "36"`, `"value": "37"`},
		{"a from date", `{"from": "2017-01-01", "until"`, `{"from": "2017-01-02", "until"`},
		{"an until date", `"until": "2024-12-31"`, `"until": "2024-12-30"`},
		{"a publication date", `"published": "2023-12-15"`, `"published": "2023-12-16"`},
		{"no publication date", `,
         "published": "2023-12-15"`, ``},
		{"a citation number", `人社部发〔2017〕40号`, `人社部发〔2017〕41号`},
		{"a citation title", `"DOMAIN.md: from 2019-01-01"`, `"DOMAIN.md: from 2019"`},
		{"a citation URL", `https://example.org/2024`, `https://example.org/2024/`},
		{"a unit", `"unit": "CNY"`, `"unit": "RMB"`},
		{"continuity", `"continuous": true,`, ``},
		{"the rounding mode", `"mode": "half-up"`, `"mode": "half-even"`},
		{"a rule's rounding", `"mode": "down"`, `"mode": "up"`},
		{"a rule's note", `"the cap by category"`, `"the cap by category."`},
		{"a rule's basis", `"on": "claim", `, ``},
		{"the basis", `"basis": "issued"`, `"basis": "start"`},
		{"the title", `test edition`, `test edition 2`},
		{"the schedule", `,
  "schedule": {"kind": "test-split", "parts": "parts"}`, ``},
	}
	seen := map[string]string{p.Digest(): "base"}
	for _, c := range edits {
		t.Run(c.name, func(t *testing.T) {
			q, err := l.Load([]byte(loadEdit(t, loadBase, c.old, c.new)))
			require.NoError(t, err)
			prev, dup := seen[q.Digest()]
			assert.Falsef(t, dup, "same digest as %s", prev)
			seen[q.Digest()] = c.name
		})
	}
}

func TestLoaderRegister(t *testing.T) {
	newAdd := func() subsidy.Rule { return new(loadAdd) }
	cases := []struct {
		name    string
		kind    string
		factory func() subsidy.Rule
		reason  string
	}{
		{"taken by a built-in kind", "cap", func() subsidy.Rule { return new(subsidy.Cap) }, "already registered"},
		{"taken by a test kind", "test-add", newAdd, "already registered"},
		{"not a name", "Test Add", newAdd, "must be 1 to 64"},
		{"empty", "", newAdd, "must be 1 to 64"},
		{"no factory", "test-none", nil, "no factory function"},
		{"factory returns nil", "test-nil", func() subsidy.Rule { return nil }, "returned nil"},
		{"factory returns a nil pointer", "test-nilptr", func() subsidy.Rule { return (*loadAdd)(nil) }, "pointer to a struct"},
		{"factory returns a value", "test-add2", func() subsidy.Rule { return loadAdd{} }, "pointer to a struct, not subsidy_test.loadAdd"},
		{"kind differs", "test-add2", newAdd, `its kind is "test-add"`},
		{"a field named kind", "test-kind", func() subsidy.Rule { return new(loadKindField) }, `a JSON field "kind"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := loadLoader(t)
			err := l.RegisterRule(c.kind, c.factory)
			require.ErrorIs(t, err, subsidy.ErrInvalidKind)
			var ke *subsidy.KindError
			require.ErrorAs(t, err, &ke)
			assert.Equal(t, c.kind, ke.Kind)
			assert.False(t, ke.Schedule)
			assert.Contains(t, ke.Reason, c.reason)
			assert.Contains(t, err.Error(), `cannot register rule kind "`+c.kind+`"`)
		})
	}

	l := loadLoader(t)
	err := l.RegisterSchedule("test-split", func() subsidy.Schedule { return new(loadSplit) })
	var ke *subsidy.KindError
	require.ErrorAs(t, err, &ke)
	assert.True(t, ke.Schedule)
	assert.EqualError(t, err, `subsidy: cannot register schedule kind "test-split": already registered`)
	require.ErrorIs(t, l.RegisterSchedule("test-x", nil), subsidy.ErrInvalidKind)
}

// loadFickle says a different kind once its "says" is decoded.
type loadFickle struct {
	subsidy.RuleMeta
	Says string `json:"says,omitempty"`
}

func (r loadFickle) Kind() string {
	if r.Says != "" {
		return r.Says
	}
	return "test-fickle"
}
func (loadFickle) Check(*subsidy.Policy) error { return nil }
func (loadFickle) Apply(*subsidy.State) error  { return nil }

func TestLoadFickleKind(t *testing.T) {
	l := loadLoader(t)
	require.NoError(t, l.RegisterRule("test-fickle", func() subsidy.Rule { return new(loadFickle) }))
	policy := func(says string) string {
		return `{"format":"dualtrack.policy/1","name":"fickle","version":"1","currency":"CNY","scheme":"s",
		"rounding":{"quantum":"1","mode":"down"},"params":[],"rules":[{"kind":"test-fickle","id":"r","says":"` + says + `"}]}`
	}
	_, err := l.Load([]byte(policy("")))
	require.NoError(t, err)
	// Its canonical form would say "kind":"other", which would not load
	// back as this rule.
	_, err = l.Load([]byte(policy("other")))
	var pe *subsidy.PolicyError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "rules[0].kind", pe.Path)
	assert.Equal(t, `the decoded rule says its kind is "other"`, pe.Reason)
}

// loadKindField has a field that would clash with the kind's own key.
type loadKindField struct {
	subsidy.RuleMeta
	KindName string `json:"kind"`
}

func (loadKindField) Kind() string                { return "test-kind" }
func (loadKindField) Check(*subsidy.Policy) error { return nil }
func (loadKindField) Apply(*subsidy.State) error  { return nil }

// TestLoaderKnownKinds: an unknown kind's error lists the known ones,
// sorted; the zero Loader knows none.
func TestLoaderKnownKinds(t *testing.T) {
	one := func(kind string) string {
		return `{"format":"dualtrack.policy/1","name":"k","version":"1","currency":"CNY","scheme":"s",
		"rounding":{"quantum":"1","mode":"down"},"params":[],"rules":[{"kind":"` + kind + `","id":"r"}]}`
	}
	var zero subsidy.Loader
	_, err := zero.Load([]byte(one("amount")))
	var pe *subsidy.PolicyError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "rules[0].kind", pe.Path)
	assert.Equal(t, "unknown rule kind; none are registered", pe.Reason)

	// Registered out of order, listed in order.
	require.NoError(t, zero.RegisterRule("test-shapes", func() subsidy.Rule { return new(loadShapes) }))
	require.NoError(t, zero.RegisterRule("test-add", func() subsidy.Rule { return new(loadAdd) }))
	_, err = zero.Load([]byte(one("amount")))
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "unknown rule kind; known kinds are test-add, test-shapes", pe.Reason)

	// The built-in kinds, all of them and nothing else.
	wantRules := []string{
		"age-range", "amount", "amount-by-category", "cap", "claim-window", "contract-length", "deduct",
		"flag", "floor", "higher-excludes-lower", "history-cap", "holder-kind", "in-force",
		"insured-months", "level-at-least", "max-claims-per-year", "not-combined",
		"once-per-level", "percent-of-base", "rate-duration", "share", "training-length", "uplift",
	}
	wantSchedules := []string{"instalments", "milestones", "prepay-settle"}
	l := subsidy.NewLoader()
	_, err = l.Load([]byte(one("nope")))
	require.ErrorAs(t, err, &pe)
	got, ok := strings.CutPrefix(pe.Reason, "unknown rule kind; known kinds are ")
	require.True(t, ok, pe.Reason)
	assert.Equal(t, wantRules, strings.Split(got, ", "))

	withSchedule := loadEdit(t, one("amount"), `}]}`, `}],"schedule":{"kind":"nope"}}`)
	_, err = l.Load([]byte(withSchedule))
	require.ErrorAs(t, err, &pe)
	require.Equal(t, "schedule.kind", pe.Path)
	got, ok = strings.CutPrefix(pe.Reason, "unknown schedule kind; known kinds are ")
	require.True(t, ok, pe.Reason)
	assert.Equal(t, wantSchedules, strings.Split(got, ", "))

	// Each built-in kind decodes into its own type: the error of a rule
	// with nothing but an id is the kind's own Check (a missing parameter,
	// say), never about the kind.
	for _, kind := range wantRules {
		p, err := l.Load([]byte(one(kind)))
		if err == nil {
			assert.Equal(t, kind, p.Definition().Rules[0].Kind())
			continue
		}
		require.ErrorAs(t, err, &pe, kind)
		assert.NotEqual(t, "rules[0].kind", pe.Path, "%s: %v", kind, err)
		assert.True(t, strings.HasPrefix(pe.Path, "rules[0]."), "%s: %v", kind, err)
	}
	for _, kind := range wantSchedules {
		p, err := l.Load([]byte(loadEdit(t, one("amount"), `"rules":[{"kind":"amount","id":"r"}]}`, `"rules":[],"schedule":{"kind":"`+kind+`"}}`)))
		if err == nil {
			assert.Equal(t, kind, p.Definition().Schedule.Kind())
			continue
		}
		require.ErrorAs(t, err, &pe, kind)
		assert.NotEqual(t, "schedule.kind", pe.Path, "%s: %v", kind, err)
		assert.True(t, strings.HasPrefix(pe.Path, "schedule."), "%s: %v", kind, err)
	}
}

// TestLoadShapes: the fields of a custom kind are checked by their Go types,
// with the path of every fault.
func TestLoadShapes(t *testing.T) {
	l := loadLoader(t)
	p, err := l.Load([]byte(loadShapesPolicy))
	require.NoError(t, err)
	r, ok := p.Definition().Rules[0].(*loadShapes)
	require.True(t, ok, "the factory's pointer is kept")
	assert.Equal(t, -3, r.Count)
	assert.Equal(t, uint8(255), r.Small)
	assert.Equal(t, []string{"a", "b\x1f\"\\"}, r.Names, "escapes survive")
	assert.Equal(t, map[string]string{"a": "2", "z": "1"}, r.Labels)
	require.NotNil(t, r.Since)
	assert.Equal(t, "2024-02-29", r.Since.String())
	assert.Equal(t, certificate.NationalGrade4, r.Level)
	assert.Equal(t, "1500.5", r.Limit.String())
	assert.Equal(t, loadInner{Code: "x", Days: []int{90, 365}}, r.Inner)
	canon, err := p.MarshalJSON()
	require.NoError(t, err)
	assert.Contains(t, string(canon), `"extra":{"f":2.5,"list":[true,null,"s"],"n":12345678901234567890}`, "numbers in an any field keep their digits")

	cases := []struct {
		name, old, new, path, reason string
	}{
		{"int as string", `"count":-3`, `"count":"-3"`, "rules[0].count", "want an integer, got a string"},
		{"int with fraction", `"count":-3`, `"count":1.5`, "rules[0].count", "not an integer within the range of int"},
		{"uint8 overflow", `"small":255`, `"small":256`, "rules[0].small", "range of uint8"},
		{"uint8 negative", `"small":255`, `"small":-1`, "rules[0].small", "non-negative integer"},
		{"list element", `"names":["a","b\u001f\"\\"]`, `"names":["a",2]`, "rules[0].names[1]", "want a string"},
		{"list an object", `"names":["a","b\u001f\"\\"]`, `"names":{"a":"b"}`, "rules[0].names", "want an array"},
		{"map value", `"labels":{"z":"1","a":"2"}`, `"labels":{"z":"1","a":2}`, "rules[0].labels.a", "want a string"},
		{"pointer to date", `"since":"2024-02-29"`, `"since":"2023-02-29"`, "rules[0].since", "day 29 out of range"},
		{"text unmarshaler", `"level":"national-4"`, `"level":"grade-9"`, "rules[0].level", "grade-9"},
		{"text unmarshaler not a string", `"level":"national-4"`, `"level":4`, "rules[0].level", "want a string"},
		{"decimal as number", `"limit":"1500.50"`, `"limit":1500.5`, "rules[0].limit", "write decimals as strings"},
		{"decimal unbounded", `"limit":"1500.50"`, `"limit":"1e99999"`, "rules[0].limit", "not an acceptable decimal"},
		{"nested unknown field", `"inner":{"code":"x",`, `"inner":{"code":"x","colour":1,`, "rules[0].inner.colour", "the fields here are code, days"},
		{"nested list element", `"days":[90,365]`, `"days":[90,"365"]`, "rules[0].inner.days[1]", "want an integer"},
		{"ignored field", `"count":-3`, `"Ignored":"x"`, "rules[0].Ignored", "unknown field"},
		{"ignored field by its tag", `"count":-3`, `"-":"x"`, "rules[0].-", "unknown field"},
		{"unexported field", `"count":-3`, `"hidden":"x"`, "rules[0].hidden", "unknown field"},
		{"promoted field in the wrong case", `"id":"all"`, `"ID":"all"`, "rules[0].ID", "unknown field"},
		{"Go field name", `"count":-3`, `"Count":-3`, "rules[0].Count", "unknown field"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := l.Load([]byte(loadEdit(t, loadShapesPolicy, c.old, c.new)))
			var pe *subsidy.PolicyError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, c.path, pe.Path, "%v", err)
			assert.Contains(t, pe.Reason, c.reason, "%v", err)
		})
	}

	// null leaves a field at its zero value, as if it were absent.
	q, err := l.Load([]byte(loadEdit(t, loadShapesPolicy, `"names":["a","b\u001f\"\\"]`, `"names":null`)))
	require.NoError(t, err)
	assert.Nil(t, q.Definition().Rules[0].(*loadShapes).Names)
}

// loadMore exercises the decoder on the rarer field types: a type with its
// own UnmarshalJSON, bytes, a fixed-size array, maps keyed by integers and
// by a TextUnmarshaler, the ",string" option and a non-empty interface.
type loadMore struct {
	subsidy.RuleMeta
	Raw     loadRaw                      `json:"raw,omitzero"`
	Blob    []byte                       `json:"blob,omitempty"`
	Pair    [2]string                    `json:"pair,omitzero"`
	ByID    map[int]string               `json:"by_id,omitempty"`
	ByLevel map[certificate.Level]string `json:"by_level,omitempty"`
	Quoted  int                          `json:"quoted,omitempty,string"`
	Iface   fmt.Stringer                 `json:"iface,omitempty"`
}

// loadRaw is written as the JSON string "raw:" followed by its text; any
// other string is an error.
type loadRaw struct{ text string }

func (r loadRaw) MarshalJSON() ([]byte, error) { return json.Marshal("raw:" + r.text) }

func (r *loadRaw) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	text, ok := strings.CutPrefix(s, "raw:")
	if !ok {
		return errors.New("a raw value starts with raw:")
	}
	r.text = text
	return nil
}

func (loadMore) Kind() string                { return "test-more" }
func (loadMore) IsCondition() bool           { return true }
func (loadMore) Check(*subsidy.Policy) error { return nil }
func (loadMore) Apply(*subsidy.State) error  { return nil }

func TestLoadMoreShapes(t *testing.T) {
	l := loadLoader(t)
	require.NoError(t, l.RegisterRule("test-more", func() subsidy.Rule { return new(loadMore) }))
	// "aGk=" is base64 for "hi".
	const good = `{"format":"dualtrack.policy/1","name":"more","version":"1","currency":"CNY","scheme":"s",
	"rounding":{"quantum":"1","mode":"down"},"params":[],"rules":[{"kind":"test-more","id":"r","raw":"raw:x",
	"blob":"aGk=","pair":["a","b"],"by_id":{"7":"seven","-1":"minus one"},"by_level":{"national-4":"中级"},"quoted":"42"}]}`
	p, err := l.Load([]byte(good))
	require.NoError(t, err)
	r := p.Definition().Rules[0].(*loadMore)
	assert.Equal(t, "x", r.Raw.text)
	assert.Equal(t, []byte("hi"), r.Blob)
	assert.Equal(t, [2]string{"a", "b"}, r.Pair)
	assert.Equal(t, map[int]string{7: "seven", -1: "minus one"}, r.ByID)
	assert.Equal(t, map[certificate.Level]string{certificate.NationalGrade4: "中级"}, r.ByLevel)
	assert.Equal(t, 42, r.Quoted)
	canon, err := p.MarshalJSON()
	require.NoError(t, err)
	q, err := l.Load(canon)
	require.NoError(t, err)
	assert.Equal(t, p.Digest(), q.Digest())

	cases := []struct{ name, old, new, path, reason string }{
		{"own UnmarshalJSON refuses", `"raw":"raw:x"`, `"raw":"x"`, "rules[0].raw", "a raw value starts with raw:"},
		{"bytes not base64", `"blob":"aGk="`, `"blob":"not base64!"`, "rules[0].blob", "not base64"},
		{"bytes not a string", `"blob":"aGk="`, `"blob":[104,105]`, "rules[0].blob", "want a base64 string"},
		{"array too long", `"pair":["a","b"]`, `"pair":["a","b","c"]`, "rules[0].pair", "more than 2 elements"},
		{"array element", `"pair":["a","b"]`, `"pair":["a",true]`, "rules[0].pair[1]", "want a string"},
		{"integer key", `"7":"seven"`, `"seven":"seven"`, "rules[0].by_id.seven", "want an integer"},
		{"text key", `"national-4":"中级"`, `"grade-4":"中级"`, "rules[0].by_level.grade-4", "not a valid key"},
		{"string option", `"quoted":"42"`, `"quoted":42`, "rules[0].quoted", "the field has the string option"},
		{"interface with methods", `"quoted":"42"`, `"iface":"x"`, "rules[0].iface", "cannot be decoded"},
		{"map not an object", `"by_id":{"7":"seven","-1":"minus one"}`, `"by_id":[]`, "rules[0].by_id", "want an object"},
		{"struct not an object", `"kind":"test-more","id":"r",`, `"kind":"test-more","id":"r","rounding":"0.01",`, "rules[0].rounding", "want an object"},
		{"boolean", `"kind":"test-more","id":"r",`, `"kind":"test-more","id":"r","note":true,`, "rules[0].note", "want a string, got a boolean"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := l.Load([]byte(loadEdit(t, good, c.old, c.new)))
			var pe *subsidy.PolicyError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, c.path, pe.Path, "%v", err)
			assert.Contains(t, pe.Reason, c.reason, "%v", err)
		})
	}
}

// loadPromoted has fields promoted from embedded structs the way
// encoding/json resolves them: its own Note hides RuleMeta's, the two
// untagged Code fields at the same depth cancel out, so "Code" is unknown,
// and of the two "Zone" fields at the same depth the tagged one wins.
type loadPromoted struct {
	subsidy.RuleMeta
	loadPartA
	loadPartB
	Note string `json:"note,omitempty"`
}

type loadPartA struct {
	Code string
	Area string `json:"area,omitempty"`
	Zone string `json:"Zone,omitempty"`
}

type loadPartB struct {
	Code string
	Zone string
}

func (loadPromoted) Kind() string                { return "test-promoted" }
func (loadPromoted) IsCondition() bool           { return true }
func (loadPromoted) Check(*subsidy.Policy) error { return nil }
func (loadPromoted) Apply(*subsidy.State) error  { return nil }

func TestLoadPromotedFields(t *testing.T) {
	l := loadLoader(t)
	require.NoError(t, l.RegisterRule("test-promoted", func() subsidy.Rule { return new(loadPromoted) }))
	policy := func(fields string) string {
		return `{"format":"dualtrack.policy/1","name":"promoted","version":"1","currency":"CNY","scheme":"s",
		"rounding":{"quantum":"1","mode":"down"},"params":[],"rules":[{"kind":"test-promoted","id":"r"` + fields + `}]}`
	}
	p, err := l.Load([]byte(policy(`,"note":"mine","area":"north","Zone":"z"`)))
	require.NoError(t, err)
	r := p.Definition().Rules[0].(*loadPromoted)
	assert.Equal(t, "mine", r.Note, "the shallower field wins")
	assert.Empty(t, r.RuleMeta.Note)
	assert.Equal(t, "north", r.Area, "a promoted field")
	assert.Equal(t, "z", r.loadPartA.Zone, "the tagged field wins")
	assert.Empty(t, r.loadPartB.Zone)

	_, err = l.Load([]byte(policy(`,"Code":"x"`)))
	var pe *subsidy.PolicyError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "rules[0].Code", pe.Path)
	assert.Equal(t, "unknown field; the fields here are id, on, rounding, area, Zone, note", pe.Reason, "in the order encoding/json writes them")
}

// loadCycle embeds a pointer to its own type, which must not send the
// field resolution round in circles.
type loadCycle struct {
	subsidy.RuleMeta
	*loadCycle
	Name string `json:"name,omitempty"`
}

func (loadCycle) Kind() string                { return "test-cycle" }
func (loadCycle) IsCondition() bool           { return true }
func (loadCycle) Check(*subsidy.Policy) error { return nil }
func (loadCycle) Apply(*subsidy.State) error  { return nil }

func TestLoadCyclicType(t *testing.T) {
	l := loadLoader(t)
	require.NoError(t, l.RegisterRule("test-cycle", func() subsidy.Rule { return new(loadCycle) }))
	p, err := l.Load([]byte(`{"format":"dualtrack.policy/1","name":"cycle","version":"1","currency":"CNY","scheme":"s",
		"rounding":{"quantum":"1","mode":"down"},"params":[],"rules":[{"kind":"test-cycle","id":"r","name":"x"}]}`))
	require.NoError(t, err)
	assert.Equal(t, "x", p.Definition().Rules[0].(*loadCycle).Name)
}

// TestLoadEvaluate: a loaded policy computes with its parameters, dates and
// citations as written in the JSON.
func TestLoadEvaluate(t *testing.T) {
	l := loadLoader(t)
	p, err := l.Load([]byte(loadBase))
	require.NoError(t, err)
	c := subsidy.Claim{
		ID: "c-1", Date: subsidy.MustParseDate("2024-06-03"), Issued: subsidy.MustParseDate("2024-05-20"),
		Category: "intermediate", InsuredMonths: 14,
	}
	res, err := p.Evaluate(c, subsidy.Options{AsOf: c.Date, Explain: true})
	require.NoError(t, err)
	// The rules "cap" and "again" each add the cap of 1500 for the
	// category: 1500 + 1500 = 3000; 14 insured months are at least the 12
	// required in 2024 (the "months" entry from 2019-01-01).
	require.True(t, res.Granted, "%+v", res.Reasons)
	assert.Equal(t, "3000.00", res.Amount.StringFixed(2))
	// The schedule pays it in the "parts" = 2 halves, a month apart.
	require.Len(t, res.Payments, 2)
	assert.Equal(t, "1500.00", res.Payments[0].Amount.StringFixed(2))
	assert.Equal(t, "2024-07-03", res.Payments[1].Date.String())

	// One step per rule, in order (the engine may add one for the
	// schedule after them).
	steps := res.Explanation.Steps
	require.GreaterOrEqual(t, len(steps), 3)
	for i, id := range []string{"cap", "insured", "again"} {
		assert.Equal(t, id, steps[i].Rule)
	}
	assert.Equal(t, "test-add", steps[0].Kind)
	require.Len(t, steps[0].Params, 1)
	use := steps[0].Params[0]
	assert.Equal(t, "cap", use.Name)
	assert.Equal(t, "intermediate", use.Key)
	assert.Equal(t, "1500", use.Value.String())
	// The basis is "issued": the cap is read on the certificate's date.
	assert.Equal(t, "2024-05-20", use.On.String())
	assert.Equal(t, "2024-01-01", use.From.String())
	assert.Equal(t, "2024-12-31", use.Until.String())
	assert.Equal(t, subsidy.Citation{Title: "DOMAIN.md: 2024 version", URL: "https://example.org/2024"}, use.Citation)
	// The insured-months rule reads on the claim date ("on": "claim").
	require.NotEmpty(t, steps[1].Params)
	assert.Equal(t, "2024-06-03", steps[1].Params[0].On.String())
	assert.Equal(t, "12", steps[1].Params[0].Value.String())
}

// TestLoadConcurrent: one loader, many goroutines loading and registering.
func TestLoadConcurrent(t *testing.T) {
	l := loadLoader(t)
	want, err := l.Load([]byte(loadBase))
	require.NoError(t, err)
	var wg sync.WaitGroup
	digests := make([]string, 8)
	for i := range digests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			kind := "test-c" + string(rune('a'+i))
			if err := l.RegisterRule(kind, func() subsidy.Rule { return &loadNamed{kind: kind} }); err != nil {
				digests[i] = err.Error()
				return
			}
			for range 20 {
				p, err := l.Load([]byte(loadBase))
				if err != nil {
					digests[i] = err.Error()
					return
				}
				digests[i] = p.Digest()
			}
		}()
	}
	wg.Wait()
	for _, d := range digests {
		assert.Equal(t, want.Digest(), d)
	}
}

// loadNamed is a rule whose kind is chosen when it is made.
type loadNamed struct {
	subsidy.RuleMeta
	kind string
}

func (r loadNamed) Kind() string              { return r.kind }
func (loadNamed) Check(*subsidy.Policy) error { return nil }
func (loadNamed) Apply(*subsidy.State) error  { return nil }

// TestLoadBuiltinFixtures: the fixtures in testdata load with LoadPolicy
// alone (no test kinds), so they are policies integrators could ship.
func TestLoadBuiltinFixtures(t *testing.T) {
	files, err := filepath.Glob("testdata/policies/*.json")
	require.NoError(t, err)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			require.NoError(t, err)
			p, err := subsidy.LoadPolicy(b)
			require.NoError(t, err)
			assert.True(t, slices.ContainsFunc(p.Definition().Rules, func(r subsidy.Rule) bool { return r != nil }))
		})
	}
}

// TestLoadFixturesEvaluate: the fixtures compute the worked examples of
// DOMAIN.md, so the JSON says what it is meant to say.
func TestLoadFixturesEvaluate(t *testing.T) {
	load := func(t *testing.T, name string) *subsidy.Policy {
		b, err := os.ReadFile(filepath.Join("testdata/policies", name))
		require.NoError(t, err)
		p, err := subsidy.LoadPolicy(b)
		require.NoError(t, err)
		return p
	}
	eval := func(t *testing.T, p *subsidy.Policy, c subsidy.Claim) subsidy.Result {
		res, err := p.Evaluate(c, subsidy.Options{AsOf: c.Date, Explain: true})
		require.NoError(t, err)
		return res
	}
	sum := func(ps []subsidy.Payment) decimal.Decimal {
		var s decimal.Decimal
		for _, p := range ps {
			s = s.Add(p.Amount)
		}
		return s
	}

	t.Run("skill improvement", func(t *testing.T) {
		p := load(t, "cn-skill-improvement-2024.json")
		// "14 months insured, 中级 certificate claimed within 12 months → 1500".
		c := subsidy.Claim{ID: "si-1", Person: "p-1", Date: subsidy.MustParseDate("2024-09-02"),
			Issued: subsidy.MustParseDate("2024-03-15"), Level: certificate.NationalGrade4, Occupation: "4-01-02", InsuredMonths: 14}
		res := eval(t, p, c)
		require.True(t, res.Granted, "%+v", res.Reasons)
		assert.Equal(t, "1500", res.Amount.String())
		// "Certificate issued 13 months before the claim → 0, reason: claim
		// window" (2023-08-02 to 2024-09-02 is 13 months).
		c.Issued = subsidy.MustParseDate("2023-08-02")
		res = eval(t, p, c)
		assert.False(t, res.Granted)
		require.NotEmpty(t, res.Reasons)
		assert.Equal(t, "window", res.Reasons[0].Rule)
		// Fewer than 12 insured months and no unemployment benefit.
		c.Issued, c.InsuredMonths = subsidy.MustParseDate("2024-03-15"), 11
		res = eval(t, p, c)
		require.NotEmpty(t, res.Reasons)
		assert.Equal(t, "insured", res.Reasons[0].Rule)
		// With unemployment benefit ("or_unemployment_benefit": true).
		c.UnemploymentBenefit = true
		res = eval(t, p, c)
		assert.True(t, res.Granted, "%+v", res.Reasons)
	})

	t.Run("Fujian apprenticeship", func(t *testing.T) {
		p := load(t, "cn-fj-apprenticeship-2019.json")
		// "Fujian 高级工 class: 10 apprentices × 6000 × 2 years = 120,000; at
		// most 60,000 prepaid" (50% of 120,000).
		c := subsidy.Claim{ID: "fj-1", Organisation: "o-1", Date: subsidy.MustParseDate("2021-09-15"),
			Category: "senior-class", Places: 10, ContractMonths: 36}
		tr, err := subsidy.NewPeriod(subsidy.MustParseDate("2021-09-01"), subsidy.MustParseDate("2023-08-31"))
		require.NoError(t, err)
		c.Training = tr
		res := eval(t, p, c)
		require.True(t, res.Granted, "%+v", res.Reasons)
		assert.Equal(t, "120000", res.Amount.String())
		require.NotEmpty(t, res.Payments)
		assert.Equal(t, subsidy.PayPrepayment, res.Payments[0].Kind)
		assert.Equal(t, "60000", res.Payments[0].Amount.String())
		assert.True(t, sum(res.Payments).Equal(res.Amount))
	})

	t.Run("England co-investment", func(t *testing.T) {
		p := load(t, "gb-eng-apprenticeship-2024.json")
		// "price 12,000, start after 2019-04-01 → … government 11,400
		// (before: … 10,800)": 95% and 90% of 12,000.
		tr, err := subsidy.NewPeriod(subsidy.MustParseDate("2024-01-01"), subsidy.MustParseDate("2024-12-31"))
		require.NoError(t, err)
		c := subsidy.Claim{ID: "gb-1", Date: subsidy.MustParseDate("2024-01-10"), Training: tr, Base: decimal.NewFromInt(12000)}
		res := eval(t, p, c)
		require.True(t, res.Granted, "%+v", res.Reasons)
		assert.Equal(t, "11400", res.Amount.String())
		assert.True(t, sum(res.Payments).Equal(res.Amount))
		// 20% on completion: 11,400 × 20% = 2,280; the rest, 9,120, in
		// monthly instalments.
		last := res.Payments[len(res.Payments)-1]
		assert.Equal(t, subsidy.PayCompletion, last.Kind)
		assert.Equal(t, "2280", last.Amount.String())

		tr, err = subsidy.NewPeriod(subsidy.MustParseDate("2019-01-07"), subsidy.MustParseDate("2019-12-31"))
		require.NoError(t, err)
		c = subsidy.Claim{ID: "gb-2", Date: subsidy.MustParseDate("2019-01-10"), Training: tr, Base: decimal.NewFromInt(12000)}
		res = eval(t, p, c)
		assert.Equal(t, "10800", res.Amount.String())
	})
}

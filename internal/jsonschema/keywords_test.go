package jsonschema

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// summary renders violations as "instancePath keyword schemaPath" lines,
// with causes prefixed by ">".
func summary(vs []Violation, prefix string) []string {
	var out []string
	for _, v := range vs {
		out = append(out, fmt.Sprintf("%s%s %s %s", prefix, v.InstancePath, v.Keyword, v.SchemaPath))
		out = append(out, summary(v.Causes, prefix+">")...)
	}
	return out
}

// check compiles schema, validates doc, and returns the summary of the
// violations (nil if doc is valid).
func check(t *testing.T, schema, doc string) []string {
	t.Helper()
	s, err := Compile([]byte(schema))
	require.NoError(t, err, "schema %s", schema)
	err = s.Validate([]byte(doc))
	if err == nil {
		return nil
	}
	var ve *ValidationError
	require.ErrorAs(t, err, &ve, "doc %s", doc)
	require.NotEmpty(t, ve.Violations)
	return summary(ve.Violations, "")
}

type keywordCase struct {
	name   string
	schema string
	doc    string
	want   []string // nil: valid
}

func runKeywordCases(t *testing.T, tests []keywordCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, check(t, tt.schema, tt.doc), "schema %s\ndoc %s", tt.schema, tt.doc)
		})
	}
}

func TestType(t *testing.T) {
	runKeywordCases(t, []keywordCase{
		{"string ok", `{"type":"string"}`, `"x"`, nil},
		{"string vs number", `{"type":"string"}`, `1`, []string{" type /type"}},
		{"null", `{"type":"null"}`, `null`, nil},
		{"null vs false", `{"type":"null"}`, `false`, []string{" type /type"}},
		{"boolean", `{"type":"boolean"}`, `true`, nil},
		{"boolean vs 0", `{"type":"boolean"}`, `0`, []string{" type /type"}},
		{"object", `{"type":"object"}`, `{}`, nil},
		{"object vs array", `{"type":"object"}`, `[]`, []string{" type /type"}},
		{"array", `{"type":"array"}`, `[]`, nil},
		{"array vs string", `{"type":"array"}`, `"[]"`, []string{" type /type"}},
		{"number takes 1.5", `{"type":"number"}`, `1.5`, nil},
		{"number takes 7", `{"type":"number"}`, `7`, nil},
		{"number vs numeric string", `{"type":"number"}`, `"7"`, []string{" type /type"}},
		{"integer takes 7", `{"type":"integer"}`, `7`, nil},
		// Draft 2019-09 section 6.1.1: a number with a zero fractional part is an integer.
		{"integer takes 1.0", `{"type":"integer"}`, `1.0`, nil},
		{"integer takes -0", `{"type":"integer"}`, `-0`, nil},
		{"integer takes 1.5e1 (= 15)", `{"type":"integer"}`, `1.5e1`, nil},
		{"integer takes 1e400 (beyond float64)", `{"type":"integer"}`, `1e400`, nil},
		{"integer rejects 1.5", `{"type":"integer"}`, `1.5`, []string{" type /type"}},
		{"integer rejects 15e-1 (= 1.5)", `{"type":"integer"}`, `15e-1`, []string{" type /type"}},
		{"integer rejects 1e-400", `{"type":"integer"}`, `1e-400`, []string{" type /type"}},
		// 9007199254740993 = 2^53 + 1 is an integer; 9007199254740993.5 is not,
		// although both round to the same float64.
		{"integer rejects 2^53+1.5", `{"type":"integer"}`, `9007199254740993.5`, []string{" type /type"}},
		{"list of types", `{"type":["string","null"]}`, `null`, nil},
		{"list of types rejects", `{"type":["string","null"]}`, `{}`, []string{" type /type"}},
		{"integer or string", `{"type":["integer","string"]}`, `2.5`, []string{" type /type"}},
		{"number and integer together", `{"type":["integer","number"]}`, `2.5`, nil},
	})
}

func TestTypeMessage(t *testing.T) {
	s, err := Compile([]byte(`{"type":["string","null"]}`))
	require.NoError(t, err)
	var ve *ValidationError
	require.ErrorAs(t, s.Validate([]byte(`{"a":[1,2]}`)), &ve)
	assert.Equal(t, `got object {"a":[1,2]}, want string or null`, ve.Violations[0].Message)
	assert.Equal(t, `jsonschema: document does not match the schema (1 violation):
  (root): type: got object {"a":[1,2]}, want string or null (schema #/type)`, ve.Error())
}

func TestEnum(t *testing.T) {
	runKeywordCases(t, []keywordCase{
		{"string member", `{"enum":["a","b"]}`, `"b"`, nil},
		{"string non-member", `{"enum":["a","b"]}`, `"c"`, []string{" enum /enum"}},
		{"string is not a number", `{"enum":["1"]}`, `1`, []string{" enum /enum"}},
		{"number is not a string", `{"enum":[1]}`, `"1"`, []string{" enum /enum"}},
		{"1 equals 1.0", `{"enum":[1]}`, `1.0`, nil},
		// 10e-1 = 10/10 = 1 and 0.1e1 = 1.
		{"1 equals 10e-1 and 0.1e1", `{"enum":[10e-1]}`, `0.1e1`, nil},
		{"0 equals -0", `{"enum":[0]}`, `-0.0`, nil},
		{"1 is not 1.0000000000000000001", `{"enum":[1]}`, `1.0000000000000000001`, []string{" enum /enum"}},
		{"-1 is not 1", `{"enum":[1]}`, `-1`, []string{" enum /enum"}},
		{"true is not 1", `{"enum":[1]}`, `true`, []string{" enum /enum"}},
		{"false is not null", `{"enum":[null]}`, `false`, []string{" enum /enum"}},
		{"null", `{"enum":[null]}`, `null`, nil},
		{"object, members in another order", `{"enum":[{"a":1,"b":[true,null]}]}`, `{"b":[true,null],"a":1.0}`, nil},
		{"object with an extra member", `{"enum":[{"a":1}]}`, `{"a":1,"b":2}`, []string{" enum /enum"}},
		{"object missing a member", `{"enum":[{"a":1,"b":2}]}`, `{"a":1}`, []string{" enum /enum"}},
		{"object with the same count, other names", `{"enum":[{"a":1,"b":2}]}`, `{"a":1,"c":2}`, []string{" enum /enum"}},
		{"nested value differs", `{"enum":[{"a":{"b":[1,2]}}]}`, `{"a":{"b":[1,3]}}`, []string{" enum /enum"}},
		{"array order matters", `{"enum":[[1,2]]}`, `[2,1]`, []string{" enum /enum"}},
		{"array length matters", `{"enum":[[1,2]]}`, `[1,2,2]`, []string{" enum /enum"}},
		{"array equal", `{"enum":[[1,"x",{"y":null}]]}`, `[1,"x",{"y":null}]`, nil},
		{"strings compare code points (no normalisation)", `{"enum":["\u00e9"]}`, `"e\u0301"`, []string{" enum /enum"}},
		{"escapes decode before comparing", `{"enum":["\u00e9"]}`, `"é"`, nil},
		{"empty enum accepts nothing", `{"enum":[]}`, `null`, []string{" enum /enum"}},
	})
}

func TestPatternAndFormatKeywords(t *testing.T) {
	runKeywordCases(t, []keywordCase{
		{"pattern is not anchored", `{"pattern":"b+"}`, `"abbbc"`, nil},
		{"pattern mismatch", `{"pattern":"^b+$"}`, `"abbbc"`, []string{" pattern /pattern"}},
		{"pattern ignores non-strings", `{"pattern":"^a$"}`, `12`, nil},
		{"ECMA dot does not match \\r", `{"pattern":"^a.b$"}`, `"a\rb"`, []string{" pattern /pattern"}},
		{"ECMA dot matches other characters", `{"pattern":"^a.b$"}`, `"a中b"`, nil},
		{"\\u escape", `{"pattern":"^\\u4e2d$"}`, `"中"`, nil},
		{"format date-time ok", `{"format":"date-time"}`, `"2024-02-29T12:00:00Z"`, nil},
		{"format date-time bad", `{"format":"date-time"}`, `"2023-02-29T12:00:00Z"`, []string{" format /format"}},
		{"format date bad", `{"format":"date"}`, `"2024-2-1"`, []string{" format /format"}},
		{"format uri bad", `{"format":"uri"}`, `"/relative"`, []string{" format /format"}},
		{"format uri-reference ok", `{"format":"uri-reference"}`, `"/relative"`, nil},
		{"format email bad", `{"format":"email"}`, `"no-at-sign"`, []string{" format /format"}},
		{"format ignores non-strings", `{"format":"date"}`, `20240101`, nil},
		{"unknown format is an annotation", `{"format":"uuid"}`, `"not a uuid"`, nil},
	})
}

func TestUncheckedFormats(t *testing.T) {
	s, err := Compile([]byte(`{"properties":{"a":{"format":"uuid"},"b":{"format":"date"},"c":{"format":"iri"},"d":{"format":"uuid"}}}`))
	require.NoError(t, err)
	got := s.UncheckedFormats()
	assert.Equal(t, []string{"iri", "uuid"}, got)
	got[0] = "changed"
	assert.Equal(t, []string{"iri", "uuid"}, s.UncheckedFormats(), "UncheckedFormats must return a copy")
	var nilSchema *Schema
	assert.Nil(t, nilSchema.UncheckedFormats())
}

func TestArrayKeywords(t *testing.T) {
	const tuple = `{"items":[{"type":"string"},{"type":"integer"}],"additionalItems":{"type":"boolean"}}`
	runKeywordCases(t, []keywordCase{
		{"minItems ok", `{"minItems":2}`, `[1,2]`, nil},
		{"minItems short", `{"minItems":2}`, `[1]`, []string{" minItems /minItems"}},
		{"minItems 2.0 is an integer", `{"minItems":2.0}`, `[1]`, []string{" minItems /minItems"}},
		{"minItems ignores objects", `{"minItems":2}`, `{}`, nil},
		{"items applies to every item", `{"items":{"type":"string"}}`, `["a",1,"c",2]`, []string{"/1 type /items/type", "/3 type /items/type"}},
		{"items on the empty array", `{"items":{"type":"string"}}`, `[]`, nil},
		{"tuple ok", tuple, `["a",1,true,false]`, nil},
		{"tuple shorter than items", tuple, `["a"]`, nil},
		{"tuple positions", tuple, `[1,"a"]`, []string{"/0 type /items/0/type", "/1 type /items/1/type"}},
		{"additionalItems after the tuple", tuple, `["a",1,true,"x"]`, []string{"/3 type /additionalItems/type"}},
		{"additionalItems false", `{"items":[{},{}],"additionalItems":false}`, `[1,2,3]`, []string{" additionalItems /additionalItems"}},
		{"additionalItems false, at the limit", `{"items":[{},{}],"additionalItems":false}`, `[1,2]`, nil},
		{"no additionalItems: anything after the tuple", `{"items":[{"type":"string"}]}`, `["a",1,null]`, nil},
		// Draft 2019-09 section 9.3.1.2: without a tuple, additionalItems is ignored.
		{"additionalItems ignored with items as one schema", `{"items":{"type":"string"},"additionalItems":false}`, `["a","b"]`, nil},
		{"additionalItems ignored without items", `{"additionalItems":false}`, `[1,2]`, nil},
		{"items false", `{"items":false}`, `[1]`, []string{" items /items"}},
		{"items false, empty array", `{"items":false}`, `[]`, nil},
		{"tuple entry false", `{"items":[{},false]}`, `[1,2]`, []string{" items /items/1"}},
		{"tuple entry false, array too short to reach it", `{"items":[{},false]}`, `[1]`, nil},
		{"contains: one item matches", `{"contains":{"type":"integer"}}`, `["a",2,"c"]`, nil},
		{"contains: no item matches", `{"contains":{"type":"integer"}}`, `["a","b"]`, []string{" contains /contains"}},
		{"contains: empty array fails", `{"contains":{"type":"integer"}}`, `[]`, []string{" contains /contains"}},
		{"contains: true needs one item", `{"contains":true}`, `[]`, []string{" contains /contains"}},
		{"contains: false never matches", `{"contains":false}`, `[1]`, []string{" contains /contains"}},
		{"contains ignores strings", `{"contains":{"type":"integer"}}`, `"abc"`, nil},
		{"contains with enum", `{"contains":{"enum":["AchievementCredential","OpenBadgeCredential"]}}`, `["VerifiableCredential","OpenBadgeCredential"]`, nil},
	})
}

func TestObjectKeywords(t *testing.T) {
	runKeywordCases(t, []keywordCase{
		{"required present", `{"required":["a","b"]}`, `{"b":null,"a":0}`, nil},
		{"required missing, one violation each", `{"required":["a","b","c"]}`, `{"b":1}`, []string{" required /required", " required /required"}},
		{"required ignores arrays", `{"required":["a"]}`, `["a"]`, nil},
		{"empty required", `{"required":[]}`, `{}`, nil},
		{"properties", `{"properties":{"a":{"type":"string"},"b":{"type":"integer"}}}`, `{"a":1,"b":2,"c":3}`, []string{"/a type /properties/a/type"}},
		{"property names with / and ~ are escaped", `{"properties":{"a/b~c":{"type":"string"}}}`, `{"a/b~c":1}`, []string{"/a~1b~0c type /properties/a~1b~0c/type"}},
		{"additionalProperties false", `{"properties":{"a":{}},"additionalProperties":false}`, `{"a":1,"b":2,"c":3}`,
			[]string{" additionalProperties /additionalProperties", " additionalProperties /additionalProperties"}},
		{"additionalProperties true", `{"properties":{"a":{}},"additionalProperties":true}`, `{"b":2}`, nil},
		{"additionalProperties schema", `{"properties":{"a":{}},"additionalProperties":{"type":"integer"}}`, `{"a":"x","b":2,"c":"y"}`,
			[]string{"/c type /additionalProperties/type"}},
		// Draft 2019-09 section 9.3.2.3: additionalProperties sees only its
		// sibling properties, not those of an allOf branch.
		{"additionalProperties does not see allOf", `{"allOf":[{"properties":{"a":{}}}],"additionalProperties":false}`, `{"a":1}`,
			[]string{" additionalProperties /additionalProperties"}},
		{"property schema false", `{"properties":{"secret":false}}`, `{"secret":1}`, []string{" properties /properties/secret"}},
		{"property schema false, property absent", `{"properties":{"secret":false}}`, `{}`, nil},
		{"object keywords ignore strings", `{"required":["a"],"additionalProperties":false}`, `"a"`, nil},
	})
}

func TestCombinators(t *testing.T) {
	const one = `{"oneOf":[{"type":"integer"},{"minItems":0,"type":"number"},{"type":"string"}]}`
	runKeywordCases(t, []keywordCase{
		{"allOf all pass", `{"allOf":[{"type":"string"},{"pattern":"^a"}]}`, `"ab"`, nil},
		{"allOf reports each failing branch", `{"allOf":[{"type":"string"},{"pattern":"^a"},{"enum":["zz"]}]}`, `"ba"`,
			[]string{" pattern /allOf/1/pattern", " enum /allOf/2/enum"}},
		{"anyOf one passes", `{"anyOf":[{"type":"string"},{"type":"null"}]}`, `null`, nil},
		{"anyOf two pass", `{"anyOf":[{"type":"number"},{"type":"integer"}]}`, `3`, nil},
		{"anyOf none", `{"anyOf":[{"type":"string"},{"type":"null"}]}`, `1`,
			[]string{" anyOf /anyOf", "> type /anyOf/0/type", "> type /anyOf/1/type"}},
		// one: 1.5 matches only branch 1 (number); "x" only branch 2; 3 matches
		// branches 0 and 1 (an integer is a number); null matches none.
		{"oneOf exactly one (number)", one, `1.5`, nil},
		{"oneOf exactly one (string)", one, `"x"`, nil},
		{"oneOf two match", one, `3`, []string{" oneOf /oneOf"}},
		{"oneOf none match", one, `null`,
			[]string{" oneOf /oneOf", "> type /oneOf/0/type", "> type /oneOf/1/type", "> type /oneOf/2/type"}},
		{"oneOf all three match", `{"oneOf":[{},true,{"type":"null"}]}`, `null`, []string{" oneOf /oneOf"}},
		{"oneOf with false branches", `{"oneOf":[false,false,{}]}`, `1`, nil},
		{"oneOf with only false branches", `{"oneOf":[false,false]}`, `1`,
			[]string{" oneOf /oneOf", "> false /oneOf/0", "> false /oneOf/1"}},
	})
}

func TestOneOfMessageNamesMatches(t *testing.T) {
	s, err := Compile([]byte(`{"oneOf":[{"type":"integer"},{"type":"string"},{"type":"number"}]}`))
	require.NoError(t, err)
	var ve *ValidationError
	require.ErrorAs(t, s.Validate([]byte(`42`)), &ve)
	assert.Equal(t, "42 matches 2 of the 3 subschemas (0, 2), want exactly one", ve.Violations[0].Message)
}

// TestOneOfCountsProperty checks oneOf against a count made independently:
// branch i is an enum holding the value when bit i of a random mask is set,
// so exactly popcount(mask) branches match.
func TestOneOfCountsProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(20240701, 3))
	for range 300 {
		n := 1 + r.IntN(6)
		mask := r.IntN(1 << n)
		branches := make([]string, n)
		matches := 0
		for i := range n {
			if mask&(1<<i) != 0 {
				branches[i] = `{"enum":["v",1]}`
				matches++
			} else {
				branches[i] = `{"enum":["w"]}`
			}
		}
		schema := `{"oneOf":[` + strings.Join(branches, ",") + `]}`
		got := check(t, schema, `"v"`)
		if matches == 1 {
			assert.Nil(t, got, schema)
			continue
		}
		if matches == 0 {
			// The oneOf, with one cause per branch.
			require.Len(t, got, 1+n, schema)
			assert.Equal(t, " oneOf /oneOf", got[0])
		} else {
			assert.Equal(t, []string{" oneOf /oneOf"}, got, schema)
		}
		// anyOf over the same branches passes exactly when some branch matches.
		anyGot := check(t, strings.Replace(schema, "oneOf", "anyOf", 1), `"v"`)
		assert.Equal(t, matches == 0, anyGot != nil, schema)
	}
}

func TestRef(t *testing.T) {
	const tree = `{"type":"object","properties":{"v":{"type":"integer"},"kids":{"type":"array","items":{"$ref":"#"}}},"required":["v"]}`
	runKeywordCases(t, []keywordCase{
		{"ref to $defs", `{"$defs":{"S":{"type":"string"}},"properties":{"a":{"$ref":"#/$defs/S"}}}`, `{"a":1}`,
			[]string{"/a type /$defs/S/type"}},
		// Draft 2019-09 section 8.2.4.1: keywords beside $ref apply as well.
		{"siblings of $ref apply", `{"$defs":{"S":{"type":"string"}},"$ref":"#/$defs/S","pattern":"^a"}`, `"b"`,
			[]string{" pattern /pattern"}},
		{"siblings of $ref and the target both fail", `{"$defs":{"S":{"type":"string"}},"$ref":"#/$defs/S","enum":["a"]}`, `1`,
			[]string{" type /$defs/S/type", " enum /enum"}},
		{"recursive ref ok", tree, `{"v":1,"kids":[{"v":2,"kids":[]},{"v":3}]}`, nil},
		{"recursive ref fails deep", tree, `{"v":1,"kids":[{"v":2,"kids":[{"v":"x"}]}]}`,
			[]string{"/kids/0/kids/0/v type /properties/v/type"}},
		{"ref to a tuple item", `{"items":[{"type":"string"}],"properties":{"a":{"$ref":"#/items/0"}}}`, `{"a":3}`,
			[]string{"/a type /items/0/type"}},
		{"ref with escaped pointer", `{"$defs":{"a/b":{"type":"string"},"c~d":{"type":"null"}},"properties":{"x":{"$ref":"#/$defs/a~1b"},"y":{"$ref":"#/$defs/c~0d"}}}`,
			`{"x":1,"y":1}`, []string{"/x type /$defs/a~1b/type", "/y type /$defs/c~0d/type"}},
		{"ref with percent-encoding", `{"$defs":{"a b":{"type":"string"}},"$ref":"#/$defs/a%20b"}`, `1`,
			[]string{" type /$defs/a b/type"}},
		{"ref through the root $id", `{"$id":"https://example.org/s.json","$defs":{"S":{"type":"string"}},"$ref":"https://example.org/s.json#/$defs/S"}`, `1`,
			[]string{" type /$defs/S/type"}},
		{"ref to a false schema", `{"$defs":{"F":false},"$ref":"#/$defs/F"}`, `1`, []string{" false /$defs/F"}},
		{"root true", `true`, `{"anything":[1,2]}`, nil},
		{"root empty object", `{}`, `null`, nil},
		{"root false", `false`, `null`, []string{" false "}},
		{"annotations have no effect", `{"$schema":"https://json-schema.org/draft/2019-09/schema#","$id":"https://x.example/s","title":"t","description":"d","$comment":"c"}`, `1`, nil},
	})
}

// TestDeepRecursionIsBounded runs a recursive schema over a document nested
// MaxDepth deep: it must finish and find the fault at the bottom.
func TestDeepRecursionIsBounded(t *testing.T) {
	s, err := Compile([]byte(`{"$defs":{"L":{"type":"array","items":{"$ref":"#/$defs/L"}}},"$ref":"#/$defs/L"}`))
	require.NoError(t, err)
	ok := strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)
	require.NoError(t, s.Validate([]byte(ok)))
	// Replace the innermost [] by 1, which is not an array: MaxDepth-1 levels
	// of arrays, with the 1 at index 0 of the innermost.
	bad := strings.Repeat("[", MaxDepth-1) + "1" + strings.Repeat("]", MaxDepth-1)
	var ve *ValidationError
	require.ErrorAs(t, s.Validate([]byte(bad)), &ve)
	require.Len(t, ve.Violations, 1)
	assert.Equal(t, strings.Repeat("/0", MaxDepth-1), ve.Violations[0].InstancePath)
	assert.Equal(t, "/$defs/L/type", ve.Violations[0].SchemaPath)
	tooDeep := "[" + ok + "]"
	assert.ErrorIs(t, s.Validate([]byte(tooDeep)), ErrTooDeep)
}

func TestValidateZeroSchema(t *testing.T) {
	var nilSchema *Schema
	assert.ErrorIs(t, nilSchema.Validate([]byte(`1`)), ErrNotCompiled)
	assert.ErrorIs(t, (&Schema{}).Validate([]byte(`1`)), ErrNotCompiled)
}

func TestViolationString(t *testing.T) {
	s, err := Compile([]byte(`{"properties":{"a":{"oneOf":[{"type":"string"},{"type":"null"}]}},"required":["b"]}`))
	require.NoError(t, err)
	err = s.Validate([]byte(`{"a":1}`))
	var ve *ValidationError
	require.True(t, errors.As(err, &ve))
	assert.Equal(t, `(root): required: missing property "b" (schema #/required)`, ve.Violations[0].String())
	assert.Equal(t, `jsonschema: document does not match the schema (2 violations):
  (root): required: missing property "b" (schema #/required)
  /a: oneOf: 1 matches none of the 2 subschemas (schema #/properties/a/oneOf)
    /a: type: got number 1, want string (schema #/properties/a/oneOf/0/type)
    /a: type: got number 1, want null (schema #/properties/a/oneOf/1/type)`, err.Error())
}

func TestMessagesClipLongValues(t *testing.T) {
	s, err := Compile([]byte(`{"type":"string"}`))
	require.NoError(t, err)
	long := `[` + strings.Repeat(`"abcdefghij",`, 100) + `1]`
	var ve *ValidationError
	require.ErrorAs(t, s.Validate([]byte(long)), &ve)
	msg := ve.Violations[0].Message
	// The value is clipped to 80 bytes plus "...", and the message adds
	// "got array " and ", want string" (23 bytes): 106 bytes at most.
	assert.LessOrEqual(t, len(msg), 106, msg)
	assert.Contains(t, msg, `...`)
}

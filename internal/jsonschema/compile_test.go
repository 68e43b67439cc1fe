package jsonschema

import (
	"encoding/json"
	"errors"
	"regexp/syntax"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCompileRejects(t *testing.T) {
	tests := []struct {
		name    string
		schema  string
		kind    error
		path    string
		keyword string
		detail  string // substring of the message
	}{
		// Keywords outside the subset.
		{"unknown keyword", `{"type":"string","foo":1}`, ErrUnsupported, "/foo", "foo", `keyword "foo" is not implemented`},
		{"unimplemented keyword minLength", `{"properties":{"a":{"minLength":1}}}`, ErrUnsupported, "/properties/a/minLength", "minLength", `"minLength"`},
		{"unimplemented keyword not", `{"not":{}}`, ErrUnsupported, "/not", "not", `"not"`},
		{"unimplemented keyword const", `{"$defs":{"X":{"const":1}}}`, ErrUnsupported, "/$defs/X/const", "const", `"const"`},
		{"draft-04 definitions", `{"definitions":{}}`, ErrUnsupported, "/definitions", "definitions", `"definitions"`},
		{"unknown keyword in an unreferenced $defs entry", `{"$defs":{"Unused":{"maxItems":3}}}`, ErrUnsupported, "/$defs/Unused/maxItems", "maxItems", ""},
		{"unknown keyword inside a tuple item", `{"items":[{},{"uniqueItems":true}]}`, ErrUnsupported, "/items/1/uniqueItems", "uniqueItems", ""},
		{"annotation default is not accepted", `{"default":1}`, ErrUnsupported, "/default", "default", ""},
		// References.
		{"unresolved $ref", `{"$ref":"#/$defs/Missing"}`, ErrUnresolvedRef, "/$ref", "$ref", `"#/$defs/Missing" points to nothing`},
		{"unresolved nested $ref", `{"$defs":{"A":{"items":{"$ref":"#/$defs/B"}}}}`, ErrUnresolvedRef, "/$defs/A/items/$ref", "$ref", `"#/$defs/B"`},
		{"$ref to a non-schema", `{"$defs":{"A":{"description":"x"}},"$ref":"#/$defs/A/description"}`, ErrUnresolvedRef, "/$ref", "$ref", "not a subschema"},
		{"$ref to $defs itself", `{"$defs":{},"$ref":"#/$defs"}`, ErrUnresolvedRef, "/$ref", "$ref", "not a subschema"},
		{"$ref to an enum value", `{"enum":[{}],"$ref":"#/enum/0"}`, ErrUnresolvedRef, "/$ref", "$ref", "not a subschema"},
		{"remote $ref", `{"$ref":"https://example.org/other.json#/$defs/A"}`, ErrUnsupported, "/$ref", "$ref", "remote reference"},
		{"relative remote $ref", `{"$ref":"other.json"}`, ErrUnsupported, "/$ref", "$ref", `"other.json"`},
		{"anchor $ref", `{"$ref":"#foo"}`, ErrUnsupported, "/$ref", "$ref", "anchor"},
		{"bad pointer escape", `{"$ref":"#/$defs/a~2"}`, ErrInvalidSchema, "/$ref", "$ref", "~"},
		{"bad percent-encoding", `{"$ref":"#/a%zz"}`, ErrInvalidSchema, "/$ref", "$ref", "percent"},
		{"$ref not a string", `{"$ref":1}`, ErrInvalidSchema, "/$ref", "$ref", "must be a string"},
		{"self loop", `{"$defs":{"A":{"$ref":"#/$defs/A"}}}`, ErrInvalidSchema, "/$defs/A", "", "#/$defs/A -> #/$defs/A"},
		{"loop through allOf", `{"allOf":[{"$ref":"#"}]}`, ErrInvalidSchema, "", "", "# -> #/allOf/0 -> #"},
		{"mutual loop", `{"$defs":{"A":{"anyOf":[{"$ref":"#/$defs/B"}]},"B":{"oneOf":[{"$ref":"#/$defs/A"}]}}}`, ErrInvalidSchema, "/$defs/A", "", "loop"},
		// Identifiers and dialects.
		{"embedded $id", `{"$defs":{"A":{"$id":"a.json"}}}`, ErrUnsupported, "/$defs/A/$id", "$id", "embedded $id"},
		{"draft-07", `{"$schema":"http://json-schema.org/draft-07/schema#"}`, ErrUnsupported, "/$schema", "$schema", "draft-07"},
		{"draft 2020-12", `{"$schema":"https://json-schema.org/draft/2020-12/schema"}`, ErrUnsupported, "/$schema", "$schema", "2020-12"},
		{"nested $schema", `{"properties":{"a":{"$schema":"https://json-schema.org/draft/2019-09/schema"}}}`, ErrUnsupported, "/properties/a/$schema", "$schema", "root"},
		// Malformed keyword values.
		{"not JSON", `{"type":}`, ErrInvalidSchema, "", "", "not valid JSON"},
		{"empty", ``, ErrInvalidSchema, "", "", "empty"},
		{"trailing data", `{} {}`, ErrInvalidSchema, "", "", "after the JSON value"},
		{"duplicate keyword", `{"type":"string","type":"number"}`, ErrInvalidSchema, "", "", `two members named "type"`},
		{"schema is a number", `1`, ErrInvalidSchema, "", "", "must be an object or a boolean, got number 1"},
		{"subschema is a string", `{"properties":{"a":"string"}}`, ErrInvalidSchema, "/properties/a", "", `got string "string"`},
		{"properties not an object", `{"properties":[]}`, ErrInvalidSchema, "/properties", "properties", "an object of schemas"},
		{"unknown type name", `{"type":"text"}`, ErrInvalidSchema, "/type", "type", `"text" is not a type name`},
		{"type name in the wrong case", `{"type":["String"]}`, ErrInvalidSchema, "/type", "type", `"String"`},
		{"type listed twice", `{"type":["string","string"]}`, ErrInvalidSchema, "/type", "type", "twice"},
		{"type empty array", `{"type":[]}`, ErrInvalidSchema, "/type", "type", "non-empty"},
		{"type a number", `{"type":1}`, ErrInvalidSchema, "/type", "type", "got 1"},
		{"minItems negative", `{"minItems":-1}`, ErrInvalidSchema, "/minItems", "minItems", "got -1"},
		{"minItems fractional", `{"minItems":1.5}`, ErrInvalidSchema, "/minItems", "minItems", "got 1.5"},
		{"minItems a string", `{"minItems":"2"}`, ErrInvalidSchema, "/minItems", "minItems", `got "2"`},
		{"required not unique", `{"required":["a","a"]}`, ErrInvalidSchema, "/required", "required", "unique"},
		{"required with a number", `{"required":["a",1]}`, ErrInvalidSchema, "/required", "required", `["a",1]`},
		{"items empty array", `{"items":[]}`, ErrInvalidSchema, "/items", "items", "non-empty"},
		{"items a string", `{"items":"x"}`, ErrInvalidSchema, "/items", "", "must be an object or a boolean"},
		{"oneOf empty", `{"oneOf":[]}`, ErrInvalidSchema, "/oneOf", "oneOf", "non-empty"},
		{"allOf an object", `{"allOf":{}}`, ErrInvalidSchema, "/allOf", "allOf", "non-empty array"},
		{"enum an object", `{"enum":{"a":1}}`, ErrInvalidSchema, "/enum", "enum", "an array"},
		{"pattern a number", `{"pattern":1}`, ErrInvalidSchema, "/pattern", "pattern", "a string"},
		{"pattern does not compile", `{"pattern":"a("}`, ErrInvalidSchema, "/pattern", "pattern", `"a("`},
		{"pattern unsupported \\s", `{"pattern":"^\\s+$"}`, ErrUnsupported, "/pattern", "pattern", `\s`},
		{"format a boolean", `{"format":true}`, ErrInvalidSchema, "/format", "format", "a string"},
		{"description an object", `{"description":{}}`, ErrInvalidSchema, "/description", "description", "a string"},
		{"deep schema", strings.Repeat(`{"items":`, MaxDepth+1) + `{}` + strings.Repeat(`}`, MaxDepth+1), ErrInvalidSchema, "", "", "nested too deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Compile([]byte(tt.schema))
			require.Error(t, err)
			assert.Nil(t, s)
			var ce *CompileError
			require.ErrorAs(t, err, &ce)
			assert.ErrorIs(t, err, tt.kind)
			for _, other := range []error{ErrUnsupported, ErrUnresolvedRef, ErrInvalidSchema} {
				if other != tt.kind {
					assert.NotErrorIs(t, err, other)
				}
			}
			assert.Equal(t, tt.path, ce.Path)
			assert.Equal(t, tt.keyword, ce.Keyword)
			assert.Contains(t, err.Error(), tt.detail)
			assert.True(t, strings.HasPrefix(err.Error(), "jsonschema: schema at #"+tt.path+": "+tt.kind.Error()), err.Error())
		})
	}
}

func TestCompileErrorUnwrapsCause(t *testing.T) {
	_, err := Compile([]byte(`{"type":}`))
	var se *json.SyntaxError
	assert.ErrorAs(t, err, &se)
	assert.ErrorIs(t, err, ErrInvalidJSON)

	_, err = Compile([]byte(`{"pattern":"a)"}`))
	var re *syntax.Error
	assert.ErrorAs(t, err, &re)
}

func TestCompileAccepts(t *testing.T) {
	tests := []struct{ name, schema string }{
		{"boolean true", `true`},
		{"boolean false", `false`},
		{"empty", `{}`},
		{"$schema with fragment", `{"$schema":"https://json-schema.org/draft/2019-09/schema#"}`},
		{"$schema without fragment", `{"$schema":"https://json-schema.org/draft/2019-09/schema"}`},
		{"ref to root", `{"properties":{"self":{"$ref":"#"}}}`},
		{"recursion through properties is not a loop", `{"$defs":{"A":{"properties":{"a":{"$ref":"#/$defs/A"}}}},"$ref":"#/$defs/A"}`},
		{"recursion through items is not a loop", `{"$defs":{"A":{"items":[{"$ref":"#/$defs/A"}]}},"$ref":"#/$defs/A"}`},
		{"two refs to the same target", `{"$defs":{"A":{}},"allOf":[{"$ref":"#/$defs/A"},{"$ref":"#/$defs/A"}]}`},
		{"minItems zero and huge", `{"properties":{"a":{"minItems":0},"b":{"minItems":1e30},"c":{"minItems":-0}}}`},
		{"type as every name", `{"type":["null","boolean","object","array","number","string","integer"]}`},
		{"empty required and enum", `{"required":[],"enum":[]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compile([]byte(tt.schema))
			assert.NoError(t, err)
		})
	}
}

func TestMinItemsHuge(t *testing.T) {
	// 1e30 items cannot exist, so every array fails; 3e0 = 3.
	got := check(t, `{"properties":{"a":{"minItems":1e30},"b":{"minItems":3e0}}}`, `{"a":[1,2,3],"b":[1,2,3]}`)
	assert.Equal(t, []string{"/a minItems /properties/a/minItems"}, got)
}

func TestSmallInt(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"0", 0}, {"-0", 0}, {"7", 7}, {"2.0", 2}, {"1.5e1", 15}, {"20e-1", 2},
		{"999999999999999999", 999999999999999999}, // 18 digits fit an int64
		{"1e19", int(^uint(0) >> 1)},               // saturates at MaxInt
		{"1e99999999999999999999", int(^uint(0) >> 1)},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			assert.Equal(t, tt.want, smallInt(tt.text))
		})
	}
}

func TestCompileErrorMessage(t *testing.T) {
	_, err := Compile([]byte(`{"properties":{"n":{"minItems":-1}}}`))
	require.Error(t, err)
	assert.Equal(t, "jsonschema: schema at #/properties/n/minItems: invalid schema: minItems must be a non-negative integer, got -1", err.Error())
	assert.True(t, errors.Is(err, ErrInvalidSchema))
}

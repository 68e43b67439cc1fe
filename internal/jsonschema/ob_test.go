package jsonschema_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dualtrack/dualtrack/internal/jsonschema"
)

// obSchemaFile is a copy of the official Open Badges 3.0 AchievementCredential
// schema (its $id: https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential-jsonschema1.json),
// kept in testdata so that the tests run on a clean clone.
const obSchemaFile = "testdata/ob_v3p0_achievementcredential.json"

// sharedSchemaFile is the project's shared copy, outside the module.
var sharedSchemaFile = filepath.Join("..", "..", "..", "shared", "schemas", "ob_v3p0_achievementcredential.json")

func obSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	data, err := os.ReadFile(obSchemaFile)
	require.NoError(t, err)
	s, err := jsonschema.Compile(data)
	require.NoError(t, err)
	return s
}

// minimalCredential is a minimal AchievementCredential written by hand from
// the Open Badges 3.0 data model: the two required contexts in order (VC
// Data Model 2.0, then OB 3.0), id, type with VerifiableCredential and
// AchievementCredential, an issuer Profile with id and type, validFrom, and a
// credentialSubject of type AchievementSubject whose Achievement has id,
// type, name, description and criteria. The issuer's name is optional in the
// schema (Profile requires only id and type); it is there because every real
// credential names its issuer.
const minimalCredential = `{
  "@context": [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
  ],
  "id": "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002",
  "type": ["VerifiableCredential", "AchievementCredential"],
  "issuer": {
    "id": "https://vocational.example.cn/issuers/565049",
    "type": ["Profile"],
    "name": "Qingdao West Coast Vocational School"
  },
  "validFrom": "2024-07-01T00:00:00Z",
  "credentialSubject": {
    "type": ["AchievementSubject"],
    "achievement": {
      "id": "https://vocational.example.cn/achievements/cnc-intermediate",
      "type": ["Achievement"],
      "name": "CNC Machining, Intermediate (数控车工 中级)",
      "description": "Operates and programs CNC lathes to the intermediate skill level.",
      "criteria": {
        "narrative": "Passed the theory and practical assessments."
      }
    }
  }
}`

// obSchemaSHA256 is the SHA-256 of the 1EdTech OB 3.0 AchievementCredential
// schema as published in ../shared/schemas (read 2026-11-24). The copy in
// testdata must be that file, byte for byte, or the schema tests prove
// nothing about the published schema.
const obSchemaSHA256 = "5753fb3ecf7d024ed273dd364bd683f483eb47257e718e6618832cf89eb2083a"

func TestSchemaCopyMatchesShared(t *testing.T) {
	copied, err := os.ReadFile(obSchemaFile)
	require.NoError(t, err)
	sum := sha256.Sum256(copied)
	assert.Equal(t, obSchemaSHA256, hex.EncodeToString(sum[:]), "%s is not the published schema", obSchemaFile)

	// Where the shared folder is beside the checkout (not on a clean clone),
	// the copy must also equal it: a newer published schema shows up here.
	shared, err := os.ReadFile(sharedSchemaFile)
	if errors.Is(err, os.ErrNotExist) {
		return
	}
	require.NoError(t, err)
	assert.True(t, bytes.Equal(shared, copied), "%s differs from %s: copy the shared file again and update obSchemaSHA256", obSchemaFile, sharedSchemaFile)
}

func TestOBSchemaCompiles(t *testing.T) {
	s := obSchema(t)
	// The schema uses only date and date-time, both checked.
	assert.Empty(t, s.UncheckedFormats())
}

func TestOBMinimalCredentialValid(t *testing.T) {
	require.NoError(t, obSchema(t).Validate([]byte(minimalCredential)))
}

// doc is a decoded credential to mutate: maps, slices and json.Number.
type doc = map[string]any

func decode(t testing.TB, s string) doc {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var d doc
	require.NoError(t, dec.Decode(&d))
	return d
}

// at follows a JSON Pointer (without escapes) to the container that holds
// its last token, and returns that container and token.
func at(t testing.TB, d doc, ptr string) (any, string) {
	t.Helper()
	parts := strings.Split(ptr, "/")[1:]
	var cur any = d
	for _, p := range parts[:len(parts)-1] {
		switch c := cur.(type) {
		case map[string]any:
			cur = c[p]
		case []any:
			i, err := strconv.Atoi(p)
			require.NoError(t, err)
			cur = c[i]
		default:
			t.Fatalf("pointer %s: %q is inside a scalar", ptr, p)
		}
	}
	return cur, parts[len(parts)-1]
}

func set(ptr string, v any) func(testing.TB, doc) {
	return func(t testing.TB, d doc) {
		switch c, last := at(t, d, ptr); c := c.(type) {
		case map[string]any:
			c[last] = v
		case []any:
			i, err := strconv.Atoi(last)
			require.NoError(t, err)
			c[i] = v
		}
	}
}

func del(ptr string) func(testing.TB, doc) {
	return func(t testing.TB, d doc) {
		c, last := at(t, d, ptr)
		delete(c.(map[string]any), last)
	}
}

// seq applies several mutations in turn.
func seq(fs ...func(testing.TB, doc)) func(testing.TB, doc) {
	return func(t testing.TB, d doc) {
		for _, f := range fs {
			f(t, d)
		}
	}
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

const (
	w3c  = "https://www.w3.org/ns/credentials/v2"
	ob30 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
)

func TestOBValidVariants(t *testing.T) {
	s := obSchema(t)
	tests := []struct {
		name   string
		mutate func(testing.TB, doc)
	}{
		{"issuer as a plain URI string (ProfileRef branch 0)", set("/issuer", "https://example.org/issuer")},
		{"OpenBadgeCredential instead of AchievementCredential", set("/type", []any{"VerifiableCredential", "OpenBadgeCredential"})},
		{"types in any order, with extras", set("/type", []any{"Extra", "AchievementCredential", "VerifiableCredential"})},
		{"older 3.0.x context", set("/@context/1", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json")},
		{"context without version", set("/@context/1", "https://purl.imsglobal.org/spec/ob/v3p0/context.json")},
		{"extra contexts: a string and an object (Context oneOf)", set("/@context", []any{w3c, ob30, "https://w3id.org/security/data-integrity/v2", doc{"ex": "https://example.org/"}})},
		{"credentialSubject with an identifier", set("/credentialSubject/identifier", []any{
			doc{"type": "IdentityObject", "hashed": false, "identityHash": "student@example.cn", "identityType": "emailAddress"},
		})},
		{"identityType extension (ext:...)", set("/credentialSubject/identifier", []any{
			doc{"type": "IdentityObject", "hashed": true, "identityHash": "sha256$abc", "identityType": "ext:StudentNumber", "salt": "s"},
		})},
		{"achievementType from the vocabulary", set("/credentialSubject/achievement/achievementType", "ApprenticeshipCertificate")},
		{"achievementType extension", set("/credentialSubject/achievement/achievementType", "ext:SkillLevelCertificate")},
		{"inLanguage with script and region", set("/credentialSubject/achievement/inLanguage", "zh-Hans-CN")},
		{"creditsEarned with a fraction (number, not integer)", set("/credentialSubject/creditsEarned", json.Number("2.5"))},
		{"date-time with offset and fraction", set("/validFrom", "2024-07-01T08:00:00.123+08:00")},
		{"validUntil, awardedDate", seq(set("/validUntil", "2027-06-30T23:59:59Z"), set("/awardedDate", "2024-07-01T00:00:00Z"))},
		{"Image without extras", set("/credentialSubject/achievement/image", doc{"id": "https://example.org/badge.png", "type": "Image", "caption": "badge"})},
		{"issuer dateOfBirth as a date", set("/issuer/dateOfBirth", "2000-02-29")},
		{"empty criteria (nothing required)", set("/credentialSubject/achievement/criteria", doc{})},
		{"extra top-level property (additionalProperties true)", set("/x-extension", []any{json.Number("1"), nil})},
		{"endorsementJwt in compact form", set("/endorsementJwt", []any{"eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"})},
		{"result with a status from the vocabulary", set("/credentialSubject/result", []any{doc{"type": []any{"Result"}, "status": "Completed"}})},
		{"nested endorsement of the achievement (recursive refs)", set("/credentialSubject/achievement/endorsement", []any{doc{
			"@context":          []any{w3c, ob30},
			"type":              []any{"VerifiableCredential", "EndorsementCredential"},
			"id":                "urn:uuid:e1",
			"name":              "Chamber endorsement",
			"credentialSubject": doc{"id": "https://example.org/a", "type": []any{"EndorsementSubject"}},
			"issuer": doc{"id": "https://ihk.example.de", "type": []any{"Profile"},
				"endorsement": []any{doc{
					"@context":          []any{w3c, ob30},
					"type":              []any{"VerifiableCredential", "EndorsementCredential"},
					"id":                "urn:uuid:e2",
					"name":              "Endorsement of the endorser",
					"credentialSubject": doc{"id": "https://ihk.example.de", "type": []any{"EndorsementSubject"}},
					"issuer":            "https://dihk.example.de",
					"validFrom":         "2020-01-01T00:00:00Z",
				}}},
			"validFrom": "2024-01-01T00:00:00Z",
		}})},
		{"geo coordinates with integer and decimal numbers", set("/issuer/address", doc{"type": []any{"Address"},
			"geo": doc{"type": "GeoCoordinates", "latitude": json.Number("36"), "longitude": json.Number("120.1")}})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := decode(t, minimalCredential)
			tt.mutate(t, d)
			assert.NoError(t, s.Validate(mustJSON(t, d)))
		})
	}
}

// want describes one expected top-level violation, and optionally one of
// its causes (for oneOf/anyOf).
type want struct {
	path, keyword, schema string
	cause                 *want
	msg                   string // a substring of the message, if set
}

func TestOBMutationsFail(t *testing.T) {
	s := obSchema(t)
	tests := []struct {
		name   string
		mutate func(testing.TB, doc)
		want   []want
	}{
		{"second @context entry missing", set("/@context", []any{w3c}),
			[]want{{path: "/@context", keyword: "minItems", schema: "/properties/@context/minItems", msg: "has 1 item, want at least 2"}}},
		{"wrong first context (VC 1.1)", set("/@context/0", "https://www.w3.org/2018/credentials/v1"),
			[]want{{path: "/@context/0", keyword: "enum", schema: "/properties/@context/items/0/enum", msg: `"https://www.w3.org/2018/credentials/v1"`}}},
		{"contexts swapped", set("/@context", []any{ob30, w3c}), []want{
			{path: "/@context/0", keyword: "enum", schema: "/properties/@context/items/0/enum"},
			{path: "/@context/1", keyword: "pattern", schema: "/properties/@context/items/1/pattern"},
		}},
		{"OB context with the wrong extension", set("/@context/1", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.jsonld"),
			[]want{{path: "/@context/1", keyword: "pattern", schema: "/properties/@context/items/1/pattern"}}},
		{"OB context over http", set("/@context/1", "http://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
			[]want{{path: "/@context/1", keyword: "pattern", schema: "/properties/@context/items/1/pattern"}}},
		{"extra context is a number (additionalItems, Context oneOf)", set("/@context", []any{w3c, ob30, json.Number("3")}),
			[]want{{path: "/@context/2", keyword: "oneOf", schema: "/$defs/Context/oneOf",
				cause: &want{path: "/@context/2", keyword: "type", schema: "/$defs/Context/oneOf/1/type"}}}},
		{"@context is a string", set("/@context", w3c),
			[]want{{path: "/@context", keyword: "type", schema: "/properties/@context/type", msg: "want array"}}},
		{"@context missing", del("/@context"),
			[]want{{path: "", keyword: "required", schema: "/required", msg: `missing property "@context"`}}},
		{"type lacks AchievementCredential", set("/type", []any{"VerifiableCredential"}),
			[]want{{path: "/type", keyword: "contains", schema: "/properties/type/allOf/1/contains"}}},
		{"type lacks VerifiableCredential", set("/type", []any{"AchievementCredential"}),
			[]want{{path: "/type", keyword: "contains", schema: "/properties/type/allOf/0/contains"}}},
		{"type is empty", set("/type", []any{}), []want{
			{path: "/type", keyword: "minItems", schema: "/properties/type/allOf/0/minItems"},
			{path: "/type", keyword: "contains", schema: "/properties/type/allOf/0/contains"},
			{path: "/type", keyword: "minItems", schema: "/properties/type/allOf/1/minItems"},
			{path: "/type", keyword: "contains", schema: "/properties/type/allOf/1/contains"},
		}},
		{"type is a string, not an array", set("/type", "AchievementCredential"), []want{
			{path: "/type", keyword: "type", schema: "/properties/type/allOf/0/type"},
			{path: "/type", keyword: "type", schema: "/properties/type/allOf/1/type"},
		}},
		{"type holds a number", set("/type", []any{"VerifiableCredential", "AchievementCredential", json.Number("7")}), []want{
			{path: "/type/2", keyword: "type", schema: "/properties/type/allOf/0/items/type", msg: "got number 7, want string"},
			{path: "/type/2", keyword: "type", schema: "/properties/type/allOf/1/items/type"},
		}},
		{"id missing", del("/id"),
			[]want{{path: "", keyword: "required", schema: "/required", msg: `"id"`}}},
		{"id is a number", set("/id", json.Number("42")),
			[]want{{path: "/id", keyword: "type", schema: "/properties/id/type"}}},
		{"issuer missing id", del("/issuer/id"),
			[]want{{path: "/issuer", keyword: "oneOf", schema: "/$defs/ProfileRef/oneOf", msg: "matches none of the 2 subschemas",
				cause: &want{path: "/issuer", keyword: "required", schema: "/$defs/Profile/required", msg: `missing property "id"`}}}},
		{"issuer with the wrong type", set("/issuer/type", []any{"Organization"}),
			[]want{{path: "/issuer", keyword: "oneOf", schema: "/$defs/ProfileRef/oneOf",
				cause: &want{path: "/issuer/type", keyword: "contains", schema: "/$defs/Profile/properties/type/contains"}}}},
		{"issuer is a number", set("/issuer", json.Number("1")),
			[]want{{path: "/issuer", keyword: "oneOf", schema: "/$defs/ProfileRef/oneOf",
				cause: &want{path: "/issuer", keyword: "type", schema: "/$defs/Profile/type"}}}},
		{"issuer dateOfBirth not a real date", set("/issuer/dateOfBirth", "2001-02-29"),
			[]want{{path: "/issuer", keyword: "oneOf", schema: "/$defs/ProfileRef/oneOf",
				cause: &want{path: "/issuer/dateOfBirth", keyword: "format", schema: "/$defs/Profile/properties/dateOfBirth/format", msg: `"2001-02-29" is not a valid date`}}}},
		{"issuer missing", del("/issuer"),
			[]want{{path: "", keyword: "required", schema: "/required", msg: `"issuer"`}}},
		{"validFrom is a date, not a date-time", set("/validFrom", "2024-07-01"),
			[]want{{path: "/validFrom", keyword: "format", schema: "/properties/validFrom/format", msg: `"2024-07-01" is not a valid date-time`}}},
		{"validFrom without offset", set("/validFrom", "2024-07-01T00:00:00"),
			[]want{{path: "/validFrom", keyword: "format", schema: "/properties/validFrom/format"}}},
		{"validFrom on 31 June", set("/validFrom", "2024-06-31T00:00:00Z"),
			[]want{{path: "/validFrom", keyword: "format", schema: "/properties/validFrom/format"}}},
		{"validFrom is a number", set("/validFrom", json.Number("1719792000")),
			[]want{{path: "/validFrom", keyword: "type", schema: "/properties/validFrom/type"}}},
		{"validFrom missing", del("/validFrom"),
			[]want{{path: "", keyword: "required", schema: "/required", msg: `"validFrom"`}}},
		{"credentialSubject missing", del("/credentialSubject"),
			[]want{{path: "", keyword: "required", schema: "/required", msg: `"credentialSubject"`}}},
		{"credentialSubject type missing", del("/credentialSubject/type"),
			[]want{{path: "/credentialSubject", keyword: "required", schema: "/$defs/AchievementSubject/required", msg: `"type"`}}},
		{"achievement missing criteria", del("/credentialSubject/achievement/criteria"),
			[]want{{path: "/credentialSubject/achievement", keyword: "required", schema: "/$defs/Achievement/required", msg: `missing property "criteria"`}}},
		{"achievement missing description and name", seq(del("/credentialSubject/achievement/description"), del("/credentialSubject/achievement/name")), []want{
			{path: "/credentialSubject/achievement", keyword: "required", schema: "/$defs/Achievement/required", msg: `"description"`},
			{path: "/credentialSubject/achievement", keyword: "required", schema: "/$defs/Achievement/required", msg: `"name"`},
		}},
		{"criteria is a string", set("/credentialSubject/achievement/criteria", "passed the exam"),
			[]want{{path: "/credentialSubject/achievement/criteria", keyword: "type", schema: "/$defs/Criteria/type"}}},
		{"criteria narrative is an array", set("/credentialSubject/achievement/criteria/narrative", []any{"a"}),
			[]want{{path: "/credentialSubject/achievement/criteria/narrative", keyword: "type", schema: "/$defs/Criteria/properties/narrative/type"}}},
		{"achievementType not in the vocabulary", set("/credentialSubject/achievement/achievementType", "Diplom"),
			[]want{{path: "/credentialSubject/achievement/achievementType", keyword: "oneOf", schema: "/$defs/Achievement/properties/achievementType/oneOf",
				cause: &want{path: "/credentialSubject/achievement/achievementType", keyword: "pattern", schema: "/$defs/Achievement/properties/achievementType/oneOf/1/pattern"}}}},
		{"inLanguage with an underscore", set("/credentialSubject/achievement/inLanguage", "zh_CN"),
			[]want{{path: "/credentialSubject/achievement/inLanguage", keyword: "pattern", schema: "/$defs/Achievement/properties/inLanguage/pattern"}}},
		{"extra property on IdentityObject", set("/credentialSubject/identifier", []any{
			doc{"type": "IdentityObject", "hashed": false, "identityHash": "x", "identityType": "name", "nationality": "CN"},
		}), []want{{path: "/credentialSubject/identifier/0", keyword: "additionalProperties", schema: "/$defs/IdentityObject/additionalProperties", msg: `"nationality"`}}},
		{"IdentityObject hashed as a string", set("/credentialSubject/identifier", []any{
			doc{"type": "IdentityObject", "hashed": "false", "identityHash": "x", "identityType": "name"},
		}), []want{{path: "/credentialSubject/identifier/0/hashed", keyword: "type", schema: "/$defs/IdentityObject/properties/hashed/type", msg: "want boolean"}}},
		{"IdentityObject with the wrong type", set("/credentialSubject/identifier", []any{
			doc{"type": "Identity", "hashed": false, "identityHash": "x", "identityType": "name"},
		}), []want{{path: "/credentialSubject/identifier/0/type", keyword: "enum", schema: "/$defs/IdentityObject/properties/type/enum"}}},
		{"identityType neither vocabulary nor extension", set("/credentialSubject/identifier", []any{
			doc{"type": "IdentityObject", "hashed": false, "identityHash": "x", "identityType": "passport"},
		}), []want{{path: "/credentialSubject/identifier/0/identityType", keyword: "oneOf", schema: "/$defs/IdentityObject/properties/identityType/oneOf",
			cause: &want{path: "/credentialSubject/identifier/0/identityType", keyword: "enum", schema: "/$defs/IdentityObject/properties/identityType/oneOf/0/enum"}}}},
		{"extra property on Image", set("/credentialSubject/achievement/image", doc{"id": "https://example.org/b.png", "type": "Image", "width": json.Number("64")}),
			[]want{{path: "/credentialSubject/achievement/image", keyword: "additionalProperties", schema: "/$defs/Image/additionalProperties"}}},
		{"creditsEarned as a string", set("/credentialSubject/creditsEarned", "3"),
			[]want{{path: "/credentialSubject/creditsEarned", keyword: "type", schema: "/$defs/AchievementSubject/properties/creditsEarned/type", msg: `got string "3", want number`}}},
		{"result status not in the vocabulary", set("/credentialSubject/result", []any{doc{"type": []any{"Result"}, "status": "Passed"}}),
			[]want{{path: "/credentialSubject/result/0/status", keyword: "enum", schema: "/$defs/Result/properties/status/enum"}}},
		{"endorsementJwt not in compact form", set("/endorsementJwt", []any{"not-a-jwt"}),
			[]want{{path: "/endorsementJwt/0", keyword: "pattern", schema: "/properties/endorsementJwt/items/pattern"}}},
		{"awardedDate is a number", set("/awardedDate", json.Number("2024")),
			[]want{{path: "/awardedDate", keyword: "type", schema: "/properties/awardedDate/type"}}},
		{"proof without type", set("/proof", []any{doc{"cryptosuite": "eddsa-rdfc-2022"}}),
			[]want{{path: "/proof/0", keyword: "required", schema: "/$defs/Proof/required"}}},
		{"credentialStatus missing id", set("/credentialStatus", doc{"type": "BitstringStatusListEntry"}),
			[]want{{path: "/credentialStatus", keyword: "required", schema: "/$defs/CredentialStatus/required", msg: `"id"`}}},
		{"geo latitude as a string", set("/issuer/address", doc{"type": []any{"Address"},
			"geo": doc{"type": "GeoCoordinates", "latitude": "36.0", "longitude": json.Number("120")}}),
			[]want{{path: "/issuer", keyword: "oneOf", schema: "/$defs/ProfileRef/oneOf",
				cause: &want{path: "/issuer/address/geo/latitude", keyword: "type", schema: "/$defs/GeoCoordinates/properties/latitude/type"}}}},
		{"nested endorsement missing its name", set("/credentialSubject/achievement/endorsement", []any{doc{
			"@context":          []any{w3c, ob30},
			"type":              []any{"VerifiableCredential", "EndorsementCredential"},
			"id":                "urn:uuid:e1",
			"credentialSubject": doc{"id": "https://example.org/a", "type": []any{"EndorsementSubject"}},
			"issuer":            "https://ihk.example.de",
			"validFrom":         "2024-01-01T00:00:00Z",
		}}), []want{{path: "/credentialSubject/achievement/endorsement/0", keyword: "required", schema: "/$defs/EndorsementCredential/required", msg: `"name"`}}},
		{"document is an empty object", func(_ testing.TB, d doc) {
			clear(d)
		}, []want{
			{path: "", keyword: "required", schema: "/required", msg: `"@context"`},
			{path: "", keyword: "required", schema: "/required", msg: `"id"`},
			{path: "", keyword: "required", schema: "/required", msg: `"type"`},
			{path: "", keyword: "required", schema: "/required", msg: `"credentialSubject"`},
			{path: "", keyword: "required", schema: "/required", msg: `"issuer"`},
			{path: "", keyword: "required", schema: "/required", msg: `"validFrom"`},
		}},
		// json.Marshal writes map keys sorted, so the document order is
		// credentialSubject, id, validFrom.
		{"several faults at once, in document order", seq(
			set("/id", nil), del("/credentialSubject/achievement/criteria"), set("/validFrom", "yesterday")), []want{
			{path: "/credentialSubject/achievement", keyword: "required", schema: "/$defs/Achievement/required"},
			{path: "/id", keyword: "type", schema: "/properties/id/type", msg: "got null, want string"},
			{path: "/validFrom", keyword: "format", schema: "/properties/validFrom/format"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := decode(t, minimalCredential)
			tt.mutate(t, d)
			err := s.Validate(mustJSON(t, d))
			var ve *jsonschema.ValidationError
			require.ErrorAs(t, err, &ve)
			require.Len(t, ve.Violations, len(tt.want), "violations:\n%v", err)
			for i, w := range tt.want {
				checkViolation(t, ve.Violations[i], w)
				if w.cause != nil {
					found := false
					for _, c := range ve.Violations[i].Causes {
						if c.InstancePath == w.cause.path && c.Keyword == w.cause.keyword && c.SchemaPath == w.cause.schema {
							checkViolation(t, c, *w.cause)
							found = true
						}
					}
					assert.True(t, found, "no cause %+v in\n%v", *w.cause, err)
				} else {
					assert.Empty(t, ve.Violations[i].Causes)
				}
			}
		})
	}
}

func checkViolation(t *testing.T, got jsonschema.Violation, w want) {
	t.Helper()
	assert.Equal(t, w.path, got.InstancePath, "instance path of %v", got)
	assert.Equal(t, w.keyword, got.Keyword, "keyword of %v", got)
	assert.Equal(t, w.schema, got.SchemaPath, "schema path of %v", got)
	if w.msg != "" {
		assert.Contains(t, got.Message, w.msg)
	}
}

func TestOBRootNotObject(t *testing.T) {
	s := obSchema(t)
	for _, d := range []string{`[]`, `"credential"`, `null`, `1`, `true`} {
		t.Run(d, func(t *testing.T) {
			var ve *jsonschema.ValidationError
			require.ErrorAs(t, s.Validate([]byte(d)), &ve)
			require.Len(t, ve.Violations, 1)
			checkViolation(t, ve.Violations[0], want{path: "", keyword: "type", schema: "/type", msg: "want object"})
		})
	}
}

func TestOBDocumentErrors(t *testing.T) {
	s := obSchema(t)
	tests := []struct {
		name string
		doc  string
		want error
	}{
		{"empty", "", jsonschema.ErrInvalidJSON},
		{"truncated", minimalCredential[:100], jsonschema.ErrInvalidJSON},
		{"two documents", minimalCredential + minimalCredential, jsonschema.ErrInvalidJSON},
		{"duplicate id", strings.Replace(minimalCredential, `"id": "urn:uuid`, `"id": "a", "id": "urn:uuid`, 1), jsonschema.ErrInvalidJSON},
		{"invalid UTF-8", strings.Replace(minimalCredential, "中级", "\xff", 1), jsonschema.ErrInvalidJSON},
		// MaxDepth+1 = 201 nested arrays under "x".
		{"too deep", `{"x":` + strings.Repeat("[", jsonschema.MaxDepth) + strings.Repeat("]", jsonschema.MaxDepth) + `}`, jsonschema.ErrTooDeep},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.Validate([]byte(tt.doc))
			require.ErrorIs(t, err, tt.want)
			var ve *jsonschema.ValidationError
			assert.False(t, errors.As(err, &ve))
			assert.Contains(t, err.Error(), "jsonschema: document")
		})
	}
}

func BenchmarkValidateOB(b *testing.B) {
	s := obSchema(b)
	doc := []byte(minimalCredential)
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Validate(doc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompileOB(b *testing.B) {
	data, err := os.ReadFile(obSchemaFile)
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := jsonschema.Compile(data); err != nil {
			b.Fatal(err)
		}
	}
}

// TestOBConcurrentValidate validates from several goroutines at once (run
// with -race): a Schema is immutable after Compile.
func TestOBConcurrentValidate(t *testing.T) {
	s := obSchema(t)
	bad := strings.Replace(minimalCredential, `"criteria"`, `"criterion"`, 1)
	done := make(chan [2]error)
	for range 8 {
		go func() {
			var errs [2]error
			for range 50 {
				errs = [2]error{s.Validate([]byte(minimalCredential)), s.Validate([]byte(bad))}
			}
			done <- errs
		}()
	}
	for range 8 {
		errs := <-done
		assert.NoError(t, errs[0])
		var ve *jsonschema.ValidationError
		if assert.ErrorAs(t, errs[1], &ve) {
			assert.Equal(t, "/credentialSubject/achievement", ve.Violations[0].InstancePath)
		}
	}
}

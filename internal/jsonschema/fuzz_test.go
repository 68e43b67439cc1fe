package jsonschema

import (
	"encoding/json"
	"errors"
	"net/mail"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

const fuzzCredential = `{"@context":["https://www.w3.org/ns/credentials/v2","https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],` +
	`"id":"urn:uuid:1","type":["VerifiableCredential","AchievementCredential"],` +
	`"issuer":{"id":"https://example.org/i","type":["Profile"],"name":"I"},"validFrom":"2024-07-01T00:00:00Z",` +
	`"credentialSubject":{"type":["AchievementSubject"],"achievement":{"id":"https://example.org/a","type":["Achievement"],` +
	`"name":"n","description":"d","criteria":{"narrative":"c"}}}}`

// checkViolations verifies the invariants of violations: each names a
// keyword and a message, its instance path resolves in the document and its
// schema path in the schema, the keyword matches the schema path as the
// Violation documentation says, and only anyOf and oneOf have causes.
func checkViolations(t *testing.T, vs []Violation, doc, schema *value) {
	t.Helper()
	for _, v := range vs {
		if v.Keyword == "" || v.Message == "" {
			t.Fatalf("violation without keyword or message: %+v", v)
		}
		if resolve(doc, v.InstancePath) == nil {
			t.Fatalf("instance path %q does not resolve in the document (%v)", v.InstancePath, v)
		}
		if resolve(schema, v.SchemaPath) == nil {
			t.Fatalf("schema path %q does not resolve in the schema (%v)", v.SchemaPath, v)
		}
		last := v.SchemaPath[strings.LastIndexByte(v.SchemaPath, '/')+1:]
		parent := strings.TrimSuffix(v.SchemaPath, "/"+last)
		parentLast := parent[strings.LastIndexByte(parent, '/')+1:]
		switch {
		case v.Keyword == last:
		case v.Keyword == "false" && resolve(schema, v.SchemaPath).kind == kindBool:
		case (v.Keyword == "properties" || v.Keyword == "items") && v.Keyword == parentLast:
		default:
			t.Fatalf("keyword %q does not fit schema path %q", v.Keyword, v.SchemaPath)
		}
		if len(v.Causes) > 0 && v.Keyword != "anyOf" && v.Keyword != "oneOf" {
			t.Fatalf("causes on a %s violation", v.Keyword)
		}
		checkViolations(t, v.Causes, doc, schema)
	}
}

// resolve follows an escaped JSON Pointer.
func resolve(v *value, ptr string) *value {
	if ptr == "" {
		return v
	}
	if !strings.HasPrefix(ptr, "/") {
		return nil
	}
	var tokens []string
	for _, tok := range strings.Split(ptr[1:], "/") {
		t, ok := unescapePointer(tok)
		if !ok {
			return nil
		}
		tokens = append(tokens, t)
	}
	return lookupPointer(v, tokens)
}

// checkDocumentError verifies that an error from Validate that is not a
// *ValidationError is a document error that fits the input.
func checkDocumentError(t *testing.T, data []byte, err error) {
	t.Helper()
	if !strings.HasPrefix(err.Error(), "jsonschema: document: ") {
		t.Fatalf("error %q does not say it is about the document", err)
	}
	switch {
	case errors.Is(err, ErrTooDeep):
		if !strings.Contains(err.Error(), "more than 200 levels") {
			t.Fatalf("too-deep error %q does not give the limit", err)
		}
	case errors.Is(err, ErrInvalidJSON):
		// encoding/json agrees that the input is not JSON, unless the
		// problem is one it does not check: duplicate member names.
		if json.Valid(data) && utf8.Valid(data) && !strings.Contains(err.Error(), "two members named") {
			t.Fatalf("valid JSON %q rejected: %v", data, err)
		}
	default:
		t.Fatalf("unexpected error type %T: %v", err, err)
	}
}

func FuzzValidate(f *testing.F) {
	data, err := os.ReadFile("testdata/ob_v3p0_achievementcredential.json")
	if err != nil {
		f.Fatal(err)
	}
	schema, err := Compile(data)
	if err != nil {
		f.Fatal(err)
	}
	schemaDoc, err := parseJSON(data)
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		fuzzCredential,
		strings.Replace(fuzzCredential, `"criteria":{"narrative":"c"}`, `"x":1`, 1),
		strings.Replace(fuzzCredential, `"id":"https://example.org/i",`, ``, 1),
		strings.Replace(fuzzCredential, `"issuer":{"id":"https://example.org/i","type":["Profile"],"name":"I"}`, `"issuer":"https://example.org/i"`, 1),
		strings.Replace(fuzzCredential, `2024-07-01T00:00:00Z`, `2024-07-01`, 1),
		strings.Replace(fuzzCredential, `"AchievementCredential"`, `"Achievement~Credential"`, 1),
		strings.Replace(fuzzCredential, `"criteria"`, `"identifier":[{"type":"IdentityObject","hashed":true,"identityHash":"h","identityType":"ext:x","salt":"s","y":1}],"criteria"`, 1),
		strings.Replace(fuzzCredential, `"id":"urn:uuid:1"`, `"id":"urn:uuid:1","id":"dup"`, 1),
		fuzzCredential[:len(fuzzCredential)/2],
		fuzzCredential + " []",
		`[]`, `null`, `1e999999999`, `-0.0`, `""`, `{}`, `{"a/b~c":1}`, ``, `{"a":}`, "\"\xff\"", `"\ud800"`,
		strings.Repeat("[", 250) + strings.Repeat("]", 250),
		`{"endorsement":[` + strings.Repeat(`{"issuer":{"endorsement":[`, 40) + strings.Repeat(`]}}`, 40) + `]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := schema.Validate(data)
		again := schema.Validate(data)
		if (err == nil) != (again == nil) || err != nil && err.Error() != again.Error() {
			t.Fatalf("Validate is not deterministic: %v, then %v", err, again)
		}
		if err == nil {
			if !json.Valid(data) {
				t.Fatalf("accepted invalid JSON %q", data)
			}
			return
		}
		var ve *ValidationError
		if !errors.As(err, &ve) {
			checkDocumentError(t, data, err)
			return
		}
		if len(ve.Violations) == 0 {
			t.Fatal("ValidationError without violations")
		}
		doc, perr := parseJSON(data)
		if perr != nil {
			t.Fatalf("violations reported for a document that does not parse: %v", perr)
		}
		checkViolations(t, ve.Violations, &doc, &schemaDoc)
	})
}

func FuzzCompile(f *testing.F) {
	for _, seed := range []string{
		`true`, `false`, `{}`, `{"type":"integer","minItems":1}`,
		`{"$defs":{"A":{"type":"array","items":{"$ref":"#/$defs/A"}}},"$ref":"#/$defs/A"}`,
		`{"oneOf":[{"type":"string"},{"enum":[1,"a",{"b":null}]}]}`,
		`{"anyOf":[{"pattern":"^a.b$"},{"format":"date"}],"allOf":[{"required":["x"]}]}`,
		`{"items":[{"const":1}],"additionalItems":false}`,
		`{"items":[{},false],"additionalItems":{"type":"null"},"contains":{"type":"integer"}}`,
		`{"properties":{"a~b/c":{"$ref":"#/properties/a~0b~1c"}},"additionalProperties":false}`,
		`{"$ref":"#/$defs/Missing"}`, `{"$ref":"http://x/y"}`, `{"$defs":{"A":{"$ref":"#/$defs/A"}}}`,
		`{"pattern":"\\s"}`, `{"pattern":"("}`, `{"type":["string","string"]}`, `{"minItems":-1}`,
		`{"$schema":"https://json-schema.org/draft/2019-09/schema","$id":"urn:x","$ref":"urn:x#/$defs/a","$defs":{"a":{}}}`,
		`{"type":`, `[]`, `1`,
	} {
		f.Add([]byte(seed))
	}
	docs := []string{`null`, `1`, `1.5`, `"a.b"`, `"2024-01-01"`, `[1,"x",null]`, `{"x":[{"x":1}],"a~b/c":2}`, `[[[]]]`}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Compile(data)
		if err != nil {
			var ce *CompileError
			if !errors.As(err, &ce) {
				t.Fatalf("Compile error %T is not a *CompileError: %v", err, err)
			}
			kinds := 0
			for _, k := range []error{ErrUnsupported, ErrUnresolvedRef, ErrInvalidSchema} {
				if errors.Is(err, k) {
					kinds++
				}
			}
			if kinds != 1 || ce.Detail == "" {
				t.Fatalf("CompileError %v matches %d kinds or lacks detail", err, kinds)
			}
			if schemaDoc, perr := parseJSON(data); perr == nil && resolve(&schemaDoc, ce.Path) == nil {
				t.Fatalf("CompileError path %q does not resolve in the schema", ce.Path)
			}
			return
		}
		if len(data) > 512 {
			// Nested oneOf through $ref can make validation exponential in
			// the schema size; keep the fuzzer on schemas where that stays
			// small.
			return
		}
		schemaDoc, perr := parseJSON(data)
		if perr != nil {
			t.Fatalf("Compile accepted a schema that does not parse: %v", perr)
		}
		for _, d := range docs {
			err := s.Validate([]byte(d))
			if err == nil {
				continue
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("Validate(%s): %T %v", d, err, err)
			}
			doc, _ := parseJSON([]byte(d))
			checkViolations(t, ve.Violations, &doc, &schemaDoc)
		}
	})
}

func FuzzPattern(f *testing.F) {
	for _, seed := range []string{
		`^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-3\.\d\.\d)*\.json$`,
		`(ext:)[a-z|A-Z|0-9|.|-|_]+`, `^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$`,
		`a.b`, `\u00e9`, `[\b]`, `\0`, `\s`, `(?i)x`, `(?<n>x)`, `[]`, `[^]`, `[[:a:]]`, `\`, `\u12`, `\x{1}`, `(`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, p string) {
		out, err := translatePattern(p)
		if err != nil {
			var pe *patternError
			if !errors.As(err, &pe) || pe.detail == "" || (pe.kind != ErrUnsupported && pe.kind != ErrInvalidSchema) {
				t.Fatalf("translatePattern(%q): bad error %#v", p, err)
			}
			return
		}
		if !strings.ContainsAny(p, `.\`) && out != p {
			// Without dots and escapes nothing is rewritten.
			t.Fatalf("translatePattern(%q) = %q, want it unchanged", p, out)
		}
		re, err := compilePattern(p)
		if err != nil {
			var pe *patternError
			if !errors.As(err, &pe) || pe.kind != ErrInvalidSchema {
				t.Fatalf("compilePattern(%q): bad error %#v", p, err)
			}
			return
		}
		if _, err := regexp.Compile(out); err != nil {
			t.Fatalf("compilePattern(%q) succeeded but %q does not compile", p, out)
		}
		// ECMA's "." never matches a line terminator.
		if p == "^.$" && (re.MatchString("\n") || re.MatchString("\r")) {
			t.Fatal(`"." matched a line terminator`)
		}
	})
}

func FuzzFormat(f *testing.F) {
	for _, seed := range []string{
		"2024-02-29", "2023-02-29", "1990-12-31T23:59:60Z", "1990-12-31T15:59:60-08:00", "2024-07-01T24:00:00Z",
		"1985-04-12t23:20:50.52z", "http://example.org/a?b#c", "ldap://[2001:db8::7]/c=GB?objectClass?one",
		"urn:uuid:1", "//g", "../g", "g:h", "a@b.example", `"a b"@example.com`, "a@[IPv6:::1]", "te..st@x", "",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		date, dateTime := isDate(s), isDateTime(s)
		uri, uriRef, email := isURI(s), isURIReference(s), isEmail(s)
		if date {
			if _, err := time.Parse(time.DateOnly, s); err != nil {
				t.Fatalf("date %q rejected by time.Parse: %v", s, err)
			}
		}
		if dateTime {
			if !isDate(s[:10]) {
				t.Fatalf("date-time %q with a bad date", s)
			}
			// time.Parse wants upper-case T and Z and rejects second 60.
			if s[10] == 'T' && !strings.HasSuffix(s, "z") && s[17:19] != "60" {
				if _, err := time.Parse(time.RFC3339Nano, s); err != nil {
					t.Fatalf("date-time %q rejected by time.Parse: %v", s, err)
				}
			}
		}
		if uri && !uriRef {
			t.Fatalf("%q is a uri but not a uri-reference", s)
		}
		if uriRef && !hostHasPercent(s) {
			u, err := url.Parse(s)
			if err != nil {
				t.Fatalf("uri-reference %q rejected by net/url: %v", s, err)
			}
			if uri && u.Scheme == "" {
				t.Fatalf("uri %q has no scheme for net/url", s)
			}
		}
		if (uri || uriRef || email) && !isASCIIPrintable(s) {
			t.Fatalf("%q accepted with a non-printable or non-ASCII byte", s)
		}
		// net/mail knows no IPv6 literals and rejects the empty quoted local
		// part "", which RFC 5321 allows.
		if email && !strings.Contains(s, "[IPv6:") && !strings.HasPrefix(s, `""@`) {
			if _, err := mail.ParseAddress(s); err != nil {
				t.Fatalf("email %q rejected by net/mail: %v", s, err)
			}
		}
	})
}

func isASCIIPrintable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

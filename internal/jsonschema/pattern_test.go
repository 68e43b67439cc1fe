package jsonschema

import (
	"encoding/json"
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTranslatePattern(t *testing.T) {
	tests := []struct{ in, out string }{
		{`^abc$`, `^abc$`},
		{`a.b`, `a` + ecmaDot + `b`},
		{`[.]`, `[.]`}, // a dot in a class is literal in both
		{`\.`, `\.`},   // so is an escaped dot
		{`\\.`, `\\` + ecmaDot},
		{`\u4e2d`, `\x{4e2d}`},
		{`[\u0041-\u005A]`, `[\x{0041}-\x{005A}]`},
		{`a\0`, `a\x00`},
		{`[\b]`, `[\x08]`}, // backspace in a class
		{`\bword\b`, `\bword\b`},
		{`(?:a|b)+`, `(?:a|b)+`},
		{`(?<year>\d{4})`, `(?<year>\d{4})`},
		{`[^\]a]`, `[^\]a]`},
		{`[a[]`, `[a[]`}, // "[" inside a class is literal in both
		{`\/\-\d\w\W\D\t\n\r\f\v\x41`, `\/\-\d\w\W\D\t\n\r\f\v\x41`},
		// The patterns of the Open Badges 3.0 schema pass through unchanged
		// (the only unescaped dot is inside a class, where it is literal).
		{`^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-3\.\d\.\d)*\.json$`, `^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-3\.\d\.\d)*\.json$`},
		{`^[a-zA-Z0-9_-]+\.[a-zA-Z0-9_-]*\.[a-zA-Z0-9_-]+$`, `^[a-zA-Z0-9_-]+\.[a-zA-Z0-9_-]*\.[a-zA-Z0-9_-]+$`},
		{`^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$`, `^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$`},
		{`(ext:)[a-z|A-Z|0-9|.|-|_]+`, `(ext:)[a-z|A-Z|0-9|.|-|_]+`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := translatePattern(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.out, got)
			_, err = compilePattern(tt.in)
			assert.NoError(t, err)
		})
	}
}

func TestTranslatePatternRejects(t *testing.T) {
	tests := []struct {
		in   string
		kind error
	}{
		{`\s+`, ErrUnsupported},
		{`[\S]`, ErrUnsupported},
		{`\p{Han}`, ErrUnsupported},
		{`\PL`, ErrUnsupported},
		{`\Aabc\z`, ErrUnsupported},
		{`\Qa.b\E`, ErrUnsupported},
		{`\C`, ErrUnsupported},
		{`\a`, ErrUnsupported},
		{`\cJ`, ErrUnsupported},
		{`(a)\1`, ErrUnsupported},
		{`\012`, ErrUnsupported},
		{`\x{41}`, ErrUnsupported},
		{`\ud83d\ude00`, ErrUnsupported},
		{`(?i)abc`, ErrUnsupported},
		{`(?P<n>a)`, ErrUnsupported},
		{`(?=a)`, ErrUnsupported},
		{`(?!a)`, ErrUnsupported},
		{`(?<=a)b`, ErrUnsupported},
		{`(?<!a)b`, ErrUnsupported},
		{`[[:alpha:]]`, ErrUnsupported},
		{`[]a]`, ErrUnsupported},
		{`[^]`, ErrUnsupported},
		{`abc\`, ErrInvalidSchema},
		{`\u12`, ErrInvalidSchema},
		{`\u12g4`, ErrInvalidSchema},
		{`a(`, ErrInvalidSchema},
		{`a{2,1}`, ErrInvalidSchema},
		{`\k<n>`, ErrInvalidSchema}, // a named backreference: RE2 has none
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := compilePattern(tt.in)
			require.Error(t, err)
			var pe *patternError
			require.True(t, errors.As(err, &pe))
			assert.Equal(t, tt.kind, pe.kind)
			// Through Compile, the error is a CompileError of that kind that
			// quotes the pattern.
			schema, _ := json.Marshal(map[string]string{"pattern": tt.in})
			_, err = Compile(schema)
			assert.ErrorIs(t, err, tt.kind)
			assert.Contains(t, err.Error(), quote(tt.in))
		})
	}
}

func TestPatternSemantics(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{`b`, "abc", true}, // not anchored
		{`^b`, "abc", false},
		{`^a.c$`, "a\nc", false},
		{`^a.c$`, "a\rc", false},
		{"^a.c$", "a\u2028c", false},
		{`^a.c$`, "a\tc", true},
		{`^a.c$`, "a中c", true},
		{`^\d+$`, "٣", false},  // ECMA \d is ASCII only, as in Go
		{`^\w+$`, "é", false},  // likewise \w
		{`c$`, "abc\n", false}, // ECMA $ without m matches only at the end
		{`(ext:)[a-z|A-Z|0-9|.|-|_]+`, "ext:Foo_1", true},
		{`(ext:)[a-z|A-Z|0-9|.|-|_]+`, "x-ext:a", true}, // unanchored: found inside
		{`(ext:)[a-z|A-Z|0-9|.|-|_]+`, "Diploma", false},
		{`^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-3\.\d\.\d)*\.json$`, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", true},
		{`^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-3\.\d\.\d)*\.json$`, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.jsonx", false},
		{`^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-3\.\d\.\d)*\.json$`, "https://purlXimsglobal.org/spec/ob/v3p0/context.json", false},
	}
	for _, tt := range tests {
		t.Run(tt.pattern+" "+tt.s, func(t *testing.T) {
			re, err := compilePattern(tt.pattern)
			require.NoError(t, err)
			assert.Equal(t, tt.want, re.MatchString(tt.s))
		})
	}
}

// TestOBPatternsCompile checks that every pattern in the Open Badges schema
// is accepted: the schema compiles, and each pattern translates.
func TestOBPatternsCompile(t *testing.T) {
	data, err := os.ReadFile("testdata/ob_v3p0_achievementcredential.json")
	require.NoError(t, err)
	doc, err := parseJSON(data)
	require.NoError(t, err)
	var patterns []string
	var walk func(v *value)
	walk = func(v *value) {
		for i := range v.items {
			walk(&v.items[i])
		}
		for i := range v.members {
			m := &v.members[i]
			if m.name == "pattern" && m.val.kind == kindString {
				patterns = append(patterns, m.val.text)
			}
			walk(&m.val)
		}
	}
	walk(&doc)
	// The schema has the four distinct patterns of TestTranslatePattern, some
	// repeated; there must be at least those four.
	require.GreaterOrEqual(t, len(patterns), 4)
	for _, p := range patterns {
		_, err := compilePattern(p)
		assert.NoError(t, err, p)
	}
}

package jsonschema

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/dualtrack/dualtrack/internal/errtext"
)

// ecmaDot is what "." means in an ECMA 262 regular expression without the
// s flag: any character except the four line terminators. Go's "." only
// excludes "\n".
const ecmaDot = `[^\n\r\x{2028}\x{2029}]`

// compilePattern compiles an ECMA 262 pattern (the dialect JSON Schema
// specifies) with Go's regexp package. Most of the common syntax means the
// same in both; translatePattern rewrites what can be rewritten and rejects
// what would silently mean something else.
func compilePattern(src string) (*regexp.Regexp, error) {
	translated, err := translatePattern(src)
	if err != nil {
		return nil, err
	}
	re, err := regexp.Compile(translated)
	if err != nil {
		return nil, &patternError{kind: ErrInvalidSchema, detail: "does not compile as a Go regular expression", cause: err}
	}
	return re, nil
}

// patternError is a rejected pattern; compile turns it into a CompileError.
type patternError struct {
	kind   error // ErrUnsupported or ErrInvalidSchema
	detail string
	cause  error
}

func (e *patternError) Error() string { return e.detail }

func unsupportedPattern(format string, args ...any) error {
	return &patternError{kind: ErrUnsupported, detail: fmt.Sprintf(format, args...)}
}

// translatePattern rewrites an ECMA 262 pattern into Go RE2 syntax:
//
//   - "." outside a class becomes ecmaDot;
//   - "\uXXXX" becomes "\x{XXXX}" (surrogates are rejected: ECMA matches
//     them as UTF-16 code units, which have no counterpart in UTF-8);
//   - "\0" (not followed by a digit) becomes "\x00", and "\b" inside a
//     class (backspace in ECMA) becomes "\x08".
//
// It rejects, as ErrUnsupported, constructs that RE2 would accept with a
// different meaning or that only one side has: \s and \S (RE2's are ASCII,
// ECMA's include \v and Unicode spaces), \A \z \Q \E \p \P \C \a \c \x{...},
// backreferences and octal escapes, inline flags and groups other than
// (?:...) and (?<name>...), POSIX classes "[[:alpha:]]", and the classes
// "[]" and "[^]" (empty and "anything" in ECMA, the start of a class
// containing "]" in RE2). What remains (literals, \d \D \w \W \b \B, the
// escapes \t \n \v \f \r \xHH, escaped punctuation, classes, groups,
// alternation, anchors, greedy and lazy quantifiers) means the same in both.
func translatePattern(p string) (string, error) {
	var b strings.Builder
	inClass := false
	for i := 0; i < len(p); {
		c := p[i]
		switch {
		case c == '\\':
			if i+1 >= len(p) {
				return "", &patternError{kind: ErrInvalidSchema, detail: "ends with a lone backslash"}
			}
			d := p[i+1]
			switch {
			case d == 'u':
				hex := p[i+2 : min(i+6, len(p))]
				if len(hex) != 4 || strings.Trim(hex, "0123456789abcdefABCDEF") != "" {
					return "", &patternError{kind: ErrInvalidSchema, detail: fmt.Sprintf(`escape \u at byte %d needs four hex digits`, i)}
				}
				if h := strings.ToLower(hex); h >= "d800" && h <= "dfff" {
					return "", unsupportedPattern(`surrogate escape \u%s at byte %d (ECMA matches UTF-16 code units)`, hex, i)
				}
				b.WriteString(`\x{` + hex + `}`)
				i += 6
				continue
			case d == 'x' && i+2 < len(p) && p[i+2] == '{':
				return "", unsupportedPattern(`escape \x{...} at byte %d (Go syntax; ECMA reads it as "x{...}")`, i)
			case strings.IndexByte("sSAzQEpPCac", d) >= 0:
				return "", unsupportedPattern(`escape \%c at byte %d (means something else, or nothing, in ECMA 262 or in Go)`, d, i)
			case d >= '1' && d <= '9', d == '0' && i+2 < len(p) && p[i+2] >= '0' && p[i+2] <= '9':
				return "", unsupportedPattern(`backreference or octal escape \%c at byte %d`, d, i)
			case d == '0':
				b.WriteString(`\x00`)
				i += 2
				continue
			case d == 'b' && inClass:
				b.WriteString(`\x08`)
				i += 2
				continue
			}
			_, n := utf8.DecodeRuneInString(p[i+1:])
			b.WriteString(p[i : i+1+n])
			i += 1 + n
			continue
		case inClass && c == '[' && i+1 < len(p) && p[i+1] == ':':
			return "", unsupportedPattern(`POSIX class "[:" at byte %d`, i)
		case inClass && c == ']':
			inClass = false
		case !inClass && c == '[':
			rest := p[i+1:]
			if strings.HasPrefix(rest, "]") || strings.HasPrefix(rest, "^]") {
				return "", unsupportedPattern(`class "[]" or "[^]" at byte %d (empty or any character in ECMA, a class containing "]" in Go)`, i)
			}
			inClass = true
			b.WriteByte('[')
			if strings.HasPrefix(rest, "^") {
				b.WriteByte('^')
				i++
			}
			i++
			continue
		case !inClass && c == '.':
			b.WriteString(ecmaDot)
			i++
			continue
		case !inClass && c == '(' && strings.HasPrefix(p[i+1:], "?"):
			rest := p[i+2:]
			named := strings.HasPrefix(rest, "<") && !strings.HasPrefix(rest, "<=") && !strings.HasPrefix(rest, "<!")
			if !strings.HasPrefix(rest, ":") && !named {
				return "", unsupportedPattern(`group "(?%s" at byte %d (only (?:...) and (?<name>...) are supported)`, errtext.Clip(rest, 2), i)
			}
		}
		b.WriteByte(c)
		i++
	}
	return b.String(), nil
}

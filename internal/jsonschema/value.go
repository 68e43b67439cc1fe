package jsonschema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dualtrack/dualtrack/internal/errtext"
)

// MaxDepth is how deeply arrays and objects may nest in a document (and in
// a schema): [1] has depth 1, {"a":[1]} depth 2. Deeper input is rejected
// with [ErrTooDeep] before any validation, which also bounds the recursion
// of validation through recursive $refs.
const MaxDepth = 200

// kind is the JSON type of a value. Integers are numbers; "integer" is a
// property of a number, not a kind.
type kind uint8

const (
	kindNull kind = iota
	kindBool
	kindNumber
	kindString
	kindArray
	kindObject
)

// String returns the JSON Schema type name of k.
func (k kind) String() string {
	switch k {
	case kindNull:
		return "null"
	case kindBool:
		return "boolean"
	case kindNumber:
		return "number"
	case kindString:
		return "string"
	case kindArray:
		return "array"
	default:
		return "object"
	}
}

// value is a decoded JSON value. Numbers keep their text, so nothing passes
// through binary floating point.
type value struct {
	kind    kind
	boolean bool
	text    string   // the string, or the number as written
	items   []value  // array items
	members []member // object members in document order, names unique
}

type member struct {
	name string
	val  value
}

// lookup returns the member named name, or nil.
func (v *value) lookup(name string) *value {
	for i := range v.members {
		if v.members[i].name == name {
			return &v.members[i].val
		}
	}
	return nil
}

// parseJSON decodes data, which must hold exactly one JSON value in UTF-8,
// with unique member names and at most MaxDepth levels of nesting.
func parseJSON(data []byte) (value, error) {
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		return value{}, fmt.Errorf("%w: invalid UTF-8 at offset %d", ErrInvalidJSON, off)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	p := parser{dec: dec}
	tok, err := p.token()
	if err == io.EOF {
		return value{}, fmt.Errorf("%w: empty document", ErrInvalidJSON)
	}
	if err != nil {
		return value{}, err
	}
	v, err := p.value(tok)
	if err != nil {
		return value{}, err
	}
	off := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		return value{}, fmt.Errorf("%w: data after the JSON value at offset %d", ErrInvalidJSON, off)
	}
	return v, nil
}

// parser builds a value from a json.Decoder's tokens; path holds the names
// and indexes leading to the current value, for error messages.
type parser struct {
	dec  *json.Decoder
	path []string
}

func (p *parser) token() (json.Token, error) {
	off := p.dec.InputOffset()
	tok, err := p.dec.Token()
	if err == nil || err == io.EOF {
		return tok, err
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return nil, fmt.Errorf("%w: at offset %d: %w", ErrInvalidJSON, se.Offset, err)
	}
	if err == io.ErrUnexpectedEOF {
		return nil, fmt.Errorf("%w: unexpected end of input after offset %d", ErrInvalidJSON, off)
	}
	return nil, fmt.Errorf("%w: at offset %d: %w", ErrInvalidJSON, off, err)
}

func (p *parser) pointer() string {
	var b strings.Builder
	for _, s := range p.path {
		b.WriteByte('/')
		b.WriteString(escapePointer(s))
	}
	return b.String()
}

func (p *parser) value(tok json.Token) (value, error) {
	switch t := tok.(type) {
	case nil:
		return value{kind: kindNull}, nil
	case bool:
		return value{kind: kindBool, boolean: t}, nil
	case json.Number:
		return value{kind: kindNumber, text: string(t)}, nil
	case string:
		return value{kind: kindString, text: t}, nil
	case json.Delim:
		if len(p.path) >= MaxDepth {
			return value{}, fmt.Errorf("%w: more than %d levels of arrays and objects at %s",
				ErrTooDeep, MaxDepth, errtext.Clip(displayPointer(p.pointer()), 100))
		}
		if t == '[' {
			return p.array()
		}
		return p.object()
	}
	// json.Decoder.Token returns only the types above.
	return value{}, fmt.Errorf("%w: unexpected token %v", ErrInvalidJSON, tok)
}

func (p *parser) array() (value, error) {
	v := value{kind: kindArray}
	for {
		tok, err := p.token()
		if err != nil {
			return value{}, eofIsUnexpected(err)
		}
		if tok == json.Delim(']') {
			return v, nil
		}
		p.path = append(p.path, strconv.Itoa(len(v.items)))
		item, err := p.value(tok)
		p.path = p.path[:len(p.path)-1]
		if err != nil {
			return value{}, err
		}
		v.items = append(v.items, item)
	}
}

func (p *parser) object() (value, error) {
	v := value{kind: kindObject}
	var seen map[string]bool // built once the object is large enough to need it
	for {
		tok, err := p.token()
		if err != nil {
			return value{}, eofIsUnexpected(err)
		}
		if tok == json.Delim('}') {
			return v, nil
		}
		name, ok := tok.(string)
		if !ok {
			// json.Decoder reports a non-string name as a syntax error.
			return value{}, fmt.Errorf("%w: member name %v is not a string", ErrInvalidJSON, tok)
		}
		dup := false
		switch {
		case seen != nil:
			dup = seen[name]
		case len(v.members) < 16:
			dup = v.lookup(name) != nil
		default:
			seen = make(map[string]bool, 2*len(v.members))
			for _, m := range v.members {
				seen[m.name] = true
			}
			dup = seen[name]
		}
		if dup {
			return value{}, fmt.Errorf("%w: object at %s has two members named %s",
				ErrInvalidJSON, errtext.Clip(displayPointer(p.pointer()), 100), quote(name))
		}
		if seen != nil {
			seen[name] = true
		}
		tok, err = p.token()
		if err != nil {
			return value{}, eofIsUnexpected(err)
		}
		p.path = append(p.path, name)
		val, err := p.value(tok)
		p.path = p.path[:len(p.path)-1]
		if err != nil {
			return value{}, err
		}
		v.members = append(v.members, member{name: name, val: val})
	}
}

func eofIsUnexpected(err error) error {
	if err == io.EOF {
		return fmt.Errorf("%w: unexpected end of input", ErrInvalidJSON)
	}
	return err
}

// number is a JSON number in canonical form: (-1)^neg · digits · 10^exp,
// with digits free of leading and trailing zeros ("" for zero, which is
// never negative). Two numbers are equal exactly when their canonical forms
// are.
type number struct {
	neg    bool
	digits string
	exp    big.Int
}

// parseNumber canonicalises text, which must be a valid JSON number (the
// decoder guarantees it).
func parseNumber(text string) number {
	var n number
	s := text
	if strings.HasPrefix(s, "-") {
		n.neg = true
		s = s[1:]
	}
	mant, expText, _ := strings.Cut(strings.ToLower(s), "e")
	intPart, frac, _ := strings.Cut(mant, ".")
	digits := strings.TrimLeft(intPart+frac, "0")
	trimmed := strings.TrimRight(digits, "0")
	if expText != "" {
		// JSON allows any number of exponent digits; big.Int takes them all.
		n.exp.SetString(strings.TrimPrefix(expText, "+"), 10)
	}
	n.exp.Sub(&n.exp, big.NewInt(int64(len(frac))))
	n.exp.Add(&n.exp, big.NewInt(int64(len(digits)-len(trimmed))))
	n.digits = trimmed
	if trimmed == "" {
		n.neg = false
		n.exp.SetInt64(0)
	}
	return n
}

func (n *number) isInteger() bool { return n.exp.Sign() >= 0 }

func (n *number) equal(m *number) bool {
	return n.neg == m.neg && n.digits == m.digits && n.exp.Cmp(&m.exp) == 0
}

// isInteger reports whether a number value has no fractional part: 1, 1.0,
// 1.5e1 and -0 are integers; 1.5 and 1e-400 are not.
func isInteger(text string) bool {
	n := parseNumber(text)
	return n.isInteger()
}

// equal is JSON equality as JSON Schema defines it for enum: same type and
// same value, numbers compared by mathematical value (1 equals 1.0 and
// 10e-1), strings by code points, arrays item by item, objects by their
// sets of members regardless of order.
func equal(a, b *value) bool {
	if a.kind != b.kind {
		return false
	}
	switch a.kind {
	case kindNull:
		return true
	case kindBool:
		return a.boolean == b.boolean
	case kindString:
		return a.text == b.text
	case kindNumber:
		if a.text == b.text {
			return true
		}
		x, y := parseNumber(a.text), parseNumber(b.text)
		return x.equal(&y)
	case kindArray:
		if len(a.items) != len(b.items) {
			return false
		}
		for i := range a.items {
			if !equal(&a.items[i], &b.items[i]) {
				return false
			}
		}
		return true
	default:
		if len(a.members) != len(b.members) {
			return false
		}
		for i := range a.members {
			other := b.lookup(a.members[i].name)
			if other == nil || !equal(&a.members[i].val, other) {
				return false
			}
		}
		return true
	}
}

// appendJSON writes v as compact JSON, stopping soon after b reaches limit
// bytes (the caller clips).
func appendJSON(b []byte, v *value, limit int) []byte {
	if len(b) > limit {
		return b
	}
	switch v.kind {
	case kindNull:
		return append(b, "null"...)
	case kindBool:
		return strconv.AppendBool(b, v.boolean)
	case kindNumber:
		return append(b, v.text...)
	case kindString:
		return appendQuoted(b, v.text)
	case kindArray:
		b = append(b, '[')
		for i := range v.items {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSON(b, &v.items[i], limit)
			if len(b) > limit {
				return b
			}
		}
		return append(b, ']')
	default:
		b = append(b, '{')
		for i := range v.members {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendQuoted(b, v.members[i].name)
			b = append(b, ':')
			b = appendJSON(b, &v.members[i].val, limit)
			if len(b) > limit {
				return b
			}
		}
		return append(b, '}')
	}
}

// appendQuoted writes s as a JSON string (encoding/json's escaping, without
// its HTML escaping, so that messages stay readable).
func appendQuoted(b []byte, s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		// Encoding a string cannot fail; keep Go quoting as a fallback.
		return strconv.AppendQuote(b, s)
	}
	return append(b, bytes.TrimSuffix(buf.Bytes(), []byte("\n"))...)
}

// quote returns s as a JSON string, clipped for messages.
func quote(s string) string { return errtext.Clip(string(appendQuoted(nil, s)), 80) }

// describe renders an instance value for a message: its JSON, clipped.
func describe(v *value) string {
	const max = 80
	return errtext.Clip(string(appendJSON(nil, v, max)), max)
}

// escapePointer escapes one reference token of a JSON Pointer (RFC 6901):
// "~" becomes "~0" and "/" becomes "~1".
func escapePointer(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// displayPointer shows the empty pointer as "(root)".
func displayPointer(p string) string {
	if p == "" {
		return "(root)"
	}
	return p
}

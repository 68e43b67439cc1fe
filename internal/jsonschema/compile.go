package jsonschema

import (
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Schema is a compiled schema, made by [Compile]. It is immutable and safe
// for concurrent use by many goroutines. The zero Schema is not usable: its
// Validate returns [ErrNotCompiled].
type Schema struct {
	root      *node
	unchecked []string // sorted, unique format names that are not asserted
}

// typeSet is a set of JSON Schema type names.
type typeSet uint8

const (
	typeNull typeSet = 1 << iota
	typeBoolean
	typeObject
	typeArray
	typeNumber
	typeString
	typeInteger
)

func typeBit(name string) typeSet {
	switch name {
	case "null":
		return typeNull
	case "boolean":
		return typeBoolean
	case "object":
		return typeObject
	case "array":
		return typeArray
	case "number":
		return typeNumber
	case "string":
		return typeString
	case "integer":
		return typeInteger
	}
	return 0
}

// node is one compiled subschema. A nil *node field means the keyword is
// absent.
type node struct {
	loc   string // JSON Pointer of this subschema in the schema document
	never bool   // the schema false

	ref     *node
	refText string

	types     typeSet
	typeNames []string // as written, for messages

	hasEnum bool
	enum    []value

	pattern    *regexp.Regexp
	patternSrc string
	format     string
	checkFmt   func(string) bool

	hasMinItems     bool
	minItems        int
	items           *node   // items as a single schema
	tuple           []*node // items as an array of schemas
	additionalItems *node
	contains        *node

	required        []string
	properties      map[string]*node
	additionalProps *node

	allOf, anyOf, oneOf []*node
}

// draft201909 is the only dialect accepted in $schema (with or without an
// empty fragment).
const draft201909 = "https://json-schema.org/draft/2019-09/schema"

// compiler holds the state of one Compile call.
type compiler struct {
	doc       *value
	rootID    string           // the root $id without a trailing "#", or ""
	nodes     map[string]*node // every subschema by its JSON Pointer
	all       []*node          // the same, in document order
	refs      []*node          // subschemas with a $ref to resolve
	unchecked map[string]bool
}

// Compile parses a JSON Schema (draft 2019-09, the subset described in the
// package documentation) and prepares it for [Schema.Validate]. It rejects
// any keyword it does not implement, any $ref it cannot resolve within the
// document, and malformed keyword values, with a [*CompileError] naming the
// location and the value.
func Compile(schema []byte) (*Schema, error) {
	doc, err := parseJSON(schema)
	if err != nil {
		return nil, &CompileError{Err: ErrInvalidSchema, Detail: err.Error(), cause: err}
	}
	c := &compiler{doc: &doc, nodes: map[string]*node{}, unchecked: map[string]bool{}}
	if doc.kind == kindObject {
		if id := doc.lookup("$id"); id != nil && id.kind == kindString {
			c.rootID = strings.TrimSuffix(id.text, "#")
		}
	}
	root, err := c.compile(&doc, "")
	if err != nil {
		return nil, err
	}
	for _, n := range c.refs {
		if err := c.resolve(n); err != nil {
			return nil, err
		}
	}
	if err := c.checkLoops(); err != nil {
		return nil, err
	}
	unchecked := make([]string, 0, len(c.unchecked))
	for f := range c.unchecked {
		unchecked = append(unchecked, f)
	}
	slices.Sort(unchecked)
	return &Schema{root: root, unchecked: unchecked}, nil
}

// UncheckedFormats returns, sorted, the values of "format" in the schema
// that this package does not check (anything but date, date-time, email,
// uri and uri-reference). Such a format is an annotation: Validate accepts
// any string for it. A test can require this list to be empty so that no
// format silently goes unchecked.
func (s *Schema) UncheckedFormats() []string {
	if s == nil {
		return nil
	}
	return slices.Clone(s.unchecked)
}

func (c *compiler) errorf(kind error, path, keyword, format string, args ...any) error {
	return &CompileError{Path: path, Keyword: keyword, Err: kind, Detail: fmt.Sprintf(format, args...)}
}

func (c *compiler) compile(v *value, loc string) (*node, error) {
	n := &node{loc: loc}
	switch v.kind {
	case kindBool:
		n.never = !v.boolean
	case kindObject:
	default:
		return nil, c.errorf(ErrInvalidSchema, loc, "", "a schema must be an object or a boolean, got %s %s", v.kind, describe(v))
	}
	c.nodes[loc] = n
	c.all = append(c.all, n)
	for i := range v.members {
		m := &v.members[i]
		if err := c.keyword(n, m.name, &m.val, loc+"/"+escapePointer(m.name), loc == ""); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// keyword compiles one keyword of the subschema n; at is the keyword's
// JSON Pointer.
func (c *compiler) keyword(n *node, name string, v *value, at string, isRoot bool) error {
	wrongShape := func(want string) error {
		return c.errorf(ErrInvalidSchema, at, name, "%s must be %s, got %s", name, want, describe(v))
	}
	switch name {
	case "$schema":
		if v.kind != kindString {
			return wrongShape("a string")
		}
		if !isRoot {
			return c.errorf(ErrUnsupported, at, name, "$schema is only supported at the root")
		}
		if strings.TrimSuffix(v.text, "#") != draft201909 {
			return c.errorf(ErrUnsupported, at, name, "dialect %s (only %s is implemented)", quote(v.text), draft201909)
		}
	case "$id":
		if v.kind != kindString {
			return wrongShape("a string")
		}
		if !isRoot {
			return c.errorf(ErrUnsupported, at, name, "embedded $id %s (it would change how $ref resolves)", quote(v.text))
		}
	case "$comment", "description", "title":
		if v.kind != kindString {
			return wrongShape("a string")
		}
	case "$defs", "properties":
		if v.kind != kindObject {
			return wrongShape("an object of schemas")
		}
		subs := make(map[string]*node, len(v.members))
		for i := range v.members {
			m := &v.members[i]
			sub, err := c.compile(&m.val, at+"/"+escapePointer(m.name))
			if err != nil {
				return err
			}
			subs[m.name] = sub
		}
		if name == "properties" {
			n.properties = subs
		}
	case "$ref":
		if v.kind != kindString {
			return wrongShape("a string")
		}
		n.refText = v.text
		c.refs = append(c.refs, n)
	case "type":
		return c.compileType(n, v, at)
	case "enum":
		if v.kind != kindArray {
			return wrongShape("an array")
		}
		n.hasEnum, n.enum = true, v.items
	case "pattern":
		if v.kind != kindString {
			return wrongShape("a string")
		}
		re, err := compilePattern(v.text)
		if err != nil {
			kind, cause := ErrInvalidSchema, error(nil)
			if pe, ok := err.(*patternError); ok {
				kind, cause = pe.kind, pe.cause
			}
			return &CompileError{Path: at, Keyword: name, Err: kind,
				Detail: "pattern " + quote(v.text) + ": " + err.Error(), cause: cause}
		}
		n.pattern, n.patternSrc = re, v.text
	case "format":
		if v.kind != kindString {
			return wrongShape("a string")
		}
		n.format = v.text
		if n.checkFmt = formatChecker(v.text); n.checkFmt == nil {
			c.unchecked[v.text] = true
		}
	case "minItems":
		if v.kind != kindNumber {
			return wrongShape("a non-negative integer")
		}
		if num := parseNumber(v.text); num.neg || !num.isInteger() {
			return wrongShape("a non-negative integer")
		}
		n.hasMinItems, n.minItems = true, smallInt(v.text)
	case "items":
		if v.kind == kindArray {
			if len(v.items) == 0 {
				return wrongShape("a schema or a non-empty array of schemas")
			}
			for i := range v.items {
				sub, err := c.compile(&v.items[i], at+"/"+strconv.Itoa(i))
				if err != nil {
					return err
				}
				n.tuple = append(n.tuple, sub)
			}
			return nil
		}
		return c.sub(&n.items, v, at)
	case "additionalItems":
		return c.sub(&n.additionalItems, v, at)
	case "contains":
		return c.sub(&n.contains, v, at)
	case "additionalProperties":
		return c.sub(&n.additionalProps, v, at)
	case "required":
		if v.kind != kindArray {
			return wrongShape("an array of unique strings")
		}
		for i := range v.items {
			it := &v.items[i]
			if it.kind != kindString || slices.Contains(n.required, it.text) {
				return wrongShape("an array of unique strings")
			}
			n.required = append(n.required, it.text)
		}
	case "allOf", "anyOf", "oneOf":
		if v.kind != kindArray || len(v.items) == 0 {
			return wrongShape("a non-empty array of schemas")
		}
		subs := make([]*node, len(v.items))
		for i := range v.items {
			sub, err := c.compile(&v.items[i], at+"/"+strconv.Itoa(i))
			if err != nil {
				return err
			}
			subs[i] = sub
		}
		switch name {
		case "allOf":
			n.allOf = subs
		case "anyOf":
			n.anyOf = subs
		default:
			n.oneOf = subs
		}
	default:
		return c.errorf(ErrUnsupported, at, name, "keyword %s is not implemented by this validator", quote(name))
	}
	return nil
}

// sub compiles the single subschema v into *dst.
func (c *compiler) sub(dst **node, v *value, at string) error {
	n, err := c.compile(v, at)
	if err != nil {
		return err
	}
	*dst = n
	return nil
}

func (c *compiler) compileType(n *node, v *value, at string) error {
	var names []*value
	switch v.kind {
	case kindString:
		names = []*value{v}
	case kindArray:
		if len(v.items) == 0 {
			return c.errorf(ErrInvalidSchema, at, "type", "type must be a type name or a non-empty array of them, got []")
		}
		for i := range v.items {
			names = append(names, &v.items[i])
		}
	default:
		return c.errorf(ErrInvalidSchema, at, "type", "type must be a type name or an array of them, got %s", describe(v))
	}
	for _, t := range names {
		bit := typeBit(t.text)
		if t.kind != kindString || bit == 0 {
			return c.errorf(ErrInvalidSchema, at, "type", "%s is not a type name (null, boolean, object, array, number, string, integer)", describe(t))
		}
		if n.types&bit != 0 {
			return c.errorf(ErrInvalidSchema, at, "type", "type %s is listed twice", quote(t.text))
		}
		n.types |= bit
		n.typeNames = append(n.typeNames, t.text)
	}
	return nil
}

// smallInt converts a non-negative integer-valued number to int, saturating
// at math.MaxInt (no array is that long, so minItems keeps its meaning).
func smallInt(text string) int {
	num := parseNumber(text)
	if num.digits == "" {
		return 0
	}
	if !num.exp.IsInt64() || num.exp.Int64() > 18 || int64(len(num.digits))+num.exp.Int64() > 18 {
		return math.MaxInt
	}
	i, err := strconv.Atoi(num.digits + strings.Repeat("0", int(num.exp.Int64())))
	if err != nil {
		return math.MaxInt
	}
	return i
}

// resolve links a $ref to its target subschema. Only references within the
// document are supported: "#", "#/json/pointer", or either prefixed with the
// root $id.
func (c *compiler) resolve(n *node) error {
	at := n.loc + "/$ref"
	base, frag, _ := strings.Cut(n.refText, "#")
	if base != "" && base != c.rootID {
		return c.errorf(ErrUnsupported, at, "$ref", "remote reference %s (only references within the document, \"#/...\", are supported)", quote(n.refText))
	}
	if frag != "" && frag[0] != '/' {
		return c.errorf(ErrUnsupported, at, "$ref", "anchor reference %s (only JSON Pointer fragments are supported)", quote(n.refText))
	}
	unescaped, err := url.PathUnescape(frag)
	if err != nil {
		return c.errorf(ErrInvalidSchema, at, "$ref", "reference %s has a bad percent-encoding", quote(n.refText))
	}
	var canonical strings.Builder
	var tokens []string
	if unescaped != "" {
		for _, tok := range strings.Split(unescaped[1:], "/") {
			t, ok := unescapePointer(tok)
			if !ok {
				return c.errorf(ErrInvalidSchema, at, "$ref", "reference %s is not a valid JSON Pointer (\"~\" must be followed by 0 or 1)", quote(n.refText))
			}
			tokens = append(tokens, t)
			canonical.WriteString("/" + escapePointer(t))
		}
	}
	target := c.nodes[canonical.String()]
	if target == nil {
		if lookupPointer(c.doc, tokens) != nil {
			return c.errorf(ErrUnresolvedRef, at, "$ref", "%s points to a value that is not a subschema", quote(n.refText))
		}
		return c.errorf(ErrUnresolvedRef, at, "$ref", "%s points to nothing in the document", quote(n.refText))
	}
	n.ref = target
	return nil
}

// unescapePointer undoes escapePointer, rejecting "~" not followed by 0 or 1.
func unescapePointer(tok string) (string, bool) {
	if !strings.Contains(tok, "~") {
		return tok, true
	}
	var b strings.Builder
	for i := 0; i < len(tok); i++ {
		if tok[i] != '~' {
			b.WriteByte(tok[i])
			continue
		}
		if i+1 >= len(tok) || (tok[i+1] != '0' && tok[i+1] != '1') {
			return "", false
		}
		if tok[i+1] == '0' {
			b.WriteByte('~')
		} else {
			b.WriteByte('/')
		}
		i++
	}
	return b.String(), true
}

// lookupPointer follows unescaped reference tokens from v, or returns nil.
func lookupPointer(v *value, tokens []string) *value {
	for _, tok := range tokens {
		switch v.kind {
		case kindObject:
			if v = v.lookup(tok); v == nil {
				return nil
			}
		case kindArray:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(v.items) || strconv.Itoa(i) != tok {
				return nil
			}
			v = &v.items[i]
		default:
			return nil
		}
	}
	return v
}

// checkLoops rejects a cycle of in-place applicators ($ref, allOf, anyOf,
// oneOf): following it, validation would apply the same subschema to the
// same value forever. Cycles that pass through properties, items and the
// like are fine: each step descends into the instance, which is finite.
func (c *compiler) checkLoops() error {
	const (
		unvisited = iota
		active
		done
	)
	state := make(map[*node]int, len(c.all))
	var stack []*node
	var visit func(n *node) error
	visit = func(n *node) error {
		switch state[n] {
		case done:
			return nil
		case active:
			start := slices.Index(stack, n)
			var path []string
			for _, m := range stack[start:] {
				path = append(path, "#"+m.loc)
			}
			path = append(path, "#"+n.loc)
			return c.errorf(ErrInvalidSchema, n.loc, "",
				"$ref/allOf/anyOf/oneOf loop that never descends into the instance: %s", strings.Join(path, " -> "))
		}
		state[n] = active
		stack = append(stack, n)
		next := slices.Concat(n.allOf, n.anyOf, n.oneOf)
		if n.ref != nil {
			next = append([]*node{n.ref}, next...)
		}
		for _, m := range next {
			if err := visit(m); err != nil {
				return err
			}
		}
		stack = stack[:len(stack)-1]
		state[n] = done
		return nil
	}
	for _, n := range c.all {
		if err := visit(n); err != nil {
			return err
		}
	}
	return nil
}

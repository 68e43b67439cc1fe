package subsidy

import (
	"bytes"
	"encoding"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/dualtrack/dualtrack/internal/dated"
	"github.com/dualtrack/dualtrack/internal/decjson"
	"github.com/dualtrack/dualtrack/internal/errtext"
	"github.com/shopspring/decimal"
)

// Bounds on a policy document, checked before anything is decoded.
const (
	// MaxPolicySize is the largest policy document, in bytes, that Load and
	// Read accept.
	MaxPolicySize = 4 << 20
	// MaxPolicyDepth is the deepest nesting of JSON objects and arrays a
	// policy document may have; the document itself is level 1.
	MaxPolicyDepth = 32
)

// Loader reads policies from JSON (see LoadPolicy for the format). It knows
// rule and schedule kinds by name: a Loader from NewLoader knows the
// built-in kinds, and integrators add their own with RegisterRule and
// RegisterSchedule. The zero Loader knows no kinds at all.
//
// A Loader is safe for concurrent use, registrations included, though a
// kind is best registered before the policies that use it are loaded. A
// Loader must not be copied after first use.
type Loader struct {
	mu        sync.RWMutex
	rules     map[string]func() Rule
	schedules map[string]func() Schedule
}

// NewLoader returns a Loader that knows the built-in rule and schedule kinds.
func NewLoader() *Loader {
	return &Loader{rules: builtinRules(), schedules: builtinSchedules()}
}

// LoadPolicy reads a policy from its JSON form with the built-in kinds:
// NewLoader().Load(data).
//
// # Format
//
// A policy is one JSON object; MarshalJSON writes it in canonical form:
//
//	{"format":"dualtrack.policy/1","name":"cn-skill-improvement","version":"2024",
//	 "title":"…","jurisdiction":"CN","currency":"CNY","scheme":"skill-improvement",
//	 "basis":"issued","rounding":{"quantum":"0.01","mode":"half-up"},
//	 "params":[{"name":"cap","unit":"CNY","kind":"table","continuous":true,"entries":[
//	   {"from":"2017-01-01","until":"2024-12-31","value":{"junior":"1000","senior":"2000"},
//	    "citation":{"title":"…","number":"人社部发〔2017〕40号","url":"…"},"published":"2017-05-24"}]}],
//	 "rules":[{"kind":"amount-by-category","id":"cap","on":"issued","note":"…","table":"cap",…}],
//	 "schedule":{"kind":"prepay-settle",…}}
//
// "format" is required and must be PolicyFormat. "basis" is one of "claim",
// "issued", "start" and "as-of" ("claim" if left out). "rounding" has a
// quantum and a mode ("half-up", "half-even", "down", "up", "floor",
// "ceiling"). A parameter's "kind" is "number", whose entries' values are
// decimal strings, or "table", whose values are objects of decimal strings
// keyed by category or level. An entry runs from "from" to "until"
// (inclusive; left out: until the next entry or without end) and may carry
// a citation and the date it was published. A rule or schedule object is its
// "kind" beside the fields of that kind (the common "id", "on", "rounding"
// and "note" of every rule, then the kind's own); "schedule" may be left
// out.
//
// # Rules of the format
//
//   - Decimals (amounts, parameter values, the rounding quantum) are JSON
//     strings read by ParseAmount, never JSON numbers: "1500.00", not 1500.
//     They are bounded like every amount ("1e999999999" is an error).
//   - Dates are "YYYY-MM-DD" strings of days that exist.
//   - Keys match exactly (case matters), every key must be known where it
//     stands, and no object may repeat a key, at any depth.
//   - null is the same as leaving the field out; a required field that is
//     null is missing.
//   - The document must be UTF-8, at most MaxPolicySize bytes and
//     MaxPolicyDepth levels deep, with nothing but white space after it.
//
// Whitespace, the order of keys and the way a parameter value is written
// ("1500", "1500.00", "1.5e3") do not matter: the policy's canonical form
// and hence its Digest are the same. Any change of a value, a date or a
// citation changes them. LoadPolicy(p.MarshalJSON()) gives back a policy
// with p's digest and canonical form.
//
// # Errors
//
// Every error is a *PolicyError matching ErrInvalidPolicy whose Path is the
// JSON path of the fault, such as "params[1].entries[0].value.senior",
// "params[0].entries[1].from", "rules[2].table", "rules[4].kind" or
// "rounding.mode" (a key that is not a plain name is written ["key"]), and
// whose Value is the offending value, shortened. The structure is checked
// while decoding; what the decoded policy means is then checked by
// NewPolicy, whose errors are returned as they are.
func LoadPolicy(data []byte) (*Policy, error) { return NewLoader().Load(data) }

// Load reads a policy from its JSON form (see LoadPolicy) with the kinds l
// knows.
func (l *Loader) Load(data []byte) (*Policy, error) {
	if len(data) > MaxPolicySize {
		return nil, &PolicyError{Value: strconv.Itoa(len(data)) + " bytes", Reason: "larger than the limit of " + strconv.Itoa(MaxPolicySize) + " bytes"}
	}
	if i := invalidUTF8(data); i >= 0 {
		return nil, &PolicyError{Reason: "not valid UTF-8 at byte " + strconv.Itoa(i)}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &PolicyError{Reason: "empty input: a policy is a JSON object"}
	}
	root, err := parseJSON(data)
	if err != nil {
		return nil, err
	}
	d := decoder{l: l}
	def, err := d.definition(&root)
	if err != nil {
		return nil, err
	}
	return NewPolicy(def)
}

// Read reads a policy from r (see LoadPolicy) with the kinds l knows. It
// reads at most MaxPolicySize bytes and one more, to tell that a document
// is too long. An error of r itself is returned wrapped, not as a
// *PolicyError, since the policy may be fine.
func (l *Loader) Read(r io.Reader) (*Policy, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxPolicySize+1))
	if err != nil {
		return nil, fmt.Errorf("subsidy: reading policy: %w", err)
	}
	if len(data) > MaxPolicySize {
		return nil, &PolicyError{Value: "more than " + strconv.Itoa(MaxPolicySize) + " bytes", Reason: "larger than the limit of " + strconv.Itoa(MaxPolicySize) + " bytes"}
	}
	return l.Load(data)
}

// ErrInvalidKind is matched (with errors.Is) by every *KindError.
var ErrInvalidKind = errors.New("invalid kind")

// KindError reports a rule or schedule kind that a Loader cannot register.
// It matches ErrInvalidKind.
type KindError struct {
	Kind     string // the kind as given
	Schedule bool   // a schedule kind; a rule kind otherwise
	Reason   string // what is wrong
}

// Error returns "subsidy: cannot register rule kind "KIND": REASON".
func (e *KindError) Error() string {
	what := "rule"
	if e.Schedule {
		what = "schedule"
	}
	return "subsidy: cannot register " + what + " kind " + quote(e.Kind) + ": " + e.Reason
}

// Unwrap returns ErrInvalidKind.
func (e *KindError) Unwrap() error { return ErrInvalidKind }

// RegisterRule makes l read rule objects whose "kind" is kind with
// newRule, which must return a new pointer to a struct implementing Rule
// whose Kind method returns kind. kind must follow the rules of Param.Name
// and not be registered already, and the struct must not have a JSON field
// named "kind" nor embed *RuleMeta (embed RuleMeta itself: a pointer is nil
// when the object has no "id", and Meta would dereference it).
//
// A rule object, less its "kind", is decoded into the struct in two steps.
// First it is checked against the struct's Go types, so that every fault is
// reported with its path: keys must be the struct's JSON field names
// exactly, as encoding/json resolves them (embedded RuleMeta's included);
// decimal.Decimal fields take decimal strings within the bounds of
// ParseAmount, Rounding and DateBasis fields the policy's own forms, types
// with an UnmarshalJSON or UnmarshalText method their own; integers must be
// JSON integers in range, strings strings, json.Number a number (or a
// string holding one), lists arrays. null leaves a field
// at its zero value; as a map's value it is refused (but for maps of
// pointers, interfaces, maps and slices), since it would store the key with
// a zero value where a missing key means none. Then encoding/json decodes it (numbers in fields of
// type any become json.Number), so that whatever the struct's MarshalJSON
// writes loads back unchanged.
//
// A policy's canonical JSON (and so its digest) holds each rule as
// encoding/json encodes the struct, its decimals as canonical strings. For
// the canonical JSON of a loaded policy to load back to the same bytes, the
// struct must encode what it decodes: an "omitempty" list, for one, decodes
// from [] as an empty list and encodes as nothing, and an enclosing
// "omitzero" struct may then vanish on the second round.
func (l *Loader) RegisterRule(kind string, newRule func() Rule) error {
	return register(l, &l.rules, kind, false, newRule)
}

// RegisterSchedule makes l read schedule objects whose "kind" is kind with
// newSchedule, on the terms of RegisterRule.
func (l *Loader) RegisterSchedule(kind string, newSchedule func() Schedule) error {
	return register(l, &l.schedules, kind, true, newSchedule)
}

// kinded is what rule and schedule kinds have in common.
type kinded interface{ Kind() string }

// register checks kind and its factory and adds them to *kinds.
func register[T kinded](l *Loader, kinds *map[string]func() T, kind string, schedule bool, factory func() T) error {
	fail := func(reason string) error { return &KindError{Kind: kind, Schedule: schedule, Reason: reason} }
	if !nameRE.MatchString(kind) {
		return fail("must be 1 to 64 of a-z, 0-9, '_', '-', '.', starting with a letter")
	}
	if factory == nil {
		return fail("no factory function")
	}
	v := factory()
	if any(v) == nil {
		return fail("the factory returned nil")
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return fail("the factory must return a pointer to a struct, not " + rv.Type().String())
	}
	if got := v.Kind(); got != kind {
		return fail("the factory's value says its kind is " + quote(got))
	}
	for _, f := range decjson.Fields(rv.Elem().Type()) {
		if f.Name == "kind" {
			return fail(`the struct has a JSON field "kind", which would clash with the kind's name`)
		}
	}
	// A *RuleMeta embedded is nil when the JSON object has none of its
	// fields, and Meta would then dereference it: embed RuleMeta itself.
	for i := range rv.Elem().NumField() {
		if f := rv.Elem().Type().Field(i); f.Anonymous && f.Type == reflect.PointerTo(reflect.TypeFor[RuleMeta]()) {
			return fail("the struct embeds *RuleMeta, which is nil when the JSON has no id: embed RuleMeta, not a pointer to it")
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, taken := (*kinds)[kind]; taken {
		return fail("already registered")
	}
	if *kinds == nil {
		*kinds = make(map[string]func() T)
	}
	(*kinds)[kind] = factory
	return nil
}

// knownKinds returns the registered kinds, sorted and joined for a message.
func (l *Loader) knownKinds(schedule bool) string {
	l.mu.RLock()
	var names []string
	if schedule {
		for k := range l.schedules {
			names = append(names, k)
		}
	} else {
		for k := range l.rules {
			names = append(names, k)
		}
	}
	l.mu.RUnlock()
	if len(names) == 0 {
		return "none are registered"
	}
	slices.Sort(names)
	return "known kinds are " + strings.Join(names, ", ")
}

// invalidUTF8 returns the offset of the first byte of data that is not
// valid UTF-8, or -1.
func invalidUTF8(data []byte) int {
	if utf8.Valid(data) {
		return -1
	}
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// The JSON document is first read into a tree of jnodes, which checks the
// syntax, the depth and duplicate keys and keeps the order of keys, and then
// decoded from the tree, which knows the path of every value.

// jkind is the kind of a JSON value.
type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

// jnode is a JSON value: text holds a string's value, a number's literal or
// "true"/"false"; elems holds an array's elements or an object's values,
// whose keys are in keys.
type jnode struct {
	kind  jkind
	text  string
	keys  []string
	elems []jnode
}

// member returns the value of key in object n, or nil if n has no such key.
func (n *jnode) member(key string) *jnode {
	for i, k := range n.keys {
		if k == key {
			return &n.elems[i]
		}
	}
	return nil
}

// describe names the kind of a JSON value for messages.
func (n *jnode) describe() string {
	switch n.kind {
	case jBool:
		return "a boolean"
	case jNumber:
		return "a number"
	case jString:
		return "a string"
	case jArray:
		return "an array"
	case jObject:
		return "an object"
	}
	return "null"
}

// show renders the value for the Value of an error, shortened.
func (n *jnode) show() string {
	switch n.kind {
	case jString:
		return quote(n.text)
	case jNumber, jBool:
		return errtext.Clip(n.text, 40)
	case jArray:
		return "[…]"
	case jObject:
		return "{…}"
	}
	return "null"
}

// appendJSON appends n as compact JSON.
func (n *jnode) appendJSON(b []byte) []byte {
	switch n.kind {
	case jNull:
		return append(b, "null"...)
	case jBool, jNumber:
		return append(b, n.text...)
	case jString:
		return appendJSONString(b, n.text)
	case jArray:
		b = append(b, '[')
		for i := range n.elems {
			if i > 0 {
				b = append(b, ',')
			}
			b = n.elems[i].appendJSON(b)
		}
		return append(b, ']')
	}
	b = append(b, '{')
	for i, k := range n.keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		b = n.elems[i].appendJSON(b)
	}
	return append(b, '}')
}

// appendJSONString appends s (valid UTF-8) as a JSON string.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// pathSeg is one step of a path: an object key or an array index.
type pathSeg struct {
	key   string
	index int // -1 for a key
}

// parser reads a JSON document into a jnode tree.
type parser struct {
	dec  *json.Decoder
	path []pathSeg
}

// parseJSON reads data, which must hold exactly one JSON object, into a
// tree. It rejects syntax errors, objects and arrays nested deeper than
// MaxPolicyDepth, keys repeated within an object and data after the object.
func parseJSON(data []byte) (jnode, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	p := parser{dec: dec}
	tok, err := dec.Token()
	if err != nil {
		return jnode{}, p.syntax(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return jnode{}, &PolicyError{Value: errtext.Clip(fmt.Sprint(tok), 40), Reason: "not a JSON object: a policy is one"}
	}
	root, err := p.value(tok, 1)
	if err != nil {
		return jnode{}, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return jnode{}, &PolicyError{Reason: "unexpected data after the policy object, at byte " + strconv.FormatInt(dec.InputOffset(), 10)}
	}
	return root, nil
}

// value reads the rest of the value that begins with tok, at depth.
func (p *parser) value(tok json.Token, depth int) (jnode, error) {
	switch t := tok.(type) {
	case nil:
		return jnode{kind: jNull}, nil
	case bool:
		return jnode{kind: jBool, text: strconv.FormatBool(t)}, nil
	case json.Number:
		return jnode{kind: jNumber, text: string(t)}, nil
	case string:
		return jnode{kind: jString, text: t}, nil
	case json.Delim:
		if depth > MaxPolicyDepth {
			return jnode{}, &PolicyError{Path: p.pathString(), Reason: "nested deeper than " + strconv.Itoa(MaxPolicyDepth) + " levels"}
		}
		if t == '[' {
			return p.array(depth)
		}
		return p.object(depth)
	}
	return jnode{}, &PolicyError{Path: p.pathString(), Reason: fmt.Sprintf("unexpected JSON token %v", tok)}
}

func (p *parser) array(depth int) (jnode, error) {
	n := jnode{kind: jArray}
	for i := 0; p.dec.More(); i++ {
		p.path = append(p.path, pathSeg{index: i})
		tok, err := p.dec.Token()
		if err != nil {
			return jnode{}, p.syntax(err)
		}
		v, err := p.value(tok, depth+1)
		if err != nil {
			return jnode{}, err
		}
		n.elems = append(n.elems, v)
		p.path = p.path[:len(p.path)-1]
	}
	if _, err := p.dec.Token(); err != nil { // ']'
		return jnode{}, p.syntax(err)
	}
	return n, nil
}

// dupScan is the number of keys up to which duplicates are found by a
// linear scan; larger objects use a set.
const dupScan = 16

func (p *parser) object(depth int) (jnode, error) {
	n := jnode{kind: jObject}
	var seen map[string]struct{}
	for p.dec.More() {
		tok, err := p.dec.Token()
		if err != nil {
			return jnode{}, p.syntax(err)
		}
		key, ok := tok.(string)
		if !ok {
			return jnode{}, p.syntax(fmt.Errorf("object key %v is not a string", tok))
		}
		p.path = append(p.path, pathSeg{key: key, index: -1})
		dup := false
		if seen != nil {
			_, dup = seen[key]
			seen[key] = struct{}{}
		} else {
			dup = slices.Contains(n.keys, key)
			if len(n.keys) == dupScan {
				seen = make(map[string]struct{}, 2*dupScan)
				for _, k := range n.keys {
					seen[k] = struct{}{}
				}
				seen[key] = struct{}{}
			}
		}
		if dup {
			return jnode{}, &PolicyError{Path: p.pathString(), Value: quote(key), Reason: "duplicate key: it appears more than once in its object"}
		}
		if tok, err = p.dec.Token(); err != nil {
			return jnode{}, p.syntax(err)
		}
		v, err := p.value(tok, depth+1)
		if err != nil {
			return jnode{}, err
		}
		n.keys = append(n.keys, key)
		n.elems = append(n.elems, v)
		p.path = p.path[:len(p.path)-1]
	}
	if _, err := p.dec.Token(); err != nil { // '}'
		return jnode{}, p.syntax(err)
	}
	return n, nil
}

// syntax turns an error of the JSON tokenizer into a *PolicyError.
func (p *parser) syntax(err error) error {
	reason := "not valid JSON: "
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		reason += "at byte " + strconv.FormatInt(se.Offset, 10) + ": " + errtext.Clip(se.Error(), 200)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		reason += "unexpected end of input"
	default:
		reason += errtext.Clip(err.Error(), 200)
	}
	return &PolicyError{Path: p.pathString(), Reason: reason}
}

func (p *parser) pathString() string {
	s := ""
	for _, seg := range p.path {
		if seg.index >= 0 {
			s = indexPath(s, seg.index)
		} else {
			s = keyPath(s, seg.key)
		}
	}
	return s
}

// keyPath returns the path of key within the object at path: path.key, or
// path["key"] if the key is not a plain name of at most 64 letters, digits,
// '_', '-' and '.' (a long key is shortened there).
func keyPath(path, key string) string {
	plain := key != "" && len(key) <= 64
	for i := 0; i < len(key) && plain; i++ {
		c := key[i]
		plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
	}
	switch {
	case !plain:
		return path + "[" + quote(key) + "]"
	case path == "":
		return key
	}
	return path + "." + key
}

// indexPath returns the path of element i of the array at path.
func indexPath(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// decoder turns the tree of a policy document into a Definition.
type decoder struct {
	l      *Loader
	policy string // the policy's name, once known to be a valid one
}

func (d *decoder) fail(path, value, reason string) error {
	return &PolicyError{Policy: d.policy, Path: path, Value: value, Reason: reason}
}

func (d *decoder) failErr(path, value, reason string, err error) error {
	return &PolicyError{Policy: d.policy, Path: path, Value: value, Reason: reason, Err: err}
}

func (d *decoder) wrongType(n *jnode, path, want string) error {
	return d.fail(path, n.show(), "want "+want+", got "+n.describe())
}

// members checks that n is an object whose keys are all in known and returns
// its values by key; null values are left out, as if absent.
func (d *decoder) members(n *jnode, path string, known []string) (map[string]*jnode, error) {
	if n.kind != jObject {
		return nil, d.wrongType(n, path, "an object")
	}
	m := make(map[string]*jnode, len(n.keys))
	for i, k := range n.keys {
		if !slices.Contains(known, k) {
			return nil, d.fail(keyPath(path, k), n.elems[i].show(), "unknown field; the fields here are "+strings.Join(known, ", "))
		}
		if n.elems[i].kind != jNull {
			m[k] = &n.elems[i]
		}
	}
	return m, nil
}

// str returns the string n holds; nil (absent) is "".
func (d *decoder) str(n *jnode, path string) (string, error) {
	if n == nil {
		return "", nil
	}
	if n.kind != jString {
		return "", d.wrongType(n, path, "a string")
	}
	return n.text, nil
}

// boolean returns the boolean n holds; nil (absent) is false.
func (d *decoder) boolean(n *jnode, path string) (bool, error) {
	if n == nil {
		return false, nil
	}
	if n.kind != jBool {
		return false, d.wrongType(n, path, "true or false")
	}
	return n.text == "true", nil
}

// date returns the date n holds; nil (absent) is the zero Date.
func (d *decoder) date(n *jnode, path string) (Date, error) {
	if n == nil {
		return Date{}, nil
	}
	if n.kind != jString {
		return Date{}, d.wrongType(n, path, `a date string "YYYY-MM-DD"`)
	}
	t, err := ParseDate(n.text)
	if err != nil {
		reason := "not a date in the form YYYY-MM-DD"
		var de *DateError
		if errors.As(err, &de) && de.Reason != "" {
			reason = "not a date: " + de.Reason
		}
		return Date{}, d.failErr(path, n.show(), reason, err)
	}
	return t, nil
}

// amount returns the decimal n holds, which must be a string ParseAmount
// accepts.
func (d *decoder) amount(n *jnode, path string) (decimal.Decimal, error) {
	if n.kind == jNumber {
		return decimal.Decimal{}, d.fail(path, n.show(), `want a decimal string such as "1500.00", got a JSON number: write decimals as strings`)
	}
	if n.kind != jString {
		return decimal.Decimal{}, d.wrongType(n, path, `a decimal string such as "1500.00"`)
	}
	v, err := ParseAmount(n.text)
	if err != nil {
		reason := "not a decimal"
		var ae *AmountError
		if errors.As(err, &ae) {
			reason = "not an acceptable decimal: " + ae.Reason
		}
		return decimal.Decimal{}, d.failErr(path, n.show(), reason, err)
	}
	return v, nil
}

// basis returns the date basis n holds; nil (absent) is the zero basis.
func (d *decoder) basis(n *jnode, path string) (DateBasis, error) {
	s, err := d.str(n, path)
	if err != nil || n == nil {
		return 0, err
	}
	var b DateBasis
	if err := b.UnmarshalText([]byte(s)); err != nil {
		return 0, d.failErr(path, n.show(), "not a date basis: one of claim, issued, start, as-of", err)
	}
	return b, nil
}

var roundingKeys = []string{"quantum", "mode"}

// rounding returns the rounding object n describes.
func (d *decoder) rounding(n *jnode, path string) (Rounding, error) {
	m, err := d.members(n, path, roundingKeys)
	if err != nil {
		return Rounding{}, err
	}
	qn, mn := m["quantum"], m["mode"]
	if qn == nil {
		return Rounding{}, d.fail(keyPath(path, "quantum"), "", `required: a decimal string such as "0.01"`)
	}
	if mn == nil {
		return Rounding{}, d.fail(keyPath(path, "mode"), "", "required: one of half-up, half-even, down, up, floor, ceiling")
	}
	q, err := d.amount(qn, keyPath(path, "quantum"))
	if err != nil {
		return Rounding{}, err
	}
	s, err := d.str(mn, keyPath(path, "mode"))
	if err != nil {
		return Rounding{}, err
	}
	var mode RoundingMode
	if err := mode.UnmarshalText([]byte(s)); err != nil {
		return Rounding{}, d.failErr(keyPath(path, "mode"), mn.show(), "not a rounding mode: one of half-up, half-even, down, up, floor, ceiling", err)
	}
	r, err := NewRounding(q, mode)
	if err != nil {
		return Rounding{}, d.failErr(keyPath(path, "quantum"), qn.show(), "must be positive", err)
	}
	return r, nil
}

var policyKeys = []string{"format", "name", "version", "title", "jurisdiction", "currency", "scheme", "basis", "rounding", "params", "rules", "schedule"}

// definition decodes the policy document root.
func (d *decoder) definition(root *jnode) (Definition, error) {
	if n := root.member("name"); n != nil && n.kind == jString && nameRE.MatchString(n.text) {
		d.policy = n.text
	}
	m, err := d.members(root, "", policyKeys)
	if err != nil {
		return Definition{}, err
	}
	format, err := d.str(m["format"], "format")
	switch {
	case err != nil:
		return Definition{}, err
	case m["format"] == nil:
		return Definition{}, d.fail("format", "", "required: "+strconv.Quote(PolicyFormat))
	case format != PolicyFormat:
		return Definition{}, d.fail("format", quote(format), "unsupported format; this version reads "+strconv.Quote(PolicyFormat))
	}
	var def Definition
	for _, f := range [...]struct {
		key string
		dst *string
	}{
		{"name", &def.Name}, {"version", &def.Version}, {"title", &def.Title},
		{"jurisdiction", &def.Jurisdiction}, {"currency", &def.Currency}, {"scheme", &def.Scheme},
	} {
		if *f.dst, err = d.str(m[f.key], f.key); err != nil {
			return Definition{}, err
		}
	}
	if def.Basis, err = d.basis(m["basis"], "basis"); err != nil {
		return Definition{}, err
	}
	if n := m["rounding"]; n != nil {
		if def.Rounding, err = d.rounding(n, "rounding"); err != nil {
			return Definition{}, err
		}
	}
	if n := m["params"]; n != nil {
		if n.kind != jArray {
			return Definition{}, d.wrongType(n, "params", "an array")
		}
		def.Params = make([]Param, len(n.elems))
		for i := range n.elems {
			if def.Params[i], err = d.param(&n.elems[i], indexPath("params", i)); err != nil {
				return Definition{}, err
			}
		}
	}
	if n := m["rules"]; n != nil {
		if n.kind != jArray {
			return Definition{}, d.wrongType(n, "rules", "an array")
		}
		def.Rules = make([]Rule, len(n.elems))
		for i := range n.elems {
			if def.Rules[i], err = kindOf(d, &n.elems[i], indexPath("rules", i), false, &d.l.rules); err != nil {
				return Definition{}, err
			}
		}
	}
	if n := m["schedule"]; n != nil {
		if def.Schedule, err = kindOf(d, n, "schedule", true, &d.l.schedules); err != nil {
			return Definition{}, err
		}
	}
	return def, nil
}

var (
	paramKeys    = []string{"name", "unit", "kind", "continuous", "entries"}
	entryKeys    = []string{"from", "until", "value", "citation", "published"}
	citationKeys = []string{"title", "number", "url"}
)

// param decodes a parameter. A parameter whose name is not valid is returned
// without entries, for NewPolicy to report the name.
func (d *decoder) param(n *jnode, path string) (Param, error) {
	m, err := d.members(n, path, paramKeys)
	if err != nil {
		return Param{}, err
	}
	var prm Param
	if prm.Name, err = d.str(m["name"], keyPath(path, "name")); err != nil {
		return Param{}, err
	}
	if prm.Unit, err = d.str(m["unit"], keyPath(path, "unit")); err != nil {
		return Param{}, err
	}
	kind, err := d.str(m["kind"], keyPath(path, "kind"))
	if err != nil {
		return Param{}, err
	}
	if kind != "number" && kind != "table" {
		value := ""
		if m["kind"] != nil {
			value = quote(kind)
		}
		return Param{}, d.fail(keyPath(path, "kind"), value, `must be "number" or "table"`)
	}
	continuous, err := d.boolean(m["continuous"], keyPath(path, "continuous"))
	if err != nil {
		return Param{}, err
	}
	var opts []SeriesOption
	if continuous {
		opts = append(opts, Continuous())
	}
	var elems []jnode
	epath := keyPath(path, "entries")
	if en := m["entries"]; en != nil {
		if en.kind != jArray {
			return Param{}, d.wrongType(en, epath, "an array")
		}
		elems = en.elems
	}
	// A name NewPolicy will reject cannot name a series; leave the entries
	// out and let NewPolicy report the name.
	skip := !nameRE.MatchString(prm.Name)
	if kind == "number" {
		entries := make([]Entry[decimal.Decimal], len(elems))
		for j := range elems {
			if entries[j], err = decodeEntry(d, &elems[j], indexPath(epath, j), d.amount); err != nil {
				return Param{}, err
			}
		}
		if skip {
			return prm, nil
		}
		if prm.Number, err = NewSeries(prm.Name, entries, opts...); err != nil {
			return Param{}, seriesError(d, path, entries, err)
		}
		return prm, nil
	}
	entries := make([]Entry[map[string]decimal.Decimal], len(elems))
	for j := range elems {
		if entries[j], err = decodeEntry(d, &elems[j], indexPath(epath, j), d.table); err != nil {
			return Param{}, err
		}
	}
	if skip {
		return prm, nil
	}
	if prm.Table, err = NewSeries(prm.Name, entries, opts...); err != nil {
		return Param{}, seriesError(d, path, entries, err)
	}
	return prm, nil
}

// table decodes the value of a table entry: an object of decimal strings.
func (d *decoder) table(n *jnode, path string) (map[string]decimal.Decimal, error) {
	if n.kind != jObject {
		return nil, d.wrongType(n, path, "an object of decimal strings (the parameter is a table)")
	}
	m := make(map[string]decimal.Decimal, len(n.keys))
	for i, k := range n.keys {
		if n.elems[i].kind == jNull {
			return nil, d.fail(keyPath(path, k), "null", `want a decimal string such as "1500.00"`)
		}
		v, err := d.amount(&n.elems[i], keyPath(path, k))
		if err != nil {
			return nil, err
		}
		m[k] = v
	}
	return m, nil
}

// decodeEntry decodes an entry of a parameter, its value with value.
func decodeEntry[V any](d *decoder, n *jnode, path string, value func(*jnode, string) (V, error)) (Entry[V], error) {
	var e Entry[V]
	m, err := d.members(n, path, entryKeys)
	if err != nil {
		return e, err
	}
	if e.From, err = d.date(m["from"], keyPath(path, "from")); err != nil {
		return e, err
	}
	if e.Until, err = d.date(m["until"], keyPath(path, "until")); err != nil {
		return e, err
	}
	if e.Published, err = d.date(m["published"], keyPath(path, "published")); err != nil {
		return e, err
	}
	vn := m["value"]
	if vn == nil {
		return e, d.fail(keyPath(path, "value"), "", "required")
	}
	if e.Value, err = value(vn, keyPath(path, "value")); err != nil {
		return e, err
	}
	if cn := m["citation"]; cn != nil {
		cpath := keyPath(path, "citation")
		cm, err := d.members(cn, cpath, citationKeys)
		if err != nil {
			return e, err
		}
		for _, f := range [...]struct {
			key string
			dst *string
		}{{"title", &e.Citation.Title}, {"number", &e.Citation.Number}, {"url", &e.Citation.URL}} {
			if *f.dst, err = d.str(cm[f.key], keyPath(cpath, f.key)); err != nil {
				return e, err
			}
		}
	}
	return e, nil
}

// seriesError restates an error of NewSeries for the parameter at path:
// the series' own path (entries[1].from) goes below it, and the value is
// the date at fault.
func seriesError[V any](d *decoder, path string, entries []Entry[V], err error) error {
	var se *dated.SeriesError
	if !errors.As(err, &se) {
		return d.failErr(path, "", err.Error(), err)
	}
	p := path
	if sp := se.Path(); sp != "" {
		p += "." + sp
	}
	reason := "invalid"
	if se.Err != nil {
		reason = se.Err.Error()
	}
	if se.Reason != "" {
		reason += ": " + se.Reason
	}
	value := ""
	if se.Index >= 0 && se.Index < len(entries) {
		switch se.Field {
		case "from":
			value = entries[se.Index].From.String()
		case "until":
			value = entries[se.Index].Until.String()
		}
	}
	return d.failErr(p, value, reason, err)
}

// kindOf decodes a rule or schedule object at path: its "kind" picks the
// factory from kinds, and the other members are decoded into the factory's
// new value.
func kindOf[T kinded](d *decoder, n *jnode, path string, schedule bool, kinds *map[string]func() T) (T, error) {
	var zero T
	what := "rule"
	if schedule {
		what = "schedule"
	}
	if n.kind != jObject {
		return zero, d.wrongType(n, path, `an object with a "kind"`)
	}
	kpath := keyPath(path, "kind")
	body := jnode{kind: jObject}
	var kn *jnode
	for i, k := range n.keys {
		if k == "kind" {
			kn = &n.elems[i]
			continue
		}
		body.keys = append(body.keys, k)
		body.elems = append(body.elems, n.elems[i])
	}
	if kn == nil || kn.kind == jNull {
		return zero, d.fail(kpath, "", "required; "+d.l.knownKinds(schedule))
	}
	if kn.kind != jString {
		return zero, d.wrongType(kn, kpath, "a string")
	}
	kind := kn.text
	d.l.mu.RLock()
	factory, ok := (*kinds)[kind]
	d.l.mu.RUnlock()
	if !ok {
		return zero, d.fail(kpath, quote(kind), "unknown "+what+" kind; "+d.l.knownKinds(schedule))
	}
	v := factory()
	if any(v) == nil {
		return zero, d.fail(kpath, quote(kind), "the kind's factory returned nil")
	}
	if err := d.into(&body, v, path); err != nil {
		return zero, err
	}
	if v.Kind() != kind {
		return zero, d.fail(kpath, quote(kind), "the decoded "+what+" says its kind is "+quote(v.Kind()))
	}
	return v, nil
}

// into decodes the object n into dst, a pointer to a struct: first checked
// against the struct's fields by check, so that every fault has its path,
// then decoded by encoding/json, so that the value is what MarshalJSON
// would have written it from.
func (d *decoder) into(n *jnode, dst any, path string) error {
	rv := reflect.ValueOf(dst)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return d.fail(path, "", "the kind's factory must return a non-nil pointer, not "+rv.Type().String())
	}
	if err := d.check(n, rv.Type().Elem(), path); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(n.appendJSON(nil)))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return d.failErr(path, "", "cannot be decoded: "+errtext.Clip(err.Error(), 200), err)
	}
	return nil
}

var (
	typeDecimal         = reflect.TypeFor[decimal.Decimal]()
	typeJSONNumber      = reflect.TypeFor[json.Number]()
	typeRounding        = reflect.TypeFor[Rounding]()
	typeDateBasis       = reflect.TypeFor[DateBasis]()
	typeJSONUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	typeTextUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// check checks the JSON value n against the Go type t it is to be decoded
// into, the way the format asks: exact keys, decimals as bounded strings,
// dates and names through their own parsers, integers in range. null is
// the zero value, as with encoding/json.
func (d *decoder) check(n *jnode, t reflect.Type, path string) error {
	if n.kind == jNull {
		return nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case typeJSONNumber:
		// As encoding/json reads it: a number, or a string holding one; the
		// canonical JSON writes the number.
		var x json.Number
		if (n.kind != jNumber && n.kind != jString) || json.Unmarshal(n.appendJSON(nil), &x) != nil {
			return d.wrongType(n, path, "a number")
		}
		return nil
	case typeDecimal:
		_, err := d.amount(n, path)
		return err
	case typeRounding:
		_, err := d.rounding(n, path)
		return err
	case typeDateBasis:
		_, err := d.basis(n, path)
		return err
	}
	pt := reflect.PointerTo(t)
	if pt.Implements(typeJSONUnmarshaler) {
		u := reflect.New(t).Interface().(json.Unmarshaler)
		if err := u.UnmarshalJSON(n.appendJSON(nil)); err != nil {
			return d.failErr(path, n.show(), errtext.Clip(err.Error(), 200), err)
		}
		return nil
	}
	if pt.Implements(typeTextUnmarshaler) {
		if n.kind != jString {
			return d.wrongType(n, path, "a string")
		}
		u := reflect.New(t).Interface().(encoding.TextUnmarshaler)
		if err := u.UnmarshalText([]byte(n.text)); err != nil {
			return d.failErr(path, n.show(), errtext.Clip(err.Error(), 200), err)
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		return d.checkStruct(n, t, path)
	case reflect.Map:
		return d.checkMap(n, t, path)
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 && !reflect.PointerTo(t.Elem()).Implements(typeJSONUnmarshaler) &&
			!reflect.PointerTo(t.Elem()).Implements(typeTextUnmarshaler) {
			if n.kind != jString {
				return d.wrongType(n, path, "a base64 string")
			}
			if _, err := base64.StdEncoding.DecodeString(n.text); err != nil {
				return d.failErr(path, n.show(), "not base64", err)
			}
			return nil
		}
		fallthrough
	case reflect.Array:
		if n.kind != jArray {
			return d.wrongType(n, path, "an array")
		}
		if t.Kind() == reflect.Array && len(n.elems) > t.Len() {
			return d.fail(path, "[…]", "more than "+strconv.Itoa(t.Len())+" elements")
		}
		for i := range n.elems {
			if err := d.check(&n.elems[i], t.Elem(), indexPath(path, i)); err != nil {
				return err
			}
		}
		return nil
	case reflect.String:
		if n.kind != jString {
			return d.wrongType(n, path, "a string")
		}
	case reflect.Bool:
		if n.kind != jBool {
			return d.wrongType(n, path, "true or false")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if n.kind != jNumber {
			return d.wrongType(n, path, "an integer")
		}
		if _, err := strconv.ParseInt(n.text, 10, t.Bits()); err != nil {
			return d.fail(path, n.show(), "not an integer within the range of "+t.Kind().String())
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if n.kind != jNumber {
			return d.wrongType(n, path, "a non-negative integer")
		}
		if _, err := strconv.ParseUint(n.text, 10, t.Bits()); err != nil {
			return d.fail(path, n.show(), "not a non-negative integer within the range of "+t.Kind().String())
		}
	case reflect.Interface:
		if t.NumMethod() != 0 {
			return d.fail(path, n.show(), "a field of interface type "+t.String()+" cannot be decoded")
		}
	}
	// Anything else (binary floating point, say) is left to encoding/json.
	return nil
}

func (d *decoder) checkStruct(n *jnode, t reflect.Type, path string) error {
	if n.kind != jObject {
		return d.wrongType(n, path, "an object")
	}
	fields := decjson.Fields(t)
	for i, k := range n.keys {
		j := slices.IndexFunc(fields, func(f decjson.Field) bool { return f.Name == k })
		if j < 0 {
			names := make([]string, len(fields))
			for i, f := range fields {
				names[i] = f.Name
			}
			return d.fail(keyPath(path, k), n.elems[i].show(), "unknown field; the fields here are "+strings.Join(names, ", "))
		}
		f := fields[j]
		if f.Quoted {
			if e := &n.elems[i]; e.kind != jString && e.kind != jNull {
				return d.wrongType(e, keyPath(path, k), "a string (the field has the string option)")
			}
			continue
		}
		if err := d.check(&n.elems[i], f.Type, keyPath(path, k)); err != nil {
			return err
		}
	}
	return nil
}

func (d *decoder) checkMap(n *jnode, t reflect.Type, path string) error {
	if n.kind != jObject {
		return d.wrongType(n, path, "an object")
	}
	kt := t.Key()
	for i, k := range n.keys {
		kp := keyPath(path, k)
		switch {
		case reflect.PointerTo(kt).Implements(typeTextUnmarshaler):
			u := reflect.New(kt).Interface().(encoding.TextUnmarshaler)
			if err := u.UnmarshalText([]byte(k)); err != nil {
				return d.failErr(kp, quote(k), "not a valid key: "+errtext.Clip(err.Error(), 200), err)
			}
		case kt.Kind() == reflect.String:
		case kt.Kind() >= reflect.Int && kt.Kind() <= reflect.Int64:
			if _, err := strconv.ParseInt(k, 10, kt.Bits()); err != nil {
				return d.fail(kp, quote(k), "not a valid key: want an integer")
			}
		case kt.Kind() >= reflect.Uint && kt.Kind() <= reflect.Uintptr:
			if _, err := strconv.ParseUint(k, 10, kt.Bits()); err != nil {
				return d.fail(kp, quote(k), "not a valid key: want a non-negative integer")
			}
		default:
			return d.fail(path, "{…}", "a map keyed by "+kt.String()+" cannot be decoded")
		}
		// null would store the key with a zero value (an amount of 0 where
		// a missing key means "none"): leaving the key out says that.
		if ek := t.Elem().Kind(); n.elems[i].kind == jNull && ek != reflect.Pointer && ek != reflect.Interface &&
			ek != reflect.Map && ek != reflect.Slice {
			return d.fail(kp, "null", "null in a map: leave the key out")
		}
		if err := d.check(&n.elems[i], t.Elem(), kp); err != nil {
			return err
		}
	}
	return nil
}

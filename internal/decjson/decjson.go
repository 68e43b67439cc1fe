package decjson

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/shopspring/decimal"
)

var (
	typeDecimal       = reflect.TypeFor[decimal.Decimal]()
	typeNullDecimal   = reflect.TypeFor[decimal.NullDecimal]()
	typeMarshaler     = reflect.TypeFor[json.Marshaler]()
	typeTextMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
)

// Marshal returns the JSON encoding of v: what json.Marshal(v) returns,
// with every decimal.Decimal in v, and every valid decimal.NullDecimal,
// written as money.Canonical writes it, quoted. It looks for decimals in
// structs, pointers, interfaces, slices, arrays and maps, but not inside a
// value whose type (or pointer type) has its own MarshalJSON or
// MarshalText: that method decides what the value looks like, and the
// library's own such methods use Marshal.
func Marshal(v any) ([]byte, error) {
	in, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return in, nil
	}
	w := writer{in: in, out: make([]byte, 0, len(in)), seen: map[reflect.Type]bool{}, fields: map[reflect.Type]map[string][]int{}}
	if !w.holdsDecimals(rv.Type()) {
		return in, nil
	}
	if err := w.value(rv); err != nil {
		return nil, err
	}
	if w.pos != len(in) {
		return nil, w.fault("data after the value")
	}
	return w.out, nil
}

// writer copies the JSON in to out, value by value, rewriting decimals.
type writer struct {
	in     []byte
	pos    int
	out    []byte
	seen   map[reflect.Type]bool             // whether a type holds decimals, once known
	fields map[reflect.Type]map[string][]int // the fields of a struct type by JSON name
}

// fault is the error of JSON that is not what the value's type says it
// should be: a bug in a MarshalJSON method, never the caller's input.
func (w *writer) fault(what string) error {
	return fmt.Errorf("decjson: %s at offset %d of the encoding", what, w.pos)
}

// opaque reports whether t decides its own encoding.
func opaque(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	return t.Implements(typeMarshaler) || t.Implements(typeTextMarshaler) ||
		pt.Implements(typeMarshaler) || pt.Implements(typeTextMarshaler)
}

// holdsDecimals reports whether a value of type t can have a decimal where
// Marshal would rewrite it. An interface type might hold anything.
func (w *writer) holdsDecimals(t reflect.Type) bool {
	if t == typeDecimal || t == typeNullDecimal {
		return true
	}
	if known, ok := w.seen[t]; ok {
		return known
	}
	// While t is being looked at, a type that holds t (through pointers,
	// slices, ...) takes it to hold decimals: a "maybe" that only costs
	// walking a value that has none.
	w.seen[t] = true
	found := false
	switch {
	case opaque(t):
	default:
		switch t.Kind() {
		case reflect.Interface:
			found = true
		case reflect.Pointer, reflect.Slice, reflect.Array:
			found = w.holdsDecimals(t.Elem())
		case reflect.Map:
			found = w.holdsDecimals(t.Elem())
		case reflect.Struct:
			for _, f := range Fields(t) {
				if w.holdsDecimals(f.Type) {
					found = true
					break
				}
			}
		}
	}
	w.seen[t] = found
	return found
}

// value copies the JSON value at w.pos, the encoding of v, rewriting the
// decimals in it.
func (w *writer) value(v reflect.Value) error {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return w.copyValue()
		}
		v = v.Elem()
	}
	t := v.Type()
	switch {
	case (t == typeDecimal || t == typeNullDecimal) && !v.CanInterface():
		// Reached through an unexported embedded struct: reflect does not
		// give the value, so read it back from what encoding/json wrote.
		return w.decimalText()
	case t == typeDecimal:
		return w.decimal(v.Interface().(decimal.Decimal))
	case t == typeNullDecimal:
		if n := v.Interface().(decimal.NullDecimal); n.Valid {
			return w.decimal(n.Decimal)
		}
		return w.copyValue() // null
	}
	if !w.holdsDecimals(t) || w.at('n') {
		return w.copyValue()
	}
	switch t.Kind() {
	case reflect.Struct:
		fields, ok := w.fields[t]
		if !ok {
			fields = map[string][]int{}
			for _, f := range Fields(t) {
				fields[f.Name] = f.Index
			}
			w.fields[t] = fields
		}
		return w.object(func(key string, _ []byte) (reflect.Value, bool) {
			index, ok := fields[key]
			if !ok {
				return reflect.Value{}, false
			}
			f, err := v.FieldByIndexErr(index)
			return f, err == nil
		})
	case reflect.Map:
		// Entries by their key as the output holds it (invalid UTF-8 as
		// U+FFFD, as encoding/json writes it). Keys whose text form is not
		// one to one can give several entries one name: each member then
		// takes the entry whose encoding is its own value.
		entries := make(map[string][]reflect.Value, v.Len())
		for it := v.MapRange(); it.Next(); {
			if k, ok := mapKey(it.Key()); ok {
				k = asWritten(k)
				entries[k] = append(entries[k], it.Value())
			}
		}
		return w.object(func(key string, raw []byte) (reflect.Value, bool) {
			vs := entries[key]
			if len(vs) == 1 {
				return vs[0], true
			}
			for i, e := range vs {
				if !e.CanInterface() {
					continue
				}
				if b, err := json.Marshal(e.Interface()); err == nil && bytes.Equal(b, raw) {
					entries[key] = slices.Delete(vs, i, i+1)
					return e, true
				}
			}
			return reflect.Value{}, false
		})
	case reflect.Slice, reflect.Array:
		return w.array(v)
	}
	return w.copyValue()
}

// decimal replaces the JSON value at w.pos, the encoding of d, with d as
// money.Canonical writes it, quoted.
func (w *writer) decimal(d decimal.Decimal) error {
	if err := w.skipValue(); err != nil {
		return err
	}
	w.out = strconv.AppendQuote(w.out, money.Canonical(d))
	return nil
}

// decimalText rewrites the decimal encoding/json wrote at w.pos (a string
// or a number, in whatever form shopspring's settings gave it) as decimal
// does, or copies it if it does not read as a decimal (null).
func (w *writer) decimalText() error {
	start := w.pos
	if err := w.skipValue(); err != nil {
		return err
	}
	text := w.in[start:w.pos]
	var s string
	if json.Unmarshal(text, &s) != nil {
		s = string(text)
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		w.out = append(w.out, text...)
		return nil
	}
	w.out = strconv.AppendQuote(w.out, money.Canonical(d))
	return nil
}

// mapKey returns the JSON name encoding/json gives a map key.
func mapKey(k reflect.Value) (string, bool) {
	if k.Kind() == reflect.String {
		return k.String(), true
	}
	if !k.CanInterface() {
		return "", false // a key read through an unexported field: its value is copied as it is
	}
	if tm, ok := k.Interface().(encoding.TextMarshaler); ok {
		if k.Kind() == reflect.Pointer && k.IsNil() {
			return "", true
		}
		b, err := tm.MarshalText()
		return string(b), err == nil
	}
	switch k.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(k.Int(), 10), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(k.Uint(), 10), true
	}
	return "", false
}

// asWritten returns a map key as encoding/json writes it: each byte that is
// not part of valid UTF-8 replaced by U+FFFD.
func asWritten(k string) string {
	if utf8.ValidString(k) {
		return k
	}
	var b strings.Builder
	for i := 0; i < len(k); {
		r, n := utf8.DecodeRuneInString(k[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(k[i : i+n])
		}
		i += n
	}
	return b.String()
}

// object copies the JSON object at w.pos, rewriting the value of each key
// that member finds; member gets the key and the value's JSON text.
func (w *writer) object(member func(key string, raw []byte) (reflect.Value, bool)) error {
	if !w.at('{') {
		return w.fault("want an object")
	}
	w.out = append(w.out, '{')
	w.pos++
	for first := true; ; first = false {
		if w.at('}') {
			w.out = append(w.out, '}')
			w.pos++
			return nil
		}
		if !first {
			if !w.at(',') {
				return w.fault("want ',' or '}'")
			}
			w.out = append(w.out, ',')
			w.pos++
		}
		start := w.pos
		if err := w.copyValue(); err != nil {
			return err
		}
		var key string
		if err := json.Unmarshal(w.in[start:w.pos], &key); err != nil {
			return w.fault("want a key")
		}
		if !w.at(':') {
			return w.fault("want ':'")
		}
		w.out = append(w.out, ':')
		w.pos++
		valueStart := w.pos
		if err := w.skipValue(); err != nil {
			return err
		}
		raw := w.in[valueStart:w.pos]
		w.pos = valueStart
		var err error
		if mv, ok := member(key, raw); ok {
			err = w.value(mv)
		} else {
			err = w.copyValue()
		}
		if err != nil {
			return err
		}
	}
}

// array copies the JSON array at w.pos, the encoding of v, element by
// element.
func (w *writer) array(v reflect.Value) error {
	if !w.at('[') {
		return w.fault("want an array")
	}
	w.out = append(w.out, '[')
	w.pos++
	for i := 0; ; i++ {
		if w.at(']') {
			w.out = append(w.out, ']')
			w.pos++
			return nil
		}
		if i > 0 {
			if !w.at(',') {
				return w.fault("want ',' or ']'")
			}
			w.out = append(w.out, ',')
			w.pos++
		}
		var err error
		if i < v.Len() {
			err = w.value(v.Index(i))
		} else {
			err = w.copyValue()
		}
		if err != nil {
			return err
		}
	}
}

// at reports whether the next byte is c.
func (w *writer) at(c byte) bool { return w.pos < len(w.in) && w.in[w.pos] == c }

// copyValue copies the JSON value at w.pos as it is.
func (w *writer) copyValue() error {
	start := w.pos
	if err := w.skipValue(); err != nil {
		return err
	}
	w.out = append(w.out, w.in[start:w.pos]...)
	return nil
}

// skipValue moves w.pos past the JSON value there. The input is compact
// JSON from encoding/json, so it only needs to find where the value ends.
func (w *writer) skipValue() error {
	if w.pos >= len(w.in) {
		return w.fault("want a value")
	}
	depth := 0
	for w.pos < len(w.in) {
		switch c := w.in[w.pos]; c {
		case '"':
			w.pos++
			for w.pos < len(w.in) && w.in[w.pos] != '"' {
				if w.in[w.pos] == '\\' {
					w.pos++
				}
				w.pos++
			}
			if w.pos >= len(w.in) {
				return w.fault("unterminated string")
			}
			w.pos++
		case '{', '[':
			depth++
			w.pos++
			continue
		case '}', ']':
			if depth == 0 {
				return w.fault("want a value")
			}
			depth--
			w.pos++
		case ',', ':':
			if depth == 0 {
				return w.fault("want a value")
			}
			w.pos++
			continue
		default:
			for w.pos < len(w.in) && !isDelimiter(w.in[w.pos]) {
				w.pos++
			}
		}
		if depth == 0 {
			return nil
		}
	}
	return w.fault("unterminated value")
}

// isDelimiter reports whether c ends a number or literal.
func isDelimiter(c byte) bool {
	switch c {
	case ',', '}', ']', ':', '"', '{', '[':
		return true
	}
	return false
}

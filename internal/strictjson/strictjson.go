// Package strictjson decodes JSON as the library's boundary types take it:
// exactly one value, no field the type does not have, and no field given
// twice in one object (encoding/json would keep the last of two values
// silently, and matches names in any case, so "Amount" and "amount" are
// the same field twice, unless the struct has a field of each name). Map
// keys are compared exactly, as encoding/json keeps them. Errors name the field by its JSON path where
// encoding/json or the duplicate check knows it.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/errtext"
)

// Error is why Decode refused its input. Path is the JSON path of the
// field at fault ("holder.id", "history[1].on"), empty when the fault is not
// in one field (a syntax error, data after the value). Value is the JSON
// text of the value at fault, clipped, empty when it is the name and not
// the value (an unknown field) or when no one field is at fault.
type Error struct {
	Path   string
	Value  string
	Reason string
	Err    error // the decoder's own error, if any
}

// Error returns the path, if any, and the reason.
func (e *Error) Error() string {
	if e.Path == "" {
		return e.Reason
	}
	return e.Path + ": " + e.Reason
}

// Field returns Path, or "json" when the fault is not in one field: the
// name a caller's field error gives it.
func (e *Error) Field() string {
	if e.Path == "" {
		return "json"
	}
	return e.Path
}

// trimReason returns a decoder's message without its "json: " prefix,
// clipped.
func trimReason(msg string) string {
	return errtext.Clip(strings.TrimPrefix(msg, "json: "), maxReason)
}

// Unwrap returns the decoder's own error, if any.
func (e *Error) Unwrap() error { return e.Err }

// maxReason bounds the bytes of the decoder's message an Error repeats.
const maxReason = 200

// maxValue bounds the bytes of a value an Error shows.
const maxValue = 64

// Decode decodes data, which must be one JSON value and nothing but
// whitespace after it, into v (a non-nil pointer), refusing unknown and
// repeated fields. JSON null leaves v unchanged, as encoding/json does. On
// error v may be partly set: decode into a fresh value and copy it on
// success.
//
// An error in one member names it by its JSON path, with array indices,
// and shows its value, whatever failed: a type mismatch, an unknown field,
// or the error of a type's own UnmarshalJSON or UnmarshalText (a bad date
// or decimal), which encoding/json reports without a path. The path is of
// the innermost member that fails on its own, down to a type that decodes
// itself; if that type decodes with Decode too and its error wraps the
// *Error (as a Claim's or an Agreement's does), the paths compose
// ("cases[3].claim.issued").
func Decode(data []byte, v any) error {
	if path, key, dup := DupKey(data, true); dup {
		// DupKey folds every name; see whether they are the same to v's
		// type (not map keys, nor fields tagged "a" and "A").
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && !rv.IsNil() {
			path, key, dup = typedDupKey(data, rv.Type().Elem())
		}
		if dup {
			return &Error{Path: path, Reason: "field " + strconv.Quote(errtext.Clip(key, 64)) + " given twice"}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		e := &Error{Reason: reasonOf(err), Err: err}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			e.Path = te.Field
		}
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && !rv.IsNil() {
			if f, ok := locate(bytes.TrimSpace(data), rv.Type().Elem()); ok {
				e.Path, e.Reason = f.path, f.reason
				if f.value != nil {
					e.Value = errtext.Clip(string(f.value), maxValue)
				}
			}
		}
		return e
	}
	if _, err := dec.Token(); err != io.EOF {
		return &Error{Reason: "data after the value"}
	}
	return nil
}

// DupKey reports the first field name given twice in one object of the
// JSON text data: the path of the object holding it ("" for the top level,
// "a.b[2]"), the name as given the second time, and true. Names are
// compared as encoding/json matches them, ignoring case, if fold is set, and
// byte for byte otherwise (for a reader whose names are case-sensitive). It
// reports false if there is none, and leaves syntax errors to the decoder.
func DupKey(data []byte, fold bool) (path, key string, dup bool) {
	type level struct {
		name    string          // this value's name in its parent: a key or an index
		keys    map[string]bool // nil for an array
		wantKey bool
		index   int // the next element's index, in an array
		key     string
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var stack []level
	where := func() string {
		var b strings.Builder
		for i, l := range stack {
			if i == 0 {
				continue
			}
			if stack[i-1].keys != nil && b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(l.name)
		}
		return b.String()
	}
	// name returns the name of the value about to start in the top level.
	name := func() string {
		if len(stack) == 0 {
			return ""
		}
		top := &stack[len(stack)-1]
		if top.keys == nil {
			return "[" + strconv.Itoa(top.index) + "]"
		}
		return top.key
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", "", false
		}
		n := len(stack)
		if n > 0 && stack[n-1].keys != nil && stack[n-1].wantKey {
			if k, ok := tok.(string); ok {
				folded := k
				if fold {
					folded = Fold(k)
				}
				if stack[n-1].keys[folded] {
					return where(), k, true
				}
				stack[n-1].keys[folded] = true
				stack[n-1].wantKey = false
				stack[n-1].key = k
				continue
			}
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, level{name: name(), keys: map[string]bool{}, wantKey: true})
			continue
		case json.Delim('['):
			stack = append(stack, level{name: name()})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:n-1]
		}
		if len(stack) == 0 {
			return "", "", false
		}
		// A value of the top level ended.
		if top := &stack[len(stack)-1]; top.keys != nil {
			top.wantKey = true
		} else {
			top.index++
		}
	}
}

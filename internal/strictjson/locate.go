package strictjson

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dualtrack/dualtrack/internal/decjson"
)

// fault is where a value that does not decode went wrong: the path of the
// innermost member that fails on its own, its JSON text (nil for an
// unknown field, where the name is at fault and not the value), and why.
type fault struct {
	path   string
	value  []byte
	reason string
}

// faultOf is the fault of the member at path with the JSON text value,
// which failed with err. If err holds an *Error with a path (the value's
// type decodes itself with Decode, as a Claim or an Agreement does), the
// fault is the one that error names, below path.
func faultOf(path string, value []byte, err error) fault {
	var inner *Error
	if errors.As(err, &inner) && inner.Path != "" {
		f := fault{path: joinPath(path, inner.Path), reason: inner.Reason}
		if inner.Value != "" {
			f.value = []byte(inner.Value)
		}
		return f
	}
	return fault{path: path, value: value, reason: reasonOf(err)}
}

// maxLocateDepth bounds the nesting locate follows; below it, the value at
// that depth is reported as a whole.
const maxLocateDepth = 64

// locate finds, in data (a JSON value that does not decode into a t), the
// innermost member that fails to decode by itself, so that an error can
// name it by its JSON path with array indices ("list[1].n") and show its
// value, whatever failed: a type mismatch, an unknown field, or the error of
// a type's own UnmarshalJSON or UnmarshalText, which encoding/json reports
// without a path. It decodes each member alone as Decode decodes the
// whole (unknown fields refused), which is the same as decoding it in place,
// since encoding/json decodes the members of an object or array
// independently. It descends into structs, maps, slices, arrays and
// pointers, and stops at a type with its own decoding. It returns false if
// data decodes after all, or is not valid JSON.
func locate(data []byte, t reflect.Type) (fault, bool) {
	return locater{strict: true}.locate(data, t)
}

// Locate finds in data, JSON that does not decode into v's type (v is a
// pointer, or a reflect.Type of the value), the innermost member at fault,
// as Decode's errors name it: its JSON path ("list[1].n"), its JSON text
// (empty for an unknown field) and why it fails. With strict unset,
// unknown fields are allowed, as json.Unmarshal allows them. It reports
// false if data decodes after all or is not valid JSON.
func Locate(data []byte, v any, strict bool) (path, value, reason string, ok bool) {
	t, isType := v.(reflect.Type)
	if !isType {
		rt := reflect.TypeOf(v)
		if rt == nil || rt.Kind() != reflect.Pointer {
			return "", "", "", false
		}
		t = rt.Elem()
	}
	f, ok := locater{strict: strict}.locate(bytes.TrimSpace(data), t)
	if !ok {
		return "", "", "", false
	}
	return f.path, string(f.value), f.reason, true
}

// locater finds faults, refusing unknown fields if strict is set.
type locater struct{ strict bool }

func (l locater) locate(data []byte, t reflect.Type) (fault, bool) {
	err := l.decodeAs(data, t)
	if err == nil || !json.Valid(data) {
		return fault{}, false
	}
	return l.locateIn(data, t, "", err, 0), true
}

// locateIn is locate below path, for data known to fail with err.
func (l locater) locateIn(data []byte, t reflect.Type, path string, err error, depth int) fault {
	for t.Kind() == reflect.Pointer && !ownDecoding(t) {
		t = t.Elem()
	}
	here := faultOf(path, data, err)
	if depth >= maxLocateDepth || ownDecoding(t) {
		return here
	}
	switch t.Kind() {
	case reflect.Struct:
		var found fault
		ok := eachMember(data, func(key string, raw []byte) bool {
			one, kerr := member(key, raw)
			if kerr != nil {
				return true // not reached: the members of valid JSON encode
			}
			merr := l.decodeAs(one, t)
			if merr == nil {
				return true
			}
			f, known := fieldFor(t, key)
			switch {
			case !known:
				found = fault{path: join(path, key), reason: reasonOf(merr)} // an unknown field
			case f.Quoted:
				found = faultOf(join(path, key), raw, merr)
			default:
				found = l.locateIn(raw, f.Type, join(path, key), merr, depth+1)
			}
			return false
		})
		if ok && found.path != "" {
			return found
		}
	case reflect.Map:
		var found fault
		ok := eachMember(data, func(key string, raw []byte) bool {
			if verr := l.decodeAs(raw, t.Elem()); verr != nil {
				found = l.locateIn(raw, t.Elem(), join(path, key), verr, depth+1)
				return false
			}
			one, kerr := member(key, raw)
			if kerr != nil {
				return true
			}
			if merr := l.decodeAs(one, t); merr != nil {
				found = faultOf(join(path, key), raw, merr) // the key is at fault
				return false
			}
			return true
		})
		if ok && found.path != "" {
			return found
		}
	case reflect.Slice, reflect.Array:
		if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 {
			return here // []byte is base64 text
		}
		var found fault
		i := 0
		ok := eachElement(data, func(raw []byte) bool {
			if t.Kind() == reflect.Array && i >= t.Len() {
				return false // encoding/json drops the extra elements
			}
			if eerr := l.decodeAs(raw, t.Elem()); eerr != nil {
				found = l.locateIn(raw, t.Elem(), path+"["+strconv.Itoa(i)+"]", eerr, depth+1)
				return false
			}
			i++
			return true
		})
		if ok && found.path != "" {
			return found
		}
	}
	return here
}

// decodeAs decodes data into a fresh value of type t as Decode decodes
// (unknown fields refused if l.strict) and returns the error.
func (l locater) decodeAs(data []byte, t reflect.Type) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if l.strict {
		dec.DisallowUnknownFields()
	}
	return dec.Decode(reflect.New(t).Interface())
}

// ownDecoding reports whether t decodes itself: it or its pointer has an
// UnmarshalJSON or UnmarshalText method.
func ownDecoding(t reflect.Type) bool {
	for _, u := range []reflect.Type{t, reflect.PointerTo(t)} {
		if u.Implements(typeJSONUnmarshaler) || u.Implements(typeTextUnmarshaler) {
			return true
		}
	}
	return false
}

var (
	typeJSONUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	typeTextUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// fieldFor returns the field of struct type t that encoding/json decodes
// key into: the one of that name, else one whose name folds to the same.
func fieldFor(t reflect.Type, key string) (decjson.Field, bool) {
	fields := decjson.Fields(t)
	for _, f := range fields {
		if f.Name == key {
			return f, true
		}
	}
	k := Fold(key)
	for _, f := range fields {
		if Fold(f.Name) == k {
			return f, true
		}
	}
	return decjson.Field{}, false
}

// member returns the object {key: raw}.
func member(key string, raw []byte) ([]byte, error) {
	k, err := json.Marshal(key)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(k)+len(raw)+3)
	out = append(append(append(append(out, '{'), k...), ':'), raw...)
	return append(out, '}'), nil
}

// eachMember calls fn with each member of the JSON object data, in order,
// until fn returns false. It returns false if data is not an object.
func eachMember(data []byte, fn func(key string, raw []byte) bool) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	for dec.More() {
		tok, err := dec.Token()
		key, isKey := tok.(string)
		if err != nil || !isKey {
			return false
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return false
		}
		if !fn(key, raw) {
			return true
		}
	}
	return true
}

// eachElement calls fn with each element of the JSON array data, in order,
// until fn returns false. It returns false if data is not an array.
func eachElement(data []byte, fn func(raw []byte) bool) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		return false
	}
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return false
		}
		if !fn(raw) {
			return true
		}
	}
	return true
}

// join appends a member name to a path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// joinPath appends a path below a member to the member's path: "a" and
// "b.c" give "a.b.c", "a" and "[2].c" give "a[2].c".
func joinPath(path, below string) string {
	if path == "" || strings.HasPrefix(below, "[") {
		return path + below
	}
	return path + "." + below
}

// Fold returns the form of a JSON member name that encoding/json compares
// when it matches a name to a field ignoring case: two names match if and
// only if their folds are equal. ASCII letters fold to upper case and other
// runes to the smallest rune of their Unicode fold set, so "issued",
// "ISSUED" and "iſſued" (with U+017F, long s) all fold to "ISSUED".
func Fold(name string) string {
	b := make([]byte, 0, len(name))
	for i := 0; i < len(name); {
		if c := name[i]; c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			b = append(b, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(name[i:])
		b = utf8.AppendRune(b, foldRune(r))
		i += n
	}
	return string(b)
}

// foldRune returns the smallest rune of r's fold set.
func foldRune(r rune) rune {
	for {
		next := unicode.SimpleFold(r)
		if next <= r {
			return next
		}
		r = next
	}
}

// reasonOf turns a decoding error into a reason for people: a type
// mismatch says what JSON value met what Go type.
func reasonOf(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return "a JSON " + te.Value + " where " + te.Type.String() + " belongs"
	}
	return trimReason(err.Error())
}

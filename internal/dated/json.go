package dated

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"

	"github.com/dualtrack/dualtrack/internal/civil"
	"github.com/dualtrack/dualtrack/internal/decjson"
)

// seriesOut is the JSON form of a Series on the way out.
type seriesOut[V any] struct {
	Name       string     `json:"name"`
	Continuous bool       `json:"continuous,omitempty"`
	Entries    []Entry[V] `json:"entries"`
}

// seriesIn is the JSON form of a Series on the way in; entries are decoded
// one by one so that errors can name their index.
type seriesIn struct {
	Name       string            `json:"name"`
	Continuous bool              `json:"continuous"`
	Entries    []json.RawMessage `json:"entries"`
}

// entryIn is the JSON form of an Entry on the way in: dates as text, so that
// a bad date is reported with its field, and the value kept raw, so that a
// missing value can be told from a zero one.
type entryIn struct {
	From      string          `json:"from"`
	Until     string          `json:"until"`
	Value     json.RawMessage `json:"value"`
	Citation  Citation        `json:"citation"`
	Published string          `json:"published"`
}

// MarshalJSON encodes s as {"name":…,"continuous":true,"entries":[…]} (see
// the package documentation). The zero Series encodes as null. Decimals in
// the values are strings in canonical form ("1500", "0.5"), whatever
// shopspring's package-level settings say (see internal/decjson).
func (s Series[V]) MarshalJSON() ([]byte, error) {
	if s.IsZero() {
		return []byte("null"), nil
	}
	b, err := decjson.Marshal(seriesOut[V]{Name: s.name, Continuous: s.continuous, Entries: s.entries})
	if err != nil {
		return nil, fmt.Errorf("dated: encoding series %q: %w", s.name, err)
	}
	return b, nil
}

// UnmarshalJSON decodes a series written by MarshalJSON (or by hand) and
// validates it as [New] does. Unknown fields are rejected at every level,
// including inside values decoded by encoding/json's default rules; each
// entry needs a "value" that is not null; dates must be YYYY-MM-DD (an empty
// string or null is the zero date). JSON null leaves s unchanged, as
// encoding/json expects. Every error is a [*SeriesError] whose path names the
// offending entry and field; on error s is unchanged.
func (s *Series[V]) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	var in seriesIn
	if err := decodeStrict(data, &in); err != nil {
		field, err := typeMismatch(err)
		// encoding/json goes on after a type mismatch, so the name may be known.
		return &SeriesError{Series: in.Name, Index: -1, Field: field, Err: err}
	}
	entries := make([]Entry[V], len(in.Entries))
	for i, raw := range in.Entries {
		if field, kind, reason := decodeEntry(raw, &entries[i]); kind != nil {
			return &SeriesError{Series: in.Name, Index: i, Field: field, Err: kind, Reason: reason}
		}
	}
	if err := validate(in.Name, entries, in.Continuous); err != nil {
		return err
	}
	*s = Series[V]{name: in.Name, continuous: in.Continuous, entries: entries}
	return nil
}

// decodeEntry decodes one entry into e. On failure it returns the JSON field
// at fault ("" for the whole entry), the error kind and a detail message
// ("" when the kind says it all).
func decodeEntry[V any](raw json.RawMessage, e *Entry[V]) (field string, kind error, reason string) {
	if string(raw) == "null" {
		return "", ErrMissing, "entry is null"
	}
	var in entryIn
	if err := decodeStrict(raw, &in); err != nil {
		field, err := typeMismatch(err)
		return field, err, ""
	}
	for _, d := range []struct {
		field string
		text  string
		dst   *civil.Date
	}{{"from", in.From, &e.From}, {"until", in.Until, &e.Until}, {"published", in.Published, &e.Published}} {
		if d.text == "" {
			continue
		}
		date, err := civil.Parse(d.text)
		if err != nil {
			return d.field, err, ""
		}
		*d.dst = date
	}
	if len(in.Value) == 0 || string(in.Value) == "null" {
		return "value", ErrMissing, ""
	}
	if err := decodeStrict(in.Value, &e.Value); err != nil {
		field, err := typeMismatch(err)
		if field != "" {
			return "value." + field, err, ""
		}
		return "value", err, ""
	}
	e.Citation = in.Citation
	return "", nil, ""
}

// errTrailing reports data after the JSON value.
var errTrailing = errors.New("unexpected data after the JSON value")

// decodeStrict decodes exactly one JSON value from data into v, rejecting
// unknown object fields.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errTrailing
	}
	return nil
}

// mismatchError is a *json.UnmarshalTypeError restated without the names of
// this package's internal types.
type mismatchError struct {
	err *json.UnmarshalTypeError
}

func (e *mismatchError) Error() string {
	return "got JSON " + e.err.Value + ", want " + jsonKind(e.err.Type)
}

func (e *mismatchError) Unwrap() error { return e.err }

// typeMismatch restates a *json.UnmarshalTypeError as a *mismatchError and
// returns the path of the JSON field it concerns ("" for the whole value);
// other errors are returned unchanged.
func typeMismatch(err error) (field string, _ error) {
	var ute *json.UnmarshalTypeError
	if !errors.As(err, &ute) || ute.Type == nil {
		return "", err
	}
	return ute.Field, &mismatchError{ute}
}

// jsonKind names the JSON form that decodes into t.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "an integer (" + t.String() + ")"
	}
	return t.String()
}

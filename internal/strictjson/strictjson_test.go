package strictjson

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

type inner struct {
	ID string `json:"id"`
	N  int    `json:"n"`
}

type outer struct {
	Name   string           `json:"name"`
	Inner  inner            `json:"inner"`
	List   []inner          `json:"list"`
	Day    day              `json:"day"`
	Days   []day            `json:"days"`
	ByName map[string]inner `json:"byName"`
	Ptr    *inner           `json:"ptr"`
	Pair   [2]day           `json:"pair"`
	Quoted int              `json:"quoted,string"`
	Strict []strict         `json:"strict"`
	embedded
}

// strict decodes itself with Decode, as the library's boundary types do,
// and wraps its error: the paths compose.
type strict struct {
	Inner inner `json:"inner"`
}

func (s *strict) UnmarshalJSON(b []byte) error {
	type plain strict
	var p plain
	if err := Decode(b, &p); err != nil {
		return fmt.Errorf("strict: %w", err)
	}
	*s = strict(p)
	return nil
}

type embedded struct {
	Deep [][]day `json:"deep"`
}

// day decodes itself, as dates and decimals do: its errors have no path
// from encoding/json.
type day struct{ n int }

func (d *day) UnmarshalText(b []byte) error {
	n, err := strconv.Atoi(string(b))
	if err != nil || n < 1 || n > 31 {
		return errors.New("not a day of a month")
	}
	d.n = n
	return nil
}

func TestDecode(t *testing.T) {
	good := `{"name":"x","inner":{"id":"a","n":1},"list":[{"id":"b"},{"id":"c","n":2}]}` + " \n"
	var o outer
	if err := Decode([]byte(good), &o); err != nil {
		t.Fatal(err)
	}
	if o.Name != "x" || o.Inner.N != 1 || len(o.List) != 2 || o.List[1].ID != "c" {
		t.Fatalf("decoded %+v", o)
	}
	bad := []struct {
		in, path, reason string
		value            string
	}{
		{`{"name":"x","name":"y"}`, "", `field "name" given twice`, ""},
		{`{"name":"x","Name":"y"}`, "", `field "Name" given twice`, ""},
		{`{"inner":{"id":"a","ID":"b"}}`, "inner", `field "ID" given twice`, ""},
		{`{"list":[{"id":"a"},{"n":1,"n":2}]}`, "list[1]", `field "n" given twice`, ""},
		{`{"list":[[],{"id":"a"}],"x":{"y":[{"z":1,"z":2}]}}`, "x.y[0]", `field "z" given twice`, ""},
		// encoding/json matches "liſt" (U+017F, long s) to "list", but not
		// "ıd" (U+0131, dotless i) to "id".
		{`{"list":[],"liſt":[]}`, "", `field "liſt" given twice`, ""},
		{`{"inner":{"id":"a","ıd":"b"}}`, "inner.ıd", `unknown field "ıd"`, ""},
		{`{"name":"x","extra":1}`, "extra", `unknown field "extra"`, ""},
		{`{"inner":{"id":"a","more":1}}`, "inner.more", `unknown field "more"`, ""},
		{`{"list":[{"id":"a"},{"id":"b","more":1}]}`, "list[1].more", `unknown field "more"`, ""},
		{`{"inner":{"n":"one"}}`, "inner.n", "a JSON string where int belongs", `"one"`},
		{`{"list":[{"n":1},{"n":2},{"n":true}]}`, "list[2].n", "a JSON bool where int belongs", "true"},
		{`{"name":1}`, "name", "a JSON number where string belongs", "1"},
		{`{"name":[1,2]}`, "name", "a JSON array where string belongs", "[1,2]"},
		// A type's own decoding fails without a path from encoding/json.
		{`{"day":"32"}`, "day", "not a day of a month", `"32"`},
		{`{"days":["1","2","x"]}`, "days[2]", "not a day of a month", `"x"`},
		{`{"pair":["1","40"]}`, "pair[1]", "not a day of a month", `"40"`},
		{`{"deep":[["1"],["2","0"]]}`, "deep[1][1]", "not a day of a month", `"0"`},
		{`{"byName":{"a":{"n":1},"b.c":{"n":"x"}}}`, "byName.b.c.n", "a JSON string where int belongs", `"x"`},
		{`{"ptr":{"id":5}}`, "ptr.id", "a JSON number where string belongs", "5"},
		{`{"quoted":"five"}`, "quoted", `invalid use of ,string struct tag, trying to unmarshal "five" into int`, `"five"`},
		{`{"Day":"0"}`, "Day", "not a day of a month", `"0"`},
		{`{"strict":[{"inner":{"n":1}},{"inner":{"n":"x"}}]}`, "strict[1].inner.n", "a JSON string where int belongs", `"x"`},
		{`{"strict":[{"inner":{"n":1,"m":2}}]}`, "strict[0].inner.m", `unknown field "m"`, ""},
		{`{"name":"x"} {}`, "", "data after the value", ""},
		{`{"name":"x"}}`, "", "data after the value", ""},
		{`{"name":`, "", "unexpected EOF", ""},
		{`{"name" "x"}`, "", "invalid character '\"' after object key", ""},
	}
	for _, b := range bad {
		var o outer
		err := Decode([]byte(b.in), &o)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: error %v, want an *Error", b.in, err)
			continue
		}
		if e.Path != b.path || e.Reason != b.reason || e.Value != b.value {
			t.Errorf("%s: path %q value %q reason %q, want %q %q %q", b.in, e.Path, e.Value, e.Reason, b.path, b.value, b.reason)
		}
	}
	// Byte for byte, names in another case are other names.
	if _, _, dup := DupKey([]byte(`{"a":1,"A":2}`), false); dup {
		t.Error(`DupKey without folding found "a" and "A" the same`)
	}
	if path, key, dup := DupKey([]byte(`{"x":[{"a":1,"a":2}]}`), false); !dup || path != "x[0]" || key != "a" {
		t.Errorf("DupKey without folding: %q %q %v", path, key, dup)
	}
	// null leaves the value as it was.
	o = outer{Name: "kept"}
	if err := Decode([]byte("null"), &o); err != nil || o.Name != "kept" {
		t.Fatalf("null: %v, %+v", err, o)
	}
}

// FuzzDecode checks that Decode never panics, that what it accepts
// encoding/json accepts too, and that an accepted input has no repeated
// field.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"name":"x","inner":{"id":"a","n":1},"list":[{"id":"b"}]}`, `{"name":"x","name":"y"}`,
		`{"list":[{"n":1,"N":2}]}`, `null`, `[]`, `{"inner":{"n":1e999}}`, `{"name":"\u00e9"}`, `{}{}`,
		`{"days":["1","x"]}`, `{"deep":[["1"],["2","0"]]}`, `{"byName":{"a":{"n":"x"}}}`, `{"list":[],"liſt":[]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var o outer
		if err := Decode(data, &o); err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not an *Error", err)
			}
			// The value shown is the text of a member of the input, or
			// the start of it, clipped.
			if !strings.Contains(string(data), strings.TrimSuffix(e.Value, "...")) {
				t.Fatalf("%q: value %q is not in the input", data, e.Value)
			}
			return
		}
		if _, _, dup := typedDupKey(data, reflect.TypeFor[outer]()); dup {
			t.Fatalf("accepted %q with a repeated field", data)
		}
		if _, _, dup := DupKey(data, false); dup {
			t.Fatalf("accepted %q with a name given twice", data)
		}
	})
}

// TestLocate: Locate names the member at fault as Decode does; without
// strict, an unknown field is no fault, as json.Unmarshal allows it.
func TestLocate(t *testing.T) {
	in := []byte(`{"extra":1,"list":[{"id":"a"},{"n":"x"}]}`)
	path, value, reason, ok := Locate(in, &outer{}, false)
	if !ok || path != "list[1].n" || value != `"x"` || reason != "a JSON string where int belongs" {
		t.Errorf("lenient: %q %q %q %v", path, value, reason, ok)
	}
	if path, _, _, ok := Locate(in, &outer{}, true); !ok || path != "extra" {
		t.Errorf("strict: %q %v", path, ok)
	}
	if _, _, _, ok := Locate([]byte(`{"name":"x"}`), &outer{}, true); ok {
		t.Error("a value that decodes has no fault")
	}
	if _, _, _, ok := Locate([]byte(`{"name":`), &outer{}, true); ok {
		t.Error("invalid JSON has no member at fault")
	}
	if _, _, _, ok := Locate(in, outer{}, false); ok {
		t.Error("not a pointer: nothing to locate")
	}
}

// TestDecodeCaseAsEncodingJSON: names that differ in case are one field
// only where encoding/json takes them for one: not map keys, and not two
// fields tagged "a" and "A"; but "a" and "A" for a struct with only "a"
// are the same field twice.
func TestDecodeCaseAsEncodingJSON(t *testing.T) {
	var m struct {
		Shares map[string]int `json:"shares"`
	}
	if err := Decode([]byte(`{"shares":{"a":1,"A":2}}`), &m); err != nil || len(m.Shares) != 2 {
		t.Errorf("map keys a and A: %v, %v", m.Shares, err)
	}
	var two struct {
		Lower int `json:"a"`
		Upper int `json:"A"`
	}
	if err := Decode([]byte(`{"a":1,"A":2}`), &two); err != nil || two.Lower != 1 || two.Upper != 2 {
		t.Errorf("fields a and A: %+v, %v", two, err)
	}
	var one struct {
		Lower int `json:"a"`
	}
	err := Decode([]byte(`{"a":1,"A":2}`), &one)
	var e *Error
	if !errors.As(err, &e) || e.Reason != `field "A" given twice` {
		t.Errorf("one field a, given as a and A: %v", err)
	}
	// Exact repeats are refused everywhere, in maps and in free-form values.
	var free struct {
		Shares map[string]int `json:"shares"`
		Any    any            `json:"any"`
	}
	for in, path := range map[string]string{
		`{"shares":{"a":1,"a":2}}`:      "shares",
		`{"any":{"x":[{"k":1,"k":2}]}}`: "any.x[0]",
	} {
		err := Decode([]byte(in), &free)
		if !errors.As(err, &e) || e.Path != path || !strings.Contains(e.Reason, "given twice") {
			t.Errorf("%s: %v", in, err)
		}
	}
}

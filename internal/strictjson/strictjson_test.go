package strictjson

import (
	"errors"
	"testing"
)

type inner struct {
	ID string `json:"id"`
	N  int    `json:"n"`
}

type outer struct {
	Name  string  `json:"name"`
	Inner inner   `json:"inner"`
	List  []inner `json:"list"`
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
	}{
		{`{"name":"x","name":"y"}`, "", `field "name" given twice`},
		{`{"name":"x","Name":"y"}`, "", `field "Name" given twice`},
		{`{"inner":{"id":"a","ID":"b"}}`, "inner", `field "ID" given twice`},
		{`{"list":[{"id":"a"},{"n":1,"n":2}]}`, "list[1]", `field "n" given twice`},
		{`{"list":[[],{"id":"a"}],"x":{"y":[{"z":1,"z":2}]}}`, "x.y[0]", `field "z" given twice`},
		{`{"name":"x","extra":1}`, "", `unknown field "extra"`},
		{`{"inner":{"id":"a","more":1}}`, "", `unknown field "more"`},
		{`{"inner":{"n":"one"}}`, "inner.n", "a JSON string where int belongs"},
		{`{"name":1}`, "name", "a JSON number where string belongs"},
		{`{"name":"x"} {}`, "", "data after the value"},
		{`{"name":"x"}}`, "", "data after the value"},
		{`{"name":`, "", "unexpected EOF"},
		{`{"name" "x"}`, "", "invalid character '\"' after object key"},
	}
	for _, b := range bad {
		var o outer
		err := Decode([]byte(b.in), &o)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: error %v, want an *Error", b.in, err)
			continue
		}
		if e.Path != b.path || e.Reason != b.reason {
			t.Errorf("%s: path %q reason %q, want %q %q", b.in, e.Path, e.Reason, b.path, b.reason)
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
			return
		}
		if _, _, dup := DupKey(data, true); dup {
			t.Fatalf("accepted %q with a repeated field", data)
		}
	})
}

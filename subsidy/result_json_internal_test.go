package subsidy

import (
	"reflect"
	"testing"
)

// TestResultJSONFields keeps the types MarshalJSON writes a Result with in
// step with Result and the types in it: the same fields, in the same order,
// with the same JSON names and options (after resultOut's format tag). A
// field added to Result and not to its mirror would be lost in JSON.
func TestResultJSONFields(t *testing.T) {
	pairs := []struct {
		typ, out reflect.Type
		skip     int // leading fields of out that typ does not have
	}{
		{reflect.TypeFor[Result](), reflect.TypeFor[resultOut](), 1},
		{reflect.TypeFor[Payment](), reflect.TypeFor[paymentOut](), 0},
		{reflect.TypeFor[Contribution](), reflect.TypeFor[contributionOut](), 0},
		{reflect.TypeFor[Step](), reflect.TypeFor[stepOut](), 0},
		{reflect.TypeFor[ParamUse](), reflect.TypeFor[paramOut](), 0},
		{reflect.TypeFor[RoundingStep](), reflect.TypeFor[roundingOut](), 0},
		{reflect.TypeFor[Tally](), reflect.TypeFor[tallyOut](), 0},
		{reflect.TypeFor[Want](), reflect.TypeFor[wantOut](), 0},
	}
	for _, p := range pairs {
		if got, want := p.out.NumField()-p.skip, p.typ.NumField(); got != want {
			t.Errorf("%s has %d fields, its JSON form %s %d", p.typ, want, p.out, got)
			continue
		}
		for i := range p.typ.NumField() {
			f, g := p.typ.Field(i), p.out.Field(i+p.skip)
			if f.Name != g.Name || f.Tag.Get("json") != g.Tag.Get("json") {
				t.Errorf("%s field %d is %s `json:%q`, its JSON form has %s `json:%q`", p.typ, i, f.Name, f.Tag.Get("json"), g.Name, g.Tag.Get("json"))
			}
		}
	}
	if f, _ := reflect.TypeFor[resultOut]().FieldByName("Format"); f.Tag.Get("json") != "format" {
		t.Errorf("resultOut starts with %s, want the format tag", f.Name)
	}
}

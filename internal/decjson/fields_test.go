package decjson_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/decjson"
	"github.com/stretchr/testify/require"
)

type Deep struct {
	X string `json:"x"`
	Y string
}

type Mid struct {
	Deep
	X string // untagged, one level up: wins over Deep.X
	Z string `json:"z"`
}

type Tie1 struct{ T string }
type Tie2 struct{ T string }

type fieldsCase struct {
	A     string `json:"a,omitempty"`
	Mid          // promoted
	*Tie1        // T ties with Tie2.T at the same depth: left out
	Tie2
	Skip   string  `json:"-"`
	Dash   string  `json:"-,"` // named "-"
	Bad    string  `json:"a b\x01"`
	N      int     `json:"n,string"`
	F      float64 `json:"f,string"`
	hidden string
	Last   []byte `json:"last"`
}

// TestFields: the names, order and options match what encoding/json
// writes for the same struct.
func TestFields(t *testing.T) {
	fs := decjson.Fields(reflect.TypeFor[fieldsCase]())
	var names []string
	quoted := map[string]bool{}
	for _, f := range fs {
		names = append(names, f.Name)
		quoted[f.Name] = f.Quoted
	}
	require.Equal(t, []string{"a", "x", "Y", "X", "z", "-", "Bad", "n", "f", "last"}, names)
	require.True(t, quoted["n"])
	require.False(t, quoted["f"], "the string option is not reported for floats")

	v := fieldsCase{A: "1", Mid: Mid{Deep: Deep{X: "2", Y: "3"}, X: "4", Z: "5"}, Tie1: &Tie1{"6"}, Tie2: Tie2{"7"},
		Skip: "8", Dash: "9", Bad: "10", N: 11, F: 12, hidden: "13", Last: []byte("14")}
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var order []string
	dec := json.NewDecoder(strings.NewReader(string(b)))
	_, _ = dec.Token()
	for dec.More() {
		k, err := dec.Token()
		require.NoError(t, err)
		order = append(order, k.(string))
		var skip json.RawMessage
		require.NoError(t, dec.Decode(&skip))
	}
	require.Equal(t, names, order, "encoding/json writes %s", b)

	rv := reflect.ValueOf(v)
	for _, f := range fs {
		got, err := rv.FieldByIndexErr(f.Index)
		require.NoError(t, err)
		require.Equal(t, f.Type, got.Type(), f.Name)
	}
	require.Equal(t, "2", rv.FieldByIndex(fs[1].Index).String(), "x is Deep.X")
}

type twiceC struct {
	X string `json:"x"`
}
type TwiceA struct{ twiceC }
type TwiceB struct{ twiceC }

// twice reaches twiceC through two embedded structs at one depth: its x
// ties with itself and encoding/json leaves it out, writing {"y":0}.
type twice struct {
	TwiceA
	TwiceB
	Y int `json:"y"`
}

func TestFieldsSameTypeTwiceAtOneDepth(t *testing.T) {
	var names []string
	for _, f := range decjson.Fields(reflect.TypeFor[twice]()) {
		names = append(names, f.Name)
	}
	b, err := json.Marshal(twice{})
	require.NoError(t, err)
	require.Equal(t, `{"y":0}`, string(b))
	require.Equal(t, []string{"y"}, names)
}

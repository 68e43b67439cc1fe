package decjson_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/decjson"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

type inner struct {
	Amount decimal.Decimal  `json:"amount"`
	Maybe  *decimal.Decimal `json:"maybe,omitempty"`
}

type Promoted struct {
	Rate  decimal.Decimal `json:"rate"`
	Label string          `json:"label"`
}

type shadowed struct {
	Rate decimal.Decimal `json:"rate"`
}

// custom decides its own encoding, and Marshal leaves it alone.
type custom struct{ D decimal.Decimal }

func (c custom) MarshalJSON() ([]byte, error) { return []byte(`{"custom":` + c.D.String() + `}`), nil }

type level int

func (l level) MarshalText() ([]byte, error) {
	return []byte("level-" + strings.Repeat("i", int(l))), nil
}

func (l *level) UnmarshalText(b []byte) error {
	*l = level(len(strings.TrimPrefix(string(b), "level-")))
	return nil
}

type outer struct {
	Promoted
	*shadowed `json:"-"`
	Name      string                     `json:"name"`
	Total     decimal.Decimal            `json:"total"`
	Zero      decimal.Decimal            `json:"zero,omitzero"`
	Lines     []inner                    `json:"lines"`
	Pair      [2]decimal.Decimal         `json:"pair"`
	ByName    map[string]decimal.Decimal `json:"byName"`
	ByInt     map[int]decimal.Decimal    `json:"byInt"`
	ByLevel   map[level]decimal.Decimal  `json:"byLevel"`
	Any       any                        `json:"any"`
	Anys      []any                      `json:"anys"`
	Ptr       *inner                     `json:"ptr"`
	NilPtr    *inner                     `json:"nilPtr"`
	NilSlice  []decimal.Decimal          `json:"nilSlice"`
	Custom    custom                     `json:"custom"`
	Untagged  decimal.Decimal
	Odd       string              `json:"a<b>&\u2028"`
	Count     int                 `json:"count,string"`
	Score     decimal.NullDecimal `json:"score"`
	NoScore   decimal.NullDecimal `json:"noScore"`
	private   decimal.Decimal
}

func sample() outer {
	m := dec("0.5")
	return outer{
		Promoted: Promoted{Rate: dec("0.30"), Label: "uplift \"30%\" <b>"},
		shadowed: &shadowed{Rate: dec("9")},
		Name:     "tab\there \u2028 é",
		Total:    dec("1500.00"),
		Lines:    []inner{{Amount: dec("12e2")}, {Amount: dec("-0.010"), Maybe: &m}},
		Pair:     [2]decimal.Decimal{dec("1"), dec("100.100")},
		ByName:   map[string]decimal.Decimal{"b": dec("2.50"), "a<": dec("0")},
		ByInt:    map[int]decimal.Decimal{10: dec("3.0"), -2: dec("4")},
		ByLevel:  map[level]decimal.Decimal{1: dec("5.00"), 3: dec("6")},
		Any:      dec("7.70"),
		Anys:     []any{dec("8.80"), "x", map[string]any{"d": dec("9.90")}, nil},
		Ptr:      &inner{Amount: dec("123456789012345678901234567890.50")},
		Custom:   custom{D: dec("1.10")},
		Untagged: dec("42.000"),
		Odd:      "<>&",
		Count:    7,
		Score:    decimal.NewNullDecimal(dec("81.50")),
		private:  dec("1"),
	}
}

// settings sets shopspring's three encoding settings for the rest of the
// test and puts them back after it.
func settings(t *testing.T, withoutQuotes, trim, sci bool) {
	t.Helper()
	q, tr, s := decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation
	t.Cleanup(func() {
		decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation = q, tr, s
	})
	decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation = withoutQuotes, trim, sci
}

// TestMarshalAsEncodingJSON: under shopspring's defaults Marshal writes
// what encoding/json writes, byte for byte, on values with decimals in
// every place it looks and some where it must not.
func TestMarshalAsEncodingJSON(t *testing.T) {
	for name, v := range map[string]any{
		"struct":         sample(),
		"pointer":        new(sample()),
		"slice":          []outer{sample(), {}},
		"map":            map[string]outer{"x": sample()},
		"decimal":        dec("1.50"),
		"decimalPointer": new(dec("-2.500")),
		"nil":            nil,
		"nilPointer":     (*outer)(nil),
		"noDecimals":     struct{ A, B string }{"a", "<b>"},
		"any":            []any{1, "s", dec("3.30"), true},
	} {
		t.Run(name, func(t *testing.T) {
			want, err := json.Marshal(v)
			require.NoError(t, err)
			got, err := decjson.Marshal(v)
			require.NoError(t, err)
			require.Equal(t, string(want), string(got))
		})
	}
}

// TestMarshalIgnoresSettings: whatever shopspring's settings, Marshal
// writes what it writes under the defaults, which are these strings.
func TestMarshalIgnoresSettings(t *testing.T) {
	v := sample()
	want, err := decjson.Marshal(v)
	require.NoError(t, err)
	for _, s := range []string{
		`"rate":"0.3"`, `"total":"1500"`, `"amount":"1200"`, `"amount":"-0.01"`, `"maybe":"0.5"`,
		`"pair":["1","100.1"]`, `"byName":{"a\u003c":"0","b":"2.5"}`, `"byInt":{"-2":"4","10":"3"}`,
		`"byLevel":{"level-i":"5","level-iii":"6"}`, `"any":"7.7"`, `"anys":["8.8","x",{"d":"9.9"},null]`,
		`"amount":"123456789012345678901234567890.5"`, `"nilPtr":null`, `"nilSlice":null`,
		`"custom":{"custom":1.1}`, `"Untagged":"42"`, `"count":"7"`, `"score":"81.5"`, `"noScore":null`,
	} {
		require.Contains(t, string(want), s)
	}
	for _, set := range [][3]bool{{true, false, false}, {true, true, true}, {false, false, true}, {true, false, true}} {
		settings(t, set[0], set[1], set[2])
		got, err := decjson.Marshal(v)
		require.NoError(t, err)
		// custom writes its decimal itself, with the settings: only its
		// bytes may differ.
		require.Equal(t, withoutCustom(string(want)), withoutCustom(string(got)), "settings %v", set)
		plain, err := json.Marshal(v)
		require.NoError(t, err)
		require.NotEqual(t, string(plain), string(got), "the settings %v change what encoding/json writes", set)
	}
}

// withoutCustom cuts the value of "custom" out of the encoding of outer.
func withoutCustom(s string) string {
	i := strings.Index(s, `"custom":{`)
	j := strings.Index(s[i:], "}")
	return s[:i] + s[i+j+1:]
}

// TestMarshalRoundTrip: what Marshal writes decodes to the same values.
func TestMarshalRoundTrip(t *testing.T) {
	settings(t, true, false, true)
	v := sample()
	b, err := decjson.Marshal(v)
	require.NoError(t, err)
	var back outer
	require.NoError(t, json.Unmarshal(b, &back))
	require.True(t, back.Total.Equal(v.Total))
	require.True(t, back.Lines[1].Maybe.Equal(*v.Lines[1].Maybe))
	require.True(t, back.ByLevel[3].Equal(v.ByLevel[3]))
	require.True(t, back.Ptr.Amount.Equal(v.Ptr.Amount))
	require.True(t, back.Promoted.Rate.Equal(v.Promoted.Rate))
}

type failing struct{}

func (failing) MarshalJSON() ([]byte, error) { return nil, errFail }

var errFail = jsonError("failing on purpose")

type jsonError string

func (e jsonError) Error() string { return string(e) }

// TestMarshalErrors: an error of encoding/json is returned as it is.
func TestMarshalErrors(t *testing.T) {
	_, err := decjson.Marshal(struct {
		D decimal.Decimal
		F failing
	}{})
	require.ErrorIs(t, err, errFail)
	_, err = decjson.Marshal(make(chan int))
	require.Error(t, err)
}

// hidden is unexported; its exported fields are promoted into withHidden's
// JSON, where reflect reads them only as read-only values.
type hidden struct {
	Amount decimal.Decimal            `json:"hiddenAmount"`
	ByName map[string]decimal.Decimal `json:"hiddenByName"`
	Score  decimal.NullDecimal        `json:"hiddenScore"`
}

type withHidden struct {
	hidden
	Name string `json:"name"`
}

// Mutually recursive types: a Tree holds decimals through its Branch,
// which holds Trees.
type Tree struct {
	Branch *Branch         `json:"branch,omitempty"`
	Value  decimal.Decimal `json:"value"`
}

type Branch struct {
	Trees []Tree `json:"trees"`
}

// TestMarshalUnusualShapes: decimals reached through an unexported
// embedded struct (which reflect gives only as read-only values, so they
// are read back from encoding/json's text), and through mutually recursive
// types, are rewritten too.
func TestMarshalUnusualShapes(t *testing.T) {
	h := withHidden{hidden: hidden{Amount: dec("12.50"), ByName: map[string]decimal.Decimal{"a": dec("1.0")},
		Score: decimal.NewNullDecimal(dec("3.30"))}, Name: "h"}
	tree := Tree{Value: dec("1.10"), Branch: &Branch{Trees: []Tree{{Value: dec("2.20")}, {Value: dec("3E2"), Branch: &Branch{}}}}}
	want := map[string]string{}
	for name, v := range map[string]any{"hidden": h, "tree": tree} {
		b, err := decjson.Marshal(v)
		require.NoError(t, err)
		want[name] = string(b)
	}
	require.Equal(t, `{"hiddenAmount":"12.5","hiddenByName":{"a":"1"},"hiddenScore":"3.3","name":"h"}`, want["hidden"])
	require.Equal(t, `{"branch":{"trees":[{"value":"2.2"},{"branch":{"trees":null},"value":"300"}]},"value":"1.1"}`, want["tree"])
	for _, set := range [][3]bool{{true, false, false}, {true, true, true}, {false, false, true}} {
		settings(t, set[0], set[1], set[2])
		for name, v := range map[string]any{"hidden": h, "tree": tree} {
			b, err := decjson.Marshal(v)
			require.NoError(t, err)
			require.Equal(t, want[name], string(b), "%s, settings %v", name, set)
		}
	}
}

// collidingKey writes every key as "k": two entries, one JSON name.
type collidingKey struct{ id int }

func (collidingKey) MarshalText() ([]byte, error) { return []byte("k"), nil }

// TestMarshalMapKeys: each member keeps its own decimal when keys collide
// on one name or when a key is not valid UTF-8 (written as U+FFFD), under
// every setting of shopspring's globals.
func TestMarshalMapKeys(t *testing.T) {
	colliding := map[collidingKey]decimal.Decimal{{1}: dec("1.50"), {2}: dec("2.50")}
	bad := map[string]decimal.Decimal{"\xff": dec("1.50"), "\xfe": dec("2.50"), "ok": dec("3.00")}
	check := func(name string) {
		std, err := json.Marshal(colliding)
		require.NoError(t, err)
		b, err := decjson.Marshal(colliding)
		require.NoError(t, err)
		// encoding/json writes the two members in either order.
		require.Contains(t, []string{`{"k":"1.5","k":"2.5"}`, `{"k":"2.5","k":"1.5"}`}, string(b), "%s (encoding/json: %s)", name, std)
		b, err = decjson.Marshal(bad)
		require.NoError(t, err)
		require.Contains(t, []string{`{"ok":"3","\ufffd":"1.5","\ufffd":"2.5"}`, `{"ok":"3","\ufffd":"2.5","\ufffd":"1.5"}`}, string(b), name)
	}
	check("default settings")
	for _, set := range [][3]bool{{true, false, false}, {true, true, true}, {false, false, true}} {
		settings(t, set[0], set[1], set[2])
		check("other settings")
	}
}

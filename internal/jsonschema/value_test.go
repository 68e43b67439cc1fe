package jsonschema

import (
	"encoding/json"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		text    string
		neg     bool
		digits  string
		exp     string
		integer bool
	}{
		{"0", false, "", "0", true},
		{"-0", false, "", "0", true},
		{"0.000e5", false, "", "0", true},
		{"7", false, "7", "0", true},
		{"-7", true, "7", "0", true},
		{"700", false, "7", "2", true},       // 7·10^2
		{"1.50", false, "15", "-1", false},   // 15·10^-1
		{"1.5e1", false, "15", "0", true},    // 15·10^(1-1)
		{"150E-2", false, "15", "-1", false}, // 15·10^(-2+1)
		{"0.001", false, "1", "-3", false},
		{"12.3400e+2", false, "1234", "0", true},                             // 1234·10^(2-4+2)
		{"1e400", false, "1", "400", true},                                   // beyond float64
		{"-1e-400", true, "1", "-400", false},                                // beyond float64
		{"1e99999999999999999999", false, "1", "99999999999999999999", true}, // beyond int64
		{"9007199254740993", false, "9007199254740993", "0", true},           // 2^53+1, not a float64
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			n := parseNumber(tt.text)
			assert.Equal(t, tt.neg, n.neg)
			assert.Equal(t, tt.digits, n.digits)
			assert.Equal(t, tt.exp, n.exp.String())
			assert.Equal(t, tt.integer, n.isInteger())
		})
	}
}

// TestNumberProperty compares parseNumber with math/big.Rat on random
// numbers written in random notations: equal and isInteger must agree with
// exact rational arithmetic.
func TestNumberProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	randomText := func() string {
		var b strings.Builder
		if r.IntN(3) == 0 {
			b.WriteByte('-')
		}
		if r.IntN(4) == 0 {
			b.WriteByte('0')
		} else {
			b.WriteString(strconv.Itoa(1 + r.IntN(2000)))
		}
		if r.IntN(2) == 0 {
			b.WriteByte('.')
			for range 1 + r.IntN(4) {
				b.WriteByte(byte('0' + r.IntN(10)))
			}
		}
		if r.IntN(2) == 0 {
			b.WriteString([]string{"e", "E", "e+", "e-", "E-"}[r.IntN(5)])
			b.WriteString(strconv.Itoa(r.IntN(6)))
		}
		return b.String()
	}
	rat := func(s string) *big.Rat {
		q, ok := new(big.Rat).SetString(s)
		require.True(t, ok, s)
		return q
	}
	for range 5000 {
		a, b := randomText(), randomText()
		require.True(t, json.Valid([]byte(a)), a)
		na, nb := parseNumber(a), parseNumber(b)
		qa, qb := rat(a), rat(b)
		assert.Equal(t, qa.Cmp(qb) == 0, na.equal(&nb), "%s vs %s", a, b)
		assert.Equal(t, qa.IsInt(), na.isInteger(), a)
		// The same value written differently must stay equal: without an
		// exponent, "1.5" = "1.50" (a trailing zero in the fraction) and
		// "12" = "120e-1" (12·10 / 10).
		if !strings.ContainsAny(a, "eE") {
			other := a + "0e-1"
			if strings.Contains(a, ".") {
				other = a + "0"
			}
			no := parseNumber(other)
			assert.True(t, na.equal(&no), "%s vs %s", a, other)
		}
	}
}

func TestParseJSON(t *testing.T) {
	v, err := parseJSON([]byte(` {"b":[1,"x",null,true,{"c":1.50}],"a":{}} `))
	require.NoError(t, err)
	assert.Equal(t, `{"b":[1,"x",null,true,{"c":1.50}],"a":{}}`, string(appendJSON(nil, &v, 1000)),
		"member order and number text must survive")

	bad := []struct {
		name, doc, detail string
	}{
		{"empty", "", "empty document"},
		{"whitespace only", " \n", "empty document"},
		{"truncated object", `{"a":1`, "unexpected end"},
		{"truncated array", `[1,`, "unexpected end"},
		{"syntax", `{"a" 1}`, "offset"},
		{"trailing comma", `[1,]`, "offset"},
		{"two values", `1 2`, "data after the JSON value at offset 1"},
		{"duplicate member", `{"a":1,"b":2,"a":3}`, `object at (root) has two members named "a"`},
		{"nested duplicate", `{"x":[{"k":1,"k":1}]}`, `object at /x/0 has two members named "k"`},
		{"invalid UTF-8", "\"ab\xffc\"", "invalid UTF-8 at offset 3"},
		{"NaN", `NaN`, "offset"},
		{"leading zero", `01`, "offset"},
		{"single quotes", `'a'`, "offset"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseJSON([]byte(tt.doc))
			require.ErrorIs(t, err, ErrInvalidJSON)
			assert.Contains(t, err.Error(), tt.detail)
		})
	}
}

func TestParseJSONDuplicatesInLargeObjects(t *testing.T) {
	// 40 members, so the lookup switches from a scan to a map after 16.
	var b strings.Builder
	b.WriteString("{")
	for i := range 40 {
		b.WriteString(`"m` + strconv.Itoa(i) + `":1,`)
	}
	ok := b.String() + `"last":1}`
	_, err := parseJSON([]byte(ok))
	require.NoError(t, err)
	for _, dup := range []string{"m0", "m15", "m16", "m39", "last"} {
		doc := b.String() + `"last":1,"` + dup + `":2}`
		_, err := parseJSON([]byte(doc))
		require.ErrorIs(t, err, ErrInvalidJSON, dup)
		assert.Contains(t, err.Error(), strconv.Quote(dup))
	}
}

func TestParseJSONDepth(t *testing.T) {
	nest := func(n int) string { return strings.Repeat(`{"a":[`, n) + strings.Repeat(`]}`, n) }
	// nest(n) has 2n levels: an object and an array per step.
	_, err := parseJSON([]byte(nest(MaxDepth / 2)))
	require.NoError(t, err)
	_, err = parseJSON([]byte(`[` + nest(MaxDepth/2) + `]`))
	require.ErrorIs(t, err, ErrTooDeep)
	assert.Contains(t, err.Error(), "at /0/a/0/a/0")
	// Exactly MaxDepth arrays is fine; one more is not.
	_, err = parseJSON([]byte(strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)))
	require.NoError(t, err)
	_, err = parseJSON([]byte(strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1)))
	require.ErrorIs(t, err, ErrTooDeep)
	// Deep but unclosed input stops at the depth limit, not at the end.
	_, err = parseJSON([]byte(strings.Repeat("[", 100000)))
	require.ErrorIs(t, err, ErrTooDeep)
}

func TestEqualProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	// gen makes a random value; alt writes the same value differently
	// (members reversed, numbers in another notation).
	var gen func(depth int) value
	gen = func(depth int) value {
		k := r.IntN(6)
		if depth > 3 && k >= 4 {
			k = r.IntN(4)
		}
		switch k {
		case 0:
			return value{kind: kindNull}
		case 1:
			return value{kind: kindBool, boolean: r.IntN(2) == 0}
		case 2:
			return value{kind: kindNumber, text: strconv.Itoa(r.IntN(200) - 100)}
		case 3:
			return value{kind: kindString, text: string(rune('a' + r.IntN(3)))}
		case 4:
			v := value{kind: kindArray}
			for range r.IntN(4) {
				v.items = append(v.items, gen(depth+1))
			}
			return v
		default:
			v := value{kind: kindObject}
			for i := range r.IntN(4) {
				v.members = append(v.members, member{name: strconv.Itoa(i), val: gen(depth + 1)})
			}
			return v
		}
	}
	var alt func(v value) value
	alt = func(v value) value {
		switch v.kind {
		case kindNumber:
			// n = n0·10^-1 (text "n0e-1") = n.0 (text "n.0").
			if r.IntN(2) == 0 {
				return value{kind: kindNumber, text: v.text + "0e-1"}
			}
			return value{kind: kindNumber, text: v.text + ".0"}
		case kindArray:
			w := value{kind: kindArray}
			for _, it := range v.items {
				w.items = append(w.items, alt(it))
			}
			return w
		case kindObject:
			w := value{kind: kindObject}
			for i := len(v.members) - 1; i >= 0; i-- {
				w.members = append(w.members, member{name: v.members[i].name, val: alt(v.members[i].val)})
			}
			return w
		}
		return v
	}
	for range 2000 {
		a := gen(0)
		b := alt(a)
		require.True(t, equal(&a, &b), "%s vs %s", describe(&a), describe(&b))
		require.True(t, equal(&b, &a), "%s vs %s", describe(&b), describe(&a))
		// Any other random value is equal exactly when its canonical JSON
		// (members sorted, numbers as integers) is the same.
		c := gen(0)
		assert.Equal(t, canonical(t, &a) == canonical(t, &c), equal(&a, &c), "%s vs %s", describe(&a), describe(&c))
	}
}

// canonical re-encodes a generated value with encoding/json, which sorts
// map keys; generated numbers are integers, so their text is canonical.
func canonical(t *testing.T, v *value) string {
	var x any
	require.NoError(t, json.Unmarshal(appendJSON(nil, v, 1<<20), &x))
	b, err := json.Marshal(x)
	require.NoError(t, err)
	return string(b)
}

func TestPointerEscapes(t *testing.T) {
	tests := []struct{ raw, escaped string }{
		{"", ""}, {"a", "a"}, {"a/b", "a~1b"}, {"m~n", "m~0n"}, {"~/", "~0~1"}, {"~1", "~01"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			assert.Equal(t, tt.escaped, escapePointer(tt.raw))
			back, ok := unescapePointer(tt.escaped)
			assert.True(t, ok)
			assert.Equal(t, tt.raw, back)
		})
	}
	for _, bad := range []string{"~", "a~", "~2", "~a"} {
		_, ok := unescapePointer(bad)
		assert.False(t, ok, bad)
	}
}

func TestDescribe(t *testing.T) {
	v, err := parseJSON([]byte(`{"html":"<a&b>","long":"` + strings.Repeat("x", 200) + `"}`))
	require.NoError(t, err)
	got := describe(&v)
	assert.True(t, strings.HasPrefix(got, `{"html":"<a&b>","long":"xxx`), got)
	assert.True(t, strings.HasSuffix(got, "..."), got)
	assert.LessOrEqual(t, len(got), 83) // 80 bytes and the "..."
	assert.Equal(t, `"中\n"`, quote("中\n"))
}

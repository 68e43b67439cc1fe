package dated

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/civil"
	"github.com/shopspring/decimal"
)

func TestMarshalJSON(t *testing.T) {
	s := mustNew(t, "insured months", []Entry[decimal.Decimal]{
		{
			From:     day("2017-01-01"),
			Until:    day("2018-12-31"),
			Value:    decimal.NewFromInt(36),
			Citation: Citation{Number: "人社部发〔2017〕40号"},
		},
		{From: day("2019-01-01"), Value: decimal.New(125, -1), Published: day("2019-02-01")},
	}, Continuous())
	got, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	// Zero dates and the empty citation are left out; decimal.Decimal is a
	// JSON string ("12.5" is 125 × 10⁻¹).
	want := `{"name":"insured months","continuous":true,"entries":[` +
		`{"from":"2017-01-01","until":"2018-12-31","value":"36","citation":{"number":"人社部发〔2017〕40号"}},` +
		`{"from":"2019-01-01","value":"12.5","published":"2019-02-01"}]}`
	if string(got) != want {
		t.Errorf("Marshal:\n got %s\nwant %s", got, want)
	}

	// Without Continuous the flag is left out.
	plain := mustNew(t, "x", []Entry[int]{open("2019-01-01", 1)})
	if got, _ := json.Marshal(plain); string(got) != `{"name":"x","entries":[{"from":"2019-01-01","value":1}]}` {
		t.Errorf("Marshal = %s", got)
	}
}

func TestZeroSeriesJSON(t *testing.T) {
	var zero Series[int]
	b, err := json.Marshal(zero)
	if err != nil || string(b) != "null" {
		t.Fatalf("Marshal(zero) = %s, %v; want null", b, err)
	}
	// null leaves the destination unchanged, whatever it holds.
	s := lookupSeries(t)
	if err := json.Unmarshal([]byte("null"), &s); err != nil || s.Len() != 3 {
		t.Errorf("Unmarshal(null) = %v, Len %d; want no change", err, s.Len())
	}
	var z Series[int]
	if err := json.Unmarshal([]byte("null"), &z); err != nil || !z.IsZero() {
		t.Errorf("Unmarshal(null) into zero = %v, IsZero %v", err, z.IsZero())
	}
}

type level struct {
	Amount decimal.Decimal `json:"amount"`
	Level  string          `json:"level"`
}

func TestUnmarshalJSONRejects(t *testing.T) {
	const good = `{"from":"2019-01-01","value":"1"}`
	tests := []struct {
		name  string
		json  string
		kind  error  // matched with errors.Is, besides ErrInvalid; nil to skip
		path  string // SeriesError.Path()
		inMsg []string
	}{
		// (json.Unmarshal checks the syntax itself; UnmarshalJSON called
		// directly must do it too.)
		{"not JSON", `{"name":`, nil, "", []string{"unexpected EOF"}},
		{"not an object", `[1]`, nil, "", []string{"got JSON array, want an object"}},
		{"unknown top-level field", `{"name":"x","entries":[` + good + `],"extra":1}`, nil, "", []string{`unknown field "extra"`}},
		{"name missing", `{"entries":[` + good + `]}`, ErrMissing, "name", nil},
		{"entries missing", `{"name":"x"}`, ErrMissing, "entries", nil},
		{"entries null", `{"name":"x","entries":null}`, ErrMissing, "entries", nil},
		{"entries not an array", `{"name":"x","entries":{}}`, nil, "entries", []string{"got JSON object, want an array"}},
		{"name not a string", `{"name":["x"],"entries":[]}`, nil, "name", []string{"got JSON array, want a string"}},
		{"entry null", `{"name":"x","entries":[` + good + `,null]}`, ErrMissing, "entries[1]", []string{"entry is null"}},
		{"entry not an object", `{"name":"x","entries":[7]}`, nil, "entries[0]", []string{"got JSON number, want an object"}},
		{"unknown entry field", `{"name":"x","entries":[{"from":"2019-01-01","value":"1","to":"2020-01-01"}]}`, nil, "entries[0]", []string{`unknown field "to"`}},
		{"unknown citation field", `{"name":"x","entries":[{"from":"2019-01-01","value":"1","citation":{"doc":"a"}}]}`, nil, "entries[0]", []string{`unknown field "doc"`}},
		{"bad from", `{"name":"x","entries":[{"from":"2019-13-01","value":"1"}]}`, civil.ErrInvalidDate, "entries[0].from", []string{`"2019-13-01"`, "month 13"}},
		{"bad until", `{"name":"x","entries":[{"from":"2019-01-01","until":"2019-02-30","value":"1"}]}`, civil.ErrInvalidDate, "entries[0].until", []string{`"2019-02-30"`}},
		{"bad published", `{"name":"x","entries":[{"from":"2019-01-01","published":"2019/01/01","value":"1"}]}`, civil.ErrInvalidDate, "entries[0].published", []string{`"2019/01/01"`}},
		{"date not a string", `{"name":"x","entries":[{"from":20190101,"value":"1"}]}`, nil, "entries[0].from", []string{"got JSON number, want a string"}},
		{"citation field not a string", `{"name":"x","entries":[{"from":"2019-01-01","value":"1","citation":{"url":1}}]}`, nil, "entries[0].citation.url", []string{"got JSON number, want a string"}},
		{"value missing", `{"name":"x","entries":[{"from":"2019-01-01"}]}`, ErrMissing, "entries[0].value", nil},
		{"value null", `{"name":"x","entries":[{"from":"2019-01-01","value":null}]}`, ErrMissing, "entries[0].value", nil},
		{"bad decimal value", `{"name":"x","entries":[{"from":"2019-01-01","value":"1.2.3"}]}`, nil, "entries[0].value", []string{"1.2.3"}},
		{"from missing", `{"name":"x","entries":[{"value":"1"}]}`, ErrMissing, "entries[0].from", nil},
		{"from empty", `{"name":"x","entries":[{"from":"","value":"1"}]}`, ErrMissing, "entries[0].from", nil},
		{
			"unsorted", `{"name":"x","entries":[` + good + `,{"from":"2020-01-01","value":"2"},{"from":"2019-06-01","value":"3"}]}`,
			ErrUnsorted, "entries[2].from", []string{"2019-06-01", "entries[1].from 2020-01-01"},
		},
		{
			"overlap", `{"name":"x","entries":[{"from":"2019-01-01","until":"2019-12-31","value":"1"},{"from":"2019-07-01","value":"2"}]}`,
			ErrOverlap, "entries[0].until", []string{"2019-12-31", "2019-07-01"},
		},
		{
			"gap when continuous", `{"name":"x","continuous":true,"entries":[{"from":"2019-01-01","until":"2019-06-30","value":"1"},{"from":"2019-08-01","value":"2"}]}`,
			ErrGap, "entries[0].until", []string{"2019-07-01 to 2019-07-31"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := lookupDecimalSeries(t)
			before, _ := json.Marshal(s)
			err := s.UnmarshalJSON([]byte(tt.json))
			if json.Valid([]byte(tt.json)) {
				err2 := json.Unmarshal([]byte(tt.json), &s)
				if err2 == nil || err == nil || err2.Error() != err.Error() {
					t.Errorf("json.Unmarshal error %v, UnmarshalJSON error %v", err2, err)
				}
			}
			if err == nil {
				t.Fatalf("Unmarshal succeeded")
			}
			if after, _ := json.Marshal(s); !bytes.Equal(before, after) {
				t.Errorf("a failed Unmarshal changed the series to %s", after)
			}
			var se *SeriesError
			if !errors.As(err, &se) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %T %v is not a *SeriesError matching ErrInvalid", err, err)
			}
			if tt.kind != nil && !errors.Is(err, tt.kind) {
				t.Errorf("error %q does not match %v", err, tt.kind)
			}
			if se.Path() != tt.path {
				t.Errorf("Path() = %q, want %q", se.Path(), tt.path)
			}
			msg := err.Error()
			if tt.path != "" && !strings.Contains(msg, ": "+tt.path+": ") {
				t.Errorf("message %q does not contain the path %q", msg, tt.path)
			}
			if strings.Contains(tt.name, "not a") {
				var ute *json.UnmarshalTypeError
				if !errors.As(err, &ute) {
					t.Errorf("errors.As does not reach the *json.UnmarshalTypeError")
				}
			}
			for _, w := range tt.inMsg {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q does not contain %q", msg, w)
				}
			}
			if tt.path != "" && tt.path != "name" && !strings.HasPrefix(msg, `dated: series "x": `) {
				t.Errorf("message %q does not name the series", msg)
			}
		})
	}
}

func lookupDecimalSeries(t *testing.T) Series[decimal.Decimal] {
	return mustNew(t, "cap", []Entry[decimal.Decimal]{
		open("2017-01-01", decimal.NewFromInt(36)),
		closed("2019-01-01", "2020-12-31", decimal.NewFromInt(12)),
	})
}

func TestUnmarshalJSONStrictValues(t *testing.T) {
	var s Series[level]
	err := json.Unmarshal([]byte(`{"name":"x","entries":[{"from":"2019-01-01","value":{"amount":"1500","level":3}}]}`), &s)
	var se *SeriesError
	if !errors.As(err, &se) || se.Path() != "entries[0].value.level" || !strings.Contains(err.Error(), "got JSON number, want a string") {
		t.Errorf("error = %v, want a type mismatch at entries[0].value.level", err)
	}
	err = json.Unmarshal([]byte(`{"name":"x","entries":[{"from":"2019-01-01","value":{"amount":"1500","level":"中级","extra":true}}]}`), &s)
	if !errors.As(err, &se) || se.Path() != "entries[0].value" || !strings.Contains(err.Error(), `unknown field "extra"`) {
		t.Errorf("error = %v, want an unknown field at entries[0].value", err)
	}
	// Data after the value is rejected when UnmarshalJSON is called directly
	// (encoding/json itself never passes such input).
	err = s.UnmarshalJSON([]byte(`{"name":"x","entries":[{"from":"2019-01-01","value":{"amount":"1"}}]} {}`))
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "after the JSON value") {
		t.Errorf("error = %v, want trailing data rejected", err)
	}
	err = s.UnmarshalJSON([]byte(`{"name":"x","entries":[{"from":"2019-01-01","value":{"amount":"1"}} ]}`))
	if err != nil {
		t.Errorf("spaces inside the document: %v", err)
	}
}

func TestUnmarshalJSONAccepts(t *testing.T) {
	var s Series[decimal.Decimal]
	in := `{"name":"cap 中级","continuous":false,"entries":[` +
		`{"from":"2019-01-01","until":"","value":1500,"citation":{},"published":null},` +
		`{"from":"2024-01-01","until":"2024-12-31","value":"1500.00","citation":{"title":"T","number":"N","url":"https://example.org"},"published":"2024-03-01"}]}`
	if err := json.Unmarshal([]byte(in), &s); err != nil {
		t.Fatal(err)
	}
	es := s.Entries()
	if s.Name() != "cap 中级" || s.IsContinuous() || len(es) != 2 {
		t.Fatalf("decoded %q continuous=%v with %d entries", s.Name(), s.IsContinuous(), len(es))
	}
	// An empty string and null are the zero date; a number and a string both
	// decode into decimal.Decimal.
	if !es[0].Until.IsZero() || !es[0].Published.IsZero() || !es[0].Citation.IsZero() || !es[0].Value.Equal(decimal.NewFromInt(1500)) {
		t.Errorf("entry 0 = %+v", es[0])
	}
	want1 := Citation{Title: "T", Number: "N", URL: "https://example.org"}
	if es[1].Until != day("2024-12-31") || es[1].Published != day("2024-03-01") || es[1].Citation != want1 || !es[1].Value.Equal(decimal.NewFromInt(1500)) {
		t.Errorf("entry 1 = %+v", es[1])
	}
}

// entriesEqual compares entries with eq for the values.
func entriesEqual[V any](a, b []Entry[V], eq func(V, V) bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.From != y.From || x.Until != y.Until || x.Published != y.Published || x.Citation != y.Citation || !eq(x.Value, y.Value) {
			return false
		}
	}
	return true
}

func decimalValue(r *rand.Rand) decimal.Decimal {
	return decimal.New(r.Int64N(2_000_000_001)-1_000_000_000, -int32(r.IntN(5)))
}

func levelValue(r *rand.Rand) level {
	return level{Amount: decimalValue(r), Level: []string{"初级", "中级", "高级", ""}[r.IntN(4)]}
}

// roundTrip checks that random series survive Marshal and Unmarshal, and
// that marshalling again gives the same bytes.
func roundTrip[V any](t *testing.T, seed uint64, value func(*rand.Rand) V, eq func(V, V) bool) {
	rng := rand.New(rand.NewPCG(seed, 3))
	for iter := range 300 {
		continuous := rng.IntN(2) == 0
		es := genEntries(rng, 1+rng.IntN(10), !continuous, value)
		var opts []Option
		if continuous {
			opts = append(opts, Continuous())
		}
		s := mustNew(t, []string{"cap", "skill-improvement cap 中级", `quote " and \ backslash`}[rng.IntN(3)], es, opts...)
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatalf("iteration %d: Marshal: %v", iter, err)
		}
		var back Series[V]
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("iteration %d: Unmarshal(%s): %v", iter, b, err)
		}
		if back.Name() != s.Name() || back.IsContinuous() != s.IsContinuous() || !entriesEqual(back.Entries(), es, eq) {
			t.Fatalf("iteration %d: round trip of %s changed the series", iter, b)
		}
		b2, err := json.Marshal(back)
		if err != nil || !bytes.Equal(b, b2) {
			t.Fatalf("iteration %d: re-marshal\n got %s\nwant %s", iter, b2, b)
		}
	}
}

func TestRoundTripDecimal(t *testing.T) {
	roundTrip(t, 1, decimalValue, decimal.Decimal.Equal)
}

func TestRoundTripStruct(t *testing.T) {
	roundTrip(t, 2, levelValue, func(a, b level) bool { return a.Level == b.Level && a.Amount.Equal(b.Amount) })
}

// FuzzUnmarshalJSON decodes arbitrary JSON into a series of decimals. It must
// never panic; a failure must be a *SeriesError; a success must survive
// Marshal and Unmarshal unchanged, and obey the rules of New.
func FuzzUnmarshalJSON(f *testing.F) {
	for _, seed := range []string{
		`{"name":"cap","entries":[{"from":"2017-01-01","value":"36"}]}`,
		`{"name":"cap","continuous":true,"entries":[{"from":"2017-01-01","until":"2018-12-31","value":"36","citation":{"number":"人社部发〔2017〕40号"}},{"from":"2019-01-01","value":"12","published":"2019-02-01"}]}`,
		`{"name":"cap","entries":[{"from":"2019-01-01","until":"2019-06-30","value":1.5},{"from":"2019-08-01","value":"-2e3"}]}`,
		`{"name":"cap","continuous":true,"entries":[{"from":"2019-01-01","until":"2019-06-30","value":"1"},{"from":"2019-08-01","value":"2"}]}`,
		`{"name":"cap","entries":[{"from":"2019-01-01","value":"1"},{"from":"2019-01-01","value":"2"}]}`,
		`{"name":"cap","entries":[{"from":"2019-13-01","value":"1"}]}`,
		`{"name":"cap","entries":[{"from":"2019-01-01","value":null}]}`,
		`{"name":"cap","entries":[null]}`,
		`{"name":"","entries":[]}`,
		`{"name":"cap","entries":[{"from":"2019-01-01","value":"1","x":1}]}`,
		`{"name":"cap","entries":[{"from":"9999-12-31","until":"9999-12-31","value":"1e10000"}]}`,
		`null`,
		`[]`,
		`{`,
		``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var s Series[decimal.Decimal]
		if err := json.Unmarshal(data, &s); err != nil {
			var se *SeriesError
			var syn *json.SyntaxError
			if !errors.As(err, &se) && !errors.As(err, &syn) { // encoding/json checks syntax before calling UnmarshalJSON
				t.Fatalf("error %T %v is neither a *SeriesError nor a syntax error", err, err)
			}
			if se != nil && !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v does not match ErrInvalid", err)
			}
			return
		}
		if s.IsZero() {
			return // null
		}
		if _, err := New(s.Name(), s.Entries(), continuousOpt(s)...); err != nil {
			t.Fatalf("decoded series breaks New's rules: %v", err)
		}
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		var back Series[decimal.Decimal]
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("Unmarshal(%s): %v", b, err)
		}
		if back.Name() != s.Name() || back.IsContinuous() != s.IsContinuous() || !entriesEqual(back.Entries(), s.Entries(), decimal.Decimal.Equal) {
			t.Fatalf("round trip changed the series: %s", b)
		}
		if b2, _ := json.Marshal(back); !bytes.Equal(b, b2) {
			t.Fatalf("re-marshal differs:\n%s\n%s", b, b2)
		}
	})
}

func continuousOpt[V any](s Series[V]) []Option {
	if s.IsContinuous() {
		return []Option{Continuous()}
	}
	return nil
}

// TestMarshalJSONIgnoresDecimalSettings: a series of decimals or of tables
// of decimals writes them as canonical strings whatever shopspring's
// package-level settings say (not parallel: it changes them).
func TestMarshalJSONIgnoresDecimalSettings(t *testing.T) {
	num := mustNew(t, "rate", []Entry[decimal.Decimal]{{From: day("2019-01-01"), Value: decimal.New(3000, -4)}}) // 0.3000
	tab := mustNew(t, "caps", []Entry[map[string]decimal.Decimal]{
		{From: day("2019-01-01"), Value: map[string]decimal.Decimal{"senior": decimal.New(200000, -2), "junior": decimal.New(1, 3)}}})
	const wantNum = `{"name":"rate","entries":[{"from":"2019-01-01","value":"0.3"}]}`
	const wantTab = `{"name":"caps","entries":[{"from":"2019-01-01","value":{"junior":"1000","senior":"2000"}}]}`
	quotes, trim, sci := decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation
	defer func() {
		decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation = quotes, trim, sci
	}()
	for _, set := range [][3]bool{{false, true, false}, {true, false, false}, {true, true, true}, {false, false, true}} {
		decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation = set[0], set[1], set[2]
		for _, c := range []struct {
			v    any
			want string
		}{{num, wantNum}, {tab, wantTab}} {
			got, err := json.Marshal(c.v)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != c.want {
				t.Errorf("settings %v:\n got %s\nwant %s", set, got, c.want)
			}
		}
	}
}

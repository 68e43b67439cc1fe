package dated_test

// Hardening tests (issue 9): the table shape of a policy parameter (a
// series whose values are maps of decimals) against hostile JSON, and
// lossless round trips of series with citations and publication dates.

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/civil"
	"github.com/dualtrack/dualtrack/internal/dated"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// hardTable is the value type of a table parameter: amounts by level or
// category code.
type hardTable = map[string]decimal.Decimal

// hardTablesEqual compares tables key by key with decimal equality.
func hardTablesEqual(a, b hardTable) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w, ok := b[k]
		if !ok || !v.Equal(w) {
			return false
		}
	}
	return true
}

// hardEntriesEqual compares the entries of two table series.
func hardEntriesEqual(a, b []dated.Entry[hardTable]) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.From != y.From || x.Until != y.Until || x.Published != y.Published || x.Citation != y.Citation || !hardTablesEqual(x.Value, y.Value) {
			return false
		}
	}
	return true
}

// FuzzTableSeriesJSON decodes arbitrary JSON into a series of tables.
// Invariants: no panic; a failure is a *SeriesError matching ErrInvalid
// (or a JSON syntax error, which encoding/json reports before calling
// UnmarshalJSON) whose message names the series path; a success obeys the
// rules of New, and survives Marshal → Unmarshal with equal entries and the
// same bytes.
func FuzzTableSeriesJSON(f *testing.F) {
	for _, s := range []string{
		// Good: the 2024 skill-improvement amounts (DOMAIN.md: 初级 1000,
		// 中级 1500, 高级 2000), with a citation and a publication date.
		`{"name":"cap","entries":[{"from":"2024-01-01","until":"2024-12-31","value":{"national-5":"1000","national-4":"1500","national-3":"2000"},"citation":{"title":"2024 version","number":"人社部发〔2017〕40号"},"published":"2024-01-15"}]}`,
		`{"name":"rate","continuous":true,"entries":[{"from":"2019-01-01","until":"2019-12-31","value":{"a":"1"}},{"from":"2020-01-01","value":{"a":"2","b":"0.5"}}]}`,
		`{"name":"empty table","entries":[{"from":"2019-01-01","value":{}}]}`,
		`null`,
		// Broken: absurd decimals, wrong types, duplicate keys, bad dates.
		`{"name":"cap","entries":[{"from":"2024-01-01","value":{"x":"1e999999999"}}]}`,
		`{"name":"cap","entries":[{"from":"2024-01-01","value":{"x":"` + strings.Repeat("7", 4000) + `"}}]}`,
		`{"name":"cap","entries":[{"from":"2024-01-01","value":{"x":-1}}]}`,
		`{"name":"cap","entries":[{"from":"2024-01-01","value":{"x":"NaN"}}]}`,
		`{"name":"cap","entries":[{"from":"2024-01-01","value":{"x":true}}]}`,
		`{"name":"cap","entries":[{"from":"2024-01-01","value":["1000"]}]}`,
		`{"name":"cap","entries":[{"from":"2024-01-01","value":{"x":"1","x":"2"}}]}`,
		`{"name":"cap","entries":[{"from":"2024-02-30","value":{"x":"1"}}]}`,
		`{"name":"cap","entries":[{"from":"2024-01-01","until":"2023-12-31","value":{"x":"1"}}]}`,
		`{"name":"cap","entries":[{"from":"2024-01-01","value":{"x":"1"}},{"from":"2023-01-01","value":{"x":"1"}}]}`,
		`{"name":"cap","entries":[{"from":"2024-01-01","value":{"x":"1"},"citation":{"title":1}}]}`,
		`{"name":"cap","entries":[{"from":"2024-01-01","value":{"x":"1"},"citation":{"isbn":"1"}}]}`,
		`{"name":"cap","entries":[{"from":"2024-01-01","value":null}]}`,
		`{"name":"","entries":[]}`,
		`{"name":"cap","entries":[]} {}`,
		`{"name":"` + strings.Repeat("名", 2000) + `","entries":[{"from":"x","value":{}}]}`,
		strings.Repeat(`{"name":"a","entries":[{"from":"2024-01-01","value":`, 300),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var s dated.Series[hardTable]
		if err := json.Unmarshal(data, &s); err != nil {
			var se *dated.SeriesError
			var syn *json.SyntaxError
			if !errors.As(err, &se) && !errors.As(err, &syn) {
				t.Fatalf("error %T %v is neither a *SeriesError nor a syntax error", err, err)
			}
			if se != nil {
				if !errors.Is(err, dated.ErrInvalid) {
					t.Fatalf("error %v does not match ErrInvalid", err)
				}
				if p := se.Path(); p != "" && !strings.Contains(err.Error(), p) {
					t.Fatalf("error %q does not name its path %q", err, p)
				}
				// The message is bounded apart from the series name, which
				// SeriesError quotes in full (reported in issue 9: it should
				// be clipped like every other piece of input).
				if n := len(err.Error()) - len(strconv.Quote(se.Series)); n > 2048 {
					t.Fatalf("a message of %d bytes besides the name: hostile input is not clipped", n)
				}
			}
			if !s.IsZero() {
				t.Fatalf("a failed decode changed the series to %v", s.Name())
			}
			return
		}
		if s.IsZero() {
			return // null
		}
		var opts []dated.Option
		if s.IsContinuous() {
			opts = append(opts, dated.Continuous())
		}
		if _, err := dated.New(s.Name(), s.Entries(), opts...); err != nil {
			t.Fatalf("decoded series breaks New's rules: %v", err)
		}
		out, err := json.Marshal(s)
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		var back dated.Series[hardTable]
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("Unmarshal(%s): %v", out, err)
		}
		if back.Name() != s.Name() || back.IsContinuous() != s.IsContinuous() || !hardEntriesEqual(back.Entries(), s.Entries()) {
			t.Fatalf("round trip changed the series: %s", out)
		}
		if again, _ := json.Marshal(back); !bytes.Equal(again, out) {
			t.Fatalf("second Marshal differs:\n%s\n%s", out, again)
		}
	})
}

// TestHardeningSeriesJSONProperty: random table series (sorted entries,
// closed or open, with and without gaps, citations with text that needs
// escaping, publication dates) survive JSON: the decimals are JSON strings,
// the dates ISO dates, and the entries come back equal.
func TestHardeningSeriesJSONProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 2019))
	texts := []string{"", "人社部发〔2017〕40号", `a "quoted" \ title`, "<b>&</b>", "tab\tnew\nline", "é"}
	keys := []string{"national-5", "national-4", "national-3", "1x-junior", "shortage", "intermediate-class"}
	for i := range 300 {
		n := 1 + rng.IntN(6)
		entries := make([]dated.Entry[hardTable], n)
		from := civil.MustNew(2000+rng.IntN(20), time.Month(1+rng.IntN(12)), 1+rng.IntN(28))
		continuous := rng.IntN(2) == 0
		for j := range entries {
			e := &entries[j]
			e.From = from
			e.Value = hardTable{}
			for range rng.IntN(len(keys) + 1) {
				e.Value[keys[rng.IntN(len(keys))]] = decimal.New(rng.Int64N(10_000_000), -int32(rng.IntN(3)))
			}
			e.Citation = dated.Citation{Title: texts[rng.IntN(len(texts))], Number: texts[rng.IntN(len(texts))]}
			if rng.IntN(3) == 0 {
				e.Citation.URL = "https://example.org/doc?id=" + strconv.Itoa(i) + "&x=<1>"
			}
			if rng.IntN(2) == 0 {
				e.Published, _ = from.AddDays(rng.IntN(60))
			}
			length := 1 + rng.IntN(800)
			last, err := from.AddDays(length - 1)
			require.NoError(t, err)
			if j < n-1 || rng.IntN(2) == 0 {
				e.Until = last
			}
			gap := 0
			if !continuous {
				gap = rng.IntN(40)
			}
			from, err = last.AddDays(1 + gap)
			require.NoError(t, err)
		}
		var opts []dated.Option
		if continuous {
			opts = append(opts, dated.Continuous())
		}
		s, err := dated.New("table "+strconv.Itoa(i), entries, opts...)
		require.NoError(t, err, "case %d", i)
		out, err := json.Marshal(s)
		require.NoError(t, err)
		require.False(t, hardHasNumber(t, out), "case %d: a decimal was written as a JSON number: %s", i, out)
		var back dated.Series[hardTable]
		require.NoError(t, json.Unmarshal(out, &back), "case %d: %s", i, out)
		require.Equal(t, s.Name(), back.Name())
		require.Equal(t, s.IsContinuous(), back.IsContinuous())
		require.True(t, hardEntriesEqual(s.Entries(), back.Entries()), "case %d: %s", i, out)
		again, err := json.Marshal(back)
		require.NoError(t, err)
		require.Equal(t, string(out), string(again), "case %d", i)
	}
}

// hardHasNumber reports whether the JSON document holds a number anywhere.
func hardHasNumber(t *testing.T, doc []byte) bool {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	require.NoError(t, dec.Decode(&v))
	var walk func(any) bool
	walk = func(v any) bool {
		switch x := v.(type) {
		case json.Number:
			return true
		case []any:
			for _, e := range x {
				if walk(e) {
					return true
				}
			}
		case map[string]any:
			for _, e := range x {
				if walk(e) {
					return true
				}
			}
		}
		return false
	}
	return walk(v)
}

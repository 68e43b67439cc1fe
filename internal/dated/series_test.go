package dated

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/dualtrack/dualtrack/internal/civil"
	"github.com/shopspring/decimal"
)

// The tests use the standard library only: the module's go.sum does not yet
// list testify's own dependencies, so importing it fails to build.

var day = civil.MustParse

// open returns an open-ended entry from the given day.
func open[V any](from string, v V) Entry[V] {
	return Entry[V]{From: day(from), Value: v}
}

// closed returns an entry in force from from to until, both inclusive.
func closed[V any](from, until string, v V) Entry[V] {
	return Entry[V]{From: day(from), Until: day(until), Value: v}
}

func mustNew[V any](t testing.TB, name string, entries []Entry[V], opts ...Option) Series[V] {
	t.Helper()
	s, err := New(name, entries, opts...)
	if err != nil {
		t.Fatalf("New(%q): %v", name, err)
	}
	return s
}

func TestNewRejects(t *testing.T) {
	tests := []struct {
		name       string
		series     string
		entries    []Entry[int]
		continuous bool
		kind       error
		index      int
		field      string
		wantInMsg  []string // besides the series name and the path
	}{
		{"empty name", "", []Entry[int]{open("2019-01-01", 1)}, false, ErrMissing, -1, "name", nil},
		{"blank name", " \t", []Entry[int]{open("2019-01-01", 1)}, false, ErrMissing, -1, "name", []string{"blank"}},
		{"no entries", "cap", nil, false, ErrMissing, -1, "entries", []string{"at least one entry"}},
		{"empty entries", "cap", []Entry[int]{}, false, ErrMissing, -1, "entries", nil},
		{"zero from", "cap", []Entry[int]{open("2019-01-01", 1), {Value: 2}}, false, ErrMissing, 1, "from", nil},
		{
			"until before from", "cap",
			[]Entry[int]{closed("2019-01-01", "2018-12-31", 1)}, false,
			ErrReversed, 0, "until", []string{"2018-12-31", "2019-01-01"},
		},
		{
			"unsorted", "cap",
			[]Entry[int]{open("2017-01-01", 1), open("2019-01-01", 2), open("2018-01-01", 3)}, false,
			ErrUnsorted, 2, "from", []string{"2018-01-01", "entries[1].from 2019-01-01"},
		},
		{
			"duplicate from", "cap",
			[]Entry[int]{open("2019-01-01", 1), open("2019-01-01", 2)}, false,
			ErrDuplicate, 1, "from", []string{"2019-01-01 is also entries[0].from"},
		},
		{
			"overlap", "cap",
			[]Entry[int]{closed("2019-01-01", "2019-06-30", 1), open("2019-03-01", 2)}, false,
			ErrOverlap, 0, "until", []string{"2019-06-30", "entries[1].from 2019-03-01"},
		},
		{
			// Until is inclusive: ending on the next From shares that day.
			"overlap by one day", "cap",
			[]Entry[int]{open("2017-01-01", 0), closed("2019-01-01", "2019-03-01", 1), open("2019-03-01", 2)}, false,
			ErrOverlap, 1, "until", []string{"2019-03-01 is on or after entries[2].from 2019-03-01"},
		},
		{
			// July 2019 (2019-07-01 to 2019-07-31) lies between the entries.
			"gap when continuous", "cap",
			[]Entry[int]{closed("2019-01-01", "2019-06-30", 1), open("2019-08-01", 2)}, true,
			ErrGap, 0, "until", []string{"2019-06-30", "entries[1].from 2019-08-01", "2019-07-01 to 2019-07-31 uncovered"},
		},
		{
			"one-day gap when continuous", "cap",
			[]Entry[int]{closed("2019-01-01", "2019-06-30", 1), open("2019-07-02", 2)}, true,
			ErrGap, 0, "until", []string{"leaving 2019-07-01 uncovered"},
		},
		{
			// The first violation wins: entry 1's reversed dates come before
			// the unsorted entry 2.
			"first violation reported", "cap",
			[]Entry[int]{open("2019-01-01", 1), closed("2020-01-01", "2019-01-01", 2), open("2018-01-01", 3)}, false,
			ErrReversed, 1, "until", nil,
		},
	}
	kinds := []error{ErrMissing, ErrReversed, ErrUnsorted, ErrDuplicate, ErrOverlap, ErrGap}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []Option
			if tt.continuous {
				opts = append(opts, Continuous())
			}
			s, err := New(tt.series, tt.entries, opts...)
			if err == nil {
				t.Fatalf("New succeeded: %+v", s)
			}
			if !s.IsZero() {
				t.Errorf("New returned a non-zero Series with an error")
			}
			if !errors.Is(err, ErrInvalid) || !errors.Is(err, tt.kind) {
				t.Errorf("error %q does not match ErrInvalid and %v", err, tt.kind)
			}
			for _, k := range kinds {
				if k != tt.kind && errors.Is(err, k) {
					t.Errorf("error %q also matches %v", err, k)
				}
			}
			var se *SeriesError
			if !errors.As(err, &se) {
				t.Fatalf("error %T is not a *SeriesError", err)
			}
			if se.Series != tt.series || se.Index != tt.index || se.Field != tt.field {
				t.Errorf("SeriesError{Series: %q, Index: %d, Field: %q}, want {%q, %d, %q}",
					se.Series, se.Index, se.Field, tt.series, tt.index, tt.field)
			}
			msg := err.Error()
			want := append([]string{fmt.Sprintf("dated: series %q: %s: ", tt.series, se.Path())}, tt.wantInMsg...)
			for _, w := range want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q does not contain %q", msg, w)
				}
			}
		})
	}
}

func TestNewAccepts(t *testing.T) {
	tests := []struct {
		name       string
		entries    []Entry[int]
		continuous bool
	}{
		{"single open entry", []Entry[int]{open("2019-01-01", 1)}, true},
		{"single one-day entry", []Entry[int]{closed("2019-01-01", "2019-01-01", 1)}, true},
		{"open entries", []Entry[int]{open("2017-01-01", 36), open("2019-01-01", 12)}, true},
		{"until the day before the next from", []Entry[int]{closed("2017-01-01", "2018-12-31", 36), open("2019-01-01", 12)}, true},
		{"explicit end of the series", []Entry[int]{open("2017-01-01", 36), closed("2019-01-01", "2024-12-31", 12)}, true},
		{"gap without Continuous", []Entry[int]{closed("2019-01-01", "2019-06-30", 1), open("2019-08-01", 2)}, false},
		{"last supported day", []Entry[int]{closed("9999-12-30", "9999-12-31", 1)}, true},
		{
			"published before and after from",
			[]Entry[int]{
				{From: day("2019-01-01"), Value: 1, Published: day("2018-10-01")},
				{From: day("2024-01-01"), Value: 2, Published: day("2024-03-01")},
			},
			true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []Option
			if tt.continuous {
				opts = append(opts, Continuous(), nil) // a nil Option is ignored
			}
			s, err := New("cap", tt.entries, opts...)
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			if s.Name() != "cap" || s.Len() != len(tt.entries) || s.IsZero() || s.IsContinuous() != tt.continuous {
				t.Errorf("accessors: Name %q Len %d IsZero %v IsContinuous %v", s.Name(), s.Len(), s.IsZero(), s.IsContinuous())
			}
			for i, e := range s.All() {
				if e != tt.entries[i] {
					t.Errorf("All()[%d] = %+v, want %+v", i, e, tt.entries[i])
				}
			}
		})
	}
}

// New copies the caller's slice, and Entries returns a copy.
func TestSeriesIsImmutable(t *testing.T) {
	entries := []Entry[int]{open("2017-01-01", 36), open("2019-01-01", 12)}
	s := mustNew(t, "insured months", entries)
	entries[1].Value = 99
	entries[1].From = day("2030-01-01")
	got := s.Entries()
	if got[1].Value != 12 || got[1].From != day("2019-01-01") {
		t.Errorf("changing the caller's slice changed the series: %+v", got[1])
	}
	got[0].Value = 99
	if v, _ := s.Value(day("2017-06-01")); v != 36 {
		t.Errorf("changing Entries() changed the series: value %d", v)
	}
	// Stopping All early stops the iteration.
	n := 0
	for range s.All() {
		n++
		break
	}
	if n != 1 {
		t.Errorf("All did not stop after break: %d iterations", n)
	}
}

// lookupSeries: 2017-01-01 open, then 2019-01-01 to 2020-12-31, a gap over the
// first half of 2021, then 2021-07-01 to 2024-12-31, then nothing.
func lookupSeries(t testing.TB) Series[int] {
	return mustNew(t, "cap", []Entry[int]{
		open("2017-01-01", 36),
		closed("2019-01-01", "2020-12-31", 12),
		closed("2021-07-01", "2024-12-31", 10),
	})
}

func TestAt(t *testing.T) {
	s := lookupSeries(t)
	tests := []struct {
		name       string
		on         string
		want       int    // value, when covered
		lastBefore string // when not covered
		firstAfter string
	}{
		{"before the first entry", "2016-12-31", 0, "", "2017-01-01"},
		{"first From", "2017-01-01", 36, "", ""},
		{"open entry, day before the next From", "2018-12-31", 36, "", ""},
		{"next From", "2019-01-01", 12, "", ""},
		{"Until day", "2020-12-31", 12, "", ""},
		{"day after Until: gap", "2021-01-01", 0, "2020-12-31", "2021-07-01"},
		{"last day of the gap", "2021-06-30", 0, "2020-12-31", "2021-07-01"},
		{"From after the gap", "2021-07-01", 10, "", ""},
		{"last Until", "2024-12-31", 10, "", ""},
		{"after the end", "2025-01-01", 0, "2024-12-31", ""},
		{"far after the end", "9999-12-31", 0, "2024-12-31", ""},
		{"first supported day", "0001-01-01", 0, "", "2017-01-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := s.At(day(tt.on))
			v, verr := s.Value(day(tt.on))
			if tt.want != 0 {
				if err != nil || verr != nil {
					t.Fatalf("At(%s): %v / %v", tt.on, err, verr)
				}
				if e.Value != tt.want || v != tt.want {
					t.Errorf("At(%s) = %d, Value = %d, want %d", tt.on, e.Value, v, tt.want)
				}
				return
			}
			if !errors.Is(err, ErrNotCovered) || !errors.Is(verr, ErrNotCovered) {
				t.Fatalf("At(%s) = %+v, %v; want ErrNotCovered", tt.on, e, err)
			}
			var nc *NotCoveredError
			if !errors.As(err, &nc) {
				t.Fatalf("error %T is not a *NotCoveredError", err)
			}
			want := NotCoveredError{Series: "cap", Date: day(tt.on)}
			if tt.lastBefore != "" {
				want.LastBefore = day(tt.lastBefore)
			}
			if tt.firstAfter != "" {
				want.FirstAfter = day(tt.firstAfter)
			}
			if *nc != want {
				t.Errorf("error = %+v, want %+v", *nc, want)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, `dated: series "cap" has no value on `+tt.on+" (") {
				t.Errorf("message %q", msg)
			}
		})
	}
}

func TestNotCoveredMessages(t *testing.T) {
	tests := []struct {
		err  NotCoveredError
		want string
	}{
		{
			NotCoveredError{Series: "skill-improvement cap 中级", Date: day("2016-05-01"), FirstAfter: day("2017-01-01")},
			`dated: series "skill-improvement cap 中级" has no value on 2016-05-01 (coverage starts 2017-01-01)`,
		},
		{
			NotCoveredError{Series: "cap", Date: day("2025-01-01"), LastBefore: day("2024-12-31")},
			`dated: series "cap" has no value on 2025-01-01 (coverage ended 2024-12-31)`,
		},
		{
			NotCoveredError{Series: "cap", Date: day("2021-03-01"), LastBefore: day("2020-12-31"), FirstAfter: day("2021-07-01")},
			`dated: series "cap" has no value on 2021-03-01 (gap: covered until 2020-12-31, again from 2021-07-01)`,
		},
		{
			NotCoveredError{Series: "cap", Date: day("2024-01-15"), KnownOn: day("2024-02-01"), LastBefore: day("2023-12-31")},
			`dated: series "cap" has no value on 2024-01-15 as known on 2024-02-01 (coverage ended 2023-12-31)`,
		},
		{
			NotCoveredError{Series: "cap", Date: day("2019-06-01"), KnownOn: day("2018-06-01")},
			`dated: series "cap" has no value on 2019-06-01 as known on 2018-06-01 (no entries known then)`,
		},
		{
			NotCoveredError{Date: day("2024-01-01")},
			`dated: zero Series has no value on 2024-01-01 (no entries)`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
			if !errors.Is(&tt.err, ErrNotCovered) {
				t.Errorf("does not match ErrNotCovered")
			}
		})
	}
}

func TestZeroSeries(t *testing.T) {
	var s Series[int]
	if !s.IsZero() || s.Len() != 0 || s.Name() != "" || s.Entries() != nil {
		t.Errorf("zero Series: IsZero %v Len %d Name %q Entries %v", s.IsZero(), s.Len(), s.Name(), s.Entries())
	}
	for _, f := range []func() error{
		func() error { _, err := s.At(day("2024-01-01")); return err },
		func() error { _, err := s.AsKnownOn(day("2024-01-01"), day("2024-01-01")); return err },
		func() error {
			_, err := s.Segments(civil.MustNewPeriod(day("2024-01-01"), day("2024-01-31")))
			return err
		},
	} {
		err := f()
		var nc *NotCoveredError
		if !errors.As(err, &nc) || nc.Series != "" || nc.Date != day("2024-01-01") {
			t.Errorf("error = %v, want a *NotCoveredError for the zero Series on 2024-01-01", err)
		}
	}
	if got := s.ChangeDates(civil.MustNewPeriod(day("2024-01-01"), day("2024-01-31"))); got != nil {
		t.Errorf("ChangeDates = %v, want nil", got)
	}
}

func TestZeroDateArguments(t *testing.T) {
	s := lookupSeries(t)
	var zero civil.Date
	for name, f := range map[string]func() error{
		"At":                  func() error { _, err := s.At(zero); return err },
		"Value":               func() error { _, err := s.Value(zero); return err },
		"AsKnownOn day":       func() error { _, err := s.AsKnownOn(zero, day("2024-01-01")); return err },
		"AsKnownOn knowledge": func() error { _, err := s.AsKnownOn(day("2024-01-01"), zero); return err },
	} {
		t.Run(name, func(t *testing.T) {
			err := f()
			if !errors.Is(err, civil.ErrInvalidDate) || errors.Is(err, ErrNotCovered) {
				t.Fatalf("error = %v, want civil.ErrInvalidDate", err)
			}
			if !strings.Contains(err.Error(), `series "cap"`) || !strings.Contains(err.Error(), "zero date") {
				t.Errorf("message %q does not name the series and the zero date", err)
			}
		})
	}
	t.Run("Segments of the zero Period", func(t *testing.T) {
		_, err := s.Segments(civil.Period{})
		if !errors.Is(err, civil.ErrInvalidPeriod) || !strings.Contains(err.Error(), `series "cap"`) {
			t.Errorf("error = %v, want civil.ErrInvalidPeriod naming the series", err)
		}
	})
}

// The worked example of the brief: A from 2019-01-01 (open), B from
// 2024-01-01 published 2024-03-01, a retroactive change.
func TestAsKnownOn(t *testing.T) {
	retro := mustNew(t, "retro", []Entry[string]{
		open("2019-01-01", "A"),
		{From: day("2024-01-01"), Value: "B", Published: day("2024-03-01")},
	})
	// The same, but A has an explicit end the day before B.
	ended := mustNew(t, "ended", []Entry[string]{
		closed("2019-01-01", "2023-12-31", "A"),
		{From: day("2024-01-01"), Value: "B", Published: day("2024-03-01")},
	})
	// B from 2022 becomes known late (2023-06-01); C from 2023 was announced
	// early (2022-06-01).
	mixed := mustNew(t, "mixed", []Entry[string]{
		open("2019-01-01", "A"),
		{From: day("2022-01-01"), Value: "B", Published: day("2023-06-01")},
		{From: day("2023-01-01"), Value: "C", Published: day("2022-06-01")},
	})
	tests := []struct {
		name       string
		s          Series[string]
		on, known  string
		want       string // "" when not covered
		lastBefore string
		firstAfter string
	}{
		{"B unknown: A still believed in force", retro, "2024-01-15", "2024-02-01", "A", "", ""},
		{"day before publication", retro, "2024-01-15", "2024-02-29", "A", "", ""},
		{"publication day counts", retro, "2024-01-15", "2024-03-01", "B", "", ""},
		{"later knowledge", retro, "2024-01-15", "2030-01-01", "B", "", ""},
		{"before B's From", retro, "2023-12-31", "2030-01-01", "A", "", ""},
		{"knowledge before the day asked about", retro, "2026-01-01", "2020-01-01", "A", "", ""},
		{"A not yet in force nor known", retro, "2019-06-01", "2018-06-01", "", "", ""},
		{"before every entry", retro, "2018-12-31", "2030-01-01", "", "", "2019-01-01"},
		{"explicit Until stays an end", ended, "2024-01-15", "2024-02-01", "", "2023-12-31", ""},
		{"explicit Until, B known", ended, "2024-01-15", "2024-03-01", "B", "", ""},
		{"late entry unknown", mixed, "2022-07-01", "2022-12-31", "A", "", ""},
		{"announced entry known early", mixed, "2023-02-01", "2022-12-31", "C", "", ""},
		{"late entry known", mixed, "2022-07-01", "2023-06-01", "B", "", ""},
		{"late entry known, after C", mixed, "2023-07-01", "2023-06-01", "C", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := tt.s.AsKnownOn(day(tt.on), day(tt.known))
			if tt.want != "" {
				if err != nil {
					t.Fatalf("AsKnownOn(%s, %s): %v", tt.on, tt.known, err)
				}
				if e.Value != tt.want {
					t.Errorf("AsKnownOn(%s, %s) = %s, want %s", tt.on, tt.known, e.Value, tt.want)
				}
				return
			}
			var nc *NotCoveredError
			if !errors.As(err, &nc) || !errors.Is(err, ErrNotCovered) {
				t.Fatalf("AsKnownOn(%s, %s) = %+v, %v; want a *NotCoveredError", tt.on, tt.known, e, err)
			}
			want := NotCoveredError{Series: tt.s.Name(), Date: day(tt.on), KnownOn: day(tt.known)}
			if tt.lastBefore != "" {
				want.LastBefore = day(tt.lastBefore)
			}
			if tt.firstAfter != "" {
				want.FirstAfter = day(tt.firstAfter)
			}
			if *nc != want {
				t.Errorf("error = %+v, want %+v", *nc, want)
			}
			if !strings.Contains(err.Error(), " as known on "+tt.known) {
				t.Errorf("message %q does not name the knowledge date", err)
			}
		})
	}
	// With full knowledge, At agrees: B on 2024-01-15.
	if e, err := retro.At(day("2024-01-15")); err != nil || e.Value != "B" {
		t.Errorf("At(2024-01-15) = %+v, %v; want B", e, err)
	}
}

func TestSegments(t *testing.T) {
	s := lookupSeries(t)
	tests := []struct {
		name     string
		from, to string
		want     []string // "start/end=value"
		notCov   string   // first uncovered day, if any
	}{
		{"inside one entry", "2017-03-01", "2017-03-31", []string{"2017-03-01/2017-03-31=36"}, ""},
		{"one day", "2019-01-01", "2019-01-01", []string{"2019-01-01/2019-01-01=12"}, ""},
		{
			// December 2018 (31 days) under the first entry, January 2019 (31
			// days) under the second: 31 + 31 = 62 days, all of p.
			"change at a month start", "2018-12-01", "2019-01-31",
			[]string{"2018-12-01/2018-12-31=36", "2019-01-01/2019-01-31=12"}, "",
		},
		{
			"ends on an Until", "2020-12-01", "2020-12-31",
			[]string{"2020-12-01/2020-12-31=12"}, "",
		},
		{
			"three entries, open last", "2021-07-01", "2030-12-31", nil, "2025-01-01",
		},
		{"runs into the gap", "2020-12-01", "2021-01-31", nil, "2021-01-01"},
		{"starts in the gap", "2021-06-30", "2021-07-31", nil, "2021-06-30"},
		{"starts before the first entry", "2016-12-01", "2017-01-31", nil, "2016-12-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := civil.MustNewPeriod(day(tt.from), day(tt.to))
			segs, err := s.Segments(p)
			if tt.notCov != "" {
				var nc *NotCoveredError
				if !errors.As(err, &nc) || nc.Date != day(tt.notCov) || segs != nil {
					t.Fatalf("Segments(%s) = %v, %v; want not covered on %s", p, segs, err, tt.notCov)
				}
				return
			}
			if err != nil {
				t.Fatalf("Segments(%s): %v", p, err)
			}
			var got []string
			for _, sg := range segs {
				got = append(got, fmt.Sprintf("%s=%d", sg.Period, sg.Entry.Value))
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("Segments(%s) = %v, want %v", p, got, tt.want)
			}
		})
	}
}

// Proration over a month with a mid-month change, the use Segments exists
// for. The monthly amounts are synthetic test inputs: 3000 until 2024-03-14,
// 3100 from 2024-03-15.
func TestSegmentsProration(t *testing.T) {
	s := mustNew(t, "monthly amount", []Entry[decimal.Decimal]{
		open("2024-01-01", decimal.NewFromInt(3000)),
		open("2024-03-15", decimal.NewFromInt(3100)),
	})
	march := civil.MustNewPeriod(day("2024-03-01"), day("2024-03-31"))
	segs, err := s.Segments(march)
	if err != nil {
		t.Fatal(err)
	}
	if len(segs) != 2 {
		t.Fatalf("got %d segments, want 2", len(segs))
	}
	// 2024-03-01..2024-03-14 is 14 days, 2024-03-15..2024-03-31 is 17 days;
	// 14 + 17 = 31, the days of March.
	if segs[0].Period.Days() != 14 || segs[1].Period.Days() != 17 {
		t.Errorf("segment days %d and %d, want 14 and 17", segs[0].Period.Days(), segs[1].Period.Days())
	}
	// 3000×14 + 3100×17 = 42000 + 52700 = 94700; 94700 / 31 = 3054.8387…,
	// 3054.84 to the cent.
	sum := decimal.Zero
	for _, sg := range segs {
		sum = sum.Add(sg.Entry.Value.Mul(decimal.NewFromInt(int64(sg.Period.Days()))))
	}
	if want := decimal.NewFromInt(94700); !sum.Equal(want) {
		t.Errorf("day-weighted sum %s, want %s", sum, want)
	}
	if got, want := sum.DivRound(decimal.NewFromInt(31), 2), decimal.RequireFromString("3054.84"); !got.Equal(want) {
		t.Errorf("prorated amount %s, want %s", got, want)
	}
}

func TestChangeDates(t *testing.T) {
	s := lookupSeries(t)
	tests := []struct {
		from, to string
		want     string
	}{
		{"2017-01-01", "2018-12-31", ""}, // nothing changes inside one entry
		{"2017-01-01", "2019-01-01", "2019-01-01"},
		{"2019-01-01", "2019-12-31", ""}, // a change on the first day cuts nothing
		// 2021-01-01: the gap begins; 2021-07-01: the third entry; 2025-01-01: the end.
		{"2016-01-01", "2030-12-31", "2017-01-01 2019-01-01 2021-01-01 2021-07-01 2025-01-01"},
		{"2020-06-01", "2021-07-01", "2021-01-01 2021-07-01"},
	}
	for _, tt := range tests {
		t.Run(tt.from+"/"+tt.to, func(t *testing.T) {
			p := civil.MustNewPeriod(day(tt.from), day(tt.to))
			var got []string
			for _, c := range s.ChangeDates(p) {
				got = append(got, c.String())
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("ChangeDates(%s) = %v, want %q", p, got, tt.want)
			}
		})
	}
	// An entry ending on 9999-12-31 has no day after its end.
	last := mustNew(t, "last", []Entry[int]{closed("9999-01-01", "9999-12-31", 1)})
	if got := last.ChangeDates(civil.MustNewPeriod(day("9998-01-01"), day("9999-12-31"))); len(got) != 1 || got[0] != day("9999-01-01") {
		t.Errorf("ChangeDates = %v, want [9999-01-01]", got)
	}
}

func TestCitation(t *testing.T) {
	tests := []struct {
		c    Citation
		want string
	}{
		{Citation{}, ""},
		{Citation{Number: "人社部发〔2017〕40号"}, "人社部发〔2017〕40号"},
		{Citation{Title: "Notice"}, "Notice"},
		{Citation{Title: "Notice", Number: "人社部发〔2017〕40号"}, "Notice (人社部发〔2017〕40号)"},
		{Citation{URL: "https://example.org/a"}, "https://example.org/a"},
		{Citation{Number: "N", URL: "https://example.org/a"}, "N <https://example.org/a>"},
		{Citation{Title: "T", Number: "N", URL: "https://example.org/a"}, "T (N) <https://example.org/a>"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.c.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			if tt.c.IsZero() != (tt.want == "") {
				t.Errorf("IsZero() = %v", tt.c.IsZero())
			}
		})
	}
}

// At returns the same entries from many goroutines at once; run with -race.
func TestConcurrentLookups(t *testing.T) {
	s := lookupSeries(t)
	days := []struct {
		on   string
		want int // 0: not covered
	}{{"2016-12-31", 0}, {"2017-01-01", 36}, {"2019-01-01", 12}, {"2021-03-01", 0}, {"2024-12-31", 10}}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				c := days[(g+i)%len(days)]
				e, err := s.At(day(c.on))
				if (c.want == 0) != (err != nil) || e.Value != c.want {
					errs <- fmt.Sprintf("At(%s) = %d, %v", c.on, e.Value, err)
					return
				}
				if _, err := s.AsKnownOn(day(c.on), day("2030-01-01")); (c.want == 0) != (err != nil) {
					errs <- fmt.Sprintf("AsKnownOn(%s): %v", c.on, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestAtDoesNotAllocate(t *testing.T) {
	s := benchSeries(t)
	d := day("2015-06-01")
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := s.At(d); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("At allocates %v times per call", allocs)
	}
}

// genEntries returns n random valid entries starting near 2000-01-01 (only
// gaps with gaps=true), with Published dates up to 60 days either side of
// From on half of them.
func genEntries[V any](rng *rand.Rand, n int, gaps bool, value func(*rand.Rand) V) []Entry[V] {
	var es []Entry[V]
	cursor := day("2000-01-01").Next() // not the first day of the test windows
	for range n {
		e := Entry[V]{From: cursor, Value: value(rng)}
		if rng.IntN(3) != 0 {
			e.Until, _ = e.From.AddDays(rng.IntN(40))
			cursor = e.Until.Next()
			if gaps && rng.IntN(2) == 0 {
				cursor, _ = cursor.AddDays(1 + rng.IntN(10))
			}
		} else {
			cursor, _ = e.From.AddDays(1 + rng.IntN(40))
		}
		if rng.IntN(2) == 0 {
			e.Published, _ = e.From.AddDays(rng.IntN(121) - 60)
		}
		if rng.IntN(4) == 0 {
			e.Citation = Citation{Number: fmt.Sprintf("doc %d", rng.IntN(100)), URL: "https://example.org/" + fmt.Sprint(rng.IntN(10))}
		}
		es = append(es, e)
	}
	return es
}

// oracle finds, by the definition in the package documentation, the index of
// the entry in force on d given the entries known on known (zero: all), or
// -1. It checks that at most one entry qualifies.
func oracle[V any](t *testing.T, es []Entry[V], d, known civil.Date) int {
	t.Helper()
	counts := func(e Entry[V]) bool {
		p := e.Published
		if p.IsZero() {
			p = e.From
		}
		return known.IsZero() || p.Compare(known) <= 0
	}
	found := -1
	for i, e := range es {
		if !counts(e) || e.From.After(d) {
			continue
		}
		inForce := false
		if !e.Until.IsZero() {
			inForce = !e.Until.Before(d)
		} else {
			inForce = true // until a later counting entry starts on or before d
			for _, f := range es[i+1:] {
				if counts(f) && !f.From.After(d) {
					inForce = false
				}
			}
		}
		if inForce {
			if found >= 0 {
				t.Fatalf("oracle: entries %d and %d both in force on %s", found, i, d)
			}
			found = i
		}
	}
	return found
}

func intValue(r *rand.Rand) int { return r.IntN(1000) }

// At and AsKnownOn agree with the oracle on every day of a window, and a
// NotCoveredError's LastBefore/FirstAfter are the nearest covered days.
func TestLookupsMatchOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(20240101, 7))
	start := day("2000-01-01")
	for iter := range 200 {
		es := genEntries(rng, 1+rng.IntN(8), rng.IntN(2) == 0, intValue)
		s, err := New("random", es)
		if err != nil {
			t.Fatalf("iteration %d: New: %v", iter, err)
		}
		known := civil.Date{}
		if iter%2 == 1 {
			known, _ = start.AddDays(rng.IntN(400))
		}
		const window = 450
		cover := make([]int, window) // oracle index per day of the window
		for k := range window {
			d, _ := start.AddDays(k)
			cover[k] = oracle(t, es, d, known)
		}
		for k := range window {
			d, _ := start.AddDays(k)
			var e Entry[int]
			if known.IsZero() {
				e, err = s.At(d)
			} else {
				e, err = s.AsKnownOn(d, known)
			}
			if cover[k] >= 0 {
				if err != nil || e != es[cover[k]] {
					t.Fatalf("iteration %d, %s known %s: got %+v, %v; want entry %d", iter, d, known, e, err, cover[k])
				}
				continue
			}
			var nc *NotCoveredError
			if !errors.As(err, &nc) {
				t.Fatalf("iteration %d, %s known %s: got %+v, %v; want not covered", iter, d, known, e, err)
			}
			want := NotCoveredError{Series: "random", Date: d, KnownOn: known}
			for j := k - 1; j >= 0; j-- {
				if cover[j] >= 0 {
					want.LastBefore, _ = start.AddDays(j)
					break
				}
			}
			for j := k + 1; j < window; j++ {
				if cover[j] >= 0 {
					want.FirstAfter, _ = start.AddDays(j)
					break
				}
			}
			if *nc != want {
				t.Fatalf("iteration %d: error %+v, want %+v", iter, *nc, want)
			}
		}
	}
}

// Segments covers the period exactly with the entries At gives day by day,
// or names the first uncovered day; SplitAt(ChangeDates) gives pieces on
// which At is constant and between which it changes.
func TestSegmentsMatchAt(t *testing.T) {
	rng := rand.New(rand.NewPCG(20240102, 11))
	for iter := range 300 {
		es := genEntries(rng, 1+rng.IntN(6), rng.IntN(2) == 0, intValue)
		s := mustNew(t, "random", es)
		a, _ := day("2000-01-01").AddDays(rng.IntN(200))
		b, _ := a.AddDays(rng.IntN(150))
		p := civil.MustNewPeriod(a, b)

		// state is what At says on d: the From of the entry, or zero.
		state := func(d civil.Date) civil.Date {
			e, err := s.At(d)
			if err != nil {
				return civil.Date{}
			}
			return e.From
		}
		firstUncovered := civil.Date{}
		for d := a; !d.After(b); d = d.Next() {
			if state(d).IsZero() {
				firstUncovered = d
				break
			}
		}

		segs, err := s.Segments(p)
		if !firstUncovered.IsZero() {
			var nc *NotCoveredError
			if !errors.As(err, &nc) || nc.Date != firstUncovered {
				t.Fatalf("iteration %d: Segments(%s) error %v, want not covered on %s", iter, p, err, firstUncovered)
			}
		} else {
			if err != nil {
				t.Fatalf("iteration %d: Segments(%s): %v", iter, p, err)
			}
			next := a
			for i, sg := range segs {
				if sg.Period.Start() != next {
					t.Fatalf("iteration %d: segment %d starts %s, want %s", iter, i, sg.Period.Start(), next)
				}
				if i > 0 && sg.Entry.From == segs[i-1].Entry.From {
					t.Fatalf("iteration %d: segments %d and %d have the same entry", iter, i-1, i)
				}
				for d := sg.Period.Start(); !d.After(sg.Period.End()); d = d.Next() {
					if state(d) != sg.Entry.From {
						t.Fatalf("iteration %d: segment %d (%s) holds %s but At(%s) is from %s", iter, i, sg.Period, sg.Entry.From, d, state(d))
					}
				}
				next = sg.Period.End().Next()
			}
			if next != b.Next() {
				t.Fatalf("iteration %d: segments end at %s, want %s", iter, next.Prev(), b)
			}
		}

		pieces := p.SplitAt(s.ChangeDates(p)...)
		for i, pc := range pieces {
			st := state(pc.Start())
			for d := pc.Start(); !d.After(pc.End()); d = d.Next() {
				if state(d) != st {
					t.Fatalf("iteration %d: piece %s not constant at %s", iter, pc, d)
				}
			}
			if i > 0 && state(pieces[i-1].Start()) == st {
				t.Fatalf("iteration %d: pieces %s and %s need no cut", iter, pieces[i-1], pc)
			}
		}
	}
}

// benchSeries has 20 entries of one year each from 2005 to 2024, the last
// open-ended.
func benchSeries(tb testing.TB) Series[decimal.Decimal] {
	var es []Entry[decimal.Decimal]
	for y := 2005; y < 2025; y++ {
		e := Entry[decimal.Decimal]{
			From:     day(fmt.Sprintf("%d-01-01", y)),
			Value:    decimal.New(int64(y), -1),
			Citation: Citation{Number: fmt.Sprintf("doc %d", y)},
		}
		if y < 2024 {
			e.Until = day(fmt.Sprintf("%d-12-31", y))
		}
		es = append(es, e)
	}
	return mustNew(tb, "bench", es, Continuous())
}

func BenchmarkAt(b *testing.B) {
	s := benchSeries(b)
	var days []civil.Date
	for i := range 64 {
		d, _ := day("2005-01-01").AddDays(i * 113) // 64 × 113 = 7232 days, about 19.8 years
		days = append(days, d)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := s.At(days[i%len(days)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

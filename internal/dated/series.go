package dated

import (
	"fmt"
	"iter"
	"slices"
	"sort"
	"strings"

	"github.com/dualtrack/dualtrack/internal/civil"
)

// Entry is one value of a series with the days it is in force, its source
// and the day it became known. See the package documentation for the rules
// an entry must satisfy within a [Series].
type Entry[V any] struct {
	// From is the first day the entry is in force (inclusive). Required.
	From civil.Date `json:"from,omitzero"`
	// Until is the last day the entry is in force (inclusive). The zero date
	// means open-ended: the entry runs until the day before the next entry's
	// From, or without end if it is the last.
	Until civil.Date `json:"until,omitzero"`
	// Value is the parameter value.
	Value V `json:"value"`
	// Citation names the document the value comes from.
	Citation Citation `json:"citation,omitzero"`
	// Published is the day the entry became known. The zero date means it
	// counts as published on From.
	Published civil.Date `json:"published,omitzero"`
}

// knownBy reports whether the entry was known on the day known: published (or,
// without a publication date, in force) on or before it.
func (e *Entry[V]) knownBy(known civil.Date) bool {
	p := e.Published
	if p.IsZero() {
		p = e.From
	}
	return !p.After(known)
}

// Segment is a part of a period over which one entry of a series is in force.
type Segment[V any] struct {
	Period civil.Period `json:"period"`
	Entry  Entry[V]     `json:"entry"`
}

// Series is a named, validated list of effective-dated entries. Build one
// with [New] or by unmarshalling JSON. The zero Series has no entries and
// covers no day.
//
// A Series is immutable and safe for concurrent use.
type Series[V any] struct {
	name       string
	continuous bool
	entries    []Entry[V]
}

// Option configures the checks New applies. Only this package implements it.
type Option interface {
	apply(*options)
}

type options struct {
	continuous bool
}

type optionFunc func(*options)

func (f optionFunc) apply(o *options) { f(o) }

// Continuous requires the series to have no gaps: every explicit Until except
// the last entry's must be the day before the next entry's From, so that every
// day from the first From to the end of the series (the last entry's Until,
// or for ever) is covered. A violation is an error matching [ErrGap].
func Continuous() Option {
	return optionFunc(func(o *options) { o.continuous = true })
}

// New validates entries and returns them as a series called name. The name
// is used in error messages (for example "skill-improvement cap 中级"). The
// entries are copied: the caller may change the slice afterwards. Nil
// options are ignored.
//
// Every violation of the rules in the package documentation is reported as
// a [*SeriesError] naming the series, the entry index and the dates.
func New[V any](name string, entries []Entry[V], opts ...Option) (Series[V], error) {
	var o options
	for _, opt := range opts {
		if opt != nil {
			opt.apply(&o)
		}
	}
	if err := validate(name, entries, o.continuous); err != nil {
		return Series[V]{}, err
	}
	return Series[V]{name: name, continuous: o.continuous, entries: slices.Clone(entries)}, nil
}

// validate applies the rules of New and returns the first violation.
func validate[V any](name string, entries []Entry[V], continuous bool) *SeriesError {
	fail := func(index int, field string, kind error, reason string) *SeriesError {
		return &SeriesError{Series: name, Index: index, Field: field, Reason: reason, Err: kind}
	}
	if name == "" {
		return fail(-1, "name", ErrMissing, "")
	}
	if strings.TrimSpace(name) == "" {
		return fail(-1, "name", ErrMissing, fmt.Sprintf("name %q is blank", name))
	}
	if len(entries) == 0 {
		return fail(-1, "entries", ErrMissing, "a series needs at least one entry")
	}
	for i := range entries {
		e := &entries[i]
		if e.From.IsZero() {
			return fail(i, "from", ErrMissing, "")
		}
		if !e.Until.IsZero() && e.Until.Before(e.From) {
			return fail(i, "until", ErrReversed,
				fmt.Sprintf("%s is before %s.from %s", e.Until, entryPath(i), e.From))
		}
		if i == 0 {
			continue
		}
		prev := &entries[i-1]
		switch c := e.From.Compare(prev.From); {
		case c < 0:
			return fail(i, "from", ErrUnsorted,
				fmt.Sprintf("%s is before %s.from %s", e.From, entryPath(i-1), prev.From))
		case c == 0:
			return fail(i, "from", ErrDuplicate,
				fmt.Sprintf("%s is also %s.from", e.From, entryPath(i-1)))
		}
		if prev.Until.IsZero() {
			continue
		}
		if !prev.Until.Before(e.From) {
			return fail(i-1, "until", ErrOverlap,
				fmt.Sprintf("%s is on or after %s.from %s", prev.Until, entryPath(i), e.From))
		}
		if continuous && prev.Until.Next() != e.From {
			gap := prev.Until.Next().String()
			if last := e.From.Prev(); last != prev.Until.Next() {
				gap += " to " + last.String()
			}
			return fail(i-1, "until", ErrGap,
				fmt.Sprintf("%s ends before %s.from %s, leaving %s uncovered",
					prev.Until, entryPath(i), e.From, gap))
		}
	}
	return nil
}

// Name returns the series name ("" for the zero Series).
func (s Series[V]) Name() string { return s.name }

// Len returns the number of entries (0 for the zero Series).
func (s Series[V]) Len() int { return len(s.entries) }

// IsZero reports whether s is the zero Series, which has no entries.
func (s Series[V]) IsZero() bool { return len(s.entries) == 0 }

// IsContinuous reports whether s was built with the [Continuous] option.
func (s Series[V]) IsContinuous() bool { return s.continuous }

// Entries returns a copy of the entries, sorted by From.
func (s Series[V]) Entries() []Entry[V] { return slices.Clone(s.entries) }

// All returns an iterator over the entries and their indexes, in order.
func (s Series[V]) All() iter.Seq2[int, Entry[V]] {
	return func(yield func(int, Entry[V]) bool) {
		for i, e := range s.entries {
			if !yield(i, e) {
				return
			}
		}
	}
}

// index returns the index of the last entry whose From is on or before d,
// or -1 if there is none.
func (s Series[V]) index(d civil.Date) int {
	if len(s.entries) <= 8 {
		// Most series have a few entries, and dates asked for are mostly
		// recent: a scan from the end beats a binary search.
		i := len(s.entries) - 1
		for i >= 0 && s.entries[i].From.After(d) {
			i--
		}
		return i
	}
	return sort.Search(len(s.entries), func(i int) bool { return s.entries[i].From.After(d) }) - 1
}

// reaches reports whether entry i, in force from its From, is still in force
// on d, a day on or after its From that is before the From of any later entry
// that counts: true unless an explicit Until ends it before d.
func (s Series[V]) reaches(i int, d civil.Date) bool {
	u := s.entries[i].Until
	return u.IsZero() || !u.Before(d)
}

// At returns the entry in force on d. If no entry is, it returns a
// [*NotCoveredError] (matching [ErrNotCovered]); on the zero date it returns
// an error matching [civil.ErrInvalidDate]. At is a binary search and does not
// allocate unless it fails.
func (s Series[V]) At(d civil.Date) (Entry[V], error) {
	if d.IsZero() {
		return Entry[V]{}, s.zeroDate("At", "day")
	}
	i := s.index(d)
	if i >= 0 && s.reaches(i, d) {
		return s.entries[i], nil
	}
	return Entry[V]{}, s.notCovered(d, civil.Date{}, i)
}

// Value returns the value in force on d: At(d).Value, with At's errors.
func (s Series[V]) Value(d civil.Date) (V, error) {
	e, err := s.At(d)
	return e.Value, err
}

// AsKnownOn returns the entry in force on d as the series stood on the day
// known: only entries published on or before known count (an entry without
// a Published date counts from its From), and an open-ended entry runs until
// the From of the next entry that counts. An explicit Until ends an entry
// whether or not the entries after it were known.
//
// If no entry that counts is in force on d, AsKnownOn returns a
// [*NotCoveredError] with KnownOn set; if d or known is the zero date, an
// error matching [civil.ErrInvalidDate]. When known is on or after every
// publication date, AsKnownOn(d, known) is At(d).
func (s Series[V]) AsKnownOn(d, known civil.Date) (Entry[V], error) {
	if d.IsZero() {
		return Entry[V]{}, s.zeroDate("AsKnownOn", "day")
	}
	if known.IsZero() {
		return Entry[V]{}, s.zeroDate("AsKnownOn", "knowledge date")
	}
	// The entry that counts is the last known one starting on or before d.
	// Every later known entry starts after d, so only its own Until can end
	// it before d.
	i := s.index(d)
	for i >= 0 && !s.entries[i].knownBy(known) {
		i--
	}
	if i >= 0 && s.reaches(i, d) {
		return s.entries[i], nil
	}
	return Entry[V]{}, s.notCovered(d, known, i)
}

// AsKnownOnSpan is AsKnownOn, and also returns the last day of the span
// of days around d on which AsKnownOn(·, known) returns the same entry: the
// span runs from the entry's From to last, inclusive (the zero date: without
// end). A caller that asks for many days can keep the entry and ask again
// only for a day outside its span.
func (s Series[V]) AsKnownOnSpan(d, known civil.Date) (e Entry[V], last civil.Date, err error) {
	if e, err = s.AsKnownOn(d, known); err != nil {
		return e, last, err
	}
	// The entry counts from its From until its own Until, or until the day
	// before the next entry known on known starts, whichever is first.
	i := s.index(d)
	for !s.entries[i].knownBy(known) {
		i--
	}
	last = s.entries[i].Until
	for j := i + 1; j < len(s.entries); j++ {
		if s.entries[j].knownBy(known) {
			if next := s.entries[j].From.Prev(); last.IsZero() || next.Before(last) {
				last = next
			}
			break
		}
	}
	return e, last, nil
}

// notCovered builds the error for a day d not covered as known on known (zero:
// everything is known), where i is the index of the last counting entry
// starting on or before d, or -1.
func (s Series[V]) notCovered(d, known civil.Date, i int) *NotCoveredError {
	err := &NotCoveredError{Series: s.name, Date: d, KnownOn: known}
	if i >= 0 {
		err.LastBefore = s.entries[i].Until
	}
	for j := i + 1; j < len(s.entries); j++ {
		if known.IsZero() || s.entries[j].knownBy(known) {
			err.FirstAfter = s.entries[j].From
			break
		}
	}
	return err
}

func (s Series[V]) zeroDate(method, what string) error {
	return fmt.Errorf("dated: series %q: %s: the %s is the zero date: %w", s.name, method, what, civil.ErrInvalidDate)
}

// lastDay returns the last day entry i is in force, or the zero date if it
// is in force without end.
func (s Series[V]) lastDay(i int) civil.Date {
	if u := s.entries[i].Until; !u.IsZero() {
		return u
	}
	if i+1 < len(s.entries) {
		return s.entries[i+1].From.Prev()
	}
	return civil.Date{}
}

// Segments cuts p at the days on which the entry in force changes and
// returns one segment per entry, in order; the segments' periods are
// consecutive and together are exactly p. Two entries with equal values give
// two segments (their citations differ).
//
// If some day of p is not covered, Segments returns a [*NotCoveredError] for
// the first such day. The zero Period gives an error matching
// [civil.ErrInvalidPeriod].
func (s Series[V]) Segments(p civil.Period) ([]Segment[V], error) {
	if p.IsZero() {
		return nil, fmt.Errorf("dated: series %q: Segments: the period is the zero Period: %w", s.name, civil.ErrInvalidPeriod)
	}
	start, end := p.Start(), p.End()
	var segs []Segment[V]
	for day := start; ; {
		i := s.index(day)
		if i < 0 || !s.reaches(i, day) {
			return nil, s.notCovered(day, civil.Date{}, i)
		}
		last := s.lastDay(i)
		if last.IsZero() || last.After(end) {
			last = end
		}
		period, err := civil.NewPeriod(day, last)
		if err != nil { // unreachable: day <= last
			return nil, fmt.Errorf("dated: series %q: Segments: %w", s.name, err)
		}
		segs = append(segs, Segment[V]{Period: period, Entry: s.entries[i]})
		if last == end {
			return segs, nil
		}
		day = last.Next()
	}
}

// ChangeDates returns, in increasing order and without repetition, the days
// of p after its first day on which what the series says changes: an entry's
// From, and the day after an explicit Until (where a gap or the end of the
// series begins). These are the dates at which p must be split so that one
// entry, or none, is in force on each part; pass them to
// [civil.Period.SplitAt], together with those of other series, to find the
// parts over which several parameters are all constant. It returns nil when
// nothing changes within p.
func (s Series[V]) ChangeDates(p civil.Period) []civil.Date {
	start, end := p.Start(), p.End()
	var out []civil.Date
	add := func(c civil.Date) {
		if c.After(start) && !c.After(end) && (len(out) == 0 || out[len(out)-1] != c) {
			out = append(out, c)
		}
	}
	for i := range s.entries {
		add(s.entries[i].From)
		if u := s.entries[i].Until; !u.IsZero() {
			add(u.Next()) // the zero date after 9999-12-31, which add skips
		}
	}
	return out
}

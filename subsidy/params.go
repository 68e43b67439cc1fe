package subsidy

import "github.com/dualtrack/dualtrack/internal/dated"

// Citation names the document a parameter comes from: its title, its document
// number (文号, e.g. 人社部发〔2017〕40号) and a URL.
type Citation = dated.Citation

// Entry is one value of an effective-dated parameter: in force from From
// (inclusive) until Until (inclusive; zero means until the next entry, or
// without end), with the citation of its source and optionally the date it
// was published (zero means on From).
type Entry[V any] = dated.Entry[V]

// Series is an effective-dated parameter: a named, validated, immutable list
// of entries sorted by date. At(d) returns the entry in force on d and
// AsKnownOn(d, k) the one that was believed in force on d as of date k, before
// any later-published (retroactive) change. A date the series does not cover
// is an error, never a default. A Series is safe for concurrent use.
type Series[V any] = dated.Series[V]

// SeriesOption adjusts the validation NewSeries performs.
type SeriesOption = dated.Option

// NewSeries validates entries and returns them as a series named name. Entries
// must be sorted by From with no duplicates and no overlaps; the error names
// the series, the entry and the dates at fault.
func NewSeries[V any](name string, entries []Entry[V], opts ...SeriesOption) (Series[V], error) {
	return dated.New(name, entries, opts...)
}

// Continuous makes NewSeries reject gaps: every day from the first entry's
// start to the last entry's end must be covered.
func Continuous() SeriesOption { return dated.Continuous() }

// NotCoveredError reports a date on which a series has no value. It matches
// ErrNotCovered.
type NotCoveredError = dated.NotCoveredError

// ErrNotCovered is matched (with errors.Is) by every lookup of a date that a
// series does not cover.
var ErrNotCovered = dated.ErrNotCovered

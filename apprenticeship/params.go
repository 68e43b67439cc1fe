package apprenticeship

import "github.com/dualtrack/dualtrack/internal/dated"

// Citation names the document a parameter comes from: its title, its
// document number and a URL. It is the same type as subsidy.Citation.
type Citation = dated.Citation

// SeriesEntry is one value of an effective-dated parameter: in force from
// From (inclusive) until Until (inclusive; zero means until the next entry, or
// without end), with its citation and optionally its publication date. It is
// the same type as subsidy.Entry (here Entry is a training log entry).
type SeriesEntry[V any] = dated.Entry[V]

// Series is an effective-dated parameter, such as the German minimum
// allowance by start year or a local minimum wage: a named, validated,
// immutable list of entries. A date it does not cover is an error matching
// ErrNotCovered, never a default. It is the same type as subsidy.Series and is
// safe for concurrent use.
type Series[V any] = dated.Series[V]

// NewSeries validates entries and returns them as a series named name.
// Entries must be sorted by From with no duplicates and no overlaps; the
// error names the series, the entry and the dates at fault.
func NewSeries[V any](name string, entries []SeriesEntry[V]) (Series[V], error) {
	return dated.New(name, entries)
}

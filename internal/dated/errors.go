package dated

import (
	"errors"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/civil"
	"github.com/dualtrack/dualtrack/internal/errtext"
)

// ErrInvalid is matched (with errors.Is) by every [*SeriesError]: New or
// UnmarshalJSON rejected the series.
var ErrInvalid = errors.New("invalid series")

// The kinds of invalid series. A [*SeriesError] matches ErrInvalid and exactly
// one of these, or, for a decoding failure in UnmarshalJSON, the underlying
// error instead.
var (
	// ErrMissing: a required field is missing: the name (or it is blank),
	// the entries, an entry's from, or (in JSON) an entry's value.
	ErrMissing = errors.New("required field missing")
	// ErrReversed: an entry's until is before its from.
	ErrReversed = errors.New("until before from")
	// ErrUnsorted: an entry's from is before the previous entry's from.
	ErrUnsorted = errors.New("entries not sorted by from")
	// ErrDuplicate: two consecutive entries have the same from.
	ErrDuplicate = errors.New("duplicate from")
	// ErrOverlap: an entry's explicit until is on or after the next entry's from.
	ErrOverlap = errors.New("entries overlap")
	// ErrGap: with the Continuous option, an entry's explicit until is
	// before the day before the next entry's from.
	ErrGap = errors.New("gap between entries")
)

// ErrNotCovered is matched (with errors.Is) by every [*NotCoveredError].
var ErrNotCovered = errors.New("date not covered")

// SeriesError reports why a series was rejected by [New] or
// [Series.UnmarshalJSON]. It matches [ErrInvalid] and its Err with
// errors.Is, and errors.As reaches through Err (to a *civil.DateError, for
// instance).
type SeriesError struct {
	Series string // the series name as given ("" if it is missing or the document did not decode)
	Index  int    // index of the offending entry, or -1 when the error concerns the series as a whole
	Field  string // JSON name of the offending field ("name", "entries", "from", "until", "value", ...), or "" for a whole entry or document
	Reason string // detail naming the bad values, e.g. "2019-06-30 is on or after entries[3].from 2019-03-01"; may be empty
	Err    error  // the kind (ErrMissing, ErrOverlap, ...) or the underlying decoding error
}

// Path returns the JSON path of the offending part of the series:
// "name", "entries", "entries[2]", "entries[2].until", or "" for the whole
// document.
func (e *SeriesError) Path() string {
	switch {
	case e.Index < 0:
		return e.Field
	case e.Field == "":
		return entryPath(e.Index)
	default:
		return entryPath(e.Index) + "." + e.Field
	}
}

// Error returns a message of the form
//
//	dated: series "NAME": entries[2].until: entries overlap: 2019-06-30 is on or after entries[3].from 2019-03-01
func (e *SeriesError) Error() string {
	var b strings.Builder
	b.WriteString("dated: series ")
	b.WriteString(quoteName(e.Series))
	if p := e.Path(); p != "" {
		b.WriteString(": ")
		b.WriteString(p)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(clip(e.Err.Error()))
	}
	if e.Reason != "" {
		b.WriteString(": ")
		b.WriteString(e.Reason)
	}
	return b.String()
}

// Unwrap returns ErrInvalid and Err, so that errors.Is matches both.
func (e *SeriesError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrInvalid}
	}
	return []error{ErrInvalid, e.Err}
}

func entryPath(i int) string { return "entries[" + strconv.Itoa(i) + "]" }

// NotCoveredError reports a day on which a series has no value: before its
// first entry, after its explicit end, inside a gap, or (for AsKnownOn)
// before anything applicable was known. It matches [ErrNotCovered].
type NotCoveredError struct {
	Series  string     // the series name ("" for the zero Series)
	Date    civil.Date // the day asked about
	KnownOn civil.Date // the knowledge date for AsKnownOn; zero for At, Value and Segments
	// LastBefore is the last covered day before Date and FirstAfter the
	// first covered day after it, as the series stood on KnownOn; each is
	// zero when there is none.
	LastBefore civil.Date
	FirstAfter civil.Date
}

// Error returns a message such as
//
//	dated: series "skill-improvement cap 中级" has no value on 2016-05-01 (coverage starts 2017-01-01)
func (e *NotCoveredError) Error() string {
	var b strings.Builder
	if e.Series == "" {
		b.WriteString("dated: zero Series")
	} else {
		b.WriteString("dated: series ")
		b.WriteString(quoteName(e.Series))
	}
	b.WriteString(" has no value on ")
	b.WriteString(e.Date.String())
	if !e.KnownOn.IsZero() {
		b.WriteString(" as known on ")
		b.WriteString(e.KnownOn.String())
	}
	switch {
	case e.LastBefore.IsZero() && e.FirstAfter.IsZero() && e.KnownOn.IsZero():
		b.WriteString(" (no entries)")
	case e.LastBefore.IsZero() && e.FirstAfter.IsZero():
		b.WriteString(" (no entries known then)")
	case e.LastBefore.IsZero():
		b.WriteString(" (coverage starts ")
		b.WriteString(e.FirstAfter.String())
		b.WriteString(")")
	case e.FirstAfter.IsZero():
		b.WriteString(" (coverage ended ")
		b.WriteString(e.LastBefore.String())
		b.WriteString(")")
	default:
		b.WriteString(" (gap: covered until ")
		b.WriteString(e.LastBefore.String())
		b.WriteString(", again from ")
		b.WriteString(e.FirstAfter.String())
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap returns ErrNotCovered.
func (e *NotCoveredError) Unwrap() error { return ErrNotCovered }

// quoteName quotes a series name for a message, clipped: a name decoded
// from JSON may be hostile.
func quoteName(s string) string { return strconv.Quote(errtext.Clip(s, 64)) }

// clip shortens the message of an underlying decoding error, which may quote
// hostile input at length.
func clip(s string) string { return errtext.Clip(s, 200) }

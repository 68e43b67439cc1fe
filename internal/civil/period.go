package civil

import (
	"errors"
	"fmt"
	"iter"
	"slices"
	"time"
)

// Period is an inclusive range of days [Start, End], the way legal texts write
// periods ("from 2024-09-01 to 2027-08-31" includes both days). A valid Period
// has End on or after Start, so it holds at least one day.
//
// The zero Period is not valid ([Period.IsZero] reports it); it contains no
// day and prints as the empty string. Periods are comparable with ==.
type Period struct {
	start, end Date
}

// ErrInvalidPeriod is matched (with errors.Is) by every error this package
// returns for a period that cannot be built or parsed.
var ErrInvalidPeriod = errors.New("invalid period")

// PeriodError reports a period that could not be built or parsed. Start and
// End are the dates given to NewPeriod (or parsed by ParsePeriod, as far as
// they parsed); Input is the text given to ParsePeriod, if any; Err is the
// *DateError for a part that is not a date, if that is what went wrong.
//
// errors.Is(err, ErrInvalidPeriod) holds for every PeriodError, and
// errors.Is(err, ErrInvalidDate) / errors.As(err, &dateErr) also hold when
// Err is set.
type PeriodError struct {
	Input      string
	Start, End Date
	Reason     string // what is wrong, e.g. "end is before start"
	Err        error

	parsing bool // set by ParsePeriod, so that ParsePeriod("") reads as parsing
}

// Error names the bad input: the quoted text for ParsePeriod (shortened if
// very long), the two dates for NewPeriod.
func (e *PeriodError) Error() string {
	if e.parsing || e.Input != "" {
		return fmt.Sprintf("civil: parsing period %q: %s", clip(e.Input), e.Reason)
	}
	return fmt.Sprintf("civil: period from %s to %s: %s", e.Start.describe(), e.End.describe(), e.Reason)
}

// Unwrap returns ErrInvalidPeriod and, if set, Err.
func (e *PeriodError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrInvalidPeriod, e.Err}
	}
	return []error{ErrInvalidPeriod}
}

// NewPeriod returns the inclusive period [start, end]. Both dates must be
// valid (not the zero Date) and end must not be before start; otherwise it
// returns a *PeriodError naming both dates. A one-day period has start == end.
func NewPeriod(start, end Date) (Period, error) {
	if reason := checkPeriod(start, end); reason != "" {
		return Period{}, &PeriodError{Start: start, End: end, Reason: reason}
	}
	return Period{start: start, end: end}, nil
}

func checkPeriod(start, end Date) string {
	switch {
	case start.IsZero() && end.IsZero():
		return "start and end are the zero date"
	case start.IsZero():
		return "start is the zero date"
	case end.IsZero():
		return "end is the zero date"
	case end.Before(start):
		return "end is before start"
	}
	return ""
}

// MustNewPeriod is like NewPeriod but panics on an invalid period. It is
// intended for tests and for hard-coded periods.
func MustNewPeriod(start, end Date) Period {
	p, err := NewPeriod(start, end)
	if err != nil {
		panic(err)
	}
	return p
}

// ParsePeriod parses the ISO 8601 interval form START/END with both dates in
// the YYYY-MM-DD form of [Parse], exactly 21 characters such as
// "2024-09-01/2027-08-31", and reads it as the inclusive period [START, END].
// The other ISO 8601 interval forms (a duration, an abbreviated end such as
// "2024-09-01/08-31", an open end "..") are not accepted. Errors are
// *PeriodError naming the input.
func ParsePeriod(s string) (Period, error) {
	if len(s) != 21 || s[10] != '/' {
		return Period{}, &PeriodError{Input: s, Reason: "want YYYY-MM-DD/YYYY-MM-DD", parsing: true}
	}
	start, err := Parse(s[:10])
	if err != nil {
		return Period{}, &PeriodError{Input: s, Reason: "start: " + dateReason(err), Err: err, parsing: true}
	}
	end, err := Parse(s[11:])
	if err != nil {
		return Period{}, &PeriodError{Input: s, Start: start, Reason: "end: " + dateReason(err), Err: err, parsing: true}
	}
	if end.Before(start) {
		return Period{}, &PeriodError{Input: s, Start: start, End: end, Reason: "end is before start", parsing: true}
	}
	return Period{start: start, end: end}, nil
}

// dateReason is the Reason of a *DateError from Parse.
func dateReason(err error) string {
	var de *DateError
	if errors.As(err, &de) {
		return de.Reason
	}
	return err.Error()
}

// Start returns the first day of p (the zero Date for the zero Period).
func (p Period) Start() Date { return p.start }

// End returns the last day of p, which p includes (the zero Date for the zero
// Period).
func (p Period) End() Date { return p.end }

// IsZero reports whether p is the zero Period, which is not a valid period.
func (p Period) IsZero() bool { return p == Period{} }

// Days returns the number of days in p, counting both ends: 1 when Start and
// End are the same day. It is 0 for the zero Period.
func (p Period) Days() int {
	if p.IsZero() {
		return 0
	}
	return DaysBetween(p.start, p.end) + 1
}

// Contains reports whether d is one of p's days (Start and End included). The
// zero Period contains nothing and the zero Date is in no period.
func (p Period) Contains(d Date) bool {
	return !p.IsZero() && !d.IsZero() && !d.Before(p.start) && !d.After(p.end)
}

// Overlaps reports whether p and q have at least one day in common. Periods
// that merely touch (one ends the day before the other starts) do not overlap.
func (p Period) Overlaps(q Period) bool {
	return !p.IsZero() && !q.IsZero() && !q.end.Before(p.start) && !p.end.Before(q.start)
}

// Intersect returns the days p and q have in common, and false (with the zero
// Period) if they have none.
func (p Period) Intersect(q Period) (Period, bool) {
	if !p.Overlaps(q) {
		return Period{}, false
	}
	r := p
	if q.start.After(r.start) {
		r.start = q.start
	}
	if q.end.Before(r.end) {
		r.end = q.end
	}
	return r, true
}

// String returns p in the ISO 8601 interval form "2024-09-01/2027-08-31", to
// be read as inclusive of both days, or "" for the zero Period.
func (p Period) String() string {
	if p.IsZero() {
		return ""
	}
	return string(p.appendText(make([]byte, 0, 21)))
}

// appendText appends the text form of p (see [Period.String]) to b.
func (p Period) appendText(b []byte) []byte {
	if p.IsZero() {
		return b
	}
	b = p.start.appendText(b)
	b = append(b, '/')
	return p.end.appendText(b)
}

// AppendText implements encoding.TextAppender: it appends the form of
// [Period.String] to b (nothing for the zero Period). It never fails.
func (p Period) AppendText(b []byte) ([]byte, error) {
	return p.appendText(b), nil
}

// MarshalText implements encoding.TextMarshaler with the form of
// [Period.String]; the zero Period is empty. In JSON a Period is a string.
func (p Period) MarshalText() ([]byte, error) {
	return p.appendText(nil), nil
}

// UnmarshalText implements encoding.TextUnmarshaler. Empty text yields the
// zero Period; anything else must be accepted by [ParsePeriod].
func (p *Period) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*p = Period{}
		return nil
	}
	q, err := ParsePeriod(string(b))
	if err != nil {
		return err
	}
	*p = q
	return nil
}

// SplitAt cuts p at the dates on which something changes, for prorating a
// period over a parameter that takes a new value part way through. A change
// date c means "the new value applies from c on", so it ends a piece on the
// day before c and starts the next piece on c.
//
// Changes outside (Start, End] are ignored (a change on Start itself cuts
// nothing), as are duplicates and zero Dates; their order does not matter and
// the caller's slice is not modified. The result is never empty for a valid
// p: the pieces are in order, each starts the day after the previous one
// ends, and together they cover exactly p. The zero Period gives nil.
func (p Period) SplitAt(changes ...Date) []Period {
	if p.IsZero() {
		return nil
	}
	n := 0
	for _, c := range changes {
		if p.cuts(c) {
			n++
		}
	}
	// Collect the cut dates in the start fields of the result itself, so
	// that the result is the only allocation.
	out := make([]Period, 1, n+1)
	out[0].start = p.start
	for _, c := range changes {
		if p.cuts(c) {
			out = append(out, Period{start: c})
		}
	}
	slices.SortFunc(out[1:], func(x, y Period) int { return x.start.Compare(y.start) })
	out = slices.CompactFunc(out, func(x, y Period) bool { return x.start == y.start })
	for i := range out {
		if i+1 < len(out) {
			out[i].end = out[i+1].start.Prev() // > out[i].start: cuts are after p.start and distinct
		} else {
			out[i].end = p.end
		}
	}
	return out
}

// cuts reports whether a change on c splits p: Start < c ≤ End.
func (p Period) cuts(c Date) bool { return c.After(p.start) && !c.After(p.end) }

// Months returns the pieces of p cut at calendar-month boundaries, in order:
// the first runs from Start to the end of Start's month (or to End), the
// middle ones are whole months, the last ends on End. The zero Period yields
// nothing.
//
// It is an iterator rather than a slice because callers consume the pieces
// one at a time (summing a monthly value), and a long period has many of
// them: ranging over it allocates nothing once the compiler inlines it (the
// default), and stopping early stops the work. Use slices.Collect for a slice.
func (p Period) Months() iter.Seq[Period] {
	return func(yield func(Period) bool) {
		if p.IsZero() {
			return
		}
		s := p.start
		for {
			last := s.lastOfMonth()
			if !last.Before(p.end) {
				yield(Period{start: s, end: p.end})
				return
			}
			if !yield(Period{start: s, end: last}) {
				return
			}
			s = last.Next() // last < p.end ≤ 9999-12-31, so Next exists
		}
	}
}

// lastOfMonth returns the last day of d's month.
func (d Date) lastOfMonth() Date {
	d.day = uint8(DaysIn(int(d.year), time.Month(d.month)))
	return d
}

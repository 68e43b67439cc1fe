package civil

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// EndOfMonth is the policy for adding months to a day that does not exist in
// the target month (31 January plus one month) or that is the last day of its
// month. Its zero value is not a policy: a rule must say which one it means,
// and AddMonths rejects anything but the named constants.
type EndOfMonth uint8

// The end-of-month policies. Each example adds one month.
const (
	// Clamp moves a day that does not exist in the target month to that
	// month's last day: 2024-01-31 → 2024-02-29, 2023-01-31 → 2023-02-28.
	// Other days are kept: 2023-02-28 → 2023-03-28.
	Clamp EndOfMonth = iota + 1

	// Overflow lets a day that does not exist in the target month run on into
	// the next month, as time.Time.AddDate does: 2023-01-31 → 2023-03-03
	// (31 February 2023 is 3 March).
	Overflow

	// KeepEnd maps the last day of a month to the last day of the target
	// month (2023-02-28 → 2023-03-31, 2024-04-30 → 2024-05-31) and otherwise
	// behaves like Clamp.
	KeepEnd
)

// String returns the constant's name, or EndOfMonth(n) for other values.
func (e EndOfMonth) String() string {
	switch e {
	case Clamp:
		return "Clamp"
	case Overflow:
		return "Overflow"
	case KeepEnd:
		return "KeepEnd"
	}
	return "EndOfMonth(" + strconv.Itoa(int(e)) + ")"
}

// ErrUnknownEndOfMonth is wrapped by the error AddMonths and AddYears return
// for an EndOfMonth value that is not one of the named constants.
var ErrUnknownEndOfMonth = errors.New("unknown end-of-month policy")

// monthIndex numbers the months of the calendar: year*12 + month-1, so that
// consecutive months have consecutive indexes.
func (d Date) monthIndex() int { return int(d.year)*12 + int(d.month) - 1 }

// maxMonths bounds |n| in AddMonths before any arithmetic: no shift larger
// than the whole supported calendar can land inside it.
const maxMonths = (MaxYear - MinYear + 1) * 12

// AddMonths returns the date n calendar months after d (before, for negative
// n): the same day of the month n months on, with eom deciding what happens
// when that day does not exist there or d is the last day of its month (see
// [EndOfMonth]).
//
// It returns an error wrapping ErrOutOfRange if d is the zero Date or the
// result would leave the years MinYear..MaxYear, and one wrapping
// ErrUnknownEndOfMonth if eom is not Clamp, Overflow or KeepEnd.
func (d Date) AddMonths(n int, eom EndOfMonth) (Date, error) {
	r, err := d.addMonths(n, eom)
	if err != nil {
		return Date{}, fmt.Errorf("civil: %s plus %d months (%v): %w", d.describe(), n, eom, err)
	}
	return r, nil
}

// AddYears returns d.AddMonths(12*n, eom), so that 2024-02-29 plus one year is
// 2025-02-28 under Clamp and KeepEnd and 2025-03-01 under Overflow. Errors are
// those of AddMonths.
func (d Date) AddYears(n int, eom EndOfMonth) (Date, error) {
	months := maxMonths + 1 // out of range unless n is small enough to multiply
	if n >= -maxMonths/12 && n <= maxMonths/12 {
		months = 12 * n
	}
	r, err := d.addMonths(months, eom)
	if err != nil {
		return Date{}, fmt.Errorf("civil: %s plus %d years (%v): %w", d.describe(), n, eom, err)
	}
	return r, nil
}

// addMonths does the work of AddMonths and returns a bare sentinel error; the
// callers add the context.
func (d Date) addMonths(n int, eom EndOfMonth) (Date, error) {
	if eom < Clamp || eom > KeepEnd {
		return Date{}, ErrUnknownEndOfMonth
	}
	if d.IsZero() || n < -maxMonths || n > maxMonths {
		return Date{}, ErrOutOfRange
	}
	idx := d.monthIndex() + n // cannot overflow: both terms are bounded
	if idx < MinYear*12 || idx > MaxYear*12+11 {
		return Date{}, ErrOutOfRange
	}
	y, m := idx/12, idx%12+1 // idx > 0, so / and % are floor division
	last := DaysIn(y, time.Month(m))
	day := int(d.day)
	switch {
	case day <= last && !(eom == KeepEnd && day == DaysIn(int(d.year), d.Month())):
		// The day exists in the target month and no end-of-month rule applies.
	case eom == Overflow:
		// day > last: count on from the first of the target month. The
		// overshoot is at most 3 days, and December always has 31, so the
		// result stays within MaxYear.
		r, ok := fromDays(daysFromCivil(y, m, 1) + day - 1)
		if !ok {
			return Date{}, ErrOutOfRange
		}
		return r, nil
	default: // Clamp, or KeepEnd on a month end
		day = last
	}
	return Date{year: int16(y), month: uint8(m), day: uint8(day)}, nil
}

// MonthsBetween returns the number of whole months from a to b. For a on or
// before b it is the largest n ≥ 0 such that a.AddMonths(n, Clamp) is on or
// before b; for b before a it is -MonthsBetween(b, a). So 2024-01-15 to
// 2024-02-14 is 0 months and to 2024-02-15 is 1; 2024-01-31 to 2024-02-29 is 1
// (the clamped "one month later") but to 2024-02-28 is 0.
//
// If a or b is the zero Date the result is 0. The computation is constant
// time: the difference of the month numbers, less one if b's day of the month
// comes before a's (after clamping a's day to b's month).
func MonthsBetween(a, b Date) int {
	if a.IsZero() || b.IsZero() {
		return 0
	}
	if b.Before(a) {
		return -monthsBetween(b, a)
	}
	return monthsBetween(a, b)
}

// monthsBetween is MonthsBetween for valid a ≤ b. a.AddMonths(k, Clamp) is
// non-decreasing in k and lies in the month k months after a's, so the answer
// is the month difference k, unless the k-th date falls after b within b's
// month, in which case it is k-1.
func monthsBetween(a, b Date) int {
	k := b.monthIndex() - a.monthIndex()
	day := min(int(a.day), DaysIn(int(b.year), b.Month())) // a's day clamped into b's month
	if day > int(b.day) {
		k-- // k > 0 here: in the same month a ≤ b means a.day ≤ b.day
	}
	return k
}

// describe is d.String() with a readable stand-in for the zero Date, for error
// messages.
func (d Date) describe() string {
	if d.IsZero() {
		return "the zero date"
	}
	return d.String()
}

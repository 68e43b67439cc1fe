package subsidy

import (
	"time"

	"github.com/dualtrack/dualtrack/internal/civil"
)

// Date is a civil date: a day of the Gregorian calendar with no time of day
// and no time zone, as laws and contracts use them. It is a small comparable
// value; the zero Date means "no date" and is not valid.
//
// Date is the one date type of dualtrack: the same type appears in every
// package. Its methods include Year, Month, Day, Compare, Before, After,
// AddDays, AddMonths (with an explicit end-of-month policy) and String (ISO
// 8601, YYYY-MM-DD); in JSON a Date is a "YYYY-MM-DD" string.
type Date = civil.Date

// Period is an inclusive range of days [Start, End], the way legal periods are
// written ("from 2024-09-01 to 2027-08-31"). Its text form is the ISO 8601
// interval "2024-09-01/2027-08-31".
type Period = civil.Period

// DateError reports a date that does not exist or could not be parsed; it
// names the input.
type DateError = civil.DateError

// EndOfMonth is the policy Date.AddMonths and Date.AddYears follow when the
// day does not exist in the target month. The zero value is not a policy, so
// a rule must choose one.
type EndOfMonth = civil.EndOfMonth

// The end-of-month policies, shown for one month added:
//
//	from         Clamp        Overflow     KeepEnd
//	2024-01-31   2024-02-29   2024-03-02   2024-02-29
//	2023-02-28   2023-03-28   2023-03-28   2023-03-31
//	2023-01-15   2023-02-15   2023-02-15   2023-02-15
const (
	Clamp    = civil.Clamp    // a missing day becomes the month's last day
	Overflow = civil.Overflow // a missing day runs on into the next month, like time.Time.AddDate
	KeepEnd  = civil.KeepEnd  // a month's last day stays the last day; otherwise Clamp
)

// NewDate returns the date year-month-day, or a *DateError if no such day
// exists (2023-02-29, month 13, ...).
func NewDate(year int, month time.Month, day int) (Date, error) {
	return civil.New(year, month, day)
}

// ParseDate parses an ISO 8601 date in the form YYYY-MM-DD. A malformed text
// or a day that does not exist (2024-02-30) is a *DateError naming the input.
func ParseDate(s string) (Date, error) { return civil.Parse(s) }

// MustParseDate is like ParseDate but panics on bad input. It is intended for
// tests and hard-coded dates.
func MustParseDate(s string) Date { return civil.MustParse(s) }

// NewPeriod returns the inclusive period from start to end. Both dates must be
// valid and end must not be before start.
func NewPeriod(start, end Date) (Period, error) { return civil.NewPeriod(start, end) }

// ErrInvalidDate is matched (with errors.Is) by every error for a date that
// does not exist or cannot be parsed.
var ErrInvalidDate = civil.ErrInvalidDate

// ErrInvalidPeriod is matched (with errors.Is) by every error for a period
// that cannot be built or parsed, such as one that ends before it starts.
var ErrInvalidPeriod = civil.ErrInvalidPeriod

package civil

import (
	"errors"
	"fmt"
	"time"

	"github.com/dualtrack/dualtrack/internal/errtext"
)

// MinYear and MaxYear bound the years a Date may carry. Four-digit years keep
// the ISO 8601 text form fixed-width and the arithmetic far from overflow.
const (
	MinYear = 1
	MaxYear = 9999
)

// Date is a day of the proleptic Gregorian calendar, without time of day or
// zone. Dates are comparable with == and ordered by [Date.Compare].
//
// The zero Date is not a valid date; it is used for "no date" (an open end, an
// unknown publication date) and prints as the empty string.
type Date struct {
	year  int16
	month uint8
	day   uint8
}

// ErrInvalidDate is matched (with errors.Is) by every error this package
// returns for a date that does not exist or cannot be parsed.
var ErrInvalidDate = errors.New("invalid date")

// DateError reports a date that could not be built or parsed. Input holds the
// text that was parsed (empty when the date was built from numbers).
type DateError struct {
	Input  string // the text given to Parse, if any
	Year   int    // the year, month and day given to New, if any
	Month  int
	Day    int
	Reason string // what is wrong, e.g. "day 30 out of range for 2024-02"

	parsing bool // set by Parse, so that Parse("") and New(0, 0, 0) read differently
}

// Error names the bad input: the quoted text for Parse (shortened if very
// long), the numbers for New.
func (e *DateError) Error() string {
	if e.parsing || e.Input != "" {
		return fmt.Sprintf("civil: parsing date %q: %s", clip(e.Input), e.Reason)
	}
	return fmt.Sprintf("civil: date %04d-%02d-%02d: %s", e.Year, e.Month, e.Day, e.Reason)
}

// Unwrap makes errors.Is(err, ErrInvalidDate) true.
func (e *DateError) Unwrap() error { return ErrInvalidDate }

// clip shortens hostile input so that an error message stays readable.
func clip(s string) string { return errtext.Clip(s, 40) }

// New returns the date year-month-day, or a *DateError if that day does not
// exist (month 13, 2023-02-29, year 0, ...).
func New(year int, month time.Month, day int) (Date, error) {
	if reason := check(year, int(month), day); reason != "" {
		return Date{}, &DateError{Year: year, Month: int(month), Day: day, Reason: reason}
	}
	return Date{year: int16(year), month: uint8(month), day: uint8(day)}, nil
}

// MustNew is like New but panics on an invalid date. It is intended for tests
// and for package-level tables with hard-coded dates.
func MustNew(year int, month time.Month, day int) Date {
	d, err := New(year, month, day)
	if err != nil {
		panic(err)
	}
	return d
}

func check(year, month, day int) string {
	switch {
	case year < MinYear || year > MaxYear:
		return fmt.Sprintf("year %d out of range [%d, %d]", year, MinYear, MaxYear)
	case month < 1 || month > 12:
		return fmt.Sprintf("month %d out of range [1, 12]", month)
	case day < 1 || day > DaysIn(year, time.Month(month)):
		return fmt.Sprintf("day %d out of range for %04d-%02d", day, year, month)
	}
	return ""
}

// IsLeap reports whether year is a leap year of the Gregorian calendar.
func IsLeap(year int) bool {
	return year%4 == 0 && (year%100 != 0 || year%400 == 0)
}

// DaysIn returns the number of days in the given month of year (28 to 31),
// or 0 if month is not in 1..12.
func DaysIn(year int, month time.Month) int {
	switch month {
	case time.February:
		if IsLeap(year) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	case time.January, time.March, time.May, time.July, time.August, time.October, time.December:
		return 31
	}
	return 0
}

// Parse parses an ISO 8601 calendar date in the extended format YYYY-MM-DD,
// exactly ten characters. Anything else, including a day that does not exist
// (2024-02-30), is a *DateError naming the input.
func Parse(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, &DateError{Input: s, Reason: "want YYYY-MM-DD", parsing: true}
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, &DateError{Input: s, Reason: "want YYYY-MM-DD", parsing: true}
	}
	if reason := check(y, m, d); reason != "" {
		return Date{}, &DateError{Input: s, Reason: reason, parsing: true}
	}
	return Date{year: int16(y), month: uint8(m), day: uint8(d)}, nil
}

// MustParse is like Parse but panics on bad input. It is intended for tests
// and for hard-coded dates.
func MustParse(s string) Date {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// Year returns the date's year (0 for the zero Date).
func (d Date) Year() int { return int(d.year) }

// Month returns the date's month (0 for the zero Date).
func (d Date) Month() time.Month { return time.Month(d.month) }

// Day returns the date's day of the month (0 for the zero Date).
func (d Date) Day() int { return int(d.day) }

// IsZero reports whether d is the zero Date, which stands for "no date".
func (d Date) IsZero() bool { return d == Date{} }

// Compare returns -1 if d is before e, 0 if they are the same day, +1 if d is
// after e. The zero Date sorts before every valid date.
func (d Date) Compare(e Date) int {
	switch {
	case d.year != e.year:
		return cmp3(int(d.year), int(e.year))
	case d.month != e.month:
		return cmp3(int(d.month), int(e.month))
	default:
		return cmp3(int(d.day), int(e.day))
	}
}

func cmp3(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// String returns the date as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return string(d.appendText(make([]byte, 0, 10)))
}

// AppendText implements encoding.TextAppender: it appends the YYYY-MM-DD form
// of d to b (nothing for the zero Date). It never fails.
func (d Date) AppendText(b []byte) ([]byte, error) {
	return d.appendText(b), nil
}

func (d Date) appendText(b []byte) []byte {
	if d.IsZero() {
		return b
	}
	y, m, dd := int(d.year), int(d.month), int(d.day)
	return append(b,
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-',
		byte('0'+dd/10), byte('0'+dd%10))
}

// MarshalText implements encoding.TextMarshaler: YYYY-MM-DD, or empty for the
// zero Date. In JSON a Date is therefore a string.
func (d Date) MarshalText() ([]byte, error) {
	return d.appendText(nil), nil
}

// UnmarshalText implements encoding.TextUnmarshaler. Empty text yields the
// zero Date; anything else must be a valid YYYY-MM-DD date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	p, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// In returns d as a time.Time at midnight in loc (UTC if loc is nil, where
// time.Date would panic). It is meant for display and interchange; legal
// arithmetic stays in this package. The zero Date gives the zero time.Time.
func (d Date) In(loc *time.Location) time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(int(d.year), time.Month(d.month), int(d.day), 0, 0, 0, 0, loc)
}

// Of returns the calendar date of t in t's own location, or the zero Date if
// that date falls outside the years MinYear..MaxYear. Note that the zero
// time.Time is 0001-01-01 UTC, so Of(time.Time{}) is 0001-01-01, not the zero
// Date.
func Of(t time.Time) Date {
	y, m, dd := t.Date()
	if y < MinYear || y > MaxYear {
		return Date{}
	}
	return Date{year: int16(y), month: uint8(m), day: uint8(dd)}
}

// daysFromCivil converts a date to a count of days since 1970-01-01 (the
// well-known era-based algorithm of H. Hinnant's "chrono-Compatible Low-Level
// Date Algorithms", re-derived here).
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400 // y >= 0 for every valid Date (year 1, Jan/Feb gives 0)
	yoe := y - era*400
	mp := (m + 9) % 12 // March = 0
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int) (y, m, d int) {
	z += 719468
	era := z / 146097 // z >= 0 for every day in years 1..9999
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// days returns d as a day number (days since 1970-01-01).
func (d Date) days() int { return daysFromCivil(int(d.year), int(d.month), int(d.day)) }

// fromDays builds a Date from a day number, reporting false outside the years
// MinYear..MaxYear.
func fromDays(n int) (Date, bool) {
	if n < minDays || n > maxDays {
		return Date{}, false
	}
	y, m, d := civilFromDays(n)
	return Date{year: int16(y), month: uint8(m), day: uint8(d)}, true
}

// minDays and maxDays are the day numbers of 0001-01-01 and 9999-12-31
// (checked against daysFromCivil in the tests).
const (
	minDays = -719162
	maxDays = 2932896
)

// ErrOutOfRange is returned (wrapped) when date arithmetic would leave the
// years MinYear..MaxYear, starts from the zero Date (whose year, 0, is outside
// them), or is asked for a training year below 1.
var ErrOutOfRange = errors.New("out of range")

// AddDays returns the date n days after d (before, for negative n). It returns
// an error wrapping ErrOutOfRange if the result would leave the supported years
// or if d is the zero Date.
func (d Date) AddDays(n int) (Date, error) {
	if d.IsZero() {
		return Date{}, fmt.Errorf("civil: adding %d days to the zero date: %w", n, ErrOutOfRange)
	}
	if n > maxDays-minDays || n < minDays-maxDays {
		return Date{}, fmt.Errorf("civil: %s plus %d days: %w", d, n, ErrOutOfRange)
	}
	r, ok := fromDays(d.days() + n)
	if !ok {
		return Date{}, fmt.Errorf("civil: %s plus %d days: %w", d, n, ErrOutOfRange)
	}
	return r, nil
}

// Next returns the day after d. It is AddDays(1) for callers that know d is
// not the last supported day; on 9999-12-31 or the zero Date it returns the
// zero Date.
func (d Date) Next() Date {
	r, _ := d.AddDays(1)
	return r
}

// Prev returns the day before d, or the zero Date before 0001-01-01.
func (d Date) Prev() Date {
	r, _ := d.AddDays(-1)
	return r
}

// DaysBetween returns the number of days from a to b: positive when b is after
// a, zero on the same day; if r, err := a.AddDays(n) succeeds then
// DaysBetween(a, r) == n. If a or b is the zero Date the result is 0: "no
// date" has no distance to anything.
func DaysBetween(a, b Date) int {
	if a.IsZero() || b.IsZero() {
		return 0
	}
	return b.days() - a.days()
}

package apprenticeship

import "github.com/dualtrack/dualtrack/internal/civil"

// Date is a civil date (year, month, day; no time of day, no zone), the one
// date type of dualtrack: the same type as certificate.Date and subsidy.Date.
// The zero Date means "no date". In JSON it is a "YYYY-MM-DD" string.
type Date = civil.Date

// Period is an inclusive range of days [Start, End]; in text and JSON
// "2024-09-01/2027-08-31".
type Period = civil.Period

// ParseDate parses a date in the form YYYY-MM-DD; a day that does not exist
// (2024-02-30) is an error naming the input.
func ParseDate(s string) (Date, error) { return civil.Parse(s) }

// MustParseDate is like ParseDate but panics on bad input. It is intended for
// tests and hard-coded dates.
func MustParseDate(s string) Date { return civil.MustParse(s) }

// NewPeriod returns the inclusive period from start to end; end must not be
// before start.
func NewPeriod(start, end Date) (Period, error) { return civil.NewPeriod(start, end) }

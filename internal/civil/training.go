package civil

import (
	"errors"
	"fmt"
	"time"
)

// ErrBeforeStart is wrapped by the error TrainingYear returns for a date
// before the start of training.
var ErrBeforeStart = errors.New("date is before the start")

// TrainingYear returns the training year (1, 2, 3, ...) in which d falls, for
// training that began on start. Training years count from the start date, not
// from the calendar year (Berufsbildungsgesetz § 17(1): the allowance rises
// at least yearly as training progresses): year k runs from start.AddYears(k-1, Clamp) up to
// the day before start.AddYears(k, Clamp). Training begun on 2024-09-01 is in
// its first year until 2025-08-31 and in its second from 2025-09-01.
//
// A start on 29 February is clamped in the years without one: for a start on
// 2024-02-29, year 2 begins on 2025-02-28, year 3 on 2026-02-28, year 4 on
// 2027-02-28 and year 5 on 2028-02-29 again. So year 1 (2024-02-29 to
// 2025-02-27) has 365 days although it includes a 29 February, and year 4
// (2027-02-28 to 2028-02-28) has 366 days although it includes none.
//
// It returns an error wrapping ErrBeforeStart if d is before start, and one
// wrapping ErrOutOfRange if either date is the zero Date.
func TrainingYear(start, d Date) (int, error) {
	switch {
	case start.IsZero() || d.IsZero():
		return 0, fmt.Errorf("civil: training year of %s for training started %s: %w", d.describe(), start.describe(), ErrOutOfRange)
	case d.Before(start):
		return 0, fmt.Errorf("civil: training year of %s for training started %s: %w", d, start, ErrBeforeStart)
	}
	// start.AddYears(j, Clamp) = start.AddMonths(12j, Clamp) is on or before
	// d exactly when 12j ≤ MonthsBetween(start, d), because AddMonths under
	// Clamp is non-decreasing in the number of months.
	return MonthsBetween(start, d)/12 + 1, nil
}

// TrainingYearPeriod returns the k-th training year (k ≥ 1) of training begun
// on start, as the inclusive period that [TrainingYear] maps to k. It returns
// an error wrapping ErrOutOfRange if start is the zero Date, if k < 1, or if
// the year does not end by 9999-12-31 (the last supported day).
func TrainingYearPeriod(start Date, k int) (Period, error) {
	switch {
	case start.IsZero():
		return Period{}, fmt.Errorf("civil: training year %d for training started %s: %w", k, start.describe(), ErrOutOfRange)
	case k < 1:
		return Period{}, fmt.Errorf("civil: training year %d for training started %s: years count from 1: %w", k, start, ErrOutOfRange)
	}
	from, err := start.AddYears(k-1, Clamp)
	if err != nil {
		return Period{}, fmt.Errorf("civil: training year %d for training started %s: starts after %d-12-31: %w", k, start, MaxYear, ErrOutOfRange)
	}
	next, err := start.AddYears(k, Clamp)
	switch {
	case err == nil:
		// next is a year after from, so next.Prev() exists and is ≥ from.
		return Period{start: from, end: next.Prev()}, nil
	case from.Year() == MaxYear && from.Month() == time.January && from.Day() == 1:
		// next would be 10000-01-01: the year ends on the last supported day.
		return Period{start: from, end: Date{year: MaxYear, month: 12, day: 31}}, nil
	}
	return Period{}, fmt.Errorf("civil: training year %d for training started %s: ends after %d-12-31: %w", k, start, MaxYear, ErrOutOfRange)
}

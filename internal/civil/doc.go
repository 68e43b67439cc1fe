// Package civil provides civil (calendar) dates with no time of day and no
// time zone, inclusive periods of days, and the date arithmetic that legal and
// contractual rules need: days and whole months between dates, adding months
// under an explicit end-of-month policy, splitting a period where a parameter
// changes, the German "a day is 1/30 of a month" rule, and training years
// counted from a start date.
//
// Nothing in this package reads the clock: "today" is always an argument.
//
// # Dates
//
// A [Date] is a day of the proleptic Gregorian calendar (the Gregorian leap
// rule applied to all years: a year divisible by 4 is a leap year, except
// years divisible by 100 that are not divisible by 400, so 2000 and 2024 are
// leap years and 1900 and 2100 are not). It holds a year, month and day in
// four bytes, is comparable with ==, and is ordered by [Date.Compare].
//
// Years run from [MinYear] (1) to [MaxYear] (9999), so the text form is always
// the ten characters YYYY-MM-DD of ISO 8601's extended calendar date, which is
// the only form [Parse] accepts and the only form [Date.String] and JSON
// produce. Every constructor validates: a Date from [New] or [Parse] always
// names a day that exists (no 2023-02-29, no month 13).
//
// The zero Date is not a valid date. It stands for "no date" (an open end, an
// unknown day), prints and marshals as the empty string, unmarshals from it,
// and sorts before every valid date. Arithmetic on it fails with
// [ErrOutOfRange] (its year, 0, is outside the supported range); functions
// that return a plain value instead of an error give 0 ([DaysBetween],
// [MonthsBetween]) or the zero Date ([Date.Next], [Date.Prev]).
//
// # Months and the end of the month
//
// Adding months keeps the day of the month, which may not exist in the target
// month. [Date.AddMonths] and [Date.AddYears] take an [EndOfMonth] policy that
// says what happens then, and on the last day of a month:
//
//	start       +1 month   Clamp       Overflow    KeepEnd
//	2024-01-31             2024-02-29  2024-03-02  2024-02-29
//	2023-01-31             2023-02-28  2023-03-03  2023-02-28
//	2023-02-28             2023-03-28  2023-03-28  2023-03-31
//	2024-01-15             2024-02-15  2024-02-15  2024-02-15
//
// The zero EndOfMonth is not a policy; callers always name one.
//
// [MonthsBetween] counts whole months under Clamp: from a to b it is the
// largest n ≥ 0 with a.AddMonths(n, Clamp) on or before b, and it is
// antisymmetric (MonthsBetween(b, a) = -MonthsBetween(a, b)).
//
// # Periods
//
// A [Period] is an inclusive range of days [Start, End], as legal texts write
// them: "from 2024-09-01 to 2027-08-31" includes both days. It holds at
// least one day. Its text form is the ISO 8601 interval of two calendar dates,
// "2024-09-01/2027-08-31", read as including the end day; [ParsePeriod]
// accepts exactly that form. The zero Period is not valid.
//
// [Period.SplitAt] cuts a period at the dates on which a parameter takes a new
// value; [Period.Months] cuts it at calendar-month boundaries. Both produce
// pieces that are contiguous, in order, and cover the period exactly.
//
// # Legal conventions
//
// [Thirtieths] values a period in thirtieths of a month, for the German rule
// that pay is monthly and a day counts as 1/30 of a month (BBiG § 18(1)).
// [TrainingYear] and [TrainingYearPeriod] count training years from the start
// of training rather than from 1 January (BBiG § 17(1)).
//
// # Errors
//
// Bad input gives an error, never a panic (only the Must functions, meant for
// tests and hard-coded values, panic). Every error message names the input
// and says what is wrong, and every error matches a sentinel with errors.Is:
//
//   - [ErrInvalidDate]: a date that does not exist or does not parse; the
//     error is a [*DateError].
//   - [ErrInvalidPeriod]: a period whose end is before its start, with a zero
//     date, or that does not parse; the error is a [*PeriodError], which also
//     matches ErrInvalidDate (and unwraps to the *DateError) when one of its
//     dates is the problem.
//   - [ErrOutOfRange]: arithmetic that would leave the years 1 to 9999, or
//     that starts from the zero Date.
//   - [ErrUnknownEndOfMonth]: an EndOfMonth that is not a named policy.
//   - [ErrBeforeStart]: a date before the start of training.
package civil

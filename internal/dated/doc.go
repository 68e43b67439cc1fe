// Package dated holds effective-dated values: a named series of values, each
// in force over a range of civil dates and backed by a citation, such as "the
// skill-improvement subsidy (技能提升补贴) needs 36 insured months for
// certificates from 2017-01-01 (人社部发〔2017〕40号), 12 months from
// 2019-01-01". Policy parameters change by date; this package answers "which
// value applied on this day, and on whose authority" without ever inventing a
// value for a day the series does not cover.
//
// # Representation
//
// A [Series] is a name, a flag, and a non-empty list of [Entry] values sorted
// strictly by [Entry.From]. Each entry carries:
//
//   - From: the first day it is in force (inclusive, required).
//   - Until: the last day it is in force (inclusive). The zero date means
//     open-ended: the entry runs until the day before the next entry's From,
//     or, for the last entry, without end.
//   - Value: the parameter value, of any type V.
//   - Citation: the document it comes from (title, document number such as
//     人社部发〔2017〕40号, URL). Optional, but a policy parameter should have one.
//   - Published: the day the entry became known (optional; the zero date
//     means "known from its From"). A date after From records a retroactive
//     change; a date before From an announcement ahead of time.
//
// Dates are [civil.Date] values: calendar days without time or zone.
//
// # Rules
//
// [New] checks everything before it returns a Series, and reports the first
// violation as a [*SeriesError] naming the series, the entry index and the
// offending dates:
//
//   - the name must not be blank, and there must be at least one entry;
//   - every entry needs a From; an explicit Until must not be before From;
//   - entries must be sorted strictly by From: an unsorted list is an error
//     ([ErrUnsorted]), never sorted silently, and two entries with the same
//     From are an error ([ErrDuplicate]);
//   - an explicit Until must be before the next entry's From ([ErrOverlap]);
//   - with the [Continuous] option, an explicit Until must be exactly the day
//     before the next entry's From, so that no day between the first From and
//     the end of the series is uncovered ([ErrGap]).
//
// Without Continuous a series may have gaps: an entry that ends by its Until
// before the next one starts leaves the days in between uncovered. After the
// last entry's explicit Until, and before the first From, nothing is covered.
//
// # Lookups
//
// [Series.At] returns the entry in force on a day; [Series.Value] returns just
// its value. A day before the first entry, after an explicit end or inside a
// gap is not covered: the lookup returns a [*NotCoveredError] matching
// [ErrNotCovered]. Nothing falls back to a default value. At is a binary
// search over the entries and does not allocate when it succeeds.
//
// [Series.AsKnownOn] is the bitemporal lookup: the entry in force on a day as
// the series stood on a knowledge date. Only entries published on or before
// that date count, and an open-ended entry runs until the next entry that was
// already known. An explicit Until is an end whether or not later entries
// were known. So an entry A from 2019-01-01 and a retroactive entry B from
// 2024-01-01 published 2024-03-01 give A for 2024-01-15 as known on
// 2024-02-01, and B as known on 2024-03-01. A series records each entry once
// with one publication date: it can say that a later entry replaced an
// earlier one retroactively, but not that the same From was first published
// with one value and later corrected to another (that would take two entries
// with the same From, which New rejects).
//
// [Series.Segments] cuts a [civil.Period] at the days on which the entry in
// force changes, which is what proration over a period with a mid-period
// change needs; it fails, naming the first uncovered day, unless every day of
// the period is covered. [Series.ChangeDates] lists those days, to combine the
// changes of several series with [civil.Period.SplitAt].
//
// Lookups on the zero date (the civil package's "no date") return an error
// matching [civil.ErrInvalidDate], and Segments of the zero Period one
// matching [civil.ErrInvalidPeriod]: a lookup needs real days.
//
// # The zero Series
//
// The zero Series has no name and no entries; [Series.IsZero] reports it. It
// covers no day: its lookups return a *NotCoveredError with an empty Series
// name, and it marshals to JSON null.
//
// # JSON
//
// A Series marshals as
//
//	{"name":"…","continuous":true,"entries":[{"from":"2019-01-01","value":…,"citation":{…}},…]}
//
// with "continuous" omitted when false and the zero dates and the empty
// citation of an entry omitted. Values are encoded by encoding/json (a
// decimal.Decimal from github.com/shopspring/decimal becomes a JSON string).
// [Series.UnmarshalJSON] rejects unknown fields at every level, requires a
// "value" in each entry (JSON null counts as missing, so that no value
// silently becomes the zero value), parses dates strictly as YYYY-MM-DD, and
// then applies the same rules as New. Its errors are *SeriesError values
// whose message carries a JSON path such as entries[2].until.
//
// # Errors
//
// Invalid series: [*SeriesError], matching [ErrInvalid] and one of
// [ErrMissing], [ErrReversed], [ErrUnsorted], [ErrDuplicate], [ErrOverlap],
// [ErrGap] (or, from UnmarshalJSON, the underlying decoding error, such as a
// *civil.DateError). Uncovered days: [*NotCoveredError], matching
// [ErrNotCovered].
//
// # Concurrency
//
// A Series is immutable after New or UnmarshalJSON and safe for concurrent
// use by many goroutines. New copies the entries, and [Series.Entries]
// returns a copy; the copies are shallow, so a value type V that holds
// pointers, slices or maps must be treated as immutable by its users.
package dated

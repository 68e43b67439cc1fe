package civil

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

// FuzzParse checks that Parse never panics, that whatever it accepts prints
// back as exactly the same text and agrees with New and with time.Parse, and
// that whatever it rejects is a *DateError that names the input.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31", "1970-01-01",
		"2023-02-29", "1900-02-29", "2100-02-29", "0000-01-01", "2024-13-01",
		"2024-00-01", "2024-01-32", "", "2024-1-1", "20240101", "2024/01/01",
		"2024-01-01T00:00:00Z", "-001-01-01", "+2024-01-01", "２０２４-01-01",
		"2024-01-0\x00", "\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			var de *DateError
			if !errors.As(err, &de) || !errors.Is(err, ErrInvalidDate) {
				t.Fatalf("Parse(%q): error %v is not a *DateError", s, err)
			}
			if de.Input != s || !strings.Contains(err.Error(), "parsing date") {
				t.Fatalf("Parse(%q): error %q does not name the input", s, err)
			}
			if len(s) <= 40 && !strings.Contains(err.Error(), strconv.Quote(s)) {
				t.Fatalf("Parse(%q): error %q does not quote the input", s, err)
			}
			if !d.IsZero() {
				t.Fatalf("Parse(%q) failed but returned %v", s, d)
			}
			return
		}
		if got := d.String(); got != s {
			t.Fatalf("Parse(%q).String() = %q", s, got)
		}
		if n, err := New(d.Year(), d.Month(), d.Day()); err != nil || n != d {
			t.Fatalf("Parse(%q) = %v, but New gives %v, %v", s, d, n, err)
		}
		tm, err := time.Parse(time.DateOnly, s)
		if err != nil || Of(tm) != d {
			t.Fatalf("Parse(%q) = %v, but time.Parse gives %v, %v", s, d, tm, err)
		}
		var u Date
		if err := u.UnmarshalText([]byte(s)); err != nil || u != d {
			t.Fatalf("UnmarshalText(%q) = %v, %v", s, u, err)
		}
	})
}

// FuzzParsePeriod checks that ParsePeriod never panics, that whatever it
// accepts is a valid period that prints back as the same text, and that
// whatever it rejects is a *PeriodError naming the input.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{
		"2024-09-01/2027-08-31", "2024-02-29/2024-02-29", "0001-01-01/9999-12-31",
		"2027-08-31/2024-09-01", "2024-02-30/2024-03-01", "2024-01-01/2023-02-29",
		"", "/", "2024-09-01/", "2024-09-01--2027-08-31", "2024-09-01/P3Y",
		"2024-09-01/..", "2024-09-01/08-31", "2024-09-01 2027-08-31",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		if err != nil {
			var pe *PeriodError
			if !errors.As(err, &pe) || !errors.Is(err, ErrInvalidPeriod) {
				t.Fatalf("ParsePeriod(%q): error %v is not a *PeriodError", s, err)
			}
			if pe.Input != s || !strings.Contains(err.Error(), "parsing period") {
				t.Fatalf("ParsePeriod(%q): error %q does not name the input", s, err)
			}
			if !p.IsZero() {
				t.Fatalf("ParsePeriod(%q) failed but returned %v", s, p)
			}
			return
		}
		if got := p.String(); got != s {
			t.Fatalf("ParsePeriod(%q).String() = %q", s, got)
		}
		if q, err := NewPeriod(p.Start(), p.End()); err != nil || q != p {
			t.Fatalf("ParsePeriod(%q) = %v, but NewPeriod gives %v, %v", s, p, q, err)
		}
		if p.Days() < 1 || !p.Contains(p.Start()) || !p.Contains(p.End()) {
			t.Fatalf("ParsePeriod(%q) = %v with %d days", s, p, p.Days())
		}
	})
}

// FuzzAddMonths checks AddMonths and MonthsBetween on fuzzed integers: for a
// valid date and any n, a result under Clamp lies n months on with the day
// clamped, MonthsBetween(d, result) == n, the three policies agree where the
// day exists and is not a month end, Overflow agrees with time.AddDate, and
// errors wrap ErrOutOfRange (or ErrUnknownEndOfMonth) and name the date.
func FuzzAddMonths(f *testing.F) {
	f.Add(2024, 1, 31, 1, uint8(Clamp))
	f.Add(2023, 1, 31, 1, uint8(Overflow))
	f.Add(2023, 2, 28, 1, uint8(KeepEnd))
	f.Add(2024, 2, 29, -12, uint8(Clamp))
	f.Add(1, 1, 1, -1, uint8(Clamp))
	f.Add(9999, 12, 31, 1, uint8(Overflow))
	f.Add(1, 1, 1, 9999*12-1, uint8(KeepEnd))
	f.Add(2024, 6, 15, int(^uint(0)>>1), uint8(Clamp))
	f.Add(2024, 6, 15, 3, uint8(0))
	f.Add(2024, 6, 15, 3, uint8(200))
	f.Fuzz(func(t *testing.T, y, m, day, n int, pol uint8) {
		// Fold any integers onto a valid date, so that no input is wasted:
		// the seeds above are already valid and stay as they are.
		y = MinYear + mod(y-MinYear, MaxYear-MinYear+1)
		m = 1 + mod(m-1, 12)
		day = 1 + mod(day-1, DaysIn(y, time.Month(m)))
		d := MustNew(y, time.Month(m), day)
		eom := EndOfMonth(pol)
		r, err := d.AddMonths(n, eom)
		if err != nil {
			if !errors.Is(err, ErrOutOfRange) && !errors.Is(err, ErrUnknownEndOfMonth) {
				t.Fatalf("%v.AddMonths(%d, %v): unexpected error %v", d, n, eom, err)
			}
			if errors.Is(err, ErrUnknownEndOfMonth) != (eom < Clamp || eom > KeepEnd) {
				t.Fatalf("%v.AddMonths(%d, %v): wrong error %v", d, n, eom, err)
			}
			if !strings.Contains(err.Error(), d.String()) {
				t.Fatalf("%v.AddMonths(%d, %v): error %q does not name the date", d, n, eom, err)
			}
			if errors.Is(err, ErrOutOfRange) {
				idx := d.monthIndex() + max(min(n, 2*maxMonths), -2*maxMonths)
				if idx >= MinYear*12 && idx <= MaxYear*12+11 {
					t.Fatalf("%v.AddMonths(%d, %v) is in range but failed: %v", d, n, eom, err)
				}
			}
			return
		}
		if _, err := New(r.Year(), r.Month(), r.Day()); err != nil {
			t.Fatalf("%v.AddMonths(%d, %v) = invalid %#v", d, n, eom, r)
		}
		last := DaysIn(r.Year(), r.Month())
		switch eom {
		case Clamp, KeepEnd:
			if r.monthIndex()-d.monthIndex() != n {
				t.Fatalf("%v.AddMonths(%d, %v) = %v: wrong month", d, n, eom, r)
			}
			want := min(d.Day(), last)
			if eom == KeepEnd && d == d.lastOfMonth() {
				want = last
			}
			if r.Day() != want {
				t.Fatalf("%v.AddMonths(%d, %v) = %v: want day %d", d, n, eom, r, want)
			}
		case Overflow:
			tm := d.In(time.UTC).AddDate(0, n, 0)
			if Of(tm) != r {
				t.Fatalf("%v.AddMonths(%d, Overflow) = %v, time.AddDate gives %v", d, n, r, tm)
			}
		}
		c, err := d.AddMonths(n, Clamp)
		if err != nil { // the policies share the target month, so all succeed or none
			t.Fatalf("%v.AddMonths(%d, Clamp) failed where %v succeeded: %v", d, n, eom, err)
		}
		if got := MonthsBetween(d, c); got != n {
			t.Fatalf("MonthsBetween(%v, %v) = %d, want %d", d, c, got, n)
		}
		if got := MonthsBetween(c, d); got != -n {
			t.Fatalf("MonthsBetween(%v, %v) = %d, want %d", c, d, got, -n)
		}
	})
}

// mod is the non-negative remainder of a by b > 0.
func mod(a, b int) int { return (a%b + b) % b }

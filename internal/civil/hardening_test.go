package civil_test

// Hardening tests (issue 9): dates and periods in JSON, where every public
// type of the module carries them, against hostile input and as lossless
// round trips.

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/civil"
	"github.com/dualtrack/dualtrack/internal/errtext"
	"github.com/stretchr/testify/require"
)

// hardDoc is a JSON document with a date and a period, as the public types
// carry them (a claim's date and training period, an agreement's dates).
type hardDoc struct {
	Date   civil.Date   `json:"date"`
	Period civil.Period `json:"period"`
}

// FuzzDatesJSON decodes arbitrary JSON into a date and a period. Invariants:
// no panic; a date or period that is not a real one ("2024-02-30", an end
// before the start) is a *DateError or *PeriodError that quotes the input
// (shortened when long); whatever decodes marshals back to JSON strings of
// the ISO forms, decodes to the same values and marshals to the same bytes.
func FuzzDatesJSON(f *testing.F) {
	for _, s := range []string{
		// Good.
		`{"date":"2024-02-29","period":"2024-09-01/2027-08-31"}`,
		`{"date":"0001-01-01","period":"0001-01-01/9999-12-31"}`,
		`{"date":"9999-12-31","period":"2024-02-29/2024-02-29"}`,
		`{"date":"","period":""}`,
		`{}`,
		`null`,
		// Broken: days that do not exist, other forms, wrong types.
		`{"date":"2024-02-30"}`,
		`{"date":"2023-02-29"}`,
		`{"date":"1900-02-29"}`,
		`{"date":"2024-13-01"}`,
		`{"date":"2024-00-10"}`,
		`{"date":"0000-01-01"}`,
		`{"date":"2024-1-1"}`,
		`{"date":"2024-01-01T00:00:00Z"}`,
		`{"date":"２０２４-01-01"}`,
		`{"date":20240101}`,
		`{"date":["2024-01-01"]}`,
		`{"date":true}`,
		`{"period":"2027-08-31/2024-09-01"}`,
		`{"period":"2024-02-30/2024-03-01"}`,
		`{"period":"2024-09-01/"}`,
		`{"period":"2024-09-01/P3Y"}`,
		`{"period":"2024-09-01/.."}`,
		`{"period":{"start":"2024-09-01","end":"2024-09-02"}}`,
		`{"date":"2024-01-01","date":"2024-02-30"}`,
		`{"date":"` + strings.Repeat("2024-01-01", 1000) + `"}`,
		`{"date":"\ud800"}`,
		strings.Repeat(`{"date":`, 5000),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var d hardDoc
		err := json.Unmarshal(data, &d)
		if err != nil {
			var de *civil.DateError
			var pe *civil.PeriodError
			switch {
			case errors.As(err, &pe):
				if !errors.Is(err, civil.ErrInvalidPeriod) || !strings.Contains(err.Error(), strconv.Quote(hardClip(pe.Input))) {
					t.Fatalf("period error %q does not match ErrInvalidPeriod or does not quote %q", err, pe.Input)
				}
			case errors.As(err, &de):
				if !errors.Is(err, civil.ErrInvalidDate) || !strings.Contains(err.Error(), strconv.Quote(hardClip(de.Input))) {
					t.Fatalf("date error %q does not match ErrInvalidDate or does not quote %q", err, de.Input)
				}
			}
			if len(err.Error()) > 1024 {
				t.Fatalf("a message of %d bytes: hostile input is not clipped", len(err.Error()))
			}
			return
		}
		if !d.Date.IsZero() {
			if _, err := civil.New(d.Date.Year(), d.Date.Month(), d.Date.Day()); err != nil {
				t.Fatalf("decoded %v, which New refuses: %v", d.Date, err)
			}
		}
		if !d.Period.IsZero() && (d.Period.End().Before(d.Period.Start()) || d.Period.Days() < 1) {
			t.Fatalf("decoded an impossible period %v", d.Period)
		}
		out, err := json.Marshal(d)
		if err != nil {
			t.Fatalf("Marshal(%+v): %v", d, err)
		}
		var back hardDoc
		if err := json.Unmarshal(out, &back); err != nil || back != d {
			t.Fatalf("round trip of %s: %+v, %v; want %+v", out, back, err, d)
		}
		if again, _ := json.Marshal(back); !bytes.Equal(again, out) {
			t.Fatalf("second Marshal %s, first %s", again, out)
		}
	})
}

// hardClip is what the package's messages show of hostile text: its first
// 40 bytes, clipped by internal/errtext.
func hardClip(s string) string { return errtext.Clip(s, 40) }

// TestHardeningImpossibleDates: days that do not exist are rejected in every
// way a date enters, and the error names the text.
func TestHardeningImpossibleDates(t *testing.T) {
	for _, s := range []string{"2024-02-30", "2023-02-29", "1900-02-29", "2100-02-29", "2024-04-31", "2024-06-31", "2024-09-31", "2024-11-31", "2024-01-32", "2024-13-01", "0000-12-31"} {
		t.Run(s, func(t *testing.T) {
			_, err := civil.Parse(s)
			require.ErrorIs(t, err, civil.ErrInvalidDate)
			require.Contains(t, err.Error(), strconv.Quote(s))

			var d civil.Date
			err = json.Unmarshal([]byte(`"`+s+`"`), &d)
			require.ErrorIs(t, err, civil.ErrInvalidDate)
			require.True(t, d.IsZero(), "a failed decode leaves the zero date")

			var p civil.Period
			err = json.Unmarshal([]byte(`"2000-01-01/`+s+`"`), &p)
			require.ErrorIs(t, err, civil.ErrInvalidPeriod)
			require.ErrorIs(t, err, civil.ErrInvalidDate, "the period error carries the date error")
			require.Contains(t, err.Error(), s)
			require.True(t, p.IsZero())
		})
	}
}

// TestHardeningDatesJSONProperty: random dates over the whole range 0001 to
// 9999 and random periods survive JSON as ISO strings, equal, and agree with
// the standard library's reading of the same text.
func TestHardeningDatesJSONProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(20240229, 1))
	first := civil.MustNew(civil.MinYear, time.January, 1)
	// 0001-01-01 to 9999-12-31 is 9999 years of 365 days plus the leap
	// days 9999/4 - 9999/100 + 9999/400 = 2499 - 99 + 24 = 2424, so
	// 3,649,635 + 2,424 = 3,652,059 days, and the last is 3,652,058 days
	// after the first.
	span := civil.DaysBetween(first, civil.MustNew(civil.MaxYear, time.December, 31))
	require.Equal(t, 3_652_058, span)
	for i := range 5000 {
		a, err := first.AddDays(rng.IntN(span + 1))
		require.NoError(t, err)
		b, err := a.AddDays(rng.IntN(civil.DaysBetween(a, civil.MustNew(civil.MaxYear, time.December, 31)) + 1))
		require.NoError(t, err)
		p := civil.MustNewPeriod(a, b)
		in := hardDoc{Date: a, Period: p}
		out, err := json.Marshal(in)
		require.NoError(t, err)
		want := `{"date":"` + a.String() + `","period":"` + a.String() + `/` + b.String() + `"}`
		require.Equal(t, want, string(out), "case %d", i)
		tm, err := time.Parse(time.DateOnly, a.String())
		require.NoError(t, err, "case %d: the standard library reads %s", i, a)
		require.Equal(t, a, civil.Of(tm))
		var back hardDoc
		require.NoError(t, json.Unmarshal(out, &back))
		require.Equal(t, in, back, "case %d", i)
	}
}

package apprenticeship_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/apprenticeship"
	"github.com/shopspring/decimal"
)

// FuzzParseEntries: ParseEntries never panics; what it accepts is a valid
// log (every entry valid, at most 24 hours a day) that survives a round trip
// through json.Marshal unchanged; what it rejects it rejects with a
// *FieldError matching ErrInvalid whose path starts at "entries" and which
// the message names.
func FuzzParseEntries(f *testing.F) {
	for _, s := range []string{
		`[]`,
		`[{"date": "2024-09-02", "site": "school", "module": "M1", "hours": "7.5"}]`,
		`[{"date": "2024-09-02", "site": "base", "module": "M2", "hours": 8},
		  {"date": "2024-09-02", "site": "enterprise", "module": "M3", "hours": "16"}]`,
		`[{"hours": 0.25e1, "module": "M", "site": "enterprise", "date": "2024-02-29"}]`,
		// Broken: too many hours in a day, bad values, bad structure.
		`[{"date": "2024-09-02", "site": "base", "module": "M2", "hours": 8},
		  {"date": "2024-09-02", "site": "enterprise", "module": "M3", "hours": "16.01"}]`,
		`[{"date": "2024-02-30", "site": "school", "module": "M1", "hours": "1"}]`,
		`[{"date": "2024-09-02", "site": "home", "module": "M1", "hours": "1"}]`,
		`[{"date": "2024-09-02", "site": "school", "module": "M1", "hours": "1.005"}]`,
		`[{"date": "2024-09-02", "site": "school", "module": "M1", "hours": 1e999999999}]`,
		`[{"date": "2024-09-02", "date": "2024-09-02"}]`,
		`[{"date": null}]`,
		`{"date": "2024-09-02"}`,
		`[{"date": "2024-09-02", "site": "school", "module": "M1", "hours": "1"}`,
		`[] []`,
		`null`,
		``,
		"[\"\xff\"]",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := apprenticeship.ParseEntries(data)
		if err != nil {
			var fe *apprenticeship.FieldError
			if !errors.As(err, &fe) || !errors.Is(err, apprenticeship.ErrInvalid) {
				t.Fatalf("error %v (%T) is not a *FieldError matching ErrInvalid", err, err)
			}
			if !strings.HasPrefix(fe.Field, "entries") || !strings.Contains(err.Error(), fe.Field) {
				t.Fatalf("error %q: field %q", err, fe.Field)
			}
			if entries != nil {
				t.Fatalf("entries %v with an error", entries)
			}
			return
		}
		days := map[apprenticeship.Date]decimal.Decimal{}
		for i, e := range entries {
			if err := e.Validate(); err != nil {
				t.Fatalf("entry %d accepted but invalid: %v", i, err)
			}
			days[e.Date] = days[e.Date].Add(e.Hours)
			if days[e.Date].Cmp(decimal.NewFromInt(24)) > 0 {
				t.Fatalf("more than 24 hours accepted on %s", e.Date)
			}
		}
		b, err := json.Marshal(entries)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		back, err := apprenticeship.ParseEntries(b)
		if err != nil {
			t.Fatalf("round trip of %s: %v", b, err)
		}
		if len(back) != len(entries) {
			t.Fatalf("round trip: %d entries, want %d", len(back), len(entries))
		}
		for i := range entries {
			a, z := entries[i], back[i]
			if a.Date != z.Date || a.Site != z.Site || a.Module != z.Module || !a.Hours.Equal(z.Hours) {
				t.Fatalf("round trip: entry %d is %+v, want %+v", i, z, a)
			}
		}
	})
}

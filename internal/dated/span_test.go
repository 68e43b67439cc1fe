package dated

import (
	"math/rand/v2"
	"testing"

	"github.com/dualtrack/dualtrack/internal/civil"
)

// TestAsKnownOnSpan checks AsKnownOnSpan against AsKnownOn on random
// series (entries open or closed, with gaps, some published late or
// early): for random days and knowledge dates, every day of the span it
// reports gives the same entry, and the day after the span does not.
func TestAsKnownOnSpan(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 13))
	base := day("2018-01-01")
	add := func(d civil.Date, n int) civil.Date {
		x, err := d.AddDays(n)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	at := func(n int) civil.Date { return add(base, n) }
	for round := range 400 {
		var entries []Entry[int]
		from := rng.IntN(100)
		for k := range 1 + rng.IntN(5) {
			e := Entry[int]{From: at(from), Value: k}
			length := 30 + rng.IntN(400)
			if rng.IntN(3) == 0 { // closed, perhaps with a gap after it
				e.Until = at(from + length - 1)
				from += length + rng.IntN(2)*rng.IntN(60)
			} else {
				from += length
			}
			if rng.IntN(3) == 0 { // published late or early
				e.Published = add(e.From, rng.IntN(300)-150)
			}
			entries = append(entries, e)
		}
		s := mustNew(t, "random", entries)
		for range 30 {
			d, known := at(rng.IntN(from+60)), at(rng.IntN(from+400))
			e, last, err := s.AsKnownOnSpan(d, known)
			want, wantErr := s.AsKnownOn(d, known)
			if (err == nil) != (wantErr == nil) || e != want {
				t.Fatalf("round %d: AsKnownOnSpan(%s, %s) = %+v, %v; AsKnownOn gives %+v, %v", round, d, known, e, err, want, wantErr)
			}
			if err != nil {
				continue
			}
			if last.IsZero() {
				last = at(from + 400) // without end: check well past the last entry
			} else if next, err := s.AsKnownOn(last.Next(), known); err == nil && next == e {
				t.Fatalf("round %d: span of %s (known %s) ends %s, but the day after gives the same entry", round, d, known, last)
			}
			for x := e.From; !x.After(last); x = x.Next() {
				if got, err := s.AsKnownOn(x, known); err != nil || got != e {
					t.Fatalf("round %d: day %s in the span %s..%s of %s (known %s) gives %+v, %v, not %+v", round, x, e.From, last, d, known, got, err, e)
				}
			}
		}
	}
}

package apprenticeship_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"strconv"
	"testing"

	"github.com/dualtrack/dualtrack/apprenticeship"
)

// lifeFieldPath matches the paths ParseEvents and Replay report:
// "events", "events[i]", "events[i].member" or events[i]["quoted member"].
var lifeFieldPath = regexp.MustCompile(`^events(\[(\d+)\](\.[A-Za-z_][A-Za-z0-9_]*|\["(?:[^"\\]|\\.)*"\])?)?$`)

func FuzzParseEvents(f *testing.F) {
	seeds := []string{
		// Good.
		`[]`,
		`[{"on":"2024-03-10","kind":"apply"},{"on":"2024-05-15","kind":"enrol","by":"enterprise","written":true},{"on":"2024-09-01","kind":"start"}]`,
		`[{"on":"2024-03-10","kind":"apply"},{"on":"2024-05-15","kind":"enrol"},{"on":"2024-09-01","kind":"start"},` +
			`{"on":"2025-03-31","kind":"terminate","by":"apprentice","reason":"moving","written":true,"noticeGiven":"2025-03-03"}]`,
		`[{"on":"2024-03-10","kind":"apply"},{"on":"2024-05-15","kind":"enrol"},{"on":"2024-09-01","kind":"start"},` +
			`{"on":"2025-02-01","kind":"pause","reason":"illness"},{"on":"2025-03-01","kind":"resume"},{"on":"2027-06-20","kind":"complete","passed":true}]`,
		`[{"on":"2024-03-10","kind":"apply","reason":"\u5b66\u5f92"},{"on":"2024-03-11","kind":"withdraw","reason":"x","by":"apprentice"}]`,
		// Parse but do not replay.
		`[{"on":"2024-05-15","kind":"enrol"}]`,
		`[{"on":"2024-03-10","kind":"apply"},{"on":"2024-03-01","kind":"enrol"}]`,
		`[{"on":"2024-03-10","kind":"apply","passed":true}]`,
		// Broken.
		``, `null`, `{}`, `[null]`, `[1]`, `[{}]`, `[] x`, `[{"on":"2024-02-30","kind":"apply"}]`,
		`[{"on":"2024-03-10","kind":"apply","kind":"start"}]`, `[{"on":"2024-03-10","kind":"apply","x":1}]`,
		`[{"on":"2024-03-10","kind":"apply","by":null}]`, `[{"on":"2024-03-10","kind":"Apply"}]`,
		`[{"on":"2024-03-10","kind":"apply","written":1}]`, `[{"on":"9999-12-31","kind":"apply"}]`,
		`[{".0":"0000000000","0000":"00000"},{"00":"0000000000"}]`, `[{"":1}]`, `[{"a\"]":1}]`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	a := lifeAgreement()
	f.Fuzz(func(t *testing.T, data []byte) {
		events, err := apprenticeship.ParseEvents(data)
		if err != nil {
			lifeCheckErr(t, err, len(data)+1)
			if events != nil {
				t.Fatalf("events returned with an error: %v", events)
			}
			return
		}
		// Round trip: what parsed marshals and parses back to the same.
		b, err := json.Marshal(events)
		if err != nil {
			// Only an invalid enum can fail to marshal; ParseEvents never makes one.
			t.Fatalf("marshal %v: %v", events, err)
		}
		back, err := apprenticeship.ParseEvents(b)
		if err != nil {
			t.Fatalf("round trip of %s: %v", b, err)
		}
		if len(back) != len(events) {
			t.Fatalf("round trip: %d events, want %d", len(back), len(events))
		}
		for i := range events {
			if back[i] != events[i] {
				t.Fatalf("round trip: event %d is %+v, want %+v", i, back[i], events[i])
			}
		}
		// Replay what parsed under both rule sets: a record that replays
		// reproduces itself, a refusal names an event that exists.
		for _, rules := range []apprenticeship.TerminationRules{apprenticeship.GermanTermination(), apprenticeship.PermissiveTermination()} {
			r, err := apprenticeship.Replay(a, rules, events)
			if err != nil {
				lifeCheckErr(t, err, len(events))
				if !errors.Is(err, apprenticeship.ErrInvalid) && !errors.Is(err, apprenticeship.ErrTransition) {
					t.Fatalf("replay error %v wraps neither sentinel", err)
				}
				continue
			}
			again, err := apprenticeship.Replay(a, rules, r.Events())
			if err != nil || !reflect.DeepEqual(again, r) {
				t.Fatalf("replaying the events of a record: %v (state %v, want %v)", err, again.State(), r.State())
			}
			if len(events) == 0 {
				continue
			}
			first, last := events[0].On, events[len(events)-1].On
			if got := r.StateOn(last); got != r.State() {
				t.Fatalf("StateOn(%s) = %v, want the current state %v", last, got, r.State())
			}
			if got := r.StateOn(first.Prev()); got != 0 {
				t.Fatalf("StateOn the day before the first event = %v, want no state", got)
			}
			if n := r.DaysInTraining(first.Prev()) + r.DaysOnBreak(first.Prev()); n != 0 {
				t.Fatalf("%d days counted before the first event", n)
			}
			if r.DaysInTraining(last) > r.DaysInTraining(last.Next()) || r.DaysOnBreak(last) > r.DaysOnBreak(last.Next()) {
				t.Fatalf("day counts decrease from %s to the next day", last)
			}
		}
	})
}

// lifeCheckErr checks that err is a *FieldError with a JSON path naming an
// event index below n.
func lifeCheckErr(t *testing.T, err error, n int) {
	t.Helper()
	var fe *apprenticeship.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not a *FieldError", err, err)
	}
	m := lifeFieldPath.FindStringSubmatch(fe.Field)
	if m == nil {
		t.Fatalf("error field %q is not an events path", fe.Field)
	}
	if m[2] != "" {
		if i, err := strconv.Atoi(m[2]); err != nil || i >= n {
			t.Fatalf("error field %q names an event beyond %d", fe.Field, n)
		}
	}
	if fe.Reason == "" {
		t.Fatalf("error %v has no reason", err)
	}
}

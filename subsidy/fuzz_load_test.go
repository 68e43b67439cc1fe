package subsidy_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/subsidy"
)

// FuzzLoadPolicy feeds policies, good and broken, to a loader that knows
// the built-in and the test kinds. Whatever the input: no panic; a policy
// that loads round-trips through MarshalJSON to the same digest and the
// same bytes; an error is a *PolicyError matching ErrInvalidPolicy, with a
// reason, a bounded path and a shortened value.
func FuzzLoadPolicy(f *testing.F) {
	for _, data := range loadFixtures(f) {
		f.Add(data)
	}
	for _, c := range loadBrokenCases(f) {
		if len(c.input) < 1<<16 {
			f.Add([]byte(c.input))
		}
	}
	f.Add([]byte(`{"format":"dualtrack.policy/1"}`))
	f.Add([]byte(`{"format":"dualtrack.policy/1","name":"a","version":"1","currency":"CNY","scheme":"s","rounding":{"quantum":"1","mode":"up"},"params":[],"rules":[]}`))
	f.Add([]byte(`{"a":{"b":[1,{"c":null}]},"a":2}`))
	f.Add([]byte(`nul`))
	l := loadLoader(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := l.Load(data)
		if err != nil {
			if p != nil {
				t.Fatalf("a policy and an error: %v", err)
			}
			var pe *subsidy.PolicyError
			if !errors.As(err, &pe) {
				t.Fatalf("not a *PolicyError: %T %v", err, err)
			}
			if !errors.Is(err, subsidy.ErrInvalidPolicy) {
				t.Fatalf("does not match ErrInvalidPolicy: %v", err)
			}
			if strings.TrimSpace(pe.Reason) == "" {
				t.Fatalf("no reason: %#v", pe)
			}
			// Paths are at most MaxPolicyDepth steps of shortened keys;
			// values are shortened.
			if len(pe.Path) > 4096 || len(pe.Value) > 256 || len(pe.Reason) > 4096 {
				t.Fatalf("unbounded error: path %d, value %d, reason %d bytes", len(pe.Path), len(pe.Value), len(pe.Reason))
			}
			return
		}
		canon, err := p.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON: %v", err)
		}
		q, err := l.Load(canon)
		if err != nil {
			t.Fatalf("the canonical form does not load: %v\n%s", err, canon)
		}
		if q.Digest() != p.Digest() {
			t.Fatalf("digest %s, then %s", p.Digest(), q.Digest())
		}
		again, err := q.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON: %v", err)
		}
		if string(again) != string(canon) {
			t.Fatalf("canonical form changed:\n%s\n%s", canon, again)
		}
	})
}

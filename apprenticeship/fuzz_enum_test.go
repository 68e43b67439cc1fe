package apprenticeship_test

import (
	"encoding"
	"errors"
	"testing"

	"github.com/dualtrack/dualtrack/apprenticeship"
)

// FuzzEnumText feeds arbitrary text to the stable-code enum parsers of the
// package (they share one implementation): no input panics; a code that
// parses marshals back to exactly the same text; every other input is a
// *FieldError matching ErrInvalid that names the input.
func FuzzEnumText(f *testing.F) {
	for _, s := range []string{"school", "enterprise", "base", "teacher", "master", "tripartite",
		"new-type", "dual", "in-training", "terminate", "apprentice", "", "School", "base ", "级"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		targets := []interface {
			encoding.TextUnmarshaler
			encoding.TextMarshaler
		}{
			new(apprenticeship.Site), new(apprenticeship.MentorRole), new(apprenticeship.AgreementKind),
			new(apprenticeship.State), new(apprenticeship.EventKind), new(apprenticeship.Party),
		}
		for _, v := range targets {
			if err := v.UnmarshalText([]byte(s)); err != nil {
				var fe *apprenticeship.FieldError
				if !errors.As(err, &fe) || !errors.Is(err, apprenticeship.ErrInvalid) {
					t.Fatalf("%T.UnmarshalText(%q): error %v is not a *FieldError matching ErrInvalid", v, s, err)
				}
				if fe.Value != s {
					t.Fatalf("%T.UnmarshalText(%q): error names %q, not the input", v, s, fe.Value)
				}
				continue
			}
			back, err := v.MarshalText()
			if err != nil || string(back) != s {
				t.Fatalf("%T: %q parsed but marshals to %q, %v", v, s, back, err)
			}
		}
	})
}

package certificate_test

import (
	"encoding"
	"errors"
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
)

// FuzzEnumText feeds arbitrary text to every stable-code enum parser of the
// package (they share one implementation): no input panics; a code that
// parses marshals back to exactly the same text; every other input is a
// *FieldError matching ErrInvalid that names the input.
func FuzzEnumText(f *testing.F) {
	for _, s := range []string{"1x", "national", "eight", "employee", "student", "exam",
		"self-evaluation", "suspend", "revoked", "appraisal-body", "", "Exam", " exam", "exam\x00", "级"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if _, err := certificate.ParseLadder(s); err != nil {
			enumCheckError(t, "ParseLadder", s, err)
		}
		targets := []interface {
			encoding.TextUnmarshaler
			encoding.TextMarshaler
		}{
			new(certificate.Ladder), new(certificate.HolderKind), new(certificate.Channel),
			new(certificate.IssuerKind), new(certificate.State), new(certificate.Action),
		}
		for _, v := range targets {
			if err := v.UnmarshalText([]byte(s)); err != nil {
				enumCheckError(t, "UnmarshalText", s, err)
				continue
			}
			back, err := v.MarshalText()
			if err != nil || string(back) != s {
				t.Fatalf("%T: %q parsed but marshals to %q, %v", v, s, back, err)
			}
		}
	})
}

func enumCheckError(t *testing.T, op, input string, err error) {
	t.Helper()
	var fe *certificate.FieldError
	if !errors.As(err, &fe) || !errors.Is(err, certificate.ErrInvalid) {
		t.Fatalf("%s(%q): error %v is not a *FieldError matching ErrInvalid", op, input, err)
	}
	if fe.Value != input {
		t.Fatalf("%s(%q): error names %q, not the input", op, input, fe.Value)
	}
}

package certificate_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
)

// FuzzParseLevel checks that ParseLevel never panics, that whatever it
// accepts is a valid level whose code is exactly the input and which
// marshals back to it, and that whatever it rejects is a *LevelError that
// keeps and quotes the input.
func FuzzParseLevel(f *testing.F) {
	for _, l := range []certificate.Ladder{certificate.OnePlusX, certificate.National, certificate.EightLevel} {
		for _, lv := range l.Levels() {
			f.Add(lv.Code())
		}
	}
	for _, s := range []string{
		"", "1X-JUNIOR", "national-6", "national-0", " national-5", "eight-", "初级",
		"Level(0x11)", "national-5\x00", "\xff\xfe", "national-５",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := certificate.ParseLevel(s)
		if err != nil {
			var le *certificate.LevelError
			if !errors.As(err, &le) || !errors.Is(err, certificate.ErrInvalidLevel) {
				t.Fatalf("ParseLevel(%q): error %v is not a *LevelError", s, err)
			}
			if le.Input != s {
				t.Fatalf("ParseLevel(%q): error keeps input %q", s, le.Input)
			}
			if len(s) <= 64 && !strings.Contains(err.Error(), strconv.Quote(s)) {
				t.Fatalf("ParseLevel(%q): error %q does not quote the input", s, err)
			}
			if l != 0 {
				t.Fatalf("ParseLevel(%q) failed but returned %v", s, l)
			}
			return
		}
		if !l.IsValid() || l.Code() != s || l.String() != s {
			t.Fatalf("ParseLevel(%q) = %v (valid %v, code %q)", s, l, l.IsValid(), l.Code())
		}
		b, err := l.MarshalText()
		if err != nil || string(b) != s {
			t.Fatalf("ParseLevel(%q).MarshalText() = %q, %v", s, b, err)
		}
		var u certificate.Level
		if err := u.UnmarshalText([]byte(s)); err != nil || u != l {
			t.Fatalf("UnmarshalText(%q) = %v, %v", s, u, err)
		}
	})
}

// FuzzCertificateJSON decodes arbitrary JSON into a Certificate and
// validates it. Neither may panic; a rejection must be a *FieldError naming
// a field; an accepted certificate must survive marshal → unmarshal
// unchanged, validate again, and print the same JSON twice.
func FuzzCertificateJSON(f *testing.F) {
	valid := coreCert()
	valid.History = []certificate.StatusChange{
		coreChange("2024-09-10", certificate.Suspend, "核查"),
		coreChange("2024-12-01", certificate.Reinstate, ""),
	}
	good, err := json.Marshal(valid)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(good))
	f.Add(`{"number":"X1","holder":{"id":"s1","name":"李娜","kind":"student"},"occupation":{"code":"X-0301","name":"工业机器人"},` +
		`"level":"1x-senior","issuer":{"id":"o","name":"评价组织","kind":"evaluation-organisation"},"issued":"2023-07-01","channel":"exam"}`)
	f.Add(`{"number":"C1","holder":{"id":"e","name":"王","kind":"employee"},"occupation":{"code":"6","name":"钳工"},` +
		`"level":"eight-chief-technician","issuer":{"id":"c","name":"组委会","kind":"competition-organiser"},"issued":"2024-01-01",` +
		`"channel":"competition-promotion","history":[{"on":"2024-02-01","action":"revoke","reason":"x"}],"evidence":[]}`)
	for _, s := range []string{
		``, `null`, `{}`, `[]`, `"x"`, `{"number":""}`, `{"level":"national-6"}`, `{"issued":"2024-02-30"}`,
		`{"issuer":{"scope":null}}`, `{"issuer":{"scope":{"occupations":[],"highest":"national-3","valid":"2024-01-01/2023-01-01"}}}`,
		`{"history":[{"on":"2024-01-01","action":"reinstate"}]}`, `{"Number":"case-insensitive key"}`,
		`{"number":"\ud800"}`, `{"expires":""}`, `{"evidence":[{"name":""}]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		var c certificate.Certificate
		if err := json.Unmarshal([]byte(in), &c); err != nil {
			return
		}
		if err := c.Validate(); err != nil {
			var fe *certificate.FieldError
			if !errors.As(err, &fe) || fe.Field == "" {
				t.Fatalf("Validate: error %v is not a *FieldError with a path", err)
			}
			if !errors.Is(err, certificate.ErrInvalid) && !errors.Is(err, certificate.ErrOutOfScope) && !errors.Is(err, certificate.ErrStatusChange) {
				t.Fatalf("Validate: error %v matches no sentinel", err)
			}
			if !strings.Contains(err.Error(), fe.Field) {
				t.Fatalf("Validate: error %q does not name %q", err, fe.Field)
			}
			return
		}
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatalf("a valid certificate does not marshal: %v", err)
		}
		var back certificate.Certificate
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("unmarshal of %s: %v", b, err)
		}
		if err := back.Validate(); err != nil {
			t.Fatalf("round trip of a valid certificate is invalid: %v", err)
		}
		// Empty Evidence and History lists are omitted from JSON, so they
		// come back nil: the only difference a round trip may make.
		want := c
		if len(want.Evidence) == 0 {
			want.Evidence = nil
		}
		if len(want.History) == 0 {
			want.History = nil
		}
		if !reflect.DeepEqual(want, back) {
			t.Fatalf("round trip changed the certificate:\n%+v\n%+v", want, back)
		}
		b2, err := json.Marshal(back)
		if err != nil || string(b2) != string(b) {
			t.Fatalf("second marshal differs:\n%s\n%s (%v)", b, b2, err)
		}
	})
}

package certificate_test

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
)

// FuzzVerify feeds arbitrary tokens to Verify. Invariants: it never panics;
// every failure is a *VerifyError with a known reason and a message; and the
// only token that verifies is the genuine one (the corpus holds it and
// mutations of it, so the fuzzer explores near it: no change of a signed
// token may verify).
func FuzzVerify(f *testing.F) {
	tok := credToken(f)
	parts := strings.Split(tok, ".")
	enc := base64.RawURLEncoding
	f.Add(tok)
	f.Add("")
	f.Add("..")
	f.Add("a.b.c")
	f.Add(tok + ".")
	f.Add(parts[0] + "." + parts[1] + ".")
	f.Add(parts[0] + ".." + parts[2])
	f.Add(strings.ToUpper(tok))
	f.Add(tok[:len(tok)-1] + "B")
	f.Add(enc.EncodeToString([]byte(`{"alg":"none","typ":"vc+jwt","kid":"key-2024"}`)) + "." + parts[1] + ".")
	f.Add(enc.EncodeToString([]byte(`{"alg":"EdDSA","typ":"vc+jwt","kid":"key-2024","crit":["b64"],"b64":false}`)) + "." + parts[1] + "." + parts[2])
	f.Add(enc.EncodeToString([]byte(`{"alg":"EdDSA","alg":"EdDSA","typ":"vc+jwt","kid":"key-2024"}`)) + "." + parts[1] + "." + parts[2])
	f.Add(enc.EncodeToString([]byte(`{"alg":"EdDSA","typ":"vc+jwt","kid":"key-2024"}`)) + "." + enc.EncodeToString([]byte(`{}`)) + "." + parts[2])
	f.Add(enc.EncodeToString([]byte(`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[`)) + "." + parts[1] + "." + parts[2])

	v := credVerifier(f, nil)
	ctx := context.Background()
	asOf := credDay("2025-01-01")
	f.Fuzz(func(t *testing.T, token string) {
		cred, err := v.Verify(ctx, token, asOf)
		if err == nil {
			if token != tok {
				t.Fatalf("a token other than the genuine one verified: %q", token)
			}
			if cred.Number() != "JD-2024-000777" {
				t.Fatalf("verified credential has number %q", cred.Number())
			}
			return
		}
		var ve *certificate.VerifyError
		if !errors.As(err, &ve) {
			t.Fatalf("error is %T, not *VerifyError: %v", err, err)
		}
		if ve.Reason < certificate.VerifyMalformed || ve.Reason > certificate.VerifyStatusUnavailable {
			t.Fatalf("unknown reason %d", ve.Reason)
		}
		if ve.Detail == "" || !strings.HasPrefix(err.Error(), "certificate: credential "+ve.Reason.String()) {
			t.Fatalf("unhelpful message %q", err)
		}
		if len(err.Error()) > 1024 {
			t.Fatalf("message of %d bytes: hostile input is not clipped", len(err.Error()))
		}
	})
}

// FuzzCredentialJSON feeds arbitrary bytes to ParseCredential. Invariants:
// it never panics; a failure is a *FieldError matching ErrInvalid with a
// Field; and a success round-trips: marshalling the credential and parsing
// that again gives the same bytes and the same validity days.
func FuzzCredentialJSON(f *testing.F) {
	good := credMainJSON(f)
	f.Add([]byte(good))
	f.Add([]byte(""))
	f.Add([]byte("{}"))
	f.Add([]byte("null"))
	f.Add([]byte(`{"@context":[]}`))
	f.Add([]byte(strings.Replace(good, `"validUntil"`, `"ValidUntil"`, 1)))
	f.Add([]byte(strings.Replace(good, `"id":`, `"id":"urn:x","id":`, 1)))
	f.Add([]byte(strings.Replace(good, `"name":"车工`, `"exp":1,"name":"车工`, 1)))
	f.Add([]byte(strings.Replace(good, "2024-06-30T00:00:00+08:00", "2024-06-30T23:30:00-11:00", 1)))
	f.Add([]byte(strings.Replace(good, `"hashed":true`, `"hashed":false`, 1)))
	f.Add([]byte(good + "{}"))
	f.Add([]byte(good[:len(good)/2]))
	f.Add([]byte("\xff\xfe"))
	f.Add([]byte(strings.Repeat("[", 20000)))
	f.Add([]byte(`{"":[],""`)) // found by fuzzing: an empty member name gave an empty Field
	f.Add([]byte(`{"":1,"":2}`))

	f.Fuzz(func(t *testing.T, data []byte) {
		cred, err := certificate.ParseCredential(data)
		if err != nil {
			var fe *certificate.FieldError
			if !errors.As(err, &fe) || !errors.Is(err, certificate.ErrInvalid) || fe.Field == "" {
				t.Fatalf("error %T %v: want a *FieldError with a Field, matching ErrInvalid", err, err)
			}
			return
		}
		b, err := cred.MarshalJSON()
		if err != nil {
			t.Fatalf("parsed credential does not marshal: %v", err)
		}
		again, err := certificate.ParseCredential(b)
		if err != nil {
			t.Fatalf("own output does not parse: %v\n%s", err, b)
		}
		b2, err := again.MarshalJSON()
		if err != nil || string(b) != string(b2) {
			t.Fatalf("round trip changed the output:\n%s\n%s", b, b2)
		}
		if again.ValidFrom() != cred.ValidFrom() || again.ValidUntil() != cred.ValidUntil() {
			t.Fatalf("round trip changed the validity days")
		}
		if cred.ValidFrom().IsZero() {
			t.Fatalf("a parsed credential without a ValidFrom day")
		}
	})
}

package certificate_test

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
)

// FuzzVerify feeds arbitrary tokens to Verify, with a Verifier that trusts
// an Ed25519 and an RSA key of the main issuer. Invariants: it never panics;
// every failure is a *VerifyError with a known reason and a message; and the
// only tokens that verify are the genuine ones signed here (the corpus holds
// them and mutations of them, so the fuzzer explores near them: no change of
// a signed token may verify).
func FuzzVerify(f *testing.F) {
	tok := credToken(f)
	parts := strings.Split(tok, ".")
	enc := base64.RawURLEncoding
	payload := credDecode(f, parts[1])
	// The same payload under a header that names the key by jwk, not kid
	// (OB 3.0 §8.2.3), and under the header of earlier versions.
	jwk := `{"kty":"OKP","crv":"Ed25519","x":"` + enc.EncodeToString(credKey().Public().(ed25519.PublicKey)) + `"}`
	jwkTok := credSignRaw(credKey(), `{"alg":"EdDSA","jwk":`+jwk+`,"typ":"JWT"}`, payload)
	oldTok := credSignRaw(credKey(), `{"alg":"EdDSA","typ":"vc+jwt","cty":"vc","iss":"https://jianding.example.cn","kid":"`+credKid+`"}`, credMainJSON(f))
	header := `{"alg":"EdDSA","kid":"` + credKid + `","typ":"JWT"}`
	// nbf written with an exponent: the same instant.
	expTok := credSignRaw(credKey(), header, strings.Replace(payload, `"nbf":`+credNbf, `"nbf":1.7196768e9`, 1))
	// RS256 (OB 3.0 §8.2.3): the same payload under the test-only RSA key,
	// named by kid and by jwk.
	rsaKey := credRSA(f)
	rsaHeader := `{"alg":"RS256","kid":"` + credRSAKid + `","typ":"JWT"}`
	rsaJWK := credRSAJWK(&rsaKey.PublicKey)
	rsaTok := credRSASignRaw(f, rsaKey, rsaHeader, payload)
	rsaJWKTok := credRSASignRaw(f, rsaKey, `{"alg":"RS256","jwk":`+rsaJWK+`}`, payload)
	rsaParts := strings.Split(rsaTok, ".")
	genuine := map[string]bool{}
	for _, g := range []string{tok, jwkTok, oldTok, expTok, rsaTok, rsaJWKTok} {
		genuine[g] = true
		f.Add(g)
	}
	f.Add(credSignRaw(credKey(), `{"alg":"EdDSA","jwk":`+strings.Replace(jwk, `{`, `{"d":"AAAA",`, 1)+`}`, payload))
	f.Add(credSignRaw(credKey(), header, strings.Replace(payload, `"nbf":`+credNbf, `"nbf":1719676801`, 1)))
	f.Add(credSignRaw(credKey(), header, strings.Replace(payload, `"nbf":`+credNbf, `"nbf":-1e9999`, 1)))
	f.Add(credSignRaw(credKey(), header, `{"iss":"https://jianding.example.cn","vc":`+credMainJSON(f)+`}`))
	f.Add("")
	f.Add("..")
	f.Add("a.b.c")
	f.Add(tok + ".")
	f.Add(parts[0] + "." + parts[1] + ".")
	f.Add(parts[0] + ".." + parts[2])
	f.Add(strings.ToUpper(tok))
	f.Add(tok[:len(tok)-1] + "B")
	f.Add(enc.EncodeToString([]byte(strings.Replace(header, "EdDSA", "none", 1))) + "." + parts[1] + ".")
	f.Add(enc.EncodeToString([]byte(strings.Replace(header, `{`, `{"crit":["b64"],"b64":false,`, 1))) + "." + parts[1] + "." + parts[2])
	f.Add(enc.EncodeToString([]byte(strings.Replace(header, `{`, `{"alg":"EdDSA",`, 1))) + "." + parts[1] + "." + parts[2])
	f.Add(enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(`{}`)) + "." + parts[2])
	f.Add(enc.EncodeToString([]byte(`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[`)) + "." + parts[1] + "." + parts[2])
	// RS256 gone wrong: a private member in the jwk, algorithm and key
	// types crossed, a short signature, a signature over another header.
	f.Add(credRSASignRaw(f, rsaKey, `{"alg":"RS256","jwk":`+strings.Replace(rsaJWK, `{`, `{"d":"AQAB",`, 1)+`}`, payload))
	f.Add(credRSASignRaw(f, rsaKey, strings.Replace(rsaHeader, credRSAKid, credKid, 1), payload))
	f.Add(credSignRaw(credKey(), `{"alg":"EdDSA","kid":"`+credRSAKid+`"}`, payload))
	f.Add(credSignRaw(credKey(), `{"alg":"EdDSA","jwk":`+rsaJWK+`}`, payload))
	f.Add(rsaParts[0] + "." + rsaParts[1] + "." + rsaParts[2][:len(rsaParts[2])-4])
	f.Add(enc.EncodeToString([]byte(rsaHeader)) + "." + parts[1] + "." + rsaParts[2])
	f.Add(parts[0] + "." + parts[1] + "." + rsaParts[2])

	v := credBothVerifier(f)
	ctx := context.Background()
	asOf := credDay("2025-01-01")
	f.Fuzz(func(t *testing.T, token string) {
		cred, err := v.Verify(ctx, token, asOf)
		if err == nil {
			if !genuine[token] {
				t.Fatalf("a token other than the genuine ones verified: %q", token)
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
	// JWT payloads: the claims of the golden token, and odd NumericDates.
	claimed := "{" + `"iss":"https://jianding.example.cn","exp":` + credExp + `,"nbf":` + credNbf + `,"jti":"https://jianding.example.cn/credentials/JD-2024-000777",` + good[1:]
	f.Add([]byte(claimed))
	for _, nbf := range []string{"1.7196768e9", "1719676800.000000001", "-0.25", "1e99999", "0.17196768E+10", `"1719676800"`, "null"} {
		f.Add([]byte(strings.Replace(claimed, `"nbf":`+credNbf, `"nbf":`+nbf, 1)))
	}
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

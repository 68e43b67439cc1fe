package main

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
)

// FuzzParseKeyFile checks the key file reader on any input: no panic; an
// error is a *keyFileError naming the file; a key it accepts is an Ed25519
// key whose private half (in a private file) signs what its public half
// verifies, and which survives being written and read again.
func FuzzParseKeyFile(f *testing.F) {
	key := demoKey("fuzz")
	pub := key.Public().(ed25519.PublicKey)
	for _, k := range []jwk{privateJWK(key, keyID(pub)), publicJWK(pub, keyID(pub)), publicJWK(pub, "")} {
		b, err := json.Marshal(k)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, true)
		f.Add(b, false)
	}
	for _, s := range []string{
		``, `{}`, `null`, `[]`, `{"kty":"RSA","n":"AQAB","e":"AQAB"}`,
		`{"kty":"OKP","crv":"Ed25519","x":"AAAA"}`,
		`{"kty":"OKP","crv":"Ed25519","x":"` + strings.Repeat("A", 43) + `","key_ops":["sign"]}`,
		`{"kty":"OKP","crv":"Ed25519","x":"` + strings.Repeat("A", 43) + `"} {}`,
		`{"kty":"OKP","crv":"X25519","x":"` + strings.Repeat("A", 43) + `"}`,
	} {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, data []byte, private bool) {
		k, pub, priv, err := parseJWK(data, "key.jwk", private)
		if err != nil {
			var ke *keyFileError
			if !errors.As(err, &ke) || ke.Path != "key.jwk" || ke.Reason == "" {
				t.Fatalf("error %T %q: want a *keyFileError naming the file", err, err)
			}
			return
		}
		if len(pub) != ed25519.PublicKeySize || k.Kid == "" {
			t.Fatalf("accepted a key of %d bytes with kid %q", len(pub), k.Kid)
		}
		if private {
			msg := []byte("header.payload")
			if !ed25519.Verify(pub, msg, ed25519.Sign(priv, msg)) {
				t.Fatal("the private key does not match the public key")
			}
		} else if priv != nil {
			t.Fatal("a private key from a public key file")
		}
		b, err := json.Marshal(publicJWK(pub, k.Kid))
		if err != nil {
			t.Fatal(err)
		}
		k2, pub2, _, err := parseJWK(b, "again.jwk", false)
		if err != nil || !pub2.Equal(pub) || k2.Kid != k.Kid {
			t.Fatalf("the key did not survive writing and reading: %v", err)
		}
	})
}

// FuzzRevocationList checks the revocation list reader: no panic; an
// error names the file and the line; a list it accepts, written back as
// NUMBER DATE REASON lines, reads back the same.
func FuzzRevocationList(f *testing.F) {
	for _, s := range []string{
		"",
		"# comment\n\nZP-2025-000123 2025-10-01 考核材料不实\n",
		"A 2025-01-01 one reason\tand a tab\r\nB\t2024-02-29\tx\n",
		"A 2025-02-30 bad day\n",
		"A 2025-01-01\n",
		"A 2025-01-01 x\nA 2025-01-02 y\n",
		"#A 2025-01-01 a comment\n",
		"A 2025-01-01 x\u00a0y\u2028\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := parseRevocations(bytes.NewReader(data), "revoked.txt")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "revoked.txt:") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		var b strings.Builder
		for number, r := range l {
			if number == "" || r.reason == "" || r.on.IsZero() {
				t.Fatalf("entry %q %+v: empty field", number, r)
			}
			fmt.Fprintf(&b, "%s %s %s\n", number, r.on, r.reason)
		}
		again, err := parseRevocations(strings.NewReader(b.String()), "again.txt")
		if err != nil {
			t.Fatalf("the list written back does not read: %v\n%s", err, b.String())
		}
		if len(again) != len(l) {
			t.Fatalf("%d entries became %d", len(l), len(again))
		}
		for number, r := range l {
			if again[number] != r {
				t.Fatalf("entry %q: %+v became %+v", number, r, again[number])
			}
		}
	})
}

// FuzzVerifyToken checks verify on any token, with the demo's key and no
// -issuer: it never panics, a failure is always a *VerifyError (a token
// never makes verify fail to run), and the only token it accepts is the one
// the key signed.
func FuzzVerifyToken(f *testing.F) {
	key := demoKey("issuer")
	pub := key.Public().(ed25519.PublicKey)
	kid := keyID(pub)
	token, err := issueToken(sampleCertificate(), key, kid, certificate.CredentialOptions{Salt: demoSalt})
	if err != nil {
		f.Fatal(err)
	}
	parts := strings.Split(token, ".")
	for _, s := range []string{
		token, tamper(token), token[:len(token)-1], token + "A", "a.b.c", "..", "",
		parts[0] + "." + parts[1] + ".", parts[0] + ".e30." + parts[2],
		parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"issuer":{"id":"not a uri"}}`)) + "." + parts[2],
	} {
		f.Add(s)
	}
	check := checker{pub: pub, kid: kid}
	asOf := certificate.MustParseDate("2025-09-01")
	f.Fuzz(func(t *testing.T, tok string) {
		cred, err := check.verify(tok, asOf)
		if err == nil {
			if tok != token {
				t.Fatalf("accepted a token the key did not sign: %q", tok)
			}
			if cred.Number() != "ZP-2025-000123" {
				t.Fatalf("credential %q", cred.Number())
			}
			return
		}
		var ve *certificate.VerifyError
		if !errors.As(err, &ve) {
			t.Fatalf("error %T %q: want a *VerifyError", err, err)
		}
		if line := invalidLine(err); !strings.HasPrefix(line, "invalid ("+ve.Reason.String()+"): ") {
			t.Fatalf("line %q does not start with the reason", line)
		}
	})
}

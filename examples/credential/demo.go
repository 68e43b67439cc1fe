package main

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"strings"

	"github.com/dualtrack/dualtrack/certificate"
)

// demoSalt is the demo's salt for the holder hash. Real credentials get a
// fresh random salt each (issue does that unless -salt is given).
const demoSalt = "demo-salt-not-for-real-use"

// demoKey derives a key pair from a fixed text, so that the demo prints
// the same bytes on every run. Never make real keys this way: keygen draws
// them from crypto/rand.
func demoKey(name string) ed25519.PrivateKey {
	seed := sha256.Sum256([]byte("dualtrack examples/credential demo key: " + name))
	return ed25519.NewKeyFromSeed(seed[:])
}

// demo runs the round trip in memory: a key pair, the sample certificate
// issued as a signed credential, verified, and verified again after each
// thing that makes it fail.
func demo(w io.Writer) error {
	p := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }

	key := demoKey("issuer")
	pub := key.Public().(ed25519.PublicKey)
	kid := keyID(pub)
	cert := sampleCertificate()

	p("credential: a signed skill certificate, issued and verified on built-in data (no files written)")
	p("")
	p("1. keygen: an Ed25519 key pair (from a fixed seed, for a repeatable demo)")
	p("   key id  %s", kid)
	p("")
	p("2. issue: certificate %s, %s %s (%s), issued %s by %s, expires %s",
		cert.Number, cert.Occupation.Name, cert.Level.Chinese(), cert.Level.Code(), cert.Issued, cert.Issuer.Name, cert.Expires)
	token, err := issueToken(cert, key, kid, certificate.CredentialOptions{Salt: demoSalt})
	if err != nil {
		return err
	}
	header, err := base64.RawURLEncoding.DecodeString(strings.SplitN(token, ".", 2)[0])
	if err != nil {
		return err
	}
	p("   an Open Badges 3.0 credential signed as a compact JWS of %d bytes", len(token))
	p("   header  %s", header)
	p("   the holder %s appears only as a salted SHA-256 hash", cert.Holder.ID)
	p("")

	check := checker{pub: pub, kid: kid}
	p("3. verify")
	verdict := func(label string, c checker, tok string, asOf string) {
		cred, err := c.verify(tok, certificate.MustParseDate(asOf))
		line := ""
		if err != nil {
			line = invalidLine(err)
		} else {
			line = validLine(cred, certificate.MustParseDate(asOf))
		}
		p("   %s, as of %s", label, asOf)
		p("     %s", line)
	}
	verdict("as issued", check, token, "2025-09-01")
	holder := check
	holder.holder = cert.Holder.ID
	verdict("shown by holder "+cert.Holder.ID, holder, token, "2025-09-01")
	p("")

	p("4. what makes it fail (verify exits with status 1 and the reason)")
	verdict("one character changed", check, tamper(token), "2025-09-01")
	other := demoKey("someone else")
	otherPub := other.Public().(ed25519.PublicKey)
	verdict("checked with another key", checker{pub: otherPub, kid: keyID(otherPub)}, token, "2025-09-01")
	verdict("checked before it was issued", check, token, "2025-06-29")
	verdict("checked after it expired", check, token, "2028-06-30")
	revoked := check
	revoked.revoked = revocationList{cert.Number: {on: certificate.MustParseDate("2025-10-01"), reason: "考核材料不实 (assessment records found false)"}}
	verdict("revoked from 2025-10-01, the day before", revoked, token, "2025-09-30")
	verdict("revoked from 2025-10-01", revoked, token, "2025-10-01")
	wrongHolder := check
	wrongHolder.holder = "QX2025-9999"
	verdict("shown by someone else", wrongHolder, token, "2025-09-01")
	verdict("not a token at all", check, "hello", "2025-09-01")
	p("")

	p("The same with files:")
	p("   go run ./examples/credential keygen -out keys")
	p("   go run ./examples/credential issue -key keys/issuer.jwk -sample > cred.jws")
	p("   go run ./examples/credential verify -key keys/issuer.pub.jwk -as-of 2025-09-01 cred.jws")
	return nil
}

// tamper changes one character of the token's payload: the 200th from the
// end, well before the signature (the last 86 characters: 64 bytes of
// Ed25519 signature in base64url).
func tamper(token string) string {
	i := len(token) - 200
	c := byte('A')
	if token[i] == 'A' {
		c = 'B'
	}
	return token[:i] + string(c) + token[i+1:]
}

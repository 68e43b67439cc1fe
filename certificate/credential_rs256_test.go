package certificate_test

import (
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"math/big"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dualtrack/dualtrack/certificate"
)

// credRSAKid names the RSA key of the main fixture's issuer.
const credRSAKid = "https://jianding.example.cn/keys/2024-rsa"

// credRSAKey is the test-only 2048-bit RSA key of
// testdata/credential_rs256_testkey.pem. crypto/rsa.GenerateKey does not
// derive a key from its reader deterministically, so the key was generated
// once and stored; it is public and trusted nowhere.
var credRSAKey = sync.OnceValues(func() (*rsa.PrivateKey, error) {
	b, err := os.ReadFile("testdata/credential_rs256_testkey.pem")
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(b) // skips the warning text before the block
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, errors.New("testdata/credential_rs256_testkey.pem: no PRIVATE KEY block")
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, err
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, errors.New("testdata/credential_rs256_testkey.pem: not an RSA key")
	}
	return rk, nil
})

func credRSA(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	k, err := credRSAKey()
	require.NoError(t, err)
	require.Equal(t, 2048, k.N.BitLen())
	return k
}

// credRSASignRaw builds a compact JWS signed with RSASSA-PKCS1-v1_5 and
// SHA-256 (RS256, RFC 7518 §3.3) whatever the header says, as an RS256
// library of another issuer would. PKCS #1 v1.5 is deterministic, so the
// token is too.
func credRSASignRaw(t testing.TB, key *rsa.PrivateKey, header, payload string) string {
	t.Helper()
	enc := base64.RawURLEncoding
	input := enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload))
	digest := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, digest[:])
	require.NoError(t, err)
	return input + "." + enc.EncodeToString(sig)
}

// credRSAJWK is the public part of key as a JWK (RFC 7518 §6.3.1).
func credRSAJWK(key *rsa.PublicKey) string {
	enc := base64.RawURLEncoding
	return `{"kty":"RSA","n":"` + enc.EncodeToString(key.N.Bytes()) + `","e":"` + enc.EncodeToString(big.NewInt(int64(key.E)).Bytes()) + `"}`
}

// credBothVerifier trusts the main issuer's Ed25519 key under credKid and
// its RSA key under credRSAKid.
func credBothVerifier(t testing.TB) certificate.Verifier {
	t.Helper()
	v, err := certificate.NewVerifier([]certificate.TrustedKey{
		{Issuer: credIssuerURL, KeyID: credKid, Key: credKey().Public().(ed25519.PublicKey)},
		{Issuer: credIssuerURL, KeyID: credRSAKid, Key: &credRSA(t).PublicKey},
	}, nil)
	require.NoError(t, err)
	return v
}

// credRS256Token is the main fixture's payload (as Signer writes it) under
// the header {"alg":"RS256","kid":credRSAKid,"typ":"JWT"}.
func credRS256Token(t testing.TB) string {
	t.Helper()
	payload := credDecode(t, strings.Split(credToken(t), ".")[1])
	return credRSASignRaw(t, credRSA(t), `{"alg":"RS256","kid":"`+credRSAKid+`","typ":"JWT"}`, payload)
}

func TestVerifyRS256(t *testing.T) {
	ctx := context.Background()
	key := credRSA(t)
	enc := base64.RawURLEncoding
	payload := credDecode(t, strings.Split(credToken(t), ".")[1])
	header := `{"alg":"RS256","kid":"` + credRSAKid + `","typ":"JWT"}`
	tok := credRS256Token(t)
	parts := strings.Split(tok, ".")
	// 2048 bits are 256 bytes, and a PKCS #1 v1.5 signature is as long as
	// the modulus (RFC 8017 §8.2.1): 342 base64url characters (256*8/6 =
	// 341.33, rounded up).
	require.Len(t, parts[2], 342)

	jwk := credRSAJWK(&key.PublicKey)
	jwkHeader := func(jwk string) string { return `{"alg":"RS256","jwk":` + jwk + `,"typ":"JWT"}` }
	withMember := func(name, value string) string {
		return strings.Replace(jwk, `{`, `{"`+name+`":"`+value+`",`, 1)
	}
	// Another RSA public key of 2048 bits: the modulus plus 2 is odd and as
	// long. It is trusted nowhere; no one needs its private key.
	other := &rsa.PublicKey{N: new(big.Int).Add(key.N, big.NewInt(2)), E: key.E}
	nBytes := key.N.Bytes()
	short := &rsa.PublicKey{N: new(big.Int).SetBytes(nBytes[:128]), E: key.E} // 1024 bits at most
	short.N.SetBit(short.N, 1023, 1).SetBit(short.N, 0, 1)                    // exactly 1024, odd
	pssSig := func() string {
		input := parts[0] + "." + parts[1]
		digest := sha256.Sum256([]byte(input))
		// PSS draws a salt; a seeded ChaCha8 stream keeps the test fixed.
		salt := rand.NewChaCha8([32]byte{'r', 's', 'a'})
		sig, err := rsa.SignPSS(salt, key, crypto.SHA256, digest[:], &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
		require.NoError(t, err)
		return input + "." + enc.EncodeToString(sig)
	}
	sha512Sig := func() string {
		input := parts[0] + "." + parts[1]
		digest := sha512.Sum512([]byte(input))
		sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA512, digest[:])
		require.NoError(t, err)
		return input + "." + enc.EncodeToString(sig)
	}

	tests := []struct {
		name  string
		token func() string
		want  certificate.VerifyReason // 0: success
		field string                   // the FieldError's Field, for VerifyMalformed
	}{
		{"RS256 by kid", func() string { return tok }, 0, ""},
		{"RS256 by jwk", func() string { return credRSASignRaw(t, key, jwkHeader(jwk), payload) }, 0, ""},
		{"kid and jwk", func() string {
			return credRSASignRaw(t, key, strings.Replace(header, `{`, `{"jwk":`+jwk+`,`, 1), payload)
		}, 0, ""},
		{"Ed25519 token still verifies", func() string { return credToken(t) }, 0, ""},

		// Algorithm bound to the key.
		{"RS256 header, kid of the Ed25519 key", func() string {
			return credRSASignRaw(t, key, strings.Replace(header, credRSAKid, credKid, 1), payload)
		}, certificate.VerifyUnknownKey, ""},
		{"EdDSA header, kid of the RSA key", func() string {
			return credSignRaw(credKey(), `{"alg":"EdDSA","kid":"`+credRSAKid+`","typ":"JWT"}`, payload)
		}, certificate.VerifyUnknownKey, ""},
		{"EdDSA header, RSA signature", func() string {
			return credRSASignRaw(t, key, `{"alg":"EdDSA","kid":"`+credRSAKid+`","typ":"JWT"}`, payload)
		}, certificate.VerifyMalformed, ""},
		{"RS256 header, Ed25519 jwk", func() string {
			return credRSASignRaw(t, key, `{"alg":"RS256","jwk":{"kty":"OKP","crv":"Ed25519","x":"`+enc.EncodeToString(credKey().Public().(ed25519.PublicKey))+`"}}`, payload)
		}, certificate.VerifyMalformed, "jwk"},
		{"EdDSA header, RSA jwk", func() string {
			return credSignRaw(credKey(), `{"alg":"EdDSA","jwk":`+jwk+`}`, payload)
		}, certificate.VerifyMalformed, "jwk"},
		{"alg RS512", func() string { return credRSASignRaw(t, key, strings.Replace(header, "RS256", "RS512", 1), payload) }, certificate.VerifyMalformed, "alg"},
		{"alg PS256", func() string { return credRSASignRaw(t, key, strings.Replace(header, "RS256", "PS256", 1), payload) }, certificate.VerifyMalformed, "alg"},
		{"alg HS256", func() string { return credRSASignRaw(t, key, strings.Replace(header, "RS256", "HS256", 1), payload) }, certificate.VerifyMalformed, "alg"},
		{"alg rs256", func() string { return credRSASignRaw(t, key, strings.Replace(header, "RS256", "rs256", 1), payload) }, certificate.VerifyMalformed, "alg"},
		{"alg none", func() string {
			return enc.EncodeToString([]byte(strings.Replace(header, "RS256", "none", 1))) + "." + parts[1] + "."
		}, certificate.VerifyMalformed, ""},

		// The signature.
		{"signed over another payload", func() string {
			other := credRSASignRaw(t, key, header, strings.Replace(payload, "JD-2024-000777", "JD-2024-000778", 1))
			return parts[0] + "." + parts[1] + "." + strings.Split(other, ".")[2]
		}, certificate.VerifyBadSignature, ""},
		{"PKCS #1 v1.5 with SHA-512", sha512Sig, certificate.VerifyBadSignature, ""},
		{"PSS with SHA-256", pssSig, certificate.VerifyBadSignature, ""},
		{"signature equal to the modulus", func() string { return parts[0] + "." + parts[1] + "." + enc.EncodeToString(nBytes) }, certificate.VerifyBadSignature, ""},
		{"signature one byte short", func() string {
			sig := credDecode(t, parts[2])
			return parts[0] + "." + parts[1] + "." + enc.EncodeToString([]byte(sig[1:]))
		}, certificate.VerifyMalformed, ""},
		{"signature of 257 bytes for a 2048-bit key", func() string {
			return parts[0] + "." + parts[1] + "." + enc.EncodeToString(append([]byte{0}, credDecode(t, parts[2])...))
		}, certificate.VerifyBadSignature, ""},
		{"header iss of another issuer", func() string {
			return credRSASignRaw(t, key, strings.Replace(header, `{`, `{"iss":"https://other.example.cn",`, 1), payload)
		}, certificate.VerifyUnknownKey, ""},

		// The jwk.
		{"untrusted RSA jwk", func() string { return credRSASignRaw(t, key, jwkHeader(credRSAJWK(other)), payload) }, certificate.VerifyUnknownKey, ""},
		{"jwk with d", func() string { return credRSASignRaw(t, key, jwkHeader(withMember("d", "AQAB")), payload) }, certificate.VerifyMalformed, "jwk.d"},
		{"jwk with p", func() string { return credRSASignRaw(t, key, jwkHeader(withMember("p", "AQAB")), payload) }, certificate.VerifyMalformed, "jwk.p"},
		{"jwk with qi", func() string { return credRSASignRaw(t, key, jwkHeader(withMember("qi", "AQAB")), payload) }, certificate.VerifyMalformed, "jwk.qi"},
		{"jwk with oth", func() string {
			return credRSASignRaw(t, key, jwkHeader(strings.Replace(jwk, `{`, `{"oth":[],`, 1)), payload)
		}, certificate.VerifyMalformed, "jwk.oth"},
		{"jwk n with a leading zero octet", func() string {
			return credRSASignRaw(t, key, jwkHeader(strings.Replace(jwk, enc.EncodeToString(nBytes), enc.EncodeToString(append([]byte{0}, nBytes...)), 1)), payload)
		}, certificate.VerifyMalformed, "jwk.n"},
		{"jwk n of 1024 bits", func() string { return credRSASignRaw(t, key, jwkHeader(credRSAJWK(short)), payload) }, certificate.VerifyMalformed, "jwk.n"},
		{"jwk e with a leading zero octet", func() string {
			// 65537 is 0x010001: "AQAB"; with a zero octet in front, "AAEAAQ".
			return credRSASignRaw(t, key, jwkHeader(strings.Replace(jwk, `"AQAB"`, `"AAEAAQ"`, 1)), payload)
		}, certificate.VerifyMalformed, "jwk.e"},
		{"jwk e even", func() string {
			// "AQAA" is 0x010000 = 65536.
			return credRSASignRaw(t, key, jwkHeader(strings.Replace(jwk, `"AQAB"`, `"AQAA"`, 1)), payload)
		}, certificate.VerifyMalformed, "jwk.e"},
		{"jwk e of 5 octets", func() string {
			return credRSASignRaw(t, key, jwkHeader(strings.Replace(jwk, `"AQAB"`, `"AQAAAAE"`, 1)), payload)
		}, certificate.VerifyMalformed, "jwk.e"},
		{"jwk n padded", func() string {
			return credRSASignRaw(t, key, jwkHeader(strings.Replace(jwk, enc.EncodeToString(nBytes), base64.URLEncoding.EncodeToString(nBytes), 1)), payload)
		}, certificate.VerifyMalformed, "jwk.n"},
		{"jwk without e", func() string {
			return credRSASignRaw(t, key, jwkHeader(strings.Replace(jwk, `,"e":"AQAB"`, ``, 1)), payload)
		}, certificate.VerifyMalformed, "jwk.e"},
	}
	v := credBothVerifier(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cred, err := v.Verify(ctx, tt.token(), credDay("2025-01-01"))
			if tt.want == 0 {
				require.NoError(t, err)
				assert.Equal(t, "JD-2024-000777", cred.Number())
				return
			}
			var ve *certificate.VerifyError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.want, ve.Reason, "%v", err)
			assert.NotEmpty(t, ve.Detail)
			if tt.field != "" {
				var fe *certificate.FieldError
				require.ErrorAs(t, err, &fe, "%v", err)
				assert.Equal(t, tt.field, fe.Field, "%v", err)
			}
		})
	}

	t.Run("messages", func(t *testing.T) {
		_, err := v.Verify(ctx, credRSASignRaw(t, key, strings.Replace(header, credRSAKid, credKid, 1), payload), credDay("2025-01-01"))
		assert.EqualError(t, err, `certificate: credential unknown-key: the token's alg is RS256, but key "`+credKid+
			`" of issuer "https://jianding.example.cn" is an Ed25519 key (alg EdDSA); it is not used for another alg`)
		_, err = v.Verify(ctx, credSignRaw(credKey(), `{"alg":"EdDSA","kid":"`+credRSAKid+`"}`, payload), credDay("2025-01-01"))
		assert.EqualError(t, err, `certificate: credential unknown-key: the token's alg is EdDSA, but key "`+credRSAKid+
			`" of issuer "https://jianding.example.cn" is an RSA key (alg RS256); it is not used for another alg`)
	})
	t.Run("the RSA jwk is not trusted by itself", func(t *testing.T) {
		_, err := certificate.Verifier{}.Verify(ctx, credRSASignRaw(t, key, jwkHeader(jwk), payload), credDay("2025-01-01"))
		assert.ErrorIs(t, err, certificate.VerifyUnknownKey)
	})
	t.Run("validity and claims apply as for EdDSA", func(t *testing.T) {
		_, err := v.Verify(ctx, tok, credDay("2027-07-01"))
		assert.ErrorIs(t, err, certificate.VerifyExpired)
		_, err = v.Verify(ctx, credRSASignRaw(t, key, header, strings.Replace(payload, `"nbf":`+credNbf, `"nbf":1`, 1)), credDay("2025-01-01"))
		assert.ErrorIs(t, err, certificate.VerifyMalformed)
	})
}

// TestVerifyRS256Tamper changes every byte of an RS256 token as
// TestVerifyTamper does for EdDSA: nothing may verify, and a changed payload
// or signature must fail on the encoding or the signature.
func TestVerifyRS256Tamper(t *testing.T) {
	ctx := context.Background()
	tok := credRS256Token(t)
	v := credBothVerifier(t)
	_, err := v.Verify(ctx, tok, credDay("2025-01-01"))
	require.NoError(t, err)

	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	headerEnd := strings.Index(tok, ".")
	payloadEnd := strings.LastIndex(tok, ".")
	count := 0
	for i := 0; i < len(tok); i++ {
		if tok[i] == '.' {
			continue
		}
		k := strings.IndexByte(alphabet, tok[i])
		for _, c := range []byte{alphabet[(k+1)%64], alphabet[(k+32)%64]} {
			bad := tok[:i] + string(c) + tok[i+1:]
			_, err := v.Verify(ctx, bad, credDay("2025-01-01"))
			count++
			var ve *certificate.VerifyError
			if !errors.As(err, &ve) {
				t.Fatalf("byte %d changed to %q: verified (err %v)", i, c, err)
			}
			allowed := []certificate.VerifyReason{certificate.VerifyMalformed, certificate.VerifyBadSignature}
			if i < headerEnd {
				allowed = append(allowed, certificate.VerifyUnknownKey)
			}
			if !containsReason(allowed, ve.Reason) {
				t.Fatalf("byte %d (part %s) changed to %q: reason %s, want one of %v: %v",
					i, credPart(i, headerEnd, payloadEnd), c, ve.Reason, allowed, err)
			}
		}
	}
	// 2 changes for every byte that is not one of the 2 dots.
	assert.Equal(t, 2*(len(tok)-2), count)
}

func TestNewVerifierRSA(t *testing.T) {
	key := credRSA(t)
	n := key.N // 2048 bits, odd
	shifted := func(shift int) *big.Int {
		// n moved left (shift > 0) or right (shift < 0), then made odd:
		// 2048+shift bits.
		m := new(big.Int)
		if shift >= 0 {
			m.Lsh(n, uint(shift))
		} else {
			m.Rsh(n, uint(-shift))
		}
		return m.SetBit(m, 0, 1)
	}
	rsaKey := func(n *big.Int, e int) certificate.TrustedKey {
		return certificate.TrustedKey{Issuer: credIssuerURL, KeyID: credRSAKid, Key: &rsa.PublicKey{N: n, E: e}}
	}
	var nilRSA *rsa.PublicKey
	overE := int64(1)<<31 + 1 // the odd number after 2^31-1, the largest exponent crypto/rsa takes
	tests := []struct {
		name string
		key  certificate.TrustedKey
		ok   bool
	}{
		{"2048 bits, e 65537", rsaKey(n, 65537), true},
		{"8192 bits", rsaKey(shifted(8192-2048), 65537), true},
		{"e 3", rsaKey(n, 3), true},
		{"e 2^31-1", rsaKey(n, 1<<31-1), true},
		{"1024 bits", rsaKey(shifted(1024-2048), 65537), false},
		{"2047 bits", rsaKey(shifted(-1), 65537), false},
		{"8193 bits", rsaKey(shifted(8193-2048), 65537), false},
		{"even modulus", rsaKey(new(big.Int).Sub(n, big.NewInt(1)), 65537), false},
		{"negative modulus", rsaKey(new(big.Int).Neg(n), 65537), false},
		{"no modulus", rsaKey(nil, 65537), false},
		{"e 1", rsaKey(n, 1), false},
		{"e 65536", rsaKey(n, 65536), false},
		{"e -65537", rsaKey(n, -65537), false},
		{"e 2^31+1", rsaKey(n, int(overE)), false}, // negative where int has 32 bits: refused too
		{"nil *rsa.PublicKey", certificate.TrustedKey{Issuer: credIssuerURL, KeyID: credRSAKid, Key: nilRSA}, false},
		{"rsa.PublicKey value", certificate.TrustedKey{Issuer: credIssuerURL, KeyID: credRSAKid, Key: key.PublicKey}, false},
		{"*rsa.PrivateKey", certificate.TrustedKey{Issuer: credIssuerURL, KeyID: credRSAKid, Key: key}, false},
		{"ed25519.PrivateKey", certificate.TrustedKey{Issuer: credIssuerURL, KeyID: credKid, Key: credKey()}, false},
		{"no key", certificate.TrustedKey{Issuer: credIssuerURL, KeyID: credKid}, false},
		{"[]byte of 32 bytes, as before", certificate.TrustedKey{Issuer: credIssuerURL, KeyID: credKid, Key: []byte(credKey().Public().(ed25519.PublicKey))}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The key comes second, so the field names index 1.
			_, err := certificate.NewVerifier([]certificate.TrustedKey{
				{Issuer: "https://other.example.cn", KeyID: credKid, Key: credOtherKey().Public().(ed25519.PublicKey)}, tt.key}, nil)
			if tt.ok {
				require.NoError(t, err)
				return
			}
			var fe *certificate.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, "keys[1].key", fe.Field)
			assert.ErrorIs(t, err, certificate.ErrInvalid)
		})
	}
	t.Run("1024-bit message", func(t *testing.T) {
		_, err := certificate.NewVerifier([]certificate.TrustedKey{rsaKey(shifted(1024-2048), 65537)}, nil)
		assert.EqualError(t, err, "certificate: keys[0].key: an RSA modulus of 1024 bits is too short: RS256 needs at least 2048 (RFC 7518 §3.3)")
	})
	t.Run("keys are copied", func(t *testing.T) {
		pub := &rsa.PublicKey{N: new(big.Int).Set(n), E: key.E}
		v, err := certificate.NewVerifier([]certificate.TrustedKey{{Issuer: credIssuerURL, KeyID: credRSAKid, Key: pub}}, nil)
		require.NoError(t, err)
		pub.N.SetInt64(3)
		pub.E = 5
		_, err = v.Verify(context.Background(), credRS256Token(t), credDay("2025-01-01"))
		assert.NoError(t, err)
	})
	t.Run("one issuer, one kid, two key types", func(t *testing.T) {
		// The (issuer, kid) pair is unique whatever the key's type.
		_, err := certificate.NewVerifier([]certificate.TrustedKey{
			{Issuer: credIssuerURL, KeyID: credKid, Key: credKey().Public().(ed25519.PublicKey)},
			{Issuer: credIssuerURL, KeyID: credKid, Key: &key.PublicKey},
		}, nil)
		var fe *certificate.FieldError
		require.ErrorAs(t, err, &fe)
		assert.Equal(t, "keys[1].kid", fe.Field)
	})
}

package certificate

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Signed credentials follow the JSON Web Token Proof Format ("VC-JWT") of
// Open Badges 3.0 §8.2: a JWT signed as a compact JWS (RFC 7515 §7.1),
//
//	BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(signature)
//
// base64url without padding (RFC 7515 §2) and a signature over the ASCII of
// the first two parts. Signer signs with Ed25519 (alg "EdDSA", RFC 8037
// §3.1). Verifier also accepts RSASSA-PKCS1-v1_5 with SHA-256 (alg "RS256",
// RFC 7518 §3.3), because OB 3.0 §8.2.3 makes RS256 the algorithm every
// implementation must support, so tokens of other issuers are most likely
// RS256. Each trusted key verifies one algorithm, fixed by its type; a
// token's alg only selects among the keys of that type.
//
// The JOSE header is {"alg":"EdDSA","kid":<key id>,"typ":"JWT"}: OB 3.0
// §8.2.3 allows only alg, kid, jwk and typ ("Additional JOSE Headers are NOT
// allowed"), wants a kid that is a URI naming the public key (or else the
// key itself as jwk), and typ, if present, "JWT".
//
// The payload is the credential JSON itself with the JWT registered claims
// beside its members (OB 3.0 §8.2.4.1; not wrapped in a "vc" claim, which
// was the VC 1.1 form): iss = issuer.id, sub = credentialSubject.id, exp =
// validUntil and nbf = validFrom as NumericDates (RFC 7519 §2: seconds since
// 1970-01-01T00:00:00Z), jti = id. They come first, in the order of RFC 7519
// §4.1 (iss, sub, exp, nbf, jti); sub only when the credential has a subject
// id and exp only when it has a validUntil. The OB 3.0 schema allows the
// extra members (its root has additionalProperties true).

// Signer signs credentials with one Ed25519 private key, named by a key id
// (kid) that verifiers register the public key under. A Signer is immutable
// and safe for concurrent use; the zero Signer cannot sign.
type Signer struct {
	key ed25519.PrivateKey
	kid string
}

// NewSigner returns a Signer for the key. The key must be an
// ed25519.PrivateKey of ed25519.PrivateKeySize (64) bytes, as from
// ed25519.GenerateKey or ed25519.NewKeyFromSeed; the key id must be non-empty
// valid UTF-8 without control characters. The key is copied. Errors are
// *FieldError values with Field "key" or "kid".
//
// For tokens that other Open Badges 3.0 verifiers accept, make the key id an
// absolute URI that names the public key, such as
// "https://cert.example.cn/keys/2024" or a DID URL: OB 3.0 §8.2.3 types kid
// as a URI "that can be dereferenced" to the key (publishing the key there is
// the issuer's business; a Verifier of this package takes it from
// TrustedKey). A plain key id ("key-2024") is accepted for verifiers that
// only match it against their own list, as this package's Verifier does.
func NewSigner(key ed25519.PrivateKey, kid string) (Signer, error) {
	if len(key) != ed25519.PrivateKeySize {
		return Signer{}, fieldErr("key", "", fmt.Sprintf("an Ed25519 private key is %d bytes, not %d", ed25519.PrivateKeySize, len(key)))
	}
	if err := credCheckKeyID("kid", kid); err != nil {
		return Signer{}, err
	}
	return Signer{key: slices.Clone(key), kid: kid}, nil
}

// KeyID returns the signer's key id.
func (s Signer) KeyID() string { return s.kid }

// Public returns the public key that verifies the signer's signatures (nil
// for the zero Signer).
func (s Signer) Public() ed25519.PublicKey {
	if s.key == nil {
		return nil
	}
	pub, _ := s.key.Public().(ed25519.PublicKey) // a fresh copy
	return pub
}

// Sign returns cred as a compact JWS signed with the signer's key, in the
// OB 3.0 JSON Web Token Proof Format: the header {"alg":"EdDSA","kid":...,
// "typ":"JWT"} and as payload the credential JSON (see Credential.MarshalJSON)
// preceded by the claims iss, sub (only if the credential has a subject id),
// exp (only if it has a validUntil), nbf and jti, as described at the top of
// this file.
//
// OB 3.0 §8.2.4.1 marks sub as required but defines it as
// credentialSubject.id, which the data model makes optional and which
// credentials of this package carry only with CredentialOptions.SubjectID.
// Without one the token has no sub: a verifier that insists on sub rejects
// it, but one that compares sub with credentialSubject.id, as §8.2.6.1 says,
// would reject any invented value too.
//
// Ed25519 is deterministic and the claims are fixed by the credential, so the
// same credential and key always give the same token. Sign fails for the zero
// Signer or the zero Credential, and if the token would exceed
// MaxCredentialSize.
func (s Signer) Sign(cred Credential) (string, error) {
	if s.key == nil {
		return "", fieldErr("signer", "", "the zero Signer has no key")
	}
	body, err := cred.MarshalJSON()
	if err != nil {
		return "", err
	}
	claims := credClaimsOut{Iss: cred.Issuer(), Sub: cred.SubjectID(), Nbf: json.RawMessage(credNumericDate(cred.from)), Jti: cred.ID()}
	if !cred.until.IsZero() {
		claims.Exp = json.RawMessage(credNumericDate(cred.until))
	}
	head, err := credEncodeJSON(claims)
	if err != nil {
		return "", err
	}
	// Splice: the claims object without its "}", a comma, the credential
	// object without its "{". The credential JSON never has these members.
	payload := append(append(head[:len(head)-1:len(head)-1], ','), body[1:]...)
	header, err := credEncodeJSON(credHeader{Alg: "EdDSA", Kid: s.kid, Typ: "JWT"})
	if err != nil {
		return "", err
	}
	enc := base64.RawURLEncoding
	input := enc.EncodeToString(header) + "." + enc.EncodeToString(payload)
	token := input + "." + enc.EncodeToString(ed25519.Sign(s.key, []byte(input)))
	if len(token) > MaxCredentialSize {
		return "", fieldErr("credential", cred.ID(), fmt.Sprintf("the signed credential is %d bytes, over the limit of %d", len(token), MaxCredentialSize))
	}
	return token, nil
}

// credHeader is the JOSE header, in output order. Sign writes alg, kid and
// typ only; the others are read from tokens of other issuers (jwk, OB 3.0
// §8.2.3), of VC-JOSE-COSE (cty) and of earlier versions of this package
// (iss, and typ "vc+jwt").
type credHeader struct {
	Alg  string          `json:"alg"`
	Kid  string          `json:"kid,omitempty"`
	Typ  string          `json:"typ,omitempty"`
	Jwk  json.RawMessage `json:"jwk,omitempty"`
	Cty  string          `json:"cty,omitempty"`
	Iss  string          `json:"iss,omitempty"`
	Crit json.RawMessage `json:"crit,omitempty"`
}

// credHeaderNames are the member names of the header and of a JWK in it.
var credHeaderNames = [...]string{"alg", "crit", "crv", "cty", "d", "dp", "dq", "e", "iss", "jwk", "kid", "kty", "n", "oth", "p", "q", "qi", "typ", "x"}

// The signature algorithms Verify accepts (RFC 7518 §3.1, RFC 8037 §3.1).
const (
	credAlgEdDSA = "EdDSA"
	credAlgRS256 = "RS256"
)

// RSA key limits. RFC 7518 §3.3: "A key of size 2048 bits or larger MUST be
// used" with RS256. 8192 bits is the largest RSA key crypto/tls accepts
// (defaultMaxRSAKeySize): it bounds the work of one verification. The public
// exponent must be odd, at least 3 and fit in 31 bits, as crypto/rsa
// requires of every public key.
const (
	credRSAMinBits = 2048
	credRSAMaxBits = 8192
	credRSAMaxE    = 1<<31 - 1
)

// credJWK is a public key as a JWK: Ed25519 (kty "OKP", RFC 8037 §2) or RSA
// (kty "RSA", RFC 7518 §6.3.1). The raw members are those of a private key
// (RFC 8037 §2 and RFC 7518 §6.3.2), which a header must not carry.
type credJWK struct {
	Kty string          `json:"kty"`
	Crv string          `json:"crv"`
	X   string          `json:"x"`
	N   string          `json:"n"`
	E   string          `json:"e"`
	D   json.RawMessage `json:"d"`
	P   json.RawMessage `json:"p"`
	Q   json.RawMessage `json:"q"`
	DP  json.RawMessage `json:"dp"`
	DQ  json.RawMessage `json:"dq"`
	QI  json.RawMessage `json:"qi"`
	Oth json.RawMessage `json:"oth"`
}

// credPub is a public key as Verify uses it: the algorithm it verifies,
// fixed by its type, and an id that is equal exactly for equal keys.
type credPub struct {
	alg string // credAlgEdDSA or credAlgRS256
	id  string
	ed  ed25519.PublicKey // for EdDSA
	rsa *rsa.PublicKey    // for RS256
}

// credEdPub returns key (of ed25519.PublicKeySize bytes) as a credPub; the
// key is copied.
func credEdPub(key ed25519.PublicKey) credPub {
	return credPub{alg: credAlgEdDSA, id: credAlgEdDSA + "\x00" + string(key), ed: slices.Clone(key)}
}

// credRSAPub returns the RSA key (n, e) as a credPub, or the reason why it
// is not acceptable: a modulus that is not odd and of credRSAMinBits to
// credRSAMaxBits bits, or an exponent that is not odd and from 3 to
// credRSAMaxE. n is copied.
func credRSAPub(n *big.Int, e int) (credPub, string) {
	if reason := credRSAModulus(n); reason != "" {
		return credPub{}, reason
	}
	if reason := credRSAExponent(int64(e)); reason != "" {
		return credPub{}, reason
	}
	// The id: the algorithm, the exponent in 8 hex digits, the modulus.
	id := fmt.Sprintf("%s\x00%08x", credAlgRS256, e) + string(n.Bytes())
	return credPub{alg: credAlgRS256, id: id, rsa: &rsa.PublicKey{N: new(big.Int).Set(n), E: e}}, ""
}

// credRSAModulus returns why n is not an acceptable RSA modulus, or "".
func credRSAModulus(n *big.Int) string {
	switch bits := n.BitLen(); {
	case n.Sign() <= 0 || n.Bit(0) == 0:
		return "an RSA modulus is a positive odd number"
	case bits < credRSAMinBits:
		return fmt.Sprintf("an RSA modulus of %d bits is too short: RS256 needs at least %d (RFC 7518 §3.3)", bits, credRSAMinBits)
	case bits > credRSAMaxBits:
		return fmt.Sprintf("an RSA modulus of %d bits is over the limit of %d", bits, credRSAMaxBits)
	}
	return ""
}

// credRSAExponent returns why e is not an acceptable RSA public exponent,
// or "".
func credRSAExponent(e int64) string {
	if e < 3 || e > credRSAMaxE || e%2 == 0 {
		return fmt.Sprintf("RSA public exponent %d: want an odd number from 3 to %d", e, credRSAMaxE)
	}
	return ""
}

// credPublicKey checks a trusted key and returns it as a credPub, or the
// reason why it is not acceptable.
func credPublicKey(key crypto.PublicKey) (credPub, string) {
	if b, ok := key.([]byte); ok {
		key = ed25519.PublicKey(b) // what the field held when it had that type
	}
	switch k := key.(type) {
	case ed25519.PublicKey:
		if len(k) != ed25519.PublicKeySize {
			return credPub{}, fmt.Sprintf("an Ed25519 public key is %d bytes, not %d", ed25519.PublicKeySize, len(k))
		}
		return credEdPub(k), ""
	case *rsa.PublicKey:
		if k == nil || k.N == nil {
			return credPub{}, "an RSA public key needs a modulus"
		}
		return credRSAPub(k.N, k.E)
	case nil:
		return credPub{}, "a key is required"
	}
	return credPub{}, fmt.Sprintf("a key of type %T is not accepted: want an ed25519.PublicKey or an *rsa.PublicKey", key)
}

// credAlgOfKey names a key's algorithm and type for messages.
func credAlgOfKey(alg string) string {
	if alg == credAlgRS256 {
		return "an RSA key (alg RS256)"
	}
	return "an Ed25519 key (alg EdDSA)"
}

// credClaimsOut are the registered claims Sign writes, in output order.
type credClaimsOut struct {
	Iss string          `json:"iss"`
	Sub string          `json:"sub,omitempty"`
	Exp json.RawMessage `json:"exp,omitempty"`
	Nbf json.RawMessage `json:"nbf"`
	Jti string          `json:"jti"`
}

// credClaims are the registered claims as read, raw so that a claim of the
// wrong JSON type (a string nbf, a null iss) is noticed rather than skipped.
type credClaims struct {
	Iss json.RawMessage `json:"iss"`
	Sub json.RawMessage `json:"sub"`
	Exp json.RawMessage `json:"exp"`
	Nbf json.RawMessage `json:"nbf"`
	Jti json.RawMessage `json:"jti"`
}

// check reports the first claim that disagrees with cred, as a *FieldError
// whose Field is the claim name. A missing claim agrees.
func (c credClaims) check(cred Credential) error {
	for _, s := range [...]struct {
		name string
		raw  json.RawMessage
		want string
		of   string
	}{
		{"iss", c.Iss, cred.Issuer(), "issuer.id"},
		{"sub", c.Sub, cred.SubjectID(), "credentialSubject.id"},
		{"jti", c.Jti, cred.ID(), "id"},
	} {
		if s.raw == nil {
			continue
		}
		var got string
		if len(s.raw) == 0 || s.raw[0] != '"' || json.Unmarshal(s.raw, &got) != nil {
			return fieldErr(s.name, clip(string(s.raw)), "want a string: the credential's "+s.of)
		}
		switch {
		case s.want == "":
			return fieldErr(s.name, got, "the credential has no "+s.of+" for the claim to match")
		case got != s.want:
			return fieldErr(s.name, got, fmt.Sprintf("does not match %s %q", s.of, clip(s.want)))
		}
	}
	for _, s := range [...]struct {
		name string
		raw  json.RawMessage
		want time.Time
		of   string
	}{
		{"nbf", c.Nbf, cred.from, "validFrom"},
		{"exp", c.Exp, cred.until, "validUntil"},
	} {
		if s.raw == nil {
			continue
		}
		got, whole, err := credParseNumericDate(string(s.raw))
		if err != nil {
			return fieldErr(s.name, clip(string(s.raw)), err.Error())
		}
		if s.want.IsZero() {
			return fieldErr(s.name, string(s.raw), "the credential has no "+s.of+" for the claim to match")
		}
		if !got.Equal(s.want) && !(whole && got.Equal(s.want.Truncate(time.Second))) {
			return fieldErr(s.name, string(s.raw), fmt.Sprintf("does not match %s %s (NumericDate %s)",
				s.of, s.want.Format(time.RFC3339Nano), credNumericDate(s.want)))
		}
	}
	return nil
}

// credNumericDate formats t as a NumericDate (RFC 7519 §2): whole seconds
// since 1970-01-01T00:00:00Z, with a decimal fraction only if t has one.
func credNumericDate(t time.Time) string {
	sec, ns := t.Unix(), int64(t.Nanosecond()) // t = sec + ns/1e9, 0 <= ns < 1e9
	if ns == 0 {
		return strconv.FormatInt(sec, 10)
	}
	sign := ""
	if sec < 0 { // -1 + 0.25 is written -0.75
		sign, sec, ns = "-", -(sec + 1), 1e9-ns
	}
	return sign + strconv.FormatInt(sec, 10) + "." + strings.TrimRight(fmt.Sprintf("%09d", ns), "0")
}

// credParseNumericDate reads a NumericDate: a JSON number (not a string) of
// seconds since 1970-01-01T00:00:00Z, possibly with a fraction or an
// exponent (1.7196768e9), exactly to the nanosecond (further digits are
// dropped). whole reports that the number has no fraction. It refuses
// numbers of more than 12 integer digits (beyond any date a credential can
// hold) or of more than 64 characters, so that no input makes it work hard.
func credParseNumericDate(s string) (t time.Time, whole bool, err error) {
	const want = "want a NumericDate: a JSON number of seconds since 1970-01-01T00:00:00Z"
	if s == "" || !(s[0] == '-' || '0' <= s[0] && s[0] <= '9') {
		return time.Time{}, false, errors.New(want)
	}
	if len(s) > 64 {
		return time.Time{}, false, fmt.Errorf("a number of %d characters is not a NumericDate", len(s))
	}
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	mant, expText, hasExp := strings.Cut(strings.ToLower(s), "e")
	exp := 0
	if hasExp {
		// The payload is valid JSON, so expText is an optional sign and
		// digits; at most 4 digits keeps the arithmetic below small.
		digits := strings.TrimLeft(expText, "+-")
		if len(digits) > 4 {
			return time.Time{}, false, errors.New("exponent out of range for a NumericDate")
		}
		if exp, err = strconv.Atoi(expText); err != nil {
			return time.Time{}, false, errors.New(want)
		}
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	digits := strings.TrimLeft(intPart+frac, "0")
	point := len(intPart) + exp - (len(intPart+frac) - len(digits)) // digits before the decimal point
	var secText, fracText string
	switch {
	case digits == "":
		secText = "0"
	case point <= 0:
		secText, fracText = "0", strings.Repeat("0", -point)+digits
	case point > 12:
		return time.Time{}, false, errors.New("out of range for a NumericDate")
	case point >= len(digits):
		secText = digits + strings.Repeat("0", point-len(digits))
	default:
		secText, fracText = digits[:point], digits[point:]
	}
	sec, err := strconv.ParseInt(secText, 10, 64)
	if err != nil {
		return time.Time{}, false, errors.New(want)
	}
	whole = strings.Trim(fracText, "0") == ""
	if len(fracText) > 9 {
		fracText = fracText[:9]
	}
	ns := int64(0)
	if fracText != "" {
		ns, _ = strconv.ParseInt(fracText+strings.Repeat("0", 9-len(fracText)), 10, 64)
	}
	if neg {
		sec, ns = -sec, -ns
	}
	return time.Unix(sec, ns).UTC(), whole, nil
}

// TrustedKey is an issuer's public key that a Verifier accepts, registered
// under the issuer's id (the issuer.id of its credentials) and a key id (the
// kid of its tokens; a URI for tokens that follow OB 3.0 §8.2.3, but any
// string is matched as given).
//
// Key is an ed25519.PublicKey, which verifies tokens with alg "EdDSA" (those
// of Signer), or an *rsa.PublicKey, which verifies tokens with alg "RS256",
// the algorithm OB 3.0 §8.2.3 requires every implementation to support.
// The key's type fixes its algorithm: a token whose alg does not fit the key
// is not verified with it. NewVerifier states the limits on each type. (A
// plain []byte is taken as an Ed25519 public key, as it was when Key had
// type ed25519.PublicKey.)
type TrustedKey struct {
	Issuer string
	KeyID  string
	Key    crypto.PublicKey
}

// StatusChecker looks up the current standing of a credential's certificate,
// as of a day. A Verifier calls it after the signature and the validity
// period have been checked. Return an error when the standing cannot be
// established (the register is unreachable, it does not know the
// certificate): the verification then fails with VerifyStatusUnavailable.
type StatusChecker interface {
	CredentialStatus(ctx context.Context, cred Credential, asOf Date) (Status, error)
}

// CertificateGetter finds a certificate by its number. A certificate
// registry satisfies it.
type CertificateGetter interface {
	Get(ctx context.Context, number string) (Certificate, error)
}

// RegistryStatus returns a StatusChecker that looks the credential's
// certificate up by its number (Credential.Number) and answers its
// Certificate.StatusOn the day asked. The certificate found must be the one
// the credential describes, as Certificate.Credential exports it: the same
// holder (Credential.HolderMatches with its Holder.ID), the same issuer
// (the credential's issuer id, or one of the issuer's other identifiers,
// is the certificate's Issuer.ID), the same occupation code (the
// achievement's humanCode) and level (the last segment of the achievement's
// id), and the same issue date (Credential.ValidFrom). Otherwise, or if the
// lookup fails, the checker returns an error, a *FieldError naming the
// credential's member that differs. (Expiry is not compared: the status the
// registry gives already counts its own expiry date.)
func RegistryStatus(g CertificateGetter) StatusChecker { return credRegistryStatus{g} }

type credRegistryStatus struct{ g CertificateGetter }

func (r credRegistryStatus) CredentialStatus(ctx context.Context, cred Credential, asOf Date) (Status, error) {
	number := cred.Number()
	switch {
	case r.g == nil:
		return Status{}, fieldErr("registry", "", "RegistryStatus was given no registry")
	case number == "":
		return Status{}, fieldErr("credentialSubject.licenseNumber", "", "the credential carries no certificate number to look up")
	}
	c, err := r.g.Get(ctx, number)
	if err != nil {
		return Status{}, fmt.Errorf("certificate: looking up certificate %q: %w", clip(number), err)
	}
	if !cred.HolderMatches(c.Holder.ID) {
		return Status{}, fieldErr("credentialSubject.identifier", number,
			"the registered certificate with this number belongs to another holder")
	}
	if err := credDescribes(cred, c); err != nil {
		return Status{}, err
	}
	return c.StatusOn(asOf), nil
}

// credDescribes reports, as a *FieldError, the first of the issuer,
// occupation, level and issue date in which cred differs from the
// registered certificate c of its number.
func credDescribes(cred Credential, c Certificate) error {
	const registered = "the registered certificate with this number "
	if cred.Issuer() != c.Issuer.ID && !slices.ContainsFunc(cred.doc.Issuer.OtherIdentifier, func(o credIdentEntry) bool {
		return o.Identifier == c.Issuer.ID
	}) {
		return fieldErr("issuer.id", cred.Issuer(), fmt.Sprintf(registered+"was issued by %q", clip(c.Issuer.ID)))
	}
	a := cred.doc.Subject.Achievement
	if a == nil || a.HumanCode != c.Occupation.Code {
		code := ""
		if a != nil {
			code = a.HumanCode
		}
		return fieldErr("credentialSubject.achievement.humanCode", code, fmt.Sprintf(registered+"is for occupation %q", clip(c.Occupation.Code)))
	}
	if level := a.ID[strings.LastIndexByte(a.ID, '/')+1:]; level != c.Level.Code() {
		return fieldErr("credentialSubject.achievement.id", a.ID, fmt.Sprintf(registered+"is at level %s", c.Level.Code()))
	}
	if from := cred.ValidFrom(); from != c.Issued {
		return fieldErr("validFrom", cred.doc.ValidFrom, fmt.Sprintf(registered+"was issued on %s", c.Issued))
	}
	return nil
}

// Verifier checks signed credentials against a set of trusted issuer keys
// and, optionally, a StatusChecker. It is immutable and safe for concurrent
// use. The zero Verifier trusts no key, so it verifies nothing.
type Verifier struct {
	byKid  map[string][]credTrusted
	byKey  map[string][]credTrusted // by credPub.id, for tokens with a jwk and no kid
	status StatusChecker
}

type credTrusted struct {
	issuer string
	kid    string
	key    credPub
}

// NewVerifier returns a Verifier that trusts the keys. Each key needs an
// issuer id that is an absolute URI, a key id, and a public key that is
// either an ed25519.PublicKey of ed25519.PublicKeySize (32) bytes or an
// *rsa.PublicKey whose modulus is odd and has 2048 to 8192 bits (RFC 7518
// §3.3 requires at least 2048 for RS256; 8192 is the limit of crypto/tls
// and bounds the work of a verification) and whose exponent is odd, at
// least 3 and at most 2³¹−1 (as crypto/rsa requires). An issuer may have
// several keys (during a rollover, or one of each type), but one (issuer,
// key id) pair only one key. Keys are copied. Errors are *FieldError values
// with Field "keys[i].issuer", "keys[i].kid" or "keys[i].key".
//
// Verify chooses keys by the token's kid before it reads the payload, so it
// tries every key registered under that kid (narrowed to one issuer when the
// header names it in iss, as tokens of earlier versions of this package do);
// kids unique across issuers, such as URIs under each issuer's domain, keep
// that to one.
//
// With a nil status checker, Verify checks the signature and the validity
// period only: it then says nothing about revocation or suspension.
func NewVerifier(keys []TrustedKey, status StatusChecker) (Verifier, error) {
	v := Verifier{byKid: make(map[string][]credTrusted, len(keys)), byKey: make(map[string][]credTrusted, len(keys)), status: status}
	for i, k := range keys {
		field := fmt.Sprintf("keys[%d]", i)
		if err := credCheckURI(field+".issuer", k.Issuer); err != nil {
			return Verifier{}, err
		}
		if err := credCheckKeyID(field+".kid", k.KeyID); err != nil {
			return Verifier{}, err
		}
		pub, reason := credPublicKey(k.Key)
		if reason != "" {
			return Verifier{}, fieldErr(field+".key", "", reason)
		}
		for _, t := range v.byKid[k.KeyID] {
			if t.issuer == k.Issuer {
				return Verifier{}, fieldErr(field+".kid", k.KeyID, fmt.Sprintf("issuer %q already has a key with this id", clip(k.Issuer)))
			}
		}
		t := credTrusted{issuer: k.Issuer, kid: k.KeyID, key: pub}
		v.byKid[t.kid] = append(v.byKid[t.kid], t)
		v.byKey[pub.id] = append(v.byKey[pub.id], t)
	}
	byIssuer := func(a, b credTrusted) int {
		if c := strings.Compare(a.issuer, b.issuer); c != 0 {
			return c
		}
		return strings.Compare(a.kid, b.kid)
	}
	for _, ts := range v.byKid {
		slices.SortFunc(ts, byIssuer)
	}
	for _, ts := range v.byKey {
		slices.SortFunc(ts, byIssuer)
	}
	return v, nil
}

// Verify checks a signed credential and returns it. It performs the steps
// of Open Badges 3.0 §8.2.6 and §8.2.6.1, and the validity and status checks
// of §9.1, in this order; the first that fails gives the error, a
// *VerifyError:
//
//  1. Form (VerifyMalformed): at most MaxCredentialSize bytes; exactly three
//     non-empty parts of base64url characters, decoded strictly (no padding,
//     no stray bits); a header that is a JSON object without repeated or
//     case-variant member names, with alg "EdDSA" or "RS256" (never "none",
//     an HMAC such as "HS256" or another algorithm); typ, if present, "JWT"
//     (OB 3.0 §8.2.3) or "vc+jwt" (VC-JOSE-COSE), with or without
//     "application/", in any case; cty, if present, "vc"; a kid, or a jwk,
//     or both; no "crit" (this package understands no extension); other
//     members are ignored. A jwk is a public key of the alg's type: for
//     EdDSA an Ed25519 key (kty "OKP", crv "Ed25519", x of 32 bytes), for
//     RS256 an RSA key (kty "RSA", n and e in base64url without leading
//     zero octets, within the limits of NewVerifier); a jwk with a member
//     of a private key ("d", "p", "q", "dp", "dq", "qi", "oth") is refused.
//     A signature of 64 bytes for EdDSA, of 256 to 1024 for RS256.
//  2. Key (VerifyUnknownKey): the trusted keys registered under the header's
//     kid; with a jwk, only those equal to it, and with a jwk and no kid,
//     every trusted key equal to it. A key in the header is never trusted
//     for itself. When the header has iss, only keys of that issuer. Of
//     these, only the keys of the alg's type: Ed25519 keys for EdDSA, RSA
//     keys for RS256. If that leaves none while a key of the other type
//     matched, the error is VerifyUnknownKey with a detail that names the
//     key and its algorithm: a key never verifies under another alg, so a
//     token cannot choose how its key is used (no algorithm confusion).
//  3. Signature (VerifyBadSignature): Ed25519 (RFC 8032) or
//     RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 §8.2; a signature as long as
//     the modulus and below it) over the first two parts, with each of
//     those keys. Only then is the payload read, so a payload that was
//     changed is a bad signature, not a parse error.
//  4. Payload (VerifyMalformed): the credential, as ParseCredential reads
//     it, then the JWT registered claims, each of which may be missing but,
//     if present, must agree with the credential (§8.2.6.1): iss with
//     issuer.id, sub with credentialSubject.id, jti with id (equal
//     strings); nbf with validFrom and exp with validUntil (a NumericDate
//     equal to that instant, or, written as a whole number, to that instant
//     with the fraction of a second dropped). A claim with no credential
//     member to match, of the wrong JSON type or out of range disagrees.
//     Then the credential's issuer must be one whose key verified the
//     signature (VerifyUnknownKey otherwise).
//  5. Validity period: asOf before ValidFrom is VerifyNotYetValid; after
//     ValidUntil, VerifyExpired.
//  6. Status, when the Verifier has a StatusChecker: Revoked, Suspended,
//     Expired and NotYetIssued give VerifyRevoked, VerifySuspended,
//     VerifyExpired and VerifyNotYetValid; an error from the checker gives
//     VerifyStatusUnavailable, wrapping it.
//
// Step 4 departs from the letter of §8.2.6.1 in two ways, both towards
// interoperability: a missing iss, sub, jti or nbf is accepted, so that
// tokens of earlier versions of this package and of issuers whose
// credentials have no subject id still verify (the claims only repeat the
// credential, which the signature covers anyway); and exp must agree with
// validUntil rather than "set" it, since a token whose two expiry dates
// differ is better refused than half-read. Verify never dereferences a kid:
// the keys it trusts are the Verifier's. Credentials of the VC 1.1 era (a
// "vc" claim, issuanceDate) are refused as malformed.
//
// A zero asOf is an error (a *FieldError, not a *VerifyError). Verify never
// panics, whatever the input.
func (v Verifier) Verify(ctx context.Context, token string, asOf Date) (Credential, error) {
	if asOf.IsZero() {
		return Credential{}, fieldErr("asOf", "", "verification needs a date")
	}
	if len(token) > MaxCredentialSize {
		return Credential{}, credFail(VerifyMalformed, fmt.Sprintf("%d bytes, over the limit of %d", len(token), MaxCredentialSize), nil)
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return Credential{}, credFail(VerifyMalformed, fmt.Sprintf("%d parts separated by dots, want 3 (header.payload.signature)", len(parts)), nil)
	}
	var raw [3][]byte
	for i, name := range [3]string{"header", "payload", "signature"} {
		b, err := credDecodeSegment(parts[i])
		if err != nil {
			return Credential{}, credFail(VerifyMalformed, name+": "+err.Error(), nil)
		}
		raw[i] = b
	}
	h, jwk, err := credParseHeader(raw[0])
	if err != nil {
		return Credential{}, credFail(VerifyMalformed, "in the JOSE header", err)
	}
	switch sig := len(raw[2]); {
	case h.Alg == credAlgEdDSA && sig != ed25519.SignatureSize:
		return Credential{}, credFail(VerifyMalformed, fmt.Sprintf("signature: %d bytes, want %d for EdDSA", sig, ed25519.SignatureSize), nil)
	case h.Alg == credAlgRS256 && (sig < credRSAMinBits/8 || sig > credRSAMaxBits/8):
		return Credential{}, credFail(VerifyMalformed, fmt.Sprintf("signature: %d bytes, want %d to %d for RS256 (as long as the RSA modulus)", sig, credRSAMinBits/8, credRSAMaxBits/8), nil)
	}

	pool := v.byKid[h.Kid]
	if h.Kid == "" {
		pool = v.byKey[jwk.id]
	}
	var candidates, otherAlg []credTrusted
	for _, t := range pool {
		switch {
		case h.Iss != "" && h.Iss != t.issuer, jwk.id != "" && jwk.id != t.key.id:
		case t.key.alg != h.Alg:
			otherAlg = append(otherAlg, t)
		default:
			candidates = append(candidates, t)
		}
	}
	if len(candidates) == 0 && len(otherAlg) > 0 {
		// No algorithm confusion: a key verifies only with its own alg.
		t := otherAlg[0]
		return Credential{}, credFail(VerifyUnknownKey, fmt.Sprintf("the token's alg is %s, but key %q of issuer %q is %s; it is not used for another alg",
			h.Alg, clip(t.kid), clip(t.issuer), credAlgOfKey(t.key.alg)), nil)
	}
	if len(candidates) == 0 {
		var detail string
		switch {
		case h.Kid == "":
			detail = "no trusted key equal to the header's jwk"
		case jwk.id != "":
			detail = fmt.Sprintf("no trusted key %q equal to the header's jwk", clip(h.Kid))
		default:
			detail = fmt.Sprintf("no trusted key %q", clip(h.Kid))
		}
		if h.Iss != "" {
			detail += fmt.Sprintf(" of issuer %q", clip(h.Iss))
		}
		return Credential{}, credFail(VerifyUnknownKey, detail, nil)
	}
	input := []byte(token[:len(parts[0])+1+len(parts[1])])
	var digest [sha256.Size]byte
	if h.Alg == credAlgRS256 {
		digest = sha256.Sum256(input)
	}
	var signers []credTrusted
	for _, t := range candidates {
		var ok bool
		switch t.key.alg {
		case credAlgEdDSA:
			ok = ed25519.Verify(t.key.ed, input, raw[2])
		case credAlgRS256:
			// Fails for a signature not as long as the modulus, or not
			// below it (crypto/rsa), so a signature has one form only.
			ok = rsa.VerifyPKCS1v15(t.key.rsa, crypto.SHA256, digest[:], raw[2]) == nil
		}
		if ok {
			signers = append(signers, t)
		}
	}
	if len(signers) == 0 {
		detail := fmt.Sprintf("the signature does not match the header and payload under key %q of issuer %q", clip(candidates[0].kid), clip(candidates[0].issuer))
		if len(candidates) > 1 {
			detail = fmt.Sprintf("the signature does not match the header and payload under any of %d trusted keys", len(candidates))
		}
		return Credential{}, credFail(VerifyBadSignature, detail, nil)
	}

	cred, claims, err := credReadPayload(raw[1])
	if err != nil {
		return Credential{}, credFail(VerifyMalformed, "in the payload", err)
	}
	if err := claims.check(cred); err != nil {
		return Credential{}, credFail(VerifyMalformed, "a JWT claim disagrees with the credential", err)
	}
	if !slices.ContainsFunc(signers, func(t credTrusted) bool { return t.issuer == cred.Issuer() }) {
		return Credential{}, credFail(VerifyUnknownKey,
			fmt.Sprintf("the credential names issuer %q but was signed with key %q of issuer %q", clip(cred.Issuer()), clip(signers[0].kid), clip(signers[0].issuer)), nil)
	}
	if from := cred.ValidFrom(); asOf.Before(from) {
		return Credential{}, credFail(VerifyNotYetValid, fmt.Sprintf("valid from %s, checked on %s", from, asOf), nil)
	}
	if until := cred.ValidUntil(); !cred.until.IsZero() && (until.IsZero() || asOf.After(until)) {
		return Credential{}, credFail(VerifyExpired, fmt.Sprintf("valid until %s, checked on %s", until, asOf), nil)
	}
	if v.status == nil {
		return cred, nil
	}
	st, err := v.status.CredentialStatus(ctx, cred, asOf)
	if err != nil {
		return Credential{}, credFail(VerifyStatusUnavailable, "status of "+clip(cred.ID()), err)
	}
	since := ""
	if !st.Since.IsZero() {
		since = " since " + st.Since.String()
	}
	if st.Reason != "" {
		since += ": " + st.Reason
	}
	switch st.State {
	case Valid:
		return cred, nil
	case Revoked:
		return Credential{}, credFail(VerifyRevoked, "revoked"+since, nil)
	case Suspended:
		return Credential{}, credFail(VerifySuspended, "suspended"+since, nil)
	case Expired:
		return Credential{}, credFail(VerifyExpired, "expired"+since+" according to the status check", nil)
	case NotYetIssued:
		return Credential{}, credFail(VerifyNotYetValid, "not yet issued on "+asOf.String()+" according to the status check", nil)
	}
	return Credential{}, credFail(VerifyStatusUnavailable, "the status check answered "+st.State.String(), nil)
}

// VerifyReason is why a signed credential failed verification. It is an
// error itself, so that errors.Is(err, VerifyRevoked) tests the reason of a
// *VerifyError. In text and JSON it is a stable code.
type VerifyReason uint8

// The reasons, with their codes.
const (
	VerifyMalformed         VerifyReason = iota + 1 // "malformed": not a well-formed signed credential
	VerifyBadSignature                              // "bad-signature": the signature does not match
	VerifyUnknownKey                                // "unknown-key": no trusted key for this issuer and key id
	VerifyNotYetValid                               // "not-yet-valid": before validFrom
	VerifyExpired                                   // "expired": after validUntil, or expired per the status check
	VerifyRevoked                                   // "revoked": revoked per the status check
	VerifySuspended                                 // "suspended": suspended per the status check
	VerifyStatusUnavailable                         // "status-unavailable": the status check failed
)

var verifyReasons = codes[VerifyReason]{"verify reason", []string{"", "malformed", "bad-signature", "unknown-key",
	"not-yet-valid", "expired", "revoked", "suspended", "status-unavailable"}}

// String returns the stable code of r, such as "bad-signature".
func (r VerifyReason) String() string { return verifyReasons.String(r) }

// Error returns the stable code, as String does (fmt prefers Error, so a
// reason prints the same either way).
func (r VerifyReason) Error() string { return r.String() }

// MarshalText implements encoding.TextMarshaler with the stable code.
func (r VerifyReason) MarshalText() ([]byte, error) { return verifyReasons.marshal(r) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown codes are errors.
func (r *VerifyReason) UnmarshalText(b []byte) (err error) {
	*r, err = verifyReasons.parse(string(b))
	return err
}

// VerifyError reports a signed credential that failed verification: the
// reason, a readable detail, and the underlying error if there is one (a
// *FieldError for a malformed header or payload, the StatusChecker's error).
// errors.Is matches both the Reason and Err.
type VerifyError struct {
	Reason VerifyReason
	Detail string
	Err    error
}

// Error reads "certificate: credential <reason>: <detail>: <cause>".
func (e *VerifyError) Error() string {
	msg := "certificate: credential " + e.Reason.String()
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	if e.Err != nil {
		msg += ": " + strings.TrimPrefix(e.Err.Error(), "certificate: ")
	}
	return msg
}

// Unwrap returns the Reason and, if any, Err.
func (e *VerifyError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Reason}
	}
	return []error{e.Reason, e.Err}
}

func credFail(r VerifyReason, detail string, err error) *VerifyError {
	return &VerifyError{Reason: r, Detail: detail, Err: err}
}

// credDecodeSegment decodes one part of a compact JWS: base64url without
// padding, strictly (encoding/base64 would skip CR and LF; they are refused
// here).
func credDecodeSegment(s string) ([]byte, error) {
	if s == "" {
		return nil, errors.New("empty")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return nil, fmt.Errorf("byte %d (%q) is not a base64url character", i, c)
		}
	}
	b, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("not canonical base64url: %v", err)
	}
	return b, nil
}

// credParseHeader reads and checks a JOSE header, and returns with it the
// public key of its jwk member, or the zero credPub.
func credParseHeader(b []byte) (credHeader, credPub, error) {
	if err := credStrictJSON(b, "header", credHeaderNames[:], nil); err != nil {
		return credHeader{}, credPub{}, err
	}
	// Pointers tell a member given as "" from a missing one.
	var in struct {
		Alg                string
		Kid, Typ, Cty, Iss *string
		Jwk, Crit          json.RawMessage
	}
	if err := json.Unmarshal(b, &in); err != nil {
		return credHeader{}, credPub{}, credJSONErr("header", b, &in, err)
	}
	h := credHeader{Alg: in.Alg, Jwk: in.Jwk, Crit: in.Crit}
	for _, m := range [...]struct {
		name string
		in   *string
		out  *string
	}{{"kid", in.Kid, &h.Kid}, {"typ", in.Typ, &h.Typ}, {"cty", in.Cty, &h.Cty}, {"iss", in.Iss, &h.Iss}} {
		if m.in != nil && *m.in == "" {
			return credHeader{}, credPub{}, fieldErr(m.name, "", "empty; leave the member out instead")
		}
		if m.in != nil {
			*m.out = *m.in
		}
	}
	mediaType := func(s string, want ...string) bool {
		for _, w := range want {
			if strings.EqualFold(s, w) || strings.EqualFold(s, "application/"+w) {
				return true
			}
		}
		return false
	}
	switch {
	case h.Alg != credAlgEdDSA && h.Alg != credAlgRS256:
		return credHeader{}, credPub{}, fieldErr("alg", h.Alg, `only "EdDSA" and "RS256" are accepted`)
	case h.Crit != nil:
		return credHeader{}, credPub{}, fieldErr("crit", string(h.Crit), "no header extension is understood")
	case h.Typ != "" && !mediaType(h.Typ, "JWT", "vc+jwt"):
		return credHeader{}, credPub{}, fieldErr("typ", h.Typ, `want "JWT", "vc+jwt" or nothing`)
	case h.Cty != "" && !mediaType(h.Cty, "vc"):
		return credHeader{}, credPub{}, fieldErr("cty", h.Cty, `want "vc" or nothing`)
	case h.Kid == "" && h.Jwk == nil:
		return credHeader{}, credPub{}, fieldErr("kid", "", "a kid or a jwk is required (Open Badges 3.0 §8.2.3)")
	}
	if h.Kid != "" {
		if err := credCheckKeyID("kid", h.Kid); err != nil {
			return credHeader{}, credPub{}, err
		}
	}
	if h.Jwk == nil {
		return h, credPub{}, nil
	}
	var k credJWK
	if err := json.Unmarshal(h.Jwk, &k); err != nil {
		var fe *FieldError
		if errors.As(credJSONErr("", h.Jwk, &k, err), &fe) {
			fe.Field = strings.TrimSuffix("jwk."+fe.Field, ".")
		}
		return credHeader{}, credPub{}, fe
	}
	for _, m := range [...]struct {
		name string
		raw  json.RawMessage
	}{{"d", k.D}, {"p", k.P}, {"q", k.Q}, {"dp", k.DP}, {"dq", k.DQ}, {"qi", k.QI}, {"oth", k.Oth}} {
		if m.raw != nil {
			return credHeader{}, credPub{}, fieldErr("jwk."+m.name, "", "the header holds a private key: it must hold the public key only")
		}
	}
	if h.Alg == credAlgRS256 {
		pub, err := credRSAJWK(k)
		return h, pub, err
	}
	if k.Kty != "OKP" || k.Crv != "Ed25519" {
		return credHeader{}, credPub{}, fieldErr("jwk", strings.TrimSpace(k.Kty+" "+k.Crv), `alg "EdDSA" wants an Ed25519 public key: kty "OKP", crv "Ed25519"`)
	}
	x, err := credDecodeSegment(k.X)
	if err != nil {
		return credHeader{}, credPub{}, fieldErr("jwk.x", clip(k.X), err.Error())
	}
	if len(x) != ed25519.PublicKeySize {
		return credHeader{}, credPub{}, fieldErr("jwk.x", clip(k.X), fmt.Sprintf("an Ed25519 public key is %d bytes, not %d", ed25519.PublicKeySize, len(x)))
	}
	return h, credEdPub(x), nil
}

// credRSAJWK reads an RSA public key JWK (RFC 7518 §6.3.1): n and e are
// Base64urlUInt values, big-endian in "the minimum number of octets" (RFC
// 7518 §2), so a leading zero octet is refused, and the key must meet the
// limits of NewVerifier.
func credRSAJWK(k credJWK) (credPub, error) {
	if k.Kty != "RSA" {
		return credPub{}, fieldErr("jwk", k.Kty, `alg "RS256" wants an RSA public key: kty "RSA"`)
	}
	var vals [2][]byte
	for i, m := range [...]struct{ name, text string }{{"n", k.N}, {"e", k.E}} {
		b, err := credDecodeSegment(m.text)
		switch {
		case err != nil:
			return credPub{}, fieldErr("jwk."+m.name, clip(m.text), err.Error())
		case b[0] == 0:
			return credPub{}, fieldErr("jwk."+m.name, clip(m.text), "a leading zero octet: a Base64urlUInt has the minimum number of octets (RFC 7518 §2)")
		}
		vals[i] = b
	}
	if len(vals[1]) > 4 {
		return credPub{}, fieldErr("jwk.e", clip(k.E), fmt.Sprintf("an RSA public exponent of %d octets is over the limit of %d", len(vals[1]), credRSAMaxE))
	}
	var e int64
	for _, c := range vals[1] {
		e = e<<8 | int64(c)
	}
	if reason := credRSAExponent(e); reason != "" {
		return credPub{}, fieldErr("jwk.e", clip(k.E), reason)
	}
	// The token is at most MaxCredentialSize, so n is too; big.Int reads it
	// in linear time before the size check.
	n := new(big.Int).SetBytes(vals[0])
	if reason := credRSAModulus(n); reason != "" {
		return credPub{}, fieldErr("jwk.n", clip(k.N), reason)
	}
	pub, _ := credRSAPub(n, int(e)) // both checked
	return pub, nil
}

func credCheckKeyID(field, kid string) error {
	if strings.TrimSpace(kid) == "" {
		return fieldErr(field, kid, "a key id is required")
	}
	if !utf8.ValidString(kid) || strings.ContainsFunc(kid, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return fieldErr(field, kid, "a key id must be valid UTF-8 without control characters")
	}
	return nil
}

// credEncodeJSON marshals v compactly without HTML escaping.
func credEncodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// credStrictJSON checks what encoding/json lets through but a careful reader
// must not: invalid UTF-8 (which encoding/json replaces), more than one
// top-level value, a top-level value that is not an object, a member name
// repeated within one object (RFC 8259 §4 leaves the meaning open; RFC 7515
// §5.2 allows rejecting it), a member name equal to one of known only when
// case is ignored (encoding/json would take it for the known one), and a
// top-level member in forbidden. Errors are *FieldError values whose Field
// is a JSON path, or root for the document as a whole.
func credStrictJSON(data []byte, root string, known, forbidden []string) error {
	if !utf8.Valid(data) {
		return fieldErr(root, "", "not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	type frame struct {
		keys map[string]bool // member names seen; nil for an array
		path string          // JSON path of the container
		cur  string          // JSON path of the member being read
		name bool            // a member name was read, its value not yet
		n    int             // elements read, for an array
	}
	var stack []frame
	done := false
	// valuePath is the JSON path of the value that starts now.
	valuePath := func() string {
		if len(stack) == 0 {
			return ""
		}
		top := &stack[len(stack)-1]
		if top.keys != nil {
			return top.cur
		}
		return fmt.Sprintf("%s[%d]", top.path, top.n)
	}
	// valueDone records that a value has been read.
	valueDone := func() {
		if len(stack) == 0 {
			done = true
			return
		}
		if top := &stack[len(stack)-1]; top.keys == nil {
			top.n++
		}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			switch {
			case len(stack) > 0:
				return fieldErr(root, "", "not JSON: unexpected end of input")
			case !done:
				return fieldErr(root, "", "empty document")
			}
			return nil
		}
		if err != nil {
			return &FieldError{Field: root, Reason: "not JSON: " + err.Error(), Err: ErrInvalid}
		}
		if done {
			return fieldErr(root, "", "more than one JSON value")
		}
		if len(stack) == 0 && tok != json.Delim('{') {
			return fieldErr(root, clip(fmt.Sprint(tok)), "want a JSON object")
		}
		top := len(stack) - 1
		if key, ok := tok.(string); ok && top >= 0 && stack[top].keys != nil && !stack[top].name {
			// A member name (Token returns names and string values alike).
			field := credJoinPath(stack[top].path, key)
			if stack[top].keys[key] {
				return fieldErr(field, "", "member given more than once")
			}
			stack[top].keys[key] = true
			if !slices.Contains(known, key) {
				for _, k := range known {
					if strings.EqualFold(k, key) {
						return fieldErr(field, "", fmt.Sprintf("member name differs from %q only in case", k))
					}
				}
			}
			if top == 0 && slices.Contains(forbidden, key) {
				return fieldErr(field, "", "not accepted in a credential (see Credential)")
			}
			stack[top].cur, stack[top].name = field, true
			continue
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{keys: map[string]bool{}, path: valuePath()})
			continue
		case json.Delim('['):
			stack = append(stack, frame{path: valuePath()})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:top]
		}
		valueDone()
		if len(stack) > 0 && stack[len(stack)-1].keys != nil {
			stack[len(stack)-1].name = false // the member's value is read
		}
	}
}

// credJoinPath appends a member name to a JSON path: ".name", or
// [".."] quoted for a name that is empty or holds characters of the path
// syntax, so that a path is never empty and never ambiguous.
func credJoinPath(base, key string) string {
	if key == "" || strings.ContainsAny(key, `.[]"`) || strings.ContainsFunc(key, unicode.IsSpace) {
		return base + "[" + strconv.Quote(key) + "]"
	}
	if base == "" {
		return key
	}
	return base + "." + key
}

package certificate

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Signed credentials are compact JSON Web Signatures (RFC 7515 §7.1):
//
//	BASE64URL(header) "." BASE64URL(credential JSON) "." BASE64URL(signature)
//
// base64url without padding (RFC 7515 §2), an Ed25519 signature over the
// ASCII of the first two parts (alg "EdDSA", RFC 8037 §3.1), and the header
//
//	{"alg":"EdDSA","typ":"vc+jwt","cty":"vc","iss":<issuer>,"kid":<key id>}
//
// typ and cty are those of W3C "Securing Verifiable Credentials using JOSE and
// COSE" (VC-JOSE-COSE §3.1.1: typ vc+jwt, cty vc; earlier drafts said
// vc-ld+jwt). iss repeats the credential's issuer id in the protected header
// (RFC 7519 §5.3 allows replicating a claim there) so that a verifier finds
// the key by issuer and key id before it reads the payload.

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

// Sign returns cred as a compact JWS signed with the signer's key. Ed25519 is
// deterministic, so the same credential and key always give the same token.
// It fails for the zero Signer or the zero Credential, and if the token would
// exceed MaxCredentialSize.
func (s Signer) Sign(cred Credential) (string, error) {
	if s.key == nil {
		return "", fieldErr("signer", "", "the zero Signer has no key")
	}
	payload, err := cred.MarshalJSON()
	if err != nil {
		return "", err
	}
	header, err := credEncodeJSON(credHeader{Alg: "EdDSA", Typ: "vc+jwt", Cty: "vc", Iss: cred.Issuer(), Kid: s.kid})
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

// credHeader is the JOSE header, in output order.
type credHeader struct {
	Alg  string          `json:"alg"`
	Typ  string          `json:"typ"`
	Cty  string          `json:"cty,omitempty"`
	Iss  string          `json:"iss,omitempty"`
	Kid  string          `json:"kid"`
	Crit json.RawMessage `json:"crit,omitempty"`
}

var credHeaderNames = [...]string{"alg", "crit", "cty", "iss", "kid", "typ"}

// TrustedKey is an issuer's public key that a Verifier accepts, registered
// under the issuer's id (the issuer.id of its credentials) and a key id (the
// kid of its tokens).
type TrustedKey struct {
	Issuer string
	KeyID  string
	Key    ed25519.PublicKey
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
// Certificate.StatusOn the day asked. The certificate found must belong to
// the credential's holder (Credential.HolderMatches with its Holder.ID);
// otherwise, or if the lookup fails, the checker returns an error.
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
	return c.StatusOn(asOf), nil
}

// Verifier checks signed credentials against a set of trusted issuer keys
// and, optionally, a StatusChecker. It is immutable and safe for concurrent
// use. The zero Verifier trusts no key, so it verifies nothing.
type Verifier struct {
	byKid  map[string][]credTrusted
	status StatusChecker
}

type credTrusted struct {
	issuer string
	key    ed25519.PublicKey
}

// NewVerifier returns a Verifier that trusts the keys. Each key needs an
// issuer id that is an absolute URI, a key id, and an Ed25519 public key of
// ed25519.PublicKeySize (32) bytes; an issuer may have several keys (during a
// rollover), but one (issuer, key id) pair only one key. Keys are copied.
// Errors are *FieldError values with Field "keys[i].issuer", "keys[i].kid"
// or "keys[i].key".
//
// Tokens of this package name their issuer in the header (iss), so Verify
// tries exactly one key; for a token without iss it tries every key
// registered under the token's kid, so kids unique across issuers (or tokens
// with iss) keep that to one.
//
// With a nil status checker, Verify checks the signature and the validity
// period only: it then says nothing about revocation or suspension.
func NewVerifier(keys []TrustedKey, status StatusChecker) (Verifier, error) {
	v := Verifier{byKid: make(map[string][]credTrusted, len(keys)), status: status}
	for i, k := range keys {
		field := fmt.Sprintf("keys[%d]", i)
		if err := credCheckURI(field+".issuer", k.Issuer); err != nil {
			return Verifier{}, err
		}
		if err := credCheckKeyID(field+".kid", k.KeyID); err != nil {
			return Verifier{}, err
		}
		if len(k.Key) != ed25519.PublicKeySize {
			return Verifier{}, fieldErr(field+".key", "", fmt.Sprintf("an Ed25519 public key is %d bytes, not %d", ed25519.PublicKeySize, len(k.Key)))
		}
		for _, t := range v.byKid[k.KeyID] {
			if t.issuer == k.Issuer {
				return Verifier{}, fieldErr(field+".kid", k.KeyID, fmt.Sprintf("issuer %q already has a key with this id", clip(k.Issuer)))
			}
		}
		v.byKid[k.KeyID] = append(v.byKid[k.KeyID], credTrusted{issuer: k.Issuer, key: slices.Clone(k.Key)})
	}
	for _, ts := range v.byKid {
		slices.SortFunc(ts, func(a, b credTrusted) int { return strings.Compare(a.issuer, b.issuer) })
	}
	return v, nil
}

// Verify checks a signed credential and returns it. The checks run in this
// order, and the first that fails gives the error, a *VerifyError:
//
//  1. Form (VerifyMalformed): at most MaxCredentialSize bytes; exactly three
//     non-empty parts of base64url characters, decoded strictly (no padding,
//     no stray bits); a header that is a JSON object without repeated or
//     case-variant member names, with alg "EdDSA" (never "none" or another
//     algorithm), typ "vc+jwt" (or "application/vc+jwt", any case), cty
//     "vc" if present, a kid, and no "crit" (this package understands no
//     extension); a signature of 64 bytes.
//  2. Key (VerifyUnknownKey): a trusted key with the header's kid and, when
//     the header has iss, that issuer.
//  3. Signature (VerifyBadSignature): Ed25519 over the first two parts.
//     Only then is the payload read, so a payload that was changed is a bad
//     signature, not a parse error.
//  4. Payload (VerifyMalformed): ParseCredential; the credential's issuer
//     must be the one whose key signed it (VerifyUnknownKey otherwise).
//  5. Validity period: asOf before ValidFrom is VerifyNotYetValid; after
//     ValidUntil, VerifyExpired.
//  6. Status, when the Verifier has a StatusChecker: Revoked, Suspended,
//     Expired and NotYetIssued give VerifyRevoked, VerifySuspended,
//     VerifyExpired and VerifyNotYetValid; an error from the checker gives
//     VerifyStatusUnavailable, wrapping it.
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
	h, err := credParseHeader(raw[0])
	if err != nil {
		return Credential{}, credFail(VerifyMalformed, "in the JOSE header", err)
	}
	if len(raw[2]) != ed25519.SignatureSize {
		return Credential{}, credFail(VerifyMalformed, fmt.Sprintf("signature: %d bytes, want %d", len(raw[2]), ed25519.SignatureSize), nil)
	}

	var candidates []credTrusted
	for _, t := range v.byKid[h.Kid] {
		if h.Iss == "" || h.Iss == t.issuer {
			candidates = append(candidates, t)
		}
	}
	if len(candidates) == 0 {
		detail := fmt.Sprintf("no trusted key %q", clip(h.Kid))
		if h.Iss != "" {
			detail += fmt.Sprintf(" of issuer %q", clip(h.Iss))
		}
		return Credential{}, credFail(VerifyUnknownKey, detail, nil)
	}
	input := []byte(token[:len(parts[0])+1+len(parts[1])])
	signer := -1
	for i, t := range candidates {
		if ed25519.Verify(t.key, input, raw[2]) {
			signer = i
			break
		}
	}
	if signer < 0 {
		return Credential{}, credFail(VerifyBadSignature,
			fmt.Sprintf("the signature does not match the header and payload under key %q of issuer %q", clip(h.Kid), clip(candidates[0].issuer)), nil)
	}

	cred, err := ParseCredential(raw[1])
	if err != nil {
		return Credential{}, credFail(VerifyMalformed, "in the payload", err)
	}
	if by := candidates[signer].issuer; cred.Issuer() != by {
		return Credential{}, credFail(VerifyUnknownKey,
			fmt.Sprintf("the credential names issuer %q but was signed with key %q of issuer %q", clip(cred.Issuer()), clip(h.Kid), clip(by)), nil)
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

// credParseHeader reads and checks a JOSE header.
func credParseHeader(b []byte) (credHeader, error) {
	if err := credStrictJSON(b, "header", credHeaderNames[:], nil); err != nil {
		return credHeader{}, err
	}
	var h credHeader
	if err := json.Unmarshal(b, &h); err != nil {
		return credHeader{}, credJSONErr("header", err)
	}
	mediaType := func(s, want string) bool {
		return strings.EqualFold(s, want) || strings.EqualFold(s, "application/"+want)
	}
	switch {
	case h.Alg != "EdDSA":
		return credHeader{}, fieldErr("alg", h.Alg, `only "EdDSA" is accepted`)
	case h.Crit != nil:
		return credHeader{}, fieldErr("crit", string(h.Crit), "no header extension is understood")
	case !mediaType(h.Typ, "vc+jwt"):
		return credHeader{}, fieldErr("typ", h.Typ, `want "vc+jwt"`)
	case h.Cty != "" && !mediaType(h.Cty, "vc"):
		return credHeader{}, fieldErr("cty", h.Cty, `want "vc" or nothing`)
	}
	if err := credCheckKeyID("kid", h.Kid); err != nil {
		return credHeader{}, err
	}
	return h, nil
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

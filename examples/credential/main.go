// Command credential turns a vocational skill certificate into a signed,
// verifiable credential and checks one: an Open Badges 3.0
// AchievementCredential signed with Ed25519 as a compact JWS (package
// certificate of dualtrack, used here through its public API only).
//
// Usage:
//
//	credential                                  a round trip on built-in data, no files
//	credential keygen -out DIR                  an Ed25519 key pair: DIR/issuer.jwk, DIR/issuer.pub.jwk
//	credential sample                           the built-in sample certificate, as JSON
//	credential issue -key DIR/issuer.jwk (-sample | -in cert.json) [flags]
//	credential verify -key DIR/issuer.pub.jwk [-as-of DATE] [-revoked FILE] [FILE]
//
// issue writes the signed credential (one line) on standard output. verify
// reads it from FILE or standard input and prints one line: "valid: ..."
// with exit status 0, or "invalid (REASON): ..." with exit status 1, where
// REASON is one of malformed, bad-signature, unknown-key (signed with
// another key), not-yet-valid, expired, revoked, suspended,
// status-unavailable or holder-mismatch. Exit status 2 means the command
// could not run: bad flags, unreadable files, a certificate issue refuses.
//
// Keys are JSON Web Keys (RFC 8037); the key id is the key's RFC 7638
// thumbprint as a URI. A revocation list is a text file with one revoked
// certificate a line: NUMBER DATE REASON. See README.md.
package main

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/dualtrack/dualtrack/certificate"
)

// Exit statuses.
const (
	exitOK      = 0 // done; for verify: the credential is valid
	exitInvalid = 1 // verify: the credential is not valid
	exitFailed  = 2 // the command could not run
)

func main() {
	// The clock is read here, once, and nowhere else: "today" is verify's
	// default as-of date, in the zone credentials are dated in, China
	// Standard Time (UTC+8, no daylight saving since 1991).
	cst := time.FixedZone("CST", 8*60*60)
	today, err := certificate.ParseDate(time.Now().In(cst).Format(time.DateOnly))
	if err != nil { // cannot happen: the layout is YYYY-MM-DD
		fmt.Fprintln(os.Stderr, "credential:", err)
		os.Exit(exitFailed)
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, today))
}

// run runs the program with the given arguments (without the program name)
// and streams; today is verify's as-of date when -as-of is not given (main
// reads it from the clock, tests give it). It returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer, today certificate.Date) int {
	if len(args) == 0 {
		if err := demo(stdout); err != nil {
			fmt.Fprintln(stderr, "credential:", err)
			return exitFailed
		}
		return exitOK
	}
	cmd, rest := args[0], args[1:]
	var err error
	code := exitOK
	switch cmd {
	case "keygen":
		err = keygen(rest, stdout, stderr)
	case "sample":
		err = printSample(rest, stdout, stderr)
	case "issue":
		err = issue(rest, stdout, stderr)
	case "verify":
		code, err = verify(rest, stdin, stdout, stderr, today)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		err = usagef("unknown command %q", cmd)
	}
	var ue *usageError
	switch {
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "credential: %s\n\n%s", ue.msg, usage)
		return exitFailed
	case errors.Is(err, errFlags):
		return exitFailed // the flag package has said what was wrong
	case err != nil:
		fmt.Fprintln(stderr, "credential:", err)
		return exitFailed
	}
	return code
}

const usage = `usage:
  credential                                  a round trip on built-in data, no files
  credential keygen -out DIR [-kid URI]       write an Ed25519 key pair: DIR/issuer.jwk, DIR/issuer.pub.jwk
  credential sample                           print the built-in sample certificate as JSON
  credential issue -key FILE (-sample | -in cert.json) [-id URI] [-subject URI] [-salt TEXT]
                                              print the certificate as a signed credential
  credential verify -key FILE [-as-of YYYY-MM-DD] [-revoked FILE] [-issuer URI] [-holder ID] [TOKENFILE]
                                              check a signed credential (from TOKENFILE or standard input)
Run credential COMMAND -h for a command's flags.
`

// usageError is a mistake in the arguments.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// errFlags marks an error the flag package has already reported.
var errFlags = errors.New("bad flags")

// parse parses a command's flags, and refuses arguments beyond maxArgs.
func parse(fs *flag.FlagSet, args []string, maxArgs int) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errFlags
	}
	if fs.NArg() > maxArgs {
		return usagef("%s: unexpected argument %q", fs.Name(), fs.Arg(maxArgs))
	}
	return nil
}

func keygen(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("keygen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "`DIR` to write issuer.jwk (private, mode 0600) and issuer.pub.jwk into; created if needed")
	kid := fs.String("kid", "", "key id `URI` (default: the key's RFC 7638 thumbprint, urn:ietf:params:oauth:jwk-thumbprint:sha-256:...)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if *out == "" {
		return usagef("keygen: -out DIR is required")
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	id := *kid
	if id == "" {
		id = keyID(pub)
	}
	if _, err := certificate.NewSigner(priv, id); err != nil {
		return usagef("keygen: -kid %q: %v", id, err)
	}
	privPath, pubPath, err := writeKeyPair(*out, priv, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "private key %s (keep it secret; issue signs with it)\n", privPath)
	fmt.Fprintf(stdout, "public key  %s (give it to verifiers)\n", pubPath)
	fmt.Fprintf(stdout, "key id      %s\n", id)
	return nil
}

func printSample(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sample", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	b, err := json.MarshalIndent(sampleCertificate(), "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "%s\n", b)
	return err
}

// maxCertificateFile bounds the certificate JSON issue reads.
const maxCertificateFile = 1 << 20

func issue(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("issue", flag.ContinueOnError)
	fs.SetOutput(stderr)
	keyPath := fs.String("key", "", "the issuer's private key `FILE` (issuer.jwk from keygen)")
	sample := fs.Bool("sample", false, "issue the built-in sample certificate (see: credential sample)")
	in := fs.String("in", "", "certificate JSON `FILE`, in the form credential sample prints")
	id := fs.String("id", "", "the credential's id, an absolute `URI` (default: ISSUER/credentials/NUMBER for an http(s) issuer id)")
	subject := fs.String("subject", "", "the holder's id in the credential, a `URI` the holder controls such as a DID (default: none; the holder appears only as a salted hash)")
	salt := fs.String("salt", "", "salt for the holder's hash, at least 16 bytes (default: 16 random bytes, hex)")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if *keyPath == "" {
		return &usageError{"issue: " + errNoKey.Error()}
	}
	if *sample == (*in != "") {
		return usagef("issue: give exactly one of -sample and -in")
	}
	k, _, priv, err := readJWK(*keyPath, true)
	if err != nil {
		return err
	}
	cert := sampleCertificate()
	if *in != "" {
		if cert, err = readCertificate(*in); err != nil {
			return err
		}
	}
	opts := certificate.CredentialOptions{ID: *id, SubjectID: *subject, Salt: *salt}
	if opts.Salt == "" {
		var b [16]byte
		if _, err := rand.Read(b[:]); err != nil {
			return err
		}
		opts.Salt = hex.EncodeToString(b[:])
	}
	token, err := issueToken(cert, priv, k.Kid, opts)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, token)
	return err
}

// issueToken signs cert as a credential. A missing credential id is made
// from an http(s) issuer id and the certificate number.
func issueToken(cert certificate.Certificate, key ed25519.PrivateKey, kid string, opts certificate.CredentialOptions) (string, error) {
	if opts.ID == "" {
		u, err := url.Parse(cert.Issuer.ID)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return "", fmt.Errorf("the issuer id %q is not an http(s) URL to make the credential's id from: give -id", cert.Issuer.ID)
		}
		opts.ID = strings.TrimRight(cert.Issuer.ID, "/") + "/credentials/" + url.PathEscape(cert.Number)
	}
	cred, err := cert.Credential(opts)
	if err != nil {
		return "", fmt.Errorf("certificate %q: %w", cert.Number, err)
	}
	signer, err := certificate.NewSigner(key, kid)
	if err != nil {
		return "", err
	}
	return signer.Sign(cred)
}

// readCertificate reads a certificate from JSON: one object, no unknown
// members. Whether it is a valid certificate is for Credential to say.
func readCertificate(path string) (certificate.Certificate, error) {
	f, err := os.Open(path)
	if err != nil {
		return certificate.Certificate{}, err
	}
	defer f.Close()
	dec := json.NewDecoder(io.LimitReader(f, maxCertificateFile))
	dec.DisallowUnknownFields()
	var c certificate.Certificate
	if err := dec.Decode(&c); err != nil {
		return certificate.Certificate{}, fmt.Errorf("%s: not a certificate: %w", path, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return certificate.Certificate{}, fmt.Errorf("%s: data after the certificate object (or over %d bytes)", path, maxCertificateFile)
	}
	return c, nil
}

// dateFlag is a flag holding a date, YYYY-MM-DD.
type dateFlag struct{ d certificate.Date }

func (f *dateFlag) String() string {
	if f == nil || f.d.IsZero() {
		return ""
	}
	return f.d.String()
}

func (f *dateFlag) Set(s string) error {
	d, err := certificate.ParseDate(s)
	if err != nil {
		return err
	}
	f.d = d
	return nil
}

func verify(args []string, stdin io.Reader, stdout, stderr io.Writer, today certificate.Date) (int, error) {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	keyPath := fs.String("key", "", "the issuer's public key `FILE` (issuer.pub.jwk from keygen)")
	var asOf dateFlag
	fs.Var(&asOf, "as-of", "the `date` to check validity and revocation on, YYYY-MM-DD (default: today in China Standard Time)")
	revokedPath := fs.String("revoked", "", "revocation list `FILE`: one line per revoked certificate, NUMBER DATE REASON")
	issuer := fs.String("issuer", "", "trust the key only for this issuer `URI` (default: the issuer the credential names)")
	holder := fs.String("holder", "", "check that the credential was issued to the holder with this `ID`")
	if err := parse(fs, args, 1); err != nil {
		return exitFailed, err
	}
	if *keyPath == "" {
		return exitFailed, &usageError{"verify: " + errNoKey.Error()}
	}
	k, pub, _, err := readJWK(*keyPath, false)
	if err != nil {
		return exitFailed, err
	}
	var revoked revocationList
	if *revokedPath != "" {
		if revoked, err = readRevocations(*revokedPath); err != nil {
			return exitFailed, err
		}
	}
	var src io.Reader = stdin
	if fs.NArg() == 1 && fs.Arg(0) != "-" {
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			return exitFailed, err
		}
		defer f.Close()
		src = f
	}
	// A token over the size limit is malformed; reading a little more than
	// the limit is enough for Verify to say so.
	raw, err := io.ReadAll(io.LimitReader(src, certificate.MaxCredentialSize+1024))
	if err != nil {
		return exitFailed, err
	}
	day := asOf.d
	if day.IsZero() {
		day = today
	}
	check := checker{pub: pub, kid: k.Kid, issuer: *issuer, revoked: revoked, holder: *holder}
	cred, err := check.verify(strings.TrimSpace(string(raw)), day)
	var se *setupError
	if errors.As(err, &se) {
		return exitFailed, err
	}
	if err != nil {
		fmt.Fprintln(stdout, invalidLine(err))
		return exitInvalid, nil
	}
	fmt.Fprintln(stdout, validLine(cred, day))
	return exitOK, nil
}

// checker verifies tokens against one public key.
type checker struct {
	pub     ed25519.PublicKey
	kid     string
	issuer  string // the issuer the key is trusted for; empty: the one the token names
	revoked revocationList
	holder  string // a holder id the credential must match; empty: not checked
}

// unknownIssuer stands in for the issuer when the token does not name one
// that can be read: Verify then reports what is wrong with the token.
const unknownIssuer = "urn:x-dualtrack-example:unknown-issuer"

// setupError is a failure to set up the verification (an -issuer or a key
// id the verifier refuses), as opposed to a token that fails it.
type setupError struct{ err error }

func (e *setupError) Error() string { return e.err.Error() }
func (e *setupError) Unwrap() error { return e.err }

// errHolderMismatch is the reason of a credential issued to someone else.
var errHolderMismatch = errors.New("holder-mismatch")

func (c checker) verify(token string, asOf certificate.Date) (certificate.Credential, error) {
	issuer := c.issuer
	if issuer == "" {
		issuer = peekIssuer(token)
	}
	var status certificate.StatusChecker
	if c.revoked != nil {
		status = c.revoked
	}
	v, err := certificate.NewVerifier([]certificate.TrustedKey{{Issuer: issuer, KeyID: c.kid, Key: c.pub}}, status)
	if err != nil && c.issuer == "" {
		// The token names an issuer no key can be registered for: let
		// Verify say what is wrong with it.
		v, err = certificate.NewVerifier([]certificate.TrustedKey{{Issuer: unknownIssuer, KeyID: c.kid, Key: c.pub}}, status)
	}
	if err != nil {
		// A bad -issuer or key id: the command's input, not the token's.
		return certificate.Credential{}, &setupError{err}
	}
	cred, err := v.Verify(context.Background(), token, asOf)
	if err != nil {
		return certificate.Credential{}, err
	}
	if c.holder != "" && !cred.HolderMatches(c.holder) {
		return certificate.Credential{}, fmt.Errorf("%w: the credential was not issued to holder %q", errHolderMismatch, c.holder)
	}
	return cred, nil
}

// peekIssuer reads, without trusting it, the issuer a token's payload names,
// so that the one key given can be registered for it. The signature is
// still checked against that key, so a token cannot choose its key; it only
// chooses which issuer the key is taken to speak for. Give -issuer to pin
// it.
func peekIssuer(token string) string {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return unknownIssuer
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return unknownIssuer
	}
	cred, err := certificate.ParseCredential(payload)
	if err != nil || cred.Issuer() == "" {
		return unknownIssuer
	}
	return cred.Issuer()
}

// validLine is verify's line for a valid credential.
func validLine(cred certificate.Credential, asOf certificate.Date) string {
	until := "no expiry"
	if !cred.ValidUntil().IsZero() {
		until = "to " + cred.ValidUntil().String()
	}
	return fmt.Sprintf("valid: %s %s, issued by %s (%s), valid from %s %s; checked as of %s",
		cred.Number(), cred.Name(), cred.IssuerName(), cred.Issuer(), cred.ValidFrom(), until, asOf)
}

// invalidLine is verify's line for a credential that failed: its reason
// code and the library's message.
func invalidLine(err error) string {
	var ve *certificate.VerifyError
	switch {
	case errors.As(err, &ve):
		detail := ve.Detail
		if ve.Err != nil {
			detail += ": " + ve.Err.Error()
		}
		if ve.Reason == certificate.VerifyUnknownKey {
			detail += " (the credential was not signed with this key, or not for this issuer)"
		}
		return fmt.Sprintf("invalid (%s): %s", ve.Reason, detail)
	case errors.Is(err, errHolderMismatch):
		return fmt.Sprintf("invalid (%s): %s", errHolderMismatch, strings.TrimPrefix(err.Error(), errHolderMismatch.Error()+": "))
	}
	return fmt.Sprintf("invalid (malformed): %v", err)
}

// revocationList is a StatusChecker over a list of revoked certificate
// numbers: a credential whose certificate is listed is revoked from the
// listed day on, and valid before it and if not listed.
type revocationList map[string]revocation

type revocation struct {
	on     certificate.Date
	reason string
}

// CredentialStatus answers the standing of the credential's certificate on
// asOf.
func (l revocationList) CredentialStatus(ctx context.Context, cred certificate.Credential, asOf certificate.Date) (certificate.Status, error) {
	if err := ctx.Err(); err != nil {
		return certificate.Status{}, err
	}
	if r, ok := l[cred.Number()]; ok && !asOf.Before(r.on) {
		return certificate.Status{State: certificate.Revoked, Since: r.on, Reason: r.reason}, nil
	}
	return certificate.Status{State: certificate.Valid, Since: cred.ValidFrom()}, nil
}

// readRevocations reads a revocation list: lines NUMBER DATE REASON, fields
// separated by spaces or tabs, the reason being the rest of the line; blank
// lines and lines starting with # are ignored. A number listed twice, a bad
// date or a missing reason is an error naming the line.
func readRevocations(path string) (revocationList, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseRevocations(f, path)
}

// parseRevocations is readRevocations on the file's content; errors name
// the file as name.
func parseRevocations(r io.Reader, path string) (revocationList, error) {
	l := revocationList{}
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Fields(text)
		if len(fields) < 3 {
			return nil, fmt.Errorf("%s:%d: want NUMBER DATE REASON", path, n)
		}
		on, err := certificate.ParseDate(fields[1])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		if _, dup := l[fields[0]]; dup {
			return nil, fmt.Errorf("%s:%d: certificate %q is listed twice", path, n, fields[0])
		}
		// The reason is what follows the number and the date.
		rest := strings.TrimSpace(text[len(fields[0]):])
		reason := strings.TrimSpace(rest[len(fields[1]):])
		l[fields[0]] = revocation{on: on, reason: reason}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return l, nil
}

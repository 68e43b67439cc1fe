package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Key files are JSON Web Keys (RFC 7517) of type OKP with curve Ed25519
// (RFC 8037 §2): the public key in "x", the private key (its 32-byte seed) in
// "d", both base64url without padding. The key id is the key's RFC 7638
// thumbprint as an RFC 9278 URI, so that it names the key (Open Badges 3.0
// §8.2.3 asks for a kid that is a URI naming the public key) and a different
// key always has a different id.
const (
	privateKeyFile = "issuer.jwk"
	publicKeyFile  = "issuer.pub.jwk"
	thumbprintURN  = "urn:ietf:params:oauth:jwk-thumbprint:sha-256:"
	maxKeyFile     = 64 << 10
)

// jwk is an Ed25519 key as a JWK. Members a key file may carry that are
// not listed here (key_ops, x5c, ...) are refused, so that a key file never
// says more than this program reads.
type jwk struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	D   string `json:"d,omitempty"`
	Kid string `json:"kid,omitempty"`
	Alg string `json:"alg,omitempty"`
	Use string `json:"use,omitempty"`
}

// keyID returns the RFC 9278 URI of the key's RFC 7638 thumbprint: the
// SHA-256 of the required members in lexicographic order, without spaces.
func keyID(pub ed25519.PublicKey) string {
	canonical := `{"crv":"Ed25519","kty":"OKP","x":"` + base64.RawURLEncoding.EncodeToString(pub) + `"}`
	sum := sha256.Sum256([]byte(canonical))
	return thumbprintURN + base64.RawURLEncoding.EncodeToString(sum[:])
}

// publicJWK and privateJWK return the key files' contents.
func publicJWK(pub ed25519.PublicKey, kid string) jwk {
	return jwk{Kty: "OKP", Crv: "Ed25519", X: base64.RawURLEncoding.EncodeToString(pub), Kid: kid, Alg: "EdDSA", Use: "sig"}
}

func privateJWK(key ed25519.PrivateKey, kid string) jwk {
	k := publicJWK(key.Public().(ed25519.PublicKey), kid)
	k.D = base64.RawURLEncoding.EncodeToString(key.Seed())
	return k
}

// writeKeyPair writes the two key files into dir, which it creates if
// needed. It never overwrites a file: losing an issuer's key is not undone.
func writeKeyPair(dir string, key ed25519.PrivateKey, kid string) (privPath, pubPath string, err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", "", err
	}
	privPath, pubPath = filepath.Join(dir, privateKeyFile), filepath.Join(dir, publicKeyFile)
	for _, p := range [...]string{privPath, pubPath} {
		if _, err := os.Lstat(p); err == nil {
			return "", "", fmt.Errorf("%s exists: keygen does not overwrite keys", p)
		}
	}
	if err := writeJSONFile(privPath, privateJWK(key, kid), 0o600); err != nil {
		return "", "", err
	}
	if err := writeJSONFile(pubPath, publicJWK(key.Public().(ed25519.PublicKey), kid), 0o644); err != nil {
		return "", "", err
	}
	return privPath, pubPath, nil
}

func writeJSONFile(path string, v any, perm os.FileMode) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return err
	}
	_, err = f.Write(append(b, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// keyFileError reports a key file that cannot be used, naming the file.
type keyFileError struct {
	Path   string
	Reason string
}

func (e *keyFileError) Error() string { return "key file " + e.Path + ": " + e.Reason }

// readJWK reads and checks a key file: one JSON object, only the members
// of jwk, an Ed25519 key, and a "d" (for a private key file) or none (for a
// public one). The kid defaults to the thumbprint.
func readJWK(path string, private bool) (jwk, ed25519.PublicKey, ed25519.PrivateKey, error) {
	f, err := os.Open(path)
	if err != nil {
		return jwk{}, nil, nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
	if err != nil {
		return jwk{}, nil, nil, err
	}
	return parseJWK(data, path, private)
}

// parseJWK is readJWK on the file's content; errors are *keyFileError
// values naming path.
func parseJWK(data []byte, path string, private bool) (jwk, ed25519.PublicKey, ed25519.PrivateKey, error) {
	fail := func(format string, args ...any) (jwk, ed25519.PublicKey, ed25519.PrivateKey, error) {
		return jwk{}, nil, nil, &keyFileError{Path: path, Reason: fmt.Sprintf(format, args...)}
	}
	if len(data) > maxKeyFile {
		return fail("larger than %d bytes: not a key", maxKeyFile)
	}
	var k jwk
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&k); err != nil {
		return fail("not a JSON Web Key: %v", err)
	}
	// More would miss a "}" or "]" after the object: only the end will do.
	if _, err := dec.Token(); err != io.EOF {
		return fail("data after the JSON object")
	}
	if k.Kty != "OKP" || k.Crv != "Ed25519" {
		return fail("kty %q, crv %q: want an Ed25519 key (kty OKP, crv Ed25519)", k.Kty, k.Crv)
	}
	if k.Alg != "" && k.Alg != "EdDSA" {
		return fail("alg %q: want EdDSA", k.Alg)
	}
	x, err := base64.RawURLEncoding.DecodeString(k.X)
	if err != nil || len(x) != ed25519.PublicKeySize {
		return fail("x: want %d bytes in base64url without padding", ed25519.PublicKeySize)
	}
	pub := ed25519.PublicKey(x)
	if k.Kid == "" {
		k.Kid = keyID(pub)
	}
	switch {
	case private && k.D == "":
		return fail("no private key (member d): this is a public key file; issue needs %s", privateKeyFile)
	case !private && k.D != "":
		return fail("holds a private key (member d): give verify the public key file, %s, and keep this one secret", publicKeyFile)
	case !private:
		return k, pub, nil, nil
	}
	d, err := base64.RawURLEncoding.DecodeString(k.D)
	if err != nil || len(d) != ed25519.SeedSize {
		return fail("d: want %d bytes in base64url without padding", ed25519.SeedSize)
	}
	priv := ed25519.NewKeyFromSeed(d)
	if !bytes.Equal(priv.Public().(ed25519.PublicKey), pub) {
		return fail("x is not the public key of d")
	}
	return k, pub, priv, nil
}

// errNoKey is the error of issue and verify without -key.
var errNoKey = errors.New("-key is required")

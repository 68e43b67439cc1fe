package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/demo.golden from the current output")

// day is the "today" the tests give run: verify's as-of date when -as-of is
// not given. The sample certificate is valid from 2025-06-30 to 2028-06-29.
var day = certificate.MustParseDate("2025-09-01")

type runOut struct {
	code           int
	stdout, stderr string
}

func credRun(t *testing.T, stdin string, args ...string) runOut {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut, day)
	return runOut{code, out.String(), errOut.String()}
}

// TestDemo runs the program without arguments and compares its output with
// the reviewed copy; after an intended change, run
// go test ./examples/credential -update and review the diff.
func TestDemo(t *testing.T) {
	r := credRun(t, "")
	require.Equal(t, exitOK, r.code, r.stderr)
	path := filepath.Join("testdata", "demo.golden")
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(r.stdout), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), r.stdout)

	again := credRun(t, "")
	assert.Equal(t, r.stdout, again.stdout, "no clock, no randomness: the same bytes every run")

	// The facts the demo must show, whatever the golden file says.
	for _, want := range []string{
		"as issued, as of 2025-09-01\n     valid: ZP-2025-000123 工业机器人系统运维员 四级/中级工",
		"one character changed, as of 2025-09-01\n     invalid (bad-signature): ",
		"checked with another key, as of 2025-09-01\n     invalid (unknown-key): ",
		// Issued 2025-06-30: the day before it is not yet valid.
		"checked before it was issued, as of 2025-06-29\n     invalid (not-yet-valid): ",
		// Expires 2028-06-29: the day after it is expired.
		"checked after it expired, as of 2028-06-30\n     invalid (expired): ",
		// A revocation from 2025-10-01 does not act the day before.
		"the day before, as of 2025-09-30\n     valid: ",
		"revoked from 2025-10-01, as of 2025-10-01\n     invalid (revoked): revoked since 2025-10-01",
		"shown by someone else, as of 2025-09-01\n     invalid (holder-mismatch): ",
		"not a token at all, as of 2025-09-01\n     invalid (malformed): ",
	} {
		assert.Contains(t, r.stdout, want)
	}
	assert.NotContains(t, strings.SplitN(r.stdout, "the holder", 2)[0], "张伟", "the holder's name is never in the credential")
}

// keys runs keygen into a fresh directory and returns it.
func keys(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "keys")
	r := credRun(t, "", "keygen", "-out", dir)
	require.Equal(t, exitOK, r.code, r.stderr)
	return dir
}

// issueSample issues the sample with the private key in dir and writes the
// token to a file, whose path it returns.
func issueSample(t *testing.T, dir string, extra ...string) (path, token string) {
	t.Helper()
	r := credRun(t, "", append([]string{"issue", "-key", filepath.Join(dir, privateKeyFile), "-sample"}, extra...)...)
	require.Equal(t, exitOK, r.code, r.stderr)
	token = strings.TrimSuffix(r.stdout, "\n")
	require.Equal(t, 2, strings.Count(token, "."), "a compact JWS: header.payload.signature")
	path = filepath.Join(t.TempDir(), "cred.jws")
	require.NoError(t, os.WriteFile(path, []byte(r.stdout), 0o644))
	return path, token
}

func TestRoundTrip(t *testing.T) {
	dir := keys(t)

	// The key files: the private one readable by its owner only, both
	// Ed25519 JWKs with the thumbprint as key id.
	st, err := os.Stat(filepath.Join(dir, privateKeyFile))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	var priv, pub map[string]string
	require.NoError(t, json.Unmarshal([]byte(readFile(t, filepath.Join(dir, privateKeyFile))), &priv))
	require.NoError(t, json.Unmarshal([]byte(readFile(t, filepath.Join(dir, publicKeyFile))), &pub))
	assert.Equal(t, "OKP", pub["kty"])
	assert.Equal(t, "Ed25519", pub["crv"])
	assert.Empty(t, pub["d"], "no private key in the public file")
	assert.NotEmpty(t, priv["d"])
	assert.Equal(t, priv["x"], pub["x"])
	assert.Equal(t, priv["kid"], pub["kid"])
	assert.True(t, strings.HasPrefix(pub["kid"], thumbprintURN), pub["kid"])

	path, token := issueSample(t, dir)
	pubKey := filepath.Join(dir, publicKeyFile)
	const valid = "valid: ZP-2025-000123 工业机器人系统运维员 四级/中级工, issued by 青岛示例智能家电有限公司 (https://skills.appliance.example.cn), valid from 2025-06-30 to 2028-06-29; checked as of 2025-09-01\n"

	t.Run("file", func(t *testing.T) {
		r := credRun(t, "", "verify", "-key", pubKey, "-as-of", "2025-09-01", path)
		assert.Equal(t, exitOK, r.code, r.stderr)
		assert.Equal(t, valid, r.stdout)
	})
	t.Run("stdin, today", func(t *testing.T) {
		r := credRun(t, token+"\n", "verify", "-key", pubKey)
		assert.Equal(t, exitOK, r.code, r.stderr)
		assert.Equal(t, valid, r.stdout, "the as-of date defaults to the day run is given")
	})
	t.Run("holder", func(t *testing.T) {
		r := credRun(t, "", "verify", "-key", pubKey, "-holder", "QX2025-0042", path)
		assert.Equal(t, exitOK, r.code, r.stderr)
	})
	t.Run("pinned issuer", func(t *testing.T) {
		r := credRun(t, "", "verify", "-key", pubKey, "-issuer", "https://skills.appliance.example.cn", path)
		assert.Equal(t, exitOK, r.code, r.stderr)
	})
	t.Run("revocation list without this certificate", func(t *testing.T) {
		list := writeFile(t, "revoked.txt", "# number date reason\n\nZP-2025-000999 2025-08-01 另一张证书\n")
		r := credRun(t, "", "verify", "-key", pubKey, "-revoked", list, path)
		assert.Equal(t, exitOK, r.code, r.stderr)
	})
	t.Run("fresh salt per credential", func(t *testing.T) {
		_, again := issueSample(t, dir)
		assert.NotEqual(t, token, again, "a random salt each time, so two credentials of one holder are not linkable")
		_, a := issueSample(t, dir, "-salt", "a-fixed-salt-of-24-bytes")
		_, b := issueSample(t, dir, "-salt", "a-fixed-salt-of-24-bytes")
		assert.Equal(t, a, b, "Ed25519 is deterministic: same certificate, salt and key, same token")
	})
}

// TestVerifyFailures checks each reason a credential fails for: exit
// status 1 and the reason's code on standard output.
func TestVerifyFailures(t *testing.T) {
	dir := keys(t)
	path, token := issueSample(t, dir)
	pubKey := filepath.Join(dir, publicKeyFile)
	otherKey := filepath.Join(keys(t), publicKeyFile)
	revoked := writeFile(t, "revoked.txt", "ZP-2025-000123\t2025-08-15\t考核材料不实 (records found false)\n")

	for _, tc := range []struct {
		name   string
		stdin  string
		args   []string
		reason string
		detail string
	}{
		{"bad signature", tamper(token), []string{"-key", pubKey}, "bad-signature", "the signature does not match"},
		{"wrong key", "", []string{"-key", otherKey, path}, "unknown-key", "not signed with this key"},
		{"other issuer", "", []string{"-key", pubKey, "-issuer", "https://other.example.cn", path}, "unknown-key", ""},
		// Valid to 2028-06-29 (the sample's expiry).
		{"expired", "", []string{"-key", pubKey, "-as-of", "2028-06-30", path}, "expired", "valid until 2028-06-29, checked on 2028-06-30"},
		// Valid from its issue date, 2025-06-30.
		{"not yet valid", "", []string{"-key", pubKey, "-as-of", "2025-06-29", path}, "not-yet-valid", "valid from 2025-06-30"},
		{"revoked", "", []string{"-key", pubKey, "-revoked", revoked, path}, "revoked", "revoked since 2025-08-15: 考核材料不实 (records found false)"},
		{"malformed", "not a credential", []string{"-key", pubKey}, "malformed", ""},
		{"empty", "", []string{"-key", pubKey}, "malformed", ""},
		{"truncated", token[:len(token)/2], []string{"-key", pubKey}, "malformed", ""},
		{"holder", "", []string{"-key", pubKey, "-holder", "QX2025-9999", path}, "holder-mismatch", `not issued to holder "QX2025-9999"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := credRun(t, tc.stdin, append([]string{"verify"}, tc.args...)...)
			assert.Equal(t, exitInvalid, r.code, r.stderr)
			assert.True(t, strings.HasPrefix(r.stdout, "invalid ("+tc.reason+"): "), r.stdout)
			assert.Contains(t, r.stdout, tc.detail)
			assert.Equal(t, 1, strings.Count(r.stdout, "\n"), "one line")
		})
	}
	t.Run("revoked only from its date", func(t *testing.T) {
		r := credRun(t, "", "verify", "-key", pubKey, "-revoked", revoked, "-as-of", "2025-08-14", path)
		assert.Equal(t, exitOK, r.code, r.stdout)
	})
	t.Run("expiry by today", func(t *testing.T) {
		var out bytes.Buffer
		code := run([]string{"verify", "-key", pubKey, path}, nil, &out, &out, certificate.MustParseDate("2028-06-30"))
		assert.Equal(t, exitInvalid, code)
		assert.Contains(t, out.String(), "invalid (expired)")
	})
}

// TestIssueFromFile issues a certificate read from JSON, in the form the
// sample command prints, and refuses certificates that are not valid.
func TestIssueFromFile(t *testing.T) {
	dir := keys(t)
	privKey := filepath.Join(dir, privateKeyFile)
	r := credRun(t, "", "sample")
	require.Equal(t, exitOK, r.code)
	sample := r.stdout

	t.Run("sample", func(t *testing.T) {
		cert := writeFile(t, "cert.json", sample)
		r := credRun(t, "", "issue", "-key", privKey, "-in", cert, "-subject", "did:example:zhang-wei")
		require.Equal(t, exitOK, r.code, r.stderr)
		v := credRun(t, r.stdout, "verify", "-key", filepath.Join(dir, publicKeyFile))
		assert.Equal(t, exitOK, v.code, v.stdout)
	})
	for _, tc := range []struct {
		name, from, to, want string
	}{
		// The enterprise's scope goes up to national-3 (三级/高级工).
		{"out of scope", `"level": "national-4"`, `"level": "national-2"`, "level"},
		{"unknown member", `"number":`, `"colour": "blue", "number":`, `unknown field "colour"`},
		{"no number", `"number": "ZP-2025-000123"`, `"number": ""`, "number"},
		{"bad date", `"issued": "2025-06-30"`, `"issued": "2025-06-31"`, "2025-06-31"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Contains(t, sample, tc.from)
			cert := writeFile(t, "cert.json", strings.Replace(sample, tc.from, tc.to, 1))
			r := credRun(t, "", "issue", "-key", privKey, "-in", cert)
			assert.Equal(t, exitFailed, r.code)
			assert.Contains(t, r.stderr, tc.want)
			assert.Empty(t, r.stdout)
		})
	}
}

func TestUsageErrors(t *testing.T) {
	dir := keys(t)
	privKey, pubKey := filepath.Join(dir, privateKeyFile), filepath.Join(dir, publicKeyFile)
	badJWK := writeFile(t, "bad.jwk", strings.Replace(readFile(t, privKey), `"kty": "OKP"`, `"kty": "RSA"`, 1))
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown command", []string{"sign"}, `unknown command "sign"`},
		{"keygen without -out", []string{"keygen"}, "-out DIR is required"},
		{"keygen over keys", []string{"keygen", "-out", dir}, "keygen does not overwrite keys"},
		{"keygen with a bad key id", []string{"keygen", "-out", filepath.Join(t.TempDir(), "k"), "-kid", "a\nb"}, `-kid "a\nb"`},
		{"issue without -key", []string{"issue", "-sample"}, "-key is required"},
		{"issue without input", []string{"issue", "-key", privKey}, "exactly one of -sample and -in"},
		{"issue with both", []string{"issue", "-key", privKey, "-sample", "-in", "x.json"}, "exactly one of -sample and -in"},
		{"issue with the public key", []string{"issue", "-key", pubKey, "-sample"}, "this is a public key file"},
		{"issue with a short salt", []string{"issue", "-key", privKey, "-sample", "-salt", "short"}, "options.salt"},
		{"issue with a non-URI id", []string{"issue", "-key", privKey, "-sample", "-id", "cred-1"}, "options.id"},
		{"not an Ed25519 key", []string{"issue", "-key", badJWK, "-sample"}, `kty "RSA"`},
		{"verify without -key", []string{"verify"}, "-key is required"},
		{"verify with the private key", []string{"verify", "-key", privKey}, "holds a private key"},
		{"verify with a bad date", []string{"verify", "-key", pubKey, "-as-of", "2025-02-30"}, `invalid value "2025-02-30" for flag -as-of`},
		{"verify with a relative issuer", []string{"verify", "-key", pubKey, "-issuer", "skills"}, "keys[0].issuer"},
		{"verify with two files", []string{"verify", "-key", pubKey, "a", "b"}, `unexpected argument "b"`},
		{"verify a missing file", []string{"verify", "-key", pubKey, filepath.Join(dir, "none.jws")}, "no such file"},
		{"bad revocation list", []string{"verify", "-key", pubKey, "-revoked", writeFile(t, "r.txt", "ZP-1 2025-13-01 why\n")}, "r.txt:1: "},
		{"revocation without reason", []string{"verify", "-key", pubKey, "-revoked", writeFile(t, "r.txt", "ZP-1 2025-01-01\n")}, "want NUMBER DATE REASON"},
		{"revoked twice", []string{"verify", "-key", pubKey, "-revoked", writeFile(t, "r.txt", "ZP-1 2025-01-01 a\nZP-1 2025-02-01 b\n")}, `r.txt:2: certificate "ZP-1" is listed twice`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := credRun(t, "x.y.z", tc.args...)
			assert.Equal(t, exitFailed, r.code, r.stdout)
			assert.Contains(t, r.stderr, tc.want)
			assert.Empty(t, r.stdout)
		})
	}
	t.Run("help", func(t *testing.T) {
		r := credRun(t, "", "help")
		assert.Equal(t, exitOK, r.code)
		assert.Contains(t, r.stdout, "credential verify -key FILE")
	})
}

// TestKeyFile checks that a key file whose public half does not belong to
// its private half is refused.
func TestKeyFile(t *testing.T) {
	a, b := keys(t), keys(t)
	var ka, kb map[string]string
	require.NoError(t, json.Unmarshal([]byte(readFile(t, filepath.Join(a, privateKeyFile))), &ka))
	require.NoError(t, json.Unmarshal([]byte(readFile(t, filepath.Join(b, privateKeyFile))), &kb))
	ka["x"] = kb["x"]
	mixed, err := json.Marshal(ka)
	require.NoError(t, err)
	r := credRun(t, "", "issue", "-key", writeFile(t, "mixed.jwk", string(mixed)), "-sample")
	assert.Equal(t, exitFailed, r.code)
	assert.Contains(t, r.stderr, "x is not the public key of d")

	// A key file is one JSON object: nothing may follow it, not even a
	// closing bracket or brace (json.Decoder.More does not see those).
	good := readFile(t, filepath.Join(a, privateKeyFile))
	for _, tail := range []string{"}", "]", "]]]}", "{}"} {
		_, _, _, err := parseJWK([]byte(strings.TrimSpace(good)+tail), "issuer.jwk", true)
		require.Error(t, err, "a key file with %q after the object", tail)
		assert.Contains(t, err.Error(), "data after the JSON object")
	}
	_, _, _, err = parseJWK([]byte(good+"\n\n"), "issuer.jwk", true)
	require.NoError(t, err, "white space after the object is fine")
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	return path
}

package certificate_test

// Hardening tests (issue 9): lossless JSON round trips of random valid
// certificates and credentials, byte-identical signing, and the enum codes
// that FuzzEnumText does not cover.

import (
	"context"
	"crypto/ed25519"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/stretchr/testify/require"
)

// hardTexts are names and descriptions, with characters that need escaping
// in JSON or HTML.
var hardTexts = []string{"李娜", "Müller", `a "quoted" name`, "back\\slash", "<b>&amp;</b>", "tab\there", "emoji 🛠"}

// hardTop returns the highest level of a ladder.
func hardTop(l certificate.Ladder) certificate.Level {
	levels := l.Levels()
	top := levels[0]
	for _, lv := range levels[1:] {
		if lv.AtLeast(top) {
			top = lv
		}
	}
	return top
}

// hardRandomCert returns a random valid certificate: any issuer kind, a
// level its kind may issue (1+X levels only from a training and evaluation
// organisation, national and eight-level ladders from the others), a scope
// where the kind needs one or by chance, the channel the issuer requires,
// evidence, and a history of status changes built with WithChange.
func hardRandomCert(t *testing.T, rng *rand.Rand, i int) certificate.Certificate {
	t.Helper()
	kind := certificate.IssuerKind(1 + rng.IntN(4))
	ladder := certificate.OnePlusX
	if kind != certificate.EvaluationOrganisation {
		ladder = []certificate.Ladder{certificate.National, certificate.EightLevel}[rng.IntN(2)]
	}
	levels := ladder.Levels()
	level := levels[rng.IntN(len(levels))]
	issued, err := certificate.MustParseDate("2015-01-01").AddDays(rng.IntN(4000))
	require.NoError(t, err)
	occupation := fmt.Sprintf("6-%02d-0%d-%02d", 1+rng.IntN(30), 1+rng.IntN(9), 1+rng.IntN(20))

	issuer := certificate.Issuer{ID: fmt.Sprintf("https://issuer-%d.example.cn", rng.IntN(50)), Name: hardTexts[rng.IntN(len(hardTexts))] + " 中心", Kind: kind}
	if rng.IntN(2) == 0 {
		issuer.ID = fmt.Sprintf("91370211MA%08d", rng.IntN(1e8)) // a unified social credit code
	}
	if kind == certificate.SelfEvaluatingEnterprise || rng.IntN(3) == 0 {
		from, _ := issued.AddDays(-rng.IntN(1000))
		until, _ := issued.AddDays(rng.IntN(1000))
		valid, err := certificate.NewPeriod(from, until)
		require.NoError(t, err)
		issuer.Scope = &certificate.Scope{Occupations: []string{occupation, "4-04-05-01"}, Highest: hardTop(ladder), Valid: valid}
	}
	channel := certificate.Exam
	switch {
	case kind == certificate.SelfEvaluatingEnterprise:
		channel = certificate.SelfEvaluation
	case rng.IntN(3) == 0:
		channel = certificate.CompetitionPromotion
	}

	c := certificate.Certificate{
		Number:     fmt.Sprintf("HD-%04d-%06d", 2015+rng.IntN(11), i),
		Holder:     certificate.Holder{ID: fmt.Sprintf("3702021990%08d", rng.IntN(1e8)), Name: hardTexts[rng.IntN(len(hardTexts))], Kind: certificate.HolderKind(1 + rng.IntN(2))},
		Occupation: certificate.Occupation{Code: occupation, Name: hardTexts[rng.IntN(len(hardTexts))]},
		Level:      level,
		Issuer:     issuer,
		Issued:     issued,
		Channel:    channel,
	}
	if rng.IntN(2) == 0 {
		c.Expires, _ = issued.AddDays(rng.IntN(3000))
	}
	for range rng.IntN(4) {
		e := certificate.Evidence{Name: hardTexts[rng.IntN(len(hardTexts))]}
		if rng.IntN(2) == 0 {
			e.URL = fmt.Sprintf("https://evidence.example.cn/%d?a=1&b=<2>", rng.IntN(1000))
		}
		if rng.IntN(2) == 0 {
			e.Description = hardTexts[rng.IntN(len(hardTexts))]
		}
		c.Evidence = append(c.Evidence, e)
	}
	on := issued
	for range rng.IntN(5) {
		on, _ = on.AddDays(rng.IntN(200))
		action := certificate.Action(1 + rng.IntN(3))
		reason := ""
		if action != certificate.Reinstate || rng.IntN(2) == 0 {
			reason = hardTexts[rng.IntN(len(hardTexts))]
		}
		if next, err := c.WithChange(certificate.StatusChange{On: on, Action: action, Reason: reason}); err == nil {
			c = next
		}
	}
	require.NoError(t, c.Validate(), "case %d: the generator must make valid certificates", i)
	return c
}

// TestHardeningCertificateJSONProperty: random valid certificates survive
// JSON: dates as ISO strings, enums and levels as their codes, the same
// certificate back (empty lists come back nil, the only allowed change),
// valid again, and the same bytes when marshalled again.
func TestHardeningCertificateJSONProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(2024, 630))
	for i := range 1000 {
		c := hardRandomCert(t, rng, i)
		out, err := json.Marshal(c)
		require.NoError(t, err)
		var raw map[string]any
		require.NoError(t, json.Unmarshal(out, &raw))
		require.Equal(t, c.Issued.String(), raw["issued"], "case %d: the issue date is an ISO date string", i)
		require.Equal(t, c.Level.Code(), raw["level"], "case %d: the level is its code", i)

		var back certificate.Certificate
		require.NoError(t, json.Unmarshal(out, &back), "case %d: %s", i, out)
		require.NoError(t, back.Validate(), "case %d", i)
		want := c
		if len(want.Evidence) == 0 {
			want.Evidence = nil
		}
		if len(want.History) == 0 {
			want.History = nil
		}
		require.True(t, reflect.DeepEqual(want, back), "case %d: %s", i, out)
		again, err := json.Marshal(back)
		require.NoError(t, err)
		require.Equal(t, string(out), string(again), "case %d", i)
		for _, d := range []string{"2014-12-31", "2020-02-29", "2030-06-30"} {
			day := certificate.MustParseDate(d)
			require.Equal(t, c.StatusOn(day), back.StatusOn(day), "case %d: status on %s", i, d)
		}
	}
}

// TestHardeningCredentialProperty: random valid certificates exported as
// Open Badges credentials survive MarshalJSON → ParseCredential with the
// same bytes and the same facts (id, issuer, number, validity days, holder
// hash); signing is deterministic (Ed25519, RFC 8032 §5.1.6), so the same
// credential gives the same token twice; and the token verifies to the same
// credential.
func TestHardeningCredentialProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 8032))
	key := credKey()
	ctx := context.Background()
	for i := range 300 {
		c := hardRandomCert(t, rng, i)
		issuerURL := fmt.Sprintf("https://issuer-%d.example.cn", i)
		opts := certificate.CredentialOptions{
			ID:        fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012d", i),
			IssuerURL: issuerURL,
			Salt:      fmt.Sprintf("salt-%016x", rng.Uint64()),
		}
		if rng.IntN(2) == 0 {
			opts.SubjectID = fmt.Sprintf("did:example:%d", rng.IntN(1e6))
		}
		cred, err := c.Credential(opts)
		require.NoError(t, err, "case %d", i)
		out, err := json.Marshal(cred)
		require.NoError(t, err)
		back, err := certificate.ParseCredential(out)
		require.NoError(t, err, "case %d: %s", i, out)
		again, err := json.Marshal(back)
		require.NoError(t, err)
		require.Equal(t, string(out), string(again), "case %d", i)
		require.Equal(t, c.Number, back.Number())
		require.Equal(t, opts.ID, back.ID())
		require.Equal(t, issuerURL, back.Issuer())
		require.Equal(t, c.Issued, back.ValidFrom(), "case %d: validFrom", i)
		require.Equal(t, c.Expires, back.ValidUntil(), "case %d: validUntil", i)
		require.True(t, back.HolderMatches(c.Holder.ID), "case %d: the holder's salted hash", i)
		require.False(t, strings.Contains(string(out), c.Holder.ID), "case %d: the holder id is published in clear", i)

		signer, err := certificate.NewSigner(key, issuerURL+"/keys/1")
		require.NoError(t, err)
		tok1, err := signer.Sign(cred)
		require.NoError(t, err)
		tok2, err := signer.Sign(back)
		require.NoError(t, err)
		require.Equal(t, tok1, tok2, "case %d: signing is not deterministic", i)
		v, err := certificate.NewVerifier([]certificate.TrustedKey{{Issuer: issuerURL, KeyID: issuerURL + "/keys/1", Key: key.Public().(ed25519.PublicKey)}}, nil)
		require.NoError(t, err)
		verified, err := v.Verify(ctx, tok1, c.Issued)
		require.NoError(t, err, "case %d", i)
		vout, err := json.Marshal(verified)
		require.NoError(t, err)
		require.Equal(t, string(out), string(vout), "case %d: the verified credential differs", i)
	}
}

// FuzzMoreEnumText feeds arbitrary text to the stable-code enums that
// FuzzEnumText leaves out: no input panics; a code that parses marshals back
// to the same text; every other input is a *FieldError matching ErrInvalid
// that keeps the input.
func FuzzMoreEnumText(f *testing.F) {
	for _, s := range []string{"certificate", "course", "credits", "not-eligible", "bad-signature", "revoked",
		"expired", "unknown-key", "malformed", "", "Revoked", "revoked ", "revoked\x00", "级", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		targets := []interface {
			encoding.TextUnmarshaler
			encoding.TextMarshaler
		}{
			new(certificate.RequirementKind), new(certificate.CourseKind), new(certificate.SkipReason),
			new(certificate.ShortfallKind), new(certificate.RefusalReason), new(certificate.VerifyReason),
		}
		for _, v := range targets {
			if err := v.UnmarshalText([]byte(s)); err != nil {
				var fe *certificate.FieldError
				if !errors.As(err, &fe) || !errors.Is(err, certificate.ErrInvalid) {
					t.Fatalf("%T.UnmarshalText(%q): error %v is not a *FieldError matching ErrInvalid", v, s, err)
				}
				if fe.Value != s {
					t.Fatalf("%T.UnmarshalText(%q): error keeps %q, not the input", v, s, fe.Value)
				}
				continue
			}
			back, err := v.MarshalText()
			if err != nil || string(back) != s {
				t.Fatalf("%T: %q parsed but marshals to %q, %v", v, s, back, err)
			}
		}
	})
}

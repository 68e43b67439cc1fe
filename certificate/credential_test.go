package certificate_test

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zone test needs America/Sao_Paulo wherever it runs

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/internal/jsonschema"
)

var credUpdate = flag.Bool("update-credential-golden", false, "rewrite testdata/credential_golden.* from the current output")

// All people, organisations, numbers, codes and URLs in these fixtures are
// fictional, except the occupation codes, which are those of the national
// occupational classification (职业分类大典): 6-18-01-01 车工 and 6-31-01-10
// 工业机器人系统运维员.

// credDay is short for MustParseDate.
func credDay(s string) certificate.Date { return certificate.MustParseDate(s) }

// credSalt is a 24-byte salt, over the 16-byte minimum.
const credSalt = "c0ffee-salt-for-tests-01"

// credKey is the fixed test key: the Ed25519 key whose seed is the bytes
// 0, 1, ..., 31. Fixed so that the golden token never changes.
func credKey() ed25519.PrivateKey {
	seed := make([]byte, ed25519.SeedSize)
	for i := range seed {
		seed[i] = byte(i)
	}
	return ed25519.NewKeyFromSeed(seed)
}

// credOtherKey is a second key (seed bytes all 0x42) for wrong-key tests.
func credOtherKey() ed25519.PrivateKey {
	seed := make([]byte, ed25519.SeedSize)
	for i := range seed {
		seed[i] = 0x42
	}
	return ed25519.NewKeyFromSeed(seed)
}

const (
	credIssuerURL = "https://jianding.example.cn"
	// credKid is a URI, as OB 3.0 §8.2.3 wants of a kid.
	credKid = "https://jianding.example.cn/keys/2024"
)

// The main fixture's validity instants as NumericDates (RFC 7519 §2: seconds
// since 1970-01-01T00:00:00Z), checked against the time package in
// TestSignGolden.
//
// validFrom 2024-06-30T00:00:00+08:00 is 2024-06-29T16:00:00Z. From 1970 to
// 2024-01-01 are 54 years of 365 days plus 13 leap days (1972 ... 2020):
// 19723 days; 2024-06-29 is 31+29+31+30+31+28 = 180 days later: 19903 days.
// 19903 * 86400 + 16 * 3600 = 1719619200 + 57600 = 1719676800.
//
// validUntil 2027-06-30T23:59:59+08:00 is 2027-06-30T15:59:59Z. To
// 2027-01-01: 57 * 365 + 14 leap days = 20819 days; 2027-06-30 is
// 31+28+31+30+31+29 = 180 days later: 20999 days.
// 20999 * 86400 + 15 * 3600 + 59 * 60 + 59 = 1814313600 + 57599 = 1814371199.
const (
	credNbf = "1719676800"
	credExp = "1814371199"
)

// credAppraisal is a government appraisal body whose id is a URL.
func credAppraisal() certificate.Issuer {
	return certificate.Issuer{ID: credIssuerURL, Name: "青岛市职业技能鉴定中心（示例）", Kind: certificate.AppraisalBody}
}

// credCert is the main fixture: 车工 at NationalGrade2 (二级/技师) by exam,
// issued 2024-06-30, expiring 2027-06-30, with two pieces of evidence.
func credCert() certificate.Certificate {
	return certificate.Certificate{
		Number:     "JD-2024-000777",
		Holder:     certificate.Holder{ID: "370202199001011234", Name: "李娜", Kind: certificate.Employee},
		Occupation: certificate.Occupation{Code: "6-18-01-01", Name: "车工"},
		Level:      certificate.NationalGrade2,
		Issuer:     credAppraisal(),
		Issued:     credDay("2024-06-30"),
		Expires:    credDay("2027-06-30"),
		Channel:    certificate.Exam,
		Evidence: []certificate.Evidence{
			{URL: "https://jianding.example.cn/exams/2024-06/777", Name: "理论知识考试", Description: "Theory exam, 86/100"},
			{Name: "技能操作考核 <work piece> & report"},
		},
	}
}

// credEnterprise is a self-evaluating enterprise identified by a unified
// social credit code (fictional), so credentials need an IssuerURL.
func credEnterprise() certificate.Issuer {
	return certificate.Issuer{
		ID: "91370211MA3EXAMPLE", Name: "海西重工（示例）", Kind: certificate.SelfEvaluatingEnterprise,
		Scope: &certificate.Scope{
			Occupations: []string{"6-31-01-10"},
			Highest:     certificate.Technician,
			Valid:       certificate.Period{},
		},
	}
}

// credCerts returns one certificate per issuer kind, each with the options
// that export it: with and without expiry, evidence and status list.
func credCerts(t testing.TB) map[string]struct {
	cert certificate.Certificate
	opts certificate.CredentialOptions
} {
	t.Helper()
	scopeValid, err := certificate.NewPeriod(credDay("2023-01-01"), credDay("2027-12-31"))
	require.NoError(t, err)
	ent := credEnterprise()
	ent.Scope.Valid = scopeValid

	selfEval := certificate.Certificate{
		Number: "HX-2024-0042", Holder: certificate.Holder{ID: "E-0042", Name: "王强", Kind: certificate.Employee},
		Occupation: certificate.Occupation{Code: "6-31-01-10", Name: "工业机器人系统运维员"},
		Level:      certificate.SeniorWorker, Issuer: ent, Issued: credDay("2024-12-20"),
		Channel: certificate.SelfEvaluation,
	}
	onePlusX := certificate.Certificate{
		Number: "1X-IRO-2025-000123", Holder: certificate.Holder{ID: "S2023-0815", Name: "陈晨", Kind: certificate.Student},
		Occupation: certificate.Occupation{Code: "X-IRO", Name: "工业机器人操作与运维"},
		Level:      certificate.XIntermediate,
		Issuer:     certificate.Issuer{ID: "https://pingjia.example.org/", Name: "示例培训评价组织", Kind: certificate.EvaluationOrganisation},
		Issued:     credDay("2025-01-15"), Expires: credDay("2028-01-14"), Channel: certificate.Exam,
	}
	competition := certificate.Certificate{
		Number: "JS-2024-07", Holder: certificate.Holder{ID: "E-7", Name: "赵磊", Kind: certificate.Employee},
		Occupation: certificate.Occupation{Code: "6-18-01-01", Name: "车工"},
		Level:      certificate.Technician,
		Issuer:     certificate.Issuer{ID: "urn:example:competition:west-coast-2024", Name: "西海岸职业技能大赛组委会（示例）", Kind: certificate.CompetitionOrganiser},
		Issued:     credDay("2024-11-01"), Channel: certificate.CompetitionPromotion,
		Evidence: []certificate.Evidence{{Name: "决赛第2名", Description: "Rank 2 of 40 in the final"}},
	}
	base := func(id string) certificate.CredentialOptions {
		return certificate.CredentialOptions{ID: id, Salt: credSalt}
	}
	withStatus := base("https://jianding.example.cn/credentials/JD-2024-000777")
	withStatus.StatusURL = "https://jianding.example.cn/revocations"
	entOpts := base("urn:uuid:7d8f3a52-1c8e-4b7e-9a51-2f6b0c9d4e11")
	entOpts.IssuerURL = "https://haixi.example.cn"
	compOpts := base("urn:example:credential:JS-2024-07")
	compOpts.AchievementBase = "https://competition.example.cn/achievements"
	return map[string]struct {
		cert certificate.Certificate
		opts certificate.CredentialOptions
	}{
		"appraisal body, expiry, evidence, status":           {credCert(), withStatus},
		"self-evaluating enterprise, credit code, no expiry": {selfEval, entOpts},
		"evaluation organisation, 1+X, expiry":               {onePlusX, base("https://pingjia.example.org/credentials/1")},
		"competition organiser, urn issuer, evidence":        {competition, compOpts},
	}
}

// credMain exports the main fixture with a status list.
func credMain(t testing.TB) certificate.Credential {
	t.Helper()
	c, err := credCert().Credential(certificate.CredentialOptions{
		ID:        "https://jianding.example.cn/credentials/JD-2024-000777",
		Salt:      credSalt,
		StatusURL: "https://jianding.example.cn/revocations",
	})
	require.NoError(t, err)
	return c
}

func credSigner(t testing.TB) certificate.Signer {
	t.Helper()
	s, err := certificate.NewSigner(credKey(), credKid)
	require.NoError(t, err)
	return s
}

func credVerifier(t testing.TB, status certificate.StatusChecker) certificate.Verifier {
	t.Helper()
	v, err := certificate.NewVerifier([]certificate.TrustedKey{
		{Issuer: credIssuerURL, KeyID: credKid, Key: credKey().Public().(ed25519.PublicKey)},
	}, status)
	require.NoError(t, err)
	return v
}

func credToken(t testing.TB) string {
	t.Helper()
	tok, err := credSigner(t).Sign(credMain(t))
	require.NoError(t, err)
	return tok
}

// credJSONMap decodes JSON into a generic map for assertions.
func credJSONMap(t testing.TB, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(b, &m))
	return m
}

// credTopKeys returns the member names of a JSON object in document order.
func credTopKeys(t testing.TB, b []byte) []string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(string(b)))
	tok, err := dec.Token()
	require.NoError(t, err)
	require.Equal(t, json.Delim('{'), tok)
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		require.NoError(t, err)
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		require.NoError(t, dec.Decode(&skip))
	}
	return keys
}

// credAt walks a generic JSON value along a path of keys and indices.
func credAt(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

func TestCredentialMapping(t *testing.T) {
	cred := credMain(t)
	b, err := cred.MarshalJSON()
	require.NoError(t, err)
	m := credJSONMap(t, b)

	// The holder hash, computed here independently: SHA-256 over the id
	// followed by the salt, as OB 3.0 IdentityHash says.
	sum := sha256.Sum256([]byte("370202199001011234" + credSalt))
	wantHash := "sha256$" + hex.EncodeToString(sum[:])

	tests := []struct {
		path []any
		want any
	}{
		{[]any{"@context", 0}, "https://www.w3.org/ns/credentials/v2"},
		{[]any{"@context", 1}, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"},
		{[]any{"id"}, "https://jianding.example.cn/credentials/JD-2024-000777"},
		{[]any{"type", 0}, "VerifiableCredential"},
		{[]any{"type", 1}, "AchievementCredential"},
		{[]any{"issuer", "id"}, credIssuerURL},
		{[]any{"issuer", "type", 0}, "Profile"},
		{[]any{"issuer", "name"}, "青岛市职业技能鉴定中心（示例）"},
		{[]any{"issuer", "otherIdentifier"}, nil}, // the issuer id is the URL
		// Issued 2024-06-30 at midnight China Standard Time; expires at the
		// last second of 2027-06-30.
		{[]any{"validFrom"}, "2024-06-30T00:00:00+08:00"},
		{[]any{"awardedDate"}, "2024-06-30T00:00:00+08:00"},
		{[]any{"validUntil"}, "2027-06-30T23:59:59+08:00"},
		{[]any{"name"}, "车工 二级/技师"},
		{[]any{"credentialSubject", "type", 0}, "AchievementSubject"},
		{[]any{"credentialSubject", "identifier", 0, "type"}, "IdentityObject"},
		{[]any{"credentialSubject", "identifier", 0, "hashed"}, true},
		{[]any{"credentialSubject", "identifier", 0, "identityType"}, "identifier"},
		{[]any{"credentialSubject", "identifier", 0, "identityHash"}, wantHash},
		{[]any{"credentialSubject", "identifier", 0, "salt"}, credSalt},
		{[]any{"credentialSubject", "licenseNumber"}, "JD-2024-000777"},
		{[]any{"credentialSubject", "narrative"}, "考核/鉴定。Passed the examination or appraisal."},
		{[]any{"credentialSubject", "achievement", "id"}, "https://jianding.example.cn/achievements/6-18-01-01/national-2"},
		{[]any{"credentialSubject", "achievement", "type", 0}, "Achievement"},
		{[]any{"credentialSubject", "achievement", "achievementType"}, "Certificate"},
		{[]any{"credentialSubject", "achievement", "name"}, "车工 二级/技师"},
		{[]any{"credentialSubject", "achievement", "humanCode"}, "6-18-01-01"},
		{[]any{"credentialSubject", "achievement", "description"},
			"国家职业技能等级证书：车工（6-18-01-01）二级/技师。National vocational skill level certificate: 车工 (6-18-01-01), grade 2 (technician)."},
		{[]any{"evidence", 0, "id"}, "https://jianding.example.cn/exams/2024-06/777"},
		{[]any{"evidence", 0, "type", 0}, "Evidence"},
		{[]any{"evidence", 0, "name"}, "理论知识考试"},
		{[]any{"evidence", 0, "narrative"}, "Theory exam, 86/100"},
		{[]any{"evidence", 1, "id"}, nil},
		{[]any{"evidence", 1, "name"}, "技能操作考核 <work piece> & report"},
		{[]any{"credentialStatus", "id"}, "https://jianding.example.cn/revocations"},
		{[]any{"credentialStatus", "type"}, "1EdTechRevocationList"},
		{[]any{"credentialSchema", 0, "type"}, "1EdTechJsonSchemaValidator2019"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.path...), func(t *testing.T) {
			assert.Equal(t, tt.want, credAt(m, tt.path...))
		})
	}

	t.Run("holder id never in clear", func(t *testing.T) {
		assert.NotContains(t, string(b), "370202199001011234")
		assert.NotContains(t, string(b), "李娜", "the holder's name is left out")
	})
	t.Run("no HTML escaping", func(t *testing.T) {
		assert.Contains(t, string(b), "<work piece> & report")
	})
	t.Run("member order", func(t *testing.T) {
		order := []string{"@context", "id", "type", "issuer", "validFrom", "validUntil", "awardedDate",
			"name", "description", "credentialSubject", "evidence", "credentialStatus", "credentialSchema"}
		assert.Equal(t, order, credTopKeys(t, b))
	})
	t.Run("accessors", func(t *testing.T) {
		assert.Equal(t, "https://jianding.example.cn/credentials/JD-2024-000777", cred.ID())
		assert.Equal(t, credIssuerURL, cred.Issuer())
		assert.Equal(t, "青岛市职业技能鉴定中心（示例）", cred.IssuerName())
		assert.Equal(t, "车工 二级/技师", cred.Name())
		assert.Equal(t, "JD-2024-000777", cred.Number())
		assert.Equal(t, "https://jianding.example.cn/achievements/6-18-01-01/national-2", cred.AchievementID())
		assert.Equal(t, "https://jianding.example.cn/revocations", cred.StatusURL())
		assert.Equal(t, credDay("2024-06-30"), cred.ValidFrom())
		assert.Equal(t, credDay("2027-06-30"), cred.ValidUntil())
		assert.True(t, cred.HolderMatches("370202199001011234"))
		assert.False(t, cred.HolderMatches("370202199001011235"))
		assert.False(t, cred.HolderMatches(""))
	})
	t.Run("zero credential", func(t *testing.T) {
		var z certificate.Credential
		_, err := z.MarshalJSON()
		require.ErrorIs(t, err, certificate.ErrInvalid)
		assert.Equal(t, certificate.Date{}, z.ValidFrom())
		assert.Equal(t, certificate.Date{}, z.ValidUntil())
		assert.Empty(t, z.AchievementID())
		assert.Empty(t, z.StatusURL())
		assert.False(t, z.HolderMatches(""))
	})
}

func TestCredentialVariants(t *testing.T) {
	for name, f := range credCerts(t) {
		t.Run(name, func(t *testing.T) {
			cred, err := f.cert.Credential(f.opts)
			require.NoError(t, err)
			b, err := cred.MarshalJSON()
			require.NoError(t, err)
			m := credJSONMap(t, b)
			assert.Equal(t, f.cert.Issued, cred.ValidFrom())
			assert.Equal(t, f.cert.Expires, cred.ValidUntil())
			if f.cert.Expires.IsZero() {
				assert.Nil(t, m["validUntil"], "no expiry, no validUntil")
			}
			assert.Equal(t, f.cert.Number, cred.Number())
			assert.True(t, cred.HolderMatches(f.cert.Holder.ID))
			if f.opts.IssuerURL != "" {
				assert.Equal(t, f.opts.IssuerURL, cred.Issuer())
				assert.Equal(t, f.cert.Issuer.ID, credAt(m, "issuer", "otherIdentifier", 0, "identifier"),
					"the issuer's own id is kept as an otherIdentifier")
			} else {
				assert.Equal(t, f.cert.Issuer.ID, cred.Issuer())
			}
			if len(f.cert.Evidence) == 0 {
				assert.Nil(t, m["evidence"])
			} else {
				assert.Len(t, m["evidence"], len(f.cert.Evidence))
			}
		})
	}

	t.Run("achievement ids", func(t *testing.T) {
		f := credCerts(t)
		tests := []struct{ name, want string }{
			// Default base: the issuer URL plus /achievements, without
			// doubling the trailing slash of "https://pingjia.example.org/".
			{"evaluation organisation, 1+X, expiry", "https://pingjia.example.org/achievements/X-IRO/1x-intermediate"},
			{"self-evaluating enterprise, credit code, no expiry", "https://haixi.example.cn/achievements/6-31-01-10/eight-senior"},
			{"competition organiser, urn issuer, evidence", "https://competition.example.cn/achievements/6-18-01-01/eight-technician"},
		}
		for _, tt := range tests {
			cred, err := f[tt.name].cert.Credential(f[tt.name].opts)
			require.NoError(t, err)
			assert.Equal(t, tt.want, cred.AchievementID(), tt.name)
		}
	})
	t.Run("occupation code is path-escaped", func(t *testing.T) {
		c := credCert()
		c.Occupation.Code = "6-18-01-01/x y"
		c.Issuer.Scope = nil
		cred, err := c.Credential(certificate.CredentialOptions{ID: "urn:example:1", Salt: credSalt})
		require.NoError(t, err)
		assert.Equal(t, "https://jianding.example.cn/achievements/6-18-01-01%2Fx%20y/national-2", cred.AchievementID())
	})
}

func TestCredentialZone(t *testing.T) {
	saoPaulo, err := time.LoadLocation("America/Sao_Paulo")
	require.NoError(t, err)
	tests := []struct {
		name   string
		zone   *time.Location
		from   string
		until  string
		issued string
	}{
		{"default is China Standard Time", nil, "2024-06-30T00:00:00+08:00", "2027-06-30T23:59:59+08:00", "2024-06-30"},
		{"UTC", time.UTC, "2024-06-30T00:00:00Z", "2027-06-30T23:59:59Z", "2024-06-30"},
		{"fixed CET", time.FixedZone("CET", 3600), "2024-06-30T00:00:00+01:00", "2027-06-30T23:59:59+01:00", "2024-06-30"},
		// Brazil began daylight saving time 2018 on Sunday 4 November at
		// 00:00 (Decreto nº 9.242/2017): that day had no midnight and began
		// at the instant Go writes as 23:00 on the 3rd at -03:00. Read in
		// its own offset that covers the 4th from its start, as it should.
		{"zone without midnight", saoPaulo, "2018-11-03T23:00:00-03:00", "2027-06-30T23:59:59-03:00", "2018-11-04"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := credCert()
			c.Issued = credDay(tt.issued)
			cred, err := c.Credential(certificate.CredentialOptions{ID: "urn:example:z", Salt: credSalt, Zone: tt.zone})
			require.NoError(t, err)
			b, err := cred.MarshalJSON()
			require.NoError(t, err)
			m := credJSONMap(t, b)
			assert.Equal(t, tt.from, m["validFrom"])
			assert.Equal(t, tt.until, m["validUntil"])
			assert.Equal(t, c.Issued, cred.ValidFrom())
			assert.Equal(t, c.Expires, cred.ValidUntil())
		})
	}
}

func TestCredentialErrors(t *testing.T) {
	ok := certificate.CredentialOptions{ID: "urn:example:1", Salt: credSalt}
	tests := []struct {
		name  string
		cert  func(*certificate.Certificate)
		opts  func(*certificate.CredentialOptions)
		field string
	}{
		{"invalid certificate", func(c *certificate.Certificate) { c.Holder.ID = " " }, nil, "holder.id"},
		{"no id", nil, func(o *certificate.CredentialOptions) { o.ID = "" }, "options.id"},
		{"id without scheme", nil, func(o *certificate.CredentialOptions) { o.ID = "JD-2024-000777" }, "options.id"},
		{"id with a space", nil, func(o *certificate.CredentialOptions) { o.ID = "urn:example:a b" }, "options.id"},
		{"https id without host", nil, func(o *certificate.CredentialOptions) { o.ID = "https:///x" }, "options.id"},
		{"issuer id not a URI", func(c *certificate.Certificate) { c.Issuer.ID = "12370200MB0000000X" }, nil, "options.issuerURL"},
		{"bad issuer URL", nil, func(o *certificate.CredentialOptions) { o.IssuerURL = "jianding.example.cn" }, "options.issuerURL"},
		{"urn issuer needs an achievement base", func(c *certificate.Certificate) { c.Issuer.ID = "urn:example:issuer" }, nil, "options.achievementBase"},
		{"bad achievement base", nil, func(o *certificate.CredentialOptions) { o.AchievementBase = "/achievements" }, "options.achievementBase"},
		// 15 bytes: one short of the minimum of 16.
		{"salt too short", nil, func(o *certificate.CredentialOptions) { o.Salt = "123456789012345" }, "options.salt"},
		{"bad status URL", nil, func(o *certificate.CredentialOptions) { o.StatusURL = "revocations" }, "options.statusURL"},
		{"evidence URL not a URI", func(c *certificate.Certificate) { c.Evidence[1].URL = "exam record 12" }, nil, "evidence[1].url"},
		{"subject id not a URI", nil, func(o *certificate.CredentialOptions) { o.SubjectID = "370202199001011234" }, "options.subjectID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, o := credCert(), ok
			if tt.cert != nil {
				tt.cert(&c)
			}
			if tt.opts != nil {
				tt.opts(&o)
			}
			_, err := c.Credential(o)
			var fe *certificate.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			assert.ErrorIs(t, err, certificate.ErrInvalid)
		})
	}
	t.Run("16-byte salt is enough", func(t *testing.T) {
		o := ok
		o.Salt = "1234567890123456"
		_, err := credCert().Credential(o)
		assert.NoError(t, err)
	})
}

// credMainJSON is the JSON of the main fixture, for edits.
func credMainJSON(t testing.TB) string {
	t.Helper()
	b, err := credMain(t).MarshalJSON()
	require.NoError(t, err)
	return string(b)
}

func TestParseCredential(t *testing.T) {
	good := credMainJSON(t)
	edit := func(old, new string) string {
		require.Contains(t, good, old)
		return strings.Replace(good, old, new, 1)
	}
	tests := []struct {
		name  string
		input string
		field string // "" for success
	}{
		{"own output", good, ""},
		{"unknown members are accepted", edit(`"name":"车工 二级/技师",`, `"name":"车工 二级/技师","x-extra":{"a":[1,{"b":null}]},`), ""},
		{"OpenBadgeCredential type", edit(`"AchievementCredential"`, `"OpenBadgeCredential"`), ""},
		{"OB context 3.0.1", edit(`context-3.0.3.json`, `context-3.0.1.json`), ""},
		{"OB context without version", edit(`context-3.0.3.json`, `context.json`), ""},
		{"extra context", edit(`context-3.0.3.json"`, `context-3.0.3.json","https://example.org/ctx"`), ""},
		{"fractional seconds", edit(`"validFrom":"2024-06-30T00:00:00+08:00"`, `"validFrom":"2024-06-30T00:00:00.000+08:00"`), ""},

		{"empty", "", "credential"},
		{"not JSON", "{", "credential"},
		{"array", "[]", "credential"},
		{"two values", good + " {}", "credential"},
		{"trailing garbage", good + "x", "credential"},
		{"invalid UTF-8", edit("车工", "\xff"), "credential"},
		{"duplicate member", edit(`"id":"https://jianding.example.cn/credentials/`, `"id":"urn:x","id":"https://jianding.example.cn/credentials/`), "id"},
		{"duplicate empty name", `{"":1,"":2}`, `[""]`},
		{"truncated", good[:len(good)-1], "credential"},
		{"odd member name in path", edit(`"licenseNumber":"JD-2024-000777"`, `"a.b":1,"a.b":2`), `credentialSubject["a.b"]`},
		{"nested duplicate", edit(`"licenseNumber":"JD-2024-000777"`, `"licenseNumber":"JD-2024-000777","licenseNumber":"X"`), "credentialSubject.licenseNumber"},
		{"case variant", edit(`"validUntil"`, `"ValidUntil"`), "ValidUntil"},
		{"case variant deep", edit(`"identityHash"`, `"IDENTITYHASH"`), "credentialSubject.identifier[0].IDENTITYHASH"},
		{"Kelvin sign folds to k", edit(`"awardedDate"`, `"awardedDate":"2024-06-30T00:00:00+08:00","\u212aey"`), ""},
		// JWT claims (a VC-JWT payload, OB 3.0 §8.2.4.1) must agree with
		// the credential; see credNbf and credExp for the numbers.
		{"JWT claims that agree", edit(`{"@context"`, `{"iss":"https://jianding.example.cn","exp":`+credExp+`,"nbf":`+credNbf+
			`,"jti":"https://jianding.example.cn/credentials/JD-2024-000777","iat":1,"aud":"anyone","@context"`), ""},
		{"JWT exp that disagrees", edit(`"name":"车工`, `"exp":1893456000,"name":"车工`), "exp"},
		{"JWT nbf that disagrees", edit(`"name":"车工`, `"nbf":1,"name":"车工`), "nbf"},
		{"JWT iss that disagrees", edit(`"name":"车工`, `"iss":"https://other.example.cn","name":"车工`), "iss"},
		{"JWT jti that disagrees", edit(`"name":"车工`, `"jti":"urn:example:other","name":"车工`), "jti"},
		{"JWT sub without a subject id", edit(`"name":"车工`, `"sub":"did:example:x","name":"车工`), "sub"},
		{"JWT NBF in capitals", edit(`"name":"车工`, `"NBF":`+credNbf+`,"name":"车工`), "NBF"},
		{"JWT vc", edit(`"name":"车工`, `"vc":{},"name":"车工`), "vc"},
		{"subject id", edit(`"credentialSubject":{`, `"credentialSubject":{"id":"did:example:holder",`), ""},
		{"subject id not a URI", edit(`"credentialSubject":{`, `"credentialSubject":{"id":"holder 7",`), "credentialSubject.id"},
		{"subject with neither id nor identifier", edit(`"identifier":[`, `"identifierX":[`), "credentialSubject.identifier"},
		{"no context", edit(`"@context":["https://www.w3.org/ns/credentials/v2",`, `"@context":[`), "@context"},
		{"VC 1.1 context", edit(`https://www.w3.org/ns/credentials/v2`, `https://www.w3.org/2018/credentials/v1`), "@context"},
		{"bad OB context", edit(`context-3.0.3.json`, `context-3.0.json`), "@context"},
		{"context object", edit(`"@context":[`, `"@context":[{},`), "@context[0]"},
		{"no id", edit(`"id":"https://jianding.example.cn/credentials/JD-2024-000777",`, ``), "id"},
		{"type without AchievementCredential", edit(`,"AchievementCredential"`, ``), "type"},
		{"issuer as string", edit(`"issuer":{"id":"https://jianding.example.cn","type":["Profile"],"name":"青岛市职业技能鉴定中心（示例）"}`, `"issuer":"https://jianding.example.cn"`), "issuer"},
		{"issuer without Profile type", edit(`"type":["Profile"]`, `"type":[]`), "issuer.type"},
		{"validFrom without offset", edit(`"validFrom":"2024-06-30T00:00:00+08:00"`, `"validFrom":"2024-06-30T00:00:00"`), "validFrom"},
		{"validFrom a date", edit(`"validFrom":"2024-06-30T00:00:00+08:00"`, `"validFrom":"2024-06-30"`), "validFrom"},
		{"no validFrom", edit(`"validFrom":"2024-06-30T00:00:00+08:00",`, ``), "validFrom"},
		{"validFrom year 0", edit(`"validFrom":"2024-06-30T00:00:00+08:00"`, `"validFrom":"0000-06-30T00:00:00+08:00"`), "validFrom"},
		{"validUntil before validFrom", edit(`"validUntil":"2027-06-30T23:59:59+08:00"`, `"validUntil":"2024-06-29T23:59:59+08:00"`), "validUntil"},
		{"bad awardedDate", edit(`"awardedDate":"2024-06-30T00:00:00+08:00"`, `"awardedDate":"yesterday"`), "awardedDate"},
		{"subject type", edit(`["AchievementSubject"]`, `["Subject"]`), "credentialSubject.type"},
		{"identity not hashed", edit(`"hashed":true`, `"hashed":false`), "credentialSubject.identifier[0].hashed"},
		{"md5 identity hash", edit(`"identityHash":"sha256$`, `"identityHash":"md5$`), "credentialSubject.identifier[0].identityHash"},
		{"identity type wrong", edit(`"type":"IdentityObject"`, `"type":"Identity"`), "credentialSubject.identifier[0].type"},
		{"hashed as string", edit(`"hashed":true`, `"hashed":"true"`), "credentialSubject.identifier[0].hashed"},
		{"no achievement", edit(`"achievement":{`, `"achievementX":{`), "credentialSubject.achievement"},
		{"achievement id", edit(`"id":"https://jianding.example.cn/achievements/6-18-01-01/national-2"`, `"id":"national-2"`), "credentialSubject.achievement.id"},
		{"no criteria", edit(`"criteria":{`, `"criteriaX":{`), "credentialSubject.achievement.criteria"},
		{"achievement type", edit(`"type":["Achievement"]`, `"type":["Badge"]`), "credentialSubject.achievement.type"},
		{"achievement name", edit(`"achievementType":"Certificate","name":"车工 二级/技师"`, `"achievementType":"Certificate","name":" "`), "credentialSubject.achievement.name"},
		{"achievement description", edit(`"description":"国家职业技能等级证书：`, `"description":"","x":"`), "credentialSubject.achievement.description"},
		{"criteria id", edit(`"criteria":{`, `"criteria":{"id":"criteria",`), "credentialSubject.achievement.criteria.id"},
		{"criteria id ok", edit(`"criteria":{`, `"criteria":{"id":"https://jianding.example.cn/criteria/1",`), ""},
		{"identity type empty", edit(`"identityType":"identifier"`, `"identityType":""`), "credentialSubject.identifier[0].identityType"},
		{"issuer otherIdentifier", edit(`"name":"青岛市职业技能鉴定中心（示例）"}`, `"name":"青岛市职业技能鉴定中心（示例）","otherIdentifier":[{"type":"IdentifierEntry","identifier":"","identifierType":"identifier"}]}`), "issuer.otherIdentifier[0]"},
		{"evidence id", edit(`"id":"https://jianding.example.cn/exams/2024-06/777"`, `"id":"exam 777"`), "evidence[0].id"},
		{"schema type", edit(`"type":"1EdTechJsonSchemaValidator2019"`, `"type":""`), "credentialSchema[0].type"},
		{"OB context over http", edit(`https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json`, `http://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json`), "@context"},
		{"OB context not JSON", edit(`context-3.0.3.json`, `context-3.0.3.jsonld`), "@context"},
		{"OB context 4.0.0", edit(`context-3.0.3.json`, `context-4.0.0.json`), "@context"},
		{"evidence type", edit(`"type":["Evidence"],"name":"理论知识考试"`, `"type":["Proof"],"name":"理论知识考试"`), "evidence[0].type"},
		{"status without type", edit(`,"type":"1EdTechRevocationList"`, ``), "credentialStatus.type"},
		{"schema id", edit(`"credentialSchema":[{"id":"https://`, `"credentialSchema":[{"id":"//`), "credentialSchema[0].id"},
		{"too big", good[:len(good)-1] + `,"pad":"` + strings.Repeat("x", certificate.MaxCredentialSize) + `"}`, "credential"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cred, err := certificate.ParseCredential([]byte(tt.input))
			if tt.field == "" {
				require.NoError(t, err)
				assert.Equal(t, "JD-2024-000777", cred.Number())
				return
			}
			var fe *certificate.FieldError
			require.ErrorAs(t, err, &fe, "input %.200q", tt.input)
			assert.Equal(t, tt.field, fe.Field, "error: %v", err)
			assert.ErrorIs(t, err, certificate.ErrInvalid)
			if tt.name == "hashed as string" {
				assert.Equal(t, `"true"`, fe.Value, "the value at fault, not its JSON kind")
			}
		})
	}
}

// TestParseCredentialCaseVariants changes the case of every member name the
// package emits, one at a time, and requires each change to be refused: a
// guard that the list of modelled names is complete.
func TestParseCredentialCaseVariants(t *testing.T) {
	good := credMainJSON(t)
	dec := json.NewDecoder(strings.NewReader(good))
	seen := map[string]bool{}
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if s, ok := tok.(string); ok && strings.Contains(good, `"`+s+`":`) {
			seen[s] = true
		}
	}
	require.Greater(t, len(seen), 20, "member names found")
	for name := range seen {
		variant := strings.ToUpper(name)
		if variant == name { // no letters to change
			continue
		}
		t.Run(name, func(t *testing.T) {
			_, err := certificate.ParseCredential([]byte(strings.ReplaceAll(good, `"`+name+`":`, `"`+variant+`":`)))
			require.ErrorIs(t, err, certificate.ErrInvalid)
		})
	}
}

func TestCredentialJSONRoundTrip(t *testing.T) {
	for name, f := range credCerts(t) {
		t.Run(name, func(t *testing.T) {
			cred, err := f.cert.Credential(f.opts)
			require.NoError(t, err)
			type wrapper struct {
				Credential certificate.Credential `json:"credential"`
			}
			b, err := json.Marshal(wrapper{cred})
			require.NoError(t, err)
			var back wrapper
			require.NoError(t, json.Unmarshal(b, &back))
			b2, err := json.Marshal(back)
			require.NoError(t, err)
			assert.Equal(t, string(b), string(b2))
			assert.Equal(t, cred.ValidFrom(), back.Credential.ValidFrom())
			assert.Equal(t, cred.ValidUntil(), back.Credential.ValidUntil())
		})
	}
	t.Run("unmarshal error", func(t *testing.T) {
		var c certificate.Credential
		err := json.Unmarshal([]byte(`{"id":1}`), &c)
		require.ErrorIs(t, err, certificate.ErrInvalid)
	})
}

func TestCredentialWholeDays(t *testing.T) {
	// validFrom and validUntil read as the whole civil days they cover, in
	// their own offsets.
	good := credMainJSON(t)
	tests := []struct {
		from, until         string
		wantFrom, wantUntil string
	}{
		{"2024-06-30T00:00:00+08:00", "2027-06-30T23:59:59+08:00", "2024-06-30", "2027-06-30"},
		{"2024-06-30T00:00:01+08:00", "2027-06-30T23:59:58+08:00", "2024-07-01", "2027-06-29"},
		// 16:00 UTC on 29 June is midnight of the 30th in China, but this
		// reader goes by the offset written, so the 29th is not whole.
		{"2024-06-29T16:00:00Z", "2027-06-30T15:59:59Z", "2024-06-30", "2027-06-29"},
		{"2024-06-30T00:00:00.5+08:00", "2027-06-30T23:59:59.999+08:00", "2024-07-01", "2027-06-30"},
		{"2024-06-30T00:00:00-05:00", "2027-07-01T00:00:00-05:00", "2024-06-30", "2027-06-30"},
	}
	for _, tt := range tests {
		t.Run(tt.from+" "+tt.until, func(t *testing.T) {
			s := strings.Replace(good, "2024-06-30T00:00:00+08:00", tt.from, 1)
			s = strings.Replace(s, "2027-06-30T23:59:59+08:00", tt.until, 1)
			cred, err := certificate.ParseCredential([]byte(s))
			require.NoError(t, err)
			assert.Equal(t, credDay(tt.wantFrom), cred.ValidFrom())
			assert.Equal(t, credDay(tt.wantUntil), cred.ValidUntil())
		})
	}
}

func TestHolderMatchesOBExample(t *testing.T) {
	// OB 3.0's IdentityHash example (quoted in the schema's $comment):
	// 'sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399'
	// is SHA-256 over 'a@example.com' salted with 'Kosher'. The spec allows
	// upper-case hex too.
	good := credMainJSON(t)
	sum := sha256.Sum256([]byte("370202199001011234" + credSalt))
	ours := hex.EncodeToString(sum[:])
	for _, hash := range []string{
		"b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399",
		"B5809D8A92F8858436D7E6B87C12EBC0AE1EAC4BAECC2C0B913AEE2C922EF399",
	} {
		t.Run(hash[:8], func(t *testing.T) {
			s := strings.Replace(good, ours, hash, 1)
			s = strings.Replace(s, `"salt":"`+credSalt+`"`, `"salt":"Kosher"`, 1)
			cred, err := certificate.ParseCredential([]byte(s))
			require.NoError(t, err)
			assert.True(t, cred.HolderMatches("a@example.com"))
			assert.False(t, cred.HolderMatches("b@example.com"))
			assert.False(t, cred.HolderMatches("370202199001011234"))
		})
	}
}

func TestCredentialSchema(t *testing.T) {
	schemaJSON, err := os.ReadFile("../internal/jsonschema/testdata/ob_v3p0_achievementcredential.json")
	require.NoError(t, err)
	schema, err := jsonschema.Compile(schemaJSON)
	require.NoError(t, err)
	require.Empty(t, schema.UncheckedFormats(), "date-time is checked, not just annotated")
	var meta struct {
		ID string `json:"$id"`
	}
	require.NoError(t, json.Unmarshal(schemaJSON, &meta))

	for name, f := range credCerts(t) {
		t.Run(name, func(t *testing.T) {
			cred, err := f.cert.Credential(f.opts)
			require.NoError(t, err)
			b, err := cred.MarshalJSON()
			require.NoError(t, err)
			require.NoError(t, schema.Validate(b))
			assert.Equal(t, meta.ID, credAt(credJSONMap(t, b), "credentialSchema", 0, "id"),
				"credentialSchema names the schema validated against")
		})
	}
	t.Run("signed payloads", func(t *testing.T) {
		// The JWT payload adds iss, sub, exp, nbf and jti at the root, which
		// the schema allows (additionalProperties true at the root).
		signer := credSigner(t)
		for name, f := range credCerts(t) {
			opts := f.opts
			opts.SubjectID = "did:example:holder"
			cred, err := f.cert.Credential(opts)
			require.NoError(t, err)
			tok, err := signer.Sign(cred)
			require.NoError(t, err)
			require.NoError(t, schema.Validate([]byte(credDecode(t, strings.Split(tok, ".")[1]))), name)
		}
	})
	t.Run("schema catches a broken export", func(t *testing.T) {
		// The validator is not vacuous: a credential without an issuer fails.
		s := strings.Replace(credMainJSON(t), `"issuer":`, `"issuerX":`, 1)
		assert.Error(t, schema.Validate([]byte(s)))
	})
}

func TestSignGolden(t *testing.T) {
	tok := credToken(t)
	again := credToken(t)
	require.Equal(t, tok, again, "same credential and key, same token")
	parts := strings.Split(tok, ".")
	require.Len(t, parts, 3)

	body, err := credMain(t).MarshalJSON()
	require.NoError(t, err)
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(t, err)
	pretty := func(b []byte) string {
		var out strings.Builder
		enc := json.NewEncoder(&out)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		require.NoError(t, enc.Encode(json.RawMessage(b)))
		return out.String()
	}

	// credential_golden.json is the credential; credential_golden.payload.json
	// the JWT payload, the same credential with the claims. CI validates both
	// against the OB 3.0 schema with a second validator (.ci/run).
	files := map[string]string{
		"testdata/credential_golden.jws":          tok + "\n",
		"testdata/credential_golden.json":         pretty(body),
		"testdata/credential_golden.payload.json": pretty(payload),
	}
	for path, got := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			if *credUpdate {
				require.NoError(t, os.MkdirAll("testdata", 0o755))
				require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run with -update-credential-golden to create it")
			assert.Equal(t, string(want), got)
		})
	}

	t.Run("header", func(t *testing.T) {
		// OB 3.0 §8.2.3: alg, kid (a URI), typ "JWT"; nothing else.
		h, err := base64.RawURLEncoding.DecodeString(parts[0])
		require.NoError(t, err)
		assert.Equal(t, `{"alg":"EdDSA","kid":"https://jianding.example.cn/keys/2024","typ":"JWT"}`, string(h))
	})
	t.Run("payload is the claims and the credential JSON", func(t *testing.T) {
		// OB 3.0 §8.2.4.1: the credential's own members with the registered
		// claims beside them, in the order of RFC 7519 §4.1. No sub: the
		// fixture has no credentialSubject.id.
		claims := `{"iss":"https://jianding.example.cn","exp":` + credExp + `,"nbf":` + credNbf +
			`,"jti":"https://jianding.example.cn/credentials/JD-2024-000777",`
		assert.Equal(t, claims+string(body[1:]), string(payload))
		assert.Equal(t, []string{"iss", "exp", "nbf", "jti", "@context", "id", "type", "issuer", "validFrom", "validUntil",
			"awardedDate", "name", "description", "credentialSubject", "evidence", "credentialStatus", "credentialSchema"},
			credTopKeys(t, payload))
	})
	t.Run("NumericDates", func(t *testing.T) {
		// The arithmetic at credNbf and credExp, against the time package.
		cst := time.FixedZone("CST", 8*3600)
		assert.Equal(t, credNbf, fmt.Sprint(time.Date(2024, 6, 30, 0, 0, 0, 0, cst).Unix()))
		assert.Equal(t, credExp, fmt.Sprint(time.Date(2027, 6, 30, 23, 59, 59, 0, cst).Unix()))
	})
	t.Run("payload parses as the credential", func(t *testing.T) {
		cred, err := certificate.ParseCredential(payload)
		require.NoError(t, err)
		b, err := cred.MarshalJSON()
		require.NoError(t, err)
		assert.Equal(t, string(body), string(b), "the claims are read, checked and dropped")
	})
	t.Run("golden token verifies", func(t *testing.T) {
		want, err := os.ReadFile("testdata/credential_golden.jws")
		require.NoError(t, err)
		cred, err := credVerifier(t, nil).Verify(context.Background(), strings.TrimSpace(string(want)), credDay("2025-01-01"))
		require.NoError(t, err)
		assert.Equal(t, "JD-2024-000777", cred.Number())
	})
	t.Run("subject id gives sub", func(t *testing.T) {
		cred, err := credCert().Credential(certificate.CredentialOptions{
			ID: "urn:example:s", Salt: credSalt, SubjectID: "did:example:holder-7",
		})
		require.NoError(t, err)
		tok, err := credSigner(t).Sign(cred)
		require.NoError(t, err)
		p, err := base64.RawURLEncoding.DecodeString(strings.Split(tok, ".")[1])
		require.NoError(t, err)
		assert.True(t, strings.HasPrefix(string(p), `{"iss":"https://jianding.example.cn","sub":"did:example:holder-7","exp":`), "%s", p)
		assert.Equal(t, "did:example:holder-7", credAt(credJSONMap(t, p), "credentialSubject", "id"))
		got, err := credVerifier(t, nil).Verify(context.Background(), tok, credDay("2025-01-01"))
		require.NoError(t, err)
		assert.Equal(t, "did:example:holder-7", got.SubjectID())
	})
	t.Run("no expiry, no exp", func(t *testing.T) {
		c := credCert()
		c.Expires = certificate.Date{}
		cred, err := c.Credential(certificate.CredentialOptions{ID: "urn:example:x", Salt: credSalt})
		require.NoError(t, err)
		tok, err := credSigner(t).Sign(cred)
		require.NoError(t, err)
		p, err := base64.RawURLEncoding.DecodeString(strings.Split(tok, ".")[1])
		require.NoError(t, err)
		assert.Equal(t, []string{"iss", "nbf", "jti"}, credTopKeys(t, p)[:3])
	})
	t.Run("fractional and negative NumericDates", func(t *testing.T) {
		// A parsed credential keeps validFrom to the nanosecond, and Sign
		// writes it exactly: 1969-12-31T23:59:59.75Z is 0.25 s before the
		// epoch, -0.25; 2024-06-30T00:00:00.5+08:00 is credNbf + 0.5.
		tests := []struct{ from, nbf string }{
			{"1969-12-31T23:59:59.75Z", "-0.25"},
			{"1969-12-31T23:59:58Z", "-2"},
			{"2024-06-30T00:00:00.5+08:00", credNbf + ".5"},
			{"2024-06-30T00:00:00.000000001+08:00", credNbf + ".000000001"},
		}
		for _, tt := range tests {
			t.Run(tt.from, func(t *testing.T) {
				cred, err := certificate.ParseCredential([]byte(strings.Replace(string(body), "2024-06-30T00:00:00+08:00", tt.from, 1)))
				require.NoError(t, err)
				tok, err := credSigner(t).Sign(cred)
				require.NoError(t, err)
				p, err := base64.RawURLEncoding.DecodeString(strings.Split(tok, ".")[1])
				require.NoError(t, err)
				assert.Contains(t, string(p), `"nbf":`+tt.nbf+`,`)
				_, err = credVerifier(t, nil).Verify(context.Background(), tok, credDay("2025-01-01"))
				require.NoError(t, err)
			})
		}
	})
}

func TestNewSigner(t *testing.T) {
	key := credKey()
	tests := []struct {
		name  string
		key   ed25519.PrivateKey
		kid   string
		field string
	}{
		{"ok", key, credKid, ""},
		{"nil key", nil, credKid, "key"},
		{"seed instead of key", key.Seed(), credKid, "key"},
		{"public key bytes", ed25519.PrivateKey(key.Public().(ed25519.PublicKey)), credKid, "key"},
		{"empty kid", key, "", "kid"},
		{"blank kid", key, "  ", "kid"},
		{"kid with newline", key, "key\n1", "kid"},
		{"kid not UTF-8", key, "key\xff", "kid"},
		// OB 3.0 §8.2.3 types kid as a URI; a plain one is still accepted
		// (see NewSigner).
		{"URL kid", key, "https://jianding.example.cn/keys/2024", ""},
		{"DID URL kid", key, "did:web:jianding.example.cn#key-2024", ""},
		{"plain kid", key, "key-2024", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := certificate.NewSigner(tt.key, tt.kid)
			if tt.field == "" {
				require.NoError(t, err)
				assert.Equal(t, tt.kid, s.KeyID())
				assert.Equal(t, key.Public(), s.Public())
				return
			}
			var fe *certificate.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
		})
	}
	t.Run("key is copied", func(t *testing.T) {
		k := credKey()
		s, err := certificate.NewSigner(k, credKid)
		require.NoError(t, err)
		clear(k)
		tok, err := s.Sign(credMain(t))
		require.NoError(t, err)
		_, err = credVerifier(t, nil).Verify(context.Background(), tok, credDay("2025-01-01"))
		assert.NoError(t, err)
		pub := s.Public()
		clear(pub)
		assert.Equal(t, credKey().Public(), s.Public(), "Public returns a copy")
	})
	t.Run("zero signer and zero credential", func(t *testing.T) {
		_, err := certificate.Signer{}.Sign(credMain(t))
		require.ErrorIs(t, err, certificate.ErrInvalid)
		assert.Nil(t, certificate.Signer{}.Public())
		_, err = credSigner(t).Sign(certificate.Credential{})
		require.ErrorIs(t, err, certificate.ErrInvalid)
	})
	t.Run("token over the size limit", func(t *testing.T) {
		c := credCert()
		// 400 pieces of evidence of 200 bytes each: about 80 KB of
		// narrative, more than MaxCredentialSize (64 KiB) once encoded.
		c.Evidence = nil
		for i := range 400 {
			c.Evidence = append(c.Evidence, certificate.Evidence{Name: fmt.Sprint("E", i), Description: strings.Repeat("x", 200)})
		}
		cred, err := c.Credential(certificate.CredentialOptions{ID: "urn:example:big", Salt: credSalt})
		require.NoError(t, err)
		_, err = credSigner(t).Sign(cred)
		var fe *certificate.FieldError
		require.ErrorAs(t, err, &fe)
		assert.Equal(t, "credential", fe.Field)
	})
}

func TestNewVerifier(t *testing.T) {
	pub := credKey().Public().(ed25519.PublicKey)
	tests := []struct {
		name  string
		keys  []certificate.TrustedKey
		field string
	}{
		{"none", nil, ""},
		{"one", []certificate.TrustedKey{{Issuer: credIssuerURL, KeyID: credKid, Key: pub}}, ""},
		{"two issuers, one kid", []certificate.TrustedKey{
			{Issuer: credIssuerURL, KeyID: credKid, Key: pub},
			{Issuer: "https://other.example.cn", KeyID: credKid, Key: pub},
		}, ""},
		{"issuer not a URI", []certificate.TrustedKey{{Issuer: "jianding", KeyID: credKid, Key: pub}}, "keys[0].issuer"},
		{"no kid", []certificate.TrustedKey{{Issuer: credIssuerURL, Key: pub}}, "keys[0].kid"},
		{"short key", []certificate.TrustedKey{{Issuer: credIssuerURL, KeyID: credKid, Key: pub[:31]}}, "keys[0].key"},
		{"private key", []certificate.TrustedKey{{Issuer: credIssuerURL, KeyID: credKid, Key: ed25519.PublicKey(credKey())}}, "keys[0].key"},
		{"duplicate", []certificate.TrustedKey{
			{Issuer: credIssuerURL, KeyID: credKid, Key: pub},
			{Issuer: credIssuerURL, KeyID: credKid, Key: credOtherKey().Public().(ed25519.PublicKey)},
		}, "keys[1].kid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := certificate.NewVerifier(tt.keys, nil)
			if tt.field == "" {
				require.NoError(t, err)
				return
			}
			var fe *certificate.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
		})
	}
	t.Run("keys are copied", func(t *testing.T) {
		k := slicesClone(pub)
		v, err := certificate.NewVerifier([]certificate.TrustedKey{{Issuer: credIssuerURL, KeyID: credKid, Key: k}}, nil)
		require.NoError(t, err)
		clear(k)
		_, err = v.Verify(context.Background(), credToken(t), credDay("2025-01-01"))
		assert.NoError(t, err)
	})
	t.Run("zero verifier trusts nothing", func(t *testing.T) {
		_, err := certificate.Verifier{}.Verify(context.Background(), credToken(t), credDay("2025-01-01"))
		assert.ErrorIs(t, err, certificate.VerifyUnknownKey)
	})
}

func slicesClone(b []byte) []byte { return append([]byte(nil), b...) }

// credStatus is a StatusChecker with a fixed answer that records its calls.
type credStatus struct {
	st    certificate.Status
	err   error
	calls int
}

func (s *credStatus) CredentialStatus(_ context.Context, _ certificate.Credential, _ certificate.Date) (certificate.Status, error) {
	s.calls++
	return s.st, s.err
}

// credDecode decodes one base64url part of a token.
func credDecode(t testing.TB, part string) string {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(part)
	require.NoError(t, err)
	return string(b)
}

// credSignRaw builds a compact JWS from a header and payload given as JSON
// text, signed with key: for tokens that Signer would never make.
func credSignRaw(key ed25519.PrivateKey, header, payload string) string {
	enc := base64.RawURLEncoding
	input := enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload))
	return input + "." + enc.EncodeToString(ed25519.Sign(key, []byte(input)))
}

func TestVerify(t *testing.T) {
	ctx := context.Background()
	tok := credToken(t)
	parts := strings.Split(tok, ".")
	enc := base64.RawURLEncoding
	errBoom := errors.New("registry down")
	// header and payload are those Signer wrote into tok; bare is the
	// credential without claims; claimed(c) is bare with the claims c.
	header := credDecode(t, parts[0])
	payload := credDecode(t, parts[1])
	bare := credMainJSON(t)
	claimed := func(claims string) string { return "{" + claims + "," + bare[1:] }
	require.Equal(t, `{"alg":"EdDSA","kid":"`+credKid+`","typ":"JWT"}`, header)
	require.Equal(t, claimed(`"iss":"https://jianding.example.cn","exp":`+credExp+`,"nbf":`+credNbf+`,"jti":"https://jianding.example.cn/credentials/JD-2024-000777"`), payload)
	// oldHeader is the header of earlier versions of this package (and the
	// shape of VC-JOSE-COSE): still accepted.
	oldHeader := `{"alg":"EdDSA","typ":"vc+jwt","cty":"vc","iss":"https://jianding.example.cn","kid":"` + credKid + `"}`
	withIss := func(iss string) string { return strings.Replace(header, `{`, `{"iss":"`+iss+`",`, 1) }

	// The main fixture is valid from 2024-06-30 through 2027-06-30.
	tests := []struct {
		name   string
		token  string
		asOf   string
		status *credStatus
		want   certificate.VerifyReason // 0: success
	}{
		{"valid", tok, "2025-01-01", nil, 0},
		{"issue day", tok, "2024-06-30", nil, 0},
		{"expiry day", tok, "2027-06-30", nil, 0},
		{"day before issue", tok, "2024-06-29", nil, certificate.VerifyNotYetValid},
		{"day after expiry", tok, "2027-07-01", nil, certificate.VerifyExpired},
		{"status valid", tok, "2025-01-01", &credStatus{st: certificate.Status{State: certificate.Valid}}, 0},
		{"revoked", tok, "2025-01-01", &credStatus{st: certificate.Status{State: certificate.Revoked, Since: credDay("2024-12-01"), Reason: "伪造材料"}}, certificate.VerifyRevoked},
		{"suspended", tok, "2025-01-01", &credStatus{st: certificate.Status{State: certificate.Suspended, Since: credDay("2024-12-01"), Reason: "复核中"}}, certificate.VerifySuspended},
		{"expired per registry", tok, "2025-01-01", &credStatus{st: certificate.Status{State: certificate.Expired}}, certificate.VerifyExpired},
		{"not yet issued per registry", tok, "2025-01-01", &credStatus{st: certificate.Status{State: certificate.NotYetIssued}}, certificate.VerifyNotYetValid},
		{"status error", tok, "2025-01-01", &credStatus{err: errBoom}, certificate.VerifyStatusUnavailable},
		{"status nonsense", tok, "2025-01-01", &credStatus{}, certificate.VerifyStatusUnavailable},

		{"empty", "", "2025-01-01", nil, certificate.VerifyMalformed},
		{"two parts", parts[0] + "." + parts[1], "2025-01-01", nil, certificate.VerifyMalformed},
		{"four parts", tok + "." + parts[2], "2025-01-01", nil, certificate.VerifyMalformed},
		{"detached payload", parts[0] + ".." + parts[2], "2025-01-01", nil, certificate.VerifyMalformed},
		{"padding", tok + "==", "2025-01-01", nil, certificate.VerifyMalformed},
		{"line break", parts[0] + "." + parts[1][:10] + "\n" + parts[1][10:] + "." + parts[2], "2025-01-01", nil, certificate.VerifyMalformed},
		{"standard base64", parts[0] + "." + strings.ReplaceAll(strings.ReplaceAll(parts[1], "-", "+"), "_", "/") + "." + parts[2], "2025-01-01", nil, certificate.VerifyMalformed},
		{"huge", tok + strings.Repeat("A", certificate.MaxCredentialSize), "2025-01-01", nil, certificate.VerifyMalformed},
		{"alg none, no signature", enc.EncodeToString([]byte(strings.Replace(header, "EdDSA", "none", 1))) + "." + parts[1] + ".", "2025-01-01", nil, certificate.VerifyMalformed},
		{"alg none, signature kept", enc.EncodeToString([]byte(strings.Replace(header, "EdDSA", "none", 1))) + "." + parts[1] + "." + parts[2], "2025-01-01", nil, certificate.VerifyMalformed},
		{"alg HS256", credSignRaw(credKey(), strings.Replace(header, "EdDSA", "HS256", 1), payload), "2025-01-01", nil, certificate.VerifyMalformed},
		{"alg RS256", credSignRaw(credKey(), strings.Replace(header, "EdDSA", "RS256", 1), payload), "2025-01-01", nil, certificate.VerifyMalformed},
		{"alg lower case", credSignRaw(credKey(), strings.Replace(header, "EdDSA", "eddsa", 1), payload), "2025-01-01", nil, certificate.VerifyMalformed},
		// OB 3.0 §8.2.3: typ is optional and, if present, "JWT"; VC-JOSE-COSE
		// says "vc+jwt". Media types ignore case and may omit "application/".
		{"no typ", credSignRaw(credKey(), strings.Replace(header, `,"typ":"JWT"`, ``, 1), payload), "2025-01-01", nil, 0},
		{"typ application/jwt", credSignRaw(credKey(), strings.Replace(header, `"JWT"`, `"application/jwt"`, 1), payload), "2025-01-01", nil, 0},
		{"typ vc+jwt", credSignRaw(credKey(), strings.Replace(header, `"JWT"`, `"vc+jwt"`, 1), payload), "2025-01-01", nil, 0},
		{"typ application/VC+JWT", credSignRaw(credKey(), strings.Replace(header, `"JWT"`, `"application/VC+JWT"`, 1), payload), "2025-01-01", nil, 0},
		{"typ JOSE", credSignRaw(credKey(), strings.Replace(header, `"JWT"`, `"JOSE"`, 1), payload), "2025-01-01", nil, certificate.VerifyMalformed},
		{"typ empty string", credSignRaw(credKey(), strings.Replace(header, `"JWT"`, `""`, 1), payload), "2025-01-01", nil, certificate.VerifyMalformed},
		{"old header, claims", credSignRaw(credKey(), oldHeader, payload), "2025-01-01", nil, 0},
		{"old header, no claims (tokens of earlier versions)", credSignRaw(credKey(), oldHeader, bare), "2025-01-01", nil, 0},
		{"cty other", credSignRaw(credKey(), strings.Replace(oldHeader, `"cty":"vc"`, `"cty":"json"`, 1), payload), "2025-01-01", nil, certificate.VerifyMalformed},
		{"crit", credSignRaw(credKey(), strings.Replace(header, `{`, `{"crit":["exp"],"exp":1,`, 1), payload), "2025-01-01", nil, certificate.VerifyMalformed},
		{"unknown header member ignored", credSignRaw(credKey(), strings.Replace(header, `{`, `{"x5u":"https://evil.example/k",`, 1), payload), "2025-01-01", nil, 0},
		{"duplicate alg", credSignRaw(credKey(), strings.Replace(header, `{`, `{"alg":"none",`, 1), payload), "2025-01-01", nil, certificate.VerifyMalformed},
		{"ALG in capitals", credSignRaw(credKey(), strings.Replace(header, `"alg"`, `"ALG"`, 1), payload), "2025-01-01", nil, certificate.VerifyMalformed},
		{"header not an object", credSignRaw(credKey(), `["EdDSA"]`, payload), "2025-01-01", nil, certificate.VerifyMalformed},
		{"neither kid nor jwk", credSignRaw(credKey(), `{"alg":"EdDSA","typ":"JWT"}`, payload), "2025-01-01", nil, certificate.VerifyMalformed},
		{"empty kid", credSignRaw(credKey(), strings.Replace(header, credKid, ``, 1), payload), "2025-01-01", nil, certificate.VerifyMalformed},
		{"short signature", parts[0] + "." + parts[1] + "." + parts[2][:40], "2025-01-01", nil, certificate.VerifyMalformed},
		{"unknown kid", credSignRaw(credKey(), strings.Replace(header, `keys/2024`, `keys/2023`, 1), payload), "2025-01-01", nil, certificate.VerifyUnknownKey},
		{"header iss of the issuer", credSignRaw(credKey(), withIss(credIssuerURL), payload), "2025-01-01", nil, 0},
		{"header iss of another issuer", credSignRaw(credKey(), withIss("https://other.example.cn"), payload), "2025-01-01", nil, certificate.VerifyUnknownKey},
		{"wrong key", credSignRaw(credOtherKey(), header, payload), "2025-01-01", nil, certificate.VerifyBadSignature},
		{"payload names another issuer", credSignRaw(credKey(), header,
			strings.ReplaceAll(payload, `"https://jianding.example.cn"`, `"https://other.example.cn"`)), "2025-01-01", nil, certificate.VerifyUnknownKey},
		{"issuer.id and iss claim differ", credSignRaw(credKey(), header,
			strings.Replace(payload, `"issuer":{"id":"https://jianding.example.cn"`, `"issuer":{"id":"https://other.example.cn"`, 1)), "2025-01-01", nil, certificate.VerifyMalformed},
		{"signed garbage payload", credSignRaw(credKey(), header, `{"hello":"world"}`), "2025-01-01", nil, certificate.VerifyMalformed},
		{"signed JWT with a wrong exp", credSignRaw(credKey(), header, claimed(`"exp":1`)), "2025-01-01", nil, certificate.VerifyMalformed},
		{"VC 1.1 vc claim", credSignRaw(credKey(), header, `{"iss":"https://jianding.example.cn","nbf":`+credNbf+`,"vc":`+bare+`}`), "2025-01-01", nil, certificate.VerifyMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var checker certificate.StatusChecker
			if tt.status != nil {
				checker = tt.status
			}
			cred, err := credVerifier(t, checker).Verify(ctx, tt.token, credDay(tt.asOf))
			if tt.want == 0 {
				require.NoError(t, err)
				assert.Equal(t, "JD-2024-000777", cred.Number())
				return
			}
			var ve *certificate.VerifyError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.want, ve.Reason, "error: %v", err)
			assert.ErrorIs(t, err, tt.want)
			assert.NotEmpty(t, ve.Detail)
			assert.Equal(t, certificate.Credential{}, cred, "no credential with an error")
			if tt.status != nil && tt.want != certificate.VerifyNotYetValid && tt.want != certificate.VerifyExpired {
				assert.Equal(t, 1, tt.status.calls)
			}
		})
	}

	t.Run("messages", func(t *testing.T) {
		revoked := &credStatus{st: certificate.Status{State: certificate.Revoked, Since: credDay("2024-12-01"), Reason: "伪造材料"}}
		_, err := credVerifier(t, revoked).Verify(ctx, tok, credDay("2025-01-01"))
		assert.EqualError(t, err, "certificate: credential revoked: revoked since 2024-12-01: 伪造材料")
		_, err = credVerifier(t, nil).Verify(ctx, tok, credDay("2027-07-01"))
		assert.EqualError(t, err, "certificate: credential expired: valid until 2027-06-30, checked on 2027-07-01")
		_, err = credVerifier(t, nil).Verify(ctx, credSignRaw(credKey(), strings.Replace(header, "EdDSA", "none", 1), payload), credDay("2025-01-01"))
		assert.EqualError(t, err, `certificate: credential malformed: in the JOSE header: alg "none": only "EdDSA" and "RS256" are accepted`)
	})
	t.Run("status error is wrapped", func(t *testing.T) {
		_, err := credVerifier(t, &credStatus{err: errBoom}).Verify(ctx, tok, credDay("2025-01-01"))
		assert.ErrorIs(t, err, errBoom)
		assert.ErrorIs(t, err, certificate.VerifyStatusUnavailable)
		assert.NotErrorIs(t, err, certificate.VerifyRevoked)
	})
	t.Run("malformed payload wraps the field error", func(t *testing.T) {
		_, err := credVerifier(t, nil).Verify(ctx, credSignRaw(credKey(), header, `{"hello":"world"}`), credDay("2025-01-01"))
		assert.ErrorIs(t, err, certificate.ErrInvalid)
		var fe *certificate.FieldError
		require.ErrorAs(t, err, &fe)
		assert.Equal(t, "@context", fe.Field)
	})
	t.Run("zero asOf", func(t *testing.T) {
		_, err := credVerifier(t, nil).Verify(ctx, tok, certificate.Date{})
		var fe *certificate.FieldError
		require.ErrorAs(t, err, &fe)
		assert.Equal(t, "asOf", fe.Field)
		var ve *certificate.VerifyError
		assert.False(t, errors.As(err, &ve))
	})
	t.Run("key rollover: two keys of one issuer", func(t *testing.T) {
		v, err := certificate.NewVerifier([]certificate.TrustedKey{
			{Issuer: credIssuerURL, KeyID: "https://jianding.example.cn/keys/2023", Key: credOtherKey().Public().(ed25519.PublicKey)},
			{Issuer: credIssuerURL, KeyID: credKid, Key: credKey().Public().(ed25519.PublicKey)},
		}, nil)
		require.NoError(t, err)
		_, err = v.Verify(ctx, tok, credDay("2025-01-01"))
		require.NoError(t, err)
		old, err := certificate.NewSigner(credOtherKey(), "https://jianding.example.cn/keys/2023")
		require.NoError(t, err)
		tok2, err := old.Sign(credMain(t))
		require.NoError(t, err)
		_, err = v.Verify(ctx, tok2, credDay("2025-01-01"))
		require.NoError(t, err)
	})
	t.Run("same kid at two issuers", func(t *testing.T) {
		// The verifier tries both keys registered under the kid; the one of
		// the right issuer verifies.
		v, err := certificate.NewVerifier([]certificate.TrustedKey{
			{Issuer: "https://aaa.example.cn", KeyID: credKid, Key: credOtherKey().Public().(ed25519.PublicKey)},
			{Issuer: credIssuerURL, KeyID: credKid, Key: credKey().Public().(ed25519.PublicKey)},
		}, nil)
		require.NoError(t, err)
		_, err = v.Verify(ctx, tok, credDay("2025-01-01"))
		require.NoError(t, err)
		// With the iss header of the other issuer, only its key is tried.
		_, err = v.Verify(ctx, credSignRaw(credKey(), withIss("https://aaa.example.cn"), payload), credDay("2025-01-01"))
		assert.ErrorIs(t, err, certificate.VerifyBadSignature)
	})
}

// TestVerifyTamper changes every byte of every part of a valid token, each
// to three other values, and requires every result to fail verification. A
// changed payload must fail on the signature or the encoding, never later:
// the payload is read only once the signature holds.
func TestVerifyTamper(t *testing.T) {
	ctx := context.Background()
	tok := credToken(t)
	v := credVerifier(t, nil)
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
		// The next alphabet letter and the one 32 places on (each changes
		// the 6-bit value by a different amount), and a non-alphabet byte.
		k := strings.IndexByte(alphabet, tok[i])
		for _, c := range []byte{alphabet[(k+1)%64], alphabet[(k+32)%64], '.'} {
			bad := tok[:i] + string(c) + tok[i+1:]
			_, err := v.Verify(ctx, bad, credDay("2025-01-01"))
			count++
			var ve *certificate.VerifyError
			if !errors.As(err, &ve) {
				t.Fatalf("byte %d changed to %q: verified (err %v)", i, c, err)
			}
			allowed := []certificate.VerifyReason{certificate.VerifyMalformed, certificate.VerifyBadSignature}
			if i < headerEnd {
				// A header that still parses may name another key.
				allowed = append(allowed, certificate.VerifyUnknownKey)
			}
			if !containsReason(allowed, ve.Reason) {
				t.Fatalf("byte %d (part %s) changed to %q: reason %s, want one of %v: %v",
					i, credPart(i, headerEnd, payloadEnd), c, ve.Reason, allowed, err)
			}
		}
	}
	// 3 changes for every byte that is not a dot.
	assert.Equal(t, 3*(len(tok)-2), count)
}

func credPart(i, headerEnd, payloadEnd int) string {
	switch {
	case i < headerEnd:
		return "header"
	case i < payloadEnd:
		return "payload"
	}
	return "signature"
}

func containsReason(rs []certificate.VerifyReason, r certificate.VerifyReason) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// credRegistry is a CertificateGetter over a map.
type credRegistry map[string]certificate.Certificate

var errCredNotFound = errors.New("not found")

func (r credRegistry) Get(_ context.Context, number string) (certificate.Certificate, error) {
	c, ok := r[number]
	if !ok {
		return certificate.Certificate{}, errCredNotFound
	}
	return c, nil
}

func TestRegistryStatus(t *testing.T) {
	ctx := context.Background()
	tok := credToken(t)
	revoked, err := credCert().WithChange(certificate.StatusChange{On: credDay("2024-12-01"), Action: certificate.Revoke, Reason: "伪造材料"})
	require.NoError(t, err)
	otherHolder := credCert()
	otherHolder.Holder.ID = "370202199001019999"
	// The registered certificate of the credential's number differs from
	// what the credential says in one respect each.
	otherIssuer := credCert()
	otherIssuer.Issuer.ID = "https://other-appraisal.example.cn"
	otherOccupation := credCert()
	otherOccupation.Occupation.Code = "6-18-01-02"
	lowerLevel := credCert()
	lowerLevel.Level = certificate.NationalGrade3
	otherDay := credCert()
	otherDay.Issued = credDay("2024-07-01")

	tests := []struct {
		name string
		reg  certificate.CertificateGetter
		asOf string
		want certificate.VerifyReason
	}{
		{"valid", credRegistry{"JD-2024-000777": credCert()}, "2025-01-01", 0},
		{"revoked after the day asked", credRegistry{"JD-2024-000777": revoked}, "2024-11-30", 0},
		{"revoked on the day asked", credRegistry{"JD-2024-000777": revoked}, "2024-12-01", certificate.VerifyRevoked},
		{"unknown number", credRegistry{}, "2025-01-01", certificate.VerifyStatusUnavailable},
		{"another holder's certificate", credRegistry{"JD-2024-000777": otherHolder}, "2025-01-01", certificate.VerifyStatusUnavailable},
		{"nil registry", nil, "2025-01-01", certificate.VerifyStatusUnavailable},
	}
	// A credential that says more than, or other than, the registry: each
	// fails, naming the member that differs.
	mismatches := []struct {
		name  string
		reg   certificate.Certificate
		field string
	}{
		{"another issuer", otherIssuer, "issuer.id"},
		{"another occupation", otherOccupation, "credentialSubject.achievement.humanCode"},
		{"a lower level", lowerLevel, "credentialSubject.achievement.id"},
		{"another issue date", otherDay, "validFrom"},
	}
	for _, m := range mismatches {
		t.Run("registered with "+m.name, func(t *testing.T) {
			_, err := credVerifier(t, certificate.RegistryStatus(credRegistry{"JD-2024-000777": m.reg})).Verify(ctx, tok, credDay("2025-01-01"))
			assert.ErrorIs(t, err, certificate.VerifyStatusUnavailable)
			var fe *certificate.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, m.field, fe.Field)
		})
	}
	// Every kind of certificate this package exports is matched by the
	// registry holding it, also where the issuer id is not the issuer URL
	// (an enterprise's credit code, carried as the issuer's other
	// identifier).
	for name, c := range credCerts(t) {
		t.Run("exported "+name, func(t *testing.T) {
			cred, err := c.cert.Credential(c.opts)
			require.NoError(t, err)
			st, err := certificate.RegistryStatus(credRegistry{c.cert.Number: c.cert}).CredentialStatus(ctx, cred, c.cert.Issued)
			require.NoError(t, err)
			assert.Equal(t, c.cert.StatusOn(c.cert.Issued), st)
		})
	}
	noNumber := credSignRaw(credKey(),
		`{"alg":"EdDSA","kid":"`+credKid+`","typ":"JWT"}`,
		strings.Replace(credMainJSON(t), `"licenseNumber":"JD-2024-000777",`, ``, 1))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := credVerifier(t, certificate.RegistryStatus(tt.reg)).Verify(ctx, tok, credDay(tt.asOf))
			if tt.want == 0 {
				require.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, tt.want)
		})
	}
	t.Run("credential without a number", func(t *testing.T) {
		_, err := credVerifier(t, certificate.RegistryStatus(credRegistry{})).Verify(ctx, noNumber, credDay("2025-01-01"))
		assert.ErrorIs(t, err, certificate.VerifyStatusUnavailable)
		var fe *certificate.FieldError
		require.ErrorAs(t, err, &fe)
		assert.Equal(t, "credentialSubject.licenseNumber", fe.Field)
	})
	t.Run("lookup error is kept", func(t *testing.T) {
		_, err := credVerifier(t, certificate.RegistryStatus(credRegistry{})).Verify(ctx, tok, credDay("2025-01-01"))
		assert.ErrorIs(t, err, errCredNotFound)
		assert.Contains(t, err.Error(), `"JD-2024-000777"`)
	})
}

// TestVerifyProperty draws random certificates and histories and checks that
// verification with a RegistryStatus agrees with Certificate.StatusOn on
// random days: valid exactly when StatusOn says Valid, and otherwise for the
// matching reason. Verify checks the validity period before it asks the
// registry, so after the expiry date the reason is Expired even for a
// revoked certificate.
func TestVerifyProperty(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(20240630, 777))
	signer := credSigner(t)
	start := credDay("2020-01-01")
	for i := range 300 {
		c := credCert()
		c.Number = fmt.Sprintf("JD-%06d", i)
		c.Issued, _ = start.AddDays(rng.IntN(2000))
		c.Expires = certificate.Date{}
		if rng.IntN(3) > 0 {
			c.Expires, _ = c.Issued.AddDays(rng.IntN(1500))
		}
		day := c.Issued
		for range rng.IntN(4) {
			day, _ = day.AddDays(rng.IntN(400))
			action := []certificate.Action{certificate.Suspend, certificate.Reinstate, certificate.Revoke}[rng.IntN(3)]
			if next, err := c.WithChange(certificate.StatusChange{On: day, Action: action, Reason: "test"}); err == nil {
				c = next
			}
		}
		cred, err := c.Credential(certificate.CredentialOptions{ID: "urn:example:" + c.Number, Salt: credSalt})
		require.NoError(t, err)
		tok, err := signer.Sign(cred)
		require.NoError(t, err)
		v := credVerifier(t, certificate.RegistryStatus(credRegistry{c.Number: c}))

		for range 5 {
			asOf, _ := c.Issued.AddDays(rng.IntN(2400) - 200)
			_, err := v.Verify(ctx, tok, asOf)
			var want certificate.VerifyReason
			switch st := c.StatusOn(asOf).State; {
			case asOf.Before(c.Issued):
				want = certificate.VerifyNotYetValid
			case !c.Expires.IsZero() && asOf.After(c.Expires):
				want = certificate.VerifyExpired
			case st == certificate.Revoked:
				want = certificate.VerifyRevoked
			case st == certificate.Suspended:
				want = certificate.VerifySuspended
			}
			if want == 0 {
				require.NoError(t, err, "certificate %+v on %s", c, asOf)
			} else {
				require.ErrorIs(t, err, want, "certificate %+v on %s", c, asOf)
			}
		}
	}
}

func TestVerifyReasonText(t *testing.T) {
	tests := []struct {
		r    certificate.VerifyReason
		code string
	}{
		{certificate.VerifyMalformed, "malformed"},
		{certificate.VerifyBadSignature, "bad-signature"},
		{certificate.VerifyUnknownKey, "unknown-key"},
		{certificate.VerifyNotYetValid, "not-yet-valid"},
		{certificate.VerifyExpired, "expired"},
		{certificate.VerifyRevoked, "revoked"},
		{certificate.VerifySuspended, "suspended"},
		{certificate.VerifyStatusUnavailable, "status-unavailable"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			assert.Equal(t, tt.code, tt.r.String())
			assert.Equal(t, tt.code, tt.r.Error())
			assert.Equal(t, tt.code, fmt.Sprint(tt.r))
			b, err := json.Marshal(struct {
				R certificate.VerifyReason `json:"reason"`
			}{tt.r})
			require.NoError(t, err)
			assert.Equal(t, `{"reason":"`+tt.code+`"}`, string(b))
			var back struct {
				R certificate.VerifyReason `json:"reason"`
			}
			require.NoError(t, json.Unmarshal(b, &back))
			assert.Equal(t, tt.r, back.R)
		})
	}
	t.Run("unknown code", func(t *testing.T) {
		var r certificate.VerifyReason
		assert.ErrorIs(t, r.UnmarshalText([]byte("forged")), certificate.ErrInvalid)
		_, err := certificate.VerifyReason(0).MarshalText()
		assert.Error(t, err)
		assert.Equal(t, "verify reason(9)", certificate.VerifyReason(9).String())
	})
	t.Run("error without detail", func(t *testing.T) {
		e := &certificate.VerifyError{Reason: certificate.VerifyBadSignature}
		assert.Equal(t, "certificate: credential bad-signature", e.Error())
		assert.ErrorIs(t, e, certificate.VerifyBadSignature)
	})
}

func BenchmarkCredential(b *testing.B) {
	c := credCert()
	opts := certificate.CredentialOptions{ID: "urn:example:1", Salt: credSalt}
	for b.Loop() {
		if _, err := c.Credential(opts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSign(b *testing.B) {
	s, cred := credSigner(b), credMain(b)
	for b.Loop() {
		if _, err := s.Sign(cred); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	v, tok, asOf := credVerifier(b, nil), credToken(b), credDay("2025-01-01")
	ctx := context.Background()
	b.SetBytes(int64(len(tok)))
	for b.Loop() {
		if _, err := v.Verify(ctx, tok, asOf); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseCredential(b *testing.B) {
	data := []byte(credMainJSON(b))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := certificate.ParseCredential(data); err != nil {
			b.Fatal(err)
		}
	}
}

func TestVerifyConcurrent(t *testing.T) {
	// A Verifier and a Signer are shared by goroutines; run with -race.
	v, s, cred := credVerifier(t, nil), credSigner(t), credMain(t)
	want := credToken(t)
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			for range 20 {
				tok, err := s.Sign(cred)
				if err == nil && tok != want {
					err = errors.New("a different token")
				}
				if err == nil {
					_, err = v.Verify(context.Background(), tok, credDay("2025-01-01"))
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		require.NoError(t, <-errs)
	}
}

// TestVerifyClaims re-signs the main fixture with each JWT claim changed and
// checks that Verify accepts exactly the claims that agree with the
// credential (OB 3.0 §8.2.6.1) and reports the others as malformed, naming
// the claim. The numbers are credNbf and credExp, give or take.
func TestVerifyClaims(t *testing.T) {
	ctx := context.Background()
	bare := credMainJSON(t)
	header := `{"alg":"EdDSA","kid":"` + credKid + `","typ":"JWT"}`
	const iss, jti = `"iss":"https://jianding.example.cn"`, `"jti":"https://jianding.example.cn/credentials/JD-2024-000777"`
	withClaims := func(doc, claims string) string {
		if claims == "" {
			return doc
		}
		return "{" + claims + "," + doc[1:]
	}
	// fraction is the fixture with validFrom a quarter second after midnight.
	fraction := strings.Replace(bare, `"validFrom":"2024-06-30T00:00:00+08:00"`, `"validFrom":"2024-06-30T00:00:00.25+08:00"`, 1)
	// beforeEpoch has validFrom 0.25 s before 1970-01-01T00:00:00Z: -0.25.
	beforeEpoch := strings.Replace(bare, `"validFrom":"2024-06-30T00:00:00+08:00"`, `"validFrom":"1969-12-31T23:59:59.75Z"`, 1)
	noExpiry := strings.Replace(bare, `"validUntil":"2027-06-30T23:59:59+08:00",`, ``, 1)
	require.NotEqual(t, bare, noExpiry)

	tests := []struct {
		name   string
		doc    string
		claims string
		field  string // "" for success
	}{
		{"all, as Signer writes them", bare, iss + `,"exp":` + credExp + `,"nbf":` + credNbf + `,` + jti, ""},
		{"none (tokens of earlier versions)", bare, "", ""},
		{"spec order, with iat and aud", bare, `"exp":` + credExp + `,` + iss + `,` + jti + `,"nbf":` + credNbf + `,"iat":1719676800,"aud":["https://verifier.example"]`, ""},
		{"nbf with zero fraction", bare, `"nbf":` + credNbf + `.000`, ""},
		{"nbf with exponent", bare, `"nbf":1.7196768e9`, ""},
		{"nbf with negative exponent", bare, `"nbf":1719676800000E-3`, ""},
		{"nbf with leading-zero fraction form", bare, `"nbf":0.17196768e+10`, ""},
		{"nbf one second late", bare, `"nbf":1719676801`, "nbf"},
		{"nbf one second early", bare, `"nbf":1719676799`, "nbf"},
		// 1719676800 - 8 * 3600: midnight UTC read as if it were CST.
		{"nbf eight hours early", bare, `"nbf":1719648000`, "nbf"},
		{"nbf a millisecond late", bare, `"nbf":1719676800.001`, "nbf"},
		{"nbf as a string", bare, `"nbf":"` + credNbf + `"`, "nbf"},
		{"nbf null", bare, `"nbf":null`, "nbf"},
		{"nbf true", bare, `"nbf":true`, "nbf"},
		{"nbf object", bare, `"nbf":{}`, "nbf"},
		{"nbf out of range", bare, `"nbf":1e13`, "nbf"},
		{"nbf huge exponent", bare, `"nbf":1e99999`, "nbf"},
		{"nbf tiny exponent", bare, `"nbf":1e-99999`, "nbf"},
		{"nbf too long", bare, `"nbf":` + credNbf + `.` + strings.Repeat("0", 60), "nbf"},
		{"exp one second late (midnight of the next day)", bare, `"exp":1814371200`, "exp"},
		{"exp one day early", bare, `"exp":1814284799`, "exp"},
		{"exp without validUntil", noExpiry, `"exp":` + credExp, "exp"},
		{"no exp without validUntil", noExpiry, iss + `,"nbf":` + credNbf + `,` + jti, ""},
		{"iss another issuer", bare, `"iss":"https://other.example.cn"`, "iss"},
		{"iss with a trailing slash", bare, `"iss":"https://jianding.example.cn/"`, "iss"},
		{"iss a number", bare, `"iss":1`, "iss"},
		{"iss null", bare, `"iss":null`, "iss"},
		{"jti another credential", bare, `"jti":"https://jianding.example.cn/credentials/JD-2024-000778"`, "jti"},
		{"sub but no credentialSubject.id", bare, `"sub":"did:example:holder"`, "sub"},
		{"sub matching credentialSubject.id", strings.Replace(bare, `"credentialSubject":{`, `"credentialSubject":{"id":"did:example:holder",`, 1), `"sub":"did:example:holder"`, ""},
		{"sub not matching credentialSubject.id", strings.Replace(bare, `"credentialSubject":{`, `"credentialSubject":{"id":"did:example:holder",`, 1), `"sub":"did:example:other"`, "sub"},
		// validFrom with a fraction: nbf exact, or as the whole second
		// before it (credNbf), which libraries that write integers give.
		{"fractional validFrom, exact nbf", fraction, `"nbf":` + credNbf + `.25`, ""},
		{"fractional validFrom, whole-second nbf", fraction, `"nbf":` + credNbf, ""},
		{"fractional validFrom, rounded-up nbf", fraction, `"nbf":1719676801`, "nbf"},
		{"fractional validFrom, other fraction", fraction, `"nbf":` + credNbf + `.5`, "nbf"},
		// Before the epoch the whole second is -1, not 0 (the floor).
		{"validFrom before 1970, exact", beforeEpoch, `"nbf":-0.25`, ""},
		{"validFrom before 1970, whole second", beforeEpoch, `"nbf":-1`, ""},
		{"validFrom before 1970, truncated toward zero", beforeEpoch, `"nbf":0`, "nbf"},
		{"validFrom before 1970, positive", beforeEpoch, `"nbf":0.25`, "nbf"},
	}
	v := credVerifier(t, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token := credSignRaw(credKey(), header, withClaims(tt.doc, tt.claims))
			cred, err := v.Verify(ctx, token, credDay("2025-01-01"))
			_, perr := certificate.ParseCredential([]byte(withClaims(tt.doc, tt.claims)))
			if tt.field == "" {
				require.NoError(t, err)
				require.NoError(t, perr, "ParseCredential reads the payload alike")
				assert.Equal(t, "JD-2024-000777", cred.Number())
				return
			}
			var ve *certificate.VerifyError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, certificate.VerifyMalformed, ve.Reason, "%v", err)
			assert.Equal(t, "a JWT claim disagrees with the credential", ve.Detail)
			var fe *certificate.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field, "%v", err)
			assert.ErrorIs(t, err, certificate.ErrInvalid)
			require.ErrorAs(t, perr, &fe, "ParseCredential refuses it too")
			assert.Equal(t, tt.field, fe.Field)
		})
	}
	t.Run("message", func(t *testing.T) {
		_, err := v.Verify(ctx, credSignRaw(credKey(), header, withClaims(bare, `"nbf":1719676801`)), credDay("2025-01-01"))
		assert.EqualError(t, err, `certificate: credential malformed: a JWT claim disagrees with the credential: `+
			`nbf "1719676801": does not match validFrom 2024-06-30T00:00:00+08:00 (NumericDate 1719676800)`)
	})
}

// credOB is a credential of "another issuer", written by hand in the shape
// of the OB 3.0 examples (an OpenBadgeCredential with a subject id and no
// identifier), signed without this package's Signer: what a conformant
// third-party OB 3.0 issuer using Ed25519 would send.
const (
	credOBIssuer  = "https://badges.example.edu/issuers/565049"
	credOBKid     = "https://badges.example.edu/issuers/565049/keys#key-1"
	credOBSubject = "did:example:ebfeb1f712ebc6f1c276e12ec21"
	credOBID      = "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002"
	// validFrom 2024-09-01T12:00:00Z: 19723 days to 2024-01-01 (see credNbf)
	// plus 31+29+31+30+31+30+31+31 = 244 days, then 12 hours:
	// 19967 * 86400 + 43200 = 1725148800 + 43200 = 1725192000.
	credOBNbf = 1725192000
	// validUntil 2029-08-31T23:59:59Z: 59 * 365 + 15 leap days (1972 ...
	// 2028) = 21550 days to 2029-01-01, plus 31+28+31+30+31+30+31 + 30 = 242
	// days, then 86399 s: 21792 * 86400 + 86399 = 1882828800 + 86399 = 1882915199.
	credOBExp = 1882915199
)

const credOBCredential = `{
  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
  "id": "` + credOBID + `",
  "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "issuer": {"id": "` + credOBIssuer + `", "type": ["Profile"], "name": "Example University"},
  "validFrom": "2024-09-01T12:00:00Z",
  "validUntil": "2029-08-31T23:59:59Z",
  "name": "Teamwork Badge",
  "credentialSubject": {
    "id": "` + credOBSubject + `",
    "type": ["AchievementSubject"],
    "achievement": {
      "id": "https://badges.example.edu/achievements/teamwork",
      "type": ["Achievement"],
      "criteria": {"narrative": "Nominated by peers and confirmed by a tutor."},
      "description": "Collaborates well within a group.",
      "name": "Teamwork",
      "image": {"id": "https://badges.example.edu/achievements/teamwork.png", "type": "Image"}
    }
  }
}`

// credOBKey is the other issuer's key (seed bytes all 0x07).
func credOBKey() ed25519.PrivateKey {
	seed := make([]byte, ed25519.SeedSize)
	for i := range seed {
		seed[i] = 0x07
	}
	return ed25519.NewKeyFromSeed(seed)
}

// credOBJWK is key's public part as a JWK (RFC 8037 §2), with extra members.
func credOBJWK(key ed25519.PrivateKey, extra map[string]any) map[string]any {
	jwk := map[string]any{"kty": "OKP", "crv": "Ed25519", "x": base64.RawURLEncoding.EncodeToString(key.Public().(ed25519.PublicKey))}
	for k, v := range extra {
		jwk[k] = v
	}
	return jwk
}

// credOBToken signs header and payload, given as generic JSON values, the
// way a JOSE library would: encoding/json (keys sorted), base64url, Ed25519.
func credOBToken(t testing.TB, key ed25519.PrivateKey, header, payload map[string]any) string {
	t.Helper()
	h, err := json.Marshal(header)
	require.NoError(t, err)
	p, err := json.Marshal(payload)
	require.NoError(t, err)
	return credSignRaw(key, string(h), string(p))
}

func TestVerifyOtherIssuer(t *testing.T) {
	ctx := context.Background()
	t.Run("NumericDates", func(t *testing.T) {
		assert.Equal(t, int64(credOBNbf), time.Date(2024, 9, 1, 12, 0, 0, 0, time.UTC).Unix())
		assert.Equal(t, int64(credOBExp), time.Date(2029, 8, 31, 23, 59, 59, 0, time.UTC).Unix())
	})
	v, err := certificate.NewVerifier([]certificate.TrustedKey{
		{Issuer: credIssuerURL, KeyID: credKid, Key: credKey().Public().(ed25519.PublicKey)},
		{Issuer: credOBIssuer, KeyID: credOBKid, Key: credOBKey().Public().(ed25519.PublicKey)},
	}, nil)
	require.NoError(t, err)

	// The header and payload of OB 3.0 §8.2.3 and §8.2.4.1: the credential's
	// members with exp, iss, jti, nbf and sub beside them.
	header := func() map[string]any { return map[string]any{"alg": "EdDSA", "kid": credOBKid, "typ": "JWT"} }
	payload := func() map[string]any {
		var p map[string]any
		require.NoError(t, json.Unmarshal([]byte(credOBCredential), &p))
		p["iss"], p["sub"], p["jti"], p["nbf"], p["exp"] = credOBIssuer, credOBSubject, credOBID, credOBNbf, credOBExp
		return p
	}
	tests := []struct {
		name    string
		key     ed25519.PrivateKey
		header  func(map[string]any)
		payload func(map[string]any)
		want    certificate.VerifyReason
		field   string // the FieldError's Field, for VerifyMalformed
	}{
		{"as the spec shows it", credOBKey(), nil, nil, 0, ""},
		{"no typ", credOBKey(), func(h map[string]any) { delete(h, "typ") }, nil, 0, ""},
		{"jwk instead of kid", credOBKey(), func(h map[string]any) { delete(h, "kid"); h["jwk"] = credOBJWK(credOBKey(), nil) }, nil, 0, ""},
		{"kid and jwk", credOBKey(), func(h map[string]any) { h["jwk"] = credOBJWK(credOBKey(), nil) }, nil, 0, ""},
		{"jwk with kid and use members", credOBKey(), func(h map[string]any) {
			delete(h, "kid")
			h["jwk"] = credOBJWK(credOBKey(), map[string]any{"kid": "k1", "use": "sig"})
		}, nil, 0, ""},
		{"no claims", credOBKey(), nil, func(p map[string]any) {
			for _, c := range []string{"iss", "sub", "jti", "nbf", "exp"} {
				delete(p, c)
			}
		}, 0, ""},
		{"untrusted jwk", credOtherKey(), func(h map[string]any) { delete(h, "kid"); h["jwk"] = credOBJWK(credOtherKey(), nil) }, nil, certificate.VerifyUnknownKey, ""},
		{"kid with another key's jwk", credOtherKey(), func(h map[string]any) { h["jwk"] = credOBJWK(credOtherKey(), nil) }, nil, certificate.VerifyUnknownKey, ""},
		{"jwk with a private key", credOBKey(), func(h map[string]any) {
			delete(h, "kid")
			h["jwk"] = credOBJWK(credOBKey(), map[string]any{"d": base64.RawURLEncoding.EncodeToString(credOBKey().Seed())})
		}, nil, certificate.VerifyMalformed, "jwk.d"},
		{"RSA jwk", credOBKey(), func(h map[string]any) {
			delete(h, "kid")
			h["jwk"] = map[string]any{"kty": "RSA", "e": "AQAB", "n": "uXJHQVh1SIK"}
		}, nil, certificate.VerifyMalformed, "jwk"},
		{"jwk x too short", credOBKey(), func(h map[string]any) {
			delete(h, "kid")
			h["jwk"] = map[string]any{"kty": "OKP", "crv": "Ed25519", "x": "AAAA"}
		}, nil, certificate.VerifyMalformed, "jwk.x"},
		{"jwk as a string", credOBKey(), func(h map[string]any) { delete(h, "kid"); h["jwk"] = "OKP" }, nil, certificate.VerifyMalformed, "jwk"},
		{"nbf disagrees", credOBKey(), nil, func(p map[string]any) { p["nbf"] = credOBNbf + 1 }, certificate.VerifyMalformed, "nbf"},
		{"exp disagrees", credOBKey(), nil, func(p map[string]any) { p["exp"] = credOBExp + 86400 }, certificate.VerifyMalformed, "exp"},
		{"iss disagrees", credOBKey(), nil, func(p map[string]any) { p["iss"] = credIssuerURL }, certificate.VerifyMalformed, "iss"},
		{"jti disagrees", credOBKey(), nil, func(p map[string]any) { p["jti"] = "urn:uuid:00000000-0000-0000-0000-000000000000" }, certificate.VerifyMalformed, "jti"},
		{"sub disagrees", credOBKey(), nil, func(p map[string]any) { p["sub"] = "did:example:someone-else" }, certificate.VerifyMalformed, "sub"},
		{"VC 1.1 shape: credential in a vc claim", credOBKey(), nil, func(p map[string]any) {
			var vc map[string]any
			require.NoError(t, json.Unmarshal([]byte(credOBCredential), &vc))
			for k := range p {
				if k != "iss" && k != "sub" && k != "jti" && k != "nbf" && k != "exp" {
					delete(p, k)
				}
			}
			p["vc"] = vc
		}, certificate.VerifyMalformed, "vc"},
		{"signed with our key", credKey(), func(h map[string]any) { h["kid"] = credKid }, nil, certificate.VerifyUnknownKey, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, p := header(), payload()
			if tt.header != nil {
				tt.header(h)
			}
			if tt.payload != nil {
				tt.payload(p)
			}
			cred, err := v.Verify(ctx, credOBToken(t, tt.key, h, p), credDay("2025-01-01"))
			if tt.want == 0 {
				require.NoError(t, err)
				assert.Equal(t, credOBIssuer, cred.Issuer())
				assert.Equal(t, credOBID, cred.ID())
				assert.Equal(t, credOBSubject, cred.SubjectID())
				assert.False(t, cred.HolderMatches("anything"), "no identifier to match")
				// 12:00 UTC does not cover 2024-09-01 wholly, so the first
				// whole day is the 2nd (see Credential.ValidFrom).
				assert.Equal(t, credDay("2024-09-02"), cred.ValidFrom())
				assert.Equal(t, credDay("2029-08-31"), cred.ValidUntil())
				return
			}
			var ve *certificate.VerifyError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.want, ve.Reason, "%v", err)
			if tt.field != "" {
				var fe *certificate.FieldError
				require.ErrorAs(t, err, &fe, "%v", err)
				assert.Equal(t, tt.field, fe.Field, "%v", err)
			}
		})
	}
	t.Run("the embedded jwk is not trusted by itself", func(t *testing.T) {
		// A verifier that trusts no key refuses even a well-formed jwk token.
		h := header()
		delete(h, "kid")
		h["jwk"] = credOBJWK(credOBKey(), nil)
		_, err := certificate.Verifier{}.Verify(ctx, credOBToken(t, credOBKey(), h, payload()), credDay("2025-01-01"))
		assert.ErrorIs(t, err, certificate.VerifyUnknownKey)
	})
}

// TestVerifyEarlierTokens verifies a token issued by the previous version of
// this package (header {"alg","typ":"vc+jwt","cty","iss","kid":"key-2024"},
// payload the credential without claims), kept in testdata: tokens already
// handed out must keep verifying.
func TestVerifyEarlierTokens(t *testing.T) {
	b, err := os.ReadFile("testdata/credential_v1.jws")
	require.NoError(t, err)
	tok := strings.TrimSpace(string(b))
	parts := strings.Split(tok, ".")
	require.Len(t, parts, 3)
	require.Equal(t, `{"alg":"EdDSA","typ":"vc+jwt","cty":"vc","iss":"https://jianding.example.cn","kid":"key-2024"}`, credDecode(t, parts[0]))
	require.Equal(t, credMainJSON(t), credDecode(t, parts[1]))

	v, err := certificate.NewVerifier([]certificate.TrustedKey{
		{Issuer: credIssuerURL, KeyID: "key-2024", Key: credKey().Public().(ed25519.PublicKey)},
		{Issuer: credIssuerURL, KeyID: credKid, Key: credKey().Public().(ed25519.PublicKey)},
	}, nil)
	require.NoError(t, err)
	cred, err := v.Verify(context.Background(), tok, credDay("2025-01-01"))
	require.NoError(t, err)
	assert.Equal(t, "JD-2024-000777", cred.Number())
	_, err = v.Verify(context.Background(), credToken(t), credDay("2025-01-01"))
	require.NoError(t, err, "and the new token, under the new key id")
}

// An empty or null validUntil (or awardedDate) is present but not an RFC
// 3339 date-time, as ParseCredential requires and the OB 3.0 schema's
// "format": "date-time" says: refused, not read as "never expires", also
// in a signed token verified far in the future.
func TestCredentialEmptyStampIsRefused(t *testing.T) {
	s := credMainJSON(t)
	for _, tc := range []struct{ from, to, field string }{
		{`"validUntil":"2027-06-30T23:59:59+08:00"`, `"validUntil":""`, "validUntil"},
		{`"validUntil":"2027-06-30T23:59:59+08:00"`, `"validUntil":null`, "validUntil"},
		{`"awardedDate":"2024-06-30T00:00:00+08:00"`, `"awardedDate":null`, "awardedDate"},
	} {
		in := strings.Replace(s, tc.from, tc.to, 1)
		require.NotEqual(t, s, in, "the fixture must hold %s", tc.from)
		_, err := certificate.ParseCredential([]byte(in))
		var fe *certificate.FieldError
		require.ErrorAs(t, err, &fe, tc.to)
		require.Equal(t, tc.field, fe.Field)
		tok := credSignRaw(credKey(), `{"alg":"EdDSA","kid":"`+credKid+`","typ":"JWT"}`, in)
		_, err = credVerifier(t, nil).Verify(context.Background(), tok, credDay("2090-01-01"))
		require.Error(t, err, "%s: a token verified as of 2090-01-01", tc.to)
	}
}

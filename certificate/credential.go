package certificate

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dualtrack/dualtrack/internal/civil"
	"github.com/dualtrack/dualtrack/internal/errtext"
	"github.com/dualtrack/dualtrack/internal/strictjson"
)

// Credential is a certificate exported as an Open Badges 3.0
// AchievementCredential, a W3C Verifiable Credential (data model 2.0) that
// anyone holding the issuer's public key can check offline. Get one from
// [Certificate.Credential], from [ParseCredential], or from [Verifier.Verify];
// sign it with a [Signer]. The zero Credential is not a credential.
//
// # What a credential says
//
// The JSON (see MarshalJSON) has these members, always in this order:
//
//   - "@context": the VC 2.0 context and the OB 3.0 context.
//   - "id": CredentialOptions.ID; "type": VerifiableCredential,
//     AchievementCredential.
//   - "issuer": a Profile with the issuer URL, the issuer's name and, when
//     the issuer's own id is not that URL (a unified social credit code, for
//     example), that id as an otherIdentifier.
//   - "validFrom" and "awardedDate": the issue day at 00:00:00, and
//     "validUntil" (only for a certificate that expires): the expiry day at
//     23:59:59, both in the zone of CredentialOptions.Zone, China Standard
//     Time (+08:00) by default. A certificate is valid on whole civil days
//     ([Certificate.StatusOn]) while the data model wants instants; these two
//     instants cover exactly the days of validity.
//   - "name" and "description": occupation and level, in Chinese and English.
//   - "credentialSubject": the holder, never in clear: one IdentityObject
//     whose identityHash is "sha256$" and the lower-case hex SHA-256 of the
//     holder's id followed by the salt (OB 3.0 IdentityHash), with the salt
//     itself, so that whoever is shown the holder's id can check it (see
//     HolderMatches), and, only with CredentialOptions.SubjectID, that URI
//     as the subject's id. The holder's name is left out (data minimisation:
//     PIPL, 《个人信息保护法》 art. 6). The certificate number is the
//     licenseNumber; how the certificate was earned is the narrative; and the
//     achievement is the occupation and level: its id is the achievement base
//     URL, the path-escaped occupation code and the level code
//     (".../achievements/6-31-01-10/national-2"), the same for every holder,
//     with achievementType "Certificate", humanCode the occupation code, and a
//     criteria narrative naming the ladder.
//   - "evidence": one Evidence per [Evidence] of the certificate.
//   - "credentialStatus" (only with CredentialOptions.StatusURL): a
//     1EdTechRevocationList entry pointing at the issuer's revocation list.
//   - "credentialSchema": the OB 3.0 AchievementCredential JSON schema.
//
// The output validates against that schema, and so does the payload of the
// signed token, which adds the JWT claims (see [Signer.Sign]). It is
// deterministic: the same certificate and options give byte-identical JSON
// (no maps, no clock, no randomness), and with an Ed25519 key the same token.
//
// # Reading credentials
//
// ParseCredential reads credentials of this shape, also from other issuers.
// It accepts members it does not model (OB 3.0 is extensible) but does not
// keep them: a parsed Credential holds what this package understands, and the
// signed bytes stay the authority. It rejects what could be read two ways:
// invalid UTF-8, a member name given twice in one object, a member name that
// differs only in case from one it models ("ValidUntil"), and the claims
// "vc" and "vp" at the top level (VC-JOSE-COSE forbids them; a token of the
// VC 1.1 era that wraps its credential in "vc" is not read).
//
// Because the payload of a signed credential is the credential JSON with the
// JWT registered claims beside its members (Open Badges 3.0 §8.2.4.1, see
// [Signer.Sign]), ParseCredential also reads those claims when present:
// "iss", "sub", "jti", "nbf" and "exp" must then agree with issuer.id,
// credentialSubject.id, id, validFrom and validUntil (see [Verifier.Verify]
// for what agreeing means), so that validity never depends on which of two
// disagreeing statements a reader believes. Other claims ("iat", "aud") are
// accepted and ignored. MarshalJSON writes the credential alone, without
// claims.
type Credential struct {
	doc   credDoc
	from  time.Time // validFrom, in its own offset
	until time.Time // validUntil, or the zero time
}

// CredentialOptions are the parts of a credential that a certificate does not
// hold.
type CredentialOptions struct {
	// ID identifies the credential: an absolute URI, such as
	// "urn:uuid:..." or "https://cert.example.cn/credentials/QD-2024-000123".
	// Required.
	ID string
	// IssuerURL is the issuer's id in the credential, the one its verifiers
	// trust keys for. Empty means the certificate's Issuer.ID, which must then
	// be an absolute URI.
	IssuerURL string
	// AchievementBase is the URI under which achievement ids are built.
	// Empty means IssuerURL + "/achievements" when IssuerURL is an http or
	// https URL; for other issuer URIs (urn:, did:) it is required.
	AchievementBase string
	// SubjectID is the holder's id in the credential, credentialSubject.id,
	// which the signed token repeats as its "sub" claim: an absolute URI that
	// the holder can prove is theirs, such as a DID, or a pseudonymous
	// "urn:uuid:..." that the issuer keeps. Never put the holder's own id
	// (an identity card number) here: it would be published in clear. Empty
	// means none: the holder is identified by the salted hash only, and tokens
	// carry no "sub" (see Signer.Sign).
	SubjectID string
	// Salt is appended to the holder's id before hashing. At least 16 bytes
	// (the 128 bits NIST SP 800-132 §5.1 asks of a salt); use a fresh random
	// value per credential so that two credentials of one holder cannot be
	// linked by their hash. The salt is published in the credential (a
	// verifier needs it), so the hash protects an id only as far as the id is
	// hard to guess: a short staff number can be found by trying them all.
	Salt string
	// StatusURL is the issuer's revocation list (1EdTech Revocation List
	// Status Method). Empty means the credential carries no credentialStatus.
	StatusURL string
	// Zone gives validFrom and validUntil their offset. Nil means UTC+08:00,
	// China Standard Time (no daylight saving since 1991).
	Zone *time.Location
}

// Fixed vocabulary of the output. The context and schema are those of OB 3.0
// as published by 1EdTech; the schema id is the $id of the JSON schema the
// output is tested against.
const (
	credContextVC     = "https://www.w3.org/ns/credentials/v2"
	credContextOB     = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
	credSchemaID      = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential-jsonschema1.json"
	credSchemaType    = "1EdTechJsonSchemaValidator2019"
	credStatusType    = "1EdTechRevocationList"
	credHashPrefix    = "sha256$"
	credMinSaltBytes  = 16
	credDefaultOffset = 8 * 60 * 60 // seconds east of UTC: China Standard Time
)

// MaxCredentialSize is the largest signed credential (compact JWS) or
// credential JSON this package produces or reads, 64 KiB. A credential of
// this package is about 2 KiB; the limit leaves room for long evidence lists
// and bounds the work a hostile input can cause. Signer.Sign refuses to
// produce a token it would not verify.
const MaxCredentialSize = 64 << 10

// The JSON shape. Field order is output order; every optional member is
// omitempty so that output is deterministic and minimal.
type credDoc struct {
	Context     []string        `json:"@context"`
	ID          string          `json:"id"`
	Type        []string        `json:"type"`
	Issuer      credProfile     `json:"issuer"`
	ValidFrom   string          `json:"validFrom"`
	ValidUntil  credOptStamp    `json:"validUntil,omitzero"`
	AwardedDate credOptStamp    `json:"awardedDate,omitzero"`
	Name        string          `json:"name,omitempty"`
	Description string          `json:"description,omitempty"`
	Subject     credSubject     `json:"credentialSubject"`
	Evidence    []credEvidence  `json:"evidence,omitempty"`
	Status      *credStatus     `json:"credentialStatus,omitempty"`
	Schema      []credSchemaRef `json:"credentialSchema,omitempty"`
}

// credOptStamp is an optional date-time member of the document. Present
// records that the member was in the JSON at all, also as "" or null,
// which are not date-times and are refused rather than taken for absent.
type credOptStamp struct {
	Text    string
	Present bool
}

// IsZero reports an absent member, which is left out.
func (o credOptStamp) IsZero() bool { return !o.Present }

// MarshalJSON writes the date-time as a string.
func (o credOptStamp) MarshalJSON() ([]byte, error) { return json.Marshal(o.Text) }

// UnmarshalJSON records the member as present; null reads as "".
func (o *credOptStamp) UnmarshalJSON(b []byte) error {
	o.Present = true
	if string(b) == "null" {
		o.Text = ""
		return nil
	}
	return json.Unmarshal(b, &o.Text)
}

type credProfile struct {
	ID              string           `json:"id"`
	Type            []string         `json:"type"`
	Name            string           `json:"name,omitempty"`
	OtherIdentifier []credIdentEntry `json:"otherIdentifier,omitempty"`
}

type credIdentEntry struct {
	Type           string `json:"type"`
	Identifier     string `json:"identifier"`
	IdentifierType string `json:"identifierType"`
}

type credSubject struct {
	ID            string           `json:"id,omitempty"`
	Type          []string         `json:"type"`
	Identifier    []credIdentity   `json:"identifier,omitempty"`
	LicenseNumber string           `json:"licenseNumber,omitempty"`
	Narrative     string           `json:"narrative,omitempty"`
	Achievement   *credAchievement `json:"achievement"`
}

type credIdentity struct {
	Type         string `json:"type"`
	Hashed       bool   `json:"hashed"`
	IdentityHash string `json:"identityHash"`
	IdentityType string `json:"identityType"`
	Salt         string `json:"salt,omitempty"`
}

type credAchievement struct {
	ID              string        `json:"id"`
	Type            []string      `json:"type"`
	AchievementType string        `json:"achievementType,omitempty"`
	Name            string        `json:"name"`
	Description     string        `json:"description"`
	HumanCode       string        `json:"humanCode,omitempty"`
	Criteria        *credCriteria `json:"criteria"`
}

type credCriteria struct {
	ID        string `json:"id,omitempty"`
	Narrative string `json:"narrative,omitempty"`
}

type credEvidence struct {
	ID        string   `json:"id,omitempty"`
	Type      []string `json:"type"`
	Name      string   `json:"name,omitempty"`
	Narrative string   `json:"narrative,omitempty"`
}

type credStatus struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

type credSchemaRef struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

// credKnownNames are the member names of the shape above. ParseCredential
// rejects a member whose name matches one of them only when case is ignored,
// because encoding/json would silently take it for the modelled member.
var credKnownNames = [...]string{
	"@context", "achievement", "achievementType", "awardedDate",
	"credentialSchema", "credentialStatus", "credentialSubject", "criteria",
	"description", "evidence", "exp", "hashed", "humanCode", "id",
	"identifier", "identifierType", "identityHash", "identityType", "iss",
	"issuer", "jti", "licenseNumber", "name", "narrative", "nbf",
	"otherIdentifier", "salt", "sub", "type", "validFrom", "validUntil",
}

// credForbiddenTop are top-level members that ParseCredential refuses; see
// Credential.
var credForbiddenTop = [...]string{"vc", "vp"}

// Credential exports c as an Open Badges 3.0 AchievementCredential (see
// [Credential] for the mapping). The certificate must be valid (see
// Certificate.Validate, whose *FieldError is returned as is); option errors
// are *FieldError values with Field "options.id", "options.subjectID",
// "options.issuerURL", "options.achievementBase", "options.salt" or
// "options.statusURL", and an
// evidence URL that is not an absolute URI is reported at
// "evidence[i].url". The certificate's status history is not part of the
// credential: revocation and suspension are for verifiers to look up (see
// StatusChecker).
func (c Certificate) Credential(opts CredentialOptions) (Credential, error) {
	if err := c.Validate(); err != nil {
		return Credential{}, err
	}
	if err := credCheckURI("options.id", opts.ID); err != nil {
		return Credential{}, err
	}
	if opts.SubjectID != "" {
		if err := credCheckURI("options.subjectID", opts.SubjectID); err != nil {
			return Credential{}, err
		}
	}
	issuerURL := opts.IssuerURL
	if issuerURL == "" {
		if credCheckURI("issuer.id", c.Issuer.ID) != nil {
			return Credential{}, fieldErr("options.issuerURL", "",
				fmt.Sprintf("required, because the issuer id %q is not an absolute URI", clip(c.Issuer.ID)))
		}
		issuerURL = c.Issuer.ID
	} else if err := credCheckURI("options.issuerURL", issuerURL); err != nil {
		return Credential{}, err
	}
	base := opts.AchievementBase
	if base == "" {
		if !credIsWebURL(issuerURL) {
			return Credential{}, fieldErr("options.achievementBase", "",
				fmt.Sprintf("required, because the issuer URL %q is not an http or https URL", clip(issuerURL)))
		}
		base = strings.TrimRight(issuerURL, "/") + "/achievements"
	} else if err := credCheckURI("options.achievementBase", base); err != nil {
		return Credential{}, err
	}
	if len(opts.Salt) < credMinSaltBytes {
		return Credential{}, fieldErr("options.salt", "",
			fmt.Sprintf("a salt of %d bytes is too short: at least %d", len(opts.Salt), credMinSaltBytes))
	}
	if opts.StatusURL != "" {
		if err := credCheckURI("options.statusURL", opts.StatusURL); err != nil {
			return Credential{}, err
		}
	}
	zone := opts.Zone
	if zone == nil {
		zone = time.FixedZone("UTC+8", credDefaultOffset)
	}

	name := c.Occupation.Name + " " + c.Level.Chinese()
	from := credStamp(c.Issued, zone, false)
	doc := credDoc{
		Context:     []string{credContextVC, credContextOB},
		ID:          opts.ID,
		Type:        []string{"VerifiableCredential", "AchievementCredential"},
		Issuer:      credProfile{ID: issuerURL, Type: []string{"Profile"}, Name: c.Issuer.Name},
		ValidFrom:   from,
		AwardedDate: credOptStamp{Text: from, Present: true},
		Name:        name,
		Description: fmt.Sprintf("%s颁发的%s，证书编号 %s。A %s issued by %s, number %s.",
			c.Issuer.Name, credLadderLabel(c.Level.Ladder(), true), c.Number,
			credLadderLabel(c.Level.Ladder(), false), c.Issuer.Name, c.Number),
		Subject: credSubject{
			ID:   opts.SubjectID,
			Type: []string{"AchievementSubject"},
			Identifier: []credIdentity{{
				Type:         "IdentityObject",
				Hashed:       true,
				IdentityHash: credIdentityHash(c.Holder.ID, opts.Salt),
				IdentityType: "identifier",
				Salt:         opts.Salt,
			}},
			LicenseNumber: c.Number,
			Narrative:     credChannelNarrative(c.Channel),
			Achievement: &credAchievement{
				ID:              strings.TrimRight(base, "/") + "/" + url.PathEscape(c.Occupation.Code) + "/" + c.Level.Code(),
				Type:            []string{"Achievement"},
				AchievementType: "Certificate",
				Name:            name,
				Description: fmt.Sprintf("%s：%s（%s）%s。%s: %s (%s), %s.",
					credLadderLabel(c.Level.Ladder(), true), c.Occupation.Name, c.Occupation.Code, c.Level.Chinese(),
					credUpperFirst(credLadderLabel(c.Level.Ladder(), false)), c.Occupation.Name, c.Occupation.Code, c.Level.English()),
				HumanCode: c.Occupation.Code,
				Criteria: &credCriteria{Narrative: fmt.Sprintf(
					"达到%s%s（%s）的要求，经考核评价合格。Meets the requirements of the %s for %s (%s) at level %s, as assessed by the issuer.",
					credLadderLabel(c.Level.Ladder(), true), c.Occupation.Name, c.Level.Chinese(),
					credLadderLabel(c.Level.Ladder(), false), c.Occupation.Name, c.Occupation.Code, c.Level.English())},
			},
		},
		Schema: []credSchemaRef{{ID: credSchemaID, Type: credSchemaType}},
	}
	if !c.Expires.IsZero() {
		doc.ValidUntil = credOptStamp{Text: credStamp(c.Expires, zone, true), Present: true}
	}
	if issuerURL != c.Issuer.ID {
		doc.Issuer.OtherIdentifier = []credIdentEntry{{Type: "IdentifierEntry", Identifier: c.Issuer.ID, IdentifierType: "identifier"}}
	}
	for i, e := range c.Evidence {
		if e.URL != "" {
			if err := credCheckURI(fmt.Sprintf("evidence[%d].url", i), e.URL); err != nil {
				return Credential{}, err
			}
		}
		doc.Evidence = append(doc.Evidence, credEvidence{ID: e.URL, Type: []string{"Evidence"}, Name: e.Name, Narrative: e.Description})
	}
	if opts.StatusURL != "" {
		doc.Status = &credStatus{ID: opts.StatusURL, Type: credStatusType}
	}

	cred, err := credFromDoc(doc)
	if err != nil {
		return Credential{}, err
	}
	// The stamps must read back as exactly the certificate's days. time.Date
	// resolves a skipped midnight to the first instant of the day, which
	// reads back correctly; should some zone's transition still shift a
	// stamp onto another day, refuse rather than emit a wrong period.
	if cred.ValidFrom() != c.Issued || cred.ValidUntil() != c.Expires {
		return Credential{}, fieldErr("options.zone", zone.String(),
			fmt.Sprintf("the zone has no midnight on %s or no 23:59:59 on %s", c.Issued, c.Expires))
	}
	return cred, nil
}

// ParseCredential reads the JSON of an AchievementCredential (the payload of
// a signed credential). It checks the members this package relies on: the two
// contexts, an absolute URI as id, the VerifiableCredential and
// AchievementCredential (or OpenBadgeCredential) types, an issuer Profile with
// a URI id, validFrom (and validUntil, awardedDate if present) as RFC 3339
// date-times with an offset and validUntil not before validFrom, an
// AchievementSubject identified by a URI id or an identifier (OB 3.0 §9.1)
// whose achievement has an id, name, description and criteria, hashed
// SHA-256 identities, and the types of evidence, status and schema entries.
// It also reads the payload of a signed credential, whose JWT claims must
// agree with the credential. See [Credential] for what it refuses; data over
// MaxCredentialSize bytes is refused unread. Errors are *FieldError values
// (matching ErrInvalid) whose Field is the JSON path (the claim name for a
// claim), or "credential" for the document as a whole.
func ParseCredential(data []byte) (Credential, error) {
	cred, claims, err := credReadPayload(data)
	if err != nil {
		return Credential{}, err
	}
	if err := claims.check(cred); err != nil {
		return Credential{}, err
	}
	return cred, nil
}

// credReadPayload reads credential JSON, or the payload of a signed
// credential: the credential and, unchecked, the registered claims beside it.
func credReadPayload(data []byte) (Credential, credClaims, error) {
	if len(data) > MaxCredentialSize {
		return Credential{}, credClaims{}, fieldErr("credential", "", fmt.Sprintf("%d bytes, over the limit of %d", len(data), MaxCredentialSize))
	}
	if err := credStrictJSON(data, "credential", credKnownNames[:], credForbiddenTop[:]); err != nil {
		return Credential{}, credClaims{}, err
	}
	var doc credDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return Credential{}, credClaims{}, credJSONErr("credential", data, &doc, err)
	}
	cred, err := credFromDoc(doc)
	if err != nil {
		return Credential{}, credClaims{}, err
	}
	var claims credClaims // raw fields: only the document's shape can fail, and it was read above
	if err := json.Unmarshal(data, &claims); err != nil {
		return Credential{}, credClaims{}, credJSONErr("credential", data, &claims, err)
	}
	return cred, claims, nil
}

// credFromDoc checks doc and computes the validity instants.
func credFromDoc(doc credDoc) (Credential, error) {
	if len(doc.Context) < 2 || doc.Context[0] != credContextVC || !credIsOBContext(doc.Context[1]) {
		return Credential{}, fieldErr("@context", strings.Join(doc.Context, " "),
			fmt.Sprintf("want %q then an OB 3.0 context such as %q", credContextVC, credContextOB))
	}
	if err := credCheckURI("id", doc.ID); err != nil {
		return Credential{}, err
	}
	if !slices.Contains(doc.Type, "VerifiableCredential") ||
		!(slices.Contains(doc.Type, "AchievementCredential") || slices.Contains(doc.Type, "OpenBadgeCredential")) {
		return Credential{}, fieldErr("type", strings.Join(doc.Type, " "), "want VerifiableCredential and AchievementCredential")
	}
	if err := credCheckURI("issuer.id", doc.Issuer.ID); err != nil {
		return Credential{}, err
	}
	if !slices.Contains(doc.Issuer.Type, "Profile") {
		return Credential{}, fieldErr("issuer.type", strings.Join(doc.Issuer.Type, " "), "want Profile")
	}
	for i, o := range doc.Issuer.OtherIdentifier {
		if o.Type != "IdentifierEntry" || o.Identifier == "" || o.IdentifierType == "" {
			return Credential{}, fieldErr(fmt.Sprintf("issuer.otherIdentifier[%d]", i), o.Identifier,
				"want an IdentifierEntry with an identifier and an identifierType")
		}
	}
	var cred Credential
	var err error
	if cred.from, err = credParseStamp("validFrom", doc.ValidFrom); err != nil {
		return Credential{}, err
	}
	// A member present as "" or null is not a date-time: refused, not read
	// as absent (an empty validUntil would otherwise never expire).
	if doc.ValidUntil.Present {
		if cred.until, err = credParseStamp("validUntil", doc.ValidUntil.Text); err != nil {
			return Credential{}, err
		}
		if cred.until.Before(cred.from) {
			return Credential{}, fieldErr("validUntil", doc.ValidUntil.Text, fmt.Sprintf("before validFrom %s", doc.ValidFrom))
		}
	}
	if doc.AwardedDate.Present {
		if _, err := credParseStamp("awardedDate", doc.AwardedDate.Text); err != nil {
			return Credential{}, err
		}
	}
	if err := doc.Subject.check(); err != nil {
		return Credential{}, prefix("credentialSubject", err)
	}
	for i, e := range doc.Evidence {
		field := fmt.Sprintf("evidence[%d]", i)
		if !slices.Contains(e.Type, "Evidence") {
			return Credential{}, fieldErr(field+".type", strings.Join(e.Type, " "), "want Evidence")
		}
		if e.ID != "" {
			if err := credCheckURI(field+".id", e.ID); err != nil {
				return Credential{}, err
			}
		}
	}
	if doc.Status != nil {
		if err := credCheckURI("credentialStatus.id", doc.Status.ID); err != nil {
			return Credential{}, err
		}
		if strings.TrimSpace(doc.Status.Type) == "" {
			return Credential{}, fieldErr("credentialStatus.type", doc.Status.Type, "a status entry needs a type")
		}
	}
	for i, s := range doc.Schema {
		field := fmt.Sprintf("credentialSchema[%d]", i)
		if err := credCheckURI(field+".id", s.ID); err != nil {
			return Credential{}, err
		}
		if strings.TrimSpace(s.Type) == "" {
			return Credential{}, fieldErr(field+".type", s.Type, "a schema entry needs a type")
		}
	}
	cred.doc = doc
	return cred, nil
}

func (s credSubject) check() error {
	if s.ID != "" {
		if err := credCheckURI("id", s.ID); err != nil {
			return err
		}
	}
	if !slices.Contains(s.Type, "AchievementSubject") {
		return fieldErr("type", strings.Join(s.Type, " "), "want AchievementSubject")
	}
	if s.ID == "" && len(s.Identifier) == 0 {
		return fieldErr("identifier", "", "a subject needs an id or an identifier (Open Badges 3.0 §9.1)")
	}
	for i, id := range s.Identifier {
		field := fmt.Sprintf("identifier[%d]", i)
		switch {
		case id.Type != "IdentityObject":
			return fieldErr(field+".type", id.Type, "want IdentityObject")
		case !id.Hashed:
			return fieldErr(field+".hashed", "false", "only hashed identities are accepted")
		case !credIsSHA256Hash(id.IdentityHash):
			return fieldErr(field+".identityHash", id.IdentityHash, `want "sha256$" and 64 hexadecimal digits`)
		case strings.TrimSpace(id.IdentityType) == "":
			return fieldErr(field+".identityType", id.IdentityType, "an identity needs a type")
		}
	}
	a := s.Achievement
	switch {
	case a == nil:
		return fieldErr("achievement", "", "a subject needs an achievement")
	case credCheckURI("achievement.id", a.ID) != nil:
		return credCheckURI("achievement.id", a.ID)
	case !slices.Contains(a.Type, "Achievement"):
		return fieldErr("achievement.type", strings.Join(a.Type, " "), "want Achievement")
	case strings.TrimSpace(a.Name) == "":
		return fieldErr("achievement.name", a.Name, "an achievement needs a name")
	case strings.TrimSpace(a.Description) == "":
		return fieldErr("achievement.description", a.Description, "an achievement needs a description")
	case a.Criteria == nil:
		return fieldErr("achievement.criteria", "", "an achievement needs criteria")
	}
	if a.Criteria.ID != "" {
		return credCheckURI("achievement.criteria.id", a.Criteria.ID)
	}
	return nil
}

// MarshalJSON implements json.Marshaler: the credential's JSON, compact, with
// members in the order documented on [Credential] and without HTML escaping.
// The zero Credential cannot be marshalled.
func (c Credential) MarshalJSON() ([]byte, error) {
	if c.doc.ID == "" {
		return nil, fieldErr("credential", "", "the zero Credential is not a credential")
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(c.doc); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// UnmarshalJSON implements json.Unmarshaler with ParseCredential.
func (c *Credential) UnmarshalJSON(data []byte) error {
	p, err := ParseCredential(data)
	if err != nil {
		return err
	}
	*c = p
	return nil
}

// ID returns the credential's id.
func (c Credential) ID() string { return c.doc.ID }

// Issuer returns the id of the credential's issuer Profile: the issuer URL
// that trusted keys are registered under.
func (c Credential) Issuer() string { return c.doc.Issuer.ID }

// IssuerName returns the name of the credential's issuer ("" if it has none).
func (c Credential) IssuerName() string { return c.doc.Issuer.Name }

// Name returns the credential's display name: the occupation and the level,
// such as "工业机器人系统运维员 二级/技师".
func (c Credential) Name() string { return c.doc.Name }

// SubjectID returns credentialSubject.id, the holder's URI (see
// CredentialOptions.SubjectID), or "" if the credential has none.
func (c Credential) SubjectID() string { return c.doc.Subject.ID }

// Number returns the certificate number (证书编号), carried as the subject's
// licenseNumber ("" if the credential has none).
func (c Credential) Number() string { return c.doc.Subject.LicenseNumber }

// AchievementID returns the id of the achievement: the same for every
// credential of one issuer, occupation and level.
func (c Credential) AchievementID() string {
	if c.doc.Subject.Achievement == nil {
		return ""
	}
	return c.doc.Subject.Achievement.ID
}

// StatusURL returns the id of the credential's credentialStatus entry (for
// this package's credentials, the issuer's revocation list), or "".
func (c Credential) StatusURL() string {
	if c.doc.Status == nil {
		return ""
	}
	return c.doc.Status.ID
}

// ValidFrom returns the first civil day that validFrom covers wholly: the
// day of validFrom, read in validFrom's own offset, if it is that day's
// midnight, or else the next day. For credentials of this package it is the
// certificate's issue date. The zero Credential gives the zero Date.
func (c Credential) ValidFrom() Date {
	if c.from.IsZero() {
		return Date{}
	}
	d := civil.Of(c.from)
	if c.from.Hour() != 0 || c.from.Minute() != 0 || c.from.Second() != 0 || c.from.Nanosecond() != 0 {
		d = d.Next()
	}
	return d
}

// ValidUntil returns the last civil day that validUntil covers wholly: the
// day of validUntil, read in its own offset, if validUntil is at 23:59:59 or
// later that day, or else the day before; the zero Date if the credential
// does not expire. For credentials of this package it is the certificate's
// expiry date.
func (c Credential) ValidUntil() Date {
	if c.until.IsZero() {
		return Date{}
	}
	d := civil.Of(c.until)
	if c.until.Hour() != 23 || c.until.Minute() != 59 || c.until.Second() != 59 {
		d = d.Prev()
	}
	return d
}

// HolderMatches reports whether id is the id of the credential's holder: if
// the SHA-256 hash of id followed by the published salt equals one of the
// subject's identity hashes. The comparison takes the same time whatever the
// hash.
func (c Credential) HolderMatches(id string) bool {
	match := 0
	for _, ident := range c.doc.Subject.Identifier {
		want, err := hex.DecodeString(strings.TrimPrefix(ident.IdentityHash, credHashPrefix))
		if err != nil || !strings.HasPrefix(ident.IdentityHash, credHashPrefix) {
			continue
		}
		got := sha256.Sum256([]byte(id + ident.Salt))
		match |= subtle.ConstantTimeCompare(got[:], want)
	}
	return match == 1
}

// credIdentityHash is the OB 3.0 IdentityHash of id salted with salt.
func credIdentityHash(id, salt string) string {
	sum := sha256.Sum256([]byte(id + salt))
	return credHashPrefix + hex.EncodeToString(sum[:])
}

func credIsSHA256Hash(s string) bool {
	h, ok := strings.CutPrefix(s, credHashPrefix)
	if !ok || len(h) != 2*sha256.Size {
		return false
	}
	_, err := hex.DecodeString(h)
	return err == nil
}

// credStamp formats day d at 00:00:00 (or 23:59:59 for the end of the day) in
// zone as an RFC 3339 date-time with offset.
func credStamp(d Date, zone *time.Location, endOfDay bool) string {
	h, m, s := 0, 0, 0
	if endOfDay {
		h, m, s = 23, 59, 59
	}
	return time.Date(d.Year(), d.Month(), d.Day(), h, m, s, 0, zone).Format(time.RFC3339)
}

// credParseStamp parses an RFC 3339 date-time with offset whose day lies in
// the years civil dates support.
func credParseStamp(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, fieldErr(field, "", "required: an RFC 3339 date-time such as 2024-06-30T00:00:00+08:00")
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fieldErr(field, s, "not an RFC 3339 date-time with offset, such as 2024-06-30T00:00:00+08:00")
	}
	if d := civil.Of(t); d.IsZero() || d.Prev().IsZero() || d.Next().IsZero() {
		return time.Time{}, fieldErr(field, s, fmt.Sprintf("outside the years %d to %d", civil.MinYear+1, civil.MaxYear-1))
	}
	return t, nil
}

// credCheckURI checks that s is an absolute URI: a scheme, no spaces or
// control characters, and a host for http and https.
func credCheckURI(field, s string) error {
	if s == "" {
		return fieldErr(field, "", "required: an absolute URI")
	}
	if !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return fieldErr(field, s, "not an absolute URI: contains spaces, control characters or invalid UTF-8")
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return fieldErr(field, s, "not an absolute URI (want a scheme, such as https: or urn:)")
	}
	if (u.Scheme == "http" || u.Scheme == "https") && u.Host == "" {
		return fieldErr(field, s, "an http or https URL needs a host")
	}
	return nil
}

func credIsWebURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// credIsOBContext reports whether s is an OB 3.0 context URL, as the schema's
// pattern ^https://purl.imsglobal.org/spec/ob/v3p0/context(-3\.\d\.\d)*\.json$
// says.
func credIsOBContext(s string) bool {
	rest, ok := strings.CutPrefix(s, "https://purl.imsglobal.org/spec/ob/v3p0/context")
	if !ok {
		return false
	}
	rest, ok = strings.CutSuffix(rest, ".json")
	if !ok {
		return false
	}
	digit := func(b byte) bool { return '0' <= b && b <= '9' }
	for ; rest != ""; rest = rest[6:] {
		if len(rest) < 6 || rest[:3] != "-3." || !digit(rest[3]) || rest[4] != '.' || !digit(rest[5]) {
			return false
		}
	}
	return true
}

// credLadderLabel names the kind of certificate of a ladder in Chinese or
// English.
func credLadderLabel(l Ladder, chinese bool) string {
	switch {
	case l == OnePlusX && chinese:
		return "1+X职业技能等级证书"
	case l == OnePlusX:
		return "1+X vocational skill level certificate"
	case l == National && chinese:
		return "国家职业技能等级证书"
	case l == National:
		return "national vocational skill level certificate"
	case l == EightLevel && chinese:
		return "新八级工职业技能等级证书"
	}
	return "new eight-level vocational skill level certificate"
}

// credUpperFirst capitalises an ASCII first letter.
func credUpperFirst(s string) string {
	if s != "" && 'a' <= s[0] && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// credChannelNarrative says how a certificate was earned.
func credChannelNarrative(ch Channel) string {
	switch ch {
	case SelfEvaluation:
		return "企业自主评价。Evaluated by the enterprise within its authorised self-evaluation scope."
	case CompetitionPromotion:
		return "竞赛晋级。Promoted one level through a labour or skill competition."
	}
	return "考核/鉴定。Passed the examination or appraisal."
}

// credJSONErr turns the error of decoding data into v with encoding/json
// into a *FieldError naming the member at fault by its JSON path, with
// array indices, and showing its value; root names the document as a
// whole.
func credJSONErr(root string, data []byte, v any, err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field, value := te.Field, ""
		if path, text, _, ok := strictjson.Locate(data, v, false); ok && path != "" {
			field, value = path, errtext.Clip(text, 64)
		}
		if field == "" {
			field = root
		}
		return &FieldError{Field: field, Value: value, Reason: "want a JSON " + credJSONKind(te.Type), Err: ErrInvalid}
	}
	return &FieldError{Field: root, Reason: "not JSON: " + err.Error(), Err: ErrInvalid}
}

func credJSONKind(t interface{ String() string }) string {
	switch s := t.String(); {
	case s == "string":
		return "string"
	case s == "bool":
		return "boolean"
	case strings.HasPrefix(s, "[]"):
		return "array"
	}
	return "object"
}

package certificate_test

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/dualtrack/dualtrack/certificate"
)

// exampleCredCert is a fictional certificate: 车工 (6-18-01-01) at
// 二级/技师, issued 2024-06-30 by an appraisal body, valid to 2027-06-30.
func exampleCredCert() certificate.Certificate {
	return certificate.Certificate{
		Number:     "JD-2024-000777",
		Holder:     certificate.Holder{ID: "370202199001011234", Name: "李娜", Kind: certificate.Employee},
		Occupation: certificate.Occupation{Code: "6-18-01-01", Name: "车工"},
		Level:      certificate.NationalGrade2,
		Issuer:     certificate.Issuer{ID: "https://jianding.example.cn", Name: "示例鉴定中心", Kind: certificate.AppraisalBody},
		Issued:     certificate.MustParseDate("2024-06-30"),
		Expires:    certificate.MustParseDate("2027-06-30"),
		Channel:    certificate.Exam,
	}
}

func ExampleCertificate_Credential() {
	cred, err := exampleCredCert().Credential(certificate.CredentialOptions{
		ID:   "https://jianding.example.cn/credentials/JD-2024-000777",
		Salt: "per-credential-random-salt", // use a fresh random value
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cred.Name())
	fmt.Println(cred.AchievementID())
	fmt.Println(cred.ValidFrom(), "to", cred.ValidUntil())
	fmt.Println("holder 370202199001011234:", cred.HolderMatches("370202199001011234"))
	// Output:
	// 车工 二级/技师
	// https://jianding.example.cn/achievements/6-18-01-01/national-2
	// 2024-06-30 to 2027-06-30
	// holder 370202199001011234: true
}

func ExampleVerifier_Verify() {
	ctx := context.Background()
	// The issuer signs; in practice the key comes from a key store.
	seed := make([]byte, ed25519.SeedSize)
	key := ed25519.NewKeyFromSeed(seed)
	signer, err := certificate.NewSigner(key, "https://jianding.example.cn/keys/2024")
	if err != nil {
		fmt.Println(err)
		return
	}

	c := exampleCredCert()
	cred, _ := c.Credential(certificate.CredentialOptions{
		ID:   "https://jianding.example.cn/credentials/JD-2024-000777",
		Salt: "per-credential-random-salt",
	})
	token, _ := signer.Sign(cred)

	// The verifier trusts the issuer's public key and asks the registry for
	// the certificate's status.
	reg := certificate.NewMemoryRegistry()
	_ = reg.Add(ctx, c)
	verifier, _ := certificate.NewVerifier([]certificate.TrustedKey{
		{Issuer: "https://jianding.example.cn", KeyID: "https://jianding.example.cn/keys/2024", Key: signer.Public()},
	}, certificate.RegistryStatus(reg))

	got, err := verifier.Verify(ctx, token, certificate.MustParseDate("2025-01-01"))
	fmt.Println(got.Number(), err)

	_, err = verifier.Verify(ctx, token, certificate.MustParseDate("2027-07-01"))
	fmt.Println(err)

	_, _ = reg.Change(ctx, c.Number, certificate.StatusChange{
		On: certificate.MustParseDate("2025-03-01"), Action: certificate.Revoke, Reason: "材料造假",
	})
	_, err = verifier.Verify(ctx, token, certificate.MustParseDate("2025-03-01"))
	fmt.Println(errors.Is(err, certificate.VerifyRevoked), err)

	// Change one character of the payload. The signature is the last 86
	// characters: 64 bytes are 512 bits, 86 base64url characters of 6 bits.
	i := len(token) - 200
	tampered := token[:i] + "A" + token[i+1:]
	if token[i] == 'A' {
		tampered = token[:i] + "B" + token[i+1:]
	}
	_, err = verifier.Verify(ctx, tampered, certificate.MustParseDate("2025-01-01"))
	var ve *certificate.VerifyError
	if errors.As(err, &ve) {
		fmt.Println("tampered:", ve.Reason)
	}
	// Output:
	// JD-2024-000777 <nil>
	// certificate: credential expired: valid until 2027-06-30, checked on 2027-07-01
	// true certificate: credential revoked: revoked since 2025-03-01: 材料造假
	// tampered: bad-signature
}

func ExampleSigner_Sign() {
	seed := make([]byte, ed25519.SeedSize)
	signer, err := certificate.NewSigner(ed25519.NewKeyFromSeed(seed), "https://jianding.example.cn/keys/2024")
	if err != nil {
		fmt.Println(err)
		return
	}
	cred, err := exampleCredCert().Credential(certificate.CredentialOptions{
		ID:        "https://jianding.example.cn/credentials/JD-2024-000777",
		Salt:      "per-credential-random-salt",
		SubjectID: "did:example:li-na", // optional: a URI the holder controls
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	token, err := signer.Sign(cred)
	if err != nil {
		fmt.Println(err)
		return
	}

	// An OB 3.0 VC-JWT: the JOSE header, and a payload that is the
	// credential with the JWT claims beside its members.
	parts := strings.Split(token, ".")
	header, _ := base64.RawURLEncoding.DecodeString(parts[0])
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var claims struct {
		Iss, Sub, Jti string
		Nbf, Exp      int64
		ValidFrom     string `json:"validFrom"`
		ValidUntil    string `json:"validUntil"`
	}
	_ = json.Unmarshal(payload, &claims)
	fmt.Println(string(header))
	fmt.Println("iss", claims.Iss)
	fmt.Println("sub", claims.Sub)
	fmt.Println("jti", claims.Jti)
	fmt.Println("nbf", claims.Nbf, "=", claims.ValidFrom)
	fmt.Println("exp", claims.Exp, "=", claims.ValidUntil)
	// Output:
	// {"alg":"EdDSA","kid":"https://jianding.example.cn/keys/2024","typ":"JWT"}
	// iss https://jianding.example.cn
	// sub did:example:li-na
	// jti https://jianding.example.cn/credentials/JD-2024-000777
	// nbf 1719676800 = 2024-06-30T00:00:00+08:00
	// exp 1814371199 = 2027-06-30T23:59:59+08:00
}

func ExampleParseCredential() {
	// A credential whose validUntil is spelt "ValidUntil" could be read two
	// ways, so it is refused.
	_, err := certificate.ParseCredential([]byte(`{"@context":[],"ValidUntil":"2020-01-01T00:00:00Z"}`))
	fmt.Println(err)
	// Output:
	// certificate: ValidUntil: member name differs from "validUntil" only in case
}

package main

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/dualtrack/dualtrack/certificate"
)

// apprentice is one apprentice of the cohort and the 1+X level they passed.
type apprentice struct {
	id, name string
	level    certificate.Level
}

// certificates issues the cohort's 1+X certificates, registers them, signs
// each as an Open Badges 3.0 credential and verifies it, then shows what a
// verifier sees after a revocation and after tampering.
func certificates(p *printer) error {
	ctx := context.Background()
	// The school's partner training and evaluation organisation (培训评价组织)
	// and the X certificate of the intelligent-manufacturing major. The
	// organisation and its address are illustrative; the certificate name is
	// that of a 1+X certificate in industrial robotics, with an illustrative
	// code.
	evaluator := certificate.Issuer{
		ID:   "https://pingjia.example.cn",
		Name: "工业机器人培训评价组织（示例）",
		Kind: certificate.EvaluationOrganisation,
	}
	robotics := certificate.Occupation{Code: "X-IR-OM", Name: "工业机器人操作与运维"}
	issued := certificate.MustParseDate("2025-06-30")
	cohort := []apprentice{
		{"SG2023001", "王磊", certificate.XIntermediate},
		{"SG2023002", "李娜", certificate.XIntermediate},
		{"SG2023003", "张伟", certificate.XJunior},
	}

	registry := certificate.NewMemoryRegistry()
	var certs []certificate.Certificate
	for i, a := range cohort {
		c := certificate.Certificate{
			Number:     fmt.Sprintf("X-IR-2025-%04d", i+1),
			Holder:     certificate.Holder{ID: a.id, Name: a.name, Kind: certificate.Student},
			Occupation: robotics,
			Level:      a.level,
			Issuer:     evaluator,
			Issued:     issued,
			Expires:    certificate.MustParseDate("2028-06-29"),
			Channel:    certificate.Exam,
		}
		if err := registry.Add(ctx, c); err != nil {
			return err
		}
		certs = append(certs, c)
	}

	// A demonstration key from a fixed seed, so that the report is the same
	// on every run. A real issuer keeps a random key secret.
	seed := sha256.Sum256([]byte("dualtrack westcoast demonstration key"))
	key := ed25519.NewKeyFromSeed(seed[:])
	signer, err := certificate.NewSigner(key, "https://pingjia.example.cn/keys/demo-2025")
	if err != nil {
		return err
	}
	verifier, err := certificate.NewVerifier([]certificate.TrustedKey{
		{Issuer: evaluator.ID, KeyID: signer.KeyID(), Key: signer.Public()},
	}, certificate.RegistryStatus(registry))
	if err != nil {
		return err
	}

	p.line("4. 1+X certificates of the cohort, signed and verified (Open Badges 3.0, Ed25519)")
	p.line("")
	p.line("   %-16s %-10s %-16s %s", "number", "holder", "level", "verified on 2025-07-01")
	checkDay := certificate.MustParseDate("2025-07-01")
	tokens := make([]string, len(certs))
	for i, c := range certs {
		cred, err := c.Credential(certificate.CredentialOptions{
			ID: "https://pingjia.example.cn/credentials/" + c.Number,
			// A fixed salt keeps the report stable; real credentials use a
			// fresh random salt each.
			Salt: "westcoast-demo-salt-" + c.Number,
		})
		if err != nil {
			return err
		}
		if tokens[i], err = signer.Sign(cred); err != nil {
			return err
		}
		p.line("   %-16s %-10s %-16s %s", c.Number, c.Holder.ID, c.Level.Code(), verdict(verifier.Verify(ctx, tokens[i], checkDay)))
	}

	// The evaluator finds misconduct in one exam and revokes that
	// certificate: the registry keeps the record, and verifiers that consult
	// it see the revocation from its date on.
	revoked := certs[1].Number
	if _, err := registry.Change(ctx, revoked, certificate.StatusChange{
		On: certificate.MustParseDate("2025-09-01"), Action: certificate.Revoke, Reason: "exam misconduct found on review",
	}); err != nil {
		return err
	}
	p.line("")
	p.line("   %s revoked on 2025-09-01 (exam misconduct found on review):", revoked)
	p.line("     verified on 2025-08-31: %s", verdict(verifier.Verify(ctx, tokens[1], certificate.MustParseDate("2025-08-31"))))
	p.line("     verified on 2025-09-01: %s", verdict(verifier.Verify(ctx, tokens[1], certificate.MustParseDate("2025-09-01"))))

	// Changing a single character of the signed payload breaks the signature.
	tampered := []byte(tokens[2])
	mid := len(tampered) / 2
	if tampered[mid] == 'A' {
		tampered[mid] = 'B'
	} else {
		tampered[mid] = 'A'
	}
	p.line("   one character of %s's credential changed: %s", certs[2].Number, verdict(verifier.Verify(ctx, string(tampered), checkDay)))
	p.line("   after expiry, on 2028-06-30: %s", verdict(verifier.Verify(ctx, tokens[0], certificate.MustParseDate("2028-06-30"))))

	// The highest valid level each apprentice holds in the occupation.
	p.line("")
	p.line("   highest valid 1+X level in %s on 2025-10-01:", robotics.Name)
	for _, a := range cohort {
		c, ok, err := certificate.Highest(ctx, registry, a.id, robotics.Code, certificate.OnePlusX, certificate.MustParseDate("2025-10-01"))
		switch {
		case err != nil:
			return err
		case !ok:
			p.line("     %s %s: none", a.id, a.name)
		default:
			p.line("     %s %s: %s (%s)", a.id, a.name, c.Level.Chinese(), c.Number)
		}
	}
	return nil
}

// verdict describes the outcome of a verification in a few words.
func verdict(_ certificate.Credential, err error) string {
	var ve *certificate.VerifyError
	switch {
	case err == nil:
		return "valid"
	case errors.As(err, &ve):
		return "rejected: " + ve.Reason.String()
	default:
		return "error: " + err.Error()
	}
}

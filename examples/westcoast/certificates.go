package main

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/dualtrack/dualtrack/apprenticeship"
	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
)

// certify turns each apprentice's passed final exam into a 1+X certificate
// (apprenticeship.Complete), completes their lifecycle, registers the
// certificates, signs each as an Open Badges 3.0 credential and verifies it,
// then shows what a verifier sees after a revocation, after tampering and
// after expiry.
func certify(p *printer, c *cohort) error {
	ctx := context.Background()
	// The school's partner training and evaluation organisation (培训评价组织)
	// writes the standard of the X certificate and issues it. The
	// organisation and its address are illustrative; the certificate is the
	// 1+X certificate in industrial robot operation and maintenance.
	evaluator := certificate.Issuer{
		ID:   "https://pingjia.example.cn",
		Name: "工业机器人培训评价组织（示例）",
		Kind: certificate.EvaluationOrganisation,
	}
	// A passed interim exam admits to the final exam. The cohort takes no
	// split final exam; AssessmentRules asks for the bounds of its part 1
	// anyway, so these are DOMAIN.md's German 20–40%.
	rules := apprenticeship.AssessmentRules{
		Part1MinWeight:  decimal.NewFromInt(20),
		Part1MaxWeight:  decimal.NewFromInt(40),
		InterimMustPass: true,
		Source:          "assessment rules of the school (illustrative)",
	}

	p.heading("4. Assessments and 1+X certificates (考核, 1+X证书)")
	examSummary(p, c)
	p.line("")
	registry := certificate.NewMemoryRegistry()
	var certs []certificate.Certificate
	// Certificates are issued after the final exam and again at the end of
	// training, for those who passed a retake in between.
	for _, day := range []string{finalExam, trainEnd} {
		asOf := apprenticeship.MustParseDate(day)
		for _, m := range c.members {
			if _, _, done := m.record.Ended(); done {
				continue
			}
			number := fmt.Sprintf("X-IR-2025-%04d", len(certs)+1)
			cert, err := apprenticeship.Complete(rules, m.agreement, c.program, m.assessments, evaluator, number, asOf)
			var fe *apprenticeship.FieldError
			if errors.As(err, &fe) && errors.Is(err, apprenticeship.ErrTransition) {
				p.line("   %s %s has no certificate on %s:", m.agreement.Apprentice.ID, m.agreement.Apprentice.Name, asOf)
				p.line("     %s", fe.Reason)
				continue
			}
			if err != nil {
				return err
			}
			// The X certificate is valid for three years (illustrative).
			expires, err := cert.Issued.AddYears(3, subsidy.Clamp)
			if err != nil {
				return err
			}
			cert.Expires = expires.Prev()
			if err := registry.Add(ctx, cert); err != nil {
				return err
			}
			certs = append(certs, cert)
			// The passed exam completes the apprenticeship (结业).
			if m.record, err = m.record.Apply(apprenticeship.Event{On: cert.Issued, Kind: apprenticeship.EventComplete, Passed: true}); err != nil {
				return err
			}
		}
	}

	// A demonstration key from a fixed seed, so that the report is the same
	// on every run. A real issuer keeps a random key secret.
	seed := sha256.Sum256([]byte("dualtrack westcoast demonstration key"))
	signer, err := certificate.NewSigner(ed25519.NewKeyFromSeed(seed[:]), "https://pingjia.example.cn/keys/demo-2025")
	if err != nil {
		return err
	}
	verifier, err := certificate.NewVerifier([]certificate.TrustedKey{
		{Issuer: evaluator.ID, KeyID: signer.KeyID(), Key: signer.Public()},
	}, certificate.RegistryStatus(registry))
	if err != nil {
		return err
	}

	checkDay := certificate.MustParseDate("2025-09-01")
	p.line("")
	p.line("   signed as Open Badges 3.0 credentials (Ed25519) and verified on %s:", checkDay)
	p.line("")
	widths := []int{14, 14, 20, 10, 10, 0}
	p.row(widths, "number", "holder", "level", "issued", "expires", "verified")
	tokens := make([]string, len(certs))
	for i, cert := range certs {
		cred, err := cert.Credential(certificate.CredentialOptions{
			ID: "https://pingjia.example.cn/credentials/" + cert.Number,
			// A fixed salt keeps the report stable; real credentials use a
			// fresh random salt each.
			Salt: "westcoast-demo-salt-" + cert.Number,
		})
		if err != nil {
			return err
		}
		if tokens[i], err = signer.Sign(cred); err != nil {
			return err
		}
		p.row(widths, cert.Number, cert.Holder.ID+" "+cert.Holder.Name, cert.Level.Code()+" "+cert.Level.Chinese(),
			cert.Issued.String(), cert.Expires.String(), verdict(verifier.Verify(ctx, tokens[i], checkDay)))
	}
	// The evaluator finds misconduct in one exam and revokes that
	// certificate: the registry keeps the record, and verifiers that consult
	// it see the revocation from its date on.
	revoked := certs[1]
	if _, err := registry.Change(ctx, revoked.Number, certificate.StatusChange{
		On: certificate.MustParseDate("2025-10-15"), Action: certificate.Revoke, Reason: "exam misconduct found on review",
	}); err != nil {
		return err
	}
	p.line("")
	p.line("   %s (%s) revoked on 2025-10-15, exam misconduct found on review:", revoked.Number, revoked.Holder.Name)
	p.line("     verified on 2025-10-14: %s", verdict(verifier.Verify(ctx, tokens[1], certificate.MustParseDate("2025-10-14"))))
	p.line("     verified on 2025-10-15: %s", verdict(verifier.Verify(ctx, tokens[1], certificate.MustParseDate("2025-10-15"))))

	// Changing a single character of the signed payload breaks the signature.
	tampered := []byte(tokens[2])
	mid := len(tampered) / 2
	if tampered[mid] == 'A' {
		tampered[mid] = 'B'
	} else {
		tampered[mid] = 'A'
	}
	p.line("   %s with one character changed: %s", certs[2].Number, verdict(verifier.Verify(ctx, string(tampered), checkDay)))
	p.line("   %s on 2028-06-30, the day after it expired: %s", certs[0].Number, verdict(verifier.Verify(ctx, tokens[0], certificate.MustParseDate("2028-06-30"))))

	// The highest valid level each apprentice holds in the occupation.
	asOf := certificate.MustParseDate("2025-11-01")
	occupation := c.program.Targets[0].Occupation
	p.line("")
	p.line("   highest valid 1+X level in %s on %s, and the apprenticeship:", occupation.Name, asOf)
	for _, m := range c.members {
		a := m.agreement
		level := "none"
		cert, ok, err := certificate.Highest(ctx, registry, a.Apprentice.ID, occupation.Code, certificate.OnePlusX, asOf)
		if err != nil {
			return err
		}
		if ok {
			level = fmt.Sprintf("%s (%s)", cert.Level.Chinese(), cert.Number)
		}
		ended, state, _ := m.record.Ended()
		p.line("     %-9s %s  %s on %s   %s", a.Apprentice.ID, a.Apprentice.Name, state, ended, level)
	}
	return nil
}

// examSummary prints how many passed and failed each sitting of an exam.
func examSummary(p *printer, c *cohort) {
	type sitting struct {
		kind apprenticeship.AssessmentKind
		date apprenticeship.Date
	}
	var order []sitting
	passed, failed := map[sitting]int{}, map[sitting]int{}
	for _, m := range c.members {
		for _, a := range m.assessments {
			s := sitting{a.Kind, a.Date}
			if passed[s]+failed[s] == 0 {
				order = append(order, s)
			}
			if a.Passed {
				passed[s]++
			} else {
				failed[s]++
			}
		}
	}
	names := map[apprenticeship.AssessmentKind]string{
		apprenticeship.InterimExam: "interim exam (中期考核)",
		apprenticeship.FinalExam:   "final exam (结业考核)",
	}
	for _, s := range order {
		p.row([]int{24, 10, -2, 0}, names[s.kind], s.date.String(), fmt.Sprint(passed[s]), fmt.Sprintf("passed, %d failed", failed[s]))
	}
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

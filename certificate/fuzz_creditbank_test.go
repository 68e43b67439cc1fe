package certificate_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
)

// FuzzParseCreditBankConfig checks that ParseCreditBankConfig never panics,
// that every error is a *FieldError matching ErrInvalid whose message names
// its JSON path, and that every config it accepts builds a bank, agrees with
// json.Unmarshal, and survives a JSON round trip unchanged.
func FuzzParseCreditBankConfig(f *testing.F) {
	for _, seed := range []string{
		creditConfigJSON,
		exampleCreditConfig,
		`{"maxCreditsPerCertificate":"8"}`,
		`{"maxCreditsPerCertificate":8,"levelKinds":null,"courses":null,"rules":[]}`,
		// Broken: syntax, shape, unknown fields, bad values, bad rules.
		``,
		`null`,
		`{`,
		`[]`,
		`{"maxCreditsPerCertificate":"8"} x`,
		`{"maxCreditsPerCertificate":"1e99999"}`,
		`{"maxCreditsPerCertificate":1e-99}`,
		`{"maxCreditsPerCertificate":"0.001"}`,
		`{"maxCreditsPerCertificate":"8","Courses":[]}`,
		`{  "": [] }`, // found by fuzzing: an empty unknown key must still give a path
		`{"maxCreditsPerCertificate":"8","courses":[{"a.b":1}]}`,
		`{"maxCreditsPerCertificate":"8","levelKinds":{"national-3":["core"]}}`,
		`{"maxCreditsPerCertificate":"8","levelKinds":{"1x-junior":["basic","basic"]}}`,
		`{"maxCreditsPerCertificate":"8","courses":[{"code":"B1","name":"n","kind":"basic","credits":"4"},{"code":"B1","name":"n","kind":"core","credits":"4"}]}`,
		`{"maxCreditsPerCertificate":"8","levelKinds":{"1x-junior":["basic"]},"courses":[{"code":"B1","name":"n","kind":"basic","credits":"12"}],"rules":[{"occupation":"X","level":"1x-junior","courses":["B1"],"credits":"10"}]}`,
		`{"maxCreditsPerCertificate":"8","levelKinds":{"1x-junior":["basic"]},"courses":[{"code":"B1","name":"n","kind":"basic","credits":"4"}],"rules":[{"occupation":"X","level":"1x-junior","courses":["B1","B1"],"credits":"4"}]}`,
		`{"maxCreditsPerCertificate":"8","levelKinds":{"1x-junior":["basic"]},"courses":[{"code":"B1","name":"n","kind":"basic","credits":"4"}],"rules":[{"occupation":"X","level":"1x-junior","courses":["B1"],"credits":"4"},{"occupation":"X","level":"1x-junior","courses":["B1"],"credits":"4"}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := certificate.ParseCreditBankConfig(data)
		var viaUnmarshal certificate.CreditBankConfig
		uerr := json.Unmarshal(data, &viaUnmarshal)
		if err != nil {
			var fe *certificate.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v (%T) is not a *FieldError", err, err)
			}
			if !errors.Is(err, certificate.ErrInvalid) {
				t.Fatalf("error %v does not match ErrInvalid", err)
			}
			if fe.Field == "" || !strings.Contains(err.Error(), fe.Field) {
				t.Fatalf("error %q does not name its path %q", err, fe.Field)
			}
			if uerr == nil && !bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
				t.Fatalf("ParseCreditBankConfig failed (%v) but json.Unmarshal accepted %q", err, data)
			}
			return
		}
		if uerr != nil {
			t.Fatalf("ParseCreditBankConfig accepted %q but json.Unmarshal failed: %v", data, uerr)
		}
		bank, err := certificate.NewCreditBank(cfg)
		if err != nil {
			t.Fatalf("parsed config does not build a bank: %v", err)
		}
		for _, r := range cfg.Rules {
			got, ok := bank.Rule(r.Occupation, r.Level)
			if !ok || !got.Credits.Equal(r.Credits) || len(got.Courses) != len(r.Courses) {
				t.Fatalf("rule %+v: bank has %+v, %v", r, got, ok)
			}
		}
		out, err := json.Marshal(cfg)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		again, err := certificate.ParseCreditBankConfig(out)
		if err != nil {
			t.Fatalf("round trip of %s: %v", out, err)
		}
		out2, err := json.Marshal(again)
		if err != nil {
			t.Fatalf("marshal again: %v", err)
		}
		if !bytes.Equal(out, out2) {
			t.Fatalf("round trip changed the config:\n%s\n%s", out, out2)
		}
	})
}

// FuzzCheckCompletionJSON feeds CheckCompletion a transcript and earned
// courses decoded from arbitrary JSON (shopspring's decoder accepts
// exponents up to ±10000): it never panics or stalls, every error is a
// *FieldError naming its path, and every result adds up.
func FuzzCheckCompletionJSON(f *testing.F) {
	f.Add([]byte(`{"holder":"S-001","asOf":"2024-09-01","lines":[{"certificate":"W-J","course":"B1","credits":"4"}],"skipped":[],"total":"4"}`),
		[]byte(`[{"course":"B1","credits":"4"},{"course":"ENG","credits":"2.5"}]`), "10")
	f.Add([]byte(`{"lines":[{"course":"B1","credits":"1e-9999"}],"total":"1e-9999"}`), []byte(`[]`), "0")
	f.Add([]byte(`{"lines":[{"course":"B1","credits":"1e9999"}],"total":"1e9999"}`), []byte(`[{"course":"B1","credits":"-1"}]`), "1")
	f.Add([]byte(`{"lines":[{"course":"B1","credits":"2"},{"course":"B1","credits":"2"}],"total":"4"}`), []byte(`null`), "150.5")
	f.Add([]byte(`{"total":"0.001"}`), []byte(`[{"course":"","credits":"1"}]`), "1e4")
	f.Fuzz(func(t *testing.T, transcript, earnedJSON []byte, minCredits string) {
		var tr certificate.Transcript
		var earned []certificate.CourseCredit
		if json.Unmarshal(transcript, &tr) != nil || json.Unmarshal(earnedJSON, &earned) != nil {
			return
		}
		var req certificate.DiplomaRequirements
		if json.Unmarshal([]byte(`{"minCredits":`+creditJSONQuote(minCredits)+`}`), &req) != nil {
			return
		}
		certs := creditStudentCerts()
		req.RequiredX = []certificate.XRequirement{{Occupation: creditWeb, MinLevel: certificate.XJunior}}
		c, err := certificate.CheckCompletion(req, earned, tr, certs, certificate.MustParseDate("2025-06-30"))
		if err != nil {
			var fe *certificate.FieldError
			if !errors.As(err, &fe) || !errors.Is(err, certificate.ErrInvalid) || !strings.Contains(err.Error(), fe.Field) {
				t.Fatalf("error %v is not a *FieldError naming its path", err)
			}
			return
		}
		if !c.Earned.Add(c.Converted).Equal(c.Total) {
			t.Fatalf("earned %s + converted %s != total %s", c.Earned, c.Converted, c.Total)
		}
		short := c.Total.Cmp(req.MinCredits) < 0
		if hasCredits := len(c.Unmet) > 0 && c.Unmet[0].Kind == certificate.ShortCredits; hasCredits != short {
			t.Fatalf("total %s, minimum %s, unmet %+v", c.Total, req.MinCredits, c.Unmet)
		}
		if c.Complete != (len(c.Unmet) == 0) {
			t.Fatalf("complete %v with unmet %+v", c.Complete, c.Unmet)
		}
		if _, err := json.Marshal(c); err != nil {
			t.Fatalf("marshal completion: %v", err)
		}
	})
}

func creditJSONQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

package certificate_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dualtrack/dualtrack/certificate"
)

// coreDate is short for MustParseDate in tables.
func coreDate(s string) certificate.Date { return certificate.MustParseDate(s) }

// coreCert is a valid certificate: a self-evaluation by coreEnterprise
// (scope 6-18-01-01 and 6-20-03-02 up to NationalGrade3, 2023-01-01 to
// 2025-12-31), issued 2024-03-01 at NationalGrade4, expiring 2026-02-28.
func coreCert() certificate.Certificate {
	return certificate.Certificate{
		Number:     "QD-2024-000123",
		Holder:     certificate.Holder{ID: "E-0042", Name: "张伟", Kind: certificate.Employee},
		Occupation: certificate.Occupation{Code: "6-18-01-01", Name: "车工"},
		Level:      certificate.NationalGrade4,
		Issuer:     coreEnterprise(),
		Issued:     coreDate("2024-03-01"),
		Expires:    coreDate("2026-02-28"),
		Channel:    certificate.SelfEvaluation,
		Evidence: []certificate.Evidence{
			{Name: "理论考试成绩", URL: "https://example.com/exam/123"},
			{Name: "实操作品", Description: "零件加工"},
		},
	}
}

func coreChange(on string, a certificate.Action, reason string) certificate.StatusChange {
	return certificate.StatusChange{On: coreDate(on), Action: a, Reason: reason}
}

func TestCertificateValidate(t *testing.T) {
	type edit = func(*certificate.Certificate)
	tests := []struct {
		name  string
		edit  edit
		field string // JSON path of the offending input; "" for valid
		kind  error
	}{
		{"valid", func(*certificate.Certificate) {}, "", nil},
		{"no expiry", func(c *certificate.Certificate) { c.Expires = certificate.Date{} }, "", nil},
		{"expires on the issue day", func(c *certificate.Certificate) { c.Expires = c.Issued }, "", nil},
		{"no evidence", func(c *certificate.Certificate) { c.Evidence = nil }, "", nil},
		{"with a history", func(c *certificate.Certificate) {
			c.History = []certificate.StatusChange{
				coreChange("2024-05-01", certificate.Suspend, "复核"),
				coreChange("2024-05-01", certificate.Reinstate, ""),
				coreChange("2024-06-01", certificate.Revoke, "舞弊"),
			}
		}, "", nil},
		{"1+X by an evaluation organisation", func(c *certificate.Certificate) {
			c.Issuer, c.Channel, c.Level = coreEvaluationOrg(), certificate.Exam, certificate.XIntermediate
		}, "", nil},
		{"competition promotion", func(c *certificate.Certificate) {
			c.Issuer = certificate.Issuer{ID: "c", Name: "技能大赛组委会", Kind: certificate.CompetitionOrganiser}
			c.Channel, c.Level = certificate.CompetitionPromotion, certificate.Technician
		}, "", nil},

		{"no number", func(c *certificate.Certificate) { c.Number = "" }, "number", certificate.ErrInvalid},
		// Text that is not valid UTF-8 would not survive JSON (its bad bytes
		// become U+FFFD), nor would a credential say what the certificate
		// says.
		{"holder name not UTF-8", func(c *certificate.Certificate) { c.Holder.Name = "张\xff伟" }, "holder.name", certificate.ErrInvalid},
		{"occupation name not UTF-8", func(c *certificate.Certificate) { c.Occupation.Name = "车\xff工" }, "occupation.name", certificate.ErrInvalid},
		{"issuer name not UTF-8", func(c *certificate.Certificate) { c.Issuer.Name = "\xfe" }, "issuer.name", certificate.ErrInvalid},
		{"evidence description not UTF-8", func(c *certificate.Certificate) { c.Evidence[1].Description = "零\xff" }, "evidence[1].description", certificate.ErrInvalid},
		{"reason not UTF-8", func(c *certificate.Certificate) {
			c.History = []certificate.StatusChange{coreChange("2024-05-01", certificate.Suspend, "复\xff核")}
		}, "history[0].reason", certificate.ErrStatusChange},
		{"blank number", func(c *certificate.Certificate) { c.Number = " \u3000" }, "number", certificate.ErrInvalid},
		// Identifiers are matched exactly, so padding would make two records
		// of one certificate.
		{"padded number", func(c *certificate.Certificate) { c.Number = " QD-1" }, "number", certificate.ErrInvalid},
		{"padded holder id", func(c *certificate.Certificate) { c.Holder.ID = "S1 " }, "holder.id", certificate.ErrInvalid},
		{"padded occupation code", func(c *certificate.Certificate) { c.Occupation.Code = "\t6-18" }, "occupation.code", certificate.ErrInvalid},
		{"padded issuer id", func(c *certificate.Certificate) { c.Issuer.ID = c.Issuer.ID + " " }, "issuer.id", certificate.ErrInvalid},
		{"no holder id", func(c *certificate.Certificate) { c.Holder.ID = "" }, "holder.id", certificate.ErrInvalid},
		{"no holder name", func(c *certificate.Certificate) { c.Holder.Name = "\t" }, "holder.name", certificate.ErrInvalid},
		{"no holder kind", func(c *certificate.Certificate) { c.Holder.Kind = 0 }, "holder.kind", certificate.ErrInvalid},
		{"unknown holder kind", func(c *certificate.Certificate) { c.Holder.Kind = 3 }, "holder.kind", certificate.ErrInvalid},
		{"no occupation code", func(c *certificate.Certificate) { c.Occupation.Code = "" }, "occupation.code", certificate.ErrInvalid},
		{"no occupation name", func(c *certificate.Certificate) { c.Occupation.Name = "" }, "occupation.name", certificate.ErrInvalid},
		{"no level", func(c *certificate.Certificate) { c.Level = 0 }, "level", certificate.ErrInvalid},
		{"invalid level", func(c *certificate.Certificate) { c.Level = 0x26 }, "level", certificate.ErrInvalid},
		{"no issuer id", func(c *certificate.Certificate) { c.Issuer.ID = "" }, "issuer.id", certificate.ErrInvalid},
		{"no issuer name", func(c *certificate.Certificate) { c.Issuer.Name = "" }, "issuer.name", certificate.ErrInvalid},
		{"no issuer kind", func(c *certificate.Certificate) { c.Issuer.Kind = 0 }, "issuer.kind", certificate.ErrInvalid},
		{"enterprise without scope", func(c *certificate.Certificate) { c.Issuer.Scope = nil }, "issuer.scope", certificate.ErrInvalid},
		{"scope without occupations", func(c *certificate.Certificate) { c.Issuer.Scope.Occupations = nil }, "issuer.scope.occupations", certificate.ErrInvalid},
		{"scope with blank occupation", func(c *certificate.Certificate) {
			c.Issuer.Scope.Occupations = []string{"6-18-01-01", ""}
		}, "issuer.scope.occupations[1]", certificate.ErrInvalid},
		{"scope without highest", func(c *certificate.Certificate) { c.Issuer.Scope.Highest = 0 }, "issuer.scope.highest", certificate.ErrInvalid},
		{"scope without validity", func(c *certificate.Certificate) { c.Issuer.Scope.Valid = certificate.Period{} }, "issuer.scope.valid", certificate.ErrInvalid},
		{"no issue date", func(c *certificate.Certificate) { c.Issued = certificate.Date{} }, "issued", certificate.ErrInvalid},
		{"expires the day before issue", func(c *certificate.Certificate) { c.Expires = coreDate("2024-02-29") }, "expires", certificate.ErrInvalid},
		{"no channel", func(c *certificate.Certificate) { c.Channel = 0 }, "channel", certificate.ErrInvalid},
		{"unknown channel", func(c *certificate.Certificate) { c.Channel = 4 }, "channel", certificate.ErrInvalid},

		// Channel and issuer must fit.
		{"exam by a self-evaluating enterprise", func(c *certificate.Certificate) { c.Channel = certificate.Exam }, "channel", certificate.ErrInvalid},
		{"self-evaluation by an appraisal body", func(c *certificate.Certificate) {
			c.Issuer.Kind = certificate.AppraisalBody
		}, "channel", certificate.ErrInvalid},
		{"self-evaluation by an evaluation organisation", func(c *certificate.Certificate) {
			c.Issuer, c.Level = coreEvaluationOrg(), certificate.XJunior
		}, "channel", certificate.ErrInvalid},

		// Issuer authority: the path points at the certificate's own field
		// that is outside the issuer's scope.
		{"occupation outside scope", func(c *certificate.Certificate) { c.Occupation.Code = "6-99-99-99" }, "occupation.code", certificate.ErrOutOfScope},
		{"level above scope", func(c *certificate.Certificate) { c.Level = certificate.NationalGrade2 }, "level", certificate.ErrOutOfScope},
		{"level on another ladder than the scope", func(c *certificate.Certificate) { c.Level = certificate.IntermediateWorker }, "level", certificate.ErrOutOfScope},
		{"issued before the authorisation", func(c *certificate.Certificate) { c.Issued = coreDate("2022-12-31") }, "issued", certificate.ErrOutOfScope},
		{"issued after the authorisation", func(c *certificate.Certificate) {
			c.Issued, c.Expires = coreDate("2026-01-01"), certificate.Date{}
		}, "issued", certificate.ErrOutOfScope},
		{"evaluation organisation issuing a national level", func(c *certificate.Certificate) {
			c.Issuer, c.Channel = coreEvaluationOrg(), certificate.Exam
		}, "level", certificate.ErrOutOfScope},
		{"appraisal body issuing a 1+X level", func(c *certificate.Certificate) {
			c.Issuer = certificate.Issuer{ID: "a", Name: "鉴定中心", Kind: certificate.AppraisalBody}
			c.Channel, c.Level = certificate.Exam, certificate.XSenior
		}, "level", certificate.ErrOutOfScope},

		{"evidence without a name", func(c *certificate.Certificate) { c.Evidence[1].Name = " " }, "evidence[1].name", certificate.ErrInvalid},

		// History.
		{"change without a date", func(c *certificate.Certificate) {
			c.History = []certificate.StatusChange{{Action: certificate.Suspend, Reason: "x"}}
		}, "history[0].on", certificate.ErrStatusChange},
		{"change before issue", func(c *certificate.Certificate) {
			c.History = []certificate.StatusChange{coreChange("2024-02-29", certificate.Suspend, "x")}
		}, "history[0].on", certificate.ErrStatusChange},
		{"changes out of order", func(c *certificate.Certificate) {
			c.History = []certificate.StatusChange{
				coreChange("2024-05-02", certificate.Suspend, "x"),
				coreChange("2024-05-01", certificate.Reinstate, ""),
			}
		}, "history[1].on", certificate.ErrStatusChange},
		{"suspension without reason", func(c *certificate.Certificate) {
			c.History = []certificate.StatusChange{coreChange("2024-05-01", certificate.Suspend, " ")}
		}, "history[0].reason", certificate.ErrStatusChange},
		{"revocation without reason", func(c *certificate.Certificate) {
			c.History = []certificate.StatusChange{coreChange("2024-05-01", certificate.Revoke, "")}
		}, "history[0].reason", certificate.ErrStatusChange},
		{"reinstating a valid certificate", func(c *certificate.Certificate) {
			c.History = []certificate.StatusChange{
				coreChange("2024-05-01", certificate.Suspend, "x"),
				coreChange("2024-05-02", certificate.Reinstate, ""),
				coreChange("2024-05-03", certificate.Reinstate, ""),
			}
		}, "history[2].action", certificate.ErrStatusChange},
		{"suspending twice", func(c *certificate.Certificate) {
			c.History = []certificate.StatusChange{
				coreChange("2024-05-01", certificate.Suspend, "x"),
				coreChange("2024-05-02", certificate.Suspend, "y"),
			}
		}, "history[1].action", certificate.ErrStatusChange},
		{"change after revocation", func(c *certificate.Certificate) {
			c.History = []certificate.StatusChange{
				coreChange("2024-05-01", certificate.Revoke, "x"),
				coreChange("2024-05-02", certificate.Revoke, "y"),
			}
		}, "history[1].action", certificate.ErrStatusChange},
		{"no action", func(c *certificate.Certificate) {
			c.History = []certificate.StatusChange{coreChange("2024-05-01", 0, "x")}
		}, "history[0].action", certificate.ErrStatusChange},
		// Fixed in certificate.go: without an action and a reason the error
		// used to blame the reason ("a action(0) needs a reason").
		{"no action and no reason", func(c *certificate.Certificate) {
			c.History = []certificate.StatusChange{coreChange("2024-05-01", 0, "")}
		}, "history[0].action", certificate.ErrStatusChange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := coreCert()
			tt.edit(&c)
			err := c.Validate()
			if tt.field == "" {
				require.NoError(t, err)
				return
			}
			coreRequireFieldErr(t, err, tt.field, tt.kind)
		})
	}
}

func TestCertificateWithChange(t *testing.T) {
	t.Run("suspend, reinstate, revoke", func(t *testing.T) {
		c0 := coreCert()
		c1, err := c0.WithChange(coreChange("2024-09-10", certificate.Suspend, "证书信息核查"))
		require.NoError(t, err)
		c2, err := c1.WithChange(coreChange("2024-12-01", certificate.Reinstate, ""))
		require.NoError(t, err)
		c3, err := c2.WithChange(coreChange("2025-01-15", certificate.Revoke, "考试舞弊"))
		require.NoError(t, err)
		require.NoError(t, c3.Validate())

		assert.Empty(t, c0.History, "the original is unchanged")
		assert.Len(t, c1.History, 1)
		assert.Len(t, c2.History, 2)
		assert.Len(t, c3.History, 3)
		assert.Equal(t, c2.History, c3.History[:2])
		assert.Equal(t, certificate.Revoke, c3.History[2].Action)

		c3.History = nil
		assert.Equal(t, c0, c3, "nothing but the history changes")
	})

	t.Run("same-day suspend and reinstate", func(t *testing.T) {
		c, err := coreCert().WithChange(coreChange("2024-03-01", certificate.Suspend, "x"))
		require.NoError(t, err, "a change on the issue day is allowed")
		c, err = c.WithChange(coreChange("2024-03-01", certificate.Reinstate, ""))
		require.NoError(t, err, "a change on the day of the previous one is allowed")
		assert.Len(t, c.History, 2)
	})

	revoked := coreCert()
	revoked.History = []certificate.StatusChange{coreChange("2024-06-01", certificate.Revoke, "x")}
	suspended := coreCert()
	suspended.History = []certificate.StatusChange{coreChange("2024-06-01", certificate.Suspend, "x")}

	tests := []struct {
		name   string
		cert   certificate.Certificate
		change certificate.StatusChange
		field  string
	}{
		{"reinstate when valid", coreCert(), coreChange("2024-06-01", certificate.Reinstate, ""), "action"},
		{"suspend twice", suspended, coreChange("2024-06-02", certificate.Suspend, "y"), "action"},
		{"suspend after revoke", revoked, coreChange("2024-06-02", certificate.Suspend, "y"), "action"},
		{"reinstate after revoke", revoked, coreChange("2024-06-02", certificate.Reinstate, ""), "action"},
		{"revoke after revoke", revoked, coreChange("2024-06-02", certificate.Revoke, "y"), "action"},
		{"before issue", coreCert(), coreChange("2024-02-29", certificate.Suspend, "y"), "on"},
		{"before the last change", suspended, coreChange("2024-05-31", certificate.Reinstate, ""), "on"},
		{"no date", coreCert(), certificate.StatusChange{Action: certificate.Revoke, Reason: "y"}, "on"},
		{"suspend without reason", coreCert(), coreChange("2024-06-01", certificate.Suspend, ""), "reason"},
		{"revoke without reason", suspended, coreChange("2024-06-02", certificate.Revoke, "  "), "reason"},
		{"no action", coreCert(), coreChange("2024-06-01", 0, "y"), "action"},
		{"unknown action", coreCert(), coreChange("2024-06-01", 7, "y"), "action"},
		// Fixed in certificate.go: an error in the existing history used to
		// come back without its "history[i]" prefix.
		{"broken history", func() certificate.Certificate {
			c := coreCert()
			c.History = []certificate.StatusChange{coreChange("2024-06-01", certificate.Reinstate, "")}
			return c
		}(), coreChange("2024-07-01", certificate.Suspend, "y"), "history[0].action"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := slices.Clone(tt.cert.History)
			got, err := tt.cert.WithChange(tt.change)
			coreRequireFieldErr(t, err, tt.field, certificate.ErrStatusChange)
			assert.Zero(t, got)
			assert.Equal(t, before, tt.cert.History, "the certificate is not modified")
		})
	}

	t.Run("copies do not alias", func(t *testing.T) {
		// Give the original spare capacity, so that a careless append
		// would write into memory the original can see.
		orig := coreCert()
		orig.History = make([]certificate.StatusChange, 1, 8)
		orig.History[0] = coreChange("2024-05-01", certificate.Suspend, "x")

		a, err := orig.WithChange(coreChange("2024-06-01", certificate.Reinstate, ""))
		require.NoError(t, err)
		b, err := orig.WithChange(coreChange("2024-06-01", certificate.Revoke, "y"))
		require.NoError(t, err)
		assert.Equal(t, certificate.Reinstate, a.History[1].Action, "b's change does not overwrite a's")
		assert.Equal(t, certificate.Revoke, b.History[1].Action)

		// Appending to the original must not show in a copy, and the other
		// way round.
		orig.History = append(orig.History, coreChange("2024-07-01", certificate.Revoke, "z"))
		assert.Equal(t, certificate.Reinstate, a.History[1].Action)
		a.History = append(a.History, coreChange("2024-08-01", certificate.Suspend, "w"))
		a.History[0].Reason = "changed in a"
		assert.Equal(t, "x", orig.History[0].Reason)
		assert.Equal(t, "x", b.History[0].Reason)
		assert.Len(t, b.History, 2)
	})
}

func TestCertificateStatusOn(t *testing.T) {
	// coreCert is issued 2024-03-01 and expires 2026-02-28 (its last valid
	// day).
	suspendReinstate := coreCert()
	suspendReinstate.History = []certificate.StatusChange{
		coreChange("2024-09-10", certificate.Suspend, "证书信息核查"),
		coreChange("2024-12-01", certificate.Reinstate, "核查无误"),
	}
	revokedEarly := coreCert()
	revokedEarly.History = []certificate.StatusChange{
		coreChange("2024-09-10", certificate.Suspend, "证书信息核查"),
		coreChange("2025-01-15", certificate.Revoke, "考试舞弊"),
	}
	revokedAfterExpiry := coreCert()
	revokedAfterExpiry.History = []certificate.StatusChange{coreChange("2026-05-01", certificate.Revoke, "补查舞弊")}
	suspendedAtExpiry := coreCert()
	suspendedAtExpiry.History = []certificate.StatusChange{coreChange("2025-12-01", certificate.Suspend, "待核查")}
	noExpiry := coreCert()
	noExpiry.Expires = certificate.Date{}
	sameDay := coreCert()
	sameDay.History = []certificate.StatusChange{
		coreChange("2024-05-01", certificate.Suspend, "误操作"),
		coreChange("2024-05-01", certificate.Reinstate, ""),
	}
	for _, c := range []certificate.Certificate{suspendReinstate, revokedEarly, revokedAfterExpiry, suspendedAtExpiry, noExpiry, sameDay} {
		require.NoError(t, c.Validate())
	}

	type status = certificate.Status
	tests := []struct {
		name string
		cert certificate.Certificate
		day  string
		want status
	}{
		{"day before issue", suspendReinstate, "2024-02-29", status{State: certificate.NotYetIssued}},
		{"issue day", suspendReinstate, "2024-03-01", status{State: certificate.Valid, Since: coreDate("2024-03-01")}},
		{"day before suspension", suspendReinstate, "2024-09-09", status{State: certificate.Valid, Since: coreDate("2024-03-01")}},
		{"suspension day", suspendReinstate, "2024-09-10", status{State: certificate.Suspended, Since: coreDate("2024-09-10"), Reason: "证书信息核查"}},
		{"day before reinstatement", suspendReinstate, "2024-11-30", status{State: certificate.Suspended, Since: coreDate("2024-09-10"), Reason: "证书信息核查"}},
		{"reinstatement day", suspendReinstate, "2024-12-01", status{State: certificate.Valid, Since: coreDate("2024-12-01"), Reason: "核查无误"}},
		{"expiry day", suspendReinstate, "2026-02-28", status{State: certificate.Valid, Since: coreDate("2024-12-01"), Reason: "核查无误"}},
		{"day after expiry", suspendReinstate, "2026-03-01", status{State: certificate.Expired, Since: coreDate("2026-03-01")}},
		{"long after expiry", suspendReinstate, "2030-01-01", status{State: certificate.Expired, Since: coreDate("2026-03-01")}},

		{"suspended before revocation", revokedEarly, "2025-01-14", status{State: certificate.Suspended, Since: coreDate("2024-09-10"), Reason: "证书信息核查"}},
		{"revocation day", revokedEarly, "2025-01-15", status{State: certificate.Revoked, Since: coreDate("2025-01-15"), Reason: "考试舞弊"}},
		{"revocation beats expiry", revokedEarly, "2026-03-01", status{State: certificate.Revoked, Since: coreDate("2025-01-15"), Reason: "考试舞弊"}},

		{"expired before a later revocation", revokedAfterExpiry, "2026-04-30", status{State: certificate.Expired, Since: coreDate("2026-03-01")}},
		{"revoked after expiry", revokedAfterExpiry, "2026-05-01", status{State: certificate.Revoked, Since: coreDate("2026-05-01"), Reason: "补查舞弊"}},

		{"suspended on expiry day", suspendedAtExpiry, "2026-02-28", status{State: certificate.Suspended, Since: coreDate("2025-12-01"), Reason: "待核查"}},
		{"expiry beats suspension", suspendedAtExpiry, "2026-03-01", status{State: certificate.Expired, Since: coreDate("2026-03-01")}},

		{"no expiry, far future", noExpiry, "9999-12-31", status{State: certificate.Valid, Since: coreDate("2024-03-01")}},
		{"same-day suspend and reinstate", sameDay, "2024-05-01", status{State: certificate.Valid, Since: coreDate("2024-05-01")}},
		{"zero day", noExpiry, "", status{State: certificate.NotYetIssued}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var day certificate.Date
			if tt.day != "" {
				day = coreDate(tt.day)
			}
			got := tt.cert.StatusOn(day)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.want.State == certificate.Valid, tt.cert.ValidOn(day))
		})
	}
}

func TestEnumText(t *testing.T) {
	type enum = coreEnum
	tests := []struct {
		v    enum
		code string
		back func([]byte) (enum, error)
	}{
		{certificate.Employee, "employee", coreUnmarshal[certificate.HolderKind]},
		{certificate.Student, "student", coreUnmarshal[certificate.HolderKind]},
		{certificate.Exam, "exam", coreUnmarshal[certificate.Channel]},
		{certificate.SelfEvaluation, "self-evaluation", coreUnmarshal[certificate.Channel]},
		{certificate.CompetitionPromotion, "competition-promotion", coreUnmarshal[certificate.Channel]},
		{certificate.NotYetIssued, "not-yet-issued", coreUnmarshal[certificate.State]},
		{certificate.Valid, "valid", coreUnmarshal[certificate.State]},
		{certificate.Suspended, "suspended", coreUnmarshal[certificate.State]},
		{certificate.Expired, "expired", coreUnmarshal[certificate.State]},
		{certificate.Revoked, "revoked", coreUnmarshal[certificate.State]},
		{certificate.Suspend, "suspend", coreUnmarshal[certificate.Action]},
		{certificate.Reinstate, "reinstate", coreUnmarshal[certificate.Action]},
		{certificate.Revoke, "revoke", coreUnmarshal[certificate.Action]},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			assert.Equal(t, tt.code, tt.v.String())
			b, err := tt.v.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, tt.code, string(b))
			back, err := tt.back(b)
			require.NoError(t, err)
			assert.Equal(t, tt.v, back)
			_, err = tt.back([]byte(tt.code + "x"))
			require.ErrorIs(t, err, certificate.ErrInvalid)
			_, err = tt.back(nil)
			require.ErrorIs(t, err, certificate.ErrInvalid, "the empty code is not a value")
		})
	}
	for _, bad := range []enum{certificate.HolderKind(0), certificate.Channel(9), certificate.State(0), certificate.Action(4)} {
		_, err := bad.MarshalText()
		require.ErrorIs(t, err, certificate.ErrInvalid, "%v", bad)
	}
}

// coreEnum is what every enum of the package offers.
type coreEnum interface {
	String() string
	MarshalText() ([]byte, error)
}

// coreUnmarshal parses b with T's UnmarshalText.
func coreUnmarshal[T coreEnum, P interface {
	*T
	UnmarshalText([]byte) error
}](b []byte) (coreEnum, error) {
	var x T
	err := P(&x).UnmarshalText(b)
	return x, err
}

func TestCertificateJSON(t *testing.T) {
	c := coreCert()
	c.History = []certificate.StatusChange{coreChange("2024-09-10", certificate.Suspend, "核查")}
	b, err := json.Marshal(c)
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"number": "QD-2024-000123",
		"holder": {"id": "E-0042", "name": "张伟", "kind": "employee"},
		"occupation": {"code": "6-18-01-01", "name": "车工"},
		"level": "national-4",
		"issuer": {"id": "91370211MA3C000000", "name": "青岛某机械有限公司", "kind": "self-evaluating-enterprise",
			"scope": {"occupations": ["6-18-01-01", "6-20-03-02"], "highest": "national-3", "valid": "2023-01-01/2025-12-31"}},
		"issued": "2024-03-01",
		"expires": "2026-02-28",
		"channel": "self-evaluation",
		"evidence": [
			{"name": "理论考试成绩", "url": "https://example.com/exam/123"},
			{"name": "实操作品", "description": "零件加工"}
		],
		"history": [{"on": "2024-09-10", "action": "suspend", "reason": "核查"}]
	}`, string(b))
	var back certificate.Certificate
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, c, back)

	t.Run("optional fields are omitted", func(t *testing.T) {
		c := coreCert()
		c.Expires, c.Evidence = certificate.Date{}, nil
		b, err := json.Marshal(c)
		require.NoError(t, err)
		var m map[string]any
		require.NoError(t, json.Unmarshal(b, &m))
		for _, k := range []string{"expires", "evidence", "history"} {
			assert.NotContains(t, m, k)
		}
	})

	t.Run("status", func(t *testing.T) {
		st := certificate.Status{State: certificate.Revoked, Since: coreDate("2025-01-15"), Reason: "考试舞弊"}
		b, err := json.Marshal(st)
		require.NoError(t, err)
		assert.JSONEq(t, `{"state":"revoked","since":"2025-01-15","reason":"考试舞弊"}`, string(b))
		var back certificate.Status
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, st, back)
		b, err = json.Marshal(certificate.Status{State: certificate.NotYetIssued})
		require.NoError(t, err)
		assert.JSONEq(t, `{"state":"not-yet-issued"}`, string(b))
	})

	t.Run("bad input", func(t *testing.T) {
		for _, in := range []string{
			`{"level":"national-6"}`,
			`{"issued":"2024-02-30"}`,
			`{"holder":{"kind":"teacher"}}`,
			`{"channel":"lottery"}`,
			`{"history":[{"action":"delete"}]}`,
		} {
			var c certificate.Certificate
			assert.Error(t, json.Unmarshal([]byte(in), &c), in)
		}
	})
}

// coreGen generates valid certificates of every shape: each issuer kind with
// a fitting channel and level, with or without scope, expiry, evidence and
// history.
type coreGen struct{ r *rand.Rand }

func (g coreGen) pick(options ...string) string { return options[g.r.IntN(len(options))] }

func (g coreGen) date(from certificate.Date, maxDays int) certificate.Date {
	d, err := from.AddDays(g.r.IntN(maxDays + 1))
	if err != nil {
		panic(err)
	}
	return d
}

func (g coreGen) level(ladders ...certificate.Ladder) certificate.Level {
	levels := ladders[g.r.IntN(len(ladders))].Levels()
	return levels[g.r.IntN(len(levels))]
}

func (g coreGen) cert(i int) certificate.Certificate {
	base := coreDate("2019-01-01")
	c := certificate.Certificate{
		Number:     fmt.Sprintf("N-%06d", i),
		Holder:     certificate.Holder{ID: fmt.Sprintf("H-%d", g.r.IntN(50)), Name: g.pick("张伟", "Li Na", "王芳 (学生)"), Kind: certificate.HolderKind(1 + g.r.IntN(2))},
		Occupation: certificate.Occupation{Code: g.pick("6-18-01-01", "6-20-03-02", "X-0301"), Name: g.pick("车工", "钳工", "工业机器人操作与运维")},
		Issued:     g.date(base, 2000),
	}
	kind := certificate.IssuerKind(1 + g.r.IntN(4))
	c.Issuer = certificate.Issuer{ID: fmt.Sprintf("I-%d", g.r.IntN(5)), Name: g.pick("某组织", "某企业"), Kind: kind}
	switch kind {
	case certificate.EvaluationOrganisation:
		c.Level, c.Channel = g.level(certificate.OnePlusX), certificate.Exam
	case certificate.SelfEvaluatingEnterprise:
		c.Level, c.Channel = g.level(certificate.National, certificate.EightLevel), certificate.SelfEvaluation
	case certificate.CompetitionOrganiser:
		c.Level, c.Channel = g.level(certificate.National, certificate.EightLevel), certificate.CompetitionPromotion
	default:
		c.Level, c.Channel = g.level(certificate.National, certificate.EightLevel), certificate.Exam
	}
	if kind == certificate.SelfEvaluatingEnterprise || g.r.IntN(3) == 0 {
		// The authorisation covers the issue date: it starts up to 1000
		// days before it and ends up to 1000 days after it.
		start, err := c.Issued.AddDays(-g.r.IntN(1001))
		if err != nil {
			panic(err)
		}
		end := g.date(c.Issued, 1000)
		highest := c.Level
		if n, ok := highest.Next(); ok && g.r.IntN(2) == 0 {
			highest = n
		}
		c.Issuer.Scope = &certificate.Scope{
			Occupations: []string{c.Occupation.Code},
			Highest:     highest,
			Valid:       coreMustPeriod(start.String(), end.String()),
		}
		if g.r.IntN(2) == 0 {
			c.Issuer.Scope.Occupations = append(c.Issuer.Scope.Occupations, "6-00-00-00")
		}
	}
	if g.r.IntN(2) == 0 {
		c.Expires = g.date(c.Issued, 2000)
	}
	for range g.r.IntN(3) {
		c.Evidence = append(c.Evidence, certificate.Evidence{Name: g.pick("exam", "作品"), URL: g.pick("", "https://example.com/e"), Description: g.pick("", "说明")})
	}
	last := c.Issued
	for range g.r.IntN(5) {
		ch := certificate.StatusChange{
			On:     g.date(last, 200),
			Action: certificate.Action(1 + g.r.IntN(3)),
			Reason: g.pick("原因", "reason"),
		}
		if next, err := c.WithChange(ch); err == nil {
			c, last = next, ch.On
		}
	}
	return c
}

func TestCertificateJSONProperty(t *testing.T) {
	g := coreGen{rand.New(rand.NewPCG(2024, 3))}
	for i := range 1000 {
		c := g.cert(i)
		require.NoError(t, c.Validate(), "generated certificate %d", i)
		b, err := json.Marshal(c)
		require.NoError(t, err)
		var back certificate.Certificate
		require.NoError(t, json.Unmarshal(b, &back))
		require.Equal(t, c, back, "round trip of %s", b)
		require.NoError(t, back.Validate())
		// The status on any day survives the round trip too.
		day := g.date(coreDate("2018-06-01"), 5000)
		require.Equal(t, c.StatusOn(day), back.StatusOn(day))
	}
}

func TestCertificateStatusProperty(t *testing.T) {
	// Against a day-by-day model: the state on d follows from the last
	// change on or before d, with revocation final and expiry above
	// suspension.
	g := coreGen{rand.New(rand.NewPCG(7, 11))}
	for i := range 300 {
		c := g.cert(i)
		for range 20 {
			d := g.date(c.Issued.Prev().Prev(), 3000)
			got := c.StatusOn(d)
			want := certificate.Valid
			revoked := false
			for _, h := range c.History {
				if h.On.After(d) {
					break
				}
				switch h.Action {
				case certificate.Suspend:
					want = certificate.Suspended
				case certificate.Reinstate:
					want = certificate.Valid
				case certificate.Revoke:
					revoked = true
				}
			}
			switch {
			case d.Before(c.Issued):
				want = certificate.NotYetIssued
			case revoked:
				want = certificate.Revoked
			case !c.Expires.IsZero() && d.After(c.Expires):
				want = certificate.Expired
			}
			require.Equal(t, want, got.State, "certificate %d on %s: %+v", i, d, c.History)
			if want != certificate.NotYetIssued {
				require.False(t, got.Since.After(d), "since %s after the day %s", got.Since, d)
				require.False(t, got.Since.Before(c.Issued))
			}
		}
	}
}

func TestStateIsValid(t *testing.T) {
	for _, s := range []certificate.State{certificate.NotYetIssued, certificate.Valid, certificate.Suspended, certificate.Expired, certificate.Revoked} {
		assert.Truef(t, s.IsValid(), "%v", s)
	}
	assert.False(t, certificate.State(0).IsValid(), "the zero State is not a state")
	assert.False(t, certificate.State(6).IsValid())
}

package apprenticeship

import (
	"github.com/dualtrack/dualtrack/certificate"
	"github.com/shopspring/decimal"
)

// AgreementKind says who signs an agreement.
type AgreementKind uint8

// The kinds of agreement. The zero AgreementKind is not a kind.
const (
	// Tripartite is the school–enterprise–apprentice agreement (三方协议) of
	// school–enterprise dual training (校企双元育人).
	Tripartite AgreementKind = iota + 1
	// NewType is the enterprise new-type apprenticeship agreement
	// (企业新型学徒制): enterprise, apprentice and training institution, on
	// top of a labour contract between enterprise and apprentice.
	NewType
	// Dual is a German training contract (Berufsausbildungsvertrag, BBiG
	// § 10–11) between the training company and the apprentice; the
	// vocational school takes part by law, not as a party.
	Dual
)

var agreementKinds = codes[AgreementKind]{"agreement kind", []string{"", "tripartite", "new-type", "dual"}}

// IsValid reports whether k is one of the kinds.
func (k AgreementKind) IsValid() bool { return agreementKinds.valid(k) }

// String returns the stable code of k: "tripartite", "new-type" or "dual".
func (k AgreementKind) String() string { return agreementKinds.String(k) }

// MarshalText implements encoding.TextMarshaler with the stable code.
func (k AgreementKind) MarshalText() ([]byte, error) { return agreementKinds.marshal(k) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown codes are errors.
func (k *AgreementKind) UnmarshalText(b []byte) (err error) {
	*k, err = agreementKinds.parse(string(b))
	return err
}

// Agreement is the training agreement of one apprentice: who the parties
// are, when training runs, the probation, the working time, the training
// allowance by training year and the level training aims at.
//
// An Agreement is a plain record. It is checked against a rule set (the
// German BBiG rules, China's 2021 guidance on the enterprise new-type
// apprenticeship, or one an integrator configures) before it is used.
type Agreement struct {
	// ID identifies the agreement; required.
	ID string `json:"id"`
	// Kind says who signs it.
	Kind AgreementKind `json:"kind"`
	// Program is the code of the program the apprentice trains in; optional
	// for agreements outside a program.
	Program string `json:"program,omitempty"`
	// Apprentice is the person trained.
	Apprentice Person `json:"apprentice"`
	// Enterprise is the training enterprise.
	Enterprise Organisation `json:"enterprise"`
	// Institution is the school (Tripartite) or the training institution
	// (NewType); empty for a Dual agreement.
	Institution Organisation `json:"institution,omitzero"`
	// Teacher and Master are the apprentice's dual mentors (双导师).
	Teacher Mentor `json:"teacher,omitzero"`
	Master  Mentor `json:"master,omitzero"`
	// Signed is the day the agreement was signed.
	Signed Date `json:"signed"`
	// Start is the first day of training; training years count from it.
	Start Date `json:"start"`
	// End is the planned last day of training.
	End Date `json:"end"`
	// ContractEnd is the last day of the labour contract (NewType); zero
	// where there is none or it is open-ended.
	ContractEnd Date `json:"contractEnd,omitzero"`
	// ContractOpenEnded marks a labour contract without an end date
	// (NewType); ContractEnd is then zero.
	ContractOpenEnded bool `json:"contractOpenEnded,omitempty"`
	// ProbationMonths is the probation period in whole months from Start.
	ProbationMonths int `json:"probationMonths"`
	// WeeklyHours is the full-time weekly training time in hours.
	WeeklyHours decimal.Decimal `json:"weeklyHours"`
	// PartTime is the share of full-time hours worked, in (0, 1]; 1 is full
	// time. A part-time agreement (BBiG § 7a) has a PartTime below 1.
	PartTime decimal.Decimal `json:"partTime"`
	// FullTimeMonths is the duration the training would have full time; for
	// a full-time agreement it equals the months from Start to End. Part-time
	// rules extend it.
	FullTimeMonths int `json:"fullTimeMonths"`
	// SpecialCase marks a training period the rules allow only in special
	// cases (China 2021: up to three years instead of two).
	SpecialCase bool `json:"specialCase,omitempty"`
	// Currency is the ISO 4217 code of the allowance ("CNY", "EUR").
	Currency string `json:"currency"`
	// Allowance is the full-time monthly training allowance by training year:
	// Allowance[0] for the first year, Allowance[1] for the second, and so
	// on. Part-time work prorates it.
	Allowance []decimal.Decimal `json:"allowance"`
	// Tariff reports whether the enterprise is bound by a collective
	// agreement (Tarifvertrag); German minimum-allowance rules differ.
	Tariff bool `json:"tariff,omitempty"`
	// Occupation and Target are the occupation and the level training aims
	// at (package certificate).
	Occupation certificate.Occupation `json:"occupation"`
	Target     certificate.Level      `json:"target,omitzero"`
}

// Period returns the planned training period from Start to End, or the zero
// Period if the dates do not form one.
func (a Agreement) Period() Period {
	p, err := NewPeriod(a.Start, a.End)
	if err != nil {
		return Period{}
	}
	return p
}

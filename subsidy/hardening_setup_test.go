package subsidy_test

// Shared fixtures of the hardening tests (issue 9): three policies in JSON
// covering history rules, rates over time with a prepayment schedule, and a
// percentage with instalments; a generator of random claims that exercises
// all three (granted, rejected and bad-input claims); and a random ledger of
// earlier grants. Everything derives from a seed.
//
// The numbers of the policies are those of DOMAIN.md:
//
//   - skill-improvement subsidy (技能提升补贴), 2024 version: insured at least
//     12 months (36 before 2019) or on unemployment benefit; a claim within
//     12 months of the certificate's issue (人社部发〔2017〕40号); 初级 1000,
//     中级 1500, 高级 2000 yuan; at most 3 claims a person a year; the same
//     occupation and level once; a lower level excluded after a higher one;
//     not combined with the vocational training subsidy;
//   - Fujian enterprise new-type apprenticeship (闽人社文〔2019〕220号):
//     中级工 class 5000, 高级工 class 6000 yuan per apprentice per year, up to
//     50% prepaid, settled on completion; a labour contract of at least 1
//     year and training of at most 3 years (2021 national guidance);
//   - England: government co-investment of 90% of the price before
//     2019-04-01 and 95% from then; 80% in monthly instalments, 20% on
//     completion.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

const hardSkillJSON = `{
 "format": "dualtrack.policy/1", "name": "hd-skill-improvement", "version": "2024",
 "title": "技能提升补贴 2024 (hardening fixture)", "jurisdiction": "CN", "currency": "CNY",
 "scheme": "skill-improvement", "basis": "claim", "rounding": {"quantum": "0.01", "mode": "half-up"},
 "params": [
  {"name": "insured", "unit": "months", "kind": "number", "continuous": true, "entries": [
    {"from": "2017-01-01", "until": "2018-12-31", "value": "36", "citation": {"number": "人社部发〔2017〕40号"}},
    {"from": "2019-01-01", "value": "12", "citation": {"title": "DOMAIN.md: from 2019-01-01, at least 12 months"}}]},
  {"name": "window", "unit": "months", "kind": "number", "entries": [
    {"from": "2017-01-01", "value": "12", "citation": {"number": "人社部发〔2017〕40号", "title": "within 12 months of issue"}}]},
  {"name": "amounts", "unit": "CNY", "kind": "table", "entries": [
    {"from": "2024-01-01", "until": "2024-12-31", "value": {"national-5": "1000", "national-4": "1500", "national-3": "2000"},
     "citation": {"title": "DOMAIN.md: 2024 caps 初级 1000, 中级 1500, 高级 2000"}}]},
  {"name": "per-year", "unit": "count", "kind": "number", "entries": [
    {"from": "2024-01-01", "until": "2024-12-31", "value": "3", "citation": {"title": "DOMAIN.md: at most 3 claims a year"}}]}
 ],
 "rules": [
  {"kind": "insured-months", "id": "insured", "on": "claim", "min": "insured", "or_unemployment_benefit": true},
  {"kind": "claim-window", "id": "window", "months": "window"},
  {"kind": "not-combined", "id": "not-combined", "schemes": ["vocational-training"]},
  {"kind": "max-claims-per-year", "id": "per-year", "max": "per-year"},
  {"kind": "once-per-level", "id": "once"},
  {"kind": "higher-excludes-lower", "id": "higher"},
  {"kind": "amount-by-category", "id": "amount", "table": "amounts", "key": "level"}
 ]}`

const hardFujianJSON = `{
 "format": "dualtrack.policy/1", "name": "hd-fj-apprenticeship", "version": "2019",
 "title": "福建 企业新型学徒制 (hardening fixture)", "jurisdiction": "CN-FJ", "currency": "CNY",
 "scheme": "new-apprenticeship", "basis": "start", "rounding": {"quantum": "0.01", "mode": "half-up"},
 "params": [
  {"name": "rate", "unit": "CNY", "kind": "table", "entries": [
    {"from": "2019-01-01", "value": {"intermediate-class": "5000", "senior-class": "6000"}, "citation": {"number": "闽人社文〔2019〕220号"}}]},
  {"name": "contract", "unit": "months", "kind": "number", "entries": [
    {"from": "2019-01-01", "value": "12", "citation": {"title": "DOMAIN.md: a labour contract of at least 1 year"}}]},
  {"name": "training", "unit": "months", "kind": "number", "entries": [
    {"from": "2019-01-01", "value": "36", "citation": {"title": "DOMAIN.md: up to 3 years in special cases"}}]},
  {"name": "prepaid", "unit": "percent", "kind": "number", "entries": [
    {"from": "2019-01-01", "value": "50", "citation": {"number": "闽人社文〔2019〕220号", "title": "up to 50% prepaid"}}]}
 ],
 "rules": [
  {"kind": "contract-length", "id": "contract", "min": "contract"},
  {"kind": "training-length", "id": "training", "max": "training"},
  {"kind": "rate-duration", "id": "amount", "table": "rate", "key": "category", "per": "year", "per_place": true}
 ],
 "schedule": {"kind": "prepay-settle", "percent": "prepaid"}}`

const hardEnglandJSON = `{
 "format": "dualtrack.policy/1", "name": "hd-gb-eng-funding", "version": "2024",
 "title": "England co-investment (hardening fixture)", "jurisdiction": "GB-ENG", "currency": "GBP",
 "scheme": "apprenticeship-funding", "basis": "start", "rounding": {"quantum": "0.01", "mode": "half-up"},
 "params": [
  {"name": "share", "unit": "percent", "kind": "number", "continuous": true, "entries": [
    {"from": "2017-05-01", "until": "2019-03-31", "value": "90", "citation": {"title": "DOMAIN.md: 10%/90% before 2019-04-01"}},
    {"from": "2019-04-01", "value": "95", "citation": {"title": "DOMAIN.md: employer 5% / government 95%"}}]},
  {"name": "completion", "unit": "percent", "kind": "number", "entries": [
    {"from": "2017-05-01", "value": "20", "citation": {"title": "DOMAIN.md: 80% in instalments, 20% on completion"}}]}
 ],
 "rules": [{"kind": "percent-of-base", "id": "government", "percent": "share"}],
 "schedule": {"kind": "instalments", "completion": "completion"}}`

// hardPolicyJSON are the fixtures by short name, in a fixed order.
var hardPolicyJSON = []struct{ name, json string }{
	{"skill", hardSkillJSON}, {"fujian", hardFujianJSON}, {"england", hardEnglandJSON},
}

// hardPolicies loads the three fixtures.
func hardPolicies(t testing.TB) []*subsidy.Policy {
	t.Helper()
	out := make([]*subsidy.Policy, len(hardPolicyJSON))
	for i, p := range hardPolicyJSON {
		pol, err := subsidy.LoadPolicy([]byte(p.json))
		require.NoError(t, err, p.name)
		out[i] = pol
	}
	return out
}

// hardAsOf is the evaluation date of the hardening tests: the last day of
// the 2024 skill-improvement rules (valid to 2024-12-31, DOMAIN.md).
var hardAsOf = subsidy.MustParseDate("2024-12-31")

// hardDay returns the day n days after 2023-01-01.
func hardDay(t testing.TB, n int) subsidy.Date {
	t.Helper()
	d, err := subsidy.MustParseDate("2023-01-01").AddDays(n)
	require.NoError(t, err)
	return d
}

var hardLevels = []certificate.Level{
	certificate.NationalGrade5, certificate.NationalGrade4, certificate.NationalGrade3,
	certificate.NationalGrade2, certificate.XJunior,
}

var hardOccupations = []string{"6-18-01-01", "6-31-01-03", "4-04-05-01", "6-20-99-00"}

// hardClaim returns random claim number i. About one claim in 30 is bad
// input of some kind (a negative count, a missing level, an issue date
// after the claim date), so batches mix results and errors.
func hardClaim(t testing.TB, rng *rand.Rand, i int) subsidy.Claim {
	t.Helper()
	date := hardDay(t, 365+rng.IntN(365)) // a day of 2024
	c := subsidy.Claim{
		ID:                  "c-" + strconv.Itoa(i),
		Date:                date,
		Person:              fmt.Sprintf("P%02d", rng.IntN(60)),
		Organisation:        fmt.Sprintf("ORG-%d", rng.IntN(5)),
		Occupation:          hardOccupations[rng.IntN(len(hardOccupations))],
		Level:               hardLevels[rng.IntN(len(hardLevels))],
		Category:            []string{"intermediate-class", "senior-class", "other-class"}[rng.IntN(3)],
		InsuredMonths:       rng.IntN(40),
		UnemploymentBenefit: rng.IntN(8) == 0,
		ContractMonths:      []int{0, 6, 12, 24, 36, subsidy.ContractOpenEnded}[rng.IntN(6)],
		Base:                decimal.New(500_000+rng.Int64N(2_000_000), -2), // 5,000.00 to 24,999.99
	}
	c.Issued = hardDay(t, 365+rng.IntN(365)-rng.IntN(500))
	if c.Issued.After(c.Date) {
		c.Issued = c.Date
	}
	start := hardDay(t, rng.IntN(700))
	end, err := start.AddDays(200 + rng.IntN(900))
	require.NoError(t, err)
	c.Training, err = subsidy.NewPeriod(start, end)
	require.NoError(t, err)
	if rng.IntN(3) == 0 {
		c.Places = 1 + rng.IntN(12)
		if rng.IntN(2) == 0 && !end.After(hardAsOf) {
			c.Ended = end
			c.Completed = rng.IntN(c.Places + 1)
		}
	}
	if rng.IntN(6) == 0 {
		c.Other = []string{"vocational-training"}
	}
	if rng.IntN(5) == 0 {
		c.Flags = []string{"shortage-occupation"}
	}
	switch rng.IntN(90) {
	case 0:
		c.InsuredMonths = -1
	case 1:
		c.Level = 0
	case 2:
		c.Issued, _ = c.Date.AddDays(1)
	}
	return c
}

// hardClaims returns n random claims from the seed.
func hardClaims(t testing.TB, seed uint64, n int) []subsidy.Claim {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	out := make([]subsidy.Claim, n)
	for i := range out {
		out[i] = hardClaim(t, rng, i)
	}
	return out
}

// hardGrants returns n random earlier grants of the skill-improvement and
// vocational training schemes to the claimants of hardClaim, in 2023 and
// 2024, with every tenth one marked for a reversal. The amounts are the
// 2024 amounts (1000, 1500, 2000 yuan).
func hardGrants(t testing.TB, seed uint64, n int) ([]subsidy.Grant, map[string]bool) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 0x1ed9e7))
	grants := make([]subsidy.Grant, n)
	reversed := map[string]bool{}
	for i := range grants {
		k := rng.IntN(3) // 初级, 中级 or 高级
		grants[i] = subsidy.Grant{
			Key:         "g-" + strconv.Itoa(i),
			Policy:      "hd-skill-improvement@2024",
			Scheme:      []string{"skill-improvement", "skill-improvement", "vocational-training"}[rng.IntN(3)],
			Person:      fmt.Sprintf("P%02d", rng.IntN(60)),
			Occupation:  hardOccupations[rng.IntN(len(hardOccupations))],
			Level:       hardLevels[k],
			Certificate: fmt.Sprintf("CERT-%05d", i),
			Date:        hardDay(t, rng.IntN(700)),
			Amount:      decimal.New([]int64{1000, 1500, 2000}[k], 0),
			Currency:    "CNY",
		}
		if i%10 == 0 {
			reversed[grants[i].Key] = true
		}
	}
	return grants, reversed
}

// hardLedger records the grants, in the order given, and reverses those
// marked, 30 days after their date.
func hardLedger(t testing.TB, grants []subsidy.Grant, reversed map[string]bool) *subsidy.Ledger {
	t.Helper()
	l := subsidy.NewLedger()
	for _, g := range grants {
		_, fresh, err := l.Record(g)
		require.NoError(t, err)
		require.True(t, fresh)
		if reversed[g.Key] {
			on, err := g.Date.AddDays(30)
			require.NoError(t, err)
			_, _, err = l.Reverse(g.Key, on, "clawed back: certificate revoked")
			require.NoError(t, err)
		}
	}
	return l
}

// hardOutcome is one evaluation as bytes: the result's JSON and text, or
// the error's message.
type hardOutcome struct {
	JSON, Text, Err string
}

// hardOutcomeOf renders an evaluation.
func hardOutcomeOf(t testing.TB, r subsidy.Result, err error) hardOutcome {
	t.Helper()
	if err != nil {
		return hardOutcome{Err: err.Error()}
	}
	b, merr := json.Marshal(r)
	require.NoError(t, merr)
	var text bytes.Buffer
	require.NoError(t, r.WriteText(&text))
	return hardOutcome{JSON: string(b), Text: text.String()}
}

package apprenticeship_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"

	"testing"

	"github.com/dualtrack/dualtrack/apprenticeship"
	"github.com/dualtrack/dualtrack/certificate"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var ruleD = apprenticeship.MustParseDate

func ruleDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// ruleGerman is a valid German dual agreement. Training runs 2024-09-01 to
// 2027-08-31: 36 whole months (§ 5: 2–3 years). The allowance is the 2024
// minimum for years 1–3, 649 / 766 / 876 EUR (BBiG § 17(2), DOMAIN.md). The
// weekly hours, names and codes are illustrative.
func ruleGerman() apprenticeship.Agreement {
	return apprenticeship.Agreement{
		ID:              "DE-2024-001",
		Kind:            apprenticeship.Dual,
		Apprentice:      apprenticeship.Person{ID: "azubi-1", Name: "Lena Maier"},
		Enterprise:      apprenticeship.Organisation{ID: "de-firm-1", Name: "Maschinenbau GmbH"},
		Master:          apprenticeship.Mentor{ID: "m-1", Name: "Herr Schulz", Role: apprenticeship.Master, Organisation: "de-firm-1"},
		Signed:          ruleD("2024-05-15"),
		Start:           ruleD("2024-09-01"),
		End:             ruleD("2027-08-31"),
		ProbationMonths: 4,
		WeeklyHours:     ruleDec("39"),
		PartTime:        decimal.NewFromInt(1),
		FullTimeMonths:  36,
		Currency:        "EUR",
		Allowance:       []decimal.Decimal{ruleDec("649"), ruleDec("766"), ruleDec("876")},
		Occupation:      certificate.Occupation{Code: "DE-IM", Name: "Industriemechaniker/in"},
	}
}

// ruleChina is a valid enterprise new-type apprenticeship agreement under the
// 2021 guidance: 2024-03-01 to 2026-02-28 is 24 whole months (1–2 years), the
// labour contract to 2027-02-28 runs 36 months (≥ 12), target 中级工. The
// allowance amounts, hours, names and codes are illustrative.
func ruleChina() apprenticeship.Agreement {
	return apprenticeship.Agreement{
		ID:             "CN-2024-007",
		Kind:           apprenticeship.NewType,
		Program:        "SG-IM-2024",
		Apprentice:     apprenticeship.Person{ID: "stu-7", Name: "王小明"},
		Enterprise:     apprenticeship.Organisation{ID: "ent-1", Name: "家电企业"},
		Institution:    apprenticeship.Organisation{ID: "school-1", Name: "中德应用技术学校"},
		Teacher:        apprenticeship.Mentor{ID: "t-1", Name: "李老师", Role: apprenticeship.Teacher, Organisation: "school-1"},
		Master:         apprenticeship.Mentor{ID: "m-1", Name: "张师傅", Role: apprenticeship.Master, Organisation: "ent-1"},
		Signed:         ruleD("2024-02-20"),
		Start:          ruleD("2024-03-01"),
		End:            ruleD("2026-02-28"),
		ContractEnd:    ruleD("2027-02-28"),
		WeeklyHours:    ruleDec("40"),
		PartTime:       decimal.NewFromInt(1),
		FullTimeMonths: 24,
		Currency:       "CNY",
		Allowance:      []decimal.Decimal{ruleDec("3000.00"), ruleDec("3500.50")},
		Occupation:     certificate.Occupation{Code: "6-18-01-01", Name: "工业机器人系统操作员"},
		Target:         certificate.IntermediateWorker,
	}
}

// ruleFields returns the Field of every violation in err.
func ruleFields(err error) []string {
	var out []string
	for _, fe := range apprenticeship.Violations(err) {
		out = append(out, fe.Field)
	}
	return out
}

func TestRuleBuiltInsValid(t *testing.T) {
	for name, rs := range map[string]apprenticeship.RuleSet{
		"german": apprenticeship.GermanRules(),
		"china":  apprenticeship.ChinaNewType2021(),
		"zero":   {},
	} {
		t.Run(name, func(t *testing.T) {
			require.NoError(t, rs.Validate())
		})
	}
	require.NoError(t, apprenticeship.GermanRules().Check(ruleGerman()))
	require.NoError(t, apprenticeship.ChinaNewType2021().Check(ruleChina()))
}

func TestRuleFreshValues(t *testing.T) {
	a := apprenticeship.ChinaNewType2021()
	a.Targets.Allowed[0] = certificate.ChiefTechnician
	b := apprenticeship.ChinaNewType2021()
	assert.Equal(t, certificate.NationalGrade4, b.Targets.Allowed[0], "each call returns its own slices")
}

// DOMAIN.md worked example: Germany, probation of 0 or 5 months → invalid;
// 1 to 4 → valid (BBiG § 20).
func TestRuleGermanProbation(t *testing.T) {
	for months, valid := range map[int]bool{0: false, 1: true, 2: true, 3: true, 4: true, 5: false} {
		t.Run(fmt.Sprint(months), func(t *testing.T) {
			a := ruleGerman()
			a.ProbationMonths = months
			_, err := apprenticeship.NewAgreement(a, apprenticeship.GermanRules())
			if valid {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, apprenticeship.ErrInvalid)
			vs := apprenticeship.Violations(err)
			require.Len(t, vs, 1)
			assert.Equal(t, "probationMonths", vs[0].Field)
			assert.Equal(t, fmt.Sprint(months), vs[0].Value)
			assert.Equal(t, "BBiG § 20: probation 1–4 months", vs[0].Rule)
		})
	}
}

// The German duration bounds are 24–42 months (§ 5: normally 2–3 years,
// some crafts 3.5 = 42 months).
func TestRuleGermanDuration(t *testing.T) {
	tests := []struct {
		name  string
		end   string
		ft    int
		allow int // allowance years needed
		ok    bool
	}{
		// 2024-09-01 + 24 months = 2026-09-01, so the end is 2026-08-31.
		{"24 months", "2026-08-31", 24, 2, true},
		// 23 months: 2024-09-01 + 23 months = 2026-08-01.
		{"23 months", "2026-07-31", 23, 2, false},
		// 42 months: 2024-09-01 + 42 = 2028-03-01; 4 training years.
		{"42 months (3.5-year craft)", "2028-02-29", 42, 4, true},
		// 42 months and one day is longer than 42.
		{"42 months and a day", "2028-03-01", 42, 4, false},
		{"43 months", "2028-03-31", 43, 4, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := ruleGerman()
			a.End, a.FullTimeMonths = ruleD(tt.end), tt.ft
			// 2024 minimum allowance for years 1–4 (DOMAIN.md): 649, 766, 876, 909.
			a.Allowance = []decimal.Decimal{ruleDec("649"), ruleDec("766"), ruleDec("876"), ruleDec("909")}[:tt.allow]
			err := apprenticeship.GermanRules().Check(a)
			if tt.ok {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, apprenticeship.ErrInvalid)
			assert.Equal(t, []string{"end"}, ruleFields(err))
			assert.Contains(t, apprenticeship.Violations(err)[0].Rule, "BBiG § 5")
		})
	}
}

// DOMAIN.md worked example: under the 2021 national guidance a 4-year
// training period → invalid agreement. 1–2 years, up to 3 in special cases.
func TestRuleChinaDuration(t *testing.T) {
	tests := []struct {
		name    string
		end     string
		months  int
		special bool
		ok      bool
		reason  string
	}{
		// 2024-03-01 + 48 months = 2028-03-01: four years.
		{"4 years", "2028-02-29", 48, false, false, "longer than 24 months"},
		{"4 years special", "2028-02-29", 48, true, false, "longer than 36 months"},
		{"1 year", "2025-02-28", 12, false, true, ""},
		{"11 months", "2025-01-31", 11, false, false, "shorter than 12"},
		{"2 years", "2026-02-28", 24, false, true, ""},
		// 2024-03-01 + 24 months = 2026-03-01: a period to 2026-03-01 is one day longer.
		{"2 years and a day", "2026-03-01", 24, false, false, "longer than 24 months"},
		{"30 months", "2026-08-31", 30, false, false, "only in special cases"},
		{"30 months special", "2026-08-31", 30, true, true, ""},
		{"3 years special", "2027-02-28", 36, true, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := ruleChina()
			a.End, a.FullTimeMonths, a.SpecialCase = ruleD(tt.end), tt.months, tt.special
			a.ContractEnd = ruleD("2030-12-31")
			// One allowance per training year: at most 5 years here.
			a.Allowance = slices.Repeat([]decimal.Decimal{ruleDec("3000")}, 5)
			err := apprenticeship.ChinaNewType2021().Check(a)
			if tt.ok {
				require.NoError(t, err)
				return
			}
			vs := apprenticeship.Violations(err)
			require.Len(t, vs, 1, "%v", err)
			assert.Equal(t, "end", vs[0].Field)
			assert.Contains(t, vs[0].Reason, tt.reason)
			assert.Contains(t, vs[0].Rule, "2021 national guidance")
		})
	}
}

func TestRuleChinaContractAndTargets(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*apprenticeship.Agreement)
		fields []string
	}{
		// 2024-03-01 + 12 months = 2025-03-01: a contract to 2025-02-28 is one year.
		{"one-year contract", func(a *apprenticeship.Agreement) { a.ContractEnd = ruleD("2025-02-28") }, nil},
		{"contract one day short", func(a *apprenticeship.Agreement) { a.ContractEnd = ruleD("2025-02-27") }, []string{"contractEnd"}},
		{"open-ended contract", func(a *apprenticeship.Agreement) {
			a.ContractEnd, a.ContractOpenEnded = apprenticeship.Date{}, true
		}, nil},
		{"no contract end", func(a *apprenticeship.Agreement) { a.ContractEnd = apprenticeship.Date{} }, []string{"contractEnd"}},
		{"both end and open-ended", func(a *apprenticeship.Agreement) { a.ContractOpenEnded = true }, []string{"contractEnd"}},
		{"national grade 4", func(a *apprenticeship.Agreement) { a.Target = certificate.NationalGrade4 }, nil},
		{"national grade 1", func(a *apprenticeship.Agreement) { a.Target = certificate.NationalGrade1 }, nil},
		{"senior technician", func(a *apprenticeship.Agreement) { a.Target = certificate.SeniorTechnician }, nil},
		{"junior worker", func(a *apprenticeship.Agreement) { a.Target = certificate.JuniorWorker }, []string{"target"}},
		{"national grade 5", func(a *apprenticeship.Agreement) { a.Target = certificate.NationalGrade5 }, []string{"target"}},
		{"1+X intermediate", func(a *apprenticeship.Agreement) { a.Target = certificate.XIntermediate }, []string{"target"}},
		{"chief technician", func(a *apprenticeship.Agreement) { a.Target = certificate.ChiefTechnician }, []string{"target"}},
		{"tripartite kind", func(a *apprenticeship.Agreement) {
			a.Kind, a.ContractEnd = apprenticeship.Tripartite, apprenticeship.Date{}
		}, []string{"kind"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := ruleChina()
			tt.mutate(&a)
			err := apprenticeship.ChinaNewType2021().Check(a)
			assert.Equal(t, tt.fields, ruleFields(err), "%v", err)
		})
	}
}

// BBiG § 7a worked examples (DOMAIN.md: extended correspondingly, at most
// 1.5×, rounded down to whole months).
func TestRulePartTimeMonths(t *testing.T) {
	tests := []struct {
		ft        int
		share     string
		capFactor string
		want      int
	}{
		{36, "0.75", "1.5", 48},   // 36 / 0.75 = 48; cap 1.5 × 36 = 54
		{36, "0.5", "1.5", 54},    // 36 / 0.5 = 72 > 54: capped
		{42, "0.8", "1.5", 52},    // 42 / 0.8 = 52.5 → 52; cap 63
		{36, "1", "1.5", 36},      // full time: 36 / 1 = 36
		{36, "0.5", "0", 72},      // no cap: 36 / 0.5 = 72
		{24, "0.6", "1.5", 36},    // 24 / 0.6 = 40 > cap 1.5 × 24 = 36
		{24, "0.7", "1.5", 34},    // 24 / 0.7 = 34.28… → 34; cap 36
		{35, "0.75", "1.5", 46},   // 35 / 0.75 = 46.66… → 46; cap floor(52.5) = 52
		{35, "0.6", "1.5", 52},    // 35 / 0.6 = 58.33… > cap floor(1.5 × 35) = floor(52.5) = 52
		{36, "0.666667", "0", 53}, // 36 / 0.666667 = 53.99997… → 53
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d@%s", tt.ft, tt.share), func(t *testing.T) {
			got, err := apprenticeship.PartTimeMonths(tt.ft, ruleDec(tt.share), ruleDec(tt.capFactor))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestRulePartTimeMonthsErrors(t *testing.T) {
	tests := []struct {
		ft        int
		share     string
		capFactor string
		field     string
	}{
		{0, "0.5", "1.5", "fullTimeMonths"},
		{-3, "0.5", "1.5", "fullTimeMonths"},
		{1201, "0.5", "1.5", "fullTimeMonths"},
		{36, "0", "1.5", "partTime"},
		{36, "-0.5", "1.5", "partTime"},
		{36, "1.01", "1.5", "partTime"},
		{36, "0.1234567", "1.5", "partTime"}, // 7 decimal places
		{36, "1e-10000", "1.5", "partTime"},
		{36, "0.5", "0.9", "capFactor"},
		{36, "0.5", "-1", "capFactor"},
		{36, "0.5", "1e10000", "capFactor"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d@%s/%s", tt.ft, tt.share, tt.capFactor), func(t *testing.T) {
			_, err := apprenticeship.PartTimeMonths(tt.ft, ruleDec(tt.share), ruleDec(tt.capFactor))
			require.ErrorIs(t, err, apprenticeship.ErrInvalid)
			var fe *apprenticeship.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			assert.NotEmpty(t, fe.Value)
			assert.Less(t, len(err.Error()), 300, "the message stays short")
		})
	}
}

// ruleOracle computes min(floor(ft/share), floor(cap·ft)) with exact
// rationals, independently of the decimal arithmetic under test.
func ruleOracle(ft int, share, capFactor decimal.Decimal) int {
	s, _ := new(big.Rat).SetString(share.String())
	q := new(big.Rat).Quo(new(big.Rat).SetInt64(int64(ft)), s)
	n := new(big.Int).Quo(q.Num(), q.Denom()).Int64() // positive: Quo truncates = floor
	if !capFactor.IsZero() {
		c, _ := new(big.Rat).SetString(capFactor.String())
		c.Mul(c, new(big.Rat).SetInt64(int64(ft)))
		n = min(n, new(big.Int).Quo(c.Num(), c.Denom()).Int64())
	}
	return int(n)
}

// Properties: the result is at least the full-time duration, at most the
// cap, equals the rational oracle, and does not grow as the share grows.
func TestRulePartTimeMonthsProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 0x7a))
	capFactor := ruleDec("1.5")
	for i := range 5000 {
		ft := 1 + r.IntN(120)
		u1, u2 := 1+r.Int64N(1_000_000), 1+r.Int64N(1_000_000) // millionths
		lo, hi := decimal.New(min(u1, u2), -6), decimal.New(max(u1, u2), -6)
		nLo, err := apprenticeship.PartTimeMonths(ft, lo, capFactor)
		require.NoError(t, err)
		nHi, err := apprenticeship.PartTimeMonths(ft, hi, capFactor)
		require.NoError(t, err)
		capMonths := int(capFactor.Mul(decimal.NewFromInt(int64(ft))).Floor().IntPart())
		require.GreaterOrEqual(t, nHi, ft, "case %d: %d@%s", i, ft, hi)
		require.LessOrEqual(t, nLo, capMonths, "case %d: %d@%s", i, ft, lo)
		require.GreaterOrEqual(t, nLo, nHi, "case %d: monotone: %d@%s vs %s", i, ft, lo, hi)
		require.Equal(t, ruleOracle(ft, lo, capFactor), nLo, "case %d: %d@%s", i, ft, lo)
	}
}

// BBiG § 7a part-time agreements under GermanRules.
func TestRuleGermanPartTime(t *testing.T) {
	tests := []struct {
		name   string
		start  string
		end    string
		share  string
		ft     int
		fields []string
		reason string
	}{
		// 36 / 0.75 = 48 months: 2024-09-01 + 48 months = 2028-09-01.
		{"0.75 for 48 months", "2024-09-01", "2028-08-31", "0.75", 36, nil, ""},
		// 36 / 0.5 = 72, capped at 1.5 × 36 = 54: 2024-09-01 + 54 = 2029-03-01.
		{"0.5 capped at 54", "2024-09-01", "2029-02-28", "0.5", 36, nil, ""},
		// 72 months is beyond 1.5× (DOMAIN.md: at most 1.5×) → invalid.
		{"0.5 for 72 months", "2024-09-01", "2030-08-31", "0.5", 36, []string{"end"}, "longer than 1.5 × 36 = 54 months"},
		// 54 months and one day is beyond the cap too.
		{"cap and a day", "2024-09-01", "2029-03-01", "0.5", 36, []string{"end"}, "= 54 months"},
		// 42 / 0.8 = 52.5 → 52 months: 2024-09-01 + 52 = 2029-01-01.
		{"0.8 of 42 months", "2024-09-01", "2028-12-31", "0.8", 42, nil, ""},
		// Not rounded up: 53 months instead of 52.
		{"0.8 rounded up", "2024-09-01", "2029-01-31", "0.8", 42, []string{"end"}, "runs 53 whole months, not exactly floor(42 / 0.8) = 52 months"},
		// 48 months and 20 days: 2024-09-01 + 48 months = 2028-09-01, and
		// End+1 = 2028-09-21 is 20 days later; "exactly 48" rules it out.
		{"0.75 for 48 months and 20 days", "2024-09-01", "2028-09-20", "0.75", 36, []string{"end"}, "runs 48 whole months and 20 days, not exactly floor(36 / 0.75) = 48 months"},
		// One day short of 48 months: 47 whole months and 30 days
		// (2028-08-01 to End+1 = 2028-08-31).
		{"0.75 a day short", "2024-09-01", "2028-08-30", "0.75", 36, []string{"end"}, "runs 47 whole months and 30 days, not exactly"},
		// Not extended: 36 months at 0.75 where 48 are due.
		{"not extended", "2024-09-01", "2027-08-31", "0.75", 36, []string{"end"}, "runs 36 whole months"},
		// Hours cut by more than half: 0.4 < 0.5; 36 / 0.4 = 90 → cap 54.
		{"share 0.4", "2024-09-01", "2029-02-28", "0.4", 36, []string{"partTime"}, "at least 0.5"},
		// § 7a as DOMAIN.md states it applies from 2024-08-01.
		{"starts before 2024-08-01", "2024-07-01", "2028-06-30", "0.75", 36, []string{"partTime"}, "on or after 2024-08-01"},
		{"starts on 2024-08-01", "2024-08-01", "2028-07-31", "0.75", 36, nil, ""},
		// The full-time duration must meet § 5: 20 months < 24; 20 / 0.5 = 40 > cap 30.
		{"full-time duration 20", "2024-09-01", "2027-02-28", "0.5", 20, []string{"fullTimeMonths"}, "shorter than 24"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := ruleGerman()
			a.Signed = ruleD("2024-06-01")
			a.Start, a.End, a.PartTime, a.FullTimeMonths = ruleD(tt.start), ruleD(tt.end), ruleDec(tt.share), tt.ft
			a.Allowance = slices.Repeat([]decimal.Decimal{ruleDec("649")}, 6)
			err := apprenticeship.GermanRules().Check(a)
			assert.Equal(t, tt.fields, ruleFields(err), "%v", err)
			if tt.reason != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.reason)
				assert.Contains(t, err.Error(), "BBiG §")
			}
		})
	}
}

// A rule set without a part-time rule does not let the period run beyond
// its maximum.
func TestRulePartTimeWithoutRule(t *testing.T) {
	a := ruleChina()
	a.PartTime = ruleDec("0.5")
	a.FullTimeMonths = 24
	a.End = ruleD("2027-02-28") // 36 months: beyond 24, and no rule extends it
	a.Allowance = slices.Repeat([]decimal.Decimal{ruleDec("3000")}, 3)
	err := apprenticeship.ChinaNewType2021().Check(a)
	assert.Equal(t, []string{"end"}, ruleFields(err), "%v", err)
	assert.Contains(t, err.Error(), "no part-time rule extends it")
}

// A full-time agreement whose End does not match FullTimeMonths → invalid.
func TestRuleFullTimeMismatch(t *testing.T) {
	a := ruleGerman()
	a.End = ruleD("2027-09-30") // 2024-09-01 to 2027-10-01: 37 whole months, not 36
	a.Allowance = append(a.Allowance, ruleDec("909"))
	err := apprenticeship.GermanRules().Check(a)
	vs := apprenticeship.Violations(err)
	require.Len(t, vs, 1, "%v", err)
	assert.Equal(t, "fullTimeMonths", vs[0].Field)
	assert.Equal(t, "36", vs[0].Value)
	assert.Contains(t, vs[0].Reason, "runs 37 whole months")
	assert.Empty(t, vs[0].Rule, "a consistency error cites no rule")
}

// The record's own consistency, checked under the zero (empty) RuleSet.
func TestRuleRecordConsistency(t *testing.T) {
	type A = apprenticeship.Agreement
	tests := []struct {
		name   string
		base   func() A
		mutate func(*A)
		fields []string
	}{
		{"valid dual", ruleGerman, func(*A) {}, nil},
		{"valid new-type", ruleChina, func(*A) {}, nil},
		{"no id", ruleGerman, func(a *A) { a.ID = "" }, []string{"id"}},
		{"spaced id", ruleGerman, func(a *A) { a.ID = " x" }, []string{"id"}},
		{"no kind", ruleGerman, func(a *A) { a.Kind = 0 }, []string{"kind"}},
		{"no enterprise", ruleGerman, func(a *A) { a.Enterprise.ID = "" }, []string{"enterprise.id"}},
		{"dual with institution", ruleGerman, func(a *A) {
			a.Institution = apprenticeship.Organisation{ID: "bs", Name: "Berufsschule"}
		}, []string{"institution.id"}},
		{"tripartite without institution", ruleChina, func(a *A) {
			a.Kind, a.ContractEnd, a.Institution = apprenticeship.Tripartite, apprenticeship.Date{}, apprenticeship.Organisation{}
		}, []string{"institution.id"}},
		{"tripartite with contract", ruleChina, func(a *A) { a.Kind = apprenticeship.Tripartite }, []string{"contractEnd"}},
		{"contract ends before start", ruleChina, func(a *A) { a.ContractEnd = ruleD("2024-02-29") }, []string{"contractEnd"}},
		{"no apprentice", ruleGerman, func(a *A) { a.Apprentice = apprenticeship.Person{} }, []string{"apprentice.id", "apprentice.name"}},
		{"no signed", ruleGerman, func(a *A) { a.Signed = apprenticeship.Date{} }, []string{"signed"}},
		{"signed after start", ruleGerman, func(a *A) { a.Signed = ruleD("2024-09-02") }, []string{"signed"}},
		{"end before start", ruleGerman, func(a *A) { a.End = ruleD("2024-08-31") }, []string{"end"}},
		{"no end", ruleGerman, func(a *A) { a.End = apprenticeship.Date{} }, []string{"end"}},
		{"last day", ruleGerman, func(a *A) { a.End = ruleD("9999-12-31") }, []string{"end"}},
		{"negative probation", ruleGerman, func(a *A) { a.ProbationMonths = -1 }, []string{"probationMonths"}},
		// 2024-09-01 to 2027-08-31 is 36 months; a 37-month probation outlasts it.
		{"probation beyond training", ruleGerman, func(a *A) { a.ProbationMonths = 37 }, []string{"probationMonths"}},
		{"zero hours", ruleGerman, func(a *A) { a.WeeklyHours = decimal.Zero }, []string{"weeklyHours"}},
		{"169 hours", ruleGerman, func(a *A) { a.WeeklyHours = ruleDec("169") }, []string{"weeklyHours"}},
		{"fractional hours", ruleGerman, func(a *A) { a.WeeklyHours = ruleDec("37.125") }, []string{"weeklyHours"}},
		{"zero share", ruleGerman, func(a *A) { a.PartTime = decimal.Zero }, []string{"partTime"}},
		{"share above 1", ruleGerman, func(a *A) { a.PartTime = ruleDec("1.2") }, []string{"partTime"}},
		{"zero full-time months", ruleGerman, func(a *A) { a.FullTimeMonths = 0 }, []string{"fullTimeMonths"}},
		{"lower-case currency", ruleGerman, func(a *A) { a.Currency = "eur" }, []string{"currency"}},
		{"long currency", ruleGerman, func(a *A) { a.Currency = "EURO" }, []string{"currency"}},
		{"no allowance", ruleGerman, func(a *A) { a.Allowance = nil }, []string{"allowance"}},
		// Training ends in year 3 (2026-09-01 to 2027-08-31): 2 amounts are too few.
		{"allowance for 2 of 3 years", ruleGerman, func(a *A) { a.Allowance = a.Allowance[:2] }, []string{"allowance"}},
		{"negative allowance", ruleGerman, func(a *A) { a.Allowance[1] = ruleDec("-1") }, []string{"allowance[1]"}},
		{"allowance in mills", ruleGerman, func(a *A) { a.Allowance[2] = ruleDec("876.001") }, []string{"allowance[2]"}},
		{"allowance 876.000", ruleGerman, func(a *A) { a.Allowance[2] = ruleDec("876.000") }, nil},
		{"no occupation", ruleGerman, func(a *A) { a.Occupation = certificate.Occupation{} }, []string{"occupation.code"}},
		{"new-type without target", ruleChina, func(a *A) { a.Target = 0 }, []string{"target"}},
		{"dual with bad target", ruleGerman, func(a *A) { a.Target = 0x99 }, []string{"target"}},
		{"teacher with master role", ruleChina, func(a *A) { a.Teacher.Role = apprenticeship.Master }, []string{"teacher.role"}},
		{"teacher of another school", ruleChina, func(a *A) { a.Teacher.Organisation = "school-2" }, []string{"teacher.organisation"}},
		{"master of another firm", ruleChina, func(a *A) { a.Master.Organisation = "ent-2" }, []string{"master.organisation"}},
		{"master without name", ruleChina, func(a *A) { a.Master.Name = "" }, []string{"master.name"}},
		{"dual teacher without organisation", ruleGerman, func(a *A) {
			a.Teacher = apprenticeship.Mentor{ID: "t", Name: "Frau Roth", Role: apprenticeship.Teacher}
		}, []string{"teacher.organisation"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.base()
			tt.mutate(&a)
			err := apprenticeship.RuleSet{}.Check(a)
			assert.Equal(t, tt.fields, ruleFields(err), "%v", err)
			if tt.fields != nil {
				require.ErrorIs(t, err, apprenticeship.ErrInvalid)
			}
		})
	}
}

// Every violation is reported, not only the first, and each names its field
// and value.
func TestRuleAllViolations(t *testing.T) {
	a := ruleGerman()
	a.ProbationMonths = 5                          // BBiG § 20
	a.Currency = "€"                               // not a code
	a.Kind = apprenticeship.Tripartite             // not accepted, and needs an institution
	a.WeeklyHours = ruleDec("-1")                  // not positive
	a.Allowance[0] = decimal.New(1, math.MinInt32) // absurd exponent: rejected before arithmetic
	err := apprenticeship.GermanRules().Check(a)
	assert.Equal(t, []string{"institution.id", "weeklyHours", "currency", "allowance[0]", "target", "kind", "probationMonths"}, ruleFields(err))
	for _, fe := range apprenticeship.Violations(err) {
		assert.ErrorIs(t, fe, apprenticeship.ErrInvalid)
		assert.Contains(t, err.Error(), fe.Error())
	}
	assert.Less(t, len(err.Error()), 2000)
}

func TestRuleNewAgreement(t *testing.T) {
	a := ruleGerman()
	got, err := apprenticeship.NewAgreement(a, apprenticeship.GermanRules())
	require.NoError(t, err)
	a.Allowance[0] = ruleDec("1")
	assert.Equal(t, "649", got.Allowance[0].String(), "the result has its own allowance slice")

	a.ProbationMonths = 0
	got, err = apprenticeship.NewAgreement(a, apprenticeship.GermanRules())
	require.Error(t, err)
	assert.Empty(t, got.ID, "the zero Agreement on error")
}

func TestRuleSetValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*apprenticeship.RuleSet)
		fields []string
	}{
		{"min above max", func(rs *apprenticeship.RuleSet) { rs.Probation.Min = 5 }, []string{"probation.min"}},
		{"negative", func(rs *apprenticeship.RuleSet) { rs.Duration.Max = -1 }, []string{"duration.max"}},
		{"too many months", func(rs *apprenticeship.RuleSet) { rs.Probation.Max = 1201 }, []string{"probation.max"}},
		{"special below max", func(rs *apprenticeship.RuleSet) { rs.Duration.SpecialMax = 30 }, []string{"duration.specialMax"}},
		{"no citation", func(rs *apprenticeship.RuleSet) { rs.Probation.Rule = " " }, []string{"probation.rule"}},
		{"share 0", func(rs *apprenticeship.RuleSet) { rs.PartTime.MinShare = ruleDec("-0.5") }, []string{"partTime.minShare"}},
		{"cap below 1", func(rs *apprenticeship.RuleSet) { rs.PartTime.CapFactor = ruleDec("0.5") }, []string{"partTime.capFactor"}},
		{"bad kind", func(rs *apprenticeship.RuleSet) { rs.Kinds.Allowed = append(rs.Kinds.Allowed, 9) }, []string{"kinds.allowed[1]"}},
		{"bad level", func(rs *apprenticeship.RuleSet) {
			rs.Targets = apprenticeship.LevelRule{Allowed: []certificate.Level{0}, Rule: "x"}
		}, []string{"targets.allowed[0]"}},
		{"levels without citation", func(rs *apprenticeship.RuleSet) {
			rs.Targets = apprenticeship.LevelRule{Allowed: []certificate.Level{certificate.Technician}}
		}, []string{"targets.rule"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := apprenticeship.GermanRules()
			tt.mutate(&rs)
			err := rs.Validate()
			assert.Equal(t, tt.fields, ruleFields(err), "%v", err)
			// Check reports an invalid rule set rather than judging the agreement.
			cerr := rs.Check(ruleGerman())
			require.ErrorIs(t, cerr, apprenticeship.ErrInvalid)
			assert.Contains(t, cerr.Error(), `rule set "DE BBiG"`)
		})
	}
}

func TestRuleSetJSON(t *testing.T) {
	for name, rs := range map[string]apprenticeship.RuleSet{
		"german": apprenticeship.GermanRules(),
		"china":  apprenticeship.ChinaNewType2021(),
	} {
		t.Run(name, func(t *testing.T) {
			b, err := json.Marshal(rs)
			require.NoError(t, err)
			var back apprenticeship.RuleSet
			require.NoError(t, json.Unmarshal(b, &back))
			b2, err := json.Marshal(back)
			require.NoError(t, err)
			assert.JSONEq(t, string(b), string(b2))
			assert.True(t, back.PartTime.MinShare.Equal(rs.PartTime.MinShare))
			assert.Equal(t, rs.Targets.Allowed, back.Targets.Allowed)
			require.NoError(t, back.Validate())
		})
	}
	b, err := json.Marshal(apprenticeship.GermanRules())
	require.NoError(t, err)
	// Stable codes, dates as YYYY-MM-DD and decimals as strings.
	for _, want := range []string{`"allowed":["dual"]`, `"from":"2024-08-01"`, `"minShare":"0.5"`, `"capFactor":"1.5"`} {
		assert.Contains(t, string(b), want)
	}
	cn, err := json.Marshal(apprenticeship.ChinaNewType2021())
	require.NoError(t, err)
	assert.Contains(t, string(cn), `"national-4"`)
	assert.NotContains(t, string(cn), `"partTime"`, "an unset rule is omitted")
}

func TestRuleAgreementJSON(t *testing.T) {
	a := ruleChina()
	a.ContractEnd, a.ContractOpenEnded = apprenticeship.Date{}, true
	b, err := json.Marshal(a)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"contractOpenEnded":true`)
	assert.NotContains(t, string(b), `"contractEnd"`)
	var back apprenticeship.Agreement
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, back.ContractOpenEnded)
	require.NoError(t, apprenticeship.ChinaNewType2021().Check(back))
}

func TestRuleViolations(t *testing.T) {
	fe := &apprenticeship.FieldError{Field: "x", Reason: "bad"}
	fe2 := &apprenticeship.FieldError{Field: "y", Reason: "bad"}
	tests := []struct {
		name string
		err  error
		want []*apprenticeship.FieldError
	}{
		{"nil", nil, nil},
		{"plain", errors.New("other"), nil},
		{"one", fe, []*apprenticeship.FieldError{fe}},
		{"wrapped", fmt.Errorf("ctx: %w", fe), []*apprenticeship.FieldError{fe}},
		{"joined", errors.Join(fe, errors.New("other"), fmt.Errorf("w: %w", fe2)), []*apprenticeship.FieldError{fe, fe2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, apprenticeship.Violations(tt.err))
		})
	}
}

// FuzzRuleCheck feeds agreements decoded from JSON to both rule sets. Check
// must not panic, must be deterministic, and must return either nil or only
// *FieldError values matching ErrInvalid that name a field; NewAgreement must
// agree with Check.
func FuzzRuleCheck(f *testing.F) {
	for _, a := range []apprenticeship.Agreement{ruleGerman(), ruleChina()} {
		b, _ := json.Marshal(a)
		f.Add(string(b))
	}
	f.Add(`{}`)
	f.Add(`{"id":"x","kind":"dual","start":"2024-09-01","end":"2024-08-01","partTime":"0.5","fullTimeMonths":36}`)
	f.Add(`{"id":"x","kind":"new-type","start":"2024-09-01","end":"9999-12-31","contractEnd":"9999-12-31","partTime":"1e-99999"}`)
	f.Add(`{"weeklyHours":"1e9999","allowance":["1e-9999","-0"],"partTime":"0.333333","fullTimeMonths":1200}`)
	f.Add(`{"kind":"dual","start":"0001-01-01","end":"9999-12-30","partTime":"0.5","fullTimeMonths":1,"probationMonths":-9}`)
	f.Fuzz(func(t *testing.T, in string) {
		var a apprenticeship.Agreement
		if json.Unmarshal([]byte(in), &a) != nil {
			return
		}
		for _, rs := range []apprenticeship.RuleSet{apprenticeship.GermanRules(), apprenticeship.ChinaNewType2021(), {}} {
			err := rs.Check(a)
			_, nerr := apprenticeship.NewAgreement(a, rs)
			if (err == nil) != (nerr == nil) {
				t.Fatalf("Check %v but NewAgreement %v", err, nerr)
			}
			if err == nil {
				continue
			}
			if !errors.Is(err, apprenticeship.ErrInvalid) {
				t.Fatalf("error does not match ErrInvalid: %v", err)
			}
			vs := apprenticeship.Violations(err)
			if len(vs) == 0 {
				t.Fatalf("no violations in %v", err)
			}
			for _, v := range vs {
				if v.Field == "" || v.Reason == "" {
					t.Fatalf("violation without field or reason: %#v", v)
				}
				if len(v.Error()) > 1000 {
					t.Fatalf("message too long: %d bytes", len(v.Error()))
				}
			}
			if again := rs.Check(a); again.Error() != err.Error() {
				t.Fatalf("not deterministic: %v then %v", err, again)
			}
		}
	})
}

// FuzzRulePartTimeMonths checks PartTimeMonths against the rational oracle
// for any decimals it accepts, and that rejections name the argument.
func FuzzRulePartTimeMonths(f *testing.F) {
	f.Add(36, "0.75", "1.5")
	f.Add(36, "0.5", "1.5")
	f.Add(42, "0.8", "1.5")
	f.Add(1200, "0.000001", "0")
	f.Add(0, "0.5", "1.5")
	f.Add(36, "1e-10000", "1.5")
	f.Add(36, "0.5", "1e10000")
	f.Add(36, "abc", "1.5")
	f.Fuzz(func(t *testing.T, ft int, share, capText string) {
		s, err1 := decimal.NewFromString(share)
		c, err2 := decimal.NewFromString(capText)
		if err1 != nil || err2 != nil {
			return
		}
		n, err := apprenticeship.PartTimeMonths(ft, s, c)
		if err != nil {
			var fe *apprenticeship.FieldError
			if !errors.As(err, &fe) || !errors.Is(err, apprenticeship.ErrInvalid) {
				t.Fatalf("error %v is not an invalid *FieldError", err)
			}
			if !slices.Contains([]string{"fullTimeMonths", "partTime", "capFactor"}, fe.Field) {
				t.Fatalf("error names %q", fe.Field)
			}
			return
		}
		if want := ruleOracle(ft, s, c); n != want {
			t.Fatalf("PartTimeMonths(%d, %s, %s) = %d, oracle %d", ft, s, c, n, want)
		}
		if n < ft {
			t.Fatalf("PartTimeMonths(%d, %s, %s) = %d, shorter than full time", ft, s, c, n)
		}
	})
}

func BenchmarkRuleCheck(b *testing.B) {
	rs, a := apprenticeship.GermanRules(), ruleGerman()
	a.PartTime, a.End = ruleDec("0.75"), ruleD("2028-08-31") // 36 / 0.75 = 48 months
	a.Allowance = append(a.Allowance, ruleDec("909"))
	for b.Loop() {
		if err := rs.Check(a); err != nil {
			b.Fatal(err)
		}
	}
}

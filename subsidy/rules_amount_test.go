package subsidy_test

import (
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Citations of the test parameters; the numbers are those of
// /work/shared/DOMAIN.md, which names its sources.
var (
	amtCiteSkill    = subsidy.Citation{Title: "技能提升补贴 2024 (DOMAIN.md: caps 1000/1500/2000 by level)"}
	amtCiteFujian   = subsidy.Citation{Title: "福建企业新型学徒制", Number: "闽人社文〔2019〕220号"}
	amtCiteQingdao  = subsidy.Citation{Title: "青岛首席技师 2019 (DOMAIN.md: 15,000 a year, 4-year term)"}
	amtCiteGD       = subsidy.Citation{Title: "广东企业新型学徒制 (DOMAIN.md: up to +30% for shortage occupations)"}
	amtCiteCoInvest = subsidy.Citation{Title: "England co-investment (DOMAIN.md: 90% before 2019-04-01, 95% from)"}
	amtCiteTest     = subsidy.Citation{Title: "test value"}
)

func amtDate(s string) subsidy.Date { return subsidy.MustParseDate(s) }

func amtDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// amtEntry is one entry of a test parameter; until may be empty.
type amtEntry struct {
	from, until, value string
	cite               subsidy.Citation
}

// amtNumber builds a number parameter.
func amtNumber(t testing.TB, name, unit string, entries ...amtEntry) subsidy.Param {
	t.Helper()
	es := make([]subsidy.Entry[decimal.Decimal], len(entries))
	for i, e := range entries {
		es[i] = subsidy.Entry[decimal.Decimal]{From: amtDate(e.from), Value: amtDec(e.value), Citation: e.cite}
		if e.until != "" {
			es[i].Until = amtDate(e.until)
		}
	}
	s, err := subsidy.NewSeries(name, es)
	require.NoError(t, err)
	return subsidy.Param{Name: name, Unit: unit, Number: s}
}

// amtTable builds a table parameter with one entry.
func amtTable(t testing.TB, name, unit, from string, cite subsidy.Citation, values map[string]string) subsidy.Param {
	t.Helper()
	m := make(map[string]decimal.Decimal, len(values))
	for k, v := range values {
		m[k] = amtDec(v)
	}
	s, err := subsidy.NewSeries(name, []subsidy.Entry[map[string]decimal.Decimal]{{From: amtDate(from), Value: m, Citation: cite}})
	require.NoError(t, err)
	return subsidy.Param{Name: name, Unit: unit, Table: s}
}

// amtRounding is the rounding to quantum in mode.
func amtRounding(t testing.TB, quantum string, mode subsidy.RoundingMode) subsidy.Rounding {
	t.Helper()
	r, err := subsidy.NewRounding(amtDec(quantum), mode)
	require.NoError(t, err)
	return r
}

// amtDefinition returns a definition with the required fields filled in
// (CNY, rounding to the fen, half up) around params, rules and schedule.
func amtDefinition(t testing.TB, params []subsidy.Param, schedule subsidy.Schedule, rules ...subsidy.Rule) subsidy.Definition {
	return subsidy.Definition{
		Name: "amt-test", Version: "1", Currency: "CNY", Scheme: "test",
		Rounding: amtRounding(t, "0.01", subsidy.HalfUp),
		Params:   params, Rules: rules, Schedule: schedule,
	}
}

// amtPolicy builds the policy of amtDefinition.
func amtPolicy(t testing.TB, params []subsidy.Param, schedule subsidy.Schedule, rules ...subsidy.Rule) *subsidy.Policy {
	t.Helper()
	p, err := subsidy.NewPolicy(amtDefinition(t, params, schedule, rules...))
	require.NoError(t, err)
	return p
}

func amtMeta(id string) subsidy.RuleMeta { return subsidy.RuleMeta{ID: id} }

// amtCase is a claim and what a policy should make of it: the amount
// (StringFixed(2)), or the code of the rejection, or an error (errField:
// the *ClaimError's field).
type amtCase struct {
	name     string
	claim    subsidy.Claim
	asOf     string
	want     string
	reject   string
	errField string
}

func amtRun(t *testing.T, p *subsidy.Policy, tests []amtCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.claim
			if c.ID == "" {
				c.ID = "c-1"
			}
			asOf := tt.asOf
			if asOf == "" {
				asOf = c.Date.String()
			}
			res, err := p.Evaluate(c, subsidy.Options{AsOf: amtDate(asOf), Explain: true})
			if tt.errField != "" {
				var ce *subsidy.ClaimError
				require.ErrorAs(t, err, &ce)
				assert.Equal(t, tt.errField, ce.Field)
				assert.ErrorIs(t, err, subsidy.ErrInvalidClaim)
				assert.Contains(t, err.Error(), tt.errField)
				return
			}
			require.NoError(t, err)
			requireOmitted(t, p, c, subsidy.Options{AsOf: amtDate(asOf)}, res)
			if tt.reject != "" {
				assert.False(t, res.Granted)
				require.NotEmpty(t, res.Reasons)
				assert.Equal(t, tt.reject, res.Reasons[0].Code)
				assert.True(t, res.Amount.IsZero())
				return
			}
			assert.Empty(t, res.Reasons)
			assert.Equal(t, tt.want, res.Amount.StringFixed(2))
			// The explanation and the fast path agree.
			fast, err := p.Evaluate(c, subsidy.Options{AsOf: amtDate(asOf)})
			require.NoError(t, err)
			assert.True(t, fast.Amount.Equal(res.Amount), "fast %v, explained %v", fast.Amount, res.Amount)
			assert.Nil(t, fast.Explanation)
		})
	}
}

// amtStep returns the explanation step of rule id.
func amtStep(t *testing.T, res subsidy.Result, id string) subsidy.Step {
	t.Helper()
	require.NotNil(t, res.Explanation)
	for _, st := range res.Explanation.Steps {
		if st.Rule == id {
			return st
		}
	}
	t.Fatalf("no step for rule %q", id)
	return subsidy.Step{}
}

func TestAmount(t *testing.T) {
	// Qingdao chief technician: 15,000 a year (DOMAIN.md).
	allowance := amtNumber(t, "allowance", "CNY", amtEntry{"2019-01-01", "", "15000", amtCiteQingdao})
	p := amtPolicy(t, []subsidy.Param{allowance}, nil,
		subsidy.Amount{RuleMeta: amtMeta("base"), Amount: "allowance", PerPlace: true})
	amtRun(t, p, []amtCase{
		{name: "one place", claim: subsidy.Claim{Date: amtDate("2024-03-01")}, want: "15000.00"},
		// 15000 × 2 places = 30000.
		{name: "two places", claim: subsidy.Claim{Date: amtDate("2024-03-01"), Places: 2}, want: "30000.00"},
	})

	// The explanation: the value read on the claim date with its entry.
	res, err := p.Evaluate(subsidy.Claim{ID: "c-1", Date: amtDate("2024-03-01"), Places: 2}, subsidy.Options{AsOf: amtDate("2024-03-01"), Explain: true})
	require.NoError(t, err)
	st := amtStep(t, res, "base")
	assert.Equal(t, subsidy.Applied, st.Outcome)
	assert.Equal(t, "amount", st.Kind)
	assert.Equal(t, "15000 × 2 places = 30000", st.Reason)
	assert.Equal(t, []subsidy.ParamUse{{Name: "allowance", Value: amtDec("15000"), On: amtDate("2024-03-01"), From: amtDate("2019-01-01"), Citation: amtCiteQingdao}}, st.Params)
	assert.Nil(t, st.Rounding, "15000 × 2 needs no rounding")
	assert.Equal(t, "30000.00", st.After.StringFixed(2))

	// Before the first entry the parameter has no value: an error, not a
	// zero.
	_, err = p.Evaluate(subsidy.Claim{ID: "c-1", Date: amtDate("2018-12-31")}, subsidy.Options{AsOf: amtDate("2018-12-31")})
	var nc *subsidy.ParamNotCoveredError
	require.ErrorAs(t, err, &nc)
	assert.Equal(t, "allowance", nc.Param)
	assert.Equal(t, "base", nc.Rule)
	assert.ErrorIs(t, err, subsidy.ErrNotCovered)
}

// TestAmountAdds checks that amount rules add to what earlier rules gave and
// that the sum is noted.
func TestAmountAdds(t *testing.T) {
	// 1000 + 500 = 1500 (test values).
	a := amtNumber(t, "a", "CNY", amtEntry{"2024-01-01", "", "1000", amtCiteTest})
	b := amtNumber(t, "b", "CNY", amtEntry{"2024-01-01", "", "500", amtCiteTest})
	p := amtPolicy(t, []subsidy.Param{a, b}, nil,
		subsidy.Amount{RuleMeta: amtMeta("a"), Amount: "a"},
		subsidy.Amount{RuleMeta: amtMeta("b"), Amount: "b"})
	res, err := p.Evaluate(subsidy.Claim{ID: "c-1", Date: amtDate("2024-03-01")}, subsidy.Options{AsOf: amtDate("2024-03-01"), Explain: true})
	require.NoError(t, err)
	assert.Equal(t, "1500.00", res.Amount.StringFixed(2))
	assert.Equal(t, "500; 1000 + 500 = 1500", amtStep(t, res, "b").Reason)
	require.Len(t, res.Contributions, 2)
	assert.Equal(t, "500", res.Contributions[1].Amount.String())
}

// amtSkillTable is the 2024 skill-improvement amounts by national level:
// 初级 (五级) 1000, 中级 (四级) 1500, 高级 (三级) 2000 (DOMAIN.md).
func amtSkillTable(t testing.TB, name string) subsidy.Param {
	return amtTable(t, name, "CNY", "2024-01-01", amtCiteSkill, map[string]string{
		"national-5": "1000", "national-4": "1500", "national-3": "2000",
	})
}

func TestAmountByCategory(t *testing.T) {
	p := amtPolicy(t, []subsidy.Param{amtSkillTable(t, "amounts")}, nil,
		subsidy.AmountByCategory{RuleMeta: amtMeta("amount"), Table: "amounts"})
	day := amtDate("2024-05-01")
	amtRun(t, p, []amtCase{
		{name: "初级", claim: subsidy.Claim{Date: day, Level: certificate.NationalGrade5}, want: "1000.00"},
		// DOMAIN.md worked example: 中级 certificate → 1500.
		{name: "中级", claim: subsidy.Claim{Date: day, Level: certificate.NationalGrade4}, want: "1500.00"},
		{name: "高级", claim: subsidy.Claim{Date: day, Level: certificate.NationalGrade3}, want: "2000.00"},
		{name: "技师 not in the table", claim: subsidy.Claim{Date: day, Level: certificate.NationalGrade2}, reject: "no-amount"},
		{name: "no level", claim: subsidy.Claim{Date: day}, errField: "level"},
	})

	res, err := p.Evaluate(subsidy.Claim{ID: "c-1", Date: day, Level: certificate.NationalGrade2}, subsidy.Options{AsOf: day, Explain: true})
	require.NoError(t, err)
	assert.Equal(t, []subsidy.Reason{{Rule: "amount", Code: "no-amount", Text: `no amount for level "national-2" in "amounts" on 2024-05-01`}}, res.Reasons)
	st := amtStep(t, res, "amount")
	assert.Equal(t, subsidy.Rejected, st.Outcome)

	res, err = p.Evaluate(subsidy.Claim{ID: "c-1", Date: day, Level: certificate.NationalGrade4}, subsidy.Options{AsOf: day, Explain: true})
	require.NoError(t, err)
	st = amtStep(t, res, "amount")
	assert.Equal(t, `the amount for level "national-4" = 1500`, st.Reason)
	require.Len(t, st.Params, 1)
	assert.Equal(t, subsidy.ParamUse{Name: "amounts", Key: "national-4", Value: amtDec("1500"), On: day, From: amtDate("2024-01-01"), Citation: amtCiteSkill}, st.Params[0])
}

func TestAmountByCategoryKeys(t *testing.T) {
	// Fujian: 中级工 class 5000, 高级工 class 6000 per apprentice and year
	// (闽人社文〔2019〕220号).
	classes := amtTable(t, "classes", "CNY", "2019-01-01", amtCiteFujian, map[string]string{"intermediate-class": "5000", "senior-class": "6000"})
	// Amounts by holder kind and occupation are test values.
	kinds := amtTable(t, "kinds", "CNY", "2019-01-01", amtCiteTest, map[string]string{"employee": "100", "student": "50"})
	occs := amtTable(t, "occs", "CNY", "2019-01-01", amtCiteTest, map[string]string{"welder": "300"})
	day := amtDate("2024-05-01")
	tests := []struct {
		key, table string
		claim      subsidy.Claim
		want       string
		errField   string
	}{
		// 10 apprentices × 6000 = 60000.
		{"category", "classes", subsidy.Claim{Date: day, Category: "senior-class", Places: 10}, "60000.00", ""},
		{"category", "classes", subsidy.Claim{Date: day}, "", "category"},
		// 50 × 10 = 500.
		{"holder-kind", "kinds", subsidy.Claim{Date: day, HolderKind: "student", Places: 10}, "500.00", ""},
		{"holder-kind", "kinds", subsidy.Claim{Date: day}, "", "holder_kind"},
		// 300 × 10 = 3000.
		{"occupation", "occs", subsidy.Claim{Date: day, Occupation: "welder", Places: 10}, "3000.00", ""},
		{"occupation", "occs", subsidy.Claim{Date: day}, "", "occupation"},
	}
	for _, tt := range tests {
		p := amtPolicy(t, []subsidy.Param{classes, kinds, occs}, nil,
			subsidy.AmountByCategory{RuleMeta: amtMeta("amount"), Table: tt.table, Key: tt.key, PerPlace: true})
		amtRun(t, p, []amtCase{{name: tt.key + " " + tt.want + tt.errField, claim: tt.claim, want: tt.want, errField: tt.errField}})
	}
}

// amtFujian is the Fujian 高级工-class rate: 6000 per apprentice and year
// (闽人社文〔2019〕220号).
func amtFujian(t testing.TB) subsidy.Param {
	return amtNumber(t, "rate", "CNY", amtEntry{"2019-01-01", "", "6000", amtCiteFujian})
}

func TestRateDuration(t *testing.T) {
	fujian := amtPolicy(t, []subsidy.Param{amtFujian(t)}, nil,
		subsidy.RateDuration{RuleMeta: amtMeta("rate"), Rate: "rate", Per: "year", PerPlace: true})
	training := subsidy.Period{}
	require.NoError(t, training.UnmarshalText([]byte("2024-09-01/2026-08-31")))
	amtRun(t, fujian, []amtCase{
		// DOMAIN.md worked example: 10 apprentices × 6000 × 2 years =
		// 120,000 (two whole training years, 2024-09-01 to 2025-08-31 and
		// 2025-09-01 to 2026-08-31).
		{name: "Fujian", claim: subsidy.Claim{Date: amtDate("2024-09-01"), Training: training, Places: 10}, want: "120000.00"},
		// "training" pays the planned period even if training ended early.
		{name: "Fujian ended early", claim: subsidy.Claim{Date: amtDate("2024-09-01"), Training: training, Places: 10, Ended: amtDate("2025-08-31")}, want: "120000.00"},
		{name: "no training", claim: subsidy.Claim{Date: amtDate("2024-09-01"), Places: 10}, errField: "training"},
	})

	actual := amtPolicy(t, []subsidy.Param{amtFujian(t)}, nil,
		subsidy.RateDuration{RuleMeta: amtMeta("rate"), Rate: "rate", Per: "year", Over: "actual", PerPlace: true})
	amtRun(t, actual, []amtCase{
		// Not ended: the planned end stands. 6000 × 2 × 10 = 120000.
		{name: "not ended", claim: subsidy.Claim{Date: amtDate("2024-09-01"), Training: training, Places: 10}, asOf: "2025-09-30", want: "120000.00"},
		// Ended after one whole training year: 6000 × 1 × 10 = 60000.
		{name: "ended after a year", claim: subsidy.Claim{Date: amtDate("2024-09-01"), Training: training, Places: 10, Ended: amtDate("2025-08-31")}, want: "60000.00"},
		// Ended late, on 2026-11-30: two whole years and 91 days (30 + 31
		// + 30, September to November) of year 3, 2026-09-01 to
		// 2027-08-31, which has 365 days. 6000 × 10 × (2 + 91/365) =
		// 120000 + 5460000/365 = 120000 + 14958.904… = 134958.90.
		{name: "ended late", claim: subsidy.Claim{Date: amtDate("2024-09-01"), Training: training, Places: 10, Ended: amtDate("2026-11-30")}, want: "134958.90"},
	})

	// Qingdao chief technician: 15,000 × 4 years = 60,000 (DOMAIN.md).
	qingdao := amtPolicy(t, []subsidy.Param{amtNumber(t, "allowance", "CNY", amtEntry{"2019-01-01", "", "15000", amtCiteQingdao})}, nil,
		subsidy.RateDuration{RuleMeta: amtMeta("term"), Rate: "allowance", Per: "year"})
	term, err := subsidy.NewPeriod(amtDate("2020-01-01"), amtDate("2023-12-31"))
	require.NoError(t, err)
	amtRun(t, qingdao, []amtCase{{name: "chief technician", claim: subsidy.Claim{Date: amtDate("2020-01-01"), Training: term}, want: "60000.00"}})
}

// TestRateDurationUnits checks the proration per day, month and year.
func TestRateDurationUnits(t *testing.T) {
	rate := amtNumber(t, "rate", "CNY", amtEntry{"2020-01-01", "", "6000", amtCiteFujian})
	monthly := amtNumber(t, "monthly", "CNY", amtEntry{"2020-01-01", "", "1000", amtCiteTest})
	daily := amtNumber(t, "daily", "CNY", amtEntry{"2020-01-01", "", "50", amtCiteTest})
	tests := []struct {
		name, param, per, from, to, want string
	}{
		// 2024-02 has 29 days: 50 × 29 = 1450.
		{"day", "daily", "day", "2024-02-01", "2024-02-29", "1450.00"},
		// January 15 to 31 is 17 of 31 days, February and March whole:
		// 1000 × (17/31 + 2) = 79000/31 = 2548.387… → 2548.39.
		{"month, part first", "monthly", "month", "2025-01-15", "2025-03-31", "2548.39"},
		// A period within one month: 10 of 30 days of June: 1000 × 10/30
		// = 333.333… → 333.33.
		{"month, part of one", "monthly", "month", "2025-06-11", "2025-06-20", "333.33"},
		// 15 January to 14 February are two part months, 17/31 + 14/28
		// (2025 is not a leap year): 1000 × (17/31 + 1/2) = 1000 × 65/62
		// = 1048.387… → 1048.39.
		{"month, straddling", "monthly", "month", "2025-01-15", "2025-02-14", "1048.39"},
		// Training year 1 from 2024-09-01 to 2025-08-31 has 365 days; to
		// 2025-02-28 is 181 of them (30+31+30+31+31+28): 6000 × 181/365
		// = 217200/73 = 2975.342… → 2975.34.
		{"year, part", "rate", "year", "2024-09-01", "2025-02-28", "2975.34"},
		// Training year 1 from 2023-09-01 to 2024-08-31 has 366 days (it
		// holds 2024-02-29); to 2024-02-29 is 182 of them
		// (30+31+30+31+31+29): 6000 × 182/366 = 182000/61 = 2983.606… →
		// 2983.61.
		{"year, part of a leap year", "rate", "year", "2023-09-01", "2024-02-29", "2983.61"},
		// A whole leap training year is one year: 6000.
		{"year, whole leap year", "rate", "year", "2023-09-01", "2024-08-31", "6000.00"},
		// One year and a day: year 2, 2025-09-01 to 2026-08-31, has 365
		// days (2026 is not a leap year), so 6000 × (1 + 1/365) = 6000 +
		// 16.438… = 6016.44.
		{"year and a day", "rate", "year", "2024-09-01", "2025-09-01", "6016.44"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := amtPolicy(t, []subsidy.Param{rate, monthly, daily}, nil,
				subsidy.RateDuration{RuleMeta: amtMeta("rate"), Rate: tt.param, Per: tt.per})
			period, err := subsidy.NewPeriod(amtDate(tt.from), amtDate(tt.to))
			require.NoError(t, err)
			amtRun(t, p, []amtCase{{name: tt.per, claim: subsidy.Claim{Date: amtDate(tt.from), Training: period}, want: tt.want}})
		})
	}
}

// TestRateDurationSplit checks a rate that changes part way through the
// period, and the explanation of it.
func TestRateDurationSplit(t *testing.T) {
	citeOld := subsidy.Citation{Title: "old rate (test value)"}
	citeNew := subsidy.Citation{Title: "new rate (test value)"}
	rate := amtNumber(t, "rate", "CNY",
		amtEntry{"2024-01-01", "2025-12-31", "5000", citeOld},
		amtEntry{"2026-01-01", "", "6000", citeNew})
	p := amtPolicy(t, []subsidy.Param{rate}, nil,
		subsidy.RateDuration{RuleMeta: amtMeta("rate"), Rate: "rate", Per: "year"})
	period, err := subsidy.NewPeriod(amtDate("2025-07-01"), amtDate("2026-06-30"))
	require.NoError(t, err)
	claim := subsidy.Claim{ID: "c-1", Date: amtDate("2025-07-01"), Training: period}
	res, err := p.Evaluate(claim, subsidy.Options{AsOf: amtDate("2026-07-01"), Explain: true})
	require.NoError(t, err)
	// 2025-07-01 to 2026-06-30 is one training year of 365 days: 184 days
	// at 5000 (July to December, 31+31+30+31+30+31) and 181 at 6000
	// (January to June, 31+28+31+30+31+30). 5000 × 184/365 + 6000 ×
	// 181/365 = (920000 + 1086000)/365 = 2006000/365 = 401200/73 =
	// 5495.890…, rounded once, half up to the fen: 5495.89.
	assert.Equal(t, "5495.89", res.Amount.StringFixed(2))
	st := amtStep(t, res, "rate")
	assert.Equal(t, "5000 per year × 184/365 (2025-07-01/2025-12-31) + 6000 per year × 181/365 (2026-01-01/2026-06-30) = 401200/73", st.Reason)
	assert.Equal(t, []subsidy.ParamUse{
		{Name: "rate", Value: amtDec("5000"), On: amtDate("2025-07-01"), From: amtDate("2024-01-01"), Until: amtDate("2025-12-31"), Citation: citeOld},
		{Name: "rate", Value: amtDec("6000"), On: amtDate("2026-01-01"), From: amtDate("2026-01-01"), Citation: citeNew},
	}, st.Params)
	require.NotNil(t, st.Rounding)
	assert.Equal(t, "401200/73", st.Rounding.Before)
	assert.Equal(t, "5495.89", st.Rounding.After.StringFixed(2))
	assert.Equal(t, "0.01", st.Rounding.Rounding.Quantum().String())
	assert.Equal(t, subsidy.HalfUp, st.Rounding.Rounding.Mode())

	// Fixed: the rate on the reference date (training start) for the whole
	// year: 5000 × 1.
	fixed := amtPolicy(t, []subsidy.Param{rate}, nil,
		subsidy.RateDuration{RuleMeta: subsidy.RuleMeta{ID: "rate", On: subsidy.OnTrainingStart}, Rate: "rate", Per: "year", Fixed: true})
	amtRun(t, fixed, []amtCase{{name: "fixed", claim: claim, asOf: "2026-07-01", want: "5000.00"}})

	// Known on the as-of date: before the 6000 was published, the 5000
	// entry is the last known one; it ends on 2025-12-31, so the rest of
	// the year is not covered.
	late := amtNumber(t, "rate", "CNY", amtEntry{"2024-01-01", "", "5000", citeOld})
	late.Number, err = subsidy.NewSeries("rate", []subsidy.Entry[decimal.Decimal]{
		{From: amtDate("2024-01-01"), Value: amtDec("5000"), Citation: citeOld},
		{From: amtDate("2026-01-01"), Value: amtDec("6000"), Citation: citeNew, Published: amtDate("2026-03-01")},
	})
	require.NoError(t, err)
	lp := amtPolicy(t, []subsidy.Param{late}, nil,
		subsidy.RateDuration{RuleMeta: amtMeta("rate"), Rate: "rate", Per: "year"})
	// As of 2026-02-01 the open-ended 5000 runs on: 5000 × 365/365.
	amtRun(t, lp, []amtCase{
		{name: "as known before the change", claim: claim, asOf: "2026-02-01", want: "5000.00"},
		{name: "as known after the change", claim: claim, asOf: "2026-03-01", want: "5495.89"},
	})
}

func TestRateDurationTable(t *testing.T) {
	// Fujian: 中级工 class 5000, 高级工 class 6000 per apprentice and year.
	classes := amtTable(t, "classes", "CNY", "2019-01-01", amtCiteFujian, map[string]string{"intermediate-class": "5000", "senior-class": "6000"})
	p := amtPolicy(t, []subsidy.Param{classes}, nil,
		subsidy.RateDuration{RuleMeta: amtMeta("rate"), Table: "classes", Key: "category", Per: "year", PerPlace: true})
	training, err := subsidy.NewPeriod(amtDate("2024-09-01"), amtDate("2026-08-31"))
	require.NoError(t, err)
	c := subsidy.Claim{Date: amtDate("2024-09-01"), Training: training, Places: 3}
	inter, senior, other := c, c, c
	inter.Category, senior.Category, other.Category = "intermediate-class", "senior-class", "junior-class"
	amtRun(t, p, []amtCase{
		// 5000 × 2 years × 3 places = 30000.
		{name: "中级工 class", claim: inter, want: "30000.00"},
		// 6000 × 2 × 3 = 36000.
		{name: "高级工 class", claim: senior, want: "36000.00"},
		{name: "unknown class", claim: other, reject: "no-amount"},
		{name: "no class", claim: c, errField: "category"},
	})
	res, err := p.Evaluate(func() subsidy.Claim { x := senior; x.ID = "c-1"; return x }(), subsidy.Options{AsOf: amtDate("2024-09-01"), Explain: true})
	require.NoError(t, err)
	assert.Equal(t, `category "senior-class": 6000 per year × 2 (2024-09-01/2026-08-31) = 12000 × 3 places = 36000`, amtStep(t, res, "rate").Reason)
}

func TestPercentOfBase(t *testing.T) {
	// England co-investment: government 90% before 2019-04-01, 95% from
	// (DOMAIN.md). The first entry starts with the levy, 2017-04-06.
	share := amtNumber(t, "government", "percent",
		amtEntry{"2017-04-06", "2019-03-31", "90", amtCiteCoInvest},
		amtEntry{"2019-04-01", "", "95", amtCiteCoInvest})
	p := amtPolicy(t, []subsidy.Param{share}, nil,
		subsidy.PercentOfBase{RuleMeta: subsidy.RuleMeta{ID: "government", On: subsidy.OnTrainingStart}, Percent: "government"})
	after, err := subsidy.NewPeriod(amtDate("2019-04-01"), amtDate("2020-03-31"))
	require.NoError(t, err)
	before, err := subsidy.NewPeriod(amtDate("2019-03-31"), amtDate("2020-03-30"))
	require.NoError(t, err)
	amtRun(t, p, []amtCase{
		// DOMAIN.md worked example: price 12,000, start after 2019-04-01 →
		// government 11,400 (95%), before → 10,800 (90%).
		{name: "from 2019-04-01", claim: subsidy.Claim{Date: amtDate("2019-05-01"), Training: after, Base: amtDec("12000")}, want: "11400.00"},
		{name: "before 2019-04-01", claim: subsidy.Claim{Date: amtDate("2019-05-01"), Training: before, Base: amtDec("12000")}, want: "10800.00"},
		{name: "no base", claim: subsidy.Claim{Date: amtDate("2019-05-01"), Training: after}, errField: "base"},
		{name: "no training for the basis", claim: subsidy.Claim{Date: amtDate("2019-05-01"), Base: amtDec("12000")}, errField: "training"},
	})
	res, err := p.Evaluate(subsidy.Claim{ID: "c-1", Date: amtDate("2019-05-01"), Training: after, Base: amtDec("12000")}, subsidy.Options{AsOf: amtDate("2019-05-01"), Explain: true})
	require.NoError(t, err)
	st := amtStep(t, res, "government")
	assert.Equal(t, "95% of 12000 = 11400", st.Reason)
	assert.Equal(t, []subsidy.ParamUse{{Name: "government", Value: amtDec("95"), On: amtDate("2019-04-01"), From: amtDate("2019-04-01"), Citation: amtCiteCoInvest}}, st.Params)

	// The funding band caps the base: das-funding-apprenticeship-earnings,
	// feature CalculateEarningsForLearningPayments, "Funding Band Maximum
	// Cap": price 8000, band maximum 3750. 95% × min(8000, 3750) = 3562.50.
	band := amtNumber(t, "band", "GBP", amtEntry{"2017-04-06", "", "3750", amtCiteTest})
	pc := amtPolicy(t, []subsidy.Param{share, band}, nil,
		subsidy.PercentOfBase{RuleMeta: subsidy.RuleMeta{ID: "government", On: subsidy.OnTrainingStart}, Percent: "government", BaseCap: "band"})
	amtRun(t, pc, []amtCase{
		{name: "capped", claim: subsidy.Claim{Date: amtDate("2019-05-01"), Training: after, Base: amtDec("8000")}, want: "3562.50"},
		// Below the band: 95% × 3000 = 2850.
		{name: "below the cap", claim: subsidy.Claim{Date: amtDate("2019-05-01"), Training: after, Base: amtDec("3000")}, want: "2850.00"},
	})
	res, err = pc.Evaluate(subsidy.Claim{ID: "c-1", Date: amtDate("2019-05-01"), Training: after, Base: amtDec("8000")}, subsidy.Options{AsOf: amtDate("2019-05-01"), Explain: true})
	require.NoError(t, err)
	assert.Equal(t, "95% of the cap 3750 (the base 8000 is above it) = 3562.5", amtStep(t, res, "government").Reason)
}

// amtGuangdong is a Guangdong-style policy: 6000 a year for the 高级工
// class, +30% for shortage occupations at 高级工 and above (DOMAIN.md).
func amtGuangdong(t testing.TB) *subsidy.Policy {
	amount := amtNumber(t, "amount", "CNY", amtEntry{"2020-01-01", "", "6000", amtCiteGD})
	uplift := amtNumber(t, "uplift", "percent", amtEntry{"2020-01-01", "", "30", amtCiteGD})
	return amtPolicy(t, []subsidy.Param{amount, uplift}, nil,
		subsidy.Amount{RuleMeta: amtMeta("amount"), Amount: "amount"},
		subsidy.Uplift{RuleMeta: amtMeta("shortage"), Percent: "uplift", IfFlag: "shortage-occupation", MinLevel: certificate.SeniorWorker})
}

func TestUplift(t *testing.T) {
	p := amtGuangdong(t)
	day := amtDate("2024-05-01")
	shortage := []string{"shortage-occupation"}
	amtRun(t, p, []amtCase{
		// DOMAIN.md worked example: 6000 × 1.3 = 7800.
		{name: "高级工 in a shortage occupation", claim: subsidy.Claim{Date: day, Level: certificate.SeniorWorker, Flags: shortage}, want: "7800.00"},
		{name: "技师 in a shortage occupation", claim: subsidy.Claim{Date: day, Level: certificate.Technician, Flags: shortage}, want: "7800.00"},
		{name: "not a shortage occupation", claim: subsidy.Claim{Date: day, Level: certificate.SeniorWorker}, want: "6000.00"},
		{name: "中级工", claim: subsidy.Claim{Date: day, Level: certificate.IntermediateWorker, Flags: shortage}, want: "6000.00"},
		{name: "another ladder", claim: subsidy.Claim{Date: day, Level: certificate.NationalGrade3, Flags: shortage}, want: "6000.00"},
		{name: "no level", claim: subsidy.Claim{Date: day, Flags: shortage}, errField: "level"},
	})

	tests := []struct {
		name    string
		claim   subsidy.Claim
		outcome subsidy.Outcome
		reason  string
	}{
		{"applied", subsidy.Claim{Level: certificate.SeniorWorker, Flags: shortage}, subsidy.Applied, "6000 × (1 + 30%) = 7800"},
		{"no flag", subsidy.Claim{Level: certificate.SeniorWorker}, subsidy.Skipped, `the claim is not flagged "shortage-occupation"`},
		{"level below", subsidy.Claim{Level: certificate.IntermediateWorker, Flags: shortage}, subsidy.Skipped, "the level eight-intermediate is below eight-senior"},
		{"another ladder", subsidy.Claim{Level: certificate.NationalGrade3, Flags: shortage}, subsidy.Skipped, "the level national-3 is not on the ladder of eight-senior"},
	}
	for _, tt := range tests {
		t.Run("explained "+tt.name, func(t *testing.T) {
			c := tt.claim
			c.ID, c.Date = "c-1", day
			res, err := p.Evaluate(c, subsidy.Options{AsOf: day, Explain: true})
			require.NoError(t, err)
			st := amtStep(t, res, "shortage")
			assert.Equal(t, tt.outcome, st.Outcome)
			assert.Equal(t, tt.reason, st.Reason)
			if tt.outcome == subsidy.Applied {
				assert.Equal(t, []subsidy.ParamUse{{Name: "uplift", Value: amtDec("30"), On: day, From: amtDate("2020-01-01"), Citation: amtCiteGD}}, st.Params)
			} else {
				assert.Empty(t, st.Params)
				assert.True(t, st.Before.Equal(st.After))
			}
		})
	}

	// Without flag or level the uplift always applies: 1000 × 1.3 = 1300
	// (test value).
	base := amtNumber(t, "amount", "CNY", amtEntry{"2020-01-01", "", "1000", amtCiteTest})
	up := amtNumber(t, "uplift", "percent", amtEntry{"2020-01-01", "", "30", amtCiteGD})
	always := amtPolicy(t, []subsidy.Param{base, up}, nil,
		subsidy.Amount{RuleMeta: amtMeta("amount"), Amount: "amount"},
		subsidy.Uplift{RuleMeta: amtMeta("up"), Percent: "uplift"})
	amtRun(t, always, []amtCase{{name: "unconditional", claim: subsidy.Claim{Date: day}, want: "1300.00"}})
}

func TestShare(t *testing.T) {
	// The government's 95% of a price capped at the band maximum: 100% of
	// min(8000, 3750) = 3750, then 95% of it = 3562.50 (das feature
	// "Funding Band Maximum Cap"; 95% from DOMAIN.md).
	full := amtNumber(t, "full", "percent", amtEntry{"2017-04-06", "", "100", amtCiteTest})
	band := amtNumber(t, "band", "GBP", amtEntry{"2017-04-06", "", "3750", amtCiteTest})
	gov := amtNumber(t, "government", "percent", amtEntry{"2019-04-01", "", "95", amtCiteCoInvest})
	p := amtPolicy(t, []subsidy.Param{full, band, gov}, nil,
		subsidy.PercentOfBase{RuleMeta: amtMeta("price"), Percent: "full", BaseCap: "band"},
		subsidy.Share{RuleMeta: amtMeta("government"), Percent: "government"})
	day := amtDate("2019-05-01")
	amtRun(t, p, []amtCase{{name: "capped price", claim: subsidy.Claim{Date: day, Base: amtDec("8000")}, want: "3562.50"}})

	res, err := p.Evaluate(subsidy.Claim{ID: "c-1", Date: day, Base: amtDec("8000")}, subsidy.Options{AsOf: day, Explain: true})
	require.NoError(t, err)
	st := amtStep(t, res, "government")
	assert.Equal(t, "95% of 3750 = 3562.5", st.Reason)
	assert.Equal(t, "3750.00", st.Before.StringFixed(2))
	assert.Equal(t, "3562.50", st.After.StringFixed(2))
	assert.Nil(t, st.Rounding)
}

// TestShareRounding checks a share that needs rounding and its record.
func TestShareRounding(t *testing.T) {
	// 1000.01 × 95% = 950.0095 → 950.01 half up (test values).
	amount := amtNumber(t, "amount", "CNY", amtEntry{"2024-01-01", "", "1000.01", amtCiteTest})
	gov := amtNumber(t, "government", "percent", amtEntry{"2024-01-01", "", "95", amtCiteTest})
	p := amtPolicy(t, []subsidy.Param{amount, gov}, nil,
		subsidy.Amount{RuleMeta: amtMeta("amount"), Amount: "amount"},
		subsidy.Share{RuleMeta: amtMeta("share"), Percent: "government"})
	day := amtDate("2024-05-01")
	res, err := p.Evaluate(subsidy.Claim{ID: "c-1", Date: day}, subsidy.Options{AsOf: day, Explain: true})
	require.NoError(t, err)
	assert.Equal(t, "950.01", res.Amount.StringFixed(2))
	st := amtStep(t, res, "share")
	require.NotNil(t, st.Rounding)
	assert.Equal(t, "950.0095", st.Rounding.Before)
	assert.Equal(t, "950.01", st.Rounding.After.StringFixed(2))
}

func TestMinimum(t *testing.T) {
	// A city standard of 4500 below the national 5000 (DOMAIN.md, 2021
	// guidance): where a policy raises it instead of refusing it, 4500 →
	// 5000.
	city := amtNumber(t, "city", "CNY", amtEntry{"2021-01-01", "", "4500", amtCiteTest})
	floor := amtNumber(t, "floor", "CNY", amtEntry{"2021-01-01", "", "5000", amtCiteTest})
	high := amtNumber(t, "high", "CNY", amtEntry{"2021-01-01", "", "6000", amtCiteFujian})
	day := amtDate("2024-05-01")
	raise := amtPolicy(t, []subsidy.Param{city, floor, high}, nil,
		subsidy.Amount{RuleMeta: amtMeta("amount"), Amount: "city", PerPlace: true},
		subsidy.Minimum{RuleMeta: amtMeta("floor"), Amount: "floor", PerPlace: true})
	amtRun(t, raise, []amtCase{
		{name: "raised", claim: subsidy.Claim{Date: day}, want: "5000.00"},
		// 4500 × 3 = 13500 raised to 5000 × 3 = 15000.
		{name: "raised per place", claim: subsidy.Claim{Date: day, Places: 3}, want: "15000.00"},
	})
	res, err := raise.Evaluate(subsidy.Claim{ID: "c-1", Date: day}, subsidy.Options{AsOf: day, Explain: true})
	require.NoError(t, err)
	st := amtStep(t, res, "floor")
	assert.Equal(t, subsidy.Applied, st.Outcome)
	assert.Equal(t, "raised from 4500 to the floor 5000", st.Reason)
	assert.Equal(t, "floor", st.Params[0].Name)

	above := amtPolicy(t, []subsidy.Param{city, floor, high}, nil,
		subsidy.Amount{RuleMeta: amtMeta("amount"), Amount: "high"},
		subsidy.Minimum{RuleMeta: amtMeta("floor"), Amount: "floor"})
	res, err = above.Evaluate(subsidy.Claim{ID: "c-1", Date: day}, subsidy.Options{AsOf: day, Explain: true})
	require.NoError(t, err)
	assert.Equal(t, "6000.00", res.Amount.StringFixed(2))
	st = amtStep(t, res, "floor")
	assert.Equal(t, subsidy.Skipped, st.Outcome)
	assert.Equal(t, "the award 6000 already reaches the floor 5000", st.Reason)

	// Nothing granted: a floor does not create an award.
	zero := amtPolicy(t, []subsidy.Param{floor}, nil, subsidy.Minimum{RuleMeta: amtMeta("floor"), Amount: "floor"})
	res, err = zero.Evaluate(subsidy.Claim{ID: "c-1", Date: day}, subsidy.Options{AsOf: day, Explain: true})
	require.NoError(t, err)
	assert.False(t, res.Granted)
	assert.True(t, res.Amount.IsZero())
	st = amtStep(t, res, "floor")
	assert.Equal(t, subsidy.Skipped, st.Outcome)
	assert.Equal(t, "nothing was granted to raise", st.Reason)
}

func TestCap(t *testing.T) {
	// 2024 skill-improvement caps by level, 1000/1500/2000 (DOMAIN.md),
	// over a base paid in full (100%, test value).
	full := amtNumber(t, "full", "percent", amtEntry{"2024-01-01", "", "100", amtCiteTest})
	p := amtPolicy(t, []subsidy.Param{full, amtSkillTable(t, "caps")}, nil,
		subsidy.PercentOfBase{RuleMeta: amtMeta("cost"), Percent: "full"},
		subsidy.Cap{RuleMeta: amtMeta("cap"), Table: "caps"})
	day := amtDate("2024-05-01")
	// Bases of 1800 and 1200 are test values around the 中级 cap.
	amtRun(t, p, []amtCase{
		// min(1800, 1500) = 1500 for 中级.
		{name: "capped", claim: subsidy.Claim{Date: day, Level: certificate.NationalGrade4, Base: amtDec("1800")}, want: "1500.00"},
		{name: "within", claim: subsidy.Claim{Date: day, Level: certificate.NationalGrade4, Base: amtDec("1200")}, want: "1200.00"},
		{name: "exactly the cap", claim: subsidy.Claim{Date: day, Level: certificate.NationalGrade3, Base: amtDec("2000")}, want: "2000.00"},
		{name: "no cap for 技师", claim: subsidy.Claim{Date: day, Level: certificate.NationalGrade2, Base: amtDec("1800")}, reject: "no-cap"},
		{name: "no level", claim: subsidy.Claim{Date: day, Base: amtDec("1800")}, errField: "level"},
	})

	res, err := p.Evaluate(subsidy.Claim{ID: "c-1", Date: day, Level: certificate.NationalGrade4, Base: amtDec("1800")}, subsidy.Options{AsOf: day, Explain: true})
	require.NoError(t, err)
	st := amtStep(t, res, "cap")
	assert.Equal(t, subsidy.Applied, st.Outcome)
	assert.Equal(t, `level "national-4": limited from 1800 to the cap 1500`, st.Reason)
	assert.Equal(t, []subsidy.ParamUse{{Name: "caps", Key: "national-4", Value: amtDec("1500"), On: day, From: amtDate("2024-01-01"), Citation: amtCiteSkill}}, st.Params)
	require.Len(t, res.Contributions, 2)
	assert.Equal(t, "-300", res.Contributions[1].Amount.String())

	res, err = p.Evaluate(subsidy.Claim{ID: "c-1", Date: day, Level: certificate.NationalGrade4, Base: amtDec("1200")}, subsidy.Options{AsOf: day, Explain: true})
	require.NoError(t, err)
	st = amtStep(t, res, "cap")
	assert.Equal(t, subsidy.Skipped, st.Outcome)
	assert.Equal(t, "the award 1200 is within the cap 1500", st.Reason)

	// A number cap per place: 1800 × 2 = 3600 over 1500 × 2 = 3000.
	limit := amtNumber(t, "limit", "CNY", amtEntry{"2024-01-01", "", "1500", amtCiteSkill})
	pp := amtPolicy(t, []subsidy.Param{full, limit}, nil,
		subsidy.PercentOfBase{RuleMeta: amtMeta("cost"), Percent: "full"},
		subsidy.Cap{RuleMeta: amtMeta("cap"), Amount: "limit", PerPlace: true})
	amtRun(t, pp, []amtCase{{name: "per place", claim: subsidy.Claim{Date: day, Places: 2, Base: amtDec("3600")}, want: "3000.00"}})
}

// TestAmountRulesAfterRejection checks that the amount rules do not run
// once a claim is rejected, and the award is zero.
func TestAmountRulesAfterRejection(t *testing.T) {
	p := amtPolicy(t, []subsidy.Param{amtSkillTable(t, "amounts"), amtFujian(t)}, nil,
		subsidy.AmountByCategory{RuleMeta: amtMeta("amount"), Table: "amounts"},
		subsidy.Amount{RuleMeta: amtMeta("more"), Amount: "rate"})
	day := amtDate("2024-05-01")
	res, err := p.Evaluate(subsidy.Claim{ID: "c-1", Date: day, Level: certificate.NationalGrade1}, subsidy.Options{AsOf: day, Explain: true})
	require.NoError(t, err)
	assert.False(t, res.Granted)
	assert.Equal(t, subsidy.Skipped, amtStep(t, res, "more").Outcome)
	assert.Empty(t, res.Payments)
}

// TestAmountRulesCheck lists bad rules and the JSON path NewPolicy names.
func TestAmountRulesCheck(t *testing.T) {
	num := amtNumber(t, "num", "CNY", amtEntry{"2024-01-01", "", "100", amtCiteTest})
	neg := amtNumber(t, "neg", "CNY", amtEntry{"2024-01-01", "", "-1", amtCiteTest})
	over := amtNumber(t, "over", "percent", amtEntry{"2024-01-01", "", "100.5", amtCiteTest})
	tab := amtSkillTable(t, "tab")
	negTab := amtTable(t, "negtab", "CNY", "2024-01-01", amtCiteTest, map[string]string{"a": "1", "b": "-2"})
	params := []subsidy.Param{num, neg, over, tab, negTab}
	tests := []struct {
		name     string
		rule     subsidy.Rule
		path     string
		contains string
	}{
		{"amount missing", subsidy.Amount{RuleMeta: amtMeta("r"), Amount: ""}, "rules[0].amount", "required"},
		{"amount unknown", subsidy.Amount{RuleMeta: amtMeta("r"), Amount: "nope"}, "rules[0].amount", "no such parameter"},
		{"amount is a table", subsidy.Amount{RuleMeta: amtMeta("r"), Amount: "tab"}, "rules[0].amount", "is a table"},
		{"amount negative", subsidy.Amount{RuleMeta: amtMeta("r"), Amount: "neg"}, "rules[0].amount", `"neg" = -1 (entry from 2024-01-01)`},
		{"category bad key", subsidy.AmountByCategory{RuleMeta: amtMeta("r"), Table: "tab", Key: "colour"}, "rules[0].key", `"colour"`},
		{"category number", subsidy.AmountByCategory{RuleMeta: amtMeta("r"), Table: "num"}, "rules[0].table", "is a number"},
		{"category negative", subsidy.AmountByCategory{RuleMeta: amtMeta("r"), Table: "negtab"}, "rules[0].table", `"negtab".b = -2`},
		{"rate bad per", subsidy.RateDuration{RuleMeta: amtMeta("r"), Rate: "num", Per: "week"}, "rules[0].per", `"week"`},
		{"rate no per", subsidy.RateDuration{RuleMeta: amtMeta("r"), Rate: "num"}, "rules[0].per", `must be "year"`},
		{"rate bad over", subsidy.RateDuration{RuleMeta: amtMeta("r"), Rate: "num", Per: "day", Over: "planned"}, "rules[0].over", `"planned"`},
		{"rate both", subsidy.RateDuration{RuleMeta: amtMeta("r"), Rate: "num", Table: "tab", Per: "day"}, "rules[0].rate", "not both"},
		{"rate neither", subsidy.RateDuration{RuleMeta: amtMeta("r"), Per: "day"}, "rules[0].rate", "required"},
		{"rate key without table", subsidy.RateDuration{RuleMeta: amtMeta("r"), Rate: "num", Key: "level", Per: "day"}, "rules[0].key", "only for a table"},
		{"rate bad key", subsidy.RateDuration{RuleMeta: amtMeta("r"), Table: "tab", Key: "x", Per: "day"}, "rules[0].key", `"x"`},
		{"percent over 100", subsidy.PercentOfBase{RuleMeta: amtMeta("r"), Percent: "over"}, "rules[0].percent", "between 0 and 100"},
		{"percent negative", subsidy.PercentOfBase{RuleMeta: amtMeta("r"), Percent: "neg"}, "rules[0].percent", "between 0 and 100"},
		{"base cap negative", subsidy.PercentOfBase{RuleMeta: amtMeta("r"), Percent: "num", BaseCap: "neg"}, "rules[0].base_cap", "negative"},
		{"base cap unknown", subsidy.PercentOfBase{RuleMeta: amtMeta("r"), Percent: "num", BaseCap: "x"}, "rules[0].base_cap", "no such parameter"},
		{"uplift negative", subsidy.Uplift{RuleMeta: amtMeta("r"), Percent: "neg"}, "rules[0].percent", "negative"},
		{"uplift bad level", subsidy.Uplift{RuleMeta: amtMeta("r"), Percent: "num", MinLevel: certificate.Level(0x7f)}, "rules[0].min_level", "not a valid skill level"},
		{"uplift bad flag", subsidy.Uplift{RuleMeta: amtMeta("r"), Percent: "num", IfFlag: "a\x00b"}, "rules[0].if_flag", "control"},
		{"share over 100", subsidy.Share{RuleMeta: amtMeta("r"), Percent: "over"}, "rules[0].percent", "between 0 and 100"},
		{"floor both", subsidy.Minimum{RuleMeta: amtMeta("r"), Amount: "num", Table: "tab"}, "rules[0].amount", "not both"},
		{"floor negative", subsidy.Minimum{RuleMeta: amtMeta("r"), Amount: "neg"}, "rules[0].amount", "negative"},
		{"cap neither", subsidy.Cap{RuleMeta: amtMeta("r")}, "rules[0].amount", "required"},
		{"cap table negative", subsidy.Cap{RuleMeta: amtMeta("r"), Table: "negtab", Key: "category"}, "rules[0].table", "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := subsidy.NewPolicy(amtDefinition(t, params, nil, tt.rule))
			var pe *subsidy.PolicyError
			require.ErrorAs(t, err, &pe)
			assert.ErrorIs(t, err, subsidy.ErrInvalidPolicy)
			assert.Equal(t, tt.path, pe.Path)
			assert.Contains(t, err.Error(), tt.contains)
		})
	}
}

// TestAmountRulesJSON checks the JSON names of the rules' fields, as the
// policy's canonical form writes them.
func TestAmountRulesJSON(t *testing.T) {
	num := amtNumber(t, "num", "CNY", amtEntry{"2024-01-01", "", "100", amtCiteTest})
	tab := amtSkillTable(t, "tab")
	p := amtPolicy(t, []subsidy.Param{num, tab}, nil,
		subsidy.Amount{RuleMeta: amtMeta("a"), Amount: "num", PerPlace: true},
		subsidy.AmountByCategory{RuleMeta: amtMeta("b"), Table: "tab", Key: "level"},
		subsidy.RateDuration{RuleMeta: subsidy.RuleMeta{ID: "c", On: subsidy.OnTrainingStart}, Rate: "num", Per: "month", Over: "actual", Fixed: true},
		subsidy.PercentOfBase{RuleMeta: amtMeta("d"), Percent: "num", BaseCap: "num"},
		subsidy.Uplift{RuleMeta: amtMeta("e"), Percent: "num", IfFlag: "shortage", MinLevel: certificate.SeniorWorker},
		subsidy.Share{RuleMeta: amtMeta("f"), Percent: "num"},
		subsidy.Minimum{RuleMeta: amtMeta("g"), Table: "tab"},
		subsidy.Cap{RuleMeta: amtMeta("h"), Amount: "num"})
	b, err := p.MarshalJSON()
	require.NoError(t, err)
	for _, want := range []string{
		`{"kind":"amount","id":"a","amount":"num","per_place":true}`,
		`{"kind":"amount-by-category","id":"b","table":"tab","key":"level"}`,
		`{"kind":"rate-duration","id":"c","on":"start","rate":"num","per":"month","over":"actual","fixed":true}`,
		`{"kind":"percent-of-base","id":"d","percent":"num","base_cap":"num"}`,
		`{"kind":"uplift","id":"e","percent":"num","if_flag":"shortage","min_level":"eight-senior"}`,
		`{"kind":"share","id":"f","percent":"num"}`,
		`{"kind":"floor","id":"g","table":"tab"}`,
		`{"kind":"cap","id":"h","amount":"num"}`,
	} {
		assert.Contains(t, string(b), want)
	}
}

// TestRateDurationProperty checks the definition of RateDuration on random
// periods with a rate changing on a random day: the exact amount (read from
// the explanation) equals the sum over the days of rate × weight, computed
// day by day with math/big and a calendar of its own, and the rounded
// amount is that sum rounded half up to the fen.
func TestRateDurationProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(2024, 9))
	for _, per := range []string{"day", "month", "year"} {
		t.Run(per, func(t *testing.T) {
			for range 150 {
				amtRateProperty(t, rng, per)
			}
		})
	}
}

func amtRateProperty(t *testing.T, rng *rand.Rand, per string) {
	t.Helper()
	start := time.Date(2020+rng.IntN(10), time.Month(1+rng.IntN(12)), 1+rng.IntN(31), 0, 0, 0, 0, time.UTC)
	days := 1 + rng.IntN(1500)
	end := start.AddDate(0, 0, days-1)
	change := start.AddDate(0, 0, rng.IntN(days+30)) // may fall after the end
	// Rates with up to two decimals.
	r1 := big.NewRat(int64(rng.IntN(2000000)), 100)
	r2 := big.NewRat(int64(rng.IntN(2000000)), 100)
	civ := func(tm time.Time) subsidy.Date { return amtDate(tm.Format("2006-01-02")) }
	rate := amtNumber(t, "rate", "CNY",
		amtEntry{"2019-01-01", civ(change.AddDate(0, 0, -1)).String(), r1.FloatString(2), amtCiteTest},
		amtEntry{civ(change).String(), "", r2.FloatString(2), amtCiteTest})
	p := amtPolicy(t, []subsidy.Param{rate}, nil, subsidy.RateDuration{RuleMeta: amtMeta("r"), Rate: "rate", Per: per})
	period, err := subsidy.NewPeriod(civ(start), civ(end))
	require.NoError(t, err)
	res, err := p.Evaluate(subsidy.Claim{ID: "c-1", Date: civ(start), Training: period}, subsidy.Options{AsOf: civ(end), Explain: true})
	require.NoError(t, err)

	// The anniversaries of start, a missing 29 February becoming the 28th.
	anniversary := func(k int) time.Time {
		y := start.Year() + k
		d := min(start.Day(), time.Date(y, start.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day())
		return time.Date(y, start.Month(), d, 0, 0, 0, 0, time.UTC)
	}
	want := new(big.Rat)
	k := 0
	for day := start; !day.After(end); day = day.AddDate(0, 0, 1) {
		w := big.NewRat(1, 1)
		switch per {
		case "month":
			w.SetFrac64(1, int64(time.Date(day.Year(), day.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()))
		case "year":
			for !day.Before(anniversary(k + 1)) {
				k++
			}
			w.SetFrac64(1, int64(anniversary(k+1).Sub(anniversary(k)).Hours()/24))
		}
		r := r1
		if !day.Before(change) {
			r = r2
		}
		want.Add(want, w.Mul(w, r))
	}
	st := amtStep(t, res, "r")
	exactText := st.After.String()
	if st.Rounding != nil {
		exactText = st.Rounding.Before
	}
	got, ok := new(big.Rat).SetString(exactText)
	require.True(t, ok, exactText)
	require.Equal(t, want.RatString(), got.RatString(), "%s over %v, change %v, rates %v %v", per, period, civ(change), r1, r2)
	require.Equal(t, want.FloatString(2), res.Amount.StringFixed(2))
}

// BenchmarkAmountRules measures evaluations whose work is the amount rules,
// with explanations off and on.
func BenchmarkAmountRules(b *testing.B) {
	day := amtDate("2024-05-01")
	full := amtNumber(b, "full", "percent", amtEntry{"2024-01-01", "", "100", amtCiteTest})
	changing := amtNumber(b, "changing", "CNY", amtEntry{"2024-01-01", "2025-12-31", "5000", amtCiteTest}, amtEntry{"2026-01-01", "", "6000", amtCiteTest})
	cases := []struct {
		name  string
		p     *subsidy.Policy
		claim subsidy.Claim
	}{
		// The engine alone: one amount, no schedule.
		{"baseline", amtPolicy(b, []subsidy.Param{amtFujian(b)}, nil, subsidy.Amount{RuleMeta: amtMeta("a"), Amount: "rate"}),
			subsidy.Claim{ID: "c-1", Date: day}},
		{"by-category+cap", amtPolicy(b, []subsidy.Param{amtSkillTable(b, "amounts"), amtSkillTable(b, "caps"), full}, nil,
			subsidy.AmountByCategory{RuleMeta: amtMeta("amount"), Table: "amounts"},
			subsidy.Cap{RuleMeta: amtMeta("cap"), Table: "caps"}),
			subsidy.Claim{ID: "c-1", Date: day, Level: certificate.NationalGrade4}},
		{"rate-duration", amtPolicy(b, []subsidy.Param{amtFujian(b)}, nil,
			subsidy.RateDuration{RuleMeta: amtMeta("rate"), Rate: "rate", Per: "year", PerPlace: true}),
			subsidy.Claim{ID: "c-1", Date: day, Training: schedPeriod(b, "2024-09-01", "2026-08-31"), Places: 10}},
		{"rate-duration-split", amtPolicy(b, []subsidy.Param{changing}, nil,
			subsidy.RateDuration{RuleMeta: amtMeta("rate"), Rate: "changing", Per: "month"}),
			subsidy.Claim{ID: "c-1", Date: day, Training: schedPeriod(b, "2025-07-15", "2026-06-30")}},
		{"amount+uplift", amtGuangdong(b),
			subsidy.Claim{ID: "c-1", Date: day, Level: certificate.SeniorWorker, Flags: []string{"shortage-occupation"}}},
		{"prepay-settle", schedFujian(b),
			subsidy.Claim{ID: "c-1", Date: day, Training: schedPeriod(b, "2024-09-01", "2026-08-31"), Places: 10, Ended: amtDate("2026-08-31"), Completed: 8}},
	}
	for _, tc := range cases {
		for _, explain := range []bool{false, true} {
			name := tc.name + "/fast"
			if explain {
				name = tc.name + "/explain"
			}
			b.Run(name, func(b *testing.B) {
				opts := subsidy.Options{AsOf: amtDate("2026-09-30"), Explain: explain}
				b.ReportAllocs()
				for b.Loop() {
					if _, err := tc.p.Evaluate(tc.claim, opts); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// TestEachRuleRounds pins what the package doc says of rounding: a rule's
// arithmetic is exact and rounded once, at its end, and the next rule
// rounds its own result again. 6000 a year over 2024-09-01..2025-09-03 is
// 368 days: 6000 × 368/365 = 6049.315… → 6049.32; the uplift of 30% gives
// 6049.32 × 1.3 = 7864.116 → 7864.12, where one rounding of
// 6000 × 1.3 × 368/365 = 7864.109… would give 7864.11.
func TestEachRuleRounds(t *testing.T) {
	rate := amtNumber(t, "rate", "CNY", amtEntry{"2020-01-01", "", "6000", amtCiteGD})
	uplift := amtNumber(t, "uplift", "percent", amtEntry{"2020-01-01", "", "30", amtCiteGD})
	p := amtPolicy(t, []subsidy.Param{rate, uplift}, nil,
		subsidy.RateDuration{RuleMeta: amtMeta("rate"), Rate: "rate", Per: "year"},
		subsidy.Uplift{RuleMeta: amtMeta("shortage"), Percent: "uplift"})
	training, err := subsidy.NewPeriod(amtDate("2024-09-01"), amtDate("2025-09-03"))
	require.NoError(t, err)
	res, err := p.Evaluate(subsidy.Claim{ID: "c", Date: amtDate("2024-09-01"), Training: training}, subsidy.Options{AsOf: amtDate("2024-09-01"), Explain: true})
	require.NoError(t, err)
	assert.Equal(t, "6049.32", amtStep(t, res, "rate").After.StringFixed(2))
	assert.Equal(t, "7864.12", res.Amount.StringFixed(2))
}

// TestArithmeticOutOfRange: a claim that passes Validate but whose numbers,
// times the policy's, are too large for the engine's exact arithmetic is a
// *ClaimError naming the field the rule multiplied by. A base of 10^17
// yuan is 10^19 fen, beyond int64 (about 9.2 × 10^18); 9 × 10^16 a place
// for 1,000 places likewise.
func TestArithmeticOutOfRange(t *testing.T) {
	pct := amtNumber(t, "pct", "percent", amtEntry{"2020-01-01", "", "95", amtCiteGD})
	p := amtPolicy(t, []subsidy.Param{pct}, nil, subsidy.PercentOfBase{RuleMeta: amtMeta("co-investment"), Percent: "pct"})
	day := amtDate("2024-01-10")
	c := subsidy.Claim{ID: "c1", Date: day, Base: amtDec("1e17")}
	require.NoError(t, c.Validate())
	_, err := p.Evaluate(c, subsidy.Options{AsOf: day})
	var ce *subsidy.ClaimError
	require.ErrorAs(t, err, &ce)
	require.ErrorIs(t, err, subsidy.ErrInvalidClaim)
	assert.Equal(t, "base", ce.Field)
	assert.Equal(t, "100000000000000000", ce.Value)
	assert.Contains(t, ce.Reason, `too large for exact arithmetic in rule "co-investment"`)

	amount := amtNumber(t, "amount", "CNY", amtEntry{"2020-01-01", "", "90000000000000000", amtCiteGD})
	p = amtPolicy(t, []subsidy.Param{amount}, nil, subsidy.Amount{RuleMeta: amtMeta("per-place"), Amount: "amount", PerPlace: true})
	_, err = p.Evaluate(subsidy.Claim{ID: "c2", Date: day, Places: 1000}, subsidy.Options{AsOf: day})
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "places", ce.Field)
	assert.Equal(t, "1000", ce.Value)
	assert.Equal(t, `subsidy: claim "c2": places = 1000: `+ce.Reason, err.Error())
}

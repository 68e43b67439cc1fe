package subsidy_test

import (
	"errors"
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// Citations of the test parameters. The numbers are those of DOMAIN.md,
// "Subsidies (China)" and "United Kingdom (England)".
var (
	// 2017 rules: 36 months of contributions, claim within 12 months of
	// issue, certificates issued from 2017-01-01.
	condCite2017 = subsidy.Citation{Title: "人力资源社会保障部 财政部关于失业保险支持参保职工提升职业技能有关问题的通知", Number: "人社部发〔2017〕40号"}
	// From 2019-01-01: 12 months of contributions (the document number is
	// not confirmed, so none is given).
	condCite2019 = subsidy.Citation{Title: "skill-improvement subsidy: 12 months of contributions from 2019-01-01 (DOMAIN.md)"}
	// 2024 version, valid to 2024-12-31: insured one year or on benefit,
	// caps 1000/1500/2000 by level.
	condCite2024 = subsidy.Citation{Title: "skill-improvement subsidy, 2024 version (DOMAIN.md)"}
	// 2021 national guidance on the enterprise new-type apprenticeship:
	// contract ≥ 1 year, training 1–2 years, up to 3 in special cases.
	condCite2021 = subsidy.Citation{Title: "enterprise new-type apprenticeship, 2021 national guidance (DOMAIN.md)"}
	// England: incentives for apprentices aged 16–18 at the start.
	condCiteUK = subsidy.Citation{Title: "apprenticeship funding rules, incentives (DOMAIN.md)"}
)

func condDate(s string) subsidy.Date { return subsidy.MustParseDate(s) }

// condEntry is one entry of a test parameter; until and published may be
// empty.
type condEntry struct {
	from, until, value, published string
	cite                          subsidy.Citation
}

func condNumber(t testing.TB, name, unit string, entries ...condEntry) subsidy.Param {
	t.Helper()
	es := make([]subsidy.Entry[decimal.Decimal], len(entries))
	for i, e := range entries {
		es[i] = subsidy.Entry[decimal.Decimal]{From: condDate(e.from), Value: decimal.RequireFromString(e.value), Citation: e.cite}
		if e.until != "" {
			es[i].Until = condDate(e.until)
		}
		if e.published != "" {
			es[i].Published = condDate(e.published)
		}
	}
	s, err := subsidy.NewSeries(name, es)
	require.NoError(t, err)
	return subsidy.Param{Name: name, Unit: unit, Number: s}
}

func condTable(t testing.TB, name, from, until string, cite subsidy.Citation, values map[string]string) subsidy.Param {
	t.Helper()
	m := make(map[string]decimal.Decimal, len(values))
	for k, v := range values {
		m[k] = decimal.RequireFromString(v)
	}
	s, err := subsidy.NewSeries(name, []subsidy.Entry[map[string]decimal.Decimal]{
		{From: condDate(from), Until: condDate(until), Value: m, Citation: cite},
	})
	require.NoError(t, err)
	return subsidy.Param{Name: name, Unit: "CNY", Table: s}
}

// condMinInsured: 36 months under the 2017 rules, 12 from 2019-01-01, 12
// under the 2024 version until 2024-12-31 (DOMAIN.md).
func condMinInsured(t testing.TB) subsidy.Param {
	return condNumber(t, "min-insured", "months",
		condEntry{from: "2017-01-01", until: "2018-12-31", value: "36", cite: condCite2017},
		condEntry{from: "2019-01-01", until: "2023-12-31", value: "12", cite: condCite2019},
		condEntry{from: "2024-01-01", until: "2024-12-31", value: "12", cite: condCite2024},
	)
}

// condCaps: the 2024 caps by level, 初级 1000, 中级 1500, 高级 2000 (DOMAIN.md),
// keyed by the national level codes.
func condCaps(t testing.TB) subsidy.Param {
	return condTable(t, "caps", "2024-01-01", "2024-12-31", condCite2024,
		map[string]string{"national-5": "1000", "national-4": "1500", "national-3": "2000"})
}

// condPolicy builds a test policy of the skill-improvement scheme in CNY,
// rounded to the fen half up.
func condPolicy(t testing.TB, params []subsidy.Param, rules ...subsidy.Rule) *subsidy.Policy {
	t.Helper()
	p, err := condTryPolicy(params, rules...)
	require.NoError(t, err)
	return p
}

func condTryPolicy(params []subsidy.Param, rules ...subsidy.Rule) (*subsidy.Policy, error) {
	r, err := subsidy.NewRounding(decimal.New(1, -2), subsidy.HalfUp)
	if err != nil {
		return nil, err
	}
	return subsidy.NewPolicy(subsidy.Definition{
		Name: "cond-test", Version: "1", Currency: "CNY", Scheme: "skill-improvement", Rounding: r,
		Params: params, Rules: rules,
	})
}

// condMeta is the RuleMeta of the rule under test.
func condMeta(on subsidy.DateBasis) subsidy.RuleMeta {
	return subsidy.RuleMeta{ID: "under-test", On: on}
}

// condBase is the claim the cases change: the DOMAIN.md worked example, 14
// months insured, a 中级 (national-4) certificate claimed within 12 months.
func condBase() subsidy.Claim {
	return subsidy.Claim{
		ID: "c-1", Date: condDate("2024-06-01"), Person: "P1", Organisation: "E1",
		Occupation: "4-04-05-01", Level: certificate.NationalGrade4, Certificate: "C-1",
		Issued: condDate("2024-01-10"), InsuredMonths: 14,
	}
}

// condUse is an expected ParamUse.
type condUse struct {
	name, value, on, from, until string
	cite                         subsidy.Citation
}

// condCase is one claim judged by a test policy.
type condCase struct {
	name    string
	edit    func(c *subsidy.Claim)
	asOf    string // default: the claim date
	code    string // the expected reject code; "" if the claim passes
	text    string // the expected reason text
	note    string // the expected step reason of a passing rule, if given
	outcome subsidy.Outcome
	uses    []condUse // the expected parameters used, if given
	missing string    // the claim field a *ClaimError must name
}

// condRun evaluates every case with and without an explanation and checks
// the rule with ID "under-test".
func condRun(t *testing.T, p *subsidy.Policy, base subsidy.Claim, history subsidy.History, cases []condCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := base
			if tc.edit != nil {
				tc.edit(&c)
			}
			asOf := c.Date
			if tc.asOf != "" {
				asOf = condDate(tc.asOf)
			}
			res, err := p.Evaluate(c, subsidy.Options{AsOf: asOf, History: history, Explain: true})
			if tc.missing != "" {
				var ce *subsidy.ClaimError
				require.ErrorAs(t, err, &ce)
				require.ErrorIs(t, err, subsidy.ErrInvalidClaim)
				require.Equal(t, tc.missing, ce.Field)
				require.Equal(t, c.ID, ce.ID)
				require.Contains(t, err.Error(), `"under-test"`)
				return
			}
			require.NoError(t, err)
			quick, err := p.Evaluate(c, subsidy.Options{AsOf: asOf, History: history})
			require.NoError(t, err)
			require.Equal(t, res.Reasons, quick.Reasons, "explaining must not change the reasons")
			require.True(t, res.Amount.Equal(quick.Amount))
			requireOmitted(t, p, c, subsidy.Options{AsOf: asOf, History: history}, quick)

			var step subsidy.Step
			for _, st := range res.Explanation.Steps {
				if st.Rule == "under-test" {
					step = st
				}
			}
			require.Equal(t, "under-test", step.Rule)
			if tc.code == "" {
				require.Empty(t, res.Reasons)
				want := tc.outcome
				if want == 0 {
					want = subsidy.Applied
				}
				require.Equal(t, want, step.Outcome, step.Reason)
			} else {
				require.Contains(t, res.Reasons, subsidy.Reason{Rule: "under-test", Code: tc.code, Text: tc.text})
				require.Equal(t, subsidy.Rejected, step.Outcome)
				require.Equal(t, tc.text, step.Reason)
				require.False(t, res.Granted)
			}
			if tc.note != "" {
				require.Equal(t, tc.note, step.Reason)
			}
			if tc.uses != nil {
				require.Len(t, step.Params, len(tc.uses))
				for i, u := range tc.uses {
					got := step.Params[i]
					require.Equal(t, u.name, got.Name)
					require.Equal(t, u.value, got.Value.String())
					require.Equal(t, u.on, got.On.String())
					require.Equal(t, u.from, got.From.String())
					require.Equal(t, u.until, got.Until.String())
					require.Equal(t, u.cite, got.Citation)
				}
			}
		})
	}
}

func TestInsuredMonths(t *testing.T) {
	params := []subsidy.Param{condMinInsured(t)}
	t.Run("2017 and 2019 rules", func(t *testing.T) {
		p := condPolicy(t, params, subsidy.InsuredMonths{RuleMeta: condMeta(0), Min: "min-insured"})
		condRun(t, p, condBase(), nil, []condCase{
			{
				// DOMAIN.md worked example: 14 months under the 2017 rules
				// (36 needed) → rejected for contributions.
				name: "2017 rules, 14 months", edit: func(c *subsidy.Claim) { c.Date, c.Issued = condDate("2018-06-01"), condDate("2018-01-10") },
				code: "insured-months", text: "insured 14 months, fewer than the 36 months required",
				uses: []condUse{{"min-insured", "36", "2018-06-01", "2017-01-01", "2018-12-31", condCite2017}},
			},
			{
				name: "2017 rules, 36 months", edit: func(c *subsidy.Claim) {
					c.Date, c.Issued, c.InsuredMonths = condDate("2018-06-01"), condDate("2018-01-10"), 36
				},
				note: "insured 36 months, at least 36 months required",
			},
			{
				name: "2019 rules, 12 months", edit: func(c *subsidy.Claim) {
					c.Date, c.Issued, c.InsuredMonths = condDate("2019-03-01"), condDate("2019-01-10"), 12
				},
				note: "insured 12 months, at least 12 months required",
				uses: []condUse{{"min-insured", "12", "2019-03-01", "2019-01-01", "2023-12-31", condCite2019}},
			},
			{
				name: "2019 rules, 11 months", edit: func(c *subsidy.Claim) {
					c.Date, c.Issued, c.InsuredMonths = condDate("2019-03-01"), condDate("2019-01-10"), 11
				},
				code: "insured-months", text: "insured 11 months, fewer than the 12 months required",
			},
			{
				name: "benefit does not count without the option",
				edit: func(c *subsidy.Claim) { c.InsuredMonths, c.UnemploymentBenefit = 5, true },
				code: "insured-months", text: "insured 5 months, fewer than the 12 months required",
			},
			{
				name: "no months given reads as none",
				edit: func(c *subsidy.Claim) { c.InsuredMonths = 0 },
				code: "insured-months", text: "insured 0 months, fewer than the 12 months required",
			},
			{
				name: "1 month is singular", edit: func(c *subsidy.Claim) { c.InsuredMonths = 1 },
				code: "insured-months", text: "insured 1 month, fewer than the 12 months required",
			},
		})
	})
	t.Run("2024 version", func(t *testing.T) {
		p := condPolicy(t, params, subsidy.InsuredMonths{RuleMeta: condMeta(0), Min: "min-insured", OrUnemploymentBenefit: true})
		condRun(t, p, condBase(), nil, []condCase{
			{
				// DOMAIN.md worked example: 14 months, 2024 version → passes.
				name: "14 months", note: "insured 14 months, at least 12 months required",
				uses: []condUse{{"min-insured", "12", "2024-06-01", "2024-01-01", "2024-12-31", condCite2024}},
			},
			{
				name: "3 months on benefit", edit: func(c *subsidy.Claim) { c.InsuredMonths, c.UnemploymentBenefit = 3, true },
				note: "insured 3 months, fewer than the 12 months required, but receives unemployment benefit",
			},
			{
				name: "3 months without benefit", edit: func(c *subsidy.Claim) { c.InsuredMonths = 3 },
				code: "insured-months", text: "insured 3 months, fewer than the 12 months required, and receives no unemployment benefit",
			},
		})
	})
	t.Run("reference date from the claim", func(t *testing.T) {
		p := condPolicy(t, params, subsidy.InsuredMonths{RuleMeta: condMeta(subsidy.OnIssueDate), Min: "min-insured"})
		condRun(t, p, condBase(), nil, []condCase{
			// Issued in 2018, claimed in 2019: read on the issue date, the
			// 2017 rules (36 months) apply.
			{
				name: "issued under the 2017 rules", edit: func(c *subsidy.Claim) { c.Date, c.Issued = condDate("2019-02-01"), condDate("2018-12-01") },
				code: "insured-months", text: "insured 14 months, fewer than the 36 months required",
			},
			{name: "no issue date", edit: func(c *subsidy.Claim) { c.Issued = subsidy.Date{} }, missing: "issued"},
		})
	})
	t.Run("not covered is an error", func(t *testing.T) {
		p := condPolicy(t, params, subsidy.InsuredMonths{RuleMeta: condMeta(0), Min: "min-insured"})
		c := condBase()
		c.Date, c.Issued = condDate("2016-06-01"), condDate("2016-01-10")
		_, err := p.Evaluate(c, subsidy.Options{AsOf: c.Date})
		var nc *subsidy.ParamNotCoveredError
		require.ErrorAs(t, err, &nc)
		require.Equal(t, "min-insured", nc.Param)
		require.Equal(t, "under-test", nc.Rule)
		require.ErrorIs(t, err, subsidy.ErrNotCovered)
	})
}

func TestClaimWindow(t *testing.T) {
	// 12 months from issue, from the 2017 rules on (DOMAIN.md).
	window := condNumber(t, "claim-window", "months", condEntry{from: "2017-01-01", value: "12", cite: condCite2017})
	p := condPolicy(t, []subsidy.Param{window}, subsidy.ClaimWindow{RuleMeta: condMeta(0), Months: "claim-window"})
	condRun(t, p, condBase(), nil, []condCase{
		{
			// DOMAIN.md worked example: issued 13 months before the claim
			// → rejected for the claim window. 2023-05-01 + 12 months =
			// 2024-05-01 < 2024-06-01.
			name: "issued 13 months before", edit: func(c *subsidy.Claim) { c.Issued = condDate("2023-05-01") },
			code: "claim-window",
			text: "claimed on 2024-06-01, after 2024-05-01, the last day of the 12 months from the certificate's issue on 2023-05-01",
			uses: []condUse{{"claim-window", "12", "2024-06-01", "2017-01-01", "", condCite2017}},
		},
		{
			// 2023-06-01 + 12 months = 2024-06-01, the claim date itself.
			name: "on the last day", edit: func(c *subsidy.Claim) { c.Issued = condDate("2023-06-01") },
			note: "claimed on 2024-06-01, within the 12 months from the certificate's issue on 2023-06-01 (last day 2024-06-01)",
		},
		{
			// 2024-02-29 + 12 months: 2025 has no 29 February, so Clamp
			// gives 2025-02-28.
			name: "29 February clamped, last day", edit: func(c *subsidy.Claim) { c.Issued, c.Date = condDate("2024-02-29"), condDate("2025-02-28") },
			note: "claimed on 2025-02-28, within the 12 months from the certificate's issue on 2024-02-29 (last day 2025-02-28)",
		},
		{
			name: "29 February clamped, a day late", edit: func(c *subsidy.Claim) { c.Issued, c.Date = condDate("2024-02-29"), condDate("2025-03-01") },
			code: "claim-window",
			text: "claimed on 2025-03-01, after 2025-02-28, the last day of the 12 months from the certificate's issue on 2024-02-29",
		},
		{
			// 9999-06-01 + 12 months is past 9999-12-31, the last date there
			// is: no claim can be late.
			name: "window past the last date", edit: func(c *subsidy.Claim) { c.Issued, c.Date = condDate("9999-06-01"), condDate("9999-12-31") },
			note: "the window of 12 months from 9999-06-01 ends after the last supported date",
		},
		{name: "no issue date", edit: func(c *subsidy.Claim) { c.Issued = subsidy.Date{} }, missing: "issued"},
	})
}

func TestInForce(t *testing.T) {
	// The 2024 version is valid to 2024-12-31; the 2017 rules apply to
	// certificates issued from 2017-01-01 (DOMAIN.md).
	gap := condNumber(t, "gappy", "months",
		condEntry{from: "2017-01-01", until: "2018-12-31", value: "36", cite: condCite2017},
		condEntry{from: "2020-01-01", value: "12", cite: condCite2019})
	late := condNumber(t, "late", "months", condEntry{from: "2024-01-01", value: "12", published: "2024-03-01", cite: condCite2024})
	params := []subsidy.Param{condMinInsured(t), condCaps(t), gap, late}

	t.Run("table on the claim date", func(t *testing.T) {
		p := condPolicy(t, params, subsidy.InForce{RuleMeta: condMeta(0), Param: "caps"})
		condRun(t, p, condBase(), nil, []condCase{
			{
				name: "in force",
				note: "in force on 2024-06-01 (the claim date): parameter \"caps\" has an entry from 2024-01-01 until 2024-12-31, " + condCite2024.Title,
				uses: []condUse{},
			},
			{
				name: "claimed after the end", edit: func(c *subsidy.Claim) { c.Date = condDate("2025-01-03") },
				code: "not-in-force", text: "the policy is not in force on 2025-01-03 (the claim date): parameter \"caps\" ended on 2024-12-31",
			},
			{
				// Judged later, when the 2024 entry was known.
				name: "claimed before the start", edit: func(c *subsidy.Claim) { c.Date, c.Issued = condDate("2023-12-31"), condDate("2023-12-01") },
				asOf: "2024-06-30",
				code: "not-in-force", text: "the policy is not in force on 2023-12-31 (the claim date): parameter \"caps\" takes effect on 2024-01-01",
			},
			{
				// Judged on the claim date: an entry without a publication
				// date is known from its first day, so nothing was known.
				name: "claimed before the start, judged then", edit: func(c *subsidy.Claim) { c.Date, c.Issued = condDate("2023-12-31"), condDate("2023-12-01") },
				code: "not-in-force", text: "the policy is not in force on 2023-12-31 (the claim date): parameter \"caps\" has no value known on 2023-12-31 (the as-of date)",
			},
		})
	})
	t.Run("number on the issue date", func(t *testing.T) {
		p := condPolicy(t, params, subsidy.InForce{RuleMeta: condMeta(subsidy.OnIssueDate), Param: "min-insured"})
		condRun(t, p, condBase(), nil, []condCase{
			{
				name: "issued in force",
				note: "in force on 2024-01-10 (the certificate's issue date): parameter \"min-insured\" has an entry from 2024-01-01 until 2024-12-31, " + condCite2024.Title,
				uses: []condUse{{"min-insured", "12", "2024-01-10", "2024-01-01", "2024-12-31", condCite2024}},
			},
			{
				name: "issued before 2017", edit: func(c *subsidy.Claim) { c.Issued, c.Date = condDate("2016-12-31"), condDate("2017-03-01") },
				code: "not-in-force", text: "the policy is not in force on 2016-12-31 (the certificate's issue date): parameter \"min-insured\" takes effect on 2017-01-01",
			},
			{name: "no issue date", edit: func(c *subsidy.Claim) { c.Issued = subsidy.Date{} }, missing: "issued"},
		})
	})
	t.Run("gap and knowledge", func(t *testing.T) {
		p := condPolicy(t, params,
			subsidy.InForce{RuleMeta: condMeta(0), Param: "gappy"},
		)
		condRun(t, p, condBase(), nil, []condCase{
			{
				// As of 2019-05-01 the entry from 2020 was not known yet: the
				// parameter had ended.
				name: "after the end as then known", edit: func(c *subsidy.Claim) { c.Date, c.Issued = condDate("2019-05-01"), condDate("2019-01-10") },
				code: "not-in-force", text: "the policy is not in force on 2019-05-01 (the claim date): parameter \"gappy\" ended on 2018-12-31",
			},
			{
				name: "in the gap", edit: func(c *subsidy.Claim) { c.Date, c.Issued = condDate("2019-05-01"), condDate("2019-01-10") },
				asOf: "2020-06-01",
				code: "not-in-force", text: "the policy is not in force on 2019-05-01 (the claim date): parameter \"gappy\" has no value from 2019-01-01 to 2019-12-31",
			},
		})
		q := condPolicy(t, params, subsidy.InForce{RuleMeta: condMeta(0), Param: "late"})
		condRun(t, q, condBase(), nil, []condCase{
			{
				// The entry from 2024-01-01 was published on 2024-03-01:
				// as of 2024-02-01 nothing was known.
				name: "published after the as-of date", edit: func(c *subsidy.Claim) { c.Date, c.Issued = condDate("2024-01-15"), condDate("2024-01-10") },
				asOf: "2024-02-01",
				code: "not-in-force", text: "the policy is not in force on 2024-01-15 (the claim date): parameter \"late\" has no value known on 2024-02-01 (the as-of date)",
			},
			{
				name: "known later", edit: func(c *subsidy.Claim) { c.Date, c.Issued = condDate("2024-01-15"), condDate("2024-01-10") },
				asOf: "2024-03-01",
			},
		})
	})
	t.Run("later conditions skip instead of failing", func(t *testing.T) {
		// A claim after the 2024 version ended: without InForce,
		// min-insured has no value on its date and Evaluate fails; with it
		// the claim gets one reason and the insured-months rule is skipped.
		p := condPolicy(t, params,
			subsidy.InForce{RuleMeta: subsidy.RuleMeta{ID: "in-force"}, Param: "caps"},
			subsidy.InsuredMonths{RuleMeta: condMeta(0), Min: "min-insured"},
			subsidy.ContractLength{RuleMeta: subsidy.RuleMeta{ID: "contract"}, Min: "min-insured"},
		)
		c := condBase()
		c.Date, c.ContractMonths = condDate("2025-01-03"), 12
		res, err := p.Evaluate(c, subsidy.Options{AsOf: c.Date, Explain: true})
		require.NoError(t, err)
		require.Equal(t, []subsidy.Reason{{Rule: "in-force", Code: "not-in-force",
			Text: "the policy is not in force on 2025-01-03 (the claim date): parameter \"caps\" ended on 2024-12-31"}}, res.Reasons)
		for _, st := range res.Explanation.Steps[1:] {
			require.Equal(t, subsidy.Skipped, st.Outcome)
			require.Equal(t, "the claim is already rejected, and parameter \"min-insured\" has no value on 2025-01-03", st.Reason)
		}
	})
}

func condPeriod(t *testing.T, from, to string) subsidy.Period {
	t.Helper()
	p, err := subsidy.NewPeriod(condDate(from), condDate(to))
	require.NoError(t, err)
	return p
}

func TestAgeRange(t *testing.T) {
	// England: incentives for apprentices aged 16 to 18 at the start
	// (DOMAIN.md). The date the entries start from is a test choice.
	params := []subsidy.Param{
		condNumber(t, "min-age", "years", condEntry{from: "2017-05-01", value: "16", cite: condCiteUK}),
		condNumber(t, "max-age", "years", condEntry{from: "2017-05-01", value: "18", cite: condCiteUK}),
	}
	p := condPolicy(t, params, subsidy.AgeRange{RuleMeta: condMeta(subsidy.OnTrainingStart), Min: "min-age", Max: "max-age"})
	base := condBase()
	base.Date = condDate("2025-10-01")
	at := func(born, start string) func(c *subsidy.Claim) {
		return func(c *subsidy.Claim) {
			c.Born = condDate(born)
			c.Training = condPeriod(t, start, "2027-08-31")
			if c.Training.Start().After(c.Date) {
				c.Date = c.Training.Start()
			}
		}
	}
	condRun(t, p, base, nil, []condCase{
		{
			// Born 2007-09-02: the 18th birthday is 2025-09-02, the day
			// after the start, so the apprentice is 17 at the start.
			name: "17 at the start", edit: at("2007-09-02", "2025-09-01"),
			note: "aged 17 on 2025-09-01 (the start of training), from 16 years to 18 years allowed",
			uses: []condUse{
				{"min-age", "16", "2025-09-01", "2017-05-01", "", condCiteUK},
				{"max-age", "18", "2025-09-01", "2017-05-01", "", condCiteUK},
			},
		},
		{name: "18 on the birthday", edit: at("2007-09-01", "2025-09-01"), note: "aged 18 on 2025-09-01 (the start of training), from 16 years to 18 years allowed"},
		{
			// 2025-09-01 − 2006-08-31: 19 years and a day.
			name: "19", edit: at("2006-08-31", "2025-09-01"),
			code: "age", text: "aged 19 on 2025-09-01 (the start of training), older than the maximum age 18",
		},
		{
			// Born 2009-09-02: 16 only on 2025-09-02.
			name: "15", edit: at("2009-09-02", "2025-09-01"),
			code: "age", text: "aged 15 on 2025-09-01 (the start of training), younger than the minimum age 16",
		},
		{
			// Born 2004-02-29: 2023 has no 29 February, so Clamp puts the
			// 19th birthday on 2023-02-28.
			name: "29 February, the clamped birthday", edit: at("2004-02-29", "2023-02-28"),
			code: "age", text: "aged 19 on 2023-02-28 (the start of training), older than the maximum age 18",
		},
		{name: "29 February, the day before", edit: at("2004-02-29", "2023-02-27"), note: "aged 18 on 2023-02-27 (the start of training), from 16 years to 18 years allowed"},
		{name: "no date of birth", edit: func(c *subsidy.Claim) { c.Training = condPeriod(t, "2025-09-01", "2027-08-31") }, missing: "born"},
		{name: "no training", edit: func(c *subsidy.Claim) { c.Born = condDate("2007-09-02") }, missing: "training"},
	})

	t.Run("born after the start", func(t *testing.T) {
		c := base
		c.Born, c.Training = condDate("2025-01-01"), condPeriod(t, "2024-09-01", "2026-08-31")
		_, err := p.Evaluate(c, subsidy.Options{AsOf: c.Date})
		var ce *subsidy.ClaimError
		require.ErrorAs(t, err, &ce)
		require.Equal(t, "born", ce.Field)
		require.Equal(t, "2025-01-01", ce.Value)
		require.Contains(t, ce.Reason, "after 2024-09-01 (the start of training)")
	})
	t.Run("one bound", func(t *testing.T) {
		q := condPolicy(t, params, subsidy.AgeRange{RuleMeta: condMeta(0), Max: "max-age"})
		condRun(t, q, base, nil, []condCase{
			// On the claim date 2025-10-01, born 2010-01-01: 15, and no minimum.
			{name: "no minimum", edit: func(c *subsidy.Claim) { c.Born = condDate("2010-01-01") }, note: "aged 15 on 2025-10-01 (the claim date), at most 18 years allowed"},
		})
	})
}

func TestContractLength(t *testing.T) {
	// 2021 guidance: a labour contract of at least one year, 12 months
	// (DOMAIN.md). The maximum of 36 months (3 × 12) is a test choice.
	params := []subsidy.Param{
		condNumber(t, "min-contract", "months", condEntry{from: "2021-01-01", value: "12", cite: condCite2021}),
		condNumber(t, "max-contract", "months", condEntry{from: "2021-01-01", value: "36", cite: condCite2021}),
	}
	p := condPolicy(t, params, subsidy.ContractLength{RuleMeta: condMeta(0), Min: "min-contract"})
	condRun(t, p, condBase(), nil, []condCase{
		{
			name: "one year", edit: func(c *subsidy.Claim) { c.ContractMonths = 12 },
			note: "a contract of 12 months, at least 12 months required",
			uses: []condUse{{"min-contract", "12", "2024-06-01", "2021-01-01", "", condCite2021}},
		},
		{
			name: "six months", edit: func(c *subsidy.Claim) { c.ContractMonths = 6 },
			code: "contract-length", text: "a contract of 6 months, shorter than the minimum of 12 months",
		},
		{
			name: "open-ended", edit: func(c *subsidy.Claim) { c.ContractMonths = subsidy.ContractOpenEnded },
			note: "an open-ended contract, at least 12 months required",
		},
		{name: "not given", missing: "contract_months"},
	})
	q := condPolicy(t, params, subsidy.ContractLength{RuleMeta: condMeta(0), Min: "min-contract", Max: "max-contract"})
	condRun(t, q, condBase(), nil, []condCase{
		{
			name: "four years", edit: func(c *subsidy.Claim) { c.ContractMonths = 48 },
			code: "contract-length", text: "a contract of 48 months, longer than the maximum of 36 months",
		},
		{
			name: "open-ended is not too long", edit: func(c *subsidy.Claim) { c.ContractMonths = subsidy.ContractOpenEnded },
			note: "an open-ended contract, from 12 months to 36 months allowed",
		},
	})
}

// TestTrainingLengthUnlessFlag checks the exemption by flag: the 2021
// guidance's "1 to 2 years, up to 3 in special cases" as a 24-month limit
// (2 × 12) unless the claim is flagged "special-case".
func TestTrainingLengthUnlessFlag(t *testing.T) {
	params := []subsidy.Param{
		condNumber(t, "normal-training", "months", condEntry{from: "2021-01-01", value: "24", cite: condCite2021}),
	}
	p := condPolicy(t, params, subsidy.TrainingLength{RuleMeta: condMeta(0), Max: "normal-training", UnlessFlag: "special-case"})
	train := func(from, to string, flags ...string) func(c *subsidy.Claim) {
		return func(c *subsidy.Claim) { c.Training, c.Flags = condPeriod(t, from, to), flags }
	}
	condRun(t, p, condBase(), nil, []condCase{
		{name: "two years", edit: train("2024-09-01", "2026-08-31"), note: "training of 24 months (2024-09-01/2026-08-31), at most 24 months allowed"},
		{
			name: "three years, not flagged", edit: train("2024-09-01", "2027-08-31"),
			code: "training-length", text: "training of 36 months (2024-09-01/2027-08-31), longer than the maximum of 24 months",
		},
		{
			name: "three years, flagged", edit: train("2024-09-01", "2027-08-31", "special-case"),
			outcome: subsidy.Skipped, note: `the claim is flagged "special-case"`,
		},
	})
	_, err := condTryPolicy(params, subsidy.TrainingLength{RuleMeta: condMeta(0), Max: "normal-training", UnlessFlag: "bad\x01"})
	require.ErrorIs(t, err, subsidy.ErrInvalidPolicy)
	require.ErrorContains(t, err, "unless_flag")
}

func TestTrainingLength(t *testing.T) {
	// 2021 guidance: 1–2 years, up to 3 in special cases: 12 = 1 × 12 and
	// 36 = 3 × 12 months (DOMAIN.md).
	params := []subsidy.Param{
		condNumber(t, "min-training", "months", condEntry{from: "2021-01-01", value: "12", cite: condCite2021}),
		condNumber(t, "max-training", "months", condEntry{from: "2021-01-01", value: "36", cite: condCite2021}),
	}
	p := condPolicy(t, params, subsidy.TrainingLength{RuleMeta: condMeta(0), Min: "min-training", Max: "max-training"})
	train := func(from, to string) func(c *subsidy.Claim) {
		return func(c *subsidy.Claim) { c.Training = condPeriod(t, from, to) }
	}
	condRun(t, p, condBase(), nil, []condCase{
		{
			// 2024-09-01 + 24 months = 2026-09-01, the day after the end.
			name: "two years", edit: train("2024-09-01", "2026-08-31"),
			note: "training of 24 months (2024-09-01/2026-08-31), from 12 months to 36 months allowed",
			uses: []condUse{
				{"min-training", "12", "2024-06-01", "2021-01-01", "", condCite2021},
				{"max-training", "36", "2024-06-01", "2021-01-01", "", condCite2021},
			},
		},
		{name: "three years", edit: train("2024-09-01", "2027-08-31"), note: "training of 36 months (2024-09-01/2027-08-31), from 12 months to 36 months allowed"},
		{
			// DOMAIN.md worked example: a 4-year training period is not
			// allowed; 48 = 4 × 12 months.
			name: "four years", edit: train("2024-09-01", "2028-08-31"),
			code: "training-length", text: "training of 48 months (2024-09-01/2028-08-31), longer than the maximum of 36 months",
		},
		{
			// 2024-09-01 + 36 months = 2027-09-01; 10 more days to
			// 2027-09-11, the day after the end.
			name: "three years and ten days", edit: train("2024-09-01", "2027-09-10"),
			code: "training-length", text: "training of 36 months and 10 days (2024-09-01/2027-09-10), longer than the maximum of 36 months",
		},
		{
			// 2024-09-01 + 11 months = 2025-08-01; 30 days to 2025-08-31.
			name: "a day short of a year", edit: train("2024-09-01", "2025-08-30"),
			code: "training-length", text: "training of 11 months and 30 days (2024-09-01/2025-08-30), shorter than the minimum of 12 months",
		},
		{
			// The day after 9999-12-31 cannot be represented; 9999-01-01 +
			// 12 months would be exactly that day.
			name: "to the last supported day", edit: train("9999-01-01", "9999-12-31"),
			note: "training of 12 months (9999-01-01/9999-12-31), from 12 months to 36 months allowed",
		},
		{
			// 9999-01-02 + 11 months = 9999-12-02; 30 days to 10000-01-01.
			name: "to the last supported day, a day short", edit: train("9999-01-02", "9999-12-31"),
			code: "training-length", text: "training of 11 months and 30 days (9999-01-02/9999-12-31), shorter than the minimum of 12 months",
		},
		{name: "no training", missing: "training"},
	})
}

func TestHolderKind(t *testing.T) {
	p := condPolicy(t, nil, subsidy.HolderKind{RuleMeta: condMeta(0), Allowed: []string{"employee", "unemployed"}})
	condRun(t, p, condBase(), nil, []condCase{
		{name: "employee", edit: func(c *subsidy.Claim) { c.HolderKind = "employee" }, note: `holder kind "employee" is allowed`, uses: []condUse{}},
		{name: "unemployed", edit: func(c *subsidy.Claim) { c.HolderKind = "unemployed" }},
		{
			name: "student", edit: func(c *subsidy.Claim) { c.HolderKind = "student" },
			code: "holder-kind", text: `holder kind "student" is not one of "employee", "unemployed"`,
		},
		{name: "case matters", edit: func(c *subsidy.Claim) { c.HolderKind = "Employee" }, code: "holder-kind", text: `holder kind "Employee" is not one of "employee", "unemployed"`},
		{name: "not given", missing: "holder_kind"},
	})
}

func TestRequireFlag(t *testing.T) {
	p := condPolicy(t, nil, subsidy.RequireFlag{RuleMeta: condMeta(0), Flag: "shortage-occupation"})
	condRun(t, p, condBase(), nil, []condCase{
		{
			name: "present", edit: func(c *subsidy.Claim) { c.Flags = []string{"x", "shortage-occupation"} },
			note: `the claim carries the flag "shortage-occupation"`,
		},
		{name: "absent", code: "flag", text: `the claim lacks the flag "shortage-occupation"`},
	})
	q := condPolicy(t, nil, subsidy.RequireFlag{RuleMeta: condMeta(0), Flag: "care-leaver", Absent: true})
	condRun(t, q, condBase(), nil, []condCase{
		{name: "absent as required", note: `the claim does not carry the flag "care-leaver"`},
		{name: "present", edit: func(c *subsidy.Claim) { c.Flags = []string{"care-leaver"} }, code: "flag", text: `the claim carries the flag "care-leaver"`},
	})
}

func TestLevelAtLeast(t *testing.T) {
	// 2021 guidance: target levels 中级工 and above (DOMAIN.md).
	p := condPolicy(t, nil, subsidy.LevelAtLeast{RuleMeta: condMeta(0), Level: certificate.NationalGrade4})
	condRun(t, p, condBase(), nil, []condCase{
		{name: "the level itself", note: "level national-4 (四级/中级工) is at least national-4 (四级/中级工)"},
		{name: "higher", edit: func(c *subsidy.Claim) { c.Level = certificate.NationalGrade2 }, note: "level national-2 (二级/技师) is at least national-4 (四级/中级工)"},
		{
			name: "lower", edit: func(c *subsidy.Claim) { c.Level = certificate.NationalGrade5 },
			code: "level", text: "level national-5 (五级/初级工) is below national-4 (四级/中级工)",
		},
		{
			name: "another ladder", edit: func(c *subsidy.Claim) { c.Level = certificate.XSenior },
			code: "level", text: "level 1x-senior (高级) is not on the ladder of national-4 (四级/中级工)",
		},
		{name: "no level", edit: func(c *subsidy.Claim) { c.Level = 0 }, missing: "level"},
	})
}

func TestNotCombined(t *testing.T) {
	// 2024 version: not combined with the vocational training subsidy
	// (职业培训补贴) for the same certificate (DOMAIN.md).
	l := subsidy.NewLedger()
	grant := func(key, scheme, cert, date string) {
		_, _, err := l.Record(subsidy.Grant{Key: key, Policy: "other@1", Scheme: scheme, Person: "P1", Certificate: cert,
			Date: condDate(date), Amount: decimal.RequireFromString("800"), Currency: "CNY"})
		require.NoError(t, err)
	}
	grant("vt-1", "vocational-training", "C-1", "2024-03-01")
	grant("vt-2", "vocational-training", "C-2", "2024-03-01")
	grant("vt-3", "vocational-training", "C-3", "2024-08-01") // after the as-of date
	grant("si-1", "skill-improvement", "C-4", "2024-03-01")   // another scheme
	_, _, err := l.Reverse("vt-2", condDate("2024-04-01"), "paid in error")
	require.NoError(t, err)

	p := condPolicy(t, nil, subsidy.NotCombined{RuleMeta: condMeta(0), Schemes: []string{"vocational-training"}})
	cert := func(c string) func(*subsidy.Claim) { return func(cl *subsidy.Claim) { cl.Certificate = c } }
	condRun(t, p, condBase(), l, []condCase{
		{
			name: "paid for the same certificate", edit: cert("C-1"),
			code: "combined", text: `certificate "C-1" was already paid under "vocational-training" (grant "vt-1" of 2024-03-01)`,
		},
		{name: "the grant was reversed", edit: cert("C-2"), note: `certificate "C-2" was not paid under "vocational-training" up to 2024-06-01`},
		{name: "granted after the as-of date", edit: cert("C-3")},
		{name: "granted later, seen as of later", edit: cert("C-3"), asOf: "2024-09-01", code: "combined",
			text: `certificate "C-3" was already paid under "vocational-training" (grant "vt-3" of 2024-08-01)`},
		{name: "another scheme", edit: cert("C-4")},
		{name: "another certificate", edit: cert("C-9")},
		{
			name: "the claim says so", edit: func(c *subsidy.Claim) { c.Certificate, c.Other = "C-9", []string{"x", "vocational-training"} },
			code: "combined", text: `the claim is also paid under "vocational-training"`,
		},
		{
			name: "no certificate", edit: cert(""),
			note: `not paid under "vocational-training" by the claim's own account; without a certificate number the history cannot be checked`,
		},
	})
	// The same claim with no history at all passes.
	condRun(t, p, condBase(), nil, []condCase{{name: "no history", edit: cert("C-1")}})
}

// TestConditionWorkedExample runs DOMAIN.md's first worked example through
// the conditions of the 2017 and the 2024 rules with a level amount.
func TestConditionWorkedExample(t *testing.T) {
	window := condNumber(t, "claim-window", "months", condEntry{from: "2017-01-01", value: "12", cite: condCite2017})
	caps := condTable(t, "caps", "2017-01-01", "2024-12-31", condCite2024,
		map[string]string{"national-5": "1000", "national-4": "1500", "national-3": "2000"})
	rules := func(benefit bool) []subsidy.Rule {
		return []subsidy.Rule{
			subsidy.InsuredMonths{RuleMeta: subsidy.RuleMeta{ID: "insured"}, Min: "min-insured", OrUnemploymentBenefit: benefit},
			subsidy.ClaimWindow{RuleMeta: subsidy.RuleMeta{ID: "window"}, Months: "claim-window"},
			condLevelAmount{RuleMeta: subsidy.RuleMeta{ID: "amount"}, Table: "caps"},
		}
	}
	params := []subsidy.Param{condMinInsured(t), window, caps}
	p2024 := condPolicy(t, params, rules(true)...)
	p2017 := condPolicy(t, params, rules(false)...)

	// 2024: 14 months insured, 中级 (national-4), issued 2024-01-10,
	// claimed 2024-06-01 → 1500.
	c := condBase()
	res, err := p2024.Evaluate(c, subsidy.Options{AsOf: c.Date})
	require.NoError(t, err)
	require.True(t, res.Granted)
	require.Equal(t, "1500.00", res.Amount.StringFixed(2))

	// 2017 rules: the same facts in 2018 → 0, reason insured-months (36
	// months needed); the window holds (2018-01-10 + 12 months).
	c.Date, c.Issued = condDate("2018-06-01"), condDate("2018-01-10")
	res, err = p2017.Evaluate(c, subsidy.Options{AsOf: c.Date})
	require.NoError(t, err)
	require.False(t, res.Granted)
	require.True(t, res.Amount.IsZero())
	require.Equal(t, []subsidy.Reason{{Rule: "insured", Code: "insured-months", Text: "insured 14 months, fewer than the 36 months required"}}, res.Reasons)

	// Issued 13 months before the claim → 0, reason claim-window.
	c = condBase()
	c.Issued = condDate("2023-05-01")
	res, err = p2024.Evaluate(c, subsidy.Options{AsOf: c.Date})
	require.NoError(t, err)
	require.False(t, res.Granted)
	require.Len(t, res.Reasons, 1)
	require.Equal(t, "claim-window", res.Reasons[0].Code)

	// Both at once: both reasons, in rule order (the window still runs
	// after the first rejection because it is a condition).
	c.Date, c.Issued, c.InsuredMonths = condDate("2018-06-01"), condDate("2017-05-01"), 14
	res, err = p2017.Evaluate(c, subsidy.Options{AsOf: c.Date})
	require.NoError(t, err)
	require.Len(t, res.Reasons, 2)
	require.Equal(t, "insured-months", res.Reasons[0].Code)
	require.Equal(t, "claim-window", res.Reasons[1].Code)
}

// condLevelAmount is a test rule that adds the amount of the claim's level
// from a table, so that the worked example shows an amount without relying
// on the amount rules' own tests.
type condLevelAmount struct {
	subsidy.RuleMeta
	Table string `json:"table"`
}

func (condLevelAmount) Kind() string { return "test-level-amount" }

func (r condLevelAmount) Check(p *subsidy.Policy) error { return p.CheckParam("table", r.Table, true) }

func (r condLevelAmount) Apply(s *subsidy.State) error {
	v, ok, err := s.Lookup(r.Table, s.Claim().Level.Code())
	if err != nil || !ok {
		return errors.Join(err, errors.New("no amount"))
	}
	return s.SetAmount(s.Amount().Add(v))
}

func TestConditionCheck(t *testing.T) {
	half := condNumber(t, "half", "months", condEntry{from: "2017-01-01", value: "12.5", cite: condCite2017})
	negative := condNumber(t, "negative", "months", condEntry{from: "2017-01-01", value: "-1", cite: condCite2017})
	huge := condNumber(t, "huge", "months", condEntry{from: "2017-01-01", value: "1201", cite: condCite2017})
	params := []subsidy.Param{condMinInsured(t), condCaps(t), half, negative, huge}
	r, err := subsidy.NewRounding(decimal.New(1, 0), subsidy.Down)
	require.NoError(t, err)
	id := subsidy.RuleMeta{ID: "r"}
	tests := []struct {
		name   string
		rule   subsidy.Rule
		path   string
		value  string
		reason string
	}{
		{"insured: no min", subsidy.InsuredMonths{RuleMeta: id}, "rules[0].min", "", "required: the name of a parameter"},
		{"insured: unknown", subsidy.InsuredMonths{RuleMeta: id, Min: "nope"}, "rules[0].min", `"nope"`, "no such parameter"},
		{"insured: a table", subsidy.InsuredMonths{RuleMeta: id, Min: "caps"}, "rules[0].min", `"caps"`, "is a table; a number parameter is needed"},
		{"insured: half a month", subsidy.InsuredMonths{RuleMeta: id, Min: "half"}, "rules[0].min", `"half"`,
			"the parameter's value 12.5 from 2017-01-01 is not a whole number of months from 0 to 1200"},
		{"insured: negative", subsidy.InsuredMonths{RuleMeta: id, Min: "negative"}, "rules[0].min", `"negative"`,
			"the parameter's value -1 from 2017-01-01 is not a whole number of months from 0 to 1200"},
		{"insured: rounding", subsidy.InsuredMonths{RuleMeta: subsidy.RuleMeta{ID: "r", Rounding: r}, Min: "min-insured"}, "rules[0].rounding", r.String(),
			"the rule never changes the award, so it takes no rounding"},
		{"window: too long", subsidy.ClaimWindow{RuleMeta: id, Months: "huge"}, "rules[0].months", `"huge"`,
			"the parameter's value 1201 from 2017-01-01 is not a whole number of months from 0 to 1200"},
		{"in-force: none", subsidy.InForce{RuleMeta: id}, "rules[0].param", "", "required: the name of a parameter"},
		{"in-force: unknown", subsidy.InForce{RuleMeta: id, Param: "nope"}, "rules[0].param", `"nope"`, "no such parameter"},
		{"age: no bound", subsidy.AgeRange{RuleMeta: id}, "rules[0].min", "", "required: min, max or both"},
		{"age: half a year", subsidy.AgeRange{RuleMeta: id, Max: "half"}, "rules[0].max", `"half"`,
			"the parameter's value 12.5 from 2017-01-01 is not a whole number of years from 0 to 150"},
		{"contract: table", subsidy.ContractLength{RuleMeta: id, Min: "caps"}, "rules[0].min", `"caps"`, "is a table; a number parameter is needed"},
		{"training: no bound", subsidy.TrainingLength{RuleMeta: id}, "rules[0].min", "", "required: min, max or both"},
		{"holder: none", subsidy.HolderKind{RuleMeta: id}, "rules[0].allowed", "", "required: at least one"},
		{"holder: repeated", subsidy.HolderKind{RuleMeta: id, Allowed: []string{"a", "b", "a"}}, "rules[0].allowed[2]", `"a"`, "repeats allowed[0]"},
		{"holder: empty", subsidy.HolderKind{RuleMeta: id, Allowed: []string{""}}, "rules[0].allowed[0]", `""`, "required"},
		{"flag: none", subsidy.RequireFlag{RuleMeta: id}, "rules[0].flag", `""`, "required"},
		{"flag: control", subsidy.RequireFlag{RuleMeta: id, Flag: "a\x00b"}, "rules[0].flag", `"a\x00b"`, "contains control characters"},
		{"level: none", subsidy.LevelAtLeast{RuleMeta: id}, "rules[0].level", "Level(0x00)", `required: a valid skill level code such as "national-4"`},
		{"level: invalid", subsidy.LevelAtLeast{RuleMeta: id, Level: 0x7f}, "rules[0].level", "Level(0x7f)", `required: a valid skill level code such as "national-4"`},
		{"not-combined: none", subsidy.NotCombined{RuleMeta: id}, "rules[0].schemes", "", "required: at least one"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := condTryPolicy(params, tc.rule)
			var pe *subsidy.PolicyError
			require.ErrorAs(t, err, &pe)
			require.ErrorIs(t, err, subsidy.ErrInvalidPolicy)
			require.Equal(t, tc.path, pe.Path)
			require.Equal(t, tc.value, pe.Value)
			require.Equal(t, tc.reason, pe.Reason)
			require.Equal(t, "cond-test", pe.Policy)
		})
	}
}

// TestConditionsAreConditions checks that every condition kind reports
// IsCondition and names its kind as the loader expects.
func TestConditionsAreConditions(t *testing.T) {
	kinds := []struct {
		rule subsidy.Rule
		kind string
	}{
		{subsidy.InsuredMonths{}, "insured-months"},
		{subsidy.ClaimWindow{}, "claim-window"},
		{subsidy.InForce{}, "in-force"},
		{subsidy.AgeRange{}, "age-range"},
		{subsidy.ContractLength{}, "contract-length"},
		{subsidy.TrainingLength{}, "training-length"},
		{subsidy.HolderKind{}, "holder-kind"},
		{subsidy.RequireFlag{}, "flag"},
		{subsidy.LevelAtLeast{}, "level-at-least"},
		{subsidy.NotCombined{}, "not-combined"},
		{subsidy.MaxClaimsPerYear{}, "max-claims-per-year"},
		{subsidy.OncePerLevel{}, "once-per-level"},
		{subsidy.HigherExcludesLower{}, "higher-excludes-lower"},
	}
	for _, k := range kinds {
		t.Run(k.kind, func(t *testing.T) {
			require.Equal(t, k.kind, k.rule.Kind())
			c, ok := k.rule.(interface{ IsCondition() bool })
			require.True(t, ok)
			require.True(t, c.IsCondition())
		})
	}
	_, ok := subsidy.Rule(subsidy.HistoryCap{}).(interface{ IsCondition() bool })
	require.False(t, ok, "history-cap changes the award and is not a condition")
	require.Equal(t, "history-cap", subsidy.HistoryCap{}.Kind())
}

// TestConditionJSON checks that every kind of this area encodes to the JSON
// its doc comment shows, loads back through LoadPolicy to the same digest,
// and judges a claim the same after the round trip.
func TestConditionJSON(t *testing.T) {
	params := []subsidy.Param{
		condMinInsured(t), condCaps(t), histMaxClaims(t),
		condNumber(t, "months", "months", condEntry{from: "2017-01-01", value: "12", cite: condCite2017}),
		condNumber(t, "years", "years", condEntry{from: "2017-01-01", value: "16", cite: condCiteUK}),
		popNumber(t, "yearly-cap", "CNY", "2024-01-01", "2024-12-31", 3000, condCite2024),
	}
	m := func(id string) subsidy.RuleMeta { return subsidy.RuleMeta{ID: id} }
	rules := []subsidy.Rule{
		&subsidy.InForce{RuleMeta: subsidy.RuleMeta{ID: "in-force", On: subsidy.OnIssueDate, Note: "certificates issued from 2017-01-01"}, Param: "caps"},
		&subsidy.InsuredMonths{RuleMeta: m("insured"), Min: "min-insured", OrUnemploymentBenefit: true},
		&subsidy.ClaimWindow{RuleMeta: m("window"), Months: "months"},
		&subsidy.AgeRange{RuleMeta: subsidy.RuleMeta{ID: "age", On: subsidy.OnClaimDate}, Min: "years"},
		&subsidy.ContractLength{RuleMeta: m("contract"), Min: "months"},
		&subsidy.TrainingLength{RuleMeta: m("training"), Max: "months"},
		&subsidy.HolderKind{RuleMeta: m("holder"), Allowed: []string{"employee", "unemployed"}},
		&subsidy.RequireFlag{RuleMeta: m("flag"), Flag: "care-leaver", Absent: true},
		&subsidy.LevelAtLeast{RuleMeta: m("level"), Level: certificate.NationalGrade4},
		&subsidy.NotCombined{RuleMeta: m("not-combined"), Schemes: []string{"vocational-training"}},
		&subsidy.MaxClaimsPerYear{RuleMeta: m("max"), Max: "max-claims", Per: "organisation", Schemes: []string{"a", "b"}},
		&subsidy.OncePerLevel{RuleMeta: m("once")},
		&subsidy.HigherExcludesLower{RuleMeta: m("higher"), Schemes: []string{"skill-improvement"}},
		&subsidy.HistoryCap{RuleMeta: m("cap"), Cap: "yearly-cap", Window: "lifetime", Per: "person"},
	}
	p := condPolicy(t, params, rules...)
	b, err := p.MarshalJSON()
	require.NoError(t, err)
	for _, want := range []string{
		`{"kind":"in-force","id":"in-force","on":"issued","note":"certificates issued from 2017-01-01","param":"caps"}`,
		`{"kind":"insured-months","id":"insured","min":"min-insured","or_unemployment_benefit":true}`,
		`{"kind":"claim-window","id":"window","months":"months"}`,
		`{"kind":"age-range","id":"age","on":"claim","min":"years"}`,
		`{"kind":"contract-length","id":"contract","min":"months"}`,
		`{"kind":"training-length","id":"training","max":"months"}`,
		`{"kind":"holder-kind","id":"holder","allowed":["employee","unemployed"]}`,
		`{"kind":"flag","id":"flag","flag":"care-leaver","absent":true}`,
		`{"kind":"level-at-least","id":"level","level":"national-4"}`,
		`{"kind":"not-combined","id":"not-combined","schemes":["vocational-training"]}`,
		`{"kind":"max-claims-per-year","id":"max","max":"max-claims","per":"organisation","schemes":["a","b"]}`,
		`{"kind":"once-per-level","id":"once"}`,
		`{"kind":"higher-excludes-lower","id":"higher","schemes":["skill-improvement"]}`,
		`{"kind":"history-cap","id":"cap","cap":"yearly-cap","per":"person","window":"lifetime"}`,
	} {
		require.Contains(t, string(b), want)
	}
	q, err := subsidy.LoadPolicy(b)
	require.NoError(t, err)
	require.Equal(t, p.Digest(), q.Digest())
	b2, err := q.MarshalJSON()
	require.NoError(t, err)
	require.Equal(t, string(b), string(b2))

	c := condBase()
	c.Born, c.ContractMonths, c.HolderKind = condDate("1990-05-01"), 12, "employee"
	c.Training = condPeriod(t, "2024-03-01", "2025-02-28")
	for _, asOf := range []string{"2024-06-01", "2025-01-01"} {
		r1, err := p.Evaluate(c, subsidy.Options{AsOf: condDate(asOf), Explain: true})
		require.NoError(t, err)
		r2, err := q.Evaluate(c, subsidy.Options{AsOf: condDate(asOf), Explain: true})
		require.NoError(t, err)
		require.Equal(t, r1.Reasons, r2.Reasons)
		require.Len(t, r1.Explanation.Steps, len(rules))
	}
}

package subsidy_test

// Hardening tests (issue 9): an amount that cannot be represented in the
// currency's minor unit is impossible by construction or an error, wherever
// it could enter: a policy's or a rule's rounding, an amount a rule sets, a
// payment, the ledger, budgets, pro-rata splits and totals.

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHardeningRoundingFinerThanMinorUnit: a rounding whose quantum is not
// a multiple of the currency's minor unit is refused, for the policy and for
// a single rule, in JSON and in Go, with a *PolicyError naming the path and
// the quantum. The minor units are those of ISO 4217: 0.01 for CNY, 1 for
// JPY, 0.001 for BHD.
func TestHardeningRoundingFinerThanMinorUnit(t *testing.T) {
	tests := []struct {
		name, from, to, path, value string
	}{
		{"policy 0.001 CNY", `"rounding": {"quantum": "0.01", "mode": "half-up"}`, `"rounding": {"quantum": "0.001", "mode": "half-up"}`, "rounding", "0.001"},
		{"policy 0.015 CNY", `"rounding": {"quantum": "0.01", "mode": "half-up"}`, `"rounding": {"quantum": "0.015", "mode": "half-up"}`, "rounding", "0.015"},
		{"rule 0.005 CNY", `"id": "amount", "table": "amounts"`, `"id": "amount", "rounding": {"quantum": "0.005", "mode": "up"}, "table": "amounts"`, "rules[6].rounding", "0.005"},
		{"policy 0.01 JPY", `"currency": "CNY"`, `"currency": "JPY"`, "rounding", "0.01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := strings.Replace(hardSkillJSON, tt.from, tt.to, 1)
			require.NotEqual(t, hardSkillJSON, in, "the edit must change the policy")
			_, err := subsidy.LoadPolicy([]byte(in))
			require.ErrorIs(t, err, subsidy.ErrInvalidPolicy)
			var pe *subsidy.PolicyError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.path, pe.Path)
			assert.Contains(t, err.Error(), tt.value)
			assert.Contains(t, err.Error(), "minor unit")
		})
	}
	// BHD has three decimals, so 0.001 is its minor unit: accepted.
	bhd := strings.Replace(strings.Replace(hardSkillJSON, `"currency": "CNY"`, `"currency": "BHD"`, 1),
		`"quantum": "0.01"`, `"quantum": "0.001"`, 1)
	_, err := subsidy.LoadPolicy([]byte(bhd))
	require.NoError(t, err)

	// In Go too.
	r, err := subsidy.NewRounding(decimal.New(1, -3), subsidy.HalfUp)
	require.NoError(t, err)
	_, err = subsidy.NewPolicy(subsidy.Definition{Name: "go-built", Version: "1", Currency: "CNY", Scheme: "s", Rounding: r})
	var pe *subsidy.PolicyError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "rounding", pe.Path)
}

// hardSetter is a custom rule that sets the award to a fixed decimal, and
// hardPayer a custom schedule that pays a fixed decimal: amounts as a rule or
// schedule written by an integrator may produce them.
type hardSetter struct {
	subsidy.RuleMeta
	Value decimal.Decimal `json:"value"`
}

func (hardSetter) Kind() string                   { return "hd-setter" }
func (hardSetter) Check(*subsidy.Policy) error    { return nil }
func (r hardSetter) Apply(s *subsidy.State) error { return s.SetAmount(r.Value) }

type hardPayer struct{ Value decimal.Decimal }

func (hardPayer) Kind() string                { return "hd-payer" }
func (hardPayer) Check(*subsidy.Policy) error { return nil }
func (sc hardPayer) Pay(s *subsidy.State) error {
	return s.Pay(subsidy.Payment{Date: s.Claim().Date, Amount: sc.Value, Kind: subsidy.PaySingle})
}

// hardRounding is the rounding to quantum q, half-up.
func hardRounding(t *testing.T, q string) subsidy.Rounding {
	t.Helper()
	r, err := subsidy.NewRounding(decimal.RequireFromString(q), subsidy.HalfUp)
	require.NoError(t, err)
	return r
}

// TestHardeningAwardInMinorUnits: whatever a rule computes, the award is
// rounded to the currency's minor unit by the rule's or the policy's
// rounding, so a rule cannot leave 1500.005 yuan in the award; a schedule
// that pays a fraction of a minor unit is an error, not a payment.
func TestHardeningAwardInMinorUnits(t *testing.T) {
	claim := subsidy.Claim{ID: "c-1", Date: subsidy.MustParseDate("2024-05-20")}
	opts := subsidy.Options{AsOf: hardAsOf, Explain: true}
	tests := []struct {
		currency, quantum, value, want string
	}{
		// 1500.005 half-up to the fen: 1500.01 (the 5 in the third place
		// rounds away from zero).
		{"CNY", "0.01", "1500.005", "1500.01"},
		// To whole yuan: 1500.5 half-up is 1501.
		{"CNY", "1", "1500.5", "1501"},
		// 1500.0005 BHD half-up to the fils (0.001): 1500.001.
		{"BHD", "0.001", "1500.0005", "1500.001"},
		// 99.5 JPY half-up to the yen: 100.
		{"JPY", "1", "99.5", "100"},
	}
	for _, tt := range tests {
		t.Run(tt.currency+" "+tt.value, func(t *testing.T) {
			p, err := subsidy.NewPolicy(subsidy.Definition{
				Name: "setter", Version: "1", Currency: tt.currency, Scheme: "s", Rounding: hardRounding(t, tt.quantum),
				Rules: []subsidy.Rule{hardSetter{RuleMeta: subsidy.RuleMeta{ID: "set"}, Value: decimal.RequireFromString(tt.value)}},
			})
			require.NoError(t, err)
			res, err := p.Evaluate(claim, opts)
			require.NoError(t, err)
			assert.True(t, res.Amount.Equal(decimal.RequireFromString(tt.want)), "award %s, want %s", res.Amount, tt.want)
			require.NotNil(t, res.Explanation.Steps[0].Rounding, "the rounding shows in the explanation")
			assert.Equal(t, tt.value, res.Explanation.Steps[0].Rounding.Before)
		})
	}

	p, err := subsidy.NewPolicy(subsidy.Definition{
		Name: "payer", Version: "1", Currency: "CNY", Scheme: "s", Rounding: hardRounding(t, "0.01"),
		Rules:    []subsidy.Rule{hardSetter{RuleMeta: subsidy.RuleMeta{ID: "set"}, Value: decimal.New(1500, 0)}},
		Schedule: hardPayer{Value: decimal.RequireFromString("1500.005")},
	})
	require.NoError(t, err)
	_, err = p.Evaluate(claim, opts)
	require.ErrorIs(t, err, subsidy.ErrNotMultiple, "a payment of 1500.005 CNY")
	assert.Contains(t, err.Error(), "1500.005")
}

// TestHardeningResultsInMinorUnits: under random policies in CNY, EUR, GBP,
// JPY and BHD, every amount of every result (the award, each payment, each
// contribution) is a whole number of the currency's minor unit.
func TestHardeningResultsInMinorUnits(t *testing.T) {
	rng := rand.New(rand.NewPCG(4217, 1))
	claims := hardClaims(t, 42, 60)
	var nonzero int
	for i := range 200 {
		def := hardRandomPolicy(t, rng, i)
		p, err := subsidy.NewPolicy(def)
		require.NoError(t, err)
		scale := hardScale[def.Currency]
		whole := func(what string, d decimal.Decimal) {
			t.Helper()
			require.True(t, d.Shift(scale).IsInteger(), "case %d (%s): %s = %s is not whole minor units", i, def.Currency, what, d)
		}
		for _, c := range claims {
			res, err := p.Evaluate(c, subsidy.Options{AsOf: hardAsOf})
			if err != nil {
				continue
			}
			whole("amount", res.Amount)
			for _, pay := range res.Payments {
				whole("payment", pay.Amount)
			}
			for _, k := range res.Contributions {
				whole("contribution of "+k.Rule, k.Amount)
			}
			if !res.Amount.IsZero() {
				nonzero++
			}
		}
	}
	require.Positive(t, nonzero, "some random policy must award something")
}

// TestHardeningLedgerAndBudgetMinorUnits: the ledger refuses 1.234 yuan, by
// Record and by ReadLedger, naming the amount; budgets and pro-rata splits
// refuse an amount finer than their quantum; Totals refuses a result whose
// amount is not whole fen. Each error matches its sentinel.
func TestHardeningLedgerAndBudgetMinorUnits(t *testing.T) {
	g := hardKeyGrant(1, 0)
	g.Amount = decimal.RequireFromString("1.234")
	_, _, err := subsidy.NewLedger().Record(g)
	require.ErrorIs(t, err, subsidy.ErrInvalidGrant)
	var le *subsidy.LedgerError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, "amount", le.Field)
	assert.Contains(t, err.Error(), "1.234")

	line := `{"key":"k","policy":"p","scheme":"s","person":"P1","date":"2024-03-01","amount":"1.234","currency":"CNY"}` + "\n"
	_, err = subsidy.ReadLedger(strings.NewReader(line))
	require.ErrorIs(t, err, subsidy.ErrInvalidGrant)
	require.ErrorAs(t, err, &le)
	assert.Equal(t, 1, le.Line)
	assert.Contains(t, err.Error(), "1.234")

	b, err := subsidy.NewBudget("fund", decimal.New(1000, 0), decimal.New(1, -2))
	require.NoError(t, err)
	_, err = b.Reserve("k", decimal.RequireFromString("0.001"), subsidy.Partial)
	require.ErrorIs(t, err, subsidy.ErrNotMultiple)
	assert.Contains(t, err.Error(), "0.001")
	_, err = b.Settle([]subsidy.Request{{Key: "a", Amount: decimal.New(1, 0)}, {Key: "b", Amount: decimal.RequireFromString("2.345")}})
	require.ErrorIs(t, err, subsidy.ErrNotMultiple)
	assert.Contains(t, err.Error(), "requests[1].Amount")
	require.True(t, b.Reserved().IsZero(), "a refused round reserves nothing")
	_, err = subsidy.NewBudget("fund", decimal.RequireFromString("1000.005"), decimal.New(1, -2))
	require.ErrorIs(t, err, subsidy.ErrNotMultiple)
	_, err = subsidy.ProRata(decimal.RequireFromString("100.005"), decimal.New(1, -2), []subsidy.Request{{Key: "a", Amount: decimal.New(1, 0)}})
	require.ErrorIs(t, err, subsidy.ErrNotMultiple)

	var tot subsidy.Totals
	err = tot.Add(subsidy.Claim{ID: "x"}, subsidy.Result{Claim: "x", Currency: "CNY", Amount: decimal.RequireFromString("1.234"), Granted: true}, nil)
	require.ErrorIs(t, err, subsidy.ErrNotMultiple)
	assert.True(t, errors.Is(err, subsidy.ErrNotMultiple))

	// A whole-fen grant is stored at two decimals and exported so.
	ok := hardKeyGrant(2, 0)
	ok.Amount = decimal.RequireFromString("1.2")
	l := subsidy.NewLedger()
	stored, fresh, err := l.Record(ok)
	require.NoError(t, err)
	require.True(t, fresh)
	assert.Equal(t, int32(-2), stored.Amount.Exponent(), "stored at two decimals: %s", stored.Amount)
	var out bytes.Buffer
	_, err = l.WriteTo(&out)
	require.NoError(t, err)
	assert.Contains(t, out.String(), `"amount":"1.20"`)
}

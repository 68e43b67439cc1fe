package subsidy_test

import (
	"errors"
	"testing"

	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// engineFlat is a minimal custom rule for the engine's own tests: it adds
// the number parameter "flat" and rejects claims flagged "deny".
type engineFlat struct {
	subsidy.RuleMeta
	Param string `json:"param"`
}

func (engineFlat) Kind() string { return "test-flat" }

func (r engineFlat) Check(p *subsidy.Policy) error { return p.CheckParam("param", r.Param, false) }

func (r engineFlat) Apply(s *subsidy.State) error {
	if s.Claim().HasFlag("deny") {
		s.Reject("denied", "the claim is flagged deny")
		return nil
	}
	v, err := s.Number(r.Param)
	if err != nil {
		return err
	}
	return s.SetAmount(s.Amount().Add(v))
}

func enginePolicy(t *testing.T, mode subsidy.RoundingMode, value string) *subsidy.Policy {
	t.Helper()
	flat, err := subsidy.NewSeries("flat", []subsidy.Entry[decimal.Decimal]{
		{From: subsidy.MustParseDate("2024-01-01"), Until: subsidy.MustParseDate("2024-12-31"), Value: decimal.RequireFromString(value),
			Citation: subsidy.Citation{Title: "test"}},
	})
	require.NoError(t, err)
	r, err := subsidy.NewRounding(decimal.RequireFromString("1"), mode)
	require.NoError(t, err)
	p, err := subsidy.NewPolicy(subsidy.Definition{
		Name: "test", Version: "1", Currency: "CNY", Scheme: "test", Rounding: r,
		Params: []subsidy.Param{{Name: "flat", Unit: "CNY", Number: flat}},
		Rules:  []subsidy.Rule{engineFlat{RuleMeta: subsidy.RuleMeta{ID: "flat"}, Param: "flat"}},
	})
	require.NoError(t, err)
	return p
}

func TestEngineCore(t *testing.T) {
	p := enginePolicy(t, subsidy.HalfUp, "1000.5")
	asOf := subsidy.MustParseDate("2024-06-30")
	c := subsidy.Claim{ID: "c1", Date: subsidy.MustParseDate("2024-06-01")}
	res, err := p.Evaluate(c, subsidy.Options{AsOf: asOf, Explain: true})
	require.NoError(t, err)
	// 1000.5 rounded half-up to the yuan is 1001.
	require.True(t, res.Granted)
	require.Equal(t, "1001.00", res.Amount.StringFixed(2))
	require.Len(t, res.Payments, 1)
	require.True(t, res.Payments[0].Amount.Equal(res.Amount))
	require.Equal(t, c.Date, res.Payments[0].Date)
	require.Len(t, res.Explanation.Steps, 1)
	st := res.Explanation.Steps[0]
	require.Equal(t, subsidy.Applied, st.Outcome)
	require.NotNil(t, st.Rounding)
	require.Equal(t, "1000.5", st.Rounding.Before)
	require.Len(t, st.Params, 1)
	require.Equal(t, "flat", st.Params[0].Name)
	require.Len(t, res.Contributions, 1)
	require.Regexp(t, `^sha256:[0-9a-f]{64}$`, res.Digest)

	// Rejected: amount zero, reason given, no payments.
	c.Flags = []string{"deny"}
	res, err = p.Evaluate(c, subsidy.Options{AsOf: asOf})
	require.NoError(t, err)
	require.False(t, res.Granted)
	require.True(t, res.Amount.IsZero())
	require.Equal(t, []subsidy.Reason{{Rule: "flat", Code: "denied", Text: "the claim is flagged deny"}}, res.Reasons)
	require.Empty(t, res.Payments)

	// Not covered: a typed error.
	c.Flags = nil
	c.Date = subsidy.MustParseDate("2025-01-01")
	_, err = p.Evaluate(c, subsidy.Options{AsOf: c.Date})
	var nc *subsidy.ParamNotCoveredError
	require.ErrorAs(t, err, &nc)
	require.True(t, errors.Is(err, subsidy.ErrNotCovered))

	// A different number, a different digest.
	q := enginePolicy(t, subsidy.HalfUp, "1000.6")
	require.NotEqual(t, p.Digest(), q.Digest())
	down := enginePolicy(t, subsidy.Down, "1000.5")
	require.NotEqual(t, p.Digest(), down.Digest())
	res, err = down.Evaluate(subsidy.Claim{ID: "c1", Date: subsidy.MustParseDate("2024-06-01")}, subsidy.Options{AsOf: asOf})
	require.NoError(t, err)
	require.Equal(t, "1000.00", res.Amount.StringFixed(2))
}

func TestEnginePolicyJSON(t *testing.T) {
	p := enginePolicy(t, subsidy.HalfUp, "1000.5")
	b, err := p.MarshalJSON()
	require.NoError(t, err)
	require.Contains(t, string(b), `"rules":[{"kind":"test-flat","id":"flat","param":"flat"}]`)
	t.Log(string(b))
}

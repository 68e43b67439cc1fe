package subsidy_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCompareRaiseIntermediate(t *testing.T) {
	// The 2024 policy with the 中级 amount raised from 1500 to 1800 yuan:
	// every claim the base policy grants at 中级 gains 1800 − 1500 = 300,
	// every other claim is unchanged (no rule of the policy depends on the
	// amount), so the total difference is 300 × the number of 中级 claims
	// granted, counted here from one-by-one evaluations under the base.
	pop := newPopulation(popSmall)
	base := popPolicy(t)
	alt, err := base.WithParams(popAmounts(t, 1800))
	require.NoError(t, err)
	require.NotEqual(t, base.Digest(), alt.Digest())
	opts := subsidy.Options{AsOf: popAsOf, History: pop.ledger(t)}
	const n = 4_000
	claims := slices.Collect(batchCorrupt(pop.claims(n), 9))

	midGranted, errs := 0, 0
	baseTotal := decimal.Zero
	for _, c := range claims {
		r, err := base.Evaluate(c, opts)
		if err != nil {
			errs++
			continue
		}
		baseTotal = baseTotal.Add(r.Amount)
		if r.Granted && popMid(c.Level) {
			midGranted++
		}
	}
	require.Positive(t, midGranted)
	require.Positive(t, errs)
	wantDelta := decimal.New(int64(300*midGranted), 0)

	for _, workers := range []int{1, 2, 7} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			var sum subsidy.Comparison
			i := 0
			for d, err := range subsidy.Compare(context.Background(), base, alt, slices.Values(claims), opts, workers) {
				c := claims[i]
				sum.Add(d, err)
				i++
				assert.Equal(t, c.ID, d.Claim)
				if err != nil {
					var ce *subsidy.ClaimError
					require.ErrorAs(t, err, &ce)
					assert.Equal(t, c.ID, ce.ID)
					assert.Contains(t, err.Error(), "under both policies")
					continue
				}
				assert.Equal(t, d.BaseGranted, d.AltGranted, "claim %s", c.ID)
				assert.True(t, d.Alt.Sub(d.Base).Equal(d.Delta))
				if d.BaseGranted && popMid(c.Level) {
					assert.Equal(t, "1500.00", d.Base.StringFixed(2), "claim %s", c.ID)
					assert.Equal(t, "1800.00", d.Alt.StringFixed(2), "claim %s", c.ID)
					assert.True(t, d.Changed())
				} else {
					assert.True(t, d.Delta.IsZero(), "claim %s: delta %s", c.ID, d.Delta)
					assert.False(t, d.Changed())
				}
			}
			require.Equal(t, n, i)
			assert.Equal(t, n, sum.Claims)
			assert.Equal(t, errs, sum.Errors)
			assert.Equal(t, midGranted, sum.Changed)
			assert.True(t, sum.Delta.Equal(wantDelta), "delta %s, want %s", sum.Delta, wantDelta)
			assert.True(t, sum.Base.Equal(baseTotal), "base %s, want %s", sum.Base, baseTotal)
			assert.True(t, sum.Alt.Equal(baseTotal.Add(wantDelta)), "alt %s", sum.Alt)
		})
	}
}

// whatifNeedBorn is a condition that needs the claim's date of birth.
type whatifNeedBorn struct{ subsidy.RuleMeta }

func (whatifNeedBorn) Kind() string                { return "whatif-need-born" }
func (whatifNeedBorn) IsCondition() bool           { return true }
func (whatifNeedBorn) Check(*subsidy.Policy) error { return nil }
func (whatifNeedBorn) Apply(s *subsidy.State) error {
	if s.Claim().Born.IsZero() {
		return s.Missing("born")
	}
	return nil
}

func TestCompareErrors(t *testing.T) {
	base := batchPolicy(t, "CNY")
	day := subsidy.MustParseDate("2024-08-01")
	good := subsidy.Claim{ID: "ok", Date: day, Person: "P1", Occupation: "6-10-01-01",
		Level: certificate.NationalGrade4, InsuredMonths: 24}
	opts := subsidy.Options{AsOf: subsidy.MustParseDate("2024-12-31")}

	t.Run("alternative does not cover the claim", func(t *testing.T) {
		// The alternative's amounts end on 2024-06-30: a claim of
		// 2024-08-01 is not covered by it, but is by the base.
		short, err := subsidy.NewSeries("amounts", []subsidy.Entry[map[string]decimal.Decimal]{{
			From: subsidy.MustParseDate("2024-01-01"), Until: subsidy.MustParseDate("2024-06-30"),
			Value: batchAmounts(1500), Citation: batchCite,
		}})
		require.NoError(t, err)
		alt, err := base.WithParams(subsidy.Param{Name: "amounts", Unit: "CNY", Table: short})
		require.NoError(t, err)
		var got []subsidy.Difference
		var errs []error
		for d, err := range subsidy.Compare(context.Background(), base, alt, slices.Values([]subsidy.Claim{good}), opts, 1) {
			got, errs = append(got, d), append(errs, err)
		}
		require.Len(t, got, 1)
		assert.Equal(t, subsidy.Difference{Claim: "ok"}, got[0])
		var nc *subsidy.ParamNotCoveredError
		require.ErrorAs(t, errs[0], &nc)
		assert.Equal(t, "amounts", nc.Param)
		assert.Contains(t, errs[0].Error(), `under the alternative policy "batch-test@2024"`)
		assert.NotContains(t, errs[0].Error(), "base policy")
	})
	t.Run("both fail, differently", func(t *testing.T) {
		// The base does not cover 2024-08-01 (its amounts end on
		// 2024-06-30); the alternative covers it but needs a date of
		// birth the claim lacks.
		short, err := subsidy.NewSeries("amounts", []subsidy.Entry[map[string]decimal.Decimal]{{
			From: subsidy.MustParseDate("2024-01-01"), Until: subsidy.MustParseDate("2024-06-30"),
			Value: batchAmounts(1500), Citation: batchCite,
		}})
		require.NoError(t, err)
		shortBase, err := base.WithParams(subsidy.Param{Name: "amounts", Unit: "CNY", Table: short})
		require.NoError(t, err)
		alt := batchPolicy(t, "CNY", whatifNeedBorn{RuleMeta: subsidy.RuleMeta{ID: "born"}})
		n := 0
		for _, err := range subsidy.Compare(context.Background(), shortBase, alt, slices.Values([]subsidy.Claim{good}), opts, 1) {
			n++
			var nc *subsidy.ParamNotCoveredError
			require.ErrorAs(t, err, &nc)
			var ce *subsidy.ClaimError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, "born", ce.Field)
			assert.Contains(t, err.Error(), "under the base policy")
			assert.Contains(t, err.Error(), "under the alternative policy")
		}
		assert.Equal(t, 1, n)
	})
	t.Run("bad policies", func(t *testing.T) {
		eur := batchPolicy(t, "EUR")
		tests := []struct {
			name      string
			base, alt *subsidy.Policy
			text      string
		}{
			{"nil base", nil, base, "a nil policy"},
			{"nil alternative", base, nil, "a nil policy"},
			{"other currency", base, eur, `the alternative policy "batch-test@2024" pays in EUR, the base policy "batch-test@2024" in CNY`},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				n := 0
				for d, err := range subsidy.Compare(context.Background(), tc.base, tc.alt, slices.Values([]subsidy.Claim{good}), opts, 2) {
					n++
					assert.Equal(t, subsidy.Difference{}, d)
					require.ErrorIs(t, err, subsidy.ErrInvalidArgument)
					assert.ErrorContains(t, err, tc.text)
				}
				assert.Equal(t, 1, n)
			})
		}
	})
	t.Run("panic and cancel", func(t *testing.T) {
		boom := batchPolicy(t, "CNY", batchBoom{RuleMeta: subsidy.RuleMeta{ID: "boom"}})
		bad := good
		bad.ID, bad.Flags = "bad", []string{"boom"}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		pulled := 0
		claims := batchCancelAfter(slices.Values([]subsidy.Claim{good, bad, good, good}), 3, cancel, &pulled)
		var errs []error
		for _, err := range subsidy.Compare(ctx, base, boom, claims, opts, 1) {
			errs = append(errs, err)
		}
		// One by one: ok, bad (a panic under the alternative), ok, then
		// the context is canceled before the fourth claim.
		require.Len(t, errs, 4)
		assert.NoError(t, errs[0])
		var pe *subsidy.PanicError
		require.ErrorAs(t, errs[1], &pe)
		assert.Equal(t, "bad", pe.Claim)
		assert.True(t, errors.Is(errs[1], errBoom))
		assert.NoError(t, errs[2])
		var ce *subsidy.CanceledError
		require.ErrorAs(t, errs[3], &ce)
		assert.Equal(t, 3, ce.Index)
		var sum subsidy.Comparison
		for _, err := range errs {
			sum.Add(subsidy.Difference{Base: decimal.New(1500, 0), Alt: decimal.New(1500, 0)}, err)
		}
		// The canceled pair is no claim; the panic is an error: 3 claims,
		// 1 error, 2 × 1500 under each policy.
		assert.Equal(t, [3]int{3, 1, 0}, [3]int{sum.Claims, sum.Errors, sum.Changed})
		assert.Equal(t, "3000", sum.Base.String())
		assert.Equal(t, "3000", sum.Alt.String())
		assert.True(t, sum.Delta.IsZero())
	})
}

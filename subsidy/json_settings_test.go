package subsidy_test

import (
	"encoding/json"
	"iter"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// otherDecimalSettings yields, one after the other, settings of
// shopspring/decimal's MarshalJSONWithoutQuotes, TrimTrailingZeros and
// UseScientificNotation other than the defaults (false, true, false), each
// in force until the next is yielded, and puts the settings back when the
// loop ends. A test using it must not be parallel.
func otherDecimalSettings() iter.Seq[[3]bool] {
	return func(yield func([3]bool) bool) {
		quotes, trim, sci := decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation
		defer func() {
			decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation = quotes, trim, sci
		}()
		for _, set := range [][3]bool{{true, false, false}, {true, true, true}, {false, false, true}, {false, true, true}} {
			decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation = set[0], set[1], set[2]
			if !yield(set) {
				return
			}
		}
	}
}

// TestJSONIgnoresDecimalSettings checks that results (with explanations,
// as JSON and as text), totals and claims, and the types in them written
// on their own (payments, contributions, steps, parameter uses, roundings,
// tallies, a case's expected outcome), write the same bytes whatever shopspring/decimal's
// package-level settings are, which another package of the program may
// change: quoted decimals with their places, never bare numbers or
// scientific notation, in amounts and in the texts of reasons. It
// evaluates 300 claims of the test population, with a base on every third.
func TestJSONIgnoresDecimalSettings(t *testing.T) {
	pop := newPopulation(popSmall)
	l, p := pop.ledger(t), popPolicy(t)
	write := func() []string {
		var out []string
		var tt subsidy.Totals
		i := 0
		for c := range pop.claims(300) {
			if i%3 == 0 {
				c.Base = decimal.New(int64(1800000+i), -2) // 18000.00 yuan and up
			}
			i++
			r, err := p.Evaluate(c, subsidy.Options{AsOf: popAsOf, History: l, Explain: true})
			require.NoError(t, err)
			require.NoError(t, tt.Add(c, r, nil))
			rj, err := json.Marshal(r)
			require.NoError(t, err)
			cj, err := json.Marshal(c)
			require.NoError(t, err)
			out = append(out, string(rj), string(cj), r.String())
			var parts []any
			for _, p := range r.Payments {
				parts = append(parts, p)
			}
			for _, c := range r.Contributions {
				parts = append(parts, c)
			}
			if r.Explanation != nil {
				for _, st := range r.Explanation.Steps {
					parts = append(parts, st)
					for _, u := range st.Params {
						parts = append(parts, u)
					}
					if st.Rounding != nil {
						parts = append(parts, *st.Rounding)
					}
				}
			}
			parts = append(parts, subsidy.Want{Granted: r.Granted, Amount: r.Amount, Payments: r.Payments})
			for _, p := range parts {
				b, err := json.Marshal(p)
				require.NoError(t, err)
				out = append(out, string(b))
			}
		}
		tj, err := json.Marshal(&tt)
		require.NoError(t, err)
		total, err := json.Marshal(tt.Total())
		require.NoError(t, err)
		fen, err := subsidy.NewRounding(decimal.New(1, -2), subsidy.HalfUp)
		require.NoError(t, err)
		rs, err := json.Marshal(subsidy.RoundingStep{Rounding: fen, Before: "1500.005", After: decimal.New(150001, -2)})
		require.NoError(t, err)
		return append(out, string(tj), string(total), string(rs))
	}
	want := write()
	joined := strings.Join(want, "\n")
	require.Contains(t, joined, `"amount":"1500.00"`, "an award keeps its fen")
	require.Contains(t, joined, `"base":"18000.00"`, "a base keeps its places")
	for _, part := range []string{`{"date":"`, `{"rule":"`, `{"name":"`, `{"granted":true,"amount":"`, `{"key":"","claims":300,`, `{"rounding":{"quantum":"0.01","mode":"half-up"},"before":"1500.005","after":"1500.01"}`} {
		require.True(t, slices.ContainsFunc(want, func(s string) bool { return strings.HasPrefix(s, part) }), "no part written on its own starts with %s", part)
	}

	for set := range otherDecimalSettings() {
		got := write()
		require.Equal(t, len(want), len(got))
		for i := range want {
			require.Equal(t, want[i], got[i], "settings %v, output %d", set, i)
		}
	}
}

// TestClaimJSONBase checks that a claim's base round-trips with its places
// and that a zero base is left out.
func TestClaimJSONBase(t *testing.T) {
	c := subsidy.Claim{ID: "c-1", Date: subsidy.MustParseDate("2024-05-01"), Base: decimal.New(1800050, -2)}
	b, err := json.Marshal(c)
	require.NoError(t, err)
	require.Contains(t, string(b), `"base":"18000.50"`)
	var back subsidy.Claim
	require.NoError(t, json.Unmarshal(b, &back))
	require.True(t, back.Base.Equal(c.Base))
	require.Equal(t, int32(-2), back.Base.Exponent())

	c.Base = decimal.Zero
	b, err = json.Marshal(c)
	require.NoError(t, err)
	require.NotContains(t, string(b), "base")
}

// TestTextsIgnoreDecimalSettings: the explanations of random policies (the
// rules' notes on rates, percentages, caps and prepayments, and the
// parameter values they used), as text and as JSON, and the policies'
// canonical JSON, are the same bytes whatever shopspring/decimal's
// package-level settings are. The notes used to write parameter values
// with shopspring's String, so "30%" became "30.00%" or "3E1%" when a
// program set TrimTrailingZeros or UseScientificNotation. (Not parallel:
// it changes the settings.)
func TestTextsIgnoreDecimalSettings(t *testing.T) {
	claims := hardClaims(t, 7, 12)
	write := func() []string {
		rng := rand.New(rand.NewPCG(2024, 2))
		var out []string
		for i := range 120 {
			p, err := subsidy.NewPolicy(hardRandomPolicy(t, rng, i))
			require.NoError(t, err)
			canon, err := p.MarshalJSON()
			require.NoError(t, err)
			out = append(out, string(canon))
			for _, c := range claims {
				r, err := p.Evaluate(c, subsidy.Options{AsOf: hardAsOf, Explain: true})
				if err != nil {
					out = append(out, err.Error())
					continue
				}
				b, err := json.Marshal(r)
				require.NoError(t, err)
				out = append(out, r.String(), string(b))
			}
		}
		return out
	}
	want := write()
	joined := strings.Join(want, "\n")
	for _, s := range []string{"% prepaid", " × (1 + ", "percent = "} {
		require.Contains(t, joined, s, "the random policies write such notes")
	}
	for set := range otherDecimalSettings() {
		got := write()
		require.Equal(t, len(want), len(got))
		for i := range want {
			require.Equal(t, want[i], got[i], "settings %v, output %d", set, i)
		}
	}
}

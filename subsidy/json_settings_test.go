package subsidy_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestJSONIgnoresDecimalSettings checks that results (with explanations,
// as JSON and as text), totals and claims write the same bytes whatever shopspring/decimal's
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
		}
		tj, err := json.Marshal(&tt)
		require.NoError(t, err)
		return append(out, string(tj))
	}
	want := write()
	joined := strings.Join(want, "\n")
	require.Contains(t, joined, `"amount":"1500.00"`, "an award keeps its fen")
	require.Contains(t, joined, `"base":"18000.00"`, "a base keeps its places")

	quotes, trim, sci := decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation
	defer func() {
		decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation = quotes, trim, sci
	}()
	for _, set := range [][3]bool{{true, false, false}, {true, true, true}, {false, false, true}} {
		decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation = set[0], set[1], set[2]
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

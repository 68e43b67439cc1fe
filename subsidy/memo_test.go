package subsidy_test

import (
	"testing"

	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/stretchr/testify/require"
)

// TestParamsAsKnownInTurn evaluates one claim as of two dates in turn, on
// one policy: a minimum of 12 insured months from 2024, lowered to 6 from
// 2025-01-01 by an entry published on 2025-03-01 (invented figures). Before
// the publication the 12 is still believed in force, after it the 6
// applies, so a claim with 8 months is rejected as of 2025-02-15 and
// granted as of 2025-03-15, however often the two alternate: what one
// evaluation keeps of the parameters must not answer for another as-of
// date. Each result is also compared with an explaining evaluation's.
func TestParamsAsKnownInTurn(t *testing.T) {
	minMonths := condNumber(t, "min", "months",
		condEntry{from: "2024-01-01", value: "12", cite: condCite2024},
		condEntry{from: "2025-01-01", value: "6", published: "2025-03-01", cite: condCite2024})
	amount := condNumber(t, "amount", "CNY", condEntry{from: "2024-01-01", value: "1500", cite: condCite2024})
	p := condPolicy(t, []subsidy.Param{minMonths, amount},
		subsidy.InsuredMonths{RuleMeta: condMeta(subsidy.OnClaimDate), Min: "min"},
		subsidy.Amount{RuleMeta: subsidy.RuleMeta{ID: "amount"}, Amount: "amount"})
	c := condBase()
	c.Date, c.Issued, c.InsuredMonths = condDate("2025-02-01"), condDate("2025-01-10"), 8
	for i := range 20 {
		asOf, granted := condDate("2025-02-15"), false
		if i%2 == 1 {
			asOf, granted = condDate("2025-03-15"), true
		}
		r, err := p.Evaluate(c, subsidy.Options{AsOf: asOf})
		require.NoError(t, err)
		require.Equal(t, granted, r.Granted, "evaluation %d, as of %s: %v", i, asOf, r.Reasons)
		x, err := p.Evaluate(c, subsidy.Options{AsOf: asOf, Explain: true})
		require.NoError(t, err)
		x.Explanation = nil
		require.Equal(t, x, r, "evaluation %d", i)
	}
}

package subsidy_test

import (
	"os"
	"testing"

	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestCanonicalJSONIgnoresDecimalSettings checks that a policy's canonical
// JSON, and so its digest, does not change when some other package of the
// program changes shopspring's package-level settings. (This test changes
// them, and restores them, on its own goroutine; it must not be parallel.)
func TestCanonicalJSONIgnoresDecimalSettings(t *testing.T) {
	data, err := os.ReadFile("testdata/policies/cn-skill-improvement-2024.json")
	require.NoError(t, err)
	p, err := subsidy.LoadPolicy(data)
	require.NoError(t, err)
	canon, err := p.MarshalJSON()
	require.NoError(t, err)

	quotes, trim := decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros
	defer func() { decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros = quotes, trim }()
	decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros = true, false

	q, err := subsidy.LoadPolicy(data)
	require.NoError(t, err)
	again, err := q.MarshalJSON()
	require.NoError(t, err)
	require.Equal(t, string(canon), string(again))
	require.Equal(t, p.Digest(), q.Digest())
}

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

	for set := range otherDecimalSettings() {
		q, err := subsidy.LoadPolicy(data)
		require.NoError(t, err)
		again, err := q.MarshalJSON()
		require.NoError(t, err)
		require.Equal(t, string(canon), string(again), "settings %v", set)
		require.Equal(t, p.Digest(), q.Digest())
	}
}

// TestCanonicalJSONCustomDecimals: a custom rule kind with decimal fields
// is written by the policy's canonical JSON with its decimals as strings in
// canonical form whatever shopspring's settings say, so that the digest is
// the same and the canonical JSON loads back (it used to hold a JSON number,
// which the loader refuses, when MarshalJSONWithoutQuotes was set). Not
// parallel, as it changes the settings.
func TestCanonicalJSONCustomDecimals(t *testing.T) {
	fen, err := subsidy.NewRounding(decimal.New(1, -2), subsidy.HalfUp)
	require.NoError(t, err)
	build := func() *subsidy.Policy {
		p, err := subsidy.NewPolicy(subsidy.Definition{Name: "p", Version: "1", Currency: "CNY", Scheme: "s",
			Rounding: fen,
			Rules:    []subsidy.Rule{hardSetter{RuleMeta: subsidy.RuleMeta{ID: "set"}, Value: decimal.New(150050, -2)}}}) // 1500.50
		require.NoError(t, err)
		return p
	}
	p := build()
	canon, err := p.MarshalJSON()
	require.NoError(t, err)
	require.Contains(t, string(canon), `"value":"1500.5"`)

	l := subsidy.NewLoader()
	require.NoError(t, l.RegisterRule("hd-setter", func() subsidy.Rule { return new(hardSetter) }))
	for set := range otherDecimalSettings() {
		q := build()
		again, err := q.MarshalJSON()
		require.NoError(t, err)
		require.Equal(t, string(canon), string(again), "settings %v", set)
		require.Equal(t, p.Digest(), q.Digest())
		back, err := l.Load(again)
		require.NoError(t, err, "settings %v", set)
		require.Equal(t, p.Digest(), back.Digest())
	}
}

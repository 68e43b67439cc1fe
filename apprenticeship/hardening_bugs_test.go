package apprenticeship_test

import (
	"encoding/json"
	"testing"

	"github.com/dualtrack/dualtrack/apprenticeship"
	"github.com/stretchr/testify/require"
)

// TestHardeningDualAgreementMarshals: a German dual agreement that the
// German rules accept, with no target level (which Check allows for Dual),
// must survive JSON.
func TestHardeningDualAgreementMarshals(t *testing.T) {
	a, err := apprenticeship.NewAgreement(ruleGerman(), apprenticeship.GermanRules())
	require.NoError(t, err)
	out, err := json.Marshal(a)
	require.NoError(t, err)
	var back apprenticeship.Agreement
	require.NoError(t, json.Unmarshal(out, &back))
	require.Zero(t, back.Target)
	_, err = apprenticeship.NewAgreement(back, apprenticeship.GermanRules())
	require.NoError(t, err)
}

// TestHardeningRuleSetJSONStable: a rule set's JSON is the same after one
// trip as before it; a part that is no rule is left out either way.
func TestHardeningRuleSetJSONStable(t *testing.T) {
	for _, doc := range []string{`{"partTime":{"minShare":"0"}}`, `{"targets":{"allowed":[]}}`, `{"kinds":{"allowed":[]}}`} {
		var rs apprenticeship.RuleSet
		require.NoError(t, json.Unmarshal([]byte(doc), &rs))
		require.NoError(t, rs.Validate())
		first, err := json.Marshal(rs)
		require.NoError(t, err)
		var back apprenticeship.RuleSet
		require.NoError(t, json.Unmarshal(first, &back))
		second, err := json.Marshal(back)
		require.NoError(t, err)
		require.Equal(t, string(first), string(second), "from %s", doc)
	}
}

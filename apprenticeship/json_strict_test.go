package apprenticeship_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/apprenticeship"
	"github.com/stretchr/testify/require"
)

// TestJSONStrict checks that agreements and rule sets decode strictly: what
// MarshalJSON writes comes back equal, and an unknown field, a field given
// twice (also in another case, or nested) and data after the object are
// *FieldErrors matching ErrInvalid that name where, leaving the value
// unchanged.
func TestJSONStrict(t *testing.T) {
	a := lifeAgreement()
	b, err := json.Marshal(a)
	require.NoError(t, err)
	var back apprenticeship.Agreement
	require.NoError(t, json.Unmarshal(b, &back))
	again, err := json.Marshal(back)
	require.NoError(t, err)
	require.Equal(t, string(b), string(again))

	rules, err := json.Marshal(apprenticeship.GermanRules())
	require.NoError(t, err)
	var r apprenticeship.RuleSet
	require.NoError(t, json.Unmarshal(rules, &r))

	doc := string(b)
	require.True(t, strings.HasPrefix(doc, `{"id":`), doc)
	bad := []struct {
		in, field, reason string
		into              json.Unmarshaler
	}{
		{strings.Replace(doc, `{"id":`, `{"signedBy":"x","id":`, 1), "signedBy", `unknown field "signedBy"`, &apprenticeship.Agreement{ID: "kept"}},
		{strings.Replace(doc, `{"id":`, `{"ID":"B-2","id":`, 1), "json", `field "id" given twice`, &apprenticeship.Agreement{ID: "kept"}},
		{strings.Replace(doc, `"probationMonths":4`, `"probationMonths":"four"`, 1), "probationMonths", "a JSON string where int belongs", &apprenticeship.Agreement{ID: "kept"}},
		{doc + ` []`, "json", "data after the value", &apprenticeship.Agreement{ID: "kept"}},
		{strings.Replace(string(rules), `{`, `{"probationMonths":1,`, 1), "probationMonths", `unknown field "probationMonths"`, &apprenticeship.RuleSet{}},
	}
	// A value its own type refuses (a decimal, a date, a kind) is named by
	// its path, with its index in a list, and shown.
	values := []struct{ in, field, value string }{
		{`{"allowance":["649","766","x"]}`, "allowance[2]", `"x"`},
		{`{"weeklyHours":"abc"}`, "weeklyHours", `"abc"`},
		{`{"start":"2024-02-30"}`, "start", `"2024-02-30"`},
		{`{"kind":"bogus"}`, "kind", `"bogus"`},
	}
	for _, tc := range values {
		var a apprenticeship.Agreement
		err := json.Unmarshal([]byte(tc.in), &a)
		var fe *apprenticeship.FieldError
		require.ErrorAs(t, err, &fe, tc.in)
		require.ErrorIs(t, err, apprenticeship.ErrInvalid)
		require.Equal(t, tc.field, fe.Field, "%v", err)
		require.Equal(t, tc.value, fe.Value, "%v", err)
	}
	var cr apprenticeship.ComplianceRules
	err = json.Unmarshal([]byte(`{"siteShares":{"school":{"min":"x","max":"50"}}}`), &cr)
	var fe *apprenticeship.FieldError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "siteShares.school.min", fe.Field, "%v", err)
	require.Equal(t, `"x"`, fe.Value, "%v", err)

	for _, tc := range bad {
		err := tc.into.UnmarshalJSON([]byte(tc.in)) // json.Unmarshal would refuse trailing data itself
		var fe *apprenticeship.FieldError
		require.ErrorAs(t, err, &fe, tc.in)
		require.True(t, errors.Is(err, apprenticeship.ErrInvalid), "%v", err)
		require.Equal(t, tc.field, fe.Field, "%v", err)
		require.Equal(t, tc.reason, fe.Reason, "%v", err)
		if ag, ok := tc.into.(*apprenticeship.Agreement); ok {
			require.Equal(t, "kept", ag.ID, "a failed decoding changed the agreement")
		}
	}
}

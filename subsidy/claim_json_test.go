package subsidy_test

import (
	"encoding/json"
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/stretchr/testify/require"
)

// TestClaimJSONStrict checks that a claim decodes strictly: a misspelt or
// unknown field and a repeated field are errors, not silent defaults.
func TestClaimJSONStrict(t *testing.T) {
	var c subsidy.Claim
	good := `{"id": "c-1", "date": "2024-05-20", "person": "P1", "level": "national-4", "insured_months": 14}`
	require.NoError(t, json.Unmarshal([]byte(good), &c))
	require.Equal(t, subsidy.Claim{ID: "c-1", Date: subsidy.MustParseDate("2024-05-20"), Person: "P1",
		Level: certificate.NationalGrade4, InsuredMonths: 14}, c)
	back, err := json.Marshal(c)
	require.NoError(t, err)
	var again subsidy.Claim
	require.NoError(t, json.Unmarshal(back, &again))
	require.Equal(t, c, again)

	require.NoError(t, json.Unmarshal([]byte(`null`), &c))
	require.Equal(t, "c-1", c.ID, "null leaves the claim as it was")

	for _, tt := range []struct{ name, doc, want string }{
		{"misspelt field", `{"id": "c-1", "date": "2024-05-20", "insured_month": 14}`, `unknown field "insured_month"`},
		{"repeated field", `{"id": "c-1", "date": "2024-05-20", "insured_months": 1, "insured_months": 40}`, `field "insured_months" given twice`},
		{"repeated in another case", `{"id": "c-1", "ID": "c-2", "date": "2024-05-20"}`, `field "ID" given twice`},
		{"bad date", `{"id": "c-1", "date": "2024-02-30"}`, "2024-02-30"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var c subsidy.Claim
			err := json.Unmarshal([]byte(tt.doc), &c)
			require.ErrorContains(t, err, tt.want)
			if tt.name != "bad date" {
				require.ErrorIs(t, err, subsidy.ErrInvalidClaim)
			}
		})
	}
}

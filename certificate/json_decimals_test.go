package certificate_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/dualtrack/dualtrack/certificate"
)

// otherDecimalSettings are settings of shopspring's MarshalJSONWithoutQuotes,
// TrimTrailingZeros and UseScientificNotation other than the defaults
// (false, true, false), which a program may set for its own reasons.
var otherDecimalSettings = [][3]bool{{true, true, false}, {false, false, false}, {false, true, true}, {true, false, true}}

// withDecimalSettings sets shopspring's three encoding settings for the
// rest of the test and puts them back after it. A test calling it must not
// be parallel.
func withDecimalSettings(t *testing.T, set [3]bool) {
	t.Helper()
	q, tr, s := decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation
	t.Cleanup(func() {
		decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation = q, tr, s
	})
	decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation = set[0], set[1], set[2]
}

// TestJSONIgnoresDecimalSettings runs the JSON tests of the types with
// credits again under each other setting of shopspring's package-level
// encoding settings: they check exact strings such as "credits":"1.5",
// which encoding/json alone would write as 1.5, "1.50" or "1.5E0". (Not
// parallel: it changes the settings.)
func TestJSONIgnoresDecimalSettings(t *testing.T) {
	for _, set := range otherDecimalSettings {
		t.Run(fmt.Sprint(set), func(t *testing.T) {
			withDecimalSettings(t, set)
			TestCreditJSONRoundTrip(t)
			// CourseCredit is an input of CheckCompletion, not in its output.
			b, err := json.Marshal(certificate.CourseCredit{Course: "B1", Credits: creditD("4.50")})
			require.NoError(t, err)
			require.Equal(t, `{"course":"B1","credits":"4.5"}`, string(b))
		})
	}
}

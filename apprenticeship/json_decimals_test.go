package apprenticeship_test

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
)

// otherDecimalSettings are settings of shopspring's MarshalJSONWithoutQuotes,
// TrimTrailingZeros and UseScientificNotation other than the defaults
// (false, true, false), which a program may set for its own reasons.
var otherDecimalSettings = [][3]bool{{true, true, false}, {false, false, false}, {false, true, true}, {true, false, true}}

// TestJSONIgnoresDecimalSettings runs the JSON tests of the types with
// decimals again under each other setting of shopspring's package-level
// encoding settings: they check exact strings such as "weight":"0.3",
// which encoding/json alone would write as 0.3, "0.30" or "3E-1". The
// allowance schedule, minimum and shortfall have a test of their own in the
// package. (Not parallel: it changes the settings.)
func TestJSONIgnoresDecimalSettings(t *testing.T) {
	for _, set := range otherDecimalSettings {
		t.Run(fmt.Sprint(set), func(t *testing.T) {
			q, tr, s := decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation
			t.Cleanup(func() {
				decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation = q, tr, s
			})
			decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation = set[0], set[1], set[2]
			for name, test := range map[string]func(*testing.T){
				"agreement": TestHardeningAgreementJSONProperty, "rule set": TestRuleSetJSON,
				"assessment": TestAssessmentJSON, "entry": TestEntryJSON, "progress": TestProgressJSON,
				"compliance": TestComplianceJSON,
			} {
				t.Run(name, test)
			}
		})
	}
}

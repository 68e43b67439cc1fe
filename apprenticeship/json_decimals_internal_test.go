package apprenticeship

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestScheduleJSONIgnoresDecimalSettings runs TestScheduleJSON again under
// settings of shopspring's MarshalJSONWithoutQuotes, TrimTrailingZeros and
// UseScientificNotation other than the defaults, and checks that the
// schedule, a minimum basis and a shortfall write the same bytes under
// each as under the defaults, with every decimal a string without trailing
// zeros. (Not parallel: it changes the settings.)
func TestScheduleJSONIgnoresDecimalSettings(t *testing.T) {
	a := allowAgreement("2024-01-15", "2025-03-14", "0.8", "1000", "1100.50")
	s, err := Schedule(a, allowCents(HalfEven))
	require.NoError(t, err)
	jan, err := NewPeriod(MustParseDate("2024-01-01"), MustParseDate("2024-01-31"))
	require.NoError(t, err)
	// A made-up month at the minimum of 649 euros for training begun in 2024,
	// first year (BBiG § 17(2)), full time: 649 − 600.50 = 48.50 short.
	basis := MinimumBasis{Period: jan, Year: 1, Kind: StatutoryMinimum, Monthly: decimal.New(64900, -2), Thirtieths: 30,
		Series: "minimum", Effective: MustParseDate("2024-01-01"), Rule: "BBiG § 17 (2)"}
	short := Shortfall{Month: "2024-01", Period: jan, Amount: decimal.New(60050, -2), Minimum: decimal.New(64900, -2),
		Difference: decimal.New(4850, -2), Basis: []MinimumBasis{basis}}
	values := []any{s, basis, short, s.Lines[0], s.Lines[0].Pieces[0], s.Years[0]}
	encode := func() []string {
		var out []string
		for _, v := range values {
			b, err := json.Marshal(v)
			require.NoError(t, err)
			out = append(out, string(b))
		}
		return out
	}
	want := encode()
	require.Contains(t, want[1], `"monthly":"649"`)
	require.Contains(t, want[2], `"amount":"600.5","minimumExact":"`)
	require.Contains(t, want[2], `"difference":"48.5"`)
	require.Contains(t, want[3], `"amount":"`)
	for _, set := range [][3]bool{{true, true, false}, {false, false, false}, {false, true, true}, {true, false, true}} {
		t.Run(fmt.Sprint(set), func(t *testing.T) {
			q, tr, sci := decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation
			t.Cleanup(func() {
				decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation = q, tr, sci
			})
			decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation = set[0], set[1], set[2]
			require.Equal(t, want, encode())
			TestScheduleJSON(t)
		})
	}
}

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

// TestTextsIgnoreDecimalSettings: messages, findings and certificate
// evidence write decimals as ruleShow does, in plain notation without
// trailing zeros, whatever shopspring's package-level settings say; they
// used shopspring's String, which writes "12.50" when TrimTrailingZeros is
// off and "1.2E3" when UseScientificNotation is on. (Not parallel: it
// changes the settings.)
func TestTextsIgnoreDecimalSettings(t *testing.T) {
	day := MustParseDate("2026-03-10")
	texts := func() []string {
		out := []string{ruleShow(decimal.New(750, -2)), ruleShow(decimal.New(12, 2)), ruleShow(decimal.New(-5, -70))}
		if err := logCheckHours(decimal.New(3000, -2)); err != nil {
			out = append(out, err.Error())
		}
		err := logValidateEntries("entries", []Entry{{Date: day, Site: School, Module: "M1", Hours: decimal.New(1250, -2)},
			{Date: day, Site: School, Module: "M2", Hours: decimal.New(1200, -2)}})
		if err != nil {
			out = append(out, err.Error())
		}
		ev := assessEvidence(Assessment{Kind: FinalExamPart1, Date: day, Passed: true, Score: decimal.NewNullDecimal(decimal.New(8150, -2)),
			Weight: decimal.New(300, -1), Assessor: "考核委员会"})
		return append(out, ev.Name+" | "+ev.Description)
	}
	want := texts()
	require.Equal(t, []string{"7.5", "1200", "-5e-70"}, want[:3])
	require.Len(t, want, 6)
	require.Contains(t, want[3], `"30"`)
	require.Contains(t, want[4], "add up to 24.5 hours") // 12.50 + 12.00
	require.Contains(t, want[5], "score 81.5")
	require.Contains(t, want[5], "weight 30%")
	for _, set := range [][3]bool{{true, true, false}, {false, false, false}, {false, true, true}, {true, false, true}} {
		q, tr, sci := decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation
		decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation = set[0], set[1], set[2]
		got := texts()
		decimal.MarshalJSONWithoutQuotes, decimal.TrimTrailingZeros, decimal.UseScientificNotation = q, tr, sci
		require.Equal(t, want, got, "settings %v", set)
	}
}

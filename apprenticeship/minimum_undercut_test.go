package apprenticeship_test

import (
	"math"
	"testing"

	"github.com/dualtrack/dualtrack/apprenticeship"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func TestGermanMinimumUndercut(t *testing.T) {
	shareOf := func(v decimal.Decimal) apprenticeship.Series[decimal.Decimal] {
		s, err := apprenticeship.NewSeries("undercut", []apprenticeship.SeriesEntry[decimal.Decimal]{
			{From: apprenticeship.MustParseDate("2020-01-01"), Value: v},
		})
		require.NoError(t, err)
		return s
	}
	share := func(v string) apprenticeship.Series[decimal.Decimal] { return shareOf(decimal.RequireFromString(v)) }
	rates, err := apprenticeship.NewSeries("tariff", []apprenticeship.SeriesEntry[[]decimal.Decimal]{
		{From: apprenticeship.MustParseDate("2019-01-01"), Value: []decimal.Decimal{decimal.New(1000, 0)}},
	})
	require.NoError(t, err)
	tariff, err := apprenticeship.TariffRates(rates)
	require.NoError(t, err)
	a := apprenticeship.Agreement{ID: "a", Kind: apprenticeship.Dual, Currency: "EUR",
		Start: apprenticeship.MustParseDate("2025-09-01"), End: apprenticeship.MustParseDate("2026-08-31"),
		PartTime: decimal.New(1, 0), Allowance: []decimal.Decimal{decimal.New(600, 0)}}
	cents, err := apprenticeship.NewRounding(decimal.New(1, -2), apprenticeship.HalfUp)
	require.NoError(t, err)
	for _, tc := range []struct{ share, minimum string }{
		// 20% (BBiG § 17(4)): 1000 × 0.80 = 800, the same as GermanMinimum.
		{"0.20", "800"},
		// 25%: 1000 × 0.75 = 750.
		{"0.25", "750"},
		// 35%: 650 is below the statutory 682 of the 2025 cohort, which applies.
		{"0.35", "682"},
	} {
		rule, err := apprenticeship.GermanMinimumUndercut(apprenticeship.GermanMinimumTable(), share(tc.share), tariff)
		require.NoError(t, err)
		short, err := apprenticeship.CheckAllowance(a, cents, rule, a.End)
		require.NoError(t, err)
		require.Len(t, short, 12, tc.share)
		require.True(t, short[0].Minimum.Equal(decimal.RequireFromString(tc.minimum)), "%s: %s", tc.share, short[0].Minimum)
	}
	for _, bad := range []string{"-0.1", "1", "1.5"} {
		_, err := apprenticeship.GermanMinimumUndercut(apprenticeship.GermanMinimumTable(), share(bad), tariff)
		require.ErrorIs(t, err, apprenticeship.ErrInvalid, bad)
		require.Contains(t, err.Error(), "undercut.entries[0].value")
	}
	// Absurd exponents are rejected by their bounds before any comparison,
	// which would rescale to 10^(2^31) and never end.
	for _, bad := range []decimal.Decimal{decimal.New(2, math.MaxInt32), decimal.New(5, math.MinInt32)} {
		_, err := apprenticeship.GermanMinimumUndercut(apprenticeship.GermanMinimumTable(), shareOf(bad), tariff)
		require.ErrorIs(t, err, apprenticeship.ErrInvalid)
		require.Contains(t, err.Error(), "undercut.entries[0].value")
	}
	_, err = apprenticeship.GermanMinimumUndercut(apprenticeship.GermanMinimumTable(), apprenticeship.Series[decimal.Decimal]{}, tariff)
	require.ErrorIs(t, err, apprenticeship.ErrInvalid)
}

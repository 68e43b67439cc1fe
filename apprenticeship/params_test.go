package apprenticeship_test

import (
	"errors"
	"testing"

	"github.com/dualtrack/dualtrack/apprenticeship"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSeriesFromOutside: a caller outside the package can build the
// effective-dated parameters the allowance rules take, without internal
// packages. The wage figure is illustrative, not a published minimum wage.
func TestSeriesFromOutside(t *testing.T) {
	wage, err := apprenticeship.NewSeries("illustrative minimum wage", []apprenticeship.SeriesEntry[decimal.Decimal]{{
		From:     apprenticeship.MustParseDate("2024-01-01"),
		Value:    decimal.NewFromInt(2000),
		Citation: apprenticeship.Citation{Title: "illustrative"},
	}})
	require.NoError(t, err)
	rule, err := apprenticeship.LocalMinimumWage(wage)
	require.NoError(t, err)
	assert.False(t, rule.IsZero())

	_, err = wage.Value(apprenticeship.MustParseDate("2023-12-31"))
	assert.True(t, errors.Is(err, apprenticeship.ErrNotCovered), "before the first entry there is no value")

	_, err = apprenticeship.NewSeries("unsorted", []apprenticeship.SeriesEntry[int]{
		{From: apprenticeship.MustParseDate("2025-01-01"), Value: 2},
		{From: apprenticeship.MustParseDate("2024-01-01"), Value: 1},
	})
	require.Error(t, err)

	// The German table is a Series too: 2025 start, third year → 921 EUR
	// (DOMAIN.md worked example).
	row, err := apprenticeship.GermanMinimumTable().Value(apprenticeship.MustParseDate("2025-09-01"))
	require.NoError(t, err)
	assert.True(t, row[2].Equal(decimal.NewFromInt(921)))
}

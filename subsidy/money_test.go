package subsidy_test

import (
	"testing"

	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRoundingModeTable checks the table in the documentation of the rounding
// mode constants, row by row, with the quantum 1.
func TestRoundingModeTable(t *testing.T) {
	inputs := []string{"2.5", "-2.5", "2.4", "-2.6"}
	table := []struct {
		mode subsidy.RoundingMode
		want []string
	}{
		{subsidy.HalfUp, []string{"3", "-3", "2", "-3"}},
		{subsidy.HalfEven, []string{"2", "-2", "2", "-3"}},
		{subsidy.Down, []string{"2", "-2", "2", "-2"}},
		{subsidy.Up, []string{"3", "-3", "3", "-3"}},
		{subsidy.Floor, []string{"2", "-3", "2", "-3"}},
		{subsidy.Ceiling, []string{"3", "-2", "3", "-2"}},
	}
	for _, row := range table {
		t.Run(row.mode.String(), func(t *testing.T) {
			r, err := subsidy.NewRounding(decimal.NewFromInt(1), row.mode)
			require.NoError(t, err)
			for i, in := range inputs {
				got := r.Round(decimal.RequireFromString(in))
				assert.Truef(t, got.Equal(decimal.RequireFromString(row.want[i])),
					"%s %s: got %s, want %s", row.mode, in, got, row.want[i])
			}
		})
	}
}

// TestZeroRoundingModeInvalid: a mode left unset is not silently one of the six.
func TestZeroRoundingModeInvalid(t *testing.T) {
	var unset subsidy.RoundingMode
	_, err := subsidy.NewRounding(decimal.NewFromInt(1), unset)
	require.Error(t, err)
}

// TestAliasesShareTypes: a value from one constructor is accepted wherever the
// library takes a Date, Period or Series, since they are one type.
func TestAliasesShareTypes(t *testing.T) {
	start := subsidy.MustParseDate("2024-09-01")
	end, err := subsidy.NewDate(2027, 8, 31)
	require.NoError(t, err)
	p, err := subsidy.NewPeriod(start, end)
	require.NoError(t, err)
	assert.Equal(t, "2024-09-01/2027-08-31", p.String())

	_, err = subsidy.NewPeriod(end, start)
	require.Error(t, err, "end before start")

	s, err := subsidy.NewSeries("rate", []subsidy.Entry[int]{
		{From: start, Until: subsidy.MustParseDate("2025-08-31"), Value: 1},
		{From: subsidy.MustParseDate("2025-09-02"), Value: 2},
	}, subsidy.Continuous())
	require.Error(t, err, "2025-09-01 is a gap and the series must be continuous")
	assert.Zero(t, s.Len())
}

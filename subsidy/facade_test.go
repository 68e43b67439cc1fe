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

// TestErrorsMatchSentinels: bad input gets an error callers can classify
// without importing internal packages.
func TestErrorsMatchSentinels(t *testing.T) {
	fen := decimal.New(1, -2)
	one := []decimal.Decimal{decimal.NewFromInt(1)}
	cases := []struct {
		name string
		err  error
		want error
	}{
		{"amount with absurd exponent", func() error { _, err := subsidy.ParseAmount("1e999999999"); return err }(), subsidy.ErrInvalidAmount},
		{"amount with thousands separator", func() error { _, err := subsidy.ParseAmount("1,000"); return err }(), subsidy.ErrInvalidAmount},
		{"zero quantum", func() error { _, err := subsidy.NewRounding(decimal.Zero, subsidy.HalfUp); return err }(), subsidy.ErrInvalidArgument},
		{"unset mode", func() error { _, err := subsidy.NewRounding(fen, 0); return err }(), subsidy.ErrInvalidRoundingMode},
		// 0.005 is half a fen: not a multiple of 0.01.
		{"total finer than quantum", func() error { _, err := subsidy.Allocate(decimal.RequireFromString("0.005"), one, fen); return err }(), subsidy.ErrNotMultiple},
		{"negative weight", func() error {
			_, err := subsidy.Allocate(decimal.NewFromInt(1), []decimal.Decimal{decimal.NewFromInt(-1)}, fen)
			return err
		}(), subsidy.ErrInvalidArgument},
		{"no parts", func() error { _, err := subsidy.AllocateEqually(decimal.NewFromInt(1), 0, fen); return err }(), subsidy.ErrInvalidArgument},
		{"2024-02-30", func() error { _, err := subsidy.ParseDate("2024-02-30"); return err }(), subsidy.ErrInvalidDate},
		{"period ending before it starts", func() error {
			_, err := subsidy.NewPeriod(subsidy.MustParseDate("2024-02-02"), subsidy.MustParseDate("2024-02-01"))
			return err
		}(), subsidy.ErrInvalidPeriod},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.Error(t, c.err)
			assert.ErrorIs(t, c.err, c.want)
		})
	}
}

// TestEndOfMonthTable checks the table in the documentation of the
// end-of-month policies. 2024 is a leap year; 31 February 2024 is 2 March.
func TestEndOfMonthTable(t *testing.T) {
	rows := []struct {
		from                     string
		clamp, overflow, keepEnd string
	}{
		{"2024-01-31", "2024-02-29", "2024-03-02", "2024-02-29"},
		{"2023-02-28", "2023-03-28", "2023-03-28", "2023-03-31"},
		{"2023-01-15", "2023-02-15", "2023-02-15", "2023-02-15"},
	}
	for _, r := range rows {
		d := subsidy.MustParseDate(r.from)
		for policy, want := range map[subsidy.EndOfMonth]string{
			subsidy.Clamp: r.clamp, subsidy.Overflow: r.overflow, subsidy.KeepEnd: r.keepEnd,
		} {
			got, err := d.AddMonths(1, policy)
			require.NoError(t, err)
			assert.Equalf(t, want, got.String(), "%s + 1 month, %v", r.from, policy)
		}
	}
	var unset subsidy.EndOfMonth
	_, err := subsidy.MustParseDate("2024-01-31").AddMonths(1, unset)
	require.Error(t, err, "the zero policy is not a policy")
}

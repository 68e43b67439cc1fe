package subsidy_test

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

func claimValid() subsidy.Claim {
	return subsidy.Claim{
		ID:            "c-1",
		Date:          subsidy.MustParseDate("2024-05-01"),
		Person:        "370211199001011234",
		Organisation:  "haier",
		Occupation:    "6-31-01-03",
		Level:         certificate.NationalGrade4,
		Certificate:   "S000037021100042",
		Issued:        subsidy.MustParseDate("2024-03-15"),
		InsuredMonths: 14,
	}
}

func TestClaimValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*subsidy.Claim)
		field  string
	}{
		{"no id", func(c *subsidy.Claim) { c.ID = "" }, "id"},
		{"no date", func(c *subsidy.Claim) { c.Date = subsidy.Date{} }, "date"},
		{"control character", func(c *subsidy.Claim) { c.Person = "a\x00b" }, "person"},
		{"bad utf-8", func(c *subsidy.Claim) { c.Occupation = "\xff" }, "occupation"},
		{"long text", func(c *subsidy.Claim) { c.Certificate = strings.Repeat("x", 257) }, "certificate"},
		{"bad level", func(c *subsidy.Claim) { c.Level = 0x7f }, "level"},
		{"negative months", func(c *subsidy.Claim) { c.InsuredMonths = -1 }, "insured_months"},
		{"negative places", func(c *subsidy.Claim) { c.Places = -2 }, "places"},
		{"completed more than places", func(c *subsidy.Claim) {
			c.Training = subsidy.Period{}
			c.Places, c.Completed = 2, 3
		}, "completed"},
		{"completed before the end", func(c *subsidy.Claim) { c.Completed = 1 }, "completed"},
		{"issued after the claim", func(c *subsidy.Claim) { c.Issued = subsidy.MustParseDate("2024-05-02") }, "issued"},
		{"born after the claim", func(c *subsidy.Claim) { c.Born = subsidy.MustParseDate("2025-01-01") }, "born"},
		{"ended without training", func(c *subsidy.Claim) { c.Ended = subsidy.MustParseDate("2024-04-01") }, "ended"},
		{"negative base", func(c *subsidy.Claim) { c.Base = decimal.RequireFromString("-1") }, "base"},
		{"empty flag", func(c *subsidy.Claim) { c.Flags = []string{"ok", ""} }, "flags[1]"},
		{"too many flags", func(c *subsidy.Claim) { c.Other = make([]string, 65) }, "other"},
	}
	c := claimValid()
	require.NoError(t, c.Validate())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := claimValid()
			tt.change(&c)
			err := c.Validate()
			var ce *subsidy.ClaimError
			require.ErrorAs(t, err, &ce)
			require.Equal(t, tt.field, ce.Field)
			require.True(t, errors.Is(err, subsidy.ErrInvalidClaim))
			require.Contains(t, err.Error(), tt.field)
		})
	}
}

// TestClaimJSONRoundTrip checks that random claims survive JSON unchanged:
// decimals as strings, dates as ISO dates, levels as codes.
func TestClaimJSONRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 17))
	levels := []certificate.Level{0, certificate.XJunior, certificate.NationalGrade3, certificate.ChiefTechnician}
	for i := range 500 {
		start := claimAddDays(t, subsidy.MustParseDate("2020-01-01"), rng.IntN(1500))
		c := subsidy.Claim{
			ID:                  "c-" + strconv.Itoa(i),
			Date:                claimAddDays(t, start, rng.IntN(900)),
			Person:              "p" + strconv.Itoa(rng.IntN(100)),
			Level:               levels[rng.IntN(len(levels))],
			InsuredMonths:       rng.IntN(100),
			UnemploymentBenefit: rng.IntN(2) == 0,
			Base:                decimal.New(rng.Int64N(1e9), -int32(rng.IntN(4))),
		}
		if rng.IntN(2) == 0 {
			end := claimAddDays(t, start, rng.IntN(1000))
			p, err := subsidy.NewPeriod(start, end)
			require.NoError(t, err)
			c.Training = p
			c.Places = 1 + rng.IntN(20)
			if rng.IntN(2) == 0 {
				c.Ended = end
				c.Completed = rng.IntN(c.Places + 1)
			}
		}
		if rng.IntN(3) == 0 {
			c.Flags = []string{"shortage-occupation"}
		}
		b, err := json.Marshal(c)
		require.NoError(t, err)
		var back subsidy.Claim
		require.NoError(t, json.Unmarshal(b, &back))
		require.True(t, c.Base.Equal(back.Base), "base %s vs %s", c.Base, back.Base)
		require.Equal(t, c.Base.String(), back.Base.String())
		c.Base, back.Base = decimal.Decimal{}, decimal.Decimal{}
		require.True(t, reflect.DeepEqual(c, back), "claim %d: %s", i, b)
	}
}

func claimAddDays(t *testing.T, d subsidy.Date, n int) subsidy.Date {
	t.Helper()
	out, err := d.AddDays(n)
	require.NoError(t, err)
	return out
}

package subsidy_test

import (
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/stretchr/testify/require"
)

// TestPolicyGrant checks the ledger record of a granted claim and the
// refusals: a result of another claim, of another policy, or not granted.
func TestPolicyGrant(t *testing.T) {
	p, err := subsidy.LoadPolicy([]byte(engineExamplePolicy))
	require.NoError(t, err)
	c := subsidy.Claim{
		ID: "c-1", Date: subsidy.MustParseDate("2024-05-20"), Person: "P1", Organisation: "E1",
		Occupation: "6-31-01-03", Level: certificate.NationalGrade4, Certificate: "C-1",
		Issued: subsidy.MustParseDate("2024-03-15"), InsuredMonths: 14,
	}
	res, err := p.Evaluate(c, subsidy.Options{AsOf: c.Date})
	require.NoError(t, err)
	g, err := p.Grant(c, res)
	require.NoError(t, err)
	// 1500 is the 2024 amount for 中级 (DOMAIN.md).
	require.Equal(t, subsidy.Grant{Key: "c-1", Policy: p.ID(), Scheme: "skill-improvement", Person: "P1", Organisation: "E1",
		Occupation: "6-31-01-03", Level: certificate.NationalGrade4, Certificate: "C-1", Date: c.Date,
		Amount: res.Amount, Currency: "CNY"}, g)
	require.Equal(t, "1500.00", g.Amount.StringFixed(2))
	var l subsidy.Ledger
	_, fresh, err := l.Record(g)
	require.NoError(t, err)
	require.True(t, fresh)

	other := c
	other.ID = "c-2"
	_, err = p.Grant(other, res)
	require.ErrorIs(t, err, subsidy.ErrNotGranted)
	require.ErrorContains(t, err, `"c-1"`)

	forged := res
	forged.Digest = "sha256:0"
	_, err = p.Grant(c, forged)
	require.ErrorIs(t, err, subsidy.ErrNotGranted)

	late := c
	late.Date = subsidy.MustParseDate("2025-04-16") // 13 months after the issue
	res, err = p.Evaluate(late, subsidy.Options{AsOf: late.Date})
	require.NoError(t, err)
	_, err = p.Grant(late, res)
	require.ErrorIs(t, err, subsidy.ErrNotGranted)
	require.ErrorContains(t, err, "not granted")
}

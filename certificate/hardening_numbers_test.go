package certificate_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/stretchr/testify/require"
)

// TestHardeningInvisibleNumbers: a certificate number that differs from a
// registered one only by an invisible or control character looks the same
// to a person and must not be registered as another certificate.
func TestHardeningInvisibleNumbers(t *testing.T) {
	ctx := context.Background()
	r := certificate.NewMemoryRegistry()
	base := hardRegCert(1, 0)
	require.NoError(t, r.Add(ctx, base))
	for _, n := range []string{base.Number + "\u200b", base.Number[:3] + "\u00ad" + base.Number[3:], base.Number[:3] + "\x00" + base.Number[3:], "\ufeff" + base.Number} {
		t.Run(fmt.Sprintf("%q", n), func(t *testing.T) {
			c := base
			c.Number = n
			require.ErrorIs(t, r.Add(ctx, c), certificate.ErrInvalid)
		})
	}
}

package dated_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/civil"
	"github.com/dualtrack/dualtrack/internal/dated"
	"github.com/stretchr/testify/require"
)

// TestHardeningSeriesErrorClipsName: a hostile series name (300,000 bytes
// here) must not swamp the error messages that quote it.
func TestHardeningSeriesErrorClipsName(t *testing.T) {
	name := strings.Repeat("名", 100_000) // 3 bytes each
	var s dated.Series[int]
	err := json.Unmarshal([]byte(`{"name":"`+name+`","entries":[]}`), &s)
	require.ErrorIs(t, err, dated.ErrInvalid)
	require.Less(t, len(err.Error()), 1024)

	ok, err := dated.New(name, []dated.Entry[int]{{From: civil.MustParse("2024-01-01"), Value: 1}})
	require.NoError(t, err)
	_, err = ok.At(civil.MustParse("2023-01-01"))
	require.ErrorIs(t, err, dated.ErrNotCovered)
	require.Less(t, len(err.Error()), 1024)
}

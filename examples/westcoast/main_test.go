package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/westcoast.golden from the current output")

// TestGolden runs the example and compares its report byte for byte with the
// reviewed copy in testdata. After an intended change, run
// go test ./examples/westcoast -update and review the diff.
func TestGolden(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	golden := filepath.Join("testdata", "westcoast.golden")
	if *update {
		require.NoError(t, os.WriteFile(golden, out.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.Equal(t, string(want), out.String())
}

// TestDeterministic checks that two runs print the same bytes: the report must
// not depend on the clock, map order or scheduling.
func TestDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	require.NoError(t, run(&a))
	require.NoError(t, run(&b))
	require.Equal(t, a.String(), b.String())
}

// TestReportFacts checks the figures the report must state, independently of
// the golden file.
func TestReportFacts(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(&out))
	report := out.String()
	for _, want := range []string{
		// 人社部发〔2017〕40号: 36 months for certificates from 2017-01-01.
		"2018-12-31         36       人社部发〔2017〕40号",
		// From 2019-01-01: 12 months.
		"2019-01-01         12",
		// 15,000 × 4 = 60,000, and 60,000 / 48 months = 1,250 exactly.
		"= 60000.00 yuan over the term",
		"instalments of 1250.00 (first) to 1250.00 (last)",
		// The fund is 49,000,000 (DOMAIN.md) and the shares add up to it.
		"total                           5107      49000000.00",
		"shares add up to the fund to the fen: yes",
		// Every freshly signed credential verifies.
		"X-IR-2025-0001   SG2023001  1x-intermediate  valid",
		// A revocation takes effect on its date, not before.
		"verified on 2025-08-31: valid",
		"verified on 2025-09-01: rejected: revoked",
		// Tampering and expiry (the certificates expire on 2028-06-29).
		"credential changed: rejected: bad-signature",
		"after expiry, on 2028-06-30: rejected: expired",
		// The revoked holder has no valid level left.
		"SG2023002 李娜: none",
		// DOMAIN.md: a 4-year training period is an invalid agreement under
		// the 2021 guidance (training 1–2 years, 3 in special cases).
		"AG-2025-002 rejected: end: the training period is longer than 24 months",
		// 2025-09-15..2026-01-11 is 119 days and 2026-02-09..2026-03-31 is 51:
		// 119 + 51 = 170; the break 2026-01-12..2026-02-08 is 28 days.
		"170 days in training, 28 days on break",
		// September 2025 from the 15th is 16 days: 2600 × 16/30 = 1386.67.
		"2025-09  16/30 of a month    1386.67",
		// September 2026 changes training year on the 15th:
		// 2600 × 14/30 + 2900 × 16/30 = 1213.33… + 1546.66… = 2760.00.
		"2026-09  30/30 of a month    2760.00",
		// 12 × 2600 + 12 × 2900 = 31200 + 34800 = 66000.
		"66000.00 CNY in all",
		// (2200 − 2100) × 16/30 = 53.33 short in the first month.
		"12 months short, first 2025-09 short by 53.33",
	} {
		require.Contains(t, report, want)
	}
	require.NotContains(t, report, "NO")
	// Dates outside the series' coverage are refused, not defaulted.
	require.Equal(t, 2, strings.Count(report, "no rule in force"))
}

// errWriter fails every write, to check that run reports write errors.
type errWriter struct{}

func (errWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestWriteError(t *testing.T) {
	require.ErrorIs(t, run(errWriter{}), os.ErrClosed)
}

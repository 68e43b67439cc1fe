package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/westcoast.golden from the current output")

// report runs the example once and returns what it printed.
func report(t *testing.T) string {
	t.Helper()
	var out bytes.Buffer
	require.NoError(t, run(&out))
	return out.String()
}

// TestGolden runs the example and compares its report byte for byte with the
// reviewed copy in testdata. After an intended change (to the story, or to
// a built-in pack, whose digest and worked cases the report shows), run
// go test ./examples/westcoast -update and review the diff.
func TestGolden(t *testing.T) {
	got := report(t)
	golden := filepath.Join("testdata", "westcoast.golden")
	if *update {
		require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.Equal(t, string(want), got)
}

// TestDeterministic checks that two runs print the same bytes: the report must
// not depend on the clock, map order or scheduling.
func TestDeterministic(t *testing.T) {
	require.Equal(t, report(t), report(t))
}

// TestSections checks that the report tells the story of issue 8 in order:
// the program, agreements, progress by site, certificates, claims, totals by
// enterprise and rule, the fund and one explanation.
func TestSections(t *testing.T) {
	r := report(t)
	at := 0
	for _, heading := range []string{
		"1. The program",
		"2. Agreements and dual mentors",
		"3. Training across three sites",
		"4. Assessments and 1+X certificates",
		"5. Subsidy claims under the built-in policy packs",
		"6. Subsidies by enterprise and by rule",
		"7. The fund",
		"8. One claim explained",
	} {
		i := strings.Index(r[at:], "\n"+heading)
		require.GreaterOrEqual(t, i, 0, "heading %q missing or out of order", heading)
		at += i + 1
	}
	// Exactly one explanation: WriteText starts every result with "claim ".
	assert.Equal(t, 1, strings.Count(r, "\n   claim CT-"))
}

// TestReportFacts checks the figures the report must state, independently of
// the golden file. Each comes from DOMAIN.md, from a built-in pack or from
// the story's own data, with the arithmetic shown.
func TestReportFacts(t *testing.T) {
	r := report(t)
	for _, tc := range []struct{ name, want string }{
		// The plan fills 95 weeks of a 5-week rotation: 19 weeks each at
		// school and base, 57 in the enterprise; 19 × 40 = 760,
		// 57 × 40 = 2280; 760 + 760 + 2280 = 3800.
		{"plan total", "total        3800"},
		// Three apprentices with M-11 on 2023-09-01, the program allows 2.
		{"mentor overload", "the master M-11 has 3 apprentices in training on 2023-09-01, more than the limit of 2"},
		{"mentor fixed", "the check then finds 0 problems"},
		// The school's rules allow 12 to 24 months.
		{"long draft", "AG-2023-099 is refused: end: the training period is longer than 24 months"},
		// 2023-09-01..2024-08-31 is 366 days (2024 is a leap year) and
		// 2024-09-01..2025-06-27 is 30+31+30+31+31+28+31+30+31+27 = 300:
		// 666 days, all in training.
		{"full attendance", "SG2023001 王磊   760/760  100.00%   760/760  100.00%  2280/2280 100.00%               666         0"},
		// 张伟's break 2024-01-08..2024-02-04 is 28 days: weeks 18 to 21 of
		// the log, which for rotation offset 2 are (20..23) mod 5 = school,
		// base, enterprise, enterprise: 40, 40 and 80 hours missed.
		// 720/760 = 94.736…% and 2200/2280 = 96.491…%, rounded down;
		// 666 − 28 = 638 days in training.
		{"break", "SG2023004 张伟   720/760   94.73%   720/760   94.73%  2200/2280  96.49%               638        28"},
		// 12 × 1500 + 12 × 1800 = 18000 + 21600 = 39600.
		{"allowance", "39600.00 CNY per apprentice over 24 months (year 1 18000.00, year 2 21600.00)"},
		// Six passed the interim exam; 赵敏 failed the final and passed the
		// retake.
		{"interim", "interim exam (中期考核)   2024-06-28   6  passed, 0 failed"},
		{"final", "final exam (结业考核)     2025-06-30   5  passed, 1 failed"},
		{"failed final", "the last final exam, on 2025-06-30, was failed"},
		{"retake", "X-IR-2025-0006  SG2023006 赵敏  1x-junior 初级        2025-08-25  2028-08-24  valid"},
		// A revocation takes effect on its date, not before.
		{"before revocation", "verified on 2025-10-14: valid"},
		{"revoked", "verified on 2025-10-15: rejected: revoked"},
		{"tampered", "with one character changed: rejected: bad-signature"},
		// Issued 2025-06-30, valid 3 years: last day 2028-06-29.
		{"expired", "on 2028-06-30, the day after it expired: rejected: expired"},
		{"revoked holder", "SG2023002 李娜  completed on 2025-06-30   none"},

		// 7 + 12 + 8 + 15 + 6 + 3 + 9 + 5 + 4 + 2 = 71 staff certified.
		{"self-evaluation", "certified 71 staff in 10 sittings"},
		// cn-skill-improvement, 2024 version: 初级 1000, 中级 1500,
		// 高级 2000 (DOMAIN.md).
		{"skill 中级", "SI-2024-002  2024-04-02  QD-W-0101  smart-appliances  IR-OP     national-4  granted 1500.00"},
		{"skill 高级", "SI-2024-006  2024-06-11  QD-W-0301  auto-parts        WELD      national-3  granted 2000.00"},
		// The same occupation and level only once.
		{"same level twice", "SI-2024-003  2024-04-20  QD-W-0101  smart-appliances  IR-OP     national-4  rejected: already-granted"},
		// At most 3 claims a year: 郑洁's fourth, after SI-2024-001, -005
		// and -008.
		{"fourth claim", "SI-2024-009  2024-09-23  QD-W-0102  smart-appliances  IR-MT     national-5  rejected: max-claims"},
		// Insured 8 months, fewer than 12, no unemployment benefit.
		{"insured", "insured 8 months, fewer than the 12 months required"},
		// Issued 2024-01-10: the 12-month window ends 2025-01-10.
		{"window", "claimed on 2025-02-20, after 2025-01-10, the last day of the 12 months"},
		// cn-qd-westcoast-self-evaluation: per staff member, 中级 1500,
		// 9 × 1500 = 13500; 技师 has no amount.
		{"per place", "SE-2024-007  2024-11-15  -          display-panels    DISP-ASM  national-4  granted 13500.00 (9 staff)"},
		{"no amount", "SE-2024-010  2024-11-15  -          auto-parts        WELD      national-2  rejected: no-amount"},
		// cn-qd-chief-technician: one allowance a year, 15000 × 4 = 60000
		// over the term; 45000 from 2021–2023 plus 15000 in 2024 is 60000.
		{"twice a year", "CT-2024-002  2024-11-04  M-11       smart-appliances  IR-MT     national-1  rejected: max-claims"},
		{"term spent", "60000 granted, 0 left"},
		{"replay", "nothing is paid twice"},

		// Skill-improvement by enterprise: smart-appliances 1000 + 1500 +
		// 1000 + 1000 = 4500; self-evaluation 12 × 1000 + 8 × 1500 +
		// 6 × 1000 + 5 × 1000 + 4 × 1000 = 39000; one chief technician
		// 15000; 4500 + 39000 + 15000 = 58500.
		{"smart appliances", "smart-appliances      14       10         4            4500.00         39000.00          15000.00    58500.00"},
		// 7500 + 84000 + 30000 = 121500.
		{"all enterprises", "total                 24       17         7            7500.00         84000.00          30000.00   121500.00"},
		// By rule, the contributions add up to the total: 10000 − 1500 −
		// 1000 = 7500.
		{"rule once", "once                     1        0         1    -1500.00"},
		{"rule three-a-year", "three-a-year             1        0         1    -1000.00"},

		// The fund: 100000 − 2 × 15000 = 70000 left for a round asking
		// 84000, so each share is 70000/84000 = 5/6 of the request:
		// 10500 × 5/6 = 8750; 5000 × 5/6 = 4166.666… and 4000 × 5/6 =
		// 3333.333… round down to 4166.66 and 3333.33, and the fen left
		// over (70000 − 69999.99) goes to the larger remainder, 0.666… fen.
		{"round", "84000.00 requested, 70000.00 remaining."},
		{"share", "SE-2024-001  auto-parts          10500.00     8750.00  cut by 1750.00"},
		{"largest remainder", "SE-2024-008  smart-appliances     5000.00     4166.67  cut by 833.33"},
		{"rounded down", "SE-2024-009  smart-appliances     4000.00     3333.33  cut by 666.67"},
		{"round total", "round                            84000.00    70000.00"},
		{"fund spent", "fund total 100000.00, granted 100000.00, remaining 0.00"},
		// 3 grants of 2021–2023, 6 skill-improvement, 2 chief technician
		// and 9 self-evaluation grants: 20; in 2024, 7500 + 30000 + 70000
		// = 107500.
		{"ledger", "the ledger holds 20 grants: 17 dated 2024, for 107500.00 CNY, and 3 of earlier years"},
		// DOMAIN.md: 49 million yuan paid to self-evaluating enterprises.
		{"fund-total", "49000000.00 yuan"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Contains(t, r, tc.want)
		})
	}
}

// TestWidth checks the terminal width the tables are aligned by.
func TestWidth(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"王磊", 4},            // 2 Chinese characters × 2 columns
		{"SG2023001 王磊", 14}, // 10 + 2 × 2
		{"（示例）", 8},          // full-width parentheses count 2 each
		{"5 × 8 – 1", 9},     // × and – are narrow
	} {
		t.Run(tc.in, func(t *testing.T) {
			assert.Equal(t, tc.want, width(tc.in))
		})
	}
}

// TestRow checks the padding of table cells by terminal width.
func TestRow(t *testing.T) {
	var b bytes.Buffer
	p := &printer{w: &b}
	p.row([]int{6, -5, 0}, "王磊", "12", "end")
	p.row([]int{6, -5, 0}, "abcdef", "12345", "")
	// "王磊" is 4 columns: 2 spaces pad it to 6, 2 separate the cells and 3
	// right-align "12" in 5, 7 spaces in all; the empty last cell leaves no
	// trailing spaces.
	assert.Equal(t, "   王磊"+strings.Repeat(" ", 7)+"12  end\n   abcdef  12345\n", b.String())
}

// errWriter fails every write, to check that run reports write errors.
type errWriter struct{}

func (errWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestWriteError(t *testing.T) {
	require.ErrorIs(t, run(errWriter{}), os.ErrClosed)
}

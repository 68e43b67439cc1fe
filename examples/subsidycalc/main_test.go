package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/dualtrack/dualtrack/subsidy/packs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata from the current output")

// runOut is the outcome of one run of the program.
type runOut struct {
	code           int
	stdout, stderr string
}

// calcRun runs the program with args and stdin.
func calcRun(t *testing.T, stdin string, args ...string) runOut {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return runOut{code, out.String(), errOut.String()}
}

// sampleDigest is the digest of the sample's policy, which the summary
// names; golden files hold a placeholder, so that they record the results
// and not the bytes of the pack.
func sampleDigest(t *testing.T) string {
	t.Helper()
	p, err := packs.Load(samplePolicy)
	require.NoError(t, err)
	return p.Digest()
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), got)
}

// TestNoArguments runs the program as `go run ./examples/subsidycalc` does:
// the built-in sample under cn-skill-improvement as of 2024-12-31. Review a
// change of the golden files with `go test ./examples/subsidycalc -update`
// and git diff.
func TestNoArguments(t *testing.T) {
	r := calcRun(t, "")
	require.Equal(t, exitOK, r.code, r.stderr)
	golden(t, "sample.out.csv", r.stdout)
	golden(t, "sample.err.txt", strings.ReplaceAll(r.stderr, sampleDigest(t), "sha256:DIGEST"))
}

// TestSampleFacts checks the sample's results against their sources,
// independently of the golden file.
func TestSampleFacts(t *testing.T) {
	r := calcRun(t, "")
	require.Equal(t, exitOK, r.code, r.stderr)
	got := readResultsCSV(t, r.stdout)
	for _, tc := range []struct {
		id, granted, amount, reasons string
		why                          string
	}{
		// DOMAIN.md, Worked examples: 14 months insured, 中级 certificate
		// claimed within 12 months → 1500.
		{"c-001", "true", "1500.00", "", "worked example, 中级"},
		// DOMAIN.md, 2024 version: 初级 1000, 高级 2000.
		{"c-002", "true", "1000.00", "", "初级"},
		{"c-003", "true", "2000.00", "", "高级"},
		// DOMAIN.md, Worked examples: certificate issued 13 months before
		// the claim (2023-04-19 → 2024-05-20) → 0, reason: claim window.
		{"c-004", "false", "0.00", "claim-window", "worked example, window"},
		// 8 months insured, under the 2024 minimum of 12, no benefit.
		{"c-005", "false", "0.00", "insured-months", "insured too short"},
		// 5 months insured but on unemployment benefit: the 2024
		// alternative; 初级 → 1000.
		{"c-006", "true", "1000.00", "", "unemployment benefit"},
		// Paid under vocational-training already: not combined.
		{"c-007", "false", "0.00", "combined", "not combined"},
		// 二级/技师 is not in the 2024 table (初级, 中级, 高级 only).
		{"c-008", "false", "0.00", "no-amount", "no amount for 技师"},
		{"c-009", "true", "2000.00", "", "高级"},
		// Exactly 12 months insured: the minimum is met.
		{"c-010", "true", "1500.00", "", "12 months is enough"},
	} {
		t.Run(tc.id, func(t *testing.T) {
			rec, ok := got[tc.id]
			require.True(t, ok, "no result for %s", tc.id)
			assert.Equal(t, tc.granted, rec["granted"], tc.why)
			assert.Equal(t, tc.amount, rec["amount"], tc.why)
			assert.Equal(t, tc.reasons, rec["reasons"], tc.why)
			assert.Equal(t, "2024-12-31", rec["as_of"])
			assert.Equal(t, "CNY", rec["currency"])
		})
	}
	// 1500 + 1000 + 2000 + 1000 + 2000 + 1500 = 9000, over 6 granted claims.
	assert.Contains(t, r.stderr, "10 rows: 6 granted, 4 denied, 0 malformed; total awarded 9000.00 CNY; due by 2024-12-31 9000.00 CNY")
	assert.Contains(t, r.stderr, "denied by reason: claim-window 1, combined 1, insured-months 1, no-amount 1")
}

// readResultsCSV reads CSV output into one map of column → value per id.
func readResultsCSV(t *testing.T, out string) map[string]map[string]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, recs)
	head := recs[0]
	m := map[string]map[string]string{}
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, v := range rec {
			row[head[i]] = v
		}
		m[row["id"]] = row
	}
	return m
}

func TestList(t *testing.T) {
	r := calcRun(t, "", "-list")
	require.Equal(t, exitOK, r.code, r.stderr)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	names := packs.Names()
	require.Len(t, lines, 1+len(names), "a header and one line per pack")
	assert.Regexp(t, `^NAME +POLICY +JURISDICTION +COVERAGE +CASES +TITLE$`, lines[0])
	for i, name := range names {
		p, err := packs.Describe(name)
		require.NoError(t, err)
		fields := strings.Fields(lines[1+i])
		require.GreaterOrEqual(t, len(fields), 6, lines[1+i])
		assert.Equal(t, []string{name, p.Policy, p.Jurisdiction, coverage(p), fmt.Sprint(p.Cases)}, fields[:5])
	}
	// The pack the sample uses: its parameters run from 2017-01-01
	// (人社部发〔2017〕40号) to the end of the 2024 version.
	assert.Regexp(t, `(?m)^cn-skill-improvement +cn-skill-improvement@2024 +CN +2017-01-01\.\.2024-12-31 `, r.stdout)
}

// TestFormats checks that CSV and JSON Lines, in and out, give the same
// results: the two sample files hold the same claims.
func TestFormats(t *testing.T) {
	base := []string{"-policy", samplePolicy, "-as-of", sampleAsOf}
	csvIn := append(base[:len(base):len(base)], "-in", "sample.csv")
	jsonlIn := append(base[:len(base):len(base)], "-in", "sample.jsonl")
	sample := calcRun(t, "")
	require.Equal(t, exitOK, sample.code)

	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		want  string // "csv": the no-argument output; "jsonl": the JSON Lines output of sample.csv
	}{
		{"csv file to csv", "", csvIn, "csv"},
		{"jsonl file to csv", "", append(jsonlIn, "-out-format", "csv"), "csv"},
		{"csv on stdin", sampleCSV, base, "csv"},
		{"csv on stdin named with -in -", sampleCSV, append(base[:len(base):len(base)], "-in", "-"), "csv"},
		{"jsonl on stdin", readFile(t, "sample.jsonl"), append(base[:len(base):len(base)], "-format", "jsonl", "-out-format", "csv"), "csv"},
		{"jsonl file to jsonl", "", jsonlIn, "jsonl"},
		{"csv file to jsonl", "", append(csvIn, "-out-format", "jsonl"), "jsonl"},
		{"sample to jsonl", "", []string{"-sample", "-out-format", "jsonl"}, "jsonl"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := calcRun(t, tc.stdin, tc.args...)
			require.Equal(t, exitOK, r.code, r.stderr)
			assert.Equal(t, sample.stderr, r.stderr, "the summary")
			if tc.want == "csv" {
				assert.Equal(t, sample.stdout, r.stdout)
				return
			}
			checkJSONLResults(t, r.stdout)
		})
	}
}

// TestOutFile checks that -out writes the file, in the format its
// extension names, and nothing to standard output.
func TestOutFile(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, format string }{{"results.csv", "csv"}, {"results.jsonl", "jsonl"}, {"results.ndjson", "jsonl"}} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(dir, tc.name)
			r := calcRun(t, "", "-sample", "-out", out)
			require.Equal(t, exitOK, r.code, r.stderr)
			assert.Empty(t, r.stdout)
			ref := calcRun(t, "", "-sample", "-out-format", tc.format)
			assert.Equal(t, ref.stdout, readFile(t, out))
		})
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	return string(b)
}

// checkJSONLResults checks JSON Lines output of the sample: every line is a
// Result in its versioned form, and each is exactly what Evaluate gives the
// claim alone.
func checkJSONLResults(t *testing.T, out string) {
	t.Helper()
	p, err := packs.Load(samplePolicy)
	require.NoError(t, err)
	claims := readJSONLClaims(t, readFile(t, "sample.jsonl"))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, len(claims))
	for i, line := range lines {
		var got subsidy.Result
		require.NoError(t, got.UnmarshalJSON([]byte(line)), line)
		want, err := p.Evaluate(claims[i], subsidy.Options{AsOf: subsidy.MustParseDate(sampleAsOf)})
		require.NoError(t, err)
		wantJSON, err := want.MarshalJSON()
		require.NoError(t, err)
		assert.JSONEq(t, string(wantJSON), line)
		assert.Equal(t, claims[i].ID, got.Claim)
	}
}

func readJSONLClaims(t *testing.T, data string) []subsidy.Claim {
	t.Helper()
	var claims []subsidy.Claim
	jr := newJSONLReader(strings.NewReader(data))
	for {
		r, err := jr.Next()
		if err == io.EOF {
			return claims
		}
		require.NoError(t, err)
		require.NoError(t, r.err)
		claims = append(claims, r.claim)
	}
}

// TestMalformedRows runs testdata/malformed.csv: each bad row is reported
// with its line, the good rows are evaluated, the exit status is 1.
func TestMalformedRows(t *testing.T) {
	path := filepath.Join("testdata", "malformed.csv")
	wantRejects := []string{
		path + `:3: claim "m-02": date = "2024-02-30": not a date YYYY-MM-DD: day 30 out of range for 2024-02`,
		path + `:4: claim "m-03": level = "level-4": not a skill level code (such as national-4 or 1x-intermediate)`,
		path + `:5: 6 fields, but the header names 7 columns`,
		// Read, but the policy needs a level to find the amount.
		path + `:6: claim "m-05": level: required by rule "amount" (amount-by-category)`,
		path + `:7: claim "m-06": insured_months = "twelve": not a whole number`,
		path + `:8: not valid CSV: bare " in non-quoted-field`,
		// Read, but a certificate issued after the claim is impossible.
		path + `:10: claim "m-09": issued = 2024-07-01: after the claim date`,
		// A quoted field over two lines: the row starts on line 11, and
		// the next row is on line 13.
		path + `:11: claim "m-10": person = "P-10\nsecond line": contains control characters`,
	}
	args := []string{"-policy", samplePolicy, "-as-of", sampleAsOf, "-in", path}
	for _, workers := range []string{"1", "4"} {
		t.Run("workers="+workers, func(t *testing.T) {
			r := calcRun(t, "", append(args, "-workers", workers)...)
			assert.Equal(t, exitMalformed, r.code)
			errLines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
			require.Len(t, errLines, len(wantRejects)+2, r.stderr)
			assert.Equal(t, wantRejects, errLines[:len(wantRejects)])
			// m-01 (中级) 1500 + m-08 (初级) 1000 + m-11 (高级) 2000 = 4500.
			assert.Equal(t, "subsidycalc: 11 rows: 3 granted, 0 denied, 8 malformed; total awarded 4500.00 CNY; due by 2024-12-31 4500.00 CNY", errLines[len(errLines)-1])
			got := readResultsCSV(t, r.stdout)
			assert.Len(t, got, 3)
			for id, amount := range map[string]string{"m-01": "1500.00", "m-08": "1000.00", "m-11": "2000.00"} {
				assert.Equal(t, amount, got[id]["amount"], id)
			}
		})
	}

	t.Run("rejects file", func(t *testing.T) {
		rejects := filepath.Join(t.TempDir(), "rejects.txt")
		r := calcRun(t, "", append(args, "-rejects", rejects)...)
		assert.Equal(t, exitMalformed, r.code)
		assert.Equal(t, strings.Join(wantRejects, "\n")+"\n", readFile(t, rejects))
		assert.NotContains(t, r.stderr, "malformed.csv:", "rejects go to the file only")
		assert.Contains(t, r.stderr, "8 malformed")
	})

	t.Run("jsonl", func(t *testing.T) {
		in := strings.Join([]string{
			`{"id":"j-1","date":"2024-05-20","person":"P-1","occupation":"6-31-01-10","level":"national-4","issued":"2024-03-15","insured_months":14}`,
			`{"id":"j-2","date":"2024-05-20","colour":"blue"}`,
			``,
			`{"id":"j-3","date":"2024-05-20","insured_months":"14"}`,
			`{"id":"j-4","date":"2024-05-20","base":"1e999999999"}`,
			`{"id":"j-5",`,
			`{"id":"j-6","date":"2024-05-20"} {"id":"j-7"}`,
			`{"id":"j-8","date":"2024-05-20","person":"P-8","occupation":"6-31-01-10","level":"national-5","issued":"2024-05-01","insured_months":13}`,
			// A member given twice (the last would win), in another case too.
			`{"id":"j-9","date":"2024-05-20","insured_months":5,"insured_months":14}`,
			`{"id":"j-10","date":"2024-05-20","Date":"2024-05-21"}`,
			// json.Decoder.More does not see a "]" after the object.
			`{"id":"j-11","date":"2024-05-20"}]`,
			// A value its own type refuses, named with the member.
			`{"id":"j-12","date":"2024-02-30"}`,
			`{"id":"j-13","date":"2024-05-20","level":4}`,
		}, "\n")
		r := calcRun(t, in, "-policy", samplePolicy, "-as-of", sampleAsOf, "-format", "jsonl")
		assert.Equal(t, exitMalformed, r.code)
		for _, want := range []string{
			`stdin:2: claim "j-2": colour: unknown member`,
			`stdin:4: claim "j-3": insured_months: want a JSON whole number, got string`,
			`stdin:5: base = "1e999999999": not an amount`,
			`stdin:6: claim "j-5": not a complete JSON object`,
			`stdin:7: data after the JSON object`,
			`stdin:9: claim "j-9": insured_months: member given twice`,
			`stdin:10: claim "j-10": Date: member given twice`,
			`stdin:11: data after the JSON object`,
			`stdin:12: claim "j-12": date = "2024-02-30": `,
			`stdin:13: claim "j-13": level: want a JSON string, got number`,
			// j-1 1500 + j-8 1000 = 2500; the blank line 3 is not a row.
			`subsidycalc: 12 rows: 2 granted, 0 denied, 10 malformed; total awarded 2500.00 CNY; due by 2024-12-31 2500.00 CNY`,
		} {
			assert.Contains(t, r.stderr, want)
		}
		assert.Equal(t, 2, strings.Count(r.stdout, "\n"), "two results")
	})
}

func TestExplain(t *testing.T) {
	t.Run("csv", func(t *testing.T) {
		r := calcRun(t, "", "-sample", "-explain")
		require.Equal(t, exitOK, r.code, r.stderr)
		got := readResultsCSV(t, r.stdout)
		require.Len(t, got, 10)
		for id, rec := range got {
			text := rec[explainColumn]
			// The cell is WriteText's rendering, one line per rule.
			assert.True(t, strings.HasPrefix(text, "claim "+id+": "), text)
			assert.Contains(t, text, "\n  rules\n")
		}
		assert.True(t, strings.HasPrefix(got["c-001"][explainColumn], "claim c-001: granted 1500.00 CNY\n"))
		assert.Contains(t, got["c-001"][explainColumn], "\n  payments\n    2024-05-20  1500.00  single")
		assert.Contains(t, got["c-004"][explainColumn], "claim-window (rule window)")
	})
	t.Run("jsonl", func(t *testing.T) {
		r := calcRun(t, "", "-sample", "-explain", "-out-format", "jsonl")
		require.Equal(t, exitOK, r.code, r.stderr)
		sc := bufio.NewScanner(strings.NewReader(r.stdout))
		n := 0
		for sc.Scan() {
			var res subsidy.Result
			require.NoError(t, res.UnmarshalJSON(sc.Bytes()))
			require.NotNil(t, res.Explanation, res.Claim)
			require.NotEmpty(t, res.Explanation.Steps)
			// The steps account for the award: the last step ends on it,
			// or on the award before a rejection took it back.
			if res.Granted {
				last := res.Explanation.Steps[len(res.Explanation.Steps)-1]
				assert.True(t, last.After.Equal(res.Amount), "%s: %s != %s", res.Claim, last.After, res.Amount)
			}
			n++
		}
		assert.Equal(t, 10, n)
	})
	t.Run("without", func(t *testing.T) {
		r := calcRun(t, "", "-sample")
		assert.NotContains(t, r.stdout, explainColumn)
	})
}

func TestHistory(t *testing.T) {
	// P-001 was paid for the same occupation and level in March 2024, and
	// P-003 three times in 2024 (the 2024 maximum, DOMAIN.md).
	ledger := strings.Join([]string{
		`{"key":"h-1","policy":"cn-skill-improvement@2024","scheme":"skill-improvement","person":"P-001","occupation":"6-31-01-10","level":"national-4","date":"2024-03-01","amount":"1500.00","currency":"CNY"}`,
		`{"key":"h-2","policy":"cn-skill-improvement@2024","scheme":"skill-improvement","person":"P-003","occupation":"a","level":"national-5","date":"2024-02-01","amount":"1000.00","currency":"CNY"}`,
		`{"key":"h-3","policy":"cn-skill-improvement@2024","scheme":"skill-improvement","person":"P-003","occupation":"b","level":"national-5","date":"2024-03-01","amount":"1000.00","currency":"CNY"}`,
		`{"key":"h-4","policy":"cn-skill-improvement@2024","scheme":"skill-improvement","person":"P-003","occupation":"d","level":"national-5","date":"2024-04-01","amount":"1000.00","currency":"CNY"}`,
	}, "\n") + "\n"
	path := filepath.Join(t.TempDir(), "history.jsonl")
	require.NoError(t, os.WriteFile(path, []byte(ledger), 0o644))

	r := calcRun(t, "", "-sample", "-history", path)
	require.Equal(t, exitOK, r.code, r.stderr)
	got := readResultsCSV(t, r.stdout)
	assert.Equal(t, "already-granted", got["c-001"]["reasons"])
	assert.Equal(t, "max-claims", got["c-003"]["reasons"])
	assert.Equal(t, "1000.00", got["c-002"]["amount"], "P-002 has no history")
	// 9000 − 1500 (c-001) − 2000 (c-003) = 5500.
	assert.Contains(t, r.stderr, "10 rows: 4 granted, 6 denied, 0 malformed; total awarded 5500.00 CNY; due by 2024-12-31 5500.00 CNY")

	t.Run("bad ledger", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "bad.jsonl")
		require.NoError(t, os.WriteFile(bad, []byte(`{"key":"h-1"}`+"\n"), 0o644))
		r := calcRun(t, "", "-sample", "-history", bad)
		assert.Equal(t, exitFailed, r.code)
		assert.Contains(t, r.stderr, "-history "+bad+": subsidy: ledger ReadLedger: line 1")
		assert.Empty(t, r.stdout)
	})
}

// TestPolicyFile checks that -policy reads a file, and that an existing
// file wins over a pack of the same name.
// TestSummaryDue checks that the summary tells the awards from the
// payments due by the as-of date: a Fujian apprenticeship claim of 10
// 高级工-class places over two years is awarded 10 × 6000 × 2 = 120,000
// (DOMAIN.md, Fujian worked example), of which the 50% prepayment, 60,000,
// is due on the claim date and the rest is a provisional settlement at the
// end of training in 2026.
func TestSummaryDue(t *testing.T) {
	in := "id,date,organisation,category,contract_months,training,places\n" +
		"fj-1,2024-09-10,E1,senior-class,36,2024-09-01/2026-08-31,10\n"
	r := calcRun(t, in, "-policy", "cn-apprenticeship-fj", "-as-of", "2024-09-30")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "2024-09-10:60000.00:prepayment;2026-08-31:60000.00:settlement:provisional")
	assert.Contains(t, r.stderr, "1 rows: 1 granted, 0 denied, 0 malformed; total awarded 120000.00 CNY; due by 2024-09-30 60000.00 CNY")
}

func TestPolicyFile(t *testing.T) {
	src, err := packs.Source(samplePolicy)
	require.NoError(t, err)
	const from, to = `"national-4": "1500"`, `"national-4": "1600"`
	require.Contains(t, string(src), from, "the pack's 中级 amount, as DOMAIN.md gives it")
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, samplePolicy), []byte(strings.Replace(string(src), from, to, 1)), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "broken.json"), []byte(`{"format":"dualtrack.policy/1"}`), 0o644))
	t.Chdir(dir)

	r := calcRun(t, "", "-sample")
	require.Equal(t, exitOK, r.code, r.stderr)
	got := readResultsCSV(t, r.stdout)
	assert.Equal(t, "1600.00", got["c-001"]["amount"], "the local file, not the pack")
	assert.Equal(t, "1000.00", got["c-002"]["amount"])
	assert.NotContains(t, r.stderr, sampleDigest(t), "another policy, another digest")

	r = calcRun(t, "", "-sample", "-policy", "broken.json")
	assert.Equal(t, exitFailed, r.code)
	assert.Contains(t, r.stderr, "policy file broken.json: ")
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	txt := filepath.Join(dir, "claims.txt")
	require.NoError(t, os.WriteFile(txt, []byte(sampleCSV), 0o644))
	policyFile := filepath.Join(dir, "policy.json")
	src, err := packs.Source(samplePolicy)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(policyFile, src, 0o644))
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no policy", []string{"-as-of", "2024-12-31"}, "-policy is required"},
		{"no as-of", []string{"-policy", samplePolicy}, "-as-of is required"},
		{"bad as-of", []string{"-policy", samplePolicy, "-as-of", "2024-02-30"}, `invalid value "2024-02-30" for flag -as-of`},
		{"bad format", []string{"-sample", "-format", "xml"}, `-format "xml": want csv or jsonl`},
		{"bad out-format", []string{"-sample", "-out-format", "tsv"}, `-out-format "tsv": want csv or jsonl`},
		{"unknown extension", []string{"-policy", samplePolicy, "-as-of", "2024-12-31", "-in", txt}, "cannot tell the format"},
		{"sample and in", []string{"-sample", "-in", "sample.csv"}, "-sample and -in exclude each other"},
		{"sample as jsonl", []string{"-sample", "-format", "jsonl"}, "-sample is CSV"},
		{"out over in", []string{"-policy", samplePolicy, "-as-of", "2024-12-31", "-in", "sample.csv", "-out", "./sample.csv"}, "-in and -out name the same file"},
		// A file not there yet, named twice: the rejects would overwrite
		// the results.
		{"out and rejects", []string{"-sample", "-out", filepath.Join(dir, "new.txt"), "-rejects", filepath.Join(dir, ".", "new.txt")}, "-out and -rejects name the same file"},
		// The policy file is an input too: the results would replace it.
		{"out over policy", []string{"-policy", policyFile, "-as-of", "2024-12-31", "-in", "sample.csv", "-out", policyFile}, "-out and -policy name the same file"},
		{"argument", []string{"-sample", "claims.csv"}, `unexpected argument "claims.csv"`},
		{"unknown flag", []string{"-polcy", samplePolicy}, "flag provided but not defined: -polcy"},
		{"missing input", []string{"-policy", samplePolicy, "-as-of", "2024-12-31", "-in", filepath.Join(dir, "none.csv")}, "no such file"},
		{"unknown pack", []string{"-policy", "cn-skill-improvment", "-as-of", "2024-12-31"}, `-policy "cn-skill-improvment": no such file and no such built-in pack`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := calcRun(t, "", tc.args...)
			assert.Equal(t, exitFailed, r.code)
			assert.Contains(t, r.stderr, tc.want)
			assert.Empty(t, r.stdout)
		})
	}
	t.Run("unknown pack lists the packs", func(t *testing.T) {
		r := calcRun(t, "", "-policy", "nope", "-as-of", "2024-12-31")
		for _, name := range packs.Names() {
			assert.Contains(t, r.stderr, "\n  "+name)
		}
	})
	t.Run("help", func(t *testing.T) {
		r := calcRun(t, "", "-h")
		assert.Equal(t, exitOK, r.code)
		assert.Contains(t, r.stderr, "usage: subsidycalc")
		assert.Contains(t, r.stderr, "-as-of date")
	})
}

func TestHeaderErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"empty input", "", "stdin: line 1: header: the input is empty"},
		{"unknown column", "id,date,colour\n", `stdin: line 1: column 3 "colour": unknown column (known: id, date, person,`},
		{"twice", "id,date,id\n", `stdin: line 1: column 3 "id": column given twice`},
		{"no date", "id,person\nc-1,P\n", `stdin: line 1: header: no "date" column`},
		{"empty name", "id,,date\n", `stdin: line 1: column 2: empty column name`},
		{"bad csv", "id,\"date\n", "stdin: line 1: header: not valid CSV"},
		// Blank lines before the header are skipped: the header is line 3.
		{"header after blank lines", "\n\nid,dat\n", `stdin: line 3: column 2 "dat": unknown column`},
		{"no date after blank lines", "\n\nid,person\n", `stdin: line 3: header: no "date" column`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := calcRun(t, tc.in, "-policy", samplePolicy, "-as-of", sampleAsOf)
			assert.Equal(t, exitFailed, r.code)
			assert.Contains(t, r.stderr, tc.want)
			assert.Empty(t, r.stdout)
		})
	}
	t.Run("byte order mark and spaces", func(t *testing.T) {
		r := calcRun(t, "\uFEFFid, date\nc-1,2024-05-20\n", "-policy", samplePolicy, "-as-of", sampleAsOf)
		// The header is read; the claim lacks what the policy needs.
		assert.Equal(t, exitMalformed, r.code)
		assert.Contains(t, r.stderr, `stdin:2: claim "c-1": issued: required`)
	})
	t.Run("byte order mark before a quoted header", func(t *testing.T) {
		// As spreadsheets write with every field quoted: the mark would
		// otherwise make the first name's quote a bare one.
		r := calcRun(t, "\uFEFF\"id\",\"date\"\r\n\"c-1\",\"2024-05-20\"\r\n", "-policy", samplePolicy, "-as-of", sampleAsOf)
		assert.Equal(t, exitMalformed, r.code, r.stderr)
		assert.Contains(t, r.stderr, `stdin:2: claim "c-1": issued: required`)
	})
}

func TestProgress(t *testing.T) {
	r := calcRun(t, "", "-sample", "-progress", "4")
	require.Equal(t, exitOK, r.code)
	// 10 rows, every 4: after rows 4 and 8.
	assert.Contains(t, r.stderr, "subsidycalc: 4 rows\nsubsidycalc: 8 rows\nsubsidycalc: policy ")
	assert.Equal(t, 2, strings.Count(r.stderr, " rows\n"))

	r = calcRun(t, "", "-sample")
	assert.NotContains(t, r.stderr, " rows\n", "standard error is not a terminal: no progress")
}

// TestWorkersAgree is a property test: over random claims, good and bad,
// the output is the same whatever the number of workers, and every result
// is what Evaluate gives the claim alone.
func TestWorkersAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 2024))
	var in strings.Builder
	in.WriteString(genHeader)
	const n = 3000
	for i := range n {
		in.WriteString(genRow(rng, i))
	}
	data := in.String()
	args := []string{"-policy", samplePolicy, "-as-of", sampleAsOf, "-out-format", "jsonl"}
	one := calcRun(t, data, append(args, "-workers", "1")...)
	require.Contains(t, []int{exitOK, exitMalformed}, one.code, one.stderr)
	for _, w := range []string{"2", "7", "0"} {
		r := calcRun(t, data, append(args, "-workers", w)...)
		assert.Equal(t, one, r, "workers=%s", w)
	}

	// One by one, in the program's own reader.
	p, err := packs.Load(samplePolicy)
	require.NoError(t, err)
	cr, err := newCSVReader(strings.NewReader(data))
	require.NoError(t, err)
	var want strings.Builder
	good, bad := 0, 0
	for {
		r, err := cr.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		if r.err != nil {
			bad++
			continue
		}
		res, err := p.Evaluate(r.claim, subsidy.Options{AsOf: subsidy.MustParseDate(sampleAsOf)})
		if err != nil {
			bad++
			continue
		}
		good++
		b, err := res.MarshalJSON()
		require.NoError(t, err)
		want.Write(b)
		want.WriteByte('\n')
	}
	assert.Equal(t, want.String(), one.stdout)
	assert.Equal(t, n, good+bad)
	assert.Greater(t, good, n/2, "the generator makes mostly good rows")
	assert.Positive(t, bad, "and some bad ones")
	assert.Contains(t, one.stderr, fmt.Sprintf("%d malformed", bad))
}

// genHeader and genRow make random claims under cn-skill-improvement, about
// one in twenty of them malformed.
const genHeader = "id,date,person,occupation,level,issued,insured_months,unemployment_benefit,other\n"

func genRow(rng *rand.Rand, i int) string {
	levels := [...]string{"national-5", "national-4", "national-3", "national-2", "1x-junior"}
	issued := subsidy.MustParseDate("2024-01-01")
	issued, _ = issued.AddDays(rng.IntN(300))
	date, _ := issued.AddDays(rng.IntN(60))
	months := fmt.Sprint(rng.IntN(40))
	benefit := ""
	if rng.IntN(10) == 0 {
		benefit = "true"
	}
	other := ""
	if rng.IntN(20) == 0 {
		other = "vocational-training"
	}
	level := levels[rng.IntN(len(levels))]
	switch rng.IntN(40) {
	case 0:
		months = "many"
	case 1:
		level = "national-9"
	}
	return fmt.Sprintf("g-%d,%s,P-%d,6-31-01-%02d,%s,%s,%s,%s,%s\n",
		i, date, rng.IntN(500), rng.IntN(20), level, issued, months, benefit, other)
}

// TestJSONLineLength: a line may be at most maxJSONLine bytes, its end
// ("\n" or "\r\n") not counted, before a line end or at the end of the
// input alike.
func TestJSONLineLength(t *testing.T) {
	claim := `{"id":"c","date":"2024-05-20"}`
	pad := func(n int) string { return claim + strings.Repeat(" ", n-len(claim)) }
	for _, tc := range []struct {
		name, in string
		long     bool
	}{
		{"at the bound", pad(maxJSONLine) + "\n", false},
		{"at the bound, CRLF", pad(maxJSONLine) + "\r\n", false},
		{"at the bound, last line", pad(maxJSONLine), false},
		{"one over", pad(maxJSONLine+1) + "\n", true},
		{"one over, CRLF", pad(maxJSONLine+1) + "\r\n", true},
		{"one over, last line", pad(maxJSONLine + 1), true},
		{"two over, last line", pad(maxJSONLine + 2), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := newJSONLReader(strings.NewReader(tc.in)).Next()
			require.NoError(t, err)
			if tc.long {
				require.Error(t, r.err)
				assert.Contains(t, r.err.Error(), "line longer than")
			} else {
				require.NoError(t, r.err)
				assert.Equal(t, "c", r.claim.ID)
			}
		})
	}
}

// TestInterruptWhileReading: an interrupt that comes while the program
// waits for input ends the run with exit status 2 ("an interrupt"), also
// with one worker, where it once ended the claims quietly and the run with
// status 0. (That main stops a run still waiting for input after a grace
// period is not testable here: it exits the process.)
func TestInterruptWhileReading(t *testing.T) {
	for _, workers := range []string{"1", "2"} {
		pr, pw := io.Pipe()
		ctx, cancel := context.WithCancel(context.Background())
		var out, errOut bytes.Buffer
		done := make(chan int)
		go func() {
			done <- runContext(ctx, []string{"-policy", samplePolicy, "-as-of", sampleAsOf, "-workers", workers}, pr, &out, &errOut)
		}()
		_, err := io.WriteString(pw, "id,date,person,occupation,level,issued,insured_months\nc-1,2024-05-20,P-1,6-31-01-10,national-4,2024-03-15,14\n")
		require.NoError(t, err)
		cancel()   // the interrupt, while the run waits for more input
		pw.Close() // then the input ends
		code := <-done
		pr.Close()
		assert.Equal(t, exitFailed, code, "workers=%s: %s", workers, errOut.String())
		assert.Contains(t, errOut.String(), "interrupted", "workers=%s", workers)
	}
}

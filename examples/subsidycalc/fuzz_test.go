package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzCSVReader checks the CSV claim reader on any input: it never panics;
// a header it refuses is a *headerError about line 1; rows come with
// increasing line numbers within the input; a malformed row carries a
// *rowError with a message and no claim; and a row it reads as a valid claim
// survives the JSON form unchanged, so that the CSV and JSON Lines readers
// agree on what a claim is.
func FuzzCSVReader(f *testing.F) {
	f.Add([]byte(sampleCSV))
	if b, err := os.ReadFile(filepath.Join("testdata", "malformed.csv")); err == nil {
		f.Add(b)
	}
	for _, s := range []string{
		"",
		"id,date\n",
		"\uFEFFid,date\nc-1,2024-05-20\n",
		"id,date,base,flags,other,training,contract_months,unemployment_benefit\n" +
			"c-1,2024-05-20,12000.50,a;b,x,2024-09-01/2026-08-31,open-ended,1\n" +
			"c-2,2024-05-20,1e999999999,;,,2024-09-01/2024-08-31,-3,maybe\n",
		"id,date,colour\n",
		"id,date\n\"c-1,2024-05-20\n",
		"id,date,person\nc-1,2024-05-20,\"two\nlines\"\nc-2,2024-05-21,P\n",
		"id,date\r\nc-1,2024-05-20\r\n",
		"id,date,born,ended,places,completed\nc,2024-05-20,2030-01-01,2024-01-01,2,3\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cr, err := newCSVReader(bytes.NewReader(data))
		if err != nil {
			// About the header's line: the first, or a later one after
			// blank lines only (encoding/csv skips them).
			var he *headerError
			if !errors.As(err, &he) || !strings.HasPrefix(err.Error(), fmt.Sprintf("line %d: ", max(he.Line, 1))) {
				t.Fatalf("header error %T %q: want a *headerError naming its line", err, err)
			}
			before := strings.Split(strings.TrimPrefix(string(data), "\uFEFF"), "\n")
			for i := 0; i < max(he.Line, 1)-1 && i < len(before); i++ {
				if strings.TrimSuffix(before[i], "\r") != "" {
					t.Fatalf("header error %q, but line %d is not blank: %q", err, i+1, before[i])
				}
			}
			return
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		prev := 1
		for {
			r, err := cr.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatalf("Next: %v (a bytes.Reader does not fail)", err)
			}
			if r.line <= prev || r.line > lines {
				t.Fatalf("row on line %d after line %d, in an input of %d lines", r.line, prev, lines)
			}
			prev = r.line
			checkRow(t, r)
		}
	})
}

// FuzzJSONLReader checks the JSON Lines claim reader on any input, with the
// same invariants as FuzzCSVReader: no panic, increasing line numbers
// within the input, malformed rows with a *rowError and no claim, and valid
// claims that survive their JSON form.
func FuzzJSONLReader(f *testing.F) {
	if b, err := os.ReadFile("sample.jsonl"); err == nil {
		f.Add(b)
	}
	for _, s := range []string{
		"",
		"\n\n",
		`{"id":"c-1","date":"2024-05-20"}`,
		`{"id":"c-1","date":"2024-05-20","base":"12000.50","flags":["a"],"training":"2024-09-01/2026-08-31"}` + "\r\n",
		`{"id":"c-1","date":"2024-05-20","base":12000.5}`,
		`{"id":"c-1","date":"2024-05-20","base":"1e999999999"}`,
		`{"id":"c-1","date":"2024-02-30"}`,
		`{"id":"c-1","colour":"blue"}`,
		`{"id":"c-1"} {"id":"c-2"}`,
		`{"id":`,
		`[1,2,3]`,
		`null`,
		`{"ID":"c-1","Date":"2024-05-20","level":"national-4","insured_months":1e3}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		jr := newJSONLReader(bytes.NewReader(data))
		lines := bytes.Count(data, []byte("\n")) + 1
		prev := 0
		for {
			r, err := jr.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatalf("Next: %v (a bytes.Reader does not fail)", err)
			}
			if r.line <= prev || r.line > lines {
				t.Fatalf("row on line %d after line %d, in an input of %d lines", r.line, prev, lines)
			}
			prev = r.line
			checkRow(t, r)
		}
	})
}

// checkRow checks one row of either reader.
func checkRow(t *testing.T, r row) {
	t.Helper()
	if r.err != nil {
		var re *rowError
		if !errors.As(r.err, &re) || re.Reason == "" {
			t.Fatalf("line %d: error %T %q: want a *rowError with a reason", r.line, r.err, r.err)
		}
		if r.claim.ID != "" || !r.claim.Date.IsZero() {
			t.Fatalf("line %d: a malformed row with a claim %+v", r.line, r.claim)
		}
		return
	}
	if r.claim.Validate() != nil {
		return // read, but Evaluate will refuse it with a *ClaimError
	}
	b, err := json.Marshal(r.claim)
	if err != nil {
		t.Fatalf("line %d: marshal %+v: %v", r.line, r.claim, err)
	}
	back, rerr := decodeClaim(b)
	if rerr != nil {
		t.Fatalf("line %d: the JSON form %s of a valid claim is refused: %v", r.line, b, rerr)
	}
	b2, err := json.Marshal(back)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, b2) {
		t.Fatalf("line %d: claim changed through JSON:\n%s\n%s", r.line, b, b2)
	}
	if !back.Base.Equal(r.claim.Base) {
		t.Fatalf("line %d: base %s became %s", r.line, r.claim.Base, back.Base)
	}
}

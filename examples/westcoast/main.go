// Command westcoast tells the story of school–enterprise training in the
// Qingdao West Coast New Area (青岛西海岸新区) with dualtrack, end to end, on
// built-in data.
//
// The Sino-German Applied Technology School (中德应用技术学校) runs its
// intelligent-manufacturing major as "1 major + 1 co-built training base +
// N partner enterprises". The report follows one cohort through it:
//
//  1. the program: the school, the major, the base, the partner enterprises
//     and the training plan (package apprenticeship);
//  2. the agreements (三方协议), checked against the school's rules, and their
//     dual mentors (双导师), checked against the limit per master;
//  3. training across the three sites (三地): each lifecycle replayed from
//     dated events, the hours logged and the progress by site;
//  4. the assessments, which turn into 1+X certificates (package
//     certificate), issued as signed Open Badges 3.0 credentials and
//     verified, including a revocation, a tampered credential and expiry;
//  5. subsidy claims by workers and enterprises of the partner enterprises
//     under the built-in policy packs (package subsidy/packs), decided one
//     at a time against a ledger of grants, some of them rejected for the
//     reasons the rules state;
//  6. the subsidies by enterprise and by rule;
//  7. a fund (subsidy.Budget) allocated among the claims;
//  8. one claim explained rule by rule, with every parameter's date and
//     source.
//
// It uses only the public API and prints a deterministic report: no flags,
// no clock, no randomness. Every date is fixed in the code. Enterprises,
// people, hours and local amounts are illustrative; the rules and the
// published figures are those of the library's sources.
//
// The code follows the report: program.go holds sections 1 to 3,
// certificates.go section 4, subsidies.go section 5 and funds.go sections 6
// to 8; main.go runs them in order and prints.
//
// Usage:
//
//	go run ./examples/westcoast
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "westcoast:", err)
		os.Exit(1)
	}
}

// run writes the whole report to w. Each step hands what it made to the
// next: the cohort to training and certification, the certificates to the
// subsidy claims.
func run(w io.Writer) error {
	p := &printer{w: w}
	title := "dualtrack: Qingdao West Coast New Area (青岛西海岸新区)"
	p.line("%s", title)
	p.line("%s", strings.Repeat("=", width(title)))

	c, err := signCohort(p) // sections 1 and 2
	if err != nil {
		return err
	}
	if err := train(p, c); err != nil { // section 3
		return err
	}
	if err := certify(p, c); err != nil { // section 4
		return err
	}
	if err := subsidies(p, c); err != nil { // sections 5 to 8
		return err
	}
	return p.err
}

// printer writes lines and keeps the first write error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) line(format string, args ...any) {
	if p.err != nil {
		return
	}
	_, p.err = fmt.Fprintf(p.w, strings.TrimRight(format, "\n")+"\n", args...)
}

// heading writes a section title, underlined to its width, between blank
// lines.
func (p *printer) heading(title string) {
	p.line("")
	p.line("%s", title)
	p.line("%s", strings.Repeat("-", width(title)))
	p.line("")
}

// width is the number of terminal columns s takes: two for a Chinese
// character or full-width punctuation (（）、，), one for anything else.
func width(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case r >= 0x2E80 && r <= 0xA4CF, r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE4F, r >= 0xFF00 && r <= 0xFF60:
			n += 2
		default:
			n++
		}
	}
	return n
}

// row writes a table row indented by three spaces: each cell padded to its
// width in terminal columns (so that Chinese text lines up too), a
// negative width aligning the cell to the right, and two spaces between
// cells.
func (p *printer) row(widths []int, cells ...string) {
	var b strings.Builder
	b.WriteString("   ")
	for i, c := range cells {
		if i > 0 {
			b.WriteString("  ")
		}
		w := 0
		if i < len(widths) {
			w = widths[i]
		}
		gap := ""
		if n := abs(w) - width(c); n > 0 {
			gap = strings.Repeat(" ", n)
		}
		switch {
		case w < 0:
			b.WriteString(gap + c)
		case i == len(cells)-1:
			b.WriteString(c)
		default:
			b.WriteString(c + gap)
		}
	}
	p.line("%s", strings.TrimRight(b.String(), " "))
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

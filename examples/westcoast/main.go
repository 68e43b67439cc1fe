// Command westcoast tells the story of the Qingdao West Coast New Area
// (青岛西海岸新区) programs with dualtrack, on built-in data.
//
// It uses only the public API and prints a deterministic report: no flags, no
// clock, no randomness. It shows parameters that change by date and carry
// their sources, an allowance paid out in equal instalments, a district fund
// split exactly across enterprises, and the cohort's 1+X certificates issued,
// registered, signed as Open Badges 3.0 credentials and verified (including a
// revocation and a tampered credential), and one apprentice's way through the
// dual program: agreement, lifecycle, hours by site and monthly allowance.
//
// Usage:
//
//	go run ./examples/westcoast
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "westcoast:", err)
		os.Exit(1)
	}
}

// run writes the whole report to w.
func run(w io.Writer) error {
	p := &printer{w: w}
	p.line("dualtrack: Qingdao West Coast New Area (青岛西海岸新区)")
	p.line("==================================================")
	for _, section := range []func(*printer) error{insuredMonths, chiefTechnician, selfEvaluationFund, certificates, dualProgram} {
		p.line("")
		if err := section(p); err != nil {
			return err
		}
	}
	return p.err
}

// insuredMonths shows an effective-dated parameter: how many months of
// unemployment-insurance contributions the skill-improvement subsidy
// (技能提升补贴) asks for, depending on the date of the certificate.
func insuredMonths(p *printer) error {
	series, err := subsidy.NewSeries("skill-improvement subsidy: months insured", []subsidy.Entry[int]{
		{
			// DOMAIN.md: 2017 rules, ≥ 36 months, certificates from 2017-01-01.
			From:  subsidy.MustParseDate("2017-01-01"),
			Value: 36,
			Citation: subsidy.Citation{
				Title:  "关于失业保险支持参保职工提升职业技能有关问题的通知",
				Number: "人社部发〔2017〕40号",
			},
		},
		{
			// DOMAIN.md: from 2019-01-01, ≥ 12 months; the 2024 version (insured
			// ≥ 1 year) is valid to 2024-12-31.
			From:     subsidy.MustParseDate("2019-01-01"),
			Until:    subsidy.MustParseDate("2024-12-31"),
			Value:    12,
			Citation: subsidy.Citation{Title: "技能提升补贴: 参保缴费满1年 (2019 change, 2024 version)"},
		},
	}, subsidy.Continuous())
	if err != nil {
		return err
	}

	p.line("1. A parameter that changes by date: %s", series.Name())
	p.line("")
	p.line("   certificate date   months   source")
	for _, s := range []string{"2016-12-31", "2017-01-01", "2018-12-31", "2019-01-01", "2024-12-31", "2025-01-01"} {
		d := subsidy.MustParseDate(s)
		e, err := series.At(d)
		switch {
		case errors.Is(err, subsidy.ErrNotCovered):
			p.line("   %s         -        no rule in force: the library refuses to guess", d)
		case err != nil:
			return err
		default:
			p.line("   %s         %-6d   %s", d, e.Value, source(e.Citation))
		}
	}
	return nil
}

// source is the shortest useful reference to a citation.
func source(c subsidy.Citation) string {
	if c.Number != "" {
		return c.Number
	}
	return c.Title
}

// chiefTechnician pays the Qingdao chief technician allowance (首席技师): 15,000
// yuan a year over a four-year term (DOMAIN.md, Qingdao 2019 rules), here in
// equal monthly instalments that add up to the term's total exactly.
func chiefTechnician(p *printer) error {
	perYear := decimal.NewFromInt(15000)
	years := 4
	term := perYear.Mul(decimal.NewFromInt(int64(years))) // 15,000 × 4 = 60,000
	fen := decimal.New(1, -2)
	monthly, err := subsidy.AllocateEqually(term, years*12, fen)
	if err != nil {
		return err
	}
	paid := sum(monthly)

	p.line("2. Chief technician allowance (首席技师), Qingdao")
	p.line("")
	p.line("   %s a year × %d years = %s yuan over the term", perYear.StringFixed(2), years, term.StringFixed(2))
	p.line("   paid in %d monthly instalments of %s (first) to %s (last)",
		len(monthly), monthly[0].StringFixed(2), monthly[len(monthly)-1].StringFixed(2))
	p.line("   instalments add up to %s: %s", paid.StringFixed(2), check(paid.Equal(term)))
	return nil
}

// enterprise is an enterprise that evaluates its own staff (企业技能人才自主评价)
// and receives a share of the district training subsidy.
type enterprise struct {
	name      string
	sector    string // the sector's Chinese name
	certified int64  // staff certified by self-evaluation: the allocation weight
}

// selfEvaluationFund splits the 49 million yuan the district paid to
// self-evaluating enterprises (DOMAIN.md, West Coast figures) in proportion to
// the staff each certified. The enterprises and their counts are illustrative:
// the per-enterprise figures are not published.
func selfEvaluationFund(p *printer) error {
	fund := decimal.NewFromInt(49_000_000)
	enterprises := []enterprise{
		{"smart home appliances", "智能家电", 1860},
		{"display panels", "显示面板", 1240},
		{"automotive parts", "汽车零部件", 975},
		{"port logistics", "港口物流", 610},
		{"shipbuilding and offshore", "船舶海工", 415},
		{"new materials", "新材料", 7},
	}
	weights := make([]decimal.Decimal, len(enterprises))
	var staff int64
	for i, e := range enterprises {
		weights[i] = decimal.NewFromInt(e.certified)
		staff += e.certified
	}
	fen := decimal.New(1, -2)
	shares, err := subsidy.Allocate(fund, weights, fen)
	if err != nil {
		return err
	}

	p.line("3. Self-evaluation training subsidy: %s yuan across %d enterprises", fund.StringFixed(2), len(enterprises))
	p.line("   (weights: staff certified; illustrative enterprises, the split is not published)")
	p.line("")
	p.line("   %-26s %9s %16s  %s", "enterprise", "certified", "share (yuan)", "sector")
	for i, e := range enterprises {
		p.line("   %-26s %9d %16s  %s", e.name, e.certified, shares[i].StringFixed(2), e.sector)
	}
	total := sum(shares)
	p.line("   %-26s %9d %16s", "total", staff, total.StringFixed(2))
	p.line("   shares add up to the fund to the fen: %s", check(total.Equal(fund)))
	return nil
}

func sum(xs []decimal.Decimal) decimal.Decimal {
	total := decimal.Zero
	for _, x := range xs {
		total = total.Add(x)
	}
	return total
}

func check(ok bool) string {
	if ok {
		return "yes"
	}
	return "NO"
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

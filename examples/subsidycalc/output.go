package main

import (
	"bufio"
	"encoding/csv"
	"io"
	"strings"

	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
)

// resultWriter writes results one by one; Flush writes out what is
// buffered and reports the first error of any write.
type resultWriter interface {
	Write(r subsidy.Result) error
	Flush() error
}

// explainColumn is the column -explain adds to CSV output.
const explainColumn = "explanation"

// csvWriter writes results as CSV, one row per claim.
type csvWriter struct {
	w       *csv.Writer
	explain bool
	rec     []string
	text    strings.Builder
}

func newCSVWriter(w io.Writer, explain bool) (*csvWriter, error) {
	cw := &csvWriter{w: csv.NewWriter(w), explain: explain}
	head := []string{"id", "policy", "as_of", "granted", "amount", "currency", "reasons", "payments"}
	if explain {
		head = append(head, explainColumn)
	}
	cw.rec = make([]string, len(head))
	return cw, cw.w.Write(head)
}

// Write writes one row: the amount with the decimals of the currency's minor
// unit, the reason codes joined by ";", and each payment as
// DATE:AMOUNT:KIND (with ":provisional" for a provisional one), joined by
// ";". With -explain the last column holds the result as WriteText renders
// it, a cell of several lines.
func (cw *csvWriter) Write(r subsidy.Result) error {
	rec := cw.rec
	rec[0] = r.Claim
	rec[1] = r.Policy
	rec[2] = r.AsOf.String()
	rec[3] = "false"
	if r.Granted {
		rec[3] = "true"
	}
	rec[4] = fixed(r.Amount, r.Amount)
	rec[5] = r.Currency
	var b strings.Builder
	for i, why := range r.Reasons {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(why.Code)
	}
	rec[6] = b.String()
	b.Reset()
	for i, p := range r.Payments {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(p.Date.String())
		b.WriteByte(':')
		b.WriteString(fixed(p.Amount, r.Amount))
		b.WriteByte(':')
		b.WriteString(p.Kind.String())
		if p.Provisional {
			b.WriteString(":provisional")
		}
	}
	rec[7] = b.String()
	if cw.explain {
		cw.text.Reset()
		if err := r.WriteText(&cw.text); err != nil {
			return err
		}
		rec[8] = strings.TrimSuffix(cw.text.String(), "\n")
	}
	return cw.w.Write(rec)
}

func (cw *csvWriter) Flush() error {
	cw.w.Flush()
	return cw.w.Error()
}

// fixed writes d with as many decimals as like has (the award's, which has
// those of the currency's minor unit), so that a column of amounts lines up:
// 1500.00 and 0.00 rather than 1500 and 0.
func fixed(d, like decimal.Decimal) string {
	places := -like.Exponent()
	if places < 0 {
		places = 0
	}
	return d.StringFixed(places)
}

// jsonlWriter writes results as JSON Lines, one Result (its versioned JSON
// form, subsidy.ResultFormat) per line.
type jsonlWriter struct {
	w *bufio.Writer
}

func newJSONLWriter(w io.Writer) *jsonlWriter {
	return &jsonlWriter{w: bufio.NewWriterSize(w, 64<<10)}
}

func (jw *jsonlWriter) Write(r subsidy.Result) error {
	b, err := r.MarshalJSON()
	if err != nil {
		return err
	}
	jw.w.Write(b)
	return jw.w.WriteByte('\n')
}

func (jw *jsonlWriter) Flush() error { return jw.w.Flush() }

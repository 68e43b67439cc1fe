package main

import (
	"bufio"
	"bytes"
	"encoding"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
)

// row is one claim as read from the input: the line it starts on and either
// the claim or the reason it could not be read.
type row struct {
	line  int
	claim subsidy.Claim
	err   error // a *rowError; the claim is zero then
}

// rowReader reads claims one row at a time. Next returns io.EOF after the
// last row; any other error is a failure of the input itself (a read error),
// after which the reader is unusable. A row that cannot be read is not an
// error of Next: it is a row with its err set.
type rowReader interface {
	Next() (row, error)
}

// rowError says why a row could not be read: the field (a CSV column or a
// JSON member) when one is to blame, its value and the reason.
type rowError struct {
	Claim  string // the claim's id, if it was read before the fault
	Field  string // column or member name; empty when the whole row is at fault
	Value  string // the bad value as text, clipped; empty if missing
	Reason string
}

func (e *rowError) Error() string {
	var b strings.Builder
	if e.Claim != "" {
		b.WriteString("claim ")
		b.WriteString(strconv.Quote(clip(e.Claim)))
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		if e.Value != "" {
			b.WriteString(" = ")
			b.WriteString(strconv.Quote(clip(e.Value)))
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Reason)
	return b.String()
}

// clip shortens s for a message, so that a hostile value cannot swamp it.
func clip(s string) string {
	const max = 64
	if len(s) <= max {
		return s
	}
	i := max
	for i > 0 && !utf8Start(s[i]) {
		i--
	}
	return s[:i] + "…"
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// headerError reports a CSV header the reader cannot use. It stops the run:
// without a good header no row can be read.
type headerError struct {
	Line   int    // the header's line (blank lines before it are skipped); 0 means 1
	Column int    // 1-based column, 0 if the header as a whole is at fault
	Name   string // the column's name, if any
	Reason string
}

func (e *headerError) Error() string {
	line := max(e.Line, 1)
	switch {
	case e.Column == 0:
		return fmt.Sprintf("line %d: header: %s", line, e.Reason)
	case e.Name == "":
		return fmt.Sprintf("line %d: column %d: %s", line, e.Column, e.Reason)
	}
	return fmt.Sprintf("line %d: column %d %s: %s", line, e.Column, strconv.Quote(clip(e.Name)), e.Reason)
}

// A column is one CSV column: its name (the JSON name of the Claim field it
// fills) and how a non-empty cell sets that field.
type column struct {
	name string
	set  func(c *subsidy.Claim, v string) error
}

// claimColumns returns the CSV columns, in the order the README lists
// them. id and date are required in the header; any other may be left out.
// An empty cell leaves the field at its zero value.
func claimColumns() []column {
	return []column{
		{"id", func(c *subsidy.Claim, v string) error { c.ID = v; return nil }},
		{"date", func(c *subsidy.Claim, v string) error { return setDate(&c.Date, v) }},
		{"person", func(c *subsidy.Claim, v string) error { c.Person = v; return nil }},
		{"organisation", func(c *subsidy.Claim, v string) error { c.Organisation = v; return nil }},
		{"holder_kind", func(c *subsidy.Claim, v string) error { c.HolderKind = v; return nil }},
		{"born", func(c *subsidy.Claim, v string) error { return setDate(&c.Born, v) }},
		{"occupation", func(c *subsidy.Claim, v string) error { c.Occupation = v; return nil }},
		{"level", func(c *subsidy.Claim, v string) error {
			l, err := certificate.ParseLevel(v)
			if err != nil {
				return errors.New("not a skill level code (such as national-4 or 1x-intermediate)")
			}
			c.Level = l
			return nil
		}},
		{"category", func(c *subsidy.Claim, v string) error { c.Category = v; return nil }},
		{"certificate", func(c *subsidy.Claim, v string) error { c.Certificate = v; return nil }},
		{"issued", func(c *subsidy.Claim, v string) error { return setDate(&c.Issued, v) }},
		{"insured_months", func(c *subsidy.Claim, v string) error { return setInt(&c.InsuredMonths, v) }},
		{"unemployment_benefit", func(c *subsidy.Claim, v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return errors.New("not a boolean (true, false, 1 or 0)")
			}
			c.UnemploymentBenefit = b
			return nil
		}},
		{"contract_months", func(c *subsidy.Claim, v string) error {
			if v == "open-ended" {
				c.ContractMonths = subsidy.ContractOpenEnded
				return nil
			}
			return setInt(&c.ContractMonths, v)
		}},
		{"training", func(c *subsidy.Claim, v string) error {
			if err := c.Training.UnmarshalText([]byte(v)); err != nil {
				return errors.New("not a period START/END such as 2024-09-01/2026-08-31")
			}
			return nil
		}},
		{"ended", func(c *subsidy.Claim, v string) error { return setDate(&c.Ended, v) }},
		{"places", func(c *subsidy.Claim, v string) error { return setInt(&c.Places, v) }},
		{"completed", func(c *subsidy.Claim, v string) error { return setInt(&c.Completed, v) }},
		{"base", func(c *subsidy.Claim, v string) error { return setAmount(&c.Base, v) }},
		{"flags", func(c *subsidy.Claim, v string) error { c.Flags = strings.Split(v, ";"); return nil }},
		{"other", func(c *subsidy.Claim, v string) error { c.Other = strings.Split(v, ";"); return nil }},
	}
}

// columnNames lists the known columns for messages.
func columnNames() string {
	cols := claimColumns()
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

func setDate(d *subsidy.Date, v string) error {
	x, err := subsidy.ParseDate(v)
	if err != nil {
		var de *subsidy.DateError
		if errors.As(err, &de) && de.Reason != "" {
			return errors.New("not a date YYYY-MM-DD: " + de.Reason)
		}
		return errors.New("not a date YYYY-MM-DD")
	}
	*d = x
	return nil
}

func setInt(n *int, v string) error {
	x, err := strconv.Atoi(v)
	if err != nil {
		return errors.New("not a whole number")
	}
	*n = x
	return nil
}

func setAmount(d *decimal.Decimal, v string) error {
	x, err := subsidy.ParseAmount(v)
	if err != nil {
		var ae *subsidy.AmountError
		if errors.As(err, &ae) && ae.Reason != "" {
			return errors.New("not an amount: " + ae.Reason)
		}
		return errors.New("not an amount")
	}
	*d = x
	return nil
}

// csvReader reads claims from CSV (RFC 4180, as encoding/csv reads it) with
// a header row naming the columns.
type csvReader struct {
	r      *csv.Reader
	fields []*column // the column of each field of a record
}

// newCSVReader reads the header. An empty input, a header with an unknown,
// repeated or empty column name, or one without the columns id and date is
// a *headerError; a header that is not valid CSV is reported as such.
func newCSVReader(in io.Reader) (*csvReader, error) {
	// A byte order mark, as spreadsheets write, is dropped before the CSV
	// reader sees it: before a quoted name it would be a bare quote.
	br := bufio.NewReader(in)
	if b, err := br.Peek(3); err == nil && string(b) == "\uFEFF" {
		_, _ = br.Discard(3)
	}
	r := csv.NewReader(br)
	r.FieldsPerRecord = -1 // checked per row, to report it as a bad row
	r.ReuseRecord = true   // the fields are fresh strings each time; only the slice is reused
	head, err := r.Read()
	if err == io.EOF {
		return nil, &headerError{Reason: "the input is empty: want a header row naming the columns (" + columnNames() + ")"}
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, &headerError{Line: pe.StartLine, Reason: csvReason(err)}
		}
		return nil, &headerError{Reason: csvReason(err)}
	}
	headLine, _ := r.FieldPos(0)
	cols := claimColumns()
	cr := &csvReader{r: r, fields: make([]*column, len(head))}
	seen := make(map[string]bool, len(head))
	for i, name := range head {
		name = strings.TrimSpace(name)
		col := lookupColumn(cols, name)
		switch {
		case name == "":
			return nil, &headerError{Line: headLine, Column: i + 1, Reason: "empty column name"}
		case col == nil:
			return nil, &headerError{Line: headLine, Column: i + 1, Name: name, Reason: "unknown column (known: " + columnNames() + ")"}
		case seen[name]:
			return nil, &headerError{Line: headLine, Column: i + 1, Name: name, Reason: "column given twice"}
		}
		seen[name] = true
		cr.fields[i] = col
	}
	for _, must := range [...]string{"id", "date"} {
		if !seen[must] {
			return nil, &headerError{Line: headLine, Reason: fmt.Sprintf("no %q column: every claim needs one", must)}
		}
	}
	return cr, nil
}

func lookupColumn(cols []column, name string) *column {
	for i := range cols {
		if cols[i].name == name {
			return &cols[i]
		}
	}
	return nil
}

// Next reads the next record. A record with the wrong number of fields, one
// that is not valid CSV (a stray quote) and one with a bad cell are rows
// with an error; reading goes on after them.
func (cr *csvReader) Next() (row, error) {
	rec, err := cr.r.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return row{line: pe.StartLine, err: &rowError{Reason: csvReason(err)}}, nil
		}
		return row{}, err // io.EOF, or a failure of the input
	}
	line, _ := cr.r.FieldPos(0)
	if len(rec) != len(cr.fields) {
		return row{line: line, err: &rowError{Reason: fmt.Sprintf("%d fields, but the header names %d columns", len(rec), len(cr.fields))}}, nil
	}
	var c subsidy.Claim
	for i, v := range rec {
		if v == "" {
			continue
		}
		col := cr.fields[i]
		if err := col.set(&c, v); err != nil {
			return row{line: line, err: &rowError{Claim: c.ID, Field: col.name, Value: v, Reason: err.Error()}}, nil
		}
	}
	return row{line: line, claim: c}, nil
}

// csvReason is the reason of a CSV syntax error without its position, which
// the caller reports as the row's line.
func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return "not valid CSV: " + pe.Err.Error()
	}
	return err.Error()
}

// maxJSONLine bounds one line of JSON Lines input: a claim is a few hundred
// bytes, and the bound keeps a hostile line from being read into memory.
const maxJSONLine = 1 << 20

// jsonlReader reads claims from JSON Lines: one JSON object per line, in
// the JSON form of subsidy.Claim. Blank lines are skipped.
type jsonlReader struct {
	r    *bufio.Reader
	line int
	buf  []byte
}

func newJSONLReader(in io.Reader) *jsonlReader {
	return &jsonlReader{r: bufio.NewReader(in)}
}

// jsonClaim is a claim as read from JSON: Base is taken raw and parsed with
// subsidy.ParseAmount, as the CSV column is, so that both formats accept the
// same amounts (within the library's bounds on digits and exponent) and
// report a bad one in the same words. The field shadows the embedded
// Claim's.
type jsonClaim struct {
	claimFields
	Base json.RawMessage `json:"base"`
}

// claimFields are the fields of subsidy.Claim without its strict
// UnmarshalJSON, so that jsonClaim can read base itself and name the
// member at fault in its own words.
type claimFields subsidy.Claim

// Next reads the next non-blank line.
func (jr *jsonlReader) Next() (row, error) {
	for {
		line, tooLong, err := jr.readLine()
		if err != nil {
			return row{}, err
		}
		jr.line++
		if tooLong {
			return row{line: jr.line, err: &rowError{Reason: fmt.Sprintf("line longer than %d bytes", maxJSONLine)}}, nil
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		c, rerr := decodeClaim(line)
		if rerr != nil {
			return row{line: jr.line, err: rerr}, nil
		}
		return row{line: jr.line, claim: c}, nil
	}
}

// readLine returns the next line without its end ("\n" or "\r\n"). A line
// over maxJSONLine is skipped to its end and reported as too long. At the
// end of the input it returns io.EOF; a last line without "\n" is a line.
func (jr *jsonlReader) readLine() (line []byte, tooLong bool, err error) {
	jr.buf = jr.buf[:0]
	for {
		chunk, err := jr.r.ReadSlice('\n')
		// Keep at most the longest line and its "\r\n"; beyond that the
		// line is too long whatever its end.
		if len(jr.buf)+len(chunk) > maxJSONLine+2 {
			tooLong = true
		} else {
			jr.buf = append(jr.buf, chunk...)
		}
		switch {
		case err == nil, err == io.EOF && (len(jr.buf) > 0 || tooLong):
			line := trimEOL(jr.buf)
			return line, tooLong || len(line) > maxJSONLine, nil
		case err == bufio.ErrBufferFull:
			continue
		default:
			return nil, false, err
		}
	}
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

// decodeClaim reads one claim object strictly, as subsidy.Claim's own
// UnmarshalJSON does: unknown members, a member given twice (names compared
// as encoding/json matches them, ignoring case) and data after the object
// are errors.
func decodeClaim(data []byte) (subsidy.Claim, *rowError) {
	var jc jsonClaim
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&jc); err != nil {
		rerr := jsonRowError(data, err)
		eachMember(data, func(key string, raw json.RawMessage) bool {
			if key == "id" {
				_ = json.Unmarshal(raw, &rerr.Claim) // the claim the row names, if it names one
				return false
			}
			return true
		})
		return subsidy.Claim{}, rerr
	}
	// Token, not More: More does not see a "]" or "}" after the object.
	if _, err := dec.Token(); err != io.EOF {
		return subsidy.Claim{}, &rowError{Reason: "data after the JSON object"}
	}
	if name, dup := repeatedMember(data); dup {
		return subsidy.Claim{}, &rowError{Claim: jc.ID, Field: name, Reason: "member given twice"}
	}
	if len(jc.Base) > 0 && string(jc.Base) != "null" {
		text := string(jc.Base)
		if text[0] == '"' {
			if err := json.Unmarshal(jc.Base, &text); err != nil {
				return subsidy.Claim{}, &rowError{Field: "base", Value: string(jc.Base), Reason: "not a JSON string"}
			}
		}
		if err := setAmount(&jc.claimFields.Base, text); err != nil {
			return subsidy.Claim{}, &rowError{Field: "base", Value: text, Reason: err.Error()}
		}
	}
	return subsidy.Claim(jc.claimFields), nil
}

// repeatedMember reports the first member of the object data whose name
// matches an earlier one's as encoding/json matches names
// (bytes.EqualFold), so that one would silently replace the other.
func repeatedMember(data []byte) (string, bool) {
	var names []string
	repeated := ""
	eachMember(data, func(key string, _ json.RawMessage) bool {
		for _, n := range names {
			if strings.EqualFold(n, key) {
				repeated = key
				return false
			}
		}
		names = append(names, key)
		return true
	})
	return repeated, repeated != ""
}

// eachMember calls fn with each member of the JSON object data, in order,
// until fn returns false. It reports false if data is not an object.
func eachMember(data []byte, fn func(key string, raw json.RawMessage) bool) bool {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	for dec.More() {
		tok, err := dec.Token()
		key, isKey := tok.(string)
		if err != nil || !isKey {
			return false
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return false
		}
		if !fn(key, raw) {
			break
		}
	}
	return true
}

// jsonRowError turns the error of decoding data into a rowError naming the
// member at fault and its value: where encoding/json says which, and
// otherwise (a date, level or period its own type refused) the first
// member that fails alone.
func jsonRowError(data []byte, err error) *rowError {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return &rowError{Field: strings.TrimPrefix(te.Field, "claimFields."), Reason: "want a JSON " + jsonKind(te.Type) + ", got " + te.Value}
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if name, ok := strings.CutPrefix(msg, "unknown field "); ok {
		name, _ = strconv.Unquote(name)
		return &rowError{Field: name, Reason: "unknown member (known: " + columnNames() + ")"}
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return &rowError{Reason: "not a complete JSON object"}
	}
	var found *rowError
	eachMember(data, func(key string, raw json.RawMessage) bool {
		one, merr := json.Marshal(map[string]json.RawMessage{key: raw})
		if merr != nil {
			return true
		}
		var jc jsonClaim
		if merr = json.Unmarshal(one, &jc); merr == nil {
			return true
		}
		value := string(raw)
		var text string
		if json.Unmarshal(raw, &text) == nil {
			value = text
		}
		found = &rowError{Field: key, Value: value, Reason: strings.TrimPrefix(merr.Error(), "json: ")}
		if errors.As(merr, &te) {
			found.Reason = "want a JSON " + jsonKind(te.Type) + ", got " + te.Value
		}
		return false
	})
	if found != nil {
		return found
	}
	return &rowError{Reason: "not a claim object: " + clip(msg)}
}

// jsonKind names the JSON a Go type is read from, the way a JSON author
// thinks of it: a type that reads itself from text (a date, a level, a
// period) is a string.
func jsonKind(t reflect.Type) string {
	if reflect.PointerTo(t).Implements(reflect.TypeFor[encoding.TextUnmarshaler]()) {
		return "string"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int64, reflect.Uint8:
		return "whole number"
	case reflect.Bool:
		return "boolean"
	case reflect.String:
		return "string"
	case reflect.Slice:
		return "array"
	case reflect.Struct:
		return "object"
	}
	return t.Kind().String()
}

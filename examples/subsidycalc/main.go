// Command subsidycalc evaluates subsidy claims in bulk under a policy: a
// built-in policy pack or a policy JSON file of the integrator's own. It is
// a calculator for integrators and testers, built only on dualtrack's public
// API (packages subsidy and subsidy/packs).
//
// Claims come from CSV or JSON Lines and results go out in the same formats,
// one per claim and in input order. A claim the policy denies is an ordinary
// result with its reason codes. A row that cannot be read or evaluated (a
// bad date, an unknown level, a missing fact the policy needs) is reported
// with its line number in the rejects output and the other rows go on; the
// exit status is then 1. A summary goes to standard error.
//
// With no arguments it evaluates its embedded sample (sample.csv) under the
// cn-skill-improvement pack as of 2024-12-31. See README.md for the columns.
//
// Usage:
//
//	subsidycalc                                    the built-in sample
//	subsidycalc -list                              the built-in policy packs
//	subsidycalc -policy NAME|FILE -as-of DATE [-in FILE] [-out FILE] [flags]
//
// Exit status: 0 when every row was evaluated (granted or denied), 1 when
// some rows were malformed (the others were evaluated), 2 when the run could
// not be done (bad flags, an unknown pack, an unreadable policy, history or
// input, a bad CSV header, a failed write, an interrupt).
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	_ "embed"

	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/dualtrack/dualtrack/subsidy/packs"
	"github.com/shopspring/decimal"
)

// sampleCSV is the built-in sample: claims under cn-skill-improvement,
// granted, denied and malformed ones.
//
//go:embed sample.csv
var sampleCSV string

// The built-in sample's policy and evaluation date: the end of 2024, the
// year of the pack's caps.
const (
	samplePolicy = "cn-skill-improvement"
	sampleAsOf   = "2024-12-31"
	sampleName   = "sample.csv"
)

// Exit statuses.
const (
	exitOK        = 0 // every row evaluated
	exitMalformed = 1 // some rows malformed; the others evaluated
	exitFailed    = 2 // the run could not be done
)

// defaultProgress is how often progress is shown on a terminal, in rows.
const defaultProgress = 100_000

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	finished := make(chan struct{})
	go func() {
		// The run notices an interrupt between rows; one that comes while
		// it waits for input (a terminal, a pipe) would wait for the next
		// row. Give the run a moment to finish in order, then stop it.
		select {
		case <-finished:
		case <-ctx.Done():
			select {
			case <-finished:
			case <-time.After(interruptGrace):
				fmt.Fprintln(os.Stderr, "subsidycalc: interrupted")
				os.Exit(exitFailed)
			}
		}
	}()
	code := runContext(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	close(finished)
	stop()
	os.Exit(code)
}

// interruptGrace is how long an interrupted run may take to end in order
// (flushing what it has written) before main stops it.
const interruptGrace = 2 * time.Second

// run runs the program with the given arguments (without the program name)
// and streams, and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runContext(context.Background(), args, stdin, stdout, stderr)
}

// config is what the flags say.
type config struct {
	policy    string
	list      bool
	sample    bool
	in        string
	format    string
	out       string
	outFormat string
	rejects   string
	explain   bool
	asOf      dateFlag
	history   string
	workers   int
	progress  int
}

// dateFlag is a flag holding a date, YYYY-MM-DD.
type dateFlag struct{ d subsidy.Date }

func (f *dateFlag) String() string {
	if f == nil || f.d.IsZero() {
		return ""
	}
	return f.d.String()
}

func (f *dateFlag) Set(s string) error {
	d, err := subsidy.ParseDate(s)
	if err != nil {
		return err
	}
	f.d = d
	return nil
}

// usageError is a mistake in the arguments: reported with a hint, exit 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("subsidycalc", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.policy, "policy", "", "built-in policy pack `NAME` (see -list) or policy JSON `FILE`; an existing file wins")
	fs.BoolVar(&cfg.list, "list", false, "list the built-in policy packs and exit")
	fs.BoolVar(&cfg.sample, "sample", false, "read the built-in sample instead of -in (what a run without arguments does)")
	fs.StringVar(&cfg.in, "in", "", "claims `FILE`, .csv, .jsonl or .ndjson (default: standard input)")
	fs.StringVar(&cfg.format, "format", "", "input `format`, csv or jsonl (default: by -in's extension; csv for standard input)")
	fs.StringVar(&cfg.out, "out", "", "results `FILE` (default: standard output)")
	fs.StringVar(&cfg.outFormat, "out-format", "", "output `format`, csv or jsonl (default: by -out's extension, else the input format)")
	fs.StringVar(&cfg.rejects, "rejects", "", "`FILE` for the malformed rows (default: standard error)")
	fs.BoolVar(&cfg.explain, "explain", false, "add each result's explanation: every rule, parameter and rounding")
	fs.Var(&cfg.asOf, "as-of", "evaluation `date`, YYYY-MM-DD; required (default 2024-12-31 with -sample)")
	fs.StringVar(&cfg.history, "history", "", "earlier grants, a ledger as JSON lines `FILE` (see subsidy.ReadLedger), for history rules")
	fs.IntVar(&cfg.workers, "workers", 0, "evaluating goroutines (0: one per CPU)")
	fs.IntVar(&cfg.progress, "progress", 0, "show progress on standard error every `N` rows (0: every 100000 when standard error is a terminal; -1: never)")
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: subsidycalc                                      evaluate the built-in sample
       subsidycalc -list                                list the built-in policy packs
       subsidycalc -policy NAME|FILE -as-of YYYY-MM-DD [-in FILE] [-out FILE] [flags]

`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, usagef("unexpected argument %q: give the claims file with -in", fs.Arg(0))
	}
	if len(args) == 0 {
		cfg.sample = true
	}
	if cfg.list {
		return cfg, nil
	}
	for _, f := range [...]struct{ name, value string }{{"-format", cfg.format}, {"-out-format", cfg.outFormat}} {
		if f.value != "" && f.value != "csv" && f.value != "jsonl" {
			return cfg, usagef("%s %q: want csv or jsonl", f.name, f.value)
		}
	}
	if cfg.sample {
		if cfg.in != "" {
			return cfg, usagef("-sample and -in exclude each other")
		}
		if cfg.policy == "" {
			cfg.policy = samplePolicy
		}
		if cfg.asOf.d.IsZero() {
			cfg.asOf.d = subsidy.MustParseDate(sampleAsOf)
		}
		if cfg.format != "" && cfg.format != "csv" {
			return cfg, usagef("-sample is CSV: -format %s does not apply", cfg.format)
		}
		cfg.format = "csv"
	}
	if cfg.policy == "" {
		return cfg, usagef("-policy is required: a built-in pack (see -list) or a policy JSON file")
	}
	if cfg.asOf.d.IsZero() {
		return cfg, usagef("-as-of is required: the evaluation date, YYYY-MM-DD (results depend on it, and the program does not read the clock)")
	}
	files := map[string]string{"-in": cfg.in, "-out": cfg.out, "-rejects": cfg.rejects, "-history": cfg.history}
	if _, err := os.Stat(cfg.policy); err == nil {
		files["-policy"] = cfg.policy // a policy file (an existing file wins over a pack's name)
	}
	if err := distinctFiles(files); err != nil {
		return cfg, err
	}
	return cfg, nil
}

// distinctFiles refuses two flags naming the same file, such as -out over
// -in, which would truncate the claims before they are read, or -out and
// -rejects, whose writes would overwrite each other: the same existing file
// (however it is named), or the same path to a file not there yet.
func distinctFiles(paths map[string]string) error {
	type named struct {
		flag string
		info os.FileInfo // nil for a file not there yet
		abs  string
	}
	var seen []named
	for _, flag := range slices.Sorted(maps.Keys(paths)) {
		path := paths[flag]
		if path == "" || path == "-" {
			continue
		}
		abs, err := filepath.Abs(path)
		if err != nil {
			abs = filepath.Clean(path)
		}
		st, _ := os.Stat(path)
		for _, o := range seen {
			if (st != nil && o.info != nil && os.SameFile(o.info, st)) || o.abs == abs {
				return usagef("%s and %s name the same file %s", o.flag, flag, path)
			}
		}
		seen = append(seen, named{flag, st, abs})
	}
	return nil
}

// formatOf returns the format a file name's extension implies, or "".
func formatOf(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return "csv"
	case ".jsonl", ".ndjson":
		return "jsonl"
	}
	return ""
}

func runContext(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "subsidycalc: %s\nRun subsidycalc -h for the flags.\n", ue.msg)
		return exitFailed
	}
	if err != nil {
		return exitFailed // the flag package has said what was wrong
	}
	if cfg.list {
		if err := listPacks(stdout); err != nil {
			fmt.Fprintln(stderr, "subsidycalc:", err)
			return exitFailed
		}
		return exitOK
	}
	code, err := calc(ctx, cfg, stdin, stdout, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "subsidycalc:", err)
	}
	return code
}

// listPacks writes a table of the built-in packs. A pack that cannot be
// described is listed with its error instead of a title, and makes listPacks
// return an error after the table: a broken built-in pack is a bug.
func listPacks(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tPOLICY\tJURISDICTION\tCOVERAGE\tCASES\tTITLE")
	var broken []error
	for _, name := range packs.Names() {
		p, err := packs.Describe(name)
		if err != nil {
			broken = append(broken, err)
			fmt.Fprintf(tw, "%s\t-\t-\t-\t-\t(cannot be described: %v)\n", name, err)
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\n", p.Name, p.Policy, p.Jurisdiction, coverage(p), p.Cases, p.Title)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return errors.Join(broken...)
}

// coverage is the span of days a pack's parameters cover.
func coverage(p packs.Pack) string {
	if p.Until.IsZero() {
		return p.From.String() + ".."
	}
	return p.From.String() + ".." + p.Until.String()
}

// loadPolicy reads -policy: a file if one by that name exists, else a pack.
func loadPolicy(name string) (*subsidy.Policy, error) {
	if st, err := os.Stat(name); err == nil && st.Mode().IsRegular() {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		p, err := subsidy.LoadPolicy(data)
		if err != nil {
			return nil, fmt.Errorf("policy file %s: %w", name, err)
		}
		return p, nil
	}
	p, err := packs.Load(name)
	var ue *packs.UnknownPackError
	if errors.As(err, &ue) {
		return nil, unknownPack(name)
	}
	return p, err
}

// unknownPack is the error for a -policy that is neither a file nor a pack:
// it lists the packs.
func unknownPack(name string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "-policy %q: no such file and no such built-in pack; the built-in packs are:", name)
	names := packs.Names()
	width := 0
	for _, n := range names {
		width = max(width, len(n))
	}
	for _, n := range names {
		title := ""
		if p, err := packs.Describe(n); err == nil {
			title = p.Title
		}
		fmt.Fprintf(&b, "\n  %-*s  %s", width, n, title)
	}
	return &usageError{b.String()}
}

// input is where the claims come from.
type input struct {
	rows   rowReader
	name   string // what rejects are reported under: the file, "stdin" or the sample
	format string // "csv" or "jsonl"
	close  func()
}

// openInput opens -in (or the sample, or standard input) and, for CSV,
// reads the header.
func openInput(cfg config, stdin io.Reader) (input, error) {
	in := input{name: "stdin", format: cfg.format, close: func() {}}
	var r io.Reader = stdin
	switch {
	case cfg.sample:
		in.name, r = sampleName, strings.NewReader(sampleCSV)
	case cfg.in != "" && cfg.in != "-":
		if in.format == "" {
			in.format = formatOf(cfg.in)
		}
		if in.format == "" {
			return input{}, usagef("-in %s: cannot tell the format from the extension: name the file .csv, .jsonl or .ndjson, or give -format", cfg.in)
		}
		f, err := os.Open(cfg.in)
		if err != nil {
			return input{}, err
		}
		in.name, r, in.close = cfg.in, f, func() { f.Close() }
	}
	if in.format == "" {
		in.format = "csv"
	}
	if in.format == "jsonl" {
		in.rows = newJSONLReader(r)
		return in, nil
	}
	cr, err := newCSVReader(r)
	if err != nil {
		in.close()
		return input{}, fmt.Errorf("%s: %w", in.name, err)
	}
	in.rows = cr
	return in, nil
}

// createOutput returns the writer for -out (or w) and a function that
// closes the file, reporting the first error.
func createOutput(path string, w io.Writer) (io.Writer, func() error, error) {
	if path == "" || path == "-" {
		return w, func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, err
	}
	return f, f.Close, nil
}

// summary counts the rows of a run.
type summary struct {
	rows, granted, denied, malformed int
	asOf                             subsidy.Date
	awarded                          decimal.Decimal // the awards of the granted claims
	due                              decimal.Decimal // their payments due by asOf, not provisional
	like                             decimal.Decimal // an award, for its decimals
	reasons                          map[string]int  // denied claims by reason code
}

func newSummary(asOf subsidy.Date) summary {
	return summary{asOf: asOf, awarded: decimal.Zero, due: decimal.Zero, reasons: map[string]int{}}
}

func (s *summary) add(r subsidy.Result) {
	s.rows++
	s.like = r.Amount
	if r.Granted {
		s.granted++
		s.awarded = s.awarded.Add(r.Amount)
		for _, pay := range r.Payments {
			if !pay.Provisional && !pay.Date.After(s.asOf) {
				s.due = s.due.Add(pay.Amount)
			}
		}
		return
	}
	s.denied++
	for i, why := range r.Reasons {
		if !slices.ContainsFunc(r.Reasons[:i], func(o subsidy.Reason) bool { return o.Code == why.Code }) {
			s.reasons[why.Code]++
		}
	}
}

func (s *summary) write(w io.Writer, p *subsidy.Policy) {
	fmt.Fprintf(w, "subsidycalc: policy %s (%s), as of %s\n", p.ID(), p.Digest(), s.asOf)
	fmt.Fprintf(w, "subsidycalc: %d rows: %d granted, %d denied, %d malformed; total awarded %s %s; due by %s %s %s\n",
		s.rows, s.granted, s.denied, s.malformed, fixed(s.awarded, s.like), p.Currency(), s.asOf, fixed(s.due, s.like), p.Currency())
	if len(s.reasons) > 0 {
		var parts []string
		for _, code := range slices.Sorted(maps.Keys(s.reasons)) {
			parts = append(parts, fmt.Sprintf("%s %d", code, s.reasons[code]))
		}
		fmt.Fprintf(w, "subsidycalc: denied by reason: %s\n", strings.Join(parts, ", "))
	}
}

// lineQueue carries, from the goroutine that reads the claims to the one
// that receives the results, the line of each claim handed to EvaluateAll
// and the reason if the row was malformed. EvaluateAll yields results in
// input order, so the n-th result belongs to the n-th entry; its window of
// claims in flight bounds the queue.
type lineQueue struct {
	mu    sync.Mutex
	items []queued
	head  int
	err   error // a failure of the input, which ended the claims
}

type queued struct {
	line int
	err  error
}

func (q *lineQueue) push(line int, err error) {
	q.mu.Lock()
	if q.head > 1024 && q.head*2 > len(q.items) {
		n := copy(q.items, q.items[q.head:])
		q.items, q.head = q.items[:n], 0
	}
	q.items = append(q.items, queued{line, err})
	q.mu.Unlock()
}

func (q *lineQueue) pop() queued {
	q.mu.Lock()
	defer q.mu.Unlock()
	it := q.items[q.head]
	q.head++
	return it
}

func (q *lineQueue) fail(err error) {
	q.mu.Lock()
	q.err = err
	q.mu.Unlock()
}

func (q *lineQueue) failure() error {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.err
}

// calc evaluates the claims and returns the exit status, and the error
// that stopped the run if one did.
func calc(ctx context.Context, cfg config, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	p, err := loadPolicy(cfg.policy)
	if err != nil {
		return exitFailed, err
	}
	opts := subsidy.Options{AsOf: cfg.asOf.d, Explain: cfg.explain}
	if cfg.history != "" {
		l, err := readHistory(cfg.history)
		if err != nil {
			return exitFailed, err
		}
		opts.History = l
	}

	in, err := openInput(cfg, stdin)
	if err != nil {
		return exitFailed, err
	}
	defer in.close()

	outFormat := cfg.outFormat
	if outFormat == "" {
		outFormat = formatOf(cfg.out)
	}
	if outFormat == "" {
		outFormat = in.format
	}
	out, closeOut, err := createOutput(cfg.out, stdout)
	if err != nil {
		return exitFailed, err
	}
	var results resultWriter
	if outFormat == "jsonl" {
		results = newJSONLWriter(out)
	} else if results, err = newCSVWriter(out, cfg.explain); err != nil {
		closeOut()
		return exitFailed, err
	}
	// CSV rows and the summary show reason codes only, so the texts
	// need not be written (JSON lines carry them).
	opts.OmitReasonText = outFormat != "jsonl"
	rejectsOut, closeRejects, err := createOutput(cfg.rejects, stderr)
	if err != nil {
		closeOut()
		return exitFailed, err
	}
	rejects := &rejectWriter{w: bufio.NewWriter(rejectsOut), name: in.name}

	every := cfg.progress
	if every == 0 && isTerminal(stderr) {
		every = defaultProgress
	}

	// Every row goes to EvaluateAll, a malformed one as the zero Claim,
	// which Evaluate refuses at once (it has no id). So the n-th pair that
	// comes back is the n-th row, and the queue says which line it was and
	// whether it was malformed: rejects come out in input order, on this
	// goroutine, and the queue never holds more than the batch's window.
	q := &lineQueue{}
	claims := func(yield func(subsidy.Claim) bool) {
		for {
			if ctx.Err() != nil {
				return // interrupted: read no more (reported below)
			}
			r, err := in.rows.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				q.fail(err)
				return
			}
			q.push(r.line, r.err)
			if !yield(r.claim) {
				return
			}
		}
	}

	sum := newSummary(cfg.asOf.d)
	var failed error
	seen := 0
	for ev, err := range p.EvaluateAll(ctx, claims, opts, cfg.workers) {
		var ce *subsidy.CanceledError
		if errors.As(err, &ce) {
			failed = fmt.Errorf("interrupted after %d rows", seen)
			break
		}
		seen++
		it := q.pop()
		switch {
		case it.err != nil:
			sum.rows++
			sum.malformed++
			rejects.add(it.line, it.err)
		case err != nil:
			sum.rows++
			sum.malformed++
			rejects.add(it.line, err)
		default:
			sum.add(ev.Result)
			if werr := results.Write(ev.Result); werr != nil {
				failed = fmt.Errorf("writing results: %w", werr)
			}
		}
		if failed != nil {
			break
		}
		if every > 0 && seen%every == 0 {
			rejects.flush() // the rejects so far before the progress line, when both go to standard error
			fmt.Fprintf(stderr, "subsidycalc: %d rows\n", seen)
		}
	}
	if failed == nil {
		if err := q.failure(); err != nil {
			failed = fmt.Errorf("reading %s: %w", in.name, err)
		}
	}
	// An interrupt the claims' reader saw before EvaluateAll did (with one
	// worker, it ends the claims and so the run, with no error) still
	// means the run was not done.
	if failed == nil && ctx.Err() != nil {
		failed = fmt.Errorf("interrupted after %d rows", seen)
	}
	if err := results.Flush(); err != nil && failed == nil {
		failed = fmt.Errorf("writing results: %w", err)
	}
	if err := closeOut(); err != nil && failed == nil {
		failed = fmt.Errorf("writing results: %w", err)
	}
	if rejects.flush(); rejects.err != nil && failed == nil {
		failed = fmt.Errorf("writing rejects: %w", rejects.err)
	}
	if err := closeRejects(); err != nil && failed == nil {
		failed = fmt.Errorf("writing rejects: %w", err)
	}
	sum.write(stderr, p)
	switch {
	case failed != nil:
		return exitFailed, failed
	case sum.malformed > 0:
		return exitMalformed, nil
	}
	return exitOK, nil
}

// rejectWriter reports malformed rows as NAME:LINE: REASON, one a line,
// and keeps the first write error.
type rejectWriter struct {
	w    *bufio.Writer
	name string
	err  error
}

func (rw *rejectWriter) flush() {
	if rw.err == nil {
		rw.err = rw.w.Flush()
	}
}

func (rw *rejectWriter) add(line int, why error) {
	if rw.err != nil {
		return
	}
	msg := strings.TrimPrefix(why.Error(), "subsidy: ")
	_, rw.err = fmt.Fprintf(rw.w, "%s:%d: %s\n", rw.name, line, msg)
}

func readHistory(path string) (*subsidy.Ledger, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	l, err := subsidy.ReadLedger(f)
	if err != nil {
		return nil, fmt.Errorf("-history %s: %w", path, err)
	}
	return l, nil
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

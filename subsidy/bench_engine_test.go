package subsidy_test

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
)

// The engine benchmarks of issue 5: a million claims of the 2024
// skill-improvement subsidy (popPolicy) by the synthetic population
// (popDefault: 100,000 workers with 200,000 earlier grants in a Ledger),
// evaluated
//
//   - by the engine one by one on one goroutine, with explanations off and
//     on, and off with the reasons' texts omitted (BenchmarkEngine);
//   - by the engine with EvaluateAll on GOMAXPROCS workers, with the texts
//     and without (BenchmarkEngineParallel);
//   - by three hand-written loops doing the same checks and the same
//     arithmetic, with the history in plain Go maps: in shopspring
//     decimals (BenchmarkBaselineShopspring) and in int64 fen
//     (BenchmarkBaselineInt64), counting the reasons of a rejection, and in
//     shopspring decimals writing each reason with its text as the engine
//     does (BenchmarkBaselineReasons);
//
// and the memory of EvaluateAll over 100,000 and 1,000,000 claims
// (BenchmarkEngineMemory). One iteration is the whole million; each
// benchmark reports claims/s, ns/claim, allocs/claim and B/claim, and the
// number of claims granted and the yuan paid, which must be the same in
// every variant (each baseline is also checked against the engine, claim by
// claim, on the first 20,000 claims before it is timed, and on a small
// population by TestBaselinesAgree). Generating the
// claims is part of every variant; BenchmarkPopulation shows what it costs.
//
// Run them with:
//
//	go test -run '^$' -bench 'Engine|Baseline|Population' -benchtime 1x ./subsidy/

// benchClaims is the number of claims per iteration.
const benchClaims = 1_000_000

// benchCheck is the number of claims each baseline is checked on against
// the engine before it is timed.
const benchCheck = 20_000

// benchWorld is what the engine benchmarks share.
type benchWorld struct {
	pop    *population
	ledger *subsidy.Ledger
	policy *subsidy.Policy
}

func newBenchWorld(b testing.TB) *benchWorld {
	return newBenchWorldOf(b, popDefault)
}

func newBenchWorldOf(b testing.TB, c popConfig) *benchWorld {
	b.Helper()
	pop := newPopulation(c)
	return &benchWorld{pop: pop, ledger: pop.ledger(b), policy: popPolicy(b)}
}

// benchOutcome is what a variant computes for one claim, and benchSum the
// sums over a run.
type benchOutcome struct {
	granted bool
	reasons int   // number of reasons of a rejection
	fen     int64 // the award in fen
}

type benchSum struct {
	claims, granted, reasons int
	fen                      int64
}

func (s *benchSum) add(o benchOutcome) {
	s.claims++
	if o.granted {
		s.granted++
	}
	s.reasons += o.reasons
	s.fen += o.fen
}

// benchOutcomeOf reads an engine result. The amounts of a CNY policy have
// two decimals (decimal.New(fen, -2)), so the fen are the coefficient.
func benchOutcomeOf(b testing.TB, r subsidy.Result, err error) benchOutcome {
	if err != nil {
		b.Fatal(err)
	}
	if r.Amount.Exponent() != -2 {
		b.Fatalf("claim %s: amount %s has exponent %d", r.Claim, r.Amount, r.Amount.Exponent())
	}
	return benchOutcome{granted: r.Granted, reasons: len(r.Reasons), fen: r.Amount.CoefficientInt64()}
}

// benchReport reports the per-claim figures of a run of n claims per
// iteration, from the memory statistics taken before and after it, and the
// sums of the last iteration.
func benchReport(b *testing.B, n int, before, after *runtime.MemStats, sum benchSum) {
	benchReportCPU(b, n, before, after, sum, 0, false)
}

// benchReportCPU is benchReport with the CPU time the run took, if known,
// reported as cpu-ns/claim: the whole process's, all threads together, so
// that it counts the work of every worker and of the garbage collector, and
// stays a fair figure when other programs share the machine.
func benchReportCPU(b *testing.B, n int, before, after *runtime.MemStats, sum benchSum, cpu time.Duration, cpuOK bool) {
	claims := float64(b.N) * float64(n)
	if cpuOK {
		b.ReportMetric(float64(cpu.Nanoseconds())/claims, "cpu-ns/claim")
	}
	b.ReportMetric(claims/b.Elapsed().Seconds(), "claims/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/claims, "ns/claim")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/claims, "allocs/claim")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/claims, "B/claim")
	b.ReportMetric(float64(sum.granted), "granted")
	b.ReportMetric(float64(sum.fen)/100, "yuan")
}

// benchRun times run (one iteration over n claims) and reports.
func benchRun(b *testing.B, n int, run func() benchSum) {
	var before, after runtime.MemStats
	var sum benchSum
	runtime.GC()
	runtime.ReadMemStats(&before)
	cpu0, ok0 := cpuTime()
	for b.Loop() {
		sum = run()
	}
	cpu1, ok1 := cpuTime()
	runtime.ReadMemStats(&after)
	if sum.claims != n {
		b.Fatalf("%d claims evaluated, want %d", sum.claims, n)
	}
	benchReportCPU(b, n, &before, &after, sum, cpu1-cpu0, ok0 && ok1)
}

// benchVariants are the options the engine benchmarks run with, by name:
// explanations off and on, and off with the reasons' texts left out.
var benchVariants = []struct {
	name string
	opts subsidy.Options
}{
	{"explain=false", subsidy.Options{}},
	{"explain=true", subsidy.Options{Explain: true}},
	{"explain=false,texts=omitted", subsidy.Options{OmitReasonText: true}},
}

func BenchmarkEngine(b *testing.B) {
	w := newBenchWorld(b)
	for _, v := range benchVariants {
		b.Run(v.name, func(b *testing.B) {
			opts := v.opts
			opts.AsOf, opts.History = popAsOf, w.ledger
			benchRun(b, benchClaims, func() benchSum {
				var sum benchSum
				for c := range w.pop.claims(benchClaims) {
					r, err := w.policy.Evaluate(c, opts)
					sum.add(benchOutcomeOf(b, r, err))
				}
				return sum
			})
		})
	}
}

func BenchmarkEngineParallel(b *testing.B) {
	w := newBenchWorld(b)
	for _, omit := range []bool{false, true} {
		name := fmt.Sprintf("workers=%d", runtime.GOMAXPROCS(0))
		if omit {
			name += ",texts=omitted"
		}
		opts := subsidy.Options{AsOf: popAsOf, History: w.ledger, OmitReasonText: omit}
		b.Run(name, func(b *testing.B) {
			benchRun(b, benchClaims, func() benchSum {
				var sum benchSum
				for e, err := range w.policy.EvaluateAll(context.Background(), w.pop.claims(benchClaims), opts, 0) {
					sum.add(benchOutcomeOf(b, e.Result, err))
				}
				return sum
			})
		})
	}
}

// BenchmarkPopulation only generates the claims: the part of every
// variant's time that is not evaluation.
func BenchmarkPopulation(b *testing.B) {
	w := newBenchWorld(b)
	benchRun(b, benchClaims, func() benchSum {
		var sum benchSum
		for c := range w.pop.claims(benchClaims) {
			sum.add(benchOutcome{granted: c.Level == 0})
		}
		return sum
	})
}

// BenchmarkEngineMemory runs EvaluateAll over batches of 100,000 and
// 1,000,000 claims and samples, every 16,384 results, the live heap (what
// the last garbage collection found in use, runtime/metrics
// "/gc/heap/live:bytes"). It reports the largest sample and its growth over
// the live heap before the batch, which holds the ledger: if memory is flat,
// the growth is the same small amount for both sizes. (The heap in use
// between collections is not a measure of it: with GOGC=100 it grows up to
// twice the live heap whatever the batch.)
func BenchmarkEngineMemory(b *testing.B) {
	w := newBenchWorld(b)
	opts := subsidy.Options{AsOf: popAsOf, History: w.ledger}
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	liveNow := func() uint64 {
		metrics.Read(live)
		return live[0].Value.Uint64()
	}
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("claims=%d", n), func(b *testing.B) {
			var before, after runtime.MemStats
			runtime.GC()
			base := liveNow()
			peak := base
			runtime.ReadMemStats(&before)
			var sum benchSum
			for b.Loop() {
				sum = benchSum{}
				for e, err := range w.policy.EvaluateAll(context.Background(), w.pop.claims(n), opts, 0) {
					sum.add(benchOutcomeOf(b, e.Result, err))
					if sum.claims%16_384 == 0 {
						peak = max(peak, liveNow())
					}
				}
			}
			runtime.ReadMemStats(&after)
			benchReport(b, n, &before, &after, sum)
			b.ReportMetric(float64(peak)/(1<<20), "peak-live-MiB")
			b.ReportMetric(float64(peak-base)/(1<<20), "live-growth-MiB")
		})
	}
}

// The baselines. All three do what the policy's rules do, in the same order
// and with the same outcome for every claim, written out by hand: the
// history is a map from person to standing grants (and one from certificate
// to them), built before timing, and every condition runs, so that a
// rejected claim has all its reasons, as the engine reports them.

// benchGrant is a standing grant as the baselines keep it.
type benchGrant struct {
	scheme, occupation, key string
	level                   certificate.Level
	date                    subsidy.Date
}

// benchHistory is the population's history in plain maps: standing grants
// by person and by certificate.
type benchHistory struct {
	byPerson map[string][]benchGrant
	byCert   map[string][]benchGrant
}

func newBenchHistory(pop *population) *benchHistory {
	h := &benchHistory{byPerson: map[string][]benchGrant{}, byCert: map[string][]benchGrant{}}
	for _, g := range pop.grantList() {
		if g.reversed || g.Date.After(popAsOf) {
			continue
		}
		bg := benchGrant{g.Scheme, g.Occupation, g.Key, g.Level, g.Date}
		h.byPerson[g.Person] = append(h.byPerson[g.Person], bg)
		h.byCert[g.Certificate] = append(h.byCert[g.Certificate], bg)
	}
	return h
}

// benchPersonChecks runs the three history conditions over the person's
// standing grants of the policy's scheme in one pass: how many fall in the
// claim's year (at most 3 a year), whether one has the claim's occupation
// and level (once per level), whether one has its occupation at a higher
// level of the same ladder (higher excludes lower).
func (h *benchHistory) personChecks(c *subsidy.Claim) (inYear int, same, higher bool) {
	year := c.Date.Year()
	for _, g := range h.byPerson[c.Person] {
		if g.scheme != popScheme {
			continue
		}
		if g.date.Year() == year {
			inYear++
		}
		if g.occupation == c.Occupation {
			if g.level == c.Level {
				same = true
			} else if g.level.Ladder() == c.Level.Ladder() && g.level.Rank() > c.Level.Rank() {
				higher = true
			}
		}
	}
	return inYear, same, higher
}

// combined reports whether the claim was paid under the vocational training
// subsidy: by its own account or by the certificate's history.
func (h *benchHistory) combined(c *subsidy.Claim) bool {
	return slices.Contains(c.Other, popOtherScheme) ||
		slices.ContainsFunc(h.byCert[c.Certificate], func(g benchGrant) bool { return g.scheme == popOtherScheme })
}

// benchDecimals are the policy's numbers as shopspring decimals.
type benchDecimals struct {
	from, until       subsidy.Date // the amount table's entry
	minInsured, month decimal.Decimal
	maxClaims         decimal.Decimal
	amounts           map[string]decimal.Decimal
}

func (h *benchHistory) decimalOne(p *benchDecimals, c *subsidy.Claim) benchOutcome {
	reasons := 0
	if c.Date.Before(p.from) || c.Date.After(p.until) {
		reasons++ // not in force
	}
	if decimal.NewFromInt(int64(c.InsuredMonths)).Cmp(p.minInsured) < 0 && !c.UnemploymentBenefit {
		reasons++ // insured months
	}
	if end, err := c.Issued.AddMonths(int(p.month.IntPart()), subsidy.Clamp); err != nil || c.Date.After(end) {
		reasons++ // claim window
	}
	if h.combined(c) {
		reasons++
	}
	inYear, same, higher := h.personChecks(c)
	if decimal.NewFromInt(int64(inYear)).Cmp(p.maxClaims) >= 0 {
		reasons++
	}
	if same {
		reasons++
	}
	if higher {
		reasons++
	}
	if reasons > 0 {
		return benchOutcome{reasons: reasons}
	}
	amount, ok := p.amounts[c.Level.Code()]
	if !ok {
		return benchOutcome{reasons: 1} // no amount
	}
	amount = amount.Round(2) // half away from zero, to the fen
	return benchOutcome{granted: amount.Sign() > 0, fen: amount.Shift(2).IntPart()}
}

// reasonsOne is decimalOne doing the rest of what the engine's result
// holds: each reason of a rejection with its rule, code and text, the texts
// word for word as the engine writes them (the earlier grant a text names is
// the first in (date, key) order), and the award as a decimal.
func (h *benchHistory) reasonsOne(p *benchDecimals, c *subsidy.Claim) ([]subsidy.Reason, decimal.Decimal) {
	var reasons []subsidy.Reason
	var buf [256]byte
	reject := func(rule, code string, text []byte) {
		reasons = append(reasons, subsidy.Reason{Rule: rule, Code: code, Text: string(text)})
	}
	t := buf[:0]
	if c.Date.Before(p.from) || c.Date.After(p.until) {
		t = append(t, "the policy is not in force on "...)
		t = append(t, c.Date.String()...)
		t = append(t, ` (the claim date): parameter "amounts" `...)
		if c.Date.Before(p.from) {
			t = append(append(t, "takes effect on "...), p.from.String()...)
		} else {
			t = append(append(t, "ended on "...), p.until.String()...)
		}
		reject("in-force", "not-in-force", t)
	}
	if have := decimal.NewFromInt(int64(c.InsuredMonths)); have.Cmp(p.minInsured) < 0 && !c.UnemploymentBenefit {
		t = append(buf[:0], "insured "...)
		t = benchCount(t, have.IntPart(), "month", "months")
		t = append(t, ", fewer than the "...)
		t = benchCount(t, p.minInsured.IntPart(), "month", "months")
		t = append(t, " required, and receives no unemployment benefit"...)
		reject("insured", "insured-months", t)
	}
	months := p.month.IntPart()
	if end, err := c.Issued.AddMonths(int(months), subsidy.Clamp); err != nil || c.Date.After(end) {
		t = append(append(buf[:0], "claimed on "...), c.Date.String()...)
		t = append(append(t, ", after "...), end.String()...)
		t = benchCount(append(t, ", the last day of the "...), months, "month", "months")
		t = append(append(t, " from the certificate's issue on "...), c.Issued.String()...)
		reject("window", "claim-window", t)
	}
	if slices.Contains(c.Other, popOtherScheme) {
		t = strconv.AppendQuote(append(buf[:0], "the claim is also paid under "...), popOtherScheme)
		reject("not-combined", "combined", t)
	} else if g, ok := benchFirst(h.byCert[c.Certificate], func(g *benchGrant) bool { return g.scheme == popOtherScheme }); ok {
		t = strconv.AppendQuote(append(buf[:0], "certificate "...), c.Certificate)
		t = strconv.AppendQuote(append(t, " was already paid under "...), g.scheme)
		t = benchGrantRef(t, g)
		reject("not-combined", "combined", t)
	}
	year := c.Date.Year()
	mine := h.byPerson[c.Person]
	inYear := 0
	for i := range mine {
		if mine[i].scheme == popScheme && mine[i].date.Year() == year {
			inYear++
		}
	}
	if n := decimal.NewFromInt(int64(inYear)); n.Cmp(p.maxClaims) >= 0 {
		t = strconv.AppendQuote(append(buf[:0], "person "...), c.Person)
		t = benchCount(append(t, " already has "...), int64(inYear), "grant", "grants")
		t = strconv.AppendQuote(append(t, " of "...), popScheme)
		t = strconv.AppendInt(append(t, " in "...), int64(year), 10)
		t = strconv.AppendInt(append(t, "; at most "...), p.maxClaims.IntPart(), 10)
		reject("three-a-year", "max-claims", append(t, " a year"...))
	}
	sameOcc := func(g *benchGrant) bool { return g.scheme == popScheme && g.occupation == c.Occupation }
	if g, ok := benchFirst(mine, func(g *benchGrant) bool { return sameOcc(g) && g.level == c.Level }); ok {
		reject("once", "already-granted", benchGrantedText(buf[:0], c, "level", g))
	}
	if g, ok := benchFirst(mine, func(g *benchGrant) bool {
		return sameOcc(g) && g.level.Ladder() == c.Level.Ladder() && g.level.Rank() > c.Level.Rank()
	}); ok {
		reject("higher", "higher-level-granted", benchGrantedText(buf[:0], c, "the higher level", g))
	}
	if len(reasons) > 0 {
		return reasons, decimal.New(0, -2)
	}
	amount, ok := p.amounts[c.Level.Code()]
	if !ok {
		t = strconv.AppendQuote(append(buf[:0], "no amount for level "...), c.Level.Code())
		t = append(append(t, ` in "amounts" on `...), c.Date.String()...)
		reject("amount", "no-amount", t)
		return reasons, decimal.New(0, -2)
	}
	return nil, amount.Round(2) // half away from zero, to the fen
}

// benchFirst returns the first of grants in (date, key) order that match
// selects.
func benchFirst(grants []benchGrant, match func(g *benchGrant) bool) (*benchGrant, bool) {
	var first *benchGrant
	for i := range grants {
		g := &grants[i]
		if match(g) && (first == nil || g.date.Before(first.date) || (g.date == first.date && g.key < first.key)) {
			first = g
		}
	}
	return first, first != nil
}

// benchCount appends a count with its noun: "1 month", "12 months".
func benchCount(t []byte, n int64, one, many string) []byte {
	t = append(strconv.AppendInt(t, n, 10), ' ')
	if n == 1 {
		return append(t, one...)
	}
	return append(t, many...)
}

// benchGrantRef appends ` (grant "KEY" of DATE)`.
func benchGrantRef(t []byte, g *benchGrant) []byte {
	t = strconv.AppendQuote(append(t, " (grant "...), g.key)
	return append(append(append(t, " of "...), g.date.String()...), ')')
}

// benchGrantedText is the text of the once-per-level and higher-level
// rejections.
func benchGrantedText(t []byte, c *subsidy.Claim, what string, g *benchGrant) []byte {
	t = strconv.AppendQuote(append(t, "person "...), c.Person)
	t = strconv.AppendQuote(append(t, " was already granted occupation "...), c.Occupation)
	t = append(append(append(append(t, " at "...), what...), ' '), g.level.String()...)
	if zh := g.level.Chinese(); zh != "" {
		t = append(append(append(t, " ("...), zh...), ')')
	}
	t = strconv.AppendQuote(append(t, " under "...), g.scheme)
	return benchGrantRef(t, g)
}

// benchInts are the policy's numbers as integers, amounts in fen.
type benchInts struct {
	from, until                  subsidy.Date
	minInsured, month, maxClaims int
	amounts                      map[string]int64
}

func (h *benchHistory) intOne(p *benchInts, c *subsidy.Claim) benchOutcome {
	reasons := 0
	if c.Date.Before(p.from) || c.Date.After(p.until) {
		reasons++
	}
	if c.InsuredMonths < p.minInsured && !c.UnemploymentBenefit {
		reasons++
	}
	if end, err := c.Issued.AddMonths(p.month, subsidy.Clamp); err != nil || c.Date.After(end) {
		reasons++
	}
	if h.combined(c) {
		reasons++
	}
	inYear, same, higher := h.personChecks(c)
	if inYear >= p.maxClaims {
		reasons++
	}
	if same {
		reasons++
	}
	if higher {
		reasons++
	}
	if reasons > 0 {
		return benchOutcome{reasons: reasons}
	}
	fen, ok := p.amounts[c.Level.Code()]
	if !ok {
		return benchOutcome{reasons: 1}
	}
	return benchOutcome{granted: fen > 0, fen: fen}
}

// benchParams reads the policy's numbers as of 2024 for the baselines.
func benchParams(b testing.TB, p *subsidy.Policy) (*benchDecimals, *benchInts) {
	b.Helper()
	num := func(name string) decimal.Decimal {
		prm, ok := p.Param(name)
		if !ok {
			b.Fatalf("no parameter %s", name)
		}
		e, err := prm.Number.At(popAsOf)
		if err != nil {
			b.Fatal(err)
		}
		return e.Value
	}
	prm, _ := p.Param("amounts")
	tab, err := prm.Table.At(popAsOf)
	if err != nil {
		b.Fatal(err)
	}
	d := &benchDecimals{from: tab.From, until: tab.Until, minInsured: num("min-insured-months"), month: num("claim-window-months"),
		maxClaims: num("max-claims"), amounts: tab.Value}
	n := &benchInts{from: tab.From, until: tab.Until, minInsured: int(d.minInsured.IntPart()), month: int(d.month.IntPart()),
		maxClaims: int(d.maxClaims.IntPart()), amounts: map[string]int64{}}
	for k, v := range tab.Value {
		n.amounts[k] = v.Shift(2).IntPart()
	}
	return d, n
}

// benchAgree checks a baseline against the engine on the first n claims.
func benchAgree(b testing.TB, w *benchWorld, n int, one func(c *subsidy.Claim) benchOutcome) {
	b.Helper()
	opts := subsidy.Options{AsOf: popAsOf, History: w.ledger}
	for c := range w.pop.claims(n) {
		r, err := w.policy.Evaluate(c, opts)
		want := benchOutcomeOf(b, r, err)
		if got := one(&c); got != want {
			b.Fatalf("claim %s: baseline %+v, engine %+v (reasons %v)", c.ID, got, want, r.Reasons)
		}
	}
}

func BenchmarkBaselineShopspring(b *testing.B) {
	w := newBenchWorld(b)
	h := newBenchHistory(w.pop)
	p, _ := benchParams(b, w.policy)
	one := func(c *subsidy.Claim) benchOutcome { return h.decimalOne(p, c) }
	benchAgree(b, w, benchCheck, one)
	benchRun(b, benchClaims, func() benchSum {
		var sum benchSum
		total := decimal.Zero
		for c := range w.pop.claims(benchClaims) {
			o := one(&c)
			total = total.Add(decimal.New(o.fen, -2))
			sum.add(o)
		}
		if total.Shift(2).IntPart() != sum.fen {
			b.Fatalf("decimal total %s, fen %d", total, sum.fen)
		}
		return sum
	})
}

// BenchmarkBaselineReasons is the shopspring loop building the reasons of
// every rejection with their texts, as the engine's results hold them: the
// loop to hold the engine to when both do the same job. It is checked
// against the engine on the first benchCheck claims reason by reason, text
// by text.
func BenchmarkBaselineReasons(b *testing.B) {
	w := newBenchWorld(b)
	h := newBenchHistory(w.pop)
	p, _ := benchParams(b, w.policy)
	benchAgreeReasons(b, w, h, p, benchCheck)
	benchRun(b, benchClaims, func() benchSum {
		var sum benchSum
		total := decimal.Zero
		for c := range w.pop.claims(benchClaims) {
			reasons, amount := h.reasonsOne(p, &c)
			total = total.Add(amount)
			o := benchOutcome{granted: amount.Sign() > 0, reasons: len(reasons), fen: amount.Shift(2).IntPart()}
			sum.add(o)
		}
		if total.Shift(2).IntPart() != sum.fen {
			b.Fatalf("decimal total %s, fen %d", total, sum.fen)
		}
		return sum
	})
}

// benchAgreeReasons checks reasonsOne against the engine on the first n
// claims: the same reasons in the same order, text for text, and the same
// amount.
func benchAgreeReasons(b testing.TB, w *benchWorld, h *benchHistory, p *benchDecimals, n int) {
	b.Helper()
	opts := subsidy.Options{AsOf: popAsOf, History: w.ledger}
	for c := range w.pop.claims(n) {
		r, err := w.policy.Evaluate(c, opts)
		if err != nil {
			b.Fatal(err)
		}
		reasons, amount := h.reasonsOne(p, &c)
		if !slices.Equal(reasons, r.Reasons) || !amount.Equal(r.Amount) {
			b.Fatalf("claim %s: baseline %v %s, engine %v %s", c.ID, reasons, amount, r.Reasons, r.Amount)
		}
	}
}

func BenchmarkBaselineInt64(b *testing.B) {
	w := newBenchWorld(b)
	h := newBenchHistory(w.pop)
	_, p := benchParams(b, w.policy)
	one := func(c *subsidy.Claim) benchOutcome { return h.intOne(p, c) }
	benchAgree(b, w, benchCheck, one)
	benchRun(b, benchClaims, func() benchSum {
		var sum benchSum
		for c := range w.pop.claims(benchClaims) {
			sum.add(one(&c))
		}
		return sum
	})
}

// TestBaselinesAgree checks the three hand-written loops against the engine
// on every claim of a small population, so that the baselines the
// benchmarks time are known to do the engine's job whether or not the
// benchmarks run.
func TestBaselinesAgree(t *testing.T) {
	w := newBenchWorldOf(t, popSmall)
	h := newBenchHistory(w.pop)
	d, n := benchParams(t, w.policy)
	const claims = 20_000
	benchAgree(t, w, claims, func(c *subsidy.Claim) benchOutcome { return h.decimalOne(d, c) })
	benchAgree(t, w, claims, func(c *subsidy.Claim) benchOutcome { return h.intOne(n, c) })
	benchAgreeReasons(t, w, h, d, claims)
	// The small population rejects claims for every reason the loops
	// write a text for, except not-in-force (every claim is dated in
	// 2024, when the table is in force): count them, so that a population
	// that stopped doing so would be noticed.
	codes := map[string]int{}
	for c := range w.pop.claims(claims) {
		reasons, _ := h.reasonsOne(d, &c)
		for _, r := range reasons {
			codes[r.Code]++
		}
	}
	for _, code := range []string{"insured-months", "claim-window", "combined", "max-claims", "already-granted", "higher-level-granted", "no-amount"} {
		if codes[code] == 0 {
			t.Errorf("no claim of the small population is rejected with %s", code)
		}
	}
}

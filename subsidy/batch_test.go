package subsidy_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The batch tests use a policy of their own rule kinds (below), written
// against the public State API only, so that they test the batch machinery
// whatever the built-in kinds do: a condition on insured months, a condition
// on the history, and an amount by level. The numbers are those of the 2024
// skill-improvement subsidy (DOMAIN.md, "Subsidies (China)"): insured ≥ 12
// months or on unemployment benefit; 初级 1000, 中级 1500, 高级 2000 yuan.

// batchInsured rejects a claim with fewer insured months than the number
// parameter Min, unless the person receives unemployment benefit.
type batchInsured struct {
	subsidy.RuleMeta
	Min string `json:"min"`
}

func (batchInsured) Kind() string      { return "batch-insured" }
func (batchInsured) IsCondition() bool { return true }
func (r batchInsured) Check(p *subsidy.Policy) error {
	return p.CheckParam("min", r.Min, false)
}

func (r batchInsured) Apply(s *subsidy.State) error {
	minimum, err := s.Number(r.Min)
	if err != nil {
		return err
	}
	c := s.Claim()
	if decimal.NewFromInt(int64(c.InsuredMonths)).Cmp(minimum) >= 0 || c.UnemploymentBenefit {
		if s.Explaining() {
			s.Note(fmt.Sprintf("insured %d months, at least %s", c.InsuredMonths, minimum))
		}
		return nil
	}
	s.Reject("insured-months", fmt.Sprintf("insured %d months, fewer than %s", c.InsuredMonths, minimum))
	return nil
}

// batchOnce rejects a claim for an occupation and level the person was
// already granted under the policy's scheme.
type batchOnce struct{ subsidy.RuleMeta }

func (batchOnce) Kind() string                { return "batch-once" }
func (batchOnce) IsCondition() bool           { return true }
func (batchOnce) Check(*subsidy.Policy) error { return nil }

func (r batchOnce) Apply(s *subsidy.State) error {
	c := s.Claim()
	if c.Person == "" {
		return s.Missing("person")
	}
	past, err := s.HistoryOf(subsidy.HistoryQuery{Person: c.Person, Scheme: s.Policy().Scheme()})
	if err != nil {
		return err
	}
	for _, e := range past {
		if e.Grant.Occupation == c.Occupation && e.Grant.Level == c.Level {
			s.Reject("already-granted", "already granted as "+e.Grant.Key)
			return nil
		}
	}
	s.Skip("no earlier grant of this occupation and level")
	return nil
}

// batchByLevel adds the amount the table parameter Table holds for the
// claim's level, and rejects a level it has none for.
type batchByLevel struct {
	subsidy.RuleMeta
	Table string `json:"table"`
}

func (batchByLevel) Kind() string { return "batch-by-level" }
func (r batchByLevel) Check(p *subsidy.Policy) error {
	return p.CheckParam("table", r.Table, true)
}

func (r batchByLevel) Apply(s *subsidy.State) error {
	c := s.Claim()
	if c.Level == 0 {
		return s.Missing("level")
	}
	v, ok, err := s.Lookup(r.Table, c.Level.Code())
	if err != nil {
		return err
	}
	if !ok {
		s.Reject("no-amount", "no amount for level "+c.Level.Code())
		return nil
	}
	return s.SetAmount(s.Amount().Add(v))
}

// batchBoom panics on a claim flagged "boom", as a faulty custom rule might.
type batchBoom struct{ subsidy.RuleMeta }

var errBoom = errors.New("boom")

func (batchBoom) Kind() string                { return "batch-boom" }
func (batchBoom) IsCondition() bool           { return true }
func (batchBoom) Check(*subsidy.Policy) error { return nil }
func (batchBoom) Apply(s *subsidy.State) error {
	if s.Claim().HasFlag("boom") {
		panic(errBoom)
	}
	return nil
}

// batchCite is the citation of the batch tests' parameters.
var batchCite = subsidy.Citation{Title: "skill-improvement subsidy 2024 (DOMAIN.md, Subsidies (China))"}

// batchAmounts is the 2024 table: 初级 1000, 中级 1500, 高级 2000 yuan
// (DOMAIN.md), keyed by the level codes of the national and the 1+X ladders;
// the 中级 amount is mid.
func batchAmounts(mid int64) map[string]decimal.Decimal {
	return map[string]decimal.Decimal{
		"national-5": decimal.New(1000, 0), "national-4": decimal.New(mid, 0), "national-3": decimal.New(2000, 0),
		"1x-junior": decimal.New(1000, 0), "1x-intermediate": decimal.New(mid, 0), "1x-senior": decimal.New(2000, 0),
	}
}

// batchTable is the amounts parameter with the 中级 amount mid, in force for
// 2024.
func batchTable(t testing.TB, mid int64) subsidy.Param {
	t.Helper()
	tab, err := subsidy.NewSeries("amounts", []subsidy.Entry[map[string]decimal.Decimal]{{
		From: subsidy.MustParseDate("2024-01-01"), Until: subsidy.MustParseDate("2024-12-31"),
		Value: batchAmounts(mid), Citation: batchCite,
	}})
	require.NoError(t, err)
	return subsidy.Param{Name: "amounts", Unit: "CNY", Table: tab}
}

// batchPolicy returns the batch tests' policy in currency, with rules
// extra appended.
func batchPolicy(t testing.TB, currency string, extra ...subsidy.Rule) *subsidy.Policy {
	t.Helper()
	insured, err := subsidy.NewSeries("min-insured", []subsidy.Entry[decimal.Decimal]{{
		From: subsidy.MustParseDate("2019-01-01"), Value: decimal.New(12, 0), Citation: batchCite,
	}})
	require.NoError(t, err)
	r, err := subsidy.NewRounding(decimal.New(1, -2), subsidy.HalfUp)
	require.NoError(t, err)
	p, err := subsidy.NewPolicy(subsidy.Definition{
		Name: "batch-test", Version: "2024", Currency: currency, Scheme: popScheme, Rounding: r,
		Params: []subsidy.Param{{Name: "min-insured", Unit: "months", Number: insured}, batchTable(t, 1500)},
		Rules: append([]subsidy.Rule{
			batchInsured{RuleMeta: subsidy.RuleMeta{ID: "insured"}, Min: "min-insured"},
			batchOnce{RuleMeta: subsidy.RuleMeta{ID: "once"}},
			batchByLevel{RuleMeta: subsidy.RuleMeta{ID: "amount"}, Table: "amounts"},
		}, extra...),
	})
	require.NoError(t, err)
	return p
}

// batchPair is one pair of a batch.
type batchPair struct {
	E   subsidy.Evaluation
	Err error
}

// batchCorrupt spoils about one claim in 40 of claims, in two ways: an
// invalid field (Validate fails) or a missing level (a rule needs it).
func batchCorrupt(claims iter.Seq[subsidy.Claim], seed uint64) iter.Seq[subsidy.Claim] {
	return func(yield func(subsidy.Claim) bool) {
		rng := rand.New(rand.NewPCG(seed, 3))
		for c := range claims {
			switch rng.IntN(80) {
			case 0:
				c.InsuredMonths = -1
			case 1:
				c.Level = 0
			}
			if !yield(c) {
				return
			}
		}
	}
}

// batchOneByOne evaluates claims one by one: the reference.
func batchOneByOne(p *subsidy.Policy, claims iter.Seq[subsidy.Claim], opts subsidy.Options) []batchPair {
	var out []batchPair
	for c := range claims {
		r, err := p.Evaluate(c, opts)
		out = append(out, batchPair{subsidy.Evaluation{Claim: c, Result: r}, err})
	}
	return out
}

func TestEvaluateAllMatchesEvaluate(t *testing.T) {
	// 5,000 claims are more than the 16 chunks of 256 claims that 7
	// workers keep in flight ((2·7 + 2)·256 = 4,096), so the chunks are
	// recycled during each run.
	const n = 5_000
	for _, seed := range []uint64{1, 2} {
		cfg := popSmall
		cfg.seed = seed
		pop := newPopulation(cfg)
		hist := pop.ledger(t)
		policies := []struct {
			name string
			pol  *subsidy.Policy
		}{{"custom", batchPolicy(t, "CNY")}, {"cn-2024", popPolicy(t)}}
		for _, pp := range policies {
			name, pol := pp.name, pp.pol
			for _, explain := range []bool{false, true} {
				opts := subsidy.Options{AsOf: popAsOf, History: hist, Explain: explain}
				claims := batchCorrupt(pop.claims(n), seed)
				want := batchOneByOne(pol, claims, opts)
				var granted, rejected, failed int
				for _, w := range want {
					switch {
					case w.Err != nil:
						failed++
					case w.E.Result.Granted:
						granted++
					case len(w.E.Result.Reasons) > 0:
						rejected++
					}
				}
				// The mix must exercise every path, or the comparison
				// proves little.
				require.Positive(t, granted)
				require.Positive(t, rejected)
				require.Positive(t, failed)
				for _, workers := range []int{1, 2, 7} {
					t.Run(fmt.Sprintf("seed=%d/%s/explain=%v/workers=%d", seed, name, explain, workers), func(t *testing.T) {
						i := 0
						for e, err := range pol.EvaluateAll(context.Background(), claims, opts, workers) {
							require.Less(t, i, n, "more pairs than claims")
							require.Equal(t, want[i], batchPair{e, err}, "claim %d", i)
							if explain && err == nil {
								require.NotNil(t, e.Result.Explanation)
							}
							i++
						}
						require.Equal(t, n, i)
					})
				}
			}
		}
	}
}

func TestEvaluateAllErrorsInPlace(t *testing.T) {
	p := batchPolicy(t, "CNY", batchBoom{RuleMeta: subsidy.RuleMeta{ID: "boom"}})
	day := subsidy.MustParseDate("2024-05-01")
	good := func(id string) subsidy.Claim {
		return subsidy.Claim{ID: id, Date: day, Person: "P1", Occupation: "6-10-01-01",
			Level: certificate.NationalGrade4, InsuredMonths: 24}
	}
	claims := []subsidy.Claim{good("a"), good("b"), good("c"), good("d"), good("e")}
	claims[1].ID = ""                                    // invalid in itself
	claims[2].Level = 0                                  // lacks what the amount rule needs
	claims[3].Flags = []string{"boom"}                   // makes a rule panic
	claims[4].Date = subsidy.MustParseDate("2025-01-01") // the amounts are not in force
	opts := subsidy.Options{AsOf: subsidy.MustParseDate("2025-06-30")}
	for _, workers := range []int{1, 2, 4} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			var got []batchPair
			for e, err := range p.EvaluateAll(context.Background(), slices.Values(claims), opts, workers) {
				got = append(got, batchPair{e, err})
			}
			require.Len(t, got, len(claims))

			require.NoError(t, got[0].Err)
			assert.Equal(t, "a", got[0].E.Result.Claim)
			assert.Equal(t, "1500.00", got[0].E.Result.Amount.StringFixed(2)) // 中级 (national-4)

			var ce *subsidy.ClaimError
			require.ErrorAs(t, got[1].Err, &ce)
			assert.Equal(t, "id", ce.Field)
			assert.Equal(t, claims[1], got[1].E.Claim, "the claim comes back with its error")

			require.ErrorAs(t, got[2].Err, &ce)
			assert.Equal(t, "level", ce.Field)
			assert.Equal(t, "c", ce.ID)

			var pe *subsidy.PanicError
			require.ErrorAs(t, got[3].Err, &pe)
			assert.Equal(t, "d", pe.Claim)
			assert.ErrorIs(t, got[3].Err, errBoom)
			assert.Contains(t, string(pe.Stack), "batchBoom")
			assert.Equal(t, `subsidy: claim "d": panic: boom`, pe.Error())
			assert.Equal(t, subsidy.Result{}, got[3].E.Result)

			var nc *subsidy.ParamNotCoveredError
			require.ErrorAs(t, got[4].Err, &nc)
			assert.Equal(t, "e", nc.Claim)
			assert.ErrorIs(t, got[4].Err, subsidy.ErrNotCovered)
		})
	}
}

// batchCancelAfter yields the claims and cancels the context just before
// yielding claim number k, counting in *pulled the claims it was asked for.
func batchCancelAfter(claims iter.Seq[subsidy.Claim], k int, cancel func(), pulled *int) iter.Seq[subsidy.Claim] {
	return func(yield func(subsidy.Claim) bool) {
		for c := range claims {
			if *pulled == k {
				cancel()
			}
			*pulled++
			if !yield(c) {
				return
			}
		}
	}
}

func TestEvaluateAllCancel(t *testing.T) {
	pop := newPopulation(popSmall)
	hist := pop.ledger(t)
	p := batchPolicy(t, "CNY")
	opts := subsidy.Options{AsOf: popAsOf, History: hist}
	const n, k = 5_000, 1_000
	want := batchOneByOne(p, pop.claims(n), opts)

	t.Run("before the start", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		var got []batchPair
		for e, err := range p.EvaluateAll(ctx, pop.claims(n), opts, 2) {
			got = append(got, batchPair{e, err})
		}
		require.Len(t, got, 1)
		var ce *subsidy.CanceledError
		require.ErrorAs(t, got[0].Err, &ce)
		assert.Equal(t, 0, ce.Index)
		assert.ErrorIs(t, got[0].Err, context.Canceled)
		assert.Equal(t, "subsidy: batch stopped after 0 claims: context canceled", ce.Error())
	})
	for _, workers := range []int{1, 2, 7} {
		t.Run(fmt.Sprintf("mid-stream/workers=%d", workers), func(t *testing.T) {
			cause := errors.New("operator pressed stop")
			ctx, cancel := context.WithCancelCause(context.Background())
			defer cancel(nil)
			pulled := 0
			claims := batchCancelAfter(pop.claims(n), k, func() { cancel(cause) }, &pulled)
			var got []batchPair
			for e, err := range p.EvaluateAll(ctx, claims, opts, workers) {
				got = append(got, batchPair{e, err})
			}
			require.NotEmpty(t, got)
			last := got[len(got)-1]
			var ce *subsidy.CanceledError
			require.ErrorAs(t, last.Err, &ce)
			assert.ErrorIs(t, last.Err, cause)
			assert.Equal(t, subsidy.Evaluation{}, last.E)
			// Index counts the pairs before the last; they are the
			// sequential results, and the cancellation came before claim
			// k was read, so there are at most k of them.
			require.Equal(t, len(got)-1, ce.Index)
			require.LessOrEqual(t, ce.Index, k)
			require.Equal(t, want[:ce.Index], got[:ce.Index])
			// Reading stopped at the claim during which the context was
			// canceled: claims 0 … k, k+1 of them.
			assert.Equal(t, k+1, pulled)
			if workers == 1 {
				// One by one, every claim before k is yielded.
				assert.Equal(t, k, ce.Index)
			}
		})
	}
}

func TestEvaluateAllStopsEarly(t *testing.T) {
	pop := newPopulation(popSmall)
	p := batchPolicy(t, "CNY")
	before := runtime.NumGoroutine()
	n := 0
	for _, err := range p.EvaluateAll(context.Background(), pop.claims(100_000), subsidy.Options{AsOf: popAsOf}, 4) {
		require.NoError(t, err)
		if n++; n == 10 {
			break
		}
	}
	// The workers have returned by the time the range ends. (Polled
	// without require.Eventually, whose own goroutine would be counted.)
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	require.LessOrEqual(t, runtime.NumGoroutine(), before)
}

// batchKnown are nine claims whose totals are worked out by hand in
// TestTotals. P-hist was granted 6-10-01-01 at national-5 before.
func batchKnown() (claims []subsidy.Claim, hist *subsidy.Ledger) {
	day := subsidy.MustParseDate("2024-05-01")
	mk := func(id, org, person string, lv certificate.Level, insured int) subsidy.Claim {
		return subsidy.Claim{ID: id, Date: day, Person: person, Organisation: org,
			Occupation: "6-10-01-01", Level: lv, InsuredMonths: insured}
	}
	claims = []subsidy.Claim{
		mk("c1", "org-a", "P1", certificate.NationalGrade4, 24),     // granted 1500
		mk("c2", "org-a", "P2", certificate.XSenior, 12),            // 12 ≥ 12: granted 2000
		mk("c3", "org-b", "P3", certificate.NationalGrade5, 30),     // granted 1000
		mk("c4", "org-b", "P4", certificate.NationalGrade4, 5),      // 5 < 12: insured-months
		mk("c5", "org-b", "P5", certificate.NationalGrade2, 40),     // 技师: no-amount
		mk("c6", "org-c", "P6", certificate.NationalGrade4, -1),     // bad input
		mk("c7", "org-a", "P7", certificate.NationalGrade3, 24),     // granted 2000, category "shortage"
		mk("c8", "org-c", "P-hist", certificate.NationalGrade5, 20), // already-granted
		mk("c9", "org-c", "P-hist", certificate.NationalGrade5, 3),  // insured-months and already-granted
	}
	claims[6].Category = "shortage"
	hist = subsidy.NewLedger()
	if _, _, err := hist.Record(subsidy.Grant{Key: "g1", Policy: "batch-test@2024", Scheme: popScheme, Person: "P-hist",
		Occupation: "6-10-01-01", Level: certificate.NationalGrade5, Date: subsidy.MustParseDate("2024-02-01"),
		Amount: decimal.New(1000, 0), Currency: "CNY"}); err != nil {
		panic(err)
	}
	return claims, hist
}

func TestTotals(t *testing.T) {
	p := batchPolicy(t, "CNY")
	claims, hist := batchKnown()
	opts := subsidy.Options{AsOf: subsidy.MustParseDate("2024-12-31"), History: hist}
	var pairs []batchPair
	for e, err := range p.EvaluateAll(context.Background(), slices.Values(claims), opts, 2) {
		pairs = append(pairs, batchPair{e, err})
	}
	require.Len(t, pairs, 9)
	totals := func(order []batchPair) *subsidy.Totals {
		var tt subsidy.Totals
		for _, pr := range order {
			require.NoError(t, tt.Add(pr.E.Claim, pr.E.Result, pr.Err))
		}
		return &tt
	}
	tt := totals(pairs)
	d := func(v int64) decimal.Decimal { return decimal.New(v, 0) }
	eq := func(t *testing.T, want, got []subsidy.Tally) {
		t.Helper()
		require.Len(t, got, len(want))
		for i := range want {
			assert.Equal(t, want[i].Key, got[i].Key)
			assert.Equal(t, [4]int{want[i].Claims, want[i].Granted, want[i].Rejected, want[i].Errors},
				[4]int{got[i].Claims, got[i].Granted, got[i].Rejected, got[i].Errors}, "key %q", want[i].Key)
			assert.True(t, want[i].Amount.Equal(got[i].Amount), "key %q: amount %s, want %s", want[i].Key, got[i].Amount, want[i].Amount)
		}
	}
	assert.Equal(t, "CNY", tt.Currency())
	// Granted c1 1500 + c2 2000 + c3 1000 + c7 2000 = 6500; rejected c4,
	// c5, c8, c9; c6 is bad input.
	eq(t, []subsidy.Tally{{Key: "", Claims: 9, Granted: 4, Rejected: 4, Errors: 1, Amount: d(6500)}}, []subsidy.Tally{tt.Total()})
	eq(t, []subsidy.Tally{
		{Key: "org-a", Claims: 3, Granted: 3, Amount: d(5500)},              // c1 1500 + c2 2000 + c7 2000
		{Key: "org-b", Claims: 3, Granted: 1, Rejected: 2, Amount: d(1000)}, // c3; c4, c5
		{Key: "org-c", Claims: 3, Rejected: 2, Errors: 1, Amount: d(0)},     // c8, c9; c6
	}, tt.ByOrganisation())
	eq(t, []subsidy.Tally{
		{Key: "1x-senior", Claims: 1, Granted: 1, Amount: d(2000)},                          // c2
		{Key: "national-2", Claims: 1, Rejected: 1, Amount: d(0)},                           // c5
		{Key: "national-4", Claims: 3, Granted: 1, Rejected: 1, Errors: 1, Amount: d(1500)}, // c1; c4; c6
		{Key: "national-5", Claims: 3, Granted: 1, Rejected: 2, Amount: d(1000)},            // c3; c8, c9
		{Key: "shortage", Claims: 1, Granted: 1, Amount: d(2000)},                           // c7: its Category, not its level
	}, tt.ByCategory())
	eq(t, []subsidy.Tally{
		{Key: "amount", Claims: 5, Granted: 4, Rejected: 1, Amount: d(6500)}, // paid c1, c2, c3, c7; rejected c5
		{Key: "insured", Claims: 2, Rejected: 2, Amount: d(0)},               // c4, c9
		{Key: "once", Claims: 2, Rejected: 2, Amount: d(0)},                  // c8, c9
	}, tt.ByRule())
	eq(t, []subsidy.Tally{
		{Key: "already-granted", Claims: 2, Rejected: 2, Amount: d(0)},
		{Key: "insured-months", Claims: 2, Rejected: 2, Amount: d(0)},
		{Key: "no-amount", Claims: 1, Rejected: 1, Amount: d(0)},
	}, tt.ByReason())

	// The same results in any order give the same bytes.
	want, err := json.Marshal(tt)
	require.NoError(t, err)
	assert.Contains(t, string(want), `"total":{"key":"","claims":9,"granted":4,"rejected":4,"errors":1,"amount":"6500.00"}`) // the yuan with its fen
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20 {
		shuffled := slices.Clone(pairs)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		got, err := json.Marshal(totals(shuffled))
		require.NoError(t, err)
		require.JSONEq(t, string(want), string(got))
		require.Equal(t, string(want), string(got))
	}
}

func TestTotalsRefuses(t *testing.T) {
	cny := subsidy.Result{Claim: "a", Currency: "CNY", Amount: decimal.New(150000, -2), Granted: true,
		Contributions: []subsidy.Contribution{{Rule: "amount", Amount: decimal.New(150000, -2)}}}
	tests := []struct {
		name string
		r    subsidy.Result
		want error
		text string
	}{
		{"another currency", subsidy.Result{Claim: "b", Currency: "EUR", Amount: decimal.New(10, 0)}, subsidy.ErrMixedCurrencies,
			`subsidy: totals: claim "b": currency "EUR" differs from "CNY" of the results before: mixed currencies`},
		{"no currency", subsidy.Result{Claim: "c"}, subsidy.ErrInvalidArgument, `claim "c": the result has no currency`},
		{"below the fen", subsidy.Result{Claim: "d", Currency: "CNY", Amount: decimal.New(1, -3)}, subsidy.ErrNotMultiple, `claim "d": amount 0.001`},
		{"contribution below the fen", subsidy.Result{Claim: "e", Currency: "CNY", Amount: decimal.New(1, 0),
			Contributions: []subsidy.Contribution{{Rule: "x", Amount: decimal.New(10001, -4)}}}, subsidy.ErrNotMultiple, `contribution of rule "x"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var tt subsidy.Totals
			require.NoError(t, tt.Add(subsidy.Claim{ID: "a"}, cny, nil))
			before, err := json.Marshal(&tt)
			require.NoError(t, err)
			err = tt.Add(subsidy.Claim{ID: tc.r.Claim}, tc.r, nil)
			require.ErrorIs(t, err, tc.want)
			require.ErrorContains(t, err, tc.text)
			after, err := json.Marshal(&tt)
			require.NoError(t, err)
			require.Equal(t, string(before), string(after), "a refused result changes nothing")
		})
	}
	t.Run("canceled is not a claim", func(t *testing.T) {
		var tt subsidy.Totals
		require.NoError(t, tt.Add(subsidy.Claim{}, subsidy.Result{}, &subsidy.CanceledError{Index: 3, Err: context.Canceled}))
		require.Equal(t, 0, tt.Total().Claims)
		require.NoError(t, tt.Add(subsidy.Claim{ID: "x"}, subsidy.Result{}, errors.New("bad input")))
		require.Equal(t, subsidy.Tally{Claims: 1, Errors: 1, Amount: decimal.New(0, 0)}, tt.Total())
	})
	t.Run("beyond int64 fen", func(t *testing.T) {
		// 90,000,000,000,000,000.00 yuan is 9·10^18 fen, just below
		// 2^63 − 1 ≈ 9.22·10^18; twice that is not, and must still add up
		// exactly: 2 × 9·10^16 = 1.8·10^17 yuan.
		big := subsidy.Result{Claim: "big", Currency: "CNY", Amount: decimal.New(9, 16), Granted: true}
		var tt subsidy.Totals
		for range 2 {
			require.NoError(t, tt.Add(subsidy.Claim{ID: "big"}, big, nil))
		}
		require.Equal(t, "180000000000000000.00", tt.Total().Amount.StringFixed(2))
		require.Equal(t, 2, tt.Total().Granted)
	})
}

func TestTotalsProperties(t *testing.T) {
	// On a random population, whatever the mix: each grouping covers every
	// claim once, and the amounts by organisation, by category and by rule
	// each add up to the total.
	for _, seed := range []uint64{11, 12, 13} {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			cfg := popSmall
			cfg.seed = seed
			pop := newPopulation(cfg)
			p := batchPolicy(t, "CNY")
			opts := subsidy.Options{AsOf: popAsOf, History: pop.ledger(t)}
			var tt subsidy.Totals
			var sum decimal.Decimal
			n := 0
			for e, err := range p.EvaluateAll(context.Background(), batchCorrupt(pop.claims(3_000), seed), opts, 3) {
				require.NoError(t, tt.Add(e.Claim, e.Result, err))
				sum = sum.Add(e.Result.Amount)
				n++
			}
			total := tt.Total()
			require.Equal(t, n, total.Claims)
			require.True(t, sum.Equal(total.Amount), "total %s, want %s", total.Amount, sum)
			for name, groups := range map[string][]subsidy.Tally{"organisation": tt.ByOrganisation(), "category": tt.ByCategory()} {
				var claims, granted, rejected, errs int
				var amount decimal.Decimal
				for _, g := range groups {
					claims, granted, rejected, errs = claims+g.Claims, granted+g.Granted, rejected+g.Rejected, errs+g.Errors
					amount = amount.Add(g.Amount)
				}
				assert.Equal(t, [4]int{total.Claims, total.Granted, total.Rejected, total.Errors}, [4]int{claims, granted, rejected, errs}, name)
				assert.True(t, amount.Equal(total.Amount), name)
			}
			var byRule decimal.Decimal
			for _, g := range tt.ByRule() {
				byRule = byRule.Add(g.Amount)
			}
			assert.True(t, byRule.Equal(total.Amount), "by rule %s, total %s", byRule, total.Amount)
			reasons := 0
			for _, g := range tt.ByReason() {
				reasons += g.Rejected
			}
			assert.GreaterOrEqual(t, reasons, total.Rejected, "every rejected claim has at least one reason")
		})
	}
}

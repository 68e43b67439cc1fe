package subsidy_test

// Hardening tests (issue 9): the same inputs give byte-identical outputs
// (results as JSON and text, explanations, the ledger's export, totals)
// across runs and GOMAXPROCS settings, and a batch gives exactly what
// evaluating its claims one by one gives.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/stretchr/testify/require"
)

// hardRun is everything one run of the determinism test produces, as
// digests of the bytes.
type hardRun struct {
	Ledger  string // the ledger's WriteTo
	Results string // every result's JSON, or its error, in order
	Text    string // every result's WriteText
	Totals  string // Totals.MarshalJSON per policy
}

// hardDigest returns the SHA-256 of b in hex.
func hardDigest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// hardOneRun builds everything from scratch: the policies from JSON, a
// ledger of 400 grants recorded by 8 goroutines in an order the scheduler
// chooses, and the results of 400 claims under each policy, with
// explanations, by EvaluateAll on GOMAXPROCS workers.
func hardOneRun(t *testing.T) hardRun {
	t.Helper()
	grants, reversed := hardGrants(t, 11, 400)
	l := subsidy.NewLedger()
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < len(grants); i += 8 {
				g := grants[i]
				if _, _, err := l.Record(g); err != nil {
					t.Error(err)
					return
				}
				if reversed[g.Key] {
					on, _ := g.Date.AddDays(30)
					if _, _, err := l.Reverse(g.Key, on, "clawed back"); err != nil {
						t.Error(err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	var export bytes.Buffer
	_, err := l.WriteTo(&export)
	require.NoError(t, err)

	claims := hardClaims(t, 12, 400)
	var results, text, totals bytes.Buffer
	for _, p := range hardPolicies(t) {
		var tot subsidy.Totals
		opts := subsidy.Options{AsOf: hardAsOf, History: l, Explain: true}
		for e, err := range p.EvaluateAll(context.Background(), slices.Values(claims), opts, 0) {
			o := hardOutcomeOf(t, e.Result, err)
			fmt.Fprintf(&results, "%s|%s\n", o.JSON, o.Err)
			text.WriteString(o.Text)
			require.NoError(t, tot.Add(e.Claim, e.Result, err))
		}
		b, err := tot.MarshalJSON()
		require.NoError(t, err)
		totals.Write(b)
	}
	return hardRun{
		Ledger:  hardDigest(export.Bytes()),
		Results: hardDigest(results.Bytes()),
		Text:    hardDigest(text.Bytes()),
		Totals:  hardDigest(totals.Bytes()),
	}
}

// TestHardeningDeterminismAcrossProcs runs the whole pipeline twice under
// each of GOMAXPROCS 1, 2 and 8 and requires the same bytes every time.
func TestHardeningDeterminismAcrossProcs(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var first *hardRun
	for _, procs := range []int{1, 2, 8} {
		runtime.GOMAXPROCS(procs)
		for run := range 2 {
			got := hardOneRun(t)
			if first == nil {
				first = &got
				continue
			}
			require.Equal(t, *first, got, "GOMAXPROCS=%d, run %d", procs, run)
		}
	}
}

// TestHardeningLedgerExportOrderFree: the ledger's export depends only on
// what it holds. The same grants recorded in 20 random orders give the same
// bytes, and reading them back and writing again gives them too.
func TestHardeningLedgerExportOrderFree(t *testing.T) {
	grants, reversed := hardGrants(t, 5, 500)
	var want []byte
	for seed := range uint64(20) {
		order := slices.Clone(grants)
		rng := rand.New(rand.NewPCG(seed, 1))
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		l := hardLedger(t, order, reversed)
		var b bytes.Buffer
		_, err := l.WriteTo(&b)
		require.NoError(t, err)
		if want == nil {
			want = b.Bytes()
			continue
		}
		require.Equal(t, string(want), b.String(), "order %d", seed)
	}
	back, err := subsidy.ReadLedger(bytes.NewReader(want))
	require.NoError(t, err)
	var again bytes.Buffer
	_, err = back.WriteTo(&again)
	require.NoError(t, err)
	require.Equal(t, string(want), again.String())
}

// TestHardeningEvaluateAllProperty: for random batches (random claims, a
// random number of them, a random number of workers from -1 to 64, with or
// without explanations, under each fixture policy and a random GOMAXPROCS),
// EvaluateAll yields exactly the results and errors of Evaluate one by
// one, in order, byte for byte.
func TestHardeningEvaluateAllProperty(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	policies := hardPolicies(t)
	grants, reversed := hardGrants(t, 21, 300)
	l := hardLedger(t, grants, reversed)
	rng := rand.New(rand.NewPCG(2024, 12))
	var granted, rejected, failed int // over all trials: the mix must cover every path
	for trial := range 16 {
		seed := rng.Uint64()
		n := rng.IntN(800)
		if trial%8 == 0 {
			n = 0 // an empty stream
		}
		workers := []int{-1, 0, 1, 2, 3, 5, 8, 16, 64}[rng.IntN(9)]
		procs := []int{1, 2, 8}[rng.IntN(3)]
		explain := rng.IntN(2) == 0
		p := policies[rng.IntN(len(policies))]
		t.Run(fmt.Sprintf("%d/%s/n=%d/workers=%d/procs=%d/explain=%v", trial, p.Name(), n, workers, procs, explain), func(t *testing.T) {
			runtime.GOMAXPROCS(procs)
			claims := hardClaims(t, seed, n)
			opts := subsidy.Options{AsOf: hardAsOf, History: l, Explain: explain}
			want := make([]hardOutcome, n)
			for i, c := range claims {
				r, err := p.Evaluate(c, opts)
				want[i] = hardOutcomeOf(t, r, err)
				switch {
				case err != nil:
					failed++
				case r.Granted:
					granted++
				case len(r.Reasons) > 0:
					rejected++
				}
			}
			i := 0
			for e, err := range p.EvaluateAll(context.Background(), slices.Values(claims), opts, workers) {
				require.Less(t, i, n, "more pairs than claims")
				require.Equal(t, claims[i].ID, e.Claim.ID, "pair %d is another claim", i)
				require.Equal(t, want[i], hardOutcomeOf(t, e.Result, err), "claim %d", i)
				i++
			}
			require.Equal(t, n, i)
		})
	}
	require.Positive(t, granted)
	require.Positive(t, rejected)
	require.Positive(t, failed)
}

// TestHardeningTotalsOrderFree: Totals over the same results added in
// another order (as a batch on several workers might deliver them to a
// consumer that aggregates out of order) marshal to the same bytes.
func TestHardeningTotalsOrderFree(t *testing.T) {
	policies := hardPolicies(t)
	grants, reversed := hardGrants(t, 3, 200)
	l := hardLedger(t, grants, reversed)
	claims := hardClaims(t, 4, 800)
	for _, p := range policies {
		type pair struct {
			c   subsidy.Claim
			r   subsidy.Result
			err error
		}
		pairs := make([]pair, len(claims))
		for i, c := range claims {
			r, err := p.Evaluate(c, subsidy.Options{AsOf: hardAsOf, History: l})
			pairs[i] = pair{c, r, err}
		}
		var want []byte
		for seed := range uint64(5) {
			rng := rand.New(rand.NewPCG(seed, 9))
			rng.Shuffle(len(pairs), func(i, j int) { pairs[i], pairs[j] = pairs[j], pairs[i] })
			var tot subsidy.Totals
			for _, pr := range pairs {
				require.NoError(t, tot.Add(pr.c, pr.r, pr.err))
			}
			b, err := json.Marshal(&tot)
			require.NoError(t, err)
			if want == nil {
				want = b
				continue
			}
			require.Equal(t, string(want), string(b), "%s, order %d", p.Name(), seed)
		}
	}
}

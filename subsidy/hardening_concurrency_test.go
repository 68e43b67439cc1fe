package subsidy_test

// Hardening tests (issue 9): the ledger and budgets hammered from 64
// goroutines × 500 operations each. Run with -race.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

const (
	hardWorkers = 64
	hardOps     = 500
)

// hardKeyGrant is the grant of idempotency key k in one of two versions:
// keys divisible by 5 come in two versions (1000 or 1500 yuan), as when two
// clerks decide the same claim differently; the others in one (1000).
func hardKeyGrant(k, version int) subsidy.Grant {
	g := subsidy.Grant{
		Key:      fmt.Sprintf("k-%04d", k),
		Policy:   "hd-skill-improvement@2024",
		Scheme:   "skill-improvement",
		Person:   fmt.Sprintf("P%02d", k%50),
		Date:     subsidy.MustParseDate("2024-03-01"),
		Amount:   decimal.New(1000, 0),
		Currency: "CNY",
	}
	if k%5 == 0 && version == 1 {
		g.Amount = decimal.New(1500, 0)
	}
	return g
}

// TestHardeningLedgerHammer: 64 goroutines × 500 operations on one ledger,
// over 2,000 keys. An operation records a key (60%), records it again right
// away (a retried submission, 10%), reverses it (10%), or reads: Get,
// History and Totals (20%). Afterwards:
//
//   - every key is stored once, and exactly one Record of it returned true:
//     no idempotency key was paid twice;
//   - a Record of the stored version never failed, and one of the other
//     version always failed with ErrKeyConflict;
//   - the ledger's total is the sum of the grants whose Record returned
//     true, and its total without reversed grants that sum less the grants
//     whose reversal returned true (each reversed once);
//   - the export reads back to a ledger that exports the same bytes.
func TestHardeningLedgerHammer(t *testing.T) {
	const keys = 2000
	l := subsidy.NewLedger()
	var (
		fresh     [keys]atomic.Int32
		freshVer  [keys]atomic.Int32 // version + 1 of the fresh Record
		revFresh  [keys]atomic.Int32
		conflicts atomic.Int64
		wg        sync.WaitGroup
		errMu     sync.Mutex
		errs      []error
	)
	fail := func(err error) {
		errMu.Lock()
		errs = append(errs, err)
		errMu.Unlock()
	}
	record := func(k, version int) {
		g := hardKeyGrant(k, version)
		stored, ok, err := l.Record(g)
		switch {
		case err == nil && ok:
			fresh[k].Add(1)
			freshVer[k].Store(int32(version + 1))
		case err == nil:
			// A replay: the stored grant is the one presented.
			if !stored.Amount.Equal(g.Amount) {
				fail(fmt.Errorf("key %d: a replay of %s returned %s", k, g.Amount, stored.Amount))
			}
		case errors.Is(err, subsidy.ErrKeyConflict):
			conflicts.Add(1)
			if k%5 != 0 {
				fail(fmt.Errorf("key %d has one version but conflicted: %w", k, err))
			}
		default:
			fail(fmt.Errorf("record key %d: %w", k, err))
		}
	}
	for w := range hardWorkers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 4242))
			version := w % 2
			for range hardOps {
				k := rng.IntN(keys)
				switch op := rng.IntN(10); {
				case op < 6:
					record(k, version)
				case op == 6:
					record(k, version)
					record(k, version)
				case op == 7:
					key := hardKeyGrant(k, 0).Key
					_, ok, err := l.Reverse(key, subsidy.MustParseDate("2024-06-01"), "clawed back")
					switch {
					case err == nil && ok:
						revFresh[k].Add(1)
					case err == nil, errors.Is(err, subsidy.ErrUnknownKey):
					default:
						fail(fmt.Errorf("reverse key %d: %w", k, err))
					}
				default:
					key := hardKeyGrant(k, 0)
					if e, ok := l.Get(key.Key); ok && e.Grant.Key != key.Key {
						fail(fmt.Errorf("get %s returned %s", key.Key, e.Grant.Key))
					}
					if _, err := l.History(subsidy.HistoryQuery{Person: key.Person}); err != nil {
						fail(err)
					}
					tot, err := l.Totals(subsidy.HistoryQuery{Currency: "CNY"})
					if err != nil {
						fail(err)
					} else if tot.Count > keys {
						fail(fmt.Errorf("%d grants for %d keys", tot.Count, keys))
					}
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		t.Error(err)
	}

	paid, kept := decimal.Zero, decimal.Zero
	stored, reversedCount := 0, 0
	for k := range keys {
		switch fresh[k].Load() {
		case 0:
			_, ok := l.Get(hardKeyGrant(k, 0).Key)
			require.False(t, ok, "key %d is stored but no Record returned true", k)
			continue
		case 1:
		default:
			t.Fatalf("key %d was paid %d times", k, fresh[k].Load())
		}
		stored++
		e, ok := l.Get(hardKeyGrant(k, 0).Key)
		require.True(t, ok)
		want := hardKeyGrant(k, int(freshVer[k].Load())-1)
		require.True(t, e.Grant.Amount.Equal(want.Amount), "key %d: stored %s, the fresh Record was for %s", k, e.Grant.Amount, want.Amount)
		paid = paid.Add(e.Grant.Amount)
		require.LessOrEqual(t, revFresh[k].Load(), int32(1), "key %d reversed twice", k)
		require.Equal(t, revFresh[k].Load() == 1, e.Reversed(), "key %d: reversal recorded and reported differ", k)
		if e.Reversed() {
			reversedCount++
		} else {
			kept = kept.Add(e.Grant.Amount)
		}
	}
	require.Equal(t, stored, l.Len())
	require.Positive(t, conflicts.Load(), "the two versions must have met")
	require.Positive(t, reversedCount)

	tot, err := l.Totals(subsidy.HistoryQuery{Currency: "CNY"})
	require.NoError(t, err)
	require.Equal(t, stored, tot.Count)
	require.True(t, tot.Amount.Equal(paid), "ledger total %s, paid %s", tot.Amount, paid)
	tot, err = l.Totals(subsidy.HistoryQuery{Currency: "CNY", ExcludeReversed: true})
	require.NoError(t, err)
	require.Equal(t, stored-reversedCount, tot.Count)
	require.True(t, tot.Amount.Equal(kept), "standing total %s, want %s", tot.Amount, kept)

	var export bytes.Buffer
	_, err = l.WriteTo(&export)
	require.NoError(t, err)
	back, err := subsidy.ReadLedger(bytes.NewReader(export.Bytes()))
	require.NoError(t, err)
	var again bytes.Buffer
	_, err = back.WriteTo(&again)
	require.NoError(t, err)
	require.Equal(t, export.String(), again.String())
}

// hardBudgetAmount is the amount requested under key k: 10,000.00 to
// 59,999.99 yuan, a function of k so that every goroutine presenting k asks
// for the same.
func hardBudgetAmount(k int) decimal.Decimal {
	return decimal.New(1_000_000+int64(k*7919%5_000_000), -2)
}

// TestHardeningBudgetHammer: 64 goroutines × 500 operations on the West
// Coast fund of 49,000,000 yuan (DOMAIN.md). An operation reserves a shared
// key first come, first served (70%; keys of even number all or nothing,
// odd ones partial, so a key always comes with one mode), releases a key
// (10%) or settles a round of five keys of its own pro rata (20%). The
// requests ask for far more than the fund: 70% of 32,000 operations draw
// from 6,000 keys, which hits about 6,000 × (1 − e^(−22,400/6,000)) ≈ 5,860
// of them, at 35,000 yuan on average about 205,000,000 yuan, four times the
// fund, before the 6,400 rounds of Settle. Throughout and afterwards:
//
//   - Reserved never exceeds Total, whenever it is read, and Remaining is
//     never negative;
//   - every key is decided once: all goroutines presenting it get the same
//     decision, and it appears once in Reservations;
//   - a reservation cut or refused first come, first served asked for more
//     than was available; a partial one got exactly what was available;
//   - a round of Settle takes exactly what was available when it asks for
//     more, every request in full otherwise, and no share exceeds its
//     request;
//   - at the end Reserved is the sum of the grants of the reservations not
//     released.
func TestHardeningBudgetHammer(t *testing.T) {
	total := decimal.New(49_000_000, 0)
	fen := decimal.New(1, -2)
	b, err := subsidy.NewBudget("West Coast", total, fen)
	require.NoError(t, err)
	const keys = 6000
	var (
		decided sync.Map // key → first Reservation seen
		wg      sync.WaitGroup
		errMu   sync.Mutex
		errs    []error
		rounds  atomic.Int64
	)
	fail := func(err error) {
		errMu.Lock()
		errs = append(errs, err)
		errMu.Unlock()
	}
	check := func() {
		if b.Reserved().Cmp(b.Total()) > 0 {
			fail(fmt.Errorf("overspent: reserved %s of %s", b.Reserved(), b.Total()))
		}
		if b.Remaining().Sign() < 0 {
			fail(fmt.Errorf("remaining %s", b.Remaining()))
		}
	}
	same := func(r subsidy.Reservation) {
		if first, loaded := decided.LoadOrStore(r.Key(), r); loaded {
			f := first.(subsidy.Reservation)
			if f.Key() != r.Key() || !f.Granted().Equal(r.Granted()) || !f.Requested().Equal(r.Requested()) || !f.Available().Equal(r.Available()) {
				fail(fmt.Errorf("key %s decided twice: %s, then %s", r.Key(), f, r))
			}
		}
	}
	for w := range hardWorkers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 49))
			for i := range hardOps {
				switch op := rng.IntN(10); {
				case op < 7:
					k := rng.IntN(keys)
					mode := subsidy.AllOrNothing
					if k%2 == 1 {
						mode = subsidy.Partial
					}
					r, err := b.Reserve(fmt.Sprintf("fcfs-%d", k), hardBudgetAmount(k), mode)
					if err != nil {
						fail(err)
						continue
					}
					same(r)
					switch {
					case r.Complete():
					case r.Requested().Cmp(r.Available()) <= 0:
						fail(fmt.Errorf("%s: a shortfall with enough funds", r))
					case mode == subsidy.Partial && !r.Granted().Equal(r.Available()):
						fail(fmt.Errorf("%s: partial, but not what was available", r))
					case mode == subsidy.AllOrNothing && !r.Refused():
						fail(fmt.Errorf("%s: all or nothing, but cut", r))
					}
				case op == 7:
					k := rng.IntN(keys)
					_, err := b.Release(fmt.Sprintf("fcfs-%d", k))
					if err != nil && !errors.Is(err, subsidy.ErrUnknownReservation) {
						fail(err)
					}
				default:
					rounds.Add(1)
					reqs := make([]subsidy.Request, 5)
					asked := decimal.Zero
					for j := range reqs {
						amount := hardBudgetAmount(rng.IntN(keys))
						reqs[j] = subsidy.Request{Key: fmt.Sprintf("round-%d-%d-%d", w, i, j), Amount: amount}
						asked = asked.Add(amount)
					}
					rs, err := b.Settle(reqs)
					if err != nil {
						fail(err)
						continue
					}
					got := decimal.Zero
					for j, r := range rs {
						same(r)
						if r.Granted().Cmp(reqs[j].Amount) > 0 {
							fail(fmt.Errorf("%s: more than requested", r))
						}
						got = got.Add(r.Granted())
					}
					avail := rs[0].Available()
					want := asked
					if asked.Cmp(avail) > 0 {
						want = avail
					}
					if !got.Equal(want) {
						fail(fmt.Errorf("a round asking %s with %s available took %s", asked, avail, got))
					}
				}
				check()
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		t.Error(err)
	}

	log := b.Reservations()
	seen := map[string]bool{}
	standing := decimal.Zero
	refusedOrCut := 0
	for _, r := range log {
		require.False(t, seen[r.Key()], "key %s appears twice", r.Key())
		seen[r.Key()] = true
		if !r.Released() {
			standing = standing.Add(r.Granted())
		}
		if !r.Complete() {
			refusedOrCut++
		}
	}
	require.True(t, standing.Equal(b.Reserved()), "reserved %s, standing grants %s", b.Reserved(), standing)
	require.LessOrEqual(t, b.Reserved().Cmp(total), 0)
	require.Positive(t, refusedOrCut, "the requests were meant to exhaust the fund")
	require.Positive(t, rounds.Load())
}

// TestEvaluateWhileRecording evaluates claims of the small population from
// several goroutines, one by one and in batches, while another records,
// for each claim in turn, a grant of its person, occupation and level. The
// claims are of different persons and the grants dated in 2023, so that a
// grant bears on its own claim only (not on the three-a-year count of
// 2024). Each result must be the claim's result before its grant or after
// it, never a mix; the evaluations read the ledger under read locks of
// their own (see ledgerLock), which the race detector checks against
// Record.
func TestEvaluateWhileRecording(t *testing.T) {
	pop := newPopulation(popSmall)
	ledger := pop.ledger(t)
	pol := popPolicy(t)
	opts := subsidy.Options{AsOf: popAsOf, History: ledger}
	var claims []subsidy.Claim
	persons := map[string]bool{}
	for c := range pop.claims(400) {
		if !persons[c.Person] {
			persons[c.Person] = true
			claims = append(claims, c)
		}
	}
	grantOf := func(i int) subsidy.Grant {
		c := claims[i]
		return subsidy.Grant{Key: "while-" + c.ID, Policy: "cn-skill-improvement@2024", Scheme: popScheme,
			Person: c.Person, Occupation: c.Occupation, Level: c.Level, Date: subsidy.MustParseDate("2023-06-01"),
			Amount: decimal.New(1000, 0), Currency: "CNY"}
	}
	// What each claim gets before and after its grant, evaluated alone on
	// a copy of the ledger with the grants recorded in the same order.
	before := make([]subsidy.Result, len(claims))
	after := make([]subsidy.Result, len(claims))
	shadow := pop.ledger(t)
	shadowOpts := subsidy.Options{AsOf: popAsOf, History: shadow}
	changed := 0
	for i := range claims {
		var err error
		if before[i], err = pol.Evaluate(claims[i], shadowOpts); err != nil {
			t.Fatal(err)
		}
		if _, _, err := shadow.Record(grantOf(i)); err != nil {
			t.Fatal(err)
		}
		if after[i], err = pol.Evaluate(claims[i], shadowOpts); err != nil {
			t.Fatal(err)
		}
		if before[i].Granted != after[i].Granted {
			changed++
		}
	}
	// The grants must turn some claims down, or the test proves little.
	require.Positive(t, changed)
	check := func(i int, r subsidy.Result) error {
		for _, w := range []subsidy.Result{before[i], after[i]} {
			if r.Granted == w.Granted && r.Amount.Equal(w.Amount) && fmt.Sprint(r.Reasons) == fmt.Sprint(w.Reasons) {
				return nil
			}
		}
		return fmt.Errorf("claim %s: %v %s %q is neither the result before its grant nor after", claims[i].ID, r.Granted, r.Amount, r.Reasons)
	}
	var recorded atomic.Int32 // claims whose grant is recorded
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	started := make(chan struct{}) // closed when a reader has a result
	var once sync.Once
	wg.Go(func() {
		<-started
		for i := range claims {
			if _, _, err := ledger.Record(grantOf(i)); err != nil {
				errs <- err
				return
			}
			recorded.Add(1)
		}
	})
	for w := range 6 {
		wg.Go(func() {
			for round := 0; recorded.Load() < int32(len(claims)) || round < 2; round++ {
				if w%2 == 0 {
					for i, c := range claims {
						r, err := pol.Evaluate(c, opts)
						if err == nil {
							err = check(i, r)
						}
						once.Do(func() { close(started) })
						if err != nil {
							errs <- err
							return
						}
					}
					continue
				}
				i := 0
				for e, err := range pol.EvaluateAll(context.Background(), slices.Values(claims), opts, 3) {
					if err == nil {
						err = check(i, e.Result)
					}
					if err != nil {
						errs <- err
						return
					}
					i++
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// Once every grant is recorded, each claim gets its result after.
	for i, c := range claims {
		r, err := pol.Evaluate(c, opts)
		require.NoError(t, err)
		require.Equal(t, after[i].Granted, r.Granted, "claim %s", c.ID)
		require.Equal(t, fmt.Sprint(after[i].Reasons), fmt.Sprint(r.Reasons), "claim %s", c.ID)
	}
}

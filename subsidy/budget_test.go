package subsidy_test

import (
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dec parses a decimal written in a test table.
func budgetDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

var budgetFen = decimal.New(1, -2)

// budgetWestCoast is the 49 million yuan of training subsidies paid to
// self-evaluating enterprises in the West Coast New Area (DOMAIN.md, "West
// Coast figures from the seed").
var budgetWestCoast = budgetDec("49000000.00")

func budgetNew(t testing.TB, total string) *subsidy.Budget {
	t.Helper()
	b, err := subsidy.NewBudget("test", budgetDec(total), budgetFen)
	require.NoError(t, err)
	return b
}

// assertDec compares decimals by value and shows both on failure.
func budgetAssertDec(t *testing.T, want string, got decimal.Decimal, msg string) {
	t.Helper()
	assert.Truef(t, budgetDec(want).Equal(got), "%s: got %s, want %s", msg, got, want)
}

func TestNewBudget(t *testing.T) {
	b, err := subsidy.NewBudget("West Coast self-evaluation subsidies", budgetWestCoast, budgetFen)
	require.NoError(t, err)
	assert.Equal(t, "West Coast self-evaluation subsidies", b.Name())
	assert.Equal(t, "49000000.00", b.Total().StringFixed(2))
	budgetAssertDec(t, "0.01", b.Quantum(), "quantum")
	budgetAssertDec(t, "0", b.Reserved(), "reserved")
	budgetAssertDec(t, "49000000", b.Remaining(), "remaining")
	assert.Empty(t, b.Reservations())

	// A total of zero is a budget that refuses everything.
	z, err := subsidy.NewBudget("empty", decimal.Zero, budgetFen)
	require.NoError(t, err)
	r, err := z.Reserve("a", budgetDec("0.01"), subsidy.Partial)
	require.NoError(t, err)
	assert.True(t, r.Refused())
}

func TestNewBudgetErrors(t *testing.T) {
	cases := []struct {
		name           string
		budget         string
		total, quantum decimal.Decimal
		want           error
		arg, value     string
	}{
		{"no name", "", budgetWestCoast, budgetFen, subsidy.ErrInvalidArgument, "name", `""`},
		{"zero quantum", "b", budgetWestCoast, decimal.Zero, subsidy.ErrInvalidArgument, "quantum", "0"},
		{"negative quantum", "b", budgetWestCoast, budgetDec("-0.01"), subsidy.ErrInvalidArgument, "quantum", "-0.01"},
		// 10^-19 has 19 decimals, one more than the bound of 18.
		{"quantum too fine", "b", budgetWestCoast, decimal.New(1, -19), subsidy.ErrInvalidArgument, "quantum", "0.0000000000000000001"},
		{"negative total", "b", budgetDec("-1.00"), budgetFen, subsidy.ErrInvalidArgument, "total", "-1.00"},
		// Half a fen is not a multiple of the fen.
		{"total finer than quantum", "b", budgetDec("0.005"), budgetFen, subsidy.ErrNotMultiple, "total", "0.005"},
		// 1.05 is 21 units of 0.05, 1.07 is not a whole number of them.
		{"total not a multiple of 0.05", "b", budgetDec("1.07"), budgetDec("0.05"), subsidy.ErrNotMultiple, "total", "1.07"},
		// 10^17 yuan is 10^19 budgetFen, beyond 2^63-1 ≈ 9.22·10^18.
		{"total too large", "b", decimal.New(1, 17), budgetFen, subsidy.ErrOverflow, "total", "100000000000000000"},
		{"hostile exponent", "b", decimal.New(1, -999999999), budgetFen, subsidy.ErrNotMultiple, "total", "1e-999999999"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := subsidy.NewBudget(c.budget, c.total, c.quantum)
			require.Error(t, err)
			assert.Nil(t, b)
			assert.ErrorIs(t, err, c.want)
			var be *subsidy.BudgetError
			require.ErrorAs(t, err, &be)
			assert.Equal(t, "NewBudget", be.Op)
			assert.Equal(t, c.arg, be.Arg)
			assert.Equal(t, c.value, be.Value)
			assert.Contains(t, err.Error(), c.arg+" = "+c.value)
		})
	}
}

// step is one call of a first-come-first-served table.
type budgetStep struct {
	key, amount string
	mode        subsidy.FCFSMode
	granted     string
	refused     bool
	complete    bool
	remaining   string // after the step
}

func TestReserveFCFS(t *testing.T) {
	const (
		aon     = subsidy.AllOrNothing
		partial = subsidy.Partial
	)
	cases := []struct {
		name  string
		total string
		steps []budgetStep
	}{
		{"exact fit", "100.00", []budgetStep{
			{"a", "100.00", aon, "100.00", false, true, "0"},
		}},
		{"exact fit in two", "100.00", []budgetStep{
			// 60 + 40 = 100
			{"a", "60.00", aon, "60.00", false, true, "40.00"},
			{"b", "40.00", aon, "40.00", false, true, "0"},
		}},
		{"one fen over, all or nothing", "100.00", []budgetStep{
			{"a", "100.01", aon, "0", true, false, "100.00"},
		}},
		{"one fen over, partial", "100.00", []budgetStep{
			// 100.01 − 0.01 = 100.00 granted, cut by one fen.
			{"a", "100.01", partial, "100.00", false, false, "0"},
		}},
		{"partial cut then refusal", "100.00", []budgetStep{
			{"a", "60.00", partial, "60.00", false, true, "40.00"},
			// 50 asked, 100 − 60 = 40 left: cut to 40.
			{"b", "50.00", partial, "40.00", false, false, "0"},
			// Nothing left: a partial request gets nothing.
			{"c", "0.01", partial, "0", true, false, "0"},
		}},
		{"refusal leaves room for a smaller request", "100.00", []budgetStep{
			{"a", "60.00", aon, "60.00", false, true, "40.00"},
			{"b", "50.00", aon, "0", true, false, "40.00"},
			// The later, smaller request fits: first come is not first served
			// if it does not fit.
			{"c", "39.99", aon, "39.99", false, true, "0.01"},
			{"d", "0.01", aon, "0.01", false, true, "0"},
		}},
		{"zero amount", "0", []budgetStep{
			{"a", "0", aon, "0", false, true, "0"},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := budgetNew(t, c.total)
			for i, s := range c.steps {
				msg := fmt.Sprintf("step %d (%s %s %s)", i, s.key, s.amount, s.mode)
				before := b.Remaining()
				r, err := b.Reserve(s.key, budgetDec(s.amount), s.mode)
				require.NoError(t, err, msg)
				assert.Equal(t, s.key, r.Key(), msg)
				budgetAssertDec(t, s.amount, r.Requested(), msg+" requested")
				budgetAssertDec(t, s.granted, r.Granted(), msg+" granted")
				budgetAssertDec(t, before.String(), r.Available(), msg+" available")
				assert.Equal(t, s.refused, r.Refused(), msg+" refused")
				assert.Equal(t, s.complete, r.Complete(), msg+" complete")
				budgetAssertDec(t, s.remaining, b.Remaining(), msg+" remaining")
				// Reserved + Remaining = Total, always.
				assert.True(t, b.Reserved().Add(b.Remaining()).Equal(b.Total()), msg)
			}
			got := b.Reservations()
			require.Len(t, got, len(c.steps))
			for i, s := range c.steps {
				assert.Equal(t, s.key, got[i].Key(), "order of arrival")
			}
		})
	}
}

func TestReserveIdempotent(t *testing.T) {
	b := budgetNew(t, "100.00")
	first, err := b.Reserve("claim-1", budgetDec("70.00"), subsidy.AllOrNothing)
	require.NoError(t, err)

	// The same key and amount, written differently: the same reservation,
	// and nothing more reserved.
	for _, amount := range []string{"70.00", "70", "70.0000"} {
		again, err := b.Reserve("claim-1", budgetDec(amount), subsidy.AllOrNothing)
		require.NoError(t, err, amount)
		assert.Equal(t, first, again, amount)
	}
	budgetAssertDec(t, "70.00", b.Reserved(), "reserved once")
	assert.Len(t, b.Reservations(), 1)

	conflicts := []struct {
		name   string
		amount string
		mode   subsidy.FCFSMode
	}{
		{"different amount", "70.01", subsidy.AllOrNothing},
		{"different mode", "70.00", subsidy.Partial},
	}
	for _, c := range conflicts {
		t.Run(c.name, func(t *testing.T) {
			r, err := b.Reserve("claim-1", budgetDec(c.amount), c.mode)
			require.ErrorIs(t, err, subsidy.ErrReservationConflict)
			assert.Contains(t, err.Error(), `"claim-1"`)
			assert.Contains(t, err.Error(), "70.00")
			assert.Equal(t, first, r, "the decision that stands is returned with the error")
			budgetAssertDec(t, "70.00", b.Reserved(), "nothing more reserved")
		})
	}

	// A refusal is final for its key, even once funds are released.
	refused, err := b.Reserve("claim-2", budgetDec("50.00"), subsidy.AllOrNothing)
	require.NoError(t, err)
	require.True(t, refused.Refused())
	_, err = b.Release("claim-1")
	require.NoError(t, err)
	again, err := b.Reserve("claim-2", budgetDec("50.00"), subsidy.AllOrNothing)
	require.NoError(t, err)
	assert.Equal(t, refused, again)
	budgetAssertDec(t, "0", b.Reserved(), "claim-2 not reserved on retry")
}

func TestReserveErrors(t *testing.T) {
	b := budgetNew(t, "100.00")
	cases := []struct {
		name   string
		key    string
		amount decimal.Decimal
		mode   subsidy.FCFSMode
		want   error
		arg    string
		value  string
	}{
		{"empty key", "", budgetDec("1"), subsidy.Partial, subsidy.ErrInvalidArgument, "key", `""`},
		{"unset mode", "k", budgetDec("1"), 0, subsidy.ErrInvalidArgument, "mode", "FCFSMode(0)"},
		{"negative amount", "k", budgetDec("-1.00"), subsidy.Partial, subsidy.ErrInvalidArgument, "amount", "-1.00"},
		{"half a fen", "k", budgetDec("12.345"), subsidy.Partial, subsidy.ErrNotMultiple, "amount", "12.345"},
		// 10^18 yuan is 10^20 budgetFen, beyond 2^63-1.
		{"too large", "k", decimal.New(1, 18), subsidy.Partial, subsidy.ErrOverflow, "amount", "1000000000000000000"},
		{"hostile exponent", "k", decimal.New(7, 2000000000), subsidy.Partial, subsidy.ErrOverflow, "amount", "7e2000000000"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := b.Reserve(c.key, c.amount, c.mode)
			require.ErrorIs(t, err, c.want)
			assert.Equal(t, subsidy.Reservation{}, r)
			var be *subsidy.BudgetError
			require.ErrorAs(t, err, &be)
			assert.Equal(t, c.arg, be.Arg)
			assert.Equal(t, c.value, be.Value)
			assert.Contains(t, err.Error(), `Reserve on budget "test": `+c.arg+" = "+c.value)
		})
	}
	assert.Empty(t, b.Reservations(), "no error records anything")

	var zero subsidy.Budget
	_, err := zero.Reserve("k", budgetDec("1"), subsidy.Partial)
	require.ErrorIs(t, err, subsidy.ErrInvalidArgument)
	_, err = zero.Release("k")
	require.ErrorIs(t, err, subsidy.ErrInvalidArgument)
	_, err = zero.Settle(nil)
	require.ErrorIs(t, err, subsidy.ErrInvalidArgument)
}

func TestRelease(t *testing.T) {
	b := budgetNew(t, "100.00")
	_, err := b.Reserve("a", budgetDec("60.00"), subsidy.AllOrNothing)
	require.NoError(t, err)
	_, err = b.Reserve("b", budgetDec("50.00"), subsidy.Partial) // cut to 40
	require.NoError(t, err)

	r, err := b.Release("a")
	require.NoError(t, err)
	assert.True(t, r.Released())
	budgetAssertDec(t, "60.00", r.Granted(), "Granted still shows what was granted")
	// 100 − 40 = 60 back on offer.
	budgetAssertDec(t, "60.00", b.Remaining(), "remaining after release")

	again, err := b.Release("a")
	require.NoError(t, err, "releasing twice is not an error")
	assert.Equal(t, r, again)
	budgetAssertDec(t, "60.00", b.Remaining(), "released once only")

	_, err = b.Release("nobody")
	require.ErrorIs(t, err, subsidy.ErrUnknownReservation)
	assert.Contains(t, err.Error(), `key = "nobody"`)

	// The released key stays bound; the freed funds go to a new key.
	same, err := b.Reserve("a", budgetDec("60.00"), subsidy.AllOrNothing)
	require.NoError(t, err)
	assert.True(t, same.Released())
	c, err := b.Reserve("c", budgetDec("60.00"), subsidy.AllOrNothing)
	require.NoError(t, err)
	assert.True(t, c.Complete())
	budgetAssertDec(t, "0", b.Remaining(), "remaining")

	got := b.Reservations()
	require.Len(t, got, 3)
	assert.Equal(t, []bool{true, false, false}, []bool{got[0].Released(), got[1].Released(), got[2].Released()})
	lookup, ok := b.Reservation("b")
	require.True(t, ok)
	budgetAssertDec(t, "40.00", lookup.Granted(), "lookup")
	_, ok = b.Reservation("nobody")
	assert.False(t, ok)
}

func TestReservationString(t *testing.T) {
	b := budgetNew(t, "100.00")
	full, _ := b.Reserve("c-1", budgetDec("20"), subsidy.AllOrNothing)
	cut, _ := b.Reserve("c-2", budgetDec("120"), subsidy.Partial)         // 100 − 20 = 80 left
	refused, _ := b.Reserve("c-3", budgetDec("50"), subsidy.AllOrNothing) // 0 left
	released, _ := b.Release("c-1")
	cases := []struct {
		r    subsidy.Reservation
		want string
	}{
		{full, `"c-1": requested 20.00, granted 20.00 (in full, all-or-nothing)`},
		{cut, `"c-2": requested 120.00, granted 80.00 (cut: 80.00 remaining, partial)`},
		{refused, `"c-3": requested 50.00, granted 0.00 (refused: 0.00 remaining, all-or-nothing)`},
		{released, `"c-1": requested 20.00, granted 20.00 (in full, all-or-nothing, released)`},
		{subsidy.Reservation{}, "no reservation"},
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) { assert.Equal(t, c.want, c.r.String()) })
	}
	assert.Equal(t, "all-or-nothing", subsidy.AllOrNothing.String())
	assert.Equal(t, "partial", subsidy.Partial.String())
	assert.Equal(t, "FCFSMode(9)", subsidy.FCFSMode(9).String())
}

// raceAmount is the amount every goroutine asks for under key k: a
// pseudo-random whole number of fen in [0.01, 40,000.00], the same for the
// same key wherever it is asked.
func budgetRaceAmount(k int) decimal.Decimal {
	r := rand.New(rand.NewPCG(uint64(k), 0x5eed))
	return decimal.New(1+r.Int64N(4_000_000), -2)
}

// TestBudgetRace: 32 goroutines reserve against the West Coast budget of
// 49,000,000.00 at once, drawing keys from a shared pool so that the same
// key arrives from several goroutines. Run with -race.
//
// 32 × 250 = 8,000 draws from 4,000 keys hit about 4000·(1 − e⁻²) ≈ 3,459
// distinct keys, which at a mean of about 20,000 yuan ask for about
// 69,000,000, more than the 49,000,000: the budget runs out during the test.
func TestBudgetRace(t *testing.T) {
	const (
		workers  = 32
		perWork  = 250
		keyspace = 4000
	)
	for _, mode := range []subsidy.FCFSMode{subsidy.Partial, subsidy.AllOrNothing} {
		t.Run(mode.String(), func(t *testing.T) {
			b, err := subsidy.NewBudget("West Coast", budgetWestCoast, budgetFen)
			require.NoError(t, err)
			seen := make([][]subsidy.Reservation, workers)
			var wg sync.WaitGroup
			for w := range workers {
				wg.Go(func() {
					r := rand.New(rand.NewPCG(2024, uint64(w)))
					for range perWork {
						k := r.IntN(keyspace)
						res, err := b.Reserve(fmt.Sprintf("claim-%d", k), budgetRaceAmount(k), mode)
						if err != nil {
							t.Error(err)
							return
						}
						seen[w] = append(seen[w], res)
						// Reserved never exceeds Total, whenever it is read.
						if b.Reserved().Cmp(b.Total()) > 0 {
							t.Error("overspent")
						}
					}
				})
			}
			wg.Wait()

			log := b.Reservations()
			byKey := make(map[string]subsidy.Reservation, len(log))
			sum, avail := decimal.Zero, b.Total()
			cutOrRefused := false
			for _, res := range log {
				_, dup := byKey[res.Key()]
				require.False(t, dup, "key %s reserved twice", res.Key())
				byKey[res.Key()] = res
				// Replaying the log in order of arrival reproduces each decision.
				require.True(t, res.Available().Equal(avail), "available of %s", res)
				sum = sum.Add(res.Granted())
				avail = avail.Sub(res.Granted())
				cutOrRefused = cutOrRefused || !res.Complete()
				if mode == subsidy.AllOrNothing {
					require.True(t, res.Complete() || res.Refused(), "all or nothing: %s", res)
				}
				if !res.Complete() {
					require.True(t, res.Requested().Cmp(res.Available()) > 0, "shortfall only for lack of funds: %s", res)
				}
			}
			assert.LessOrEqual(t, sum.Cmp(budgetWestCoast), 0, "Σ granted ≤ total")
			assert.True(t, sum.Equal(b.Reserved()), "Reserved is Σ granted")
			require.True(t, cutOrRefused, "the requests were chosen to exhaust the budget")
			if mode == subsidy.Partial {
				assert.True(t, sum.Equal(budgetWestCoast), "partial: a cut or refusal means the budget is spent exactly, got %s", sum)
			}
			// Every goroutine saw, for each key, the one recorded decision.
			for _, rs := range seen {
				for _, res := range rs {
					assert.Equal(t, byKey[res.Key()], res)
				}
			}
		})
	}
}

// TestSettleRace: rounds of Settle and single Reserves interleave; the
// budget is never overspent and each key is decided once.
func TestSettleRace(t *testing.T) {
	b, err := subsidy.NewBudget("West Coast", budgetWestCoast, budgetFen)
	require.NoError(t, err)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(7, uint64(w)))
			for i := range 50 {
				if w%2 == 0 {
					k := r.IntN(2000)
					_, err := b.Reserve(fmt.Sprintf("fcfs-%d", k), budgetRaceAmount(k), subsidy.Partial)
					assert.NoError(t, err)
					continue
				}
				round := make([]subsidy.Request, 20)
				for j := range round {
					k := r.IntN(2000)
					round[j] = subsidy.Request{Key: fmt.Sprintf("round-%d", k), Amount: budgetRaceAmount(k)}
				}
				_, err := b.Settle(round)
				assert.NoError(t, err, "round %d", i)
			}
		})
	}
	wg.Wait()
	sum := decimal.Zero
	keys := map[string]bool{}
	for _, res := range b.Reservations() {
		require.False(t, keys[res.Key()], "key %s twice", res.Key())
		keys[res.Key()] = true
		sum = sum.Add(res.Granted())
	}
	assert.True(t, sum.Equal(b.Reserved()))
	assert.LessOrEqual(t, sum.Cmp(budgetWestCoast), 0)
}

// TestProRataWorkedExample is the example of the brief: three enterprises
// ask for 30,000,000 + 20,000,000 + 10,000,000 = 60,000,000 yuan from the
// West Coast fund of 49,000,000.
//
//	49,000,000 × 30/60 = 24,500,000            exactly
//	49,000,000 × 20/60 = 16,333,333.333… → 16,333,333.33, remainder 1/3 fen
//	49,000,000 × 10/60 =  8,166,666.666… →  8,166,666.66, remainder 2/3 fen
//
// The rounded-down shares add up to 48,999,999.99: one fen is left over and
// goes to the largest remainder, the third (2/3 > 1/3 > 0).
func TestProRataWorkedExample(t *testing.T) {
	got, err := subsidy.ProRata(budgetWestCoast, budgetFen, []subsidy.Request{
		{Key: "A", Amount: budgetDec("30000000")},
		{Key: "B", Amount: budgetDec("20000000")},
		{Key: "C", Amount: budgetDec("10000000")},
	})
	require.NoError(t, err)
	want := []string{"24500000.00", "16333333.33", "8166666.67"}
	require.Len(t, got, 3)
	for i := range want {
		assert.Equal(t, want[i], got[i].StringFixed(2))
	}
	// 24,500,000.00 + 16,333,333.33 + 8,166,666.67 = 49,000,000.00
	assert.True(t, got[0].Add(got[1]).Add(got[2]).Equal(budgetWestCoast))
}

func TestProRataTable(t *testing.T) {
	cases := []struct {
		name           string
		total, quantum string
		amounts        []string
		want           []string
	}{
		{"none", "100", "0.01", nil, []string{}},
		{"undersubscribed", "100", "0.01", []string{"30", "20"}, []string{"30", "20"}},
		// 60 + 40 = 100: exactly subscribed, everyone in full.
		{"exactly subscribed", "100", "0.01", []string{"60", "40"}, []string{"60", "40"}},
		// 100.01 asked of 100. In fen: 10000 among 6000 + 4001 = 10001.
		//   10000·6000/10001 = 5999 rem 4001 (60,000,000 − 5999·10001)
		//   10000·4001/10001 = 4000 rem 6000 (40,010,000 − 4000·10001)
		// Floors 5999 + 4000 = 9999: the extra fen goes to the larger
		// remainder, the second.
		{"one fen over", "100", "0.01", []string{"60", "40.01"}, []string{"59.99", "40.01"}},
		// Three equal requests share 100.00: 33.333… each; the extra fen goes
		// to the earliest (equal remainders).
		{"tie goes to the earlier", "100", "0.01", []string{"50", "50", "50"}, []string{"33.34", "33.33", "33.33"}},
		// 2 fen among three requests of 1 fen: exact shares 2/3 fen each,
		// floors 0; both extra fen go to the first two, and no one gets more
		// than the 1 fen asked.
		{"shares of one quantum", "0.02", "0.01", []string{"0.01", "0.01", "0.01"}, []string{"0.01", "0.01", "0"}},
		{"zero request gets zero", "10", "0.01", []string{"0", "20", "0"}, []string{"0", "10", "0"}},
		{"zero total", "0", "0.01", []string{"5", "7"}, []string{"0", "0"}},
		// Quantum 50 yuan: 1000 among 900 + 300 = 1200, exact 750 and 250.
		{"quantum of 50", "1000", "50", []string{"900", "300"}, []string{"750", "250"}},
		// 1000 among 700 + 350 + 350 (in quanta 20 among 14, 7, 7 of 28):
		// exact 10, 5, 5.
		{"quantum of 50, exact", "1000", "50", []string{"700", "350", "350"}, []string{"500", "250", "250"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			reqs := make([]subsidy.Request, len(c.amounts))
			for i, a := range c.amounts {
				reqs[i] = subsidy.Request{Key: fmt.Sprint(i), Amount: budgetDec(a)}
			}
			got, err := subsidy.ProRata(budgetDec(c.total), budgetDec(c.quantum), reqs)
			require.NoError(t, err)
			require.Len(t, got, len(c.want))
			for i := range c.want {
				budgetAssertDec(t, c.want[i], got[i], fmt.Sprintf("share %d", i))
			}
		})
	}
}

func TestProRataErrors(t *testing.T) {
	one := []subsidy.Request{{Key: "a", Amount: budgetDec("1")}}
	cases := []struct {
		name           string
		total, quantum decimal.Decimal
		reqs           []subsidy.Request
		want           error
		arg, value     string
	}{
		{"zero quantum", budgetDec("1"), decimal.Zero, one, subsidy.ErrInvalidArgument, "quantum", "0"},
		{"negative total", budgetDec("-1"), budgetFen, one, subsidy.ErrInvalidArgument, "total", "-1"},
		{"total not a multiple", budgetDec("1.001"), budgetFen, one, subsidy.ErrNotMultiple, "total", "1.001"},
		{"negative request", budgetDec("1"), budgetFen, []subsidy.Request{{Amount: budgetDec("1")}, {Amount: budgetDec("-0.01")}},
			subsidy.ErrInvalidArgument, "requests[1].Amount", "-0.01"},
		{"request not a multiple", budgetDec("1"), budgetFen, []subsidy.Request{{Amount: budgetDec("0.015")}},
			subsidy.ErrNotMultiple, "requests[0].Amount", "0.015"},
		{"request too large", budgetDec("1"), budgetFen, []subsidy.Request{{Amount: decimal.New(1, 30)}},
			subsidy.ErrOverflow, "requests[0].Amount", "1000000000000000000000000000000"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := subsidy.ProRata(c.total, c.quantum, c.reqs)
			require.ErrorIs(t, err, c.want)
			assert.Nil(t, got)
			var be *subsidy.BudgetError
			require.ErrorAs(t, err, &be)
			assert.Equal(t, c.arg, be.Arg)
			assert.Equal(t, c.value, be.Value)
			assert.True(t, strings.HasPrefix(err.Error(), "subsidy: ProRata: "+c.arg+" = "+c.value+": "), err.Error())
		})
	}
}

// checkProRata asserts the properties of ProRata's result against an
// independent big-integer computation of the largest-remainder method.
func budgetCheckProRata(t *testing.T, total, quantum decimal.Decimal, reqs []subsidy.Request, got []decimal.Decimal) {
	t.Helper()
	require.Len(t, got, len(reqs))
	sumReq := decimal.Zero
	for _, r := range reqs {
		sumReq = sumReq.Add(r.Amount)
	}
	sumGot := decimal.Zero
	for i, g := range got {
		sumGot = sumGot.Add(g)
		require.True(t, g.Sign() >= 0 && g.Cmp(reqs[i].Amount) <= 0, "share %d = %s, request %s", i, g, reqs[i].Amount)
		_, rem := g.QuoRem(quantum, 0)
		require.True(t, rem.IsZero(), "share %d = %s not a multiple of %s", i, g, quantum)
	}
	if sumReq.Cmp(total) <= 0 {
		for i, g := range got {
			require.True(t, g.Equal(reqs[i].Amount), "undersubscribed: share %d = %s, request %s", i, g, reqs[i].Amount)
		}
		return
	}
	require.True(t, sumGot.Equal(total), "oversubscribed: Σ shares %s, total %s", sumGot, total)

	// In quanta: n to share, requests rᵢ summing to S. Exact share n·rᵢ/S =
	// floorᵢ + remᵢ/S.
	toQuanta := func(d decimal.Decimal) *big.Int {
		q, rem := d.QuoRem(quantum, 0)
		require.True(t, rem.IsZero())
		return q.BigInt()
	}
	n := toQuanta(total)
	S := toQuanta(sumReq)
	type part struct {
		floor, rem *big.Int
		extra      int64
	}
	parts := make([]part, len(reqs))
	for i, r := range reqs {
		p := part{floor: new(big.Int), rem: new(big.Int)}
		p.floor.QuoRem(new(big.Int).Mul(n, toQuanta(r.Amount)), S, p.rem)
		p.extra = new(big.Int).Sub(toQuanta(got[i]), p.floor).Int64()
		// Within one quantum of the exact share: 0 or 1 quantum above the floor,
		// and the extra only where the exact share is not already whole.
		require.True(t, p.extra == 0 || (p.extra == 1 && p.rem.Sign() > 0), "share %d: %d quanta above its floor, remainder %s", i, p.extra, p.rem)
		parts[i] = p
	}
	// Largest remainders first, the earlier request on a tie.
	for i, a := range parts {
		for j, b := range parts {
			if a.extra == 1 && b.extra == 0 {
				c := a.rem.Cmp(b.rem)
				require.True(t, c > 0 || (c == 0 && i < j), "share %d got the extra quantum (remainder %s) before share %d (remainder %s)", i, a.rem, j, b.rem)
			}
		}
	}
}

// TestProRataProperties runs ProRata on random requests, over- and
// undersubscribed, with several quanta.
func TestProRataProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(49, 2024))
	quanta := []decimal.Decimal{budgetFen, decimal.New(1, 0), budgetDec("0.05"), decimal.New(50, 0), decimal.New(1, -6)}
	for iter := range 2000 {
		q := quanta[r.IntN(len(quanta))]
		n := 1 + r.IntN(40)
		reqs := make([]subsidy.Request, n)
		var sumQ int64
		for i := range reqs {
			var k int64
			switch r.IntN(4) {
			case 0:
				k = 0
			case 1:
				k = 1 + r.Int64N(5) // small requests: shares of a quantum or two
			case 2:
				k = 100 // equal requests: ties
			default:
				k = r.Int64N(1_000_000_000)
			}
			sumQ += k
			reqs[i] = subsidy.Request{Key: fmt.Sprint(i), Amount: q.Mul(decimal.New(k, 0))}
		}
		// A total from 0 to 1.2 × the requests, in whole quanta.
		totalQ := r.Int64N(sumQ + sumQ/5 + 2)
		total := q.Mul(decimal.New(totalQ, 0))
		t.Run(fmt.Sprint(iter), func(t *testing.T) {
			got, err := subsidy.ProRata(total, q, reqs)
			require.NoError(t, err)
			budgetCheckProRata(t, total, q, reqs, got)
			again, err := subsidy.ProRata(total, q, reqs)
			require.NoError(t, err)
			assert.Equal(t, got, again, "deterministic")
		})
	}
}

// TestProRataHugeSum: requests whose sum in quanta passes 2^63 take the
// exact path and keep every property.
func TestProRataHugeSum(t *testing.T) {
	huge := budgetDec("90000000000000000.00") // 9·10^18 budgetFen, just below 2^63-1
	reqs := []subsidy.Request{{Amount: huge}, {Amount: huge}, {Amount: budgetDec("0.03")}}
	total := budgetDec("100.00")
	got, err := subsidy.ProRata(total, budgetFen, reqs)
	require.NoError(t, err)
	budgetCheckProRata(t, total, budgetFen, reqs, got)
	// 10000 fen split 9e18 : 9e18 : 3 → 4999.99…, 4999.99…, ~0: the two
	// large requests take 50.00 each.
	budgetAssertDec(t, "50.00", got[0], "first")
	budgetAssertDec(t, "50.00", got[1], "second")
	budgetAssertDec(t, "0", got[2], "third")
}

func TestSettle(t *testing.T) {
	b, err := subsidy.NewBudget("West Coast", budgetWestCoast, budgetFen)
	require.NoError(t, err)
	// One enterprise came first, first served: 1,000,000 reserved.
	_, err = b.Reserve("early", budgetDec("1000000"), subsidy.AllOrNothing)
	require.NoError(t, err)

	// The round asks 30 + 20 + 8 = 58 million of the 48 million left.
	round := []subsidy.Request{
		{Key: "A", Amount: budgetDec("30000000")},
		{Key: "B", Amount: budgetDec("20000000")},
		{Key: "C", Amount: budgetDec("8000000")},
		{Key: "A", Amount: budgetDec("30000000.00")}, // the same claim twice: counted once
	}
	got, err := b.Settle(round)
	require.NoError(t, err)
	require.Len(t, got, 4)
	// 48,000,000 × 30/58 = 24,827,586.2068… → 24,827,586.20 (rem .68 budgetFen)
	// 48,000,000 × 20/58 = 16,551,724.1379… → 16,551,724.13 (rem .79 budgetFen)
	// 48,000,000 ×  8/58 =  6,620,689.6551… →  6,620,689.65 (rem .51 budgetFen)
	// Floors add up to 47,999,999.98: two fen to the two largest
	// remainders, B (.79) and A (.68).
	want := []string{"24827586.21", "16551724.14", "6620689.65", "24827586.21"}
	for i, w := range want {
		assert.Equal(t, w, got[i].Granted().StringFixed(2), "request %d", i)
		budgetAssertDec(t, "48000000", got[i].Available(), "available")
	}
	assert.Equal(t, got[0], got[3])
	budgetAssertDec(t, "0", b.Remaining(), "a settled oversubscribed round spends the budget exactly")
	assert.Len(t, b.Reservations(), 4, "early, A, B, C")

	// Retrying the round changes nothing.
	again, err := b.Settle(round)
	require.NoError(t, err)
	assert.Equal(t, got, again)
	budgetAssertDec(t, "0", b.Remaining(), "remaining after retry")

	// Errors: nothing is recorded from a round with an error.
	bad := []struct {
		name string
		reqs []subsidy.Request
		want error
		arg  string
	}{
		{"key decided by Reserve", []subsidy.Request{{Key: "D", Amount: budgetDec("1")}, {Key: "early", Amount: budgetDec("1000000")}},
			subsidy.ErrReservationConflict, "requests[1].Key"},
		{"settled key, new amount", []subsidy.Request{{Key: "D", Amount: budgetDec("1")}, {Key: "B", Amount: budgetDec("1")}},
			subsidy.ErrReservationConflict, "requests[1].Key"},
		{"same key twice, two amounts", []subsidy.Request{{Key: "D", Amount: budgetDec("1")}, {Key: "D", Amount: budgetDec("2")}},
			subsidy.ErrReservationConflict, "requests[1].Key"},
		{"empty key", []subsidy.Request{{Key: "D", Amount: budgetDec("1")}, {Amount: budgetDec("1")}},
			subsidy.ErrInvalidArgument, "requests[1].Key"},
		{"bad amount", []subsidy.Request{{Key: "D", Amount: budgetDec("1")}, {Key: "E", Amount: budgetDec("0.001")}},
			subsidy.ErrNotMultiple, "requests[1].Amount"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			_, err := b.Settle(c.reqs)
			require.ErrorIs(t, err, c.want)
			var be *subsidy.BudgetError
			require.ErrorAs(t, err, &be)
			assert.Equal(t, c.arg, be.Arg)
			_, ok := b.Reservation("D")
			assert.False(t, ok, "D not recorded")
		})
	}

	// An undersubscribed round is granted in full.
	small, err := subsidy.NewBudget("small", budgetDec("100"), budgetFen)
	require.NoError(t, err)
	rs, err := small.Settle([]subsidy.Request{{Key: "x", Amount: budgetDec("30")}, {Key: "y", Amount: budgetDec("70")}})
	require.NoError(t, err)
	assert.True(t, rs[0].Complete() && rs[1].Complete())
	budgetAssertDec(t, "0", small.Remaining(), "remaining")
}

// FuzzProRata: for any total, quantum and requests that ProRata accepts, the
// shares have its properties; anything it rejects is an error naming the
// argument.
func FuzzProRata(f *testing.F) {
	f.Add("49000000", "0.01", "30000000", "20000000", "10000000")
	f.Add("100", "0.01", "50", "50", "50")
	f.Add("100", "0.05", "0.05", "0", "1000")
	f.Add("0", "1", "0", "0", "0")
	f.Add("1e-999999999", "0.01", "1", "1", "1")
	f.Add("100", "0", "1", "2", "3")
	f.Add("100", "0.01", "-1", "2", "3")
	f.Add("100", "0.01", "1.005", "2", "3")
	f.Add("92233720368547758.07", "0.01", "92233720368547758.07", "92233720368547758.07", "0.01")
	f.Fuzz(func(t *testing.T, total, quantum, a, b, c string) {
		var ds [5]decimal.Decimal
		for i, s := range []string{total, quantum, a, b, c} {
			d, err := subsidy.ParseAmount(s)
			if err != nil {
				return
			}
			ds[i] = d
		}
		reqs := []subsidy.Request{{Key: "a", Amount: ds[2]}, {Key: "b", Amount: ds[3]}, {Key: "c", Amount: ds[4]}}
		got, err := subsidy.ProRata(ds[0], ds[1], reqs)
		if err != nil {
			var be *subsidy.BudgetError
			require.ErrorAs(t, err, &be)
			assert.NotEmpty(t, be.Arg)
			assert.NotEmpty(t, be.Value)
			assert.Contains(t, err.Error(), be.Arg+" = "+be.Value)
			assert.True(t, errors.Is(err, subsidy.ErrInvalidArgument) || errors.Is(err, subsidy.ErrNotMultiple) || errors.Is(err, subsidy.ErrOverflow), err.Error())
			return
		}
		budgetCheckProRata(t, ds[0], ds[1], reqs, got)
	})
}

// BenchmarkReserveParallel: distinct keys reserved from all cores against
// one budget large enough never to run out.
func BenchmarkReserveParallel(b *testing.B) {
	budget, err := subsidy.NewBudget("bench", budgetDec("90000000000000000"), budgetFen)
	require.NoError(b, err)
	keys := make([]string, b.N)
	for i := range keys {
		keys[i] = fmt.Sprintf("claim-%d", i)
	}
	amount := budgetDec("1500.00")
	var next atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			k := keys[next.Add(1)-1]
			if _, err := budget.Reserve(k, amount, subsidy.Partial); err != nil {
				b.Error(err)
			}
		}
	})
}

// BenchmarkProRata100k splits a fund among 100,000 requests asking for
// twice as much.
func BenchmarkProRata100k(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	reqs := make([]subsidy.Request, 100_000)
	sum := decimal.Zero
	for i := range reqs {
		reqs[i] = subsidy.Request{Key: fmt.Sprint(i), Amount: decimal.New(1+r.Int64N(3_000_000), -2)}
		sum = sum.Add(reqs[i].Amount)
	}
	total, _ := sum.QuoRem(decimal.NewFromInt(2), 2)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := subsidy.ProRata(total, budgetFen, reqs); err != nil {
			b.Fatal(err)
		}
	}
}

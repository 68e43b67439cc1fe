package batch_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dualtrack/dualtrack/internal/batch"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// count yields 0, 1, ..., n-1; a negative n never ends.
func count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; n < 0 || i < n; i++ {
			if !yield(i) {
				return
			}
		}
	}
}

// mapper is the shape shared by Map (with a number of workers) and
// Sequential, so that the same table can run against both.
type mapper func(ctx context.Context, in iter.Seq[int], f func(context.Context, int) (int, error)) iter.Seq2[int, error]

func mappers() map[string]mapper {
	m := map[string]mapper{
		"Sequential": func(ctx context.Context, in iter.Seq[int], f func(context.Context, int) (int, error)) iter.Seq2[int, error] {
			return batch.Sequential(ctx, in, f)
		},
	}
	for _, w := range []int{0, 1, 2, 3, 8} {
		m[fmt.Sprintf("Map/workers=%d", w)] = func(ctx context.Context, in iter.Seq[int], f func(context.Context, int) (int, error)) iter.Seq2[int, error] {
			return batch.Map(ctx, in, w, f)
		}
	}
	return m
}

// result is one yielded pair, with the error reduced to comparable facts.
type result struct {
	Out     int
	Err     string // err.Error(), or "" for nil
	Panic   bool   // err is a *PanicError
	Cancel  bool   // err is a *CanceledError
	ErrItem int    // the Index of a PanicError or CanceledError
}

func collect(seq iter.Seq2[int, error]) []result {
	var rs []result
	for out, err := range seq {
		r := result{Out: out}
		if err != nil {
			r.Err = err.Error()
			var pe *batch.PanicError
			var ce *batch.CanceledError
			if errors.As(err, &pe) {
				r.Panic, r.ErrItem = true, pe.Index
			}
			if errors.As(err, &ce) {
				r.Cancel, r.ErrItem = true, ce.Index
			}
		}
		rs = append(rs, r)
	}
	return rs
}

var errOdd = errors.New("odd item")

func TestOrder(t *testing.T) {
	// Lengths around the internal chunk size of 256: empty, one, a chunk
	// minus, exactly, and plus one, and several chunks with a partial tail
	// (3·256 + 5 = 773).
	lengths := []int{0, 1, 2, 255, 256, 257, 773, 5000}
	double := func(_ context.Context, x int) (int, error) { return 2 * x, nil }
	for name, m := range mappers() {
		for _, n := range lengths {
			t.Run(fmt.Sprintf("%s/n=%d", name, n), func(t *testing.T) {
				got := collect(m(context.Background(), count(n), double))
				require.Len(t, got, n)
				for i, r := range got {
					require.Equal(t, result{Out: 2 * i}, r, "item %d", i)
				}
			})
		}
	}
}

func TestErrorsContinue(t *testing.T) {
	// Odd items fail, every fifth panics (with an error value for item 5,
	// a string for item 15, nil for item 25, ...); the rest double. Every
	// item gets its own outcome, in order, and the stream goes on.
	f := func(_ context.Context, x int) (int, error) {
		if x%5 == 0 && x > 0 {
			switch x % 3 {
			case 0:
				panic(fmt.Sprintf("item %d", x))
			case 1:
				var m map[string]int
				m["boom"] = x // assignment to a nil map: a runtime.Error
			default:
				panic(nil)
			}
		}
		if x%2 == 1 {
			return -x, fmt.Errorf("item %d: %w", x, errOdd)
		}
		return 2 * x, nil
	}
	const n = 600
	for name, m := range mappers() {
		t.Run(name, func(t *testing.T) {
			i := 0
			for out, err := range m(context.Background(), count(n), f) {
				switch {
				case i%5 == 0 && i > 0:
					var pe *batch.PanicError
					require.ErrorAs(t, err, &pe, "item %d", i)
					assert.Equal(t, i, pe.Index)
					assert.Zero(t, out)
					assert.NotEmpty(t, pe.Stack)
					assert.Contains(t, err.Error(), fmt.Sprintf("batch: item %d: panic: ", i))
					var re runtime.Error
					var pn *runtime.PanicNilError
					switch i % 3 {
					case 0:
						assert.Equal(t, fmt.Sprintf("item %d", i), pe.Value)
						assert.NoError(t, pe.Unwrap())
					case 1:
						assert.ErrorAs(t, err, &re)
					default:
						assert.ErrorAs(t, err, &pn)
					}
				case i%2 == 1:
					assert.ErrorIs(t, err, errOdd)
					assert.Equal(t, -i, out)
				default:
					assert.NoError(t, err)
					assert.Equal(t, 2*i, out)
				}
				i++
			}
			assert.Equal(t, n, i)
		})
	}
}

// TestMatchesSequential is the property test: for random inputs, random
// per-item delays, random worker counts, and GOMAXPROCS 1 and 4, Map yields
// exactly what Sequential yields.
func TestMatchesSequential(t *testing.T) {
	for _, procs := range []int{1, 4} {
		t.Run(fmt.Sprintf("GOMAXPROCS=%d", procs), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			rng := rand.New(rand.NewPCG(5, uint64(procs)))
			for trial := range 40 {
				n := rng.IntN(2000)
				workers := rng.IntN(9) // 0 means GOMAXPROCS
				items := make([]int, n)
				for i := range items {
					items[i] = rng.IntN(1_000_000) - 500_000
				}
				// The delay of an item is a function of the item, so both
				// runs see the same delays; the scheduling differs.
				f := func(_ context.Context, x int) (int, error) {
					switch h := uint(x) * 2654435761 % 64; {
					case h == 0:
						time.Sleep(time.Duration(x%50+50) * time.Microsecond)
					case h < 16:
						runtime.Gosched()
					}
					switch {
					case x%13 == 0:
						panic(x)
					case x%7 == 0:
						return x, fmt.Errorf("bad item %d", x)
					}
					return x*3 + 1, nil
				}
				want := collect(batch.Sequential(context.Background(), slices.Values(items), f))
				got := collect(batch.Map(context.Background(), slices.Values(items), workers, f))
				require.Len(t, want, n)
				require.Equal(t, want, got, "trial %d: n=%d workers=%d", trial, n, workers)
			}
		})
	}
}

// payload is an item big enough that keeping a million of them would show:
// 16 × 8 = 128 bytes.
type payload [16]int64

func TestMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("streams a million items")
	}
	const n = 1_000_000
	const workers = 4
	// Map holds at most Window(4) = (2·4 + 2)·256 + 1 = 2,561 items, each with
	// an input and an output payload (128 + 128 bytes) and an error (16
	// bytes): 2,561 × 272 = 696,592 bytes, under 1 MiB. Allow 4 MiB for
	// goroutine stacks, channels and runtime noise. Keeping all million
	// items would take over 256 MB.
	const bound = 4 << 20
	require.Equal(t, 2561, batch.Window(workers))
	in := func(yield func(payload) bool) {
		for i := range n {
			var p payload
			p[0] = int64(i)
			if !yield(p) {
				return
			}
		}
	}
	f := func(_ context.Context, p payload) (payload, error) {
		p[1] = p[0] * 2
		return p, nil
	}
	heap := func() int64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return int64(ms.HeapAlloc)
	}
	before := heap()
	var peak int64
	i := 0
	for p, err := range batch.Map(context.Background(), in, workers, f) {
		require.NoError(t, err)
		if p[0] != int64(i) || p[1] != 2*int64(i) {
			t.Fatalf("item %d: got %v", i, p[:2])
		}
		if i%(n/4) == n/8 { // at 125,000, 375,000, 625,000, 875,000
			peak = max(peak, heap()-before)
		}
		i++
	}
	require.Equal(t, n, i)
	t.Logf("heap growth while streaming %d items: %d bytes (bound %d)", n, peak, bound)
	assert.Less(t, peak, int64(bound))
}

func TestWindow(t *testing.T) {
	// The number of items read from the input but not yet yielded never
	// exceeds Window(workers), checked on both sides.
	const n = 200_000
	for _, workers := range []int{1, 2, 3, 7} {
		t.Run(fmt.Sprintf("workers=%d", workers), func(t *testing.T) {
			window := int64(batch.Window(workers))
			var read, yielded, worst atomic.Int64
			note := func() {
				d := read.Load() - yielded.Load()
				for w := worst.Load(); d > w && !worst.CompareAndSwap(w, d); w = worst.Load() {
				}
			}
			in := func(yield func(int) bool) {
				for i := range n {
					read.Add(1)
					note()
					if !yield(i) {
						return
					}
				}
			}
			f := func(_ context.Context, x int) (int, error) { return x, nil }
			for x, err := range batch.Map(context.Background(), in, workers, f) {
				require.NoError(t, err)
				note()
				yielded.Add(1)
				_ = x
			}
			assert.Equal(t, int64(n), yielded.Load())
			assert.LessOrEqual(t, worst.Load(), window)
			assert.Positive(t, worst.Load())
			t.Logf("most items in flight: %d of %d allowed", worst.Load(), window)
		})
	}
}

func TestWindowDefault(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	// Workers below 1 mean GOMAXPROCS = 3: (2·3 + 2)·256 + 1 = 2,049.
	assert.Equal(t, 2049, batch.Window(0))
	assert.Equal(t, 2049, batch.Window(-5))
	assert.Equal(t, 1, batch.Window(1))
}

func TestCancel(t *testing.T) {
	cause := errors.New("operator pressed stop")
	tests := []struct {
		name  string
		after int // cancel once this many results have been yielded
		cause error
	}{
		{"at once", 0, nil},
		{"after one", 1, nil},
		{"mid chunk", 100, nil},
		{"after many chunks", 5000, cause},
	}
	for name, m := range mappers() {
		for _, tt := range tests {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				ctx, cancel := context.WithCancelCause(context.Background())
				defer cancel(nil)
				var read atomic.Int64
				in := func(yield func(int) bool) {
					for i := 0; ; i++ { // never ends by itself
						read.Add(1)
						if !yield(i) {
							return
						}
					}
				}
				f := func(_ context.Context, x int) (int, error) { return x, nil }
				if tt.after == 0 {
					cancel(tt.cause)
				}
				got := 0
				var last error
				for out, err := range m(ctx, in, f) {
					if err != nil {
						last = err
						continue
					}
					require.Nil(t, last, "result after the cancellation error")
					require.Equal(t, got, out)
					got++
					if got == tt.after {
						cancel(tt.cause)
					}
				}
				var ce *batch.CanceledError
				require.ErrorAs(t, last, &ce)
				assert.Equal(t, got, ce.Index)
				assert.GreaterOrEqual(t, got, tt.after)
				if tt.cause != nil {
					assert.ErrorIs(t, last, tt.cause)
				} else {
					assert.ErrorIs(t, last, context.Canceled)
				}
				assert.Equal(t, fmt.Sprintf("batch: stopped before item %d: %v", got, context.Cause(ctx)), last.Error())
				// Reading stopped: at most a window of items beyond those
				// yielded (Window(8) = 18·256 + 1 = 4,609 for the largest
				// pool), plus the one item a reader may take before it
				// notices the cancellation.
				assert.LessOrEqual(t, read.Load(), int64(got+batch.Window(8)+1))
			})
		}
	}
}

// TestCancelAfterTheEnd: a stream whose input ran out before the
// cancellation was noticed ends normally, as Sequential's does: when the
// consumer cancels after the last result, and when the context was done
// before an empty input. (Map's consumer once picked at random between the
// finished input and the done context, and added a CanceledError in about
// half the runs.)
func TestCancelAfterTheEnd(t *testing.T) {
	id := func(_ context.Context, x int) (int, error) { return x, nil }
	for name, m := range mappers() {
		t.Run(name, func(t *testing.T) {
			for range 100 {
				ctx, cancel := context.WithCancel(context.Background())
				n := 0
				for _, err := range m(ctx, count(10), id) {
					require.NoError(t, err, "after %d results", n)
					if n++; n == 10 {
						cancel()
					}
				}
				cancel()
				require.Equal(t, 10, n)

				ctx, cancel = context.WithCancel(context.Background())
				cancel()
				require.Empty(t, collect(m(ctx, count(0), id)), "an empty input ends normally")
			}
		})
	}
}

// TestContextEndsWithTheRange: f's context is canceled once the range
// ends, with one worker as with more (Sequential passes ctx itself).
func TestContextEndsWithTheRange(t *testing.T) {
	for _, workers := range []int{1, 2, 4} {
		var seen []context.Context
		f := func(ctx context.Context, x int) (int, error) {
			seen = append(seen, ctx)
			return x, nil
		}
		if workers > 1 {
			var mu = make(chan struct{}, 1)
			inner := f
			f = func(ctx context.Context, x int) (int, error) {
				mu <- struct{}{}
				defer func() { <-mu }()
				return inner(ctx, x)
			}
		}
		for range batch.Map(context.Background(), count(5), workers, f) {
		}
		require.NotEmpty(t, seen)
		for _, ctx := range seen {
			require.Error(t, ctx.Err(), "workers=%d: f's context outlives the range", workers)
		}
	}
}

func TestDeadlinePrompt(t *testing.T) {
	// f waits for its context, as a well-behaved slow evaluation would; a
	// deadline must end the stream soon after it passes, not after the
	// infinite input.
	for name, m := range mappers() {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
			defer cancel()
			f := func(ctx context.Context, x int) (int, error) {
				if x < 10 {
					return x, nil
				}
				<-ctx.Done()
				return 0, ctx.Err()
			}
			start := time.Now()
			rs := collect(m(ctx, count(-1), f))
			elapsed := time.Since(start)
			// Sequential yields items 0–9 before it blocks on item 10;
			// Map yields results a chunk at a time, and item 10 holds back
			// the first chunk, so it yields none. Either way the results
			// are a correct prefix and the cancellation comes last.
			require.NotEmpty(t, rs)
			last := len(rs) - 1
			assert.LessOrEqual(t, last, 10)
			for i, r := range rs[:last] {
				assert.Equal(t, result{Out: i}, r)
			}
			assert.True(t, rs[last].Cancel)
			assert.Equal(t, last, rs[last].ErrItem)
			assert.Contains(t, rs[last].Err, context.DeadlineExceeded.Error())
			if name == "Sequential" || name == "Map/workers=1" {
				assert.Equal(t, 10, last)
			}
			assert.Less(t, elapsed, 5*time.Second)
		})
	}
}

// settle waits up to a second for the goroutine count to drop to at most n
// and returns the last count seen.
func settle(n int) int {
	got := runtime.NumGoroutine()
	for range 100 {
		if got <= n {
			break
		}
		time.Sleep(10 * time.Millisecond)
		got = runtime.NumGoroutine()
	}
	return got
}

func TestEarlyExitNoLeak(t *testing.T) {
	var running atomic.Int64 // calls of f in progress
	slow := func(ctx context.Context, x int) (int, error) {
		running.Add(1)
		defer running.Add(-1)
		if x >= 3 {
			select {
			case <-ctx.Done():
			case <-time.After(time.Millisecond):
			}
		}
		return x, nil
	}
	tests := []struct {
		name string
		n    int // input length; -1 for endless
		stop func(i int) bool
		how  string // "break" or "panic"
	}{
		{"break at first", -1, func(i int) bool { return i == 0 }, "break"},
		{"break mid chunk", -1, func(i int) bool { return i == 3 }, "break"},
		{"break after chunks", 2000, func(i int) bool { return i == 1000 }, "break"},
		{"panic in body", -1, func(i int) bool { return i == 5 }, "panic"},
	}
	for _, workers := range []int{2, 8} {
		for _, tt := range tests {
			t.Run(fmt.Sprintf("workers=%d/%s", workers, tt.name), func(t *testing.T) {
				before := runtime.NumGoroutine()
				func() {
					defer func() {
						r := recover()
						if tt.how == "panic" {
							assert.Equal(t, "loop body", r)
						} else {
							assert.Nil(t, r)
						}
					}()
					for x, err := range batch.Map(context.Background(), count(tt.n), workers, slow) {
						require.NoError(t, err)
						if tt.stop(x) {
							if tt.how == "panic" {
								panic("loop body")
							}
							break
						}
					}
				}()
				// Map waits for its goroutines, so no f is running now.
				assert.Zero(t, running.Load(), "calls of f still running")
				assert.LessOrEqual(t, settle(before), before, "goroutines left behind")
			})
		}
	}
}

func TestInputPanic(t *testing.T) {
	// The input panics after 300 items (a full chunk of 256 and 44 more).
	// Like Sequential, Map yields those 300 results and then panics with
	// the same value on the ranging goroutine.
	in := func(yield func(int) bool) {
		for i := range 300 {
			if !yield(i) {
				return
			}
		}
		panic("decoder broke")
	}
	f := func(_ context.Context, x int) (int, error) { return x, nil }
	for name, m := range mappers() {
		t.Run(name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			got := 0
			func() {
				defer func() { assert.Equal(t, "decoder broke", recover()) }()
				for x, err := range m(context.Background(), in, f) {
					require.NoError(t, err)
					require.Equal(t, got, x)
					got++
				}
				t.Error("no panic")
			}()
			assert.Equal(t, 300, got)
			assert.LessOrEqual(t, settle(before), before, "goroutines left behind")
		})
	}
}

func TestRangeTwice(t *testing.T) {
	// Each range reads the input anew and gets the same results.
	seq := batch.Map(context.Background(), count(1000), 4, func(_ context.Context, x int) (int, error) {
		return x * x, nil
	})
	first, second := collect(seq), collect(seq)
	require.Len(t, first, 1000)
	assert.Equal(t, first, second)
}

func TestNilContext(t *testing.T) {
	// A nil context is treated as context.Background.
	f := func(_ context.Context, x int) (int, error) { return x, nil }
	//lint:ignore SA1012 testing the documented nil handling
	for _, seq := range []iter.Seq2[int, error]{batch.Map(nil, count(3), 2, f), batch.Sequential(nil, count(3), f)} { //nolint:staticcheck
		assert.Len(t, collect(seq), 3)
	}
}

func TestErrorMessages(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&batch.PanicError{Index: 7, Value: "x"}, "batch: item 7: panic: x"},
		{&batch.PanicError{Index: 0, Value: errOdd}, "batch: item 0: panic: odd item"},
		{&batch.CanceledError{Index: 12, Err: context.Canceled}, "batch: stopped before item 12: context canceled"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.err.Error())
			assert.True(t, strings.HasPrefix(tt.err.Error(), "batch: "))
		})
	}
	assert.ErrorIs(t, &batch.PanicError{Value: errOdd}, errOdd)
	assert.ErrorIs(t, &batch.CanceledError{Err: context.DeadlineExceeded}, context.DeadlineExceeded)
}

// TestMapInto checks that prep sees every item exactly once, in runs of
// consecutive items, always before f sees them, that f finds a zero result
// to write into, and that the output is Map's. With one worker there is no
// prep, and the items go one by one.
func TestMapInto(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for _, workers := range []int{1, 2, 3, 8} {
		// Around the chunk size (256) and over many chunks.
		for _, n := range []int{0, 1, 255, 256, 257, 5000} {
			prepped := make([]atomic.Int32, n)
			var early, runs atomic.Int32
			prep := func(items []int) {
				runs.Add(1)
				for k, x := range items {
					if k > 0 && x != items[k-1]+1 {
						t.Errorf("run %v is not of consecutive items", items)
					}
					prepped[x].Add(1)
				}
			}
			f := func(_ context.Context, x int) (int, error) {
				if workers > 1 && prepped[x].Load() != 1 {
					early.Add(1)
				}
				if x%7 == 3 {
					return -x, fmt.Errorf("item %d fails", x)
				}
				return 2 * x, nil
			}
			into := func(ctx context.Context, x *int, out *int) (err error) {
				if *out != 0 {
					t.Errorf("item %d: out holds %d, not zero", *x, *out)
				}
				*out, err = f(ctx, *x)
				return err
			}
			got := collect(batch.MapInto(context.Background(), count(n), workers, prep, into))
			want := collect(batch.Map(context.Background(), count(n), workers, f))
			require.Equal(t, want, got, "workers=%d n=%d", workers, n)
			assert.Zero(t, early.Load(), "items f saw before prep did (workers=%d n=%d)", workers, n)
			if workers == 1 {
				assert.Zero(t, runs.Load(), "prep called with one worker")
				continue
			}
			for x := range prepped {
				if c := prepped[x].Load(); c != 1 {
					t.Fatalf("workers=%d n=%d: item %d prepped %d times", workers, n, x, c)
				}
			}
			if n > 0 && runs.Load() == 0 {
				t.Errorf("workers=%d n=%d: prep never called", workers, n)
			}
		}
	}
}

// TestMapIntoPanic checks that an item whose f panics after writing part of
// its result yields the zero result and a *PanicError, on one worker and on
// several, and that the items around it are untouched.
func TestMapIntoPanic(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	into := func(_ context.Context, x *int, out *int) error {
		*out = 10 * *x
		if *x == 300 {
			panic("boom")
		}
		return nil
	}
	for _, workers := range []int{1, 3} {
		got := collect(batch.MapInto(context.Background(), count(600), workers, nil, into))
		require.Len(t, got, 600)
		for i, r := range got {
			if i == 300 {
				assert.True(t, r.Panic, "workers=%d: item 300 did not panic: %+v", workers, r)
				assert.Equal(t, 300, r.ErrItem)
				assert.Zero(t, r.Out, "workers=%d: the panicking item's result", workers)
				continue
			}
			assert.Equal(t, result{Out: 10 * i}, r, "workers=%d item %d", workers, i)
		}
	}
}

package batch

import (
	"context"
	"iter"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
)

// chunkSize is the number of input items the reader gathers before it hands
// them to the workers as one unit.
const chunkSize = 256

// chunksPerWorker and extraChunks size the pool of chunks: a pipeline with w
// workers owns at most chunksPerWorker·w + extraChunks chunks, so at most
// that many times chunkSize items are between the input and the consumer.
const (
	chunksPerWorker = 2
	extraChunks     = 2
)

// maxChunks returns the number of chunks a pipeline with the given number of
// workers may own at once.
func maxChunks(workers int) int { return chunksPerWorker*workers + extraChunks }

// Window returns the most items that [Map] with the given number of workers
// holds at once: items read from the input whose results have not yet been
// yielded. That is the pool of chunks, (2·workers + 2)·256 items, plus the one
// item the reader may hold while it waits for a chunk to come free. A workers
// below 1 means runtime.GOMAXPROCS(0), as in Map; with one worker Map is
// [Sequential], which holds one item.
func Window(workers int) int {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers == 1 {
		return 1
	}
	return maxChunks(workers)*chunkSize + 1
}

// Sequential applies f to each item of in, one after the other on the
// ranging goroutine, and yields f's result and error for each. It is the
// baseline that [Map] must agree with, and what Map does with one worker.
//
// It follows the same rules as Map: an error from f is yielded with its item
// and the stream continues; a panic in f becomes a [*PanicError] for that
// item; ctx is checked before f is called on each item and before each
// result is yielded, and once it is done the stream ends with a
// [*CanceledError]. A panic in in or in the loop body propagates unchanged.
func Sequential[In, Out any](ctx context.Context, in iter.Seq[In], f func(context.Context, In) (Out, error)) iter.Seq2[Out, error] {
	if ctx == nil {
		ctx = context.Background()
	}
	return sequentialInto(ctx, in, intoOf(f))
}

// intoOf returns f in the form MapInto takes.
func intoOf[In, Out any](f func(context.Context, In) (Out, error)) func(context.Context, *In, *Out) error {
	return func(ctx context.Context, x *In, out *Out) (err error) {
		*out, err = f(ctx, *x)
		return err
	}
}

// Map applies f to each item of in on workers goroutines and yields f's
// result and error for each item, in the order of the input. A workers below
// 1 means runtime.GOMAXPROCS(0), read when Map is called; with exactly one
// worker Map does what [Sequential](ctx, in, f) does, on the calling
// goroutine, with f's context canceled when the range ends as with more
// workers. The package documentation
// states the guarantees on order, memory, cancellation, errors and panics.
//
// Each range over the returned sequence reads in anew and starts its own
// goroutines; they have all returned by the time the range statement ends,
// however it ends. f is called concurrently, in no particular order, with a
// context derived from ctx that is canceled when the range ends; f must be
// safe for concurrent use.
func Map[In, Out any](ctx context.Context, in iter.Seq[In], workers int, f func(context.Context, In) (Out, error)) iter.Seq2[Out, error] {
	return MapInto(ctx, in, workers, nil, intoOf(f))
}

// MapInto is Map for large items and results, with a hint. f reads its
// item through a pointer and writes its result into *out (which holds the
// zero Out), so that neither is copied on the way; it must not keep either
// pointer once it returns. Each worker calls prep on each run of
// consecutive items it takes (a slice it must not keep), before it calls f
// on each of them, so that prep can get ready what f will read, such as
// bringing into the caches the memory of many items at once. Every item is
// in at most one run: a worker that finds ctx done skips prep, as it skips
// f. prep must not change what f's results depend on, nor panic; it is
// called concurrently, and not at all with one worker (when MapInto runs
// the items one by one, as Sequential does). A nil prep is no hint.
func MapInto[In, Out any](ctx context.Context, in iter.Seq[In], workers int, prep func([]In), f func(ctx context.Context, x *In, out *Out) error) iter.Seq2[Out, error] {
	if ctx == nil {
		ctx = context.Background()
	}
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers == 1 {
		// f gets a context canceled when the range ends, as with more
		// workers (Sequential passes ctx itself).
		return func(yield func(Out, error) bool) {
			fctx, cancel := context.WithCancel(ctx)
			defer cancel()
			sequentialInto(fctx, in, f)(yield)
		}
	}
	return func(yield func(Out, error) bool) {
		run(ctx, in, workers, prep, f, yield)
	}
}

// sequentialInto is Sequential for the f of MapInto: one item and one
// result, reused, so that f's pointers cost no allocation per item.
// ctx must not be nil.
func sequentialInto[In, Out any](ctx context.Context, in iter.Seq[In], f func(context.Context, *In, *Out) error) iter.Seq2[Out, error] {
	return func(yield func(Out, error) bool) {
		var zero Out
		x, out := new(In), new(Out)
		done := ctx.Done()
		i := 0
		for item := range in {
			if isDone(done) {
				yield(zero, &CanceledError{Index: i, Err: context.Cause(ctx)})
				return
			}
			*x, *out = item, zero
			err := applyInto(ctx, f, x, out, i)
			if isDone(done) {
				yield(zero, &CanceledError{Index: i, Err: context.Cause(ctx)})
				return
			}
			if !yield(*out, err) {
				return
			}
			i++
		}
	}
}

// isDone reports whether done is closed, without blocking.
func isDone(done <-chan struct{}) bool {
	select {
	case <-done:
		return true
	default:
		return false
	}
}

// applyInto calls f, turning a panic into a *PanicError for item i and
// leaving *out zero.
func applyInto[In, Out any](ctx context.Context, f func(context.Context, *In, *Out) error, x *In, out *Out, i int) (err error) {
	defer func() {
		if r := recover(); r != nil {
			var zero Out
			*out, err = zero, &PanicError{Index: i, Value: r, Stack: debug.Stack()}
		}
	}()
	return f(ctx, x, out)
}

// A chunk is a run of consecutive input items with room for their results.
// The reader fills it and publishes it; the workers that receive it share its
// items by claiming ranges; the last worker to let go of it signals ready;
// the consumer yields its results and returns it to the free list.
type chunk[In, Out any] struct {
	base  int // stream position of in[0]
	in    []In
	out   []Out
	err   []error
	next  atomic.Int64  // first item not yet claimed by a worker
	refs  atomic.Int32  // copies sent to workers and not yet released
	ready chan struct{} // capacity 1; receives once all items are done
}

// claim reserves the next items of c for a worker: a range whose length is
// a share of what remains (guided self-scheduling), so workers take large
// bites early and single items at the end and finish together.
func (c *chunk[In, Out]) claim(sharers int) (lo, hi int, ok bool) {
	n := int64(len(c.in))
	for {
		lo := c.next.Load()
		rest := n - lo
		if rest <= 0 {
			return 0, 0, false
		}
		k := max(1, rest/int64(2*sharers))
		if c.next.CompareAndSwap(lo, lo+k) {
			return int(lo), int(lo + k), true
		}
	}
}

// pipeline is the state shared by the reader, the workers and the consumer
// of one range over a Map sequence.
type pipeline[In, Out any] struct {
	ctx     context.Context
	workers int
	limit   int // most chunks the pipeline may own
	made    int // chunks allocated so far; reader only
	free    chan *chunk[In, Out]
	order   chan *chunk[In, Out] // published chunks, in input order
	work    chan *chunk[In, Out] // copies of published chunks for the workers

	// Written by the reader before it closes order.
	stopped    bool // the reader stopped because ctx was done
	panicked   bool // in panicked
	panicValue any
}

func run[In, Out any](parent context.Context, in iter.Seq[In], workers int, prep func([]In), f func(context.Context, *In, *Out) error, yield func(Out, error) bool) {
	ctx, cancel := context.WithCancel(parent)
	limit := maxChunks(workers)
	p := &pipeline[In, Out]{
		ctx:     ctx,
		workers: workers,
		limit:   limit,
		free:    make(chan *chunk[In, Out], limit),
		order:   make(chan *chunk[In, Out], limit),
		work:    make(chan *chunk[In, Out], limit*workers),
	}
	var wg sync.WaitGroup
	// However the range ends (input exhausted, cancellation, break, or a
	// panic in the loop body), stop everything and wait for it.
	defer func() {
		cancel()
		wg.Wait()
	}()
	wg.Go(func() { p.read(in) })
	for range workers {
		wg.Go(func() { p.serve(prep, f) })
	}

	var zero Out
	done := ctx.Done()
	yielded := 0
	canceled := func() {
		yield(zero, &CanceledError{Index: yielded, Err: context.Cause(ctx)})
	}
	for {
		var c *chunk[In, Out]
		select {
		case c = <-p.order:
		case <-done:
			// A stream that ran out before the cancellation was noticed
			// ends normally, as Sequential's does: if the reader, which
			// stops promptly once ctx is done, reached the end of the input
			// and every chunk it published was yielded, order is closed
			// with nothing in it. (Without this wait, the select would pick
			// between a closed order and done at random.)
			if _, more := <-p.order; more || p.stopped {
				canceled()
				return
			}
		}
		if c == nil { // order closed: the reader has finished
			break
		}
		select {
		case <-c.ready:
		case <-done:
			canceled()
			return
		}
		for i := range c.in {
			if isDone(done) {
				canceled()
				return
			}
			if !yield(c.out[i], c.err[i]) {
				return
			}
			yielded++
		}
		clear(c.in)
		clear(c.out)
		clear(c.err)
		c.in, c.out, c.err = c.in[:0], c.out[:0], c.err[:0]
		p.free <- c // never blocks: free has room for every chunk
	}
	if p.panicked {
		panic(p.panicValue)
	}
	if p.stopped {
		canceled()
	}
}

// read runs on its own goroutine: it ranges over in, gathers items into
// chunks and publishes them.
func (p *pipeline[In, Out]) read(in iter.Seq[In]) {
	defer close(p.work)
	defer close(p.order)
	p.stopped = p.fill(in)
}

// fill does the work of read. It reports whether it stopped because ctx was
// done; it records a panic in in and publishes the items read before it.
func (p *pipeline[In, Out]) fill(in iter.Seq[In]) (stopped bool) {
	var c *chunk[In, Out]
	base := 0
	defer func() {
		if r := recover(); r != nil {
			p.panicked, p.panicValue = true, r
			if c != nil && len(c.in) > 0 && !p.publish(c, base) {
				stopped = true
			}
		}
	}()
	done := p.ctx.Done()
	for x := range in {
		if isDone(done) {
			return true
		}
		if c == nil {
			if c = p.get(); c == nil {
				return true
			}
		}
		c.in = append(c.in, x)
		if len(c.in) == chunkSize {
			if !p.publish(c, base) {
				return true
			}
			c, base = nil, base+chunkSize
		}
	}
	if c != nil && !p.publish(c, base) {
		return true
	}
	return false
}

// get returns an empty chunk: a recycled one if there is one, a new one while
// fewer than limit exist, or else the next one the consumer recycles. It
// returns nil if ctx is done first.
func (p *pipeline[In, Out]) get() *chunk[In, Out] {
	select {
	case c := <-p.free:
		return c
	default:
	}
	if p.made < p.limit {
		p.made++
		return &chunk[In, Out]{ready: make(chan struct{}, 1)}
	}
	select {
	case c := <-p.free:
		return c
	case <-p.ctx.Done():
		return nil
	}
}

// publish hands c, whose first item is at stream position base, to the
// consumer and to as many workers as it has items (up to all of them). It
// reports false if ctx was done first.
func (p *pipeline[In, Out]) publish(c *chunk[In, Out], base int) bool {
	n := len(c.in)
	c.base = base
	c.out = slices.Grow(c.out[:0], n)[:n]
	c.err = slices.Grow(c.err[:0], n)[:n]
	c.next.Store(0)
	copies := min(p.workers, n)
	c.refs.Store(int32(copies))
	done := p.ctx.Done()
	// Neither channel can be full (each has room for every copy of every
	// chunk the pipeline owns), but do not rely on it to stop.
	select {
	case p.order <- c:
	case <-done:
		return false
	}
	for range copies {
		select {
		case p.work <- c:
		case <-done:
			return false
		}
	}
	return true
}

// serve runs on each worker goroutine: it takes chunks, claims and processes
// their items, and releases them, until the reader closes work. Once ctx is
// done it skips f; the consumer yields nothing more then.
func (p *pipeline[In, Out]) serve(prep func([]In), f func(context.Context, *In, *Out) error) {
	done := p.ctx.Done()
	for c := range p.work {
		sharers := int(min(int64(p.workers), int64(len(c.in))))
		for {
			lo, hi, ok := c.claim(sharers)
			if !ok {
				break
			}
			if prep != nil && !isDone(done) {
				prep(c.in[lo:hi])
			}
			for i := lo; i < hi; i++ {
				if isDone(done) {
					break
				}
				c.err[i] = applyInto(p.ctx, f, &c.in[i], &c.out[i], c.base+i)
			}
		}
		if c.refs.Add(-1) == 0 {
			c.ready <- struct{}{} // never blocks: sent once per publication
		}
	}
}

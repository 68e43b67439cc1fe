// Package batch applies a function to a stream of items on several
// goroutines and yields the results in input order: the machinery under
// batch evaluation of claims, where millions of independent claims are
// evaluated in parallel and the outcome must be exactly that of evaluating
// them one by one.
//
// [Map](ctx, in, workers, f) reads the iter.Seq in lazily, calls f on
// workers goroutines, and returns an iter.Seq2 of (result, error) pairs, one
// per input item. [Sequential](ctx, in, f) is the plain one-by-one loop with
// the same rules; it is the baseline, and what Map does with one worker.
// [MapInto] is Map for large items and results, which f reads and writes
// in place, with a hint called on each run of items a worker takes before
// it calls f on them, such as one that brings into the caches what f will
// read of a large shared structure, for many items at once.
//
// # Order and determinism
//
// The n-th pair yielded is f's result and error for the n-th item of in,
// whatever the number of workers and however the goroutines are scheduled.
// If f is deterministic (its outcome depends only on its item), Map yields
// exactly what Sequential yields. f is called concurrently and in no
// particular order, so it must be safe for concurrent use and must not rely
// on seeing the items in sequence.
//
// # Memory
//
// Map reads the input in chunks of 256 items and owns a fixed pool of
// 2·workers + 2 chunks, recycled as the consumer takes the results. At most
// [Window](workers) = (2·workers + 2)·256 + 1 items are between the input and
// the consumer at any time, whatever the length of the stream: the reader
// waits for a chunk to come free before it reads further. A stream of any
// length runs in constant memory, provided the consumer does not keep the
// results.
//
// Results are handed over a whole chunk at a time: a slow item holds back
// the results of the items after it in its chunk (at most 255), and, since
// the order is kept, everything after it. The workers share the items of a
// chunk, taking shrinking runs of them (guided self-scheduling), so a short
// stream of expensive items is still spread over all the workers, and the
// cost of the hand-over (a few channel operations per chunk) is spread over
// 256 items.
//
// # Errors
//
// An error returned by f concerns that item only (for claims: that claim is
// bad input). It is yielded, unchanged and with whatever result f returned
// beside it, in the item's position, and processing continues with the other
// items. Map stops early only for its context, or when the consumer stops.
//
// # Panics
//
// A panic in f is recovered on the goroutine that ran f and becomes a
// [*PanicError] for that item, carrying the item's index, the panic value and
// the stack; the item's result is the zero value, and processing continues.
// Nothing is lost silently and the process does not crash. f must not call
// runtime.Goexit (nor t.FailNow and the like), which Map cannot recover from.
//
// A panic in the input sequence in, which Map runs on a goroutine of its own,
// is carried over to the ranging goroutine: Map yields the results of the
// items read before the panic, then panics there with the same value, as
// Sequential would. A panic in the body of the range loop propagates as
// usual, after Map has stopped its goroutines.
//
// # Cancellation
//
// Once ctx is done, Map stops reading in, stops calling f for the items it
// has not started, and stops yielding results. The stream then ends with one
// last pair: a zero result and a [*CanceledError] whose Index is the number
// of items yielded before it, and which matches context.Cause(ctx) with
// errors.Is (context.Canceled or context.DeadlineExceeded, usually). Results
// computed but not yet yielded are dropped; no result computed after the
// cancellation was seen is yielded. Which items were yielded depends on
// timing, but they are always a correct prefix of the sequential output. A
// stream that ran out before the cancellation was noticed ends normally.
//
// f receives a context derived from ctx that is also canceled when the range
// ends; a long f should watch it. Map cannot interrupt f, nor in while in is
// producing an item: cancellation is prompt when they are.
//
// # Early exit
//
// When the consumer stops ranging (break, return, or a panic in the loop
// body), Map cancels the context given to f, stops reading in, and waits for
// its goroutines to return before the range statement ends: no goroutine is
// left behind and no call of f is still running afterwards. Each range over
// the sequence returned by Map starts afresh, ranging over in again.
//
// # Workers
//
// workers below 1 means runtime.GOMAXPROCS(0), read when Map is called. With
// exactly one worker Map is Sequential: no goroutines, and f runs on the
// ranging goroutine between yields. Otherwise Map runs one reader goroutine
// and workers worker goroutines, while the ranging goroutine waits for
// results and yields them.
//
// A nil ctx is taken as context.Background().
package batch

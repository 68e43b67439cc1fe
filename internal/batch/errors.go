package batch

import "fmt"

// PanicError is the error yielded in place of an item's result when f
// panicked while processing that item. The panic is recovered on the
// goroutine that ran f, the item gets a zero result and this error, and the
// stream carries on with the next item.
//
// errors.Is and errors.As reach through a PanicError to the panic value when
// that value is an error (a runtime.Error from a nil dereference or an index
// out of range, for instance).
type PanicError struct {
	Index int    // zero-based position of the item in the input stream
	Value any    // the value passed to panic (a *runtime.PanicNilError for panic(nil))
	Stack []byte // the stack of the panicking goroutine, as from runtime/debug.Stack
}

// Error returns "batch: item <Index>: panic: <Value>".
func (e *PanicError) Error() string {
	return fmt.Sprintf("batch: item %d: panic: %v", e.Index, e.Value)
}

// Unwrap returns the panic value if it is an error, and nil otherwise.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// CanceledError is the last error of a stream that was stopped by its
// context before the input ran out. Items 0 to Index-1 were yielded before
// it, each with its own result; item Index and everything after it were not
// (they may or may not have been read from the input or passed to f).
//
// errors.Is reaches through it to the context's cause: context.Canceled,
// context.DeadlineExceeded, or the cause given to context.WithCancelCause.
type CanceledError struct {
	Index int   // number of items yielded before the stream stopped
	Err   error // context.Cause of the context at the time it was noticed
}

// Error returns "batch: stopped before item <Index>: <Err>".
func (e *CanceledError) Error() string {
	return fmt.Sprintf("batch: stopped before item %d: %v", e.Index, e.Err)
}

// Unwrap returns Err.
func (e *CanceledError) Unwrap() error { return e.Err }

package money

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/dualtrack/dualtrack/internal/errtext"
	"github.com/shopspring/decimal"
)

// Sentinel errors. Every error this package returns matches exactly one of
// them with errors.Is, and is either an [*AmountError] (parsing) or an
// [*ArgError] (everything else).
var (
	// ErrInvalidAmount is matched by every [*AmountError]: text that
	// [ParseAmount] or [ParseUnits] does not accept.
	ErrInvalidAmount = errors.New("money: invalid amount")

	// ErrInvalidRoundingMode is matched by errors for a rounding mode that is
	// not one of the six constants, or a name that is not one of their names.
	ErrInvalidRoundingMode = errors.New("money: invalid rounding mode")

	// ErrInvalidArgument is matched by errors for a quantum that is not
	// positive, a scale out of range, and weights that cannot be allocated
	// over (none, a negative one, all zero, or a part count out of range).
	ErrInvalidArgument = errors.New("money: invalid argument")

	// ErrNotMultiple is matched by errors for an amount that is not a whole
	// number of units: a total that is not a multiple of the quantum, or a
	// decimal with non-zero digits beyond the requested scale.
	ErrNotMultiple = errors.New("money: not a whole number of units")

	// ErrOverflow is matched by errors for a result or an intermediate value
	// that does not fit: an int64 count of units, or the digit bound on
	// allocation.
	ErrOverflow = errors.New("money: out of range")
)

// ArgError reports an argument that a function of this package cannot use.
// Its message names the function, the argument and the bad value, e.g.
//
//	money: Allocate: weights[2] = -1: weight is negative
type ArgError struct {
	Op     string // the function or method, e.g. "Allocate"
	Arg    string // the argument, e.g. "quantum" or "weights[2]"; empty when Value names the operands
	Value  string // the bad value as text (quoted if it was text)
	Reason string // what is wrong with it
	Err    error  // the sentinel the error matches (ErrInvalidArgument, ErrOverflow, ...)
}

// Error returns "money: Op: Arg = Value: Reason" (without "Arg =" when Arg
// is empty).
func (e *ArgError) Error() string {
	if e.Arg == "" {
		return fmt.Sprintf("money: %s: %s: %s", e.Op, e.Value, e.Reason)
	}
	return fmt.Sprintf("money: %s: %s = %s: %s", e.Op, e.Arg, e.Value, e.Reason)
}

// Unwrap returns the sentinel, so that errors.Is(err, e.Err) is true.
func (e *ArgError) Unwrap() error { return e.Err }

// AmountError reports text that [ParseAmount] or [ParseUnits] rejects. Input
// holds the whole text; the message shows at most its first 40 bytes.
type AmountError struct {
	Input  string // the text that was parsed
	Reason string // what is wrong, e.g. "more than 18 integer digits"
}

// Error returns "money: parsing amount "input": reason", with the input
// quoted and clipped to 40 bytes.
func (e *AmountError) Error() string {
	return fmt.Sprintf("money: parsing amount %s: %s", strconv.Quote(clip(e.Input)), e.Reason)
}

// Unwrap makes errors.Is(err, ErrInvalidAmount) true.
func (e *AmountError) Unwrap() error { return ErrInvalidAmount }

// maxShown is the number of bytes of hostile text that an error message shows.
const maxShown = 40

// clip shortens hostile input so that an error message stays readable.
func clip(s string) string { return errtext.Clip(s, maxShown) }

// show formats d for messages and String methods. It does not depend on
// shopspring's package-level formatting settings: a value with a modest
// exponent prints in plain notation with exactly its own number of decimals
// ("0.010"), anything else as coefficient "e" exponent, clipped, so that a
// decimal such as 1e2000000000 never expands into two billion zeros.
func show(d decimal.Decimal) string {
	exp := d.Exponent()
	if exp <= 0 && exp >= -maxShown && d.NumDigits() <= maxShown {
		return d.StringFixed(-exp)
	}
	if exp > 0 && int(exp)+d.NumDigits() <= maxShown {
		return d.StringFixed(0)
	}
	return clip(d.Coefficient().String()) + "e" + strconv.Itoa(int(exp))
}

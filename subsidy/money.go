package subsidy

import (
	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/shopspring/decimal"
)

// RoundingMode says which way a rounding goes when an amount is not a
// multiple of the quantum. The zero value is not a valid mode, so a rounding
// that a policy forgot to declare is caught rather than guessed.
//
// In JSON and text a mode is one of "half-up", "half-even", "down", "up",
// "floor", "ceiling".
type RoundingMode = money.RoundingMode

// The rounding modes. For the quantum 1:
//
//	mode       2.5  -2.5  2.4  -2.6
//	HalfUp      3    -3    2    -3    half away from zero (四舍五入)
//	HalfEven    2    -2    2    -3    half to the even neighbour (banker's)
//	Down        2    -2    2    -2    toward zero (truncate)
//	Up          3    -3    3    -3    away from zero
//	Floor       2    -3    2    -3    toward negative infinity
//	Ceiling     3    -2    3    -2    toward positive infinity
const (
	HalfUp   = money.HalfUp
	HalfEven = money.HalfEven
	Down     = money.Down
	Up       = money.Up
	Floor    = money.Floor
	Ceiling  = money.Ceiling
)

// Rounding is a quantum (0.01, 1, 100, 0.05, ...) and a mode. Its Round method
// returns the multiple of the quantum the mode selects, exactly. The zero
// Rounding is not valid; build one with NewRounding.
type Rounding = money.Rounding

// NewRounding returns the rounding to multiples of quantum in the given mode.
// The quantum must be positive and the mode valid.
func NewRounding(quantum decimal.Decimal, mode RoundingMode) (Rounding, error) {
	return money.NewRounding(quantum, mode)
}

// Allocate splits total into len(weights) parts proportional to the weights,
// each a multiple of quantum, that add up to total exactly.
//
// It uses the largest-remainder method: each part first gets its exact share
// rounded toward zero to the quantum, then the quanta left over go one each to
// the parts with the largest remainders, the earlier part first on a tie. A
// part with weight zero gets zero. Total must be a multiple of quantum, the
// quantum positive, and the weights non-negative with a positive sum.
func Allocate(total decimal.Decimal, weights []decimal.Decimal, quantum decimal.Decimal) ([]decimal.Decimal, error) {
	return money.Allocate(total, weights, quantum)
}

// AllocateEqually splits total into n parts that differ by at most one
// quantum and add up to total exactly; the earlier parts get the larger
// shares. Splitting 100.00 three ways at 0.01 gives 33.34, 33.33, 33.33.
func AllocateEqually(total decimal.Decimal, n int, quantum decimal.Decimal) ([]decimal.Decimal, error) {
	return money.AllocateEqually(total, n, quantum)
}

// ParseAmount parses an amount from text such as a CSV field or a JSON string:
// an optional sign, digits, an optional fraction and an optional exponent,
// with no spaces or separators. Digits and exponent are bounded before any
// arithmetic, so absurd input ("1e999999999") is rejected at once with an
// *AmountError naming it.
func ParseAmount(s string) (decimal.Decimal, error) { return money.ParseAmount(s) }

// AmountError reports text that is not an acceptable amount; it names the
// input and the reason.
type AmountError = money.AmountError

// Errors of the money functions, for errors.Is. Every error returned by
// NewRounding, Allocate, AllocateEqually and ParseAmount matches one of them;
// the message names the argument and its value.
var (
	// ErrInvalidAmount: text that is not an amount or exceeds the bounds.
	ErrInvalidAmount = money.ErrInvalidAmount
	// ErrInvalidArgument: a quantum that is not positive, no weights, a
	// negative weight, all weights zero, a part count out of range, or (for
	// budgets) a missing name or key or a negative amount.
	ErrInvalidArgument = money.ErrInvalidArgument
	// ErrInvalidRoundingMode: a rounding mode that is not one of the six.
	ErrInvalidRoundingMode = money.ErrInvalidRoundingMode
	// ErrNotMultiple: a total to split that is not a multiple of the quantum.
	// Round it first, so that the rounding shows.
	ErrNotMultiple = money.ErrNotMultiple
	// ErrOverflow: a total or weight too large to split (beyond 100 digits).
	ErrOverflow = money.ErrOverflow
)

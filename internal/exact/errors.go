package exact

import (
	"errors"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/shopspring/decimal"
)

// Sentinel errors. Every error of this package is an [*Error] whose Err is
// one of them, or [money.ErrInvalidRoundingMode] for a rounding mode that is
// not one of the six.
var (
	// ErrOverflow is matched by errors for a result whose reduced numerator
	// or denominator does not fit: its magnitude would exceed MaxInt64
	// (−2^63 counts as out of range too).
	ErrOverflow = errors.New("exact: out of int64 range")

	// ErrDivisionByZero is matched by errors for a zero denominator in
	// [New] or a zero divisor in [Rat.Quo].
	ErrDivisionByZero = errors.New("exact: division by zero")

	// ErrInvalidQuantum is matched by errors for a rounding quantum that is
	// not positive, or a number of decimal places outside −18 … 18.
	ErrInvalidQuantum = errors.New("exact: invalid quantum")
)

// Error reports an operation that cannot give an exact result. Its message
// names the operation and its operands, e.g.
//
//	exact: Mul(9223372036854775807, 2): out of int64 range
//	exact: Round(1/3, 0 half-up): invalid quantum
//
// Operands are shown as [Rat.String] shows them; the second operand of Round
// is the rule, quantum and mode. Creating an Error is the only allocation
// that Add, Sub, Mul, MulInt, Quo and Round make, and it happens only on
// failure.
type Error struct {
	Op  string // the function or method, e.g. "Add" or "FromDecimal"
	A   string // the first operand as text
	B   string // the second operand as text; empty for one-operand functions
	Err error  // the sentinel the error matches
}

// Error returns "exact: Op(A, B): what went wrong", without ", B" when B is
// empty.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("exact: ")
	b.WriteString(e.Op)
	b.WriteByte('(')
	b.WriteString(e.A)
	if e.B != "" {
		b.WriteString(", ")
		b.WriteString(e.B)
	}
	b.WriteString("): ")
	if e.Err != nil {
		b.WriteString(strings.TrimPrefix(e.Err.Error(), "exact: "))
	}
	return b.String()
}

// Unwrap returns the sentinel, so that errors.Is(err, e.Err) is true.
func (e *Error) Unwrap() error { return e.Err }

// newError returns an *Error for an operation on two Rats.
func newError(op string, a, b Rat, err error) error {
	return &Error{Op: op, A: a.String(), B: b.String(), Err: err}
}

// rule formats a quantum and a mode for messages, like money.Rounding does:
// "0.01 half-up".
func rule(quantum string, mode money.RoundingMode) string {
	return quantum + " " + mode.String()
}

// maxShown bounds the digits of a decimal that an error message shows.
const maxShown = 40

// showDecimal formats d for messages without shopspring's package-level
// formatting settings: plain notation with d's own decimals when that is
// short, otherwise coefficient "e" exponent with the coefficient clipped, so
// that 1e-2000000000 never expands into two billion zeros.
func showDecimal(d decimal.Decimal) string {
	exp, digits := d.Exponent(), d.NumDigits()
	if exp <= 0 && exp >= -maxShown && digits <= maxShown {
		return d.StringFixed(-exp)
	}
	if exp > 0 && int(exp)+digits <= maxShown {
		return d.StringFixed(0)
	}
	c := d.Coefficient().String()
	if len(c) > maxShown { // digits and a sign: ASCII, safe to cut anywhere
		c = c[:maxShown] + "..."
	}
	return c + "e" + strconv.Itoa(int(exp))
}

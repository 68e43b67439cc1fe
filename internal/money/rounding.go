package money

import (
	"cmp"
	"fmt"
	"math"
	"math/big"
	"strconv"

	"github.com/shopspring/decimal"
)

// Rounding is a declared rounding rule: round to a multiple of a positive
// quantum (0.01 for fen or cents, 1 for whole yuan, 0.05, 100, ...) by a
// [RoundingMode]. Build one with [NewRounding].
//
// The zero Rounding is not valid ([Rounding.IsValid] is false) and stands for
// "no rounding declared": its Round returns the value unchanged and it prints
// as "none". Compare Roundings with [Rounding.Equal], not == (the quantum
// holds a pointer).
type Rounding struct {
	quantum decimal.Decimal
	mode    RoundingMode
}

// NewRounding returns the rule "round to a multiple of quantum by mode". The
// quantum must be greater than zero (an [*ArgError] matching
// [ErrInvalidArgument] otherwise) and the mode one of the six constants (an
// [*ArgError] matching [ErrInvalidRoundingMode] otherwise).
func NewRounding(quantum decimal.Decimal, mode RoundingMode) (Rounding, error) {
	if quantum.Sign() <= 0 {
		return Rounding{}, &ArgError{
			Op:     "NewRounding",
			Arg:    "quantum",
			Value:  show(quantum),
			Reason: "must be greater than zero",
			Err:    ErrInvalidArgument,
		}
	}
	if !mode.IsValid() {
		return Rounding{}, invalidMode("NewRounding", mode)
	}
	// What UnmarshalJSON reads back, so that every Rounding round-trips:
	// its canonical text within the bounds of ParseAmountWithin at
	// MaxAmountLength (a text of at most 64 bytes).
	if _, err := ParseAmountWithin(canonical(quantum), MaxAmountLength, MaxAmountLength); err != nil {
		return Rounding{}, &ArgError{
			Op:     "NewRounding",
			Arg:    "quantum",
			Value:  show(quantum),
			Reason: fmt.Sprintf("must be written in at most %d characters", MaxAmountLength),
			Err:    ErrInvalidArgument,
		}
	}
	return Rounding{quantum: quantum, mode: mode}, nil
}

// MustNewRounding is like [NewRounding] but panics on error. It is intended
// for tests and hard-coded rules.
func MustNewRounding(quantum decimal.Decimal, mode RoundingMode) Rounding {
	r, err := NewRounding(quantum, mode)
	if err != nil {
		panic(err)
	}
	return r
}

// Quantum returns the quantum, as given to [NewRounding] (zero for the zero
// Rounding).
func (r Rounding) Quantum() decimal.Decimal { return r.quantum }

// Mode returns the rounding mode (zero, not a mode, for the zero Rounding).
func (r Rounding) Mode() RoundingMode { return r.mode }

// IsValid reports whether r was built by [NewRounding], that is, whether it
// is not the zero Rounding.
func (r Rounding) IsValid() bool { return r.mode.IsValid() }

// Equal reports whether r and o round every value alike: the same mode and
// numerically equal quanta (0.01 and 0.010 are equal).
func (r Rounding) Equal(o Rounding) bool {
	return r.mode == o.mode && r.quantum.Equal(o.quantum)
}

// String returns the quantum and the mode name, e.g. "0.01 half-up", or
// "none" for the zero Rounding. The quantum keeps its own decimals ("0.010"
// stays "0.010") and does not depend on shopspring's formatting settings.
func (r Rounding) String() string {
	if !r.IsValid() {
		return "none"
	}
	return show(r.quantum) + " " + r.mode.String()
}

// Round returns the multiple of the quantum that the mode selects for x,
// exactly. If x already is a multiple (zero included) Round returns x itself;
// otherwise the result carries the quantum's exponent, so that rounding to
// 0.01 gives a value with two decimals. The zero Rounding returns x.
//
// Round works on integer quotients and remainders only (no division to a
// precision, no float): with n the integer part of |x|/quantum and r the
// remainder, the half modes compare 2r with the quantum, and HalfEven looks at
// the parity of n. Values with at most 18 significant digits within 18
// decimal places of the quantum take an int64 path; all others an exact
// big-integer path. Both give identical results. The cost of the exact path
// grows with the number of digits of the result, which [ParseAmount] bounds.
func (r Rounding) Round(x decimal.Decimal) decimal.Decimal {
	if !r.IsValid() || x.Sign() == 0 {
		return x
	}
	if y, ok := r.roundFast(x); ok {
		return y
	}
	return r.roundExact(x)
}

// roundFast rounds x in int64 units of the smaller of the two exponents. It
// reports false when an operand or the result does not fit.
func (r Rounding) roundFast(x decimal.Decimal) (decimal.Decimal, bool) {
	if x.NumDigits() > maxInt64Digits || r.quantum.NumDigits() > maxInt64Digits {
		return decimal.Decimal{}, false
	}
	ex, eq := x.Exponent(), r.quantum.Exponent()
	e := min(ex, eq)
	v, ok1 := scaleUp(x.CoefficientInt64(), int64(ex)-int64(e))
	q, ok2 := scaleUp(r.quantum.CoefficientInt64(), int64(eq)-int64(e))
	if !ok1 || !ok2 {
		return decimal.Decimal{}, false
	}
	y, err := RoundUnits(v, q, r.mode)
	if err != nil {
		return decimal.Decimal{}, false
	}
	if y == v {
		return x, true
	}
	// y is a multiple of q = coefficient·10^(eq-e), so dividing by 10^(eq-e)
	// is exact and expresses y with the quantum's exponent.
	return decimal.New(y/pow10(int(int64(eq)-int64(e))), eq), true
}

// roundExact rounds x with big integers. It never divides numbers whose size
// is not already that of x, the quantum or the result.
func (r Rounding) roundExact(x decimal.Decimal) decimal.Decimal {
	if x.Sign() == 0 {
		return x
	}
	neg := x.Sign() < 0
	ax := x.Abs()
	q := r.quantum
	b := q.Coefficient()
	k := int64(ax.Exponent()) - int64(q.Exponent())

	if k >= 0 {
		// In units of 10^eq, |x| = a·10^k and the quantum is b. Find
		// m = a·10^k mod 2b by modular exponentiation, which is cheap even
		// for a huge k: m mod b is the remainder and m ≥ b says the integer
		// quotient is odd.
		twoB := new(big.Int).Lsh(b, 1)
		m := new(big.Int).Exp(big.NewInt(10), big.NewInt(k), twoB)
		m.Mul(m, ax.Coefficient()).Mod(m, twoB)
		odd := m.Cmp(b) >= 0
		if odd {
			m.Sub(m, b)
		}
		if m.Sign() == 0 {
			return x
		}
		twoM := new(big.Int).Lsh(m, 1)
		y := ax.Sub(decimal.NewFromBigInt(m, q.Exponent()))
		if roundsAway(r.mode, neg, twoM.Cmp(b), odd) {
			y = y.Add(q)
		}
		if neg {
			y = y.Neg()
		}
		return y
	}

	// k < 0: the quantum has the larger exponent.
	if int64(ax.NumDigits())+k < 0 {
		// |x| < 10^(eq-1) < quantum/2: the quotient is 0 (even) and the
		// remainder, x itself, is less than half the quantum. Deciding here
		// keeps a tiny x (say 1e-2000000000) from scaling the quantum up.
		n := new(big.Int)
		if roundsAway(r.mode, neg, -1, false) {
			n.Set(b)
		}
		if neg {
			n.Neg(n)
		}
		return decimal.NewFromBigInt(n, q.Exponent())
	}
	// Here 10^-k ≤ 10^digits(x), so QuoRem scales nothing beyond the size of x.
	quo, rem := ax.QuoRem(q, 0)
	if rem.Sign() == 0 {
		return x
	}
	n := quo.Coefficient() // quo has exponent 0: n is the integer quotient
	if roundsAway(r.mode, neg, rem.Add(rem).Cmp(q), n.Bit(0) == 1) {
		n.Add(n, big.NewInt(1))
	}
	n.Mul(n, b)
	if neg {
		n.Neg(n)
	}
	return decimal.NewFromBigInt(n, q.Exponent())
}

// roundsAway reports whether a value with a non-zero remainder rounds to the
// multiple farther from zero. half compares twice the remainder with the
// quantum (-1 below half, 0 exactly half, +1 above); odd says whether the
// integer quotient of |value| by the quantum is odd.
func roundsAway(mode RoundingMode, neg bool, half int, odd bool) bool {
	switch mode {
	case HalfUp:
		return half >= 0
	case HalfEven:
		return half > 0 || half == 0 && odd
	case Up:
		return true
	case Floor:
		return neg
	case Ceiling:
		return !neg
	}
	return false // Down
}

// Apply rounds x like [Rounding.Round] and returns the step, for a caller
// that records every rounding in an explanation.
func (r Rounding) Apply(x decimal.Decimal) Step {
	return Step{Before: x, After: r.Round(x), Rounding: r}
}

// Step records one rounding: the value before, the value after, and the rule
// applied. It is what [Rounding.Apply] returns.
type Step struct {
	Before   decimal.Decimal
	After    decimal.Decimal
	Rounding Rounding
}

// Changed reports whether the rounding changed the value (numerically).
func (s Step) Changed() bool { return !s.Before.Equal(s.After) }

// Delta returns After − Before, the amount the rounding added (negative if it
// took some away).
func (s Step) Delta() decimal.Decimal { return s.After.Sub(s.Before) }

// String describes the step for people, e.g.
// "1234.565 -> 1234.57 (0.01 half-up)".
func (s Step) String() string {
	return show(s.Before) + " -> " + show(s.After) + " (" + s.Rounding.String() + ")"
}

// RoundUnits rounds v, a count of units (fen, cents, ...), to a multiple of
// quantum units by mode: RoundUnits(123450, 100, HalfUp) rounds 1234.50 yuan
// held in fen to whole yuan, 123500. It follows the same rules as
// [Rounding.Round]. A quantum below 1 is an [*ArgError] matching
// [ErrInvalidArgument], an invalid mode one matching [ErrInvalidRoundingMode],
// and a result outside int64 (rounding 9223372036854775807 up to a multiple of
// 100, say) one matching [ErrOverflow].
func RoundUnits(v, quantum int64, mode RoundingMode) (int64, error) {
	if quantum <= 0 {
		return 0, &ArgError{
			Op:     "RoundUnits",
			Arg:    "quantum",
			Value:  strconv.FormatInt(quantum, 10),
			Reason: "must be greater than zero",
			Err:    ErrInvalidArgument,
		}
	}
	if !mode.IsValid() {
		return 0, invalidMode("RoundUnits", mode)
	}
	rem := v % quantum // the sign of v, |rem| < quantum
	if rem == 0 {
		return v, nil
	}
	base := v - rem // v truncated toward zero; cannot overflow
	neg := v < 0
	absRem := rem
	if neg {
		absRem = -rem
	}
	// 2·absRem vs quantum, without overflow: absRem vs quantum − absRem.
	half := cmp.Compare(absRem, quantum-absRem)
	odd := (v/quantum)&1 != 0
	if !roundsAway(mode, neg, half, odd) {
		return base, nil
	}
	if neg {
		if base >= math.MinInt64+quantum {
			return base - quantum, nil
		}
	} else if base <= math.MaxInt64-quantum {
		return base + quantum, nil
	}
	return 0, &ArgError{
		Op:     "RoundUnits",
		Arg:    "v",
		Value:  strconv.FormatInt(v, 10),
		Reason: fmt.Sprintf("rounding %s to a multiple of %d overflows int64", mode, quantum),
		Err:    ErrOverflow,
	}
}

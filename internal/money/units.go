package money

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"strconv"

	"github.com/shopspring/decimal"
)

// MaxScale is the largest scale that [ToUnits] and [ParseUnits] accept: a
// count of 10^-18 units. The smallest is 0 (whole units).
const MaxScale = 18

// maxInt64Digits is the number of decimal digits that always fit an int64.
const maxInt64Digits = 18

// ToUnits returns d as an exact count of 10^-scale units: ToUnits(12.34, 2) is
// 1234 (fen or cents). It fails, with an [*ArgError], if scale is outside
// [0, MaxScale] ([ErrInvalidArgument]), if d has non-zero digits beyond scale
// decimal places ([ErrNotMultiple]: ToUnits(0.001, 2) does not round), or if
// the count does not fit an int64 ([ErrOverflow]).
func ToUnits(d decimal.Decimal, scale int32) (int64, error) {
	if scale < 0 || scale > MaxScale {
		return 0, badScale("ToUnits", int(scale))
	}
	u, st := unitsOf(d, int64(scale))
	switch st {
	case unitsInexact:
		return 0, &ArgError{
			Op:     "ToUnits",
			Arg:    "d",
			Value:  show(d),
			Reason: fmt.Sprintf("has non-zero digits beyond %d decimal places", scale),
			Err:    ErrNotMultiple,
		}
	case unitsOverflow:
		return 0, &ArgError{
			Op:     "ToUnits",
			Arg:    "d",
			Value:  show(d),
			Reason: fmt.Sprintf("out of int64 range at scale %d", scale),
			Err:    ErrOverflow,
		}
	}
	return u, nil
}

// FromUnits returns the decimal u·10^-scale, exactly, with exponent -scale:
// FromUnits(1234, 2) is 12.34. Every int32 scale works; a negative one counts
// tens, hundreds, and so on.
func FromUnits(u int64, scale int32) decimal.Decimal {
	if scale == math.MinInt32 {
		// -scale does not fit an int32 exponent; 10·u at the largest
		// exponent is the same value.
		return decimal.NewFromBigInt(new(big.Int).Mul(big.NewInt(u), big.NewInt(10)), math.MaxInt32)
	}
	return decimal.New(u, -scale)
}

// AddUnits returns a + b, or an [*ArgError] matching [ErrOverflow] if the sum
// does not fit an int64.
func AddUnits(a, b int64) (int64, error) {
	c := a + b
	if (b > 0 && c < a) || (b < 0 && c > a) {
		return 0, overflow("AddUnits", a, "+", b)
	}
	return c, nil
}

// SubUnits returns a − b, or an [*ArgError] matching [ErrOverflow] if the
// difference does not fit an int64.
func SubUnits(a, b int64) (int64, error) {
	c := a - b
	if (b > 0 && c > a) || (b < 0 && c < a) {
		return 0, overflow("SubUnits", a, "-", b)
	}
	return c, nil
}

// MulUnits returns a·b, or an [*ArgError] matching [ErrOverflow] if the
// product does not fit an int64. It multiplies a count of units by a plain
// number (months, heads, ...); scaling a product of two amounts is the
// caller's business.
func MulUnits(a, b int64) (int64, error) {
	c, ok := mulInt64(a, b)
	if !ok {
		return 0, overflow("MulUnits", a, "*", b)
	}
	return c, nil
}

// Sum returns the exact sum of xs, zero for none.
func Sum(xs ...decimal.Decimal) decimal.Decimal {
	var s decimal.Decimal
	for _, x := range xs {
		s = s.Add(x)
	}
	return s
}

func overflow(op string, a int64, sym string, b int64) error {
	return &ArgError{
		Op:     op,
		Value:  strconv.FormatInt(a, 10) + " " + sym + " " + strconv.FormatInt(b, 10),
		Reason: "overflows int64",
		Err:    ErrOverflow,
	}
}

func badScale(op string, scale int) error {
	return &ArgError{
		Op:     op,
		Arg:    "scale",
		Value:  strconv.Itoa(scale),
		Reason: "must be between 0 and " + strconv.Itoa(MaxScale),
		Err:    ErrInvalidArgument,
	}
}

// unitsStatus says why unitsOf failed.
type unitsStatus uint8

const (
	unitsOK       unitsStatus = iota
	unitsInexact              // non-zero digits beyond the scale
	unitsOverflow             // does not fit an int64
)

// unitsOf returns d·10^scale if that is an integer that fits an int64. It
// checks exactness before range, and never builds a number much larger than
// d's coefficient or an int64, whatever the exponents.
func unitsOf(d decimal.Decimal, scale int64) (int64, unitsStatus) {
	if d.Sign() == 0 {
		return 0, unitsOK
	}
	k := int64(d.Exponent()) + scale // d·10^scale = coefficient·10^k
	nd := d.NumDigits()
	if nd <= maxInt64Digits {
		c := d.CoefficientInt64()
		if k >= 0 {
			v, ok := scaleUp(c, k)
			if !ok {
				return 0, unitsOverflow
			}
			return v, unitsOK
		}
		if -k > maxInt64Digits {
			return 0, unitsInexact // c ≠ 0 has fewer digits than 10^-k has zeros
		}
		p := pow10(int(-k))
		if c%p != 0 {
			return 0, unitsInexact
		}
		return c / p, unitsOK
	}
	c := d.Coefficient()
	if k >= 0 {
		if k > maxInt64Digits {
			return 0, unitsOverflow // |c| ≥ 10^18, times 10^19 or more
		}
		c.Mul(c, bigPow10(k))
	} else {
		if -k >= int64(nd) {
			return 0, unitsInexact // 0 < |c| < 10^-k
		}
		var rem big.Int
		c.QuoRem(c, bigPow10(-k), &rem)
		if rem.Sign() != 0 {
			return 0, unitsInexact
		}
	}
	if !c.IsInt64() {
		return 0, unitsOverflow
	}
	return c.Int64(), unitsOK
}

// pow10 returns 10^k for 0 ≤ k ≤ 18.
func pow10(k int) int64 {
	p := int64(1)
	for range k {
		p *= 10
	}
	return p
}

// bigPow10 returns 10^k as a big.Int; callers keep k small.
func bigPow10(k int64) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(k), nil)
}

// scaleUp returns v·10^k, reporting false if it does not fit an int64 (or k
// is negative).
func scaleUp(v int64, k int64) (int64, bool) {
	if v == 0 {
		return 0, true
	}
	if k < 0 || k > maxInt64Digits {
		return 0, false
	}
	return mulInt64(v, pow10(int(k)))
}

// mulInt64 returns a·b, reporting false on int64 overflow.
func mulInt64(a, b int64) (int64, bool) {
	hi, lo := bits.Mul64(absU(a), absU(b))
	if hi != 0 {
		return 0, false
	}
	return signed(lo, (a < 0) != (b < 0))
}

// absU returns |v| as a uint64 (exact even for math.MinInt64).
func absU(v int64) uint64 {
	if v < 0 {
		return -uint64(v)
	}
	return uint64(v)
}

// signed returns the int64 with magnitude m and the given sign, reporting
// false if there is none (m > 2^63, or m = 2^63 and positive).
func signed(m uint64, neg bool) (int64, bool) {
	if neg {
		if m > 1<<63 {
			return 0, false
		}
		return int64(-m), true // -m wraps to the two's complement; 2^63 gives MinInt64
	}
	if m > math.MaxInt64 {
		return 0, false
	}
	return int64(m), true
}

package exact

import (
	"math"
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"
)

// Decimal returns r as a decimal when its decimal expansion is finite (its
// denominator has no prime factors but 2 and 5), with the fewest places
// that hold it exactly: 5/2 is 2.5, −1/8 is −0.125, 7 is 7. For any other r
// (1/3, 200/365) it returns false; use [Rat.RoundDecimal] to show those.
func (r Rat) Decimal() (decimal.Decimal, bool) {
	places, ok := r.terminating()
	if !ok {
		return decimal.Decimal{}, false
	}
	neg := r.num < 0
	if places <= 19 { // 10^places fits a uint64
		// den divides 10^places, so the division is exact.
		k := mul64(r.mag(), pow10(places)).quo64(r.den())
		return decimalOf(k, neg, int32(-places)), true
	}
	c := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	c.Mul(c, new(big.Int).SetUint64(r.mag()))
	c.Quo(c, new(big.Int).SetUint64(r.den()))
	if neg {
		c.Neg(c)
	}
	return decimal.NewFromBigInt(c, int32(-places)), true
}

// FromDecimal returns d as a Rat, exactly: 0.25 is 1/4, 1234.50 is 2469/2.
// A decimal whose reduced numerator or denominator exceeds MaxInt64 (more
// than 63 bits, or a fraction such as 1e−19 whose denominator 10^19 does not
// fit) is an [*Error] matching [ErrOverflow]. Decimals of up to 18 digits
// convert without allocating; longer ones take a big-integer path whose work
// is bounded by the size of d.
func FromDecimal(d decimal.Decimal) (Rat, error) {
	if r, ok := fromDecimal(d); ok {
		return r, nil
	}
	return Rat{}, &Error{Op: "FromDecimal", A: showDecimal(d), Err: ErrOverflow}
}

// MustFromDecimal is like [FromDecimal] but panics on error. It is intended
// for tests and hard-coded constants.
func MustFromDecimal(d decimal.Decimal) Rat {
	r, err := FromDecimal(d)
	if err != nil {
		panic(err)
	}
	return r
}

// maxDenPow10 is the largest k for which a fraction with denominator 10^k
// can reduce to a denominator that fits: after cancelling, the denominator
// is at least 2^k or 5^k, and 2^63 does not fit.
const maxDenPow10 = 62

// fromDecimal converts d and reports whether it fits.
func fromDecimal(d decimal.Decimal) (Rat, bool) {
	if d.Sign() == 0 {
		return Rat{}, true
	}
	exp := int64(d.Exponent())
	digits := int64(d.NumDigits())
	if digits <= 18 { // the coefficient fits an int64, and is not −2^63
		c := d.CoefficientInt64()
		return fromScaled(c < 0, absU(c), exp)
	}
	// |d| ≥ 10^(digits+exp−1): with digits + exp > 19 that is ≥ 10^19.
	if digits+exp > 19 {
		return Rat{}, false
	}
	c := d.Coefficient()
	neg := c.Sign() < 0
	c.Abs(c)
	k := -exp // ≥ digits − 19 ≥ 0
	if k > maxDenPow10 {
		// Only a coefficient divisible by 10^(k−62) can fit; that power has
		// fewer digits than c or c is not a multiple of it, so it is never
		// larger than the input.
		e := k - maxDenPow10
		if e >= digits {
			return Rat{}, false
		}
		p := new(big.Int).Exp(big.NewInt(10), big.NewInt(e), nil)
		var m big.Int
		c.QuoRem(c, p, &m)
		if m.Sign() != 0 {
			return Rat{}, false
		}
		k = maxDenPow10
	}
	q := new(big.Rat).SetFrac(c, new(big.Int).Exp(big.NewInt(10), big.NewInt(k), nil))
	num, den := q.Num(), q.Denom()
	if !num.IsUint64() || num.Uint64() > math.MaxInt64 || !den.IsUint64() || den.Uint64() > math.MaxInt64 {
		return Rat{}, false
	}
	return mk(neg, num.Uint64(), den.Uint64()), true
}

// fromScaled returns ±m·10^exp for 0 < m < 2^63 and reports whether it
// fits.
func fromScaled(neg bool, m uint64, exp int64) (Rat, bool) {
	if exp >= 0 {
		if exp > 18 {
			return Rat{}, false
		}
		n := mul64(m, pow10(int(exp)))
		if !n.fits() {
			return Rat{}, false
		}
		return mk(neg, n.lo, 1), true
	}
	k := -exp
	for k > 0 && m%10 == 0 {
		m /= 10
		k--
	}
	if k == 0 {
		return mk(neg, m, 1), true
	}
	if k > maxDenPow10 {
		return Rat{}, false
	}
	// m/10^k with m not a multiple of 10: cancel the 2s or the 5s m holds.
	twos := min(int64(bits.TrailingZeros64(m)), k)
	m >>= uint(twos)
	fives := int64(0)
	for fives < k && m%5 == 0 {
		m /= 5
		fives++
	}
	den := uint64(1) << uint(k-twos) // k − twos ≤ 62
	for range k - fives {
		if den > math.MaxInt64/5 {
			return Rat{}, false
		}
		den *= 5
	}
	return mk(neg, m, den), true
}

// decimalOf returns ±k·10^exp as a decimal.
func decimalOf(k u128, neg bool, exp int32) decimal.Decimal {
	if k.fits() {
		v := int64(k.lo)
		if neg {
			v = -v
		}
		return decimal.New(v, exp)
	}
	return decimal.NewFromBigInt(k.bigInt(neg), exp)
}

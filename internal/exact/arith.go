package exact

import (
	"math"
	"strconv"
)

// Add returns r + s. If the reduced sum does not fit, it returns an [*Error]
// matching [ErrOverflow]; it never allocates otherwise.
//
// With g = gcd(b, d), a/b + c/d = (a·(d/g) + c·(b/g)) / (b·(d/g)); the
// numerator t is formed in 128 bits, and the only common factor it can still
// share with the denominator divides g, so one more gcd(t mod g, g) leaves
// the sum in lowest terms (D. E. Knuth, TAOCP vol. 2, §4.5.1).
func (r Rat) Add(s Rat) (Rat, error) {
	if z, ok := add(r, s); ok {
		return z, nil
	}
	return Rat{}, newError("Add", r, s, ErrOverflow)
}

// Sub returns r − s, like [Rat.Add] with −s.
func (r Rat) Sub(s Rat) (Rat, error) {
	if z, ok := add(r, s.Neg()); ok {
		return z, nil
	}
	return Rat{}, newError("Sub", r, s, ErrOverflow)
}

// add returns r + s and whether it fits.
func add(r, s Rat) (Rat, bool) {
	if r.dm1 == 0 && s.dm1 == 0 {
		// Integers: |r| + |s| < 2^64, so the int64 sum wraps at most once
		// and the signs tell.
		z := r.num + s.num
		if (r.num >= 0) == (s.num >= 0) && (z >= 0) != (r.num >= 0) || z == math.MinInt64 {
			return Rat{}, false
		}
		return Rat{num: z}, true
	}
	b, d := r.den(), s.den()
	g := gcd(b, d)
	b1, d1 := b, d
	if g != 1 {
		b1, d1 = b/g, d/g
	}
	// t = a·d1 + c·b1 as a sign and a 128-bit magnitude; each product is
	// below 2^126, so neither the sum nor the difference wraps.
	x, y := mul64(r.mag(), d1), mul64(s.mag(), b1)
	xneg, yneg := r.num < 0, s.num < 0
	var t u128
	neg := xneg
	switch {
	case xneg == yneg:
		t = x.add(y)
	case x.cmp(y) >= 0:
		t = x.sub(y)
	default:
		t, neg = y.sub(x), yneg
	}
	if t.isZero() {
		return Rat{}, true
	}
	g2 := uint64(1)
	if g != 1 {
		g2 = gcd(t.rem64(g), g)
	}
	den := mul64(b1, d/g2)
	if !den.fits() || t.hi >= g2 { // t.hi ≥ g2 means t/g2 ≥ 2^64
		return Rat{}, false
	}
	n := t
	if g2 != 1 {
		n = t.quo64(g2)
	}
	if !n.fits() {
		return Rat{}, false
	}
	return mk(neg, n.lo, den.lo), true
}

// Mul returns r × s. If the reduced product does not fit, it returns an
// [*Error] matching [ErrOverflow]; it never allocates otherwise.
//
// The factors are cross-reduced first, a/b × c/d = (a/g₁ · c/g₂) / (b/g₂ ·
// d/g₁) with g₁ = gcd(a, d) and g₂ = gcd(c, b), which leaves the product in
// lowest terms; the two products are formed in 128 bits and checked.
func (r Rat) Mul(s Rat) (Rat, error) {
	if z, ok := mul(r.num < 0, r.mag(), r.den(), s.num < 0, s.mag(), s.den()); ok {
		return z, nil
	}
	return Rat{}, newError("Mul", r, s, ErrOverflow)
}

// MulInt returns r × n, for any int64 n (math.MinInt64 included). It is
// [Rat.Mul] without building a Rat from n first.
func (r Rat) MulInt(n int64) (Rat, error) {
	if z, ok := mul(r.num < 0, r.mag(), r.den(), n < 0, absU(n), 1); ok {
		return z, nil
	}
	return Rat{}, &Error{Op: "MulInt", A: r.String(), B: strconv.FormatInt(n, 10), Err: ErrOverflow}
}

// Quo returns r / s. A zero s is an [*Error] matching [ErrDivisionByZero];
// a reduced quotient that does not fit, one matching [ErrOverflow]. It is
// [Rat.Mul] by the reciprocal of s and never allocates on success.
func (r Rat) Quo(s Rat) (Rat, error) {
	if s.num == 0 {
		return Rat{}, newError("Quo", r, s, ErrDivisionByZero)
	}
	if z, ok := mul(r.num < 0, r.mag(), r.den(), s.num < 0, s.den(), s.mag()); ok {
		return z, nil
	}
	return Rat{}, newError("Quo", r, s, ErrOverflow)
}

// mul returns (±a/b) × (±c/d) for b, d ≥ 1, a/b and c/d in lowest terms and
// a, c ≤ 2^63, and whether the result fits.
func mul(aneg bool, a, b uint64, cneg bool, c, d uint64) (Rat, bool) {
	if a == 0 || c == 0 {
		return Rat{}, true
	}
	if d != 1 {
		if g := gcd(a, d); g != 1 {
			a, d = a/g, d/g
		}
	}
	if b != 1 {
		if g := gcd(c, b); g != 1 {
			c, b = c/g, b/g
		}
	}
	n, den := mul64(a, c), mul64(b, d)
	if !n.fits() || !den.fits() {
		return Rat{}, false
	}
	return mk(aneg != cneg, n.lo, den.lo), true
}

package exact

import (
	"math"
	"math/big"
	"math/bits"
)

// u128 is an unsigned 128-bit integer hi·2^64 + lo: the intermediate of every
// product of two int64 magnitudes. Only what the package needs is defined.
type u128 struct{ hi, lo uint64 }

// mul64 returns the full product x·y.
func mul64(x, y uint64) u128 {
	hi, lo := bits.Mul64(x, y)
	return u128{hi, lo}
}

// isZero reports whether x is 0.
func (x u128) isZero() bool { return x.hi|x.lo == 0 }

// isOne reports whether x is 1.
func (x u128) isOne() bool { return x.hi == 0 && x.lo == 1 }

// fits reports whether x is at most MaxInt64, the largest magnitude a
// numerator or denominator may have.
func (x u128) fits() bool { return x.hi == 0 && x.lo <= math.MaxInt64 }

// cmp compares x and y: -1, 0 or +1.
func (x u128) cmp(y u128) int {
	switch {
	case x.hi < y.hi:
		return -1
	case x.hi > y.hi:
		return 1
	case x.lo < y.lo:
		return -1
	case x.lo > y.lo:
		return 1
	}
	return 0
}

// add returns x + y. The callers' operands are below 2^127, so it does not
// wrap.
func (x u128) add(y u128) u128 {
	lo, c := bits.Add64(x.lo, y.lo, 0)
	hi, _ := bits.Add64(x.hi, y.hi, c)
	return u128{hi, lo}
}

// sub returns x − y for x ≥ y.
func (x u128) sub(y u128) u128 {
	lo, b := bits.Sub64(x.lo, y.lo, 0)
	hi, _ := bits.Sub64(x.hi, y.hi, b)
	return u128{hi, lo}
}

// rem64 returns x mod m for m > 0.
func (x u128) rem64(m uint64) uint64 { return bits.Rem64(x.hi, x.lo, m) }

// quo64 returns x / m (truncated) for m > 0.
func (x u128) quo64(m uint64) u128 {
	qhi, r := x.hi/m, x.hi%m
	qlo, _ := bits.Div64(r, x.lo, m)
	return u128{qhi, qlo}
}

// divMod returns the quotient and remainder of x / y for y > 0.
func (x u128) divMod(y u128) (q, r u128) {
	if y.hi == 0 {
		if x.hi == 0 {
			return u128{0, x.lo / y.lo}, u128{0, x.lo % y.lo}
		}
		qhi, rhi := x.hi/y.lo, x.hi%y.lo
		qlo, rlo := bits.Div64(rhi, x.lo, y.lo)
		return u128{qhi, qlo}, u128{0, rlo}
	}
	if x.cmp(y) < 0 {
		return u128{}, x
	}
	// y ≥ 2^64, so the quotient is below 2^64. Estimate it from the top 64
	// bits of y, normalised so that its top bit is set, and of x/2 (so that
	// the 128-by-64 division cannot overflow); the estimate is the true
	// quotient or one more, and one correction step fixes it (H. S. Warren,
	// Hacker's Delight, 2nd ed., §9-5, "unsigned doubleword division").
	s := uint(bits.LeadingZeros64(y.hi))
	v1 := y.hi<<s | y.lo>>(64-s) // for s == 0 the shift by 64 gives 0
	u1hi, u1lo := x.hi>>1, x.lo>>1|x.hi<<63
	q1, _ := bits.Div64(u1hi, u1lo, v1)
	q0 := q1 >> (63 - s)
	if q0 != 0 {
		q0--
	}
	// q0·y ≤ x: q0 is at most the true quotient.
	p := y.mulSmall(q0)
	r = x.sub(p)
	if r.cmp(y) >= 0 {
		q0++
		r = r.sub(y)
	}
	return u128{0, q0}, r
}

// mulSmall returns x·m for a product known to fit in 128 bits.
func (x u128) mulSmall(m uint64) u128 {
	hi, lo := bits.Mul64(x.lo, m)
	return u128{hi + x.hi*m, lo}
}

// bigInt returns x as a big.Int, negated if neg.
func (x u128) bigInt(neg bool) *big.Int {
	z := new(big.Int).SetUint64(x.hi)
	z.Lsh(z, 64)
	z.Or(z, new(big.Int).SetUint64(x.lo))
	if neg {
		z.Neg(z)
	}
	return z
}

// gcd returns the greatest common divisor of a and b, with gcd(0, b) = b.
// One Euclidean step first brings the larger operand below the smaller, which
// settles the common case of a small operand (100, 365) at once; Stein's
// binary algorithm, shifts and subtractions, does the rest.
func gcd(a, b uint64) uint64 {
	if a < b {
		a, b = b, a
	}
	if b <= 1 {
		if b == 0 {
			return a
		}
		return 1
	}
	a %= b
	if a == 0 {
		return b
	}
	shift := bits.TrailingZeros64(a | b)
	a >>= uint(bits.TrailingZeros64(a))
	b >>= uint(bits.TrailingZeros64(b))
	for a != b {
		if a > b {
			a, b = b, a
		}
		b -= a
		b >>= uint(bits.TrailingZeros64(b))
	}
	return a << uint(shift)
}

// pow10 returns 10^n for 0 ≤ n ≤ 19 (every power of ten below 2^64).
func pow10(n int) uint64 {
	p := uint64(1)
	for range n {
		p *= 10
	}
	return p
}

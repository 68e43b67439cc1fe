package exact

import (
	"math"
	"math/bits"
	"strconv"
)

// Rat is an exact rational number num/den in lowest terms, with a positive
// denominator and |num| and den at most MaxInt64 (2^63 − 1). The zero value
// is 0.
//
// Every value has exactly one representation, so Rats are comparable with ==
// and usable as map keys; [Rat.Cmp] orders them. A Rat is a small value
// (two words) and never holds a pointer.
type Rat struct {
	num int64
	// dm1 is den − 1, so that the zero value is 0/1 and the representation
	// stays unique. It lies in [0, MaxInt64 − 1].
	dm1 int64
}

// Int returns n as a Rat. Every int64 but −2^63 (math.MinInt64) is one; that
// one is an [*Error] matching [ErrOverflow], since a Rat keeps |num| ≤
// MaxInt64 so that [Rat.Neg] is always exact.
func Int(n int64) (Rat, error) {
	if n == math.MinInt64 {
		return Rat{}, &Error{Op: "Int", A: strconv.FormatInt(n, 10), Err: ErrOverflow}
	}
	return Rat{num: n}, nil
}

// New returns num/den in lowest terms, with the sign moved to the numerator:
// New(6, -4) is −3/2. A zero den is an [*Error] matching [ErrDivisionByZero];
// a reduced fraction whose numerator or denominator is 2^63 (New(1,
// math.MinInt64), say) is one matching [ErrOverflow].
func New(num, den int64) (Rat, error) {
	if den == 0 {
		return Rat{}, &Error{Op: "New", A: strconv.FormatInt(num, 10), B: "0", Err: ErrDivisionByZero}
	}
	a, b := absU(num), absU(den)
	g := gcd(a, b)
	a, b = a/g, b/g
	if a > math.MaxInt64 || b > math.MaxInt64 {
		return Rat{}, &Error{Op: "New", A: strconv.FormatInt(num, 10), B: strconv.FormatInt(den, 10), Err: ErrOverflow}
	}
	return mk((num < 0) != (den < 0), a, b), nil
}

// MustNew is like [New] but panics on error. It is intended for tests and
// hard-coded constants such as MustNew(1, 365).
func MustNew(num, den int64) Rat {
	r, err := New(num, den)
	if err != nil {
		panic(err)
	}
	return r
}

// mk builds a Rat from a sign and a reduced magnitude and denominator, both
// at most MaxInt64, den ≥ 1. A zero magnitude gives 0 whatever neg says.
func mk(neg bool, mag, den uint64) Rat {
	n := int64(mag)
	if neg {
		n = -n
	}
	return Rat{num: n, dm1: int64(den - 1)}
}

// absU returns |n| as a uint64, exact for every int64 (|−2^63| = 2^63).
func absU(n int64) uint64 {
	if n < 0 {
		return -uint64(n)
	}
	return uint64(n)
}

// Num returns the numerator, which carries the sign. It is never
// math.MinInt64.
func (r Rat) Num() int64 { return r.num }

// Den returns the denominator, at least 1 (also for the zero Rat).
func (r Rat) Den() int64 { return r.dm1 + 1 }

// den returns the denominator as a uint64.
func (r Rat) den() uint64 { return uint64(r.dm1) + 1 }

// mag returns |num|.
func (r Rat) mag() uint64 { return absU(r.num) }

// Sign returns −1, 0 or +1 as r is negative, zero or positive.
func (r Rat) Sign() int {
	switch {
	case r.num < 0:
		return -1
	case r.num > 0:
		return 1
	}
	return 0
}

// IsZero reports whether r is 0.
func (r Rat) IsZero() bool { return r.num == 0 }

// IsInt reports whether r is an integer (its denominator is 1).
func (r Rat) IsInt() bool { return r.dm1 == 0 }

// Neg returns −r. It is always exact: |num| never exceeds MaxInt64.
func (r Rat) Neg() Rat { return Rat{num: -r.num, dm1: r.dm1} }

// Cmp compares r and s exactly: −1 if r < s, 0 if r == s, +1 if r > s. It
// never overflows: the cross products are formed in 128 bits.
func (r Rat) Cmp(s Rat) int {
	rs, ss := r.Sign(), s.Sign()
	if rs != ss {
		if rs < ss {
			return -1
		}
		return 1
	}
	if r.dm1 == s.dm1 { // equal denominators, equal signs
		switch {
		case r.num < s.num:
			return -1
		case r.num > s.num:
			return 1
		}
		return 0
	}
	c := mul64(r.mag(), s.den()).cmp(mul64(s.mag(), r.den()))
	return c * rs
}

// Min returns the smaller of a and b.
func Min(a, b Rat) Rat {
	if b.Cmp(a) < 0 {
		return b
	}
	return a
}

// Max returns the larger of a and b.
func Max(a, b Rat) Rat {
	if b.Cmp(a) > 0 {
		return b
	}
	return a
}

// terminating reports whether r has a finite decimal expansion (its
// denominator is 2^x·5^y) and, if so, the number of decimal places it needs,
// max(x, y).
func (r Rat) terminating() (places int, ok bool) {
	d := r.den()
	x := bits.TrailingZeros64(d)
	d >>= uint(x)
	y := 0
	for d%5 == 0 {
		d /= 5
		y++
	}
	return max(x, y), d == 1
}

// String returns r as plain decimal text when its decimal expansion is
// finite, with exactly the places it needs ("3", "1234.5", "-0.25",
// "0.0078125"), and as "num/den" otherwise ("1/3", "-200/73"). The output is
// read back exactly by math/big's Rat.SetString. String does not use
// shopspring's formatting settings.
func (r Rat) String() string {
	var buf [64]byte
	return string(r.appendText(buf[:0]))
}

// appendText appends the text of [Rat.String] to b.
func (r Rat) appendText(b []byte) []byte {
	if r.dm1 == 0 {
		return strconv.AppendInt(b, r.num, 10)
	}
	places, ok := r.terminating()
	if !ok {
		b = strconv.AppendInt(b, r.num, 10)
		b = append(b, '/')
		return strconv.AppendUint(b, r.den(), 10)
	}
	if r.num < 0 {
		b = append(b, '-')
	}
	d := r.den()
	b = strconv.AppendUint(b, r.mag()/d, 10)
	b = append(b, '.')
	// Long division: each step multiplies the remainder (below d) by ten
	// and divides; the high word of rem·10 is below d, as Div64 requires.
	rem := r.mag() % d
	for range places {
		hi, lo := bits.Mul64(rem, 10)
		var digit uint64
		digit, rem = bits.Div64(hi, lo, d)
		b = append(b, byte('0'+digit))
	}
	return b
}

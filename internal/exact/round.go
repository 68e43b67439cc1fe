package exact

import (
	"strconv"

	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/shopspring/decimal"
)

// Round returns the multiple of quantum that mode selects for r, exactly,
// with the modes of [money.RoundingMode]: HalfUp (half away from zero),
// HalfEven, Down (toward zero), Up (away from zero), Floor and Ceiling. A
// multiple of quantum, zero included, is returned unchanged.
//
// The quantum may be any positive Rat: 1/100 for fen or cents, 1, 1/20, 100,
// even 1/3. A quantum that is not positive is an [*Error] matching
// [ErrInvalidQuantum], a mode that is not one of the six one matching
// [money.ErrInvalidRoundingMode], and a result that does not fit one
// matching [ErrOverflow]. Round never allocates on success.
//
// With n/d = |r|/quantum in lowest terms (formed in 128 bits after
// cross-reduction), k = ⌊n/d⌋ and the remainder m = n − k·d, the half modes
// compare 2m with d, HalfEven also looks at the parity of k, and the directed
// modes only at whether m is zero and at the sign of r. The result is k or
// k + 1 quanta, with r's sign.
func (r Rat) Round(quantum Rat, mode money.RoundingMode) (Rat, error) {
	if quantum.num <= 0 {
		return Rat{}, &Error{Op: "Round", A: r.String(), B: rule(quantum.String(), mode), Err: ErrInvalidQuantum}
	}
	if !mode.IsValid() {
		return Rat{}, &Error{Op: "Round", A: r.String(), B: rule(quantum.String(), mode), Err: money.ErrInvalidRoundingMode}
	}
	if z, ok := round(r, quantum, mode); ok {
		return z, nil
	}
	return Rat{}, &Error{Op: "Round", A: r.String(), B: rule(quantum.String(), mode), Err: ErrOverflow}
}

// round is Round for a positive quantum and a valid mode.
func round(r, quantum Rat, mode money.RoundingMode) (Rat, bool) {
	if r.num == 0 {
		return r, true
	}
	// |r| / quantum = (a/b) / (c/d) = (a·d) / (b·c), cross-reduced.
	a, b := r.mag(), r.den()
	c, d := uint64(quantum.num), quantum.den()
	g1, g2 := gcd(a, c), gcd(b, d)
	n := mul64(a/g1, d/g2)
	q := mul64(b/g2, c/g1)
	if q.isOne() {
		return r, true // r is a whole number of quanta
	}
	neg := r.num < 0
	k := roundQuo(n, q, neg, mode)
	if k.isZero() {
		return Rat{}, true
	}
	// k·c/d in lowest terms: c and d are coprime, so only gcd(k, d) cancels.
	if d != 1 {
		if g := gcd(k.rem64(d), d); g != 1 {
			k, d = k.quo64(g), d/g
		}
	}
	if k.hi != 0 {
		return Rat{}, false
	}
	num := mul64(k.lo, c)
	if !num.fits() {
		return Rat{}, false
	}
	return mk(neg, num.lo, d), true
}

// roundQuo returns n/d (d > 0) rounded to an integer by mode, for a value
// whose magnitude is n/d and whose sign is neg.
func roundQuo(n, d u128, neg bool, mode money.RoundingMode) u128 {
	k, m := n.divMod(d)
	if m.isZero() {
		return k
	}
	// 2m against d without overflow: m against d − m.
	if roundsAway(mode, neg, m.cmp(d.sub(m)), k.lo&1 == 1) {
		k = k.add(u128{0, 1})
	}
	return k
}

// roundsAway reports whether a value with a non-zero remainder goes to the
// multiple farther from zero. half compares twice the remainder with the
// divisor (−1 below half, 0 exactly half, +1 above); odd says whether the
// integer quotient of the magnitude is odd.
func roundsAway(mode money.RoundingMode, neg bool, half int, odd bool) bool {
	switch mode {
	case money.HalfUp:
		return half >= 0
	case money.HalfEven:
		return half > 0 || half == 0 && odd
	case money.Up:
		return true
	case money.Floor:
		return neg
	case money.Ceiling:
		return !neg
	}
	return false // money.Down
}

// MaxPlaces bounds the places of [Rat.RoundDecimal]: its quantum 10^−places
// must be a Rat, and 10^19 exceeds MaxInt64.
const MaxPlaces = 18

// RoundDecimal returns r rounded by mode to a multiple of 10^−places, as a
// decimal with exponent −places: RoundDecimal(2, HalfUp) of 1/3 is 0.33, of
// 2/3 is 0.67, of 5 is 5.00. It is for showing values that have no finite
// decimal expansion, such as day fractions, and for handing a rounded result
// to decimal code. Negative places round to tens, hundreds, ...
//
// Places outside −[MaxPlaces] … [MaxPlaces] are an [*Error] matching
// [ErrInvalidQuantum], an invalid mode one matching
// [money.ErrInvalidRoundingMode]. The result is a decimal, which has no upper
// bound, so there is no overflow. The decimal allocates, as all decimals do.
func (r Rat) RoundDecimal(places int32, mode money.RoundingMode) (decimal.Decimal, error) {
	if places < -MaxPlaces || places > MaxPlaces {
		return decimal.Decimal{}, &Error{Op: "RoundDecimal", A: r.String(), B: rule("1e"+strconv.Itoa(int(-int64(places))), mode), Err: ErrInvalidQuantum}
	}
	if !mode.IsValid() {
		return decimal.Decimal{}, &Error{Op: "RoundDecimal", A: r.String(), B: rule("1e"+strconv.Itoa(int(-int64(places))), mode), Err: money.ErrInvalidRoundingMode}
	}
	// |r|·10^places = n/d with n < 2^63·10^18 < 2^123 and d < 2^63·10^18.
	n, d := u128{0, r.mag()}, u128{0, r.den()}
	if places >= 0 {
		n = mul64(r.mag(), pow10(int(places)))
	} else {
		d = mul64(r.den(), pow10(int(-places)))
	}
	neg := r.num < 0
	k := roundQuo(n, d, neg, mode)
	return decimalOf(k, neg, -places), nil
}

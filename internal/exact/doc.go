// Package exact is the fast inner arithmetic of the subsidy engine: exact
// rational numbers in two int64 words, checked on every operation, rounded
// only where a rule says so.
//
// A subsidy is typically an amount times a rate times a fraction of a year:
// 6000 × 1.3 × 200/365. The last factor has no finite decimal expansion, so
// decimal arithmetic must either round in the middle of the computation or
// carry ever longer digits; shopspring's decimal also allocates on every
// operation. Here the whole chain is exact (6000 × 13/10 × 200/365 =
// 312000/73), and the single declared rounding (to 0.01, half up: 4273.97)
// happens at the end.
//
// # Representation
//
// A [Rat] is num/den with den ≥ 1 and gcd(|num|, den) = 1, always reduced,
// with |num| ≤ MaxInt64 and den ≤ MaxInt64 (2^63 − 1). −2^63 is deliberately
// out of range, so that [Rat.Neg] is always exact. The zero value is 0, and
// every value has exactly one representation, so == is numeric equality.
//
// Build Rats with [Int], [New] (any int64 numerator and non-zero
// denominator, reduced, sign moved to the numerator) and [FromDecimal]
// (exact). [MustNew] and [MustFromDecimal] panic instead of returning an
// error and are meant for tests and hard-coded constants.
//
// # Limits and overflow
//
// Every operation is checked, and none wraps. Intermediates are formed in
// 128 bits (math/bits), and operands are cross-reduced by their greatest
// common divisors before they are multiplied, so a result is refused only if
// its reduced numerator or denominator really exceeds MaxInt64: then the
// operation returns an [*Error] matching [ErrOverflow], never a wrong value.
// Numerators multiply: a chain of products fits when the product of the
// numerators, after cancelling, stays at most MaxInt64 ≈ 9.2·10^18, and
// likewise the denominators. For a prorated subsidy, amount × rate ×
// days/365, that covers amounts below 10^13 yuan held to the fen (at most
// 10^15 − 1 fen) at a rate such as 1.3 (13/10) for up to 366 days:
// 999999999999999 × 13 × 366 ≈ 4.8·10^18 even if nothing cancels. The same
// amount held to four decimals, or a rate
// with three significant digits (0.333 = 333/1000) on an amount that large,
// can exceed the range; the operation then reports [ErrOverflow], and a
// caller that must accept such inputs computes that case with decimals.
//
// Add, Sub, Mul, MulInt, Quo, Round, Cmp and the accessors never allocate
// when they succeed; only a failure allocates, for its error.
//
// # Operations
//
// [Rat.Add], [Rat.Sub], [Rat.Mul], [Rat.Quo] and [Rat.MulInt] return a
// result and an error. [Rat.Cmp], [Rat.Sign], [Min] and [Max] compare
// exactly and cannot fail: Cmp compares the 128-bit cross products.
//
// # Rounding
//
// [Rat.Round] returns the multiple of a positive quantum (1/100 for fen or
// cents, 1, 1/20, 100, 1/3, any positive Rat) that a [money.RoundingMode]
// selects, exactly as money.Rounding does for decimals: HalfUp (half away
// from zero, the Chinese 四舍五入 and German kaufmännische Rundung), HalfEven
// (banker's rounding), Down (toward zero), Up (away from zero), Floor and
// Ceiling. With n/d = |r|/quantum, k = ⌊n/d⌋ and m = n − k·d, the half modes
// compare 2m with d, HalfEven also looks at the parity of k, and the directed
// modes only at whether m is zero and at the sign of r; the result is k or
// k + 1 quanta with r's sign. There is no division to a precision anywhere.
//
// [Rat.RoundDecimal] rounds to 10^−places (|places| ≤ [MaxPlaces]) and
// returns a decimal with exactly that many places, for explanations and for
// handing results back to decimal code.
//
// # Conversions and text
//
// [FromDecimal] is exact: 1234.50 becomes 2469/2. [Rat.Decimal] is its
// inverse for values with a finite decimal expansion (denominator 2^x·5^y)
// and reports false for the others. [Rat.String] writes a finite expansion as
// plain decimal text with the places it needs ("1234.5", "-0.25") and any
// other value as "num/den" ("1/3"); math/big's Rat.SetString reads both back.
// Nothing here uses binary floating point or shopspring's package-level
// settings.
//
// # Errors
//
// Bad input returns an error, never a panic (only the Must functions panic).
// Every error is an [*Error] naming the operation and its operands, and
// matches one sentinel with errors.Is:
//
//   - [ErrOverflow]: a reduced result outside the int64 range above.
//   - [ErrDivisionByZero]: a zero denominator for New or divisor for Quo.
//   - [ErrInvalidQuantum]: a quantum that is not positive, or places outside
//     −18 … 18.
//   - [money.ErrInvalidRoundingMode]: a mode that is not one of the six (the
//     zero mode included). The mode type is money's, and so is its error.
package exact

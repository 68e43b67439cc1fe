// Package money is the exact money kernel of dualtrack: declared rounding to
// a quantum, proportional allocation that never loses or creates a fen, a
// bounded parser for amounts read from CSV and JSON, and checked int64
// arithmetic on counts of minor units.
//
// # Representation
//
// Amounts are [decimal.Decimal] values (github.com/shopspring/decimal) at
// every API edge: an arbitrary-precision integer coefficient c and an int32
// exponent e, value c·10^e. Nothing here uses binary floating point, divides
// to an implicit precision, or reads or sets shopspring's package-level
// settings; values are compared with Cmp and Equal, never ==.
//
// Inside, where speed matters, amounts become int64 counts of units: fen or
// cents (10^-2), or any 10^-scale with 0 ≤ scale ≤ [MaxScale] ([ToUnits],
// [FromUnits], [ParseUnits]), or multiples of a quantum ([RoundUnits],
// [AllocateUnits]). Every int64 operation is checked: an overflow is either an
// error ([ErrOverflow]) or, inside [Rounding.Round] and [Allocate], a switch
// to an exact big-integer path. It never wraps silently. Products are formed
// in 128 bits (math/bits) where they can exceed 64.
//
// # Rounding
//
// A [Rounding] rounds to a multiple of a positive quantum — 0.01 (fen,
// cents), 1 (whole yuan or euros), 0.05, 100, any positive decimal — by one
// of six [RoundingMode] values. The zero RoundingMode is deliberately not a
// mode, so a rule that forgets to name one fails to build. The table shows
// each mode with quantum 1:
//
//	x      HalfUp  HalfEven  Down  Up   Floor  Ceiling
//	 2.5     3       2        2     3     2      3
//	 3.5     4       4        3     4     3      4
//	 2.4     2       2        2     3     2      3
//	 2.6     3       3        2     3     2      3
//	 2       2       2        2     2     2      2
//	-2.5    -3      -2       -2    -3    -3     -2
//	-3.5    -4      -4       -3    -4    -4     -3
//	-2.4    -2      -2       -2    -3    -3     -2
//	-2.6    -3      -3       -2    -3    -3     -2
//
// HalfUp is the Chinese 四舍五入 (half away from zero, so −2.5 → −3);
// HalfEven is banker's rounding. With quantum 0.05, 1.025 lies exactly half
// way between 1.00 and 1.05: HalfUp gives 1.05, HalfEven 1.00 (20 quanta is
// even, 21 odd).
//
// Rounding is exact: with n the integer part of |x|/quantum and r the
// remainder, the half modes compare 2r with the quantum, HalfEven also looks
// at the parity of n, and the directed modes only at whether r is zero and at
// the sign of x. [Rounding.Apply] returns a [Step] (before, after, rule) so
// that every rounding can be shown in an explanation.
//
// # Allocation
//
// [Allocate] splits a total into parts proportional to non-negative weights,
// each part a multiple of a quantum, the parts adding up to exactly the total
// (a total that is not itself a multiple of the quantum is an error: round it
// first, visibly). It uses the largest-remainder (Hamilton) method: with n
// quanta in |total| and weights summing to W, part i gets floor(n·wᵢ/W)
// quanta, and the few quanta left over go one each to the parts with the
// largest remainders of n·wᵢ/W, compared exactly. Equal remainders go to the
// lower index first, so the order of the weights is the tie-break and the
// result is deterministic. A negative total is allocated as its absolute
// value and every part negated. Each part is within one quantum of its exact
// share, and a zero weight gets exactly zero. [AllocateEqually] uses n equal
// weights (100.00 in three parts at 0.01: 33.34, 33.33, 33.33);
// [AllocateUnits] is the same method on int64 counts.
//
// # Parsing
//
// [ParseAmount] reads the number syntax shared by CSV and JSON:
//
//	amount   = [sign] digits ["." digits] [exponent]
//	exponent = ("e" | "E") [sign] digits
//	sign     = "+" | "-"
//	digits   = "0" … "9", one or more
//
// It is bounded before any arithmetic: at most [MaxAmountLength] (64) bytes,
// at most [MaxExponentDigits] (4) exponent digits, and, once the exponent is
// applied, at most [MaxIntegerDigits] (18) significant digits before the
// point and [MaxFractionDigits] (12) after it (trailing zeros do not count).
// So "1e999999999" and "1e-999999999" fail at once, without allocating
// anything proportional to the exponent. [ParseUnits] reads the same syntax
// straight into an int64 count of 10^-scale units, with the int64 range and
// the scale ("0.001" does not fit cents) in place of the digit bounds.
//
// Other entry points accept any decimal.Decimal and stay exact. Where an
// error can be returned, absurd sizes are refused (Allocate refuses a total in
// quanta, or weights scaled to integers, of more than 100 digits);
// [Rounding.Round], which has no error, takes time and memory in proportion
// to the digits of its exact result.
//
// # Errors
//
// Bad input returns an error, never a panic (only MustNewRounding and
// MustParseAmount, meant for tests and hard-coded values, panic). Every
// message names the function or input and the bad value, and every error
// matches one sentinel with errors.Is:
//
//   - [ErrInvalidAmount]: text that does not parse or is out of bounds; the
//     error is an [*AmountError] holding the input.
//   - [ErrInvalidRoundingMode]: a mode that is not one of the six, or an
//     unknown mode name.
//   - [ErrInvalidArgument]: a quantum that is not positive, a scale outside
//     [0, MaxScale], no weights, a negative weight, all weights zero, or
//     a part count outside [1, 1048576].
//   - [ErrNotMultiple]: a total that is not a multiple of the quantum, or a
//     decimal with digits beyond the scale of its units.
//   - [ErrOverflow]: an int64 result or intermediate that does not fit, or
//     an allocation beyond the digit bound.
//
// All but AmountError are [*ArgError] values naming the function, the
// argument and its value.
package money

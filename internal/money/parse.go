package money

import (
	"fmt"
	"math/big"
	"strconv"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Bounds on the text that [ParseAmount] and [ParseUnits] accept. They are
// checked on the text, before any arithmetic, so a hostile input such as
// "1e999999999" fails at once without allocating anything proportional to
// its exponent.
const (
	// MaxAmountLength is the longest text accepted, in bytes.
	MaxAmountLength = 64
	// MaxExponentDigits is the most digits an exponent may have (leading
	// zeros included), so an exponent lies within ±9999.
	MaxExponentDigits = 4
	// MaxIntegerDigits is the most significant digits ParseAmount accepts
	// before the decimal point, after the exponent is applied: amounts
	// below 10^18.
	MaxIntegerDigits = 18
	// MaxFractionDigits is the most decimal places ParseAmount accepts after
	// the exponent is applied, not counting trailing zeros: amounts are
	// multiples of 10^-12.
	MaxFractionDigits = 12
)

// ParseAmount parses a decimal amount as written in CSV or JSON text:
//
//	amount   = [sign] digits ["." digits] [exponent]
//	exponent = ("e" | "E") [sign] digits      (at most MaxExponentDigits digits)
//	sign     = "+" | "-"
//	digits   = one or more of "0" … "9"
//
// Nothing else is accepted: no spaces, thousands separators, currency
// symbols, hexadecimal, "NaN" or "Inf", and no bare point (".5", "5.").
// Leading zeros are allowed. The text must be at most [MaxAmountLength]
// bytes, and its value, after applying the exponent, must have at most
// [MaxIntegerDigits] significant digits before the point and at most
// [MaxFractionDigits] after it (trailing zeros do not count).
//
// The result is exact. Its exponent is the written one (the number of
// decimals, less the exponent) clamped to [-MaxFractionDigits, 0]: "12.50"
// gives 1250·10^-2, "1.5e3" gives 1500, "-0" gives zero.
//
// Every error is an [*AmountError] matching [ErrInvalidAmount].
func ParseAmount(s string) (decimal.Decimal, error) {
	return parseAmount(s, MaxIntegerDigits, MaxFractionDigits)
}

// ParseAmountWithin is [ParseAmount] with other digit bounds: at most
// maxInt significant digits before the point and maxFrac after it, each
// clamped to [0, MaxAmountLength], so that the value never has more digits
// than that each side, whatever the exponent. The result's exponent is
// clamped to [-maxFrac, 0]. It reads
// values that are exact results of arithmetic on amounts, such as a product
// of an amount and a share, which may need more places than an amount.
func ParseAmountWithin(s string, maxInt, maxFrac int) (decimal.Decimal, error) {
	return parseAmount(s, min(max(maxInt, 0), MaxAmountLength), min(max(maxFrac, 0), MaxAmountLength))
}

func parseAmount(s string, maxInt, maxFrac int) (decimal.Decimal, error) {
	num, reason := lex(s)
	if reason != "" {
		return decimal.Decimal{}, &AmountError{Input: s, Reason: reason}
	}
	f, l, pt := num.first, num.last, len(num.whole)+num.exp
	if f >= 0 {
		if pt-f > maxInt {
			return decimal.Decimal{}, &AmountError{Input: s, Reason: fmt.Sprintf("more than %d integer digits", maxInt)}
		}
		if l+1-pt > maxFrac {
			return decimal.Decimal{}, &AmountError{Input: s, Reason: fmt.Sprintf("more than %d decimal places", maxFrac)}
		}
	}
	exp := min(max(num.exp-len(num.frac), -maxFrac), 0)
	if f < 0 {
		return decimal.New(0, int32(exp)), nil
	}
	// The coefficient is the digits from the first non-zero one to the
	// position of 10^exp: at most maxInt+maxFrac of them.
	end := pt - exp
	if end-f <= maxInt64Digits {
		c := int64(num.digitsTo(end))
		if num.neg {
			c = -c
		}
		return decimal.New(c, int32(exp)), nil
	}
	c := new(big.Int)
	ten := big.NewInt(10)
	// In chunks of 18 digits, each of which fits an int64.
	for i := f; i < end; {
		n := min(maxInt64Digits, end-i)
		var chunk int64
		for j := range n {
			chunk = chunk*10 + int64(num.digit(i+j))
		}
		c.Mul(c, new(big.Int).Exp(ten, big.NewInt(int64(n)), nil))
		c.Add(c, big.NewInt(chunk))
		i += n
	}
	if num.neg {
		c.Neg(c)
	}
	return decimal.NewFromBigInt(c, int32(exp)), nil
}

// MustParseAmount is like [ParseAmount] but panics on error. It is intended
// for tests and hard-coded values.
func MustParseAmount(s string) decimal.Decimal {
	d, err := ParseAmount(s)
	if err != nil {
		panic(err)
	}
	return d
}

// ParseUnits parses an amount in the grammar of [ParseAmount] directly into
// an int64 count of 10^-scale units, without building a decimal: with scale 2,
// "12.34" gives 1234 and "1.5e1" gives 1500. It is the fast path for reading
// fen or cents from CSV.
//
// The length and exponent bounds of ParseAmount apply; the digit bounds are
// replaced by the unit's own: the text may have no non-zero digit beyond
// scale decimal places ("0.001" at scale 2 is an error, not a rounding), and
// the count must fit an int64. Errors in the text are [*AmountError] values
// matching [ErrInvalidAmount]; a scale outside [0, MaxScale] is an
// [*ArgError] matching [ErrInvalidArgument].
func ParseUnits(s string, scale int) (int64, error) {
	if scale < 0 || scale > MaxScale {
		return 0, badScale("ParseUnits", scale)
	}
	num, reason := lex(s)
	if reason != "" {
		return 0, &AmountError{Input: s, Reason: reason}
	}
	f, l, pt := num.first, num.last, len(num.whole)+num.exp
	if f < 0 {
		return 0, nil
	}
	if l+1-pt > scale {
		return 0, &AmountError{Input: s, Reason: fmt.Sprintf("non-zero digits beyond %d decimal places", scale)}
	}
	end := pt + scale // the position of the units digit, plus one
	if end-f > 19 {
		return 0, &AmountError{Input: s, Reason: fmt.Sprintf("out of int64 range at scale %d", scale)}
	}
	m := num.digitsTo(end) // at most 19 digits: below 2^64
	u, ok := signed(m, num.neg)
	if !ok {
		return 0, &AmountError{Input: s, Reason: fmt.Sprintf("out of int64 range at scale %d", scale)}
	}
	return u, nil
}

// number is the lexical form of an amount: its sign, the digits before and
// after the point, and the exponent. Positions below count digits of
// whole+frac from 0; once the exponent is applied the decimal point sits
// before position len(whole)+exp, so the value has pt−first significant
// digits before the point and last+1−pt after it, whichever are positive.
type number struct {
	neg   bool
	whole string // digits before the point, at least one
	frac  string // digits after the point, possibly none
	exp   int    // |exp| < 10^MaxExponentDigits

	first, last int    // positions of the first and last non-zero digit; -1 for zero
	sig         int    // the number of digits from first to the end of whole+frac
	mant        uint64 // their value, if sig ≤ 19
}

// digit returns the digit at position i, 0 beyond the written digits.
func (n *number) digit(i int) byte {
	switch {
	case i < len(n.whole):
		return n.whole[i] - '0'
	case i < len(n.whole)+len(n.frac):
		return n.frac[i-len(n.whole)] - '0'
	}
	return 0
}

// digitsTo returns the value of the digits from first up to position end
// (exclusive), zeros beyond the written digits. The caller ensures that
// first < end ≤ first+19 and that no non-zero digit lies at end or after.
func (n *number) digitsTo(end int) uint64 {
	written := len(n.whole) + len(n.frac)
	if n.sig <= 19 {
		// Both shifts are at most 18 places: end−first ≤ 19 and sig ≥ 1.
		if end >= written {
			return n.mant * uint64(pow10(end-written))
		}
		return n.mant / uint64(pow10(written-end)) // drops zeros only
	}
	var v uint64
	for i := n.first; i < end; i++ {
		v = v*10 + uint64(n.digit(i))
	}
	return v
}

// lex checks s against the grammar and the length and exponent bounds. It
// returns the reason for rejecting s, or "".
func lex(s string) (number, string) {
	n := number{first: -1, last: -1}
	if s == "" {
		return n, "empty"
	}
	if len(s) > MaxAmountLength {
		return n, fmt.Sprintf("longer than %d bytes", MaxAmountLength)
	}
	i := 0
	if s[i] == '+' || s[i] == '-' {
		n.neg = s[i] == '-'
		i++
	}
	start := i
	i = n.digits(s, i, 0)
	n.whole = s[start:i]
	if n.whole == "" {
		switch {
		case i == len(s):
			return n, "no digits"
		case s[i] == '.':
			return n, "no digit before the decimal point"
		}
		return n, unexpected(s, i)
	}
	if i < len(s) && s[i] == '.' {
		i++
		start = i
		i = n.digits(s, i, len(n.whole))
		n.frac = s[start:i]
		if n.frac == "" {
			return n, "no digit after the decimal point"
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		neg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			neg = s[i] == '-'
			i++
		}
		start = i
		for i < len(s) && isDigit(s[i]) {
			if i-start == MaxExponentDigits {
				return n, fmt.Sprintf("exponent has more than %d digits", MaxExponentDigits)
			}
			n.exp = n.exp*10 + int(s[i]-'0')
			i++
		}
		if i == start {
			return n, "no digits in the exponent"
		}
		if neg {
			n.exp = -n.exp
		}
	}
	if i < len(s) {
		return n, unexpected(s, i)
	}
	return n, ""
}

// digits scans the run of digits of s from byte i, which are digits from
// position pos on, records first, last, sig and mant, and returns the byte
// after the run.
func (n *number) digits(s string, i, pos int) int {
	for ; i < len(s) && isDigit(s[i]); i, pos = i+1, pos+1 {
		d := s[i] - '0'
		if d != 0 {
			if n.first < 0 {
				n.first = pos
			}
			n.last = pos
		}
		if n.first >= 0 {
			if n.sig < 19 {
				n.mant = n.mant*10 + uint64(d)
			}
			n.sig++
		}
	}
	return i
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// unexpected describes the byte at s[i] that does not fit the grammar.
func unexpected(s string, i int) string {
	if c := s[i]; c < utf8.RuneSelf {
		return fmt.Sprintf("unexpected %s at byte %d", strconv.QuoteRune(rune(c)), i)
	}
	return fmt.Sprintf("unexpected non-ASCII byte 0x%02x at byte %d", s[i], i)
}

package money

import (
	"cmp"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// maxAllocDigits bounds the integers of the exact allocation path: the total
// in quanta and each weight scaled to an integer must have at most this many
// decimal digits. Amounts from ParseAmount are far inside it.
const maxAllocDigits = 100

// Allocate splits total into len(weights) parts proportional to the weights.
// Every part is a whole multiple of quantum, and the parts add up to exactly
// total. The method is the largest-remainder method:
//
//  1. With n = |total|/quantum quanta and W the sum of the weights, part i
//     first gets floor(n·wᵢ/W) quanta.
//  2. The quanta left over (fewer than the number of weights) go one each to
//     the parts with the largest remainders of n·wᵢ/W, compared exactly; equal
//     remainders go to the lower index first.
//  3. A negative total is allocated as |total| and every part negated.
//
// So each part is within one quantum of its exact share, a zero weight gets
// exactly zero, and the result depends only on the inputs (the order of the
// weights matters only for ties). Every part has the quantum's exponent.
//
// Allocate takes an int64 path ([AllocateUnits]) when the total in quanta and
// the weights, scaled to integers by their smallest exponent, fit an int64,
// and an exact big-integer path otherwise; the results are identical.
//
// Errors are [*ArgError] values naming the argument: a quantum that is not
// positive, no weights, a negative weight, or all weights zero
// ([ErrInvalidArgument]); a total that is not a multiple of quantum
// ([ErrNotMultiple]); and, on the exact path, a total in quanta or a scaled
// weight of more than 100 digits ([ErrOverflow]).
func Allocate(total decimal.Decimal, weights []decimal.Decimal, quantum decimal.Decimal) ([]decimal.Decimal, error) {
	return allocate("Allocate", total, weights, quantum, true)
}

// maxEqualParts bounds the n of AllocateEqually, so that a wild n is an
// error rather than an attempt to allocate memory for it.
const maxEqualParts = 1 << 20

// AllocateEqually splits total into n parts that differ by at most one
// quantum and add up to exactly total, the larger parts first: 100.00 in 3
// parts at 0.01 is 33.34, 33.33, 33.33. It is [Allocate] with n equal weights
// and has the same errors, plus n outside [1, 1048576] ([ErrInvalidArgument]).
func AllocateEqually(total decimal.Decimal, n int, quantum decimal.Decimal) ([]decimal.Decimal, error) {
	if n < 1 || n > maxEqualParts {
		return nil, &ArgError{
			Op:     "AllocateEqually",
			Arg:    "n",
			Value:  strconv.Itoa(n),
			Reason: "must be between 1 and " + strconv.Itoa(maxEqualParts),
			Err:    ErrInvalidArgument,
		}
	}
	weights := make([]decimal.Decimal, n)
	one := decimal.New(1, 0) // shared read-only by all entries
	for i := range weights {
		weights[i] = one
	}
	return allocate("AllocateEqually", total, weights, quantum, true)
}

// AllocateUnits is [Allocate] on int64 counts: it splits total quanta into
// parts proportional to the weights by the same largest-remainder method and
// tie-break, and the parts add up to exactly total. The products total·wᵢ are
// formed in 128 bits, so they cannot overflow. Errors are [*ArgError] values:
// no weights, a negative weight, or all weights zero ([ErrInvalidArgument]),
// and a sum of weights beyond math.MaxInt64 ([ErrOverflow]).
func AllocateUnits(total int64, weights []int64) ([]int64, error) {
	const op = "AllocateUnits"
	if len(weights) == 0 {
		return nil, noWeights(op)
	}
	for i, w := range weights {
		if w < 0 {
			return nil, negativeWeight(op, i, strconv.FormatInt(w, 10))
		}
	}
	var sum uint64
	for i, w := range weights {
		sum += uint64(w) // both below 2^63: cannot wrap
		if sum > math.MaxInt64 {
			return nil, &ArgError{
				Op:     op,
				Arg:    "weights",
				Value:  listValue(len(weights), func(i int) string { return strconv.FormatInt(weights[i], 10) }),
				Reason: "the sum of the weights overflows int64 (at weights[" + strconv.Itoa(i) + "])",
				Err:    ErrOverflow,
			}
		}
	}
	if sum == 0 {
		return nil, zeroWeights(op, len(weights), func(i int) string { return strconv.FormatInt(weights[i], 10) })
	}
	return allocateUnits(total, weights, sum), nil
}

// allocateUnits is the int64 largest-remainder method; weights are
// non-negative and sum to sum > 0.
func allocateUnits(total int64, weights []int64, sum uint64) []int64 {
	m := absU(total)
	mags := make([]uint64, len(weights))
	rems := make([]uint64, len(weights))
	var given uint64
	for i, w := range weights {
		// m·w/sum ≤ m < 2^64, so the high word is below sum and Div64 is safe.
		hi, lo := bits.Mul64(m, uint64(w))
		mags[i], rems[i] = bits.Div64(hi, lo, sum)
		given += mags[i]
	}
	if left := m - given; left > 0 {
		// Only parts with a non-zero remainder can receive a leftover quantum
		// (there are more of them than quanta left over).
		keys := make([]remKey[uint64], 0, len(weights))
		for i, r := range rems {
			if r != 0 {
				keys = append(keys, remKey[uint64]{r, i})
			}
		}
		selectFirst(keys, int(left), compareRemKeys)
		for _, k := range keys[:left] {
			mags[k.idx]++
		}
	}
	parts := make([]int64, len(weights))
	for i, mag := range mags {
		parts[i], _ = signed(mag, total < 0) // mag ≤ |total|: always fits
	}
	return parts
}

// remKey is a remainder and the index of its part.
type remKey[R any] struct {
	rem R
	idx int
}

// compareRemKeys orders larger remainders first, equal ones by lower index.
func compareRemKeys(a, b remKey[uint64]) int {
	if c := cmp.Compare(b.rem, a.rem); c != 0 {
		return c
	}
	return cmp.Compare(a.idx, b.idx)
}

// compareBigRemKeys is compareRemKeys for the exact path.
func compareBigRemKeys(a, b remKey[*big.Int]) int {
	if c := b.rem.Cmp(a.rem); c != 0 {
		return c
	}
	return cmp.Compare(a.idx, b.idx)
}

// selectFirst reorders s so that s[:k] holds the k first elements in the
// order of compare (which must be a strict total order), in no particular
// order among themselves. It is a quickselect: linear on average, with a
// fallback to sorting if the partitions keep coming out lopsided. The set it
// selects is fixed by the order, whatever pivots it picks.
func selectFirst[T any](s []T, k int, compare func(a, b T) int) {
	lo, hi := 0, len(s) // the k-th boundary lies in s[lo:hi]
	for budget := 2 * bits.Len(uint(len(s))); hi-lo > 16; budget-- {
		if budget == 0 {
			break
		}
		// Median of three as the pivot, moved to the end of the range.
		m := lo + (hi-lo)/2
		if compare(s[m], s[lo]) < 0 {
			s[m], s[lo] = s[lo], s[m]
		}
		if compare(s[hi-1], s[lo]) < 0 {
			s[hi-1], s[lo] = s[lo], s[hi-1]
		}
		if compare(s[m], s[hi-1]) < 0 {
			s[m], s[hi-1] = s[hi-1], s[m]
		}
		// Lomuto partition: s[lo:p] before the pivot, s[p] the pivot.
		p := lo
		for i := lo; i < hi-1; i++ {
			if compare(s[i], s[hi-1]) < 0 {
				s[i], s[p] = s[p], s[i]
				p++
			}
		}
		s[p], s[hi-1] = s[hi-1], s[p]
		switch {
		case p == k:
			return
		case p > k:
			hi = p
		default:
			lo = p + 1
		}
	}
	if lo < hi {
		slices.SortFunc(s[lo:hi], compare)
	}
}

// allocate validates and dispatches to the int64 or the exact path; fast
// false forces the exact path (for tests).
func allocate(op string, total decimal.Decimal, weights []decimal.Decimal, quantum decimal.Decimal, fast bool) ([]decimal.Decimal, error) {
	if quantum.Sign() <= 0 {
		return nil, &ArgError{Op: op, Arg: "quantum", Value: show(quantum), Reason: "must be greater than zero", Err: ErrInvalidArgument}
	}
	if len(weights) == 0 {
		return nil, noWeights(op)
	}
	allZero := true
	for i, w := range weights {
		switch w.Sign() {
		case -1:
			return nil, negativeWeight(op, i, show(w))
		case 1:
			allZero = false
		}
	}
	if allZero {
		return nil, zeroWeights(op, len(weights), func(i int) string { return show(weights[i]) })
	}
	if fast {
		if parts, ok, err := allocateFast(op, total, weights, quantum); ok {
			return parts, err
		}
	}
	return allocateExact(op, total, weights, quantum)
}

// allocateFast runs the int64 path, reporting false when something does not
// fit (the exact path then decides). Inputs are validated.
func allocateFast(op string, total decimal.Decimal, weights []decimal.Decimal, quantum decimal.Decimal) ([]decimal.Decimal, bool, error) {
	if total.NumDigits() > maxInt64Digits || quantum.NumDigits() > maxInt64Digits {
		return nil, false, nil
	}
	et, eq := total.Exponent(), quantum.Exponent()
	e := min(et, eq)
	t, ok1 := scaleUp(total.CoefficientInt64(), int64(et)-int64(e))
	q, ok2 := scaleUp(quantum.CoefficientInt64(), int64(eq)-int64(e))
	if !ok1 || !ok2 {
		return nil, false, nil
	}
	if t%q != 0 {
		return nil, true, notMultiple(op, total, quantum)
	}
	n := t / q

	emin := int32(math.MaxInt32)
	for _, w := range weights {
		if w.Sign() != 0 {
			emin = min(emin, w.Exponent())
		}
	}
	ws := make([]int64, len(weights))
	var sum uint64
	for i, w := range weights {
		if w.Sign() == 0 {
			continue
		}
		if w.NumDigits() > maxInt64Digits {
			return nil, false, nil
		}
		v, ok := scaleUp(w.CoefficientInt64(), int64(w.Exponent())-int64(emin))
		if !ok {
			return nil, false, nil
		}
		ws[i] = v
		if sum += uint64(v); sum > math.MaxInt64 {
			return nil, false, nil
		}
	}

	counts := allocateUnits(n, ws, sum)
	b := quantum.CoefficientInt64()
	parts := make([]decimal.Decimal, len(counts))
	for i, c := range counts {
		// |c| ≤ |n| and b ≤ q, so |c·b| ≤ |n·q| = |t|: no overflow.
		parts[i] = decimal.New(c*b, eq)
	}
	return parts, true, nil
}

// allocateExact runs the largest-remainder method on big integers. Inputs are
// validated.
func allocateExact(op string, total decimal.Decimal, weights []decimal.Decimal, quantum decimal.Decimal) ([]decimal.Decimal, error) {
	n, err := quantaIn(op, total, quantum)
	if err != nil {
		return nil, err
	}

	// Scale the weights to integers by the smallest exponent among the
	// non-zero ones (after dropping trailing zeros, which changes no value).
	norm := make([]decimal.Decimal, len(weights))
	emin := int32(math.MaxInt32)
	for i, w := range weights {
		if w.Sign() != 0 {
			norm[i] = w.Normalize()
			emin = min(emin, norm[i].Exponent())
		}
	}
	ws := make([]*big.Int, len(weights))
	sum := new(big.Int)
	for i, w := range norm {
		if w.Sign() == 0 {
			ws[i] = new(big.Int)
			continue
		}
		span := int64(w.Exponent()) - int64(emin)
		if int64(w.NumDigits())+span > maxAllocDigits {
			return nil, &ArgError{
				Op:     op,
				Arg:    "weights[" + strconv.Itoa(i) + "]",
				Value:  show(weights[i]),
				Reason: "more than " + strconv.Itoa(maxAllocDigits) + " digits when the weights are scaled to integers",
				Err:    ErrOverflow,
			}
		}
		ws[i] = w.Coefficient()
		ws[i].Mul(ws[i], bigPow10(span))
		sum.Add(sum, ws[i])
	}

	counts := make([]*big.Int, len(ws))
	rems := make([]*big.Int, len(ws))
	given := new(big.Int)
	for i, w := range ws {
		counts[i], rems[i] = new(big.Int), new(big.Int)
		counts[i].QuoRem(new(big.Int).Mul(n, w), sum, rems[i])
		given.Add(given, counts[i])
	}
	// n − given < len(weights), since it is the sum of the remainders over sum.
	if left := new(big.Int).Sub(n, given); left.Sign() > 0 {
		keys := make([]remKey[*big.Int], 0, len(ws))
		for i, r := range rems {
			if r.Sign() != 0 {
				keys = append(keys, remKey[*big.Int]{r, i})
			}
		}
		take := int(left.Int64())
		selectFirst(keys, take, compareBigRemKeys)
		for _, k := range keys[:take] {
			counts[k.idx].Add(counts[k.idx], big.NewInt(1))
		}
	}
	b := quantum.Coefficient()
	parts := make([]decimal.Decimal, len(counts))
	for i, c := range counts {
		c.Mul(c, b)
		if total.Sign() < 0 {
			c.Neg(c)
		}
		parts[i] = decimal.NewFromBigInt(c, quantum.Exponent())
	}
	return parts, nil
}

// quantaIn returns |total|/quantum, which must be an integer of at most
// maxAllocDigits digits.
func quantaIn(op string, total, quantum decimal.Decimal) (*big.Int, error) {
	if total.Sign() == 0 {
		return new(big.Int), nil
	}
	t := total.Abs().Normalize()
	a := t.Coefficient()
	b := quantum.Coefficient()
	k := int64(t.Exponent()) - int64(quantum.Exponent()) // |total| = a·10^k quantum-exponent units
	nd := int64(t.NumDigits())
	if nd+k > maxAllocDigits {
		return nil, &ArgError{
			Op:     op,
			Arg:    "total",
			Value:  show(total),
			Reason: "more than " + strconv.Itoa(maxAllocDigits) + " digits in units of the quantum " + show(quantum),
			Err:    ErrOverflow,
		}
	}
	if nd+k <= 0 {
		// |total| < 10^(eq) ≤ quantum, and total ≠ 0.
		return nil, notMultiple(op, total, quantum)
	}
	if k >= 0 {
		a.Mul(a, bigPow10(k))
	} else {
		b.Mul(b, bigPow10(-k)) // -k < nd: no larger than a
	}
	n, r := new(big.Int).QuoRem(a, b, new(big.Int))
	if r.Sign() != 0 {
		return nil, notMultiple(op, total, quantum)
	}
	return n, nil
}

func notMultiple(op string, total, quantum decimal.Decimal) error {
	return &ArgError{
		Op:     op,
		Arg:    "total",
		Value:  show(total),
		Reason: "not a multiple of the quantum " + show(quantum),
		Err:    ErrNotMultiple,
	}
}

func noWeights(op string) error {
	return &ArgError{Op: op, Arg: "weights", Value: "[]", Reason: "no weights", Err: ErrInvalidArgument}
}

func negativeWeight(op string, i int, value string) error {
	return &ArgError{
		Op:     op,
		Arg:    "weights[" + strconv.Itoa(i) + "]",
		Value:  value,
		Reason: "weight is negative",
		Err:    ErrInvalidArgument,
	}
}

func zeroWeights(op string, n int, item func(int) string) error {
	return &ArgError{
		Op:     op,
		Arg:    "weights",
		Value:  listValue(n, item),
		Reason: "all weights are zero",
		Err:    ErrInvalidArgument,
	}
}

// listValue formats a list of n items for an error message, clipped.
func listValue(n int, item func(int) string) string {
	var sb strings.Builder
	sb.WriteByte('[')
	for i := range n {
		if sb.Len() > maxShown {
			sb.WriteString(" ...")
			break
		}
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(item(i))
	}
	sb.WriteByte(']')
	if n > 1 {
		sb.WriteString(" (" + strconv.Itoa(n) + " weights)")
	}
	return sb.String()
}

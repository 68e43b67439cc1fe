package money

import (
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// decs parses a list of decimals.
func decs(t testing.TB, ss ...string) []decimal.Decimal {
	t.Helper()
	out := make([]decimal.Decimal, len(ss))
	for i, s := range ss {
		out[i] = dec(t, s)
	}
	return out
}

// strs formats decimals with n decimals each.
func strs(ds []decimal.Decimal, n int32) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.StringFixed(n)
	}
	return out
}

func TestAllocate(t *testing.T) {
	tests := []struct {
		name    string
		total   string
		weights []string
		quantum string
		want    []string // with the quantum's decimals
	}{
		// 10000 fen / 3 = 3333 rem 1: the fen left goes to index 0 (a tie).
		{"thirds", "100.00", []string{"1", "1", "1"}, "0.01", []string{"33.34", "33.33", "33.33"}},
		{"negative thirds", "-100.00", []string{"1", "1", "1"}, "0.01", []string{"-33.34", "-33.33", "-33.33"}},
		// 5 fen over 1:1:1 → 1 each, 2 left, all remainders 2: indices 0, 1.
		{"ties go to the lower index", "0.05", []string{"1", "1", "1"}, "0.01", []string{"0.02", "0.02", "0.01"}},
		// 49,000,000.00 over 120:75:38 (W = 233), in fen 4,900,000,000:
		// floors 2523605150 r50, 1577253218 r206, 799141630 r210; 2 left go
		// to indices 2 and 1.
		{"subsidy by headcount", "49000000.00", []string{"120", "75", "38"}, "0.01", []string{"25236051.50", "15772532.19", "7991416.31"}},
		// 100 over 0.5:0.25:0.25 → 50, 25, 25 exactly.
		{"decimal weights", "100", []string{"0.5", "0.25", "0.25"}, "1", []string{"50", "25", "25"}},
		// 10 over 0:1:0:1 → 5, 5; zero weights get exactly zero.
		{"zero weights", "10", []string{"0", "1", "0", "1"}, "1", []string{"0", "5", "0", "5"}},
		// 1 over 0:1:1: one quantum, remainders 1 and 1 (n·w mod W = 1·1 mod 2): index 1.
		{"zero weight never gets a leftover", "1", []string{"0", "1", "1"}, "1", []string{"0", "1", "0"}},
		// 7 fen over 1:2 → 7/3 = 2 r1, 14/3 = 4 r2: the leftover goes to index 1.
		{"largest remainder wins over index", "0.07", []string{"1", "2"}, "0.01", []string{"0.02", "0.05"}},
		// Quantum 0.05: 1.00 is 20 quanta; 20·1/3 = 6 r2 each, 2 left → 7, 7, 6 quanta.
		{"nickels", "1.00", []string{"1", "1", "1"}, "0.05", []string{"0.35", "0.35", "0.30"}},
		// Quantum 100: 1000 is 10 quanta; 10·1/4 = 2 r2 and 10·3/4 = 7 r2: one left to index 0.
		{"hundreds", "1000", []string{"1", "3"}, "100", []string{"300", "700"}},
		{"zero total", "0", []string{"1", "2"}, "0.01", []string{"0.00", "0.00"}},
		{"one weight", "12.34", []string{"5"}, "0.01", []string{"12.34"}},
		// Fujian 高级工 class (DOMAIN.md): 10 apprentices × 6000 × 2 years =
		// 120,000, split over two years equally → 60,000 each.
		{"fujian two years", "120000", []string{"1", "1"}, "1", []string{"60000", "60000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := dec(t, tt.quantum)
			places := max(0, -q.Exponent())
			for _, fast := range []bool{true, false} {
				got, err := allocate("Allocate", dec(t, tt.total), decs(t, tt.weights...), q, fast)
				require.NoError(t, err)
				assert.Equal(t, tt.want, strs(got, places), "fast=%v", fast)
				assert.True(t, Sum(got...).Equal(dec(t, tt.total)))
				for _, p := range got {
					assert.Equal(t, q.Exponent(), p.Exponent(), "parts carry the quantum's exponent")
				}
			}
		})
	}
}

func TestAllocateErrors(t *testing.T) {
	tests := []struct {
		name    string
		total   decimal.Decimal
		weights []decimal.Decimal
		quantum decimal.Decimal
		target  error
		msg     string
	}{
		{"zero quantum", dec(t, "1"), decs(t, "1"), decimal.Zero, ErrInvalidArgument,
			"money: Allocate: quantum = 0: must be greater than zero"},
		{"negative quantum", dec(t, "1"), decs(t, "1"), dec(t, "-0.01"), ErrInvalidArgument,
			"money: Allocate: quantum = -0.01: must be greater than zero"},
		{"no weights", dec(t, "1"), nil, dec(t, "0.01"), ErrInvalidArgument,
			"money: Allocate: weights = []: no weights"},
		{"negative weight", dec(t, "1"), decs(t, "1", "2", "-1"), dec(t, "0.01"), ErrInvalidArgument,
			"money: Allocate: weights[2] = -1: weight is negative"},
		{"all zero", dec(t, "1"), decs(t, "0", "0.00", "0"), dec(t, "0.01"), ErrInvalidArgument,
			"money: Allocate: weights = [0 0.00 0] (3 weights): all weights are zero"},
		{"not a multiple", dec(t, "10.005"), decs(t, "1"), dec(t, "0.01"), ErrNotMultiple,
			"money: Allocate: total = 10.005: not a multiple of the quantum 0.01"},
		// 1.00 / 0.03 = 33.33…
		{"not a multiple of 0.03", dec(t, "1.00"), decs(t, "1"), dec(t, "0.03"), ErrNotMultiple,
			"money: Allocate: total = 1.00: not a multiple of the quantum 0.03"},
		{"below the quantum", decimal.New(1, -40), decs(t, "1"), dec(t, "0.01"), ErrNotMultiple,
			"money: Allocate: total = 0.0000000000000000000000000000000000000001: not a multiple of the quantum 0.01"},
		{"far below the quantum", decimal.New(1, math.MinInt32), decs(t, "1"), dec(t, "0.01"), ErrNotMultiple,
			"money: Allocate: total = 1e-2147483648: not a multiple of the quantum 0.01"},
		// 1.5 / 3 = 0.5: the quantum has the larger exponent.
		{"not a multiple of 3", dec(t, "1.5"), decs(t, "1"), dec(t, "3"), ErrNotMultiple,
			"money: Allocate: total = 1.5: not a multiple of the quantum 3"},
		// 10^100 / 0.01 = 10^102 quanta: 103 digits.
		{"too many quanta", decimal.New(1, 100), decs(t, "1"), dec(t, "0.01"), ErrOverflow,
			"money: Allocate: total = 1e100: more than 100 digits in units of the quantum 0.01"},
		{"absurd total", decimal.New(1, math.MaxInt32), decs(t, "1"), dec(t, "0.01"), ErrOverflow,
			"money: Allocate: total = 1e2147483647: more than 100 digits in units of the quantum 0.01"},
		// Weights 10^-60 and 10^60 scale to 1 and 10^120.
		{"weights too far apart", dec(t, "1"), []decimal.Decimal{decimal.New(1, -60), decimal.New(1, 60)}, dec(t, "0.01"), ErrOverflow,
			"money: Allocate: weights[1] = 1e60: more than 100 digits when the weights are scaled to integers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Allocate(tt.total, tt.weights, tt.quantum)
			require.ErrorIs(t, err, tt.target)
			assert.EqualError(t, err, tt.msg)
			var ae *ArgError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, "Allocate", ae.Op)
			// The exact path reports the same error.
			_, err = allocate("Allocate", tt.total, tt.weights, tt.quantum, false)
			assert.EqualError(t, err, tt.msg)
		})
	}
}

func TestAllocateEqually(t *testing.T) {
	tests := []struct {
		total   string
		n       int
		quantum string
		want    []string
	}{
		// 10000 fen = 3·3333 + 1.
		{"100.00", 3, "0.01", []string{"33.34", "33.33", "33.33"}},
		// 100 fen = 7·14 + 2: the first two get 15.
		{"1.00", 7, "0.01", []string{"0.15", "0.15", "0.14", "0.14", "0.14", "0.14", "0.14"}},
		{"-1.00", 3, "0.01", []string{"-0.34", "-0.33", "-0.33"}},
		// 2 fen over 4: the first two get one each, the rest nothing.
		{"0.02", 4, "0.01", []string{"0.01", "0.01", "0.00", "0.00"}},
		{"5", 1, "1", []string{"5"}},
	}
	for _, tt := range tests {
		t.Run(tt.total+"/"+tt.quantum, func(t *testing.T) {
			q := dec(t, tt.quantum)
			got, err := AllocateEqually(dec(t, tt.total), tt.n, q)
			require.NoError(t, err)
			assert.Equal(t, tt.want, strs(got, max(0, -q.Exponent())))
		})
	}

	for _, n := range []int{0, -1, 1<<20 + 1, math.MaxInt} {
		_, err := AllocateEqually(dec(t, "1"), n, dec(t, "0.01"))
		require.ErrorIs(t, err, ErrInvalidArgument)
		assert.EqualError(t, err, "money: AllocateEqually: n = "+strconv.Itoa(n)+": must be between 1 and 1048576")
	}
	_, err := AllocateEqually(dec(t, "1.001"), 2, dec(t, "0.01"))
	require.ErrorIs(t, err, ErrNotMultiple)
	assert.EqualError(t, err, "money: AllocateEqually: total = 1.001: not a multiple of the quantum 0.01")
}

func TestAllocateUnits(t *testing.T) {
	tests := []struct {
		name    string
		total   int64
		weights []int64
		want    []int64
	}{
		// 10 = 3·3 + 1, ties: the first gets the leftover.
		{"thirds", 10, []int64{1, 1, 1}, []int64{4, 3, 3}},
		{"negative", -10, []int64{1, 1, 1}, []int64{-4, -3, -3}},
		{"zero total", 0, []int64{3, 4}, []int64{0, 0}},
		{"zero weight", 9, []int64{0, 2, 1}, []int64{0, 6, 3}},
		// MaxInt64·(MaxInt64−1)/MaxInt64 = MaxInt64−1 and MaxInt64·1/MaxInt64 = 1,
		// both exact; the products need 126 bits.
		{"MaxInt64 total and weights", math.MaxInt64, []int64{math.MaxInt64 - 1, 1}, []int64{math.MaxInt64 - 1, 1}},
		// |MinInt64| = 2^63 in two halves of 2^62.
		{"MinInt64 in halves", math.MinInt64, []int64{5, 5}, []int64{-1 << 62, -1 << 62}},
		{"MinInt64 whole", math.MinInt64, []int64{7}, []int64{math.MinInt64}},
		// 2^63 over 1:2 → 2^63/3 = 3074457345618258602 r2 and 2^64/3 =
		// 6148914691236517205 r1; the leftover 1 goes to the remainder 2.
		{"MinInt64 in thirds", math.MinInt64, []int64{1, 2}, []int64{-3074457345618258603, -6148914691236517205}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := AllocateUnits(tt.total, tt.weights)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestAllocateUnitsErrors(t *testing.T) {
	tests := []struct {
		name    string
		weights []int64
		target  error
		msg     string
	}{
		{"no weights", nil, ErrInvalidArgument, "money: AllocateUnits: weights = []: no weights"},
		{"negative", []int64{1, -2}, ErrInvalidArgument, "money: AllocateUnits: weights[1] = -2: weight is negative"},
		{"all zero", []int64{0}, ErrInvalidArgument, "money: AllocateUnits: weights = [0]: all weights are zero"},
		// Found by FuzzAllocateUnits: a negative weight is reported as such
		// even when the weights before it already sum beyond int64.
		{"negative after a large sum", []int64{math.MaxInt64 - 1, 18, 81, -134}, ErrInvalidArgument,
			"money: AllocateUnits: weights[3] = -134: weight is negative"},
		{"sum overflows", []int64{math.MaxInt64, 1}, ErrOverflow,
			"money: AllocateUnits: weights = [9223372036854775807 1] (2 weights): the sum of the weights overflows int64 (at weights[1])"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := AllocateUnits(100, tt.weights)
			require.ErrorIs(t, err, tt.target)
			assert.EqualError(t, err, tt.msg)
		})
	}
	// A long list is clipped in the message.
	_, err := AllocateUnits(1, make([]int64, 1000))
	require.ErrorIs(t, err, ErrInvalidArgument)
	assert.Contains(t, err.Error(), " ...] (1000 weights): all weights are zero")
	assert.Less(t, len(err.Error()), 150)
}

// ratAllocate is an independent oracle for Allocate: the largest-remainder
// method on exact fractions.
func ratAllocate(total decimal.Decimal, weights []decimal.Decimal, quantum decimal.Decimal) []decimal.Decimal {
	n := new(big.Rat).Quo(total.Abs().Rat(), quantum.Rat()) // an integer
	w := new(big.Rat)
	for _, x := range weights {
		w.Add(w, x.Rat())
	}
	type share struct {
		i     int
		whole *big.Int
		frac  *big.Rat
	}
	shares := make([]share, len(weights))
	left := new(big.Int).Set(n.Num())
	for i, x := range weights {
		s := new(big.Rat).Mul(n, x.Rat())
		s.Quo(s, w)
		whole := new(big.Int).Quo(s.Num(), s.Denom())
		shares[i] = share{i, whole, new(big.Rat).Sub(s, new(big.Rat).SetInt(whole))}
		left.Sub(left, whole)
	}
	order := slices.Clone(shares)
	slices.SortStableFunc(order, func(a, b share) int { return b.frac.Cmp(a.frac) })
	for k := range int(left.Int64()) {
		order[k].whole.Add(order[k].whole, big.NewInt(1))
	}
	out := make([]decimal.Decimal, len(weights))
	for i, s := range shares {
		v := decimal.NewFromBigInt(s.whole, 0).Mul(quantum)
		if total.Sign() < 0 {
			v = v.Neg()
		}
		out[i] = v
	}
	return out
}

// randAllocation returns random Allocate arguments: a total that is a
// multiple of the quantum, and non-negative weights, some zero.
func randAllocation(rng *rand.Rand) (decimal.Decimal, []decimal.Decimal, decimal.Decimal) {
	q := randQuantum(rng)
	var k decimal.Decimal
	switch rng.IntN(4) {
	case 0:
		k = decimal.NewFromInt(rng.Int64N(10))
	case 1:
		k = decimal.NewFromInt(rng.Int64N(1_000_000_000_000) - 500_000_000_000)
	default:
		k = randDecimal(rng, 30, 0, 0)
	}
	total := k.Mul(q)
	weights := make([]decimal.Decimal, 1+rng.IntN(12))
	for i := range weights {
		switch rng.IntN(5) {
		case 0:
			weights[i] = decimal.Zero
		case 1:
			weights[i] = decimal.NewFromInt(1 + rng.Int64N(3))
		case 2:
			weights[i] = randDecimal(rng, 25, -10, 3).Abs()
		default:
			weights[i] = decimal.New(rng.Int64N(100_000), -rng.Int32N(4))
		}
	}
	if rng.IntN(10) == 0 {
		weights = append(weights, decimal.NewFromInt(1)) // never all zero
	}
	return total, weights, q
}

func TestAllocateProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(4_900, 233))
	for i := range 5000 {
		total, weights, q := randAllocation(rng)
		got, err := Allocate(total, weights, q)
		allZero := !slices.ContainsFunc(weights, func(w decimal.Decimal) bool { return w.Sign() > 0 })
		if allZero {
			require.ErrorIs(t, err, ErrInvalidArgument, "#%d", i)
			continue
		}
		require.NoError(t, err, "#%d: Allocate(%s, %v, %s)", i, total, weights, q)
		require.Len(t, got, len(weights))

		// Sum exactly the total.
		require.True(t, Sum(got...).Equal(total), "#%d: parts %v sum to %s, not %s", i, got, Sum(got...), total)

		w := new(big.Rat)
		for _, x := range weights {
			w.Add(w, x.Rat())
		}
		for j, p := range got {
			// A multiple of the quantum, with its exponent.
			_, rem := p.QuoRem(q, 0)
			require.True(t, rem.IsZero(), "#%d: part %s not a multiple of %s", i, p, q)
			require.Equal(t, q.Exponent(), p.Exponent(), "#%d", i)
			// Within one quantum of the exact share total·wⱼ/W.
			share := new(big.Rat).Mul(total.Rat(), weights[j].Rat())
			share.Quo(share, w)
			diff := new(big.Rat).Sub(p.Rat(), share)
			require.Negative(t, diff.Abs(diff).Cmp(q.Rat()), "#%d: part %s is a quantum or more from its share %s", i, p, share.FloatString(20))
			// A zero weight gets zero; the sign is the total's.
			if weights[j].Sign() == 0 {
				require.True(t, p.IsZero(), "#%d: zero weight got %s", i, p)
			}
			require.GreaterOrEqual(t, p.Sign()*total.Sign(), 0, "#%d", i)
		}

		// The oracle on fractions, and the exact path, agree exactly.
		want := ratAllocate(total, weights, q)
		exact, err := allocate("Allocate", total, weights, q, false)
		require.NoError(t, err)
		for j := range got {
			require.True(t, got[j].Equal(want[j]), "#%d: part %d = %s, oracle %s", i, j, got[j], want[j])
			require.True(t, exact[j].Equal(got[j]) && exact[j].Exponent() == got[j].Exponent(), "#%d: exact path %s, fast %s", i, exact[j], got[j])
		}

		// Deterministic.
		again, err := Allocate(total, weights, q)
		require.NoError(t, err)
		for j := range got {
			require.True(t, again[j].Equal(got[j]), "#%d", i)
		}
	}
}

func TestAllocateEquallyMatchesAllocate(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 100))
	for i := range 2000 {
		q := randQuantum(rng)
		total := decimal.NewFromInt(rng.Int64N(2_000_000) - 1_000_000).Mul(q)
		n := 1 + rng.IntN(20)
		got, err := AllocateEqually(total, n, q)
		require.NoError(t, err)
		weights := make([]decimal.Decimal, n)
		for j := range weights {
			weights[j] = decimal.NewFromInt(7) // any equal weights
		}
		want, err := Allocate(total, weights, q)
		require.NoError(t, err)
		for j := range got {
			require.True(t, got[j].Equal(want[j]), "#%d", i)
		}
		// Larger parts first, at most one quantum apart.
		for j := 1; j < n; j++ {
			d := got[j-1].Abs().Sub(got[j].Abs())
			require.True(t, d.IsZero() || d.Equal(q), "#%d: %v", i, got)
		}
	}
}

func TestAllocateUnitsAgreesWithExact(t *testing.T) {
	// AllocateUnits on int64 extremes against the exact decimal path.
	rng := rand.New(rand.NewPCG(63, 64))
	for i := range 5000 {
		var total int64
		if rng.IntN(2) == 0 {
			total = int64(rng.Uint64())
		} else {
			total = []int64{math.MaxInt64, math.MinInt64, 1, -1, 0}[rng.IntN(5)]
		}
		n := 1 + rng.IntN(8)
		weights := make([]int64, n)
		dws := make([]decimal.Decimal, n)
		limit := int64(math.MaxInt64 / n)
		for j := range weights {
			if rng.IntN(4) > 0 {
				weights[j] = rng.Int64N(limit)
			}
			dws[j] = decimal.NewFromInt(weights[j])
		}
		if !slices.ContainsFunc(weights, func(w int64) bool { return w > 0 }) {
			weights[0], dws[0] = 1, decimal.NewFromInt(1)
		}
		got, err := AllocateUnits(total, weights)
		require.NoError(t, err)
		want, err := allocate("Allocate", decimal.NewFromInt(total), dws, decimal.NewFromInt(1), false)
		require.NoError(t, err)
		var sum big.Int
		for j := range got {
			require.Equal(t, want[j].String(), decimal.NewFromInt(got[j]).String(), "#%d: part %d of %d over %v", i, j, total, weights)
			sum.Add(&sum, big.NewInt(got[j]))
		}
		require.Equal(t, big.NewInt(total).String(), sum.String(), "#%d", i)
	}
}

func TestSelectFirst(t *testing.T) {
	// Remainders 3, 5, 5, 1, 5 at indices 0…4: the first four in order are
	// the 5s at indices 1, 2, 4 (ties by lower index), then the 3 at index 0.
	keys := []remKey[uint64]{{3, 0}, {5, 1}, {5, 2}, {1, 3}, {5, 4}}
	selectFirst(keys, 4, compareRemKeys)
	got := []int{keys[0].idx, keys[1].idx, keys[2].idx, keys[3].idx}
	slices.Sort(got)
	assert.Equal(t, []int{0, 1, 2, 4}, got)
	assert.Equal(t, 3, keys[4].idx)

	// Against a full sort, on random sizes, many ties, and sorted or
	// reversed input (which strains the pivot choice).
	rng := rand.New(rand.NewPCG(11, 12))
	for i := range 3000 {
		n := 1 + rng.IntN(300)
		keys := make([]remKey[uint64], n)
		for j := range keys {
			keys[j] = remKey[uint64]{uint64(rng.IntN(1 + rng.IntN(50))), j}
		}
		switch rng.IntN(3) {
		case 0:
			slices.SortFunc(keys, compareRemKeys)
		case 1:
			slices.SortFunc(keys, func(a, b remKey[uint64]) int { return compareRemKeys(b, a) })
		}
		want := slices.Clone(keys)
		slices.SortFunc(want, compareRemKeys)
		k := rng.IntN(n + 1)
		selectFirst(keys, k, compareRemKeys)
		first := slices.Clone(keys[:k])
		slices.SortFunc(first, compareRemKeys)
		require.Equal(t, want[:k], first, "#%d: n=%d k=%d", i, n, k)
	}
}

func TestListValueClips(t *testing.T) {
	long := listValue(100, func(int) string { return strings.Repeat("9", 10) })
	assert.True(t, strings.HasSuffix(long, " ...] (100 weights)"), long)
	assert.Less(t, len(long), 80)
}

func FuzzAllocateUnits(f *testing.F) {
	f.Add(int64(10), int64(1), int64(1), int64(1), int64(0))
	f.Add(int64(math.MinInt64), int64(1), int64(2), int64(0), int64(0))
	f.Add(int64(math.MaxInt64), int64(math.MaxInt64-1), int64(1), int64(0), int64(0))
	f.Add(int64(5), int64(0), int64(0), int64(0), int64(0))
	f.Add(int64(5), int64(-1), int64(3), int64(0), int64(0))
	f.Fuzz(func(t *testing.T, total, w0, w1, w2, w3 int64) {
		weights := []int64{w0, w1, w2, w3}
		got, err := AllocateUnits(total, weights)
		dws := make([]decimal.Decimal, len(weights))
		for i, w := range weights {
			dws[i] = decimal.NewFromInt(w)
		}
		want, werr := allocate("Allocate", decimal.NewFromInt(total), dws, decimal.NewFromInt(1), false)
		if err != nil {
			// The same rejection as the exact path, except a weight sum
			// beyond int64, which only the int64 path has.
			if errors.Is(err, ErrOverflow) {
				var sum big.Int
				for _, w := range weights {
					sum.Add(&sum, big.NewInt(w))
				}
				if sum.IsInt64() {
					t.Fatalf("AllocateUnits(%d, %v): %v, but the sum %s fits", total, weights, err, &sum)
				}
				return
			}
			if werr == nil || err.Error() != strings.Replace(werr.Error(), "Allocate:", "AllocateUnits:", 1) {
				t.Fatalf("AllocateUnits(%d, %v): %v; exact path: %v", total, weights, err, werr)
			}
			return
		}
		if werr != nil {
			t.Fatalf("AllocateUnits(%d, %v) = %v; exact path: %v", total, weights, got, werr)
		}
		var sum big.Int
		for i := range got {
			if want[i].String() != decimal.NewFromInt(got[i]).String() {
				t.Fatalf("AllocateUnits(%d, %v) = %v; exact path %v", total, weights, got, want)
			}
			sum.Add(&sum, big.NewInt(got[i]))
		}
		if !sum.IsInt64() || sum.Int64() != total {
			t.Fatalf("AllocateUnits(%d, %v) = %v, sum %s", total, weights, got, &sum)
		}
	})
}

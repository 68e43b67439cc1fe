package exact

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// rand128 returns a random u128 of a random bit length, or a value at an
// edge (0, 1, 2^64 − 1, 2^64, 2^127 …).
func rand128(rng *rand.Rand) u128 {
	switch rng.IntN(8) {
	case 0:
		edges := []u128{{0, 1}, {0, math.MaxUint64}, {1, 0}, {1, 1}, {1 << 63, 0}, {math.MaxUint64 >> 1, math.MaxUint64}, {math.MaxUint64, math.MaxUint64}}
		return edges[rng.IntN(len(edges))]
	case 1:
		return u128{0, rng.Uint64() >> rng.IntN(64)}
	}
	x := u128{rng.Uint64(), rng.Uint64()}
	s := uint(rng.IntN(128))
	if s >= 64 {
		return u128{0, x.hi >> (s - 64)}
	}
	return u128{x.hi >> s, x.lo>>s | x.hi<<(64-s)}
}

func TestDivMod(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 34))
	for range 100000 {
		x, y := rand128(rng), rand128(rng)
		if y.isZero() {
			continue
		}
		q, r := x.divMod(y)
		bq, br := new(big.Int).QuoRem(x.bigInt(false), y.bigInt(false), new(big.Int))
		require.Equal(t, 0, q.bigInt(false).Cmp(bq), "%v / %v", x, y)
		require.Equal(t, 0, r.bigInt(false).Cmp(br), "%v mod %v", x, y)
		if y.hi == 0 {
			require.Equal(t, q, x.quo64(y.lo))
			require.Equal(t, r.lo, x.rem64(y.lo))
		}
	}
}

func TestGCD(t *testing.T) {
	tests := []struct{ a, b, want uint64 }{
		{0, 0, 0},
		{0, 7, 7},
		{7, 0, 7},
		{12, 18, 6},
		{200, 365, 5},
		{1 << 63, 1 << 62, 1 << 62},
		{math.MaxInt64, math.MaxInt64 - 1, 1}, // consecutive integers
		{math.MaxUint64, 3, 3},                // 2^64 − 1 = 3·5·17·257·641·65537·6700417
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, gcd(tt.a, tt.b), "gcd(%d, %d)", tt.a, tt.b)
	}
	rng := rand.New(rand.NewPCG(55, 89))
	for range 100000 {
		a, b := rng.Uint64()>>rng.IntN(64), rng.Uint64()>>rng.IntN(64)
		if rng.IntN(3) == 0 { // a common factor
			f := rng.Uint64N(1<<20) + 1
			a, b = a>>20*f, b>>20*f
		}
		want := new(big.Int).GCD(nil, nil, new(big.Int).SetUint64(a), new(big.Int).SetUint64(b))
		require.Equal(t, want.Uint64(), gcd(a, b), "gcd(%d, %d)", a, b)
	}
}

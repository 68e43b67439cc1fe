package exact

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/stretchr/testify/require"
)

var allModes = []money.RoundingMode{money.HalfUp, money.HalfEven, money.Down, money.Up, money.Floor, money.Ceiling}

// rat parses "a/b" or a decimal such as "-1234.565" for a test table.
func rat(t testing.TB, s string) Rat {
	t.Helper()
	x, ok := new(big.Rat).SetString(s)
	require.True(t, ok, "bad test value %q", s)
	require.True(t, x.Num().IsInt64() && x.Denom().IsInt64(), "test value %q out of range", s)
	r, err := New(x.Num().Int64(), x.Denom().Int64())
	require.NoError(t, err, s)
	return r
}

// toBig returns r as a big.Rat, the oracle's representation.
func toBig(r Rat) *big.Rat { return big.NewRat(r.Num(), r.Den()) }

// fitsBig reports whether a reduced big.Rat is representable as a Rat.
func fitsBig(x *big.Rat) bool {
	n, d := x.Num(), x.Denom()
	return n.IsInt64() && n.Int64() != math.MinInt64 && d.IsInt64()
}

// refRound is the test's own rounding of x to a multiple of q > 0, written
// differently from the package: it starts from the floor of x/q (not from
// truncation) and picks the floor or the ceiling multiple.
func refRound(x, q *big.Rat, mode money.RoundingMode) *big.Rat {
	t := new(big.Rat).Quo(x, q)
	fl, _ := new(big.Int).DivMod(t.Num(), t.Denom(), new(big.Int)) // Euclidean: the floor, as the divisor is positive
	if new(big.Rat).SetInt(fl).Cmp(t) == 0 {
		return new(big.Rat).Set(x)
	}
	ce := new(big.Int).Add(fl, big.NewInt(1))
	frac := new(big.Rat).Sub(t, new(big.Rat).SetInt(fl)) // in (0, 1)
	half := frac.Cmp(big.NewRat(1, 2))
	pos := t.Sign() > 0
	var k *big.Int
	switch mode {
	case money.Floor:
		k = fl
	case money.Ceiling:
		k = ce
	case money.Down:
		k = map[bool]*big.Int{true: fl, false: ce}[pos]
	case money.Up:
		k = map[bool]*big.Int{true: ce, false: fl}[pos]
	case money.HalfUp, money.HalfEven:
		switch {
		case half < 0:
			k = fl
		case half > 0:
			k = ce
		case mode == money.HalfUp:
			k = map[bool]*big.Int{true: ce, false: fl}[pos]
		case fl.Bit(0) == 0:
			k = fl
		default:
			k = ce
		}
	}
	return new(big.Rat).Mul(new(big.Rat).SetInt(k), q)
}

// randInt returns a random non-negative int64 from a mix of shapes that
// exercise reduction and overflow: small numbers, numbers of every size,
// numbers just below MaxInt64, powers of two and of ten, and products of
// small primes.
func randInt(rng *rand.Rand) int64 {
	switch rng.IntN(7) {
	case 0:
		return rng.Int64N(1001)
	case 1:
		return rng.Int64() >> rng.IntN(63) // every bit length
	case 2:
		return math.MaxInt64 - rng.Int64N(1000)
	case 3:
		return (rng.Int64N(100) + 1) << rng.IntN(56)
	case 4:
		n := rng.Int64N(1000) + 1
		for range rng.IntN(16) {
			n *= 10
		}
		return n
	case 5:
		primes := []int64{2, 3, 5, 7, 11, 13, 73, 61, 365, 366}
		n := int64(1)
		for range rng.IntN(12) {
			p := primes[rng.IntN(len(primes))]
			if n > math.MaxInt64/p {
				break
			}
			n *= p
		}
		return n
	}
	return rng.Int64()
}

// randRat returns a random Rat for property tests.
func randRat(rng *rand.Rand) Rat {
	for {
		n, d := randInt(rng), randInt(rng)
		if rng.IntN(2) == 0 {
			n = -n
		}
		if r, err := New(n, d); err == nil {
			return r
		}
	}
}

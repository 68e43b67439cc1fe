package exact

import (
	"errors"
	"math"
	"math/big"
	"strconv"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/shopspring/decimal"
)

// FuzzRat builds r = an/ad, s = bn/bd and a quantum qn/qd from arbitrary
// int64s and checks every operation against math/big: the exact result when
// it fits, the right sentinel when it does not or the input is bad, and an
// error message that names the operands.
func FuzzRat(f *testing.F) {
	f.Add(int64(6000), int64(1), int64(13), int64(10), int64(1), int64(100), uint8(money.HalfUp))
	f.Add(int64(312000), int64(73), int64(200), int64(365), int64(1), int64(3), uint8(money.HalfEven))
	f.Add(int64(-5), int64(2), int64(1), int64(2), int64(1), int64(1), uint8(money.Floor))
	f.Add(int64(math.MaxInt64), int64(1), int64(1), int64(1), int64(2), int64(1), uint8(money.Up))
	f.Add(int64(math.MinInt64), int64(2), int64(math.MinInt64), int64(math.MinInt64), int64(1), int64(math.MaxInt64), uint8(money.Ceiling))
	f.Add(int64(math.MaxInt64-1), int64(math.MaxInt64), int64(1), int64(math.MaxInt64-2), int64(math.MaxInt64-1), int64(2), uint8(money.Down))
	f.Add(int64(1), int64(0), int64(1), int64(1), int64(1), int64(1), uint8(money.HalfUp))   // zero denominator
	f.Add(int64(1), int64(3), int64(0), int64(1), int64(0), int64(1), uint8(money.HalfUp))   // zero divisor, zero quantum
	f.Add(int64(1), int64(3), int64(1), int64(7), int64(-1), int64(100), uint8(0))           // negative quantum, no mode
	f.Add(int64(1), int64(math.MinInt64), int64(7), int64(3), int64(1), int64(20), uint8(7)) // den 2^63, invalid mode
	f.Fuzz(func(t *testing.T, an, ad, bn, bd, qn, qd int64, m uint8) {
		r, ok := checkNew(t, an, ad)
		if !ok {
			return
		}
		s, ok := checkNew(t, bn, bd)
		if !ok {
			return
		}
		br, bs := toBig(r), toBig(s)

		// Text and decimal conversions.
		back, ok := new(big.Rat).SetString(r.String())
		if !ok || back.Cmp(br) != 0 {
			t.Fatalf("String(%d/%d) = %q does not read back", r.Num(), r.Den(), r.String())
		}
		_, finite := r.terminating()
		if d, ok := r.Decimal(); ok != finite || ok && d.Rat().Cmp(br) != 0 {
			t.Fatalf("Decimal(%v) = %v, %v", r, d, ok)
		}
		if r.Neg().Neg() != r {
			t.Fatalf("-(-%v) = %v", r, r.Neg().Neg())
		}
		if c := r.Cmp(s); c != br.Cmp(bs) {
			t.Fatalf("Cmp(%v, %v) = %d", r, s, c)
		}

		for _, o := range []struct {
			name string
			f    func(Rat, Rat) (Rat, error)
			g    func(z, x, y *big.Rat) *big.Rat
		}{
			{"Add", Rat.Add, (*big.Rat).Add},
			{"Sub", Rat.Sub, (*big.Rat).Sub},
			{"Mul", Rat.Mul, (*big.Rat).Mul},
			{"Quo", Rat.Quo, (*big.Rat).Quo},
		} {
			got, err := o.f(r, s)
			if o.name == "Quo" && s.IsZero() {
				checkErr(t, err, ErrDivisionByZero, o.name+"("+r.String()+", 0)")
				continue
			}
			want := o.g(new(big.Rat), br, bs)
			if !fitsBig(want) {
				checkErr(t, err, ErrOverflow, o.name+"("+r.String()+", "+s.String()+")")
				continue
			}
			if err != nil || toBig(got).Cmp(want) != 0 {
				t.Fatalf("%s(%v, %v) = %v, %v; want %v", o.name, r, s, got, err, want)
			}
		}

		// Round with a quantum that may be invalid and a mode that may be.
		mode := money.RoundingMode(m % 8)
		q, err := New(qn, qd)
		if err != nil {
			return
		}
		got, err := r.Round(q, mode)
		name := "Round(" + r.String() + ", " + q.String() + " " + mode.String() + ")"
		switch {
		case q.Sign() <= 0:
			checkErr(t, err, ErrInvalidQuantum, name)
		case !mode.IsValid():
			checkErr(t, err, money.ErrInvalidRoundingMode, name)
		default:
			want := refRound(br, toBig(q), mode)
			if !fitsBig(want) {
				checkErr(t, err, ErrOverflow, name)
			} else if err != nil || toBig(got).Cmp(want) != 0 {
				t.Fatalf("%s = %v, %v; want %v", name, got, err, want)
			}
		}

		// RoundDecimal to places in −20 … 20, two of them out of range.
		places := int32(uint64(qd)%41) - 20
		dec, err := r.RoundDecimal(places, mode)
		name = "RoundDecimal(" + r.String() + ", 1e" + strconv.Itoa(int(-places)) + " " + mode.String() + ")"
		switch {
		case places < -MaxPlaces || places > MaxPlaces:
			checkErr(t, err, ErrInvalidQuantum, name)
		case !mode.IsValid():
			checkErr(t, err, money.ErrInvalidRoundingMode, name)
		default:
			p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(max(places, -places))), nil)
			quantum := new(big.Rat).SetFrac(big.NewInt(1), p)
			if places < 0 {
				quantum.SetInt(p)
			}
			want := refRound(br, quantum, mode)
			if err != nil || dec.Exponent() != -places || dec.Rat().Cmp(want) != 0 {
				t.Fatalf("%s = %v, %v; want %v", name, dec, err, want.FloatString(int(max(places, 0))))
			}
		}
	})
}

// checkNew checks New(num, den) against math/big and reports whether it
// gave a Rat.
func checkNew(t *testing.T, num, den int64) (Rat, bool) {
	t.Helper()
	r, err := New(num, den)
	name := "New(" + strconv.FormatInt(num, 10) + ", " + strconv.FormatInt(den, 10) + ")"
	if den == 0 {
		checkErr(t, err, ErrDivisionByZero, name)
		return Rat{}, false
	}
	if want := big.NewRat(num, den); !fitsBig(want) {
		checkErr(t, err, ErrOverflow, name)
		return Rat{}, false
	} else if err != nil || toBig(r).Cmp(want) != 0 {
		t.Fatalf("%s = %v, %v; want %v", name, r, err, want)
	}
	if r.Den() < 1 || r.Num() == math.MinInt64 || gcd(absU(r.Num()), uint64(r.Den())) != 1 {
		t.Fatalf("%s = %d/%d is not in lowest terms", name, r.Num(), r.Den())
	}
	return r, true
}

// checkErr fails unless err matches want, is an *Error, and its message
// starts with "exact: " and the operation and operands in name.
func checkErr(t *testing.T, err, want error, name string) {
	t.Helper()
	var e *Error
	if !errors.Is(err, want) || !errors.As(err, &e) {
		t.Fatalf("%s: error %v, want %v", name, err, want)
	}
	if !strings.HasPrefix(err.Error(), "exact: "+name+": ") {
		t.Fatalf("%s: message %q does not name the operation", name, err)
	}
}

// FuzzFromDecimal converts decimals read by shopspring's parser and checks
// the result against the decimal's own exact value, and that Decimal takes
// it back.
func FuzzFromDecimal(f *testing.F) {
	for _, s := range []string{
		"0", "0.00", "1234.50", "-0.125", "1.3", "6e3", "1e18", "1e19", "1e-18", "1e-19",
		"9223372036854775807", "-9223372036854775808", "0.5000000000000000000000",
		"0.00000000000000000021684043449710088680149056017398834228515625",
		"5e-63", "1e-10000", "1e10000", "0e10000", "12345678901234567890.12345",
		"50000000000000000000000000000000000000000e-41", "-7.000000000000000000000000000000e-1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := decimal.NewFromString(s)
		if err != nil {
			return // not a decimal: shopspring's parser, not this package's
		}
		got, err := FromDecimal(d)
		if err != nil {
			var e *Error
			if !errors.Is(err, ErrOverflow) || !errors.As(err, &e) || e.Op != "FromDecimal" || !strings.HasPrefix(err.Error(), "exact: FromDecimal(") {
				t.Fatalf("FromDecimal(%s): unexpected error %v", s, err)
			}
		} else {
			back, ok := got.Decimal()
			if !ok || !back.Equal(d) {
				t.Fatalf("FromDecimal(%s) = %v, back %v, %v", s, got, back, ok)
			}
		}
		// Compare with the exact value where that is cheap to compute.
		if exp := d.Exponent(); exp < -2000 || exp > 2000 || d.NumDigits() > 2000 {
			return
		}
		want := d.Rat()
		if fitsBig(want) != (err == nil) || err == nil && toBig(got).Cmp(want) != 0 {
			t.Fatalf("FromDecimal(%s) = %v, %v; want %v", s, got, err, want)
		}
	})
}

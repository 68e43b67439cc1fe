package money_test

// Hardening tests (issue 9): hostile JSON for Rounding, lossless round trips
// of roundings, and amounts that are not whole minor units.

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/internal/errtext"
	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hardModes are the six rounding modes.
var hardModes = []money.RoundingMode{money.HalfUp, money.HalfEven, money.Down, money.Up, money.Floor, money.Ceiling}

// TestRoundingJSONEveryQuantum: every rounding NewRounding makes reads back
// from its JSON, up to a quantum whose text has 64 characters (10^-62 is
// "0." and 62 digits, 10^63 a 1 and 63 zeros), which NewRounding does not
// go beyond.
func TestRoundingJSONEveryQuantum(t *testing.T) {
	for _, q := range []decimal.Decimal{decimal.New(1, -13), decimal.New(1, 18), decimal.New(123, -62), decimal.New(1, -62), decimal.New(9, 63)} {
		r, err := money.NewRounding(q, money.HalfEven)
		require.NoError(t, err, q)
		b, err := json.Marshal(r)
		require.NoError(t, err)
		var back money.Rounding
		require.NoError(t, json.Unmarshal(b, &back), "%s", b)
		assert.True(t, back.Equal(r), "%s", b)
	}
	for _, q := range []decimal.Decimal{decimal.New(1, -65), decimal.New(1, 65), decimal.New(1, -63)} {
		_, err := money.NewRounding(q, money.HalfEven)
		require.ErrorIs(t, err, money.ErrInvalidArgument, q)
	}
}

// FuzzRoundingJSON feeds arbitrary bytes to Rounding.UnmarshalJSON, the
// decoder behind every rounding in a result's JSON. Invariants: no panic;
// an error matches one of the package's sentinels, leaves the rounding as it
// was and, when the quantum text is at fault, names it; an accepted rounding
// is valid, has a quantum of at most 64 digits either side, and survives
// MarshalJSON → UnmarshalJSON with an equal rounding and the same bytes.
func FuzzRoundingJSON(f *testing.F) {
	for _, s := range []string{
		// Good.
		`{"quantum":"0.01","mode":"half-up"}`,
		`{"quantum":"1","mode":"down"}`,
		`{"quantum":"100","mode":"floor"}`,
		`{"quantum":"0.05","mode":"half-even"}`,
		`{"mode":"ceiling","quantum":"0.010"}`,
		`{"quantum":"1e2","mode":"up"}`,
		`null`,
		// Broken: absurd decimals, wrong types, duplicate and unknown keys.
		`{"quantum":"1e999999999","mode":"up"}`,
		`{"quantum":"1e-999999999","mode":"up"}`,
		`{"quantum":"` + strings.Repeat("9", 5000) + `","mode":"up"}`,
		`{"quantum":"0.` + strings.Repeat("0", 3000) + `1","mode":"up"}`,
		`{"quantum":0.01,"mode":"half-up"}`,
		`{"quantum":"0.01","mode":1}`,
		`{"quantum":"-0.01","mode":"half-up"}`,
		`{"quantum":"0","mode":"half-up"}`,
		`{"quantum":"0.01","mode":"nearest"}`,
		`{"quantum":"0.01"}`,
		`{"mode":"up"}`,
		`{"quantum":"0.01","mode":"up","extra":1}`,
		`{"quantum":"0.01","quantum":"-1","mode":"up"}`,
		`{"quantum":"0.01","mode":"up"} trailing`,
		`{"quantum":null,"mode":null}`,
		`[]`, `""`, `{`, ``,
		strings.Repeat(`[`, 10000) + strings.Repeat(`]`, 10000),
	} {
		f.Add([]byte(s))
	}
	before := money.MustNewRounding(decimal.New(5, -2), money.Ceiling)
	f.Fuzz(func(t *testing.T, data []byte) {
		r := before
		err := r.UnmarshalJSON(data)
		if err != nil {
			if !errors.Is(err, money.ErrInvalidArgument) && !errors.Is(err, money.ErrInvalidAmount) && !errors.Is(err, money.ErrInvalidRoundingMode) {
				t.Fatalf("UnmarshalJSON(%q): error %v matches no sentinel", data, err)
			}
			if !r.Equal(before) {
				t.Fatalf("UnmarshalJSON(%q) failed but changed the rounding to %v", data, r)
			}
			var ae *money.AmountError
			if errors.As(err, &ae) && !strings.Contains(err.Error(), strconv.Quote(hardClip(ae.Input))) {
				t.Fatalf("UnmarshalJSON(%q): error %q does not name the quantum %q", data, err, ae.Input)
			}
			if len(err.Error()) > 1024 {
				t.Fatalf("UnmarshalJSON: a message of %d bytes: hostile input is not clipped", len(err.Error()))
			}
			return
		}
		if string(bytes.TrimSpace(data)) == "null" {
			if !r.Equal(before) {
				t.Fatalf("null changed the rounding to %v", r)
			}
			return
		}
		if !r.IsValid() || r.Quantum().Sign() <= 0 {
			t.Fatalf("UnmarshalJSON(%q) accepted an invalid rounding %v", data, r)
		}
		if _, perr := money.ParseAmountWithin(money.Canonical(r.Quantum()), money.MaxAmountLength, money.MaxAmountLength); perr != nil {
			t.Fatalf("UnmarshalJSON(%q) accepted a quantum beyond its bounds: %v", data, perr)
		}
		out, err := r.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON(%v): %v", r, err)
		}
		var back money.Rounding
		if err := back.UnmarshalJSON(out); err != nil || !back.Equal(r) {
			t.Fatalf("round trip of %s: %v, %v", out, back, err)
		}
		again, err := back.MarshalJSON()
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("second MarshalJSON: %s, first %s (%v)", again, out, err)
		}
	})
}

// hardClip is what the package's messages show of hostile text: its first
// 40 bytes, clipped by internal/errtext.
func hardClip(s string) string { return errtext.Clip(s, 40) }

// TestHardeningRoundingJSONProperty: random valid roundings survive JSON.
// Quanta are c·10^e for c in [1, 999] and e in [-6, 3]; the mode is drawn
// from the six. The JSON quantum is a string, the trip gives an equal
// rounding (numerically equal quantum, same mode) and the same bytes again.
func TestHardeningRoundingJSONProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 2024))
	for i := range 2000 {
		q := decimal.New(1+rng.Int64N(999), int32(rng.IntN(10)-6))
		r := money.MustNewRounding(q, hardModes[rng.IntN(len(hardModes))])
		out, err := json.Marshal(r)
		require.NoError(t, err)
		var raw map[string]any
		require.NoError(t, json.Unmarshal(out, &raw))
		_, isString := raw["quantum"].(string)
		require.True(t, isString, "case %d: quantum is not a JSON string: %s", i, out)

		var back money.Rounding
		require.NoError(t, json.Unmarshal(out, &back), "case %d: %s", i, out)
		require.True(t, back.Equal(r), "case %d: %v became %v", i, r, back)
		again, err := json.Marshal(back)
		require.NoError(t, err)
		require.Equal(t, string(out), string(again), "case %d", i)
	}
}

// TestHardeningMinorUnits: an amount with non-zero digits below the minor
// unit is an error, never a silent rounding, in every conversion to units.
// The ledger of package subsidy and the budgets convert with ToUnits at
// scale 2 (the fen), so 1.234 CNY cannot enter them.
func TestHardeningMinorUnits(t *testing.T) {
	tests := []struct {
		text  string
		scale int32
		units int64 // when ok
		ok    bool
	}{
		{"1.234", 2, 0, false},  // 123.4 fen
		{"0.001", 2, 0, false},  // a tenth of a fen
		{"-0.005", 2, 0, false}, // half a fen, negative
		{"1.230", 2, 123, true}, // a trailing zero is not a digit beyond the fen
		{"1.5", 0, 0, false},    // half a yen (scale 0)
		{"1500", 0, 1500, true},
		{"1.2345", 3, 0, false}, // 1234.5 fils (BHD has three decimals)
		{"1.234", 3, 1234, true},
		{"0.000000000000000001", 18, 1, true},
		{"0.0000000000000000001", 18, 0, false}, // beyond the finest scale
	}
	for _, tt := range tests {
		t.Run(tt.text+"@"+strconv.Itoa(int(tt.scale)), func(t *testing.T) {
			d, err := decimal.NewFromString(tt.text)
			require.NoError(t, err)
			u, err := money.ToUnits(d, tt.scale)
			pu, perr := money.ParseUnits(tt.text, int(tt.scale))
			if tt.ok {
				require.NoError(t, err)
				require.NoError(t, perr)
				assert.Equal(t, tt.units, u)
				assert.Equal(t, tt.units, pu)
				return
			}
			require.ErrorIs(t, err, money.ErrNotMultiple)
			assert.Contains(t, err.Error(), "beyond", "the message says why")
			require.ErrorIs(t, perr, money.ErrInvalidAmount)
			assert.Contains(t, perr.Error(), strconv.Quote(tt.text), "the message names the input")
		})
	}
}

// TestHardeningAllocateNotMultiple: a total that is not a whole number of
// quanta is refused by Allocate and AllocateEqually (round it first, so the
// rounding shows), and a split that is accepted always adds up exactly.
func TestHardeningAllocateNotMultiple(t *testing.T) {
	fen := decimal.New(1, -2)
	_, err := money.AllocateEqually(decimal.RequireFromString("1.234"), 3, fen)
	require.ErrorIs(t, err, money.ErrNotMultiple)
	_, err = money.Allocate(decimal.RequireFromString("100.005"), []decimal.Decimal{decimal.New(1, 0), decimal.New(2, 0)}, fen)
	require.ErrorIs(t, err, money.ErrNotMultiple)

	rng := rand.New(rand.NewPCG(3, 1))
	for i := range 500 {
		total := decimal.New(rng.Int64N(1_000_000_000), -2) // up to 9,999,999.99
		n := 1 + rng.IntN(40)
		parts, err := money.AllocateEqually(total, n, fen)
		require.NoError(t, err)
		sum := decimal.Zero
		for _, p := range parts {
			_, uerr := money.ToUnits(p, 2)
			require.NoError(t, uerr, "case %d: part %s is not whole fen", i, p)
			sum = sum.Add(p)
		}
		require.True(t, sum.Equal(total), "case %d: %v add up to %s, not %s", i, parts, sum, total)
	}
}

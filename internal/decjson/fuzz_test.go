package decjson_test

import (
	"encoding/json"
	"math/big"
	"testing"
	"unicode/utf8"

	"github.com/dualtrack/dualtrack/internal/decjson"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

type fuzzValue struct {
	D    decimal.Decimal            `json:"d"`
	P    *decimal.Decimal           `json:"p,omitempty"`
	M    map[string]decimal.Decimal `json:"m"`
	L    []any                      `json:"l"`
	Text string                     `json:"text"`
}

// FuzzMarshal: for any decimal and any key and text around it, Marshal
// writes valid JSON that decodes to the same values, the same bytes as
// encoding/json under shopspring's defaults while the decimal is in plain
// notation's bounds, and the decimal as a string.
func FuzzMarshal(f *testing.F) {
	f.Add("150000", int32(-2), "a", "x")
	f.Add("-1", int32(3), "<&>", "\u2028\"\\")
	f.Add("0", int32(0), "", "")
	f.Add("123456789012345678901234567890123456789012345678901234567890123456789", int32(-70), "\xff", "é")
	f.Add("7", int32(900), "k", "t")
	f.Fuzz(func(t *testing.T, coef string, exp int32, key, text string) {
		c, ok := new(big.Int).SetString(coef, 10)
		if !ok || len(coef) > 200 || exp > 1000 || exp < -1000 {
			return
		}
		d := decimal.NewFromBigInt(c, exp)
		v := fuzzValue{D: d, P: &d, M: map[string]decimal.Decimal{key: d}, L: []any{d, text, nil}, Text: text}
		got, err := decjson.Marshal(v)
		require.NoError(t, err)
		require.True(t, json.Valid(got), "%s", got)
		plain, err := json.Marshal(v)
		require.NoError(t, err)
		if d.NumDigits()+int(max(exp, -exp)) <= 60 {
			require.Equal(t, string(plain), string(got))
		}
		var back fuzzValue
		require.NoError(t, json.Unmarshal(got, &back))
		require.True(t, back.D.Equal(d), "%s", got)
		require.True(t, back.P.Equal(d))
		if utf8.ValidString(key) {
			require.True(t, back.M[key].Equal(d))
		}
		str, ok := back.L[0].(string)
		require.True(t, ok, "a decimal in an interface is a string: %s", got)
		again, err := decimal.NewFromString(str)
		require.NoError(t, err)
		require.True(t, again.Equal(d))
	})
}

package money

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/errtext"
	"github.com/shopspring/decimal"
)

// roundingJSON is the JSON form of a Rounding.
type roundingJSON struct {
	Quantum string       `json:"quantum"`
	Mode    RoundingMode `json:"mode"`
}

// MarshalJSON encodes r as {"quantum":"0.01","mode":"half-up"}; the zero
// Rounding encodes as null. The quantum is written without trailing zeros
// ("0.010" as "0.01", "100" as "100"), so that equal roundings encode alike.
func (r Rounding) MarshalJSON() ([]byte, error) {
	if !r.IsValid() {
		return []byte("null"), nil
	}
	return json.Marshal(roundingJSON{Quantum: canonical(r.quantum), Mode: r.mode})
}

// Canonical writes a decimal in plain notation without trailing fractional
// zeros ("1500", "0.5", "-12.25"), whatever shopspring's package-level
// settings say: the form canonical JSON writes, so that digests do not
// depend on how a program configured the decimal package. Equal values are
// written alike, and the text reads back to the same value. A value whose
// plain notation would take more than 64 digits is written as coefficient
// "e" exponent with no trailing zeros in the coefficient ("15e400",
// "1e-70"), never clipped and never expanded into a flood of zeros.
func Canonical(d decimal.Decimal) string { return canonical(d) }

// Exact writes d with exactly its digits and places ("1500.00", "-0.010",
// "1500"), whatever shopspring's package-level settings say: the form the
// library's JSON writes amounts in, so that a value written and read back
// is the same value with the same places. Plain notation is used while it
// takes at most exactMax digits; beyond that, coefficient "e" exponent
// ("15e400"), which reads back to the same value and never expands an
// absurd exponent into a flood of zeros.
func Exact(d decimal.Decimal) string {
	exp, n := d.Exponent(), d.NumDigits()
	switch {
	case exp <= 0 && -int(exp) <= exactMax && n <= exactMax:
		return d.StringFixed(-exp)
	case exp > 0 && int(exp)+n <= exactMax:
		return d.StringFixed(0)
	}
	return d.Coefficient().String() + "e" + strconv.Itoa(int(exp))
}

// exactMax bounds the digits Exact writes in plain notation.
const exactMax = 64

// canonical writes a decimal as Canonical describes: the coefficient's
// trailing zeros go into the exponent first, so that the choice between
// plain notation and exponent depends on the value, not on how it is held.
func canonical(d decimal.Decimal) string {
	c := d.Coefficient()
	if c.Sign() == 0 {
		return "0"
	}
	digits := c.String()
	sign := ""
	if digits[0] == '-' {
		sign, digits = "-", digits[1:]
	}
	m := strings.TrimRight(digits, "0")
	e := int64(d.Exponent()) + int64(len(digits)-len(m))
	switch {
	case e >= 0 && int64(len(m))+e <= exactMax:
		return sign + m + strings.Repeat("0", int(e))
	case e < 0 && -e <= exactMax && len(m) <= exactMax:
		k := int(-e)
		if len(m) > k {
			return sign + m[:len(m)-k] + "." + m[len(m)-k:]
		}
		return sign + "0." + strings.Repeat("0", k-len(m)) + m
	}
	return sign + m + "e" + strconv.FormatInt(e, 10)
}

// UnmarshalJSON decodes the form MarshalJSON writes, for every Rounding
// NewRounding makes. Unknown fields are rejected, the quantum is read with
// [ParseAmountWithin] at [MaxAmountLength] digits before and after the point
// (so it is bounded) and must be positive, and the mode must be one of the
// six names. JSON null leaves r unchanged. On error r is unchanged.
func (r *Rounding) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		return nil
	}
	var in struct {
		Quantum *string          `json:"quantum"`
		Mode    *json.RawMessage `json:"mode"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return &ArgError{Op: "Rounding.UnmarshalJSON", Arg: "rounding", Value: clip(string(data)), Reason: errtext.Clip(err.Error(), 200), Err: ErrInvalidArgument}
	}
	if in.Quantum == nil || in.Mode == nil {
		return &ArgError{Op: "Rounding.UnmarshalJSON", Arg: "rounding", Value: clip(string(data)), Reason: "needs both quantum and mode", Err: ErrInvalidArgument}
	}
	q, err := ParseAmountWithin(*in.Quantum, MaxAmountLength, MaxAmountLength)
	if err != nil {
		return fmt.Errorf("rounding quantum: %w", err)
	}
	var m RoundingMode
	if err := json.Unmarshal(*in.Mode, &m); err != nil {
		return &ArgError{Op: "Rounding.UnmarshalJSON", Arg: "mode", Value: clip(string(*in.Mode)), Reason: "not a rounding mode", Err: ErrInvalidRoundingMode}
	}
	nr, err := NewRounding(q, m)
	if err != nil {
		return err
	}
	*r = nr
	return nil
}

package money

import "strconv"

// RoundingMode says which multiple of a quantum a value between two multiples
// goes to. The zero RoundingMode is not a mode: every rule must name one, so a
// forgotten field is an error rather than a silent default.
type RoundingMode uint8

// The rounding modes. The half modes decide by the distance to the two
// neighbouring multiples and differ only on an exact half; the others ignore
// the distance. See the package documentation for a table of examples.
const (
	// HalfUp rounds to the nearest multiple, an exact half away from zero:
	// 2.5 → 3, −2.5 → −3. This is the Chinese 四舍五入 and the commercial
	// rounding (kaufmännische Rundung) of German practice.
	HalfUp RoundingMode = iota + 1
	// HalfEven rounds to the nearest multiple, an exact half to the even
	// multiple (banker's rounding): 2.5 → 2, 3.5 → 4, −2.5 → −2.
	HalfEven
	// Down rounds toward zero (truncates): 2.7 → 2, −2.7 → −2.
	Down
	// Up rounds away from zero: 2.1 → 3, −2.1 → −3.
	Up
	// Floor rounds toward negative infinity: 2.7 → 2, −2.1 → −3.
	Floor
	// Ceiling rounds toward positive infinity: 2.1 → 3, −2.7 → −2.
	Ceiling
)

// modeList names the modes in order, for error messages.
const modeList = "half-up, half-even, down, up, floor, ceiling"

// name returns the stable text name of a valid mode, "" for any other value.
func (m RoundingMode) name() string {
	switch m {
	case HalfUp:
		return "half-up"
	case HalfEven:
		return "half-even"
	case Down:
		return "down"
	case Up:
		return "up"
	case Floor:
		return "floor"
	case Ceiling:
		return "ceiling"
	}
	return ""
}

// IsValid reports whether m is one of the six rounding modes.
func (m RoundingMode) IsValid() bool {
	return m >= HalfUp && m <= Ceiling
}

// String returns the stable name of m ("half-up", "half-even", "down", "up",
// "floor", "ceiling"), or "RoundingMode(n)" for an invalid m.
func (m RoundingMode) String() string {
	if !m.IsValid() {
		return "RoundingMode(" + strconv.Itoa(int(m)) + ")"
	}
	return m.name()
}

// ParseRoundingMode returns the mode whose name is s. Names are exactly those
// that [RoundingMode.String] returns, in lower case; anything else is an
// [*ArgError] matching [ErrInvalidRoundingMode].
func ParseRoundingMode(s string) (RoundingMode, error) {
	for m := HalfUp; m <= Ceiling; m++ {
		if s == m.name() {
			return m, nil
		}
	}
	return 0, &ArgError{
		Op:     "ParseRoundingMode",
		Arg:    "name",
		Value:  strconv.Quote(clip(s)),
		Reason: "unknown rounding mode, want one of " + modeList,
		Err:    ErrInvalidRoundingMode,
	}
}

// MarshalText implements encoding.TextMarshaler with the names of
// [RoundingMode.String]. An invalid mode is an error, so that a forgotten mode
// cannot be written out as if it were one.
func (m RoundingMode) MarshalText() ([]byte, error) {
	if !m.IsValid() {
		return nil, invalidMode("RoundingMode.MarshalText", m)
	}
	return []byte(m.name()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with [ParseRoundingMode].
// On error m is left unchanged.
func (m *RoundingMode) UnmarshalText(text []byte) error {
	parsed, err := ParseRoundingMode(string(text))
	if err != nil {
		return err
	}
	*m = parsed
	return nil
}

// invalidMode is the error for a RoundingMode value that is not a mode.
func invalidMode(op string, m RoundingMode) error {
	return &ArgError{
		Op:     op,
		Arg:    "mode",
		Value:  m.String(),
		Reason: "not a rounding mode (the zero value is not one)",
		Err:    ErrInvalidRoundingMode,
	}
}

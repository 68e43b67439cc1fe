package money

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRoundingModeNames(t *testing.T) {
	// The names are a stable text format (JSON policies store them): this
	// table is their specification.
	tests := []struct {
		mode RoundingMode
		name string
	}{
		{HalfUp, "half-up"},
		{HalfEven, "half-even"},
		{Down, "down"},
		{Up, "up"},
		{Floor, "floor"},
		{Ceiling, "ceiling"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.True(t, tt.mode.IsValid())
			assert.Equal(t, tt.name, tt.mode.String())

			got, err := ParseRoundingMode(tt.name)
			require.NoError(t, err)
			assert.Equal(t, tt.mode, got)

			text, err := tt.mode.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, tt.name, string(text))

			var back RoundingMode
			require.NoError(t, back.UnmarshalText(text))
			assert.Equal(t, tt.mode, back)
		})
	}
}

func TestRoundingModeZeroIsInvalid(t *testing.T) {
	// The constants start at 1 so that a forgotten field is caught.
	assert.Equal(t, RoundingMode(1), HalfUp)
	for _, m := range []RoundingMode{0, Ceiling + 1, 255} {
		t.Run(m.String(), func(t *testing.T) {
			assert.False(t, m.IsValid())
			assert.Equal(t, "RoundingMode("+strconv.Itoa(int(m))+")", m.String())
			_, err := m.MarshalText()
			require.ErrorIs(t, err, ErrInvalidRoundingMode)
			assert.Contains(t, err.Error(), m.String())
		})
	}
}

func TestParseRoundingModeErrors(t *testing.T) {
	tests := []string{"", "HALF_UP", "Half-Up", "halfup", "half up", " half-up", "round", strings.Repeat("x", 100)}
	for _, s := range tests {
		t.Run(s, func(t *testing.T) {
			_, err := ParseRoundingMode(s)
			require.ErrorIs(t, err, ErrInvalidRoundingMode)
			var ae *ArgError
			require.ErrorAs(t, err, &ae)
			assert.Equal(t, "ParseRoundingMode", ae.Op)
			assert.Contains(t, err.Error(), strconv.Quote(clip(s)))
			assert.Contains(t, err.Error(), "half-up, half-even, down, up, floor, ceiling")
		})
	}
}

func TestRoundingModeJSON(t *testing.T) {
	type rule struct {
		Mode RoundingMode `json:"mode"`
	}
	out, err := json.Marshal(rule{Mode: HalfEven})
	require.NoError(t, err)
	assert.JSONEq(t, `{"mode":"half-even"}`, string(out))

	var r rule
	require.NoError(t, json.Unmarshal([]byte(`{"mode":"floor"}`), &r))
	assert.Equal(t, Floor, r.Mode)

	// A forgotten mode cannot be written, and an unknown name cannot be read.
	_, err = json.Marshal(rule{})
	assert.ErrorIs(t, err, ErrInvalidRoundingMode)
	r = rule{Mode: Up}
	err = json.Unmarshal([]byte(`{"mode":"nearest"}`), &r)
	assert.ErrorIs(t, err, ErrInvalidRoundingMode)
	assert.Equal(t, Up, r.Mode, "a failed UnmarshalText leaves the mode unchanged")
}

func FuzzParseRoundingMode(f *testing.F) {
	for _, s := range []string{"half-up", "half-even", "down", "up", "floor", "ceiling", "", "HALF-UP", "half-up ", "\xff", "half-even\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseRoundingMode(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidRoundingMode) {
				t.Fatalf("ParseRoundingMode(%q): error %v does not match ErrInvalidRoundingMode", s, err)
			}
			if !strings.Contains(err.Error(), strconv.Quote(clip(s))) {
				t.Fatalf("ParseRoundingMode(%q): error %q does not name the input", s, err)
			}
			return
		}
		// Accepted: a valid mode whose name is exactly the input.
		if !m.IsValid() || m.String() != s {
			t.Fatalf("ParseRoundingMode(%q) = %v, which is not that name", s, m)
		}
	})
}

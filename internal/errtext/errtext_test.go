package errtext

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestClip(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"", 5, ""},
		{"abcde", 5, "abcde"},
		{"abcdef", 5, "abcde..."},
		// 级 is 3 bytes: 2 whole characters fit in 7 bytes (6), the third
		// would be split.
		{"级级级级", 7, "级级..."},
		{"级级级级", 6, "级级..."},
		{"级级级级", 12, "级级级级"},
		{"abc", 0, "a..."},
	}
	for _, tt := range tests {
		assert.Equalf(t, tt.want, Clip(tt.in, tt.max), "Clip(%q, %d)", tt.in, tt.max)
	}
}

// TestClipProperties: on random text the result is a prefix of the input (plus
// the marker), no longer than max bytes before the marker, and valid UTF-8
// whenever the input is.
func TestClipProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	pieces := []string{"a", "é", "级", "😀", "\xff"}
	for range 5000 {
		var b strings.Builder
		for range r.IntN(30) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s, max := b.String(), 1+r.IntN(40)
		got := Clip(s, max)
		if got == s {
			assert.LessOrEqual(t, len(s), max)
			continue
		}
		head, ok := strings.CutSuffix(got, "...")
		assert.True(t, ok)
		assert.True(t, strings.HasPrefix(s, head))
		assert.LessOrEqual(t, len(head), max)
		if utf8.ValidString(s) {
			assert.True(t, utf8.ValidString(got), "Clip(%q, %d) = %q", s, max, got)
		}
	}
}

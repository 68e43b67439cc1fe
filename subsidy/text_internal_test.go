package subsidy

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"unicode/utf8"
)

// checkTextPlain is what checkText decides, written plainly: valid UTF-8
// without control characters.
func checkTextPlain(s string) bool {
	return utf8.ValidString(s) && !ledgerHasControl(s)
}

// TestCheckTextWordAtATime checks the eight-bytes-at-a-time scan of
// checkText against the plain definition: every byte value at every
// position of strings of 1 to 24 bytes, and random strings.
func TestCheckTextWordAtATime(t *testing.T) {
	for n := 1; n <= 24; n++ {
		base := []byte("abcdefghijklmnopqrstuvwx"[:n])
		for pos := range n {
			for b := range 256 {
				s := append([]byte(nil), base...)
				s[pos] = byte(b)
				if got, want := checkText(string(s), true) == "", checkTextPlain(string(s)); got != want {
					t.Fatalf("checkText(%q) accepts = %v, want %v", s, got, want)
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(5, 9))
	for range 20_000 {
		s := make([]byte, rng.IntN(40))
		for i := range s {
			s[i] = byte(0x18 + rng.IntN(0x70)) // around both ends of printable ASCII
			if rng.IntN(50) == 0 {
				s[i] = byte(rng.IntN(256))
			}
		}
		if got, want := checkText(string(s), false) == "", checkTextPlain(string(s)); got != want {
			t.Fatalf("checkText(%q) accepts = %v, want %v", s, got, want)
		}
	}
}

// TestTxtQuote checks that the texts quote as strconv.Quote does, with the
// clipping of quote.
func TestTxtQuote(t *testing.T) {
	long := "a-very-long-identifier-" + string(make([]byte, 0)) + "0123456789012345678901234567890123456789012345678901234567890123456789"
	for _, s := range []string{"", "P1", `say "hi"`, `back\slash`, "tab\there", "中文", "x\x7f", "\xff", long} {
		var tb txt
		if got, want := tb.q(s).String(), quote(s); got != want {
			t.Errorf("txt.q(%s) = %s, want %s", strconv.Quote(s), got, want)
		}
	}
}

// TestTxtPlainWordAtATime checks the eight-bytes-at-a-time scan of txtPlain
// against its definition, strconv.Quote leaving the text as it is between
// the quotes: every byte value at every position of strings of 1 to 24
// bytes.
func TestTxtPlainWordAtATime(t *testing.T) {
	for n := 1; n <= 24; n++ {
		base := []byte("abcdefghijklmnopqrstuvwx"[:n])
		for pos := range n {
			for b := range 256 {
				s := append([]byte(nil), base...)
				s[pos] = byte(b)
				want := strconv.Quote(string(s)) == `"`+string(s)+`"` && utf8.Valid(s) && s[pos] < utf8.RuneSelf
				if got := txtPlain(string(s)); got != want {
					t.Fatalf("txtPlain(%q) = %v, want %v", s, got, want)
				}
			}
		}
	}
}

package subsidy

import (
	"strconv"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/internal/errtext"
)

// txt is a text built in the evaluation's buffer. The methods append and
// return the txt, so that a text reads as one chain:
//
//	s.rejectText("x", func(t *txt) { t.s("person ").q(c.Person).s(" has ").n(k, "grant", "grants") })
//
// Without an explanation, the texts of all the reasons of a claim follow
// one another in the buffer, and the result's reasons share one string made
// of it at the end (see State.rejectText): however many parts and reasons
// they have, the texts of a claim cost one allocation.
type txt struct{ b []byte }

// textSpan is where the text of reason i lies in the state's text buffer:
// bytes [from, to).
type textSpan struct{ i, from, to int }

// s appends x as it is.
func (t *txt) s(x string) *txt { t.b = append(t.b, x...); return t }

// q appends x quoted, clipped as quote clips it.
func (t *txt) q(x string) *txt {
	if len(x) <= 64 && txtPlain(x) {
		t.b = append(append(append(t.b, '"'), x...), '"')
		return t
	}
	t.b = strconv.AppendQuote(t.b, errtext.Clip(x, 64))
	return t
}

// txtPlain reports whether strconv.Quote would leave x as it is between the
// quotes: printable ASCII without '"' or '\\'.
func txtPlain(x string) bool {
	i := 0
	for ; len(x)-i >= 8; i += 8 {
		w := textWord(x[i:])
		if textNotPrintable(w)|textHasByte(w, '"')|textHasByte(w, '\\') != 0 {
			return false
		}
	}
	for ; i < len(x); i++ {
		if c := x[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// Text is checked eight bytes at a time, as a little-endian word, with the
// classic tricks that find a byte below a bound or equal to a value in
// every byte of a word at once: each returns a word that is not zero if
// and only if some byte matches.
const (
	textOnes  = 0x0101010101010101
	textHighs = 0x8080808080808080
)

// textWord returns the first eight bytes of s (which has at least eight)
// as a little-endian word: one load, as the bounds are checked once.
func textWord(s string) uint64 {
	s = s[:8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// textNotPrintable finds a byte that is not printable ASCII: at or above
// 0x80, below 0x20, or 0x7f.
func textNotPrintable(w uint64) uint64 {
	return (w | ((w - 0x20*textOnes) &^ w) | textHasByte(w, 0x7f)) & textHighs
}

// textHasByte finds a byte equal to c.
func textHasByte(w uint64, c byte) uint64 {
	x := w ^ (uint64(c) * textOnes)
	return (x - textOnes) &^ x & textHighs
}

// d appends a date as YYYY-MM-DD.
func (t *txt) d(d Date) *txt { t.b, _ = d.AppendText(t.b); return t }

// i appends a whole number.
func (t *txt) i(n int64) *txt { t.b = strconv.AppendInt(t.b, n, 10); return t }

// n appends a count with its noun: "1 month", "3 months".
func (t *txt) n(n int64, one, many string) *txt {
	if n == 1 {
		return t.s("1 ").s(one)
	}
	return t.i(n).s(" ").s(many)
}

// months appends a count of months.
func (t *txt) months(n int64) *txt { return t.n(n, "month", "months") }

// level appends a level with its Chinese name, as condLevel shows it.
func (t *txt) level(l certificate.Level) *txt {
	t.s(l.String())
	if c := l.Chinese(); c != "" {
		t.s(" (").s(c).s(")")
	}
	return t
}

// String returns the text.
func (t *txt) String() string { return string(t.b) }

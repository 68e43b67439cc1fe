// Package errtext formats untrusted input for error messages.
//
// Errors in dualtrack name the input that caused them, and that input may be
// hostile: megabytes of text, or bytes that are not UTF-8. Clip keeps such
// input from swamping a message while leaving ordinary values whole.
package errtext

import "unicode/utf8"

// Clip returns s if it is at most n bytes long. Otherwise it returns the
// longest prefix of at most n bytes that does not split a UTF-8 sequence,
// followed by "...". An n below 1 is treated as 1.
func Clip(s string, n int) string {
	n = max(n, 1)
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "..."
}

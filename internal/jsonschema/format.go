package jsonschema

import (
	"net/netip"
	"strings"
)

// formatChecker returns the check for a format this package asserts, or nil
// for any other format name, which is an annotation only (listed by
// Schema.UncheckedFormats).
func formatChecker(name string) func(string) bool {
	switch name {
	case "date":
		return isDate
	case "date-time":
		return isDateTime
	case "email":
		return isEmail
	case "uri":
		return isURI
	case "uri-reference":
		return isURIReference
	}
	return nil
}

// digits2 reads two ASCII digits at s[i:i+2].
func digits2(s string, i int) (int, bool) {
	if i+2 > len(s) || !isDigit(s[i]) || !isDigit(s[i+1]) {
		return 0, false
	}
	return int(s[i]-'0')*10 + int(s[i+1]-'0'), true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isHex(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// isDate checks RFC 3339 full-date: YYYY-MM-DD with a month 01-12 and a day
// that exists in that month of the proleptic Gregorian calendar.
func isDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	hi, ok1 := digits2(s, 0)
	lo, ok2 := digits2(s, 2)
	month, ok3 := digits2(s, 5)
	day, ok4 := digits2(s, 8)
	if !ok1 || !ok2 || !ok3 || !ok4 || month < 1 || month > 12 || day < 1 {
		return false
	}
	year := hi*100 + lo
	return day <= daysIn(year, month)
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	default:
		return 31
	}
}

// isDateTime checks RFC 3339 date-time (section 5.6):
// full-date "T" HH:MM:SS [.fraction] ("Z" / ±HH:MM), "T" and "Z" in either
// case. Hours 00-23, minutes 00-59, seconds 00-60; second 60 (a leap
// second) only where the time, converted to UTC, is 23:59. Offsets are
// -23:59 to +23:59.
func isDateTime(s string) bool {
	if len(s) < 20 || !isDate(s[:10]) || (s[10] != 'T' && s[10] != 't') {
		return false
	}
	t := s[11:]
	hour, ok1 := digits2(t, 0)
	minute, ok2 := digits2(t, 3)
	sec, ok3 := digits2(t, 6)
	if !ok1 || !ok2 || !ok3 || t[2] != ':' || t[5] != ':' || hour > 23 || minute > 59 || sec > 60 {
		return false
	}
	t = t[8:]
	if strings.HasPrefix(t, ".") {
		n := 1
		for n < len(t) && isDigit(t[n]) {
			n++
		}
		if n == 1 {
			return false
		}
		t = t[n:]
	}
	offset := 0 // minutes east of UTC
	switch {
	case t == "Z" || t == "z":
	case len(t) == 6 && (t[0] == '+' || t[0] == '-') && t[3] == ':':
		oh, ok1 := digits2(t, 1)
		om, ok2 := digits2(t, 4)
		if !ok1 || !ok2 || oh > 23 || om > 59 {
			return false
		}
		offset = oh*60 + om
		if t[0] == '-' {
			offset = -offset
		}
	default:
		return false
	}
	if sec == 60 {
		utc := ((hour*60+minute-offset)%1440 + 1440) % 1440
		return utc == 23*60+59
	}
	return true
}

// The character classes of RFC 3986, section 2.
func isUnreserved(c byte) bool {
	return isAlpha(c) || isDigit(c) || c == '-' || c == '.' || c == '_' || c == '~'
}

func isSubDelim(c byte) bool { return strings.IndexByte("!$&'()*+,;=", c) >= 0 }

// validChars reports whether s consists of unreserved characters,
// sub-delims, percent-encodings ("%" HEXDIG HEXDIG) and the bytes in extra.
func validChars(s, extra string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isUnreserved(c) || isSubDelim(c) || strings.IndexByte(extra, c) >= 0:
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return false
			}
			i += 2
		default:
			return false
		}
	}
	return true
}

// cutScheme splits "scheme:rest" where scheme is ALPHA *( ALPHA / DIGIT /
// "+" / "-" / "." ) (RFC 3986, section 3.1).
func cutScheme(s string) (rest string, ok bool) {
	i := strings.IndexByte(s, ':')
	if i < 1 || !isAlpha(s[0]) {
		return "", false
	}
	for j := 1; j < i; j++ {
		if c := s[j]; !isAlpha(c) && !isDigit(c) && c != '+' && c != '-' && c != '.' {
			return "", false
		}
	}
	return s[i+1:], true
}

// isURI checks an RFC 3986 URI: scheme ":" hier-part [ "?" query ]
// [ "#" fragment ], in ASCII (an IRI with other characters is not a URI).
func isURI(s string) bool {
	rest, ok := cutScheme(s)
	return ok && validRelative(rest, false)
}

// isURIReference checks an RFC 3986 URI-reference: a URI or a
// relative-ref, whose first path segment must not contain ":" (otherwise
// the part before the colon is read as a scheme).
func isURIReference(s string) bool {
	colon := strings.IndexByte(s, ':')
	if colon >= 0 && !strings.ContainsAny(s[:colon], "/?#") {
		return isURI(s)
	}
	return validRelative(s, true)
}

// validRelative checks what follows the scheme of a URI (hier-part, query,
// fragment), or a whole relative-ref when noScheme is set.
func validRelative(s string, noScheme bool) bool {
	if hier, frag, ok := strings.Cut(s, "#"); ok {
		if !validChars(frag, ":@/?") {
			return false
		}
		s = hier
	}
	if hier, query, ok := strings.Cut(s, "?"); ok {
		if !validChars(query, ":@/?") {
			return false
		}
		s = hier
	}
	path := s
	if strings.HasPrefix(s, "//") {
		authority := s[2:]
		path = ""
		if i := strings.IndexByte(authority, '/'); i >= 0 {
			authority, path = authority[:i], authority[i:]
		}
		if !validAuthority(authority) {
			return false
		}
	}
	if noScheme && !strings.HasPrefix(path, "/") {
		first, _, _ := strings.Cut(path, "/")
		if strings.Contains(first, ":") {
			return false
		}
	}
	return validChars(path, ":@/")
}

// validAuthority checks [ userinfo "@" ] host [ ":" port ] (RFC 3986,
// section 3.2), with host an IP-literal in brackets (IPv6 or IPvFuture), or
// a reg-name (which includes IPv4 dotted quads).
func validAuthority(a string) bool {
	if i := strings.LastIndexByte(a, '@'); i >= 0 {
		if !validChars(a[:i], ":") {
			return false
		}
		a = a[i+1:]
	}
	host, port := a, ""
	if strings.HasPrefix(a, "[") {
		end := strings.IndexByte(a, ']')
		if end < 0 {
			return false
		}
		host, port = a[:end+1], a[end+1:]
		if port != "" && port[0] != ':' {
			return false
		}
		if !validIPLiteral(host[1:end]) {
			return false
		}
	} else {
		if i := strings.IndexByte(a, ':'); i >= 0 {
			host, port = a[:i], a[i:]
		}
		if !validChars(host, "") {
			return false
		}
	}
	for i := 1; i < len(port); i++ {
		if !isDigit(port[i]) {
			return false
		}
	}
	return true
}

// validIPLiteral checks the inside of "[...]": an IPv6 address without a
// zone, or IPvFuture "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" ).
func validIPLiteral(s string) bool {
	if len(s) > 0 && (s[0] == 'v' || s[0] == 'V') {
		ver, rest, ok := strings.Cut(s[1:], ".")
		if !ok || ver == "" || rest == "" || strings.Trim(ver, "0123456789abcdefABCDEF") != "" {
			return false
		}
		return !strings.Contains(rest, "%") && validChars(rest, ":")
	}
	addr, err := netip.ParseAddr(s)
	return err == nil && addr.Is6() && addr.Zone() == ""
}

// isEmail checks an RFC 5321 Mailbox (section 4.1.2): Local-part "@"
// ( Domain / address-literal ).
//
//   - The local part is a dot-string (atoms of atext joined by single dots)
//     or a quoted string of printable ASCII with backslash pairs, at most
//     64 octets (section 4.5.3.1.1).
//   - The domain is dot-separated labels of letters, digits and inner
//     hyphens, each at most 63 octets, the whole at most 255; or an
//     address literal "[192.0.2.1]" or "[IPv6:2001:db8::1]".
//
// Non-ASCII addresses (RFC 6531) are not emails here ("idn-email" would be
// their format).
func isEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at < 1 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	if len(local) > 64 || !validLocalPart(local) {
		return false
	}
	if strings.HasPrefix(domain, "[") && strings.HasSuffix(domain, "]") {
		lit := domain[1 : len(domain)-1]
		if v6, ok := strings.CutPrefix(lit, "IPv6:"); ok {
			addr, err := netip.ParseAddr(v6)
			return err == nil && addr.Is6() && !addr.Is4In6() && addr.Zone() == ""
		}
		addr, err := netip.ParseAddr(lit)
		return err == nil && addr.Is4()
	}
	return validDomain(domain)
}

func validLocalPart(s string) bool {
	if strings.HasPrefix(s, `"`) {
		if len(s) < 2 || !strings.HasSuffix(s, `"`) {
			return false
		}
		q := s[1 : len(s)-1]
		for i := 0; i < len(q); i++ {
			c := q[i]
			switch {
			case c == '\\':
				i++
				if i >= len(q) || q[i] < 32 || q[i] > 126 {
					return false
				}
			case c == '"' || c < 32 || c > 126:
				return false
			}
		}
		return true
	}
	for _, atom := range strings.Split(s, ".") {
		if atom == "" {
			return false
		}
		for i := 0; i < len(atom); i++ {
			if c := atom[i]; !isAlpha(c) && !isDigit(c) && strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) < 0 {
				return false
			}
		}
	}
	return true
}

func validDomain(s string) bool {
	if s == "" || len(s) > 255 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			if c := label[i]; !isAlpha(c) && !isDigit(c) && c != '-' {
				return false
			}
		}
	}
	return true
}

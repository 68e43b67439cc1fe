package jsonschema

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

type formatCase struct {
	in   string
	want bool
}

func runFormatCases(t *testing.T, name string, tests []formatCase) {
	t.Helper()
	check := formatChecker(name)
	if check == nil {
		t.Fatalf("no checker for %q", name)
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, check(tt.in), "%s(%q)", name, tt.in)
		})
	}
}

func TestFormatDate(t *testing.T) {
	runFormatCases(t, "date", []formatCase{
		{"2024-02-29", true},  // 2024 is divisible by 4
		{"2000-02-29", true},  // 2000 is divisible by 400
		{"1900-02-29", false}, // 1900 is divisible by 100, not by 400
		{"2023-02-29", false},
		{"2023-02-28", true},
		{"2024-04-30", true},
		{"2024-04-31", false}, // April has 30 days
		{"2024-12-31", true},
		{"2024-13-01", false},
		{"2024-00-10", false},
		{"2024-01-00", false},
		{"0000-01-01", true}, // RFC 3339 date-fullyear is any 4DIGIT
		{"2024-1-01", false},
		{"24-01-01", false},
		{"2024/01/01", false},
		{"2024-01-01T00:00:00Z", false},
		{"2024-01-01 ", false},
		{"２０２４-01-01", false}, // full-width digits are not DIGIT
		{"", false},
	})
}

func TestFormatDateTime(t *testing.T) {
	runFormatCases(t, "date-time", []formatCase{
		// RFC 3339 section 5.8 examples.
		{"1985-04-12T23:20:50.52Z", true},
		{"1996-12-19T16:39:57-08:00", true},
		{"1990-12-31T23:59:60Z", true},
		{"1990-12-31T15:59:60-08:00", true}, // 15:59:60 -08:00 is 23:59:60 UTC
		{"1937-01-01T12:00:27.87+00:20", true},
		// RFC 3339 section 5.6 note: "T" and "Z" may be lower case.
		{"1985-04-12t23:20:50z", true},
		{"2024-07-01T00:00:00+23:59", true},
		{"2024-07-01T23:59:59.123456789Z", true},
		{"2024-07-01T00:00:00", false},       // no offset
		{"2024-07-01 00:00:00Z", false},      // space instead of T
		{"2024-07-01T24:00:00Z", false},      // hour 24
		{"2024-07-01T12:60:00Z", false},      // minute 60
		{"2024-07-01T12:00:61Z", false},      // second 61
		{"2024-07-01T23:58:60Z", false},      // leap second not at 23:59 UTC
		{"2024-07-01T22:59:60Z", false},      // leap second an hour early
		{"2024-07-01T23:59:60+01:00", false}, // that is 22:59:60 UTC
		{"2024-07-01T00:59:60+01:00", true},  // that is 23:59:60 UTC the day before
		{"2024-07-01T12:00:00.Z", false},     // empty fraction
		{"2024-07-01T12:00:00+0800", false},
		{"2024-07-01T12:00:00+08", false},
		{"2024-07-01T12:00:00+24:00", false},
		{"2024-07-01T12:00:00+08:60", false},
		{"2024-07-01T12:00Z", false}, // seconds are required
		{"2024-02-30T12:00:00Z", false},
		{"2024-07-01T1:00:00Z", false},
		{"2024-07-01", false},
		{"", false},
	})
}

func TestFormatURI(t *testing.T) {
	runFormatCases(t, "uri", []formatCase{
		// RFC 3986 section 1.1.2 examples.
		{"ftp://ftp.is.co.za/rfc/rfc1808.txt", true},
		{"http://www.ietf.org/rfc/rfc2396.txt", true},
		{"ldap://[2001:db8::7]/c=GB?objectClass?one", true},
		{"mailto:John.Doe@example.com", true},
		{"news:comp.infosystems.www.servers.unix", true},
		{"tel:+1-816-555-1212", true},
		{"telnet://192.0.2.16:80/", true},
		{"urn:oasis:names:specification:docbook:dtd:xml:4.1.2", true},
		// Identifiers of the kind an Open Badges credential carries.
		{"urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002", true},
		{"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", true},
		{"did:example:123#key-1", true},
		{"http://example.org/a?q=1%202#frag/ment?x", true},
		{"http://user:pw@example.org:8080/", true},
		{"http://[v1.fe80::a+en1]/", true}, // IPvFuture
		{"http://example.org:/", true},     // an empty port is allowed
		{"file:///etc/hosts", true},        // an empty host is allowed
		{"http://xn--fsqu00a.xn--0zwm56d/", true},
		{"/relative/path", false}, // no scheme
		{"//example.org/", false},
		{"relative", false},
		{"1http://example.org", false}, // a scheme starts with a letter
		{"ht tp://example.org", false},
		{"http://exa mple.org", false},
		{"http://example.org/a b", false},
		{"http://example.org/%zz", false},
		{"http://example.org/%2", false},
		{"http://例子.测试/", false}, // an IRI, not a URI
		{"http://[::1", false},
		{"http://[127.0.0.1]/", false}, // an IP-literal must be IPv6 or IPvFuture
		{"http://[fe80::1%25en0]/", false},
		{"http://example.org:80a/", false},
		{"http://a@b@example.org/", false},
		{"http://example.org/#a#b", false},
		{`http://example.org/\`, false},
		{"http://example.org/<>", false},
		{"", false},
	})
}

func TestFormatURIReference(t *testing.T) {
	runFormatCases(t, "uri-reference", []formatCase{
		{"http://example.org/a", true},
		// RFC 3986 section 5.4.1 relative references.
		{"g:h", true}, {"g", true}, {"./g", true}, {"g/", true}, {"/g", true}, {"//g", true},
		{"?y", true}, {"g?y", true}, {"#s", true}, {"g#s", true}, {"g?y#s", true}, {";x", true},
		{"g;x", true}, {"g;x?y#s", true}, {"", true}, {".", true}, {"./", true}, {"..", true},
		{"../", true}, {"../g", true}, {"../..", true}, {"../../", true}, {"../../g", true},
		{"./a:b", true}, // a colon after the first segment
		{"a/b:c", true}, // likewise
		{"1a:b", false}, // looks like a scheme but is not one, and a first segment may not hold ":"
		{":a", false},   // empty scheme
		{`\\WINDOWS\fileshare`, false},
		{"#frag ment", false},
		{"a b", false},
	})
}

func TestFormatEmail(t *testing.T) {
	runFormatCases(t, "email", []formatCase{
		// RFC 3696 section 3 examples (with the quoting its errata ask for).
		{`"Abc@def"@example.com`, true},
		{`"Fred Bloggs"@example.com`, true},
		{`"Joe\\Blow"@example.com`, true},
		{"customer/department=shipping@example.com", true},
		{"$A12345@example.com", true},
		{"!def!xyz%abc@example.com", true},
		{"_somename@example.com", true},
		{"joe.bloggs@example.com", true},
		{"te~st@example.com", true},
		{"student@vocational.example.cn", true},
		{"a@[192.0.2.1]", true},
		{"a@[IPv6:2001:db8::1]", true},
		{"a@localhost", true},
		{`""@example.com`, true}, // RFC 5321 Quoted-string = DQUOTE *QcontentSMTP DQUOTE may be empty
		{".test@example.com", false},
		{"test.@example.com", false},
		{"te..st@example.com", false},
		{"@example.com", false},
		{"test@", false},
		{"test", false},
		{"a b@example.com", false},
		{"a@b@example.com", false},
		{`"unterminated@example.com`, false},
		{`"a"b"@example.com`, false},
		{"a@-example.com", false},
		{"a@example-.com", false},
		{"a@example..com", false},
		{"a@exa_mple.com", false},
		{"a@[300.0.0.1]", false},
		{"a@[IPv6:::ffff:192.0.2.1]", false},             // an IPv4 address belongs in the IPv4 form
		{"a@[2001:db8::1]", false},                       // IPv6 needs the "IPv6:" tag
		{"用户@example.com", false},                        // RFC 6531, not RFC 5321
		{fmt.Sprintf("%065d@example.com", 0), false},     // local part of 65 octets
		{fmt.Sprintf("%064d@example.com", 0), true},      // local part of 64 octets
		{"a@" + fmt.Sprintf("%064d", 0) + ".com", false}, // label of 64 octets
	})
}

// TestFormatDateTimeAgreesWithTime cross-checks isDateTime with time.Parse
// on random timestamps, most valid and some with a field out of range.
// Leap seconds are left out: the time package rejects second 60. Offsets
// stay in range: the time package accepts "+24:59" and "+08:60", which RFC
// 3339 time-numoffset (time-hour ":" time-minute) does not.
func TestFormatDateTimeAgreesWithTime(t *testing.T) {
	r := rand.New(rand.NewPCG(2024, 9))
	for range 20000 {
		pick := func(lo, hi int) int {
			if r.IntN(20) == 0 {
				return hi + 1 + r.IntN(3) // out of range
			}
			return lo + r.IntN(hi-lo+1)
		}
		s := fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02d", r.IntN(10000), pick(1, 12), pick(1, 31), pick(0, 23), pick(0, 59), pick(0, 59)%60)
		if r.IntN(2) == 0 {
			s += "." + fmt.Sprint(r.IntN(1000000))
		}
		switch r.IntN(3) {
		case 0:
			s += "Z"
		case 1:
			s += fmt.Sprintf("+%02d:%02d", r.IntN(24), r.IntN(60))
		default:
			s += fmt.Sprintf("-%02d:%02d", r.IntN(24), r.IntN(60))
		}
		_, err := time.Parse(time.RFC3339Nano, s)
		assert.Equal(t, err == nil, isDateTime(s), "%s: time.Parse says %v", s, err)
		// The date part alone agrees with time.Parse too.
		_, err = time.Parse(time.DateOnly, s[:10])
		assert.Equal(t, err == nil, isDate(s[:10]), "%s: time.Parse says %v", s[:10], err)
	}
}

// TestFormatURIAgreesWithNetURL checks on random strings that every string
// accepted as a uri is also accepted by net/url with a scheme, and that
// every accepted uri-reference parses.
func TestFormatURIAgreesWithNetURL(t *testing.T) {
	r := rand.New(rand.NewPCG(3986, 1))
	const alphabet = "ab1:/?#[]@%20-._~!$&'()*+,;= \\^é"
	accepted := 0
	for range 50000 {
		var b []byte
		switch r.IntN(3) {
		case 0:
			b = []byte("http:")
		case 1:
			b = []byte("http://")
		}
		for range r.IntN(12) {
			// Pick a byte of the alphabet; "é" is two bytes, so a lone byte of it
			// is also tried, which must be rejected.
			b = append(b, alphabet[r.IntN(len(alphabet))])
		}
		s := string(b)
		if hostHasPercent(s) {
			// RFC 3986 (section 3.2.2) allows percent-encoding in a
			// reg-name; net/url only for non-ASCII bytes. No cross-check.
			continue
		}
		if isURI(s) {
			accepted++
			u, err := url.Parse(s)
			if assert.NoError(t, err, s) {
				assert.NotEmpty(t, u.Scheme, s)
			}
		}
		if isURIReference(s) {
			_, err := url.Parse(s)
			assert.NoError(t, err, s)
		}
	}
	// A sanity check on the generator, not on the code: at least 5% of the
	// 50000 strings (2500) should be URIs, or the cross-check says little.
	assert.Greater(t, accepted, 2500, "the generator should produce valid URIs often")
}

// hostHasPercent reports whether s has an authority ("//...") with a "%" in
// it.
func hostHasPercent(s string) bool {
	_, rest, ok := strings.Cut(s, "//")
	if !ok {
		return false
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	return strings.Contains(rest, "%")
}

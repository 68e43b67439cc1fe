package subsidy

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/shopspring/decimal"
)

// personTestName returns the i-th name of TestLedgerPersonIndex: short
// numbers, identity-card-like names of 18 characters, names of exactly the
// inline length and one past it, long names, and names that share all but
// their last byte, so that every comparison path is taken.
func personTestName(i int) string {
	k := strconv.Itoa(i)
	switch i % 6 {
	case 0:
		return "P" + k
	case 1:
		return "370211" + strings.Repeat("0", 12-len(k)) + k // 18 characters
	case 2:
		return k + strings.Repeat("x", max(0, personNameInline-len(k))) // the inline length
	case 3: // one byte longer
		return k + strings.Repeat("y", max(0, personNameInline+1-len(k)))
	case 4:
		return strings.Repeat("长", 20) + k // 60 bytes and more
	}
	return "same-prefix-same-prefix-" + k
}

// TestLedgerPersonIndex checks the ledger's own hash table of persons as it
// grows from empty to 30,000 persons: after each doubling every person
// recorded so far is found with exactly their own records, and persons
// never recorded (including names one byte off) are not found.
func TestLedgerPersonIndex(t *testing.T) {
	l := NewLedger()
	const n = 30_000
	record := func(i, j int) {
		t.Helper()
		date, err := MustParseDate("2024-03-01").AddDays(j)
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = l.Record(Grant{Key: "g-" + strconv.Itoa(i) + "-" + strconv.Itoa(j), Policy: "p@1", Scheme: "s",
			Person: personTestName(i), Occupation: "6-01", Level: certificate.NationalGrade4,
			Date: date, Amount: decimal.New(1000, 0), Currency: "CNY"})
		if err != nil {
			t.Fatal(err)
		}
	}
	// check checks persons 0 to upto-1, whose records are all in, of the
	// recorded persons in the ledger.
	check := func(upto, recorded int) {
		t.Helper()
		l.mu.RLock()
		defer l.mu.RUnlock()
		for i := range upto {
			name := personTestName(i)
			list := l.personOf(name)
			if list == nil {
				t.Fatalf("after %d persons, %q (person %d) is not found", upto, name, i)
			}
			want := 1 + i%3 // as recorded below
			if list.len() != want {
				t.Fatalf("person %q has %d records, want %d", name, list.len(), want)
			}
			for k := range list.len() {
				if g := l.entries[list.at(k).idx].g; g.Person != name {
					t.Fatalf("record %d of %q is a grant to %q", k, name, g.Person)
				}
			}
			for _, stranger := range []string{name + "!", name[:len(name)-1], "Q" + name[1:]} {
				// A name one byte shorter can be another person's
				// ("P15" of "P150"): only names never recorded must miss.
				if l.personOf(stranger) != nil && !personRecorded(stranger, recorded) {
					t.Fatalf("%q, never recorded, is found", stranger)
				}
			}
		}
		if l.byPerson.used != recorded || len(l.people) != recorded {
			t.Fatalf("after %d persons the index holds %d and the lists %d", recorded, l.byPerson.used, len(l.people))
		}
		if recorded > 0 && 2*l.byPerson.used > len(l.byPerson.slots) {
			t.Fatalf("%d persons in %d slots: more than half full", l.byPerson.used, len(l.byPerson.slots))
		}
	}
	check(0, 0)
	for i := range n {
		// Person i gets 1 + i%3 grants, the later ones recorded after
		// other persons, so that lists grow while the table grows.
		record(i, 0)
		if i >= 2 {
			for j := 1; j < 1+(i-2)%3; j++ {
				record(i-2, j)
			}
		}
		if i&(i+1) == 0 { // the table doubles at powers of two
			check(max(0, i-1), i+1)
		}
	}
	for i := n - 2; i < n; i++ {
		for j := 1; j < 1+i%3; j++ {
			record(i, j)
		}
	}
	check(n, n)
}

// personRecorded reports whether name is one of the first n test names.
func personRecorded(name string, n int) bool {
	for i := range n {
		if personTestName(i) == name {
			return true
		}
	}
	return false
}

// TestLedgerWarm checks that warm reads without changing anything or
// failing: on an empty ledger, and on claims of persons and certificates
// the ledger has, has not, or that are empty.
func TestLedgerWarm(t *testing.T) {
	claims := []Claim{{Person: "P1", Certificate: "C-1"}, {Person: "nobody"}, {}, {Person: strings.Repeat("长", 30), Certificate: "C-2"}}
	for len(claims) < 3*warmGroup+5 { // several groups and a partial one
		claims = append(claims, Claim{Person: "P" + strconv.Itoa(len(claims)%7), Certificate: "C-" + strconv.Itoa(len(claims))})
	}
	var empty Ledger
	if got := empty.warm(claims); got != 0 {
		t.Fatalf("warm on an empty ledger read %d", got)
	}
	l := NewLedger()
	for i := range 5 {
		k := strconv.Itoa(i)
		if _, _, err := l.Record(Grant{Key: "g-" + k, Policy: "p@1", Scheme: "s", Person: "P" + k, Certificate: "C-" + k,
			Date: MustParseDate("2024-03-01"), Amount: decimal.New(1000, 0), Currency: "CNY"}); err != nil {
			t.Fatal(err)
		}
	}
	var before, after bytes.Buffer
	if _, err := l.WriteTo(&before); err != nil {
		t.Fatal(err)
	}
	if got := l.warm(claims); got <= 0 {
		t.Fatalf("warm read %d from a ledger with the persons' records, want a positive sum", got)
	}
	l.warm(nil)
	if _, err := l.WriteTo(&after); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before.Bytes(), after.Bytes()) {
		t.Fatalf("warm changed the ledger:\n%s\nthen\n%s", before.Bytes(), after.Bytes())
	}
}

// TestPersonNameIs checks the comparison of stored names, inline and long,
// at the inline length and around it. (Through the index, a stored name is
// compared only when the hash's tag matches, which for different names
// almost never happens, so it is checked here.)
func TestPersonNameIs(t *testing.T) {
	names := []string{"", "P", "P1", strings.Repeat("a", personNameInline-1), strings.Repeat("a", personNameInline),
		strings.Repeat("a", personNameInline+1), strings.Repeat("a", personNameInline) + "b", strings.Repeat("长", 9), strings.Repeat("长", 8)}
	for _, a := range names {
		p := newPersonName(a)
		for _, b := range names {
			if got := p.is(b); got != (a == b) {
				t.Errorf("name %q is %q: %v, want %v", a, b, got, a == b)
			}
		}
		if b := "Q" + a; p.is(b) {
			t.Errorf("name %q is %q", a, b)
		}
		if len(a) > 0 {
			b := a[:len(a)-1] + "z"
			if p.is(b) != (a == b) {
				t.Errorf("name %q is %q: %v", a, b, p.is(b))
			}
		}
	}
}

package subsidy

import (
	"strconv"
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/shopspring/decimal"
)

// TestLedgerCertFilter checks the ledger's certificate filter: every
// certificate recorded passes it, as the filter grows from 64 words to
// hold 20,000 certificates, and a certificate never recorded passes it
// rarely. With 16 bits per certificate and two bits set in one 64-bit word,
// a word holds about 4 certificates (64/16), and the chance that both bits
// of a stranger are set is about 1 in 60 (the average over a Poisson(4)
// load of (1-(63/64)^(2L))^2 is 0.0166): the test allows 1 in 30.
func TestLedgerCertFilter(t *testing.T) {
	l := NewLedger()
	const n = 20_000
	for i := range n {
		k := strconv.Itoa(i)
		_, _, err := l.Record(Grant{Key: "g-" + k, Policy: "p@1", Scheme: "s", Person: "P" + k, Certificate: "cert-" + k,
			Occupation: "6-01", Level: certificate.NationalGrade4, Date: MustParseDate("2024-03-01"),
			Amount: decimal.New(1000, 0), Currency: "CNY"})
		if err != nil {
			t.Fatal(err)
		}
		// Every certificate recorded so far still passes after each growth.
		if i&(i+1) == 0 || i == n-1 {
			for j := range i + 1 {
				if !l.certMay("cert-" + strconv.Itoa(j)) {
					t.Fatalf("after %d grants, cert-%d was recorded but the filter says it is not", i+1, j)
				}
			}
		}
	}
	if len(l.certs)*64 < n*ledgerCertBits {
		t.Fatalf("filter of %d words for %d certificates, want at least %d bits each", len(l.certs), n, ledgerCertBits)
	}
	pass := 0
	for i := range n {
		if l.certMay("other-" + strconv.Itoa(i)) {
			pass++
		}
	}
	if pass*30 > n {
		t.Fatalf("%d of %d certificates never recorded pass the filter, want at most 1 in 30", pass, n)
	}
	t.Logf("%d of %d strangers pass (about 1 in %d)", pass, n, n/max(pass, 1))
}

package subsidy

import (
	"cmp"
	"slices"

	"github.com/dualtrack/dualtrack/certificate"
)

// The history rules ask most of their questions about the claimant: how
// many grants this year, whether one has the same occupation and level. The
// ledger keeps for each person a compact list of what those questions read,
// in (date, key) order, so that one map lookup and one short contiguous
// list answer all of them (State.personHistory).

// histRec is what the history rules read of a grant, kept in the ledger's
// per-person index and copied for them.
type histRec struct {
	idx        int    // index into entries
	fen        int64  // amount in hundredths
	date, rev  Date   // the grant's date; its reversal's date, zero if it stands
	keyHash    uint64 // ledgerHash(key): most keys differ in it, unread
	level      certificate.Level
	key        string
	scheme     string
	occupation string
	currency   string
}

// ledgerIndexPerson adds entry i to the index of its person, keeping the
// list in (date, key) order; grants usually arrive in date order, so the
// place is usually the end. The caller holds the write lock.
func (l *Ledger) ledgerIndexPerson(i int) {
	e := &l.entries[i]
	g := &e.g
	if g.Person == "" {
		return
	}
	rec := histRecOf(g, e.fen)
	rec.idx = i
	list := l.byPerson[g.Person]
	at := len(list)
	if at > 0 && personCompare(list[at-1], rec) > 0 {
		at, _ = slices.BinarySearchFunc(list, rec, personCompare)
	}
	l.byPerson[g.Person] = slices.Insert(list, at, rec)
}

// personCompare orders records by date, then key, as ledgerCompare does.
func personCompare(a, b histRec) int {
	return cmp.Or(a.date.Compare(b.date), cmp.Compare(a.key, b.key))
}

// ledgerReversed marks entry i reversed by rev. The caller holds the write
// lock.
func (l *Ledger) ledgerReversed(i int, rev Reversal) {
	l.reversals[i] = rev
	l.revDates[i] = rev.Date
	g := &l.entries[i].g
	if g.Person == "" {
		return
	}
	list := l.byPerson[g.Person]
	for k := range list {
		if list[k].idx == i {
			list[k].rev = rev.Date
			return
		}
	}
}

// eachStanding calls f with the record of every grant q selects that was not
// reversed on or before asOf: the path of the history rules for queries by
// organisation or certificate (see histEachGrant). q must set Person,
// Certificate or Organisation, so that an index answers it, in (date, key)
// order. f runs under the ledger's read lock and must not call the ledger.
func (l *Ledger) eachStanding(q HistoryQuery, asOf Date, f func(r *histRec)) {
	q.ExcludeReversed = false
	l.mu.RLock()
	defer l.mu.RUnlock()
	l.ledgerVisit(q, func(e *ledgerEntry, rev Reversal) {
		if rev.Date.IsZero() || rev.Date.After(asOf) {
			r := histRecOf(&e.g, e.fen)
			f(&r)
		}
	})
}

// histRecOf returns the record of a grant with fen hundredths.
func histRecOf(g *Grant, fen int64) histRec {
	return histRec{fen: fen, date: g.Date, level: g.Level, key: g.Key, keyHash: ledgerHash(g.Key),
		scheme: g.Scheme, occupation: g.Occupation, currency: g.Currency}
}

// standingOf appends to buf the grants of person that stood on asOf (dated
// on or before it and not reversed on or before it), other than the one
// under key own, in (date, key) order, and returns the extended buf. It
// takes the read lock once: the history rules of one evaluation share what
// it returns (State.personHistory).
func (l *Ledger) standingOf(person string, asOf Date, own string, buf []histRec) []histRec {
	ownHash := ledgerHash(own)
	l.mu.RLock()
	defer l.mu.RUnlock()
	for _, r := range l.byPerson[person] {
		if r.date.After(asOf) {
			break // the list is in date order
		}
		if (!r.rev.IsZero() && !r.rev.After(asOf)) || (r.keyHash == ownHash && r.key == own) {
			continue
		}
		buf = append(buf, r)
	}
	return buf
}

// ledgerHash is the 64-bit FNV-1a hash of s.
func ledgerHash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// ledgerIntern returns the ledger's copy of s, storing s if it has none.
// The caller holds the write lock.
func (l *Ledger) ledgerIntern(s string) string {
	if s == "" {
		return s
	}
	if t, ok := l.interned[s]; ok {
		return t
	}
	l.interned[s] = s
	return s
}

// The certificate filter has 16 bits per certificate and sets two of them
// for each: a certificate not in the ledger passes it about once in 70
// times, and then the map answers.
const ledgerCertBits = 16

// ledgerCertAdd adds a certificate new to byCert to the filter, doubling
// the filter when it is full. The caller holds the write lock.
func (l *Ledger) ledgerCertAdd(cert string) {
	l.ncerts++
	if l.ncerts*ledgerCertBits > len(l.certs)*64 {
		words := max(len(l.certs)*2, 64)
		for words*64 < l.ncerts*ledgerCertBits {
			words *= 2
		}
		l.certs = make([]uint64, words)
		for c := range l.byCert {
			l.ledgerCertSet(c)
		}
	}
	l.ledgerCertSet(cert)
}

// ledgerCertBit returns the two bits of the filter cert sets. The filter's
// length is a power of two.
func (l *Ledger) ledgerCertBit(cert string) (a, b uint64) {
	h := ledgerHash(cert)
	mask := uint64(len(l.certs))*64 - 1
	return h & mask, (h >> 32) & mask
}

func (l *Ledger) ledgerCertSet(cert string) {
	a, b := l.ledgerCertBit(cert)
	l.certs[a/64] |= 1 << (a % 64)
	l.certs[b/64] |= 1 << (b % 64)
}

// certMay is ledgerCertMay under the read lock.
func (l *Ledger) certMay(cert string) bool {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.ledgerCertMay(cert)
}

// ledgerCertMay reports whether cert may be in byCert: false means it is
// not. The caller holds the lock.
func (l *Ledger) ledgerCertMay(cert string) bool {
	if len(l.certs) == 0 {
		return false
	}
	a, b := l.ledgerCertBit(cert)
	return l.certs[a/64]&(1<<(a%64)) != 0 && l.certs[b/64]&(1<<(b%64)) != 0
}

package subsidy

import (
	"slices"

	"github.com/dualtrack/dualtrack/certificate"
)

// The history rules ask most of their questions about the claimant: how
// many grants this year, whether one has the same occupation and level. The
// ledger keeps for each person a compact list of what those questions read,
// in (date, key) order: a hash table of its own gives the person's number
// (personIndex), and the list at that number holds the person's name and
// the first two records in itself, so that one lookup and one read answer
// all of them for most people (State.personHistory). Schemes, occupations
// and currencies are numbered (Ledger.names), so that the records are small
// and compared as numbers.

// histRec is what the history rules read of a grant: kept in the ledger's
// per-person index and copied for them, or made on the fly for other
// queries.
type histRec struct {
	fen       int64  // amount in minor units of its currency
	key       string // the grant's key, for the texts of rejections
	idx       int32  // index into the entries the record was made from
	date, rev Date   // the grant's date; its reversal's date, zero if it stands
	keyHash   uint32
	// The numbers of the grant's scheme, occupation and currency in the
	// ledger's names; zero in records not made by a ledger.
	scheme, occupation, currency uint32
	level                        certificate.Level
}

// histNoName is the number of a name the ledger does not hold: no record
// carries it.
const histNoName = ^uint32(0)

// personList is a person's name and records in (date, key) order: head
// holds the first two, tail the others.
type personList struct {
	name personName
	n    int
	head [2]histRec
	tail []histRec
}

// at returns the k-th record.
func (p *personList) at(k int) *histRec {
	if k < len(p.head) {
		return &p.head[k]
	}
	return &p.tail[k-len(p.head)]
}

// insert puts r at position k.
func (p *personList) insert(k int, r histRec) {
	all := make([]histRec, 0, p.n+1)
	for j := range p.n {
		all = append(all, *p.at(j))
	}
	all = slices.Insert(all, k, r)
	p.n = len(all)
	copy(p.head[:], all)
	if p.n > len(p.head) {
		p.tail = all[len(p.head):]
	}
}

// ledgerName returns the ledger's copy of s and its number, numbering s if
// it is new. The caller holds the write lock.
func (l *Ledger) ledgerName(s string) (string, uint32) {
	if s == "" {
		return s, 0
	}
	if id, ok := l.names[s]; ok {
		return l.nameList[id], id
	}
	if l.nameList == nil {
		l.nameList = []string{""}
	}
	id := uint32(len(l.nameList))
	l.names[s] = id
	l.nameList = append(l.nameList, s)
	return s, id
}

// ledgerNameID returns the number of s, 0 for "", or histNoName if the
// ledger does not hold it. The caller holds the lock.
func (l *Ledger) ledgerNameID(s string) uint32 {
	if s == "" {
		return 0
	}
	if id, ok := l.names[s]; ok {
		return id
	}
	return histNoName
}

// nameIDs is ledgerNameID for several names under the read lock.
func (l *Ledger) nameIDs(names []string, ids []uint32) []uint32 {
	l.mu.RLock()
	defer l.mu.RUnlock()
	for _, s := range names {
		ids = append(ids, l.ledgerNameID(s))
	}
	return ids
}

// ledgerRec returns the record of entry i. The caller holds the lock.
func (l *Ledger) ledgerRec(i int) histRec {
	e := &l.entries[i]
	g := &e.g
	return histRec{fen: e.fen, key: g.Key, idx: int32(i), date: g.Date, rev: l.revDates[i], keyHash: histHash(g.Key),
		scheme: l.ledgerNameID(g.Scheme), occupation: l.ledgerNameID(g.Occupation), currency: l.ledgerNameID(g.Currency),
		level: g.Level}
}

// ledgerIndexPerson adds entry i to the index of its person, keeping the
// list in (date, key) order; grants usually arrive in date order, so the
// place is usually the end. The caller holds the write lock.
func (l *Ledger) ledgerIndexPerson(i int) {
	g := &l.entries[i].g
	if g.Person == "" {
		return
	}
	rec := l.ledgerRec(i)
	n, ok := l.byPerson.find(l.people, g.Person)
	if !ok {
		n = int32(len(l.people))
		l.people = append(l.people, personList{name: newPersonName(g.Person)})
		l.byPerson.add(l.people, g.Person, n)
	}
	list := &l.people[n]
	k := list.n
	for k > 0 && ledgerCompare(&l.entries[list.at(k-1).idx].g, g) > 0 {
		k--
	}
	if k == list.n && k < len(list.head) {
		list.head[k] = rec
		list.n++
	} else if k == list.n {
		list.tail = append(list.tail, rec)
		list.n++
	} else {
		list.insert(k, rec)
	}
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
	n, ok := l.byPerson.find(l.people, g.Person)
	if !ok {
		return
	}
	list := &l.people[n]
	for k := range list.n {
		if r := list.at(k); int(r.idx) == i {
			r.rev = rev.Date
			break
		}
	}
}

// personOf returns the list of person, or nil. The caller holds the lock.
func (l *Ledger) personOf(person string) *personList {
	if n, ok := l.byPerson.find(l.people, person); ok {
		return &l.people[n]
	}
	return nil
}

// len returns the number of records; a nil list has none.
func (p *personList) len() int {
	if p == nil {
		return 0
	}
	return p.n
}

// histIDs are the numbers, in a ledger's names, of what the history rules
// of one evaluation compare grants with: the policy's scheme and currency
// and the claim's occupation.
type histIDs struct {
	scheme, currency, occupation uint32
}

// histNameCache holds the numbers of a scheme and a currency in a ledger's
// names, as read when the ledger had names names: the names are only ever
// appended to, so the numbers hold as long as no name was added (one that
// was missing may have been).
type histNameCache struct {
	ledger           *Ledger
	names            int
	scheme, currency string
	ids              [2]uint32
}

// standingOf appends to buf the records of the grants of person that stood
// on asOf (dated on or before it and not reversed on or before it), other
// than the one under key own, in (date, key) order, and returns the
// extended buf, the ledger's names (by number) and the numbers of scheme,
// currency and occupation. It takes the read lock once: the history rules of
// one evaluation share what it returns (State.personHistory). The names
// returned are a prefix of the append-only nameList, whose elements never
// change once stored, so they may be read after the lock is released. The
// lock is read lock number shard (see ledgerLock).
//
// It also reports whether the ledger may hold grants of the certificate
// cert (ledgerCertMay), so that one lock serves the certificate rules too.
//
// The numbers of scheme and currency, the same for every claim of a policy,
// are kept in nc from one call to the next, and read again only when the
// ledger or the number of its names has changed.
func (l *Ledger) standingOf(shard uint32, person string, asOf Date, own string, buf []histRec, nc *histNameCache, scheme, currency, occupation, cert string) ([]histRec, []string, histIDs, bool) {
	ownHash := histHash(own)
	mu := l.mu.rlock(shard)
	defer mu.RUnlock()
	certMay := cert != "" && l.ledgerCertMay(cert)
	if nc.ledger != l || nc.names != len(l.nameList) || nc.scheme != scheme || nc.currency != currency {
		*nc = histNameCache{ledger: l, names: len(l.nameList), scheme: scheme, currency: currency,
			ids: [2]uint32{l.ledgerNameID(scheme), l.ledgerNameID(currency)}}
	}
	ids := histIDs{nc.ids[0], nc.ids[1], l.ledgerNameID(occupation)}
	list := l.personOf(person)
	for k := range list.len() {
		r := list.at(k)
		if r.date.After(asOf) {
			break // the list is in date order
		}
		if (!r.rev.IsZero() && !r.rev.After(asOf)) || (r.keyHash == ownHash && r.key == own) {
			continue
		}
		buf = append(buf, *r)
	}
	return buf, l.nameList, ids, certMay
}

// eachStanding calls f with the record of every grant q selects that was not
// reversed on or before asOf and is not under key own: the path of the
// history rules for queries by organisation or certificate (see
// histEachGrant). q must set Person, Certificate or Organisation, so that an
// index answers it, in (date, key) order. f runs under the ledger's read
// lock and must not call the ledger. It returns the ledger's names, as
// standingOf does.
func (l *Ledger) eachStanding(q HistoryQuery, asOf Date, own string, f func(r *histRec)) []string {
	q.ExcludeReversed = false
	l.mu.RLock()
	defer l.mu.RUnlock()
	l.ledgerVisit(q, func(i int, e *ledgerEntry, rev Reversal) {
		if (rev.Date.IsZero() || rev.Date.After(asOf)) && e.g.Key != own {
			r := l.ledgerRec(i)
			f(&r)
		}
	})
	return l.nameList
}

// histHash is a 32-bit hash of a grant's key, kept in its record so that
// comparing keys rarely needs the key itself.
func histHash(s string) uint32 { return uint32(ledgerHash64(s)) }

// The certificate filter has 16 bits per certificate and sets two bits of
// one 64-bit word for each, so that asking costs one read of memory: a
// certificate not in the ledger passes it about once in 60 times, and then
// the map answers.
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

// ledgerCertBit returns the word of the filter cert sets bits in, and the
// bits. The filter's length is a power of two: the word's number comes
// from the hash's low bits, the bits from its top twelve.
func (l *Ledger) ledgerCertBit(cert string) (word int, bits uint64) {
	h := ledgerHash64(cert)
	return int(h & uint64(len(l.certs)-1)), 1<<(h>>52&63) | 1<<(h>>58)
}

func (l *Ledger) ledgerCertSet(cert string) {
	w, bits := l.ledgerCertBit(cert)
	l.certs[w] |= bits
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
	w, bits := l.ledgerCertBit(cert)
	return l.certs[w]&bits == bits
}

// ledgerHash64 is the 64-bit FNV-1a hash of s.
func ledgerHash64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

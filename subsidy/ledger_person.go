package subsidy

import "hash/maphash"

// The ledger finds a person's records with a hash table of its own rather
// than a Go map, for two reasons. A lookup in a ledger of many people is
// mostly a wait for memory, and a map from names reads its control word,
// its slot and the stored name's bytes before the records: the table reads
// one small slot and then the person's list, which holds a short name in
// itself, beside the first records. And a batch can ask for the memory of
// many lookups at once (Ledger.warm), which needs to know where a lookup
// will read: a map does not say.

// personIndex maps persons to their numbers in Ledger.people: open
// addressing with linear probing, at most half full, so that a lookup
// rarely reads a second slot. The zero value is empty.
type personIndex struct {
	seed  maphash.Seed // made with the first slots
	slots []personSlot // a power of two of them, or none
	used  int
}

// personSlot is a slot of the table: the high half of the person's hash,
// which tells most other persons apart without reading their names, and
// the person's number plus one (zero marks an empty slot).
type personSlot struct {
	tag uint32
	n   uint32
}

// personNameInline is the longest name a list holds in its own bytes:
// identity card numbers (18 characters) and most staff numbers fit.
const personNameInline = 24

// personName is a person's name as a list holds it: in its own bytes if
// it fits, else as a string.
type personName struct {
	len    uint32
	inline [personNameInline]byte
	long   string
}

func newPersonName(s string) personName {
	if len(s) > personNameInline {
		return personName{len: uint32(len(s)), long: s}
	}
	p := personName{len: uint32(len(s))}
	copy(p.inline[:], s)
	return p
}

// is reports whether the name is s.
func (p *personName) is(s string) bool {
	if int(p.len) != len(s) {
		return false
	}
	if len(s) > personNameInline {
		return p.long == s
	}
	return string(p.inline[:len(s)]) == s
}

// hash returns the hash of a person: its low bits choose the first slot to
// look in, its high half is the tag.
func (x *personIndex) hash(s string) uint64 { return maphash.String(x.seed, s) }

// hashName returns the hash of a stored name, the same as that of the
// string.
func (x *personIndex) hashName(p *personName) uint64 {
	if p.len > personNameInline {
		return x.hash(p.long)
	}
	return maphash.Bytes(x.seed, p.inline[:p.len])
}

// find returns the number of person in people, or false.
func (x *personIndex) find(people []personList, person string) (int32, bool) {
	if len(x.slots) == 0 {
		return 0, false
	}
	h := x.hash(person)
	mask := uint64(len(x.slots) - 1)
	tag := uint32(h >> 32)
	for i := h & mask; ; i = (i + 1) & mask {
		s := x.slots[i]
		if s.n == 0 {
			return 0, false
		}
		if s.tag == tag && people[s.n-1].name.is(person) {
			return int32(s.n - 1), true
		}
	}
}

// add records that person, not in the table, is number n in people (whose
// list n already holds the name).
func (x *personIndex) add(people []personList, person string, n int32) {
	if (x.used+1)*2 > len(x.slots) {
		x.grow(people)
	}
	x.put(x.hash(person), n)
	x.used++
}

// put stores number n under hash h in the first free slot from h's.
func (x *personIndex) put(h uint64, n int32) {
	mask := uint64(len(x.slots) - 1)
	i := h & mask
	for x.slots[i].n != 0 {
		i = (i + 1) & mask
	}
	x.slots[i] = personSlot{tag: uint32(h >> 32), n: uint32(n) + 1}
}

// grow doubles the table, or makes its first slots, and puts back the
// persons it held.
func (x *personIndex) grow(people []personList) {
	if len(x.slots) == 0 {
		x.seed = maphash.MakeSeed()
	}
	old := x.slots
	x.slots = make([]personSlot, max(2*len(old), 64))
	for _, s := range old {
		if s.n != 0 {
			x.put(x.hashName(&people[s.n-1].name), int32(s.n-1))
		}
	}
}

// warmGroup is the number of claims whose memory warm asks for at once:
// enough for the processor to wait for their misses together, few enough
// that what it brings stays in the caches until the claims are evaluated.
const warmGroup = 16

// warm reads what evaluating the claims will first read of the ledger: for
// each claim the slot and the list of its person, and the word of the
// certificate filter for its certificate. It reads them a group of claims
// at a time, each step for the whole group before the next (the slots,
// then the lists), so that the processor waits for the cache misses of a
// group together rather than one after another, as one evaluation after
// another would. It changes nothing; EvaluateAll calls it on each run of
// claims a worker takes, before evaluating them. It returns a sum of what
// it read, so that the reads are not optimised away.
func (l *Ledger) warm(claims []Claim) int {
	var hs [warmGroup]uint64
	var ns [warmGroup]uint32
	sum := 0
	l.mu.RLock()
	defer l.mu.RUnlock()
	x := &l.byPerson
	if len(x.slots) == 0 {
		return 0
	}
	mask := uint64(len(x.slots) - 1)
	for len(claims) > 0 {
		g := claims[:min(warmGroup, len(claims))]
		claims = claims[len(g):]
		for i := range g {
			hs[i] = x.hash(g[i].Person)
		}
		for i := range g {
			ns[i] = x.slots[hs[i]&mask].n
		}
		for i := range g {
			if n := ns[i]; n != 0 {
				// The first and last bytes of the list and the records
				// between: every cache line it spans.
				p := &l.people[n-1]
				sum += int(p.name.len) + p.n + int(p.head[0].level) + int(p.head[1].level) + len(p.tail)
				if len(p.tail) > 0 {
					sum += int(p.tail[0].level) + int(p.tail[len(p.tail)-1].level)
				}
			}
		}
		if len(l.certs) > 0 {
			for i := range g {
				if c := g[i].Certificate; c != "" {
					w, _ := l.ledgerCertBit(c)
					sum += int(l.certs[w] & 1)
				}
			}
		}
	}
	return sum
}

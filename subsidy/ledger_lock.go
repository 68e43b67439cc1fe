package subsidy

import "sync"

// ledgerShards is the number of read locks a Ledger spreads its readers
// over (see ledgerLock).
const ledgerShards = 8

// ledgerLock is the reader-writer lock of a Ledger. A reader takes one of
// ledgerShards read locks and a writer takes them all. Each lock lies on
// cache lines of its own, so readers on different cores that use different
// locks write no memory in common: a sync.RWMutex counts its readers in one
// word, which the cores of a batch would otherwise pass between them twice
// a claim (an evaluation reads the ledger under the lock once). Evaluations
// use the lock their frame was given (see frame.shard); the other
// readers use the first. Writers are rare beside evaluations, and take the
// locks in order, so that two of them cannot deadlock. The zero value is
// unlocked.
type ledgerLock struct {
	shards [ledgerShards]struct {
		sync.RWMutex
		// The RWMutex takes 24 bytes; the padding fills 128, two cache
		// lines, as processors that fetch lines in pairs need.
		_ [104]byte
	}
}

// RLock takes the first read lock, for readers other than evaluations.
func (m *ledgerLock) RLock() { m.shards[0].RLock() }

// RUnlock releases what RLock took.
func (m *ledgerLock) RUnlock() { m.shards[0].RUnlock() }

// rlock takes read lock number shard (modulo ledgerShards) and returns it,
// for the caller to release.
func (m *ledgerLock) rlock(shard uint32) *sync.RWMutex {
	r := &m.shards[shard%ledgerShards].RWMutex
	r.RLock()
	return r
}

// Lock takes every read lock, in order, as a writer.
func (m *ledgerLock) Lock() {
	for i := range m.shards {
		m.shards[i].Lock()
	}
}

// Unlock releases what Lock took.
func (m *ledgerLock) Unlock() {
	for i := range m.shards {
		m.shards[i].Unlock()
	}
}

package subsidy

import (
	"testing"
	"time"
)

// TestLedgerLockWriterWaitsForEveryShard checks that a writer waits for a
// reader of any of the read locks, numbered past ledgerShards too (they
// wrap), and that readers of different locks, or of the same one, do not
// wait for each other.
func TestLedgerLockWriterWaitsForEveryShard(t *testing.T) {
	var m ledgerLock
	for k := range uint32(2*ledgerShards + 1) {
		r := m.rlock(k)
		// Other readers get in at once, on every lock.
		for j := range uint32(ledgerShards) {
			m.rlock(j).RUnlock()
		}
		m.RLock()
		m.RUnlock()
		done := make(chan struct{})
		go func() {
			m.Lock()
			close(done)
			m.Unlock()
		}()
		select {
		case <-done:
			t.Fatalf("a writer got in while read lock %d was held", k)
		case <-time.After(5 * time.Millisecond):
		}
		r.RUnlock()
		<-done
	}
	// RLock, the readers' other than evaluations, is also waited for.
	m.RLock()
	if m.shards[0].TryLock() {
		t.Fatal("RLock does not hold the first read lock")
	}
	m.RUnlock()
	// And a writer keeps every reader out until it is done.
	m.Lock()
	for k := range uint32(ledgerShards) {
		if m.shards[k].TryRLock() {
			t.Fatalf("read lock %d was free under Lock", k)
		}
	}
	m.Unlock()
}

package subsidy

// eachStanding calls f for every grant q selects that was not reversed on or
// before asOf,
// with the grant's amount in hundredths, without copying entries: the fast
// path of the history rules (see histEachGrant). q must set Person, Certificate
// or Organisation, so that an index answers it. f runs under the ledger's
// read lock and must not call the ledger; the grant it is given must not be
// kept or changed.
func (l *Ledger) eachStanding(q HistoryQuery, asOf Date, f func(g *Grant, fen int64)) {
	q.ExcludeReversed = false
	l.mu.RLock()
	defer l.mu.RUnlock()
	l.ledgerVisit(q, func(e *ledgerEntry, rev Reversal) {
		if rev.Date.IsZero() || rev.Date.After(asOf) {
			f(&e.g, e.fen)
		}
	})
}

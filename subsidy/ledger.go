package subsidy

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/internal/errtext"
	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/dualtrack/dualtrack/internal/strictjson"
	"github.com/shopspring/decimal"
)

// Grant is one granted claim as the ledger records it: what later history
// rules need to know about a payment.
//
// Key, Policy, Scheme, Date, Amount and Currency are required, and so is at
// least one of Person and Organisation (the payee or the person the payment is
// for). Text fields are at most 256 bytes of UTF-8 without control
// characters and are compared exactly, byte for byte. Level is optional (the
// zero Level means "no level"); if set it must be a valid level. A grant
// with a level but no occupation (an allowance for a level, such as the
// chief technician's) never matches the history rules that compare
// occupations.
type Grant struct {
	Key          string            // idempotency key of the payment decision; required
	Policy       string            // name and version of the policy that granted it; required
	Scheme       string            // the scheme, e.g. "skill-improvement"; required
	Person       string            // the person concerned (ID number, worker id)
	Organisation string            // the organisation concerned (enterprise, school)
	Occupation   string            // occupation code of the certificate or training, if any
	Level        certificate.Level // skill level of the certificate, if any
	Certificate  string            // certificate number, if any
	Date         Date              // the day the grant was decided or paid; required
	Amount       decimal.Decimal   // positive, a multiple of the currency's minor unit (0.01, 1 for JPY, 0.001 for BHD); required
	Currency     string            // ISO 4217 code, three capital letters; required
}

// Reversal records that a grant was clawed back: on which day and why. The
// zero Reversal means the grant stands.
type Reversal struct {
	Date   Date   // the day of the clawback; not before the grant's date
	Reason string // why, for people; required
}

// LedgerEntry is a grant as the ledger holds it, with its reversal if it was
// clawed back.
type LedgerEntry struct {
	Grant    Grant
	Reversal Reversal // zero when the grant stands
}

// Reversed reports whether the grant was clawed back.
func (e LedgerEntry) Reversed() bool { return !e.Reversal.Date.IsZero() }

// HistoryQuery selects entries of a ledger. Each set field must match
// exactly; an empty field (or the zero Period) matches anything. At least one
// of the text fields or Period must be set: a query that selects everything
// is an error, so that a filter left empty by mistake is not read as "all
// grants". ExcludeReversed leaves out grants that were clawed back.
//
// Queries by Person, Certificate or Organisation are answered from an index,
// in time proportional to that person's (certificate's, organisation's)
// entries; the others scan the whole ledger.
type HistoryQuery struct {
	Person          string
	Organisation    string
	Certificate     string
	Scheme          string
	Occupation      string
	Currency        string
	Period          Period // the grant's Date must lie in it
	ExcludeReversed bool
}

// HistoryTotal is the count and sum of the grants a query selects, in one
// currency. For no grant, Currency is empty and Amount is 0.00.
type HistoryTotal struct {
	Currency string
	Count    int
	Amount   decimal.Decimal
}

// Sentinel errors of the ledger. Every error the ledger returns for bad
// input is a *LedgerError that matches exactly one of them with errors.Is.
// (An error of the reader given to ReadLedger comes back in a *LedgerError
// that wraps it instead; an error of the writer given to WriteTo comes back
// as it is.)
var (
	// ErrInvalidGrant: a grant or a reversal with a missing or bad field.
	ErrInvalidGrant = errors.New("invalid grant")
	// ErrKeyConflict: a grant or reversal for a key that already holds a
	// different one.
	ErrKeyConflict = errors.New("idempotency key conflict")
	// ErrUnknownKey: a reversal for a key the ledger does not hold.
	ErrUnknownKey = errors.New("unknown idempotency key")
	// ErrInvalidQuery: a HistoryQuery with no filter set.
	ErrInvalidQuery = errors.New("invalid history query")
	// ErrMixedCurrencies: a total over grants in more than one currency; set
	// HistoryQuery.Currency.
	ErrMixedCurrencies = errors.New("mixed currencies")
	// ErrLedgerSyntax: ledger JSON lines that cannot be read: bad JSON, an
	// unknown or mistyped field, an empty or overlong line, a duplicate key.
	ErrLedgerSyntax = errors.New("malformed ledger data")
)

// LedgerError reports input a Ledger cannot accept. Its message names the
// operation, the line (for ReadLedger), the key, the field and the value:
//
//	subsidy: ledger Record: key "c-17": amount = 1500.005: not a multiple of the quantum 0.01 of CNY
type LedgerError struct {
	Op     string // "Record", "Reverse", "History", "Totals" or "ReadLedger"
	Line   int    // 1-based line of the input, for ReadLedger; 0 otherwise
	Key    string // the idempotency key concerned, if known
	Field  string // the field at fault, e.g. "amount" or "reversal.date"; may be empty
	Value  string // the bad value as text (quoted if it was text)
	Reason string // what is wrong
	Err    error  // the sentinel the error matches
}

// Error returns the message described on LedgerError. Text from the input
// is quoted and clipped, so that hostile input cannot swamp it.
func (e *LedgerError) Error() string {
	var b []byte
	b = append(b, "subsidy: ledger "...)
	b = append(b, e.Op...)
	if e.Line > 0 {
		b = append(b, ": line "...)
		b = strconv.AppendInt(b, int64(e.Line), 10)
	}
	if e.Key != "" {
		b = append(b, ": key "...)
		b = strconv.AppendQuote(b, ledgerClip(e.Key))
	}
	if e.Field != "" {
		b = append(b, ": "...)
		b = append(b, e.Field...)
		if e.Value != "" {
			b = append(b, " = "...)
			b = append(b, e.Value...)
		}
	} else if e.Value != "" {
		b = append(b, ": "...)
		b = append(b, e.Value...)
	}
	b = append(b, ": "...)
	b = append(b, e.Reason...)
	return string(b)
}

// Unwrap returns the sentinel, so that errors.Is(err, e.Err) holds.
func (e *LedgerError) Unwrap() error { return e.Err }

// Ledger records the subsidies that were granted, one [Grant] per
// idempotency key, and answers the questions that history rules ask of it:
// which grants a person, an organisation or a certificate already had, in
// which period, and how much they came to.
//
// Idempotency. The key identifies one payment decision, chosen by the caller
// (a claim number, an application id plus a payment number). Recording a
// grant under a new key stores it; recording an identical grant under a known
// key is a replay and changes nothing, so a retried submission never pays
// twice; recording a different grant under a known key is an error
// ([ErrKeyConflict]) naming the key and the first field that differs.
//
// Reversals. A grant is never edited or deleted. A clawback is recorded with
// [Ledger.Reverse], which attaches a [Reversal] (date and reason) to the
// grant; the grant stays in the history, marked as reversed, and queries can
// leave reversed grants out ([HistoryQuery].ExcludeReversed). A reversal is
// idempotent in the same way as a grant.
//
// Queries. [Ledger.History] lists the entries a [HistoryQuery] selects (by
// person, organisation, certificate, scheme, occupation, currency and
// period) ordered by date and key; [Ledger.Totals] counts and adds them up.
// Person, certificate and organisation are indexed.
//
// Export. [Ledger.WriteTo] writes the ledger as JSON lines and [ReadLedger]
// reads them back; the round trip is exact.
//
// Money. Amounts are decimal.Decimal, positive, in whole minor units of
// their currency (ISO 4217): 0.01 (a fen, a cent, a penny) for most,
// including every currency the schemes of this package pay in (CNY, EUR,
// GBP); 1 for JPY, KRW, VND, ISK and CLP; 0.001 for BHD, KWD, OMR, JOD,
// TND, LYD and IQD. An amount with finer digits is rejected, not rounded:
// the rounding belongs to the rule that computed it. The ledger keeps every
// amount with exactly the places of its minor unit (CNY 1500 is stored and
// returned as 1500.00, JPY 1500 as 1500, BHD 1.5 as 1.500), which does not
// change its value. Amounts must fit in 2^63−1 minor units.
//
// Concurrency. A Ledger is safe for concurrent use: Record and Reverse are
// atomic, so of several goroutines recording the same key exactly one gets
// true. The zero Ledger is empty and ready to use; a Ledger must not be
// copied after first use.
type Ledger struct {
	mu ledgerLock
	// entries is append-only: an element, once appended, never changes, so
	// a prefix taken under the lock may be read after it is released.
	entries []ledgerEntry
	byKey   map[string]int
	// byPerson numbers the persons; people[n] holds the name and the
	// records of person n in (date, key) order.
	byPerson personIndex
	people   []personList
	byOrg    map[string][]int
	byCert   map[string][]int
	// certs is a Bloom filter of the certificates in byCert, so that a
	// history rule asking about a certificate never paid (as most are)
	// need not reach the map; see ledgerCertAdd.
	certs  []uint64
	ncerts int
	// names numbers each scheme, policy, currency and occupation, which
	// repeat across grants; nameList[n] is the name numbered n (0 is "").
	// The grants share one copy of each, and the history rules compare
	// numbers.
	names     map[string]uint32
	nameList  []string
	reversals map[int]Reversal // by index into entries
	// revDates[i] is the date of the reversal of entries[i], zero if it
	// stands: what history rules check, without a map lookup. Unlike
	// entries it changes in place, so it is read under the lock only.
	revDates []Date
}

// ledgerEntry is a stored grant with its amount in minor units.
type ledgerEntry struct {
	g   Grant
	fen int64
}

// ledgerMaxText is the most bytes a text field may hold.
const ledgerMaxText = 256

// NewLedger returns an empty ledger. It is the same as new(Ledger).
func NewLedger() *Ledger { return new(Ledger) }

// Len returns the number of grants recorded, reversed ones included.
func (l *Ledger) Len() int {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return len(l.entries)
}

// Record records g under g.Key, after checking every field (a *LedgerError
// matching ErrInvalidGrant names the first bad one).
//
// If the key is new, Record stores g and returns it with its amount at the
// places of its currency's minor unit (1500.00 for CNY), and true: the
// caller pays. If the key holds an identical grant
// (amounts compared by value, so 1500 and 1500.00 are identical), Record
// returns the stored grant and false: a replay, nothing to pay. If the key
// holds a different grant, it returns an error matching ErrKeyConflict that
// names the key and the first differing field with both values.
//
// Recording takes a few map operations plus, in each index, the moving of
// the entries of the same person (organisation, certificate) that sort after
// the new grant: nothing when grants arrive in date order, as they usually
// do.
func (l *Ledger) Record(g Grant) (Grant, bool, error) {
	fen, err := ledgerCheckGrant("Record", &g)
	if err != nil {
		return Grant{}, false, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if i, ok := l.byKey[g.Key]; ok {
		stored := l.entries[i].g
		if err := ledgerConflict("Record", stored, g); err != nil {
			return Grant{}, false, err
		}
		return stored, false, nil
	}
	l.ledgerAppend(g, fen)
	return g, true, nil
}

// ledgerAppend stores a checked grant whose key is new. The caller holds the
// write lock.
func (l *Ledger) ledgerAppend(g Grant, fen int64) {
	if l.byKey == nil {
		l.byKey = make(map[string]int)
		l.byOrg = make(map[string][]int)
		l.byCert = make(map[string][]int)
		l.reversals = make(map[int]Reversal)
		l.names = make(map[string]uint32)
	}
	g.Scheme, _ = l.ledgerName(g.Scheme)
	g.Policy, _ = l.ledgerName(g.Policy)
	g.Currency, _ = l.ledgerName(g.Currency)
	g.Occupation, _ = l.ledgerName(g.Occupation)
	i := len(l.entries)
	l.entries = append(l.entries, ledgerEntry{g: g, fen: fen})
	l.revDates = append(l.revDates, Date{})
	l.byKey[g.Key] = i
	l.ledgerIndexPerson(i)
	l.ledgerIndex(l.byOrg, g.Organisation, i)
	if g.Certificate != "" {
		if _, ok := l.byCert[g.Certificate]; !ok {
			l.ledgerCertAdd(g.Certificate)
		}
	}
	l.ledgerIndex(l.byCert, g.Certificate, i)
}

// ledgerIndex inserts entry i into the list of name in index m, keeping the
// list sorted by (date, key). Grants usually arrive in date order, so the
// insertion point is usually the end.
func (l *Ledger) ledgerIndex(m map[string][]int, name string, i int) {
	if name == "" {
		return
	}
	list := m[name]
	g := &l.entries[i].g
	if n := len(list); n == 0 || ledgerCompare(&l.entries[list[n-1]].g, g) < 0 {
		m[name] = append(list, i)
		return
	}
	at, _ := slices.BinarySearchFunc(list, i, func(j, _ int) int { return ledgerCompare(&l.entries[j].g, g) })
	m[name] = slices.Insert(list, at, i)
}

// ledgerCompare orders grants by date, then key.
func ledgerCompare(a, b *Grant) int {
	if c := a.Date.Compare(b.Date); c != 0 {
		return c
	}
	return cmp.Compare(a.Key, b.Key)
}

// Get returns the entry recorded under key, and whether there is one.
func (l *Ledger) Get(key string) (LedgerEntry, bool) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	i, ok := l.byKey[key]
	if !ok {
		return LedgerEntry{}, false
	}
	return LedgerEntry{Grant: l.entries[i].g, Reversal: l.reversals[i]}, true
}

// Reverse records that the grant under key was clawed back on the given day
// for the given reason, and returns the entry with its reversal. The grant
// stays in the ledger, marked as reversed.
//
// The day must be valid and not before the grant's date, and the reason set
// (ErrInvalidGrant otherwise); the key must be recorded (ErrUnknownKey).
// Reversing again with the same day and reason is a replay and returns false;
// with a different day or reason it is an error matching ErrKeyConflict.
func (l *Ledger) Reverse(key string, on Date, reason string) (LedgerEntry, bool, error) {
	rev := Reversal{Date: on, Reason: reason}
	if f, v, why := ledgerCheckText("reversal.reason", reason, true); why != "" {
		return LedgerEntry{}, false, &LedgerError{Op: "Reverse", Key: key, Field: f, Value: v, Reason: why, Err: ErrInvalidGrant}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	i, ok := l.byKey[key]
	if !ok {
		return LedgerEntry{}, false, &LedgerError{Op: "Reverse", Key: key, Reason: "no grant is recorded under this key", Err: ErrUnknownKey}
	}
	g := l.entries[i].g
	if err := ledgerCheckReversal("Reverse", g, rev); err != nil {
		return LedgerEntry{}, false, err
	}
	if old, ok := l.reversals[i]; ok {
		if err := ledgerReversalConflict("Reverse", key, old, rev); err != nil {
			return LedgerEntry{}, false, err
		}
		return LedgerEntry{Grant: g, Reversal: old}, false, nil
	}
	l.ledgerReversed(i, rev)
	return LedgerEntry{Grant: g, Reversal: rev}, true, nil
}

// ledgerCheckReversal checks the date of a reversal of g.
func ledgerCheckReversal(op string, g Grant, rev Reversal) error {
	if rev.Date.IsZero() {
		return &LedgerError{Op: op, Key: g.Key, Field: "reversal.date", Reason: "required", Err: ErrInvalidGrant}
	}
	if rev.Date.Before(g.Date) {
		return &LedgerError{Op: op, Key: g.Key, Field: "reversal.date", Value: rev.Date.String(),
			Reason: "before the grant's date " + g.Date.String(), Err: ErrInvalidGrant}
	}
	return nil
}

// ledgerReversalConflict reports how rev differs from the recorded old one.
func ledgerReversalConflict(op, key string, old, rev Reversal) error {
	field, was, now := "", "", ""
	switch {
	case old.Date != rev.Date:
		field, was, now = "reversal.date", old.Date.String(), rev.Date.String()
	case old.Reason != rev.Reason:
		field, was, now = "reversal.reason", ledgerQuote(old.Reason), ledgerQuote(rev.Reason)
	default:
		return nil
	}
	return &LedgerError{Op: op, Key: key, Field: field, Value: now,
		Reason: "the grant was already reversed with " + was, Err: ErrKeyConflict}
}

// History returns the entries q selects, ordered by date and then key. The
// error (ErrInvalidQuery) is for a query with no filter set.
func (l *Ledger) History(q HistoryQuery) ([]LedgerEntry, error) {
	if err := q.ledgerCheck("History"); err != nil {
		return nil, err
	}
	var out []LedgerEntry
	l.mu.RLock()
	scanned := l.ledgerVisit(q, func(_ int, e *ledgerEntry, rev Reversal) {
		out = append(out, LedgerEntry{Grant: e.g, Reversal: rev})
	})
	l.mu.RUnlock()
	if scanned {
		slices.SortFunc(out, func(a, b LedgerEntry) int { return ledgerCompare(&a.Grant, &b.Grant) })
	}
	return out, nil
}

// Totals returns the number and the sum of the grants q selects. Reversed
// grants count unless q.ExcludeReversed is set. Grants in more than one
// currency cannot be added: the error matches ErrMixedCurrencies and names
// two of them; an empty query is ErrInvalidQuery.
func (l *Ledger) Totals(q HistoryQuery) (HistoryTotal, error) {
	if err := q.ledgerCheck("Totals"); err != nil {
		return HistoryTotal{}, err
	}
	var (
		t     HistoryTotal
		fen   int64
		rest  decimal.Decimal // the part of the sum beyond an int64 of minor units
		mixed string
	)
	l.mu.RLock()
	l.ledgerVisit(q, func(_ int, e *ledgerEntry, _ Reversal) {
		switch {
		case t.Count == 0:
			t.Currency = e.g.Currency
		case e.g.Currency != t.Currency:
			if mixed == "" {
				mixed = e.g.Currency
			}
			return
		}
		t.Count++
		if s, err := money.AddUnits(fen, e.fen); err == nil {
			fen = s
		} else {
			rest = rest.Add(decimal.New(fen, -minorScale(t.Currency)))
			fen = e.fen
		}
	})
	l.mu.RUnlock()
	if mixed != "" {
		return HistoryTotal{}, &LedgerError{Op: "Totals", Field: "currency",
			Value:  ledgerQuote(t.Currency) + " and " + ledgerQuote(mixed),
			Reason: "the selected grants are in more than one currency; set HistoryQuery.Currency", Err: ErrMixedCurrencies}
	}
	t.Amount = rest.Add(decimal.New(fen, -minorScale(t.Currency)))
	return t, nil
}

// ledgerCheck rejects a query with no filter.
func (q HistoryQuery) ledgerCheck(op string) error {
	if q.Person == "" && q.Organisation == "" && q.Certificate == "" && q.Scheme == "" &&
		q.Occupation == "" && q.Currency == "" && q.Period.IsZero() {
		return &LedgerError{Op: op, Reason: "the query sets no filter; set at least one field or a period", Err: ErrInvalidQuery}
	}
	return nil
}

// ledgerVisit calls visit for each entry q selects, under the read lock the
// caller holds. From an index it visits in (date, key) order; otherwise it
// scans in recording order and reports true.
func (l *Ledger) ledgerVisit(q HistoryQuery, visit func(int, *ledgerEntry, Reversal)) (scanned bool) {
	var list []int
	switch {
	case q.Person != "":
		list := l.personOf(q.Person)
		for k := range list.len() {
			r := list.at(k)
			if !q.Period.IsZero() && !q.Period.Contains(r.date) {
				continue
			}
			l.ledgerVisitOne(q, int(r.idx), visit)
		}
		return false
	case q.Certificate != "":
		if !l.ledgerCertMay(q.Certificate) {
			return false
		}
		list = l.byCert[q.Certificate]
	case q.Organisation != "":
		list = l.byOrg[q.Organisation]
	default:
		for i := range l.entries {
			l.ledgerVisitOne(q, i, visit)
		}
		return true
	}
	lo, hi := 0, len(list)
	if !q.Period.IsZero() {
		start, end := q.Period.Start(), q.Period.End()
		lo, _ = slices.BinarySearchFunc(list, start, func(j int, d Date) int {
			return cmp.Or(l.entries[j].g.Date.Compare(d), 1) // first date ≥ start
		})
		hi, _ = slices.BinarySearchFunc(list, end, func(j int, d Date) int {
			return cmp.Or(l.entries[j].g.Date.Compare(d), -1) // first date > end
		})
	}
	for _, i := range list[lo:hi] {
		l.ledgerVisitOne(q, i, visit)
	}
	return false
}

// ledgerVisitOne applies every filter of q to entry i.
func (l *Ledger) ledgerVisitOne(q HistoryQuery, i int, visit func(int, *ledgerEntry, Reversal)) {
	e := &l.entries[i]
	g := &e.g
	if (q.Person != "" && g.Person != q.Person) ||
		(q.Organisation != "" && g.Organisation != q.Organisation) ||
		(q.Certificate != "" && g.Certificate != q.Certificate) ||
		(q.Scheme != "" && g.Scheme != q.Scheme) ||
		(q.Occupation != "" && g.Occupation != q.Occupation) ||
		(q.Currency != "" && g.Currency != q.Currency) ||
		(!q.Period.IsZero() && !q.Period.Contains(g.Date)) {
		return
	}
	var rev Reversal
	if !l.revDates[i].IsZero() {
		if q.ExcludeReversed {
			return
		}
		rev = l.reversals[i]
	}
	visit(i, e, rev)
}

// ledgerCheckGrant checks every field of g, sets its amount to two decimals
// and returns the amount in minor units.
func ledgerCheckGrant(op string, g *Grant) (int64, error) {
	bad := func(field, value, reason string) (int64, error) {
		return 0, &LedgerError{Op: op, Key: g.Key, Field: field, Value: value, Reason: reason, Err: ErrInvalidGrant}
	}
	texts := [...]struct {
		field, value string
		required     bool
	}{
		{"key", g.Key, true},
		{"policy", g.Policy, true},
		{"scheme", g.Scheme, true},
		{"person", g.Person, false},
		{"organisation", g.Organisation, false},
		{"occupation", g.Occupation, false},
		{"certificate", g.Certificate, false},
	}
	for _, t := range texts {
		if f, v, why := ledgerCheckText(t.field, t.value, t.required); why != "" {
			if t.field == "key" {
				return 0, &LedgerError{Op: op, Field: f, Value: v, Reason: why, Err: ErrInvalidGrant}
			}
			return bad(f, v, why)
		}
	}
	if g.Person == "" && g.Organisation == "" {
		return bad("person", "", "required unless organisation is set")
	}
	if g.Level != 0 {
		if !g.Level.IsValid() {
			return bad("level", g.Level.String(), "not a valid skill level")
		}
	}
	if g.Date.IsZero() {
		return bad("date", "", "required")
	}
	if !ledgerCurrency(g.Currency) {
		return bad("currency", ledgerQuote(g.Currency), "not an ISO 4217 code of three capital letters")
	}
	if g.Amount.Sign() <= 0 {
		return bad("amount", ledgerShow(g.Amount), "must be greater than zero")
	}
	scale := minorScale(g.Currency)
	fen, err := money.ToUnits(g.Amount, scale)
	switch {
	case errors.Is(err, money.ErrNotMultiple):
		return bad("amount", ledgerShow(g.Amount), "not a multiple of the quantum "+money.Canonical(decimal.New(1, -scale))+" of "+g.Currency)
	case err != nil:
		return bad("amount", ledgerShow(g.Amount), "more than 2^63-1 minor units")
	}
	g.Amount = decimal.New(fen, -scale)
	return fen, nil
}

// ledgerCheckText returns a reason if s is not acceptable text for field
// (with the field and the quoted value), or "" if it is.
func ledgerCheckText(field, s string, required bool) (string, string, string) {
	switch {
	case s == "" && required:
		return field, "", "required"
	case len(s) > ledgerMaxText:
		return field, ledgerQuote(s), fmt.Sprintf("longer than %d bytes", ledgerMaxText)
	case !utf8.ValidString(s):
		return field, ledgerQuote(s), "not valid UTF-8"
	case ledgerHasControl(s):
		return field, ledgerQuote(s), "contains a control character"
	}
	return "", "", ""
}

// ledgerHasControl reports whether s holds a control character.
func ledgerHasControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}

// ledgerCurrency reports whether s has the form of an ISO 4217 code.
func ledgerCurrency(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := range 3 {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// ledgerConflict reports the first field in which g differs from the stored
// grant, or nil if they are identical.
func ledgerConflict(op string, stored, g Grant) error {
	type diff struct{ field, was, now string }
	var d *diff
	q := ledgerQuote
	switch {
	case stored.Policy != g.Policy:
		d = &diff{"policy", q(stored.Policy), q(g.Policy)}
	case stored.Scheme != g.Scheme:
		d = &diff{"scheme", q(stored.Scheme), q(g.Scheme)}
	case stored.Person != g.Person:
		d = &diff{"person", q(stored.Person), q(g.Person)}
	case stored.Organisation != g.Organisation:
		d = &diff{"organisation", q(stored.Organisation), q(g.Organisation)}
	case stored.Occupation != g.Occupation:
		d = &diff{"occupation", q(stored.Occupation), q(g.Occupation)}
	case stored.Level != g.Level:
		d = &diff{"level", ledgerLevel(stored.Level), ledgerLevel(g.Level)}
	case stored.Certificate != g.Certificate:
		d = &diff{"certificate", q(stored.Certificate), q(g.Certificate)}
	case stored.Date != g.Date:
		d = &diff{"date", stored.Date.String(), g.Date.String()}
	case !stored.Amount.Equal(g.Amount):
		d = &diff{"amount", ledgerShow(stored.Amount), ledgerShow(g.Amount)}
	case stored.Currency != g.Currency:
		d = &diff{"currency", q(stored.Currency), q(g.Currency)}
	default:
		return nil
	}
	return &LedgerError{Op: op, Key: g.Key, Field: d.field, Value: d.now,
		Reason: "the key already holds a grant with " + d.field + " " + d.was, Err: ErrKeyConflict}
}

// ledgerLevel shows a level in messages, "none" for the zero Level.
func ledgerLevel(l certificate.Level) string {
	if l == 0 {
		return "none"
	}
	return l.String()
}

// ledgerClip shortens text from the input for a message.
func ledgerClip(s string) string { return errtext.Clip(s, 64) }

// ledgerQuote quotes and clips text from the input for a message.
func ledgerQuote(s string) string { return strconv.Quote(ledgerClip(s)) }

// ledgerShow formats an amount for a message without expanding a huge
// exponent and without depending on shopspring's package settings.
func ledgerShow(d decimal.Decimal) string {
	exp := d.Exponent()
	if exp <= 0 && exp >= -40 && d.NumDigits() <= 40 {
		return d.StringFixed(-exp)
	}
	if exp > 0 && int(exp)+d.NumDigits() <= 40 {
		return d.StringFixed(0)
	}
	return ledgerClip(d.Coefficient().String()) + "e" + strconv.Itoa(int(exp))
}

// ledgerLine is the JSON form of one entry.
type ledgerLine struct {
	Key          string        `json:"key"`
	Policy       string        `json:"policy"`
	Scheme       string        `json:"scheme"`
	Person       string        `json:"person,omitempty"`
	Organisation string        `json:"organisation,omitempty"`
	Occupation   string        `json:"occupation,omitempty"`
	Level        string        `json:"level,omitempty"`
	Certificate  string        `json:"certificate,omitempty"`
	Date         string        `json:"date"`
	Amount       string        `json:"amount"`
	Currency     string        `json:"currency"`
	Reversal     *ledgerLineRe `json:"reversal,omitempty"`
}

// ledgerLineRe is the JSON form of a reversal.
type ledgerLineRe struct {
	Date   string `json:"date"`
	Reason string `json:"reason"`
}

// ledgerMaxLine is the longest line ReadLedger accepts, in bytes.
const ledgerMaxLine = 64 << 10

// WriteTo writes every entry of the ledger to w as JSON lines (one JSON
// object per line, UTF-8, each line ending in "\n"), ordered by date and
// then key, and returns the number of bytes written. A line looks like this
// (shown here on two lines):
//
//	{"key":"c-1","policy":"cn-skill-improvement/2024","scheme":"skill-improvement","person":"P1",
//	 "occupation":"4-04-05-01","level":"national-4","date":"2024-03-01","amount":"1500.00","currency":"CNY"}
//
// The fields are those of Grant in lower case; optional text fields and
// "level" (a certificate.Level code) are omitted when empty; "amount" is a
// string with exactly the places of the currency's minor unit ("1500.00"
// for CNY, "1500" for JPY); a reversed grant carries
// "reversal":{"date":"…","reason":"…"}.
//
// The output depends only on the ledger's content, not on the order in
// which grants were recorded, and ReadLedger reads it back to an identical
// ledger. Grants recorded while WriteTo runs may or may not be included.
func (l *Ledger) WriteTo(w io.Writer) (int64, error) {
	l.mu.RLock()
	entries := l.entries[:len(l.entries):len(l.entries)]
	revs := make(map[int]Reversal, len(l.reversals))
	for i, r := range l.reversals {
		revs[i] = r
	}
	l.mu.RUnlock()

	order := make([]int, len(entries))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return ledgerCompare(&entries[a].g, &entries[b].g) })

	cw := &ledgerCountingWriter{w: w}
	bw := bufio.NewWriter(cw)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for _, i := range order {
		g := entries[i].g
		line := ledgerLine{
			Key: g.Key, Policy: g.Policy, Scheme: g.Scheme, Person: g.Person,
			Organisation: g.Organisation, Occupation: g.Occupation, Certificate: g.Certificate,
			Date: g.Date.String(), Amount: g.Amount.StringFixed(minorScale(g.Currency)), Currency: g.Currency,
		}
		if g.Level != 0 {
			line.Level = g.Level.Code()
		}
		if r, ok := revs[i]; ok {
			line.Reversal = &ledgerLineRe{Date: r.Date.String(), Reason: r.Reason}
		}
		if err := enc.Encode(&line); err != nil {
			return cw.n, err
		}
	}
	err := bw.Flush()
	return cw.n, err
}

// ledgerCountingWriter counts the bytes written through it.
type ledgerCountingWriter struct {
	w io.Writer
	n int64
}

func (c *ledgerCountingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// ReadLedger reads a ledger written by WriteTo: JSON lines, one grant per
// line, in any order. Every line must be one JSON object with only the known
// fields, strings where strings are expected, and no empty lines; every
// grant and reversal is checked as Record and Reverse check them; a key may
// appear only once. The first problem is returned as a *LedgerError naming
// the line (counted from 1), the key and the field: ErrLedgerSyntax for the
// form, ErrInvalidGrant for a bad value. Lines are at most 64 KiB. Empty
// input is an empty ledger. Field names are matched as encoding/json matches
// them (case-insensitively); WriteTo writes them in lower case.
func ReadLedger(r io.Reader) (*Ledger, error) {
	l := NewLedger()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), ledgerMaxLine)
	n := 0
	for sc.Scan() {
		n++
		if err := l.ledgerReadLine(sc.Bytes(), n); err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, &LedgerError{Op: "ReadLedger", Line: n + 1,
				Reason: fmt.Sprintf("longer than %d bytes", ledgerMaxLine), Err: ErrLedgerSyntax}
		}
		return nil, &LedgerError{Op: "ReadLedger", Line: n + 1, Reason: "reading: " + err.Error(), Err: err}
	}
	return l, nil
}

// ledgerReadLine decodes line n and adds its grant to l, which only the
// caller can see.
func (l *Ledger) ledgerReadLine(b []byte, n int) error {
	syntax := func(key, reason string) error {
		return &LedgerError{Op: "ReadLedger", Line: n, Key: key, Reason: reason, Err: ErrLedgerSyntax}
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return syntax("", "empty line")
	}
	if _, k, dup := strictjson.DupKey(b, true); dup {
		return syntax("", "field "+ledgerQuote(k)+" given twice")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var line ledgerLine
	if err := dec.Decode(&line); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			want := "string" // every field of a line is a string but the reversal
			if te.Field == "reversal" {
				want = "object"
			}
			return &LedgerError{Op: "ReadLedger", Line: n, Key: line.Key, Field: te.Field,
				Reason: "a JSON " + te.Value + " where a " + want + " is expected", Err: ErrLedgerSyntax}
		}
		return syntax(line.Key, errtext.Clip(strings.TrimPrefix(err.Error(), "json: "), 200))
	}
	if _, err := dec.Token(); err != io.EOF {
		return syntax(line.Key, "data after the JSON object")
	}
	bad := func(field, value, reason string) error {
		return &LedgerError{Op: "ReadLedger", Line: n, Key: line.Key, Field: field, Value: value, Reason: reason, Err: ErrInvalidGrant}
	}
	g := Grant{
		Key: line.Key, Policy: line.Policy, Scheme: line.Scheme, Person: line.Person,
		Organisation: line.Organisation, Occupation: line.Occupation,
		Certificate: line.Certificate, Currency: line.Currency,
	}
	var err error
	if line.Level != "" {
		if g.Level, err = certificate.ParseLevel(line.Level); err != nil {
			return bad("level", ledgerQuote(line.Level), "not a skill level code")
		}
	}
	if line.Date != "" {
		if g.Date, err = ParseDate(line.Date); err != nil {
			return bad("date", ledgerQuote(line.Date), "not a date in the form YYYY-MM-DD")
		}
	}
	if line.Amount == "" {
		return bad("amount", "", "required")
	}
	// Up to 19 integer digits: what WriteTo writes of any amount Record
	// takes (2^63−1 minor units of a currency without decimals, such as
	// JPY, has 19); ledgerCheckGrant applies the int64 bound.
	if g.Amount, err = money.ParseAmountWithin(line.Amount, money.MaxIntegerDigits+1, money.MaxFractionDigits); err != nil {
		return bad("amount", ledgerQuote(line.Amount), "not an amount")
	}
	fen, err := ledgerCheckGrant("ReadLedger", &g)
	if err != nil {
		var le *LedgerError
		if errors.As(err, &le) {
			le.Line = n
		}
		return err
	}
	if first, ok := l.byKey[g.Key]; ok {
		// Entries are appended one per line, so entry i came from line i+1.
		return syntax(g.Key, fmt.Sprintf("duplicate key, first on line %d", first+1))
	}
	var rev Reversal
	if line.Reversal != nil {
		if rev.Date, err = ParseDate(line.Reversal.Date); err != nil {
			return bad("reversal.date", ledgerQuote(line.Reversal.Date), "not a date in the form YYYY-MM-DD")
		}
		rev.Reason = line.Reversal.Reason
		if f, v, why := ledgerCheckText("reversal.reason", rev.Reason, true); why != "" {
			return bad(f, v, why)
		}
		if err := ledgerCheckReversal("ReadLedger", g, rev); err != nil {
			err.(*LedgerError).Line = n
			return err
		}
	}
	l.ledgerAppend(g, fen)
	if line.Reversal != nil {
		l.ledgerReversed(len(l.entries)-1, rev)
	}
	return nil
}

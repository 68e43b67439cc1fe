package certificate

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
)

// Errors of a Registry. A Registry returns them inside a *FieldError whose
// Field is "number" and whose Value is the certificate number.
var (
	// ErrDuplicate: a certificate with the same number is already stored.
	ErrDuplicate = errors.New("certificate number already registered")
	// ErrNotFound: no certificate with the number is stored.
	ErrNotFound = errors.New("certificate not found")
)

// Registry stores certificates and finds them again. It is the contract
// between this package and a store: MemoryRegistry implements it in memory,
// and a database-backed implementation can satisfy it too. Every
// implementation must keep these rules:
//
//   - Add validates the certificate (Certificate.Validate) and stores it
//     under its number. Numbers are compared exactly, byte for byte (a
//     database column must not use a case- or accent-insensitive collation).
//     A number that is already stored is an error matching ErrDuplicate, and
//     the stored certificate is left as it was: of several concurrent Adds of
//     one number exactly one succeeds.
//   - Get returns the certificate with the number, its whole history
//     included; an unknown number is an error matching ErrNotFound.
//   - Find returns the certificates that match a Query (see
//     Query.Validate), whatever their status, sorted by number, so that the
//     same query on the same content gives the same result. No match is an
//     empty result, not an error.
//   - Change appends a status change to the certificate's history through
//     Certificate.WithChange, atomically, and returns the updated
//     certificate. An impossible change is an error matching
//     ErrStatusChange; an unknown number one matching ErrNotFound.
//   - Nothing is ever deleted or overwritten: a suspended or revoked
//     certificate keeps its record, and its history only grows. There is no
//     other way to modify a stored certificate.
//   - Certificates go in and come out as copies: a caller that modifies a
//     certificate it passed to Add or got back (its Evidence or History
//     slices, its issuer's Scope) does not modify what is stored.
//   - If ctx is already done when a method is called, it returns ctx.Err()
//     and does nothing.
type Registry interface {
	Add(ctx context.Context, c Certificate) error
	Get(ctx context.Context, number string) (Certificate, error)
	Find(ctx context.Context, q Query) ([]Certificate, error)
	Change(ctx context.Context, number string, ch StatusChange) (Certificate, error)
}

// Query selects certificates by holder and occupation. A field left empty
// matches any value; a field that is set must equal the certificate's
// Holder.ID or Occupation.Code exactly. Holder ids are those of the issuing
// systems (see Holder): a registry does not reconcile one person's ids
// across issuers.
type Query struct {
	Holder     string // Holder.ID to match, or "" for any holder
	Occupation string // Occupation.Code to match, or "" for any occupation
}

// Validate reports whether q selects something narrower than the whole
// registry: at least one of its fields must be set, so that no caller scans
// every certificate by accident. The error is a *FieldError for "query".
func (q Query) Validate() error {
	if q.Holder == "" && q.Occupation == "" {
		return fieldErr("query", "", "a query needs a holder, an occupation or both")
	}
	return nil
}

func (q Query) matches(c *Certificate) bool {
	return (q.Holder == "" || c.Holder.ID == q.Holder) &&
		(q.Occupation == "" || c.Occupation.Code == q.Occupation)
}

// MemoryRegistry is a Registry held in memory, safe for concurrent use by
// many goroutines. Lookups by number are map lookups, and Find reads an index
// by holder and one by occupation, so its cost grows with the number of
// certificates of the holder (or of the occupation, whichever is fewer), not
// with the size of the registry. The zero MemoryRegistry is
// empty and ready to use; a MemoryRegistry must not be copied after first
// use. A nil *MemoryRegistry is an empty registry that nothing can be added
// to: Get and Find find nothing, and Add and Change fail with an error
// naming "registry", rather than panic.
type MemoryRegistry struct {
	mu       sync.RWMutex
	byNumber map[string]Certificate
	// Numbers by Holder.ID and by Occupation.Code, in insertion order.
	byHolder     map[string][]string
	byOccupation map[string][]string
	// A stored Certificate is never modified in place: Change replaces the
	// map entry with the result of WithChange, which never writes to the old
	// History array. So a shallow copy taken under the read lock stays
	// consistent after the lock is released, and is deep-copied then.
}

// NewMemoryRegistry returns an empty MemoryRegistry.
func NewMemoryRegistry() *MemoryRegistry {
	return &MemoryRegistry{
		byNumber:     make(map[string]Certificate),
		byHolder:     make(map[string][]string),
		byOccupation: make(map[string][]string),
	}
}

var _ Registry = (*MemoryRegistry)(nil)

// Add validates c and stores a copy of it. See Registry for the rules.
func (r *MemoryRegistry) Add(ctx context.Context, c Certificate) error {
	if err := regCtxErr(ctx); err != nil {
		return err
	}
	if r == nil {
		return regNilErr()
	}
	if err := c.Validate(); err != nil {
		return err
	}
	c = regClone(c)

	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.byNumber[c.Number]; dup {
		return regNumberErr(c.Number, ErrDuplicate)
	}
	if r.byNumber == nil {
		r.byNumber = make(map[string]Certificate)
		r.byHolder = make(map[string][]string)
		r.byOccupation = make(map[string][]string)
	}
	r.byNumber[c.Number] = c
	r.byHolder[c.Holder.ID] = append(r.byHolder[c.Holder.ID], c.Number)
	r.byOccupation[c.Occupation.Code] = append(r.byOccupation[c.Occupation.Code], c.Number)
	return nil
}

// Get returns a copy of the certificate with the number. See Registry.
func (r *MemoryRegistry) Get(ctx context.Context, number string) (Certificate, error) {
	if err := regCtxErr(ctx); err != nil {
		return Certificate{}, err
	}
	if r == nil {
		return Certificate{}, regNumberErr(number, ErrNotFound)
	}
	r.mu.RLock()
	c, ok := r.byNumber[number]
	r.mu.RUnlock()
	if !ok {
		return Certificate{}, regNumberErr(number, ErrNotFound)
	}
	return regClone(c), nil
}

// Find returns copies of the certificates that match q, sorted by number.
// See Registry and Query.
func (r *MemoryRegistry) Find(ctx context.Context, q Query) ([]Certificate, error) {
	if err := regCtxErr(ctx); err != nil {
		return nil, err
	}
	if err := q.Validate(); err != nil {
		return nil, err
	}
	if r == nil {
		return []Certificate{}, nil
	}
	r.mu.RLock()
	// Walk the shorter of the candidate lists and filter on the other field.
	numbers := r.byHolder[q.Holder]
	if q.Holder == "" || (q.Occupation != "" && len(r.byOccupation[q.Occupation]) < len(numbers)) {
		numbers = r.byOccupation[q.Occupation]
	}
	out := make([]Certificate, 0, len(numbers))
	for _, n := range numbers {
		if c := r.byNumber[n]; q.matches(&c) {
			out = append(out, c)
		}
	}
	r.mu.RUnlock()

	slices.SortFunc(out, func(a, b Certificate) int { return strings.Compare(a.Number, b.Number) })
	for i := range out {
		out[i] = regClone(out[i])
	}
	return out, nil
}

// Change appends ch to the history of the certificate with the number and
// returns a copy of the result. See Registry.
func (r *MemoryRegistry) Change(ctx context.Context, number string, ch StatusChange) (Certificate, error) {
	if err := regCtxErr(ctx); err != nil {
		return Certificate{}, err
	}
	if r == nil {
		return Certificate{}, regNilErr()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	c, ok := r.byNumber[number]
	if !ok {
		return Certificate{}, regNumberErr(number, ErrNotFound)
	}
	next, err := c.WithChange(ch)
	if err != nil {
		return Certificate{}, err
	}
	r.byNumber[number] = next
	return regClone(next), nil
}

// Highest returns the holder's highest-level certificate for the occupation
// on the ladder that is valid on asOf (see Certificate.ValidOn): suspended,
// revoked, expired and not yet issued certificates do not count. The boolean
// is false, with a nil error, when there is none.
//
// Levels are compared only within the given ladder, because levels of
// different ladders have no official order (see LevelMapping); callers who
// hold certificates on several ladders ask once per ladder and compare the
// answers through a mapping of their choice.
//
// When several valid certificates share the top level, the one issued first
// wins (it shows since when the holder has held the level), then the lowest
// number (strings.Compare), so that the answer never depends on the order in
// which r returns its results.
//
// holderID and occupation must not be blank, ladder must be valid and asOf
// must not be the zero Date, and r must not be nil: otherwise the error is a
// *FieldError naming the argument ("holder", "occupation", "ladder", "asOf"
// or "registry"). Errors of r.Find are returned as they are.
func Highest(ctx context.Context, r Registry, holderID, occupation string, ladder Ladder, asOf Date) (Certificate, bool, error) {
	switch {
	case r == nil:
		return Certificate{}, false, fieldErr("registry", "", "no registry to search")
	case strings.TrimSpace(holderID) == "":
		return Certificate{}, false, fieldErr("holder", holderID, "the highest level needs a holder id")
	case strings.TrimSpace(occupation) == "":
		return Certificate{}, false, fieldErr("occupation", occupation, "the highest level needs an occupation code")
	case !ladder.IsValid():
		return Certificate{}, false, fieldErr("ladder", ladder.String(), "not a valid ladder")
	case asOf.IsZero():
		return Certificate{}, false, fieldErr("asOf", "", "the highest level needs an as-of date")
	}
	found, err := r.Find(ctx, Query{Holder: holderID, Occupation: occupation})
	if err != nil {
		return Certificate{}, false, err
	}
	best, ok := -1, false
	for i := range found {
		c := &found[i]
		// Check the match again: a store's matching could be looser than
		// the contract (a case-insensitive collation, say).
		if c.Holder.ID != holderID || c.Occupation.Code != occupation ||
			c.Level.Ladder() != ladder || !c.ValidOn(asOf) {
			continue
		}
		if !ok || regOutranks(c, &found[best]) {
			best, ok = i, true
		}
	}
	if !ok {
		return Certificate{}, false, nil
	}
	return found[best], true, nil
}

// regOutranks reports whether a beats b in Highest: a higher level, then an
// earlier issue date, then a lower number. Both are on the same ladder.
func regOutranks(a, b *Certificate) bool {
	if c := cmp.Compare(a.Level.Rank(), b.Level.Rank()); c != 0 {
		return c > 0
	}
	if c := a.Issued.Compare(b.Issued); c != 0 {
		return c < 0
	}
	return a.Number < b.Number
}

// regClone returns a deep copy of c: nothing reachable from the result is
// shared with c. Nil slices stay nil and empty ones empty.
func regClone(c Certificate) Certificate {
	c.Evidence = slices.Clone(c.Evidence)
	c.History = slices.Clone(c.History)
	if c.Issuer.Scope != nil {
		s := *c.Issuer.Scope
		s.Occupations = slices.Clone(s.Occupations)
		c.Issuer.Scope = &s
	}
	return c
}

// regNumberErr is the error for a number that is already stored or unknown.
// regNilErr is the error of changing a nil *MemoryRegistry.
func regNilErr() *FieldError {
	return fieldErr("registry", "", "a nil *MemoryRegistry holds nothing and takes nothing: use NewMemoryRegistry")
}

func regNumberErr(number string, kind error) *FieldError {
	reason := "a certificate with this number is already registered"
	if kind == ErrNotFound {
		reason = "no certificate with this number is registered"
	}
	return &FieldError{Field: "number", Value: number, Reason: reason, Err: kind}
}

// regCtxErr returns ctx.Err(), or an error for a nil ctx.
func regCtxErr(ctx context.Context) error {
	if ctx == nil {
		return &FieldError{Field: "ctx", Reason: "a nil context.Context", Err: ErrInvalid}
	}
	return ctx.Err()
}

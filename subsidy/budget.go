package subsidy

// Budgets: a fund with a fixed total that grants reservations first come,
// first served, or splits what remains pro rata among a round of requests.
//
// Representation. A Budget keeps every amount as an int64 count of units of
// 10^-s, where s is the number of decimals of its quantum (2 for 0.01, 0 for
// 1 or 50). Conversions are exact and bounded (money.ToUnits), so hostile
// decimals such as 1e-999999999 are refused before any arithmetic, and the
// running total of reservations is plain integer arithmetic under a mutex:
// it cannot drift, round or overflow (reserved ≤ total ≤ MaxInt64 units).

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/dualtrack/dualtrack/internal/errtext"
	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/shopspring/decimal"
)

// Errors of budgets that the money sentinels do not cover. Every error
// returned by NewBudget, the Budget methods and ProRata is a *BudgetError
// matching exactly one of ErrInvalidArgument (a missing name or key, a
// negative amount, a quantum that is not positive or finer than 10^-18, an
// invalid FCFSMode, a Budget not made by NewBudget), ErrNotMultiple (an
// amount that is not a multiple of the quantum), ErrOverflow (an amount of
// more than 2^63-1 units of the quantum's decimal scale),
// ErrReservationConflict or ErrUnknownReservation.
var (
	// ErrReservationConflict is matched by the error for a key that a
	// budget already holds, presented again with a different amount or by a
	// different method (AllOrNothing, Partial or Settle). The first decision
	// stands; the error names the key and both requests.
	ErrReservationConflict = errors.New("subsidy: reservation key already used for a different request")

	// ErrUnknownReservation is matched by the error of Release for a key the
	// budget has never seen.
	ErrUnknownReservation = errors.New("subsidy: no reservation with this key")
)

// BudgetError reports an argument that a budget operation cannot use. Its
// message names the operation, the budget, the argument and its value:
//
//	subsidy: Reserve on budget "West Coast": amount = 0.005: not a multiple of the quantum 0.01
type BudgetError struct {
	Op     string // "NewBudget", "Reserve", "Release", "Settle" or "ProRata"
	Budget string // the budget's name; empty for ProRata
	Arg    string // the argument: "total", "quantum", "key", "amount", "requests[3].Amount", ...
	Value  string // the bad value as text, clipped; keys and names are quoted
	Reason string // what is wrong with it
	Err    error  // the sentinel the error matches
}

// Error returns "subsidy: Op on budget "Budget": Arg = Value: Reason".
func (e *BudgetError) Error() string {
	var b strings.Builder
	b.WriteString("subsidy: ")
	b.WriteString(e.Op)
	if e.Budget != "" {
		b.WriteString(" on budget ")
		b.WriteString(budgetQuote(e.Budget))
	}
	b.WriteString(": ")
	b.WriteString(e.Arg)
	b.WriteString(" = ")
	b.WriteString(e.Value)
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

// Unwrap returns the sentinel, so that errors.Is(err, e.Err) is true.
func (e *BudgetError) Unwrap() error { return e.Err }

// FCFSMode says what Budget.Reserve does when the funds remaining are less
// than the amount requested. The zero FCFSMode is not a mode, so a caller
// that forgot to choose gets an error rather than a guess.
type FCFSMode uint8

const (
	// AllOrNothing refuses a request that does not fit in full: nothing is
	// reserved and the Reservation says so (Refused), with the funds that
	// were remaining. A refusal is a result, not an error.
	AllOrNothing FCFSMode = iota + 1
	// Partial grants what remains when a request does not fit in full, so
	// the request that exhausts the budget is cut to the last fen.
	Partial
)

// String returns "all-or-nothing" or "partial", or "FCFSMode(n)" for an
// invalid mode.
func (m FCFSMode) String() string {
	switch m {
	case AllOrNothing:
		return "all-or-nothing"
	case Partial:
		return "partial"
	}
	return "FCFSMode(" + strconv.Itoa(int(m)) + ")"
}

// budgetMethod records how a reservation was decided; a key is bound to its
// method as well as to its amount.
type budgetMethod uint8

const (
	budgetAllOrNothing budgetMethod = budgetMethod(AllOrNothing)
	budgetPartial      budgetMethod = budgetMethod(Partial)
	budgetProRata      budgetMethod = 3
)

func (m budgetMethod) String() string {
	if m == budgetProRata {
		return "pro rata"
	}
	return FCFSMode(m).String()
}

// Reservation is the decision of a budget on one request: the amount
// requested, the amount granted, and the funds that remained when the
// request was decided, which is the reason for any shortfall. It is a small
// comparable value; the zero Reservation is no reservation (empty Key).
//
// A reservation is granted in full, cut (Partial mode, or a pro-rata share
// below the request) or refused (nothing granted). A released reservation
// has given its funds back to the budget; Granted still reports what was
// granted.
type Reservation struct {
	key       string
	requested int64 // in units of 10^-scale
	granted   int64
	available int64
	scale     int32
	method    budgetMethod
	released  bool
}

// Key returns the idempotency key the reservation was made under.
func (r Reservation) Key() string { return r.key }

// Requested returns the amount requested.
func (r Reservation) Requested() decimal.Decimal { return decimal.New(r.requested, -r.scale) }

// Granted returns the amount granted: at most Requested, zero if refused.
func (r Reservation) Granted() decimal.Decimal { return decimal.New(r.granted, -r.scale) }

// Available returns the funds that remained in the budget when the request
// was decided (for a round of Settle, what remained before the round).
func (r Reservation) Available() decimal.Decimal { return decimal.New(r.available, -r.scale) }

// Complete reports whether the whole amount requested was granted.
func (r Reservation) Complete() bool { return r.key != "" && r.granted == r.requested }

// Refused reports whether a positive amount was requested and nothing was
// granted.
func (r Reservation) Refused() bool { return r.requested > 0 && r.granted == 0 }

// Released reports whether the reservation's funds were given back with
// Budget.Release.
func (r Reservation) Released() bool { return r.released }

// String describes the decision for people, e.g.
//
//	"c-7": requested 120.00, granted 80.00 (cut: 80.00 remaining, partial)
//	"c-8": requested 50.00, granted 0.00 (refused: 0.00 remaining, all-or-nothing)
func (r Reservation) String() string {
	if r.key == "" {
		return "no reservation"
	}
	s := r.scale
	var b strings.Builder
	b.WriteString(budgetQuote(r.key))
	b.WriteString(": requested ")
	b.WriteString(r.Requested().StringFixed(s))
	b.WriteString(", granted ")
	b.WriteString(r.Granted().StringFixed(s))
	b.WriteString(" (")
	switch {
	case r.Complete():
		b.WriteString("in full")
	case r.Refused():
		b.WriteString("refused: ")
	default:
		b.WriteString("cut: ")
	}
	if !r.Complete() {
		b.WriteString(r.Available().StringFixed(s))
		b.WriteString(" remaining")
	}
	b.WriteString(", ")
	b.WriteString(r.method.String())
	if r.released {
		b.WriteString(", released")
	}
	b.WriteString(")")
	return b.String()
}

// Request is one claim on a fund: an idempotency key and the amount asked
// for. ProRata carries the key for the caller and does not read it;
// Budget.Settle binds the key to its reservation.
type Request struct {
	Key    string
	Amount decimal.Decimal
}

// Budget is a fund with a fixed total, such as the 49,000,000 yuan of
// training subsidies of the West Coast New Area, from which reservations are
// made until it is spent. It is safe for concurrent use and its invariant
// holds at every instant, exactly: the sum of the granted amounts of all
// reservations not released is at most the total.
//
// Reserve decides requests first come, first served; Settle splits what
// remains among a round of requests pro rata (see ProRata). Both are
// idempotent by key: a key, once decided, keeps its reservation for the life
// of the budget, and presenting it again returns that reservation without
// reserving anything more, even if funds have since been released. Present
// a withdrawn and resubmitted claim under a new key.
//
// All amounts are multiples of the budget's quantum (0.01 for the fen); an
// amount that is not is refused with an error naming it, never rounded. In
// units of the quantum's decimals (fen for 0.01) the total and every amount
// must fit an int64, about 9.2·10^18: 92 quadrillion yuan at the fen.
//
// The zero Budget is not usable: make one with NewBudget. A Budget must not
// be copied after first use.
type Budget struct {
	name    string
	total   int64 // units of 10^-scale
	quantum int64 // units of 10^-scale, > 0 once made by NewBudget
	scale   int32

	mu       sync.Mutex
	reserved int64          // Σ granted over reservations not released
	index    map[string]int // key → position in log
	log      []Reservation  // in order of arrival
}

// NewBudget returns an empty budget named name with the given total, all of
// it remaining. The name must not be empty; the quantum must be positive
// with at most 18 decimals; the total must be non-negative and a multiple of
// the quantum. Errors are *BudgetError values naming the argument.
func NewBudget(name string, total decimal.Decimal, quantum decimal.Decimal) (*Budget, error) {
	const op = "NewBudget"
	if name == "" {
		return nil, &BudgetError{Op: op, Arg: "name", Value: `""`, Reason: "a budget needs a name", Err: ErrInvalidArgument}
	}
	scale, q, err := budgetQuantum(op, name, quantum)
	if err != nil {
		return nil, err
	}
	b := &Budget{name: name, quantum: q, scale: scale, index: make(map[string]int)}
	t, err := b.units(op, "total", total)
	if err != nil {
		return nil, err
	}
	b.total = t
	return b, nil
}

// Name returns the budget's name.
func (b *Budget) Name() string { return b.name }

// Total returns the budget's total, with the quantum's number of decimals.
func (b *Budget) Total() decimal.Decimal { return decimal.New(b.total, -b.scale) }

// Quantum returns the budget's quantum.
func (b *Budget) Quantum() decimal.Decimal { return decimal.New(b.quantum, -b.scale) }

// Reserved returns the sum of the granted amounts of the reservations not
// released. It never exceeds Total.
func (b *Budget) Reserved() decimal.Decimal {
	b.mu.Lock()
	defer b.mu.Unlock()
	return decimal.New(b.reserved, -b.scale)
}

// Remaining returns Total minus Reserved: what can still be granted.
func (b *Budget) Remaining() decimal.Decimal {
	b.mu.Lock()
	defer b.mu.Unlock()
	return decimal.New(b.total-b.reserved, -b.scale)
}

// Reservations returns a copy of every reservation the budget has decided,
// refused and released ones included, in order of arrival (a round of
// Settle in the order of its requests).
func (b *Budget) Reservations() []Reservation {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.log)
}

// Reservation returns the reservation made under key, and whether there is
// one.
func (b *Budget) Reservation(key string) (Reservation, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	i, ok := b.index[key]
	if !ok {
		return Reservation{}, false
	}
	return b.log[i], true
}

// Reserve decides a request first come, first served: if amount fits in the
// funds remaining it is reserved in full; if not, mode decides between
// refusing it (AllOrNothing: nothing reserved) and granting what remains
// (Partial). A refusal or a cut is a result, reported by the Reservation,
// not an error.
//
// Reserve is idempotent by key: if key was already decided, the same
// reservation is returned and nothing more is reserved, provided amount is
// equal (by value: 100 and 100.00 are equal) and the mode is the same;
// otherwise the error matches ErrReservationConflict. The key must not be
// empty, and amount must be non-negative and a multiple of the quantum.
func (b *Budget) Reserve(key string, amount decimal.Decimal, mode FCFSMode) (Reservation, error) {
	const op = "Reserve"
	if err := b.check(op); err != nil {
		return Reservation{}, err
	}
	if key == "" {
		return Reservation{}, b.fail(op, "key", `""`, "a reservation needs a key", ErrInvalidArgument)
	}
	if mode != AllOrNothing && mode != Partial {
		return Reservation{}, b.fail(op, "mode", mode.String(), "must be AllOrNothing or Partial", ErrInvalidArgument)
	}
	a, err := b.units(op, "amount", amount)
	if err != nil {
		return Reservation{}, err
	}
	method := budgetMethod(mode)

	b.mu.Lock()
	defer b.mu.Unlock()
	if i, ok := b.index[key]; ok {
		return b.log[i], b.sameRequest(op, "key", b.log[i], a, method)
	}
	avail := b.total - b.reserved
	g := a
	if a > avail {
		g = 0
		if mode == Partial {
			g = avail
		}
	}
	return b.record(Reservation{key: key, requested: a, granted: g, available: avail, scale: b.scale, method: method}), nil
}

// Release gives the funds of the reservation made under key back to the
// budget, for a claim withdrawn or rejected before payment, and returns the
// reservation marked released. Releasing a released reservation again
// changes nothing and is not an error. The key stays bound to its
// reservation: Reserve and Settle with it return the released reservation.
// An unknown key is an error matching ErrUnknownReservation.
func (b *Budget) Release(key string) (Reservation, error) {
	const op = "Release"
	if err := b.check(op); err != nil {
		return Reservation{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	i, ok := b.index[key]
	if !ok {
		return Reservation{}, b.fail(op, "key", budgetQuote(key), "the budget holds no reservation with this key", ErrUnknownReservation)
	}
	r := &b.log[i]
	if !r.released {
		r.released = true
		b.reserved -= r.granted
	}
	return *r, nil
}

// Settle decides a round of requests collected together (for example all the
// claims received in a call for applications) against the funds remaining,
// atomically: if the round asks for no more than remains, every request is
// granted in full; otherwise what remains is split among them by ProRata,
// to the quantum, so that the round takes exactly all of it. It returns one
// reservation per request, in the order of the requests, and records them in
// that order.
//
// Keys are idempotent as in Reserve: a request whose key the budget already
// holds (from an earlier Settle with the same amount, or earlier in the same
// round) gets that reservation back and takes no part in the split. A key
// held for a different amount or decided by Reserve is an error matching
// ErrReservationConflict. Every request is checked before anything is
// recorded, so a round with an error changes nothing.
func (b *Budget) Settle(requests []Request) ([]Reservation, error) {
	const op = "Settle"
	if err := b.check(op); err != nil {
		return nil, err
	}
	for i, req := range requests {
		if req.Key == "" {
			return nil, b.fail(op, "requests["+strconv.Itoa(i)+"].Key", `""`, "a reservation needs a key", ErrInvalidArgument)
		}
	}
	amounts, _, err := b.amountsOf(op, requests)
	if err != nil {
		return nil, err
	}

	b.mu.Lock()
	defer b.mu.Unlock()
	// fresh[i] is true for the first request of each key the budget does not
	// hold yet: those share the funds. firstOf maps such a key to its index.
	fresh := make([]bool, len(requests))
	firstOf := make(map[string]int)
	var weights []int64
	var sum budgetU128
	for i, req := range requests {
		if j, ok := b.index[req.Key]; ok {
			arg := "requests[" + strconv.Itoa(i) + "].Key"
			if err := b.sameRequest(op, arg, b.log[j], amounts[i], budgetProRata); err != nil {
				return nil, err
			}
			continue
		}
		if j, ok := firstOf[req.Key]; ok {
			if amounts[i] != amounts[j] {
				return nil, b.fail(op, "requests["+strconv.Itoa(i)+"].Key", budgetQuote(req.Key),
					fmt.Sprintf("also requests[%d].Key, for %s; here for %s", j, b.show(amounts[j]), b.show(amounts[i])),
					ErrReservationConflict)
			}
			continue
		}
		firstOf[req.Key] = i
		fresh[i] = true
		weights = append(weights, amounts[i])
		sum.add(uint64(amounts[i]))
	}

	avail := b.total - b.reserved
	shares := weights
	if !sum.fitsAtMost(uint64(avail)) {
		// Oversubscribed: sum > avail ≥ 0, so some weight is positive.
		var err error
		shares, err = budgetSplit(avail/b.quantum, weights, sum, b.quantum)
		if err != nil {
			return nil, b.fail(op, "requests", strconv.Itoa(len(weights))+" requests", err.Error(), ErrOverflow)
		}
	}

	out := make([]Reservation, len(requests))
	k := 0
	for i, req := range requests {
		if fresh[i] {
			out[i] = b.record(Reservation{key: req.Key, requested: amounts[i], granted: shares[k], available: avail, scale: b.scale, method: budgetProRata})
			k++
			continue
		}
		if j, ok := b.index[req.Key]; ok {
			out[i] = b.log[j]
		}
	}
	return out, nil
}

// ProRata shares total among requests. If the requests add up to no more
// than total, each gets exactly its amount. Otherwise (oversubscribed) the
// total is split in proportion to the amounts by the largest-remainder
// method of Allocate, to multiples of quantum: each request first gets its
// exact share total·aᵢ/Σa rounded down to the quantum, and the quanta left
// over go one each to the largest remainders, the earlier request first on a
// tie. So in that case the shares add up to exactly total, each is within
// one quantum of its exact share, and none exceeds its request: a positive
// request's exact share is below the request (total < Σa), so its rounded-
// down share, a multiple of the quantum below another, is at least one
// quantum below it and the extra quantum still fits.
//
// The result has one share per request, in the same order, with the
// quantum's number of decimals. ProRata does not read the keys. The quantum
// must be positive with at most 18 decimals, and total and the amounts
// non-negative multiples of it that fit an int64 in units of its decimals;
// errors are *BudgetError values naming the argument (requests[2].Amount).
func ProRata(total decimal.Decimal, quantum decimal.Decimal, requests []Request) ([]decimal.Decimal, error) {
	const op = "ProRata"
	scale, q, err := budgetQuantum(op, "", quantum)
	if err != nil {
		return nil, err
	}
	b := Budget{quantum: q, scale: scale} // a calculator, never locked or recorded into
	t, err := b.units(op, "total", total)
	if err != nil {
		return nil, err
	}
	amounts, sum, err := b.amountsOf(op, requests)
	if err != nil {
		return nil, err
	}
	shares := amounts
	if !sum.fitsAtMost(uint64(t)) {
		shares, err = budgetSplit(t/q, amounts, sum, q)
		if err != nil {
			return nil, &BudgetError{Op: op, Arg: "requests", Value: strconv.Itoa(len(requests)) + " requests", Reason: err.Error(), Err: ErrOverflow}
		}
	}
	out := make([]decimal.Decimal, len(shares))
	zero := decimal.New(0, -scale) // shared read-only by every zero share
	for i, s := range shares {
		if s == 0 {
			out[i] = zero
			continue
		}
		out[i] = decimal.New(s, -scale)
	}
	return out, nil
}

// budgetSplit allocates n quanta among amounts (units of 10^-scale, each a
// multiple of quantum units q, summing to sum > n·q) by the largest-remainder
// method and returns the shares in units. The weights are the amounts in
// quanta; their sum can exceed an int64 only with very many huge requests,
// and then the exact path of money.Allocate takes over.
func budgetSplit(n int64, amounts []int64, sum budgetU128, q int64) ([]int64, error) {
	var counts []int64
	if sum.hi == 0 && sum.lo/uint64(q) <= math.MaxInt64 {
		ws := make([]int64, len(amounts))
		for i, a := range amounts {
			ws[i] = a / q
		}
		var err error
		if counts, err = money.AllocateUnits(n, ws); err != nil {
			return nil, err
		}
	} else {
		ws := make([]decimal.Decimal, len(amounts))
		for i, a := range amounts {
			ws[i] = decimal.New(a/q, 0)
		}
		parts, err := money.Allocate(decimal.New(n, 0), ws, decimal.New(1, 0))
		if err != nil {
			return nil, err
		}
		counts = make([]int64, len(parts))
		for i, p := range parts {
			counts[i] = p.IntPart() // p ≤ amounts[i]/q: fits
		}
	}
	for i := range counts {
		counts[i] *= q // ≤ amounts[i]: no overflow
	}
	return counts, nil
}

// budgetU128 is an unsigned 128-bit accumulator for sums of int64 amounts.
type budgetU128 struct{ hi, lo uint64 }

func (u *budgetU128) add(v uint64) {
	var c uint64
	u.lo, c = bits.Add64(u.lo, v, 0)
	u.hi += c
}

// fitsAtMost reports whether u ≤ v.
func (u budgetU128) fitsAtMost(v uint64) bool { return u.hi == 0 && u.lo <= v }

// budgetQuantum validates a quantum and returns its scale s (its number of
// decimals, at least 0) and its value in units of 10^-s.
func budgetQuantum(op, name string, quantum decimal.Decimal) (int32, int64, error) {
	fail := func(reason string, sentinel error) error {
		return &BudgetError{Op: op, Budget: name, Arg: "quantum", Value: budgetShow(quantum), Reason: reason, Err: sentinel}
	}
	if quantum.Sign() <= 0 {
		return 0, 0, fail("must be greater than zero", ErrInvalidArgument)
	}
	if quantum.Exponent() < -money.MaxScale {
		return 0, 0, fail("more than "+strconv.Itoa(money.MaxScale)+" decimals", ErrInvalidArgument)
	}
	scale := max(0, -quantum.Exponent())
	q, err := money.ToUnits(quantum, scale)
	if err != nil {
		return 0, 0, fail("out of int64 range in units of its decimals", ErrOverflow)
	}
	return scale, q, nil
}

// units converts an amount to units of 10^-scale, checking that it is a
// non-negative multiple of the quantum that fits an int64; the error names
// arg.
func (b *Budget) units(op, arg string, d decimal.Decimal) (int64, error) {
	u, reason, sentinel := b.convert(d)
	if sentinel != nil {
		return 0, b.fail(op, arg, budgetShow(d), reason, sentinel)
	}
	return u, nil
}

// convert is units without the error value, so that a loop over many
// amounts builds the name of an argument only when it is at fault.
func (b *Budget) convert(d decimal.Decimal) (units int64, reason string, sentinel error) {
	if d.Sign() < 0 {
		return 0, "must not be negative", ErrInvalidArgument
	}
	u, err := money.ToUnits(d, b.scale)
	if errors.Is(err, money.ErrOverflow) {
		return 0, "too large: more than 2^63-1 units of 10^-" + strconv.Itoa(int(b.scale)), ErrOverflow
	}
	if err != nil || u%b.quantum != 0 {
		return 0, "not a multiple of the quantum " + money.Canonical(b.Quantum()), ErrNotMultiple
	}
	return u, "", nil
}

// amountsOf converts the amounts of requests, naming requests[i].Amount in
// an error, and returns them with their 128-bit sum.
func (b *Budget) amountsOf(op string, requests []Request) ([]int64, budgetU128, error) {
	amounts := make([]int64, len(requests))
	var sum budgetU128
	for i, req := range requests {
		a, reason, sentinel := b.convert(req.Amount)
		if sentinel != nil {
			return nil, sum, b.fail(op, "requests["+strconv.Itoa(i)+"].Amount", budgetShow(req.Amount), reason, sentinel)
		}
		amounts[i] = a
		sum.add(uint64(a))
	}
	return amounts, sum, nil
}

// check refuses a Budget not made by NewBudget.
func (b *Budget) check(op string) error {
	if b.quantum <= 0 {
		return &BudgetError{Op: op, Arg: "budget", Value: "zero Budget", Reason: "not made by NewBudget", Err: ErrInvalidArgument}
	}
	return nil
}

// sameRequest checks a repeated key against the reservation it holds.
func (b *Budget) sameRequest(op, arg string, r Reservation, amount int64, method budgetMethod) error {
	if r.requested == amount && r.method == method {
		return nil
	}
	return b.fail(op, arg, budgetQuote(r.key),
		fmt.Sprintf("already decided for %s (%s); now %s (%s)", b.show(r.requested), r.method, b.show(amount), method),
		ErrReservationConflict)
}

// record appends r to the log and counts its grant; b.mu is held.
func (b *Budget) record(r Reservation) Reservation {
	b.index[r.key] = len(b.log)
	b.log = append(b.log, r)
	b.reserved += r.granted
	return r
}

func (b *Budget) fail(op, arg, value, reason string, sentinel error) error {
	return &BudgetError{Op: op, Budget: b.name, Arg: arg, Value: value, Reason: reason, Err: sentinel}
}

// show formats a count of units with the budget's decimals.
func (b *Budget) show(u int64) string { return decimal.New(u, -b.scale).StringFixed(b.scale) }

// budgetMaxShown is the number of bytes of a key, name or decimal that an
// error message shows.
const budgetMaxShown = 40

// budgetQuote quotes a key or name for a message, clipped.
func budgetQuote(s string) string { return strconv.Quote(errtext.Clip(s, budgetMaxShown)) }

// budgetShow formats a caller's decimal for a message without expanding a
// huge exponent: plain notation when short, coefficient "e" exponent
// otherwise.
func budgetShow(d decimal.Decimal) string {
	exp := d.Exponent()
	if exp <= 0 && exp >= -budgetMaxShown && d.NumDigits() <= budgetMaxShown {
		return d.StringFixed(-exp)
	}
	if exp > 0 && int(exp)+d.NumDigits() <= budgetMaxShown {
		return d.StringFixed(0)
	}
	return errtext.Clip(d.Coefficient().String(), budgetMaxShown) + "e" + strconv.Itoa(int(exp))
}

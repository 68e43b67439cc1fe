package subsidy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"maps"
	"runtime/debug"
	"slices"

	"github.com/dualtrack/dualtrack/internal/batch"
	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/shopspring/decimal"
)

// Evaluation is one claim of a batch with its result, as EvaluateAll yields
// them. The claim comes with its result so that a consumer of a stream can
// aggregate by the claim's facts (see Totals) without keeping the claims.
type Evaluation struct {
	Claim  Claim
	Result Result
}

// EvaluateAll evaluates a stream of claims under the policy, on several
// goroutines, and yields each claim with its result and error in the order
// of the stream: the n-th pair is the n-th claim with exactly what
// p.Evaluate(claim, opts) returns for it, whatever the number of workers.
//
// Claims are read lazily, as the consumer takes results; a bounded window
// of claims (a few hundred per worker) is in flight at any time, so a
// stream of any length runs in constant memory as long as the consumer does
// not keep the results. workers below 1 means runtime.GOMAXPROCS(0); with
// one worker the claims are evaluated one by one on the ranging goroutine.
//
// A claim that is bad input yields its error (see Evaluate) beside a zero
// Result, in its place, and the stream goes on. A panic while evaluating a
// claim (in a custom rule, schedule or History) becomes a *PanicError for
// that claim. Once ctx is done, the stream stops: its last pair carries a
// *CanceledError (matching ctx's cause with errors.Is) and a zero
// Evaluation; the pairs before it are a correct prefix of the full output.
// Breaking out of the range stops the workers, which have all returned when
// the range statement ends. A panic in claims itself is passed on to the
// ranging goroutine.
//
// opts.History is read concurrently: it must be safe for concurrent use (a
// *Ledger is), and it should not change during the batch, or results depend
// on timing.
func (p *Policy) EvaluateAll(ctx context.Context, claims iter.Seq[Claim], opts Options, workers int) iter.Seq2[Evaluation, error] {
	eval := func(_ context.Context, c *Claim, e *Evaluation) (err error) {
		// A claim that panics gets a zero Evaluation; one in error keeps
		// its claim, with a zero result.
		defer func() {
			if _, ok := err.(*PanicError); ok {
				*e = Evaluation{}
			}
		}()
		defer recoverClaim(c.ID, &err)
		e.Claim = *c
		if err := p.evaluateInto(&e.Claim, &opts, &e.Result); err != nil {
			e.Result = Result{}
			return err
		}
		return nil
	}
	// With a ledger, each worker first asks for the ledger memory of the
	// run of claims it takes, all at once (see Ledger.warm): a hint, which
	// changes no result.
	var prep func([]Claim)
	if l, ok := opts.History.(*Ledger); ok && l != nil {
		prep = func(cs []Claim) { l.warm(cs) }
	}
	return func(yield func(Evaluation, error) bool) {
		for e, err := range batch.MapInto(ctx, claims, workers, prep, eval) {
			if err != nil {
				err = batchError(err)
			}
			if !yield(e, err) {
				return
			}
		}
	}
}

// recoverClaim turns a panic into a *PanicError for the claim id in *err.
// It must be deferred directly.
func recoverClaim(id string, err *error) {
	if v := recover(); v != nil {
		*err = &PanicError{Claim: id, Value: v, Stack: debug.Stack()}
	}
}

// batchError turns the batch machinery's own errors into this package's.
func batchError(err error) error {
	var ce *batch.CanceledError
	if errors.As(err, &ce) {
		return &CanceledError{Index: ce.Index, Err: ce.Err}
	}
	var pe *batch.PanicError
	if errors.As(err, &pe) {
		return &PanicError{Value: pe.Value, Stack: pe.Stack}
	}
	return err
}

// CanceledError is the last error of a batch (EvaluateAll, Compare) that its
// context stopped before the claims ran out. The Index pairs before it
// were yielded, each with its own result; the claim at Index and those after
// it were not. errors.Is reaches through it to the context's cause, such as
// context.Canceled or context.DeadlineExceeded.
type CanceledError struct {
	Index int   // number of claims yielded before the batch stopped
	Err   error // context.Cause of the batch's context
}

// Error returns "subsidy: batch stopped after N claims: CAUSE".
func (e *CanceledError) Error() string {
	return fmt.Sprintf("subsidy: batch stopped after %d claims: %v", e.Index, e.Err)
}

// Unwrap returns the context's cause.
func (e *CanceledError) Unwrap() error { return e.Err }

// PanicError is the error of a claim whose evaluation in a batch panicked,
// for instance in a custom rule: the panic is recovered, the claim gets this
// error in its place, and the batch goes on. errors.Is and errors.As reach
// through it to the panic value when that is an error.
type PanicError struct {
	Claim string // the claim's ID
	Value any    // the value passed to panic
	Stack []byte // the stack of the goroutine that panicked
}

// Error returns "subsidy: claim ID: panic: VALUE".
func (e *PanicError) Error() string {
	return fmt.Sprintf("subsidy: claim %s: panic: %v", quote(e.Claim), e.Value)
}

// Unwrap returns the panic value if it is an error, and nil otherwise.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// Totals aggregates the results of a batch: how many claims were granted,
// rejected or bad input, the total amount, and the same by organisation, by
// category, by rule and by reason of rejection. All sums are exact. The zero
// Totals is empty and ready to use; a Totals is not safe for concurrent use
// (aggregate on the goroutine that ranges over the batch).
//
// Totals is for the results of one currency: the first result with a
// currency fixes it, and Add refuses results in another.
//
// The accessors return groups sorted by key, byte-wise, and MarshalJSON
// writes them in that order, so the same results give the same output
// whatever order they were added in.
type Totals struct {
	currency string
	scale    int32
	total    tally
	byOrg    map[string]*tally
	byCat    map[string]*tally
	byRule   map[string]*tally
	byReason map[string]*tally
}

// Tally is one line of Totals: a count of claims and an exact amount under a
// key. What the fields count depends on the grouping:
//
//   - Total, ByOrganisation, ByCategory: Claims is every claim added,
//     Granted those granted, Rejected those rejected, Errors those that were
//     bad input (Claims may exceed the sum of the three: a claim neither
//     rejected nor paid, because no rule gave it anything, counts only in
//     Claims); Amount is the sum of the awards.
//   - ByRule: the key is a rule's ID; Claims is the number of claims whose
//     award the rule changed or which it rejected, Granted those of them
//     that were granted, Rejected those it rejected; Amount is the sum of
//     its contributions (see Result.Contributions), negative for a rule
//     that reduces awards. Errors is 0.
//   - ByReason: the key is a reason code; Claims and Rejected are the
//     number of claims rejected with that code. Granted, Errors and
//     Amount are 0.
type Tally struct {
	Key      string          `json:"key"`
	Claims   int             `json:"claims"`
	Granted  int             `json:"granted"`
	Rejected int             `json:"rejected"`
	Errors   int             `json:"errors"`
	Amount   decimal.Decimal `json:"amount"`
}

// tally is a Tally being summed, with the amount in minor units.
type tally struct {
	claims, granted, rejected, errors int
	amount                            units
}

// units is an exact sum of amounts in minor units: an int64 and, once that
// would overflow, the excess as a decimal in minor units.
type units struct {
	n     int64
	spill decimal.Decimal
}

func (u *units) add(v int64) {
	if s, err := money.AddUnits(u.n, v); err == nil {
		u.n = s
		return
	}
	u.spill = u.spill.Add(decimal.New(u.n, 0))
	u.n = v
}

func (u units) decimal(scale int32) decimal.Decimal {
	d := decimal.New(u.n, -scale)
	if !u.spill.IsZero() {
		d = d.Add(u.spill.Shift(-scale))
	}
	return d
}

func (t *tally) count(r *Result, err error) {
	t.claims++
	switch {
	case err != nil:
		t.errors++
	case len(r.Reasons) > 0:
		t.rejected++
	case r.Granted:
		t.granted++
	}
}

func (t *tally) export(key string, scale int32) Tally {
	return Tally{Key: key, Claims: t.claims, Granted: t.granted, Rejected: t.rejected, Errors: t.errors, Amount: t.amount.decimal(scale)}
}

// Add adds a claim and what evaluating it gave: its result, or its error
// (then the result is ignored). It returns an error, and changes nothing,
// if the result cannot be added: its currency differs from that of the
// results added before, or an amount in it is not a whole number of the
// currency's minor unit. A claim that is bad input (err != nil) is counted
// under Errors; a *CanceledError, which ends a batch and concerns no claim,
// is not counted at all.
//
// A claim's category is its Category, or its level's code when it has no
// Category, or "" when it has neither; its organisation is its
// Organisation, "" when it has none.
func (t *Totals) Add(c Claim, r Result, err error) error {
	var ce *CanceledError
	if err != nil && errors.As(err, &ce) {
		return nil
	}
	var amount int64
	if err == nil {
		switch {
		case r.Currency == "":
			return fmt.Errorf("subsidy: totals: claim %s: the result has no currency: %w", quote(r.Claim), ErrInvalidArgument)
		case t.currency != "" && r.Currency != t.currency:
			return fmt.Errorf("subsidy: totals: claim %s: currency %s differs from %s of the results before: %w",
				quote(r.Claim), quote(r.Currency), quote(t.currency), ErrMixedCurrencies)
		}
		scale := minorScale(r.Currency)
		var uerr error
		if amount, uerr = money.ToUnits(r.Amount, scale); uerr != nil {
			return fmt.Errorf("subsidy: totals: claim %s: amount %s: %w", quote(r.Claim), ledgerShow(r.Amount), uerr)
		}
		for _, k := range r.Contributions {
			if _, uerr = money.ToUnits(k.Amount, scale); uerr != nil {
				return fmt.Errorf("subsidy: totals: claim %s: contribution of rule %s: %w", quote(r.Claim), quote(k.Rule), uerr)
			}
		}
		t.currency, t.scale = r.Currency, scale
	}

	cat := c.Category
	if cat == "" && c.Level != 0 {
		cat = c.Level.Code()
	}
	for _, g := range [...]*tally{&t.total, group(&t.byOrg, c.Organisation), group(&t.byCat, cat)} {
		g.count(&r, err)
		g.amount.add(amount)
	}
	if err != nil {
		return nil
	}
	t.addRules(&r)
	return nil
}

// addRules adds what each rule did to r to the tallies by rule and by
// reason. A rule or a code counts once per claim, however often it appears
// in the result. Results hold a handful of contributions and reasons, so
// the earlier ones are searched rather than indexed.
func (t *Totals) addRules(r *Result) {
	contribBefore := func(i int, rule string) bool {
		return slices.ContainsFunc(r.Contributions[:i], func(k Contribution) bool { return k.Rule == rule })
	}
	reasonBefore := func(j int, match func(Reason) bool) bool {
		return slices.ContainsFunc(r.Reasons[:j], match)
	}
	for i, k := range r.Contributions {
		g := group(&t.byRule, k.Rule)
		u, _ := money.ToUnits(k.Amount, t.scale) // checked by Add
		g.amount.add(u)
		if !contribBefore(i, k.Rule) {
			g.claims++
			if r.Granted {
				g.granted++
			}
		}
	}
	for j, why := range r.Reasons {
		sameRule := func(o Reason) bool { return o.Rule == why.Rule }
		if !reasonBefore(j, sameRule) {
			g := group(&t.byRule, why.Rule)
			g.rejected++
			if !contribBefore(len(r.Contributions), why.Rule) {
				g.claims++
			}
		}
		if !reasonBefore(j, func(o Reason) bool { return o.Code == why.Code }) {
			g := group(&t.byReason, why.Code)
			g.claims++
			g.rejected++
		}
	}
}

// group returns the tally of key in *m, creating the map and the tally if
// needed.
func group(m *map[string]*tally, key string) *tally {
	if *m == nil {
		*m = make(map[string]*tally)
	}
	g, ok := (*m)[key]
	if !ok {
		g = new(tally)
		(*m)[key] = g
	}
	return g
}

// Currency returns the currency of the results added, or "" if none had
// one yet.
func (t *Totals) Currency() string { return t.currency }

// Total returns the counts and the amount over every claim added; its Key
// is "".
func (t *Totals) Total() Tally { return t.total.export("", t.scale) }

// ByOrganisation returns a Tally per organisation (Claim.Organisation),
// sorted by organisation.
func (t *Totals) ByOrganisation() []Tally { return sorted(t.byOrg, t.scale) }

// ByCategory returns a Tally per category (Claim.Category, or the level's
// code), sorted by category.
func (t *Totals) ByCategory() []Tally { return sorted(t.byCat, t.scale) }

// ByRule returns a Tally per rule that changed an award or rejected a
// claim, sorted by rule ID. The amounts add up to Total().Amount.
func (t *Totals) ByRule() []Tally { return sorted(t.byRule, t.scale) }

// ByReason returns, per reason code, the number of claims rejected with it,
// sorted by code.
func (t *Totals) ByReason() []Tally { return sorted(t.byReason, t.scale) }

func sorted(m map[string]*tally, scale int32) []Tally {
	out := make([]Tally, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, m[k].export(k, scale))
	}
	return out
}

// MarshalJSON writes the totals as one object with the fields "currency",
// "total", "by_organisation", "by_category", "by_rule" and "by_reason", each
// grouping a list of Tally objects sorted by key.
//
// Amounts are decimal strings with the currency's places ("1500.00"),
// whatever shopspring/decimal's package-level settings are.
func (t *Totals) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Currency       string  `json:"currency"`
		Total          Tally   `json:"total"`
		ByOrganisation []Tally `json:"by_organisation"`
		ByCategory     []Tally `json:"by_category"`
		ByRule         []Tally `json:"by_rule"`
		ByReason       []Tally `json:"by_reason"`
	}{t.currency, t.Total(), t.ByOrganisation(), t.ByCategory(), t.ByRule(), t.ByReason()})
}

// tallyOut is the JSON form of a Tally.
type tallyOut struct {
	Key      string `json:"key"`
	Claims   int    `json:"claims"`
	Granted  int    `json:"granted"`
	Rejected int    `json:"rejected"`
	Errors   int    `json:"errors"`
	Amount   string `json:"amount"`
}

// MarshalJSON encodes the tally as it appears in the JSON of Totals, the
// amount with the currency's places ("1500.00") whatever
// shopspring/decimal's package-level settings are.
func (x Tally) MarshalJSON() ([]byte, error) {
	return json.Marshal(tallyOut{x.Key, x.Claims, x.Granted, x.Rejected, x.Errors, money.Exact(x.Amount)})
}

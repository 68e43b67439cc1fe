package subsidy

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/dualtrack/dualtrack/internal/batch"
	"github.com/shopspring/decimal"
)

// Difference is what one claim gets under two policies: a base policy and
// an alternative, typically the same policy with other numbers
// (Policy.WithParams). Amounts are the results' awards; a rejected claim
// has the amount zero.
type Difference struct {
	Claim       string          // the claim's ID
	Base, Alt   decimal.Decimal // the award under the base and the alternative policy
	Delta       decimal.Decimal // Alt − Base
	BaseGranted bool            // whether the base policy grants the claim
	AltGranted  bool            // whether the alternative policy grants it
}

// Changed reports whether the claim fares differently under the two
// policies: another amount, or granted under one and not the other.
func (d Difference) Changed() bool {
	return !d.Delta.IsZero() || d.BaseGranted != d.AltGranted
}

// Compare evaluates a stream of claims under base and under alt and yields,
// in the order of the stream, each claim's Difference: the what-if of "the
// same claims under other rules". It runs like EvaluateAll (workers,
// constant memory, cancellation ending the stream with a *CanceledError,
// a panic becoming a *PanicError for its claim) and each claim is
// evaluated under both policies with the same opts, except that
// opts.Explain is ignored: a Difference carries no explanation.
//
// A claim that is bad input under either policy yields a Difference with
// only its Claim set, and an error saying under which policy it failed
// (wrapping Evaluate's error, so errors.As finds a *ClaimError, for
// instance); if it fails under both, the error joins the two, or says
// "under both policies" when they are the same. The stream goes on with the
// next claim.
//
// The policies must have the same currency; otherwise, or if either is
// nil, the stream is one pair: a zero Difference and an error matching
// ErrInvalidArgument.
func Compare(ctx context.Context, base, alt *Policy, claims iter.Seq[Claim], opts Options, workers int) iter.Seq2[Difference, error] {
	var bad error
	switch {
	case base == nil || alt == nil:
		bad = fmt.Errorf("subsidy: compare: a nil policy: %w", ErrInvalidArgument)
	case base.Currency() != alt.Currency():
		bad = fmt.Errorf("subsidy: compare: the alternative policy %s pays in %s, the base policy %s in %s: %w",
			quote(alt.ID()), alt.Currency(), quote(base.ID()), base.Currency(), ErrInvalidArgument)
	}
	if bad != nil {
		return func(yield func(Difference, error) bool) { yield(Difference{}, bad) }
	}
	opts.Explain = false
	diff := func(_ context.Context, c Claim) (d Difference, err error) {
		defer recoverClaim(c.ID, &err)
		return compareOne(base, alt, c, opts)
	}
	return func(yield func(Difference, error) bool) {
		for d, err := range batch.Map(ctx, claims, workers, diff) {
			if err != nil {
				err = batchError(err)
			}
			if !yield(d, err) {
				return
			}
		}
	}
}

// compareOne evaluates c under both policies.
func compareOne(base, alt *Policy, c Claim, opts Options) (Difference, error) {
	d := Difference{Claim: c.ID}
	rb, errb := base.Evaluate(c, opts)
	ra, erra := alt.Evaluate(c, opts)
	if errb != nil && erra != nil && errb.Error() == erra.Error() {
		// The same fault under both, typically a claim that is invalid in
		// itself: report it once.
		return d, fmt.Errorf("subsidy: what-if: under both policies: %w", errb)
	}
	if errb != nil || erra != nil {
		var errs []error
		if errb != nil {
			errs = append(errs, fmt.Errorf("subsidy: what-if: under the base policy %s: %w", quote(base.ID()), errb))
		}
		if erra != nil {
			errs = append(errs, fmt.Errorf("subsidy: what-if: under the alternative policy %s: %w", quote(alt.ID()), erra))
		}
		return d, errors.Join(errs...)
	}
	d.Base, d.Alt = rb.Amount, ra.Amount
	d.Delta = ra.Amount.Sub(rb.Amount)
	d.BaseGranted, d.AltGranted = rb.Granted, ra.Granted
	return d, nil
}

// Comparison sums the Differences of a what-if: how many claims, how many
// fared differently, how many were bad input, and the exact totals under
// each policy. The zero Comparison is empty and ready to use; it is not
// safe for concurrent use.
type Comparison struct {
	Claims  int             // claims added, bad input included
	Changed int             // claims for which Difference.Changed is true
	Errors  int             // claims that were bad input under either policy
	Base    decimal.Decimal // total awarded under the base policy
	Alt     decimal.Decimal // total awarded under the alternative policy
	Delta   decimal.Decimal // Alt − Base
}

// Add adds one pair yielded by Compare. A claim with an error counts in
// Claims and Errors only; the *CanceledError that ends a stopped stream
// concerns no claim and is not counted.
func (c *Comparison) Add(d Difference, err error) {
	if err != nil {
		var ce *CanceledError
		if !errors.As(err, &ce) {
			c.Claims++
			c.Errors++
		}
		return
	}
	c.Claims++
	if d.Changed() {
		c.Changed++
	}
	c.Base = c.Base.Add(d.Base)
	c.Alt = c.Alt.Add(d.Alt)
	c.Delta = c.Delta.Add(d.Delta)
}

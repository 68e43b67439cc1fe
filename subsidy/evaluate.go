package subsidy

import (
	"errors"
	"fmt"

	"github.com/dualtrack/dualtrack/internal/exact"
	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/shopspring/decimal"
)

// Options are the inputs of an evaluation besides the claim.
type Options struct {
	// AsOf is the date of the evaluation: parameters are read as they were
	// known on it and history rules see the grants up to it. Required.
	AsOf Date
	// History holds the earlier grants history rules read; nil means none.
	History History
	// Explain asks for an Explanation in the result. Evaluating without one
	// is several times faster.
	Explain bool
	// OmitReasonText leaves the Text of every Reason empty: a rejection
	// still carries each rule and code, and nothing else changes. It is for
	// batches that count or group rejections by code (as Totals does) and
	// show no text to people; writing the texts is about a fifth of the
	// work of evaluating a claim without an explanation. It has no effect
	// when Explain is set, as the explanation's steps give the texts.
	OmitReasonText bool
}

// Evaluate applies the policy to the claim as of opts.AsOf and returns the
// result. A rejected claim is a result with reasons, not an error; errors
// report bad input: an invalid claim (*ClaimError), a claim lacking a fact a
// rule needs (*ClaimError), a claim whose numbers are too large for exact
// arithmetic under the policy's (*ClaimError; a base of 10^17 yuan), a date
// no parameter covers (*ParamNotCoveredError), or a failing History.
//
// Evaluate is safe for concurrent use; its result depends only on the
// policy, the claim and opts.
func (p *Policy) Evaluate(c Claim, opts Options) (Result, error) {
	if err := c.Validate(); err != nil {
		return Result{}, err
	}
	if opts.AsOf.IsZero() {
		return Result{}, &ClaimError{ID: c.ID, Field: "as_of", Reason: "the evaluation needs an as-of date"}
	}
	// The state escapes (rules reach it through an interface), and the
	// claim with it: they live in a frame, recycled once the result no
	// longer needs it. What the result keeps lives in one allocation.
	f := p.getFrame()
	defer p.putFrame(f)
	f.claim = c
	var res Result
	if err := p.evaluate(f, &f.claim, &opts, &res); err != nil {
		return Result{}, err
	}
	return res, nil
}

// evaluateInto is Evaluate for a batch: it reads the claim in place and
// writes the result into *res (zero on entry, left partly written on an
// error), so that neither is copied. The claim must not change until it
// returns.
func (p *Policy) evaluateInto(c *Claim, opts *Options, res *Result) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if opts.AsOf.IsZero() {
		return &ClaimError{ID: c.ID, Field: "as_of", Reason: "the evaluation needs an as-of date"}
	}
	f := p.getFrame()
	defer p.putFrame(f)
	return p.evaluate(f, c, opts, res)
}

// evaluate applies the policy to the valid claim c with frame f, writing
// the result into *res. The frame's state points to c until it is
// recycled.
func (p *Policy) evaluate(f *frame, c *Claim, opts *Options, res *Result) error {
	s := &f.state
	*s = State{policy: p, claim: c, asOf: opts.AsOf, history: opts.History, explain: opts.Explain, noText: opts.OmitReasonText && !opts.Explain,
		hist: f.hist[:0], tb: txt{f.text[:0]}, spans: f.spans[:0], names: &f.names, memo: &f.memo, shard: f.shard,
		reasons: f.reasons[:0], contrib: f.contrib[:0], payments: f.payments[:0]}
	if s.explain {
		s.steps = make([]Step, 0, len(p.def.Rules)+1)
	}
	for i, rule := range p.def.Rules {
		s.info = &p.ruleInfo[i]
		s.outcome, s.reason = 0, ""
		before := s.amount
		if s.explain {
			s.cur = Step{Rule: s.info.meta.ID, Kind: s.info.kind}
			s.step = &s.cur
		}
		if s.rejected && !s.info.condition {
			s.outcome, s.reason = Skipped, "the claim is already rejected"
		} else if err := rule.Apply(s); err != nil {
			if !s.rejected || !notCovered(err) {
				return err
			}
			// A claim already rejected is not also an error because a
			// later condition's parameter does not reach its dates.
			s.outcome, s.reason = Skipped, "the claim is already rejected and a parameter does not cover its date"
		}
		if s.outcome == 0 {
			s.outcome = Applied
		}
		if s.amount != before {
			f.contribute(s.info.meta.ID, s.amount-before)
		}
		if s.explain {
			s.cur.Outcome, s.cur.Reason = s.outcome, s.reason
			s.cur.Before = decimal.New(before, -p.scale)
			s.cur.After = decimal.New(s.amount, -p.scale)
			s.steps = append(s.steps, s.cur)
			s.step = nil
		}
	}
	s.info = nil
	*res = Result{
		Claim:    c.ID,
		Policy:   p.id,
		Digest:   p.digest,
		AsOf:     opts.AsOf,
		Currency: p.def.Currency,
	}
	if s.rejected {
		res.Amount = p.zero
		// A rejection takes back whatever the rules had computed.
		if s.amount != 0 {
			f.contribute(s.reasons[0].Rule, -s.amount)
		}
		s.amount = 0
	} else if s.amount > 0 {
		// The schedule may lower the award (places not completed, a
		// withdrawal): the result shows the award it leaves.
		if p.def.Schedule == nil {
			// One payment of the whole award, sharing its decimal.
			res.Amount = p.units(s.amount)
			s.paid = s.amount
			s.payments = append(s.payments, Payment{Date: s.claim.Date, Amount: res.Amount, Kind: PaySingle})
		} else {
			if err := p.schedule(f); err != nil {
				return err
			}
			res.Amount = p.units(s.amount)
		}
		res.Granted = s.amount > 0
	} else {
		res.Amount = p.zero
	}
	f.keep(res)
	if s.explain {
		res.Explanation = &Explanation{Steps: s.steps}
	}
	return nil
}

// schedule runs the policy's schedule, or pays the award at once on the
// claim date, and checks that the payments add up to the award.
func (p *Policy) schedule(f *frame) error {
	s := &f.state
	if p.def.Schedule == nil {
		return s.pay(s.claim.Date, s.amount, PaySingle, false)
	}
	s.info = &p.schedInfo
	s.outcome, s.reason = 0, ""
	before := s.amount
	if s.explain {
		s.cur = Step{Rule: scheduleID, Kind: s.info.kind}
		s.step = &s.cur
	}
	if err := p.def.Schedule.Pay(s); err != nil {
		return err
	}
	if s.amount != before {
		f.contribute(scheduleID, s.amount-before)
	}
	if s.explain {
		s.cur.Outcome, s.cur.Reason = Applied, s.reason
		s.cur.Before, s.cur.After = decimal.New(before, -p.scale), decimal.New(s.amount, -p.scale)
		s.steps = append(s.steps, s.cur)
		s.step = nil
	}
	if s.paid != s.amount {
		return fmt.Errorf("subsidy: claim %s: schedule %s pays %s, not the award %s", quote(s.claim.ID), p.def.Schedule.Kind(),
			decimal.New(s.paid, -p.scale).StringFixed(p.scale), decimal.New(s.amount, -p.scale).StringFixed(p.scale))
	}
	return nil
}

// frame is the working memory of one evaluation: the state the rules see,
// the claim it points to, the first records, texts, reasons, contributions
// and payments, and the contributions in minor units (their decimals are
// made at the end, so that one equal to the award can share its decimal).
//
// A recycled frame is not cleared: an evaluation sets the state whole and
// the claim, and reads of the arrays only what it wrote itself, through
// the state's slices, which start empty. What the result keeps is copied
// out of the frame (see keep).
type frame struct {
	state    State
	claim    Claim
	cunits   [8]int64   // units of state.contrib[i], for i < 8
	hist     [4]histRec // the first records of state.hist
	text     [512]byte  // the first bytes of state.tb
	spans    [4]textSpan
	reasons  [4]Reason
	contrib  [4]Contribution
	payments [2]Payment
	names    histNameCache // kept from one evaluation to the next
	memo     paramMemos    // kept from one evaluation to the next
	// shard is the number of the ledger read lock evaluations with the
	// frame take: the frames of a policy are numbered in turn, so that
	// evaluations on different cores, which mostly recycle frames of their
	// own, mostly take different locks (see ledgerLock).
	shard uint32
}

// getFrame returns a frame, recycled if one is free. (A Policy not made by
// NewPolicy has no pool: its frames are not recycled.)
func (p *Policy) getFrame() *frame {
	if p.frames == nil {
		return new(frame)
	}
	return p.frames.Get().(*frame)
}

// putFrame recycles f. Nothing of the result points into a frame, and the
// frame lets go of the claim.
func (p *Policy) putFrame(f *frame) {
	f.state.claim = nil
	if p.frames != nil {
		p.frames.Put(f)
	}
}

// keep sets the result's reasons, contributions (with their amounts) and
// payments to copies of the state's, in memory of their own that fits
// them: a rejection usually keeps only its reasons, and an award one
// contribution and one payment, in one allocation. The reasons' texts
// written in the state's buffer share one string.
func (f *frame) keep(res *Result) {
	s := &f.state
	k := f.contributions(res.Amount, s.amount)
	if len(s.reasons) == 0 && len(k) == 1 && len(s.payments) == 1 {
		one := new(struct {
			c [1]Contribution
			p [1]Payment
		})
		one.c[0], one.p[0] = k[0], s.payments[0]
		res.Contributions, res.Payments = one.c[:], one.p[:]
		return
	}
	res.Reasons = keepSlice(s.reasons)
	if len(s.spans) > 0 {
		all := string(s.tb.b)
		for _, sp := range s.spans {
			res.Reasons[sp.i].Text = all[sp.from:sp.to]
		}
	}
	res.Contributions = keepSlice(k)
	res.Payments = keepSlice(s.payments)
}

// keepSlice returns a copy of x in a new array of its length, or nil if x
// is empty.
func keepSlice[T any](x []T) []T {
	if len(x) == 0 {
		return nil
	}
	return append(make([]T, 0, len(x)), x...)
}

// contribute records that rule changed the award by units.
func (f *frame) contribute(rule string, units int64) {
	k := Contribution{Rule: rule}
	if n := len(f.state.contrib); n < len(f.cunits) {
		f.cunits[n] = units
	} else {
		k.Amount = f.state.policy.units(units)
	}
	f.state.contrib = append(f.state.contrib, k)
}

// contributions returns the contributions with their amounts; those equal
// to the award (amount, units) share its decimal.
func (f *frame) contributions(amount decimal.Decimal, units int64) []Contribution {
	k := f.state.contrib
	for i := range min(len(k), len(f.cunits)) {
		if u := f.cunits[i]; u == units {
			k[i].Amount = amount
		} else {
			k[i].Amount = f.state.policy.units(u)
		}
	}
	return k
}

// units returns u minor units as a decimal with the currency's places. Zero
// is one shared value: decimals are never changed in place.
func (p *Policy) units(u int64) decimal.Decimal {
	if u == 0 {
		return p.zero
	}
	if d, ok := p.amounts[u]; ok {
		return d
	}
	return decimal.New(u, -p.scale)
}

// scheduleID is the rule ID under which a schedule's changes to the award
// and its explanation step are reported; no rule may use it.
const scheduleID = "schedule"

// unitRounding is a declared rounding in the policy's minor units.
type unitRounding struct {
	decl    Rounding  // as declared
	quantum exact.Rat // the quantum in minor units, an integer ≥ 1
	scale   exact.Rat // 10^scale: minor units per currency unit
	mode    money.RoundingMode
}

func newUnitRounding(r Rounding, scale int32) (unitRounding, error) {
	if !r.IsValid() {
		return unitRounding{}, fmt.Errorf("required: a quantum and a mode")
	}
	q, err := exact.FromDecimal(r.Quantum().Shift(scale))
	if err != nil || !q.IsInt() || q.Sign() <= 0 {
		return unitRounding{}, fmt.Errorf("the quantum must be a positive multiple of the currency's minor unit %s", money.Canonical(decimal.New(1, -scale)))
	}
	// Within what the policy's JSON reads back (ParseAmount), so that the
	// canonical JSON of a policy built in Go loads.
	if _, err := money.ParseAmount(money.Canonical(r.Quantum())); err != nil {
		return unitRounding{}, fmt.Errorf("the quantum must have at most %d integer digits", money.MaxIntegerDigits)
	}
	// The declared rounding is kept with its quantum in its shortest form
	// ("0.010" as 0.01), as the canonical JSON writes it, so that a policy
	// built in Go explains its roundings exactly as the same policy (the same
	// digest) loaded from JSON.
	decl, err := NewRounding(r.Quantum().Normalize(), r.Mode())
	if err != nil {
		return unitRounding{}, err
	}
	return unitRounding{decl: decl, quantum: q, scale: exact.MustNew(pow10(scale), 1), mode: r.Mode()}, nil
}

// units rounds r (in currency units) and returns it in minor units.
func (u unitRounding) units(r exact.Rat) (int64, error) {
	m, err := r.Mul(u.scale)
	if err != nil {
		return 0, err
	}
	m, err = m.Round(u.quantum, u.mode)
	if err != nil {
		return 0, err
	}
	return m.Num(), nil
}

// toMinor converts an amount to minor units at scale; it must be a multiple
// of the minor unit.
func toMinor(d decimal.Decimal, scale int32) (int64, error) {
	return money.ToUnits(d, scale)
}

// pow10 returns 10^k for 0 ≤ k ≤ 18.
func pow10(k int32) int64 {
	v := int64(1)
	for range k {
		v *= 10
	}
	return v
}

// notCovered reports whether err is a parameter not covering a date.
func notCovered(err error) bool {
	var nc *ParamNotCoveredError
	return errors.As(err, &nc)
}

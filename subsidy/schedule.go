package subsidy

import (
	"strconv"
	"time"

	"github.com/dualtrack/dualtrack/internal/civil"
	"github.com/dualtrack/dualtrack/internal/exact"
	"github.com/dualtrack/dualtrack/internal/money"
)

// This file holds the payment schedules: how an award is paid over time.
//
// A schedule runs after the rules, on a granted award, and records dated
// payments that add up to the award exactly. When the claim shows that less
// is due than the rules granted (places not completed, an apprentice who
// withdrew, a milestone never reached) the schedule lowers the award to
// what it pays, and the clawbacks it records bring the payments down to it.
//
// Splits are exact, by the largest-remainder method (as money.AllocateUnits
// does it: each part its exact share rounded down, the units left over one
// each to the parts with the largest remainders, the earlier part first on a
// tie), so equal parts differ by at most one unit and the earlier parts get
// the larger ones. The unit is the quantum of the policy's rounding (one
// yuan for a policy rounding to the yuan) when the award is a multiple of
// it, and the currency's minor unit otherwise; so a lowered award remains a
// multiple of the policy's quantum.
//
// Payments of zero are left out. A payment marked Provisional depends on
// what is not known yet: a settlement or completion share before training
// has ended, an instalment or milestone due after the as-of date while the
// apprentice is still in learning.
//
// Parameters are read on the policy's date basis (the claim date unless the
// policy says otherwise), as known on the as-of date.

// PrepaySettle pays part of the award in advance and the rest on
// completion, per place (kind "prepay-settle"), as the Fujian enterprise
// new-type apprenticeship subsidy does (闽人社文〔2019〕220号): up to 50%
// prepaid, the rest settled on the number of apprentices who complete, and
// for a place not completed the prepaid share clawed back and nothing more
// paid.
//
// With N = Claim.PlaceCount places and the award A, each place's share A_i
// is A split N ways (see above), and its advance is Percent% of A_i rounded
// down to the minor unit, so the prepayment never exceeds Percent% of A:
//
//   - the prepayment Σ advance_i is paid on the first day of training, or on
//     the claim date if that is later (an advance is not paid before it is
//     claimed) or the claim has no training period;
//   - while training has not ended, the settlement A − prepayment is due on
//     the planned last day of training (the claim date without a training
//     period), Provisional;
//   - once it has ended with k = Claim.Completed places completed (the first
//     k shares, the larger ones), the settlement Σ_{i<k} (A_i − advance_i)
//     and, if k < N, the clawback −Σ_{i≥k} advance_i are dated Claim.Ended
//     (or the prepayment's date, if that is later), and the award becomes
//     Σ_{i<k} A_i.
//
// Fujian, 高级工 class: 10 apprentices × 6000 × 2 years = 120,000, 50% prepaid:
// 60,000 in advance. If 8 of the 10 complete, the settlement is 8 × (12,000
// − 6,000) = 48,000, the clawback 2 × 6,000 = 12,000, and the award 8 ×
// 12,000 = 96,000 = 60,000 + 48,000 − 12,000.
type PrepaySettle struct {
	// Percent names the number parameter holding the largest share of the
	// award paid in advance, a percentage from 0 to 100.
	Percent string `json:"percent"`
}

// Kind returns "prepay-settle".
func (PrepaySettle) Kind() string { return "prepay-settle" }

// Check reports a missing or misshapen parameter or a percentage outside 0
// to 100.
func (sc PrepaySettle) Check(p *Policy) error {
	if err := p.CheckParam("percent", sc.Percent, false); err != nil {
		return err
	}
	return checkParamValues(p, "percent", sc.Percent, percentRange)
}

// Pay records the prepayment and the settlement, and a clawback for places
// not completed.
func (sc PrepaySettle) Pay(s *State) error {
	c := s.claim
	d, err := s.RefDate()
	if err != nil {
		return err
	}
	pct, err := s.numberOn(sc.Percent, d)
	if err != nil {
		return err
	}
	if why := percentRange(pct.rat); why != "" {
		return schedValueError(s, "percent", sc.Percent, pct, why)
	}
	total, step, n := s.amount, schedStep(s), int64(c.PlaceCount())
	// The shares: the first r places get hi, the others lo.
	q, r := (total/step)/n, (total/step)%n
	hi, lo := (q+1)*step, q*step
	preHi, err := percentDown(s, hi, pct.rat, 1)
	if err != nil {
		return err
	}
	preLo, err := percentDown(s, lo, pct.rat, 1)
	if err != nil {
		return err
	}
	// first returns the sum of the first k of N values of which the first
	// r are a and the others b; it cannot overflow, being at most a sum of
	// all N shares, the award.
	first := func(k, a, b int64) int64 { return min(k, r)*a + max(k-r, 0)*b }
	prepaid := first(n, preHi, preLo)

	prepayOn := c.Date
	if !c.Training.IsZero() && c.Training.Start().After(prepayOn) {
		prepayOn = c.Training.Start()
	}
	if err := schedPay(s, prepayOn, prepaid, PayPrepayment, false); err != nil {
		return err
	}
	if c.Ended.IsZero() {
		settleOn := c.Date
		if !c.Training.IsZero() {
			settleOn = c.Training.End()
		}
		if s.explain {
			s.Note(strconv.FormatInt(n, 10) + " places; " + money.Canonical(pct.dec) + "% prepaid: " + schedUnits(s, prepaid) +
				"; settlement " + schedUnits(s, total-prepaid) + " due on completion")
		}
		return schedPay(s, settleOn, total-prepaid, PaySettlement, true)
	}
	k := int64(c.Completed)
	kept, keptPre := first(k, hi, lo), first(k, preHi, preLo)
	settleOn := c.Ended
	if prepayOn.After(settleOn) {
		settleOn = prepayOn
	}
	if err := schedPay(s, settleOn, kept-keptPre, PaySettlement, false); err != nil {
		return err
	}
	if err := schedPay(s, settleOn, keptPre-prepaid, PayClawback, false); err != nil {
		return err
	}
	if s.explain {
		s.Note(strconv.FormatInt(n, 10) + " places; " + money.Canonical(pct.dec) + "% prepaid: " + schedUnits(s, prepaid) +
			"; " + strconv.FormatInt(k, 10) + " completed: settlement " + schedUnits(s, kept-keptPre) +
			", clawback " + schedUnits(s, prepaid-keptPre) + "; award " + schedUnits(s, kept))
	}
	return schedSetAward(s, kept)
}

// Instalments pays the award in equal monthly instalments and a share on
// completion (kind "instalments"), as England pays apprenticeship training
// providers: 80% of the price in equal monthly instalments over the planned
// duration, 20% on completion, a month counting if the apprentice is in
// learning on its last day.
//
// The completion share C is Completion% of the award A, rounded down to the
// unit; the rest, A − C, is split into equal instalments (see above), one
// for each month whose last day falls within the planned training period
// (from the month training starts in, whose last day is always after the
// start, to the last month whose last day is not after the planned end),
// each dated that last day. A planned period in which no month ends has no
// instalments: the whole award is due on completion.
//
//   - While training has not ended, every instalment is listed, Provisional
//     if it falls after the as-of date, and the completion share is due on
//     the planned end, Provisional.
//   - Completed (Claim.Ended set, Claim.Completed at least 1): the
//     instalments of the months ending by Claim.Ended are paid as planned;
//     the rest are paid together on Claim.Ended as one settlement (a
//     "balancing" payment), and the completion share on Claim.Ended.
//   - Withdrawn (Claim.Ended set, Claim.Completed 0): only the instalments of
//     the months ending by Claim.Ended are paid; the award is lowered to
//     their sum.
//
// The schedule pays one learner: a claim for several places is bad input,
// as is a training period with more than 1200 month ends (a hundred years).
//
// This matches the government's calculator
// (SkillsFundingAgency/das-funding-apprenticeship-earnings): its
// InstalmentsGenerator and OnProgramPayments count the months from the start
// month to the month of the planned end if that day is the month's last, else
// to the month before; its withdrawal keeps a month's instalment only if the
// last day of learning is on or after the month's last day (feature
// RecalculateEarningsFollowingWithdrawal: start 2020-08-01, price 15,000,
// withdrawal on 2020-11-15 keeps three instalments of 1,000, on 2020-10-30
// two); on early completion its BalancingInstalments pays the months not yet
// paid in one balancing payment with the completion payment
// (RecalculateEarningsFollowingCompletion: start 2020-08-15, planned end
// 2021-07-31, completion 2021-02-15: six instalments of 1,000, balancing
// 6,000, completion 3,000). Differences: the calculator rounds each
// instalment to five decimals, so its instalments need not add up to the
// total; here they add up exactly, in minor units. It counts a completion on
// a month's last day in the balancing payment; here that month's instalment
// is paid as planned on the same day (same amount, same date).
//
// The qualifying period, if QualifyingPeriod is set (in JSON
// "qualifying_period": true; off by default): as in the calculator's
// QualifyingPeriod and OnProgramPayments.SoftDeleteAfterLastDayOfLearning,
// a programme whose planned duration (first day to planned end, both
// counted) is 168 days or more has a qualifying period of 42 days, one of
// 14 to 167 days has 14, a shorter one 1. A learner withdrawn before its
// last day (Claim.Ended before the start + days − 1) earns no instalment of
// the academic year (1 August to 31 July) in which they left; those of
// earlier academic years are kept (acceptance scenario "Withdrawal made
// before end of 42 day qualifying period; recalc earnings as zero": start
// 2020-08-15, withdrawal 2020-09-15, nothing). Completion is not affected.
type Instalments struct {
	// Completion names the number parameter holding the share paid on
	// completion, a percentage from 0 to 100 (20 in England).
	Completion string `json:"completion"`
	// QualifyingPeriod applies the calculator's qualifying period to a
	// withdrawal (see above).
	QualifyingPeriod bool `json:"qualifying_period,omitempty"`
}

// Kind returns "instalments".
func (Instalments) Kind() string { return "instalments" }

// Check reports a missing or misshapen parameter or a percentage outside 0
// to 100.
func (sc Instalments) Check(p *Policy) error {
	if err := p.CheckParam("completion", sc.Completion, false); err != nil {
		return err
	}
	return checkParamValues(p, "completion", sc.Completion, percentRange)
}

// Pay records the instalments, the completion share and, on early
// completion, the balancing payment.
func (sc Instalments) Pay(s *State) error {
	c := s.claim
	if c.Training.IsZero() {
		return s.Missing("training")
	}
	if err := onePlace(s, "instalments"); err != nil {
		return err
	}
	d, err := s.RefDate()
	if err != nil {
		return err
	}
	pct, err := s.numberOn(sc.Completion, d)
	if err != nil {
		return err
	}
	if why := percentRange(pct.rat); why != "" {
		return schedValueError(s, "completion", sc.Completion, pct, why)
	}
	total, step := s.amount, schedStep(s)
	completion, err := percentDown(s, total, pct.rat, step)
	if err != nil {
		return err
	}
	start, end := c.Training.Start(), c.Training.End()
	n := monthEndsIn(start, end)
	if n > maxInstalments {
		return &ClaimError{ID: c.ID, Field: "training", Value: c.Training.String(), Reason: "more than " + strconv.Itoa(maxInstalments) + " monthly instalments"}
	}
	if n == 0 {
		completion = total
	}
	onProgramme := total - completion
	var q, r int64
	if n > 0 {
		q, r = (onProgramme/step)/n, (onProgramme/step)%n
	}

	ended, completed := !c.Ended.IsZero(), c.Completed > 0
	// keep is the last due date of an instalment kept on withdrawal: the
	// last day of learning, or, within the qualifying period, the day
	// before the academic year it ended in.
	keep, qualifying := c.Ended, int64(0)
	if ended && !completed && sc.QualifyingPeriod {
		if q := qualifyingDays(start, end); civil.DaysBetween(start, c.Ended)+1 < int(q) {
			qualifying = q
			keep = academicYearStart(c.Ended).Prev()
		}
	}
	var paid, balance, count int64
	y, m := start.Year(), start.Month()
	for j := range n {
		due, err := civil.New(y, m, civil.DaysIn(y, m))
		if err != nil { // unreachable: the month ends within the training period
			return arithError(s, "", err)
		}
		if m == time.December {
			y, m = y+1, time.January
		} else {
			m++
		}
		amount := q * step
		if j < r {
			amount += step
		}
		switch {
		case !ended || !due.After(keep):
			if err := schedPay(s, due, amount, PayInstalment, !ended && due.After(s.asOf)); err != nil {
				return err
			}
			paid += amount
			count++
		case completed:
			balance += amount
		}
	}

	switch {
	case !ended:
		if s.explain {
			s.Note(schedUnits(s, onProgramme) + " in " + strconv.FormatInt(n, 10) + " monthly instalments; " +
				money.Canonical(pct.dec) + "% on completion: " + schedUnits(s, completion))
		}
		return schedPay(s, end, completion, PayCompletion, true)
	case completed:
		if err := schedPay(s, c.Ended, balance, PaySettlement, false); err != nil {
			return err
		}
		if s.explain {
			s.Note(strconv.FormatInt(count, 10) + " of " + strconv.FormatInt(n, 10) + " instalments paid (" + schedUnits(s, paid) +
				"); completed on " + c.Ended.String() + ": balance " + schedUnits(s, balance) + ", " +
				money.Canonical(pct.dec) + "% on completion " + schedUnits(s, completion))
		}
		return schedPay(s, c.Ended, completion, PayCompletion, false)
	}
	if s.explain {
		why := ": the rest and the completion share are not due"
		if qualifying > 0 {
			last, _ := start.AddDays(int(qualifying) - 1)
			why = ", within the qualifying period of " + strconv.FormatInt(qualifying, 10) + " days (to " + last.String() +
				"): no instalment of the academic year from " + academicYearStart(c.Ended).String() +
				" is due, nor the rest or the completion share"
		}
		s.Note(strconv.FormatInt(count, 10) + " of " + strconv.FormatInt(n, 10) + " instalments paid (" + schedUnits(s, paid) +
			"); withdrawn on " + c.Ended.String() + why + "; award " + schedUnits(s, paid))
	}
	return schedSetAward(s, paid)
}

// qualifyingDays returns the qualifying period of a programme planned from
// start to end, as the government's calculator sets it: 42 days for a
// planned duration of 168 days or more, 14 for 14 to 167, else 1.
func qualifyingDays(start, end Date) int64 {
	switch planned := civil.DaysBetween(start, end) + 1; {
	case planned >= 168:
		return 42
	case planned >= 14:
		return 14
	}
	return 1
}

// academicYearStart returns 1 August of the English academic year (1 August
// to 31 July) that holds d.
func academicYearStart(d Date) Date {
	y := d.Year()
	if d.Month() < time.August {
		y--
	}
	start, err := civil.New(y, time.August, 1)
	if err != nil { // d in January to July of year 1: no earlier August
		return d
	}
	return start
}

// maxInstalments bounds the instalments of a claim: a hundred years.
const maxInstalments = 1200

// monthEndsIn returns the number of months whose last day lies in
// [start, end]: from start's month to end's month if end is that month's
// last day, else to the month before.
func monthEndsIn(start, end Date) int64 {
	from := int64(start.Year())*12 + int64(start.Month())
	to := int64(end.Year())*12 + int64(end.Month())
	if end.Day() != civil.DaysIn(end.Year(), end.Month()) {
		to--
	}
	return max(to-from+1, 0)
}

// Milestones pays the award in parts due after so many days in learning
// (kind "milestones"), as England pays its incentives for young
// apprentices: 1,000 GBP in two halves, after 90 and after 365 days, each
// only if that day is not after the planned end.
//
// Each milestone has a number of days D (parameter Days, a whole number
// from 1) and a share of the award (parameter Percent); the shares must add
// up to 100, which is checked for every date on which the parameters change
// when the policy is built and again when a claim is paid (a *PolicyError
// naming the schedule). The award is split by the shares (see above).
//
// A milestone is due on the D-th day in learning, counting the first day of
// training as day 1: start + (D − 1) days. That is what the government's
// calculator does (das-funding-apprenticeship-earnings, IncentivePayments:
// start date plus 89 and 364 days; feature CalculateIncentivePayments: start
// 2020-08-01, incentives due 2020-10-29 and 2021-07-31). A milestone is
// paid only if its day is not after the planned end of training and the
// apprentice is still in learning on it (training has not ended, or ended
// on or after that day; as the calculator's withdrawal keeps incentives due
// on or before the last day of learning). A milestone that has not been
// reached on the as-of date while training goes on is Provisional. The
// milestones that cannot be paid lower the award.
//
// Payments are listed in the order of the milestones. The schedule pays one
// learner: a claim for several places is bad input.
type Milestones struct {
	// Milestones are the parts of the award, 1 to 16 of them.
	Milestones []Milestone `json:"milestones"`
}

// Milestone is one part of a Milestones schedule.
type Milestone struct {
	// Days names the number parameter holding the days in learning after
	// which the part is due (the D-th day), a whole number from 1.
	Days string `json:"days"`
	// Percent names the number parameter holding the part's share of the
	// award, a percentage from 0 to 100.
	Percent string `json:"percent"`
}

// maxMilestones bounds the milestones of a schedule.
const maxMilestones = 16

// maxMilestoneDays bounds a milestone's days: a hundred years.
const maxMilestoneDays = 36525

// Kind returns "milestones".
func (Milestones) Kind() string { return "milestones" }

// Check reports no milestones or too many, missing or misshapen
// parameters, days that are not a whole number from 1, percentages outside
// 0 to 100, and percentages that do not add up to 100 on a date on which
// they all have a value.
func (sc Milestones) Check(p *Policy) error {
	if len(sc.Milestones) == 0 || len(sc.Milestones) > maxMilestones {
		return FieldError("milestones", strconv.Itoa(len(sc.Milestones))+" milestones", "must have 1 to "+strconv.Itoa(maxMilestones))
	}
	for i, m := range sc.Milestones {
		path := "milestones[" + strconv.Itoa(i) + "]"
		if err := p.CheckParam(path+".days", m.Days, false); err != nil {
			return err
		}
		if err := checkParamValues(p, path+".days", m.Days, dayCount); err != nil {
			return err
		}
		if err := p.CheckParam(path+".percent", m.Percent, false); err != nil {
			return err
		}
		if err := checkParamValues(p, path+".percent", m.Percent, percentRange); err != nil {
			return err
		}
	}
	// The shares must add up to 100 on every date on which the entry in
	// force of one of them begins, if all of them are in force then.
	for _, m := range sc.Milestones {
		for _, e := range p.params[m.Percent].num.All() {
			sum, ok := milestoneSum(p, sc.Milestones, e.From)
			if ok && sum.Cmp(exact.MustNew(100, 1)) != 0 {
				return FieldError("milestones", "percentages adding up to "+sum.String()+" on "+e.From.String(), "must add up to 100")
			}
		}
	}
	return nil
}

// milestoneSum returns the sum of the milestones' percentages in force on
// d, and false if one of them has none.
func milestoneSum(p *Policy, ms []Milestone, d Date) (exact.Rat, bool) {
	var sum exact.Rat
	for _, m := range ms {
		e, err := p.params[m.Percent].num.At(d)
		if err != nil {
			return exact.Rat{}, false
		}
		if sum, err = sum.Add(e.Value.rat); err != nil {
			return exact.Rat{}, false
		}
	}
	return sum, true
}

// Pay records the milestones that are due, and lowers the award by those
// that cannot be.
func (sc Milestones) Pay(s *State) error {
	c := s.claim
	if c.Training.IsZero() {
		return s.Missing("training")
	}
	if err := onePlace(s, "milestones"); err != nil {
		return err
	}
	if len(sc.Milestones) == 0 || len(sc.Milestones) > maxMilestones {
		return schedValueError(s, "milestones", "", numValue{}, "must have 1 to "+strconv.Itoa(maxMilestones)+" milestones")
	}
	d, err := s.RefDate()
	if err != nil {
		return err
	}
	var days [maxMilestones]int64
	var weights [maxMilestones]int64
	var pcts [maxMilestones]exact.Rat
	var sum exact.Rat
	lcm := int64(1) // the common denominator of the percentages
	ms := sc.Milestones
	for i, m := range ms {
		field := "milestones[" + strconv.Itoa(i) + "]"
		dv, err := s.numberOn(m.Days, d)
		if err != nil {
			return err
		}
		if why := dayCount(dv.rat); why != "" {
			return schedValueError(s, field+".days", m.Days, dv, why)
		}
		pv, err := s.numberOn(m.Percent, d)
		if err != nil {
			return err
		}
		if why := percentRange(pv.rat); why != "" {
			return schedValueError(s, field+".percent", m.Percent, pv, why)
		}
		days[i], pcts[i] = dv.rat.Num(), pv.rat
		if sum, err = sum.Add(pv.rat); err != nil {
			return arithError(s, "", err)
		}
		if lcm, err = lcmInt(lcm, pv.rat.Den()); err != nil {
			return arithError(s, "", err)
		}
	}
	if sum.Cmp(exact.MustNew(100, 1)) != 0 {
		return schedValueError(s, "milestones", "", numValue{}, "the percentages on "+d.String()+" add up to "+sum.String()+", not 100")
	}
	for i := range ms {
		w, err := pcts[i].MulInt(lcm)
		if err != nil {
			return arithError(s, "", err)
		}
		weights[i] = w.Num() // an integer: lcm is a multiple of the denominator
	}
	total, step := s.amount, schedStep(s)
	parts, err := money.AllocateUnits(total/step, weights[:len(ms)])
	if err != nil {
		return arithError(s, "", err)
	}

	start, end := c.Training.Start(), c.Training.End()
	var kept int64
	var note []byte
	for i := range ms {
		amount := parts[i] * step
		due, err := start.AddDays(int(days[i] - 1))
		if err != nil {
			return arithError(s, "", err)
		}
		lost := ""
		switch {
		case due.After(end):
			lost = "after the planned end " + end.String()
		case !c.Ended.IsZero() && c.Ended.Before(due):
			lost = "training ended on " + c.Ended.String()
		}
		if lost == "" {
			if err := schedPay(s, due, amount, PayMilestone, c.Ended.IsZero() && due.After(s.asOf)); err != nil {
				return err
			}
			kept += amount
		}
		if s.explain {
			if i > 0 {
				note = append(note, "; "...)
			}
			note = append(note, schedUnits(s, amount)+" on day "+strconv.FormatInt(days[i], 10)+", "+due.String()...)
			if lost != "" {
				note = append(note, " not due: "+lost...)
			}
		}
	}
	if s.explain {
		s.Note(string(note))
	}
	return schedSetAward(s, kept)
}

// lcmInt returns the least common multiple of a and b (both positive), or
// an error if it exceeds int64.
func lcmInt(a, b int64) (int64, error) {
	x, y := a, b
	for y != 0 {
		x, y = y, x%y
	}
	r, err := exact.New(a/x, 1)
	if err == nil {
		r, err = r.MulInt(b)
	}
	return r.Num(), err
}

// schedStep returns the unit a schedule splits the award in, in minor
// units: the quantum of the policy's rounding if the award is a multiple of
// it, else 1.
func schedStep(s *State) int64 {
	if q := s.info.round.quantum.Num(); q > 1 && s.amount%q == 0 {
		return q
	}
	return 1
}

// schedPay records a payment of units, unless it is zero.
func schedPay(s *State, d Date, units int64, kind PaymentKind, provisional bool) error {
	if units == 0 {
		return nil
	}
	return s.pay(d, units, kind, provisional)
}

// schedSetAward sets the award to units, the sum of what the schedule pays.
// When the award was a multiple of the rounding's quantum, units is one too
// (the schedule split it in quanta) and goes through the engine's rounding
// unchanged; otherwise it is kept exactly, in minor units, as the payments
// are.
func schedSetAward(s *State, units int64) error {
	if units == s.amount {
		return nil
	}
	if q := s.info.round.quantum.Num(); units%q != 0 {
		s.amount = units
		return nil
	}
	r, err := exact.New(units, pow10(s.policy.scale))
	if err != nil {
		return arithError(s, "", err)
	}
	return s.set(r)
}

// percentDown returns pct% of units, rounded down to a multiple of step.
func percentDown(s *State, units int64, pct exact.Rat, step int64) (int64, error) {
	x, err := exact.Int(units)
	if err == nil {
		x, err = percentOf(x, pct)
	}
	if err == nil {
		x, err = x.Round(exact.MustNew(step, 1), Down)
	}
	if err != nil {
		return 0, arithError(s, "", err)
	}
	return x.Num(), nil
}

// onePlace reports a claim for more than one place, which a schedule that
// pays one learner cannot pay.
func onePlace(s *State, kind string) error {
	if n := s.claim.PlaceCount(); n != 1 {
		return &ClaimError{ID: s.claim.ID, Field: "places", Value: strconv.Itoa(n), Reason: "the " + kind + " schedule pays one learner per claim"}
	}
	return nil
}

// schedValueError reports a parameter value a schedule cannot use, found
// when paying a claim: a *PolicyError at the schedule's field.
func schedValueError(s *State, field, name string, v numValue, why string) error {
	value := ""
	if name != "" {
		value = quote(name) + " = " + money.Canonical(v.dec)
	}
	return &PolicyError{Policy: s.policy.def.Name, Path: "schedule." + field, Value: value, Reason: why}
}

// dayCount reports a milestone's days that are not a whole number from 1.
func dayCount(r exact.Rat) string {
	if !r.IsInt() || r.Num() < 1 || r.Num() > maxMilestoneDays {
		return "must be a whole number of days from 1 to " + strconv.Itoa(maxMilestoneDays)
	}
	return ""
}

// schedUnits shows an amount in minor units as a decimal, for notes.
func schedUnits(s *State, units int64) string {
	return money.Canonical(money.FromUnits(units, s.policy.scale))
}

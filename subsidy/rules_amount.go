package subsidy

import (
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/internal/civil"
	"github.com/dualtrack/dualtrack/internal/exact"
	"github.com/dualtrack/dualtrack/internal/money"
)

// This file holds the rules that make and adjust the award: amounts
// (Amount, AmountByCategory, RateDuration, PercentOfBase) add to it,
// adjustments (Uplift, Share, Minimum, Cap) scale, raise or limit it.
//
// Every number such a rule uses is a parameter of its policy, named by the
// rule: an amount, a rate, a percentage. Percentages are percent numbers: a
// parameter value "30" means 30%. Each rule computes exactly (rational
// arithmetic, no intermediate rounding) and hands the new award to the
// engine, which rounds it once with the rule's rounding (or the policy's)
// and records the rounding in the explanation.
//
// The claim fields a table can be keyed by (field Key of the rules that take
// a table) are:
//
//	"level"        Claim.Level as its code, e.g. "national-4" (the default)
//	"category"     Claim.Category
//	"occupation"   Claim.Occupation
//	"holder-kind"  Claim.HolderKind
//
// A claim without the keyed field is bad input (a *ClaimError naming it); a
// table without an entry for the claim's key rejects the claim.

// Amount adds a fixed amount to the award (kind "amount"): the number
// parameter Amount, times Claim.PlaceCount if PerPlace is set.
//
//	{"kind": "amount", "id": "base", "amount": "allowance", "per_place": true}
//
// With "allowance" = 15000 and a claim for 2 places, the award grows by
// 15000 × 2 = 30000.
type Amount struct {
	RuleMeta
	// Amount names the number parameter holding the amount (not negative).
	Amount string `json:"amount"`
	// PerPlace multiplies the amount by the claim's number of places.
	PerPlace bool `json:"per_place,omitempty"`
}

// Kind returns "amount".
func (Amount) Kind() string { return "amount" }

// Check reports a missing or misshapen parameter, or a negative value of it.
func (r Amount) Check(p *Policy) error {
	if err := p.CheckParam("amount", r.Amount, false); err != nil {
		return err
	}
	return checkParamValues(p, "amount", r.Amount, notNegative)
}

// Apply adds the amount on the rule's reference date.
func (r Amount) Apply(s *State) error {
	d, err := s.RefDate()
	if err != nil {
		return err
	}
	v, err := s.numberOn(r.Amount, d)
	if err != nil {
		return err
	}
	return addToAward(s, v.rat, r.PerPlace, "")
}

// AmountByCategory adds the amount a table gives for the claim's level or
// category (kind "amount-by-category"): Table is a table parameter, Key the
// claim field it is keyed by (see the list above; "level" if empty), and
// PerPlace multiplies by Claim.PlaceCount.
//
// A claim whose key the table in force does not list is rejected with code
// "no-amount": the policy pays nothing for that level or category.
//
// The 2024 skill-improvement subsidy pays 1000, 1500 and 2000 yuan for a
// 初级, 中级 and 高级 certificate; with a table {"national-5": 1000,
// "national-4": 1500, "national-3": 2000} a claim at level national-4 gets
// 1500, and one at national-2 is rejected.
type AmountByCategory struct {
	RuleMeta
	// Table names the table parameter of amounts.
	Table string `json:"table"`
	// Key is the claim field the table is keyed by; empty means "level".
	Key string `json:"key,omitempty"`
	// PerPlace multiplies the amount by the claim's number of places.
	PerPlace bool `json:"per_place,omitempty"`
}

// Kind returns "amount-by-category".
func (AmountByCategory) Kind() string { return "amount-by-category" }

// Check reports a bad key, a missing or misshapen table, or a negative
// amount in it.
func (r AmountByCategory) Check(p *Policy) error {
	if err := checkTableKey(r.Key); err != nil {
		return err
	}
	if err := p.CheckParam("table", r.Table, true); err != nil {
		return err
	}
	return checkParamValues(p, "table", r.Table, notNegative)
}

// Apply adds the table's amount for the claim's key, or rejects the claim.
func (r AmountByCategory) Apply(s *State) error {
	d, err := s.RefDate()
	if err != nil {
		return err
	}
	v, key, ok, err := sourceOn(s, "", r.Table, r.Key, d)
	if err != nil || !ok {
		return rejectNoKey(s, err, "no-amount", "no amount", r.Table, r.Key, key, d)
	}
	var expr string
	if s.explain {
		expr = "the amount for " + keyNote(r.Key, key)
	}
	return addToAward(s, v.rat, r.PerPlace, expr)
}

// RateDuration adds a rate times a duration (kind "rate-duration"): so much
// per year, month or day of training, prorated by days, with the rate read
// day by day so that a rate changing part way through is applied to each
// part.
//
// The rate is the number parameter Rate, or the table parameter Table under
// the claim's Key (give one of Rate and Table). Per is the unit the rate is
// for: "year", "month" or "day". Over says which period is paid:
//
//   - "training" (the default): the planned training period, Claim.Training;
//   - "actual": from the first day of training to Claim.Ended if training
//     has ended (earlier or later than planned), else to the planned end.
//     It is not cut at the as-of date: until the claim records an end, the
//     planned end stands.
//
// PerPlace multiplies the result by Claim.PlaceCount. Fixed reads the rate
// once, on the rule's reference date (RuleMeta.On, e.g. "start" for the rate
// of the cohort that training belongs to), for the whole period, instead of
// day by day.
//
// # The definition
//
// The amount is the sum over the days t of the period of rate(t) × w(t),
// where rate(t) is the rate in force on t (as known on the as-of date) and
// the weight w(t) is the share of one unit that day is:
//
//   - per "day": w(t) = 1;
//   - per "month": w(t) = 1/n, n the number of days of t's calendar month,
//     so that a whole calendar month is worth exactly one month's rate and
//     a part month its days over the days of that month;
//   - per "year": w(t) = 1/n, n the number of days (365 or 366) of the
//     training year t falls in, so that a whole training year is worth
//     exactly one year's rate and a part year its days over that year's
//     days. Training years count from the first day of the period: year k
//     runs from its (k−1)-th anniversary to the day before its k-th, the
//     anniversary being the same day of the month k years on, or 28
//     February for a start on 29 February in a year without one.
//
// In practice the period is cut at the dates on which the parameter's
// entries change, each piece's rate is read on its first day (and recorded
// in the explanation with its entry and citation), and each piece
// contributes rate × (whole units + part units as days/length). The sum is
// exact; the one rounding is the rule's, at the end.
//
// # Worked examples
//
// Fujian, 高级工 class (闽人社文〔2019〕220号): 6000 yuan per apprentice and
// year, training 2024-09-01 to 2026-08-31 (two whole training years), 10
// places: 6000 × 2 × 10 = 120000.
//
// A rate of 5000 per year until 2025-12-31 and 6000 from 2026-01-01, over
// 2025-07-01 to 2026-06-30 (one training year of 365 days, as 2026 is not a
// leap year): 184 days at 5000 (July to December: 31+31+30+31+30+31) and
// 181 days at 6000 (January to June: 31+28+31+30+31+30), so 5000 × 184/365
// + 6000 × 181/365 = (920000 + 1086000)/365 = 2006000/365 =
// 5495.890410…, which rounds to 5495.89 at 0.01, half up.
type RateDuration struct {
	RuleMeta
	// Rate names the number parameter holding the rate.
	Rate string `json:"rate,omitempty"`
	// Table names a table parameter of rates, looked up by Key.
	Table string `json:"table,omitempty"`
	// Key is the claim field Table is keyed by; empty means "level".
	Key string `json:"key,omitempty"`
	// Per is the unit of the rate: "year", "month" or "day". Required.
	Per string `json:"per"`
	// Over is the period paid: "training" (default) or "actual".
	Over string `json:"over,omitempty"`
	// PerPlace multiplies the amount by the claim's number of places.
	PerPlace bool `json:"per_place,omitempty"`
	// Fixed reads the rate once on the rule's reference date instead of
	// day by day.
	Fixed bool `json:"fixed,omitempty"`
}

// Kind returns "rate-duration".
func (RateDuration) Kind() string { return "rate-duration" }

// Check reports a bad Per or Over, a bad choice of Rate and Table, a
// missing or misshapen parameter, or a negative rate.
func (r RateDuration) Check(p *Policy) error {
	if rateUnitOf(r.Per) == 0 {
		return FieldError("per", quote(r.Per), `must be "year", "month" or "day"`)
	}
	if r.Over != "" && r.Over != "training" && r.Over != "actual" {
		return FieldError("over", quote(r.Over), `must be "training" or "actual"`)
	}
	return checkSource(p, "rate", r.Rate, r.Table, r.Key)
}

// Apply adds the rate times the duration of the period.
func (r RateDuration) Apply(s *State) error {
	c := s.claim
	if c.Training.IsZero() {
		return s.Missing("training")
	}
	period := c.Training
	if r.Over == "actual" && !c.Ended.IsZero() {
		p, err := civil.NewPeriod(c.Training.Start(), c.Ended)
		if err != nil { // unreachable: Validate keeps Ended on or after the start
			return fmt.Errorf("subsidy: claim %s: rule %s: %w", quote(c.ID), quote(s.info.meta.ID), err)
		}
		period = p
	}
	unit := rateUnitOf(r.Per)
	name := r.Rate
	if r.Table != "" {
		name = r.Table
	}

	// The pieces over which the rate is constant: the whole period when the
	// rate is fixed or never changes within it (no allocation), else the
	// period cut at the parameter's change dates.
	var one [1]Period
	one[0] = period
	pieces := one[:]
	var rateOn Date // the day the rate is read on; zero: each piece's first day
	if r.Fixed {
		d, err := s.RefDate()
		if err != nil {
			return err
		}
		rateOn = d
	} else if prm := s.policy.params[name]; prm != nil {
		var changes []Date
		if prm.table {
			changes = prm.tab.ChangeDates(period)
		} else {
			changes = prm.num.ChangeDates(period)
		}
		if len(changes) > 0 {
			pieces = period.SplitAt(changes...)
		}
	}

	var total exact.Rat
	var note []byte
	for i, piece := range pieces {
		d := rateOn
		if d.IsZero() {
			d = piece.Start()
		}
		v, key, ok, err := sourceOn(s, r.Rate, r.Table, r.Key, d)
		if err != nil || !ok {
			return rejectNoKey(s, err, "no-amount", "no rate", r.Table, r.Key, key, d)
		}
		w, err := rateWeight(unit, period.Start(), piece)
		if err != nil {
			return arithError(s, "training", err)
		}
		x, err := v.rat.Mul(w)
		if err == nil {
			total, err = total.Add(x)
		}
		if err != nil {
			return arithError(s, "training", err)
		}
		if s.explain {
			if i > 0 {
				note = append(note, " + "...)
			} else if key != "" {
				note = append(note, keyNote(r.Key, key)+": "...)
			}
			note = append(note, money.Canonical(v.dec)+" per "+r.Per+" × "+w.String()+" ("+piece.String()+")"...)
		}
	}
	return addToAward(s, total, r.PerPlace, string(note))
}

// rateUnit is the unit of a RateDuration's rate.
type rateUnit uint8

const (
	perDay rateUnit = iota + 1
	perMonth
	perYear
)

func rateUnitOf(per string) rateUnit {
	switch per {
	case "day":
		return perDay
	case "month":
		return perMonth
	case "year":
		return perYear
	}
	return 0
}

// rateWeight returns the number of units the days of piece make: Σ w(t)
// over its days, as defined on RateDuration, with training years counted
// from start.
func rateWeight(unit rateUnit, start Date, piece Period) (exact.Rat, error) {
	switch unit {
	case perDay:
		return exact.Int(int64(piece.Days()))
	case perMonth:
		var whole int64
		var part exact.Rat
		for m := range piece.Months() {
			n := civil.DaysIn(m.Start().Year(), m.Start().Month())
			if m.Days() == n {
				whole++
				continue
			}
			f, err := exact.New(int64(m.Days()), int64(n))
			if err == nil {
				part, err = part.Add(f)
			}
			if err != nil {
				return exact.Rat{}, err
			}
		}
		w, err := exact.Int(whole)
		if err != nil {
			return exact.Rat{}, err
		}
		return w.Add(part)
	}
	// perYear
	first, err := civil.TrainingYear(start, piece.Start())
	if err != nil {
		return exact.Rat{}, err
	}
	last, err := civil.TrainingYear(start, piece.End())
	if err != nil {
		return exact.Rat{}, err
	}
	var whole int64
	var part exact.Rat
	for k := first; k <= last; k++ {
		year, err := civil.TrainingYearPeriod(start, k)
		if err != nil {
			return exact.Rat{}, err
		}
		in, _ := year.Intersect(piece) // they overlap: k is the year of a day of piece
		if in == year {
			whole++
			continue
		}
		f, err := exact.New(int64(in.Days()), int64(year.Days()))
		if err == nil {
			part, err = part.Add(f)
		}
		if err != nil {
			return exact.Rat{}, err
		}
	}
	w, err := exact.Int(whole)
	if err != nil {
		return exact.Rat{}, err
	}
	return w.Add(part)
}

// PercentOfBase adds a percentage of the claim's base amount (kind
// "percent-of-base"), such as the government's share of the price of
// training: Percent% × min(Claim.Base, BaseCap). BaseCap is optional; with
// it, the part of the base above the cap (a funding band maximum) is left to
// someone else. A claim without a base (zero) is bad input.
//
// English co-investment: for an apprenticeship priced at 12,000 GBP the
// government pays 95% for starts from 2019-04-01, 11,400, and 90% before,
// 10,800 (a policy reads the percentage on the training start: "on":
// "start").
type PercentOfBase struct {
	RuleMeta
	// Percent names the number parameter holding the percentage (0 to 100).
	Percent string `json:"percent"`
	// BaseCap, if set, names the number parameter capping the base.
	BaseCap string `json:"base_cap,omitempty"`
}

// Kind returns "percent-of-base".
func (PercentOfBase) Kind() string { return "percent-of-base" }

// Check reports a missing or misshapen parameter, a percentage outside 0 to
// 100 or a negative cap.
func (r PercentOfBase) Check(p *Policy) error {
	if err := p.CheckParam("percent", r.Percent, false); err != nil {
		return err
	}
	if err := checkParamValues(p, "percent", r.Percent, percentRange); err != nil {
		return err
	}
	if r.BaseCap == "" {
		return nil
	}
	if err := p.CheckParam("base_cap", r.BaseCap, false); err != nil {
		return err
	}
	return checkParamValues(p, "base_cap", r.BaseCap, notNegative)
}

// Apply adds the percentage of the (capped) base.
func (r PercentOfBase) Apply(s *State) error {
	if s.claim.Base.Sign() == 0 {
		return s.Missing("base")
	}
	base, err := exact.FromDecimal(s.claim.Base)
	if err != nil {
		return &ClaimError{ID: s.claim.ID, Field: "base", Value: ledgerShow(s.claim.Base), Reason: "too large for exact arithmetic"}
	}
	d, err := s.RefDate()
	if err != nil {
		return err
	}
	pct, err := s.numberOn(r.Percent, d)
	if err != nil {
		return err
	}
	used := base
	capped := false
	if r.BaseCap != "" {
		limit, err := s.numberOn(r.BaseCap, d)
		if err != nil {
			return err
		}
		if limit.rat.Cmp(base) < 0 {
			used, capped = limit.rat, true
		}
	}
	x, err := percentOf(used, pct.rat)
	if err != nil {
		return arithError(s, "base", err)
	}
	var note string
	if s.explain {
		note = money.Canonical(pct.dec) + "% of "
		if capped {
			note += "the cap " + used.String() + " (the base " + base.String() + " is above it)"
		} else {
			note += used.String()
		}
	}
	return addToAward(s, x, false, note)
}

// Uplift raises the award by a percentage (kind "uplift"): award × (1 +
// Percent/100). It applies only to claims flagged IfFlag, if set, and at
// level MinLevel or above, if set (on the same ladder); otherwise it is
// skipped with the reason. A claim without a level, when MinLevel is set, is
// bad input; a level on another ladder than MinLevel's skips the rule.
//
// Guangdong adds up to 30% for 高级工-and-above apprentices in shortage
// occupations: 6000 × 1.3 = 7800.
type Uplift struct {
	RuleMeta
	// Percent names the number parameter holding the uplift (not negative).
	Percent string `json:"percent"`
	// IfFlag, if set, is the claim flag the uplift requires.
	IfFlag string `json:"if_flag,omitempty"`
	// MinLevel, if set, is the lowest level the uplift applies to; in JSON
	// its code, e.g. "eight-senior".
	MinLevel certificate.Level `json:"min_level,omitzero"`
}

// Kind returns "uplift".
func (Uplift) Kind() string { return "uplift" }

// Check reports a bad flag or level, a missing or misshapen parameter or a
// negative uplift.
func (r Uplift) Check(p *Policy) error {
	if why := checkText(r.IfFlag, false); why != "" {
		return FieldError("if_flag", quote(r.IfFlag), why)
	}
	if r.MinLevel != 0 && !r.MinLevel.IsValid() {
		return FieldError("min_level", r.MinLevel.String(), "not a valid skill level")
	}
	if err := p.CheckParam("percent", r.Percent, false); err != nil {
		return err
	}
	return checkParamValues(p, "percent", r.Percent, notNegative)
}

// Apply raises the award, or skips.
func (r Uplift) Apply(s *State) error {
	c := s.claim
	if r.IfFlag != "" && !c.HasFlag(r.IfFlag) {
		if s.explain {
			s.Skip("the claim is not flagged " + quote(r.IfFlag))
		} else {
			s.Skip("flag absent")
		}
		return nil
	}
	if r.MinLevel != 0 {
		if c.Level == 0 {
			return s.Missing("level")
		}
		cmp, err := c.Level.Compare(r.MinLevel)
		switch {
		case err != nil:
			s.Skip("the level " + c.Level.String() + " is not on the ladder of " + r.MinLevel.String())
			return nil
		case cmp < 0:
			if s.explain {
				s.Skip("the level " + c.Level.String() + " is below " + r.MinLevel.String())
			} else {
				s.Skip("level below")
			}
			return nil
		}
	}
	d, err := s.RefDate()
	if err != nil {
		return err
	}
	pct, err := s.numberOn(r.Percent, d)
	if err != nil {
		return err
	}
	award := s.amountRat()
	up, err := percentOf(award, pct.rat)
	if err != nil {
		return arithError(s, "", err)
	}
	x, err := award.Add(up)
	if err != nil {
		return arithError(s, "", err)
	}
	if s.explain {
		s.Note(award.String() + " × (1 + " + money.Canonical(pct.dec) + "%) = " + x.String())
	}
	return s.set(x)
}

// Share replaces the award by a percentage of it (kind "share"): award ×
// Percent/100, such as the government's 95% of a price already capped by
// earlier rules. (PercentOfBase takes a percentage of the claim's base and
// adds it; Share takes one of the award so far.) The percentage is the
// number parameter Percent or the table parameter Table under the claim's
// Key (give one), so that it can depend on who the claim is for: England
// funds the whole price for some groups and 95% for the others. A table
// without the claim's key rejects the claim with code "no-share".
type Share struct {
	RuleMeta
	// Percent names the number parameter holding the percentage (0 to 100).
	Percent string `json:"percent,omitempty"`
	// Table names a table parameter of percentages, looked up by Key.
	Table string `json:"table,omitempty"`
	// Key is the claim field Table is keyed by; empty means "level".
	Key string `json:"key,omitempty"`
}

// Kind returns "share".
func (Share) Kind() string { return "share" }

// Check reports a bad choice of Percent and Table, a missing or misshapen
// parameter or a percentage outside 0 to 100.
func (r Share) Check(p *Policy) error {
	switch {
	case r.Percent != "" && r.Table != "":
		return FieldError("percent", quote(r.Percent), "give either percent or table, not both")
	case r.Table == "":
		if r.Key != "" {
			return FieldError("key", quote(r.Key), "a key is only for a table")
		}
		if err := p.CheckParam("percent", r.Percent, false); err != nil {
			return err
		}
		return checkParamValues(p, "percent", r.Percent, percentRange)
	}
	if err := checkTableKey(r.Key); err != nil {
		return err
	}
	if err := p.CheckParam("table", r.Table, true); err != nil {
		return err
	}
	return checkParamValues(p, "table", r.Table, percentRange)
}

// Apply sets the award to its share, or rejects the claim.
func (r Share) Apply(s *State) error {
	d, err := s.RefDate()
	if err != nil {
		return err
	}
	pct, k, ok, err := sourceOn(s, r.Percent, r.Table, r.Key, d)
	if err != nil || !ok {
		return rejectNoKey(s, err, "no-share", "no share", r.Table, r.Key, k, d)
	}
	award := s.amountRat()
	x, err := percentOf(award, pct.rat)
	if err != nil {
		return arithError(s, "", err)
	}
	if s.explain {
		note := money.Canonical(pct.dec) + "% of " + award.String() + " = " + x.String()
		if k != "" {
			note = keyNote(r.Key, k) + ": " + note
		}
		s.Note(note)
	}
	return s.set(x)
}

// Minimum raises the award to a floor (kind "floor"; the type is not called
// Floor because that name is the rounding mode): award = max(award,
// floor), where the floor is the number parameter Amount or the table
// parameter Table under the claim's Key (give one), times Claim.PlaceCount
// if PerPlace is set.
//
// A floor raises an amount that was granted; it does not create one. A zero
// award (no earlier rule gave anything) is left at zero and the rule is
// skipped, as it is when the award already reaches the floor. A table
// without the claim's key rejects the claim with code "no-floor".
type Minimum struct {
	RuleMeta
	// Amount names the number parameter holding the floor.
	Amount string `json:"amount,omitempty"`
	// Table names a table parameter of floors, looked up by Key.
	Table string `json:"table,omitempty"`
	// Key is the claim field Table is keyed by; empty means "level".
	Key string `json:"key,omitempty"`
	// PerPlace multiplies the floor by the claim's number of places.
	PerPlace bool `json:"per_place,omitempty"`
}

// Kind returns "floor".
func (Minimum) Kind() string { return "floor" }

// Check reports a bad choice of Amount and Table, a missing or misshapen
// parameter or a negative floor.
func (r Minimum) Check(p *Policy) error { return checkSource(p, "amount", r.Amount, r.Table, r.Key) }

// Apply raises the award to the floor, or skips.
func (r Minimum) Apply(s *State) error {
	if s.amount == 0 {
		s.Skip("nothing was granted to raise")
		return nil
	}
	return applyLimit(s, r.Amount, r.Table, r.Key, r.PerPlace, false)
}

// Cap limits the award to a maximum (kind "cap"): award = min(award, cap),
// where the cap is the number parameter Amount or the table parameter Table
// under the claim's Key (give one), times Claim.PlaceCount if PerPlace is
// set. When the award is already within the cap the rule is skipped, with
// the award and the cap in the reason. A table without the claim's key
// rejects the claim with code "no-cap": an uncapped payment is never
// assumed.
//
// The 2024 skill-improvement subsidy caps the amount by level at 1000, 1500
// and 2000 yuan (初级, 中级, 高级).
type Cap struct {
	RuleMeta
	// Amount names the number parameter holding the cap.
	Amount string `json:"amount,omitempty"`
	// Table names a table parameter of caps, looked up by Key.
	Table string `json:"table,omitempty"`
	// Key is the claim field Table is keyed by; empty means "level".
	Key string `json:"key,omitempty"`
	// PerPlace multiplies the cap by the claim's number of places.
	PerPlace bool `json:"per_place,omitempty"`
}

// Kind returns "cap".
func (Cap) Kind() string { return "cap" }

// Check reports a bad choice of Amount and Table, a missing or misshapen
// parameter or a negative cap.
func (r Cap) Check(p *Policy) error { return checkSource(p, "amount", r.Amount, r.Table, r.Key) }

// Apply limits the award to the cap, or skips.
func (r Cap) Apply(s *State) error {
	return applyLimit(s, r.Amount, r.Table, r.Key, r.PerPlace, true)
}

// Deduct lowers the award by an amount, not below zero (kind "deduct"):
// award = max(award − amount, 0), where the amount is the number parameter
// Amount or the table parameter Table under the claim's Key (give one),
// times Claim.PlaceCount if PerPlace is set. It deducts from an amount that
// was granted: a zero award is left at zero and the rule skipped. A table
// without the claim's key rejects the claim with code "no-deduction".
//
// The English apprenticeship levy is 0.5% of the pay bill less an allowance
// of 15,000 GBP a year (1,250 a month): for a pay bill of 5,000,000,
// 25,000 − 15,000 = 10,000; for one of 2,000,000, 10,000 − 15,000 leaves
// nothing.
type Deduct struct {
	RuleMeta
	// Amount names the number parameter holding the amount deducted.
	Amount string `json:"amount,omitempty"`
	// Table names a table parameter of amounts, looked up by Key.
	Table string `json:"table,omitempty"`
	// Key is the claim field Table is keyed by; empty means "level".
	Key string `json:"key,omitempty"`
	// PerPlace multiplies the amount by the claim's number of places.
	PerPlace bool `json:"per_place,omitempty"`
}

// Kind returns "deduct".
func (Deduct) Kind() string { return "deduct" }

// Check reports a bad choice of Amount and Table, a missing or misshapen
// parameter or a negative amount.
func (r Deduct) Check(p *Policy) error { return checkSource(p, "amount", r.Amount, r.Table, r.Key) }

// Apply lowers the award, or skips.
func (r Deduct) Apply(s *State) error {
	if s.amount == 0 {
		s.Skip("nothing was granted to deduct from")
		return nil
	}
	d, err := s.RefDate()
	if err != nil {
		return err
	}
	v, k, ok, err := sourceOn(s, r.Amount, r.Table, r.Key, d)
	if err != nil || !ok {
		return rejectNoKey(s, err, "no-deduction", "no deduction", r.Table, r.Key, k, d)
	}
	x := v.rat
	if r.PerPlace {
		if x, err = x.MulInt(int64(s.claim.PlaceCount())); err != nil {
			return arithError(s, "places", err)
		}
	}
	award := s.amountRat()
	y, err := award.Sub(x)
	if err != nil {
		return arithError(s, "", err)
	}
	if y.Sign() < 0 {
		y = exact.Rat{}
	}
	if s.explain {
		note := award.String() + " − " + x.String() + " = " + y.String()
		if y.IsZero() {
			note = award.String() + " − " + x.String() + " is below zero: 0"
		}
		if k != "" {
			note = keyNote(r.Key, k) + ": " + note
		}
		s.Note(note)
	}
	return s.set(y)
}

// applyLimit is Minimum (isCap false) and Cap (isCap true).
func applyLimit(s *State, number, table, key string, perPlace, isCap bool) error {
	d, err := s.RefDate()
	if err != nil {
		return err
	}
	v, k, ok, err := sourceOn(s, number, table, key, d)
	if err != nil || !ok {
		if isCap {
			return rejectNoKey(s, err, "no-cap", "no cap", table, key, k, d)
		}
		return rejectNoKey(s, err, "no-floor", "no floor", table, key, k, d)
	}
	limit := v.rat
	if perPlace {
		if limit, err = limit.MulInt(int64(s.claim.PlaceCount())); err != nil {
			return arithError(s, "places", err)
		}
	}
	award := s.amountRat()
	word := "floor"
	if isCap {
		word = "cap"
	}
	if c := award.Cmp(limit); (isCap && c <= 0) || (!isCap && c >= 0) {
		switch {
		case !s.explain:
			s.Skip("within the limit")
		case isCap:
			s.Skip("the award " + award.String() + " is within the cap " + limit.String())
		default:
			s.Skip("the award " + award.String() + " already reaches the floor " + limit.String())
		}
		return nil
	}
	if s.explain {
		verb := "raised"
		if isCap {
			verb = "limited"
		}
		note := verb + " from " + award.String() + " to the " + word + " " + limit.String()
		if k != "" {
			note = keyNote(key, k) + ": " + note
		}
		s.Note(note)
	}
	return s.set(limit)
}

// addToAward adds x (times the claim's places if perPlace) to the award.
// When explaining it notes the computation: expr, an expression whose value
// is x (or "" to show x alone), the places and the sum.
func addToAward(s *State, x exact.Rat, perPlace bool, expr string) error {
	var err error
	y := x
	if perPlace {
		if y, err = x.MulInt(int64(s.claim.PlaceCount())); err != nil {
			return arithError(s, "places", err)
		}
	}
	award := s.amountRat()
	sum, err := award.Add(y)
	if err != nil {
		return arithError(s, "", err)
	}
	if s.explain {
		note := x.String()
		if expr != "" {
			note = expr + " = " + note
		}
		if perPlace {
			note += " × " + strconv.Itoa(s.claim.PlaceCount()) + " places = " + y.String()
		}
		if !award.IsZero() {
			note += "; " + award.String() + " + " + y.String() + " = " + sum.String()
		}
		s.Note(note)
	}
	return s.set(sum)
}

// percentOf returns pct% of x.
func percentOf(x, pct exact.Rat) (exact.Rat, error) {
	y, err := x.Mul(pct)
	if err != nil {
		return exact.Rat{}, err
	}
	return y.Quo(exact.MustNew(100, 1))
}

// arithError reports an exact computation out of range for the current
// rule: the claim's numbers are too large for this policy's. It is a
// *ClaimError naming the claim's field the rule multiplied by ("base",
// "places", "training"), or none if the award itself grew out of range.
func arithError(s *State, field string, err error) error {
	value := ""
	switch field {
	case "base":
		value = clipDec(s.claim.Base)
	case "places":
		value = strconv.Itoa(s.claim.PlaceCount())
	case "training":
		value = s.claim.Training.String()
	}
	return &ClaimError{ID: s.claim.ID, Field: field, Value: value,
		Reason: fmt.Sprintf("too large for exact arithmetic in rule %s (%v)", quote(s.info.meta.ID), err)}
}

// sourceOn reads on d the number parameter number, or, if table is set, the
// table parameter table under the claim's key. key is the claim's key value
// read ("" for a number parameter); ok is false when the table in force has
// no entry for it. A claim without the keyed field gives a Missing error.
func sourceOn(s *State, number, table, key string, d Date) (v numValue, value string, ok bool, err error) {
	if table == "" {
		v, err = s.numberOn(number, d)
		return v, "", err == nil, err
	}
	value, field := tableKeyOf(s.claim, key)
	if value == "" {
		return numValue{}, "", false, s.Missing(field)
	}
	v, ok, err = s.lookupOn(table, value, d)
	return v, value, ok, err
}

// rejectNoKey returns err if it is set; otherwise it rejects the claim
// because table has no entry for the claim's key value on d.
func rejectNoKey(s *State, err error, code, what, table, key, value string, d Date) error {
	if err != nil {
		return err
	}
	_, field := tableKeyOf(s.claim, key)
	s.rejectWith(code, func() string {
		return what + " for " + field + " " + quote(value) + " in " + quote(table) + " on " + d.String()
	})
	return nil
}

// tableKeyOf returns the claim's value of the field a table is keyed by,
// and that field's JSON name.
func tableKeyOf(c *Claim, key string) (value, field string) {
	switch key {
	case "category":
		return c.Category, "category"
	case "occupation":
		return c.Occupation, "occupation"
	case "holder-kind":
		return c.HolderKind, "holder_kind"
	}
	return c.Level.Code(), "level"
}

// keyNote describes the key a table was read with, for notes: the claim
// field and its value.
func keyNote(key, value string) string {
	var c Claim
	_, field := tableKeyOf(&c, key)
	return field + " " + quote(value)
}

// checkTableKey reports a Key that is not one of the claim fields a table
// can be keyed by.
func checkTableKey(key string) error {
	switch key {
	case "", "level", "category", "occupation", "holder-kind":
		return nil
	}
	return FieldError("key", quote(key), `must be "level", "category", "occupation" or "holder-kind"`)
}

// checkSource checks the choice between a number parameter (field numField)
// and a table parameter with its key, and that their values are not
// negative.
func checkSource(p *Policy, numField, number, table, key string) error {
	switch {
	case number != "" && table != "":
		return FieldError(numField, quote(number), "give either "+numField+" or table, not both")
	case number == "" && table == "":
		return FieldError(numField, "", "required: "+numField+" (a number parameter) or table (a table parameter)")
	case table == "":
		if key != "" {
			return FieldError("key", quote(key), "a key is only for a table")
		}
		if err := p.CheckParam(numField, number, false); err != nil {
			return err
		}
		return checkParamValues(p, numField, number, notNegative)
	}
	if err := checkTableKey(key); err != nil {
		return err
	}
	if err := p.CheckParam("table", table, true); err != nil {
		return err
	}
	return checkParamValues(p, "table", table, notNegative)
}

// checkParamValues checks every value the parameter name can take (every
// entry, and every key of a table's entries) with bad, which returns why a
// value is not acceptable, or "". The error names field, the parameter, the
// key and the entry.
func checkParamValues(p *Policy, field, name string, bad func(exact.Rat) string) error {
	prm, ok := p.params[name]
	if !ok {
		return nil // CheckParam reports it
	}
	fail := func(what string, v numValue, from Date, why string) error {
		return FieldError(field, quote(name)+what+" = "+money.Canonical(v.dec)+" (entry from "+from.String()+")", why)
	}
	if !prm.table {
		for _, e := range prm.num.All() {
			if why := bad(e.Value.rat); why != "" {
				return fail("", e.Value, e.From, why)
			}
		}
		return nil
	}
	for _, e := range prm.tab.All() {
		for _, k := range slices.Sorted(maps.Keys(e.Value)) {
			if why := bad(e.Value[k].rat); why != "" {
				return fail("."+k, e.Value[k], e.From, why)
			}
		}
	}
	return nil
}

func notNegative(r exact.Rat) string {
	if r.Sign() < 0 {
		return "must not be negative"
	}
	return ""
}

func percentRange(r exact.Rat) string {
	if r.Sign() < 0 || r.Cmp(exact.MustNew(100, 1)) > 0 {
		return "a percentage must be between 0 and 100"
	}
	return ""
}

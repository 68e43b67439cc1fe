package packs

import (
	"fmt"
	"strconv"

	"github.com/dualtrack/dualtrack/apprenticeship"
	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
)

// The German pack, de-bbig-minimum-allowance, holds the minimum training
// allowance of the dual system (Mindestausbildungsvergütung, BBiG § 17(2))
// as the table parameter "minimum-allowance": one entry per year in which
// training begins, 2020 to 2026, each keyed "year-1" to "year-4" by
// training year, in EUR a month. Its rules give the minimum for a claim whose
// Category is the training year, read on the first day of training.
//
// Package apprenticeship checks an agreement's allowance month by month
// (apprenticeship.CheckAllowance) but cannot read a policy: package subsidy
// imports it, not the other way round. The functions below build its rules
// from the pack's parameters, so that those checks run on the same cited
// figures as the pack.
//
// The pack also records, with their citations, the other numbers of the
// allowance checks: "tariff-undercut" (20: a firm not bound by the
// collective agreement may pay at most 20% below its rate, § 17(4)),
// "part-time-reduction" (100: part-time training may cut the allowance by at
// most the share by which it cuts the hours, § 17(5)), "days-per-month" (30:
// a single day is 1/30 of a month, § 18(1)) and the part-time limits of
// § 7a, "part-time-min-hours" (50) and "part-time-max-duration" (150).
// Package apprenticeship applies the first three itself (its undercut share,
// its proration by Agreement.PartTime, its amounts in thirtieths); this
// package's tests check that they agree with the pack. The part-time limits
// it takes as a RuleSet part: see GermanPartTime.

// Names of the German pack and of its parameters.
const (
	dePack           = "de-bbig-minimum-allowance"
	deMinimumParam   = "minimum-allowance"
	deUndercutParam  = "tariff-undercut"
	dePartTimeHours  = "part-time-min-hours"
	dePartTimeLength = "part-time-max-duration"
)

// deYearKey returns the key of the minimum table for training year k+1,
// the k-th amount of apprenticeship.MinimumAmounts: "year-1" for k = 0.
func deYearKey(k int) string { return "year-" + strconv.Itoa(k+1) }

// GermanMinimumTable returns the minimum training allowance of the pack
// de-bbig-minimum-allowance as the series package apprenticeship reads: one
// entry per start year, with the pack's dates and citations, whose value
// gives the monthly minimum of training years 1 to 4
// (apprenticeship.MinimumAmounts). It is keyed, like the pack, by the day
// training starts, and covers training begun from 2020-01-01 to 2026-12-31;
// a start outside that span is not covered (an error matching
// apprenticeship.ErrNotCovered when an allowance is checked), never guessed.
//
// The error, should the embedded pack not load or its table not have the
// shape described, is the one Load returns or a *subsidy.PolicyError naming
// the parameter's JSON path; the package's tests make sure neither happens.
func GermanMinimumTable() (apprenticeship.Series[apprenticeship.MinimumAmounts], error) {
	var zero apprenticeship.Series[apprenticeship.MinimumAmounts]
	p, err := Load(dePack)
	if err != nil {
		return zero, err
	}
	i, prm, err := deParam(p, deMinimumParam, true)
	if err != nil {
		return zero, err
	}
	path := "params[" + strconv.Itoa(i) + "]"
	src := prm.Table.Entries()
	entries := make([]apprenticeship.SeriesEntry[apprenticeship.MinimumAmounts], len(src))
	for j, e := range src {
		epath := path + ".entries[" + strconv.Itoa(j) + "].value"
		var v apprenticeship.MinimumAmounts
		if len(e.Value) != len(v) {
			return zero, deFail(epath, strconv.Itoa(len(e.Value))+" keys", "want exactly the keys year-1 to year-4")
		}
		for k := range v {
			key := deYearKey(k)
			x, ok := e.Value[key]
			if !ok {
				return zero, deFail(epath, "", "no amount for "+strconv.Quote(key))
			}
			// In cents, as package apprenticeship writes its amounts
			// ("682.00"): an amount with a fraction of a cent is no
			// allowance.
			cents := x.Round(2)
			if !cents.Equal(x) {
				return zero, deFail(epath+"."+key, money.Canonical(x), "not a whole number of cents")
			}
			v[k] = cents
		}
		entries[j] = apprenticeship.SeriesEntry[apprenticeship.MinimumAmounts]{
			From: e.From, Until: e.Until, Value: v, Citation: e.Citation, Published: e.Published,
		}
	}
	var opts []subsidy.SeriesOption
	if prm.Table.IsContinuous() {
		opts = append(opts, subsidy.Continuous())
	}
	s, err := subsidy.NewSeries(dePack+": "+deMinimumParam, entries, opts...)
	if err != nil {
		return zero, &subsidy.PolicyError{Policy: dePack, Path: path, Reason: err.Error(), Err: err}
	}
	return s, nil
}

// GermanMinimum returns the German minimum rule of package apprenticeship
// (apprenticeship.GermanMinimum, BBiG § 17) over the pack's table
// (GermanMinimumTable) and, optionally, the collective agreement's rates
// (the zero TariffOption for none). Pass it to apprenticeship.CheckAllowance
// to check an agreement's allowance against the pack:
//
//   - a firm not bound by a collective agreement pays at least the minimum
//     for the year training began and the training year (§ 17(2)), and, if
//     a tariff is given, at least 80% of its rate (§ 17(4));
//   - a firm bound by it pays at least the tariff's rate (§ 17(3));
//   - a part-time agreement's minimum is reduced pro rata (§ 17(5)), and a
//     part month counts its days as thirtieths of the month (§ 18(1)).
//
// Errors are those of GermanMinimumTable and of apprenticeship.GermanMinimum.
func GermanMinimum(tariff apprenticeship.TariffOption) (apprenticeship.MinimumRule, error) {
	table, err := GermanMinimumTable()
	if err != nil {
		return apprenticeship.MinimumRule{}, err
	}
	p, err := Load(dePack)
	if err != nil {
		return apprenticeship.MinimumRule{}, err
	}
	i, prm, err := deParam(p, deUndercutParam, false)
	if err != nil {
		return apprenticeship.MinimumRule{}, err
	}
	entries := prm.Number.Entries()
	for j := range entries {
		entries[j].Value = entries[j].Value.Shift(-2) // a percentage: 20 → 0.20
	}
	undercut, err := subsidy.NewSeries(dePack+": "+deUndercutParam, entries)
	if err != nil {
		return apprenticeship.MinimumRule{}, &subsidy.PolicyError{Policy: dePack, Path: "params[" + strconv.Itoa(i) + "]", Reason: err.Error(), Err: err}
	}
	return apprenticeship.GermanMinimumUndercut(table, undercut, tariff)
}

// GermanPartTime returns the part-time rule of BBiG § 7a from the pack's
// parameters, for the PartTime part of an apprenticeship.RuleSet: from the
// day the parameters take effect (2024-08-01), the working time may be cut
// to no less than "part-time-min-hours" percent of full time (50: MinShare
// 0.5), and the training period is extended correspondingly to at most
// "part-time-max-duration" percent of the full-time duration (150:
// CapFactor 1.5). Rule cites the two provisions.
//
// A RuleSet holds one set of part-time limits from one date, so each
// parameter must have exactly one entry, both from the same day; the error
// otherwise, or for limits the RuleSet rejects, is a *subsidy.PolicyError
// naming the parameter.
func GermanPartTime() (apprenticeship.PartTimeRule, error) {
	var zero apprenticeship.PartTimeRule
	p, err := Load(dePack)
	if err != nil {
		return zero, err
	}
	hours, hoursCite, err := deOnlyEntry(p, dePartTimeHours)
	if err != nil {
		return zero, err
	}
	length, lengthCite, err := deOnlyEntry(p, dePartTimeLength)
	if err != nil {
		return zero, err
	}
	if hours.From != length.From {
		return zero, deFail("params", hours.From.String()+", "+length.From.String(),
			"parameters "+strconv.Quote(dePartTimeHours)+" and "+strconv.Quote(dePartTimeLength)+" must take effect on the same day")
	}
	r := apprenticeship.PartTimeRule{
		From:      hours.From,
		MinShare:  hours.Value.Shift(-2), // a percentage: 50 → 0.50
		CapFactor: length.Value.Shift(-2),
		Rule:      hoursCite + "; " + lengthCite,
	}
	if err := (apprenticeship.RuleSet{Name: dePack, PartTime: r}).Validate(); err != nil {
		return zero, &subsidy.PolicyError{Policy: dePack, Path: "params", Reason: "the part-time limits do not make a rule: " + err.Error(), Err: err}
	}
	return r, nil
}

// deParam returns the index and the parameter called name of p, which must
// be a table if table is set and a number otherwise.
func deParam(p *subsidy.Policy, name string, table bool) (int, subsidy.Param, error) {
	for i, prm := range p.Definition().Params {
		if prm.Name != name {
			continue
		}
		if prm.IsTable() != table {
			want := "a number"
			if table {
				want = "a table"
			}
			return 0, subsidy.Param{}, deFail("params["+strconv.Itoa(i)+"]", strconv.Quote(name), "must be "+want)
		}
		return i, prm, nil
	}
	return 0, subsidy.Param{}, deFail("params", strconv.Quote(name), "no such parameter")
}

// deOnlyEntry returns the one entry of the number parameter name and its
// citation as text.
func deOnlyEntry(p *subsidy.Policy, name string) (subsidy.Entry[decimal.Decimal], string, error) {
	i, prm, err := deParam(p, name, false)
	if err != nil {
		return subsidy.Entry[decimal.Decimal]{}, "", err
	}
	entries := prm.Number.Entries()
	if len(entries) != 1 {
		return subsidy.Entry[decimal.Decimal]{}, "", deFail("params["+strconv.Itoa(i)+"].entries", fmt.Sprintf("%d entries", len(entries)),
			"a part-time rule holds one value from one date: want exactly one entry")
	}
	e := entries[0]
	cite := e.Citation.Number
	if cite == "" {
		cite = e.Citation.Title
	}
	return e, cite, nil
}

// deFail returns the error for a German pack that does not have the shape
// the functions above need.
func deFail(path, value, reason string) error {
	return &subsidy.PolicyError{Policy: dePack, Path: path, Value: value, Reason: reason}
}

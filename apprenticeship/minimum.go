package apprenticeship

import (
	"fmt"
	"strconv"
	"time"

	"github.com/dualtrack/dualtrack/internal/civil"
	"github.com/dualtrack/dualtrack/internal/dated"
	"github.com/shopspring/decimal"
)

// ErrNotCovered is matched (with errors.Is) by the error [CheckAllowance]
// returns when a minimum's effective-dated series has no value for a date it
// needs: a start year the statutory table does not list, a month the tariff
// or the local minimum wage is not known for. The error names the series and
// the date; nothing falls back to a default.
var ErrNotCovered = dated.ErrNotCovered

// MinimumAmounts are the monthly minimum training allowances of one cohort
// (the training begun in one period, usually one calendar year), by training
// year: MinimumAmounts[0] for the first year, up to MinimumAmounts[3] for the
// fourth. In JSON it is an array of four decimal strings.
type MinimumAmounts [4]decimal.Decimal

// Citations used by the minimum rules. The URL is the official consolidated
// text of the Berufsbildungsgesetz.
const (
	allowBBiGURL       = "https://www.gesetze-im-internet.de/bbig_2005/__17.html"
	allowRuleStatutory = "BBiG § 17(2)"
	allowRuleTariff    = "BBiG § 17(3)"
	allowRuleUndercut  = "BBiG § 17(4)"
	allowRuleChina     = "2021 national guidance on the enterprise new-type apprenticeship (企业新型学徒制): apprentice pay ≥ local minimum wage"
)

// GermanMinimumTable returns the German statutory minimum training allowance
// (Mindestausbildungsvergütung, BBiG § 17(2)) as an effective-dated series
// keyed by the day training STARTS: the entry in force on an agreement's
// Start gives the amounts for all of its training years. Each entry runs from
// 1 January to 31 December of one start year, 2020 to 2026 (EUR a month):
//
//	start year  year 1  year 2  year 3  year 4
//	2020         515    607.70  695.25   721
//	2021         550    649     742.50   770
//	2022         585    690.30  789.75   819
//	2023         620    731.60  837      868
//	2024         649    766     876      909
//	2025         682    805     921      955
//	2026         724    854     977     1014
//
// Years 2 to 4 are the year-1 amount plus 18%, 35% and 40% (§ 17(2)); the
// amounts up to the 2023 cohort are exact in cents, those from 2024 are
// published in whole euros (the uplift rounded half up: 649 × 1.18 = 765.82
// → 766). The 2020–2023 year-1 amounts are written in § 17(2) itself; from
// 2024 the amount is carried forward each year and published. The series is
// Continuous and ends on 2026-12-31: training that starts in 2027 or later,
// or before 2020, is not covered, and asking for it is an error rather than
// a guess. Extend it by building a longer series (NewSeries) as amounts are
// published.
//
// It returns a fresh series on each call. (Should the hard-coded table ever
// fail its own validation, it returns the zero Series, which covers no day;
// a test guards against that.)
func GermanMinimumTable() dated.Series[MinimumAmounts] {
	rows := []struct {
		year  int
		cents [4]int64
	}{
		{2020, [4]int64{515_00, 607_70, 695_25, 721_00}},
		{2021, [4]int64{550_00, 649_00, 742_50, 770_00}},
		{2022, [4]int64{585_00, 690_30, 789_75, 819_00}},
		{2023, [4]int64{620_00, 731_60, 837_00, 868_00}},
		{2024, [4]int64{649_00, 766_00, 876_00, 909_00}},
		{2025, [4]int64{682_00, 805_00, 921_00, 955_00}},
		{2026, [4]int64{724_00, 854_00, 977_00, 1014_00}},
	}
	entries := make([]dated.Entry[MinimumAmounts], len(rows))
	for i, r := range rows {
		var v MinimumAmounts
		for k, c := range r.cents {
			v[k] = decimal.New(c, -2)
		}
		cite := dated.Citation{
			Title: "Berufsbildungsgesetz (BBiG) § 17 Abs. 2 Satz 1: Mindestvergütung für Ausbildungen mit Beginn " + strconv.Itoa(r.year),
			URL:   allowBBiGURL,
		}
		if r.year >= 2024 {
			cite.Title = "BBiG § 17 Abs. 2: fortgeschriebene Mindestvergütung für Ausbildungen mit Beginn " + strconv.Itoa(r.year) + " (published amounts, whole euros)"
		}
		entries[i] = dated.Entry[MinimumAmounts]{
			From:     civil.MustNew(r.year, time.January, 1),
			Until:    civil.MustNew(r.year, time.December, 31),
			Value:    v,
			Citation: cite,
		}
	}
	s, err := dated.New("BBiG § 17(2) Mindestausbildungsvergütung by start year", entries, dated.Continuous())
	if err != nil {
		return dated.Series[MinimumAmounts]{}
	}
	return s
}

// allowUndercut returns the share by which a firm not bound by a collective
// agreement may pay below its rates (BBiG § 17(4): up to 20%), keyed like the
// statutory table by the day training starts, from 2020, when § 17 took its
// present form.
func allowUndercut() (dated.Series[decimal.Decimal], error) {
	return dated.New("BBiG § 17(4) tariff undercut", []dated.Entry[decimal.Decimal]{{
		From:     civil.MustNew(2020, time.January, 1),
		Value:    decimal.New(20, -2),
		Citation: dated.Citation{Title: "Berufsbildungsgesetz (BBiG) § 17 Abs. 4", URL: allowBBiGURL},
	}})
}

// TariffOption gives the training allowance of the collective agreement
// (Tarifvertrag) that covers an agreement's occupation and region, for the
// German minimum rule. The zero TariffOption means that no tariff is known.
// Build one with [TariffRates].
type TariffOption struct {
	rates dated.Series[[]decimal.Decimal]
}

// TariffRates returns the tariff given by rates: an effective-dated series,
// keyed by the calendar day (a collective agreement's pay table changes on
// the dates the parties agree), of the full-time monthly allowance by
// training year (value[0] for year 1, and so on). Every entry needs at least
// one rate, and rates must be non-negative amounts with at most 18 integer
// and 12 decimal digits; otherwise the error is a *FieldError naming the
// entry ("tariff.entries[2].value[1]"). A zero series is an error.
func TariffRates(rates dated.Series[[]decimal.Decimal]) (TariffOption, error) {
	if rates.IsZero() {
		return TariffOption{}, fieldErr("tariff", "", "the tariff needs a series of rates")
	}
	for i, e := range rates.All() {
		path := fmt.Sprintf("tariff.entries[%d].value", i)
		if len(e.Value) == 0 {
			return TariffOption{}, fieldErr(path, "[]", "needs the rate of at least the first training year")
		}
		for k, x := range e.Value {
			if err := allowCheckAmount(fmt.Sprintf("%s[%d]", path, k), x); err != nil {
				return TariffOption{}, err
			}
		}
	}
	return TariffOption{rates: rates}, nil
}

// IsZero reports whether t is the zero TariffOption: no tariff known.
func (t TariffOption) IsZero() bool { return t.rates.IsZero() }

// allowCheckAmount checks a minimum amount: non-negative and bounded.
func allowCheckAmount(path string, x decimal.Decimal) error {
	if x.Sign() < 0 || !allowBounded(x) {
		return fieldErr(path, allowShow(x), "must be a non-negative amount with at most 18 integer and 12 decimal digits")
	}
	return nil
}

// MinimumKind says where the minimum of a month (or of a piece of one) comes
// from. In text and JSON it is a stable code.
type MinimumKind uint8

// The kinds of minimum. The zero MinimumKind is not a kind.
const (
	// StatutoryMinimum is the German minimum training allowance
	// (Mindestausbildungsvergütung, BBiG § 17(2)); code "statutory".
	StatutoryMinimum MinimumKind = iota + 1
	// TariffMinimum is the collective agreement's own rate, which binds a
	// firm bound by it even where it is below the statutory minimum (BBiG
	// § 17(3)); code "tariff".
	TariffMinimum
	// TariffUndercut is the collective agreement's rate less the share a
	// firm not bound by it may pay below it (BBiG § 17(4): up to 20%), where
	// that is above the statutory minimum; code "tariff-undercut".
	TariffUndercut
	// LocalMinimumWageKind is the local monthly minimum wage, the floor of
	// apprentice pay in the enterprise new-type apprenticeship (2021
	// national guidance); code "local-minimum-wage".
	LocalMinimumWageKind
)

var minimumKinds = codes[MinimumKind]{"minimum kind", []string{"", "statutory", "tariff", "tariff-undercut", "local-minimum-wage"}}

// IsValid reports whether k is one of the kinds.
func (k MinimumKind) IsValid() bool { return minimumKinds.valid(k) }

// String returns the stable code of k.
func (k MinimumKind) String() string { return minimumKinds.String(k) }

// MarshalText implements encoding.TextMarshaler with the stable code.
func (k MinimumKind) MarshalText() ([]byte, error) { return minimumKinds.marshal(k) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown codes are errors.
func (k *MinimumKind) UnmarshalText(b []byte) (err error) {
	*k, err = minimumKinds.parse(string(b))
	return err
}

// allowRuleKind distinguishes the two families of MinimumRule.
type allowRuleKind uint8

const (
	allowGerman allowRuleKind = iota + 1
	allowChina
)

// MinimumRule is a rule for the lowest monthly training allowance an
// agreement may pay. Build one with [GermanMinimum] or [LocalMinimumWage];
// the zero MinimumRule is no rule, and [CheckAllowance] rejects it.
type MinimumRule struct {
	kind     allowRuleKind
	table    dated.Series[MinimumAmounts]
	undercut dated.Series[decimal.Decimal]
	tariff   TariffOption
	wage     dated.Series[decimal.Decimal]
}

// GermanMinimum returns the German rule (BBiG § 17) over the statutory table
// (usually [GermanMinimumTable]) and, optionally, the tariff that covers the
// occupation:
//
//   - a firm bound by the collective agreement (Agreement.Tariff) must pay
//     at least the tariff's rate, which then applies even below the
//     statutory minimum (§ 17(3)); such an agreement needs a tariff;
//   - a firm not bound by it may pay up to 20% below the tariff's rate, but
//     never below the statutory minimum (§ 17(4)): the floor is the larger
//     of the minimum and 80% of the tariff's rate;
//   - without a tariff, the floor of a firm not bound is the statutory
//     minimum.
//
// The statutory amounts are looked up by the day training starts (the
// agreement's Start) and the training year; the tariff's rate by the
// calendar day and the training year. Only training years 1 to 4 have a
// statutory minimum; a later one is an error rather than a guess.
//
// A zero table, or one with a negative or unbounded amount, is a *FieldError
// ("table", "table.entries[i].value[k]").
func GermanMinimum(table dated.Series[MinimumAmounts], tariff TariffOption) (MinimumRule, error) {
	undercut, err := allowUndercut()
	if err != nil { // unreachable: a fixed, valid series
		return MinimumRule{}, &FieldError{Field: "tariff", Reason: err.Error(), Err: err}
	}
	return GermanMinimumUndercut(table, undercut, tariff)
}

// GermanMinimumUndercut is GermanMinimum with the share by which a firm not
// bound by the collective agreement may pay below its rate (BBiG § 17(4):
// 0.20) given as a series keyed, like the table, by the day training starts,
// for callers that hold that figure as a dated, cited parameter (such as the
// policy pack de-bbig-minimum-allowance). Each share must be at least 0 and
// below 1; otherwise, or for a zero series, the error is a *FieldError
// ("undercut", "undercut.entries[i].value"). A start the series does not
// cover is an error when a tariff is checked, never a default.
func GermanMinimumUndercut(table dated.Series[MinimumAmounts], undercut dated.Series[decimal.Decimal], tariff TariffOption) (MinimumRule, error) {
	if table.IsZero() {
		return MinimumRule{}, fieldErr("table", "", "the German rule needs the statutory table (GermanMinimumTable)")
	}
	for i, e := range table.All() {
		for k, x := range e.Value {
			if err := allowCheckAmount(fmt.Sprintf("table.entries[%d].value[%d]", i, k), x); err != nil {
				return MinimumRule{}, err
			}
		}
	}
	if undercut.IsZero() {
		return MinimumRule{}, fieldErr("undercut", "", "the German rule needs the undercut share of BBiG § 17(4) as a series")
	}
	for i, e := range undercut.All() {
		if !allowBounded(e.Value) || e.Value.Sign() < 0 || e.Value.Cmp(allowOne()) >= 0 { // bounded first: Cmp rescales
			return MinimumRule{}, fieldErr(fmt.Sprintf("undercut.entries[%d].value", i), allowShow(e.Value), "must be a share of at least 0 and below 1 (0.20 is 20%)")
		}
	}
	return MinimumRule{kind: allowGerman, table: table, undercut: undercut, tariff: tariff}, nil
}

// LocalMinimumWage returns the Chinese rule of the enterprise new-type
// apprenticeship: apprentice pay is at least the local minimum wage (2021
// national guidance). wage is the local monthly minimum wage (月最低工资标准)
// as an effective-dated series keyed by the calendar day; the amounts are set
// by each province and are the caller's to supply. Like the allowance, the
// minimum wage is prorated to the days of a partial month and scaled by the
// agreement's PartTime, so that the two are comparable.
//
// A zero series, or one with a negative or unbounded amount, is a
// *FieldError ("minimumWage", "minimumWage.entries[i].value").
func LocalMinimumWage(wage dated.Series[decimal.Decimal]) (MinimumRule, error) {
	if wage.IsZero() {
		return MinimumRule{}, fieldErr("minimumWage", "", "the rule needs the local monthly minimum wage as a series")
	}
	for i, e := range wage.All() {
		if err := allowCheckAmount(fmt.Sprintf("minimumWage.entries[%d].value", i), e.Value); err != nil {
			return MinimumRule{}, err
		}
	}
	return MinimumRule{kind: allowChina, wage: wage}, nil
}

// IsZero reports whether r is the zero MinimumRule, which is no rule.
func (r MinimumRule) IsZero() bool { return r.kind == 0 }

// MinimumBasis is the minimum that applies to one piece of a month: the days,
// the training year, the full-time monthly amount and where it comes from.
type MinimumBasis struct {
	// Period is the piece's days.
	Period Period `json:"period"`
	// Year is the training year of those days.
	Year int `json:"year"`
	// Kind says which minimum applies.
	Kind MinimumKind `json:"kind"`
	// Monthly is the full-time monthly minimum.
	Monthly decimal.Decimal `json:"monthly"`
	// Thirtieths is the piece's share of the month, counted as the
	// allowance is (see Schedule).
	Thirtieths int `json:"thirtieths"`
	// Series names the effective-dated series the amount comes from, and
	// Effective is the first day of the entry used (for the statutory table,
	// the entry that covers the training's start).
	Series    string `json:"series"`
	Effective Date   `json:"effective"`
	// Citation is the entry's source.
	Citation dated.Citation `json:"citation,omitzero"`
	// Rule explains the amount for people, with the rule it follows.
	Rule string `json:"rule"`
}

// Shortfall is a month in which an agreement pays less than the minimum.
type Shortfall struct {
	// Month is the calendar month, "YYYY-MM", and Period its covered days.
	Month  string `json:"month"`
	Period Period `json:"period"`
	// Amount is the month's allowance, as the schedule rounds it.
	Amount decimal.Decimal `json:"amount"`
	// MinimumExact is the month's minimum before rounding: Σ Monthly ×
	// PartTime × Thirtieths / 30 over the basis.
	MinimumExact ExactAmount `json:"minimumExact"`
	// Minimum is MinimumExact rounded by the schedule's rounding.
	Minimum decimal.Decimal `json:"minimum"`
	// Difference is Minimum − Amount, the amount missing (positive).
	Difference decimal.Decimal `json:"difference"`
	// Basis is the minimum of each piece of the month.
	Basis []MinimumBasis `json:"basis"`
}

// CheckAllowance checks a's allowance against rule and returns every month
// that falls short of the minimum, in order; none is an empty result, not an
// error. A shortfall is a finding, not an error.
//
// The months checked are those of [Schedule](a, rounding) that begin on or
// before asOf (pass a.End to check the whole agreement), each as a whole: a
// series of minimum wages or tariff rates need only be known up to the end
// of the month that holds the day of the check (the month's last day of
// training, if training ends in it). A series known only up to a day within
// that month is an error matching ErrNotCovered, as the minimum of the rest
// of the month is not known. Each month's amount is the schedule's rounded
// amount, the one that is paid.
//
// The minimum of a month is prorated exactly as the allowance is: the month
// is cut where the training year changes and where the rule's own series
// (tariff, minimum wage) takes a new value, each piece is worth its
// thirtieths under the rule of [Schedule], and the minimum is Σ monthly
// minimum × a.PartTime × thirtieths / 30 (a part-time agreement's minimum is
// reduced pro rata like its allowance, BBiG § 7a). It is rounded by the same
// rounding as the allowance, so that an allowance equal to the minimum never
// falls short by a rounding (rounding is monotone). The month is compared as
// a whole: a month that a new training year cuts is short when its total is.
//
// Errors: the errors of Schedule; a zero rule ("rule") or asOf ("asOf"); a
// German rule for an agreement whose currency is not "EUR" ("currency"); a
// firm bound by a collective agreement checked without a tariff ("tariff");
// a training year beyond the fourth under the statutory table ("end"); and
// a date a series does not cover — the start under the statutory table, a
// month under the tariff or the minimum wage — which is a *FieldError that
// names the series and the date and matches [ErrNotCovered].
func CheckAllowance(a Agreement, rounding Rounding, rule MinimumRule, asOf Date) ([]Shortfall, error) {
	switch {
	case rule.IsZero():
		return nil, fieldErr("rule", "", "no minimum rule: build one with GermanMinimum or LocalMinimumWage")
	case asOf.IsZero():
		return nil, fieldErr("asOf", "", "the day of the check is needed (a.End checks the whole agreement)")
	}
	s, err := Schedule(a, rounding)
	if err != nil {
		return nil, err
	}
	c := allowChecker{a: a, rule: rule}
	if err := c.prepare(); err != nil {
		return nil, err
	}
	ar, err := allowRounder(rounding)
	if err != nil {
		return nil, err
	}
	var out []Shortfall
	for _, line := range s.Lines {
		if line.Period.Start().After(asOf) {
			break
		}
		changes := c.changes(line.Period)
		for _, p := range line.Pieces[1:] {
			changes = append(changes, p.Period.Start())
		}
		parts := line.Period.SplitAt(changes...)
		shares := allowShares(parts, allowWhole(line.Period))
		basis := make([]MinimumBasis, len(parts))
		var exact ExactAmount
		for i, p := range parts {
			year, _ := civil.TrainingYear(a.Start, p.Start()) // p is within the period
			b, err := c.minimum(year, p.Start())
			if err != nil {
				return nil, err
			}
			b.Period, b.Year, b.Thirtieths = p, year, shares[i]
			basis[i] = b
			exact = exact.add(allowExact30(b.Monthly.Mul(a.PartTime).Mul(decimal.New(int64(shares[i]), 0))))
		}
		minimum := ar.round(exact)
		if line.Amount.Cmp(minimum) < 0 {
			out = append(out, Shortfall{
				Month:        line.Month,
				Period:       line.Period,
				Amount:       line.Amount,
				MinimumExact: exact,
				Minimum:      minimum,
				Difference:   minimum.Sub(line.Amount),
				Basis:        basis,
			})
		}
	}
	return out, nil
}

// allowChecker applies a MinimumRule to one agreement.
type allowChecker struct {
	a    Agreement
	rule MinimumRule

	statutory dated.Entry[MinimumAmounts]  // German, firm not bound
	share     dated.Entry[decimal.Decimal] // German, firm not bound, with a tariff
}

// prepare looks up what depends on the start of training only.
func (c *allowChecker) prepare() error {
	if c.rule.kind != allowGerman {
		return nil
	}
	a, r := c.a, c.rule
	if a.Currency != "EUR" {
		return &FieldError{Field: "currency", Value: a.Currency, Reason: "the statutory minimum is in EUR", Rule: allowRuleStatutory, Err: ErrInvalid}
	}
	if a.Tariff {
		if r.tariff.IsZero() {
			return &FieldError{Field: "tariff", Value: "true", Reason: "the firm is bound by a collective agreement, but the rule has no tariff rates (TariffRates)", Rule: allowRuleTariff, Err: ErrInvalid}
		}
		return nil
	}
	var err error
	if c.statutory, err = r.table.At(a.Start); err != nil {
		return allowNotCovered("start", a.Start, err, allowRuleStatutory)
	}
	if !r.tariff.IsZero() {
		if c.share, err = r.undercut.At(a.Start); err != nil {
			return allowNotCovered("start", a.Start, err, allowRuleUndercut)
		}
	}
	return nil
}

// changes returns the days within p on which the rule's calendar series
// change.
func (c *allowChecker) changes(p Period) []Date {
	switch {
	case c.rule.kind == allowChina:
		return c.rule.wage.ChangeDates(p)
	case !c.rule.tariff.IsZero():
		return c.rule.tariff.rates.ChangeDates(p)
	}
	return nil
}

// minimum returns the basis of the minimum for training year year on day d
// (without Period and Thirtieths).
func (c *allowChecker) minimum(year int, d Date) (MinimumBasis, error) {
	r := c.rule
	if r.kind == allowChina {
		e, err := r.wage.At(d)
		if err != nil {
			return MinimumBasis{}, allowNotCovered("minimumWage", d, err, allowRuleChina)
		}
		return MinimumBasis{Kind: LocalMinimumWageKind, Monthly: e.Value, Series: r.wage.Name(),
			Effective: e.From, Citation: e.Citation, Rule: allowRuleChina}, nil
	}
	var tariff dated.Entry[[]decimal.Decimal]
	var rate decimal.Decimal
	if !r.tariff.IsZero() {
		var err error
		if tariff, err = r.tariff.rates.At(d); err != nil {
			return MinimumBasis{}, allowNotCovered("tariff", d, err, allowRuleTariff)
		}
		if year > len(tariff.Value) {
			return MinimumBasis{}, &FieldError{Field: "tariff", Value: d.String(),
				Reason: fmt.Sprintf("series %q has rates for %d training years on %s, not for year %d", r.tariff.rates.Name(), len(tariff.Value), d, year),
				Rule:   allowRuleTariff, Err: ErrInvalid}
		}
		rate = tariff.Value[year-1]
	}
	tariffBasis := MinimumBasis{Kind: TariffMinimum, Monthly: rate, Series: r.tariff.rates.Name(), Effective: tariff.From, Citation: tariff.Citation,
		Rule: fmt.Sprintf("%s: the collective agreement's rate binds a firm bound by it (training year %d)", allowRuleTariff, year)}
	if c.a.Tariff {
		return tariffBasis, nil
	}
	if year > len(c.statutory.Value) {
		last, _ := civil.TrainingYearPeriod(c.a.Start, year) // year ≤ the agreement's last, which exists
		return MinimumBasis{}, &FieldError{Field: "end", Value: c.a.End.String(),
			Reason: fmt.Sprintf("training year %d (from %s) has no statutory minimum: the table gives training years 1 to %d", year, last.Start(), len(c.statutory.Value)),
			Rule:   allowRuleStatutory, Err: ErrInvalid}
	}
	b := MinimumBasis{Kind: StatutoryMinimum, Monthly: c.statutory.Value[year-1], Series: r.table.Name(),
		Effective: c.statutory.From, Citation: c.statutory.Citation,
		Rule: fmt.Sprintf("%s: minimum for training begun %s, training year %d", allowRuleStatutory, c.a.Start, year)}
	if r.tariff.IsZero() {
		return b, nil
	}
	keep := allowOne().Sub(c.share.Value) // 1 − 0.20 = 0.80
	if floor := rate.Mul(keep); floor.Cmp(b.Monthly) > 0 {
		tariffBasis.Kind, tariffBasis.Monthly = TariffUndercut, floor
		tariffBasis.Rule = fmt.Sprintf("%s: %s%% of the collective agreement's rate %s, above the statutory minimum %s (training year %d)",
			allowRuleUndercut, allowPlain(keep.Mul(decimal.New(100, 0)).Normalize()), allowPlain(rate), allowPlain(b.Monthly), year)
		return tariffBasis, nil
	}
	return b, nil
}

// allowNotCovered wraps a series lookup error as a *FieldError naming the
// field, the date and (in the reason) the series.
func allowNotCovered(field string, d Date, err error, rule string) error {
	return &FieldError{Field: field, Value: d.String(), Reason: err.Error(), Rule: rule, Err: err}
}

package apprenticeship

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/civil"
	"github.com/dualtrack/dualtrack/internal/decjson"
	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/shopspring/decimal"
)

// Rounding is a declared rounding rule: a positive quantum (0.01 for cents or
// fen, 1 for whole euros) and a [RoundingMode]. Build one with [NewRounding];
// the zero Rounding is not valid. It is the same type as subsidy.Rounding.
type Rounding = money.Rounding

// RoundingMode says which multiple of the quantum a value between two
// multiples goes to. In text and JSON it is one of "half-up", "half-even",
// "down", "up", "floor", "ceiling". The zero RoundingMode is not a mode.
type RoundingMode = money.RoundingMode

// The rounding modes, shown for the quantum 1: HalfUp rounds 2.5 to 3 (the
// commercial rounding of German practice, 四舍五入), HalfEven 2.5 to 2, Down
// truncates, Up rounds away from zero, Floor toward −∞, Ceiling toward +∞.
const (
	HalfUp   = money.HalfUp
	HalfEven = money.HalfEven
	Down     = money.Down
	Up       = money.Up
	Floor    = money.Floor
	Ceiling  = money.Ceiling
)

// NewRounding returns the rule "round to a multiple of quantum by mode". The
// quantum must be positive and the mode one of the six; otherwise the error
// names the bad argument.
func NewRounding(quantum decimal.Decimal, mode RoundingMode) (Rounding, error) {
	return money.NewRounding(quantum, mode)
}

// ExactAmount is an amount of money before rounding, held exactly as a whole
// number of thirtieths: its value is Times30/30.
//
// Proration by the German 1/30 rule (BBiG § 18(1): a single day counts as
// 1/30 of a month) gives amounts such as 800 × 14/30 = 373.333…, which no
// decimal holds exactly. Every amount of an [AllowanceSchedule] is such a
// fraction with the denominator 30, so ExactAmount keeps the numerator, and
// exact amounts add up exactly.
//
// Its text form (String, MarshalText, and so JSON) is the plain decimal when
// the value has one ("466.5", "800.00"), and "N/30" otherwise ("11200/30");
// UnmarshalText reads both. The zero ExactAmount is zero.
type ExactAmount struct {
	times30 decimal.Decimal
}

// allowExact30 returns the ExactAmount whose value is times30/30.
func allowExact30(times30 decimal.Decimal) ExactAmount { return ExactAmount{times30: times30} }

// Times30 returns 30 times the amount, a decimal.
func (e ExactAmount) Times30() decimal.Decimal { return e.times30 }

// Equal reports whether e and o are the same amount.
func (e ExactAmount) Equal(o ExactAmount) bool { return e.times30.Equal(o.times30) }

func (e ExactAmount) add(o ExactAmount) ExactAmount { return ExactAmount{e.times30.Add(o.times30)} }

// Round returns the amount rounded once by r: the multiple of r's quantum
// that r's mode selects for Times30/30, exactly (rounding Times30 to a
// multiple of 30 quanta selects the same multiple, with no division before
// the rounding). The result carries the quantum's decimals. The zero
// Rounding is an error: an amount in thirtieths has no decimal to fall back
// on.
func (e ExactAmount) Round(r Rounding) (decimal.Decimal, error) {
	if !r.IsValid() {
		return decimal.Decimal{}, fieldErr("rounding", r.String(), "no rounding declared: an exact amount in thirtieths must be rounded by a rule")
	}
	ar, err := allowRounder(r)
	if err != nil {
		return decimal.Decimal{}, err
	}
	return ar.round(e), nil
}

// allowRounding rounds thirtieths with a rule: rounding x/30 to a multiple of
// q is rounding x to a multiple of 30q (the quotient and the remainder scale
// by 30 alike, so every mode, HalfEven's parity included, picks the same
// multiple), and a multiple of 30q divided by 30 is a multiple of q, exactly.
type allowRounding struct {
	r, r30 Rounding
}

// allowRounder returns the rounder of a valid r. It fails, naming
// "rounding", only for a quantum so large that 30 of it is no rounding
// NewRounding makes (one written in more than 64 characters).
func allowRounder(r Rounding) (allowRounding, error) {
	r30, err := money.NewRounding(r.Quantum().Mul(allowThirty()), r.Mode())
	if err != nil {
		return allowRounding{}, fieldErr("rounding", r.String(), "the quantum is too large to round thirtieths with (30 quanta must be a rounding too)")
	}
	return allowRounding{r: r, r30: r30}, nil
}

func (ar allowRounding) round(e ExactAmount) decimal.Decimal {
	m := ar.r30.Round(e.times30)
	k, _ := m.QuoRem(ar.r30.Quantum(), 0) // exact: m is a multiple of 30q
	return k.Mul(ar.r.Quantum())
}

// floor returns e rounded down to the quantum and the rest, in thirtieths
// (e ≥ 0).
func (ar allowRounding) floor(e ExactAmount) (decimal.Decimal, decimal.Decimal) {
	k, rest := e.times30.QuoRem(ar.r30.Quantum(), 0)
	return k.Mul(ar.r.Quantum()), rest
}

// The digit bounds of an ExactAmount's text. Its value is below 10^18 (a
// schedule's total is an amount) and is an amount of at most 12 places
// times a share of at most 12, times thirtieths: the numerator N of "N/30"
// has at most 18+2 integer digits and 24 places, and the value N/30, where
// it is a finite decimal, one place more.
const (
	exactMaxInt  = money.MaxIntegerDigits + 2
	exactMaxFrac = 2*money.MaxFractionDigits + 1
)

// allowThirty is 30, the days of a month under BBiG § 18(1).
func allowThirty() decimal.Decimal { return decimal.New(30, 0) }

// String returns the text form: the plain decimal if the amount has one,
// otherwise "N/30" with N = Times30 in plain notation, either without
// trailing zeros ("649", not "649.00", whatever the decimals of the inputs
// it was computed from), as the package's other decimals.
func (e ExactAmount) String() string {
	x := e.times30
	p := max(0, -x.Exponent())
	for _, places := range []int32{p, p + 1} {
		// 30 = 3 · 10: x/30 is a finite decimal exactly when 3 divides x's
		// coefficient, and it then needs at most one place more than x.
		if q, r := x.QuoRem(allowThirty(), places); r.Sign() == 0 {
			return allowPlain(q.Normalize())
		}
	}
	return allowPlain(x.Normalize()) + "/30"
}

// MarshalText implements encoding.TextMarshaler with the form of String.
func (e ExactAmount) MarshalText() ([]byte, error) { return []byte(e.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler. It accepts a decimal
// ("466.5") or a numerator over 30 ("11200/30"), each in the syntax of
// money amounts (sign, digits, optional fraction and exponent) with at most
// 20 integer and 25 fraction digits: enough for every exact amount
// [Schedule] and [CheckAllowance] compute, which multiply an amount (at
// most 12 decimal places) by a share (at most 12) and by thirtieths. Other
// denominators are errors.
func (e *ExactAmount) UnmarshalText(b []byte) error {
	s := string(b)
	num, den, frac := strings.Cut(s, "/")
	if frac && den != "30" {
		return fieldErr("exactAmount", s, "want a decimal or a numerator over 30 (N/30)")
	}
	d, err := money.ParseAmountWithin(num, exactMaxInt, exactMaxFrac)
	if err != nil {
		return &FieldError{Field: "exactAmount", Value: s, Reason: "not an amount: " + err.Error(), Err: ErrInvalid}
	}
	if !frac {
		d = d.Mul(allowThirty())
	}
	e.times30 = d
	return nil
}

// allowPlain formats d in plain notation with its own decimals, without
// shopspring's package-level settings.
func allowPlain(d decimal.Decimal) string {
	return d.StringFixed(max(0, -d.Exponent()))
}

// allowShow formats a decimal for an error message, short even for an absurd
// exponent.
func allowShow(d decimal.Decimal) string {
	if e := d.Exponent(); e < -40 || e > 40 || d.NumDigits() > 40 {
		return d.Coefficient().String() + "e" + strconv.Itoa(int(e))
	}
	return allowPlain(d)
}

// allowBounded reports whether d has at most money.MaxIntegerDigits digits
// before the point and money.MaxFractionDigits after it (trailing zeros do
// not count): the bounds of money.ParseAmount, which keep the arithmetic of a
// schedule small.
func allowBounded(d decimal.Decimal) bool {
	if d.Sign() == 0 {
		return true
	}
	n := d.Normalize()
	e := int64(n.Exponent())
	return -e <= money.MaxFractionDigits && int64(n.NumDigits())+e <= money.MaxIntegerDigits
}

// AllowanceSchedule is the training allowance an agreement pays, month by
// month, as [Schedule] computes it.
//
// Every amount is exact up to the one declared rounding per month: a line's
// Exact is the prorated amount in thirtieths, its Amount that value rounded
// once by Rounding (the rounding step is Exact → Amount under Rounding). The
// totals are exact sums: Total = Σ Lines[i].Amount = Σ Years[j].Amount, and
// Exact = Σ Lines[i].Exact. ExactRounded is Exact rounded once; it differs
// from Total by the accumulated rounding of the months, at most half a
// quantum per line under HalfUp or HalfEven and less than a quantum per line
// under the other modes, unless the schedule is Balanced (see
// [AllowanceSchedule.Balance]), when Total = ExactRounded.
//
// In JSON the rounding is {"quantum":"0.01","mode":"half-up"}, months are
// "YYYY-MM", periods "YYYY-MM-DD/YYYY-MM-DD", decimals strings and exact
// amounts in the text form of [ExactAmount].
type AllowanceSchedule struct {
	// Agreement is the ID of the agreement.
	Agreement string `json:"agreement"`
	// Currency is the agreement's currency code.
	Currency string `json:"currency"`
	// Period is the agreement's training period, Start to End.
	Period Period `json:"period"`
	// PartTime is the agreement's share of full time, which scales every rate.
	PartTime decimal.Decimal `json:"partTime"`
	// Rounding is the rule each month's amount is rounded by.
	Rounding Rounding `json:"-"`
	// Balanced reports that the rounding was distributed by Balance.
	Balanced bool `json:"balanced,omitempty"`
	// Lines has one line per calendar month the period touches, in order.
	Lines []AllowanceLine `json:"lines"`
	// Years has the totals of each training year, in order.
	Years []AllowanceYear `json:"years"`
	// Exact is the exact total, Σ Lines[i].Exact.
	Exact ExactAmount `json:"exact"`
	// ExactRounded is Exact rounded once by Rounding.
	ExactRounded decimal.Decimal `json:"exactRounded"`
	// Total is the sum of the lines' rounded amounts: what the agreement pays.
	Total decimal.Decimal `json:"total"`
}

// AllowanceLine is one calendar month of an [AllowanceSchedule].
type AllowanceLine struct {
	// Month is the calendar month, "YYYY-MM".
	Month string `json:"month"`
	// Period is the days of the month the training period covers.
	Period Period `json:"period"`
	// Thirtieths is what the covered days are worth in thirtieths of a
	// month: 30 for a whole month, the covered days for a part of one.
	Thirtieths int `json:"thirtieths"`
	// Exact is the month's amount before rounding, Σ Pieces[i].Exact.
	Exact ExactAmount `json:"exact"`
	// Amount is Exact rounded once by the schedule's Rounding (or, in a
	// Balanced schedule, by the largest-remainder distribution).
	Amount decimal.Decimal `json:"amount"`
	// Pieces splits the month by training year: one piece, or two in the
	// month where a new training year begins.
	Pieces []AllowancePiece `json:"pieces"`
}

// AllowancePiece is the part of a month that falls in one training year.
type AllowancePiece struct {
	// Period is the piece's days.
	Period Period `json:"period"`
	// Year is the training year (1, 2, ...) counted from the agreement's Start.
	Year int `json:"year"`
	// Rate is the full-time monthly allowance of that year, Allowance[Year-1].
	Rate decimal.Decimal `json:"rate"`
	// Thirtieths is the piece's share of the month in thirtieths.
	Thirtieths int `json:"thirtieths"`
	// Exact is Rate × PartTime × Thirtieths / 30.
	Exact ExactAmount `json:"exact"`
	// Amount is the piece's share of the line's rounded Amount, split over
	// the pieces by their exact amounts (largest remainder), so that the
	// pieces add up to the line and the years to the total.
	Amount decimal.Decimal `json:"amount"`
}

// AllowanceYear is the total of one training year within a schedule.
type AllowanceYear struct {
	// Year is the training year.
	Year int `json:"year"`
	// Period is the days of the training year within the schedule's period.
	Period Period `json:"period"`
	// Exact is the sum of the year's pieces' exact amounts.
	Exact ExactAmount `json:"exact"`
	// Amount is the sum of the year's pieces' rounded shares.
	Amount decimal.Decimal `json:"amount"`
}

// Schedule returns the monthly training allowance that a pays: one line for
// every calendar month its period (Start to End) touches.
//
// The rate of a day is the full-time monthly allowance of its training year,
// a.Allowance[year-1], with training years counted from a.Start (a training
// year runs from Start, or an anniversary of it, to the day before the next
// anniversary; a start on 29 February has its anniversaries on 28 February
// in other years). The monthly amount is that rate × a.PartTime: a part-time
// agreement pays pro rata (BBiG § 7a: the allowance may be reduced pro rata).
//
// Months are prorated by the 1/30 rule of BBiG § 18(1). A month the period
// covers wholly is worth 30 thirtieths, whatever its length; a month it
// covers in part is worth its covered days. In the month where a training
// year begins the month is cut into two pieces on that day. In a month
// covered in part each piece is worth its days. In a month covered wholly
// the piece from the change on is worth its days and the piece before it
// the rest of the 30 (30 − days after the change), so that the whole month
// still totals exactly 30/30, paid partly at each rate. February 2024 cut on
// the 15th: 15 days at the new rate are 15/30 and 1–14 February the other
// 15/30; a 31-day month cut on the 16th: 16/30 at the new rate and 14/30 at
// the old. The new year's rate (the allowance rises with each year, BBiG
// § 17(1)) is thus paid at 1/30 for every day it applies; the cost is that
// the days before the change are valued at the rest of the month rather than
// by their own count, which in a 31-day month cut on the 2nd leaves the 1st
// with 0/30. (The statute says nothing about a rate change within a month;
// this is a reading of it, not the law's own words.)
//
// A line's exact amount is Σ rate × PartTime × thirtieths / 30 over its
// pieces (an [ExactAmount]); it is rounded once, by rounding, to the line's
// Amount. The rounded amount is shared out to the pieces in proportion to
// their exact amounts (largest remainder), which gives the year totals.
//
// Errors are *FieldError values matching ErrInvalid, naming the field: a
// zero Start or End, an End before Start ("end"), a PartTime outside (0, 1]
// ("partTime"), no allowance, a negative one, or fewer amounts than the
// period has training years ("allowance", "allowance[i]"), an amount or
// share beyond 18 integer or 12 fraction digits, amounts whose total over
// the period would reach 10^18 ("allowance"), and a zero rounding
// ("rounding"). Whatever Schedule returns, its JSON reads back (see
// [AllowanceSchedule.UnmarshalJSON]).
func Schedule(a Agreement, rounding Rounding) (AllowanceSchedule, error) {
	if err := allowCheckAgreement(a, rounding); err != nil {
		return AllowanceSchedule{}, err
	}
	period, _ := NewPeriod(a.Start, a.End) // checked above
	changes := allowYearStarts(a.Start, period)
	ar, err := allowRounder(rounding)
	if err != nil {
		return AllowanceSchedule{}, err
	}
	s := AllowanceSchedule{
		Agreement: a.ID,
		Currency:  a.Currency,
		Period:    period,
		PartTime:  a.PartTime,
		Rounding:  rounding,
	}
	for month := range period.Months() {
		parts := month.SplitAt(changes...)
		shares := allowShares(parts, allowWhole(month))
		line := AllowanceLine{Month: allowMonth(month), Period: month, Pieces: make([]AllowancePiece, len(parts))}
		for i, p := range parts {
			year, _ := civil.TrainingYear(a.Start, p.Start()) // p starts on or after Start
			rate := a.Allowance[year-1]
			x := allowExact30(rate.Mul(a.PartTime).Mul(decimal.New(int64(shares[i]), 0)))
			line.Pieces[i] = AllowancePiece{Period: p, Year: year, Rate: rate, Thirtieths: shares[i], Exact: x}
			line.Thirtieths += shares[i]
			line.Exact = line.Exact.add(x)
		}
		line.Amount = ar.round(line.Exact)
		if err := allowSplitLine(&line, rounding); err != nil {
			return AllowanceSchedule{}, err
		}
		s.Lines = append(s.Lines, line)
	}
	s.total(ar)
	// Every amount is at most the total (none is negative); an exact value
	// below 10^18 has a text of at most exactMaxInt and exactMaxFrac digits.
	if !allowBounded(s.Total) || !allowBounded(s.ExactRounded) {
		return AllowanceSchedule{}, fieldErr("allowance", allowShow(s.ExactRounded),
			fmt.Sprintf("the schedule's total has more than %d integer digits", money.MaxIntegerDigits))
	}
	return s, nil
}

// allowOne is 1: full time, and the whole of a share.
func allowOne() decimal.Decimal { return decimal.New(1, 0) }

// allowCheckAgreement checks what Schedule needs of a and rounding.
func allowCheckAgreement(a Agreement, rounding Rounding) error {
	switch {
	case !rounding.IsValid():
		return fieldErr("rounding", rounding.String(), "no rounding declared: each month's amount is rounded once by a declared rule")
	case a.Start.IsZero():
		return fieldErr("start", "", "the first day of training is needed")
	case a.End.IsZero():
		return fieldErr("end", "", "the planned last day of training is needed")
	case a.End.Before(a.Start):
		return fieldErr("end", a.End.String(), "is before start "+a.Start.String())
	case !allowBounded(a.PartTime) || a.PartTime.Sign() <= 0 || a.PartTime.Cmp(allowOne()) > 0: // bounded first: Cmp rescales
		return fieldErr("partTime", allowShow(a.PartTime),
			fmt.Sprintf("must be in (0, 1] (1 is full time) with at most %d decimal places", money.MaxFractionDigits))
	case len(a.Allowance) == 0:
		return fieldErr("allowance", "", "needs the full-time monthly allowance of each training year")
	}
	for i, x := range a.Allowance {
		if x.Sign() < 0 || !allowBounded(x) {
			return fieldErr(fmt.Sprintf("allowance[%d]", i), allowShow(x),
				fmt.Sprintf("must be a non-negative amount with at most %d integer and %d decimal places",
					money.MaxIntegerDigits, money.MaxFractionDigits))
		}
	}
	years, err := civil.TrainingYear(a.Start, a.End)
	if err != nil { // unreachable: both dates set, End not before Start
		return &FieldError{Field: "end", Value: a.End.String(), Reason: err.Error(), Err: ErrInvalid}
	}
	if years > len(a.Allowance) {
		last, _ := civil.TrainingYearPeriod(a.Start, years) // ends after End, which exists
		return fieldErr("allowance", fmt.Sprintf("%d years", len(a.Allowance)),
			fmt.Sprintf("training ending %s reaches training year %d (from %s): one amount per training year is needed",
				a.End, years, last.Start()))
	}
	return nil
}

// allowYearStarts returns the first days of training years 2, 3, ... that
// fall within period, training having begun on start.
func allowYearStarts(start Date, period Period) []Date {
	var out []Date
	for k := 1; ; k++ {
		d, err := start.AddYears(k, civil.Clamp)
		if err != nil || d.After(period.End()) {
			return out
		}
		out = append(out, d)
	}
}

// allowShares returns what each part of one month's covered days is worth in
// thirtieths: in a month covered wholly (whole), every part after the first
// counts its days and the first the rest of the 30; in a month covered in
// part, every part counts its days (at most 30 together, since such a month
// misses a day of at most 31).
func allowShares(parts []Period, whole bool) []int {
	out := make([]int, len(parts))
	rest := 30
	for i := len(parts) - 1; i >= 1; i-- {
		out[i] = parts[i].Days()
		rest -= out[i] // the later parts miss at least the month's first day
	}
	if len(parts) > 0 {
		if whole {
			out[0] = rest
		} else {
			out[0] = parts[0].Days()
		}
	}
	return out
}

// allowWhole reports whether p, within one month, is the whole month.
func allowWhole(p Period) bool {
	e := p.End()
	return p.Start().Day() == 1 && e.Day() == civil.DaysIn(e.Year(), e.Month())
}

// allowMonth returns p's month as "YYYY-MM".
func allowMonth(p Period) string {
	s := p.Start()
	return fmt.Sprintf("%04d-%02d", s.Year(), int(s.Month()))
}

// allowSplitLine shares the line's rounded amount out to its pieces in
// proportion to their exact amounts, by the largest-remainder method.
func allowSplitLine(line *AllowanceLine, r Rounding) error {
	if len(line.Pieces) == 1 || line.Amount.Sign() == 0 {
		for i := range line.Pieces {
			line.Pieces[i].Amount = line.Amount
		}
		return nil
	}
	weights := make([]decimal.Decimal, len(line.Pieces))
	for i, p := range line.Pieces {
		weights[i] = p.Exact.times30
	}
	parts, err := money.Allocate(line.Amount, weights, r.Quantum())
	if err != nil { // unreachable for bounded, non-negative amounts
		return &FieldError{Field: "allowance", Value: line.Month, Reason: "sharing the month out by training year: " + err.Error(), Err: err}
	}
	for i := range line.Pieces {
		line.Pieces[i].Amount = parts[i]
	}
	return nil
}

// total sets the year totals and the schedule totals from the lines.
func (s *AllowanceSchedule) total(ar allowRounding) {
	s.Years, s.Exact, s.Total = nil, ExactAmount{}, decimal.Decimal{}
	for _, l := range s.Lines {
		s.Exact = s.Exact.add(l.Exact)
		s.Total = s.Total.Add(l.Amount)
		for _, p := range l.Pieces {
			n := len(s.Years)
			if n == 0 || s.Years[n-1].Year != p.Year {
				s.Years = append(s.Years, AllowanceYear{Year: p.Year, Period: p.Period})
				n++
			}
			y := &s.Years[n-1]
			y.Period, _ = NewPeriod(y.Period.Start(), p.Period.End()) // consecutive pieces
			y.Exact = y.Exact.add(p.Exact)
			y.Amount = y.Amount.Add(p.Amount)
		}
	}
	s.ExactRounded = ar.round(s.Exact)
}

// Balance returns a copy of s whose lines add up to exactly ExactRounded, the
// exact total rounded once, instead of to the sum of the months each rounded
// on its own.
//
// It distributes the rounding by the largest-remainder (Hamilton) method:
// every line first gets its exact amount rounded down to the quantum; the
// quanta that are then missing to reach ExactRounded go one each to the
// lines with the largest remainders (the part cut off, compared exactly),
// the earlier month first on a tie. The number of quanta missing is never
// more than the number of lines with a remainder, so every line is its exact
// amount rounded down or up to the quantum, and a line that is already a
// multiple of the quantum (a whole month at a rate in cents) keeps its
// exact amount. Pieces and year totals are recomputed; Balanced is set.
//
// Balance suits a schedule settled as a whole (a budget, a contract annex).
// A payroll that pays month by month cannot revise a month already paid and
// should use the per-month rounding of [Schedule], whose total may differ
// from ExactRounded by the accumulated roundings. Balance is meant for
// schedules built by Schedule (non-negative amounts); it returns a
// *FieldError for a schedule without a valid Rounding.
func (s AllowanceSchedule) Balance() (AllowanceSchedule, error) {
	if !s.Rounding.IsValid() {
		return AllowanceSchedule{}, fieldErr("rounding", s.Rounding.String(), "no rounding declared: nothing to balance against")
	}
	ar, err := allowRounder(s.Rounding)
	if err != nil {
		return AllowanceSchedule{}, err
	}
	q := s.Rounding.Quantum()
	out := s
	out.Lines = make([]AllowanceLine, len(s.Lines))
	rests := make([]decimal.Decimal, len(s.Lines))
	var sum decimal.Decimal
	for i, l := range s.Lines {
		l.Pieces = slices.Clone(l.Pieces)
		l.Amount, rests[i] = ar.floor(l.Exact)
		sum = sum.Add(l.Amount)
		out.Lines[i] = l
	}
	var order []int
	for i, r := range rests {
		if r.Sign() > 0 {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(i, j int) int { return rests[j].Cmp(rests[i]) })
	missing, _ := ar.round(s.Exact).Sub(sum).QuoRem(q, 0)
	k := min(max(missing.IntPart(), 0), int64(len(order)))
	for _, i := range order[:k] {
		out.Lines[i].Amount = out.Lines[i].Amount.Add(q)
	}
	for i := range out.Lines {
		if err := allowSplitLine(&out.Lines[i], s.Rounding); err != nil {
			return AllowanceSchedule{}, err
		}
	}
	out.Balanced = true
	out.total(ar)
	return out, nil
}

// allowRoundingJSON is the JSON form of a Rounding.
type allowRoundingJSON struct {
	Quantum decimal.Decimal `json:"quantum"`
	Mode    RoundingMode    `json:"mode"`
}

// allowScheduleFields has the fields of AllowanceSchedule without its methods.
type allowScheduleFields AllowanceSchedule

type allowScheduleJSON struct {
	allowScheduleFields
	Rounding *allowRoundingJSON `json:"rounding"`
}

// MarshalJSON writes the schedule with its rounding as
// {"quantum":"0.01","mode":"half-up"} (null for the zero Rounding), and its
// decimals as strings without trailing zeros ("1500", "0.5") whatever
// shopspring/decimal's package-level settings are.
func (s AllowanceSchedule) MarshalJSON() ([]byte, error) {
	w := allowScheduleJSON{allowScheduleFields: allowScheduleFields(s)}
	if s.Rounding.IsValid() {
		w.Rounding = &allowRoundingJSON{Quantum: s.Rounding.Quantum(), Mode: s.Rounding.Mode()}
	}
	return decjson.Marshal(w)
}

// UnmarshalJSON reads a schedule written by MarshalJSON. Unknown fields are
// errors, and so is a schedule that is not exactly what [Schedule] (and, if
// Balanced, [AllowanceSchedule.Balance]) computes from its own period,
// part-time share, rounding and the rates of its pieces: a line, piece or
// total that does not add up is a *FieldError naming its JSON path
// ("lines[3].amount"). Decimals are bounded like money amounts before any
// arithmetic. The zero schedule (no lines, no rounding, zero totals) is
// accepted.
func (s *AllowanceSchedule) UnmarshalJSON(b []byte) error {
	var w allowScheduleJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		var fe *FieldError
		if errors.As(err, &fe) {
			return err
		}
		field := "schedule"
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &te) && te.Field != "":
			field = te.Field
		case errors.Is(err, money.ErrInvalidRoundingMode):
			field = "rounding.mode"
		}
		return &FieldError{Field: field, Reason: "not a schedule: " + err.Error(), Err: ErrInvalid}
	}
	got := AllowanceSchedule(w.allowScheduleFields)
	if w.Rounding != nil {
		if !allowBounded(w.Rounding.Quantum) {
			return fieldErr("rounding.quantum", allowShow(w.Rounding.Quantum), "out of bounds")
		}
		r, err := money.NewRounding(w.Rounding.Quantum, w.Rounding.Mode)
		if err != nil {
			return &FieldError{Field: "rounding", Reason: err.Error(), Err: ErrInvalid}
		}
		got.Rounding = r
	}
	if err := allowCheckDecoded(got); err != nil {
		return err
	}
	*s = got
	return nil
}

// allowCheckDecoded checks a decoded schedule against a recomputation.
func allowCheckDecoded(got AllowanceSchedule) error {
	if path, v, ok := allowUnbounded(got); !ok {
		return fieldErr(path, v, fmt.Sprintf("out of bounds: at most %d integer and %d decimal places", money.MaxIntegerDigits, money.MaxFractionDigits))
	}
	if len(got.Lines) == 0 {
		zero := got.Period.IsZero() && len(got.Years) == 0 && !got.Rounding.IsValid() && !got.Balanced &&
			got.PartTime.Sign() == 0 && got.Exact.times30.Sign() == 0 && got.ExactRounded.Sign() == 0 && got.Total.Sign() == 0
		if !zero {
			return fieldErr("lines", "", "a schedule needs a line for every month of its period")
		}
		return nil
	}
	if got.Period.IsZero() {
		return fieldErr("period", "", "a schedule with lines needs its period")
	}
	if !got.Rounding.IsValid() {
		return fieldErr("rounding", "", "a schedule with lines needs its rounding")
	}
	ps, pe := got.Period.Start(), got.Period.End()
	if months := (pe.Year()-ps.Year())*12 + int(pe.Month()) - int(ps.Month()) + 1; months != len(got.Lines) {
		return fieldErr("lines", fmt.Sprintf("%d lines", len(got.Lines)), fmt.Sprintf("the period %s touches %d months", got.Period, months))
	}
	var rates []decimal.Decimal
	for i, l := range got.Lines {
		for j, p := range l.Pieces {
			path := fmt.Sprintf("lines[%d].pieces[%d]", i, j)
			if p.Year < 1 || p.Year > len(got.Lines)+1 {
				return fieldErr(path+".year", strconv.Itoa(p.Year), "not a training year of the period")
			}
			for len(rates) < p.Year {
				rates = append(rates, decimal.Decimal{})
			}
			if k := p.Year - 1; rates[k].Sign() == 0 {
				rates[k] = p.Rate
			} else if !rates[k].Equal(p.Rate) {
				return fieldErr(path+".rate", allowShow(p.Rate), fmt.Sprintf("training year %d has the rate %s elsewhere", p.Year, allowShow(rates[k])))
			}
		}
	}
	want, err := Schedule(Agreement{
		ID: got.Agreement, Currency: got.Currency, Start: ps, End: pe,
		PartTime: got.PartTime, Allowance: rates,
	}, got.Rounding)
	if err == nil && got.Balanced {
		want, err = want.Balance()
	}
	if err != nil {
		return err
	}
	if path, v := allowDiff(want, got); path != "" {
		return fieldErr(path, v, "does not match the schedule computed from the period, part-time share, rates and rounding")
	}
	return nil
}

// allowUnbounded finds a decimal of s outside the bounds of money amounts.
func allowUnbounded(s AllowanceSchedule) (path, value string, ok bool) {
	check := func(p string, d decimal.Decimal) bool {
		if allowBounded(d) {
			return true
		}
		path, value = p, allowShow(d)
		return false
	}
	if !check("partTime", s.PartTime) || !check("exactRounded", s.ExactRounded) || !check("total", s.Total) {
		return path, value, false
	}
	for i, l := range s.Lines {
		if !check(fmt.Sprintf("lines[%d].amount", i), l.Amount) {
			return path, value, false
		}
		for j, p := range l.Pieces {
			pp := fmt.Sprintf("lines[%d].pieces[%d]", i, j)
			if !check(pp+".rate", p.Rate) || !check(pp+".amount", p.Amount) {
				return path, value, false
			}
		}
	}
	for i, y := range s.Years {
		if !check(fmt.Sprintf("years[%d].amount", i), y.Amount) {
			return path, value, false
		}
	}
	return "", "", true
}

// allowDiff returns the JSON path and the value in got of the first field in
// which got differs from want, or "" if they agree (decimals compared by
// value). The two must have the same number of lines (checked before).
func allowDiff(want, got AllowanceSchedule) (string, string) {
	var d allowDiffer
	for i, wl := range want.Lines {
		gl := got.Lines[i]
		lp := fmt.Sprintf("lines[%d]", i)
		d.text(lp+".month", wl.Month, gl.Month)
		d.period(lp+".period", wl.Period, gl.Period)
		d.num(lp+".thirtieths", wl.Thirtieths, gl.Thirtieths)
		d.exact(lp+".exact", wl.Exact, gl.Exact)
		d.dec(lp+".amount", wl.Amount, gl.Amount)
		if !d.count(lp+".pieces", "pieces", len(wl.Pieces), len(gl.Pieces)) {
			break // the pieces cannot be compared one by one
		}
		for j, wp := range wl.Pieces {
			gp := gl.Pieces[j]
			pp := fmt.Sprintf("%s.pieces[%d]", lp, j)
			d.period(pp+".period", wp.Period, gp.Period)
			d.num(pp+".year", wp.Year, gp.Year)
			d.dec(pp+".rate", wp.Rate, gp.Rate)
			d.num(pp+".thirtieths", wp.Thirtieths, gp.Thirtieths)
			d.exact(pp+".exact", wp.Exact, gp.Exact)
			d.dec(pp+".amount", wp.Amount, gp.Amount)
		}
		if d.path != "" {
			break
		}
	}
	if d.count("years", "years", len(want.Years), len(got.Years)) {
		for i, wy := range want.Years {
			gy := got.Years[i]
			yp := fmt.Sprintf("years[%d]", i)
			d.num(yp+".year", wy.Year, gy.Year)
			d.period(yp+".period", wy.Period, gy.Period)
			d.exact(yp+".exact", wy.Exact, gy.Exact)
			d.dec(yp+".amount", wy.Amount, gy.Amount)
		}
	}
	d.exact("exact", want.Exact, got.Exact)
	d.dec("exactRounded", want.ExactRounded, got.ExactRounded)
	d.dec("total", want.Total, got.Total)
	return d.path, d.value
}

// allowDiffer records the first field in which two schedules differ: its
// JSON path and the value found. Once a difference is recorded, later
// comparisons do nothing. Each method reports whether the pair agreed (or a
// difference was already recorded), so a count can guard the loop that
// follows it.
type allowDiffer struct{ path, value string }

func (d *allowDiffer) record(same bool, path string, value func() string) bool {
	if d.path != "" {
		return false
	}
	if !same {
		d.path, d.value = path, value()
	}
	return same
}

func (d *allowDiffer) text(p, w, g string) bool {
	return d.record(w == g, p, func() string { return g })
}

func (d *allowDiffer) num(p string, w, g int) bool {
	return d.record(w == g, p, func() string { return strconv.Itoa(g) })
}

// count compares the lengths of two lists; the value shown is "N noun".
func (d *allowDiffer) count(p, noun string, w, g int) bool {
	return d.record(w == g, p, func() string { return fmt.Sprintf("%d %s", g, noun) })
}

func (d *allowDiffer) dec(p string, w, g decimal.Decimal) bool {
	return d.record(w.Equal(g), p, func() string { return allowShow(g) })
}

func (d *allowDiffer) exact(p string, w, g ExactAmount) bool {
	return d.record(w.Equal(g), p, func() string { return g.String() })
}

func (d *allowDiffer) period(p string, w, g Period) bool {
	return d.record(w == g, p, func() string { return g.String() })
}

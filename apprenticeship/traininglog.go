package apprenticeship

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/shopspring/decimal"
)

// The training log
//
// An Entry records hours spent on one module of the training plan, at one
// site, on one day. Hours are exact decimals with at most two decimal places
// (7.5 and 7.25 are hours; 7.125 is not), greater than zero, and the entries of
// one day add up to at most 24 hours: a log belongs to one apprentice, who
// cannot train more hours than a day has.
//
// An entry's site must be its module's site. The training plan assigns every
// module to exactly one site (Module.Site), and progress compares the hours
// logged at a site with the hours the plan puts there; a module taught
// somewhere else is a change of the plan, not a log entry. The site is still
// recorded on the entry, so that a log can be checked for compliance (Check)
// without the program at hand, and so that a log from an enterprise's system
// that puts a school module at the enterprise is caught rather than counted.

// logMaxDayHours is the number of hours in a day: the most one apprentice can
// log on one date.
const logMaxDayHours = 24

// logHourPlaces is the number of decimal places an entry's hours may have:
// hundredths of an hour.
const logHourPlaces = 2

// logMaxExponent bounds the exponent of a decimal this file accepts from Go
// code. Comparing a decimal with exponent e rescales it to 10^|e|, so a value
// such as decimal.New(1, 1_000_000_000) would take gigabytes to compare; no
// number of hours or percentage needs an exponent beyond ±18.
const logMaxExponent = 18

// logPlausible reports whether d's exponent is small enough to compute with.
func logPlausible(d decimal.Decimal) bool {
	e := d.Exponent()
	return e >= -logMaxExponent && e <= logMaxExponent
}

// Entry is one line of an apprentice's training log: Hours spent on the module
// with code Module of the training plan, at Site, on Date.
//
// In JSON an entry is an object with exactly the members "date"
// ("YYYY-MM-DD"), "site" (a site code), "module" and "hours" (a decimal
// string such as "7.5"; ParseEntries also accepts a JSON number).
type Entry struct {
	Date   Date            `json:"date"`
	Site   Site            `json:"site"`
	Module string          `json:"module"`
	Hours  decimal.Decimal `json:"hours"`
}

// Validate checks the entry on its own: a date, a valid site, a module code
// without surrounding spaces, and hours greater than 0 and at most 24 with at
// most two decimal places. The error is a *FieldError wrapping ErrInvalid
// whose Field names the member ("hours").
func (e Entry) Validate() error {
	switch {
	case e.Date.IsZero():
		return fieldErr("date", "", "an entry needs a date")
	case !e.Site.IsValid():
		return fieldErr("site", e.Site.String(), "not a valid site")
	case strings.TrimSpace(e.Module) == "":
		return fieldErr("module", e.Module, "an entry needs a module code")
	case strings.TrimSpace(e.Module) != e.Module:
		return fieldErr("module", e.Module, "leading or trailing spaces are not allowed")
	}
	return logCheckHours(e.Hours)
}

// logCheckHours checks an entry's hours.
func logCheckHours(h decimal.Decimal) error {
	switch {
	case !logPlausible(h):
		return fieldErr("hours", ruleShow(h), "not a plausible number of hours")
	case h.Sign() <= 0:
		return fieldErr("hours", ruleShow(h), "hours must be more than 0")
	case h.Cmp(decimal.NewFromInt(logMaxDayHours)) > 0:
		return fieldErr("hours", ruleShow(h), fmt.Sprintf("more than the %d hours of a day", logMaxDayHours))
	case !h.Shift(logHourPlaces).IsInteger():
		return fieldErr("hours", ruleShow(h), fmt.Sprintf("at most %d decimal places (hundredths of an hour)", logHourPlaces))
	}
	return nil
}

// logValidateEntries validates every entry and the day totals of a list of
// entries of one apprentice; errors are prefixed by path[i].
func logValidateEntries(path string, entries []Entry) error {
	days := make(map[Date]decimal.Decimal)
	limit := decimal.NewFromInt(logMaxDayHours)
	for i, e := range entries {
		at := fmt.Sprintf("%s[%d]", path, i)
		if err := e.Validate(); err != nil {
			return prefix(at, err)
		}
		sum := days[e.Date].Add(e.Hours)
		if sum.Cmp(limit) > 0 {
			return fieldErr(at+".hours", ruleShow(e.Hours),
				fmt.Sprintf("the entries of %s add up to %s hours, more than the %d hours of a day", e.Date, ruleShow(sum), logMaxDayHours))
		}
		days[e.Date] = sum
	}
	return nil
}

// logSortEntries returns a copy of entries sorted by date; entries of one day
// keep their order.
func logSortEntries(entries []Entry) []Entry {
	out := slices.Clone(entries)
	slices.SortStableFunc(out, func(a, b Entry) int { return a.Date.Compare(b.Date) })
	return out
}

// ParseEntries reads a training log from JSON: an array of entry objects,
//
//	[{"date": "2024-09-02", "site": "school", "module": "M1", "hours": "7.5"},
//	 {"date": "2024-09-03", "site": "enterprise", "module": "M3", "hours": 8}]
//
// Hours may be a decimal string or a JSON number; both are read exactly with
// the bounded syntax of amounts (no exponent beyond four digits, at most 18
// integer and 12 fraction digits) before the entry rules apply. The reader is
// strict: member names must match exactly, unknown, repeated or missing
// members and null values are rejected, and nothing may follow the array. The
// entries must pass Entry.Validate, and the entries of one day may add up to
// at most 24 hours, since a log belongs to one apprentice. Whether the modules
// exist is for NewLog to check against a program.
//
// The entries are returned in the order of the document; an empty array gives
// an empty, non-nil slice. Every error is a *FieldError wrapping ErrInvalid
// whose Field is the JSON path of the offending member, naming the array
// "entries" ("entries[2].hours"), or "entries" for the document itself, and
// whose Value is the offending text.
func ParseEntries(data []byte) ([]Entry, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	bad := func(field, value, reason string) ([]Entry, error) {
		return nil, fieldErr(field, value, reason)
	}
	tok, err := dec.Token()
	if err != nil {
		return bad("entries", string(data), "want a JSON array of entries: "+logJSONReason(err))
	}
	if tok != json.Delim('[') {
		return bad("entries", string(data), "want a JSON array of entries")
	}
	entries := []Entry{}
	for i := 0; dec.More(); i++ {
		path := fmt.Sprintf("entries[%d]", i)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return bad(path, logExcerpt(data, dec.InputOffset()), "malformed JSON: "+logJSONReason(err))
		}
		e, err := logParseEntry(raw, path)
		if err != nil {
			return nil, err
		}
		entries = append(entries, e)
	}
	if _, err := dec.Token(); err != nil { // the closing ']'
		return bad("entries", logExcerpt(data, dec.InputOffset()), "malformed JSON: "+logJSONReason(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return bad("entries", logExcerpt(data, dec.InputOffset()), "unexpected data after the array")
	}
	if err := logValidateEntries("entries", entries); err != nil {
		return nil, err
	}
	return entries, nil
}

// logJSONReason returns the message of a JSON decoding error without the
// "json: " prefix, or "unexpected end of input" for a truncated document.
func logJSONReason(err error) string {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "unexpected end of input"
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// logExcerpt returns the input from just before offset on, for an error
// message (FieldError clips it).
func logExcerpt(data []byte, offset int64) string {
	start := max(0, min(int(offset), len(data))-8)
	return string(data[start:])
}

// logParseEntry decodes the JSON object of one entry at path.
func logParseEntry(raw json.RawMessage, path string) (Entry, error) {
	bad := func(member, value, reason string) (Entry, error) {
		return Entry{}, fieldErr(path+member, value, reason)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return bad("", string(raw), "an entry must be a JSON object")
	}
	var e Entry
	seen := make(map[string]bool, 4)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return bad("", string(raw), "malformed JSON: "+logJSONReason(err))
		}
		name, _ := tok.(string) // object keys are always strings
		member := "." + name
		if seen[name] {
			return bad(member, name, "member given twice")
		}
		seen[name] = true
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return bad(member, string(raw), "malformed JSON: "+logJSONReason(err))
		}
		if string(value) == "null" {
			return bad(member, "null", "null is not allowed")
		}
		switch name {
		case "date":
			s, ok := logJSONString(value)
			if !ok {
				return bad(member, string(value), "a date must be a \"YYYY-MM-DD\" string")
			}
			d, err := ParseDate(s)
			if err != nil || d.IsZero() {
				return bad(member, s, "not a date in the form YYYY-MM-DD")
			}
			e.Date = d
		case "site":
			s, ok := logJSONString(value)
			if !ok {
				return bad(member, string(value), "a site must be a string")
			}
			site, err := sites.parse(s)
			if err != nil {
				return bad(member, s, fmt.Sprintf("unknown site (want one of %v)", sites.names[1:]))
			}
			e.Site = site
		case "module":
			s, ok := logJSONString(value)
			if !ok {
				return bad(member, string(value), "a module code must be a string")
			}
			e.Module = s
		case "hours":
			s, ok := logJSONString(value)
			if !ok {
				s = string(value) // a JSON number, thanks to UseNumber
				if len(s) == 0 || !(s[0] == '-' || s[0] >= '0' && s[0] <= '9') {
					return bad(member, s, "hours must be a decimal string or a number")
				}
			}
			h, err := money.ParseAmount(s)
			if err != nil {
				var ae *money.AmountError
				reason := "not a decimal number"
				if errors.As(err, &ae) {
					reason += ": " + ae.Reason
				}
				return bad(member, s, reason)
			}
			e.Hours = h
		default:
			return bad(member, name, "unknown member (want date, site, module and hours)")
		}
	}
	for _, name := range []string{"date", "site", "module", "hours"} {
		if !seen[name] {
			return bad("."+name, "", "missing")
		}
	}
	if err := e.Validate(); err != nil {
		return Entry{}, prefix(path, err)
	}
	return e, nil
}

// logJSONString decodes value if it is a JSON string.
func logJSONString(value json.RawMessage) (string, bool) {
	if len(value) == 0 || value[0] != '"' {
		return "", false
	}
	var s string
	if err := json.Unmarshal(value, &s); err != nil {
		return "", false
	}
	return s, true
}

// Log is the training log of one apprentice, checked against the plan of the
// program the apprentice trains in. Build one with NewLog; the zero Log has no
// plan and no entries.
//
// A Log is immutable: NewLog copies the entries and the plan, and Entries
// returns a copy.
type Log struct {
	plan    []Module
	entries []Entry // sorted by date, stable
}

// NewLog checks entries against the program p and returns them as a Log. The
// program must pass Program.Validate. Every entry must pass Entry.Validate,
// name a module of p's plan and be logged at that module's site, and the
// entries of one day may add up to at most 24 hours. The Log keeps the
// entries sorted by date (entries of one day in the given order).
//
// Errors are *FieldError values wrapping ErrInvalid whose Field is a path
// into the arguments: "program.plan[1].hours" for the program,
// "entries[4].module" for an entry.
func NewLog(p Program, entries []Entry) (Log, error) {
	if err := p.Validate(); err != nil {
		return Log{}, prefix("program", err)
	}
	if err := logValidateEntries("entries", entries); err != nil {
		return Log{}, err
	}
	for i, e := range entries {
		m, ok := p.Module(e.Module)
		if !ok {
			return Log{}, fieldErr(fmt.Sprintf("entries[%d].module", i), e.Module,
				fmt.Sprintf("not a module of the plan of program %s", p.Code))
		}
		if m.Site != e.Site {
			return Log{}, fieldErr(fmt.Sprintf("entries[%d].site", i), e.Site.String(),
				fmt.Sprintf("module %s is taught at the %s site; an entry's site must be its module's site", m.Code, m.Site))
		}
	}
	return Log{plan: slices.Clone(p.Plan), entries: logSortEntries(entries)}, nil
}

// Entries returns a copy of the log's entries, sorted by date.
func (l Log) Entries() []Entry { return slices.Clone(l.entries) }

// Progress is the training log measured against the plan on a day: hours
// logged up to that day against hours planned, for the whole plan, per site
// and per module.
//
// Logged and Planned are exact. Percent is 100 × Logged / Planned rounded down
// (toward zero) to two decimal places, so that 100.00 means the plan is met
// and 99.99 that it is not quite; it exceeds 100 where more hours were logged
// than planned. Since the exact ratio rarely has a finite decimal expansion
// (1/3), the rounding is part of the definition; the exact ratio is always
// Logged / Planned.
//
// Hours logged beyond the plan of one module count toward its site's total
// and the overall total, so a site or overall Percent of 100 does not mean
// every module is done: ModulesComplete and Modules say that.
type Progress struct {
	// AsOf is the day measured: entries dated on or before it count.
	AsOf Date `json:"asOf"`
	// Logged and Planned are the hours over the whole plan.
	Logged  decimal.Decimal `json:"logged"`
	Planned decimal.Decimal `json:"planned"`
	Percent decimal.Decimal `json:"percent"`
	// ModulesComplete counts the modules with at least their planned hours
	// logged.
	ModulesComplete int `json:"modulesComplete"`
	// Sites has one line per site with planned hours, in the order school,
	// enterprise, base.
	Sites []SiteProgress `json:"sites"`
	// Modules has one line per module, in the order of the plan.
	Modules []ModuleProgress `json:"modules"`
}

// SiteProgress is the progress at one site; see Progress for the fields.
type SiteProgress struct {
	Site    Site            `json:"site"`
	Logged  decimal.Decimal `json:"logged"`
	Planned decimal.Decimal `json:"planned"`
	Percent decimal.Decimal `json:"percent"`
}

// ModuleProgress is the progress of one module of the plan, taught at Site;
// see Progress for the fields.
type ModuleProgress struct {
	Module  string          `json:"module"`
	Site    Site            `json:"site"`
	Logged  decimal.Decimal `json:"logged"`
	Planned decimal.Decimal `json:"planned"`
	Percent decimal.Decimal `json:"percent"`
}

// Progress returns the log's progress against the plan as of asOf: the
// entries dated on or before asOf count, later ones do not (so a progress
// report can be replayed for any past day). The zero Log has an empty
// progress with zero totals.
func (l Log) Progress(asOf Date) Progress {
	byModule := make(map[string]decimal.Decimal, len(l.plan))
	for _, e := range l.entries {
		if e.Date.After(asOf) {
			break // sorted by date
		}
		byModule[e.Module] = byModule[e.Module].Add(e.Hours)
	}
	pr := Progress{AsOf: asOf, Logged: decimal.Zero, Planned: decimal.Zero, Percent: decimal.Zero,
		Modules: make([]ModuleProgress, 0, len(l.plan))}
	var siteLogged, sitePlanned [4]decimal.Decimal // indexed by Site
	for _, m := range l.plan {
		logged := byModule[m.Code].Add(decimal.Zero) // a zero Decimal with a value
		planned := decimal.NewFromInt(int64(m.Hours))
		pr.Modules = append(pr.Modules, ModuleProgress{Module: m.Code, Site: m.Site,
			Logged: logged, Planned: planned, Percent: logPercent(logged, planned, false)})
		if logged.Cmp(planned) >= 0 {
			pr.ModulesComplete++
		}
		siteLogged[m.Site] = siteLogged[m.Site].Add(logged)
		sitePlanned[m.Site] = sitePlanned[m.Site].Add(planned)
		pr.Logged = pr.Logged.Add(logged)
		pr.Planned = pr.Planned.Add(planned)
	}
	pr.Sites = make([]SiteProgress, 0, 3)
	for _, s := range []Site{School, Enterprise, Base} {
		if sitePlanned[s].Sign() > 0 {
			pr.Sites = append(pr.Sites, SiteProgress{Site: s, Logged: siteLogged[s], Planned: sitePlanned[s],
				Percent: logPercent(siteLogged[s], sitePlanned[s], false)})
		}
	}
	if pr.Planned.Sign() > 0 {
		pr.Percent = logPercent(pr.Logged, pr.Planned, false)
	}
	return pr
}

// logPercent returns 100 × part / whole to two decimal places, rounded down
// (toward zero, for part ≥ 0) or, with up, up (away from zero). It is exact:
// the quotient in hundredths and its remainder come from one integer
// division. whole must be positive.
func logPercent(part, whole decimal.Decimal, up bool) decimal.Decimal {
	q, r := part.Shift(2).QuoRem(whole, 2)
	if up && r.Sign() != 0 {
		q = q.Add(decimal.New(1, -2))
	}
	return q
}

// Compliance

// FindingKind says which compliance rule a Finding concerns.
type FindingKind uint8

// The kinds of finding, with their stable codes. The zero FindingKind is not
// a kind.
const (
	// OutsideAgreement: hours logged on a day before the agreement's start or
	// after its planned end ("outside-agreement").
	OutsideAgreement FindingKind = iota + 1
	// WeeklyHoursAbove: more hours in an ISO week than the weekly maximum
	// ("weekly-hours-above").
	WeeklyHoursAbove
	// SiteShareBelow: a site's share of the logged hours below its minimum
	// ("site-share-below").
	SiteShareBelow
	// SiteShareAbove: a site's share of the logged hours above its maximum
	// ("site-share-above").
	SiteShareAbove
	// OffTheJobShareBelow: the off-the-job share of the logged hours below
	// the minimum percentage ("off-the-job-share-below").
	OffTheJobShareBelow
	// OffTheJobHoursBelow: fewer off-the-job hours than the weekly minimum
	// times the weeks of training ("off-the-job-hours-below").
	OffTheJobHoursBelow
)

var logFindingKinds = codes[FindingKind]{"finding kind", []string{"",
	"outside-agreement", "weekly-hours-above", "site-share-below", "site-share-above",
	"off-the-job-share-below", "off-the-job-hours-below"}}

// IsValid reports whether k is one of the kinds.
func (k FindingKind) IsValid() bool { return logFindingKinds.valid(k) }

// String returns the stable code of k, such as "site-share-below".
func (k FindingKind) String() string { return logFindingKinds.String(k) }

// MarshalText implements encoding.TextMarshaler with the stable code.
func (k FindingKind) MarshalText() ([]byte, error) { return logFindingKinds.marshal(k) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown codes are errors.
func (k *FindingKind) UnmarshalText(b []byte) (err error) {
	*k, err = logFindingKinds.parse(string(b))
	return err
}

// ShareBounds bounds a site's share of the logged hours, in percent: Min ≤
// share ≤ Max, with 0 ≤ Min ≤ Max ≤ 100.
type ShareBounds struct {
	Min decimal.Decimal `json:"min"`
	Max decimal.Decimal `json:"max"`
}

// ComplianceRules configures Check. Every rule is optional: a zero number or
// an absent site switches its rule off. The numbers are the caller's
// configuration for the rule set that applies to an agreement; none is built
// in. Examples, with their sources in the domain reference:
//
//   - England, starts before 2022-08-01: off-the-job training at least 20%
//     of the hours (OffTheJobMinPercent 20).
//   - England, starts from 2022-08-01: at least 6 hours a week for full-time
//     apprentices (OffTheJobMinWeeklyHours 6).
//   - Germany's dual system spends 3–4 days a week in the company and 1–2 at
//     vocational school; read as shares of a five-day week that is an
//     enterprise share of 3/5 = 60% to 4/5 = 80% (SiteShares{Enterprise:
//     {60, 80}}).
//
// "Off the job" means every site but the enterprise: the school and the
// training base.
type ComplianceRules struct {
	// Source cites the rule set; Check copies it to every Finding.
	Source string `json:"source,omitempty"`
	// SiteShares bounds the share of the logged hours at each site listed.
	SiteShares map[Site]ShareBounds `json:"siteShares,omitempty"`
	// OffTheJobMinPercent is the least share of the logged hours, in
	// percent, to be spent off the job; 0 switches the rule off.
	OffTheJobMinPercent decimal.Decimal `json:"offTheJobMinPercent,omitzero"`
	// OffTheJobMinWeeklyHours is the least number of off-the-job hours per
	// week of training; 0 switches the rule off.
	OffTheJobMinWeeklyHours decimal.Decimal `json:"offTheJobMinWeeklyHours,omitzero"`
	// MaxWeeklyHours is the most hours an ISO week may hold; 0 switches the
	// rule off.
	MaxWeeklyHours decimal.Decimal `json:"maxWeeklyHours,omitzero"`
	// FlagOutsideAgreement asks for a finding for every day with hours
	// logged before the agreement's start or after its planned end.
	FlagOutsideAgreement bool `json:"flagOutsideAgreement,omitempty"`
}

// Validate checks the rules: valid sites with 0 ≤ Min ≤ Max ≤ 100, an
// off-the-job percentage between 0 and 100, and no negative hours. The error
// is a *FieldError wrapping ErrInvalid whose Field is a JSON path such as
// "siteShares.enterprise.max".
func (r ComplianceRules) Validate() error {
	hundred := decimal.NewFromInt(100)
	percent := func(field string, d decimal.Decimal) error {
		if !logPlausible(d) || d.Sign() < 0 || d.Cmp(hundred) > 0 {
			return fieldErr(field, ruleShow(d), "a percentage must be between 0 and 100")
		}
		return nil
	}
	for _, s := range logSortedSites(r.SiteShares) {
		b := r.SiteShares[s]
		path := "siteShares." + s.String()
		if !s.IsValid() {
			return fieldErr(path, s.String(), "not a valid site")
		}
		if err := percent(path+".min", b.Min); err != nil {
			return err
		}
		if err := percent(path+".max", b.Max); err != nil {
			return err
		}
		if b.Min.Cmp(b.Max) > 0 {
			return fieldErr(path+".max", ruleShow(b.Max), fmt.Sprintf("below the minimum %s", ruleShow(b.Min)))
		}
	}
	if err := percent("offTheJobMinPercent", r.OffTheJobMinPercent); err != nil {
		return err
	}
	for _, h := range []struct {
		field string
		value decimal.Decimal
	}{{"offTheJobMinWeeklyHours", r.OffTheJobMinWeeklyHours}, {"maxWeeklyHours", r.MaxWeeklyHours}} {
		if !logPlausible(h.value) || h.value.Sign() < 0 {
			return fieldErr(h.field, ruleShow(h.value), "hours must not be negative (0 switches the rule off)")
		}
	}
	return nil
}

// logSortedSites returns the keys of m in order.
func logSortedSites(m map[Site]ShareBounds) []Site {
	out := make([]Site, 0, len(m))
	for s := range m {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// Finding is one result of a compliance check: which rule (Kind), over which
// days (Period: one day, an ISO week, or the span measured), at which site
// where a site is concerned, the value measured and the limit it breaks, the
// citation of the rule set, and an explanation.
//
// Measured and Limit are hours for OutsideAgreement (Limit 0),
// WeeklyHoursAbove and OffTheJobHoursBelow, and percentages for the share
// kinds. A share is measured exactly; Measured shows it to two decimals
// rounded away from the limit (down for a "below" finding, up for an "above"
// one), so the figure shown never contradicts the finding: an exact share of
// 19.996% under a minimum of 20% shows as 19.99, not 20.00.
type Finding struct {
	Kind     FindingKind     `json:"kind"`
	Period   Period          `json:"period"`
	Site     Site            `json:"site,omitempty"`
	Measured decimal.Decimal `json:"measured"`
	Limit    decimal.Decimal `json:"limit"`
	Rule     string          `json:"rule,omitempty"`
	Reason   string          `json:"reason"`
}

// Check checks an apprentice's training log against the rules as of asOf
// and returns what it finds. A breach of a rule is a Finding, not an error;
// an empty result means the log complies. Errors are for input that cannot
// be checked: rules that fail ComplianceRules.Validate (Field "rules…"), an
// agreement without a start or with its end before its start
// ("agreement.start", "agreement.end"), a zero asOf ("asOf"), and entries
// that fail the rules of ParseEntries (each entry valid, at most 24 hours a
// day; Field "log[i]…"). All are *FieldError values wrapping ErrInvalid.
//
// What is measured:
//
//   - Only entries dated on or before asOf count; later ones are ignored, so
//     a check can be replayed for any past day.
//   - Entries before a.Start or after a.End are outside the agreement: with
//     FlagOutsideAgreement each such day is an OutsideAgreement finding (its
//     hours measured, limit 0), and in any case they count toward no other
//     rule. The other rules measure the window from a.Start to asOf or
//     a.End, whichever is earlier; before a.Start there is nothing to
//     measure.
//   - Weeks are ISO 8601 weeks, Monday to Sunday. MaxWeeklyHours applies to
//     every week with hours in the window, the week in progress included; a
//     WeeklyHoursAbove finding's Period is the whole week.
//   - Shares are of all hours logged in the window, cumulatively, not week by
//     week, since training may come in blocks (a month at school, then two
//     at the enterprise). Each site of SiteShares gives at most one finding,
//     SiteShareBelow or SiteShareAbove; OffTheJobMinPercent measures the
//     school and base hours together. A window with no hours logged has no
//     shares and gives no share findings. The Period is the window.
//   - OffTheJobMinWeeklyHours is also cumulative: over the complete ISO weeks
//     of the window (from the first Monday on or after a.Start to the last
//     Sunday on or before the window's end), the off-the-job hours must reach
//     the weekly minimum times the number of those weeks. The Period is that
//     span; the days before its first Monday and after its last Sunday are
//     not measured by this rule. Before the first complete week there is
//     nothing to measure. The minimum applies as configured: for a part-time
//     agreement the caller configures the figure that applies to it.
//
// Findings are sorted by the start of their Period, then its end, then kind,
// then site.
func Check(rules ComplianceRules, a Agreement, log []Entry, asOf Date) ([]Finding, error) {
	if err := rules.Validate(); err != nil {
		return nil, prefix("rules", err)
	}
	switch {
	case a.Start.IsZero():
		return nil, fieldErr("agreement.start", "", "the agreement needs a start date")
	case a.End.IsZero():
		return nil, fieldErr("agreement.end", "", "the agreement needs a planned end date")
	case a.End.Before(a.Start):
		return nil, fieldErr("agreement.end", a.End.String(), fmt.Sprintf("before the start %s", a.Start))
	case asOf.IsZero():
		return nil, fieldErr("asOf", "", "a check needs the day it is made")
	}
	if err := logValidateEntries("log", log); err != nil {
		return nil, err
	}
	c := logChecker{rules: rules, findings: []Finding{}}
	c.outside(a, log, asOf)
	if !asOf.Before(a.Start) {
		end := a.End
		if asOf.Before(end) {
			end = asOf
		}
		window, _ := NewPeriod(a.Start, end) // a.Start ≤ end: checked above
		c.window(window, log)
	}
	slices.SortFunc(c.findings, func(x, y Finding) int {
		return cmp.Or(x.Period.Start().Compare(y.Period.Start()), x.Period.End().Compare(y.Period.End()),
			cmp.Compare(x.Kind, y.Kind), cmp.Compare(x.Site, y.Site))
	})
	return c.findings, nil
}

// logChecker collects the findings of one Check.
type logChecker struct {
	rules    ComplianceRules
	findings []Finding
}

func (c *logChecker) add(f Finding) {
	f.Rule = c.rules.Source
	c.findings = append(c.findings, f)
}

// outside reports the days with hours outside the agreement.
func (c *logChecker) outside(a Agreement, log []Entry, asOf Date) {
	if !c.rules.FlagOutsideAgreement {
		return
	}
	days := make(map[Date]decimal.Decimal)
	for _, e := range log {
		if !e.Date.After(asOf) && (e.Date.Before(a.Start) || e.Date.After(a.End)) {
			days[e.Date] = days[e.Date].Add(e.Hours)
		}
	}
	for d, h := range days {
		day, _ := NewPeriod(d, d)
		where := "before the agreement's start " + a.Start.String()
		if d.After(a.End) {
			where = "after the agreement's planned end " + a.End.String()
		}
		c.add(Finding{Kind: OutsideAgreement, Period: day, Measured: h, Limit: decimal.Zero,
			Reason: fmt.Sprintf("%s hours logged on %s, %s", ruleShow(h), d, where)})
	}
}

// window applies the rules that measure the entries in w.
func (c *logChecker) window(w Period, log []Entry) {
	total := decimal.Zero
	var bySite [4]decimal.Decimal // indexed by Site
	weeks := make(map[Date]decimal.Decimal)
	for _, e := range log {
		if !w.Contains(e.Date) {
			continue
		}
		total = total.Add(e.Hours)
		bySite[e.Site] = bySite[e.Site].Add(e.Hours)
		if c.rules.MaxWeeklyHours.Sign() > 0 {
			m := logMonday(e.Date)
			weeks[m] = weeks[m].Add(e.Hours)
		}
	}
	for m, h := range weeks {
		if h.Cmp(c.rules.MaxWeeklyHours) > 0 {
			week := logWeek(m)
			c.add(Finding{Kind: WeeklyHoursAbove, Period: week, Measured: h, Limit: c.rules.MaxWeeklyHours,
				Reason: fmt.Sprintf("%s hours in the week %s, more than the maximum %s", ruleShow(h), week, ruleShow(c.rules.MaxWeeklyHours))})
		}
	}
	if total.Sign() > 0 {
		hundred := decimal.NewFromInt(100)
		for _, s := range logSortedSites(c.rules.SiteShares) {
			b := c.rules.SiteShares[s]
			scaled := bySite[s].Mul(hundred) // share < limit ⇔ hours × 100 < limit × total
			switch {
			case scaled.Cmp(b.Min.Mul(total)) < 0:
				share := logPercent(bySite[s], total, false)
				c.add(Finding{Kind: SiteShareBelow, Period: w, Site: s, Measured: share, Limit: b.Min,
					Reason: fmt.Sprintf("%s hours at the %s site are %s%% of %s hours, below the minimum %s%%", ruleShow(bySite[s]), s, share.StringFixed(2), ruleShow(total), ruleShow(b.Min))})
			case scaled.Cmp(b.Max.Mul(total)) > 0:
				share := logPercent(bySite[s], total, true)
				c.add(Finding{Kind: SiteShareAbove, Period: w, Site: s, Measured: share, Limit: b.Max,
					Reason: fmt.Sprintf("%s hours at the %s site are %s%% of %s hours, above the maximum %s%%", ruleShow(bySite[s]), s, share.StringFixed(2), ruleShow(total), ruleShow(b.Max))})
			}
		}
		off := bySite[School].Add(bySite[Base])
		if least := c.rules.OffTheJobMinPercent; least.Sign() > 0 && off.Mul(hundred).Cmp(least.Mul(total)) < 0 {
			share := logPercent(off, total, false)
			c.add(Finding{Kind: OffTheJobShareBelow, Period: w, Measured: share, Limit: least,
				Reason: fmt.Sprintf("%s off-the-job hours (school and base) are %s%% of %s hours, below the minimum %s%%", ruleShow(off), share.StringFixed(2), ruleShow(total), ruleShow(least))})
		}
	}
	c.weeklyOffTheJob(w, log)
}

// weeklyOffTheJob applies OffTheJobMinWeeklyHours over the complete ISO weeks
// of w.
func (c *logChecker) weeklyOffTheJob(w Period, log []Entry) {
	perWeek := c.rules.OffTheJobMinWeeklyHours
	if perWeek.Sign() <= 0 {
		return
	}
	first := logMonday(w.Start())
	if first.Before(w.Start()) {
		next, err := first.AddDays(7)
		if err != nil {
			return // no Monday left in the calendar
		}
		first = next
	}
	// The last complete week ends on the last Sunday on or before w.End():
	// the day before the Monday after it.
	afterEnd := w.End().Next()
	if afterEnd.IsZero() {
		return // the window ends on the last supported day
	}
	last := logMonday(afterEnd).Prev()
	if last.Before(first) {
		return // no complete week yet
	}
	span, _ := NewPeriod(first, last)
	weeks := span.Days() / 7
	off := decimal.Zero
	for _, e := range log {
		if span.Contains(e.Date) && e.Site != Enterprise {
			off = off.Add(e.Hours)
		}
	}
	need := perWeek.Mul(decimal.NewFromInt(int64(weeks)))
	if off.Cmp(need) < 0 {
		c.add(Finding{Kind: OffTheJobHoursBelow, Period: span, Measured: off, Limit: need,
			Reason: fmt.Sprintf("%s off-the-job hours (school and base) in the %d complete weeks %s, below %s × %d = %s", ruleShow(off), weeks, span, ruleShow(perWeek), weeks, ruleShow(need))})
	}
}

// logMonday returns the Monday of d's ISO week. The calendar starts on
// 0001-01-01, a Monday, so every valid date has one.
func logMonday(d Date) Date {
	back := (int(d.In(nil).Weekday()) + 6) % 7 // Monday 0, ..., Sunday 6
	m, err := d.AddDays(-back)
	if err != nil {
		return d
	}
	return m
}

// logWeek returns the ISO week that starts on monday, cut at 9999-12-31.
func logWeek(monday Date) Period {
	end := monday
	for range 6 {
		next := end.Next()
		if next.IsZero() {
			break
		}
		end = next
	}
	p, _ := NewPeriod(monday, end)
	return p
}

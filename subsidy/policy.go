package subsidy

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/dualtrack/dualtrack/internal/dated"
	"github.com/dualtrack/dualtrack/internal/exact"
	"github.com/shopspring/decimal"
)

// PolicyFormat is the format tag of the JSON form of a policy.
const PolicyFormat = "dualtrack.policy/1"

// Param is an effective-dated parameter of a policy: a number (an amount, a
// number of months, a percentage) or a table of numbers keyed by category or
// level code. Exactly one of Number and Table holds entries. Every entry
// should carry the citation of the document its value comes from.
//
// Rules name the parameters they read; the value used for a claim is the
// entry in force on the rule's reference date (see DateBasis), as it was
// known on the evaluation's as-of date.
type Param struct {
	// Name identifies the parameter within its policy: lower-case letters,
	// digits, '_', '-' and '.', starting with a letter, at most 64 bytes.
	Name string
	// Unit documents what the values measure: a currency code such as
	// "CNY", or "months", "percent", "count", "days". It is not interpreted.
	Unit string
	// Number holds the entries of a number parameter.
	Number Series[decimal.Decimal]
	// Table holds the entries of a table parameter. Every entry must have
	// at least one key; keys follow the rules of Name but may also start with a
	// digit (level codes such as "1x-junior").
	Table Series[map[string]decimal.Decimal]
}

// IsTable reports whether p is a table parameter.
func (p Param) IsTable() bool { return !p.Table.IsZero() }

// Definition is everything a policy consists of, as built in Go or read from
// JSON. NewPolicy validates a Definition and turns it into a Policy.
type Definition struct {
	// Name identifies the policy, e.g. "cn-skill-improvement". Required;
	// the rules of Param.Name apply.
	Name string
	// Version distinguishes editions of the policy, e.g. "2024". Required.
	Version string
	// Title describes the policy for people.
	Title string
	// Jurisdiction is where the policy applies: an ISO 3166 code with an
	// optional subdivision, e.g. "CN", "CN-SD-QD", "DE", "GB-ENG".
	Jurisdiction string
	// Currency is the ISO 4217 code of every amount of the policy. Required.
	Currency string
	// Scheme names the scheme grants are recorded under in a Ledger, e.g.
	// "skill-improvement". History rules look at grants of this scheme
	// unless they name others. Required.
	Scheme string
	// Basis is the date parameters are read on for rules that do not say
	// otherwise; the zero value means OnClaimDate.
	Basis DateBasis
	// Rounding rounds the result of every rule that changes the award and
	// declares no rounding of its own. Its quantum must be a multiple of the
	// currency's minor unit. Required.
	Rounding Rounding
	// Params are the policy's parameters, with unique names.
	Params []Param
	// Rules are applied in order. Rule IDs must be unique.
	Rules []Rule
	// Schedule turns the award into dated payments; nil pays the award in
	// one payment on the claim date.
	Schedule Schedule
}

// Policy is a validated, immutable policy: safe for concurrent use by any
// number of evaluations. Build one with NewPolicy or LoadPolicy.
type Policy struct {
	def       Definition
	params    map[string]*param
	scale     int32 // decimals of the currency's minor unit
	round     unitRounding
	id        string          // name@version
	zero      decimal.Decimal // 0 with the currency's places, shared by results
	schedInfo ruleInfo        // what the schedule runs as
	digest    string
	canon     []byte // canonical JSON, the digest's input
	ruleInfo  []ruleInfo
	// amounts holds, by minor units, a decimal for each amount the policy's
	// parameters name, so that results share them instead of allocating
	// (decimals are never changed in place). Read-only once built.
	amounts map[int64]decimal.Decimal
	// frames recycles the evaluations' working memory (see Evaluate).
	frames *sync.Pool
}

// ruleInfo is what the engine precomputes about a rule.
type ruleInfo struct {
	meta      RuleMeta
	kind      string
	condition bool
	round     unitRounding // the rule's own rounding, or the policy's
}

// param is a compiled parameter: the series with each value also held as
// an exact rational, for the evaluation's fast path.
type param struct {
	name  string
	unit  string
	table bool
	num   dated.Series[numValue]
	tab   dated.Series[map[string]numValue]
}

// numValue is a parameter value in both forms.
type numValue struct {
	dec decimal.Decimal
	rat exact.Rat
}

// Errors of policy construction. Every error NewPolicy and LoadPolicy return
// for a bad policy is a *PolicyError matching ErrInvalidPolicy.
var ErrInvalidPolicy = errors.New("invalid policy")

// PolicyError reports what is wrong with a policy: the JSON path of the
// offending element (such as "rules[2].table" or
// "params[1].entries[0].value.senior"), the value found there and why it is
// rejected. Paths use the JSON names also for policies built in Go.
type PolicyError struct {
	Policy string // the policy's name, if known
	Path   string // JSON path of the element at fault; empty for the whole
	Value  string // the offending value as text, clipped; may be empty
	Reason string
	Err    error // the underlying error, if any; nil otherwise
}

// Error returns "subsidy: policy NAME: PATH = VALUE: REASON" with the parts
// that are known.
func (e *PolicyError) Error() string {
	s := "subsidy: policy"
	if e.Policy != "" {
		s += " " + quote(e.Policy)
	}
	if e.Path != "" {
		s += ": " + e.Path
	}
	if e.Value != "" {
		s += " = " + e.Value
	}
	s += ": " + e.Reason
	if e.Err != nil && e.Reason == "" {
		s += e.Err.Error()
	}
	return s
}

// Unwrap returns ErrInvalidPolicy and the underlying error, if any.
func (e *PolicyError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrInvalidPolicy, e.Err}
	}
	return []error{ErrInvalidPolicy}
}

var nameRE = regexp.MustCompile(`^[a-z][a-z0-9_.-]{0,63}$`)

// keyRE is the rule for table keys: like a name, but it may start with a
// digit (1+X level codes such as "1x-junior").
var keyRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,63}$`)

// nilPointer reports whether v holds a nil pointer (a typed nil in an
// interface), whose methods would dereference it.
func nilPointer(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// minorScale returns the decimals of currency's minor unit: 0 or 3 for the
// currencies whose minor unit is not the usual hundredth (ISO 4217), 2 for
// the others. (A switch, not a package-level map: nothing can change it.)
func minorScale(currency string) int32 {
	switch currency {
	case "JPY", "KRW", "VND", "ISK", "CLP":
		return 0
	case "BHD", "KWD", "OMR", "JOD", "TND", "LYD", "IQD":
		return 3
	}
	return 2
}

// NewPolicy validates def and returns it as a Policy. It checks every part
// up front: names, the currency and the rounding, each parameter (entries in
// order without overlap, values within the bounds of ParseAmount, citations
// are recommended but not checked here), each rule (its kind's own check,
// including that the parameters it names exist with the right shape) and the
// schedule. The first fault is reported as a *PolicyError naming its JSON
// path.
//
// NewPolicy copies the lists it keeps, and evaluation uses its own compiled
// copy of every parameter value; but rules, the schedule and the parameters'
// entries (table maps included) are kept as given, are returned by
// Definition and Param, and must not be changed afterwards.
func NewPolicy(def Definition) (*Policy, error) {
	p := &Policy{def: def, id: def.Name + "@" + def.Version}
	fail := func(path, value, reason string) (*Policy, error) {
		return nil, &PolicyError{Policy: def.Name, Path: path, Value: value, Reason: reason}
	}
	if !nameRE.MatchString(def.Name) {
		return fail("name", quote(def.Name), "must be 1 to 64 of a-z, 0-9, '_', '-', '.', starting with a letter")
	}
	if why := checkText(def.Version, true); why != "" {
		return fail("version", quote(def.Version), why)
	}
	for _, f := range [...]struct{ path, v string }{{"title", def.Title}, {"jurisdiction", def.Jurisdiction}} {
		if why := checkText(f.v, false); why != "" {
			return fail(f.path, quote(f.v), why)
		}
	}
	if !ledgerCurrency(def.Currency) {
		return fail("currency", quote(def.Currency), "not an ISO 4217 code of three capital letters")
	}
	if why := checkText(def.Scheme, true); why != "" {
		return fail("scheme", quote(def.Scheme), why)
	}
	if def.Basis == 0 {
		p.def.Basis = OnClaimDate
	} else if !def.Basis.IsValid() {
		return fail("basis", def.Basis.String(), "not a date basis")
	}
	p.scale = minorScale(def.Currency)
	r, err := newUnitRounding(def.Rounding, p.scale)
	if err != nil {
		return fail("rounding", def.Rounding.String(), err.Error())
	}
	p.round = r
	p.zero = decimal.New(0, -p.scale)
	p.schedInfo = ruleInfo{meta: RuleMeta{ID: scheduleID, On: p.def.Basis}, round: p.round}
	if def.Schedule != nil {
		if nilPointer(def.Schedule) {
			return fail("schedule", "null", "a nil schedule: leave Schedule nil to pay the award at once")
		}
		p.schedInfo.kind = def.Schedule.Kind()
	}

	p.params = make(map[string]*param, len(def.Params))
	p.def.Params = slices.Clone(def.Params)
	for i, prm := range def.Params {
		path := "params[" + strconv.Itoa(i) + "]"
		cp, perr := compileParam(path, prm)
		if perr != nil {
			perr.Policy = def.Name
			return nil, perr
		}
		if _, dup := p.params[prm.Name]; dup {
			return fail(path+".name", quote(prm.Name), "used by an earlier parameter")
		}
		p.params[prm.Name] = cp
	}
	p.amounts = policyAmounts(p.params, p.scale)
	var frames atomic.Uint32
	p.frames = &sync.Pool{New: func() any { return &frame{shard: frames.Add(1)} }}

	p.def.Rules = slices.Clone(def.Rules)
	ids := make(map[string]int, len(def.Rules))
	p.ruleInfo = make([]ruleInfo, len(def.Rules))
	for i, rule := range def.Rules {
		path := "rules[" + strconv.Itoa(i) + "]"
		if rule == nil || nilPointer(rule) {
			return fail(path, "null", "no rule")
		}
		m := rule.Meta()
		if !nameRE.MatchString(m.ID) {
			return fail(path+".id", quote(m.ID), "must be 1 to 64 of a-z, 0-9, '_', '-', '.', starting with a letter")
		}
		if m.ID == scheduleID {
			return fail(path+".id", quote(m.ID), "reserved for the schedule")
		}
		if j, dup := ids[m.ID]; dup {
			return fail(path+".id", quote(m.ID), "already the id of rules["+strconv.Itoa(j)+"]")
		}
		ids[m.ID] = i
		if m.On != 0 && !m.On.IsValid() {
			return fail(path+".on", m.On.String(), "not a date basis")
		}
		if why := checkText(m.Note, false); why != "" {
			return fail(path+".note", quote(m.Note), why)
		}
		if !nameRE.MatchString(rule.Kind()) {
			return fail(path+".kind", quote(rule.Kind()), "not a valid kind name")
		}
		info := ruleInfo{meta: m, kind: rule.Kind(), round: p.round}
		if info.meta.On == 0 {
			info.meta.On = p.def.Basis
		}
		if m.Rounding.IsValid() {
			ur, err := newUnitRounding(m.Rounding, p.scale)
			if err != nil {
				return fail(path+".rounding", m.Rounding.String(), err.Error())
			}
			info.round = ur
		}
		if c, ok := rule.(interface{ IsCondition() bool }); ok {
			info.condition = c.IsCondition()
		}
		p.ruleInfo[i] = info
		if err := rule.Check(p); err != nil {
			return nil, policyErrorAt(def.Name, path, err)
		}
	}
	if def.Schedule != nil {
		if err := def.Schedule.Check(p); err != nil {
			return nil, policyErrorAt(def.Name, "schedule", err)
		}
	}

	canon, err := json.Marshal(p.def.jsonForm())
	if err != nil {
		return fail("", "", "cannot be encoded as JSON: "+err.Error())
	}
	sum := sha256.Sum256(canon)
	p.canon = canon
	p.digest = "sha256:" + hex.EncodeToString(sum[:])
	return p, nil
}

// policyErrorAt turns an error of a rule's or schedule's Check into a
// *PolicyError below path. A *PolicyError's own path is taken as relative to
// path; a *FieldError names a field below path.
func policyErrorAt(policy, path string, err error) error {
	var pe *PolicyError
	if errors.As(err, &pe) {
		out := *pe
		out.Policy = policy
		if out.Path == "" {
			out.Path = path
		} else {
			out.Path = path + "." + out.Path
		}
		return &out
	}
	return &PolicyError{Policy: policy, Path: path, Reason: err.Error(), Err: err}
}

// paramRefError is the error for a rule field naming a parameter that does
// not exist or has the wrong shape.
func paramRefError(field, name, reason string) error {
	return &PolicyError{Path: field, Value: quote(name), Reason: reason}
}

// FieldError returns the error a rule's Check reports for a bad field of the
// rule: its JSON name, the value as text and the reason. It is meant for
// custom rule kinds.
func FieldError(field, value, reason string) error {
	return &PolicyError{Path: field, Value: value, Reason: reason}
}

// CheckParam reports, as an error naming field, whether the policy has a
// parameter called name of the wanted shape (a table when table is true, a
// number otherwise). Rules call it from Check for every parameter they read.
func (p *Policy) CheckParam(field, name string, table bool) error {
	prm, ok := p.params[name]
	switch {
	case name == "":
		return &PolicyError{Path: field, Reason: "required: the name of a parameter"}
	case !ok:
		return paramRefError(field, name, "no such parameter")
	case prm.table && !table:
		return paramRefError(field, name, "is a table; a number parameter is needed")
	case !prm.table && table:
		return paramRefError(field, name, "is a number; a table parameter is needed")
	}
	return nil
}

func compileParam(path string, prm Param) (*param, *PolicyError) {
	fail := func(sub, value, reason string) (*param, *PolicyError) {
		return nil, &PolicyError{Path: path + sub, Value: value, Reason: reason}
	}
	if !nameRE.MatchString(prm.Name) {
		return fail(".name", quote(prm.Name), "must be 1 to 64 of a-z, 0-9, '_', '-', '.', starting with a letter")
	}
	if why := checkText(prm.Unit, false); why != "" {
		return fail(".unit", quote(prm.Unit), why)
	}
	hasNum, hasTab := !prm.Number.IsZero(), !prm.Table.IsZero()
	if hasNum == hasTab {
		return fail("", quote(prm.Name), "needs entries as a number or as a table, not both or neither")
	}
	cp := &param{name: prm.Name, unit: prm.Unit, table: hasTab}
	convert := func(sub string, d decimal.Decimal) (numValue, *PolicyError) {
		if _, err := ParseAmount(ledgerShow(d)); err != nil { // bounded: d.String() would expand a huge exponent
			return numValue{}, &PolicyError{Path: path + sub, Value: clipDec(d), Reason: "too many digits"}
		}
		r, err := exact.FromDecimal(d)
		if err != nil {
			return numValue{}, &PolicyError{Path: path + sub, Value: clipDec(d), Reason: "too large for exact arithmetic"}
		}
		return numValue{dec: d, rat: r}, nil
	}
	opts := []dated.Option{}
	if hasNum {
		if prm.Number.IsContinuous() {
			opts = append(opts, dated.Continuous())
		}
		entries := make([]dated.Entry[numValue], 0, prm.Number.Len())
		for i, e := range prm.Number.All() {
			v, perr := convert(".entries["+strconv.Itoa(i)+"].value", e.Value)
			if perr != nil {
				return nil, perr
			}
			if perr := checkCitation(path+".entries["+strconv.Itoa(i)+"].citation", e.Citation); perr != nil {
				return nil, perr
			}
			entries = append(entries, dated.Entry[numValue]{From: e.From, Until: e.Until, Value: v, Citation: e.Citation, Published: e.Published})
		}
		s, err := dated.New(prm.Name, entries, opts...)
		if err != nil {
			return fail("", quote(prm.Name), err.Error())
		}
		cp.num = s
		return cp, nil
	}
	if prm.Table.IsContinuous() {
		opts = append(opts, dated.Continuous())
	}
	entries := make([]dated.Entry[map[string]numValue], 0, prm.Table.Len())
	for i, e := range prm.Table.All() {
		sub := ".entries[" + strconv.Itoa(i) + "].value"
		if len(e.Value) == 0 {
			return fail(sub, "{}", "a table needs at least one key")
		}
		m := make(map[string]numValue, len(e.Value))
		for _, k := range slices.Sorted(maps.Keys(e.Value)) {
			if !keyRE.MatchString(k) {
				return fail(sub, quote(k), "not a valid key: 1 to 64 of a-z, 0-9, '_', '-', '.', starting with a letter or digit")
			}
			v, perr := convert(sub+"."+k, e.Value[k])
			if perr != nil {
				return nil, perr
			}
			m[k] = v
		}
		if perr := checkCitation(path+".entries["+strconv.Itoa(i)+"].citation", e.Citation); perr != nil {
			return nil, perr
		}
		entries = append(entries, dated.Entry[map[string]numValue]{From: e.From, Until: e.Until, Value: m, Citation: e.Citation, Published: e.Published})
	}
	s, err := dated.New(prm.Name, entries, opts...)
	if err != nil {
		return fail("", quote(prm.Name), err.Error())
	}
	cp.tab = s
	return cp, nil
}

// checkCitation checks a citation's text: at most 256 bytes of UTF-8 without
// control characters in the title and number, 2048 in the URL.
func checkCitation(path string, c Citation) *PolicyError {
	for _, f := range [...]struct{ name, v string }{{"title", c.Title}, {"number", c.Number}} {
		if why := checkText(f.v, false); why != "" {
			return &PolicyError{Path: path + "." + f.name, Value: quote(f.v), Reason: why}
		}
	}
	if len(c.URL) > 2048 || !utf8.ValidString(c.URL) || ledgerHasControl(c.URL) {
		return &PolicyError{Path: path + ".url", Value: quote(c.URL), Reason: "longer than 2048 bytes, not UTF-8 or with control characters"}
	}
	return nil
}

func clipDec(d decimal.Decimal) string { return ledgerShow(d) }

// Name returns the policy's name.
func (p *Policy) Name() string { return p.def.Name }

// Version returns the policy's version.
func (p *Policy) Version() string { return p.def.Version }

// ID returns "name@version", the way results name the policy.
func (p *Policy) ID() string { return p.id }

// Currency returns the ISO 4217 code of the policy's amounts.
func (p *Policy) Currency() string { return p.def.Currency }

// Scheme returns the scheme the policy's grants are recorded under.
func (p *Policy) Scheme() string { return p.def.Scheme }

// Digest returns "sha256:" and the hexadecimal SHA-256 of the policy's
// canonical JSON form (what MarshalJSON writes). Two policies with the same
// digest compute the same results; any change to a parameter, a citation or
// a rule changes it.
func (p *Policy) Digest() string { return p.digest }

// Definition returns a copy of what the policy was built from. The rules and
// the schedule are shared and must not be changed.
func (p *Policy) Definition() Definition {
	d := p.def
	d.Params = slices.Clone(p.def.Params)
	d.Rules = slices.Clone(p.def.Rules)
	return d
}

// Param returns the parameter called name, if the policy has one.
func (p *Policy) Param(name string) (Param, bool) {
	for _, prm := range p.def.Params {
		if prm.Name == name {
			return prm, true
		}
	}
	return Param{}, false
}

// WithParams returns a copy of the policy in which each given parameter
// replaces the one of the same name: the what-if of "the same policy with
// other numbers". Every name must exist in p with the same shape. The copy
// has its own digest.
func (p *Policy) WithParams(params ...Param) (*Policy, error) {
	def := p.Definition()
	for i, prm := range params {
		j := slices.IndexFunc(def.Params, func(q Param) bool { return q.Name == prm.Name })
		if j < 0 {
			return nil, &PolicyError{Policy: p.def.Name, Path: fmt.Sprintf("overrides[%d].name", i), Value: quote(prm.Name), Reason: "no such parameter in the policy"}
		}
		if def.Params[j].IsTable() != prm.IsTable() {
			return nil, &PolicyError{Policy: p.def.Name, Path: fmt.Sprintf("overrides[%d]", i), Value: quote(prm.Name), Reason: "has a different shape (number or table) than the policy's parameter"}
		}
		def.Params[j] = prm
	}
	return NewPolicy(def)
}

// MarshalJSON encodes the policy in its canonical JSON form (see
// LoadPolicy), the same bytes its digest is computed from.
func (p *Policy) MarshalJSON() ([]byte, error) { return slices.Clone(p.canon), nil }

// policyAmountsMax is the most amounts policyAmounts keeps.
const policyAmountsMax = 256

// policyAmounts collects the positive values of the parameters that are
// whole multiples of the minor unit, as decimals with scale places keyed by
// their minor units: the amounts awards most often come to.
func policyAmounts(params map[string]*param, scale int32) map[int64]decimal.Decimal {
	out := make(map[int64]decimal.Decimal)
	add := func(v numValue) {
		if len(out) >= policyAmountsMax || v.rat.Sign() <= 0 {
			return
		}
		u, err := v.rat.MulInt(pow10(scale))
		if err != nil || !u.IsInt() {
			return
		}
		out[u.Num()] = decimal.New(u.Num(), -scale)
	}
	for _, prm := range params {
		for _, e := range prm.num.All() {
			add(e.Value)
		}
		for _, e := range prm.tab.All() {
			for _, v := range e.Value {
				add(v)
			}
		}
	}
	return out
}

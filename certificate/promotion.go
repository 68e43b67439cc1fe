package certificate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// ContestClass is the class of a competition (竞赛类别) as a place's rules
// name it, for example "city-1" (市级一类), "city-2", "district",
// "enterprise" or "school". Classes are not a closed set: each configuration
// chooses its own codes, which are compared exactly. A valid class is 1 to 64
// ASCII letters, digits, '-', '_' or '.'.
type ContestClass string

// promoMaxClassLen bounds the length of a contest class code.
const promoMaxClassLen = 64

// IsValid reports whether c is a well-formed class code.
func (c ContestClass) IsValid() bool {
	if len(c) == 0 || len(c) > promoMaxClassLen {
		return false
	}
	for i := 0; i < len(c); i++ {
		b := c[i]
		switch {
		case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z', b >= '0' && b <= '9', b == '-', b == '_', b == '.':
		default:
			return false
		}
	}
	return true
}

// PromotionTier is one row of a place's promotion rules: for results in any
// of its contest classes by participants of any of its holder kinds, who
// qualifies, and which level they get.
//
// Exactly one of TopRank and TopPercent is set. A participant below Grants
// (or holding no level) is granted Grants; one at or above it is promoted one
// step, but never above UpTo. UpTo equal to Grants means the tier grants
// Grants only and promotes nobody who already holds it.
type PromotionTier struct {
	// Classes are the contest classes the tier applies to. At least one.
	Classes []ContestClass `json:"classes"`
	// HolderKinds are the kinds of participant the tier applies to
	// (employees, students, or both). At least one.
	HolderKinds []HolderKind `json:"holderKinds"`
	// TopRank qualifies the participants placed 1 to TopRank (前N名).
	TopRank int `json:"topRank,omitzero"`
	// TopPercent, in whole percent from 1 to 100, qualifies the best
	// TopPercent% of the participants (前P%), rounded down: rank × 100 ≤
	// TopPercent × participants.
	TopPercent int `json:"topPercent,omitzero"`
	// Grants is the level granted to a participant below it.
	Grants Level `json:"grants"`
	// UpTo is the highest level the tier can confer by promoting one step
	// someone who already holds Grants or more. It is Grants or above.
	UpTo Level `json:"upTo"`
}

// validate checks the tier against the rules' ladder. Field paths are
// relative to the tier.
func (t PromotionTier) validate(ladder Ladder) error {
	if len(t.Classes) == 0 {
		return fieldErr("classes", "", "a tier needs at least one contest class")
	}
	seen := make(map[ContestClass]bool, len(t.Classes))
	for i, c := range t.Classes {
		if !c.IsValid() {
			return fieldErr(fmt.Sprintf("classes[%d]", i), string(c),
				fmt.Sprintf("a contest class is 1 to %d ASCII letters, digits, '-', '_' or '.'", promoMaxClassLen))
		}
		if seen[c] {
			return fieldErr(fmt.Sprintf("classes[%d]", i), string(c), "contest class listed twice")
		}
		seen[c] = true
	}
	if len(t.HolderKinds) == 0 {
		return fieldErr("holderKinds", "", "a tier needs at least one holder kind")
	}
	for i, k := range t.HolderKinds {
		if !k.IsValid() {
			return fieldErr(fmt.Sprintf("holderKinds[%d]", i), k.String(), "not a valid holder kind")
		}
		if slices.Contains(t.HolderKinds[:i], k) {
			return fieldErr(fmt.Sprintf("holderKinds[%d]", i), k.String(), "holder kind listed twice")
		}
	}
	switch {
	case t.TopRank < 0:
		return fieldErr("topRank", strconv.Itoa(t.TopRank), "must be positive")
	case t.TopPercent < 0 || t.TopPercent > 100:
		return fieldErr("topPercent", strconv.Itoa(t.TopPercent), "must be a whole percent from 1 to 100")
	case t.TopRank > 0 && t.TopPercent > 0:
		return fieldErr("topPercent", strconv.Itoa(t.TopPercent),
			fmt.Sprintf("a tier qualifies by topRank or by topPercent, not both (topRank is %d)", t.TopRank))
	case t.TopRank == 0 && t.TopPercent == 0:
		return fieldErr("topRank", "", "a tier needs topRank or topPercent")
	}
	if err := promoCheckLevel("grants", t.Grants, ladder); err != nil {
		return err
	}
	if err := promoCheckLevel("upTo", t.UpTo, ladder); err != nil {
		return err
	}
	if !t.UpTo.AtLeast(t.Grants) {
		return fieldErr("upTo", t.UpTo.String(), fmt.Sprintf("below the granted level %s", t.Grants))
	}
	return nil
}

// promoInvalid returns an error kind for a *FieldError that matches both
// ErrInvalid, which every bad-input error of this file matches, and the more
// specific sentinel kind (ErrInvalidLevel, ErrLadderMismatch).
func promoInvalid(kind error) error { return errors.Join(ErrInvalid, kind) }

// promoCheckLevel checks that l is a valid level of ladder.
func promoCheckLevel(field string, l Level, ladder Ladder) error {
	if !l.IsValid() {
		return &FieldError{Field: field, Value: l.String(), Reason: "not a valid level", Err: promoInvalid(ErrInvalidLevel)}
	}
	if l.Ladder() != ladder {
		return &FieldError{Field: field, Value: l.String(),
			Reason: fmt.Sprintf("not a level of the rules' ladder %s", ladder), Err: promoInvalid(ErrLadderMismatch)}
	}
	return nil
}

// cutoff returns the lowest-placed rank that qualifies among participants
// (0 if none does), and for a percent tier the exact share
// TopPercent × participants / 100 as text, such as "5.1".
func (t PromotionTier) cutoff(participants int) (int, string) {
	if t.TopRank > 0 {
		return min(t.TopRank, participants), ""
	}
	// ⌊p × n / 100⌋ without overflow: n = 100q + r, so p×n/100 = p×q + p×r/100.
	q, r := participants/100, participants%100
	whole := t.TopPercent*q + t.TopPercent*r/100
	hundredths := t.TopPercent * r % 100
	share := strconv.Itoa(whole)
	if hundredths != 0 {
		share += strings.TrimRight(fmt.Sprintf(".%02d", hundredths), "0")
	}
	return whole, share
}

// holds reports whether the tier applies to the class and the holder kind.
func (t PromotionTier) holds(class ContestClass, kind HolderKind) bool {
	return slices.Contains(t.Classes, class) && slices.Contains(t.HolderKinds, kind)
}

// clone returns a deep copy of t.
func (t PromotionTier) clone() PromotionTier {
	t.Classes = slices.Clone(t.Classes)
	t.HolderKinds = slices.Clone(t.HolderKinds)
	return t
}

// PromotionRules are one place's competition promotion rules (竞赛晋级): a
// ladder, the tiers, and a yearly cap. Build them with NewPromotionRules or
// load them with ParsePromotionRules; they are immutable and safe for
// concurrent use. The zero PromotionRules has no tiers and Decide rejects it.
//
// Labour and skill competitions (劳动和技能竞赛) promote their best placed
// participants by a skill level, under rules that each place publishes.
// Tianjin's 2024 rules, for example, grant an employee placed in the top 10
// of a city class-1 contest the level 技师 (and promote one who already holds
// 技师 to 高级技师), and allow at most one promotion per person per year;
// Hainan grants 二级 to gold, silver and bronze medallists (and 一级 to one
// who already holds 二级). Contest classes, tiers, levels and the yearly cap
// all differ by place, so they are data, not code.
//
// The rules decide a contest result (see Decide) as follows:
//
//   - The tier is the one whose classes include the contest's class and
//     whose holder kinds include the participant's kind; tiers never overlap.
//     No tier means no promotion (RefusedNoTier).
//   - The participant qualifies by rank (rank ≤ TopRank) or by share of the
//     participants: rank × 100 ≤ TopPercent × participants, that is rank ≤
//     ⌊TopPercent × participants / 100⌋, rounded down so that no more than
//     the stated share is ever promoted (30% of 17 participants is 5.1:
//     ranks 1 to 5 qualify, rank 6 does not; 30% of 3 is 0.9: nobody).
//     Otherwise RefusedPlacement.
//   - Someone holding no level, or a level below the tier's Grants, is
//     granted Grants, however far below it they are. Someone already at or
//     above Grants is promoted one step above the level they hold, unless
//     they hold the tier's UpTo or more (RefusedTierCap) or the top of the
//     ladder (RefusedTopOfLadder).
//   - At most MaxPerYear promotions per person per calendar year of the
//     contest's date: every promotion in the history dated in that calendar
//     year counts, whether before or after the contest (RefusedYearlyCap).
//     "Per year" is read as the calendar year, not as a rolling twelve
//     months: the published caps say only "per year", and the calendar year
//     is what registries count by.
//
// A refusal lists every reason that applies, except that without a tier
// there is no placement or level to check.
//
// In JSON, rules are an object
//
//	{"name": "...", "ladder": "eight", "maxPerYear": 1, "tiers": [
//	  {"classes": ["city-1"], "holderKinds": ["employee"], "topRank": 10,
//	   "grants": "eight-technician", "upTo": "eight-senior-technician"}, ...]}
//
// with the ladder as its code ("1x", "national", "eight") and levels as
// their codes.
type PromotionRules struct {
	name       string
	ladder     Ladder
	maxPerYear int
	tiers      []PromotionTier
}

// NewPromotionRules returns validated promotion rules. It rejects an empty
// name, a ladder that is not one of the ladders, maxPerYear below 1, no
// tiers, and any tier that breaks a rule of PromotionTier: no classes or
// holder kinds, a malformed class, both or neither of TopRank and TopPercent,
// TopPercent outside 1 to 100, a level that is not on the ladder (matching
// ErrLadderMismatch), UpTo below Grants; and two tiers that both apply to the
// same class and holder kind. Errors are *FieldError values whose Field is
// the JSON path of the offending value, such as "tiers[2].topPercent"; all
// match ErrInvalid, and a bad level also ErrInvalidLevel or
// ErrLadderMismatch. The tiers are copied.
func NewPromotionRules(name string, ladder Ladder, maxPerYear int, tiers ...PromotionTier) (PromotionRules, error) {
	if strings.TrimSpace(name) == "" {
		return PromotionRules{}, fieldErr("name", name, "promotion rules need a name")
	}
	if !ladder.IsValid() {
		return PromotionRules{}, fieldErr("ladder", ladder.String(), "not a valid ladder")
	}
	if maxPerYear < 1 {
		return PromotionRules{}, fieldErr("maxPerYear", strconv.Itoa(maxPerYear), "at least one promotion per year must be allowed")
	}
	if len(tiers) == 0 {
		return PromotionRules{}, fieldErr("tiers", "", "promotion rules need at least one tier")
	}
	type key struct {
		class ContestClass
		kind  HolderKind
	}
	seen := make(map[key]int) // the tier that applies to each (class, kind)
	r := PromotionRules{name: name, ladder: ladder, maxPerYear: maxPerYear, tiers: make([]PromotionTier, len(tiers))}
	for i, t := range tiers {
		path := fmt.Sprintf("tiers[%d]", i)
		if err := t.validate(ladder); err != nil {
			return PromotionRules{}, prefix(path, err)
		}
		for ci, c := range t.Classes {
			for _, k := range t.HolderKinds {
				if j, dup := seen[key{c, k}]; dup {
					return PromotionRules{}, fieldErr(fmt.Sprintf("%s.classes[%d]", path, ci), string(c),
						fmt.Sprintf("tiers[%d] already applies to contest class %q and holder kind %s", j, c, k))
				}
				seen[key{c, k}] = i
			}
		}
		r.tiers[i] = t.clone()
	}
	return r, nil
}

// Name returns the name of the rules, such as "Tianjin 2024".
func (r PromotionRules) Name() string { return r.name }

// Ladder returns the ladder whose levels the rules grant.
func (r PromotionRules) Ladder() Ladder { return r.ladder }

// MaxPerYear returns the most promotions a person may receive in a calendar
// year.
func (r PromotionRules) MaxPerYear() int { return r.maxPerYear }

// Tiers returns a copy of the tiers, in the order they were given.
func (r PromotionRules) Tiers() []PromotionTier {
	out := make([]PromotionTier, len(r.tiers))
	for i, t := range r.tiers {
		out[i] = t.clone()
	}
	return out
}

// ContestResult is one participant's placement in a competition.
type ContestResult struct {
	// Contest names the competition. Required.
	Contest string `json:"contest"`
	// Class is the contest's class under the rules that will judge it.
	Class ContestClass `json:"class"`
	// Date is the day of the result; a promotion it earns is dated on it,
	// and the yearly cap counts its calendar year.
	Date Date `json:"date"`
	// Rank is the participant's placement, 1 for the winner.
	Rank int `json:"rank"`
	// Participants is the number of people ranked, at least Rank.
	Participants int `json:"participants"`
	// HolderKind says whether the participant is an employee or a student.
	HolderKind HolderKind `json:"holderKind"`
}

// Validate checks that the result names a contest, a well-formed class, a
// date and a holder kind, and that 1 ≤ Rank ≤ Participants.
func (res ContestResult) Validate() error {
	switch {
	case strings.TrimSpace(res.Contest) == "":
		return fieldErr("contest", res.Contest, "a contest result needs the contest's name")
	case !res.Class.IsValid():
		return fieldErr("class", string(res.Class), "not a well-formed contest class")
	case res.Date.IsZero():
		return fieldErr("date", "", "a contest result needs a date")
	case res.Rank < 1:
		return fieldErr("rank", strconv.Itoa(res.Rank), "a rank starts at 1")
	case res.Participants < res.Rank:
		return fieldErr("participants", strconv.Itoa(res.Participants),
			fmt.Sprintf("fewer participants than the rank %d", res.Rank))
	case !res.HolderKind.IsValid():
		return fieldErr("holderKind", res.HolderKind.String(), "not a valid holder kind")
	}
	return nil
}

// Promotion is a promotion a person received, as recorded for the yearly
// cap: the day of the result that earned it and the level reached.
type Promotion struct {
	On      Date   `json:"on"`
	Level   Level  `json:"level"`
	Contest string `json:"contest,omitempty"` // the contest's name, if known
}

// RefusalReason says why a promotion was refused.
type RefusalReason uint8

// The reasons for refusing a promotion. The zero RefusalReason is not a
// reason.
const (
	// RefusedNoTier: no tier applies to the contest class and holder kind.
	RefusedNoTier RefusalReason = iota + 1
	// RefusedPlacement: the rank is outside the tier's top N or top P%.
	RefusedPlacement
	// RefusedTopOfLadder: the participant holds the top level of the ladder.
	RefusedTopOfLadder
	// RefusedTierCap: the participant already holds the tier's UpTo level
	// or more.
	RefusedTierCap
	// RefusedYearlyCap: the participant already had MaxPerYear promotions
	// in the calendar year of the contest.
	RefusedYearlyCap
)

var refusalReasons = codes[RefusalReason]{"refusal reason",
	[]string{"", "no-tier", "placement", "top-of-ladder", "tier-cap", "yearly-cap"}}

// IsValid reports whether r is one of the reasons.
func (r RefusalReason) IsValid() bool { return refusalReasons.valid(r) }

// String returns the stable code of r, such as "yearly-cap".
func (r RefusalReason) String() string { return refusalReasons.String(r) }

// MarshalText implements encoding.TextMarshaler with the stable code.
func (r RefusalReason) MarshalText() ([]byte, error) { return refusalReasons.marshal(r) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown codes are errors.
func (r *RefusalReason) UnmarshalText(b []byte) (err error) {
	*r, err = refusalReasons.parse(string(b))
	return err
}

// Refusal is one reason a promotion was refused, with a sentence for people
// that gives the numbers.
type Refusal struct {
	Reason RefusalReason `json:"reason"`
	Detail string        `json:"detail"`
}

// PromotionDecision is the outcome of PromotionRules.Decide: whether the
// promotion is granted, to which level, under which tier, and if refused,
// every reason.
type PromotionDecision struct {
	// Result is the contest result decided on.
	Result ContestResult `json:"result"`
	// Held is the level the participant held before (0 for none).
	Held Level `json:"held,omitzero"`
	// Granted reports whether the participant is promoted.
	Granted bool `json:"granted"`
	// Level is the level granted (0 when refused).
	Level Level `json:"level,omitzero"`
	// Tier is the tier that applied: the zero PromotionTier if none did.
	Tier PromotionTier `json:"tier,omitzero"`
	// Refusals lists every reason for a refusal; it is empty when granted.
	Refusals []Refusal `json:"refusals,omitempty"`
}

// Promotion returns the promotion to add to the participant's history, and
// false if the decision is a refusal.
func (d PromotionDecision) Promotion() (Promotion, bool) {
	if !d.Granted {
		return Promotion{}, false
	}
	return Promotion{On: d.Result.Date, Level: d.Level, Contest: d.Result.Contest}, true
}

// Decide applies the rules to a contest result, for a participant who holds
// the level held on the rules' ladder (0 for none) and received the
// promotions in history, deciding as of the day asOf. See the package
// documentation for the rule; a refusal is a decision, not an error, and
// carries every reason that applies.
//
// Errors (*FieldError, naming the argument: "result.rank", "held",
// "history[1].on", "asOf"; all match ErrInvalid) are for bad input: rules
// not built by NewPromotionRules or ParsePromotionRules, a zero asOf, a
// result that fails ContestResult.Validate or is dated after asOf, a held
// level that is not a level of the rules' ladder (matching
// ErrLadderMismatch), and a history entry without a date, dated after asOf,
// or with an invalid level. A contest class that no tier mentions is not an
// error but a refusal (RefusedNoTier): results come from many competitions,
// and a place's rules promote through only some of them.
func (r PromotionRules) Decide(res ContestResult, held Level, history []Promotion, asOf Date) (PromotionDecision, error) {
	if len(r.tiers) == 0 {
		return PromotionDecision{}, fieldErr("rules", "", "promotion rules must be built by NewPromotionRules or ParsePromotionRules")
	}
	if asOf.IsZero() {
		return PromotionDecision{}, fieldErr("asOf", "", "a decision needs an as-of date")
	}
	if err := res.Validate(); err != nil {
		return PromotionDecision{}, prefix("result", err)
	}
	if res.Date.After(asOf) {
		return PromotionDecision{}, fieldErr("result.date", res.Date.String(), fmt.Sprintf("after the as-of date %s", asOf))
	}
	if held != 0 {
		if err := promoCheckLevel("held", held, r.ladder); err != nil {
			return PromotionDecision{}, err
		}
	}
	var sameYear []Date
	for i, p := range history {
		path := fmt.Sprintf("history[%d]", i)
		switch {
		case p.On.IsZero():
			return PromotionDecision{}, fieldErr(path+".on", "", "a promotion needs a date")
		case p.On.After(asOf):
			return PromotionDecision{}, fieldErr(path+".on", p.On.String(), fmt.Sprintf("after the as-of date %s", asOf))
		case !p.Level.IsValid():
			return PromotionDecision{}, &FieldError{Field: path + ".level", Value: p.Level.String(), Reason: "not a valid level", Err: promoInvalid(ErrInvalidLevel)}
		}
		if p.On.Year() == res.Date.Year() {
			sameYear = append(sameYear, p.On)
		}
	}

	d := PromotionDecision{Result: res, Held: held}
	refuse := func(reason RefusalReason, format string, args ...any) {
		d.Refusals = append(d.Refusals, Refusal{Reason: reason, Detail: fmt.Sprintf(format, args...)})
	}
	i := slices.IndexFunc(r.tiers, func(t PromotionTier) bool { return t.holds(res.Class, res.HolderKind) })
	var level Level
	if i < 0 {
		detail := fmt.Sprintf("no tier of %q applies to contest class %q and holder kind %s", r.name, res.Class, res.HolderKind)
		if !slices.ContainsFunc(r.tiers, func(t PromotionTier) bool { return slices.Contains(t.Classes, res.Class) }) {
			detail += fmt.Sprintf("; the classes the rules know are %s", strings.Join(r.classes(), ", "))
		}
		refuse(RefusedNoTier, "%s", detail)
	} else {
		t := r.tiers[i]
		d.Tier = t.clone()
		if cut, share := t.cutoff(res.Participants); res.Rank > cut {
			if t.TopRank > 0 {
				refuse(RefusedPlacement, "rank %d is outside the top %d", res.Rank, t.TopRank)
			} else {
				refuse(RefusedPlacement, "rank %d of %d is outside the top %d%%: %d × %d%% = %s, rounded down to %d qualifying",
					res.Rank, res.Participants, t.TopPercent, res.Participants, t.TopPercent, share, cut)
			}
		}
		switch next, ok := held.Next(); {
		case held == 0 || !held.AtLeast(t.Grants):
			level = t.Grants
		case !ok: // held is the top of the ladder, so at or above UpTo too
			refuse(RefusedTopOfLadder, "holds %s, the top of the %s ladder", held, r.ladder)
		case held.AtLeast(t.UpTo):
			refuse(RefusedTierCap, "holds %s, already at or above %s, the highest level this tier confers", held, t.UpTo)
		default:
			level = next
		}
	}
	if len(sameYear) >= r.maxPerYear {
		dates := make([]string, len(sameYear))
		for k, on := range sameYear {
			dates[k] = on.String()
		}
		refuse(RefusedYearlyCap, "at most %d %s per person per year: already %d in %d (%s)",
			r.maxPerYear, promoPlural(r.maxPerYear, "promotion"), len(sameYear), res.Date.Year(), strings.Join(dates, ", "))
	}
	if len(d.Refusals) == 0 {
		d.Granted, d.Level = true, level
	}
	return d, nil
}

// classes returns the contest classes the tiers mention, in order of first
// mention.
func (r PromotionRules) classes() []string {
	var out []string
	seen := make(map[ContestClass]bool)
	for _, t := range r.tiers {
		for _, c := range t.Classes {
			if !seen[c] {
				seen[c] = true
				out = append(out, string(c))
			}
		}
	}
	return out
}

func promoPlural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// promoRulesJSON is the JSON form of PromotionRules on the way out.
type promoRulesJSON struct {
	Name       string          `json:"name"`
	Ladder     string          `json:"ladder"`
	MaxPerYear int             `json:"maxPerYear"`
	Tiers      []PromotionTier `json:"tiers"`
}

// MarshalJSON encodes the rules as the object described on PromotionRules.
// The zero PromotionRules cannot be encoded.
func (r PromotionRules) MarshalJSON() ([]byte, error) {
	if len(r.tiers) == 0 {
		return nil, fieldErr("rules", "", "the zero PromotionRules cannot be encoded")
	}
	return json.Marshal(promoRulesJSON{Name: r.name, Ladder: r.ladder.String(), MaxPerYear: r.maxPerYear, Tiers: r.tiers})
}

// UnmarshalJSON decodes rules as ParsePromotionRules does. On error r is
// unchanged.
func (r *PromotionRules) UnmarshalJSON(data []byte) error {
	v, err := ParsePromotionRules(data)
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// ParsePromotionRules loads promotion rules from their JSON form (see
// PromotionRules) and validates them as NewPromotionRules does. It is strict:
// member names must match exactly, unknown or repeated members and null
// values are rejected, numbers must be integers, and nothing may follow the
// object. Every error is a *FieldError whose Field is the JSON path of the
// offending member ("tiers[2].topPercent"), or "$" for the document itself.
func ParsePromotionRules(data []byte) (PromotionRules, error) {
	m, err := promoObject(data, "", "name", "ladder", "maxPerYear", "tiers")
	if err != nil {
		return PromotionRules{}, err
	}
	name, err := promoMember[string](m, "", "name", "a string")
	if err != nil {
		return PromotionRules{}, err
	}
	code, err := promoMember[string](m, "", "ladder", "a string")
	if err != nil {
		return PromotionRules{}, err
	}
	ladder, err := ParseLadder(code)
	if err != nil {
		return PromotionRules{}, err
	}
	maxPerYear, err := promoMember[int](m, "", "maxPerYear", "an integer")
	if err != nil {
		return PromotionRules{}, err
	}
	raws, err := promoMember[[]json.RawMessage](m, "", "tiers", "an array")
	if err != nil {
		return PromotionRules{}, err
	}
	tiers := make([]PromotionTier, len(raws))
	for i, raw := range raws {
		if tiers[i], err = promoParseTier(raw, fmt.Sprintf("tiers[%d]", i)); err != nil {
			return PromotionRules{}, err
		}
	}
	return NewPromotionRules(name, ladder, maxPerYear, tiers...)
}

// promoParseTier decodes the JSON object of one tier; path names it.
func promoParseTier(raw json.RawMessage, path string) (PromotionTier, error) {
	m, err := promoObject(raw, path, "classes", "holderKinds", "topRank", "topPercent", "grants", "upTo")
	if err != nil {
		return PromotionTier{}, err
	}
	var t PromotionTier
	classes, err := promoMember[[]string](m, path, "classes", "an array of strings")
	if err != nil {
		return PromotionTier{}, err
	}
	for _, c := range classes {
		t.Classes = append(t.Classes, ContestClass(c))
	}
	kinds, err := promoMember[[]string](m, path, "holderKinds", "an array of strings")
	if err != nil {
		return PromotionTier{}, err
	}
	for i, s := range kinds {
		k, err := holderKinds.parse(s)
		if err != nil {
			return PromotionTier{}, prefix(path, promoRename(err, fmt.Sprintf("holderKinds[%d]", i)))
		}
		t.HolderKinds = append(t.HolderKinds, k)
	}
	if _, ok := m["topRank"]; ok {
		if t.TopRank, err = promoMember[int](m, path, "topRank", "an integer"); err != nil {
			return PromotionTier{}, err
		}
	}
	if _, ok := m["topPercent"]; ok {
		if t.TopPercent, err = promoMember[int](m, path, "topPercent", "an integer"); err != nil {
			return PromotionTier{}, err
		}
	}
	if t.Grants, err = promoLevelMember(m, path, "grants"); err != nil {
		return PromotionTier{}, err
	}
	if t.UpTo, err = promoLevelMember(m, path, "upTo"); err != nil {
		return PromotionTier{}, err
	}
	return t, nil
}

// The strict JSON reading below is shared by ParsePromotionRules and
// ParsePrerequisites. Paths follow the package's convention: "" is the
// document, members are joined with ".", array elements take "[i]".

// promoJoin returns the path of member key of the object at path.
func promoJoin(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// promoKeyPath returns the path of a member with an arbitrary name: like
// promoJoin for a name of letters, digits and '_', otherwise in brackets
// ($[""], tiers[0]["a b"]) so that an empty or odd name stays visible. A
// very long name is shortened.
func promoKeyPath(path, key string) string {
	plain := key != ""
	for _, r := range key {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			plain = false
		}
	}
	if plain {
		return promoJoin(path, clip(key))
	}
	return promoWhere(path) + "[" + strconv.Quote(clip(key)) + "]"
}

// promoWhere names path in an error: "$" for the document itself.
func promoWhere(path string) string {
	if path == "" {
		return "$"
	}
	return path
}

// promoObject reads the JSON object data (at path) into its members. It
// rejects anything but one object, members not in allowed (names compare
// exactly, unlike encoding/json's case-insensitive matching), repeated
// members, and data after the object.
func promoObject(data []byte, path string, allowed ...string) (map[string]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	bad := func(err error) error {
		return fieldErr(promoWhere(path), string(data), "invalid JSON: "+promoJSONReason(err))
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, bad(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, fieldErr(promoWhere(path), string(data), "want a JSON object")
	}
	m := make(map[string]json.RawMessage, len(allowed))
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, bad(err)
		}
		key, _ := tok.(string) // the decoder only yields strings as keys
		if !slices.Contains(allowed, key) {
			return nil, fieldErr(promoKeyPath(path, key), "", fmt.Sprintf("unknown field (want one of %v)", allowed))
		}
		if _, dup := m[key]; dup {
			return nil, fieldErr(promoJoin(path, key), "", "field given twice")
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, bad(err)
		}
		m[key] = raw
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, bad(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fieldErr(promoWhere(path), string(data), "invalid JSON: data after the object")
	}
	return m, nil
}

// promoJSONReason restates a decoding error without encoding/json's prefix.
func promoJSONReason(err error) string {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "unexpected end of input"
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// promoMember decodes the required member key of the object m at path into
// a T; want describes T for the error ("an integer").
func promoMember[T any](m map[string]json.RawMessage, path, key, want string) (T, error) {
	var v T
	raw, ok := m[key]
	if !ok {
		return v, fieldErr(promoJoin(path, key), "", "missing")
	}
	if string(raw) == "null" {
		return v, fieldErr(promoJoin(path, key), "null", "want "+want)
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return v, fieldErr(promoJoin(path, key), string(raw), "want "+want)
	}
	return v, nil
}

// promoLevelMember decodes the required level code member key.
func promoLevelMember(m map[string]json.RawMessage, path, key string) (Level, error) {
	code, err := promoMember[string](m, path, key, "a level code")
	if err != nil {
		return 0, err
	}
	l, err := ParseLevel(code)
	if err != nil {
		return 0, &FieldError{Field: promoJoin(path, key), Value: code, Reason: "unknown skill level", Err: promoInvalid(ErrInvalidLevel)}
	}
	return l, nil
}

// promoRename returns err (a *FieldError from codes.parse) with its Field
// replaced by field.
func promoRename(err error, field string) error {
	var fe *FieldError
	if errors.As(err, &fe) {
		c := *fe
		c.Field = field
		return &c
	}
	return err
}

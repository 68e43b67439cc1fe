package certificate_test

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dualtrack/dualtrack/certificate"
)

// promoTianjin2024 builds Tianjin's 2024 competition promotion rules as
// DOMAIN.md ("Competition promotion (竞赛晋级)") states them:
//
//	city class-1 contest top 10 → employee 技师 (技师 → 高级技师), student → 高级;
//	city class-2 or district top 6 → 高级工 (→ 技师), student → 中级;
//	enterprise or school contest top 30% → 中级 (→ 高级);
//	at most one promotion per person per year.
//
// Readings that DOMAIN.md leaves open, chosen here and not claimed as the
// text: the rules use the worker names (技师, 高级工), so the ladder is the
// eight-level one (新八级工, in force since 2022); "高级" for students is
// 高级工; the one-step promotions in parentheses are given for employees
// only, so the student tiers promote nobody beyond their granted level; the
// enterprise/school tier names no holder kind, so it applies to both.
func promoTianjin2024(t testing.TB) certificate.PromotionRules {
	t.Helper()
	r, err := certificate.NewPromotionRules("Tianjin 2024", certificate.EightLevel, 1,
		certificate.PromotionTier{Classes: []certificate.ContestClass{"city-1"}, HolderKinds: []certificate.HolderKind{certificate.Employee},
			TopRank: 10, Grants: certificate.Technician, UpTo: certificate.SeniorTechnician},
		certificate.PromotionTier{Classes: []certificate.ContestClass{"city-1"}, HolderKinds: []certificate.HolderKind{certificate.Student},
			TopRank: 10, Grants: certificate.SeniorWorker, UpTo: certificate.SeniorWorker},
		certificate.PromotionTier{Classes: []certificate.ContestClass{"city-2", "district"}, HolderKinds: []certificate.HolderKind{certificate.Employee},
			TopRank: 6, Grants: certificate.SeniorWorker, UpTo: certificate.Technician},
		certificate.PromotionTier{Classes: []certificate.ContestClass{"city-2", "district"}, HolderKinds: []certificate.HolderKind{certificate.Student},
			TopRank: 6, Grants: certificate.IntermediateWorker, UpTo: certificate.IntermediateWorker},
		certificate.PromotionTier{Classes: []certificate.ContestClass{"enterprise", "school"}, HolderKinds: []certificate.HolderKind{certificate.Employee, certificate.Student},
			TopPercent: 30, Grants: certificate.IntermediateWorker, UpTo: certificate.SeniorWorker},
	)
	require.NoError(t, err)
	return r
}

// promoTianjinJSON is promoTianjin2024 in its JSON form.
const promoTianjinJSON = `{
  "name": "Tianjin 2024",
  "ladder": "eight",
  "maxPerYear": 1,
  "tiers": [
    {"classes": ["city-1"], "holderKinds": ["employee"], "topRank": 10,
     "grants": "eight-technician", "upTo": "eight-senior-technician"},
    {"classes": ["city-1"], "holderKinds": ["student"], "topRank": 10,
     "grants": "eight-senior", "upTo": "eight-senior"},
    {"classes": ["city-2", "district"], "holderKinds": ["employee"], "topRank": 6,
     "grants": "eight-senior", "upTo": "eight-technician"},
    {"classes": ["city-2", "district"], "holderKinds": ["student"], "topRank": 6,
     "grants": "eight-intermediate", "upTo": "eight-intermediate"},
    {"classes": ["enterprise", "school"], "holderKinds": ["employee", "student"], "topPercent": 30,
     "grants": "eight-intermediate", "upTo": "eight-senior"}
  ]
}`

// promoHainan builds Hainan's rule from DOMAIN.md: "gold/silver/bronze →
// 二级 (already 二级 → 一级)". It uses the national ladder because the rule
// names the grades (二级, 一级). Assumptions, not from the source: medals go
// to places 1 to 3 (TopRank 3), the contest class is called "provincial",
// the rule is for employees, and the yearly cap (not given for Hainan) is 1
// like Tianjin's; no test below depends on the cap.
func promoHainan(t testing.TB) certificate.PromotionRules {
	t.Helper()
	r, err := certificate.NewPromotionRules("Hainan", certificate.National, 1,
		certificate.PromotionTier{Classes: []certificate.ContestClass{"provincial"}, HolderKinds: []certificate.HolderKind{certificate.Employee},
			TopRank: 3, Grants: certificate.NationalGrade2, UpTo: certificate.NationalGrade1},
	)
	require.NoError(t, err)
	return r
}

var (
	promoAsOf   = certificate.MustParseDate("2024-12-31")
	promoInYear = certificate.MustParseDate("2024-06-15")
)

func promoResult(class certificate.ContestClass, kind certificate.HolderKind, rank, participants int) certificate.ContestResult {
	return certificate.ContestResult{Contest: "2024 CNC machining contest", Class: class, Date: promoInYear,
		Rank: rank, Participants: participants, HolderKind: kind}
}

func promoReasons(d certificate.PromotionDecision) []certificate.RefusalReason {
	var out []certificate.RefusalReason
	for _, r := range d.Refusals {
		out = append(out, r.Reason)
	}
	return out
}

func TestPromotionTianjin2024(t *testing.T) {
	rules := promoTianjin2024(t)
	const emp, stu = certificate.Employee, certificate.Student
	var (
		placement = []certificate.RefusalReason{certificate.RefusedPlacement}
		tierCap   = []certificate.RefusalReason{certificate.RefusedTierCap}
		noTier    = []certificate.RefusalReason{certificate.RefusedNoTier}
	)
	tests := []struct {
		name   string
		res    certificate.ContestResult
		held   certificate.Level
		want   certificate.Level           // 0 when refused
		refuse []certificate.RefusalReason // nil when granted
	}{
		// City class-1, employee: top 10 → 技师 (DOMAIN.md).
		{"class-1 employee rank 10 of 50 gets 技师", promoResult("city-1", emp, 10, 50), 0, certificate.Technician, nil},
		{"class-1 employee rank 11 is outside the top 10", promoResult("city-1", emp, 11, 50), 0, 0, placement},
		{"class-1 employee rank 1 holding 初级工 jumps to 技师", promoResult("city-1", emp, 1, 50), certificate.JuniorWorker, certificate.Technician, nil},
		{"class-1 employee holding 高级工 gets 技师", promoResult("city-1", emp, 1, 50), certificate.SeniorWorker, certificate.Technician, nil},
		{"class-1 employee holding 技师 gets 高级技师", promoResult("city-1", emp, 1, 50), certificate.Technician, certificate.SeniorTechnician, nil},
		{"class-1 employee holding 高级技师 is at the tier's cap", promoResult("city-1", emp, 1, 50), certificate.SeniorTechnician, 0, tierCap},
		// City class-1, student: → 高级 (高级工).
		{"class-1 student rank 10 gets 高级工", promoResult("city-1", stu, 10, 50), 0, certificate.SeniorWorker, nil},
		{"class-1 student rank 11 is refused", promoResult("city-1", stu, 11, 50), 0, 0, placement},
		{"class-1 student holding 高级工 is not promoted further", promoResult("city-1", stu, 2, 50), certificate.SeniorWorker, 0, tierCap},
		// City class-2 or district: top 6 → 高级工 (→ 技师), student → 中级.
		{"class-2 employee rank 6 gets 高级工", promoResult("city-2", emp, 6, 40), 0, certificate.SeniorWorker, nil},
		{"class-2 employee rank 7 is outside the top 6", promoResult("city-2", emp, 7, 40), 0, 0, placement},
		{"district employee holding 高级工 gets 技师", promoResult("district", emp, 6, 40), certificate.SeniorWorker, certificate.Technician, nil},
		{"district employee holding 技师 is at the tier's cap", promoResult("district", emp, 1, 40), certificate.Technician, 0, tierCap},
		{"district student rank 6 gets 中级工", promoResult("district", stu, 6, 40), 0, certificate.IntermediateWorker, nil},
		{"class-2 student rank 7 is refused", promoResult("city-2", stu, 7, 40), 0, 0, placement},
		// Enterprise or school: top 30% → 中级 (→ 高级).
		// 17 participants: 17 × 30 / 100 = 5.1, rounded down to 5.
		{"enterprise rank 5 of 17 is in the top 30%", promoResult("enterprise", emp, 5, 17), 0, certificate.IntermediateWorker, nil},
		{"enterprise rank 6 of 17 is outside the top 30%", promoResult("enterprise", emp, 6, 17), 0, 0, placement},
		// 20 participants: 20 × 30 / 100 = 6 exactly, so rank 6 is in.
		{"school rank 6 of 20 is exactly the top 30%", promoResult("school", stu, 6, 20), 0, certificate.IntermediateWorker, nil},
		{"school rank 7 of 20 is outside", promoResult("school", stu, 7, 20), 0, 0, placement},
		// 3 participants: 3 × 30 / 100 = 0.9, rounded down to 0: nobody.
		{"enterprise winner of 3 is not in the top 30%", promoResult("enterprise", emp, 1, 3), 0, 0, placement},
		{"school student holding 中级工 gets 高级工", promoResult("school", stu, 1, 10), certificate.IntermediateWorker, certificate.SeniorWorker, nil},
		{"enterprise employee holding 高级工 is at the tier's cap", promoResult("enterprise", emp, 1, 10), certificate.SeniorWorker, 0, tierCap},
		// Classes the rules do not know.
		{"a national contest has no tier", promoResult("national", emp, 1, 10), 0, 0, noTier},
		// Every reason at once: rank 11 of a class-1 contest, already 高级技师.
		{"several reasons", promoResult("city-1", emp, 11, 50), certificate.SeniorTechnician, 0, []certificate.RefusalReason{certificate.RefusedPlacement, certificate.RefusedTierCap}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := rules.Decide(tt.res, tt.held, nil, promoAsOf)
			require.NoError(t, err)
			assert.Equal(t, tt.res, d.Result)
			assert.Equal(t, tt.held, d.Held)
			assert.Equal(t, tt.refuse == nil, d.Granted, "refusals: %v", d.Refusals)
			assert.Equal(t, tt.want, d.Level)
			assert.Equal(t, tt.refuse, promoReasons(d))
			for _, r := range d.Refusals {
				assert.NotEmpty(t, r.Detail)
			}
			if tt.res.Class != "national" {
				assert.True(t, d.Tier.Grants.IsValid(), "the tier that applied is reported")
			}
		})
	}
}

func TestPromotionRefusalDetails(t *testing.T) {
	rules := promoTianjin2024(t)
	hist := []certificate.Promotion{{On: certificate.MustParseDate("2024-03-02"), Level: certificate.SeniorWorker}}
	tests := []struct {
		name string
		res  certificate.ContestResult
		held certificate.Level
		hist []certificate.Promotion
		want []string
	}{
		{"rank", promoResult("city-1", certificate.Employee, 11, 50), 0, nil,
			[]string{"rank 11 is outside the top 10"}},
		// 17 × 30% = 5.1 → 5 (DOMAIN.md's top 30%, 17 participants).
		{"percent", promoResult("enterprise", certificate.Student, 6, 17), 0, nil,
			[]string{"rank 6 of 17 is outside the top 30%: 17 × 30% = 5.1, rounded down to 5 qualifying"}},
		{"no tier", promoResult("national", certificate.Student, 1, 10), 0, nil,
			[]string{`no tier of "Tianjin 2024" applies to contest class "national" and holder kind student; ` +
				"the classes the rules know are city-1, city-2, district, enterprise, school"}},
		{"tier cap", promoResult("district", certificate.Employee, 1, 10), certificate.Technician, nil,
			[]string{"holds eight-technician, already at or above eight-technician, the highest level this tier confers"}},
		{"yearly cap", promoResult("city-1", certificate.Employee, 1, 50), 0, hist,
			[]string{"at most 1 promotion per person per year: already 1 in 2024 (2024-03-02)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := rules.Decide(tt.res, tt.held, tt.hist, promoAsOf)
			require.NoError(t, err)
			var got []string
			for _, r := range d.Refusals {
				got = append(got, r.Detail)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestPromotionYearlyCap(t *testing.T) {
	rules := promoTianjin2024(t) // at most one promotion per person per year (DOMAIN.md)
	first := certificate.ContestResult{Contest: "district contest", Class: "district", Date: certificate.MustParseDate("2024-04-20"),
		Rank: 2, Participants: 30, HolderKind: certificate.Employee}
	d, err := rules.Decide(first, 0, nil, first.Date)
	require.NoError(t, err)
	require.True(t, d.Granted)
	require.Equal(t, certificate.SeniorWorker, d.Level)
	p, ok := d.Promotion()
	require.True(t, ok)
	assert.Equal(t, certificate.Promotion{On: first.Date, Level: certificate.SeniorWorker, Contest: "district contest"}, p)
	history := []certificate.Promotion{p}

	t.Run("second promotion in the same year is refused", func(t *testing.T) {
		second := certificate.ContestResult{Contest: "city class-1 contest", Class: "city-1", Date: certificate.MustParseDate("2024-11-05"),
			Rank: 1, Participants: 80, HolderKind: certificate.Employee}
		d, err := rules.Decide(second, certificate.SeniorWorker, history, second.Date)
		require.NoError(t, err)
		assert.False(t, d.Granted)
		assert.Equal(t, []certificate.RefusalReason{certificate.RefusedYearlyCap}, promoReasons(d))
		_, ok := d.Promotion()
		assert.False(t, ok)
	})
	t.Run("a promotion later in the same calendar year also counts", func(t *testing.T) {
		earlier := certificate.ContestResult{Contest: "school contest", Class: "school", Date: certificate.MustParseDate("2024-01-10"),
			Rank: 1, Participants: 10, HolderKind: certificate.Employee}
		d, err := rules.Decide(earlier, 0, history, promoAsOf)
		require.NoError(t, err)
		assert.Equal(t, []certificate.RefusalReason{certificate.RefusedYearlyCap}, promoReasons(d))
	})
	t.Run("the next calendar year is allowed", func(t *testing.T) {
		next := certificate.ContestResult{Contest: "city class-1 contest", Class: "city-1", Date: certificate.MustParseDate("2025-01-02"),
			Rank: 1, Participants: 80, HolderKind: certificate.Employee}
		d, err := rules.Decide(next, certificate.SeniorWorker, history, next.Date)
		require.NoError(t, err)
		assert.True(t, d.Granted)
		assert.Equal(t, certificate.Technician, d.Level)
	})
	t.Run("a cap of 2 allows the second", func(t *testing.T) {
		// Same tiers, maxPerYear 2: one earlier promotion in 2024 < 2.
		two, err := certificate.NewPromotionRules("Tianjin 2024, cap 2", certificate.EightLevel, 2, rules.Tiers()...)
		require.NoError(t, err)
		second := certificate.ContestResult{Contest: "city class-1 contest", Class: "city-1", Date: certificate.MustParseDate("2024-11-05"),
			Rank: 1, Participants: 80, HolderKind: certificate.Employee}
		d, err := two.Decide(second, certificate.SeniorWorker, history, second.Date)
		require.NoError(t, err)
		assert.True(t, d.Granted)
		d, err = two.Decide(second, certificate.SeniorWorker, append(history, certificate.Promotion{On: certificate.MustParseDate("2024-08-01"), Level: certificate.SeniorWorker}), second.Date)
		require.NoError(t, err)
		assert.Equal(t, []certificate.RefusalReason{certificate.RefusedYearlyCap}, promoReasons(d))
	})
}

func TestPromotionHainan(t *testing.T) {
	rules := promoHainan(t)
	res := func(rank int) certificate.ContestResult {
		return certificate.ContestResult{Contest: "Hainan skills contest", Class: "provincial", Date: promoInYear,
			Rank: rank, Participants: 25, HolderKind: certificate.Employee}
	}
	tests := []struct {
		name   string
		res    certificate.ContestResult
		held   certificate.Level
		want   certificate.Level
		refuse []certificate.RefusalReason
	}{
		{"gold gets 二级", res(1), 0, certificate.NationalGrade2, nil},
		{"bronze gets 二级", res(3), 0, certificate.NationalGrade2, nil},
		{"fourth place gets nothing", res(4), 0, 0, []certificate.RefusalReason{certificate.RefusedPlacement}},
		{"三级 holder gets 二级", res(2), certificate.NationalGrade3, certificate.NationalGrade2, nil},
		{"二级 holder gets 一级", res(2), certificate.NationalGrade2, certificate.NationalGrade1, nil},
		{"一级 holder is at the top of the ladder", res(1), certificate.NationalGrade1, 0, []certificate.RefusalReason{certificate.RefusedTopOfLadder}},
		{"a student has no tier", certificate.ContestResult{Contest: "Hainan skills contest", Class: "provincial",
			Date: promoInYear, Rank: 1, Participants: 25, HolderKind: certificate.Student}, 0, 0, []certificate.RefusalReason{certificate.RefusedNoTier}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := rules.Decide(tt.res, tt.held, nil, promoAsOf)
			require.NoError(t, err)
			assert.Equal(t, tt.refuse == nil, d.Granted)
			assert.Equal(t, tt.want, d.Level)
			assert.Equal(t, tt.refuse, promoReasons(d))
		})
	}
}

func TestPromotionDecideErrors(t *testing.T) {
	rules := promoTianjin2024(t)
	good := promoResult("city-1", certificate.Employee, 1, 50)
	with := func(f func(*certificate.ContestResult)) certificate.ContestResult { r := good; f(&r); return r }
	tests := []struct {
		name  string
		rules certificate.PromotionRules
		res   certificate.ContestResult
		held  certificate.Level
		hist  []certificate.Promotion
		asOf  certificate.Date
		field string
		is    error
	}{
		{"zero rules", certificate.PromotionRules{}, good, 0, nil, promoAsOf, "rules", certificate.ErrInvalid},
		{"zero as-of", rules, good, 0, nil, certificate.Date{}, "asOf", certificate.ErrInvalid},
		{"no contest name", rules, with(func(r *certificate.ContestResult) { r.Contest = " " }), 0, nil, promoAsOf, "result.contest", certificate.ErrInvalid},
		{"malformed class", rules, with(func(r *certificate.ContestResult) { r.Class = "city 1" }), 0, nil, promoAsOf, "result.class", certificate.ErrInvalid},
		{"empty class", rules, with(func(r *certificate.ContestResult) { r.Class = "" }), 0, nil, promoAsOf, "result.class", certificate.ErrInvalid},
		{"no date", rules, with(func(r *certificate.ContestResult) { r.Date = certificate.Date{} }), 0, nil, promoAsOf, "result.date", certificate.ErrInvalid},
		{"rank 0", rules, with(func(r *certificate.ContestResult) { r.Rank = 0 }), 0, nil, promoAsOf, "result.rank", certificate.ErrInvalid},
		{"negative rank", rules, with(func(r *certificate.ContestResult) { r.Rank = -1 }), 0, nil, promoAsOf, "result.rank", certificate.ErrInvalid},
		{"rank above participants", rules, with(func(r *certificate.ContestResult) { r.Rank, r.Participants = 51, 50 }), 0, nil, promoAsOf, "result.participants", certificate.ErrInvalid},
		{"no holder kind", rules, with(func(r *certificate.ContestResult) { r.HolderKind = 0 }), 0, nil, promoAsOf, "result.holderKind", certificate.ErrInvalid},
		{"result after as-of", rules, good, 0, nil, certificate.MustParseDate("2024-06-14"), "result.date", certificate.ErrInvalid},
		{"held on another ladder", rules, good, certificate.NationalGrade2, nil, promoAsOf, "held", certificate.ErrLadderMismatch},
		{"held invalid", rules, good, certificate.Level(0x99), nil, promoAsOf, "held", certificate.ErrInvalidLevel},
		{"history without date", rules, good, 0, []certificate.Promotion{{Level: certificate.SeniorWorker}}, promoAsOf, "history[0].on", certificate.ErrInvalid},
		{"history after as-of", rules, good, 0, []certificate.Promotion{{On: certificate.MustParseDate("2024-01-01"), Level: certificate.SeniorWorker},
			{On: certificate.MustParseDate("2025-01-01"), Level: certificate.Technician}}, promoAsOf, "history[1].on", certificate.ErrInvalid},
		{"history invalid level", rules, good, 0, []certificate.Promotion{{On: certificate.MustParseDate("2024-01-01")}}, promoAsOf, "history[0].level", certificate.ErrInvalidLevel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.rules.Decide(tt.res, tt.held, tt.hist, tt.asOf)
			var fe *certificate.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			assert.ErrorIs(t, err, tt.is)
			assert.ErrorIs(t, err, certificate.ErrInvalid, "every bad-input error matches ErrInvalid")
			assert.Contains(t, err.Error(), tt.field)
		})
	}
}

func TestNewPromotionRulesErrors(t *testing.T) {
	type tier = certificate.PromotionTier
	type classes = []certificate.ContestClass
	type kinds = []certificate.HolderKind
	ok := tier{Classes: classes{"city-1"}, HolderKinds: kinds{certificate.Employee},
		TopRank: 10, Grants: certificate.Technician, UpTo: certificate.SeniorTechnician}
	// edit returns ok changed by f, as the second tier after ok when
	// second is set (and then with other classes, so that it does not
	// overlap ok unless f makes it).
	edit := func(second bool, f func(*tier)) []tier {
		t := ok
		t.Classes = classes{"city-1"}
		t.HolderKinds = kinds{certificate.Employee}
		if second {
			t.Classes = classes{"district"}
		}
		f(&t)
		if second {
			return []tier{ok, t}
		}
		return []tier{t}
	}
	long := strings.Repeat("c", 65) // the limit is 64
	tests := []struct {
		name   string
		rname  string
		ladder certificate.Ladder
		max    int
		tiers  []tier
		field  string
		value  string
		is     error
	}{
		{"no name", " ", certificate.EightLevel, 1, []tier{ok}, "name", " ", certificate.ErrInvalid},
		{"no ladder", "x", 0, 1, []tier{ok}, "ladder", "ladder(0)", certificate.ErrInvalid},
		{"unknown ladder", "x", 9, 1, []tier{ok}, "ladder", "ladder(9)", certificate.ErrInvalid},
		{"cap 0", "x", certificate.EightLevel, 0, []tier{ok}, "maxPerYear", "0", certificate.ErrInvalid},
		{"no tiers", "x", certificate.EightLevel, 1, nil, "tiers", "", certificate.ErrInvalid},
		{"no classes", "x", certificate.EightLevel, 1, edit(false, func(t *tier) { t.Classes = nil }),
			"tiers[0].classes", "", certificate.ErrInvalid},
		{"malformed class", "x", certificate.EightLevel, 1, edit(true, func(t *tier) { t.Classes = classes{"city-2", "市级"} }),
			"tiers[1].classes[1]", "市级", certificate.ErrInvalid},
		{"class too long", "x", certificate.EightLevel, 1, edit(false, func(t *tier) { t.Classes = classes{certificate.ContestClass(long)} }),
			"tiers[0].classes[0]", long, certificate.ErrInvalid},
		{"class twice", "x", certificate.EightLevel, 1, edit(false, func(t *tier) { t.Classes = classes{"a", "a"} }),
			"tiers[0].classes[1]", "a", certificate.ErrInvalid},
		{"no holder kinds", "x", certificate.EightLevel, 1, edit(false, func(t *tier) { t.HolderKinds = nil }),
			"tiers[0].holderKinds", "", certificate.ErrInvalid},
		{"bad holder kind", "x", certificate.EightLevel, 1, edit(false, func(t *tier) { t.HolderKinds = kinds{7} }),
			"tiers[0].holderKinds[0]", "holder kind(7)", certificate.ErrInvalid},
		{"holder kind twice", "x", certificate.EightLevel, 1, edit(false, func(t *tier) { t.HolderKinds = kinds{certificate.Student, certificate.Student} }),
			"tiers[0].holderKinds[1]", "student", certificate.ErrInvalid},
		{"rank and percent", "x", certificate.EightLevel, 1, edit(false, func(t *tier) { t.TopPercent = 30 }),
			"tiers[0].topPercent", "30", certificate.ErrInvalid},
		{"neither rank nor percent", "x", certificate.EightLevel, 1, edit(false, func(t *tier) { t.TopRank = 0 }),
			"tiers[0].topRank", "", certificate.ErrInvalid},
		{"negative rank", "x", certificate.EightLevel, 1, edit(false, func(t *tier) { t.TopRank = -3 }),
			"tiers[0].topRank", "-3", certificate.ErrInvalid},
		{"percent 101", "x", certificate.EightLevel, 1, edit(false, func(t *tier) { t.TopRank, t.TopPercent = 0, 101 }),
			"tiers[0].topPercent", "101", certificate.ErrInvalid},
		{"negative percent", "x", certificate.EightLevel, 1, edit(false, func(t *tier) { t.TopRank, t.TopPercent = 0, -30 }),
			"tiers[0].topPercent", "-30", certificate.ErrInvalid},
		{"grants on another ladder", "x", certificate.EightLevel, 1, edit(false, func(t *tier) { t.Grants = certificate.NationalGrade2 }),
			"tiers[0].grants", "national-2", certificate.ErrLadderMismatch},
		{"grants invalid", "x", certificate.EightLevel, 1, edit(false, func(t *tier) { t.Grants = 0 }),
			"tiers[0].grants", "Level(0x00)", certificate.ErrInvalidLevel},
		{"upTo missing", "x", certificate.EightLevel, 1, edit(false, func(t *tier) { t.UpTo = 0 }),
			"tiers[0].upTo", "Level(0x00)", certificate.ErrInvalidLevel},
		{"upTo below grants", "x", certificate.EightLevel, 1, edit(false, func(t *tier) { t.UpTo = certificate.SeniorWorker }),
			"tiers[0].upTo", "eight-senior", certificate.ErrInvalid},
		{"overlapping tiers", "x", certificate.EightLevel, 1, edit(true, func(t *tier) {
			t.Classes = classes{"district", "city-1"}
			t.HolderKinds = kinds{certificate.Student, certificate.Employee}
		}), "tiers[1].classes[1]", "city-1", certificate.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := certificate.NewPromotionRules(tt.rname, tt.ladder, tt.max, tt.tiers...)
			var fe *certificate.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			assert.Equal(t, tt.value, fe.Value)
			assert.ErrorIs(t, err, tt.is)
			assert.ErrorIs(t, err, certificate.ErrInvalid, "every bad-input error matches ErrInvalid")
		})
	}
}

func TestPromotionRulesAccessorsCopy(t *testing.T) {
	classes := []certificate.ContestClass{"city-1"}
	r, err := certificate.NewPromotionRules("x", certificate.EightLevel, 1, certificate.PromotionTier{Classes: classes, HolderKinds: []certificate.HolderKind{certificate.Employee},
		TopRank: 10, Grants: certificate.Technician, UpTo: certificate.SeniorTechnician})
	require.NoError(t, err)
	classes[0] = "changed" // the caller's slice is not kept
	got := r.Tiers()
	assert.Equal(t, []certificate.ContestClass{"city-1"}, got[0].Classes)
	got[0].Classes[0] = "changed" // nor is the returned copy shared
	assert.Equal(t, []certificate.ContestClass{"city-1"}, r.Tiers()[0].Classes)
	assert.Equal(t, "x", r.Name())
	assert.Equal(t, certificate.EightLevel, r.Ladder())
	assert.Equal(t, 1, r.MaxPerYear())

	d, err := r.Decide(promoResult("city-1", certificate.Employee, 1, 5), 0, nil, promoAsOf)
	require.NoError(t, err)
	d.Tier.Classes[0] = "changed" // nor the decision's copy
	assert.Equal(t, []certificate.ContestClass{"city-1"}, r.Tiers()[0].Classes)
}

// TestPromotionPercentProperty checks the percent rule against its
// definition, rank × 100 ≤ P × n, on random tiers and fields: a rank
// qualifies exactly then, the qualifying ranks are 1..k for some k, and k
// is the largest count not above P% of n (k ≤ P×n/100 < k+1).
func TestPromotionPercentProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(20240615, 17))
	for range 300 {
		p := 1 + rng.IntN(100)
		n := 1 + rng.IntN(400)
		r, err := certificate.NewPromotionRules("p", certificate.EightLevel, 1, certificate.PromotionTier{Classes: []certificate.ContestClass{"c"},
			HolderKinds: []certificate.HolderKind{certificate.Employee}, TopPercent: p, Grants: certificate.IntermediateWorker, UpTo: certificate.IntermediateWorker})
		require.NoError(t, err)
		k := 0
		for rank := 1; rank <= n; rank++ {
			d, err := r.Decide(certificate.ContestResult{Contest: "c", Class: "c", Date: promoInYear, Rank: rank, Participants: n,
				HolderKind: certificate.Employee}, 0, nil, promoAsOf)
			require.NoError(t, err)
			require.Equal(t, rank*100 <= p*n, d.Granted, "p=%d n=%d rank=%d", p, n, rank)
			if d.Granted {
				require.Equal(t, k+1, rank, "qualifying ranks are contiguous from 1")
				k = rank
			}
		}
		require.LessOrEqual(t, k*100, p*n)
		require.Greater(t, (k+1)*100, p*n)
	}
}

func TestPromotionPercentHugeField(t *testing.T) {
	// No overflow with the largest field: 50% of math.MaxInt (odd) is
	// (MaxInt-1)/2 + 0.5, rounded down to MaxInt/2 in integer division.
	r, err := certificate.NewPromotionRules("p", certificate.EightLevel, 1, certificate.PromotionTier{Classes: []certificate.ContestClass{"c"},
		HolderKinds: []certificate.HolderKind{certificate.Employee}, TopPercent: 50, Grants: certificate.IntermediateWorker, UpTo: certificate.IntermediateWorker})
	require.NoError(t, err)
	for _, tt := range []struct {
		rank int
		want bool
	}{{math.MaxInt / 2, true}, {math.MaxInt/2 + 1, false}} {
		d, err := r.Decide(certificate.ContestResult{Contest: "c", Class: "c", Date: promoInYear, Rank: tt.rank,
			Participants: math.MaxInt, HolderKind: certificate.Employee}, 0, nil, promoAsOf)
		require.NoError(t, err)
		assert.Equal(t, tt.want, d.Granted, "rank %d", tt.rank)
	}
}

func TestContestClassIsValid(t *testing.T) {
	tests := []struct {
		class certificate.ContestClass
		want  bool
	}{
		{"city-1", true}, {"District_2.b", true}, {certificate.ContestClass(strings.Repeat("a", 64)), true},
		{"", false}, {certificate.ContestClass(strings.Repeat("a", 65)), false}, {"city 1", false},
		{"市级一类", false}, {"city/1", false}, {"city-1\n", false},
	}
	for _, tt := range tests {
		t.Run(string(tt.class), func(t *testing.T) {
			assert.Equal(t, tt.want, tt.class.IsValid())
		})
	}
}

func TestPromotionRulesJSON(t *testing.T) {
	parsed, err := certificate.ParsePromotionRules([]byte(promoTianjinJSON))
	require.NoError(t, err)
	assert.Equal(t, promoTianjin2024(t), parsed, "the JSON and the Go configuration agree")

	for _, r := range []certificate.PromotionRules{promoTianjin2024(t), promoHainan(t)} {
		b, err := json.Marshal(r)
		require.NoError(t, err)
		var back certificate.PromotionRules
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, r, back)
		b2, err := json.Marshal(back)
		require.NoError(t, err)
		assert.Equal(t, string(b), string(b2))
	}

	_, err = json.Marshal(certificate.PromotionRules{})
	assert.ErrorIs(t, err, certificate.ErrInvalid)

	// A failed decode leaves the value unchanged, also inside a struct.
	var holder struct {
		Rules certificate.PromotionRules `json:"rules"`
	}
	holder.Rules = parsed
	err = json.Unmarshal([]byte(`{"rules": {"name": "x"}}`), &holder)
	var fe *certificate.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "ladder", fe.Field)
	assert.Equal(t, parsed, holder.Rules)
}

func TestParsePromotionRulesErrors(t *testing.T) {
	tier := `{"classes": ["c"], "holderKinds": ["employee"], "topRank": 3, "grants": "national-2", "upTo": "national-1"}`
	doc := func(tiers ...string) string {
		return `{"name": "x", "ladder": "national", "maxPerYear": 1, "tiers": [` + strings.Join(tiers, ",") + `]}`
	}
	other := func(class string) string { return strings.Replace(tier, `"c"`, `"`+class+`"`, 1) }
	tests := []struct {
		name  string
		json  string
		field string
		is    error
	}{
		{"empty", ``, "$", certificate.ErrInvalid},
		{"not an object", `[]`, "$", certificate.ErrInvalid},
		{"truncated", `{"name": "x"`, "$", certificate.ErrInvalid},
		{"trailing data", doc(tier) + ` {}`, "$", certificate.ErrInvalid},
		{"syntax error", `{"name": x}`, "$", certificate.ErrInvalid},
		{"unknown member", `{"name": "x", "ladder": "national", "maxPerYear": 1, "tiers": [], "source": "?"}`, "source", certificate.ErrInvalid},
		{"case-changed member", `{"Name": "x"}`, "Name", certificate.ErrInvalid},
		{"repeated member", `{"name": "x", "name": "y"}`, "name", certificate.ErrInvalid},
		{"empty member name", `{"": 1}`, `$[""]`, certificate.ErrInvalid},
		{"odd member name in a tier", doc(`{"top rank": 3}`), `tiers[0]["top rank"]`, certificate.ErrInvalid},
		{"missing name", `{"ladder": "national", "maxPerYear": 1, "tiers": [` + tier + `]}`, "name", certificate.ErrInvalid},
		{"null name", `{"name": null}`, "name", certificate.ErrInvalid},
		{"unknown ladder", `{"name": "x", "ladder": "eight-level", "maxPerYear": 1, "tiers": []}`, "ladder", certificate.ErrInvalid},
		{"fractional cap", `{"name": "x", "ladder": "national", "maxPerYear": 1.5, "tiers": []}`, "maxPerYear", certificate.ErrInvalid},
		{"cap as string", `{"name": "x", "ladder": "national", "maxPerYear": "1", "tiers": []}`, "maxPerYear", certificate.ErrInvalid},
		{"tiers not an array", `{"name": "x", "ladder": "national", "maxPerYear": 1, "tiers": {}}`, "tiers", certificate.ErrInvalid},
		{"no tiers", doc(), "tiers", certificate.ErrInvalid},
		{"tier not an object", doc(tier, `7`), "tiers[1]", certificate.ErrInvalid},
		{"unknown tier member", doc(other("a"), other("b"), `{"percent": 30}`), "tiers[2].percent", certificate.ErrInvalid},
		{"percent as string", doc(tier, `{"classes": ["d"], "holderKinds": ["employee"], "topPercent": "30", "grants": "national-2", "upTo": "national-1"}`), "tiers[1].topPercent", certificate.ErrInvalid},
		{"percent over 100", doc(tier, `{"classes": ["d"], "holderKinds": ["employee"], "topPercent": 130, "grants": "national-2", "upTo": "national-1"}`), "tiers[1].topPercent", certificate.ErrInvalid},
		{"classes not strings", doc(`{"classes": [1]}`), "tiers[0].classes", certificate.ErrInvalid},
		{"unknown holder kind", doc(`{"classes": ["c"], "holderKinds": ["employee", "teacher"]}`), "tiers[0].holderKinds[1]", certificate.ErrInvalid},
		{"unknown level", doc(`{"classes": ["c"], "holderKinds": ["employee"], "topRank": 3, "grants": "national-0", "upTo": "national-1"}`), "tiers[0].grants", certificate.ErrInvalidLevel},
		{"missing upTo", doc(`{"classes": ["c"], "holderKinds": ["employee"], "topRank": 3, "grants": "national-2"}`), "tiers[0].upTo", certificate.ErrInvalid},
		{"level of another ladder", doc(`{"classes": ["c"], "holderKinds": ["employee"], "topRank": 3, "grants": "eight-technician", "upTo": "national-1"}`), "tiers[0].grants", certificate.ErrLadderMismatch},
		{"overlapping tiers", doc(tier, other("c")), "tiers[1].classes[0]", certificate.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := certificate.ParsePromotionRules([]byte(tt.json))
			var fe *certificate.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field, "error: %v", err)
			assert.ErrorIs(t, err, tt.is)
			assert.ErrorIs(t, err, certificate.ErrInvalid, "every bad-input error matches ErrInvalid")
			assert.True(t, strings.HasPrefix(err.Error(), "certificate: "+tt.field), err.Error())
		})
	}
}

func TestPromotionTypesJSONRoundTrip(t *testing.T) {
	rules := promoTianjin2024(t)
	granted, err := rules.Decide(promoResult("city-1", certificate.Employee, 3, 50), certificate.Technician, nil, promoAsOf)
	require.NoError(t, err)
	refused, err := rules.Decide(promoResult("city-1", certificate.Employee, 11, 50), certificate.SeniorTechnician,
		[]certificate.Promotion{{On: certificate.MustParseDate("2024-02-01"), Level: certificate.SeniorTechnician, Contest: "c"}}, promoAsOf)
	require.NoError(t, err)
	noTier, err := rules.Decide(promoResult("national", certificate.Student, 1, 50), 0, nil, promoAsOf)
	require.NoError(t, err)
	for _, d := range []certificate.PromotionDecision{granted, refused, noTier} {
		b, err := json.Marshal(d)
		require.NoError(t, err)
		var back certificate.PromotionDecision
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, d, back, "%s", b)
	}

	b, err := json.Marshal(granted)
	require.NoError(t, err)
	assert.JSONEq(t, `{
	  "result": {"contest": "2024 CNC machining contest", "class": "city-1", "date": "2024-06-15",
	             "rank": 3, "participants": 50, "holderKind": "employee"},
	  "held": "eight-technician", "granted": true, "level": "eight-senior-technician",
	  "tier": {"classes": ["city-1"], "holderKinds": ["employee"], "topRank": 10,
	           "grants": "eight-technician", "upTo": "eight-senior-technician"}}`, string(b))
	b, err = json.Marshal(noTier)
	require.NoError(t, err)
	assert.NotContains(t, string(b), `"tier"`, "no tier, no tier member")

	p := certificate.Promotion{On: certificate.MustParseDate("2024-02-01"), Level: certificate.NationalGrade2, Contest: "c"}
	b, err = json.Marshal(p)
	require.NoError(t, err)
	assert.JSONEq(t, `{"on": "2024-02-01", "level": "national-2", "contest": "c"}`, string(b))
	var pb certificate.Promotion
	require.NoError(t, json.Unmarshal(b, &pb))
	assert.Equal(t, p, pb)
}

func TestRefusalReasonCodes(t *testing.T) {
	tests := []struct {
		r    certificate.RefusalReason
		code string
	}{
		{certificate.RefusedNoTier, "no-tier"}, {certificate.RefusedPlacement, "placement"}, {certificate.RefusedTopOfLadder, "top-of-ladder"},
		{certificate.RefusedTierCap, "tier-cap"}, {certificate.RefusedYearlyCap, "yearly-cap"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			assert.True(t, tt.r.IsValid())
			assert.Equal(t, tt.code, tt.r.String())
			b, err := tt.r.MarshalText()
			require.NoError(t, err)
			var back certificate.RefusalReason
			require.NoError(t, back.UnmarshalText(b))
			assert.Equal(t, tt.r, back)
		})
	}
	var r certificate.RefusalReason
	assert.ErrorIs(t, r.UnmarshalText([]byte("No-Tier")), certificate.ErrInvalid)
	assert.False(t, certificate.RefusalReason(6).IsValid())
	_, err := certificate.RefusalReason(0).MarshalText()
	assert.True(t, errors.Is(err, certificate.ErrInvalid))
}

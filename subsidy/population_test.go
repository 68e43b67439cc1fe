package subsidy_test

import (
	"iter"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
)

// A synthetic population for the batch tests and the engine benchmarks:
// workers claiming the 2024 skill-improvement subsidy (技能提升补贴), and a
// ledger of what they were granted before. The mix below is invented, not
// statistics: it is chosen so that every rule of the 2024 policy both
// passes and rejects a fair share of the claims. Everything derives from
// the seed, so a population is the same on every run and every range.

// popConfig describes a population.
type popConfig struct {
	seed    uint64 // everything derives from it
	persons int    // distinct workers
	orgs    int    // distinct enterprises
	grants  int    // grants in the ledger
}

// popDefault is the population of the benchmarks: 200,000 earlier grants
// over 100,000 workers of 2,000 enterprises.
var popDefault = popConfig{seed: 2024, persons: 100_000, orgs: 2_000, grants: 200_000}

// popSmall is the population of the tests: the same mix, small enough
// to evaluate in milliseconds.
var popSmall = popConfig{seed: 7, persons: 300, orgs: 12, grants: 600}

// popAsOf is the as-of date of every evaluation: the last day of the 2024
// rules (valid to 2024-12-31, DOMAIN.md).
var popAsOf = subsidy.MustParseDate("2024-12-31")

// popScheme and popOtherScheme are the skill-improvement subsidy and the
// vocational training subsidy (职业培训补贴) it must not be combined with.
const (
	popScheme      = "skill-improvement"
	popOtherScheme = "vocational-training"
)

// popLevels are the levels the 2024 amounts are keyed by: 1000/1500/2000
// yuan for 初级/中级/高级 on the national and the 1+X ladders (DOMAIN.md).
var popLevels = [...]certificate.Level{
	certificate.NationalGrade5, certificate.NationalGrade4, certificate.NationalGrade3,
	certificate.XJunior, certificate.XIntermediate, certificate.XSenior,
}

// popLevel draws a level: 30% 初级 (national-5), 30% 中级 (national-4),
// 20% 高级 (national-3) and 20% one of the three 1+X levels.
func popLevel(rng *rand.Rand) certificate.Level {
	switch k := rng.IntN(10); {
	case k < 3:
		return certificate.NationalGrade5
	case k < 6:
		return certificate.NationalGrade4
	case k < 8:
		return certificate.NationalGrade3
	}
	return popLevels[3+rng.IntN(3)]
}

// popOccupations are invented occupation codes in the style of the Chinese
// occupational classification (职业分类大典).
var popOccupations = func() []string {
	out := make([]string, 40)
	for i := range out {
		out[i] = "6-" + strconv.Itoa(10+i/4) + "-0" + strconv.Itoa(1+i%4) + "-01"
	}
	return out
}()

// popDays are the days from 2023-01-01 to 2024-12-31, so that picking a date
// costs one index.
var popDays = func() []subsidy.Date {
	d := subsidy.MustParseDate("2023-01-01")
	out := make([]subsidy.Date, 0, 731)
	for !d.After(popAsOf) {
		out = append(out, d)
		d = d.Next()
	}
	return out
}()

// popFirst2024 is the index of 2024-01-01 in popDays: 2023 has 365 days.
const popFirst2024 = 365

// names returns n identifiers prefix0000001, prefix0000002, ...
func popNames(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = prefix + strconv.Itoa(1_000_000 + i)[1:]
	}
	return out
}

// population is a popConfig with its tables built.
type population struct {
	popConfig
	persons []string
	orgs    []string
}

func newPopulation(c popConfig) *population {
	return &population{popConfig: c, persons: popNames("P", c.persons), orgs: popNames("org-", c.orgs)}
}

// home returns the occupation worker i usually certifies in, and his
// employer: stable per worker, so that history rules find earlier grants of
// the same occupation.
func (p *population) home(i int) (occupation, org string) {
	return popOccupations[i%len(popOccupations)], p.orgs[(i*7919)%len(p.orgs)]
}

// claims returns n claims of the population, generated lazily: ranging over
// the sequence builds each claim as it is asked for, so any n runs in
// constant memory, and every range yields the same claims.
func (p *population) claims(n int) iter.Seq[subsidy.Claim] {
	return func(yield func(subsidy.Claim) bool) {
		rng := rand.New(rand.NewPCG(p.seed, 1))
		id := make([]byte, 0, 16)
		for i := range n {
			if !yield(p.claim(rng, i, id)) {
				return
			}
		}
	}
}

// claim draws claim number i.
func (p *population) claim(rng *rand.Rand, i int, id []byte) subsidy.Claim {
	who := rng.IntN(len(p.persons))
	occ, org := p.home(who)
	if rng.IntN(5) == 0 { // one claim in five is in another occupation
		occ = popOccupations[rng.IntN(len(popOccupations))]
	}
	day := popFirst2024 + rng.IntN(len(popDays)-popFirst2024) // claimed in 2024
	c := subsidy.Claim{
		ID:           string(strconv.AppendInt(append(id[:0], "c-"...), int64(i), 10)),
		Date:         popDays[day],
		Person:       p.persons[who],
		Organisation: org,
		HolderKind:   "employee",
		Occupation:   occ,
		Level:        popLevel(rng),
	}
	c.Certificate = "cert-" + c.ID
	// Issued 0 to 14 months (426 days) before the claim: about one in seven
	// is outside the 12-month window.
	c.Issued = popDays[max(0, day-rng.IntN(427))]
	// Insured 0 to 59 months: a fifth below the 12 months asked for, some of
	// whom receive unemployment benefit instead.
	c.InsuredMonths = rng.IntN(60)
	c.UnemploymentBenefit = rng.IntN(20) == 0
	switch rng.IntN(50) {
	case 0: // paid the vocational training subsidy already
		c.Other = []string{popOtherScheme}
	case 1: // 技师: a level the 2024 table has no amount for
		c.Level = certificate.NationalGrade2
	}
	return c
}

// popGrant is an earlier grant of the population, with whether it was
// reversed.
type popGrant struct {
	subsidy.Grant
	reversed bool
}

// grantList returns the population's history: p.grants grants, nine in ten
// of the skill-improvement subsidy and the rest of the vocational training
// subsidy, dated 2023-01-01 to 2024-12-31, one in a hundred reversed. The
// amount is 1000, 1500 or 2000 yuan by level (the 2024 table).
func (p *population) grantList() []popGrant {
	rng := rand.New(rand.NewPCG(p.seed, 2))
	out := make([]popGrant, p.grants)
	for i := range out {
		who := rng.IntN(len(p.persons))
		occ, org := p.home(who)
		lv := popLevel(rng)
		scheme := popScheme
		if rng.IntN(10) == 0 {
			scheme = popOtherScheme
		}
		key := "g-" + strconv.Itoa(i)
		out[i] = popGrant{Grant: subsidy.Grant{
			Key: key, Policy: "cn-skill-improvement@2024", Scheme: scheme,
			Person: p.persons[who], Organisation: org, Occupation: occ, Level: lv,
			Certificate: "cert-" + key, Date: popDays[rng.IntN(len(popDays))],
			Amount: decimal.New(int64(1000+500*(lv.Rank()-1)), 0), Currency: "CNY",
		}}
		// Some workers' certificates were paid under the vocational training
		// subsidy and are then claimed again: give one grant in fifty the
		// certificate of a claim of the population (claims are numbered from
		// 0, so "cert-c-N" is claim N's certificate).
		if scheme == popOtherScheme && rng.IntN(5) == 0 {
			out[i].Certificate = "cert-c-" + strconv.Itoa(rng.IntN(2*p.grants))
		}
		out[i].reversed = rng.IntN(100) == 0
	}
	return out
}

// ledger returns the population's history as a Ledger.
func (p *population) ledger(tb testing.TB) *subsidy.Ledger {
	tb.Helper()
	l := subsidy.NewLedger()
	for _, g := range p.grantList() {
		if _, _, err := l.Record(g.Grant); err != nil {
			tb.Fatal(err)
		}
		if g.reversed {
			if _, _, err := l.Reverse(g.Key, g.Date, "certificate revoked"); err != nil {
				tb.Fatal(err)
			}
		}
	}
	return l
}

// popCite cites the 2024 rules as DOMAIN.md states them ("Subsidies
// (China)"); popCite2017 the 2017 notice they grew from.
var (
	popCite     = subsidy.Citation{Title: "技能提升补贴 2024 (DOMAIN.md, Subsidies (China))"}
	popCite2017 = subsidy.Citation{Title: "技能提升补贴 (DOMAIN.md, Subsidies (China))", Number: "人社部发〔2017〕40号"}
)

// popMid reports whether a level is 中级, on either ladder.
func popMid(l certificate.Level) bool {
	return l == certificate.NationalGrade4 || l == certificate.XIntermediate
}

// popAmounts returns the 2024 amount table, 初级 1000, 中级 mid (1500 in the
// policy), 高级 2000 yuan (DOMAIN.md), keyed by the level codes of the
// national and the 1+X ladders.
func popAmounts(tb testing.TB, mid int64) subsidy.Param {
	tb.Helper()
	v := map[string]decimal.Decimal{}
	for _, l := range popLevels {
		v[l.Code()] = decimal.New(1000, 0)
		switch {
		case popMid(l):
			v[l.Code()] = decimal.New(mid, 0)
		case l.Rank() == 3:
			v[l.Code()] = decimal.New(2000, 0)
		}
	}
	s, err := subsidy.NewSeries("amounts", []subsidy.Entry[map[string]decimal.Decimal]{{
		From: subsidy.MustParseDate("2024-01-01"), Until: subsidy.MustParseDate("2024-12-31"), Value: v, Citation: popCite,
	}})
	if err != nil {
		tb.Fatal(err)
	}
	return subsidy.Param{Name: "amounts", Unit: "CNY", Table: s}
}

// popNumber returns a number parameter with one entry from from.
func popNumber(tb testing.TB, name, unit, from string, until string, v int64, cite subsidy.Citation) subsidy.Param {
	tb.Helper()
	e := subsidy.Entry[decimal.Decimal]{From: subsidy.MustParseDate(from), Value: decimal.New(v, 0), Citation: cite}
	if until != "" {
		e.Until = subsidy.MustParseDate(until)
	}
	s, err := subsidy.NewSeries(name, []subsidy.Entry[decimal.Decimal]{e})
	if err != nil {
		tb.Fatal(err)
	}
	return subsidy.Param{Name: name, Unit: unit, Number: s}
}

// popPolicy is the 2024 skill-improvement subsidy (DOMAIN.md): in force to
// 2024-12-31; insured at least 12 months (since 2019) or on unemployment
// benefit; claimed within 12 months of the certificate's issue (2017
// rules); not combined with the vocational training subsidy; at most 3
// claims per person per year; the same occupation and level once; a higher
// level excludes a lower one; 1000/1500/2000 yuan by level.
func popPolicy(tb testing.TB) *subsidy.Policy {
	tb.Helper()
	r, err := subsidy.NewRounding(decimal.New(1, -2), subsidy.HalfUp)
	if err != nil {
		tb.Fatal(err)
	}
	p, err := subsidy.NewPolicy(subsidy.Definition{
		Name: "cn-skill-improvement", Version: "2024", Title: "技能提升补贴",
		Jurisdiction: "CN", Currency: "CNY", Scheme: popScheme, Rounding: r,
		Params: []subsidy.Param{
			popAmounts(tb, 1500),
			popNumber(tb, "min-insured-months", "months", "2019-01-01", "", 12, popCite),
			popNumber(tb, "claim-window-months", "months", "2017-01-01", "", 12, popCite2017),
			popNumber(tb, "max-claims", "count", "2024-01-01", "2024-12-31", 3, popCite),
		},
		Rules: []subsidy.Rule{
			&subsidy.InForce{RuleMeta: subsidy.RuleMeta{ID: "in-force"}, Param: "amounts"},
			&subsidy.InsuredMonths{RuleMeta: subsidy.RuleMeta{ID: "insured"}, Min: "min-insured-months", OrUnemploymentBenefit: true},
			&subsidy.ClaimWindow{RuleMeta: subsidy.RuleMeta{ID: "window"}, Months: "claim-window-months"},
			&subsidy.NotCombined{RuleMeta: subsidy.RuleMeta{ID: "not-combined"}, Schemes: []string{popOtherScheme}},
			&subsidy.MaxClaimsPerYear{RuleMeta: subsidy.RuleMeta{ID: "three-a-year"}, Max: "max-claims"},
			&subsidy.OncePerLevel{RuleMeta: subsidy.RuleMeta{ID: "once"}},
			&subsidy.HigherExcludesLower{RuleMeta: subsidy.RuleMeta{ID: "higher"}},
			&subsidy.AmountByCategory{RuleMeta: subsidy.RuleMeta{ID: "amount"}, Table: "amounts"},
		},
	})
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

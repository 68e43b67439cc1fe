package certificate_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/internal/civil"
)

// eligOcc is the occupation (an X certificate's skill area) in the tests:
// Web front-end development (Web前端开发). Its code is made up.
const eligOcc = "X-WEB-FRONTEND"

var eligHolder = certificate.Holder{ID: "S-0042", Name: "Li Hua", Kind: certificate.Employee}

// elig1XIntermediate and elig1XSenior are DOMAIN.md's typical 1+X
// prerequisites ("one published guide; configurable"): intermediate needs 1+
// year of related work (12 months), senior needs the intermediate
// certificate plus 3+ years (36 months).
var (
	elig1XIntermediate = certificate.Prerequisites{Target: certificate.XIntermediate, AnyOf: [][]certificate.Requirement{
		{{Kind: certificate.RequireWork, Months: 12}},
	}}
	elig1XSenior = certificate.Prerequisites{Target: certificate.XSenior, AnyOf: [][]certificate.Requirement{
		{{Kind: certificate.RequireLevel, Level: certificate.XIntermediate}, {Kind: certificate.RequireWork, Months: 36}},
	}}
)

func eligCert(number string, occ string, level certificate.Level, issued string) certificate.Certificate {
	return certificate.Certificate{
		Number:     number,
		Holder:     eligHolder,
		Occupation: certificate.Occupation{Code: occ, Name: "Web前端开发"},
		Level:      level,
		Issuer:     certificate.Issuer{ID: "https://eval.example.org", Name: "Example evaluation organisation", Kind: certificate.EvaluationOrganisation},
		Issued:     certificate.MustParseDate(issued),
		Channel:    certificate.Exam,
	}
}

func eligWork(occ, start, end string) certificate.WorkPeriod {
	p, err := certificate.NewPeriod(certificate.MustParseDate(start), certificate.MustParseDate(end))
	if err != nil {
		panic(err)
	}
	return certificate.WorkPeriod{Occupation: occ, Period: p}
}

// eligOngoing is a job still going on: it ends far after any as-of day.
func eligOngoing(occ, start string) certificate.WorkPeriod { return eligWork(occ, start, "2099-12-31") }

func eligReasons(e certificate.Eligibility) []string {
	var out []string
	for _, u := range e.Unmet {
		out = append(out, fmt.Sprintf("%d: %s", u.Alternative, u.Reason))
	}
	return out
}

func TestEligibility1XGuide(t *testing.T) {
	intermediate := eligCert("X-2021-001", eligOcc, certificate.XIntermediate, "2021-06-30")
	expired := intermediate
	expired.Expires = certificate.MustParseDate("2023-12-31")
	suspended, err := intermediate.WithChange(certificate.StatusChange{On: certificate.MustParseDate("2024-01-15"), Action: certificate.Suspend, Reason: "under review"})
	require.NoError(t, err)
	senior := eligCert("X-2022-007", eligOcc, certificate.XSenior, "2022-06-30")
	otherOcc := eligCert("X-2021-002", "X-BIGDATA", certificate.XIntermediate, "2021-06-30")

	tests := []struct {
		name     string
		p        certificate.Prerequisites
		certs    []certificate.Certificate
		work     []certificate.WorkPeriod
		asOf     string
		eligible bool
		unmet    []string
	}{
		// Intermediate: 12 months. Work from 2023-03-01: 2023-03-01 + 12
		// months = 2024-03-01, so 11 whole months before 2024-02-29 and 12
		// before 2024-03-01.
		{"intermediate, 11 months", elig1XIntermediate, nil, []certificate.WorkPeriod{eligOngoing(eligOcc, "2023-03-01")}, "2024-02-29", false,
			[]string{"0: 11 whole months of work in X-WEB-FRONTEND before 2024-02-29; needs 12"}},
		{"intermediate, 12 months", elig1XIntermediate, nil, []certificate.WorkPeriod{eligOngoing(eligOcc, "2023-03-01")}, "2024-03-01", true, nil},
		{"intermediate, work in another occupation", elig1XIntermediate, nil, []certificate.WorkPeriod{eligOngoing("X-BIGDATA", "2020-01-01")}, "2024-03-01", false,
			[]string{"0: 0 whole months of work in X-WEB-FRONTEND before 2024-03-01; needs 12"}},

		// Senior: intermediate + 36 months. Work from 2021-03-01: + 36
		// months = 2024-03-01, so 35 whole months before 2024-02-29.
		{"senior, 35 months", elig1XSenior, []certificate.Certificate{intermediate}, []certificate.WorkPeriod{eligOngoing(eligOcc, "2021-03-01")}, "2024-02-29", false,
			[]string{"0: 35 whole months of work in X-WEB-FRONTEND before 2024-02-29; needs 36"}},
		{"senior, 36 months", elig1XSenior, []certificate.Certificate{intermediate}, []certificate.WorkPeriod{eligOngoing(eligOcc, "2021-03-01")}, "2024-03-01", true, nil},
		{"senior, both missing", elig1XSenior, nil, []certificate.WorkPeriod{eligOngoing(eligOcc, "2021-03-01")}, "2024-02-29", false,
			[]string{"0: no certificate of 1x-intermediate or above in X-WEB-FRONTEND",
				"0: 35 whole months of work in X-WEB-FRONTEND before 2024-02-29; needs 36"}},
		{"senior, certificate expired", elig1XSenior, []certificate.Certificate{expired}, []certificate.WorkPeriod{eligOngoing(eligOcc, "2021-03-01")}, "2024-03-01", false,
			[]string{"0: no valid certificate of 1x-intermediate or above in X-WEB-FRONTEND on 2024-03-01: X-2021-001 (1x-intermediate) is expired"}},
		{"senior, certificate suspended", elig1XSenior, []certificate.Certificate{suspended}, []certificate.WorkPeriod{eligOngoing(eligOcc, "2021-03-01")}, "2024-03-01", false,
			[]string{"0: no valid certificate of 1x-intermediate or above in X-WEB-FRONTEND on 2024-03-01: X-2021-001 (1x-intermediate) is suspended"}},
		{"senior, certificate suspended only later", elig1XSenior, []certificate.Certificate{suspended}, []certificate.WorkPeriod{eligOngoing(eligOcc, "2021-01-01")}, "2024-01-14", true, nil},
		{"senior, certificate not yet issued", elig1XSenior, []certificate.Certificate{eligCert("X-2024-009", eligOcc, certificate.XIntermediate, "2024-06-30")},
			[]certificate.WorkPeriod{eligOngoing(eligOcc, "2021-03-01")}, "2024-03-01", false,
			[]string{"0: no valid certificate of 1x-intermediate or above in X-WEB-FRONTEND on 2024-03-01: X-2024-009 (1x-intermediate) is not-yet-issued"}},
		{"senior, a higher level counts", elig1XSenior, []certificate.Certificate{senior}, []certificate.WorkPeriod{eligOngoing(eligOcc, "2021-03-01")}, "2024-03-01", true, nil},
		{"senior, certificate in another occupation", elig1XSenior, []certificate.Certificate{otherOcc}, []certificate.WorkPeriod{eligOngoing(eligOcc, "2021-03-01")}, "2024-03-01", false,
			[]string{"0: no certificate of 1x-intermediate or above in X-WEB-FRONTEND"}},
		{"senior, one of two certificates valid", elig1XSenior, []certificate.Certificate{expired, senior}, []certificate.WorkPeriod{eligOngoing(eligOcc, "2021-03-01")}, "2024-03-01", true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := certificate.Candidate{Holder: eligHolder, Certificates: tt.certs, Work: tt.work}
			e, err := tt.p.Check(c, eligOcc, certificate.MustParseDate(tt.asOf))
			require.NoError(t, err)
			assert.Equal(t, tt.eligible, e.Eligible)
			assert.Equal(t, tt.unmet, eligReasons(e))
		})
	}
}

func TestEligibilityWorkCounting(t *testing.T) {
	asOf := "2024-03-01"
	tests := []struct {
		name   string
		work   []certificate.WorkPeriod
		months int
	}{
		// 2021-03-01 to 2024-03-01 (the as-of day, excluded): 36.
		{"one ongoing job", []certificate.WorkPeriod{eligOngoing(eligOcc, "2021-03-01")}, 36},
		// Overlapping jobs merge into 2021-03-01 to 2024-03-01 = 36; counted
		// apart they would give 22 (to 2023-01-01) + 26 (2022-01-01 to
		// 2024-03-01) = 48.
		{"overlapping jobs", []certificate.WorkPeriod{eligWork(eligOcc, "2021-03-01", "2022-12-31"), eligOngoing(eligOcc, "2022-01-01")}, 36},
		// Back-to-back jobs merge: 36. Apart: 2021-03-01 to 2022-08-16 is 17
		// months and 2022-08-16 to 2024-03-01 is 18 (2022-08-16 + 19 months
		// = 2024-03-16 is after the as-of day), 35 together.
		{"back-to-back jobs", []certificate.WorkPeriod{eligOngoing(eligOcc, "2022-08-16"), eligWork(eligOcc, "2021-03-01", "2022-08-15")}, 36},
		// A gap keeps them apart: 2021 whole (12) + 2023-01-01 to 2023-06-30
		// (6) = 18.
		{"jobs with a gap", []certificate.WorkPeriod{eligWork(eligOcc, "2021-01-01", "2021-12-31"), eligWork(eligOcc, "2023-01-01", "2023-06-30")}, 18},
		// Part months of separate stretches are dropped: 2021-01-01 to
		// 2021-01-20 (0) + 2021-03-01 to 2021-04-15 (1) = 1.
		{"part months", []certificate.WorkPeriod{eligWork(eligOcc, "2021-01-01", "2021-01-20"), eligWork(eligOcc, "2021-03-01", "2021-04-15")}, 1},
		{"finished job of a calendar year", []certificate.WorkPeriod{eligWork(eligOcc, "2023-01-01", "2023-12-31")}, 12},
		// Ends on the day before the as-of day: 2023-03-01 to 2024-03-01 = 12.
		{"job ending the day before", []certificate.WorkPeriod{eligWork(eligOcc, "2023-03-01", "2024-02-29")}, 12},
		{"job starting on the as-of day", []certificate.WorkPeriod{eligOngoing(eligOcc, asOf)}, 0},
		{"job starting later", []certificate.WorkPeriod{eligOngoing(eligOcc, "2024-05-01")}, 0},
		// Only the occupation asked for counts: 2023-03-01 to 2024-03-01 = 12.
		{"other occupations ignored", []certificate.WorkPeriod{eligOngoing("X-BIGDATA", "2015-01-01"), eligOngoing(eligOcc, "2023-03-01")}, 12},
		{"no work", nil, 0},
		// A job running to the last supported day is cut at the as-of day.
		{"job to 9999-12-31", []certificate.WorkPeriod{eligWork(eligOcc, "2023-03-01", "9999-12-31")}, 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Probe with requirements of months and months+1: the first is
			// met and the second is not.
			c := certificate.Candidate{Holder: eligHolder, Work: tt.work}
			for _, probe := range []struct {
				months int
				met    bool
			}{{tt.months, true}, {tt.months + 1, false}} {
				if probe.months == 0 {
					continue
				}
				p := certificate.Prerequisites{Target: certificate.XJunior, AnyOf: [][]certificate.Requirement{{{Kind: certificate.RequireWork, Months: probe.months}}}}
				e, err := p.Check(c, eligOcc, certificate.MustParseDate(asOf))
				require.NoError(t, err)
				assert.Equal(t, probe.met, e.Eligible, "%d months: %v", probe.months, eligReasons(e))
			}
		})
	}
}

// TestEligibilityWorkProperty checks the counting of work on random jobs:
// the order of the periods does not matter, cutting a period in two
// back-to-back pieces changes nothing, and the count never exceeds the whole
// months from the first start to the as-of day.
func TestEligibilityWorkProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2024))
	base := certificate.MustParseDate("2015-01-01")
	asOf := certificate.MustParseDate("2024-03-01")
	day := func(n int) certificate.Date {
		d, err := base.AddDays(n)
		require.NoError(t, err)
		return d
	}
	months := func(work []certificate.WorkPeriod) int {
		// The largest n for which a RequireWork of n months is met, by
		// bisection over 0..1200.
		lo, hi := 0, 1200
		for lo < hi {
			mid := (lo + hi + 1) / 2
			p := certificate.Prerequisites{Target: certificate.XJunior, AnyOf: [][]certificate.Requirement{{{Kind: certificate.RequireWork, Months: mid}}}}
			e, err := p.Check(certificate.Candidate{Holder: eligHolder, Work: work}, eligOcc, asOf)
			require.NoError(t, err)
			if e.Eligible {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		return lo
	}
	for range 200 {
		var work []certificate.WorkPeriod
		first := asOf
		for range 1 + rng.IntN(4) {
			s := rng.IntN(3650)
			e := s + rng.IntN(1500)
			p, err := certificate.NewPeriod(day(s), day(e))
			require.NoError(t, err)
			work = append(work, certificate.WorkPeriod{Occupation: eligOcc, Period: p})
			if day(s).Before(first) {
				first = day(s)
			}
		}
		n := months(work)
		shuffled := append([]certificate.WorkPeriod(nil), work...)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		require.Equal(t, n, months(shuffled), "order: %v", work)

		w := work[0]
		if w.Period.Days() > 1 {
			k := 1 + rng.IntN(w.Period.Days()-1) // first piece has k days
			mid, err := w.Period.Start().AddDays(k)
			require.NoError(t, err)
			pieces := w.Period.SplitAt(mid)
			require.Len(t, pieces, 2)
			split := append([]certificate.WorkPeriod{{Occupation: eligOcc, Period: pieces[0]}, {Occupation: eligOcc, Period: pieces[1]}}, work[1:]...)
			require.Equal(t, n, months(split), "split %v at %v", w.Period, mid)
		}
		var upper int
		if first.Before(asOf) {
			upper = civil.MonthsBetween(first, asOf)
		}
		require.LessOrEqual(t, n, upper)
	}
}

func TestEligibilityAlternatives(t *testing.T) {
	// A hypothetical senior rule built from DOMAIN.md's numbers to show
	// alternatives ("A and B, or C and D"): the intermediate certificate and
	// 36 months of related work, or (for students) the intermediate
	// certificate while still at school.
	p := certificate.Prerequisites{Target: certificate.XSenior, Occupation: eligOcc, AnyOf: [][]certificate.Requirement{
		{{Kind: certificate.RequireLevel, Level: certificate.XIntermediate}, {Kind: certificate.RequireWork, Months: 36}},
		{{Kind: certificate.RequireStudent}, {Kind: certificate.RequireLevel, Level: certificate.XIntermediate, Occupation: eligOcc}},
	}}
	student := certificate.Holder{ID: eligHolder.ID, Name: eligHolder.Name, Kind: certificate.Student}
	cert := eligCert("X-2023-100", eligOcc, certificate.XIntermediate, "2023-06-30")
	cert.Holder = student
	asOf := certificate.MustParseDate("2024-03-01")

	t.Run("a student with the certificate meets the second", func(t *testing.T) {
		e, err := p.Check(certificate.Candidate{Holder: student, Certificates: []certificate.Certificate{cert}}, "", asOf)
		require.NoError(t, err)
		assert.True(t, e.Eligible)
		assert.Equal(t, []string{"0: 0 whole months of work in X-WEB-FRONTEND before 2024-03-01; needs 36"}, eligReasons(e))
	})
	t.Run("an employee with 12 months and no certificate meets neither", func(t *testing.T) {
		// 2023-03-01 to 2024-03-01 = 12 months.
		e, err := p.Check(certificate.Candidate{Holder: eligHolder, Work: []certificate.WorkPeriod{eligOngoing(eligOcc, "2023-03-01")}}, eligOcc, asOf)
		require.NoError(t, err)
		assert.False(t, e.Eligible)
		assert.Equal(t, []string{
			"0: no certificate of 1x-intermediate or above in X-WEB-FRONTEND",
			"0: 12 whole months of work in X-WEB-FRONTEND before 2024-03-01; needs 36",
			"1: is an employee, not a student",
			"1: no certificate of 1x-intermediate or above in X-WEB-FRONTEND",
		}, eligReasons(e))
		assert.Equal(t, certificate.RequireStudent, e.Unmet[2].Requirement.Kind)
	})
	t.Run("no alternatives means no prerequisites", func(t *testing.T) {
		e, err := certificate.Prerequisites{Target: certificate.XJunior}.Check(certificate.Candidate{Holder: eligHolder}, eligOcc, asOf)
		require.NoError(t, err)
		assert.True(t, e.Eligible)
		assert.Empty(t, e.Unmet)
	})
}

func TestEligibilityStudentAndAge(t *testing.T) {
	student := certificate.Holder{ID: "S-1", Name: "Wang Fang", Kind: certificate.Student}
	// Age 16: the Labour Law of the PRC (中华人民共和国劳动法) art. 15 forbids
	// employing anyone under 16. Age 18: adulthood, Civil Code (民法典)
	// art. 17.
	age16 := certificate.Prerequisites{Target: certificate.JuniorWorker, AnyOf: [][]certificate.Requirement{{{Kind: certificate.RequireAge, Years: 16}}}}
	age18 := certificate.Prerequisites{Target: certificate.JuniorWorker, AnyOf: [][]certificate.Requirement{{{Kind: certificate.RequireAge, Years: 18}}}}
	notStudent := certificate.Prerequisites{Target: certificate.JuniorWorker, AnyOf: [][]certificate.Requirement{{{Kind: certificate.RequireNotStudent}}}}
	mustStudent := certificate.Prerequisites{Target: certificate.JuniorWorker, AnyOf: [][]certificate.Requirement{{{Kind: certificate.RequireStudent}}}}
	tests := []struct {
		name  string
		p     certificate.Prerequisites
		c     certificate.Candidate
		asOf  string
		unmet []string
	}{
		{"student required, is one", mustStudent, certificate.Candidate{Holder: student}, "2024-03-01", nil},
		{"student required, is an employee", mustStudent, certificate.Candidate{Holder: eligHolder}, "2024-03-01", []string{"0: is an employee, not a student"}},
		{"non-student required, is a student", notStudent, certificate.Candidate{Holder: student}, "2024-03-01", []string{"0: is a student"}},
		{"non-student required, is an employee", notStudent, certificate.Candidate{Holder: eligHolder}, "2024-03-01", nil},
		// Born 2008-03-01: 16 on 2024-03-01, 15 the day before.
		{"16 on the birthday", age16, certificate.Candidate{Holder: student, Born: certificate.MustParseDate("2008-03-01")}, "2024-03-01", nil},
		{"15 the day before", age16, certificate.Candidate{Holder: student, Born: certificate.MustParseDate("2008-03-01")}, "2024-02-29",
			[]string{"0: is 15 years old on 2024-02-29 (born 2008-03-01); needs 16"}},
		// Born 2004-02-29: 2022 has no 29 February, so 18 on 2022-02-28.
		{"18 on 28 February for a 29 February birthday", age18, certificate.Candidate{Holder: student, Born: certificate.MustParseDate("2004-02-29")}, "2022-02-28", nil},
		{"17 the day before", age18, certificate.Candidate{Holder: student, Born: certificate.MustParseDate("2004-02-29")}, "2022-02-27",
			[]string{"0: is 17 years old on 2022-02-27 (born 2004-02-29); needs 18"}},
		{"born after the as-of day", age16, certificate.Candidate{Holder: student, Born: certificate.MustParseDate("2025-01-01")}, "2024-03-01",
			[]string{"0: is 0 years old on 2024-03-01 (born 2025-01-01); needs 16"}},
		{"birth date unknown", age16, certificate.Candidate{Holder: student}, "2024-03-01",
			[]string{"0: birth date unknown; needs to be at least 16 years old"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := tt.p.Check(tt.c, "6-18-01-01", certificate.MustParseDate(tt.asOf))
			require.NoError(t, err)
			assert.Equal(t, tt.unmet == nil, e.Eligible)
			assert.Equal(t, tt.unmet, eligReasons(e))
		})
	}
}

func TestPrerequisitesValidate(t *testing.T) {
	one := func(q certificate.Requirement) certificate.Prerequisites {
		return certificate.Prerequisites{Target: certificate.XSenior, AnyOf: [][]certificate.Requirement{{{Kind: certificate.RequireWork, Months: 12}}, {q}}}
	}
	tests := []struct {
		name  string
		p     certificate.Prerequisites
		field string
		value string
		is    error
	}{
		{"no target", certificate.Prerequisites{}, "target", "Level(0x00)", certificate.ErrInvalidLevel},
		{"blank occupation", certificate.Prerequisites{Target: certificate.XSenior, Occupation: " "}, "occupation", " ", certificate.ErrInvalid},
		{"empty alternative", certificate.Prerequisites{Target: certificate.XSenior, AnyOf: [][]certificate.Requirement{{}}}, "anyOf[0]", "", certificate.ErrInvalid},
		{"no kind", one(certificate.Requirement{}), "anyOf[1][0].kind", "requirement kind(0)", certificate.ErrInvalid},
		{"unknown kind", one(certificate.Requirement{Kind: 9}), "anyOf[1][0].kind", "requirement kind(9)", certificate.ErrInvalid},
		{"level missing", one(certificate.Requirement{Kind: certificate.RequireLevel}), "anyOf[1][0].level", "Level(0x00)", certificate.ErrInvalidLevel},
		{"level invalid", one(certificate.Requirement{Kind: certificate.RequireLevel, Level: 0x1f}), "anyOf[1][0].level", "Level(0x1f)", certificate.ErrInvalidLevel},
		{"months missing", one(certificate.Requirement{Kind: certificate.RequireWork}), "anyOf[1][0].months", "0", certificate.ErrInvalid},
		{"negative months", one(certificate.Requirement{Kind: certificate.RequireWork, Months: -12}), "anyOf[1][0].months", "-12", certificate.ErrInvalid},
		{"months over 1200", one(certificate.Requirement{Kind: certificate.RequireWork, Months: 1201}), "anyOf[1][0].months", "1201", certificate.ErrInvalid},
		{"years missing", one(certificate.Requirement{Kind: certificate.RequireAge}), "anyOf[1][0].years", "0", certificate.ErrInvalid},
		{"years over 100", one(certificate.Requirement{Kind: certificate.RequireAge, Years: 101}), "anyOf[1][0].years", "101", certificate.ErrInvalid},
		{"months on a student requirement", one(certificate.Requirement{Kind: certificate.RequireStudent, Months: 12}), "anyOf[1][0].months", "12", certificate.ErrInvalid},
		{"level on a work requirement", one(certificate.Requirement{Kind: certificate.RequireWork, Months: 12, Level: certificate.XJunior}), "anyOf[1][0].level", "1x-junior", certificate.ErrInvalid},
		{"occupation on an age requirement", one(certificate.Requirement{Kind: certificate.RequireAge, Years: 16, Occupation: eligOcc}), "anyOf[1][0].occupation", eligOcc, certificate.ErrInvalid},
		{"years on a level requirement", one(certificate.Requirement{Kind: certificate.RequireLevel, Level: certificate.XJunior, Years: 3}), "anyOf[1][0].years", "3", certificate.ErrInvalid},
		{"blank requirement occupation", one(certificate.Requirement{Kind: certificate.RequireWork, Months: 12, Occupation: "  "}), "anyOf[1][0].occupation", "  ", certificate.ErrInvalid},
		{"asks for the target", one(certificate.Requirement{Kind: certificate.RequireLevel, Level: certificate.XSenior}), "anyOf[1][0].level", "1x-senior", certificate.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Validate()
			var fe *certificate.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			assert.Equal(t, tt.value, fe.Value)
			assert.ErrorIs(t, err, tt.is)
			assert.ErrorIs(t, err, certificate.ErrInvalid, "every bad-input error matches ErrInvalid")
		})
	}

	// Asking for the target level in ANOTHER occupation is allowed.
	ok := one(certificate.Requirement{Kind: certificate.RequireLevel, Level: certificate.XSenior, Occupation: "X-BIGDATA"})
	assert.NoError(t, ok.Validate())
	assert.NoError(t, elig1XSenior.Validate())
	assert.NoError(t, elig1XIntermediate.Validate())
}

func TestPrerequisitesCheckErrors(t *testing.T) {
	asOf := certificate.MustParseDate("2024-03-01")
	good := certificate.Candidate{Holder: eligHolder}
	othersCert := eligCert("X-1", eligOcc, certificate.XIntermediate, "2022-01-01")
	othersCert.Holder.ID = "S-9999"
	brokenCert := eligCert("", eligOcc, certificate.XIntermediate, "2022-01-01")
	specific := certificate.Prerequisites{Target: certificate.XSenior, Occupation: eligOcc}
	tests := []struct {
		name  string
		p     certificate.Prerequisites
		c     certificate.Candidate
		occ   string
		asOf  certificate.Date
		field string
	}{
		{"invalid prerequisites", certificate.Prerequisites{}, good, eligOcc, asOf, "prerequisites.target"},
		{"invalid holder", elig1XSenior, certificate.Candidate{Holder: certificate.Holder{ID: "x", Name: "y"}}, eligOcc, asOf, "candidate.holder.kind"},
		{"someone else's certificate", elig1XSenior, certificate.Candidate{Holder: eligHolder, Certificates: []certificate.Certificate{othersCert}}, eligOcc, asOf,
			"candidate.certificates[0].holder.id"},
		{"broken certificate", elig1XSenior, certificate.Candidate{Holder: eligHolder, Certificates: []certificate.Certificate{brokenCert}}, eligOcc, asOf,
			"candidate.certificates[0].number"},
		{"work without occupation", elig1XSenior, certificate.Candidate{Holder: eligHolder, Work: []certificate.WorkPeriod{{Period: eligOngoing("x", "2020-01-01").Period}}}, eligOcc, asOf,
			"candidate.work[0].occupation"},
		{"work without period", elig1XSenior, certificate.Candidate{Holder: eligHolder, Work: []certificate.WorkPeriod{{Occupation: eligOcc}}}, eligOcc, asOf,
			"candidate.work[0].period"},
		{"zero as-of", elig1XSenior, good, eligOcc, certificate.Date{}, "asOf"},
		{"no occupation", elig1XSenior, good, "", asOf, "occupation"},
		{"another occupation", specific, good, "X-BIGDATA", asOf, "occupation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.p.Check(tt.c, tt.occ, tt.asOf)
			var fe *certificate.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field)
			assert.ErrorIs(t, err, certificate.ErrInvalid)
		})
	}
	// The prerequisites' own occupation is used when none is given.
	_, err := specific.Check(good, "", asOf)
	assert.NoError(t, err)
}

func TestRequirementString(t *testing.T) {
	tests := []struct {
		q    certificate.Requirement
		want string
	}{
		{certificate.Requirement{Kind: certificate.RequireLevel, Level: certificate.XIntermediate}, "holds 1x-intermediate or above in the occupation being sat"},
		{certificate.Requirement{Kind: certificate.RequireWork, Months: 36, Occupation: eligOcc}, "36 months of work in X-WEB-FRONTEND"},
		{certificate.Requirement{Kind: certificate.RequireStudent}, "is a student"},
		{certificate.Requirement{Kind: certificate.RequireNotStudent}, "is not a student"},
		{certificate.Requirement{Kind: certificate.RequireAge, Years: 16}, "is at least 16 years old"},
		{certificate.Requirement{}, "requirement kind(0)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.q.String())
		})
	}
}

func TestRequirementKindCodes(t *testing.T) {
	for k, code := range map[certificate.RequirementKind]string{certificate.RequireLevel: "level", certificate.RequireWork: "work", certificate.RequireStudent: "student",
		certificate.RequireNotStudent: "not-student", certificate.RequireAge: "age"} {
		t.Run(code, func(t *testing.T) {
			assert.True(t, k.IsValid())
			assert.Equal(t, code, k.String())
			b, err := k.MarshalText()
			require.NoError(t, err)
			var back certificate.RequirementKind
			require.NoError(t, back.UnmarshalText(b))
			assert.Equal(t, k, back)
		})
	}
	var k certificate.RequirementKind
	assert.ErrorIs(t, k.UnmarshalText([]byte("Level")), certificate.ErrInvalid)
	assert.False(t, certificate.RequirementKind(0).IsValid())
}

// eligSeniorJSON is elig1XSenior (DOMAIN.md's 1+X guide) in JSON.
const eligSeniorJSON = `{"target": "1x-senior", "anyOf": [[
  {"kind": "level", "level": "1x-intermediate"},
  {"kind": "work", "months": 36}]]}`

func TestPrerequisitesJSON(t *testing.T) {
	p, err := certificate.ParsePrerequisites([]byte(eligSeniorJSON))
	require.NoError(t, err)
	assert.Equal(t, elig1XSenior, p)

	alt := certificate.Prerequisites{Target: certificate.XSenior, Occupation: eligOcc, AnyOf: [][]certificate.Requirement{
		{{Kind: certificate.RequireLevel, Level: certificate.XIntermediate}, {Kind: certificate.RequireWork, Months: 36, Occupation: "X-BIGDATA"}},
		{{Kind: certificate.RequireStudent}, {Kind: certificate.RequireAge, Years: 18}},
		{{Kind: certificate.RequireNotStudent}},
	}}
	for _, p := range []certificate.Prerequisites{elig1XSenior, elig1XIntermediate, alt, {Target: certificate.XJunior}} {
		b, err := json.Marshal(p)
		require.NoError(t, err)
		var back certificate.Prerequisites
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, p, back, "%s", b)
	}
	b, err := json.Marshal(elig1XSenior)
	require.NoError(t, err)
	assert.JSONEq(t, eligSeniorJSON, string(b))

	// A failed decode leaves the value unchanged.
	kept := elig1XIntermediate
	err = json.Unmarshal([]byte(`{"target": "1x-senior", "anyOf": [[{"kind": "work"}]]}`), &kept)
	var fe *certificate.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "anyOf[0][0].months", fe.Field)
	assert.Equal(t, elig1XIntermediate, kept)
}

func TestParsePrerequisitesErrors(t *testing.T) {
	tests := []struct {
		name  string
		json  string
		field string
		is    error
	}{
		{"empty", ``, "$", certificate.ErrInvalid},
		{"null", `null`, "$", certificate.ErrInvalid},
		{"trailing", `{"target": "1x-senior"}]`, "$", certificate.ErrInvalid},
		{"missing target", `{}`, "target", certificate.ErrInvalid},
		{"unknown target", `{"target": "1x-expert"}`, "target", certificate.ErrInvalidLevel},
		{"unknown member", `{"target": "1x-senior", "allOf": []}`, "allOf", certificate.ErrInvalid},
		{"occupation not a string", `{"target": "1x-senior", "occupation": 7}`, "occupation", certificate.ErrInvalid},
		{"anyOf flat", `{"target": "1x-senior", "anyOf": [{"kind": "student"}]}`, "anyOf", certificate.ErrInvalid},
		{"requirement not an object", `{"target": "1x-senior", "anyOf": [["student"]]}`, "anyOf[0][0]", certificate.ErrInvalid},
		{"months as string", `{"target": "1x-senior", "anyOf": [[{"kind": "student"}], [{"kind": "work", "months": "12"}]]}`, "anyOf[1][0].months", certificate.ErrInvalid},
		{"months fractional", `{"target": "1x-senior", "anyOf": [[{"kind": "work", "months": 12.5}]]}`, "anyOf[0][0].months", certificate.ErrInvalid},
		{"unknown requirement member", `{"target": "1x-senior", "anyOf": [[{"kind": "work", "month": 12}]]}`, "anyOf[0][0].month", certificate.ErrInvalid},
		{"unknown kind", `{"target": "1x-senior", "anyOf": [[{"kind": "degree"}]]}`, "anyOf[0][0].kind", certificate.ErrInvalid},
		{"missing kind", `{"target": "1x-senior", "anyOf": [[{"months": 12}]]}`, "anyOf[0][0].kind", certificate.ErrInvalid},
		{"unknown level", `{"target": "1x-senior", "anyOf": [[{"kind": "level", "level": "1x-Intermediate"}]]}`, "anyOf[0][0].level", certificate.ErrInvalidLevel},
		{"validation", `{"target": "1x-senior", "anyOf": [[{"kind": "work", "months": 36}], [{"kind": "student", "years": 18}]]}`, "anyOf[1][0].years", certificate.ErrInvalid},
		{"empty alternative", `{"target": "1x-senior", "anyOf": [[]]}`, "anyOf[0]", certificate.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := certificate.ParsePrerequisites([]byte(tt.json))
			var fe *certificate.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Field, "error: %v", err)
			assert.ErrorIs(t, err, tt.is)
			assert.ErrorIs(t, err, certificate.ErrInvalid, "every bad-input error matches ErrInvalid")
			assert.True(t, strings.HasPrefix(err.Error(), "certificate: "+tt.field), err.Error())
		})
	}
}

func TestEligibilityTypesJSONRoundTrip(t *testing.T) {
	c := certificate.Candidate{
		Holder:       eligHolder,
		Born:         certificate.MustParseDate("2001-05-20"),
		Certificates: []certificate.Certificate{eligCert("X-2021-001", eligOcc, certificate.XIntermediate, "2021-06-30")},
		Work:         []certificate.WorkPeriod{eligWork(eligOcc, "2021-03-01", "2023-02-28"), eligOngoing("X-BIGDATA", "2023-03-01")},
	}
	b, err := json.Marshal(c)
	require.NoError(t, err)
	var cb certificate.Candidate
	require.NoError(t, json.Unmarshal(b, &cb))
	assert.Equal(t, c, cb)
	assert.Contains(t, string(b), `"work":[{"occupation":"X-WEB-FRONTEND","period":"2021-03-01/2023-02-28"}`)

	e, err := elig1XSenior.Check(c, eligOcc, certificate.MustParseDate("2024-03-01"))
	require.NoError(t, err)
	require.False(t, e.Eligible)
	b, err = json.Marshal(e)
	require.NoError(t, err)
	// 2021-03-01 to 2023-03-01 = 24 months of X-WEB-FRONTEND work.
	assert.JSONEq(t, `{"eligible": false, "unmet": [{"alternative": 0,
	  "requirement": {"kind": "work", "months": 36},
	  "reason": "24 whole months of work in X-WEB-FRONTEND before 2024-03-01; needs 36"}]}`, string(b))
	var eb certificate.Eligibility
	require.NoError(t, json.Unmarshal(b, &eb))
	assert.Equal(t, e, eb)
}

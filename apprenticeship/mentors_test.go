package apprenticeship_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/dualtrack/dualtrack/apprenticeship"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mentorProgram is a program with school "school-1" and partner enterprises
// "ent-1" and "ent-2"; the limit of 2 apprentices per master is illustrative.
func mentorProgram() apprenticeship.Program {
	p := coreProgram()
	p.MaxPerMaster = 2
	return p
}

// mentorAgreement is an agreement of apprentice id at ent-1 from start to
// end, with teacher t-1 and master m.
func mentorAgreement(id, apprentice, master, start, end string) apprenticeship.Agreement {
	return apprenticeship.Agreement{
		ID:         id,
		Kind:       apprenticeship.Tripartite,
		Apprentice: apprenticeship.Person{ID: apprentice, Name: apprentice},
		Enterprise: apprenticeship.Organisation{ID: "ent-1", Name: "家电企业"},
		Teacher:    apprenticeship.Mentor{ID: "t-1", Name: "李老师", Role: apprenticeship.Teacher, Organisation: "school-1"},
		Master:     apprenticeship.Mentor{ID: master, Name: master, Role: apprenticeship.Master, Organisation: "ent-1"},
		Start:      ruleD(start),
		End:        ruleD(end),
	}
}

func TestMentorPerAgreement(t *testing.T) {
	type A = apprenticeship.Agreement
	tests := []struct {
		name   string
		mutate func(*A)
		want   []apprenticeship.MentorIssue
		mentor string
	}{
		{"both fine", func(*A) {}, nil, ""},
		{"no teacher", func(a *A) { a.Teacher = apprenticeship.Mentor{} }, []apprenticeship.MentorIssue{apprenticeship.MissingTeacher}, ""},
		{"teacher as master", func(a *A) { a.Teacher.Role = apprenticeship.Master }, []apprenticeship.MentorIssue{apprenticeship.MissingTeacher}, "t-1"},
		{"teacher elsewhere", func(a *A) { a.Teacher.Organisation = "school-9" }, []apprenticeship.MentorIssue{apprenticeship.TeacherOutsideSchool}, "t-1"},
		{"no master", func(a *A) { a.Master = apprenticeship.Mentor{} }, []apprenticeship.MentorIssue{apprenticeship.MissingMaster}, ""},
		{"master as teacher", func(a *A) { a.Master.Role = apprenticeship.Teacher }, []apprenticeship.MentorIssue{apprenticeship.MissingMaster}, "m-1"},
		// ent-2 is a partner, but the apprentice trains at ent-1.
		{"master at the other partner", func(a *A) { a.Master.Organisation = "ent-2" }, []apprenticeship.MentorIssue{apprenticeship.MasterOutsideEnterprise}, "m-1"},
		{"enterprise not a partner", func(a *A) {
			a.Enterprise.ID, a.Master.Organisation = "ent-9", "ent-9"
		}, []apprenticeship.MentorIssue{apprenticeship.MasterOutsideEnterprise}, "m-1"},
		{"neither", func(a *A) { a.Teacher, a.Master = apprenticeship.Mentor{}, apprenticeship.Mentor{} },
			[]apprenticeship.MentorIssue{apprenticeship.MissingTeacher, apprenticeship.MissingMaster}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := mentorAgreement("A1", "s1", "m-1", "2024-09-01", "2027-08-31")
			tt.mutate(&a)
			got := apprenticeship.CheckMentors(mentorProgram(), []apprenticeship.Agreement{a})
			var issues []apprenticeship.MentorIssue
			for _, f := range got {
				issues = append(issues, f.Issue)
				assert.Equal(t, "A1", f.Agreement)
				assert.Equal(t, tt.mentor, f.Mentor)
				assert.NotEmpty(t, f.Reason)
			}
			assert.Equal(t, tt.want, issues)
		})
	}
}

func TestMentorOverload(t *testing.T) {
	const m = "m-1"
	tests := []struct {
		name  string
		limit int
		ags   []apprenticeship.Agreement
		want  []apprenticeship.MentorFinding
	}{{
		// s1 2024-09-01..2026-08-31, s2 from 2025-03-01, s3 from 2025-09-01:
		// on 2025-09-01 three are in training (> 2). s1 ends 2026-08-31, so
		// from 2026-09-01 two remain; s4 starts 2027-01-01 (s2, s3, s4: three).
		name:  "two runs",
		limit: 2,
		ags: []apprenticeship.Agreement{
			mentorAgreement("A1", "s1", m, "2024-09-01", "2026-08-31"),
			mentorAgreement("A2", "s2", m, "2025-03-01", "2027-02-28"),
			mentorAgreement("A3", "s3", m, "2025-09-01", "2027-08-31"),
			mentorAgreement("A4", "s4", m, "2027-01-01", "2028-12-31"),
		},
		want: []apprenticeship.MentorFinding{
			{Issue: apprenticeship.MasterOverloaded, Mentor: m, Apprentices: []string{"s1", "s2", "s3"}, Day: ruleD("2025-09-01")},
			{Issue: apprenticeship.MasterOverloaded, Mentor: m, Apprentices: []string{"s2", "s3", "s4"}, Day: ruleD("2027-01-01")},
		},
	}, {
		// s1 ends 2025-08-31, s3 starts 2025-09-01: never three on one day.
		name:  "back to back",
		limit: 2,
		ags: []apprenticeship.Agreement{
			mentorAgreement("A1", "s1", m, "2024-09-01", "2025-08-31"),
			mentorAgreement("A2", "s2", m, "2024-09-01", "2026-08-31"),
			mentorAgreement("A3", "s3", m, "2025-09-01", "2027-08-31"),
		},
	}, {
		// The same 2024-09-01..2025-08-31 agreements as above, but s1's ends
		// one day later, 2025-09-01: three on that single day.
		name:  "one day of overlap",
		limit: 2,
		ags: []apprenticeship.Agreement{
			mentorAgreement("A1", "s1", m, "2024-09-01", "2025-09-01"),
			mentorAgreement("A2", "s2", m, "2024-09-01", "2026-08-31"),
			mentorAgreement("A3", "s3", m, "2025-09-01", "2027-08-31"),
		},
		want: []apprenticeship.MentorFinding{
			{Issue: apprenticeship.MasterOverloaded, Mentor: m, Apprentices: []string{"s1", "s2", "s3"}, Day: ruleD("2025-09-01")},
		},
	}, {
		// s1 has two overlapping agreements with the master: one apprentice.
		name:  "one apprentice twice",
		limit: 1,
		ags: []apprenticeship.Agreement{
			mentorAgreement("A1", "s1", m, "2024-09-01", "2025-08-31"),
			mentorAgreement("A2", "s1", m, "2025-03-01", "2026-08-31"),
		},
	}, {
		// Different masters do not add up; m-2's two apprentices overlap
		// from 2025-01-01 (limit 1); m-0 sorts before m-2.
		name:  "per master, in id order",
		limit: 1,
		ags: []apprenticeship.Agreement{
			mentorAgreement("A1", "s1", "m-2", "2024-09-01", "2025-08-31"),
			mentorAgreement("A2", "s2", "m-2", "2025-01-01", "2026-08-31"),
			mentorAgreement("A3", "s3", "m-0", "2024-09-01", "2026-08-31"),
			mentorAgreement("A4", "s4", "m-0", "2026-08-31", "2027-08-31"),
		},
		want: []apprenticeship.MentorFinding{
			{Issue: apprenticeship.MasterOverloaded, Mentor: "m-0", Apprentices: []string{"s3", "s4"}, Day: ruleD("2026-08-31")},
			{Issue: apprenticeship.MasterOverloaded, Mentor: "m-2", Apprentices: []string{"s1", "s2"}, Day: ruleD("2025-01-01")},
		},
	}, {
		name:  "no limit",
		limit: 0,
		ags: []apprenticeship.Agreement{
			mentorAgreement("A1", "s1", m, "2024-09-01", "2026-08-31"),
			mentorAgreement("A2", "s2", m, "2024-09-01", "2026-08-31"),
		},
	}, {
		// An agreement ending before it starts has no period and is not counted.
		name:  "invalid period left out",
		limit: 1,
		ags: []apprenticeship.Agreement{
			mentorAgreement("A1", "s1", m, "2024-09-01", "2026-08-31"),
			mentorAgreement("A2", "s2", m, "2025-09-01", "2024-08-31"),
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mentorProgram()
			p.MaxPerMaster = tt.limit
			got := apprenticeship.CheckMentors(p, tt.ags)
			for i := range got {
				assert.Contains(t, got[i].Reason, got[i].Day.String())
				got[i].Reason = ""
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

// mentorBrute returns, for one master's agreements, the first day of each
// run of days with more than limit distinct apprentices, counting day by day.
func mentorBrute(ags []apprenticeship.Agreement, limit int, from, to apprenticeship.Date) []apprenticeship.Date {
	var out []apprenticeship.Date
	over := false
	for d := from; !d.After(to); d = d.Next() {
		set := map[string]bool{}
		for _, a := range ags {
			if p := a.Period(); !p.IsZero() && p.Contains(d) {
				set[a.Apprentice.ID] = true
			}
		}
		switch {
		case len(set) > limit && !over:
			out, over = append(out, d), true
		case len(set) <= limit:
			over = false
		}
	}
	return out
}

// Property: the sweep finds the same runs as counting every day, and the
// order of the agreements does not matter.
func TestMentorOverloadProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(2024, 9))
	base := ruleD("2024-01-01")
	for i := range 300 {
		n := 1 + r.IntN(8)
		var ags []apprenticeship.Agreement
		for j := range n {
			s, _ := base.AddDays(r.IntN(200))
			e, _ := s.AddDays(r.IntN(120) - 10) // sometimes before the start: no period
			ags = append(ags, mentorAgreement(fmt.Sprint("A", j), fmt.Sprint("s", r.IntN(6)), "m", s.String(), e.String()))
		}
		limit := 1 + r.IntN(3)
		p := mentorProgram()
		p.MaxPerMaster = limit
		got := apprenticeship.CheckMentors(p, ags)
		var days []apprenticeship.Date
		for _, f := range got {
			require.Equal(t, apprenticeship.MasterOverloaded, f.Issue)
			require.Greater(t, len(f.Apprentices), limit)
			days = append(days, f.Day)
		}
		want := mentorBrute(ags, limit, base, ruleD("2024-12-31"))
		require.Equal(t, want, days, "case %d", i)

		shuffled := slices.Clone(ags)
		r.Shuffle(len(shuffled), func(x, y int) { shuffled[x], shuffled[y] = shuffled[y], shuffled[x] })
		require.Equal(t, got, apprenticeship.CheckMentors(p, shuffled), "case %d: order-independent", i)
	}
}

func TestMentorFindingJSON(t *testing.T) {
	f := apprenticeship.MentorFinding{
		Issue: apprenticeship.MasterOverloaded, Mentor: "m-1",
		Apprentices: []string{"s1", "s2", "s3"}, Day: ruleD("2025-09-01"), Reason: "three",
	}
	b, err := json.Marshal(f)
	require.NoError(t, err)
	assert.JSONEq(t, `{"issue":"master-overloaded","mentor":"m-1","apprentices":["s1","s2","s3"],"day":"2025-09-01","reason":"three"}`, string(b))
	var back apprenticeship.MentorFinding
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, f, back)

	require.Error(t, json.Unmarshal([]byte(`{"issue":"overloaded"}`), &back))
	for i := apprenticeship.MissingTeacher; i <= apprenticeship.MasterOverloaded; i++ {
		var j apprenticeship.MentorIssue
		require.NoError(t, j.UnmarshalText([]byte(i.String())))
		assert.Equal(t, i, j)
	}
	assert.False(t, apprenticeship.MentorIssue(0).IsValid())
}

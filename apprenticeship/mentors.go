package apprenticeship

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// MentorIssue says what a [MentorFinding] is about. The zero MentorIssue is
// not an issue.
type MentorIssue uint8

// The mentor issues.
const (
	// MissingTeacher: the agreement names no school teacher, or names a
	// mentor without the teacher role.
	MissingTeacher MentorIssue = iota + 1
	// TeacherOutsideSchool: the teacher does not belong to the program's
	// school.
	TeacherOutsideSchool
	// MissingMaster: the agreement names no enterprise master, or names a
	// mentor without the master role.
	MissingMaster
	// MasterOutsideEnterprise: the master does not belong to the agreement's
	// enterprise, or that enterprise is not a partner of the program.
	MasterOutsideEnterprise
	// MasterOverloaded: on some day a master mentors more apprentices than
	// the program's MaxPerMaster.
	MasterOverloaded
)

var mentorIssues = codes[MentorIssue]{"mentor issue", []string{"",
	"missing-teacher", "teacher-outside-school", "missing-master", "master-outside-enterprise", "master-overloaded"}}

// IsValid reports whether i is one of the issues.
func (i MentorIssue) IsValid() bool { return mentorIssues.valid(i) }

// String returns the stable code of i: "missing-teacher",
// "teacher-outside-school", "missing-master", "master-outside-enterprise" or
// "master-overloaded".
func (i MentorIssue) String() string { return mentorIssues.String(i) }

// MarshalText implements encoding.TextMarshaler with the stable code.
func (i MentorIssue) MarshalText() ([]byte, error) { return mentorIssues.marshal(i) }

// UnmarshalText implements encoding.TextUnmarshaler; unknown codes are errors.
func (i *MentorIssue) UnmarshalText(b []byte) (err error) {
	*i, err = mentorIssues.parse(string(b))
	return err
}

// MentorFinding is one breach of the dual-mentor rules (双导师) that
// [CheckMentors] found. It is a result, not an error: the agreements are
// well-formed, but the program's mentoring does not meet its rules.
type MentorFinding struct {
	// Issue says what is wrong.
	Issue MentorIssue `json:"issue"`
	// Agreement is the id of the agreement concerned (empty for
	// MasterOverloaded, which concerns several).
	Agreement string `json:"agreement,omitempty"`
	// Mentor is the id of the mentor concerned, where there is one.
	Mentor string `json:"mentor,omitempty"`
	// Apprentices, for MasterOverloaded, are the ids of the apprentices in
	// training with the master on Day, sorted.
	Apprentices []string `json:"apprentices,omitempty"`
	// Day, for MasterOverloaded, is the first day on which the master has
	// more apprentices than the limit.
	Day Date `json:"day,omitzero"`
	// Reason explains the finding in words.
	Reason string `json:"reason"`
}

// CheckMentors checks the dual mentors of the agreements of program p and
// returns what it finds; no findings means the mentoring meets the rules:
//
//   - every agreement names a teacher (role Teacher) of the program's school
//     (p.School.ID);
//   - every agreement names a master (role Master) of the agreement's own
//     enterprise, which must be one of p.Enterprises;
//   - if p.MaxPerMaster is positive, no master mentors more than that many
//     different apprentices on any day. An apprentice counts for a master on
//     every day of an agreement's training period, Start to End inclusive;
//     apprentices count once however many agreements they have with the
//     master. Each maximal run of days above the limit is one finding, with
//     its first day and the apprentices in training with the master that day.
//     Agreements without a valid period (see [RuleSet.Check]) are left out of
//     the count.
//
// The caller passes the program's agreements; their Program field is not
// consulted. Findings come in a deterministic order: per-agreement findings
// in the order of agreements (teacher before master), then overload findings
// by master id and day.
func CheckMentors(p Program, agreements []Agreement) []MentorFinding {
	var out []MentorFinding
	partners := make(map[string]bool, len(p.Enterprises))
	for _, e := range p.Enterprises {
		partners[e.ID] = true
	}
	for _, a := range agreements {
		out = append(out, mentorTeacher(p, a)...)
		out = append(out, mentorMaster(p, a, partners)...)
	}
	if p.MaxPerMaster > 0 {
		out = append(out, mentorOverloads(agreements, p.MaxPerMaster)...)
	}
	return out
}

func mentorTeacher(p Program, a Agreement) []MentorFinding {
	t := a.Teacher
	switch {
	case strings.TrimSpace(t.ID) == "":
		return []MentorFinding{{Issue: MissingTeacher, Agreement: a.ID, Reason: "the agreement names no school teacher"}}
	case t.Role != Teacher:
		return []MentorFinding{{Issue: MissingTeacher, Agreement: a.ID, Mentor: t.ID,
			Reason: fmt.Sprintf("the teacher %s has the role %s, not teacher", t.ID, t.Role)}}
	case t.Organisation != p.School.ID:
		return []MentorFinding{{Issue: TeacherOutsideSchool, Agreement: a.ID, Mentor: t.ID,
			Reason: fmt.Sprintf("the teacher %s belongs to %q, not to the program's school %q", t.ID, t.Organisation, p.School.ID)}}
	}
	return nil
}

func mentorMaster(p Program, a Agreement, partners map[string]bool) []MentorFinding {
	m := a.Master
	switch {
	case strings.TrimSpace(m.ID) == "":
		return []MentorFinding{{Issue: MissingMaster, Agreement: a.ID, Reason: "the agreement names no enterprise master"}}
	case m.Role != Master:
		return []MentorFinding{{Issue: MissingMaster, Agreement: a.ID, Mentor: m.ID,
			Reason: fmt.Sprintf("the master %s has the role %s, not master", m.ID, m.Role)}}
	case !partners[a.Enterprise.ID]:
		return []MentorFinding{{Issue: MasterOutsideEnterprise, Agreement: a.ID, Mentor: m.ID,
			Reason: fmt.Sprintf("the agreement's enterprise %q is not a partner enterprise of program %q", a.Enterprise.ID, p.Code)}}
	case m.Organisation != a.Enterprise.ID:
		return []MentorFinding{{Issue: MasterOutsideEnterprise, Agreement: a.ID, Mentor: m.ID,
			Reason: fmt.Sprintf("the master %s belongs to %q, not to the training enterprise %q", m.ID, m.Organisation, a.Enterprise.ID)}}
	}
	return nil
}

// mentorEvent is a change in a master's apprentices: from Day on, the
// apprentice is in training with the master (delta +1) or no longer (-1).
type mentorEvent struct {
	day        Date
	apprentice string
	delta      int
}

// mentorOverloads sweeps each master's training periods in date order and
// reports every maximal run of days with more than limit apprentices.
func mentorOverloads(agreements []Agreement, limit int) []MentorFinding {
	byMaster := make(map[string][]mentorEvent)
	for _, a := range agreements {
		m := a.Master
		if strings.TrimSpace(m.ID) == "" || m.Role != Master {
			continue
		}
		period := a.Period()
		if period.IsZero() {
			continue
		}
		evs := append(byMaster[m.ID], mentorEvent{period.Start(), a.Apprentice.ID, +1})
		if next := period.End().Next(); !next.IsZero() {
			evs = append(evs, mentorEvent{next, a.Apprentice.ID, -1})
		}
		byMaster[m.ID] = evs
	}
	var out []MentorFinding
	for _, master := range slices.Sorted(maps.Keys(byMaster)) {
		evs := byMaster[master]
		slices.SortStableFunc(evs, func(x, y mentorEvent) int { return x.day.Compare(y.day) })
		active := make(map[string]int) // apprentice id → agreements in force
		over := false
		for i := 0; i < len(evs); {
			day := evs[i].day
			for ; i < len(evs) && evs[i].day == day; i++ {
				e := evs[i]
				active[e.apprentice] += e.delta
				if active[e.apprentice] == 0 {
					delete(active, e.apprentice)
				}
			}
			switch {
			case len(active) > limit && !over:
				over = true
				ids := slices.Sorted(maps.Keys(active))
				out = append(out, MentorFinding{
					Issue: MasterOverloaded, Mentor: master, Apprentices: ids, Day: day,
					Reason: fmt.Sprintf("the master %s has %d apprentices in training on %s, more than the limit of %d", master, len(ids), day, limit),
				})
			case len(active) <= limit:
				over = false
			}
		}
	}
	return out // masters in id order, each master's runs in date order
}

package apprenticeship_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/apprenticeship"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var lifeDate = apprenticeship.MustParseDate

// lifeAgreement is an illustrative German agreement: signed 2024-05-15,
// training 2024-09-01 to 2027-08-31 (three years, within BBiG § 5's 2–3
// years, DOMAIN.md), probation 4 months (the BBiG § 20 maximum, DOMAIN.md),
// so probation ends 2024-09-01 + 4 months − 1 day = 2024-12-31.
func lifeAgreement() apprenticeship.Agreement {
	return apprenticeship.Agreement{
		ID:              "A-1",
		Kind:            apprenticeship.Dual,
		Signed:          lifeDate("2024-05-15"),
		Start:           lifeDate("2024-09-01"),
		End:             lifeDate("2027-08-31"),
		ProbationMonths: 4,
	}
}

// lifeOpening is apply, enrol and start of the lifeAgreement.
func lifeOpening() []apprenticeship.Event {
	return []apprenticeship.Event{
		{On: lifeDate("2024-03-10"), Kind: apprenticeship.EventApply},
		{On: lifeDate("2024-05-15"), Kind: apprenticeship.EventEnrol, By: apprenticeship.PartyEnterprise, Written: true},
		{On: lifeDate("2024-09-01"), Kind: apprenticeship.EventStart},
	}
}

func lifeWith(events ...apprenticeship.Event) []apprenticeship.Event {
	return append(lifeOpening(), events...)
}

func TestLifeCodes(t *testing.T) {
	states := []struct {
		s    apprenticeship.State
		code string
	}{
		{apprenticeship.StateApplied, "applied"},
		{apprenticeship.StateEnrolled, "enrolled"},
		{apprenticeship.StateInTraining, "in-training"},
		{apprenticeship.StateOnBreak, "on-break"},
		{apprenticeship.StateCompleted, "completed"},
		{apprenticeship.StateWithdrawn, "withdrawn"},
		{apprenticeship.StateTerminated, "terminated"},
	}
	for _, tt := range states {
		t.Run("state/"+tt.code, func(t *testing.T) {
			b, err := tt.s.MarshalText()
			require.NoError(t, err)
			assert.Equal(t, tt.code, string(b))
			var back apprenticeship.State
			require.NoError(t, back.UnmarshalText(b))
			assert.Equal(t, tt.s, back)
			final := tt.s == apprenticeship.StateCompleted || tt.s == apprenticeship.StateWithdrawn || tt.s == apprenticeship.StateTerminated
			assert.Equal(t, final, tt.s.IsFinal())
			assert.True(t, tt.s.IsValid())
		})
	}
	kinds := []string{"apply", "enrol", "start", "pause", "resume", "complete", "withdraw", "terminate"}
	for i, code := range kinds {
		t.Run("kind/"+code, func(t *testing.T) {
			k := apprenticeship.EventKind(i + 1)
			assert.Equal(t, code, k.String())
			var back apprenticeship.EventKind
			require.NoError(t, back.UnmarshalText([]byte(code)))
			assert.Equal(t, k, back)
		})
	}
	parties := []string{"apprentice", "enterprise", "institution"}
	for i, code := range parties {
		t.Run("party/"+code, func(t *testing.T) {
			p := apprenticeship.Party(i + 1)
			assert.Equal(t, code, p.String())
			var back apprenticeship.Party
			require.NoError(t, back.UnmarshalText([]byte(code)))
			assert.Equal(t, p, back)
		})
	}
	t.Run("invalid values", func(t *testing.T) {
		var s apprenticeship.State
		assert.False(t, s.IsValid(), "the zero State is no state")
		assert.False(t, apprenticeship.State(8).IsValid())
		assert.ErrorIs(t, s.UnmarshalText([]byte("dropped-out")), apprenticeship.ErrInvalid)
		_, err := apprenticeship.State(0).MarshalText()
		assert.ErrorIs(t, err, apprenticeship.ErrInvalid)
		_, err = apprenticeship.EventKind(9).MarshalText()
		assert.ErrorIs(t, err, apprenticeship.ErrInvalid)
		var p apprenticeship.Party
		assert.ErrorContains(t, p.UnmarshalText([]byte("school")), `"school"`)
	})
}

func TestLifeProbationEnd(t *testing.T) {
	tests := []struct {
		start  string
		months int
		want   string
		why    string
	}{
		{"2024-09-01", 1, "2024-09-30", "2024-10-01 − 1 day (the rule's own example)"},
		{"2024-09-01", 4, "2024-12-31", "2025-01-01 − 1 day"},
		{"2024-01-31", 1, "2024-02-28", "2024-02-31 clamps to 2024-02-29, − 1 day"},
		{"2023-01-31", 1, "2023-02-27", "2023-02-31 clamps to 2023-02-28, − 1 day"},
		{"2023-12-15", 2, "2024-02-14", "2024-02-15 − 1 day"},
		{"2024-09-01", 0, "2024-08-31", "no probation: the day before the start"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s+%d", tt.start, tt.months), func(t *testing.T) {
			a := lifeAgreement()
			a.Signed = apprenticeship.Date{}
			a.Start = lifeDate(tt.start)
			a.ProbationMonths = tt.months
			r, err := apprenticeship.Replay(a, apprenticeship.GermanTermination(), nil)
			require.NoError(t, err)
			assert.Equal(t, lifeDate(tt.want), r.ProbationEnd(), tt.why)
		})
	}
}

func TestLifeReplay(t *testing.T) {
	// Training from 2024-09-01 with a break from 2025-02-01 to 2025-02-28
	// (resumed 2025-03-01), completed on 2027-06-20.
	events := lifeWith(
		apprenticeship.Event{On: lifeDate("2025-02-01"), Kind: apprenticeship.EventPause, Reason: "illness"},
		apprenticeship.Event{On: lifeDate("2025-03-01"), Kind: apprenticeship.EventResume},
		apprenticeship.Event{On: lifeDate("2027-06-20"), Kind: apprenticeship.EventComplete, Passed: true},
	)
	r, err := apprenticeship.Replay(lifeAgreement(), apprenticeship.GermanTermination(), events)
	require.NoError(t, err)
	assert.Equal(t, apprenticeship.StateCompleted, r.State())
	assert.Equal(t, events, r.Events())
	on, state, ended := r.Ended()
	assert.True(t, ended)
	assert.Equal(t, lifeDate("2027-06-20"), on)
	assert.Equal(t, apprenticeship.StateCompleted, state)

	states := []struct {
		on   string
		want apprenticeship.State
	}{
		{"2024-03-09", 0},
		{"2024-03-10", apprenticeship.StateApplied},
		{"2024-05-15", apprenticeship.StateEnrolled},
		{"2024-08-31", apprenticeship.StateEnrolled},
		{"2024-09-01", apprenticeship.StateInTraining},
		{"2025-02-01", apprenticeship.StateOnBreak},
		{"2025-02-28", apprenticeship.StateOnBreak},
		{"2025-03-01", apprenticeship.StateInTraining},
		{"2027-06-19", apprenticeship.StateInTraining},
		{"2027-06-20", apprenticeship.StateCompleted},
		{"2030-01-01", apprenticeship.StateCompleted},
	}
	for _, tt := range states {
		t.Run("StateOn "+tt.on, func(t *testing.T) {
			assert.Equal(t, tt.want, r.StateOn(lifeDate(tt.on)))
		})
	}

	days := []struct {
		asOf             string
		training, break_ int
		why              string
	}{
		{"2024-08-31", 0, 0, "before the start"},
		{"2024-09-01", 1, 0, "the first day"},
		{"2024-09-30", 30, 0, "September"},
		{"2025-01-31", 153, 0, "Sep 30 + Oct 31 + Nov 30 + Dec 31 + Jan 31 = 153"},
		{"2025-02-10", 153, 10, "Feb 1..10 on break"},
		{"2025-03-01", 154, 28, "February 2025 has 28 days; Mar 1 back in training"},
		{"2027-06-19", 153 + 841, 28, "2025-03-01..2027-06-19: 306 (to 2025-12-31) + 365 (2026) + 170 (to 2027-06-19) = 841"},
		{"2028-01-01", 153 + 841, 28, "nothing counts from the completion on 2027-06-20"},
	}
	for _, tt := range days {
		t.Run("days "+tt.asOf, func(t *testing.T) {
			assert.Equal(t, tt.training, r.DaysInTraining(lifeDate(tt.asOf)), tt.why)
			assert.Equal(t, tt.break_, r.DaysOnBreak(lifeDate(tt.asOf)), tt.why)
		})
	}
	assert.Zero(t, r.DaysInTraining(apprenticeship.Date{}), "the zero date counts nothing")
}

func TestLifeSameDay(t *testing.T) {
	// The state of a day is the state after its last event: a start and a
	// pause on the same day leave the day on break; a pause and a resume on
	// the same day leave it in training and count no break.
	events := lifeWith(
		apprenticeship.Event{On: lifeDate("2024-09-01"), Kind: apprenticeship.EventPause, Reason: "site closed"},
		apprenticeship.Event{On: lifeDate("2024-09-03"), Kind: apprenticeship.EventResume},
		apprenticeship.Event{On: lifeDate("2024-09-10"), Kind: apprenticeship.EventPause, Reason: "strike"},
		apprenticeship.Event{On: lifeDate("2024-09-10"), Kind: apprenticeship.EventResume},
	)
	r, err := apprenticeship.Replay(lifeAgreement(), apprenticeship.GermanTermination(), events)
	require.NoError(t, err)
	assert.Equal(t, apprenticeship.StateOnBreak, r.StateOn(lifeDate("2024-09-01")))
	assert.Equal(t, apprenticeship.StateInTraining, r.StateOn(lifeDate("2024-09-10")))
	// As of 2024-09-10: on break Sep 1 and 2 (2 days), in training Sep 3..10
	// (8 days); 2 + 8 = 10 days since the start.
	assert.Equal(t, 2, r.DaysOnBreak(lifeDate("2024-09-10")))
	assert.Equal(t, 8, r.DaysInTraining(lifeDate("2024-09-10")))
}

// lifeErr asserts that err is a *FieldError wrapping kind on field, whose
// message contains each of wants, and returns it.
func lifeErr(t *testing.T, err error, kind error, field string, wants ...string) *apprenticeship.FieldError {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, kind)
	var fe *apprenticeship.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, field, fe.Field)
	for _, w := range wants {
		assert.Contains(t, err.Error(), w)
	}
	return fe
}

func TestLifeReplayRejects(t *testing.T) {
	ev := func(on string, k apprenticeship.EventKind) apprenticeship.Event {
		return apprenticeship.Event{On: lifeDate(on), Kind: k}
	}
	done := apprenticeship.Event{On: lifeDate("2027-06-20"), Kind: apprenticeship.EventComplete, Passed: true}
	tests := []struct {
		name   string
		events []apprenticeship.Event
		kind   error
		field  string
		wants  []string
	}{
		{"first event not apply", []apprenticeship.Event{ev("2024-05-15", apprenticeship.EventEnrol)},
			apprenticeship.ErrTransition, "events[0].kind", []string{"first event must be apply", "lifecycle: enrol: applied → enrolled"}},
		{"zero kind", []apprenticeship.Event{ev("2024-05-15", 0)},
			apprenticeship.ErrInvalid, "events[0].kind", []string{"event kind(0)"}},
		{"unknown kind", []apprenticeship.Event{ev("2024-05-15", 42)},
			apprenticeship.ErrInvalid, "events[0].kind", []string{"not a valid event kind"}},
		{"no date", []apprenticeship.Event{{Kind: apprenticeship.EventApply}},
			apprenticeship.ErrInvalid, "events[0].on", []string{"needs the date"}},
		{"bad party", []apprenticeship.Event{{On: lifeDate("2024-03-10"), Kind: apprenticeship.EventApply, By: 7}},
			apprenticeship.ErrInvalid, "events[0].by", []string{"party(7)"}},
		{"apply twice", []apprenticeship.Event{ev("2024-03-10", apprenticeship.EventApply), ev("2024-03-11", apprenticeship.EventApply)},
			apprenticeship.ErrTransition, "events[1].kind", []string{"cannot apply from applied"}},
		{"enrol before signing", []apprenticeship.Event{ev("2024-03-10", apprenticeship.EventApply), ev("2024-05-14", apprenticeship.EventEnrol)},
			apprenticeship.ErrTransition, "events[1].on", []string{`"2024-05-14"`, "signed on 2024-05-15"}},
		{"start before the agreement's start", append(lifeOpening()[:2], ev("2024-08-31", apprenticeship.EventStart)),
			apprenticeship.ErrTransition, "events[2].on", []string{"2024-09-01 to 2027-08-31"}},
		{"start after the agreement's end", append(lifeOpening()[:2], ev("2027-09-01", apprenticeship.EventStart)),
			apprenticeship.ErrTransition, "events[2].on", []string{`"2027-09-01"`}},
		{"start from applied", []apprenticeship.Event{ev("2024-03-10", apprenticeship.EventApply), ev("2024-09-01", apprenticeship.EventStart)},
			apprenticeship.ErrTransition, "events[1].kind", []string{"cannot start from applied"}},
		{"out of order", lifeWith(apprenticeship.Event{On: lifeDate("2024-08-31"), Kind: apprenticeship.EventPause, Reason: "x"}),
			apprenticeship.ErrTransition, "events[3].on", []string{"before the previous event events[2] on 2024-09-01", "date order"}},
		{"pause without reason", lifeWith(apprenticeship.Event{On: lifeDate("2024-10-01"), Kind: apprenticeship.EventPause, Reason: "  "}),
			apprenticeship.ErrInvalid, "events[3].reason", []string{"pause event needs a reason"}},
		{"pause twice", lifeWith(
			apprenticeship.Event{On: lifeDate("2024-10-01"), Kind: apprenticeship.EventPause, Reason: "illness"},
			apprenticeship.Event{On: lifeDate("2024-10-02"), Kind: apprenticeship.EventPause, Reason: "illness"}),
			apprenticeship.ErrTransition, "events[4].kind", []string{"cannot pause from on-break"}},
		{"resume in training", lifeWith(ev("2024-10-01", apprenticeship.EventResume)),
			apprenticeship.ErrTransition, "events[3].kind", []string{"cannot resume from in-training"}},
		{"complete without a pass", lifeWith(ev("2027-06-20", apprenticeship.EventComplete)),
			apprenticeship.ErrTransition, "events[3].passed", []string{"passed final assessment"}},
		{"complete on break", lifeWith(
			apprenticeship.Event{On: lifeDate("2027-06-01"), Kind: apprenticeship.EventPause, Reason: "illness"}, done),
			apprenticeship.ErrTransition, "events[4].kind", []string{"cannot complete from on-break"}},
		{"complete before start", append(lifeOpening()[:2], done),
			apprenticeship.ErrTransition, "events[2].kind", []string{"cannot complete from enrolled"}},
		{"passed on another kind", lifeWith(apprenticeship.Event{On: lifeDate("2024-10-01"), Kind: apprenticeship.EventPause, Reason: "x", Passed: true}),
			apprenticeship.ErrInvalid, "events[3].passed", []string{"only a complete event"}},
		{"notice on another kind", lifeWith(apprenticeship.Event{On: lifeDate("2024-10-01"), Kind: apprenticeship.EventPause, Reason: "x", NoticeGiven: lifeDate("2024-09-01")}),
			apprenticeship.ErrInvalid, "events[3].noticeGiven", []string{"only a terminate event"}},
		{"important reason on another kind", lifeWith(apprenticeship.Event{On: lifeDate("2024-10-01"), Kind: apprenticeship.EventPause, Reason: "x", ImportantReason: true}),
			apprenticeship.ErrInvalid, "events[3].importantReason", []string{"only a terminate event"}},
		{"withdraw in training", lifeWith(apprenticeship.Event{On: lifeDate("2024-10-01"), Kind: apprenticeship.EventWithdraw, Reason: "x"}),
			apprenticeship.ErrTransition, "events[3].kind", []string{"cannot withdraw from in-training", "applied or enrolled → withdrawn"}},
		{"withdraw without reason", []apprenticeship.Event{ev("2024-03-10", apprenticeship.EventApply), ev("2024-03-11", apprenticeship.EventWithdraw)},
			apprenticeship.ErrInvalid, "events[1].reason", nil},
		{"terminate from applied", []apprenticeship.Event{ev("2024-03-10", apprenticeship.EventApply),
			{On: lifeDate("2024-03-11"), Kind: apprenticeship.EventTerminate, Reason: "x", By: apprenticeship.PartyEnterprise, Written: true}},
			apprenticeship.ErrTransition, "events[1].kind", []string{"cannot terminate from applied"}},
		{"terminate without a party", lifeWith(apprenticeship.Event{On: lifeDate("2024-10-01"), Kind: apprenticeship.EventTerminate, Reason: "x", Written: true}),
			apprenticeship.ErrInvalid, "events[3].by", []string{"who terminates"}},
		{"notice after the termination", lifeWith(apprenticeship.Event{On: lifeDate("2024-10-01"), Kind: apprenticeship.EventTerminate, Reason: "x",
			By: apprenticeship.PartyApprentice, Written: true, NoticeGiven: lifeDate("2024-10-02")}),
			apprenticeship.ErrInvalid, "events[3].noticeGiven", []string{`"2024-10-02"`}},
		{"event after completion", lifeWith(done, ev("2027-07-01", apprenticeship.EventResume)),
			apprenticeship.ErrTransition, "events[4].kind", []string{"final state completed (since 2027-06-20)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := apprenticeship.Replay(lifeAgreement(), apprenticeship.GermanTermination(), tt.events)
			fe := lifeErr(t, err, tt.kind, tt.field, tt.wants...)
			assert.Equal(t, apprenticeship.Record{}, r, "nothing is kept")
			if errors.Is(tt.kind, apprenticeship.ErrTransition) {
				assert.NotErrorIs(t, err, apprenticeship.ErrInvalid)
				assert.NotEmpty(t, fe.Rule, "a refused transition names its rule")
			}
		})
	}
}

func TestLifeReplayBadSetup(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*apprenticeship.Agreement, *apprenticeship.TerminationRules)
		field string
	}{
		{"no start", func(a *apprenticeship.Agreement, _ *apprenticeship.TerminationRules) { a.Start = apprenticeship.Date{} }, "agreement.start"},
		{"no end", func(a *apprenticeship.Agreement, _ *apprenticeship.TerminationRules) { a.End = apprenticeship.Date{} }, "agreement.end"},
		{"end before start", func(a *apprenticeship.Agreement, _ *apprenticeship.TerminationRules) { a.End = lifeDate("2024-08-31") }, "agreement.end"},
		{"negative probation", func(a *apprenticeship.Agreement, _ *apprenticeship.TerminationRules) { a.ProbationMonths = -1 }, "agreement.probationMonths"},
		{"probation beyond the calendar", func(a *apprenticeship.Agreement, _ *apprenticeship.TerminationRules) { a.ProbationMonths = 1 << 40 }, "agreement.probationMonths"},
		{"negative notice", func(_ *apprenticeship.Agreement, r *apprenticeship.TerminationRules) { r.ApprenticeNoticeWeeks = -4 }, "rules.apprenticeNoticeWeeks"},
		{"huge notice", func(_ *apprenticeship.Agreement, r *apprenticeship.TerminationRules) {
			r.ApprenticeNoticeWeeks = 1 << 60
		}, "rules.apprenticeNoticeWeeks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, rules := lifeAgreement(), apprenticeship.GermanTermination()
			tt.edit(&a, &rules)
			_, err := apprenticeship.Replay(a, rules, lifeOpening())
			lifeErr(t, err, apprenticeship.ErrInvalid, tt.field)
		})
	}
	t.Run("zero record", func(t *testing.T) {
		_, err := apprenticeship.Record{}.Apply(lifeOpening()[0])
		lifeErr(t, err, apprenticeship.ErrInvalid, "agreement", "Replay")
	})
}

func TestLifeTermination(t *testing.T) {
	german, permissive := apprenticeship.GermanTermination(), apprenticeship.PermissiveTermination()
	// term is a written termination with a reason.
	term := func(on string, by apprenticeship.Party) apprenticeship.Event {
		return apprenticeship.Event{On: lifeDate(on), Kind: apprenticeship.EventTerminate, Reason: "illustrative", By: by, Written: true}
	}
	with := func(e apprenticeship.Event, edit func(*apprenticeship.Event)) apprenticeship.Event {
		edit(&e)
		return e
	}
	notice := func(d string) func(*apprenticeship.Event) {
		return func(e *apprenticeship.Event) { e.NoticeGiven = lifeDate(d) }
	}
	// Probation of lifeAgreement ends 2024-12-31.
	tests := []struct {
		name    string
		rules   apprenticeship.TerminationRules
		opening []apprenticeship.Event
		e       apprenticeship.Event
		field   string // "" when allowed
		wants   []string
	}{
		{"probation, last day, enterprise", german, lifeOpening(), term("2024-12-31", apprenticeship.PartyEnterprise), "", nil},
		{"probation, apprentice", german, lifeOpening(), term("2024-10-15", apprenticeship.PartyApprentice), "", nil},
		{"before the start counts as probation", german, lifeOpening()[:2], term("2024-08-01", apprenticeship.PartyEnterprise), "", nil},
		{"on break during probation", german, lifeWith(apprenticeship.Event{On: lifeDate("2024-11-01"), Kind: apprenticeship.EventPause, Reason: "illness"}),
			term("2024-11-15", apprenticeship.PartyEnterprise), "", nil},
		{"after probation, enterprise, no reason", german, lifeOpening(), term("2025-01-01", apprenticeship.PartyEnterprise),
			"events[3].kind", []string{"after probation (ended 2024-12-31)", "needs an important reason", "BBiG § 22"}},
		{"after probation, enterprise, important reason", german, lifeOpening(),
			with(term("2025-01-01", apprenticeship.PartyEnterprise), func(e *apprenticeship.Event) { e.ImportantReason = true }), "", nil},
		{"after probation, apprentice, important reason", german, lifeOpening(),
			with(term("2025-06-30", apprenticeship.PartyApprentice), func(e *apprenticeship.Event) { e.ImportantReason = true }), "", nil},
		// 2025-03-31 − 28 days = 2025-03-03: notice on the deadline is enough.
		{"apprentice, 4 weeks' notice exactly", german, lifeOpening(), with(term("2025-03-31", apprenticeship.PartyApprentice), notice("2025-03-03")), "", nil},
		{"apprentice, more notice", german, lifeOpening(), with(term("2025-03-31", apprenticeship.PartyApprentice), notice("2025-01-15")), "", nil},
		// 2025-03-04 is one day late: 27 days before 2025-03-31.
		{"apprentice, notice a day short", german, lifeOpening(), with(term("2025-03-31", apprenticeship.PartyApprentice), notice("2025-03-04")),
			"events[3].noticeGiven", []string{`"2025-03-04"`, "on or before 2025-03-03", "4 weeks"}},
		// 2025-03-01 − 28 days = 2025-02-01 (February 2025 has 28 days).
		{"apprentice, notice across February", german, lifeOpening(), with(term("2025-03-01", apprenticeship.PartyApprentice), notice("2025-02-01")), "", nil},
		{"apprentice, notice across February, late", german, lifeOpening(), with(term("2025-03-01", apprenticeship.PartyApprentice), notice("2025-02-02")),
			"events[3].noticeGiven", []string{"on or before 2025-02-01"}},
		{"apprentice, no notice", german, lifeOpening(), term("2025-03-31", apprenticeship.PartyApprentice),
			"events[3].kind", []string{"an important reason or 4 weeks' notice (given on or before 2025-03-03)"}},
		{"enterprise notice does not count", german, lifeOpening(), with(term("2025-03-31", apprenticeship.PartyEnterprise), notice("2025-01-01")),
			"events[3].kind", []string{"by the enterprise", "needs an important reason"}},
		{"not in writing", german, lifeOpening(),
			with(term("2024-10-15", apprenticeship.PartyEnterprise), func(e *apprenticeship.Event) { e.Written = false }),
			"events[3].written", []string{"in writing", "BBiG § 22"}},
		{"school cannot terminate a dual contract", german, lifeOpening(), term("2024-10-15", apprenticeship.PartyInstitution),
			"events[3].by", []string{"not a party"}},
		{"permissive: any time, not written", permissive, lifeOpening(),
			with(term("2026-05-05", apprenticeship.PartyEnterprise), func(e *apprenticeship.Event) { e.Written = false }), "", nil},
		{"zero rules refuse in probation", apprenticeship.TerminationRules{}, lifeOpening(), term("2024-10-15", apprenticeship.PartyEnterprise),
			"events[3].kind", []string{"the rules allow no termination by the enterprise during probation (ends 2024-12-31)"}},
		{"notice only, after probation", apprenticeship.TerminationRules{ApprenticeNoticeWeeks: 2, Citation: "illustrative"}, lifeOpening(),
			// 2025-03-31 − 14 days = 2025-03-17.
			with(term("2025-03-31", apprenticeship.PartyApprentice), notice("2025-03-17")), "", nil},
		{"notice only, too late", apprenticeship.TerminationRules{ApprenticeNoticeWeeks: 2, Citation: "illustrative"}, lifeOpening(),
			term("2025-03-31", apprenticeship.PartyApprentice), "events[3].kind", []string{"needs 2 weeks' notice (given on or before 2025-03-17)", "(illustrative)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events := append(slices.Clone(tt.opening), tt.e)
			r, err := apprenticeship.Replay(lifeAgreement(), tt.rules, events)
			if tt.field == "" {
				require.NoError(t, err)
				on, state, ended := r.Ended()
				assert.True(t, ended)
				assert.Equal(t, tt.e.On, on)
				assert.Equal(t, apprenticeship.StateTerminated, state)
				return
			}
			fe := lifeErr(t, err, apprenticeship.ErrTransition, strings.Replace(tt.field, "[3]", fmt.Sprintf("[%d]", len(tt.opening)), 1), tt.wants...)
			assert.NotEmpty(t, fe.Rule)
		})
	}
}

func TestLifeApplyKeepsOld(t *testing.T) {
	r, err := apprenticeship.Replay(lifeAgreement(), apprenticeship.GermanTermination(), lifeOpening())
	require.NoError(t, err)
	pause := apprenticeship.Event{On: lifeDate("2024-10-01"), Kind: apprenticeship.EventPause, Reason: "illness"}
	quit := apprenticeship.Event{On: lifeDate("2024-10-01"), Kind: apprenticeship.EventTerminate, Reason: "moving", By: apprenticeship.PartyApprentice, Written: true}
	a, err := r.Apply(pause)
	require.NoError(t, err)
	b, err := r.Apply(quit)
	require.NoError(t, err)
	// Two branches from r do not share their tails, and r is unchanged.
	assert.Equal(t, apprenticeship.StateInTraining, r.State())
	assert.Len(t, r.Events(), 3)
	assert.Equal(t, pause, a.Events()[3])
	assert.Equal(t, quit, b.Events()[3])
	c, err := a.Apply(apprenticeship.Event{On: lifeDate("2024-10-05"), Kind: apprenticeship.EventResume})
	require.NoError(t, err)
	assert.Equal(t, pause, a.Events()[3])
	assert.Len(t, a.Events(), 4)
	assert.Len(t, c.Events(), 5)
	// A refused event leaves the record as it was.
	_, err = b.Apply(apprenticeship.Event{On: lifeDate("2024-10-05"), Kind: apprenticeship.EventResume})
	lifeErr(t, err, apprenticeship.ErrTransition, "events[4].kind", "terminated")
	assert.Equal(t, apprenticeship.StateTerminated, b.State())
	// Events returns a copy.
	evs := c.Events()
	evs[0].Reason = "changed"
	assert.Empty(t, c.Events()[0].Reason)
}

// lifeRandomEvents returns a random valid event sequence for lifeAgreement
// under the German rules, walking the transition table.
func lifeRandomEvents(rng *rand.Rand, a apprenticeship.Agreement) []apprenticeship.Event {
	var events []apprenticeship.Event
	var state apprenticeship.State
	on := lifeDate("2024-01-01")
	add := func(days int) apprenticeship.Date {
		d, err := on.AddDays(days)
		if err != nil {
			panic(err)
		}
		return d
	}
	allowed := map[apprenticeship.State][]apprenticeship.EventKind{
		0:                              {apprenticeship.EventApply},
		apprenticeship.StateApplied:    {apprenticeship.EventEnrol, apprenticeship.EventWithdraw},
		apprenticeship.StateEnrolled:   {apprenticeship.EventStart, apprenticeship.EventStart, apprenticeship.EventWithdraw, apprenticeship.EventTerminate},
		apprenticeship.StateInTraining: {apprenticeship.EventPause, apprenticeship.EventPause, apprenticeship.EventComplete, apprenticeship.EventTerminate},
		apprenticeship.StateOnBreak:    {apprenticeship.EventResume, apprenticeship.EventResume, apprenticeship.EventTerminate},
	}
	targets := map[apprenticeship.EventKind]apprenticeship.State{
		apprenticeship.EventApply: apprenticeship.StateApplied, apprenticeship.EventEnrol: apprenticeship.StateEnrolled,
		apprenticeship.EventStart: apprenticeship.StateInTraining, apprenticeship.EventPause: apprenticeship.StateOnBreak,
		apprenticeship.EventResume: apprenticeship.StateInTraining, apprenticeship.EventComplete: apprenticeship.StateCompleted,
		apprenticeship.EventWithdraw: apprenticeship.StateWithdrawn, apprenticeship.EventTerminate: apprenticeship.StateTerminated,
	}
	for !state.IsFinal() && rng.IntN(20) != 0 {
		kinds := allowed[state]
		e := apprenticeship.Event{Kind: kinds[rng.IntN(len(kinds))]}
		on = add(rng.IntN(3) * rng.IntN(60)) // often the same day
		switch e.Kind {
		case apprenticeship.EventEnrol:
			if on.Before(a.Signed) {
				on = a.Signed
			}
		case apprenticeship.EventStart:
			if on.Before(a.Start) {
				on = a.Start
			}
			if on.After(a.End) {
				continue // too late to start; try another event
			}
		case apprenticeship.EventPause, apprenticeship.EventWithdraw:
			e.Reason = "illustrative"
		case apprenticeship.EventComplete:
			e.Passed = true
		case apprenticeship.EventTerminate:
			e.Reason, e.Written = "illustrative", true
			switch rng.IntN(3) {
			case 0:
				e.By, e.ImportantReason = apprenticeship.PartyEnterprise, true
			case 1: // 28 days or more of notice: allowed at any time.
				e.By = apprenticeship.PartyApprentice
				e.NoticeGiven = add(-28 - rng.IntN(30))
			default:
				e.By = apprenticeship.PartyApprentice
				if on.After(lifeDate("2024-12-31")) { // after probation: needs notice
					e.NoticeGiven = add(-28)
				}
			}
		}
		e.On = on
		if rng.IntN(4) == 0 {
			e.By = apprenticeship.Party(1 + rng.IntN(2)) // apprentice or enterprise
			if e.Kind == apprenticeship.EventTerminate && e.By == apprenticeship.PartyEnterprise {
				e.ImportantReason = true
			}
		}
		events = append(events, e)
		state = targets[e.Kind]
	}
	return events
}

func TestLifeProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(2024, 9))
	a, rules := lifeAgreement(), apprenticeship.GermanTermination()
	kinds := []apprenticeship.EventKind{
		apprenticeship.EventApply, apprenticeship.EventEnrol, apprenticeship.EventStart, apprenticeship.EventPause,
		apprenticeship.EventResume, apprenticeship.EventComplete, apprenticeship.EventWithdraw, apprenticeship.EventTerminate,
	}
	for i := range 500 {
		events := lifeRandomEvents(rng, a)
		r, err := apprenticeship.Replay(a, rules, events)
		require.NoError(t, err, "case %d: %+v", i, events)
		require.Equal(t, events, r.Events(), "case %d", i)

		// Replaying a record's events reproduces it.
		again, err := apprenticeship.Replay(a, rules, r.Events())
		require.NoError(t, err)
		require.Equal(t, r, again, "case %d", i)

		// Applying the events one by one equals replaying them all.
		step, err := apprenticeship.Replay(a, rules, nil)
		require.NoError(t, err)
		for _, e := range events {
			step, err = step.Apply(e)
			require.NoError(t, err)
		}
		require.Equal(t, r, step, "case %d", i)

		// Days: each count equals the brute-force count of days by StateOn,
		// and their sum is the days from the start to min(asOf, end − 1).
		if len(events) == 0 {
			continue
		}
		first := events[0].On
		asOf, err := first.AddDays(rng.IntN(1500))
		require.NoError(t, err)
		training, onBreak := 0, 0
		for d := first; !d.After(asOf); d = d.Next() {
			switch r.StateOn(d) {
			case apprenticeship.StateInTraining:
				training++
			case apprenticeship.StateOnBreak:
				onBreak++
			}
		}
		require.Equal(t, training, r.DaysInTraining(asOf), "case %d as of %s", i, asOf)
		require.Equal(t, onBreak, r.DaysOnBreak(asOf), "case %d as of %s", i, asOf)
		startAt := slices.IndexFunc(events, func(e apprenticeship.Event) bool { return e.Kind == apprenticeship.EventStart })
		want := 0
		if startAt >= 0 && !events[startAt].On.After(asOf) {
			stop := asOf.Next() // days from the start up to and including asOf ...
			if end, _, ended := r.Ended(); ended && end.Before(stop) {
				stop = end // ... or up to the day before the end
			}
			want = lifeDaysBetween(events[startAt].On, stop)
		}
		require.Equal(t, want, training+onBreak, "case %d as of %s", i, asOf)

		// An event whose kind the table does not allow in the state at the
		// insertion point is always refused, at that index.
		p := rng.IntN(len(events) + 1)
		prefix, err := apprenticeship.Replay(a, rules, events[:p])
		require.NoError(t, err)
		bad := apprenticeship.Event{On: first, Reason: "illustrative", By: apprenticeship.PartyEnterprise, Written: true, ImportantReason: true}
		if p > 0 {
			bad.On = events[p-1].On
		}
		for {
			bad.Kind = kinds[rng.IntN(len(kinds))]
			if !lifeAllowed(prefix.State(), bad.Kind) {
				break
			}
		}
		if bad.Kind != apprenticeship.EventTerminate {
			bad.ImportantReason = false
		}
		if bad.Kind == apprenticeship.EventComplete {
			bad.Passed = true
		}
		broken := slices.Insert(slices.Clone(events), p, bad)
		_, err = apprenticeship.Replay(a, rules, broken)
		lifeErr(t, err, apprenticeship.ErrTransition, fmt.Sprintf("events[%d].kind", p))

		// So is an allowed event dated before the one it follows.
		if p > 0 && !prefix.State().IsFinal() {
			late := apprenticeship.Event{On: events[p-1].On.Prev(), Kind: apprenticeship.EventWithdraw, Reason: "illustrative"}
			if prefix.State() == apprenticeship.StateInTraining {
				late.Kind = apprenticeship.EventPause
			} else if prefix.State() == apprenticeship.StateOnBreak {
				late = apprenticeship.Event{On: late.On, Kind: apprenticeship.EventResume}
			}
			_, err = apprenticeship.Replay(a, rules, slices.Insert(slices.Clone(events), p, late))
			lifeErr(t, err, apprenticeship.ErrTransition, fmt.Sprintf("events[%d].on", p), "date order")
		}
	}
}

// lifeAllowed is the transition table of the package doc, restated.
func lifeAllowed(s apprenticeship.State, k apprenticeship.EventKind) bool {
	switch k {
	case apprenticeship.EventApply:
		return s == 0
	case apprenticeship.EventEnrol:
		return s == apprenticeship.StateApplied
	case apprenticeship.EventStart:
		return s == apprenticeship.StateEnrolled
	case apprenticeship.EventPause, apprenticeship.EventComplete:
		return s == apprenticeship.StateInTraining
	case apprenticeship.EventResume:
		return s == apprenticeship.StateOnBreak
	case apprenticeship.EventWithdraw:
		return s == apprenticeship.StateApplied || s == apprenticeship.StateEnrolled
	case apprenticeship.EventTerminate:
		return s == apprenticeship.StateEnrolled || s == apprenticeship.StateInTraining || s == apprenticeship.StateOnBreak
	}
	return false
}

// lifeDaysBetween counts the days from a up to b, a included, b excluded.
func lifeDaysBetween(a, b apprenticeship.Date) int {
	n := 0
	for d := a; d.Before(b); d = d.Next() {
		n++
	}
	return n
}

func TestLifeJSON(t *testing.T) {
	events := []apprenticeship.Event{
		{On: lifeDate("2024-03-10"), Kind: apprenticeship.EventApply},
		{On: lifeDate("2024-05-15"), Kind: apprenticeship.EventEnrol, By: apprenticeship.PartyInstitution, Written: true, Reason: "signed"},
		{On: lifeDate("2027-06-20"), Kind: apprenticeship.EventComplete, Passed: true},
		{On: lifeDate("2025-03-31"), Kind: apprenticeship.EventTerminate, By: apprenticeship.PartyApprentice, Reason: "moving",
			Written: true, NoticeGiven: lifeDate("2025-03-03"), ImportantReason: true},
	}
	b, err := json.Marshal(events)
	require.NoError(t, err)
	assert.JSONEq(t, `[
		{"on":"2024-03-10","kind":"apply"},
		{"on":"2024-05-15","kind":"enrol","reason":"signed","by":"institution","written":true},
		{"on":"2027-06-20","kind":"complete","passed":true},
		{"on":"2025-03-31","kind":"terminate","reason":"moving","by":"apprentice","written":true,"noticeGiven":"2025-03-03","importantReason":true}
	]`, string(b))
	t.Run("ParseEvents", func(t *testing.T) {
		back, err := apprenticeship.ParseEvents(b)
		require.NoError(t, err)
		assert.Equal(t, events, back)
	})
	t.Run("encoding/json", func(t *testing.T) {
		var back []apprenticeship.Event
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, events, back)
	})
	t.Run("rules", func(t *testing.T) {
		for _, rules := range []apprenticeship.TerminationRules{apprenticeship.GermanTermination(), apprenticeship.PermissiveTermination()} {
			b, err := json.Marshal(rules)
			require.NoError(t, err)
			var back apprenticeship.TerminationRules
			require.NoError(t, json.Unmarshal(b, &back))
			assert.Equal(t, rules, back)
		}
		b, err := json.Marshal(apprenticeship.GermanTermination())
		require.NoError(t, err)
		assert.Contains(t, string(b), `"apprenticeNoticeWeeks":4`)
	})
	t.Run("state", func(t *testing.T) {
		b, err := json.Marshal(map[string]apprenticeship.State{"s": apprenticeship.StateOnBreak})
		require.NoError(t, err)
		assert.Equal(t, `{"s":"on-break"}`, string(b))
	})
}

func TestLifeParseEventsRejects(t *testing.T) {
	tests := []struct {
		name, in, field string
		wants           []string
	}{
		{"not JSON", `[{"on":`, "events", []string{"want a JSON array"}},
		{"empty", ``, "events", nil},
		{"object", `{"on":"2024-01-01","kind":"apply"}`, "events", []string{"want a JSON array"}},
		{"null", `null`, "events", nil},
		{"trailing", `[] []`, "events", []string{"after the JSON value"}},
		{"element not an object", `[{"on":"2024-01-01","kind":"apply"}, 3]`, "events[1]", []string{"JSON object"}},
		{"unknown member", `[{"on":"2024-01-01","kind":"apply","note":"x"}]`, "events[0].note", []string{"unknown member"}},
		{"member name with a dot", `[{"on":"2024-01-01","kind":"apply","due.date":"x"}]`, `events[0]["due.date"]`, []string{"unknown member"}},
		{"wrong case", `[{"On":"2024-01-01","kind":"apply"}]`, "events[0].On", []string{"unknown member"}},
		{"repeated member", `[{"on":"2024-01-01","kind":"apply","kind":"enrol"}]`, "events[0].kind", []string{"twice"}},
		{"null member", `[{"on":"2024-01-01","kind":"apply","reason":null}]`, "events[0].reason", []string{"null"}},
		{"missing on", `[{"kind":"apply"}]`, "events[0].on", []string{"needs the date"}},
		{"missing kind", `[{"on":"2024-01-01"}]`, "events[0].kind", []string{"needs a kind"}},
		{"bad date", `[{"on":"2024-02-30","kind":"apply"}]`, "events[0].on", []string{`"2024-02-30"`}},
		{"empty date", `[{"on":"","kind":"apply"}]`, "events[0].on", nil},
		{"date as number", `[{"on":20240101,"kind":"apply"}]`, "events[0].on", []string{"date string"}},
		{"unknown kind", `[{"on":"2024-01-01","kind":"quit"}]`, "events[0].kind", []string{`"quit"`, "terminate"}},
		{"unknown party", `[{"on":"2024-01-01","kind":"apply","by":"school"}]`, "events[0].by", []string{`school`, "institution"}},
		{"bool as string", `[{"on":"2024-01-01","kind":"apply","written":"yes"}]`, "events[0].written", []string{"true or false"}},
		{"reason as number", `[{"on":"2024-01-01","kind":"apply","reason":1}]`, "events[0].reason", []string{"want a string"}},
		{"bad notice in the second event", `[{"on":"2024-01-01","kind":"apply"},{"on":"2024-01-01","kind":"terminate","noticeGiven":"tomorrow"}]`,
			"events[1].noticeGiven", []string{`"tomorrow"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events, err := apprenticeship.ParseEvents([]byte(tt.in))
			lifeErr(t, err, apprenticeship.ErrInvalid, tt.field, tt.wants...)
			assert.Nil(t, events)
		})
	}
	t.Run("empty array", func(t *testing.T) {
		events, err := apprenticeship.ParseEvents([]byte(` [ ] `))
		require.NoError(t, err)
		assert.Empty(t, events)
	})
}

func BenchmarkReplay(b *testing.B) {
	a, rules := lifeAgreement(), apprenticeship.GermanTermination()
	events := lifeWith(
		apprenticeship.Event{On: lifeDate("2025-02-01"), Kind: apprenticeship.EventPause, Reason: "illness"},
		apprenticeship.Event{On: lifeDate("2025-03-01"), Kind: apprenticeship.EventResume},
		apprenticeship.Event{On: lifeDate("2027-06-20"), Kind: apprenticeship.EventComplete, Passed: true},
	)
	for b.Loop() {
		if _, err := apprenticeship.Replay(a, rules, events); err != nil {
			b.Fatal(err)
		}
	}
}

package apprenticeship_test

import (
	"errors"
	"fmt"

	"github.com/dualtrack/dualtrack/apprenticeship"
)

// lifeExampleAgreement is an illustrative German training contract: training
// from 2024-09-01 for three years with the longest probation BBiG § 20
// allows, 4 months (DOMAIN.md), which ends on 2024-12-31.
func lifeExampleAgreement() apprenticeship.Agreement {
	return apprenticeship.Agreement{
		ID:              "DE-2024-017",
		Kind:            apprenticeship.Dual,
		Signed:          apprenticeship.MustParseDate("2024-05-15"),
		Start:           apprenticeship.MustParseDate("2024-09-01"),
		End:             apprenticeship.MustParseDate("2027-08-31"),
		ProbationMonths: 4,
	}
}

func ExampleReplay() {
	d := apprenticeship.MustParseDate
	events := []apprenticeship.Event{
		{On: d("2024-03-10"), Kind: apprenticeship.EventApply},
		{On: d("2024-05-15"), Kind: apprenticeship.EventEnrol},
		{On: d("2024-09-01"), Kind: apprenticeship.EventStart},
		{On: d("2025-02-01"), Kind: apprenticeship.EventPause, Reason: "illness"},
		{On: d("2025-03-01"), Kind: apprenticeship.EventResume},
	}
	r, err := apprenticeship.Replay(lifeExampleAgreement(), apprenticeship.GermanTermination(), events)
	if err != nil {
		fmt.Println(err)
		return
	}
	asOf := d("2025-03-31")
	fmt.Println("state:", r.State())
	fmt.Println("on 2025-02-14:", r.StateOn(d("2025-02-14")))
	fmt.Println("probation ends:", r.ProbationEnd())
	// In training 2024-09-01..2025-01-31 (153 days) and 2025-03-01..31 (31);
	// on break for the 28 days of February 2025.
	fmt.Println("days in training:", r.DaysInTraining(asOf))
	fmt.Println("days on break:", r.DaysOnBreak(asOf))
	// Output:
	// state: in-training
	// on 2025-02-14: on-break
	// probation ends: 2024-12-31
	// days in training: 184
	// days on break: 28
}

// A termination by the enterprise after probation, without an important
// reason, is refused under BBiG § 22; the record is unchanged.
func ExampleRecord_Apply_refusedTermination() {
	d := apprenticeship.MustParseDate
	r, err := apprenticeship.Replay(lifeExampleAgreement(), apprenticeship.GermanTermination(), []apprenticeship.Event{
		{On: d("2024-03-10"), Kind: apprenticeship.EventApply},
		{On: d("2024-05-15"), Kind: apprenticeship.EventEnrol},
		{On: d("2024-09-01"), Kind: apprenticeship.EventStart},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = r.Apply(apprenticeship.Event{
		On:      d("2025-02-28"),
		Kind:    apprenticeship.EventTerminate,
		By:      apprenticeship.PartyEnterprise,
		Reason:  "order book down",
		Written: true,
	})
	var fe *apprenticeship.FieldError
	if errors.As(err, &fe) {
		fmt.Println(errors.Is(err, apprenticeship.ErrTransition))
		fmt.Println(fe.Field)
		fmt.Println(fe.Reason)
		fmt.Println(fe.Rule)
	}
	fmt.Println("still:", r.State())
	// Output:
	// true
	// events[3].kind
	// a termination by the enterprise after probation (ended 2024-12-31) needs an important reason
	// BBiG § 22: in probation at any time; after it only for an important reason, or by the apprentice with 4 weeks' notice; in writing
	// still: in-training
}

// The apprentice may terminate after probation with 4 weeks' notice: for a
// termination on 2025-03-31, notice on or before 2025-03-31 − 28 days =
// 2025-03-03.
func ExampleRecord_Apply_apprenticeNotice() {
	d := apprenticeship.MustParseDate
	r, _ := apprenticeship.Replay(lifeExampleAgreement(), apprenticeship.GermanTermination(), []apprenticeship.Event{
		{On: d("2024-03-10"), Kind: apprenticeship.EventApply},
		{On: d("2024-05-15"), Kind: apprenticeship.EventEnrol},
		{On: d("2024-09-01"), Kind: apprenticeship.EventStart},
	})
	quit := apprenticeship.Event{
		On:          d("2025-03-31"),
		Kind:        apprenticeship.EventTerminate,
		By:          apprenticeship.PartyApprentice,
		Reason:      "changing occupation",
		Written:     true,
		NoticeGiven: d("2025-03-10"),
	}
	if _, err := r.Apply(quit); err != nil {
		fmt.Println(err)
	}
	quit.NoticeGiven = d("2025-03-03")
	r, err := r.Apply(quit)
	if err != nil {
		fmt.Println(err)
		return
	}
	on, state, _ := r.Ended()
	fmt.Println(state, "on", on)
	// Output:
	// apprenticeship: events[3].noticeGiven "2025-03-10": notice for a termination on 2025-03-31 must be given 4 weeks before, on or before 2025-03-03 (BBiG § 22: in probation at any time; after it only for an important reason, or by the apprentice with 4 weeks' notice; in writing)
	// terminated on 2025-03-31
}

func ExampleParseEvents() {
	events, err := apprenticeship.ParseEvents([]byte(`[
		{"on": "2024-03-10", "kind": "apply"},
		{"on": "2024-05-15", "kind": "enrol", "by": "enterprise", "written": true}
	]`))
	fmt.Println(len(events), events[1].Kind, events[1].By, err)

	_, err = apprenticeship.ParseEvents([]byte(`[{"on": "2024-03-10", "kind": "apply", "date": "2024-03-10"}]`))
	fmt.Println(err)
	// Output:
	// 2 enrol enterprise <nil>
	// apprenticeship: events[0].date "date": unknown member (want on, kind, reason, by, written, noticeGiven, importantReason, passed)
}

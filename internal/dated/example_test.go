package dated_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/dualtrack/dualtrack/internal/civil"
	"github.com/dualtrack/dualtrack/internal/dated"
)

// insuredMonths is the skill-improvement subsidy's (技能提升补贴) requirement
// of insured months (unemployment-insurance contributions), per
// /work/shared/DOMAIN.md: at least 36 months for certificates from
// 2017-01-01 under 人社部发〔2017〕40号, at least 12 months from 2019-01-01.
// DOMAIN.md names no document for the 2019 change, so its citation points
// at DOMAIN.md itself.
func insuredMonths() dated.Series[int] {
	s, err := dated.New("skill-improvement insured months", []dated.Entry[int]{
		{
			From:     civil.MustParse("2017-01-01"),
			Value:    36,
			Citation: dated.Citation{Number: "人社部发〔2017〕40号"},
		},
		{
			From:     civil.MustParse("2019-01-01"),
			Value:    12,
			Citation: dated.Citation{Title: "dualtrack DOMAIN.md, 技能提升补贴: from 2019-01-01"},
		},
	}, dated.Continuous())
	if err != nil {
		panic(err)
	}
	return s
}

func ExampleNew() {
	s := insuredMonths()
	for _, d := range []string{"2017-01-01", "2018-12-31", "2019-01-01", "2024-06-30"} {
		e, err := s.At(civil.MustParse(d))
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s: %d months (%s)\n", d, e.Value, e.Citation)
	}
	// Output:
	// 2017-01-01: 36 months (人社部发〔2017〕40号)
	// 2018-12-31: 36 months (人社部发〔2017〕40号)
	// 2019-01-01: 12 months (dualtrack DOMAIN.md, 技能提升补贴: from 2019-01-01)
	// 2024-06-30: 12 months (dualtrack DOMAIN.md, 技能提升补贴: from 2019-01-01)
}

func ExampleNew_invalid() {
	_, err := dated.New("cap", []dated.Entry[int]{
		{From: civil.MustParse("2019-01-01"), Until: civil.MustParse("2019-06-30"), Value: 1},
		{From: civil.MustParse("2019-03-01"), Value: 2},
	})
	fmt.Println(err)
	fmt.Println(errors.Is(err, dated.ErrOverlap))
	// Output:
	// dated: series "cap": entries[0].until: entries overlap: 2019-06-30 is on or after entries[1].from 2019-03-01
	// true
}

func ExampleSeries_At_notCovered() {
	s := insuredMonths()
	_, err := s.At(civil.MustParse("2016-05-01"))
	fmt.Println(err)
	var nc *dated.NotCoveredError
	if errors.As(err, &nc) {
		fmt.Println(errors.Is(err, dated.ErrNotCovered), nc.FirstAfter)
	}
	// Output:
	// dated: series "skill-improvement insured months" has no value on 2016-05-01 (coverage starts 2017-01-01)
	// true 2017-01-01
}

// A retroactive change: B applies from 2024-01-01 but was published on
// 2024-03-01. Before that day, A was believed to be in force.
func ExampleSeries_AsKnownOn() {
	s, err := dated.New("example parameter", []dated.Entry[string]{
		{From: civil.MustParse("2019-01-01"), Value: "A"},
		{From: civil.MustParse("2024-01-01"), Value: "B", Published: civil.MustParse("2024-03-01")},
	})
	if err != nil {
		panic(err)
	}
	on := civil.MustParse("2024-01-15")
	now, _ := s.At(on)
	fmt.Println("in force on", on, "(as known today):", now.Value)
	for _, known := range []string{"2024-02-01", "2024-03-01"} {
		e, _ := s.AsKnownOn(on, civil.MustParse(known))
		fmt.Println("in force on", on, "as known on", known+":", e.Value)
	}
	// Output:
	// in force on 2024-01-15 (as known today): B
	// in force on 2024-01-15 as known on 2024-02-01: A
	// in force on 2024-01-15 as known on 2024-03-01: B
}

// Cutting a period at the 2019-01-01 change: 31 days of December 2018 under
// the 36-month rule, 31 days of January 2019 under the 12-month rule.
func ExampleSeries_Segments() {
	s := insuredMonths()
	p := civil.MustNewPeriod(civil.MustParse("2018-12-01"), civil.MustParse("2019-01-31"))
	segs, err := s.Segments(p)
	if err != nil {
		panic(err)
	}
	for _, sg := range segs {
		fmt.Printf("%s (%d days): %d months\n", sg.Period, sg.Period.Days(), sg.Entry.Value)
	}
	// Output:
	// 2018-12-01/2018-12-31 (31 days): 36 months
	// 2019-01-01/2019-01-31 (31 days): 12 months
}

// ChangeDates of two series, combined with civil.Period.SplitAt, give the
// parts of a period over which both are constant.
func ExampleSeries_ChangeDates() {
	months := insuredMonths()
	other, err := dated.New("other parameter", []dated.Entry[string]{
		{From: civil.MustParse("2018-01-01"), Value: "x"},
		{From: civil.MustParse("2018-07-01"), Value: "y"},
	})
	if err != nil {
		panic(err)
	}
	p := civil.MustNewPeriod(civil.MustParse("2018-01-01"), civil.MustParse("2019-12-31"))
	changes := append(months.ChangeDates(p), other.ChangeDates(p)...)
	for _, part := range p.SplitAt(changes...) {
		m, _ := months.Value(part.Start())
		o, _ := other.Value(part.Start())
		fmt.Println(part, m, o)
	}
	// Output:
	// 2018-01-01/2018-06-30 36 x
	// 2018-07-01/2018-12-31 36 y
	// 2019-01-01/2019-12-31 12 y
}

func ExampleSeries_UnmarshalJSON() {
	var s dated.Series[int]
	err := json.Unmarshal([]byte(`{
		"name": "skill-improvement insured months",
		"continuous": true,
		"entries": [
			{"from": "2017-01-01", "value": 36, "citation": {"number": "人社部发〔2017〕40号"}},
			{"from": "2019-01-01", "until": "2018-06-30", "value": 12}
		]
	}`), &s)
	fmt.Println(err)
	// Output:
	// dated: series "skill-improvement insured months": entries[1].until: until before from: 2018-06-30 is before entries[1].from 2019-01-01
}

func ExampleSeries_MarshalJSON() {
	b, err := json.Marshal(insuredMonths())
	if err != nil {
		panic(err)
	}
	fmt.Println(string(b))
	// Output:
	// {"name":"skill-improvement insured months","continuous":true,"entries":[{"from":"2017-01-01","value":36,"citation":{"number":"人社部发〔2017〕40号"}},{"from":"2019-01-01","value":12,"citation":{"title":"dualtrack DOMAIN.md, 技能提升补贴: from 2019-01-01"}}]}
}

// The title and URL here are placeholders.
func ExampleCitation_String() {
	for _, c := range []dated.Citation{
		{Number: "人社部发〔2017〕40号"},
		{Title: "Notice title", Number: "人社部发〔2017〕40号", URL: "https://example.org/notice"},
		{URL: "https://example.org/notice"},
	} {
		fmt.Println(c)
	}
	// Output:
	// 人社部发〔2017〕40号
	// Notice title (人社部发〔2017〕40号) <https://example.org/notice>
	// https://example.org/notice
}

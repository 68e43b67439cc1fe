package civil_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/dualtrack/dualtrack/internal/civil"
)

func ExampleParse() {
	d, err := civil.Parse("2024-02-29")
	fmt.Println(d, d.Year(), d.Month(), d.Day(), err)

	_, err = civil.Parse("2023-02-29") // 2023 is not a leap year
	fmt.Println(err)
	fmt.Println(errors.Is(err, civil.ErrInvalidDate))
	// Output:
	// 2024-02-29 2024 February 29 <nil>
	// civil: parsing date "2023-02-29": day 29 out of range for 2023-02
	// true
}

func ExampleDate_AddDays() {
	d := civil.MustParse("2024-02-28")
	next, _ := d.AddDays(1)
	fmt.Println(next, civil.DaysBetween(d, civil.MustParse("2025-02-28")))
	// Output: 2024-02-29 366
}

func ExampleDate_AddMonths() {
	for _, s := range []string{"2024-01-31", "2023-01-31", "2023-02-28"} {
		d := civil.MustParse(s)
		for _, eom := range []civil.EndOfMonth{civil.Clamp, civil.Overflow, civil.KeepEnd} {
			r, _ := d.AddMonths(1, eom)
			fmt.Printf("%s + 1 month (%v) = %s\n", d, eom, r)
		}
	}
	// Output:
	// 2024-01-31 + 1 month (Clamp) = 2024-02-29
	// 2024-01-31 + 1 month (Overflow) = 2024-03-02
	// 2024-01-31 + 1 month (KeepEnd) = 2024-02-29
	// 2023-01-31 + 1 month (Clamp) = 2023-02-28
	// 2023-01-31 + 1 month (Overflow) = 2023-03-03
	// 2023-01-31 + 1 month (KeepEnd) = 2023-02-28
	// 2023-02-28 + 1 month (Clamp) = 2023-03-28
	// 2023-02-28 + 1 month (Overflow) = 2023-03-28
	// 2023-02-28 + 1 month (KeepEnd) = 2023-03-31
}

func ExampleDate_AddYears() {
	d := civil.MustParse("2024-02-29")
	a, _ := d.AddYears(1, civil.Clamp)
	b, _ := d.AddYears(1, civil.Overflow)
	fmt.Println(a, b)
	// Output: 2025-02-28 2025-03-01
}

func ExampleMonthsBetween() {
	jan31 := civil.MustParse("2024-01-31")
	fmt.Println(civil.MonthsBetween(jan31, civil.MustParse("2024-02-28")))
	fmt.Println(civil.MonthsBetween(jan31, civil.MustParse("2024-02-29")))
	fmt.Println(civil.MonthsBetween(civil.MustParse("2024-09-01"), civil.MustParse("2027-08-31")))
	fmt.Println(civil.MonthsBetween(civil.MustParse("2024-02-29"), jan31))
	// Output:
	// 0
	// 1
	// 35
	// -1
}

func ExampleParsePeriod() {
	p, err := civil.ParsePeriod("2024-09-01/2027-08-31")
	fmt.Println(p.Start(), p.End(), p.Days(), err)
	fmt.Println(p.Contains(civil.MustParse("2027-08-31")))

	_, err = civil.ParsePeriod("2027-08-31/2024-09-01")
	fmt.Println(err)
	// Output:
	// 2024-09-01 2027-08-31 1095 <nil>
	// true
	// civil: parsing period "2027-08-31/2024-09-01": end is before start
}

func ExamplePeriod_MarshalText() {
	type agreement struct {
		Term civil.Period `json:"term"`
	}
	b, _ := json.Marshal(agreement{Term: civil.MustNewPeriod(civil.MustParse("2024-09-01"), civil.MustParse("2027-08-31"))})
	fmt.Println(string(b))
	// Output: {"term":"2024-09-01/2027-08-31"}
}

func ExamplePeriod_SplitAt() {
	// An allowance period, and two dates on which the rate changes; the one
	// on the period's first day splits nothing.
	p := civil.MustNewPeriod(civil.MustParse("2024-01-01"), civil.MustParse("2024-12-31"))
	for _, piece := range p.SplitAt(civil.MustParse("2024-08-01"), civil.MustParse("2024-01-01"), civil.MustParse("2024-03-01")) {
		fmt.Println(piece, piece.Days())
	}
	// Output:
	// 2024-01-01/2024-02-29 60
	// 2024-03-01/2024-07-31 153
	// 2024-08-01/2024-12-31 153
}

func ExamplePeriod_Months() {
	p := civil.MustNewPeriod(civil.MustParse("2024-01-16"), civil.MustParse("2024-03-10"))
	for m := range p.Months() {
		fmt.Println(m, civil.Thirtieths(m))
	}
	// Output:
	// 2024-01-16/2024-01-31 16
	// 2024-02-01/2024-02-29 30
	// 2024-03-01/2024-03-10 10
}

func ExampleThirtieths() {
	p := civil.MustNewPeriod(civil.MustParse("2024-01-16"), civil.MustParse("2024-03-10"))
	n := civil.Thirtieths(p)
	fmt.Printf("%d/30 of a month\n", n)
	// Output: 56/30 of a month
}

func ExampleTrainingYear() {
	start := civil.MustParse("2024-09-01")
	for _, s := range []string{"2024-12-31", "2025-08-31", "2025-09-01", "2027-08-31"} {
		k, _ := civil.TrainingYear(start, civil.MustParse(s))
		fmt.Println(s, k)
	}
	p, _ := civil.TrainingYearPeriod(start, 2)
	fmt.Println(p)

	_, err := civil.TrainingYear(start, civil.MustParse("2024-08-31"))
	fmt.Println(errors.Is(err, civil.ErrBeforeStart))
	// Output:
	// 2024-12-31 1
	// 2025-08-31 1
	// 2025-09-01 2
	// 2027-08-31 3
	// 2025-09-01/2026-08-31
	// true
}

func ExampleNew() {
	d, _ := civil.New(2000, time.February, 29) // 2000 is a leap year
	fmt.Println(d)
	_, err := civil.New(1900, time.February, 29) // 1900 is not
	fmt.Println(err)
	// Output:
	// 2000-02-29
	// civil: date 1900-02-29: day 29 out of range for 1900-02
}

package main

import (
	"errors"
	"fmt"

	"github.com/dualtrack/dualtrack/apprenticeship"
	"github.com/dualtrack/dualtrack/certificate"
	"github.com/shopspring/decimal"
)

// dualProgram runs one apprentice through the school's dual program: the
// program in the "1 major + 1 training base + N enterprises" form, an
// enterprise new-type apprenticeship agreement checked against the 2021
// national guidance, the lifecycle replayed from dated events, hours logged at
// the three sites, and the monthly allowance with its check against the local
// minimum wage. Organisation codes, hours, allowance amounts and the minimum
// wage are illustrative; the rules are those of DOMAIN.md.
func dualProgram(p *printer) error {
	school := apprenticeship.Organisation{ID: "sino-german-school", Name: "中德应用技术学校"}
	appliances := apprenticeship.Organisation{ID: "ent-smart-appliances", Name: "smart home appliances"}
	program := apprenticeship.Program{
		Code:        "SG-IM-2025",
		School:      school,
		Major:       apprenticeship.Major{Code: "IM", Name: "智能制造 (intelligent manufacturing)"},
		Bases:       []apprenticeship.Organisation{{ID: "im-base", Name: "co-built intelligent-manufacturing training base"}},
		Enterprises: []apprenticeship.Organisation{appliances, {ID: "ent-display-panels", Name: "display panels"}},
		Cohort:      "2025",
		Months:      24,
		Plan: []apprenticeship.Module{
			{Code: "M1", Name: "mechanical and electrical basics", Site: apprenticeship.School, Hours: 240},
			{Code: "M2", Name: "robot programming", Site: apprenticeship.Base, Hours: 320},
			{Code: "M3", Name: "production line practice", Site: apprenticeship.Enterprise, Hours: 640},
		},
		MaxPerMaster: 2,
	}
	if err := program.Validate(); err != nil {
		return err
	}
	planned := program.PlannedHours()
	p.line("5. Dual program %s: 1 major + %d training base + %d partner enterprises (双元三地)",
		program.Code, len(program.Bases), len(program.Enterprises))
	p.line("   planned hours: school %d, base %d, enterprise %d",
		planned[apprenticeship.School], planned[apprenticeship.Base], planned[apprenticeship.Enterprise])

	rules := apprenticeship.ChinaNewType2021()
	agreement := apprenticeship.Agreement{
		ID:          "AG-2025-001",
		Kind:        apprenticeship.NewType,
		Program:     program.Code,
		Apprentice:  apprenticeship.Person{ID: "SG2023001", Name: "王磊"},
		Enterprise:  appliances,
		Institution: school,
		Teacher:     apprenticeship.Mentor{ID: "T-07", Name: "school teacher", Role: apprenticeship.Teacher, Organisation: school.ID},
		Master:      apprenticeship.Mentor{ID: "M-12", Name: "enterprise master", Role: apprenticeship.Master, Organisation: appliances.ID},
		Signed:      apprenticeship.MustParseDate("2025-08-20"),
		Start:       apprenticeship.MustParseDate("2025-09-15"),
		End:         apprenticeship.MustParseDate("2027-09-14"),
		ContractEnd: apprenticeship.MustParseDate("2028-09-14"),
		WeeklyHours: decimal.NewFromInt(40),
		PartTime:    decimal.NewFromInt(1),
		// 2025-09-15 to 2027-09-14 is 24 whole months.
		FullTimeMonths: 24,
		Currency:       "CNY",
		Allowance:      []decimal.Decimal{decimal.NewFromInt(2600), decimal.NewFromInt(2900)},
		Occupation:     certificate.Occupation{Code: "IR-OP", Name: "工业机器人系统操作员"},
		Target:         certificate.IntermediateWorker,
	}
	agreement, err := apprenticeship.NewAgreement(agreement, rules)
	if err != nil {
		return err
	}
	p.line("")
	p.line("   agreement %s (%s): %s to %s, target %s %s: accepted under %q",
		agreement.ID, agreement.Kind, agreement.Start, agreement.End, agreement.Target.Code(), agreement.Target.Chinese(), "ChinaNewType2021")

	// DOMAIN.md: a 4-year training period breaks the 2021 guidance.
	fourYears := agreement
	fourYears.ID = "AG-2025-002"
	fourYears.End = apprenticeship.MustParseDate("2029-09-14")
	fourYears.ContractEnd = apprenticeship.MustParseDate("2030-09-14")
	fourYears.FullTimeMonths = 48
	_, err = apprenticeship.NewAgreement(fourYears, rules)
	for _, v := range apprenticeship.Violations(err) {
		p.line("   agreement %s rejected: %s: %s", fourYears.ID, v.Field, v.Reason)
	}
	if err == nil {
		return errors.New("a four-year agreement was accepted")
	}

	if err := lifecycle(p, agreement); err != nil {
		return err
	}
	if err := trainingHours(p, program, agreement); err != nil {
		return err
	}
	return allowances(p, agreement)
}

// lifecycle replays the apprentice's dated events.
func lifecycle(p *printer, a apprenticeship.Agreement) error {
	on := apprenticeship.MustParseDate
	events := []apprenticeship.Event{
		{On: on("2025-06-01"), Kind: apprenticeship.EventApply},
		{On: on("2025-08-20"), Kind: apprenticeship.EventEnrol},
		{On: on("2025-09-15"), Kind: apprenticeship.EventStart},
		{On: on("2026-01-12"), Kind: apprenticeship.EventPause, Reason: "illness"},
		{On: on("2026-02-09"), Kind: apprenticeship.EventResume},
	}
	record, err := apprenticeship.Replay(a, apprenticeship.PermissiveTermination(), events)
	if err != nil {
		return err
	}
	asOf := on("2026-03-31")
	p.line("")
	p.line("   lifecycle replayed from %d events: %s on 2026-01-31, %s on %s", len(events),
		record.StateOn(on("2026-01-31")), record.StateOn(asOf), asOf)
	// 2025-09-15..2026-01-11 is 119 days; 2026-02-09..2026-03-31 is 51 days;
	// the break 2026-01-12..2026-02-08 is 28 days.
	p.line("   by %s: %d days in training, %d days on break", asOf, record.DaysInTraining(asOf), record.DaysOnBreak(asOf))

	// Completing without a passed final assessment is refused.
	_, err = record.Apply(apprenticeship.Event{On: on("2026-04-01"), Kind: apprenticeship.EventComplete})
	var fe *apprenticeship.FieldError
	if errors.As(err, &fe) && errors.Is(err, apprenticeship.ErrTransition) {
		p.line("   completion on 2026-04-01 refused: %s", fe.Reason)
	} else {
		return fmt.Errorf("completion without a pass: got %v", err)
	}
	return nil
}

// trainingHours logs a week at each site and reports progress by site.
func trainingHours(p *printer, program apprenticeship.Program, a apprenticeship.Agreement) error {
	on := apprenticeship.MustParseDate
	eight := decimal.NewFromInt(8)
	var entries []apprenticeship.Entry
	// One week at school, one at the base, two in the enterprise: 5 days of
	// 8 hours each.
	for _, site := range []struct {
		monday string
		site   apprenticeship.Site
		module string
	}{
		{"2025-09-15", apprenticeship.School, "M1"},
		{"2025-09-22", apprenticeship.Base, "M2"},
		{"2025-09-29", apprenticeship.Enterprise, "M3"},
		{"2025-10-06", apprenticeship.Enterprise, "M3"},
	} {
		start := on(site.monday)
		for d := range 5 {
			day, err := start.AddDays(d)
			if err != nil {
				return err
			}
			entries = append(entries, apprenticeship.Entry{Date: day, Site: site.site, Module: site.module, Hours: eight})
		}
	}
	log, err := apprenticeship.NewLog(program, entries)
	if err != nil {
		return err
	}
	progress := log.Progress(on("2025-10-31"))
	p.line("")
	p.line("   hours logged by 2025-10-31 (5 days × 8 hours a week):")
	for _, s := range progress.Sites {
		p.line("     %-10s %5s of %5s planned hours (%s%%)", s.Site, s.Logged, s.Planned, s.Percent.StringFixed(2))
	}
	return nil
}

// allowances prints the monthly allowance schedule and checks it against an
// illustrative local minimum wage.
func allowances(p *printer, a apprenticeship.Agreement) error {
	rounding, err := apprenticeship.NewRounding(decimal.New(1, -2), apprenticeship.HalfUp)
	if err != nil {
		return err
	}
	schedule, err := apprenticeship.Schedule(a, rounding)
	if err != nil {
		return err
	}
	p.line("")
	p.line("   allowance schedule: %d monthly lines, %s %s in all", len(schedule.Lines), schedule.Total.StringFixed(2), schedule.Currency)
	for _, i := range []int{0, 1, 12, len(schedule.Lines) - 1} {
		l := schedule.Lines[i]
		p.line("     %s  %2d/30 of a month  %9s", l.Month, l.Thirtieths, l.Amount.StringFixed(2))
	}
	for _, y := range schedule.Years {
		p.line("     training year %d (%s): %s", y.Year, y.Period, y.Amount.StringFixed(2))
	}

	wage, err := apprenticeship.NewSeries("local monthly minimum wage (illustrative)", []apprenticeship.SeriesEntry[decimal.Decimal]{{
		From:     apprenticeship.MustParseDate("2024-01-01"),
		Value:    decimal.NewFromInt(2200),
		Citation: apprenticeship.Citation{Title: "illustrative figure, not a published standard"},
	}})
	if err != nil {
		return err
	}
	rule, err := apprenticeship.LocalMinimumWage(wage)
	if err != nil {
		return err
	}
	asOf := apprenticeship.MustParseDate("2027-09-14")
	short, err := apprenticeship.CheckAllowance(a, rounding, rule, asOf)
	if err != nil {
		return err
	}
	p.line("     months below the minimum wage of 2200 (illustrative): %d", len(short))

	// The same agreement paying 2100 in its first year falls short.
	low := a
	low.Allowance = []decimal.Decimal{decimal.NewFromInt(2100), a.Allowance[1]}
	short, err = apprenticeship.CheckAllowance(low, rounding, rule, asOf)
	if err != nil {
		return err
	}
	p.line("     paying 2100 in year 1 instead: %d months short, first %s short by %s",
		len(short), short[0].Month, short[0].Difference.StringFixed(2))
	return nil
}

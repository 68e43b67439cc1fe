package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dualtrack/dualtrack/apprenticeship"
	"github.com/dualtrack/dualtrack/certificate"
	"github.com/shopspring/decimal"
)

// This file holds the first half of the story: the school's program, the
// cohort's agreements with their dual mentors, and three sites of training.
// Organisation codes, people, hours and amounts are illustrative; the rules
// are those of DOMAIN.md and of the library.

// The cohort's training runs 24 months, from the first day of September 2023
// to the last day of August 2025.
const (
	signed     = "2023-08-25" // the agreements are signed (签约)
	trainStart = "2023-09-01" // the first day of training
	trainEnd   = "2025-08-31" // the planned last day
	firstWeek  = "2023-09-04" // the Monday of the first week logged
	weeks      = 95           // weeks logged, 2023-09-04 to 2025-06-27
	finalExam  = "2025-06-30" // the final exam, after the last week logged
)

// member is one apprentice of the cohort: their agreement and what happens
// to them in training.
type member struct {
	agreement   apprenticeship.Agreement
	rotation    int                         // the week of the site rotation the apprentice starts in
	events      []apprenticeship.Event      // lifecycle events after the start of training
	assessments []apprenticeship.Assessment // interim and final exams
	record      apprenticeship.Record       // the lifecycle, replayed from the events
	log         apprenticeship.Log          // the hours trained, by date, site and module
}

// cohort is the program with its apprentices, in the order of their student
// numbers.
type cohort struct {
	program apprenticeship.Program
	members []*member
}

// newProgram returns the school's dual program in the form "1 major + 1
// co-built training base + N partner enterprises" (1个专业 + 1个共建共享生产性实训基地
// + N个合作企业), with the training plan that fills the 95 weeks of the
// rotation: 19 weeks at school, 19 at the base and 57 in the enterprise, 40
// hours each (19 × 40 = 760, 57 × 40 = 2280).
func newProgram() apprenticeship.Program {
	robotics := certificate.Occupation{Code: "X-IR-OM", Name: "工业机器人操作与运维"}
	return apprenticeship.Program{
		Code:   "SG-IM-2023",
		School: apprenticeship.Organisation{ID: "sino-german-school", Name: "中德应用技术学校"},
		Major:  apprenticeship.Major{Code: "IM", Name: "智能制造 (intelligent manufacturing)"},
		Bases:  []apprenticeship.Organisation{{ID: "im-base", Name: "智能制造共建共享生产性实训基地"}},
		Enterprises: []apprenticeship.Organisation{
			{ID: "ent-smart-appliances", Name: "智能家电 (smart home appliances)"},
			{ID: "ent-display-panels", Name: "显示面板 (display panels)"},
			{ID: "ent-auto-parts", Name: "汽车零部件 (automotive parts)"},
		},
		Cohort: "2023",
		Months: 24,
		Targets: []apprenticeship.Target{
			{Occupation: robotics, Level: certificate.XJunior},
			{Occupation: robotics, Level: certificate.XIntermediate},
		},
		Plan: []apprenticeship.Module{
			{Code: "M1", Name: "机电基础 (electrical and mechanical basics)", Site: apprenticeship.School, Hours: 760},
			{Code: "M2", Name: "工业机器人编程 (industrial robot programming)", Site: apprenticeship.Base, Hours: 760},
			{Code: "M3", Name: "产线实践 (production line practice)", Site: apprenticeship.Enterprise, Hours: 2280},
		},
		MaxPerMaster: 2,
	}
}

// schoolRules are the rules the school checks its tripartite agreements
// (三方协议) against. They are the school's own configuration, not a
// published regulation: a rule set is data.
func schoolRules() apprenticeship.RuleSet {
	const source = "dual-phase rules of the school (illustrative)"
	return apprenticeship.RuleSet{
		Name:     "SG dual phase",
		Kinds:    apprenticeship.KindRule{Allowed: []apprenticeship.AgreementKind{apprenticeship.Tripartite}, Rule: source},
		Duration: apprenticeship.DurationRule{Min: 12, Max: 24, Rule: source + ": 12 to 24 months"},
		Targets: apprenticeship.LevelRule{
			Allowed: []certificate.Level{certificate.XJunior, certificate.XIntermediate, certificate.XSenior},
			Rule:    source + ": 1+X levels",
		},
	}
}

// signCohort prints the program and signs the cohort's agreements: each is
// checked against the school's rules, and the dual mentors (双导师) of all of
// them together against the program's limit of apprentices per master.
func signCohort(p *printer) (*cohort, error) {
	program := newProgram()
	if err := program.Validate(); err != nil {
		return nil, err
	}
	school := program.School
	appliances, panels, autoParts := program.Enterprises[0], program.Enterprises[1], program.Enterprises[2]

	showProgram(p, program)

	teacher := func(id, name string) apprenticeship.Mentor {
		return apprenticeship.Mentor{ID: id, Name: name, Role: apprenticeship.Teacher, Organisation: school.ID}
	}
	master := func(id, name string, e apprenticeship.Organisation) apprenticeship.Mentor {
		return apprenticeship.Mentor{ID: id, Name: name, Role: apprenticeship.Master, Organisation: e.ID}
	}
	zhou, wu := teacher("T-07", "周老师"), teacher("T-08", "吴老师")
	sun, qian := master("M-11", "孙师傅", appliances), master("M-12", "钱师傅", appliances)
	zheng, feng := master("M-21", "郑师傅", panels), master("M-31", "冯师傅", autoParts)

	on := apprenticeship.MustParseDate
	interim := apprenticeship.Assessment{Kind: apprenticeship.InterimExam, Date: on("2024-06-28"), Passed: true, Assessor: "校企联合考核组"}
	final := func(date string, passed bool) apprenticeship.Assessment {
		return apprenticeship.Assessment{Kind: apprenticeship.FinalExam, Date: on(date), Passed: passed, Assessor: "工业机器人培训评价组织（示例）"}
	}
	passes := []apprenticeship.Assessment{interim, final(finalExam, true)}
	agreement := func(n int, name string, e apprenticeship.Organisation, t, m apprenticeship.Mentor, target certificate.Level) apprenticeship.Agreement {
		return apprenticeship.Agreement{
			ID:          fmt.Sprintf("AG-2023-%03d", n),
			Kind:        apprenticeship.Tripartite,
			Program:     program.Code,
			Apprentice:  apprenticeship.Person{ID: fmt.Sprintf("SG2023%03d", n), Name: name},
			Enterprise:  e,
			Institution: school,
			Teacher:     t,
			Master:      m,
			Signed:      on(signed),
			Start:       on(trainStart),
			End:         on(trainEnd),
			WeeklyHours: decimal.NewFromInt(40),
			PartTime:    decimal.NewFromInt(1),
			// 2023-09-01 to 2025-08-31 is 24 whole months.
			FullTimeMonths: 24,
			// The enterprise's monthly allowance (实习补贴) in training
			// years 1 and 2; illustrative amounts.
			Currency:   "CNY",
			Allowance:  []decimal.Decimal{decimal.NewFromInt(1500), decimal.NewFromInt(1800)},
			Occupation: program.Targets[0].Occupation,
			Target:     target,
		}
	}
	members := []*member{
		{agreement: agreement(1, "王磊", appliances, zhou, sun, certificate.XIntermediate), rotation: 0, assessments: passes},
		{agreement: agreement(2, "李娜", appliances, zhou, sun, certificate.XIntermediate), rotation: 1, assessments: passes},
		// The school first gives 陈静 the master of her two classmates.
		{agreement: agreement(3, "陈静", appliances, wu, sun, certificate.XIntermediate), rotation: 2, assessments: passes},
		{agreement: agreement(4, "张伟", panels, zhou, zheng, certificate.XJunior), rotation: 2, assessments: passes,
			events: []apprenticeship.Event{
				{On: on("2024-01-08"), Kind: apprenticeship.EventPause, Reason: "illness"},
				{On: on("2024-02-05"), Kind: apprenticeship.EventResume},
			}},
		{agreement: agreement(5, "刘洋", panels, wu, zheng, certificate.XIntermediate), rotation: 3, assessments: passes},
		// 赵敏 fails the final exam and passes the retake in August.
		{agreement: agreement(6, "赵敏", autoParts, wu, feng, certificate.XJunior), rotation: 4,
			assessments: []apprenticeship.Assessment{interim, final(finalExam, false), final("2025-08-25", true)}},
	}

	// The dual mentors, checked before anything is signed: a master of the
	// smart-appliance enterprise may mentor two apprentices at a time.
	drafts := make([]apprenticeship.Agreement, len(members))
	for i, m := range members {
		drafts[i] = m.agreement
	}
	p.heading("2. Agreements and dual mentors (三方协议, 双导师)")
	findings := apprenticeship.CheckMentors(program, drafts)
	for _, f := range findings {
		p.line("   dual-mentor check of the drafts (双导师): %s", f.Issue)
		p.line("     %s", f.Reason)
	}
	if len(findings) != 1 || findings[0].Issue != apprenticeship.MasterOverloaded {
		return nil, fmt.Errorf("mentor check of the draft: want one overload, got %v", findings)
	}
	members[2].agreement.Master = qian
	drafts[2] = members[2].agreement
	p.line("   %s moves to master %s %s; the check then finds %d problems", members[2].agreement.Apprentice.Name, qian.ID, qian.Name,
		len(apprenticeship.CheckMentors(program, drafts)))

	// Every agreement is checked against the school's rules as it is signed.
	rules := schoolRules()
	for _, m := range members {
		a, err := apprenticeship.NewAgreement(m.agreement, rules)
		if err != nil {
			return nil, err
		}
		m.agreement = a
	}
	// A three-year draft breaks the rule of at most 24 months.
	long := members[4].agreement
	long.ID, long.End, long.FullTimeMonths = "AG-2023-099", on("2026-08-31"), 36
	long.Allowance = append(long.Allowance, decimal.NewFromInt(2000))
	_, err := apprenticeship.NewAgreement(long, rules)
	for _, v := range apprenticeship.Violations(err) {
		p.line("   a 36-month draft %s is refused: %s: %s", long.ID, v.Field, v.Reason)
	}
	if err == nil {
		return nil, errors.New("a three-year agreement was accepted")
	}

	p.line("")
	widths := []int{11, 14, 16, 11, 11, 0}
	p.row(widths, "agreement", "apprentice", "enterprise", "teacher", "master", "target")
	for _, m := range members {
		a := m.agreement
		p.row(widths, a.ID, a.Apprentice.ID+" "+a.Apprentice.Name, strings.TrimPrefix(a.Enterprise.ID, "ent-"),
			a.Teacher.ID+" "+a.Teacher.Name, a.Master.ID+" "+a.Master.Name, "1+X "+a.Target.Chinese())
	}
	p.line("   all signed on %s for %s to %s under %q", signed, trainStart, trainEnd, rules.Name)
	return &cohort{program: program, members: members}, nil
}

// train replays each apprentice's lifecycle and logs their hours: five days
// of eight hours in every week of the rotation in which they are in training
// (a day on a break in learning is not logged), then reports the progress
// by site (三地) after the last week.
func train(p *printer, c *cohort) error {
	on := apprenticeship.MustParseDate
	monday := on(firstWeek)
	eight := decimal.NewFromInt(8)
	// The five-week cycle of sites every apprentice follows: one week at
	// school, one at the co-built base and three in the enterprise. Each
	// apprentice enters it at their own week, so that the base does not host
	// the whole cohort at once.
	rotation := [...]apprenticeship.Site{apprenticeship.School, apprenticeship.Base,
		apprenticeship.Enterprise, apprenticeship.Enterprise, apprenticeship.Enterprise}
	for _, m := range c.members {
		events := []apprenticeship.Event{
			{On: on("2023-06-15"), Kind: apprenticeship.EventApply},
			{On: on(signed), Kind: apprenticeship.EventEnrol},
			{On: on(trainStart), Kind: apprenticeship.EventStart},
		}
		record, err := apprenticeship.Replay(m.agreement, apprenticeship.PermissiveTermination(), append(events, m.events...))
		if err != nil {
			return err
		}
		m.record = record

		var entries []apprenticeship.Entry
		for w := range weeks {
			site := rotation[(w+m.rotation)%len(rotation)]
			module := moduleAt(c.program, site)
			for d := range 5 {
				day, err := monday.AddDays(7*w + d)
				if err != nil {
					return err
				}
				if record.StateOn(day) != apprenticeship.StateInTraining {
					continue
				}
				entries = append(entries, apprenticeship.Entry{Date: day, Site: site, Module: module, Hours: eight})
			}
		}
		if m.log, err = apprenticeship.NewLog(c.program, entries); err != nil {
			return err
		}
	}

	asOf := on("2025-06-27")
	p.heading("3. Training across three sites (三地)")
	p.line("   Hours logged by %s: one week at school, one at the base, three in the", asOf)
	p.line("   enterprise, 5 days × 8 hours a week, not on days of a break.")
	p.line("")
	widths := []int{14, 17, 17, 17, -16, -8}
	p.row(widths, "apprentice", "school 学校", "base 基地", "enterprise 企业", "days in training", "on break")
	for _, m := range c.members {
		cells := map[apprenticeship.Site]string{}
		for _, s := range m.log.Progress(asOf).Sites {
			cells[s.Site] = fmt.Sprintf("%4s/%-4s %6s%%", s.Logged, s.Planned, s.Percent.StringFixed(2))
		}
		p.row(widths, m.agreement.Apprentice.ID+" "+m.agreement.Apprentice.Name,
			cells[apprenticeship.School], cells[apprenticeship.Base], cells[apprenticeship.Enterprise],
			fmt.Sprint(m.record.DaysInTraining(asOf)), fmt.Sprint(m.record.DaysOnBreak(asOf)))
	}
	for _, m := range c.members {
		for i, e := range m.events {
			if e.Kind == apprenticeship.EventPause && i+1 < len(m.events) {
				p.line("   %s: a break in learning (学习中断, %s) from %s to %s; its days are not logged",
					m.agreement.Apprentice.Name, e.Reason, e.On, m.events[i+1].On.Prev())
			}
		}
	}

	rounding, err := apprenticeship.NewRounding(decimal.New(1, -2), apprenticeship.HalfUp)
	if err != nil {
		return err
	}
	a := c.members[0].agreement
	schedule, err := apprenticeship.Schedule(a, rounding)
	if err != nil {
		return err
	}
	years := make([]string, len(schedule.Years))
	for i, y := range schedule.Years {
		years[i] = fmt.Sprintf("year %d %s", y.Year, y.Amount.StringFixed(2))
	}
	p.line("   the enterprise's monthly allowance (实习补贴, illustrative): %s in year 1, %s in year 2,",
		a.Allowance[0].StringFixed(2), a.Allowance[1].StringFixed(2))
	p.line("   %s %s per apprentice over %d months (%s)",
		schedule.Total.StringFixed(2), schedule.Currency, len(schedule.Lines), strings.Join(years, ", "))
	return nil
}

// showProgram prints the program: section 1.
func showProgram(p *printer, program apprenticeship.Program) {
	p.heading("1. The program (1个专业 + 1个实训基地 + N个合作企业)")
	p.line("   school        %s (Sino-German Applied Technology School)", program.School.Name)
	p.line("   major         %s, cohort %s, %d months", program.Major.Name, program.Cohort, program.Months)
	p.line("   base          %s (co-built productive training base)", program.Bases[0].Name)
	for i, e := range program.Enterprises {
		label := ""
		if i == 0 {
			label = "enterprises"
		}
		p.line("   %-13s %s", label, e.Name)
	}
	widths := []int{12, 6, 10, -5, 0}
	p.row(widths, "plan", "module", "site", "hours", "")
	planned := 0
	for _, m := range program.Plan {
		p.row(widths, "", m.Code, m.Site.String(), fmt.Sprint(m.Hours), m.Name)
		planned += m.Hours
	}
	p.row(widths, "", "", "total", fmt.Sprint(planned))
	for i, t := range program.Targets {
		label := ""
		if i == 0 {
			label = "targets"
		}
		p.line("   %-13s 1+X %s %s (%s)", label, t.Occupation.Name, t.Level.Chinese(), t.Level.Code())
	}
}

// moduleAt returns the code of the plan's module taught at site; the plan
// has one per site.
func moduleAt(program apprenticeship.Program, site apprenticeship.Site) string {
	for _, m := range program.Plan {
		if m.Site == site {
			return m.Code
		}
	}
	return ""
}

package subsidy_test

import (
	"fmt"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
)

// exNumber builds a number parameter from hard-coded entries: pairs of a
// first day and a value, each entry running until the next.
func exNumber(name, unit string, cite subsidy.Citation, fromValue ...string) subsidy.Param {
	var es []subsidy.Entry[decimal.Decimal]
	for i := 0; i+1 < len(fromValue); i += 2 {
		es = append(es, subsidy.Entry[decimal.Decimal]{From: subsidy.MustParseDate(fromValue[i]), Value: decimal.RequireFromString(fromValue[i+1]), Citation: cite})
	}
	s, err := subsidy.NewSeries(name, es)
	if err != nil {
		panic(err)
	}
	return subsidy.Param{Name: name, Unit: unit, Number: s}
}

// exPolicy builds a policy in currency, rounding to the minor unit half up.
func exPolicy(currency string, params []subsidy.Param, schedule subsidy.Schedule, rules ...subsidy.Rule) *subsidy.Policy {
	r, err := subsidy.NewRounding(decimal.RequireFromString("0.01"), subsidy.HalfUp)
	if err != nil {
		panic(err)
	}
	p, err := subsidy.NewPolicy(subsidy.Definition{
		Name: "example", Version: "1", Currency: currency, Scheme: "example", Rounding: r,
		Params: params, Rules: rules, Schedule: schedule,
	})
	if err != nil {
		panic(err)
	}
	return p
}

func exPrintPayments(res subsidy.Result) {
	for _, p := range res.Payments {
		line := fmt.Sprintf("  %v %s %v", p.Date, p.Amount.StringFixed(2), p.Kind)
		if p.Provisional {
			line += " (provisional)"
		}
		fmt.Println(line)
	}
}

// Fujian's enterprise new-type apprenticeship subsidy for the 高级工 class:
// 6000 yuan per apprentice and year (闽人社文〔2019〕220号), for 10
// apprentices over two years, and a rate that changes part way through a
// year.
func ExampleRateDuration() {
	fujian := subsidy.Citation{Number: "闽人社文〔2019〕220号"}
	p := exPolicy("CNY", []subsidy.Param{exNumber("rate", "CNY", fujian, "2019-01-01", "6000")}, nil,
		subsidy.RateDuration{RuleMeta: subsidy.RuleMeta{ID: "rate"}, Rate: "rate", Per: "year", PerPlace: true})
	training, _ := subsidy.NewPeriod(subsidy.MustParseDate("2024-09-01"), subsidy.MustParseDate("2026-08-31"))
	res, err := p.Evaluate(subsidy.Claim{ID: "fj-1", Date: training.Start(), Training: training, Places: 10},
		subsidy.Options{AsOf: training.Start(), Explain: true})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Amount.StringFixed(2))
	fmt.Println(res.Explanation.Steps[0].Reason)

	// 5000 a year until 2025-12-31, 6000 from 2026-01-01 (test values),
	// over one training year: each part of the year at its own rate, one
	// rounding at the end.
	changing := exNumber("rate", "CNY", subsidy.Citation{Title: "test"}, "2024-01-01", "5000", "2026-01-01", "6000")
	q := exPolicy("CNY", []subsidy.Param{changing}, nil,
		subsidy.RateDuration{RuleMeta: subsidy.RuleMeta{ID: "rate"}, Rate: "rate", Per: "year"})
	year, _ := subsidy.NewPeriod(subsidy.MustParseDate("2025-07-01"), subsidy.MustParseDate("2026-06-30"))
	res, err = q.Evaluate(subsidy.Claim{ID: "c-2", Date: year.Start(), Training: year},
		subsidy.Options{AsOf: year.End(), Explain: true})
	if err != nil {
		panic(err)
	}
	st := res.Explanation.Steps[0]
	fmt.Println(st.Reason)
	for _, u := range st.Params {
		fmt.Println(" ", u.Name, u.Value, "read on", u.On)
	}
	fmt.Println(" rounded", st.Rounding.Rounding, st.Rounding.Before, "->", st.Rounding.After)
	// Output:
	// 120000.00
	// 6000 per year × 2 (2024-09-01/2026-08-31) = 12000 × 10 places = 120000
	// 5000 per year × 184/365 (2025-07-01/2025-12-31) + 6000 per year × 181/365 (2026-01-01/2026-06-30) = 401200/73
	//   rate 5000 read on 2025-07-01
	//   rate 6000 read on 2026-01-01
	//  rounded 0.01 half-up 401200/73 -> 5495.89
}

// The Fujian subsidy is prepaid up to 50% and settled on the number of
// apprentices who complete; the prepaid share of a place not completed is
// clawed back (闽人社文〔2019〕220号).
func ExamplePrepaySettle() {
	fujian := subsidy.Citation{Number: "闽人社文〔2019〕220号"}
	p := exPolicy("CNY", []subsidy.Param{
		exNumber("rate", "CNY", fujian, "2019-01-01", "6000"),
		exNumber("prepay", "percent", fujian, "2019-01-01", "50"),
	}, subsidy.PrepaySettle{Percent: "prepay"},
		subsidy.RateDuration{RuleMeta: subsidy.RuleMeta{ID: "rate"}, Rate: "rate", Per: "year", PerPlace: true})
	training, _ := subsidy.NewPeriod(subsidy.MustParseDate("2024-09-01"), subsidy.MustParseDate("2026-08-31"))
	c := subsidy.Claim{ID: "fj-1", Date: training.Start(), Training: training, Places: 10}

	res, err := p.Evaluate(c, subsidy.Options{AsOf: subsidy.MustParseDate("2025-01-01")})
	if err != nil {
		panic(err)
	}
	fmt.Println("in training:", res.Amount.StringFixed(2))
	exPrintPayments(res)

	// 8 of the 10 complete.
	c.Ended, c.Completed = training.End(), 8
	res, err = p.Evaluate(c, subsidy.Options{AsOf: subsidy.MustParseDate("2026-09-30")})
	if err != nil {
		panic(err)
	}
	fmt.Println("8 completed:", res.Amount.StringFixed(2))
	exPrintPayments(res)
	// Output:
	// in training: 120000.00
	//   2024-09-01 60000.00 prepayment
	//   2026-08-31 60000.00 settlement (provisional)
	// 8 completed: 96000.00
	//   2024-09-01 60000.00 prepayment
	//   2026-08-31 48000.00 settlement
	//   2026-08-31 -12000.00 clawback
}

// England pays a training provider 80% of the price in monthly instalments
// and 20% on completion. An apprentice who completes early gets the
// remaining instalments in one balancing payment, as in the government's
// calculator (das-funding-apprenticeship-earnings, "Early Completion").
func ExampleInstalments() {
	p := exPolicy("GBP", []subsidy.Param{
		exNumber("full", "percent", subsidy.Citation{Title: "the price in full"}, "2017-04-06", "100"),
		exNumber("completion", "percent", subsidy.Citation{Title: "ESFA funding rules"}, "2017-04-06", "20"),
	}, subsidy.Instalments{Completion: "completion"},
		subsidy.PercentOfBase{RuleMeta: subsidy.RuleMeta{ID: "price"}, Percent: "full"})
	training, _ := subsidy.NewPeriod(subsidy.MustParseDate("2020-08-15"), subsidy.MustParseDate("2021-07-31"))
	c := subsidy.Claim{ID: "uk-1", Date: training.Start(), Training: training, Base: decimal.NewFromInt(15000),
		Ended: subsidy.MustParseDate("2021-02-15"), Completed: 1}
	res, err := p.Evaluate(c, subsidy.Options{AsOf: subsidy.MustParseDate("2021-03-01")})
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Amount.StringFixed(2))
	exPrintPayments(res)
	// Output:
	// 15000.00
	//   2020-08-31 1000.00 instalment
	//   2020-09-30 1000.00 instalment
	//   2020-10-31 1000.00 instalment
	//   2020-11-30 1000.00 instalment
	//   2020-12-31 1000.00 instalment
	//   2021-01-31 1000.00 instalment
	//   2021-02-15 6000.00 settlement
	//   2021-02-15 3000.00 completion
}

// England's incentive for a young apprentice: 1,000 GBP in two halves, due
// on the 90th and the 365th day in learning if that day is not after the
// planned end.
func ExampleMilestones() {
	cite := subsidy.Citation{Title: "ESFA funding rules"}
	p := exPolicy("GBP", []subsidy.Param{
		exNumber("incentive", "GBP", cite, "2017-04-06", "1000"),
		exNumber("d90", "days", cite, "2017-04-06", "90"),
		exNumber("d365", "days", cite, "2017-04-06", "365"),
		exNumber("half", "percent", cite, "2017-04-06", "50"),
	}, subsidy.Milestones{Milestones: []subsidy.Milestone{{Days: "d90", Percent: "half"}, {Days: "d365", Percent: "half"}}},
		subsidy.Amount{RuleMeta: subsidy.RuleMeta{ID: "incentive"}, Amount: "incentive"})
	training, _ := subsidy.NewPeriod(subsidy.MustParseDate("2020-08-01"), subsidy.MustParseDate("2024-07-31"))
	c := subsidy.Claim{ID: "uk-2", Date: training.Start(), Training: training}
	res, err := p.Evaluate(c, subsidy.Options{AsOf: subsidy.MustParseDate("2020-12-31")})
	if err != nil {
		panic(err)
	}
	fmt.Println("in learning:", res.Amount.StringFixed(2))
	exPrintPayments(res)

	c.Ended = subsidy.MustParseDate("2020-11-15") // withdrew
	res, err = p.Evaluate(c, subsidy.Options{AsOf: subsidy.MustParseDate("2020-12-31")})
	if err != nil {
		panic(err)
	}
	fmt.Println("withdrawn:", res.Amount.StringFixed(2))
	exPrintPayments(res)
	// Output:
	// in learning: 1000.00
	//   2020-10-29 500.00 milestone
	//   2021-07-31 500.00 milestone (provisional)
	// withdrawn: 500.00
	//   2020-10-29 500.00 milestone
}

// Guangdong adds up to 30% for 高级工-and-above apprentices in shortage
// occupations: 6000 × 1.3 = 7800.
func ExampleUplift() {
	gd := subsidy.Citation{Title: "广东企业新型学徒制"}
	p := exPolicy("CNY", []subsidy.Param{
		exNumber("amount", "CNY", gd, "2020-01-01", "6000"),
		exNumber("uplift", "percent", gd, "2020-01-01", "30"),
	}, nil,
		subsidy.Amount{RuleMeta: subsidy.RuleMeta{ID: "amount"}, Amount: "amount"},
		subsidy.Uplift{RuleMeta: subsidy.RuleMeta{ID: "shortage"}, Percent: "uplift", IfFlag: "shortage-occupation", MinLevel: certificate.SeniorWorker})
	day := subsidy.MustParseDate("2024-05-01")
	for _, c := range []subsidy.Claim{
		{ID: "gd-1", Date: day, Level: certificate.SeniorWorker, Flags: []string{"shortage-occupation"}},
		{ID: "gd-2", Date: day, Level: certificate.SeniorWorker},
	} {
		res, err := p.Evaluate(c, subsidy.Options{AsOf: day, Explain: true})
		if err != nil {
			panic(err)
		}
		st := res.Explanation.Steps[1]
		fmt.Println(c.ID, res.Amount.StringFixed(2), st.Outcome, st.Reason)
	}
	// Output:
	// gd-1 7800.00 applied 6000 × (1 + 30%) = 7800
	// gd-2 6000.00 skipped the claim is not flagged "shortage-occupation"
}

// England's co-investment: the government pays 95% of the price for
// apprenticeships started from 2019-04-01 and 90% before, read on the first
// day of training.
func ExamplePercentOfBase() {
	cite := subsidy.Citation{Title: "ESFA co-investment"}
	p := exPolicy("GBP", []subsidy.Param{exNumber("government", "percent", cite, "2017-04-06", "90", "2019-04-01", "95")}, nil,
		subsidy.PercentOfBase{RuleMeta: subsidy.RuleMeta{ID: "government", On: subsidy.OnTrainingStart}, Percent: "government"})
	for _, start := range []string{"2019-04-01", "2019-03-31"} {
		training, _ := subsidy.NewPeriod(subsidy.MustParseDate(start), subsidy.MustParseDate("2021-03-31"))
		res, err := p.Evaluate(subsidy.Claim{ID: "uk-" + start, Date: subsidy.MustParseDate("2019-05-01"), Training: training, Base: decimal.NewFromInt(12000)},
			subsidy.Options{AsOf: subsidy.MustParseDate("2019-05-01")})
		if err != nil {
			panic(err)
		}
		fmt.Println(start, res.Amount.StringFixed(2))
	}
	// Output:
	// 2019-04-01 11400.00
	// 2019-03-31 10800.00
}

// The 2024 skill-improvement subsidy pays by level: 1000, 1500 and 2000
// yuan for 初级, 中级 and 高级; a level the table does not list is rejected.
func ExampleAmountByCategory() {
	values := map[string]decimal.Decimal{
		"national-5": decimal.NewFromInt(1000),
		"national-4": decimal.NewFromInt(1500),
		"national-3": decimal.NewFromInt(2000),
	}
	table, err := subsidy.NewSeries("amounts", []subsidy.Entry[map[string]decimal.Decimal]{
		{From: subsidy.MustParseDate("2024-01-01"), Until: subsidy.MustParseDate("2024-12-31"), Value: values},
	})
	if err != nil {
		panic(err)
	}
	p := exPolicy("CNY", []subsidy.Param{{Name: "amounts", Unit: "CNY", Table: table}}, nil,
		subsidy.AmountByCategory{RuleMeta: subsidy.RuleMeta{ID: "amount"}, Table: "amounts", Key: "level"})
	day := subsidy.MustParseDate("2024-05-01")
	for _, level := range []certificate.Level{certificate.NationalGrade4, certificate.NationalGrade2} {
		res, err := p.Evaluate(subsidy.Claim{ID: "c-" + level.Code(), Date: day, Level: level}, subsidy.Options{AsOf: day})
		if err != nil {
			panic(err)
		}
		fmt.Println(level.Chinese(), res.Granted, res.Amount.StringFixed(2), res.Reasons)
	}
	// Output:
	// 四级/中级工 true 1500.00 []
	// 二级/技师 false 0.00 [{amount no-amount no amount for level "national-2" in "amounts" on 2024-05-01}]
}

package subsidy_test

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
)

// A 中级 skill-improvement subsidy of 1500 yuan (the 2024 cap for the level,
// DOMAIN.md), submitted twice: the second submission is a replay and pays
// nothing. A different grant under the same key is refused.
func ExampleLedger_Record() {
	l := subsidy.NewLedger()
	g := subsidy.Grant{
		Key:         "claim-2024-0001",
		Policy:      "cn-skill-improvement/2024",
		Scheme:      "skill-improvement",
		Person:      "P1",
		Occupation:  "6-18-01-01",
		Level:       certificate.XIntermediate,
		Certificate: "C-0001",
		Date:        subsidy.MustParseDate("2024-03-01"),
		Amount:      decimal.NewFromInt(1500),
		Currency:    "CNY",
	}
	stored, pay, err := l.Record(g)
	fmt.Println(stored.Amount.StringFixed(2), pay, err)

	_, pay, err = l.Record(g) // a retry
	fmt.Println(pay, err)

	g.Amount = decimal.NewFromInt(2000)
	_, _, err = l.Record(g)
	fmt.Println(errors.Is(err, subsidy.ErrKeyConflict))
	fmt.Println(err)

	g.Key, g.Amount = "claim-2024-0002", decimal.RequireFromString("1500.005")
	_, _, err = l.Record(g)
	fmt.Println(err)
	// Output:
	// 1500.00 true <nil>
	// false <nil>
	// true
	// subsidy: ledger Record: key "claim-2024-0001": amount = 2000.00: the key already holds a grant with amount 1500.00
	// subsidy: ledger Record: key "claim-2024-0002": amount = 1500.005: not a multiple of the quantum 0.01 of CNY
}

// What a history rule reads: a person's grants in a year, and their total
// without the grants that were clawed back.
func ExampleLedger_History() {
	l := subsidy.NewLedger()
	record := func(key, date, amount string, level certificate.Level) {
		_, _, err := l.Record(subsidy.Grant{
			Key: key, Policy: "cn-skill-improvement/2024", Scheme: "skill-improvement",
			Person: "P1", Occupation: "6-18-01-01", Level: level,
			Date: subsidy.MustParseDate(date), Amount: decimal.RequireFromString(amount), Currency: "CNY",
		})
		if err != nil {
			panic(err)
		}
	}
	record("c3", "2024-09-15", "2000", certificate.XSenior)
	record("c1", "2023-11-20", "1000", certificate.XJunior)
	record("c2", "2024-02-01", "1500", certificate.XIntermediate)
	if _, _, err := l.Reverse("c2", subsidy.MustParseDate("2024-04-01"), "insurance record corrected"); err != nil {
		panic(err)
	}

	y2024, _ := subsidy.NewPeriod(subsidy.MustParseDate("2024-01-01"), subsidy.MustParseDate("2024-12-31"))
	q := subsidy.HistoryQuery{Person: "P1", Period: y2024}
	h, _ := l.History(q)
	for _, e := range h {
		fmt.Println(e.Grant.Date, e.Grant.Key, e.Grant.Level, e.Grant.Amount.StringFixed(2), e.Reversed())
	}
	all, _ := l.Totals(q)
	q.ExcludeReversed = true
	standing, _ := l.Totals(q)
	fmt.Println(all.Count, all.Amount.StringFixed(2), standing.Count, standing.Amount.StringFixed(2), standing.Currency)
	// Output:
	// 2024-02-01 c2 1x-intermediate 1500.00 true
	// 2024-09-15 c3 1x-senior 2000.00 false
	// 2 3500.00 1 2000.00 CNY
}

// A clawback keeps the grant and records why; repeating it is a replay.
func ExampleLedger_Reverse() {
	l := subsidy.NewLedger()
	_, _, _ = l.Record(subsidy.Grant{
		Key: "app-2024-17", Policy: "cn-apprenticeship/2021", Scheme: "apprenticeship",
		Organisation: "ORG1", Person: "A17",
		Date: subsidy.MustParseDate("2024-01-31"), Amount: decimal.NewFromInt(2500), Currency: "CNY",
	})
	e, first, err := l.Reverse("app-2024-17", subsidy.MustParseDate("2024-10-01"), "apprentice left before completion")
	fmt.Println(e.Reversed(), first, err)
	_, first, err = l.Reverse("app-2024-17", subsidy.MustParseDate("2024-10-01"), "apprentice left before completion")
	fmt.Println(first, err)
	_, _, err = l.Reverse("app-2024-99", subsidy.MustParseDate("2024-10-01"), "x")
	fmt.Println(err)
	// Output:
	// true true <nil>
	// false <nil>
	// subsidy: ledger Reverse: key "app-2024-99": no grant is recorded under this key
}

// Export as JSON lines and read back.
func ExampleReadLedger() {
	in := `{"key":"k1","policy":"p","scheme":"skill-improvement","person":"P1","date":"2024-03-01","amount":"1000","currency":"CNY"}
{"key":"k0","policy":"p","scheme":"skill-improvement","person":"P2","date":"2024-03-01","amount":"0.5","currency":"CNY","reversal":{"date":"2024-03-02","reason":"typo"}}
`
	l, err := subsidy.ReadLedger(strings.NewReader(in))
	if err != nil {
		panic(err)
	}
	_, _ = l.WriteTo(os.Stdout)

	_, err = subsidy.ReadLedger(strings.NewReader(in + strings.Replace(in, "P1", "P3", 1)))
	fmt.Println(err)
	// Output:
	// {"key":"k0","policy":"p","scheme":"skill-improvement","person":"P2","date":"2024-03-01","amount":"0.50","currency":"CNY","reversal":{"date":"2024-03-02","reason":"typo"}}
	// {"key":"k1","policy":"p","scheme":"skill-improvement","person":"P1","date":"2024-03-01","amount":"1000.00","currency":"CNY"}
	// subsidy: ledger ReadLedger: line 3: key "k1": duplicate key, first on line 1
}

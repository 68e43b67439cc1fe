package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dualtrack/dualtrack/apprenticeship"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
)

// This file holds the end of the story: what the subsidies came to by
// enterprise and by rule, how the fund was shared, and one claim explained.

// byEnterprise prints what the policies awarded by enterprise and by rule,
// from each scheme's Totals.
func byEnterprise(p *printer, schemes []*scheme, partners []apprenticeship.Organisation) error {
	p.heading("6. Subsidies by enterprise and by rule (按企业, 按规则)")
	p.line("   Awarded under the policies (CNY), before the fund's pro-rata cut (section 7):")
	p.line("")
	widths := []int{16, -6, -7, -8}
	head := []string{"enterprise", "claims", "granted", "rejected"}
	for _, s := range schemes {
		widths = append(widths, -len(s.label))
		head = append(head, s.label)
	}
	widths = append(widths, -10)
	head = append(head, "total")
	p.row(widths, head...)
	keys := make([]string, 0, len(partners)+1)
	for _, e := range partners {
		keys = append(keys, e.ID)
	}
	keys = append(keys, "") // the grand total
	for _, key := range keys {
		var claims, granted, rejected int
		sum := decimal.Zero
		var cells []string
		for _, s := range schemes {
			t := s.totals.Total()
			if key != "" {
				i := slices.IndexFunc(s.totals.ByOrganisation(), func(t subsidy.Tally) bool { return t.Key == key })
				if i < 0 {
					cells = append(cells, "-")
					continue
				}
				t = s.totals.ByOrganisation()[i]
			}
			claims, granted, rejected = claims+t.Claims, granted+t.Granted, rejected+t.Rejected
			sum = sum.Add(t.Amount)
			cells = append(cells, t.Amount.StringFixed(2))
		}
		name := shortID(key)
		if key == "" {
			name = "total"
		}
		p.row(widths, append([]string{name, fmt.Sprint(claims), fmt.Sprint(granted), fmt.Sprint(rejected)}, append(cells, sum.StringFixed(2))...)...)
	}

	p.line("")
	p.line("   By rule: the claims each rule changed or rejected and what it added (a rule")
	p.line("   that rejects a claim after the amount was set takes it back):")
	p.line("")
	widths = []int{17, 18, -6, -7, -8, -10}
	p.row(widths, "scheme", "rule", "claims", "granted", "rejected", "amount")
	for _, s := range schemes {
		for i, t := range s.totals.ByRule() {
			label := s.label
			if i > 0 {
				label = ""
			}
			p.row(widths, label, t.Key, fmt.Sprint(t.Claims), fmt.Sprint(t.Granted), fmt.Sprint(t.Rejected), t.Amount.StringFixed(2))
		}
	}

	p.line("")
	p.line("   Rejections by reason, with the words of the rule that rejected each claim:")
	for _, s := range schemes {
		for _, t := range s.totals.ByReason() {
			p.line("")
			p.line("   %s, %s: %d", s.label, t.Key, t.Rejected)
			for i, res := range s.results {
				for _, r := range res.Reasons {
					if r.Code == t.Key {
						p.line("     %s (rule %s): %s", s.claims[i].ID, r.Rule, r.Text)
					}
				}
			}
		}
	}
	return nil
}

// allocate shows the fund: the chief technician allowances it reserved
// first come, first served as they were granted, then the self-evaluation
// claims of the year's call, settled as one round, pro rata if the round
// asks for more than remains. What the fund grants is what the ledger
// records.
func allocate(p *printer, ledger *subsidy.Ledger, fund *subsidy.Budget, chief, selfEval *scheme) error {
	p.heading("7. The fund (资金): " + fund.Name())
	if prm, ok := selfEval.policy.Param("fund-total"); ok {
		if e, err := prm.Number.At(subsidy.MustParseDate("2024-11-15")); err == nil {
			p.line("   The district has paid %s yuan to self-evaluating enterprises so far", e.Value.StringFixed(2))
			p.line("   (parameter fund-total of %s); this fund is illustrative.", selfEval.pack)
			p.line("")
		}
	}
	widths := []int{11, 16, -10, -10, 0}
	p.line("   fund total %s", fund.Total().StringFixed(2))
	p.line("")
	p.line("   chief technician allowances, reserved first come, first served as granted:")
	p.line("")
	p.row(widths, "claim", "enterprise", "requested", "granted", "")
	for _, c := range chief.claims {
		if r, ok := fund.Reservation(c.ID); ok {
			p.row(widths, c.ID, shortID(c.Organisation), r.Requested().StringFixed(2), r.Granted().StringFixed(2), reservationNote(r))
		}
	}

	var round []subsidy.Request
	asked := decimal.Zero
	var which []int
	for i, res := range selfEval.results {
		if res.Granted {
			round = append(round, subsidy.Request{Key: selfEval.claims[i].ID, Amount: res.Amount})
			asked = asked.Add(res.Amount)
			which = append(which, i)
		}
	}
	available := fund.Remaining()
	decided, err := fund.Settle(round)
	if err != nil {
		return err
	}
	p.line("")
	p.line("   self-evaluation round (call of 2024-11-15): %s requested, %s remaining.", asked.StringFixed(2), available.StringFixed(2))
	if asked.Cmp(available) > 0 {
		p.line("   Oversubscribed: each claim gets its share pro rata (按比例), to the fen; a fen")
		p.line("   left over goes to the largest remainder. The shares add up to what remained.")
	} else {
		p.line("   Every claim fits and is paid in full.")
	}
	p.line("")
	p.row(widths, "claim", "enterprise", "requested", "granted", "")
	granted := decimal.Zero
	for j, r := range decided {
		c := selfEval.claims[which[j]]
		if _, _, err := ledger.Record(grantOf(selfEval.policy, c, selfEval.results[which[j]], r.Granted())); err != nil {
			return err
		}
		granted = granted.Add(r.Granted())
		p.row(widths, c.ID, shortID(c.Organisation), r.Requested().StringFixed(2), r.Granted().StringFixed(2), reservationNote(r))
	}
	p.row(widths, "round", "", asked.StringFixed(2), granted.StringFixed(2))
	p.line("")
	p.line("   fund total %s, granted %s, remaining %s", fund.Total().StringFixed(2), fund.Reserved().StringFixed(2), fund.Remaining().StringFixed(2))

	year, err := subsidy.NewPeriod(subsidy.MustParseDate("2024-01-01"), subsidy.MustParseDate("2024-12-31"))
	if err != nil {
		return err
	}
	total, err := ledger.Totals(subsidy.HistoryQuery{Period: year})
	if err != nil {
		return err
	}
	p.line("   the ledger holds %d grants: %d dated 2024, for %s %s, and %d of earlier years",
		ledger.Len(), total.Count, total.Amount.StringFixed(2), total.Currency, ledger.Len()-total.Count)
	return nil
}

// reservationNote says how a reservation ended, in a few words.
func reservationNote(r subsidy.Reservation) string {
	switch {
	case r.Refused():
		return "refused"
	case r.Complete():
		return "in full"
	default:
		return "cut by " + r.Requested().Sub(r.Granted()).StringFixed(2)
	}
}

// explain prints the full explanation of the first claim of s rejected with
// the reason code.
func explain(p *printer, s *scheme, code string) error {
	for i, res := range s.results {
		if !slices.ContainsFunc(res.Reasons, func(r subsidy.Reason) bool { return r.Code == code }) {
			continue
		}
		p.heading("8. One claim explained (申领说明): " + s.claims[i].ID)
		p.line("   Every rule in order, with the parameters it read (value, date, source):")
		p.line("")
		var b strings.Builder
		if err := res.WriteText(&b); err != nil {
			return err
		}
		for _, l := range strings.Split(strings.TrimRight(b.String(), "\n"), "\n") {
			p.line("   %s", l)
		}
		return nil
	}
	return fmt.Errorf("no %s claim was rejected with %q", s.label, code)
}

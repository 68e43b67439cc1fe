// Package apprenticeship models dual training programs in which a school and
// an enterprise train apprentices together: the program, the agreement, the
// apprentice's lifecycle, the hours trained at each site, assessments, and
// the training allowance.
//
// # The model
//
// The package follows the "dual, three sites" model (双元三地) of Qingdao West
// Coast New Area: two actors (双元), the school and the enterprise, train across
// three sites (三地, [Site]): the school, the enterprise, and a productive
// training base they build and run together (共建共享生产性实训基地). The
// Sino-German Applied Technology School (中德应用技术学校) organises it as
// "1 major + 1 training base + N partner enterprises". A [Program] holds
// exactly that: the school, the major, the bases, the partner enterprises, the
// cohort, the duration, the target certificates (package certificate) and a
// training plan of modules, each taught at one site with its planned hours.
// Every apprentice has dual mentors (双导师): a school teacher and an
// enterprise master; [CheckMentors] finds apprentices without them and
// masters with more apprentices at a time than the program allows.
//
// # Agreements and rule sets
//
// An [Agreement] is one apprentice's training agreement: the tripartite
// school–enterprise–apprentice agreement (三方协议), the enterprise new-type
// apprenticeship agreement (企业新型学徒制: enterprise, apprentice and training
// institution), or a German training contract. [NewAgreement] checks it
// against a [RuleSet] and reports every violation with the rule it breaks:
//
//   - [GermanRules] (Berufsbildungsgesetz, BBiG): probation of one to four
//     months (§ 20), a duration of two to three and a half years (§ 5), and
//     part-time training from 2024-08-01 with hours cut by at most half and
//     the duration extended correspondingly, to at most 1.5 times and rounded
//     down to whole months (§ 7a; see [PartTimeMonths]);
//   - [ChinaNewType2021] (the 2021 national guidance): a labour contract of at
//     least one year, training of one to two years (three in special cases),
//     target levels from 中级工 to 高级技师.
//
// A rule set is data: integrators adjust one or build their own.
//
// # Lifecycle
//
// An apprentice is applied, enrolled (agreement signed), in training, on a
// break in learning, and finally completed, withdrawn or terminated. Each
// change is a dated [Event] with its reason; [Replay] validates a list of
// events and rebuilds the [Record], so the state on any day and every derived
// figure (days in training, days on break, the end of probation) can always be
// recomputed from what happened. An impossible transition is a *FieldError
// matching [ErrTransition], naming the event and the rule: with
// [GermanTermination] (BBiG § 22), either side may terminate at any time
// during probation, and after it only for an important reason or, by the
// apprentice, with four weeks' notice, always in writing.
//
// # Training log and assessments
//
// A [Log] records hours by date, site and module; [Log.Progress] compares them
// with the plan by site and module. [Check] applies [ComplianceRules] (share
// of hours per site, an off-the-job minimum as a share or as hours a week, a
// weekly maximum, hours outside the agreement's dates) and returns findings,
// not errors. Assessments are interim and final, or a final exam in two parts
// whose first part weighs 20–40% and replaces the interim exam; [Complete]
// turns a passed final assessment into the certificate, through package
// certificate and its checks of the issuer's scope.
//
// # Allowances
//
// The monthly training allowance is set per training year, counted from the
// start date and not by calendar year, prorated for part-time work and, for a
// partial month, by the German rule that a day counts as 1/30 of a month
// (§ 18). [Schedule] lists every month of an agreement with its exact amount,
// its declared rounding and the totals, which are exact sums of the lines.
// Minimum-allowance rules are effective-dated parameters with citations: the
// German Mindestausbildungsvergütung by the year training starts (§ 17(2)),
// the floor of 80% of the collective tariff for firms not bound by one
// (§ 17(3)–(4)), and China's rule that apprentice pay is not below the local
// minimum wage. [CheckAllowance] reports every month that falls short, with
// the shortfall. Asking for a date a parameter does not cover is an error,
// never a silent default.
//
// # Dates, money and errors
//
// Dates are civil dates ([Date]) and every calculation takes its "as of" date;
// nothing here reads the clock. Money is decimal.Decimal and is rounded only
// where a rounding is declared. Bad input is a *FieldError naming the field
// by its JSON path and, where a rule set was applied, the rule and its source.
// Decimals (hours, shares, weights, amounts) are JSON strings without
// trailing zeros ("38.5", "1500"), in messages and findings too, whatever a
// program has set shopspring/decimal's package-level settings to: the types
// that hold them have their own MarshalJSON.
package apprenticeship

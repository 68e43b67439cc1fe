// Package subsidy computes what a worker, an enterprise or a school is owed
// under a training subsidy policy, exactly and with an explanation of every
// yuan.
//
// # The schemes
//
// The policies this package is built for pay money for skills:
//
//   - the skill-improvement subsidy (技能提升补贴), paid to an insured worker who
//     gains a certificate: the 2017 rules (人社部发〔2017〕40号) asked for 36
//     months of unemployment-insurance contributions and a claim within 12
//     months of the certificate's issue; from 2019 twelve months sufficed; the
//     2024 version caps the amount by level (初级 1000, 中级 1500, 高级 2000 yuan),
//     allows at most three claims a person a year, pays the same occupation and
//     level only once and excludes a lower level once a higher one was paid;
//   - the enterprise new-type apprenticeship subsidy (企业新型学徒制), paid to
//     the enterprise per apprentice and year, partly in advance and settled on
//     completion, with clawback for places not completed;
//   - local schemes such as Qingdao's chief technician allowance (首席技师,
//     15,000 yuan a year over a four-year term) and the West Coast New Area's
//     training subsidy to enterprises that evaluate their own staff;
//   - abroad, the minimum training allowance of the German dual system and the
//     apprenticeship funding rules of England.
//
// # Principles
//
// Money is exact. Amounts are decimal.Decimal (github.com/shopspring/decimal)
// at every edge and never floating point; a rounding happens only where a
// rule declares it, with a quantum and a named mode ([RoundingMode]: half-up,
// i.e. 四舍五入, half-even, down, up, floor, ceiling), and when a total is split
// ([Allocate], [AllocateEqually]) the parts add up to the whole to the fen.
// Amounts read from text go through [ParseAmount], which bounds digits and
// exponents before any arithmetic.
//
// Time is an argument. Rules change by date, so every number a policy uses is
// an effective-dated parameter ([Series]) with the citation of the document it
// comes from; asking for a date the parameter does not cover is an error,
// never a silent default. A parameter can also be read as it was known on an
// earlier date ([Series.AsKnownOn]), for decisions made before a retroactive
// change was published. Dates are civil dates ([Date]) without time zones,
// and nothing in this package reads the clock.
//
// # Never pay twice, never overspend
//
// A [Ledger] records granted claims under an idempotency key: recording the
// same grant again returns the stored one instead of paying twice, a
// different grant under a used key is an error ([ErrKeyConflict]), and a
// clawback reverses a grant without deleting it. Its [Ledger.History] is what
// history rules read: grants by person, organisation, certificate, scheme,
// occupation and period, with exact totals.
//
// A [Budget] is a fund with a total, such as the 49,000,000 yuan the West
// Coast New Area paid to self-evaluating enterprises. [Budget.Reserve] grants
// first come, first served, in full or partly as funds last; [Budget.Settle]
// and [ProRata] split an oversubscribed round in proportion to the requests,
// to the fen, so that the payouts add up to exactly what is available and no
// one gets more than asked. A budget is never overspent, also under
// concurrent use.
//
// This package is under construction. What exists now: dates and periods,
// effective-dated parameters, exact rounding, allocation and parsing of
// amounts, the ledger and budgets. Policies, rules, claims, explanations and
// batches are being added.
package subsidy

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
// # Policies
//
// A [Policy] is a name and version, a jurisdiction, a currency, a declared
// rounding, effective-dated parameters ([Param]) with citations, an ordered
// list of rules and a payment schedule. It is built in Go ([NewPolicy] from
// a [Definition]) or read from JSON ([LoadPolicy], or a [Loader] that knows
// an integrator's own rule kinds), and checked in full before use: unknown
// fields, duplicate keys, unknown kinds, bad amounts and dates, gaps and
// overlaps between a parameter's entries, rules naming parameters that do
// not exist. Every such error is a [*PolicyError] naming the JSON path
// ("rules[2].table", "params[1].entries[0].value.national-3") and the value.
// [Policy.Digest] is the SHA-256 of the policy's canonical JSON: a result
// names the exact policy version it was computed with.
//
// Every number a rule uses is a parameter, never a literal in the rule: an
// amount, a number of months, a percentage ("30" means 30%). A rule reads a
// parameter on the date its [DateBasis] names (the claim date, the
// certificate's issue date, the first day of training or the as-of date) as
// it was known on the evaluation's as-of date, so a claim is judged by the
// rules in force on its dates.
//
// # Rules
//
// Rules run in order on an award that starts at zero. The built-in kinds
// (JSON "kind" in brackets) are:
//
//   - conditions, which reject a claim with a reason: [InsuredMonths]
//     (insured-months; optionally "or on unemployment benefit"),
//     [ClaimWindow] (claim-window: within N months of the certificate's
//     issue), [InForce] (in-force: the policy covers the claim's date),
//     [AgeRange] (age-range), [ContractLength] (contract-length),
//     [TrainingLength] (training-length), [HolderKind] (holder-kind),
//     [RequireFlag] (flag), [LevelAtLeast] (level-at-least) and
//     [NotCombined] (not-combined with another subsidy for the same
//     certificate);
//   - history rules, which read the claim history (a [History], such as a
//     [Ledger]): [MaxClaimsPerYear] (max-claims-per-year), [OncePerLevel]
//     (once-per-level: the same occupation and level once),
//     [HigherExcludesLower] (higher-excludes-lower) and [HistoryCap]
//     (history-cap: per person or organisation, per year or lifetime);
//   - amounts, which add to the award: [Amount] (amount),
//     [AmountByCategory] (amount-by-category: a table keyed by level or
//     class), [RateDuration] (rate-duration: a rate per year, month or day,
//     prorated by days and split where the rate changes) and [PercentOfBase]
//     (percent-of-base, e.g. co-investment);
//   - adjustments: [Uplift] (uplift, e.g. +30% for shortage occupations),
//     [Minimum] (floor), [Cap] (cap), [Deduct] (deduct, e.g. a levy
//     allowance) and [Share] (share).
//
// Every rule that changes the award rounds its result by its own rounding
// or the policy's, so the award is always a multiple of the currency's minor
// unit and the contributions of the rules ([Result.Contributions]) add up to
// it exactly. Inside a rule the arithmetic is exact (rationals in int64,
// no floating point): a rate of 6000 a year over 200 days, 6000 × 200/365 =
// 3287.671…, is rounded once, at the end of the rule. Each rule rounds, so
// an uplift of 30% after it rounds its own result again: 3287.67 × 1.3 =
// 4273.971 → 4273.97. Over 368 days the two roundings give 6049.32 × 1.3 =
// 7864.116 → 7864.12, where one rounding of 6000 × 1.3 × 368/365 =
// 7864.109… would give 7864.11. The explanation shows every rounding.
//
// A [Schedule] turns the award into dated payments: one payment on the
// claim date by default, or [PrepaySettle] (prepay-settle: an advance of up
// to a share, settlement on completion and clawback of the advance for places
// not completed), [Instalments] (instalments: equal monthly instalments and
// a completion share, with England's qualifying period for withdrawals if
// asked) or [Milestones] (milestones: shares due after N days
// in learning, if that day is not after the planned end).
//
// Integrators add rule kinds in Go: a type that embeds [RuleMeta] (itself,
// not a pointer to it) and implements [Rule], registered with
// [Loader.RegisterRule] for use in JSON.
//
// # Evaluation and explanations
//
// [Policy.Evaluate] judges a [Claim] as of a date and returns a [Result]:
// the currency, the amount, the dated payments, the contributions of each
// rule, and on request an [Explanation]: every rule applied or skipped with
// its reason, every parameter value used with its effective dates and
// citation, every rounding with its mode and the value before and after.
// [Result.WriteText] renders it for people; its JSON form is versioned
// ([ResultFormat]). A rejected claim is a result with reasons
// ([Result.Reasons]); errors are kept for bad input ([*ClaimError], a
// parameter that does not cover a date, [*ParamNotCoveredError]).
//
// [Policy.EvaluateAll] evaluates a stream of claims in parallel, in input
// order and in constant memory, with the same results as one by one;
// [Totals] adds them up by organisation, category, rule and reason code.
// A batch that only counts or groups rejections by code can leave out the
// reasons' texts ([Options.OmitReasonText]), about a fifth of the work.
// [Policy.WithParams] and [Compare] answer "what if": the same claims under
// other parameters, with the difference per claim and in total.
//
// A policy test file ([CaseFile], read with [ReadCases] and run with
// [RunCases]) holds worked cases: a claim, its history and the expected
// amount, payments and reasons; a failing case reports each difference.
//
// # Never pay twice, never overspend
//
// A [Ledger] records granted claims under an idempotency key: recording the
// same grant again returns the stored one instead of paying twice, a
// different grant under a used key is an error ([ErrKeyConflict]), and a
// clawback reverses a grant without deleting it. Its [Ledger.History] is what
// history rules read: grants by person, organisation, certificate, scheme,
// occupation and period, with exact totals. [Policy.Grant] turns a granted
// result into the grant to record; pay only when Record reports it new.
//
// A [Budget] is a fund with a total, such as the 49,000,000 yuan the West
// Coast New Area paid to self-evaluating enterprises. [Budget.Reserve] grants
// first come, first served, in full or partly as funds last; [Budget.Settle]
// and [ProRata] split an oversubscribed round in proportion to the requests,
// to the fen, so that the payouts add up to exactly what is available and no
// one gets more than asked. A budget is never overspent, also under
// concurrent use.
//
// The ledger does not evaluate: the history rules of a batch read the
// history as it was when the batch started. Claims that affect each other
// (a person's fourth claim of the year in the same batch) must be evaluated
// and recorded one at a time, in the order they are to be decided.
package subsidy

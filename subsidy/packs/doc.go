// Package packs holds dualtrack's built-in subsidy policy packs: national and
// local rules typed in once, with a citation on every parameter, so that
// integrators do not have to.
//
// A pack is an ordinary policy in the JSON format of package subsidy
// (dualtrack.policy/1), embedded in the binary and loaded through the same
// public loader as anyone's policy ([subsidy.LoadPolicy]); nothing about it is
// special. Each pack ships a policy test file (dualtrack.subsidy.cases/1) of
// worked cases, among them every public worked example of its scheme, which
// the package's tests run.
//
// Packs are named by a lower-case key such as "cn-skill-improvement":
// [Names] lists them, [Load] returns one as a *subsidy.Policy, [Source] its
// JSON (to copy and adapt into a local policy), [Cases] its worked cases and
// [List] a description of each (title, jurisdiction, the documents cited and
// the dates its parameters cover).
//
// A pack's parameters change by date: a claim is judged by the values in
// force on its dates, and a date outside every value's coverage is an error,
// never a guess. Where a figure is local configuration rather than a
// published number, the citation says so.
//
// # The packs
//
//   - cn-skill-improvement: the skill-improvement subsidy (技能提升补贴), the
//     2017 rules, the 2019 change and the 2024 version, judged by date.
//   - cn-apprenticeship-fj, cn-apprenticeship-gd: the enterprise new-type
//     apprenticeship (企业新型学徒制) in Fujian (5000 / 6000 per apprentice
//     and year, half prepaid, settled on completion) and Guangdong (+30%
//     for shortage occupations).
//   - cn-qd-chief-technician: Qingdao's chief technician (首席技师)
//     allowance, 15,000 a year over a 4-year term.
//   - cn-qd-westcoast-self-evaluation: the West Coast training subsidy for
//     enterprises that certify their own staff (企业技能人才自主评价), with
//     its fund as the parameter fund-total.
//   - de-bbig-minimum-allowance: the German minimum training allowance
//     (Mindestausbildungsvergütung, BBiG § 17) and the figures of the
//     allowance checks.
//   - gb-eng-apprenticeship-funding, gb-eng-apprenticeship-incentives,
//     gb-eng-levy, gb-apprentice-minimum-wage: England's apprenticeship
//     funding, incentive payments and levy, and the UK apprentice minimum
//     wage.
//
// Two kinds of rule live outside the policy format and are functions here.
// [CheckNewApprenticeship] holds any policy to the 2021 national guidance on
// the new-type apprenticeship: a local standard below the national floor
// (5000 yuan per apprentice and year), a contract shorter than a year or
// training outside 1 to 3 years is an invalid policy. [GermanMinimum],
// [GermanMinimumTable] and [GermanPartTime] give package apprenticeship its
// allowance checks from the German pack (apprenticeship cannot import
// subsidy, so the bridge is here).
//
// The package holds no state: every call reads the embedded files afresh and
// returns values the caller owns, so it is safe for concurrent use.
package packs

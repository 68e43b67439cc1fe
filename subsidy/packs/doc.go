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
// The package holds no state: every call reads the embedded files afresh and
// returns values the caller owns, so it is safe for concurrent use.
package packs

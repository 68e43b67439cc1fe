// Package jsonschema is a small JSON Schema validator for the tests and CI
// of this module. It exists so that package certificate can prove, in its
// tests, that the Open Badges 3.0 AchievementCredential documents it writes
// validate against the official schema (ob_v3p0_achievementcredential.json,
// JSON Schema draft 2019-09), without a third-party dependency. It
// implements exactly the keywords that schema uses, with draft 2019-09
// semantics, and refuses to compile a schema that uses anything else: it can
// reject a schema, but it never silently ignores a constraint.
//
// It is not a general-purpose validator. Library code should not depend on
// it to accept or reject user input.
//
// # Use
//
// [Compile] parses and checks a schema once; [Schema.Validate] checks a
// document (raw JSON bytes) and returns nil, a [*ValidationError] listing
// every [Violation], or an error saying the document is not JSON at all.
// [Schema.UncheckedFormats] lists the "format" values the schema uses that
// are not checked, so that a test can insist on none.
//
// # Keywords
//
// Assertions and applicators, as draft 2019-09 defines them:
//
//   - type: a type name or an array of them. "integer" matches any number
//     with no fractional part, whatever its notation (1, 1.0 and 1.5e1 all
//     are; 1.5 is not). Numbers are kept as their decimal text and compared
//     exactly; nothing passes through binary floating point.
//   - enum: the value must equal an element: same JSON type and value,
//     numbers by mathematical value (1 = 1.0 = 10e-1), strings by code
//     points, arrays item by item, objects member by member in any order.
//   - pattern: an ECMA 262 regular expression, not anchored, run with Go's
//     regexp package (RE2) after a translation that keeps the ECMA meaning:
//     "." excludes \n, \r, U+2028 and U+2029; \uXXXX is accepted. Constructs
//     whose meaning differs between the two (\s and \S, \p{...}, inline
//     flags, lookaround, backreferences, POSIX classes, "[]" and "[^]")
//     make Compile fail with [ErrUnsupported]. One difference remains: ECMA
//     without the u flag counts a character outside the Basic Multilingual
//     Plane as two code units, Go as one character.
//   - format: asserted (not only annotated) for date and date-time (RFC
//     3339 full-date and date-time, with real month lengths, leap years,
//     and a leap second only at 23:59:60 UTC), uri and uri-reference (RFC
//     3986, ASCII only), and email (an RFC 5321 mailbox, ASCII only). Any
//     other format is an annotation: every string passes, and the name is
//     listed by UncheckedFormats.
//   - minItems; items as one schema for every item, or as an array of
//     schemas for the leading items ("tuple"); additionalItems for the items
//     after a tuple (it is ignored unless items is an array, as the draft
//     says); contains (at least one item matches).
//   - properties, required, additionalProperties (a schema, or a boolean,
//     for the members that "properties" does not name; it does not look
//     into $ref or allOf, as in the draft).
//   - allOf, anyOf, oneOf (exactly one branch must match: every branch is
//     evaluated and the matches counted).
//   - $ref to a location in the same document: "#", "#/$defs/Name", any
//     JSON Pointer to a subschema, optionally prefixed with the root $id. As
//     in draft 2019-09 (unlike draft 7), keywords beside $ref apply too.
//     $defs holds subschemas; all of them are compiled, used or not.
//   - the boolean schemas true (anything) and false (nothing), anywhere a
//     schema may appear.
//
// Type-specific keywords ignore values of other types: pattern passes a
// number, required passes an array.
//
// $schema (only at the root, and only the draft 2019-09 URI), $id (only at
// the root), $comment, title and description are accepted and have no
// effect; they must be strings.
//
// # Not supported
//
// Every other keyword makes Compile fail with [ErrUnsupported]: among
// others not, const, if/then/else, minimum and the other numeric bounds,
// minLength, maxItems, uniqueItems, patternProperties, propertyNames,
// dependentRequired, unevaluatedProperties, $anchor, $recursiveRef, and
// annotations such as default and examples. So do a $ref to another document
// or to an anchor, an $id below the root (it would change how references
// resolve), and a $schema naming another draft. A $ref to a location that is
// not a subschema fails with [ErrUnresolvedRef]. A loop of $ref, allOf,
// anyOf and oneOf that never descends into the instance (such as a
// definition that refers to itself) would make validation run forever and
// fails with [ErrInvalidSchema], as do malformed keyword values.
//
// # Documents
//
// A document must be exactly one JSON value in valid UTF-8 (RFC 8259),
// with no two members of an object sharing a name (the RFC leaves such
// objects' meaning open), and at most [MaxDepth] levels of nesting;
// otherwise Validate returns an error matching [ErrInvalidJSON] or
// [ErrTooDeep]. A string escape of a lone surrogate (\ud800) decodes to
// U+FFFD, as in encoding/json. Recursive schemas (an endorsement holds
// endorsements) therefore always terminate: each recursive step consumes a
// level of the document. Schemas are read by the same rules.
//
// # Violations
//
// Validation does not stop at the first failure: a [*ValidationError]
// lists every violation, each with the JSON Pointer of the value in the
// document, the JSON Pointer of the keyword in the schema (after following
// $ref, so that it can be found in the schema file), the keyword, and a
// message that quotes the offending value. A failed anyOf or oneOf carries
// the violations of each branch as its Causes; the violations of allOf
// branches and $ref targets are reported directly. A missing required
// property is reported at the object that lacks it.
//
// Evaluation time is linear in the size of the document for the Open
// Badges schema; a schema that nests oneOf or anyOf through $ref can make it
// exponential, which is acceptable for a test helper with known schemas.
package jsonschema

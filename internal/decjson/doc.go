// Package decjson writes JSON as encoding/json does, except that every
// shopspring decimal in the value is a JSON string in plain notation
// without trailing fractional zeros ("1500", "0.5", "-12.25"; see
// money.Canonical), whatever shopspring's package-level settings say.
//
// decimal.Decimal encodes itself through its own MarshalJSON, which reads
// three variables of the decimal package at every call:
// MarshalJSONWithoutQuotes (a number instead of a string),
// TrimTrailingZeros ("1.50" instead of "1.5") and UseScientificNotation
// ("1.2E3" instead of "1200"). Any package of a program may set them, so a
// library type that lets encoding/json write its decimals writes different
// JSON in different programs, and may write numbers that its own strict
// decoders refuse. The library's types with decimals therefore encode
// through [Marshal].
//
// Marshal lets encoding/json encode the value, then walks the output with
// the value beside it and rewrites the decimals alone: every other byte is
// what encoding/json wrote. Under shopspring's default settings the output
// is byte for byte what encoding/json writes, for decimals within the
// bounds money.Canonical writes in plain notation.
//
// [Fields] lists the fields of a struct type as encoding/json sees them;
// the subsidy loader uses it to check custom rule kinds.
package decjson

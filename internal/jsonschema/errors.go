package jsonschema

import (
	"errors"
	"strconv"
	"strings"
)

// The kinds of [*CompileError]. Each CompileError matches exactly one of
// them with errors.Is.
var (
	// ErrUnsupported: the schema uses something outside the subset this
	// package implements: an unknown keyword, a remote or anchor $ref, an
	// embedded $id, another dialect in $schema, or a regular-expression
	// construct whose meaning differs between ECMA 262 and Go's RE2.
	ErrUnsupported = errors.New("unsupported")
	// ErrUnresolvedRef: a local $ref points to no subschema of the document.
	ErrUnresolvedRef = errors.New("unresolved $ref")
	// ErrInvalidSchema: the schema is not well-formed: not JSON, not an
	// object or boolean where a schema must be, a keyword value of the wrong
	// shape (minItems -1, type "text", a pattern that does not compile), or
	// a loop of $ref and allOf/anyOf/oneOf that never reaches a child of the
	// instance.
	ErrInvalidSchema = errors.New("invalid schema")
)

// Errors of [Schema.Validate] other than a [*ValidationError]: the document
// could not be validated at all.
var (
	// ErrInvalidJSON: the document is not exactly one well-formed JSON
	// value in UTF-8, or an object in it has two members with the same name.
	// The error also wraps the decoder's *json.SyntaxError where there is one.
	ErrInvalidJSON = errors.New("not valid JSON")
	// ErrTooDeep: arrays and objects in the document nest deeper than
	// [MaxDepth] levels.
	ErrTooDeep = errors.New("nested too deep")
	// ErrNotCompiled: Validate was called on a nil or zero Schema, not one
	// made by [Compile].
	ErrNotCompiled = errors.New("jsonschema: Schema not made by Compile")
)

// CompileError reports why [Compile] rejected a schema. It matches its Err
// (one of [ErrUnsupported], [ErrUnresolvedRef], [ErrInvalidSchema]) with
// errors.Is, and errors.As reaches the underlying decoding or regexp error
// where there is one.
type CompileError struct {
	// Path is the JSON Pointer (RFC 6901) of the offending value in the
	// schema document, such as "/$defs/Image/additionalProperties" or
	// "/properties/id/minLength"; "" is the whole document.
	Path string
	// Keyword is the keyword concerned ("$ref", "minItems", "minLength"),
	// or "" when the error concerns the document or a whole subschema.
	Keyword string
	// Err is the kind of error.
	Err error
	// Detail says what is wrong and names the bad value.
	Detail string

	cause error // underlying error, e.g. a *json.SyntaxError or *syntax.Error
}

// Error returns a message such as
//
//	jsonschema: schema at #/properties/n/minItems: invalid schema: minItems must be a non-negative integer, got -1
func (e *CompileError) Error() string {
	var b strings.Builder
	b.WriteString("jsonschema: schema at #")
	b.WriteString(e.Path)
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	return b.String()
}

// Unwrap returns Err and the underlying error, if any.
func (e *CompileError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.Err}
	}
	return []error{e.Err, e.cause}
}

// Violation is one way in which a document fails a schema.
type Violation struct {
	// InstancePath is the JSON Pointer (RFC 6901) of the offending value in
	// the document, such as "/credentialSubject/achievement"; "" is the
	// whole document. For "required" and for a property or item that a
	// false schema forbids, it is the enclosing object or array.
	InstancePath string
	// SchemaPath is the JSON Pointer of the failing keyword in the schema
	// document, after following $ref: "/$defs/Achievement/required", not
	// the path through the referring schemas.
	SchemaPath string
	// Keyword is the failing keyword ("type", "required", "oneOf", ...),
	// which is the last segment of SchemaPath, with two exceptions: a false
	// subschema under "properties" or in a tuple "items" gives Keyword
	// "properties" or "items" and the SchemaPath of that subschema
	// ("/properties/x", "/items/2"); and a false schema reached any other
	// way (the root, $ref, allOf, anyOf, oneOf) gives Keyword
	// "false" and its own SchemaPath.
	Keyword string
	// Message says what is wrong and quotes the offending value (clipped).
	Message string
	// Causes holds, for an anyOf or oneOf that no branch satisfied, the
	// violations of every branch, in branch order; nil otherwise.
	Causes []Violation
}

// String returns the violation on one line, without its causes:
//
//	/issuer: oneOf: matches none of the 2 subschemas (schema #/$defs/ProfileRef/oneOf)
func (v Violation) String() string {
	var b strings.Builder
	v.write(&b)
	return b.String()
}

func (v Violation) write(b *strings.Builder) {
	if v.InstancePath == "" {
		b.WriteString("(root)")
	} else {
		b.WriteString(v.InstancePath)
	}
	b.WriteString(": ")
	b.WriteString(v.Keyword)
	b.WriteString(": ")
	b.WriteString(v.Message)
	b.WriteString(" (schema #")
	b.WriteString(v.SchemaPath)
	b.WriteString(")")
}

// ValidationError reports that a document is valid JSON but does not satisfy
// the schema. It lists every violation found, in a deterministic order: for
// each value, the keywords of its schema in the fixed order $ref, type,
// enum, pattern, format, minItems, items and additionalItems (item by item),
// contains, required, properties and additionalProperties (member by member,
// in document order), allOf, anyOf, oneOf; the violations inside a member or
// item come where that member or item is visited.
type ValidationError struct {
	Violations []Violation // never empty in an error returned by Validate
}

// Error lists the violations, one per line after a summary line, with the
// causes of an anyOf or oneOf indented below it.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("jsonschema: document does not match the schema (")
	b.WriteString(strconv.Itoa(len(e.Violations)))
	if len(e.Violations) == 1 {
		b.WriteString(" violation):")
	} else {
		b.WriteString(" violations):")
	}
	writeViolations(&b, e.Violations, "\n  ")
	return b.String()
}

func writeViolations(b *strings.Builder, vs []Violation, indent string) {
	for _, v := range vs {
		b.WriteString(indent)
		v.write(b)
		writeViolations(b, v.Causes, indent+"  ")
	}
}

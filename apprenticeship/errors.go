package apprenticeship

import (
	"errors"
	"strconv"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/internal/errtext"
)

// Sentinel errors of the package, for errors.Is. Typed errors wrap them.
var (
	// ErrInvalid: a value that breaks a rule of its type or of the rule set
	// it is checked against (an agreement with a probation of five months
	// under the German rules, a module without hours).
	ErrInvalid = errors.New("invalid")
	// ErrTransition: a lifecycle event that cannot happen in the current
	// state or on its date (terminating without notice after probation,
	// completing before training started).
	ErrTransition = errors.New("invalid transition")
)

// FieldError reports a value that breaks a rule. Field is a JSON path into
// the value that was checked ("probationMonths", "plan[2].hours"), Value the
// offending value as text, Rule names the rule and its source where a rule set
// was applied ("BBiG § 20: probation 1–4 months").
type FieldError struct {
	Field  string
	Value  string
	Reason string
	Rule   string
	Err    error // ErrInvalid, ErrTransition, or an underlying error
}

// Error returns `apprenticeship: FIELD "VALUE": REASON (RULE)`, without the
// value or the rule when they are empty.
func (e *FieldError) Error() string {
	msg := "apprenticeship: " + e.Field
	if e.Value != "" {
		msg += " " + strconv.Quote(errtext.Clip(e.Value, 64))
	}
	msg += ": " + e.Reason
	if e.Rule != "" {
		msg += " (" + e.Rule + ")"
	}
	return msg
}

// Unwrap returns the error kind, so that errors.Is(err, ErrInvalid) (or
// ErrTransition) holds.
func (e *FieldError) Unwrap() error {
	if e.Err == nil {
		return ErrInvalid
	}
	return e.Err
}

func fieldErr(field, value, reason string) *FieldError {
	return &FieldError{Field: field, Value: value, Reason: reason, Err: ErrInvalid}
}

// prefix returns err with its field path prefixed by path. A
// *certificate.FieldError (from validating an occupation or a certificate)
// becomes a *FieldError of this package that matches ErrInvalid and the
// original error; any other error is wrapped with the path.
func prefix(path string, err error) error {
	var fe *FieldError
	if errors.As(err, &fe) {
		c := *fe
		c.Field = path + "." + fe.Field
		return &c
	}
	var cfe *certificate.FieldError
	if errors.As(err, &cfe) {
		return &FieldError{Field: path + "." + cfe.Field, Value: cfe.Value, Reason: cfe.Reason, Err: errors.Join(ErrInvalid, err)}
	}
	return &FieldError{Field: path, Reason: err.Error(), Err: errors.Join(ErrInvalid, err)}
}

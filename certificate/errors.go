package certificate

import (
	"errors"
	"fmt"
	"strconv"
)

// Sentinel errors of the package, for errors.Is. Typed errors wrap them.
var (
	// ErrInvalid: a value that breaks a rule of its type (a certificate
	// without a number, an issuer without a name). A *FieldError matches it
	// unless it reports one of the more specific kinds below.
	ErrInvalid = errors.New("invalid")
	// ErrOutOfScope: an issuer certifying an occupation, a level or a date
	// outside its authorisation.
	ErrOutOfScope = errors.New("outside the issuer's authorised scope")
	// ErrStatusChange: a status change that cannot happen (reinstating a
	// certificate that is not suspended, any change after revocation, a change
	// dated before the certificate was issued or before an earlier change).
	ErrStatusChange = errors.New("invalid status change")
)

// FieldError reports a value that breaks a rule. Field is a JSON path into
// the value that was checked ("holder.id", "issuer.scope.highest",
// "history[2].on"), Value the offending value as text.
type FieldError struct {
	Field  string
	Value  string
	Reason string
	Err    error // ErrInvalid, ErrOutOfScope, ErrStatusChange, or an underlying error
}

// Error returns `certificate: FIELD "VALUE": REASON`, without the value when
// it is empty.
func (e *FieldError) Error() string {
	msg := "certificate: " + e.Field
	if e.Value != "" {
		msg += " " + strconv.Quote(clip(e.Value))
	}
	return msg + ": " + e.Reason
}

// Unwrap returns the error kind, so that errors.Is(err, ErrInvalid) (or
// ErrOutOfScope, ErrStatusChange) holds.
func (e *FieldError) Unwrap() error {
	if e.Err == nil {
		return ErrInvalid
	}
	return e.Err
}

func fieldErr(field, value, reason string) *FieldError {
	return &FieldError{Field: field, Value: value, Reason: reason, Err: ErrInvalid}
}

// prefix returns err with its field path prefixed by path (for nested
// validation), or err unchanged if it is not a *FieldError.
func prefix(path string, err error) error {
	var fe *FieldError
	if errors.As(err, &fe) {
		c := *fe
		c.Field = path + "." + fe.Field
		return &c
	}
	return fmt.Errorf("certificate: %s: %w", path, err)
}

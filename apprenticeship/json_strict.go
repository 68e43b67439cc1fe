package apprenticeship

import (
	"errors"

	"github.com/dualtrack/dualtrack/internal/strictjson"
)

// UnmarshalJSON decodes an agreement strictly: a field the agreement (or a
// value in it) does not have, a field given twice in one object (names
// compared as encoding/json compares them, ignoring case) and data after the
// object are errors, a *FieldError matching ErrInvalid whose Field is the
// JSON path where it is known ("parties", "allowance[2]") and whose Value
// is the JSON text of the value at fault, also when the value's own type
// refused it (a bad decimal, date or code). Decoding does not
// validate: call Validate or Check. JSON null leaves the agreement
// unchanged, and so does an error.
func (a *Agreement) UnmarshalJSON(data []byte) error {
	type plain Agreement // the same fields without this method
	return decodeStrict(data, (*plain)(a))
}

// UnmarshalJSON decodes a rule set strictly, as Agreement.UnmarshalJSON decodes
// an agreement.
func (r *RuleSet) UnmarshalJSON(data []byte) error {
	type plain RuleSet
	return decodeStrict(data, (*plain)(r))
}

// UnmarshalJSON decodes compliance rules strictly, as Agreement.UnmarshalJSON decodes
// an agreement.
func (r *ComplianceRules) UnmarshalJSON(data []byte) error {
	type plain ComplianceRules
	return decodeStrict(data, (*plain)(r))
}

// UnmarshalJSON decodes assessment rules strictly, as Agreement.UnmarshalJSON decodes
// an agreement.
func (r *AssessmentRules) UnmarshalJSON(data []byte) error {
	type plain AssessmentRules
	return decodeStrict(data, (*plain)(r))
}

// UnmarshalJSON decodes a program strictly, as Agreement.UnmarshalJSON decodes
// an agreement.
func (p *Program) UnmarshalJSON(data []byte) error {
	type plain Program
	return decodeStrict(data, (*plain)(p))
}

// decodeStrict decodes data into a fresh value of *v's type with strictjson
// and sets *v to it on success; its error is a *FieldError matching
// ErrInvalid (and the decoder's own error, if any).
func decodeStrict[T any](data []byte, v *T) error {
	if strictjson.IsNull(data) {
		return nil
	}
	var fresh T
	err := strictjson.Decode(data, &fresh)
	if err == nil {
		*v = fresh
		return nil
	}
	var e *strictjson.Error
	if !errors.As(err, &e) {
		return err
	}
	return &FieldError{Field: e.Field(), Value: e.Value, Reason: e.Reason, Err: errors.Join(ErrInvalid, e.Err)}
}

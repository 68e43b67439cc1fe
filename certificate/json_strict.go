package certificate

import (
	"errors"

	"github.com/dualtrack/dualtrack/internal/strictjson"
)

// UnmarshalJSON decodes a certificate strictly: a field the certificate (or
// a value in it) does not have, a field given twice in one object (names
// compared as encoding/json compares them, ignoring case) and data after the
// object are errors, a *FieldError whose Field is the JSON path where it is
// known ("holder", "history[1].on") and whose Value is the JSON text of the
// value at fault, also when the value's own type refused it (a bad date or
// code). It does not validate: call Validate.
// JSON null leaves c unchanged; on error c is unchanged.
func (c *Certificate) UnmarshalJSON(data []byte) error {
	if strictjson.IsNull(data) {
		return nil
	}
	type plain Certificate // the same fields without this method
	var p plain
	if err := decodeStrict(data, &p); err != nil {
		return err
	}
	*c = Certificate(p)
	return nil
}

// decodeStrict decodes data into v with strictjson, its error a *FieldError
// matching ErrInvalid (and the decoder's own error, if any).
func decodeStrict(data []byte, v any) error {
	err := strictjson.Decode(data, v)
	var e *strictjson.Error
	if !errors.As(err, &e) {
		return err
	}
	return &FieldError{Field: e.Field(), Value: e.Value, Reason: e.Reason, Err: errors.Join(ErrInvalid, e.Err)}
}

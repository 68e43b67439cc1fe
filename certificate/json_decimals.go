package certificate

import "github.com/dualtrack/dualtrack/internal/decjson"

// The types here that hold credits (decimals) encode them through
// decjson.Marshal: as JSON strings without trailing zeros ("4", "1.5"),
// whatever shopspring/decimal's package-level settings
// (MarshalJSONWithoutQuotes, TrimTrailingZeros, UseScientificNotation) a
// program has set. With the defaults that is what encoding/json writes; with
// others encoding/json would write numbers, or "1.50", or "1.5E0", and the
// same value would have other JSON in another program.

// MarshalJSON encodes the course as encoding/json would, with its credits a string such as "1.5".
func (x Course) MarshalJSON() ([]byte, error) {
	type plain Course // the same fields without this method
	return decjson.Marshal(plain(x))
}

// MarshalJSON encodes the conversion rule as encoding/json would, with its credits a string such as "6".
func (x ConversionRule) MarshalJSON() ([]byte, error) {
	type plain ConversionRule // the same fields without this method
	return decjson.Marshal(plain(x))
}

// MarshalJSON encodes the configuration as encoding/json would, with maxCreditsPerCertificate and every course's and rule's credits strings such as "8".
func (x CreditBankConfig) MarshalJSON() ([]byte, error) {
	type plain CreditBankConfig // the same fields without this method
	return decjson.Marshal(plain(x))
}

// MarshalJSON encodes the credit line as encoding/json would, with its credits a string such as "1.5".
func (x CreditLine) MarshalJSON() ([]byte, error) {
	type plain CreditLine // the same fields without this method
	return decjson.Marshal(plain(x))
}

// MarshalJSON encodes the transcript as encoding/json would, with its lines' credits and its total strings such as "14.5".
func (x Transcript) MarshalJSON() ([]byte, error) {
	type plain Transcript // the same fields without this method
	return decjson.Marshal(plain(x))
}

// MarshalJSON encodes the course credit as encoding/json would, with its credits a string such as "4".
func (x CourseCredit) MarshalJSON() ([]byte, error) {
	type plain CourseCredit // the same fields without this method
	return decjson.Marshal(plain(x))
}

// MarshalJSON encodes the requirements as encoding/json would, with minCredits a string such as "30".
func (x DiplomaRequirements) MarshalJSON() ([]byte, error) {
	type plain DiplomaRequirements // the same fields without this method
	return decjson.Marshal(plain(x))
}

// MarshalJSON encodes the shortfall as encoding/json would, with its credits a string such as "15.5".
func (x Shortfall) MarshalJSON() ([]byte, error) {
	type plain Shortfall // the same fields without this method
	return decjson.Marshal(plain(x))
}

// MarshalJSON encodes the completion as encoding/json would, with its credit totals strings such as "14.5".
func (x Completion) MarshalJSON() ([]byte, error) {
	type plain Completion // the same fields without this method
	return decjson.Marshal(plain(x))
}

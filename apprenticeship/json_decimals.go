package apprenticeship

import "github.com/dualtrack/dualtrack/internal/decjson"

// The types here that hold decimals (hours, shares, weights, rates,
// amounts) encode them through decjson.Marshal: as JSON strings without
// trailing zeros ("38.5", "0.3", "1500"), whatever shopspring/decimal's
// package-level settings (MarshalJSONWithoutQuotes, TrimTrailingZeros,
// UseScientificNotation) a program has set. With the defaults that is what
// encoding/json writes; with others encoding/json would write numbers, or
// "1500.00", or "1.5E3", and the same value would have other JSON in
// another program. AllowanceSchedule.MarshalJSON does the same.

// MarshalJSON encodes the agreement as encoding/json would, with weeklyHours, partTime and the allowance amounts strings such as "40" and "0.75".
func (x Agreement) MarshalJSON() ([]byte, error) {
	type plain Agreement // the same fields without this method
	return decjson.Marshal(plain(x))
}

// MarshalJSON encodes the allowance line as encoding/json would, with its amount a string such as "1500".
func (x AllowanceLine) MarshalJSON() ([]byte, error) {
	type plain AllowanceLine // the same fields without this method
	return decjson.Marshal(plain(x))
}

// MarshalJSON encodes the allowance piece as encoding/json would, with its rate and amount strings such as "1500".
func (x AllowancePiece) MarshalJSON() ([]byte, error) {
	type plain AllowancePiece // the same fields without this method
	return decjson.Marshal(plain(x))
}

// MarshalJSON encodes the allowance year as encoding/json would, with its amount a string such as "18000".
func (x AllowanceYear) MarshalJSON() ([]byte, error) {
	type plain AllowanceYear // the same fields without this method
	return decjson.Marshal(plain(x))
}

// MarshalJSON encodes the assessment as encoding/json would, with its weight a string such as "0.3".
func (x Assessment) MarshalJSON() ([]byte, error) {
	type plain Assessment // the same fields without this method
	return decjson.Marshal(plain(x))
}

// MarshalJSON encodes the assessment rules as encoding/json would, with the part-1 weight bounds strings such as "0.2".
func (x AssessmentRules) MarshalJSON() ([]byte, error) {
	type plain AssessmentRules // the same fields without this method
	return decjson.Marshal(plain(x))
}

// MarshalJSON encodes the minimum basis as encoding/json would, with the monthly minimum a string such as "682".
func (x MinimumBasis) MarshalJSON() ([]byte, error) {
	type plain MinimumBasis // the same fields without this method
	return decjson.Marshal(plain(x))
}

// MarshalJSON encodes the shortfall as encoding/json would, with the amounts strings such as "650".
func (x Shortfall) MarshalJSON() ([]byte, error) {
	type plain Shortfall // the same fields without this method
	return decjson.Marshal(plain(x))
}

// MarshalJSON encodes the part-time rule as encoding/json would, with minShare and capFactor strings such as "0.5".
func (x PartTimeRule) MarshalJSON() ([]byte, error) {
	type plain PartTimeRule // the same fields without this method
	return decjson.Marshal(plain(x))
}

// MarshalJSON encodes the time entry as encoding/json would, with its hours a string such as "7.5".
func (x Entry) MarshalJSON() ([]byte, error) {
	type plain Entry // the same fields without this method
	return decjson.Marshal(plain(x))
}

// MarshalJSON encodes the progress as encoding/json would, with the hours and percentages strings such as "37.5".
func (x Progress) MarshalJSON() ([]byte, error) {
	type plain Progress // the same fields without this method
	return decjson.Marshal(plain(x))
}

// MarshalJSON encodes the site progress as encoding/json would, with the hours and percentage strings such as "37.5".
func (x SiteProgress) MarshalJSON() ([]byte, error) {
	type plain SiteProgress // the same fields without this method
	return decjson.Marshal(plain(x))
}

// MarshalJSON encodes the module progress as encoding/json would, with the hours and percentage strings such as "37.5".
func (x ModuleProgress) MarshalJSON() ([]byte, error) {
	type plain ModuleProgress // the same fields without this method
	return decjson.Marshal(plain(x))
}

// MarshalJSON encodes the share bounds as encoding/json would, with its bounds strings such as "0.3".
func (x ShareBounds) MarshalJSON() ([]byte, error) {
	type plain ShareBounds // the same fields without this method
	return decjson.Marshal(plain(x))
}

// MarshalJSON encodes the compliance rules as encoding/json would, with the percentages and hours strings such as "20".
func (x ComplianceRules) MarshalJSON() ([]byte, error) {
	type plain ComplianceRules // the same fields without this method
	return decjson.Marshal(plain(x))
}

// MarshalJSON encodes the finding as encoding/json would, with the measured value and limit strings such as "48".
func (x Finding) MarshalJSON() ([]byte, error) {
	type plain Finding // the same fields without this method
	return decjson.Marshal(plain(x))
}

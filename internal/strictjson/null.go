package strictjson

import "bytes"

// IsNull reports whether data is JSON null, which a decoder leaves its
// value unchanged for.
func IsNull(data []byte) bool { return string(bytes.TrimSpace(data)) == "null" }

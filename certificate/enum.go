package certificate

import (
	"fmt"
	"strconv"
)

// codes holds the stable text codes of a small enumeration whose valid values
// are 1..len(codes)-1 (index 0, the zero value, is never valid).
type codes[T ~uint8] struct {
	kind  string   // "holder kind", "channel", ... for messages
	names []string // names[v] is the code of v; names[0] is unused
}

func (c codes[T]) valid(v T) bool { return v >= 1 && int(v) < len(c.names) }

// String returns the code of v, or "kind(n)" for a value out of range.
func (c codes[T]) String(v T) string {
	if !c.valid(v) {
		return c.kind + "(" + strconv.Itoa(int(v)) + ")"
	}
	return c.names[v]
}

func (c codes[T]) marshal(v T) ([]byte, error) {
	if !c.valid(v) {
		return nil, fieldErr(c.kind, c.String(v), "not a valid "+c.kind)
	}
	return []byte(c.names[v]), nil
}

func (c codes[T]) parse(s string) (T, error) {
	for i := 1; i < len(c.names); i++ {
		if c.names[i] == s {
			return T(i), nil
		}
	}
	return 0, fieldErr(c.kind, s, fmt.Sprintf("unknown %s (want one of %v)", c.kind, c.names[1:]))
}

package strictjson

import (
	"bytes"
	"reflect"
	"strconv"
)

// typedDupKey is DupKey for data decoded into a t, comparing names as
// encoding/json matches them to t: two members of an object decoded into a
// struct are the same if they name the same field (the name as tagged,
// else one that folds to it), so "a" and "A" are two fields if the struct
// has both; members of a map, and of anything else, are the same only if
// their names are equal byte for byte (encoding/json never folds a map
// key). It runs only on the error path, after the cheap folding DupKey
// found a candidate, so it may take its time.
func typedDupKey(data []byte, t reflect.Type) (path, key string, dup bool) {
	return typedDupIn(bytes.TrimSpace(data), t, "", 0)
}

func typedDupIn(data []byte, t reflect.Type, path string, depth int) (string, string, bool) {
	for t != nil && t.Kind() == reflect.Pointer && !ownDecoding(t) {
		t = t.Elem()
	}
	exact := func() (string, string, bool) {
		p, k, d := DupKey(data, false)
		return joinPath(path, p), k, d
	}
	if t == nil || depth >= maxLocateDepth || ownDecoding(t) {
		return exact()
	}
	switch t.Kind() {
	case reflect.Struct:
		type member struct {
			key string
			raw []byte
		}
		var members []member
		if !eachMember(data, func(key string, raw []byte) bool {
			members = append(members, member{key, raw})
			return true
		}) {
			return exact()
		}
		byField := map[string]bool{}
		byName := map[string]bool{}
		for _, m := range members {
			f, known := fieldFor(t, m.key)
			id := "?" + m.key // a name no field takes: compared exactly
			if known {
				id = fieldID(f.Index)
			}
			if byField[id] || (!known && byName[m.key]) {
				return path, m.key, true
			}
			byField[id], byName[m.key] = true, true
			var ft reflect.Type
			if known {
				ft = f.Type
			}
			if p, k, d := typedDupIn(m.raw, ft, join(path, m.key), depth+1); d {
				return p, k, d
			}
		}
		return "", "", false
	case reflect.Map:
		seen := map[string]bool{}
		var found [3]string
		ok := eachMember(data, func(key string, raw []byte) bool {
			if seen[key] {
				found = [3]string{path, key, "dup"}
				return false
			}
			seen[key] = true
			if p, k, d := typedDupIn(raw, t.Elem(), join(path, key), depth+1); d {
				found = [3]string{p, k, "dup"}
				return false
			}
			return true
		})
		if !ok {
			return exact()
		}
		return found[0], found[1], found[2] != ""
	case reflect.Slice, reflect.Array:
		var found [3]string
		i := 0
		ok := eachElement(data, func(raw []byte) bool {
			if p, k, d := typedDupIn(raw, t.Elem(), path+"["+strconv.Itoa(i)+"]", depth+1); d {
				found = [3]string{p, k, "dup"}
				return false
			}
			i++
			return true
		})
		if !ok {
			return exact()
		}
		return found[0], found[1], found[2] != ""
	}
	return exact()
}

// fieldID names a field by its index path.
func fieldID(index []int) string {
	b := make([]byte, 0, 4*len(index))
	for _, i := range index {
		b = strconv.AppendInt(append(b, '.'), int64(i), 10)
	}
	return string(b)
}

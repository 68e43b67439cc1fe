package decjson

import (
	"reflect"
	"slices"
	"strings"
	"unicode"
)

// Field is a field of a struct type as encoding/json sees it.
type Field struct {
	Name   string       // the JSON name
	Type   reflect.Type // the field's type
	Index  []int        // for reflect.Value.FieldByIndex, through embedded structs
	Quoted bool         // the ",string" option applies
}

// Fields returns the fields encoding/json encodes and decodes in struct
// type t, in the order it writes them: exported fields, named by their
// tags, with the fields of untagged embedded structs promoted. Of several
// fields with the same name the least deeply embedded wins, then a tagged
// one; a tie leaves the name out, as encoding/json does.
func Fields(t reflect.Type) []Field {
	type candidate struct {
		Field
		depth  int
		tagged bool
	}
	type level struct {
		t     reflect.Type
		index []int
		count int // how many embedded fields of this depth have type t
	}
	var cands []candidate
	visited := map[reflect.Type]bool{}
	current := []level{{t: t}}
	for depth := 0; len(current) > 0; depth++ {
		var next []level
		seen := map[reflect.Type]int{} // position in next of each struct type
		for _, lv := range current {
			st := lv.t
			if visited[st] {
				continue
			}
			visited[st] = true
			for i := range st.NumField() {
				sf := st.Field(i)
				ft := sf.Type
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if sf.Anonymous {
					if !sf.IsExported() && ft.Kind() != reflect.Struct {
						continue
					}
				} else if !sf.IsExported() {
					continue
				}
				tag := sf.Tag.Get("json")
				if tag == "-" {
					continue
				}
				name, opts, _ := strings.Cut(tag, ",")
				if !validTagName(name) {
					name = ""
				}
				index := append(append(make([]int, 0, len(lv.index)+1), lv.index...), i)
				if name == "" && sf.Anonymous && ft.Kind() == reflect.Struct {
					// A type embedded twice at one depth is explored once,
					// and its fields then count twice, so that they tie and
					// vanish, as encoding/json has it.
					if at, ok := seen[ft]; ok {
						next[at].count++
						continue
					}
					seen[ft] = len(next)
					next = append(next, level{t: ft, index: index, count: 1})
					continue
				}
				c := candidate{Field: Field{Name: name, Type: sf.Type, Index: index}, depth: depth, tagged: name != ""}
				if name == "" {
					c.Name = sf.Name
				}
				if hasOption(opts, "string") {
					switch ft.Kind() {
					case reflect.Bool, reflect.String,
						reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
						reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
						c.Quoted = true
					default:
						// encoding/json applies the option to floating point
						// too; no caller here needs to know.
					}
				}
				cands = append(cands, c)
				if lv.count > 1 {
					cands = append(cands, c)
				}
			}
		}
		current = next
	}
	var out []Field
	for i, c := range cands {
		wins := true
		for j, o := range cands {
			if j == i || o.Name != c.Name || o.depth > c.depth || o.depth == c.depth && c.tagged && !o.tagged {
				continue
			}
			wins = false
			break
		}
		if wins {
			out = append(out, c.Field)
		}
	}
	slices.SortFunc(out, func(a, b Field) int { return slices.Compare(a.Index, b.Index) })
	return out
}

// validTagName reports whether name is a usable JSON name in a struct tag,
// by encoding/json's rule: letters, digits and most punctuation.
func validTagName(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", r):
		case unicode.IsLetter(r), unicode.IsDigit(r):
		default:
			return false
		}
	}
	return true
}

// hasOption reports whether the comma-separated options of a tag include
// want.
func hasOption(opts, want string) bool {
	for opts != "" {
		var o string
		o, opts, _ = strings.Cut(opts, ",")
		if o == want {
			return true
		}
	}
	return false
}

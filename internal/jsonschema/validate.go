package jsonschema

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dualtrack/dualtrack/internal/errtext"
)

// Validate checks doc, which must be one JSON value, against the schema. It
// returns nil if the document is valid; a [*ValidationError] listing every
// violation if it is well-formed JSON that the schema rejects; an error
// matching [ErrInvalidJSON] or [ErrTooDeep] if it cannot be validated at
// all; and [ErrNotCompiled] for a nil or zero Schema.
func (s *Schema) Validate(doc []byte) error {
	if s == nil || s.root == nil {
		return ErrNotCompiled
	}
	v, err := parseJSON(doc)
	if err != nil {
		return fmt.Errorf("jsonschema: document: %w", err)
	}
	var out []Violation
	s.root.eval(&v, "", &out)
	if len(out) == 0 {
		return nil
	}
	return &ValidationError{Violations: out}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// eval applies n to v, found at the instance pointer ip, and appends the
// violations to out.
func (n *node) eval(v *value, ip string, out *[]Violation) {
	add := func(keyword, msg string) {
		*out = append(*out, Violation{InstancePath: ip, SchemaPath: n.loc + "/" + keyword, Keyword: keyword, Message: msg})
	}
	if n.never {
		*out = append(*out, Violation{InstancePath: ip, SchemaPath: n.loc, Keyword: "false",
			Message: "the schema is false and allows no value, got " + describe(v)})
		return
	}
	if n.ref != nil {
		n.ref.eval(v, ip, out)
	}
	if n.types != 0 && !n.types.matches(v) {
		got := v.kind.String()
		if v.kind != kindNull {
			got += " " + describe(v)
		}
		add("type", fmt.Sprintf("got %s, want %s", got, strings.Join(n.typeNames, " or ")))
	}
	if n.hasEnum && !n.inEnum(v) {
		add("enum", fmt.Sprintf("%s is not one of the allowed values %s", describe(v), n.enumText()))
	}
	switch v.kind {
	case kindString:
		if n.pattern != nil && !n.pattern.MatchString(v.text) {
			add("pattern", fmt.Sprintf("%s does not match the pattern %s", describe(v), quote(n.patternSrc)))
		}
		if n.checkFmt != nil && !n.checkFmt(v.text) {
			add("format", fmt.Sprintf("%s is not a valid %s", describe(v), n.format))
		}
	case kindArray:
		n.evalArray(v, ip, out, add)
	case kindObject:
		n.evalObject(v, ip, out, add)
	}
	for _, sub := range n.allOf {
		sub.eval(v, ip, out)
	}
	if len(n.anyOf) > 0 {
		var causes []Violation
		for _, sub := range n.anyOf {
			before := len(causes)
			sub.eval(v, ip, &causes)
			if len(causes) == before {
				causes = nil
				break
			}
		}
		if causes != nil {
			*out = append(*out, Violation{InstancePath: ip, SchemaPath: n.loc + "/anyOf", Keyword: "anyOf",
				Message: fmt.Sprintf("%s matches none of the %d subschemas", describe(v), len(n.anyOf)), Causes: causes})
		}
	}
	if len(n.oneOf) > 0 {
		var causes []Violation
		var matched []string
		for i, sub := range n.oneOf {
			before := len(causes)
			sub.eval(v, ip, &causes)
			if len(causes) == before {
				matched = append(matched, strconv.Itoa(i))
			}
		}
		switch len(matched) {
		case 0:
			*out = append(*out, Violation{InstancePath: ip, SchemaPath: n.loc + "/oneOf", Keyword: "oneOf",
				Message: fmt.Sprintf("%s matches none of the %d subschemas", describe(v), len(n.oneOf)), Causes: causes})
		case 1:
		default:
			add("oneOf", fmt.Sprintf("%s matches %d of the %d subschemas (%s), want exactly one",
				describe(v), len(matched), len(n.oneOf), strings.Join(matched, ", ")))
		}
	}
}

func (n *node) evalArray(v *value, ip string, out *[]Violation, add func(keyword, msg string)) {
	if n.hasMinItems && len(v.items) < n.minItems {
		add("minItems", fmt.Sprintf("array has %s, want at least %d", plural(len(v.items), "item", "items"), n.minItems))
	}
	rest := 0 // the first index that items (as a tuple) does not cover
	switch {
	case n.items != nil && n.items.never && len(v.items) > 0:
		add("items", fmt.Sprintf("items is false, so the array must be empty; it has %s", plural(len(v.items), "item", "items")))
	case n.items != nil:
		for i := range v.items {
			n.items.eval(&v.items[i], ip+"/"+strconv.Itoa(i), out)
		}
	case n.tuple != nil:
		for i := 0; i < len(v.items) && i < len(n.tuple); i++ {
			if n.tuple[i].never {
				*out = append(*out, Violation{InstancePath: ip, SchemaPath: n.tuple[i].loc, Keyword: "items",
					Message: fmt.Sprintf("items/%d is false, so the array may have at most %d items; it has %d", i, i, len(v.items))})
				break
			}
			n.tuple[i].eval(&v.items[i], ip+"/"+strconv.Itoa(i), out)
		}
		rest = len(n.tuple)
	}
	// additionalItems only applies when items is a tuple (draft 2019-09,
	// section 9.3.1.2); otherwise it is ignored.
	if n.tuple != nil && n.additionalItems != nil && len(v.items) > rest {
		if n.additionalItems.never {
			add("additionalItems", fmt.Sprintf("additionalItems is false, so the array may have at most %s; it has %d",
				plural(rest, "item", "items"), len(v.items)))
		} else {
			for i := rest; i < len(v.items); i++ {
				n.additionalItems.eval(&v.items[i], ip+"/"+strconv.Itoa(i), out)
			}
		}
	}
	if n.contains != nil {
		found := false
		var scratch []Violation
		for i := range v.items {
			scratch = scratch[:0]
			n.contains.eval(&v.items[i], ip+"/"+strconv.Itoa(i), &scratch)
			if len(scratch) == 0 {
				found = true
				break
			}
		}
		if !found {
			add("contains", fmt.Sprintf("no item of %s matches the contains subschema", describe(v)))
		}
	}
}

func (n *node) evalObject(v *value, ip string, out *[]Violation, add func(keyword, msg string)) {
	for _, name := range n.required {
		if v.lookup(name) == nil {
			add("required", "missing property "+quote(name))
		}
	}
	for i := range v.members {
		m := &v.members[i]
		if sub, ok := n.properties[m.name]; ok {
			if sub.never {
				*out = append(*out, Violation{InstancePath: ip, SchemaPath: sub.loc, Keyword: "properties",
					Message: "property " + quote(m.name) + " is not allowed (its schema is false)"})
				continue
			}
			sub.eval(&m.val, ip+"/"+escapePointer(m.name), out)
			continue
		}
		if n.additionalProps == nil {
			continue
		}
		if n.additionalProps.never {
			add("additionalProperties", "property "+quote(m.name)+" is not allowed (additionalProperties is false)")
			continue
		}
		n.additionalProps.eval(&m.val, ip+"/"+escapePointer(m.name), out)
	}
}

func (t typeSet) matches(v *value) bool {
	switch v.kind {
	case kindNull:
		return t&typeNull != 0
	case kindBool:
		return t&typeBoolean != 0
	case kindString:
		return t&typeString != 0
	case kindArray:
		return t&typeArray != 0
	case kindObject:
		return t&typeObject != 0
	default:
		return t&typeNumber != 0 || t&typeInteger != 0 && isInteger(v.text)
	}
}

func (n *node) inEnum(v *value) bool {
	for i := range n.enum {
		if equal(&n.enum[i], v) {
			return true
		}
	}
	return false
}

func (n *node) enumText() string {
	const max = 120
	b := []byte{'['}
	for i := range n.enum {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSON(b, &n.enum[i], max)
		if len(b) > max {
			break
		}
	}
	b = append(b, ']')
	return errtext.Clip(string(b), max)
}

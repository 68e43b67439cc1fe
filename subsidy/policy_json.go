package subsidy

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/dualtrack/dualtrack/internal/decjson"
	"github.com/dualtrack/dualtrack/internal/money"
	"github.com/shopspring/decimal"
)

// policyJSON is the JSON form of a policy (see LoadPolicy).
type policyJSON struct {
	Format       string      `json:"format"`
	Name         string      `json:"name"`
	Version      string      `json:"version"`
	Title        string      `json:"title,omitempty"`
	Jurisdiction string      `json:"jurisdiction,omitempty"`
	Currency     string      `json:"currency"`
	Scheme       string      `json:"scheme"`
	Basis        DateBasis   `json:"basis,omitzero"`
	Rounding     Rounding    `json:"rounding"`
	Params       []paramJSON `json:"params"`
	Rules        []kindJSON  `json:"rules"`
	Schedule     *kindJSON   `json:"schedule,omitempty"`
}

// paramJSON is the JSON form of a parameter: its name, unit, kind ("number"
// or "table"), whether it must be continuous, and its entries.
type paramJSON struct {
	Name       string `json:"name"`
	Unit       string `json:"unit,omitempty"`
	Kind       string `json:"kind"`
	Continuous bool   `json:"continuous,omitempty"`
	Entries    any    `json:"entries"`
}

// kindJSON encodes a rule or schedule as its own JSON object with "kind"
// put first.
type kindJSON struct {
	kind  string
	value any
}

// MarshalJSON writes the rule's decimals with decjson, so that the
// canonical JSON of a policy with a custom rule kind that has decimal
// fields, and so its digest, does not depend on shopspring's package-level
// settings either (and never holds a JSON number the loader would refuse).
func (k kindJSON) MarshalJSON() ([]byte, error) {
	body, err := decjson.Marshal(k.value)
	if err != nil {
		return nil, err
	}
	body = bytes.TrimSpace(body)
	if len(body) < 2 || body[0] != '{' {
		return nil, fmt.Errorf("kind %q does not encode as a JSON object", k.kind)
	}
	kind, _ := json.Marshal(k.kind)
	out := make([]byte, 0, len(body)+len(kind)+10)
	out = append(out, `{"kind":`...)
	out = append(out, kind...)
	if len(bytes.TrimSpace(body[1:len(body)-1])) > 0 {
		out = append(out, ',')
	}
	out = append(out, body[1:]...)
	return out, nil
}

// jsonForm returns the canonical JSON form of the definition.
func (d Definition) jsonForm() policyJSON {
	out := policyJSON{
		Format:       PolicyFormat,
		Name:         d.Name,
		Version:      d.Version,
		Title:        d.Title,
		Jurisdiction: d.Jurisdiction,
		Currency:     d.Currency,
		Scheme:       d.Scheme,
		Basis:        d.Basis,
		Rounding:     d.Rounding,
		Params:       make([]paramJSON, 0, len(d.Params)),
		Rules:        make([]kindJSON, 0, len(d.Rules)),
	}
	for _, p := range d.Params {
		pj := paramJSON{Name: p.Name, Unit: p.Unit}
		if p.IsTable() {
			pj.Kind, pj.Continuous, pj.Entries = "table", p.Table.IsContinuous(), canonEntries(p.Table.Entries(), canonTable)
		} else {
			pj.Kind, pj.Continuous, pj.Entries = "number", p.Number.IsContinuous(), canonEntries(p.Number.Entries(), money.Canonical)
		}
		out.Params = append(out.Params, pj)
	}
	for _, r := range d.Rules {
		out.Rules = append(out.Rules, kindJSON{kind: r.Kind(), value: r})
	}
	if d.Schedule != nil {
		out.Schedule = &kindJSON{kind: d.Schedule.Kind(), value: d.Schedule}
	}
	return out
}

// canonEntry is the JSON form of a parameter entry, as Entry writes it but
// with the values written by money.Canonical: the canonical JSON, and so
// the digest, must not depend on shopspring's package-level settings
// (MarshalJSONWithoutQuotes, TrimTrailingZeros), which another package of
// the program may change.
type canonEntry[V any] struct {
	From      Date     `json:"from,omitzero"`
	Until     Date     `json:"until,omitzero"`
	Value     V        `json:"value"`
	Citation  Citation `json:"citation,omitzero"`
	Published Date     `json:"published,omitzero"`
}

func canonEntries[V, W any](entries []Entry[V], value func(V) W) []canonEntry[W] {
	out := make([]canonEntry[W], len(entries))
	for i, e := range entries {
		out[i] = canonEntry[W]{From: e.From, Until: e.Until, Value: value(e.Value), Citation: e.Citation, Published: e.Published}
	}
	return out
}

// canonTable writes a table's values as money.Canonical does; encoding/json
// sorts the keys.
func canonTable(t map[string]decimal.Decimal) map[string]string {
	out := make(map[string]string, len(t))
	for k, v := range t {
		out[k] = money.Canonical(v)
	}
	return out
}

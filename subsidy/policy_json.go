package subsidy

import (
	"bytes"
	"encoding/json"
	"fmt"

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

func (k kindJSON) MarshalJSON() ([]byte, error) {
	body, err := json.Marshal(k.value)
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
			pj.Kind, pj.Continuous, pj.Entries = "table", p.Table.IsContinuous(), p.Table.Entries()
		} else {
			pj.Kind, pj.Continuous, pj.Entries = "number", p.Number.IsContinuous(), numberEntries(p.Number)
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

func numberEntries(s Series[decimal.Decimal]) []Entry[decimal.Decimal] { return s.Entries() }

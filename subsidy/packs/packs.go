package packs

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/dualtrack/dualtrack/subsidy"
)

// data holds the packs: <name>.json is the policy, <name>.cases.json its
// worked cases.
//
//go:embed data/*.json
var data embed.FS

const (
	packDir     = "data"
	packCaseExt = ".cases.json"
	packJSONExt = ".json"
)

// ErrUnknownPack is matched (with errors.Is) by the error returned for a
// name that is not a built-in pack.
var ErrUnknownPack = errors.New("unknown policy pack")

// UnknownPackError reports a name that is not a built-in pack, with the names
// that are.
type UnknownPackError struct {
	Name  string
	Known []string
}

// Error names the pack asked for and lists the built-in ones.
func (e *UnknownPackError) Error() string {
	return fmt.Sprintf("packs: unknown policy pack %q (built-in packs: %s)", e.Name, strings.Join(e.Known, ", "))
}

// Unwrap returns ErrUnknownPack.
func (e *UnknownPackError) Unwrap() error { return ErrUnknownPack }

// Pack describes one built-in pack.
type Pack struct {
	// Name is the key Load takes, e.g. "cn-skill-improvement".
	Name string
	// Policy is the ID (name@version) results and ledger entries carry.
	Policy string
	// Title, Jurisdiction, Currency and Scheme are the policy's.
	Title        string
	Jurisdiction string
	Currency     string
	Scheme       string
	// From and Until span the days the pack's parameters cover: the
	// earliest first day of any parameter and the latest last day. Until is
	// the zero Date when some parameter is open-ended. Within the span a
	// parameter may still not cover a day; evaluation then says so.
	From, Until subsidy.Date
	// Sources are the distinct citations of its parameters, in the order they
	// first appear.
	Sources []subsidy.Citation
	// Cases is the number of worked cases the pack ships.
	Cases int
}

// Names returns the names of the built-in packs, sorted.
func Names() []string {
	entries, err := fs.ReadDir(data, packDir)
	if err != nil { // the directory is embedded: cannot happen
		return nil
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if strings.HasSuffix(n, packCaseExt) || !strings.HasSuffix(n, packJSONExt) {
			continue
		}
		names = append(names, strings.TrimSuffix(n, packJSONExt))
	}
	slices.Sort(names)
	return names
}

// Source returns the JSON of the named pack, a copy the caller may change
// and load as a local policy.
func Source(name string) ([]byte, error) {
	return packRead(name, packJSONExt)
}

// Load returns the named pack as a policy, loaded with subsidy.LoadPolicy.
func Load(name string) (*subsidy.Policy, error) {
	b, err := Source(name)
	if err != nil {
		return nil, err
	}
	p, err := subsidy.LoadPolicy(b)
	if err != nil {
		return nil, fmt.Errorf("packs: pack %q: %w", name, err)
	}
	return p, nil
}

// Cases returns the worked cases of the named pack, read with
// subsidy.ReadCases; run them with subsidy.RunCases.
func Cases(name string) (subsidy.CaseFile, error) {
	b, err := packRead(name, packCaseExt)
	if err != nil {
		return subsidy.CaseFile{}, err
	}
	f, err := subsidy.ReadCases(b)
	if err != nil {
		return subsidy.CaseFile{}, fmt.Errorf("packs: cases of pack %q: %w", name, err)
	}
	return f, nil
}

// List describes every built-in pack, in the order of Names.
func List() ([]Pack, error) {
	var out []Pack
	for _, n := range Names() {
		p, err := Describe(n)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// Describe describes the named pack.
func Describe(name string) (Pack, error) {
	p, err := Load(name)
	if err != nil {
		return Pack{}, err
	}
	f, err := Cases(name)
	if err != nil {
		return Pack{}, err
	}
	def := p.Definition()
	out := Pack{
		Name: name, Policy: p.ID(), Title: def.Title, Jurisdiction: def.Jurisdiction,
		Currency: def.Currency, Scheme: def.Scheme, Cases: len(f.Cases),
	}
	var from, until subsidy.Date
	open := false
	seen := map[subsidy.Citation]bool{}
	for _, prm := range def.Params {
		var spans []packSpan
		if prm.IsTable() {
			spans = packSpans(prm.Table.Entries())
		} else {
			spans = packSpans(prm.Number.Entries())
		}
		for i, s := range spans {
			if from.IsZero() || s.from.Before(from) {
				from = s.from
			}
			if s.until.IsZero() && i == len(spans)-1 {
				open = true
			} else if s.until.After(until) {
				until = s.until
			}
			if !s.cite.IsZero() && !seen[s.cite] {
				seen[s.cite] = true
				out.Sources = append(out.Sources, s.cite)
			}
		}
	}
	if open {
		until = subsidy.Date{}
	}
	out.From, out.Until = from, until
	return out, nil
}

type packSpan struct {
	from, until subsidy.Date
	cite        subsidy.Citation
}

func packSpans[V any](entries []subsidy.Entry[V]) []packSpan {
	out := make([]packSpan, len(entries))
	for i, e := range entries {
		out[i] = packSpan{e.From, e.Until, e.Citation}
	}
	return out
}

func packRead(name, ext string) ([]byte, error) {
	if !slices.Contains(Names(), name) {
		return nil, &UnknownPackError{Name: name, Known: Names()}
	}
	b, err := data.ReadFile(path.Join(packDir, name+ext))
	if err != nil {
		return nil, fmt.Errorf("packs: pack %q has no %s file: %w", name, ext, err)
	}
	return b, nil
}

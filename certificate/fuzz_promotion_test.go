package certificate_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
)

// promoFuzzError checks the invariants of a loader's error: a *FieldError
// that names a JSON path, matches ErrInvalid, and says so in its message.
func promoFuzzError(t *testing.T, err error) {
	t.Helper()
	var fe *certificate.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("error is not a *FieldError: %T %v", err, err)
	}
	if fe.Field == "" || fe.Reason == "" {
		t.Fatalf("error without a field or a reason: %#v", fe)
	}
	if !errors.Is(err, certificate.ErrInvalid) {
		t.Fatalf("error does not match ErrInvalid: %v", err)
	}
	if !strings.HasPrefix(err.Error(), "certificate: "+fe.Field) {
		t.Fatalf("message does not start with the field: %q", err.Error())
	}
}

func FuzzParsePromotionRules(f *testing.F) {
	f.Add([]byte(promoTianjinJSON))
	f.Add([]byte(`{"name":"Hainan","ladder":"national","maxPerYear":1,"tiers":[{"classes":["provincial"],` +
		`"holderKinds":["employee"],"topRank":3,"grants":"national-2","upTo":"national-1"}]}`))
	f.Add([]byte(`{"name":"x","ladder":"1x","maxPerYear":2,"tiers":[{"classes":["a","b"],"holderKinds":["student","employee"],` +
		`"topPercent":100,"grants":"1x-junior","upTo":"1x-senior"}]}`))
	// Broken: unknown member, both rank and percent, overlap, bad types,
	// bad syntax, trailing data, wrong ladder.
	f.Add([]byte(`{"name":"x","ladder":"eight","maxPerYear":1,"tiers":[{"percent":30}]}`))
	f.Add([]byte(`{"name":"x","ladder":"eight","maxPerYear":1,"tiers":[{"classes":["a"],"holderKinds":["employee"],` +
		`"topRank":3,"topPercent":30,"grants":"eight-senior","upTo":"eight-senior"}]}`))
	f.Add([]byte(`{"name":"x","ladder":"eight","maxPerYear":1,"tiers":[{"classes":["a"],"holderKinds":["employee"],"topRank":3,` +
		`"grants":"eight-senior","upTo":"eight-senior"},{"classes":["a"],"holderKinds":["employee"],"topRank":3,` +
		`"grants":"eight-senior","upTo":"eight-senior"}]}`))
	f.Add([]byte(`{"name":"x","ladder":"eight","maxPerYear":1e3,"tiers":[]}`))
	f.Add([]byte(`{"name":"x","ladder":"eight","maxPerYear":1,"tiers":[{"classes":["a"],"holderKinds":["employee"],` +
		`"topRank":3,"grants":"national-2","upTo":"national-1"}]}`))
	f.Add([]byte(`{"name":`))
	f.Add([]byte(`{} {}`))
	f.Add([]byte(`null`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := certificate.ParsePromotionRules(data)
		if err != nil {
			promoFuzzError(t, err)
			return
		}
		// Valid rules: the accessors agree with a rebuild, and the JSON
		// round trip is exact.
		if _, err := certificate.NewPromotionRules(r.Name(), r.Ladder(), r.MaxPerYear(), r.Tiers()...); err != nil {
			t.Fatalf("parsed rules do not rebuild: %v", err)
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		back, err := certificate.ParsePromotionRules(b)
		if err != nil {
			t.Fatalf("round trip of %s: %v", b, err)
		}
		if !reflect.DeepEqual(r, back) {
			t.Fatalf("round trip changed the rules: %s", b)
		}
		// Deciding any result under valid rules never fails for valid input.
		for _, kind := range []certificate.HolderKind{certificate.Employee, certificate.Student} {
			res := certificate.ContestResult{Contest: "c", Class: r.Tiers()[0].Classes[0],
				Date: certificate.MustParseDate("2024-06-15"), Rank: 1, Participants: 1, HolderKind: kind}
			d, err := r.Decide(res, 0, nil, res.Date)
			if err != nil {
				t.Fatalf("decide: %v", err)
			}
			if d.Granted != (len(d.Refusals) == 0) {
				t.Fatalf("granted %v with refusals %v", d.Granted, d.Refusals)
			}
		}
	})
}

func FuzzParsePrerequisites(f *testing.F) {
	f.Add([]byte(eligSeniorJSON))
	f.Add([]byte(`{"target":"1x-intermediate","anyOf":[[{"kind":"work","months":12}]]}`))
	f.Add([]byte(`{"target":"eight-junior","occupation":"6-18-01-01","anyOf":[[{"kind":"student"},{"kind":"age","years":16}],` +
		`[{"kind":"not-student"},{"kind":"work","months":12,"occupation":"6-18-01-02"}]]}`))
	f.Add([]byte(`{"target":"1x-junior"}`))
	// Broken.
	f.Add([]byte(`{"target":"1x-senior","anyOf":[[{"kind":"work","months":"36"}]]}`))
	f.Add([]byte(`{"target":"1x-senior","anyOf":[[{"kind":"level","level":"1x-senior"}]]}`))
	f.Add([]byte(`{"target":"1x-senior","anyOf":[[]]}`))
	f.Add([]byte(`{"target":"1x-senior","anyOf":[[{"kind":"student","months":1}]]}`))
	f.Add([]byte(`{"target":"1x-senior","Target":"1x-junior"}`))
	f.Add([]byte(`{"target":"1x-senior","anyOf":null}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := certificate.ParsePrerequisites(data)
		if err != nil {
			promoFuzzError(t, err)
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("parsed prerequisites do not validate: %v", err)
		}
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		back, err := certificate.ParsePrerequisites(b)
		if err != nil {
			t.Fatalf("round trip of %s: %v", b, err)
		}
		if !reflect.DeepEqual(p, back) {
			t.Fatalf("round trip changed the prerequisites: %s", b)
		}
		// Checking a candidate with no history never fails, and the
		// verdict agrees with the unmet list.
		occ := p.Occupation
		if occ == "" {
			occ = "6-18-01-01"
		}
		e, err := p.Check(certificate.Candidate{Holder: eligHolder}, occ, certificate.MustParseDate("2024-03-01"))
		if err != nil {
			t.Fatalf("check: %v", err)
		}
		if len(p.AnyOf) == 0 && !e.Eligible {
			t.Fatalf("no prerequisites but not eligible")
		}
		if !e.Eligible && len(e.Unmet) < len(p.AnyOf) {
			t.Fatalf("not eligible with only %d unmet for %d alternatives", len(e.Unmet), len(p.AnyOf))
		}
	})
}

package subsidy_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The loader, NewPolicy, the ledger's JSON lines and Result's JSON against
// input that once panicked or did not read back what the library wrote.

// hlFen is the rounding to the fen, half up.
func hlFen(t *testing.T) subsidy.Rounding {
	t.Helper()
	r, err := subsidy.NewRounding(decimal.New(1, -2), subsidy.HalfUp)
	require.NoError(t, err)
	return r
}

// A typed nil rule or schedule (a nil *Amount in the Rule interface) is an
// error naming it, as an untyped nil is, not a panic.
func TestHardeningTypedNilRuleAndSchedule(t *testing.T) {
	var rule *subsidy.Amount
	_, err := subsidy.NewPolicy(subsidy.Definition{Name: "p", Version: "1", Currency: "CNY", Scheme: "s",
		Rounding: hlFen(t), Rules: []subsidy.Rule{rule}})
	var pe *subsidy.PolicyError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "rules[0]", pe.Path)

	var sched *subsidy.PrepaySettle
	_, err = subsidy.NewPolicy(subsidy.Definition{Name: "p", Version: "1", Currency: "CNY", Scheme: "s",
		Rounding: hlFen(t), Schedule: sched})
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "schedule", pe.Path)
}

// hlPtrMeta embeds *RuleMeta, which encoding/json leaves nil when the
// object has no id, note, on or rounding.
type hlPtrMeta struct {
	*subsidy.RuleMeta
	X string `json:"x"`
}

func (hlPtrMeta) Kind() string                { return "hl-ptr-meta" }
func (hlPtrMeta) Check(*subsidy.Policy) error { return nil }
func (hlPtrMeta) Apply(*subsidy.State) error  { return nil }

// Such a kind is refused when registered, so that loading a rule of it
// without an id cannot panic.
func TestHardeningRegisterPointerRuleMeta(t *testing.T) {
	l := subsidy.NewLoader()
	err := l.RegisterRule("hl-ptr-meta", func() subsidy.Rule { return new(hlPtrMeta) })
	var ke *subsidy.KindError
	require.ErrorAs(t, err, &ke)
	assert.Contains(t, ke.Reason, "embeds *RuleMeta")
}

// hlNumber is a custom kind with a json.Number field: encoding/json reads
// "12" and 12 into it and writes 12.
type hlNumber struct {
	subsidy.RuleMeta
	N json.Number `json:"n"`
}

func (hlNumber) Kind() string                { return "hl-number" }
func (hlNumber) Check(*subsidy.Policy) error { return nil }
func (hlNumber) Apply(*subsidy.State) error  { return nil }

// A policy with it loads from either spelling, and its canonical JSON
// (which writes the number) loads back to the same digest.
func TestHardeningCustomJSONNumber(t *testing.T) {
	l := subsidy.NewLoader()
	require.NoError(t, l.RegisterRule("hl-number", func() subsidy.Rule { return new(hlNumber) }))
	doc := func(n string) []byte {
		return []byte(`{"format":"dualtrack.policy/1","name":"p","version":"1","currency":"CNY","scheme":"s",
		  "rounding":{"quantum":"0.01","mode":"half-up"},"rules":[{"kind":"hl-number","id":"n","n":` + n + `}]}`)
	}
	p, err := l.Load(doc(`"12"`))
	require.NoError(t, err)
	q, err := l.Load(doc(`12`))
	require.NoError(t, err)
	assert.Equal(t, p.Digest(), q.Digest())
	canon, err := p.MarshalJSON()
	require.NoError(t, err)
	back, err := l.Load(canon)
	require.NoError(t, err, "%s", canon)
	assert.Equal(t, p.Digest(), back.Digest())
	for _, bad := range []string{`"twelve"`, `true`, `[12]`} {
		_, err := l.Load(doc(bad))
		var pe *subsidy.PolicyError
		require.ErrorAs(t, err, &pe, bad)
		assert.Equal(t, "rules[0].n", pe.Path)
	}
}

// A rounding quantum NewPolicy takes loads back from the canonical JSON:
// in yen (no minor unit), 10^18 has 19 integer digits, more than a policy's
// JSON reads, so NewPolicy refuses it; 10^17 is fine.
func TestHardeningQuantumWithinTheJSONBounds(t *testing.T) {
	for _, tc := range []struct {
		quantum decimal.Decimal
		ok      bool
	}{{decimal.New(1, 17), true}, {decimal.New(1, 18), false}} {
		r, err := subsidy.NewRounding(tc.quantum, subsidy.Down)
		require.NoError(t, err)
		p, err := subsidy.NewPolicy(subsidy.Definition{Name: "p", Version: "1", Currency: "JPY", Scheme: "s", Rounding: r})
		if !tc.ok {
			var pe *subsidy.PolicyError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, "rounding", pe.Path)
			continue
		}
		require.NoError(t, err)
		canon, err := p.MarshalJSON()
		require.NoError(t, err)
		back, err := subsidy.LoadPolicy(canon)
		require.NoError(t, err)
		assert.Equal(t, p.Digest(), back.Digest())
	}
}

// The ledger reads back what it writes, up to the largest amount Record
// takes: 2^63−1 minor units, which in yen has 19 digits.
func TestHardeningLedgerLargestYen(t *testing.T) {
	l := subsidy.NewLedger()
	amount := decimal.New(9_223_372_036_854_775_807, 0)
	_, fresh, err := l.Record(subsidy.Grant{Key: "k1", Policy: "p@1", Scheme: "s", Person: "P1",
		Date: subsidy.MustParseDate("2024-03-01"), Amount: amount, Currency: "JPY"})
	require.NoError(t, err)
	require.True(t, fresh)
	var buf bytes.Buffer
	_, err = l.WriteTo(&buf)
	require.NoError(t, err)
	back, err := subsidy.ReadLedger(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err, "%s", buf.String())
	tot, err := back.Totals(subsidy.HistoryQuery{Person: "P1"})
	require.NoError(t, err)
	assert.True(t, tot.Amount.Equal(amount))
	// One more is beyond int64 minor units: refused, naming the amount.
	line := bytes.Replace(buf.Bytes(), []byte("9223372036854775807"), []byte("9223372036854775808"), 1)
	_, err = subsidy.ReadLedger(bytes.NewReader(line))
	require.ErrorContains(t, err, "amount")
}

// Result's JSON decoder refuses whatever follows the object, a "]" or "}"
// too, and a field given twice.
func TestHardeningResultTrailingAndRepeated(t *testing.T) {
	b, err := json.Marshal(hardFujianResult(t, false))
	require.NoError(t, err)
	var back subsidy.Result
	require.NoError(t, back.UnmarshalJSON(b))
	for _, tail := range []string{"]", "}", " ]]]", "{}"} {
		require.ErrorIs(t, back.UnmarshalJSON(append(bytes.Clone(b), tail...)), subsidy.ErrInvalidResult, tail)
	}
	twice := bytes.Replace(b, []byte(`{"format":`), []byte(`{"claim":"other","format":`), 1)
	require.NotEqual(t, b, twice)
	err = back.UnmarshalJSON(twice)
	require.ErrorIs(t, err, subsidy.ErrInvalidResult)
	assert.Contains(t, err.Error(), "given twice")
}

// hlMap is a custom kind with a map of amounts, as a table of its own.
type hlMap struct {
	subsidy.RuleMeta
	Amounts map[string]decimal.Decimal `json:"amounts"`
	Extra   map[string]*string         `json:"extra,omitempty"`
}

func (hlMap) Kind() string                { return "hl-map" }
func (hlMap) Check(*subsidy.Policy) error { return nil }
func (hlMap) Apply(*subsidy.State) error  { return nil }

// null as a map value would store the key with an amount of 0, where a
// missing key means none: refused, naming the key. A map of pointers may
// hold null, which encoding/json keeps as a nil.
func TestHardeningNullInCustomMap(t *testing.T) {
	l := subsidy.NewLoader()
	require.NoError(t, l.RegisterRule("hl-map", func() subsidy.Rule { return new(hlMap) }))
	doc := func(rule string) []byte {
		return []byte(`{"format":"dualtrack.policy/1","name":"p","version":"1","currency":"CNY","scheme":"s",
		  "rounding":{"quantum":"0.01","mode":"half-up"},"rules":[` + rule + `]}`)
	}
	_, err := l.Load(doc(`{"kind":"hl-map","id":"m","amounts":{"junior":"1000","senior":null}}`))
	var pe *subsidy.PolicyError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "rules[0].amounts.senior", pe.Path)
	_, err = l.Load(doc(`{"kind":"hl-map","id":"m","amounts":{"junior":"1000"},"extra":{"a":null}}`))
	require.NoError(t, err)
}

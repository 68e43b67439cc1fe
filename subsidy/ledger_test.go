package subsidy_test

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ledgerGrant is a valid grant: a 中级 skill-improvement subsidy of 1500
// yuan, the 2024 cap for that level (DOMAIN.md, "Skill-improvement subsidy").
func ledgerGrant(key string) subsidy.Grant {
	return subsidy.Grant{
		Key:          key,
		Policy:       "cn-skill-improvement/2024",
		Scheme:       "skill-improvement",
		Person:       "P1",
		Organisation: "ORG1",
		Occupation:   "6-18-01-01",
		Level:        certificate.XIntermediate,
		Certificate:  "C-0001",
		Date:         subsidy.MustParseDate("2024-03-01"),
		Amount:       decimal.NewFromInt(1500),
		Currency:     "CNY",
	}
}

func ledgerDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// TestLedgerLevelWithoutOccupation records an allowance for a level (the
// chief technician's) with no occupation: the ledger takes it, and the
// history rules that compare occupations never match it.
func TestLedgerLevelWithoutOccupation(t *testing.T) {
	var l subsidy.Ledger
	g := ledgerGrant("k1")
	g.Occupation = ""
	got, fresh, err := l.Record(g)
	require.NoError(t, err)
	require.True(t, fresh)
	require.Empty(t, got.Occupation)
	require.Equal(t, g.Level, got.Level)
}

func TestLedgerRecordValidation(t *testing.T) {
	long := strings.Repeat("x", 257) // one byte over the 256-byte limit
	cases := []struct {
		name   string
		edit   func(*subsidy.Grant)
		field  string
		inText string // must appear in the message (the bad value)
	}{
		{"no key", func(g *subsidy.Grant) { g.Key = "" }, "key", "required"},
		{"long key", func(g *subsidy.Grant) { g.Key = long }, "key", "longer than 256"},
		{"no policy", func(g *subsidy.Grant) { g.Policy = "" }, "policy", "required"},
		{"no scheme", func(g *subsidy.Grant) { g.Scheme = "" }, "scheme", "required"},
		{"bad UTF-8 person", func(g *subsidy.Grant) { g.Person = "P\xff" }, "person", `"P\xff"`},
		{"control character", func(g *subsidy.Grant) { g.Organisation = "a\nb" }, "organisation", `"a\nb"`},
		{"no payee", func(g *subsidy.Grant) { g.Person, g.Organisation = "", "" }, "person", "unless organisation"},
		{"invalid level", func(g *subsidy.Grant) { g.Level = 0x7f }, "level", "Level(0x7f)"},
		{"no date", func(g *subsidy.Grant) { g.Date = subsidy.Date{} }, "date", "required"},
		{"no currency", func(g *subsidy.Grant) { g.Currency = "" }, "currency", `""`},
		{"lower-case currency", func(g *subsidy.Grant) { g.Currency = "cny" }, "currency", `"cny"`},
		{"zero amount", func(g *subsidy.Grant) { g.Amount = decimal.Zero }, "amount", "0"},
		{"negative amount", func(g *subsidy.Grant) { g.Amount = ledgerDec("-1500") }, "amount", "-1500"},
		// Half a fen: 1500.005 is not a multiple of 0.01.
		{"finer than a fen", func(g *subsidy.Grant) { g.Amount = ledgerDec("1500.005") }, "amount", "1500.005"},
		{"absurdly fine", func(g *subsidy.Grant) { g.Amount = decimal.New(1, -1_000_000_000) }, "amount", "1e-1000000000"},
		// 2^63 fen = 92233720368547758.08 yuan, one fen over the int64 limit.
		{"too large", func(g *subsidy.Grant) { g.Amount = ledgerDec("92233720368547758.08") }, "amount", "92233720368547758.08"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var l subsidy.Ledger // the zero Ledger is usable
			g := ledgerGrant("k1")
			c.edit(&g)
			_, fresh, err := l.Record(g)
			require.Error(t, err)
			assert.False(t, fresh)
			assert.ErrorIs(t, err, subsidy.ErrInvalidGrant)
			var le *subsidy.LedgerError
			require.ErrorAs(t, err, &le)
			assert.Equal(t, c.field, le.Field)
			assert.Contains(t, err.Error(), c.field)
			assert.Contains(t, err.Error(), c.inText)
			assert.Zero(t, l.Len(), "nothing is stored")
		})
	}
}

func TestLedgerRecordAcceptsOptionalFieldsEmpty(t *testing.T) {
	// An enterprise apprenticeship payment: organisation only, no level.
	g := subsidy.Grant{
		Key: "a1", Policy: "cn-apprenticeship/2021", Scheme: "apprenticeship", Organisation: "ORG1",
		Date: subsidy.MustParseDate("2024-01-31"), Amount: ledgerDec("2500.5"), Currency: "CNY",
	}
	l := subsidy.NewLedger()
	got, fresh, err := l.Record(g)
	require.NoError(t, err)
	assert.True(t, fresh)
	assert.Equal(t, int32(-2), got.Amount.Exponent(), "stored at two decimals")
	assert.Equal(t, "2500.50", got.Amount.StringFixed(2))
	// The largest amount: 2^63-1 fen = 92233720368547758.07.
	g.Key, g.Amount = "a2", ledgerDec("92233720368547758.07")
	_, fresh, err = l.Record(g)
	require.NoError(t, err)
	assert.True(t, fresh)
}

func TestLedgerIdempotency(t *testing.T) {
	t.Run("replay", func(t *testing.T) {
		l := subsidy.NewLedger()
		first, fresh, err := l.Record(ledgerGrant("k1"))
		require.NoError(t, err)
		require.True(t, fresh)
		again := ledgerGrant("k1")
		again.Amount = ledgerDec("1500.000") // the same value written differently
		stored, fresh, err := l.Record(again)
		require.NoError(t, err)
		assert.False(t, fresh, "a replay never pays twice")
		assert.Equal(t, first, stored)
		assert.Equal(t, int32(-2), stored.Amount.Exponent())
		assert.Equal(t, 1, l.Len())
		tot, err := l.Totals(subsidy.HistoryQuery{Person: "P1"})
		require.NoError(t, err)
		assert.Equal(t, 1, tot.Count)
		assert.True(t, tot.Amount.Equal(ledgerDec("1500")), "paid once: %s", tot.Amount)
	})
	conflicts := []struct {
		field string
		edit  func(*subsidy.Grant)
		value string
	}{
		{"policy", func(g *subsidy.Grant) { g.Policy = "cn-skill-improvement/2019" }, `"cn-skill-improvement/2019"`},
		{"scheme", func(g *subsidy.Grant) { g.Scheme = "vocational-training" }, `"vocational-training"`},
		{"person", func(g *subsidy.Grant) { g.Person = "P2" }, `"P2"`},
		{"organisation", func(g *subsidy.Grant) { g.Organisation = "" }, `""`},
		{"occupation", func(g *subsidy.Grant) { g.Occupation = "4-04-05-01" }, `"4-04-05-01"`},
		{"level", func(g *subsidy.Grant) { g.Level = certificate.XSenior }, "1x-senior"},
		{"certificate", func(g *subsidy.Grant) { g.Certificate = "C-0002" }, `"C-0002"`},
		{"date", func(g *subsidy.Grant) { g.Date = subsidy.MustParseDate("2024-03-02") }, "2024-03-02"},
		{"amount", func(g *subsidy.Grant) { g.Amount = ledgerDec("2000") }, "2000.00"},
		{"currency", func(g *subsidy.Grant) { g.Currency = "EUR" }, `"EUR"`},
	}
	for _, c := range conflicts {
		t.Run("conflict "+c.field, func(t *testing.T) {
			l := subsidy.NewLedger()
			_, _, err := l.Record(ledgerGrant("k1"))
			require.NoError(t, err)
			g := ledgerGrant("k1")
			c.edit(&g)
			_, fresh, err := l.Record(g)
			require.Error(t, err)
			assert.False(t, fresh)
			assert.ErrorIs(t, err, subsidy.ErrKeyConflict)
			var le *subsidy.LedgerError
			require.ErrorAs(t, err, &le)
			assert.Equal(t, "k1", le.Key)
			assert.Equal(t, c.field, le.Field)
			assert.Contains(t, err.Error(), `key "k1"`)
			assert.Contains(t, err.Error(), c.value)
			stored, ok := l.Get("k1")
			require.True(t, ok)
			assert.Equal(t, ledgerGrant("k1").Person, stored.Grant.Person, "the stored grant is unchanged")
			assert.True(t, stored.Grant.Amount.Equal(ledgerDec("1500")))
		})
	}
}

func TestLedgerReverse(t *testing.T) {
	newLedger := func(t *testing.T) *subsidy.Ledger {
		l := subsidy.NewLedger()
		_, _, err := l.Record(ledgerGrant("k1")) // dated 2024-03-01
		require.NoError(t, err)
		return l
	}
	t.Run("reverse and replay", func(t *testing.T) {
		l := newLedger(t)
		e, fresh, err := l.Reverse("k1", subsidy.MustParseDate("2024-06-30"), "certificate revoked")
		require.NoError(t, err)
		assert.True(t, fresh)
		assert.True(t, e.Reversed())
		e2, fresh, err := l.Reverse("k1", subsidy.MustParseDate("2024-06-30"), "certificate revoked")
		require.NoError(t, err)
		assert.False(t, fresh)
		assert.Equal(t, e, e2)
		got, ok := l.Get("k1")
		require.True(t, ok)
		assert.Equal(t, "2024-06-30", got.Reversal.Date.String())
		assert.Equal(t, 1, l.Len(), "the grant stays; nothing is deleted")

		// A reversed grant still blocks its key: recording it again is a replay.
		_, fresh, err = l.Record(ledgerGrant("k1"))
		require.NoError(t, err)
		assert.False(t, fresh)
	})
	cases := []struct {
		name   string
		key    string
		on     string
		reason string
		want   error
		field  string
	}{
		{"unknown key", "k9", "2024-06-30", "x", subsidy.ErrUnknownKey, ""},
		{"no date", "k1", "", "x", subsidy.ErrInvalidGrant, "reversal.date"},
		{"before the grant", "k1", "2024-02-29", "x", subsidy.ErrInvalidGrant, "reversal.date"},
		{"no reason", "k1", "2024-06-30", "", subsidy.ErrInvalidGrant, "reversal.reason"},
		{"other date", "k1", "2024-07-01", "certificate revoked", subsidy.ErrKeyConflict, "reversal.date"},
		{"other reason", "k1", "2024-06-30", "fraud", subsidy.ErrKeyConflict, "reversal.reason"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := newLedger(t)
			if c.want == subsidy.ErrKeyConflict {
				_, _, err := l.Reverse("k1", subsidy.MustParseDate("2024-06-30"), "certificate revoked")
				require.NoError(t, err)
			}
			var on subsidy.Date
			if c.on != "" {
				on = subsidy.MustParseDate(c.on)
			}
			_, fresh, err := l.Reverse(c.key, on, c.reason)
			require.Error(t, err)
			assert.False(t, fresh)
			assert.ErrorIs(t, err, c.want)
			var le *subsidy.LedgerError
			require.ErrorAs(t, err, &le)
			assert.Equal(t, c.field, le.Field)
			assert.Contains(t, err.Error(), fmt.Sprintf("key %q", c.key))
		})
	}
}

// ledgerHistoryFixture is person P1's history under the 2024 skill-improvement
// rules, with amounts at the caps by level (初级 1000, 中级 1500, 高级 2000,
// DOMAIN.md), plus one grant to P2 and one in euros.
func ledgerHistoryFixture(t *testing.T) *subsidy.Ledger {
	t.Helper()
	type row struct {
		key, person, org, occ string
		level                 certificate.Level
		date, amount, cur     string
	}
	rows := []row{
		// Recorded out of date order on purpose: the index must sort.
		{"g3", "P1", "ORG1", "6-18", certificate.XSenior, "2024-09-15", "2000", "CNY"},
		{"g1", "P1", "ORG1", "6-18", certificate.XJunior, "2023-11-20", "1000", "CNY"},
		{"g2", "P1", "ORG2", "4-04", certificate.XIntermediate, "2024-02-01", "1500", "CNY"},
		{"g4", "P1", "ORG2", "4-07", certificate.XJunior, "2024-12-31", "1000", "CNY"},
		{"g5", "P1", "ORG2", "4-07", certificate.XIntermediate, "2025-01-01", "1500", "CNY"},
		{"g6", "P2", "ORG1", "6-18", certificate.XJunior, "2024-05-05", "1000", "CNY"},
		{"g7", "P3", "ORG1", "", 0, "2024-05-05", "640", "EUR"},
	}
	l := subsidy.NewLedger()
	for _, r := range rows {
		g := ledgerGrant(r.key)
		g.Person, g.Organisation, g.Occupation, g.Level = r.person, r.org, r.occ, r.level
		g.Certificate = "C-" + r.key
		g.Date, g.Amount, g.Currency = subsidy.MustParseDate(r.date), ledgerDec(r.amount), r.cur
		_, fresh, err := l.Record(g)
		require.NoError(t, err, r.key)
		require.True(t, fresh, r.key)
	}
	_, _, err := l.Reverse("g2", subsidy.MustParseDate("2024-04-01"), "insurance record corrected")
	require.NoError(t, err)
	return l
}

func ledgerYear(y int) subsidy.Period {
	p, err := subsidy.NewPeriod(subsidy.MustParseDate(fmt.Sprintf("%04d-01-01", y)), subsidy.MustParseDate(fmt.Sprintf("%04d-12-31", y)))
	if err != nil {
		panic(err)
	}
	return p
}

func TestLedgerHistoryAndTotals(t *testing.T) {
	l := ledgerHistoryFixture(t)
	cases := []struct {
		name  string
		q     subsidy.HistoryQuery
		keys  []string
		count int
		sum   string
	}{
		// P1 in 2024: g2 (02-01), g3 (09-15), g4 (12-31); 1500+2000+1000 = 4500.
		{"P1 2024", subsidy.HistoryQuery{Person: "P1", Period: ledgerYear(2024)}, []string{"g2", "g3", "g4"}, 3, "4500"},
		// Without g2, reversed: 2000+1000 = 3000.
		{"P1 2024 standing", subsidy.HistoryQuery{Person: "P1", Period: ledgerYear(2024), ExcludeReversed: true}, []string{"g3", "g4"}, 2, "3000"},
		// All of P1: 1000+1500+2000+1000+1500 = 7000, by date.
		{"P1 lifetime", subsidy.HistoryQuery{Person: "P1"}, []string{"g1", "g2", "g3", "g4", "g5"}, 5, "7000"},
		// P1 in occupation 6-18: g1 1000 + g3 2000 = 3000.
		{"P1 occupation", subsidy.HistoryQuery{Person: "P1", Occupation: "6-18"}, []string{"g1", "g3"}, 2, "3000"},
		// 2025 holds g5 only: 1500.
		{"P1 2025", subsidy.HistoryQuery{Person: "P1", Period: ledgerYear(2025)}, []string{"g5"}, 1, "1500"},
		{"P1 2022", subsidy.HistoryQuery{Person: "P1", Period: ledgerYear(2022)}, nil, 0, "0"},
		// ORG1 in CNY: g1 1000 + g6 1000 + g3 2000 = 4000 (g7 is in EUR).
		{"ORG1 CNY", subsidy.HistoryQuery{Organisation: "ORG1", Currency: "CNY"}, []string{"g1", "g6", "g3"}, 3, "4000"},
		{"by certificate", subsidy.HistoryQuery{Certificate: "C-g4"}, []string{"g4"}, 1, "1000"},
		// A full scan: skill-improvement grants in 2024 in CNY: g2 1500 + g6
		// 1000 + g3 2000 + g4 1000 = 5500 (g7 is in EUR).
		{"scheme 2024", subsidy.HistoryQuery{Scheme: "skill-improvement", Period: ledgerYear(2024), Currency: "CNY"}, []string{"g2", "g6", "g3", "g4"}, 4, "5500"},
		{"EUR", subsidy.HistoryQuery{Currency: "EUR"}, []string{"g7"}, 1, "640"},
		{"nobody", subsidy.HistoryQuery{Person: "P9"}, nil, 0, "0"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h, err := l.History(c.q)
			require.NoError(t, err)
			var keys []string
			for _, e := range h {
				keys = append(keys, e.Grant.Key)
			}
			assert.Equal(t, c.keys, keys)
			tot, err := l.Totals(c.q)
			require.NoError(t, err)
			assert.Equal(t, c.count, tot.Count)
			assert.Truef(t, tot.Amount.Equal(ledgerDec(c.sum)), "sum %s, want %s", tot.Amount, c.sum)
			assert.Equal(t, int32(-2), tot.Amount.Exponent(), "totals are in fen")
		})
	}
	t.Run("reversal is visible", func(t *testing.T) {
		h, err := l.History(subsidy.HistoryQuery{Person: "P1", Occupation: "4-04"})
		require.NoError(t, err)
		require.Len(t, h, 1)
		assert.True(t, h[0].Reversed())
		assert.Equal(t, "insurance record corrected", h[0].Reversal.Reason)
	})
	t.Run("empty query", func(t *testing.T) {
		_, err := l.History(subsidy.HistoryQuery{ExcludeReversed: true})
		assert.ErrorIs(t, err, subsidy.ErrInvalidQuery)
		_, err = l.Totals(subsidy.HistoryQuery{})
		assert.ErrorIs(t, err, subsidy.ErrInvalidQuery)
	})
	t.Run("mixed currencies", func(t *testing.T) {
		_, err := l.Totals(subsidy.HistoryQuery{Organisation: "ORG1"})
		require.ErrorIs(t, err, subsidy.ErrMixedCurrencies)
		assert.Contains(t, err.Error(), `"CNY" and "EUR"`)
		h, err := l.History(subsidy.HistoryQuery{Organisation: "ORG1"})
		require.NoError(t, err, "a history may mix currencies")
		assert.Len(t, h, 4)
	})
}

func TestLedgerTotalsBeyondInt64(t *testing.T) {
	l := subsidy.NewLedger()
	// Three grants of the largest amount, 92233720368547758.07 (2^63-1 fen):
	// their sum 3 × 92233720368547758.07 = 276701161105643274.21 does not fit
	// an int64 of fen.
	for i := range 3 {
		g := ledgerGrant(fmt.Sprint("big", i))
		g.Amount = ledgerDec("92233720368547758.07")
		_, _, err := l.Record(g)
		require.NoError(t, err)
	}
	tot, err := l.Totals(subsidy.HistoryQuery{Person: "P1"})
	require.NoError(t, err)
	assert.Equal(t, 3, tot.Count)
	assert.Equal(t, "276701161105643274.21", tot.Amount.StringFixed(2))
}

// TestLedgerConcurrentRecord: 16 goroutines submit the same 200 keys, each
// key in one of two versions (1500 or 2000 yuan). Whichever version arrives
// first is stored; afterwards every key is stored once, exactly one
// submission per key got true, every other submission of the stored version
// was a replay, every submission of the other version a conflict, and the
// ledger's total is the sum of the accepted grants.
func TestLedgerConcurrentRecord(t *testing.T) {
	const (
		workers = 16
		keys    = 200
	)
	version := func(k, v int) subsidy.Grant {
		g := ledgerGrant(fmt.Sprintf("k%03d", k))
		g.Person = fmt.Sprintf("P%d", k%7)
		g.Date = subsidy.MustParseDate("2024-01-01")
		if v == 1 {
			g.Amount = ledgerDec("2000")
		}
		return g
	}
	type outcome struct {
		key      int
		version  int
		fresh    bool
		conflict bool
		stored   subsidy.Grant
	}
	l := subsidy.NewLedger()
	results := make([][]outcome, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 42))
			order := rng.Perm(keys)
			for _, k := range order {
				// Keys divisible by 3 get both versions; the others only version 0.
				v := 0
				if k%3 == 0 {
					v = w % 2
				}
				g, fresh, err := l.Record(version(k, v))
				o := outcome{key: k, version: v, fresh: fresh, stored: g}
				if err != nil {
					if !errors.Is(err, subsidy.ErrKeyConflict) {
						t.Errorf("key %d: unexpected error %v", k, err)
					}
					o.conflict = true
				}
				results[w] = append(results[w], o)
			}
		})
	}
	wg.Wait()

	require.Equal(t, keys, l.Len(), "each key stored exactly once")
	accepted := map[int]int{} // key → version accepted
	expected := decimal.Zero
	for _, rs := range results {
		for _, o := range rs {
			if o.fresh {
				_, dup := accepted[o.key]
				require.Falsef(t, dup, "key %d accepted twice", o.key)
				accepted[o.key] = o.version
				expected = expected.Add(o.stored.Amount)
			}
		}
	}
	require.Len(t, accepted, keys)
	conflicts := 0
	for _, rs := range results {
		for _, o := range rs {
			if o.version == accepted[o.key] {
				assert.Falsef(t, o.conflict, "key %d: the stored version conflicted", o.key)
			} else {
				assert.Truef(t, o.conflict, "key %d: the other version was not reported", o.key)
				conflicts++
			}
		}
	}
	// 67 keys (0, 3, ..., 198) get both versions from 8 workers each, so
	// exactly 8 × 67 = 536 submissions carry the version that lost.
	assert.Equal(t, 8*67, conflicts)

	tot, err := l.Totals(subsidy.HistoryQuery{Scheme: "skill-improvement"})
	require.NoError(t, err)
	assert.Equal(t, keys, tot.Count)
	assert.Truef(t, tot.Amount.Equal(expected), "ledger total %s, accepted grants %s", tot.Amount, expected)
	for k, v := range accepted {
		e, ok := l.Get(fmt.Sprintf("k%03d", k))
		require.True(t, ok)
		assert.True(t, e.Grant.Amount.Equal(version(k, v).Amount))
	}
}

// TestLedgerConcurrentReadWrite runs queries, reversals and exports while
// grants are recorded, for the race detector; the final state is checked.
func TestLedgerConcurrentReadWrite(t *testing.T) {
	l := subsidy.NewLedger()
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 250 {
				g := ledgerGrant(fmt.Sprintf("w%d-%d", w, i))
				g.Person = fmt.Sprintf("P%d", i%10)
				_, _, err := l.Record(g)
				assert.NoError(t, err)
				if i%50 == 0 {
					_, _, err = l.Reverse(g.Key, g.Date, "test")
					assert.NoError(t, err)
				}
			}
		})
	}
	for range 4 {
		wg.Go(func() {
			for i := range 100 {
				_, err := l.History(subsidy.HistoryQuery{Person: fmt.Sprintf("P%d", i%10)})
				assert.NoError(t, err)
				_, err = l.Totals(subsidy.HistoryQuery{Scheme: "skill-improvement"})
				assert.NoError(t, err)
				if i%20 == 0 {
					_, err = l.WriteTo(new(bytes.Buffer))
					assert.NoError(t, err)
				}
			}
		})
	}
	wg.Wait()
	// 4 workers × 250 grants = 1000, each 1500: 1,500,000; 4 × 5 reversed
	// (i = 0, 50, ..., 200) = 20 reversed, 20 × 1500 = 30,000.
	tot, err := l.Totals(subsidy.HistoryQuery{Currency: "CNY"})
	require.NoError(t, err)
	assert.Equal(t, 1000, tot.Count)
	assert.True(t, tot.Amount.Equal(ledgerDec("1500000")))
	tot, err = l.Totals(subsidy.HistoryQuery{Currency: "CNY", ExcludeReversed: true})
	require.NoError(t, err)
	assert.Equal(t, 980, tot.Count)
	assert.True(t, tot.Amount.Equal(ledgerDec("1470000")))
}

// ledgerRandom fills a ledger with n random grants, some reversed, and
// returns what it recorded.
func ledgerRandom(t testing.TB, rng *rand.Rand, n int) (*subsidy.Ledger, []subsidy.LedgerEntry) {
	levels := []certificate.Level{0, certificate.XJunior, certificate.XSenior, certificate.NationalGrade2, certificate.ChiefTechnician}
	texts := []string{"", "甲", "a\"b", "<&>", "x y", "é"}
	l := subsidy.NewLedger()
	var out []subsidy.LedgerEntry
	for i := range n {
		g := subsidy.Grant{
			Key:          fmt.Sprintf("k%d-%s", i, texts[rng.IntN(len(texts))]),
			Policy:       "policy" + texts[rng.IntN(len(texts))],
			Scheme:       []string{"skill-improvement", "vocational-training", "apprenticeship"}[rng.IntN(3)],
			Person:       fmt.Sprintf("P%d", rng.IntN(20)),
			Organisation: []string{"", "ORG1", "ORG2"}[rng.IntN(3)],
			Certificate:  []string{"", "C1", "C2", "C3"}[rng.IntN(4)],
			Date:         subsidy.MustParseDate("2020-01-01"),
			Amount:       decimal.New(rng.Int64N(1_000_000_000)+1, -int32(rng.IntN(3))),
			Currency:     []string{"CNY", "EUR"}[rng.IntN(2)],
		}
		if rng.IntN(10) == 0 {
			g.Person = ""
			g.Organisation = "ORG3"
		}
		g.Date, _ = g.Date.AddDays(rng.IntN(2000))
		if lv := levels[rng.IntN(len(levels))]; lv != 0 {
			g.Level, g.Occupation = lv, fmt.Sprintf("occ-%d", rng.IntN(4))
		}
		stored, fresh, err := l.Record(g)
		require.NoError(t, err)
		require.True(t, fresh)
		e := subsidy.LedgerEntry{Grant: stored}
		if rng.IntN(5) == 0 {
			on, _ := g.Date.AddDays(rng.IntN(400))
			e, _, err = l.Reverse(g.Key, on, "reason "+texts[rng.IntN(len(texts))]+"x")
			require.NoError(t, err)
		}
		out = append(out, e)
	}
	return l, out
}

// TestLedgerJSONRoundTrip: for random ledgers, WriteTo then ReadLedger gives
// the same entries, and writing again gives the same bytes.
func TestLedgerJSONRoundTrip(t *testing.T) {
	for seed := range uint64(20) {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 7))
			l, recorded := ledgerRandom(t, rng, 1+rng.IntN(200))
			var first bytes.Buffer
			n, err := l.WriteTo(&first)
			require.NoError(t, err)
			assert.Equal(t, int64(first.Len()), n)
			assert.Equal(t, len(recorded), strings.Count(first.String(), "\n"), "one line per grant")

			back, err := subsidy.ReadLedger(bytes.NewReader(first.Bytes()))
			require.NoError(t, err)
			require.Equal(t, len(recorded), back.Len())
			for _, want := range recorded {
				got, ok := back.Get(want.Grant.Key)
				require.True(t, ok, want.Grant.Key)
				assert.True(t, got.Grant.Amount.Equal(want.Grant.Amount))
				assert.Equal(t, want, got, "identical, the amount included (both at two decimals)")
			}
			var second bytes.Buffer
			_, err = back.WriteTo(&second)
			require.NoError(t, err)
			assert.Equal(t, first.String(), second.String())
		})
	}
}

// TestLedgerHistoryMatchesScan: the indexed queries give what filtering every
// recorded grant by hand gives, in (date, key) order.
func TestLedgerHistoryMatchesScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(2024, 5))
	l, recorded := ledgerRandom(t, rng, 2000)
	for range 300 {
		q := subsidy.HistoryQuery{ExcludeReversed: rng.IntN(2) == 0}
		switch rng.IntN(4) {
		case 0:
			q.Person = fmt.Sprintf("P%d", rng.IntN(21))
		case 1:
			q.Organisation = []string{"ORG1", "ORG2", "ORG3"}[rng.IntN(3)]
		case 2:
			q.Certificate = []string{"C1", "C2", "C3"}[rng.IntN(3)]
		case 3:
			q.Scheme = "apprenticeship"
		}
		if rng.IntN(2) == 0 {
			q.Currency = "EUR"
		}
		if rng.IntN(2) == 0 {
			start, _ := subsidy.MustParseDate("2020-01-01").AddDays(rng.IntN(2000))
			end, _ := start.AddDays(rng.IntN(400))
			q.Period, _ = subsidy.NewPeriod(start, end)
		}
		var want []subsidy.LedgerEntry
		for _, e := range recorded {
			g := e.Grant
			if (q.Person != "" && g.Person != q.Person) || (q.Organisation != "" && g.Organisation != q.Organisation) ||
				(q.Certificate != "" && g.Certificate != q.Certificate) || (q.Scheme != "" && g.Scheme != q.Scheme) ||
				(q.Currency != "" && g.Currency != q.Currency) || (!q.Period.IsZero() && !q.Period.Contains(g.Date)) ||
				(q.ExcludeReversed && e.Reversed()) {
				continue
			}
			want = append(want, e)
		}
		ledgerSortEntries(want)
		got, err := l.History(q)
		require.NoError(t, err)
		require.Equalf(t, len(want), len(got), "query %+v", q)
		for i := range want {
			require.Equalf(t, want[i].Grant.Key, got[i].Grant.Key, "query %+v, position %d", q, i)
		}
	}
}

func ledgerSortEntries(es []subsidy.LedgerEntry) {
	for i := 1; i < len(es); i++ { // insertion sort: an independent reference
		for j := i; j > 0; j-- {
			a, b := es[j-1].Grant, es[j].Grant
			if c := a.Date.Compare(b.Date); c > 0 || (c == 0 && a.Key > b.Key) {
				es[j-1], es[j] = es[j], es[j-1]
				continue
			}
			break
		}
	}
}

const ledgerGoodLine = `{"key":"k1","policy":"p","scheme":"skill-improvement","person":"P1","occupation":"6-18","level":"1x-senior","date":"2024-03-01","amount":"2000.00","currency":"CNY"}`

func TestReadLedgerErrors(t *testing.T) {
	good := ledgerGoodLine
	with := func(old, new string) string { return strings.Replace(good, old, new, 1) }
	cases := []struct {
		name  string
		input string
		want  error
		line  int
		text  string
	}{
		{"unknown field", with(`"key"`, `"extra":1,"key"`), subsidy.ErrLedgerSyntax, 1, `unknown field "extra"`},
		{"amount as number", with(`"2000.00"`, `2000`), subsidy.ErrLedgerSyntax, 1, "amount"},
		{"not JSON", "{", subsidy.ErrLedgerSyntax, 1, "line 1"},
		{"array", "[]", subsidy.ErrLedgerSyntax, 1, "line 1"},
		{"trailing data", good + ` {}`, subsidy.ErrLedgerSyntax, 1, "data after"},
		{"empty line", good + "\n\n", subsidy.ErrLedgerSyntax, 2, "empty line"},
		{"duplicate key", good + "\n" + with(`"2024-03-01"`, `"2024-03-02"`), subsidy.ErrLedgerSyntax, 2, "first on line 1"},
		{"identical duplicate", good + "\n" + good, subsidy.ErrLedgerSyntax, 2, "duplicate key"},
		{"long line", good + "\n" + strings.Repeat(" ", 70_000), subsidy.ErrLedgerSyntax, 2, "longer than"},
		{"bad amount", with(`"2000.00"`, `"1e999999"`), subsidy.ErrInvalidGrant, 1, `amount = "1e999999"`},
		{"half a fen", with(`"2000.00"`, `"2000.005"`), subsidy.ErrInvalidGrant, 1, "2000.005"},
		{"no amount", with(`"amount":"2000.00",`, ``), subsidy.ErrInvalidGrant, 1, "amount"},
		{"bad date", with(`"2024-03-01"`, `"2023-02-29"`), subsidy.ErrInvalidGrant, 1, `"2023-02-29"`},
		{"bad level", with(`"1x-senior"`, `"senior"`), subsidy.ErrInvalidGrant, 1, `"senior"`},
		{"no policy", with(`"policy":"p",`, ``), subsidy.ErrInvalidGrant, 1, "policy"},
		{"reversal before grant", with(`}`, `,"reversal":{"date":"2024-01-01","reason":"r"}}`), subsidy.ErrInvalidGrant, 1, "reversal.date"},
		{"reversal without reason", with(`}`, `,"reversal":{"date":"2024-05-01"}}`), subsidy.ErrInvalidGrant, 1, "reversal.reason"},
		{"reversal unknown field", with(`}`, `,"reversal":{"date":"2024-05-01","reason":"r","by":"x"}}`), subsidy.ErrLedgerSyntax, 1, `"by"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := subsidy.ReadLedger(strings.NewReader(c.input))
			require.Error(t, err)
			assert.Nil(t, l)
			assert.ErrorIs(t, err, c.want)
			var le *subsidy.LedgerError
			require.ErrorAs(t, err, &le)
			assert.Equal(t, c.line, le.Line)
			assert.Contains(t, err.Error(), fmt.Sprintf("line %d", c.line))
			assert.Contains(t, err.Error(), c.text)
		})
	}
	t.Run("good", func(t *testing.T) {
		l, err := subsidy.ReadLedger(strings.NewReader(good + "\n"))
		require.NoError(t, err)
		e, ok := l.Get("k1")
		require.True(t, ok)
		assert.Equal(t, certificate.XSenior, e.Grant.Level)
		l, err = subsidy.ReadLedger(strings.NewReader(""))
		require.NoError(t, err)
		assert.Zero(t, l.Len())
	})
}

func FuzzReadLedger(f *testing.F) {
	f.Add(ledgerGoodLine + "\n")
	f.Add(strings.Replace(ledgerGoodLine, `}`, `,"reversal":{"date":"2024-05-01","reason":"r"}}`, 1))
	f.Add(`{"key":"a","policy":"p","scheme":"s","organisation":"O","date":"2024-01-01","amount":"0.01","currency":"EUR"}` + "\n" + ledgerGoodLine)
	f.Add(ledgerGoodLine + "\n" + ledgerGoodLine)
	f.Add(`{"key":"k","amount":1}`)
	f.Add("\n")
	f.Add(`{"key":"k\u0000","policy":"p","scheme":"s","person":"P","date":"2024-01-01","amount":"1e-9","currency":"CNY"}`)
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		l, err := subsidy.ReadLedger(strings.NewReader(in))
		if err != nil {
			var le *subsidy.LedgerError
			if !errors.As(err, &le) {
				t.Fatalf("error %v is not a *LedgerError", err)
			}
			if le.Line < 1 || !strings.Contains(err.Error(), fmt.Sprintf("line %d", le.Line)) {
				t.Fatalf("error %q does not name its line", err)
			}
			if !errors.Is(err, subsidy.ErrLedgerSyntax) && !errors.Is(err, subsidy.ErrInvalidGrant) {
				t.Fatalf("error %q matches no ledger sentinel", err)
			}
			return
		}
		// Every accepted line is one grant.
		lines := strings.Count(in, "\n")
		if in != "" && !strings.HasSuffix(in, "\n") {
			lines++
		}
		if l.Len() != lines {
			t.Fatalf("%d grants from %d lines", l.Len(), lines)
		}
		var out1, out2 bytes.Buffer
		if _, err := l.WriteTo(&out1); err != nil {
			t.Fatal(err)
		}
		back, err := subsidy.ReadLedger(bytes.NewReader(out1.Bytes()))
		if err != nil {
			t.Fatalf("cannot read back what was written: %v\n%s", err, out1.String())
		}
		if _, err := back.WriteTo(&out2); err != nil {
			t.Fatal(err)
		}
		if out1.String() != out2.String() {
			t.Fatalf("round trip differs:\n%s\n%s", out1.String(), out2.String())
		}
	})
}

// ledgerBench is a ledger of 1,000,000 grants to 200,000 people (5 each),
// built once for the benchmarks.
var ledgerBench = sync.OnceValue(func() *subsidy.Ledger {
	l := subsidy.NewLedger()
	base := subsidy.MustParseDate("2020-01-01")
	for i := range 1_000_000 {
		g := ledgerGrant(fmt.Sprint("k", i))
		g.Person = fmt.Sprint("P", i%200_000)
		g.Organisation = fmt.Sprint("ORG", i%5_000)
		g.Certificate = fmt.Sprint("C", i)
		g.Date, _ = base.AddDays(i / 1_000)
		if _, _, err := l.Record(g); err != nil {
			panic(err)
		}
	}
	return l
})

// ledgerBenchRuns counts the runs of BenchmarkLedgerRecord/new, which share
// ledgerBench.
var ledgerBenchRuns atomic.Int64

func BenchmarkLedgerRecord(b *testing.B) {
	l := ledgerBench()
	b.Run("new", func(b *testing.B) {
		b.ReportAllocs()
		g := ledgerGrant("")
		start := subsidy.MustParseDate("2023-01-01")
		prefix := "new" + strconv.Itoa(int(ledgerBenchRuns.Add(1))) + "-" // keys unused by earlier runs
		i := 0
		for b.Loop() {
			// A fresh key for each grant, to a person with history, 1,000
			// grants a day in date order as they are decided.
			g.Key = prefix + strconv.Itoa(i)
			g.Person = "P" + strconv.Itoa(i%200_000)
			g.Organisation = "ORG" + strconv.Itoa(i%5_000)
			g.Certificate = "N" + strconv.Itoa(i)
			if i%1_000 == 0 {
				g.Date, _ = start.AddDays(i / 1_000)
			}
			if _, fresh, err := l.Record(g); err != nil || !fresh {
				b.Fatal(err, fresh)
			}
			i++
		}
	})
	b.Run("replay", func(b *testing.B) {
		b.ReportAllocs()
		g := ledgerGrant("k7")
		g.Person, g.Organisation, g.Certificate = "P7", "ORG7", "C7"
		g.Date = subsidy.MustParseDate("2020-01-01")
		for b.Loop() {
			if _, fresh, err := l.Record(g); err != nil || fresh {
				b.Fatal(err, fresh)
			}
		}
	})
}

func BenchmarkLedgerHistory(b *testing.B) {
	l := ledgerBench()
	year := ledgerYear(2021)
	b.Run("person", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			h, err := l.History(subsidy.HistoryQuery{Person: fmt.Sprint("P", i%200_000)})
			if err != nil || len(h) < 5 {
				b.Fatal(err, len(h))
			}
			i++
		}
	})
	b.Run("person-year-totals", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, err := l.Totals(subsidy.HistoryQuery{Person: fmt.Sprint("P", i%200_000), Period: year}); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("scan-scheme-year", func(b *testing.B) { // no index: for contrast
		for b.Loop() {
			if _, err := l.Totals(subsidy.HistoryQuery{Scheme: "skill-improvement", Period: year}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// ledgerFailingReader returns some good data, then an error.
type ledgerFailingReader struct{ data *strings.Reader }

func (r *ledgerFailingReader) Read(p []byte) (int, error) {
	if r.data.Len() == 0 {
		return 0, errLedgerDisk
	}
	return r.data.Read(p)
}

var errLedgerDisk = errors.New("disk on fire")

func TestReadLedgerReaderError(t *testing.T) {
	_, err := subsidy.ReadLedger(&ledgerFailingReader{strings.NewReader(ledgerGoodLine + "\n")})
	require.ErrorIs(t, err, errLedgerDisk)
	var le *subsidy.LedgerError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, 2, le.Line, "line 1 was read; the error came while reading line 2")
}

// TestLedgerCurrencyQuantum checks that the ledger takes amounts in the
// minor unit of their own currency (ISO 4217): the yen has none, the
// Bahraini dinar has thousandths (fils).
func TestLedgerCurrencyQuantum(t *testing.T) {
	cases := []struct {
		currency, amount, stored string // stored: "" when refused
	}{
		{"CNY", "1500.5", "1500.50"},
		{"CNY", "1.234", ""},
		{"JPY", "1500", "1500"},
		{"JPY", "1.5", ""},
		{"BHD", "1.234", "1.234"},
		{"BHD", "1.5", "1.500"},
		{"BHD", "1.2345", ""},
	}
	for i, c := range cases {
		t.Run(c.currency+" "+c.amount, func(t *testing.T) {
			var l subsidy.Ledger
			g := ledgerGrant(fmt.Sprintf("k%d", i))
			g.Currency, g.Amount = c.currency, decimal.RequireFromString(c.amount)
			got, fresh, err := l.Record(g)
			if c.stored == "" {
				require.ErrorIs(t, err, subsidy.ErrInvalidGrant)
				require.ErrorContains(t, err, "of "+c.currency)
				return
			}
			require.NoError(t, err)
			require.True(t, fresh)
			// Stored with the currency's places (the exponent is minus them).
			require.Equal(t, c.stored, got.Amount.StringFixed(-got.Amount.Exponent()))
			var b strings.Builder
			_, err = l.WriteTo(&b)
			require.NoError(t, err)
			require.Contains(t, b.String(), `"amount":"`+c.stored+`"`)
			back, err := subsidy.ReadLedger(strings.NewReader(b.String()))
			require.NoError(t, err)
			tot, err := back.Totals(subsidy.HistoryQuery{Person: "P1"})
			require.NoError(t, err)
			require.True(t, tot.Amount.Equal(decimal.RequireFromString(c.amount)), "total %s", tot.Amount)
		})
	}
}

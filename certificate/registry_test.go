package certificate_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dualtrack/dualtrack/certificate"
)

// regAppraisal is an appraisal body without a scope: it may issue any level
// of the national ladders, by exam.
var regAppraisal = certificate.Issuer{ID: "https://example.org/appraisal", Name: "某职业技能鉴定中心", Kind: certificate.AppraisalBody}

// regCert returns a valid exam certificate by regAppraisal. expires may be
// "" for no expiry.
func regCert(number, holder, occupation string, level certificate.Level, issued, expires string) certificate.Certificate {
	c := certificate.Certificate{
		Number:     number,
		Holder:     certificate.Holder{ID: holder, Name: "持证人 " + holder, Kind: certificate.Employee},
		Occupation: certificate.Occupation{Code: occupation, Name: "职业 " + occupation},
		Level:      level,
		Issuer:     regAppraisal,
		Issued:     certificate.MustParseDate(issued),
		Channel:    certificate.Exam,
	}
	if expires != "" {
		c.Expires = certificate.MustParseDate(expires)
	}
	return c
}

// regNumbers returns the numbers of cs in order (nil for none).
func regNumbers(cs []certificate.Certificate) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Number)
	}
	return out
}

// regRequireNumberErr checks a registry error for the number.
func regRequireNumberErr(t *testing.T, err error, number string, kind error) {
	t.Helper()
	require.ErrorIs(t, err, kind)
	var fe *certificate.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "number", fe.Field)
	assert.Equal(t, number, fe.Value)
	if number != "" { // FieldError leaves an empty value out of the message
		assert.Contains(t, err.Error(), strconv.Quote(number))
	}
}

func TestMemoryRegistryAddGet(t *testing.T) {
	ctx := context.Background()
	r := certificate.NewMemoryRegistry()
	c := coreCert()
	require.NoError(t, r.Add(ctx, c))

	got, err := r.Get(ctx, c.Number)
	require.NoError(t, err)
	assert.Equal(t, c, got)

	t.Run("duplicate number", func(t *testing.T) {
		other := regCert(c.Number, "someone-else", "6-99", certificate.NationalGrade1, "2024-01-01", "")
		err := r.Add(ctx, other)
		regRequireNumberErr(t, err, c.Number, certificate.ErrDuplicate)
		got, err := r.Get(ctx, c.Number)
		require.NoError(t, err)
		assert.Equal(t, c, got, "the stored certificate is kept")
		found, err := r.Find(ctx, certificate.Query{Holder: "someone-else"})
		require.NoError(t, err)
		assert.Empty(t, found, "the rejected certificate is not indexed")
	})

	t.Run("numbers are compared exactly", func(t *testing.T) {
		// "qd-2024-000123" differs from "QD-2024-000123" only in case.
		lower := regCert("qd-2024-000123", "E-0042", "6-18-01-01", certificate.NationalGrade5, "2024-01-01", "")
		require.NoError(t, r.Add(ctx, lower))
		_, err := r.Get(ctx, "QD-2024-000123 ")
		regRequireNumberErr(t, err, "QD-2024-000123 ", certificate.ErrNotFound)
	})

	t.Run("invalid certificate", func(t *testing.T) {
		bad := regCert("BAD-1", "E-1", "6-18", certificate.NationalGrade5, "2024-01-01", "")
		bad.Holder.Name = ""
		err := r.Add(ctx, bad)
		coreRequireFieldErr(t, err, "holder.name", certificate.ErrInvalid)
		_, err = r.Get(ctx, "BAD-1")
		require.ErrorIs(t, err, certificate.ErrNotFound, "nothing is stored")

		outOfScope := coreCert()
		outOfScope.Number, outOfScope.Level = "BAD-2", certificate.NationalGrade1
		coreRequireFieldErr(t, r.Add(ctx, outOfScope), "level", certificate.ErrOutOfScope)
	})

	t.Run("unknown number", func(t *testing.T) {
		for _, n := range []string{"NOPE", ""} {
			got, err := r.Get(ctx, n)
			regRequireNumberErr(t, err, n, certificate.ErrNotFound)
			assert.Zero(t, got)
		}
	})

	t.Run("zero value is ready to use", func(t *testing.T) {
		var zero certificate.MemoryRegistry
		_, err := zero.Get(ctx, "X")
		require.ErrorIs(t, err, certificate.ErrNotFound)
		found, err := zero.Find(ctx, certificate.Query{Holder: "E-0042"})
		require.NoError(t, err)
		assert.Empty(t, found)
		_, err = zero.Change(ctx, "X", coreChange("2024-06-01", certificate.Revoke, "x"))
		require.ErrorIs(t, err, certificate.ErrNotFound)
		require.NoError(t, zero.Add(ctx, c))
		got, err := zero.Get(ctx, c.Number)
		require.NoError(t, err)
		assert.Equal(t, c, got)
	})
}

func TestMemoryRegistryFind(t *testing.T) {
	ctx := context.Background()
	r := certificate.NewMemoryRegistry()
	// Added out of order, so that sorting by number is visible.
	certs := []certificate.Certificate{
		regCert("N-05", "alice", "lathe", certificate.NationalGrade4, "2021-01-01", ""),
		regCert("N-01", "alice", "lathe", certificate.NationalGrade5, "2020-01-01", ""),
		regCert("N-10", "alice", "fitter", certificate.NationalGrade5, "2020-01-01", ""),
		regCert("N-02", "bob", "lathe", certificate.NationalGrade3, "2022-01-01", ""),
		regCert("N-03", "bob", "welder", certificate.Technician, "2024-01-01", ""),
		regCert("N-04", "carol", "lathe", certificate.NationalGrade5, "2020-01-01", "2021-01-01"),
	}
	for _, c := range certs {
		require.NoError(t, r.Add(ctx, c))
	}
	_, err := r.Change(ctx, "N-04", coreChange("2020-06-01", certificate.Revoke, "舞弊"))
	require.NoError(t, err)

	tests := []struct {
		name  string
		q     certificate.Query
		want  []string
		field string // error
	}{
		{"by holder", certificate.Query{Holder: "alice"}, []string{"N-01", "N-05", "N-10"}, ""},
		{"by occupation, revoked and expired included", certificate.Query{Occupation: "lathe"}, []string{"N-01", "N-02", "N-04", "N-05"}, ""},
		{"both", certificate.Query{Holder: "alice", Occupation: "lathe"}, []string{"N-01", "N-05"}, ""},
		{"both, occupation list shorter", certificate.Query{Holder: "bob", Occupation: "welder"}, []string{"N-03"}, ""},
		{"no match", certificate.Query{Holder: "dave"}, nil, ""},
		{"no match for the pair", certificate.Query{Holder: "carol", Occupation: "welder"}, nil, ""},
		{"holder ids are exact", certificate.Query{Holder: "Alice"}, nil, ""},
		{"empty query", certificate.Query{}, nil, "query"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := r.Find(ctx, tt.q)
			if tt.field != "" {
				coreRequireFieldErr(t, err, tt.field, certificate.ErrInvalid)
				assert.Nil(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, regNumbers(got))
			for _, c := range got {
				want, err := r.Get(ctx, c.Number)
				require.NoError(t, err)
				assert.Equal(t, want, c, "Find returns the whole record")
			}
		})
	}
}

func TestMemoryRegistryChange(t *testing.T) {
	ctx := context.Background()
	r := certificate.NewMemoryRegistry()
	c := coreCert() // issued 2024-03-01
	require.NoError(t, r.Add(ctx, c))

	suspend := coreChange("2024-09-10", certificate.Suspend, "核查")
	got, err := r.Change(ctx, c.Number, suspend)
	require.NoError(t, err)
	assert.Equal(t, []certificate.StatusChange{suspend}, got.History)

	t.Run("impossible change", func(t *testing.T) {
		_, err := r.Change(ctx, c.Number, coreChange("2024-09-11", certificate.Suspend, "again"))
		coreRequireFieldErr(t, err, "action", certificate.ErrStatusChange)
		_, err = r.Change(ctx, c.Number, coreChange("2024-09-09", certificate.Reinstate, ""))
		coreRequireFieldErr(t, err, "on", certificate.ErrStatusChange)
		stored, err := r.Get(ctx, c.Number)
		require.NoError(t, err)
		assert.Equal(t, []certificate.StatusChange{suspend}, stored.History, "rejected changes leave no trace")
	})

	t.Run("unknown number", func(t *testing.T) {
		_, err := r.Change(ctx, "NOPE", suspend)
		regRequireNumberErr(t, err, "NOPE", certificate.ErrNotFound)
	})

	t.Run("revocation keeps the record", func(t *testing.T) {
		reinstate := coreChange("2024-12-01", certificate.Reinstate, "")
		revoke := coreChange("2025-01-15", certificate.Revoke, "考试舞弊")
		_, err := r.Change(ctx, c.Number, reinstate)
		require.NoError(t, err)
		_, err = r.Change(ctx, c.Number, revoke)
		require.NoError(t, err)

		stored, err := r.Get(ctx, c.Number)
		require.NoError(t, err)
		assert.Equal(t, []certificate.StatusChange{suspend, reinstate, revoke}, stored.History)
		assert.Equal(t, certificate.Revoked, stored.StatusOn(certificate.MustParseDate("2025-01-15")).State)
		assert.Equal(t, certificate.Valid, stored.StatusOn(certificate.MustParseDate("2024-12-01")).State, "the past is still answerable")
		stored.History = nil
		assert.Equal(t, c, stored, "only the history changed")

		found, err := r.Find(ctx, certificate.Query{Holder: c.Holder.ID})
		require.NoError(t, err)
		assert.Equal(t, []string{c.Number}, regNumbers(found))

		_, err = r.Change(ctx, c.Number, coreChange("2025-02-01", certificate.Reinstate, ""))
		require.ErrorIs(t, err, certificate.ErrStatusChange, "a revocation is final")
	})
}

// regMutate changes everything reachable from c, in place.
func regMutate(c *certificate.Certificate) {
	c.Number += "-mutated"
	c.Holder.Name = "mutated"
	if len(c.Evidence) > 0 {
		c.Evidence[0].Name = "mutated"
	}
	c.Evidence = append(c.Evidence, certificate.Evidence{Name: "appended"})
	if len(c.History) > 0 {
		c.History[0].Reason = "mutated"
	}
	c.History = append(c.History, coreChange("2099-01-01", certificate.Revoke, "appended"))
	if c.Issuer.Scope != nil {
		c.Issuer.Scope.Occupations[0] = "mutated"
		c.Issuer.Scope.Occupations = append(c.Issuer.Scope.Occupations, "appended")
		c.Issuer.Scope.Highest = certificate.NationalGrade1
	}
}

func TestMemoryRegistryCopies(t *testing.T) {
	ctx := context.Background()
	want := coreCert()
	want.History = []certificate.StatusChange{coreChange("2024-09-10", certificate.Suspend, "核查")}
	// Spare capacity everywhere, so that appends by the caller would write
	// into shared arrays if there were any.
	want.Evidence = slices.Grow(want.Evidence, 4)
	want.History = slices.Grow(want.History, 4)
	want.Issuer.Scope.Occupations = slices.Grow(want.Issuer.Scope.Occupations, 4)

	// fresh returns a deep copy of want built by hand, independent of the
	// code under test.
	fresh := func() certificate.Certificate {
		c := want
		c.Evidence = append([]certificate.Evidence(nil), want.Evidence...)
		c.History = append([]certificate.StatusChange(nil), want.History...)
		s := *want.Issuer.Scope
		s.Occupations = append([]string(nil), want.Issuer.Scope.Occupations...)
		c.Issuer.Scope = &s
		return c
	}
	check := func(t *testing.T, r *certificate.MemoryRegistry) {
		t.Helper()
		got, err := r.Get(ctx, want.Number)
		require.NoError(t, err)
		assert.Equal(t, fresh(), got)
	}

	t.Run("the certificate given to Add", func(t *testing.T) {
		r := certificate.NewMemoryRegistry()
		in := fresh()
		require.NoError(t, r.Add(ctx, in))
		regMutate(&in)
		check(t, r)
	})
	t.Run("the certificate from Get", func(t *testing.T) {
		r := certificate.NewMemoryRegistry()
		require.NoError(t, r.Add(ctx, fresh()))
		a, err := r.Get(ctx, want.Number)
		require.NoError(t, err)
		b, err := r.Get(ctx, want.Number)
		require.NoError(t, err)
		regMutate(&a)
		check(t, r)
		assert.Equal(t, fresh(), b, "two results share nothing either")
		assert.NotSame(t, a.Issuer.Scope, b.Issuer.Scope)
	})
	t.Run("the certificates from Find", func(t *testing.T) {
		r := certificate.NewMemoryRegistry()
		require.NoError(t, r.Add(ctx, fresh()))
		found, err := r.Find(ctx, certificate.Query{Holder: want.Holder.ID})
		require.NoError(t, err)
		require.Len(t, found, 1)
		regMutate(&found[0])
		check(t, r)
	})
	t.Run("the certificate from Change", func(t *testing.T) {
		r := certificate.NewMemoryRegistry()
		require.NoError(t, r.Add(ctx, fresh()))
		reinstate := coreChange("2024-12-01", certificate.Reinstate, "")
		got, err := r.Change(ctx, want.Number, reinstate)
		require.NoError(t, err)
		regMutate(&got)
		stored, err := r.Get(ctx, want.Number)
		require.NoError(t, err)
		expect := fresh()
		expect.History = append(expect.History, reinstate)
		assert.Equal(t, expect, stored)
	})
}

// A nil *MemoryRegistry, also inside the Registry interface (where
// Highest's nil check does not see it), is empty and refuses changes, and
// never panics.
func TestMemoryRegistryNil(t *testing.T) {
	ctx := context.Background()
	var r *certificate.MemoryRegistry
	c := coreCert()
	var fe *certificate.FieldError
	require.ErrorAs(t, r.Add(ctx, c), &fe)
	require.Equal(t, "registry", fe.Field)
	_, err := r.Get(ctx, c.Number)
	require.ErrorIs(t, err, certificate.ErrNotFound)
	found, err := r.Find(ctx, certificate.Query{Holder: c.Holder.ID})
	require.NoError(t, err)
	require.Empty(t, found)
	_, err = r.Change(ctx, c.Number, coreChange("2024-06-01", certificate.Revoke, "x"))
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "registry", fe.Field)
	var reg certificate.Registry = r
	_, ok, err := certificate.Highest(ctx, reg, c.Holder.ID, c.Occupation.Code, certificate.National, c.Issued)
	require.NoError(t, err)
	require.False(t, ok)
}

func TestMemoryRegistryContext(t *testing.T) {
	r := certificate.NewMemoryRegistry()
	c := coreCert()
	require.NoError(t, r.Add(context.Background(), c))

	done, cancel := context.WithCancel(context.Background())
	cancel()
	other := regCert("OTHER", "E-1", "6-18", certificate.NationalGrade5, "2024-01-01", "")
	require.ErrorIs(t, r.Add(done, other), context.Canceled)
	_, err := r.Get(done, c.Number)
	require.ErrorIs(t, err, context.Canceled)
	_, err = r.Find(done, certificate.Query{Holder: c.Holder.ID})
	require.ErrorIs(t, err, context.Canceled)
	_, err = r.Change(done, c.Number, coreChange("2024-06-01", certificate.Revoke, "x"))
	require.ErrorIs(t, err, context.Canceled)
	_, _, err = certificate.Highest(done, r, c.Holder.ID, c.Occupation.Code, certificate.National, c.Issued)
	require.ErrorIs(t, err, context.Canceled)

	// Nothing happened.
	_, err = r.Get(context.Background(), "OTHER")
	require.ErrorIs(t, err, certificate.ErrNotFound)
	got, err := r.Get(context.Background(), c.Number)
	require.NoError(t, err)
	assert.Empty(t, got.History)

	t.Run("nil context", func(t *testing.T) {
		var none context.Context
		coreRequireFieldErr(t, r.Add(none, other), "ctx", certificate.ErrInvalid)
		_, err := r.Get(none, c.Number)
		require.ErrorIs(t, err, certificate.ErrInvalid)
		_, err = r.Find(none, certificate.Query{Holder: "x"})
		require.ErrorIs(t, err, certificate.ErrInvalid)
		_, err = r.Change(none, c.Number, coreChange("2024-06-01", certificate.Revoke, "x"))
		require.ErrorIs(t, err, certificate.ErrInvalid)
	})
}

// regFake is a Registry whose Find returns a fixed list in the given order,
// to test Highest against stores that order or match differently.
type regFake struct {
	found []certificate.Certificate
	err   error
}

func (f regFake) Add(context.Context, certificate.Certificate) error { return errors.New("read only") }
func (f regFake) Get(context.Context, string) (certificate.Certificate, error) {
	return certificate.Certificate{}, errors.New("not used")
}
func (f regFake) Find(context.Context, certificate.Query) ([]certificate.Certificate, error) {
	return slices.Clone(f.found), f.err
}
func (f regFake) Change(context.Context, string, certificate.StatusChange) (certificate.Certificate, error) {
	return certificate.Certificate{}, errors.New("read only")
}

func TestHighest(t *testing.T) {
	ctx := context.Background()
	// alice's lathe certificates; dates are fixtures whose order the
	// comments spell out.
	certs := []certificate.Certificate{
		regCert("A-5", "alice", "lathe", certificate.NationalGrade5, "2019-06-01", ""),
		regCert("A-4", "alice", "lathe", certificate.NationalGrade4, "2020-06-01", ""),
		// Two grade-3 certificates: Z-3 issued first, B-3 a year later
		// with a lower number.
		regCert("Z-3", "alice", "lathe", certificate.NationalGrade3, "2021-06-01", ""),
		regCert("B-3", "alice", "lathe", certificate.NationalGrade3, "2022-06-01", ""),
		// Grade 2, valid 2023-06-01 to 2024-05-31 only.
		regCert("A-2", "alice", "lathe", certificate.NationalGrade2, "2023-06-01", "2024-05-31"),
		// Grade 1, revoked on 2024-03-01.
		regCert("A-1", "alice", "lathe", certificate.NationalGrade1, "2024-01-01", ""),
		// Eight-level ladder: a technician from 2023-06-01.
		regCert("E-T", "alice", "lathe", certificate.Technician, "2023-06-01", ""),
		// Other occupation and other holder, higher levels: never chosen.
		regCert("O-1", "alice", "welder", certificate.NationalGrade1, "2019-01-01", ""),
		regCert("H-1", "bob", "lathe", certificate.NationalGrade1, "2019-01-01", ""),
	}
	r := certificate.NewMemoryRegistry()
	for _, c := range certs {
		require.NoError(t, r.Add(ctx, c))
	}
	_, err := r.Change(ctx, "A-1", coreChange("2024-03-01", certificate.Revoke, "舞弊"))
	require.NoError(t, err)
	// Z-3 suspended from 2022-09-01 to 2022-12-31 (reinstated 2023-01-01).
	_, err = r.Change(ctx, "Z-3", coreChange("2022-09-01", certificate.Suspend, "核查"))
	require.NoError(t, err)
	_, err = r.Change(ctx, "Z-3", coreChange("2023-01-01", certificate.Reinstate, ""))
	require.NoError(t, err)

	tests := []struct {
		name   string
		ladder certificate.Ladder
		asOf   string
		want   string // "" for none
	}{
		{"before any certificate", certificate.National, "2019-05-31", ""},
		{"first day of the first", certificate.National, "2019-06-01", "A-5"},
		{"grade 4", certificate.National, "2020-12-31", "A-4"},
		{"one grade-3 certificate", certificate.National, "2021-06-01", "Z-3"},
		{"tie: the earlier issue wins over the lower number", certificate.National, "2022-06-01", "Z-3"},
		{"tie broken by suspension of the earlier", certificate.National, "2022-10-01", "B-3"},
		{"reinstated: the earlier wins again", certificate.National, "2023-01-01", "Z-3"},
		{"grade 2 on its issue day", certificate.National, "2023-06-01", "A-2"},
		{"grade 1 while valid", certificate.National, "2024-02-29", "A-1"},
		{"grade 1 revoked, grade 2 still valid", certificate.National, "2024-03-01", "A-2"},
		{"grade 2 expiry day", certificate.National, "2024-05-31", "A-2"},
		{"grade 2 expired", certificate.National, "2024-06-01", "Z-3"},
		{"eight-level ladder", certificate.EightLevel, "2024-06-01", "E-T"},
		{"eight-level ladder before the certificate", certificate.EightLevel, "2023-05-31", ""},
		{"1+X ladder", certificate.OnePlusX, "2024-06-01", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := certificate.Highest(ctx, r, "alice", "lathe", tt.ladder, certificate.MustParseDate(tt.asOf))
			require.NoError(t, err)
			if tt.want == "" {
				assert.False(t, ok)
				assert.Zero(t, got)
				return
			}
			require.True(t, ok)
			assert.Equal(t, tt.want, got.Number)
			stored, err := r.Get(ctx, tt.want)
			require.NoError(t, err)
			assert.Equal(t, stored, got)
		})
	}

	t.Run("same level and day: lowest number", func(t *testing.T) {
		f := regFake{found: []certificate.Certificate{
			regCert("N-9", "x", "o", certificate.NationalGrade3, "2022-01-01", ""),
			regCert("N-2", "x", "o", certificate.NationalGrade3, "2022-01-01", ""),
			regCert("N-5", "x", "o", certificate.NationalGrade3, "2022-01-01", ""),
		}}
		got, ok, err := certificate.Highest(ctx, f, "x", "o", certificate.National, certificate.MustParseDate("2022-01-01"))
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, "N-2", got.Number)
	})

	t.Run("independent of the store's order and looseness", func(t *testing.T) {
		// A store that returns results unsorted and also returns
		// near-matches (as a case-insensitive collation would).
		found := slices.Clone(certs)
		found = append(found,
			regCert("CASE-1", "Alice", "lathe", certificate.NationalGrade1, "2019-01-01", ""),
			regCert("CASE-2", "alice", "Lathe", certificate.NationalGrade1, "2019-01-01", ""))
		rng := rand.New(rand.NewPCG(5, 8))
		for range 50 {
			rng.Shuffle(len(found), func(i, j int) { found[i], found[j] = found[j], found[i] })
			// No history in these copies: Z-3 is valid, A-1 not revoked.
			got, ok, err := certificate.Highest(ctx, regFake{found: found}, "alice", "lathe", certificate.National, certificate.MustParseDate("2024-03-01"))
			require.NoError(t, err)
			require.True(t, ok)
			assert.Equal(t, "A-1", got.Number)
			got, ok, err = certificate.Highest(ctx, regFake{found: found}, "alice", "lathe", certificate.National, certificate.MustParseDate("2022-10-01"))
			require.NoError(t, err)
			require.True(t, ok)
			assert.Equal(t, "Z-3", got.Number)
		}
	})

	t.Run("bad arguments", func(t *testing.T) {
		on := certificate.MustParseDate("2024-01-01")
		tests := []struct {
			name, holder, occupation string
			ladder                   certificate.Ladder
			asOf                     certificate.Date
			field                    string
		}{
			{"no holder", "", "lathe", certificate.National, on, "holder"},
			{"blank holder", " ", "lathe", certificate.National, on, "holder"},
			{"no occupation", "alice", "", certificate.National, on, "occupation"},
			{"no ladder", "alice", "lathe", 0, on, "ladder"},
			{"unknown ladder", "alice", "lathe", 4, on, "ladder"},
			{"no date", "alice", "lathe", certificate.National, certificate.Date{}, "asOf"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, ok, err := certificate.Highest(ctx, r, tt.holder, tt.occupation, tt.ladder, tt.asOf)
				coreRequireFieldErr(t, err, tt.field, certificate.ErrInvalid)
				assert.False(t, ok)
			})
		}
		_, ok, err := certificate.Highest(ctx, nil, "alice", "lathe", certificate.National, on)
		coreRequireFieldErr(t, err, "registry", certificate.ErrInvalid)
		assert.False(t, ok)
	})

	t.Run("store error", func(t *testing.T) {
		boom := errors.New("connection lost")
		_, ok, err := certificate.Highest(ctx, regFake{err: boom}, "alice", "lathe", certificate.National, certificate.MustParseDate("2024-01-01"))
		require.ErrorIs(t, err, boom)
		assert.False(t, ok)
	})
}

// TestMemoryRegistryConcurrent runs adders with overlapping numbers,
// changers and readers at once (run it with -race). Afterwards exactly one
// Add per number has succeeded, every number is stored once, every history
// is a valid sequence, and the stored histories hold exactly the changes
// that succeeded.
func TestMemoryRegistryConcurrent(t *testing.T) {
	const (
		numbers  = 300 // distinct certificate numbers
		adders   = 8   // each tries to add every number: 8 attempts per number
		changers = 4
		readers  = 4
		holders  = 25 // holder of number i is H-(i mod 25)
		ops      = 2000
	)
	ctx := context.Background()
	r := certificate.NewMemoryRegistry()
	cert := func(i int) certificate.Certificate {
		return regCert(fmt.Sprintf("C-%04d", i), fmt.Sprintf("H-%02d", i%holders), fmt.Sprintf("O-%d", i%3),
			certificate.National.Levels()[i%5], "2024-01-01", "")
	}
	var (
		added   [numbers]atomic.Int32
		changed atomic.Int64
		wg      sync.WaitGroup
		errs    = make(chan error, adders+changers+readers)
	)
	for g := range adders {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(g), 1))
			for _, i := range rng.Perm(numbers) {
				err := r.Add(ctx, cert(i))
				switch {
				case err == nil:
					added[i].Add(1)
				case !errors.Is(err, certificate.ErrDuplicate):
					errs <- fmt.Errorf("add %d: %w", i, err)
					return
				}
			}
		})
	}
	for g := range changers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(g), 2))
			for range ops {
				i := rng.IntN(numbers)
				// Dates from 2024-01-01 on; many changes are refused (out of
				// order, not suspended, already revoked), which is fine.
				on, _ := certificate.MustParseDate("2024-01-01").AddDays(rng.IntN(1000))
				action := certificate.Action(1 + rng.IntN(3))
				if action == certificate.Revoke && rng.IntN(10) != 0 {
					action = certificate.Suspend // keep most certificates alive
				}
				_, err := r.Change(ctx, cert(i).Number, certificate.StatusChange{On: on, Action: action, Reason: "test"})
				switch {
				case err == nil:
					changed.Add(1)
				case !errors.Is(err, certificate.ErrNotFound) && !errors.Is(err, certificate.ErrStatusChange):
					errs <- fmt.Errorf("change %d: %w", i, err)
					return
				}
			}
		})
	}
	for g := range readers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(g), 3))
			for range ops {
				i := rng.IntN(numbers)
				c, err := r.Get(ctx, cert(i).Number)
				if err == nil {
					err = c.Validate()
				} else if errors.Is(err, certificate.ErrNotFound) {
					err = nil
				}
				if err != nil {
					errs <- fmt.Errorf("get %d: %w", i, err)
					return
				}
				found, err := r.Find(ctx, certificate.Query{Holder: fmt.Sprintf("H-%02d", rng.IntN(holders))})
				if err == nil && !slices.IsSortedFunc(found, func(a, b certificate.Certificate) int { return strings.Compare(a.Number, b.Number) }) {
					err = errors.New("find: not sorted")
				}
				if err == nil && len(slices.Compact(regNumbers(found))) != len(found) {
					err = errors.New("find: a number twice")
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	for i := range numbers {
		assert.Equal(t, int32(1), added[i].Load(), "successful adds of number %d", i)
	}
	total, historyLen := 0, 0
	for h := range holders {
		found, err := r.Find(ctx, certificate.Query{Holder: fmt.Sprintf("H-%02d", h)})
		require.NoError(t, err)
		// 300 numbers over 25 holders: 300 / 25 = 12 each.
		assert.Len(t, found, numbers/holders)
		for _, c := range found {
			require.NoError(t, c.Validate(), "history of %s", c.Number)
			historyLen += len(c.History)
		}
		total += len(found)
	}
	assert.Equal(t, numbers, total)
	assert.Equal(t, int(changed.Load()), historyLen, "every successful change is recorded once")
	assert.Positive(t, historyLen, "the changers did change something")
}

// regFill adds n certificates over n/5 holders (five each) and returns the
// registry.
func regFill(b *testing.B, n int) *certificate.MemoryRegistry {
	b.Helper()
	r := certificate.NewMemoryRegistry()
	for i := range n {
		c := regCert(fmt.Sprintf("B-%07d", i), fmt.Sprintf("H-%06d", i/5), fmt.Sprintf("O-%d", i%50),
			certificate.National.Levels()[i%5], "2024-01-01", "")
		if err := r.Add(context.Background(), c); err != nil {
			b.Fatal(err)
		}
	}
	return r
}

func BenchmarkMemoryRegistryAdd(b *testing.B) {
	ctx := context.Background()
	r := certificate.NewMemoryRegistry()
	c := regCert("", "H-1", "O-1", certificate.NationalGrade3, "2024-01-01", "")
	i := 0
	for b.Loop() {
		c.Number = "B-" + strconv.Itoa(i)
		c.Holder.ID = "H-" + strconv.Itoa(i/5)
		if err := r.Add(ctx, c); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkMemoryRegistryGet(b *testing.B) {
	ctx := context.Background()
	const n = 100_000
	r := regFill(b, n)
	i := 0
	for b.Loop() {
		if _, err := r.Get(ctx, fmt.Sprintf("B-%07d", i%n)); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkMemoryRegistryFindByHolder(b *testing.B) {
	ctx := context.Background()
	const n = 100_000 // five certificates per holder
	r := regFill(b, n)
	i := 0
	for b.Loop() {
		found, err := r.Find(ctx, certificate.Query{Holder: fmt.Sprintf("H-%06d", i%(n/5))})
		if err != nil || len(found) != 5 {
			b.Fatal(len(found), err)
		}
		i++
	}
}

func BenchmarkMemoryRegistryParallel(b *testing.B) {
	// Mixed load: 90% Get, 10% Find by holder, from many goroutines.
	ctx := context.Background()
	const n = 100_000
	r := regFill(b, n)
	var seed atomic.Uint64
	b.RunParallel(func(pb *testing.PB) {
		rng := rand.New(rand.NewPCG(seed.Add(1), 0))
		for pb.Next() {
			i := rng.IntN(n)
			var err error
			if i%10 == 0 {
				_, err = r.Find(ctx, certificate.Query{Holder: fmt.Sprintf("H-%06d", i/5)})
			} else {
				_, err = r.Get(ctx, fmt.Sprintf("B-%07d", i))
			}
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
}

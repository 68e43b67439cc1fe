package packs_test

import (
	"errors"
	"testing"

	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/dualtrack/dualtrack/subsidy/packs"
	"github.com/stretchr/testify/require"
)

// TestPacksPassTheirCases loads every built-in pack through the public loader
// and runs its worked cases.
func TestPacksPassTheirCases(t *testing.T) {
	names := packs.Names()
	require.NotEmpty(t, names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			p, err := packs.Load(name)
			require.NoError(t, err)
			f, err := packs.Cases(name)
			require.NoError(t, err)
			require.Equal(t, p.Name(), f.Policy, "the cases are written for another policy")
			require.NotEmpty(t, f.Cases)
			results, err := subsidy.RunCases(p, f)
			require.NoError(t, err)
			for _, r := range results {
				require.True(t, r.Pass, "%v", r)
			}
		})
	}
}

// TestPacksCiteEveryValue fails when any value of any parameter of a pack
// lacks its citation.
func TestPacksCiteEveryValue(t *testing.T) {
	for _, name := range packs.Names() {
		p, err := packs.Load(name)
		require.NoError(t, err)
		for _, prm := range p.Definition().Params {
			if prm.IsTable() {
				for i, e := range prm.Table.Entries() {
					require.False(t, e.Citation.IsZero(), "%s: param %s entry %d has no citation", name, prm.Name, i)
				}
				continue
			}
			for i, e := range prm.Number.Entries() {
				require.False(t, e.Citation.IsZero(), "%s: param %s entry %d has no citation", name, prm.Name, i)
			}
		}
	}
}

func TestUnknownPack(t *testing.T) {
	_, err := packs.Load("no-such-pack")
	require.ErrorIs(t, err, packs.ErrUnknownPack)
	var u *packs.UnknownPackError
	require.True(t, errors.As(err, &u))
	require.Equal(t, "no-such-pack", u.Name)
	require.Contains(t, err.Error(), `"no-such-pack"`)
	require.Contains(t, err.Error(), "cn-skill-improvement")
	_, err = packs.Cases("../data/cn-skill-improvement")
	require.ErrorIs(t, err, packs.ErrUnknownPack)
}

func TestList(t *testing.T) {
	list, err := packs.List()
	require.NoError(t, err)
	require.Len(t, list, len(packs.Names()))
	for _, p := range list {
		require.NotEmpty(t, p.Title, p.Name)
		require.NotEmpty(t, p.Sources, p.Name)
		require.False(t, p.From.IsZero(), p.Name)
		require.Positive(t, p.Cases, p.Name)
	}
}

package packs_test

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/dualtrack/dualtrack/subsidy"
	"github.com/dualtrack/dualtrack/subsidy/packs"
	"github.com/stretchr/testify/require"
)

// TestPacksAnyOrder runs every pack's cases on one policy value in ten
// random orders, so that each evaluation follows others of other dates and
// as-of dates (across the packs' parameter changes: the skill-improvement
// subsidy's 2017, 2019 and 2024 rules, the German minimum's yearly rows):
// every case still passes, and its result without an explanation is what
// an explaining evaluation gives, explanation aside. An evaluation keeps
// what it read of the parameters for the next; this checks that what it
// keeps never answers for a day or an as-of date it does not hold for.
func TestPacksAnyOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 4))
	for _, name := range packs.Names() {
		t.Run(name, func(t *testing.T) {
			p, err := packs.Load(name)
			require.NoError(t, err)
			f, err := packs.Cases(name)
			require.NoError(t, err)
			for range 10 {
				rng.Shuffle(len(f.Cases), func(i, j int) { f.Cases[i], f.Cases[j] = f.Cases[j], f.Cases[i] })
				for _, c := range f.Cases {
					r := p.RunCase(c)
					require.True(t, r.Pass, "%v", r)
					if r.Err != nil {
						continue
					}
					opts := subsidy.Options{AsOf: c.AsOf, Explain: true}
					if len(c.History) == 0 {
						explained, err := p.Evaluate(c.Claim, opts)
						require.NoError(t, err)
						explained.Explanation = nil
						a, _ := json.Marshal(r.Result)
						b, _ := json.Marshal(explained)
						require.Equal(t, string(b), string(a), "case %s", c.Name)
					}
				}
			}
		})
	}
}

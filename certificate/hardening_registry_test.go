package certificate_test

// Hardening tests (issue 9): the registry hammered from many goroutines. Run
// with -race.

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/dualtrack/dualtrack/certificate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hardRegCert is certificate number n in one of two versions, which differ
// in the holder: two issuers racing to register the same number for
// different people. Version 0 belongs to holder H-(n mod 40), version 1 to
// holder X-(n mod 40). The issuer is an appraisal body without a scope,
// which may issue any national level.
func hardRegCert(n, version int) certificate.Certificate {
	holder := fmt.Sprintf("H-%02d", n%40)
	if version == 1 {
		holder = fmt.Sprintf("X-%02d", n%40)
	}
	levels := certificate.National.Levels()
	return certificate.Certificate{
		Number:     fmt.Sprintf("QD-2024-%06d", n),
		Holder:     certificate.Holder{ID: holder, Name: "学员 " + holder, Kind: certificate.Employee},
		Occupation: certificate.Occupation{Code: fmt.Sprintf("6-18-01-%02d", n%7), Name: "车工"},
		Level:      levels[n%len(levels)],
		Issuer:     certificate.Issuer{ID: "https://jianding.example.cn", Name: "鉴定中心", Kind: certificate.AppraisalBody},
		Issued:     certificate.MustParseDate("2024-06-30"),
		Channel:    certificate.Exam,
	}
}

// TestHardeningRegistryHammer: 64 goroutines × 500 operations on one
// MemoryRegistry. Each operation picks one of 1,500 numbers and adds it (in
// the goroutine's version), reads it back, changes its status or searches by
// holder. Afterwards:
//
//   - of all the Adds of a number, exactly one succeeded and every other
//     one failed with ErrDuplicate, never with another error;
//   - the stored certificate is the version whose Add succeeded;
//   - every number is stored once: the searches by holder return each
//     number at most once and, over all holders, each added number exactly
//     once;
//   - every status change that succeeded is in a history, once.
//
// 64 × 500 = 32,000 operations, about 2 in 5 of them Adds (12,800), over
// 1,500 numbers: each number is added about 8.5 times, so the race on a
// number is real.
func TestHardeningRegistryHammer(t *testing.T) {
	const (
		workers = 64
		ops     = 500
		numbers = 1500
	)
	ctx := context.Background()
	r := certificate.NewMemoryRegistry()
	var (
		wins     [numbers]atomic.Int32 // successful Adds per number
		winner   [numbers]atomic.Int32 // the version that won, plus one
		dups     atomic.Int64
		changes  atomic.Int64
		attempts atomic.Int64
		wg       sync.WaitGroup
		errMu    sync.Mutex
		errs     []error
	)
	fail := func(err error) {
		errMu.Lock()
		errs = append(errs, err)
		errMu.Unlock()
	}
	for w := range workers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 99))
			version := w % 2
			for range ops {
				n := rng.IntN(numbers)
				c := hardRegCert(n, version)
				switch op := rng.IntN(5); {
				case op < 2:
					attempts.Add(1)
					err := r.Add(ctx, c)
					switch {
					case err == nil:
						wins[n].Add(1)
						winner[n].Store(int32(version + 1))
					case errors.Is(err, certificate.ErrDuplicate):
						dups.Add(1)
					default:
						fail(fmt.Errorf("add %s: %w", c.Number, err))
					}
				case op == 2:
					got, err := r.Get(ctx, c.Number)
					if err != nil && !errors.Is(err, certificate.ErrNotFound) {
						fail(fmt.Errorf("get %s: %w", c.Number, err))
					}
					if err == nil && got.Number != c.Number {
						fail(fmt.Errorf("get %s returned %s", c.Number, got.Number))
					}
				case op == 3:
					on, _ := c.Issued.AddDays(1 + rng.IntN(400))
					action := []certificate.Action{certificate.Suspend, certificate.Reinstate}[rng.IntN(2)]
					_, err := r.Change(ctx, c.Number, certificate.StatusChange{On: on, Action: action, Reason: "核查"})
					switch {
					case err == nil:
						changes.Add(1)
					case !errors.Is(err, certificate.ErrNotFound) && !errors.Is(err, certificate.ErrStatusChange):
						fail(fmt.Errorf("change %s: %w", c.Number, err))
					}
				default:
					found, err := r.Find(ctx, certificate.Query{Holder: c.Holder.ID})
					if err != nil {
						fail(fmt.Errorf("find %s: %w", c.Holder.ID, err))
						continue
					}
					nums := make([]string, len(found))
					for i, f := range found {
						nums[i] = f.Number
					}
					if !slices.IsSorted(nums) || len(slices.Compact(slices.Clone(nums))) != len(nums) {
						fail(fmt.Errorf("find %s: numbers not sorted or repeated: %v", c.Holder.ID, nums))
					}
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		t.Error(err)
	}

	added := 0
	for n := range numbers {
		switch wins[n].Load() {
		case 0:
			continue
		case 1:
			added++
		default:
			t.Fatalf("number %d was added %d times", n, wins[n].Load())
		}
		c, err := r.Get(ctx, hardRegCert(n, 0).Number)
		require.NoError(t, err)
		want := hardRegCert(n, int(winner[n].Load())-1)
		assert.Equal(t, want.Holder, c.Holder, "number %d: the stored version is not the one whose Add succeeded", n)
	}
	require.Equal(t, attempts.Load(), int64(added)+dups.Load(), "every Add either won or was a duplicate")
	require.Greater(t, dups.Load(), int64(added), "the test must race Adds of the same number")

	seen := map[string]int{}
	historyLen := 0
	for h := range 40 {
		for _, prefix := range []string{"H-", "X-"} {
			found, err := r.Find(ctx, certificate.Query{Holder: fmt.Sprintf("%s%02d", prefix, h)})
			require.NoError(t, err)
			for _, c := range found {
				seen[c.Number]++
				require.NoError(t, c.Validate(), "history of %s", c.Number)
				historyLen += len(c.History)
			}
		}
	}
	require.Len(t, seen, added, "every added number is found under its holder")
	for num, k := range seen {
		require.Equal(t, 1, k, "number %s stored %d times", num, k)
	}
	assert.Equal(t, int(changes.Load()), historyLen, "every successful change is recorded once")
	assert.Positive(t, historyLen)
}

// TestHardeningRegistryExactNumbers: numbers are compared byte for byte, so
// "QD-1" and "qd-1" are two certificates, while a number with surrounding
// spaces is refused rather than stored beside the number without them.
func TestHardeningRegistryExactNumbers(t *testing.T) {
	ctx := context.Background()
	r := certificate.NewMemoryRegistry()
	base := hardRegCert(1, 0)
	require.NoError(t, r.Add(ctx, base))

	for _, tt := range []struct {
		number string
		want   error // nil: stored as another certificate
	}{
		{base.Number, certificate.ErrDuplicate},
		{" " + base.Number, certificate.ErrInvalid},
		{base.Number + "\t", certificate.ErrInvalid},
		{"qd-2024-000001", nil},
	} {
		t.Run(fmt.Sprintf("%q", tt.number), func(t *testing.T) {
			c := base
			c.Number = tt.number
			err := r.Add(ctx, c)
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.want)
			var fe *certificate.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, "number", fe.Field)
		})
	}
}

package main

import (
	"bufio"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"
)

// BenchmarkCalc1M runs the calculator on a generated file of 1,000,000
// claims under cn-skill-improvement (about 5% of them malformed), CSV in and
// CSV out, with one worker and with one per CPU, as the README's performance
// figure:
//
//	go test -run '^$' -bench Calc1M -benchtime 3x ./examples/subsidycalc
//
// It reports rows/s and the peak of the live heap while the run went on
// (sampled every 10ms), which stays flat however long the input: the
// claims stream through EvaluateAll's bounded window.
func BenchmarkCalc1M(b *testing.B) {
	const rows = 1_000_000
	dir := b.TempDir()
	in := filepath.Join(dir, "claims.csv")
	writeClaims(b, in, rows)
	for _, workers := range []string{"1", "0"} {
		name := "workers=" + workers
		if workers == "0" {
			name = "workers=GOMAXPROCS"
		}
		b.Run(name, func(b *testing.B) {
			args := []string{
				"-policy", samplePolicy, "-as-of", sampleAsOf, "-in", in, "-workers", workers,
				"-out", filepath.Join(dir, "results.csv"), "-rejects", filepath.Join(dir, "rejects.txt"),
			}
			runtime.GC() // so that the peak is this run's, not the garbage of what came before
			peak := startHeapSampler()
			for b.Loop() {
				if code := run(args, nil, io.Discard, io.Discard); code != exitMalformed {
					b.Fatalf("exit status %d, want %d (the input has malformed rows)", code, exitMalformed)
				}
			}
			b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
		})
	}
}

// writeClaims writes n claims of genRow to a CSV file.
func writeClaims(b *testing.B, path string, n int) {
	b.Helper()
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString(genHeader)
	rng := rand.New(rand.NewPCG(1, 1_000_000))
	for i := range n {
		w.WriteString(genRow(rng, i))
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
}

// startHeapSampler samples the bytes of live and unswept heap objects until
// the returned function is called, which returns the largest sample.
func startHeapSampler() func() uint64 {
	const name = "/memory/classes/heap/objects:bytes"
	sample := []metrics.Sample{{Name: name}}
	var (
		mu   sync.Mutex
		max  uint64
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	wg.Go(func() {
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				metrics.Read(sample)
				v := sample[0].Value.Uint64()
				mu.Lock()
				max = maxOf(max, v)
				mu.Unlock()
			}
		}
	})
	return func() uint64 {
		close(done)
		wg.Wait()
		return max
	}
}

func maxOf(a, b uint64) uint64 {
	if a > b {
		return a
	}
	return b
}

package bench

import (
	"slices"
	"sync"
	"time"
)

// Latencies collects durations and reports their percentiles exactly, by
// sorting every sample. It suits the few thousand samples of a fixed-rate run.
// It is safe for concurrent use.
type Latencies struct {
	mu      sync.Mutex
	samples []time.Duration
}

// Add records one duration.
func (l *Latencies) Add(d time.Duration) {
	l.mu.Lock()
	l.samples = append(l.samples, d)
	l.mu.Unlock()
}

// LatencySummary contains the percentiles of a set of durations.
type LatencySummary struct {
	Count         int
	P50, P99, Max time.Duration
	Mean          time.Duration
}

// Summary returns the count, mean, median, 99th percentile and maximum of the
// recorded durations; all zero when there are none. Percentiles use the
// nearest-rank method.
func (l *Latencies) Summary() LatencySummary {
	l.mu.Lock()
	sorted := slices.Clone(l.samples)
	l.mu.Unlock()
	if len(sorted) == 0 {
		return LatencySummary{}
	}
	slices.Sort(sorted)

	var sum time.Duration
	for _, d := range sorted {
		sum += d
	}
	return LatencySummary{
		Count: len(sorted),
		P50:   nearestRank(sorted, 50),
		P99:   nearestRank(sorted, 99),
		Max:   sorted[len(sorted)-1],
		Mean:  sum / time.Duration(len(sorted)),
	}
}

// nearestRank returns the p-th percentile of sorted: the smallest sample with
// at least p percent of the samples at or below it.
func nearestRank(sorted []time.Duration, p int) time.Duration {
	rank := (p*len(sorted) + 99) / 100
	if rank < 1 {
		rank = 1
	}
	return sorted[rank-1]
}

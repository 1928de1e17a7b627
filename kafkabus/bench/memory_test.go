package bench

import (
	"runtime/debug"
	"testing"
	"time"
)

func TestParseStatus(t *testing.T) {
	status := []byte("Name:\teventbus\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t7\n")
	got, err := parseStatus(status, "VmHWM", "VmRSS")
	if err != nil {
		t.Fatal(err)
	}
	if got["VmHWM"] != 204800*1024 {
		t.Errorf("VmHWM = %d, want %d", got["VmHWM"], 204800*1024)
	}
	if got["VmRSS"] != 102400*1024 {
		t.Errorf("VmRSS = %d, want %d", got["VmRSS"], 102400*1024)
	}
}

func TestParseStatusErrors(t *testing.T) {
	tests := []struct {
		name, status string
	}{
		{"missing line", "VmRSS:\t1 kB\n"},
		{"wrong unit", "VmHWM:\t1 MB\nVmRSS:\t1 kB\n"},
		{"not a number", "VmHWM:\tlots kB\nVmRSS:\t1 kB\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := parseStatus([]byte(tt.status), "VmHWM", "VmRSS"); err == nil {
				t.Errorf("parseStatus(%q) succeeded, want an error", tt.status)
			}
		})
	}
}

func TestReadMemoryPeakAfterReset(t *testing.T) {
	// Return freed heap pages first, so the allocation below cannot reuse
	// pages that are already resident.
	debug.FreeOSMemory()
	if err := ResetPeakRSS(); err != nil {
		t.Skipf("this system cannot reset the peak RSS: %v", err)
	}
	before, err := ReadMemory()
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64<<20)
	for i := range buf {
		buf[i] = byte(i)
	}
	after, err := ReadMemory()
	if err != nil {
		t.Fatal(err)
	}
	if grew := after.PeakRSS - before.PeakRSS; after.PeakRSS < before.PeakRSS || grew < 60<<20 {
		t.Errorf("peak RSS went from %d to %d after touching 64 MiB, want at least 60 MiB more",
			before.PeakRSS, after.PeakRSS)
	}
	if after.RSS == 0 || after.HeapInuse == 0 || after.GoSys == 0 {
		t.Errorf("ReadMemory() = %+v, want non-zero RSS, HeapInuse and GoSys", after)
	}
	_ = buf[len(buf)-1]
}

func TestHeapSamplerSeesAllocation(t *testing.T) {
	s := StartHeapSampler(time.Millisecond)
	buf := make([]byte, 32<<20)
	for i := range buf {
		buf[i] = 1
	}
	time.Sleep(20 * time.Millisecond)
	peak := s.Stop()
	if peak < 32<<20 {
		t.Errorf("heap peak = %d, want at least %d while a 32 MiB slice is live", peak, 32<<20)
	}
	_ = buf[0]
}

func TestLatenciesSummary(t *testing.T) {
	var l Latencies
	for i := 100; i >= 1; i-- {
		l.Add(time.Duration(i) * time.Millisecond)
	}
	got := l.Summary()
	want := LatencySummary{
		Count: 100,
		P50:   50 * time.Millisecond,
		P99:   99 * time.Millisecond,
		Max:   100 * time.Millisecond,
		Mean:  50500 * time.Microsecond,
	}
	if got != want {
		t.Errorf("Summary() = %+v, want %+v", got, want)
	}
}

func TestLatenciesSummaryEmpty(t *testing.T) {
	var l Latencies
	if got := l.Summary(); got != (LatencySummary{}) {
		t.Errorf("Summary() of no samples = %+v, want zero", got)
	}
}

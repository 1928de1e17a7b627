package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// Memory is a snapshot of the memory use of the current process.
type Memory struct {
	// PeakRSS is the peak resident set size in bytes since the process
	// started or since the last [ResetPeakRSS] (VmHWM in /proc/self/status).
	PeakRSS uint64
	// RSS is the resident set size in bytes at the time of the snapshot.
	RSS uint64
	// HeapInuse is the Go heap in use (runtime.MemStats.HeapInuse).
	HeapInuse uint64
	// HeapPeak is the largest HeapInuse that [HeapSampler] saw, or HeapInuse
	// when no sampler ran.
	HeapPeak uint64
	// GoSys is the memory the Go runtime obtained from the operating system
	// (runtime.MemStats.Sys). The rest of the RSS is C memory (librdkafka)
	// and shared libraries.
	GoSys uint64
}

// ReadMemory returns the current memory use of this process. The RSS fields
// come from /proc/self/status, so they are zero on systems without procfs,
// and the returned error states that.
func ReadMemory() (Memory, error) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m := Memory{HeapInuse: ms.HeapInuse, HeapPeak: ms.HeapInuse, GoSys: ms.Sys}

	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return m, fmt.Errorf("read resident set size: %w", err)
	}
	fields, err := parseStatus(status, "VmHWM", "VmRSS")
	if err != nil {
		return m, err
	}
	m.PeakRSS, m.RSS = fields["VmHWM"], fields["VmRSS"]
	return m, nil
}

// ResetPeakRSS sets the peak resident set size of this process back to its
// current RSS, so that a later [ReadMemory] reports the peak of what runs in
// between. It writes "5" to /proc/self/clear_refs, which Linux supports since
// version 4.0.
func ResetPeakRSS() error {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		return fmt.Errorf("reset peak resident set size: %w", err)
	}
	return nil
}

// parseStatus returns the named "Name:   123 kB" lines of a /proc status file in bytes.
func parseStatus(status []byte, names ...string) (map[string]uint64, error) {
	values := make(map[string]uint64, len(names))
	sc := bufio.NewScanner(bytes.NewReader(status))
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		for _, want := range names {
			if name != want {
				continue
			}
			v, err := parseKilobytes(rest)
			if err != nil {
				return nil, fmt.Errorf("parse %s in /proc/self/status: %w", name, err)
			}
			values[name] = v
		}
	}
	for _, want := range names {
		if _, ok := values[want]; !ok {
			return nil, fmt.Errorf("/proc/self/status has no %s line", want)
		}
	}
	return values, nil
}

// parseKilobytes parses a value such as "  123 kB" into bytes.
func parseKilobytes(s string) (uint64, error) {
	number, unit, _ := strings.Cut(strings.TrimSpace(s), " ")
	if unit != "kB" {
		return 0, fmt.Errorf("unit %q is not kB", unit)
	}
	v, err := strconv.ParseUint(number, 10, 64)
	if err != nil {
		return 0, err
	}
	return v * 1024, nil
}

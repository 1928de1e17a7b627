// Package cputime reads the CPU time of the whole process, for the benchmarks
// that compare the event bus with plain confluent-kafka-go.
package cputime

import (
	"syscall"
	"time"
)

// Process returns the user and system CPU time this process has used, in
// every thread: Go code, librdkafka's threads and, when it is embedded, the
// broker. It returns 0 when the system does not report it.
func Process() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

package bench

import (
	"syscall"
	"time"
)

// processCPU returns the user and system CPU time this process has used, in
// every thread: Go code, librdkafka's threads and, when it is embedded, the
// broker. It returns 0 when the system does not report it.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

package bench

import (
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

// Result is the outcome of one throughput measurement.
type Result struct {
	// Events is the number of messages produced or consumed.
	Events int
	// Bytes is the total size of their keys, values and headers.
	Bytes int64
	// Elapsed is the measured time. Produce runs measure from the first
	// produce call to the last delivery report; consume runs measure from
	// the first message received to the last one handled, so the time to
	// join the consumer group is not part of it (see Startup).
	Elapsed time.Duration
	// Startup is, for consume runs, the time from creating the consumer to
	// its first message.
	Startup time.Duration
	// CPU is the CPU time of the whole process during Elapsed, all threads
	// included. Unlike Elapsed it barely grows when other processes compete
	// for the processors.
	CPU time.Duration
}

// CPUPerEvent returns the process CPU time per event, zero when nothing was
// measured.
func (r Result) CPUPerEvent() time.Duration {
	if r.Events == 0 {
		return 0
	}
	return r.CPU / time.Duration(r.Events)
}

// EventsPerSecond returns the throughput in messages per second, zero when
// nothing was measured.
func (r Result) EventsPerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Events) / r.Elapsed.Seconds()
}

// MBPerSecond returns the throughput in megabytes (10^6 bytes) of keys,
// values and headers per second, zero when nothing was measured.
func (r Result) MBPerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Bytes) / 1e6 / r.Elapsed.Seconds()
}

// messageSize returns the bytes of the key, value and headers of m.
func messageSize(key, value []byte, headers []kafka.Header) int64 {
	n := int64(len(key) + len(value))
	for _, h := range headers {
		n += int64(len(h.Key) + len(h.Value))
	}
	return n
}

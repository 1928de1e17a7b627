package bench

import (
	"runtime/metrics"
	"sync"
	"time"
)

// heapMetric is the runtime/metrics name of the bytes in heap spans in use,
// the same quantity as runtime.MemStats.HeapInuse without stopping the world.
const heapMetric = "/memory/classes/heap/objects:bytes"

// HeapSampler records the peak Go heap size while it runs. Start it with
// [StartHeapSampler] and call Stop once.
type HeapSampler struct {
	stop chan struct{}
	done chan struct{}

	mu   sync.Mutex
	peak uint64
}

// StartHeapSampler samples the Go heap every interval until Stop.
func StartHeapSampler(interval time.Duration) *HeapSampler {
	s := &HeapSampler{stop: make(chan struct{}), done: make(chan struct{})}
	s.sample()
	go s.run(interval)
	return s
}

func (s *HeapSampler) run(interval time.Duration) {
	defer close(s.done)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-tick.C:
			s.sample()
		}
	}
}

func (s *HeapSampler) sample() {
	sample := []metrics.Sample{{Name: heapMetric}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	v := sample[0].Value.Uint64()

	s.mu.Lock()
	if v > s.peak {
		s.peak = v
	}
	s.mu.Unlock()
}

// Stop ends the sampling and returns the peak heap size in bytes.
func (s *HeapSampler) Stop() uint64 {
	close(s.stop)
	<-s.done
	s.sample()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak
}

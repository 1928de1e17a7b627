package bench

import (
	"context"
	"time"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/kafkabus/config"
)

// ConsumeOnly consumes n events of topic through the full path with batched
// commits and returns the throughput and the memory use of this process: its
// RSS before the consumer starts, its peak RSS (VmHWM) and the peak Go heap
// sampled every 10 ms. Run it in a
// process that does nothing else, so the peak RSS is the consumer's.
func ConsumeOnly(ctx context.Context, s config.Settings, def events.Definition, topic, group string,
	n int) (*ConsumerMemory, error) {
	baseline, err := ReadMemory()
	if err != nil {
		return nil, err
	}
	heap := StartHeapSampler(10 * time.Millisecond)
	res, err := FullConsume(ctx, s, def, topic, group, n, 0)
	heapPeak := heap.Stop()
	if err != nil {
		return nil, err
	}
	mem, err := ReadMemory()
	if err != nil {
		return nil, err
	}
	mem.HeapPeak = heapPeak
	return &ConsumerMemory{Result: res, Memory: mem, Baseline: baseline}, nil
}

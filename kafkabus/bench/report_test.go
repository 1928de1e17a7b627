package bench

import (
	"strings"
	"testing"
	"time"
)

func result(events int, elapsed time.Duration) Result {
	return Result{Events: events, Bytes: int64(events) * 500, Elapsed: elapsed}
}

func TestReportRatios(t *testing.T) {
	r := &Report{
		FullProduce:     result(1000, 2*time.Second), // 500/s
		RawProduce:      result(1000, time.Second),   // 1000/s
		FullConsume:     result(1000, time.Second),   // 1000/s
		RawConsume:      result(1000, time.Second),   // 1000/s
		BlockingConsume: result(100, time.Second),    // 100/s
	}
	if got := r.ProduceRatio(); got != 0.5 {
		t.Errorf("ProduceRatio() = %v, want 0.5", got)
	}
	if got := r.ConsumeRatio(); got != 1 {
		t.Errorf("ConsumeRatio() = %v, want 1", got)
	}
	if got := r.CommitRatio(); got != 10 {
		t.Errorf("CommitRatio() = %v, want 10", got)
	}
	if got := (&Report{}).ProduceRatio(); got != 0 {
		t.Errorf("ProduceRatio() of an empty report = %v, want 0", got)
	}
}

func TestReportWrite(t *testing.T) {
	r := &Report{
		EventType:       "org.openedx.learning.course.enrollment.created.v1",
		Partitions:      3,
		FullProduce:     result(1000, 2*time.Second),
		RawProduce:      result(1000, time.Second),
		FullConsume:     result(1000, time.Second),
		RawConsume:      result(1000, time.Second),
		BlockingConsume: result(100, time.Second),
		Latency:         LatencySummary{Count: 10, P50: time.Millisecond, P99: 3 * time.Millisecond},
		LatencyRate:     500,
		LatencyPeriod:   5 * time.Second,
		Consumer: &ConsumerMemory{
			Result: result(GoalConsumerRSSEvents, 10*time.Second),
			Memory: Memory{PeakRSS: 200e6},
		},
	}
	var b strings.Builder
	if err := r.Write(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"(a) produce, full path", "(b) produce, raw confluent-kafka-go",
		"(c) consume, full path, batched commits", "(d) consume, raw confluent-kafka-go",
		"(e) consume, full path, commit per message",
		"a/b full/raw produce", "0.50", ">= 0.75 MISSED",
		"c/d full/raw consume", "1.00", ">= 0.60 met",
		"c/e batched/per-message commits", "10.00", ">= 10.00 met",
		"p50 1ms, p99 3ms",
		"peak RSS 200.0 MB", "goal < 150 MB MISSED",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

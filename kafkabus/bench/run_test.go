package bench

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/openedx-go/eventbus/events/catalog"
	"github.com/openedx-go/eventbus/kafkabus/kafkatest"
)

// enrollmentEvent returns a course enrollment event to benchmark with.
func enrollmentEvent(t *testing.T) Event {
	t.Helper()
	def, err := catalog.Lookup("org.openedx.learning.course.enrollment.created.v1")
	if err != nil {
		t.Fatal(err)
	}
	rec := map[string]any{"enrollment": map[string]any{
		"user": map[string]any{
			"id": int64(42), "is_active": true,
			"pii": map[string]any{"username": "ada", "email": "ada@example.com", "name": "Ada"},
		},
		"course": map[string]any{
			"course_key": "course-v1:OpenedX+DemoX+2025", "display_name": "Demo",
			"start": nil, "end": nil,
		},
		"mode":          "audit",
		"is_active":     true,
		"creation_date": "2025-01-02T03:04:05+00:00",
		"created_by":    nil,
	}}
	payload, err := def.FromRecord(rec)
	if err != nil {
		t.Fatal(err)
	}
	return Event{Definition: def, Payload: payload, KeyField: "enrollment.course.course_key"}
}

func TestE2EBenchRunSmall(t *testing.T) {
	env := kafkatest.Start(t, kafkatest.WithoutAutoCreateTopics())
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	settings := env.Settings()
	settings.Kafka["enable.metrics.push"] = "false"
	ev := enrollmentEvent(t)
	var measured struct {
		topic string
		n     int
	}
	cfg := Config{
		Settings:       settings,
		Event:          ev,
		Events:         300,
		BlockingEvents: 30,
		Partitions:     2,
		Repeat:         2,
		Rate:           100,
		LatencyPeriod:  200 * time.Millisecond,
		ConsumerEvents: 50,
		MeasureConsumer: func(ctx context.Context, topic string, n int) (*ConsumerMemory, error) {
			measured.topic, measured.n = topic, n
			return ConsumeOnly(ctx, settings, ev.Definition, topic, kafkatest.UniqueName("consumer-only"), n)
		},
	}

	r, err := Run(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	results := map[string]struct {
		got  Result
		want int
	}{
		"full produce": {r.FullProduce, 300}, "raw produce": {r.RawProduce, 300},
		"full consume": {r.FullConsume, 300}, "raw consume": {r.RawConsume, 300},
		"blocking consume": {r.BlockingConsume, 30},
	}
	for name, res := range results {
		if res.got.Events != res.want {
			t.Errorf("%s: %d events, want %d", name, res.got.Events, res.want)
		}
		if res.got.CPU <= 0 {
			t.Errorf("%s: CPU time %s, want a positive duration", name, res.got.CPU)
		}
		if res.got.EventsPerSecond() <= 0 || res.got.MBPerSecond() <= 0 {
			t.Errorf("%s: %.0f events/s and %.2f MB/s, want both positive", name,
				res.got.EventsPerSecond(), res.got.MBPerSecond())
		}
	}
	for _, run := range []string{"a", "b", "c", "d", "e"} {
		if got := len(r.Runs[run]); got != 2 {
			t.Errorf("run %s has %d rounds, want 2", run, got)
		}
	}
	if r.Latency.Count != 20 {
		t.Errorf("latency samples = %d, want 20 (100 events/s for 200ms)", r.Latency.Count)
	}
	if r.Latency.P50 <= 0 || r.Latency.P99 < r.Latency.P50 {
		t.Errorf("latency p50 %s, p99 %s: want 0 < p50 <= p99", r.Latency.P50, r.Latency.P99)
	}
	if r.ValueBytes <= 5 || r.KeyBytes <= 5 || r.HeaderBytes == 0 {
		t.Errorf("message sizes key %d, value %d, headers %d: want framed key and value and headers",
			r.KeyBytes, r.ValueBytes, r.HeaderBytes)
	}
	if r.Memory.PeakRSS == 0 || r.Memory.HeapPeak == 0 {
		t.Errorf("memory %+v: want non-zero peak RSS and heap", r.Memory)
	}
	if r.Consumer == nil || r.Consumer.Result.Events != 50 || measured.n != 50 {
		t.Errorf("consumer-only run = %+v (asked for %d events), want 50 events", r.Consumer, measured.n)
	}
	if !strings.HasPrefix(measured.topic, "bench-") || !strings.HasSuffix(measured.topic, "-consumer") {
		t.Errorf("consumer-only topic %q, want bench-<run id>-consumer", measured.topic)
	}
}

func TestConfigValidate(t *testing.T) {
	def, err := catalog.Lookup("org.openedx.learning.course.enrollment.created.v1")
	if err != nil {
		t.Fatal(err)
	}
	valid := Config{Event: Event{Definition: def}, Events: 10, BlockingEvents: 5, Partitions: 1}
	if err := valid.Validate(); err != nil {
		t.Fatalf("Validate() of a valid config: %v", err)
	}
	tests := []struct {
		name   string
		change func(*Config)
		want   string
	}{
		{"no event", func(c *Config) { c.Event = Event{} }, "no event definition"},
		{"no events", func(c *Config) { c.Events = 0 }, "event count 0"},
		{"too many blocking", func(c *Config) { c.BlockingEvents = 11 }, "commit-per-message event count 11"},
		{"no partitions", func(c *Config) { c.Partitions = 0 }, "partition count 0"},
		{"consumer run without runner", func(c *Config) { c.ConsumerEvents = 5 }, "MeasureConsumer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid
			tt.change(&c)
			err := c.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate() = %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

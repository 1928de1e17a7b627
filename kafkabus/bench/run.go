package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"github.com/google/uuid"

	"github.com/openedx-go/eventbus/kafkabus"
	"github.com/openedx-go/eventbus/kafkabus/config"
)

// Defaults of [Config].
const (
	DefaultEvents         = 200_000
	DefaultBlockingEvents = 20_000
	DefaultPartitions     = 3
	DefaultRate           = 500
	DefaultLatencyPeriod  = 5 * time.Second
)

// Config describes one benchmark run.
type Config struct {
	// Settings reach the broker and the registry.
	Settings config.Settings
	// External is true when Settings name a real cluster, for the report.
	External bool
	// Event is the event that every message of the run carries.
	Event Event
	// Events is the number of events of runs (a) to (d).
	Events int
	// BlockingEvents is the number of events of run (e), at most Events.
	BlockingEvents int
	// Partitions is the partition count of the topics the run creates.
	Partitions int
	// Repeat is how many rounds of runs (a) to (e) to measure; the report
	// keeps the fastest of each. Default 1.
	Repeat int
	// Rate and LatencyPeriod set the latency run: Rate events per second
	// for LatencyPeriod.
	Rate          int
	LatencyPeriod time.Duration

	// ConsumerEvents is the number of events of the consumer-only memory
	// run; 0 skips it.
	ConsumerEvents int
	// MeasureConsumer runs [ConsumeOnly] in a separate process on the
	// topic, which holds exactly ConsumerEvents events. Needed when
	// ConsumerEvents is not 0.
	MeasureConsumer func(ctx context.Context, topic string, n int) (*ConsumerMemory, error)

	// RunID makes the topic and group names of this run unique. Default: a
	// random id.
	RunID string
	// Progress receives one line per step. Default: nothing.
	Progress io.Writer
}

// Validate checks the counts and that MeasureConsumer is set when needed.
func (c *Config) Validate() error {
	switch {
	case c.Event.Definition == nil:
		return errors.New("benchmark: no event definition given")
	case c.Events < 1:
		return fmt.Errorf("benchmark: event count %d is invalid: give 1 or more", c.Events)
	case c.BlockingEvents < 1 || c.BlockingEvents > c.Events:
		return fmt.Errorf("benchmark: commit-per-message event count %d is invalid: give 1 to %d",
			c.BlockingEvents, c.Events)
	case c.Repeat < 0:
		return fmt.Errorf("benchmark: repeat count %d is negative: give 1 or more", c.Repeat)
	case c.Partitions < 1:
		return fmt.Errorf("benchmark: partition count %d is invalid: give 1 or more", c.Partitions)
	case c.ConsumerEvents < 0:
		return fmt.Errorf("benchmark: consumer-only event count %d is negative", c.ConsumerEvents)
	case c.ConsumerEvents > 0 && c.MeasureConsumer == nil:
		return errors.New("benchmark: a consumer-only run needs MeasureConsumer")
	}
	return nil
}

// runner carries the state shared by the steps of one run.
type runner struct {
	cfg    Config
	kafka  kafka.ConfigMap
	report *Report
	sample Message
	size   int64
	round  int // 1-based round of runs (a) to (e)
}

// Run measures throughput, latency and memory as described in the package
// documentation and returns the report.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.RunID == "" {
		cfg.RunID = uuid.NewString()[:8]
	}
	if cfg.Progress == nil {
		cfg.Progress = io.Discard
	}
	if cfg.Repeat == 0 {
		cfg.Repeat = 1
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	// Audit lines would write a log line per event in the full runs and none in
	// the raw ones, so the comparison leaves them out.
	cfg.Settings.AuditLoggingEnabled = false
	r := &runner{cfg: cfg, kafka: cfg.Settings.KafkaConfig(), report: &Report{
		Machine:       ReadMachine(),
		EventType:     cfg.Event.Definition.EventType(),
		Partitions:    cfg.Partitions,
		External:      cfg.External,
		Repeat:        cfg.Repeat,
		Runs:          map[string][]Result{},
		LatencyRate:   cfg.Rate,
		LatencyPeriod: cfg.LatencyPeriod,
	}}

	heap := StartHeapSampler(50 * time.Millisecond)
	err := r.run(ctx)
	heapPeak := heap.Stop()
	if err != nil {
		return nil, err
	}
	mem, err := ReadMemory()
	if err != nil {
		return nil, err
	}
	mem.HeapPeak = heapPeak
	r.report.Memory = mem
	return r.report, nil
}

func (r *runner) run(ctx context.Context) error {
	if err := r.createTopics(ctx); err != nil {
		return err
	}
	for round := 1; round <= r.cfg.Repeat; round++ {
		r.round = round
		steps := []func(context.Context) error{
			r.fullProduce, r.readSample, r.rawProduce, r.fullConsume, r.rawConsume, r.blockingConsume,
		}
		if err := r.runSteps(ctx, steps); err != nil {
			return err
		}
	}
	return r.runSteps(ctx, []func(context.Context) error{r.latency, r.consumerOnly})
}

func (r *runner) runSteps(ctx context.Context, steps []func(context.Context) error) error {
	for _, step := range steps {
		runtime.GC()
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

// record adds the result of one round of a run and keeps the fastest in best.
func (r *runner) record(run string, res Result, best *Result) {
	r.report.Runs[run] = append(r.report.Runs[run], res)
	if res.EventsPerSecond() > best.EventsPerSecond() {
		*best = res
	}
}

// topic returns the unprefixed name of one of the run's topics.
func (r *runner) topic(name string) string { return "bench-" + r.cfg.RunID + "-" + name }

func (r *runner) group(name string) string { return "eventbus-bench-" + r.cfg.RunID + "-" + name }

// roundGroup returns a consumer group name that is new in each round, so
// every round reads the topic from its start.
func (r *runner) roundGroup(name string) string { return fmt.Sprintf("%s-%d", r.group(name), r.round) }

func (r *runner) progress(format string, args ...any) {
	fmt.Fprintf(r.cfg.Progress, format+"\n", args...)
}

func (r *runner) createTopics(ctx context.Context) error {
	names := []string{"full", "raw", "latency"}
	if r.cfg.ConsumerEvents > 0 {
		names = append(names, "consumer")
	}
	for _, name := range names {
		full := r.cfg.Settings.FullTopic(r.topic(name))
		if err := CreateTopic(ctx, r.kafka, full, r.cfg.Partitions); err != nil {
			return err
		}
	}
	return nil
}

func (r *runner) fullProduce(ctx context.Context) error {
	r.progress("round %d of %d: (a) producing %d events through the full path", r.round, r.cfg.Repeat,
		r.cfg.Events)
	res, err := FullProduce(ctx, r.cfg.Settings, r.cfg.Event, r.topic("full"), r.cfg.Events, r.size)
	if err != nil {
		return err
	}
	if r.round == 1 {
		// The size of a message is known only once the first one is on the
		// topic, so readSample fills in the byte count of this round.
		r.report.FullProduce = res
		return nil
	}
	r.record("a", res, &r.report.FullProduce)
	return nil
}

// readSample reads one message that the full path produced: the exact bytes
// the raw producer sends.
func (r *runner) readSample(ctx context.Context) error {
	if r.round > 1 {
		return nil
	}
	msg, err := ReadOne(ctx, r.kafka, r.cfg.Settings.FullTopic(r.topic("full")), r.group("sample"))
	if err != nil {
		return err
	}
	r.sample = msg
	r.size = messageSize(msg.Key, msg.Value, msg.Headers)
	r.report.KeyBytes, r.report.ValueBytes = len(msg.Key), len(msg.Value)
	r.report.HeaderBytes = int(r.size) - len(msg.Key) - len(msg.Value)
	first := r.report.FullProduce
	first.Bytes = r.size * int64(first.Events)
	r.report.FullProduce = Result{}
	r.record("a", first, &r.report.FullProduce)
	return nil
}

func (r *runner) rawProduce(ctx context.Context) error {
	r.progress("round %d: (b) producing %d events with confluent-kafka-go alone", r.round, r.cfg.Events)
	res, err := RawProduce(ctx, RawProducerConfig(r.cfg.Settings), r.cfg.Settings.FullTopic(r.topic("raw")),
		r.sample, r.cfg.Events)
	if err != nil {
		return err
	}
	r.record("b", res, &r.report.RawProduce)
	return nil
}

func (r *runner) fullConsume(ctx context.Context) error {
	r.progress("round %d: (c) consuming %d events through the full path, batched commits", r.round,
		r.cfg.Events)
	res, err := FullConsume(ctx, r.cfg.Settings, r.cfg.Event.Definition, r.topic("full"), r.roundGroup("full"),
		r.cfg.Events, r.size)
	if err != nil {
		return err
	}
	r.record("c", res, &r.report.FullConsume)
	return nil
}

func (r *runner) rawConsume(ctx context.Context) error {
	r.progress("round %d: (d) consuming %d events with confluent-kafka-go alone", r.round, r.cfg.Events)
	res, err := RawConsume(ctx, r.kafka, r.cfg.Settings.FullTopic(r.topic("full")), r.roundGroup("raw"),
		r.cfg.Events)
	if err != nil {
		return err
	}
	r.record("d", res, &r.report.RawConsume)
	return nil
}

func (r *runner) blockingConsume(ctx context.Context) error {
	r.progress("round %d: (e) consuming %d events through the full path, a blocking commit per message",
		r.round, r.cfg.BlockingEvents)
	res, err := FullConsume(ctx, r.cfg.Settings, r.cfg.Event.Definition, r.topic("full"), r.roundGroup("blocking"),
		r.cfg.BlockingEvents, r.size, kafkabus.CommitEveryMessage())
	if err != nil {
		return err
	}
	r.record("e", res, &r.report.BlockingConsume)
	return nil
}

func (r *runner) latency(ctx context.Context) error {
	r.progress("latency: %d events/s for %s", r.cfg.Rate, r.cfg.LatencyPeriod)
	summary, err := MeasureLatency(ctx, r.cfg.Settings, r.cfg.Event, r.topic("latency"), r.group("latency"),
		r.cfg.Rate, r.cfg.LatencyPeriod)
	r.report.Latency = summary
	return err
}

func (r *runner) consumerOnly(ctx context.Context) error {
	n := r.cfg.ConsumerEvents
	if n == 0 {
		return nil
	}
	topic := r.cfg.Settings.FullTopic(r.topic("consumer"))
	r.progress("consumer-only process: producing %d events, then consuming them in a new process", n)
	if _, err := RawProduce(ctx, RawProducerConfig(r.cfg.Settings), topic, r.sample, n); err != nil {
		return err
	}
	mem, err := r.cfg.MeasureConsumer(ctx, r.topic("consumer"), n)
	if err != nil {
		return fmt.Errorf("consumer-only run: %w", err)
	}
	r.report.Consumer = mem
	return nil
}

// RawProducerConfig returns the librdkafka properties of the raw producer:
// those of the settings plus the two that the kafkabus producer sets by
// default, idempotence and delivery reports without copies of key and value,
// so that runs (a) and (b) differ only in the work done in Go.
func RawProducerConfig(s config.Settings) kafka.ConfigMap {
	cfg := s.KafkaConfig()
	defaults := kafka.ConfigMap{"enable.idempotence": true, "go.delivery.report.fields": "none"}
	for k, v := range defaults {
		if _, set := cfg[k]; !set {
			cfg[k] = v
		}
	}
	return cfg
}

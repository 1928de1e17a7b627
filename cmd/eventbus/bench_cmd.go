package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/pprof"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/catalog"
	"github.com/openedx-go/eventbus/kafkabus/bench"
	"github.com/openedx-go/eventbus/kafkabus/config"
	"github.com/openedx-go/eventbus/kafkabus/demo"
	"github.com/openedx-go/eventbus/kafkabus/kafkatest"
)

// benchFlags are the command line of eventbus bench.
type benchFlags struct {
	events, blockingEvents, consumerEvents int
	eventType                              string
	partitions, rate, repeat               int
	latencyPeriod                          time.Duration
	eventsDir                              string
	jsonOutput                             bool
	cpuProfile                             string
	kafkaProperties                        []string

	external          bool
	settingsFile      string
	bootstrapServers  string
	schemaRegistryURL string

	// phase "consume" is the consumer-only child process.
	phase, topic, group string
}

const defaultBenchEventType = "org.openedx.learning.course.enrollment.created.v1"

func newBenchCmd() *cobra.Command {
	f := &benchFlags{}
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Measure the Kafka path against plain confluent-kafka-go",
		Long: `Bench measures, in one run and on one event type: (a) the full produce path,
(b) a raw confluent-kafka-go produce of the same bytes, (c) the full consume path with
batched commits, (d) a raw confluent-kafka-go consume of the same topic, (e) the full
consume path with a blocking commit per message, the produce-to-handler latency at a
fixed rate, and the peak memory. It prints the throughputs, their ratios and the goals.

By default it runs against a broker and registry embedded in this process. With
--external, --settings or --bootstrap-servers it uses the configured cluster and
registry instead (settings from the EVENT_BUS_* environment variables and the file),
where it creates topics named bench-<run id>-... and leaves them there.

--consumer-events N also measures the memory of the consumer alone: the events are
produced first and then consumed by a separate eventbus process, whose peak RSS is
reported.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.phase == "consume" {
				return runConsumePhase(cmd, f)
			}
			if f.phase != "" {
				return fmt.Errorf("phase %q is unknown: use consume, or leave it out", f.phase)
			}
			return runBench(cmd, f)
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&f.events, "events", bench.DefaultEvents, "events produced and consumed by runs (a) to (d)")
	fl.IntVar(&f.blockingEvents, "blocking-events", bench.DefaultBlockingEvents,
		"events consumed by run (e), which commits after every message (at most --events)")
	fl.IntVar(&f.consumerEvents, "consumer-events", 0,
		"events for the consumer-only memory run in a separate process; 0 skips it")
	fl.StringVar(&f.eventType, "event-type", defaultBenchEventType, "event type of every message")
	fl.IntVar(&f.partitions, "partitions", bench.DefaultPartitions, "partitions of each topic the run creates")
	fl.IntVar(&f.repeat, "repeat", 1,
		"rounds of runs (a) to (e); the report keeps the fastest round of each, which steadies "+
			"numbers on a busy machine")
	fl.IntVar(&f.rate, "rate", bench.DefaultRate, "events per second of the latency run")
	fl.DurationVar(&f.latencyPeriod, "latency-period", bench.DefaultLatencyPeriod, "length of the latency run")
	fl.StringVar(&f.eventsDir, "events-dir", "",
		`directory of "<event type>.json" payload records (default: the built-in examples)`)
	fl.BoolVar(&f.jsonOutput, "json", false, "print the report as JSON")
	fl.StringArrayVar(&f.kafkaProperties, "kafka-property", nil,
		"librdkafka property name=value for every client of the run, the consumer-only process "+
			"included (repeatable)")
	fl.StringVar(&f.cpuProfile, "cpuprofile", "", "write a pprof CPU profile of the whole run to this file")
	fl.BoolVar(&f.external, "external", false, "use the configured Kafka cluster and Schema Registry")
	fl.StringVar(&f.settingsFile, "settings", "", "YAML or JSON settings file (implies --external)")
	fl.StringVar(&f.bootstrapServers, "bootstrap-servers", "",
		"Kafka brokers, host:port[,host:port] (implies --external)")
	fl.StringVar(&f.schemaRegistryURL, "schema-registry-url", "", "Schema Registry base URL (with --external)")
	fl.StringVar(&f.phase, "phase", "", "internal: consume runs the consumer-only process")
	fl.StringVar(&f.topic, "topic", "", "internal: topic of the consume phase")
	fl.StringVar(&f.group, "group", "", "internal: consumer group of the consume phase")
	for _, name := range []string{"phase", "topic", "group"} {
		_ = fl.MarkHidden(name)
	}
	return cmd
}

// isExternal reports whether the flags name a cluster to use.
func (f *benchFlags) isExternal() bool {
	return f.external || f.settingsFile != "" || f.bootstrapServers != ""
}

// externalSettings loads the settings of the configured cluster and applies
// the connection flags over them.
func (f *benchFlags) externalSettings() (config.Settings, error) {
	s, err := config.LoadUnvalidated(os.Getenv, f.settingsFile)
	if err != nil {
		return s, err
	}
	if f.bootstrapServers != "" {
		s.BootstrapServers = f.bootstrapServers
	}
	if f.schemaRegistryURL != "" {
		s.SchemaRegistryURL = f.schemaRegistryURL
	}
	return s, s.Validate()
}

// applyKafkaProperties sets the --kafka-property values in s.
func (f *benchFlags) applyKafkaProperties(s *config.Settings) error {
	for _, kv := range f.kafkaProperties {
		if err := s.SetKafkaProperty(kv); err != nil {
			return fmt.Errorf("--kafka-property %q: %w", kv, err)
		}
	}
	return nil
}

// benchEvent loads the payload of the event type and chooses its key field.
func (f *benchFlags) benchEvent() (bench.Event, error) {
	def, err := catalog.Lookup(f.eventType)
	if err != nil {
		return bench.Event{}, err
	}
	fsys, err := payloadFS(f.eventsDir)
	if err != nil {
		return bench.Event{}, err
	}
	payloads, err := demo.LoadPayloads(fsys, []events.Definition{def})
	if err != nil {
		return bench.Event{}, err
	}
	keyField, _, err := demo.KeyField(def)
	if err != nil {
		return bench.Event{}, err
	}
	return bench.Event{Definition: def, Payload: payloads[def.EventType()], KeyField: keyField}, nil
}

func runBench(cmd *cobra.Command, f *benchFlags) error {
	ev, err := f.benchEvent()
	if err != nil {
		return err
	}
	cfg := bench.Config{
		External:       f.isExternal(),
		Event:          ev,
		Events:         f.events,
		BlockingEvents: min(f.blockingEvents, f.events),
		Partitions:     f.partitions,
		Repeat:         f.repeat,
		Rate:           f.rate,
		LatencyPeriod:  f.latencyPeriod,
		ConsumerEvents: f.consumerEvents,
		Progress:       cmd.ErrOrStderr(),
	}

	var childArgs []string
	cfg.MeasureConsumer = func(ctx context.Context, topic string, n int) (*bench.ConsumerMemory, error) {
		return spawnConsumer(ctx, cmd.ErrOrStderr(), f.eventType, topic, n, childArgs)
	}
	if err := cfg.Validate(); err != nil {
		return err
	}

	if cfg.External {
		if cfg.Settings, err = f.externalSettings(); err != nil {
			return err
		}
		childArgs = f.connectionArgs()
	} else {
		env, err := kafkatest.StartCluster(cmd.Context(), kafkatest.WithoutAutoCreateTopics())
		if err != nil {
			return fmt.Errorf("start the embedded broker and registry: %w", err)
		}
		defer env.Close()
		cfg.Settings = embeddedSettings(env)
		childArgs = []string{"--bootstrap-servers", env.Bootstrap, "--schema-registry-url", env.RegistryURL}
	}
	if err := f.applyKafkaProperties(&cfg.Settings); err != nil {
		return err
	}
	for _, kv := range f.kafkaProperties {
		childArgs = append(childArgs, "--kafka-property", kv)
	}

	stopProfile, err := startCPUProfile(f.cpuProfile)
	if err != nil {
		return err
	}
	report, err := bench.Run(cmd.Context(), cfg)
	if perr := stopProfile(); err == nil {
		err = perr
	}
	if err != nil {
		return err
	}
	if f.jsonOutput {
		enc := json.NewEncoder(cmd.OutOrStdout())
		enc.SetIndent("", "  ")
		return enc.Encode(report)
	}
	return report.Write(cmd.OutOrStdout())
}

// connectionArgs returns the flags that make a child process reach the same
// external cluster; it inherits the environment.
func (f *benchFlags) connectionArgs() []string {
	args := []string{"--external"}
	if f.settingsFile != "" {
		args = append(args, "--settings", f.settingsFile)
	}
	if f.bootstrapServers != "" {
		args = append(args, "--bootstrap-servers", f.bootstrapServers)
	}
	if f.schemaRegistryURL != "" {
		args = append(args, "--schema-registry-url", f.schemaRegistryURL)
	}
	return args
}

// spawnConsumer runs "eventbus bench --phase consume" in a new process and
// reads its JSON result.
func spawnConsumer(ctx context.Context, stderr io.Writer, eventType, topic string, n int,
	connection []string) (*bench.ConsumerMemory, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find the eventbus executable: %w", err)
	}
	args := append([]string{"bench", "--phase", "consume", "--event-type", eventType,
		"--topic", topic, "--group", topic + "-consumer", "--events", strconv.Itoa(n)}, connection...)
	var out bytes.Buffer
	child := exec.CommandContext(ctx, exe, args...)
	child.Stdout = &out
	child.Stderr = stderr
	if err := child.Run(); err != nil {
		return nil, fmt.Errorf("run %s %v: %w", exe, args, err)
	}
	var mem bench.ConsumerMemory
	if err := json.Unmarshal(out.Bytes(), &mem); err != nil {
		return nil, fmt.Errorf("read the result of the consumer process: %w", err)
	}
	return &mem, nil
}

// runConsumePhase is the consumer-only process: it consumes --events events
// of --topic and prints its throughput and memory as JSON.
func runConsumePhase(cmd *cobra.Command, f *benchFlags) error {
	if f.topic == "" || f.group == "" {
		return fmt.Errorf("the consume phase needs --topic and --group")
	}
	if !f.isExternal() {
		return fmt.Errorf("the consume phase needs --bootstrap-servers or --external: " +
			"it reads a topic that another process produced")
	}
	settings, err := f.externalSettings()
	if err != nil {
		return err
	}
	if err := f.applyKafkaProperties(&settings); err != nil {
		return err
	}
	def, err := catalog.Lookup(f.eventType)
	if err != nil {
		return err
	}
	mem, err := bench.ConsumeOnly(cmd.Context(), settings, def, f.topic, f.group, f.events)
	if err != nil {
		return err
	}
	return json.NewEncoder(cmd.OutOrStdout()).Encode(mem)
}

// startCPUProfile starts a CPU profile written to path, when path is not
// empty, and returns the function that stops it.
func startCPUProfile(path string) (stop func() error, err error) {
	if path == "" {
		return func() error { return nil }, nil
	}
	file, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("create the CPU profile: %w", err)
	}
	if err := pprof.StartCPUProfile(file); err != nil {
		file.Close()
		return nil, fmt.Errorf("start the CPU profile: %w", err)
	}
	return func() error {
		pprof.StopCPUProfile()
		return file.Close()
	}, nil
}

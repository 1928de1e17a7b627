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

	external bool

	// phase "consume" is the consumer-only child process.
	phase, topic, group string
	defaultsOnly        bool
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

By default it runs against a broker and registry embedded in this process, and of the
settings flags only --kafka-property applies. With --external, --config or
--bootstrap-servers it uses the configured cluster and registry instead (the EVENT_BUS_*
environment variables, the --config file and the flags), where it creates topics named
bench-<run id>-... and leaves them there.

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
	fl.StringVar(&f.cpuProfile, "cpuprofile", "", "write a pprof CPU profile of the whole run to this file")
	fl.BoolVar(&f.external, "external", false,
		"use the configured Kafka cluster and Schema Registry (implied by --config and --bootstrap-servers)")
	fl.BoolVar(&f.defaultsOnly, "defaults-only", false,
		"internal: start the consume phase from the default settings, not the environment")
	fl.StringVar(&f.phase, "phase", "", "internal: consume runs the consumer-only process")
	fl.StringVar(&f.topic, "topic", "", "internal: topic of the consume phase")
	fl.StringVar(&f.group, "group", "", "internal: consumer group of the consume phase")
	for _, name := range []string{"phase", "topic", "group", "defaults-only"} {
		_ = fl.MarkHidden(name)
	}
	return cmd
}

// isExternal reports whether the flags name a cluster to use.
func (f *benchFlags) isExternal(cmd *cobra.Command) bool {
	return f.external || cmd.Flags().Changed(flagConfig) || cmd.Flags().Changed(flagBootstrapServers)
}

// embeddedRunSettings returns the settings that reach env with the
// --kafka-property values of cmd applied, and the flags that give a child
// process the same settings.
func embeddedRunSettings(cmd *cobra.Command, env *kafkatest.Env) (config.Settings, []string, error) {
	s := embeddedSettings(env)
	args := []string{"--defaults-only", "--" + flagBootstrapServers, env.Bootstrap,
		"--" + flagSchemaRegistryURL, env.RegistryURL}
	for k, v := range s.Kafka {
		args = append(args, "--"+flagKafkaProperty, k+"="+v)
	}
	props, _ := cmd.Flags().GetStringArray(flagKafkaProperty)
	for _, kv := range props {
		if err := s.SetKafkaProperty(kv); err != nil {
			return s, nil, fmt.Errorf("--%s: %w", flagKafkaProperty, err)
		}
		args = append(args, "--"+flagKafkaProperty, kv)
	}
	return s, args, nil
}

// externalChildArgs returns the settings flags of cmd that were set, so that a
// child process, which inherits the environment, loads the same settings.
func externalChildArgs(cmd *cobra.Command) []string {
	args := []string{"--external"}
	for _, name := range []string{flagConfig, flagBootstrapServers, flagSchemaRegistryURL,
		flagTopicPrefix, flagServiceName} {
		if flag := cmd.Flags().Lookup(name); flag != nil && flag.Changed {
			args = append(args, "--"+name, flag.Value.String())
		}
	}
	props, _ := cmd.Flags().GetStringArray(flagKafkaProperty)
	for _, kv := range props {
		args = append(args, "--"+flagKafkaProperty, kv)
	}
	return args
}

// benchEvent loads the payload of the event type and chooses its key field.
func (f *benchFlags) benchEvent() (bench.Event, error) {
	def, err := catalog.Lookup(f.eventType)
	if err != nil {
		return bench.Event{}, err
	}
	if !def.Sendable() {
		return bench.Event{}, fmt.Errorf("--event-type %s: %w: pick an event type that the bus carries",
			f.eventType, events.ErrNotSendable)
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
		External:       f.isExternal(cmd),
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
		if cfg.Settings, err = loadSettings(cmd); err != nil {
			return err
		}
		childArgs = externalChildArgs(cmd)
	} else {
		env, err := kafkatest.StartCluster(cmd.Context(), kafkatest.Embedded(), kafkatest.WithoutAutoCreateTopics())
		if err != nil {
			return fmt.Errorf("start the embedded broker and registry: %w", err)
		}
		defer env.Close()
		if cfg.Settings, childArgs, err = embeddedRunSettings(cmd, env); err != nil {
			return err
		}
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
	if !f.isExternal(cmd) {
		return fmt.Errorf("the consume phase needs --bootstrap-servers or --external: " +
			"it reads a topic that another process produced")
	}
	settings, err := consumePhaseSettings(cmd, f.defaultsOnly)
	if err != nil {
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

// consumePhaseSettings returns the settings of the consume phase: those of
// the environment, the --config file and the flags, or with defaultsOnly the
// defaults and the flags, as the embedded run's settings are.
func consumePhaseSettings(cmd *cobra.Command, defaultsOnly bool) (config.Settings, error) {
	if !defaultsOnly {
		return loadSettings(cmd)
	}
	s := config.Defaults()
	for _, sf := range settingFlags {
		if flag := cmd.Flags().Lookup(sf.flag); flag != nil && flag.Changed {
			if err := s.Set(sf.key, flag.Value.String()); err != nil {
				return s, fmt.Errorf("--%s: %w", sf.flag, err)
			}
		}
	}
	props, _ := cmd.Flags().GetStringArray(flagKafkaProperty)
	for _, kv := range props {
		if err := s.SetKafkaProperty(kv); err != nil {
			return s, fmt.Errorf("--%s: %w", flagKafkaProperty, err)
		}
	}
	return s, s.Validate()
}

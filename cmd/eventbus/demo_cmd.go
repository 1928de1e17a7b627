package main

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/openedx-go/eventbus/events/catalog"
	"github.com/openedx-go/eventbus/kafkabus/config"
	"github.com/openedx-go/eventbus/kafkabus/demo"
	"github.com/openedx-go/eventbus/kafkabus/kafkatest"
	testevents "github.com/openedx-go/eventbus/testdata/events"
)

func newDemoCmd() *cobra.Command {
	var (
		eventsDir string
		verbose   bool
		timeout   time.Duration
	)
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Send every event type through an embedded broker and registry and check what arrives",
		Long: `Demo starts a Kafka-protocol broker and a Schema Registry inside this process on free
127.0.0.1 ports, produces one event of every serializable event type through the
producer (one topic per subdomain), consumes them back with a consumer group, and
checks that every payload and its metadata arrived unchanged. It needs no external
service. The exit status is 0 only when every event matched.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := rejectClusterFlags(cmd); err != nil {
				return err
			}
			payloads, err := payloadFS(eventsDir)
			if err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), timeout)
			defer cancel()
			return runDemo(ctx, cmd, payloads, verbose)
		},
	}
	cmd.Flags().StringVar(&eventsDir, "events-dir", "",
		`directory of "<event type>.json" payload records (default: the built-in examples)`)
	cmd.Flags().BoolVar(&verbose, "verbose", false,
		"show each event's key field and id, and log warnings of the producer and consumers to stderr")
	cmd.Flags().DurationVar(&timeout, "timeout", time.Minute, "time limit of the whole demo")
	return cmd
}

func runDemo(ctx context.Context, cmd *cobra.Command, payloads fs.FS, verbose bool) error {
	defs := catalog.Serializable()
	loaded, err := demo.LoadPayloads(payloads, defs)
	if err != nil {
		return err
	}

	env, err := kafkatest.StartCluster(ctx, kafkatest.Embedded())
	if err != nil {
		return fmt.Errorf("start the embedded broker and registry: %w", err)
	}
	defer env.Close()
	out := cmd.OutOrStdout()
	fmt.Fprintf(out, "embedded Kafka broker at %s, Schema Registry at %s\n", env.Bootstrap, env.RegistryURL)
	fmt.Fprintf(out, "sending one event of each of the %d serializable event types\n\n", len(defs))

	logger := slog.New(slog.DiscardHandler)
	if verbose {
		logger = slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	res, err := demo.Run(ctx, demo.Options{
		Settings:    embeddedSettings(env),
		Definitions: defs,
		Payloads:    loaded,
		Logger:      logger,
	})
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if err := res.Write(out, verbose); err != nil {
		return err
	}
	return res.Err()
}

// rejectClusterFlags returns an error when a flag names a cluster or a
// settings file, which the demo would otherwise ignore silently.
func rejectClusterFlags(cmd *cobra.Command) error {
	for _, name := range []string{flagConfig, flagBootstrapServers, flagSchemaRegistryURL} {
		if cmd.Flags().Changed(name) {
			return fmt.Errorf("--%s does not apply: the demo always uses its own embedded broker and "+
				"registry; to measure a configured cluster, run eventbus bench --external", name)
		}
	}
	return nil
}

// payloadFS returns the directory of payload records: dir when given, else
// the examples built into the binary.
func payloadFS(dir string) (fs.FS, error) {
	if dir == "" {
		return testevents.FS, nil
	}
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("events directory: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("events directory %q is not a directory: give the directory of the "+
			"\"<event type>.json\" files", dir)
	}
	return os.DirFS(dir), nil
}

// embeddedSettings returns the settings that reach env. They turn off
// librdkafka's client metrics push (KIP-714), which the embedded broker does
// not serve, so that librdkafka logs no telemetry lines.
func embeddedSettings(env *kafkatest.Env) config.Settings {
	s := env.Settings()
	s.Kafka["enable.metrics.push"] = "false"
	return s
}

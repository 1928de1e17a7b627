package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/openedx-go/eventbus/kafkabus/config"
	"github.com/openedx-go/eventbus/kafkabus/kafkatest"
)

type devFlags struct {
	kafkaListen    string
	registryListen string
	partitions     int
	topics         []string
	dataDir        string
}

func newDevCmd() *cobra.Command {
	var f devFlags
	cmd := &cobra.Command{
		Use:   "dev",
		Short: "Run an in-memory Kafka broker and Schema Registry for local development",
		Long: "Start an in-process Kafka broker and Schema Registry, print the environment variables\n" +
			"that point the other commands at them, and run until interrupted. Data lives in memory\n" +
			"and is lost on exit unless --data-dir names a directory to keep it in.\n\n" +
			"Producing to a missing topic creates it with --partitions partitions, but a\n" +
			"consumer does not create topics, so the topics of the producer\n" +
			"configuration in the settings (with the topic prefix) and those named with --topic\n" +
			"are created at start.",
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDev(cmd, f)
		},
	}
	flags := cmd.Flags()
	flags.StringVar(&f.kafkaListen, "kafka-listen", "127.0.0.1:9092", "Kafka broker listen address")
	flags.StringVar(&f.registryListen, "registry-listen", "127.0.0.1:8081", "Schema Registry listen address")
	flags.IntVar(&f.partitions, "partitions", kafkatest.DefaultPartitions, "partitions of each created topic")
	flags.StringArrayVar(&f.topics, "topic", nil, "topic to create at start (full name, repeatable)")
	flags.StringVar(&f.dataDir, "data-dir", "", "directory that keeps topics, offsets and schemas across restarts")
	return cmd
}

func runDev(cmd *cobra.Command, f devFlags) error {
	logger, err := newLogger(cmd)
	if err != nil {
		return err
	}
	if f.partitions < 1 {
		return usageError(fmt.Errorf("--partitions %d is invalid: use 1 or more", f.partitions))
	}
	topics, err := devTopics(cmd, f.topics)
	if err != nil {
		return err
	}
	ctx := cmd.Context()
	opts := []kafkatest.Option{
		kafkatest.Embedded(),
		kafkatest.WithKafkaAddr(f.kafkaListen),
		kafkatest.WithRegistryAddr(f.registryListen),
		kafkatest.WithPartitions(f.partitions),
	}
	if f.dataDir != "" {
		opts = append(opts, kafkatest.WithDataDir(f.dataDir))
	}
	env, err := kafkatest.StartCluster(ctx, opts...)
	if err != nil {
		return err
	}
	defer env.Close()

	for _, topic := range topics {
		if err := env.EnsureTopic(topic, int32(f.partitions)); err != nil {
			return err
		}
	}
	writeDevExports(cmd.OutOrStdout(), env)
	logger.Info("development broker and registry running, interrupt to stop",
		"bootstrap_servers", env.Bootstrap, "schema_registry_url", env.RegistryURL,
		"topics", strings.Join(topics, ","), "data_dir", f.dataDir)
	<-ctx.Done()
	logger.Info("development broker and registry stopped")
	return nil
}

// devTopics returns the --topic names plus every topic of the producer
// configuration in the settings, with the topic prefix, sorted and without repeats.
func devTopics(cmd *cobra.Command, extra []string) ([]string, error) {
	s, err := loadSettings(cmd)
	if err != nil {
		return nil, err
	}
	for _, topic := range extra {
		if err := config.ValidateTopic(topic); err != nil {
			return nil, usageError(fmt.Errorf("--topic: %w", err))
		}
	}
	topics := slices.Clone(extra)
	for _, r := range s.Producer.Routes() {
		topics = append(topics, s.FullTopic(r.Topic))
	}
	slices.Sort(topics)
	return slices.Compact(topics), nil
}

func writeDevExports(w io.Writer, env *kafkatest.Env) {
	fmt.Fprintf(w, "export EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS=%s\n", env.Bootstrap)
	fmt.Fprintf(w, "export EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL=%s\n", env.RegistryURL)
}

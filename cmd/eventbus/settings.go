package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/openedx-go/eventbus/kafkabus/config"
)

// Names of the persistent flags shared by every command.
const (
	flagConfig            = "config"
	flagBootstrapServers  = "bootstrap-servers"
	flagSchemaRegistryURL = "schema-registry-url"
	flagTopicPrefix       = "topic-prefix"
	flagServiceName       = "service-name"
	flagKafkaProperty     = "kafka-property"
	flagLogLevel          = "log-level"
	flagLogFormat         = "log-format"
)

// settingFlags maps the flags that set one setting to its short key.
var settingFlags = []struct{ flag, key string }{
	{flagBootstrapServers, "bootstrap_servers"},
	{flagSchemaRegistryURL, "schema_registry_url"},
	{flagTopicPrefix, "topic_prefix"},
	{flagServiceName, "service_name"},
}

// exitStatusHelp documents the exit status convention of every command.
const exitStatusHelp = `Exit status: 0 on success, 1 on a failure at run time (such as an unreachable
broker or registry, an undelivered event or an address in use), 2 for invalid usage
or input (unknown flags or event types, invalid flag values, settings or input files).
Commands that check something document their own meaning of 1 and 2: "schemas check"
exits 1 for an incompatible schema and 2 when it cannot check at all.`

// addSettingsFlags adds the settings and logging flags to root, for every command.
// It also makes flag errors usage errors (exit status 2) and documents the exit
// status in root's help.
func addSettingsFlags(root *cobra.Command) {
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError(fmt.Errorf("%w (see %q)", err, c.CommandPath()+" --help"))
	})
	if root.Long == "" {
		root.Long = root.Short + ".\n\n" + exitStatusHelp
	}
	f := root.PersistentFlags()
	f.String(flagConfig, "", "settings file, YAML or JSON, applied over the EVENT_BUS_* environment variables")
	f.String(flagBootstrapServers, "",
		"Kafka brokers as host:port,... (EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS, default "+
			config.DefaultBootstrapServers+")")
	f.String(flagSchemaRegistryURL, "",
		"Schema Registry base URL (EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL, default "+config.DefaultSchemaRegistryURL+")")
	f.String(flagTopicPrefix, "", "prefix added as <prefix>-<topic> to every topic (EVENT_BUS_TOPIC_PREFIX)")
	f.String(flagServiceName, "", "service name for ce_source and the Kafka client.id (EVENTS_SERVICE_NAME)")
	f.StringArray(flagKafkaProperty, nil, "librdkafka property as name=value, repeatable, e.g. linger.ms=5")
	f.String(flagLogLevel, "info", "log level: debug, info, warn or error")
	f.String(flagLogFormat, "text", "log format: text or json")
}

// loadSettings returns the effective settings of cmd: the environment, then the
// --config file, then the flags, validated. The producer configuration is checked
// for its shape only; commands that produce also check it against the catalog.
// Errors are usage errors (exit status 2).
func loadSettings(cmd *cobra.Command) (config.Settings, error) {
	s, err := loadSettingsUnmarked(cmd)
	return s, usageError(err)
}

func loadSettingsUnmarked(cmd *cobra.Command) (config.Settings, error) {
	file, _ := cmd.Flags().GetString(flagConfig)
	s, err := config.LoadUnvalidated(os.Getenv, file)
	if err != nil {
		return s, err
	}
	for _, sf := range settingFlags {
		flag := cmd.Flags().Lookup(sf.flag)
		if flag == nil || !flag.Changed {
			continue
		}
		if err := s.Set(sf.key, flag.Value.String()); err != nil {
			return s, fmt.Errorf("--%s: %w", sf.flag, err)
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

// checkTopicFlag checks the full name, with the topic prefix, of the topic that
// --flag names against Kafka's topic naming rule.
func checkTopicFlag(s config.Settings, flag, topic string) error {
	full := s.FullTopic(topic)
	err := config.ValidateTopic(full)
	switch {
	case err == nil:
		return nil
	case full != topic:
		return usageError(fmt.Errorf("--%s %q with topic prefix %q: %w", flag, topic, s.TopicPrefix, err))
	}
	return usageError(fmt.Errorf("--%s: %w", flag, err))
}

// usageArgs returns args with its errors marked as usage errors.
func usageArgs(args cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, a []string) error {
		return usageError(args(cmd, a))
	}
}

// requireFlags returns a usage error naming the flags of names that are not set.
func requireFlags(cmd *cobra.Command, names ...string) error {
	var missing []string
	for _, name := range names {
		if !cmd.Flags().Changed(name) {
			missing = append(missing, "--"+name)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	noun := "flag"
	if len(missing) > 1 {
		noun = "flags"
	}
	return usageError(fmt.Errorf("missing required %s %s (see %q)", noun, strings.Join(missing, ", "),
		cmd.CommandPath()+" --help"))
}

// usageError marks err as invalid usage or input, which exits with status 2.
func usageError(err error) error {
	if err == nil {
		return nil
	}
	return &exitError{code: 2, err: err}
}

// newLogger returns a logger writing to cmd's standard error in the --log-format
// and at the --log-level of cmd.
func newLogger(cmd *cobra.Command) (*slog.Logger, error) {
	levelText, _ := cmd.Flags().GetString(flagLogLevel)
	format, _ := cmd.Flags().GetString(flagLogFormat)
	logger, err := buildLogger(cmd.ErrOrStderr(), levelText, format)
	return logger, usageError(err)
}

func buildLogger(w io.Writer, levelText, format string) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(levelText)); err != nil {
		return nil, fmt.Errorf("--%s %q is invalid: use debug, info, warn or error", flagLogLevel, levelText)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch strings.ToLower(format) {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("--%s %q is invalid: use text or json", flagLogFormat, format)
}

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

// addSettingsFlags adds the settings and logging flags to root, for every command.
func addSettingsFlags(root *cobra.Command) {
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
	return buildLogger(cmd.ErrOrStderr(), levelText, format)
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

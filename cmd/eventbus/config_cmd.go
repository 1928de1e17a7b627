package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/kafkabus"
	"github.com/openedx-go/eventbus/kafkabus/config"
)

func newConfigCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Show and validate event bus settings",
	}
	cmd.AddCommand(newConfigShowCmd(), newConfigValidateCmd())
	return cmd
}

func newConfigShowCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show",
		Short: "Print the effective settings with secrets masked",
		Long: "Print the settings that commands use: the EVENT_BUS_* environment variables, then the\n" +
			"--config file, then the flags. API secrets, a password in the registry URL and secret\n" +
			"librdkafka properties are masked.",
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := loadSettings(cmd)
			if err != nil {
				return err
			}
			if asJSON {
				return writeSettingsJSON(cmd.OutOrStdout(), s)
			}
			return writeSettingsText(cmd.OutOrStdout(), s)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON object instead of NAME=value lines")
	return cmd
}

func writeSettingsText(w io.Writer, s config.Settings) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, row := range s.Display() {
		value := row[1]
		if row[0] == serviceNameEnv && value == "" {
			value = events.DefaultService + " (default)"
		}
		fmt.Fprintf(tw, "%s\t%s\n", row[0], value)
	}
	return tw.Flush()
}

// serviceNameEnv is the setting whose empty value means [events.DefaultService].
const serviceNameEnv = "EVENTS_SERVICE_NAME"

func writeSettingsJSON(w io.Writer, s config.Settings) error {
	obj := map[string]any{}
	kafka := map[string]string{}
	m := s.Masked()
	for _, row := range m.Display() {
		obj[row[0]] = row[1]
	}
	if s.ServiceName == "" {
		obj[serviceNameEnv] = events.DefaultService
	}
	for k, v := range m.Kafka {
		delete(obj, "kafka."+k)
		kafka[k] = v
	}
	obj["EVENT_BUS_PRODUCER_CONFIG"] = m.Producer
	obj["kafka"] = kafka
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(obj)
}

func newConfigValidateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "validate [FILE]",
		Short: "Check a producer configuration or settings file",
		Long: "Check FILE, YAML or JSON, and list the routes it configures. FILE is either a bare\n" +
			"EVENT_BUS_PRODUCER_CONFIG mapping ({event_type: {topic: {event_key_field, enabled}}})\n" +
			"or a settings file as given to --config (recognized by a known setting key such as\n" +
			"producer_config or bootstrap_servers). Without FILE, check the effective settings.\n" +
			"Every event type must exist and be sendable, and every event_key_field must lead to a\n" +
			"required string, number or boolean field of the payload.",
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			var pc config.ProducerConfig
			var subject string
			var err error
			if len(args) == 0 {
				pc, err = effectiveProducerConfig(cmd)
				subject = "effective settings"
			} else {
				pc, subject, err = readValidateFile(args[0])
			}
			if err != nil {
				return usageError(err)
			}
			for _, warning := range pc.UnknownKeys() {
				fmt.Fprintln(cmd.ErrOrStderr(), "eventbus: warning:", warning)
			}
			if err := pc.Validate(kafkabus.CatalogChecker{}); err != nil {
				return usageError(fmt.Errorf("%s is invalid:\n%w", subject, err))
			}
			return writeRoutes(cmd.OutOrStdout(), subject, pc)
		},
	}
}

func effectiveProducerConfig(cmd *cobra.Command) (config.ProducerConfig, error) {
	s, err := loadSettings(cmd)
	if err != nil {
		return nil, err
	}
	return s.Producer, nil
}

// readValidateFile reads FILE as a settings file or a bare producer configuration.
func readValidateFile(path string) (config.ProducerConfig, string, error) {
	doc, err := config.ReadFile(path)
	if err != nil {
		return nil, "", err
	}
	if len(doc) == 0 {
		return nil, "", fmt.Errorf("%s is empty: write an EVENT_BUS_PRODUCER_CONFIG mapping "+
			"({event_type: {topic: {event_key_field, enabled}}}) or a settings file", path)
	}
	if !config.IsSettingsDocument(doc) {
		pc, err := config.ParseProducerConfig(doc)
		if err != nil {
			return nil, "", fmt.Errorf("producer configuration %s is invalid:\n%w", path, err)
		}
		return pc, "producer configuration " + path, nil
	}
	s := config.Defaults()
	if err := s.ApplyFile(doc); err != nil {
		return nil, "", fmt.Errorf("settings file %s is invalid: %w", path, err)
	}
	if err := s.Validate(); err != nil {
		return nil, "", fmt.Errorf("settings file %s is invalid:\n%w", path, err)
	}
	return s.Producer, "settings file " + path, nil
}

func writeRoutes(w io.Writer, subject string, pc config.ProducerConfig) error {
	routes := pc.Routes()
	enabled := 0
	for _, r := range routes {
		if r.Enabled {
			enabled++
		}
	}
	fmt.Fprintf(w, "%s is valid: event types %d, routes %d, enabled %d\n", subject, len(pc), len(routes), enabled)
	if len(routes) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "EVENT TYPE\tTOPIC\tKEY FIELD\tENABLED")
	for _, r := range routes {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%t\n", r.EventType, r.Topic, r.KeyField, r.Enabled)
	}
	return tw.Flush()
}

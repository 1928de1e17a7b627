package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/openedx-go/eventbus/kafkabus/config"
	"github.com/openedx-go/eventbus/registry"
)

// registryFlags are the Schema Registry flags of the schemas commands, next
// to the shared --schema-registry-url, --config and --topic-prefix. Each flag
// overrides its environment variable.
type registryFlags struct {
	key     string
	secret  string
	timeout time.Duration
}

func (f *registryFlags) bind(cmd *cobra.Command) {
	flags := cmd.Flags()
	flags.StringVar(&f.key, "schema-registry-api-key", "",
		"Schema Registry API key for HTTP basic auth (EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_KEY)")
	flags.StringVar(&f.secret, "schema-registry-api-secret", "",
		"Schema Registry API secret (EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_SECRET); "+
			"prefer the environment variable, which does not show in the process list")
	flags.DurationVar(&f.timeout, "schema-registry-timeout", registry.DefaultTimeout,
		"time limit of each Schema Registry request attempt")
}

// settings returns the command's settings with the registry flags applied.
func (f *registryFlags) settings(cmd *cobra.Command) (config.Settings, error) {
	s, err := loadSettings(cmd)
	if err != nil {
		return s, usageError(err)
	}
	if f.key != "" {
		s.SchemaRegistryAPIKey = f.key
	}
	if f.secret != "" {
		s.SchemaRegistryAPISecret = f.secret
	}
	return s, nil
}

// client returns a registry client for the settings.
func (f *registryFlags) client(s config.Settings) (*registry.Client, error) {
	cfg := s.Registry()
	cfg.Timeout = f.timeout
	c, err := registry.New(cfg)
	if err != nil {
		return nil, usageError(fmt.Errorf("schema registry settings: %w", err))
	}
	return c, nil
}

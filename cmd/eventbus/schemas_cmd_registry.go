package main

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/openedx-go/eventbus/kafkabus/config"
	"github.com/openedx-go/eventbus/registry"
)

// registryFlags are the Schema Registry connection flags of the schemas
// commands. Each flag overrides its environment variable.
//
// NOTE: these flags read the environment themselves; when a shared settings
// loader for all commands exists, they should use it instead.
type registryFlags struct {
	url     string
	key     string
	secret  string
	timeout time.Duration
}

func (f *registryFlags) bind(cmd *cobra.Command) {
	flags := cmd.Flags()
	flags.StringVar(&f.url, "schema-registry-url", "",
		"Schema Registry base URL (default $EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL, else "+registry.DefaultURL+")")
	flags.StringVar(&f.key, "schema-registry-api-key", "",
		"Schema Registry API key for HTTP basic auth (default $EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_KEY)")
	flags.StringVar(&f.secret, "schema-registry-api-secret", "",
		"Schema Registry API secret (default $EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_SECRET)")
	flags.DurationVar(&f.timeout, "schema-registry-timeout", registry.DefaultTimeout,
		"time limit of each Schema Registry request attempt")
}

// settings loads the EVENT_BUS_* environment variables and applies the flags
// over the registry settings.
func (f *registryFlags) settings() (config.Settings, error) {
	s, err := config.LoadUnvalidated(os.Getenv, "")
	if err != nil {
		return s, invalidArgument(err)
	}
	if f.url != "" {
		s.SchemaRegistryURL = f.url
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
		return nil, invalidArgument(fmt.Errorf("schema registry settings: %w", err))
	}
	return c, nil
}

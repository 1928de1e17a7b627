package config

import "github.com/openedx-go/eventbus/registry"

// Registry returns the Schema Registry client settings: the URL and, when both are
// set, the API key and secret as HTTP basic auth. Timeouts and retries keep the
// registry package's defaults.
func (s Settings) Registry() registry.Config {
	return registry.Config{
		URL:       s.SchemaRegistryURL,
		APIKey:    s.SchemaRegistryAPIKey,
		APISecret: s.SchemaRegistryAPISecret,
	}
}

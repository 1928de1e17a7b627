package kafkatest

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// The environment variables that select external services. Both must be set, or
// neither.
const (
	// EnvBootstrapServers names the Kafka bootstrap servers, e.g. localhost:9092.
	EnvBootstrapServers = "EVENTBUS_TEST_BOOTSTRAP_SERVERS"
	// EnvSchemaRegistryURL names the Schema Registry's base URL, e.g.
	// http://localhost:8081.
	EnvSchemaRegistryURL = "EVENTBUS_TEST_SCHEMA_REGISTRY_URL"
)

// ErrNeedsEmbedded is the error of [StartCluster] when the environment selects
// external services but an option configures the embedded ones. [Start] skips the
// test on it.
var ErrNeedsEmbedded = errors.New("needs the embedded broker and registry")

type external struct {
	bootstrap, registryURL string
}

// externalFromEnv returns the external services that getenv names, or nil when
// neither variable is set.
func externalFromEnv(getenv func(string) string) (*external, error) {
	bootstrap := strings.TrimSpace(getenv(EnvBootstrapServers))
	registryURL := strings.TrimSpace(getenv(EnvSchemaRegistryURL))
	switch {
	case bootstrap == "" && registryURL == "":
		return nil, nil
	case registryURL == "":
		return nil, fmt.Errorf("%s is set but %s is missing: set both to use external services, or neither",
			EnvBootstrapServers, EnvSchemaRegistryURL)
	case bootstrap == "":
		return nil, fmt.Errorf("%s is set but %s is missing: set both to use external services, or neither",
			EnvSchemaRegistryURL, EnvBootstrapServers)
	}

	u, err := url.Parse(registryURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%s %q is not an http or https URL: use e.g. http://localhost:8081",
			EnvSchemaRegistryURL, registryURL)
	}
	return &external{bootstrap: bootstrap, registryURL: strings.TrimRight(registryURL, "/")}, nil
}

func startExternal(ext external, o options) (*Env, error) {
	if len(o.embeddedOnly) > 0 {
		return nil, fmt.Errorf("%w: %s selects external services, but these options configure "+
			"the embedded ones: %s", ErrNeedsEmbedded, EnvBootstrapServers, strings.Join(o.embeddedOnly, ", "))
	}
	return &Env{
		Bootstrap:   ext.bootstrap,
		RegistryURL: ext.registryURL,
		external:    true,
		closed:      make(chan struct{}),
	}, nil
}

// UniqueName returns base followed by a dash and 12 random hex digits, for topic,
// consumer group and subject names that must not collide with those of other
// tests sharing one cluster.
func UniqueName(base string) string {
	var b [6]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read does not fail since Go 1.24
	return base + "-" + hex.EncodeToString(b[:])
}

// Topic returns a topic name made unique with [UniqueName]. It creates nothing:
// producing to the topic creates it when the broker auto-creates topics, and
// [Env.CreateTopic] creates it with a chosen partition count.
func (e *Env) Topic(base string) string { return UniqueName(base) }

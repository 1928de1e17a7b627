package config

import (
	"fmt"
	"strconv"
	"strings"
)

// Field describes one setting: its environment variable (the Django setting name),
// its short key in settings files, and whether its value is a secret.
type Field struct {
	Env    string
	Key    string
	Secret bool

	set func(s *Settings, raw string) error
	get func(s Settings) string
}

// Fields lists every setting in display order. The producer configuration and the
// librdkafka passthrough properties are last.
var Fields = []Field{
	{Env: "EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS", Key: "bootstrap_servers",
		set: func(s *Settings, v string) error { s.BootstrapServers = v; return nil },
		get: func(s Settings) string { return s.BootstrapServers }},
	{Env: "EVENT_BUS_KAFKA_API_KEY", Key: "api_key",
		set: func(s *Settings, v string) error { s.APIKey = v; return nil },
		get: func(s Settings) string { return s.APIKey }},
	{Env: "EVENT_BUS_KAFKA_API_SECRET", Key: "api_secret", Secret: true,
		set: func(s *Settings, v string) error { s.APISecret = v; return nil },
		get: func(s Settings) string { return s.APISecret }},
	{Env: "EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL", Key: "schema_registry_url",
		set: func(s *Settings, v string) error { s.SchemaRegistryURL = v; return nil },
		get: func(s Settings) string { return s.SchemaRegistryURL }},
	{Env: "EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_KEY", Key: "schema_registry_api_key",
		set: func(s *Settings, v string) error { s.SchemaRegistryAPIKey = v; return nil },
		get: func(s Settings) string { return s.SchemaRegistryAPIKey }},
	{Env: "EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_SECRET", Key: "schema_registry_api_secret",
		Secret: true,
		set:    func(s *Settings, v string) error { s.SchemaRegistryAPISecret = v; return nil },
		get:    func(s Settings) string { return s.SchemaRegistryAPISecret }},
	{Env: "EVENT_BUS_TOPIC_PREFIX", Key: "topic_prefix",
		set: func(s *Settings, v string) error { s.TopicPrefix = v; return nil },
		get: func(s Settings) string { return s.TopicPrefix }},
	{Env: "EVENTS_SERVICE_NAME", Key: "service_name",
		set: func(s *Settings, v string) error { s.ServiceName = v; return nil },
		get: func(s Settings) string { return s.ServiceName }},
	{Env: "EVENT_BUS_KAFKA_CONSUMERS_ENABLED", Key: "consumers_enabled",
		set: func(s *Settings, v string) (err error) {
			s.ConsumersEnabled, err = parseBool("EVENT_BUS_KAFKA_CONSUMERS_ENABLED", v)
			return err
		},
		get: func(s Settings) string { return strconv.FormatBool(s.ConsumersEnabled) }},
	{Env: "EVENT_BUS_KAFKA_CONSUMER_POLL_TIMEOUT", Key: "consumer_poll_timeout",
		set: func(s *Settings, v string) (err error) {
			s.ConsumerPollTimeout, err = parseDuration("EVENT_BUS_KAFKA_CONSUMER_POLL_TIMEOUT", v)
			return err
		},
		get: func(s Settings) string { return s.ConsumerPollTimeout.String() }},
	{Env: "EVENT_BUS_KAFKA_CONSUMER_POLL_FAILURE_SLEEP", Key: "consumer_poll_failure_sleep",
		set: func(s *Settings, v string) (err error) {
			s.ConsumerPollFailureSleep, err = parseDuration("EVENT_BUS_KAFKA_CONSUMER_POLL_FAILURE_SLEEP", v)
			return err
		},
		get: func(s Settings) string { return s.ConsumerPollFailureSleep.String() }},
	{Env: "EVENT_BUS_KAFKA_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", Key: "consumer_consecutive_errors_limit",
		set: func(s *Settings, v string) (err error) {
			s.ConsumerConsecutiveErrorsLimit, err = parseLimit("EVENT_BUS_KAFKA_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", v)
			return err
		},
		get: func(s Settings) string {
			if s.ConsumerConsecutiveErrorsLimit == 0 {
				return "none"
			}
			return strconv.Itoa(s.ConsumerConsecutiveErrorsLimit)
		}},
	{Env: "EVENT_BUS_KAFKA_AUDIT_LOGGING_ENABLED", Key: "audit_logging_enabled",
		set: func(s *Settings, v string) (err error) {
			s.AuditLoggingEnabled, err = parseBool("EVENT_BUS_KAFKA_AUDIT_LOGGING_ENABLED", v)
			return err
		},
		get: func(s Settings) string { return strconv.FormatBool(s.AuditLoggingEnabled) }},
	{Env: "EVENT_BUS_PRODUCER_CONFIG", Key: "producer_config",
		set: func(s *Settings, v string) error {
			pc, err := ParseProducerConfigText([]byte(v))
			if err != nil {
				return err
			}
			s.Producer = pc
			return nil
		},
		get: func(s Settings) string { return s.Producer.String() }},
}

// kafkaKey is the settings-file key of the librdkafka passthrough mapping.
const kafkaKey = "kafka"

// lookupField finds a field by short key or environment variable name.
func lookupField(name string) (Field, bool) {
	for _, f := range Fields {
		if name == f.Key || name == f.Env {
			return f, true
		}
	}
	return Field{}, false
}

// Set sets one setting from its text form, as it would appear in the environment.
// name is the short key (bootstrap_servers) or the setting name
// (EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS). Durations take seconds or Go syntax, and the
// producer configuration takes JSON text.
func (s *Settings) Set(name, value string) error {
	f, ok := lookupField(name)
	if !ok {
		return fmt.Errorf("unknown setting %q: use one of %s", name, strings.Join(fieldKeys(), ", "))
	}
	return f.set(s, value)
}

// SetKafkaProperty sets one librdkafka property passed through to every client.
// kv is "name=value", e.g. "linger.ms=5".
func (s *Settings) SetKafkaProperty(kv string) error {
	name, value, ok := strings.Cut(kv, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return fmt.Errorf("kafka property %q is not name=value: write it as e.g. linger.ms=5", kv)
	}
	if s.Kafka == nil {
		s.Kafka = map[string]string{}
	}
	s.Kafka[name] = value
	return nil
}

// Value returns the text form of the setting called name (short key or setting
// name), with secrets masked unless reveal is true.
func (s Settings) Value(name string, reveal bool) (string, error) {
	f, ok := lookupField(name)
	if !ok {
		return "", fmt.Errorf("unknown setting %q: use one of %s", name, strings.Join(fieldKeys(), ", "))
	}
	v := f.get(s)
	if f.Env == "EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL" && !reveal {
		return maskURL(v), nil
	}
	if f.Secret && !reveal {
		return mask(v), nil
	}
	return v, nil
}

func fieldKeys() []string {
	keys := make([]string, len(Fields))
	for i, f := range Fields {
		keys[i] = f.Key
	}
	return keys
}

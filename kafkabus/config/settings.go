package config

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Default values of the settings that have one.
const (
	DefaultBootstrapServers  = "localhost:9092"
	DefaultSchemaRegistryURL = "http://localhost:8081"
	DefaultPollTimeout       = time.Second
	DefaultPollFailureSleep  = time.Second
)

// Settings is the complete configuration of a producer or consumer process. The zero
// value is not useful: start from [Defaults] or [Load]. A Settings value contains
// maps, so copy it with [Settings.Clone] before changing a copy.
//
// String, GoString and LogValue mask the secrets, so printing or logging a Settings
// value never shows them.
type Settings struct {
	// BootstrapServers is the comma-separated host:port list of Kafka brokers.
	BootstrapServers string
	// APIKey and APISecret are the SASL PLAIN user name and password. When both are
	// set the connection uses SASL_SSL, and setting only one of them is an error.
	APIKey    string
	APISecret string

	// SchemaRegistryURL is the base URL of the Confluent-compatible Schema Registry.
	SchemaRegistryURL string
	// SchemaRegistryAPIKey and SchemaRegistryAPISecret are sent as HTTP basic auth
	// when both are set.
	SchemaRegistryAPIKey    string
	SchemaRegistryAPISecret string

	// TopicPrefix, when set, turns every topic t into "<prefix>-t" for producing,
	// consuming and Schema Registry subjects.
	TopicPrefix string
	// ServiceName names this service in the ce_source header
	// (openedx/<service>/web) and is the Kafka client.id.
	ServiceName string

	// ConsumersEnabled is false to make consumers exit at once without consuming.
	// The default is true.
	ConsumersEnabled bool
	// ConsumerPollTimeout is how long one poll waits for a message (default 1s).
	ConsumerPollTimeout time.Duration
	// ConsumerPollFailureSleep is the pause after a failed poll (default 1s).
	ConsumerPollFailureSleep time.Duration
	// ConsumerConsecutiveErrorsLimit ends a consumer after that many errors in a
	// row. Zero means no limit, which is the default.
	ConsumerConsecutiveErrorsLimit int
	// AuditLoggingEnabled logs one line per delivered, received and handled event
	// (default true).
	AuditLoggingEnabled bool

	// Producer is EVENT_BUS_PRODUCER_CONFIG: which topics each event type goes to.
	Producer ProducerConfig
	// Kafka contains extra librdkafka properties passed through to every client.
	Kafka map[string]string
}

// Defaults returns the settings that apply when nothing is configured.
func Defaults() Settings {
	return Settings{
		BootstrapServers:         DefaultBootstrapServers,
		SchemaRegistryURL:        DefaultSchemaRegistryURL,
		ConsumersEnabled:         true,
		ConsumerPollTimeout:      DefaultPollTimeout,
		ConsumerPollFailureSleep: DefaultPollFailureSleep,
		AuditLoggingEnabled:      true,
		Producer:                 ProducerConfig{},
		Kafka:                    map[string]string{},
	}
}

// Clone returns a deep copy of s.
func (s Settings) Clone() Settings {
	c := s
	c.Producer = s.Producer.Clone()
	c.Kafka = make(map[string]string, len(s.Kafka))
	for k, v := range s.Kafka {
		c.Kafka[k] = v
	}
	return c
}

// FullTopic returns the Kafka topic name for the unprefixed topic: "<prefix>-topic"
// when TopicPrefix is set, else topic itself.
func (s Settings) FullTopic(topic string) string {
	if s.TopicPrefix == "" {
		return topic
	}
	return s.TopicPrefix + "-" + topic
}

// SASL reports whether the Kafka connection authenticates with SASL PLAIN over SSL.
func (s Settings) SASL() bool {
	return s.APIKey != "" && s.APISecret != ""
}

// Validate checks the settings that do not depend on the event catalog. Check the
// producer configuration against the catalog with [ProducerConfig.Validate].
func (s Settings) Validate() error {
	var errs []error
	if strings.TrimSpace(s.BootstrapServers) == "" {
		errs = append(errs, errors.New("EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS is empty: "+
			"set it to the host:port list of the Kafka brokers, e.g. localhost:9092"))
	}
	errs = append(errs, checkPair("EVENT_BUS_KAFKA_API_KEY", s.APIKey,
		"EVENT_BUS_KAFKA_API_SECRET", s.APISecret))
	errs = append(errs, checkPair("EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_KEY", s.SchemaRegistryAPIKey,
		"EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_SECRET", s.SchemaRegistryAPISecret))
	errs = append(errs, checkRegistryURL(s.SchemaRegistryURL))
	if s.ConsumerPollTimeout <= 0 {
		errs = append(errs, fmt.Errorf("EVENT_BUS_KAFKA_CONSUMER_POLL_TIMEOUT is %s: "+
			"set a positive duration such as 1s", s.ConsumerPollTimeout))
	}
	if s.ConsumerPollFailureSleep < 0 {
		errs = append(errs, fmt.Errorf("EVENT_BUS_KAFKA_CONSUMER_POLL_FAILURE_SLEEP is %s: "+
			"set zero or a positive duration such as 1s", s.ConsumerPollFailureSleep))
	}
	if s.ConsumerConsecutiveErrorsLimit < 0 {
		errs = append(errs, fmt.Errorf("EVENT_BUS_KAFKA_CONSUMER_CONSECUTIVE_ERRORS_LIMIT is %d: "+
			"set a positive count, or leave it unset for no limit", s.ConsumerConsecutiveErrorsLimit))
	}
	errs = append(errs, checkTopicPrefix(s.TopicPrefix))
	errs = append(errs, checkKafkaProperties(s.Kafka))
	if s.Producer != nil {
		errs = append(errs, s.Producer.Validate(nil), checkRouteTopics(s))
	}
	return errors.Join(errs...)
}

// checkPair rejects a credential pair with only one half set.
func checkPair(keyName, key, secretName, secret string) error {
	switch {
	case key != "" && secret == "":
		return fmt.Errorf("%s is set but %s is empty: set both to authenticate, or neither",
			keyName, secretName)
	case key == "" && secret != "":
		return fmt.Errorf("%s is set but %s is empty: set both to authenticate, or neither",
			secretName, keyName)
	}
	return nil
}

func checkRegistryURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL %q is not an http or https URL: "+
			"set it to the registry's base URL, e.g. %s", maskURL(raw), DefaultSchemaRegistryURL)
	}
	return nil
}

// checkTopicPrefix rejects prefixes that would make invalid Kafka topic names:
// the prefix with "-" and a one-character topic must be a valid name.
func checkTopicPrefix(prefix string) error {
	if i := strings.IndexFunc(prefix, func(r rune) bool { return !validTopicRune(r) }); i >= 0 {
		return fmt.Errorf("EVENT_BUS_TOPIC_PREFIX %q contains %q: %s", prefix, []rune(prefix[i:])[0], topicRule)
	}
	if len(prefix) > MaxTopicLength-2 {
		return fmt.Errorf("EVENT_BUS_TOPIC_PREFIX is %d characters long, which leaves no room for a topic: "+
			"%s, and the prefix and \"-\" come first", len(prefix), topicRule)
	}
	return nil
}

// checkRouteTopics checks the full name, with the prefix, of every topic of the
// producer configuration.
func checkRouteTopics(s Settings) error {
	var errs []error
	for _, eventType := range sortedKeys(s.Producer) {
		for _, topic := range sortedKeys(s.Producer[eventType]) {
			if topic == "" || ValidateTopic(topic) != nil {
				continue // reported by ProducerConfig.Validate
			}
			if err := ValidateTopic(s.FullTopic(topic)); err != nil {
				errs = append(errs, fmt.Errorf("%s: event type %q, topic %q with EVENT_BUS_TOPIC_PREFIX %q: %w",
					producerSetting, eventType, topic, s.TopicPrefix, err))
			}
		}
	}
	return errors.Join(errs...)
}

func validTopicRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
		r == '.' || r == '_' || r == '-'
}

// ownProperties are librdkafka properties that have a setting of their own; passing
// them through as well would leave two values for one thing.
var ownProperties = map[string]string{
	"bootstrap.servers":    "EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS (--bootstrap-servers)",
	"metadata.broker.list": "EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS (--bootstrap-servers)",
	"client.id":            "EVENTS_SERVICE_NAME (--service-name)",
	"sasl.username":        "EVENT_BUS_KAFKA_API_KEY",
	"sasl.password":        "EVENT_BUS_KAFKA_API_SECRET",
}

func checkKafkaProperties(props map[string]string) error {
	var errs []error
	for _, k := range sortedKeys(props) {
		if k == "" {
			errs = append(errs, errors.New("kafka property with an empty name: "+
				"pass properties as name=value, e.g. linger.ms=5"))
			continue
		}
		if setting, ok := ownProperties[k]; ok {
			errs = append(errs, fmt.Errorf("kafka property %q has its own setting: set %s instead",
				k, setting))
		}
	}
	return errors.Join(errs...)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// parseDuration reads a duration given as seconds (the Python settings' unit, e.g.
// "1" or "0.5") or in Go syntax ("500ms").
func parseDuration(name, raw string) (time.Duration, error) {
	raw = strings.TrimSpace(raw)
	if secs, err := strconv.ParseFloat(raw, 64); err == nil {
		return time.Duration(secs * float64(time.Second)), nil
	}
	d, err := time.ParseDuration(raw)
	if err != nil {
		return 0, fmt.Errorf("%s %q is not a duration: give seconds (1, 0.5) or a Go duration (500ms)",
			name, raw)
	}
	return d, nil
}

func parseBool(name, raw string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(raw)) {
	case "1", "t", "true", "yes", "on":
		return true, nil
	case "0", "f", "false", "no", "off":
		return false, nil
	}
	return false, fmt.Errorf("%s %q is not a boolean: use true or false", name, raw)
}

// parseLimit reads the consecutive errors limit, where empty, "none" and 0 mean no limit.
func parseLimit(name, raw string) (int, error) {
	raw = strings.TrimSpace(raw)
	switch strings.ToLower(raw) {
	case "", "none", "null":
		return 0, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s %q is not a count: give a positive integer, or none for no limit",
			name, raw)
	}
	return n, nil
}

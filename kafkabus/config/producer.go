package config

import (
	"encoding/json"
	"errors"
	"fmt"

	"go.yaml.in/yaml/v3"
)

// Keys of a topic entry in the producer configuration.
const (
	KeyEventKeyField = "event_key_field"
	KeyEnabled       = "enabled"
)

const producerSetting = "EVENT_BUS_PRODUCER_CONFIG"

// ProducerConfig is EVENT_BUS_PRODUCER_CONFIG: for each event type, the unprefixed
// topics it is published to, {event_type: {topic: entry}}. It keeps the shape of the
// Django setting so that a configuration can be pasted between the two.
type ProducerConfig map[string]map[string]TopicConfig

// TopicConfig is one topic entry as written, {"event_key_field": "a.b", "enabled":
// true}, including any extra keys, which are allowed and ignored. A partial entry
// (as in an override for [Merge]) may lack either key, but [ProducerConfig.Validate]
// requires both.
type TopicConfig map[string]any

// EventKeyField returns the dotted key path and whether the entry sets it as a string.
func (t TopicConfig) EventKeyField() (string, bool) {
	s, ok := t[KeyEventKeyField].(string)
	return s, ok
}

// Enabled returns the enabled flag and whether the entry sets it as a boolean.
func (t TopicConfig) Enabled() (bool, bool) {
	b, ok := t[KeyEnabled].(bool)
	return b, ok
}

// Route is one validated (event type, topic) pair of a [ProducerConfig].
type Route struct {
	EventType string
	// Topic is unprefixed; see [Settings.FullTopic].
	Topic    string
	KeyField string
	Enabled  bool
}

// Catalog checks event types and key paths against the known events; the kafkabus
// package provides one backed by the event catalog.
type Catalog interface {
	// CheckEventType returns an error when eventType is unknown or cannot be sent.
	CheckEventType(eventType string) error
	// CheckKeyField returns an error when path does not lead from the payload key to
	// a required primitive field of eventType.
	CheckKeyField(eventType, path string) error
}

// ParseProducerConfigJSON parses the JSON text of EVENT_BUS_PRODUCER_CONFIG and checks
// its shape with [ParseProducerConfig].
func ParseProducerConfigJSON(data []byte) (ProducerConfig, error) {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, fmt.Errorf("%s is not valid JSON (%v): write it as "+
			`{"<event type>": {"<topic>": {"event_key_field": "<path>", "enabled": true}}}`,
			producerSetting, err)
	}
	return ParseProducerConfig(v)
}

// ParseProducerConfigText is [ParseProducerConfigJSON] that also accepts YAML, which
// includes the Python dict literal of a Django setting ('single quotes', True, False
// and trailing commas), so an operator can paste the setting as it is.
func ParseProducerConfigText(data []byte) (ProducerConfig, error) {
	var v any
	jsonErr := json.Unmarshal(data, &v)
	if jsonErr == nil {
		return ParseProducerConfig(v)
	}
	if err := yaml.Unmarshal(data, &v); err != nil {
		return nil, fmt.Errorf("%s is not valid JSON (%v) nor a Python or YAML mapping (%v): write it as "+
			`{"<event type>": {"<topic>": {"event_key_field": "<path>", "enabled": true}}}`,
			producerSetting, jsonErr, err)
	}
	return ParseProducerConfig(v)
}

// ParseProducerConfig converts a decoded JSON or YAML value into a ProducerConfig. It
// rejects a value that is not a mapping of mappings of mappings; the contents of each
// topic entry are checked by [ProducerConfig.Validate].
func ParseProducerConfig(v any) (ProducerConfig, error) {
	top, ok := normalize(v).(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s is a %s, not a mapping: write "+
			`{"<event type>": {"<topic>": {"event_key_field": "<path>", "enabled": true}}}`,
			producerSetting, kindOf(v))
	}
	pc := make(ProducerConfig, len(top))
	var errs []error
	for _, eventType := range sortedKeys(top) {
		topics, ok := top[eventType].(map[string]any)
		if !ok {
			errs = append(errs, fmt.Errorf("%s: event type %q maps to a %s: write a mapping of topic "+
				"names to entries", producerSetting, eventType, kindOf(top[eventType])))
			continue
		}
		pc[eventType] = make(map[string]TopicConfig, len(topics))
		for _, topic := range sortedKeys(topics) {
			entry, ok := topics[topic].(map[string]any)
			if !ok {
				errs = append(errs, fmt.Errorf("%s: event type %q, topic %q: the entry is a %s, "+
					`not a mapping: write {"event_key_field": "<path>", "enabled": true}`,
					producerSetting, eventType, topic, kindOf(topics[topic])))
				continue
			}
			pc[eventType][topic] = TopicConfig(entry)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return pc, nil
}

// Validate checks every topic entry: event_key_field must be a string and enabled a
// boolean (a string such as "true" is invalid); extra keys are allowed. When catalog
// is not nil it also checks that each event type is known and each key path is
// usable as a key. All problems are reported together.
func (pc ProducerConfig) Validate(catalog Catalog) error {
	var errs []error
	for _, eventType := range sortedKeys(pc) {
		if catalog != nil {
			if err := catalog.CheckEventType(eventType); err != nil {
				errs = append(errs, fmt.Errorf("%s: event type %q: %w", producerSetting, eventType, err))
				continue
			}
		}
		topics := pc[eventType]
		for _, topic := range sortedKeys(topics) {
			errs = append(errs, validateEntry(catalog, eventType, topic, topics[topic]))
		}
	}
	return errors.Join(errs...)
}

func validateEntry(catalog Catalog, eventType, topic string, entry TopicConfig) error {
	where := fmt.Sprintf("%s: event type %q, topic %q", producerSetting, eventType, topic)
	if err := ValidateTopic(topic); err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	var errs []error
	path, hasPath := entry[KeyEventKeyField]
	switch p := path.(type) {
	case string:
		if catalog != nil {
			if err := catalog.CheckKeyField(eventType, p); err != nil {
				errs = append(errs, fmt.Errorf("%s: event_key_field %q: %w", where, p, err))
			}
		}
	default:
		if !hasPath {
			errs = append(errs, fmt.Errorf(`%s: event_key_field is missing: add "event_key_field": `+
				`"<dotted path to a payload field>"`, where))
		} else {
			errs = append(errs, fmt.Errorf("%s: event_key_field is a %s (%v): write the dotted path "+
				"as a string", where, kindOf(p), p))
		}
	}
	enabled, hasEnabled := entry[KeyEnabled]
	switch e := enabled.(type) {
	case bool:
	case string:
		errs = append(errs, fmt.Errorf("%s: enabled is the string %q: write true or false without quotes",
			where, e))
	default:
		if !hasEnabled {
			errs = append(errs, fmt.Errorf(`%s: enabled is missing: add "enabled": true or false`, where))
		} else {
			errs = append(errs, fmt.Errorf("%s: enabled is a %s (%v): write true or false", where,
				kindOf(e), e))
		}
	}
	return errors.Join(errs...)
}

// Routes returns every (event type, topic) entry sorted by event type and topic.
// Entries that [ProducerConfig.Validate] would reject are left out.
func (pc ProducerConfig) Routes() []Route {
	var routes []Route
	for _, eventType := range sortedKeys(pc) {
		for _, topic := range sortedKeys(pc[eventType]) {
			entry := pc[eventType][topic]
			keyField, okKey := entry.EventKeyField()
			enabled, okEnabled := entry.Enabled()
			if !okKey || !okEnabled {
				continue
			}
			routes = append(routes, Route{EventType: eventType, Topic: topic,
				KeyField: keyField, Enabled: enabled})
		}
	}
	return routes
}

// Merge returns base with override applied: event types and topics only in override
// are added, and for topics in both, enabled and event_key_field are overwritten
// where override sets them. Nothing is removed and neither input is changed.
func Merge(base, override ProducerConfig) ProducerConfig {
	merged := base.Clone()
	if merged == nil {
		merged = ProducerConfig{}
	}
	for eventType, topics := range override {
		if merged[eventType] == nil {
			merged[eventType] = map[string]TopicConfig{}
		}
		for topic, entry := range topics {
			existing, ok := merged[eventType][topic]
			if !ok {
				merged[eventType][topic] = cloneEntry(entry)
				continue
			}
			for _, k := range []string{KeyEnabled, KeyEventKeyField} {
				if v, set := entry[k]; set {
					existing[k] = deepCopy(v)
				}
			}
		}
	}
	return merged
}

// Clone returns a deep copy of pc.
func (pc ProducerConfig) Clone() ProducerConfig {
	if pc == nil {
		return nil
	}
	c := make(ProducerConfig, len(pc))
	for eventType, topics := range pc {
		c[eventType] = make(map[string]TopicConfig, len(topics))
		for topic, entry := range topics {
			c[eventType][topic] = cloneEntry(entry)
		}
	}
	return c
}

func cloneEntry(t TopicConfig) TopicConfig {
	c := make(TopicConfig, len(t))
	for k, v := range t {
		c[k] = deepCopy(v)
	}
	return c
}

func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		l := make([]any, len(t))
		for i, e := range t {
			l[i] = deepCopy(e)
		}
		return l
	}
	return v
}

// String returns pc as compact JSON with sorted keys.
func (pc ProducerConfig) String() string {
	if pc == nil {
		return "{}"
	}
	b, err := json.Marshal(pc)
	if err != nil {
		return fmt.Sprintf("<unprintable producer config: %v>", err)
	}
	return string(b)
}

// UnknownKeys returns one warning for each key of a topic entry other than
// event_key_field and enabled, such as a misspelled "enable". Extra keys are
// allowed and ignored, so they are not errors, but a typo would go unnoticed.
func (pc ProducerConfig) UnknownKeys() []string {
	var warnings []string
	for _, eventType := range sortedKeys(pc) {
		for _, topic := range sortedKeys(pc[eventType]) {
			for _, key := range sortedKeys(pc[eventType][topic]) {
				if key == KeyEventKeyField || key == KeyEnabled {
					continue
				}
				warnings = append(warnings, fmt.Sprintf("%s: event type %q, topic %q: unknown key %q is ignored "+
					"(the known keys are %s and %s)", producerSetting, eventType, topic, key,
					KeyEnabled, KeyEventKeyField))
			}
		}
	}
	return warnings
}

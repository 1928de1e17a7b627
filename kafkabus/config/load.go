package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Load returns the settings from the environment and then the settings file, later
// sources overriding earlier ones, and validates them with [Settings.Validate].
// env looks up an environment variable (os.Getenv, or a map in tests); an empty value
// counts as unset. file is the path of a YAML or JSON settings file, or "" for none.
func Load(env func(string) string, file string) (Settings, error) {
	s, err := LoadUnvalidated(env, file)
	if err != nil {
		return s, err
	}
	return s, s.Validate()
}

// LoadUnvalidated is [Load] without the final validation, for callers that apply
// more values (command-line flags) before validating.
func LoadUnvalidated(env func(string) string, file string) (Settings, error) {
	s := Defaults()
	if err := s.applyEnv(env); err != nil {
		return s, err
	}
	if file == "" {
		return s, nil
	}
	doc, err := ReadFile(file)
	if err != nil {
		return s, err
	}
	if err := s.ApplyFile(doc); err != nil {
		return s, fmt.Errorf("settings file %s: %w", file, err)
	}
	return s, nil
}

func (s *Settings) applyEnv(env func(string) string) error {
	if env == nil {
		return nil
	}
	for _, f := range Fields {
		v := env(f.Env)
		if v == "" {
			continue
		}
		if err := f.set(s, v); err != nil {
			return fmt.Errorf("environment variable %s: %w", f.Env, err)
		}
	}
	return nil
}

// ReadFile reads a YAML or JSON file into plain Go values: map[string]any for
// mappings, []any, string, bool, int or float64. Files ending in .json must be JSON.
func ReadFile(path string) (map[string]any, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read settings file: %w", err)
	}
	v, err := decode(path, data)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return map[string]any{}, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("file %s contains a %s at the top level: write a mapping of settings",
			path, kindOf(v))
	}
	return m, nil
}

// decode reads a .json file as JSON, and any other file as JSON when it parses as
// such, else as YAML. YAML also reads a pasted Python dict literal.
func decode(path string, data []byte) (any, error) {
	var v any
	jsonErr := json.Unmarshal(data, &v)
	if jsonErr == nil {
		return v, nil
	}
	if strings.EqualFold(filepath.Ext(path), ".json") {
		return nil, fmt.Errorf("file %s is not valid JSON: %w", path, jsonErr)
	}
	if err := yaml.Unmarshal(data, &v); err != nil {
		if bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
			return nil, fmt.Errorf("file %s is neither valid JSON (%v) nor YAML: %w", path, jsonErr, err)
		}
		return nil, fmt.Errorf("file %s is not valid YAML: %w", path, err)
	}
	return normalize(v), nil
}

// normalize turns the map[any]any that YAML produces for non-string keys into
// map[string]any, at every level.
func normalize(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			t[k] = normalize(e)
		}
		return t
	case map[any]any:
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[fmt.Sprint(k)] = normalize(e)
		}
		return m
	case []any:
		for i, e := range t {
			t[i] = normalize(e)
		}
		return t
	}
	return v
}

// IsSettingsDocument reports whether doc looks like a settings file rather than a
// bare producer configuration: at least one top-level key is a setting name.
func IsSettingsDocument(doc map[string]any) bool {
	for k := range doc {
		if _, ok := lookupField(k); ok || k == kafkaKey {
			return true
		}
	}
	return false
}

// ApplyFile sets the values of a decoded settings file over s. Keys are the short
// names of [Fields] or the setting names, plus "kafka" for librdkafka properties.
// A null value leaves the setting unchanged.
func (s *Settings) ApplyFile(doc map[string]any) error {
	for _, k := range sortedKeys(doc) {
		if err := s.applyFileKey(k, doc[k]); err != nil {
			return err
		}
	}
	return nil
}

func (s *Settings) applyFileKey(k string, v any) error {
	if v == nil {
		return nil
	}
	if k == kafkaKey {
		return s.applyKafkaMap(v)
	}
	f, ok := lookupField(k)
	if !ok {
		return fmt.Errorf("unknown key %q: use one of %s, kafka", k, strings.Join(fieldKeys(), ", "))
	}
	if f.Key == "producer_config" {
		return s.applyProducerConfig(v)
	}
	switch v.(type) {
	case map[string]any, []any:
		return fmt.Errorf("%s is a %s: write a single value", f.Key, kindOf(v))
	}
	if err := f.set(s, fmt.Sprint(v)); err != nil {
		return fmt.Errorf("%s: %w", f.Key, err)
	}
	return nil
}

func (s *Settings) applyProducerConfig(v any) error {
	if text, ok := v.(string); ok {
		pc, err := ParseProducerConfigText([]byte(text))
		if err != nil {
			return err
		}
		s.Producer = pc
		return nil
	}
	pc, err := ParseProducerConfig(v)
	if err != nil {
		return err
	}
	s.Producer = pc
	return nil
}

func (s *Settings) applyKafkaMap(v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("kafka is a %s: write a mapping of librdkafka properties, e.g. linger.ms: 5",
			kindOf(v))
	}
	if s.Kafka == nil {
		s.Kafka = map[string]string{}
	}
	for _, name := range sortedKeys(m) {
		switch e := m[name].(type) {
		case map[string]any, []any, nil:
			return fmt.Errorf("kafka property %q is a %s: write a single value", name, kindOf(e))
		default:
			s.Kafka[name] = fmt.Sprint(e)
		}
	}
	return nil
}

// kindOf names the JSON kind of a decoded value for error messages.
func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "mapping"
	case []any:
		return "list"
	case string:
		return "string"
	case bool:
		return "boolean"
	case int, int64, float64, uint64:
		return "number"
	}
	return fmt.Sprintf("%T", v)
}

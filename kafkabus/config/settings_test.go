package config

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadDefaults(t *testing.T) {
	s, err := Load(envMap(nil), "")
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name string
		got  any
		want any
	}{
		{"bootstrap", s.BootstrapServers, "localhost:9092"},
		{"registry", s.SchemaRegistryURL, "http://localhost:8081"},
		{"consumers enabled", s.ConsumersEnabled, true},
		{"poll timeout", s.ConsumerPollTimeout, time.Second},
		{"poll failure sleep", s.ConsumerPollFailureSleep, time.Second},
		{"errors limit", s.ConsumerConsecutiveErrorsLimit, 0},
		{"audit logging", s.AuditLoggingEnabled, true},
		{"topic prefix", s.TopicPrefix, ""},
		{"sasl", s.SASL(), false},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestLoadEnvironment(t *testing.T) {
	env := map[string]string{
		"EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS":                 "127.0.0.1:19092",
		"EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL":               "http://127.0.0.1:18081",
		"EVENT_BUS_TOPIC_PREFIX":                            "dev",
		"EVENTS_SERVICE_NAME":                               "lms",
		"EVENT_BUS_KAFKA_CONSUMERS_ENABLED":                 "false",
		"EVENT_BUS_KAFKA_CONSUMER_POLL_TIMEOUT":             "0.5",
		"EVENT_BUS_KAFKA_CONSUMER_POLL_FAILURE_SLEEP":       "2s",
		"EVENT_BUS_KAFKA_CONSUMER_CONSECUTIVE_ERRORS_LIMIT": "5",
		"EVENT_BUS_KAFKA_AUDIT_LOGGING_ENABLED":             "False",
		"EVENT_BUS_PRODUCER_CONFIG": `{"` + loginEvent +
			`": {"user-login": {"event_key_field": "user.pii.username", "enabled": true}}}`,
	}
	s, err := Load(envMap(env), "")
	if err != nil {
		t.Fatal(err)
	}

	want := Defaults()
	want.BootstrapServers = "127.0.0.1:19092"
	want.SchemaRegistryURL = "http://127.0.0.1:18081"
	want.TopicPrefix = "dev"
	want.ServiceName = "lms"
	want.ConsumersEnabled = false
	want.ConsumerPollTimeout = 500 * time.Millisecond
	want.ConsumerPollFailureSleep = 2 * time.Second
	want.ConsumerConsecutiveErrorsLimit = 5
	want.AuditLoggingEnabled = false
	want.Producer = ProducerConfig{loginEvent: {"user-login": {"event_key_field": "user.pii.username", "enabled": true}}}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("Load() =\n%#v\nwant\n%#v", s, want)
	}
}

func TestLoadPrecedence(t *testing.T) {
	env := map[string]string{
		"EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1111",
		"EVENT_BUS_TOPIC_PREFIX":            "env",
		"EVENTS_SERVICE_NAME":               "from-env",
	}
	file := writeFile(t, "settings.yaml", `
bootstrap_servers: 127.0.0.1:2222
EVENT_BUS_TOPIC_PREFIX: file
consumer_poll_timeout: 3
audit_logging_enabled: false
kafka:
  linger.ms: 5
  enable.idempotence: true
producer_config:
  `+loginEvent+`:
    user-login:
      event_key_field: user.pii.username
      enabled: true
`)
	s, err := LoadUnvalidated(envMap(env), file)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Set("bootstrap_servers", "127.0.0.1:3333"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetKafkaProperty("linger.ms=10"); err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name string
		got  any
		want any
	}{
		{"flag beats file and env", s.BootstrapServers, "127.0.0.1:3333"},
		{"file beats env", s.TopicPrefix, "file"},
		{"env kept when file is silent", s.ServiceName, "from-env"},
		{"file seconds", s.ConsumerPollTimeout, 3 * time.Second},
		{"file boolean", s.AuditLoggingEnabled, false},
		{"flag property beats file", s.Kafka["linger.ms"], "10"},
		{"file property", s.Kafka["enable.idempotence"], "true"},
		{"file producer config", s.Producer.String(),
			`{"` + loginEvent + `":{"user-login":{"enabled":true,"event_key_field":"user.pii.username"}}}`},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestLoadJSONFile(t *testing.T) {
	file := writeFile(t, "settings.json", `{
	"schema_registry_url": "http://127.0.0.1:18081",
	"producer_config": "{\"`+loginEvent+`\": {\"t\": {\"event_key_field\": \"user.pii.username\", \"enabled\": false}}}"
}`)
	s, err := Load(envMap(nil), file)
	if err != nil {
		t.Fatal(err)
	}
	if s.SchemaRegistryURL != "http://127.0.0.1:18081" {
		t.Errorf("SchemaRegistryURL = %q", s.SchemaRegistryURL)
	}
	if got := s.Producer.Routes(); len(got) != 1 || got[0].Topic != "t" || got[0].Enabled {
		t.Errorf("Routes() = %+v, want one disabled route to t", got)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		file    string
		wantErr string
	}{
		{"api key without secret", map[string]string{"EVENT_BUS_KAFKA_API_KEY": "k"}, "",
			"EVENT_BUS_KAFKA_API_KEY is set but EVENT_BUS_KAFKA_API_SECRET is empty"},
		{"api secret without key", map[string]string{"EVENT_BUS_KAFKA_API_SECRET": "s"}, "",
			"EVENT_BUS_KAFKA_API_SECRET is set but EVENT_BUS_KAFKA_API_KEY is empty"},
		{"registry key without secret", map[string]string{"EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_KEY": "k"}, "",
			"EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_KEY is set but EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_SECRET is empty"},
		{"bad boolean", map[string]string{"EVENT_BUS_KAFKA_CONSUMERS_ENABLED": "maybe"}, "",
			`EVENT_BUS_KAFKA_CONSUMERS_ENABLED "maybe" is not a boolean`},
		{"bad duration", map[string]string{"EVENT_BUS_KAFKA_CONSUMER_POLL_TIMEOUT": "soon"}, "",
			`EVENT_BUS_KAFKA_CONSUMER_POLL_TIMEOUT "soon" is not a duration`},
		{"zero poll timeout", map[string]string{"EVENT_BUS_KAFKA_CONSUMER_POLL_TIMEOUT": "0"}, "",
			"set a positive duration"},
		{"bad limit", map[string]string{"EVENT_BUS_KAFKA_CONSUMER_CONSECUTIVE_ERRORS_LIMIT": "-1"}, "",
			`EVENT_BUS_KAFKA_CONSUMER_CONSECUTIVE_ERRORS_LIMIT "-1" is not a count`},
		{"registry not a URL", map[string]string{"EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL": "localhost:8081"}, "",
			`EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL "localhost:8081" is not an http or https URL`},
		{"bad prefix", map[string]string{"EVENT_BUS_TOPIC_PREFIX": "a b"}, "",
			`EVENT_BUS_TOPIC_PREFIX "a b" contains ' '`},
		{"producer config not JSON", map[string]string{"EVENT_BUS_PRODUCER_CONFIG": "{x"}, "",
			"environment variable EVENT_BUS_PRODUCER_CONFIG: EVENT_BUS_PRODUCER_CONFIG is not valid JSON"},
		{"producer config scalar", map[string]string{"EVENT_BUS_PRODUCER_CONFIG": "enabled"}, "",
			"EVENT_BUS_PRODUCER_CONFIG is a string, not a mapping"},
		{"producer config enabled string", map[string]string{"EVENT_BUS_PRODUCER_CONFIG": `{"e": {"t": ` +
			`{"event_key_field": "a", "enabled": "true"}}}`}, "", `enabled is the string "true"`},
		{"unknown file key", nil, "bootstrap_server: x\n", `unknown key "bootstrap_server"`},
		{"file not a mapping", nil, "- a\n", "contains a list at the top level"},
		{"kafka not a mapping", nil, "kafka: linger.ms=5\n", "kafka is a string"},
		{"kafka property with own setting", nil, "kafka:\n  bootstrap.servers: x:1\n",
			`kafka property "bootstrap.servers" has its own setting`},
		{"file producer config entry not mapping", nil, "producer_config:\n  e:\n    t: [1]\n",
			`topic "t": the entry is a list`},
		{"file value is a mapping", nil, "topic_prefix: {a: 1}\n", "topic_prefix is a mapping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := ""
			if tt.file != "" {
				file = writeFile(t, "settings.yaml", tt.file)
			}
			_, err := Load(envMap(tt.env), file)
			checkErr(t, err, tt.wantErr)
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(envMap(nil), filepath.Join(t.TempDir(), "absent.yaml"))
	checkErr(t, err, "read settings file")
}

func TestSetErrors(t *testing.T) {
	s := Defaults()
	checkErr(t, s.Set("bootstrap", "x"), `unknown setting "bootstrap"`)
	checkErr(t, s.SetKafkaProperty("linger.ms"), `kafka property "linger.ms" is not name=value`)
	checkErr(t, s.SetKafkaProperty("=5"), "is not name=value")
}

func TestKafkaConfig(t *testing.T) {
	s := Defaults()
	s.ServiceName = "lms"
	s.APIKey, s.APISecret = "key", "secret"
	s.Kafka["linger.ms"] = "5"
	s.Kafka["security.protocol"] = "SASL_PLAINTEXT"
	got := s.KafkaConfig()
	want := map[string]any{
		"bootstrap.servers": "localhost:9092",
		"client.id":         "lms",
		"security.protocol": "SASL_PLAINTEXT",
		"sasl.mechanism":    "PLAIN",
		"sasl.username":     "key",
		"sasl.password":     "secret",
		"linger.ms":         "5",
	}
	if len(got) != len(want) {
		t.Errorf("KafkaConfig() has %d properties, want %d: %v", len(got), len(want), got)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("KafkaConfig()[%q] = %v, want %v", k, got[k], v)
		}
	}
}

func TestKafkaConfigWithoutSASL(t *testing.T) {
	got := Defaults().KafkaConfig()
	for _, k := range []string{"client.id", "security.protocol", "sasl.mechanism", "sasl.username"} {
		if _, ok := got[k]; ok {
			t.Errorf("KafkaConfig() sets %s without a service name or credentials", k)
		}
	}
}

func TestFullTopic(t *testing.T) {
	s := Defaults()
	if got := s.FullTopic("user-login"); got != "user-login" {
		t.Errorf("FullTopic without prefix = %q", got)
	}
	s.TopicPrefix = "dev"
	if got := s.FullTopic("user-login"); got != "dev-user-login" {
		t.Errorf("FullTopic with prefix = %q, want dev-user-login", got)
	}
}

func TestSecretsMasked(t *testing.T) {
	s := Defaults()
	s.APIKey, s.APISecret = "visible-key", "kafka-secret-1"
	s.SchemaRegistryAPIKey, s.SchemaRegistryAPISecret = "sr-key", "registry-secret-2"
	s.SchemaRegistryURL = "https://user:url-secret-3@127.0.0.1:8081"
	s.Kafka["ssl.key.password"] = "ssl-secret-4"
	s.Kafka["linger.ms"] = "5"

	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("settings", "settings", s)
	outputs := map[string]string{
		"String":   s.String(),
		"%v":       fmt.Sprintf("%v", s),
		"%+v":      fmt.Sprintf("%+v", s),
		"%#v":      fmt.Sprintf("%#v", s),
		"slog":     logged.String(),
		"Masked()": fmt.Sprint(s.Masked().APISecret, s.Masked().SchemaRegistryURL, s.Masked().Kafka),
	}
	for name, out := range outputs {
		for _, secret := range []string{"kafka-secret-1", "registry-secret-2", "url-secret-3", "ssl-secret-4"} {
			if strings.Contains(out, secret) {
				t.Errorf("%s output shows secret %q: %s", name, secret, out)
			}
		}
	}
	if !strings.Contains(s.String(), "visible-key") || !strings.Contains(s.String(), "linger.ms") {
		t.Errorf("String() hides more than secrets: %s", s.String())
	}
	if s.APISecret != "kafka-secret-1" {
		t.Error("Masked changed the original settings")
	}
	if v, _ := s.Value("api_secret", true); v != "kafka-secret-1" {
		t.Errorf("Value(reveal) = %q, want the secret", v)
	}
	if v, _ := s.Value("api_secret", false); v != Masked {
		t.Errorf("Value() = %q, want %q", v, Masked)
	}
}

func TestProducerConfigPastedFromPython(t *testing.T) {
	literal := "{\n    '" + loginEvent + "': {\n        'user-login': {'event_key_field': 'user.pii.username', " +
		"'enabled': True},\n        'user-login-audit': {'event_key_field': 'user.pii.username', 'enabled': False},\n" +
		"    },\n}"
	want := ProducerConfig{loginEvent: {
		"user-login":       {"event_key_field": "user.pii.username", "enabled": true},
		"user-login-audit": {"event_key_field": "user.pii.username", "enabled": false},
	}}

	fromEnv, err := Load(envMap(map[string]string{"EVENT_BUS_PRODUCER_CONFIG": literal}), "")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromEnv.Producer, want) {
		t.Errorf("from the environment: %v, want %v", fromEnv.Producer, want)
	}

	doc, err := ReadFile(writeFile(t, "producer.py", literal))
	if err != nil {
		t.Fatal(err)
	}
	fromFile, err := ParseProducerConfig(doc)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromFile, want) {
		t.Errorf("from a file: %v, want %v", fromFile, want)
	}
}

func TestReadFileJSONExtensionIsStrict(t *testing.T) {
	_, err := ReadFile(writeFile(t, "settings.json", "{'topic_prefix': 'dev'}"))
	checkErr(t, err, "is not valid JSON")
}

func TestMaskURLShowsPlainMask(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://user:s3cret@registry.example:8081/api", "https://user:********@registry.example:8081/api"},
		{"http://a%40b:pw@127.0.0.1:8081", "http://a%40b:********@127.0.0.1:8081"},
		{"http://user@127.0.0.1:8081", "http://user@127.0.0.1:8081"},
		{"http://127.0.0.1:8081", "http://127.0.0.1:8081"},
	}
	for _, tt := range tests {
		if got := maskURL(tt.in); got != tt.want {
			t.Errorf("maskURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestValidateTopic(t *testing.T) {
	tests := []struct {
		name    string
		wantErr string
	}{
		{"dev-enrollments", ""},
		{"a.b_c-D9", ""},
		{strings.Repeat("t", MaxTopicLength), ""},
		{"", "topic name is empty"},
		{".", `topic name "." is invalid`},
		{"..", `topic name ".." is invalid`},
		{"bad topic!", `topic name "bad topic!" contains ' '`},
		{"é", `topic name "é" contains 'é'`},
		{strings.Repeat("t", MaxTopicLength+1), "is 250 characters long"},
	}
	for _, tt := range tests {
		err := ValidateTopic(tt.name)
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("ValidateTopic(%q) = %v, want nil", tt.name, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ValidateTopic(%q) = %v, want one containing %q", tt.name, err, tt.wantErr)
		} else if !strings.Contains(err.Error(), "[a-zA-Z0-9._-]") && !strings.Contains(err.Error(), "a-z, A-Z") {
			t.Errorf("ValidateTopic(%q) = %v, want it to state the rule", tt.name, err)
		}
	}
}

func TestValidateRouteTopics(t *testing.T) {
	s := Defaults()
	s.TopicPrefix = strings.Repeat("p", 200)
	s.Producer = ProducerConfig{"org.openedx.learning.auth.session.login.completed.v1": {
		strings.Repeat("t", 60): {"event_key_field": "user.pii.username", "enabled": true},
		"bad topic":             {"event_key_field": "user.pii.username", "enabled": true},
	}}
	err := s.Validate()
	if err == nil {
		t.Fatal("Validate = nil, want errors for the long full topic and the space")
	}
	if !strings.Contains(err.Error(), "is 261 characters long") {
		t.Errorf("err = %v, want the prefixed topic's length", err)
	}
	if !strings.Contains(err.Error(), `topic name "bad topic" contains ' '`) {
		t.Errorf("err = %v, want the invalid character named", err)
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runEventbus runs the eventbus command line in-process and returns its output.
func runEventbus(t *testing.T, ctx context.Context, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(ctx, args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func writeTempFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

const testEnrollmentType = "org.openedx.learning.course.enrollment.created.v1"

func TestConfigShowPrecedenceAndMasking(t *testing.T) {
	t.Setenv("EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1111")
	t.Setenv("EVENT_BUS_TOPIC_PREFIX", "from-env")
	t.Setenv("EVENT_BUS_KAFKA_API_KEY", "cluster-key")
	t.Setenv("EVENT_BUS_KAFKA_API_SECRET", "cluster-secret-value")
	file := writeTempFile(t, "settings.yaml", "topic_prefix: from-file\nservice_name: lms\n"+
		"kafka:\n  ssl.key.password: key-password-value\n")

	out, _, err := runEventbus(t, context.Background(), "", "config", "show", "--config", file,
		"--service-name", "cms", "--kafka-property", "linger.ms=7")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1111",
		"from-file", "cms", "linger.ms", "cluster-key",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("config show output lacks %q:\n%s", want, out)
		}
	}
	for _, secret := range []string{"cluster-secret-value", "key-password-value"} {
		if strings.Contains(out, secret) {
			t.Errorf("config show prints secret %q:\n%s", secret, out)
		}
	}
	if strings.Contains(out, "from-env") {
		t.Errorf("the file's topic prefix did not override the environment:\n%s", out)
	}
}

func TestConfigShowJSON(t *testing.T) {
	t.Setenv("EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_KEY", "sr-key")
	t.Setenv("EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_SECRET", "sr-secret-value")
	out, _, err := runEventbus(t, context.Background(), "", "config", "show", "--json",
		"--bootstrap-servers", "127.0.0.1:2222")
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if got["EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS"] != "127.0.0.1:2222" {
		t.Errorf("bootstrap servers = %v, want the flag's value", got["EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS"])
	}
	if got["EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_SECRET"] != "********" {
		t.Errorf("registry secret = %v, want it masked", got["EVENT_BUS_KAFKA_SCHEMA_REGISTRY_API_SECRET"])
	}
}

func TestConfigShowRejectsHalfCredentials(t *testing.T) {
	t.Setenv("EVENT_BUS_KAFKA_API_KEY", "cluster-key")
	_, _, err := runEventbus(t, context.Background(), "", "config", "show")
	if err == nil || !strings.Contains(err.Error(), "EVENT_BUS_KAFKA_API_SECRET is empty") {
		t.Errorf("err = %v, want the missing secret named", err)
	}
}

func TestConfigValidate(t *testing.T) {
	validEntry := `{"event_key_field": "enrollment.course.course_key", "enabled": true}`
	tests := []struct {
		name         string
		file         string
		text         string
		wantOut      []string
		wantErrs     []string
		wantWarnings []string
	}{
		{
			name:     "empty file",
			file:     "producer.yaml",
			text:     "\n",
			wantErrs: []string{"producer.yaml is empty: "},
		},
		{
			name: "unknown key in a route",
			file: "producer.yaml",
			text: testEnrollmentType + ":\n  t:\n    event_key_field: enrollment.course.course_key\n" +
				"    enabled: true\n    enable: false\n",
			wantOut:      []string{"is valid: event types 1, routes 1, enabled 1"},
			wantWarnings: []string{`unknown key "enable" is ignored (the known keys are enabled and event_key_field)`},
		},
		{
			name:    "bare producer config JSON",
			file:    "producer.json",
			text:    `{"` + testEnrollmentType + `": {"course-enrollment": ` + validEntry + `}}`,
			wantOut: []string{"is valid: event types 1, routes 1, enabled 1", "course-enrollment", "enrollment.course.course_key"},
		},
		{
			name: "settings file YAML",
			file: "settings.yaml",
			text: "bootstrap_servers: 127.0.0.1:9092\nproducer_config:\n  " + testEnrollmentType +
				":\n    enrollments:\n      event_key_field: enrollment.user.pii.username\n      enabled: false\n",
			wantOut: []string{"settings file", "routes 1, enabled 0", "enrollment.user.pii.username"},
		},
		{
			name:     "enabled as a string",
			file:     "producer.yaml",
			text:     testEnrollmentType + ":\n  t:\n    event_key_field: enrollment.course.course_key\n    enabled: \"true\"\n",
			wantErrs: []string{`enabled is the string "true"`},
		},
		{
			name:     "unknown event type and bad key",
			file:     "producer.json",
			text:     `{"org.openedx.learning.course.enrolment.created.v1": {"t": ` + validEntry + `}, "` + testEnrollmentType + `": {"t": {"event_key_field": "enrollment.course.start", "enabled": true}}}`,
			wantErrs: []string{`"org.openedx.learning.course.enrolment.created.v1"`, `event_key_field "enrollment.course.start"`},
		},
		{
			name:     "topic entry not a mapping",
			file:     "producer.json",
			text:     `{"` + testEnrollmentType + `": {"t": "enabled"}}`,
			wantErrs: []string{"the entry is a string, not a mapping"},
		},
		{
			name:     "settings file with an unknown key",
			file:     "settings.yaml",
			text:     "bootstrap_servers: 127.0.0.1:9092\nschema_registry: http://127.0.0.1:8081\n",
			wantErrs: []string{`unknown key "schema_registry"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, stderr, err := runEventbus(t, context.Background(), "", "config", "validate",
				writeTempFile(t, tt.file, tt.text))
			if len(tt.wantErrs) == 0 && err != nil {
				t.Fatalf("err = %v", err)
			}
			if len(tt.wantErrs) > 0 && err == nil {
				t.Fatalf("validate succeeded, want errors %q; output:\n%s", tt.wantErrs, out)
			}
			if len(tt.wantErrs) > 0 && exitCode(err) != 2 {
				t.Errorf("exit status %d, want 2 for an invalid file", exitCode(err))
			}
			for _, want := range tt.wantWarnings {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks warning %q:\n%s", want, stderr)
				}
			}
			for _, want := range tt.wantOut {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			for _, want := range tt.wantErrs {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("err lacks %q:\n%v", want, err)
				}
			}
		})
	}
}

func TestConfigValidateEffectiveSettings(t *testing.T) {
	t.Setenv("EVENT_BUS_PRODUCER_CONFIG", `{"`+testEnrollmentType+`": {"t": {"event_key_field": "enrollment.course.course_key", "enabled": true}}}`)
	out, _, err := runEventbus(t, context.Background(), "", "config", "validate")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "effective settings is valid: event types 1") {
		t.Errorf("output = %q", out)
	}
}

func TestLoggerFlags(t *testing.T) {
	_, _, err := runEventbus(t, context.Background(), "", "dev", "--log-level", "loud")
	if err == nil || !strings.Contains(err.Error(), `--log-level "loud" is invalid`) {
		t.Errorf("err = %v, want an invalid --log-level error", err)
	}
	_, _, err = runEventbus(t, context.Background(), "", "dev", "--log-format", "xml")
	if err == nil || !strings.Contains(err.Error(), `--log-format "xml" is invalid`) {
		t.Errorf("err = %v, want an invalid --log-format error", err)
	}
}

func TestConfigShowDefaultServiceName(t *testing.T) {
	t.Setenv("EVENTS_SERVICE_NAME", "")
	out, _, err := runEventbus(t, context.Background(), "", "config", "show")
	if err != nil {
		t.Fatal(err)
	}
	if line := findLine(out, "EVENTS_SERVICE_NAME"); !strings.HasSuffix(line, "SERVICE_NAME_UNSET (default)") {
		t.Errorf("service name line = %q, want the default SERVICE_NAME_UNSET", line)
	}
	out, _, err = runEventbus(t, context.Background(), "", "config", "show", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if got["EVENTS_SERVICE_NAME"] != "SERVICE_NAME_UNSET" {
		t.Errorf("JSON service name = %v, want SERVICE_NAME_UNSET", got["EVENTS_SERVICE_NAME"])
	}
}

func TestConfigShowPlainMaskedURL(t *testing.T) {
	out, _, err := runEventbus(t, context.Background(), "", "config", "show",
		"--schema-registry-url", "http://user:pw@127.0.0.1:8081")
	if err != nil {
		t.Fatal(err)
	}
	if line := findLine(out, "EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL"); !strings.HasSuffix(line,
		"http://user:********@127.0.0.1:8081") {
		t.Errorf("registry URL line = %q, want the password shown as ********", line)
	}
}

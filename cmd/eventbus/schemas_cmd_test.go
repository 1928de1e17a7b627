package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/openedx-go/eventbus/events/avro"
	"github.com/openedx-go/eventbus/events/catalog"
	"github.com/openedx-go/eventbus/registry"
	"github.com/openedx-go/eventbus/registry/compat"
	"github.com/openedx-go/eventbus/registry/server"
)

const (
	loginType      = "org.openedx.learning.auth.session.login.completed.v1"
	enrollmentType = "org.openedx.learning.course.enrollment.created.v1"
)

// runCmd runs the eventbus command line and returns its output and error.
func runCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

func startTestRegistry(t *testing.T, opts ...server.Option) string {
	t.Helper()
	s, err := server.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts.URL
}

func wantExit(t *testing.T, err error, code int) {
	t.Helper()
	if err == nil {
		if code != 0 {
			t.Fatalf("command succeeded, want exit status %d", code)
		}
		return
	}
	if got := exitCode(err); got != code {
		t.Fatalf("exit status %d (%v), want %d", got, err, code)
	}
}

func TestSchemasRegisterTypes(t *testing.T) {
	url := startTestRegistry(t)
	args := []string{"schemas", "register", "--schema-registry-url", url, "--topic", "user-login", loginType}

	out, _, err := runCmd(t, args...)
	wantExit(t, err, 0)
	valueSubject := registry.ValueSubject("user-login", loginType)
	for _, want := range []string{valueSubject + " id=1 version=1 new", "user-login-string id=2 version=1 new"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	out, _, err = runCmd(t, args...)
	wantExit(t, err, 0)
	if strings.Contains(out, " new") || strings.Count(out, "existing") != 2 {
		t.Errorf("second run output, want two existing subjects:\n%s", out)
	}
}

func TestSchemasRegisterAll(t *testing.T) {
	url := startTestRegistry(t)
	t.Setenv("EVENT_BUS_TOPIC_PREFIX", "dev")
	out, stderr, err := runCmd(t, "schemas", "register", "--schema-registry-url", url, "--all", "--topic", "t")
	wantExit(t, err, 0)

	c, err := registry.New(registry.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	subjects, err := c.Subjects(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, def := range catalog.Serializable() {
		if !slices.Contains(subjects, registry.ValueSubject("dev-t", def.EventType())) {
			t.Errorf("no value subject for %s", def.EventType())
		}
	}
	if !slices.Contains(subjects, "dev-t-string") {
		t.Errorf("subjects %v lack the key subject dev-t-string", subjects)
	}
	if !strings.Contains(stderr, "[72/72]") {
		t.Errorf("stderr lacks progress up to [72/72]:\n%s", stderr)
	}
	if got := strings.Count(out, "\n"); got != len(subjects) {
		t.Errorf("printed %d lines for %d subjects", got, len(subjects))
	}
}

func TestSchemasRegisterProducerConfig(t *testing.T) {
	url := startTestRegistry(t)
	t.Setenv("EVENT_BUS_TOPIC_PREFIX", "stage")
	files := map[string]string{
		"producer.json": `{"` + enrollmentType + `": {"enrollments": {"event_key_field": "enrollment.course.course_key",
			"enabled": true}}, "` + loginType + `": {"user-login": {"event_key_field": "user.id", "enabled": false}}}`,
		"producer.yaml": enrollmentType + ":\n  enrollments:\n    event_key_field: enrollment.user.pii.username\n" +
			"    enabled: true\n",
	}
	for name, text := range files {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), name)
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			out, _, err := runCmd(t, "schemas", "register", "--schema-registry-url", url, "--producer-config", path)
			wantExit(t, err, 0)
			for _, want := range []string{registry.ValueSubject("stage-enrollments", enrollmentType),
				"stage-enrollments-string id="} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

func TestSchemasRegisterUsageErrors(t *testing.T) {
	url := startTestRegistry(t)
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"`+loginType+`": {"t": {"event_key_field": "user.nope", "enabled": "yes"}}}`),
		0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"no selection", []string{}, "exactly one of"},
		{"all and types", []string{"--all", "--topic", "t", loginType}, "exactly one of"},
		{"missing topic", []string{loginType}, "--topic is missing"},
		{"unknown type", []string{"--topic", "t", "org.openedx.learning.nope.v1"}, "unknown event type"},
		{"invalid config", []string{"--producer-config", bad}, `enabled is the string "yes"`},
		{"bad strategy", []string{"--all", "--topic", "t", "--subject-name-strategy", "x"}, "subject name strategy"},
		{"half credentials", []string{"--all", "--topic", "t", "--schema-registry-api-key", "k"}, "secret is missing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"schemas", "register", "--schema-registry-url", url}, tt.args...)
			_, _, err := runCmd(t, args...)
			wantExit(t, err, 2)
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestSchemasRegisterFailureSummary(t *testing.T) {
	url := startTestRegistry(t)
	c, err := registry.New(registry.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	// A long key on the topic makes the string key of the enrollment event
	// incompatible under BACKWARD.
	long, _ := avro.Parse([]byte(`"long"`))
	if _, err := c.Register(context.Background(), "t-string", long); err != nil {
		t.Fatal(err)
	}

	out, stderr, err := runCmd(t, "schemas", "register", "--schema-registry-url", url, "--topic", "t",
		"--key-field", "enrollment.course.course_key", enrollmentType)
	wantExit(t, err, 1)
	if !strings.Contains(err.Error(), "1 of 2 schema registrations failed") {
		t.Errorf("error %q lacks the summary", err)
	}
	if !strings.Contains(stderr, "t-string") || !strings.Contains(stderr, "409") {
		t.Errorf("stderr does not name the failed subject and status:\n%s", stderr)
	}
	if !strings.Contains(out, registry.ValueSubject("t", enrollmentType)) {
		t.Errorf("output lacks the value subject that did register:\n%s", out)
	}
}

// releaseSchemas writes the current schema of every sendable event into a
// directory, with the login event's payload record missing its first field.
func releaseSchemas(t *testing.T, breakLogin bool) string {
	t.Helper()
	dir := t.TempDir()
	for _, def := range catalog.Serializable() {
		text := def.SchemaText()
		if breakLogin && def.EventType() == loginType {
			root := def.Schema().JSON().(map[string]any)
			user := root["fields"].([]any)[0].(map[string]any)["type"].(map[string]any)
			user["fields"] = user["fields"].([]any)[1:]
			data, err := json.Marshal(root)
			if err != nil {
				t.Fatal(err)
			}
			text = string(data)
		}
		if err := os.WriteFile(filepath.Join(dir, compat.FileName(def.EventType())), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestSchemasCheckAgainstDir(t *testing.T) {
	out, _, err := runCmd(t, "schemas", "check", "--against", releaseSchemas(t, false))
	wantExit(t, err, 0)
	if !strings.Contains(out, "checked 72 event types") || !strings.Contains(out, "all schemas are compatible") {
		t.Errorf("output:\n%s", out)
	}

	out, _, err = runCmd(t, "schemas", "check", "--against", releaseSchemas(t, true))
	wantExit(t, err, 1)
	def, _ := catalog.Lookup(loginType)
	user := def.Schema().JSON().(map[string]any)["fields"].([]any)[0].(map[string]any)
	firstField := user["type"].(map[string]any)["fields"].([]any)[0].(map[string]any)["name"].(string)
	for _, want := range []string{loginType, "." + firstField, "new schema reading data written by"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	// FORWARD lets old readers skip the added field.
	_, _, err = runCmd(t, "schemas", "check", "--against", releaseSchemas(t, true), "--compatibility", "forward")
	wantExit(t, err, 0)
}

func TestSchemasCheckEmptyDir(t *testing.T) {
	dir := t.TempDir()
	_, _, err := runCmd(t, "schemas", "check", "--against", dir)
	wantExit(t, err, 2)
	if want := "no released schemas (*_schema.avsc) in " + dir; !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v, want it to contain %q", err, want)
	}
}

func TestSchemasCheckRemovedEventType(t *testing.T) {
	dir := releaseSchemas(t, false)
	gone := compat.FileName("org.openedx.learning.gone.v1")
	if err := os.WriteFile(filepath.Join(dir, gone), []byte(`{"type": "record", "name": "CloudEvent", "fields": []}`),
		0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, "schemas", "check", "--against", dir)
	wantExit(t, err, 1)
	if !strings.Contains(out, gone+": released schema matches no current event type") {
		t.Errorf("output does not name the removed event type:\n%s", out)
	}
	if !strings.Contains(err.Error(), "1 removed event type") {
		t.Errorf("err = %v, want it to count the removed event type", err)
	}

	_, stderr, err := runCmd(t, "schemas", "check", "--against", dir, "--allow-removed")
	wantExit(t, err, 0)
	if !strings.Contains(stderr, "warning: released schema "+gone) {
		t.Errorf("stderr does not warn about the removed event type:\n%s", stderr)
	}
}

func TestSchemasCheckUsageErrors(t *testing.T) {
	dir := releaseSchemas(t, false)
	tests := []struct {
		name string
		args []string
	}{
		{"no source", nil},
		{"both sources", []string{"--against", dir, "--against-registry"}},
		{"bad level", []string{"--against", dir, "--compatibility", "SIDEWAYS"}},
		{"missing dir", []string{"--against", filepath.Join(dir, "absent")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runCmd(t, append([]string{"schemas", "check"}, tt.args...)...)
			wantExit(t, err, 2)
		})
	}
}

func TestSchemasCheckAgainstRegistry(t *testing.T) {
	url := startTestRegistry(t)
	_, _, err := runCmd(t, "schemas", "register", "--schema-registry-url", url, "--all", "--topic", "t")
	wantExit(t, err, 0)

	out, _, err := runCmd(t, "schemas", "check", "--against-registry", "--schema-registry-url", url)
	wantExit(t, err, 0)
	if !strings.Contains(out, "checked 72 event types") {
		t.Errorf("output:\n%s", out)
	}

	_, _, err = runCmd(t, "schemas", "check", "--against-registry", "--schema-registry-url", "http://127.0.0.1:1",
		"--schema-registry-timeout", "100ms")
	wantExit(t, err, 2)
}

func TestSchemasCheckAgainstGenerated(t *testing.T) {
	dir := t.TempDir()
	_, _, err := runCmd(t, "schemas", "generate", "--all", "--out", dir)
	wantExit(t, err, 0)
	out, _, err := runCmd(t, "schemas", "check", "--against", dir, "--compatibility", "FULL_TRANSITIVE")
	wantExit(t, err, 0)
	if !strings.Contains(out, "checked 72 event types") {
		t.Errorf("output:\n%s", out)
	}
}

func TestSchemasRegisterSharedSettings(t *testing.T) {
	url := startTestRegistry(t)
	t.Setenv("EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL", url)
	out, _, err := runCmd(t, "schemas", "register", "--topic-prefix", "prod", "--topic", "user-login", loginType)
	wantExit(t, err, 0)
	if want := registry.ValueSubject("prod-user-login", loginType); !strings.Contains(out, want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
}

func TestSchemasRegisterFromSettings(t *testing.T) {
	url := startTestRegistry(t)
	t.Setenv("EVENT_BUS_PRODUCER_CONFIG", `{"`+enrollmentType+`": {"enrollments": `+
		`{"event_key_field": "enrollment.user.id", "enabled": true}}}`)
	out, _, err := runCmd(t, "schemas", "register", "--schema-registry-url", url)
	wantExit(t, err, 0)
	for _, want := range []string{registry.ValueSubject("enrollments", enrollmentType), "enrollments-long id="} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

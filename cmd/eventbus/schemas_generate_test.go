package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/openedx-go/eventbus/events/avro"
	"github.com/openedx-go/eventbus/events/catalog"
)

func runGenerate(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var stdout bytes.Buffer
	cmd := newSchemasGenerateCmd()
	cmd.SetArgs(args)
	cmd.SetOut(&stdout)
	cmd.SetErr(&bytes.Buffer{})
	cmd.SilenceUsage = true
	cmd.SilenceErrors = true
	err := cmd.Execute()
	return stdout.String(), err
}

func TestSchemasGenerateAll(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "schemas")
	out, err := runGenerate(t, "--all", "--out", dir)
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.avsc"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 72 {
		t.Errorf("files: got %d, want 72", len(files))
	}
	if got := strings.Count(out, "\n"); got != 72 {
		t.Errorf("printed paths: got %d, want 72", got)
	}

	for _, def := range catalog.Serializable() {
		text, err := os.ReadFile(filepath.Join(dir, schemaFileName(def.EventType())))
		if err != nil {
			t.Fatal(err)
		}
		s, err := avro.Parse(text)
		if err != nil {
			t.Fatalf("%s: %v", def.EventType(), err)
		}
		if s.Text() != def.SchemaText() {
			t.Errorf("%s: file schema differs from the definition", def.EventType())
		}
		if !bytes.HasPrefix(text, []byte("{\n  \"name\": \"CloudEvent\",\n  \"type\": \"record\",")) {
			t.Errorf("%s: file is not indented in the openedx-events layout:\n%.80s", def.EventType(), text)
		}
	}
}

func TestSchemasGenerateOne(t *testing.T) {
	dir := t.TempDir()
	eventType := "org.openedx.enterprise.subsidy.redemption-reversed.v1"
	if _, err := runGenerate(t, eventType, "-o", dir); err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(filepath.Join(dir, "org+openedx+enterprise+subsidy+redemption-reversed+v1_schema.avsc"))
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(text, &schema); err != nil {
		t.Fatal(err)
	}
	if schema["namespace"] != eventType {
		t.Errorf("namespace: got %v", schema["namespace"])
	}
}

func TestSchemasGenerateErrors(t *testing.T) {
	tests := []struct {
		args    []string
		errText string
	}{
		{[]string{"--out", "x"}, "missing event types"},
		{[]string{"--all", eventsEnrollmentType, "--out", "x"}, "either --all or event types"},
		{[]string{"--all"}, "missing --out"},
		{[]string{"org.openedx.learning.course.enrollment.creatd.v1", "--out", "x"}, "closest known types: " + eventsEnrollmentType},
		{[]string{"org.openedx.learning.external_grader.score.submitted.v1", "--out", "x"}, "has no schema"},
	}
	for _, tt := range tests {
		_, err := runGenerate(t, tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.errText) {
			t.Errorf("%v: got %v, want an error containing %q", tt.args, err, tt.errText)
			continue
		}
		if exitCode(err) != 2 {
			t.Errorf("%v: exit status %d, want 2", tt.args, exitCode(err))
		}
	}
}

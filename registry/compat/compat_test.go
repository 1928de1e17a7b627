package compat_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/avro"
	"github.com/openedx-go/eventbus/events/catalog"
	"github.com/openedx-go/eventbus/internal/reference"
	"github.com/openedx-go/eventbus/registry"
	"github.com/openedx-go/eventbus/registry/compat"
	"github.com/openedx-go/eventbus/registry/server"
)

const loginType = "org.openedx.learning.auth.session.login.completed.v1"

func TestFileName(t *testing.T) {
	got := compat.FileName("org.openedx.enterprise.subsidy.redemption-reversed.v1")
	want := "org+openedx+enterprise+subsidy+redemption-reversed+v1_schema.avsc"
	if got != want {
		t.Errorf("FileName = %q, want %q", got, want)
	}
}

// releaseAll writes the current schema of every sendable event into a new
// directory, as a release would.
func releaseAll(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, def := range catalog.Serializable() {
		writeFile(t, filepath.Join(dir, compat.FileName(def.EventType())), def.SchemaText())
	}
	return dir
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// withoutField returns def's schema with the named field of the payload
// record removed, as an earlier release might have had it.
func withoutField(t *testing.T, def events.Definition, field string) string {
	t.Helper()
	root := def.Schema().JSON().(map[string]any)
	payload := root["fields"].([]any)[0].(map[string]any)["type"].(map[string]any)
	fields := payload["fields"].([]any)
	kept := slices.DeleteFunc(slices.Clone(fields), func(f any) bool {
		return f.(map[string]any)["name"] == field
	})
	if len(kept) == len(fields) {
		t.Fatalf("%s has no payload field %q", def.EventType(), field)
	}
	payload["fields"] = kept
	text, err := json.Marshal(root)
	if err != nil {
		t.Fatal(err)
	}
	return string(text)
}

func lookup(t *testing.T, eventType string) events.Definition {
	t.Helper()
	def, err := catalog.Lookup(eventType)
	if err != nil {
		t.Fatal(err)
	}
	return def
}

func TestCheckDirUnchanged(t *testing.T) {
	dir := releaseAll(t)
	res, err := compat.CheckDir(catalog.All(), dir, avro.LevelFullTransitive)
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK() {
		t.Errorf("failures = %v, want none", res.Failures)
	}
	if got, want := len(res.Checked), len(catalog.Serializable()); got != want {
		t.Errorf("checked %d events, want %d", got, want)
	}
	if len(res.Unreleased) != 0 || len(res.Removed) != 0 {
		t.Errorf("unreleased %v, removed %v; want none", res.Unreleased, res.Removed)
	}
}

func TestCheckDirNewRequiredField(t *testing.T) {
	dir := releaseAll(t)
	def := lookup(t, loginType)
	// The released schema lacked a required payload field, so the current
	// schema cannot read data written with it.
	old := withoutPayloadField(t, def)
	writeFile(t, filepath.Join(dir, compat.FileName(loginType)), old.text)

	res, err := compat.CheckDir(catalog.All(), dir, avro.LevelBackward)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Failures) != 1 {
		t.Fatalf("failures = %v, want one", res.Failures)
	}
	f := res.Failures[0]
	if f.EventType != loginType {
		t.Errorf("failure event type = %q, want %q", f.EventType, loginType)
	}
	if !strings.HasSuffix(f.Path, "."+old.field) {
		t.Errorf("failure path = %q, want it to end in %q", f.Path, old.field)
	}
	if !strings.Contains(f.Direction, "new schema reading") {
		t.Errorf("failure direction = %q, want the new schema as reader", f.Direction)
	}
	for _, want := range []string{loginType, old.field, compat.FileName(loginType)} {
		if !strings.Contains(f.String(), want) {
			t.Errorf("failure %q does not name %q", f, want)
		}
	}

	// FORWARD lets old readers skip a field they do not know.
	res, err = compat.CheckDir(catalog.All(), dir, avro.LevelForward)
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK() {
		t.Errorf("FORWARD failures = %v, want none", res.Failures)
	}
}

type removedField struct {
	field string
	text  string
}

// withoutPayloadField drops the first required field of the payload record.
func withoutPayloadField(t *testing.T, def events.Definition) removedField {
	t.Helper()
	root := def.Schema().JSON().(map[string]any)
	payload := root["fields"].([]any)[0].(map[string]any)["type"].(map[string]any)
	for _, f := range payload["fields"].([]any) {
		field := f.(map[string]any)
		if _, hasDefault := field["default"]; !hasDefault {
			return removedField{field: field["name"].(string), text: withoutField(t, def, field["name"].(string))}
		}
	}
	t.Fatalf("%s has no required payload field", def.EventType())
	return removedField{}
}

func TestCheckDirUnreleasedAndRemoved(t *testing.T) {
	dir := releaseAll(t)
	if err := os.Remove(filepath.Join(dir, compat.FileName(loginType))); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, compat.FileName("org.openedx.learning.gone.v1")),
		`{"type": "record", "name": "CloudEvent", "fields": []}`)

	res, err := compat.CheckDir(catalog.All(), dir, avro.LevelBackward)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Unreleased, []string{loginType}) {
		t.Errorf("unreleased = %v, want [%s]", res.Unreleased, loginType)
	}
	if !slices.Equal(res.Removed, []string{compat.FileName("org.openedx.learning.gone.v1")}) {
		t.Errorf("removed = %v", res.Removed)
	}
}

func TestCheckDirNoReleasedSchemas(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "README.md"), "not a schema")
	_, err := compat.CheckDir(catalog.All(), dir, avro.LevelBackward)
	if !errors.Is(err, compat.ErrNoReleasedSchemas) {
		t.Fatalf("CheckDir of a directory without schemas = %v, want ErrNoReleasedSchemas", err)
	}
	if !strings.Contains(err.Error(), dir) {
		t.Errorf("err = %v, want it to name %s", err, dir)
	}
}

func TestCheckDirInvalidFile(t *testing.T) {
	dir := releaseAll(t)
	path := filepath.Join(dir, compat.FileName(loginType))
	writeFile(t, path, `{"type": "record"`)
	_, err := compat.CheckDir(catalog.All(), dir, avro.LevelBackward)
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("CheckDir with a broken file: %v, want an error naming %s", err, path)
	}
}

// TestCheckDirReferenceSchemas checks the Go schemas against the schemas that
// the Python openedx-events library generates, when they are available.
func TestCheckDirReferenceSchemas(t *testing.T) {
	dir := filepath.Join(reference.Dir(t), "schemas")
	res, err := compat.CheckDir(catalog.All(), dir, avro.LevelFullTransitive)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Failures {
		t.Errorf("incompatible with the reference: %s", f)
	}
	if len(res.Unreleased) != 0 || len(res.Removed) != 0 {
		t.Errorf("unreleased %v, removed %v; want none", res.Unreleased, res.Removed)
	}
}

func TestCheckRegistry(t *testing.T) {
	ctx := context.Background()
	srv, err := server.New(server.WithCompatibility(avro.LevelNone))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	c, err := registry.New(registry.Config{URL: ts.URL})
	if err != nil {
		t.Fatal(err)
	}

	def := lookup(t, loginType)
	old := withoutPayloadField(t, def)
	subject := registry.ValueSubject("dev-user-login", loginType)
	oldSchema, err := avro.Parse([]byte(old.text))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Register(ctx, subject, oldSchema); err != nil {
		t.Fatal(err)
	}

	res, err := compat.CheckRegistry(ctx, c, catalog.All(), avro.LevelBackward)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Failures) != 1 || res.Failures[0].EventType != loginType ||
		!strings.Contains(res.Failures[0].Against, subject) {
		t.Errorf("failures = %v, want one for %s against %s", res.Failures, loginType, subject)
	}
	if !slices.Equal(res.Checked, []string{loginType}) {
		t.Errorf("checked = %v, want [%s]", res.Checked, loginType)
	}

	// Without a level, the subject's own level (NONE here) applies.
	res, err = compat.CheckRegistry(ctx, c, catalog.All(), "")
	if err != nil {
		t.Fatal(err)
	}
	if !res.OK() {
		t.Errorf("failures at the subject's level NONE = %v, want none", res.Failures)
	}
}

package registry_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/openedx-go/eventbus/events/avro"
	"github.com/openedx-go/eventbus/events/catalog"
	"github.com/openedx-go/eventbus/internal/reference"
	"github.com/openedx-go/eventbus/registry"
)

// TestPythonRegistrationsMatchGo registers every reference schema the way a
// Python 2.x producer does, then checks that the Go client finds the same id
// and version for the event's Go schema instead of adding a version.
func TestPythonRegistrationsMatchGo(t *testing.T) {
	dir := filepath.Join(reference.Dir(t), "schemas")
	base := startRegistry(t)
	c := newClient(t, registry.Config{URL: base})
	ctx := context.Background()

	for _, def := range catalog.Serializable() {
		name := strings.ReplaceAll(def.EventType(), ".", "+") + "_schema.avsc"
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		reference, err := avro.Parse(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		subject := registry.ValueSubject("dev-topic", def.EventType())
		id := pythonRegister(t, base, subject, reference.Text())

		reg, err := c.Register(ctx, subject, def.Schema())
		if err != nil {
			t.Errorf("%s: Register: %v", def.EventType(), err)
			continue
		}
		if reg.ID != id || reg.Version != 1 || reg.New {
			t.Errorf("%s: Go registration %+v, want the Python id %d, version 1, not new", def.EventType(), reg, id)
		}
		if def.SchemaText() != reference.Text() {
			t.Errorf("%s: Go schema text differs from the Python registration text", def.EventType())
		}
	}
}

// pythonRegister posts text the way confluent-kafka-python 2.x does.
func pythonRegister(t *testing.T, base, subject, text string) int {
	t.Helper()
	body, err := json.Marshal(map[string]any{"schema": text, "schemaType": "AVRO", "references": []any{}})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(base+"/subjects/"+url.PathEscape(subject)+"/versions?normalize=False",
		"application/vnd.schemaregistry.v1+json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct{ ID int }
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&out) != nil {
		t.Fatalf("register %s: status %d", subject, resp.StatusCode)
	}
	return out.ID
}

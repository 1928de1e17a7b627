package kafkabus

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/openedx-go/eventbus/events/catalog"
)

// TestEventSamplesEncode checks that testdata/events holds one record dictionary per
// serializable event type and that each one converts to a payload, encodes, decodes
// and converts back to the same record.
func TestEventSamplesEncode(t *testing.T) {
	dir := filepath.Join("..", "testdata", "events")
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	defs := catalog.Serializable()
	if len(files) != len(defs) {
		t.Errorf("%s has %d files, want one per serializable event type (%d)", dir, len(files), len(defs))
	}
	known := map[string]bool{}
	for _, def := range defs {
		known[def.EventType()] = true
	}
	for _, f := range files {
		if name := strings.TrimSuffix(filepath.Base(f), ".json"); !known[name] {
			t.Errorf("%s names no serializable event type", f)
		}
	}

	for _, def := range defs {
		t.Run(def.EventType(), func(t *testing.T) {
			def, payload := testPayload(t, def.EventType())
			body, err := def.Encode(payload)
			if err != nil {
				t.Fatalf("Encode: %v", err)
			}
			decoded, err := def.Decode(body)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !reflect.DeepEqual(decoded, payload) {
				t.Errorf("Decode(Encode(p)) = %+v, want %+v", decoded, payload)
			}
			rec, err := def.ToRecord(payload)
			if err != nil {
				t.Fatalf("ToRecord: %v", err)
			}
			checkSameJSON(t, rec, filepath.Join("..", "testdata", "events", def.EventType()+".json"))
		})
	}
}

// checkSameJSON compares rec with the JSON in file after a round trip through JSON.
func checkSameJSON(t *testing.T, rec map[string]any, file string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var want, got any
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ToRecord(FromRecord(file)) differs from %s:\n got %s", file, b)
	}
}

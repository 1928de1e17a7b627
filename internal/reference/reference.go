// Package reference locates the reference data of openedx-events 11.2.0 that the
// conformance tests compare eventbus with: the event catalog (catalog.json), the
// 72 Avro schemas that the Python library generates (schemas/) and encoding
// vectors written by Apache Avro's Python implementation (vectors.jsonl). The
// data is kept outside the repository, in shared/openedx beside its root.
package reference

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// Find returns the reference data directory and whether it exists. It looks
// for shared/openedx beside the nearest directory above the working directory
// that contains go.mod.
func Find() (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
	ref := filepath.Join(filepath.Dir(dir), "shared", "openedx")
	if _, err := os.Stat(filepath.Join(ref, "schemas")); err != nil {
		return ref, false
	}
	return ref, true
}

// Dir returns the reference data directory, or skips t when it is absent.
func Dir(t testing.TB) string {
	t.Helper()
	ref, ok := Find()
	if !ok {
		t.Skipf("openedx-events reference data (catalog.json, schemas/, vectors.jsonl) not found at %q: "+
			"conformance test skipped", ref)
	}
	return ref
}

// Vector is one line of vectors.jsonl: a record dictionary and its Avro binary,
// written and read back by Apache Avro's Python implementation.
type Vector struct {
	Schema  string          `json:"schema"`   // schema file name, e.g. "org+openedx+...+v1_schema.avsc"
	Record  json.RawMessage `json:"record"`   // the record dictionary as JSON
	AvroHex string          `json:"avro_hex"` // the Avro binary of Record, in hex
}

// Vectors returns every line of vectors.jsonl, or skips t when the reference
// data is absent.
func Vectors(t testing.TB) []Vector {
	t.Helper()
	f, err := os.Open(filepath.Join(Dir(t), "vectors.jsonl"))
	if err != nil {
		t.Fatalf("open reference vectors: %v", err)
	}
	defer f.Close()

	var out []Vector
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var v Vector
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("reference vector line %d: %v", len(out)+1, err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read reference vectors: %v", err)
	}
	return out
}

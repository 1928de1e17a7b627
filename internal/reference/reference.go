// Package reference locates the reference data of openedx-events 11.2.0 that the
// conformance tests compare eventbus with: the event catalog (catalog.json), the
// 72 Avro schemas that the Python library generates (schemas/) and encoding
// vectors written by Apache Avro's Python implementation (vectors.jsonl). The
// data is kept outside the repository, in shared/openedx beside its root.
package reference

import (
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

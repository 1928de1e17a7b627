package avro

import (
	"bytes"
	"encoding/json"
	"github.com/openedx-go/eventbus/internal/reference"
	"os"
	"path/filepath"
	"testing"
)

// hasSharedDir reports whether the Open edX reference data is present.
func hasSharedDir() bool {
	_, ok := reference.Find()
	return ok
}

// sharedDir returns the directory with the Open edX reference data, or skips the test.
func sharedDir(t testing.TB) string {
	t.Helper()
	return reference.Dir(t)
}

func schemaFiles(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(sharedDir(t), "schemas", "*.avsc"))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func readSchemaFile(t testing.TB, name string) *Schema {
	t.Helper()
	text, err := os.ReadFile(filepath.Join(sharedDir(t), "schemas", name))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse(text)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return s
}

// decodeJSON decodes JSON keeping numbers as json.Number.
func decodeJSON(t testing.TB, text []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decode json %q: %v", text, err)
	}
	return v
}

// normalizeNumbers turns every json.Number and Go number into a comparable form: int64
// for integers and float64 otherwise, recursively.
func normalizeNumbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		f, _ := x.Float64()
		return f
	case int:
		return int64(x)
	case int32:
		return int64(x)
	case float32:
		return float64(x)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = normalizeNumbers(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalizeNumbers(e)
		}
		return out
	}
	return v
}

func mustParse(t testing.TB, text string) *Schema {
	t.Helper()
	s, err := Parse([]byte(text))
	if err != nil {
		t.Fatalf("Parse(%s): %v", text, err)
	}
	return s
}

func mustCodec(t testing.TB, s *Schema) *Codec {
	t.Helper()
	c, err := NewCodec(s)
	if err != nil {
		t.Fatalf("NewCodec(%s): %v", s.Name(), err)
	}
	return c
}

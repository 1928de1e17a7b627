package catalog_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/avro"
	"github.com/openedx-go/eventbus/events/catalog"
	"github.com/openedx-go/eventbus/internal/reference"
)

// decodeJSON decodes JSON keeping numbers as json.Number.
func decodeJSON(t *testing.T, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decode JSON: %v", err)
	}
	return v
}

// normalize turns json.Number values into int64 or float64, the record
// dictionary number types.
func normalize(v any) any {
	switch x := v.(type) {
	case json.Number:
		if strings.ContainsAny(string(x), ".eE") {
			f, _ := x.Float64()
			return f
		}
		n, _ := x.Int64()
		return n
	case map[string]any:
		for k, item := range x {
			x[k] = normalize(item)
		}
	case []any:
		for i, item := range x {
			x[i] = normalize(item)
		}
	}
	return v
}

func schemaFileName(eventType string) string {
	return strings.ReplaceAll(eventType, ".", "+") + "_schema.avsc"
}

func TestSchemasMatchReference(t *testing.T) {
	ref := reference.Dir(t)
	files, err := filepath.Glob(filepath.Join(ref, "schemas", "*.avsc"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 72 {
		t.Errorf("reference schema files: got %d, want 72", len(files))
	}

	for _, file := range files {
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		want := decodeJSON(t, text)
		eventType := want.(map[string]any)["namespace"].(string)
		t.Run(eventType, func(t *testing.T) {
			def, err := catalog.Lookup(eventType)
			if err != nil {
				t.Fatal(err)
			}
			if got := schemaFileName(def.EventType()); got != filepath.Base(file) {
				t.Errorf("schema file name: got %s, want %s", got, filepath.Base(file))
			}
			if !reflect.DeepEqual(def.Schema().JSON(), want) {
				got, _ := json.Marshal(def.Schema().JSON())
				t.Errorf("schema JSON differs\n got: %s\nwant: %s", got, text)
			}
			refSchema, err := avro.Parse(text)
			if err != nil {
				t.Fatal(err)
			}
			if def.SchemaText() != refSchema.Text() {
				t.Errorf("schema text differs\n got: %s\nwant: %s", def.SchemaText(), refSchema.Text())
			}
		})
	}
}

func TestSerializableHaveReferenceSchemas(t *testing.T) {
	ref := reference.Dir(t)
	for _, def := range catalog.Serializable() {
		if _, err := os.Stat(filepath.Join(ref, "schemas", schemaFileName(def.EventType()))); err != nil {
			t.Errorf("%s: no reference schema: %v", def.EventType(), err)
		}
	}
}

func vectorDefinition(t *testing.T, v reference.Vector) events.Definition {
	t.Helper()
	eventType := strings.ReplaceAll(strings.TrimSuffix(v.Schema, "_schema.avsc"), "+", ".")
	def, err := catalog.Lookup(eventType)
	if err != nil {
		t.Fatal(err)
	}
	return def
}

func TestVectors(t *testing.T) {
	vectors := reference.Vectors(t)
	if len(vectors) != 72 {
		t.Errorf("vectors: got %d, want 72", len(vectors))
	}
	for i, v := range vectors {
		def := vectorDefinition(t, v)
		t.Run(def.EventType(), func(t *testing.T) {
			body, err := hex.DecodeString(v.AvroHex)
			if err != nil {
				t.Fatalf("vector %d: %v", i+1, err)
			}
			want := normalize(decodeJSON(t, v.Record)).(map[string]any)
			checkDecode(t, def, body, want)
			checkEncode(t, def, body, want)
		})
	}
}

// checkDecode decodes the Avro binary to a record and to a payload and
// compares both with the vector record.
func checkDecode(t *testing.T, def events.Definition, body []byte, want map[string]any) {
	t.Helper()
	codec, err := avro.NewCodec(def.Schema())
	if err != nil {
		t.Fatal(err)
	}
	rec, err := codec.Decode(body)
	if err != nil {
		t.Fatalf("codec decode: %v", err)
	}
	if !reflect.DeepEqual(rec, want) {
		t.Errorf("codec decode:\n got %v\nwant %v", rec, want)
	}

	payload, err := def.Decode(body)
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	if got, want := reflect.TypeOf(payload), def.PayloadType(); got != want {
		t.Errorf("Decode payload type: got %v, want %v", got, want)
	}
	back, err := def.ToRecord(payload)
	if err != nil {
		t.Fatalf("ToRecord: %v", err)
	}
	if !reflect.DeepEqual(back, want) {
		t.Errorf("Decode then ToRecord:\n got %v\nwant %v", back, want)
	}

	// Decode reads the bytes straight into the payload; the record that
	// goavro decoded must give the same payload.
	fromRec, err := def.FromRecord(rec)
	if err != nil {
		t.Fatalf("FromRecord of the decoded record: %v", err)
	}
	if !reflect.DeepEqual(payload, fromRec) {
		t.Errorf("Decode and FromRecord of the decoded record differ:\n%+v\n%+v", payload, fromRec)
	}
}

// checkEncode converts the vector record to a payload and back, and encodes
// both the payload and the record.
func checkEncode(t *testing.T, def events.Definition, body []byte, want map[string]any) {
	t.Helper()
	payload, err := def.FromRecord(want)
	if err != nil {
		t.Fatalf("FromRecord: %v", err)
	}
	rec, err := def.ToRecord(payload)
	if err != nil {
		t.Fatalf("ToRecord: %v", err)
	}
	if !reflect.DeepEqual(rec, want) {
		t.Errorf("FromRecord then ToRecord:\n got %v\nwant %v", rec, want)
	}

	got, err := def.Encode(payload)
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	if !bytes.Equal(got, body) {
		t.Errorf("Encode:\n got %x\nwant %x", got, body)
	}

	codec, err := avro.NewCodec(def.Schema())
	if err != nil {
		t.Fatal(err)
	}
	if got, err := codec.Encode(want); err != nil || !bytes.Equal(got, body) {
		t.Errorf("codec encode of the record: got %x, %v; want %x", got, err, body)
	}
}

func TestIndentedSchemaMatchesReferenceFiles(t *testing.T) {
	ref := reference.Dir(t)
	for _, def := range catalog.Serializable() {
		want, err := os.ReadFile(filepath.Join(ref, "schemas", schemaFileName(def.EventType())))
		if err != nil {
			t.Fatal(err)
		}
		got, err := events.IndentedSchema(def)
		if err != nil {
			t.Fatal(err)
		}
		// Some reference files end with a newline and some do not.
		if !bytes.Equal(got, bytes.TrimRight(want, "\n")) {
			t.Errorf("%s: indented schema differs from the reference file\n got: %s\nwant: %s", def.EventType(), got, want)
		}
	}
}

package avro

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/linkedin/goavro/v2"
)

func TestCanonicalForm(t *testing.T) {
	tests := []struct {
		name   string
		schema string
		want   string
	}{
		{"primitive object", `{"type": "int"}`, `"int"`},
		{"primitive with name", `{"name": "course_key", "type": "string"}`, `"string"`},
		{"logical type", `{"type": "long", "logicalType": "timestamp-millis"}`, `"long"`},
		{
			name: "record with doc, aliases, defaults and namespace",
			schema: `{"namespace": "a.b", "type": "record", "name": "R", "doc": "d",
				"aliases": ["Old"], "fields": [
				{"type": ["null", "string"], "name": "x", "default": null, "doc": "f"},
				{"name": "y", "type": {"type": "enum", "name": "E", "symbols": ["A", "B"]}},
				{"name": "z", "type": "E"},
				{"name": "w", "type": {"type": "fixed", "name": "c.F", "size": 16}}]}`,
			want: `{"name":"a.b.R","type":"record","fields":[` +
				`{"name":"x","type":["null","string"]},` +
				`{"name":"y","type":{"name":"a.b.E","type":"enum","symbols":["A","B"]}},` +
				`{"name":"z","type":"a.b.E"},` +
				`{"name":"w","type":{"name":"c.F","type":"fixed","size":16}}]}`,
		},
		{
			name:   "array and map",
			schema: `{"type": "map", "values": {"type": "array", "items": {"type": "double"}}}`,
			want:   `{"type":"map","values":{"type":"array","items":"double"}}`,
		},
		{
			name:   "escaped strings become UTF-8",
			schema: `{"type": "enum", "name": "E", "doc": "\u00e9", "symbols": ["\u0041"]}`,
			want:   `{"name":"E","type":"enum","symbols":["A"]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustParse(t, tt.schema)
			if got := s.CanonicalForm(); got != tt.want {
				t.Errorf("CanonicalForm:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestCanonicalFormIgnoresLayout(t *testing.T) {
	a := mustParse(t, `{"type":"record","name":"R","namespace":"n","fields":[{"name":"x","type":"long"}]}`)
	b := mustParse(t, `{
		"fields": [ {"type": {"type": "long"}, "doc": "an id", "name": "x"} ],
		"name": "n.R", "type": "record", "doc": "changed"
	}`)
	if a.CanonicalForm() != b.CanonicalForm() {
		t.Errorf("canonical forms differ:\n%s\n%s", a.CanonicalForm(), b.CanonicalForm())
	}
	if a.Fingerprint() != b.Fingerprint() {
		t.Errorf("fingerprints differ: %x and %x", a.Fingerprint(), b.Fingerprint())
	}
}

// TestCanonicalFormMatchesGoavro compares the canonical form and fingerprint of every
// reference schema with goavro's independent implementation.
func TestCanonicalFormMatchesGoavro(t *testing.T) {
	for _, file := range schemaFiles(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			s := readSchemaFile(t, filepath.Base(file))
			// goavro rejects '-' in namespaces, so give it the names the codec uses.
			canonical := strings.ReplaceAll(s.CanonicalForm(), "redemption-reversed",
				"redemption_reversed")
			gc, err := goavro.NewCodec(goavroSchema(s.Root()))
			if err != nil {
				t.Fatal(err)
			}
			if got := gc.CanonicalSchema(); got != canonical {
				t.Errorf("canonical form:\n ours   %s\n goavro %s", canonical, got)
			}
			if got, want := Fingerprint64([]byte(canonical)), uint64(gc.SchemaCRC64Avro()); got != want {
				t.Errorf("fingerprint = %#x, goavro computes %#x", got, want)
			}
		})
	}
}

func TestFingerprint64KnownValues(t *testing.T) {
	// Fingerprints of primitive schemas as signed 64-bit integers; goavro computes the
	// same values.
	tests := []struct {
		canonical string
		want      int64
	}{
		{`"null"`, 7195948357588979594},
		{`"boolean"`, -6970731678124411036},
		{`"int"`, 8247732601305521295},
	}
	for _, tt := range tests {
		if got := int64(Fingerprint64([]byte(tt.canonical))); got != tt.want {
			t.Errorf("Fingerprint64(%s) = %d, want %d", tt.canonical, got, tt.want)
		}
		gc, err := goavro.NewCodec(tt.canonical)
		if err != nil {
			t.Fatal(err)
		}
		if got := gc.SchemaCRC64Avro(); got != tt.want {
			t.Errorf("goavro fingerprint of %s = %d, want %d", tt.canonical, got, tt.want)
		}
	}
}

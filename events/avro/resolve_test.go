package avro

import (
	"encoding/hex"
	"github.com/openedx-go/eventbus/internal/reference"
	"reflect"
	"strings"
	"testing"
)

func TestResolverDecode(t *testing.T) {
	tests := []struct {
		name   string
		writer string
		reader string
		value  any // written with the writer schema
		want   any // read with the reader schema
	}{
		{
			name:   "added field with default",
			writer: `{"type": "record", "name": "R", "fields": [{"name": "a", "type": "long"}]}`,
			reader: `{"type": "record", "name": "R", "fields": [{"name": "a", "type": "long"},
				{"name": "b", "type": ["null", "string"], "default": null},
				{"name": "c", "type": {"type": "array", "items": "long"}, "default": [1]}]}`,
			value: map[string]any{"a": int64(1)},
			want:  map[string]any{"a": int64(1), "b": nil, "c": []any{int64(1)}},
		},
		{
			name: "removed field",
			writer: `{"type": "record", "name": "R", "fields": [{"name": "a", "type": "long"},
				{"name": "gone", "type": {"type": "map", "values": "string"}}]}`,
			reader: `{"type": "record", "name": "R", "fields": [{"name": "a", "type": "long"}]}`,
			value:  map[string]any{"a": int64(1), "gone": map[string]any{"k": "v"}},
			want:   map[string]any{"a": int64(1)},
		},
		{
			name: "promotions",
			writer: `{"type": "record", "name": "R", "fields": [
				{"name": "i", "type": "int"}, {"name": "l", "type": "long"},
				{"name": "f", "type": "float"}, {"name": "s", "type": "string"},
				{"name": "b", "type": "bytes"}, {"name": "u", "type": "int"}]}`,
			reader: `{"type": "record", "name": "R", "fields": [
				{"name": "i", "type": "long"}, {"name": "l", "type": "double"},
				{"name": "f", "type": "double"}, {"name": "s", "type": "bytes"},
				{"name": "b", "type": "string"}, {"name": "u", "type": ["null", "float"]}]}`,
			value: map[string]any{"i": int64(3), "l": int64(4), "f": 0.5, "s": "x",
				"b": []byte("y"), "u": int64(6)},
			want: map[string]any{"i": int64(3), "l": 4.0, "f": 0.5, "s": []byte("x"),
				"b": "y", "u": 6.0},
		},
		{
			name: "nested record renamed by namespace only",
			writer: `{"type": "record", "name": "old.CloudEvent", "fields": [
				{"name": "user", "type": {"type": "record", "name": "UserData",
					"fields": [{"name": "id", "type": "long"}]}}]}`,
			reader: `{"type": "record", "name": "new.CloudEvent", "fields": [
				{"name": "user", "type": {"type": "record", "name": "other.UserData",
					"fields": [{"name": "id", "type": "long"}]}}]}`,
			value: map[string]any{"user": map[string]any{"id": int64(9)}},
			want:  map[string]any{"user": map[string]any{"id": int64(9)}},
		},
		{
			name: "field and record aliases",
			writer: `{"type": "record", "name": "Old", "fields": [
				{"name": "before", "type": "string"}]}`,
			reader: `{"type": "record", "name": "New", "aliases": ["Old"], "fields": [
				{"name": "after", "type": "string", "aliases": ["before"]}]}`,
			value: map[string]any{"before": "v"},
			want:  map[string]any{"after": "v"},
		},
		{
			name:   "enum symbol unknown to reader uses reader default",
			writer: `{"type": "enum", "name": "E", "symbols": ["A", "B", "C"]}`,
			reader: `{"type": "enum", "name": "E", "symbols": ["A", "X"], "default": "X"}`,
			value:  "C",
			want:   "X",
		},
		{
			name:   "writer union to reader union in another order",
			writer: `["null", "string", "long"]`,
			reader: `["double", "string", "null"]`,
			value:  int64(5),
			want:   5.0,
		},
		{
			name:   "writer union to reader non-union",
			writer: `["null", "string"]`,
			reader: `"string"`,
			value:  "s",
			want:   "s",
		},
		{
			name: "array of records with added field",
			writer: `{"type": "array", "items": {"type": "record", "name": "I", "fields": [
				{"name": "a", "type": "int"}]}}`,
			reader: `{"type": "array", "items": {"type": "record", "name": "I", "fields": [
				{"name": "a", "type": "long"}, {"name": "b", "type": "boolean",
				"default": true}]}}`,
			value: []any{map[string]any{"a": int64(1)}, map[string]any{"a": int64(2)}},
			want: []any{map[string]any{"a": int64(1), "b": true},
				map[string]any{"a": int64(2), "b": true}},
		},
		{
			name: "recursive record with promotion",
			writer: `{"type": "record", "name": "Node", "fields": [{"name": "v", "type": "int"},
				{"name": "next", "type": ["null", "Node"]}]}`,
			reader: `{"type": "record", "name": "Node", "fields": [{"name": "v", "type": "long"},
				{"name": "next", "type": ["null", "Node"]}]}`,
			value: map[string]any{"v": int64(1), "next": map[string]any{"v": int64(2), "next": nil}},
			want:  map[string]any{"v": int64(1), "next": map[string]any{"v": int64(2), "next": nil}},
		},
		{
			name:   "map of unions",
			writer: `{"type": "map", "values": ["null", "int"]}`,
			reader: `{"type": "map", "values": ["null", "long"]}`,
			value:  map[string]any{"a": int64(1), "b": nil},
			want:   map[string]any{"a": int64(1), "b": nil},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			writer, reader := mustParse(t, tt.writer), mustParse(t, tt.reader)
			data, err := mustCodec(t, writer).EncodeValue(tt.value)
			if err != nil {
				t.Fatalf("EncodeValue: %v", err)
			}
			r, err := NewResolver(writer, reader)
			if err != nil {
				t.Fatalf("NewResolver: %v", err)
			}
			got, err := r.DecodeValue(data)
			if err != nil {
				t.Fatalf("DecodeValue: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("DecodeValue:\n got %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestNewResolverErrors(t *testing.T) {
	tests := []struct {
		name   string
		writer string
		reader string
		want   []string
	}{
		{
			name: "added field without default",
			writer: `{"type": "record", "name": "CloudEvent", "fields": [
				{"name": "user", "type": {"type": "record", "name": "U", "fields": []}}]}`,
			reader: `{"type": "record", "name": "CloudEvent", "fields": [
				{"name": "user", "type": {"type": "record", "name": "U", "fields": [
					{"name": "id", "type": "long"}]}}]}`,
			want: []string{"CloudEvent.user.id", "has no default"},
		},
		{
			name:   "type change",
			writer: `{"type": "record", "name": "R", "fields": [{"name": "a", "type": "string"}]}`,
			reader: `{"type": "record", "name": "R", "fields": [{"name": "a", "type": "long"}]}`,
			want:   []string{"R.a", "type changed from string (writer) to long (reader)"},
		},
		{
			name:   "narrowing",
			writer: `{"type": "array", "items": "long"}`,
			reader: `{"type": "array", "items": "int"}`,
			want:   []string{"array[]", "from long (writer) to int (reader)"},
		},
		{
			name: "nested record renamed",
			writer: `{"type": "record", "name": "R", "fields": [
				{"name": "u", "type": {"type": "record", "name": "UserData", "fields": []}}]}`,
			reader: `{"type": "record", "name": "R", "fields": [
				{"name": "u", "type": {"type": "record", "name": "Person", "fields": []}}]}`,
			want: []string{"R.u", "record name changed from UserData to Person"},
		},
		{
			name:   "fixed size",
			writer: `{"type": "fixed", "name": "F", "size": 4}`,
			reader: `{"type": "fixed", "name": "F", "size": 8}`,
			want:   []string{"fixed size changed from 4 to 8"},
		},
		{
			name:   "reader union without match",
			writer: `"boolean"`,
			reader: `["null", "string"]`,
			want:   []string{"no matching branch"},
		},
		{
			name:   "writer union without any match",
			writer: `["null", "boolean"]`,
			reader: `"string"`,
			want:   []string{"no branch of the writer union"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewResolver(mustParse(t, tt.writer), mustParse(t, tt.reader))
			if err == nil {
				t.Fatal("NewResolver returned no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestResolverRuntimeFailures(t *testing.T) {
	tests := []struct {
		name   string
		writer string
		reader string
		ok     any // readable value
		bad    any // value the reader cannot read
		want   string
	}{
		{
			name:   "enum symbol without reader default",
			writer: `{"type": "enum", "name": "E", "symbols": ["A", "B"]}`,
			reader: `{"type": "enum", "name": "E", "symbols": ["A"]}`,
			ok:     "A", bad: "B",
			want: `enum symbol "B" is unknown to the reader schema`,
		},
		{
			name:   "writer union branch without match",
			writer: `{"type": "record", "name": "R", "fields": [{"name": "s", "type": ["null", "string"]}]}`,
			reader: `{"type": "record", "name": "R", "fields": [{"name": "s", "type": "string"}]}`,
			ok:     map[string]any{"s": "x"}, bad: map[string]any{"s": nil},
			want: `s: writer union branch "null" has no matching branch`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			writer, reader := mustParse(t, tt.writer), mustParse(t, tt.reader)
			r, err := NewResolver(writer, reader)
			if err != nil {
				t.Fatalf("NewResolver: %v", err)
			}
			c := mustCodec(t, writer)

			okData, _ := c.EncodeValue(tt.ok)
			if got, err := r.DecodeValue(okData); err != nil || !reflect.DeepEqual(got, tt.ok) {
				t.Errorf("DecodeValue(readable) = %#v, %v; want %#v", got, err, tt.ok)
			}
			badData, _ := c.EncodeValue(tt.bad)
			_, err = r.DecodeValue(badData)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("DecodeValue(unreadable) error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestResolverBadBytes(t *testing.T) {
	writer := mustParse(t, testRecordSchema)
	r, err := NewResolver(writer, writer)
	if err != nil {
		t.Fatal(err)
	}
	for _, data := range [][]byte{nil, {0x0e}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}} {
		if _, err := r.Decode(data); err == nil {
			t.Errorf("Decode(%x) returned no error", data)
		}
	}
}

// TestResolverReferenceSchemas reads each reference record with its own schema through
// a resolver and compares it with the record.
func TestResolverReferenceSchemas(t *testing.T) {
	for _, v := range reference.Vectors(t) {
		t.Run(v.Schema, func(t *testing.T) {
			s := readSchemaFile(t, v.Schema)
			r, err := NewResolver(s, s)
			if err != nil {
				t.Fatal(err)
			}
			data, _ := hex.DecodeString(v.AvroHex)
			got, err := r.Decode(data)
			if err != nil {
				t.Fatal(err)
			}
			want := normalizeNumbers(decodeJSON(t, v.Record))
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Decode:\n got %#v\nwant %#v", got, want)
			}
		})
	}
}

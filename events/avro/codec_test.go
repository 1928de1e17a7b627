package avro

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"github.com/openedx-go/eventbus/internal/reference"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// TestCodecConformance encodes each reference record and compares the bytes with the
// Python Avro library's output, then decodes those bytes back to the record.
func TestCodecConformance(t *testing.T) {
	vectors := reference.Vectors(t)
	if len(vectors) != 72 {
		t.Errorf("found %d vectors, want 72", len(vectors))
	}
	for _, v := range vectors {
		t.Run(v.Schema, func(t *testing.T) {
			c := mustCodec(t, readSchemaFile(t, v.Schema))
			record := decodeJSON(t, v.Record).(map[string]any)

			got, err := c.Encode(record)
			if err != nil {
				t.Fatalf("Encode: %v", err)
			}
			if hex.EncodeToString(got) != v.AvroHex {
				t.Errorf("Encode:\n got %x\nwant %s", got, v.AvroHex)
			}

			want, _ := hex.DecodeString(v.AvroHex)
			decoded, err := c.Decode(want)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !reflect.DeepEqual(decoded, normalizeNumbers(record)) {
				t.Errorf("Decode:\n got %#v\nwant %#v", decoded, normalizeNumbers(record))
			}
		})
	}
}

const testRecordSchema = `{"type": "record", "name": "Event", "namespace": "org.example", "fields": [
	{"name": "user", "type": {"type": "record", "name": "User", "fields": [
		{"name": "id", "type": "long"},
		{"name": "pii", "type": {"type": "record", "name": "PII", "fields": [
			{"name": "username", "type": "string"}]}}]}},
	{"name": "count", "type": "int", "default": 0},
	{"name": "score", "type": ["null", "double"], "default": null},
	{"name": "tags", "type": {"type": "map", "values": "string"}, "default": {}},
	{"name": "items", "type": {"type": "array", "items": "long"}, "default": []},
	{"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["A", "B"]},
		"default": "A"}]}`

func testRecord() map[string]any {
	return map[string]any{
		"user":  map[string]any{"id": int64(7), "pii": map[string]any{"username": "ann"}},
		"count": int64(1), "score": 2.5, "tags": map[string]any{"b": "2", "a": "1"},
		"items": []any{int64(1), int64(-1)}, "kind": "B",
	}
}

func TestCodecRoundTrip(t *testing.T) {
	c := mustCodec(t, mustParse(t, testRecordSchema))
	b, err := c.Encode(testRecord())
	if err != nil {
		t.Fatal(err)
	}
	// user.id 7, username "ann", count 1, score branch 1 and 2.5, tags {a: 1, b: 2} in
	// sorted order, items [1, -1], kind index 1.
	want := "0e" + "06616e6e" + "02" + "02" + "0000000000000440" +
		"04" + "0261" + "0231" + "0262" + "0232" + "00" + "04" + "0201" + "00" + "02"
	if got := hex.EncodeToString(b); got != want {
		t.Errorf("Encode:\n got %s\nwant %s", got, want)
	}
	got, err := c.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, testRecord()) {
		t.Errorf("Decode:\n got %#v\nwant %#v", got, testRecord())
	}
}

func TestCodecMapOrderIsDeterministic(t *testing.T) {
	c := mustCodec(t, mustParse(t, `{"type": "map", "values": "long"}`))
	m := map[string]any{}
	for _, k := range strings.Fields("q w e r t y u i o p a s d f g h j k l z x c v b n m é Z") {
		m[k] = int64(len(k))
	}
	first, err := c.EncodeValue(m)
	if err != nil {
		t.Fatal(err)
	}
	for range 50 {
		again, err := c.EncodeValue(m)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, again) {
			t.Fatalf("map encoding changed between calls:\n%x\n%x", first, again)
		}
	}
	// One block: count 28, then "Z" sorts first by code point.
	if !bytes.HasPrefix(first, []byte{56, 2, 'Z'}) {
		t.Errorf("encoding starts with %x, want 3802 5a (28 entries, key \"Z\" first)", first[:3])
	}
}

func TestCodecDefaultsForMissingFields(t *testing.T) {
	c := mustCodec(t, mustParse(t, testRecordSchema))
	b, err := c.Encode(map[string]any{
		"user": map[string]any{"id": 1, "pii": map[string]any{"username": ""}},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"user":  map[string]any{"id": int64(1), "pii": map[string]any{"username": ""}},
		"count": int64(0), "score": nil, "tags": map[string]any{}, "items": []any{},
		"kind": "A",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Decode:\n got %#v\nwant %#v", got, want)
	}
}

func TestCodecEncodeErrors(t *testing.T) {
	c := mustCodec(t, mustParse(t, testRecordSchema))
	tests := []struct {
		name   string
		change func(m map[string]any)
		want   string
	}{
		{"wrong type", func(m map[string]any) {
			m["user"].(map[string]any)["pii"].(map[string]any)["username"] = 5
		}, "user.pii.username: expected string, got number"},
		{"missing required", func(m map[string]any) {
			delete(m["user"].(map[string]any), "id")
		}, "user.id: missing required field"},
		{"unknown field", func(m map[string]any) {
			m["user"].(map[string]any)["extra"] = 1
		}, `user: unknown field "extra" in record org.example.User`},
		{"non-integral long", func(m map[string]any) {
			m["user"].(map[string]any)["id"] = 1.5
		}, "user.id: expected long, got non-integral number 1.5"},
		{"int out of range", func(m map[string]any) {
			m["count"] = int64(math.MaxInt32) + 1
		}, "count: value 2147483648 is out of range for int"},
		{"array item", func(m map[string]any) {
			m["items"] = []any{int64(1), "x"}
		}, "items[1]: expected long, got string"},
		{"map value", func(m map[string]any) {
			m["tags"] = map[string]any{"k": true}
		}, `tags["k"]: expected string, got boolean`},
		{"enum symbol", func(m map[string]any) {
			m["kind"] = "C"
		}, `kind: "C" is not a symbol of enum org.example.Kind`},
		{"union branch", func(m map[string]any) {
			m["score"] = "high"
		}, "score: expected double, got string"},
		{"record as string", func(m map[string]any) {
			m["user"] = "ann"
		}, "user: expected object (record), got string"},
		{"json number with fraction", func(m map[string]any) {
			m["user"].(map[string]any)["id"] = json.Number("2.5")
		}, "user.id: expected long, got non-integral number 2.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := testRecord()
			tt.change(m)
			_, err := c.Encode(m)
			if err == nil {
				t.Fatal("Encode returned no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Encode error = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestCodecNumberInputs(t *testing.T) {
	c := mustCodec(t, mustParse(t, `{"type": "record", "name": "N", "fields": [
		{"name": "l", "type": "long"}, {"name": "i", "type": "int"},
		{"name": "d", "type": "double"}, {"name": "f", "type": "float"}]}`))
	want := map[string]any{"l": int64(9007199254740993), "i": int64(-3), "d": 2.0, "f": 0.5}
	inputs := []map[string]any{
		{"l": json.Number("9007199254740993"), "i": json.Number("-3"), "d": json.Number("2"),
			"f": json.Number("0.5")},
		{"l": int64(9007199254740993), "i": -3, "d": 2, "f": float32(0.5)},
		{"l": uint64(9007199254740993), "i": int8(-3), "d": int64(2), "f": 0.5},
	}
	for i, in := range inputs {
		b, err := c.Encode(in)
		if err != nil {
			t.Fatalf("input %d: Encode: %v", i, err)
		}
		got, err := c.Decode(b)
		if err != nil {
			t.Fatalf("input %d: Decode: %v", i, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("input %d: Decode = %#v, want %#v", i, got, want)
		}
	}
}

func TestCodecGeneralUnion(t *testing.T) {
	c := mustCodec(t, mustParse(t, `["null", "long", "string",
		{"type": "record", "name": "A", "fields": [{"name": "a", "type": "long"}]},
		{"type": "record", "name": "B", "fields": [{"name": "b", "type": "string"}]},
		{"type": "map", "values": "long"}, {"type": "array", "items": "string"}]`))
	tests := []struct {
		in     any
		branch byte
	}{
		{nil, 0}, {int64(5), 1}, {"s", 2}, {map[string]any{"a": int64(1)}, 3},
		{map[string]any{"b": "x"}, 4}, {map[string]any{"z": int64(1)}, 5},
		{[]any{"x"}, 6},
	}
	for _, tt := range tests {
		b, err := c.EncodeValue(tt.in)
		if err != nil {
			t.Errorf("EncodeValue(%v): %v", tt.in, err)
			continue
		}
		if b[0] != tt.branch*2 {
			t.Errorf("EncodeValue(%v) chose branch %d, want %d", tt.in, b[0]/2, tt.branch)
		}
		got, err := c.DecodeValue(b)
		if err != nil {
			t.Errorf("DecodeValue(%x): %v", b, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.in) {
			t.Errorf("DecodeValue = %#v, want %#v", got, tt.in)
		}
	}
	if _, err := c.EncodeValue(true); err == nil || !strings.Contains(err.Error(),
		"expected one of the union branches null, long, string") {
		t.Errorf("EncodeValue(true) error = %v, want a union mismatch", err)
	}
}

func TestCodecPrimitiveKey(t *testing.T) {
	c := mustCodec(t, mustParse(t, `{"name": "course_key", "type": "string"}`))
	b, err := c.EncodeValue("course-v1:edX+DemoX+Demo_Course")
	if err != nil {
		t.Fatal(err)
	}
	if want := append([]byte{62}, "course-v1:edX+DemoX+Demo_Course"...); !bytes.Equal(b, want) {
		t.Errorf("EncodeValue = %x, want %x", b, want)
	}
	got, err := c.DecodeValue(b)
	if err != nil {
		t.Fatal(err)
	}
	if got != "course-v1:edX+DemoX+Demo_Course" {
		t.Errorf("DecodeValue = %#v", got)
	}
	if _, err := c.Encode(map[string]any{}); err == nil {
		t.Error("Encode on a string schema returned no error")
	}
}

func TestCodecStringNullDefault(t *testing.T) {
	c := mustCodec(t, mustParse(t, `{"type": "record", "name": "R", "fields": [
		{"name": "s", "type": "string", "default": "null"}]}`))
	b, err := c.Encode(map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if got["s"] != "null" {
		t.Errorf(`Decode()["s"] = %#v, want the string "null"`, got["s"])
	}
}

func TestCodecDecodeErrors(t *testing.T) {
	c := mustCodec(t, mustParse(t, testRecordSchema))
	valid, err := c.Encode(testRecord())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "truncated data"},
		{"truncated", valid[:len(valid)-3], "invalid avro data"},
		{"trailing bytes", append(bytes.Clone(valid), 0), "1 unexpected bytes"},
		{"huge string length", []byte{0x0e, 0xfe, 0xff, 0xff, 0xff, 0x0f}, "exceeds"},
		{"huge map count", append(bytes.Clone(valid[:15]), 0xfe, 0xff, 0xff, 0xff, 0x0f),
			"block count"},
		{"bad union index", append(bytes.Clone(valid[:6]), 0x08), "union branch index 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Decode(tt.data)
			if err == nil {
				t.Fatal("Decode returned no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Decode error = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestCodecZeroSizeItems(t *testing.T) {
	c := mustCodec(t, mustParse(t, `{"type": "array", "items": "null"}`))
	if _, err := c.DecodeValue([]byte{0x06, 0x00}); err != nil {
		t.Errorf("DecodeValue(3 nulls): %v", err)
	}
	// 2^31-1 nulls fit in five bytes but would make goavro allocate 32 GiB.
	_, err := c.DecodeValue([]byte{0xfe, 0xff, 0xff, 0xff, 0x0f, 0x00})
	if err == nil || !strings.Contains(err.Error(), "empty items") {
		t.Errorf("DecodeValue(2^31-1 nulls) error = %v, want a limit error", err)
	}
}

func TestCodecConcurrentUse(t *testing.T) {
	c := mustCodec(t, mustParse(t, testRecordSchema))
	want, err := c.Encode(testRecord())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				b, err := c.Encode(testRecord())
				if err != nil || !bytes.Equal(b, want) {
					t.Errorf("Encode = %x, %v; want %x", b, err, want)
					return
				}
				if _, err := c.Decode(b); err != nil {
					t.Errorf("Decode: %v", err)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestCodecDashInNamespace(t *testing.T) {
	s := mustParse(t, `{"type": "record", "name": "CloudEvent",
		"namespace": "org.openedx.enterprise.subsidy.redemption-reversed.v1", "fields": [
		{"name": "a", "type": {"type": "record", "name": "Inner", "fields": [
			{"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["X", "Y"]}}]}},
		{"name": "b", "type": ["null", "Inner"], "default": null}]}`)
	if !strings.Contains(s.Text(), `"namespace": "org.openedx.enterprise.subsidy.redemption-reversed.v1"`) {
		t.Errorf("Text() lost the original namespace: %s", s.Text())
	}
	c := mustCodec(t, s)
	in := map[string]any{"a": map[string]any{"kind": "Y"}, "b": map[string]any{"kind": "X"}}
	b, err := c.Encode(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := []byte{2, 2, 0}; !bytes.Equal(b, want) {
		t.Errorf("Encode = %x, want %x", b, want)
	}
	got, err := c.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, in) {
		t.Errorf("Decode = %#v, want %#v", got, in)
	}
}

// TestCodecDecodeBlockForms decodes arrays and maps split into several blocks and blocks
// with a negative count followed by a byte size, which other Avro writers produce.
func TestCodecDecodeBlockForms(t *testing.T) {
	tests := []struct {
		name   string
		schema string
		data   []byte
		want   any
	}{
		{"array in two blocks", `{"type": "array", "items": "long"}`,
			[]byte{0x02, 0x02, 0x02, 0x04, 0x00}, []any{int64(1), int64(2)}},
		{"array with negative count", `{"type": "array", "items": "long"}`,
			[]byte{0x03, 0x04, 0x02, 0x04, 0x00}, []any{int64(1), int64(2)}},
		{"map in two blocks", `{"type": "map", "values": "boolean"}`,
			[]byte{0x02, 0x02, 'a', 0x01, 0x02, 0x02, 'b', 0x00, 0x00},
			map[string]any{"a": true, "b": false}},
		{"map with negative count", `{"type": "map", "values": "boolean"}`,
			[]byte{0x01, 0x06, 0x02, 'a', 0x01, 0x00}, map[string]any{"a": true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := mustCodec(t, mustParse(t, tt.schema)).DecodeValue(tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("DecodeValue = %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestCodecRecursiveSchema(t *testing.T) {
	c := mustCodec(t, mustParse(t, `{"type": "record", "name": "Node", "fields": [
		{"name": "value", "type": "long"},
		{"name": "next", "type": ["null", "Node"], "default": null}]}`))
	list := map[string]any{"value": int64(1), "next": map[string]any{"value": int64(2),
		"next": map[string]any{"value": int64(3), "next": nil}}}
	b, err := c.Encode(list)
	if err != nil {
		t.Fatal(err)
	}
	if want := []byte{2, 2, 4, 2, 6, 0}; !bytes.Equal(b, want) {
		t.Errorf("Encode = %x, want %x", b, want)
	}
	got, err := c.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, list) {
		t.Errorf("Decode = %#v, want %#v", got, list)
	}

	// A list 2,000 nodes long nests deeper than decoding allows.
	deep := bytes.Repeat([]byte{2, 2}, 2000)
	deep = append(deep, 2, 0)
	if _, err := c.Decode(deep); err == nil || !strings.Contains(err.Error(), "nests deeper") {
		t.Errorf("Decode(2000 levels) error = %v, want a nesting error", err)
	}

	cyclic := map[string]any{"value": int64(1)}
	cyclic["next"] = cyclic
	if _, err := c.Encode(cyclic); err == nil || !strings.Contains(err.Error(), "nests deeper") {
		t.Errorf("Encode(cyclic map) error = %v, want a nesting error", err)
	}
}

func TestCodecDecodeWrapped(t *testing.T) {
	c := mustCodec(t, mustParse(t, `{"type": "record", "name": "R", "namespace": "my-ns",
		"fields": [{"name": "n", "type": "int"}, {"name": "s", "type": ["null", "string"]},
		{"name": "r", "type": ["null", {"type": "record", "name": "In",
			"fields": [{"name": "f", "type": "float"}]}]}, {"name": "z", "type": ["null", "long"]}]}`))
	b, err := c.Encode(map[string]any{"n": int64(3), "s": "x", "r": map[string]any{"f": 1.5}, "z": nil})
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.DecodeWrapped(b)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"n": int32(3), "s": map[string]any{"string": "x"},
		"r": map[string]any{"my_ns.In": map[string]any{"f": float32(1.5)}}, "z": nil}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DecodeWrapped = %#v, want %#v", got, want)
	}

	if _, err := c.DecodeWrapped(append(bytes.Clone(b), 0)); err == nil ||
		!strings.Contains(err.Error(), "1 unexpected bytes") {
		t.Errorf("DecodeWrapped with a trailing byte: error = %v, want unexpected bytes", err)
	}
	if _, err := c.DecodeWrapped([]byte{0x06, 0x02, 0x04, 0xff, 0xfe}); err == nil ||
		!strings.Contains(err.Error(), "not valid UTF-8") {
		t.Errorf("DecodeWrapped with invalid UTF-8: error = %v, want a UTF-8 error", err)
	}
}

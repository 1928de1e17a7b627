package events

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

type sampleInner struct {
	Key  CourseKey  `avro:"key"`
	When *time.Time `avro:"when,optional"`
}

type sampleData struct {
	Name    string                `avro:"name"`
	Count   int64                 `avro:"count"`
	Ratio   float64               `avro:"ratio"`
	On      bool                  `avro:"on"`
	At      time.Time             `avro:"at"`
	ID      uuid.UUID             `avro:"id"`
	Inner   sampleInner           `avro:"inner"`
	Maybe   *sampleInner          `avro:"maybe,optional"`
	List    []sampleInner         `avro:"list"`
	Tags    map[string][]string   `avro:"tags"`
	Extra   map[string]string     `avro:"extra,optional"`
	Note    *string               `avro:"note,optional"`
	Local   string                `avro:"-"`
	ByTime  map[string]time.Time  `avro:"by_time"`
	Nested  [][]int64             `avro:"nested"`
	Library LibraryLocatorV2      `avro:"library"`
	Flags   map[string]bool       `avro:"flags"`
	Seen    []UsageKey            `avro:"seen"`
	Later   *uuid.UUID            `avro:"later,optional"`
	Ratios  map[string]float64    `avro:"ratios"`
	Deep    map[string]sampleDeep `avro:"deep"`
}

type sampleDeep struct {
	Count int64 `avro:"count"`
}

func sampleSignal() *Signal[sampleData] {
	return NewSignal[sampleData](Spec{EventType: "org.openedx.test.sample.v1", PayloadKey: "sample"})
}

func sampleRecord() map[string]any {
	return map[string]any{"sample": map[string]any{
		"name": "n", "count": int64(3), "ratio": 0.5, "on": true,
		"at": "2024-03-01T12:30:00+00:00", "id": "2adf559a-11cb-1288-8a50-12dc582c18c9",
		"inner": map[string]any{"key": "course-v1:edX+DemoX+2024", "when": nil},
		"maybe": map[string]any{"key": "edX/DemoX/2024", "when": "2024-03-01T12:30:00.000001+00:00"},
		"list":  []any{map[string]any{"key": "course-v1:a+b+c", "when": nil}},
		"tags":  map[string]any{"x": []any{"1", "2"}},
		"extra": nil, "note": "hello",
		"by_time": map[string]any{"k": "2024-03-01T12:30:00+00:00"},
		"nested":  []any{[]any{int64(1)}, []any{}},
		"library": "lib:edX:demo",
		"flags":   map[string]any{"a": false},
		"seen":    []any{"lb:edX:demo:problem:p1"},
		"later":   nil,
		"ratios":  map[string]any{},
		"deep":    map[string]any{"d": map[string]any{"count": int64(-1)}},
	}}
}

func TestRecordRoundTrip(t *testing.T) {
	sig := sampleSignal()
	p, err := sig.PayloadFromRecord(sampleRecord())
	if err != nil {
		t.Fatal(err)
	}
	if p.Note == nil || *p.Note != "hello" || p.Maybe == nil || p.Maybe.When == nil || p.Extra != nil {
		t.Errorf("payload: got %+v", p)
	}
	back, err := sig.ToRecord(p)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, sampleRecord()) {
		t.Errorf("round trip:\n got %v\nwant %v", back, sampleRecord())
	}

	body, err := sig.Encode(&p)
	if err != nil {
		t.Fatal(err)
	}
	decoded, err := sig.DecodePayload(body)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(decoded, p) {
		t.Errorf("Encode then Decode:\n got %+v\nwant %+v", decoded, p)
	}
}

func TestToRecordNilContainers(t *testing.T) {
	rec, err := sampleSignal().ToRecord(sampleData{Inner: sampleInner{Key: "course-v1:a+b+c"}, Library: "lib:a:b"})
	if err != nil {
		t.Fatal(err)
	}
	inner := rec["sample"].(map[string]any)
	if got, ok := inner["list"].([]any); !ok || len(got) != 0 {
		t.Errorf("nil required slice: got %#v, want an empty list", inner["list"])
	}
	if got, ok := inner["tags"].(map[string]any); !ok || len(got) != 0 {
		t.Errorf("nil required map: got %#v, want an empty map", inner["tags"])
	}
	if inner["extra"] != nil {
		t.Errorf("nil optional map: got %#v, want nil", inner["extra"])
	}
}

func TestToRecordInvalidKey(t *testing.T) {
	p := sampleData{Inner: sampleInner{Key: "course-v1:a+b+c"}, Library: "lib:a:b",
		List: []sampleInner{{Key: "not a key"}}}
	_, err := sampleSignal().ToRecord(p)
	var fe *FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("got %v, want a *FieldError", err)
	}
	if fe.Op != "encode" || fe.Path != "sample.list[0].key" || !strings.Contains(err.Error(), `"not a key"`) {
		t.Errorf("got %v", err)
	}
}

func TestFromRecordErrors(t *testing.T) {
	tests := []struct {
		name    string
		change  func(m map[string]any)
		path    string
		errText string
	}{
		{"missing", func(m map[string]any) { delete(m, "name") }, "sample.name", "missing required field"},
		{"null", func(m map[string]any) { m["count"] = nil }, "sample.count", "null for a required field"},
		{"unknown", func(m map[string]any) { m["bogus"] = 1 }, "sample.bogus", "unknown field"},
		{"string type", func(m map[string]any) { m["name"] = int64(1) }, "sample.name", "expected a string"},
		{"long type", func(m map[string]any) { m["count"] = "3" }, "sample.count", "expected an integer"},
		{"long fraction", func(m map[string]any) { m["count"] = 1.5 }, "sample.count", "expected an integer"},
		{"long overflow", func(m map[string]any) { m["count"] = json.Number("9223372036854775808") }, "sample.count", "64-bit integer"},
		{"double type", func(m map[string]any) { m["ratio"] = true }, "sample.ratio", "expected a number"},
		{"bool type", func(m map[string]any) { m["on"] = "true" }, "sample.on", "expected a boolean"},
		{"time", func(m map[string]any) { m["at"] = "2024-03-01T12:30:00" }, "sample.at", `"2024-03-01T12:30:00"`},
		{"time type", func(m map[string]any) { m["at"] = int64(0) }, "sample.at", "expected a time string"},
		{"uuid", func(m map[string]any) { m["id"] = "xyz" }, "sample.id", `invalid UUID "xyz"`},
		{"record type", func(m map[string]any) { m["inner"] = "x" }, "sample.inner", "expected a sampleInner record"},
		{"nested key", func(m map[string]any) { m["inner"].(map[string]any)["key"] = "nope" }, "sample.inner.key", `invalid course key: "nope"`},
		{"optional record", func(m map[string]any) { m["maybe"].(map[string]any)["when"] = "x" }, "sample.maybe.when", "invalid time"},
		{"array item", func(m map[string]any) { m["list"] = []any{"x"} }, "sample.list[0]", "expected a sampleInner record"},
		{"array type", func(m map[string]any) { m["list"] = map[string]any{} }, "sample.list", "expected an array"},
		{"map value", func(m map[string]any) { m["tags"] = map[string]any{"k": []any{int64(1)}} }, "sample.tags[\"k\"][0]", "expected a string"},
		{"map type", func(m map[string]any) { m["tags"] = []any{} }, "sample.tags", "expected a map"},
		{"library key", func(m map[string]any) { m["library"] = "lib:edX" }, "sample.library", "invalid library key"},
		{"usage key", func(m map[string]any) { m["seen"] = []any{"i4x://a"} }, "sample.seen[0]", "invalid usage key"},
		{"deep", func(m map[string]any) { m["deep"].(map[string]any)["d"] = map[string]any{} }, "sample.deep[\"d\"].count", "missing required field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := sampleRecord()
			tt.change(rec["sample"].(map[string]any))
			_, err := sampleSignal().FromRecord(rec)
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, want a *FieldError", err)
			}
			if fe.Path != tt.path {
				t.Errorf("path: got %q, want %q (%v)", fe.Path, tt.path, err)
			}
			if !strings.Contains(err.Error(), tt.errText) {
				t.Errorf("error %q does not contain %q", err, tt.errText)
			}
			if fe.Op != "decode" || fe.EventType != "org.openedx.test.sample.v1" {
				t.Errorf("Op, EventType: got %q, %q", fe.Op, fe.EventType)
			}
		})
	}
}

func TestFromRecordTopLevel(t *testing.T) {
	tests := []struct {
		rec     map[string]any
		errText string
	}{
		{map[string]any{}, "field sample: missing required field"},
		{map[string]any{"sample": nil}, "field sample: missing required field"},
		{map[string]any{"other": 1, "sample": map[string]any{}}, "field other: unknown field"},
	}
	for _, tt := range tests {
		_, err := sampleSignal().FromRecord(tt.rec)
		if err == nil || !strings.Contains(err.Error(), tt.errText) {
			t.Errorf("%v: got %v, want an error containing %q", tt.rec, err, tt.errText)
		}
	}
}

func TestFromRecordNumberForms(t *testing.T) {
	for _, n := range []any{int64(3), 3, int32(3), 3.0, json.Number("3")} {
		rec := sampleRecord()
		rec["sample"].(map[string]any)["count"] = n
		rec["sample"].(map[string]any)["ratio"] = n
		p, err := sampleSignal().PayloadFromRecord(rec)
		if err != nil {
			t.Errorf("%T %v: %v", n, n, err)
			continue
		}
		if p.Count != 3 || p.Ratio != 3 {
			t.Errorf("%T: got count %d ratio %v", n, p.Count, p.Ratio)
		}
	}
}

func TestDecodeGarbage(t *testing.T) {
	sig := sampleSignal()
	for _, body := range [][]byte{nil, {0xff}, {0x02, 'x', 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}} {
		if _, err := sig.Decode(body); err == nil {
			t.Errorf("Decode(%x): got no error", body)
		}
	}
}

func TestPayloadTypeChecked(t *testing.T) {
	sig := sampleSignal()
	var nilPayload *sampleData
	for _, p := range []any{nil, "x", nilPayload, sampleInner{}} {
		if _, err := sig.Encode(p); err == nil || !strings.Contains(err.Error(), "expected events.sampleData") {
			t.Errorf("Encode(%T): got %v", p, err)
		}
	}
}

func TestSchemaOfSample(t *testing.T) {
	text := sampleSignal().SchemaText()
	for _, want := range []string{
		`{"fields": [{"name": "key", "type": "string"}, {"default": null, "name": "when", "type": ["null", "string"]}], "name": "sampleInner", "type": "record"}`,
		`{"default": null, "name": "maybe", "type": ["null", "sampleInner"]}`,
		`{"name": "list", "type": {"items": "sampleInner", "type": "array"}}`,
		`{"name": "tags", "type": {"type": "map", "values": {"items": "string", "type": "array"}}}`,
		`{"default": null, "name": "extra", "type": ["null", {"type": "map", "values": "string"}]}`,
		`{"name": "nested", "type": {"items": {"items": "long", "type": "array"}, "type": "array"}}`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("schema lacks %s\nschema: %s", want, text)
		}
	}
	if strings.Contains(text, "Local") || strings.Contains(text, `"local"`) {
		t.Error("schema contains the in-process field")
	}
}

type badPointer struct {
	P *string `avro:"p"`
}

type badOptional struct {
	S string `avro:"s,optional"`
}

type badTag struct {
	S string `avro:"s,weird"`
}

type noTag struct {
	S string
}

type badKind struct {
	C chan int `avro:"c"`
}

func TestPlanErrors(t *testing.T) {
	tests := []struct {
		typ     reflect.Type
		errText string
	}{
		{reflect.TypeFor[badPointer](), "pointer field must be tagged optional"},
		{reflect.TypeFor[badOptional](), "optional field must be a pointer, map or slice"},
		{reflect.TypeFor[badTag](), `unknown avro tag option "weird"`},
		{reflect.TypeFor[noTag](), "missing avro struct tag"},
		{reflect.TypeFor[badKind](), "has no Avro form"},
	}
	for _, tt := range tests {
		_, err := newPlan(tt.typ)
		if err == nil || !strings.Contains(err.Error(), tt.errText) {
			t.Errorf("%v: got %v, want an error containing %q", tt.typ, err, tt.errText)
		}
	}
}

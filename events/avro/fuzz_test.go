package avro

import (
	"bytes"
	"encoding/hex"
	"github.com/openedx-go/eventbus/internal/reference"
	"strings"
	"testing"
)

// enrollmentSchema is the schema of org.openedx.learning.course.enrollment.created.v1.
const enrollmentSchema = `{"name": "CloudEvent", "type": "record",
	"doc": "Avro Event Format for CloudEvents created with openedx_events/schema",
	"namespace": "org.openedx.learning.course.enrollment.created.v1", "fields": [
	{"name": "enrollment", "type": {"name": "CourseEnrollmentData", "type": "record", "fields": [
		{"name": "user", "type": {"name": "UserData", "type": "record", "fields": [
			{"name": "id", "type": "long"},
			{"name": "is_active", "type": "boolean"},
			{"name": "pii", "type": {"name": "UserPersonalData", "type": "record", "fields": [
				{"name": "username", "type": "string"},
				{"name": "email", "type": "string"},
				{"name": "name", "type": "string"}]}}]}},
		{"name": "course", "type": {"name": "CourseData", "type": "record", "fields": [
			{"name": "course_key", "type": "string"},
			{"name": "display_name", "type": "string"},
			{"name": "start", "type": ["null", "string"], "default": null},
			{"name": "end", "type": ["null", "string"], "default": null}]}},
		{"name": "mode", "type": "string"},
		{"name": "is_active", "type": "boolean"},
		{"name": "creation_date", "type": "string"},
		{"name": "created_by", "type": ["null", "UserData"], "default": null}]}}]}`

// enrollmentRecord returns a record for enrollmentSchema in record dictionary form.
func enrollmentRecord() map[string]any {
	user := map[string]any{
		"id": int64(42), "is_active": true,
		"pii": map[string]any{"username": "learner42", "email": "learner42@example.com",
			"name": "Learner Forty-Two"},
	}
	return map[string]any{"enrollment": map[string]any{
		"user": user,
		"course": map[string]any{"course_key": "course-v1:edX+DemoX+Demo_Course",
			"display_name": "Demonstration Course", "start": "2024-03-01T12:30:00+00:00",
			"end": nil},
		"mode": "audit", "is_active": true,
		"creation_date": "2024-03-01T12:30:00.123456+00:00",
		"created_by": map[string]any{"id": int64(1), "is_active": true,
			"pii": map[string]any{"username": "staff", "email": "staff@example.com",
				"name": "Staff"}},
	}}
}

// FuzzDecode decodes arbitrary bytes with several schemas. Decoding must return an error
// or a value, never panic or allocate without bound, and a decoded value must encode and
// decode again to the same bytes.
func FuzzDecode(f *testing.F) {
	codecs := []*Codec{
		mustCodec(f, mustParse(f, enrollmentSchema)),
		mustCodec(f, mustParse(f, testRecordSchema)),
		mustCodec(f, mustParse(f, `{"type": "array", "items": ["null",
			{"type": "map", "values": "null"}]}`)),
	}
	for _, c := range codecs[:2] {
		var record map[string]any
		if c == codecs[0] {
			record = enrollmentRecord()
		} else {
			record = testRecord()
		}
		b, err := c.Encode(record)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Add([]byte{0xfe, 0xff, 0xff, 0xff, 0x0f})
	f.Add([]byte{0x01, 0x02, 0x00})
	f.Add(bytes.Repeat([]byte{0x80}, 12))
	addVectorSeeds(f)

	// The reader drops count, promotes items to double and adds a field with a default,
	// so resolution runs every kind of conversion on decoded garbage.
	reader := strings.NewReplacer(
		`{"name": "count", "type": "int", "default": 0},`, ``,
		`"items": "long"}`, `"items": "double"}`,
		`"fields": [
	{"name": "user"`, `"fields": [
	{"name": "added", "type": ["null", "long"], "default": null},
	{"name": "user"`,
	).Replace(testRecordSchema)
	resolver, err := NewResolver(mustParse(f, testRecordSchema), mustParse(f, reader))
	if err != nil {
		f.Fatal(err)
	}
	if reader == testRecordSchema || strings.Count(reader, `"name": "added"`) != 1 {
		f.Fatal("the reader schema for the resolver did not change as intended")
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, c := range codecs {
			checkDecodeRoundTrip(t, c, data)
		}
		_, _ = resolver.DecodeValue(data)
	})
}

func checkDecodeRoundTrip(t *testing.T, c *Codec, data []byte) {
	v, err := c.DecodeValue(data)
	if err != nil {
		return
	}
	first, err := c.EncodeValue(v)
	if err != nil {
		t.Fatalf("%s: decoded %#v from %x but cannot encode it: %v", c.Schema().Name(), v, data, err)
	}
	again, err := c.DecodeValue(first)
	if err != nil {
		t.Fatalf("%s: cannot decode re-encoded %x: %v", c.Schema().Name(), first, err)
	}
	second, err := c.EncodeValue(again)
	if err != nil || !bytes.Equal(first, second) {
		t.Fatalf("%s: encoding is not stable: %x then %x (%v)", c.Schema().Name(), first, second, err)
	}
}

// addVectorSeeds adds the reference encodings as seeds when the reference data is present.
func addVectorSeeds(f *testing.F) {
	if !hasSharedDir() {
		return
	}
	for _, v := range reference.Vectors(f) {
		if b, err := hex.DecodeString(v.AvroHex); err == nil {
			f.Add(b)
		}
	}
}

package catalog_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/avro"
	"github.com/openedx-go/eventbus/events/catalog"
	"github.com/openedx-go/eventbus/events/contentauthoring"
	"github.com/openedx-go/eventbus/events/learning"
)

func TestAllCounts(t *testing.T) {
	all := catalog.All()
	if got := len(all); got != 75 {
		t.Errorf("All: got %d definitions, want 75", got)
	}
	if got := len(catalog.Serializable()); got != 72 {
		t.Errorf("Serializable: got %d definitions, want 72", got)
	}
	if !slices.IsSortedFunc(all, func(a, b events.Definition) int { return strings.Compare(a.EventType(), b.EventType()) }) {
		t.Error("All is not sorted by event type")
	}

	subdomains := map[string]int{}
	for _, d := range all {
		subdomains[d.Subdomain()]++
	}
	want := map[string]int{"learning": 37, "content_authoring": 27, "enterprise": 8, "analytics": 1, "authz": 2}
	for sub, n := range want {
		if subdomains[sub] != n {
			t.Errorf("subdomain %s: got %d definitions, want %d", sub, subdomains[sub], n)
		}
	}
}

func TestAllDefinitionsComplete(t *testing.T) {
	names := map[string]bool{}
	for _, d := range catalog.All() {
		if d.Name() == "" || d.PayloadKey() == "" || d.Subdomain() == "" {
			t.Errorf("%s: empty name, payload key or subdomain", d.EventType())
		}
		if names[d.Subdomain()+"."+d.Name()] {
			t.Errorf("%s: duplicate Go name %s", d.EventType(), d.Name())
		}
		names[d.Subdomain()+"."+d.Name()] = true
		if d.Sendable() && d.Schema() == nil {
			t.Errorf("%s: sendable without a schema", d.EventType())
		}
	}
}

func TestLookupKnown(t *testing.T) {
	def, err := catalog.Lookup("org.openedx.learning.course.enrollment.created.v1")
	if err != nil {
		t.Fatal(err)
	}
	if def != events.Definition(learning.CourseEnrollmentCreated) {
		t.Errorf("Lookup: got %s, want learning.CourseEnrollmentCreated", def.Name())
	}
}

func TestClosestRanksPartMatchesFirst(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"login.completed", "org.openedx.learning.auth.session.login.completed.v1"},
		{"LOGIN.COMPLETED", "org.openedx.learning.auth.session.login.completed.v1"},
		{"session.login", "org.openedx.learning.auth.session.login.completed.v1"},
		{"enrollment.created", "org.openedx.learning.course.enrollment.created.v1"},
		{"ogin.complet", "org.openedx.learning.auth.session.login.completed.v1"},
	}
	for _, tt := range tests {
		got := catalog.Closest(tt.in, 3)
		if len(got) == 0 || got[0] != tt.want {
			t.Errorf("Closest(%q) = %v, want %s first", tt.in, got, tt.want)
		}
	}
}

func TestLookupUnknownListsClosest(t *testing.T) {
	_, err := catalog.Lookup("org.openedx.learning.course.enrollment.create.v1")
	var unknown *catalog.UnknownEventTypeError
	if !errors.As(err, &unknown) {
		t.Fatalf("Lookup error: got %v, want *UnknownEventTypeError", err)
	}
	if len(unknown.Closest) == 0 || unknown.Closest[0] != "org.openedx.learning.course.enrollment.created.v1" {
		t.Errorf("closest: got %v, want the enrollment created type first", unknown.Closest)
	}
	if !strings.Contains(err.Error(), "org.openedx.learning.course.enrollment.created.v1") {
		t.Errorf("error message %q does not name the closest type", err)
	}
}

func TestNotSendable(t *testing.T) {
	for _, eventType := range []string{
		"org.openedx.content_authoring.course.certificate_config.changed.v1",
		"org.openedx.content_authoring.course.certificate_config.deleted.v1",
		"org.openedx.learning.external_grader.score.submitted.v1",
	} {
		def, err := catalog.Lookup(eventType)
		if err != nil {
			t.Fatal(err)
		}
		if def.Sendable() {
			t.Errorf("%s: Sendable is true", eventType)
		}
		if def.Schema() != nil || def.SchemaText() != "" {
			t.Errorf("%s: has a schema", eventType)
		}
		checkNotSendable(t, eventType, "Encode", func() error { _, err := def.Encode(nil); return err })
		checkNotSendable(t, eventType, "Decode", func() error { _, err := def.Decode([]byte{0}); return err })
		checkNotSendable(t, eventType, "KeyField", func() error { _, err := def.KeyField("x.y"); return err })
		checkNotSendable(t, eventType, "ToRecord", func() error { _, err := def.ToRecord(nil); return err })
		checkNotSendable(t, eventType, "FromRecord", func() error { _, err := def.FromRecord(nil); return err })
		checkNotSendable(t, eventType, "KeyValue", func() error { _, err := def.KeyValue(nil, "x.y"); return err })
		checkNotSendable(t, eventType, "DecodeFrom", func() error { _, err := def.DecodeFrom(nil, []byte{0}); return err })
		checkNotSendable(t, eventType, "IndentedSchema", func() error { _, err := events.IndentedSchema(def); return err })
	}
}

func checkNotSendable(t *testing.T, eventType, op string, call func() error) {
	t.Helper()
	err := call()
	if !errors.Is(err, events.ErrNotSendable) {
		t.Errorf("%s %s: got %v, want ErrNotSendable", eventType, op, err)
	}
	if err != nil && !strings.Contains(err.Error(), eventType) {
		t.Errorf("%s %s: error %q does not name the event type", eventType, op, err)
	}
}

func TestKeyField(t *testing.T) {
	def := learning.CourseEnrollmentCreated
	tests := []struct {
		path, avroType, schema, errText string
	}{
		{path: "enrollment.course.course_key", avroType: "string", schema: `{"name": "course_key", "type": "string"}`},
		{path: "enrollment.user.id", avroType: "long", schema: `{"name": "id", "type": "long"}`},
		{path: "enrollment.is_active", avroType: "boolean", schema: `{"name": "is_active", "type": "boolean"}`},
		{path: "enrollment.creation_date", avroType: "string", schema: `{"name": "creation_date", "type": "string"}`},
		{path: "enrollment.user.pii.username", avroType: "string", schema: `{"name": "username", "type": "string"}`},
		{path: "enrollment.course.start", errText: "optional"},
		{path: "enrollment.created_by.id", errText: "optional"},
		{path: "enrollment.course", errText: "is a record"},
		{path: "enrollment", errText: "is a record"},
		{path: "enrollment.course.nope", errText: "has no field \"nope\""},
		{path: "user.id", errText: "must start with the payload key \"enrollment\""},
		{path: "enrollment.mode.x", errText: "not a record"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			kf, err := def.KeyField(tt.path)
			if tt.errText != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errText) {
					t.Errorf("KeyField error: got %v, want one containing %q", err, tt.errText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if kf.AvroType != tt.avroType {
				t.Errorf("AvroType: got %s, want %s", kf.AvroType, tt.avroType)
			}
			if kf.Schema.Text() != tt.schema {
				t.Errorf("Schema: got %s, want %s", kf.Schema.Text(), tt.schema)
			}
		})
	}
}

func TestKeyFieldThroughArray(t *testing.T) {
	_, err := learning.CourseDiscussionsChanged.KeyField("configuration.contexts.title")
	if err == nil || !strings.Contains(err.Error(), "not a record") {
		t.Errorf("KeyField through an array: got %v", err)
	}
}

func TestKeyValue(t *testing.T) {
	p := enrollment()
	tests := []struct {
		path string
		want any
	}{
		{"enrollment.course.course_key", "course-v1:edX+DemoX+2024_T1"},
		{"enrollment.user.id", int64(42)},
		{"enrollment.is_active", true},
		{"enrollment.creation_date", "2024-03-01T12:30:00.000123+00:00"},
	}
	for _, tt := range tests {
		got, err := learning.CourseEnrollmentCreated.KeyValue(p, tt.path)
		if err != nil {
			t.Errorf("KeyValue(%s): %v", tt.path, err)
			continue
		}
		if got != tt.want {
			t.Errorf("KeyValue(%s): got %#v, want %#v", tt.path, got, tt.want)
		}
	}
	if _, err := learning.CourseEnrollmentCreated.KeyValue(learning.UserData{}, "enrollment.user.id"); err == nil {
		t.Error("KeyValue with a payload of the wrong type: got no error")
	}
}

// TestKeyValueRepeatedKey checks that a key accepted before is returned
// again without hiding a change: a new key, an invalid key, or a key changed
// in place in the same payload.
func TestKeyValueRepeatedKey(t *testing.T) {
	const path = "enrollment.course.course_key"
	def := learning.CourseEnrollmentCreated
	p := enrollment()
	steps := []struct {
		key, wantErr string
	}{
		{"course-v1:edX+DemoX+2024_T1", ""},
		{"course-v1:edX+DemoX+2024_T1", ""},
		{"course-v1:edX+Other+2025", ""},
		{"not a course key", "invalid course key"},
		{"course-v1:edX+Other+2025", ""},
		{"", "invalid course key"},
	}
	for i, st := range steps {
		p.Course.CourseKey = events.CourseKey(st.key)
		// A pointer, so that the key changes in place in the same payload.
		got, err := def.KeyValue(&p, path)
		if st.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), st.wantErr) {
				t.Errorf("step %d: KeyValue(%q) = %v, %v, want an error containing %q", i, st.key, got, err, st.wantErr)
			}
			continue
		}
		if err != nil || got != st.key {
			t.Errorf("step %d: KeyValue(%q) = %#v, %v, want the key", i, st.key, got, err)
		}
	}
}

func TestDocumentedKeyFields(t *testing.T) {
	// openedx-events documents key fields that do not exist in these events:
	// "catalog_info.course_key" for payload key "course", and
	// "user.pii.username" for payload key "role_assignment".
	broken := map[string]bool{
		"org.openedx.content_authoring.course.import.completed.v1": true,
		"org.openedx.content_authoring.course.rerun.completed.v1":  true,
		"org.openedx.authz.role_assignment.created":                true,
		"org.openedx.authz.role_assignment.deleted":                true,
	}
	for _, def := range catalog.Serializable() {
		if def.DefaultKeyField() == "" {
			continue
		}
		_, err := def.KeyField(def.DefaultKeyField())
		if broken[def.EventType()] {
			if err == nil {
				t.Errorf("%s: documented key field %q resolved", def.EventType(), def.DefaultKeyField())
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", def.EventType(), err)
		}
	}
}

func TestDecodeFromNewerWriter(t *testing.T) {
	// The Python library's XBlockData has an optional "version" field that
	// the published schema lacks; data written with it must still decode.
	writer := avro.MustParse(`{"type": "record", "name": "CloudEvent",
		"namespace": "org.openedx.content_authoring.xblock.created.v1",
		"fields": [{"name": "xblock_info", "type": {"type": "record", "name": "XBlockData", "fields": [
			{"name": "usage_key", "type": "string"},
			{"name": "block_type", "type": "string"},
			{"name": "version", "type": ["null", "string"], "default": null}]}}]}`)
	codec, err := avro.NewCodec(writer)
	if err != nil {
		t.Fatal(err)
	}
	key := "block-v1:edX+DemoX+2024_T1+type@problem+block@abc123"
	body, err := codec.Encode(map[string]any{"xblock_info": map[string]any{
		"usage_key": key, "block_type": "problem", "version": key,
	}})
	if err != nil {
		t.Fatal(err)
	}

	got, err := contentauthoring.XBlockCreated.DecodeFrom(writer, body)
	if err != nil {
		t.Fatal(err)
	}
	want := contentauthoring.XBlockData{UsageKey: events.UsageKey(key), BlockType: "problem"}
	if got != want {
		t.Errorf("DecodeFrom: got %+v, want %+v", got, want)
	}
}

func TestDecodeFromIncompatibleWriter(t *testing.T) {
	writer := avro.MustParse(`{"type": "record", "name": "CloudEvent",
		"namespace": "org.openedx.content_authoring.xblock.created.v1",
		"fields": [{"name": "xblock_info", "type": {"type": "record", "name": "XBlockData", "fields": [
			{"name": "usage_key", "type": "long"},
			{"name": "block_type", "type": "string"}]}}]}`)
	_, err := contentauthoring.XBlockCreated.DecodeFrom(writer, []byte{2, 2, 'x'})
	if err == nil {
		t.Fatal("DecodeFrom with an incompatible writer: got no error")
	}
	if !strings.Contains(err.Error(), "does not resolve") {
		t.Errorf("error %q does not say the writer schema does not resolve", err)
	}
}

func TestDecodeFromTruncatedBody(t *testing.T) {
	writer := contentauthoring.XBlockCreated.Schema()
	body, err := contentauthoring.XBlockCreated.Encode(contentauthoring.XBlockData{
		UsageKey: "block-v1:edX+DemoX+2024_T1+type@problem+block@abc123", BlockType: "problem",
	})
	if err != nil {
		t.Fatal(err)
	}
	for n := range len(body) {
		if _, err := contentauthoring.XBlockCreated.DecodeFrom(writer, body[:n]); err == nil {
			t.Errorf("DecodeFrom of %d of %d bytes: got no error", n, len(body))
		}
	}
}

func TestPayloadFields(t *testing.T) {
	fields := events.PayloadFields(contentauthoring.XBlockDuplicated)
	var paths []string
	for _, f := range fields {
		paths = append(paths, f.Path)
	}
	want := []string{"xblock_info.usage_key", "xblock_info.block_type", "xblock_info.version", "xblock_info.source_usage_key"}
	if !slices.Equal(paths, want) {
		t.Fatalf("paths: got %v, want %v", paths, want)
	}
	if fields[2].InRecord || !fields[0].InRecord {
		t.Errorf("InRecord: got %v for version and %v for usage_key", fields[2].InRecord, fields[0].InRecord)
	}

	nested := events.PayloadFields(learning.CourseDiscussionsChanged)
	var found *events.FieldInfo
	for i := range nested {
		if nested[i].Path == "configuration.contexts[].group_id" {
			found = &nested[i]
		}
	}
	if found == nil || !found.Optional || found.AvroType != "long" || found.GoType != "*int64" {
		t.Errorf("configuration.contexts[].group_id: got %+v", found)
	}
}

func TestSendInvalidMetadataOption(t *testing.T) {
	err := learning.CourseEnrollmentCreated.Send(context.Background(), enrollment(), events.WithSourceLib(nil))
	if err == nil || !strings.Contains(err.Error(), "sourcelib is empty") {
		t.Errorf("Send with an empty sourcelib: got %v", err)
	}
}

func TestDecodeFromSameLayout(t *testing.T) {
	// Docs and defaults do not change the binary layout, so such a writer
	// schema decodes without resolution.
	writer := avro.MustParse(`{"type": "record", "name": "CloudEvent", "doc": "another doc",
		"namespace": "org.openedx.content_authoring.xblock.created.v1",
		"fields": [{"name": "xblock_info", "type": {"type": "record", "name": "XBlockData", "fields": [
			{"name": "usage_key", "type": "string", "doc": "the block"},
			{"name": "block_type", "type": "string", "default": "html"}]}}]}`)
	want := contentauthoring.XBlockData{UsageKey: "block-v1:edX+DemoX+2024_T1+type@html+block@b", BlockType: "html"}
	body, err := contentauthoring.XBlockCreated.Encode(want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := contentauthoring.XBlockCreated.DecodeFrom(writer, body)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("DecodeFrom: got %+v, want %+v", got, want)
	}
}

func TestDecodeInvalidValuesNamePath(t *testing.T) {
	def := learning.CourseEnrollmentCreated
	codec, err := avro.NewCodec(def.Schema())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		field, value, path string
	}{
		{"course_key", "course-v1:edX+DemoX", "enrollment.course.course_key"},
		{"start", "2024-03-01T12:30:00", "enrollment.course.start"},
		{"creation_date", "yesterday", "enrollment.creation_date"},
	}
	for _, tt := range tests {
		rec, err := def.ToRecord(enrollment())
		if err != nil {
			t.Fatal(err)
		}
		inner := rec["enrollment"].(map[string]any)
		if tt.field == "creation_date" {
			inner[tt.field] = tt.value
		} else {
			inner["course"].(map[string]any)[tt.field] = tt.value
		}
		body, err := codec.Encode(rec)
		if err != nil {
			t.Fatal(err)
		}

		_, err = def.Decode(body)
		var fe *events.FieldError
		if !errors.As(err, &fe) {
			t.Fatalf("%s: got %v, want a *FieldError", tt.field, err)
		}
		if fe.Path != tt.path || fe.Op != "decode" {
			t.Errorf("%s: path %q op %q, want %q decode", tt.field, fe.Path, fe.Op, tt.path)
		}
		if !strings.Contains(err.Error(), `"`+tt.value+`"`) {
			t.Errorf("%s: error %q does not name the value", tt.field, err)
		}
	}
}

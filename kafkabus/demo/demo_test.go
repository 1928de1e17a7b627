package demo

import (
	"context"
	"net"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/uuid"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/catalog"
	"github.com/openedx-go/eventbus/kafkabus"
	"github.com/openedx-go/eventbus/kafkabus/config"
	"github.com/openedx-go/eventbus/kafkabus/kafkatest"
	testevents "github.com/openedx-go/eventbus/testdata/events"
)

const enrollmentCreated = "org.openedx.learning.course.enrollment.created.v1"

func lookup(t *testing.T, eventType string) events.Definition {
	t.Helper()
	def, err := catalog.Lookup(eventType)
	if err != nil {
		t.Fatal(err)
	}
	return def
}

func TestKeyFieldChoice(t *testing.T) {
	tests := []struct {
		eventType      string
		wantPath       string
		wantDocumented bool
	}{
		{enrollmentCreated, "enrollment.course.course_key", true},
		// No documented key: a field ending in _key wins.
		{"org.openedx.content_authoring.course.created.v1", "course.course_key", false},
		// The documented "catalog_info.course_key" does not start at the payload key.
		{"org.openedx.content_authoring.course.import.completed.v1", "course.course_key", false},
		// An id wins over plain fields.
		{"org.openedx.learning.idv_attempt.created.v1", "idv_attempt.attempt_id", false},
	}
	for _, tt := range tests {
		t.Run(tt.eventType, func(t *testing.T) {
			path, documented, err := KeyField(lookup(t, tt.eventType))
			if err != nil {
				t.Fatal(err)
			}
			if path != tt.wantPath {
				t.Errorf("KeyField() path = %q, want %q", path, tt.wantPath)
			}
			if documented != tt.wantDocumented {
				t.Errorf("KeyField() documented = %v, want %v", documented, tt.wantDocumented)
			}
		})
	}
}

func TestKeyFieldEverySerializableEvent(t *testing.T) {
	for _, def := range catalog.Serializable() {
		path, _, err := KeyField(def)
		if err != nil {
			t.Errorf("KeyField(%s): %v", def.EventType(), err)
			continue
		}
		if _, err := def.KeyField(path); err != nil {
			t.Errorf("KeyField(%s) = %q, which the definition rejects: %v", def.EventType(), path, err)
		}
	}
}

func TestLoadPayloadsErrors(t *testing.T) {
	def := lookup(t, enrollmentCreated)
	tests := []struct {
		name  string
		files fstest.MapFS
		want  string
	}{
		{"missing file", fstest.MapFS{}, enrollmentCreated},
		{"invalid JSON", fstest.MapFS{enrollmentCreated + ".json": {Data: []byte("{")}}, "invalid JSON"},
		{"not an object", fstest.MapFS{enrollmentCreated + ".json": {Data: []byte("[]")}}, "not an object"},
		{"wrong field", fstest.MapFS{enrollmentCreated + ".json": {Data: []byte(`{"enrollment": {}}`)}},
			"does not fit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadPayloads(tt.files, []events.Definition{def})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("LoadPayloads() error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestLoadPayloadsBuiltIn(t *testing.T) {
	defs := catalog.Serializable()
	payloads, err := LoadPayloads(testevents.FS, defs)
	if err != nil {
		t.Fatal(err)
	}
	if len(payloads) != len(defs) {
		t.Errorf("LoadPayloads() returned %d payloads, want %d", len(payloads), len(defs))
	}
}

func TestCheckEventFindsDifferences(t *testing.T) {
	def := lookup(t, enrollmentCreated)
	payloads, err := LoadPayloads(testevents.FS, []events.Definition{def})
	if err != nil {
		t.Fatal(err)
	}
	payload := payloads[enrollmentCreated]
	md, err := events.NewMetadata(enrollmentCreated, 0, events.WithTime(time.Date(2025, 1, 2, 3, 4, 5, 6000, time.UTC)))
	if err != nil {
		t.Fatal(err)
	}
	route := Route{Definition: def, Topic: "demo-learning", KeyField: "enrollment.course.course_key"}
	key, err := def.KeyValue(payload, route.KeyField)
	if err != nil {
		t.Fatal(err)
	}
	sent := sentEvent{route: route, metadata: md, payload: payload}
	settings := config.Defaults()

	received := md
	received.Time = md.Time.Add(time.Nanosecond)
	received.Source = "openedx/other/web"
	rec := newRecorder()
	rec.deliveries[md.ID] = kafkabus.Delivery{Topic: "demo-learning", KeyValue: "course-v1:x+y+z"}
	rec.received[md.ID] = events.Event{Metadata: received, Payload: payload, FromBus: true}

	row := checkEvent(context.Background(), settings, sent, rec)
	if row.Match() {
		t.Fatalf("checkEvent() matched an event with a different time, source and key")
	}
	problems := strings.Join(row.Problems, "\n")
	for _, want := range []string{"metadata time", "metadata source", "key \"course-v1:x+y+z\""} {
		if !strings.Contains(problems, want) {
			t.Errorf("problems %q lack %q", problems, want)
		}
	}

	rec.deliveries[md.ID] = kafkabus.Delivery{Topic: "demo-learning", KeyValue: key}
	rec.received[md.ID] = events.Event{Metadata: md, Payload: payload, FromBus: true}
	if row := checkEvent(context.Background(), settings, sent, rec); !row.Match() {
		t.Errorf("checkEvent() of an unchanged event has problems %q", row.Problems)
	}
}

func TestResultErr(t *testing.T) {
	ok := &Result{Sent: 2, Received: 2, Matched: 2, OnTopics: 2}
	if err := ok.Err(); err != nil {
		t.Errorf("Err() of a full match = %v, want nil", err)
	}
	tests := []struct {
		name string
		res  Result
		want string
	}{
		{"mismatch", Result{Sent: 2, Received: 2, Matched: 1, OnTopics: 2}, "1 of 2 events did not arrive unchanged"},
		{"lost", Result{Sent: 2, Received: 1, Matched: 1, OnTopics: 2}, "consumers read 1 events, want 2"},
		{"published twice", Result{Sent: 2, Received: 2, Matched: 2, OnTopics: 3}, "the topics hold 3 messages"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.res.Err()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Err() = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestE2EDemoRunSubset(t *testing.T) {
	env := kafkatest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	defs := []events.Definition{
		lookup(t, enrollmentCreated),
		lookup(t, "org.openedx.enterprise.subsidy.redemption-reversed.v1"),
		lookup(t, "org.openedx.learning.idv_attempt.created.v1"),
	}
	payloads, err := LoadPayloads(testevents.FS, defs)
	if err != nil {
		t.Fatal(err)
	}
	settings := env.Settings()
	settings.Kafka["enable.metrics.push"] = "false"
	prefix := "subset-" + uuid.NewString()[:8]
	settings.TopicPrefix = prefix

	res, err := Run(ctx, Options{Settings: settings, Definitions: defs, Payloads: payloads, Partitions: 2})
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Err(); err != nil {
		t.Fatalf("Run() result: %v", err)
	}
	if res.Sent != 3 || res.Matched != 3 || res.OnTopics != 3 {
		t.Errorf("Run() totals: %s, want 3 sent, matched and on topics", res.Totals())
	}
	for _, row := range res.Rows {
		if !strings.HasPrefix(row.Topic, prefix+"-demo-") {
			t.Errorf("row %s topic %q lacks the prefix %s-", row.EventType, row.Topic, prefix)
		}
		if row.SchemaID == 0 {
			t.Errorf("row %s has no schema id", row.EventType)
		}
	}
}

func TestE2EDemoRunRegistryDown(t *testing.T) {
	env := kafkatest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	defs := []events.Definition{lookup(t, enrollmentCreated)}
	payloads, err := LoadPayloads(testevents.FS, defs)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedURL := "http://" + ln.Addr().String()
	ln.Close()
	settings := env.Settings()
	settings.Kafka["enable.metrics.push"] = "false"
	settings.TopicPrefix = "down-" + uuid.NewString()[:8]
	settings.SchemaRegistryURL = closedURL

	_, err = Run(ctx, Options{Settings: settings, Definitions: defs, Payloads: payloads})
	if err == nil || !strings.Contains(err.Error(), "register schema") {
		t.Errorf("Run() with the registry at %s: error %v, want a failed schema registration", closedURL, err)
	}
	if ctx.Err() != nil {
		t.Errorf("Run() waited until the test deadline instead of failing at once")
	}
}

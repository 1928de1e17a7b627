package kafkabus

import (
	"fmt"
	"strings"
	"testing"

	"github.com/openedx-go/eventbus/events/contentauthoring"
	"github.com/openedx-go/eventbus/events/learning"
	"github.com/openedx-go/eventbus/registry"
)

func TestConsumerNamesWrongWriterSchema(t *testing.T) {
	env := startConsumerEnv(t)
	topic := "wrong-registry"
	env.CreateTopic(t, topic, 1)
	created := learning.CourseEnrollmentCreated.EventType()
	other := contentauthoring.XBlockCreated

	stringID := env.register(t, "other-topic-value", `"string"`)
	recordID := env.register(t, registry.ValueSubject("other-topic", other.EventType()), other.SchemaText())
	asString, _ := env.enrollmentMessage(t, topic, 1, "course-v1:edX+A+1")
	asString.Value = registry.Frame(stringID, avroString("course-v1:edX+A+1"))
	asRecord, _ := env.enrollmentMessage(t, topic, 2, "course-v1:edX+A+1")
	_, body, err := registry.Unframe(asRecord.Value)
	if err != nil {
		t.Fatalf("unframe: %v", err)
	}
	asRecord.Value = registry.Frame(recordID, body)
	env.produce(t, asString, asRecord)

	var logs syncBuffer
	var col collector
	c, err := NewConsumer(env.settings, topic, "g", FromBeginning(), MaxMessages(2),
		WithHandler(col.handle), WithLogger(jsonLogger(&logs)))
	if err != nil {
		t.Fatalf("NewConsumer: %v", err)
	}
	if err := c.Run(t.Context()); err != nil {
		t.Fatalf("Run: %v", err)
	}

	want := map[int64]string{
		0: fmt.Sprintf("schema id %d from the Schema Registry at %s is not the value schema of event %s "+
			`(got "string"): check that EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL is the registry the producer used`,
			stringID, env.RegistryURL, created),
		1: fmt.Sprintf("schema id %d from the Schema Registry at %s is not the value schema of event %s "+
			`(got record "%s.CloudEvent")`, recordID, env.RegistryURL, created, other.EventType()),
	}
	skipped := map[int64]map[string]any{}
	for _, rec := range logLines(t, logs.String()) {
		if rec["msg"] == "skipped message" {
			skipped[int64(rec[attrOffset].(float64))] = rec
		}
	}
	for offset, text := range want {
		rec, ok := skipped[offset]
		if !ok {
			t.Errorf("offset %d: no skipped message log line", offset)
			continue
		}
		if rec[attrCategory] != string(CategoryPayload) {
			t.Errorf("offset %d: category %v, want %s", offset, rec[attrCategory], CategoryPayload)
		}
		if got, _ := rec[attrErr].(string); !strings.Contains(got, text) {
			t.Errorf("offset %d: error %q\ndoes not contain %q", offset, got, text)
		}
	}
	if got := len(col.got()); got != 0 {
		t.Errorf("handled %d events, want 0", got)
	}
}

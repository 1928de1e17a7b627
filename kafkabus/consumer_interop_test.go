package kafkabus

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"github.com/google/uuid"

	"github.com/openedx-go/eventbus/events/avro"
	"github.com/openedx-go/eventbus/internal/reference"
	"github.com/openedx-go/eventbus/registry"
)

// loadVector returns the reference vector of schemaFile.
func loadVector(t *testing.T, schemaFile string) reference.Vector {
	t.Helper()
	for _, v := range reference.Vectors(t) {
		if v.Schema == schemaFile {
			return v
		}
	}
	t.Fatalf("no reference vector for %s", schemaFile)
	return reference.Vector{}
}

// pythonHeaders returns the ten headers as the Python event bus writes them.
func pythonHeaders(eventType, id, ceTime string) []kafka.Header {
	pairs := [][2]string{
		{"ce_specversion", "1.0"},
		{"content-type", "application/avro"},
		{"ce_datacontenttype", "application/avro"},
		{"ce_type", eventType},
		{"ce_id", id},
		{"ce_source", "openedx/lms/web"},
		{"ce_time", ceTime},
		{"ce_minorversion", "0"},
		{"sourcehost", "edx.devstack.lms"},
		{"sourcelib", "11.2.0"},
	}
	headers := make([]kafka.Header, len(pairs))
	for i, p := range pairs {
		headers[i] = kafka.Header{Key: p[0], Value: []byte(p[1])}
	}
	return headers
}

func TestConsumerReadsPythonMessage(t *testing.T) {
	ref := reference.Dir(t)
	const eventType = "org.openedx.learning.course.enrollment.created.v1"
	schemaFile := "org+openedx+learning+course+enrollment+created+v1_schema.avsc"
	vec := loadVector(t, schemaFile)
	schemaText, err := os.ReadFile(filepath.Join(ref, "schemas", schemaFile))
	if err != nil {
		t.Fatalf("read schema: %v", err)
	}
	schema, err := avro.Parse(schemaText)
	if err != nil {
		t.Fatalf("parse schema: %v", err)
	}
	body, err := hex.DecodeString(vec.AvroHex)
	if err != nil {
		t.Fatalf("decode vector hex: %v", err)
	}

	env := startConsumerEnv(t)
	topic := "dev-enrollment"
	env.CreateTopic(t, topic, 1)
	valueID := env.register(t, topic+"-"+eventType+".CloudEvent", schema.Text())
	courseKey := "edX/DemoX/Demo_Course"
	const id = "6f4b3e1c-7b39-11ee-b962-0242ac120002"
	const ceTime = "2023-01-01T14:00:00.001000+00:00"
	env.produce(t, &kafka.Message{
		TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: 0},
		Key:            env.stringKey(t, topic, courseKey),
		Value:          registry.Frame(valueID, body),
		Headers:        pythonHeaders(eventType, id, ceTime),
	})

	var col collector
	c, err := NewConsumer(env.settings, topic, "lms", FromBeginning(), MaxMessages(1), WithHandler(col.handle))
	if err != nil {
		t.Fatalf("NewConsumer: %v", err)
	}
	if err := c.Run(t.Context()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	got := col.got()
	if len(got) != 1 {
		t.Fatalf("handled %d events, want 1", len(got))
	}
	d := got[0]

	record, err := d.Record()
	if err != nil {
		t.Fatalf("Record: %v", err)
	}
	gotRecord, _ := json.Marshal(record)
	var wantMap map[string]any
	if err := json.Unmarshal(vec.Record, &wantMap); err != nil {
		t.Fatalf("reference record: %v", err)
	}
	wantRecord, _ := json.Marshal(wantMap)
	if string(gotRecord) != string(wantRecord) {
		t.Errorf("record\n got %s\nwant %s", gotRecord, wantRecord)
	}
	if d.KeyValue != courseKey {
		t.Errorf("key %v, want %q", d.KeyValue, courseKey)
	}
	if d.SchemaID != valueID {
		t.Errorf("schema id %d, want %d", d.SchemaID, valueID)
	}

	md := d.Event.Metadata
	if md.ID != uuid.MustParse(id) {
		t.Errorf("metadata id %s, want %s", md.ID, id)
	}
	if md.EventType != eventType {
		t.Errorf("metadata event type %q, want %q", md.EventType, eventType)
	}
	if want := time.Date(2023, 1, 1, 14, 0, 0, 1_000_000, time.UTC); !md.Time.Equal(want) {
		t.Errorf("metadata time %s, want %s", md.Time, want)
	}
	if md.Source != "openedx/lms/web" || md.SourceHost != "edx.devstack.lms" {
		t.Errorf("metadata source %q host %q, want openedx/lms/web and edx.devstack.lms", md.Source, md.SourceHost)
	}
	if got := fmt.Sprint(md.SourceLib); got != "[11 2 0]" {
		t.Errorf("metadata sourcelib %v, want [11 2 0]", md.SourceLib)
	}
	if !d.Event.FromBus {
		t.Errorf("FromBus false, want true")
	}
}

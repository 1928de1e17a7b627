package kafkabus

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/avro"
	"github.com/openedx-go/eventbus/events/learning"
	"github.com/openedx-go/eventbus/kafkabus/config"
	"github.com/openedx-go/eventbus/kafkabus/kafkatest"
	"github.com/openedx-go/eventbus/registry"
)

// consumerEnv is a broker and registry with helpers to write messages by
// hand and read back what the consumer committed.
type consumerEnv struct {
	*kafkatest.Env
	settings config.Settings
	registry *registry.Client
}

func startConsumerEnv(t testing.TB) *consumerEnv {
	t.Helper()
	env := kafkatest.Start(t, kafkatest.WithPartitions(1))
	s := env.Settings()
	s.ConsumerPollTimeout = 100 * time.Millisecond
	s.ConsumerPollFailureSleep = 100 * time.Millisecond
	// The embedded broker does not serve client metrics (KIP-714).
	s.Kafka["enable.metrics.push"] = "false"
	client, err := registry.New(s.Registry())
	if err != nil {
		t.Fatalf("registry.New: %v", err)
	}
	return &consumerEnv{Env: env, settings: s, registry: client}
}

// register registers schema text under subject and returns its id.
func (e *consumerEnv) register(t testing.TB, subject, text string) int {
	t.Helper()
	s, err := avro.Parse([]byte(text))
	if err != nil {
		t.Fatalf("parse schema for %s: %v", subject, err)
	}
	reg, err := e.registry.Register(context.Background(), subject, s)
	if err != nil {
		t.Fatalf("register %s: %v", subject, err)
	}
	return reg.ID
}

// produce writes msgs to their topics in order and waits for each.
func (e *consumerEnv) produce(t testing.TB, msgs ...*kafka.Message) {
	t.Helper()
	p, err := kafka.NewProducer(&kafka.ConfigMap{
		"bootstrap.servers": e.Bootstrap, "enable.idempotence": true, "log_level": 0,
	})
	if err != nil {
		t.Fatalf("new producer: %v", err)
	}
	defer p.Close()
	for _, m := range msgs {
		report := make(chan kafka.Event, 1)
		if err := p.Produce(m, report); err != nil {
			t.Fatalf("produce: %v", err)
		}
		dr := (<-report).(*kafka.Message)
		if dr.TopicPartition.Error != nil {
			t.Fatalf("produce to %s: %v", *m.TopicPartition.Topic, dr.TopicPartition.Error)
		}
	}
}

// readAll reads every message of partition 0 of topic from the start.
func (e *consumerEnv) readAll(t testing.TB, topic string, want int) []*kafka.Message {
	t.Helper()
	c, err := kafka.NewConsumer(&kafka.ConfigMap{
		"bootstrap.servers": e.Bootstrap, "group.id": "reader", "log_level": 0,
	})
	if err != nil {
		t.Fatalf("new consumer: %v", err)
	}
	defer c.Close()
	if err := c.Assign([]kafka.TopicPartition{{Topic: &topic, Partition: 0, Offset: kafka.OffsetBeginning}}); err != nil {
		t.Fatalf("assign: %v", err)
	}
	var out []*kafka.Message
	deadline := time.Now().Add(10 * time.Second)
	for len(out) < want && time.Now().Before(deadline) {
		if m, ok := c.Poll(100).(*kafka.Message); ok && m.TopicPartition.Error == nil {
			out = append(out, m)
		}
	}
	return out
}

// committed returns the group's committed offset on partition 0 of topic,
// or -1001 (kafka.OffsetInvalid) when there is none or the group does not
// exist yet.
func (e *consumerEnv) committed(t testing.TB, group, topic string) int64 {
	t.Helper()
	return e.committedOn(t, group, topic, 0)
}

// committedOn is committed for any partition.
func (e *consumerEnv) committedOn(t testing.TB, group, topic string, partition int32) int64 {
	t.Helper()
	c, err := kafka.NewConsumer(&kafka.ConfigMap{
		"bootstrap.servers": e.Bootstrap, "group.id": group, "log_level": 0,
	})
	if err != nil {
		t.Fatalf("new consumer: %v", err)
	}
	defer c.Close()
	res, err := c.Committed([]kafka.TopicPartition{{Topic: &topic, Partition: partition}}, 10000)
	var kerr kafka.Error
	if errors.As(err, &kerr) && kerr.Code() == kafka.ErrGroupIDNotFound {
		return int64(kafka.OffsetInvalid)
	}
	if err != nil {
		t.Fatalf("committed offsets of group %s: %v", group, err)
	}
	return int64(res[0].Offset)
}

// enrollmentMessage builds a course enrollment created message as the
// producer writes it: the ten headers, a framed string key and a framed value.
func (e *consumerEnv) enrollmentMessage(t testing.TB, topic string, userID int64, course string) (*kafka.Message, events.Metadata) {
	t.Helper()
	def := learning.CourseEnrollmentCreated
	payload := learning.CourseEnrollmentData{
		User: learning.UserData{ID: userID, IsActive: true,
			PII: learning.UserPersonalData{Username: "learner", Email: "l@example.com", Name: "L"}},
		Course:       learning.CourseData{CourseKey: events.CourseKey(course), DisplayName: "Demo"},
		Mode:         "audit",
		IsActive:     true,
		CreationDate: time.Date(2024, 1, 2, 3, 4, 5, 6000, time.UTC),
	}
	body, err := def.Encode(payload)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	md, err := events.NewMetadata(def.EventType(), def.MinorVersion(), events.WithService("test"))
	if err != nil {
		t.Fatalf("new metadata: %v", err)
	}
	valueID := e.register(t, registry.ValueSubject(topic, def.EventType()), def.SchemaText())
	return &kafka.Message{
		TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: 0},
		Key:            e.stringKey(t, topic, course),
		Value:          registry.Frame(valueID, body),
		Headers:        MetadataHeaders(md),
	}, md
}

// stringKey frames s with the topic's string key schema.
func (e *consumerEnv) stringKey(t testing.TB, topic, s string) []byte {
	t.Helper()
	keyID := e.register(t, registry.KeySubject(topic, "string"), `{"name": "course_key", "type": "string"}`)
	return registry.Frame(keyID, avroString(s))
}

// avroString returns the Avro binary of a string: zigzag length, then bytes.
func avroString(s string) []byte {
	b := binary.AppendVarint(nil, int64(len(s)))
	return append(b, s...)
}

// runConsumer runs c in the background and returns a function that stops it
// and returns Run's error.
func runConsumer(t testing.TB, c *Consumer) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				t.Fatalf("consumer did not stop within 30s")
			}
		})
		return err
	}
	t.Cleanup(func() { stop() })
	return stop
}

// collector is a Handler that records deliveries.
type collector struct {
	mu         sync.Mutex
	deliveries []Delivery
	fail       func(d Delivery) error
}

func (c *collector) handle(_ context.Context, d Delivery) error {
	if c.fail != nil {
		if err := c.fail(d); err != nil {
			return err
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.deliveries = append(c.deliveries, d)
	return nil
}

func (c *collector) got() []Delivery {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Delivery(nil), c.deliveries...)
}

// waitFor polls cond every 20ms for up to 20s.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// syncBuffer is a bytes.Buffer safe for the consumer's logging goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func jsonLogger(w *syncBuffer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

package kafkabus

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/catalog"
	"github.com/openedx-go/eventbus/kafkabus/kafkatest"
)

// testPayload returns the definition of eventType and the payload of its file in
// testdata/events.
func testPayload(t testing.TB, eventType string) (events.Definition, any) {
	t.Helper()
	def, err := catalog.Lookup(eventType)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join("..", "testdata", "events", eventType+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var rec map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&rec); err != nil {
		t.Fatalf("%s: %v", eventType, err)
	}
	payload, err := def.FromRecord(rec)
	if err != nil {
		t.Fatalf("%s: FromRecord: %v", eventType, err)
	}
	return def, payload
}

func newMetadata(t *testing.T, def events.Definition) events.Metadata {
	t.Helper()
	md, err := events.NewMetadata(def.EventType(), def.MinorVersion(), events.WithService("lms"))
	if err != nil {
		t.Fatal(err)
	}
	return md
}

// readTopic reads want messages from every partition of topic from the start, or
// fails after 20s.
func readTopic(t *testing.T, bootstrap, topic string, want int) []*kafka.Message {
	t.Helper()
	c, err := kafka.NewConsumer(&kafka.ConfigMap{
		"bootstrap.servers": bootstrap, "group.id": "producer-test-" + topic,
		"auto.offset.reset": "earliest", "log_level": 0, "enable.metrics.push": false,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Subscribe(topic, nil); err != nil {
		t.Fatal(err)
	}
	var msgs []*kafka.Message
	deadline := time.Now().Add(20 * time.Second)
	for len(msgs) < want && time.Now().Before(deadline) {
		m, err := c.ReadMessage(200 * time.Millisecond)
		if err != nil {
			continue
		}
		msgs = append(msgs, m)
	}
	if len(msgs) < want {
		t.Fatalf("read %d messages from %s, want %d", len(msgs), topic, want)
	}
	return msgs
}

// closedPort returns a loopback address where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// logBuffer collects JSON log lines written concurrently.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// records returns the decoded log records whose msg contains text.
func (b *logBuffer) records(t *testing.T, text string) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(b.buf.String()), "\n") {
		if line == "" {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if msg, _ := rec["msg"].(string); strings.Contains(msg, text) {
			out = append(out, rec)
		}
	}
	return out
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// undeliverable starts a producer whose broker is a closed port, with a close
// timeout of 100 ms, and queues n enrollment events. It returns the producer
// and the metadata of the events in the order they were produced.
func undeliverable(t *testing.T, logger *slog.Logger, n int) (*Producer, []events.Metadata) {
	t.Helper()
	s := kafkatest.Start(t).Settings()
	s.BootstrapServers = closedPort(t)
	p := startProducer(t, s, CloseTimeout(100*time.Millisecond), WithProducerLogger(logger))
	def, payload := testPayload(t, enrollmentType)
	sent := make([]events.Metadata, n)
	for i := range sent {
		sent[i] = newMetadata(t, def)
		if err := p.Produce(context.Background(), def, "t", "enrollment.course.course_key", payload,
			sent[i]); err != nil {
			t.Fatal(err)
		}
	}
	return p, sent
}

// flushDuringClose starts Flush, calls Close 50 ms later, and returns Close's
// report to come and Flush's error once Flush returned.
func flushDuringClose(p *Producer) (<-chan CloseReport, error) {
	flushed := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		flushed <- p.Flush(ctx)
	}()
	time.Sleep(50 * time.Millisecond)
	closed := make(chan CloseReport, 1)
	go func() { closed <- p.Close(context.Background()) }()
	return closed, <-flushed
}

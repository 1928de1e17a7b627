package kafkabus

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/openedx-go/eventbus/events/avro"
	"github.com/openedx-go/eventbus/events/learning"
	"github.com/openedx-go/eventbus/registry"
)

// badMessage is an unusable message and the category the consumer must
// give it.
type badMessage struct {
	name string
	msg  *kafka.Message
	want Category
}

// withHeader returns headers with the value of name replaced, or removed
// when value is nil.
func withHeader(headers []kafka.Header, name string, value []byte) []kafka.Header {
	var out []kafka.Header
	for _, h := range headers {
		if h.Key != name {
			out = append(out, h)
		} else if value != nil {
			out = append(out, kafka.Header{Key: name, Value: value})
		}
	}
	return out
}

// badMessages builds one message of each unusable kind from the valid
// template msg.
func (e *consumerEnv) badMessages(t *testing.T, topic string, tmpl *kafka.Message) []badMessage {
	t.Helper()
	def := learning.CourseEnrollmentCreated
	valueID, body, err := registry.Unframe(tmpl.Value)
	if err != nil {
		t.Fatalf("unframe template: %v", err)
	}
	clone := func(mutate func(m *kafka.Message)) *kafka.Message {
		m := &kafka.Message{
			TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: 0},
			Key:            tmpl.Key,
			Value:          tmpl.Value,
			Headers:        append([]kafka.Header(nil), tmpl.Headers...),
		}
		mutate(m)
		return m
	}

	payload, err := def.Decode(body)
	if err != nil {
		t.Fatalf("decode template: %v", err)
	}
	rec, err := def.ToRecord(payload)
	if err != nil {
		t.Fatalf("record of template: %v", err)
	}
	rec["enrollment"].(map[string]any)["course"].(map[string]any)["course_key"] = "not a course key"
	codec, err := avro.NewCodec(def.Schema())
	if err != nil {
		t.Fatalf("codec: %v", err)
	}
	badKeyBody, err := codec.Encode(rec)
	if err != nil {
		t.Fatalf("encode record with a bad course key: %v", err)
	}

	return []badMessage{
		{"missing ce_type", clone(func(m *kafka.Message) { m.Headers = withHeader(m.Headers, HeaderType, nil) }),
			CategoryHeaders},
		{"unknown ce_type", clone(func(m *kafka.Message) {
			m.Headers = withHeader(m.Headers, HeaderType, []byte("org.openedx.learning.no.such.event.v1"))
		}), CategoryUnknownEventType},
		{"repeated ce_id", clone(func(m *kafka.Message) {
			m.Headers = append(m.Headers, kafka.Header{Key: HeaderID, Value: []byte("f7a8c2de-7b39-11ee-b962-0242ac120002")})
		}), CategoryHeaders},
		{"bad ce_time", clone(func(m *kafka.Message) {
			m.Headers = withHeader(m.Headers, HeaderTime, []byte("2023-01-01T14:00:00+02:00"))
		}), CategoryHeaders},
		{"tombstone", clone(func(m *kafka.Message) { m.Value = nil }), CategoryTombstone},
		{"short value", clone(func(m *kafka.Message) { m.Value = []byte{0, 0, 0, 0, 1} }), CategoryFraming},
		{"wrong magic byte", clone(func(m *kafka.Message) {
			m.Value = append([]byte{1}, tmpl.Value[1:]...)
		}), CategoryFraming},
		{"unknown schema id", clone(func(m *kafka.Message) { m.Value = registry.Frame(99999, body) }),
			CategoryUnknownSchema},
		{"garbage body", clone(func(m *kafka.Message) {
			m.Value = registry.Frame(valueID, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
		}), CategoryPayload},
		{"invalid course key", clone(func(m *kafka.Message) { m.Value = registry.Frame(valueID, badKeyBody) }),
			CategoryPayload},
	}
}

// logLines parses JSON log output into records.
func logLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var lines []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if line == "" {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q is not JSON: %v", line, err)
		}
		lines = append(lines, rec)
	}
	return lines
}

// produceFailureTopic writes a valid event, every unusable kind, then a
// valid event, and returns the unusable ones.
func (e *consumerEnv) produceFailureTopic(t *testing.T, topic string) []badMessage {
	t.Helper()
	e.CreateTopic(t, topic, 1)
	first, _ := e.enrollmentMessage(t, topic, 1, "course-v1:edX+A+1")
	last, _ := e.enrollmentMessage(t, topic, 2, "course-v1:edX+B+2")
	bad := e.badMessages(t, topic, first)
	msgs := []*kafka.Message{first}
	for _, b := range bad {
		msgs = append(msgs, b.msg)
	}
	e.produce(t, append(msgs, last)...)
	return bad
}

func TestConsumerSkipsUnusableMessages(t *testing.T) {
	env := startConsumerEnv(t)
	topic := "failures"
	bad := env.produceFailureTopic(t, topic)
	total := len(bad) + 2

	var logs syncBuffer
	var col collector
	c, err := NewConsumer(env.settings, topic, "g", FromBeginning(), MaxMessages(total),
		WithHandler(col.handle), WithLogger(jsonLogger(&logs)))
	if err != nil {
		t.Fatalf("NewConsumer: %v", err)
	}
	if err := c.Run(t.Context()); err != nil {
		t.Fatalf("Run: %v", err)
	}

	got := col.got()
	if len(got) != 2 || got[0].Offset != 0 || got[1].Offset != int64(total-1) {
		t.Fatalf("handled offsets %v, want [0 %d]", offsetsOf(got), total-1)
	}
	skipped := map[int64]map[string]any{}
	for _, rec := range logLines(t, logs.String()) {
		if rec["msg"] == "skipped message" {
			skipped[int64(rec[attrOffset].(float64))] = rec
		}
	}
	for i, b := range bad {
		rec, ok := skipped[int64(i+1)]
		if !ok {
			t.Errorf("%s at offset %d: no skipped message log line", b.name, i+1)
			continue
		}
		if rec[attrCategory] != string(b.want) {
			t.Errorf("%s: category %v, want %s (err %v)", b.name, rec[attrCategory], b.want, rec[attrErr])
		}
		if rec[attrErr] == "" || rec[attrErr] == nil {
			t.Errorf("%s: log line has no error", b.name)
		}
	}
	if got, want := env.committed(t, "g", topic), int64(total); got != want {
		t.Errorf("committed offset %d, want %d", got, want)
	}
}

func TestConsumerDeadLettersUnusableMessages(t *testing.T) {
	env := startConsumerEnv(t)
	topic, dlq := "failures", "failures-dlq"
	bad := env.produceFailureTopic(t, topic)
	env.CreateTopic(t, dlq, 1)
	total := len(bad) + 2

	var col collector
	c, err := NewConsumer(env.settings, topic, "g", FromBeginning(), MaxMessages(total),
		WithHandler(col.handle), DeadLetterTopic(dlq))
	if err != nil {
		t.Fatalf("NewConsumer: %v", err)
	}
	if err := c.Run(t.Context()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got := len(col.got()); got != 2 {
		t.Errorf("handled %d events, want 2", got)
	}

	dead := env.readAll(t, dlq, len(bad))
	if len(dead) != len(bad) {
		t.Fatalf("dead-letter topic has %d messages, want %d", len(dead), len(bad))
	}
	for i, b := range bad {
		m := dead[i]
		if got := headerValue(m.Headers, HeaderErrorCategory); got != string(b.want) {
			t.Errorf("%s: %s = %q, want %q", b.name, HeaderErrorCategory, got, b.want)
		}
		if got := headerValue(m.Headers, HeaderErrorMessage); got == "" {
			t.Errorf("%s: %s is empty", b.name, HeaderErrorMessage)
		}
		if got := headerValue(m.Headers, HeaderOriginalTopic); got != topic {
			t.Errorf("%s: %s = %q, want %q", b.name, HeaderOriginalTopic, got, topic)
		}
		if got, want := headerValue(m.Headers, HeaderOriginalOffset), strconv.Itoa(i+1); got != want {
			t.Errorf("%s: %s = %q, want %q", b.name, HeaderOriginalOffset, got, want)
		}
		if got := headerValue(m.Headers, HeaderOriginalPartition); got != "0" {
			t.Errorf("%s: %s = %q, want 0", b.name, HeaderOriginalPartition, got)
		}
		if string(m.Value) != string(b.msg.Value) || (m.Value == nil) != (b.msg.Value == nil) {
			t.Errorf("%s: dead-lettered value differs from the original", b.name)
		}
		for _, h := range b.msg.Headers {
			if !hasHeader(m.Headers, h) {
				t.Errorf("%s: original header %s=%q missing from the dead letter", b.name, h.Key, h.Value)
			}
		}
	}
	if got, want := env.committed(t, "g", topic), int64(total); got != want {
		t.Errorf("committed offset %d, want %d", got, want)
	}
}

func hasHeader(headers []kafka.Header, want kafka.Header) bool {
	for _, h := range headers {
		if h.Key == want.Key && string(h.Value) == string(want.Value) {
			return true
		}
	}
	return false
}

func offsetsOf(ds []Delivery) []int64 {
	out := make([]int64, len(ds))
	for i, d := range ds {
		out[i] = d.Offset
	}
	return out
}

func TestConsumerHandlerErrors(t *testing.T) {
	env := startConsumerEnv(t)
	topic, dlq := "handled", "handled-dlq"
	env.CreateTopic(t, topic, 1)
	env.CreateTopic(t, dlq, 1)
	m1, _ := env.enrollmentMessage(t, topic, 1, "course-v1:edX+A+1")
	m2, _ := env.enrollmentMessage(t, topic, 2, "course-v1:edX+A+1")
	m3, _ := env.enrollmentMessage(t, topic, 3, "course-v1:edX+A+1")
	env.produce(t, m1, m2, m3)

	col := collector{fail: func(d Delivery) error {
		switch d.Event.Payload.(learning.CourseEnrollmentData).User.ID {
		case 2:
			return errors.New("receiver rejected user 2")
		case 3:
			panic("receiver crashed on user 3")
		}
		return nil
	}}
	var logs syncBuffer
	c, err := NewConsumer(env.settings, topic, "g", FromBeginning(), MaxMessages(3),
		WithHandler(col.handle), DeadLetterTopic(dlq), WithLogger(jsonLogger(&logs)))
	if err != nil {
		t.Fatalf("NewConsumer: %v", err)
	}
	if err := c.Run(t.Context()); err != nil {
		t.Fatalf("Run: %v", err)
	}

	if got := offsetsOf(col.got()); len(got) != 1 || got[0] != 0 {
		t.Errorf("handled offsets %v, want [0]", got)
	}
	dead := env.readAll(t, dlq, 2)
	if len(dead) != 2 {
		t.Fatalf("dead-letter topic has %d messages, want 2", len(dead))
	}
	for i, wantText := range []string{"receiver rejected user 2", "handler panicked: receiver crashed on user 3"} {
		if got := headerValue(dead[i].Headers, HeaderErrorCategory); got != string(CategoryHandler) {
			t.Errorf("dead letter %d: category %q, want %q", i, got, CategoryHandler)
		}
		if got := headerValue(dead[i].Headers, HeaderErrorMessage); !strings.Contains(got, wantText) {
			t.Errorf("dead letter %d: error %q, want it to contain %q", i, got, wantText)
		}
	}
	if got, want := env.committed(t, "g", topic), int64(3); got != want {
		t.Errorf("committed offset %d, want %d", got, want)
	}
	if !strings.Contains(logs.String(), `"category":"handler_error"`) {
		t.Errorf("no handler_error log line in:\n%s", logs.String())
	}
}

func TestConsumerErrorsLimit(t *testing.T) {
	env := startConsumerEnv(t)
	topic := "limit"
	env.CreateTopic(t, topic, 1)
	var msgs []*kafka.Message
	for i := range 3 {
		m, _ := env.enrollmentMessage(t, topic, int64(i), "course-v1:edX+A+1")
		m.Value = []byte{0, 0, 0}
		msgs = append(msgs, m)
	}
	env.produce(t, msgs...)

	s := env.settings
	s.ConsumerConsecutiveErrorsLimit = 2
	c, err := NewConsumer(s, topic, "g", FromBeginning())
	if err != nil {
		t.Fatalf("NewConsumer: %v", err)
	}
	err = c.Run(t.Context())
	if !errors.Is(err, ErrTooManyErrors) {
		t.Fatalf("Run = %v, want ErrTooManyErrors", err)
	}
	if !errors.Is(err, ErrUnusableMessage) {
		t.Errorf("Run = %v, want it to wrap the last unusable message error", err)
	}
	if got, want := env.committed(t, "g", topic), int64(2); got != want {
		t.Errorf("committed offset %d, want %d (the two skipped messages)", got, want)
	}
}

// flakyRegistry is a reverse proxy to the registry that returns 503 while
// failing is set and counts the rejected requests.
type flakyRegistry struct {
	failing  atomic.Bool
	rejected atomic.Int32
	server   *httptest.Server
}

func startFlakyRegistry(t *testing.T, target string) *flakyRegistry {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatalf("parse registry URL: %v", err)
	}
	f := &flakyRegistry{}
	proxy := httputil.NewSingleHostReverseProxy(u)
	f.server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if f.failing.Load() {
			f.rejected.Add(1)
			http.Error(w, `{"error_code": 50001, "message": "store unavailable"}`, http.StatusServiceUnavailable)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	t.Cleanup(f.server.Close)
	return f
}

func TestConsumerRetriesTransientRegistryFailure(t *testing.T) {
	env := startConsumerEnv(t)
	topic := "transient"
	env.CreateTopic(t, topic, 1)
	m1, _ := env.enrollmentMessage(t, topic, 1, "course-v1:edX+A+1")
	m2, _ := env.enrollmentMessage(t, topic, 2, "course-v1:edX+A+1")
	env.produce(t, m1, m2)

	flaky := startFlakyRegistry(t, env.RegistryURL)
	flaky.failing.Store(true)
	s := env.settings
	s.SchemaRegistryURL = flaky.server.URL

	var logs syncBuffer
	var col collector
	c, err := NewConsumer(s, topic, "g", FromBeginning(), MaxMessages(2), WithHandler(col.handle),
		WithLogger(jsonLogger(&logs)), RetryBackoff(10*time.Millisecond, 50*time.Millisecond))
	if err != nil {
		t.Fatalf("NewConsumer: %v", err)
	}
	stop := runConsumer(t, c)
	waitFor(t, "a retry log line", func() bool {
		return strings.Contains(logs.String(), "temporary failure")
	})
	if got := len(col.got()); got != 0 {
		t.Fatalf("handled %d events while the registry failed, want 0", got)
	}
	flaky.failing.Store(false)
	waitFor(t, "two deliveries", func() bool { return len(col.got()) == 2 })
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}

	if got := offsetsOf(col.got()); fmt.Sprint(got) != "[0 1]" {
		t.Errorf("handled offsets %v, want [0 1]", got)
	}
	if flaky.rejected.Load() == 0 {
		t.Errorf("the registry proxy rejected no request")
	}
	if strings.Contains(logs.String(), "skipped message") {
		t.Errorf("a message was skipped during the registry failure:\n%s", logs.String())
	}
	if got, want := env.committed(t, "g", topic), int64(2); got != want {
		t.Errorf("committed offset %d, want %d", got, want)
	}
}

func TestConsumerRetriesRetryableHandlerError(t *testing.T) {
	env := startConsumerEnv(t)
	topic := "retryable"
	env.CreateTopic(t, topic, 1)
	m1, _ := env.enrollmentMessage(t, topic, 1, "course-v1:edX+A+1")
	m2, _ := env.enrollmentMessage(t, topic, 2, "course-v1:edX+A+1")
	env.produce(t, m1, m2)

	var calls atomic.Int32
	col := collector{fail: func(d Delivery) error {
		if d.Offset == 0 && calls.Add(1) <= 2 {
			return Retryable(errors.New("downstream unavailable"))
		}
		return nil
	}}
	c, err := NewConsumer(env.settings, topic, "g", FromBeginning(), MaxMessages(2),
		WithHandler(col.handle), RetryBackoff(10*time.Millisecond, 20*time.Millisecond))
	if err != nil {
		t.Fatalf("NewConsumer: %v", err)
	}
	if err := c.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got := offsetsOf(col.got()); fmt.Sprint(got) != "[0 1]" {
		t.Errorf("handled offsets %v, want [0 1]", got)
	}
	if got := calls.Load(); got != 3 {
		t.Errorf("handler called %d times for offset 0, want 3", got)
	}
}

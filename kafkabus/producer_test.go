package kafkabus

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/avro"
	"github.com/openedx-go/eventbus/events/learning"
	"github.com/openedx-go/eventbus/kafkabus/config"
	"github.com/openedx-go/eventbus/kafkabus/kafkatest"
	"github.com/openedx-go/eventbus/registry"
)

const enrollmentType = "org.openedx.learning.course.enrollment.created.v1"

// producerConfigFor routes eventType to topic with keyField.
func producerConfigFor(eventType, topic, keyField string, enabled bool) config.ProducerConfig {
	return config.ProducerConfig{eventType: {topic: {"event_key_field": keyField, "enabled": enabled}}}
}

func startProducer(t *testing.T, s config.Settings, opts ...ProducerOption) *Producer {
	t.Helper()
	p, err := NewProducer(s, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close(context.Background()) })
	return p
}

// registryGet returns the decoded JSON of a GET on the registry.
func registryGet(t *testing.T, base, path string, v any) {
	t.Helper()
	resp, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d %s", path, resp.StatusCode, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v: %s", path, err, body)
	}
}

type subjectVersion struct {
	Subject string `json:"subject"`
	ID      int    `json:"id"`
	Version int    `json:"version"`
	Schema  string `json:"schema"`
}

func TestE2EProduceWireFormat(t *testing.T) {
	env := kafkatest.Start(t)
	s := env.Settings()
	s.TopicPrefix = kafkatest.UniqueName("dev")
	s.ServiceName = "lms"
	p := startProducer(t, s)
	def, payload := testPayload(t, enrollmentType)
	md := newMetadata(t, def)
	topic := s.TopicPrefix + "-course-enrollment"

	tp, err := p.ProduceSync(context.Background(), def, "course-enrollment", "enrollment.course.course_key", payload, md)
	if err != nil {
		t.Fatal(err)
	}
	if *tp.Topic != topic {
		t.Errorf("delivered to topic %q, want the prefixed %s", *tp.Topic, topic)
	}
	msg := readTopic(t, env.Bootstrap, topic, 1)[0]

	t.Run("headers", func(t *testing.T) {
		want := MetadataHeaders(md)
		if !reflect.DeepEqual(msg.Headers, want) {
			t.Errorf("headers = %v, want exactly %v", msg.Headers, want)
		}
		if len(msg.Headers) != 10 {
			t.Errorf("got %d headers, want 10", len(msg.Headers))
		}
	})

	valueSubject := topic + "-" + enrollmentType + ".CloudEvent"
	keySubject := topic + "-string"
	t.Run("subjects", func(t *testing.T) {
		var all, subjects []string
		registryGet(t, env.RegistryURL, "/subjects", &all)
		for _, subject := range all { // a shared external registry contains other tests' subjects
			if strings.HasPrefix(subject, s.TopicPrefix+"-") {
				subjects = append(subjects, subject)
			}
		}
		sort.Strings(subjects)
		want := []string{valueSubject, keySubject} // sorted: "o" < "s"
		if !reflect.DeepEqual(subjects, want) {
			t.Errorf("subjects = %q, want %q", subjects, want)
		}
	})

	t.Run("value", func(t *testing.T) {
		var sv subjectVersion
		registryGet(t, env.RegistryURL, "/subjects/"+url.PathEscape(valueSubject)+"/versions/latest", &sv)
		if env.External() {
			// NOTE: Confluent's registry can return its own rendering of a schema rather
			// than the posted text, so against it only the parsing canonical forms are compared.
			if got := parseSchema(t, sv.Schema).CanonicalForm(); got != def.Schema().CanonicalForm() {
				t.Errorf("registered value schema differs:\n%s\nwant\n%s", got, def.Schema().CanonicalForm())
			}
		} else if sv.Schema != def.SchemaText() {
			t.Errorf("registered value schema differs from the sorted-keys text:\n%s\nwant\n%s", sv.Schema, def.SchemaText())
		}
		if msg.Value[0] != 0 {
			t.Errorf("value magic byte = %d, want 0", msg.Value[0])
		}
		if id := int(binary.BigEndian.Uint32(msg.Value[1:5])); id != sv.ID {
			t.Errorf("value schema id = %d, want the registered %d", id, sv.ID)
		}
		want, err := def.Encode(payload)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(msg.Value[5:], want) {
			t.Errorf("value body = %x, want %x", msg.Value[5:], want)
		}
	})

	t.Run("key", func(t *testing.T) {
		var sv subjectVersion
		registryGet(t, env.RegistryURL, "/subjects/"+url.PathEscape(keySubject)+"/versions/latest", &sv)
		if env.External() {
			if got := parseSchema(t, sv.Schema).CanonicalForm(); got != `"string"` {
				t.Errorf("key schema = %s (canonical %s), want a string schema", sv.Schema, got)
			}
		} else {
			var schema map[string]any
			if err := json.Unmarshal([]byte(sv.Schema), &schema); err != nil {
				t.Fatalf("key schema %q: %v", sv.Schema, err)
			}
			if schema["type"] != "string" {
				t.Errorf("key schema = %s, want a string schema", sv.Schema)
			}
		}
		id, body, err := registry.Unframe(msg.Key)
		if err != nil {
			t.Fatal(err)
		}
		if id != sv.ID {
			t.Errorf("key schema id = %d, want the registered %d", id, sv.ID)
		}
		courseKey := "course-v1:MITx+6.00.1x+2025_Spring"
		want := append([]byte{byte(len(courseKey) * 2)}, courseKey...) // Avro string: zigzag length, bytes
		if !bytes.Equal(body, want) {
			t.Errorf("key body = %q, want %q", body, want)
		}
	})
}

// parseSchema parses a schema returned by the registry.
func parseSchema(t *testing.T, text string) *avro.Schema {
	t.Helper()
	schema, err := avro.Parse([]byte(text))
	if err != nil {
		t.Fatalf("registered schema %q: %v", text, err)
	}
	return schema
}

func TestProduceRegistersOncePerSubject(t *testing.T) {
	env := kafkatest.Start(t)
	p := startProducer(t, env.Settings())
	def, payload := testPayload(t, enrollmentType)
	for range 5 {
		if err := p.Produce(context.Background(), def, "enrollments", "enrollment.user.pii.username",
			payload, newMetadata(t, def)); err != nil {
			t.Fatal(err)
		}
	}
	if r := p.Close(context.Background()); r.Err() != nil || r.Delivered != 5 {
		t.Fatalf("close report = %+v (%v), want 5 delivered", r, r.Err())
	}
	for _, subject := range []string{"enrollments-string", "enrollments-" + enrollmentType + ".CloudEvent"} {
		var versions []int
		registryGet(t, env.RegistryURL, "/subjects/"+url.PathEscape(subject)+"/versions", &versions)
		if !reflect.DeepEqual(versions, []int{1}) {
			t.Errorf("%s versions = %v, want [1]", subject, versions)
		}
	}
}

func TestProduceLongKeySubject(t *testing.T) {
	env := kafkatest.Start(t)
	p := startProducer(t, env.Settings())
	def, payload := testPayload(t, enrollmentType)
	if _, err := p.ProduceSync(context.Background(), def, "by-user", "enrollment.user.id", payload,
		newMetadata(t, def)); err != nil {
		t.Fatal(err)
	}
	var subjects []string
	registryGet(t, env.RegistryURL, "/subjects", &subjects)
	if !slices.Contains(subjects, "by-user-long") {
		t.Errorf("subjects = %q, want by-user-long for an integer key", subjects)
	}
}

func TestCloseDeliversEverything(t *testing.T) {
	env := kafkatest.Start(t)
	p, err := NewProducer(env.Settings())
	if err != nil {
		t.Fatal(err)
	}
	def, payload := testPayload(t, enrollmentType)
	const n = 500
	for range n {
		if err := p.Produce(context.Background(), def, "bulk", "enrollment.course.course_key", payload,
			newMetadata(t, def)); err != nil {
			t.Fatal(err)
		}
	}
	report := p.Close(context.Background())
	if report.Delivered != n || report.Failed != 0 || len(report.Undelivered) != 0 {
		t.Errorf("close report = %+v, want %d delivered and nothing failed", report, n)
	}
	if err := report.Err(); err != nil {
		t.Errorf("report.Err() = %v", err)
	}
	if got := len(readTopic(t, env.Bootstrap, "bulk", n)); got != n {
		t.Errorf("topic holds %d messages, want %d", got, n)
	}
	if err := p.Produce(context.Background(), def, "bulk", "enrollment.course.course_key", payload,
		newMetadata(t, def)); !errors.Is(err, ErrProducerClosed) {
		t.Errorf("Produce after Close = %v, want ErrProducerClosed", err)
	}
}

func TestFailedDeliveryLoggedWithReplayData(t *testing.T) {
	env := kafkatest.Start(t)
	s := env.Settings()
	s.BootstrapServers = closedPort(t)
	s.Kafka["message.timeout.ms"] = "500"
	var logs logBuffer
	p := startProducer(t, s, WithProducerLogger(slog.New(slog.NewJSONHandler(&logs, nil))))
	def, payload := testPayload(t, enrollmentType)
	md := newMetadata(t, def)

	if err := p.Produce(context.Background(), def, "lost", "enrollment.course.course_key", payload, md); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for p.Stats().Failed == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if st := p.Stats(); st.Failed != 1 || st.Delivered != 0 {
		t.Fatalf("stats = %+v, want 1 failed", st)
	}

	recs := logs.records(t, "event not delivered")
	if len(recs) != 1 {
		t.Fatalf("got %d failure log lines, want 1; log:\n%s", len(recs), logs.String())
	}
	rec := recs[0]
	if rec["level"] != "ERROR" {
		t.Errorf("level = %v, want ERROR", rec["level"])
	}
	checks := map[string]string{
		"topic":      "lost",
		"event_type": enrollmentType,
		"event_id":   md.ID.String(),
		"key":        "course-v1:MITx+6.00.1x+2025_Spring",
	}
	for k, want := range checks {
		if rec[k] != want {
			t.Errorf("log %s = %v, want %q", k, rec[k], want)
		}
	}
	replayed := replayFromLog(t, def, rec)
	if !reflect.DeepEqual(replayed, payload) {
		t.Errorf("payload from event_data = %+v, want %+v", replayed, payload)
	}
	var gotMD events.Metadata
	if err := json.Unmarshal([]byte(rec["metadata"].(string)), &gotMD); err != nil {
		t.Fatalf("metadata %v: %v", rec["metadata"], err)
	}
	if gotMD.ID != md.ID || !gotMD.Time.Equal(md.Time.Truncate(time.Microsecond)) {
		t.Errorf("metadata from log = %+v, want %+v", gotMD, md)
	}
}

// replayFromLog rebuilds the payload from the event_data of a failure log line.
func replayFromLog(t *testing.T, def events.Definition, rec map[string]any) any {
	t.Helper()
	var record map[string]any
	dec := json.NewDecoder(strings.NewReader(rec["event_data"].(string)))
	dec.UseNumber()
	if err := dec.Decode(&record); err != nil {
		t.Fatalf("event_data %v: %v", rec["event_data"], err)
	}
	payload, err := def.FromRecord(record)
	if err != nil {
		t.Fatalf("event_data does not rebuild the payload: %v", err)
	}
	return payload
}

func TestProduceSyncUnreachableBroker(t *testing.T) {
	env := kafkatest.Start(t)
	s := env.Settings()
	s.BootstrapServers = closedPort(t)
	s.Kafka["message.timeout.ms"] = "500"
	p := startProducer(t, s)
	def, payload := testPayload(t, enrollmentType)

	start := time.Now()
	_, err := p.ProduceSync(context.Background(), def, "t", "enrollment.course.course_key", payload,
		newMetadata(t, def))
	if err == nil {
		t.Fatal("ProduceSync to a closed port succeeded")
	}
	var kerr kafka.Error
	if !errors.As(err, &kerr) || kerr.Code() != kafka.ErrMsgTimedOut {
		t.Errorf("err = %v, want a message timeout", err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("ProduceSync took %s, want about message.timeout.ms", elapsed)
	}
}

func TestCloseReportsUndelivered(t *testing.T) {
	env := kafkatest.Start(t)
	s := env.Settings()
	s.BootstrapServers = closedPort(t)
	var logs logBuffer
	p, err := NewProducer(s, CloseTimeout(300*time.Millisecond),
		WithProducerLogger(slog.New(slog.NewJSONHandler(&logs, nil))))
	if err != nil {
		t.Fatal(err)
	}
	def, payload := testPayload(t, enrollmentType)
	var ids []string
	for range 3 {
		md := newMetadata(t, def)
		ids = append(ids, md.ID.String())
		if err := p.Produce(context.Background(), def, "t", "enrollment.course.course_key", payload, md); err != nil {
			t.Fatal(err)
		}
	}

	start := time.Now()
	report := p.Close(context.Background())
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("Close took %s with a 300ms close timeout", elapsed)
	}

	var got []string
	for _, id := range report.Undelivered {
		got = append(got, id.String())
	}
	sort.Strings(ids)
	if !reflect.DeepEqual(got, ids) {
		t.Errorf("Undelivered = %q, want %q", got, ids)
	}
	if report.Failed != 3 {
		t.Errorf("Failed = %d, want 3", report.Failed)
	}
	if err := report.Err(); err == nil || !strings.Contains(err.Error(), ids[0]) {
		t.Errorf("report.Err() = %v, want it to name %s", err, ids[0])
	}
	if n := len(logs.records(t, "event not delivered")); n != 3 {
		t.Errorf("got %d failure log lines for purged events, want 3", n)
	}
}

func TestListenPublishesEnabledTopics(t *testing.T) {
	env := kafkatest.Start(t)
	s := env.Settings()
	s.Producer = config.ProducerConfig{enrollmentType: {
		"enabled-a": {"event_key_field": "enrollment.course.course_key", "enabled": true},
		"enabled-b": {"event_key_field": "enrollment.user.pii.username", "enabled": true},
		"disabled":  {"event_key_field": "enrollment.course.course_key", "enabled": false},
	}}
	env.CreateTopic(t, "disabled", 1)
	p := startProducer(t, s, ReceiverName("listen-test"))
	if err := p.Listen(); err != nil {
		t.Fatal(err)
	}
	def, payload := testPayload(t, enrollmentType)
	t.Cleanup(func() { def.DisconnectAny("listen-test") })

	sent := events.Event{Metadata: newMetadata(t, def), Payload: payload}
	if err := def.Dispatch(context.Background(), sent); err != nil {
		t.Fatal(err)
	}
	fromBus := events.Event{Metadata: newMetadata(t, def), Payload: payload, FromBus: true}
	if err := def.Dispatch(context.Background(), fromBus); err != nil {
		t.Fatal(err)
	}
	report := p.Close(context.Background())
	if report.Delivered != 2 || report.Failed != 0 {
		t.Fatalf("close report = %+v, want 2 delivered (one per enabled topic)", report)
	}
	for _, topic := range []string{"enabled-a", "enabled-b"} {
		msg := readTopic(t, env.Bootstrap, topic, 1)[0]
		_, eventType, _, err := MetadataFromHeaders(msg.Headers)
		if err != nil || eventType != enrollmentType {
			t.Errorf("%s: headers %v, %v", topic, eventType, err)
		}
		if id := headerValue(msg.Headers, HeaderID); id != sent.Metadata.ID.String() {
			t.Errorf("%s: ce_id = %s, want the sent event %s, not the one from the bus", topic, id,
				sent.Metadata.ID)
		}
	}
	if n := env.Cluster.PartitionInfos("disabled")[0].HighWatermark; n != 0 {
		t.Errorf("disabled topic has %d messages, want 0", n)
	}
	if recv := receiverNames(def); slices.Contains(recv, "listen-test") {
		t.Errorf("receiver still connected after Close: %v", recv)
	}
}

// receiverNames returns the receivers of def when it lists them.
func receiverNames(def events.Definition) []string {
	if r, ok := def.(interface{ Receivers() []string }); ok {
		return r.Receivers()
	}
	return nil
}

func TestNewProducerValidatesAgainstCatalog(t *testing.T) {
	tests := []struct {
		name    string
		pc      config.ProducerConfig
		wantErr string
	}{
		{"unknown event type", producerConfigFor("org.openedx.learning.nothing.v1", "t", "a", true),
			`event type "org.openedx.learning.nothing.v1"`},
		{"unsendable event", producerConfigFor("org.openedx.learning.external_grader.score.submitted.v1",
			"t", "score.user_id", true), "not sendable"},
		{"missing key field", producerConfigFor(enrollmentType, "t", "enrollment.course.nothing", true),
			`event_key_field "enrollment.course.nothing"`},
		{"optional key field", producerConfigFor(enrollmentType, "t", "enrollment.course.start", true),
			`event_key_field "enrollment.course.start"`},
		{"record key field", producerConfigFor(enrollmentType, "t", "enrollment.course", true),
			`event_key_field "enrollment.course"`},
		{"through optional record", producerConfigFor(enrollmentType, "t", "enrollment.created_by.id", true),
			`event_key_field "enrollment.created_by.id"`},
		{"enabled string", config.ProducerConfig{enrollmentType: {"t": {
			"event_key_field": "enrollment.course.course_key", "enabled": "true"}}}, `enabled is the string "true"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := config.Defaults()
			s.BootstrapServers = "127.0.0.1:1"
			s.Producer = tt.pc
			_, err := NewProducer(s)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestNewProducerRejectsHalfCredentials(t *testing.T) {
	s := config.Defaults()
	s.APIKey = "key-only"
	_, err := NewProducer(s)
	if err == nil || !strings.Contains(err.Error(), "EVENT_BUS_KAFKA_API_SECRET is empty") {
		t.Errorf("err = %v, want the missing secret named", err)
	}
}

func TestProducerConfigProperties(t *testing.T) {
	s := config.Defaults()
	s.ServiceName = "lms"
	s.APIKey, s.APISecret = "key", "secret"
	s.Kafka["linger.ms"] = "20"
	cfg := producerConfig(s)
	want := map[string]any{
		"enable.idempotence": true, "client.id": "lms", "security.protocol": "SASL_SSL",
		"sasl.mechanism": "PLAIN", "sasl.username": "key", "sasl.password": "secret", "linger.ms": "20",
	}
	for k, v := range want {
		if cfg[k] != v {
			t.Errorf("%s = %v, want %v", k, cfg[k], v)
		}
	}
	if _, set := cfg["partitioner"]; set {
		t.Errorf("partitioner is set to %v, want librdkafka's default", cfg["partitioner"])
	}
	s.Kafka["enable.idempotence"] = "false"
	if got := producerConfig(s)["enable.idempotence"]; got != "false" {
		t.Errorf("passthrough enable.idempotence = %v, want it to override the default", got)
	}
}

func TestProduceRejectsBadInput(t *testing.T) {
	env := kafkatest.Start(t)
	p := startProducer(t, env.Settings())
	def, payload := testPayload(t, enrollmentType)
	ctx := context.Background()

	other := newMetadata(t, def)
	other.EventType = loginType
	if err := p.Produce(ctx, def, "t", "enrollment.course.course_key", payload, other); err == nil {
		t.Error("Produce with metadata of another event type succeeded")
	}
	if err := p.Produce(ctx, def, "t", "enrollment.course.start", payload, newMetadata(t, def)); err == nil {
		t.Error("Produce with an optional key field succeeded")
	}
	if err := p.Produce(ctx, def, "t", "enrollment.course.course_key", "not a payload", newMetadata(t, def)); err == nil {
		t.Error("Produce with a wrong payload type succeeded")
	}
	if got := p.Stats().Failed; got != 3 {
		t.Errorf("Failed = %d, want 3", got)
	}
}

func TestProduceAsyncReceipts(t *testing.T) {
	env := kafkatest.Start(t)
	env.CreateTopic(t, "receipts", 1)
	p := startProducer(t, env.Settings())
	def, payload := testPayload(t, enrollmentType)
	ctx := context.Background()

	var receipts []*Receipt
	for range 5 {
		r, err := p.ProduceAsync(ctx, def, "receipts", "enrollment.course.course_key", payload, newMetadata(t, def))
		if err != nil {
			t.Fatal(err)
		}
		receipts = append(receipts, r)
	}

	canceled, cancel := context.WithCancel(ctx)
	cancel()
	for i, r := range receipts {
		tp, err := r.Wait(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if tp.Partition != 0 || int64(tp.Offset) != int64(i) {
			t.Errorf("receipt %d: partition %d offset %d, want partition 0 offset %d", i, tp.Partition, tp.Offset, i)
		}
		again, err := r.Wait(canceled)
		if err != nil || again.Offset != tp.Offset {
			t.Errorf("second Wait = %v, %v, want the same report", again, err)
		}
	}
}

func TestReceiptWaitAfterTimeout(t *testing.T) {
	env := kafkatest.Start(t)
	s := env.Settings()
	s.BootstrapServers = closedPort(t)
	s.Kafka["message.timeout.ms"] = "500"
	p := startProducer(t, s)
	def, payload := testPayload(t, enrollmentType)
	r, err := p.ProduceAsync(context.Background(), def, "t", "enrollment.course.course_key", payload,
		newMetadata(t, def))
	if err != nil {
		t.Fatal(err)
	}

	short, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := r.Wait(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Wait with a 50ms context = %v, want DeadlineExceeded", err)
	}
	_, err = r.Wait(context.Background())
	var kerr kafka.Error
	if !errors.As(err, &kerr) || kerr.Code() != kafka.ErrMsgTimedOut {
		t.Errorf("later Wait = %v, want the message timeout report", err)
	}
}

func TestBrokerRejectionLoggedAndCounted(t *testing.T) {
	env := kafkatest.Start(t)
	env.CreateTopic(t, "rejecting", 1)
	env.Cluster.ControlKey(int16(kmsg.Produce), func(req kmsg.Request) (kmsg.Response, error, bool) {
		env.Cluster.KeepControl()
		produce := req.(*kmsg.ProduceRequest)
		resp := produce.ResponseKind().(*kmsg.ProduceResponse)
		for _, topic := range produce.Topics {
			rt := kmsg.NewProduceResponseTopic()
			rt.Topic = topic.Topic
			rt.TopicID = topic.TopicID
			for _, part := range topic.Partitions {
				rp := kmsg.NewProduceResponseTopicPartition()
				rp.Partition = part.Partition
				rp.ErrorCode = 10 // MESSAGE_TOO_LARGE: the broker never accepts this message
				rt.Partitions = append(rt.Partitions, rp)
			}
			resp.Topics = append(resp.Topics, rt)
		}
		return resp, nil, true
	})

	var logs logBuffer
	p := startProducer(t, env.Settings(), WithProducerLogger(slog.New(slog.NewJSONHandler(&logs, nil))))
	def, payload := testPayload(t, enrollmentType)
	md := newMetadata(t, def)
	if err := p.Produce(context.Background(), def, "rejecting", "enrollment.course.course_key", payload, md); err != nil {
		t.Fatal(err)
	}
	report := p.Close(context.Background())
	if report.Failed != 1 || report.Delivered != 0 || len(report.Undelivered) != 0 {
		t.Errorf("close report = %+v, want 1 failed by the broker", report)
	}
	recs := logs.records(t, "event not delivered")
	if len(recs) != 1 {
		t.Fatalf("got %d failure log lines, want 1; log:\n%s", len(recs), logs.String())
	}
	if recs[0]["event_id"] != md.ID.String() || !strings.Contains(recs[0]["err"].(string), "too large") {
		t.Errorf("failure log = %v, want the event id and the broker's error", recs[0])
	}
	if replayed := replayFromLog(t, def, recs[0]); !reflect.DeepEqual(replayed, payload) {
		t.Errorf("payload from event_data = %+v, want %+v", replayed, payload)
	}
}

func TestFlushKeepsProducerOpen(t *testing.T) {
	env := kafkatest.Start(t)
	p := startProducer(t, env.Settings())
	def, payload := testPayload(t, enrollmentType)
	ctx := context.Background()
	for round := 1; round <= 2; round++ {
		for range 10 {
			if err := p.Produce(ctx, def, "flushed", "enrollment.course.course_key", payload, newMetadata(t, def)); err != nil {
				t.Fatal(err)
			}
		}
		if err := p.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if st := p.Stats(); st.Delivered != int64(10*round) || st.Pending != 0 {
			t.Errorf("after flush %d: stats = %+v, want %d delivered and none pending", round, st, 10*round)
		}
	}
}

func TestFlushTimesOut(t *testing.T) {
	env := kafkatest.Start(t)
	s := env.Settings()
	s.BootstrapServers = closedPort(t)
	p := startProducer(t, s, CloseTimeout(100*time.Millisecond))
	def, payload := testPayload(t, enrollmentType)
	if err := p.Produce(context.Background(), def, "t", "enrollment.course.course_key", payload,
		newMetadata(t, def)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err := p.Flush(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "1 events still waiting") {
		t.Errorf("Flush = %v, want a deadline error counting 1 pending event", err)
	}
}

func TestFlushWaitsForFailureLog(t *testing.T) {
	env := kafkatest.Start(t)
	s := env.Settings()
	s.BootstrapServers = closedPort(t)
	s.Kafka["message.timeout.ms"] = "300"
	var logs logBuffer
	logger := slog.New(slowErrorLog{Handler: slog.NewJSONHandler(&logs, nil), delay: 300 * time.Millisecond})
	p := startProducer(t, s, WithProducerLogger(logger))
	def, payload := testPayload(t, enrollmentType)
	md := newMetadata(t, def)
	if err := p.Produce(context.Background(), def, "t", "enrollment.course.course_key", payload, md); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := p.Flush(ctx); err != nil {
		t.Fatalf("Flush = %v, want nil once the failure is logged", err)
	}
	if recs := logs.records(t, "event not delivered"); len(recs) != 1 || recs[0]["event_id"] != md.ID.String() {
		t.Errorf("failure lines when Flush returned = %v, want one for event %s", recs, md.ID)
	}
	if st := p.Stats(); st.Failed != 1 || st.Pending != 0 {
		t.Errorf("stats after Flush = %+v, want 1 failed and none pending", st)
	}
}

func TestFlushDuringCloseWaitsForClose(t *testing.T) {
	p, sent := undeliverable(t, slog.New(slog.DiscardHandler), 1)

	closed, err := flushDuringClose(p)
	if err != nil {
		t.Errorf("Flush during Close = %v, want nil once Close gave up on the event", err)
	}
	if st := p.Stats(); st.Failed != 1 || st.Pending != 0 {
		t.Errorf("stats when Flush returned = %+v, want 1 failed and none pending", st)
	}
	report := <-closed
	if len(report.Undelivered) != 1 || report.Undelivered[0] != sent[0].ID {
		t.Errorf("Undelivered = %v, want [%s]", report.Undelivered, sent[0].ID)
	}
}

func TestFlushDuringCloseWaitsForPurgeLogs(t *testing.T) {
	var logs logBuffer
	logger := slog.New(slowErrorLog{Handler: slog.NewJSONHandler(&logs, nil), delay: 20 * time.Millisecond})
	// Logging n failures takes longer than purgeWait, so Close's purge
	// finds events whose report was not handled yet.
	const n = 150
	p, _ := undeliverable(t, logger, n)

	closed, err := flushDuringClose(p)
	if err != nil {
		t.Errorf("Flush during Close = %v, want nil", err)
	}
	if got := len(logs.records(t, "event not delivered")); got != n {
		t.Errorf("failure lines when Flush returned = %d, want %d", got, n)
	}
	if st := p.Stats(); st.Failed != n || st.Pending != 0 {
		t.Errorf("stats when Flush returned = %+v, want %d failed and none pending", st, n)
	}
	if report := <-closed; len(report.Undelivered) != n {
		t.Errorf("Undelivered = %d events, want %d", len(report.Undelivered), n)
	}
}

// slowLine delays the log lines with one message.
type slowLine struct {
	slog.Handler
	msg   string
	delay time.Duration
}

func (h slowLine) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == h.msg {
		time.Sleep(h.delay)
	}
	return h.Handler.Handle(ctx, r)
}

func TestStatsCountsEventOnce(t *testing.T) {
	env := kafkatest.Start(t)
	s := env.Settings()
	s.AuditLoggingEnabled = true
	logger := slog.New(slowLine{Handler: slog.NewJSONHandler(io.Discard, nil), msg: "message delivered to Kafka event bus",
		delay: 300 * time.Millisecond})
	p := startProducer(t, s, WithProducerLogger(logger))
	def, payload := testPayload(t, enrollmentType)
	if err := p.Produce(context.Background(), def, "once", "enrollment.course.course_key", payload,
		newMetadata(t, def)); err != nil {
		t.Fatal(err)
	}

	deadline := time.Now().Add(10 * time.Second)
	for {
		st := p.Stats()
		if sum := st.Delivered + st.Failed + st.Pending; sum != 1 {
			t.Fatalf("stats = %+v, want the one event counted once", st)
		}
		if st.Delivered == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("stats = %+v after 10 s, want the event delivered", st)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestProduceWaitsWhileQueueFull(t *testing.T) {
	env := kafkatest.Start(t)
	s := env.Settings()
	s.BootstrapServers = closedPort(t)
	s.Kafka["queue.buffering.max.messages"] = "1"
	p := startProducer(t, s, CloseTimeout(100*time.Millisecond))
	def, payload := testPayload(t, enrollmentType)
	// One message fills librdkafka's queue, one waits to enter it and
	// handoffSize wait for their turn.
	for range handoffSize + 2 {
		if err := p.Produce(context.Background(), def, "t", "enrollment.course.course_key", payload,
			newMetadata(t, def)); err != nil {
			t.Fatal(err)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := p.Produce(ctx, def, "t", "enrollment.course.course_key", payload, newMetadata(t, def))
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "queue is full") {
		t.Errorf("Produce into a full queue = %v, want a queue-full deadline error", err)
	}
	if waited := time.Since(start); waited < 250*time.Millisecond {
		t.Errorf("Produce returned after %s, want it to wait for the context", waited)
	}
	if got := p.Stats().Failed; got != 1 {
		t.Errorf("Failed = %d, want 1", got)
	}
}

func TestProduceRejectedByLibrdkafka(t *testing.T) {
	env := kafkatest.Start(t)
	s := env.Settings()
	s.Kafka["message.max.bytes"] = "1000"
	var logs logBuffer
	p := startProducer(t, s, WithProducerLogger(slog.New(slog.NewJSONHandler(&logs, nil))))
	def, payload := testPayload(t, enrollmentType)
	large := payload.(learning.CourseEnrollmentData)
	large.Course.DisplayName = strings.Repeat("x", 2000)
	ctx := context.Background()

	_, err := p.ProduceSync(ctx, def, "large", "enrollment.course.course_key", large, newMetadata(t, def))
	if err == nil || !strings.Contains(err.Error(), "librdkafka rejected the message") {
		t.Errorf("ProduceSync of a message over message.max.bytes = %v, want librdkafka's rejection", err)
	}

	md := newMetadata(t, def)
	if err := p.Produce(ctx, def, "large", "enrollment.course.course_key", large, md); err != nil {
		t.Fatalf("Produce = %v, want nil: a rejection is reported like a failed delivery", err)
	}
	if err := p.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	recs := logs.records(t, "event not delivered")
	if len(recs) != 1 || recs[0]["event_id"] != md.ID.String() {
		t.Fatalf("failure log lines = %v, want one for event %s", recs, md.ID)
	}
	if replayed := replayFromLog(t, def, recs[0]); !reflect.DeepEqual(replayed, large) {
		t.Errorf("payload from event_data differs from the payload sent")
	}
	if got := p.Stats().Failed; got != 2 {
		t.Errorf("Failed = %d, want 2", got)
	}
}

func TestCloseEndsProduceWaitingOnFullQueue(t *testing.T) {
	env := kafkatest.Start(t)
	s := env.Settings()
	s.BootstrapServers = closedPort(t)
	s.Kafka["queue.buffering.max.messages"] = "1"
	p, err := NewProducer(s, CloseTimeout(100*time.Millisecond), WithProducerLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	def, payload := testPayload(t, enrollmentType)
	ctx := context.Background()
	for range handoffSize + 2 {
		if err := p.Produce(ctx, def, "t", "enrollment.course.course_key", payload, newMetadata(t, def)); err != nil {
			t.Fatal(err)
		}
	}

	// This call has no deadline, so only Close can end its wait.
	blocked := make(chan error, 1)
	go func() {
		blocked <- p.Produce(ctx, def, "t", "enrollment.course.course_key", payload, newMetadata(t, def))
	}()
	time.Sleep(50 * time.Millisecond)
	closed := make(chan CloseReport, 1)
	go func() { closed <- p.Close(ctx) }()

	select {
	case err := <-blocked:
		if !errors.Is(err, ErrProducerClosed) {
			t.Errorf("waiting Produce = %v, want ErrProducerClosed", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Produce still waits after Close")
	}
	select {
	case report := <-closed:
		// The blocked call never queued its event, so it is not listed.
		if want := handoffSize + 2; report.Failed != int64(want+1) || len(report.Undelivered) != want {
			t.Errorf("close report: %d failed, %d undelivered; want %d failed and %d undelivered",
				report.Failed, len(report.Undelivered), want+1, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return")
	}
}

// slowErrorLog delays every error line, as a logger writing to a slow pipe does.
type slowErrorLog struct {
	slog.Handler
	delay time.Duration
}

func (h slowErrorLog) Handle(ctx context.Context, r slog.Record) error {
	if r.Level >= slog.LevelError {
		time.Sleep(h.delay)
	}
	return h.Handler.Handle(ctx, r)
}

func TestCloseCountsEachEventOnce(t *testing.T) {
	var logs logBuffer
	logger := slog.New(slowErrorLog{slog.NewJSONHandler(&logs, nil), 20 * time.Millisecond})
	const n = 150
	p, _ := undeliverable(t, logger, n)
	report := p.Close(context.Background())
	if report.Delivered != 0 || report.Failed != n || len(report.Undelivered) != n {
		t.Errorf("close report: %d delivered, %d failed, %d undelivered; want 0, %d, %d",
			report.Delivered, report.Failed, len(report.Undelivered), n, n)
	}
	if got := len(logs.records(t, "event not delivered")); got != n {
		t.Errorf("%d failure log lines, want %d", got, n)
	}
}

func TestCloseListsOnlyFailedEvents(t *testing.T) {
	env := kafkatest.Start(t)
	p, err := NewProducer(env.Settings(), CloseTimeout(time.Millisecond),
		WithProducerLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatal(err)
	}
	def, payload := testPayload(t, enrollmentType)
	ctx := context.Background()
	if _, err := p.ProduceSync(ctx, def, "t", "enrollment.course.course_key", payload, newMetadata(t, def)); err != nil {
		t.Fatal(err) // registers the schemas first
	}
	const n = 1000
	for range n {
		if err := p.Produce(ctx, def, "t", "enrollment.course.course_key", payload, newMetadata(t, def)); err != nil {
			t.Fatal(err)
		}
	}
	// The close timeout may end while events wait in the handoff queue. The
	// broker works, so they may still be delivered, and only those that
	// fail may be listed.
	report := p.Close(ctx)
	if report.Delivered+report.Failed != n+1 {
		t.Errorf("%d delivered + %d failed, want %d events", report.Delivered, report.Failed, n+1)
	}
	if int64(len(report.Undelivered)) > report.Failed {
		t.Errorf("%d events listed as undelivered, but only %d failed", len(report.Undelivered), report.Failed)
	}
}

func TestFlushWaitsOnlyForEarlierEvents(t *testing.T) {
	env := kafkatest.Start(t)
	p := startProducer(t, env.Settings())
	def, payload := testPayload(t, enrollmentType)
	ctx := context.Background()
	if _, err := p.ProduceSync(ctx, def, "t", "enrollment.course.course_key", payload, newMetadata(t, def)); err != nil {
		t.Fatal(err)
	}

	// Two goroutines keep producing while Flush waits.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if err := p.Produce(ctx, def, "t", "enrollment.course.course_key", payload, newMetadata(t, def)); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	time.Sleep(200 * time.Millisecond)

	flushCtx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	err := p.Flush(flushCtx)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Errorf("Flush while others produce = %v, want nil", err)
	}
}

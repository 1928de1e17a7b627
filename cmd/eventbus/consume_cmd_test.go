package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/learning"
	"github.com/openedx-go/eventbus/kafkabus"
	"github.com/openedx-go/eventbus/kafkabus/kafkatest"
)

const enrollmentKeyField = "enrollment.course.course_key"

// startConsumeEnv starts a broker and registry, points the settings
// environment variables at them and creates topic.
func startConsumeEnv(t *testing.T, topic string) *kafkatest.Env {
	t.Helper()
	env := kafkatest.Start(t, kafkatest.WithPartitions(1))
	env.CreateTopic(t, topic, 1)
	t.Setenv("EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS", env.Bootstrap)
	t.Setenv("EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL", env.RegistryURL)
	t.Setenv("EVENT_BUS_TOPIC_PREFIX", "")
	t.Setenv("EVENT_BUS_KAFKA_CONSUMER_POLL_TIMEOUT", "0.1")
	return env
}

// produceEnrollments sends one enrollment created event per user id with
// the event bus producer.
func produceEnrollments(t *testing.T, env *kafkatest.Env, topic string, userIDs ...int64) {
	t.Helper()
	s := env.Settings()
	s.Kafka["enable.metrics.push"] = "false"
	p, err := kafkabus.NewProducer(s)
	if err != nil {
		t.Fatalf("NewProducer: %v", err)
	}
	defer p.Close(context.Background())
	def := learning.CourseEnrollmentCreated
	for _, id := range userIDs {
		payload := learning.CourseEnrollmentData{
			User: learning.UserData{ID: id, IsActive: true,
				PII: learning.UserPersonalData{Username: "learner", Email: "l@example.com"}},
			Course:       learning.CourseData{CourseKey: "course-v1:edX+DemoX+2024"},
			Mode:         "audit",
			IsActive:     true,
			CreationDate: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
		}
		md, err := events.NewMetadata(def.EventType(), def.MinorVersion(), events.WithService("cli-test"))
		if err != nil {
			t.Fatalf("NewMetadata: %v", err)
		}
		if _, err := p.ProduceSync(context.Background(), def, topic, enrollmentKeyField, payload, md); err != nil {
			t.Fatalf("ProduceSync: %v", err)
		}
	}
}

// runCLI runs the eventbus command line in-process and returns its output.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out, errOut bytes.Buffer
	err = run(ctx, args, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestConsumeCmdPrintsEvents(t *testing.T) {
	env := startConsumeEnv(t, "enroll")
	produceEnrollments(t, env, "enroll", 11, 12, 13)

	stdout, stderr, err := runCLI(t, "consume", "--topic", "enroll", "--group", "cli",
		"--from-beginning", "--max-events", "2")
	if err != nil {
		t.Fatalf("consume: %v\nstderr:\n%s", err, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("consume printed %d lines, want 2:\n%s", len(lines), stdout)
	}
	for i, line := range lines {
		var doc struct {
			Metadata map[string]any `json:"metadata"`
			Data     struct {
				Enrollment struct {
					User struct {
						ID int64 `json:"id"`
					} `json:"user"`
				} `json:"enrollment"`
			} `json:"data"`
			Kafka struct {
				Topic     string `json:"topic"`
				Partition int32  `json:"partition"`
				Offset    int64  `json:"offset"`
				Key       any    `json:"key"`
			} `json:"kafka"`
		}
		if err := json.Unmarshal([]byte(line), &doc); err != nil {
			t.Fatalf("line %d is not JSON: %v\n%s", i, err, line)
		}
		if got, want := doc.Metadata["event_type"], learning.CourseEnrollmentCreated.EventType(); got != want {
			t.Errorf("line %d: metadata.event_type %v, want %s", i, got, want)
		}
		if got, want := doc.Data.Enrollment.User.ID, int64(11+i); got != want {
			t.Errorf("line %d: data.enrollment.user.id %d, want %d", i, got, want)
		}
		if doc.Kafka.Topic != "enroll" || doc.Kafka.Offset != int64(i) {
			t.Errorf("line %d: kafka %+v, want topic enroll offset %d", i, doc.Kafka, i)
		}
		if doc.Kafka.Key != "course-v1:edX+DemoX+2024" {
			t.Errorf("line %d: kafka.key %v, want course-v1:edX+DemoX+2024", i, doc.Kafka.Key)
		}
	}

	// The next run of the group starts after the two committed events.
	stdout, stderr, err = runCLI(t, "consume", "--topic", "enroll", "--group", "cli", "--max-events", "1")
	if err != nil {
		t.Fatalf("second consume: %v\nstderr:\n%s", err, stderr)
	}
	if !strings.Contains(stdout, `"offset":2`) || strings.Count(stdout, "\n") != 1 {
		t.Errorf("second consume printed %q, want the one event at offset 2", stdout)
	}
}

func TestConsumeCmdExecFailure(t *testing.T) {
	env := startConsumeEnv(t, "enroll")
	env.CreateTopic(t, "enroll-dlq", 1)
	produceEnrollments(t, env, "enroll", 21, 22)

	stdout, stderr, err := runCLI(t, "consume", "--topic", "enroll", "--group", "exec",
		"--from-beginning", "--max-events", "2", "--dead-letter-topic", "enroll-dlq",
		"--exec", `id=$(cat | sed 's/.*"user":{"id":\([0-9]*\).*/\1/'); echo "user $id"; [ "$id" != 22 ] || exit 7`)
	if err != nil {
		t.Fatalf("consume: %v\nstderr:\n%s", err, stderr)
	}
	if got, want := stdout, "user 21\nuser 22\n"; got != want {
		t.Errorf("command output %q, want %q", got, want)
	}
	if !strings.Contains(stderr, "handler_error") || !strings.Contains(stderr, "exit status 7") {
		t.Errorf("stderr does not report the handler failure with its exit status:\n%s", stderr)
	}
	dead := readTopic(t, env.Bootstrap, "enroll-dlq", 1)
	if len(dead) != 1 {
		t.Fatalf("dead-letter topic has %d messages, want 1", len(dead))
	}
	for _, h := range dead[0].Headers {
		if h.Key == kafkabus.HeaderOriginalOffset && string(h.Value) != "1" {
			t.Errorf("dead letter original offset %s, want 1", h.Value)
		}
	}
}

func TestConsumeCmdWebhookRetries(t *testing.T) {
	env := startConsumeEnv(t, "enroll")
	produceEnrollments(t, env, "enroll", 31, 32)

	var mu sync.Mutex
	var ids []string
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls == 1 {
			http.Error(w, "warming up", http.StatusServiceUnavailable)
			return
		}
		body, _ := io.ReadAll(r.Body)
		var ce map[string]any
		if err := json.Unmarshal(body, &ce); err != nil || r.Header.Get("Content-Type") != kafkabus.CloudEventsJSONType {
			http.Error(w, "not a CloudEvent", http.StatusBadRequest)
			return
		}
		ids = append(ids, ce["id"].(string))
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()

	_, stderr, err := runCLI(t, "consume", "--topic", "enroll", "--group", "hooks",
		"--from-beginning", "--max-events", "2", "--webhook", srv.URL)
	if err != nil {
		t.Fatalf("consume: %v\nstderr:\n%s", err, stderr)
	}
	mu.Lock()
	defer mu.Unlock()
	if calls != 3 {
		t.Errorf("webhook called %d times, want 3 (one 503, then two events)", calls)
	}
	if len(ids) != 2 || ids[0] == ids[1] {
		t.Errorf("webhook accepted event ids %v, want two different ids", ids)
	}
	if !strings.Contains(stderr, "webhook request failed, retrying") {
		t.Errorf("stderr does not log the retry:\n%s", stderr)
	}
}

func TestConsumeCmdWebhookRetriesUsedUp(t *testing.T) {
	env := startConsumeEnv(t, "enroll")
	produceEnrollments(t, env, "enroll", 41)

	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
	}))
	defer srv.Close()

	_, stderr, err := runCLI(t, "consume", "--topic", "enroll", "--group", "hooks-dlq",
		"--from-beginning", "--max-events", "1", "--webhook", srv.URL, "--webhook-retries", "1",
		"--dead-letter-topic", "enroll-dlq")
	if err != nil {
		t.Fatalf("consume: %v\nstderr:\n%s", err, stderr)
	}
	if got := calls.Load(); got != 2 {
		t.Errorf("webhook called %d times, want 2 (one attempt and one retry)", got)
	}
	readTopic(t, env.Bootstrap, "enroll-dlq", 1)
}

func TestConsumeCmdWebhookNotImplementedFails(t *testing.T) {
	env := startConsumeEnv(t, "enroll")
	produceEnrollments(t, env, "enroll", 51)

	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusNotImplemented)
	}))
	defer srv.Close()

	_, stderr, err := runCLI(t, "consume", "--topic", "enroll", "--group", "hooks-501",
		"--from-beginning", "--max-events", "1", "--webhook", srv.URL)
	if err != nil {
		t.Fatalf("consume: %v\nstderr:\n%s", err, stderr)
	}
	if got := calls.Load(); got != 1 {
		t.Errorf("webhook called %d times, want 1 because 501 is permanent", got)
	}
}

func TestConsumeCmdErrorsLimitExitsNonZero(t *testing.T) {
	env := startConsumeEnv(t, "broken")
	t.Setenv("EVENT_BUS_KAFKA_CONSUMER_CONSECUTIVE_ERRORS_LIMIT", "1")
	topic := "broken"
	p, err := kafka.NewProducer(&kafka.ConfigMap{"bootstrap.servers": env.Bootstrap, "log_level": 0})
	if err != nil {
		t.Fatalf("NewProducer: %v", err)
	}
	defer p.Close()
	report := make(chan kafka.Event, 1)
	err = p.Produce(&kafka.Message{
		TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: 0},
		Value:          []byte("not an event"),
	}, report)
	if err != nil {
		t.Fatalf("Produce: %v", err)
	}
	<-report

	_, stderr, err := runCLI(t, "consume", "--topic", topic, "--group", "g", "--from-beginning")
	if err == nil {
		t.Fatalf("consume returned nil after the errors limit\nstderr:\n%s", stderr)
	}
	if !strings.Contains(err.Error(), "too many consecutive errors") {
		t.Errorf("consume error %q, want it to name the consecutive errors limit", err)
	}
	if code := exitCode(err); code == 0 {
		t.Errorf("exit status 0, want non-zero")
	}
}

func TestConsumeCmdRejectsZonelessOffsetTime(t *testing.T) {
	startConsumeEnv(t, "enroll")
	_, _, err := runCLI(t, "consume", "--topic", "enroll", "--group", "g", "--offset-time", "2024-01-08T06:46:22")
	if err == nil || !strings.Contains(err.Error(), "no UTC offset") {
		t.Errorf("consume error %v, want one about the missing UTC offset", err)
	}
}

func TestParseOffsetTime(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Time
		wantErr string
	}{
		{"2024-01-08T06:46:22Z", time.Date(2024, 1, 8, 6, 46, 22, 0, time.UTC), ""},
		{"2024-01-08T06:46:22+00:00", time.Date(2024, 1, 8, 6, 46, 22, 0, time.UTC), ""},
		{"2024-01-08T06:46:22.5-05:00", time.Date(2024, 1, 8, 11, 46, 22, 500_000_000, time.UTC), ""},
		{"2024-01-08 06:46:22+01:00", time.Date(2024, 1, 8, 5, 46, 22, 0, time.UTC), ""},
		{"2024-01-08T06:46:22", time.Time{}, "no UTC offset"},
		{"2024-01-08", time.Time{}, "no UTC offset"},
		{"yesterday", time.Time{}, "not an ISO 8601 time"},
	}
	for _, tt := range tests {
		got, err := parseOffsetTime(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseOffsetTime(%q) error %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("parseOffsetTime(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

// readTopic reads up to want messages of partition 0 of topic from the start.
func readTopic(t *testing.T, bootstrap, topic string, want int) []*kafka.Message {
	t.Helper()
	c, err := kafka.NewConsumer(&kafka.ConfigMap{
		"bootstrap.servers": bootstrap, "group.id": "reader", "log_level": 0,
	})
	if err != nil {
		t.Fatalf("NewConsumer: %v", err)
	}
	defer c.Close()
	err = c.Assign([]kafka.TopicPartition{{Topic: &topic, Partition: 0, Offset: kafka.OffsetBeginning}})
	if err != nil {
		t.Fatalf("Assign: %v", err)
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

func TestConsumeCmdDisabledExitsZero(t *testing.T) {
	startConsumeEnv(t, "enroll")
	t.Setenv("EVENT_BUS_KAFKA_CONSUMERS_ENABLED", "false")
	stdout, stderr, err := runCLI(t, "consume", "--topic", "enroll", "--group", "g")
	if err != nil {
		t.Fatalf("consume with consumers disabled: %v", err)
	}
	if stdout != "" {
		t.Errorf("stdout %q, want nothing", stdout)
	}
	if !strings.Contains(stderr, "EVENT_BUS_KAFKA_CONSUMERS_ENABLED=false") {
		t.Errorf("stderr %q does not say why nothing was consumed", stderr)
	}
}

func TestConsumeCmdRejectsExecWithWebhook(t *testing.T) {
	startConsumeEnv(t, "enroll")
	_, _, err := runCLI(t, "consume", "--topic", "enroll", "--group", "g",
		"--exec", "cat", "--webhook", "http://127.0.0.1:1/")
	want := "--exec and --webhook cannot be combined: choose one handler"
	if err == nil || err.Error() != want {
		t.Errorf("consume error %v, want %q", err, want)
	}
}

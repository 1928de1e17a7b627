package kafkabus

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/openedx-go/eventbus/kafkabus/kafkatest"
)

func TestKafkaErrorLogLeavesOutRepeats(t *testing.T) {
	var logs syncBuffer
	k := newKafkaErrorLog(jsonLogger(&logs))
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	k.now = func() time.Time { return now }
	down := func(text string) kafka.Error { return kafka.NewError(kafka.ErrAllBrokersDown, text, false) }
	refused := kafka.NewError(kafka.ErrTransport,
		"127.0.0.1:9/bootstrap: Connect to ipv4#127.0.0.1:9 failed: Connection refused (after 0ms in state CONNECT)", false)

	for i := range 100 {
		text := "1/1 brokers are down"
		if i%2 == 1 {
			text = "0/1 brokers are down"
		}
		k.record(slog.LevelWarn, "kafka error", down(text))
		now = now.Add(100 * time.Millisecond)
	}
	k.record(slog.LevelWarn, "kafka error", refused)
	if !k.allBrokersDown() {
		t.Errorf("allBrokersDown is false 10s after all brokers down")
	}
	now = now.Add(21 * time.Second) // 31s after the first line
	k.record(slog.LevelWarn, "kafka error", down("1/1 brokers are down"))

	lines := logLines(t, logs.String())
	if len(lines) != 3 {
		t.Fatalf("got %d log lines, want 3:\n%s", len(lines), logs.String())
	}
	if got := lines[0]["repeated"]; got != nil {
		t.Errorf("first line repeated=%v, want no repeated attribute", got)
	}
	if got, want := lines[1][attrErr], refused.Error(); got != want {
		t.Errorf("second line err %v, want %q", got, want)
	}
	if got := lines[2]["repeated"]; got != float64(99) {
		t.Errorf("third line repeated=%v, want 99", got)
	}
	if got := lines[2]["level"]; got != "WARN" {
		t.Errorf("third line level %v, want WARN", got)
	}
	if !k.allBrokersDown() {
		t.Errorf("allBrokersDown is false right after all brokers down")
	}
	now = now.Add(31 * time.Second)
	if k.allBrokersDown() {
		t.Errorf("allBrokersDown is true 31s after all brokers down")
	}
}

func TestLibrdkafkaLogLevel(t *testing.T) {
	tests := []struct {
		level int
		tag   string
		want  slog.Level
	}{
		{3, "FAIL", slog.LevelDebug},
		{4, "FAIL", slog.LevelDebug},
		{3, "SASL", slog.LevelWarn},
		{4, "CONFWARN", slog.LevelWarn},
		{6, "TOPIC", slog.LevelDebug},
		{7, "BROKER", slog.LevelDebug},
	}
	for _, tt := range tests {
		got := librdkafkaLogLevel(kafka.LogEvent{Level: tt.level, Tag: tt.tag})
		if got != tt.want {
			t.Errorf("level %d tag %s: %s, want %s", tt.level, tt.tag, got, tt.want)
		}
	}
}

// countLines returns how many records of the JSON logs have message msg.
func countLines(t *testing.T, logs string, msg string) int {
	t.Helper()
	n := 0
	for _, rec := range logLines(t, logs) {
		if rec["msg"] == msg {
			n++
		}
	}
	return n
}

// connectFailures returns the librdkafka log lines at Warn or above about a
// failed broker connection.
func connectFailures(t *testing.T, logs string) []string {
	t.Helper()
	var out []string
	for _, rec := range logLines(t, logs) {
		msg, _ := rec["msg"].(string)
		if rec["level"] != "DEBUG" && rec["level"] != "INFO" && strings.HasPrefix(msg, "librdkafka:") &&
			strings.Contains(msg, "Connect to") {
			out = append(out, msg)
		}
	}
	return out
}

func TestConsumerUnreachableBrokerLogsOnce(t *testing.T) {
	env := startConsumerEnv(t)
	s := env.settings
	s.BootstrapServers = closedPort(t)
	var logs syncBuffer
	c, err := NewConsumer(s, "unreachable", "g", WithLogger(jsonLogger(&logs)))
	if err != nil {
		t.Fatalf("NewConsumer: %v", err)
	}
	stop := runConsumer(t, c)
	time.Sleep(3 * time.Second)
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}

	// One line for the refused connection and one for all brokers down.
	if n := countLines(t, logs.String(), "kafka error"); n == 0 || n > 2 {
		t.Errorf("got %d kafka error lines in 3s, want 1 or 2:\n%s", n, logs.String())
	}
	if got := connectFailures(t, logs.String()); len(got) != 0 {
		t.Errorf("librdkafka's own connection failure lines logged as well: %q", got)
	}
}

func TestProduceSyncUnreachableNamesBrokers(t *testing.T) {
	env := kafkatest.Start(t)
	s := env.Settings()
	s.BootstrapServers = closedPort(t)
	s.Kafka["message.timeout.ms"] = "2000"
	var logs syncBuffer
	p := startProducer(t, s, WithProducerLogger(jsonLogger(&logs)))
	def, payload := testPayload(t, enrollmentType)

	_, err := p.ProduceSync(context.Background(), def, "t", "enrollment.course.course_key", payload,
		newMetadata(t, def))
	if err == nil {
		t.Fatal("ProduceSync to a closed port succeeded")
	}
	want := "broker " + s.BootstrapServers + " unreachable (all broker connections are down): " +
		"check that EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS (--bootstrap-servers) names a running broker"
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q\ndoes not contain %q", err, want)
	}
	var kerr kafka.Error
	if !errors.As(err, &kerr) || kerr.Code() != kafka.ErrMsgTimedOut {
		t.Errorf("error %v does not wrap the message timeout", err)
	}

	if n := countLines(t, logs.String(), "kafka producer error"); n == 0 || n > 2 {
		t.Errorf("got %d kafka producer error lines in 2s, want 1 or 2:\n%s", n, logs.String())
	}
	if got := connectFailures(t, logs.String()); len(got) != 0 {
		t.Errorf("librdkafka's own connection failure lines logged as well: %q", got)
	}
}

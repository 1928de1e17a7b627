package kafkabus

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/learning"
	"github.com/openedx-go/eventbus/kafkabus/kafkatest"
)

// badKeyEnrollment returns an enrollment payload whose course key does not parse.
func badKeyEnrollment(t *testing.T) learning.CourseEnrollmentData {
	t.Helper()
	_, payload := testPayload(t, enrollmentType)
	data := payload.(learning.CourseEnrollmentData)
	data.Course.CourseKey = "not a key"
	return data
}

func TestSendReturnsEncodeError(t *testing.T) {
	env := kafkatest.Start(t)
	s := env.Settings()
	s.Producer = producerConfigFor(enrollmentType, "send-errors", "enrollment.course.course_key", true)
	var logs logBuffer
	p := startProducer(t, s, ReceiverName("send-error-test"),
		WithProducerLogger(slog.New(slog.NewJSONHandler(&logs, nil))))
	if err := p.Listen(); err != nil {
		t.Fatal(err)
	}

	err := learning.CourseEnrollmentCreated.Send(context.Background(), badKeyEnrollment(t))
	if err == nil {
		t.Fatal("Send of a payload with course key \"not a key\" returned nil")
	}
	var rerr *events.ReceiverError
	if !errors.As(err, &rerr) {
		t.Fatalf("Send error %v is not a *events.ReceiverError", err)
	}
	if rerr.Receiver != "send-error-test" {
		t.Errorf("receiver %q, want %q", rerr.Receiver, "send-error-test")
	}
	if !strings.Contains(err.Error(), "not a key") {
		t.Errorf("Send error %q does not name the bad value", err)
	}
	if n := len(logs.records(t, "event not delivered")); n != 1 {
		t.Errorf("got %d failure log lines, want 1:\n%s", n, logs.String())
	}
	if st := p.Stats(); st.Failed != 1 {
		t.Errorf("stats %+v, want 1 failed", st)
	}
}

func TestProducerDefaultLoggerLogsFailure(t *testing.T) {
	var logs logBuffer
	previous := slog.Default()
	slog.SetDefault(slog.New(slog.NewJSONHandler(&logs, nil)))
	t.Cleanup(func() { slog.SetDefault(previous) })

	env := kafkatest.Start(t)
	s := env.Settings()
	s.Producer = producerConfigFor(enrollmentType, "default-log", "enrollment.course.course_key", true)
	p := startProducer(t, s, ReceiverName("default-log-test"))
	if err := p.Listen(); err != nil {
		t.Fatal(err)
	}
	def := learning.CourseEnrollmentCreated
	md := newMetadata(t, def)
	sent := events.Event{Metadata: md, Payload: badKeyEnrollment(t)}
	if err := def.Dispatch(context.Background(), sent); err == nil {
		t.Fatal("Send of a payload with course key \"not a key\" returned nil")
	}

	recs := logs.records(t, "event not delivered")
	if len(recs) != 1 {
		t.Fatalf("got %d failure log lines on slog.Default(), want 1:\n%s", len(recs), logs.String())
	}
	if got := recs[0][attrEventID]; got != md.ID.String() {
		t.Errorf("event_id %v, want %s", got, md.ID)
	}
}

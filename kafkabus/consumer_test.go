package kafkabus

import (
	"errors"
	"testing"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/learning"
)

func TestConsumerDecodesEvents(t *testing.T) {
	env := startConsumerEnv(t)
	topic := "enrollments"
	env.CreateTopic(t, topic, 1)
	m1, md1 := env.enrollmentMessage(t, topic, 1, "course-v1:edX+A+1")
	m2, md2 := env.enrollmentMessage(t, topic, 2, "course-v1:edX+B+2")
	env.produce(t, m1, m2)

	var col collector
	c, err := NewConsumer(env.settings, topic, "g1", FromBeginning(), MaxMessages(2), WithHandler(col.handle))
	if err != nil {
		t.Fatalf("NewConsumer: %v", err)
	}
	stop := runConsumer(t, c)
	waitFor(t, "two deliveries", func() bool { return len(col.got()) == 2 })
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}

	got := col.got()
	for i, want := range []events.Metadata{md1, md2} {
		d := got[i]
		if d.Event.Metadata.ID != want.ID {
			t.Errorf("delivery %d: event id %s, want %s", i, d.Event.Metadata.ID, want.ID)
		}
		if !d.Event.FromBus {
			t.Errorf("delivery %d: FromBus false, want true", i)
		}
		if d.Offset != int64(i) {
			t.Errorf("delivery %d: offset %d, want %d", i, d.Offset, i)
		}
		payload, ok := d.Event.Payload.(learning.CourseEnrollmentData)
		if !ok {
			t.Fatalf("delivery %d: payload %T, want learning.CourseEnrollmentData", i, d.Event.Payload)
		}
		if payload.User.ID != int64(i+1) {
			t.Errorf("delivery %d: user id %d, want %d", i, payload.User.ID, i+1)
		}
	}
	if got, want := got[0].KeyValue, any("course-v1:edX+A+1"); got != want {
		t.Errorf("key value %v, want %v", got, want)
	}
	if got, want := env.committed(t, "g1", topic), int64(2); got != want {
		t.Errorf("committed offset %d, want %d", got, want)
	}
}

func TestNewConsumerRejectsEmptyNames(t *testing.T) {
	env := startConsumerEnv(t)
	if _, err := NewConsumer(env.settings, "", "g"); err == nil {
		t.Errorf("NewConsumer with empty topic: nil error")
	}
	if _, err := NewConsumer(env.settings, "t", ""); err == nil {
		t.Errorf("NewConsumer with empty group: nil error")
	}
	if _, err := NewConsumer(env.settings, "t", "g", CommitEvery(0)); err == nil {
		t.Errorf("NewConsumer with CommitEvery(0): nil error")
	}
}

func TestConsumerDisabled(t *testing.T) {
	env := startConsumerEnv(t)
	s := env.settings
	s.ConsumersEnabled = false
	c, err := NewConsumer(s, "t", "g")
	if err != nil {
		t.Fatalf("NewConsumer: %v", err)
	}
	if err := c.Run(t.Context()); !errors.Is(err, ErrConsumersDisabled) {
		t.Errorf("Run = %v, want ErrConsumersDisabled", err)
	}
}

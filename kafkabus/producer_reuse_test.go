package kafkabus

import (
	"context"
	"strings"
	"testing"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/kafkabus/kafkatest"
	"github.com/openedx-go/eventbus/registry"
)

// withCourseKey returns a copy of an enrollment payload with another course key.
func withCourseKey(t *testing.T, def events.Definition, payload any, courseKey string) any {
	t.Helper()
	rec, err := def.ToRecord(payload)
	if err != nil {
		t.Fatal(err)
	}
	rec["enrollment"].(map[string]any)["course"].(map[string]any)["course_key"] = courseKey
	out, err := def.FromRecord(rec)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestProduceReusedBuffersKeepMessagesApart checks that the pooled message
// buffers and the cached framed key do not leak one event's key or headers
// into the next.
func TestProduceReusedBuffersKeepMessagesApart(t *testing.T) {
	env := kafkatest.Start(t)
	s := env.Settings()
	s.TopicPrefix = kafkatest.UniqueName("reuse")
	env.CreateTopic(t, s.TopicPrefix+"-keys", 1)
	p := startProducer(t, s)
	def, base := testPayload(t, enrollmentType)
	ctx := context.Background()

	keys := []string{
		"course-v1:edX+A+1", "course-v1:edX+A+1", "course-v1:edX+LongerCourse+2025", "course-v1:edX+A+1",
	}
	var sent []events.Metadata
	for _, key := range keys {
		md := newMetadata(t, def)
		if _, err := p.ProduceSync(ctx, def, "keys", "enrollment.course.course_key",
			withCourseKey(t, def, base, key), md); err != nil {
			t.Fatal(err)
		}
		sent = append(sent, md)
	}

	msgs := readTopic(t, env.Bootstrap, s.TopicPrefix+"-keys", len(keys))
	for i, m := range msgs {
		_, body, err := registry.Unframe(m.Key)
		if err != nil {
			t.Fatalf("message %d key: %v", i, err)
		}
		if got := string(body[1:]); got != keys[i] {
			t.Errorf("message %d key %q, want %q", i, got, keys[i])
		}
		if !strings.Contains(string(m.Value), keys[i]) {
			t.Errorf("message %d value does not contain its course key %q", i, keys[i])
		}
		got := map[string]string{}
		for _, h := range m.Headers {
			got[h.Key] = string(h.Value)
		}
		if want := sent[i].ID.String(); got[HeaderID] != want {
			t.Errorf("message %d ce_id %q, want %q", i, got[HeaderID], want)
		}
		if want := events.FormatTime(sent[i].Time); got[HeaderTime] != want {
			t.Errorf("message %d ce_time %q, want %q", i, got[HeaderTime], want)
		}
	}
}

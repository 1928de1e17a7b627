package registry

import "testing"

func TestSubjectNames(t *testing.T) {
	const topic = "dev-user-login"
	const eventType = "org.openedx.learning.auth.session.login.completed.v1"
	tests := []struct {
		strategy  SubjectNameStrategy
		wantValue string
		wantKey   string
	}{
		{"", topic + "-" + eventType + ".CloudEvent", topic + "-string"},
		{TopicRecordNameStrategy, topic + "-" + eventType + ".CloudEvent", topic + "-string"},
		{TopicNameStrategy, topic + "-value", topic + "-key"},
		{RecordNameStrategy, eventType + ".CloudEvent", "string"},
	}
	for _, tt := range tests {
		if got := tt.strategy.ValueSubject(topic, eventType); got != tt.wantValue {
			t.Errorf("%q.ValueSubject = %q, want %q", tt.strategy, got, tt.wantValue)
		}
		if got := tt.strategy.KeySubject(topic, "string"); got != tt.wantKey {
			t.Errorf("%q.KeySubject = %q, want %q", tt.strategy, got, tt.wantKey)
		}
	}
}

func TestDefaultSubjectFunctions(t *testing.T) {
	got := ValueSubject("dev-user-login", "org.openedx.learning.auth.session.login.completed.v1")
	want := "dev-user-login-org.openedx.learning.auth.session.login.completed.v1.CloudEvent"
	if got != want {
		t.Errorf("ValueSubject = %q, want %q", got, want)
	}
	if got := KeySubject("dev-enrollment", "long"); got != "dev-enrollment-long" {
		t.Errorf("KeySubject = %q, want %q", got, "dev-enrollment-long")
	}
}

func TestParseSubjectNameStrategy(t *testing.T) {
	for in, want := range map[string]SubjectNameStrategy{
		"": TopicRecordNameStrategy, "topic_record": TopicRecordNameStrategy,
		"topic": TopicNameStrategy, "record": RecordNameStrategy,
	} {
		got, err := ParseSubjectNameStrategy(in)
		if err != nil || got != want {
			t.Errorf("ParseSubjectNameStrategy(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseSubjectNameStrategy("TopicName"); err == nil {
		t.Error("ParseSubjectNameStrategy(TopicName) succeeded, want an error")
	}
}

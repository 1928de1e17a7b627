package main

import (
	"context"
	"net"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/openedx-go/eventbus/kafkabus"
	"github.com/openedx-go/eventbus/kafkabus/kafkatest"
)

var producedLine = regexp.MustCompile(`^topic=(\S+) partition=(\d+) offset=(\d+) event_id=([0-9a-f-]{36})$`)

func sampleFile(eventType string) string {
	return "@" + filepath.Join("..", "..", "testdata", "events", eventType+".json")
}

// unusedAddr returns a loopback address where nothing listens.
func unusedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// readBack reads want messages of topic from the start with a plain consumer.
func readBack(t *testing.T, bootstrap, topic string, want int) []*kafka.Message {
	t.Helper()
	c, err := kafka.NewConsumer(&kafka.ConfigMap{"bootstrap.servers": bootstrap,
		"group.id": "produce-cmd-test", "auto.offset.reset": "earliest", "log_level": 0})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Subscribe(topic, nil); err != nil {
		t.Fatal(err)
	}
	var msgs []*kafka.Message
	for deadline := time.Now().Add(20 * time.Second); len(msgs) < want && time.Now().Before(deadline); {
		if m, err := c.ReadMessage(200 * time.Millisecond); err == nil {
			msgs = append(msgs, m)
		}
	}
	if len(msgs) != want {
		t.Fatalf("read %d messages from %s, want %d", len(msgs), topic, want)
	}
	return msgs
}

func TestProduceCommandCount(t *testing.T) {
	env := kafkatest.Start(t)
	out, _, err := runEventbus(t, context.Background(), "", "produce",
		"--bootstrap-servers", env.Bootstrap, "--schema-registry-url", env.RegistryURL, "--topic-prefix", "dev",
		"--event-type", testEnrollmentType, "--topic", "enrollments",
		"--data", sampleFile(testEnrollmentType), "--count", "3")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("printed %d lines, want 3:\n%s", len(lines), out)
	}
	ids := map[string]bool{}
	for _, line := range lines {
		m := producedLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("line %q does not show topic, partition, offset and event id", line)
		}
		if m[1] != "dev-enrollments" {
			t.Errorf("topic = %s, want dev-enrollments", m[1])
		}
		ids[m[4]] = true
	}
	if len(ids) != 3 {
		t.Errorf("event ids %v are not all different", ids)
	}
	for _, msg := range readBack(t, env.Bootstrap, "dev-enrollments", 3) {
		md, _, _, err := kafkabus.MetadataFromHeaders(msg.Headers)
		if err != nil {
			t.Fatal(err)
		}
		if !ids[md.ID.String()] {
			t.Errorf("message with ce_id %s was not printed", md.ID)
		}
	}
}

func TestProduceCommandDataForms(t *testing.T) {
	env := kafkatest.Start(t)
	payloadOnly := `{"user": {"id": 7, "is_active": true, "pii": {"username": "ana_lopez",
		"email": "ana.lopez@example.com", "name": "Ana López"}},
		"course": {"course_key": "course-v1:OpenedX+DemoX+2025_T1", "display_name": "Demo",
		"start": null, "end": null}, "mode": "audit", "is_active": true,
		"creation_date": "2025-02-01T10:00:00+00:00", "created_by": null}`
	tests := []struct {
		name  string
		data  string
		stdin string
	}{
		{"record from file", sampleFile(testEnrollmentType), ""},
		{"payload only", payloadOnly, ""},
		{"record on stdin", "-", `{"enrollment": ` + payloadOnly + `}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := runEventbus(t, context.Background(), tt.stdin, "produce",
				"--bootstrap-servers", env.Bootstrap, "--schema-registry-url", env.RegistryURL,
				"--event-type", testEnrollmentType, "--topic", "forms", "--key-field", "enrollment.user.pii.username",
				"--data", tt.data)
			if err != nil {
				t.Fatal(err)
			}
			if !producedLine.MatchString(strings.TrimSpace(out)) {
				t.Errorf("output = %q", out)
			}
		})
	}
}

func TestProduceCommandBadInput(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"unknown event type", []string{"--event-type", "org.openedx.learning.nothing.v1", "--topic", "t",
			"--data", "{}"}, "--event-type"},
		{"no documented key", []string{"--event-type", "org.openedx.learning.cohort_membership.changed.v1",
			"--topic", "t", "--data", "{}"}, "pass --key-field"},
		{"optional key", []string{"--event-type", testEnrollmentType, "--topic", "t",
			"--key-field", "enrollment.created_by.id", "--data", "{}"}, `key field "enrollment.created_by.id"`},
		{"data not JSON", []string{"--event-type", testEnrollmentType, "--topic", "t", "--data", "{"},
			"--data is not valid JSON"},
		{"data missing field", []string{"--event-type", testEnrollmentType, "--topic", "t",
			"--data", `{"enrollment": {}}`}, "--data:"},
		{"missing file", []string{"--event-type", testEnrollmentType, "--topic", "t",
			"--data", "@/nonexistent/record.json"}, "--data @/nonexistent/record.json"},
		{"zero count", []string{"--event-type", testEnrollmentType, "--topic", "t",
			"--data", "{}", "--count", "0"}, "--count 0 is invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runEventbus(t, context.Background(), "", append([]string{"produce"}, tt.args...)...)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestProduceCommandUnreachable(t *testing.T) {
	env := kafkatest.Start(t)
	tests := []struct {
		name      string
		bootstrap string
		registry  string
		wantHint  string
	}{
		{"broker", unusedAddr(t), env.RegistryURL, ""},
		{"registry", env.Bootstrap, "http://" + unusedAddr(t), "EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, _, err := runEventbus(t, context.Background(), "", "produce",
				"--bootstrap-servers", tt.bootstrap, "--schema-registry-url", tt.registry,
				"--event-type", testEnrollmentType, "--topic", "t", "--data", sampleFile(testEnrollmentType),
				"--timeout", "2s", "--log-level", "error")
			if err == nil {
				t.Fatal("produce to an unreachable server succeeded")
			}
			if !strings.HasPrefix(err.Error(), "delivered 0 of 1; 1 not delivered") {
				t.Errorf("err = %v, want it to count the event that failed", err)
			}
			if !strings.Contains(err.Error(), tt.wantHint) {
				t.Errorf("err = %v, want it to name %s", err, tt.wantHint)
			}
			if elapsed := time.Since(start); elapsed > 10*time.Second {
				t.Errorf("produce took %s with --timeout 2s", elapsed)
			}
		})
	}
}

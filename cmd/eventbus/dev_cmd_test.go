package main

import (
	"context"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

func TestDevCommand(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &lockedWriter{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"dev", "--kafka-listen", "127.0.0.1:0", "--registry-listen", "127.0.0.1:0",
			"--topic", "precreated", "--log-level", "error"}, strings.NewReader(""), out, out)
	}()

	exports := map[string]string{}
	for deadline := time.Now().Add(10 * time.Second); len(exports) < 2 && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
		for _, line := range strings.Split(out.String(), "\n") {
			if name, value, ok := strings.Cut(strings.TrimPrefix(line, "export "), "="); ok {
				exports[name] = value
			}
		}
	}
	bootstrap := exports["EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS"]
	registryURL := exports["EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL"]
	if !strings.HasPrefix(bootstrap, "127.0.0.1:") || !strings.HasPrefix(registryURL, "http://127.0.0.1:") {
		t.Fatalf("dev printed %q", out.String())
	}

	t.Setenv("EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS", bootstrap)
	t.Setenv("EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL", registryURL)
	produced, _, err := runEventbus(t, context.Background(), "", "produce", "--event-type", testEnrollmentType,
		"--topic", "precreated", "--data", sampleFile(testEnrollmentType))
	if err != nil {
		t.Fatalf("produce against dev: %v", err)
	}
	if !strings.HasPrefix(produced, "topic=precreated ") {
		t.Errorf("produce output = %q", produced)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("dev returned %v after interrupt, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("dev did not stop within 10s of the interrupt")
	}
}

func TestDevCommandPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, _, err = runEventbus(t, context.Background(), "", "dev", "--kafka-listen", "127.0.0.1:0",
		"--registry-listen", ln.Addr().String())
	if err == nil || !strings.Contains(err.Error(), "start schema registry") {
		t.Errorf("err = %v, want the registry listen failure", err)
	}
}

func TestDevCreatesConfiguredTopics(t *testing.T) {
	t.Setenv("EVENT_BUS_TOPIC_PREFIX", "local")
	t.Setenv("EVENT_BUS_PRODUCER_CONFIG", `{"`+testEnrollmentType+`": {`+
		`"enrollments": {"event_key_field": "enrollment.course.course_key", "enabled": true},`+
		`"enrollments-off": {"event_key_field": "enrollment.course.course_key", "enabled": false}}}`)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &lockedWriter{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"dev", "--kafka-listen", "127.0.0.1:0", "--registry-listen", "127.0.0.1:0",
			"--topic", "extra", "--partitions", "2", "--log-level", "error"}, strings.NewReader(""), out, out)
	}()
	var bootstrap string
	for deadline := time.Now().Add(10 * time.Second); bootstrap == "" && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
		for _, line := range strings.Split(out.String(), "\n") {
			if v, ok := strings.CutPrefix(line, "export EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS="); ok {
				bootstrap = v
			}
		}
	}
	if bootstrap == "" {
		t.Fatalf("dev printed %q", out.String())
	}

	admin, err := kafka.NewAdminClient(&kafka.ConfigMap{"bootstrap.servers": bootstrap, "log_level": 0})
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	md, err := admin.GetMetadata(nil, true, 10000)
	if err != nil {
		t.Fatal(err)
	}
	for _, topic := range []string{"local-enrollments", "local-enrollments-off", "extra"} {
		info, ok := md.Topics[topic]
		if !ok {
			t.Errorf("topic %s was not created; topics: %v", topic, md.Topics)
			continue
		}
		if len(info.Partitions) != 2 {
			t.Errorf("topic %s has %d partitions, want 2", topic, len(info.Partitions))
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("dev returned %v", err)
	}
}

// lockedWriter is an io.Writer that is safe to read while a command writes to it.
type lockedWriter struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

func (w *lockedWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/openedx-go/eventbus/kafkabus/bench"
	"github.com/openedx-go/eventbus/kafkabus/kafkatest"
)

// childEnv makes the test binary act as the eventbus executable, for the
// bench command's consumer-only process, which runs os.Executable.
const childEnv = "EVENTBUS_TEST_RUN_AS_EVENTBUS"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		err := run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
		if err != nil {
			fmt.Fprintln(os.Stderr, "eventbus:", err)
			os.Exit(exitCode(err))
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestBenchCommandSmoke(t *testing.T) {
	t.Setenv(childEnv, "1")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	args := []string{"bench", "--events", "400", "--blocking-events", "40", "--repeat", "2",
		"--rate", "200", "--latency-period", "250ms", "--consumer-events", "100",
		"--kafka-property", "linger.ms=1"}

	if err := run(ctx, args, strings.NewReader(""), &stdout, &stderr); err != nil {
		t.Fatalf("eventbus %s: %v\nstderr:\n%s", strings.Join(args, " "), err, stderr.String())
	}
	out := stdout.String()
	rows := map[string]int{
		"(a) produce, full path":                     400,
		"(b) produce, raw confluent-kafka-go":        400,
		"(c) consume, full path, batched commits":    400,
		"(d) consume, raw confluent-kafka-go":        400,
		"(e) consume, full path, commit per message": 40,
	}
	for name, events := range rows {
		checkThroughputRow(t, out, name, events)
	}
	for _, want := range []string{"a/b full/raw produce", "c/d full/raw consume",
		"c/e batched/per-message commits", "latency at 200 events/s for 250ms (50 events)",
		"benchmark process: peak RSS", "fastest of 2 rounds", "consumer-only process (100 events"} {
		if !strings.Contains(out, want) {
			t.Errorf("bench output lacks %q:\n%s", want, out)
		}
	}
}

// checkThroughputRow finds the row called name and checks its event count
// and that its rates are above zero.
func checkThroughputRow(t *testing.T, out, name string, events int) {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), name) {
			continue
		}
		f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), name))
		if len(f) != 6 {
			t.Errorf("row %q has fields %q, want events, events/s, MB/s, time, CPU/event and slowest round",
				name, f)
			return
		}
		if f[0] != strconv.Itoa(events) {
			t.Errorf("row %q counts %s events, want %d", name, f[0], events)
		}
		cols := map[string]string{"events/s": f[1], "MB/s": f[2], "CPU/event": strings.TrimSuffix(f[4], "µs")}
		for col, text := range cols {
			if v, err := strconv.ParseFloat(text, 64); err != nil || v <= 0 {
				t.Errorf("row %q has %s %q, want a positive number", name, col, text)
			}
		}
		return
	}
	t.Errorf("bench output lacks the row %q:\n%s", name, out)
}

func TestE2EBenchConsumePhase(t *testing.T) {
	env := kafkatest.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var f benchFlags
	f.eventType = defaultBenchEventType
	ev, err := f.benchEvent()
	if err != nil {
		t.Fatal(err)
	}
	const n = 150
	topic := "consume-phase-" + uuid.NewString()[:8]
	env.CreateTopic(t, topic, 2)
	if _, err := bench.FullProduce(ctx, env.Settings(), ev, topic, n, 0); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	args := []string{"bench", "--phase", "consume", "--bootstrap-servers", env.Bootstrap,
		"--schema-registry-url", env.RegistryURL, "--topic", topic, "--group", topic,
		"--events", strconv.Itoa(n)}

	if err := run(ctx, args, strings.NewReader(""), &stdout, &stderr); err != nil {
		t.Fatalf("eventbus %s: %v\nstderr:\n%s", strings.Join(args, " "), err, stderr.String())
	}
	var got bench.ConsumerMemory
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("consume phase output %q is not a JSON result: %v", stdout.String(), err)
	}
	if got.Result.Events != n {
		t.Errorf("consume phase read %d events, want %d", got.Result.Events, n)
	}
	if got.Memory.PeakRSS == 0 || got.Memory.HeapPeak == 0 {
		t.Errorf("consume phase memory = %+v, want non-zero peak RSS and heap", got.Memory)
	}
}

func TestBenchCommandRejectsBadFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown event type", []string{"bench", "--event-type", "org.openedx.nope.v1"}, "org.openedx.nope.v1"},
		{"zero events", []string{"bench", "--events", "0"}, "event count 0"},
		{"unsendable event type", []string{"bench", "--event-type",
			"org.openedx.content_authoring.course.certificate_config.changed.v1"}, "not sendable"},
		{"unknown phase", []string{"bench", "--phase", "produce"}, `phase "produce"`},
		{"phase without broker", []string{"bench", "--phase", "consume", "--topic", "t", "--group", "g"},
			"--bootstrap-servers"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, strings.NewReader(""), &stdout, &stderr)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("eventbus %s: error %v, want one containing %q", strings.Join(tt.args, " "), err, tt.want)
			}
		})
	}
}

func TestE2EBenchExternalWithConsumerProcess(t *testing.T) {
	env := kafkatest.Start(t)
	t.Setenv(childEnv, "1")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	args := []string{"bench", "--bootstrap-servers", env.Bootstrap, "--schema-registry-url", env.RegistryURL,
		"--events", "200", "--blocking-events", "20", "--rate", "100", "--latency-period", "100ms",
		"--consumer-events", "300", "--json"}

	if err := run(ctx, args, strings.NewReader(""), &stdout, &stderr); err != nil {
		t.Fatalf("eventbus %s: %v\nstderr:\n%s", strings.Join(args, " "), err, stderr.String())
	}
	var report bench.Report
	if err := json.Unmarshal(stdout.Bytes(), &report); err != nil {
		t.Fatalf("bench --json output %q: %v", stdout.String(), err)
	}
	if !report.External {
		t.Error("report.External = false for a run with --bootstrap-servers, want true")
	}
	if report.FullConsume.Events != 200 {
		t.Errorf("full consume read %d events, want 200", report.FullConsume.Events)
	}
	c := report.Consumer
	if c == nil {
		t.Fatal("report has no consumer-only run")
	}
	if c.Result.Events != 300 {
		t.Errorf("consumer-only process read %d events, want 300", c.Result.Events)
	}
	if c.Memory.PeakRSS == 0 || c.Baseline.RSS == 0 || c.Memory.PeakRSS < c.Baseline.RSS {
		t.Errorf("consumer-only memory: peak %d, baseline %d: want a peak at or above a non-zero baseline",
			c.Memory.PeakRSS, c.Baseline.RSS)
	}
}

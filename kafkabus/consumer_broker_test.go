package kafkabus

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kmsg"
)

// Kafka protocol error codes used to inject broker failures.
const (
	codeOffsetMetadataTooLarge int16 = 12
	codeFencedInstanceID       int16 = 82
)

// failedCommitResponse returns the response to an OffsetCommit request that
// fails every partition with code.
func failedCommitResponse(req *kmsg.OffsetCommitRequest, code int16) *kmsg.OffsetCommitResponse {
	resp := req.ResponseKind().(*kmsg.OffsetCommitResponse)
	resp.Version = req.Version
	for _, rt := range req.Topics {
		st := kmsg.NewOffsetCommitResponseTopic()
		st.Topic = rt.Topic
		st.TopicID = rt.TopicID
		for _, rp := range rt.Partitions {
			sp := kmsg.NewOffsetCommitResponseTopicPartition()
			sp.Partition = rp.Partition
			sp.ErrorCode = code
			st.Partitions = append(st.Partitions, sp)
		}
		resp.Topics = append(resp.Topics, st)
	}
	return resp
}

func TestConsumerRetriesFailedCommit(t *testing.T) {
	env := startConsumerEnv(t)
	topic := "commitfail"
	env.CreateTopic(t, topic, 1)
	env.produceEnrollments(t, topic, 0, 3)

	var rejected atomic.Int32
	env.Cluster.ControlKey(int16(kmsg.OffsetCommit), func(r kmsg.Request) (kmsg.Response, error, bool) {
		env.Cluster.KeepControl()
		if rejected.Load() >= 2 {
			return nil, nil, false
		}
		rejected.Add(1)
		return failedCommitResponse(r.(*kmsg.OffsetCommitRequest), codeOffsetMetadataTooLarge), nil, true
	})

	var logs syncBuffer
	var col collector
	c, err := NewConsumer(env.settings, topic, "g", FromBeginning(), CommitEveryMessage(),
		WithHandler(col.handle), WithLogger(jsonLogger(&logs)), RetryBackoff(20*time.Millisecond, 50*time.Millisecond))
	if err != nil {
		t.Fatalf("NewConsumer: %v", err)
	}
	stop := runConsumer(t, c)
	waitFor(t, "three deliveries", func() bool { return len(col.got()) == 3 })
	waitFor(t, "the commit after the failures", func() bool { return env.committed(t, "g", topic) == 3 })
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}

	if got := rejected.Load(); got != 2 {
		t.Errorf("broker rejected %d commits, want 2", got)
	}
	if !strings.Contains(logs.String(), "commit offsets failed") {
		t.Errorf("no log line for the failed commits:\n%s", logs.String())
	}
	if got := fmt.Sprint(offsetsOf(col.got())); got != "[0 1 2]" {
		t.Errorf("handled offsets %s, want [0 1 2]", got)
	}
}

func TestConsumerStopsOnFatalError(t *testing.T) {
	env := startConsumerEnv(t)
	topic := "fenced"
	env.CreateTopic(t, topic, 1)
	env.produceEnrollments(t, topic, 0, 1)

	// A static member that the broker reports as fenced cannot continue.
	s := env.settings.Clone()
	s.Kafka["group.instance.id"] = "member-1"
	s.Kafka["heartbeat.interval.ms"] = "100"
	var col collector
	c, err := NewConsumer(s, topic, "g", FromBeginning(), WithHandler(col.handle))
	if err != nil {
		t.Fatalf("NewConsumer: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	waitFor(t, "the first delivery", func() bool { return len(col.got()) == 1 })

	env.Cluster.ControlKey(int16(kmsg.Heartbeat), func(r kmsg.Request) (kmsg.Response, error, bool) {
		env.Cluster.KeepControl()
		resp := r.(*kmsg.HeartbeatRequest).ResponseKind().(*kmsg.HeartbeatResponse)
		resp.Version = r.GetVersion()
		resp.ErrorCode = codeFencedInstanceID
		return resp, nil, true
	})

	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("consumer did not stop on a fatal error")
	}
	if err == nil || !strings.Contains(err.Error(), "fatal") {
		t.Errorf("Run = %v, want a fatal kafka error", err)
	}
	var kerr interface{ IsFatal() bool }
	if !errors.As(err, &kerr) || !kerr.IsFatal() {
		t.Errorf("Run = %v, want it to wrap a fatal kafka.Error", err)
	}
}

func TestConsumerRetriesFailedBatchCommit(t *testing.T) {
	env := startConsumerEnv(t)
	topic := "batchcommitfail"
	env.CreateTopic(t, topic, 1)
	env.produceEnrollments(t, topic, 0, 6)

	var rejected atomic.Int32
	env.Cluster.ControlKey(int16(kmsg.OffsetCommit), func(r kmsg.Request) (kmsg.Response, error, bool) {
		env.Cluster.KeepControl()
		if rejected.Load() >= 1 {
			return nil, nil, false
		}
		rejected.Add(1)
		return failedCommitResponse(r.(*kmsg.OffsetCommitRequest), codeOffsetMetadataTooLarge), nil, true
	})

	var logs syncBuffer
	var col collector
	c, err := NewConsumer(env.settings, topic, "g", FromBeginning(), CommitEvery(2), CommitInterval(0),
		WithHandler(col.handle), WithLogger(jsonLogger(&logs)), RetryBackoff(20*time.Millisecond, 50*time.Millisecond))
	if err != nil {
		t.Fatalf("NewConsumer: %v", err)
	}
	stop := runConsumer(t, c)
	waitFor(t, "six deliveries", func() bool { return len(col.got()) == 6 })
	waitFor(t, "the batch commits after the failure", func() bool { return env.committed(t, "g", topic) == 6 })
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}

	if got := rejected.Load(); got != 1 {
		t.Errorf("broker rejected %d commits, want 1", got)
	}
	if !strings.Contains(logs.String(), "commit offsets failed") {
		t.Errorf("no log line for the failed commit:\n%s", logs.String())
	}
	if got := fmt.Sprint(offsetsOf(col.got())); got != "[0 1 2 3 4 5]" {
		t.Errorf("handled offsets %s, want [0 1 2 3 4 5]", got)
	}
}

func TestConsumerFlushesBatchOnStop(t *testing.T) {
	env := startConsumerEnv(t)
	topic := "batchflush"
	env.CreateTopic(t, topic, 1)
	env.produceEnrollments(t, topic, 0, 5)

	var col collector
	c, err := NewConsumer(env.settings, topic, "g", FromBeginning(), CommitEvery(2), CommitInterval(0),
		MaxMessages(5), WithHandler(col.handle))
	if err != nil {
		t.Fatalf("NewConsumer: %v", err)
	}
	if err := c.Run(t.Context()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got, want := env.committed(t, "g", topic), int64(5); got != want {
		t.Errorf("committed offset after Run %d, want %d", got, want)
	}
}

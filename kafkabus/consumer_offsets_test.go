package kafkabus

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

// produceEnrollments writes n enrollment events for users first..first+n-1.
func (e *consumerEnv) produceEnrollments(t *testing.T, topic string, first, n int) {
	t.Helper()
	var msgs []*kafka.Message
	for i := range n {
		m, _ := e.enrollmentMessage(t, topic, int64(first+i), "course-v1:edX+A+1")
		msgs = append(msgs, m)
	}
	e.produce(t, msgs...)
}

func TestConsumerResumesAfterRestart(t *testing.T) {
	env := startConsumerEnv(t)
	topic := "resume"
	env.CreateTopic(t, topic, 1)
	env.produceEnrollments(t, topic, 0, 5)

	// The first run stops at its message limit, the second after a cancel.
	var first collector
	c, err := NewConsumer(env.settings, topic, "g", FromBeginning(), MaxMessages(3), WithHandler(first.handle))
	if err != nil {
		t.Fatalf("NewConsumer: %v", err)
	}
	if err := c.Run(t.Context()); err != nil {
		t.Fatalf("first Run: %v", err)
	}
	if got := fmt.Sprint(offsetsOf(first.got())); got != "[0 1 2]" {
		t.Fatalf("first run handled offsets %s, want [0 1 2]", got)
	}

	var second collector
	c, err = NewConsumer(env.settings, topic, "g", FromBeginning(), WithHandler(second.handle))
	if err != nil {
		t.Fatalf("NewConsumer: %v", err)
	}
	stop := runConsumer(t, c)
	waitFor(t, "offsets 3 and 4", func() bool { return len(second.got()) == 2 })
	env.produceEnrollments(t, topic, 5, 2)
	waitFor(t, "offsets 5 and 6", func() bool { return len(second.got()) == 4 })
	if err := stop(); err != nil {
		t.Fatalf("second Run: %v", err)
	}
	if got := fmt.Sprint(offsetsOf(second.got())); got != "[3 4 5 6]" {
		t.Fatalf("second run handled offsets %s, want [3 4 5 6]", got)
	}
	if got, want := env.committed(t, "g", topic), int64(7); got != want {
		t.Fatalf("committed offset after a clean stop %d, want %d", got, want)
	}

	var third collector
	c, err = NewConsumer(env.settings, topic, "g", FromBeginning(), MaxMessages(1), WithHandler(third.handle))
	if err != nil {
		t.Fatalf("NewConsumer: %v", err)
	}
	env.produceEnrollments(t, topic, 7, 1)
	if err := c.Run(t.Context()); err != nil {
		t.Fatalf("third Run: %v", err)
	}
	if got := fmt.Sprint(offsetsOf(third.got())); got != "[7]" {
		t.Errorf("third run handled offsets %s, want [7]: nothing replayed, nothing lost", got)
	}
}

func TestConsumerCommitEveryMessage(t *testing.T) {
	env := startConsumerEnv(t)
	topic := "every"
	env.CreateTopic(t, topic, 1)
	env.produceEnrollments(t, topic, 0, 3)

	var committedAtCall []int64
	col := collector{fail: func(d Delivery) error {
		committedAtCall = append(committedAtCall, env.committed(t, "g", topic))
		return nil
	}}
	c, err := NewConsumer(env.settings, topic, "g", FromBeginning(), MaxMessages(3),
		CommitEveryMessage(), WithHandler(col.handle))
	if err != nil {
		t.Fatalf("NewConsumer: %v", err)
	}
	if err := c.Run(t.Context()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	// Before handling offset n, offsets up to n-1 are committed already.
	if got, want := fmt.Sprint(committedAtCall), fmt.Sprint([]int64{int64(kafka.OffsetInvalid), 1, 2}); got != want {
		t.Errorf("committed offsets seen by the handler %s, want %s", got, want)
	}
	if got, want := env.committed(t, "g", topic), int64(3); got != want {
		t.Errorf("committed offset %d, want %d", got, want)
	}
}

func TestConsumerCommitsByInterval(t *testing.T) {
	env := startConsumerEnv(t)
	topic := "interval"
	env.CreateTopic(t, topic, 1)
	env.produceEnrollments(t, topic, 0, 2)

	var col collector
	c, err := NewConsumer(env.settings, topic, "g", FromBeginning(), WithHandler(col.handle),
		CommitEvery(1000), CommitInterval(200*time.Millisecond))
	if err != nil {
		t.Fatalf("NewConsumer: %v", err)
	}
	stop := runConsumer(t, c)
	waitFor(t, "two deliveries", func() bool { return len(col.got()) == 2 })
	waitFor(t, "the interval commit", func() bool { return env.committed(t, "g", topic) == 2 })
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
}

// produceAt writes one enrollment event per timestamp, with that Kafka
// timestamp.
func (e *consumerEnv) produceAt(t *testing.T, topic string, times ...time.Time) {
	t.Helper()
	for i, ts := range times {
		m, _ := e.enrollmentMessage(t, topic, int64(i), "course-v1:edX+A+1")
		m.Timestamp = ts
		e.produce(t, m)
	}
}

func TestConsumerOffsetTime(t *testing.T) {
	env := startConsumerEnv(t)
	topic := "timed"
	env.CreateTopic(t, topic, 1)
	t0 := time.Now().Add(-time.Hour).Truncate(time.Millisecond)
	env.produceAt(t, topic, t0, t0.Add(10*time.Second), t0.Add(20*time.Second))

	tests := []struct {
		name        string
		at          time.Time
		wantStart   int64
		wantOffsets []int64
	}{
		{"before first", t0.Add(-time.Minute), 0, []int64{0, 1, 2}},
		{"middle", t0.Add(5 * time.Second), 1, []int64{1, 2}},
		{"exact time", t0.Add(10 * time.Second), 1, []int64{1, 2}},
		{"after last", t0.Add(time.Minute), 3, nil},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			group := fmt.Sprintf("timed-%d", i)
			var col collector
			c, err := NewConsumer(env.settings, topic, group, OffsetTime(tt.at), WithHandler(col.handle))
			if err != nil {
				t.Fatalf("NewConsumer: %v", err)
			}
			stop := runConsumer(t, c)
			waitFor(t, "the offset reset commit", func() bool {
				return env.committed(t, group, topic) >= tt.wantStart
			})
			waitFor(t, "the events after the offset time", func() bool { return len(col.got()) >= len(tt.wantOffsets) })
			time.Sleep(300 * time.Millisecond)
			if err := stop(); err != nil {
				t.Fatalf("Run: %v", err)
			}
			if got, want := fmt.Sprint(offsetsOf(col.got())), fmt.Sprint(tt.wantOffsets); got != want {
				t.Errorf("handled offsets %s, want %s", got, want)
			}
			if got, want := env.committed(t, group, topic), int64(3); got != want {
				t.Errorf("committed offset at the end %d, want %d", got, want)
			}
		})
	}
}

func TestConsumerCommitsOnRevocation(t *testing.T) {
	env := startConsumerEnv(t)
	topic := "rebalance"
	env.CreateTopic(t, topic, 2)
	var msgs []*kafka.Message
	for i := range 6 {
		m, _ := env.enrollmentMessage(t, topic, int64(i), "course-v1:edX+A+1")
		m.TopicPartition.Partition = int32(i % 2)
		msgs = append(msgs, m)
	}
	env.produce(t, msgs...)

	// Without a commit interval and with a large count, only a revocation or
	// the shutdown commits.
	var first collector
	c1, err := NewConsumer(env.settings, topic, "g", FromBeginning(), WithHandler(first.handle),
		CommitEvery(1000), CommitInterval(0))
	if err != nil {
		t.Fatalf("NewConsumer: %v", err)
	}
	stop1 := runConsumer(t, c1)
	waitFor(t, "six deliveries", func() bool { return len(first.got()) == 6 })
	for p := range int32(2) {
		if got := env.committedOn(t, "g", topic, p); got >= 0 {
			t.Fatalf("partition %d committed at %d before any revocation", p, got)
		}
	}

	var second collector
	c2, err := NewConsumer(env.settings, topic, "g", FromBeginning(), WithHandler(second.handle))
	if err != nil {
		t.Fatalf("NewConsumer: %v", err)
	}
	stop2 := runConsumer(t, c2)
	waitFor(t, "the revocation commit", func() bool {
		return env.committedOn(t, "g", topic, 0) == 3 && env.committedOn(t, "g", topic, 1) == 3
	})
	if err := stop1(); err != nil {
		t.Fatalf("first Run: %v", err)
	}
	if err := stop2(); err != nil {
		t.Fatalf("second Run: %v", err)
	}
	if got := len(second.got()); got != 0 {
		t.Errorf("second consumer handled %d events, want 0: the first one's work was replayed", got)
	}
}

func TestConsumerFinishesMessageOnCancel(t *testing.T) {
	env := startConsumerEnv(t)
	topic := "cancel"
	env.CreateTopic(t, topic, 1)
	env.produceEnrollments(t, topic, 0, 2)

	entered := make(chan struct{})
	release := make(chan struct{})
	var handlerCtxErr error
	var calls int
	handler := func(ctx context.Context, d Delivery) error {
		calls++
		close(entered)
		<-release
		handlerCtxErr = ctx.Err()
		return nil
	}
	c, err := NewConsumer(env.settings, topic, "g", FromBeginning(), WithHandler(handler))
	if err != nil {
		t.Fatalf("NewConsumer: %v", err)
	}
	stop := runConsumer(t, c)
	<-entered
	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	time.Sleep(200 * time.Millisecond)
	close(release)
	if err := <-stopped; err != nil {
		t.Fatalf("Run: %v", err)
	}

	if handlerCtxErr != nil {
		t.Errorf("handler context ended with %v while the message was in progress", handlerCtxErr)
	}
	if calls != 1 {
		t.Errorf("handler called %d times, want 1: the consumer kept going after the cancel", calls)
	}
	if got, want := env.committed(t, "g", topic), int64(1); got != want {
		t.Errorf("committed offset %d, want %d: the finished message was not committed", got, want)
	}
}

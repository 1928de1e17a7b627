package kafkabus

import (
	"fmt"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

func formatOffsets(parts []kafka.TopicPartition) string {
	s := ""
	for i, tp := range parts {
		if i > 0 {
			s += " "
		}
		s += fmt.Sprintf("%s/%d@%d", *tp.Topic, tp.Partition, tp.Offset)
	}
	return s
}

func topicPartition(topic string, partition int32, offset int64) kafka.TopicPartition {
	return kafka.TopicPartition{Topic: &topic, Partition: partition, Offset: kafka.Offset(offset)}
}

func TestCommitTrackerDueByCount(t *testing.T) {
	t0 := time.Unix(1000, 0)
	tr := newCommitTracker(3, time.Hour)
	tr.mark("a", 0, 10, t0)
	tr.mark("a", 1, 4, t0)
	if tr.due(t0) {
		t.Fatalf("due after 2 marks with every=3, want not due")
	}
	tr.mark("a", 0, 11, t0)
	if !tr.due(t0) {
		t.Fatalf("not due after 3 marks with every=3, want due")
	}
	if got, want := formatOffsets(tr.take()), "a/0@12 a/1@5"; got != want {
		t.Errorf("take() = %q, want %q", got, want)
	}
	if got := tr.pending(); got != 0 {
		t.Errorf("pending() after take = %d, want 0", got)
	}
	if tr.due(t0) {
		t.Errorf("due after take, want not due")
	}
}

func TestCommitTrackerDueByAge(t *testing.T) {
	t0 := time.Unix(1000, 0)
	tr := newCommitTracker(100, time.Second)
	if _, ok := tr.deadline(); ok {
		t.Fatalf("deadline() with nothing pending reported a deadline")
	}
	tr.mark("a", 0, 1, t0)
	tr.mark("a", 0, 2, t0.Add(500*time.Millisecond))
	at, ok := tr.deadline()
	if !ok || !at.Equal(t0.Add(time.Second)) {
		t.Fatalf("deadline() = %v, %v; want %v, true", at, ok, t0.Add(time.Second))
	}
	if tr.due(t0.Add(999 * time.Millisecond)) {
		t.Errorf("due before the interval passed")
	}
	if !tr.due(t0.Add(time.Second)) {
		t.Errorf("not due once the interval passed")
	}
}

func TestCommitTrackerNoInterval(t *testing.T) {
	t0 := time.Unix(1000, 0)
	tr := newCommitTracker(5, 0)
	tr.mark("a", 0, 1, t0)
	if tr.due(t0.Add(time.Hour)) {
		t.Errorf("due by age with interval 0")
	}
	if _, ok := tr.deadline(); ok {
		t.Errorf("deadline() reported a deadline with interval 0")
	}
}

func TestCommitTrackerEveryMessage(t *testing.T) {
	tr := newCommitTracker(0, 0)
	tr.mark("a", 2, 7, time.Unix(1, 0))
	if !tr.due(time.Unix(1, 0)) {
		t.Fatalf("not due after one mark with every<1 (treated as 1)")
	}
	if got, want := formatOffsets(tr.take()), "a/2@8"; got != want {
		t.Errorf("take() = %q, want %q", got, want)
	}
}

func TestCommitTrackerNeverMovesBack(t *testing.T) {
	tr := newCommitTracker(10, 0)
	now := time.Unix(1, 0)
	tr.mark("a", 0, 9, now)
	tr.mark("a", 0, 3, now)
	if got, want := formatOffsets(tr.take()), "a/0@10"; got != want {
		t.Errorf("take() = %q, want %q", got, want)
	}
}

func TestCommitTrackerTakePartitions(t *testing.T) {
	now := time.Unix(1, 0)
	tr := newCommitTracker(10, 0)
	tr.mark("a", 0, 1, now)
	tr.mark("a", 1, 2, now)
	tr.mark("b", 0, 3, now)
	tr.mark("b", 0, 4, now)

	got := tr.takePartitions([]kafka.TopicPartition{topicPartition("b", 0, -1), topicPartition("c", 9, -1)})
	if want := "b/0@5"; formatOffsets(got) != want {
		t.Errorf("takePartitions() = %q, want %q", formatOffsets(got), want)
	}
	if got, want := tr.pending(), 2; got != want {
		t.Errorf("pending() after takePartitions = %d, want %d", got, want)
	}
	if got, want := formatOffsets(tr.take()), "a/0@2 a/1@3"; got != want {
		t.Errorf("take() = %q, want %q", got, want)
	}
}

func TestCommitTrackerRestore(t *testing.T) {
	t0 := time.Unix(1, 0)
	tr := newCommitTracker(10, time.Second)
	tr.mark("a", 0, 4, t0)
	tr.mark("a", 1, 8, t0)
	failed := tr.take()

	// A message finished on partition 1 while the commit was failing.
	tr.mark("a", 1, 9, t0.Add(2*time.Second))
	tr.restore(failed, t0.Add(3*time.Second))

	if got, want := formatOffsets(tr.take()), "a/0@5 a/1@10"; got != want {
		t.Errorf("take() after restore = %q, want %q", got, want)
	}
}

func TestCommitTrackerRestoreIsDue(t *testing.T) {
	t0 := time.Unix(1, 0)
	tr := newCommitTracker(100, time.Second)
	tr.mark("a", 0, 4, t0)
	tr.restore(tr.take(), t0.Add(time.Second))
	if tr.due(t0.Add(1500 * time.Millisecond)) {
		t.Errorf("restored offsets due before their interval passed")
	}
	if !tr.due(t0.Add(2 * time.Second)) {
		t.Errorf("restored offsets not due after their interval passed")
	}
}

func TestCommitTrackerForget(t *testing.T) {
	now := time.Unix(1, 0)
	tr := newCommitTracker(10, 0)
	tr.mark("a", 0, 1, now)
	tr.mark("a", 1, 2, now)
	if got := tr.forget([]kafka.TopicPartition{topicPartition("a", 1, 0), topicPartition("a", 5, 0)}); got != 1 {
		t.Errorf("forget() = %d partitions, want 1", got)
	}
	if got, want := formatOffsets(tr.take()), "a/0@2"; got != want {
		t.Errorf("take() after forget = %q, want %q", got, want)
	}
}

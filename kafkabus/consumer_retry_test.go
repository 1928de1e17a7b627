package kafkabus

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

func TestConsumerBackoffPerMessage(t *testing.T) {
	topic := "retries"
	at := func(partition int32, offset int64) kafka.TopicPartition {
		return kafka.TopicPartition{Topic: &topic, Partition: partition, Offset: kafka.Offset(offset)}
	}
	c := &Consumer{
		opts:    consumerOptions{retryBackoff: 10 * time.Millisecond, maxRetryBackoff: 30 * time.Millisecond},
		retries: map[partitionID]retryState{},
	}
	steps := []struct {
		tp          kafka.TopicPartition
		wantAttempt int
		wantWait    time.Duration
	}{
		{at(2, 0), 1, 10 * time.Millisecond},
		{at(0, 0), 1, 10 * time.Millisecond},
		{at(2, 0), 2, 20 * time.Millisecond},
		{at(0, 0), 2, 20 * time.Millisecond},
		{at(2, 0), 3, 30 * time.Millisecond},
		{at(2, 0), 4, 30 * time.Millisecond},
		{at(2, 1), 1, 10 * time.Millisecond}, // the next message of partition 2
		{at(0, 0), 3, 30 * time.Millisecond},
	}
	for i, s := range steps {
		attempt, wait := c.backoff(s.tp)
		if attempt != s.wantAttempt {
			t.Errorf("step %d, partition %d offset %d: attempt %d, want %d",
				i, s.tp.Partition, s.tp.Offset, attempt, s.wantAttempt)
		}
		if wait != s.wantWait {
			t.Errorf("step %d, partition %d offset %d: backoff %s, want %s",
				i, s.tp.Partition, s.tp.Offset, wait, s.wantWait)
		}
	}
}

func TestConsumerRetryAttemptsPerPartition(t *testing.T) {
	env := startConsumerEnv(t)
	topic := "retry-partitions"
	env.CreateTopic(t, topic, 2)
	m0, _ := env.enrollmentMessage(t, topic, 1, "course-v1:edX+A+1")
	m1, _ := env.enrollmentMessage(t, topic, 2, "course-v1:edX+B+1")
	m1.TopicPartition.Partition = 1
	env.produce(t, m0, m1)

	const failures = 3
	var mu sync.Mutex
	calls := map[int32]int{}
	col := collector{fail: func(d Delivery) error {
		mu.Lock()
		defer mu.Unlock()
		calls[d.Partition]++
		if calls[d.Partition] <= failures {
			return Retryable(errors.New("downstream unavailable"))
		}
		return nil
	}}
	var logs syncBuffer
	c, err := NewConsumer(env.settings, topic, "g", FromBeginning(), MaxMessages(2), WithHandler(col.handle),
		WithLogger(jsonLogger(&logs)), RetryBackoff(10*time.Millisecond, 40*time.Millisecond))
	if err != nil {
		t.Fatalf("NewConsumer: %v", err)
	}
	if err := c.Run(t.Context()); err != nil {
		t.Fatalf("Run: %v", err)
	}

	attempts := map[int32][]string{}
	for _, rec := range logLines(t, logs.String()) {
		if rec["msg"] != "temporary failure, delivering the message again" {
			continue
		}
		p := int32(rec[attrPartition].(float64))
		attempts[p] = append(attempts[p], fmt.Sprintf("%v/%v", rec["attempt"], time.Duration(rec["backoff"].(float64))))
	}
	want := "[1/10ms 2/20ms 3/40ms]"
	for _, p := range []int32{0, 1} {
		if got := fmt.Sprint(attempts[p]); got != want {
			t.Errorf("partition %d: attempt/backoff %s, want %s", p, got, want)
		}
	}
}

package kafkatest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

// topicTimeout bounds topic creation, including the broker's wait for the
// topic's partitions to get leaders.
const topicTimeout = 30 * time.Second

// CreateTopic creates a topic with the given partition count unless it exists, and
// fails the test when that fails.
func (e *Env) CreateTopic(t testing.TB, name string, partitions int32) {
	t.Helper()
	if err := e.EnsureTopic(name, partitions); err != nil {
		t.Fatalf("kafkatest: %v", err)
	}
}

// EnsureTopic creates a topic with the given partition count unless it exists. It
// uses the Kafka admin API, so it works with the embedded and external brokers
// alike. The replication factor is the broker's default. An existing topic is left
// as it is, whatever its partition count.
func (e *Env) EnsureTopic(name string, partitions int32) error {
	if name == "" {
		return errors.New("create topic: the name is empty")
	}
	if partitions < 1 {
		return fmt.Errorf("create topic %q: partition count %d is invalid: use 1 or more", name, partitions)
	}

	admin, err := kafka.NewAdminClient(&kafka.ConfigMap{
		"bootstrap.servers": e.Bootstrap, "log_level": 0, "enable.metrics.push": false,
	})
	if err != nil {
		return fmt.Errorf("create topic %q: admin client for %s: %w", name, e.Bootstrap, err)
	}
	defer admin.Close()

	ctx, cancel := context.WithTimeout(context.Background(), topicTimeout)
	defer cancel()
	spec := kafka.TopicSpecification{Topic: name, NumPartitions: int(partitions), ReplicationFactor: -1}
	results, err := admin.CreateTopics(ctx, []kafka.TopicSpecification{spec},
		kafka.SetAdminOperationTimeout(topicTimeout))
	if err != nil {
		return fmt.Errorf("create topic %q on %s: %w", name, e.Bootstrap, err)
	}
	for _, r := range results {
		code := r.Error.Code()
		if code != kafka.ErrNoError && code != kafka.ErrTopicAlreadyExists {
			return fmt.Errorf("create topic %q on %s: %w", r.Topic, e.Bootstrap, r.Error)
		}
	}
	return nil
}

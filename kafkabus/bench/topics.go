package bench

import (
	"context"
	"errors"
	"fmt"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

// CreateTopic creates topic with the given number of partitions through the
// Kafka admin API, using the brokers in cfg. A replication factor of -1 takes
// the broker's default. An existing topic is an error, because a benchmark
// that reuses one would count old messages.
func CreateTopic(ctx context.Context, cfg kafka.ConfigMap, topic string, partitions int) error {
	conf := cloneConfig(cfg)
	admin, err := kafka.NewAdminClient(&conf)
	if err != nil {
		return fmt.Errorf("create admin client: %w", err)
	}
	defer admin.Close()

	spec := kafka.TopicSpecification{Topic: topic, NumPartitions: partitions, ReplicationFactor: -1}
	results, err := admin.CreateTopics(ctx, []kafka.TopicSpecification{spec})
	if err != nil {
		return fmt.Errorf("create topic %q: %w", topic, err)
	}
	for _, r := range results {
		if r.Error.Code() != kafka.ErrNoError {
			return fmt.Errorf("create topic %q: %w", r.Topic, errors.New(r.Error.String()))
		}
	}
	return nil
}

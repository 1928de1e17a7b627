package bench

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/openedx-go/eventbus/internal/cputime"
)

// Message is one pre-encoded Kafka message: what the raw produce run sends
// over and over.
type Message struct {
	Key     []byte
	Value   []byte
	Headers []kafka.Header
}

// queueFullPause is how long a producer waits before retrying a message that
// librdkafka rejected because its local queue was full.
const queueFullPause = 200 * time.Microsecond

// RawProduce sends msg n times to topic with a plain confluent-kafka-go
// producer built from cfg and waits for every delivery report. It returns an
// error for the first failed delivery.
func RawProduce(ctx context.Context, cfg kafka.ConfigMap, topic string, msg Message, n int) (Result, error) {
	conf := cloneConfig(cfg)
	p, err := kafka.NewProducer(&conf)
	if err != nil {
		return Result{}, fmt.Errorf("create raw producer: %w", err)
	}
	defer p.Close()

	reports := make(chan error, 1)
	go func() { reports <- awaitDeliveries(ctx, p.Events(), n) }()

	start, startCPU := time.Now(), cputime.Process()
	for i := 0; i < n; i++ {
		m := &kafka.Message{
			TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: kafka.PartitionAny},
			Key:            msg.Key,
			Value:          msg.Value,
			Headers:        msg.Headers,
		}
		if err := produceRetrying(ctx, p, m); err != nil {
			return Result{}, fmt.Errorf("raw produce message %d to %q: %w", i, topic, err)
		}
	}
	if err := <-reports; err != nil {
		return Result{}, fmt.Errorf("raw produce to %q: %w", topic, err)
	}
	elapsed, cpu := time.Since(start), cputime.Process()-startCPU

	size := messageSize(msg.Key, msg.Value, msg.Headers)
	return Result{Events: n, Bytes: size * int64(n), Elapsed: elapsed, CPU: cpu}, nil
}

// produceRetrying hands m to librdkafka, waiting while its queue is full.
func produceRetrying(ctx context.Context, p *kafka.Producer, m *kafka.Message) error {
	for {
		err := p.Produce(m, nil)
		if err == nil {
			return nil
		}
		var kerr kafka.Error
		if !errors.As(err, &kerr) || kerr.Code() != kafka.ErrQueueFull {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(queueFullPause):
		}
	}
}

// awaitDeliveries reads delivery reports from events until n arrived. It
// returns the first failed delivery, or ctx's error.
func awaitDeliveries(ctx context.Context, events <-chan kafka.Event, n int) error {
	delivered := 0
	var failed error
	for delivered < n {
		select {
		case <-ctx.Done():
			return fmt.Errorf("%d of %d delivery reports received: %w", delivered, n, ctx.Err())
		case ev := <-events:
			switch e := ev.(type) {
			case *kafka.Message:
				delivered++
				if e.TopicPartition.Error != nil && failed == nil {
					failed = fmt.Errorf("delivery failed: %w", e.TopicPartition.Error)
				}
			case kafka.Error:
				if e.IsFatal() {
					return fmt.Errorf("producer failed: %w", e)
				}
			}
		}
	}
	return failed
}

// RawConsume reads n messages of topic with a plain confluent-kafka-go
// consumer in a new group, from the start of the topic. It decodes nothing
// and leaves commits to librdkafka's automatic commit (enable.auto.commit
// defaults to true).
func RawConsume(ctx context.Context, cfg kafka.ConfigMap, topic, group string, n int) (Result, error) {
	conf := cloneConfig(cfg)
	conf["group.id"] = group
	conf["auto.offset.reset"] = "earliest"

	created := time.Now()
	c, err := kafka.NewConsumer(&conf)
	if err != nil {
		return Result{}, fmt.Errorf("create raw consumer: %w", err)
	}
	defer c.Close()
	if err := c.Subscribe(topic, nil); err != nil {
		return Result{}, fmt.Errorf("raw consumer subscribe to %q: %w", topic, err)
	}

	var res Result
	var first time.Time
	var firstCPU time.Duration
	for res.Events < n {
		if err := ctx.Err(); err != nil {
			return Result{}, fmt.Errorf("raw consume of %q: %d of %d messages read: %w", topic, res.Events, n, err)
		}
		switch e := c.Poll(100).(type) {
		case *kafka.Message:
			if res.Events == 0 {
				first, firstCPU = time.Now(), cputime.Process()
			}
			res.Events++
			res.Bytes += messageSize(e.Key, e.Value, e.Headers)
		case kafka.Error:
			if e.IsFatal() {
				return Result{}, fmt.Errorf("raw consume of %q: %w", topic, e)
			}
		}
	}
	res.Elapsed, res.CPU = time.Since(first), cputime.Process()-firstCPU
	res.Startup = first.Sub(created)
	return res, nil
}

// cloneConfig returns a copy of cfg, so callers can add properties without
// changing the caller's map.
func cloneConfig(cfg kafka.ConfigMap) kafka.ConfigMap {
	out := make(kafka.ConfigMap, len(cfg)+4)
	for k, v := range cfg {
		out[k] = v
	}
	return out
}

// ReadOne returns the first message of topic that a new consumer group
// reads.
func ReadOne(ctx context.Context, cfg kafka.ConfigMap, topic, group string) (Message, error) {
	conf := cloneConfig(cfg)
	conf["group.id"] = group
	conf["auto.offset.reset"] = "earliest"
	conf["enable.auto.commit"] = false
	c, err := kafka.NewConsumer(&conf)
	if err != nil {
		return Message{}, fmt.Errorf("create consumer: %w", err)
	}
	defer c.Close()
	if err := c.Subscribe(topic, nil); err != nil {
		return Message{}, fmt.Errorf("subscribe to %q: %w", topic, err)
	}
	for {
		if err := ctx.Err(); err != nil {
			return Message{}, fmt.Errorf("read a message of %q: %w", topic, err)
		}
		switch e := c.Poll(100).(type) {
		case *kafka.Message:
			return Message{Key: e.Key, Value: e.Value, Headers: e.Headers}, nil
		case kafka.Error:
			if e.IsFatal() {
				return Message{}, fmt.Errorf("read a message of %q: %w", topic, e)
			}
		}
	}
}

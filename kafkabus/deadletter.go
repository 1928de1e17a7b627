package kafkabus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/openedx-go/eventbus/kafkabus/config"
)

// Headers added to a dead-lettered message, after its original headers.
const (
	HeaderErrorCategory     = "eventbus_error_category"
	HeaderErrorMessage      = "eventbus_error"
	HeaderOriginalTopic     = "eventbus_original_topic"
	HeaderOriginalPartition = "eventbus_original_partition"
	HeaderOriginalOffset    = "eventbus_original_offset"
	HeaderOriginalTimestamp = "eventbus_original_timestamp"
	HeaderConsumerGroup     = "eventbus_consumer_group"
)

// maxErrorHeader is the largest eventbus_error header value in bytes. Longer
// messages, such as a handler's panic stack, are cut.
const maxErrorHeader = 4096

// deadLetterProducer copies failed messages to the dead-letter topic and
// waits for each to be acknowledged.
type deadLetterProducer struct {
	topic    string
	producer *kafka.Producer
	stopLogs func()
}

func newDeadLetterProducer(settings config.Settings, topic string, log *slog.Logger) (*deadLetterProducer, error) {
	cfg := settings.KafkaConfig()
	cfg["enable.idempotence"] = true
	cfg["acks"] = "all"
	logs := make(chan kafka.LogEvent, 64)
	cfg["go.logs.channel.enable"] = true
	cfg["go.logs.channel"] = logs
	p, err := kafka.NewProducer(&cfg)
	if err != nil {
		return nil, fmt.Errorf("create dead-letter producer for topic %s: %w", topic, err)
	}
	stopLogs := forwardLibrdkafkaLogs(log, logs)
	go logProducerEvents(p, log)
	return &deadLetterProducer{topic: topic, producer: p, stopLogs: stopLogs}, nil
}

// logProducerEvents drains the producer's event channel, which carries
// client errors. Delivery reports go to per-message channels instead.
func logProducerEvents(p *kafka.Producer, log *slog.Logger) {
	errs := newKafkaErrorLog(log)
	for ev := range p.Events() {
		if e, ok := ev.(kafka.Error); ok {
			errs.record(slog.LevelWarn, "dead-letter producer error", e)
		}
	}
}

// send produces a copy of msg with the error headers and waits for the
// broker's acknowledgement or ctx.
func (d *deadLetterProducer) send(ctx context.Context, msg *kafka.Message, merr *MessageError, group string) error {
	out := &kafka.Message{
		TopicPartition: kafka.TopicPartition{Topic: &d.topic, Partition: kafka.PartitionAny},
		Key:            msg.Key,
		Value:          msg.Value,
		Headers:        deadLetterHeaders(msg, merr, group),
	}
	report := make(chan kafka.Event, 1)
	if err := d.producer.Produce(out, report); err != nil {
		return fmt.Errorf("send to dead-letter topic %s: %w", d.topic, err)
	}
	select {
	case ev := <-report:
		m, ok := ev.(*kafka.Message)
		if !ok {
			return fmt.Errorf("send to dead-letter topic %s: unexpected delivery report %v", d.topic, ev)
		}
		if m.TopicPartition.Error != nil {
			return fmt.Errorf("send to dead-letter topic %s: %w", d.topic, m.TopicPartition.Error)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("send to dead-letter topic %s: %w", d.topic, ctx.Err())
	}
}

func deadLetterHeaders(msg *kafka.Message, merr *MessageError, group string) []kafka.Header {
	text := merr.Err.Error()
	if len(text) > maxErrorHeader {
		text = text[:maxErrorHeader]
	}
	tp := msg.TopicPartition
	headers := append([]kafka.Header(nil), msg.Headers...)
	return append(headers,
		kafka.Header{Key: HeaderErrorCategory, Value: []byte(merr.Category)},
		kafka.Header{Key: HeaderErrorMessage, Value: []byte(text)},
		kafka.Header{Key: HeaderOriginalTopic, Value: []byte(*tp.Topic)},
		kafka.Header{Key: HeaderOriginalPartition, Value: []byte(strconv.Itoa(int(tp.Partition)))},
		kafka.Header{Key: HeaderOriginalOffset, Value: []byte(strconv.FormatInt(int64(tp.Offset), 10))},
		kafka.Header{Key: HeaderOriginalTimestamp, Value: []byte(msg.Timestamp.UTC().Format(time.RFC3339Nano))},
		kafka.Header{Key: HeaderConsumerGroup, Value: []byte(group)},
	)
}

// close waits up to 10 seconds for messages still in flight and closes the
// producer.
func (d *deadLetterProducer) close() error {
	left := d.producer.Flush(10_000)
	d.producer.Close()
	d.stopLogs()
	if left > 0 {
		return errors.New("close dead-letter producer: messages still in flight after 10s")
	}
	return nil
}

package kafkabus

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/openedx-go/eventbus/events"
)

// Handler handles one decoded event. A nil error means the event is handled
// and its offset may be committed. An error wrapped with [Retryable] makes the
// consumer deliver the message again after a backoff. Any other error is a
// handler failure ([CategoryHandler]), which is logged or dead-lettered and
// then committed.
//
// The consumer calls its handler from one goroutine, one message at a time.
// The context is not canceled when the consumer is asked to stop, so the
// message in progress can finish.
type Handler func(ctx context.Context, d Delivery) error

// Delivery is one event read from Kafka, decoded and resolved to the local
// event definition.
type Delivery struct {
	// Event is the metadata from the headers and the payload, with FromBus set.
	Event events.Event
	// Definition is the event's definition from the catalog.
	Definition events.Definition

	// Topic is the full topic name, with the prefix.
	Topic     string
	Partition int32
	Offset    int64
	// Timestamp is the Kafka message timestamp.
	Timestamp time.Time
	// Key is the message key as it was on the wire.
	Key []byte
	// KeyValue is the decoded key: the value of the key schema when the key is
	// framed with a schema id the registry has, else the key bytes as a
	// string, and nil when the message has no key.
	KeyValue any
	// Headers are the message headers as they were on the wire.
	Headers []kafka.Header
	// SchemaID is the registry id of the writer schema of the value.
	SchemaID int

	// record, when set, is returned by Record instead of a conversion.
	record map[string]any
}

// Record returns the payload as an Avro record dictionary (the plain JSON
// shape), converted by the definition's ToRecord. The consumer does not
// convert payloads up front because most handlers use the payload itself,
// so each call converts again: call it once per delivery.
func (d Delivery) Record() (map[string]any, error) {
	if d.record != nil {
		return d.record, nil
	}
	if d.Definition == nil {
		return nil, fmt.Errorf("record of event %s: the delivery has no definition", d.Event.Metadata.ID)
	}
	rec, err := d.Definition.ToRecord(d.Event.Payload)
	if err != nil {
		return nil, fmt.Errorf("record of event %s: %w", d.Event.Metadata.ID, err)
	}
	return rec, nil
}

// deliveryJSON is the document that MarshalJSON writes.
type deliveryJSON struct {
	Metadata events.Metadata `json:"metadata"`
	Data     map[string]any  `json:"data"`
	Kafka    kafkaPosition   `json:"kafka"`
}

type kafkaPosition struct {
	Topic     string `json:"topic"`
	Partition int32  `json:"partition"`
	Offset    int64  `json:"offset"`
	Key       any    `json:"key"`
}

// MarshalJSON writes the delivery as
// {"metadata": {...}, "data": {...}, "kafka": {"topic", "partition", "offset", "key"}}:
// the event metadata in the Open edX JSON form, the payload record and the
// message position with the decoded key.
func (d Delivery) MarshalJSON() ([]byte, error) {
	record, err := d.Record()
	if err != nil {
		return nil, err
	}
	return json.Marshal(deliveryJSON{
		Metadata: d.Event.Metadata,
		Data:     events.JSONValue(record).(map[string]any),
		Kafka: kafkaPosition{
			Topic: d.Topic, Partition: d.Partition, Offset: d.Offset, Key: events.JSONValue(d.KeyValue),
		},
	})
}

// dispatchHandler sends the event to the receivers connected to its
// definition, the default when no handler is given.
func dispatchHandler(ctx context.Context, d Delivery) error {
	return d.Definition.Dispatch(ctx, d.Event)
}

// callHandler runs h and turns a panic into an error, so one bad event does
// not end the consumer.
func callHandler(ctx context.Context, h Handler, d Delivery) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("handler panicked: %v\n%s", r, debug.Stack())
		}
	}()
	return h(ctx, d)
}

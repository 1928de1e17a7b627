package kafkabus

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/avro"
	"github.com/openedx-go/eventbus/registry"
)

// decode turns msg into a Delivery: event type and metadata from the
// headers, writer schema from the registry by the id in the value's frame,
// and the payload resolved to the local event definition. Failures that no
// retry can fix come back as *MessageError.
func (c *Consumer) decode(ctx context.Context, msg *kafka.Message) (Delivery, error) {
	md, def, eventType, warnings, err := parseHeaders(msg.Headers, c.opts.lookup)
	if errors.Is(err, ErrUnknownEventType) {
		return Delivery{}, c.messageError(msg, CategoryUnknownEventType, err)
	}
	if err != nil {
		return Delivery{}, c.messageError(msg, CategoryHeaders, err)
	}
	if len(warnings) > 0 {
		c.log.Warn("message metadata incomplete, using defaults",
			attrPartition, msg.TopicPartition.Partition, attrOffset, int64(msg.TopicPartition.Offset),
			attrEventID, md.ID.String(), "warnings", warnings)
	}
	if msg.Value == nil {
		return Delivery{}, c.messageError(msg, CategoryTombstone,
			errors.New("message value is null (a tombstone), which carries no event"))
	}

	id, body, err := registry.Unframe(msg.Value)
	if err != nil {
		return Delivery{}, c.messageError(msg, CategoryFraming, err)
	}
	writer, err := c.schema(ctx, id)
	if err != nil {
		if errors.Is(err, registry.ErrSchemaNotFound) {
			return Delivery{}, c.messageError(msg, CategoryUnknownSchema, err)
		}
		return Delivery{}, err
	}

	payload, err := def.DecodeFrom(writer, body)
	if err != nil {
		if werr := c.checkWriterSchema(writer, id, eventType); werr != nil {
			err = werr
		}
		return Delivery{}, c.messageError(msg, CategoryPayload,
			fmt.Errorf("decode %s with writer schema %d: %w", eventType, id, err))
	}
	return Delivery{
		Event:      events.Event{Metadata: md, Payload: payload, FromBus: true},
		Definition: def,
		Topic:      *msg.TopicPartition.Topic,
		Partition:  msg.TopicPartition.Partition,
		Offset:     int64(msg.TopicPartition.Offset),
		Timestamp:  msg.Timestamp,
		Key:        msg.Key,
		Headers:    msg.Headers,
		SchemaID:   id,
	}, nil
}

// checkWriterSchema returns an error when writer, the schema with id in the
// registry, is not a record named CloudEvent in the namespace of eventType,
// as every event's value schema is. A value that fails to decode with such a
// schema most likely comes from a producer that used another registry, where
// the id names another schema.
func (c *Consumer) checkWriterSchema(writer *avro.Schema, id int, eventType string) error {
	root := writer.Root()
	if root.Kind == avro.Record && root.Name == eventType+".CloudEvent" {
		return nil
	}
	got := fmt.Sprintf("%q", writer.Name())
	if root.Kind.Named() {
		got = root.Kind.String() + " " + got
	}
	return fmt.Errorf("schema id %d from the Schema Registry at %s is not the value schema of event %s (got %s): "+
		"check that EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL is the registry the producer used",
		id, redactURL(c.settings.SchemaRegistryURL), eventType, got)
}

// redactURL returns raw with the password of its user information, if any,
// replaced, so that the URL can appear in logs.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Redacted()
}

// schema fetches the writer schema with id. Unknown ids and temporary
// failures come back as they are. Any other registry failure, such as
// rejected credentials, would repeat for every message, so it is fatal.
func (c *Consumer) schema(ctx context.Context, id int) (*avro.Schema, error) {
	s, err := c.opts.schemas.SchemaByID(ctx, id)
	switch {
	case err == nil:
		return s, nil
	case errors.Is(err, registry.ErrSchemaNotFound), registry.IsTransient(err):
		return nil, fmt.Errorf("fetch writer schema %d: %w", id, err)
	}
	return nil, fmt.Errorf("%w: fetch writer schema %d: %w", errFatal, id, err)
}

// keyDecoder decodes framed message keys with their registry schemas and
// keeps one codec per schema id. It is safe for concurrent use.
type keyDecoder struct {
	schemas SchemaSource
	mu      sync.Mutex
	codecs  map[int]*avro.Codec
}

func newKeyDecoder(schemas SchemaSource) *keyDecoder {
	return &keyDecoder{schemas: schemas, codecs: map[int]*avro.Codec{}}
}

// decode returns the value of a framed key, the key as a string when it is
// not framed with a known schema or does not decode, and nil for no key. Only
// a temporary registry failure is an error.
func (k *keyDecoder) decode(ctx context.Context, key []byte) (any, error) {
	if key == nil {
		return nil, nil
	}
	id, body, err := registry.Unframe(key)
	if err != nil {
		return string(key), nil
	}
	codec, err := k.codec(ctx, id)
	if err != nil {
		if registry.IsTransient(err) {
			return nil, fmt.Errorf("fetch key schema %d: %w", id, err)
		}
		return string(key), nil
	}
	v, err := codec.DecodeValue(body)
	if err != nil {
		return string(key), nil
	}
	return v, nil
}

func (k *keyDecoder) codec(ctx context.Context, id int) (*avro.Codec, error) {
	k.mu.Lock()
	codec, ok := k.codecs[id]
	k.mu.Unlock()
	if ok {
		return codec, nil
	}
	s, err := k.schemas.SchemaByID(ctx, id)
	if err != nil {
		return nil, err
	}
	codec, err = avro.NewCodec(s)
	if err != nil {
		return nil, err
	}
	k.mu.Lock()
	k.codecs[id] = codec
	k.mu.Unlock()
	return codec, nil
}

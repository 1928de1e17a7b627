// Package kafkabus sends and receives Open edX events over Apache Kafka, in the
// wire format of the Python event bus (openedx-events with event-bus-kafka), so Go
// and Python services can share topics in both directions.
//
// # Wire format
//
// The message value is the event's Avro record, framed for a Confluent Schema
// Registry: byte 0, the schema id as a 4-byte big-endian integer, then the Avro
// binary. The key is the value of the payload field named by event_key_field,
// Avro-encoded with that field's own schema and framed the same way. The value
// schema is registered under "<topic>-<event type>.CloudEvent" and the key schema
// under "<topic>-<Avro type of the key>", on the first send of each. The event
// metadata travels in ten headers; see [MetadataHeaders] and [MetadataFromHeaders].
// librdkafka's default partitioner is kept, so an event lands on the partition that
// a Python producer would choose for the same key.
//
// # Producing
//
// A [Producer] wraps one long-lived librdkafka producer; create one per process.
// [Producer.Listen] publishes every event sent in the process to each enabled topic
// of EVENT_BUS_PRODUCER_CONFIG, except events that came from the bus.
// [Producer.Produce] sends one event explicitly.
//
// Producing is asynchronous. Produce returns once the encoded message is queued
// for librdkafka, which then batches it, retries transient broker errors and
// reports the outcome later. Idempotence is on by default, so these retries neither
// duplicate nor reorder messages within a partition. [Producer.ProduceSync] waits
// for that report instead.
//
// Delivery is at least once only while the process runs. A message is lost when
// the process exits before librdkafka delivers it, or when delivery fails for
// longer than message.timeout.ms (librdkafka's default is 300000, five minutes).
// The producer never drops such an event silently: it logs it at Error level with
// the topic, key, record dictionary and metadata needed to replay it, and counts
// it in [Producer.Stats]. The logger is set by [WithProducerLogger]. The default is
// slog.Default(). [Producer.Close] waits a bounded time for queued messages and
// reports by id those it had to give up. Call it before exit.
//
// An event that fails before it is queued, because its payload or key does not
// encode or its schema cannot be registered, is also returned as an error: by
// Produce, and through Send for an event published by [Producer.Listen]. Produce
// encodes in the caller's goroutine and queues the message for a goroutine of the
// producer, which hands the messages to librdkafka in order. An event that
// librdkafka then rejects, such as one larger than message.max.bytes, is handled
// like a failed delivery.
//
// With EVENT_BUS_KAFKA_AUDIT_LOGGING_ENABLED (the default), each delivery is logged
// at Info level with its topic, partition, offset, event id and key. Keys and the
// record of a failed event can hold personal data such as usernames, so treat these
// logs accordingly.
//
// # Consuming
//
// A [Consumer] reads one topic as a member of a consumer group and calls a
// [Handler] for each event, one at a time. Automatic commits are off. The consumer
// commits an offset only after the message before it is finished, that is handled,
// or logged or dead-lettered after a failure. Commits go out in batches (by count
// and by age, see [CommitEvery] and [CommitInterval]) and when partitions are
// revoked or the consumer stops.
//
// Consuming is at least once. A message whose handler returns an error wrapped
// with [Retryable] is delivered again after a backoff and is not committed until
// it succeeds. Any other handler error, and any unusable message (bad headers,
// framing or payload), is logged or sent to the dead-letter topic and then
// committed, as the Python consumer does. A rebalance commits the finished offsets
// of the partitions it takes away. After a crash, the messages handled since the
// last commit are delivered again: up to two commit batches per partition, the one
// being committed in the background and the one being filled. Handlers
// must therefore be idempotent, for instance by remembering the ce_id of events
// already handled.
//
// A group with no committed offset starts at the end of the topic, as librdkafka's
// auto.offset.reset=latest does, unless [FromBeginning] or [OffsetTime] is given.
//
// # Kafka errors
//
// The producer and the consumer log each non-fatal error event of their
// librdkafka client at Warn level, and an identical repeat at most once per 30
// seconds with the number of repeats left out in the "repeated" attribute.
// librdkafka's own log lines at syslog level warning or more severe are logged
// at Warn level, except broker connection failures (facility FAIL), which the
// error events already report. A delivery that fails while librdkafka reports
// all brokers down names the bootstrap servers to check.
package kafkabus

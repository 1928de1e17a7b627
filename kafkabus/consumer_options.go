package kafkabus

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/avro"
)

// Default batching of offset commits.
const (
	DefaultCommitEvery    = 100
	DefaultCommitInterval = time.Second
)

// Default backoff between deliveries of a message that failed with a
// temporary error.
const (
	DefaultRetryBackoff    = 200 * time.Millisecond
	DefaultMaxRetryBackoff = 30 * time.Second
)

// SchemaSource fetches writer schemas by registry id. *registry.Client
// implements it.
type SchemaSource interface {
	SchemaByID(ctx context.Context, id int) (*avro.Schema, error)
}

// ConsumerOption changes a default of [NewConsumer].
type ConsumerOption func(*consumerOptions)

type consumerOptions struct {
	handler         Handler
	logger          *slog.Logger
	schemas         SchemaSource
	lookup          func(eventType string) (events.Definition, error)
	commitEvery     int
	commitInterval  time.Duration
	deadLetterTopic string
	fromBeginning   bool
	offsetTime      time.Time
	maxMessages     int
	retryBackoff    time.Duration
	maxRetryBackoff time.Duration
}

func defaultConsumerOptions() consumerOptions {
	return consumerOptions{
		logger:          slog.Default(),
		commitEvery:     DefaultCommitEvery,
		commitInterval:  DefaultCommitInterval,
		retryBackoff:    DefaultRetryBackoff,
		maxRetryBackoff: DefaultMaxRetryBackoff,
	}
}

func (o consumerOptions) validate() error {
	switch {
	case o.commitEvery < 1:
		return fmt.Errorf("commit every %d messages: give a count of 1 or more", o.commitEvery)
	case o.commitInterval < 0:
		return fmt.Errorf("commit interval %s is negative: give 0 for none or a positive duration",
			o.commitInterval)
	case o.maxMessages < 0:
		return fmt.Errorf("max messages %d is negative: give 0 for no limit or a positive count",
			o.maxMessages)
	case o.retryBackoff <= 0 || o.maxRetryBackoff < o.retryBackoff:
		return fmt.Errorf("retry backoff %s up to %s: give a positive initial backoff "+
			"no larger than the maximum", o.retryBackoff, o.maxRetryBackoff)
	}
	return nil
}

// WithHandler sets the function that handles each decoded event. The default
// sends the event to the receivers connected to its definition, with
// FromBus set so a producer never publishes it again.
func WithHandler(h Handler) ConsumerOption {
	return func(o *consumerOptions) { o.handler = h }
}

// WithLogger sets the logger for failures, retries, rebalances, audit lines
// and librdkafka's own log. The default is slog.Default(), so that skipped
// messages and handler failures are never dropped without a trace. Audit lines,
// on unless EVENT_BUS_KAFKA_AUDIT_LOGGING_ENABLED is false, contain the
// message key, which for some events is a user name.
func WithLogger(l *slog.Logger) ConsumerOption {
	return func(o *consumerOptions) {
		if l != nil {
			o.logger = l
		}
	}
}

// WithSchemaSource sets where writer schemas come from. The default is a
// registry client built from the settings.
func WithSchemaSource(s SchemaSource) ConsumerOption {
	return func(o *consumerOptions) { o.schemas = s }
}

// WithEventLookup sets how an event type from the ce_type header is turned
// into its definition. The default is the catalog of every Open edX event.
func WithEventLookup(lookup func(eventType string) (events.Definition, error)) ConsumerOption {
	return func(o *consumerOptions) { o.lookup = lookup }
}

// CommitEvery commits offsets after n handled messages, or earlier when the
// commit interval passes. The default is [DefaultCommitEvery]. With n > 1 a
// batch is committed in the background while the next messages are handled,
// one batch at a time. A revocation and the end of [Consumer.Run] wait for it
// and then commit the rest before returning. A crash can therefore redeliver
// up to two batches per partition: the one in flight and the one being filled.
func CommitEvery(n int) ConsumerOption {
	return func(o *consumerOptions) { o.commitEvery = n }
}

// CommitInterval commits offsets when the oldest uncommitted handled message
// is d old, or earlier when the commit count is reached. 0 commits by count
// only. The default is [DefaultCommitInterval].
func CommitInterval(d time.Duration) ConsumerOption {
	return func(o *consumerOptions) { o.commitInterval = d }
}

// CommitEveryMessage commits each message's offset, waiting for the broker,
// before the next message is handled. It costs a broker round trip per message
// and narrows redelivery after a crash to the message in progress.
func CommitEveryMessage() ConsumerOption {
	return func(o *consumerOptions) { o.commitEvery = 1 }
}

// DeadLetterTopic sends unusable messages and messages whose handler failed
// to topic (prefixed like every topic) with their original key, value and
// headers plus error headers, before committing past them. The default logs
// and skips them.
func DeadLetterTopic(topic string) ConsumerOption {
	return func(o *consumerOptions) { o.deadLetterTopic = topic }
}

// FromBeginning makes a group with no committed offset start at the earliest
// message instead of the end of the topic (auto.offset.reset=earliest).
func FromBeginning() ConsumerOption {
	return func(o *consumerOptions) { o.fromBeginning = true }
}

// OffsetTime resets the group's offset, on each partition assigned to this
// consumer, to the first message at or after t (the end of the partition when
// there is none), commits it, and consumes from there. Each partition is reset
// once per Run, the first time it is assigned.
func OffsetTime(t time.Time) ConsumerOption {
	return func(o *consumerOptions) { o.offsetTime = t }
}

// MaxMessages makes Run return nil after n messages were finished (handled,
// skipped or dead-lettered) and their offsets committed. 0, the default,
// means no limit.
func MaxMessages(n int) ConsumerOption {
	return func(o *consumerOptions) { o.maxMessages = n }
}

// RetryBackoff sets the wait before the first redelivery of a message that
// failed with a temporary error, doubling up to max for each further failure
// in a row. The defaults are [DefaultRetryBackoff] and [DefaultMaxRetryBackoff].
func RetryBackoff(initial, max time.Duration) ConsumerOption {
	return func(o *consumerOptions) { o.retryBackoff, o.maxRetryBackoff = initial, max }
}

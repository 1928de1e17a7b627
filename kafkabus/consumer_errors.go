package kafkabus

import (
	"errors"
	"fmt"
)

// Category classifies why the consumer could not handle a message. It is
// the value of the eventbus_error_category header on dead-lettered messages.
type Category string

// Categories of failed messages. All but [CategoryHandler] are unusable
// messages, which no retry can fix.
const (
	// CategoryHeaders is a message whose CloudEvents headers are missing,
	// repeated or invalid, such as a missing ce_type or a ce_time that is not UTC.
	CategoryHeaders Category = "invalid_headers"
	// CategoryUnknownEventType is a message whose ce_type names no known event.
	CategoryUnknownEventType Category = "unknown_event_type"
	// CategoryTombstone is a message with a null value.
	CategoryTombstone Category = "tombstone"
	// CategoryFraming is a value of 5 bytes or fewer, or one without the
	// schema registry magic byte 0.
	CategoryFraming Category = "invalid_framing"
	// CategoryUnknownSchema is a value framed with a schema id that the
	// registry does not have.
	CategoryUnknownSchema Category = "unknown_schema"
	// CategoryPayload is a value that does not decode with its writer schema,
	// cannot be resolved to the event's schema, or holds invalid field values
	// such as a malformed course key or time.
	CategoryPayload Category = "invalid_payload"
	// CategoryHandler is an event that decoded but whose handler or signal
	// receivers returned an error or panicked.
	CategoryHandler Category = "handler_error"
)

// Sentinel errors that match a [*MessageError] by its category with
// [errors.Is].
var (
	// ErrUnusableMessage matches every category except [CategoryHandler].
	ErrUnusableMessage = errors.New("unusable message")
	// ErrHandlerFailed matches [CategoryHandler].
	ErrHandlerFailed = errors.New("event handler failed")
	// ErrTooManyErrors ends a consumer whose consecutive failures reached
	// EVENT_BUS_KAFKA_CONSUMER_CONSECUTIVE_ERRORS_LIMIT.
	ErrTooManyErrors = errors.New("too many consecutive errors")
	// ErrConsumersDisabled is returned by Run when
	// EVENT_BUS_KAFKA_CONSUMERS_ENABLED is false.
	ErrConsumersDisabled = errors.New("consumers are disabled by EVENT_BUS_KAFKA_CONSUMERS_ENABLED=false")
)

// MessageError is a message that the consumer skipped or dead-lettered: where
// it was, why it failed and the underlying error.
type MessageError struct {
	Category  Category
	Topic     string
	Partition int32
	Offset    int64
	// EventID is the ce_id header, or "" when it was missing.
	EventID string
	Err     error
}

// Error describes the failure with the message's position and event id.
func (e *MessageError) Error() string {
	id := e.EventID
	if id == "" {
		id = "none"
	}
	return fmt.Sprintf("%s: topic %s partition %d offset %d (ce_id %s): %v",
		e.Category, e.Topic, e.Partition, e.Offset, id, e.Err)
}

// Unwrap returns the underlying error.
func (e *MessageError) Unwrap() error { return e.Err }

// Is reports whether target is the sentinel for e's category.
func (e *MessageError) Is(target error) bool {
	switch target {
	case ErrHandlerFailed:
		return e.Category == CategoryHandler
	case ErrUnusableMessage:
		return e.Category != CategoryHandler
	}
	return false
}

// retryableError marks a failure that a later attempt may not have, such as
// an unreachable webhook.
type retryableError struct{ err error }

func (e *retryableError) Error() string { return e.err.Error() }
func (e *retryableError) Unwrap() error { return e.err }

// Retryable marks err, returned by a [Handler], as temporary: the consumer
// does not commit the message, waits with exponential backoff and delivers it
// again. Retryable(nil) returns nil.
func Retryable(err error) error {
	if err == nil {
		return nil
	}
	return &retryableError{err: err}
}

// IsRetryable reports whether err was marked with [Retryable].
func IsRetryable(err error) bool {
	var re *retryableError
	return errors.As(err, &re)
}

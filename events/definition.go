package events

import (
	"context"
	"errors"
	"fmt"
	"reflect"

	"github.com/openedx-go/eventbus/events/avro"
)

// ErrNotSendable is returned (wrapped, with the event type) by the bus
// operations of events that exist for in-process use only, such as those whose
// payload holds a file handle. Match it with [errors.Is].
var ErrNotSendable = errors.New("event is not sendable over the event bus")

// Definition is the untyped view of an event definition, implemented by
// every [Signal]. It is what the event bus producer and consumer work with.
// All methods are safe for concurrent use.
type Definition interface {
	// EventType returns the CloudEvents type, e.g.
	// "org.openedx.learning.course.enrollment.created.v1".
	EventType() string
	// Name returns the Go variable name, e.g. "CourseEnrollmentCreated".
	Name() string
	// Subdomain returns the architecture subdomain, e.g. "learning" or
	// "content_authoring".
	Subdomain() string
	// MinorVersion returns the minor version of the definition.
	MinorVersion() int
	// PayloadKey returns the single key of the payload in the Avro record,
	// e.g. "enrollment".
	PayloadKey() string
	// DefaultKeyField returns the documented default event_key_field, a
	// dotted path such as "enrollment.course.course_key", or "" when none is
	// documented. The documented path is not checked, so call KeyField to
	// resolve it.
	DefaultKeyField() string
	// Sendable reports whether the event can be sent over the event bus.
	Sendable() bool
	// PayloadType returns the Go type of the payload, a struct type.
	PayloadType() reflect.Type

	// Schema returns the Avro schema of the event record, or nil for an
	// event that is not sendable.
	Schema() *avro.Schema
	// SchemaText returns the registered text of the schema: sorted keys and
	// Python json.dumps separators.
	SchemaText() string

	// Encode converts a payload to the Avro binary of the event record.
	Encode(payload any) ([]byte, error)
	// AppendEncode appends the Encode form of payload to dst.
	AppendEncode(dst []byte, payload any) ([]byte, error)
	// Decode converts Avro binary written with this definition's schema to
	// a payload (the struct value, not a pointer).
	Decode(body []byte) (any, error)
	// DecodeFrom converts Avro binary written with another writer schema
	// to a payload, resolving the writer schema to this definition's.
	DecodeFrom(writer *avro.Schema, body []byte) (any, error)
	// ToRecord converts a payload to the record dictionary
	// {payloadKey: {...}}.
	ToRecord(payload any) (map[string]any, error)
	// FromRecord converts a record dictionary to a payload, validating every
	// field, and errors name the field path.
	FromRecord(rec map[string]any) (any, error)

	// KeyField resolves a dotted event key path, starting with the payload
	// key. Optional fields, records and paths through optional records are
	// errors.
	KeyField(path string) (KeyField, error)
	// KeyValue returns the Avro value of the key field at path in payload.
	KeyValue(payload any, path string) (any, error)

	// ConnectAny adds or replaces the receiver called name. It receives
	// every event with its metadata and FromBus flag.
	ConnectAny(name string, r func(ctx context.Context, e Event) error)
	// DisconnectAny removes the receiver called name, typed or untyped.
	DisconnectAny(name string)
	// Dispatch calls every receiver with e. See [Signal.Dispatch].
	Dispatch(ctx context.Context, e Event) error
	// Enabled reports whether sending the event calls the receivers.
	Enabled() bool
}

// Event is one occurrence of an event: its metadata and payload.
type Event struct {
	Metadata Metadata
	// Payload is the payload struct value (e.g. learning.CourseEnrollmentData),
	// not a pointer.
	Payload any
	// FromBus is true when the event was received from the event bus (sent
	// with given metadata), so that a producer does not publish it again.
	FromBus bool
}

// KeyField is a resolved event key path.
type KeyField struct {
	Path     string       // dotted path from the payload key, e.g. "enrollment.course.course_key"
	AvroType string       // Avro type of the key value: "string", "long", "boolean" or "double"
	Schema   *avro.Schema // key schema {"name": "<field>", "type": "<AvroType>"}
}

// ReceiverError is the failure of one receiver during a send.
type ReceiverError struct {
	Receiver string // receiver name
	Err      error  // the returned error, or the recovered panic
}

func (e *ReceiverError) Error() string {
	return fmt.Sprintf("receiver %q: %v", e.Receiver, e.Err)
}

func (e *ReceiverError) Unwrap() error { return e.Err }

// FieldError reports a payload, record or Avro value that does not fit the
// event's payload type, naming the field and what was expected.
type FieldError struct {
	Op        string // "encode" or "decode"
	EventType string // event type being converted
	Path      string // field path, e.g. "enrollment.course.course_key" or "thread.user_course_roles[2]"
	Msg       string // what is wrong and what was expected
	Err       error  // underlying error, if any
}

func (e *FieldError) Error() string {
	msg := fmt.Sprintf("%s %q: field %s: %s", e.Op, e.EventType, e.Path, e.Msg)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *FieldError) Unwrap() error { return e.Err }

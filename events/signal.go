package events

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
)

// Spec describes an event definition for [NewSignal].
type Spec struct {
	EventType       string // CloudEvents type, e.g. "org.openedx.learning.course.enrollment.created.v1"
	Name            string // Go variable name, e.g. "CourseEnrollmentCreated"
	Subdomain       string // architecture subdomain, e.g. "learning"
	MinorVersion    int    // minor version of the definition
	PayloadKey      string // key of the payload in the event record, e.g. "enrollment"
	DefaultKeyField string // documented default event_key_field, "" for none
	// LocalOnly marks an event that exists for in-process use only: its bus
	// operations return [ErrNotSendable].
	LocalOnly bool
}

// Signal is a typed event definition whose payload type is T, a struct type.
// Receivers are called in the order they were connected. A Signal is safe for
// concurrent use. Create it with [NewSignal].
type Signal[T any] struct {
	spec     Spec
	disabled atomic.Bool

	mu        sync.RWMutex
	receivers []receiver

	bindOnce sync.Once
	bind     *binding
	bindErr  error
}

type receiver struct {
	name string
	fn   func(ctx context.Context, e Event) error
}

// NewSignal returns the definition of an event with payload type T. It panics
// when T is not a struct type, because that is a programming error.
func NewSignal[T any](spec Spec) *Signal[T] {
	if t := reflect.TypeFor[T](); t.Kind() != reflect.Struct {
		panic(fmt.Sprintf("events: payload type %v of %q is not a struct type", t, spec.EventType))
	}
	return &Signal[T]{spec: spec}
}

// EventType returns the CloudEvents type of the event.
func (s *Signal[T]) EventType() string { return s.spec.EventType }

// Name returns the Go variable name of the definition.
func (s *Signal[T]) Name() string { return s.spec.Name }

// Subdomain returns the architecture subdomain of the event.
func (s *Signal[T]) Subdomain() string { return s.spec.Subdomain }

// MinorVersion returns the minor version of the definition.
func (s *Signal[T]) MinorVersion() int { return s.spec.MinorVersion }

// PayloadKey returns the key of the payload in the event record.
func (s *Signal[T]) PayloadKey() string { return s.spec.PayloadKey }

// DefaultKeyField returns the documented default event_key_field, or "".
func (s *Signal[T]) DefaultKeyField() string { return s.spec.DefaultKeyField }

// Sendable reports whether the event can be sent over the event bus.
func (s *Signal[T]) Sendable() bool { return !s.spec.LocalOnly }

// PayloadType returns the Go type T.
func (s *Signal[T]) PayloadType() reflect.Type { return reflect.TypeFor[T]() }

// Enabled reports whether sending calls the receivers. Signals start enabled.
func (s *Signal[T]) Enabled() bool { return !s.disabled.Load() }

// Disable turns sending into a no-op that returns nil, e.g. in tests.
func (s *Signal[T]) Disable() { s.disabled.Store(true) }

// Enable undoes [Signal.Disable].
func (s *Signal[T]) Enable() { s.disabled.Store(false) }

// Connect adds the receiver called name, or replaces the receiver of that
// name in place. It is called with the payload and metadata of every event.
func (s *Signal[T]) Connect(name string, r func(ctx context.Context, payload T, md Metadata) error) {
	s.ConnectAny(name, func(ctx context.Context, e Event) error {
		return r(ctx, e.Payload.(T), e.Metadata)
	})
}

// Disconnect removes the receiver called name. An unknown name is ignored.
func (s *Signal[T]) Disconnect(name string) { s.DisconnectAny(name) }

// ConnectAny adds the untyped receiver called name, or replaces the receiver
// of that name in place. Its Event carries the FromBus flag, which is what an
// event bus producer needs.
func (s *Signal[T]) ConnectAny(name string, r func(ctx context.Context, e Event) error) {
	s.mu.Lock()
	defer s.mu.Unlock()

	next := slices.Clone(s.receivers)
	for i := range next {
		if next[i].name == name {
			next[i].fn = r
			s.receivers = next
			return
		}
	}
	s.receivers = append(next, receiver{name: name, fn: r})
}

// DisconnectAny removes the receiver called name. An unknown name is ignored.
func (s *Signal[T]) DisconnectAny(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.receivers = slices.DeleteFunc(slices.Clone(s.receivers), func(r receiver) bool { return r.name == name })
}

// Receivers returns the names of the connected receivers in call order.
func (s *Signal[T]) Receivers() []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	names := make([]string, len(s.receivers))
	for i, r := range s.receivers {
		names[i] = r.name
	}
	return names
}

// Send calls every receiver with payload and new metadata (see
// [NewMetadata], with the options given), as an event that did not come from
// the bus. It returns the metadata error or the receivers' errors.
func (s *Signal[T]) Send(ctx context.Context, payload T, opts ...MetadataOption) error {
	if !s.Enabled() {
		return nil
	}
	md, err := NewMetadata(s.spec.EventType, s.spec.MinorVersion, opts...)
	if err != nil {
		return fmt.Errorf("send %q: %w", s.spec.EventType, err)
	}
	return s.dispatch(ctx, Event{Metadata: md, Payload: payload})
}

// SendWithMetadata calls every receiver with payload and the given metadata,
// marking the event as received from the bus (FromBus) so that a producer
// does not publish it again. The metadata must be valid and of this event
// type.
func (s *Signal[T]) SendWithMetadata(ctx context.Context, payload T, md Metadata) error {
	return s.Dispatch(ctx, Event{Metadata: md, Payload: payload, FromBus: true})
}

// Dispatch calls every receiver with e. The payload must be a T, and the
// metadata valid and of this event type. Every receiver is called even when an
// earlier one fails or panics, because a panic is recovered and becomes that
// receiver's error. The result joins one [*ReceiverError] per failed
// receiver with [errors.Join], or is nil. A disabled signal returns nil
// without calling anyone.
func (s *Signal[T]) Dispatch(ctx context.Context, e Event) error {
	if !s.Enabled() {
		return nil
	}
	if _, ok := e.Payload.(T); !ok {
		return fmt.Errorf("dispatch %q: payload is %T, expected %v", s.spec.EventType, e.Payload, reflect.TypeFor[T]())
	}
	if e.Metadata.EventType != s.spec.EventType {
		return fmt.Errorf("dispatch %q: metadata event type is %q, expected the signal's own type", s.spec.EventType, e.Metadata.EventType)
	}
	if err := e.Metadata.Validate(); err != nil {
		return fmt.Errorf("dispatch %q: %w", s.spec.EventType, err)
	}
	return s.dispatch(ctx, e)
}

func (s *Signal[T]) dispatch(ctx context.Context, e Event) error {
	s.mu.RLock()
	receivers := s.receivers
	s.mu.RUnlock()

	var errs []error
	for _, r := range receivers {
		if err := callReceiver(ctx, r.fn, e); err != nil {
			errs = append(errs, &ReceiverError{Receiver: r.name, Err: err})
		}
	}
	return errors.Join(errs...)
}

// callReceiver calls fn and turns a panic into an error.
func callReceiver(ctx context.Context, fn func(context.Context, Event) error, e Event) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return fn(ctx, e)
}

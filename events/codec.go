package events

import (
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/openedx-go/eventbus/events/avro"
	"github.com/openedx-go/eventbus/internal/iface"
)

// binding is the Avro side of a sendable signal, built once on first use.
type binding struct {
	eventType  string
	payloadKey string
	plan       *typePlan
	schema     *avro.Schema
	codec      *avro.Codec

	sizeHint  atomic.Int64 // largest encoding so far, see newBuffer
	resolvers sync.Map     // writer schema text -> *avro.Resolver
	keys      sync.Map     // key path -> *keyPath
}

func newBinding(spec Spec, t reflect.Type) (*binding, error) {
	plan, err := newPlan(t)
	if err != nil {
		return nil, fmt.Errorf("event %q: payload type: %w", spec.EventType, err)
	}
	schema, err := buildSchema(spec.EventType, spec.PayloadKey, plan)
	if err != nil {
		return nil, fmt.Errorf("event %q: generate schema: %w", spec.EventType, err)
	}
	codec, err := avro.NewCodec(schema)
	if err != nil {
		return nil, fmt.Errorf("event %q: build codec: %w", spec.EventType, err)
	}
	return &binding{eventType: spec.EventType, payloadKey: spec.PayloadKey, plan: plan,
		schema: schema, codec: codec}, nil
}

// binding returns the Avro binding, or an error wrapping ErrNotSendable.
func (s *Signal[T]) binding() (*binding, error) {
	if s.spec.LocalOnly {
		return nil, fmt.Errorf("event %q: %w", s.spec.EventType, ErrNotSendable)
	}
	s.bindOnce.Do(func() {
		s.bind, s.bindErr = newBinding(s.spec, reflect.TypeFor[T]())
	})
	return s.bind, s.bindErr
}

// Schema returns the generated Avro schema of the event record, or nil when
// the event is not sendable.
func (s *Signal[T]) Schema() *avro.Schema {
	b, err := s.binding()
	if err != nil {
		return nil
	}
	return b.schema
}

// SchemaText returns the schema text as registered with a schema registry
// (sorted keys, Python json.dumps separators), or "" when the event is not
// sendable.
func (s *Signal[T]) SchemaText() string {
	if sc := s.Schema(); sc != nil {
		return sc.Text()
	}
	return ""
}

// payloadValue returns an addressable reflect.Value of the payload, which
// must be a T or a non-nil *T.
func (s *Signal[T]) payloadValue(payload any) (reflect.Value, error) {
	switch p := payload.(type) {
	case T:
		return reflect.ValueOf(&p).Elem(), nil
	case *T:
		if p != nil {
			return reflect.ValueOf(p).Elem(), nil
		}
	}
	return reflect.Value{}, fmt.Errorf("event %q: payload is %T, expected %v", s.spec.EventType, payload, reflect.TypeFor[T]())
}

// ToRecord converts a payload (a T or *T) to the record dictionary
// {payloadKey: {...}}: times as strings in the [FormatTime] form, UUIDs and
// opaque keys as strings, nil for absent optional values. Opaque keys are
// validated.
func (s *Signal[T]) ToRecord(payload any) (map[string]any, error) {
	b, err := s.binding()
	if err != nil {
		return nil, err
	}
	v, err := s.payloadValue(payload)
	if err != nil {
		return nil, err
	}
	inner := make(map[string]any, len(b.plan.fields))
	if err := b.plan.fillRecord(inner, v.Addr().UnsafePointer()); err != nil {
		return nil, fieldError("encode", b.eventType, b.payloadKey, err)
	}
	return map[string]any{b.payloadKey: inner}, nil
}

// FromRecord converts a record dictionary to a payload T (returned as any).
// Every field is checked: a missing or null required field, an unknown
// field, a value of the wrong type and an invalid time, UUID or opaque key
// are *[FieldError] values naming the field path.
func (s *Signal[T]) FromRecord(rec map[string]any) (any, error) {
	p, err := s.PayloadFromRecord(rec)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// PayloadFromRecord is the typed form of [Signal.FromRecord].
func (s *Signal[T]) PayloadFromRecord(rec map[string]any) (T, error) {
	var p T
	b, err := s.binding()
	if err != nil {
		return p, err
	}
	if err := b.fromRecord(rec, unsafe.Pointer(&p), false); err != nil {
		var zero T
		return zero, err
	}
	return p, nil
}

// fromRecord sets the zero payload at dst from rec.
func (b *binding) fromRecord(rec map[string]any, dst unsafe.Pointer, wrapped bool) error {
	inner, ok := rec[b.payloadKey]
	if n := len(rec); n > 1 || n == 1 && !ok {
		for k := range rec {
			if k != b.payloadKey {
				return &FieldError{Op: "decode", EventType: b.eventType, Path: k,
					Msg: fmt.Sprintf("unknown field, the record has the single field %q", b.payloadKey)}
			}
		}
	}
	if !ok || inner == nil {
		return &FieldError{Op: "decode", EventType: b.eventType, Path: b.payloadKey, Msg: "missing required field"}
	}
	if err := b.plan.fromRecord(inner, dst, wrapped); err != nil {
		return fieldError("decode", b.eventType, b.payloadKey, err)
	}
	return nil
}

// Encode converts a payload (a T or *T) to the Avro binary of the event
// record. The bytes are those that [Signal.ToRecord] followed by the avro
// package's codec would write, with goavro encoding each scalar.
func (s *Signal[T]) Encode(payload any) ([]byte, error) {
	b, err := s.binding()
	if err != nil {
		return nil, err
	}
	out, err := s.AppendEncode(b.newBuffer(), payload)
	if err != nil {
		return nil, err
	}
	b.noteSize(len(out))
	return out, nil
}

// AppendEncode appends the [Signal.Encode] form of payload to dst and
// returns the extended buffer. On error dst is returned unchanged.
func (s *Signal[T]) AppendEncode(dst []byte, payload any) ([]byte, error) {
	b, err := s.binding()
	if err != nil {
		return dst, err
	}
	if p := payloadPointer[T](payload); p != nil {
		return b.encode(dst, p)
	}
	_, err = s.payloadValue(payload)
	return dst, err
}

// payloadPointer returns a pointer to the T in payload, a T or a non-nil *T,
// and nil for anything else. Callers only read through it.
func payloadPointer[T any](payload any) unsafe.Pointer {
	switch payload.(type) {
	case *T:
		return unsafe.Pointer(payload.(*T))
	case T:
		// An interface value keeps a T larger than a pointer in memory of
		// its own, which nothing writes to, so reading it in place saves a
		// copy. A smaller T may be stored in the interface value itself.
		var zero T
		if unsafe.Sizeof(zero) > unsafe.Sizeof(uintptr(0)) {
			return iface.Data(payload)
		}
		return copyPayload[T](payload)
	}
	return nil
}

// copyPayload returns a pointer to a new copy of the T in payload.
func copyPayload[T any](payload any) unsafe.Pointer {
	p := payload.(T)
	return unsafe.Pointer(&p)
}

// EncodePayload is the typed form of [Signal.Encode].
func (s *Signal[T]) EncodePayload(payload T) ([]byte, error) {
	b, err := s.binding()
	if err != nil {
		return nil, err
	}
	out, err := b.encode(b.newBuffer(), unsafe.Pointer(&payload))
	if err != nil {
		return nil, err
	}
	b.noteSize(len(out))
	return out, nil
}

// maxSizeHint bounds the buffer that newBuffer allocates.
const maxSizeHint = 64 << 10

// newBuffer returns an empty buffer with room for the largest encoding seen
// so far, up to maxSizeHint, so that encoding usually allocates once.
func (b *binding) newBuffer() []byte {
	return make([]byte, 0, b.sizeHint.Load())
}

// noteSize records the size of an encoding for newBuffer.
func (b *binding) noteSize(n int) {
	if n := int64(n); n > b.sizeHint.Load() && n <= maxSizeHint {
		b.sizeHint.Store(n)
	}
}

// encode appends the Avro binary of the payload at p to dst. The direct
// encoder writes it straight from the struct. When it stops at an invalid
// value, the payload goes the record dictionary way, toRecord then the avro
// package's codec, whose error names the field and the value.
func (b *binding) encode(dst []byte, p unsafe.Pointer) ([]byte, error) {
	n := len(dst)
	sc := scratchPool.Get().(*encodeScratch)
	out, err := b.plan.appendDirect(dst, p, sc)
	scratchPool.Put(sc)
	if err == nil {
		return out, nil
	}
	rec, err := b.plan.toRecord(p)
	if err != nil {
		return dst[:n], fieldError("encode", b.eventType, b.payloadKey, err)
	}
	out, err = b.codec.AppendEncode(dst[:n], map[string]any{b.payloadKey: rec})
	if err != nil {
		return dst[:n], fmt.Errorf("encode %q: %w", b.eventType, err)
	}
	return out, nil
}

// decode decodes body, written with the event's own schema, into the zero
// payload at dst. The direct decoder reads valid bytes straight into the
// struct. Bytes it cannot decode go the checked way: the avro package's codec
// (its pre-check, then goavro), then the conversion of the record, whose
// errors name the byte offset or the field and the value.
func (b *binding) decode(body []byte, dst unsafe.Pointer) error {
	if rest, err := b.plan.decodeDirect(body, dst); err == nil && len(rest) == 0 {
		return nil
	}
	reflect.NewAt(b.plan.goType, dst).Elem().SetZero()
	return b.decodeChecked(body, dst)
}

// decodeChecked decodes body into the zero payload at dst through the avro
// package's codec and the conversion of the record.
func (b *binding) decodeChecked(body []byte, dst unsafe.Pointer) error {
	rec, err := b.codec.DecodeWrapped(body)
	if err != nil {
		return err // names the schema, which is named after the event type
	}
	return b.fromRecord(rec, dst, true)
}

// Decode converts Avro binary written with this event's schema to a payload
// T: the avro package's codec decodes it with union values still wrapped,
// then the conversion behind [Signal.FromRecord] checks and converts every
// field, unwrapping the unions as it goes.
func (s *Signal[T]) Decode(body []byte) (any, error) {
	p, err := s.DecodePayload(body)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// DecodePayload is the typed form of [Signal.Decode].
func (s *Signal[T]) DecodePayload(body []byte) (T, error) {
	var p T
	b, err := s.binding()
	if err != nil {
		return p, err
	}
	if err := b.decode(body, unsafe.Pointer(&p)); err != nil {
		var zero T
		return zero, err
	}
	return p, nil
}

// DecodeFrom converts Avro binary written with the writer schema (e.g. fetched
// from a schema registry by id) to a payload T, resolving it to this event's
// schema by the Avro rules. A nil writer stands for the event's own schema.
// Data whose writer schema cannot be resolved is an error, not a panic.
func (s *Signal[T]) DecodeFrom(writer *avro.Schema, body []byte) (any, error) {
	b, err := s.binding()
	if err != nil {
		return nil, err
	}
	if writer == nil || writer.CanonicalForm() == b.schema.CanonicalForm() {
		// Same Parsing Canonical Form: the binary layout is the same, so no resolution is needed.
		return s.Decode(body)
	}
	r, err := b.resolver(writer)
	if err != nil {
		return nil, fmt.Errorf("decode %q: writer schema does not resolve to the event schema: %w", s.spec.EventType, err)
	}
	rec, err := r.Decode(body)
	if err != nil {
		return nil, fmt.Errorf("decode %q with writer schema: %w", s.spec.EventType, err)
	}
	var p T
	if err := b.fromRecord(rec, unsafe.Pointer(&p), false); err != nil {
		return nil, err
	}
	return p, nil
}

func (b *binding) resolver(writer *avro.Schema) (*avro.Resolver, error) {
	if r, ok := b.resolvers.Load(writer.Text()); ok {
		return r.(*avro.Resolver), nil
	}
	r, err := avro.NewResolver(writer, b.schema)
	if err != nil {
		return nil, err
	}
	b.resolvers.Store(writer.Text(), r)
	return r, nil
}

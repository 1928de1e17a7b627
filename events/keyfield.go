package events

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"unsafe"

	"github.com/openedx-go/eventbus/events/avro"
)

// keyPath is a resolved key path: the byte offset of the key field in the payload
// struct, and the key's plan.
type keyPath struct {
	field  KeyField
	offset uintptr // of the key field in the payload struct
	plan   *typePlan
	// last is the last valid string key, as text and as the value KeyValue
	// returns, so that a repeated key costs neither a check nor an allocation.
	last atomic.Pointer[stringKey]
}

type stringKey struct {
	text  string
	value any
}

// KeyField resolves a dotted event key path such as
// "enrollment.course.course_key". The first element is the payload key, and each
// further element names a record field. The key must be a required
// string, long, double or boolean field (times, UUIDs and opaque keys are
// strings) reached through required records only.
func (s *Signal[T]) KeyField(path string) (KeyField, error) {
	kp, err := s.keyPath(path)
	if err != nil {
		return KeyField{}, err
	}
	return kp.field, nil
}

// KeyValue returns the Avro value of the key field at path in payload (a T
// or *T): a string, int64, float64 or bool.
func (s *Signal[T]) KeyValue(payload any, path string) (any, error) {
	kp, err := s.keyPath(path)
	if err != nil {
		return nil, err
	}
	p := payloadPointer[T](payload)
	if p == nil {
		_, err := s.payloadValue(payload)
		return nil, err
	}
	field := unsafe.Add(p, kp.offset)
	if kp.plan.kind == kindString || kp.plan.kind == kindKey {
		// One read of the field, so that the text checked is the text cached
		// even when another goroutine changes the payload meanwhile.
		text := *(*string)(field)
		if last := kp.last.Load(); last != nil && last.text == text {
			return last.value, nil
		}
		// A copy, so that text itself stays on the stack of calls that hit.
		checked := text
		x, err := kp.plan.toRecord(unsafe.Pointer(&checked))
		if err != nil {
			return nil, fieldError("encode", s.spec.EventType, path, err)
		}
		kp.last.Store(&stringKey{text: checked, value: x})
		return x, nil
	}
	x, err := kp.plan.toRecord(field)
	if err != nil {
		return nil, fieldError("encode", s.spec.EventType, path, err)
	}
	return x, nil
}

func (s *Signal[T]) keyPath(path string) (*keyPath, error) {
	b, err := s.binding()
	if err != nil {
		return nil, err
	}
	if kp, ok := b.keys.Load(path); ok {
		return kp.(*keyPath), nil
	}
	kp, err := b.resolveKey(path)
	if err != nil {
		return nil, err
	}
	b.keys.Store(path, kp)
	return kp, nil
}

func (b *binding) resolveKey(path string) (*keyPath, error) {
	fail := func(format string, args ...any) (*keyPath, error) {
		return nil, fmt.Errorf("event %q: invalid event key field %q: %s", b.eventType, path, fmt.Sprintf(format, args...))
	}
	parts := strings.Split(path, ".")
	if parts[0] != b.payloadKey {
		return fail("the path must start with the payload key %q", b.payloadKey)
	}
	if len(parts) == 1 {
		return fail("%q is a record, the key must be a string, number or boolean field inside it", b.payloadKey)
	}

	plan := b.plan
	var offset uintptr
	for i, name := range parts[1:] {
		at := strings.Join(parts[:i+1], ".")
		if plan.kind != kindRecord {
			return fail("%q is a %s, not a record", at, plan.kind.avroType())
		}
		fi, ok := plan.index[name]
		if !ok {
			return fail("record %q (%s) has no field %q; fields: %s", at, plan.name, name, fieldNames(plan))
		}
		f := plan.fields[fi]
		if f.optional {
			return fail("field %q is optional, and a key must always have a value", at+"."+name)
		}
		offset += f.offset // required records are stored inline
		plan = f.plan
	}

	switch plan.kind {
	case kindRecord, kindArray, kindMap:
		return fail("field %q is a %s, the key must be a string, number or boolean", path, plan.kind.avroType())
	}
	return newKeyPath(path, parts[len(parts)-1], plan, offset)
}

func newKeyPath(path, name string, plan *typePlan, offset uintptr) (*keyPath, error) {
	avroType := plan.kind.avroType()
	text, err := json.Marshal(object{{"name", name}, {"type", avroType}})
	if err != nil {
		return nil, err
	}
	schema, err := avro.Parse(text)
	if err != nil {
		return nil, fmt.Errorf("key schema for %q: %w", path, err)
	}
	field := KeyField{Path: path, AvroType: avroType, Schema: schema}
	return &keyPath{field: field, offset: offset, plan: plan}, nil
}

func fieldNames(plan *typePlan) string {
	names := make([]string, len(plan.fields))
	for i, f := range plan.fields {
		names[i] = f.avroName
	}
	return strings.Join(names, ", ")
}

package events

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/openedx-go/eventbus/events/avro"
)

// cloudEventDoc is the doc string of every event record schema.
const cloudEventDoc = "Avro Event Format for CloudEvents created with openedx_events/schema"

// object is a JSON object that keeps its member order when marshaled, so
// generated schemas read like the reference files (name, type, fields...).
type object []member

type member struct {
	key   string
	value any
}

// MarshalJSON writes the members in order.
func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.key)
		v, err := json.Marshal(m.value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// eventSchemaJSON returns the event record schema: a record CloudEvent in
// the namespace of the event type with one field, the payload.
func eventSchemaJSON(eventType, payloadKey string, payload *typePlan) (object, error) {
	seen := make(map[string]bool)
	payloadSchema, err := typeSchema(payload, seen)
	if err != nil {
		return nil, err
	}
	return object{
		{"name", "CloudEvent"},
		{"type", "record"},
		{"doc", cloudEventDoc},
		{"fields", []any{object{{"name", payloadKey}, {"type", payloadSchema}}}},
		{"namespace", eventType},
	}, nil
}

// typeSchema returns the schema of t. A record is defined in full the first
// time it appears (depth first, in field order) and named afterwards.
func typeSchema(t *typePlan, seen map[string]bool) (any, error) {
	switch t.kind {
	case kindRecord:
		if seen[t.name] {
			return t.name, nil
		}
		seen[t.name] = true
		fields := make([]any, 0, len(t.fields))
		for _, f := range t.fields {
			fs, err := fieldSchema(f, seen)
			if err != nil {
				return nil, err
			}
			fields = append(fields, fs)
		}
		return object{{"name", t.name}, {"type", "record"}, {"fields", fields}}, nil
	case kindArray:
		items, err := typeSchema(t.elem, seen)
		return object{{"type", "array"}, {"items", items}}, err
	case kindMap:
		values, err := typeSchema(t.elem, seen)
		return object{{"type", "map"}, {"values", values}}, err
	default:
		return t.kind.avroType(), nil
	}
}

func fieldSchema(f fieldPlan, seen map[string]bool) (object, error) {
	ts, err := typeSchema(f.plan, seen)
	if err != nil {
		return nil, err
	}
	if f.optional {
		return object{{"name", f.avroName}, {"type", []any{"null", ts}}, {"default", nil}}, nil
	}
	if f.defaultJSON != "" {
		var d any
		if err := json.Unmarshal([]byte(f.defaultJSON), &d); err != nil {
			return nil, fmt.Errorf("field %s: invalid default %q: %w", f.avroName, f.defaultJSON, err)
		}
		return object{{"name", f.avroName}, {"type", ts}, {"default", d}}, nil
	}
	return object{{"name", f.avroName}, {"type", ts}}, nil
}

// buildSchema generates and parses the event record schema.
func buildSchema(eventType, payloadKey string, payload *typePlan) (*avro.Schema, error) {
	obj, err := eventSchemaJSON(eventType, payloadKey, payload)
	if err != nil {
		return nil, err
	}
	text, err := json.Marshal(obj)
	if err != nil {
		return nil, err
	}
	return avro.Parse(text)
}

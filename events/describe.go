package events

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// FieldInfo describes one field of a payload type, for documentation and
// command line tools.
type FieldInfo struct {
	Path     string // dotted Avro path from the payload key, e.g. "enrollment.user.id"
	GoName   string // Go field name, e.g. "ID"
	GoType   string // Go type, e.g. "int64" or "*time.Time"
	AvroType string // Avro type: "string", "long", "double", "boolean", a record name, "array" or "map"
	Optional bool   // nil is sent as null
	InRecord bool   // false for in-process fields that are not part of the event record
}

// PayloadFields lists the fields of def's payload type depth first, nested
// record fields after the field that contains them. Paths mark array items
// with "[]" and map values with "{}". It works for events that are not
// sendable too.
func PayloadFields(def Definition) []FieldInfo {
	var out []FieldInfo
	describeStruct(def.PayloadType(), def.PayloadKey(), &out)
	return out
}

func describeStruct(t reflect.Type, prefix string, out *[]FieldInfo) {
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		tag := sf.Tag.Get("avro")
		name, opts, _ := strings.Cut(tag, ",")
		info := FieldInfo{GoName: sf.Name, GoType: sf.Type.String(), InRecord: tag != "-" && tag != ""}
		if !info.InRecord {
			name = toSnake(sf.Name)
		}
		info.Path = prefix + "." + name
		info.Optional = strings.Contains(","+opts+",", ",optional,")

		ft := sf.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		info.AvroType = describeAvroType(ft)
		*out = append(*out, info)
		describeNested(ft, info.Path, out)
	}
}

// describeNested lists the fields of the records inside t: a record, or
// the items of an array ("path[]") or values of a map ("path{}").
func describeNested(t reflect.Type, path string, out *[]FieldInfo) {
	switch {
	case t == timeType:
	case t.Kind() == reflect.Struct:
		describeStruct(t, path, out)
	case t.Kind() == reflect.Slice:
		describeNested(t.Elem(), path+"[]", out)
	case t.Kind() == reflect.Map:
		describeNested(t.Elem(), path+"{}", out)
	}
}

func describeAvroType(t reflect.Type) string {
	if _, ok := keyRules[t]; ok {
		return "string"
	}
	switch {
	case t == timeType || t == uuidType:
		return "string"
	case t.Kind() == reflect.Interface:
		return "(none: in-process only)"
	case t.Kind() == reflect.Struct:
		if n, ok := reflect.Zero(t).Interface().(recordNamer); ok {
			return n.AvroRecordName()
		}
		return t.Name()
	case t.Kind() == reflect.Slice:
		return "array of " + describeAvroType(t.Elem())
	case t.Kind() == reflect.Map:
		return "map of " + describeAvroType(t.Elem())
	}
	p := planner{plans: map[reflect.Type]*typePlan{}}
	if tp, err := p.plan(t); err == nil {
		return tp.kind.avroType()
	}
	return "(none)"
}

// toSnake turns a Go field name into a lower-case name for fields without
// an Avro name.
func toSnake(name string) string {
	var b strings.Builder
	for i, r := range name {
		if i > 0 && r >= 'A' && r <= 'Z' && name[i-1] >= 'a' && name[i-1] <= 'z' {
			b.WriteByte('_')
		}
		b.WriteRune(r)
	}
	return strings.ToLower(b.String())
}

// SchemaJSONIndent returns the event schema as indented JSON (two spaces)
// with keys in the order openedx-events writes them (name, type, doc,
// fields, namespace), the layout of the schema files the Python library
// publishes. It returns an error wrapping [ErrNotSendable] for an event
// that is not sendable.
func (s *Signal[T]) SchemaJSONIndent() ([]byte, error) {
	b, err := s.binding()
	if err != nil {
		return nil, err
	}
	obj, err := eventSchemaJSON(b.eventType, b.payloadKey, b.plan)
	if err != nil {
		return nil, err
	}
	return json.MarshalIndent(obj, "", "  ")
}

// IndentedSchema returns the schema of def as indented JSON: in the
// openedx-events layout when def is a [Signal], otherwise with sorted keys.
func IndentedSchema(def Definition) ([]byte, error) {
	if s, ok := def.(interface{ SchemaJSONIndent() ([]byte, error) }); ok {
		return s.SchemaJSONIndent()
	}
	if !def.Sendable() || def.Schema() == nil {
		return nil, fmt.Errorf("event %q: %w", def.EventType(), ErrNotSendable)
	}
	return json.MarshalIndent(def.Schema().JSON(), "", "  ")
}

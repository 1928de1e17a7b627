package events

import (
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
)

// A payload type is described to Avro by struct tags:
//
//	avro:"name"                  a required field
//	avro:"name,optional"         a field whose reference default is None: a pointer,
//	                             map or slice where nil is written as null
//	avro:"name,default=JSON"     a required field whose schema entry declares a default
//	avro:"-"                     an in-process field that is not part of the record
//
// Field order is schema order. A struct is an Avro record named after the Go
// type, or after the result of its AvroRecordName method when it has one.

// recordNamer lets a payload struct choose its Avro record name.
type recordNamer interface {
	AvroRecordName() string
}

// planKind is the Avro shape of a Go type.
type planKind uint8

const (
	kindString planKind = iota + 1
	kindLong
	kindDouble
	kindBool
	kindTime
	kindUUID
	kindKey
	kindRecord
	kindArray
	kindMap
)

// avroType returns the Avro type of the kind: times, UUIDs and opaque keys
// are strings, and records, arrays and maps return their complex type name.
func (k planKind) avroType() string {
	switch k {
	case kindLong:
		return "long"
	case kindDouble:
		return "double"
	case kindBool:
		return "boolean"
	case kindRecord:
		return "record"
	case kindArray:
		return "array"
	case kindMap:
		return "map"
	default:
		return "string"
	}
}

// typePlan is the precompiled conversion of one Go type to and from its
// record dictionary form.
type typePlan struct {
	kind   planKind
	goType reflect.Type
	name   string      // record name
	fields []fieldPlan // record fields in schema order
	index  map[string]int
	elem   *typePlan // array item or map value
	key    keyRule   // opaque key validation
}

// fieldPlan is one record field.
type fieldPlan struct {
	goName      string
	avroName    string
	index       int
	offset      uintptr // byte offset of the field in the struct, for the binary encoder
	optional    bool    // nil is written as null
	pointer     bool    // Go field is a pointer
	plan        *typePlan
	defaultJSON string // default declared in the schema entry, "" for none
}

// keyRule validates one opaque key type.
type keyRule struct {
	name  string // e.g. "course key"
	parse func(string) error
}

var (
	timeType = reflect.TypeFor[time.Time]()
	uuidType = reflect.TypeFor[uuid.UUID]()
)

// keyParser returns the rule of one key type. The rule remembers the last
// valid key and accepts it again without parsing. Consecutive events often
// carry the same course key, and an event's key field is checked twice: for
// the message key and inside the value.
func keyParser[K ~string](name string, parse func(string) (K, error)) keyRule {
	var last atomic.Pointer[string]
	return keyRule{name: name, parse: func(s string) error {
		if prev := last.Load(); prev != nil && *prev == s {
			return nil
		}
		if _, err := parse(s); err != nil {
			return err
		}
		// A copy, so that s itself stays on the stack of calls that hit.
		valid := s
		last.Store(&valid)
		return nil
	}}
}

var keyRules = map[reflect.Type]keyRule{
	reflect.TypeFor[CourseKey]():                keyParser("course key", ParseCourseKey),
	reflect.TypeFor[UsageKey]():                 keyParser("usage key", ParseUsageKey),
	reflect.TypeFor[CCXLocator]():               keyParser("CCX key", ParseCCXLocator),
	reflect.TypeFor[LibraryLocatorV2]():         keyParser("library key", ParseLibraryLocatorV2),
	reflect.TypeFor[LibraryUsageLocatorV2]():    keyParser("library block key", ParseLibraryUsageLocatorV2),
	reflect.TypeFor[LibraryCollectionLocator](): keyParser("library collection key", ParseLibraryCollectionLocator),
	reflect.TypeFor[LibraryContainerLocator]():  keyParser("library container key", ParseLibraryContainerLocator),
}

// planner builds plans and shares one plan per Go type.
type planner struct {
	plans map[reflect.Type]*typePlan
}

func newPlan(t reflect.Type) (*typePlan, error) {
	p := planner{plans: make(map[reflect.Type]*typePlan)}
	return p.plan(t)
}

func (p *planner) plan(t reflect.Type) (*typePlan, error) {
	if tp, ok := p.plans[t]; ok {
		return tp, nil
	}
	tp := &typePlan{goType: t}
	if rule, ok := keyRules[t]; ok {
		tp.kind, tp.key = kindKey, rule
		p.plans[t] = tp
		return tp, nil
	}
	if err := p.fill(tp); err != nil {
		return nil, err
	}
	p.plans[t] = tp
	return tp, nil
}

func (p *planner) fill(tp *typePlan) error {
	t := tp.goType
	switch {
	case t == timeType:
		tp.kind = kindTime
	case t == uuidType:
		tp.kind = kindUUID
	case t.Kind() == reflect.String:
		tp.kind = kindString
	case t.Kind() == reflect.Int64:
		tp.kind = kindLong
	case t.Kind() == reflect.Float64:
		tp.kind = kindDouble
	case t.Kind() == reflect.Bool:
		tp.kind = kindBool
	case t.Kind() == reflect.Slice:
		return p.fillContainer(tp, kindArray)
	case t.Kind() == reflect.Map && t.Key().Kind() == reflect.String:
		return p.fillContainer(tp, kindMap)
	case t.Kind() == reflect.Struct:
		return p.fillRecord(tp)
	default:
		return fmt.Errorf("type %v has no Avro form", t)
	}
	return nil
}

func (p *planner) fillContainer(tp *typePlan, kind planKind) error {
	elem, err := p.plan(tp.goType.Elem())
	if err != nil {
		return err
	}
	tp.kind, tp.elem = kind, elem
	return nil
}

func (p *planner) fillRecord(tp *typePlan) error {
	t := tp.goType
	tp.kind = kindRecord
	tp.name = t.Name()
	if n, ok := reflect.Zero(t).Interface().(recordNamer); ok {
		tp.name = n.AvroRecordName()
	}
	tp.index = make(map[string]int)

	for i := range t.NumField() {
		f, err := p.field(t.Field(i))
		if err != nil {
			return fmt.Errorf("%v.%s: %w", t, t.Field(i).Name, err)
		}
		if f == nil {
			continue
		}
		tp.index[f.avroName] = len(tp.fields)
		tp.fields = append(tp.fields, *f)
	}
	return nil
}

// field plans one struct field. It returns nil for a field outside the record.
func (p *planner) field(sf reflect.StructField) (*fieldPlan, error) {
	tag, ok := sf.Tag.Lookup("avro")
	if !ok {
		return nil, fmt.Errorf("missing avro struct tag")
	}
	if tag == "-" || !sf.IsExported() {
		return nil, nil
	}
	name, opts, _ := strings.Cut(tag, ",")
	f := &fieldPlan{goName: sf.Name, avroName: name, index: sf.Index[0], offset: sf.Offset}
	for opt := range strings.SplitSeq(opts, ",") {
		switch {
		case opt == "":
		case opt == "optional":
			f.optional = true
		case strings.HasPrefix(opt, "default="):
			f.defaultJSON = strings.TrimPrefix(opt, "default=")
		default:
			return nil, fmt.Errorf("unknown avro tag option %q", opt)
		}
	}

	t := sf.Type
	if t.Kind() == reflect.Pointer {
		if !f.optional {
			return nil, fmt.Errorf("pointer field must be tagged optional")
		}
		f.pointer, t = true, t.Elem()
	} else if f.optional && t.Kind() != reflect.Map && t.Kind() != reflect.Slice {
		return nil, fmt.Errorf("optional field must be a pointer, map or slice")
	}

	plan, err := p.plan(t)
	if err != nil {
		return nil, err
	}
	f.plan = plan
	return f, nil
}

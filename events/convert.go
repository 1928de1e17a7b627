package events

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"time"
	"unsafe"

	"github.com/google/uuid"

	"github.com/openedx-go/eventbus/events/avro"
)

// The conversions read and write payload fields through unsafe pointers at
// offsets taken from the struct type when the plan was built, instead of
// through reflect.Value calls per field. That is sound because a plan is only
// ever applied to values of the Go type it was built from. Every kind also
// matches the memory layout of its Go kind. For example, a named string type
// is laid out as a string, and a pointer, map or slice starts with a pointer
// word.

// sliceHeader is the memory layout of a Go slice.
type sliceHeader struct {
	data unsafe.Pointer
	len  int
	cap  int
}

// convError is a conversion failure below the payload key. Its path grows
// as the error unwinds through records, arrays and maps.
type convError struct {
	path string
	msg  string
	err  error
}

func (e *convError) Error() string { return e.path + ": " + e.msg }

func failf(format string, args ...any) error {
	return &convError{msg: fmt.Sprintf(format, args...)}
}

// within prefixes the path of a *convError with elem.
func within(err error, elem string) error {
	ce, ok := err.(*convError)
	if !ok {
		return err
	}
	switch {
	case ce.path == "":
		ce.path = elem
	case ce.path[0] == '[':
		ce.path = elem + ce.path
	default:
		ce.path = elem + "." + ce.path
	}
	return err
}

// fieldError turns a conversion failure into a *FieldError rooted at the payload key.
func fieldError(op, eventType, payloadKey string, err error) error {
	ce, ok := within(err, payloadKey).(*convError)
	if !ok {
		return fmt.Errorf("%s %q: %w", op, eventType, err)
	}
	return &FieldError{Op: op, EventType: eventType, Path: ce.path, Msg: ce.msg, Err: ce.err}
}

// toRecord returns the record dictionary value of the value at p, which has
// the plan's Go type. Every record, array and map in the result is new.
func (t *typePlan) toRecord(p unsafe.Pointer) (any, error) {
	switch t.kind {
	case kindString:
		return *(*string)(p), nil
	case kindKey:
		s := *(*string)(p)
		if err := t.key.parse(s); err != nil {
			return nil, &convError{msg: "invalid " + t.key.name, err: unwrapKeyError(err)}
		}
		return s, nil
	case kindLong:
		return *(*int64)(p), nil
	case kindDouble:
		return *(*float64)(p), nil
	case kindBool:
		return *(*bool)(p), nil
	case kindTime:
		return FormatTime(*(*time.Time)(p)), nil
	case kindUUID:
		return (*uuid.UUID)(p).String(), nil
	case kindRecord:
		m := make(map[string]any, len(t.fields))
		return m, t.fillRecord(m, p)
	case kindArray:
		return t.arrayToRecord((*sliceHeader)(p))
	default:
		return t.mapToRecord(reflect.NewAt(t.goType, p).Elem())
	}
}

func unwrapKeyError(err error) error {
	if ke, ok := err.(*KeyError); ok {
		return fmt.Errorf("%q: %s (expected %s)", ke.Value, ke.Reason, ke.Forms)
	}
	return err
}

// fillRecord sets every field of the new record dictionary m from the
// struct at p.
func (t *typePlan) fillRecord(m map[string]any, p unsafe.Pointer) error {
	for i := range t.fields {
		f := &t.fields[i]
		fp := unsafe.Add(p, f.offset)
		if f.optional {
			// Pointers, maps and slices all start with a word that is nil
			// for a nil value.
			ptr := *(*unsafe.Pointer)(fp)
			if ptr == nil {
				m[f.avroName] = nil
				continue
			}
			if f.pointer {
				fp = ptr
			}
		}
		x, err := f.plan.toRecord(fp)
		if err != nil {
			return within(err, f.avroName)
		}
		m[f.avroName] = x
	}
	return nil
}

// appendUUID appends the form of [uuid.UUID.String]: lowercase hexadecimal
// digits in groups of 8, 4, 4, 4 and 12.
func appendUUID(b []byte, id *uuid.UUID) []byte {
	const hexDigits = "0123456789abcdef"
	for i, c := range id {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, hexDigits[c>>4], hexDigits[c&0xf])
	}
	return b
}

func (t *typePlan) arrayToRecord(s *sliceHeader) (any, error) {
	out := make([]any, s.len)
	size := t.elem.goType.Size()
	for i := range out {
		x, err := t.elem.toRecord(unsafe.Add(s.data, uintptr(i)*size))
		if err != nil {
			return nil, within(err, "["+strconv.Itoa(i)+"]")
		}
		out[i] = x
	}
	return out, nil
}

func (t *typePlan) mapToRecord(v reflect.Value) (any, error) {
	out := make(map[string]any, v.Len())
	// Map values are not addressable, so each is copied to val first.
	val := reflect.New(t.elem.goType).Elem()
	iter := v.MapRange()
	for iter.Next() {
		val.SetIterValue(iter)
		x, err := t.elem.toRecord(val.Addr().UnsafePointer())
		if err != nil {
			return nil, within(err, "["+strconv.Quote(iter.Key().String())+"]")
		}
		out[iter.Key().String()] = x
	}
	return out, nil
}

// fromRecord sets the value at p, which has the plan's Go type and contains its
// zero value, from the record dictionary value x. With wrapped set, x is in
// goavro's native form instead, where a non-null optional value is wrapped in a
// one-entry map keyed by its branch type name.
func (t *typePlan) fromRecord(x any, p unsafe.Pointer, wrapped bool) error {
	switch t.kind {
	case kindString:
		s, ok := x.(string)
		if !ok {
			return failf("expected a string, got %s", describe(x))
		}
		*(*string)(p) = s
	case kindKey:
		return t.keyFromRecord(x, p)
	case kindLong:
		n, err := toLong(x)
		if err != nil {
			return err
		}
		*(*int64)(p) = n
	case kindDouble:
		f, err := toDouble(x)
		if err != nil {
			return err
		}
		*(*float64)(p) = f
	case kindBool:
		b, ok := x.(bool)
		if !ok {
			return failf("expected a boolean, got %s", describe(x))
		}
		*(*bool)(p) = b
	case kindTime:
		return timeFromRecord(x, (*time.Time)(p))
	case kindUUID:
		return uuidFromRecord(x, (*uuid.UUID)(p))
	case kindRecord:
		return t.recordFromRecord(x, p, wrapped)
	case kindArray:
		return t.arrayFromRecord(x, p, wrapped)
	default:
		return t.mapFromRecord(x, p, wrapped)
	}
	return nil
}

func (t *typePlan) keyFromRecord(x any, p unsafe.Pointer) error {
	s, ok := x.(string)
	if !ok {
		return failf("expected a %s string, got %s", t.key.name, describe(x))
	}
	if err := t.key.parse(s); err != nil {
		return &convError{msg: "invalid " + t.key.name, err: unwrapKeyError(err)}
	}
	*(*string)(p) = s
	return nil
}

func timeFromRecord(x any, dst *time.Time) error {
	s, ok := x.(string)
	if !ok {
		return failf("expected a time string such as \"2024-03-01T12:30:00+00:00\", got %s", describe(x))
	}
	tm, err := ParseTime(s)
	if err != nil {
		// err starts with "invalid time", so msg states what is expected instead.
		return &convError{msg: "expected a time such as \"2024-03-01T12:30:00+00:00\"", err: err}
	}
	*dst = tm
	return nil
}

func uuidFromRecord(x any, dst *uuid.UUID) error {
	s, ok := x.(string)
	if !ok {
		return failf("expected a UUID string, got %s", describe(x))
	}
	id, err := uuid.Parse(s)
	if err != nil {
		return &convError{msg: fmt.Sprintf("invalid UUID %q", s), err: err}
	}
	*dst = id
	return nil
}

func (t *typePlan) recordFromRecord(x any, p unsafe.Pointer, wrapped bool) error {
	m, ok := x.(map[string]any)
	if !ok {
		return failf("expected a %s record (object), got %s", t.name, describe(x))
	}
	present := 0
	for i := range t.fields {
		f := &t.fields[i]
		fx, ok := m[f.avroName]
		if ok {
			present++
		}
		if err := f.fromRecord(fx, ok, unsafe.Add(p, f.offset), wrapped); err != nil {
			return within(err, f.avroName)
		}
	}
	if present != len(m) {
		return t.unknownField(m)
	}
	return nil
}

// unknownField returns the error for the first field of m, in key order,
// that the record does not have.
func (t *typePlan) unknownField(m map[string]any) error {
	var unknown []string
	for k := range m {
		if _, ok := t.index[k]; !ok {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	return within(failf("unknown field of record %s", t.name), unknown[0])
}

func (f *fieldPlan) fromRecord(x any, present bool, p unsafe.Pointer, wrapped bool) error {
	if wrapped && f.optional && x != nil {
		var err error
		if x, err = unwrapOptional(x, f.plan.kind); err != nil {
			return err
		}
	}
	if x == nil {
		switch {
		case f.optional:
			return nil
		case !present:
			return failf("missing required field")
		}
		return failf("null for a required field")
	}
	if !f.pointer {
		return f.plan.fromRecord(x, p, wrapped)
	}
	v := reflect.New(f.plan.goType)
	if err := f.plan.fromRecord(x, v.UnsafePointer(), wrapped); err != nil {
		return err
	}
	*(*unsafe.Pointer)(p) = v.UnsafePointer()
	return nil
}

func (t *typePlan) arrayFromRecord(x any, p unsafe.Pointer, wrapped bool) error {
	list, ok := x.([]any)
	if !ok {
		return failf("expected an array, got %s", describe(x))
	}
	out := reflect.MakeSlice(t.goType, len(list), len(list))
	data := out.UnsafePointer()
	size := t.elem.goType.Size()
	for i, item := range list {
		if err := t.elem.fromRecord(item, unsafe.Add(data, uintptr(i)*size), wrapped); err != nil {
			return within(err, "["+strconv.Itoa(i)+"]")
		}
	}
	reflect.NewAt(t.goType, p).Elem().Set(out)
	return nil
}

func (t *typePlan) mapFromRecord(x any, p unsafe.Pointer, wrapped bool) error {
	m, ok := x.(map[string]any)
	if !ok {
		return failf("expected a map (object), got %s", describe(x))
	}
	out := reflect.MakeMapWithSize(t.goType, len(m))
	val := reflect.New(t.elem.goType).Elem()
	for k, item := range m {
		val.SetZero()
		if err := t.elem.fromRecord(item, val.Addr().UnsafePointer(), wrapped); err != nil {
			return within(err, "["+strconv.Quote(k)+"]")
		}
		out.SetMapIndex(reflect.ValueOf(k).Convert(t.goType.Key()), val)
	}
	reflect.NewAt(t.goType, p).Elem().Set(out)
	return nil
}

// unwrapOptional returns the value inside the goavro union wrapper of a non-null
// ["null", T] value: a map with the branch type name as its single key. The
// name of every branch but a record, whose full name carries the event's
// namespace, follows from the kind.
func unwrapOptional(x any, kind planKind) (any, error) {
	if w, ok := x.(map[string]any); ok && len(w) == 1 {
		if kind != kindRecord {
			if inner, ok := w[kind.avroType()]; ok {
				return inner, nil
			}
		} else {
			for _, inner := range w {
				return inner, nil
			}
		}
	}
	return nil, failf("expected a wrapped union value, got %s", describe(x))
}

// toLong accepts the integer forms a record dictionary may hold: Go integers,
// json.Number and floats without a fraction.
func toLong(x any) (int64, error) {
	switch n := x.(type) {
	case int64:
		return n, nil
	case int:
		return int64(n), nil
	case int32:
		return int64(n), nil
	case json.Number:
		v, err := strconv.ParseInt(string(n), 10, 64)
		if err != nil {
			return 0, failf("expected a 64-bit integer, got %s", n)
		}
		return v, nil
	case float64:
		if n == math.Trunc(n) && n >= -(1<<63) && n < 1<<63 {
			return int64(n), nil
		}
	}
	return 0, failf("expected an integer, got %s", describe(x))
}

func toDouble(x any) (float64, error) {
	switch n := x.(type) {
	case float64:
		return n, nil
	case float32:
		return float64(n), nil
	case int64:
		return float64(n), nil
	case int:
		return float64(n), nil
	case int32:
		return float64(n), nil
	case json.Number:
		v, err := n.Float64()
		if err == nil {
			return v, nil
		}
		if errors.Is(err, strconv.ErrRange) {
			return 0, failf("number %s is out of range for a double", n)
		}
	case string:
		// The JSON form of the doubles that have no JSON number, see JSONValue.
		if v, ok := avro.ParseNonFinite(n); ok {
			return v, nil
		}
		return 0, failf("expected a number, or \"NaN\", \"Infinity\" or \"-Infinity\", got %s", describe(x))
	}
	return 0, failf("expected a number, got %s", describe(x))
}

// describe names the JSON kind of x for error messages.
func describe(x any) string {
	switch v := x.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("string %q", v)
	case bool:
		return fmt.Sprintf("boolean %t", v)
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case json.Number, int, int32, int64, float32, float64:
		return fmt.Sprintf("number %v", v)
	default:
		return fmt.Sprintf("%T %v", x, x)
	}
}

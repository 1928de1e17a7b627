package events

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"time"

	"github.com/google/uuid"
)

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

// toRecord converts the addressable value v of the plan's type to its
// record dictionary form.
func (t *typePlan) toRecord(v reflect.Value) (any, error) {
	switch t.kind {
	case kindString:
		return v.String(), nil
	case kindKey:
		s := v.String()
		if err := t.key.parse(s); err != nil {
			return nil, &convError{msg: "invalid " + t.key.name, err: unwrapKeyError(err)}
		}
		return s, nil
	case kindLong:
		return v.Int(), nil
	case kindDouble:
		return v.Float(), nil
	case kindBool:
		return v.Bool(), nil
	case kindTime:
		return FormatTime(*v.Addr().Interface().(*time.Time)), nil
	case kindUUID:
		return v.Addr().Interface().(*uuid.UUID).String(), nil
	case kindRecord:
		return t.recordToRecord(v)
	case kindArray:
		return t.arrayToRecord(v)
	default:
		return t.mapToRecord(v)
	}
}

func unwrapKeyError(err error) error {
	if ke, ok := err.(*KeyError); ok {
		return fmt.Errorf("%q: %s (expected %s)", ke.Value, ke.Reason, ke.Forms)
	}
	return err
}

func (t *typePlan) recordToRecord(v reflect.Value) (any, error) {
	out := make(map[string]any, len(t.fields))
	for i := range t.fields {
		f := &t.fields[i]
		fv := v.Field(f.index)
		if f.pointer || f.optional {
			if fv.IsNil() {
				out[f.avroName] = nil
				continue
			}
			if f.pointer {
				fv = fv.Elem()
			}
		}
		x, err := f.plan.toRecord(fv)
		if err != nil {
			return nil, within(err, f.avroName)
		}
		out[f.avroName] = x
	}
	return out, nil
}

func (t *typePlan) arrayToRecord(v reflect.Value) (any, error) {
	out := make([]any, v.Len())
	for i := range out {
		x, err := t.elem.toRecord(v.Index(i))
		if err != nil {
			return nil, within(err, "["+strconv.Itoa(i)+"]")
		}
		out[i] = x
	}
	return out, nil
}

func (t *typePlan) mapToRecord(v reflect.Value) (any, error) {
	out := make(map[string]any, v.Len())
	iter := v.MapRange()
	for iter.Next() {
		// Map values are not addressable, and times and UUIDs are read through a pointer.
		val := reflect.New(t.elem.goType).Elem()
		val.Set(iter.Value())
		x, err := t.elem.toRecord(val)
		if err != nil {
			return nil, within(err, "["+strconv.Quote(iter.Key().String())+"]")
		}
		out[iter.Key().String()] = x
	}
	return out, nil
}

// fromRecord sets the settable dst from the record dictionary value x.
func (t *typePlan) fromRecord(x any, dst reflect.Value) error {
	switch t.kind {
	case kindString:
		s, ok := x.(string)
		if !ok {
			return failf("expected a string, got %s", describe(x))
		}
		dst.SetString(s)
	case kindKey:
		return t.keyFromRecord(x, dst)
	case kindLong:
		n, err := toLong(x)
		if err != nil {
			return err
		}
		dst.SetInt(n)
	case kindDouble:
		f, err := toDouble(x)
		if err != nil {
			return err
		}
		dst.SetFloat(f)
	case kindBool:
		b, ok := x.(bool)
		if !ok {
			return failf("expected a boolean, got %s", describe(x))
		}
		dst.SetBool(b)
	case kindTime:
		return timeFromRecord(x, dst)
	case kindUUID:
		return uuidFromRecord(x, dst)
	case kindRecord:
		return t.recordFromRecord(x, dst)
	case kindArray:
		return t.arrayFromRecord(x, dst)
	default:
		return t.mapFromRecord(x, dst)
	}
	return nil
}

func (t *typePlan) keyFromRecord(x any, dst reflect.Value) error {
	s, ok := x.(string)
	if !ok {
		return failf("expected a %s string, got %s", t.key.name, describe(x))
	}
	return t.keyFromString(s, dst)
}

func (t *typePlan) keyFromString(s string, dst reflect.Value) error {
	if err := t.key.parse(s); err != nil {
		return &convError{msg: "invalid " + t.key.name, err: unwrapKeyError(err)}
	}
	dst.SetString(s)
	return nil
}

func timeFromRecord(x any, dst reflect.Value) error {
	s, ok := x.(string)
	if !ok {
		return failf("expected a time string such as \"2024-03-01T12:30:00+00:00\", got %s", describe(x))
	}
	return timeFromString(s, dst)
}

func timeFromString(s string, dst reflect.Value) error {
	tm, err := ParseTime(s)
	if err != nil {
		return &convError{msg: "invalid time", err: err}
	}
	*dst.Addr().Interface().(*time.Time) = tm
	return nil
}

func uuidFromRecord(x any, dst reflect.Value) error {
	s, ok := x.(string)
	if !ok {
		return failf("expected a UUID string, got %s", describe(x))
	}
	id, err := uuid.Parse(s)
	if err != nil {
		return &convError{msg: fmt.Sprintf("invalid UUID %q", s), err: err}
	}
	*dst.Addr().Interface().(*uuid.UUID) = id
	return nil
}

func (t *typePlan) recordFromRecord(x any, dst reflect.Value) error {
	m, ok := x.(map[string]any)
	if !ok {
		return failf("expected a %s record (object), got %s", t.name, describe(x))
	}
	for k := range m {
		if _, ok := t.index[k]; !ok {
			return within(failf("unknown field of record %s", t.name), k)
		}
	}
	for i := range t.fields {
		f := &t.fields[i]
		if err := f.fromRecord(m, dst.Field(f.index)); err != nil {
			return within(err, f.avroName)
		}
	}
	return nil
}

func (f *fieldPlan) fromRecord(m map[string]any, dst reflect.Value) error {
	x, present := m[f.avroName]
	if x == nil {
		if f.optional {
			return nil
		}
		if !present {
			return failf("missing required field")
		}
		return failf("null for a required field")
	}
	if !f.pointer {
		return f.plan.fromRecord(x, dst)
	}
	p := reflect.New(f.plan.goType)
	if err := f.plan.fromRecord(x, p.Elem()); err != nil {
		return err
	}
	dst.Set(p)
	return nil
}

func (t *typePlan) arrayFromRecord(x any, dst reflect.Value) error {
	list, ok := x.([]any)
	if !ok {
		return failf("expected an array, got %s", describe(x))
	}
	out := reflect.MakeSlice(t.goType, len(list), len(list))
	for i, item := range list {
		if err := t.elem.fromRecord(item, out.Index(i)); err != nil {
			return within(err, "["+strconv.Itoa(i)+"]")
		}
	}
	dst.Set(out)
	return nil
}

func (t *typePlan) mapFromRecord(x any, dst reflect.Value) error {
	m, ok := x.(map[string]any)
	if !ok {
		return failf("expected a map (object), got %s", describe(x))
	}
	out := reflect.MakeMapWithSize(t.goType, len(m))
	val := reflect.New(t.elem.goType).Elem()
	for k, item := range m {
		val.SetZero()
		if err := t.elem.fromRecord(item, val); err != nil {
			return within(err, "["+strconv.Quote(k)+"]")
		}
		out.SetMapIndex(reflect.ValueOf(k), val)
	}
	dst.Set(out)
	return nil
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
	default:
		return fmt.Sprintf("%T %v", x, x)
	}
}

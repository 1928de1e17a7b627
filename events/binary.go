package events

import (
	"errors"
	"reflect"
	"slices"
	"sync"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/google/uuid"

	"github.com/openedx-go/eventbus/events/avro"
)

// The direct decoder reads Avro binary written with an event's own schema straight
// into the payload struct, without the record dictionary that goavro would build. It
// walks the plan, which mirrors the generated schema, and leaves each scalar to goavro,
// as the avro codec's encoder does.
//
// It accepts what the checked path (the avro codec's pre-check, goavro's
// NativeFromBinary, then fromRecord) accepts, with the same payload, with one
// exception: it leaves every array of records without fields to the checked path. On
// any problem it returns errDirect, and binding.decode runs the checked path, which
// decodes what it accepts and names the byte offset or the field of what it rejects.

// errDirect reports that the direct decoder cannot decode the bytes.
var errDirect = errors.New("direct decoding failed")

// decodeDirect sets the zero value at p from the start of b and returns the
// bytes after the value.
func (t *typePlan) decodeDirect(b []byte, p unsafe.Pointer) ([]byte, error) {
	switch t.kind {
	case kindString, kindKey, kindTime, kindUUID:
		s, rest, err := directString(b)
		if err != nil {
			return b, err
		}
		switch t.kind {
		case kindKey:
			if t.key.parse(s) != nil {
				return b, errDirect
			}
		case kindTime:
			tm, err := ParseTime(s)
			if err != nil {
				return b, errDirect
			}
			*(*time.Time)(p) = tm
			return rest, nil
		case kindUUID:
			id, err := uuid.Parse(s)
			if err != nil {
				return b, errDirect
			}
			*(*uuid.UUID)(p) = id
			return rest, nil
		}
		*(*string)(p) = s
		return rest, nil
	case kindLong:
		n, rest, err := directLong(b)
		if err != nil {
			return b, err
		}
		*(*int64)(p) = n
		return rest, nil
	case kindDouble:
		f, rest, err := directScalar[float64](avro.Double, b)
		if err != nil {
			return b, err
		}
		*(*float64)(p) = f
		return rest, nil
	case kindBool:
		if len(b) == 0 || b[0] > 1 {
			return b, errDirect
		}
		x, rest, err := directScalar[bool](avro.Boolean, b)
		if err != nil {
			return b, err
		}
		*(*bool)(p) = x
		return rest, nil
	case kindRecord:
		var err error
		for i := range t.fields {
			if b, err = t.fields[i].decodeDirect(b, unsafe.Add(p, t.fields[i].offset)); err != nil {
				return b, err
			}
		}
		return b, nil
	case kindArray:
		return t.decodeDirectArray(b, p)
	default:
		return t.decodeDirectMap(b, p)
	}
}

// decodeDirect reads one field: an optional one is a union of null (index 0)
// and its type (index 1).
func (f *fieldPlan) decodeDirect(b []byte, p unsafe.Pointer) ([]byte, error) {
	if f.optional {
		branch, rest, err := directLong(b)
		switch {
		case err != nil:
			return b, err
		case branch == 0:
			return rest, nil
		case branch != 1:
			return b, errDirect
		}
		b = rest
	}
	if !f.pointer {
		return f.plan.decodeDirect(b, p)
	}
	v := reflect.New(f.plan.goType)
	rest, err := f.plan.decodeDirect(b, v.UnsafePointer())
	if err != nil {
		return b, err
	}
	*(*unsafe.Pointer)(p) = v.UnsafePointer()
	return rest, nil
}

// decodeDirectArray reads the blocks of an array into a new slice. An empty
// array gives an empty, non-nil slice, as fromRecord does.
func (t *typePlan) decodeDirectArray(b []byte, p unsafe.Pointer) ([]byte, error) {
	if t.elem.encodesEmpty() {
		// A block count of items that take no bytes is bounded by nothing in
		// the data: the checked path limits their number.
		return b, errDirect
	}
	out := reflect.MakeSlice(t.goType, 0, 0)
	item := reflect.New(t.elem.goType).Elem()
	err := eachItem(b, &b, func(rest []byte) ([]byte, error) {
		item.SetZero()
		rest, err := t.elem.decodeDirect(rest, item.Addr().UnsafePointer())
		if err == nil {
			out = reflect.Append(out, item)
		}
		return rest, err
	})
	if err != nil {
		return b, err
	}
	reflect.NewAt(t.goType, p).Elem().Set(out)
	return b, nil
}

// decodeDirectMap reads the blocks of a map into a new map. An empty map gives
// an empty, non-nil map, as fromRecord does. A key that repeats is an error,
// as in goavro.
func (t *typePlan) decodeDirectMap(b []byte, p unsafe.Pointer) ([]byte, error) {
	out := reflect.MakeMap(t.goType)
	val := reflect.New(t.elem.goType).Elem()
	err := eachItem(b, &b, func(rest []byte) ([]byte, error) {
		k, rest, err := directString(rest)
		if err != nil {
			return rest, err
		}
		key := reflect.ValueOf(k).Convert(t.goType.Key())
		if out.MapIndex(key).IsValid() {
			return rest, errDirect // goavro rejects a repeated key
		}
		val.SetZero()
		if rest, err = t.elem.decodeDirect(rest, val.Addr().UnsafePointer()); err != nil {
			return rest, err
		}
		out.SetMapIndex(key, val)
		return rest, nil
	})
	if err != nil {
		return b, err
	}
	reflect.NewAt(t.goType, p).Elem().Set(out)
	return b, nil
}

// encodesEmpty reports whether a value of the plan's type can encode to no
// bytes: a record whose fields all can, such as a record without fields.
func (t *typePlan) encodesEmpty() bool {
	if t.kind != kindRecord {
		return false
	}
	for i := range t.fields {
		if t.fields[i].optional || !t.fields[i].plan.encodesEmpty() {
			return false
		}
	}
	return true
}

// eachItem calls item for every item of the array or map blocks at the start
// of b and leaves the bytes after the last block in *end. The caller makes
// sure that every item takes at least one byte, so a block count larger than
// the remaining bytes is rejected before any item is read.
func eachItem(b []byte, end *[]byte, item func([]byte) ([]byte, error)) error {
	for {
		count, rest, err := directLong(b)
		if err != nil {
			return err
		}
		if count == 0 {
			*end = rest
			return nil
		}
		if count < 0 {
			if count == -1<<63 {
				return errDirect
			}
			// A negative count is followed by the block size in bytes.
			if _, rest, err = directLong(rest); err != nil {
				return err
			}
			count = -count
		}
		if count > int64(len(rest)) {
			return errDirect
		}
		for range count {
			if rest, err = item(rest); err != nil {
				return err
			}
		}
		b = rest
	}
}

// directScalar reads one value of the primitive kind k with goavro. It
// returns errDirect when goavro fails or returns a value that is not a V.
func directScalar[V any](k avro.Kind, b []byte) (V, []byte, error) {
	v, rest, err := avro.DecodeScalar(k, b)
	x, ok := v.(V)
	if err != nil || !ok {
		var zero V
		return zero, b, errDirect
	}
	return x, rest, nil
}

// directLong reads a long with goavro.
func directLong(b []byte) (int64, []byte, error) {
	if !avro.LongFits(b) {
		return 0, b, errDirect
	}
	return directScalar[int64](avro.Long, b)
}

// directString reads a string with goavro and rejects invalid UTF-8, as the
// pre-check does.
func directString(b []byte) (string, []byte, error) {
	if !avro.LongFits(b) {
		return "", b, errDirect
	}
	s, rest, err := directScalar[string](avro.String, b)
	if err != nil || !utf8.ValidString(s) {
		return "", b, errDirect
	}
	return s, rest, nil
}

// encodeScratch is the memory where the direct encoder formats a time or a
// UUID for goavro. It comes from scratchPool, so encoding allocates none.
type encodeScratch struct {
	text  [64]byte
	bytes []byte
}

var scratchPool = sync.Pool{New: func() any { return new(encodeScratch) }}

// appendDirect appends the Avro binary of the value at p, which has the
// plan's Go type, writing what the avro codec writes for its record
// dictionary: each map as one block in sorted key order and each array as
// one block. It returns errDirect for an invalid opaque key, and
// binding.encode then takes the record dictionary path for the error.
func (t *typePlan) appendDirect(buf []byte, p unsafe.Pointer, sc *encodeScratch) ([]byte, error) {
	switch t.kind {
	case kindString:
		if !utf8.ValidString(*(*string)(p)) {
			return buf, errDirect
		}
		return avro.AppendStringAt(buf, (*string)(p))
	case kindKey:
		if s := *(*string)(p); !utf8.ValidString(s) || t.key.parse(s) != nil {
			return buf, errDirect
		}
		return avro.AppendStringAt(buf, (*string)(p))
	case kindLong:
		return avro.AppendLongAt(buf, (*int64)(p))
	case kindDouble:
		return avro.AppendDoubleAt(buf, (*float64)(p))
	case kindBool:
		return avro.AppendScalar(buf, avro.Boolean, *(*bool)(p))
	case kindTime:
		sc.bytes = appendTime(sc.text[:0], *(*time.Time)(p))
		return avro.AppendBytesAt(buf, &sc.bytes)
	case kindUUID:
		sc.bytes = appendUUID(sc.text[:0], (*uuid.UUID)(p))
		return avro.AppendBytesAt(buf, &sc.bytes)
	case kindRecord:
		var err error
		for i := range t.fields {
			if buf, err = t.fields[i].appendDirect(buf, unsafe.Add(p, t.fields[i].offset), sc); err != nil {
				return buf, err
			}
		}
		return buf, nil
	case kindArray:
		return t.appendDirectArray(buf, (*sliceHeader)(p), sc)
	default:
		return t.appendDirectMap(buf, reflect.NewAt(t.goType, p).Elem(), sc)
	}
}

// appendDirect appends one field. An optional field is a union of null
// (index 0, written as 0) and its type (index 1, written as 2).
func (f *fieldPlan) appendDirect(buf []byte, p unsafe.Pointer, sc *encodeScratch) ([]byte, error) {
	if f.optional {
		// Pointers, maps and slices all start with a word that is nil for a
		// nil value.
		ptr := *(*unsafe.Pointer)(p)
		if ptr == nil {
			return append(buf, 0), nil
		}
		buf = append(buf, 2)
		if f.pointer {
			p = ptr
		}
	}
	return f.plan.appendDirect(buf, p, sc)
}

func (t *typePlan) appendDirectArray(buf []byte, s *sliceHeader, sc *encodeScratch) ([]byte, error) {
	if s.len > 0 {
		buf = avro.AppendLong(buf, int64(s.len))
		size := t.elem.goType.Size()
		var err error
		for i := range s.len {
			if buf, err = t.elem.appendDirect(buf, unsafe.Add(s.data, uintptr(i)*size), sc); err != nil {
				return buf, err
			}
		}
	}
	return append(buf, 0), nil
}

func (t *typePlan) appendDirectMap(buf []byte, m reflect.Value, sc *encodeScratch) ([]byte, error) {
	if m.Len() > 0 {
		keys := make([]string, 0, m.Len())
		for iter := m.MapRange(); iter.Next(); {
			keys = append(keys, iter.Key().String())
		}
		slices.Sort(keys)

		buf = avro.AppendLong(buf, int64(len(keys)))
		// Map values are not addressable, so each is copied to val first.
		val := reflect.New(t.elem.goType).Elem()
		var err error
		for _, k := range keys {
			if !utf8.ValidString(k) {
				return buf, errDirect
			}
			buf = avro.AppendLong(buf, int64(len(k)))
			buf = append(buf, k...)
			val.Set(m.MapIndex(reflect.ValueOf(k).Convert(m.Type().Key())))
			if buf, err = t.elem.appendDirect(buf, val.Addr().UnsafePointer(), sc); err != nil {
				return buf, err
			}
		}
	}
	return append(buf, 0), nil
}

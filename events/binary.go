package events

import (
	"encoding/binary"
	"math"
	"reflect"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/google/uuid"
)

// The payload plans also encode and decode Avro binary directly, without the
// record dictionary in between: building maps of boxed values costs more
// than the Avro encoding itself. The output is byte for byte what the
// record dictionary path (ToRecord, then avro.Codec) writes, which tests
// check for every reference vector and for random payloads.
//
// The encoder reads fields through unsafe pointers at offsets taken from the
// struct type when the plan was built, instead of through reflect.Value calls
// per field. That is sound because a plan is only ever applied to values of
// the Go type it was built from. Every kind below also matches the memory
// layout of its Go kind, since a named string type is laid out as a string.

// sliceHeader is the memory layout of a Go slice.
type sliceHeader struct {
	data unsafe.Pointer
	len  int
	cap  int
}

// appendBinary appends the Avro binary of the value at p, which has the
// plan's Go type.
func (t *typePlan) appendBinary(buf []byte, p unsafe.Pointer) ([]byte, error) {
	switch t.kind {
	case kindString:
		return appendString(buf, *(*string)(p)), nil
	case kindKey:
		s := *(*string)(p)
		if err := t.key.parse(s); err != nil {
			return buf, &convError{msg: "invalid " + t.key.name, err: unwrapKeyError(err)}
		}
		return appendString(buf, s), nil
	case kindLong:
		return appendLong(buf, *(*int64)(p)), nil
	case kindDouble:
		return binary.LittleEndian.AppendUint64(buf, math.Float64bits(*(*float64)(p))), nil
	case kindBool:
		if *(*bool)(p) {
			return append(buf, 1), nil
		}
		return append(buf, 0), nil
	case kindTime:
		return appendTime(buf, (*time.Time)(p)), nil
	case kindUUID:
		return appendUUID(buf, (*uuid.UUID)(p)), nil
	case kindRecord:
		return t.appendRecord(buf, p)
	case kindArray:
		return t.appendArray(buf, (*sliceHeader)(p))
	default:
		return t.appendMap(buf, reflect.NewAt(t.goType, p).Elem())
	}
}

func (t *typePlan) appendRecord(buf []byte, p unsafe.Pointer) ([]byte, error) {
	var err error
	for i := range t.fields {
		f := &t.fields[i]
		fp := unsafe.Add(p, f.offset)
		if f.optional {
			// Optional fields are the union ["null", T]: branch 0 is null.
			// Pointers, maps and slices all start with a pointer that is nil
			// for a nil value.
			ptr := *(*unsafe.Pointer)(fp)
			if ptr == nil {
				buf = append(buf, 0)
				continue
			}
			buf = append(buf, 2)
			if f.pointer {
				fp = ptr
			}
		}
		if buf, err = f.plan.appendBinary(buf, fp); err != nil {
			return buf, within(err, f.avroName)
		}
	}
	return buf, nil
}

func (t *typePlan) appendArray(buf []byte, s *sliceHeader) ([]byte, error) {
	if s.len > 0 {
		buf = appendLong(buf, int64(s.len))
	}
	size := t.elem.goType.Size()
	var err error
	for i := range s.len {
		if buf, err = t.elem.appendBinary(buf, unsafe.Add(s.data, uintptr(i)*size)); err != nil {
			return buf, within(err, "["+strconv.Itoa(i)+"]")
		}
	}
	return append(buf, 0), nil
}

// appendMap writes the entries in sorted key order, the order the Python
// services write them.
func (t *typePlan) appendMap(buf []byte, v reflect.Value) ([]byte, error) {
	n := v.Len()
	if n == 0 {
		return append(buf, 0), nil
	}
	keys := v.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int {
		return compareStrings(a.String(), b.String())
	})

	buf = appendLong(buf, int64(n))
	val := reflect.New(t.elem.goType).Elem()
	var err error
	for _, k := range keys {
		buf = appendString(buf, k.String())
		val.Set(v.MapIndex(k))
		if buf, err = t.elem.appendBinary(buf, val.Addr().UnsafePointer()); err != nil {
			return buf, within(err, "["+strconv.Quote(k.String())+"]")
		}
	}
	return append(buf, 0), nil
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func appendLong(buf []byte, n int64) []byte {
	return binary.AppendUvarint(buf, uint64(n<<1)^uint64(n>>63))
}

func appendString(buf []byte, s string) []byte {
	buf = appendLong(buf, int64(len(s)))
	return append(buf, s...)
}

// appendTime writes t as a string in the FormatTime form, without allocating
// for the years 0 to 9999.
func appendTime(buf []byte, t *time.Time) []byte {
	u := t.UTC()
	year, month, day := u.Date()
	if year < 0 || year > 9999 {
		return appendString(buf, FormatTime(u))
	}
	hour, minute, sec := u.Clock()
	micro := u.Nanosecond() / 1000
	if micro == 0 {
		buf = append(buf, 2*25) // zigzag length of "2006-01-02T15:04:05+00:00"
	} else {
		buf = append(buf, 2*32) // with ".000000"
	}

	buf = appendPadded(buf, year, 4)
	buf = append(buf, '-')
	buf = appendPadded(buf, int(month), 2)
	buf = append(buf, '-')
	buf = appendPadded(buf, day, 2)
	buf = append(buf, 'T')
	buf = appendPadded(buf, hour, 2)
	buf = append(buf, ':')
	buf = appendPadded(buf, minute, 2)
	buf = append(buf, ':')
	buf = appendPadded(buf, sec, 2)
	if micro != 0 {
		buf = append(buf, '.')
		buf = appendPadded(buf, micro, 6)
	}
	return append(buf, "+00:00"...)
}

func appendPadded(b []byte, n, width int) []byte {
	start := len(b)
	for range width {
		b = append(b, '0')
	}
	for i := len(b) - 1; i >= start && n > 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return b
}

// appendUUID writes the canonical lowercase, hyphenated form.
func appendUUID(buf []byte, id *uuid.UUID) []byte {
	const hexDigits = "0123456789abcdef"
	buf = append(buf, 72) // zigzag length 36
	for i, c := range id {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			buf = append(buf, '-')
		}
		buf = append(buf, hexDigits[c>>4], hexDigits[c&0xf])
	}
	return buf
}

// binaryReader reads Avro binary values.
type binaryReader struct {
	buf []byte
	pos int
}

func (r *binaryReader) readLong() (int64, error) {
	u, n := binary.Uvarint(r.buf[r.pos:])
	if n <= 0 {
		if n == 0 {
			return 0, failf("truncated data: expected a long at byte %d", r.pos)
		}
		return 0, failf("invalid long at byte %d: more than 64 bits", r.pos)
	}
	r.pos += n
	return int64(u>>1) ^ -int64(u&1), nil
}

func (r *binaryReader) readBytes() ([]byte, error) {
	n, err := r.readLong()
	if err != nil {
		return nil, err
	}
	if n < 0 || n > int64(len(r.buf)-r.pos) {
		return nil, failf("invalid length %d at byte %d: %d bytes left", n, r.pos, len(r.buf)-r.pos)
	}
	b := r.buf[r.pos : r.pos+int(n)]
	r.pos += int(n)
	return b, nil
}

func (r *binaryReader) readString() (string, error) {
	b, err := r.readBytes()
	if err != nil {
		return "", err
	}
	if !utf8.Valid(b) {
		return "", failf("string is not valid UTF-8")
	}
	return string(b), nil
}

// readBlockCount reads the item count of an array or map block. A negative
// count is followed by the block size in bytes, which is skipped.
func (r *binaryReader) readBlockCount() (int, error) {
	n, err := r.readLong()
	if err != nil {
		return 0, err
	}
	if n < 0 {
		if n == math.MinInt64 {
			return 0, failf("invalid block count at byte %d", r.pos)
		}
		n = -n
		if _, err := r.readLong(); err != nil {
			return 0, err
		}
	}
	// Every item of a payload type takes at least one byte, which bounds the count.
	if n > int64(len(r.buf)-r.pos) {
		return 0, failf("invalid block count %d at byte %d: %d bytes left", n, r.pos, len(r.buf)-r.pos)
	}
	return int(n), nil
}

// readBinary sets the settable dst from the next value.
func (t *typePlan) readBinary(r *binaryReader, dst reflect.Value) error {
	switch t.kind {
	case kindString:
		s, err := r.readString()
		if err == nil {
			dst.SetString(s)
		}
		return err
	case kindKey:
		s, err := r.readString()
		if err != nil {
			return err
		}
		return t.keyFromString(s, dst)
	case kindLong:
		n, err := r.readLong()
		if err == nil {
			dst.SetInt(n)
		}
		return err
	case kindDouble:
		if len(r.buf)-r.pos < 8 {
			return failf("truncated data: expected a double at byte %d", r.pos)
		}
		dst.SetFloat(math.Float64frombits(binary.LittleEndian.Uint64(r.buf[r.pos:])))
		r.pos += 8
		return nil
	case kindBool:
		return readBool(r, dst)
	case kindTime:
		s, err := r.readString()
		if err != nil {
			return err
		}
		return timeFromString(s, dst)
	case kindUUID:
		return readUUID(r, dst)
	case kindRecord:
		return t.readRecord(r, dst)
	case kindArray:
		return t.readArray(r, dst)
	default:
		return t.readMap(r, dst)
	}
}

func readBool(r *binaryReader, dst reflect.Value) error {
	if r.pos >= len(r.buf) {
		return failf("truncated data: expected a boolean at byte %d", r.pos)
	}
	b := r.buf[r.pos]
	if b > 1 {
		return failf("invalid boolean byte %d at byte %d", b, r.pos)
	}
	r.pos++
	dst.SetBool(b == 1)
	return nil
}

func readUUID(r *binaryReader, dst reflect.Value) error {
	b, err := r.readBytes()
	if err != nil {
		return err
	}
	id, err := uuid.ParseBytes(b)
	if err != nil {
		return &convError{msg: strconv.Quote(string(b)) + " is not a valid UUID", err: err}
	}
	*dst.Addr().Interface().(*uuid.UUID) = id
	return nil
}

func (t *typePlan) readRecord(r *binaryReader, dst reflect.Value) error {
	for i := range t.fields {
		f := &t.fields[i]
		if err := f.readBinary(r, dst.Field(f.index)); err != nil {
			return within(err, f.avroName)
		}
	}
	return nil
}

func (f *fieldPlan) readBinary(r *binaryReader, dst reflect.Value) error {
	if !f.optional {
		return f.plan.readBinary(r, dst)
	}
	branch, err := r.readLong()
	if err != nil {
		return err
	}
	switch {
	case branch == 0:
		dst.SetZero()
		return nil
	case branch != 1:
		return failf("invalid union branch %d, expected 0 (null) or 1", branch)
	case !f.pointer:
		return f.plan.readBinary(r, dst)
	}
	p := reflect.New(f.plan.goType)
	if err := f.plan.readBinary(r, p.Elem()); err != nil {
		return err
	}
	dst.Set(p)
	return nil
}

func (t *typePlan) readArray(r *binaryReader, dst reflect.Value) error {
	out := reflect.MakeSlice(t.goType, 0, 0)
	for {
		n, err := r.readBlockCount()
		if err != nil || n == 0 {
			dst.Set(out)
			return err
		}
		start := out.Len()
		out = reflect.AppendSlice(out, reflect.MakeSlice(t.goType, n, n))
		for i := start; i < start+n; i++ {
			if err := t.elem.readBinary(r, out.Index(i)); err != nil {
				return within(err, "["+strconv.Itoa(i)+"]")
			}
		}
	}
}

func (t *typePlan) readMap(r *binaryReader, dst reflect.Value) error {
	out := reflect.MakeMap(t.goType)
	val := reflect.New(t.elem.goType).Elem()
	for {
		n, err := r.readBlockCount()
		if err != nil || n == 0 {
			dst.Set(out)
			return err
		}
		for range n {
			key, err := r.readString()
			if err != nil {
				return err
			}
			val.SetZero()
			if err := t.elem.readBinary(r, val); err != nil {
				return within(err, "["+strconv.Quote(key)+"]")
			}
			out.SetMapIndex(reflect.ValueOf(key), val)
		}
	}
}

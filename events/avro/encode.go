package avro

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The encoder walks the schema and the value together. goavro encodes every scalar
// (boolean, int, long, float, double, bytes, string, enum, fixed) with a codec built once
// per type. The walk writes the structure around the scalars: record fields in schema
// order, the branch index of a union, and array and map blocks. It exists for three
// reasons:
//
//   - goavro writes map entries in Go's random map iteration order, but the Python writer
//     sorts map keys, so byte-exact and repeatable output needs the walk to write each map
//     as one block of entries in sorted key order;
//   - goavro wants union values wrapped as map[string]any{"type name": value}, and the walk
//     picks the branch from the plain value instead of building wrapped copies of records;
//   - the walk checks every value first, so errors name the field path and unknown record
//     fields are rejected, which goavro ignores.
//
// The encoding of a record, array, map or union is fully determined by the Avro
// specification (concatenated fields, zig-zag varint counts and indexes), so writing that
// framing here produces the bytes goavro would write for the same value.

func (c *Codec) encode(buf []byte, t *Type, v any, depth int) ([]byte, error) {
	if depth > maxDepth {
		return buf, &ValueError{Reason: fmt.Sprintf("value nests deeper than %d levels", maxDepth)}
	}
	switch t.Kind {
	case Null:
		if v != nil {
			return buf, mismatch(t, v)
		}
		return buf, nil
	case Boolean:
		if _, ok := v.(bool); !ok {
			return buf, mismatch(t, v)
		}
		return primitiveCodecs[Boolean].BinaryFromNative(buf, v)
	case Int, Long:
		return encodeInteger(buf, t, v)
	case Float, Double:
		return encodeFloat(buf, t, v)
	case String:
		s, ok := v.(string)
		if !ok {
			return buf, mismatch(t, v)
		}
		if !utf8.ValidString(s) {
			return buf, invalidUTF8(s)
		}
		return primitiveCodecs[String].BinaryFromNative(buf, v)
	case Bytes:
		return encodeBytes(buf, t, v, primitiveCodecs[Bytes])
	case Enum:
		return c.encodeEnum(buf, t, v)
	case Fixed:
		return encodeBytes(buf, t, v, c.leaves[t])
	case Record:
		return c.encodeRecord(buf, t, v, depth)
	case Array:
		return c.encodeArray(buf, t, v, depth)
	case Map:
		return c.encodeMap(buf, t, v, depth)
	case Union:
		return c.encodeUnion(buf, t, v, depth)
	}
	return buf, &ValueError{Reason: fmt.Sprintf("unsupported schema kind %s", t.Kind)}
}

func encodeInteger(buf []byte, t *Type, v any) ([]byte, error) {
	i, err := toInt64(v)
	if err != nil {
		return buf, &ValueError{Reason: fmt.Sprintf("expected %s, %s", t.Kind, err)}
	}
	if t.Kind == Int {
		if i < math.MinInt32 || i > math.MaxInt32 {
			return buf, &ValueError{Reason: fmt.Sprintf("value %d is out of range for int "+
				"(32-bit), use a long field for larger values", i)}
		}
		return primitiveCodecs[Int].BinaryFromNative(buf, int32(i))
	}
	if _, ok := v.(int64); ok {
		return primitiveCodecs[Long].BinaryFromNative(buf, v) // avoids boxing i again
	}
	return primitiveCodecs[Long].BinaryFromNative(buf, i)
}

// toInt64 converts an integer value. Floats are accepted only when they are integral, so
// JSON decoded without UseNumber still works for values up to 2^53.
func toInt64(v any) (int64, error) {
	switch n := v.(type) {
	case int64:
		return n, nil
	case int:
		return int64(n), nil
	case int32:
		return int64(n), nil
	case int16:
		return int64(n), nil
	case int8:
		return int64(n), nil
	case uint8:
		return int64(n), nil
	case uint16:
		return int64(n), nil
	case uint32:
		return int64(n), nil
	case uint:
		return uintToInt64(uint64(n))
	case uint64:
		return uintToInt64(n)
	case float64:
		return floatToInt64(n)
	case float32:
		return floatToInt64(float64(n))
	case json.Number:
		if i, err := strconv.ParseInt(string(n), 10, 64); err == nil {
			return i, nil
		}
		f, err := strconv.ParseFloat(string(n), 64)
		if err != nil {
			return 0, fmt.Errorf("got invalid number %q", string(n))
		}
		return floatToInt64(f)
	}
	return 0, fmt.Errorf("got %s", describeValue(v))
}

func uintToInt64(n uint64) (int64, error) {
	if n > math.MaxInt64 {
		return 0, fmt.Errorf("got %d, which is out of range for a 64-bit integer", n)
	}
	return int64(n), nil
}

func floatToInt64(f float64) (int64, error) {
	if f != math.Trunc(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("got non-integral number %v", f)
	}
	if f < math.MinInt64 || f >= math.MaxInt64 {
		return 0, fmt.Errorf("got %v, which is out of range for a 64-bit integer", f)
	}
	return int64(f), nil
}

func encodeFloat(buf []byte, t *Type, v any) ([]byte, error) {
	f, err := toFloat64(v)
	if err != nil {
		return buf, &ValueError{Reason: fmt.Sprintf("expected %s, %s", t.Kind, err)}
	}
	if t.Kind == Float {
		return primitiveCodecs[Float].BinaryFromNative(buf, float32(f))
	}
	return primitiveCodecs[Double].BinaryFromNative(buf, f)
}

func toFloat64(v any) (float64, error) {
	switch n := v.(type) {
	case float64:
		return n, nil
	case float32:
		return float64(n), nil
	case json.Number:
		f, err := strconv.ParseFloat(string(n), 64)
		if err != nil {
			return 0, fmt.Errorf("got invalid number %q", string(n))
		}
		return f, nil
	}
	i, err := toInt64(v)
	return float64(i), err
}

func encodeBytes(buf []byte, t *Type, v any, codec interface {
	BinaryFromNative([]byte, any) ([]byte, error)
}) ([]byte, error) {
	var b []byte
	switch x := v.(type) {
	case []byte:
		b = x
	case string:
		b = []byte(x)
	default:
		return buf, mismatch(t, v)
	}
	if t.Kind == Fixed && len(b) != t.Size {
		return buf, &ValueError{Reason: fmt.Sprintf("expected %d bytes for fixed %s, got %d",
			t.Size, t.Name, len(b))}
	}
	return codec.BinaryFromNative(buf, b)
}

// invalidUTF8 is the error for a string that is not valid UTF-8, which Avro
// strings must be and which every decoder here rejects.
func invalidUTF8(s string) error {
	return &ValueError{Reason: fmt.Sprintf("string %q is not valid UTF-8: Avro strings must be UTF-8, so replace the invalid bytes", s)}
}

func (c *Codec) encodeEnum(buf []byte, t *Type, v any) ([]byte, error) {
	s, ok := v.(string)
	if !ok {
		return buf, mismatch(t, v)
	}
	if !slices.Contains(t.Symbols, s) {
		return buf, &ValueError{Reason: fmt.Sprintf("%q is not a symbol of enum %s, use one of %q",
			s, t.Name, t.Symbols)}
	}
	return c.leaves[t].BinaryFromNative(buf, s)
}

func (c *Codec) encodeRecord(buf []byte, t *Type, v any, depth int) ([]byte, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return buf, mismatch(t, v)
	}
	present := 0
	var err error
	for _, f := range t.Fields {
		fv, ok := m[f.Name]
		switch {
		case ok:
			present++
		case f.HasDefault:
			fv = f.Default
		default:
			return buf, &ValueError{Path: f.Name, Reason: "missing required field"}
		}
		if buf, err = c.encode(buf, f.Type, fv, depth+1); err != nil {
			return buf, prefixPath(err, f.Name)
		}
	}
	if present != len(m) {
		return buf, unknownFields(t, m)
	}
	return buf, nil
}

func unknownFields(t *Type, m map[string]any) error {
	var unknown []string
	for k := range m {
		if t.Field(k) == nil {
			unknown = append(unknown, k)
		}
	}
	slices.Sort(unknown)
	names := make([]string, len(t.Fields))
	for i, f := range t.Fields {
		names[i] = f.Name
	}
	return &ValueError{Reason: fmt.Sprintf("unknown field %q in record %s, its fields are %s",
		strings.Join(unknown, `", "`), t.Name, strings.Join(names, ", "))}
}

func (c *Codec) encodeArray(buf []byte, t *Type, v any, depth int) ([]byte, error) {
	items, ok := asSlice(v)
	if !ok {
		return buf, mismatch(t, v)
	}
	var err error
	if len(items) > 0 {
		buf = appendLong(buf, int64(len(items)))
		for i, item := range items {
			if buf, err = c.encode(buf, t.Items, item, depth+1); err != nil {
				return buf, prefixPath(err, "["+strconv.Itoa(i)+"]")
			}
		}
	}
	return appendLong(buf, 0), nil
}

func asSlice(v any) ([]any, bool) {
	switch s := v.(type) {
	case []any:
		return s, true
	case []string:
		out := make([]any, len(s))
		for i, x := range s {
			out[i] = x
		}
		return out, true
	case []map[string]any:
		out := make([]any, len(s))
		for i, x := range s {
			out[i] = x
		}
		return out, true
	}
	return nil, false
}

// encodeMap writes all entries as one block in sorted key order, as the Python writer does.
func (c *Codec) encodeMap(buf []byte, t *Type, v any, depth int) ([]byte, error) {
	var keys []string
	var lookup func(string) any
	switch m := v.(type) {
	case map[string]any:
		keys = sortedKeys(m)
		lookup = func(k string) any { return m[k] }
	case map[string]string:
		keys = sortedKeys(m)
		lookup = func(k string) any { return m[k] }
	default:
		return buf, mismatch(t, v)
	}

	var err error
	if len(keys) > 0 {
		buf = appendLong(buf, int64(len(keys)))
		for _, k := range keys {
			if !utf8.ValidString(k) {
				return buf, prefixPath(invalidUTF8(k), "["+strconv.Quote(k)+"]")
			}
			buf = appendLong(buf, int64(len(k)))
			buf = append(buf, k...)
			if buf, err = c.encode(buf, t.Values, lookup(k), depth+1); err != nil {
				return buf, prefixPath(err, "["+strconv.Quote(k)+"]")
			}
		}
	}
	return appendLong(buf, 0), nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// AppendLong appends n as a zig-zag varint, the Avro encoding of long, which
// is also how Avro writes block counts, lengths and union branch indexes.
func AppendLong(buf []byte, n int64) []byte { return appendLong(buf, n) }

// appendLong appends n as a zig-zag varint, the Avro encoding of long.
func appendLong(buf []byte, n int64) []byte {
	u := uint64(n<<1) ^ uint64(n>>63)
	for u >= 0x80 {
		buf = append(buf, byte(u)|0x80)
		u >>= 7
	}
	return append(buf, byte(u))
}

// encodeUnion picks the branch for a plain value. With one non-null branch, any non-nil
// value goes to it, so its error names the real problem. Otherwise the branches that fit
// the value's Go type are tried in union order and the first that encodes wins.
func (c *Codec) encodeUnion(buf []byte, t *Type, v any, depth int) ([]byte, error) {
	if v == nil {
		if t.nullBranch < 0 {
			return buf, mismatch(t, v)
		}
		return appendLong(buf, int64(t.nullBranch)), nil
	}
	if i := t.soleBranch; i >= 0 {
		return c.encode(appendLong(buf, int64(i)), t.Branches[i], v, depth+1)
	}

	start := len(buf)
	var firstErr error
	for i, b := range t.Branches {
		if !fitsKind(b.Kind, v) {
			continue
		}
		out, err := c.encode(appendLong(buf, int64(i)), b, v, depth+1)
		if err == nil {
			return out, nil
		}
		if firstErr == nil {
			firstErr = err
		}
		buf = buf[:start]
	}
	if firstErr != nil {
		return buf, firstErr
	}
	return buf, mismatch(t, v)
}

// fitsKind reports whether a value of v's Go type can be encoded as kind k.
func fitsKind(k Kind, v any) bool {
	switch v.(type) {
	case bool:
		return k == Boolean
	case string:
		return k == String || k == Enum || k == Bytes || k == Fixed
	case []byte:
		return k == Bytes || k == Fixed
	case map[string]any:
		return k == Record || k == Map
	case map[string]string:
		return k == Map
	case []any, []string, []map[string]any:
		return k == Array
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, json.Number:
		return k == Int || k == Long || k == Float || k == Double
	case float32, float64:
		return k == Float || k == Double || k == Int || k == Long
	}
	return false
}

func mismatch(t *Type, v any) error {
	want := t.Kind.String()
	switch t.Kind {
	case Record, Map:
		want = "object (" + t.Kind.String() + ")"
	case Array:
		want = "array"
	case Union:
		names := make([]string, len(t.Branches))
		for i, b := range t.Branches {
			names[i] = b.TypeName()
		}
		want = "one of the union branches " + strings.Join(names, ", ")
	}
	return &ValueError{Reason: fmt.Sprintf("expected %s, got %s", want, describeValue(v))}
}

// describeValue names the JSON kind of a Go value, such as "number" or "object".
func describeValue(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case []byte:
		return "bytes"
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64,
		float32, float64, json.Number:
		return "number"
	case map[string]any, map[string]string:
		return "object"
	case []any, []string, []map[string]any:
		return "array"
	}
	return "Go type " + reflect.TypeOf(v).String()
}

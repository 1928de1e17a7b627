package avro

import (
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/linkedin/goavro/v2"
)

// Codec encodes and decodes Avro binary data for one schema. Values are in record
// dictionary form, the plain JSON shape that Python services use:
//
//   - null is nil, boolean is bool, string is string, bytes and fixed are []byte,
//     enum is the symbol string;
//   - int and long are int64, float and double are float64;
//   - array is []any, map is map[string]any, record is map[string]any keyed by field name;
//   - a union value is the value of its branch, without the wrapper map goavro uses.
//
// Encode also accepts the other Go integer and float types and json.Number wherever a
// number belongs, []string and []map[string]any for arrays, and string for bytes.
//
// A Codec is built once per schema with [NewCodec] and is safe for concurrent use.
type Codec struct {
	schema *Schema
	full   *goavro.Codec           // the whole schema, used for decoding
	leaves map[*Type]*goavro.Codec // enum and fixed types

	// sizeHint is the largest encoding seen so far, up to maxSizeHint, so that Encode
	// usually allocates its buffer once.
	sizeHint atomic.Int64
}

const maxSizeHint = 64 << 10

var codecOption = &goavro.CodecOption{EnableStringNull: false}

// primitiveCodecs holds one goavro codec per primitive type, indexed by Kind and shared by
// every Codec because goavro codecs are immutable.
var primitiveCodecs = newPrimitiveCodecs()

func newPrimitiveCodecs() *[String + 1]*goavro.Codec {
	var codecs [String + 1]*goavro.Codec
	for name, k := range primitiveKinds {
		c, err := goavro.NewCodecWithOptions(`"`+name+`"`, codecOption)
		if err != nil {
			panic(fmt.Sprintf("avro: goavro rejects primitive type %q: %v", name, err))
		}
		codecs[k] = c
	}
	return &codecs
}

// NewCodec builds the codec for s. It works for every schema, including a primitive one
// such as {"name": "course_key", "type": "string"}, which message keys use.
func NewCodec(s *Schema) (*Codec, error) {
	full, err := goavro.NewCodecWithOptions(goavroSchema(s.root), codecOption)
	if err != nil {
		return nil, fmt.Errorf("build codec for %s: goavro rejects the schema: %w", s.Name(), err)
	}
	c := &Codec{schema: s, full: full, leaves: make(map[*Type]*goavro.Codec)}
	if err := c.buildLeaves(s.root, make(map[*Type]bool)); err != nil {
		return nil, fmt.Errorf("build codec for %s: %w", s.Name(), err)
	}
	return c, nil
}

func (c *Codec) buildLeaves(t *Type, seen map[*Type]bool) error {
	if seen[t] {
		return nil
	}
	seen[t] = true
	switch t.Kind {
	case Enum, Fixed:
		leaf, err := goavro.NewCodecWithOptions(goavroSchema(t), codecOption)
		if err != nil {
			return fmt.Errorf("goavro rejects type %s: %w", t.Name, err)
		}
		c.leaves[t] = leaf
	case Record:
		for _, f := range t.Fields {
			if err := c.buildLeaves(f.Type, seen); err != nil {
				return err
			}
		}
	case Array:
		return c.buildLeaves(t.Items, seen)
	case Map:
		return c.buildLeaves(t.Values, seen)
	case Union:
		for _, b := range t.Branches {
			if err := c.buildLeaves(b, seen); err != nil {
				return err
			}
		}
	}
	return nil
}

// Schema returns the schema the codec was built for.
func (c *Codec) Schema() *Schema { return c.schema }

// Encode encodes a record. The schema must be a record schema. Fields missing from record
// take their default. A missing field without a default, an unknown field or a value of
// the wrong type is a *[ValueError] naming the field path.
func (c *Codec) Encode(record map[string]any) ([]byte, error) {
	if c.schema.root.Kind != Record {
		return nil, fmt.Errorf("encode: schema %s is not a record, use EncodeValue", c.schema.Name())
	}
	return c.EncodeValue(record)
}

// EncodeValue encodes v, which may be any value in record dictionary form.
func (c *Codec) EncodeValue(v any) ([]byte, error) {
	b, err := c.AppendEncode(make([]byte, 0, c.sizeHint.Load()), v)
	if err != nil {
		return nil, err
	}
	if n := int64(len(b)); n > c.sizeHint.Load() && n <= maxSizeHint {
		c.sizeHint.Store(n)
	}
	return b, nil
}

// AppendEncode appends the encoding of v to buf and returns the extended buffer.
func (c *Codec) AppendEncode(buf []byte, v any) ([]byte, error) {
	n := len(buf)
	out, err := c.encode(buf, c.schema.root, v, 0)
	if err != nil {
		return buf[:n], err
	}
	return out, nil
}

// Decode decodes a record. The schema must be a record schema and b must hold exactly one
// encoded value.
func (c *Codec) Decode(b []byte) (map[string]any, error) {
	return c.record(c.DecodeValue(b))
}

// DecodeWrapped decodes a record like Decode, with the same checks, but returns
// goavro's native form: a non-null union value stays wrapped in a one-entry map
// keyed by its branch type name (such as "string" or a record's full name), int
// values are int32 and float values float32. It saves the pass that Decode makes
// to convert that form to record dictionary form.
func (c *Codec) DecodeWrapped(b []byte) (map[string]any, error) {
	return c.record(c.decodeNative(b))
}

// record returns the decoded value v as a record, or err, or an error when the
// codec's schema is not a record.
func (c *Codec) record(v any, err error) (map[string]any, error) {
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("decode: schema %s is not a record, use DecodeValue", c.schema.Name())
	}
	return m, nil
}

// DecodeValue decodes one value in record dictionary form. b must hold exactly one
// encoded value: trailing bytes are an error.
func (c *Codec) DecodeValue(b []byte) (any, error) {
	native, err := c.decodeNative(b)
	if err != nil {
		return nil, err
	}
	return toDictionary(c.schema.root, native), nil
}

// decodeNative checks b against the schema and decodes it with goavro into goavro's
// native form, with union wrappers.
func (c *Codec) decodeNative(b []byte) (any, error) {
	if err := checkEncoding(c.schema.root, b); err != nil {
		return nil, fmt.Errorf("decode %s: %w", c.schema.Name(), err)
	}
	native, rest, err := c.full.NativeFromBinary(b)
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", c.schema.Name(), err)
	}
	if len(rest) != 0 {
		return nil, fmt.Errorf("decode %s: %d unexpected bytes after the value",
			c.schema.Name(), len(rest))
	}
	return native, nil
}

// toDictionary converts goavro's decoded form of t to record dictionary form in place:
// it unwraps unions and widens int32 and float32.
func toDictionary(t *Type, v any) any {
	if !t.needsConversion {
		return v
	}
	switch t.Kind {
	case Int:
		if i, ok := v.(int32); ok {
			return int64(i)
		}
	case Float:
		if f, ok := v.(float32); ok {
			return float64(f)
		}
	case Union:
		return unwrapUnion(t, v)
	case Record:
		m, _ := v.(map[string]any)
		for _, f := range t.Fields {
			switch {
			case !f.Type.needsConversion:
			case f.Type.Kind == Record || f.Type.Kind == Array || f.Type.Kind == Map:
				toDictionary(f.Type, m[f.Name]) // converts in place
			default:
				m[f.Name] = toDictionary(f.Type, m[f.Name])
			}
		}
	case Array:
		list, _ := v.([]any)
		for i, item := range list {
			list[i] = toDictionary(t.Items, item)
		}
	case Map:
		m, _ := v.(map[string]any)
		for k, item := range m {
			m[k] = toDictionary(t.Values, item)
		}
	}
	return v
}

func unwrapUnion(t *Type, v any) any {
	wrapped, ok := v.(map[string]any)
	if !ok {
		return v // null
	}
	if t.soleBranch >= 0 {
		// A lookup is cheaper than ranging over the one-entry wrapper.
		if inner, ok := wrapped[t.soleBranchName]; ok {
			return toDictionary(t.Branches[t.soleBranch], inner)
		}
	}
	for name, inner := range wrapped {
		if i, ok := t.branchIndex[name]; ok {
			return toDictionary(t.Branches[i], inner)
		}
	}
	return v
}

// ValueError reports a value that does not match the schema. Path names the value by
// field names, [index] for array items and ["key"] for map values, such as
// enrollment.user.pii.username. Path is empty for the top-level value.
type ValueError struct {
	Path   string
	Reason string
}

func (e *ValueError) Error() string {
	if e.Path == "" {
		return e.Reason
	}
	return e.Path + ": " + e.Reason
}

// prefixPath adds an outer path element to a *ValueError as it unwinds.
func prefixPath(err error, elem string) error {
	var ve *ValueError
	if !errors.As(err, &ve) {
		return err
	}
	switch {
	case ve.Path == "":
		ve.Path = elem
	case ve.Path[0] == '[':
		ve.Path = elem + ve.Path
	default:
		ve.Path = elem + "." + ve.Path
	}
	return err
}

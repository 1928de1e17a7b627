package avro

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Kind is the Avro type of a [Type].
type Kind uint8

// The Avro types. Null through String are the primitive types.
const (
	Null Kind = iota + 1
	Boolean
	Int
	Long
	Float
	Double
	Bytes
	String
	Record
	Enum
	Fixed
	Array
	Map
	Union
)

var kindNames = [...]string{
	Null: "null", Boolean: "boolean", Int: "int", Long: "long", Float: "float",
	Double: "double", Bytes: "bytes", String: "string", Record: "record", Enum: "enum",
	Fixed: "fixed", Array: "array", Map: "map", Union: "union",
}

// String returns the Avro name of the kind, such as "long" or "record".
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Primitive reports whether k is one of the primitive types null through string.
func (k Kind) Primitive() bool { return k >= Null && k <= String }

// Named reports whether k is a named type (record, enum or fixed).
func (k Kind) Named() bool { return k == Record || k == Enum || k == Fixed }

var primitiveKinds = map[string]Kind{
	"null": Null, "boolean": Boolean, "int": Int, "long": Long, "float": Float,
	"double": Double, "bytes": Bytes, "string": String,
}

// Type is one node of a parsed schema. A named type appears once in the tree and every
// reference to it points to the same *Type, so record types can be recursive. Types are
// read-only after [Parse] returns and safe for concurrent use.
type Type struct {
	Kind Kind

	// Name is the full name (namespace and name joined by a dot) of a named type.
	Name string
	// Doc is the doc attribute of a record, enum or fixed type.
	Doc string
	// Aliases are the full names of a named type's aliases.
	Aliases []string
	// LogicalType is the logicalType attribute, if any. The codec ignores it and
	// encodes the underlying type.
	LogicalType string

	Fields      []*Field // record fields in order
	Symbols     []string // enum symbols in order
	EnumDefault string   // enum default symbol, valid when HasEnumDefault
	// HasEnumDefault reports whether the enum declares a default symbol.
	HasEnumDefault bool
	Size           int     // fixed size in bytes
	Items          *Type   // array item type
	Values         *Type   // map value type
	Branches       []*Type // union branches in order

	goavroName      string // Name with characters goavro rejects replaced
	fieldIndex      map[string]int
	branchIndex     map[string]int // union branch index by goavro type name
	nullBranch      int            // index of the union's null branch, or -1
	soleBranch      int            // index of the union's only non-null branch, or -1
	soleBranchName  string         // goavro type name of that branch
	needsConversion bool           // goavro's decoded form differs from the dictionary form
	minSize         int            // minimum encoded size in bytes
}

// Field is one field of a record [Type].
type Field struct {
	Name    string
	Type    *Type
	Doc     string
	Aliases []string
	// Default is the field default in record dictionary form (see [Codec]), valid
	// when HasDefault is true.
	Default    any
	HasDefault bool
}

// ShortName returns the name of a named type without its namespace.
func (t *Type) ShortName() string {
	if i := strings.LastIndexByte(t.Name, '.'); i >= 0 {
		return t.Name[i+1:]
	}
	return t.Name
}

// Field returns the record field with the given name, or nil.
func (t *Type) Field(name string) *Field {
	if i, ok := t.fieldIndex[name]; ok {
		return t.Fields[i]
	}
	return nil
}

// TypeName returns the name of t as written in a schema: the full name of a named type,
// otherwise the kind.
func (t *Type) TypeName() string {
	if t.Kind.Named() {
		return t.Name
	}
	return t.Kind.String()
}

// Schema is a parsed Avro schema. It keeps the JSON it was parsed from. A Schema is
// read-only and safe for concurrent use.
type Schema struct {
	root      *Type
	json      any
	text      string
	canonical string
	named     map[string]*Type
}

// Parse parses an Avro schema in JSON form. It accepts everything the Avro specification
// accepts and, beyond it, a '-' inside namespace components (such as
// "org.openedx.enterprise.subsidy.redemption-reversed.v1"). It rejects unknown type names,
// duplicate names, invalid names, duplicate field names or enum symbols, and defaults that
// do not match their type. The error names the path of the offending value.
func Parse(text []byte) (*Schema, error) {
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("parse avro schema: invalid json: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("parse avro schema: invalid json: unexpected data after the schema")
	}

	p := &parser{named: make(map[string]*Type)}
	root, err := p.parseType(raw, "", "")
	if err != nil {
		return nil, fmt.Errorf("parse avro schema: %w", err)
	}
	if err := p.checkGoavroNames(); err != nil {
		return nil, fmt.Errorf("parse avro schema: %w", err)
	}

	text2, err := CanonicalJSON(raw)
	if err != nil {
		return nil, fmt.Errorf("parse avro schema: %w", err)
	}
	s := &Schema{root: root, json: raw, text: string(text2), named: p.named}
	s.canonical = canonicalForm(root)
	analyze(root)
	return s, nil
}

// MustParse is like [Parse] but panics on error. It is meant for schemas compiled into a
// program.
func MustParse(text string) *Schema {
	s, err := Parse([]byte(text))
	if err != nil {
		panic(err)
	}
	return s
}

// Root returns the top-level type of the schema.
func (s *Schema) Root() *Type { return s.root }

// Name returns the full name of the top-level type if it is named, otherwise its kind,
// such as "string".
func (s *Schema) Name() string { return s.root.TypeName() }

// Named returns the named type with the given full name, or nil.
func (s *Schema) Named(fullName string) *Type { return s.named[fullName] }

// JSON returns a copy of the schema JSON as decoded: map[string]any, []any, string, bool,
// nil and json.Number values.
func (s *Schema) JSON() any { return deepCopy(s.json) }

// Text returns the schema JSON as Python's json.dumps(schema, sort_keys=True) writes it.
// This is the text that Python services register, so Go and Python services register
// identical text for the same schema. See [CanonicalJSON].
func (s *Schema) Text() string { return s.text }

// String returns [Schema.Text].
func (s *Schema) String() string { return s.text }

// CanonicalForm returns the schema's Parsing Canonical Form as defined by the Avro
// specification: full names, only the attributes that affect the binary encoding, keys in
// the specified order and no whitespace. Two schemas with the same canonical form encode
// data identically.
func (s *Schema) CanonicalForm() string { return s.canonical }

// Fingerprint returns the CRC-64-AVRO (Rabin) fingerprint of the canonical form.
func (s *Schema) Fingerprint() uint64 { return Fingerprint64([]byte(s.canonical)) }

func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[k] = deepCopy(x)
		}
		return m
	case []any:
		s := make([]any, len(v))
		for i, x := range v {
			s[i] = deepCopy(x)
		}
		return s
	case []byte:
		return bytes.Clone(v)
	}
	return v
}

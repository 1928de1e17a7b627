package avro

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// parser turns decoded schema JSON into a Type tree, resolving named references.
type parser struct {
	named map[string]*Type
}

func (p *parser) parseType(v any, namespace, path string) (*Type, error) {
	switch v := v.(type) {
	case string:
		return p.parseTypeName(v, namespace, path)
	case []any:
		return p.parseUnion(v, namespace, path)
	case map[string]any:
		return p.parseObject(v, namespace, path)
	}
	return nil, fmt.Errorf("%s: invalid schema %s, expected a type name, "+
		"an array (union) or an object", pathOrRoot(path), describeJSON(v))
}

func (p *parser) parseTypeName(name, namespace, path string) (*Type, error) {
	if k, ok := primitiveKinds[name]; ok {
		return &Type{Kind: k}, nil
	}
	if t := p.lookup(name, namespace); t != nil {
		return t, nil
	}
	return nil, fmt.Errorf("%s: unknown type name %q, define the named type before "+
		"referring to it or use a primitive type", pathOrRoot(path), name)
}

// lookup resolves a reference to a named type. A name without a dot is relative to the
// enclosing namespace, and falls back to the null namespace.
func (p *parser) lookup(name, namespace string) *Type {
	if !strings.Contains(name, ".") && namespace != "" {
		if t := p.named[namespace+"."+name]; t != nil {
			return t
		}
	}
	return p.named[name]
}

func (p *parser) parseUnion(branches []any, namespace, path string) (*Type, error) {
	t := &Type{Kind: Union}
	seen := make(map[string]bool)
	for i, b := range branches {
		bpath := fmt.Sprintf("%s(union branch %d)", path, i)
		bt, err := p.parseType(b, namespace, bpath)
		if err != nil {
			return nil, err
		}
		if bt.Kind == Union {
			return nil, fmt.Errorf("%s: a union may not directly contain another union", bpath)
		}
		key := bt.TypeName()
		if seen[key] {
			return nil, fmt.Errorf("%s: union contains %q twice", bpath, key)
		}
		seen[key] = true
		t.Branches = append(t.Branches, bt)
	}
	return t, nil
}

func (p *parser) parseObject(obj map[string]any, namespace, path string) (*Type, error) {
	typ, ok := obj["type"].(string)
	if !ok {
		return nil, fmt.Errorf("%s: schema object needs a \"type\" string, got %s",
			pathOrRoot(path), describeJSON(obj["type"]))
	}
	logical, _ := obj["logicalType"].(string)

	switch typ {
	case "record", "error", "enum", "fixed":
		return p.parseNamed(obj, typ, namespace, path)
	case "array":
		items, ok := obj["items"]
		if !ok {
			return nil, fmt.Errorf("%s: array schema needs \"items\"", pathOrRoot(path))
		}
		it, err := p.parseType(items, namespace, path+"[]")
		if err != nil {
			return nil, err
		}
		return &Type{Kind: Array, Items: it, LogicalType: logical}, nil
	case "map":
		values, ok := obj["values"]
		if !ok {
			return nil, fmt.Errorf("%s: map schema needs \"values\"", pathOrRoot(path))
		}
		vt, err := p.parseType(values, namespace, path+"{}")
		if err != nil {
			return nil, err
		}
		return &Type{Kind: Map, Values: vt, LogicalType: logical}, nil
	}
	if k, ok := primitiveKinds[typ]; ok {
		return &Type{Kind: k, LogicalType: logical}, nil
	}
	return p.parseTypeName(typ, namespace, path)
}

func (p *parser) parseNamed(obj map[string]any, typ, namespace, path string) (*Type, error) {
	fullName, ns, err := p.declareName(obj, namespace, path)
	if err != nil {
		return nil, err
	}
	if path == "" {
		path = shortName(fullName)
	}
	t := &Type{Name: fullName, goavroName: goavroName(fullName)}
	t.Doc, _ = obj["doc"].(string)
	t.LogicalType, _ = obj["logicalType"].(string)
	if t.Aliases, err = parseAliases(obj["aliases"], ns, path); err != nil {
		return nil, err
	}
	p.named[fullName] = t

	switch typ {
	case "enum":
		t.Kind = Enum
		err = parseEnum(t, obj, path)
	case "fixed":
		t.Kind = Fixed
		err = parseFixed(t, obj, path)
	default:
		t.Kind = Record
		err = p.parseFields(t, obj, ns, path)
	}
	if err != nil {
		return nil, err
	}
	return t, nil
}

// declareName returns the full name and namespace of a named type and checks that the
// name is valid and not yet defined.
func (p *parser) declareName(obj map[string]any, namespace, path string) (string, string, error) {
	name, ok := obj["name"].(string)
	if !ok {
		return "", "", fmt.Errorf("%s: named type needs a \"name\" string, got %s",
			pathOrRoot(path), describeJSON(obj["name"]))
	}
	ns := namespace
	if v, present := obj["namespace"]; present && v != nil {
		s, ok := v.(string)
		if !ok {
			return "", "", fmt.Errorf("%s: \"namespace\" must be a string, got %s",
				pathOrRoot(path), describeJSON(v))
		}
		ns = s
	}
	fullName := name
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		ns = name[:i]
	} else if ns != "" {
		fullName = ns + "." + name
	}

	if err := validateFullName(fullName); err != nil {
		return "", "", fmt.Errorf("%s: %w", pathOrRoot(path), err)
	}
	if _, ok := primitiveKinds[shortName(fullName)]; ok {
		return "", "", fmt.Errorf("%s: %q is a primitive type name and cannot name a type",
			pathOrRoot(path), name)
	}
	if p.named[fullName] != nil {
		return "", "", fmt.Errorf("%s: type %q is defined twice, refer to it by name "+
			"after the first definition", pathOrRoot(path), fullName)
	}
	return fullName, ns, nil
}

func (p *parser) parseFields(t *Type, obj map[string]any, namespace, path string) error {
	fields, ok := obj["fields"].([]any)
	if !ok {
		return fmt.Errorf("%s: record needs a \"fields\" array, got %s",
			path, describeJSON(obj["fields"]))
	}
	t.fieldIndex = make(map[string]int, len(fields))
	for i, fv := range fields {
		fobj, ok := fv.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: field %d must be an object, got %s", path, i, describeJSON(fv))
		}
		f, err := p.parseField(fobj, namespace, path, i)
		if err != nil {
			return err
		}
		if _, dup := t.fieldIndex[f.Name]; dup {
			return fmt.Errorf("%s.%s: field name is used twice", path, f.Name)
		}
		t.fieldIndex[f.Name] = len(t.Fields)
		t.Fields = append(t.Fields, f)
	}
	return nil
}

func (p *parser) parseField(obj map[string]any, namespace, recordPath string, i int) (*Field, error) {
	name, ok := obj["name"].(string)
	if !ok {
		return nil, fmt.Errorf("%s: field %d needs a \"name\" string, got %s",
			recordPath, i, describeJSON(obj["name"]))
	}
	path := recordPath + "." + name
	if !validName(name, false) {
		return nil, fmt.Errorf("%s: invalid field name %q, use letters, digits and "+
			"underscores, not starting with a digit", path, name)
	}
	tv, ok := obj["type"]
	if !ok {
		return nil, fmt.Errorf("%s: field needs a \"type\"", path)
	}
	ft, err := p.parseType(tv, namespace, path)
	if err != nil {
		return nil, err
	}

	f := &Field{Name: name, Type: ft}
	f.Doc, _ = obj["doc"].(string)
	if f.Aliases, err = parseFieldAliases(obj["aliases"], path); err != nil {
		return nil, err
	}
	if order, present := obj["order"]; present {
		if s, _ := order.(string); s != "ascending" && s != "descending" && s != "ignore" {
			return nil, fmt.Errorf("%s: invalid order %s, use \"ascending\", "+
				"\"descending\" or \"ignore\"", path, describeJSON(order))
		}
	}
	if dv, present := obj["default"]; present {
		if f.Default, err = defaultValue(ft, dv, path); err != nil {
			return nil, err
		}
		f.HasDefault = true
	}
	return f, nil
}

func parseEnum(t *Type, obj map[string]any, path string) error {
	symbols, ok := obj["symbols"].([]any)
	if !ok {
		return fmt.Errorf("%s: enum needs a \"symbols\" array, got %s",
			path, describeJSON(obj["symbols"]))
	}
	for _, sv := range symbols {
		s, ok := sv.(string)
		if !ok || !validName(s, false) {
			return fmt.Errorf("%s: invalid enum symbol %s, use letters, digits and "+
				"underscores, not starting with a digit", path, describeJSON(sv))
		}
		if slices.Contains(t.Symbols, s) {
			return fmt.Errorf("%s: enum symbol %q is listed twice", path, s)
		}
		t.Symbols = append(t.Symbols, s)
	}
	if dv, present := obj["default"]; present {
		s, ok := dv.(string)
		if !ok || !slices.Contains(t.Symbols, s) {
			return fmt.Errorf("%s: enum default %s is not one of the symbols %q",
				path, describeJSON(dv), t.Symbols)
		}
		t.EnumDefault, t.HasEnumDefault = s, true
	}
	return nil
}

func parseFixed(t *Type, obj map[string]any, path string) error {
	n, ok := obj["size"].(json.Number)
	size, err := strconv.ParseInt(string(n), 10, 32)
	if !ok || err != nil || size < 0 {
		return fmt.Errorf("%s: fixed needs a non-negative integer \"size\", got %s",
			path, describeJSON(obj["size"]))
	}
	t.Size = int(size)
	return nil
}

func parseAliases(v any, namespace, path string) ([]string, error) {
	names, err := parseFieldAliases(v, path)
	for i, a := range names {
		if !strings.Contains(a, ".") && namespace != "" {
			names[i] = namespace + "." + a
		}
		if err := validateFullName(names[i]); err != nil {
			return nil, fmt.Errorf("%s: alias: %w", path, err)
		}
	}
	return names, err
}

func parseFieldAliases(v any, path string) ([]string, error) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%s: \"aliases\" must be an array of strings, got %s",
			path, describeJSON(v))
	}
	names := make([]string, 0, len(list))
	for _, a := range list {
		s, ok := a.(string)
		if !ok {
			return nil, fmt.Errorf("%s: \"aliases\" must be an array of strings, got %s",
				path, describeJSON(a))
		}
		names = append(names, s)
	}
	return names, nil
}

// validateFullName checks a full name. The last component must be a valid Avro name;
// namespace components may also contain '-', which the Avro specification does not allow
// but some published Open edX event types use.
func validateFullName(fullName string) error {
	parts := strings.Split(fullName, ".")
	for i, part := range parts {
		last := i == len(parts)-1
		if !validName(part, !last) {
			return fmt.Errorf("invalid name %q: each dot-separated part must start with a "+
				"letter or underscore and contain only letters, digits and underscores", fullName)
		}
	}
	return nil
}

func validName(s string, allowDash bool) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		switch {
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && c >= '0' && c <= '9':
		case i > 0 && allowDash && c == '-':
		default:
			return false
		}
	}
	return true
}

func shortName(fullName string) string {
	if i := strings.LastIndexByte(fullName, '.'); i >= 0 {
		return fullName[i+1:]
	}
	return fullName
}

// goavroName returns a full name that goavro accepts. goavro rejects '-' in namespaces,
// and a namespace only names types, so replacing it does not change the encoding.
func goavroName(fullName string) string {
	return strings.ReplaceAll(fullName, "-", "_")
}

func (p *parser) checkGoavroNames() error {
	seen := make(map[string]string, len(p.named))
	for name, t := range p.named {
		if other, ok := seen[t.goavroName]; ok {
			return fmt.Errorf("type names %q and %q differ only in '-' versus '_', "+
				"rename one of them", other, name)
		}
		seen[t.goavroName] = name
	}
	return nil
}

// defaultValue checks a field default against its type and converts it to record
// dictionary form. A union default must match the union's first branch.
func defaultValue(t *Type, v any, path string) (any, error) {
	bad := func() (any, error) {
		return nil, fmt.Errorf("%s: default %s is not a valid %s", path, describeJSON(v),
			t.TypeName())
	}
	switch t.Kind {
	case Null:
		if v != nil {
			return bad()
		}
		return nil, nil
	case Boolean:
		if _, ok := v.(bool); !ok {
			return bad()
		}
		return v, nil
	case String:
		if _, ok := v.(string); !ok {
			return bad()
		}
		return v, nil
	case Int, Long:
		return integerDefault(t, v, bad)
	case Float, Double:
		n, ok := v.(json.Number)
		f, err := strconv.ParseFloat(string(n), 64)
		if !ok || err != nil {
			return bad()
		}
		return f, nil
	case Bytes, Fixed:
		return bytesDefault(t, v, bad)
	case Enum:
		if s, ok := v.(string); !ok || !slices.Contains(t.Symbols, s) {
			return bad()
		}
		return v, nil
	case Array:
		return arrayDefault(t, v, path, bad)
	case Map:
		return mapDefault(t, v, path, bad)
	case Record:
		return recordDefault(t, v, path, bad)
	case Union:
		d, err := defaultValue(t.Branches[0], v, path)
		if err != nil {
			return nil, fmt.Errorf("%s: default %s does not match the union's first branch "+
				"%q, put the branch that matches the default first", path, describeJSON(v),
				t.Branches[0].TypeName())
		}
		return d, nil
	}
	return bad()
}

func integerDefault(t *Type, v any, bad func() (any, error)) (any, error) {
	n, ok := v.(json.Number)
	i, err := strconv.ParseInt(string(n), 10, 64)
	if !ok || err != nil {
		return bad()
	}
	if t.Kind == Int && (i < math.MinInt32 || i > math.MaxInt32) {
		return bad()
	}
	return i, nil
}

// bytesDefault converts a bytes or fixed default. The specification writes such defaults
// as strings whose code points 0-255 are the byte values.
func bytesDefault(t *Type, v any, bad func() (any, error)) (any, error) {
	s, ok := v.(string)
	if !ok {
		return bad()
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff {
			return bad()
		}
		b = append(b, byte(r))
	}
	if t.Kind == Fixed && len(b) != t.Size {
		return bad()
	}
	return b, nil
}

func arrayDefault(t *Type, v any, path string, bad func() (any, error)) (any, error) {
	list, ok := v.([]any)
	if !ok {
		return bad()
	}
	out := make([]any, len(list))
	for i, item := range list {
		d, err := defaultValue(t.Items, item, fmt.Sprintf("%s[%d]", path, i))
		if err != nil {
			return nil, err
		}
		out[i] = d
	}
	return out, nil
}

func mapDefault(t *Type, v any, path string, bad func() (any, error)) (any, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return bad()
	}
	out := make(map[string]any, len(obj))
	for k, item := range obj {
		d, err := defaultValue(t.Values, item, fmt.Sprintf("%s[%q]", path, k))
		if err != nil {
			return nil, err
		}
		out[k] = d
	}
	return out, nil
}

func recordDefault(t *Type, v any, path string, bad func() (any, error)) (any, error) {
	obj, ok := v.(map[string]any)
	if !ok {
		return bad()
	}
	out := make(map[string]any, len(t.Fields))
	for _, f := range t.Fields {
		fv, present := obj[f.Name]
		if !present {
			if !f.HasDefault {
				return nil, fmt.Errorf("%s: default has no value for field %q, which has "+
					"no default of its own", path, f.Name)
			}
			out[f.Name] = deepCopy(f.Default)
			continue
		}
		d, err := defaultValue(f.Type, fv, path+"."+f.Name)
		if err != nil {
			return nil, err
		}
		out[f.Name] = d
	}
	return out, nil
}

// describeJSON names a decoded JSON value for error messages.
func describeJSON(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return strconv.Quote(v)
	case json.Number:
		return string(v)
	case bool:
		return strconv.FormatBool(v)
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

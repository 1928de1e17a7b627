package avro

import (
	"fmt"
	"slices"
	"strings"
)

// Resolver decodes data written with one schema (the writer's) into the shape of another
// (the reader's), following the schema resolution rules of the Avro specification:
//
//   - reader fields missing from the writer take the reader's default;
//   - writer fields unknown to the reader are skipped;
//   - int is promoted to long, float or double, long to float or double, float to double,
//     and string and bytes convert into each other;
//   - records, enums and fixed types match by unqualified name (or a reader alias), so a
//     namespace change is compatible;
//   - a writer union branch is read as the first matching reader branch, and a reader
//     union reads a non-union writer value through its first matching branch;
//   - a writer enum symbol unknown to the reader becomes the reader's enum default.
//
// Records are decoded with goavro using the writer's schema, then converted with a plan
// built once by [NewResolver]. NewResolver also builds a goavro codec for the writer, so
// build a Resolver once per writer and reader pair and reuse it. A Resolver is safe for
// concurrent use.
type Resolver struct {
	writer *Codec
	reader *Schema
	plan   *readPlan
}

// NewResolver builds a resolver that reads data written with writer as reader. It returns
// an error naming each path where the schemas are incompatible. Writer union branches or
// enum symbols that the reader cannot read are allowed, as in the Avro specification, so
// Decode fails only for data that uses them.
func NewResolver(writer, reader *Schema) (*Resolver, error) {
	wc, err := NewCodec(writer)
	if err != nil {
		return nil, err
	}
	res := newResolution()
	plan := res.resolve(writer.root, reader.root, rootPath(reader.root))

	var msgs []string
	for _, p := range res.problems {
		if !p.runtime {
			msgs = append(msgs, p.path+": "+p.message)
		}
	}
	if len(msgs) > 0 {
		return nil, fmt.Errorf("schema %s cannot read data written with schema %s: %s",
			reader.Name(), writer.Name(), strings.Join(msgs, "; "))
	}
	return &Resolver{writer: wc, reader: reader, plan: plan}, nil
}

// Decode decodes a record written with the writer's schema into the reader's record shape.
func (r *Resolver) Decode(b []byte) (map[string]any, error) {
	v, err := r.DecodeValue(b)
	if err != nil {
		return nil, err
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("decode: schema %s is not a record, use DecodeValue", r.reader.Name())
	}
	return m, nil
}

// DecodeValue decodes one value written with the writer's schema into the reader's shape,
// in record dictionary form (see [Codec]).
func (r *Resolver) DecodeValue(b []byte) (any, error) {
	native, err := r.writer.decodeNative(b)
	if err != nil {
		return nil, err
	}
	v, err := r.plan.apply(native)
	if err != nil {
		return nil, fmt.Errorf("decode %s as %s: %w", r.writer.schema.Name(), r.reader.Name(), err)
	}
	return v, nil
}

func rootPath(t *Type) string {
	if t.Kind.Named() {
		return t.ShortName()
	}
	return t.Kind.String()
}

type planOp uint8

const (
	opValue       planOp = iota + 1 // primitive: convert a goavro scalar
	opRecord                        // build the reader record from the writer record
	opArray                         // convert each item
	opMap                           // convert each value
	opEnum                          // map the writer symbol to the reader symbol
	opWriterUnion                   // unwrap the goavro union and convert the branch
	opFail                          // a writer value the reader cannot read
)

// readPlan converts one value from goavro's decoded form of the writer type to the record
// dictionary form of the reader type.
type readPlan struct {
	op       planOp
	reader   Kind                 // opValue: the reader kind to convert to
	fields   []fieldPlan          // opRecord
	drop     []string             // opRecord: writer fields the reader does not have
	inPlace  bool                 // opRecord: no field is read from a differently named one
	elem     *readPlan            // opArray, opMap
	branches map[string]*readPlan // opWriterUnion: plan per goavro branch name
	symbols  map[string]string    // opEnum: reader symbol per writer symbol
	failure  string               // opFail
}

type fieldPlan struct {
	name   string    // reader field name
	source string    // writer field name; empty when the default is used
	plan   *readPlan // nil when the default is used
	def    any
}

func (p *readPlan) apply(v any) (any, error) {
	switch p.op {
	case opValue:
		return convertScalar(p.reader, v), nil
	case opRecord:
		return p.applyRecord(v)
	case opArray:
		return p.applyArray(v)
	case opMap:
		return p.applyMap(v)
	case opEnum:
		s, _ := v.(string)
		if r, ok := p.symbols[s]; ok {
			return r, nil
		}
		return nil, &ValueError{Reason: fmt.Sprintf("enum symbol %q is unknown to the reader "+
			"schema, which has no enum default", s)}
	case opWriterUnion:
		return p.applyUnion(v)
	}
	return nil, &ValueError{Reason: p.failure}
}

func (p *readPlan) applyRecord(v any) (any, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, &ValueError{Reason: fmt.Sprintf("decoded record is %T", v)}
	}
	// goavro returns a new map per decoded record, so it can be reused as the output
	// unless a field is read from a field with another name (an alias).
	out := m
	if !p.inPlace {
		out = make(map[string]any, len(p.fields))
	}
	for _, f := range p.fields {
		if f.plan == nil {
			out[f.name] = deepCopy(f.def)
			continue
		}
		fv, err := f.plan.apply(m[f.source])
		if err != nil {
			return nil, prefixPath(err, f.name)
		}
		out[f.name] = fv
	}
	if p.inPlace {
		for _, name := range p.drop {
			delete(out, name)
		}
	}
	return out, nil
}

func (p *readPlan) applyArray(v any) (any, error) {
	list, _ := v.([]any)
	for i, item := range list {
		x, err := p.elem.apply(item)
		if err != nil {
			return nil, prefixPath(err, fmt.Sprintf("[%d]", i))
		}
		list[i] = x
	}
	if list == nil {
		list = []any{}
	}
	return list, nil
}

func (p *readPlan) applyMap(v any) (any, error) {
	m, _ := v.(map[string]any)
	for k, item := range m {
		x, err := p.elem.apply(item)
		if err != nil {
			return nil, prefixPath(err, fmt.Sprintf("[%q]", k))
		}
		m[k] = x
	}
	if m == nil {
		m = map[string]any{}
	}
	return m, nil
}

func (p *readPlan) applyUnion(v any) (any, error) {
	name, inner := "null", any(nil)
	if wrapped, ok := v.(map[string]any); ok {
		for k, x := range wrapped {
			name, inner = k, x
		}
	}
	branch := p.branches[name]
	if branch == nil {
		return nil, &ValueError{Reason: fmt.Sprintf("writer union branch %q has no "+
			"matching branch in the reader schema", name)}
	}
	return branch.apply(inner)
}

// convertScalar converts a goavro scalar to the reader kind, applying the promotions the
// specification allows. Resolution has already checked that the conversion is valid.
func convertScalar(reader Kind, v any) any {
	switch reader {
	case Int, Long:
		if i, ok := v.(int32); ok {
			return int64(i)
		}
	case Float, Double:
		switch n := v.(type) {
		case int32:
			return float64(n)
		case int64:
			return float64(n)
		case float32:
			return float64(n)
		}
	case String:
		if b, ok := v.([]byte); ok {
			return string(b)
		}
	case Bytes:
		if s, ok := v.(string); ok {
			return []byte(s)
		}
	}
	return v
}

// resolution builds read plans and collects the problems it finds.
type resolution struct {
	memo     map[[2]*Type]*readPlan
	problems []problem
}

type problem struct {
	path    string
	message string
	// runtime marks problems the specification reports only when data uses them: a
	// writer union branch or enum symbol the reader cannot read.
	runtime bool
}

func newResolution() *resolution {
	return &resolution{memo: make(map[[2]*Type]*readPlan)}
}

func (r *resolution) fail(path, format string, args ...any) *readPlan {
	msg := fmt.Sprintf(format, args...)
	r.problems = append(r.problems, problem{path: path, message: msg})
	return &readPlan{op: opFail, failure: msg}
}

func (r *resolution) resolve(w, rd *Type, path string) *readPlan {
	key := [2]*Type{w, rd}
	if p := r.memo[key]; p != nil {
		return p
	}
	if w.Kind == Union {
		return r.resolveWriterUnion(w, rd, path)
	}
	if rd.Kind == Union {
		return r.resolveReaderUnion(w, rd, path)
	}
	if !promotable(w.Kind, rd.Kind) {
		return r.fail(path, "type changed from %s (writer) to %s (reader), which is not "+
			"a valid promotion", w.TypeName(), rd.TypeName())
	}

	switch rd.Kind {
	case Record:
		return r.resolveRecord(w, rd, path, key)
	case Enum:
		return r.resolveEnum(w, rd, path, key)
	case Fixed:
		if !namesMatch(w, rd) {
			return r.fail(path, "fixed name changed from %s to %s", w.Name, rd.Name)
		}
		if w.Size != rd.Size {
			return r.fail(path, "fixed size changed from %d to %d", w.Size, rd.Size)
		}
	case Array:
		p := &readPlan{op: opArray}
		r.memo[key] = p
		p.elem = r.resolve(w.Items, rd.Items, path+"[]")
		return p
	case Map:
		p := &readPlan{op: opMap}
		r.memo[key] = p
		p.elem = r.resolve(w.Values, rd.Values, path+"{}")
		return p
	}
	return &readPlan{op: opValue, reader: rd.Kind}
}

// promotable reports whether a value of kind w can be read as kind r, looking only at the
// kinds.
func promotable(w, r Kind) bool {
	if w == r {
		return true
	}
	switch w {
	case Int:
		return r == Long || r == Float || r == Double
	case Long:
		return r == Float || r == Double
	case Float:
		return r == Double
	case String:
		return r == Bytes
	case Bytes:
		return r == String
	}
	return false
}

// namesMatch reports whether named types match by unqualified name, directly or through
// one of the reader's aliases.
func namesMatch(w, r *Type) bool {
	if w.ShortName() == r.ShortName() {
		return true
	}
	for _, a := range r.Aliases {
		if shortName(a) == w.ShortName() {
			return true
		}
	}
	return false
}

func (r *resolution) resolveRecord(w, rd *Type, path string, key [2]*Type) *readPlan {
	if !namesMatch(w, rd) {
		return r.fail(path, "record name changed from %s to %s", w.ShortName(), rd.ShortName())
	}
	p := &readPlan{op: opRecord, inPlace: true}
	r.memo[key] = p
	used := make(map[string]bool, len(rd.Fields))
	for _, f := range rd.Fields {
		fpath := path + "." + f.Name
		wf := writerField(w, f)
		switch {
		case wf != nil:
			used[wf.Name] = true
			p.inPlace = p.inPlace && wf.Name == f.Name
			p.fields = append(p.fields, fieldPlan{name: f.Name, source: wf.Name,
				plan: r.resolve(wf.Type, f.Type, fpath)})
		case f.HasDefault:
			p.fields = append(p.fields, fieldPlan{name: f.Name, def: f.Default})
		default:
			r.fail(fpath, "field is missing from the writer schema and has no default "+
				"in the reader schema")
		}
	}
	for _, wf := range w.Fields {
		if !used[wf.Name] {
			p.drop = append(p.drop, wf.Name)
		}
	}
	return p
}

func writerField(w *Type, f *Field) *Field {
	if wf := w.Field(f.Name); wf != nil {
		return wf
	}
	for _, a := range f.Aliases {
		if wf := w.Field(a); wf != nil {
			return wf
		}
	}
	return nil
}

func (r *resolution) resolveEnum(w, rd *Type, path string, key [2]*Type) *readPlan {
	if !namesMatch(w, rd) {
		return r.fail(path, "enum name changed from %s to %s", w.ShortName(), rd.ShortName())
	}
	p := &readPlan{op: opEnum, symbols: make(map[string]string, len(w.Symbols))}
	r.memo[key] = p
	for _, s := range w.Symbols {
		switch {
		case slices.Contains(rd.Symbols, s):
			p.symbols[s] = s
		case rd.HasEnumDefault:
			p.symbols[s] = rd.EnumDefault
		default:
			r.problems = append(r.problems, problem{path: path, runtime: true,
				message: fmt.Sprintf("enum symbol %q was removed and the reader enum has "+
					"no default", s)})
		}
	}
	return p
}

func (r *resolution) resolveWriterUnion(w, rd *Type, path string) *readPlan {
	p := &readPlan{op: opWriterUnion, branches: make(map[string]*readPlan, len(w.Branches))}
	r.memo[[2]*Type{w, rd}] = p
	for _, wb := range w.Branches {
		target := rd
		if rd.Kind == Union {
			if target = matchBranch(wb, rd); target == nil {
				r.problems = append(r.problems, problem{path: path, runtime: true,
					message: fmt.Sprintf("writer union branch %s matches no branch of the "+
						"reader union", wb.TypeName())})
				continue
			}
		} else if !promotable(wb.Kind, rd.Kind) || (rd.Kind.Named() && !namesMatch(wb, rd)) {
			r.problems = append(r.problems, problem{path: path, runtime: true,
				message: fmt.Sprintf("writer union branch %s cannot be read as %s",
					wb.TypeName(), rd.TypeName())})
			continue
		}
		p.branches[wb.goavroTypeName()] = r.resolve(wb, target, path)
	}
	if len(p.branches) == 0 {
		return r.fail(path, "no branch of the writer union %s can be read as %s",
			unionName(w), rd.TypeName())
	}
	return p
}

func (r *resolution) resolveReaderUnion(w, rd *Type, path string) *readPlan {
	target := matchBranch(w, rd)
	if target == nil {
		return r.fail(path, "type changed from %s (writer) to union %s (reader), which has "+
			"no matching branch", w.TypeName(), unionName(rd))
	}
	return r.resolve(w, target, path)
}

// matchBranch returns the reader union branch that reads the writer type: the first with
// the same type (and name, for named types), else the first the writer type promotes to.
func matchBranch(w, union *Type) *Type {
	for _, b := range union.Branches {
		if b.Kind == w.Kind && (!b.Kind.Named() || namesMatch(w, b)) {
			return b
		}
	}
	for _, b := range union.Branches {
		if b.Kind != w.Kind && promotable(w.Kind, b.Kind) {
			return b
		}
	}
	return nil
}

func unionName(t *Type) string {
	names := make([]string, len(t.Branches))
	for i, b := range t.Branches {
		names[i] = b.TypeName()
	}
	return "[" + strings.Join(names, ", ") + "]"
}

package avro

import (
	"strconv"
	"strings"
)

// canonicalForm writes t in Parsing Canonical Form: primitives as bare names, named types
// by full name after their first definition, only the attributes name, type, fields,
// symbols, items, values and size, in that order, and no whitespace.
func canonicalForm(t *Type) string {
	var b strings.Builder
	w := schemaWriter{b: &b, seen: make(map[*Type]bool), nameOf: func(t *Type) string {
		return t.Name
	}}
	w.write(t)
	return b.String()
}

// goavroSchema writes t as schema JSON for goavro: the canonical form with names that
// goavro accepts (see goavroName). Defaults, logical types and docs are left out because
// binary decoding does not use them and the codec returns the underlying types.
func goavroSchema(t *Type) string {
	var b strings.Builder
	w := schemaWriter{b: &b, seen: make(map[*Type]bool), nameOf: func(t *Type) string {
		return t.goavroName
	}}
	w.write(t)
	return b.String()
}

type schemaWriter struct {
	b      *strings.Builder
	seen   map[*Type]bool
	nameOf func(*Type) string
}

func (w schemaWriter) write(t *Type) {
	b := w.b
	if t.Kind.Primitive() {
		b.WriteString(`"` + t.Kind.String() + `"`)
		return
	}
	if t.Kind.Named() {
		if w.seen[t] {
			writeMinimalString(b, w.nameOf(t))
			return
		}
		w.seen[t] = true
		b.WriteString(`{"name":`)
		writeMinimalString(b, w.nameOf(t))
		b.WriteString(`,"type":"` + t.Kind.String() + `"`)
	}

	switch t.Kind {
	case Record:
		w.writeFields(t)
	case Enum:
		b.WriteString(`,"symbols":[`)
		for i, s := range t.Symbols {
			if i > 0 {
				b.WriteByte(',')
			}
			writeMinimalString(b, s)
		}
		b.WriteString("]}")
	case Fixed:
		b.WriteString(`,"size":` + strconv.Itoa(t.Size) + "}")
	case Array:
		b.WriteString(`{"type":"array","items":`)
		w.write(t.Items)
		b.WriteByte('}')
	case Map:
		b.WriteString(`{"type":"map","values":`)
		w.write(t.Values)
		b.WriteByte('}')
	case Union:
		b.WriteByte('[')
		for i, br := range t.Branches {
			if i > 0 {
				b.WriteByte(',')
			}
			w.write(br)
		}
		b.WriteByte(']')
	}
}

func (w schemaWriter) writeFields(t *Type) {
	w.b.WriteString(`,"fields":[`)
	for i, f := range t.Fields {
		if i > 0 {
			w.b.WriteByte(',')
		}
		w.b.WriteString(`{"name":`)
		writeMinimalString(w.b, f.Name)
		w.b.WriteString(`,"type":`)
		w.write(f.Type)
		w.b.WriteByte('}')
	}
	w.b.WriteString("]}")
}

// rabinEmpty is the CRC-64-AVRO fingerprint of empty input, as the Avro specification
// defines it.
const rabinEmpty uint64 = 0xc15d213aa4d7a795

var rabinTable = func() (table [256]uint64) {
	for i := range table {
		fp := uint64(i)
		for range 8 {
			fp = (fp >> 1) ^ (rabinEmpty & -(fp & 1))
		}
		table[i] = fp
	}
	return table
}()

// Fingerprint64 returns the CRC-64-AVRO (Rabin) fingerprint of data, the 64-bit
// fingerprint the Avro specification defines for a schema's canonical form.
func Fingerprint64(data []byte) uint64 {
	fp := rabinEmpty
	for _, c := range data {
		fp = (fp >> 8) ^ rabinTable[byte(fp)^c]
	}
	return fp
}

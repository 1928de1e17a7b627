package avro

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// CanonicalJSON serializes v the way Python's json.dumps(v, sort_keys=True) does with its
// default settings: object keys sorted by code point at every level, ", " between items,
// ": " after keys, every non-ASCII character escaped as \uXXXX (a UTF-16 surrogate pair
// above U+FFFF), and floating-point numbers written as Python's repr (1.0, 1e-05, 1e+16).
//
// v may hold nil, bool, string, json.Number, Go integer and float types, []any and
// map[string]any, nested freely. A json.Number without a fraction or exponent is written
// as an integer and any other as a float, so decode JSON with json.Decoder.UseNumber to keep
// integers exact. NaN and infinite floats are written as NaN, Infinity and -Infinity, as
// Python does. Any other Go type is an error.
func CanonicalJSON(v any) ([]byte, error) {
	var b strings.Builder
	if err := writeCanonicalJSON(&b, v, ""); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

func writeCanonicalJSON(b *strings.Builder, v any, path string) error {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case string:
		writePythonString(b, v)
	case json.Number:
		return writeJSONNumber(b, v, path)
	case float64:
		b.WriteString(pythonFloatRepr(v, 64))
	case float32:
		b.WriteString(pythonFloatRepr(float64(v), 32))
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		fmt.Fprint(b, v)
	case []any:
		return writeCanonicalArray(b, v, path)
	case map[string]any:
		return writeCanonicalObject(b, v, path)
	default:
		return fmt.Errorf("canonical json at %s: unsupported Go type %s, use nil, bool, "+
			"string, a number, []any or map[string]any", pathOrRoot(path), reflect.TypeOf(v))
	}
	return nil
}

func writeCanonicalArray(b *strings.Builder, items []any, path string) error {
	b.WriteByte('[')
	for i, item := range items {
		if i > 0 {
			b.WriteString(", ")
		}
		if err := writeCanonicalJSON(b, item, fmt.Sprintf("%s[%d]", path, i)); err != nil {
			return err
		}
	}
	b.WriteByte(']')
	return nil
}

func writeCanonicalObject(b *strings.Builder, obj map[string]any, path string) error {
	// Go compares strings byte by byte, and UTF-8 byte order equals code point order,
	// which is the order Python's sorted() gives for str keys.
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)

	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		writePythonString(b, k)
		b.WriteString(": ")
		if err := writeCanonicalJSON(b, obj[k], joinPath(path, k)); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

// writeJSONNumber writes an integer literal as Python's int does and any other literal as
// Python's float repr, because json.load turns them into int and float respectively.
func writeJSONNumber(b *strings.Builder, n json.Number, path string) error {
	s := string(n)
	if !strings.ContainsAny(s, ".eE") {
		i, ok := new(big.Int).SetString(s, 10)
		if !ok {
			return fmt.Errorf("canonical json at %s: invalid number %q", pathOrRoot(path), s)
		}
		b.WriteString(i.String())
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !isRangeError(err) {
		return fmt.Errorf("canonical json at %s: invalid number %q: %w", pathOrRoot(path), s, err)
	}
	b.WriteString(pythonFloatRepr(f, 64))
	return nil
}

func isRangeError(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// NonFiniteText returns the text that Python's json module writes for a NaN or
// infinite double: "NaN", "Infinity" or "-Infinity". It returns false for a
// finite f.
func NonFiniteText(f float64) (string, bool) {
	switch {
	case math.IsNaN(f):
		return "NaN", true
	case math.IsInf(f, 1):
		return "Infinity", true
	case math.IsInf(f, -1):
		return "-Infinity", true
	}
	return "", false
}

// ParseNonFinite returns the double whose [NonFiniteText] is s, and false when
// s is not such a text.
func ParseNonFinite(s string) (float64, bool) {
	switch s {
	case "NaN":
		return math.NaN(), true
	case "Infinity":
		return math.Inf(1), true
	case "-Infinity":
		return math.Inf(-1), true
	}
	return 0, false
}

// pythonFloatRepr formats f as Python's repr(float) does: the shortest digits that round
// trip, in positional notation when the decimal exponent is in [-4, 16), otherwise in
// scientific notation with a sign and at least two exponent digits.
func pythonFloatRepr(f float64, bitSize int) string {
	if text, ok := NonFiniteText(f); ok {
		return text
	}

	// 'e' with precision -1 gives the shortest digits as d.ddde±XX.
	sci := strconv.FormatFloat(f, 'e', -1, bitSize)
	mantissa, expText, _ := strings.Cut(sci, "e")
	exp, _ := strconv.Atoi(expText)
	if exp < -4 || exp >= 16 {
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		return fmt.Sprintf("%se%s%02d", mantissa, sign, exp)
	}

	s := strconv.FormatFloat(f, 'f', -1, bitSize)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}

// writePythonString writes s as a JSON string literal with Python's ensure_ascii escaping.
// Invalid UTF-8 bytes are written as U+FFFD.
func writePythonString(b *strings.Builder, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		case r > 0xffff:
			r1, r2 := utf16Pair(r)
			writeUnicodeEscape(b, r1, hex)
			writeUnicodeEscape(b, r2, hex)
		default:
			writeUnicodeEscape(b, r, hex)
		}
	}
	b.WriteByte('"')
}

func writeUnicodeEscape(b *strings.Builder, r rune, hex string) {
	b.WriteString(`\u`)
	b.WriteByte(hex[r>>12&0xf])
	b.WriteByte(hex[r>>8&0xf])
	b.WriteByte(hex[r>>4&0xf])
	b.WriteByte(hex[r&0xf])
}

func utf16Pair(r rune) (rune, rune) {
	r -= 0x10000
	return 0xd800 + (r>>10)&0x3ff, 0xdc00 + r&0x3ff
}

// writeMinimalString writes s as a JSON string literal for the Parsing Canonical Form,
// escaping only what JSON requires: quote, backslash and control characters.
func writeMinimalString(b *strings.Builder, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r < 0x20:
			writeUnicodeEscape(b, r, hex)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('"')
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

func pathOrRoot(path string) string {
	if path == "" {
		return "the top level"
	}
	return path
}

package avro

import (
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestCanonicalJSONGolden(t *testing.T) {
	// The expected strings are what Python 3's json.dumps(value, sort_keys=True) writes.
	tests := []struct {
		name  string
		input string
		want  string
	}{
		{
			name:  "nested objects sorted at every level",
			input: `{"b": {"z": 1, "a": [{"y": true, "x": null}]}, "a": "s"}`,
			want:  `{"a": "s", "b": {"a": [{"x": null, "y": true}], "z": 1}}`,
		},
		{
			name:  "non-ascii and escapes",
			input: `{"z": "\u00e9\u00e9 🎓 \"\\ \n\r\t\b\f \u0001\u007f", "É": 1, "Z": 3, "a b": 2}`,
			want: `{"Z": 3, "a b": 2, "z": "\u00e9\u00e9 \ud83c\udf93 \"\\ \n\r\t\b\f ` +
				`\u0001\u007f", "\u00c9": 1}`,
		},
		{
			name:  "numbers",
			input: `[1, 2.5, 1e-5, 1E16, 123456789.125, 0.1, -0.0, 1e300, 12345678901234567890]`,
			want:  `[1, 2.5, 1e-05, 1e+16, 123456789.125, 0.1, -0.0, 1e+300, 12345678901234567890]`,
		},
		{
			name:  "float boundaries",
			input: `[1.0, 100.0, 1e15, 1e-4, 0.00012, 5e-324, 1.7976931348623157e308, 2.5e-7, 1.5e16]`,
			want: `[1.0, 100.0, 1000000000000000.0, 0.0001, 0.00012, 5e-324, ` +
				`1.7976931348623157e+308, 2.5e-07, 1.5e+16]`,
		},
		{
			name:  "empty containers",
			input: `{"a": [], "b": {}, "c": ""}`,
			want:  `{"a": [], "b": {}, "c": ""}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CanonicalJSON(decodeJSON(t, []byte(tt.input)))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("CanonicalJSON:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestCanonicalJSONGoValues(t *testing.T) {
	v := map[string]any{
		"f64": 3.0, "f32": float32(0.1), "i": 7, "u": uint8(9), "nan": math.NaN(),
		"inf": math.Inf(-1), "list": []any{int64(-1), nil},
	}
	want := `{"f32": 0.1, "f64": 3.0, "i": 7, "inf": -Infinity, "list": [-1, null], ` +
		`"nan": NaN, "u": 9}`
	got, err := CanonicalJSON(v)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("CanonicalJSON:\n got %s\nwant %s", got, want)
	}
}

func TestCanonicalJSONRejectsUnknownType(t *testing.T) {
	_, err := CanonicalJSON(map[string]any{"a": []any{struct{}{}}})
	if err == nil {
		t.Fatal("CanonicalJSON(struct) returned no error")
	}
	if want := "a[0]"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not name the path %q", err, want)
	}
}

func TestPythonFloatRepr(t *testing.T) {
	tests := []struct {
		f    float64
		want string
	}{
		{0, "0.0"}, {1, "1.0"}, {-2.5, "-2.5"}, {1e-4, "0.0001"}, {1e-5, "1e-05"},
		{9999999999999998, "9999999999999998.0"}, {1e16, "1e+16"}, {1.25e-10, "1.25e-10"},
		{0.3, "0.3"}, {1.0 / 3, "0.3333333333333333"}, {123e100, "1.23e+102"},
	}
	for _, tt := range tests {
		if got := pythonFloatRepr(tt.f, 64); got != tt.want {
			t.Errorf("pythonFloatRepr(%v) = %q, want %q", tt.f, got, tt.want)
		}
	}
}

// TestSchemaTextReferenceSchemas checks Text for every reference schema: it must be valid
// JSON equal to the file's JSON, with sorted keys and Python's separators, and writing it
// again must not change it.
func TestSchemaTextReferenceSchemas(t *testing.T) {
	files := schemaFiles(t)
	if len(files) != 72 {
		t.Errorf("found %d reference schemas, want 72", len(files))
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Parse(raw)
			if err != nil {
				t.Fatal(err)
			}
			text := s.Text()

			var fromFile, fromText any
			if err := json.Unmarshal(raw, &fromFile); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(text), &fromText); err != nil {
				t.Fatalf("Text is not valid JSON: %v", err)
			}
			if !reflect.DeepEqual(fromFile, fromText) {
				t.Errorf("Text differs from the file's JSON:\n%s", text)
			}
			checkPythonLayout(t, text)
			checkSortedKeys(t, text)

			again, err := Parse([]byte(text))
			if err != nil {
				t.Fatal(err)
			}
			if again.Text() != text {
				t.Errorf("Text changed when parsed again")
			}
		})
	}
}

// checkPythonLayout checks the separators and ASCII-only output by scanning outside
// string literals.
func checkPythonLayout(t *testing.T, text string) {
	t.Helper()
	inString, escaped := false, false
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c >= 0x80 {
			t.Fatalf("non-ASCII byte at %d", i)
		}
		switch {
		case inString && escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case !inString && (c == ',' || c == ':'):
			if i+1 >= len(text) || text[i+1] != ' ' {
				t.Fatalf("separator %q at %d is not followed by a space", c, i)
			}
		case !inString && (c == '\n' || c == '\t'):
			t.Fatalf("whitespace %q at %d outside a string", c, i)
		}
	}
}

// checkSortedKeys checks that the keys of every object in text are in ascending order.
func checkSortedKeys(t *testing.T, text string) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(text))
	// Each open container has an entry: the last key seen in an object, or nil for an array.
	var stack []*string
	expectKey := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{':
				stack = append(stack, new(string))
				expectKey = true
				continue
			case '[':
				stack = append(stack, nil)
			default:
				stack = stack[:len(stack)-1]
			}
		case string:
			if expectKey {
				last := stack[len(stack)-1]
				if *last != "" && v <= *last {
					t.Fatalf("key %q follows %q", v, *last)
				}
				*last = v
				expectKey = false
				continue
			}
		}
		expectKey = len(stack) > 0 && stack[len(stack)-1] != nil
	}
}

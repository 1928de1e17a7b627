package avro

import (
	"strings"
	"testing"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name   string
		schema string
		want   []string // substrings of the error
	}{
		{"invalid json", `{"type": "record",`, []string{"invalid json"}},
		{"trailing data", `"string" "int"`, []string{"unexpected data"}},
		{"unknown type name", `{"type": "record", "name": "R", "fields": [
			{"name": "a", "type": "Missing"}]}`, []string{"R.a", `unknown type name "Missing"`}},
		{"duplicate name", `{"type": "record", "name": "R", "fields": [
			{"name": "a", "type": {"type": "record", "name": "S", "fields": []}},
			{"name": "b", "type": {"type": "record", "name": "S", "fields": []}}]}`,
			[]string{"R.b", `type "S" is defined twice`}},
		{"duplicate field", `{"type": "record", "name": "R", "fields": [
			{"name": "a", "type": "int"}, {"name": "a", "type": "long"}]}`,
			[]string{"R.a", "field name is used twice"}},
		{"bad long default", `{"type": "record", "name": "R", "fields": [
			{"name": "n", "type": "long", "default": "x"}]}`, []string{"R.n", `default "x"`, "long"}},
		{"int default out of range", `{"type": "record", "name": "R", "fields": [
			{"name": "n", "type": "int", "default": 2147483648}]}`, []string{"R.n", "int"}},
		{"union default not first branch", `{"type": "record", "name": "R", "fields": [
			{"name": "u", "type": ["null", "string"], "default": "x"}]}`,
			[]string{"R.u", "first branch"}},
		{"record default missing field", `{"type": "record", "name": "R", "fields": [
			{"name": "s", "type": {"type": "record", "name": "S", "fields": [
				{"name": "x", "type": "int"}]}, "default": {}}]}`, []string{"R.s", `"x"`}},
		{"enum default not a symbol", `{"type": "enum", "name": "E", "symbols": ["A"],
			"default": "B"}`, []string{"E", `"B"`}},
		{"duplicate enum symbol", `{"type": "enum", "name": "E", "symbols": ["A", "A"]}`,
			[]string{"listed twice"}},
		{"fixed without size", `{"type": "fixed", "name": "F"}`, []string{"F", "size"}},
		{"invalid name", `{"type": "record", "name": "1R", "fields": []}`,
			[]string{`invalid name "1R"`}},
		{"dash in short name", `{"type": "record", "name": "a-b", "namespace": "n",
			"fields": []}`, []string{`invalid name "n.a-b"`}},
		{"nested union", `["null", ["int"]]`, []string{"union branch 1", "another union"}},
		{"duplicate union branch", `["string", "string"]`, []string{`"string" twice`}},
		{"array without items", `{"type": "array"}`, []string{"items"}},
		{"primitive name redefined", `{"type": "fixed", "name": "int", "size": 1}`,
			[]string{"primitive type name"}},
		{"missing type", `{"name": "x"}`, []string{`"type"`}},
		{"field without type", `{"type": "record", "name": "R", "fields": [{"name": "a"}]}`,
			[]string{"R.a", `"type"`}},
		{"invalid order", `{"type": "record", "name": "R", "fields": [
			{"name": "a", "type": "int", "order": "up"}]}`, []string{"R.a", "order"}},
		{"nested path", `{"type": "record", "name": "R", "fields": [
			{"name": "list", "type": {"type": "array", "items": {"type": "record", "name": "I",
				"fields": [{"name": "x", "type": "nope"}]}}}]}`,
			[]string{"R.list[].x", `"nope"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.schema))
			if err == nil {
				t.Fatal("Parse returned no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestParseNamesAndReferences(t *testing.T) {
	s := mustParse(t, `{"type": "record", "name": "CloudEvent",
		"namespace": "org.openedx.enterprise.subsidy.redemption-reversed.v1", "fields": [
		{"name": "a", "type": {"type": "record", "name": "Inner", "fields": [
			{"name": "x", "type": "long"}]}},
		{"name": "b", "type": ["null", "Inner"], "default": null},
		{"name": "c", "type": "org.openedx.enterprise.subsidy.redemption-reversed.v1.Inner"},
		{"name": "d", "type": {"type": "enum", "name": "other.E", "symbols": ["X"]}},
		{"name": "e", "type": {"type": "fixed", "name": "F", "namespace": "", "size": 2}},
		{"name": "g", "type": "other.E"}]}`)

	const ns = "org.openedx.enterprise.subsidy.redemption-reversed.v1"
	if got, want := s.Name(), ns+".CloudEvent"; got != want {
		t.Errorf("Name() = %q, want %q", got, want)
	}
	root := s.Root()
	inner := root.Field("a").Type
	if got, want := inner.Name, ns+".Inner"; got != want {
		t.Errorf("nested record name = %q, want %q (namespace inherited)", got, want)
	}
	if root.Field("b").Type.Branches[1] != inner {
		t.Error("bare name reference does not point to the defined record")
	}
	if root.Field("c").Type != inner {
		t.Error("full name reference does not point to the defined record")
	}
	if got := root.Field("d").Type.Name; got != "other.E" {
		t.Errorf("dotted name = %q, want other.E", got)
	}
	if got := root.Field("e").Type.Name; got != "F" {
		t.Errorf("empty namespace name = %q, want F", got)
	}
	if s.Named("other.E") != root.Field("d").Type {
		t.Error(`Named("other.E") does not return the enum`)
	}
}

func TestParseUnknownBareNameInOtherNamespace(t *testing.T) {
	_, err := Parse([]byte(`{"type": "record", "name": "a.R", "fields": [
		{"name": "x", "type": {"type": "record", "name": "b.S", "fields": []}},
		{"name": "y", "type": "S"}]}`))
	if err == nil || !strings.Contains(err.Error(), `unknown type name "S"`) {
		t.Errorf("Parse error = %v, want unknown type name \"S\"", err)
	}
}

func TestParseRecursiveRecord(t *testing.T) {
	s := mustParse(t, `{"type": "record", "name": "Node", "fields": [
		{"name": "value", "type": "long"},
		{"name": "next", "type": ["null", "Node"], "default": null}]}`)
	if s.Root().Field("next").Type.Branches[1] != s.Root() {
		t.Error("recursive reference does not point to the record itself")
	}
}

func TestParsePrimitiveWithName(t *testing.T) {
	s := mustParse(t, `{"name": "course_key", "type": "string"}`)
	if got := s.Root().Kind; got != String {
		t.Errorf("Kind = %s, want string", got)
	}
	if got, want := s.Text(), `{"name": "course_key", "type": "string"}`; got != want {
		t.Errorf("Text() = %s, want %s", got, want)
	}
}

func TestParseDefaults(t *testing.T) {
	s := mustParse(t, `{"type": "record", "name": "R", "fields": [
		{"name": "n", "type": "long", "default": 12},
		{"name": "d", "type": "double", "default": 1},
		{"name": "b", "type": "bytes", "default": "\u00ff\u0000"},
		{"name": "s", "type": ["string", "null"], "default": "null"},
		{"name": "l", "type": {"type": "array", "items": "int"}, "default": [1, 2]},
		{"name": "m", "type": {"type": "map", "values": "boolean"}, "default": {"k": true}}]}`)
	root := s.Root()
	checks := []struct {
		field string
		want  any
	}{
		{"n", int64(12)}, {"d", float64(1)}, {"s", "null"},
	}
	for _, c := range checks {
		if got := root.Field(c.field).Default; got != c.want {
			t.Errorf("default of %s = %#v, want %#v", c.field, got, c.want)
		}
	}
	if got := root.Field("b").Default.([]byte); string(got) != "\xff\x00" {
		t.Errorf("bytes default = %q, want \\xff\\x00", got)
	}
	if got := root.Field("l").Default.([]any); len(got) != 2 || got[1] != int64(2) {
		t.Errorf("array default = %#v, want [1 2] as int64", got)
	}
	if got := root.Field("m").Default.(map[string]any); got["k"] != true {
		t.Errorf("map default = %#v, want k: true", got)
	}
}

func TestSchemaJSONIsCopy(t *testing.T) {
	s := mustParse(t, `{"type": "record", "name": "R", "fields": []}`)
	s.JSON().(map[string]any)["name"] = "changed"
	if got := s.JSON().(map[string]any)["name"]; got != "R" {
		t.Errorf("JSON()[name] = %v after changing a copy, want R", got)
	}
}

package avro

import (
	"path/filepath"
	"strings"
	"testing"
)

// record builds a CloudEvent schema with a nested UserData record holding fields.
func record(userName, userNamespace, fields string) string {
	return `{"type": "record", "name": "CloudEvent", "namespace": "org.example.v1", "fields": [
		{"name": "enrollment", "type": {"type": "record", "name": "Enrollment", "fields": [
			{"name": "user", "type": {"type": "record", "name": "` + userName + `",
				"namespace": "` + userNamespace + `", "fields": [` + fields + `]}}]}}]}`
}

var (
	userV1 = record("UserData", "org.example.v1", `{"name": "id", "type": "int"}`)

	compatChanges = map[string]string{
		"add with default": record("UserData", "org.example.v1", `{"name": "id", "type": "int"},
			{"name": "email", "type": ["null", "string"], "default": null}`),
		"add without default": record("UserData", "org.example.v1", `{"name": "id", "type": "int"},
			{"name": "email", "type": "string"}`),
		"remove":      record("UserData", "org.example.v1", ``),
		"type change": record("UserData", "org.example.v1", `{"name": "id", "type": "string"}`),
		"promotion":   record("UserData", "org.example.v1", `{"name": "id", "type": "long"}`),
		"rename nested record": record("Person", "org.example.v1",
			`{"name": "id", "type": "int"}`),
		"move nested record to another namespace": record("UserData", "org.other",
			`{"name": "id", "type": "int"}`),
	}
)

func TestCheckCompatibilityLevels(t *testing.T) {
	// Whether each change from userV1 passes BACKWARD and FORWARD; FULL needs both.
	tests := []struct {
		change            string
		backward, forward bool
	}{
		{"add with default", true, true},
		{"add without default", false, true},
		{"remove", true, false},
		{"type change", false, false},
		{"promotion", true, false},
		{"rename nested record", false, false},
		{"move nested record to another namespace", true, true},
	}
	for _, tt := range tests {
		candidate := mustParse(t, compatChanges[tt.change])
		history := []*Schema{mustParse(t, userV1)}
		want := map[Level]bool{
			LevelNone:               true,
			LevelBackward:           tt.backward,
			LevelBackwardTransitive: tt.backward,
			LevelForward:            tt.forward,
			LevelForwardTransitive:  tt.forward,
			LevelFull:               tt.backward && tt.forward,
			LevelFullTransitive:     tt.backward && tt.forward,
		}
		for level, compatible := range want {
			t.Run(tt.change+"/"+string(level), func(t *testing.T) {
				got := CheckCompatibility(level, candidate, history)
				if compatible && len(got) > 0 {
					t.Errorf("got incompatibilities %v, want none", got)
				}
				if !compatible && len(got) == 0 {
					t.Error("got no incompatibility, want at least one")
				}
			})
		}
	}
}

func TestCheckCompatibilityTransitive(t *testing.T) {
	v1 := mustParse(t, record("UserData", "org.example.v1", `{"name": "id", "type": "int"}`))
	v2 := mustParse(t, record("UserData", "org.example.v1", `{"name": "id", "type": "int"},
		{"name": "email", "type": "string", "default": ""}`))
	candidate := mustParse(t, record("UserData", "org.example.v1", `{"name": "id", "type": "int"},
		{"name": "email", "type": "string"}`))
	history := []*Schema{v1, v2}

	if got := CheckCompatibility(LevelBackward, candidate, history); len(got) != 0 {
		t.Errorf("BACKWARD: got %v, want none (the latest version has the field)", got)
	}
	got := CheckCompatibility(LevelBackwardTransitive, candidate, history)
	if len(got) != 1 {
		t.Fatalf("BACKWARD_TRANSITIVE: got %v, want one incompatibility with version 1", got)
	}
	if want := "new schema reading data written by version 1"; got[0].Direction != want {
		t.Errorf("Direction = %q, want %q", got[0].Direction, want)
	}

	// The candidate drops the field: version 2 reads that data through its default,
	// version 1 cannot.
	dropped := mustParse(t, record("UserData", "org.example.v1", ``))
	v1id := mustParse(t, record("UserData", "org.example.v1", `{"name": "id", "type": "int"}`))
	v2id := mustParse(t, record("UserData", "org.example.v1",
		`{"name": "id", "type": "int", "default": 0}`))
	if got := CheckCompatibility(LevelForward, dropped, []*Schema{v1id, v2id}); len(got) != 0 {
		t.Errorf("FORWARD: got %v, want none", got)
	}
	got = CheckCompatibility(LevelForwardTransitive, dropped, []*Schema{v1id, v2id})
	if len(got) != 1 || got[0].Direction != "version 1 reading data written by the new schema" {
		t.Errorf("FORWARD_TRANSITIVE: got %v, want one incompatibility for version 1", got)
	}
}

func TestIncompatibilityDetails(t *testing.T) {
	history := []*Schema{mustParse(t, userV1)}
	tests := []struct {
		change    string
		level     Level
		path      string
		direction string
		message   string
	}{
		{"add without default", LevelBackward, "CloudEvent.enrollment.user.email",
			"new schema reading data written by version 1", "has no default"},
		{"remove", LevelForward, "CloudEvent.enrollment.user.id",
			"version 1 reading data written by the new schema", "has no default"},
		{"type change", LevelBackward, "CloudEvent.enrollment.user.id",
			"new schema reading data written by version 1",
			"type changed from int (writer) to string (reader)"},
		{"promotion", LevelForward, "CloudEvent.enrollment.user.id",
			"version 1 reading data written by the new schema",
			"type changed from long (writer) to int (reader)"},
		{"rename nested record", LevelBackward, "CloudEvent.enrollment.user",
			"new schema reading data written by version 1",
			"record name changed from UserData to Person"},
	}
	for _, tt := range tests {
		t.Run(tt.change, func(t *testing.T) {
			got := CheckCompatibility(tt.level, mustParse(t, compatChanges[tt.change]), history)
			if len(got) != 1 {
				t.Fatalf("got %d incompatibilities %v, want 1", len(got), got)
			}
			if got[0].Path != tt.path {
				t.Errorf("Path = %q, want %q", got[0].Path, tt.path)
			}
			if got[0].Direction != tt.direction {
				t.Errorf("Direction = %q, want %q", got[0].Direction, tt.direction)
			}
			if !strings.Contains(got[0].Message, tt.message) {
				t.Errorf("Message = %q, want it to contain %q", got[0].Message, tt.message)
			}
			if s := got[0].String(); !strings.Contains(s, tt.path) || !strings.Contains(s, tt.direction) {
				t.Errorf("String() = %q, want path and direction in it", s)
			}
		})
	}
}

func TestCheckCompatibilityEnumAndUnion(t *testing.T) {
	oldEnum := mustParse(t, `{"type": "enum", "name": "E", "symbols": ["A", "B"]}`)
	newEnum := mustParse(t, `{"type": "enum", "name": "E", "symbols": ["A"]}`)
	got := CheckCompatibility(LevelBackward, newEnum, []*Schema{oldEnum})
	if len(got) != 1 || !strings.Contains(got[0].Message, `enum symbol "B" was removed`) {
		t.Errorf("removed symbol: got %v, want one incompatibility naming B", got)
	}
	withDefault := mustParse(t, `{"type": "enum", "name": "E", "symbols": ["A", "Z"], "default": "Z"}`)
	if got := CheckCompatibility(LevelBackward, withDefault, []*Schema{oldEnum}); len(got) != 0 {
		t.Errorf("removed symbol with reader default: got %v, want none", got)
	}

	optional := mustParse(t, `{"type": "record", "name": "R", "fields": [
		{"name": "s", "type": ["null", "string"], "default": null}]}`)
	required := mustParse(t, `{"type": "record", "name": "R", "fields": [
		{"name": "s", "type": "string"}]}`)
	if got := CheckCompatibility(LevelBackward, optional, []*Schema{required}); len(got) != 0 {
		t.Errorf("making a field optional: got %v, want none", got)
	}
	got = CheckCompatibility(LevelBackward, required, []*Schema{optional})
	if len(got) != 1 || got[0].Path != "R.s" || !strings.Contains(got[0].Message, "null") {
		t.Errorf("making a field required: got %v, want one incompatibility at R.s about null", got)
	}
}

func TestCheckCompatibilityEmptyHistory(t *testing.T) {
	if got := CheckCompatibility(LevelFullTransitive, mustParse(t, userV1), nil); got != nil {
		t.Errorf("got %v, want nil for an empty history", got)
	}
}

func TestParseLevel(t *testing.T) {
	for _, name := range []string{"NONE", "backward", "Backward_Transitive", "FORWARD",
		"FORWARD_TRANSITIVE", "full", "FULL_TRANSITIVE"} {
		l, err := ParseLevel(name)
		if err != nil {
			t.Errorf("ParseLevel(%q): %v", name, err)
		}
		if !strings.EqualFold(string(l), name) {
			t.Errorf("ParseLevel(%q) = %q", name, l)
		}
	}
	_, err := ParseLevel("SIDEWAYS")
	if err == nil || !strings.Contains(err.Error(), `"SIDEWAYS"`) ||
		!strings.Contains(err.Error(), "FULL_TRANSITIVE") {
		t.Errorf("ParseLevel(SIDEWAYS) error = %v, want it to name the value and the valid levels", err)
	}
}

// TestCheckCompatibilityReferenceSchemas checks that every reference schema is fully
// compatible with itself and with a copy that has no docs, so real schemas give no false
// reports.
func TestCheckCompatibilityReferenceSchemas(t *testing.T) {
	for _, file := range schemaFiles(t) {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			s := readSchemaFile(t, name)
			stripped := mustParse(t, s.CanonicalForm())
			history := []*Schema{s, stripped}
			if got := CheckCompatibility(LevelFullTransitive, s, history); len(got) != 0 {
				t.Errorf("CheckCompatibility(FULL_TRANSITIVE) = %v, want none", got)
			}
		})
	}
}

package config

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// fakeCatalog accepts one event type, whose only usable key is user.pii.username.
type fakeCatalog struct{}

const loginEvent = "org.openedx.learning.auth.session.login.completed.v1"

func (fakeCatalog) CheckEventType(eventType string) error {
	if eventType != loginEvent {
		return errors.New("unknown event type")
	}
	return nil
}

func (fakeCatalog) CheckKeyField(_, path string) error {
	if path != "user.pii.username" {
		return errors.New("no such field")
	}
	return nil
}

func TestParseProducerConfigShape(t *testing.T) {
	tests := []struct {
		name    string
		json    string
		wantErr string
	}{
		{"valid", `{"` + loginEvent + `": {"user-login": {"event_key_field": "user.pii.username", "enabled": true}}}`, ""},
		{"empty mapping", `{}`, ""},
		{"not a mapping", `["a"]`, "is a list, not a mapping"},
		{"null", `null`, "is a null, not a mapping"},
		{"event type not a mapping", `{"` + loginEvent + `": "user-login"}`, "maps to a string"},
		{"topic entry not a mapping", `{"` + loginEvent + `": {"user-login": true}}`, `topic "user-login": the entry is a boolean`},
		{"invalid JSON", `{"a":`, "is not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseProducerConfigJSON([]byte(tt.json))
			checkErr(t, err, tt.wantErr)
		})
	}
}

func TestProducerConfigValidate(t *testing.T) {
	tests := []struct {
		name    string
		entry   string
		catalog Catalog
		wantErr string
	}{
		{"valid", `{"event_key_field": "user.pii.username", "enabled": true}`, fakeCatalog{}, ""},
		{"disabled is valid", `{"event_key_field": "user.pii.username", "enabled": false}`, fakeCatalog{}, ""},
		{"extra keys allowed", `{"event_key_field": "user.pii.username", "enabled": true, "note": 1}`, fakeCatalog{}, ""},
		{"missing key field", `{"enabled": true}`, nil, "event_key_field is missing"},
		{"key field not a string", `{"event_key_field": 3, "enabled": true}`, nil, "event_key_field is a number"},
		{"missing enabled", `{"event_key_field": "user.pii.username"}`, nil, "enabled is missing"},
		{"enabled truthy string", `{"event_key_field": "user.pii.username", "enabled": "true"}`, nil,
			`enabled is the string "true"`},
		{"enabled number", `{"event_key_field": "user.pii.username", "enabled": 1}`, nil, "enabled is a number"},
		{"bad key path", `{"event_key_field": "user.pii.email", "enabled": true}`, fakeCatalog{},
			`event_key_field "user.pii.email": no such field`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pc, err := ParseProducerConfigJSON([]byte(`{"` + loginEvent + `": {"user-login": ` + tt.entry + `}}`))
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			checkErr(t, pc.Validate(tt.catalog), tt.wantErr)
		})
	}
}

func TestValidateUnknownEventType(t *testing.T) {
	pc := ProducerConfig{"org.openedx.nothing.v1": {"t": {"event_key_field": "a", "enabled": true}}}
	err := pc.Validate(fakeCatalog{})
	checkErr(t, err, `event type "org.openedx.nothing.v1": unknown event type`)
	if err := pc.Validate(nil); err != nil {
		t.Errorf("Validate(nil) = %v, want nil because no catalog checks event types", err)
	}
}

func TestValidateReportsAllProblems(t *testing.T) {
	pc, err := ParseProducerConfigJSON([]byte(`{"` + loginEvent + `": {
		"a": {"enabled": true},
		"b": {"event_key_field": "user.pii.username", "enabled": "yes"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	err = pc.Validate(nil)
	checkErr(t, err, `topic "a": event_key_field is missing`)
	checkErr(t, err, `topic "b": enabled is the string "yes"`)
}

func TestValidateNamesSettingAndFix(t *testing.T) {
	pc := ProducerConfig{loginEvent: {"t": {"event_key_field": "user.pii.username"}}}
	err := pc.Validate(nil)
	checkErr(t, err, "EVENT_BUS_PRODUCER_CONFIG")
	checkErr(t, err, `add "enabled": true or false`)
}

func TestRoutes(t *testing.T) {
	pc := ProducerConfig{
		"b.v1": {"t2": {"event_key_field": "x.y", "enabled": false}, "t1": {"event_key_field": "x.z", "enabled": true}},
		"a.v1": {"t3": {"event_key_field": "k", "enabled": true}},
	}
	got := pc.Routes()
	want := []Route{
		{EventType: "a.v1", Topic: "t3", KeyField: "k", Enabled: true},
		{EventType: "b.v1", Topic: "t1", KeyField: "x.z", Enabled: true},
		{EventType: "b.v1", Topic: "t2", KeyField: "x.y", Enabled: false},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Routes() = %+v, want %+v", got, want)
	}
}

func TestMerge(t *testing.T) {
	base := func() ProducerConfig {
		return ProducerConfig{
			"e1": {
				"t1": {"event_key_field": "a.b", "enabled": true, "extra": "base"},
				"t2": {"event_key_field": "a.c", "enabled": false},
			},
			"e2": {"t3": {"event_key_field": "x", "enabled": true}},
		}
	}
	tests := []struct {
		name     string
		override ProducerConfig
		want     ProducerConfig
	}{
		{
			name:     "empty override",
			override: ProducerConfig{},
			want:     base(),
		},
		{
			name:     "only enabled",
			override: ProducerConfig{"e1": {"t1": {"enabled": false}}},
			want: ProducerConfig{
				"e1": {
					"t1": {"event_key_field": "a.b", "enabled": false, "extra": "base"},
					"t2": {"event_key_field": "a.c", "enabled": false},
				},
				"e2": {"t3": {"event_key_field": "x", "enabled": true}},
			},
		},
		{
			name:     "only key field",
			override: ProducerConfig{"e1": {"t2": {"event_key_field": "a.d"}}},
			want: ProducerConfig{
				"e1": {
					"t1": {"event_key_field": "a.b", "enabled": true, "extra": "base"},
					"t2": {"event_key_field": "a.d", "enabled": false},
				},
				"e2": {"t3": {"event_key_field": "x", "enabled": true}},
			},
		},
		{
			name:     "other keys of an existing topic not overwritten",
			override: ProducerConfig{"e1": {"t1": {"extra": "override", "enabled": true}}},
			want:     base(),
		},
		{
			name: "new topic and new event type",
			override: ProducerConfig{
				"e1": {"t9": {"event_key_field": "a.z", "enabled": true}},
				"e3": {"t4": {"event_key_field": "y", "enabled": false}},
			},
			want: ProducerConfig{
				"e1": {
					"t1": {"event_key_field": "a.b", "enabled": true, "extra": "base"},
					"t2": {"event_key_field": "a.c", "enabled": false},
					"t9": {"event_key_field": "a.z", "enabled": true},
				},
				"e2": {"t3": {"event_key_field": "x", "enabled": true}},
				"e3": {"t4": {"event_key_field": "y", "enabled": false}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := base()
			override := tt.override.Clone()
			got := Merge(b, tt.override)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Merge() = %v, want %v", got, tt.want)
			}
			if !reflect.DeepEqual(b, base()) {
				t.Errorf("Merge changed base to %v", b)
			}
			if !reflect.DeepEqual(tt.override, override) {
				t.Errorf("Merge changed override to %v", tt.override)
			}
		})
	}
}

func TestMergeResultIndependent(t *testing.T) {
	base := ProducerConfig{"e1": {"t1": {"event_key_field": "a", "enabled": true}}}
	override := ProducerConfig{"e2": {"t2": {"event_key_field": "b", "enabled": true}}}
	got := Merge(base, override)
	got["e1"]["t1"]["enabled"] = false
	got["e2"]["t2"]["enabled"] = false
	if base["e1"]["t1"]["enabled"] != true {
		t.Error("changing the merged config changed base")
	}
	if override["e2"]["t2"]["enabled"] != true {
		t.Error("changing the merged config changed override")
	}
}

func TestMergeNilBase(t *testing.T) {
	got := Merge(nil, ProducerConfig{"e": {"t": {"enabled": true}}})
	want := ProducerConfig{"e": {"t": {"enabled": true}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Merge(nil, ...) = %v, want %v", got, want)
	}
}

func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatalf("err = %v, want nil", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("err = nil, want one containing %q", want)
	}
	if !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want one containing %q", err, want)
	}
}

func ExampleMerge() {
	base := ProducerConfig{"org.openedx.learning.course.enrollment.created.v1": {
		"learning-course-enrollment": {"event_key_field": "enrollment.course.course_key", "enabled": false},
	}}
	override := ProducerConfig{"org.openedx.learning.course.enrollment.created.v1": {
		"learning-course-enrollment": {"enabled": true},
	}}
	fmt.Println(Merge(base, override))
	// Output:
	// {"org.openedx.learning.course.enrollment.created.v1":{"learning-course-enrollment":{"enabled":true,"event_key_field":"enrollment.course.course_key"}}}
}

func TestProducerConfigUnknownKeys(t *testing.T) {
	pc := ProducerConfig{"a.v1": {"t": {"event_key_field": "x", "enable": false, "enabled": true, "note": "y"}}}
	got := pc.UnknownKeys()
	if len(got) != 2 {
		t.Fatalf("UnknownKeys = %q, want 2 warnings", got)
	}
	if !strings.Contains(got[0], `unknown key "enable" is ignored`) ||
		!strings.Contains(got[0], "enabled and event_key_field") {
		t.Errorf("warning %q, want the key and the known keys named", got[0])
	}
	if !strings.Contains(got[1], `unknown key "note"`) {
		t.Errorf("warning %q, want the key named", got[1])
	}
}

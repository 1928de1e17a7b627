package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const loginEventType = "org.openedx.learning.auth.session.login.completed.v1"

func TestProduceErrorWording(t *testing.T) {
	login, err := os.ReadFile(filepath.Join("..", "..", "testdata", "events", loginEventType+".json"))
	if err != nil {
		t.Fatal(err)
	}
	enrollment, err := os.ReadFile(filepath.Join("..", "..", "testdata", "events", testEnrollmentType+".json"))
	if err != nil {
		t.Fatal(err)
	}
	badTime := regexp.MustCompile(`"creation_date": "[^"]*"`).
		ReplaceAllString(string(enrollment), `"creation_date": "yesterday"`)
	tests := []struct {
		name     string
		args     []string
		want     []string
		wantNone []string
	}{
		{
			name: "missing key field",
			args: []string{"--event-type", loginEventType, "--data", string(login), "--key-field", "user.nope"},
			want: []string{`--key-field: event "` + loginEventType + `": invalid event key field "user.nope"`,
				"valid key fields: user.id, user.is_active, user.pii.username"},
			wantNone: []string{`key field "user.nope" of`},
		},
		{
			name: "record key field",
			args: []string{"--event-type", loginEventType, "--data", string(login), "--key-field", "user"},
			want: []string{"the key must be a string, number or boolean field inside it"},
		},
		{
			name:     "no documented key",
			args:     []string{"--event-type", "org.openedx.learning.cohort_membership.changed.v1", "--data", "{}"},
			want:     []string{"documents no key field: pass --key-field with one of the valid key fields: cohort."},
			wantNone: []string{"<field>"},
		},
		{
			name: "documented key unusable",
			args: []string{"--event-type", "org.openedx.authz.role_assignment.created", "--data", "{}"},
			want: []string{"the documented key field does not work",
				"pass --key-field with one of the valid key fields: role_assignment.operation, role_assignment.subject"},
			wantNone: []string{"<field>", "--key-field:"},
		},
		{
			name:     "data array",
			args:     []string{"--event-type", loginEventType, "--data", "[1]"},
			want:     []string{"--data must be a JSON object (the record dictionary), got an array"},
			wantNone: []string{"Go value", "map[string]interface"},
		},
		{
			name: "number for boolean",
			args: []string{"--event-type", loginEventType, "--key-field", "user.id", "--data",
				`{"user": {"id": 1, "is_active": 1, "pii": {"username": "a", "email": "b", "name": "c"}}}`},
			want:     []string{"field user.is_active: expected a boolean, got number 1"},
			wantNone: []string{"json.Number"},
		},
		{
			name:     "invalid time",
			args:     []string{"--event-type", testEnrollmentType, "--data", badTime},
			want:     []string{`invalid time "yesterday"`},
			wantNone: []string{"invalid time: invalid time"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"produce", "--topic", "t"}, tt.args...)
			_, _, err := runEventbus(t, context.Background(), "", args...)
			if err == nil {
				t.Fatal("produce succeeded, want an input error")
			}
			for _, want := range tt.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("err = %v\nwant it to contain %q", err, want)
				}
			}
			for _, bad := range tt.wantNone {
				if strings.Contains(err.Error(), bad) {
					t.Errorf("err = %v\nwant it without %q", err, bad)
				}
			}
		})
	}
}

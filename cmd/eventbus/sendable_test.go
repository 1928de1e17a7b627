package main

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/openedx-go/eventbus/events"
)

const (
	graderType      = "org.openedx.learning.external_grader.score.submitted.v1"
	certificateType = "org.openedx.content_authoring.course.certificate_config.changed.v1"
)

func TestUnsendableEventErrors(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"produce", []string{"produce", "--event-type", graderType, "--topic", "t", "--data", "{}"},
			`event type "` + graderType + `" is not sendable over the event bus: ` +
				"the Open edX services keep it in-process, so it exists for in-process use only"},
		{"produce with key field", []string{"produce", "--event-type", graderType, "--topic", "t",
			"--key-field", "score.user_id", "--data", "{}"}, "exists for in-process use only"},
		{"produce unserializable", []string{"produce", "--event-type", certificateType, "--topic", "t",
			"--data", "{}"}, "its payload holds values that cannot be serialized " +
			"(certificate_config.signatories[].image (io.Reader))"},
		{"schemas register", []string{"schemas", "register", graderType, "--topic", "t"},
			`event type "` + graderType + `" is not sendable`},
		{"events encode", []string{"events", "encode", "--event-type", certificateType},
			"cannot be serialized"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runEventbus(t, context.Background(), "", tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
			}
			if !errors.Is(err, events.ErrNotSendable) {
				t.Errorf("err = %v, want it to wrap events.ErrNotSendable", err)
			}
			if strings.Contains(err.Error(), "key field") {
				t.Errorf("err = %v, want no advice about key fields", err)
			}
			if code := exitCode(err); code != 2 {
				t.Errorf("exit status %d, want 2", code)
			}
		})
	}
}

func TestEventsShowNotSendableReason(t *testing.T) {
	out, _, err := runEventbus(t, context.Background(), "", "events", "show", graderType)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "the Open edX services keep it in-process") {
		t.Errorf("output does not give the reason:\n%s", out)
	}
}

package main

import (
	"context"
	"strings"
	"testing"
)

func TestTopicFlagsRejectInvalidNames(t *testing.T) {
	t.Setenv("EVENT_BUS_TOPIC_PREFIX", "")
	data := sampleFile(testEnrollmentType)
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"produce space", []string{"produce", "--event-type", testEnrollmentType, "--topic", "bad topic!",
			"--data", data}, `--topic: topic name "bad topic!" contains ' '`},
		{"produce empty", []string{"produce", "--event-type", testEnrollmentType, "--topic", "",
			"--data", data}, "--topic: topic name is empty"},
		{"produce prefixed too long", []string{"produce", "--topic-prefix", strings.Repeat("p", 200),
			"--event-type", testEnrollmentType, "--topic", strings.Repeat("t", 60), "--data", data},
			"is 261 characters long"},
		{"consume dot", []string{"consume", "--topic", "..", "--group", "g"}, `topic name ".." is invalid`},
		{"consume dead letter", []string{"consume", "--topic", "ok", "--group", "g",
			"--dead-letter-topic", "dl/q"}, `--dead-letter-topic: topic name "dl/q" contains '/'`},
		{"dev", []string{"dev", "--topic", "a b"}, `--topic: topic name "a b" contains ' '`},
		{"schemas register", []string{"schemas", "register", testEnrollmentType, "--topic", "x?"},
			`--topic: topic name "x?" contains '?'`},
		{"prefix", []string{"config", "show", "--topic-prefix", "a b"}, `EVENT_BUS_TOPIC_PREFIX "a b" contains ' '`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runEventbus(t, context.Background(), "", tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), "a Kafka topic name has 1 to 249") {
				t.Errorf("err = %v, want it to state the naming rule", err)
			}
			if code := exitCode(err); code != 2 {
				t.Errorf("exit status %d, want 2", code)
			}
		})
	}
}

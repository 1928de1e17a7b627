package main

import (
	"context"
	"runtime"
	"strings"
	"testing"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

func TestVersionPrintsAllThree(t *testing.T) {
	out, _, err := runEventbus(t, context.Background(), "", "version")
	if err != nil {
		t.Fatalf("version: %v", err)
	}
	_, librdkafka := kafka.LibraryVersion()
	if !strings.HasPrefix(out, "eventbus ") {
		t.Errorf("version output %q: want it to start with \"eventbus \"", out)
	}
	for _, want := range []string{"go " + runtime.Version() + "\n", "librdkafka " + librdkafka + "\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("version output %q: missing line %q", out, want)
		}
	}
}

func TestVersionFromLinkerFlag(t *testing.T) {
	saved := version
	version = "v1.2.3"
	t.Cleanup(func() { version = saved })
	out, _, err := runEventbus(t, context.Background(), "", "version")
	if err != nil {
		t.Fatalf("version: %v", err)
	}
	if !strings.HasPrefix(out, "eventbus v1.2.3\n") {
		t.Errorf("version output %q: want it to start with %q", out, "eventbus v1.2.3\n")
	}
}

func TestExitCodeOfExitError(t *testing.T) {
	if got := exitCode(&exitError{code: 2, err: context.Canceled}); got != 2 {
		t.Errorf("exitCode(exitError 2): got %d, want 2", got)
	}
	if got := exitCode(context.Canceled); got != 1 {
		t.Errorf("exitCode(plain error): got %d, want 1", got)
	}
}

package kafkabus

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os/exec"
	"strings"
	"testing"
)

func TestExecHandlerPassesEvent(t *testing.T) {
	var out bytes.Buffer
	h, err := ExecHandler(`cat; echo "$EVENTBUS_TOPIC $EVENTBUS_PARTITION $EVENTBUS_OFFSET $EVENTBUS_EVENT_ID"`,
		&out, nil)
	if err != nil {
		t.Fatalf("ExecHandler: %v", err)
	}
	if err := h(context.Background(), sampleDelivery()); err != nil {
		t.Fatalf("handler: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("command output %q, want 2 lines", out.String())
	}
	want, _ := json.Marshal(sampleDelivery())
	if lines[0] != string(want) {
		t.Errorf("stdin of the command\n got %s\nwant %s", lines[0], want)
	}
	if got, want := lines[1], "dev-enrollment 1 42 6f4b3e1c-7b39-11ee-b962-0242ac120002"; got != want {
		t.Errorf("environment %q, want %q", got, want)
	}
}

func TestExecHandlerFailure(t *testing.T) {
	var stderr bytes.Buffer
	h, err := ExecHandler("echo broken >&2; exit 3", nil, &stderr)
	if err != nil {
		t.Fatalf("ExecHandler: %v", err)
	}
	err = h(context.Background(), sampleDelivery())
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() != 3 {
		t.Fatalf("handler error = %v, want exit status 3", err)
	}
	if IsRetryable(err) {
		t.Errorf("a failed command is retryable, want a handler failure")
	}
	if got := stderr.String(); got != "broken\n" {
		t.Errorf("stderr %q, want %q", got, "broken\n")
	}
}

func TestExecHandlerRejectsEmptyCommand(t *testing.T) {
	if _, err := ExecHandler("", nil, nil); err == nil {
		t.Errorf("ExecHandler(\"\"): nil error")
	}
}

package kafkabus

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
)

// ExecHandler returns a [Handler] that runs command through /bin/sh -c for
// each event, so pipes, quoting and variables work as in a shell. The
// command reads the delivery JSON ([Delivery.MarshalJSON]) on standard input
// and finds the message position in the environment variables
// EVENTBUS_TOPIC, EVENTBUS_PARTITION, EVENTBUS_OFFSET, EVENTBUS_EVENT_TYPE
// and EVENTBUS_EVENT_ID. Its output goes to stdout and stderr (discarded
// when nil). Exit status 0 means handled; any other status, or a command
// that cannot start, is a handler failure.
func ExecHandler(command string, stdout, stderr io.Writer) (Handler, error) {
	if command == "" {
		return nil, errors.New("exec command is empty: give a shell command such as 'jq .data'")
	}
	return func(ctx context.Context, d Delivery) error {
		input, err := json.Marshal(d)
		if err != nil {
			return fmt.Errorf("exec: encode event %s: %w", d.Event.Metadata.ID, err)
		}
		input = append(input, '\n')

		cmd := exec.CommandContext(ctx, "/bin/sh", "-c", command)
		cmd.Stdin = bytes.NewReader(input)
		cmd.Stdout = stdout
		cmd.Stderr = stderr
		cmd.Env = append(os.Environ(),
			"EVENTBUS_TOPIC="+d.Topic,
			"EVENTBUS_PARTITION="+strconv.Itoa(int(d.Partition)),
			"EVENTBUS_OFFSET="+strconv.FormatInt(d.Offset, 10),
			"EVENTBUS_EVENT_TYPE="+d.Event.Metadata.EventType,
			"EVENTBUS_EVENT_ID="+d.Event.Metadata.ID.String(),
		)
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("exec %q for event %s: %w", command, d.Event.Metadata.ID, err)
		}
		return nil
	}, nil
}

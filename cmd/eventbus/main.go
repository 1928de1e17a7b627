// Command eventbus produces, consumes and inspects Open edX events on Apache Kafka
// with a Confluent-compatible Schema Registry.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "eventbus:", err)
		os.Exit(exitCode(err))
	}
}

// run executes the command line args and returns the error that decides the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	root := newRootCmd(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	// cobra reports an unknown command with a plain error, so match its text
	// to give it the exit status of other usage errors.
	if err != nil && strings.HasPrefix(err.Error(), "unknown command ") {
		return usageError(err)
	}
	return err
}

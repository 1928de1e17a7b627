package main

import (
	"errors"
	"io"

	"github.com/spf13/cobra"
)

// exitError carries a specific exit status for commands such as checks and
// consumers, whose status has a meaning beyond success or failure.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// exitCode returns the process exit status for err: the code of an exitError, else 1.
func exitCode(err error) int {
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 1
}

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "eventbus",
		Short:         "Produce, consume and inspect Open edX events on Kafka",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	addSettingsFlags(root)
	root.AddCommand(newVersionCmd())
	root.AddCommand(newEventsCmd())
	root.AddCommand(newConfigCmd())
	root.AddCommand(newProduceCmd())
	root.AddCommand(newDevCmd())
	root.AddCommand(newSchemasCmd())
	root.AddCommand(newRegistryCmd())
	root.AddCommand(newDemoCmd())
	root.AddCommand(newBenchCmd())
	root.AddCommand(newConsumeCmd())
	return root
}

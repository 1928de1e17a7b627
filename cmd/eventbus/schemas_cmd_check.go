package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/openedx-go/eventbus/events/avro"
	"github.com/openedx-go/eventbus/events/catalog"
	"github.com/openedx-go/eventbus/registry/compat"
)

type checkOptions struct {
	registry        registryFlags
	againstRegistry bool
	againstDir      string
	level           string
}

func newSchemasCheckCmd() *cobra.Command {
	var opts checkOptions
	cmd := &cobra.Command{
		Use:   "check (--against DIR | --against-registry) [--compatibility LEVEL]",
		Short: "Check event schemas for compatibility with released ones",
		Long: `Check compares the current schema of every serializable event with the schemas
released before, and lists each incompatibility with the event type, the field path and
the direction (which schema cannot read data written with which).

With --against DIR, the released schemas are the files of a directory written by
"eventbus schemas generate", named "<event type with '.' replaced by '+'>_schema.avsc",
and the level defaults to BACKWARD. With --against-registry, they are the versions of
every "<topic>-<event type>.CloudEvent" subject in the Schema Registry, and the level
defaults to each subject's own.

The exit status is 0 when every schema is compatible, 1 when any is not, and 2 for
invalid arguments, settings or schema files, or an unreachable registry.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSchemasCheck(cmd, &opts)
		},
	}
	opts.registry.bind(cmd)
	flags := cmd.Flags()
	flags.StringVar(&opts.againstDir, "against", "", "directory of released .avsc schema files")
	flags.BoolVar(&opts.againstRegistry, "against-registry", false,
		"check against the versions registered in the Schema Registry")
	flags.StringVar(&opts.level, "compatibility", "",
		"compatibility level: NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL "+
			"or FULL_TRANSITIVE (default BACKWARD for --against, the subject's level for --against-registry)")
	return cmd
}

func runSchemasCheck(cmd *cobra.Command, opts *checkOptions) error {
	if (opts.againstDir == "") == !opts.againstRegistry {
		return invalidArgument(errors.New("give exactly one of --against DIR and --against-registry"))
	}
	var level avro.Level
	if opts.level != "" {
		var err error
		if level, err = avro.ParseLevel(opts.level); err != nil {
			return invalidArgument(fmt.Errorf("--compatibility: %w", err))
		}
	}

	var res compat.Result
	var against string
	var err error
	if opts.againstDir != "" {
		if level == "" {
			level = avro.LevelBackward
		}
		against = fmt.Sprintf("%s at %s", opts.againstDir, level)
		res, err = compat.CheckDir(catalog.All(), opts.againstDir, level)
	} else {
		res, against, err = checkRegistry(cmd, opts, level)
	}
	if err != nil {
		return invalidArgument(err)
	}
	return reportCheck(cmd.OutOrStdout(), cmd.ErrOrStderr(), res, against)
}

func checkRegistry(cmd *cobra.Command, opts *checkOptions, level avro.Level) (compat.Result, string, error) {
	settings, err := opts.registry.settings(cmd)
	if err != nil {
		return compat.Result{}, "", err
	}
	client, err := opts.registry.client(settings)
	if err != nil {
		return compat.Result{}, "", err
	}
	against := "the schema registry at " + client.URL()
	if level != "" {
		against += " at " + string(level)
	}
	res, err := compat.CheckRegistry(cmd.Context(), client, catalog.All(), level)
	return res, against, err
}

// reportCheck prints the failures and a summary, and returns the exit status.
func reportCheck(out, errOut io.Writer, res compat.Result, against string) error {
	for _, name := range res.Removed {
		fmt.Fprintf(errOut, "warning: released schema %s matches no current event type\n", name)
	}
	for _, f := range res.Failures {
		fmt.Fprintln(out, f)
	}
	fmt.Fprintf(out, "checked %d event types against %s", len(res.Checked), against)
	if len(res.Unreleased) > 0 {
		fmt.Fprintf(out, " (%d without a released schema)", len(res.Unreleased))
	}
	fmt.Fprintln(out)
	if res.OK() {
		fmt.Fprintln(out, "all schemas are compatible")
		return nil
	}
	noun := "incompatibilities"
	if len(res.Failures) == 1 {
		noun = "incompatibility"
	}
	return &exitError{code: 1, err: fmt.Errorf("found %d schema %s", len(res.Failures), noun)}
}

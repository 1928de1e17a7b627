package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

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
	allowRemoved    bool
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

A released schema file of an event type that no longer exists is a failure, because
removing an event type breaks its consumers, unless --allow-removed is given. A
directory without any "*_schema.avsc" file is an invalid argument.

The exit status is 0 when every schema is compatible, 1 when any is not or an event
type was removed, and 2 for invalid arguments, settings or schema files, or an
unreachable registry.`,
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
	flags.BoolVar(&opts.allowRemoved, "allow-removed", false,
		"only warn about released schemas of event types that no longer exist")
	flags.StringVar(&opts.level, "compatibility", "",
		"compatibility level: NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL "+
			"or FULL_TRANSITIVE (default BACKWARD for --against, the subject's level for --against-registry)")
	return cmd
}

func runSchemasCheck(cmd *cobra.Command, opts *checkOptions) error {
	if (opts.againstDir == "") == !opts.againstRegistry {
		return usageError(errors.New("give exactly one of --against DIR and --against-registry"))
	}
	var level avro.Level
	if opts.level != "" {
		var err error
		if level, err = avro.ParseLevel(opts.level); err != nil {
			return usageError(fmt.Errorf("--compatibility: %w", err))
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
		return usageError(err)
	}
	return reportCheck(cmd.OutOrStdout(), cmd.ErrOrStderr(), res, against, opts.allowRemoved)
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
// A released schema of a removed event type is a failure unless allowRemoved.
func reportCheck(out, errOut io.Writer, res compat.Result, against string, allowRemoved bool) error {
	for _, name := range res.Removed {
		if allowRemoved {
			fmt.Fprintf(errOut, "warning: released schema %s matches no current event type\n", name)
			continue
		}
		fmt.Fprintf(out, "%s: released schema matches no current event type: removing an event type "+
			"breaks its consumers (pass --allow-removed if the removal is intended)\n", name)
	}
	for _, f := range res.Failures {
		fmt.Fprintln(out, f)
	}
	fmt.Fprintf(out, "checked %d event types against %s", len(res.Checked), against)
	if len(res.Unreleased) > 0 {
		fmt.Fprintf(out, " (%d without a released schema)", len(res.Unreleased))
	}
	fmt.Fprintln(out)

	removed := 0
	if !allowRemoved {
		removed = len(res.Removed)
	}
	if res.OK() && removed == 0 {
		fmt.Fprintln(out, "all schemas are compatible")
		return nil
	}
	var problems []string
	if n := len(res.Failures); n > 0 {
		problems = append(problems, fmt.Sprintf("%d schema %s", n, plural(n, "incompatibility", "incompatibilities")))
	}
	if removed > 0 {
		problems = append(problems, fmt.Sprintf("%d removed event %s", removed, plural(removed, "type", "types")))
	}
	return &exitError{code: 1, err: fmt.Errorf("found %s", strings.Join(problems, " and "))}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/catalog"
)

func newSchemasGenerateCmd() *cobra.Command {
	var all bool
	var out string
	cmd := &cobra.Command{
		Use:   "generate (--all | TYPE...) --out DIR",
		Short: "Write the Avro schema files of event types",
		Long: `Generate writes the Avro schema of each event type to
DIR/<event type with '.' replaced by '+'>_schema.avsc as indented JSON, the file layout
openedx-events uses. The directory is created when missing and existing files are
replaced. Events that cannot be sent over the event bus have no schema: --all skips
them and naming one is an error.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			defs, err := schemaDefinitions(all, args)
			if err != nil {
				return err
			}
			if out == "" {
				return usageError(errors.New("missing --out: name the directory for the schema files"))
			}
			for _, def := range defs {
				path, err := writeSchemaFile(out, def)
				if err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), path)
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&all, "all", false, "write the schema of every sendable event type")
	cmd.Flags().StringVarP(&out, "out", "o", "", "directory for the schema files (required)")
	return cmd
}

// schemaDefinitions returns the definitions named by --all or the arguments.
func schemaDefinitions(all bool, args []string) ([]events.Definition, error) {
	switch {
	case all && len(args) > 0:
		return nil, usageError(errors.New("give either --all or event types, not both"))
	case all:
		return catalog.Serializable(), nil
	case len(args) == 0:
		return nil, usageError(errors.New("missing event types: name them or use --all"))
	}
	defs := make([]events.Definition, 0, len(args))
	for _, eventType := range args {
		def, err := lookupEvent(eventType)
		if err != nil {
			return nil, err
		}
		if err := checkSendable(def); err != nil {
			return nil, usageError(fmt.Errorf("%w, so it has no schema", err))
		}
		defs = append(defs, def)
	}
	return defs, nil
}

// schemaFileName returns "<event type with '.' replaced by '+'>_schema.avsc".
func schemaFileName(eventType string) string {
	return strings.ReplaceAll(eventType, ".", "+") + "_schema.avsc"
}

func writeSchemaFile(dir string, def events.Definition) (string, error) {
	text, err := events.IndentedSchema(def)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create schema directory: %w", err)
	}
	path := filepath.Join(dir, schemaFileName(def.EventType()))
	if err := os.WriteFile(path, append(text, '\n'), 0o644); err != nil {
		return "", fmt.Errorf("write schema of %q: %w", def.EventType(), err)
	}
	return path, nil
}

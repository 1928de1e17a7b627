package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/openedx-go/eventbus/events/avro"
	"github.com/openedx-go/eventbus/registry/server"
)

func newRegistryCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "registry",
		Short: "Run a local Schema Registry",
		Args:  usageArgs(cobra.NoArgs),
	}
	cmd.AddCommand(newRegistryServeCmd())
	return cmd
}

func newRegistryServeCmd() *cobra.Command {
	var (
		listen  string
		dataDir string
		level   string
	)
	cmd := &cobra.Command{
		Use:   "serve [--listen ADDR] [--data-dir DIR]",
		Short: "Serve a Confluent-compatible Schema Registry for Avro schemas",
		Long: `Serve runs an embedded Schema Registry that speaks the Confluent REST API, for local
development and tests. It keeps schemas in memory, or in --data-dir so that a restart
keeps every subject, version and id. It stops on interrupt or SIGTERM.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			logger, err := newLogger(cmd)
			if err != nil {
				return usageError(err)
			}
			opts := []server.Option{server.WithLogger(logger)}
			if dataDir != "" {
				opts = append(opts, server.WithDataDir(dataDir))
			}
			if level != "" {
				opts = append(opts, server.WithCompatibility(avro.Level(level)))
			}
			s, err := server.New(opts...)
			if err != nil {
				return usageError(err)
			}
			url, err := s.Start(cmd.Context(), listen)
			if err != nil {
				return errors.Join(err, s.Close()) // releases the data directory's lock
			}
			fmt.Fprintf(cmd.OutOrStdout(), "schema registry listening on %s\n", url)
			<-cmd.Context().Done()
			return s.Close()
		},
	}
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:8081", "host:port to listen on (port 0 picks a free port)")
	cmd.Flags().StringVar(&dataDir, "data-dir", "", "directory to persist the registry in (default: memory only)")
	cmd.Flags().StringVar(&level, "compatibility", "", "global compatibility level of a new registry (default BACKWARD)")
	return cmd
}

package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"github.com/spf13/cobra"
)

// version is the eventbus release, set at build time with
// -ldflags "-X main.version=v1.2.3". Without it, the module version from the
// build information is used.
var version = ""

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the eventbus, Go and librdkafka versions",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, librdkafka := kafka.LibraryVersion()
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "eventbus %s\n", buildVersion())
			fmt.Fprintf(out, "go %s\n", runtime.Version())
			fmt.Fprintf(out, "librdkafka %s\n", librdkafka)
			return nil
		},
	}
}

// buildVersion returns the linked-in version, else the main module's version, else "devel".
func buildVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "devel"
}

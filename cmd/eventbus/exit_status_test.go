package main

import (
	"bytes"
	"context"
	"net"
	"strings"
	"testing"
)

func TestExitStatusUsageErrors(t *testing.T) {
	t.Setenv("EVENT_BUS_TOPIC_PREFIX", "")
	data := sampleFile(testEnrollmentType)
	missing := "/nonexistent/file.json"
	tests := []struct {
		name string
		args []string
	}{
		{"produce unknown event type", []string{"produce", "--event-type", "org.openedx.nothing.v1",
			"--topic", "t", "--data", data}},
		{"produce missing flag", []string{"produce", "--topic", "t", "--data", data}},
		{"produce unknown flag", []string{"produce", "--nope"}},
		{"produce bad flag value", []string{"produce", "--count", "many"}},
		{"produce missing data file", []string{"produce", "--event-type", testEnrollmentType,
			"--topic", "t", "--data", "@" + missing}},
		{"produce extra argument", []string{"produce", "extra"}},
		{"consume missing group", []string{"consume", "--topic", "t"}},
		{"consume bad commit every", []string{"consume", "--topic", "t", "--group", "g", "--commit-every", "0"}},
		{"consume bad webhook", []string{"consume", "--topic", "t", "--group", "g", "--webhook", "ftp://x"}},
		{"events unknown type", []string{"events", "show", "org.openedx.nothing.v1"}},
		{"schemas unknown type", []string{"schemas", "register", "org.openedx.nothing.v1", "--topic", "t"}},
		{"config missing file", []string{"config", "validate", missing}},
		{"config bad settings file", []string{"config", "show", "--config", missing}},
		{"registry bad level", []string{"registry", "serve", "--compatibility", "SOMETIMES"}},
		{"dev bad partitions", []string{"dev", "--partitions", "0"}},
		{"bad log level", []string{"dev", "--log-level", "loud"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runEventbus(t, context.Background(), "", tt.args...)
			if err == nil {
				t.Fatal("command succeeded, want a usage error")
			}
			if code := exitCode(err); code != 2 {
				t.Errorf("exit status %d (%v), want 2", code, err)
			}
		})
	}
}

func TestExitStatusRuntimeFailures(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	tests := []struct {
		name string
		args []string
	}{
		{"registry address in use", []string{"registry", "serve", "--listen", ln.Addr().String()}},
		{"produce broker unreachable", []string{"produce", "--bootstrap-servers", unusedAddr(t),
			"--schema-registry-url", "http://" + unusedAddr(t), "--event-type", testEnrollmentType,
			"--topic", "t", "--data", sampleFile(testEnrollmentType), "--timeout", "1s", "--log-level", "error"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runEventbus(t, context.Background(), "", tt.args...)
			if err == nil {
				t.Fatal("command succeeded, want a failure")
			}
			if code := exitCode(err); code != 1 {
				t.Errorf("exit status %d (%v), want 1", code, err)
			}
		})
	}
}

func TestRootHelpDocumentsExitStatus(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"--help"}, strings.NewReader(""), &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Exit status: 0 on success, 1 on a failure at run time") {
		t.Errorf("root help does not document the exit status:\n%s", out.String())
	}
}

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDemoCommand(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer

	err := run(ctx, []string{"demo"}, strings.NewReader(""), &stdout, &stderr)
	if err != nil {
		t.Fatalf("eventbus demo: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	out := stdout.String()
	if !strings.Contains(out, "sent 72, received 72, matched 72, messages on topics 72") {
		t.Errorf("demo output lacks the totals of 72 matched events:\n%s", out)
	}
	if strings.Contains(out, "✗") {
		t.Errorf("demo output marks an event as not matching:\n%s", out)
	}
	if !strings.Contains(out, "org.openedx.learning.course.enrollment.created.v1") {
		t.Errorf("demo output lacks a row for the enrollment event:\n%s", out)
	}
}

func TestDemoCommandMissingPayload(t *testing.T) {
	dir := t.TempDir()
	data := []byte(`{"enrollment": {}}`)
	name := "org.openedx.learning.course.enrollment.created.v1.json"
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer

	err := run(context.Background(), []string{"demo", "--events-dir", dir}, strings.NewReader(""), &stdout, &stderr)
	if err == nil {
		t.Fatal("eventbus demo with one incomplete payload file succeeded, want an error")
	}
	for _, want := range []string{
		"org.openedx.learning.course.enrollment.created.v1.json", // does not fit
		"org.openedx.learning.course.enrollment.changed.v1.json", // missing
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}

func TestDemoCommandEventsDirNotFound(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "absent")
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"demo", "--events-dir", dir}, strings.NewReader(""), &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("eventbus demo --events-dir %s: error %v, want one naming the directory", dir, err)
	}
}

func TestDemoCommandRejectsClusterFlags(t *testing.T) {
	for _, flag := range []string{"--bootstrap-servers", "--schema-registry-url", "--config"} {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), []string{"demo", flag, "x"}, strings.NewReader(""), &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), flag) {
			t.Errorf("eventbus demo %s x: error %v, want one naming %s", flag, err, flag)
		}
	}
}

package main

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openedx-go/eventbus/events/avro"
	"github.com/openedx-go/eventbus/registry"
)

// lockedBuffer is a bytes.Buffer that a command can write while the test reads.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// serveRegistry runs "eventbus registry serve" until the test ends and
// returns its URL.
func serveRegistry(t *testing.T, args ...string) (url string, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr lockedBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"registry", "serve", "--listen", "127.0.0.1:0"}, args...),
			strings.NewReader(""), &stdout, &stderr)
	}()
	stop = func() error {
		cancel()
		return <-done
	}

	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if out := stdout.String(); strings.Contains(out, "listening on ") {
			url = strings.TrimSpace(out[strings.Index(out, "http://"):])
			return url, stop
		}
		select {
		case err := <-done:
			t.Fatalf("registry serve exited: %v\n%s", err, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	stop()
	t.Fatalf("registry serve did not start:\n%s", stderr.String())
	return "", nil
}

func TestRegistryServeKeepsDataAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	schema := avro.MustParse(`{"type": "record", "name": "R", "fields": [{"name": "a", "type": "long"}]}`)

	url, stop := serveRegistry(t, "--data-dir", dir)
	c, err := registry.New(registry.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	reg, err := c.Register(context.Background(), "s", schema)
	if err != nil {
		t.Fatal(err)
	}
	if err := stop(); err != nil {
		t.Fatalf("registry serve: %v", err)
	}

	url, stop = serveRegistry(t, "--data-dir", dir)
	defer stop()
	c, err = registry.New(registry.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	id, err := c.LookupID(context.Background(), "s", schema)
	if err != nil || id != reg.ID {
		t.Errorf("LookupID after restart = %d, %v; want %d", id, err, reg.ID)
	}
}

func TestRegistryServeRejectsBadLevel(t *testing.T) {
	_, _, err := runCmd(t, "registry", "serve", "--listen", "127.0.0.1:0", "--compatibility", "SIDEWAYS")
	wantExit(t, err, 2)
}

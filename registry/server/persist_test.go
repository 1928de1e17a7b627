package server_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/openedx-go/eventbus/registry/server"
)

// snapshot collects everything a client can observe about subjects and ids.
func snapshot(t *testing.T, base string) string {
	t.Helper()
	var b strings.Builder
	var subjects []string
	send(t, "GET", base+"/subjects?deleted=true", nil).json(t, &subjects)
	slices.Sort(subjects)
	for _, subject := range subjects {
		var versions []int
		send(t, "GET", base+"/subjects/"+subject+"/versions?deleted=true", nil).json(t, &versions)
		for _, v := range versions {
			r := send(t, "GET", fmt.Sprintf("%s/subjects/%s/versions/%d?deleted=true", base, subject, v), nil)
			b.Write(r.body)
		}
		r := send(t, "GET", base+"/config/"+subject, nil)
		b.Write(r.body)
	}
	for id := 1; ; id++ {
		r := send(t, "GET", fmt.Sprintf("%s/schemas/ids/%d", base, id), nil)
		if r.status != 200 {
			break
		}
		b.Write(r.body)
	}
	b.Write(send(t, "GET", base+"/config", nil).body)
	return b.String()
}

func TestRestartKeepsState(t *testing.T) {
	dir := t.TempDir()
	base, first := startServer(t, server.WithDataDir(dir))
	register(t, base, "a-value", loginV1)
	register(t, base, "a-value", loginV2)
	register(t, base, "b-string", courseKeySchema)
	register(t, base, "b-string", usernameSchema)
	register(t, base, "c", dashNamespace)
	send(t, "DELETE", base+"/subjects/c", nil)
	send(t, "PUT", base+"/config/a-value", map[string]string{"compatibility": "FULL"})
	send(t, "PUT", base+"/config", map[string]string{"compatibility": "FORWARD"})
	before := snapshot(t, base)
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}

	again, _ := startServer(t, server.WithDataDir(dir))
	if after := snapshot(t, again); after != before {
		t.Errorf("state after restart differs:\nbefore: %s\nafter:  %s", before, after)
	}
	// New ids continue after the stored ones.
	if id := register(t, again, "d", `{"type": "enum", "name": "E", "symbols": ["A"]}`); id != 5 {
		t.Errorf("first id after restart = %d, want 5", id)
	}
}

func TestStartedServerPersistsAcrossRestart(t *testing.T) {
	dir := t.TempDir()
	s, err := server.New(server.WithDataDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	base, err := s.Start(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	id := register(t, base, "s", loginV1)
	s.Close()

	s2, err := server.New(server.WithDataDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	base2, err := s2.Start(context.Background(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if got := register(t, base2, "s", loginV1); got != id {
		t.Errorf("id after restart = %d, want %d", got, id)
	}
}

func TestCorruptStateIsRejected(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "registry.json"), []byte(`{"format": 1, "sch`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := server.New(server.WithDataDir(dir))
	if err == nil || !strings.Contains(err.Error(), "registry.json") {
		t.Fatalf("New with a torn state file: %v, want an error naming the file", err)
	}
}

func TestLeftoverTempFileIsIgnored(t *testing.T) {
	dir := t.TempDir()
	base, first := startServer(t, server.WithDataDir(dir))
	id := register(t, base, "s", loginV1)
	first.Close()

	// A crash between writing the temporary file and renaming it leaves the
	// old snapshot in place and a partial temporary file next to it.
	leftover := filepath.Join(dir, ".registry.json.tmp-123")
	if err := os.WriteFile(leftover, []byte(`{"format": 1, "next`), 0o644); err != nil {
		t.Fatal(err)
	}
	again, _ := startServer(t, server.WithDataDir(dir))
	if got := register(t, again, "s", loginV1); got != id {
		t.Errorf("id after restart = %d, want %d", got, id)
	}
	if _, err := os.Stat(leftover); !os.IsNotExist(err) {
		t.Errorf("leftover temporary file still exists: %v", err)
	}
}

func TestFailedWriteIsNotApplied(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	base, _ := startServer(t, server.WithDataDir(dir))
	// A file in place of the directory fails every write, even for root.
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	r := send(t, "POST", base+"/subjects/s/versions", map[string]string{"schema": loginV1})
	if r.status != 500 || r.errorCode(t) != 50001 {
		t.Fatalf("register with an unwritable data dir: %d %s, want 500 50001", r.status, r.body)
	}
	var subjects []string
	send(t, "GET", base+"/subjects", nil).json(t, &subjects)
	if len(subjects) != 0 {
		t.Errorf("subjects after a failed write = %v, want none", subjects)
	}
}

func TestDataDirIsLocked(t *testing.T) {
	dir := t.TempDir()
	_, first := startServer(t, server.WithDataDir(dir))
	if _, err := server.New(server.WithDataDir(dir)); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("second server on the same directory: %v, want an in-use error", err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	second, err := server.New(server.WithDataDir(dir))
	if err != nil {
		t.Fatalf("server after the first closed: %v", err)
	}
	second.Close()
}

package registry_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/openedx-go/eventbus/events/avro"
	"github.com/openedx-go/eventbus/registry"
	"github.com/openedx-go/eventbus/registry/server"
)

var (
	loginV1 = avro.MustParse(`{"type": "record", "name": "CloudEvent",
		"namespace": "org.openedx.learning.auth.session.login.completed.v1",
		"fields": [{"name": "user_id", "type": "long"}]}`)
	loginV2 = avro.MustParse(`{"type": "record", "name": "CloudEvent",
		"namespace": "org.openedx.learning.auth.session.login.completed.v1",
		"fields": [{"name": "user_id", "type": "long"}, {"name": "note", "type": ["null", "string"], "default": null}]}`)
	loginV3 = avro.MustParse(`{"type": "record", "name": "CloudEvent",
		"namespace": "org.openedx.learning.auth.session.login.completed.v1",
		"fields": [{"name": "user_id", "type": "long"}, {"name": "email", "type": "string"}]}`)
	courseKey = avro.MustParse(`{"name": "course_key", "type": "string"}`)
	username  = avro.MustParse(`{"name": "username", "type": "string"}`)
)

// fastRetries keeps retry tests quick.
var fastRetries = registry.WithRetryBackoff(time.Millisecond, 5*time.Millisecond)

func startRegistry(t testing.TB) string {
	t.Helper()
	s, err := server.New()
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts.URL
}

func newClient(t testing.TB, cfg registry.Config, opts ...registry.Option) *registry.Client {
	t.Helper()
	c, err := registry.New(cfg, opts...)
	if err != nil {
		t.Fatalf("registry.New: %v", err)
	}
	return c
}

func TestRegisterAndLookUp(t *testing.T) {
	ctx := context.Background()
	c := newClient(t, registry.Config{URL: startRegistry(t)})
	subject := registry.ValueSubject("dev-login", "org.openedx.learning.auth.session.login.completed.v1")

	first, err := c.Register(ctx, subject, loginV1)
	if err != nil {
		t.Fatalf("Register v1: %v", err)
	}
	if !first.New || first.Version != 1 || first.ID < 1 {
		t.Errorf("Register v1 = %+v, want a new version 1", first)
	}
	again, err := c.Register(ctx, subject, loginV1)
	if err != nil || again != (registry.Registration{ID: first.ID, Version: 1}) {
		t.Errorf("Register v1 again = %+v, %v; want id %d version 1, not new", again, err, first.ID)
	}
	second, err := c.Register(ctx, subject, loginV2)
	if err != nil || !second.New || second.Version != 2 || second.ID == first.ID {
		t.Errorf("Register v2 = %+v, %v; want a new version 2 with a new id", second, err)
	}

	// A second client has no cache, so it finds the existing registration.
	other := newClient(t, registry.Config{URL: c.URL()})
	existing, err := other.Register(ctx, subject, loginV2)
	if err != nil || existing != (registry.Registration{ID: second.ID, Version: 2}) {
		t.Errorf("Register v2 from a new client = %+v, %v; want id %d version 2, not new", existing, err, second.ID)
	}
	id, err := other.LookupID(ctx, subject, loginV1)
	if err != nil || id != first.ID {
		t.Errorf("LookupID v1 = %d, %v; want %d", id, err, first.ID)
	}
	got, err := other.SchemaByID(ctx, second.ID)
	if err != nil || got.CanonicalForm() != loginV2.CanonicalForm() {
		t.Errorf("SchemaByID(%d) = %v, %v; want v2", second.ID, got, err)
	}
}

func TestKeySubjectSharedByFields(t *testing.T) {
	ctx := context.Background()
	c := newClient(t, registry.Config{URL: startRegistry(t)})
	subject := registry.KeySubject("dev-enrollment", "string")

	a, err := c.Register(ctx, subject, courseKey)
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Register(ctx, subject, username)
	if err != nil {
		t.Fatal(err)
	}
	if b.ID != a.ID || b.Version != 1 || b.New {
		t.Errorf("Register username key = %+v, want id %d version 1, not new", b, a.ID)
	}
}

func TestAdminCalls(t *testing.T) {
	ctx := context.Background()
	c := newClient(t, registry.Config{URL: startRegistry(t)})
	for _, s := range []*avro.Schema{loginV1, loginV2} {
		if _, err := c.Register(ctx, "b-subject", s); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Register(ctx, "a-subject", courseKey); err != nil {
		t.Fatal(err)
	}

	subjects, err := c.Subjects(ctx)
	if err != nil || !slices.Equal(subjects, []string{"a-subject", "b-subject"}) {
		t.Errorf("Subjects = %v, %v", subjects, err)
	}
	versions, err := c.Versions(ctx, "b-subject")
	if err != nil || !slices.Equal(versions, []int{1, 2}) {
		t.Errorf("Versions = %v, %v; want [1 2]", versions, err)
	}
	v, err := c.SchemaByVersion(ctx, "b-subject", 1)
	if err != nil || v.Version != 1 || v.Schema.CanonicalForm() != loginV1.CanonicalForm() {
		t.Errorf("SchemaByVersion(1) = %+v, %v", v, err)
	}

	if err := c.SetCompatibility(ctx, "b-subject", avro.LevelFull); err != nil {
		t.Fatal(err)
	}
	if level, err := c.Compatibility(ctx, "b-subject"); err != nil || level != avro.LevelFull {
		t.Errorf("Compatibility(b-subject) = %q, %v; want FULL", level, err)
	}
	if level, err := c.Compatibility(ctx, "a-subject"); err != nil || level != avro.LevelBackward {
		t.Errorf("Compatibility(a-subject) = %q, %v; want the global BACKWARD", level, err)
	}
	if err := c.SetCompatibility(ctx, "", avro.LevelNone); err != nil {
		t.Fatal(err)
	}
	if level, err := c.Compatibility(ctx, ""); err != nil || level != avro.LevelNone {
		t.Errorf("global Compatibility = %q, %v; want NONE", level, err)
	}
	if err := c.SetCompatibility(ctx, "", "SIDEWAYS"); err == nil {
		t.Error("SetCompatibility(SIDEWAYS) succeeded, want an error")
	}

	if err := c.DeleteSubject(ctx, "a-subject", true); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Versions(ctx, "a-subject"); !errors.Is(err, registry.ErrSubjectNotFound) {
		t.Errorf("Versions of deleted subject: %v, want ErrSubjectNotFound", err)
	}
}

func TestRegistryErrors(t *testing.T) {
	ctx := context.Background()
	c := newClient(t, registry.Config{URL: startRegistry(t)})
	if _, err := c.Register(ctx, "s", loginV1); err != nil {
		t.Fatal(err)
	}

	_, err := c.SchemaByID(ctx, 4242)
	if !errors.Is(err, registry.ErrSchemaNotFound) {
		t.Errorf("SchemaByID(4242): %v, want ErrSchemaNotFound", err)
	}
	if registry.IsTransient(err) {
		t.Errorf("IsTransient(%v) = true, want false", err)
	}
	if _, err := c.LookupID(ctx, "nope", loginV1); !errors.Is(err, registry.ErrSubjectNotFound) {
		t.Errorf("LookupID on unknown subject: %v, want ErrSubjectNotFound", err)
	}
	if _, err := c.LookupID(ctx, "s", loginV2); !errors.Is(err, registry.ErrSchemaNotFound) {
		t.Errorf("LookupID of unregistered schema: %v, want ErrSchemaNotFound", err)
	}

	_, err = c.Register(ctx, "s", loginV3)
	var re *registry.Error
	if !errors.As(err, &re) {
		t.Fatalf("Register incompatible: %v, want a *registry.Error", err)
	}
	if !errors.Is(err, registry.ErrIncompatible) || re.Status != 409 || re.Code != 409 || re.Subject != "s" {
		t.Errorf("Register incompatible: %+v, want status 409 code 409 subject s", re)
	}
	for _, want := range []string{"409", `"s"`, "email"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}

// countingServer serves handler and counts the requests.
func countingServer(t *testing.T, handler http.HandlerFunc) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		handler(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts, &n
}

func writeSchema(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/vnd.schemaregistry.v1+json")
	fmt.Fprintf(w, `{"schema": %q}`, loginV1.Text())
}

func TestBasicAuthHeader(t *testing.T) {
	ts, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		if !ok || user != "key" || pass != "hunter2" {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"error_code": 401, "message": "Unauthorized"}`)
			return
		}
		writeSchema(w)
	})

	c := newClient(t, registry.Config{URL: ts.URL, APIKey: "key", APISecret: "hunter2"})
	if _, err := c.SchemaByID(context.Background(), 1); err != nil {
		t.Errorf("SchemaByID with credentials: %v", err)
	}
	anonymous := newClient(t, registry.Config{URL: ts.URL})
	if _, err := anonymous.SchemaByID(context.Background(), 1); !errors.Is(err, registry.ErrUnauthorized) {
		t.Errorf("SchemaByID without credentials: %v, want ErrUnauthorized", err)
	}
}

func TestSecretNotInErrorsOrLogs(t *testing.T) {
	ts, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `{"error_code": 40301, "message": "User is denied operation Read"}`)
	})
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg := registry.Config{URL: ts.URL, APIKey: "key", APISecret: "hunter2"}

	_, authErr := newClient(t, cfg, registry.WithLogger(logger)).SchemaByID(context.Background(), 1)
	if !errors.Is(authErr, registry.ErrUnauthorized) {
		t.Fatalf("SchemaByID: %v, want ErrUnauthorized", authErr)
	}
	host := strings.TrimPrefix(ts.URL, "http://")
	if !strings.Contains(authErr.Error(), host) {
		t.Errorf("auth error %q does not name the registry host %s", authErr, host)
	}

	// A refused connection is retried and logged.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()
	cfg.URL = closed
	_, connErr := newClient(t, cfg, registry.WithLogger(logger), fastRetries).SchemaByID(context.Background(), 1)
	if !registry.IsTransient(connErr) {
		t.Errorf("IsTransient(%v) = false, want true for a refused connection", connErr)
	}

	if connErr == nil {
		t.Fatal("SchemaByID against a closed port succeeded")
	}
	for _, text := range []string{authErr.Error(), connErr.Error(), logs.String()} {
		if strings.Contains(text, "hunter2") {
			t.Errorf("output contains the API secret: %s", text)
		}
	}
	if !strings.Contains(logs.String(), "retrying") {
		t.Errorf("logs %q do not mention the retries", logs.String())
	}
}

func TestRetryOn503ThenSuccess(t *testing.T) {
	var failures atomic.Int32
	failures.Store(2)
	ts, n := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if failures.Add(-1) >= 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		writeSchema(w)
	})
	c := newClient(t, registry.Config{URL: ts.URL}, fastRetries)
	if _, err := c.SchemaByID(context.Background(), 1); err != nil {
		t.Fatalf("SchemaByID after two 503s: %v", err)
	}
	if got := n.Load(); got != 3 {
		t.Errorf("requests = %d, want 3", got)
	}
}

func TestRetryResendsBody(t *testing.T) {
	var failures, lookups atomic.Int32
	failures.Store(1)
	bodies := make(chan string, 4)
	ts, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/versions") {
			data, _ := io.ReadAll(r.Body)
			bodies <- string(data)
			if failures.Add(-1) >= 0 {
				w.WriteHeader(http.StatusInternalServerError)
				return
			}
			fmt.Fprint(w, `{"id": 1}`)
			return
		}
		if r.Method == http.MethodPost && lookups.Add(1) == 1 {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"error_code": 40401, "message": "Subject 's' not found."}`)
			return
		}
		fmt.Fprint(w, `{"subject": "s", "id": 1, "version": 1, "schema": "\"string\""}`)
	})
	c := newClient(t, registry.Config{URL: ts.URL}, fastRetries)
	reg, err := c.Register(context.Background(), "s", courseKey)
	if err != nil || reg != (registry.Registration{ID: 1, Version: 1, New: true}) {
		t.Fatalf("Register = %+v, %v; want id 1 version 1, new", reg, err)
	}
	close(bodies)
	text, _ := json.Marshal(courseKey.Text())
	want := `{"schema":` + string(text) + `,"schemaType":"AVRO","references":[]}`
	count := 0
	for body := range bodies {
		count++
		if body != want {
			t.Errorf("registration body = %s, want %s", body, want)
		}
	}
	if count != 2 {
		t.Errorf("registration requests = %d, want 2", count)
	}
}

func TestRetryGivesUp(t *testing.T) {
	ts, n := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
		fmt.Fprint(w, "<html>bad gateway</html>")
	})
	c := newClient(t, registry.Config{URL: ts.URL, MaxRetries: 2}, fastRetries)
	_, err := c.SchemaByID(context.Background(), 1)
	var re *registry.Error
	if !errors.As(err, &re) || re.Status != http.StatusBadGateway || !registry.IsTransient(err) {
		t.Errorf("SchemaByID against a failing registry: %v, want a transient 502", err)
	}
	if got := n.Load(); got != 3 {
		t.Errorf("requests = %d, want 3 (one and two retries)", got)
	}
}

func TestNoRetryOn4xx(t *testing.T) {
	for _, status := range []int{400, 404, 409, 422} {
		ts, n := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"error_code": %d, "message": "no"}`, status*100+1)
		})
		c := newClient(t, registry.Config{URL: ts.URL}, fastRetries)
		if _, err := c.SchemaByID(context.Background(), 1); err == nil {
			t.Errorf("status %d: SchemaByID succeeded", status)
		}
		if got := n.Load(); got != 1 {
			t.Errorf("status %d: requests = %d, want 1", status, got)
		}
	}
}

func TestRetryAfterTimeout(t *testing.T) {
	var slow atomic.Bool
	slow.Store(true)
	ts, n := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		if slow.Swap(false) {
			select {
			case <-r.Context().Done():
			case <-time.After(2 * time.Second):
			}
			return
		}
		writeSchema(w)
	})
	c := newClient(t, registry.Config{URL: ts.URL, Timeout: 50 * time.Millisecond}, fastRetries)
	if _, err := c.SchemaByID(context.Background(), 1); err != nil {
		t.Fatalf("SchemaByID after one timeout: %v", err)
	}
	if got := n.Load(); got != 2 {
		t.Errorf("requests = %d, want 2", got)
	}
}

func TestCallerContextCancels(t *testing.T) {
	release := make(chan struct{})
	ts, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	defer close(release)
	c := newClient(t, registry.Config{URL: ts.URL})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()

	start := time.Now()
	_, err := c.Versions(ctx, "s")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Versions with an expiring context: %v, want context.DeadlineExceeded", err)
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("Versions returned after %s, want about 50ms", elapsed)
	}
}

func TestSchemaByIDIsCached(t *testing.T) {
	ts, n := countingServer(t, func(w http.ResponseWriter, r *http.Request) { writeSchema(w) })
	c := newClient(t, registry.Config{URL: ts.URL})
	first, err := c.SchemaByID(context.Background(), 7)
	if err != nil {
		t.Fatal(err)
	}
	second, err := c.SchemaByID(context.Background(), 7)
	if err != nil {
		t.Fatal(err)
	}
	if first != second {
		t.Error("second SchemaByID returned a different schema value")
	}
	if got := n.Load(); got != 1 {
		t.Errorf("requests = %d, want 1", got)
	}
}

func TestConcurrentFetchesShareOneRequest(t *testing.T) {
	release := make(chan struct{})
	ts, n := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		<-release
		writeSchema(w)
	})
	c := newClient(t, registry.Config{URL: ts.URL})

	const callers = 50
	var wg sync.WaitGroup
	errs := make(chan error, callers)
	for range callers {
		wg.Go(func() {
			_, err := c.SchemaByID(context.Background(), 3)
			errs <- err
		})
	}
	// Give every caller time to join the request in flight before it ends.
	time.Sleep(100 * time.Millisecond)
	close(release)
	wg.Wait()
	close(errs)

	for err := range errs {
		if err != nil {
			t.Errorf("SchemaByID: %v", err)
		}
	}
	if got := n.Load(); got != 1 {
		t.Errorf("requests = %d, want 1 for %d concurrent callers", got, callers)
	}
}

func TestCancelledCallerDoesNotFailOthers(t *testing.T) {
	release := make(chan struct{})
	ts, _ := countingServer(t, func(w http.ResponseWriter, r *http.Request) {
		<-release
		writeSchema(w)
	})
	c := newClient(t, registry.Config{URL: ts.URL})

	ctx, cancel := context.WithCancel(context.Background())
	first := make(chan error, 1)
	go func() {
		_, err := c.SchemaByID(ctx, 3)
		first <- err
	}()
	second := make(chan error, 1)
	go func() {
		_, err := c.SchemaByID(context.Background(), 3)
		second <- err
	}()
	time.Sleep(50 * time.Millisecond)
	cancel()
	if err := <-first; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled caller: %v, want context.Canceled", err)
	}
	close(release)
	if err := <-second; err != nil {
		t.Errorf("other caller: %v, want success", err)
	}
}

func TestSubjectEscaping(t *testing.T) {
	const subject = "team a/b+c%d"
	const escaped = "team%20a%2Fb+c%25d"
	paths := make(chan string, 16)
	s, err := server.New()
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths <- r.Method + " " + r.URL.EscapedPath()
		s.Handler().ServeHTTP(w, r)
	}))
	defer ts.Close()

	ctx := context.Background()
	c := newClient(t, registry.Config{URL: ts.URL})
	steps := []struct {
		name     string
		call     func() error
		wantPath string
	}{
		{"Register", func() error { _, err := c.Register(ctx, subject, loginV1); return err },
			"POST /subjects/" + escaped},
		{"LookupID", func() error { _, err := c.LookupID(ctx, subject, loginV1); return err },
			"POST /subjects/" + escaped},
		{"Versions", func() error { _, err := c.Versions(ctx, subject); return err },
			"GET /subjects/" + escaped + "/versions"},
		{"SchemaByVersion", func() error { _, err := c.SchemaByVersion(ctx, subject, 1); return err },
			"GET /subjects/" + escaped + "/versions/1"},
		{"SetCompatibility", func() error { return c.SetCompatibility(ctx, subject, avro.LevelFull) },
			"PUT /config/" + escaped},
		{"Compatibility", func() error { _, err := c.Compatibility(ctx, subject); return err },
			"GET /config/" + escaped},
		{"DeleteSubject", func() error { return c.DeleteSubject(ctx, subject, false) },
			"DELETE /subjects/" + escaped},
	}
	for _, step := range steps {
		if err := step.call(); err != nil {
			t.Errorf("%s: %v", step.name, err)
		}
		// Register sends a lookup before it registers: every request of the
		// step must use the escaped subject.
		for len(paths) > 0 {
			got := <-paths
			if !strings.HasPrefix(got, step.wantPath) && !strings.HasPrefix(got, "POST /subjects/"+escaped) {
				t.Errorf("%s sent %q, want %q", step.name, got, step.wantPath)
			}
		}
	}
}

func TestNewRejectsHalfCredentials(t *testing.T) {
	_, err := registry.New(registry.Config{APIKey: "key"})
	if err == nil || !strings.Contains(err.Error(), "API secret is missing") {
		t.Errorf("New with only an API key: %v, want an error naming the missing secret", err)
	}
	_, err = registry.New(registry.Config{APISecret: "hunter2"})
	if err == nil || !strings.Contains(err.Error(), "API key is missing") || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("New with only an API secret: %v, want an error naming the missing key", err)
	}
}

func TestNewRejectsMissingCAFile(t *testing.T) {
	_, err := registry.New(registry.Config{URL: "https://127.0.0.1:8081", CAFile: "/nonexistent/ca.pem"})
	if err == nil || !strings.Contains(err.Error(), "/nonexistent/ca.pem") {
		t.Errorf("New with a missing CA file: %v, want an error naming the file", err)
	}
}

func TestConcurrentRegistrations(t *testing.T) {
	ctx := context.Background()
	url := startRegistry(t)
	schemas := []*avro.Schema{courseKey, username, loginV1}
	subjects := []string{"a-string", "b-string", "c-value"}

	const clients, callsPerClient = 8, 12
	got := make([][]int, clients)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Go(func() {
			c := newClient(t, registry.Config{URL: url})
			for j := range callsPerClient {
				k := (i + j) % len(schemas)
				reg, err := c.Register(ctx, subjects[k], schemas[k])
				if err != nil {
					t.Errorf("Register(%s): %v", subjects[k], err)
					return
				}
				got[i] = append(got[i], reg.ID)
			}
		})
	}
	wg.Wait()

	// Ids depend on which schema arrived first, so compare with the first
	// client's ids. The two string key schemas are one registry schema.
	want := map[int]int{}
	for j, id := range got[0] {
		want[j%len(schemas)] = id
	}
	if want[0] != want[1] || want[0] == want[2] {
		t.Fatalf("first client's ids %v: want one id for both string keys and another for the record", want)
	}
	for i := range clients {
		for j, id := range got[i] {
			k := (i + j) % len(schemas)
			if id != want[k] {
				t.Errorf("client %d call %d (%s): id %d, want %d", i, j, subjects[k], id, want[k])
			}
		}
	}
}

func TestCredentialsAgainstEmbeddedServer(t *testing.T) {
	s, err := server.New(server.WithBasicAuth("key", "hunter2"))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	ctx := context.Background()

	good := newClient(t, registry.Config{URL: ts.URL, APIKey: "key", APISecret: "hunter2"})
	if _, err := good.Register(ctx, "s", loginV1); err != nil {
		t.Fatalf("Register with the right credentials: %v", err)
	}
	bad := newClient(t, registry.Config{URL: ts.URL, APIKey: "key", APISecret: "wrong-secret"})
	_, err = bad.Register(ctx, "s", loginV1)
	if !errors.Is(err, registry.ErrUnauthorized) {
		t.Fatalf("Register with a wrong secret: %v, want ErrUnauthorized", err)
	}
	if strings.Contains(err.Error(), "wrong-secret") {
		t.Errorf("error %q contains the secret", err)
	}
	if !strings.Contains(err.Error(), strings.TrimPrefix(ts.URL, "http://")) {
		t.Errorf("error %q does not name the registry host", err)
	}
}

package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/openedx-go/eventbus/events/avro"
	"github.com/openedx-go/eventbus/registry/server"
)

// Schemas used across the tests. v2 adds an optional field to v1, which is
// backward compatible; v3 adds a required field without a default, which is not.
const (
	loginV1 = `{"type": "record", "name": "CloudEvent", "namespace": "org.openedx.learning.auth.session.login.completed.v1",
		"fields": [{"name": "user", "type": {"type": "record", "name": "UserData",
			"fields": [{"name": "id", "type": "long"}, {"name": "is_active", "type": "boolean"}]}}]}`
	loginV2 = `{"type": "record", "name": "CloudEvent", "namespace": "org.openedx.learning.auth.session.login.completed.v1",
		"fields": [{"name": "user", "type": {"type": "record", "name": "UserData",
			"fields": [{"name": "id", "type": "long"}, {"name": "is_active", "type": "boolean"}]}},
			{"name": "note", "type": ["null", "string"], "default": null}]}`
	loginV3 = `{"type": "record", "name": "CloudEvent", "namespace": "org.openedx.learning.auth.session.login.completed.v1",
		"fields": [{"name": "user", "type": {"type": "record", "name": "UserData",
			"fields": [{"name": "id", "type": "long"}, {"name": "is_active", "type": "boolean"},
			{"name": "email", "type": "string"}]}}]}`
	courseKeySchema = `{"name": "course_key", "type": "string"}`
	usernameSchema  = `{"name": "username", "type": "string"}`
	dashNamespace   = `{"type": "record", "name": "CloudEvent",
		"namespace": "org.openedx.enterprise.subsidy.redemption-reversed.v1",
		"fields": [{"name": "redemption", "type": {"type": "record", "name": "SubsidyRedemption",
			"fields": [{"name": "subsidy_identifier", "type": "string"}]}}]}`
)

const mediaType = "application/vnd.schemaregistry.v1+json"

func startServer(t *testing.T, opts ...server.Option) (string, *server.Server) {
	t.Helper()
	s, err := server.New(opts...)
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		ts.Close()
		s.Close()
	})
	return ts.URL, s
}

// response is a decoded registry response.
type response struct {
	status      int
	contentType string
	body        []byte
}

func (r response) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// errorCode returns the error_code of a Confluent error body, or 0.
func (r response) errorCode(t *testing.T) int {
	t.Helper()
	var e struct {
		Code    int    `json:"error_code"`
		Message string `json:"message"`
	}
	r.json(t, &e)
	if e.Message == "" {
		t.Errorf("error body %s has no message", r.body)
	}
	return e.Code
}

func send(t *testing.T, method, url string, body any) response {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", mediaType)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{status: resp.StatusCode, contentType: resp.Header.Get("Content-Type"), body: data}
}

// register posts schema the way Python client 2.x does and returns the id.
func register(t *testing.T, base, subject, schema string) int {
	t.Helper()
	r := send(t, "POST", base+"/subjects/"+url.PathEscape(subject)+"/versions?normalize=False",
		map[string]any{"schema": schema, "schemaType": "AVRO", "references": []any{}})
	if r.status != http.StatusOK {
		t.Fatalf("register under %q: status %d: %s", subject, r.status, r.body)
	}
	var out struct{ ID int }
	r.json(t, &out)
	if out.ID < 1 {
		t.Fatalf("register under %q: id %d in %s", subject, out.ID, r.body)
	}
	return out.ID
}

func TestErrorStatusAndBody(t *testing.T) {
	base, _ := startServer(t)
	register(t, base, "topic-a", loginV1)

	tests := []struct {
		name       string
		method     string
		path       string
		body       any
		wantStatus int
		wantCode   int
	}{
		{"unknown subject versions", "GET", "/subjects/nope/versions", nil, 404, 40401},
		{"unknown subject version", "GET", "/subjects/nope/versions/1", nil, 404, 40401},
		{"unknown version", "GET", "/subjects/topic-a/versions/9", nil, 404, 40402},
		{"invalid version", "GET", "/subjects/topic-a/versions/first", nil, 422, 42202},
		{"zero version", "GET", "/subjects/topic-a/versions/0", nil, 422, 42202},
		{"unknown id", "GET", "/schemas/ids/999", nil, 404, 40403},
		{"non-numeric id", "GET", "/schemas/ids/abc", nil, 404, 40403},
		{"lookup unknown subject", "POST", "/subjects/nope", map[string]string{"schema": loginV1}, 404, 40401},
		{"lookup unknown schema", "POST", "/subjects/topic-a", map[string]string{"schema": loginV2}, 404, 40403},
		{"invalid schema", "POST", "/subjects/topic-a/versions", map[string]string{"schema": `{"type": "nope"}`},
			422, 42201},
		{"empty schema", "POST", "/subjects/topic-a/versions", map[string]string{"schema": ""}, 422, 42201},
		{"protobuf", "POST", "/subjects/topic-a/versions",
			map[string]string{"schema": "syntax = \"proto3\";", "schemaType": "PROTOBUF"}, 422, 42201},
		{"references", "POST", "/subjects/topic-a/versions", map[string]any{"schema": loginV1,
			"references": []any{map[string]any{"name": "x", "subject": "y", "version": 1}}}, 422, 42201},
		{"malformed body", "POST", "/subjects/topic-a/versions", `{"schema": `, 400, 400},
		{"incompatible", "POST", "/subjects/topic-a/versions", map[string]string{"schema": loginV3}, 409, 409},
		{"invalid level", "PUT", "/config", map[string]string{"compatibility": "SIDEWAYS"}, 422, 42203},
		{"subject level not set", "GET", "/config/topic-a", nil, 404, 40408},
		{"unknown path", "GET", "/nope", nil, 404, 404},
		{"compatibility of unknown subject", "POST", "/compatibility/subjects/nope/versions/latest",
			map[string]string{"schema": loginV1}, 404, 40401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := send(t, tt.method, base+tt.path, tt.body)
			if r.status != tt.wantStatus {
				t.Errorf("status = %d, want %d (body %s)", r.status, tt.wantStatus, r.body)
			}
			if r.contentType != mediaType {
				t.Errorf("content type = %q, want %q", r.contentType, mediaType)
			}
			if got := r.errorCode(t); got != tt.wantCode {
				t.Errorf("error_code = %d, want %d", got, tt.wantCode)
			}
		})
	}
}

func TestRegisterIsIdempotent(t *testing.T) {
	base, _ := startServer(t)
	id := register(t, base, "topic-a", loginV1)

	// The same schema with other whitespace and key order is the same schema.
	reordered := strings.Join(strings.Fields(`{"fields": [{"type": {"fields": [{"type": "long", "name": "id"},
		{"name": "is_active", "type": "boolean"}], "name": "UserData", "type": "record"}, "name": "user"}],
		"namespace": "org.openedx.learning.auth.session.login.completed.v1", "name": "CloudEvent", "type": "record"}`), " ")
	if got := register(t, base, "topic-a", reordered); got != id {
		t.Errorf("re-registering reordered schema: id = %d, want %d", got, id)
	}
	if got := register(t, base, "topic-a", loginV1); got != id {
		t.Errorf("re-registering: id = %d, want %d", got, id)
	}

	var versions []int
	send(t, "GET", base+"/subjects/topic-a/versions", nil).json(t, &versions)
	if len(versions) != 1 || versions[0] != 1 {
		t.Errorf("versions = %v, want [1]", versions)
	}
}

func TestSameSchemaSharesIDAcrossSubjects(t *testing.T) {
	base, _ := startServer(t)
	a := register(t, base, "topic-a", loginV1)
	b := register(t, base, "topic-b", loginV1)
	if a != b {
		t.Errorf("ids = %d and %d, want one id for one schema", a, b)
	}
	c := register(t, base, "topic-a", loginV2)
	if c == a {
		t.Errorf("new schema got the existing id %d", c)
	}

	var usages []map[string]any
	send(t, "GET", fmt.Sprintf("%s/schemas/ids/%d/versions", base, a), nil).json(t, &usages)
	if len(usages) != 2 {
		t.Errorf("GET /schemas/ids/%d/versions = %v, want topic-a and topic-b", a, usages)
	}
}

func TestKeySchemasShareIDAndVersion(t *testing.T) {
	base, _ := startServer(t)
	first := register(t, base, "dev-topic-string", courseKeySchema)
	second := register(t, base, "dev-topic-string", usernameSchema)
	if first != second {
		t.Errorf("ids = %d and %d, want one id for both string key schemas", first, second)
	}
	var versions []int
	send(t, "GET", base+"/subjects/dev-topic-string/versions", nil).json(t, &versions)
	if len(versions) != 1 {
		t.Errorf("versions = %v, want one version", versions)
	}

	var lookup struct{ ID, Version int }
	r := send(t, "POST", base+"/subjects/dev-topic-string", map[string]string{"schema": usernameSchema})
	r.json(t, &lookup)
	if r.status != 200 || lookup.ID != first || lookup.Version != 1 {
		t.Errorf("lookup of username schema = %d %s, want id %d version 1", r.status, r.body, first)
	}
}

func TestPythonRequestForms(t *testing.T) {
	base, _ := startServer(t)

	// Python client 1.x posts only the schema.
	r := send(t, "POST", base+"/subjects/t1-value/versions", map[string]string{"schema": loginV1})
	var reg struct{ ID int }
	r.json(t, &reg)
	if r.status != 200 || reg.ID < 1 {
		t.Fatalf("1.x registration: %d %s", r.status, r.body)
	}
	// Python client 2.x adds schemaType, references and ?normalize=False, and
	// fetches by id with a subject query parameter.
	if id := register(t, base, "t1-value", loginV1); id != reg.ID {
		t.Errorf("2.x registration id = %d, want %d", id, reg.ID)
	}
	r = send(t, "GET", fmt.Sprintf("%s/schemas/ids/%d?subject=t1-value&unknown=1", base, reg.ID), nil)
	var got struct{ Schema string }
	r.json(t, &got)
	if r.status != 200 || !strings.Contains(got.Schema, "UserData") {
		t.Errorf("GET schema by id with subject: %d %s", r.status, r.body)
	}
}

func TestNamespaceWithDash(t *testing.T) {
	base, _ := startServer(t)
	id := register(t, base, "t-org.openedx.enterprise.subsidy.redemption-reversed.v1.CloudEvent", dashNamespace)
	r := send(t, "GET", fmt.Sprintf("%s/schemas/ids/%d/schema", base, id), nil)
	var raw map[string]any
	r.json(t, &raw)
	if raw["namespace"] != "org.openedx.enterprise.subsidy.redemption-reversed.v1" {
		t.Errorf("raw schema namespace = %v", raw["namespace"])
	}
}

func TestSubjectIsPercentDecoded(t *testing.T) {
	base, _ := startServer(t)
	const subject = "team a/b+c"
	id := register(t, base, subject, loginV1)

	var subjects []string
	send(t, "GET", base+"/subjects", nil).json(t, &subjects)
	if len(subjects) != 1 || subjects[0] != subject {
		t.Errorf("subjects = %q, want [%q]", subjects, subject)
	}
	var v struct {
		Subject string
		ID      int
	}
	send(t, "GET", base+"/subjects/"+url.PathEscape(subject)+"/versions/latest", nil).json(t, &v)
	if v.Subject != subject || v.ID != id {
		t.Errorf("latest = %+v, want subject %q id %d", v, subject, id)
	}
}

func TestVersionEndpoints(t *testing.T) {
	base, _ := startServer(t)
	register(t, base, "s", loginV1)
	id2 := register(t, base, "s", loginV2)

	for _, spec := range []string{"latest", "-1", "2"} {
		var v struct {
			Subject, Schema string
			Version, ID     int
		}
		r := send(t, "GET", base+"/subjects/s/versions/"+spec, nil)
		r.json(t, &v)
		if v.Version != 2 || v.ID != id2 || v.Subject != "s" || v.Schema == "" {
			t.Errorf("GET version %s = %s, want version 2 id %d", spec, r.body, id2)
		}
	}
	var raw map[string]any
	send(t, "GET", base+"/subjects/s/versions/1/schema", nil).json(t, &raw)
	if raw["name"] != "CloudEvent" {
		t.Errorf("GET version 1 schema = %v", raw)
	}
	var types []string
	send(t, "GET", base+"/schemas/types", nil).json(t, &types)
	if len(types) != 1 || types[0] != "AVRO" {
		t.Errorf("schema types = %v, want [AVRO]", types)
	}
}

func TestDeleteSubjectAndVersion(t *testing.T) {
	base, _ := startServer(t)
	id1 := register(t, base, "s", loginV1)
	register(t, base, "s", loginV2)

	r := send(t, "DELETE", base+"/subjects/s/versions/2?permanent=true", nil)
	if r.status != 404 || r.errorCode(t) != 40407 {
		t.Errorf("permanent delete before soft delete: %d %s, want 404 40407", r.status, r.body)
	}
	r = send(t, "DELETE", base+"/subjects/s/versions/latest", nil)
	if r.status != 200 || string(bytes.TrimSpace(r.body)) != "2" {
		t.Errorf("delete latest: %d %s, want 2", r.status, r.body)
	}
	var versions []int
	send(t, "GET", base+"/subjects/s/versions", nil).json(t, &versions)
	if len(versions) != 1 || versions[0] != 1 {
		t.Errorf("versions after delete = %v, want [1]", versions)
	}
	send(t, "GET", base+"/subjects/s/versions?deleted=true", nil).json(t, &versions)
	if len(versions) != 2 {
		t.Errorf("versions with deleted = %v, want [1 2]", versions)
	}

	r = send(t, "DELETE", base+"/subjects/s?permanent=true", nil)
	if r.status != 404 || r.errorCode(t) != 40405 {
		t.Errorf("permanent subject delete before soft delete: %d %s, want 404 40405", r.status, r.body)
	}
	r = send(t, "DELETE", base+"/subjects/s", nil)
	if r.status != 200 || string(bytes.TrimSpace(r.body)) != "[1]" {
		t.Errorf("soft delete subject: %d %s, want [1]", r.status, r.body)
	}
	var subjects []string
	send(t, "GET", base+"/subjects", nil).json(t, &subjects)
	if len(subjects) != 0 {
		t.Errorf("subjects after soft delete = %v, want none", subjects)
	}
	r = send(t, "DELETE", base+"/subjects/s", nil)
	if r.status != 404 || r.errorCode(t) != 40404 {
		t.Errorf("second soft delete: %d %s, want 404 40404", r.status, r.body)
	}
	r = send(t, "DELETE", base+"/subjects/s?permanent=true", nil)
	if r.status != 200 {
		t.Errorf("permanent delete: %d %s", r.status, r.body)
	}
	send(t, "GET", base+"/subjects?deleted=true", nil).json(t, &subjects)
	if len(subjects) != 0 {
		t.Errorf("subjects after permanent delete = %v, want none", subjects)
	}

	// Ids stay readable for messages already written.
	if r := send(t, "GET", fmt.Sprintf("%s/schemas/ids/%d", base, id1), nil); r.status != 200 {
		t.Errorf("schema id %d after subject deletion: %d %s", id1, r.status, r.body)
	}
	// Re-registering after a delete gets the same id and a new version.
	if id := register(t, base, "s", loginV1); id != id1 {
		t.Errorf("id after re-registration = %d, want %d", id, id1)
	}
}

func TestCompatibilityConfig(t *testing.T) {
	base, _ := startServer(t)
	var level struct{ CompatibilityLevel string }
	send(t, "GET", base+"/config", nil).json(t, &level)
	if level.CompatibilityLevel != "BACKWARD" {
		t.Errorf("default global level = %q, want BACKWARD", level.CompatibilityLevel)
	}

	register(t, base, "s", loginV1)
	r := send(t, "PUT", base+"/config/s", map[string]string{"compatibility": "none"})
	var put struct{ Compatibility string }
	r.json(t, &put)
	if r.status != 200 || put.Compatibility != "NONE" {
		t.Errorf("PUT /config/s: %d %s", r.status, r.body)
	}
	send(t, "GET", base+"/config/s", nil).json(t, &level)
	if level.CompatibilityLevel != "NONE" {
		t.Errorf("subject level = %q, want NONE", level.CompatibilityLevel)
	}
	// NONE lets the incompatible v3 in.
	register(t, base, "s", loginV3)

	if r := send(t, "DELETE", base+"/config/s", nil); r.status != 200 {
		t.Errorf("DELETE /config/s: %d %s", r.status, r.body)
	}
	send(t, "GET", base+"/config/s?defaultToGlobal=true", nil).json(t, &level)
	if level.CompatibilityLevel != "BACKWARD" {
		t.Errorf("subject level after delete = %q, want the global BACKWARD", level.CompatibilityLevel)
	}

	send(t, "PUT", base+"/config", map[string]string{"compatibility": "FULL_TRANSITIVE"})
	send(t, "GET", base+"/config", nil).json(t, &level)
	if level.CompatibilityLevel != "FULL_TRANSITIVE" {
		t.Errorf("global level = %q, want FULL_TRANSITIVE", level.CompatibilityLevel)
	}
}

func TestIncompatibleRegistration(t *testing.T) {
	base, _ := startServer(t)
	register(t, base, "s", loginV1)
	r := send(t, "POST", base+"/subjects/s/versions", map[string]string{"schema": loginV3})
	if r.status != http.StatusConflict || r.errorCode(t) != 409 {
		t.Fatalf("register incompatible: %d %s, want 409", r.status, r.body)
	}
	if !strings.Contains(string(r.body), "email") {
		t.Errorf("409 message %s does not name the field email", r.body)
	}

	var check struct {
		IsCompatible bool     `json:"is_compatible"`
		Messages     []string `json:"messages"`
	}
	r = send(t, "POST", base+"/compatibility/subjects/s/versions/latest?verbose=true",
		map[string]string{"schema": loginV3})
	r.json(t, &check)
	if r.status != 200 || check.IsCompatible || len(check.Messages) == 0 {
		t.Errorf("verbose check of v3: %d %s, want incompatible with messages", r.status, r.body)
	}
	r = send(t, "POST", base+"/compatibility/subjects/s/versions/1", map[string]string{"schema": loginV2})
	check.IsCompatible = false
	r.json(t, &check)
	if !check.IsCompatible {
		t.Errorf("check of v2 against version 1: %s, want compatible", r.body)
	}
	r = send(t, "POST", base+"/compatibility/subjects/new-subject/versions", map[string]string{"schema": loginV3})
	check.IsCompatible = false
	r.json(t, &check)
	if r.status != 200 || !check.IsCompatible {
		t.Errorf("check against a new subject: %d %s, want compatible", r.status, r.body)
	}
}

func TestTransitiveLevelChecksAllVersions(t *testing.T) {
	// v2 gives email a default that v3 drops again: v3 reads data written with
	// v2, which has the field, but not data written with v1, which lacks it.
	const v1 = `{"type": "record", "name": "R", "fields": [{"name": "id", "type": "long"}]}`
	const v2 = `{"type": "record", "name": "R", "fields": [{"name": "id", "type": "long"},
		{"name": "email", "type": "string", "default": ""}]}`
	const v3 = `{"type": "record", "name": "R", "fields": [{"name": "id", "type": "long"},
		{"name": "email", "type": "string"}, {"name": "x", "type": ["null", "long"], "default": null}]}`

	for _, tt := range []struct {
		level      string
		wantStatus int
	}{{"BACKWARD", 200}, {"BACKWARD_TRANSITIVE", 409}, {"FORWARD", 200}, {"FULL_TRANSITIVE", 409}} {
		t.Run(tt.level, func(t *testing.T) {
			base, _ := startServer(t)
			register(t, base, "s", v1)
			register(t, base, "s", v2)
			send(t, "PUT", base+"/config/s", map[string]string{"compatibility": tt.level})
			r := send(t, "POST", base+"/subjects/s/versions", map[string]string{"schema": v3})
			if r.status != tt.wantStatus {
				t.Errorf("register at %s: %d %s, want %d", tt.level, r.status, r.body, tt.wantStatus)
			}
		})
	}
}

func TestConcurrentRegistration(t *testing.T) {
	// NONE lets unrelated schemas share a subject, so that the order in which
	// the workers arrive does not matter.
	base, _ := startServer(t, server.WithDataDir(t.TempDir()), server.WithCompatibility(avro.LevelNone))
	schemas := []string{loginV1, loginV2, courseKeySchema, dashNamespace}
	const workers = 32

	ids := make([][]int, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i, schema := range schemas {
				subject := fmt.Sprintf("topic-%d", (w+i)%3)
				ids[w] = append(ids[w], registerQuiet(base, subject, schema))
			}
		})
	}
	wg.Wait()

	want := map[int]int{}
	for i, schema := range schemas {
		want[i] = register(t, base, "check", schema)
	}
	for w := range workers {
		for i, id := range ids[w] {
			if id != want[i] {
				t.Errorf("worker %d schema %d: id %d, want %d", w, i, id, want[i])
			}
		}
	}
	for _, subject := range []string{"topic-0", "topic-1", "topic-2"} {
		var versions []int
		send(t, "GET", base+"/subjects/"+subject+"/versions", nil).json(t, &versions)
		if len(versions) != len(schemas) {
			t.Errorf("%s versions = %v, want %d", subject, versions, len(schemas))
		}
	}
}

// registerQuiet registers without the testing.T, for use in goroutines; it
// returns -1 on any failure so the caller's comparison fails.
func registerQuiet(base, subject, schema string) int {
	body, _ := json.Marshal(map[string]string{"schema": schema})
	resp, err := http.Post(base+"/subjects/"+subject+"/versions", mediaType, bytes.NewReader(body))
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	var out struct{ ID int }
	if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(&out) != nil {
		return -1
	}
	return out.ID
}

func TestStartAndClose(t *testing.T) {
	s, err := server.New()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, err := s.Start(ctx, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	register(t, base, "s", loginV1)
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := http.Get(base + "/subjects"); err == nil {
		t.Error("server still answers after Close")
	}
}

func TestBasicAuth(t *testing.T) {
	base, _ := startServer(t, server.WithBasicAuth("key", "secret"))
	r := send(t, "GET", base+"/subjects", nil)
	if r.status != http.StatusUnauthorized || r.errorCode(t) != 401 {
		t.Errorf("request without credentials: %d %s, want 401", r.status, r.body)
	}

	req, err := http.NewRequest("GET", base+"/subjects", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.SetBasicAuth("key", "secret")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("request with credentials: status %d, want 200", resp.StatusCode)
	}

	if _, err := server.New(server.WithBasicAuth("key", "")); err == nil {
		t.Error("WithBasicAuth without a password succeeded, want an error")
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runEvents runs the eventbus command line in-process with stdin and
// returns stdout and the error.
func runEvents(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &stdout, &stderr)
	return stdout.String(), err
}

const eventsEnrollmentRecord = `{"enrollment": {"user": {"id": 42, "is_active": true,
	"pii": {"username": "ada", "email": "ada@example.com", "name": "Ada"}},
	"course": {"course_key": "course-v1:edX+DemoX+2024_T1", "display_name": "Demo",
		"start": "2024-01-15T09:00:00+00:00", "end": null},
	"mode": "verified", "is_active": true, "creation_date": "2024-03-01T12:30:00.123456+00:00",
	"created_by": null}}`

const eventsEnrollmentType = "org.openedx.learning.course.enrollment.created.v1"

func TestEventsListTable(t *testing.T) {
	out, err := runEvents(t, "", "events", "list")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 76 {
		t.Errorf("lines: got %d, want a header and 75 events", len(lines))
	}
	for _, want := range []string{"EVENT TYPE", "GO NAME", "SENDABLE"} {
		if !strings.Contains(lines[0], want) {
			t.Errorf("header %q lacks %q", lines[0], want)
		}
	}
	row := findLine(out, eventsEnrollmentType)
	for _, want := range []string{"learning.CourseEnrollmentCreated", "enrollment", "enrollment.course.course_key", "yes"} {
		if !strings.Contains(row, want) {
			t.Errorf("enrollment row %q lacks %q", row, want)
		}
	}
	if row := findLine(out, "org.openedx.learning.external_grader.score.submitted.v1"); !strings.HasSuffix(row, "no") {
		t.Errorf("external grader row %q does not end with \"no\"", row)
	}
}

func findLine(out, prefix string) string {
	for line := range strings.SplitSeq(out, "\n") {
		if strings.HasPrefix(line, prefix+" ") {
			return strings.TrimSpace(line)
		}
	}
	return ""
}

func TestEventsListJSON(t *testing.T) {
	out, err := runEvents(t, "", "events", "list", "--output", "json")
	if err != nil {
		t.Fatal(err)
	}
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("output is not a JSON list: %v\n%s", err, out)
	}
	if len(list) != 75 {
		t.Errorf("entries: got %d, want 75", len(list))
	}
	var found map[string]any
	for _, e := range list {
		if e["event_type"] == eventsEnrollmentType {
			found = e
		}
	}
	want := map[string]any{
		"event_type": eventsEnrollmentType, "name": "learning.CourseEnrollmentCreated", "subdomain": "learning",
		"minor_version": 0.0, "payload_key": "enrollment", "default_key_field": "enrollment.course.course_key",
		"sendable": true,
	}
	for k, v := range want {
		if found[k] != v {
			t.Errorf("%s: got %v, want %v", k, found[k], v)
		}
	}
}

func TestEventsListInvalidOutput(t *testing.T) {
	_, err := runEvents(t, "", "events", "list", "--output", "yaml")
	if err == nil || !strings.Contains(err.Error(), `invalid --output "yaml"`) || exitCode(err) != 2 {
		t.Errorf("got %v (exit %d), want a usage error", err, exitCode(err))
	}
}

func TestEventsShow(t *testing.T) {
	out, err := runEvents(t, "", "events", "show", eventsEnrollmentType)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Go name:           learning.CourseEnrollmentCreated",
		"Default key field: enrollment.course.course_key",
		"enrollment.course.start",
		"*time.Time",
		"enrollment.created_by.pii.username",
		`"namespace": "org.openedx.learning.course.enrollment.created.v1"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if line := findField(out, "enrollment.course.start"); !strings.HasSuffix(line, "yes") {
		t.Errorf("start field row %q is not optional", line)
	}
	if line := findField(out, "enrollment.mode"); !strings.HasSuffix(line, "no") {
		t.Errorf("mode field row %q is optional", line)
	}
}

func findField(out, path string) string {
	for line := range strings.SplitSeq(out, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), path+" ") {
			return strings.TrimSpace(line)
		}
	}
	return ""
}

func TestEventsShowNotSendable(t *testing.T) {
	out, err := runEvents(t, "", "events", "show", "org.openedx.content_authoring.course.certificate_config.changed.v1")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Sendable:          no") || !strings.Contains(out, "not sendable") {
		t.Errorf("output does not say the event is not sendable:\n%s", out)
	}
	if !strings.Contains(out, "io.Reader") {
		t.Errorf("output lacks the image field type:\n%s", out)
	}
}

func TestEventsShowUnknownType(t *testing.T) {
	_, err := runEvents(t, "", "events", "show", "org.openedx.learning.course.enrollment.crated.v1")
	if err == nil || exitCode(err) != 2 {
		t.Fatalf("got %v (exit %d), want a usage error", err, exitCode(err))
	}
	if !strings.Contains(err.Error(), "closest known types: "+eventsEnrollmentType) {
		t.Errorf("error %q does not list the closest type first", err)
	}
}

func TestEventsEncodeDecodeHex(t *testing.T) {
	out, err := runEvents(t, eventsEnrollmentRecord, "events", "encode", "--event-type", eventsEnrollmentType)
	if err != nil {
		t.Fatal(err)
	}
	hexText := strings.TrimSpace(out)
	if _, err := hex.DecodeString(hexText); err != nil || !strings.HasSuffix(out, "\n") {
		t.Fatalf("output %q is not one line of hex", out)
	}

	decoded, err := runEvents(t, hexText, "events", "decode", "--event-type", eventsEnrollmentType)
	if err != nil {
		t.Fatal(err)
	}
	var got, want any
	if err := json.Unmarshal([]byte(decoded), &got); err != nil {
		t.Fatalf("decode output is not JSON: %v\n%s", err, decoded)
	}
	if err := json.Unmarshal([]byte(eventsEnrollmentRecord), &want); err != nil {
		t.Fatal(err)
	}
	if !jsonEqual(got, want) {
		t.Errorf("decode output:\n%s\nwant the encoded record %s", decoded, eventsEnrollmentRecord)
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func TestEventsEncodeDecodeBinary(t *testing.T) {
	hexOut, err := runEvents(t, eventsEnrollmentRecord, "events", "encode", "-t", eventsEnrollmentType)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := runEvents(t, eventsEnrollmentRecord, "events", "encode", "-t", eventsEnrollmentType, "--format", "binary")
	if err != nil {
		t.Fatal(err)
	}
	if hex.EncodeToString([]byte(raw)) != strings.TrimSpace(hexOut) {
		t.Errorf("binary output %x differs from hex output %s", raw, hexOut)
	}
	decoded, err := runEvents(t, raw, "events", "decode", "-t", eventsEnrollmentType, "--format", "binary")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(decoded, `"creation_date": "2024-03-01T12:30:00.123456+00:00"`) {
		t.Errorf("decoded record lacks the creation date:\n%s", decoded)
	}
}

func TestEventsEncodeErrors(t *testing.T) {
	tests := []struct {
		name, stdin string
		args        []string
		errText     string
		exit        int
	}{
		{"no type", eventsEnrollmentRecord, nil, "missing --event-type", 2},
		{"bad format", eventsEnrollmentRecord, []string{"-t", eventsEnrollmentType, "--format", "base64"}, `invalid --format "base64"`, 2},
		{"unknown type", eventsEnrollmentRecord, []string{"-t", "org.openedx.nope.v1"}, `unknown event type "org.openedx.nope.v1"`, 2},
		{"not sendable", "{}", []string{"-t", "org.openedx.learning.external_grader.score.submitted.v1"}, "not sendable", 2},
		{"not JSON", "{", []string{"-t", eventsEnrollmentType}, "read the record JSON", 2},
		{"bad field", strings.Replace(eventsEnrollmentRecord, `"mode": "verified"`, `"mode": 3`, 1),
			[]string{"-t", eventsEnrollmentType}, `encode "` + eventsEnrollmentType + `": field enrollment.mode: expected a string`, 2},
		{"bad key", strings.Replace(eventsEnrollmentRecord, "course-v1:edX+DemoX+2024_T1", "nope", 1),
			[]string{"-t", eventsEnrollmentType}, `field enrollment.course.course_key: invalid course key: "nope"`, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := runEvents(t, tt.stdin, append([]string{"events", "encode"}, tt.args...)...)
			if err == nil || !strings.Contains(err.Error(), tt.errText) {
				t.Fatalf("got %v, want an error containing %q", err, tt.errText)
			}
			if got := exitCode(err); got != tt.exit {
				t.Errorf("exit status: got %d, want %d", got, tt.exit)
			}
		})
	}
}

func TestEventsDecodeErrors(t *testing.T) {
	tests := []struct{ name, stdin, errText string }{
		{"empty", "", "stdin is empty"},
		{"not hex", "zz", "read hex from stdin"},
		{"truncated", "5401", "truncated data"},
	}
	for _, tt := range tests {
		_, err := runEvents(t, tt.stdin, "events", "decode", "-t", eventsEnrollmentType)
		if err == nil || !strings.Contains(err.Error(), tt.errText) {
			t.Errorf("%s: got %v, want an error containing %q", tt.name, err, tt.errText)
		}
		if errors.Is(err, context.Canceled) {
			t.Errorf("%s: unexpected cancellation", tt.name)
		}
		if got := exitCode(err); got != 2 {
			t.Errorf("%s: exit status %d, want 2", tt.name, got)
		}
	}
}

// encodeDecode runs events encode on record and events decode on its output,
// and returns what decode printed.
func encodeDecode(t *testing.T, eventType, record string) string {
	t.Helper()
	hexOut, err := runEvents(t, record, "events", "encode", "-t", eventType)
	if err != nil {
		t.Fatal(err)
	}
	out, err := runEvents(t, hexOut, "events", "decode", "-t", eventType)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestEventsEncodeDashNamespaceExactInteger(t *testing.T) {
	// 2^53+1 does not fit a float64 exactly, so the JSON number must stay exact.
	record := `{"redemption": {"subsidy_identifier": "s1", "content_key": "course-v1:a+b+c",
		"lms_user_id": 9007199254740993}}`
	eventType := "org.openedx.enterprise.subsidy.redemption-reversed.v1"
	out := encodeDecode(t, eventType, record)
	if !strings.Contains(out, `"lms_user_id": 9007199254740993`) {
		t.Errorf("decoded record lacks the exact integer:\n%s", out)
	}
}

func TestEventsEncodeDecodeNaN(t *testing.T) {
	eventType := "org.openedx.learning.course.persistent_grade_summary.changed.v1"
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "events", eventType+".json"))
	if err != nil {
		t.Fatal(err)
	}
	record := strings.Replace(string(data), `"percent_grade": 0.87`, `"percent_grade": "NaN"`, 1)
	out := encodeDecode(t, eventType, record)
	if !strings.Contains(out, `"percent_grade": "NaN"`) {
		t.Errorf("decoded record lacks the NaN grade:\n%s", out)
	}
}

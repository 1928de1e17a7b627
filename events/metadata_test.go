package events

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

func TestNewMetadataDefaults(t *testing.T) {
	before := time.Now()
	md, err := NewMetadata("org.openedx.test.v1", 0)
	if err != nil {
		t.Fatal(err)
	}
	if md.ID.Version() != 1 {
		t.Errorf("ID version: got %d, want 1", md.ID.Version())
	}
	if md.Source != "openedx/SERVICE_NAME_UNSET/web" {
		t.Errorf("Source: got %q", md.Source)
	}
	host, _ := os.Hostname()
	if md.SourceHost != host {
		t.Errorf("SourceHost: got %q, want %q", md.SourceHost, host)
	}
	if md.Time.Location() != time.UTC || md.Time.Before(before.Add(-time.Second)) {
		t.Errorf("Time: got %v, want the current UTC time", md.Time)
	}
	if !reflect.DeepEqual(md.SourceLib, []int{11, 2, 0}) {
		t.Errorf("SourceLib: got %v", md.SourceLib)
	}

	md.SourceLib[0] = 99
	if SourceLib[0] != 11 {
		t.Error("changing the metadata SourceLib changed the package default")
	}
}

func TestNewMetadataOptions(t *testing.T) {
	id := uuid.MustParse("2adf559a-11cb-1288-8a50-12dc582c18c9")
	at := time.Date(2024, 3, 1, 14, 30, 0, 0, time.FixedZone("", 7200))
	md, err := NewMetadata("org.openedx.test.v1", 2,
		WithService("lms"), WithSourceHost("edx.devstack.lms"), WithTime(at), WithID(id), WithSourceLib([]int{1, 2}))
	if err != nil {
		t.Fatal(err)
	}
	want := Metadata{
		ID: id, EventType: "org.openedx.test.v1", MinorVersion: 2, Source: "openedx/lms/web",
		SourceHost: "edx.devstack.lms", Time: at.UTC(), SourceLib: []int{1, 2},
	}
	if !reflect.DeepEqual(md, want) {
		t.Errorf("got %+v, want %+v", md, want)
	}
}

func TestMetadataValidate(t *testing.T) {
	valid := func() Metadata {
		md, err := NewMetadata("org.openedx.test.v1", 0)
		if err != nil {
			t.Fatal(err)
		}
		return md
	}
	tests := []struct {
		name    string
		change  func(*Metadata)
		errText string
	}{
		{"nil id", func(m *Metadata) { m.ID = uuid.Nil }, "id is the nil UUID"},
		{"no type", func(m *Metadata) { m.EventType = "" }, "event type is empty"},
		{"negative minor", func(m *Metadata) { m.MinorVersion = -1 }, "minor version -1"},
		{"no source", func(m *Metadata) { m.Source = "" }, "source is empty"},
		{"zero time", func(m *Metadata) { m.Time = time.Time{} }, "time is not set"},
		{"no sourcelib", func(m *Metadata) { m.SourceLib = nil }, "sourcelib is empty"},
		{"negative sourcelib", func(m *Metadata) { m.SourceLib = []int{1, -2} }, "negative"},
	}
	for _, tt := range tests {
		md := valid()
		tt.change(&md)
		err := md.Validate()
		if err == nil || !strings.Contains(err.Error(), tt.errText) {
			t.Errorf("%s: got %v, want an error containing %q", tt.name, err, tt.errText)
		}
	}
	if err := valid().Validate(); err != nil {
		t.Errorf("valid metadata: %v", err)
	}
}

func TestMetadataJSON(t *testing.T) {
	md := Metadata{
		ID:           uuid.MustParse("2adf559a-11cb-1288-8a50-12dc582c18c9"),
		EventType:    "org.openedx.learning.course.enrollment.created.v1",
		MinorVersion: 0,
		Source:       "openedx/lms/web",
		SourceHost:   "lms.example.com",
		Time:         time.Date(2023, 1, 1, 14, 0, 0, 1000000, time.UTC),
		SourceLib:    []int{11, 2, 0},
	}
	b, err := json.Marshal(md)
	if err != nil {
		t.Fatal(err)
	}
	var got, want map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	ref := `{"event_type": "org.openedx.learning.course.enrollment.created.v1",
		"id": "2adf559a-11cb-1288-8a50-12dc582c18c9", "minorversion": 0,
		"source": "openedx/lms/web", "sourcehost": "lms.example.com",
		"time": "2023-01-01T14:00:00.001000+00:00", "sourcelib": [11, 2, 0]}`
	if err := json.Unmarshal([]byte(ref), &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("MarshalJSON:\n got %s\nwant %s", b, ref)
	}

	var back Metadata
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, md) {
		t.Errorf("UnmarshalJSON: got %+v, want %+v", back, md)
	}
}

func TestMetadataUnmarshalInvalid(t *testing.T) {
	tests := []struct{ json, errText string }{
		{`{"id": "nope", "time": "2023-01-01T14:00:00+00:00"}`, `invalid id "nope"`},
		{`{"id": "2adf559a-11cb-1288-8a50-12dc582c18c9", "time": "2023-01-01T14:00:00"}`, "missing UTC offset"},
		{`[]`, "decode metadata JSON"},
	}
	for _, tt := range tests {
		var md Metadata
		err := json.Unmarshal([]byte(tt.json), &md)
		if err == nil || !strings.Contains(err.Error(), tt.errText) {
			t.Errorf("%s: got %v, want an error containing %q", tt.json, err, tt.errText)
		}
	}
}

func TestSourceLibString(t *testing.T) {
	v, err := ParseSourceLib("11.2.0")
	if err != nil || !reflect.DeepEqual(v, []int{11, 2, 0}) {
		t.Errorf("ParseSourceLib(11.2.0): got %v, %v", v, err)
	}
	if got := FormatSourceLib([]int{11, 2, 0}); got != "11.2.0" {
		t.Errorf("FormatSourceLib: got %q", got)
	}
	for _, bad := range []string{"", "11..0", "11.x.0", "-1.2", "1. 2"} {
		if _, err := ParseSourceLib(bad); err == nil {
			t.Errorf("ParseSourceLib(%q): got no error", bad)
		}
	}
}

func TestNewMetadataTimeSurvivesWire(t *testing.T) {
	md, err := NewMetadata("org.openedx.test.v1", 0)
	if err != nil {
		t.Fatal(err)
	}
	if ns := md.Time.Nanosecond() % 1000; ns != 0 {
		t.Errorf("Time %v has %d ns below a microsecond, want 0", md.Time, ns)
	}
	b, err := json.Marshal(md)
	if err != nil {
		t.Fatal(err)
	}
	var got Metadata
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.Time != md.Time {
		t.Errorf("Time after a JSON round trip: got %v, want %v (== on time.Time)", got.Time, md.Time)
	}
	if !reflect.DeepEqual(got, md) {
		t.Errorf("metadata after a JSON round trip: got %+v, want %+v", got, md)
	}
}

func TestWithTimeTruncatesToMicroseconds(t *testing.T) {
	at := time.Date(2024, 3, 1, 14, 30, 0, 123_456_789, time.FixedZone("", 3600))
	md, err := NewMetadata("org.openedx.test.v1", 0, WithTime(at))
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2024, 3, 1, 13, 30, 0, 123_456_000, time.UTC)
	if md.Time != want {
		t.Errorf("Time: got %v, want %v", md.Time, want)
	}
	parsed, err := ParseTime(FormatTime(md.Time))
	if err != nil {
		t.Fatal(err)
	}
	if parsed != md.Time {
		t.Errorf("Time after FormatTime and ParseTime: got %v, want %v", parsed, md.Time)
	}
}

func TestAppendSourceLib(t *testing.T) {
	tests := []struct {
		version []int
		want    string
	}{
		{[]int{11, 2, 0}, "prefix 11.2.0"},
		{[]int{7}, "prefix 7"},
		{nil, "prefix "},
	}
	for _, tt := range tests {
		if got := string(AppendSourceLib([]byte("prefix "), tt.version)); got != tt.want {
			t.Errorf("AppendSourceLib(%v): got %q, want %q", tt.version, got, tt.want)
		}
	}
	for _, bad := range []string{"11.2.", ".", "1.2 "} {
		if v, err := ParseSourceLib(bad); err == nil {
			t.Errorf("ParseSourceLib(%q): got %v and no error", bad, v)
		}
	}
}

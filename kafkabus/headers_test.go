package kafkabus

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"github.com/google/uuid"

	"github.com/openedx-go/eventbus/events"
)

const loginType = "org.openedx.learning.auth.session.login.completed.v1"

func sampleMetadata(t *testing.T) events.Metadata {
	t.Helper()
	md, err := events.NewMetadata(loginType, 0,
		events.WithID(uuid.MustParse("5a3f2c1e-8b7d-11ef-9c3a-0242ac120002")),
		events.WithService("lms"),
		events.WithSourceHost("lms-web-7f9c"),
		events.WithTime(time.Date(2023, 1, 1, 14, 0, 0, 1000000, time.UTC)))
	if err != nil {
		t.Fatal(err)
	}
	return md
}

func TestMetadataHeadersValues(t *testing.T) {
	got := map[string]string{}
	headers := MetadataHeaders(sampleMetadata(t))
	for _, h := range headers {
		got[h.Key] = string(h.Value)
	}
	want := map[string]string{
		"ce_specversion":     "1.0",
		"content-type":       "application/avro",
		"ce_datacontenttype": "application/avro",
		"ce_type":            loginType,
		"ce_id":              "5a3f2c1e-8b7d-11ef-9c3a-0242ac120002",
		"ce_source":          "openedx/lms/web",
		"ce_time":            "2023-01-01T14:00:00.001000+00:00",
		"ce_minorversion":    "0",
		"sourcehost":         "lms-web-7f9c",
		"sourcelib":          "11.2.0",
	}
	if len(headers) != len(want) {
		t.Errorf("got %d headers, want %d", len(headers), len(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("header %s = %q, want %q", k, got[k], v)
		}
	}
}

func TestMetadataHeadersWholeSecond(t *testing.T) {
	md := sampleMetadata(t)
	md.Time = time.Date(2023, 1, 1, 14, 0, 0, 0, time.UTC)
	for _, h := range MetadataHeaders(md) {
		if h.Key == HeaderTime && string(h.Value) != "2023-01-01T14:00:00+00:00" {
			t.Errorf("ce_time = %q, want 2023-01-01T14:00:00+00:00", h.Value)
		}
	}
}

func TestMetadataRoundTrip(t *testing.T) {
	md := sampleMetadata(t)
	got, eventType, warnings, err := MetadataFromHeaders(MetadataHeaders(md))
	if err != nil {
		t.Fatal(err)
	}
	if eventType != loginType {
		t.Errorf("event type = %q, want %q", eventType, loginType)
	}
	if len(warnings) != 0 {
		t.Errorf("warnings = %q, want none", warnings)
	}
	if !reflect.DeepEqual(got, md) {
		t.Errorf("MetadataFromHeaders = %+v, want %+v", got, md)
	}
}

// headersWith returns the headers of sampleMetadata changed by edit.
func headersWith(t *testing.T, edit func(map[string][]string)) []kafka.Header {
	t.Helper()
	values := map[string][]string{}
	var order []string
	for _, h := range MetadataHeaders(sampleMetadata(t)) {
		values[h.Key] = []string{string(h.Value)}
		order = append(order, h.Key)
	}
	edit(values)
	var headers []kafka.Header
	for _, k := range order {
		for _, v := range values[k] {
			headers = append(headers, kafka.Header{Key: k, Value: []byte(v)})
		}
	}
	return headers
}

func TestMetadataFromHeadersRejects(t *testing.T) {
	tests := []struct {
		name       string
		edit       func(map[string][]string)
		wantHeader string
		wantText   string
	}{
		{"missing type", func(h map[string][]string) { delete(h, "ce_type") }, "ce_type", "missing"},
		{"repeated type", func(h map[string][]string) { h["ce_type"] = append(h["ce_type"], loginType) },
			"ce_type", "repeated 2 times"},
		{"unknown type", func(h map[string][]string) { h["ce_type"] = []string{"org.openedx.nothing.v1"} },
			"ce_type", "no such event"},
		{"unsendable type", func(h map[string][]string) {
			h["ce_type"] = []string{"org.openedx.learning.external_grader.score.submitted.v1"}
		}, "ce_type", "never sent over the bus"},
		{"missing id", func(h map[string][]string) { delete(h, "ce_id") }, "ce_id", "missing"},
		{"bad id", func(h map[string][]string) { h["ce_id"] = []string{"not-a-uuid"} }, "ce_id", "not a UUID"},
		{"repeated id", func(h map[string][]string) { h["ce_id"] = append(h["ce_id"], h["ce_id"][0]) },
			"ce_id", "repeated"},
		{"repeated source", func(h map[string][]string) { h["ce_source"] = append(h["ce_source"], "x") },
			"ce_source", "repeated"},
		{"repeated time", func(h map[string][]string) { h["ce_time"] = append(h["ce_time"], h["ce_time"][0]) },
			"ce_time", "repeated"},
		{"repeated minor version", func(h map[string][]string) {
			h["ce_minorversion"] = append(h["ce_minorversion"], "0")
		}, "ce_minorversion", "repeated"},
		{"repeated sourcehost", func(h map[string][]string) { h["sourcehost"] = append(h["sourcehost"], "b") },
			"sourcehost", "repeated"},
		{"repeated sourcelib", func(h map[string][]string) { h["sourcelib"] = append(h["sourcelib"], "1.0") },
			"sourcelib", "repeated"},
		{"time not UTC", func(h map[string][]string) { h["ce_time"] = []string{"2023-01-01T14:00:00+02:00"} },
			"ce_time", "not in UTC"},
		{"time negative offset", func(h map[string][]string) { h["ce_time"] = []string{"2023-01-01T14:00:00-05:00"} },
			"ce_time", "not in UTC"},
		{"time without offset", func(h map[string][]string) { h["ce_time"] = []string{"2023-01-01T14:00:00"} },
			"ce_time", "not a time"},
		{"time garbage", func(h map[string][]string) { h["ce_time"] = []string{"yesterday"} },
			"ce_time", "not a time"},
		{"minor version not numeric", func(h map[string][]string) { h["ce_minorversion"] = []string{"one"} },
			"ce_minorversion", "not a non-negative decimal integer"},
		{"sourcelib not numeric", func(h map[string][]string) { h["sourcelib"] = []string{"11.x.0"} },
			"sourcelib", "not a dotted integer version"},
		{"source not UTF-8", func(h map[string][]string) { h["ce_source"] = []string{"\xff\xfe"} },
			"ce_source", "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, err := MetadataFromHeaders(headersWith(t, tt.edit))
			var he *HeaderError
			if !errors.As(err, &he) {
				t.Fatalf("err = %v, want a *HeaderError", err)
			}
			if he.Header != tt.wantHeader {
				t.Errorf("HeaderError.Header = %q, want %q", he.Header, tt.wantHeader)
			}
			if !strings.Contains(err.Error(), tt.wantText) {
				t.Errorf("err = %q, want it to contain %q", err, tt.wantText)
			}
		})
	}
}

func TestUnknownTypeMatchesSentinel(t *testing.T) {
	for _, eventType := range []string{"org.openedx.nothing.v1",
		"org.openedx.learning.external_grader.score.submitted.v1"} {
		_, _, _, err := MetadataFromHeaders(headersWith(t, func(h map[string][]string) {
			h["ce_type"] = []string{eventType}
		}))
		if !errors.Is(err, ErrUnknownEventType) {
			t.Errorf("%s: err = %v, want errors.Is ErrUnknownEventType", eventType, err)
		}
	}
	_, _, _, err := MetadataFromHeaders(headersWith(t, func(h map[string][]string) { delete(h, "ce_id") }))
	if errors.Is(err, ErrUnknownEventType) {
		t.Errorf("missing ce_id matches ErrUnknownEventType: %v", err)
	}
}

func TestMetadataFromHeadersAcceptsZ(t *testing.T) {
	for _, v := range []string{"2023-01-01T14:00:00Z", "2023-01-01T14:00:00.5+00:00", "2023-01-01T14:00:00-00:00"} {
		md, _, _, err := MetadataFromHeaders(headersWith(t, func(h map[string][]string) { h["ce_time"] = []string{v} }))
		if err != nil {
			t.Errorf("ce_time %q: %v", v, err)
			continue
		}
		if md.Time.Location() != time.UTC || md.Time.Hour() != 14 {
			t.Errorf("ce_time %q read as %v", v, md.Time)
		}
	}
}

func TestMissingHeadersTakeDefaults(t *testing.T) {
	headers := headersWith(t, func(h map[string][]string) {
		for _, k := range []string{"ce_source", "ce_time", "ce_minorversion", "sourcehost", "sourcelib",
			"ce_specversion", "content-type", "ce_datacontenttype"} {
			delete(h, k)
		}
	})

	before := time.Now().UTC()
	md, eventType, warnings, err := MetadataFromHeaders(headers)
	if err != nil {
		t.Fatal(err)
	}
	if eventType != loginType || md.EventType != loginType {
		t.Errorf("event type = %q / %q, want %q", eventType, md.EventType, loginType)
	}
	if md.Source != "openedx/SERVICE_NAME_UNSET/web" {
		t.Errorf("Source = %q, want the default service's source", md.Source)
	}
	if md.Time.Before(before) || md.Time.After(time.Now().Add(time.Second)) {
		t.Errorf("Time = %v, want the current time", md.Time)
	}
	if md.MinorVersion != 0 {
		t.Errorf("MinorVersion = %d, want 0", md.MinorVersion)
	}

	if !reflect.DeepEqual(md.SourceLib, events.SourceLib) {
		t.Errorf("SourceLib = %v, want %v", md.SourceLib, events.SourceLib)
	}
	if len(warnings) != 5 {
		t.Errorf("got %d warnings, want 5 (one per missing metadata header): %q", len(warnings), warnings)
	}
	for _, name := range []string{"ce_source", "ce_time", "ce_minorversion", "sourcehost", "sourcelib"} {
		if !strings.Contains(strings.Join(warnings, "\n"), "header "+name+" is missing") {
			t.Errorf("no warning names missing header %s: %q", name, warnings)
		}
	}
	if err := md.Validate(); err != nil {
		t.Errorf("metadata with defaults is invalid: %v", err)
	}
}

func TestMetadataFromHeadersLookup(t *testing.T) {
	headers := MetadataHeaders(sampleMetadata(t))
	unknownToAll := func(eventType string) (events.Definition, error) {
		return nil, errors.New("not in this service")
	}
	_, _, _, err := MetadataFromHeadersLookup(headers, unknownToAll)
	if !errors.Is(err, ErrUnknownEventType) || !strings.Contains(err.Error(), "not in this service") {
		t.Errorf("err = %v, want ErrUnknownEventType with the lookup's reason", err)
	}
}

func TestMetadataHeadersMatchFormatters(t *testing.T) {
	for i := range 20 {
		md := sampleMetadata(t)
		md.ID = uuid.New()
		md.MinorVersion = i * 1_000_003
		md.Time = md.Time.Add(time.Duration(i) * 1_234_567 * time.Microsecond)
		md.SourceLib = []int{i, 1 << 40, 123456789012345}
		want := map[string]string{
			HeaderID:           md.ID.String(),
			HeaderTime:         events.FormatTime(md.Time),
			HeaderMinorVersion: strconv.Itoa(md.MinorVersion),
			HeaderSourceLib:    events.FormatSourceLib(md.SourceLib),
			HeaderSourceHost:   md.SourceHost,
		}
		got := map[string]string{}
		for _, h := range MetadataHeaders(md) {
			got[h.Key] = string(h.Value)
		}
		for name, v := range want {
			if got[name] != v {
				t.Errorf("header %s = %q, want %q", name, got[name], v)
			}
		}
	}
}

package kafkabus

import (
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/openedx-go/eventbus/events"
)

func sampleDelivery() Delivery {
	md := events.Metadata{
		ID:           uuid.MustParse("6f4b3e1c-7b39-11ee-b962-0242ac120002"),
		EventType:    "org.openedx.learning.course.enrollment.created.v1",
		MinorVersion: 2,
		Source:       "openedx/lms/web",
		SourceHost:   "lms.example",
		Time:         time.Date(2023, 1, 1, 14, 0, 0, 1_000_000, time.UTC),
		SourceLib:    []int{11, 2, 0},
	}
	return Delivery{
		Event:     events.Event{Metadata: md, FromBus: true},
		record:    map[string]any{"enrollment": map[string]any{"mode": "audit"}},
		Topic:     "dev-enrollment",
		Partition: 1,
		Offset:    42,
		KeyValue:  "course-v1:edX+A+1",
	}
}

func TestCloudEventJSON(t *testing.T) {
	b, err := CloudEventJSON(sampleDelivery())
	if err != nil {
		t.Fatalf("CloudEventJSON: %v", err)
	}
	want := `{"specversion":"1.0","id":"6f4b3e1c-7b39-11ee-b962-0242ac120002",` +
		`"source":"openedx/lms/web","type":"org.openedx.learning.course.enrollment.created.v1",` +
		`"time":"2023-01-01T14:00:00.001000+00:00","datacontenttype":"application/json",` +
		`"data":{"enrollment":{"mode":"audit"}},"minorversion":2,"sourcehost":"lms.example",` +
		`"sourcelib":"11.2.0"}`
	if string(b) != want {
		t.Errorf("CloudEventJSON\n got %s\nwant %s", b, want)
	}
}

func TestDeliveryMarshalJSON(t *testing.T) {
	b, err := json.Marshal(sampleDelivery())
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	var got map[string]map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("Unmarshal %s: %v", b, err)
	}
	if got["metadata"]["id"] != "6f4b3e1c-7b39-11ee-b962-0242ac120002" {
		t.Errorf("metadata.id = %v in %s", got["metadata"]["id"], b)
	}
	if got["data"]["enrollment"] == nil {
		t.Errorf("data.enrollment missing in %s", b)
	}
	kafka := got["kafka"]
	if kafka["topic"] != "dev-enrollment" || kafka["partition"] != 1.0 || kafka["offset"] != 42.0 ||
		kafka["key"] != "course-v1:edX+A+1" {
		t.Errorf("kafka = %v, want topic dev-enrollment, partition 1, offset 42, key course-v1:edX+A+1", kafka)
	}
}

func TestWebhookHandlerStatuses(t *testing.T) {
	tests := []struct {
		status    int
		wantErr   bool
		wantCalls int // with two retries
	}{
		{http.StatusOK, false, 1},
		{http.StatusAccepted, false, 1},
		{http.StatusBadRequest, true, 1},
		{http.StatusNotFound, true, 1},
		{http.StatusRequestTimeout, true, 3},
		{http.StatusTooManyRequests, true, 3},
		{http.StatusInternalServerError, true, 3},
		{http.StatusNotImplemented, true, 1},
		{http.StatusServiceUnavailable, true, 3},
		{http.StatusHTTPVersionNotSupported, true, 1},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			var gotType string
			var gotBody []byte
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				gotType = r.Header.Get("Content-Type")
				gotBody, _ = io.ReadAll(r.Body)
				w.WriteHeader(tt.status)
			}))
			defer srv.Close()

			h, err := WebhookHandler(srv.URL, WebhookRetries(2), WebhookBackoff(time.Millisecond, time.Millisecond))
			if err != nil {
				t.Fatalf("WebhookHandler: %v", err)
			}
			err = h(context.Background(), sampleDelivery())
			if (err != nil) != tt.wantErr {
				t.Fatalf("handler error = %v, want error %v", err, tt.wantErr)
			}
			if IsRetryable(err) {
				t.Errorf("IsRetryable(%v) = true, want a handler failure once the retries are used up", err)
			}
			if got := int(calls.Load()); got != tt.wantCalls {
				t.Errorf("webhook called %d times, want %d", got, tt.wantCalls)
			}
			if gotType != CloudEventsJSONType {
				t.Errorf("Content-Type %q, want %q", gotType, CloudEventsJSONType)
			}
			want, _ := CloudEventJSON(sampleDelivery())
			if string(gotBody) != string(want) {
				t.Errorf("body %s, want %s", gotBody, want)
			}
		})
	}
}

func TestWebhookHandlerConnectionError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	h, err := WebhookHandler(url, WebhookRetries(1), WebhookBackoff(time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatalf("WebhookHandler: %v", err)
	}
	err = h(context.Background(), sampleDelivery())
	if err == nil || IsRetryable(err) {
		t.Fatalf("handler error = %v, want a handler failure after the retries", err)
	}
	if !strings.Contains(err.Error(), "gave up after 2 attempts") {
		t.Errorf("handler error = %v, want it to count the attempts", err)
	}
}

func TestWebhookHandlerStopsOnContextEnd(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	h, err := WebhookHandler(srv.URL, WebhookBackoff(time.Hour, time.Hour))
	if err != nil {
		t.Fatalf("WebhookHandler: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := h(ctx, sampleDelivery()); !IsRetryable(err) {
		t.Errorf("handler error = %v, want a retryable error that leaves the event uncommitted", err)
	}
}

func TestWebhookHandlerTruncatesResponse(t *testing.T) {
	body := strings.Repeat("bad  input\n\t", 200)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, body, http.StatusBadRequest)
	}))
	defer srv.Close()
	h, err := WebhookHandler(srv.URL)
	if err != nil {
		t.Fatalf("WebhookHandler: %v", err)
	}
	err = h(context.Background(), sampleDelivery())
	if err == nil {
		t.Fatal("handler error = nil for HTTP 400")
	}
	msg := err.Error()
	if !strings.HasSuffix(msg, "…") {
		t.Errorf("error does not end with …: %q", msg)
	}
	if strings.Contains(msg, "\n") || strings.Contains(msg, "  ") {
		t.Errorf("error keeps the response's whitespace runs: %q", msg)
	}
	if len(msg) > 700 {
		t.Errorf("error is %d bytes long, want the response cut to about 512", len(msg))
	}
}

func TestResponseSnippetKeepsWholeRunes(t *testing.T) {
	body := []byte(strings.Repeat("a", maxResponseSnippet-1) + "é and more")
	got := responseSnippet(body)
	want := strings.Repeat("a", maxResponseSnippet-1) + "…"
	if got != want {
		t.Errorf("responseSnippet = %q, want %q", got[len(got)-10:], want[len(want)-10:])
	}
}

func TestWebhookHandlerRejectsBadURL(t *testing.T) {
	for _, u := range []string{"", "ftp://example.com/x", "127.0.0.1:8080", "http://"} {
		if _, err := WebhookHandler(u); err == nil {
			t.Errorf("WebhookHandler(%q): nil error", u)
		}
	}
}

func TestDeliveryJSONWithNaN(t *testing.T) {
	d := sampleDelivery()
	d.record = map[string]any{"grade": map[string]any{"percent_grade": math.NaN()}}
	line, err := json.Marshal(d)
	if err != nil {
		t.Fatalf("Marshal of a NaN double: %v", err)
	}
	if !strings.Contains(string(line), `"data":{"grade":{"percent_grade":"NaN"}}`) {
		t.Errorf("Marshal: got %s", line)
	}
	doc, err := CloudEventJSON(d)
	if err != nil {
		t.Fatalf("CloudEventJSON of a NaN double: %v", err)
	}
	if !strings.Contains(string(doc), `"data":{"grade":{"percent_grade":"NaN"}}`) {
		t.Errorf("CloudEventJSON: got %s", doc)
	}
}

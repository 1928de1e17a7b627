package kafkabus

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
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
		status        int
		wantErr       bool
		wantRetryable bool
	}{
		{http.StatusOK, false, false},
		{http.StatusAccepted, false, false},
		{http.StatusBadRequest, true, false},
		{http.StatusNotFound, true, false},
		{http.StatusTooManyRequests, true, true},
		{http.StatusInternalServerError, true, true},
		{http.StatusServiceUnavailable, true, true},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			var gotType string
			var gotBody []byte
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				gotType = r.Header.Get("Content-Type")
				gotBody, _ = io.ReadAll(r.Body)
				w.WriteHeader(tt.status)
			}))
			defer srv.Close()

			h, err := WebhookHandler(srv.URL, nil)
			if err != nil {
				t.Fatalf("WebhookHandler: %v", err)
			}
			err = h(context.Background(), sampleDelivery())
			if (err != nil) != tt.wantErr {
				t.Fatalf("handler error = %v, want error %v", err, tt.wantErr)
			}
			if got := IsRetryable(err); got != tt.wantRetryable {
				t.Errorf("IsRetryable(%v) = %v, want %v", err, got, tt.wantRetryable)
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
	h, err := WebhookHandler(url, nil)
	if err != nil {
		t.Fatalf("WebhookHandler: %v", err)
	}
	if err := h(context.Background(), sampleDelivery()); !IsRetryable(err) {
		t.Errorf("handler error = %v, want a retryable error", err)
	}
}

func TestWebhookHandlerRejectsBadURL(t *testing.T) {
	for _, u := range []string{"", "ftp://example.com/x", "127.0.0.1:8080", "http://"} {
		if _, err := WebhookHandler(u, nil); err == nil {
			t.Errorf("WebhookHandler(%q): nil error", u)
		}
	}
}

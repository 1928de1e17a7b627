package kafkabus

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/openedx-go/eventbus/events"
)

// CloudEventsJSONType is the content type of a CloudEvents document in
// structured mode with the JSON event format.
const CloudEventsJSONType = "application/cloudevents+json"

// DefaultWebhookTimeout bounds one webhook request, from connecting to
// reading the response.
const DefaultWebhookTimeout = 30 * time.Second

// cloudEvent is a CloudEvents 1.0 JSON document. The Open edX metadata
// fields without a CloudEvents attribute travel as the extensions
// minorversion, sourcehost and sourcelib.
type cloudEvent struct {
	SpecVersion     string         `json:"specversion"`
	ID              string         `json:"id"`
	Source          string         `json:"source"`
	Type            string         `json:"type"`
	Time            string         `json:"time"`
	DataContentType string         `json:"datacontenttype"`
	Data            map[string]any `json:"data"`
	MinorVersion    int            `json:"minorversion"`
	SourceHost      string         `json:"sourcehost"`
	SourceLib       string         `json:"sourcelib"`
}

// CloudEventJSON returns the delivery as a CloudEvents 1.0 JSON document in
// structured mode: the metadata as attributes, the payload record as data
// (datacontenttype application/json), and minorversion, sourcehost and
// sourcelib as extensions.
func CloudEventJSON(d Delivery) ([]byte, error) {
	record, err := d.Record()
	if err != nil {
		return nil, err
	}
	md := d.Event.Metadata
	return json.Marshal(cloudEvent{
		SpecVersion:     SpecVersion,
		ID:              md.ID.String(),
		Source:          md.Source,
		Type:            md.EventType,
		Time:            events.FormatTime(md.Time),
		DataContentType: "application/json",
		Data:            record,
		MinorVersion:    md.MinorVersion,
		SourceHost:      md.SourceHost,
		SourceLib:       events.FormatSourceLib(md.SourceLib),
	})
}

// WebhookHandler returns a [Handler] that POSTs each event to target as a
// CloudEvents JSON document ([CloudEventJSON]) with content type
// application/cloudevents+json. A 2xx response means handled. A connection
// error, a timeout, 408, 429 or a 5xx response is returned as [Retryable],
// so the consumer delivers the event again after a backoff. Any other
// response is a handler failure. client nil means an http.Client with
// [DefaultWebhookTimeout].
func WebhookHandler(target string, client *http.Client) (Handler, error) {
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("webhook URL %q is not an http or https URL: give e.g. http://127.0.0.1:8080/events",
			target)
	}
	if client == nil {
		client = &http.Client{Timeout: DefaultWebhookTimeout}
	}
	return func(ctx context.Context, d Delivery) error {
		body, err := CloudEventJSON(d)
		if err != nil {
			return fmt.Errorf("webhook: encode event %s: %w", d.Event.Metadata.ID, err)
		}
		return postEvent(ctx, client, u.String(), body)
	}, nil
}

func postEvent(ctx context.Context, client *http.Client, target string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	req.Header.Set("Content-Type", CloudEventsJSONType)
	resp, err := client.Do(req)
	if err != nil {
		return Retryable(fmt.Errorf("webhook POST %s: %w", target, err))
	}
	defer resp.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	_, _ = io.Copy(io.Discard, resp.Body)

	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	err = fmt.Errorf("webhook POST %s: HTTP %s: %s", target, resp.Status, bytes.TrimSpace(snippet))
	if resp.StatusCode >= 500 || resp.StatusCode == http.StatusRequestTimeout ||
		resp.StatusCode == http.StatusTooManyRequests {
		return Retryable(err)
	}
	return err
}

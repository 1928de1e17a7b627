package kafkabus

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

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
		Data:            events.JSONValue(record).(map[string]any),
		MinorVersion:    md.MinorVersion,
		SourceHost:      md.SourceHost,
		SourceLib:       events.FormatSourceLib(md.SourceLib),
	})
}

// DefaultWebhookRetries is how many times a webhook handler repeats a request
// that failed with a retryable error before it gives up on the event.
const DefaultWebhookRetries = 5

// Default bounds of the wait between webhook attempts, which doubles after each
// failed attempt.
const (
	DefaultWebhookBackoff    = 200 * time.Millisecond
	DefaultWebhookMaxBackoff = 5 * time.Second
)

// maxResponseSnippet caps the response body bytes quoted in an error.
const maxResponseSnippet = 512

// WebhookOption configures [WebhookHandler].
type WebhookOption func(*webhookOptions)

type webhookOptions struct {
	client     *http.Client
	retries    int
	backoff    time.Duration
	maxBackoff time.Duration
	log        *slog.Logger
}

// WebhookClient sets the HTTP client. The default is an http.Client with
// [DefaultWebhookTimeout].
func WebhookClient(c *http.Client) WebhookOption {
	return func(o *webhookOptions) { o.client = c }
}

// WebhookRetries sets how many times a request is repeated after a retryable
// failure (default [DefaultWebhookRetries]); 0 gives up after the first attempt.
func WebhookRetries(n int) WebhookOption {
	return func(o *webhookOptions) { o.retries = n }
}

// WebhookBackoff sets the wait before the first repeat and its upper bound
// (defaults [DefaultWebhookBackoff] and [DefaultWebhookMaxBackoff]).
func WebhookBackoff(initial, maxWait time.Duration) WebhookOption {
	return func(o *webhookOptions) { o.backoff, o.maxBackoff = initial, maxWait }
}

// WebhookLogger sets the logger of the retries. The default discards them.
func WebhookLogger(l *slog.Logger) WebhookOption {
	return func(o *webhookOptions) { o.log = l }
}

// WebhookHandler returns a [Handler] that POSTs each event to target as a
// CloudEvents JSON document ([CloudEventJSON]) with content type
// application/cloudevents+json. A 2xx response means handled. A connection
// error, a timeout, 408, 429 or a 5xx response other than 501 and 505 is
// retried by the handler itself, with a doubling backoff, up to
// [WebhookRetries] times. When the retries are used up, or for any other
// response, the handler returns a handler failure (not [Retryable]), so the
// consumer dead-letters or skips the event. When ctx ends during a backoff the
// handler returns a [Retryable] error, which leaves the event uncommitted.
func WebhookHandler(target string, opts ...WebhookOption) (Handler, error) {
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("webhook URL %q is not an http or https URL: give e.g. http://127.0.0.1:8080/events",
			target)
	}
	o := webhookOptions{retries: DefaultWebhookRetries, backoff: DefaultWebhookBackoff,
		maxBackoff: DefaultWebhookMaxBackoff}
	for _, opt := range opts {
		opt(&o)
	}
	if o.retries < 0 {
		return nil, fmt.Errorf("webhook retries %d is invalid: use 0 or more", o.retries)
	}
	if o.client == nil {
		o.client = &http.Client{Timeout: DefaultWebhookTimeout}
	}
	if o.log == nil {
		o.log = slog.New(slog.DiscardHandler)
	}
	return func(ctx context.Context, d Delivery) error {
		body, err := CloudEventJSON(d)
		if err != nil {
			return fmt.Errorf("webhook: encode event %s: %w", d.Event.Metadata.ID, err)
		}
		return o.post(ctx, u.String(), body, d.Event.Metadata.ID.String())
	}, nil
}

// post sends body, repeating retryable failures, and returns a non-retryable
// error once the retries are used up.
func (o *webhookOptions) post(ctx context.Context, target string, body []byte, eventID string) error {
	wait := o.backoff
	for attempt := 1; ; attempt++ {
		err := postEvent(ctx, o.client, target, body)
		if err == nil || !IsRetryable(err) {
			return err
		}
		if attempt > o.retries {
			return fmt.Errorf("%w (gave up after %d attempts)", unwrapRetryable(err), attempt)
		}
		o.log.Warn("webhook request failed, retrying", attrEventID, eventID, "attempt", attempt,
			"backoff", wait, attrErr, err.Error())
		select {
		case <-ctx.Done():
			return Retryable(fmt.Errorf("%w; stopped retrying: %w", unwrapRetryable(err), context.Cause(ctx)))
		case <-time.After(wait):
		}
		wait = min(2*wait, o.maxBackoff)
	}
}

// unwrapRetryable returns the error inside a [Retryable] mark.
func unwrapRetryable(err error) error {
	var re *retryableError
	if errors.As(err, &re) {
		return re.err
	}
	return err
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
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, maxResponseSnippet+1))
	_, _ = io.Copy(io.Discard, resp.Body)

	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	err = fmt.Errorf("webhook POST %s: HTTP %s", target, resp.Status)
	if text := responseSnippet(snippet); text != "" {
		err = fmt.Errorf("%w: %s", err, text)
	}
	if retryableStatus(resp.StatusCode) {
		return Retryable(err)
	}
	return err
}

// retryableStatus reports whether a response status may succeed on a repeat:
// 408, 429 and the 5xx statuses except 501 Not Implemented and 505 HTTP
// Version Not Supported, which a repeat cannot change.
func retryableStatus(code int) bool {
	switch code {
	case http.StatusRequestTimeout, http.StatusTooManyRequests:
		return true
	case http.StatusNotImplemented, http.StatusHTTPVersionNotSupported:
		return false
	}
	return code >= 500
}

// responseSnippet returns a response body for an error message: whitespace
// runs collapsed to one space and cut to [maxResponseSnippet] bytes with "…".
func responseSnippet(b []byte) string {
	cut := len(b) > maxResponseSnippet
	if cut {
		b = b[:maxResponseSnippet]
		// Drop the bytes of a rune split by the cut.
		for i := 1; i < utf8.UTFMax && len(b) > 0; i++ {
			if r, size := utf8.DecodeLastRune(b); r != utf8.RuneError || size != 1 {
				break
			}
			b = b[:len(b)-1]
		}
	}
	text := strings.Join(strings.Fields(string(b)), " ")
	if cut {
		text += "…"
	}
	return text
}

package registry

import (
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"time"
)

// Default backoff between retries: it starts at defaultBackoffMin, doubles per
// attempt and stops growing at defaultBackoffMax.
const (
	defaultBackoffMin = 100 * time.Millisecond
	defaultBackoffMax = 2 * time.Second
)

// mediaTypes is the Accept header that Confluent clients send.
const mediaTypes = "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json"

// contentType is the media type of request bodies.
const contentType = "application/vnd.schemaregistry.v1+json"

// transport adds what srclient v0.7.0 lacks to every registry request. It sets
// basic auth, so that srclient never holds the secret. It limits each attempt
// with its own timeout instead of one for the whole call. It retries
// connection errors and 5xx responses with exponential backoff. A transport is
// safe for concurrent use.
type transport struct {
	base       http.RoundTripper
	apiKey     string
	apiSecret  string
	timeout    time.Duration
	maxRetries int
	backoffMin time.Duration
	backoffMax time.Duration
	logger     *slog.Logger
}

// RoundTrip sends req, retrying transient failures. A request body is resent
// through req.GetBody, which http.NewRequest sets for in-memory bodies; a
// request without GetBody is sent once.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	for attempt := 0; ; attempt++ {
		resp, err := t.attempt(req, attempt)
		retryable := err == nil && resp.StatusCode >= 500 || err != nil && IsTransient(err)
		if !retryable || attempt >= t.maxRetries || req.Context().Err() != nil ||
			(req.Body != nil && req.GetBody == nil) {
			return resp, err
		}

		t.logRetry(req, attempt, resp, err)
		if resp != nil {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
		}
		if err := sleep(req.Context(), t.backoff(attempt)); err != nil {
			return nil, err
		}
	}
}

// attempt sends one copy of req under its own timeout. The timeout's context
// is released when the response body is closed.
func (t *transport) attempt(req *http.Request, attempt int) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(req.Context(), t.timeout)
	r := req.Clone(ctx)
	if attempt > 0 && req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			cancel()
			return nil, err
		}
		r.Body = body
	}
	if t.apiKey != "" {
		r.SetBasicAuth(t.apiKey, t.apiSecret)
	}
	r.Header.Set("Accept", mediaTypes)
	if r.Body != nil && r.Header.Get("Content-Type") == "" {
		r.Header.Set("Content-Type", contentType)
	}

	resp, err := t.base.RoundTrip(r)
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

func (t *transport) backoff(attempt int) time.Duration {
	d := t.backoffMin << attempt
	if d > t.backoffMax || d <= 0 {
		d = t.backoffMax
	}
	// Up to 20% jitter keeps many clients from retrying in step.
	return d - time.Duration(rand.Int64N(int64(d)/5+1))
}

func (t *transport) logRetry(req *http.Request, attempt int, resp *http.Response, err error) {
	attrs := []any{
		slog.String("method", req.Method),
		slog.String("path", req.URL.Path),
		slog.Int("attempt", attempt+1),
	}
	if err != nil {
		attrs = append(attrs, slog.String("err", err.Error()))
	} else {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
	}
	t.logger.Warn("retrying schema registry request", attrs...)
}

func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

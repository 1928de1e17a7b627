package registry

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/riferrei/srclient"
)

// maxErrorBody bounds how much of an error response is kept for the message.
const maxErrorBody = 64 << 10

// call carries one client operation's context and subject through srclient,
// whose methods take neither a context nor report the HTTP status. Each
// operation builds a srclient.SchemaRegistryClient around its own call, which
// costs a few small allocations next to an HTTP round trip.
type call struct {
	ctx     context.Context
	subject string
	next    http.RoundTripper

	// failure is the last 4xx or 5xx response, turned into an *Error afterwards.
	failure *Error
}

// RoundTrip binds the request to the operation's context, fixes the subject's
// escaping and records error responses. srclient v0.7.0 escapes subjects with
// url.QueryEscape, which turns a space into "+", a literal plus sign in a path.
func (cl *call) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.WithContext(cl.ctx)
	if cl.subject != "" {
		r.URL = fixSubjectEscaping(req.URL, cl.subject)
	}

	resp, err := cl.next.RoundTrip(r)
	if err != nil || resp.StatusCode < 400 {
		return resp, err
	}

	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	cl.failure = newError(r, resp.StatusCode, body, cl.subject)
	return resp, nil
}

func fixSubjectEscaping(u *url.URL, subject string) *url.URL {
	wrong, right := "/"+url.QueryEscape(subject), "/"+url.PathEscape(subject)
	escaped := u.EscapedPath()
	if wrong == right || !strings.Contains(escaped, wrong+"/") && !strings.HasSuffix(escaped, wrong) {
		return u
	}
	fixed := *u
	fixed.RawPath = strings.Replace(escaped, wrong, right, 1)
	fixed.Path, _ = url.PathUnescape(fixed.RawPath)
	return &fixed
}

func newError(req *http.Request, status int, body []byte, subject string) *Error {
	e := &Error{
		Status:  status,
		Subject: subject,
		Host:    req.URL.Host,
		Method:  req.Method,
		Path:    req.URL.EscapedPath(),
	}
	var parsed struct {
		Code    int    `json:"error_code"`
		Message string `json:"message"`
	}
	if json.Unmarshal(body, &parsed) == nil && (parsed.Code != 0 || parsed.Message != "") {
		e.Code, e.Message = parsed.Code, parsed.Message
		return e
	}
	e.Message = strings.TrimSpace(string(body))
	if len(e.Message) > 200 {
		e.Message = e.Message[:200] + "..."
	}
	return e
}

// newCall starts an operation on subject ("" for none) and returns the
// srclient bound to it.
func (c *Client) newCall(ctx context.Context, subject string) (*call, *srclient.SchemaRegistryClient) {
	cl := &call{ctx: ctx, subject: subject, next: c.transport}
	sr := srclient.NewSchemaRegistryClient(c.baseURL, srclient.WithClient(&http.Client{Transport: cl}))
	sr.CachingEnabled(false)
	return cl, sr
}

// result turns srclient's error into the recorded *Error when the registry
// returned an error response, or into the context's error when the operation
// was cancelled.
func (cl *call) result(err error) error {
	switch {
	case err == nil:
		return nil
	case cl.failure != nil:
		return cl.failure
	case cl.ctx.Err() != nil && errors.Is(err, cl.ctx.Err()):
		return cl.ctx.Err()
	}
	return err
}

// do sends a request that srclient cannot make as needed and decodes a 2xx
// response into out.
func (c *Client) do(ctx context.Context, subject, method, path string, in, out any) error {
	cl, _ := c.newCall(ctx, subject)
	var body io.Reader
	if in != nil {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(in); err != nil {
			return fmt.Errorf("encode schema registry request: %w", err)
		}
		body = bytes.NewReader(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	}

	req, err := http.NewRequestWithContext(ctx, method, c.baseURL+path, body)
	if err != nil {
		return fmt.Errorf("build schema registry request %s %s: %w", method, path, err)
	}
	if in != nil {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := (&http.Client{Transport: cl}).Do(req)
	if err != nil {
		return cl.result(err)
	}
	defer resp.Body.Close()
	if cl.failure != nil {
		return cl.failure
	}
	if out == nil {
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("schema registry %s %s: decode response: %w", method, path, err)
	}
	return nil
}

package registry

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
)

// Sentinel errors that callers branch on with [errors.Is]. A [*Error] matches
// the sentinel for its registry error code or HTTP status.
var (
	// ErrSubjectNotFound matches error code 40401.
	ErrSubjectNotFound = errors.New("subject not found")
	// ErrVersionNotFound matches error code 40402.
	ErrVersionNotFound = errors.New("version not found")
	// ErrSchemaNotFound matches error code 40403: an unknown schema id, or a
	// schema not registered under the subject.
	ErrSchemaNotFound = errors.New("schema not found")
	// ErrInvalidSchema matches error code 42201.
	ErrInvalidSchema = errors.New("invalid schema")
	// ErrIncompatible matches HTTP status 409: the schema is incompatible with
	// the subject's history at its compatibility level.
	ErrIncompatible = errors.New("schema is incompatible with the subject's history")
	// ErrUnauthorized matches HTTP status 401 and 403.
	ErrUnauthorized = errors.New("schema registry rejected the credentials")
)

// Confluent Schema Registry error codes.
const (
	CodeSubjectNotFound     = 40401
	CodeVersionNotFound     = 40402
	CodeSchemaNotFound      = 40403
	CodeSubjectLevelNotSet  = 40408
	CodeIncompatible        = 409
	CodeInvalidSchema       = 42201
	CodeInvalidVersion      = 42202
	CodeInvalidCompatLevel  = 42203
	CodeStoreError          = 50001
	CodeOperationTimeout    = 50002
	CodeRequestForwardError = 50003
)

// Error is a failed Schema Registry request: the HTTP status, the registry's
// error_code and message, and the subject or schema id involved. It never
// contains credentials.
type Error struct {
	// Status is the HTTP status code.
	Status int
	// Code is the registry's error_code, or 0 when the body had none.
	Code int
	// Message is the registry's message, or the start of a non-JSON body.
	Message string
	// Subject is the subject of the request, "" when there was none.
	Subject string
	// Host is the registry's host and port.
	Host string
	// Method and Path identify the request, with the path as sent.
	Method, Path string
}

// Error formats the failure with the request, status, code and message.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden {
		fmt.Fprintf(&b, "schema registry at %s rejected the credentials: ", e.Host)
	} else {
		b.WriteString("schema registry ")
	}
	fmt.Fprintf(&b, "%s %s", e.Method, e.Path)
	if e.Subject != "" {
		fmt.Fprintf(&b, " (subject %q)", e.Subject)
	}
	fmt.Fprintf(&b, ": HTTP %d %s", e.Status, http.StatusText(e.Status))
	if e.Code != 0 {
		fmt.Fprintf(&b, ", error_code %d", e.Code)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden {
		b.WriteString("; check the schema registry API key and secret")
	}
	return b.String()
}

// Is reports whether target is the sentinel for e's error code or status.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrSubjectNotFound:
		return e.Code == CodeSubjectNotFound
	case ErrVersionNotFound:
		return e.Code == CodeVersionNotFound
	case ErrSchemaNotFound:
		return e.Code == CodeSchemaNotFound
	case ErrInvalidSchema:
		return e.Code == CodeInvalidSchema
	case ErrIncompatible:
		return e.Status == http.StatusConflict
	case ErrUnauthorized:
		return e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden
	}
	return false
}

// IsTransient reports whether err is worth retrying later: a connection error,
// a timeout or an HTTP 5xx from the registry. TLS certificate and handshake
// alert errors, 4xx responses and cancellation are not transient.
func IsTransient(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	var re *Error
	if errors.As(err, &re) {
		return re.Status >= 500
	}
	if isCertificateError(err) {
		return false
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	var oe *net.OpError
	return errors.As(err, &ne) || errors.As(err, &oe) || isConnectionReset(err)
}

func isCertificateError(err error) bool {
	var cv *tls.CertificateVerificationError
	var ua x509.UnknownAuthorityError
	var hn x509.HostnameError
	var ci x509.CertificateInvalidError
	var rh tls.RecordHeaderError
	var alert tls.AlertError
	if errors.As(err, &cv) || errors.As(err, &ua) || errors.As(err, &hn) ||
		errors.As(err, &ci) || errors.As(err, &rh) || errors.As(err, &alert) {
		return true
	}
	// crypto/tls reports an alert from the server, such as "certificate
	// required", as a net.OpError with Op "remote error".
	var oe *net.OpError
	return errors.As(err, &oe) && oe.Op == "remote error"
}

// isConnectionReset matches the errors that net/http returns without a
// net.Error when the server closes the connection before the response.
func isConnectionReset(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

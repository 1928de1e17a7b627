package registry

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"time"
)

// Defaults for the zero values of [Config].
const (
	DefaultURL        = "http://localhost:8081"
	DefaultTimeout    = 10 * time.Second
	DefaultMaxRetries = 3
)

// Config holds the connection settings of a Schema Registry client. The zero
// value connects to [DefaultURL] without credentials.
type Config struct {
	// URL is the registry's base URL, http or https. Default DefaultURL.
	URL string
	// APIKey and APISecret are sent as HTTP basic auth. Set both or neither.
	APIKey    string
	APISecret string
	// CAFile is a PEM file of CA certificates that sign the registry's
	// certificate, used instead of the system pool.
	CAFile string
	// CertFile and KeyFile are a PEM client certificate and its key for
	// mutual TLS. Set both or neither.
	CertFile string
	KeyFile  string
	// InsecureSkipVerify turns off verification of the registry's
	// certificate. Use it only against a local test registry.
	InsecureSkipVerify bool
	// Timeout limits each HTTP attempt, from connecting to reading the whole
	// response. Default DefaultTimeout.
	Timeout time.Duration
	// MaxRetries is how many times a request is retried after a connection
	// error, timeout or 5xx response, with exponential backoff. 0 means
	// DefaultMaxRetries and a negative value turns retries off.
	MaxRetries int
}

// Validate checks the settings without touching the network or the files.
func (c Config) Validate() error {
	var errs []error
	if _, err := c.baseURL(); err != nil {
		errs = append(errs, err)
	}
	if err := bothOrNeither("API key", c.APIKey, "API secret", c.APISecret); err != nil {
		errs = append(errs, err)
	}
	if err := bothOrNeither("client certificate file", c.CertFile, "client key file", c.KeyFile); err != nil {
		errs = append(errs, err)
	}
	if c.Timeout < 0 {
		errs = append(errs, fmt.Errorf("invalid schema registry timeout %s: use a positive duration", c.Timeout))
	}
	if c.usesTLSSettings() && strings.HasPrefix(c.urlOrDefault(), "http://") {
		errs = append(errs, fmt.Errorf("schema registry TLS settings are set but the URL %s is plain http: use https",
			c.redactedURL()))
	}
	return errors.Join(errs...)
}

func bothOrNeither(aName, a, bName, b string) error {
	switch {
	case a != "" && b == "":
		return fmt.Errorf("schema registry %s is set but the %s is missing: set both or neither", aName, bName)
	case a == "" && b != "":
		return fmt.Errorf("schema registry %s is set but the %s is missing: set both or neither", bName, aName)
	}
	return nil
}

func (c Config) urlOrDefault() string {
	if c.URL == "" {
		return DefaultURL
	}
	return c.URL
}

// baseURL parses the URL and drops a trailing slash so that request paths can
// be appended.
func (c Config) baseURL() (*url.URL, error) {
	u, err := url.Parse(c.urlOrDefault())
	if err != nil {
		return nil, fmt.Errorf("invalid schema registry URL %q: %w", c.redactedURL(), err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("invalid schema registry URL %q: the scheme must be http or https", u.Redacted())
	}
	if u.Host == "" {
		return nil, fmt.Errorf("invalid schema registry URL %q: the host is missing", u.Redacted())
	}
	if u.User != nil {
		return nil, fmt.Errorf("invalid schema registry URL %q: put credentials in the API key and secret, not the URL",
			u.Redacted())
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("invalid schema registry URL %q: remove the query and fragment", u.Redacted())
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// redactedURL returns the URL with any password replaced, for error text.
func (c Config) redactedURL() string {
	u, err := url.Parse(c.urlOrDefault())
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

func (c Config) usesTLSSettings() bool {
	return c.CAFile != "" || c.CertFile != "" || c.InsecureSkipVerify
}

func (c Config) timeout() time.Duration {
	if c.Timeout == 0 {
		return DefaultTimeout
	}
	return c.Timeout
}

func (c Config) maxRetries() int {
	switch {
	case c.MaxRetries == 0:
		return DefaultMaxRetries
	case c.MaxRetries < 0:
		return 0
	}
	return c.MaxRetries
}

// tlsConfig loads the CA and client certificate files. It returns nil when
// no TLS setting is set, so the default transport settings apply.
func (c Config) tlsConfig() (*tls.Config, error) {
	if !c.usesTLSSettings() {
		return nil, nil
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: c.InsecureSkipVerify}
	if c.CAFile != "" {
		pem, err := os.ReadFile(c.CAFile)
		if err != nil {
			return nil, fmt.Errorf("read schema registry CA file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("schema registry CA file %s contains no PEM certificate", c.CAFile)
		}
		cfg.RootCAs = pool
	}
	if c.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(c.CertFile, c.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("load schema registry client certificate %s and key %s: %w",
				c.CertFile, c.KeyFile, err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	return cfg, nil
}

// String formats the settings with the API secret redacted, so that a Config
// can be printed or logged.
func (c Config) String() string {
	secret := ""
	if c.APISecret != "" {
		secret = "[REDACTED]"
	}
	return fmt.Sprintf("{URL:%s APIKey:%s APISecret:%s CAFile:%s CertFile:%s KeyFile:%s "+
		"InsecureSkipVerify:%t Timeout:%s MaxRetries:%d}", c.redactedURL(), c.APIKey, secret,
		c.CAFile, c.CertFile, c.KeyFile, c.InsecureSkipVerify, c.Timeout, c.MaxRetries)
}

// GoString is String, so that %#v does not print the secret either.
func (c Config) GoString() string { return "registry.Config" + c.String() }

// LogValue logs the settings with the API secret redacted.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("url", c.redactedURL()),
		slog.Bool("auth", c.APIKey != ""),
		slog.Bool("tls", c.usesTLSSettings()),
		slog.Duration("timeout", c.timeout()),
		slog.Int("max_retries", c.maxRetries()),
	)
}

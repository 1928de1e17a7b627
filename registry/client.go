package registry

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/riferrei/srclient"
	"golang.org/x/sync/singleflight"

	"github.com/openedx-go/eventbus/events/avro"
)

// Client is a Schema Registry client built on github.com/riferrei/srclient.
// It caches what the registry never changes: the schema of an id, and the id
// of a schema text under a subject. It never caches a subject's latest version.
// Concurrent requests for the same uncached key share one HTTP request. A
// Client is safe for concurrent use and holds no resources that need closing.
type Client struct {
	baseURL   string
	transport http.RoundTripper
	logger    *slog.Logger

	// fetchTimeout bounds a shared fetch, which runs detached from the
	// contexts of the callers waiting for it.
	fetchTimeout time.Duration

	schemas       sync.Map // int -> *avro.Schema
	ids           sync.Map // subjectSchema -> int
	registrations sync.Map // subjectSchema -> Registration
	flights       singleflight.Group

	// idsByPointer and registrationsByPointer repeat the caches above keyed by
	// the schema's pointer, which hashes in constant time where a schema text
	// of a few kilobytes does not. A *avro.Schema never changes, so its
	// pointer stands for its text.
	//
	// Callers that parse a new schema object for every call would grow these
	// maps without limit, so they stop taking entries at maxPointerEntries.
	idsByPointer           sync.Map // subjectPointer -> int
	registrationsByPointer sync.Map // subjectPointer -> Registration
	pointerEntries         atomic.Int64
}

// maxPointerEntries bounds the pointer-keyed caches. The event bus keeps one
// schema object per event type and key field, far fewer than this.
const maxPointerEntries = 4096

// storeByPointer adds key to m unless the pointer caches are full.
func (c *Client) storeByPointer(m *sync.Map, key subjectPointer, v any) {
	if c.pointerEntries.Load() >= maxPointerEntries {
		return
	}
	if _, loaded := m.LoadOrStore(key, v); !loaded {
		c.pointerEntries.Add(1)
	}
}

type subjectPointer struct {
	subject string
	schema  *avro.Schema
}

// subjectSchema keys the caches by subject and the exact registered text,
// because registries differ in how they compare schemas: Confluent's keeps
// doc and default attributes that the Parsing Canonical Form drops.
type subjectSchema struct {
	subject string
	text    string
}

// Registration is the outcome of registering a schema under a subject.
type Registration struct {
	// ID is the registry-wide schema id, the one framed into messages.
	ID int
	// Version is the schema's version within the subject.
	Version int
	// New is true when this call added the version to the subject.
	New bool
}

// Option configures a [Client].
type Option func(*options)

type options struct {
	logger     *slog.Logger
	base       http.RoundTripper
	backoffMin time.Duration
	backoffMax time.Duration
}

// WithLogger sets the logger for retries and fetches. Default: none.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) { o.logger = l }
}

// WithRetryBackoff sets the delay before the first retry and the limit it
// doubles up to. Default 100ms and 2s.
func WithRetryBackoff(first, limit time.Duration) Option {
	return func(o *options) { o.backoffMin, o.backoffMax = first, limit }
}

// WithHTTPTransport sets the transport under the client's auth, timeout and
// retry layer, for example to reuse connections or trace requests. Default:
// a clone of http.DefaultTransport with the Config's TLS settings. The
// Config's TLS files are not applied to a transport given here.
func WithHTTPTransport(rt http.RoundTripper) Option {
	return func(o *options) { o.base = rt }
}

// New returns a client for the registry that cfg describes. It validates cfg
// and loads its TLS files but does not contact the registry.
func New(cfg Config, opts ...Option) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	o := options{backoffMin: defaultBackoffMin, backoffMax: defaultBackoffMax}
	for _, opt := range opts {
		opt(&o)
	}
	if o.logger == nil {
		o.logger = slog.New(slog.DiscardHandler)
	}
	if o.backoffMin <= 0 || o.backoffMax < o.backoffMin {
		return nil, fmt.Errorf("invalid schema registry retry backoff %s up to %s: use 0 < first <= limit",
			o.backoffMin, o.backoffMax)
	}
	if o.base == nil {
		tlsConfig, err := cfg.tlsConfig()
		if err != nil {
			return nil, err
		}
		base := http.DefaultTransport.(*http.Transport).Clone()
		base.TLSClientConfig = tlsConfig
		o.base = base
	}

	u, _ := cfg.baseURL()
	t := &transport{
		base:       o.base,
		apiKey:     cfg.APIKey,
		apiSecret:  cfg.APISecret,
		timeout:    cfg.timeout(),
		maxRetries: cfg.maxRetries(),
		backoffMin: o.backoffMin,
		backoffMax: o.backoffMax,
		logger:     o.logger,
	}
	// A registration makes up to three requests, each with its retries.
	retries := time.Duration(t.maxRetries)
	return &Client{
		baseURL:      u.String(),
		transport:    t,
		logger:       o.logger,
		fetchTimeout: 3 * ((retries+1)*t.timeout + retries*t.backoffMax),
	}, nil
}

// URL returns the registry's base URL.
func (c *Client) URL() string { return c.baseURL }

// shared runs fetch once for all concurrent callers with the same key. The
// fetch runs detached from ctx, so that one caller giving up does not fail the
// others, and is bounded by the client's fetch timeout.
func (c *Client) shared(ctx context.Context, key string, fetch func(context.Context) (any, error)) (any, error) {
	ch := c.flights.DoChan(key, func() (any, error) {
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.fetchTimeout)
		defer cancel()
		return fetch(fctx)
	})
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case r := <-ch:
		return r.Val, r.Err
	}
}

// SchemaByID returns the schema registered under id. Results are cached for
// the client's lifetime because a registry never changes the schema of an id.
// An unknown id is an error matching [ErrSchemaNotFound].
func (c *Client) SchemaByID(ctx context.Context, id int) (*avro.Schema, error) {
	if s, ok := c.schemas.Load(id); ok {
		return s.(*avro.Schema), nil
	}
	v, err := c.shared(ctx, "id:"+strconv.Itoa(id), func(ctx context.Context) (any, error) {
		return c.fetchSchema(ctx, id)
	})
	if err != nil {
		return nil, fmt.Errorf("fetch schema id %d: %w", id, err)
	}
	return v.(*avro.Schema), nil
}

func (c *Client) fetchSchema(ctx context.Context, id int) (*avro.Schema, error) {
	if s, ok := c.schemas.Load(id); ok {
		return s.(*avro.Schema), nil
	}
	c.logger.Debug("fetching schema", slog.Int("schema_id", id))
	cl, sr := c.newCall(ctx, "")
	got, err := sr.GetSchema(id)
	if err = cl.result(err); err != nil {
		return nil, err
	}
	s, err := avro.Parse([]byte(got.Schema()))
	if err != nil {
		return nil, err
	}
	c.schemas.Store(id, s)
	return s, nil
}

// LookupID returns the id of schema under subject without registering it. A
// schema the subject does not have is an error matching [ErrSchemaNotFound],
// and an unknown subject one matching [ErrSubjectNotFound]. Found ids are
// cached for the client's lifetime.
func (c *Client) LookupID(ctx context.Context, subject string, schema *avro.Schema) (int, error) {
	fast := subjectPointer{subject, schema}
	if id, ok := c.idsByPointer.Load(fast); ok {
		return id.(int), nil
	}
	key := subjectSchema{subject, schema.Text()}
	if id, ok := c.ids.Load(key); ok {
		c.storeByPointer(&c.idsByPointer, fast, id)
		return id.(int), nil
	}
	v, err := c.shared(ctx, "lookup:"+subject+"\x00"+key.text, func(ctx context.Context) (any, error) {
		reg, err := c.lookup(ctx, subject, key.text)
		if err != nil {
			return 0, err
		}
		c.ids.Store(key, reg.ID)
		return reg.ID, nil
	})
	if err != nil {
		return 0, fmt.Errorf("look up schema %s under subject %q: %w", schema.Name(), subject, err)
	}
	c.storeByPointer(&c.idsByPointer, fast, v)
	return v.(int), nil
}

// lookup fetches the id and version of text under subject.
func (c *Client) lookup(ctx context.Context, subject, text string) (Registration, error) {
	cl, sr := c.newCall(ctx, subject)
	got, err := sr.LookupSchema(subject, text, srclient.Avro)
	if err = cl.result(err); err != nil {
		return Registration{}, err
	}
	return Registration{ID: got.ID(), Version: got.Version()}, nil
}

// registerRequest is the body that the Python client sends. srclient v0.7.0
// omits schemaType for Avro and an empty references list, so registration
// sends this body itself to match the Python client's request.
type registerRequest struct {
	Schema     string `json:"schema"`
	SchemaType string `json:"schemaType"`
	References []any  `json:"references"`
}

// Register adds schema to subject unless the subject already has it, and
// returns its id and version. Registering is idempotent: the same schema text
// under the same subject returns the cached or existing registration with New
// false. An incompatible schema is an error matching [ErrIncompatible].
//
// NOTE: New is decided by looking the schema up before registering, so when
// two processes register the same schema at the same moment both may report
// New true.
func (c *Client) Register(ctx context.Context, subject string, schema *avro.Schema) (Registration, error) {
	fast := subjectPointer{subject, schema}
	if reg, ok := c.registrationsByPointer.Load(fast); ok {
		return reg.(Registration), nil
	}
	key := subjectSchema{subject, schema.Text()}
	if reg, ok := c.registrations.Load(key); ok {
		c.storeByPointer(&c.registrationsByPointer, fast, reg)
		return reg.(Registration), nil
	}
	v, err := c.shared(ctx, "register:"+subject+"\x00"+key.text, func(ctx context.Context) (any, error) {
		return c.register(ctx, key)
	})
	if err != nil {
		return Registration{}, fmt.Errorf("register schema %s under subject %q: %w", schema.Name(), subject, err)
	}
	reg := v.(Registration)
	cached := reg
	cached.New = false
	c.storeByPointer(&c.registrationsByPointer, fast, cached)
	return reg, nil
}

func (c *Client) register(ctx context.Context, key subjectSchema) (Registration, error) {
	if reg, ok := c.registrations.Load(key); ok {
		return reg.(Registration), nil
	}
	reg, err := c.lookup(ctx, key.subject, key.text)
	if err != nil && !isNotFound(err) {
		return Registration{}, err
	}
	if err != nil {
		reg, err = c.registerNew(ctx, key)
		if err != nil {
			return Registration{}, err
		}
	}

	c.logger.Debug("registered schema", slog.String("subject", key.subject),
		slog.Int("schema_id", reg.ID), slog.Int("version", reg.Version), slog.Bool("new", reg.New))
	cached := reg
	cached.New = false
	c.registrations.Store(key, cached)
	c.ids.Store(key, reg.ID)
	return reg, nil
}

// registerNew posts the schema, then looks it up again for its version,
// because the registration response carries only the id.
func (c *Client) registerNew(ctx context.Context, key subjectSchema) (Registration, error) {
	var out struct {
		ID int `json:"id"`
	}
	body := registerRequest{Schema: key.text, SchemaType: "AVRO", References: []any{}}
	path := "/subjects/" + url.PathEscape(key.subject) + "/versions"
	if err := c.do(ctx, key.subject, http.MethodPost, path, body, &out); err != nil {
		return Registration{}, err
	}
	reg, err := c.lookup(ctx, key.subject, key.text)
	if err != nil {
		return Registration{}, fmt.Errorf("registered as id %d but the lookup of its version failed: %w", out.ID, err)
	}
	reg.New = true
	return reg, nil
}

func isNotFound(err error) bool {
	return errors.Is(err, ErrSubjectNotFound) || errors.Is(err, ErrSchemaNotFound)
}

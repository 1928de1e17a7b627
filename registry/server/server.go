package server

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/openedx-go/eventbus/events/avro"
)

// Server is a Confluent-compatible Schema Registry for Avro schemas. It keeps
// its state in memory, and with [WithDataDir] also on disk. A Server is safe
// for concurrent use; call [Server.Close] to stop a server started with
// [Server.Start].
type Server struct {
	logger  *slog.Logger
	dataDir string
	lock    *os.File // held while the server owns dataDir; nil without one
	handler http.Handler

	// mu guards st. Readers share it; a change holds it exclusively while the
	// new state is persisted, so an acknowledged change is on disk.
	mu sync.RWMutex
	st *state

	closeOnce sync.Once
	http      *http.Server
	done      chan struct{}
}

// Option configures a [Server].
type Option func(*config) error

type config struct {
	logger        *slog.Logger
	dataDir       string
	compatibility avro.Level
	user          string
	password      string
}

// WithDataDir persists the registry in dir, which is created when missing.
// Default: memory only, so everything is lost on Close.
func WithDataDir(dir string) Option {
	return func(c *config) error {
		if dir == "" {
			return errors.New("registry data directory is empty: give a path or leave the option out")
		}
		c.dataDir = dir
		return nil
	}
}

// WithLogger sets the logger for starts, stops, registrations and request
// failures. Default: none.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		c.logger = l
		return nil
	}
}

// WithCompatibility sets the global compatibility level of a new registry.
// Default BACKWARD. A level stored in the data directory takes precedence.
func WithCompatibility(level avro.Level) Option {
	return func(c *config) error {
		parsed, err := avro.ParseLevel(string(level))
		if err != nil {
			return fmt.Errorf("registry compatibility: %w", err)
		}
		c.compatibility = parsed
		return nil
	}
}

// WithBasicAuth requires HTTP basic auth with user and password on every
// request, as a hosted registry does with an API key and secret. Other
// requests get 401 with error_code 401. Default: no authentication.
func WithBasicAuth(user, password string) Option {
	return func(c *config) error {
		if user == "" || password == "" {
			return errors.New("registry basic auth needs both a user and a password")
		}
		c.user, c.password = user, password
		return nil
	}
}

// New returns a server, loading its state from the data directory when one is
// set. It does not listen; use [Server.Handler] or [Server.Start].
func New(opts ...Option) (*Server, error) {
	var c config
	for _, opt := range opts {
		if err := opt(&c); err != nil {
			return nil, err
		}
	}
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}

	s := &Server{logger: c.logger, dataDir: c.dataDir, st: newState()}
	if c.compatibility != "" {
		s.st.global = c.compatibility
	}
	if c.dataDir != "" {
		if err := s.open(); err != nil {
			return nil, err
		}
	}
	s.handler = s.routes()
	if c.user != "" {
		s.handler = requireBasicAuth(s, c.user, c.password)
	}
	return s, nil
}

// open locks the data directory and loads the state stored there.
func (s *Server) open() error {
	if err := os.MkdirAll(s.dataDir, 0o755); err != nil {
		return fmt.Errorf("create registry data directory: %w", err)
	}
	lock, err := lockDir(s.dataDir)
	if err != nil {
		return err
	}
	loaded, err := loadDir(s.dataDir)
	if err != nil {
		lock.Close()
		return err
	}
	if len(loaded.schemas) > 0 || len(loaded.subjects) > 0 {
		s.st = loaded
	}
	s.lock = lock
	return nil
}

// Handler returns the HTTP handler that serves the registry API.
func (s *Server) Handler() http.Handler { return s.handler }

// Start listens on addr, such as "127.0.0.1:8081" or "127.0.0.1:0" for a free
// port, and serves in the background until Close or until ctx is done. It
// returns the base URL, such as "http://127.0.0.1:41234".
func (s *Server) Start(ctx context.Context, addr string) (string, error) {
	if s.http != nil {
		return "", errors.New("start schema registry: the server is already started")
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return "", fmt.Errorf("start schema registry: %w", err)
	}
	s.http = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.logger.Handler(), slog.LevelWarn),
	}
	s.done = make(chan struct{})
	url := "http://" + ln.Addr().String()
	s.logger.Info("schema registry started", slog.String("url", url), slog.String("data_dir", s.dataDir))

	go func() {
		defer close(s.done)
		if err := s.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.logger.Error("schema registry stopped", slog.String("err", err.Error()))
		}
	}()
	go func() {
		select {
		case <-ctx.Done():
			s.Close()
		case <-s.done:
		}
	}()
	return url, nil
}

// Close stops a started server, waiting up to five seconds for requests in
// flight, and releases the data directory. Every acknowledged change is
// already on disk. Close is safe to call more than once and on a server that
// was never started. A server used only through [Server.Handler] holds its
// data directory too, so close it as well.
func (s *Server) Close() error {
	var err error
	s.closeOnce.Do(func() {
		if s.http != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			err = s.http.Shutdown(ctx)
			<-s.done
			s.logger.Info("schema registry stopped")
		}
		if s.lock != nil {
			err = errors.Join(err, s.lock.Close())
		}
	})
	return err
}

// read runs fn under the shared lock.
func (s *Server) read(fn func(st *state)) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	fn(s.st)
}

// update applies fn to a copy of the state, persists the copy when fn reports
// a change, and only then makes it the served state.
func (s *Server) update(fn func(st *state) (changed bool, err *apiError)) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	next := s.st.clone()
	changed, apiErr := fn(next)
	if apiErr != nil || !changed {
		return apiErr
	}
	if s.dataDir != "" {
		if err := save(s.dataDir, next); err != nil {
			s.logger.Error("schema registry could not persist a change", slog.String("err", err.Error()))
			return storeError(err)
		}
	}
	s.st = next
	return nil
}

// requireBasicAuth rejects requests without the expected credentials.
// Comparing in constant time keeps response times from revealing them.
func requireBasicAuth(s *Server, user, password string) http.Handler {
	next := s.handler
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, ok := r.BasicAuth()
		userOK := subtle.ConstantTimeCompare([]byte(u), []byte(user)) == 1
		passwordOK := subtle.ConstantTimeCompare([]byte(p), []byte(password)) == 1
		if !ok || !userOK || !passwordOK {
			w.Header().Set("WWW-Authenticate", `Basic realm="schema-registry"`)
			s.fail(w, r, &apiError{http.StatusUnauthorized, http.StatusUnauthorized, "Unauthorized"})
			return
		}
		next.ServeHTTP(w, r)
	})
}

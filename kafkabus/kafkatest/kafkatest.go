// Package kafkatest starts an in-process Kafka broker (kfake) and Schema Registry on
// loopback ports, so tests and demos of code that uses the event bus run without any
// external service.
//
// The broker speaks the Kafka protocol well enough for confluent-kafka-go: topic
// creation, idempotent produce, consumer groups, offset commits and offset lookup
// by time. Both keep their data in memory and lose it on Close, unless
// [WithDataDir] names a directory to keep it in.
//
// # External services
//
// When the environment variables EVENTBUS_TEST_BOOTSTRAP_SERVERS (a Kafka
// bootstrap list such as localhost:9092) and EVENTBUS_TEST_SCHEMA_REGISTRY_URL
// (such as http://localhost:8081) are both set, [Start] and [StartCluster] start
// nothing and return an [Env] that points at those services. [Env.Cluster] and
// [Env.Registry] are then nil and [Env.External] reports true. Setting only one of
// the two variables is an error.
//
// Tests that share one external cluster see each other's topics, consumer
// groups and registry subjects, so they must name them with [UniqueName] or
// [Env.Topic], create topics with [Env.CreateTopic], and expect a registry that
// already holds other subjects. Tests that need kfake itself (injected errors,
// partition inspection) check [Env.External] and skip.
package kafkatest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/openedx-go/eventbus/kafkabus/config"
	"github.com/openedx-go/eventbus/registry/server"
)

// DefaultPartitions is the partition count of topics created automatically on first
// produce or metadata request, unless [WithPartitions] sets another.
const DefaultPartitions = 3

// Env is a running broker and registry, embedded or external. Its fields are
// read-only.
type Env struct {
	// Bootstrap is the broker's host:port on 127.0.0.1, or the external
	// bootstrap list.
	Bootstrap string
	// RegistryURL is the registry's base URL, e.g. http://127.0.0.1:41234.
	RegistryURL string
	// Cluster is the fake broker, for injecting errors with ControlKey or
	// inspecting partitions. It is nil with external services.
	Cluster *kfake.Cluster
	// Registry is the embedded Schema Registry. It is nil with external
	// services.
	Registry *server.Server

	registryUser, registryPass string
	external                   bool

	closeOnce sync.Once
	closed    chan struct{}
}

type options struct {
	kafkaAddr    string
	registryAddr string
	partitions   int
	autoCreate   bool
	dataDir      string
	registryUser string
	registryPass string
	kfakeOpts    []kfake.Opt
	serverOpts   []server.Option

	// embeddedOnly names the options given that only the embedded services
	// can honor.
	embeddedOnly []string

	// ignoreEnv makes StartCluster start the embedded services even when the
	// environment names external ones.
	ignoreEnv bool
}

func (o *options) needEmbedded(option string) {
	if !slices.Contains(o.embeddedOnly, option) {
		o.embeddedOnly = append(o.embeddedOnly, option)
	}
}

// Option configures [Start] and [StartCluster].
type Option func(*options)

// WithKafkaAddr sets the broker's listen address. The default is 127.0.0.1:0, a free
// loopback port. It needs the embedded broker (see [ErrNeedsEmbedded]).
func WithKafkaAddr(addr string) Option {
	return func(o *options) { o.kafkaAddr = addr; o.needEmbedded("WithKafkaAddr") }
}

// WithRegistryAddr sets the registry's listen address. The default is 127.0.0.1:0, a
// free loopback port. It needs the embedded registry (see [ErrNeedsEmbedded]).
func WithRegistryAddr(addr string) Option {
	return func(o *options) { o.registryAddr = addr; o.needEmbedded("WithRegistryAddr") }
}

// WithPartitions sets the partition count of automatically created topics. The
// default is [DefaultPartitions]. With external services it has no effect, because
// the broker's num.partitions setting applies.
func WithPartitions(n int) Option { return func(o *options) { o.partitions = n } }

// WithoutAutoCreateTopics makes the broker reject produce and metadata requests for
// topics that do not exist, as a broker with auto.create.topics.enable=false does.
// By default such topics are created with the default partition count. With
// external services it has no effect, because the broker's own setting applies.
func WithoutAutoCreateTopics() Option { return func(o *options) { o.autoCreate = false } }

// WithDataDir keeps the broker's and registry's data in dir (subdirectories kafka
// and registry) and reloads it on the next start. The default keeps everything in
// memory only. It needs the embedded services (see [ErrNeedsEmbedded]).
func WithDataDir(dir string) Option {
	return func(o *options) { o.dataDir = dir; o.needEmbedded("WithDataDir") }
}

// WithRegistryBasicAuth makes the registry require HTTP basic auth with user and
// password; [Env.Settings] then carries them as the registry API key and secret.
// The default requires no credentials. It needs the embedded registry (see
// [ErrNeedsEmbedded]).
func WithRegistryBasicAuth(user, password string) Option {
	return func(o *options) {
		o.registryUser, o.registryPass = user, password
		o.needEmbedded("WithRegistryBasicAuth")
	}
}

// WithRegistryOptions passes extra options to the embedded registry's server.New.
// It needs the embedded registry (see [ErrNeedsEmbedded]).
func WithRegistryOptions(opts ...server.Option) Option {
	return func(o *options) {
		o.serverOpts = append(o.serverOpts, opts...)
		o.needEmbedded("WithRegistryOptions")
	}
}

// Embedded makes [Start] and [StartCluster] start the embedded broker and registry
// even when the environment names external services. Programs that always run
// their own, such as the eventbus dev and demo commands, pass it so that the test
// variables of a shell do not redirect them.
func Embedded() Option { return func(o *options) { o.ignoreEnv = true } }

// WithKfakeOptions passes extra options to kfake.NewCluster, such as
// kfake.EnableSASL. It needs the embedded broker (see [ErrNeedsEmbedded]).
func WithKfakeOptions(opts ...kfake.Opt) Option {
	return func(o *options) {
		o.kfakeOpts = append(o.kfakeOpts, opts...)
		o.needEmbedded("WithKfakeOptions")
	}
}

// Start starts a broker and a registry for the test t and stops both when the test
// ends, or points at the external services that the environment names (see the
// package documentation). It fails the test when either cannot start or the
// environment is invalid, and skips it when an option needs the embedded services
// while the environment selects external ones.
func Start(t testing.TB, opts ...Option) *Env {
	t.Helper()
	env, err := StartCluster(context.Background(), opts...)
	if errors.Is(err, ErrNeedsEmbedded) {
		t.Skipf("kafkatest: %v", err)
	}
	if err != nil {
		t.Fatalf("kafkatest: %v", err)
	}
	t.Cleanup(env.Close)
	return env
}

// StartCluster starts a broker and a registry outside of a test. Both run until ctx is
// done or [Env.Close] is called, and the caller must do one of the two. When the
// environment names external services, StartCluster starts nothing and returns an
// [Env] pointing at them. It then fails with [ErrNeedsEmbedded] if an option
// configures the embedded services.
func StartCluster(ctx context.Context, opts ...Option) (*Env, error) {
	o := options{kafkaAddr: "127.0.0.1:0", registryAddr: "127.0.0.1:0",
		partitions: DefaultPartitions, autoCreate: true}
	for _, opt := range opts {
		opt(&o)
	}

	if o.ignoreEnv {
		return startEmbedded(ctx, o)
	}
	ext, err := externalFromEnv(os.Getenv)
	if err != nil {
		return nil, err
	}
	if ext != nil {
		return startExternal(*ext, o)
	}
	return startEmbedded(ctx, o)
}

func startEmbedded(ctx context.Context, o options) (*Env, error) {
	cluster, err := startBroker(o)
	if err != nil {
		return nil, err
	}
	reg, url, err := startRegistry(ctx, o)
	if err != nil {
		cluster.Close()
		return nil, err
	}
	env := &Env{
		Bootstrap:   cluster.ListenAddrs()[0],
		RegistryURL: url,
		Cluster:     cluster,
		Registry:    reg,
		closed:      make(chan struct{}),

		registryUser: o.registryUser,
		registryPass: o.registryPass,
	}
	go func() {
		select {
		case <-ctx.Done():
			env.Close()
		case <-env.closed:
		}
	}()
	return env, nil
}

func startBroker(o options) (*kfake.Cluster, error) {
	host, portText, err := net.SplitHostPort(o.kafkaAddr)
	if err != nil {
		return nil, fmt.Errorf("kafka listen address %q is not host:port: %w", o.kafkaAddr, err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port < 0 || port > 65535 {
		return nil, fmt.Errorf("kafka listen address %q has an invalid port", o.kafkaAddr)
	}
	if o.partitions < 1 {
		return nil, fmt.Errorf("partition count %d is invalid: use 1 or more", o.partitions)
	}

	kopts := []kfake.Opt{
		kfake.NumBrokers(1),
		kfake.Ports(port),
		kfake.DefaultNumPartitions(o.partitions),
		// kfake always listens on 127.0.0.1:port, so the host is replaced here.
		kfake.ListenFn(func(network, addr string) (net.Listener, error) {
			_, p, err := net.SplitHostPort(addr)
			if err != nil {
				return nil, err
			}
			return net.Listen(network, net.JoinHostPort(host, p))
		}),
	}
	if o.autoCreate {
		kopts = append(kopts, kfake.AllowAutoTopicCreation())
	}
	if o.dataDir != "" {
		kopts = append(kopts, kfake.DataDir(filepath.Join(o.dataDir, "kafka")))
	}
	cluster, err := kfake.NewCluster(append(kopts, o.kfakeOpts...)...)
	if err != nil {
		return nil, fmt.Errorf("start kafka broker on %s: %w", o.kafkaAddr, err)
	}
	return cluster, nil
}

func startRegistry(ctx context.Context, o options) (*server.Server, string, error) {
	var sopts []server.Option
	if o.dataDir != "" {
		sopts = append(sopts, server.WithDataDir(filepath.Join(o.dataDir, "registry")))
	}
	if o.registryUser != "" || o.registryPass != "" {
		sopts = append(sopts, server.WithBasicAuth(o.registryUser, o.registryPass))
	}
	reg, err := server.New(append(sopts, o.serverOpts...)...)
	if err != nil {
		return nil, "", fmt.Errorf("create schema registry: %w", err)
	}
	url, err := reg.Start(ctx, o.registryAddr)
	if err != nil {
		// Close releases the data directory's lock taken by server.New.
		_ = reg.Close()
		return nil, "", fmt.Errorf("start schema registry on %s: %w", o.registryAddr, err)
	}
	return reg, url, nil
}

// Close stops the embedded registry and broker. It leaves external services
// running. It is safe to call more than once.
func (e *Env) Close() {
	e.closeOnce.Do(func() {
		close(e.closed)
		if e.Registry != nil {
			_ = e.Registry.Close()
		}
		if e.Cluster != nil {
			e.Cluster.Close()
		}
	})
}

// External reports whether the Env points at external services named by the
// environment instead of embedded ones.
func (e *Env) External() bool { return e.external }

// Settings returns default settings pointed at this broker and registry, with the
// registry credentials of [WithRegistryBasicAuth] if any.
func (e *Env) Settings() config.Settings {
	s := config.Defaults()
	s.BootstrapServers = e.Bootstrap
	s.SchemaRegistryURL = e.RegistryURL
	s.SchemaRegistryAPIKey = e.registryUser
	s.SchemaRegistryAPISecret = e.registryPass
	return s
}

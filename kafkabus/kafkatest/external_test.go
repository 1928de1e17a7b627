package kafkatest_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/openedx-go/eventbus/kafkabus/kafkatest"
)

// startBehind starts embedded services and sets the environment so that the next
// Start in this test selects them as external services.
func startBehind(t *testing.T) *kafkatest.Env {
	t.Helper()
	useEmbedded(t)
	backing := kafkatest.Start(t)
	t.Setenv(kafkatest.EnvBootstrapServers, backing.Bootstrap)
	t.Setenv(kafkatest.EnvSchemaRegistryURL, backing.RegistryURL)
	return backing
}

func TestStartUsesExternalServices(t *testing.T) {
	backing := startBehind(t)
	env := kafkatest.Start(t)

	if !env.External() {
		t.Error("External() = false with both variables set, want true")
	}
	if env.Bootstrap != backing.Bootstrap {
		t.Errorf("Bootstrap = %q, want the external %q", env.Bootstrap, backing.Bootstrap)
	}
	if env.RegistryURL != backing.RegistryURL {
		t.Errorf("RegistryURL = %q, want the external %q", env.RegistryURL, backing.RegistryURL)
	}
	if env.Cluster != nil || env.Registry != nil {
		t.Errorf("Cluster = %v, Registry = %v, want both nil with external services", env.Cluster, env.Registry)
	}
	s := env.Settings()
	if s.BootstrapServers != backing.Bootstrap || s.SchemaRegistryURL != backing.RegistryURL {
		t.Errorf("Settings() = %q, %q, want the external services", s.BootstrapServers, s.SchemaRegistryURL)
	}

	topic := env.Topic("external")
	env.CreateTopic(t, topic, 2)
	if got := len(backing.Cluster.PartitionInfos(topic)); got != 2 {
		t.Fatalf("topic created through the external Env has %d partitions, want 2", got)
	}
	env.CreateTopic(t, topic, 2) // a second call is a no-op
	roundTrip(t, env, topic)

	env.Close()
	resp, err := http.Get(backing.RegistryURL + "/subjects")
	if err != nil {
		t.Fatalf("external registry stopped answering after Close: %v", err)
	}
	resp.Body.Close()
	conn, err := net.Dial("tcp", backing.Bootstrap)
	if err != nil {
		t.Fatalf("external broker stopped listening after Close: %v", err)
	}
	conn.Close()
}

func TestStartClusterRejectsOneVariable(t *testing.T) {
	useEmbedded(t)
	tests := []struct{ set, missing string }{
		{kafkatest.EnvBootstrapServers, kafkatest.EnvSchemaRegistryURL},
		{kafkatest.EnvSchemaRegistryURL, kafkatest.EnvBootstrapServers},
	}
	for _, tt := range tests {
		t.Run(tt.set, func(t *testing.T) {
			value := "127.0.0.1:1"
			if tt.set == kafkatest.EnvSchemaRegistryURL {
				value = "http://127.0.0.1:1"
			}
			t.Setenv(tt.set, value)
			env, err := kafkatest.StartCluster(context.Background())
			if err == nil {
				env.Close()
				t.Fatalf("StartCluster with only %s set succeeded", tt.set)
			}
			if !strings.Contains(err.Error(), tt.missing) {
				t.Errorf("err = %v, want one naming %s", err, tt.missing)
			}
		})
	}
}

func TestStartClusterExternalRejectsEmbeddedOptions(t *testing.T) {
	startBehind(t)
	_, err := kafkatest.StartCluster(context.Background(), kafkatest.WithDataDir(t.TempDir()),
		kafkatest.WithKafkaAddr("127.0.0.1:0"))
	if !errors.Is(err, kafkatest.ErrNeedsEmbedded) {
		t.Fatalf("err = %v, want ErrNeedsEmbedded", err)
	}
	for _, option := range []string{"WithDataDir", "WithKafkaAddr"} {
		if !strings.Contains(err.Error(), option) {
			t.Errorf("err = %v, want one naming %s", err, option)
		}
	}
}

func TestUniqueName(t *testing.T) {
	a, b := kafkatest.UniqueName("orders"), kafkatest.UniqueName("orders")
	if a == b {
		t.Errorf("two calls returned the same name %q", a)
	}
	for _, name := range []string{a, b} {
		if !strings.HasPrefix(name, "orders-") || len(name) != len("orders-")+12 {
			t.Errorf("UniqueName(orders) = %q, want orders- and 12 hex digits", name)
		}
	}
}

func TestRegistryFailureReleasesDataDir(t *testing.T) {
	useEmbedded(t)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	dir := t.TempDir()

	_, err = kafkatest.StartCluster(context.Background(), kafkatest.WithDataDir(dir),
		kafkatest.WithRegistryAddr(busy.Addr().String()))
	if err == nil {
		t.Fatalf("StartCluster with the registry on the busy %s succeeded", busy.Addr())
	}
	env, err := kafkatest.StartCluster(context.Background(), kafkatest.WithDataDir(dir))
	if err != nil {
		t.Fatalf("restart on the same data directory after a failed start: %v", err)
	}
	env.Close()
}

func TestEmbeddedIgnoresEnvironment(t *testing.T) {
	t.Setenv(kafkatest.EnvBootstrapServers, "127.0.0.1:1")
	t.Setenv(kafkatest.EnvSchemaRegistryURL, "http://127.0.0.1:1")
	env, err := kafkatest.StartCluster(context.Background(), kafkatest.Embedded())
	if err != nil {
		t.Fatalf("StartCluster(Embedded()): %v", err)
	}
	defer env.Close()
	if env.External() {
		t.Error("External(): got true, want false with Embedded()")
	}
	if env.Cluster == nil || env.Registry == nil {
		t.Errorf("Cluster, Registry: got %v, %v, want both started", env.Cluster, env.Registry)
	}
	if env.Bootstrap == "127.0.0.1:1" {
		t.Errorf("Bootstrap: got the environment's %q, want the embedded broker", env.Bootstrap)
	}
}

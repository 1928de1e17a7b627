package kafkatest_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/openedx-go/eventbus/kafkabus/kafkatest"
)

// useEmbedded clears the environment variables that select external services, so
// that a test of the embedded services runs even where they are set.
func useEmbedded(t *testing.T) {
	t.Helper()
	t.Setenv(kafkatest.EnvBootstrapServers, "")
	t.Setenv(kafkatest.EnvSchemaRegistryURL, "")
}

func startEmbedded(t *testing.T, opts ...kafkatest.Option) *kafkatest.Env {
	t.Helper()
	useEmbedded(t)
	return kafkatest.Start(t, opts...)
}

func TestStartServesKafkaAndRegistry(t *testing.T) {
	env := startEmbedded(t)
	if !strings.HasPrefix(env.Bootstrap, "127.0.0.1:") {
		t.Errorf("Bootstrap = %q, want a 127.0.0.1 address", env.Bootstrap)
	}
	if !strings.HasPrefix(env.RegistryURL, "http://127.0.0.1:") {
		t.Errorf("RegistryURL = %q, want an http://127.0.0.1 URL", env.RegistryURL)
	}

	resp, err := http.Get(env.RegistryURL + "/subjects")
	if err != nil {
		t.Fatalf("GET /subjects: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || strings.TrimSpace(string(body)) != "[]" {
		t.Errorf("GET /subjects = %d %s, want 200 []", resp.StatusCode, body)
	}

	env.CreateTopic(t, "kafkatest-topic", 2)
	if got := len(env.Cluster.PartitionInfos("kafkatest-topic")); got != 2 {
		t.Fatalf("topic has %d partitions, want 2", got)
	}
	env.CreateTopic(t, "kafkatest-topic", 2) // a second call is a no-op
	roundTrip(t, env, "kafkatest-topic")
}

func TestE2ECreateTopicAndRoundTrip(t *testing.T) {
	env := kafkatest.Start(t)
	topic := env.Topic("kafkatest")
	env.CreateTopic(t, topic, 2)
	env.CreateTopic(t, topic, 2) // a second call is a no-op
	if got := partitionCount(t, env, topic); got != 2 {
		t.Fatalf("topic %s has %d partitions, want 2", topic, got)
	}
	roundTrip(t, env, topic)
}

// partitionCount returns the partition count of topic from the broker's metadata.
func partitionCount(t *testing.T, env *kafkatest.Env, topic string) int {
	t.Helper()
	admin, err := kafka.NewAdminClient(&kafka.ConfigMap{
		"bootstrap.servers": env.Bootstrap, "log_level": 0, "enable.metrics.push": false,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	md, err := admin.GetMetadata(&topic, false, 10000)
	if err != nil {
		t.Fatalf("metadata of %s: %v", topic, err)
	}
	return len(md.Topics[topic].Partitions)
}

func TestSettingsPointAtEnv(t *testing.T) {
	env := kafkatest.Start(t)
	s := env.Settings()
	if s.BootstrapServers != env.Bootstrap {
		t.Errorf("BootstrapServers = %q, want %q", s.BootstrapServers, env.Bootstrap)
	}
	if s.SchemaRegistryURL != env.RegistryURL {
		t.Errorf("SchemaRegistryURL = %q, want %q", s.SchemaRegistryURL, env.RegistryURL)
	}
	if err := s.Validate(); err != nil {
		t.Errorf("Validate() = %v", err)
	}
}

func TestAutoCreateOnProduce(t *testing.T) {
	env := startEmbedded(t, kafkatest.WithPartitions(2))
	roundTrip(t, env, "created-on-produce")
	if got := len(env.Cluster.PartitionInfos("created-on-produce")); got != 2 {
		t.Errorf("automatically created topic has %d partitions, want 2", got)
	}
}

func TestCreateTopicErrors(t *testing.T) {
	env := kafkatest.Start(t)
	if err := env.EnsureTopic("", 1); err == nil {
		t.Error("EnsureTopic with an empty name succeeded")
	}
	if err := env.EnsureTopic("t", 0); err == nil {
		t.Error("EnsureTopic with 0 partitions succeeded")
	}
}

func TestStartClusterStopsWithContext(t *testing.T) {
	useEmbedded(t)
	ctx, cancel := context.WithCancel(context.Background())
	env, err := kafkatest.StartCluster(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := http.Get(env.RegistryURL + "/subjects"); err != nil {
			env.Close() // a second Close is safe
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("registry still answers 5s after the context was canceled")
}

func TestStartClusterBadAddress(t *testing.T) {
	useEmbedded(t)
	_, err := kafkatest.StartCluster(context.Background(), kafkatest.WithKafkaAddr("127.0.0.1"))
	if err == nil || !strings.Contains(err.Error(), `"127.0.0.1" is not host:port`) {
		t.Errorf("err = %v, want a host:port error", err)
	}
}

// roundTrip produces one message with confluent-kafka-go and reads it back.
func roundTrip(t *testing.T, env *kafkatest.Env, topic string) {
	t.Helper()
	quiet := kafka.ConfigMap{"bootstrap.servers": env.Bootstrap, "log_level": 2, "enable.metrics.push": false}
	pcfg := cloneConfig(quiet)
	p, err := kafka.NewProducer(&pcfg)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	done := make(chan kafka.Event, 1)
	msg := &kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: kafka.PartitionAny},
		Key: []byte("k"), Value: []byte("hello")}
	if err := p.Produce(msg, done); err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-done:
		if m := ev.(*kafka.Message); m.TopicPartition.Error != nil {
			t.Fatalf("delivery: %v", m.TopicPartition.Error)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no delivery report within 15s")
	}

	ccfg := cloneConfig(quiet)
	ccfg["group.id"] = "kafkatest-" + topic
	ccfg["auto.offset.reset"] = "earliest"
	c, err := kafka.NewConsumer(&ccfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Subscribe(topic, nil); err != nil {
		t.Fatal(err)
	}
	m, err := c.ReadMessage(15 * time.Second)
	if err != nil {
		t.Fatalf("read back: %v", err)
	}
	if string(m.Value) != "hello" {
		t.Errorf("read back %q, want hello", m.Value)
	}
}

func cloneConfig(m kafka.ConfigMap) kafka.ConfigMap {
	c := kafka.ConfigMap{}
	for k, v := range m {
		c[k] = v
	}
	return c
}

func TestDataDirKeepsTopicsAndSubjects(t *testing.T) {
	useEmbedded(t)
	dir := t.TempDir()
	env, err := kafkatest.StartCluster(context.Background(), kafkatest.WithDataDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, env, "kept")
	resp, err := http.Post(env.RegistryURL+"/subjects/kept-string/versions",
		"application/vnd.schemaregistry.v1+json", strings.NewReader(`{"schema": "\"string\""}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("register = %d, want 200", resp.StatusCode)
	}
	env.Close()

	env = kafkatest.Start(t, kafkatest.WithDataDir(dir))
	var total int64
	for _, p := range env.Cluster.PartitionInfos("kept") {
		total += p.HighWatermark
	}
	if total != 1 {
		t.Errorf("topic kept holds %d messages after a restart, want 1", total)
	}
	got, err := http.Get(env.RegistryURL + "/subjects")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(got.Body)
	got.Body.Close()
	if !strings.Contains(string(body), "kept-string") {
		t.Errorf("subjects after a restart = %s, want kept-string", body)
	}
}

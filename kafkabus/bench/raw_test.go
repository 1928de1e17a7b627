package bench

import (
	"context"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"github.com/twmb/franz-go/pkg/kfake"
)

// startBroker starts an in-process Kafka broker on 127.0.0.1 and returns the
// librdkafka properties that reach it.
func startBroker(t *testing.T) kafka.ConfigMap {
	t.Helper()
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1))
	if err != nil {
		t.Fatalf("start kfake: %v", err)
	}
	t.Cleanup(cluster.Close)
	return kafka.ConfigMap{
		"bootstrap.servers":     cluster.ListenAddrs()[0],
		"log_level":             0,
		"enable.metrics.push":   false,
		"broker.address.family": "v4",
	}
}

func TestRawProduceConsume(t *testing.T) {
	cfg := startBroker(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const topic, n = "raw", 2000
	if err := CreateTopic(ctx, cfg, topic, 3); err != nil {
		t.Fatal(err)
	}
	msg := Message{
		Key:     []byte("key"),
		Value:   make([]byte, 300),
		Headers: []kafka.Header{{Key: "ce_type", Value: []byte("t")}},
	}

	produced, err := RawProduce(ctx, cfg, topic, msg, n)
	if err != nil {
		t.Fatalf("RawProduce: %v", err)
	}
	if produced.Events != n {
		t.Errorf("produced %d events, want %d", produced.Events, n)
	}
	if want := int64(n * (3 + 300 + 8)); produced.Bytes != want {
		t.Errorf("produced %d bytes, want %d", produced.Bytes, want)
	}

	consumed, err := RawConsume(ctx, cfg, topic, "raw-group", n)
	if err != nil {
		t.Fatalf("RawConsume: %v", err)
	}
	if consumed.Bytes != produced.Bytes {
		t.Errorf("consumed %d bytes, want %d", consumed.Bytes, produced.Bytes)
	}
	t.Logf("produce %.0f events/s, consume %.0f events/s, consumer startup %v",
		produced.EventsPerSecond(), consumed.EventsPerSecond(), consumed.Startup)
}

func TestCreateTopicExisting(t *testing.T) {
	cfg := startBroker(t)
	ctx := context.Background()
	if err := CreateTopic(ctx, cfg, "twice", 1); err != nil {
		t.Fatal(err)
	}
	if err := CreateTopic(ctx, cfg, "twice", 1); err == nil {
		t.Error("second CreateTopic of the same topic succeeded, want an error")
	}
}

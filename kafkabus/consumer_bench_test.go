package kafkabus

import (
	"context"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

// produceCopies writes n copies of msg to its topic without waiting for
// each acknowledgement, then waits for all of them.
func (e *consumerEnv) produceCopies(tb testing.TB, msg *kafka.Message, n int) {
	tb.Helper()
	p, err := kafka.NewProducer(&kafka.ConfigMap{
		"bootstrap.servers": e.Bootstrap, "linger.ms": 5, "log_level": 0,
		"go.delivery.reports": false,
	})
	if err != nil {
		tb.Fatalf("new producer: %v", err)
	}
	defer p.Close()
	for range n {
		m := *msg
		for {
			err := p.Produce(&m, nil)
			if err == nil {
				break
			}
			if kerr, ok := err.(kafka.Error); ok && kerr.Code() == kafka.ErrQueueFull {
				p.Flush(100)
				continue
			}
			tb.Fatalf("produce: %v", err)
		}
	}
	if left := p.Flush(30_000); left > 0 {
		tb.Fatalf("%d messages not delivered", left)
	}
}

// BenchmarkConsumer measures enrollment events consumed, decoded, handled
// and committed per second, with batched commits and with a blocking commit
// per message, against the in-process broker.
func BenchmarkConsumer(b *testing.B) {
	for _, mode := range []struct {
		name string
		opts []ConsumerOption
	}{
		{"batched", nil},
		{"every-message", []ConsumerOption{CommitEveryMessage()}},
	} {
		b.Run(mode.name, func(b *testing.B) {
			env := startConsumerEnv(b)
			topic := "bench"
			env.CreateTopic(b, topic, 1)
			msg, _ := env.enrollmentMessage(b, topic, 1, "course-v1:edX+A+1")
			env.produceCopies(b, msg, b.N)

			handled := 0
			handler := func(_ context.Context, _ Delivery) error {
				handled++
				return nil
			}
			opts := append([]ConsumerOption{FromBeginning(), MaxMessages(b.N), WithHandler(handler)}, mode.opts...)
			c, err := NewConsumer(env.settings, topic, "bench", opts...)
			if err != nil {
				b.Fatalf("NewConsumer: %v", err)
			}
			b.ResetTimer()
			start := time.Now()
			if err := c.Run(context.Background()); err != nil {
				b.Fatalf("Run: %v", err)
			}
			elapsed := time.Since(start)
			b.StopTimer()
			if handled != b.N {
				b.Fatalf("handled %d events, want %d", handled, b.N)
			}
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "events/s")
		})
	}
}

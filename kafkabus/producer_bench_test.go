package kafkabus

import (
	"context"
	"testing"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/internal/cputime"
	"github.com/openedx-go/eventbus/kafkabus/config"
	"github.com/openedx-go/eventbus/kafkabus/kafkatest"
)

// benchProducer starts an embedded broker and a producer without audit
// logging, and returns them with an enrollment event to send.
func benchProducer(b *testing.B) (config.Settings, *Producer, events.Definition, any, events.Metadata) {
	b.Helper()
	s := kafkatest.Start(b).Settings()
	s.AuditLoggingEnabled = false
	p, err := NewProducer(s)
	if err != nil {
		b.Fatal(err)
	}
	def, payload := testPayload(b, enrollmentType)
	md, err := events.NewMetadata(def.EventType(), 0)
	if err != nil {
		b.Fatal(err)
	}
	return s, p, def, payload, md
}

// BenchmarkProducerProduce measures Produce plus delivery of every event to an
// in-process kfake broker, so the broker's cost is part of the result.
func BenchmarkProducerProduce(b *testing.B) {
	_, p, def, payload, md := benchProducer(b)
	ctx := context.Background()
	if _, err := p.ProduceSync(ctx, def, "bench", "enrollment.course.course_key", payload, md); err != nil {
		b.Fatal(err) // registers the schemas and fetches topic metadata before timing
	}

	b.ResetTimer()
	cpu := startCPU()
	for range b.N {
		if err := p.Produce(ctx, def, "bench", "enrollment.course.course_key", payload, md); err != nil {
			b.Fatal(err)
		}
	}
	// The time ends at the last delivery report, as in BenchmarkRawProduce.
	if err := p.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	cpu.report(b)
	if report := p.Close(ctx); report.Failed != 0 {
		b.Fatalf("%d events failed", report.Failed)
	}
}

// BenchmarkRawProduce is the reference for BenchmarkProducerProduce: the
// message that the producer builds for the same event, sent again and again
// with confluent-kafka-go alone and the producer's librdkafka settings.
func BenchmarkRawProduce(b *testing.B) {
	s, p, def, payload, md := benchProducer(b)
	ctx := context.Background()
	pm := messagePool.Get().(*producerMessage)
	if _, err := p.message(ctx, pm, def, "bench", "enrollment.course.course_key", payload, md); err != nil {
		b.Fatal(err)
	}
	msg := pm.msg
	msg.Opaque = nil
	if report := p.Close(ctx); report.Failed != 0 {
		b.Fatalf("%d events failed", report.Failed)
	}

	cfg := producerConfig(s)
	kp, err := kafka.NewProducer(&cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer kp.Close()
	reports := make(chan error, 1)
	go func() {
		var failed error
		for i := 0; i < b.N; {
			if m, ok := (<-kp.Events()).(*kafka.Message); ok {
				i++
				if m.TopicPartition.Error != nil && failed == nil {
					failed = m.TopicPartition.Error
				}
			}
		}
		reports <- failed
	}()

	b.ResetTimer()
	cpu := startCPU()
	for range b.N {
		for {
			err := kp.Produce(&msg, nil)
			if kerr, ok := err.(kafka.Error); !ok || kerr.Code() != kafka.ErrQueueFull {
				if err != nil {
					b.Fatal(err)
				}
				break
			}
			time.Sleep(time.Millisecond)
		}
	}
	if err := <-reports; err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	cpu.report(b)
}

// cpuClock measures the CPU time of the whole process: Go code, librdkafka's
// threads and the embedded broker.
type cpuClock time.Duration

func startCPU() cpuClock { return cpuClock(cputime.Process()) }

// report adds the process CPU time per operation since c started to b's
// results, as the metric cpu-ns/op.
func (c cpuClock) report(b *testing.B) {
	used := cputime.Process() - time.Duration(c)
	b.ReportMetric(float64(used.Nanoseconds())/float64(b.N), "cpu-ns/op")
}

package kafkabus

import (
	"context"
	"testing"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/kafkabus/kafkatest"
)

// BenchmarkProducerProduce measures Produce plus delivery of every event to an
// in-process kfake broker, so the broker's cost is part of the result.
func BenchmarkProducerProduce(b *testing.B) {
	env := kafkatest.Start(b)
	s := env.Settings()
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
	ctx := context.Background()
	if _, err := p.ProduceSync(ctx, def, "bench", "enrollment.course.course_key", payload, md); err != nil {
		b.Fatal(err) // registers the schemas and fetches topic metadata before timing
	}

	b.ResetTimer()
	for range b.N {
		if err := p.Produce(ctx, def, "bench", "enrollment.course.course_key", payload, md); err != nil {
			b.Fatal(err)
		}
	}
	report := p.Close(ctx)
	b.StopTimer()
	if report.Failed != 0 {
		b.Fatalf("%d events failed", report.Failed)
	}
}

package kafkabus

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/catalog"
	"github.com/openedx-go/eventbus/kafkabus/kafkatest"
)

// TestE2EEverySampleRoundTrips sends every sample event through the producer and
// reads it back with the consumer: payload, metadata and key must survive unchanged.
func TestE2EEverySampleRoundTrips(t *testing.T) {
	env := kafkatest.Start(t)
	s := env.Settings()
	s.TopicPrefix = kafkatest.UniqueName("rt")
	s.AuditLoggingEnabled = false
	s.ConsumerPollTimeout = 100 * time.Millisecond
	env.CreateTopic(t, s.TopicPrefix+"-samples", 3)
	p := startProducer(t, s)

	type sent struct {
		payload any
		md      events.Metadata
		key     any
	}
	want := map[string]sent{}
	for _, def := range catalog.Serializable() {
		def, payload := testPayload(t, def.EventType())
		keyField := anyKeyField(t, def)
		key, err := def.KeyValue(payload, keyField)
		if err != nil {
			t.Fatal(err)
		}
		md := newMetadata(t, def)
		if err := p.Produce(context.Background(), def, "samples", keyField, payload, md); err != nil {
			t.Fatalf("%s: %v", def.EventType(), err)
		}
		want[md.ID.String()] = sent{payload: payload, md: md, key: key}
	}
	if r := p.Close(context.Background()); r.Err() != nil {
		t.Fatal(r.Err())
	}

	var mu sync.Mutex
	got := map[string]Delivery{}
	c, err := NewConsumer(s, "samples", kafkatest.UniqueName("round-trip"), FromBeginning(), MaxMessages(len(want)),
		WithHandler(func(_ context.Context, d Delivery) error {
			mu.Lock()
			defer mu.Unlock()
			got[d.Event.Metadata.ID.String()] = d
			return nil
		}))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := c.Run(ctx); err != nil {
		t.Fatal(err)
	}

	mu.Lock()
	defer mu.Unlock()
	if len(got) != len(want) {
		t.Errorf("consumed %d events, want %d", len(got), len(want))
	}
	for id, w := range want {
		d, ok := got[id]
		if !ok {
			t.Errorf("%s %s not consumed", w.md.EventType, id)
			continue
		}
		if !reflect.DeepEqual(d.Event.Payload, w.payload) {
			t.Errorf("%s: payload =\n%+v\nwant\n%+v", w.md.EventType, d.Event.Payload, w.payload)
		}
		wantMD := w.md
		wantMD.Time = wantMD.Time.Truncate(time.Microsecond) // ce_time carries microseconds
		if !reflect.DeepEqual(d.Event.Metadata, wantMD) {
			t.Errorf("%s: metadata =\n%+v\nwant\n%+v", w.md.EventType, d.Event.Metadata, wantMD)
		}
		if d.KeyValue != w.key {
			t.Errorf("%s: key = %v, want %v", w.md.EventType, d.KeyValue, w.key)
		}
		if !d.Event.FromBus {
			t.Errorf("%s: FromBus is false for a consumed event", w.md.EventType)
		}
	}
}

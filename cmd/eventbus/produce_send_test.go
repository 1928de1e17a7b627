package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"github.com/google/uuid"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/catalog"
	"github.com/openedx-go/eventbus/kafkabus"
)

// fakeReceipt models a receipt whose report is either there or never comes. Like
// a select on a ready report and a done context, its Wait may return the
// context's error although the report is there: this fake always does.
type fakeReceipt struct {
	tp    kafka.TopicPartition
	ready bool
}

func (r *fakeReceipt) Wait(ctx context.Context) (kafka.TopicPartition, error) {
	if ctx.Err() != nil {
		return kafka.TopicPartition{}, fmt.Errorf("no delivery report yet: %w", ctx.Err())
	}
	if !r.ready {
		<-ctx.Done()
		return kafka.TopicPartition{}, fmt.Errorf("no delivery report yet: %w", ctx.Err())
	}
	return r.tp, nil
}

// fakeProducer acknowledges the first acked events it queues and never reports
// on the others, which Close then lists as undelivered.
type fakeProducer struct {
	acked   int
	queued  int
	pending []uuid.UUID
	closed  bool
}

func (p *fakeProducer) ProduceAsync(_ context.Context, _ events.Definition, topic, _ string,
	_ any, md events.Metadata) (deliveryReceipt, error) {
	p.queued++
	ready := p.queued <= p.acked
	if !ready {
		p.pending = append(p.pending, md.ID)
	}
	return &fakeReceipt{ready: ready,
		tp: kafka.TopicPartition{Topic: &topic, Partition: 0, Offset: kafka.Offset(p.queued - 1)}}, nil
}

func (p *fakeProducer) Close(context.Context) kafkabus.CloseReport {
	p.closed = true
	return kafkabus.CloseReport{Delivered: int64(p.acked), Failed: int64(len(p.pending)),
		Undelivered: p.pending}
}

func TestSendCopiesDeliveredAfterDeadline(t *testing.T) {
	def, err := catalog.Lookup(testEnrollmentType)
	if err != nil {
		t.Fatal(err)
	}
	// The deadline passes after queuing, while the reports are already there.
	ctx, cancel := context.WithCancel(context.Background())
	p := &cancelingProducer{fakeProducer: fakeProducer{acked: 50}, cancelAfter: 50, cancel: cancel}
	var out bytes.Buffer
	err = sendCopies(ctx, &out, p, "test", def, produceFlags{topic: "t", count: 50}, "", nil)
	if err != nil {
		t.Fatalf("sendCopies = %v, want nil because every event was delivered", err)
	}
	if !p.closed {
		t.Error("producer was not closed")
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 50 {
		t.Fatalf("printed %d lines, want 50", len(lines))
	}
	for i, line := range lines {
		if !producedLine.MatchString(line) || !strings.Contains(line, fmt.Sprintf("offset=%d ", i)) {
			t.Errorf("line %d = %q, want offset %d", i, line, i)
		}
	}
}

func TestSendCopiesPartialDelivery(t *testing.T) {
	def, err := catalog.Lookup(testEnrollmentType)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &cancelingProducer{fakeProducer: fakeProducer{acked: 3}, cancelAfter: 15, cancel: cancel}
	var out bytes.Buffer
	err = sendCopies(ctx, &out, p, "test", def, produceFlags{topic: "t", count: 15}, "", nil)
	if err == nil {
		t.Fatal("sendCopies = nil, want an error for 12 undelivered events")
	}
	if !strings.HasPrefix(err.Error(), "delivered 3 of 15; 12 not delivered (ids ") {
		t.Errorf("err = %v, want the delivered count first", err)
	}
	if !strings.Contains(err.Error(), p.pending[0].String()) || !strings.Contains(err.Error(), "and 2 more") {
		t.Errorf("err = %v, want the first 10 undelivered ids and a count of the rest", err)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want it to wrap context.Canceled", err)
	}
	if got := strings.Count(out.String(), "\n"); got != 3 {
		t.Errorf("printed %d lines, want 3 for the delivered events:\n%s", got, out.String())
	}
}

func TestSendCopiesStopsQueuingWhenInterrupted(t *testing.T) {
	def, err := catalog.Lookup(testEnrollmentType)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &cancelingProducer{fakeProducer: fakeProducer{acked: 1000}, cancelAfter: 4, cancel: cancel}
	var out bytes.Buffer
	err = sendCopies(ctx, &out, p, "test", def, produceFlags{topic: "t", count: 1000}, "", nil)
	if err == nil {
		t.Fatal("sendCopies = nil, want an error because the interrupt stopped queuing")
	}
	if p.queued != 4 {
		t.Errorf("queued %d events after the interrupt, want 4", p.queued)
	}
	if !strings.HasPrefix(err.Error(), "delivered 4 of 1000; 996 not delivered, 996 of them never queued") {
		t.Errorf("err = %v, want a summary of the delivered and unqueued events", err)
	}
	if got := strings.Count(out.String(), "\n"); got != 4 {
		t.Errorf("printed %d lines, want 4", got)
	}
}

// cancelingProducer cancels the context after queuing cancelAfter events, as
// an interrupt during queuing would.
type cancelingProducer struct {
	fakeProducer
	cancelAfter int
	cancel      context.CancelFunc
}

func (p *cancelingProducer) ProduceAsync(ctx context.Context, def events.Definition, topic, keyField string,
	payload any, md events.Metadata) (deliveryReceipt, error) {
	r, err := p.fakeProducer.ProduceAsync(ctx, def, topic, keyField, payload, md)
	if p.queued == p.cancelAfter {
		p.cancel()
	}
	return r, err
}

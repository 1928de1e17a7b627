package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/kafkabus"
)

// produceClient is the part of [kafkabus.Producer] that sendCopies uses.
type produceClient interface {
	ProduceAsync(ctx context.Context, def events.Definition, topic, keyField string,
		payload any, md events.Metadata) (deliveryReceipt, error)
	Close(ctx context.Context) kafkabus.CloseReport
}

// deliveryReceipt is the pending delivery report of one event.
type deliveryReceipt interface {
	Wait(ctx context.Context) (kafka.TopicPartition, error)
}

// busProducer adapts [kafkabus.Producer] to produceClient.
type busProducer struct{ *kafkabus.Producer }

func (p busProducer) ProduceAsync(ctx context.Context, def events.Definition, topic, keyField string,
	payload any, md events.Metadata) (deliveryReceipt, error) {
	return p.Producer.ProduceAsync(ctx, def, topic, keyField, payload, md)
}

// maxListedIDs caps the event ids named in the summary of a partial delivery.
const maxListedIDs = 10

// sendOutcome counts what sendCopies queued and what the broker acknowledged.
type sendOutcome struct {
	total       int
	delivered   int
	notSent     int      // never queued because ctx ended or queuing failed
	undelivered []string // ids queued but not acknowledged
	firstErr    error    // first delivery error, or ctx's error
}

// err returns nil when every event was delivered, else the summary error.
func (o sendOutcome) err() error {
	if o.delivered == o.total {
		return nil
	}
	missing := o.total - o.delivered
	msg := fmt.Sprintf("delivered %d of %d; %d not delivered", o.delivered, o.total, missing)
	if n := len(o.undelivered); n > 0 {
		ids := o.undelivered[:min(n, maxListedIDs)]
		msg += " (ids " + strings.Join(ids, ", ")
		if n > maxListedIDs {
			msg += fmt.Sprintf(" and %d more", n-maxListedIDs)
		}
		msg += ")"
	}
	if o.notSent > 0 {
		msg += fmt.Sprintf(", %d of them never queued", o.notSent)
	}
	if o.firstErr != nil {
		return fmt.Errorf("%s: %w", msg, o.firstErr)
	}
	return errors.New(msg)
}

// sendCopies queues every copy first and then waits for each delivery report, so
// that a large --count does not wait for one broker round trip per event. It
// closes p. It prints one line per delivered event, also when ctx ends early,
// because the broker may acknowledge events after ctx ends and before Close
// returns. A nil error means every copy was delivered.
func sendCopies(ctx context.Context, out io.Writer, p produceClient, service string,
	def events.Definition, f produceFlags, keyField string, payload any) error {
	w := bufio.NewWriterSize(out, 64<<10)
	o := sendOutcome{total: f.count}
	receipts, ids, queueErr := queueCopies(ctx, p, service, def, f, keyField, payload)
	o.notSent = f.count - len(receipts)

	next := 0
	for ; next < len(receipts) && ctx.Err() == nil; next++ {
		tp, err := receipts[next].Wait(ctx)
		if err != nil && ctx.Err() != nil {
			// The report may have come too: Close settles it below.
			break
		}
		o.record(w, tp, err, ids[next])
	}

	closeCtx, cancelClose := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancelClose()
	report := p.Close(closeCtx)
	purged := make(map[string]bool, len(report.Undelivered))
	for _, id := range report.Undelivered {
		purged[id.String()] = true
	}
	// After Close every receipt not purged holds its report, so Wait returns at once.
	for ; next < len(receipts); next++ {
		if purged[ids[next]] {
			o.record(w, kafka.TopicPartition{}, fmt.Errorf("deliver event %s: %w", ids[next],
				errNotAcknowledged(ctx)), ids[next])
			continue
		}
		tp, err := receipts[next].Wait(context.Background())
		o.record(w, tp, err, ids[next])
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}

	if queueErr != nil && o.firstErr == nil {
		o.firstErr = queueErr
	}
	if o.firstErr == nil && ctx.Err() != nil {
		o.firstErr = context.Cause(ctx)
	}
	return o.err()
}

// errNotAcknowledged returns why a purged event was not delivered.
func errNotAcknowledged(ctx context.Context) error {
	if ctx.Err() != nil {
		return fmt.Errorf("not acknowledged before the producer closed: %w", context.Cause(ctx))
	}
	return errors.New("not acknowledged before the producer closed")
}

// record prints a delivered event or counts a failed one.
func (o *sendOutcome) record(w io.Writer, tp kafka.TopicPartition, err error, id string) {
	if err != nil {
		o.undelivered = append(o.undelivered, id)
		if o.firstErr == nil {
			o.firstErr = err
		}
		return
	}
	o.delivered++
	topic := ""
	if tp.Topic != nil {
		topic = *tp.Topic
	}
	fmt.Fprintf(w, "topic=%s partition=%d offset=%d event_id=%s\n", topic, tp.Partition, tp.Offset, id)
}

// queueCopies queues up to f.count copies with fresh metadata and returns the
// receipts and event ids of those queued. It stops at the first error, which is
// returned with the number of the event, and when ctx ends.
func queueCopies(ctx context.Context, p produceClient, service string, def events.Definition,
	f produceFlags, keyField string, payload any) ([]deliveryReceipt, []string, error) {
	receipts := make([]deliveryReceipt, 0, f.count)
	ids := make([]string, 0, f.count)
	for i := 0; i < f.count; i++ {
		if ctx.Err() != nil {
			return receipts, ids, fmt.Errorf("stopped queuing at event %d of %d: %w", i+1, f.count,
				context.Cause(ctx))
		}
		md, err := events.NewMetadata(def.EventType(), def.MinorVersion(), events.WithService(service))
		if err != nil {
			return receipts, ids, err
		}
		r, err := p.ProduceAsync(ctx, def, f.topic, keyField, payload, md)
		if err != nil {
			return receipts, ids, fmt.Errorf("event %d of %d: %w", i+1, f.count, err)
		}
		receipts = append(receipts, r)
		ids = append(ids, md.ID.String())
	}
	return receipts, ids, nil
}

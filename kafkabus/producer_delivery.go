package kafkabus

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"github.com/google/uuid"

	"github.com/openedx-go/eventbus/events"
)

// purgeWait is how long Close waits for the reports of messages it purged.
const purgeWait = 2 * time.Second

// drainEvents processes delivery reports and client errors until the librdkafka
// producer is closed. Reports are always drained, because Flush counts reports left
// in the channel as outstanding messages.
func (p *Producer) drainEvents() {
	defer close(p.eventsDone)
	for ev := range p.kafka.Events() {
		switch e := ev.(type) {
		case *kafka.Message:
			p.report(e)
		case kafka.Error:
			p.clientError(e)
		}
	}
}

// report handles the delivery report of one message.
func (p *Producer) report(m *kafka.Message) {
	out, ok := m.Opaque.(*outgoing)
	if !ok || !p.claim(out) {
		// Close has already counted and reported an event whose report came
		// after it stopped waiting.
		return
	}
	defer out.recycle()
	tp := m.TopicPartition
	if tp.Error != nil {
		p.fail(out, tp, p.explainFailure(tp.Error))
		return
	}

	// The enabled check skips formatting the attributes for a logger that
	// discards them.
	if p.settings.AuditLoggingEnabled && p.log.Enabled(context.Background(), slog.LevelInfo) {
		p.log.Info("message delivered to Kafka event bus",
			attrTopic, out.topic, attrPartition, tp.Partition, attrOffset, int64(tp.Offset),
			attrEventID, out.md.ID.String(), attrKey, fmt.Sprint(out.key))
	}
	p.settle(out, true)
	if out.done != nil {
		out.done <- tp
	}
}

// fail counts the claimed event of out as not delivered. It logs err with the
// replay data before the event stops being pending, or, for an event with a
// receipt, sends tp to the receipt after.
func (p *Producer) fail(out *outgoing, tp kafka.TopicPartition, err error) {
	p.noteGivenUp(out)
	if out.done == nil {
		p.logFailure(out.def, out.topic, out.key, out.payload, out.md, err)
	}
	p.settle(out, false)
	if out.done != nil {
		out.done <- tp
	}
}

// failAt is fail for an event that has no delivery report: tp carries err.
func (p *Producer) failAt(out *outgoing, err error) {
	p.fail(out, kafka.TopicPartition{Topic: &out.topic, Partition: kafka.PartitionAny, Error: err}, err)
}

// clientError logs an error that librdkafka reports outside of any one message,
// such as all brokers being down. A fatal error makes every later delivery fail.
func (p *Producer) clientError(e kafka.Error) {
	if e.IsFatal() {
		p.log.Error("kafka producer failed and cannot recover", attrErr, e.Error(), "code", e.Code().String())
		return
	}
	p.kafkaErrors.record(slog.LevelWarn, "kafka producer error", e)
}

// logFailure logs an event that was not delivered with what a replay needs: the
// topic, the key, the record dictionary and the metadata as JSON.
func (p *Producer) logFailure(def events.Definition, topic string, key any, payload any,
	md events.Metadata, err error) {
	record := "null"
	if rec, recErr := def.ToRecord(payload); recErr == nil {
		if b, jsonErr := json.Marshal(events.JSONValue(rec)); jsonErr == nil {
			record = string(b)
		}
	} else {
		record = fmt.Sprintf("%q", fmt.Sprintf("%+v", payload))
	}
	metadata, _ := json.Marshal(md)
	keyText := ""
	if key != nil {
		keyText = fmt.Sprint(key)
	}
	p.log.Error("event not delivered to Kafka event bus",
		attrTopic, topic, attrEventType, def.EventType(), attrEventID, md.ID.String(),
		attrKey, keyText, "event_data", record, "metadata", string(metadata), attrErr, err.Error())
}

// CloseReport is the outcome of [Producer.Close].
type CloseReport struct {
	// Delivered and Failed count events over the producer's life. Failed includes
	// Undelivered.
	Delivered int64
	Failed    int64
	// Undelivered lists the events still waiting for the broker when the close
	// timeout expired, sorted. They were given up, counted in Failed and logged
	// with their replay data.
	Undelivered []uuid.UUID
}

// Err returns nil when every event was delivered, else an error that counts the
// failures and names the undelivered events.
func (r CloseReport) Err() error {
	if r.Failed == 0 && len(r.Undelivered) == 0 {
		return nil
	}
	msg := fmt.Sprintf("%d events not delivered", r.Failed)
	if len(r.Undelivered) > 0 {
		ids := make([]string, len(r.Undelivered))
		for i, id := range r.Undelivered {
			ids[i] = id.String()
		}
		msg += fmt.Sprintf(", %d of them pending at close: %s", len(r.Undelivered), strings.Join(ids, ", "))
	}
	return fmt.Errorf("%s: failed deliveries are in the error log with their replay data, "+
		"and events that were never queued were returned to their callers as errors", msg)
}

// Close disconnects the receivers of [Producer.Listen], stops accepting events and
// waits for the delivery of what is queued until ctx is done or the close timeout
// (default [DefaultCloseTimeout]) expires, whichever is first. Events still queued
// then are purged and reported by id. Close returns once every failure is
// logged, which takes longer than the timeout when the logger is slow. Close is
// safe to call more than once; later calls return the same counters with no
// undelivered events.
func (p *Producer) Close(ctx context.Context) CloseReport {
	p.mu.Lock()
	already := p.closed
	p.closed = true
	for _, def := range p.listening {
		def.DisconnectAny(p.opts.receiverName)
	}
	p.listening = nil
	p.mu.Unlock()
	if already {
		<-p.eventsDone
		return CloseReport{Delivered: p.delivered.Load(), Failed: p.failed.Load()}
	}

	ctx, cancel := context.WithTimeout(ctx, p.opts.closeTimeout)
	defer cancel()
	// No produce call adds to the handoff channel once closed is set.
	close(p.handoff)
	select {
	case <-p.handoffDone:
	case <-ctx.Done():
		// Give up on the events that wait for librdkafka's full queue.
		p.collectGivenUp()
		p.abandon.Store(true)
		<-p.handoffDone
	}
	p.flush(ctx)

	if p.Pending() > 0 {
		p.collectGivenUp()
		p.purge()
	}
	p.kafka.Close()
	<-p.eventsDone
	p.stopLogs()

	p.givenUpMu.Lock()
	undelivered := p.givenUp
	p.givenUpMu.Unlock()
	slices.SortFunc(undelivered, func(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) })

	report := CloseReport{Delivered: p.delivered.Load(), Failed: p.failed.Load(), Undelivered: undelivered}
	p.log.Info("producer closed", "delivered", report.Delivered, "failed", report.Failed,
		"undelivered", len(undelivered))
	return report
}

// flushPoll is the longest wait, in milliseconds, of one call of
// confluent-kafka-go's Flush (v2.11.1). That Flush waits the whole time when the
// client's own poller took the last report first, so a short wait lets the
// producer's Flush and Close return soon after the last report.
const flushPoll = 5

// flushPause is the pause of Flush and Close when librdkafka holds no message
// and only the handling of the last reports is left.
const flushPause = 200 * time.Microsecond

// Flush waits until every event queued before the call has its delivery report
// processed, or until ctx is done. Events produced meanwhile are not waited for.
// It returns nil when those events are no longer pending, because they were
// delivered or their failure was counted and logged, else an error that counts
// them. Unlike Close, it keeps the producer open. During Close it waits for Close
// to deliver or give up on those events.
func (p *Producer) Flush(ctx context.Context) error {
	// The pending list keeps events in the order they were added, and each
	// event stores its place in that order.
	queued := p.added()
	for {
		if p.doneUpTo(queued) {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("flush: %d events still waiting for the broker: %w", p.pendingUpTo(queued),
				context.Cause(ctx))
		}
		p.mu.RLock()
		idle := true
		if !p.closed {
			// Close cannot destroy the client during this call: it takes the
			// lock that is held here. Once closed, Close flushes the client.
			idle = p.kafka.Flush(flushPoll) == 0
		}
		p.mu.RUnlock()
		if idle {
			pause(ctx, flushPause)
		}
	}
}

// flush waits until every queued event has its delivery report processed or ctx
// is done. Only Close and purge call it, once no produce call can add events.
func (p *Producer) flush(ctx context.Context) {
	for p.Pending() > 0 && ctx.Err() == nil {
		if p.kafka.Flush(flushPoll) == 0 {
			pause(ctx, flushPause)
		}
	}
}

// pause waits for d or until ctx is done.
func pause(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// purge drops the queued messages so that their reports arrive as failures and
// are logged with replay data, then waits a moment for those reports.
func (p *Producer) purge() {
	if err := p.kafka.Purge(kafka.PurgeQueue | kafka.PurgeInFlight); err != nil {
		p.log.Warn("purge of queued messages failed", attrErr, err.Error())
	}
	ctx, cancel := context.WithTimeout(context.Background(), purgeWait)
	p.flush(ctx)
	cancel()

	// Reports that never came are failures too. Claiming the events keeps
	// them pending, for Flush, until each is logged. A claimed event's report
	// is being handled elsewhere. The events are not recycled, because a
	// report may still come for them.
	p.pendingMu.Lock()
	left := make([]*outgoing, 0, p.pending.len)
	for out := p.pending.head; out != nil; out = out.next {
		if !out.claimed {
			out.claimed = true
			left = append(left, out)
		}
	}
	p.pendingMu.Unlock()
	err := fmt.Errorf("no delivery report within %s after the purge at close", purgeWait)
	for _, out := range left {
		p.failAt(out, err)
	}
}

// collectGivenUp makes every later failure count as an event that Close gave up
// on, listed in CloseReport.Undelivered.
func (p *Producer) collectGivenUp() {
	p.givenUpMu.Lock()
	p.collecting = true
	p.givenUpMu.Unlock()
}

// noteGivenUp lists the event of out as given up when Close has stopped waiting.
func (p *Producer) noteGivenUp(out *outgoing) {
	p.givenUpMu.Lock()
	if p.collecting {
		p.givenUp = append(p.givenUp, out.md.ID)
	}
	p.givenUpMu.Unlock()
}

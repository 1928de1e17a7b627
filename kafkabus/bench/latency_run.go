package bench

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/kafkabus"
	"github.com/openedx-go/eventbus/kafkabus/config"
)

// warmupTimeout bounds the wait for the first event of a latency run, which
// includes the consumer's group join, and the wait for the last one.
const warmupTimeout = 30 * time.Second

// MeasureLatency sends events at rate per second for period through a
// kafkabus producer while a kafkabus consumer in group reads topic, and
// returns the time from creating each event's metadata to its receiver
// call. One event sent and received before the timed run makes sure the
// consumer has joined its group; it is not counted.
func MeasureLatency(ctx context.Context, s config.Settings, ev Event, topic, group string,
	rate int, period time.Duration) (LatencySummary, error) {
	count := int(float64(rate) * period.Seconds())
	if rate < 1 || count < 1 {
		return LatencySummary{}, fmt.Errorf("latency run of %d events/s for %s sends no event: "+
			"give a rate of 1 or more and a longer period", rate, period)
	}
	def := ev.Definition
	warmup, err := events.NewMetadata(def.EventType(), def.MinorVersion(), events.WithService(ServiceName))
	if err != nil {
		return LatencySummary{}, err
	}
	lat := &Latencies{}
	warmedUp := make(chan struct{})
	name := "eventbus-bench-latency-" + uuid.NewString()
	def.ConnectAny(name, func(_ context.Context, e events.Event) error {
		if e.Metadata.ID == warmup.ID {
			close(warmedUp)
			return nil
		}
		lat.Add(time.Since(e.Metadata.Time))
		return nil
	})
	defer def.DisconnectAny(name)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	c, err := kafkabus.NewConsumer(s, topic, group, kafkabus.FromBeginning(), kafkabus.MaxMessages(count+1))
	if err != nil {
		return LatencySummary{}, fmt.Errorf("create consumer: %w", err)
	}
	var consumeErr error
	consumed := make(chan struct{})
	go func() {
		defer close(consumed)
		consumeErr = c.Run(ctx)
	}()

	p, err := kafkabus.NewProducer(s)
	if err != nil {
		return LatencySummary{}, fmt.Errorf("create producer: %w", err)
	}
	err = sendPaced(ctx, p, ev, topic, count, rate, warmup, warmedUp, consumed)
	closeErr := p.Close(context.Background()).Err()
	if err := errors.Join(err, closeErr); err != nil {
		cancel()
		<-consumed
		return LatencySummary{}, errors.Join(err, consumeErr)
	}
	select {
	case <-consumed:
	case <-time.After(warmupTimeout):
		cancel()
		<-consumed
		return LatencySummary{}, fmt.Errorf("latency run: %d of %d events arrived within %s of the last send",
			lat.Summary().Count, count, warmupTimeout)
	}
	if consumeErr != nil {
		return LatencySummary{}, fmt.Errorf("consume %q: %w", s.FullTopic(topic), consumeErr)
	}
	return lat.Summary(), nil
}

// sendPaced sends the warm-up event, waits for it to arrive, and then sends
// count events, the i-th at i/rate seconds after the start. consumed closes
// when the consumer stops.
func sendPaced(ctx context.Context, p *kafkabus.Producer, ev Event, topic string, count, rate int,
	warmup events.Metadata, warmedUp, consumed <-chan struct{}) error {
	def := ev.Definition
	if err := p.Produce(ctx, def, topic, ev.KeyField, ev.Payload, warmup); err != nil {
		return fmt.Errorf("produce the warm-up event: %w", err)
	}
	select {
	case <-warmedUp:
	case <-time.After(warmupTimeout):
		return fmt.Errorf("the warm-up event did not arrive within %s", warmupTimeout)
	case <-consumed:
		return errors.New("the consumer stopped before the warm-up event arrived")
	case <-ctx.Done():
		return ctx.Err()
	}

	interval := time.Second / time.Duration(rate)
	start := time.Now()
	for i := 0; i < count; i++ {
		if wait := time.Until(start.Add(time.Duration(i) * interval)); wait > 0 {
			time.Sleep(wait)
		}
		md, err := events.NewMetadata(def.EventType(), def.MinorVersion(), events.WithService(ServiceName))
		if err != nil {
			return err
		}
		if err := p.Produce(ctx, def, topic, ev.KeyField, ev.Payload, md); err != nil {
			return fmt.Errorf("produce event %d of the latency run: %w", i, err)
		}
	}
	return nil
}

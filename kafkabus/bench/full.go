package bench

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/internal/cputime"
	"github.com/openedx-go/eventbus/kafkabus"
	"github.com/openedx-go/eventbus/kafkabus/config"
)

// ServiceName is the service the benchmark's events come from.
const ServiceName = "eventbus-bench"

// Event is the message of a full-path run: one payload of one definition, keyed
// by keyField, to an unprefixed topic.
type Event struct {
	Definition events.Definition
	Payload    any
	KeyField   string
}

// FullProduce sends n events through a kafkabus producer, each with new
// metadata as a signal send would create, and waits for every delivery
// report with Flush. The time ends there, at the last report, as in
// RawProduce; closing the producer afterwards only checks that no event
// failed. size is the byte size of one message, for the throughput in MB/s.
func FullProduce(ctx context.Context, s config.Settings, ev Event, topic string, n int, size int64) (Result, error) {
	p, err := kafkabus.NewProducer(s)
	if err != nil {
		return Result{}, fmt.Errorf("create producer: %w", err)
	}
	def := ev.Definition

	start, startCPU := time.Now(), cputime.Process()
	for i := 0; i < n; i++ {
		md, err := events.NewMetadata(def.EventType(), def.MinorVersion(), events.WithService(ServiceName))
		if err != nil {
			p.Close(ctx)
			return Result{}, err
		}
		if err := p.Produce(ctx, def, topic, ev.KeyField, ev.Payload, md); err != nil {
			p.Close(ctx)
			return Result{}, fmt.Errorf("produce event %d to %q: %w", i, s.FullTopic(topic), err)
		}
	}
	if err := p.Flush(ctx); err != nil {
		p.Close(ctx)
		return Result{}, fmt.Errorf("produce to %q: %w", s.FullTopic(topic), err)
	}
	res := Result{Events: n, Bytes: size * int64(n), Elapsed: time.Since(start), CPU: cputime.Process() - startCPU}
	if err := p.Close(ctx).Err(); err != nil {
		return Result{}, fmt.Errorf("produce to %q: %w", s.FullTopic(topic), err)
	}
	return res, nil
}

// FullConsume reads n events of topic from its start with a kafkabus consumer
// in a new group. Each event goes through the default handler, which
// dispatches it to the receivers of its definition, where the benchmark
// counts it. opts add consumer options, such as
// [kafkabus.CommitEveryMessage]. size is the byte size of one message.
func FullConsume(ctx context.Context, s config.Settings, def events.Definition, topic, group string,
	n int, size int64, opts ...kafkabus.ConsumerOption) (Result, error) {
	counter := &arrivals{want: n}
	name := "eventbus-bench-" + uuid.NewString()
	def.ConnectAny(name, func(context.Context, events.Event) error {
		counter.add()
		return nil
	})
	defer def.DisconnectAny(name)

	created := time.Now()
	opts = append([]kafkabus.ConsumerOption{kafkabus.FromBeginning(), kafkabus.MaxMessages(n)}, opts...)
	c, err := kafkabus.NewConsumer(s, topic, group, opts...)
	if err != nil {
		return Result{}, fmt.Errorf("create consumer: %w", err)
	}
	if err := c.Run(ctx); err != nil {
		return Result{}, fmt.Errorf("consume %q: %w", s.FullTopic(topic), err)
	}

	a := counter.read()
	if a.count != n {
		return Result{}, fmt.Errorf("consume %q: %d events reached the receiver, want %d",
			s.FullTopic(topic), a.count, n)
	}
	return Result{
		Events:  n,
		Bytes:   size * int64(n),
		Elapsed: a.last.Sub(a.first),
		Startup: a.first.Sub(created),
		CPU:     a.lastCPU - a.firstCPU,
	}, nil
}

// arrivals counts events and notes when the first and the want-th arrived,
// in wall and process CPU time.
type arrivals struct {
	mu                sync.Mutex
	want, count       int
	first, last       time.Time
	firstCPU, lastCPU time.Duration
}

func (a *arrivals) add() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.count++
	if a.count == 1 {
		a.first, a.firstCPU = time.Now(), cputime.Process()
	}
	if a.count == a.want {
		a.last, a.lastCPU = time.Now(), cputime.Process()
	}
}

// read returns a copy of the counts and times.
func (a *arrivals) read() arrivals {
	a.mu.Lock()
	defer a.mu.Unlock()
	return arrivals{want: a.want, count: a.count, first: a.first, last: a.last,
		firstCPU: a.firstCPU, lastCPU: a.lastCPU}
}

package demo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/kafkabus"
	"github.com/openedx-go/eventbus/kafkabus/bench"
	"github.com/openedx-go/eventbus/kafkabus/config"
	"github.com/openedx-go/eventbus/registry"
)

// ServiceName is the service the demo's events come from: their source is
// "openedx/eventbus-demo/web".
const ServiceName = "eventbus-demo"

// DefaultPartitions is the partition count of each demo topic.
const DefaultPartitions = 3

// Options configures [Run].
type Options struct {
	// Settings reach the broker and the registry. Run replaces the producer
	// configuration and keeps the rest, topic prefix included.
	Settings config.Settings
	// Definitions are the events to send, each once.
	Definitions []events.Definition
	// Payloads holds one payload per definition, by event type.
	Payloads map[string]any
	// Partitions is the partition count of each topic; 0 means DefaultPartitions.
	Partitions int
	// Group is the consumer group of every consumer. Default:
	// "eventbus-demo-" and a random id, so runs that share a cluster do not
	// share a group.
	Group string
	// Logger receives the producer's and consumers' logs. The default
	// discards them.
	Logger *slog.Logger
}

// Run sends one event of each definition through the producer, reads every
// event back with a consumer group per topic, and compares what arrived with
// what was sent. It returns an error only when the round trip could not run;
// mismatches are in the result (see [Result.Err]).
func Run(ctx context.Context, opts Options) (*Result, error) {
	start := time.Now()
	if opts.Partitions == 0 {
		opts.Partitions = DefaultPartitions
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Group == "" {
		opts.Group = "eventbus-demo-" + uuid.NewString()[:8]
	}
	routes, err := PlanRoutes(opts.Definitions)
	if err != nil {
		return nil, err
	}
	settings := opts.Settings.Clone()
	settings.Producer = ProducerConfig(routes)
	if err := createTopics(ctx, settings, routes, opts.Partitions); err != nil {
		return nil, err
	}

	rec := newRecorder()
	receiverName := "eventbus-demo-" + uuid.NewString()
	for _, r := range routes {
		r.Definition.ConnectAny(receiverName, rec.receive)
		defer r.Definition.DisconnectAny(receiverName)
	}

	producer, err := kafkabus.NewProducer(settings, kafkabus.WithProducerLogger(opts.Logger))
	if err != nil {
		return nil, fmt.Errorf("create producer: %w", err)
	}
	if err := producer.Listen(); err != nil {
		producer.Close(context.Background())
		return nil, fmt.Errorf("connect the producer to the events: %w", err)
	}
	sent, err := send(ctx, routes, opts.Payloads, settings)
	if err == nil && producer.Stats().Failed > 0 {
		// Send returns the failures that happen before an event is queued,
		// but a delivery that fails later is only logged and counted, so
		// without this check the consumers would wait for events that never
		// come.
		err = fmt.Errorf("the producer failed to publish %d of %d events: see its log for the cause",
			producer.Stats().Failed, len(routes))
	}
	if err != nil {
		producer.Close(context.Background())
		return nil, err
	}

	consumeErr := consumeAll(ctx, settings, opts.Group, routes, rec, opts.Logger)
	closeErr := closeProducer(producer)
	if err := errors.Join(consumeErr, closeErr); err != nil {
		return nil, err
	}

	res := &Result{Elapsed: time.Since(start)}
	if err := compare(ctx, settings, routes, sent, rec, res); err != nil {
		return nil, err
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// createTopics creates the demo topics first, because a consumer that
// subscribes to a topic before it exists only finds it after its next
// metadata refresh.
func createTopics(ctx context.Context, s config.Settings, routes []Route, partitions int) error {
	for topic := range topicCounts(routes) {
		if err := bench.CreateTopic(ctx, s.KafkaConfig(), s.FullTopic(topic), partitions); err != nil {
			return err
		}
	}
	return nil
}

// sentEvent is one event as the demo sent it.
type sentEvent struct {
	route    Route
	metadata events.Metadata
	payload  any
}

// send dispatches one event per route, with FromBus unset, so the listening
// producer publishes it. It returns the sent events by id.
func send(ctx context.Context, routes []Route, payloads map[string]any,
	s config.Settings) (map[uuid.UUID]sentEvent, error) {
	sent := make(map[uuid.UUID]sentEvent, len(routes))
	for _, r := range routes {
		def := r.Definition
		payload, ok := payloads[def.EventType()]
		if !ok {
			return nil, fmt.Errorf("no payload for %s: add %s.json to the events directory",
				def.EventType(), def.EventType())
		}
		// The wire carries microseconds, so the demo sends a time that
		// survives the round trip unchanged.
		md, err := events.NewMetadata(def.EventType(), def.MinorVersion(),
			events.WithService(ServiceName), events.WithTime(time.Now().UTC().Truncate(time.Microsecond)))
		if err != nil {
			return nil, err
		}
		if err := def.Dispatch(ctx, events.Event{Metadata: md, Payload: payload}); err != nil {
			return nil, fmt.Errorf("send %s to %s: %w", def.EventType(), s.FullTopic(r.Topic), err)
		}
		sent[md.ID] = sentEvent{route: r, metadata: md, payload: payload}
	}
	return sent, nil
}

// consumeAll runs one consumer per topic, all in group, until each has read
// as many events as were sent to its topic.
func consumeAll(ctx context.Context, s config.Settings, group string, routes []Route, rec *recorder,
	logger *slog.Logger) error {
	var wg sync.WaitGroup
	errs := make(chan error, len(routes))
	for topic, n := range topicCounts(routes) {
		c, err := kafkabus.NewConsumer(s, topic, group,
			kafkabus.FromBeginning(), kafkabus.MaxMessages(n),
			kafkabus.WithHandler(rec.handle), kafkabus.WithLogger(logger))
		if err != nil {
			return fmt.Errorf("create consumer of %s: %w", s.FullTopic(topic), err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.Run(ctx); err != nil {
				errs <- fmt.Errorf("consume %s: %w", s.FullTopic(topic), err)
			}
		}()
	}
	wg.Wait()
	close(errs)

	var all []error
	for err := range errs {
		all = append(all, err)
	}
	return errors.Join(all...)
}

// closeProducer flushes the producer and returns an error for undelivered
// events.
func closeProducer(p *kafkabus.Producer) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	report := p.Close(ctx)
	return report.Err()
}

// recorder keeps what the consumers delivered and what the receivers got.
type recorder struct {
	mu         sync.Mutex
	deliveries map[uuid.UUID]kafkabus.Delivery
	received   map[uuid.UUID]events.Event
}

func newRecorder() *recorder {
	return &recorder{
		deliveries: map[uuid.UUID]kafkabus.Delivery{},
		received:   map[uuid.UUID]events.Event{},
	}
}

// handle records the message position and passes the event on to the
// receivers connected to its definition, as the default handler does.
func (r *recorder) handle(ctx context.Context, d kafkabus.Delivery) error {
	r.mu.Lock()
	r.deliveries[d.Event.Metadata.ID] = d
	r.mu.Unlock()
	return d.Definition.Dispatch(ctx, d.Event)
}

// receive records events that came from the bus. The demo's own sends reach
// it too, with FromBus unset, and are ignored.
func (r *recorder) receive(_ context.Context, e events.Event) error {
	if !e.FromBus {
		return nil
	}
	r.mu.Lock()
	r.received[e.Metadata.ID] = e
	r.mu.Unlock()
	return nil
}

// registryClient returns a client of the settings' registry.
func registryClient(s config.Settings) (*registry.Client, error) {
	return registry.New(s.Registry())
}

// sortRows orders rows by event type.
func sortRows(rows []Row) {
	sort.Slice(rows, func(i, j int) bool { return rows[i].EventType < rows[j].EventType })
}

package kafkabus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"github.com/google/uuid"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/avro"
	"github.com/openedx-go/eventbus/kafkabus/config"
	"github.com/openedx-go/eventbus/registry"
)

// ErrProducerClosed is returned by the produce methods after [Producer.Close].
var ErrProducerClosed = errors.New("producer is closed")

// Producer publishes events to Kafka in the wire format of the Python event bus:
// Avro key and value framed with Schema Registry ids, and the ten CloudEvents
// headers. Create one per process with [NewProducer], because each holds a
// librdkafka client with its own connections and buffers, and call
// [Producer.Close] before exit to deliver what is buffered. All methods are safe
// for concurrent use.
type Producer struct {
	settings config.Settings
	opts     producerOptions
	log      *slog.Logger
	kafka    *kafka.Producer
	registry *registry.Client
	routes   map[string][]config.Route // enabled routes by event type

	keyPlansMu sync.Mutex
	keyPlans   map[string]*keyPlan // by event type + "\x00" + key path
	schemaIDs  sync.Map            // subjectSchema to registered id
	routePlans sync.Map            // routeKey to *routePlan

	// mu guards closed against produce calls in flight; pendingMu guards pending.
	mu        sync.RWMutex
	closed    bool
	pendingMu sync.Mutex
	pending   pendingList
	listening []events.Definition

	delivered atomic.Int64
	failed    atomic.Int64

	// handoff carries encoded messages to the goroutine that hands them to
	// librdkafka, see runHandoff. abandon makes that goroutine give up on a
	// full librdkafka queue after Close timed out.
	handoff     chan *producerMessage
	handoffDone chan struct{}
	abandon     atomic.Bool

	// givenUp lists the events that failed after Close stopped waiting,
	// once collecting is set.
	givenUpMu  sync.Mutex
	collecting bool
	givenUp    []uuid.UUID

	eventsDone  chan struct{}
	stopLogs    func()
	kafkaErrors *kafkaErrorLog // logs client errors, leaving out repeats
}

// keyPlan is the resolved key field and key codec of one event type and key path.
type keyPlan struct {
	field events.KeyField
	codec *avro.Codec
}

// outgoing is one message handed to librdkafka and not yet reported on. It
// travels as the message's Opaque value.
type outgoing struct {
	def     events.Definition
	payload any
	md      events.Metadata
	topic   string
	key     any
	// done receives the delivery report for ProduceAsync and ProduceSync; nil for Produce.
	done chan kafka.TopicPartition

	// The place in the producer's pending list, guarded by its pendingMu.
	// claimed is set by the goroutine that handles the event's report, which
	// removes the event from the list once the report is counted and logged.
	prev, next *outgoing
	listed     bool
	claimed    bool
	seq        uint64 // the list's added count right after this event was pushed
}

// pendingList is the list of events waiting for their delivery report, in the
// order they were produced. Each event carries its own links, so that adding
// and removing one neither allocates nor hashes.
type pendingList struct {
	head, tail *outgoing
	len        int
	added      uint64
}

func (l *pendingList) push(out *outgoing) {
	l.added++
	out.prev, out.next, out.listed, out.seq = l.tail, nil, true, l.added
	if l.tail == nil {
		l.head = out
	} else {
		l.tail.next = out
	}
	l.tail = out
	l.len++
}

// remove unlinks out and reports whether it was in the list.
func (l *pendingList) remove(out *outgoing) bool {
	if !out.listed {
		return false
	}
	if out.prev == nil {
		l.head = out.next
	} else {
		out.prev.next = out.next
	}
	if out.next == nil {
		l.tail = out.prev
	} else {
		out.next.prev = out.prev
	}
	out.prev, out.next, out.listed, out.claimed = nil, nil, false, false
	l.len--
	return true
}

// NewProducer validates settings, including the producer configuration against the
// event catalog, and starts a librdkafka producer with idempotence enabled,
// client.id set to the service name and SASL when configured. Passthrough
// properties in settings.Kafka override these defaults. librdkafka's default
// partitioner (consistent_random, a CRC32 of the key) is kept so that events with
// the same key land on the same partition whichever side produced them.
func NewProducer(settings config.Settings, opts ...ProducerOption) (*Producer, error) {
	o := defaultProducerOptions()
	for _, opt := range opts {
		opt(&o)
	}
	if err := o.validate(); err != nil {
		return nil, fmt.Errorf("new producer: %w", err)
	}
	if err := settings.Validate(); err != nil {
		return nil, fmt.Errorf("new producer: %w", err)
	}
	if err := settings.Producer.Validate(CatalogChecker{Lookup: o.lookup}); err != nil {
		return nil, fmt.Errorf("new producer: %w", err)
	}

	reg := o.registry
	if reg == nil {
		var err error
		if reg, err = registry.New(settings.Registry(), registry.WithLogger(o.logger)); err != nil {
			return nil, fmt.Errorf("new producer: %w", err)
		}
	}
	cfg := producerConfig(settings)
	// A channel of our own stays open after the client closes, unlike kp.Logs().
	logs := make(chan kafka.LogEvent, 64)
	cfg["go.logs.channel"] = logs
	kp, err := kafka.NewProducer(&cfg)
	if err != nil {
		return nil, fmt.Errorf("new producer: create kafka producer for %s: %w", settings.BootstrapServers, err)
	}

	p := &Producer{
		settings:    settings.Clone(),
		opts:        o,
		log:         o.logger,
		kafka:       kp,
		registry:    reg,
		routes:      enabledRoutes(settings.Producer),
		keyPlans:    map[string]*keyPlan{},
		handoff:     make(chan *producerMessage, handoffSize),
		handoffDone: make(chan struct{}),
		eventsDone:  make(chan struct{}),
	}
	p.kafkaErrors = newKafkaErrorLog(p.log)
	p.stopLogs = forwardLibrdkafkaLogs(p.log, logs)
	go p.drainEvents()
	go p.runHandoff()
	return p, nil
}

// producerConfig adds the producer defaults to the shared Kafka settings without
// overriding a passthrough property of the same name.
func producerConfig(s config.Settings) kafka.ConfigMap {
	cfg := s.KafkaConfig()
	defaults := kafka.ConfigMap{
		"enable.idempotence": true,
		// Delivery reports need only the Opaque value, not copies of key and value.
		"go.delivery.report.fields": "none",
	}
	for k, v := range defaults {
		if _, set := cfg[k]; !set {
			cfg[k] = v
		}
	}
	cfg["go.logs.channel.enable"] = true
	return cfg
}

func enabledRoutes(pc config.ProducerConfig) map[string][]config.Route {
	routes := map[string][]config.Route{}
	for _, r := range pc.Routes() {
		if r.Enabled {
			routes[r.EventType] = append(routes[r.EventType], r)
		}
	}
	return routes
}

// Listen connects the producer to every event type with an enabled topic in the
// producer configuration: each event sent in this process is then published to each
// of its enabled topics. Events received from the bus (FromBus) are never published
// again. Calling Listen again has no further effect.
//
// A failure to publish is logged with the data needed to replay the event and
// counted. A failure before the event is queued, such as a payload or key that
// does not encode or a schema registration that fails, is also returned by the
// receiver. The sender's Send then returns it as a [*events.ReceiverError] that
// names the receiver (see [ReceiverName]). A delivery that fails later, asynchronously,
// does not fail the send and is only logged and counted.
//
// The receiver runs inside the sender's Send call. It returns once the event is
// queued, except that the first event of each subject also waits for the schema
// registration, and that a full librdkafka queue (queue.buffering.max.messages)
// makes it wait for room until the sender's context is done.
func (p *Producer) Listen() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return ErrProducerClosed
	}
	if p.listening != nil {
		return nil
	}
	p.listening = []events.Definition{}
	for _, eventType := range sortedRouteTypes(p.routes) {
		def, err := p.opts.lookup(eventType)
		if err != nil {
			return fmt.Errorf("listen to %q: %w", eventType, err)
		}
		def.ConnectAny(p.opts.receiverName, p.receiver(def, p.routes[eventType]))
		p.listening = append(p.listening, def)
	}
	p.log.Info("producer listening", "event_types", len(p.listening))
	return nil
}

func (p *Producer) receiver(def events.Definition, routes []config.Route) func(context.Context, events.Event) error {
	return func(ctx context.Context, e events.Event) error {
		if e.FromBus {
			p.log.Debug("event from the bus not published again",
				attrEventType, def.EventType(), attrEventID, e.Metadata.ID.String())
			return nil
		}
		var errs []error
		for _, r := range routes {
			if err := p.Produce(ctx, def, r.Topic, r.KeyField, e.Payload, e.Metadata); err != nil {
				p.logFailure(def, p.settings.FullTopic(r.Topic), nil, e.Payload, e.Metadata, err)
				errs = append(errs, err)
			}
		}
		return errors.Join(errs...)
	}
}

// Produce encodes an event and hands it to librdkafka for asynchronous delivery to
// topic (unprefixed: the topic prefix is added here). keyField is the dotted path of
// the key in the payload. The schemas are registered on first use of each subject.
// A nil error means the event is queued, not delivered: a failed delivery is logged
// with its replay data and counted, and so is an event that librdkafka rejects.
// Produce waits while the producer's queue is full, until ctx is done.
//
// The replay data is read from payload when a failure is logged, so a payload
// passed by pointer must not change until the event's delivery report. Pass the
// payload by value to reuse the struct at once.
func (p *Producer) Produce(ctx context.Context, def events.Definition, topic, keyField string,
	payload any, md events.Metadata) error {
	_, err := p.produce(ctx, def, topic, keyField, payload, md, nil)
	return err
}

// ProduceSync is [Producer.Produce] that waits for the broker's acknowledgement and
// returns where the event was written. A delivery failure is returned, not logged.
// When ctx ends first, the event may still be delivered later.
func (p *Producer) ProduceSync(ctx context.Context, def events.Definition, topic, keyField string,
	payload any, md events.Metadata) (kafka.TopicPartition, error) {
	r, err := p.ProduceAsync(ctx, def, topic, keyField, payload, md)
	if err != nil {
		return kafka.TopicPartition{}, err
	}
	return r.Wait(ctx)
}

// ProduceAsync is [Producer.Produce] that returns a [Receipt] for the delivery
// report, so that a caller can queue many events and then wait for each. A delivery
// failure is returned by [Receipt.Wait], not logged.
func (p *Producer) ProduceAsync(ctx context.Context, def events.Definition, topic, keyField string,
	payload any, md events.Metadata) (*Receipt, error) {
	done := make(chan kafka.TopicPartition, 1)
	out, err := p.produce(ctx, def, topic, keyField, payload, md, done)
	if err != nil {
		return nil, err
	}
	return &Receipt{id: md.ID.String(), topic: out.topic, done: done, explain: p.explainFailure}, nil
}

// Receipt is the pending delivery report of one event from [Producer.ProduceAsync].
// Wait may be called from one goroutine only.
type Receipt struct {
	id     string
	topic  string
	done   chan kafka.TopicPartition
	result *kafka.TopicPartition
	// explain adds to a delivery error the cause that the producer recorded,
	// such as an unreachable broker.
	explain func(error) error
}

// Wait returns where the event was written once the broker acknowledged it, or the
// delivery error. When ctx ends first it returns ctx's error, and a later Wait can
// still return the report.
func (r *Receipt) Wait(ctx context.Context) (kafka.TopicPartition, error) {
	if r.result == nil {
		select {
		case tp := <-r.done:
			r.result = &tp
		case <-ctx.Done():
			return kafka.TopicPartition{}, fmt.Errorf("deliver event %s to topic %s: no delivery report yet: %w",
				r.id, r.topic, r.explain(context.Cause(ctx)))
		}
	}
	if r.result.Error != nil {
		return *r.result, fmt.Errorf("deliver event %s to topic %s: %w", r.id, r.topic, r.explain(r.result.Error))
	}
	return *r.result, nil
}

func (p *Producer) produce(ctx context.Context, def events.Definition, topic, keyField string,
	payload any, md events.Metadata, done chan kafka.TopicPartition) (*outgoing, error) {
	pm := messagePool.Get().(*producerMessage)
	out, err := p.message(ctx, pm, def, topic, keyField, payload, md)
	if err != nil {
		pm.release()
		p.failed.Add(1)
		return nil, err
	}
	out.done = done
	pm.out = out
	if err := p.handOff(ctx, pm); err != nil {
		pm.release()
		p.failed.Add(1)
		if errors.Is(err, ErrProducerClosed) {
			return nil, err
		}
		return nil, fmt.Errorf("produce event %s to topic %s: %w", md.ID, out.topic, err)
	}
	return out, nil
}

// handoffSize is the number of encoded messages that may wait for runHandoff.
const handoffSize = 1024

// handoffPause is how long handOff waits before it tries a full queue again.
const handoffPause = time.Millisecond

// handOff queues pm for runHandoff and tracks its event as pending. While the
// queue is full it waits without holding the lock that Close takes, until
// there is room, ctx is done or the producer is closed.
func (p *Producer) handOff(ctx context.Context, pm *producerMessage) error {
	for {
		p.mu.RLock()
		if p.closed {
			p.mu.RUnlock()
			return ErrProducerClosed
		}
		p.track(pm.out)
		select {
		case p.handoff <- pm:
			p.mu.RUnlock()
			return nil
		default:
			p.untrack(pm.out)
		}
		p.mu.RUnlock()

		timer := time.NewTimer(handoffPause)
		select {
		case <-ctx.Done():
			timer.Stop()
			return fmt.Errorf("producer queue is full, check that the broker is reachable: %w", context.Cause(ctx))
		case <-timer.C:
		}
	}
}

// runHandoff hands the encoded messages to librdkafka in the order they were
// produced, until Close closes the handoff channel. librdkafka's Produce call
// with ten headers takes longer than encoding an event, so this goroutine makes
// it while the caller encodes the next event. A message that librdkafka rejects
// is a failed delivery.
func (p *Producer) runHandoff() {
	defer close(p.handoffDone)
	for pm := range p.handoff {
		if err := p.enqueue(&pm.msg); err != nil {
			p.rejected(pm.out, fmt.Errorf("librdkafka rejected the message: %w", err))
		}
		pm.release()
	}
}

// rejected reports an event that never reached librdkafka's queue like a failed
// delivery: to its receipt, or else in the error log with its replay data.
func (p *Producer) rejected(out *outgoing, err error) {
	if p.claim(out) {
		p.failAt(out, err)
		out.recycle()
	}
}

// outgoingPool is the pool of outgoing values that recycle returns.
var outgoingPool = sync.Pool{New: func() any { return new(outgoing) }}

// recycle returns out to outgoingPool once its event can have no further
// report: after its one delivery report, or after librdkafka rejected it. An
// event with a receipt is left alone, because the receipt's report may point
// into it.
func (out *outgoing) recycle() {
	if out.done == nil {
		*out = outgoing{}
		outgoingPool.Put(out)
	}
}

// enqueue hands msg to librdkafka, waiting while its queue is full unless Close
// gave up waiting.
func (p *Producer) enqueue(msg *kafka.Message) error {
	for {
		err := p.kafka.Produce(msg, nil)
		if err == nil {
			return nil
		}
		var kerr kafka.Error
		if !errors.As(err, &kerr) || kerr.Code() != kafka.ErrQueueFull {
			return err
		}
		if p.abandon.Load() {
			return fmt.Errorf("producer closed while librdkafka's queue was full: %w", err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// producerMessage is a Kafka message with the buffers of its value and
// headers, reused from one produce call to the next through messagePool.
// Reuse is safe because Produce copies what it sends before returning:
// confluent-kafka-go v2.11.1 passes RD_KAFKA_MSG_F_COPY for the key and
// value and copies each header key and value to C memory.
type producerMessage struct {
	msg     kafka.Message
	out     *outgoing
	headers []kafka.Header
	values  []byte // header values
	value   []byte // framed message value
}

var messagePool = sync.Pool{New: func() any { return new(producerMessage) }}

// release drops the references to the event and returns pm to the pool.
func (pm *producerMessage) release() {
	pm.msg, pm.out = kafka.Message{}, nil
	messagePool.Put(pm)
}

// message encodes the key and value and fills pm with the Kafka message.
func (p *Producer) message(ctx context.Context, pm *producerMessage, def events.Definition, topic, keyField string,
	payload any, md events.Metadata) (*outgoing, error) {
	out := outgoingPool.Get().(*outgoing)
	*out = outgoing{def: def, payload: payload, md: md}
	wrap := func(step string, err error) error {
		return fmt.Errorf("produce %q event %s to topic %s: %s: %w", def.EventType(), md.ID,
			p.settings.FullTopic(topic), step, err)
	}
	if !def.Sendable() {
		return out, wrap("check event", events.ErrNotSendable)
	}
	if md.EventType != def.EventType() {
		return out, wrap("check metadata", fmt.Errorf("metadata event type %q does not match", md.EventType))
	}
	if err := md.Validate(); err != nil {
		return out, wrap("check metadata", err)
	}
	plan, err := p.routePlan(def, topic, keyField)
	if err != nil {
		return out, wrap("encode key", err)
	}
	out.topic = plan.fullTopic

	key, keyValue, err := p.encodeKey(ctx, plan, def, keyField, payload)
	out.key = keyValue
	if err != nil {
		return out, wrap("encode key", err)
	}
	pm.value, err = p.encodeValue(ctx, plan, def, payload, pm.value[:0])
	if err != nil {
		return out, wrap("encode value", err)
	}
	pm.headers, pm.values = appendMetadataHeaders(pm.headers[:0], pm.values[:0], md)
	pm.msg = kafka.Message{
		TopicPartition: kafka.TopicPartition{Topic: &out.topic, Partition: kafka.PartitionAny},
		Key:            key,
		Value:          pm.value,
		Headers:        pm.headers,
		Opaque:         out,
	}
	return out, nil
}

// routeKey identifies the encoding of one event type to one topic with one
// key field.
type routeKey struct {
	schema    *avro.Schema
	eventType string
	topic     string
	keyField  string
}

// routePlan is the encoding state of one route, resolved once: the full
// topic, the subjects, the key plan, the registered schema ids once known,
// and the framed key of the last event.
type routePlan struct {
	fullTopic    string
	keySubject   string
	valueSubject string
	key          *keyPlan
	keyID        atomic.Int64 // 0 until registered
	valueID      atomic.Int64 // 0 until registered
	lastKey      atomic.Pointer[framedKey]
}

// framedKey is a string key value and its framed Avro encoding. Consecutive
// events often share a key, such as a course key, so the last one is kept.
type framedKey struct {
	value string
	bytes []byte
}

func (p *Producer) routePlan(def events.Definition, topic, keyField string) (*routePlan, error) {
	rk := routeKey{schema: def.Schema(), eventType: def.EventType(), topic: topic, keyField: keyField}
	if plan, ok := p.routePlans.Load(rk); ok {
		return plan.(*routePlan), nil
	}
	kp, err := p.keyPlan(def, keyField)
	if err != nil {
		return nil, err
	}
	fullTopic := p.settings.FullTopic(topic)
	plan := &routePlan{
		fullTopic:    fullTopic,
		keySubject:   registry.KeySubject(fullTopic, kp.field.AvroType),
		valueSubject: registry.ValueSubject(fullTopic, def.EventType()),
		key:          kp,
	}
	actual, _ := p.routePlans.LoadOrStore(rk, plan)
	return actual.(*routePlan), nil
}

// registeredID returns the schema id cached in id, registering the schema
// under subject on first use.
func (p *Producer) registeredID(ctx context.Context, id *atomic.Int64, subject string,
	schema *avro.Schema) (int, error) {
	if n := id.Load(); n > 0 {
		return int(n), nil
	}
	n, err := p.schemaID(ctx, subject, schema)
	if err != nil {
		return 0, err
	}
	if n > 0 {
		id.Store(int64(n))
	}
	return n, nil
}

// encodeKey returns the framed key and the key value. The framed bytes of
// the last string key are shared by the messages that repeat it, which is
// safe because Produce copies the key and nothing writes to it.
func (p *Producer) encodeKey(ctx context.Context, plan *routePlan, def events.Definition, keyField string,
	payload any) ([]byte, any, error) {
	value, err := def.KeyValue(payload, keyField)
	if err != nil {
		return nil, nil, err
	}
	text, isString := value.(string)
	if last := plan.lastKey.Load(); isString && last != nil && last.value == text {
		return last.bytes, value, nil
	}

	body, err := plan.key.codec.EncodeValue(value)
	if err != nil {
		return nil, value, err
	}
	id, err := p.registeredID(ctx, &plan.keyID, plan.keySubject, plan.key.field.Schema)
	if err != nil {
		return nil, value, err
	}
	framed := registry.Frame(id, body)
	if isString {
		plan.lastKey.Store(&framedKey{value: text, bytes: framed})
	}
	return framed, value, nil
}

// encodeValue appends the framed value to dst.
func (p *Producer) encodeValue(ctx context.Context, plan *routePlan, def events.Definition, payload any,
	dst []byte) ([]byte, error) {
	// The body is encoded after a header with id 0 first, so that an invalid
	// payload fails before any registration, and the header is written again
	// in place once the id is known.
	start := len(dst)
	out, err := def.AppendEncode(registry.AppendFrame(dst, 0, nil), payload)
	if err != nil {
		return nil, err
	}
	id, err := p.registeredID(ctx, &plan.valueID, plan.valueSubject, def.Schema())
	if err != nil {
		return nil, err
	}
	registry.AppendFrame(out[:start], id, nil)
	return out, nil
}

// subjectSchema identifies a registration: a subject and a schema by identity.
type subjectSchema struct {
	subject string
	schema  *avro.Schema
}

// schemaID registers schema under subject on first use and then returns the cached
// id. The cache is keyed by the schema pointer, which definitions keep for their
// lifetime, so a hit costs no hashing of the schema text.
func (p *Producer) schemaID(ctx context.Context, subject string, schema *avro.Schema) (int, error) {
	key := subjectSchema{subject, schema}
	if id, ok := p.schemaIDs.Load(key); ok {
		return id.(int), nil
	}
	reg, err := p.registry.Register(ctx, subject, schema)
	if err != nil && registry.IsTransient(err) {
		return 0, fmt.Errorf("%w: check that EVENT_BUS_KAFKA_SCHEMA_REGISTRY_URL "+
			"(--schema-registry-url) names a running Schema Registry", err)
	}
	if err != nil {
		return 0, err // names the subject and the schema
	}
	if reg.New {
		p.log.Info("schema registered", "subject", subject, attrSchemaID, reg.ID, "version", reg.Version)
	}
	p.schemaIDs.Store(key, reg.ID)
	return reg.ID, nil
}

func (p *Producer) keyPlan(def events.Definition, path string) (*keyPlan, error) {
	cacheKey := def.EventType() + "\x00" + path
	p.keyPlansMu.Lock()
	defer p.keyPlansMu.Unlock()
	if plan, ok := p.keyPlans[cacheKey]; ok {
		return plan, nil
	}
	field, err := def.KeyField(path)
	if err != nil {
		return nil, fmt.Errorf("event_key_field %q: %w", path, err)
	}
	codec, err := avro.NewCodec(field.Schema)
	if err != nil {
		return nil, fmt.Errorf("event_key_field %q: key schema: %w", path, err)
	}
	plan := &keyPlan{field: field, codec: codec}
	p.keyPlans[cacheKey] = plan
	return plan, nil
}

func (p *Producer) track(out *outgoing) {
	p.pendingMu.Lock()
	p.pending.push(out)
	p.pendingMu.Unlock()
}

// untrack removes out and reports whether it was still pending.
func (p *Producer) untrack(out *outgoing) bool {
	p.pendingMu.Lock()
	defer p.pendingMu.Unlock()
	return p.pending.remove(out)
}

// claim makes the caller the one goroutine that handles the report of out. It
// returns false when out is no longer pending or another goroutine claimed it.
// The event stays pending, for Flush and Close, until settle.
func (p *Producer) claim(out *outgoing) bool {
	p.pendingMu.Lock()
	defer p.pendingMu.Unlock()
	if !out.listed || out.claimed {
		return false
	}
	out.claimed = true
	return true
}

// settle counts a claimed event as delivered or failed and removes it from the
// pending list in one step, so that Stats never counts it twice.
func (p *Producer) settle(out *outgoing, delivered bool) {
	p.pendingMu.Lock()
	defer p.pendingMu.Unlock()
	p.pending.remove(out)
	if delivered {
		p.delivered.Add(1)
	} else {
		p.failed.Add(1)
	}
}

// Pending returns the number of events accepted by Produce whose delivery report
// has not been processed yet, including those that wait to be handed to librdkafka.
func (p *Producer) Pending() int {
	p.pendingMu.Lock()
	defer p.pendingMu.Unlock()
	return p.pending.len
}

// ProducerStats counts the events of a producer since it was created.
type ProducerStats struct {
	Delivered int64 // acknowledged by the broker
	Failed    int64 // failed to encode, queue or deliver
	Pending   int64 // queued, until its delivery report is handled
}

// Stats returns the producer's counters. An event moves from Pending to
// Delivered or Failed in one step, once its report is logged.
func (p *Producer) Stats() ProducerStats {
	p.pendingMu.Lock()
	defer p.pendingMu.Unlock()
	return ProducerStats{Delivered: p.delivered.Load(), Failed: p.failed.Load(), Pending: int64(p.pending.len)}
}

// added returns how many events have been added to the pending list so far.
func (p *Producer) added() uint64 {
	p.pendingMu.Lock()
	defer p.pendingMu.Unlock()
	return p.pending.added
}

// doneUpTo reports whether none of the first n events added to the pending
// list is still in it.
func (p *Producer) doneUpTo(n uint64) bool {
	p.pendingMu.Lock()
	defer p.pendingMu.Unlock()
	return p.pending.head == nil || p.pending.head.seq > n
}

// pendingUpTo returns how many of the first n events added to the pending
// list are still in it.
func (p *Producer) pendingUpTo(n uint64) int {
	p.pendingMu.Lock()
	defer p.pendingMu.Unlock()
	count := 0
	for out := p.pending.head; out != nil && out.seq <= n; out = out.next {
		count++
	}
	return count
}

func sortedRouteTypes(routes map[string][]config.Route) []string {
	types := make([]string, 0, len(routes))
	for t := range routes {
		types = append(types, t)
	}
	slices.Sort(types)
	return types
}

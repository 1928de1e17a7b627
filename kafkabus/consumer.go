package kafkabus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"

	"github.com/openedx-go/eventbus/events/catalog"
	"github.com/openedx-go/eventbus/kafkabus/config"
	"github.com/openedx-go/eventbus/registry"
)

// Log attribute keys shared by the consumer's log lines.
const (
	attrTopic     = "topic"
	attrPartition = "partition"
	attrOffset    = "offset"
	attrGroup     = "group"
	attrEventType = "event_type"
	attrEventID   = "event_id"
	attrSchemaID  = "schema_id"
	attrKey       = "key"
	attrCategory  = "category"
	attrErr       = "err"
)

// Consumer reads events of one topic as a member of a consumer group, decodes
// them and hands them to a [Handler]. Create it with [NewConsumer] and call
// [Consumer.Run] once. A Consumer is not safe for concurrent use.
type Consumer struct {
	settings config.Settings
	topic    string // full topic, with the prefix
	group    string
	opts     consumerOptions
	log      *slog.Logger
	kafkaCfg kafka.ConfigMap

	kc       *kafka.Consumer
	dlq      *deadLetterProducer
	commits  *commitTracker
	keyCache *keyDecoder
	// kafkaErrors logs the client's error events, leaving out repeats.
	kafkaErrors *kafkaErrorLog

	cooperative  bool
	fatal        bool
	resetDone    map[partitionID]bool
	rebalanceErr error

	// commitInFlight receives the result of the asynchronous commit in
	// flight; nil when there is none.
	commitInFlight chan commitResult

	commitRetryAt     time.Time
	consecutiveErrors int
	finished          int
	retries           map[partitionID]retryState
	lastErr           error
}

// NewConsumer returns a consumer of topic (unprefixed: EVENT_BUS_TOPIC_PREFIX
// is applied) in consumer group. Offsets are committed only for messages that
// are finished, in batches, never automatically. It checks the settings and
// options but does not connect: [Consumer.Run] does.
//
// Create the topic before Run subscribes. librdkafka notices a topic created
// later only at its next metadata refresh (topic.metadata.refresh.interval.ms,
// 300000 by default). Until then the consumer logs the topic as not
// available and receives nothing.
func NewConsumer(settings config.Settings, topic, group string, opts ...ConsumerOption) (*Consumer, error) {
	if topic == "" {
		return nil, errors.New("new consumer: topic is empty: name the topic to consume")
	}
	if group == "" {
		return nil, errors.New("new consumer: group is empty: name the consumer group")
	}
	if err := settings.Validate(); err != nil {
		return nil, fmt.Errorf("new consumer: %w", err)
	}
	o := defaultConsumerOptions()
	for _, opt := range opts {
		opt(&o)
	}
	if err := o.validate(); err != nil {
		return nil, fmt.Errorf("new consumer: %w", err)
	}
	if o.handler == nil {
		o.handler = dispatchHandler
	}
	if o.lookup == nil {
		o.lookup = catalog.Lookup
	}
	if o.schemas == nil {
		client, err := registry.New(settings.Registry(), registry.WithLogger(o.logger))
		if err != nil {
			return nil, fmt.Errorf("new consumer: %w", err)
		}
		o.schemas = client
	}

	c := &Consumer{
		settings:  settings,
		topic:     settings.FullTopic(topic),
		group:     group,
		opts:      o,
		log:       o.logger.With(attrTopic, settings.FullTopic(topic), attrGroup, group),
		commits:   newCommitTracker(o.commitEvery, o.commitInterval),
		keyCache:  newKeyDecoder(o.schemas),
		resetDone: map[partitionID]bool{},
		retries:   map[partitionID]retryState{},
	}
	c.kafkaErrors = newKafkaErrorLog(c.log)
	c.kafkaCfg = c.consumerConfig()
	return c, nil
}

// Topic returns the full name of the consumed topic, with the prefix.
func (c *Consumer) Topic() string { return c.topic }

func (c *Consumer) consumerConfig() kafka.ConfigMap {
	cfg := c.settings.KafkaConfig()
	if _, ok := cfg["auto.offset.reset"]; !ok || c.opts.fromBeginning {
		cfg["auto.offset.reset"] = "latest"
		if c.opts.fromBeginning {
			cfg["auto.offset.reset"] = "earliest"
		}
	}
	cfg["group.id"] = c.group
	cfg["enable.auto.commit"] = false
	cfg["enable.auto.offset.store"] = false
	cfg["go.logs.channel.enable"] = true
	return cfg
}

// Run consumes until ctx is canceled, the message limit is reached, the
// consecutive errors limit is reached or Kafka reports a fatal error. On the
// way out it finishes the message in progress, commits the offsets of the
// finished messages and leaves the group. It returns nil after a
// cancellation or when the message limit is reached, [ErrConsumersDisabled]
// when consumers are disabled, and otherwise the error that ended it.
func (c *Consumer) Run(ctx context.Context) (err error) {
	if !c.settings.ConsumersEnabled {
		return ErrConsumersDisabled
	}
	if c.kc != nil {
		return errors.New("consumer: Run was already called: create a new consumer")
	}
	stopLogs, err := c.open()
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, c.close(stopLogs)) }()

	c.log.Info("consumer started", "commit_every", c.opts.commitEvery,
		"commit_interval", c.opts.commitInterval, "dead_letter_topic", c.dlqTopic())
	err = c.loop(ctx)
	if ferr := c.flushCommits(3); ferr != nil {
		err = errors.Join(err, ferr)
	}
	return err
}

func (c *Consumer) open() (stopLogs func(), err error) {
	logs := make(chan kafka.LogEvent, 64)
	cfg := cloneConfig(c.kafkaCfg)
	cfg["go.logs.channel"] = logs
	kc, err := kafka.NewConsumer(&cfg)
	if err != nil {
		return nil, fmt.Errorf("create kafka consumer for topic %s: %w", c.topic, err)
	}
	stopLogs = forwardLibrdkafkaLogs(c.log, logs)

	if c.opts.deadLetterTopic != "" {
		c.dlq, err = newDeadLetterProducer(c.settings, c.dlqTopic(), c.log)
		if err != nil {
			kc.Close()
			stopLogs()
			return nil, err
		}
	}
	c.kc = kc
	c.cooperative = false
	if err := kc.Subscribe(c.topic, c.rebalance); err != nil {
		c.close(stopLogs)
		return nil, fmt.Errorf("subscribe to topic %s: %w", c.topic, err)
	}
	return stopLogs, nil
}

func (c *Consumer) dlqTopic() string {
	if c.opts.deadLetterTopic == "" {
		return ""
	}
	return c.settings.FullTopic(c.opts.deadLetterTopic)
}

// close leaves the group and releases the clients. Closing the Kafka
// consumer runs the revocation callback, which finds nothing left to commit.
func (c *Consumer) close(stopLogs func()) error {
	var errs []error
	if err := c.closeKafka(); err != nil {
		errs = append(errs, err)
	}
	if c.dlq != nil {
		errs = append(errs, c.dlq.close())
	}
	stopLogs()
	c.log.Info("consumer stopped", "finished_messages", c.finished)
	return errors.Join(errs...)
}

// Bounds on closing the Kafka consumer.
const (
	closeTimeout      = 30 * time.Second
	fatalCloseTimeout = 2 * time.Second
)

// closeKafka closes the Kafka consumer, waiting at most closeTimeout, or
// fatalCloseTimeout after a fatal error.
//
// NOTE: with librdkafka 2.11, closing a static group member that the broker
// fenced (a fatal error) never returns. The client is then left open, which
// costs its threads and memory until the process exits.
func (c *Consumer) closeKafka() error {
	done := make(chan error, 1)
	go func() { done <- c.kc.Close() }()
	wait := closeTimeout
	if c.fatal {
		wait = fatalCloseTimeout
	}
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("close kafka consumer: %w", err)
		}
		return nil
	case <-time.After(wait):
		c.log.Error("kafka consumer did not close in time, leaving it open", "timeout", wait)
		return fmt.Errorf("close kafka consumer of topic %s: timed out after %s", c.topic, wait)
	}
}

// loop polls and handles messages until the consumer must stop.
func (c *Consumer) loop(ctx context.Context) error {
	for ctx.Err() == nil {
		if c.opts.maxMessages > 0 && c.finished >= c.opts.maxMessages {
			return nil
		}
		if err := c.commitDue(); err != nil {
			return err
		}
		ev := c.kc.Poll(c.pollTimeout())
		if c.rebalanceErr != nil {
			return c.rebalanceErr
		}
		if err := c.handleEvent(ctx, ev); err != nil {
			return err
		}
	}
	return nil
}

// commitDue handles the result of a finished asynchronous commit and starts
// the next commit when a batch is due. With a batch of one message
// ([CommitEveryMessage]) the commit waits for the broker. It returns an
// error only when the consumer must stop.
func (c *Consumer) commitDue() error {
	now := time.Now()
	idle, err := c.checkCommit()
	if err != nil {
		c.commitRetryAt = now.Add(c.opts.retryBackoff)
		if lerr := c.countError(err); lerr != nil {
			return lerr
		}
	}
	if !idle || !c.commits.due(now) || now.Before(c.commitRetryAt) {
		return nil
	}
	if c.opts.commitEvery > 1 {
		c.startCommit(c.commits.take())
		return nil
	}
	if err := c.commitPending(); err != nil {
		c.commitRetryAt = now.Add(c.opts.retryBackoff)
		return c.countError(err)
	}
	return nil
}

// pollTimeout returns the poll timeout in milliseconds: the configured one,
// shortened so a batch of offsets is committed on time.
func (c *Consumer) pollTimeout() int {
	d := c.settings.ConsumerPollTimeout
	if at, ok := c.commits.deadline(); ok {
		d = min(d, time.Until(at))
	}
	return max(int(d.Milliseconds()), 1)
}

func (c *Consumer) handleEvent(ctx context.Context, ev kafka.Event) error {
	switch e := ev.(type) {
	case *kafka.Message:
		if e.TopicPartition.Error != nil {
			return c.pollFailed(ctx, e.TopicPartition.Error)
		}
		return c.process(ctx, e)
	case kafka.Error:
		if e.IsFatal() {
			c.fatal = true
			return fmt.Errorf("consumer of topic %s: fatal kafka error: %w", c.topic, e)
		}
		c.kafkaErrors.record(slog.LevelWarn, "kafka error", e)
	}
	return nil
}

// pollFailed counts a consumer error that came instead of a message, such as
// an unknown topic, and pauses before the next poll.
func (c *Consumer) pollFailed(ctx context.Context, err error) error {
	c.log.Warn("poll failed", attrErr, err, "consecutive_errors", c.consecutiveErrors+1)
	if lerr := c.countError(err); lerr != nil {
		return lerr
	}
	sleep(ctx, c.settings.ConsumerPollFailureSleep)
	return nil
}

// countError adds one to the consecutive errors and returns the error that
// ends the consumer once the limit is reached.
func (c *Consumer) countError(err error) error {
	c.consecutiveErrors++
	c.lastErr = err
	limit := c.settings.ConsumerConsecutiveErrorsLimit
	if limit > 0 && c.consecutiveErrors >= limit {
		return fmt.Errorf("consumer of topic %s: %w: %d in a row (EVENT_BUS_KAFKA_CONSUMER_CONSECUTIVE_ERRORS_LIMIT=%d), last: %w",
			c.topic, ErrTooManyErrors, c.consecutiveErrors, limit, err)
	}
	return nil
}

// sleep waits for d or until ctx is done, and reports whether the full wait
// passed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func cloneConfig(cfg kafka.ConfigMap) kafka.ConfigMap {
	out := make(kafka.ConfigMap, len(cfg)+1)
	for k, v := range cfg {
		out[k] = v
	}
	return out
}

// forwardLibrdkafkaLogs writes librdkafka's log lines to l, at the level
// from [librdkafkaLogLevel], until the returned function is called, after the
// client is closed.
func forwardLibrdkafkaLogs(l *slog.Logger, logs chan kafka.LogEvent) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case ev := <-logs:
				l.Log(context.Background(), librdkafkaLogLevel(ev), "librdkafka: "+ev.Message,
					"facility", ev.Tag, "client", ev.Name)
			case <-done:
				return
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}

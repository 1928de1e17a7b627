package kafkabus

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/catalog"
	"github.com/openedx-go/eventbus/registry"
)

// Producer defaults.
const (
	// DefaultCloseTimeout bounds [Producer.Close] when its context has no earlier
	// deadline.
	DefaultCloseTimeout = 30 * time.Second
	// DefaultReceiverName is the name under which [Producer.Listen] connects to
	// each event.
	DefaultReceiverName = "kafkabus-producer"
)

// ProducerOption configures [NewProducer].
type ProducerOption func(*producerOptions)

type producerOptions struct {
	logger       *slog.Logger
	registry     *registry.Client
	lookup       func(eventType string) (events.Definition, error)
	receiverName string
	closeTimeout time.Duration
}

func defaultProducerOptions() producerOptions {
	return producerOptions{
		logger:       slog.Default(),
		lookup:       catalog.Lookup,
		receiverName: DefaultReceiverName,
		closeTimeout: DefaultCloseTimeout,
	}
}

func (o producerOptions) validate() error {
	var errs []error
	if o.logger == nil {
		errs = append(errs, errors.New("producer logger is nil: pass a *slog.Logger or leave the option out"))
	}
	if o.lookup == nil {
		errs = append(errs, errors.New("producer event lookup is nil: pass a function such as catalog.Lookup"))
	}
	if o.receiverName == "" {
		errs = append(errs, errors.New("producer receiver name is empty: name the receiver"))
	}
	if o.closeTimeout <= 0 {
		errs = append(errs, fmt.Errorf("producer close timeout %s is invalid: use a positive duration",
			o.closeTimeout))
	}
	return errors.Join(errs...)
}

// WithProducerLogger sets the producer's logger for delivery failures, audit lines
// and librdkafka's own log lines. The default is slog.Default(), so that a failed
// delivery is never dropped silently. Audit lines are written only when
// EVENT_BUS_KAFKA_AUDIT_LOGGING_ENABLED is on. To discard everything, pass
// slog.New(slog.DiscardHandler).
func WithProducerLogger(l *slog.Logger) ProducerOption {
	return func(o *producerOptions) { o.logger = l }
}

// WithRegistryClient sets the Schema Registry client. The default is a new client
// built from the settings' registry URL and credentials.
func WithRegistryClient(c *registry.Client) ProducerOption {
	return func(o *producerOptions) { o.registry = c }
}

// WithProducerEventLookup sets how event types named in the producer configuration
// are resolved to definitions. The default is [catalog.Lookup].
func WithProducerEventLookup(lookup func(eventType string) (events.Definition, error)) ProducerOption {
	return func(o *producerOptions) { o.lookup = lookup }
}

// ReceiverName sets the name under which [Producer.Listen] connects its receiver to
// each event. The default is [DefaultReceiverName].
func ReceiverName(name string) ProducerOption {
	return func(o *producerOptions) { o.receiverName = name }
}

// CloseTimeout bounds how long [Producer.Close] waits for outstanding deliveries
// when its context has no earlier deadline. The default is [DefaultCloseTimeout].
func CloseTimeout(d time.Duration) ProducerOption {
	return func(o *producerOptions) { o.closeTimeout = d }
}

package kafkabus

import (
	"fmt"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/catalog"
	"github.com/openedx-go/eventbus/kafkabus/config"
)

// CatalogChecker checks a producer configuration against event definitions. Its
// zero value uses [catalog.Lookup]. It implements [config.Catalog].
type CatalogChecker struct {
	// Lookup resolves an event type; nil means catalog.Lookup.
	Lookup func(eventType string) (events.Definition, error)
}

var _ config.Catalog = CatalogChecker{}

func (c CatalogChecker) lookup(eventType string) (events.Definition, error) {
	if c.Lookup != nil {
		return c.Lookup(eventType)
	}
	return catalog.Lookup(eventType)
}

// CheckEventType returns an error when eventType is unknown or is never sent over
// the bus.
func (c CatalogChecker) CheckEventType(eventType string) error {
	def, err := c.lookup(eventType)
	if err != nil {
		return err
	}
	if !def.Sendable() {
		return fmt.Errorf("%w: remove this event type from the producer configuration", events.ErrNotSendable)
	}
	return nil
}

// CheckKeyField returns an error when path does not lead from the payload key to a
// required field of a primitive type, the only kind of field that can be a key.
func (c CatalogChecker) CheckKeyField(eventType, path string) error {
	def, err := c.lookup(eventType)
	if err != nil {
		return err
	}
	if _, err := def.KeyField(path); err != nil {
		return fmt.Errorf("%w: use a required string, number or boolean field such as %q", err,
			suggestKeyField(def))
	}
	return nil
}

// suggestKeyField returns the documented key path when it works, else a generic hint.
func suggestKeyField(def events.Definition) string {
	if path := def.DefaultKeyField(); path != "" {
		if _, err := def.KeyField(path); err == nil {
			return path
		}
	}
	return def.PayloadKey() + ".<field>"
}

package main

import (
	"fmt"
	"strings"

	"github.com/openedx-go/eventbus/events"
)

// notSendableError reports an event type that cannot be sent over the event
// bus, with the reason. It wraps [events.ErrNotSendable].
type notSendableError struct {
	eventType string
	reason    string
}

func (e *notSendableError) Error() string {
	return fmt.Sprintf("event type %q is not sendable over the event bus: %s", e.eventType, e.reason)
}

func (e *notSendableError) Unwrap() error { return events.ErrNotSendable }

// checkSendable returns a *notSendableError for an event that is not sendable.
func checkSendable(def events.Definition) error {
	if def.Sendable() {
		return nil
	}
	return &notSendableError{eventType: def.EventType(), reason: notSendableReason(def)}
}

// notSendableReason explains why def is not sendable: its payload fields that
// have no Avro type, such as an io.Reader, or else that it is kept in-process.
func notSendableReason(def events.Definition) string {
	var fields []string
	for _, f := range events.PayloadFields(def) {
		// PayloadFields describes a field without an Avro type as "(none: ...)".
		if strings.HasPrefix(f.AvroType, "(none") {
			fields = append(fields, fmt.Sprintf("%s (%s)", f.Path, f.GoType))
		}
	}
	if len(fields) > 0 {
		return "its payload holds values that cannot be serialized (" + strings.Join(fields, ", ") +
			"), so it exists for in-process use only"
	}
	return "the Open edX services keep it in-process, so it exists for in-process use only"
}

package analytics

import (
	"time"
)

// TrackingLogData is the payload of TrackingEventEmitted.
type TrackingLogData struct {
	// Name is the "name" field, a string.
	Name string `avro:"name"`

	// Timestamp is the "timestamp" field, a time.
	Timestamp time.Time `avro:"timestamp"`

	// Data is the "data" field, a string.
	Data string `avro:"data"`

	// Context is the "context" field, a string.
	Context string `avro:"context"`
}

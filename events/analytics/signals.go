package analytics

import "github.com/openedx-go/eventbus/events"

// The event definitions of the analytics subdomain.
var (
	// TrackingEventEmitted is the event "org.openedx.analytics.tracking.event.emitted.v1"
	// (TRACKING_EVENT_EMITTED in openedx-events). Its payload, of type TrackingLogData, is
	// under the key "tracking_log". The documented event key field is "tracking_log.name".
	TrackingEventEmitted = events.NewSignal[TrackingLogData](events.Spec{
		EventType:       "org.openedx.analytics.tracking.event.emitted.v1",
		Name:            "TrackingEventEmitted",
		Subdomain:       "analytics",
		MinorVersion:    0,
		PayloadKey:      "tracking_log",
		DefaultKeyField: "tracking_log.name",
	})
)

// Definitions returns the event definitions of the analytics subdomain in
// declaration order.
func Definitions() []events.Definition {
	return []events.Definition{
		TrackingEventEmitted,
	}
}

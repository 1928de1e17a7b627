package demo

import (
	"strings"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/kafkabus/config"
)

// Route is the topic and key field to which the demo produces one event type.
type Route struct {
	Definition events.Definition
	// Topic is unprefixed: "demo-<subdomain>", e.g. "demo-content-authoring".
	Topic string
	// KeyField is the event_key_field; see [KeyField].
	KeyField string
	// DocumentedKey is false when the event documents no key field and the
	// demo chose one.
	DocumentedKey bool
}

// PlanRoutes returns a route for each definition, one topic per subdomain.
func PlanRoutes(defs []events.Definition) ([]Route, error) {
	routes := make([]Route, 0, len(defs))
	for _, def := range defs {
		path, documented, err := KeyField(def)
		if err != nil {
			return nil, err
		}
		routes = append(routes, Route{
			Definition:    def,
			Topic:         TopicFor(def),
			KeyField:      path,
			DocumentedKey: documented,
		})
	}
	return routes, nil
}

// TopicFor returns the demo topic of def's subdomain.
func TopicFor(def events.Definition) string {
	return "demo-" + strings.ReplaceAll(def.Subdomain(), "_", "-")
}

// ProducerConfig returns the EVENT_BUS_PRODUCER_CONFIG that sends each event
// type to its route's topic, keyed by the route's key field.
func ProducerConfig(routes []Route) config.ProducerConfig {
	pc := make(config.ProducerConfig, len(routes))
	for _, r := range routes {
		pc[r.Definition.EventType()] = map[string]config.TopicConfig{
			r.Topic: {config.KeyEventKeyField: r.KeyField, config.KeyEnabled: true},
		}
	}
	return pc
}

// topicCounts returns the number of routes per topic.
func topicCounts(routes []Route) map[string]int {
	counts := map[string]int{}
	for _, r := range routes {
		counts[r.Topic]++
	}
	return counts
}

// Package catalog lists every Open edX event definition of the subdomain
// packages and finds one by event type.
package catalog

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/analytics"
	"github.com/openedx-go/eventbus/events/authz"
	"github.com/openedx-go/eventbus/events/contentauthoring"
	"github.com/openedx-go/eventbus/events/enterprise"
	"github.com/openedx-go/eventbus/events/learning"
)

// index is the sorted list and the map by event type, built once.
var index = sync.OnceValue(func() catalogIndex {
	var all []events.Definition
	for _, defs := range [][]events.Definition{
		analytics.Definitions(), authz.Definitions(), contentauthoring.Definitions(),
		enterprise.Definitions(), learning.Definitions(),
	} {
		all = append(all, defs...)
	}
	slices.SortFunc(all, func(a, b events.Definition) int { return strings.Compare(a.EventType(), b.EventType()) })

	byType := make(map[string]events.Definition, len(all))
	for _, d := range all {
		byType[d.EventType()] = d
	}
	return catalogIndex{all: all, byType: byType}
})

type catalogIndex struct {
	all    []events.Definition
	byType map[string]events.Definition
}

// All returns every event definition sorted by event type. The slice is a
// copy that the caller may change.
func All() []events.Definition {
	return slices.Clone(index().all)
}

// Serializable returns the definitions that can be sent over the event bus,
// sorted by event type.
func Serializable() []events.Definition {
	return slices.DeleteFunc(All(), func(d events.Definition) bool { return !d.Sendable() })
}

// UnknownEventTypeError reports an event type that is not in the catalog.
type UnknownEventTypeError struct {
	EventType string
	Closest   []string // the nearest known event types, ranked as by [Closest]
}

func (e *UnknownEventTypeError) Error() string {
	msg := fmt.Sprintf("unknown event type %q", e.EventType)
	if len(e.Closest) > 0 {
		msg += "; closest known types: " + strings.Join(e.Closest, ", ")
	}
	return msg
}

// Lookup returns the definition of eventType. An unknown type is an
// *[UnknownEventTypeError] listing the closest known types.
func Lookup(eventType string) (events.Definition, error) {
	if d, ok := index().byType[eventType]; ok {
		return d, nil
	}
	return nil, &UnknownEventTypeError{EventType: eventType, Closest: Closest(eventType, 3)}
}

// Closest returns up to n known event types nearest to s, nearest first. Types
// whose dot-separated parts contain the parts of s in a row, such as
// "login.completed" in "org.openedx.learning.auth.session.login.completed.v1",
// come first, then types that contain s as a substring (both ignoring case),
// then the rest. Within each group, types rank by Levenshtein distance to s,
// ties in event type order.
func Closest(s string, n int) []string {
	type scored struct {
		eventType string
		group     int
		distance  int
	}
	all := index().all
	scores := make([]scored, len(all))
	for i, d := range all {
		scores[i] = scored{d.EventType(), matchGroup(s, d.EventType()), editDistance(s, d.EventType())}
	}
	slices.SortStableFunc(scores, func(a, b scored) int {
		if a.group != b.group {
			return a.group - b.group
		}
		return a.distance - b.distance
	})

	out := make([]string, 0, n)
	for _, sc := range scores[:min(n, len(scores))] {
		out = append(out, sc.eventType)
	}
	return out
}

// matchGroup returns 0 when the dot-separated parts of s occur in a row among
// those of eventType, 1 when eventType contains s, else 2, ignoring case.
func matchGroup(s, eventType string) int {
	s, eventType = strings.ToLower(strings.Trim(s, ".")), strings.ToLower(eventType)
	if s == "" {
		return 2
	}
	if strings.Contains("."+eventType+".", "."+s+".") {
		return 0
	}
	if strings.Contains(eventType, s) {
		return 1
	}
	return 2
}

// editDistance is the Levenshtein distance between a and b in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

package events

import (
	"math"

	"github.com/openedx-go/eventbus/events/avro"
)

// JSONValue returns the record dictionary value v in a form that encoding/json
// can write. Avro doubles may be NaN or infinite, which JSON numbers cannot be, so
// such a double becomes the string "NaN", "Infinity" or "-Infinity", which
// [Signal.FromRecord] reads back as the double. v is returned as it is when it
// holds no such double, and copied otherwise.
func JSONValue(v any) any {
	if !hasNonFinite(v) {
		return v
	}
	return withNonFiniteText(v)
}

func hasNonFinite(v any) bool {
	switch x := v.(type) {
	case float64:
		return math.IsNaN(x) || math.IsInf(x, 0)
	case map[string]any:
		for _, item := range x {
			if hasNonFinite(item) {
				return true
			}
		}
	case []any:
		for _, item := range x {
			if hasNonFinite(item) {
				return true
			}
		}
	}
	return false
}

// withNonFiniteText returns a copy of v with each NaN or infinite double
// replaced by its text.
func withNonFiniteText(v any) any {
	switch x := v.(type) {
	case float64:
		if text, ok := avro.NonFiniteText(x); ok {
			return text
		}
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, item := range x {
			out[k] = withNonFiniteText(item)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, item := range x {
			out[i] = withNonFiniteText(item)
		}
		return out
	}
	return v
}

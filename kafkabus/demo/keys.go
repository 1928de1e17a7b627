package demo

import (
	"fmt"
	"strings"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/avro"
)

// KeyField returns the event_key_field to produce def with: its documented
// default when that is a valid key path, otherwise a field the demo chooses
// (documented is then false). The choice is the best ranked required string
// or long field reached through required records only, in schema order: a
// name ending in "_key" first (course_key, library_key), then an id
// (id, uuid, *_id, *_uuid, *_identifier), then any other. An event with no
// such field is an error.
func KeyField(def events.Definition) (path string, documented bool, err error) {
	if path := def.DefaultKeyField(); path != "" {
		if _, err := def.KeyField(path); err == nil {
			return path, true, nil
		}
	}

	schema := def.Schema()
	if schema == nil {
		return "", false, fmt.Errorf("event %s has no schema: %w", def.EventType(), events.ErrNotSendable)
	}
	best, bestRank := "", len(keyRanks)
	for _, candidate := range keyCandidates(schema.Root(), "", map[*avro.Type]bool{}) {
		rank := keyRank(candidate)
		if rank >= bestRank {
			continue
		}
		if _, err := def.KeyField(candidate); err == nil {
			best, bestRank = candidate, rank
		}
	}
	if best == "" {
		return "", false, fmt.Errorf("event %s has no required string or long field to use as its key: "+
			"set event_key_field in the producer configuration", def.EventType())
	}
	return best, false, nil
}

// keyRanks lists the tests of [keyRank], best first.
var keyRanks = []func(name string) bool{
	func(name string) bool { return strings.HasSuffix(name, "_key") },
	func(name string) bool {
		return name == "id" || name == "uuid" || strings.HasSuffix(name, "_id") ||
			strings.HasSuffix(name, "_uuid") || strings.HasSuffix(name, "identifier")
	},
	func(string) bool { return true },
}

// keyRank returns the index of the first test in keyRanks that the last
// name of path passes.
func keyRank(path string) int {
	name := path[strings.LastIndex(path, ".")+1:]
	for i, test := range keyRanks {
		if test(name) {
			return i
		}
	}
	return len(keyRanks)
}

// keyCandidates lists the dotted paths of the string and long fields under
// the record t, depth first in field order. It does not enter unions, arrays
// or maps, because no path through them can be a key.
func keyCandidates(t *avro.Type, prefix string, seen map[*avro.Type]bool) []string {
	if t == nil || t.Kind != avro.Record || seen[t] {
		return nil
	}
	seen[t] = true
	defer delete(seen, t)

	var paths []string
	for _, f := range t.Fields {
		path := f.Name
		if prefix != "" {
			path = prefix + "." + f.Name
		}
		switch f.Type.Kind {
		case avro.Record:
			paths = append(paths, keyCandidates(f.Type, path, seen)...)
		case avro.String, avro.Long, avro.Int:
			paths = append(paths, path)
		}
	}
	return paths
}

package avro

import (
	"fmt"
	"slices"
	"strings"
)

// Level is a schema compatibility level, named as Confluent Schema Registry names them.
type Level string

// The compatibility levels. BACKWARD is the Schema Registry default.
const (
	// LevelNone accepts every schema.
	LevelNone Level = "NONE"
	// LevelBackward requires that the new schema reads data written with the latest one.
	LevelBackward Level = "BACKWARD"
	// LevelBackwardTransitive requires that the new schema reads data written with every
	// earlier one.
	LevelBackwardTransitive Level = "BACKWARD_TRANSITIVE"
	// LevelForward requires that the latest schema reads data written with the new one.
	LevelForward Level = "FORWARD"
	// LevelForwardTransitive requires that every earlier schema reads data written with
	// the new one.
	LevelForwardTransitive Level = "FORWARD_TRANSITIVE"
	// LevelFull requires both BACKWARD and FORWARD.
	LevelFull Level = "FULL"
	// LevelFullTransitive requires both BACKWARD_TRANSITIVE and FORWARD_TRANSITIVE.
	LevelFullTransitive Level = "FULL_TRANSITIVE"
)

var levels = []Level{LevelNone, LevelBackward, LevelBackwardTransitive, LevelForward,
	LevelForwardTransitive, LevelFull, LevelFullTransitive}

// ParseLevel parses a compatibility level name, ignoring case.
func ParseLevel(s string) (Level, error) {
	for _, l := range levels {
		if strings.EqualFold(s, string(l)) {
			return l, nil
		}
	}
	names := make([]string, len(levels))
	for i, l := range levels {
		names[i] = string(l)
	}
	return "", fmt.Errorf("invalid compatibility level %q, use one of %s", s,
		strings.Join(names, ", "))
}

// Incompatibility is one reason a schema fails a compatibility check.
type Incompatibility struct {
	// Path names the field, starting at the top-level record's name, such as
	// CloudEvent.enrollment.user.id. Array items add [] and map values add {}.
	Path string
	// Direction names the reader and the writer, such as "new schema
	// reading data written by version 2". Versions count from 1 for the oldest
	// schema in the history.
	Direction string
	// Message is the reason, such as "field is missing from the writer schema and has
	// no default in the reader schema".
	Message string
}

// String returns the incompatibility as "direction: path: message".
func (i Incompatibility) String() string {
	return i.Direction + ": " + i.Path + ": " + i.Message
}

// CheckCompatibility checks candidate against history (oldest first) at the given level
// and returns every incompatibility found, or nil when the candidate is compatible. An
// empty history is always compatible, and an unknown level is checked as
// FULL_TRANSITIVE, the strictest level. Unlike decoding with a [Resolver], a writer union
// branch or enum symbol the reader cannot read counts as incompatible.
func CheckCompatibility(level Level, candidate *Schema, history []*Schema) []Incompatibility {
	if len(history) == 0 || level == LevelNone {
		return nil
	}
	if !slices.Contains(levels, level) {
		level = LevelFullTransitive
	}
	first := len(history) - 1
	if strings.HasSuffix(string(level), "_TRANSITIVE") {
		first = 0
	}
	backward := level != LevelForward && level != LevelForwardTransitive
	forward := level != LevelBackward && level != LevelBackwardTransitive

	var out []Incompatibility
	for i := len(history) - 1; i >= first; i-- {
		old := history[i]
		if backward {
			dir := fmt.Sprintf("new schema reading data written by version %d", i+1)
			out = append(out, compare(old, candidate, dir)...)
		}
		if forward {
			dir := fmt.Sprintf("version %d reading data written by the new schema", i+1)
			out = append(out, compare(candidate, old, dir)...)
		}
	}
	return out
}

func compare(writer, reader *Schema, direction string) []Incompatibility {
	res := newResolution()
	res.resolve(writer.root, reader.root, rootPath(reader.root))
	out := make([]Incompatibility, 0, len(res.problems))
	for _, p := range res.problems {
		out = append(out, Incompatibility{Path: p.path, Direction: direction, Message: p.message})
	}
	return out
}

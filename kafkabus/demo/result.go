package demo

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/google/uuid"
)

// Row is the round trip of one event.
type Row struct {
	EventType string
	Topic     string // full topic name
	KeyField  string
	// DocumentedKey is false when the demo chose the key field.
	DocumentedKey bool
	EventID       uuid.UUID

	// Received is true when a consumer read the event. Partition, Offset,
	// Key and SchemaID are -1, -1, nil and 0 until then.
	Received  bool
	Partition int32
	Offset    int64
	Key       any
	SchemaID  int

	// Problems lists every difference between what was sent and what
	// arrived; empty means the event matched.
	Problems []string
}

// Match reports whether the event arrived unchanged.
func (r Row) Match() bool { return r.Received && len(r.Problems) == 0 }

// Result is the outcome of [Run].
type Result struct {
	Rows     []Row // sorted by event type
	Sent     int
	Received int // distinct events the consumers read
	Matched  int
	// OnTopics is the number of messages on the demo topics after the run.
	// It equals Sent unless an event was published more than once.
	OnTopics int
	Elapsed  time.Duration
}

// Err returns an error describing what did not match, or nil when every
// event arrived unchanged and exactly once.
func (r *Result) Err() error {
	if r.Matched == r.Sent && r.Received == r.Sent && r.OnTopics == r.Sent {
		return nil
	}
	var parts []string
	if r.Matched != r.Sent {
		parts = append(parts, fmt.Sprintf("%d of %d events did not arrive unchanged", r.Sent-r.Matched, r.Sent))
	}
	if r.Received != r.Sent {
		parts = append(parts, fmt.Sprintf("consumers read %d events, want %d", r.Received, r.Sent))
	}
	if r.OnTopics != r.Sent {
		parts = append(parts, fmt.Sprintf("the topics hold %d messages, want %d", r.OnTopics, r.Sent))
	}
	return fmt.Errorf("demo failed: %s", strings.Join(parts, "; "))
}

// Totals returns the summary line.
func (r *Result) Totals() string {
	return fmt.Sprintf("sent %d, received %d, matched %d, messages on topics %d, time %s",
		r.Sent, r.Received, r.Matched, r.OnTopics, r.Elapsed.Round(time.Millisecond))
}

// Write prints one line per event and the totals. verbose adds the key
// field, the event id and every problem under each line.
func (r *Result) Write(w io.Writer, verbose bool) error {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "EVENT TYPE\tTOPIC\tPARTITION/OFFSET\tKEY\tSCHEMA ID\tMATCH")
	chosen := false
	for _, row := range r.Rows {
		key := formatKey(row.Key)
		if !row.DocumentedKey {
			key += " *"
			chosen = true
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", row.EventType, row.Topic, position(row), key,
			schemaID(row), mark(row.Match()))
	}
	tw.Flush()
	if chosen {
		b.WriteString("\n* the event documents no valid event_key_field, so the demo chose a " +
			"required field of the payload (--verbose shows its path)\n")
	}
	writeDetails(&b, r.Rows, verbose)
	fmt.Fprintf(&b, "\n%s\n", r.Totals())
	_, err := io.WriteString(w, b.String())
	return err
}

// writeDetails lists the problems of each event that did not match, and with
// verbose the key field and id of every event.
func writeDetails(b *strings.Builder, rows []Row, verbose bool) {
	for _, row := range rows {
		if !verbose && row.Match() {
			continue
		}
		fmt.Fprintf(b, "\n%s\n", row.EventType)
		if verbose {
			fmt.Fprintf(b, "  key field %s, event id %s\n", row.KeyField, row.EventID)
		}
		for _, p := range row.Problems {
			fmt.Fprintf(b, "  %s\n", p)
		}
	}
}

func position(row Row) string {
	if !row.Received {
		return "-"
	}
	return fmt.Sprintf("%d/%d", row.Partition, row.Offset)
}

func schemaID(row Row) string {
	if !row.Received {
		return "-"
	}
	return fmt.Sprint(row.SchemaID)
}

// formatKey shows a key value, cut to 40 characters.
func formatKey(v any) string {
	var s string
	switch k := v.(type) {
	case nil:
		return "-"
	case string:
		s = k
	default:
		s = fmt.Sprint(k)
	}
	if r := []rune(s); len(r) > 40 {
		s = string(r[:39]) + "…"
	}
	return s
}

func mark(ok bool) string {
	if ok {
		return "✓"
	}
	return "✗"
}

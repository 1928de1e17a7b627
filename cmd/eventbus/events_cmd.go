package main

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/catalog"
)

func newEventsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "events",
		Short: "List, inspect, encode and decode Open edX event definitions",
		Args:  usageArgs(cobra.NoArgs),
	}
	cmd.AddCommand(newEventsListCmd(), newEventsShowCmd(), newEventsEncodeCmd(), newEventsDecodeCmd())
	return cmd
}

// lookupEvent finds an event definition. An unknown type is a usage error
// that lists the closest known types.
func lookupEvent(eventType string) (events.Definition, error) {
	def, err := catalog.Lookup(eventType)
	if err != nil {
		return nil, usageError(fmt.Errorf("%w (\"eventbus events list\" lists every type)", err))
	}
	return def, nil
}

func newEventsListCmd() *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "list [--output table|json]",
		Short: "List every event type with its Go name, payload key, default key field and sendability",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch output {
			case "table":
				return writeEventTable(cmd.OutOrStdout(), catalog.All())
			case "json":
				return writeEventJSON(cmd.OutOrStdout(), catalog.All())
			}
			return usageError(fmt.Errorf("invalid --output %q: use table or json", output))
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "table", "output format: table or json")
	return cmd
}

// goName returns the package-qualified Go name of a definition, e.g.
// learning.CourseEnrollmentCreated.
func goName(def events.Definition) string {
	pkg := strings.ReplaceAll(def.Subdomain(), "_", "")
	return pkg + "." + def.Name()
}

func writeEventTable(w io.Writer, defs []events.Definition) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "EVENT TYPE\tGO NAME\tPAYLOAD KEY\tDEFAULT KEY FIELD\tSENDABLE")
	for _, def := range defs {
		keyField := def.DefaultKeyField()
		if keyField == "" {
			keyField = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", def.EventType(), goName(def), def.PayloadKey(), keyField,
			yesNo(def.Sendable()))
	}
	return tw.Flush()
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// eventSummary is the JSON form of one definition in "events list".
type eventSummary struct {
	EventType       string  `json:"event_type"`
	Name            string  `json:"name"`
	Subdomain       string  `json:"subdomain"`
	MinorVersion    int     `json:"minor_version"`
	PayloadKey      string  `json:"payload_key"`
	DefaultKeyField *string `json:"default_key_field"`
	Sendable        bool    `json:"sendable"`
}

func summarize(def events.Definition) eventSummary {
	s := eventSummary{
		EventType: def.EventType(), Name: goName(def), Subdomain: def.Subdomain(),
		MinorVersion: def.MinorVersion(), PayloadKey: def.PayloadKey(), Sendable: def.Sendable(),
	}
	if kf := def.DefaultKeyField(); kf != "" {
		s.DefaultKeyField = &kf
	}
	return s
}

func writeEventJSON(w io.Writer, defs []events.Definition) error {
	list := make([]eventSummary, len(defs))
	for i, def := range defs {
		list[i] = summarize(def)
	}
	return writeJSON(w, list)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func newEventsShowCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "show TYPE",
		Short: "Show the payload fields and the Avro schema of an event type",
		Args:  usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			def, err := lookupEvent(args[0])
			if err != nil {
				return err
			}
			return showEvent(cmd.OutOrStdout(), def)
		},
	}
}

func showEvent(w io.Writer, def events.Definition) error {
	keyField := def.DefaultKeyField()
	if keyField == "" {
		keyField = "(none documented)"
	}
	fmt.Fprintf(w, "Event type:        %s\n", def.EventType())
	fmt.Fprintf(w, "Go name:           %s\n", goName(def))
	fmt.Fprintf(w, "Subdomain:         %s\n", def.Subdomain())
	fmt.Fprintf(w, "Minor version:     %d\n", def.MinorVersion())
	fmt.Fprintf(w, "Payload key:       %s (%v)\n", def.PayloadKey(), def.PayloadType())
	fmt.Fprintf(w, "Default key field: %s\n", keyField)
	fmt.Fprintf(w, "Sendable:          %s\n", yesNo(def.Sendable()))

	fmt.Fprintln(w, "\nPayload fields:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  PATH\tGO FIELD\tGO TYPE\tAVRO TYPE\tOPTIONAL")
	for _, f := range events.PayloadFields(def) {
		avroType := f.AvroType
		if !f.InRecord {
			avroType = "(not in the record)"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", f.Path, f.GoName, f.GoType, avroType, yesNo(f.Optional))
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	if !def.Sendable() {
		fmt.Fprintf(w, "\nSchema: none, because the event is not sendable over the event bus: %s.\n",
			notSendableReason(def))
		return nil
	}
	schema, err := events.IndentedSchema(def)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nSchema:\n%s\n", schema)
	return nil
}

// codecOptions are the flags of "events encode" and "events decode".
type codecOptions struct {
	eventType string
	format    string
}

func (o *codecOptions) bind(cmd *cobra.Command) {
	cmd.Flags().StringVarP(&o.eventType, "event-type", "t", "", "event type, e.g. org.openedx.learning.course.enrollment.created.v1 (required)")
	cmd.Flags().StringVar(&o.format, "format", "hex", "Avro binary form: hex (one line) or binary (raw bytes)")
}

func (o *codecOptions) definition() (events.Definition, error) {
	if o.eventType == "" {
		return nil, usageError(errors.New("missing --event-type: name the event type, see \"eventbus events list\""))
	}
	if o.format != "hex" && o.format != "binary" {
		return nil, usageError(fmt.Errorf("invalid --format %q: use hex or binary", o.format))
	}
	def, err := lookupEvent(o.eventType)
	if err != nil {
		return nil, err
	}
	if err := checkSendable(def); err != nil {
		return nil, usageError(err)
	}
	return def, nil
}

func newEventsEncodeCmd() *cobra.Command {
	var opts codecOptions
	cmd := &cobra.Command{
		Use:   "encode --event-type TYPE [--format hex|binary]",
		Short: "Encode a record dictionary (JSON on stdin) as Avro binary",
		Long: `Encode reads the event record dictionary as JSON on stdin, e.g.
{"enrollment": {"user": {...}, "course": {...}, ...}}, checks every field against the
event's payload type and writes its Avro binary: lowercase hex and a newline by default,
or the raw bytes with --format binary. Times are strings such as
"2024-03-01T12:30:00+00:00", and null stands for an absent optional field.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			def, err := opts.definition()
			if err != nil {
				return err
			}
			return encodeEvent(cmd.InOrStdin(), cmd.OutOrStdout(), def, opts.format)
		},
	}
	opts.bind(cmd)
	return cmd
}

func encodeEvent(r io.Reader, w io.Writer, def events.Definition, format string) error {
	rec, err := readRecord(r)
	if err != nil {
		return usageError(err)
	}
	payload, err := def.FromRecord(rec)
	if err != nil {
		// FromRecord reports its checks as decoding the record, which is
		// the input of this command.
		var fe *events.FieldError
		if errors.As(err, &fe) {
			fe.Op = "encode"
		}
		return usageError(err)
	}
	body, err := def.Encode(payload)
	if err != nil {
		return usageError(err)
	}
	if format == "binary" {
		_, err = w.Write(body)
		return err
	}
	_, err = fmt.Fprintln(w, hex.EncodeToString(body))
	return err
}

// readRecord reads one JSON object from r, keeping numbers exact.
func readRecord(r io.Reader) (map[string]any, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	var rec map[string]any
	if err := dec.Decode(&rec); err != nil {
		return nil, fmt.Errorf("read the record JSON from stdin: %w", err)
	}
	if dec.More() {
		return nil, errors.New("read the record JSON from stdin: unexpected data after the record")
	}
	if rec == nil {
		return nil, errors.New("read the record JSON from stdin: expected an object, got null")
	}
	return rec, nil
}

func newEventsDecodeCmd() *cobra.Command {
	var opts codecOptions
	cmd := &cobra.Command{
		Use:   "decode --event-type TYPE [--format hex|binary]",
		Short: "Decode Avro binary on stdin to the record dictionary as JSON",
		Long: `Decode reads the Avro binary of one event record on stdin (hex by default, white
space ignored, or raw bytes with --format binary), checks it against the event's payload
type and writes the record dictionary as indented JSON. The data must be written with the
event's own schema, without the 5-byte schema registry framing.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			def, err := opts.definition()
			if err != nil {
				return err
			}
			return decodeEvent(cmd.InOrStdin(), cmd.OutOrStdout(), def, opts.format)
		},
	}
	opts.bind(cmd)
	return cmd
}

func decodeEvent(r io.Reader, w io.Writer, def events.Definition, format string) error {
	body, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("read stdin: %w", err)
	}
	if format == "hex" {
		text := strings.Join(strings.Fields(string(body)), "")
		if body, err = hex.DecodeString(text); err != nil {
			return usageError(fmt.Errorf("read hex from stdin: %w (use --format binary for raw bytes)", err))
		}
	}
	if len(body) == 0 {
		return usageError(errors.New("stdin is empty: expected the Avro binary of one record"))
	}
	payload, err := def.Decode(body)
	if err != nil {
		return usageError(err)
	}
	rec, err := def.ToRecord(payload)
	if err != nil {
		return err
	}
	return writeJSON(w, events.JSONValue(rec))
}

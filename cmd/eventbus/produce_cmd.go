package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/catalog"
	"github.com/openedx-go/eventbus/kafkabus"
	"github.com/openedx-go/eventbus/kafkabus/config"
)

type produceFlags struct {
	eventType string
	topic     string
	keyField  string
	data      string
	count     int
	timeout   time.Duration
}

func newProduceCmd() *cobra.Command {
	var f produceFlags
	cmd := &cobra.Command{
		Use:   "produce --event-type TYPE --topic TOPIC --data JSON|@FILE|-",
		Short: "Send events and wait for the broker to acknowledge them",
		Long: "Send one event, or --count copies with fresh ids, to TOPIC (unprefixed; the topic\n" +
			"prefix is added) and print the partition and offset of each. --data is the Avro record\n" +
			"dictionary, e.g. {\"enrollment\": {...}}, or the payload alone without the payload key;\n" +
			"@FILE reads it from a file and - from standard input. When an event is not acknowledged\n" +
			"within --timeout or the command is interrupted, it still prints every event that was\n" +
			"delivered, then fails with a summary that counts and names the undelivered ones.",
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runProduce(cmd, f)
		},
	}
	flags := cmd.Flags()
	flags.StringVar(&f.eventType, "event-type", "", "event type, e.g. org.openedx.learning.course.enrollment.created.v1")
	flags.StringVar(&f.topic, "topic", "", "topic without the prefix")
	flags.StringVar(&f.keyField, "key-field", "", "dotted path of the key field (default: the event's documented key)")
	flags.StringVar(&f.data, "data", "", "record as JSON, @FILE or - for standard input")
	flags.IntVar(&f.count, "count", 1, "number of copies to send, each with a new event id")
	flags.DurationVar(&f.timeout, "timeout", 30*time.Second, "maximum time to deliver all events")
	return cmd
}

func runProduce(cmd *cobra.Command, f produceFlags) error {
	if err := requireFlags(cmd, "event-type", "topic", "data"); err != nil {
		return err
	}
	def, keyField, payload, err := produceInput(cmd, f)
	if err != nil {
		return usageError(err)
	}

	s, err := loadSettings(cmd)
	if err != nil {
		return err
	}
	if err := checkTopicFlag(s, "topic", f.topic); err != nil {
		return err
	}
	logger, err := newLogger(cmd)
	if err != nil {
		return err
	}
	// This command sends explicitly, so the configured routes play no part.
	s.Producer = config.ProducerConfig{}
	applyTimeout(&s, f.timeout)
	p, err := kafkabus.NewProducer(s, kafkabus.WithProducerLogger(logger))
	if err != nil {
		return err
	}

	service := s.ServiceName
	if service == "" {
		service = events.DefaultService
	}
	ctx, cancel := context.WithTimeout(cmd.Context(), f.timeout)
	defer cancel()
	return sendCopies(ctx, cmd.OutOrStdout(), busProducer{p}, service, def, f, keyField, payload)
}

// produceInput checks the flags and returns the event definition, the key path
// and the payload that they give.
func produceInput(cmd *cobra.Command, f produceFlags) (events.Definition, string, any, error) {
	if f.count < 1 {
		return nil, "", nil, fmt.Errorf("--count %d is invalid: send at least 1 event", f.count)
	}
	if f.timeout <= 0 {
		return nil, "", nil, fmt.Errorf("--timeout %s is invalid: use a positive duration such as 30s", f.timeout)
	}
	def, err := catalog.Lookup(f.eventType)
	if err != nil {
		return nil, "", nil, fmt.Errorf("--event-type: %w", err)
	}
	if err := checkSendable(def); err != nil {
		return nil, "", nil, err
	}
	keyField, err := produceKeyField(def, f.keyField)
	if err != nil {
		return nil, "", nil, err
	}
	payload, err := readPayload(cmd.InOrStdin(), def, f.data)
	if err != nil {
		return nil, "", nil, err
	}
	return def, keyField, payload, nil
}

// applyTimeout bounds librdkafka's delivery and socket waits by timeout unless a
// passthrough property already sets them.
func applyTimeout(s *config.Settings, timeout time.Duration) {
	ms := strconv.FormatInt(max(timeout.Milliseconds(), 1), 10)
	for _, prop := range []string{"message.timeout.ms", "socket.timeout.ms"} {
		if _, set := s.Kafka[prop]; !set {
			s.Kafka[prop] = ms
		}
	}
	if timeout < 10*time.Millisecond {
		s.Kafka["socket.timeout.ms"] = "10" // librdkafka's minimum
	}
}

// produceKeyField returns the key path from --key-field, else the documented one.
func produceKeyField(def events.Definition, flag string) (string, error) {
	path := flag
	if path == "" {
		path = def.DefaultKeyField()
	}
	if path == "" {
		return "", fmt.Errorf("event type %q documents no key field: pass --key-field with one of the "+
			"valid key fields: %s", def.EventType(), validKeyFieldList(def))
	}
	if _, err := def.KeyField(path); err != nil {
		if flag == "" {
			return "", fmt.Errorf("the documented key field does not work: %w; pass --key-field with one of "+
				"the valid key fields: %s", err, validKeyFieldList(def))
		}
		return "", fmt.Errorf("--key-field: %w; valid key fields: %s", err, validKeyFieldList(def))
	}
	return path, nil
}

// maxListedKeyFields caps the key fields that an error message suggests.
const maxListedKeyFields = 8

// validKeyFieldList returns the payload paths that def accepts as a key, comma
// separated, at most maxListedKeyFields of them.
func validKeyFieldList(def events.Definition) string {
	var paths []string
	for _, f := range events.PayloadFields(def) {
		if _, err := def.KeyField(f.Path); err == nil {
			paths = append(paths, f.Path)
		}
	}
	if len(paths) == 0 {
		return "none, because the payload has no required string, number or boolean field"
	}
	if len(paths) > maxListedKeyFields {
		return strings.Join(paths[:maxListedKeyFields], ", ") + fmt.Sprintf(" and %d more", len(paths)-maxListedKeyFields)
	}
	return strings.Join(paths, ", ")
}

// readPayload reads --data and converts the record to a payload. A JSON object
// without the payload key as its only key is taken as the payload alone.
func readPayload(stdin io.Reader, def events.Definition, data string) (any, error) {
	raw, err := readData(stdin, data)
	if err != nil {
		return nil, err
	}
	var doc any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("--data is not valid JSON (%v): pass the record, e.g. {%q: {...}}",
			err, def.PayloadKey())
	}
	rec, ok := doc.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("--data must be a JSON object (the record dictionary), got %s: "+
			"pass the record, e.g. {%q: {...}}", jsonKind(doc), def.PayloadKey())
	}
	if _, ok := rec[def.PayloadKey()]; !ok || len(rec) != 1 {
		rec = map[string]any{def.PayloadKey(): rec}
	}
	payload, err := def.FromRecord(rec)
	if err != nil {
		return nil, fmt.Errorf("--data: %w", err)
	}
	return payload, nil
}

// jsonKind names the kind of a decoded JSON value for error messages.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case []any:
		return "an array"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	}
	return "an object"
}

func readData(stdin io.Reader, data string) ([]byte, error) {
	switch {
	case data == "-":
		b, err := io.ReadAll(stdin)
		if err != nil {
			return nil, fmt.Errorf("--data -: read standard input: %w", err)
		}
		return b, nil
	case strings.HasPrefix(data, "@"):
		b, err := os.ReadFile(data[1:])
		if err != nil {
			return nil, fmt.Errorf("--data %s: %w", data, err)
		}
		return b, nil
	}
	return []byte(data), nil
}

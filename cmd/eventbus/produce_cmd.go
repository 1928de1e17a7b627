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
			"@FILE reads it from a file and - from standard input. The command fails when an event\n" +
			"is not acknowledged within --timeout.",
		Args: cobra.NoArgs,
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
	for _, name := range []string{"event-type", "topic", "data"} {
		_ = cmd.MarkFlagRequired(name)
	}
	return cmd
}

func runProduce(cmd *cobra.Command, f produceFlags) error {
	if f.count < 1 {
		return fmt.Errorf("--count %d is invalid: send at least 1 event", f.count)
	}
	if f.timeout <= 0 {
		return fmt.Errorf("--timeout %s is invalid: use a positive duration such as 30s", f.timeout)
	}
	def, err := catalog.Lookup(f.eventType)
	if err != nil {
		return fmt.Errorf("--event-type: %w", err)
	}
	keyField, err := produceKeyField(def, f.keyField)
	if err != nil {
		return err
	}
	payload, err := readPayload(cmd.InOrStdin(), def, f.data)
	if err != nil {
		return err
	}

	s, err := loadSettings(cmd)
	if err != nil {
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

	ctx, cancel := context.WithTimeout(cmd.Context(), f.timeout)
	defer cancel()
	sendErr := sendCopies(ctx, cmd.OutOrStdout(), p, s, def, f, keyField, payload)
	closeCtx, cancelClose := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancelClose()
	report := p.Close(closeCtx)
	if sendErr != nil {
		return sendErr
	}
	return report.Err()
}

// sendCopies queues every copy first and then waits for each delivery report, so
// that a large --count does not wait for one broker round trip per event.
func sendCopies(ctx context.Context, out io.Writer, p *kafkabus.Producer, s config.Settings,
	def events.Definition, f produceFlags, keyField string, payload any) error {
	service := s.ServiceName
	if service == "" {
		service = events.DefaultService
	}
	receipts := make([]*kafkabus.Receipt, 0, f.count)
	ids := make([]string, 0, f.count)
	for i := 0; i < f.count; i++ {
		md, err := events.NewMetadata(def.EventType(), def.MinorVersion(), events.WithService(service))
		if err != nil {
			return err
		}
		r, err := p.ProduceAsync(ctx, def, f.topic, keyField, payload, md)
		if err != nil {
			return fmt.Errorf("event %d of %d: %w", i+1, f.count, err)
		}
		receipts = append(receipts, r)
		ids = append(ids, md.ID.String())
	}

	for i, r := range receipts {
		tp, err := r.Wait(ctx)
		if err != nil {
			return fmt.Errorf("event %d of %d: %w", i+1, f.count, err)
		}
		fmt.Fprintf(out, "topic=%s partition=%d offset=%d event_id=%s\n", *tp.Topic, tp.Partition, tp.Offset, ids[i])
	}
	return nil
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
		return "", fmt.Errorf("%q documents no key field: pass --key-field with a dotted path such as %s.<field>",
			def.EventType(), def.PayloadKey())
	}
	if err := (kafkabus.CatalogChecker{}).CheckKeyField(def.EventType(), path); err != nil {
		return "", fmt.Errorf("key field %q of %q: %w", path, def.EventType(), err)
	}
	return path, nil
}

// readPayload reads --data and converts the record to a payload. A JSON object
// without the payload key as its only key is taken as the payload alone.
func readPayload(stdin io.Reader, def events.Definition, data string) (any, error) {
	raw, err := readData(stdin, data)
	if err != nil {
		return nil, err
	}
	var rec map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&rec); err != nil {
		return nil, fmt.Errorf("--data is not a JSON object (%v): pass the record, e.g. {%q: {...}}",
			err, def.PayloadKey())
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

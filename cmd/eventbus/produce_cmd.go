package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
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

// produceClient is the part of [kafkabus.Producer] that sendCopies uses.
type produceClient interface {
	ProduceAsync(ctx context.Context, def events.Definition, topic, keyField string,
		payload any, md events.Metadata) (deliveryReceipt, error)
	Close(ctx context.Context) kafkabus.CloseReport
}

// deliveryReceipt is the pending delivery report of one event.
type deliveryReceipt interface {
	Wait(ctx context.Context) (kafka.TopicPartition, error)
}

// busProducer adapts [kafkabus.Producer] to produceClient.
type busProducer struct{ *kafkabus.Producer }

func (p busProducer) ProduceAsync(ctx context.Context, def events.Definition, topic, keyField string,
	payload any, md events.Metadata) (deliveryReceipt, error) {
	return p.Producer.ProduceAsync(ctx, def, topic, keyField, payload, md)
}

// maxListedIDs caps the event ids named in the summary of a partial delivery.
const maxListedIDs = 10

// sendOutcome counts what sendCopies queued and what the broker acknowledged.
type sendOutcome struct {
	total       int
	delivered   int
	notSent     int      // never queued because ctx ended or queuing failed
	undelivered []string // ids queued but not acknowledged
	firstErr    error    // first delivery error, or ctx's error
}

// err returns nil when every event was delivered, else the summary error.
func (o sendOutcome) err() error {
	if o.delivered == o.total {
		return nil
	}
	missing := o.total - o.delivered
	msg := fmt.Sprintf("delivered %d of %d; %d not delivered", o.delivered, o.total, missing)
	if n := len(o.undelivered); n > 0 {
		ids := o.undelivered[:min(n, maxListedIDs)]
		msg += " (ids " + strings.Join(ids, ", ")
		if n > maxListedIDs {
			msg += fmt.Sprintf(" and %d more", n-maxListedIDs)
		}
		msg += ")"
	}
	if o.notSent > 0 {
		msg += fmt.Sprintf(", %d of them never queued", o.notSent)
	}
	if o.firstErr != nil {
		return fmt.Errorf("%s: %w", msg, o.firstErr)
	}
	return errors.New(msg)
}

// sendCopies queues every copy first and then waits for each delivery report, so
// that a large --count does not wait for one broker round trip per event. It
// closes p. It prints one line per delivered event, also when ctx ends early,
// because the broker may acknowledge events after ctx ends and before Close
// returns. A nil error means every copy was delivered.
func sendCopies(ctx context.Context, out io.Writer, p produceClient, service string,
	def events.Definition, f produceFlags, keyField string, payload any) error {
	w := bufio.NewWriterSize(out, 64<<10)
	o := sendOutcome{total: f.count}
	receipts, ids, queueErr := queueCopies(ctx, p, service, def, f, keyField, payload)
	o.notSent = f.count - len(receipts)

	next := 0
	for ; next < len(receipts) && ctx.Err() == nil; next++ {
		tp, err := receipts[next].Wait(ctx)
		if err != nil && ctx.Err() != nil {
			// The report may have come too: Close settles it below.
			break
		}
		o.record(w, tp, err, ids[next])
	}

	closeCtx, cancelClose := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancelClose()
	report := p.Close(closeCtx)
	purged := make(map[string]bool, len(report.Undelivered))
	for _, id := range report.Undelivered {
		purged[id.String()] = true
	}
	// After Close every receipt not purged holds its report, so Wait returns at once.
	for ; next < len(receipts); next++ {
		if purged[ids[next]] {
			o.record(w, kafka.TopicPartition{}, fmt.Errorf("deliver event %s: %w", ids[next],
				errNotAcknowledged(ctx)), ids[next])
			continue
		}
		tp, err := receipts[next].Wait(context.Background())
		o.record(w, tp, err, ids[next])
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}

	if queueErr != nil && o.firstErr == nil {
		o.firstErr = queueErr
	}
	if o.firstErr == nil && ctx.Err() != nil {
		o.firstErr = context.Cause(ctx)
	}
	return o.err()
}

// errNotAcknowledged returns why a purged event was not delivered.
func errNotAcknowledged(ctx context.Context) error {
	if ctx.Err() != nil {
		return fmt.Errorf("not acknowledged before the producer closed: %w", context.Cause(ctx))
	}
	return errors.New("not acknowledged before the producer closed")
}

// record prints a delivered event or counts a failed one.
func (o *sendOutcome) record(w io.Writer, tp kafka.TopicPartition, err error, id string) {
	if err != nil {
		o.undelivered = append(o.undelivered, id)
		if o.firstErr == nil {
			o.firstErr = err
		}
		return
	}
	o.delivered++
	topic := ""
	if tp.Topic != nil {
		topic = *tp.Topic
	}
	fmt.Fprintf(w, "topic=%s partition=%d offset=%d event_id=%s\n", topic, tp.Partition, tp.Offset, id)
}

// queueCopies queues up to f.count copies with fresh metadata and returns the
// receipts and event ids of those queued. It stops at the first error, which is
// returned with the number of the event, and when ctx ends.
func queueCopies(ctx context.Context, p produceClient, service string, def events.Definition,
	f produceFlags, keyField string, payload any) ([]deliveryReceipt, []string, error) {
	receipts := make([]deliveryReceipt, 0, f.count)
	ids := make([]string, 0, f.count)
	for i := 0; i < f.count; i++ {
		if ctx.Err() != nil {
			return receipts, ids, fmt.Errorf("stopped queuing at event %d of %d: %w", i+1, f.count,
				context.Cause(ctx))
		}
		md, err := events.NewMetadata(def.EventType(), def.MinorVersion(), events.WithService(service))
		if err != nil {
			return receipts, ids, err
		}
		r, err := p.ProduceAsync(ctx, def, f.topic, keyField, payload, md)
		if err != nil {
			return receipts, ids, fmt.Errorf("event %d of %d: %w", i+1, f.count, err)
		}
		receipts = append(receipts, r)
		ids = append(ids, md.ID.String())
	}
	return receipts, ids, nil
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

package demo

import (
	"context"
	"fmt"
	"reflect"
	"slices"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"github.com/google/uuid"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/kafkabus/config"
)

// compare fills res with one row per sent event and the totals.
func compare(ctx context.Context, s config.Settings, routes []Route, sent map[uuid.UUID]sentEvent,
	rec *recorder, res *Result) error {
	reg, err := registryClient(s)
	if err != nil {
		return fmt.Errorf("create registry client: %w", err)
	}
	for id, se := range sent {
		row := checkEvent(ctx, s, se, rec)
		if d, ok := rec.deliveries[id]; ok && d.SchemaID != 0 {
			writer, err := reg.SchemaByID(ctx, d.SchemaID)
			switch {
			case err != nil:
				row.Problems = append(row.Problems, fmt.Sprintf("schema id %d: %v", d.SchemaID, err))
			case writer.CanonicalForm() != se.route.Definition.Schema().CanonicalForm():
				row.Problems = append(row.Problems,
					fmt.Sprintf("schema id %d is not the schema of %s", d.SchemaID, row.EventType))
			}
		}
		res.Rows = append(res.Rows, row)
	}
	sortRows(res.Rows)

	res.Sent = len(sent)
	res.Received = len(rec.deliveries)
	for _, row := range res.Rows {
		if row.Match() {
			res.Matched++
		}
	}
	onTopics, err := countMessages(s, routes)
	if err != nil {
		return err
	}
	res.OnTopics = onTopics
	return nil
}

// checkEvent compares one sent event with its delivery and with the event
// its receiver got.
func checkEvent(ctx context.Context, s config.Settings, se sentEvent, rec *recorder) Row {
	def := se.route.Definition
	row := Row{
		EventType:     def.EventType(),
		Topic:         s.FullTopic(se.route.Topic),
		KeyField:      se.route.KeyField,
		DocumentedKey: se.route.DocumentedKey,
		EventID:       se.metadata.ID,
		Partition:     -1,
		Offset:        -1,
	}
	d, ok := rec.deliveries[se.metadata.ID]
	if !ok {
		row.Problems = append(row.Problems, "not received")
		return row
	}
	row.Received = true
	row.Partition, row.Offset, row.Key, row.SchemaID = d.Partition, d.Offset, d.KeyValue, d.SchemaID

	if d.Topic != row.Topic {
		row.Problems = append(row.Problems, fmt.Sprintf("received on topic %s", d.Topic))
	}
	want, err := def.KeyValue(se.payload, se.route.KeyField)
	if err != nil {
		row.Problems = append(row.Problems, fmt.Sprintf("key of the sent payload: %v", err))
	} else if !reflect.DeepEqual(d.KeyValue, want) {
		row.Problems = append(row.Problems, fmt.Sprintf("key %#v, want %#v", d.KeyValue, want))
	}

	e, ok := rec.received[se.metadata.ID]
	if !ok {
		row.Problems = append(row.Problems, "not dispatched to the receivers")
		return row
	}
	row.Problems = append(row.Problems, metadataDiff(se.metadata, e.Metadata)...)
	if !reflect.DeepEqual(e.Payload, se.payload) {
		row.Problems = append(row.Problems, payloadDiff(def, se.payload, e.Payload))
	}
	return row
}

// metadataDiff names the metadata fields of got that differ from want.
func metadataDiff(want, got events.Metadata) []string {
	var diffs []string
	add := func(field string, w, g any) {
		diffs = append(diffs, fmt.Sprintf("metadata %s %v, want %v", field, g, w))
	}
	if got.ID != want.ID {
		add("id", want.ID, got.ID)
	}
	if got.EventType != want.EventType {
		add("event type", want.EventType, got.EventType)
	}
	if got.MinorVersion != want.MinorVersion {
		add("minor version", want.MinorVersion, got.MinorVersion)
	}
	if got.Source != want.Source {
		add("source", want.Source, got.Source)
	}
	if got.SourceHost != want.SourceHost {
		add("source host", want.SourceHost, got.SourceHost)
	}
	if !reflect.DeepEqual(got.Time, want.Time) {
		add("time", events.FormatTime(want.Time), events.FormatTime(got.Time))
	}
	if !slices.Equal(got.SourceLib, want.SourceLib) {
		add("sourcelib", want.SourceLib, got.SourceLib)
	}
	return diffs
}

// payloadDiff describes how two payloads differ, through their records when
// both convert.
func payloadDiff(def events.Definition, want, got any) string {
	wantRec, err1 := def.ToRecord(want)
	gotRec, err2 := def.ToRecord(got)
	if err1 != nil || err2 != nil {
		return fmt.Sprintf("payload %#v, want %#v", got, want)
	}
	if path, ok := firstDifference(wantRec, gotRec, ""); ok {
		return "payload differs at " + path
	}
	return fmt.Sprintf("payload differs in Go values with equal records: %#v, want %#v", got, want)
}

// firstDifference returns the dotted path of the first difference between two
// record values, and false when they are equal.
func firstDifference(want, got any, path string) (string, bool) {
	wm, wok := want.(map[string]any)
	gm, gok := got.(map[string]any)
	if wok && gok {
		keys := make([]string, 0, len(wm)+len(gm))
		for k := range wm {
			keys = append(keys, k)
		}
		for k := range gm {
			if _, ok := wm[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			if p, ok := firstDifference(wm[k], gm[k], joinPath(path, k)); ok {
				return p, true
			}
		}
		return "", false
	}
	if reflect.DeepEqual(want, got) {
		return "", false
	}
	return fmt.Sprintf("%s (%#v, want %#v)", path, got, want), true
}

func joinPath(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// countMessages returns the number of messages on the demo topics, so that
// an event published again after its receipt would show as an extra message.
func countMessages(s config.Settings, routes []Route) (int, error) {
	conf := s.KafkaConfig()
	p, err := kafka.NewProducer(&conf)
	if err != nil {
		return 0, fmt.Errorf("create client to count messages: %w", err)
	}
	defer p.Close()

	total := 0
	for topic := range topicCounts(routes) {
		full := s.FullTopic(topic)
		md, err := p.GetMetadata(&full, false, 10_000)
		if err != nil {
			return 0, fmt.Errorf("read metadata of %s: %w", full, err)
		}
		for _, part := range md.Topics[full].Partitions {
			low, high, err := p.QueryWatermarkOffsets(full, part.ID, 10_000)
			if err != nil {
				return 0, fmt.Errorf("read offsets of %s partition %d: %w", full, part.ID, err)
			}
			total += int(high - low)
		}
	}
	return total, nil
}

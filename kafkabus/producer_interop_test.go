package kafkabus

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/catalog"
	"github.com/openedx-go/eventbus/kafkabus/kafkatest"
)

// pythonReader reads messages with the Python Kafka client (confluent-kafka) and
// decodes key and value with Apache Avro's Python implementation, fetching writer
// schemas by id the way Python consumers do. It prints one JSON object per message.
const pythonReader = `
import io, json, struct, sys, urllib.request
import avro.io, avro.schema
from confluent_kafka import Consumer

bootstrap, registry, topic, want = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "python-reader",
                     "auto.offset.reset": "earliest"})
consumer.subscribe([topic])
schemas = {}

def strip_dashes(schema):
    # Apache Avro rejects the "-" in one Open edX namespace; names do not affect
    # decoding with the writer schema, so it is replaced for parsing only.
    if isinstance(schema, dict):
        return {k: v.replace("-", "_") if k == "namespace" else strip_dashes(v) for k, v in schema.items()}
    if isinstance(schema, list):
        return [strip_dashes(v) for v in schema]
    return schema

def decode(framed, suffix):
    if framed[0] != 0:
        raise SystemExit("magic byte %d" % framed[0])
    schema_id = struct.unpack(">I", framed[1:5])[0]
    if schema_id not in schemas:
        url = "%s/schemas/ids/%d?subject=%s-%s" % (registry, schema_id, topic, suffix)
        parsed = json.loads(json.load(urllib.request.urlopen(url))["schema"])
        schemas[schema_id] = avro.schema.make_avsc_object(strip_dashes(parsed))
    reader = avro.io.DatumReader(schemas[schema_id])
    return schema_id, reader.read(avro.io.BinaryDecoder(io.BytesIO(framed[5:])))

seen = 0
while seen < want:
    msg = consumer.poll(20)
    if msg is None:
        raise SystemExit("no message within 20s")
    if msg.error():
        continue
    key_id, key = decode(msg.key(), "key")
    value_id, value = decode(msg.value(), "value")
    headers = [[k, v.decode("utf-8")] for k, v in msg.headers()]
    print(json.dumps({"headers": headers, "key": key, "key_schema_id": key_id,
                      "value": value, "value_schema_id": value_id}))
    seen += 1
consumer.close()
`

// pythonWithKafka returns a Python interpreter that has confluent_kafka and avro, or
// skips the test.
func pythonWithKafka(t *testing.T) string {
	t.Helper()
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(py, "-c", "import confluent_kafka, avro.io").Run() == nil {
			return py
		}
	}
	t.Skip("no python3 with confluent_kafka and avro (Debian: python3-confluent-kafka python3-avro)")
	return ""
}

type pythonMessage struct {
	Headers       [][2]string    `json:"headers"`
	Key           any            `json:"key"`
	KeySchemaID   int            `json:"key_schema_id"`
	Value         map[string]any `json:"value"`
	ValueSchemaID int            `json:"value_schema_id"`
}

func TestPythonReadsProducedEvents(t *testing.T) {
	python := pythonWithKafka(t)
	env := kafkatest.Start(t)
	s := env.Settings()
	s.ServiceName = "lms"
	p := startProducer(t, s)
	def, payload := testPayload(t, enrollmentType)
	md := newMetadata(t, def)
	if _, err := p.ProduceSync(context.Background(), def, "python-reads", "enrollment.course.course_key",
		payload, md); err != nil {
		t.Fatal(err)
	}

	script := filepath.Join(t.TempDir(), "reader.py")
	if err := os.WriteFile(script, []byte(pythonReader), 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(python, script, env.Bootstrap, env.RegistryURL, "python-reads", "1")
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python reader: %v\n%s", err, stderr.String())
	}
	var got pythonMessage
	if err := json.Unmarshal(bytes.TrimSpace(out), &got); err != nil {
		t.Fatalf("python output %q: %v", out, err)
	}

	var wantHeaders [][2]string
	for _, h := range MetadataHeaders(md) {
		wantHeaders = append(wantHeaders, [2]string{h.Key, string(h.Value)})
	}
	if !reflect.DeepEqual(got.Headers, wantHeaders) {
		t.Errorf("python headers = %v, want %v", got.Headers, wantHeaders)
	}
	if got.Key != "course-v1:MITx+6.00.1x+2025_Spring" {
		t.Errorf("python key = %v, want the course key", got.Key)
	}
	rec, err := def.ToRecord(payload)
	if err != nil {
		t.Fatal(err)
	}
	wantValue := roundTripJSON(t, rec)
	if !reflect.DeepEqual(got.Value, wantValue) {
		t.Errorf("python value =\n%v\nwant\n%v", got.Value, wantValue)
	}
	if got.KeySchemaID == got.ValueSchemaID {
		t.Errorf("key and value share schema id %d", got.KeySchemaID)
	}
}

// roundTripJSON returns v as it reads after encoding to JSON and decoding again.
func roundTripJSON(t *testing.T, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestPythonReadsEverySample(t *testing.T) {
	python := pythonWithKafka(t)
	env := kafkatest.Start(t)
	s := env.Settings()
	s.AuditLoggingEnabled = false
	p := startProducer(t, s)

	want := map[string]map[string]any{}
	for _, def := range catalog.Serializable() {
		def, payload := testPayload(t, def.EventType())
		keyField := anyKeyField(t, def)
		if err := p.Produce(context.Background(), def, "every-sample", keyField, payload,
			newMetadata(t, def)); err != nil {
			t.Fatalf("%s: %v", def.EventType(), err)
		}
		rec, err := def.ToRecord(payload)
		if err != nil {
			t.Fatal(err)
		}
		want[def.EventType()] = roundTripJSON(t, rec)
	}
	if r := p.Close(context.Background()); r.Err() != nil {
		t.Fatal(r.Err())
	}

	script := filepath.Join(t.TempDir(), "reader.py")
	if err := os.WriteFile(script, []byte(pythonReader), 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(python, script, env.Bootstrap, env.RegistryURL, "every-sample", strconv.Itoa(len(want)))
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python reader: %v\n%s", err, stderr.String())
	}
	seen := 0
	for _, line := range bytes.Split(bytes.TrimSpace(out), []byte("\n")) {
		var got pythonMessage
		if err := json.Unmarshal(line, &got); err != nil {
			t.Fatalf("python output %q: %v", line, err)
		}
		eventType := ""
		for _, h := range got.Headers {
			if h[0] == HeaderType {
				eventType = h[1]
			}
		}
		if !reflect.DeepEqual(got.Value, want[eventType]) {
			t.Errorf("%s: python value =\n%v\nwant\n%v", eventType, got.Value, want[eventType])
		}
		seen++
	}
	if seen != len(want) {
		t.Errorf("python read %d events, want %d", seen, len(want))
	}
}

// anyKeyField returns the documented key path of def when it is usable, else the
// first required string or long field found depth first in the payload.
func anyKeyField(t *testing.T, def events.Definition) string {
	t.Helper()
	if path := def.DefaultKeyField(); path != "" {
		if _, err := def.KeyField(path); err == nil {
			return path
		}
	}
	root, _ := def.Schema().JSON().(map[string]any)
	fields, _ := root["fields"].([]any)
	for _, f := range fields {
		field := f.(map[string]any)
		if path := firstPrimitive(def, field["name"].(string), field["type"]); path != "" {
			return path
		}
	}
	t.Fatalf("%s has no usable key field", def.EventType())
	return ""
}

func firstPrimitive(def events.Definition, path string, typ any) string {
	if _, err := def.KeyField(path); err == nil {
		return path
	}
	rec, ok := typ.(map[string]any)
	if !ok || rec["type"] != "record" {
		return ""
	}
	for _, f := range rec["fields"].([]any) {
		field := f.(map[string]any)
		if p := firstPrimitive(def, path+"."+field["name"].(string), field["type"]); p != "" {
			return p
		}
	}
	return ""
}

// pythonPartitioner produces each hex-encoded key given on standard input with the
// Python Kafka client's default partitioner and prints the partition it chose.
const pythonPartitioner = `
import sys
from confluent_kafka import Producer

bootstrap, topic = sys.argv[1], sys.argv[2]
producer = Producer({"bootstrap.servers": bootstrap})
partitions = {}
def report(err, msg):
    if err is not None:
        raise SystemExit(str(err))
    partitions[msg.key().hex()] = msg.partition()
keys = sys.stdin.read().split()
for key in keys:
    producer.produce(topic, key=bytes.fromhex(key), value=b"x", on_delivery=report)
producer.flush(20)
for key in keys:
    print(key, partitions[key])
`

func TestPythonPartitionsKeysAlike(t *testing.T) {
	python := pythonWithKafka(t)
	env := kafkatest.Start(t, kafkatest.WithPartitions(3))
	env.CreateTopic(t, "go-side", 3)
	env.CreateTopic(t, "python-side", 3)
	p := startProducer(t, env.Settings())

	goPartition := map[string]int32{}
	var keys []string
	for _, eventType := range []string{
		"org.openedx.learning.auth.session.login.completed.v1",
		"org.openedx.learning.student.registration.completed.v1",
		"org.openedx.learning.course.enrollment.created.v1",
		"org.openedx.learning.course.enrollment.changed.v1",
		"org.openedx.learning.certificate.created.v1",
		"org.openedx.learning.course.unenrollment.completed.v1",
	} {
		def, payload := testPayload(t, eventType)
		path := def.PayloadKey() + ".user.pii.username"
		if _, err := def.KeyField(path); err != nil {
			path = def.DefaultKeyField()
		}
		r, err := p.ProduceAsync(context.Background(), def, "go-side", path, payload, newMetadata(t, def))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range readTopic(t, env.Bootstrap, "go-side", 6) {
		key := hex.EncodeToString(m.Key)
		if _, dup := goPartition[key]; !dup {
			keys = append(keys, key)
		}
		goPartition[key] = m.TopicPartition.Partition
	}
	used := map[int32]bool{}
	for _, part := range goPartition {
		used[part] = true
	}
	if len(keys) < 3 || len(used) < 2 {
		t.Fatalf("%d distinct keys on %d partitions; the test needs keys spread over partitions",
			len(keys), len(used))
	}

	script := filepath.Join(t.TempDir(), "partitioner.py")
	if err := os.WriteFile(script, []byte(pythonPartitioner), 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(python, script, env.Bootstrap, "python-side")
	cmd.Stdin = strings.NewReader(strings.Join(keys, "\n"))
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python partitioner: %v\n%s", err, stderr.String())
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		key, partition, _ := strings.Cut(line, " ")
		if want := strconv.Itoa(int(goPartition[key])); partition != want {
			t.Errorf("key %s: python chose partition %s, eventbus %s", key, partition, want)
		}
	}
}

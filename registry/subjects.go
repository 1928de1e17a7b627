package registry

import "fmt"

// ValueRecordSuffix is the name of the top-level record of every event schema.
// With the event type as its namespace, the record's full name is
// "<event type>.CloudEvent".
const ValueRecordSuffix = "CloudEvent"

// SubjectNameStrategy decides the Schema Registry subject under which a
// topic's key and value schemas are registered. The zero value is
// [TopicRecordNameStrategy], the naming that the Python event bus uses.
type SubjectNameStrategy string

// Subject name strategies, named after the Confluent serializer settings.
const (
	// TopicRecordNameStrategy names subjects "<topic>-<record full name>": the
	// value subject is "<topic>-<event type>.CloudEvent" and the key subject is
	// "<topic>-<Avro type of the key>", such as "<topic>-string". All event
	// types on a topic share its key subject. The Python event bus uses this.
	TopicRecordNameStrategy SubjectNameStrategy = "topic_record"

	// TopicNameStrategy names subjects "<topic>-value" and "<topic>-key".
	TopicNameStrategy SubjectNameStrategy = "topic"

	// RecordNameStrategy names subjects after the record alone:
	// "<event type>.CloudEvent" for values and the key's Avro type for keys.
	RecordNameStrategy SubjectNameStrategy = "record"
)

// ParseSubjectNameStrategy returns the strategy named s: "topic_record" (or
// ""), "topic" or "record".
func ParseSubjectNameStrategy(s string) (SubjectNameStrategy, error) {
	switch st := SubjectNameStrategy(s); st {
	case "":
		return TopicRecordNameStrategy, nil
	case TopicRecordNameStrategy, TopicNameStrategy, RecordNameStrategy:
		return st, nil
	}
	return "", fmt.Errorf("invalid subject name strategy %q: use topic_record, topic or record", s)
}

// ValueSubject returns the subject of the value schema for events of
// eventType on the full (prefixed) topic.
func (s SubjectNameStrategy) ValueSubject(topic, eventType string) string {
	record := eventType + "." + ValueRecordSuffix
	switch s {
	case TopicNameStrategy:
		return topic + "-value"
	case RecordNameStrategy:
		return record
	}
	return topic + "-" + record
}

// KeySubject returns the subject of the key schema on the full topic, where
// avroType is the key's Avro type name, such as "string" or "long".
func (s SubjectNameStrategy) KeySubject(topic, avroType string) string {
	switch s {
	case TopicNameStrategy:
		return topic + "-key"
	case RecordNameStrategy:
		return avroType
	}
	return topic + "-" + avroType
}

// ValueSubject returns "<topic>-<event type>.CloudEvent", the value subject
// that the Python event bus registers for eventType on the full topic.
func ValueSubject(topic, eventType string) string {
	return TopicRecordNameStrategy.ValueSubject(topic, eventType)
}

// KeySubject returns "<topic>-<avroType>", the key subject that the Python
// event bus registers on the full topic, such as "dev-user-login-string".
func KeySubject(topic, avroType string) string {
	return TopicRecordNameStrategy.KeySubject(topic, avroType)
}

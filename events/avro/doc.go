// Package avro parses Avro schemas and encodes, decodes and resolves Avro binary data in
// the form Open edX services exchange over Kafka.
//
// [Parse] reads a schema from JSON and keeps that JSON. [Schema.Text] writes it back the
// way Python's json.dumps(schema, sort_keys=True) does, which is the text Python services
// register with the schema registry, and [Schema.CanonicalForm] gives the Avro Parsing
// Canonical Form for comparing schemas regardless of whitespace, key order and
// documentation. Parse accepts a '-' in namespace components, which the Avro
// specification forbids but the event type
// org.openedx.enterprise.subsidy.redemption-reversed.v1 uses as a namespace.
//
// A [Codec] converts between Avro binary data and record dictionaries: map[string]any
// values in the plain JSON shape, without the union wrappers goavro uses. Encoding writes
// map entries in sorted key order, so its output is repeatable and byte for byte equal to
// what the Python Avro library writes for the same record. Encoding and decoding use
// github.com/linkedin/goavro/v2; decoding checks the data against the schema first, so
// forged lengths and counts fail with an error instead of large allocations.
//
// A [Resolver] reads data written with an older or newer schema, and
// [CheckCompatibility] applies the Schema Registry compatibility levels (BACKWARD,
// FORWARD, FULL and their transitive forms) using the same resolution rules.
//
// Decoding rejects values nested more than 1,000 levels deep and arrays or maps with more
// than 65,536 items whose encoding takes no bytes (such as nulls), because goavro would
// otherwise allocate memory for counts that the data does not back.
//
// Logical types are parsed but not interpreted: values have the underlying Avro type, so
// a timestamp-millis field is an int64.
package avro

// Package events defines typed Open edX events and converts them to and from
// the Avro records that Open edX services exchange over the event bus.
//
// # Definitions
//
// An event definition is a [Signal] whose type parameter is the payload
// struct. The subdomain packages (learning, contentauthoring, enterprise,
// analytics, authz) declare one Signal per event, and package catalog lists
// them all. Code that handles any event works with the [Definition]
// interface.
//
//	err := learning.CourseEnrollmentCreated.Send(ctx, learning.CourseEnrollmentData{...})
//
// # Receivers
//
// [Signal.Connect] adds a typed receiver and [Signal.ConnectAny] an untyped
// one that also receives [Event.FromBus]. Sending calls every receiver in
// connection order, even when one fails or panics, and joins the failures as
// [*ReceiverError] values. An event received from the bus is dispatched with
// its own metadata and FromBus set, so a producer that listens to events does
// not publish it again. A disabled signal ([Signal.Disable]) drops sends.
//
// # Records and Avro
//
// A payload converts to a record dictionary, the plain JSON shape a Python
// service sees ({"enrollment": {"user": {...}, ...}}), and to Avro binary with
// a schema generated from the struct tags. The generated schema matches the
// schema openedx-events publishes for the event: a record CloudEvent in the
// namespace of the event type, one field per payload key, int as long, float
// as double, times, UUIDs and opaque keys as strings, ["null", T] with a null
// default for optional fields, and each nested record defined in full once.
//
// Avro binary follows the record dictionary form. [Signal.Encode] writes the
// bytes that the codec of package avro writes for the payload's record
// dictionary ([Signal.ToRecord]): goavro encodes each scalar, map entries
// come in sorted key order and a "null" string default stays a string. It
// writes them straight from the payload struct, without building the
// dictionary. [Signal.Decode] likewise reads the bytes straight into the
// payload, with goavro decoding each scalar, and gives the payload that
// [Signal.FromRecord] gives for the record that the codec decodes. Bytes or
// payloads that the direct walk rejects go through the codec and the record
// conversion, whose errors name the field. The conversions and the codec are
// built once per event type on first use.
//
// Opaque keys are validated in both directions. A record received with an
// invalid opaque key, time or UUID is a [*FieldError] that names the field
// path and the rejected value, and so is an invalid key in a payload to
// send. Bytes that are not a valid encoding for the schema are an error that
// names the schema.
//
// # Values
//
// Times are [time.Time], written by [FormatTime] as the Python services do
// ("2024-03-01T12:30:00+00:00", six fraction digits when the microseconds are
// not zero) and read by [ParseTime] from any ISO 8601 form with an offset.
// UUIDs are [github.com/google/uuid.UUID]. Opaque keys are string types with
// Parse functions that check the edx-opaque-keys forms, such as
// [ParseCourseKey].
//
// Known differences from the Python library: the Python deserializer replaces
// false, 0, "" and empty lists or maps by the field default, but this package
// returns what is on the wire. XBlockData.Version is not part of the record
// because the published xblock schemas do not carry it.
package events

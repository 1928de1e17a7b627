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
// Avro binary goes through one path. [Signal.Encode] converts the payload to
// its record dictionary, as [Signal.ToRecord] does, and encodes that with the
// codec of package avro. That codec uses goavro, writes map entries in sorted
// key order and keeps a "null" string default a string. [Signal.Decode]
// decodes with the same codec, which unwraps goavro's union values, and
// converts the record to the payload as [Signal.FromRecord] does. The conversions and the codec are built once per
// event type on first use. To save allocations, Encode fills a pooled record
// dictionary again for each payload and keeps each value that equals the one
// the record already contains.
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

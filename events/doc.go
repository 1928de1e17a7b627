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
// one that also sees [Event.FromBus]. Sending calls every receiver in
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
// The conversions are compiled once per event type on first use. Encode and
// Decode write and read Avro binary straight from the payload struct, and
// produce the same bytes as ToRecord followed by the avro package's codec.
// Opaque keys are validated in both directions, and decoding errors are
// [*FieldError] values that name the field path and the rejected value.
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

// Package enterprise defines the Open edX events of the enterprise subdomain and
// their payload types.
//
// Each event is an [events.Signal] whose type parameter is its payload struct,
// so that sending and receiving are type safe. Struct fields follow the
// Python data classes of openedx-events 11.2.0: same names (in the avro struct
// tags), same order, and a pointer (or a nil-able map or slice tagged
// optional) exactly where the Python default is None.
package enterprise

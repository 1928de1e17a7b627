package kafkabus

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
	"github.com/google/uuid"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/catalog"
)

// Kafka header names of the CloudEvents attributes, as the Python event bus writes them.
const (
	HeaderSpecVersion     = "ce_specversion"
	HeaderContentType     = "content-type"
	HeaderDataContentType = "ce_datacontenttype"
	HeaderType            = "ce_type"
	HeaderID              = "ce_id"
	HeaderSource          = "ce_source"
	HeaderTime            = "ce_time"
	HeaderMinorVersion    = "ce_minorversion"
	HeaderSourceHost      = "sourcehost"
	HeaderSourceLib       = "sourcelib"
)

// Fixed header values.
const (
	SpecVersion     = "1.0"
	AvroContentType = "application/avro"
)

// singleHeaders are the headers a message must not repeat.
var singleHeaders = []string{
	HeaderType, HeaderID, HeaderSource, HeaderTime, HeaderMinorVersion, HeaderSourceHost, HeaderSourceLib,
}

// ErrUnknownEventType is wrapped by the [*HeaderError] of a ce_type that names no
// event in the catalog, or an event that is never sent over the bus.
var ErrUnknownEventType = errors.New("unknown event type")

// HeaderError reports CloudEvents headers that make a message unusable: a required
// header is missing, a header is repeated, or a value does not parse. No retry can
// fix such a message.
type HeaderError struct {
	Header string // header name, e.g. "ce_time"
	Value  string // the offending value, "" when missing
	Reason string // what is wrong and what was expected
	Err    error  // underlying error, if any
}

func (e *HeaderError) Error() string {
	msg := "header " + e.Header
	if e.Value != "" {
		msg += fmt.Sprintf(" %q", e.Value)
	}
	msg += ": " + e.Reason
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the underlying error.
func (e *HeaderError) Unwrap() error { return e.Err }

// MetadataHeaders returns the ten Kafka headers of an event with metadata md, in the
// form the Python event bus writes and reads them. The values share one buffer.
func MetadataHeaders(md events.Metadata) []kafka.Header {
	values := [10][2]string{
		{HeaderSpecVersion, SpecVersion},
		{HeaderContentType, AvroContentType},
		{HeaderDataContentType, AvroContentType},
		{HeaderType, md.EventType},
		{HeaderID, md.ID.String()},
		{HeaderSource, md.Source},
		{HeaderTime, events.FormatTime(md.Time)},
		{HeaderMinorVersion, strconv.Itoa(md.MinorVersion)},
		{HeaderSourceHost, md.SourceHost},
		{HeaderSourceLib, events.FormatSourceLib(md.SourceLib)},
	}
	size := 0
	for _, v := range values {
		size += len(v[1])
	}
	buf := make([]byte, 0, size)
	headers := make([]kafka.Header, len(values))
	for i, v := range values {
		start := len(buf)
		buf = append(buf, v[1]...)
		headers[i] = kafka.Header{Key: v[0], Value: buf[start:len(buf):len(buf)]}
	}
	return headers
}

// MetadataFromHeaders reads the event metadata back from Kafka headers.
//
// It returns a [*HeaderError] when ce_type is missing, repeated or not a known
// sendable event (then wrapping [ErrUnknownEventType]), or when ce_id is missing.
// It also rejects a repeated ce_type, ce_id, ce_source, ce_time, ce_minorversion,
// sourcehost or sourcelib, and a value that does not parse: a ce_time that is not
// UTC, a non-numeric minor version or sourcelib. A missing ce_source, ce_time, ce_minorversion, sourcehost
// or sourcelib takes the local default (source of [events.DefaultService], the
// current time, 0, this host, [events.SourceLib]) and adds a warning.
func MetadataFromHeaders(headers []kafka.Header) (md events.Metadata, eventType string, warnings []string, err error) {
	return MetadataFromHeadersLookup(headers, catalog.Lookup)
}

// MetadataFromHeadersLookup is [MetadataFromHeaders] with the event types known to
// lookup instead of the catalog, for consumers that resolve events their own way.
func MetadataFromHeadersLookup(headers []kafka.Header, lookup func(eventType string) (events.Definition, error)) (
	md events.Metadata, eventType string, warnings []string, err error) {
	values, err := singleValues(headers)
	if err != nil {
		return events.Metadata{}, "", nil, err
	}

	eventType, ok := values[HeaderType]
	if !ok {
		return events.Metadata{}, "", nil, &HeaderError{Header: HeaderType, Reason: "missing"}
	}
	if err := checkEventType(lookup, eventType); err != nil {
		return events.Metadata{}, eventType, nil, err
	}
	rawID, ok := values[HeaderID]
	if !ok {
		return events.Metadata{}, eventType, nil, &HeaderError{Header: HeaderID, Reason: "missing"}
	}
	id, err := uuid.Parse(rawID)
	if err != nil {
		return events.Metadata{}, eventType, nil, &HeaderError{Header: HeaderID, Value: rawID,
			Reason: "not a UUID", Err: err}
	}

	md = events.Metadata{ID: id, EventType: eventType}
	warnings, err = readOptionalHeaders(values, &md)
	if err != nil {
		return events.Metadata{}, eventType, nil, err
	}
	return md, eventType, warnings, nil
}

// singleValues collects the headers that must appear at most once, rejecting repeats
// and values that are not UTF-8.
func singleValues(headers []kafka.Header) (map[string]string, error) {
	counts := map[string]int{}
	values := map[string]string{}
	for _, h := range headers {
		counts[h.Key]++
		values[h.Key] = string(h.Value)
	}
	single := make(map[string]string, len(singleHeaders))
	for _, name := range singleHeaders {
		switch n := counts[name]; {
		case n > 1:
			return nil, &HeaderError{Header: name, Reason: fmt.Sprintf("repeated %d times, expected once", n)}
		case n == 1:
			if !utf8.ValidString(values[name]) {
				return nil, &HeaderError{Header: name, Value: values[name], Reason: "not valid UTF-8"}
			}
			single[name] = values[name]
		}
	}
	return single, nil
}

func checkEventType(lookup func(string) (events.Definition, error), eventType string) error {
	def, err := lookup(eventType)
	if err != nil {
		return &HeaderError{Header: HeaderType, Value: eventType, Reason: "no such event",
			Err: fmt.Errorf("%w: %v", ErrUnknownEventType, err)}
	}
	if !def.Sendable() {
		return &HeaderError{Header: HeaderType, Value: eventType, Reason: "the event is never sent over the bus",
			Err: ErrUnknownEventType}
	}
	return nil
}

// readOptionalHeaders fills the metadata fields that have a local default.
func readOptionalHeaders(values map[string]string, md *events.Metadata) ([]string, error) {
	var warnings []string
	missing := func(name, fallback string) {
		warnings = append(warnings, fmt.Sprintf("header %s is missing, using %s", name, fallback))
	}

	if v, ok := values[HeaderSource]; ok {
		md.Source = v
	} else {
		md.Source = events.SourceForService(events.DefaultService)
		missing(HeaderSource, md.Source)
	}

	if v, ok := values[HeaderSourceHost]; ok {
		md.SourceHost = v
	} else {
		md.SourceHost, _ = os.Hostname()
		missing(HeaderSourceHost, "this host's name "+strconv.Quote(md.SourceHost))
	}

	if v, ok := values[HeaderTime]; ok {
		t, err := parseUTCTime(v)
		if err != nil {
			return nil, err
		}
		md.Time = t
	} else {
		md.Time = time.Now().UTC()
		missing(HeaderTime, "the current time")
	}

	if v, ok := values[HeaderMinorVersion]; ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return nil, &HeaderError{Header: HeaderMinorVersion, Value: v,
				Reason: "not a non-negative decimal integer, expected e.g. 0"}
		}
		md.MinorVersion = n
	} else {
		missing(HeaderMinorVersion, "0")
	}

	if v, ok := values[HeaderSourceLib]; ok {
		lib, err := events.ParseSourceLib(v)
		if err != nil {
			return nil, &HeaderError{Header: HeaderSourceLib, Value: v,
				Reason: "not a dotted integer version, expected e.g. 11.2.0"}
		}
		md.SourceLib = lib
	} else {
		md.SourceLib = append([]int(nil), events.SourceLib...)
		missing(HeaderSourceLib, events.FormatSourceLib(events.SourceLib))
	}
	return warnings, nil
}

// parseUTCTime parses a ce_time value and rejects any offset other than UTC ("Z",
// "+00:00" and equivalent spellings).
func parseUTCTime(v string) (time.Time, error) {
	t, err := events.ParseTime(v)
	if err != nil {
		return time.Time{}, &HeaderError{Header: HeaderTime, Value: v,
			Reason: "not a time, expected e.g. 2023-01-01T14:00:00+00:00", Err: err}
	}
	if !hasUTCOffset(v) {
		return time.Time{}, &HeaderError{Header: HeaderTime, Value: v,
			Reason: "not in UTC, expected the offset +00:00 or Z"}
	}
	return t, nil
}

// hasUTCOffset reports whether a time that events.ParseTime accepted ends in a zero
// UTC offset. The offset is what follows the last '+' or '-' after the date.
func hasUTCOffset(v string) bool {
	if strings.HasSuffix(v, "Z") || strings.HasSuffix(v, "z") {
		return true
	}
	i := strings.LastIndexAny(v, "+-")
	if i < 8 {
		return false
	}
	offset := strings.ReplaceAll(v[i+1:], ":", "")
	return offset != "" && strings.Trim(offset, "0") == ""
}

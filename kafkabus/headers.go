package kafkabus

import (
	"errors"
	"fmt"
	"os"
	"slices"
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

// metadataHeaderNames are the names of the headers that [MetadataHeaders]
// writes, in order.
var metadataHeaderNames = [...]string{
	HeaderSpecVersion, HeaderContentType, HeaderDataContentType, HeaderType, HeaderID,
	HeaderSource, HeaderTime, HeaderMinorVersion, HeaderSourceHost, HeaderSourceLib,
}

// MetadataHeaders returns the ten Kafka headers of an event with metadata md, in the
// form the Python event bus writes and reads them. The values share one buffer.
func MetadataHeaders(md events.Metadata) []kafka.Header {
	headers, _ := appendMetadataHeaders(nil, nil, md)
	return headers
}

// appendMetadataHeaders appends the [MetadataHeaders] of md to headers, with
// their values appended to values, and returns both extended slices. The
// header values alias the returned values buffer.
func appendMetadataHeaders(headers []kafka.Header, values []byte, md events.Metadata) ([]kafka.Header, []byte) {
	// The fixed-size values: the UUID, a time with microseconds, and up to
	// 20 digits of the minor version.
	size := len(SpecVersion) + 2*len(AvroContentType) + len(md.EventType) + 36 + len(md.Source) +
		32 + 20 + len(md.SourceHost) + 8*len(md.SourceLib)
	buf := slices.Grow(values, size)
	base := len(buf)
	var ends [len(metadataHeaderNames)]int
	appendEnd := func(i int, b []byte) []byte {
		ends[i] = len(b)
		return b
	}
	buf = appendEnd(0, append(buf, SpecVersion...))
	buf = appendEnd(1, append(buf, AvroContentType...))
	buf = appendEnd(2, append(buf, AvroContentType...))
	buf = appendEnd(3, append(buf, md.EventType...))
	buf = appendEnd(4, appendUUID(buf, md.ID))
	buf = appendEnd(5, append(buf, md.Source...))
	buf = appendEnd(6, events.AppendTime(buf, md.Time))
	buf = appendEnd(7, strconv.AppendInt(buf, int64(md.MinorVersion), 10))
	buf = appendEnd(8, append(buf, md.SourceHost...))
	buf = appendEnd(9, events.AppendSourceLib(buf, md.SourceLib))

	headers = slices.Grow(headers, len(metadataHeaderNames))
	start := base
	for i, name := range metadataHeaderNames {
		headers = append(headers, kafka.Header{Key: name, Value: buf[start:ends[i]:ends[i]]})
		start = ends[i]
	}
	return headers, buf
}

// appendUUID appends the canonical form of id, as [uuid.UUID.String]
// writes it, to b.
func appendUUID(b []byte, id uuid.UUID) []byte {
	const digits = "0123456789abcdef"
	for i, c := range id {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, digits[c>>4], digits[c&0x0f])
	}
	return b
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
	md, _, eventType, warnings, err = parseHeaders(headers, lookup)
	return md, eventType, warnings, err
}

// parseHeaders is [MetadataFromHeadersLookup] that also returns the event's
// definition from lookup.
func parseHeaders(headers []kafka.Header, lookup func(eventType string) (events.Definition, error)) (
	md events.Metadata, def events.Definition, eventType string, warnings []string, err error) {
	var single singleHeaderValues
	if err := single.collect(headers); err != nil {
		return events.Metadata{}, nil, "", nil, err
	}

	rawType, ok := single.get(slotType)
	if !ok {
		return events.Metadata{}, nil, "", nil, &HeaderError{Header: HeaderType, Reason: "missing"}
	}
	eventType = string(rawType)
	if def, err = checkEventType(lookup, eventType); err != nil {
		return events.Metadata{}, nil, eventType, nil, err
	}
	rawID, ok := single.get(slotID)
	if !ok {
		return events.Metadata{}, nil, eventType, nil, &HeaderError{Header: HeaderID, Reason: "missing"}
	}
	id, err := uuid.ParseBytes(rawID)
	if err != nil {
		return events.Metadata{}, nil, eventType, nil, &HeaderError{Header: HeaderID, Value: string(rawID),
			Reason: "not a UUID", Err: err}
	}

	md = events.Metadata{ID: id, EventType: eventType}
	warnings, err = readOptionalHeaders(&single, &md)
	if err != nil {
		return events.Metadata{}, nil, eventType, nil, err
	}
	return md, def, eventType, warnings, nil
}

// Slots of the headers that a message must not repeat, in the order in which
// they are checked.
const (
	slotType = iota
	slotID
	slotSource
	slotTime
	slotMinorVersion
	slotSourceHost
	slotSourceLib
	slotCount
)

// slotNames are the header names of the slots.
var slotNames = [slotCount]string{
	HeaderType, HeaderID, HeaderSource, HeaderTime, HeaderMinorVersion, HeaderSourceHost, HeaderSourceLib,
}

// headerSlot returns the slot of a header name, or -1 for a header that may repeat.
func headerSlot(name string) int {
	switch name {
	case HeaderType:
		return slotType
	case HeaderID:
		return slotID
	case HeaderSource:
		return slotSource
	case HeaderTime:
		return slotTime
	case HeaderMinorVersion:
		return slotMinorVersion
	case HeaderSourceHost:
		return slotSourceHost
	case HeaderSourceLib:
		return slotSourceLib
	}
	return -1
}

// singleHeaderValues are the values of the headers that must appear at most
// once, gathered in one pass without copying them.
type singleHeaderValues struct {
	values [slotCount][]byte
	counts [slotCount]int
}

// collect reads headers and rejects a repeated header and a value that is not
// UTF-8, checking the slots in order.
func (s *singleHeaderValues) collect(headers []kafka.Header) error {
	for _, h := range headers {
		if i := headerSlot(h.Key); i >= 0 {
			s.counts[i]++
			s.values[i] = h.Value
		}
	}
	for i, n := range s.counts {
		switch {
		case n > 1:
			return &HeaderError{Header: slotNames[i], Reason: fmt.Sprintf("repeated %d times, expected once", n)}
		case n == 1 && !utf8.Valid(s.values[i]):
			return &HeaderError{Header: slotNames[i], Value: string(s.values[i]), Reason: "not valid UTF-8"}
		}
	}
	return nil
}

// get returns the value of a slot and whether the header is present.
func (s *singleHeaderValues) get(slot int) ([]byte, bool) {
	return s.values[slot], s.counts[slot] == 1
}

func checkEventType(lookup func(string) (events.Definition, error), eventType string) (events.Definition, error) {
	def, err := lookup(eventType)
	if err != nil {
		return nil, &HeaderError{Header: HeaderType, Value: eventType, Reason: "no such event",
			Err: fmt.Errorf("%w: %v", ErrUnknownEventType, err)}
	}
	if !def.Sendable() {
		return nil, &HeaderError{Header: HeaderType, Value: eventType, Reason: "the event is never sent over the bus",
			Err: ErrUnknownEventType}
	}
	return def, nil
}

// readOptionalHeaders fills the metadata fields that have a local default.
func readOptionalHeaders(single *singleHeaderValues, md *events.Metadata) ([]string, error) {
	var warnings []string
	missing := func(name, fallback string) {
		warnings = append(warnings, fmt.Sprintf("header %s is missing, using %s", name, fallback))
	}

	if v, ok := single.get(slotSource); ok {
		md.Source = string(v)
	} else {
		md.Source = events.SourceForService(events.DefaultService)
		missing(HeaderSource, md.Source)
	}

	if v, ok := single.get(slotSourceHost); ok {
		md.SourceHost = string(v)
	} else {
		md.SourceHost, _ = os.Hostname()
		missing(HeaderSourceHost, "this host's name "+strconv.Quote(md.SourceHost))
	}

	if v, ok := single.get(slotTime); ok {
		t, err := parseUTCTime(string(v))
		if err != nil {
			return nil, err
		}
		md.Time = t
	} else {
		md.Time = time.Now().UTC()
		missing(HeaderTime, "the current time")
	}

	if v, ok := single.get(slotMinorVersion); ok {
		n, err := strconv.Atoi(string(v))
		if err != nil || n < 0 {
			return nil, &HeaderError{Header: HeaderMinorVersion, Value: string(v),
				Reason: "not a non-negative decimal integer, expected e.g. 0"}
		}
		md.MinorVersion = n
	} else {
		missing(HeaderMinorVersion, "0")
	}

	if v, ok := single.get(slotSourceLib); ok {
		lib, err := events.ParseSourceLib(string(v))
		if err != nil {
			return nil, &HeaderError{Header: HeaderSourceLib, Value: string(v),
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

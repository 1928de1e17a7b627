package events

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
)

// SourceLib is the openedx-events version whose catalog this package matches,
// written as the sourcelib of new metadata.
var SourceLib = []int{11, 2, 0}

// DefaultService is the service name in the source of new metadata when
// [WithService] is not given, the value the Python services use when their
// service name is unset.
const DefaultService = "SERVICE_NAME_UNSET"

// Metadata is the envelope of an event: the CloudEvents attributes that travel
// next to the payload (as Kafka headers on the bus).
type Metadata struct {
	ID           uuid.UUID // event id; new ids are version 1 UUIDs
	EventType    string    // e.g. "org.openedx.learning.course.enrollment.created.v1"
	MinorVersion int       // minor version of the event definition
	Source       string    // "openedx/<service>/web"
	SourceHost   string    // host name of the sender
	Time         time.Time // when the event happened, in UTC
	SourceLib    []int     // version of the sending library, e.g. [11 2 0]
}

// MetadataOption changes a field of the metadata built by [NewMetadata].
type MetadataOption func(*Metadata)

// WithService sets the source to "openedx/<name>/web". The default name is
// [DefaultService].
func WithService(name string) MetadataOption {
	return func(m *Metadata) { m.Source = SourceForService(name) }
}

// WithSourceHost sets the source host. The default is the host name from
// [os.Hostname], read once per process.
func WithSourceHost(host string) MetadataOption {
	return func(m *Metadata) { m.SourceHost = host }
}

// WithTime sets the event time, converted to UTC and truncated to whole
// microseconds like the default, the current time.
func WithTime(t time.Time) MetadataOption {
	return func(m *Metadata) { m.Time = wireTime(t) }
}

// wireTime returns t in UTC, truncated to the microseconds that the ce_time
// header and the JSON form carry, so that an event read back from the bus
// has the time it was sent with. Truncate also drops the monotonic clock
// reading, which == on times would otherwise compare.
func wireTime(t time.Time) time.Time {
	return t.UTC().Truncate(time.Microsecond)
}

// hostname is the host name of new metadata. os.Hostname reads a file on
// every call, so it is read once per process.
var hostname = sync.OnceValue(func() string {
	host, _ := os.Hostname()
	return host
})

// WithID sets the event id. The default is a new version 1 UUID.
func WithID(id uuid.UUID) MetadataOption {
	return func(m *Metadata) { m.ID = id }
}

// WithSourceLib sets the sending library version. The default is [SourceLib].
func WithSourceLib(version []int) MetadataOption {
	return func(m *Metadata) { m.SourceLib = append([]int(nil), version...) }
}

// defaultSource is SourceForService(DefaultService) as a constant, so new
// metadata does not build it again.
const defaultSource = "openedx/" + DefaultService + "/web"

// SourceForService returns the metadata source of a service: "openedx/<name>/web".
func SourceForService(name string) string {
	return "openedx/" + name + "/web"
}

// NewMetadata builds the metadata of a new event: a version 1 UUID, the
// current UTC time in whole microseconds, the source of [DefaultService],
// the host name and [SourceLib], each replaceable by an option. The result
// is validated.
func NewMetadata(eventType string, minorVersion int, opts ...MetadataOption) (Metadata, error) {
	id, err := uuid.NewUUID()
	if err != nil {
		return Metadata{}, fmt.Errorf("new metadata for %q: generate event id: %w", eventType, err)
	}
	m := Metadata{
		ID:           id,
		EventType:    eventType,
		MinorVersion: minorVersion,
		Source:       defaultSource,
		SourceHost:   hostname(),
		Time:         wireTime(time.Now()),
		SourceLib:    append([]int(nil), SourceLib...),
	}
	for _, opt := range opts {
		opt(&m)
	}
	if err := m.Validate(); err != nil {
		return Metadata{}, err
	}
	return m, nil
}

// Validate checks that every field is set: a non-nil id, an event type, a
// minor version of zero or more, a source, a non-zero time and a sourcelib of
// non-negative numbers. The source host may be empty.
func (m Metadata) Validate() error {
	var errs []error
	if m.ID == uuid.Nil {
		errs = append(errs, errors.New("id is the nil UUID"))
	}
	if m.EventType == "" {
		errs = append(errs, errors.New("event type is empty"))
	}
	if m.MinorVersion < 0 {
		errs = append(errs, fmt.Errorf("minor version %d is negative", m.MinorVersion))
	}
	if m.Source == "" {
		errs = append(errs, errors.New("source is empty, expected \"openedx/<service>/web\""))
	}
	if m.Time.IsZero() {
		errs = append(errs, errors.New("time is not set"))
	}
	if err := validateSourceLib(m.SourceLib); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("invalid metadata for %q: %w", m.EventType, err)
	}
	return nil
}

func validateSourceLib(v []int) error {
	if len(v) == 0 {
		return errors.New("sourcelib is empty, expected a version such as [11 2 0]")
	}
	for _, n := range v {
		if n < 0 {
			return fmt.Errorf("sourcelib %v has a negative number", v)
		}
	}
	return nil
}

// SourceLibString returns the sourcelib as a dotted version, e.g. "11.2.0".
func (m Metadata) SourceLibString() string {
	return FormatSourceLib(m.SourceLib)
}

// FormatSourceLib writes a version as dotted integers, e.g. "11.2.0".
func FormatSourceLib(v []int) string {
	var buf [16]byte
	return string(AppendSourceLib(buf[:0], v))
}

// AppendSourceLib appends the [FormatSourceLib] form of v to b and returns
// the extended buffer.
func AppendSourceLib(b []byte, v []int) []byte {
	for i, n := range v {
		if i > 0 {
			b = append(b, '.')
		}
		b = strconv.AppendInt(b, int64(n), 10)
	}
	return b
}

// ParseSourceLib reads a dotted integer version such as "11.2.0".
func ParseSourceLib(s string) ([]int, error) {
	v := make([]int, 0, strings.Count(s, ".")+1)
	for rest := s; ; {
		part, after, more := strings.Cut(rest, ".")
		n, err := strconv.Atoi(part)
		if err != nil || n < 0 || strings.TrimSpace(part) != part {
			return nil, fmt.Errorf("invalid sourcelib %q: expected dotted non-negative integers such as \"11.2.0\"", s)
		}
		v = append(v, n)
		if !more {
			return v, nil
		}
		rest = after
	}
}

// metadataJSON is the JSON form of the Python EventsMetadata.
type metadataJSON struct {
	EventType    string `json:"event_type"`
	ID           string `json:"id"`
	MinorVersion int    `json:"minorversion"`
	Source       string `json:"source"`
	SourceHost   string `json:"sourcehost"`
	Time         string `json:"time"`
	SourceLib    []int  `json:"sourcelib"`
}

// MarshalJSON writes the metadata as the Python services do: keys event_type,
// id, minorversion, source, sourcehost, time (see [FormatTime]) and sourcelib
// (a list of integers).
func (m Metadata) MarshalJSON() ([]byte, error) {
	lib := m.SourceLib
	if lib == nil {
		lib = []int{}
	}
	return json.Marshal(metadataJSON{
		EventType:    m.EventType,
		ID:           m.ID.String(),
		MinorVersion: m.MinorVersion,
		Source:       m.Source,
		SourceHost:   m.SourceHost,
		Time:         FormatTime(m.Time),
		SourceLib:    lib,
	})
}

// UnmarshalJSON reads the JSON form written by [Metadata.MarshalJSON]. It
// does not validate, so call [Metadata.Validate] for that.
func (m *Metadata) UnmarshalJSON(b []byte) error {
	var j metadataJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("decode metadata JSON: %w", err)
	}
	id, err := uuid.Parse(j.ID)
	if err != nil {
		return fmt.Errorf("decode metadata JSON: invalid id %q: %w", j.ID, err)
	}
	t, err := ParseTime(j.Time)
	if err != nil {
		return fmt.Errorf("decode metadata JSON: %w", err)
	}
	*m = Metadata{
		ID:           id,
		EventType:    j.EventType,
		MinorVersion: j.MinorVersion,
		Source:       j.Source,
		SourceHost:   j.SourceHost,
		Time:         t,
		SourceLib:    j.SourceLib,
	}
	return nil
}

package registry

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// MagicByte is the first byte of every message in the Confluent wire format.
const MagicByte byte = 0

// HeaderSize is the length of the wire-format header: the magic byte and a
// 4-byte big-endian schema id.
const HeaderSize = 5

// ErrBadMagic reports a message whose first byte is not [MagicByte], so it was
// not written in the Confluent wire format.
var ErrBadMagic = errors.New("message does not start with the schema registry magic byte 0")

// ErrShortMessage reports a message of [HeaderSize] bytes or fewer, which has
// no room for an Avro body after the header.
var ErrShortMessage = errors.New("message is too short for the schema registry wire format")

// Frame returns body prefixed with the Confluent wire-format header: byte 0,
// then id as a 4-byte big-endian unsigned integer. Frame panics when id does
// not fit in 32 bits, because registry ids always do.
func Frame(id int, body []byte) []byte {
	return AppendFrame(make([]byte, 0, HeaderSize+len(body)), id, body)
}

// AppendFrame appends the framed body to dst and returns the extended slice,
// like [Frame] without the allocation.
func AppendFrame(dst []byte, id int, body []byte) []byte {
	if id < 0 || id > math.MaxUint32 {
		panic(fmt.Sprintf("registry: schema id %d does not fit the 4-byte wire format", id))
	}
	dst = append(dst, MagicByte)
	dst = binary.BigEndian.AppendUint32(dst, uint32(id))
	return append(dst, body...)
}

// Unframe splits a wire-format message into its schema id and Avro body. The
// body aliases b. A message of 5 bytes or fewer is rejected with
// [ErrShortMessage] and a wrong first byte with [ErrBadMagic]. Unframe does not
// check that the id exists: the client reports an unknown id as
// [ErrSchemaNotFound].
func Unframe(b []byte) (id int, body []byte, err error) {
	if len(b) <= HeaderSize {
		return 0, nil, fmt.Errorf("unframe message of %d bytes (need more than %d): %w",
			len(b), HeaderSize, ErrShortMessage)
	}
	if b[0] != MagicByte {
		return 0, nil, fmt.Errorf("unframe message: first byte is %#02x: %w", b[0], ErrBadMagic)
	}
	return int(binary.BigEndian.Uint32(b[1:HeaderSize])), b[HeaderSize:], nil
}

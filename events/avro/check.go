package avro

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Limits that checkEncoding applies before goavro decodes untrusted bytes. goavro
// preallocates an array for the block count it reads, so a forged count such as 2^31
// would allocate gigabytes before any item is read.
const (
	// maxDepth is the maximum nesting of records, arrays, maps and unions in a value.
	maxDepth = 1000
	// maxZeroSizeItems is the maximum number of items whose encoding takes no bytes
	// (null, zero-size fixed, records of such fields) in one array or map.
	maxZeroSizeItems = 1 << 16
)

var errShortBuffer = errors.New("truncated data: expected more bytes")

// checkEncoding walks b as an encoding of t without allocating and rejects what goavro
// would mishandle. That is block counts larger than the remaining bytes can hold, string
// and bytes lengths past the end, out-of-range union and enum indexes, deep nesting and
// trailing bytes.
func checkEncoding(t *Type, b []byte) error {
	rest, err := checkValue(t, b, 0)
	if err != nil {
		return fmt.Errorf("invalid avro data at byte %d: %w", len(b)-len(rest), err)
	}
	if len(rest) != 0 {
		return fmt.Errorf("invalid avro data: %d unexpected bytes after the value", len(rest))
	}
	return nil
}

func checkValue(t *Type, b []byte, depth int) ([]byte, error) {
	if depth > maxDepth {
		return b, fmt.Errorf("value nests deeper than %d levels", maxDepth)
	}
	switch t.Kind {
	case Null:
		return b, nil
	case Boolean:
		if len(b) == 0 {
			return b, errShortBuffer
		}
		if b[0] > 1 {
			return b, fmt.Errorf("invalid boolean byte %#x", b[0])
		}
		return b[1:], nil
	case Int, Long, Enum:
		return checkIntegerLike(t, b)
	case Float:
		return skipFixed(b, 4)
	case Double:
		return skipFixed(b, 8)
	case Fixed:
		return skipFixed(b, t.Size)
	case Bytes, String:
		n, rest, err := readLong(b)
		if err != nil {
			return b, err
		}
		if n < 0 || n > int64(len(rest)) {
			return b, fmt.Errorf("length %d exceeds the %d remaining bytes", n, len(rest))
		}
		if t.Kind == String && !utf8.Valid(rest[:n]) {
			return b, fmt.Errorf("string is not valid UTF-8")
		}
		return rest[n:], nil
	case Record:
		return checkRecord(t, b, depth)
	case Array:
		return checkBlocks(t.Items, nil, b, depth)
	case Map:
		return checkBlocks(t.Values, mapKeyType, b, depth)
	case Union:
		return checkUnion(t, b, depth)
	}
	return b, fmt.Errorf("unsupported schema kind %s", t.Kind)
}

func checkIntegerLike(t *Type, b []byte) ([]byte, error) {
	n, rest, err := readLong(b)
	if err != nil {
		return b, err
	}
	switch {
	case t.Kind == Int && (n < -1<<31 || n > 1<<31-1):
		return b, fmt.Errorf("int value %d is out of 32-bit range", n)
	case t.Kind == Enum && (n < 0 || n >= int64(len(t.Symbols))):
		return b, fmt.Errorf("enum index %d is out of range for %s", n, t.Name)
	}
	return rest, nil
}

func skipFixed(b []byte, n int) ([]byte, error) {
	if len(b) < n {
		return b, errShortBuffer
	}
	return b[n:], nil
}

func checkRecord(t *Type, b []byte, depth int) ([]byte, error) {
	var err error
	for _, f := range t.Fields {
		// Strings and longs, the most common fields, are checked here without a call.
		switch f.Type.Kind {
		case String:
			n, rest, err := readLong(b)
			if err != nil {
				return b, err
			}
			if n < 0 || n > int64(len(rest)) {
				return b, fmt.Errorf("length %d exceeds the %d remaining bytes", n, len(rest))
			}
			if !utf8.Valid(rest[:n]) {
				return b, fmt.Errorf("string is not valid UTF-8")
			}
			b = rest[n:]
		case Long:
			if _, b, err = readLong(b); err != nil {
				return b, err
			}
		default:
			if b, err = checkValue(f.Type, b, depth+1); err != nil {
				return b, err
			}
		}
	}
	return b, nil
}

func checkUnion(t *Type, b []byte, depth int) ([]byte, error) {
	i, rest, err := readLong(b)
	if err != nil {
		return b, err
	}
	if i < 0 || i >= int64(len(t.Branches)) {
		return b, fmt.Errorf("union branch index %d is out of range", i)
	}
	return checkValue(t.Branches[i], rest, depth+1)
}

// checkBlocks checks the blocks of an array (key == nil) or a map.
func checkBlocks(elem, key *Type, b []byte, depth int) ([]byte, error) {
	itemSize := elem.minSize
	if key != nil {
		itemSize++
	}
	total := int64(0)
	for {
		count, rest, err := readLong(b)
		if err != nil {
			return b, err
		}
		if count == 0 {
			return rest, nil
		}
		if count < 0 {
			// A negative count is followed by the block size in bytes.
			if count == -1<<63 {
				return b, fmt.Errorf("invalid block count %d", count)
			}
			count = -count
			if _, rest, err = readLong(rest); err != nil {
				return b, err
			}
		}
		total += count
		if itemSize == 0 && total > maxZeroSizeItems {
			return b, fmt.Errorf("more than %d empty items in one array or map", maxZeroSizeItems)
		}
		if itemSize > 0 && count > int64(len(rest)/itemSize) {
			return b, fmt.Errorf("block count %d exceeds what the %d remaining bytes can hold",
				count, len(rest))
		}

		b = rest
		for range count {
			if key != nil {
				if b, err = checkValue(key, b, depth+1); err != nil {
					return b, err
				}
			}
			if b, err = checkValue(elem, b, depth+1); err != nil {
				return b, err
			}
		}
	}
}

// readLong reads a zig-zag varint of at most 10 bytes.
func readLong(b []byte) (int64, []byte, error) {
	var u uint64
	for i := 0; i < len(b) && i < 10; i++ {
		u |= uint64(b[i]&0x7f) << (7 * i)
		if b[i] < 0x80 {
			if i == 9 && b[i] > 1 {
				break
			}
			return int64(u>>1) ^ -int64(u&1), b[i+1:], nil
		}
	}
	if len(b) < 10 {
		return 0, b, errShortBuffer
	}
	return 0, b, errors.New("varint longer than 64 bits")
}

// mapKeyType is the type of map keys, which are always strings.
var mapKeyType = &Type{Kind: String, minSize: 1}

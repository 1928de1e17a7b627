package avro

import (
	"fmt"
	"unsafe"

	"github.com/openedx-go/eventbus/internal/iface"
)

// DecodeScalar decodes one value of the primitive kind k (boolean, int, long, float,
// double, bytes or string) from the start of b with the shared goavro codec of that kind,
// and returns it with the bytes after it. The value has goavro's native type: bool,
// int32, int64, float32, float64, []byte or string. A string is not checked for valid
// UTF-8; Codec.Decode does that in its pre-check.
//
// It lets code that decodes into its own types walk records, unions, arrays and maps
// itself and leave each scalar to goavro, as the Codec's encoder does.
func DecodeScalar(k Kind, b []byte) (any, []byte, error) {
	if k < Boolean || k > String {
		return nil, b, fmt.Errorf("decode scalar: %s is not a primitive type, so decode it with a Codec", k)
	}
	return primitiveCodecs[k].NativeFromBinary(b)
}

// LongFits reports whether b starts with a complete zig-zag varint of at most ten
// bytes whose value fits in 64 bits, as Codec.Decode requires. goavro alone also
// reads longer varints.
func LongFits(b []byte) bool {
	_, _, err := readLong(b)
	return err == nil
}

// AppendScalar appends the encoding of v as a value of the primitive kind k with the
// shared goavro codec of that kind. v has a type that goavro accepts for k, such as
// string or []byte for a string.
func AppendScalar(buf []byte, k Kind, v any) ([]byte, error) {
	if k < Boolean || k > String {
		return buf, fmt.Errorf("encode scalar: %s is not a primitive type, so encode it with a Codec", k)
	}
	return primitiveCodecs[k].BinaryFromNative(buf, v)
}

// AppendStringAt appends the string at p with goavro's string codec, like
// AppendScalar(buf, String, *p) without the allocation that converting *p to an
// interface value makes. *p must not change until AppendStringAt returns.
func AppendStringAt(buf []byte, p *string) ([]byte, error) {
	return primitiveCodecs[String].BinaryFromNative(buf, valueAt(stringType, unsafe.Pointer(p)))
}

// AppendBytesAt appends the bytes at p as an Avro string with goavro's string codec,
// like AppendStringAt.
func AppendBytesAt(buf []byte, p *[]byte) ([]byte, error) {
	return primitiveCodecs[String].BinaryFromNative(buf, valueAt(bytesType, unsafe.Pointer(p)))
}

// AppendLongAt appends the long at p with goavro's long codec, like AppendStringAt.
func AppendLongAt(buf []byte, p *int64) ([]byte, error) {
	return primitiveCodecs[Long].BinaryFromNative(buf, valueAt(int64Type, unsafe.Pointer(p)))
}

// AppendDoubleAt appends the double at p with goavro's double codec, like
// AppendStringAt.
func AppendDoubleAt(buf []byte, p *float64) ([]byte, error) {
	return primitiveCodecs[Double].BinaryFromNative(buf, valueAt(float64Type, unsafe.Pointer(p)))
}

var (
	stringType  = iface.TypeOf("")
	bytesType   = iface.TypeOf([]byte(nil))
	int64Type   = iface.TypeOf(int64(0))
	float64Type = iface.TypeOf(float64(0))
)

// valueAt returns an interface value of the dynamic type typ over the memory at p,
// without the allocation that a conversion makes. goavro's codecs only read their
// argument, so sharing the memory with them is safe.
func valueAt(typ, p unsafe.Pointer) any { return iface.At(typ, p) }

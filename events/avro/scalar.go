package avro

import "fmt"

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
		return nil, b, fmt.Errorf("decode scalar: %s is not a primitive kind with a value", k)
	}
	return primitiveCodecs[k].NativeFromBinary(b)
}

// AppendScalar appends the encoding of v as a value of the primitive kind k with the
// shared goavro codec of that kind. v has a type that goavro accepts for k, such as
// string or []byte for a string.
func AppendScalar(buf []byte, k Kind, v any) ([]byte, error) {
	if k < Boolean || k > String {
		return buf, fmt.Errorf("encode scalar: %s is not a primitive kind with a value", k)
	}
	return primitiveCodecs[k].BinaryFromNative(buf, v)
}

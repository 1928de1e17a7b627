package avro

import (
	"bytes"
	"testing"

	"github.com/linkedin/goavro/v2"
)

// goavroEnrollmentRecord returns enrollmentRecord in goavro's native form, with union
// values wrapped in a map keyed by the branch type name.
func goavroEnrollmentRecord() map[string]any {
	r := enrollmentRecord()
	e := r["enrollment"].(map[string]any)
	course := e["course"].(map[string]any)
	course["start"] = goavro.Union("string", course["start"])
	e["created_by"] = goavro.Union("org.openedx.learning.course.enrollment.created.v1.UserData",
		e["created_by"])
	return r
}

func newBenchCodecs(b *testing.B) (*Codec, *goavro.Codec) {
	b.Helper()
	ours := mustCodec(b, mustParse(b, enrollmentSchema))
	theirs, err := goavro.NewCodecWithOptions(enrollmentSchema, codecOption)
	if err != nil {
		b.Fatal(err)
	}
	// Both must produce the same bytes, or the comparison means nothing.
	want, err := ours.Encode(enrollmentRecord())
	if err != nil {
		b.Fatal(err)
	}
	got, err := theirs.BinaryFromNative(nil, goavroEnrollmentRecord())
	if err != nil {
		b.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		b.Fatalf("goavro encodes %x, the codec encodes %x", got, want)
	}
	return ours, theirs
}

// BenchmarkEncode compares Codec.Encode with goavro's BinaryFromNative on the same
// enrollment record. goavro gets the record with the union wrappers it requires.
func BenchmarkEncode(b *testing.B) {
	ours, theirs := newBenchCodecs(b)
	b.Run("codec", func(b *testing.B) {
		record := enrollmentRecord()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ours.Encode(record); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("goavro", func(b *testing.B) {
		record := goavroEnrollmentRecord()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := theirs.BinaryFromNative(nil, record); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The codec sizes its buffer from earlier encodings, and this gives goavro the same
	// advantage.
	b.Run("goavro-presized", func(b *testing.B) {
		record := goavroEnrollmentRecord()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := theirs.BinaryFromNative(make([]byte, 0, 256), record); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkDecode compares Codec.Decode with goavro's NativeFromBinary on the same bytes.
func BenchmarkDecode(b *testing.B) {
	ours, theirs := newBenchCodecs(b)
	data, err := ours.Encode(enrollmentRecord())
	if err != nil {
		b.Fatal(err)
	}
	b.Run("codec", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ours.Decode(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("goavro", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := theirs.NativeFromBinary(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkResolverDecode measures decoding through a resolver that adds a field.
func BenchmarkResolverDecode(b *testing.B) {
	writer := mustParse(b, enrollmentSchema)
	reader := mustParse(b, enrollmentSchemaWithExtraField())
	r, err := NewResolver(writer, reader)
	if err != nil {
		b.Fatal(err)
	}
	data, err := mustCodec(b, writer).Encode(enrollmentRecord())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

func enrollmentSchemaWithExtraField() string {
	return string(bytes.Replace([]byte(enrollmentSchema),
		[]byte(`{"name": "mode", "type": "string"},`),
		[]byte(`{"name": "mode", "type": "string"},
		{"name": "note", "type": ["null", "string"], "default": null},`), 1))
}

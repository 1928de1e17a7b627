package learning_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/linkedin/goavro/v2"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/avro"
	"github.com/openedx-go/eventbus/events/learning"
)

// benchEnrollment fills every field, optional ones included, so that the
// union branches are exercised.
func benchEnrollment() learning.CourseEnrollmentData {
	start := time.Date(2024, 1, 15, 9, 0, 0, 0, time.UTC)
	end := time.Date(2024, 6, 30, 23, 59, 59, 500000000, time.UTC)
	user := learning.UserData{ID: 1234567, IsActive: true, PII: learning.UserPersonalData{
		Username: "learner_42", Email: "learner42@example.com", Name: "Learner Forty-Two",
	}}
	staff := learning.UserData{ID: 7, IsActive: true, PII: learning.UserPersonalData{
		Username: "staff", Email: "staff@example.com", Name: "Course Staff",
	}}
	return learning.CourseEnrollmentData{
		User: user,
		Course: learning.CourseData{
			CourseKey: "course-v1:edX+DemoX+2024_T1", DisplayName: "Demonstration Course",
			Start: &start, End: &end,
		},
		Mode:         "verified",
		IsActive:     true,
		CreationDate: time.Date(2024, 3, 1, 12, 30, 0, 123456000, time.UTC),
		CreatedBy:    &staff,
	}
}

// goavroFixture returns a goavro codec built once from the enrollment
// schema, the encoded payload and its goavro native form, with the
// {"type name": value} wrappers goavro expects for union values. It checks
// that goavro and Encode write the same bytes, so that the benchmarks below
// compare the same work.
func goavroFixture(b *testing.B) (*goavro.Codec, []byte, any) {
	b.Helper()
	body, err := learning.CourseEnrollmentCreated.Encode(benchEnrollment())
	if err != nil {
		b.Fatal(err)
	}
	codec, err := goavro.NewCodecWithOptions(learning.CourseEnrollmentCreated.SchemaText(),
		&goavro.CodecOption{EnableStringNull: false})
	if err != nil {
		b.Fatal(err)
	}
	native, _, err := codec.NativeFromBinary(body)
	if err != nil {
		b.Fatal(err)
	}
	again, err := codec.BinaryFromNative(nil, native)
	if err != nil {
		b.Fatal(err)
	}
	if !bytes.Equal(again, body) {
		b.Fatalf("goavro and Encode differ:\ngoavro %x\nEncode %x", again, body)
	}
	return codec, body, native
}

// BenchmarkGoavroEncode is the reference for BenchmarkEncode: goavro alone,
// from its native form.
func BenchmarkGoavroEncode(b *testing.B) {
	codec, _, native := goavroFixture(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := codec.BinaryFromNative(nil, native); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGoavroDecode is the reference for BenchmarkDecode: goavro alone,
// to its native form.
func BenchmarkGoavroDecode(b *testing.B) {
	codec, body, _ := goavroFixture(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := codec.NativeFromBinary(body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncode measures the full path from a payload to bytes through
// the Definition interface. It encodes the same payload each time, and
// BenchmarkEncodeVaried measures payloads that change.
func BenchmarkEncode(b *testing.B) {
	goavroFixture(b)
	var def events.Definition = learning.CourseEnrollmentCreated
	var payload any = benchEnrollment() // as in events.Event.Payload
	b.ReportAllocs()
	for b.Loop() {
		if _, err := def.Encode(payload); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecode measures the full path from bytes to a payload through
// the Definition interface.
func BenchmarkDecode(b *testing.B) {
	_, body, _ := goavroFixture(b)
	var def events.Definition = learning.CourseEnrollmentCreated
	b.ReportAllocs()
	for b.Loop() {
		if _, err := def.Decode(body); err != nil {
			b.Fatal(err)
		}
	}
}

// variedEnrollments returns n enrollments that differ in learner, course and
// times, as consecutive events on a bus do, with their encodings and goavro
// native forms.
func variedEnrollments(b *testing.B, codec *goavro.Codec, n int) ([]any, [][]byte, []any) {
	b.Helper()
	payloads, bodies, natives := make([]any, n), make([][]byte, n), make([]any, n)
	for i := range n {
		p := benchEnrollment()
		p.User.ID += int64(i)
		p.User.PII.Username = fmt.Sprintf("learner_%d", i)
		p.User.PII.Email = fmt.Sprintf("learner%d@example.com", i)
		p.User.PII.Name = fmt.Sprintf("Learner %d", i)
		p.Course.CourseKey = events.CourseKey(fmt.Sprintf("course-v1:edX+Demo%d+2024_T1", i%4))
		p.CreationDate = p.CreationDate.Add(time.Duration(i) * 1234567 * time.Microsecond)
		body, err := learning.CourseEnrollmentCreated.Encode(p)
		if err != nil {
			b.Fatal(err)
		}
		native, _, err := codec.NativeFromBinary(body)
		if err != nil {
			b.Fatal(err)
		}
		payloads[i], bodies[i], natives[i] = p, body, native
	}
	return payloads, bodies, natives
}

// BenchmarkEncodeVaried encodes a different payload each time, so the key
// rule parses each course key that differs from the previous one.
func BenchmarkEncodeVaried(b *testing.B) {
	codec, _, _ := goavroFixture(b)
	payloads, _, _ := variedEnrollments(b, codec, 16)
	var def events.Definition = learning.CourseEnrollmentCreated
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := def.Encode(payloads[i%len(payloads)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkGoavroEncodeVaried is the reference for BenchmarkEncodeVaried.
func BenchmarkGoavroEncodeVaried(b *testing.B) {
	codec, _, _ := goavroFixture(b)
	_, _, natives := variedEnrollments(b, codec, 16)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := codec.BinaryFromNative(nil, natives[i%len(natives)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkDecodeVaried decodes a different encoding each time.
func BenchmarkDecodeVaried(b *testing.B) {
	codec, _, _ := goavroFixture(b)
	_, bodies, _ := variedEnrollments(b, codec, 16)
	var def events.Definition = learning.CourseEnrollmentCreated
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := def.Decode(bodies[i%len(bodies)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkGoavroDecodeVaried is the reference for BenchmarkDecodeVaried.
func BenchmarkGoavroDecodeVaried(b *testing.B) {
	codec, _, _ := goavroFixture(b)
	_, bodies, _ := variedEnrollments(b, codec, 16)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, _, err := codec.NativeFromBinary(bodies[i%len(bodies)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkToRecord measures the conversion of a payload to a new record
// dictionary alone.
func BenchmarkToRecord(b *testing.B) {
	payload := benchEnrollment()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := learning.CourseEnrollmentCreated.ToRecord(payload); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRecordEncode measures ToRecord, then the avro package's codec:
// the record dictionary path that Encode takes only for invalid payloads.
func BenchmarkRecordEncode(b *testing.B) {
	payload := benchEnrollment()
	codec, err := avro.NewCodec(learning.CourseEnrollmentCreated.Schema())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		rec, err := learning.CourseEnrollmentCreated.ToRecord(payload)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := codec.Encode(rec); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCodecDecode measures the avro package's codec alone: goavro,
// its checks before goavro runs and the unwrapping of union values.
func BenchmarkCodecDecode(b *testing.B) {
	_, body, _ := goavroFixture(b)
	codec, err := avro.NewCodec(learning.CourseEnrollmentCreated.Schema())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := codec.Decode(body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFromRecord measures the conversion of a decoded record
// dictionary to a payload alone.
func BenchmarkFromRecord(b *testing.B) {
	_, body, _ := goavroFixture(b)
	codec, err := avro.NewCodec(learning.CourseEnrollmentCreated.Schema())
	if err != nil {
		b.Fatal(err)
	}
	rec, err := codec.Decode(body)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := learning.CourseEnrollmentCreated.FromRecord(rec); err != nil {
			b.Fatal(err)
		}
	}
}

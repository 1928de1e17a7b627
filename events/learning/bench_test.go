package learning_test

import (
	"testing"
	"time"

	"github.com/linkedin/goavro/v2"

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

// goavroFixture returns a goavro codec for the enrollment schema, the
// encoded payload and its goavro native form (with union wrappers).
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
	return codec, body, native
}

func BenchmarkGoavroEncode(b *testing.B) {
	codec, _, native := goavroFixture(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := codec.BinaryFromNative(nil, native); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGoavroDecode(b *testing.B) {
	codec, body, _ := goavroFixture(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := codec.NativeFromBinary(body); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEventEncode(b *testing.B) {
	payload := benchEnrollment()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := learning.CourseEnrollmentCreated.EncodePayload(payload); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEventDecode(b *testing.B) {
	_, body, _ := goavroFixture(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := learning.CourseEnrollmentCreated.DecodePayload(body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRecordEncode measures the record dictionary path: ToRecord, then
// the avro package's codec.
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

// BenchmarkRecordDecode measures the avro package's codec, then FromRecord.
func BenchmarkRecordDecode(b *testing.B) {
	_, body, _ := goavroFixture(b)
	codec, err := avro.NewCodec(learning.CourseEnrollmentCreated.Schema())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		rec, err := codec.Decode(body)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := learning.CourseEnrollmentCreated.FromRecord(rec); err != nil {
			b.Fatal(err)
		}
	}
}

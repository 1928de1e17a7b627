package catalog_test

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/avro"
	"github.com/openedx-go/eventbus/events/catalog"
)

// sampleKeys holds valid values for each opaque key type.
var sampleKeys = map[reflect.Type][]string{
	reflect.TypeFor[events.CourseKey](): {
		"course-v1:edX+DemoX+2024_T1", "edX/DemoX/Demo_Course", "ccx-v1:edX+DemoX+2024_T1+ccx@3",
	},
	reflect.TypeFor[events.UsageKey](): {
		"block-v1:edX+DemoX+2024_T1+type@problem+block@abc123", "i4x://edX/DemoX/html/intro",
		"lb:edX:demo-lib:problem:p1",
	},
	reflect.TypeFor[events.CCXLocator]():               {"ccx-v1:edX+DemoX+2024_T1+ccx@3"},
	reflect.TypeFor[events.LibraryLocatorV2]():         {"lib:edX:demo-lib", "lib:OpenedX:CSPROB"},
	reflect.TypeFor[events.LibraryUsageLocatorV2]():    {"lb:edX:demo-lib:problem:p1"},
	reflect.TypeFor[events.LibraryCollectionLocator](): {"lib-collection:OpenedX:CSPROB:col1"},
	reflect.TypeFor[events.LibraryContainerLocator]():  {"lct:OpenedX:CSPROB:unit:unit-1"},
}

var sampleStrings = []string{"", "a", "café", "emoji 🎓", "quote\"back\\slash", "line\nbreak", "日本語"}

// fill sets v (settable) to a random value of its type.
func fill(rng *rand.Rand, v reflect.Value) {
	if keys, ok := sampleKeys[v.Type()]; ok {
		v.SetString(keys[rng.IntN(len(keys))])
		return
	}
	switch v.Type() {
	case reflect.TypeFor[time.Time]():
		v.Set(reflect.ValueOf(time.UnixMicro(rng.Int64N(1 << 50)).UTC()))
		return
	case reflect.TypeFor[uuid.UUID]():
		var id uuid.UUID
		for i := range id {
			id[i] = byte(rng.UintN(256))
		}
		v.Set(reflect.ValueOf(id))
		return
	}
	fillKind(rng, v)
}

func fillKind(rng *rand.Rand, v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(sampleStrings[rng.IntN(len(sampleStrings))])
	case reflect.Int64:
		v.SetInt([]int64{0, -1, 1, math.MaxInt64, math.MinInt64, rng.Int64()}[rng.IntN(6)])
	case reflect.Float64:
		v.SetFloat(rng.NormFloat64() * 1e6)
	case reflect.Bool:
		v.SetBool(rng.IntN(2) == 1)
	case reflect.Pointer:
		if rng.IntN(3) > 0 {
			p := reflect.New(v.Type().Elem())
			fill(rng, p.Elem())
			v.Set(p)
		}
	case reflect.Slice:
		n := rng.IntN(4)
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			fill(rng, s.Index(i))
		}
		v.Set(s)
	case reflect.Map:
		fillMap(rng, v)
	case reflect.Struct:
		for i := range v.NumField() {
			fill(rng, v.Field(i))
		}
	}
}

func fillMap(rng *rand.Rand, v reflect.Value) {
	if rng.IntN(5) == 0 {
		return // nil
	}
	m := reflect.MakeMap(v.Type())
	for range rng.IntN(4) {
		val := reflect.New(v.Type().Elem()).Elem()
		fill(rng, val)
		m.SetMapIndex(reflect.ValueOf(sampleStrings[rng.IntN(len(sampleStrings))]), val)
	}
	v.Set(m)
}

// TestEncodeMatchesRecordCodec encodes random payloads of every sendable
// event. Encode writes the bytes straight from the payload, and they must
// equal those of the record from ToRecord encoded by the avro package.
// Decode reads the bytes straight into a payload, which must equal the
// payload of the codec's decoded record.
func TestEncodeMatchesRecordCodec(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, def := range catalog.Serializable() {
		codec, err := avro.NewCodec(def.Schema())
		if err != nil {
			t.Fatalf("%s: %v", def.EventType(), err)
		}
		for i := range 40 {
			p := reflect.New(def.PayloadType()).Elem()
			fill(rng, p)
			checkEncodeMatches(t, def, codec, p.Interface(), fmt.Sprintf("%s #%d", def.EventType(), i))
		}
	}
}

func checkEncodeMatches(t *testing.T, def events.Definition, codec *avro.Codec, payload any, name string) {
	t.Helper()
	rec, err := def.ToRecord(payload)
	if err != nil {
		t.Fatalf("%s: ToRecord: %v", name, err)
	}
	want, err := codec.Encode(rec)
	if err != nil {
		t.Fatalf("%s: codec encode: %v", name, err)
	}
	got, err := def.Encode(payload)
	if err != nil {
		t.Fatalf("%s: Encode: %v", name, err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s: Encode:\n got %x\nwant %x", name, got, want)
	}

	decoded, err := def.Decode(got)
	if err != nil {
		t.Fatalf("%s: Decode: %v", name, err)
	}
	back, err := def.ToRecord(decoded)
	if err != nil {
		t.Fatalf("%s: ToRecord of decoded: %v", name, err)
	}
	viaCodec, err := codec.Decode(got)
	if err != nil {
		t.Fatalf("%s: codec decode: %v", name, err)
	}
	if !reflect.DeepEqual(back, viaCodec) {
		t.Fatalf("%s: Decode then ToRecord:\n got %v\nwant %v", name, back, viaCodec)
	}
}

package avro

import (
	"bytes"
	"math"
	"testing"
)

func TestAppendAtMatchesAppendScalar(t *testing.T) {
	for _, s := range []string{"", "a", "café", string(make([]byte, 300))} {
		want, err := AppendScalar([]byte{9}, String, s)
		if err != nil {
			t.Fatal(err)
		}
		got, err := AppendStringAt([]byte{9}, &s)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("AppendStringAt(%q): got %x, %v; want %x", s, got, err, want)
		}
		b := []byte(s)
		if got, err := AppendBytesAt([]byte{9}, &b); err != nil || !bytes.Equal(got, want) {
			t.Errorf("AppendBytesAt(%q): got %x, %v; want %x", s, got, err, want)
		}
	}
	for _, n := range []int64{0, -1, 255, 256, math.MinInt64, math.MaxInt64} {
		want, err := AppendScalar(nil, Long, n)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := AppendLongAt(nil, &n); err != nil || !bytes.Equal(got, want) {
			t.Errorf("AppendLongAt(%d): got %x, %v; want %x", n, got, err, want)
		}
	}
	for _, f := range []float64{0, math.Copysign(0, -1), 1.5, math.Inf(-1), math.NaN()} {
		want, err := AppendScalar(nil, Double, f)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := AppendDoubleAt(nil, &f); err != nil || !bytes.Equal(got, want) {
			t.Errorf("AppendDoubleAt(%v): got %x, %v; want %x", f, got, err, want)
		}
	}
}

func TestScalarRejectsComplexKinds(t *testing.T) {
	if _, err := AppendScalar(nil, Record, nil); err == nil {
		t.Error("AppendScalar accepted a record kind")
	}
	if _, _, err := DecodeScalar(Array, []byte{0}); err == nil {
		t.Error("DecodeScalar accepted an array kind")
	}
}

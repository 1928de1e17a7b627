package events

import (
	"bytes"
	"testing"
)

// sampleEncoding returns the payload of sampleRecord and its encoding.
func sampleEncoding(tb testing.TB) (sampleData, []byte) {
	tb.Helper()
	sig := sampleSignal()
	p, err := sig.PayloadFromRecord(sampleRecord())
	if err != nil {
		tb.Fatal(err)
	}
	body, err := sig.EncodePayload(p)
	if err != nil {
		tb.Fatal(err)
	}
	return p, body
}

// FuzzDecodePayload checks that arbitrary bytes never panic Decode (the avro
// codec, then the conversion to the payload), and that whatever decodes
// survives an encode and decode round trip with the same bytes.
func FuzzDecodePayload(f *testing.F) {
	sig := sampleSignal()
	_, seed := sampleEncoding(f)
	f.Add(seed)
	f.Add([]byte{})
	f.Add([]byte{3, 4, 2, 4, 0})

	f.Fuzz(func(t *testing.T, body []byte) {
		got, err := sig.DecodePayload(body)
		if err != nil {
			return
		}
		again, err := sig.EncodePayload(got)
		if err != nil {
			t.Fatalf("encode of a decoded payload: %v", err)
		}
		back, err := sig.DecodePayload(again)
		if err != nil {
			t.Fatalf("decode of a re-encoded payload: %v", err)
		}
		// Compare encodings rather than payloads: a NaN double is not equal
		// to itself, and times with other offsets come back in UTC.
		third, err := sig.EncodePayload(back)
		if err != nil {
			t.Fatalf("encode of the round trip: %v", err)
		}
		if !bytes.Equal(third, again) {
			t.Fatalf("round trip:\n got %x\nwant %x", third, again)
		}
	})
}

// FuzzDirectDecoding checks that the direct decoder and the checked path agree
// on arbitrary bytes: both reject them, or both give the same payload.
func FuzzDirectDecoding(f *testing.F) {
	sig := sampleSignal()
	_, seed := sampleEncoding(f)
	f.Add(seed)
	f.Add([]byte{3, 4, 2, 4, 0})
	f.Fuzz(func(t *testing.T, body []byte) {
		checkSameDecoding(t, sig, body)
	})
}

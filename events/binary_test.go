package events

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/openedx-go/eventbus/events/avro"
)

// decodeBoth decodes body with the direct decoder alone and with the checked
// path alone.
func decodeBoth[T any](t *testing.T, sig *Signal[T], body []byte) (direct T, directErr error, checked T, checkedErr error) {
	t.Helper()
	b, err := sig.binding()
	if err != nil {
		t.Fatal(err)
	}
	rest, directErr := b.plan.decodeDirect(body, unsafe.Pointer(&direct))
	if directErr == nil && len(rest) != 0 {
		directErr = fmt.Errorf("%d unexpected bytes after the value", len(rest))
	}
	checkedErr = b.decodeChecked(body, unsafe.Pointer(&checked))
	return direct, directErr, checked, checkedErr
}

// checkSameDecoding fails unless the direct decoder and the checked path both
// reject body or both decode it to equal payloads.
func checkSameDecoding[T any](t *testing.T, sig *Signal[T], body []byte) {
	t.Helper()
	direct, directErr, checked, checkedErr := decodeBoth(t, sig, body)
	switch {
	case (directErr == nil) != (checkedErr == nil):
		t.Fatalf("body %x: direct decoder error %v, checked path error %v", body, directErr, checkedErr)
	case directErr != nil:
		return
	case reflect.DeepEqual(direct, checked):
		return
	}
	// A NaN double is not equal to itself: compare the encodings then.
	d, err1 := sig.EncodePayload(direct)
	c, err2 := sig.EncodePayload(checked)
	if err1 != nil || err2 != nil || !bytes.Equal(d, c) || !strings.Contains(fmt.Sprint(direct), "NaN") {
		t.Fatalf("body %x: payloads differ:\n direct  %+v\n checked %+v", body, direct, checked)
	}
}

// variants returns body truncated at every length and with every byte
// replaced by a few other values.
func variants(body []byte) [][]byte {
	var out [][]byte
	for n := range len(body) {
		out = append(out, body[:n])
	}
	for i := range body {
		for _, v := range []byte{0, 1, 2, 3, 0x7f, 0x80, 0xfe, 0xff, body[i] + 2, body[i] - 2} {
			b := bytes.Clone(body)
			b[i] = v
			out = append(out, b)
		}
	}
	return append(out, append(bytes.Clone(body), 0))
}

func TestDirectDecodingMatchesCheckedPath(t *testing.T) {
	sig := sampleSignal()
	p, sample := sampleEncoding(t)
	direct, directErr, _, _ := decodeBoth(t, sig, sample)
	if directErr != nil || !reflect.DeepEqual(direct, p) {
		t.Fatalf("direct decoding of the sample: got %+v, %v; want %+v", direct, directErr, p)
	}
	for _, body := range variants(sample) {
		checkSameDecoding(t, sig, body)
	}

	list := listSignal()
	for _, body := range [][]byte{
		{3, 4, 2, 4, 0, 0, 0, 1},                                 // a block with a negative count
		{2, 2, 2, 4, 0, 2, 2, 'k', 2, 'v', 0, 2, 2, 'n', 0},      // several blocks
		{4, 2, 4, 0, 4, 2, 'k', 2, 'a', 2, 'k', 2, 'b', 0, 0, 0}, // a repeated map key
	} {
		for _, v := range append(variants(body), body) {
			checkSameDecoding(t, list, v)
		}
	}
}

func TestDirectDecodingRejectsInvalidData(t *testing.T) {
	list := listSignal()
	for name, body := range map[string][]byte{
		"eleven-byte varint":   {0, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00},
		"varint past 64 bits":  {2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0},
		"invalid UTF-8":        {0, 2, 2, 0xff, 0, 0, 0, 0},
		"boolean byte 2":       {0, 0, 0, 2},
		"union branch 2":       {0, 0, 4, 0},
		"count beyond the end": {40, 2},
	} {
		if _, err, _, _ := decodeBoth(t, list, body); err == nil {
			t.Errorf("%s: the direct decoder accepted %x", name, body)
		}
		if _, err := list.Decode(body); err == nil {
			t.Errorf("%s: Decode accepted %x", name, body)
		}
	}
}

type emptyRecord struct{}

type emptyItems struct {
	Items []emptyRecord `avro:"items"`
}

func TestDecodeLimitsEmptyItems(t *testing.T) {
	sig := NewSignal[emptyItems](Spec{EventType: "org.openedx.test.empty.v1", PayloadKey: "empty"})
	// Two blocks of 40,000 records without fields take six bytes.
	body := avro.AppendLong(avro.AppendLong(avro.AppendLong(nil, 40000), 40000), 0)
	if _, err := sig.DecodePayload(body); err == nil || !strings.Contains(err.Error(), "empty items") {
		t.Errorf("80,000 empty items: got %v, want the limit of the checked path", err)
	}
	checkSameDecoding(t, sig, body)

	body = avro.AppendLong(avro.AppendLong(nil, 3), 0)
	got, err := sig.DecodePayload(body)
	if err != nil || len(got.Items) != 3 {
		t.Errorf("3 empty items: got %d items, %v", len(got.Items), err)
	}
}

type language string

type labels struct {
	Labels map[language]string `avro:"labels"`
}

func TestDecodeNamedMapKeys(t *testing.T) {
	sig := NewSignal[labels](Spec{EventType: "org.openedx.test.labels.v1", PayloadKey: "labels"})
	want := labels{Labels: map[language]string{"en": "hello", "fr": "bonjour"}}
	body, err := sig.EncodePayload(want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := sig.DecodePayload(body)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, %v; want %+v", got, err, want)
	}
	checkSameDecoding(t, sig, body)
}

func TestEncodeRejectsInvalidUTF8(t *testing.T) {
	list := listSignal()
	note := "caf\xe9"
	for name, p := range map[string]listData{
		"list.note":         {Note: &note},
		`list.tags["k"]`:    {Tags: map[string]string{"k": "\xff"}},
		`list.tags["\xff"]`: {Tags: map[string]string{"\xff": "v"}},
	} {
		_, err := list.EncodePayload(p)
		if err == nil || !strings.Contains(err.Error(), "not valid UTF-8") {
			t.Errorf("%s: got %v, want an invalid UTF-8 error", name, err)
		}
	}
}

package events

import (
	"bytes"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openedx-go/eventbus/events/avro"
)

type listData struct {
	Items []int64           `avro:"items"`
	Tags  map[string]string `avro:"tags"`
	Note  *string           `avro:"note,optional"`
	On    bool              `avro:"on"`
}

func listSignal() *Signal[listData] {
	return NewSignal[listData](Spec{EventType: "org.openedx.test.list.v1", PayloadKey: "list"})
}

func TestDecodeNegativeBlockCount(t *testing.T) {
	// items: a block of -2 items with its byte size 2, then 1 and 2, then
	// the end; tags: empty; note: null; on: true.
	body := []byte{3, 4, 2, 4, 0, 0, 0, 1}
	got, err := listSignal().DecodePayload(body)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Items, []int64{1, 2}) || !got.On || got.Note != nil {
		t.Errorf("got %+v", got)
	}
}

func TestDecodeMultipleBlocks(t *testing.T) {
	body := []byte{2, 2, 2, 4, 0, 2, 2, 'k', 2, 'v', 0, 2, 2, 'n', 0}
	got, err := listSignal().DecodePayload(body)
	if err != nil {
		t.Fatal(err)
	}
	note := "n"
	want := listData{Items: []int64{1, 2}, Tags: map[string]string{"k": "v"}, Note: &note}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestDecodeInvalidData(t *testing.T) {
	tests := []struct {
		name    string
		body    []byte
		errText string
	}{
		{"empty", nil, "at byte 0: truncated data"},
		{"count beyond data", []byte{40, 2}, "at byte 0: block count 20 exceeds"},
		{"truncated item", []byte{4, 2, 0x80}, "at byte 2: truncated data"},
		{"long overflow", []byte{0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, "at byte 2: varint longer than 64 bits"},
		{"string length", []byte{0, 2, 10, 'k'}, "at byte 2: length 5 exceeds"},
		{"invalid utf8", []byte{0, 2, 2, 0xff, 0, 0, 0, 0}, "at byte 2: string is not valid UTF-8"},
		{"union branch", []byte{0, 0, 4, 0}, "at byte 2: union branch index 2 is out of range"},
		{"bool byte", []byte{0, 0, 0, 7}, "at byte 3: invalid boolean byte 0x7"},
		{"trailing", []byte{0, 0, 0, 1, 9}, "1 unexpected bytes after the value"},
	}
	for _, tt := range tests {
		_, err := listSignal().Decode(tt.body)
		if err == nil || !strings.Contains(err.Error(), "org.openedx.test.list.v1") ||
			!strings.Contains(err.Error(), tt.errText) {
			t.Errorf("%s: got %v, want an error containing %q", tt.name, err, tt.errText)
		}
	}
}

func TestEncodeSortsMapKeys(t *testing.T) {
	p := listData{Tags: map[string]string{"b": "2", "a": "1", "é": "3", "Z": "0"}}
	body, err := listSignal().Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	want := []byte{0, 8, 2, 'Z', 2, '0', 2, 'a', 2, '1', 2, 'b', 2, '2', 4, 0xc3, 0xa9, 2, '3', 0, 0, 0}
	if !bytes.Equal(body, want) {
		t.Errorf("got %x, want %x", body, want)
	}
}

func TestEncodeInvalidKeyNamesPath(t *testing.T) {
	type keyed struct {
		Keys []CourseKey `avro:"keys"`
	}
	sig := NewSignal[keyed](Spec{EventType: "org.openedx.test.keyed.v1", PayloadKey: "keyed"})
	_, err := sig.Encode(keyed{Keys: []CourseKey{"course-v1:a+b+c", "bad key"}})
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Path != "keyed.keys[1]" || fe.Op != "encode" {
		t.Fatalf("got %v, want a *FieldError at keyed.keys[1]", err)
	}
	if !strings.Contains(err.Error(), `"bad key"`) {
		t.Errorf("error %q does not name the value", err)
	}
}

func TestEncodeConcurrentPayloads(t *testing.T) {
	sig := listSignal()
	codec, err := avro.NewCodec(sig.Schema())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 200 {
				note := strconv.Itoa(i % 3)
				p := listData{Items: []int64{int64(g), int64(i)}, On: i%2 == 0}
				if i%4 != 0 {
					p.Note = &note
					p.Tags = map[string]string{"g": strconv.Itoa(g)}
				}
				checkEncodeMatchesRecord(t, sig, codec, p)
			}
		})
	}
	wg.Wait()
}

// checkEncodeMatchesRecord checks that Encode writes the bytes of the
// payload's new record dictionary.
func checkEncodeMatchesRecord(t *testing.T, sig *Signal[listData], codec *avro.Codec, p listData) {
	t.Helper()
	got, err := sig.Encode(p)
	if err != nil {
		t.Errorf("Encode(%+v): %v", p, err)
		return
	}
	rec, err := sig.ToRecord(p)
	if err != nil {
		t.Errorf("ToRecord(%+v): %v", p, err)
		return
	}
	want, err := codec.Encode(rec)
	if err != nil {
		t.Errorf("codec encode of %v: %v", rec, err)
		return
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Encode(%+v):\n got %x\nwant %x", p, got, want)
	}
}

func TestEncodeAfterFailedEncode(t *testing.T) {
	type keyed struct {
		Name string     `avro:"name"`
		Key  CourseKey  `avro:"key"`
		When *time.Time `avro:"when,optional"`
	}
	sig := NewSignal[keyed](Spec{EventType: "org.openedx.test.keyed.v1", PayloadKey: "keyed"})
	when := time.Date(2024, 3, 1, 12, 30, 0, 0, time.UTC)
	good := keyed{Name: "a", Key: "course-v1:a+b+c", When: &when}
	if _, err := sig.Encode(keyed{Name: "b", Key: "bad key", When: &when}); err == nil {
		t.Fatal("Encode with an invalid key: got no error")
	}
	if _, err := sig.Encode(keyed{Name: "b", Key: "bad key"}); err == nil {
		t.Fatal("Encode with an invalid key again: got no error")
	}
	body, err := sig.Encode(good)
	if err != nil {
		t.Fatal(err)
	}
	got, err := sig.DecodePayload(body)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != good.Name || got.Key != good.Key || got.When == nil || !got.When.Equal(when) {
		t.Errorf("round trip after a failed Encode: got %+v, want %+v", got, good)
	}
}

func TestDecodeReturnsPayloadValue(t *testing.T) {
	sig := listSignal()
	note := "n"
	want := listData{Items: []int64{1, 2}, Tags: map[string]string{"k": "v"}, Note: &note, On: true}
	body, err := sig.Encode(&want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := sig.Decode(body)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := got.(listData)
	if !ok {
		t.Fatalf("Decode: got %T, want listData", got)
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("Decode: got %+v, want %+v", p, want)
	}
}

func TestPointerShapedPayloadRoundTrip(t *testing.T) {
	// An interface stores a struct with a single pointer field in its data
	// word, unlike other payloads.
	type noted struct {
		Note *string `avro:"note,optional"`
	}
	sig := NewSignal[noted](Spec{EventType: "org.openedx.test.noted.v1", PayloadKey: "noted"})
	text := "hello"
	for _, want := range []noted{{Note: &text}, {}} {
		body, err := sig.Encode(want)
		if err != nil {
			t.Fatal(err)
		}
		got, err := sig.Decode(body)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Encode then Decode: got %+v, want %+v", got, want)
		}
	}
}

func TestAppendEncodeKeepsPrefix(t *testing.T) {
	list := listSignal()
	p := listData{Items: []int64{1}, On: true}
	want, err := list.EncodePayload(p)
	if err != nil {
		t.Fatal(err)
	}
	prefix := []byte{0, 0, 0, 0, 7}
	got, err := list.AppendEncode(bytes.Clone(prefix), p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, append(bytes.Clone(prefix), want...)) {
		t.Errorf("AppendEncode: got %x, want %x then %x", got, prefix, want)
	}

	invalid := "\xff"
	got, err = list.AppendEncode(bytes.Clone(prefix), listData{Note: &invalid})
	if err == nil {
		t.Fatal("AppendEncode accepted invalid UTF-8")
	}
	if !bytes.Equal(got, prefix) {
		t.Errorf("AppendEncode after an error: got %x, want the prefix %x", got, prefix)
	}
}

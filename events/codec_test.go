package events

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
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
		{"empty", nil, "at byte 0: unexpected end of data"},
		{"count beyond data", []byte{40, 2}, "at byte 0: block count 20 exceeds"},
		{"truncated item", []byte{4, 2, 0x80}, "at byte 2: unexpected end of data"},
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

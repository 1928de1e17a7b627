package events

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
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

func TestDecodeBinaryErrors(t *testing.T) {
	tests := []struct {
		name    string
		body    []byte
		errText string
	}{
		{"empty", nil, "list.items: truncated data"},
		{"count beyond data", []byte{40, 2}, "list.items: invalid block count 20"},
		{"truncated item", []byte{4, 2, 0x80}, "list.items[1]: truncated data"},
		{"long overflow", []byte{0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, "list.tags: invalid long at byte 2"},
		{"string length", []byte{0, 2, 10, 'k'}, "list.tags: invalid length 5"},
		{"invalid utf8", []byte{0, 2, 2, 0xff, 0, 0}, "list.tags: string is not valid UTF-8"},
		{"union branch", []byte{0, 0, 4, 0}, "list.note: invalid union branch 2"},
		{"bool byte", []byte{0, 0, 0, 7}, "list.on: invalid boolean byte 7"},
		{"trailing", []byte{0, 0, 0, 1, 9}, "1 unexpected bytes after the record"},
	}
	for _, tt := range tests {
		_, err := listSignal().Decode(tt.body)
		if err == nil || !strings.Contains(err.Error(), tt.errText) {
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

func TestAppendTimeMatchesFormatTime(t *testing.T) {
	times := []time.Time{
		{},
		time.Date(1, 1, 1, 0, 0, 0, 1000, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 3, 1, 14, 30, 0, 5000, time.FixedZone("", 7200)),
		time.Date(2024, 3, 1, 0, 0, 0, 0, time.FixedZone("", -5*3600)),
	}
	for i := range 1000 {
		times = append(times, time.Unix(int64(i)*7919*3571, int64(i)*1234567).UTC())
	}
	for _, tm := range times {
		got := appendTime(nil, &tm)
		want := appendString(nil, FormatTime(tm))
		if !bytes.Equal(got, want) {
			t.Errorf("appendTime(%v): got %q, want %q", tm, got, want)
		}
	}
}

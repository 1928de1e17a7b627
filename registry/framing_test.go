package registry

import (
	"bytes"
	"errors"
	"testing"
)

func TestFrameLayout(t *testing.T) {
	got := Frame(0x01020304, []byte{0xAA, 0xBB})
	want := []byte{0, 1, 2, 3, 4, 0xAA, 0xBB}
	if !bytes.Equal(got, want) {
		t.Fatalf("Frame = % x, want % x", got, want)
	}
}

func TestUnframeRoundTrip(t *testing.T) {
	for _, id := range []int{1, 7, 1 << 16, 1<<32 - 1} {
		body := []byte("avro body")
		gotID, gotBody, err := Unframe(Frame(id, body))
		if err != nil {
			t.Fatalf("Unframe(Frame(%d)): %v", id, err)
		}
		if gotID != id {
			t.Errorf("id = %d, want %d", gotID, id)
		}
		if !bytes.Equal(gotBody, body) {
			t.Errorf("body = %q, want %q", gotBody, body)
		}
	}
}

func TestUnframeErrors(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"nil", nil, ErrShortMessage},
		{"empty", []byte{}, ErrShortMessage},
		{"header only", []byte{0, 0, 0, 0, 1}, ErrShortMessage},
		{"short with bad magic", []byte{1, 0, 0}, ErrShortMessage},
		{"magic one", []byte{1, 0, 0, 0, 1, 2}, ErrBadMagic},
		{"json text", []byte(`{"a": 1}`), ErrBadMagic},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Unframe(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Unframe(% x) error = %v, want %v", tt.in, err, tt.want)
			}
		})
	}
}

func TestFramePanicsOnNegativeID(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("Frame(-1) did not panic")
		}
	}()
	Frame(-1, nil)
}

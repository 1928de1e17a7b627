package iface

import (
	"testing"
	"unsafe"
)

func TestAtSharesMemory(t *testing.T) {
	s := "course-v1:edX+DemoX+2024"
	v := At(TypeOf(""), unsafe.Pointer(&s))
	got, ok := v.(string)
	if !ok || got != s {
		t.Errorf("At: got %#v, want %q", v, s)
	}
	if Data(v) != unsafe.Pointer(&s) {
		t.Error("Data: the interface value does not point at the string it was built on")
	}
}

func TestDataPointsAtLargeValue(t *testing.T) {
	type pair struct{ a, b int64 }
	var v any = pair{1, 2}
	if got := *(*pair)(Data(v)); got != (pair{1, 2}) {
		t.Errorf("Data: got %+v, want {1 2}", got)
	}
}

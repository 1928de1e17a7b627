package events_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/openedx-go/eventbus/events"
)

type pingData struct {
	Text string `avro:"text"`
}

func newPing() *events.Signal[pingData] {
	return events.NewSignal[pingData](events.Spec{
		EventType: "org.openedx.test.ping.v1", Name: "Ping", Subdomain: "test", PayloadKey: "ping",
	})
}

func TestSendCallsEveryReceiver(t *testing.T) {
	sig := newPing()
	var calls []string
	sig.Connect("first", func(_ context.Context, p pingData, md events.Metadata) error {
		calls = append(calls, "first:"+p.Text+":"+md.EventType)
		return nil
	})
	sig.Connect("failing", func(context.Context, pingData, events.Metadata) error {
		calls = append(calls, "failing")
		return errors.New("boom")
	})
	sig.Connect("panicking", func(context.Context, pingData, events.Metadata) error {
		calls = append(calls, "panicking")
		panic("oops")
	})
	sig.Connect("last", func(context.Context, pingData, events.Metadata) error {
		calls = append(calls, "last")
		return nil
	})

	err := sig.Send(context.Background(), pingData{Text: "hi"})

	want := []string{"first:hi:org.openedx.test.ping.v1", "failing", "panicking", "last"}
	if !reflect.DeepEqual(calls, want) {
		t.Errorf("calls: got %v, want %v", calls, want)
	}
	failed := receiverErrors(err)
	if len(failed) != 2 {
		t.Fatalf("receiver errors: got %v, want 2", err)
	}
	if failed[0].Receiver != "failing" || failed[0].Err.Error() != "boom" {
		t.Errorf("first error: got %+v", failed[0])
	}
	if failed[1].Receiver != "panicking" || !strings.Contains(failed[1].Err.Error(), "panic: oops") {
		t.Errorf("second error: got %+v", failed[1])
	}
	if !strings.Contains(err.Error(), `receiver "failing": boom`) {
		t.Errorf("error text %q does not name the receiver", err)
	}
}

// receiverErrors unpacks the joined *ReceiverError values of a send.
func receiverErrors(err error) []*events.ReceiverError {
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return nil
	}
	var out []*events.ReceiverError
	for _, e := range joined.Unwrap() {
		var re *events.ReceiverError
		if errors.As(e, &re) {
			out = append(out, re)
		}
	}
	return out
}

func TestSendWithoutReceivers(t *testing.T) {
	if err := newPing().Send(context.Background(), pingData{}); err != nil {
		t.Errorf("Send: %v", err)
	}
}

func TestDisabledSignal(t *testing.T) {
	sig := newPing()
	called := false
	sig.Connect("r", func(context.Context, pingData, events.Metadata) error {
		called = true
		return errors.New("must not run")
	})
	sig.Disable()
	if sig.Enabled() {
		t.Error("Enabled after Disable")
	}
	if err := sig.Send(context.Background(), pingData{}); err != nil {
		t.Errorf("Send on a disabled signal: %v", err)
	}
	if called {
		t.Error("receiver called on a disabled signal")
	}

	sig.Enable()
	if err := sig.Send(context.Background(), pingData{}); err == nil || !called {
		t.Errorf("Send after Enable: called=%v err=%v", called, err)
	}
}

func TestFromBusFlag(t *testing.T) {
	sig := newPing()
	var got []bool
	sig.ConnectAny("producer", func(_ context.Context, e events.Event) error {
		got = append(got, e.FromBus)
		return nil
	})
	md, err := events.NewMetadata(sig.EventType(), 0, events.WithService("lms"))
	if err != nil {
		t.Fatal(err)
	}

	if err := sig.Send(context.Background(), pingData{}); err != nil {
		t.Fatal(err)
	}
	if err := sig.SendWithMetadata(context.Background(), pingData{}, md); err != nil {
		t.Fatal(err)
	}
	if err := sig.Dispatch(context.Background(), events.Event{Metadata: md, Payload: pingData{}}); err != nil {
		t.Fatal(err)
	}
	if want := []bool{false, true, false}; !reflect.DeepEqual(got, want) {
		t.Errorf("FromBus: got %v, want %v", got, want)
	}
}

func TestSendWithMetadataKeepsMetadata(t *testing.T) {
	sig := newPing()
	md, err := events.NewMetadata(sig.EventType(), 0, events.WithService("cms"))
	if err != nil {
		t.Fatal(err)
	}
	var got events.Metadata
	sig.Connect("r", func(_ context.Context, _ pingData, m events.Metadata) error {
		got = m
		return nil
	})
	if err := sig.SendWithMetadata(context.Background(), pingData{}, md); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, md) {
		t.Errorf("metadata: got %+v, want %+v", got, md)
	}
}

func TestDispatchRejectsBadEvents(t *testing.T) {
	sig := newPing()
	md, err := events.NewMetadata(sig.EventType(), 0)
	if err != nil {
		t.Fatal(err)
	}
	other, err := events.NewMetadata("org.openedx.other.v1", 0)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		e       events.Event
		errText string
	}{
		{"wrong payload", events.Event{Metadata: md, Payload: "text"}, "payload is string"},
		{"wrong type", events.Event{Metadata: other, Payload: pingData{}}, `metadata event type is "org.openedx.other.v1"`},
		{"invalid metadata", events.Event{Metadata: events.Metadata{EventType: sig.EventType()}, Payload: pingData{}}, "invalid metadata"},
	}
	for _, tt := range tests {
		err := sig.Dispatch(context.Background(), tt.e)
		if err == nil || !strings.Contains(err.Error(), tt.errText) {
			t.Errorf("%s: got %v, want an error containing %q", tt.name, err, tt.errText)
		}
	}
}

func TestConnectReplacesAndDisconnect(t *testing.T) {
	sig := newPing()
	var calls []string
	record := func(name string) func(context.Context, pingData, events.Metadata) error {
		return func(context.Context, pingData, events.Metadata) error {
			calls = append(calls, name)
			return nil
		}
	}
	sig.Connect("a", record("a1"))
	sig.Connect("b", record("b"))
	sig.Connect("a", record("a2"))
	if got := sig.Receivers(); !reflect.DeepEqual(got, []string{"a", "b"}) {
		t.Errorf("Receivers: got %v", got)
	}
	if err := sig.Send(context.Background(), pingData{}); err != nil {
		t.Fatal(err)
	}
	sig.Disconnect("a")
	sig.DisconnectAny("unknown")
	if err := sig.Send(context.Background(), pingData{}); err != nil {
		t.Fatal(err)
	}
	if want := []string{"a2", "b", "b"}; !reflect.DeepEqual(calls, want) {
		t.Errorf("calls: got %v, want %v", calls, want)
	}
}

func TestConcurrentSendAndConnect(t *testing.T) {
	sig := newPing()
	var mu sync.Mutex
	count := 0
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			sig.Connect(fmt.Sprint("r", i), func(context.Context, pingData, events.Metadata) error {
				mu.Lock()
				count++
				mu.Unlock()
				return nil
			})
		}()
		go func() {
			defer wg.Done()
			if err := sig.Send(context.Background(), pingData{}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if got := len(sig.Receivers()); got != 8 {
		t.Errorf("receivers: got %d, want 8", got)
	}
}

func TestNewSignalRejectsNonStruct(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("NewSignal[string]: no panic")
		}
	}()
	events.NewSignal[string](events.Spec{EventType: "x"})
}

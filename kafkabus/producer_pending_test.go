package kafkabus

import (
	"slices"
	"testing"
)

func TestPendingListOrderAndRemoval(t *testing.T) {
	var p Producer
	outs := make([]*outgoing, 5)
	for i := range outs {
		outs[i] = &outgoing{topic: string(rune('a' + i))}
		p.track(outs[i])
	}
	queued := p.added()

	if !p.untrack(outs[0]) || !p.untrack(outs[2]) || !p.untrack(outs[4]) {
		t.Fatal("untrack of a pending event reported it was not pending")
	}
	if p.untrack(outs[2]) {
		t.Error("second untrack of the same event reported it as pending")
	}
	if got := p.Pending(); got != 2 {
		t.Errorf("Pending = %d, want 2", got)
	}
	var left []string
	for out := p.pending.head; out != nil; out = out.next {
		left = append(left, out.topic)
	}
	if !slices.Equal(left, []string{"b", "d"}) {
		t.Errorf("pending in order = %v, want [b d]", left)
	}

	// Events added after the count was taken do not hold it up.
	late := &outgoing{topic: "late"}
	p.track(late)
	if p.doneUpTo(queued) || p.pendingUpTo(queued) != 2 {
		t.Errorf("doneUpTo = %v with %d earlier events pending, want false and 2",
			p.doneUpTo(queued), p.pendingUpTo(queued))
	}
	p.untrack(outs[1])
	p.untrack(outs[3])
	if !p.doneUpTo(queued) || p.pendingUpTo(queued) != 0 {
		t.Errorf("doneUpTo = %v, pendingUpTo = %d once the earlier events are gone, want true and 0",
			p.doneUpTo(queued), p.pendingUpTo(queued))
	}
	if p.Pending() != 1 || p.pending.head != late || p.pending.tail != late {
		t.Errorf("pending list = %d events, want only the late one", p.Pending())
	}
	p.untrack(late)
	if p.pending.head != nil || p.pending.tail != nil || p.Pending() != 0 {
		t.Error("pending list is not empty after every event was removed")
	}
}

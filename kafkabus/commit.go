package kafkabus

import (
	"sort"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

// partitionID names one partition of one topic.
type partitionID struct {
	topic     string
	partition int32
}

// commitTracker collects, per partition, the offset to commit next (the
// offset of the last finished message plus one) and decides when a batch of
// them is due. It is pure bookkeeping and not safe for concurrent use: the
// consumer loop owns it.
type commitTracker struct {
	// every is the number of finished messages that makes a batch due; 1
	// commits after every message.
	every int
	// interval is how long the oldest uncommitted mark may wait; 0 disables
	// the time limit.
	interval time.Duration

	pendingByPartition map[partitionID]*pendingOffset
}

// pendingOffset is the uncommitted progress on one partition.
type pendingOffset struct {
	next   int64     // offset to commit: last finished offset + 1
	marks  int       // finished messages since the last commit
	oldest time.Time // when the first of those messages finished
}

func newCommitTracker(every int, interval time.Duration) *commitTracker {
	if every < 1 {
		every = 1
	}
	return &commitTracker{
		every:              every,
		interval:           interval,
		pendingByPartition: make(map[partitionID]*pendingOffset),
	}
}

// mark records that the message at offset is finished, so offset+1 is the
// next offset to commit for its partition. Marks never move a partition's
// offset backwards.
func (t *commitTracker) mark(topic string, partition int32, offset int64, now time.Time) {
	id := partitionID{topic, partition}
	p, ok := t.pendingByPartition[id]
	if !ok {
		p = &pendingOffset{next: offset + 1, oldest: now}
		t.pendingByPartition[id] = p
	}
	if offset+1 > p.next {
		p.next = offset + 1
	}
	p.marks++
}

// pending returns the number of marks not yet taken.
func (t *commitTracker) pending() int {
	n := 0
	for _, p := range t.pendingByPartition {
		n += p.marks
	}
	return n
}

// due reports whether the pending marks should be committed now: their count
// reached every, or the oldest of them waited interval.
func (t *commitTracker) due(now time.Time) bool {
	if len(t.pendingByPartition) == 0 {
		return false
	}
	if t.pending() >= t.every {
		return true
	}
	at, ok := t.deadline()
	return ok && !now.Before(at)
}

// deadline returns the time at which the pending marks become due by age,
// and false when nothing is pending or there is no time limit.
func (t *commitTracker) deadline() (time.Time, bool) {
	if len(t.pendingByPartition) == 0 || t.interval <= 0 {
		return time.Time{}, false
	}
	var oldest time.Time
	for _, p := range t.pendingByPartition {
		if oldest.IsZero() || p.oldest.Before(oldest) {
			oldest = p.oldest
		}
	}
	return oldest.Add(t.interval), true
}

// take removes and returns the pending offsets of every partition, sorted by
// topic and partition.
func (t *commitTracker) take() []kafka.TopicPartition {
	return t.takeMatching(func(partitionID) bool { return true })
}

// takePartitions removes and returns the pending offsets of the given
// partitions only; marks on other partitions stay pending.
func (t *commitTracker) takePartitions(parts []kafka.TopicPartition) []kafka.TopicPartition {
	want := partitionSet(parts)
	return t.takeMatching(func(id partitionID) bool { return want[id] })
}

func (t *commitTracker) takeMatching(match func(partitionID) bool) []kafka.TopicPartition {
	var out []kafka.TopicPartition
	for id, p := range t.pendingByPartition {
		if !match(id) {
			continue
		}
		topic := id.topic
		out = append(out, kafka.TopicPartition{
			Topic: &topic, Partition: id.partition, Offset: kafka.Offset(p.next),
		})
		delete(t.pendingByPartition, id)
	}
	sortPartitions(out)
	return out
}

// restore puts back offsets whose commit failed, unless a later mark on the
// same partition already superseded them. Each restored offset counts as one
// fresh mark, so the batch is retried when it is next due.
func (t *commitTracker) restore(offsets []kafka.TopicPartition, now time.Time) {
	for _, tp := range offsets {
		if tp.Topic == nil || tp.Offset < 0 {
			continue
		}
		t.mark(*tp.Topic, tp.Partition, int64(tp.Offset)-1, now)
	}
}

// forget drops the pending offsets of partitions this consumer no longer
// owns, for example after the group declared its assignment lost, and
// returns how many partitions had pending offsets.
func (t *commitTracker) forget(parts []kafka.TopicPartition) int {
	dropped := 0
	for id := range partitionSet(parts) {
		if _, ok := t.pendingByPartition[id]; ok {
			delete(t.pendingByPartition, id)
			dropped++
		}
	}
	return dropped
}

func partitionSet(parts []kafka.TopicPartition) map[partitionID]bool {
	set := make(map[partitionID]bool, len(parts))
	for _, tp := range parts {
		if tp.Topic != nil {
			set[partitionID{*tp.Topic, tp.Partition}] = true
		}
	}
	return set
}

func sortPartitions(parts []kafka.TopicPartition) {
	sort.Slice(parts, func(i, j int) bool {
		a, b := parts[i], parts[j]
		if *a.Topic != *b.Topic {
			return *a.Topic < *b.Topic
		}
		return a.Partition < b.Partition
	})
}

// commitResult is the outcome of one asynchronous commit.
type commitResult struct {
	offsets []kafka.TopicPartition // the offsets sent
	res     []kafka.TopicPartition // per-partition results from the broker
	err     error
}

// startCommit commits offsets on a new goroutine, so the consumer keeps
// polling and handling during the broker's round trip. At most one commit is
// in flight: the loop starts the next batch only after this one's result was
// handled, which keeps each partition's commits in offset order.
func (c *Consumer) startCommit(offsets []kafka.TopicPartition) {
	if len(offsets) == 0 {
		return
	}
	done := make(chan commitResult, 1)
	c.commitInFlight = done
	kc := c.kc
	go func() {
		res, err := kc.CommitOffsets(offsets)
		done <- commitResult{offsets: offsets, res: res, err: err}
	}()
}

// checkCommit handles the result of the commit in flight if it has arrived,
// and reports whether no commit is in flight any more.
func (c *Consumer) checkCommit() (idle bool, err error) {
	if c.commitInFlight == nil {
		return true, nil
	}
	select {
	case r := <-c.commitInFlight:
		c.commitInFlight = nil
		return true, c.commitDone(r.offsets, r.res, r.err)
	default:
		return false, nil
	}
}

// awaitCommit waits for the commit in flight, if any, and handles its result.
func (c *Consumer) awaitCommit() error {
	if c.commitInFlight == nil {
		return nil
	}
	r := <-c.commitInFlight
	c.commitInFlight = nil
	return c.commitDone(r.offsets, r.res, r.err)
}

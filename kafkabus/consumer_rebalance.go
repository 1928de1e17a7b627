package kafkabus

import (
	"errors"
	"fmt"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

// brokerTimeout bounds the broker requests made while partitions are being
// assigned.
const brokerTimeout = 10 * time.Second

// rebalance is the consumer's rebalance callback, run by librdkafka inside
// Poll and Close. It commits the finished offsets of revoked partitions
// before giving them up, and applies the offset time to newly assigned ones.
func (c *Consumer) rebalance(kc *kafka.Consumer, ev kafka.Event) error {
	c.cooperative = kc.GetRebalanceProtocol() == "COOPERATIVE"
	switch e := ev.(type) {
	case kafka.AssignedPartitions:
		c.assign(kc, e.Partitions)
	case kafka.RevokedPartitions:
		c.revoke(kc, e.Partitions)
	}
	return nil
}

func (c *Consumer) assign(kc *kafka.Consumer, parts []kafka.TopicPartition) {
	if !c.opts.offsetTime.IsZero() {
		var err error
		parts, err = c.resetToTime(kc, parts)
		if err != nil {
			c.rebalanceErr = err
		}
	}
	c.log.Info("partitions assigned", "partitions", formatPartitions(parts))

	var err error
	if c.cooperative {
		err = kc.IncrementalAssign(parts)
	} else {
		err = kc.Assign(parts)
	}
	if err != nil && c.rebalanceErr == nil {
		c.rebalanceErr = fmt.Errorf("assign partitions of topic %s: %w", c.topic, err)
	}
}

func (c *Consumer) revoke(kc *kafka.Consumer, parts []kafka.TopicPartition) {
	// A failed commit in flight puts its offsets back, so it must end before
	// the revoked partitions' offsets are taken or forgotten.
	_ = c.awaitCommit()
	if kc.AssignmentLost() {
		n := c.commits.forget(parts)
		c.log.Warn("partition assignment lost, their finished messages will be delivered again",
			"partitions", formatPartitions(parts), "uncommitted_partitions", n)
	} else {
		c.commit(c.commits.takePartitions(parts))
		c.log.Info("partitions revoked", "partitions", formatPartitions(parts))
	}

	var err error
	if c.cooperative {
		err = kc.IncrementalUnassign(parts)
	} else {
		err = kc.Unassign()
	}
	if err != nil {
		c.log.Warn("unassign revoked partitions failed", attrErr, err)
	}
}

// resetToTime finds, for each partition not reset yet in this run, the first
// offset at or after the offset time, or the end of the partition when every
// message is older. It commits those offsets for the group and returns the
// partitions with their start offsets.
func (c *Consumer) resetToTime(kc *kafka.Consumer, parts []kafka.TopicPartition) ([]kafka.TopicPartition, error) {
	ms := kafka.Offset(c.opts.offsetTime.UnixMilli())
	var query []kafka.TopicPartition
	for _, tp := range parts {
		if !c.resetDone[partitionID{*tp.Topic, tp.Partition}] {
			query = append(query, kafka.TopicPartition{Topic: tp.Topic, Partition: tp.Partition, Offset: ms})
		}
	}
	if len(query) == 0 {
		return parts, nil
	}

	found, err := kc.OffsetsForTimes(query, int(brokerTimeout.Milliseconds()))
	if err != nil {
		return parts, fmt.Errorf("look up offsets of topic %s at %s: %w", c.topic, c.opts.offsetTime, err)
	}
	for i, tp := range found {
		if tp.Error != nil {
			return parts, fmt.Errorf("look up offset of %s at %s: %w", formatPartition(tp), c.opts.offsetTime, tp.Error)
		}
		if tp.Offset < 0 {
			_, high, err := kc.QueryWatermarkOffsets(*tp.Topic, tp.Partition, int(brokerTimeout.Milliseconds()))
			if err != nil {
				return parts, fmt.Errorf("look up end offset of %s: %w", formatPartition(tp), err)
			}
			found[i].Offset = kafka.Offset(high)
		}
	}

	if _, err := kc.CommitOffsets(found); err != nil {
		return parts, fmt.Errorf("commit offsets of topic %s reset to %s: %w", c.topic, c.opts.offsetTime, err)
	}
	byID := map[partitionID]kafka.Offset{}
	for _, tp := range found {
		byID[partitionID{*tp.Topic, tp.Partition}] = tp.Offset
		c.resetDone[partitionID{*tp.Topic, tp.Partition}] = true
	}
	out := make([]kafka.TopicPartition, len(parts))
	for i, tp := range parts {
		out[i] = tp
		if off, ok := byID[partitionID{*tp.Topic, tp.Partition}]; ok {
			out[i].Offset = off
		}
	}
	c.log.Info("offsets reset to time", "offset_time", c.opts.offsetTime, "partitions", formatPartitions(found))
	return out, nil
}

// commitPending commits every pending offset if any.
func (c *Consumer) commitPending() error {
	return c.commit(c.commits.take())
}

// commit commits offsets and waits for the broker, after waiting for the
// asynchronous commit in flight, if any. Offsets whose commit failed go back
// to the tracker for the next attempt.
func (c *Consumer) commit(offsets []kafka.TopicPartition) error {
	inFlightErr := c.awaitCommit()
	if len(offsets) == 0 {
		return inFlightErr
	}
	res, err := c.kc.CommitOffsets(offsets)
	return c.commitDone(offsets, res, err)
}

// commitDone handles the result of committing offsets: it restores the
// offsets whose commit failed to the tracker, logs the failure and returns
// it.
func (c *Consumer) commitDone(offsets, res []kafka.TopicPartition, err error) error {
	if err != nil {
		var kerr kafka.Error
		if errors.As(err, &kerr) && kerr.Code() == kafka.ErrNoOffset {
			return nil
		}
		if errors.As(err, &kerr) && (kerr.IsFatal() || kerr.Code() == kafka.ErrFatal) {
			c.fatal = true
		}
		c.commits.restore(offsets, time.Now())
		c.log.Warn("commit offsets failed, will retry", "offsets", formatPartitions(offsets), attrErr, err)
		return fmt.Errorf("commit offsets %s: %w", formatPartitions(offsets), err)
	}
	var failed []kafka.TopicPartition
	var errs []error
	for _, tp := range res {
		if tp.Error != nil {
			failed = append(failed, tp)
			errs = append(errs, fmt.Errorf("commit offset of %s: %w", formatPartition(tp), tp.Error))
		}
	}
	if len(failed) > 0 {
		c.commits.restore(failed, time.Now())
		c.log.Warn("commit offsets failed, will retry", "offsets", formatPartitions(failed), attrErr, errors.Join(errs...))
	}
	return errors.Join(errs...)
}

// flushCommits waits for the asynchronous commit in flight, if any, then
// commits every pending offset, trying up to attempts times.
func (c *Consumer) flushCommits(attempts int) error {
	err := c.awaitCommit()
	for i := 0; i < attempts && c.commits.pending() > 0 && !c.fatal; i++ {
		if i > 0 {
			time.Sleep(c.opts.retryBackoff)
		}
		err = c.commit(c.commits.take())
	}
	if err == nil && c.commits.pending() > 0 {
		err = errors.New("the client had a fatal error")
	}
	if err != nil {
		return fmt.Errorf("consumer of topic %s: offsets not committed, finished messages may be delivered again: %w",
			c.topic, err)
	}
	return nil
}

func formatPartition(tp kafka.TopicPartition) string {
	topic := ""
	if tp.Topic != nil {
		topic = *tp.Topic
	}
	if tp.Offset == kafka.OffsetInvalid {
		return fmt.Sprintf("%s[%d]", topic, tp.Partition)
	}
	return fmt.Sprintf("%s[%d]@%d", topic, tp.Partition, tp.Offset)
}

func formatPartitions(parts []kafka.TopicPartition) []string {
	out := make([]string, len(parts))
	for i, tp := range parts {
		out[i] = formatPartition(tp)
	}
	return out
}

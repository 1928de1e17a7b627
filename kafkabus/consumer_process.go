package kafkabus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

// process handles one message to the end: success, rejection, or a retry
// later. It returns an error only when the consumer must stop.
func (c *Consumer) process(ctx context.Context, msg *kafka.Message) error {
	// The message in progress finishes even when the consumer is asked to
	// stop, so only the waits between retries watch ctx.
	work := context.WithoutCancel(ctx)

	err := c.handleMessage(work, msg)
	var merr *MessageError
	switch {
	case err == nil:
		c.finish(msg)
		c.consecutiveErrors = 0
		return nil
	case errors.As(err, &merr):
		return c.reject(work, msg, merr)
	case errors.Is(err, errFatal):
		return err
	}
	return c.retry(ctx, msg, err)
}

// errFatal marks failures that would repeat for every message, such as
// rejected registry credentials, so the consumer stops instead of skipping.
var errFatal = errors.New("consumer cannot continue")

// handleMessage decodes msg and calls the handler. It returns a
// *MessageError for a message to reject, an errFatal error to stop, and any
// other error to retry.
func (c *Consumer) handleMessage(ctx context.Context, msg *kafka.Message) error {
	keyValue, err := c.keyCache.decode(ctx, msg.Key)
	if err != nil {
		return err
	}
	c.auditReceived(msg, keyValue)

	d, err := c.decode(ctx, msg)
	if err != nil {
		return err
	}
	d.KeyValue = keyValue

	err = callHandler(ctx, c.opts.handler, d)
	if err == nil {
		c.auditProcessed(msg, keyValue)
		return nil
	}
	if IsRetryable(err) {
		return err
	}
	return c.messageError(msg, CategoryHandler, err)
}

// finish marks msg as done so its offset is committed with the next batch,
// and ends its retries.
func (c *Consumer) finish(msg *kafka.Message) {
	tp := msg.TopicPartition
	c.commits.mark(*tp.Topic, tp.Partition, int64(tp.Offset), time.Now())
	delete(c.retries, partitionID{*tp.Topic, tp.Partition})
	c.finished++
}

// reject logs msg or sends it to the dead-letter topic, then finishes it. A
// failed dead-letter send is retried like any temporary failure, because
// committing past the message would lose it.
func (c *Consumer) reject(ctx context.Context, msg *kafka.Message, merr *MessageError) error {
	attrs := []any{
		attrPartition, merr.Partition, attrOffset, merr.Offset, attrEventID, merr.EventID,
		attrEventType, headerValue(msg.Headers, HeaderType), attrCategory, string(merr.Category),
		attrErr, merr.Err,
	}
	if c.dlq == nil {
		c.log.Error("skipped message", attrs...)
	} else {
		if err := c.dlq.send(ctx, msg, merr, c.group); err != nil {
			return c.retry(ctx, msg, err)
		}
		c.log.Error("sent message to the dead-letter topic", append(attrs, "dead_letter_topic", c.dlq.topic)...)
	}
	c.finish(msg)
	return c.countError(merr)
}

// retry counts a temporary failure, waits with exponential backoff and seeks
// the partition back to msg, so the next poll delivers it again and nothing
// after it on that partition is handled first.
func (c *Consumer) retry(ctx context.Context, msg *kafka.Message, cause error) error {
	if err := c.countError(cause); err != nil {
		return err
	}
	tp := msg.TopicPartition
	attempt, wait := c.backoff(tp)
	c.log.Warn("temporary failure, delivering the message again", attrPartition, tp.Partition,
		attrOffset, int64(tp.Offset), "attempt", attempt, "backoff", wait, attrErr, cause)
	sleep(ctx, wait)

	rewind := kafka.TopicPartition{Topic: tp.Topic, Partition: tp.Partition, Offset: tp.Offset}
	res, err := c.kc.SeekPartitions([]kafka.TopicPartition{rewind})
	if err == nil && len(res) == 1 && res[0].Error != nil {
		err = res[0].Error
	}
	if err != nil {
		// The partition may have been revoked meanwhile; its new owner starts
		// from the last committed offset, which is before msg.
		c.log.Warn("seek back to the failed message failed", attrPartition, tp.Partition,
			attrOffset, int64(tp.Offset), attrErr, err)
	}
	return nil
}

// retryState counts the temporary failures in a row of the message at offset
// of one partition.
type retryState struct {
	offset  int64
	attempt int
}

// backoff counts a temporary failure of the message at tp and returns its
// attempt number and the wait before its next delivery: the initial backoff,
// doubled for every further failure of that same message, up to the maximum.
// Each partition counts separately, so retries of messages on other
// partitions in between do not lengthen the wait.
func (c *Consumer) backoff(tp kafka.TopicPartition) (attempt int, wait time.Duration) {
	id := partitionID{*tp.Topic, tp.Partition}
	state := c.retries[id]
	if state.offset != int64(tp.Offset) {
		state = retryState{offset: int64(tp.Offset)}
	}
	state.attempt++
	c.retries[id] = state

	d := c.opts.retryBackoff
	for i := 1; i < state.attempt && d < c.opts.maxRetryBackoff; i++ {
		d *= 2
	}
	return state.attempt, min(d, c.opts.maxRetryBackoff)
}

func (c *Consumer) messageError(msg *kafka.Message, cat Category, err error) *MessageError {
	return &MessageError{
		Category:  cat,
		Topic:     *msg.TopicPartition.Topic,
		Partition: msg.TopicPartition.Partition,
		Offset:    int64(msg.TopicPartition.Offset),
		EventID:   headerValue(msg.Headers, "ce_id"),
		Err:       err,
	}
}

func (c *Consumer) auditReceived(msg *kafka.Message, key any) {
	if !c.auditEnabled() {
		return
	}
	c.log.Info("message received", c.auditAttrs(msg, key)...)
}

func (c *Consumer) auditProcessed(msg *kafka.Message, key any) {
	if !c.auditEnabled() {
		return
	}
	c.log.Info("message processed", c.auditAttrs(msg, key)...)
}

// auditEnabled reports whether audit lines are on and the logger would
// write them, so a discarding logger costs nothing per message.
func (c *Consumer) auditEnabled() bool {
	return c.settings.AuditLoggingEnabled && c.log.Enabled(context.Background(), slog.LevelInfo)
}

func (c *Consumer) auditAttrs(msg *kafka.Message, key any) []any {
	return []any{
		attrPartition, msg.TopicPartition.Partition,
		attrOffset, int64(msg.TopicPartition.Offset),
		attrEventID, headerValue(msg.Headers, "ce_id"),
		attrKey, fmt.Sprint(key),
		"timestamp_ms", msg.Timestamp.UnixMilli(),
	}
}

// headerValue returns the first value of header name, "" when absent.
func headerValue(headers []kafka.Header, name string) string {
	for _, h := range headers {
		if h.Key == name {
			return string(h.Value)
		}
	}
	return ""
}

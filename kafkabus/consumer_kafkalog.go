package kafkabus

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

// kafkaErrorRepeatInterval is the minimum time between two log lines of the
// same Kafka error. Against a closed port, librdkafka 2.11 reported all
// brokers down about once a second.
const kafkaErrorRepeatInterval = 30 * time.Second

// maxKafkaErrorKinds bounds the distinct errors remembered at once.
const maxKafkaErrorKinds = 1000

// kafkaErrorLog logs the error events of a librdkafka client: the first of
// identical errors at once, then at most one line per interval with the number
// of repeats left out since the previous line (attribute "repeated"). It also
// remembers when all brokers were last reported down, to explain a failed
// delivery. It is safe for concurrent use.
//
// NOTE: repeats after the last line of an error are counted but never logged
// when the error stops, because nothing logs the count at close.
type kafkaErrorLog struct {
	log      *slog.Logger
	interval time.Duration
	now      func() time.Time

	mu        sync.Mutex
	repeats   map[string]*errorRepeat
	allDownAt time.Time // time of the last ErrAllBrokersDown
}

// errorRepeat is the state of one distinct error: when it was last logged
// and how many repeats were left out since.
type errorRepeat struct {
	loggedAt time.Time
	left     int
}

func newKafkaErrorLog(l *slog.Logger) *kafkaErrorLog {
	return &kafkaErrorLog{
		log:      l,
		interval: kafkaErrorRepeatInterval,
		now:      time.Now,
		repeats:  map[string]*errorRepeat{},
	}
}

// record logs e as msg at level, unless the same error was logged less than
// the interval ago, in which case it only counts e.
func (k *kafkaErrorLog) record(level slog.Level, msg string, e kafka.Error) {
	now := k.now()
	key := kafkaErrorKey(e)

	k.mu.Lock()
	if e.Code() == kafka.ErrAllBrokersDown {
		k.allDownAt = now
	}
	r, seen := k.repeats[key]
	if seen && now.Sub(r.loggedAt) < k.interval {
		r.left++
		k.mu.Unlock()
		return
	}
	repeated := 0
	if seen {
		repeated = r.left
	} else if len(k.repeats) >= maxKafkaErrorKinds {
		clear(k.repeats)
	}
	k.repeats[key] = &errorRepeat{loggedAt: now}
	k.mu.Unlock()

	attrs := []any{attrErr, e.Error(), "code", e.Code().String()}
	if repeated > 0 {
		attrs = append(attrs, "repeated", repeated)
	}
	k.log.Log(context.Background(), level, msg, attrs...)
}

// allBrokersDown reports whether librdkafka reported every broker connection
// down less than the interval ago. librdkafka repeats that error about once a
// second while it lasts and reports no recovery, so an older report is stale.
func (k *kafkaErrorLog) allBrokersDown() bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	return !k.allDownAt.IsZero() && k.now().Sub(k.allDownAt) < k.interval
}

// kafkaErrorKey identifies errors that are the same condition. librdkafka
// varies the text of a repeated error: "1/1 brokers are down" against
// "0/1 brokers are down", and a suffix such as "(after 0ms in state CONNECT,
// 1 identical error(s) suppressed)" after a broker's connection failure.
func kafkaErrorKey(e kafka.Error) string {
	if e.Code() == kafka.ErrAllBrokersDown {
		return e.Code().String()
	}
	text := e.String()
	if i := strings.Index(text, " (after "); i >= 0 {
		text = text[:i]
	}
	return e.Code().String() + "\x00" + text
}

// librdkafkaLogLevel returns the slog level of one of librdkafka's own log
// lines. Lines tagged FAIL are broker connection failures, which librdkafka
// also reports as error events, so they are logged at Debug to avoid logging
// the same failure twice. Other lines at syslog level warning (4) or more
// severe become Warn records, and the rest Debug.
func librdkafkaLogLevel(ev kafka.LogEvent) slog.Level {
	if ev.Level <= 4 && ev.Tag != "FAIL" {
		return slog.LevelWarn
	}
	return slog.LevelDebug
}

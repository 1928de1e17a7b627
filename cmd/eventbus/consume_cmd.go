package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/openedx-go/eventbus/kafkabus"
)

// consumeFlags are the options of the consume command.
type consumeFlags struct {
	topic          string
	group          string
	maxEvents      int
	offsetTime     string
	deadLetter     string
	fromBeginning  bool
	execCommand    string
	webhook        string
	webhookRetries int
	commitEvery    int
	commitInterval time.Duration
}

func newConsumeCmd() *cobra.Command {
	var f consumeFlags
	cmd := &cobra.Command{
		Use:   "consume --topic TOPIC --group GROUP",
		Short: "Consume events from a topic and print them, run a command or call a webhook",
		Long: `Consume joins consumer group GROUP on TOPIC (prefixed with EVENT_BUS_TOPIC_PREFIX when
set), decodes each event with the writer schema from the Schema Registry, and hands it
to one handler:

  default     print one JSON line per event to stdout:
              {"metadata": {...}, "data": {...}, "kafka": {"topic", "partition", "offset", "key"}}
  --exec      run a shell command (/bin/sh -c) per event with that JSON line on stdin and
              EVENTBUS_TOPIC, EVENTBUS_PARTITION, EVENTBUS_OFFSET, EVENTBUS_EVENT_TYPE and
              EVENTBUS_EVENT_ID set; a non-zero exit status fails the event
  --webhook   POST each event as a CloudEvents JSON document (application/cloudevents+json);
              connection errors, timeouts, 408, 429 and 5xx other than 501 and 505 are
              repeated up to --webhook-retries times with a doubling backoff (0.2s up to
              5s); when the retries are used up, or for any other non-2xx response, the
              event fails

Offsets are committed only after an event is handled. Unusable messages and failed
events, including webhook events whose retries are used up, are logged to stderr and
skipped, or copied to --dead-letter-topic, and then committed. A group with no
committed offset starts at the end of the topic unless --from-beginning is given.
The exit status is 0 after an interrupt or --max-events events, 1 when the
consecutive errors limit or a fatal Kafka error ends the consumer, and 2 for invalid
flags or settings. The limit counts failed messages and retries; an unreachable broker
does not count, because librdkafka keeps reconnecting and reports it as a logged error.`,
		Example: `  eventbus consume --topic user-login --group dev-reader --from-beginning --max-events 10
  eventbus consume -t course-enrollment -g audit --offset-time 2024-01-08T06:46:22Z
  eventbus consume -t course-enrollment -g hooks --webhook http://127.0.0.1:9000/events`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runConsume(cmd, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.topic, "topic", "t", "", "topic to consume, without the EVENT_BUS_TOPIC_PREFIX (required)")
	fl.StringVarP(&f.group, "group", "g", "", "consumer group id (required)")
	fl.IntVar(&f.maxEvents, "max-events", 0,
		"exit after this many messages are handled, skipped or dead-lettered and committed (0: no limit)")
	fl.StringVar(&f.offsetTime, "offset-time", "",
		"reset the group's offsets to the first message at or after this ISO 8601 time, "+
			"which must have a UTC offset, e.g. 2024-01-08T06:46:22Z")
	fl.StringVar(&f.deadLetter, "dead-letter-topic", "",
		"copy unusable messages and failed events to this topic (prefixed like --topic)")
	fl.BoolVar(&f.fromBeginning, "from-beginning", false,
		"start at the earliest message when the group has no committed offset")
	fl.StringVar(&f.execCommand, "exec", "", "shell command to run for each event, with the event JSON on stdin")
	fl.StringVar(&f.webhook, "webhook", "", "URL to POST each event to as CloudEvents JSON")
	fl.IntVar(&f.webhookRetries, "webhook-retries", kafkabus.DefaultWebhookRetries,
		"times to repeat a webhook request after a connection error, timeout, 408, 429 or 5xx "+
			"before the event fails")
	fl.IntVar(&f.commitEvery, "commit-every", kafkabus.DefaultCommitEvery,
		"commit offsets after this many handled messages (1: after every message)")
	fl.DurationVar(&f.commitInterval, "commit-interval", kafkabus.DefaultCommitInterval,
		"commit offsets at least this often while messages are handled")
	return cmd
}

func runConsume(cmd *cobra.Command, f consumeFlags) error {
	if err := requireFlags(cmd, "topic", "group"); err != nil {
		return err
	}
	if err := checkConsumeFlags(f); err != nil {
		return usageError(err)
	}
	settings, err := loadSettings(cmd)
	if err != nil {
		return err
	}
	if err := checkTopicFlag(settings, "topic", f.topic); err != nil {
		return err
	}
	if f.deadLetter != "" {
		if err := checkTopicFlag(settings, "dead-letter-topic", f.deadLetter); err != nil {
			return err
		}
	}
	logger, err := newLogger(cmd)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(cmd.Context())
	defer cancel()

	handler, err := consumeHandler(f, cmd.OutOrStdout(), cmd.ErrOrStderr(), logger, cancel)
	if err != nil {
		return usageError(err)
	}
	opts := []kafkabus.ConsumerOption{
		kafkabus.WithHandler(handler),
		kafkabus.WithLogger(logger),
		kafkabus.MaxMessages(f.maxEvents),
		kafkabus.CommitEvery(f.commitEvery),
		kafkabus.CommitInterval(f.commitInterval),
	}
	if f.offsetTime != "" {
		at, err := parseOffsetTime(f.offsetTime)
		if err != nil {
			return usageError(err)
		}
		opts = append(opts, kafkabus.OffsetTime(at))
	}
	if f.deadLetter != "" {
		opts = append(opts, kafkabus.DeadLetterTopic(f.deadLetter))
	}
	if f.fromBeginning {
		opts = append(opts, kafkabus.FromBeginning())
	}

	c, err := kafkabus.NewConsumer(settings, f.topic, f.group, opts...)
	if err != nil {
		return err
	}
	err = c.Run(ctx)
	if errors.Is(err, kafkabus.ErrConsumersDisabled) {
		fmt.Fprintf(cmd.ErrOrStderr(), "eventbus: %v; not consuming\n", err)
		return nil
	}
	return err
}

// checkConsumeFlags rejects flag values that the consumer cannot use.
func checkConsumeFlags(f consumeFlags) error {
	switch {
	case f.execCommand != "" && f.webhook != "":
		return errors.New("--exec and --webhook cannot be combined: choose one handler")
	case f.commitEvery < 1:
		return fmt.Errorf("--commit-every %d is invalid: use 1 or more", f.commitEvery)
	case f.commitInterval < 0:
		return fmt.Errorf("--commit-interval %s is invalid: use 0 or a positive duration", f.commitInterval)
	case f.maxEvents < 0:
		return fmt.Errorf("--max-events %d is invalid: use 0 for no limit or a positive count", f.maxEvents)
	}
	return nil
}

// consumeHandler returns the handler that the flags choose. The printing
// handler stops the consumer through stop when stdout fails, for example
// when the reading end of a pipe closed, and leaves the event uncommitted.
func consumeHandler(f consumeFlags, stdout, stderr io.Writer, logger *slog.Logger,
	stop func()) (kafkabus.Handler, error) {
	switch {
	case f.execCommand != "":
		return kafkabus.ExecHandler(f.execCommand, stdout, stderr)
	case f.webhook != "":
		if f.webhookRetries < 0 {
			return nil, fmt.Errorf("--webhook-retries %d is invalid: use 0 or more", f.webhookRetries)
		}
		return kafkabus.WebhookHandler(f.webhook, kafkabus.WebhookRetries(f.webhookRetries),
			kafkabus.WebhookLogger(logger))
	}
	return func(_ context.Context, d kafkabus.Delivery) error {
		line, err := json.Marshal(d)
		if err != nil {
			return fmt.Errorf("encode event %s as JSON: %w", d.Event.Metadata.ID, err)
		}
		if _, err := stdout.Write(append(line, '\n')); err != nil {
			stop()
			return kafkabus.Retryable(fmt.Errorf("write event to stdout: %w", err))
		}
		return nil
	}, nil
}

// offsetTimeLayouts are the accepted ISO 8601 forms of --offset-time, all
// with a UTC offset.
var offsetTimeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999Z07:00",
}

// zonelessLayouts are ISO 8601 forms without a UTC offset, recognized only to
// explain what is missing.
var zonelessLayouts = []string{
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02",
}

// parseOffsetTime parses the --offset-time value. A time without a UTC
// offset is rejected, because its meaning would depend on the machine's
// time zone.
func parseOffsetTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range offsetTimeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	for _, layout := range zonelessLayouts {
		if _, err := time.Parse(layout, s); err == nil {
			return time.Time{}, fmt.Errorf("--offset-time %q has no UTC offset: add Z or an offset "+
				"such as +00:00, e.g. 2024-01-08T06:46:22Z", s)
		}
	}
	return time.Time{}, fmt.Errorf("--offset-time %q is not an ISO 8601 time: "+
		"write it as e.g. 2024-01-08T06:46:22Z or 2024-01-08T06:46:22.5-05:00", s)
}

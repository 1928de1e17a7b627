package bench

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// Goals for the ratios and the consumer's memory. The benchmark reports
// whether a run met them; nothing asserts them.
const (
	GoalProduceRatio  = 0.75 // full produce path / raw produce
	GoalConsumeRatio  = 0.6  // full consume path / raw consume
	GoalCommitRatio   = 10   // batched commits / a blocking commit per message
	GoalConsumerRSSMB = 150  // consumer-only peak RSS in MB (10^6 bytes) on GoalConsumerRSSEvents
	// GoalConsumerRSSEvents is the number of events the consumer memory goal refers to.
	GoalConsumerRSSEvents = 1_000_000
)

// Report is the outcome of one benchmark run.
type Report struct {
	Machine    Machine
	EventType  string
	Partitions int
	// External is true when the run used a configured cluster and registry
	// instead of the embedded ones.
	External bool
	// ValueBytes, KeyBytes and HeaderBytes are the sizes of one message.
	ValueBytes, KeyBytes, HeaderBytes int

	// Repeat is the number of rounds of runs (a) to (e). Each of the five
	// fields below is the fastest round, and Runs has every round by run
	// letter, "a" to "e".
	Repeat int
	Runs   map[string][]Result

	FullProduce     Result // (a) encode, frame, headers, produce, delivery reports
	RawProduce      Result // (b) the same bytes through confluent-kafka-go alone
	FullConsume     Result // (c) decode and dispatch, batched at-least-once commits
	RawConsume      Result // (d) confluent-kafka-go alone, no decoding
	BlockingConsume Result // (e) as (c) with a blocking commit after every message

	Latency       LatencySummary
	LatencyRate   int           // events per second during the latency run
	LatencyPeriod time.Duration // length of the latency run

	// Memory is the whole benchmark process, embedded broker included when
	// the run is not external.
	Memory Memory
	// Consumer is the separate consumer-only run, nil when it was skipped.
	Consumer *ConsumerMemory
}

// ConsumerMemory is the outcome of consuming in a process that does nothing
// else, so its peak RSS belongs to the consumer alone.
type ConsumerMemory struct {
	Result Result
	Memory Memory
	// Baseline is the memory of the process before the consumer started:
	// the Go runtime, librdkafka's code and the command line.
	Baseline Memory
}

// ProduceRatio returns full produce / raw produce events per second.
func (r *Report) ProduceRatio() float64 { return ratio(r.FullProduce, r.RawProduce) }

// ConsumeRatio returns full consume / raw consume events per second.
func (r *Report) ConsumeRatio() float64 { return ratio(r.FullConsume, r.RawConsume) }

// CommitRatio returns batched / blocking commit-per-message events per second.
func (r *Report) CommitRatio() float64 { return ratio(r.FullConsume, r.BlockingConsume) }

func ratio(a, b Result) float64 {
	if b.EventsPerSecond() == 0 {
		return 0
	}
	return a.EventsPerSecond() / b.EventsPerSecond()
}

// Write prints the report as aligned text tables.
func (r *Report) Write(w io.Writer) error {
	var b strings.Builder
	r.writeHeader(&b)
	r.writeThroughput(&b)
	r.writeRatios(&b)
	r.writeLatency(&b)
	r.writeMemory(&b)
	_, err := io.WriteString(w, b.String())
	return err
}

func (r *Report) writeHeader(b *strings.Builder) {
	target := "embedded broker and registry in this process"
	if r.External {
		target = "configured cluster and registry"
	}
	fmt.Fprintf(b, "event type   %s\n", r.EventType)
	fmt.Fprintf(b, "message      key %d B, value %d B, headers %d B\n", r.KeyBytes, r.ValueBytes, r.HeaderBytes)
	fmt.Fprintf(b, "topic        %d partitions on the %s\n", r.Partitions, target)
	fmt.Fprintf(b, "machine      %s\n\n", r.Machine)
}

func (r *Report) writeThroughput(b *strings.Builder) {
	const row = "%-44s %8s %9s %6s %8s %10s %14s\n"
	fmt.Fprintf(b, row, "run", "events", "events/s", "MB/s", "time", "CPU/event", "slowest round")
	rows := []struct {
		run, name string
		res       Result
	}{
		{"a", "(a) produce, full path", r.FullProduce},
		{"b", "(b) produce, raw confluent-kafka-go", r.RawProduce},
		{"c", "(c) consume, full path, batched commits", r.FullConsume},
		{"d", "(d) consume, raw confluent-kafka-go", r.RawConsume},
		{"e", "(e) consume, full path, commit per message", r.BlockingConsume},
	}
	for _, x := range rows {
		fmt.Fprintf(b, row, x.name, fmt.Sprint(x.res.Events), fmt.Sprintf("%.0f", x.res.EventsPerSecond()),
			fmt.Sprintf("%.1f", x.res.MBPerSecond()), x.res.Elapsed.Round(time.Millisecond),
			fmt.Sprintf("%.1fµs", float64(x.res.CPUPerEvent())/1e3), r.slowest(x.run))
	}
	if r.Repeat > 1 {
		fmt.Fprintf(b, "(fastest of %d rounds; the last column is the slowest round in events/s)\n", r.Repeat)
	}
	b.WriteString("(CPU/event: CPU time of the whole process, all threads, per event)\n\n")
}

// slowest returns the events per second of the slowest round of run, or "-"
// with a single round.
func (r *Report) slowest(run string) string {
	rounds := r.Runs[run]
	if len(rounds) < 2 {
		return "-"
	}
	low := rounds[0].EventsPerSecond()
	for _, res := range rounds[1:] {
		low = min(low, res.EventsPerSecond())
	}
	return fmt.Sprintf("%.0f", low)
}

func (r *Report) writeRatios(b *strings.Builder) {
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ratio\tmeasured\tgoal\tby CPU/event\t")
	lines := []struct {
		name, goal    string
		measured, cpu float64
		met           bool
	}{
		{"a/b full/raw produce", fmt.Sprintf(">= %.2f", GoalProduceRatio), r.ProduceRatio(),
			cpuRatio(r.FullProduce, r.RawProduce), r.ProduceRatio() >= GoalProduceRatio},
		{"c/d full/raw consume", fmt.Sprintf(">= %.2f", GoalConsumeRatio), r.ConsumeRatio(),
			cpuRatio(r.FullConsume, r.RawConsume), r.ConsumeRatio() >= GoalConsumeRatio},
		{"c/e batched/per-message commits", fmt.Sprintf(">= %d.00", GoalCommitRatio), r.CommitRatio(),
			cpuRatio(r.FullConsume, r.BlockingConsume), r.CommitRatio() >= GoalCommitRatio},
	}
	for _, l := range lines {
		fmt.Fprintf(tw, "%s\t%.2f\t%s %s\t%.2f\t\n", l.name, l.measured, l.goal, verdict(l.met), l.cpu)
	}
	tw.Flush()
	b.WriteString("(by CPU/event: the ratio if both runs were limited by CPU alone, " +
		"the slower run's CPU/event over the faster run's)\n\n")
}

// cpuRatio returns b's CPU time per event over a's, the throughput ratio a/b
// that the two runs would reach if CPU time alone limited them.
func cpuRatio(a, b Result) float64 {
	if a.CPUPerEvent() == 0 {
		return 0
	}
	return float64(b.CPUPerEvent()) / float64(a.CPUPerEvent())
}

func (r *Report) writeLatency(b *strings.Builder) {
	l := r.Latency
	fmt.Fprintf(b, "produce-to-handler latency at %d events/s for %s (%d events): "+
		"p50 %s, p99 %s, mean %s, max %s\n",
		r.LatencyRate, r.LatencyPeriod, l.Count, roundLatency(l.P50), roundLatency(l.P99),
		roundLatency(l.Mean), roundLatency(l.Max))
}

func (r *Report) writeMemory(b *strings.Builder) {
	fmt.Fprintf(b, "benchmark process: peak RSS %s, Go heap peak %s\n",
		megabytes(r.Memory.PeakRSS), megabytes(r.Memory.HeapPeak))
	c := r.Consumer
	if c == nil {
		b.WriteString("consumer-only process: not run (see --consumer-events)\n")
		return
	}
	fmt.Fprintf(b, "consumer-only process (%d events, %.0f events/s): peak RSS %s (%s before the consumer "+
		"started), Go heap peak %s", c.Result.Events, c.Result.EventsPerSecond(), megabytes(c.Memory.PeakRSS),
		megabytes(c.Baseline.RSS), megabytes(c.Memory.HeapPeak))
	if c.Result.Events >= GoalConsumerRSSEvents {
		met := c.Memory.PeakRSS < GoalConsumerRSSMB*1e6
		fmt.Fprintf(b, "; goal < %d MB %s", GoalConsumerRSSMB, verdict(met))
	}
	b.WriteString("\n")
}

func verdict(met bool) string {
	if met {
		return "met"
	}
	return "MISSED"
}

func megabytes(n uint64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

func roundLatency(d time.Duration) time.Duration {
	if d >= 10*time.Millisecond {
		return d.Round(100 * time.Microsecond)
	}
	return d.Round(10 * time.Microsecond)
}

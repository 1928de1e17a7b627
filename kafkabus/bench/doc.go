// Package bench measures the Kafka path of the event bus against plain
// confluent-kafka-go, so the cost of encoding, framing, headers, decoding,
// dispatch and commits shows up as a ratio measured in one run on one machine.
//
// A run measures five throughputs on the same event type and message bytes:
// the full produce path and a raw produce of the same pre-encoded messages,
// the full consume path with batched commits, a raw consume of the same topic,
// and the full consume path with a blocking commit after every message. It
// then measures the produce-to-handler latency at a fixed low rate, and the
// peak resident set size (VmHWM) of the process. Because an embedded broker
// keeps every message in the same process, the consumer's own memory is
// measured in a separate process that only consumes (see [ConsumeOnly]).
//
// Numbers from different machines or runs are orders of magnitude; compare
// the ratios of one run.
package bench

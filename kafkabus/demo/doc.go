// Package demo sends one event of every serializable Open edX event type through
// the full event bus and checks what arrives.
//
// [Run] routes each event type to a topic of its subdomain, sends the events in
// process so that a [kafkabus.Producer] listening to them publishes them, reads
// them back with a [kafkabus.Consumer] per topic, and compares each
// received payload, metadata, key and schema id with what was sent. The eventbus
// demo command runs it against a broker and registry embedded in the process.
package demo

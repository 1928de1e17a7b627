// Package config holds the settings of the event bus: the same names, defaults and
// meaning as the Django settings of the Python event bus (event-bus-kafka), so a
// service can move between the two without renaming anything.
//
// Settings come from three sources, lowest to highest precedence:
//
//  1. environment variables named like the Django settings, for example
//     EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS;
//  2. a YAML or JSON settings file, whose keys are either the short names of
//     [Fields] (bootstrap_servers) or the setting names themselves;
//  3. explicit values set with [Settings.Set], which the command line uses for flags.
//
// EVENT_BUS_PRODUCER_CONFIG keeps the nested shape of the Django setting,
// {event_type: {topic: {"event_key_field": "a.b.c", "enabled": true}}}: JSON text in
// the environment variable, a mapping (or JSON text) in the file. Both also accept
// the setting's Python dict literal as pasted from Django settings, because YAML
// reads it: single quotes, True and False, and trailing commas.
//
// Any other librdkafka property passes through unchanged: the kafka mapping in the
// file, or [Settings.SetKafkaProperty].
package config

package config

import "github.com/confluentinc/confluent-kafka-go/v2/kafka"

// KafkaConfig returns the librdkafka properties shared by producers and consumers:
// bootstrap.servers, client.id when ServiceName is set, and SASL PLAIN over SSL when
// the API key and secret are set. The passthrough properties in Kafka come last and
// win over everything before them. The returned map is new on every call.
func (s Settings) KafkaConfig() kafka.ConfigMap {
	m := kafka.ConfigMap{"bootstrap.servers": s.BootstrapServers}
	if s.ServiceName != "" {
		m["client.id"] = s.ServiceName
	}
	if s.SASL() {
		m["security.protocol"] = "SASL_SSL"
		m["sasl.mechanism"] = "PLAIN"
		m["sasl.username"] = s.APIKey
		m["sasl.password"] = s.APISecret
	}
	for k, v := range s.Kafka {
		m[k] = v
	}
	return m
}

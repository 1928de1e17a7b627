package kafkabus

import (
	"fmt"
	"strings"
)

// explainFailure adds the likely cause to err, the failure of a delivery,
// when librdkafka reported every broker connection down less than
// [kafkaErrorRepeatInterval] ago. It returns err unchanged otherwise.
func (p *Producer) explainFailure(err error) error {
	if err == nil || !p.kafkaErrors.allBrokersDown() {
		return err
	}
	servers := p.settings.BootstrapServers
	noun := "broker"
	if strings.Contains(servers, ",") {
		noun = "brokers"
	}
	return fmt.Errorf("%w: %s %s unreachable (all broker connections are down): "+
		"check that EVENT_BUS_KAFKA_BOOTSTRAP_SERVERS (--bootstrap-servers) names a running broker",
		err, noun, servers)
}

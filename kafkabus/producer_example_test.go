package kafkabus_test

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/catalog"
	"github.com/openedx-go/eventbus/kafkabus"
	"github.com/openedx-go/eventbus/kafkabus/config"
	"github.com/openedx-go/eventbus/kafkabus/kafkatest"
)

func ExampleMetadataHeaders() {
	md, _ := events.NewMetadata("org.openedx.learning.course.enrollment.created.v1", 0,
		events.WithID(uuid.MustParse("0b8ed1f2-7d4c-11ef-8f5e-0242ac120002")),
		events.WithService("lms"),
		events.WithSourceHost("lms-web-1"),
		events.WithTime(time.Date(2025, 3, 14, 9, 26, 53, 589793000, time.UTC)))
	for _, h := range kafkabus.MetadataHeaders(md) {
		fmt.Printf("%s: %s\n", h.Key, h.Value)
	}
	// Output:
	// ce_specversion: 1.0
	// content-type: application/avro
	// ce_datacontenttype: application/avro
	// ce_type: org.openedx.learning.course.enrollment.created.v1
	// ce_id: 0b8ed1f2-7d4c-11ef-8f5e-0242ac120002
	// ce_source: openedx/lms/web
	// ce_time: 2025-03-14T09:26:53.589793+00:00
	// ce_minorversion: 0
	// sourcehost: lms-web-1
	// sourcelib: 11.2.0
}

func ExampleProducer_Listen() {
	// An in-memory broker and registry; a service would use config.Load instead.
	env, err := kafkatest.StartCluster(context.Background(), kafkatest.WithPartitions(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer env.Close()
	settings := env.Settings()
	settings.TopicPrefix = "dev"
	settings.AuditLoggingEnabled = false
	settings.Producer = config.ProducerConfig{
		"org.openedx.learning.auth.session.login.completed.v1": {
			"user-login": {"event_key_field": "user.pii.username", "enabled": true},
		},
	}

	producer, err := kafkabus.NewProducer(settings)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := producer.Listen(); err != nil {
		fmt.Println(err)
		return
	}

	// Sending the event in-process publishes it to dev-user-login.
	def, _ := catalog.Lookup("org.openedx.learning.auth.session.login.completed.v1")
	payload, _ := def.FromRecord(map[string]any{"user": map[string]any{
		"id": 4821, "is_active": true,
		"pii": map[string]any{"username": "ana_lopez", "email": "ana.lopez@example.com", "name": "Ana López"},
	}})
	md, _ := events.NewMetadata(def.EventType(), def.MinorVersion(), events.WithService("lms"))
	if err := def.Dispatch(context.Background(), events.Event{Metadata: md, Payload: payload}); err != nil {
		fmt.Println(err)
		return
	}

	report := producer.Close(context.Background())
	fmt.Println("delivered:", report.Delivered, "failed:", report.Failed)
	fmt.Println("partitions of dev-user-login:", len(env.Cluster.PartitionInfos("dev-user-login")))
	fmt.Println("messages:", env.Cluster.PartitionInfos("dev-user-login")[0].HighWatermark)
	// Output:
	// delivered: 1 failed: 0
	// partitions of dev-user-login: 1
	// messages: 1
}

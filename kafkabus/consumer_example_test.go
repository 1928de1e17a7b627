package kafkabus_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/learning"
	"github.com/openedx-go/eventbus/kafkabus"
	"github.com/openedx-go/eventbus/kafkabus/kafkatest"
)

// This example sends one enrollment event through an in-process broker and
// registry and reads it back with a consumer that stops after one message.
func ExampleNewConsumer() {
	ctx := context.Background()
	env, err := kafkatest.StartCluster(ctx, kafkatest.WithPartitions(1))
	if err != nil {
		log.Fatal(err)
	}
	defer env.Close()
	settings := env.Settings()
	settings.Kafka["enable.metrics.push"] = "false"
	if err := env.EnsureTopic("course-enrollment", 1); err != nil {
		log.Fatal(err)
	}

	producer, err := kafkabus.NewProducer(settings)
	if err != nil {
		log.Fatal(err)
	}
	payload := learning.CourseEnrollmentData{
		User:         learning.UserData{ID: 7, IsActive: true, PII: learning.UserPersonalData{Username: "ada"}},
		Course:       learning.CourseData{CourseKey: "course-v1:edX+DemoX+2024"},
		Mode:         "audit",
		IsActive:     true,
		CreationDate: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
	}
	def := learning.CourseEnrollmentCreated
	md, err := events.NewMetadata(def.EventType(), def.MinorVersion(), events.WithService("lms"))
	if err != nil {
		log.Fatal(err)
	}
	_, err = producer.ProduceSync(ctx, def, "course-enrollment", "enrollment.course.course_key", payload, md)
	if err != nil {
		log.Fatal(err)
	}
	producer.Close(ctx)

	handler := func(_ context.Context, d kafkabus.Delivery) error {
		enrollment := d.Event.Payload.(learning.CourseEnrollmentData)
		fmt.Println(d.Event.Metadata.EventType)
		fmt.Println("user", enrollment.User.ID, "key", d.KeyValue, "offset", d.Offset)
		return nil
	}
	consumer, err := kafkabus.NewConsumer(settings, "course-enrollment", "example",
		kafkabus.FromBeginning(), kafkabus.MaxMessages(1), kafkabus.WithHandler(handler))
	if err != nil {
		log.Fatal(err)
	}
	if err := consumer.Run(ctx); err != nil {
		log.Fatal(err)
	}
	// Output:
	// org.openedx.learning.course.enrollment.created.v1
	// user 7 key course-v1:edX+DemoX+2024 offset 0
}

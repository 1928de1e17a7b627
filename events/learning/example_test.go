package learning_test

import (
	"context"
	"fmt"
	"time"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/learning"
)

func Example() {
	ctx := context.Background()
	learning.CourseEnrollmentCreated.Connect("welcome-mail", func(ctx context.Context, e learning.CourseEnrollmentData, md events.Metadata) error {
		fmt.Printf("%s enrolled in %s (%s) via %s\n", e.User.PII.Username, e.Course.CourseKey, e.Mode, md.Source)
		return nil
	})
	defer learning.CourseEnrollmentCreated.Disconnect("welcome-mail")

	err := learning.CourseEnrollmentCreated.Send(ctx, learning.CourseEnrollmentData{
		User:         learning.UserData{ID: 42, IsActive: true, PII: learning.UserPersonalData{Username: "ada", Email: "ada@example.com"}},
		Course:       learning.CourseData{CourseKey: "course-v1:edX+DemoX+2024_T1", DisplayName: "Demo"},
		Mode:         "verified",
		IsActive:     true,
		CreationDate: time.Date(2024, 3, 1, 12, 30, 0, 0, time.UTC),
	}, events.WithService("lms"))
	fmt.Println("error:", err)
	// Output:
	// ada enrolled in course-v1:edX+DemoX+2024_T1 (verified) via openedx/lms/web
	// error: <nil>
}

func Example_encode() {
	payload := learning.UserData{ID: 7, IsActive: true, PII: learning.UserPersonalData{Username: "ada", Email: "ada@example.com"}}
	body, err := learning.SessionLoginCompleted.Encode(payload)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%x\n", body)

	back, err := learning.SessionLoginCompleted.DecodePayload(body)
	fmt.Println(back.PII.Username, back == payload, err)
	// Output:
	// 0e01066164611e616461406578616d706c652e636f6d00
	// ada true <nil>
}

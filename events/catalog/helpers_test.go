package catalog_test

import (
	"time"

	"github.com/openedx-go/eventbus/events/learning"
)

func enrollment() learning.CourseEnrollmentData {
	return learning.CourseEnrollmentData{
		User: learning.UserData{ID: 42, IsActive: true, PII: learning.UserPersonalData{
			Username: "learner", Email: "learner@example.com", Name: "Learner",
		}},
		Course:       learning.CourseData{CourseKey: "course-v1:edX+DemoX+2024_T1", DisplayName: "Demo"},
		Mode:         "audit",
		IsActive:     true,
		CreationDate: time.Date(2024, 3, 1, 12, 30, 0, 123000, time.UTC),
	}
}

package catalog_test

import (
	"fmt"

	"github.com/openedx-go/eventbus/events/catalog"
)

func ExampleLookup() {
	def, err := catalog.Lookup("org.openedx.learning.course.enrollment.created.v1")
	if err != nil {
		fmt.Println(err)
		return
	}
	key, err := def.KeyField(def.DefaultKeyField())
	fmt.Println(def.Name(), def.PayloadKey(), key.Schema, err)

	_, err = catalog.Lookup("org.openedx.learning.course.enrolment.created.v1")
	fmt.Println(err)
	// Output:
	// CourseEnrollmentCreated enrollment {"name": "course_key", "type": "string"} <nil>
	// unknown event type "org.openedx.learning.course.enrolment.created.v1"; closest known types: org.openedx.learning.course.enrollment.created.v1, org.openedx.learning.course.enrollment.changed.v1, org.openedx.learning.course.unenrollment.completed.v1
}

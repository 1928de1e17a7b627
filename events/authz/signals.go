package authz

import "github.com/openedx-go/eventbus/events"

// The event definitions of the authz subdomain.
var (
	// RoleAssignmentCreated is the event "org.openedx.authz.role_assignment.created"
	// (ROLE_ASSIGNMENT_CREATED in openedx-events). Its payload, of type
	// RoleAssignmentData, is under the key "role_assignment". The documented event key
	// field is "user.pii.username". NOTE: that path does not start with the payload key
	// "role_assignment", so KeyField rejects it and producers must configure another key
	// field.
	RoleAssignmentCreated = events.NewSignal[RoleAssignmentData](events.Spec{
		EventType:       "org.openedx.authz.role_assignment.created",
		Name:            "RoleAssignmentCreated",
		Subdomain:       "authz",
		MinorVersion:    0,
		PayloadKey:      "role_assignment",
		DefaultKeyField: "user.pii.username",
	})

	// RoleAssignmentDeleted is the event "org.openedx.authz.role_assignment.deleted"
	// (ROLE_ASSIGNMENT_DELETED in openedx-events). Its payload, of type
	// RoleAssignmentData, is under the key "role_assignment". The documented event key
	// field is "user.pii.username". NOTE: that path does not start with the payload key
	// "role_assignment", so KeyField rejects it and producers must configure another key
	// field.
	RoleAssignmentDeleted = events.NewSignal[RoleAssignmentData](events.Spec{
		EventType:       "org.openedx.authz.role_assignment.deleted",
		Name:            "RoleAssignmentDeleted",
		Subdomain:       "authz",
		MinorVersion:    0,
		PayloadKey:      "role_assignment",
		DefaultKeyField: "user.pii.username",
	})
)

// Definitions returns the event definitions of the authz subdomain in
// declaration order.
func Definitions() []events.Definition {
	return []events.Definition{
		RoleAssignmentCreated,
		RoleAssignmentDeleted,
	}
}

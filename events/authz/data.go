package authz

// RoleAssignmentData is the payload of RoleAssignmentCreated and RoleAssignmentDeleted.
type RoleAssignmentData struct {
	// Operation is the "operation" field, a string.
	Operation string `avro:"operation"`

	// Subject is the "subject" field, a string.
	Subject string `avro:"subject"`

	// Role is the "role" field, a string.
	Role string `avro:"role"`

	// Scope is the "scope" field, a string.
	Scope string `avro:"scope"`

	// ActorID is the "actor_id" field, an integer; nil means absent (null).
	ActorID *int64 `avro:"actor_id,optional"`
}

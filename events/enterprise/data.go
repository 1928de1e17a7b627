package enterprise

import (
	"time"

	"github.com/google/uuid"
	"github.com/openedx-go/eventbus/events"
)

// SubsidyRedemption is the payload of SubsidyRedeemed and SubsidyRedemptionReversed.
type SubsidyRedemption struct {
	// SubsidyIdentifier is the "subsidy_identifier" field, a string.
	SubsidyIdentifier string `avro:"subsidy_identifier"`

	// ContentKey is the "content_key" field, a string.
	ContentKey string `avro:"content_key"`

	// LMSUserID is the "lms_user_id" field, an integer.
	LMSUserID int64 `avro:"lms_user_id"`
}

// BaseLedgerTransaction holds the first fields of LedgerTransaction and
// LedgerTransactionReversal. No event carries it directly.
type BaseLedgerTransaction struct {
	// UUID is the "uuid" field, a UUID.
	UUID uuid.UUID `avro:"uuid"`

	// Created is the "created" field, a time.
	Created time.Time `avro:"created"`

	// Modified is the "modified" field, a time.
	Modified time.Time `avro:"modified"`

	// IdempotencyKey is the "idempotency_key" field, a string.
	IdempotencyKey string `avro:"idempotency_key"`

	// Quantity is the "quantity" field, an integer.
	Quantity int64 `avro:"quantity"`

	// State is the "state" field, a string.
	State string `avro:"state"`
}

// LedgerTransactionReversal is a record nested in LedgerTransaction. It starts with the
// fields of BaseLedgerTransaction.
type LedgerTransactionReversal struct {
	// UUID is the "uuid" field, a UUID.
	UUID uuid.UUID `avro:"uuid"`

	// Created is the "created" field, a time.
	Created time.Time `avro:"created"`

	// Modified is the "modified" field, a time.
	Modified time.Time `avro:"modified"`

	// IdempotencyKey is the "idempotency_key" field, a string.
	IdempotencyKey string `avro:"idempotency_key"`

	// Quantity is the "quantity" field, an integer.
	Quantity int64 `avro:"quantity"`

	// State is the "state" field, a string.
	State string `avro:"state"`
}

// LedgerTransaction is the payload of LedgerTransactionCreated,
// LedgerTransactionCommitted, LedgerTransactionFailed and LedgerTransactionReversed. It
// starts with the fields of BaseLedgerTransaction.
type LedgerTransaction struct {
	// UUID is the "uuid" field, a UUID.
	UUID uuid.UUID `avro:"uuid"`

	// Created is the "created" field, a time.
	Created time.Time `avro:"created"`

	// Modified is the "modified" field, a time.
	Modified time.Time `avro:"modified"`

	// IdempotencyKey is the "idempotency_key" field, a string.
	IdempotencyKey string `avro:"idempotency_key"`

	// Quantity is the "quantity" field, an integer.
	Quantity int64 `avro:"quantity"`

	// State is the "state" field, a string.
	State string `avro:"state"`

	// LedgerUUID is the "ledger_uuid" field, a UUID.
	LedgerUUID uuid.UUID `avro:"ledger_uuid"`

	// SubsidyAccessPolicyUUID is the "subsidy_access_policy_uuid" field, a UUID.
	SubsidyAccessPolicyUUID uuid.UUID `avro:"subsidy_access_policy_uuid"`

	// LMSUserID is the "lms_user_id" field, an integer.
	LMSUserID int64 `avro:"lms_user_id"`

	// ContentKey is the "content_key" field, a course key.
	ContentKey events.CourseKey `avro:"content_key"`

	// ParentContentKey is the "parent_content_key" field, a string; nil means absent
	// (null).
	ParentContentKey *string `avro:"parent_content_key,optional"`

	// FulfillmentIdentifier is the "fulfillment_identifier" field, a string; nil means
	// absent (null).
	FulfillmentIdentifier *string `avro:"fulfillment_identifier,optional"`

	// Reversal is the "reversal" field, a LedgerTransactionReversal; nil means absent
	// (null).
	Reversal *LedgerTransactionReversal `avro:"reversal,optional"`
}

// EnterpriseCustomerUser is a record nested in EnterpriseCourseEnrollment.
type EnterpriseCustomerUser struct {
	// ID is the "id" field, an integer.
	ID int64 `avro:"id"`

	// Created is the "created" field, a time.
	Created time.Time `avro:"created"`

	// Modified is the "modified" field, a time.
	Modified time.Time `avro:"modified"`

	// EnterpriseCustomerUUID is the "enterprise_customer_uuid" field, a UUID.
	EnterpriseCustomerUUID uuid.UUID `avro:"enterprise_customer_uuid"`

	// UserID is the "user_id" field, an integer.
	UserID int64 `avro:"user_id"`

	// Active is the "active" field, a boolean.
	Active bool `avro:"active"`

	// Linked is the "linked" field, a boolean.
	Linked bool `avro:"linked"`

	// IsRelinkable is the "is_relinkable" field, a boolean.
	IsRelinkable bool `avro:"is_relinkable"`

	// ShouldInactivateOtherCustomers is the "should_inactivate_other_customers" field, a
	// boolean.
	ShouldInactivateOtherCustomers bool `avro:"should_inactivate_other_customers"`

	// InviteKey is the "invite_key" field, a UUID; nil means absent (null).
	InviteKey *uuid.UUID `avro:"invite_key,optional"`
}

// EnterpriseCourseEnrollment is a record nested in BaseEnterpriseFulfillment,
// LearnerCreditEnterpriseCourseEnrollment and LicensedEnterpriseCourseEnrollment.
type EnterpriseCourseEnrollment struct {
	// ID is the "id" field, an integer.
	ID int64 `avro:"id"`

	// Created is the "created" field, a time.
	Created time.Time `avro:"created"`

	// Modified is the "modified" field, a time.
	Modified time.Time `avro:"modified"`

	// EnterpriseCustomerUser is the "enterprise_customer_user" field, a
	// EnterpriseCustomerUser.
	EnterpriseCustomerUser EnterpriseCustomerUser `avro:"enterprise_customer_user"`

	// CourseID is the "course_id" field, a course key.
	CourseID events.CourseKey `avro:"course_id"`

	// SavedForLater is the "saved_for_later" field, a boolean.
	SavedForLater bool `avro:"saved_for_later"`

	// SourceSlug is the "source_slug" field, a string; nil means absent (null).
	SourceSlug *string `avro:"source_slug,optional"`

	// Unenrolled is the "unenrolled" field, a boolean; nil means absent (null).
	Unenrolled *bool `avro:"unenrolled,optional"`

	// UnenrolledAt is the "unenrolled_at" field, a time; nil means absent (null).
	UnenrolledAt *time.Time `avro:"unenrolled_at,optional"`
}

// BaseEnterpriseFulfillment holds the first fields of
// LearnerCreditEnterpriseCourseEnrollment and LicensedEnterpriseCourseEnrollment. No
// event carries it directly.
type BaseEnterpriseFulfillment struct {
	// UUID is the "uuid" field, a UUID.
	UUID uuid.UUID `avro:"uuid"`

	// Created is the "created" field, a time.
	Created time.Time `avro:"created"`

	// Modified is the "modified" field, a time.
	Modified time.Time `avro:"modified"`

	// FulfillmentType is the "fulfillment_type" field, a string.
	FulfillmentType string `avro:"fulfillment_type"`

	// IsRevoked is the "is_revoked" field, a boolean.
	IsRevoked bool `avro:"is_revoked"`

	// EnterpriseCourseEntitlementUUID is the "enterprise_course_entitlement_uuid" field, a
	// UUID; nil means absent (null).
	EnterpriseCourseEntitlementUUID *uuid.UUID `avro:"enterprise_course_entitlement_uuid,optional"`

	// EnterpriseCourseEnrollment is the "enterprise_course_enrollment" field, a
	// EnterpriseCourseEnrollment; nil means absent (null).
	EnterpriseCourseEnrollment *EnterpriseCourseEnrollment `avro:"enterprise_course_enrollment,optional"`
}

// LearnerCreditEnterpriseCourseEnrollment is the payload of
// LearnerCreditCourseEnrollmentRevoked. It starts with the fields of
// BaseEnterpriseFulfillment.
type LearnerCreditEnterpriseCourseEnrollment struct {
	// UUID is the "uuid" field, a UUID.
	UUID uuid.UUID `avro:"uuid"`

	// Created is the "created" field, a time.
	Created time.Time `avro:"created"`

	// Modified is the "modified" field, a time.
	Modified time.Time `avro:"modified"`

	// FulfillmentType is the "fulfillment_type" field, a string.
	FulfillmentType string `avro:"fulfillment_type"`

	// IsRevoked is the "is_revoked" field, a boolean.
	IsRevoked bool `avro:"is_revoked"`

	// EnterpriseCourseEntitlementUUID is the "enterprise_course_entitlement_uuid" field, a
	// UUID; nil means absent (null).
	EnterpriseCourseEntitlementUUID *uuid.UUID `avro:"enterprise_course_entitlement_uuid,optional"`

	// EnterpriseCourseEnrollment is the "enterprise_course_enrollment" field, a
	// EnterpriseCourseEnrollment; nil means absent (null).
	EnterpriseCourseEnrollment *EnterpriseCourseEnrollment `avro:"enterprise_course_enrollment,optional"`

	// TransactionID is the "transaction_id" field, a UUID; nil means absent (null).
	TransactionID *uuid.UUID `avro:"transaction_id,optional"`
}

// LicensedEnterpriseCourseEnrollment is a data class of the enterprise subdomain that
// no event carries directly. It starts with the fields of BaseEnterpriseFulfillment.
type LicensedEnterpriseCourseEnrollment struct {
	// UUID is the "uuid" field, a UUID.
	UUID uuid.UUID `avro:"uuid"`

	// Created is the "created" field, a time.
	Created time.Time `avro:"created"`

	// Modified is the "modified" field, a time.
	Modified time.Time `avro:"modified"`

	// FulfillmentType is the "fulfillment_type" field, a string.
	FulfillmentType string `avro:"fulfillment_type"`

	// IsRevoked is the "is_revoked" field, a boolean.
	IsRevoked bool `avro:"is_revoked"`

	// EnterpriseCourseEntitlementUUID is the "enterprise_course_entitlement_uuid" field, a
	// UUID; nil means absent (null).
	EnterpriseCourseEntitlementUUID *uuid.UUID `avro:"enterprise_course_entitlement_uuid,optional"`

	// EnterpriseCourseEnrollment is the "enterprise_course_enrollment" field, a
	// EnterpriseCourseEnrollment; nil means absent (null).
	EnterpriseCourseEnrollment *EnterpriseCourseEnrollment `avro:"enterprise_course_enrollment,optional"`

	// LicenseUUID is the "license_uuid" field, a UUID; nil means absent (null).
	LicenseUUID *uuid.UUID `avro:"license_uuid,optional"`
}

// EnterpriseGroup is the payload of EnterpriseGroupDeleted.
type EnterpriseGroup struct {
	// UUID is the "uuid" field, a UUID.
	UUID uuid.UUID `avro:"uuid"`
}

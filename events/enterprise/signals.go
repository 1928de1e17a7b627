package enterprise

import "github.com/openedx-go/eventbus/events"

// The event definitions of the enterprise subdomain.
var (
	// SubsidyRedeemed is the event "org.openedx.enterprise.subsidy.redeemed.v1"
	// (SUBSIDY_REDEEMED in openedx-events). Its payload, of type SubsidyRedemption, is
	// under the key "redemption". No default event key field is documented.
	SubsidyRedeemed = events.NewSignal[SubsidyRedemption](events.Spec{
		EventType:    "org.openedx.enterprise.subsidy.redeemed.v1",
		Name:         "SubsidyRedeemed",
		Subdomain:    "enterprise",
		MinorVersion: 0,
		PayloadKey:   "redemption",
	})

	// SubsidyRedemptionReversed is the event
	// "org.openedx.enterprise.subsidy.redemption-reversed.v1" (SUBSIDY_REDEMPTION_REVERSED
	// in openedx-events). Its payload, of type SubsidyRedemption, is under the key
	// "redemption". No default event key field is documented.
	SubsidyRedemptionReversed = events.NewSignal[SubsidyRedemption](events.Spec{
		EventType:    "org.openedx.enterprise.subsidy.redemption-reversed.v1",
		Name:         "SubsidyRedemptionReversed",
		Subdomain:    "enterprise",
		MinorVersion: 0,
		PayloadKey:   "redemption",
	})

	// LedgerTransactionCreated is the event
	// "org.openedx.enterprise.subsidy_ledger_transaction.created.v1"
	// (LEDGER_TRANSACTION_CREATED in openedx-events). Its payload, of type
	// LedgerTransaction, is under the key "ledger_transaction". No default event key field
	// is documented.
	LedgerTransactionCreated = events.NewSignal[LedgerTransaction](events.Spec{
		EventType:    "org.openedx.enterprise.subsidy_ledger_transaction.created.v1",
		Name:         "LedgerTransactionCreated",
		Subdomain:    "enterprise",
		MinorVersion: 0,
		PayloadKey:   "ledger_transaction",
	})

	// LedgerTransactionCommitted is the event
	// "org.openedx.enterprise.subsidy_ledger_transaction.committed.v1"
	// (LEDGER_TRANSACTION_COMMITTED in openedx-events). Its payload, of type
	// LedgerTransaction, is under the key "ledger_transaction". No default event key field
	// is documented.
	LedgerTransactionCommitted = events.NewSignal[LedgerTransaction](events.Spec{
		EventType:    "org.openedx.enterprise.subsidy_ledger_transaction.committed.v1",
		Name:         "LedgerTransactionCommitted",
		Subdomain:    "enterprise",
		MinorVersion: 0,
		PayloadKey:   "ledger_transaction",
	})

	// LedgerTransactionFailed is the event
	// "org.openedx.enterprise.subsidy_ledger_transaction.failed.v1"
	// (LEDGER_TRANSACTION_FAILED in openedx-events). Its payload, of type
	// LedgerTransaction, is under the key "ledger_transaction". No default event key field
	// is documented.
	LedgerTransactionFailed = events.NewSignal[LedgerTransaction](events.Spec{
		EventType:    "org.openedx.enterprise.subsidy_ledger_transaction.failed.v1",
		Name:         "LedgerTransactionFailed",
		Subdomain:    "enterprise",
		MinorVersion: 0,
		PayloadKey:   "ledger_transaction",
	})

	// LedgerTransactionReversed is the event
	// "org.openedx.enterprise.subsidy_ledger_transaction.reversed.v1"
	// (LEDGER_TRANSACTION_REVERSED in openedx-events). Its payload, of type
	// LedgerTransaction, is under the key "ledger_transaction". No default event key field
	// is documented.
	LedgerTransactionReversed = events.NewSignal[LedgerTransaction](events.Spec{
		EventType:    "org.openedx.enterprise.subsidy_ledger_transaction.reversed.v1",
		Name:         "LedgerTransactionReversed",
		Subdomain:    "enterprise",
		MinorVersion: 0,
		PayloadKey:   "ledger_transaction",
	})

	// LearnerCreditCourseEnrollmentRevoked is the event
	// "org.openedx.enterprise.learner_credit_course_enrollment.revoked.v1"
	// (LEARNER_CREDIT_COURSE_ENROLLMENT_REVOKED in openedx-events). Its payload, of type
	// LearnerCreditEnterpriseCourseEnrollment, is under the key
	// "learner_credit_course_enrollment". No default event key field is documented.
	LearnerCreditCourseEnrollmentRevoked = events.NewSignal[LearnerCreditEnterpriseCourseEnrollment](events.Spec{
		EventType:    "org.openedx.enterprise.learner_credit_course_enrollment.revoked.v1",
		Name:         "LearnerCreditCourseEnrollmentRevoked",
		Subdomain:    "enterprise",
		MinorVersion: 0,
		PayloadKey:   "learner_credit_course_enrollment",
	})

	// EnterpriseGroupDeleted is the event
	// "org.openedx.enterprise.enterprise_group.deleted.v1" (ENTERPRISE_GROUP_DELETED in
	// openedx-events). Its payload, of type EnterpriseGroup, is under the key
	// "enterprise_group". No default event key field is documented.
	EnterpriseGroupDeleted = events.NewSignal[EnterpriseGroup](events.Spec{
		EventType:    "org.openedx.enterprise.enterprise_group.deleted.v1",
		Name:         "EnterpriseGroupDeleted",
		Subdomain:    "enterprise",
		MinorVersion: 0,
		PayloadKey:   "enterprise_group",
	})
)

// Definitions returns the event definitions of the enterprise subdomain in
// declaration order.
func Definitions() []events.Definition {
	return []events.Definition{
		SubsidyRedeemed,
		SubsidyRedemptionReversed,
		LedgerTransactionCreated,
		LedgerTransactionCommitted,
		LedgerTransactionFailed,
		LedgerTransactionReversed,
		LearnerCreditCourseEnrollmentRevoked,
		EnterpriseGroupDeleted,
	}
}

package learning

import "github.com/openedx-go/eventbus/events"

// The event definitions of the learning subdomain.
var (
	// StudentRegistrationCompleted is the event
	// "org.openedx.learning.student.registration.completed.v1"
	// (STUDENT_REGISTRATION_COMPLETED in openedx-events). Its payload, of type UserData,
	// is under the key "user". The documented event key field is "user.pii.username".
	StudentRegistrationCompleted = events.NewSignal[UserData](events.Spec{
		EventType:       "org.openedx.learning.student.registration.completed.v1",
		Name:            "StudentRegistrationCompleted",
		Subdomain:       "learning",
		MinorVersion:    0,
		PayloadKey:      "user",
		DefaultKeyField: "user.pii.username",
	})

	// SessionLoginCompleted is the event
	// "org.openedx.learning.auth.session.login.completed.v1" (SESSION_LOGIN_COMPLETED in
	// openedx-events). Its payload, of type UserData, is under the key "user". The
	// documented event key field is "user.pii.username".
	SessionLoginCompleted = events.NewSignal[UserData](events.Spec{
		EventType:       "org.openedx.learning.auth.session.login.completed.v1",
		Name:            "SessionLoginCompleted",
		Subdomain:       "learning",
		MinorVersion:    0,
		PayloadKey:      "user",
		DefaultKeyField: "user.pii.username",
	})

	// CourseEnrollmentCreated is the event
	// "org.openedx.learning.course.enrollment.created.v1" (COURSE_ENROLLMENT_CREATED in
	// openedx-events). Its payload, of type CourseEnrollmentData, is under the key
	// "enrollment". The documented event key field is "enrollment.course.course_key".
	CourseEnrollmentCreated = events.NewSignal[CourseEnrollmentData](events.Spec{
		EventType:       "org.openedx.learning.course.enrollment.created.v1",
		Name:            "CourseEnrollmentCreated",
		Subdomain:       "learning",
		MinorVersion:    0,
		PayloadKey:      "enrollment",
		DefaultKeyField: "enrollment.course.course_key",
	})

	// CourseEnrollmentChanged is the event
	// "org.openedx.learning.course.enrollment.changed.v1" (COURSE_ENROLLMENT_CHANGED in
	// openedx-events). Its payload, of type CourseEnrollmentData, is under the key
	// "enrollment". The documented event key field is "enrollment.course.course_key".
	CourseEnrollmentChanged = events.NewSignal[CourseEnrollmentData](events.Spec{
		EventType:       "org.openedx.learning.course.enrollment.changed.v1",
		Name:            "CourseEnrollmentChanged",
		Subdomain:       "learning",
		MinorVersion:    0,
		PayloadKey:      "enrollment",
		DefaultKeyField: "enrollment.course.course_key",
	})

	// CourseUnenrollmentCompleted is the event
	// "org.openedx.learning.course.unenrollment.completed.v1"
	// (COURSE_UNENROLLMENT_COMPLETED in openedx-events). Its payload, of type
	// CourseEnrollmentData, is under the key "enrollment". The documented event key field
	// is "enrollment.course.course_key".
	CourseUnenrollmentCompleted = events.NewSignal[CourseEnrollmentData](events.Spec{
		EventType:       "org.openedx.learning.course.unenrollment.completed.v1",
		Name:            "CourseUnenrollmentCompleted",
		Subdomain:       "learning",
		MinorVersion:    0,
		PayloadKey:      "enrollment",
		DefaultKeyField: "enrollment.course.course_key",
	})

	// CertificateCreated is the event "org.openedx.learning.certificate.created.v1"
	// (CERTIFICATE_CREATED in openedx-events). Its payload, of type CertificateData, is
	// under the key "certificate". The documented event key field is
	// "certificate.course.course_key".
	CertificateCreated = events.NewSignal[CertificateData](events.Spec{
		EventType:       "org.openedx.learning.certificate.created.v1",
		Name:            "CertificateCreated",
		Subdomain:       "learning",
		MinorVersion:    0,
		PayloadKey:      "certificate",
		DefaultKeyField: "certificate.course.course_key",
	})

	// ProgramCertificateAwarded is the event
	// "org.openedx.learning.program.certificate.awarded.v1" (PROGRAM_CERTIFICATE_AWARDED
	// in openedx-events). Its payload, of type ProgramCertificateData, is under the key
	// "program_certificate". The documented event key field is
	// "program_certificate.program.uuid".
	ProgramCertificateAwarded = events.NewSignal[ProgramCertificateData](events.Spec{
		EventType:       "org.openedx.learning.program.certificate.awarded.v1",
		Name:            "ProgramCertificateAwarded",
		Subdomain:       "learning",
		MinorVersion:    0,
		PayloadKey:      "program_certificate",
		DefaultKeyField: "program_certificate.program.uuid",
	})

	// CertificateChanged is the event "org.openedx.learning.certificate.changed.v1"
	// (CERTIFICATE_CHANGED in openedx-events). Its payload, of type CertificateData, is
	// under the key "certificate". No default event key field is documented.
	CertificateChanged = events.NewSignal[CertificateData](events.Spec{
		EventType:    "org.openedx.learning.certificate.changed.v1",
		Name:         "CertificateChanged",
		Subdomain:    "learning",
		MinorVersion: 0,
		PayloadKey:   "certificate",
	})

	// CertificateRevoked is the event "org.openedx.learning.certificate.revoked.v1"
	// (CERTIFICATE_REVOKED in openedx-events). Its payload, of type CertificateData, is
	// under the key "certificate". The documented event key field is
	// "certificate.course.course_key".
	CertificateRevoked = events.NewSignal[CertificateData](events.Spec{
		EventType:       "org.openedx.learning.certificate.revoked.v1",
		Name:            "CertificateRevoked",
		Subdomain:       "learning",
		MinorVersion:    0,
		PayloadKey:      "certificate",
		DefaultKeyField: "certificate.course.course_key",
	})

	// ProgramCertificateRevoked is the event
	// "org.openedx.learning.program.certificate.revoked.v1" (PROGRAM_CERTIFICATE_REVOKED
	// in openedx-events). Its payload, of type ProgramCertificateData, is under the key
	// "program_certificate". The documented event key field is
	// "program_certificate.program.uuid".
	ProgramCertificateRevoked = events.NewSignal[ProgramCertificateData](events.Spec{
		EventType:       "org.openedx.learning.program.certificate.revoked.v1",
		Name:            "ProgramCertificateRevoked",
		Subdomain:       "learning",
		MinorVersion:    0,
		PayloadKey:      "program_certificate",
		DefaultKeyField: "program_certificate.program.uuid",
	})

	// CohortMembershipChanged is the event
	// "org.openedx.learning.cohort_membership.changed.v1" (COHORT_MEMBERSHIP_CHANGED in
	// openedx-events). Its payload, of type CohortData, is under the key "cohort". No
	// default event key field is documented.
	CohortMembershipChanged = events.NewSignal[CohortData](events.Spec{
		EventType:    "org.openedx.learning.cohort_membership.changed.v1",
		Name:         "CohortMembershipChanged",
		Subdomain:    "learning",
		MinorVersion: 0,
		PayloadKey:   "cohort",
	})

	// CourseDiscussionsChanged is the event
	// "org.openedx.learning.discussions.configuration.changed.v1"
	// (COURSE_DISCUSSIONS_CHANGED in openedx-events). Its payload, of type
	// CourseDiscussionConfigurationData, is under the key "configuration". No default
	// event key field is documented.
	CourseDiscussionsChanged = events.NewSignal[CourseDiscussionConfigurationData](events.Spec{
		EventType:    "org.openedx.learning.discussions.configuration.changed.v1",
		Name:         "CourseDiscussionsChanged",
		Subdomain:    "learning",
		MinorVersion: 0,
		PayloadKey:   "configuration",
	})

	// PersistentGradeSummaryChanged is the event
	// "org.openedx.learning.course.persistent_grade_summary.changed.v1"
	// (PERSISTENT_GRADE_SUMMARY_CHANGED in openedx-events). Its payload, of type
	// PersistentCourseGradeData, is under the key "grade". No default event key field is
	// documented.
	PersistentGradeSummaryChanged = events.NewSignal[PersistentCourseGradeData](events.Spec{
		EventType:    "org.openedx.learning.course.persistent_grade_summary.changed.v1",
		Name:         "PersistentGradeSummaryChanged",
		Subdomain:    "learning",
		MinorVersion: 0,
		PayloadKey:   "grade",
	})

	// XBlockSkillVerified is the event "org.openedx.learning.xblock.skill.verified.v1"
	// (XBLOCK_SKILL_VERIFIED in openedx-events). Its payload, of type
	// XBlockSkillVerificationData, is under the key "xblock_info". The documented event
	// key field is "xblock_info.usage_key".
	XBlockSkillVerified = events.NewSignal[XBlockSkillVerificationData](events.Spec{
		EventType:       "org.openedx.learning.xblock.skill.verified.v1",
		Name:            "XBlockSkillVerified",
		Subdomain:       "learning",
		MinorVersion:    0,
		PayloadKey:      "xblock_info",
		DefaultKeyField: "xblock_info.usage_key",
	})

	// UserNotificationRequested is the event
	// "org.openedx.learning.user.notification.requested.v1" (USER_NOTIFICATION_REQUESTED
	// in openedx-events). Its payload, of type UserNotificationData, is under the key
	// "notification_data". No default event key field is documented.
	UserNotificationRequested = events.NewSignal[UserNotificationData](events.Spec{
		EventType:    "org.openedx.learning.user.notification.requested.v1",
		Name:         "UserNotificationRequested",
		Subdomain:    "learning",
		MinorVersion: 0,
		PayloadKey:   "notification_data",
	})

	// ExamAttemptSubmitted is the event "org.openedx.learning.exam.attempt.submitted.v1"
	// (EXAM_ATTEMPT_SUBMITTED in openedx-events). Its payload, of type ExamAttemptData, is
	// under the key "exam_attempt". No default event key field is documented.
	ExamAttemptSubmitted = events.NewSignal[ExamAttemptData](events.Spec{
		EventType:    "org.openedx.learning.exam.attempt.submitted.v1",
		Name:         "ExamAttemptSubmitted",
		Subdomain:    "learning",
		MinorVersion: 0,
		PayloadKey:   "exam_attempt",
	})

	// ExamAttemptRejected is the event "org.openedx.learning.exam.attempt.rejected.v1"
	// (EXAM_ATTEMPT_REJECTED in openedx-events). Its payload, of type ExamAttemptData, is
	// under the key "exam_attempt". No default event key field is documented.
	ExamAttemptRejected = events.NewSignal[ExamAttemptData](events.Spec{
		EventType:    "org.openedx.learning.exam.attempt.rejected.v1",
		Name:         "ExamAttemptRejected",
		Subdomain:    "learning",
		MinorVersion: 0,
		PayloadKey:   "exam_attempt",
	})

	// ExamAttemptVerified is the event "org.openedx.learning.exam.attempt.verified.v1"
	// (EXAM_ATTEMPT_VERIFIED in openedx-events). Its payload, of type ExamAttemptData, is
	// under the key "exam_attempt". No default event key field is documented.
	ExamAttemptVerified = events.NewSignal[ExamAttemptData](events.Spec{
		EventType:    "org.openedx.learning.exam.attempt.verified.v1",
		Name:         "ExamAttemptVerified",
		Subdomain:    "learning",
		MinorVersion: 0,
		PayloadKey:   "exam_attempt",
	})

	// ExamAttemptErrored is the event "org.openedx.learning.exam.attempt.errored.v1"
	// (EXAM_ATTEMPT_ERRORED in openedx-events). Its payload, of type ExamAttemptData, is
	// under the key "exam_attempt". No default event key field is documented.
	ExamAttemptErrored = events.NewSignal[ExamAttemptData](events.Spec{
		EventType:    "org.openedx.learning.exam.attempt.errored.v1",
		Name:         "ExamAttemptErrored",
		Subdomain:    "learning",
		MinorVersion: 0,
		PayloadKey:   "exam_attempt",
	})

	// ExamAttemptReset is the event "org.openedx.learning.exam.attempt.reset.v1"
	// (EXAM_ATTEMPT_RESET in openedx-events). Its payload, of type ExamAttemptData, is
	// under the key "exam_attempt". No default event key field is documented.
	ExamAttemptReset = events.NewSignal[ExamAttemptData](events.Spec{
		EventType:    "org.openedx.learning.exam.attempt.reset.v1",
		Name:         "ExamAttemptReset",
		Subdomain:    "learning",
		MinorVersion: 0,
		PayloadKey:   "exam_attempt",
	})

	// CourseAccessRoleAdded is the event
	// "org.openedx.learning.user.course_access_role.added.v1" (COURSE_ACCESS_ROLE_ADDED in
	// openedx-events). Its payload, of type CourseAccessRoleData, is under the key
	// "course_access_role_data". The documented event key field is
	// "course_access_role_data.course_key".
	CourseAccessRoleAdded = events.NewSignal[CourseAccessRoleData](events.Spec{
		EventType:       "org.openedx.learning.user.course_access_role.added.v1",
		Name:            "CourseAccessRoleAdded",
		Subdomain:       "learning",
		MinorVersion:    0,
		PayloadKey:      "course_access_role_data",
		DefaultKeyField: "course_access_role_data.course_key",
	})

	// CourseAccessRoleRemoved is the event
	// "org.openedx.learning.user.course_access_role.removed.v1"
	// (COURSE_ACCESS_ROLE_REMOVED in openedx-events). Its payload, of type
	// CourseAccessRoleData, is under the key "course_access_role_data". The documented
	// event key field is "course_access_role_data.course_key".
	CourseAccessRoleRemoved = events.NewSignal[CourseAccessRoleData](events.Spec{
		EventType:       "org.openedx.learning.user.course_access_role.removed.v1",
		Name:            "CourseAccessRoleRemoved",
		Subdomain:       "learning",
		MinorVersion:    0,
		PayloadKey:      "course_access_role_data",
		DefaultKeyField: "course_access_role_data.course_key",
	})

	// ForumThreadCreated is the event "org.openedx.learning.forum.thread.created.v1"
	// (FORUM_THREAD_CREATED in openedx-events). Its payload, of type DiscussionThreadData,
	// is under the key "thread". No default event key field is documented.
	ForumThreadCreated = events.NewSignal[DiscussionThreadData](events.Spec{
		EventType:    "org.openedx.learning.forum.thread.created.v1",
		Name:         "ForumThreadCreated",
		Subdomain:    "learning",
		MinorVersion: 0,
		PayloadKey:   "thread",
	})

	// ForumThreadResponseCreated is the event
	// "org.openedx.learning.forum.thread.response.created.v1"
	// (FORUM_THREAD_RESPONSE_CREATED in openedx-events). Its payload, of type
	// DiscussionThreadData, is under the key "thread". No default event key field is
	// documented.
	ForumThreadResponseCreated = events.NewSignal[DiscussionThreadData](events.Spec{
		EventType:    "org.openedx.learning.forum.thread.response.created.v1",
		Name:         "ForumThreadResponseCreated",
		Subdomain:    "learning",
		MinorVersion: 0,
		PayloadKey:   "thread",
	})

	// ForumResponseCommentCreated is the event
	// "org.openedx.learning.forum.thread.response.comment.created.v1"
	// (FORUM_RESPONSE_COMMENT_CREATED in openedx-events). Its payload, of type
	// DiscussionThreadData, is under the key "thread". No default event key field is
	// documented.
	ForumResponseCommentCreated = events.NewSignal[DiscussionThreadData](events.Spec{
		EventType:    "org.openedx.learning.forum.thread.response.comment.created.v1",
		Name:         "ForumResponseCommentCreated",
		Subdomain:    "learning",
		MinorVersion: 0,
		PayloadKey:   "thread",
	})

	// CourseNotificationRequested is the event
	// "org.openedx.learning.course.notification.requested.v1"
	// (COURSE_NOTIFICATION_REQUESTED in openedx-events). Its payload, of type
	// CourseNotificationData, is under the key "course_notification_data". No default
	// event key field is documented.
	CourseNotificationRequested = events.NewSignal[CourseNotificationData](events.Spec{
		EventType:    "org.openedx.learning.course.notification.requested.v1",
		Name:         "CourseNotificationRequested",
		Subdomain:    "learning",
		MinorVersion: 0,
		PayloadKey:   "course_notification_data",
	})

	// ORASubmissionCreated is the event "org.openedx.learning.ora.submission.created.v1"
	// (ORA_SUBMISSION_CREATED in openedx-events). Its payload, of type ORASubmissionData,
	// is under the key "submission". No default event key field is documented.
	ORASubmissionCreated = events.NewSignal[ORASubmissionData](events.Spec{
		EventType:    "org.openedx.learning.ora.submission.created.v1",
		Name:         "ORASubmissionCreated",
		Subdomain:    "learning",
		MinorVersion: 0,
		PayloadKey:   "submission",
	})

	// CoursePassingStatusUpdated is the event
	// "org.openedx.learning.course.passing.status.updated.v1"
	// (COURSE_PASSING_STATUS_UPDATED in openedx-events). Its payload, of type
	// CoursePassingStatusData, is under the key "course_passing_status". No default event
	// key field is documented.
	CoursePassingStatusUpdated = events.NewSignal[CoursePassingStatusData](events.Spec{
		EventType:    "org.openedx.learning.course.passing.status.updated.v1",
		Name:         "CoursePassingStatusUpdated",
		Subdomain:    "learning",
		MinorVersion: 0,
		PayloadKey:   "course_passing_status",
	})

	// CCXCoursePassingStatusUpdated is the event
	// "org.openedx.learning.ccx.course.passing.status.updated.v1"
	// (CCX_COURSE_PASSING_STATUS_UPDATED in openedx-events). Its payload, of type
	// CCXCoursePassingStatusData, is under the key "course_passing_status". No default
	// event key field is documented.
	CCXCoursePassingStatusUpdated = events.NewSignal[CCXCoursePassingStatusData](events.Spec{
		EventType:    "org.openedx.learning.ccx.course.passing.status.updated.v1",
		Name:         "CCXCoursePassingStatusUpdated",
		Subdomain:    "learning",
		MinorVersion: 0,
		PayloadKey:   "course_passing_status",
	})

	// BadgeAwarded is the event "org.openedx.learning.badge.awarded.v1" (BADGE_AWARDED in
	// openedx-events). Its payload, of type BadgeData, is under the key "badge". No
	// default event key field is documented.
	BadgeAwarded = events.NewSignal[BadgeData](events.Spec{
		EventType:    "org.openedx.learning.badge.awarded.v1",
		Name:         "BadgeAwarded",
		Subdomain:    "learning",
		MinorVersion: 0,
		PayloadKey:   "badge",
	})

	// BadgeRevoked is the event "org.openedx.learning.badge.revoked.v1" (BADGE_REVOKED in
	// openedx-events). Its payload, of type BadgeData, is under the key "badge". No
	// default event key field is documented.
	BadgeRevoked = events.NewSignal[BadgeData](events.Spec{
		EventType:    "org.openedx.learning.badge.revoked.v1",
		Name:         "BadgeRevoked",
		Subdomain:    "learning",
		MinorVersion: 0,
		PayloadKey:   "badge",
	})

	// IDVAttemptCreated is the event "org.openedx.learning.idv_attempt.created.v1"
	// (IDV_ATTEMPT_CREATED in openedx-events). Its payload, of type
	// VerificationAttemptData, is under the key "idv_attempt". No default event key field
	// is documented.
	IDVAttemptCreated = events.NewSignal[VerificationAttemptData](events.Spec{
		EventType:    "org.openedx.learning.idv_attempt.created.v1",
		Name:         "IDVAttemptCreated",
		Subdomain:    "learning",
		MinorVersion: 0,
		PayloadKey:   "idv_attempt",
	})

	// IDVAttemptPending is the event "org.openedx.learning.idv_attempt.pending.v1"
	// (IDV_ATTEMPT_PENDING in openedx-events). Its payload, of type
	// VerificationAttemptData, is under the key "idv_attempt". No default event key field
	// is documented.
	IDVAttemptPending = events.NewSignal[VerificationAttemptData](events.Spec{
		EventType:    "org.openedx.learning.idv_attempt.pending.v1",
		Name:         "IDVAttemptPending",
		Subdomain:    "learning",
		MinorVersion: 0,
		PayloadKey:   "idv_attempt",
	})

	// IDVAttemptApproved is the event "org.openedx.learning.idv_attempt.approved.v1"
	// (IDV_ATTEMPT_APPROVED in openedx-events). Its payload, of type
	// VerificationAttemptData, is under the key "idv_attempt". No default event key field
	// is documented.
	IDVAttemptApproved = events.NewSignal[VerificationAttemptData](events.Spec{
		EventType:    "org.openedx.learning.idv_attempt.approved.v1",
		Name:         "IDVAttemptApproved",
		Subdomain:    "learning",
		MinorVersion: 0,
		PayloadKey:   "idv_attempt",
	})

	// IDVAttemptDenied is the event "org.openedx.learning.idv_attempt.denied.v1"
	// (IDV_ATTEMPT_DENIED in openedx-events). Its payload, of type
	// VerificationAttemptData, is under the key "idv_attempt". No default event key field
	// is documented.
	IDVAttemptDenied = events.NewSignal[VerificationAttemptData](events.Spec{
		EventType:    "org.openedx.learning.idv_attempt.denied.v1",
		Name:         "IDVAttemptDenied",
		Subdomain:    "learning",
		MinorVersion: 0,
		PayloadKey:   "idv_attempt",
	})

	// ExternalGraderScoreSubmitted is the event
	// "org.openedx.learning.external_grader.score.submitted.v1"
	// (EXTERNAL_GRADER_SCORE_SUBMITTED in openedx-events). Its payload, of type
	// ExternalGraderScoreData, is under the key "score". No default event key field is
	// documented. It is not sendable over the event bus because the Python services keep
	// it in-process: its bus operations return an error wrapping events.ErrNotSendable.
	ExternalGraderScoreSubmitted = events.NewSignal[ExternalGraderScoreData](events.Spec{
		EventType:    "org.openedx.learning.external_grader.score.submitted.v1",
		Name:         "ExternalGraderScoreSubmitted",
		Subdomain:    "learning",
		MinorVersion: 0,
		PayloadKey:   "score",
		LocalOnly:    true,
	})

	// LTIProviderLaunchSuccess is the event
	// "org.openedx.learning.lti_provider.launch.success.v1" (LTI_PROVIDER_LAUNCH_SUCCESS
	// in openedx-events). Its payload, of type LTIProviderLaunchData, is under the key
	// "launch_data". No default event key field is documented.
	LTIProviderLaunchSuccess = events.NewSignal[LTIProviderLaunchData](events.Spec{
		EventType:    "org.openedx.learning.lti_provider.launch.success.v1",
		Name:         "LTIProviderLaunchSuccess",
		Subdomain:    "learning",
		MinorVersion: 0,
		PayloadKey:   "launch_data",
	})
)

// Definitions returns the event definitions of the learning subdomain in
// declaration order.
func Definitions() []events.Definition {
	return []events.Definition{
		StudentRegistrationCompleted,
		SessionLoginCompleted,
		CourseEnrollmentCreated,
		CourseEnrollmentChanged,
		CourseUnenrollmentCompleted,
		CertificateCreated,
		ProgramCertificateAwarded,
		CertificateChanged,
		CertificateRevoked,
		ProgramCertificateRevoked,
		CohortMembershipChanged,
		CourseDiscussionsChanged,
		PersistentGradeSummaryChanged,
		XBlockSkillVerified,
		UserNotificationRequested,
		ExamAttemptSubmitted,
		ExamAttemptRejected,
		ExamAttemptVerified,
		ExamAttemptErrored,
		ExamAttemptReset,
		CourseAccessRoleAdded,
		CourseAccessRoleRemoved,
		ForumThreadCreated,
		ForumThreadResponseCreated,
		ForumResponseCommentCreated,
		CourseNotificationRequested,
		ORASubmissionCreated,
		CoursePassingStatusUpdated,
		CCXCoursePassingStatusUpdated,
		BadgeAwarded,
		BadgeRevoked,
		IDVAttemptCreated,
		IDVAttemptPending,
		IDVAttemptApproved,
		IDVAttemptDenied,
		ExternalGraderScoreSubmitted,
		LTIProviderLaunchSuccess,
	}
}

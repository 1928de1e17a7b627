package learning

import (
	"time"

	"github.com/openedx-go/eventbus/events"
)

// CourseData is a record nested in CertificateData, CohortData, CourseEnrollmentData,
// CoursePassingStatusData and PersistentCourseGradeData.
type CourseData struct {
	// CourseKey is the "course_key" field, a course key.
	CourseKey events.CourseKey `avro:"course_key"`

	// DisplayName is the "display_name" field, a string. The Python class defaults it to
	// "".
	DisplayName string `avro:"display_name"`

	// Start is the "start" field, a time; nil means absent (null).
	Start *time.Time `avro:"start,optional"`

	// End is the "end" field, a time; nil means absent (null).
	End *time.Time `avro:"end,optional"`
}

// UserNonPersonalData holds the first fields of UserData. No event carries it directly.
type UserNonPersonalData struct {
	// ID is the "id" field, an integer.
	ID int64 `avro:"id"`

	// IsActive is the "is_active" field, a boolean.
	IsActive bool `avro:"is_active"`
}

// UserPersonalData is a record nested in UserData.
type UserPersonalData struct {
	// Username is the "username" field, a string.
	Username string `avro:"username"`

	// Email is the "email" field, a string.
	Email string `avro:"email"`

	// Name is the "name" field, a string. The Python class defaults it to "".
	Name string `avro:"name"`
}

// UserData is the payload of StudentRegistrationCompleted and SessionLoginCompleted. It
// is also nested in BadgeData, CCXCoursePassingStatusData, CertificateData, CohortData,
// CourseAccessRoleData, CourseEnrollmentData, CoursePassingStatusData,
// DiscussionThreadData, ExamAttemptData, LTIProviderLaunchData, ProgramCertificateData
// and VerificationAttemptData. It starts with the fields of UserNonPersonalData.
type UserData struct {
	// ID is the "id" field, an integer.
	ID int64 `avro:"id"`

	// IsActive is the "is_active" field, a boolean.
	IsActive bool `avro:"is_active"`

	// PII is the "pii" field, a UserPersonalData.
	PII UserPersonalData `avro:"pii"`
}

// CCXCourseData is a record nested in CCXCoursePassingStatusData. Its Avro record name
// is CcxCourseData.
type CCXCourseData struct {
	// CCXCourseKey is the "ccx_course_key" field, a CCX course key.
	CCXCourseKey events.CCXLocator `avro:"ccx_course_key"`

	// MasterCourseKey is the "master_course_key" field, a course key.
	MasterCourseKey events.CourseKey `avro:"master_course_key"`

	// DisplayName is the "display_name" field, a string. The Python class defaults it to
	// "".
	DisplayName string `avro:"display_name"`

	// CoachEmail is the "coach_email" field, a string. The Python class defaults it to "".
	CoachEmail string `avro:"coach_email"`

	// Start is the "start" field, a string; nil means absent (null).
	Start *string `avro:"start,optional"`

	// End is the "end" field, a string; nil means absent (null).
	End *string `avro:"end,optional"`

	// MaxStudentsAllowed is the "max_students_allowed" field, an integer; nil means absent
	// (null).
	MaxStudentsAllowed *int64 `avro:"max_students_allowed,optional"`
}

// AvroRecordName returns CcxCourseData, the record name in the event schemas.
func (CCXCourseData) AvroRecordName() string { return "CcxCourseData" }

// CourseEnrollmentData is the payload of CourseEnrollmentCreated,
// CourseEnrollmentChanged and CourseUnenrollmentCompleted.
type CourseEnrollmentData struct {
	// User is the "user" field, a UserData.
	User UserData `avro:"user"`

	// Course is the "course" field, a CourseData.
	Course CourseData `avro:"course"`

	// Mode is the "mode" field, a string.
	Mode string `avro:"mode"`

	// IsActive is the "is_active" field, a boolean.
	IsActive bool `avro:"is_active"`

	// CreationDate is the "creation_date" field, a time.
	CreationDate time.Time `avro:"creation_date"`

	// CreatedBy is the "created_by" field, a UserData; nil means absent (null).
	CreatedBy *UserData `avro:"created_by,optional"`
}

// CertificateData is the payload of CertificateCreated, CertificateChanged and
// CertificateRevoked.
type CertificateData struct {
	// User is the "user" field, a UserData.
	User UserData `avro:"user"`

	// Course is the "course" field, a CourseData.
	Course CourseData `avro:"course"`

	// Mode is the "mode" field, a string.
	Mode string `avro:"mode"`

	// Grade is the "grade" field, a string.
	Grade string `avro:"grade"`

	// DownloadURL is the "download_url" field, a string.
	DownloadURL string `avro:"download_url"`

	// Name is the "name" field, a string.
	Name string `avro:"name"`

	// CurrentStatus is the "current_status" field, a string.
	CurrentStatus string `avro:"current_status"`

	// PreviousStatus is the "previous_status" field, a string. The Python class defaults
	// it to "".
	PreviousStatus string `avro:"previous_status"`
}

// CohortData is the payload of CohortMembershipChanged.
type CohortData struct {
	// User is the "user" field, a UserData.
	User UserData `avro:"user"`

	// Course is the "course" field, a CourseData.
	Course CourseData `avro:"course"`

	// Name is the "name" field, a string.
	Name string `avro:"name"`
}

// DiscussionTopicContext is a record nested in CourseDiscussionConfigurationData.
type DiscussionTopicContext struct {
	// Title is the "title" field, a string.
	Title string `avro:"title"`

	// UsageKey is the "usage_key" field, a usage key; nil means absent (null).
	UsageKey *events.UsageKey `avro:"usage_key,optional"`

	// GroupID is the "group_id" field, an integer; nil means absent (null).
	GroupID *int64 `avro:"group_id,optional"`

	// ExternalID is the "external_id" field, a string; nil means absent (null).
	ExternalID *string `avro:"external_id,optional"`

	// Ordering is the "ordering" field, an integer; nil means absent (null).
	Ordering *int64 `avro:"ordering,optional"`

	// Context is the "context" field, a map from strings to strings. The Python class
	// defaults it to an empty map, and nil is sent as empty.
	Context map[string]string `avro:"context"`
}

// CourseDiscussionConfigurationData is the payload of CourseDiscussionsChanged.
type CourseDiscussionConfigurationData struct {
	// CourseKey is the "course_key" field, a course key.
	CourseKey events.CourseKey `avro:"course_key"`

	// ProviderType is the "provider_type" field, a string.
	ProviderType string `avro:"provider_type"`

	// Enabled is the "enabled" field, a boolean. The Python class defaults it to True. Its
	// schema entry declares the default true.
	Enabled bool `avro:"enabled,default=true"`

	// EnableInContext is the "enable_in_context" field, a boolean. The Python class
	// defaults it to True.
	EnableInContext bool `avro:"enable_in_context"`

	// EnableGradedUnits is the "enable_graded_units" field, a boolean. The Python class
	// defaults it to False.
	EnableGradedUnits bool `avro:"enable_graded_units"`

	// UnitLevelVisibility is the "unit_level_visibility" field, a boolean. The Python
	// class defaults it to False.
	UnitLevelVisibility bool `avro:"unit_level_visibility"`

	// PluginConfiguration is the "plugin_configuration" field, a map from strings to
	// booleans. The Python class defaults it to an empty map, and nil is sent as empty.
	PluginConfiguration map[string]bool `avro:"plugin_configuration"`

	// Contexts is the "contexts" field, a list of DiscussionTopicContext values. The
	// Python class defaults it to an empty list, and nil is sent as empty.
	Contexts []DiscussionTopicContext `avro:"contexts"`
}

// PersistentCourseGradeData is the payload of PersistentGradeSummaryChanged.
type PersistentCourseGradeData struct {
	// UserID is the "user_id" field, an integer.
	UserID int64 `avro:"user_id"`

	// Course is the "course" field, a CourseData.
	Course CourseData `avro:"course"`

	// CourseEditedTimestamp is the "course_edited_timestamp" field, a time.
	CourseEditedTimestamp time.Time `avro:"course_edited_timestamp"`

	// CourseVersion is the "course_version" field, a string.
	CourseVersion string `avro:"course_version"`

	// GradingPolicyHash is the "grading_policy_hash" field, a string.
	GradingPolicyHash string `avro:"grading_policy_hash"`

	// PercentGrade is the "percent_grade" field, a number.
	PercentGrade float64 `avro:"percent_grade"`

	// LetterGrade is the "letter_grade" field, a string.
	LetterGrade string `avro:"letter_grade"`

	// PassedTimestamp is the "passed_timestamp" field, a time.
	PassedTimestamp time.Time `avro:"passed_timestamp"`
}

// XBlockSkillVerificationData is the payload of XBlockSkillVerified.
type XBlockSkillVerificationData struct {
	// UsageKey is the "usage_key" field, a usage key.
	UsageKey events.UsageKey `avro:"usage_key"`

	// VerifiedSkills is the "verified_skills" field, a list of integers. The Python class
	// defaults it to an empty list, and nil is sent as empty.
	VerifiedSkills []int64 `avro:"verified_skills"`

	// IgnoredSkills is the "ignored_skills" field, a list of integers. The Python class
	// defaults it to an empty list, and nil is sent as empty.
	IgnoredSkills []int64 `avro:"ignored_skills"`
}

// UserNotificationData is the payload of UserNotificationRequested.
type UserNotificationData struct {
	// UserIDs is the "user_ids" field, a list of integers.
	UserIDs []int64 `avro:"user_ids"`

	// NotificationType is the "notification_type" field, a string.
	NotificationType string `avro:"notification_type"`

	// ContentURL is the "content_url" field, a string.
	ContentURL string `avro:"content_url"`

	// AppName is the "app_name" field, a string.
	AppName string `avro:"app_name"`

	// CourseKey is the "course_key" field, a course key.
	CourseKey events.CourseKey `avro:"course_key"`

	// Context is the "context" field, a map from strings to strings. The Python class
	// defaults it to an empty map, and nil is sent as empty.
	Context map[string]string `avro:"context"`
}

// ProgramData is a record nested in ProgramCertificateData.
type ProgramData struct {
	// UUID is the "uuid" field, a string.
	UUID string `avro:"uuid"`

	// Title is the "title" field, a string.
	Title string `avro:"title"`

	// ProgramType is the "program_type" field, a string.
	ProgramType string `avro:"program_type"`
}

// ProgramCertificateData is the payload of ProgramCertificateAwarded and
// ProgramCertificateRevoked.
type ProgramCertificateData struct {
	// User is the "user" field, a UserData.
	User UserData `avro:"user"`

	// Program is the "program" field, a ProgramData.
	Program ProgramData `avro:"program"`

	// UUID is the "uuid" field, a string.
	UUID string `avro:"uuid"`

	// Status is the "status" field, a string.
	Status string `avro:"status"`

	// URL is the "url" field, a string.
	URL string `avro:"url"`

	// CertificateAvailableDate is the "certificate_available_date" field, a time; nil
	// means absent (null).
	CertificateAvailableDate *time.Time `avro:"certificate_available_date,optional"`
}

// ExamAttemptData is the payload of ExamAttemptSubmitted, ExamAttemptRejected,
// ExamAttemptVerified, ExamAttemptErrored and ExamAttemptReset.
type ExamAttemptData struct {
	// StudentUser is the "student_user" field, a UserData.
	StudentUser UserData `avro:"student_user"`

	// CourseKey is the "course_key" field, a course key.
	CourseKey events.CourseKey `avro:"course_key"`

	// UsageKey is the "usage_key" field, a usage key.
	UsageKey events.UsageKey `avro:"usage_key"`

	// ExamType is the "exam_type" field, a string.
	ExamType string `avro:"exam_type"`

	// RequestingUser is the "requesting_user" field, a UserData; nil means absent (null).
	RequestingUser *UserData `avro:"requesting_user,optional"`
}

// CourseAccessRoleData is the payload of CourseAccessRoleAdded and
// CourseAccessRoleRemoved.
type CourseAccessRoleData struct {
	// User is the "user" field, a UserData.
	User UserData `avro:"user"`

	// OrgKey is the "org_key" field, a string.
	OrgKey string `avro:"org_key"`

	// CourseKey is the "course_key" field, a course key.
	CourseKey events.CourseKey `avro:"course_key"`

	// Role is the "role" field, a string.
	Role string `avro:"role"`
}

// DiscussionThreadData is the payload of ForumThreadCreated, ForumThreadResponseCreated
// and ForumResponseCommentCreated.
type DiscussionThreadData struct {
	// Body is the "body" field, a string.
	Body string `avro:"body"`

	// CommentableID is the "commentable_id" field, a string.
	CommentableID string `avro:"commentable_id"`

	// ID is the "id" field, a string.
	ID string `avro:"id"`

	// Truncated is the "truncated" field, a boolean.
	Truncated bool `avro:"truncated"`

	// URL is the "url" field, a string.
	URL string `avro:"url"`

	// User is the "user" field, a UserData.
	User UserData `avro:"user"`

	// CourseID is the "course_id" field, a course key.
	CourseID events.CourseKey `avro:"course_id"`

	// ThreadType is the "thread_type" field, a string; nil means absent (null).
	ThreadType *string `avro:"thread_type,optional"`

	// Anonymous is the "anonymous" field, a boolean; nil means absent (null).
	Anonymous *bool `avro:"anonymous,optional"`

	// AnonymousToPeers is the "anonymous_to_peers" field, a boolean; nil means absent
	// (null).
	AnonymousToPeers *bool `avro:"anonymous_to_peers,optional"`

	// Title is the "title" field, a string; nil means absent (null).
	Title *string `avro:"title,optional"`

	// TitleTruncated is the "title_truncated" field, a boolean; nil means absent (null).
	TitleTruncated *bool `avro:"title_truncated,optional"`

	// GroupID is the "group_id" field, an integer; nil means absent (null).
	GroupID *int64 `avro:"group_id,optional"`

	// TeamID is the "team_id" field, an integer; nil means absent (null).
	TeamID *int64 `avro:"team_id,optional"`

	// CategoryID is the "category_id" field, an integer; nil means absent (null).
	CategoryID *int64 `avro:"category_id,optional"`

	// CategoryName is the "category_name" field, a string; nil means absent (null).
	CategoryName *string `avro:"category_name,optional"`

	// Discussion is the "discussion" field, a map from strings to strings; nil means
	// absent (null).
	Discussion map[string]string `avro:"discussion,optional"`

	// UserCourseRoles is the "user_course_roles" field, a list of strings. The Python
	// class defaults it to an empty list, and nil is sent as empty.
	UserCourseRoles []string `avro:"user_course_roles"`

	// UserForumsRoles is the "user_forums_roles" field, a list of strings. The Python
	// class defaults it to an empty list, and nil is sent as empty.
	UserForumsRoles []string `avro:"user_forums_roles"`

	// Options is the "options" field, a map from strings to booleans. The Python class
	// defaults it to an empty map, and nil is sent as empty.
	Options map[string]bool `avro:"options"`
}

// CourseNotificationData is the payload of CourseNotificationRequested.
type CourseNotificationData struct {
	// CourseKey is the "course_key" field, a course key.
	CourseKey events.CourseKey `avro:"course_key"`

	// AppName is the "app_name" field, a string.
	AppName string `avro:"app_name"`

	// NotificationType is the "notification_type" field, a string.
	NotificationType string `avro:"notification_type"`

	// ContentURL is the "content_url" field, a string.
	ContentURL string `avro:"content_url"`

	// ContentContext is the "content_context" field, a map from strings to strings. The
	// Python class defaults it to an empty map, and nil is sent as empty.
	ContentContext map[string]string `avro:"content_context"`

	// AudienceFilters is the "audience_filters" field, a map from strings to lists of
	// strings. The Python class defaults it to an empty map, and nil is sent as empty.
	AudienceFilters map[string][]string `avro:"audience_filters"`
}

// ORASubmissionAnswer is a record nested in ORASubmissionData.
type ORASubmissionAnswer struct {
	// Parts is the "parts" field, a list of maps from strings to strings. The Python class
	// defaults it to an empty list, and nil is sent as empty.
	Parts []map[string]string `avro:"parts"`

	// FileKeys is the "file_keys" field, a list of strings. The Python class defaults it
	// to an empty list, and nil is sent as empty.
	FileKeys []string `avro:"file_keys"`

	// FileDescriptions is the "file_descriptions" field, a list of strings. The Python
	// class defaults it to an empty list, and nil is sent as empty.
	FileDescriptions []string `avro:"file_descriptions"`

	// FileNames is the "file_names" field, a list of strings. The Python class defaults it
	// to an empty list, and nil is sent as empty.
	FileNames []string `avro:"file_names"`

	// FileSizes is the "file_sizes" field, a list of integers. The Python class defaults
	// it to an empty list, and nil is sent as empty.
	FileSizes []int64 `avro:"file_sizes"`

	// FileURLs is the "file_urls" field, a list of strings. The Python class defaults it
	// to an empty list, and nil is sent as empty.
	FileURLs []string `avro:"file_urls"`
}

// ORASubmissionData is the payload of ORASubmissionCreated.
type ORASubmissionData struct {
	// UUID is the "uuid" field, a string.
	UUID string `avro:"uuid"`

	// AnonymousUserID is the "anonymous_user_id" field, a string.
	AnonymousUserID string `avro:"anonymous_user_id"`

	// Location is the "location" field, a string.
	Location string `avro:"location"`

	// AttemptNumber is the "attempt_number" field, an integer.
	AttemptNumber int64 `avro:"attempt_number"`

	// CreatedAt is the "created_at" field, a time.
	CreatedAt time.Time `avro:"created_at"`

	// SubmittedAt is the "submitted_at" field, a time.
	SubmittedAt time.Time `avro:"submitted_at"`

	// Answer is the "answer" field, a ORASubmissionAnswer.
	Answer ORASubmissionAnswer `avro:"answer"`
}

// CoursePassingStatusData is the payload of CoursePassingStatusUpdated. Its fields come
// first in CCXCoursePassingStatusData.
type CoursePassingStatusData struct {
	// IsPassing is the "is_passing" field, a boolean.
	IsPassing bool `avro:"is_passing"`

	// Course is the "course" field, a CourseData.
	Course CourseData `avro:"course"`

	// User is the "user" field, a UserData.
	User UserData `avro:"user"`
}

// CCXCoursePassingStatusData is the payload of CCXCoursePassingStatusUpdated. It starts
// with the fields of CoursePassingStatusData. Its Avro record name is
// CcxCoursePassingStatusData.
type CCXCoursePassingStatusData struct {
	// IsPassing is the "is_passing" field, a boolean.
	IsPassing bool `avro:"is_passing"`

	// User is the "user" field, a UserData.
	User UserData `avro:"user"`

	// Course is the "course" field, a CCXCourseData.
	Course CCXCourseData `avro:"course"`
}

// AvroRecordName returns CcxCoursePassingStatusData, the record name in the event schemas.
func (CCXCoursePassingStatusData) AvroRecordName() string { return "CcxCoursePassingStatusData" }

// BadgeTemplateData is a record nested in BadgeData.
type BadgeTemplateData struct {
	// UUID is the "uuid" field, a string.
	UUID string `avro:"uuid"`

	// Origin is the "origin" field, a string.
	Origin string `avro:"origin"`

	// Name is the "name" field, a string; nil means absent (null).
	Name *string `avro:"name,optional"`

	// Description is the "description" field, a string; nil means absent (null).
	Description *string `avro:"description,optional"`

	// ImageURL is the "image_url" field, a string; nil means absent (null).
	ImageURL *string `avro:"image_url,optional"`
}

// BadgeData is the payload of BadgeAwarded and BadgeRevoked.
type BadgeData struct {
	// UUID is the "uuid" field, a string.
	UUID string `avro:"uuid"`

	// User is the "user" field, a UserData.
	User UserData `avro:"user"`

	// Template is the "template" field, a BadgeTemplateData.
	Template BadgeTemplateData `avro:"template"`
}

// VerificationAttemptData is the payload of IDVAttemptCreated, IDVAttemptPending,
// IDVAttemptApproved and IDVAttemptDenied.
type VerificationAttemptData struct {
	// AttemptID is the "attempt_id" field, an integer.
	AttemptID int64 `avro:"attempt_id"`

	// User is the "user" field, a UserData.
	User UserData `avro:"user"`

	// Status is the "status" field, a string.
	Status string `avro:"status"`

	// Name is the "name" field, a string; nil means absent (null).
	Name *string `avro:"name,optional"`

	// ExpirationDate is the "expiration_date" field, a time; nil means absent (null).
	ExpirationDate *time.Time `avro:"expiration_date,optional"`
}

// ExternalGraderScoreData is the payload of ExternalGraderScoreSubmitted.
type ExternalGraderScoreData struct {
	// PointsPossible is the "points_possible" field, an integer.
	PointsPossible int64 `avro:"points_possible"`

	// PointsEarned is the "points_earned" field, an integer.
	PointsEarned int64 `avro:"points_earned"`

	// CourseID is the "course_id" field, a string.
	CourseID string `avro:"course_id"`

	// ScoreMsg is the "score_msg" field, a string.
	ScoreMsg string `avro:"score_msg"`

	// SubmissionID is the "submission_id" field, an integer.
	SubmissionID int64 `avro:"submission_id"`

	// UserID is the "user_id" field, a string.
	UserID string `avro:"user_id"`

	// ModuleID is the "module_id" field, a string.
	ModuleID string `avro:"module_id"`

	// QueueKey is the "queue_key" field, a string.
	QueueKey string `avro:"queue_key"`

	// QueueName is the "queue_name" field, a string.
	QueueName string `avro:"queue_name"`
}

// LTIProviderLaunchParamsData is a record nested in LTIProviderLaunchData. Its Avro
// record name is LtiProviderLaunchParamsData.
type LTIProviderLaunchParamsData struct {
	// Roles is the "roles" field, a string.
	Roles string `avro:"roles"`

	// ContextID is the "context_id" field, a string.
	ContextID string `avro:"context_id"`

	// UserID is the "user_id" field, a string.
	UserID string `avro:"user_id"`

	// ExtraParams is the "extra_params" field, a map from strings to strings. The Python
	// class defaults it to an empty map, and nil is sent as empty.
	ExtraParams map[string]string `avro:"extra_params"`
}

// AvroRecordName returns LtiProviderLaunchParamsData, the record name in the event schemas.
func (LTIProviderLaunchParamsData) AvroRecordName() string { return "LtiProviderLaunchParamsData" }

// LTIProviderLaunchData is the payload of LTIProviderLaunchSuccess. Its Avro record
// name is LtiProviderLaunchData.
type LTIProviderLaunchData struct {
	// User is the "user" field, a UserData.
	User UserData `avro:"user"`

	// CourseKey is the "course_key" field, a course key.
	CourseKey events.CourseKey `avro:"course_key"`

	// UsageKey is the "usage_key" field, a usage key.
	UsageKey events.UsageKey `avro:"usage_key"`

	// LaunchParams is the "launch_params" field, a LTIProviderLaunchParamsData.
	LaunchParams LTIProviderLaunchParamsData `avro:"launch_params"`
}

// AvroRecordName returns LtiProviderLaunchData, the record name in the event schemas.
func (LTIProviderLaunchData) AvroRecordName() string { return "LtiProviderLaunchData" }

package contentauthoring

import (
	"io"
	"time"

	"github.com/openedx-go/eventbus/events"
)

// CourseData is the payload of CourseCreated, CourseImportCompleted and
// CourseRerunCompleted.
type CourseData struct {
	// CourseKey is the "course_key" field, a course key.
	CourseKey events.CourseKey `avro:"course_key"`
}

// CourseScheduleData is a record nested in CourseCatalogData.
type CourseScheduleData struct {
	// Start is the "start" field, a time.
	Start time.Time `avro:"start"`

	// Pacing is the "pacing" field, a string.
	Pacing string `avro:"pacing"`

	// End is the "end" field, a time; nil means absent (null).
	End *time.Time `avro:"end,optional"`

	// EnrollmentStart is the "enrollment_start" field, a time; nil means absent (null).
	EnrollmentStart *time.Time `avro:"enrollment_start,optional"`

	// EnrollmentEnd is the "enrollment_end" field, a time; nil means absent (null).
	EnrollmentEnd *time.Time `avro:"enrollment_end,optional"`
}

// CourseCatalogData is the payload of CourseCatalogInfoChanged.
type CourseCatalogData struct {
	// CourseKey is the "course_key" field, a course key.
	CourseKey events.CourseKey `avro:"course_key"`

	// Name is the "name" field, a string.
	Name string `avro:"name"`

	// ScheduleData is the "schedule_data" field, a CourseScheduleData.
	ScheduleData CourseScheduleData `avro:"schedule_data"`

	// Hidden is the "hidden" field, a boolean. The Python class defaults it to False.
	Hidden bool `avro:"hidden"`

	// InvitationOnly is the "invitation_only" field, a boolean. The Python class defaults
	// it to False.
	InvitationOnly bool `avro:"invitation_only"`
}

// XBlockData is the payload of XBlockCreated, XBlockUpdated, XBlockPublished and
// XBlockDeleted. Its fields come first in DuplicatedXBlockData.
type XBlockData struct {
	// UsageKey is the "usage_key" field, a usage key.
	UsageKey events.UsageKey `avro:"usage_key"`

	// BlockType is the "block_type" field, a string.
	BlockType string `avro:"block_type"`

	// Version is the "version" field, a usage key; nil means absent. NOTE: it is not part
	// of the event record because the published schemas of the events that carry this type
	// lack it, so Encode drops it and Decode leaves it nil.
	Version *events.UsageKey `avro:"-"`
}

// DuplicatedXBlockData is the payload of XBlockDuplicated. It starts with the fields of
// XBlockData.
type DuplicatedXBlockData struct {
	// UsageKey is the "usage_key" field, a usage key.
	UsageKey events.UsageKey `avro:"usage_key"`

	// BlockType is the "block_type" field, a string.
	BlockType string `avro:"block_type"`

	// Version is the "version" field, a usage key; nil means absent. NOTE: it is not part
	// of the event record because the published schemas of the events that carry this type
	// lack it, so Encode drops it and Decode leaves it nil.
	Version *events.UsageKey `avro:"-"`

	// SourceUsageKey is the "source_usage_key" field, a usage key.
	SourceUsageKey events.UsageKey `avro:"source_usage_key"`
}

// CertificateSignatoryData is a record nested in CertificateConfigData.
type CertificateSignatoryData struct {
	// Image is the "image" field, file contents.
	Image io.Reader `avro:"image"`

	// Name is the "name" field, a string.
	Name string `avro:"name"`

	// Organization is the "organization" field, a string.
	Organization string `avro:"organization"`

	// Title is the "title" field, a string.
	Title string `avro:"title"`
}

// CertificateConfigData is the payload of CourseCertificateConfigChanged and
// CourseCertificateConfigDeleted.
type CertificateConfigData struct {
	// CertificateType is the "certificate_type" field, a string.
	CertificateType string `avro:"certificate_type"`

	// CourseKey is the "course_key" field, a course key.
	CourseKey events.CourseKey `avro:"course_key"`

	// Title is the "title" field, a string.
	Title string `avro:"title"`

	// Signatories is the "signatories" field, a list of CertificateSignatoryData values.
	// The Python class defaults it to an empty list, and nil is sent as empty.
	Signatories []CertificateSignatoryData `avro:"signatories"`

	// IsActive is the "is_active" field, a boolean. The Python class defaults it to False.
	IsActive bool `avro:"is_active"`
}

// ContentLibraryData is the payload of ContentLibraryCreated, ContentLibraryUpdated and
// ContentLibraryDeleted.
type ContentLibraryData struct {
	// LibraryKey is the "library_key" field, a v2 library key.
	LibraryKey events.LibraryLocatorV2 `avro:"library_key"`

	// UpdateBlocks is the "update_blocks" field, a boolean. The Python class defaults it
	// to False.
	UpdateBlocks bool `avro:"update_blocks"`
}

// LibraryBlockData is the payload of LibraryBlockCreated, LibraryBlockUpdated,
// LibraryBlockDeleted and LibraryBlockPublished.
type LibraryBlockData struct {
	// LibraryKey is the "library_key" field, a v2 library key.
	LibraryKey events.LibraryLocatorV2 `avro:"library_key"`

	// UsageKey is the "usage_key" field, a v2 library block key.
	UsageKey events.LibraryUsageLocatorV2 `avro:"usage_key"`
}

// ContentObjectData is the payload of ContentObjectTagsChanged. Its fields come first
// in ContentObjectChangedData.
type ContentObjectData struct {
	// ObjectID is the "object_id" field, a string.
	ObjectID string `avro:"object_id"`
}

// ContentObjectChangedData is the payload of ContentObjectAssociationsChanged. It
// starts with the fields of ContentObjectData.
type ContentObjectChangedData struct {
	// ObjectID is the "object_id" field, a string.
	ObjectID string `avro:"object_id"`

	// Changes is the "changes" field, a list of strings. The Python class defaults it to
	// an empty list, and nil is sent as empty.
	Changes []string `avro:"changes"`
}

// LibraryCollectionData is the payload of LibraryCollectionCreated,
// LibraryCollectionUpdated and LibraryCollectionDeleted.
type LibraryCollectionData struct {
	// CollectionKey is the "collection_key" field, a library collection key.
	CollectionKey events.LibraryCollectionLocator `avro:"collection_key"`

	// Background is the "background" field, a boolean. The Python class defaults it to
	// False.
	Background bool `avro:"background"`
}

// LibraryContainerData is the payload of LibraryContainerCreated,
// LibraryContainerUpdated, LibraryContainerDeleted and LibraryContainerPublished.
type LibraryContainerData struct {
	// ContainerKey is the "container_key" field, a library container key.
	ContainerKey events.LibraryContainerLocator `avro:"container_key"`

	// Background is the "background" field, a boolean. The Python class defaults it to
	// False.
	Background bool `avro:"background"`
}

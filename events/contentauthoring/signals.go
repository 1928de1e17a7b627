package contentauthoring

import "github.com/openedx-go/eventbus/events"

// The event definitions of the content_authoring subdomain.
var (
	// CourseCatalogInfoChanged is the event
	// "org.openedx.content_authoring.course.catalog_info.changed.v1"
	// (COURSE_CATALOG_INFO_CHANGED in openedx-events). Its payload, of type
	// CourseCatalogData, is under the key "catalog_info". The documented event key field
	// is "catalog_info.course_key".
	CourseCatalogInfoChanged = events.NewSignal[CourseCatalogData](events.Spec{
		EventType:       "org.openedx.content_authoring.course.catalog_info.changed.v1",
		Name:            "CourseCatalogInfoChanged",
		Subdomain:       "content_authoring",
		MinorVersion:    0,
		PayloadKey:      "catalog_info",
		DefaultKeyField: "catalog_info.course_key",
	})

	// XBlockCreated is the event "org.openedx.content_authoring.xblock.created.v1"
	// (XBLOCK_CREATED in openedx-events). Its payload, of type XBlockData, is under the
	// key "xblock_info". The documented event key field is "xblock_info.usage_key".
	XBlockCreated = events.NewSignal[XBlockData](events.Spec{
		EventType:       "org.openedx.content_authoring.xblock.created.v1",
		Name:            "XBlockCreated",
		Subdomain:       "content_authoring",
		MinorVersion:    0,
		PayloadKey:      "xblock_info",
		DefaultKeyField: "xblock_info.usage_key",
	})

	// XBlockUpdated is the event "org.openedx.content_authoring.xblock.updated.v1"
	// (XBLOCK_UPDATED in openedx-events). Its payload, of type XBlockData, is under the
	// key "xblock_info". The documented event key field is "xblock_info.usage_key".
	XBlockUpdated = events.NewSignal[XBlockData](events.Spec{
		EventType:       "org.openedx.content_authoring.xblock.updated.v1",
		Name:            "XBlockUpdated",
		Subdomain:       "content_authoring",
		MinorVersion:    0,
		PayloadKey:      "xblock_info",
		DefaultKeyField: "xblock_info.usage_key",
	})

	// XBlockPublished is the event "org.openedx.content_authoring.xblock.published.v1"
	// (XBLOCK_PUBLISHED in openedx-events). Its payload, of type XBlockData, is under the
	// key "xblock_info". The documented event key field is "xblock_info.usage_key".
	XBlockPublished = events.NewSignal[XBlockData](events.Spec{
		EventType:       "org.openedx.content_authoring.xblock.published.v1",
		Name:            "XBlockPublished",
		Subdomain:       "content_authoring",
		MinorVersion:    0,
		PayloadKey:      "xblock_info",
		DefaultKeyField: "xblock_info.usage_key",
	})

	// XBlockDeleted is the event "org.openedx.content_authoring.xblock.deleted.v1"
	// (XBLOCK_DELETED in openedx-events). Its payload, of type XBlockData, is under the
	// key "xblock_info". The documented event key field is "xblock_info.usage_key".
	XBlockDeleted = events.NewSignal[XBlockData](events.Spec{
		EventType:       "org.openedx.content_authoring.xblock.deleted.v1",
		Name:            "XBlockDeleted",
		Subdomain:       "content_authoring",
		MinorVersion:    0,
		PayloadKey:      "xblock_info",
		DefaultKeyField: "xblock_info.usage_key",
	})

	// XBlockDuplicated is the event "org.openedx.content_authoring.xblock.duplicated.v1"
	// (XBLOCK_DUPLICATED in openedx-events). Its payload, of type DuplicatedXBlockData, is
	// under the key "xblock_info". The documented event key field is
	// "xblock_info.usage_key".
	XBlockDuplicated = events.NewSignal[DuplicatedXBlockData](events.Spec{
		EventType:       "org.openedx.content_authoring.xblock.duplicated.v1",
		Name:            "XBlockDuplicated",
		Subdomain:       "content_authoring",
		MinorVersion:    0,
		PayloadKey:      "xblock_info",
		DefaultKeyField: "xblock_info.usage_key",
	})

	// CourseCertificateConfigChanged is the event
	// "org.openedx.content_authoring.course.certificate_config.changed.v1"
	// (COURSE_CERTIFICATE_CONFIG_CHANGED in openedx-events). Its payload, of type
	// CertificateConfigData, is under the key "certificate_config". No default event key
	// field is documented. It is not sendable over the event bus because its payload holds
	// file contents: its bus operations return an error wrapping events.ErrNotSendable.
	CourseCertificateConfigChanged = events.NewSignal[CertificateConfigData](events.Spec{
		EventType:    "org.openedx.content_authoring.course.certificate_config.changed.v1",
		Name:         "CourseCertificateConfigChanged",
		Subdomain:    "content_authoring",
		MinorVersion: 0,
		PayloadKey:   "certificate_config",
		LocalOnly:    true,
	})

	// CourseCertificateConfigDeleted is the event
	// "org.openedx.content_authoring.course.certificate_config.deleted.v1"
	// (COURSE_CERTIFICATE_CONFIG_DELETED in openedx-events). Its payload, of type
	// CertificateConfigData, is under the key "certificate_config". No default event key
	// field is documented. It is not sendable over the event bus because its payload holds
	// file contents: its bus operations return an error wrapping events.ErrNotSendable.
	CourseCertificateConfigDeleted = events.NewSignal[CertificateConfigData](events.Spec{
		EventType:    "org.openedx.content_authoring.course.certificate_config.deleted.v1",
		Name:         "CourseCertificateConfigDeleted",
		Subdomain:    "content_authoring",
		MinorVersion: 0,
		PayloadKey:   "certificate_config",
		LocalOnly:    true,
	})

	// CourseCreated is the event "org.openedx.content_authoring.course.created.v1"
	// (COURSE_CREATED in openedx-events). Its payload, of type CourseData, is under the
	// key "course". No default event key field is documented.
	CourseCreated = events.NewSignal[CourseData](events.Spec{
		EventType:    "org.openedx.content_authoring.course.created.v1",
		Name:         "CourseCreated",
		Subdomain:    "content_authoring",
		MinorVersion: 0,
		PayloadKey:   "course",
	})

	// ContentLibraryCreated is the event
	// "org.openedx.content_authoring.content_library.created.v1" (CONTENT_LIBRARY_CREATED
	// in openedx-events). Its payload, of type ContentLibraryData, is under the key
	// "content_library". No default event key field is documented.
	ContentLibraryCreated = events.NewSignal[ContentLibraryData](events.Spec{
		EventType:    "org.openedx.content_authoring.content_library.created.v1",
		Name:         "ContentLibraryCreated",
		Subdomain:    "content_authoring",
		MinorVersion: 0,
		PayloadKey:   "content_library",
	})

	// ContentLibraryUpdated is the event
	// "org.openedx.content_authoring.content_library.updated.v1" (CONTENT_LIBRARY_UPDATED
	// in openedx-events). Its payload, of type ContentLibraryData, is under the key
	// "content_library". No default event key field is documented.
	ContentLibraryUpdated = events.NewSignal[ContentLibraryData](events.Spec{
		EventType:    "org.openedx.content_authoring.content_library.updated.v1",
		Name:         "ContentLibraryUpdated",
		Subdomain:    "content_authoring",
		MinorVersion: 0,
		PayloadKey:   "content_library",
	})

	// ContentLibraryDeleted is the event
	// "org.openedx.content_authoring.content_library.deleted.v1" (CONTENT_LIBRARY_DELETED
	// in openedx-events). Its payload, of type ContentLibraryData, is under the key
	// "content_library". No default event key field is documented.
	ContentLibraryDeleted = events.NewSignal[ContentLibraryData](events.Spec{
		EventType:    "org.openedx.content_authoring.content_library.deleted.v1",
		Name:         "ContentLibraryDeleted",
		Subdomain:    "content_authoring",
		MinorVersion: 0,
		PayloadKey:   "content_library",
	})

	// LibraryBlockCreated is the event
	// "org.openedx.content_authoring.library_block.created.v1" (LIBRARY_BLOCK_CREATED in
	// openedx-events). Its payload, of type LibraryBlockData, is under the key
	// "library_block". No default event key field is documented.
	LibraryBlockCreated = events.NewSignal[LibraryBlockData](events.Spec{
		EventType:    "org.openedx.content_authoring.library_block.created.v1",
		Name:         "LibraryBlockCreated",
		Subdomain:    "content_authoring",
		MinorVersion: 0,
		PayloadKey:   "library_block",
	})

	// LibraryBlockUpdated is the event
	// "org.openedx.content_authoring.library_block.updated.v1" (LIBRARY_BLOCK_UPDATED in
	// openedx-events). Its payload, of type LibraryBlockData, is under the key
	// "library_block". No default event key field is documented.
	LibraryBlockUpdated = events.NewSignal[LibraryBlockData](events.Spec{
		EventType:    "org.openedx.content_authoring.library_block.updated.v1",
		Name:         "LibraryBlockUpdated",
		Subdomain:    "content_authoring",
		MinorVersion: 0,
		PayloadKey:   "library_block",
	})

	// LibraryBlockDeleted is the event
	// "org.openedx.content_authoring.library_block.deleted.v1" (LIBRARY_BLOCK_DELETED in
	// openedx-events). Its payload, of type LibraryBlockData, is under the key
	// "library_block". No default event key field is documented.
	LibraryBlockDeleted = events.NewSignal[LibraryBlockData](events.Spec{
		EventType:    "org.openedx.content_authoring.library_block.deleted.v1",
		Name:         "LibraryBlockDeleted",
		Subdomain:    "content_authoring",
		MinorVersion: 0,
		PayloadKey:   "library_block",
	})

	// LibraryBlockPublished is the event
	// "org.openedx.content_authoring.library_block.published.v1" (LIBRARY_BLOCK_PUBLISHED
	// in openedx-events). Its payload, of type LibraryBlockData, is under the key
	// "library_block". No default event key field is documented.
	LibraryBlockPublished = events.NewSignal[LibraryBlockData](events.Spec{
		EventType:    "org.openedx.content_authoring.library_block.published.v1",
		Name:         "LibraryBlockPublished",
		Subdomain:    "content_authoring",
		MinorVersion: 0,
		PayloadKey:   "library_block",
	})

	// ContentObjectAssociationsChanged is the event
	// "org.openedx.content_authoring.content.object.associations.changed.v1"
	// (CONTENT_OBJECT_ASSOCIATIONS_CHANGED in openedx-events). Its payload, of type
	// ContentObjectChangedData, is under the key "content_object". No default event key
	// field is documented.
	ContentObjectAssociationsChanged = events.NewSignal[ContentObjectChangedData](events.Spec{
		EventType:    "org.openedx.content_authoring.content.object.associations.changed.v1",
		Name:         "ContentObjectAssociationsChanged",
		Subdomain:    "content_authoring",
		MinorVersion: 0,
		PayloadKey:   "content_object",
	})

	// ContentObjectTagsChanged is the event
	// "org.openedx.content_authoring.content.object.tags.changed.v1"
	// (CONTENT_OBJECT_TAGS_CHANGED in openedx-events). Its payload, of type
	// ContentObjectData, is under the key "content_object". No default event key field is
	// documented.
	ContentObjectTagsChanged = events.NewSignal[ContentObjectData](events.Spec{
		EventType:    "org.openedx.content_authoring.content.object.tags.changed.v1",
		Name:         "ContentObjectTagsChanged",
		Subdomain:    "content_authoring",
		MinorVersion: 0,
		PayloadKey:   "content_object",
	})

	// LibraryCollectionCreated is the event
	// "org.openedx.content_authoring.content_library.collection.created.v1"
	// (LIBRARY_COLLECTION_CREATED in openedx-events). Its payload, of type
	// LibraryCollectionData, is under the key "library_collection". No default event key
	// field is documented.
	LibraryCollectionCreated = events.NewSignal[LibraryCollectionData](events.Spec{
		EventType:    "org.openedx.content_authoring.content_library.collection.created.v1",
		Name:         "LibraryCollectionCreated",
		Subdomain:    "content_authoring",
		MinorVersion: 0,
		PayloadKey:   "library_collection",
	})

	// LibraryCollectionUpdated is the event
	// "org.openedx.content_authoring.content_library.collection.updated.v1"
	// (LIBRARY_COLLECTION_UPDATED in openedx-events). Its payload, of type
	// LibraryCollectionData, is under the key "library_collection". No default event key
	// field is documented.
	LibraryCollectionUpdated = events.NewSignal[LibraryCollectionData](events.Spec{
		EventType:    "org.openedx.content_authoring.content_library.collection.updated.v1",
		Name:         "LibraryCollectionUpdated",
		Subdomain:    "content_authoring",
		MinorVersion: 0,
		PayloadKey:   "library_collection",
	})

	// LibraryCollectionDeleted is the event
	// "org.openedx.content_authoring.content_library.collection.deleted.v1"
	// (LIBRARY_COLLECTION_DELETED in openedx-events). Its payload, of type
	// LibraryCollectionData, is under the key "library_collection". No default event key
	// field is documented.
	LibraryCollectionDeleted = events.NewSignal[LibraryCollectionData](events.Spec{
		EventType:    "org.openedx.content_authoring.content_library.collection.deleted.v1",
		Name:         "LibraryCollectionDeleted",
		Subdomain:    "content_authoring",
		MinorVersion: 0,
		PayloadKey:   "library_collection",
	})

	// LibraryContainerCreated is the event
	// "org.openedx.content_authoring.content_library.container.created.v1"
	// (LIBRARY_CONTAINER_CREATED in openedx-events). Its payload, of type
	// LibraryContainerData, is under the key "library_container". No default event key
	// field is documented.
	LibraryContainerCreated = events.NewSignal[LibraryContainerData](events.Spec{
		EventType:    "org.openedx.content_authoring.content_library.container.created.v1",
		Name:         "LibraryContainerCreated",
		Subdomain:    "content_authoring",
		MinorVersion: 0,
		PayloadKey:   "library_container",
	})

	// LibraryContainerUpdated is the event
	// "org.openedx.content_authoring.content_library.container.updated.v1"
	// (LIBRARY_CONTAINER_UPDATED in openedx-events). Its payload, of type
	// LibraryContainerData, is under the key "library_container". No default event key
	// field is documented.
	LibraryContainerUpdated = events.NewSignal[LibraryContainerData](events.Spec{
		EventType:    "org.openedx.content_authoring.content_library.container.updated.v1",
		Name:         "LibraryContainerUpdated",
		Subdomain:    "content_authoring",
		MinorVersion: 0,
		PayloadKey:   "library_container",
	})

	// LibraryContainerDeleted is the event
	// "org.openedx.content_authoring.content_library.container.deleted.v1"
	// (LIBRARY_CONTAINER_DELETED in openedx-events). Its payload, of type
	// LibraryContainerData, is under the key "library_container". No default event key
	// field is documented.
	LibraryContainerDeleted = events.NewSignal[LibraryContainerData](events.Spec{
		EventType:    "org.openedx.content_authoring.content_library.container.deleted.v1",
		Name:         "LibraryContainerDeleted",
		Subdomain:    "content_authoring",
		MinorVersion: 0,
		PayloadKey:   "library_container",
	})

	// LibraryContainerPublished is the event
	// "org.openedx.content_authoring.content_library.container.published.v1"
	// (LIBRARY_CONTAINER_PUBLISHED in openedx-events). Its payload, of type
	// LibraryContainerData, is under the key "library_container". No default event key
	// field is documented.
	LibraryContainerPublished = events.NewSignal[LibraryContainerData](events.Spec{
		EventType:    "org.openedx.content_authoring.content_library.container.published.v1",
		Name:         "LibraryContainerPublished",
		Subdomain:    "content_authoring",
		MinorVersion: 0,
		PayloadKey:   "library_container",
	})

	// CourseImportCompleted is the event
	// "org.openedx.content_authoring.course.import.completed.v1" (COURSE_IMPORT_COMPLETED
	// in openedx-events). Its payload, of type CourseData, is under the key "course". The
	// documented event key field is "catalog_info.course_key". NOTE: that path does not
	// start with the payload key "course", so KeyField rejects it and producers must
	// configure another key field.
	CourseImportCompleted = events.NewSignal[CourseData](events.Spec{
		EventType:       "org.openedx.content_authoring.course.import.completed.v1",
		Name:            "CourseImportCompleted",
		Subdomain:       "content_authoring",
		MinorVersion:    0,
		PayloadKey:      "course",
		DefaultKeyField: "catalog_info.course_key",
	})

	// CourseRerunCompleted is the event
	// "org.openedx.content_authoring.course.rerun.completed.v1" (COURSE_RERUN_COMPLETED in
	// openedx-events). Its payload, of type CourseData, is under the key "course". The
	// documented event key field is "catalog_info.course_key". NOTE: that path does not
	// start with the payload key "course", so KeyField rejects it and producers must
	// configure another key field.
	CourseRerunCompleted = events.NewSignal[CourseData](events.Spec{
		EventType:       "org.openedx.content_authoring.course.rerun.completed.v1",
		Name:            "CourseRerunCompleted",
		Subdomain:       "content_authoring",
		MinorVersion:    0,
		PayloadKey:      "course",
		DefaultKeyField: "catalog_info.course_key",
	})
)

// Definitions returns the event definitions of the content_authoring subdomain in
// declaration order.
func Definitions() []events.Definition {
	return []events.Definition{
		CourseCatalogInfoChanged,
		XBlockCreated,
		XBlockUpdated,
		XBlockPublished,
		XBlockDeleted,
		XBlockDuplicated,
		CourseCertificateConfigChanged,
		CourseCertificateConfigDeleted,
		CourseCreated,
		ContentLibraryCreated,
		ContentLibraryUpdated,
		ContentLibraryDeleted,
		LibraryBlockCreated,
		LibraryBlockUpdated,
		LibraryBlockDeleted,
		LibraryBlockPublished,
		ContentObjectAssociationsChanged,
		ContentObjectTagsChanged,
		LibraryCollectionCreated,
		LibraryCollectionUpdated,
		LibraryCollectionDeleted,
		LibraryContainerCreated,
		LibraryContainerUpdated,
		LibraryContainerDeleted,
		LibraryContainerPublished,
		CourseImportCompleted,
		CourseRerunCompleted,
	}
}

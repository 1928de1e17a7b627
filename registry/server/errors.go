package server

import (
	"fmt"
	"net/http"
)

// Confluent Schema Registry error codes that the server returns.
const (
	codeSubjectNotFound       = 40401
	codeVersionNotFound       = 40402
	codeSchemaNotFound        = 40403
	codeSubjectSoftDeleted    = 40404
	codeSubjectNotSoftDeleted = 40405
	codeVersionSoftDeleted    = 40406
	codeVersionNotSoftDeleted = 40407
	codeSubjectLevelNotSet    = 40408
	codeIncompatible          = 409
	codeInvalidSchema         = 42201
	codeInvalidVersion        = 42202
	codeInvalidCompatibility  = 42203
	codeStoreError            = 50001
	codeBadRequest            = 400
	codeNotFound              = 404
)

// apiError is a failure reported to the client as a Confluent error body.
type apiError struct {
	status  int
	code    int
	message string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %d %s", e.status, e.code, e.message) }

func subjectNotFound(subject string) *apiError {
	return &apiError{http.StatusNotFound, codeSubjectNotFound, fmt.Sprintf("Subject '%s' not found.", subject)}
}

func versionNotFound(subject string, version int) *apiError {
	return &apiError{http.StatusNotFound, codeVersionNotFound,
		fmt.Sprintf("Version %d not found for subject '%s'.", version, subject)}
}

func schemaNotFound(what string) *apiError {
	return &apiError{http.StatusNotFound, codeSchemaNotFound, "Schema not found: " + what}
}

func invalidSchema(format string, args ...any) *apiError {
	return &apiError{http.StatusUnprocessableEntity, codeInvalidSchema, "Invalid schema: " + fmt.Sprintf(format, args...)}
}

func invalidVersion(v string) *apiError {
	return &apiError{http.StatusUnprocessableEntity, codeInvalidVersion,
		fmt.Sprintf("The specified version '%s' is not a valid version id. "+
			"Allowed values are between [1, 2^31-1] and the string \"latest\"", v)}
}

func badRequest(format string, args ...any) *apiError {
	return &apiError{http.StatusBadRequest, codeBadRequest, fmt.Sprintf(format, args...)}
}

func storeError(err error) *apiError {
	return &apiError{http.StatusInternalServerError, codeStoreError, "Error while storing the schema: " + err.Error()}
}

// Package registry talks to a Confluent-compatible Schema Registry the way the
// Python Open edX event bus does, so that Go and Python services share
// subjects, schema ids and message bytes.
//
// # Client
//
// [New] builds a [Client] from a [Config]: the registry URL (default
// http://localhost:8081), an API key and secret sent as HTTP basic auth, TLS
// files, a timeout per HTTP attempt and a retry count. Connection errors,
// timeouts and 5xx responses are retried with exponential backoff; 4xx
// responses are not. The client is built on github.com/riferrei/srclient and
// adds what that library lacks: contexts, per-attempt timeouts, retries, the
// HTTP status in errors and path escaping of subject names.
//
// The client caches what a registry never changes, for its whole lifetime:
// the schema behind an id ([Client.SchemaByID]) and the id of an exact schema
// text under a subject ([Client.LookupID], [Client.Register]). It never caches
// a subject's latest version. Concurrent calls for the same uncached key
// share one HTTP request.
//
// Failed requests return a [*Error] with the HTTP status, the registry's
// error_code and message and the subject. It matches the sentinels
// [ErrSubjectNotFound], [ErrVersionNotFound], [ErrSchemaNotFound],
// [ErrInvalidSchema], [ErrIncompatible] and [ErrUnauthorized] with
// errors.Is, and [IsTransient] reports whether a later retry may succeed. Error
// text and logs never contain the API secret.
//
// # Subjects
//
// The Python event bus registers the value schema of event type E on topic T
// under "T-E.CloudEvent" and the key schema under "T-<Avro type of the key>",
// such as "T-string" or "T-long", so all event types on a topic share one key
// subject. [ValueSubject] and [KeySubject] return these names; topics are the
// full names, after any prefix. [SubjectNameStrategy] also offers the
// "<topic>-value"/"<topic>-key" and record-name strategies.
//
// # Wire format
//
// [Frame] and [Unframe] write and read the Confluent wire format: byte 0, the
// schema id as a 4-byte big-endian unsigned integer, then the Avro binary
// body. A message of 5 bytes or fewer cannot hold a body and is rejected.
//
// An embedded registry server for tests and local development lives in
// package registry/server, and offline compatibility checks against released
// schema files in package registry/compat.
package registry

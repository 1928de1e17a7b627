// Package server is an embedded Confluent-compatible Schema Registry for Avro
// schemas, for tests and local development. It serves the REST API that
// Confluent clients and the Python event bus use, with Confluent's content
// type application/vnd.schemaregistry.v1+json and error bodies
// {"error_code": N, "message": "..."}.
//
// Supported endpoints: GET /subjects; GET /subjects/{s}/versions; GET and
// DELETE /subjects/{s}/versions/{v} where v is a number, "latest" or -1;
// GET /subjects/{s}/versions/{v}/schema; POST /subjects/{s}/versions
// (register); POST /subjects/{s} (look up); DELETE /subjects/{s}; GET
// /schemas/ids/{id}, /schemas/ids/{id}/schema and /schemas/ids/{id}/versions;
// GET /schemas/types; GET and PUT /config; GET, PUT and DELETE
// /config/{s}; POST /compatibility/subjects/{s}/versions[/{v}] with
// verbose=true for the reasons. Subject names in paths are percent-decoded,
// and unknown query parameters, such as normalize or subject, are ignored.
//
// Schemas are compared by their Avro Parsing Canonical Form, so whitespace,
// key order, doc strings and defaults do not make a new version, and a
// primitive with a name, such as {"name": "username", "type": "string"}, is
// the schema "string". The same canonical form gets the same id under every
// subject. Registration checks the subject's compatibility level (default
// BACKWARD): against the latest version, or against all versions for the
// transitive levels. Deleting a subject or version keeps its schema id
// readable, so that messages already written stay decodable.
//
// Only Avro is supported: other schema types and schema references are
// rejected as invalid schemas. Modes, contexts and metadata rules are not
// implemented.
//
// By default the state lives in memory. With [WithDataDir] every change is
// written to a snapshot file in the directory before the response is
// sent, through a synced temporary file renamed over the old snapshot, so
// a crash loses nothing acknowledged and never leaves a torn file.
// With [WithBasicAuth], every request needs HTTP basic auth, as with a hosted
// registry's API key and secret.
//
// A server locks its data directory until [Server.Close], so a second server
// cannot use it at the same time.
package server

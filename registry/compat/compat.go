// Package compat checks the schemas of event definitions for compatibility
// with schemas released earlier, without a registry (against a directory of
// .avsc files) or against the versions registered in a Schema Registry. It is
// the check that continuous integration runs before a release.
package compat

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/openedx-go/eventbus/events"
	"github.com/openedx-go/eventbus/events/avro"
	"github.com/openedx-go/eventbus/registry"
)

// FileSuffix ends the name of every schema file.
const FileSuffix = "_schema.avsc"

// ErrNoReleasedSchemas is returned by [CheckDir] for a directory without any
// schema file, which is most likely the wrong directory: a check against it
// would pass without comparing anything.
var ErrNoReleasedSchemas = errors.New("no released schemas (*" + FileSuffix + ")")

// FileName returns the schema file name of eventType: the event type with
// every '.' replaced by '+', then "_schema.avsc", as "eventbus schemas
// generate" and the Python openedx-events library name them.
func FileName(eventType string) string {
	return strings.ReplaceAll(eventType, ".", "+") + FileSuffix
}

// Failure is one incompatibility between an event's current schema and a
// released one.
type Failure struct {
	// EventType is the event whose schema changed.
	EventType string
	// Against names the released schema: a file path, or a subject and version.
	Against string
	avro.Incompatibility
}

// String formats the failure as "event type: field path: direction: reason
// (against ...)".
func (f Failure) String() string {
	return fmt.Sprintf("%s: %s: %s: %s (against %s)", f.EventType, f.Path, f.Direction, f.Message, f.Against)
}

// Result is the outcome of a check.
type Result struct {
	// Checked lists the event types compared with at least one released schema.
	Checked []string
	// Unreleased lists the event types with no released schema to compare
	// with, such as new events.
	Unreleased []string
	// Removed lists released schemas that match no current event type.
	Removed []string
	// Failures lists every incompatibility, grouped by event type.
	Failures []Failure
}

// OK reports whether no incompatibility was found.
func (r Result) OK() bool { return len(r.Failures) == 0 }

// CheckDir compares the schema of every sendable definition with its released
// schema file in dir (see [FileName]) at level. Events without a file are
// listed as unreleased, and files that match no definition as removed. An
// unreadable or invalid schema file is an error, since the check cannot
// vouch for that event, and so is a directory without any schema file
// ([ErrNoReleasedSchemas]).
func CheckDir(defs []events.Definition, dir string, level avro.Level) (Result, error) {
	var res Result
	known := make(map[string]bool)
	for _, def := range sendable(defs) {
		name := FileName(def.EventType())
		known[name] = true
		path := filepath.Join(dir, name)

		released, err := readSchema(path)
		if errors.Is(err, fs.ErrNotExist) {
			res.Unreleased = append(res.Unreleased, def.EventType())
			continue
		}
		if err != nil {
			return Result{}, err
		}
		res.Checked = append(res.Checked, def.EventType())
		res.Failures = append(res.Failures, check(def, level, []*avro.Schema{released}, path)...)
	}

	removed, err := unknownFiles(dir, known)
	if err != nil {
		return Result{}, err
	}
	res.Removed = removed
	if len(res.Checked) == 0 && len(removed) == 0 {
		return Result{}, fmt.Errorf("%w in %s: give the directory that \"eventbus schemas generate\" "+
			"wrote for the last release", ErrNoReleasedSchemas, dir)
	}
	return res, nil
}

func readSchema(path string) (*avro.Schema, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read released schema: %w", err)
	}
	s, err := avro.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("released schema %s: %w", path, err)
	}
	return s, nil
}

func unknownFiles(dir string, known map[string]bool) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read released schema directory: %w", err)
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), FileSuffix) && !known[e.Name()] {
			out = append(out, e.Name())
		}
	}
	return out, nil
}

func sendable(defs []events.Definition) []events.Definition {
	return slices.DeleteFunc(slices.Clone(defs), func(d events.Definition) bool { return !d.Sendable() })
}

func check(def events.Definition, level avro.Level, history []*avro.Schema, against string) []Failure {
	var out []Failure
	for _, inc := range avro.CheckCompatibility(level, def.Schema(), history) {
		out = append(out, Failure{EventType: def.EventType(), Against: against, Incompatibility: inc})
	}
	return out
}

// CheckRegistry compares the schema of every sendable definition with the
// versions registered under each of its value subjects: every subject named
// "<topic>-<event type>.CloudEvent" or "<event type>.CloudEvent". The level
// applies to every subject; an empty level uses each subject's own level as
// the registry reports it. Events with no subject are listed as unreleased.
func CheckRegistry(ctx context.Context, c *registry.Client, defs []events.Definition,
	level avro.Level) (Result, error) {
	subjects, err := c.Subjects(ctx)
	if err != nil {
		return Result{}, err
	}

	var res Result
	for _, def := range sendable(defs) {
		matched := valueSubjects(subjects, def.EventType())
		if len(matched) == 0 {
			res.Unreleased = append(res.Unreleased, def.EventType())
			continue
		}
		res.Checked = append(res.Checked, def.EventType())
		for _, subject := range matched {
			failures, err := checkSubject(ctx, c, def, subject, level)
			if err != nil {
				return Result{}, err
			}
			res.Failures = append(res.Failures, failures...)
		}
	}
	return res, nil
}

func valueSubjects(subjects []string, eventType string) []string {
	record := eventType + "." + registry.ValueRecordSuffix
	var out []string
	for _, s := range subjects {
		if s == record || strings.HasSuffix(s, "-"+record) {
			out = append(out, s)
		}
	}
	return out
}

func checkSubject(ctx context.Context, c *registry.Client, def events.Definition, subject string,
	level avro.Level) ([]Failure, error) {
	if level == "" {
		var err error
		if level, err = c.Compatibility(ctx, subject); err != nil {
			return nil, err
		}
	}
	versions, err := c.Versions(ctx, subject)
	if err != nil {
		return nil, err
	}
	history := make([]*avro.Schema, 0, len(versions))
	for _, v := range versions {
		sv, err := c.SchemaByVersion(ctx, subject, v)
		if err != nil {
			return nil, err
		}
		history = append(history, sv.Schema)
	}
	against := fmt.Sprintf("subject %q versions %v at %s", subject, versions, level)
	return check(def, level, history, against), nil
}

package registry

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/riferrei/srclient"

	"github.com/openedx-go/eventbus/events/avro"
)

// SubjectVersion is one version of a subject as the registry stores it.
type SubjectVersion struct {
	Subject string
	Version int
	ID      int
	Schema  *avro.Schema
}

// Subjects returns the registry's subjects, excluding deleted ones.
func (c *Client) Subjects(ctx context.Context) ([]string, error) {
	cl, sr := c.newCall(ctx, "")
	subjects, err := sr.GetSubjects()
	if err = cl.result(err); err != nil {
		return nil, fmt.Errorf("list subjects: %w", err)
	}
	return subjects, nil
}

// Versions returns the version numbers of subject in ascending order.
func (c *Client) Versions(ctx context.Context, subject string) ([]int, error) {
	cl, sr := c.newCall(ctx, subject)
	versions, err := sr.GetSchemaVersions(subject)
	if err = cl.result(err); err != nil {
		return nil, fmt.Errorf("list versions of subject %q: %w", subject, err)
	}
	return versions, nil
}

// SchemaByVersion returns one version of subject. It is never cached, because
// versions can be deleted.
func (c *Client) SchemaByVersion(ctx context.Context, subject string, version int) (SubjectVersion, error) {
	cl, sr := c.newCall(ctx, subject)
	got, err := sr.GetSchemaByVersion(subject, version)
	if err = cl.result(err); err != nil {
		return SubjectVersion{}, fmt.Errorf("get version %d of subject %q: %w", version, subject, err)
	}
	s, err := avro.Parse([]byte(got.Schema()))
	if err != nil {
		return SubjectVersion{}, fmt.Errorf("get version %d of subject %q: %w", version, subject, err)
	}
	return SubjectVersion{Subject: subject, Version: got.Version(), ID: got.ID(), Schema: s}, nil
}

// Compatibility returns the compatibility level that applies to subject: its
// own level when set, otherwise the global one. An empty subject returns the
// global level.
func (c *Client) Compatibility(ctx context.Context, subject string) (avro.Level, error) {
	cl, sr := c.newCall(ctx, subject)
	var level *srclient.CompatibilityLevel
	var err error
	if subject == "" {
		level, err = sr.GetGlobalCompatibilityLevel()
	} else {
		level, err = sr.GetCompatibilityLevel(subject, true)
	}
	if err = cl.result(err); err != nil {
		return "", fmt.Errorf("get compatibility level%s: %w", forSubject(subject), err)
	}
	parsed, err := avro.ParseLevel(string(*level))
	if err != nil {
		return "", fmt.Errorf("get compatibility level%s: %w", forSubject(subject), err)
	}
	return parsed, nil
}

// SetCompatibility sets subject's compatibility level, or the global level
// when subject is empty.
func (c *Client) SetCompatibility(ctx context.Context, subject string, level avro.Level) error {
	if _, err := avro.ParseLevel(string(level)); err != nil {
		return fmt.Errorf("set compatibility level%s: %w", forSubject(subject), err)
	}
	if subject == "" {
		// srclient v0.7.0 has no call for the global level.
		body := map[string]string{"compatibility": string(level)}
		if err := c.do(ctx, "", http.MethodPut, "/config", body, nil); err != nil {
			return fmt.Errorf("set global compatibility level: %w", err)
		}
		return nil
	}
	cl, sr := c.newCall(ctx, subject)
	_, err := sr.ChangeSubjectCompatibilityLevel(subject, srclient.CompatibilityLevel(level))
	if err = cl.result(err); err != nil {
		return fmt.Errorf("set compatibility level of subject %q: %w", subject, err)
	}
	return nil
}

// DeleteSubject soft-deletes every version of subject, and with permanent
// also removes them for good. Ids stay valid for messages already written.
func (c *Client) DeleteSubject(ctx context.Context, subject string, permanent bool) error {
	cl, sr := c.newCall(ctx, subject)
	// srclient v0.7.0 does not escape the subject here, so it gets it escaped.
	err := sr.DeleteSubject(url.PathEscape(subject), permanent)
	if err = cl.result(err); err != nil {
		return fmt.Errorf("delete subject %q: %w", subject, err)
	}
	return nil
}

func forSubject(subject string) string {
	if subject == "" {
		return " (global)"
	}
	return fmt.Sprintf(" of subject %q", subject)
}

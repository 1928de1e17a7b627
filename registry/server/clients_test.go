package server_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/confluentinc/confluent-kafka-go/v2/schemaregistry"
	"github.com/confluentinc/confluent-kafka-go/v2/schemaregistry/rest"
	"github.com/riferrei/srclient"
)

// registryClient is the part of a third-party registry client that the
// scenario drives, so that srclient and confluent-kafka-go run the same steps.
type registryClient interface {
	register(subject, schema string) (int, error)
	lookup(subject, schema string) (id, version int, err error)
	schemaByID(id int) (string, error)
	versions(subject string) ([]int, error)
	deleteSubject(subject string) error
	setCompatibility(subject, level string) error
	compatibility(subject string) (string, error)
	errorCode(err error) int
}

type srclientAdapter struct {
	c *srclient.SchemaRegistryClient
}

func (a srclientAdapter) register(subject, schema string) (int, error) {
	s, err := a.c.CreateSchema(subject, schema, srclient.Avro)
	if err != nil {
		return 0, err
	}
	return s.ID(), nil
}

func (a srclientAdapter) lookup(subject, schema string) (int, int, error) {
	s, err := a.c.LookupSchema(subject, schema, srclient.Avro)
	if err != nil {
		return 0, 0, err
	}
	return s.ID(), s.Version(), nil
}

func (a srclientAdapter) schemaByID(id int) (string, error) {
	s, err := a.c.GetSchema(id)
	if err != nil {
		return "", err
	}
	return s.Schema(), nil
}

func (a srclientAdapter) versions(subject string) ([]int, error) {
	return a.c.GetSchemaVersions(subject)
}

func (a srclientAdapter) deleteSubject(subject string) error { return a.c.DeleteSubject(subject, true) }

func (a srclientAdapter) setCompatibility(subject, level string) error {
	_, err := a.c.ChangeSubjectCompatibilityLevel(subject, srclient.CompatibilityLevel(level))
	return err
}

func (a srclientAdapter) compatibility(subject string) (string, error) {
	level, err := a.c.GetCompatibilityLevel(subject, true)
	if err != nil {
		return "", err
	}
	return string(*level), nil
}

func (a srclientAdapter) errorCode(err error) int {
	var e srclient.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return 0
}

type confluentAdapter struct{ c schemaregistry.Client }

func (a confluentAdapter) register(subject, schema string) (int, error) {
	return a.c.Register(subject, schemaregistry.SchemaInfo{Schema: schema}, false)
}

func (a confluentAdapter) lookup(subject, schema string) (int, int, error) {
	md, err := a.c.GetIDFullResponse(subject, schemaregistry.SchemaInfo{Schema: schema}, false)
	return md.ID, md.Version, err
}

func (a confluentAdapter) schemaByID(id int) (string, error) {
	info, err := a.c.GetBySubjectAndID("", id)
	return info.Schema, err
}

func (a confluentAdapter) versions(subject string) ([]int, error) { return a.c.GetAllVersions(subject) }

func (a confluentAdapter) deleteSubject(subject string) error {
	if _, err := a.c.DeleteSubject(subject, false); err != nil {
		return err
	}
	_, err := a.c.DeleteSubject(subject, true)
	return err
}

func (a confluentAdapter) setCompatibility(subject, level string) error {
	var c schemaregistry.Compatibility
	if err := c.ParseString(level); err != nil {
		return err
	}
	_, err := a.c.UpdateCompatibility(subject, c)
	return err
}

func (a confluentAdapter) compatibility(subject string) (string, error) {
	cfg, err := a.c.GetConfig(subject, true)
	return cfg.CompatibilityLevel.String(), err
}

func (a confluentAdapter) errorCode(err error) int {
	var e *rest.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return 0
}

func TestThirdPartyClients(t *testing.T) {
	clients := map[string]func(t *testing.T, url string) registryClient{
		"srclient": func(t *testing.T, url string) registryClient {
			return srclientAdapter{srclient.NewSchemaRegistryClient(url)}
		},
		"confluent-kafka-go": func(t *testing.T, url string) registryClient {
			c, err := schemaregistry.NewClient(schemaregistry.NewConfig(url))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { c.Close() })
			return confluentAdapter{c}
		},
	}
	for name, newClient := range clients {
		t.Run(name, func(t *testing.T) {
			base, _ := startServer(t)
			runClientScenario(t, newClient(t, base))
		})
	}
}

func runClientScenario(t *testing.T, c registryClient) {
	const subject = "dev-login-org.openedx.learning.auth.session.login.completed.v1.CloudEvent"
	id1, err := c.register(subject, loginV1)
	if err != nil {
		t.Fatalf("register v1: %v", err)
	}
	if again, err := c.register(subject, loginV1); err != nil || again != id1 {
		t.Errorf("re-register v1 = %d, %v; want %d", again, err, id1)
	}
	id2, err := c.register(subject, loginV2)
	if err != nil || id2 == id1 {
		t.Fatalf("register v2 = %d, %v; want a new id", id2, err)
	}

	if id, version, err := c.lookup(subject, loginV2); err != nil || id != id2 || version != 2 {
		t.Errorf("lookup v2 = id %d version %d, %v; want id %d version 2", id, version, err, id2)
	}
	if _, _, err := c.lookup(subject, loginV3); c.errorCode(err) != 40403 {
		t.Errorf("lookup of an unregistered schema: %v, want error_code 40403", err)
	}
	text, err := c.schemaByID(id1)
	if err != nil || !strings.Contains(text, "UserData") || strings.Contains(text, "note") {
		t.Errorf("schema of id %d = %q, %v; want v1", id1, text, err)
	}
	if _, err := c.schemaByID(9999); c.errorCode(err) != 40403 {
		t.Errorf("schema of unknown id: %v, want error_code 40403", err)
	}
	if versions, err := c.versions(subject); err != nil || !slices.Equal(versions, []int{1, 2}) {
		t.Errorf("versions = %v, %v; want [1 2]", versions, err)
	}

	if _, err := c.register(subject, loginV3); c.errorCode(err) != 409 {
		t.Errorf("register incompatible v3: %v, want error_code 409", err)
	}
	if level, err := c.compatibility(subject); err != nil || level != "BACKWARD" {
		t.Errorf("compatibility = %q, %v; want BACKWARD", level, err)
	}
	if err := c.setCompatibility(subject, "NONE"); err != nil {
		t.Fatalf("set compatibility NONE: %v", err)
	}
	if level, err := c.compatibility(subject); err != nil || level != "NONE" {
		t.Errorf("compatibility after set = %q, %v; want NONE", level, err)
	}
	if _, err := c.register(subject, loginV3); err != nil {
		t.Errorf("register v3 at NONE: %v", err)
	}

	if err := c.deleteSubject(subject); err != nil {
		t.Fatalf("delete subject: %v", err)
	}
	if _, err := c.versions(subject); c.errorCode(err) != 40401 {
		t.Errorf("versions of deleted subject: %v, want error_code 40401", err)
	}
}

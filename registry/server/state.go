package server

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/openedx-go/eventbus/events/avro"
)

// defaultCompatibility is the global level of a new registry, as in Confluent's.
const defaultCompatibility = avro.LevelBackward

// schemaEntry is a registered schema. Entries never change or go away, so
// that an id written into a message stays readable.
type schemaEntry struct {
	id     int
	text   string
	schema *avro.Schema
}

// version is one version of a subject.
type version struct {
	number  int
	id      int
	deleted bool
}

// subject holds a subject's versions in ascending order and its own
// compatibility level, "" when the global level applies.
type subject struct {
	versions      []version
	compatibility avro.Level
}

// state is the whole registry. Methods that change it are applied to a clone,
// which replaces the served state only once it is persisted.
type state struct {
	nextID      int
	schemas     map[int]*schemaEntry
	byCanonical map[string]int
	subjects    map[string]*subject
	global      avro.Level
}

func newState() *state {
	return &state{
		nextID:      1,
		schemas:     make(map[int]*schemaEntry),
		byCanonical: make(map[string]int),
		subjects:    make(map[string]*subject),
		global:      defaultCompatibility,
	}
}

func (st *state) clone() *state {
	c := *st
	c.schemas = maps.Clone(st.schemas)
	c.byCanonical = maps.Clone(st.byCanonical)
	c.subjects = make(map[string]*subject, len(st.subjects))
	for name, sub := range st.subjects {
		c.subjects[name] = &subject{versions: slices.Clone(sub.versions), compatibility: sub.compatibility}
	}
	return &c
}

// live returns the versions that are not soft-deleted, or all of them with
// deleted set.
func (sub *subject) live(deleted bool) []version {
	if sub == nil {
		return nil
	}
	out := make([]version, 0, len(sub.versions))
	for _, v := range sub.versions {
		if deleted || !v.deleted {
			out = append(out, v)
		}
	}
	return out
}

func (st *state) level(name string) avro.Level {
	if sub := st.subjects[name]; sub != nil && sub.compatibility != "" {
		return sub.compatibility
	}
	return st.global
}

// parseSchema parses a request's schema and rejects what the server does not
// support: other schema types and references.
func parseSchema(req schemaRequest) (*avro.Schema, *apiError) {
	if req.SchemaType != "" && !strings.EqualFold(req.SchemaType, "AVRO") {
		return nil, invalidSchema("schema type %q is not supported, only AVRO", req.SchemaType)
	}
	if len(req.References) > 0 {
		return nil, invalidSchema("schema references are not supported")
	}
	if strings.TrimSpace(req.Schema) == "" {
		return nil, invalidSchema("the schema is empty")
	}
	s, err := avro.Parse([]byte(req.Schema))
	if err != nil {
		return nil, invalidSchema("%v", err)
	}
	return s, nil
}

// find returns the version of name whose schema has the canonical form of s.
func (st *state) find(name string, s *avro.Schema, deleted bool) (version, bool) {
	canonical := s.CanonicalForm()
	for _, v := range st.subjects[name].live(deleted) {
		if st.schemas[v.id].schema.CanonicalForm() == canonical {
			return v, true
		}
	}
	return version{}, false
}

// register adds s to subject name unless it is there already, after checking
// it against the subject's history at the subject's level. It returns the id
// and whether the state changed.
func (st *state) register(name string, s *avro.Schema) (int, bool, *apiError) {
	if v, ok := st.find(name, s, false); ok {
		return v.id, false, nil
	}
	if msgs := st.check(st.level(name), s, st.subjects[name].live(false)); len(msgs) > 0 {
		return 0, false, &apiError{http.StatusConflict, codeIncompatible, fmt.Sprintf(
			"Schema being registered is incompatible with an earlier schema for subject %q, details: [%s]",
			name, strings.Join(msgs, "; "))}
	}

	id, ok := st.byCanonical[s.CanonicalForm()]
	if !ok {
		id = st.nextID
		st.nextID++
		st.schemas[id] = &schemaEntry{id: id, text: s.Text(), schema: s}
		st.byCanonical[s.CanonicalForm()] = id
	}
	sub := st.subjects[name]
	if sub == nil {
		sub = &subject{}
		st.subjects[name] = sub
	}
	next := 1
	if n := len(sub.versions); n > 0 {
		next = sub.versions[n-1].number + 1
	}
	sub.versions = append(sub.versions, version{number: next, id: id})
	return id, true, nil
}

// check returns the reasons s is incompatible with history at level.
func (st *state) check(level avro.Level, s *avro.Schema, history []version) []string {
	if len(history) == 0 {
		return nil
	}
	schemas := make([]*avro.Schema, len(history))
	for i, v := range history {
		schemas[i] = st.schemas[v.id].schema
	}
	var msgs []string
	for _, inc := range avro.CheckCompatibility(level, s, schemas) {
		msgs = append(msgs, inc.String())
	}
	return msgs
}

// resolve finds the version that spec names: a number, "latest" or -1.
func (st *state) resolve(name, spec string, deleted bool) (version, *apiError) {
	versions := st.subjects[name].live(deleted)
	if len(versions) == 0 {
		return version{}, subjectNotFound(name)
	}
	if spec == "latest" || spec == "-1" {
		return versions[len(versions)-1], nil
	}
	n, err := strconv.Atoi(spec)
	if err != nil || n < 1 {
		return version{}, invalidVersion(spec)
	}
	for _, v := range versions {
		if v.number == n {
			return v, nil
		}
	}
	return version{}, versionNotFound(name, n)
}

func (st *state) subjectNames(deleted bool) []string {
	names := make([]string, 0, len(st.subjects))
	for name, sub := range st.subjects {
		if len(sub.live(deleted)) > 0 {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

func (st *state) versionNumbers(name string, deleted bool) ([]int, *apiError) {
	versions := st.subjects[name].live(deleted)
	if len(versions) == 0 {
		return nil, subjectNotFound(name)
	}
	numbers := make([]int, len(versions))
	for i, v := range versions {
		numbers[i] = v.number
	}
	return numbers, nil
}

// deleteSubject soft-deletes every version of name, or removes them for good
// when permanent, which requires a soft delete first.
func (st *state) deleteSubject(name string, permanent bool) ([]int, *apiError) {
	sub := st.subjects[name]
	if len(sub.live(true)) == 0 {
		return nil, subjectNotFound(name)
	}
	live := sub.live(false)
	if permanent {
		if len(live) > 0 {
			return nil, &apiError{http.StatusNotFound, codeSubjectNotSoftDeleted, fmt.Sprintf(
				"Subject '%s' was not deleted first before being permanently deleted", name)}
		}
		numbers, _ := st.versionNumbers(name, true)
		delete(st.subjects, name)
		return numbers, nil
	}
	if len(live) == 0 {
		return nil, &apiError{http.StatusNotFound, codeSubjectSoftDeleted, fmt.Sprintf(
			"Subject '%s' was soft deleted. Set permanent=true to delete permanently", name)}
	}
	numbers, _ := st.versionNumbers(name, false)
	for i := range sub.versions {
		sub.versions[i].deleted = true
	}
	return numbers, nil
}

// deleteVersion soft-deletes one version, or removes it for good when
// permanent, which requires a soft delete first.
func (st *state) deleteVersion(name, spec string, permanent bool) (int, *apiError) {
	latest := spec == "latest" || spec == "-1"
	v, apiErr := st.resolve(name, spec, permanent || !latest)
	if apiErr != nil {
		return 0, apiErr
	}
	sub := st.subjects[name]
	i := slices.IndexFunc(sub.versions, func(x version) bool { return x.number == v.number })
	switch {
	case permanent && !v.deleted:
		return 0, &apiError{http.StatusNotFound, codeVersionNotSoftDeleted, fmt.Sprintf(
			"Subject '%s' Version %d was not deleted first before being permanently deleted", name, v.number)}
	case permanent:
		sub.versions = slices.Delete(sub.versions, i, i+1)
		if len(sub.versions) == 0 && sub.compatibility == "" {
			delete(st.subjects, name)
		}
	case v.deleted:
		return 0, &apiError{http.StatusNotFound, codeVersionSoftDeleted, fmt.Sprintf(
			"Subject '%s' Version %d was soft deleted. Set permanent=true to delete permanently", name, v.number)}
	default:
		sub.versions[i].deleted = true
	}
	return v.number, nil
}

// usages lists the live subject versions that use schema id.
func (st *state) usages(id int) []subjectVersion {
	var out []subjectVersion
	for _, name := range st.subjectNames(false) {
		for _, v := range st.subjects[name].live(false) {
			if v.id == id {
				out = append(out, subjectVersion{Subject: name, Version: v.number})
			}
		}
	}
	return out
}

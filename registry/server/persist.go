package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"syscall"

	"github.com/openedx-go/eventbus/events/avro"
)

// stateFile is the snapshot inside the data directory. Every change rewrites
// it through a temporary file that is synced and renamed over it, so a crash
// leaves either the old or the new snapshot, never a torn one.
const (
	stateFile    = "registry.json"
	tempPrefix   = ".registry.json.tmp-"
	formatNumber = 1
)

type persistedState struct {
	Format        int                `json:"format"`
	NextID        int                `json:"next_id"`
	Compatibility string             `json:"compatibility"`
	Schemas       []persistedSchema  `json:"schemas"`
	Subjects      []persistedSubject `json:"subjects"`
}

type persistedSchema struct {
	ID     int    `json:"id"`
	Schema string `json:"schema"`
}

type persistedSubject struct {
	Name          string             `json:"name"`
	Compatibility string             `json:"compatibility,omitempty"`
	Versions      []persistedVersion `json:"versions"`
}

type persistedVersion struct {
	Version int  `json:"version"`
	ID      int  `json:"id"`
	Deleted bool `json:"deleted,omitempty"`
}

func (st *state) marshal() ([]byte, error) {
	p := persistedState{Format: formatNumber, NextID: st.nextID, Compatibility: string(st.global)}
	for _, id := range slices.Sorted(maps.Keys(st.schemas)) {
		p.Schemas = append(p.Schemas, persistedSchema{ID: id, Schema: st.schemas[id].text})
	}
	for _, name := range slices.Sorted(maps.Keys(st.subjects)) {
		sub := st.subjects[name]
		ps := persistedSubject{Name: name, Compatibility: string(sub.compatibility)}
		for _, v := range sub.versions {
			ps.Versions = append(ps.Versions, persistedVersion{Version: v.number, ID: v.id, Deleted: v.deleted})
		}
		p.Subjects = append(p.Subjects, ps)
	}
	return json.MarshalIndent(p, "", " ")
}

func unmarshalState(data []byte) (*state, error) {
	var p persistedState
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, err
	}
	if p.Format != formatNumber {
		return nil, fmt.Errorf("unsupported format %d, want %d", p.Format, formatNumber)
	}
	st := newState()
	st.nextID = p.NextID
	if p.Compatibility != "" {
		level, err := avro.ParseLevel(p.Compatibility)
		if err != nil {
			return nil, err
		}
		st.global = level
	}
	for _, ps := range p.Schemas {
		if err := st.loadSchema(ps); err != nil {
			return nil, err
		}
	}
	for _, ps := range p.Subjects {
		if err := st.loadSubject(ps); err != nil {
			return nil, err
		}
	}
	return st, nil
}

func (st *state) loadSchema(ps persistedSchema) error {
	s, err := avro.Parse([]byte(ps.Schema))
	if err != nil {
		return fmt.Errorf("schema id %d: %w", ps.ID, err)
	}
	if ps.ID < 1 || ps.ID >= st.nextID || st.schemas[ps.ID] != nil {
		return fmt.Errorf("schema id %d is duplicated or not below next_id %d", ps.ID, st.nextID)
	}
	st.schemas[ps.ID] = &schemaEntry{id: ps.ID, text: ps.Schema, schema: s}
	st.byCanonical[s.CanonicalForm()] = ps.ID
	return nil
}

func (st *state) loadSubject(ps persistedSubject) error {
	sub := &subject{}
	if ps.Compatibility != "" {
		level, err := avro.ParseLevel(ps.Compatibility)
		if err != nil {
			return fmt.Errorf("subject %q: %w", ps.Name, err)
		}
		sub.compatibility = level
	}
	for _, pv := range ps.Versions {
		if st.schemas[pv.ID] == nil {
			return fmt.Errorf("subject %q version %d refers to unknown schema id %d", ps.Name, pv.Version, pv.ID)
		}
		sub.versions = append(sub.versions, version{number: pv.Version, id: pv.ID, deleted: pv.Deleted})
	}
	st.subjects[ps.Name] = sub
	return nil
}

// loadDir reads the snapshot in dir, or returns an empty state when there is
// none yet. Temporary files left by an interrupted write are removed, which is
// safe because the caller holds the directory's lock.
func loadDir(dir string) (*state, error) {
	leftovers, _ := filepath.Glob(filepath.Join(dir, tempPrefix+"*"))
	for _, name := range leftovers {
		_ = os.Remove(name)
	}

	path := filepath.Join(dir, stateFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return newState(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("read registry state: %w", err)
	}
	st, err := unmarshalState(data)
	if err != nil {
		return nil, fmt.Errorf("read registry state %s: %w; restore it from a backup or move it away to start empty",
			path, err)
	}
	return st, nil
}

// save writes st to dir atomically and durably: temporary file, fsync,
// rename over the snapshot, fsync of the directory.
func save(dir string, st *state) error {
	data, err := st.marshal()
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, tempPrefix)
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())

	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(dir, stateFile)); err != nil {
		return err
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	// Some file systems do not support syncing a directory and report that with EINVAL.
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		return err
	}
	return nil
}

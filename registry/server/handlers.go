package server

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/openedx-go/eventbus/events/avro"
)

// mediaType is the content type of every response, as in Confluent's registry.
const mediaType = "application/vnd.schemaregistry.v1+json"

// maxBody bounds request bodies; the largest event schema is a few kilobytes.
const maxBody = 4 << 20

// schemaRequest is a registration, lookup or compatibility request. Python
// clients 1.x send only schema; 2.x add schemaType and references. Other
// fields are ignored.
type schemaRequest struct {
	Schema     string            `json:"schema"`
	SchemaType string            `json:"schemaType"`
	References []json.RawMessage `json:"references"`
}

type subjectVersion struct {
	Subject string `json:"subject"`
	Version int    `json:"version"`
}

type versionResponse struct {
	Subject string `json:"subject"`
	Version int    `json:"version"`
	ID      int    `json:"id"`
	Schema  string `json:"schema"`
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.root)
	mux.HandleFunc("GET /subjects", s.listSubjects)
	mux.HandleFunc("GET /subjects/{subject}/versions", s.listVersions)
	mux.HandleFunc("POST /subjects/{subject}/versions", s.register)
	mux.HandleFunc("GET /subjects/{subject}/versions/{version}", s.getVersion)
	mux.HandleFunc("GET /subjects/{subject}/versions/{version}/schema", s.getVersionSchema)
	mux.HandleFunc("DELETE /subjects/{subject}/versions/{version}", s.deleteVersion)
	mux.HandleFunc("POST /subjects/{subject}", s.lookup)
	mux.HandleFunc("DELETE /subjects/{subject}", s.deleteSubject)
	mux.HandleFunc("GET /schemas/ids/{id}", s.getSchema)
	mux.HandleFunc("GET /schemas/ids/{id}/schema", s.getRawSchema)
	mux.HandleFunc("GET /schemas/ids/{id}/versions", s.getSchemaVersions)
	mux.HandleFunc("GET /schemas/types", s.schemaTypes)
	mux.HandleFunc("GET /config", s.getGlobalConfig)
	mux.HandleFunc("PUT /config", s.putGlobalConfig)
	mux.HandleFunc("GET /config/{subject}", s.getSubjectConfig)
	mux.HandleFunc("PUT /config/{subject}", s.putSubjectConfig)
	mux.HandleFunc("DELETE /config/{subject}", s.deleteSubjectConfig)
	mux.HandleFunc("POST /compatibility/subjects/{subject}/versions", s.checkCompatibility)
	mux.HandleFunc("POST /compatibility/subjects/{subject}/versions/{version}", s.checkCompatibility)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, &apiError{http.StatusNotFound, codeNotFound, "HTTP 404 Not Found"})
	})
	return mux
}

func (s *Server) reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", mediaType)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) ok(w http.ResponseWriter, v any) { s.reply(w, http.StatusOK, v) }

func (s *Server) fail(w http.ResponseWriter, r *http.Request, e *apiError) {
	s.logger.Debug("schema registry request failed", slog.String("method", r.Method),
		slog.String("path", r.URL.Path), slog.Int("status", e.status), slog.Int("error_code", e.code))
	s.reply(w, e.status, map[string]any{"error_code": e.code, "message": e.message})
}

// decode reads a JSON request body into v.
func decode(r *http.Request, v any) *apiError {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return badRequest("read request body: %v", err)
	}
	if len(body) > maxBody {
		return &apiError{http.StatusRequestEntityTooLarge, http.StatusRequestEntityTooLarge,
			"request body is larger than 4 MiB"}
	}
	if err := json.Unmarshal(body, v); err != nil {
		return badRequest("invalid JSON request body: %v", err)
	}
	return nil
}

func deleted(r *http.Request) bool { return r.URL.Query().Get("deleted") == "true" }

func (s *Server) root(w http.ResponseWriter, _ *http.Request) { s.ok(w, map[string]any{}) }

func (s *Server) listSubjects(w http.ResponseWriter, r *http.Request) {
	var names []string
	s.read(func(st *state) { names = st.subjectNames(deleted(r)) })
	s.ok(w, names)
}

func (s *Server) listVersions(w http.ResponseWriter, r *http.Request) {
	var numbers []int
	var apiErr *apiError
	s.read(func(st *state) { numbers, apiErr = st.versionNumbers(r.PathValue("subject"), deleted(r)) })
	if apiErr != nil {
		s.fail(w, r, apiErr)
		return
	}
	s.ok(w, numbers)
}

func (s *Server) register(w http.ResponseWriter, r *http.Request) {
	var req schemaRequest
	if apiErr := decode(r, &req); apiErr != nil {
		s.fail(w, r, apiErr)
		return
	}
	schema, apiErr := parseSchema(req)
	if apiErr != nil {
		s.fail(w, r, apiErr)
		return
	}

	name := r.PathValue("subject")
	var id int
	var found bool
	s.read(func(st *state) {
		var v version
		v, found = st.find(name, schema, false)
		id = v.id
	})
	if !found {
		var created bool
		apiErr = s.update(func(st *state) (bool, *apiError) {
			var e *apiError
			id, created, e = st.register(name, schema)
			return created, e
		})
		if apiErr != nil {
			s.fail(w, r, apiErr)
			return
		}
		if created {
			s.logger.Info("registered schema", slog.String("subject", name), slog.Int("schema_id", id))
		}
	}
	s.ok(w, map[string]int{"id": id})
}

func (s *Server) lookup(w http.ResponseWriter, r *http.Request) {
	var req schemaRequest
	if apiErr := decode(r, &req); apiErr != nil {
		s.fail(w, r, apiErr)
		return
	}
	schema, apiErr := parseSchema(req)
	if apiErr != nil {
		s.fail(w, r, apiErr)
		return
	}

	name := r.PathValue("subject")
	var resp versionResponse
	s.read(func(st *state) {
		if len(st.subjects[name].live(deleted(r))) == 0 {
			apiErr = subjectNotFound(name)
			return
		}
		v, ok := st.find(name, schema, deleted(r))
		if !ok {
			apiErr = schemaNotFound("the schema is not registered under subject '" + name + "'")
			return
		}
		resp = versionResponse{Subject: name, Version: v.number, ID: v.id, Schema: st.schemas[v.id].text}
	})
	if apiErr != nil {
		s.fail(w, r, apiErr)
		return
	}
	s.ok(w, resp)
}

// version resolves the request's subject and version to a response body.
func (s *Server) version(r *http.Request) (versionResponse, *apiError) {
	name := r.PathValue("subject")
	var resp versionResponse
	var apiErr *apiError
	s.read(func(st *state) {
		var v version
		v, apiErr = st.resolve(name, r.PathValue("version"), deleted(r))
		if apiErr == nil {
			resp = versionResponse{Subject: name, Version: v.number, ID: v.id, Schema: st.schemas[v.id].text}
		}
	})
	return resp, apiErr
}

func (s *Server) getVersion(w http.ResponseWriter, r *http.Request) {
	resp, apiErr := s.version(r)
	if apiErr != nil {
		s.fail(w, r, apiErr)
		return
	}
	s.ok(w, resp)
}

func (s *Server) getVersionSchema(w http.ResponseWriter, r *http.Request) {
	resp, apiErr := s.version(r)
	if apiErr != nil {
		s.fail(w, r, apiErr)
		return
	}
	s.ok(w, json.RawMessage(resp.Schema))
}

func (s *Server) deleteVersion(w http.ResponseWriter, r *http.Request) {
	name, permanent := r.PathValue("subject"), r.URL.Query().Get("permanent") == "true"
	var number int
	apiErr := s.update(func(st *state) (bool, *apiError) {
		var e *apiError
		number, e = st.deleteVersion(name, r.PathValue("version"), permanent)
		return e == nil, e
	})
	if apiErr != nil {
		s.fail(w, r, apiErr)
		return
	}
	s.logger.Info("deleted subject version", slog.String("subject", name), slog.Int("version", number),
		slog.Bool("permanent", permanent))
	s.ok(w, number)
}

func (s *Server) deleteSubject(w http.ResponseWriter, r *http.Request) {
	name, permanent := r.PathValue("subject"), r.URL.Query().Get("permanent") == "true"
	var numbers []int
	apiErr := s.update(func(st *state) (bool, *apiError) {
		var e *apiError
		numbers, e = st.deleteSubject(name, permanent)
		return e == nil, e
	})
	if apiErr != nil {
		s.fail(w, r, apiErr)
		return
	}
	s.logger.Info("deleted subject", slog.String("subject", name), slog.Bool("permanent", permanent))
	s.ok(w, numbers)
}

// schemaByID returns the schema entry of the request's id.
func (s *Server) schemaByID(r *http.Request) (*schemaEntry, []subjectVersion, *apiError) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil || id < 1 {
		return nil, nil, schemaNotFound("invalid schema id '" + r.PathValue("id") + "'")
	}
	var entry *schemaEntry
	var usages []subjectVersion
	s.read(func(st *state) {
		entry = st.schemas[id]
		if entry != nil {
			usages = st.usages(id)
		}
	})
	if entry == nil {
		return nil, nil, schemaNotFound("schema id " + strconv.Itoa(id))
	}
	return entry, usages, nil
}

func (s *Server) getSchema(w http.ResponseWriter, r *http.Request) {
	entry, _, apiErr := s.schemaByID(r)
	if apiErr != nil {
		s.fail(w, r, apiErr)
		return
	}
	s.ok(w, map[string]string{"schema": entry.text})
}

func (s *Server) getRawSchema(w http.ResponseWriter, r *http.Request) {
	entry, _, apiErr := s.schemaByID(r)
	if apiErr != nil {
		s.fail(w, r, apiErr)
		return
	}
	s.ok(w, json.RawMessage(entry.text))
}

func (s *Server) getSchemaVersions(w http.ResponseWriter, r *http.Request) {
	_, usages, apiErr := s.schemaByID(r)
	if apiErr != nil {
		s.fail(w, r, apiErr)
		return
	}
	if usages == nil {
		usages = []subjectVersion{}
	}
	s.ok(w, usages)
}

func (s *Server) schemaTypes(w http.ResponseWriter, _ *http.Request) { s.ok(w, []string{"AVRO"}) }

func (s *Server) getGlobalConfig(w http.ResponseWriter, _ *http.Request) {
	var level avro.Level
	s.read(func(st *state) { level = st.global })
	s.ok(w, map[string]string{"compatibilityLevel": string(level)})
}

// readLevel decodes a {"compatibility": LEVEL} request body.
func readLevel(r *http.Request) (avro.Level, *apiError) {
	var req struct {
		Compatibility string `json:"compatibility"`
	}
	if apiErr := decode(r, &req); apiErr != nil {
		return "", apiErr
	}
	level, err := avro.ParseLevel(req.Compatibility)
	if err != nil {
		return "", &apiError{http.StatusUnprocessableEntity, codeInvalidCompatibility,
			"Invalid compatibility level. Valid values are none, backward, forward, full, " +
				"backward_transitive, forward_transitive, and full_transitive"}
	}
	return level, nil
}

func (s *Server) putGlobalConfig(w http.ResponseWriter, r *http.Request) {
	level, apiErr := readLevel(r)
	if apiErr == nil {
		apiErr = s.update(func(st *state) (bool, *apiError) {
			changed := st.global != level
			st.global = level
			return changed, nil
		})
	}
	if apiErr != nil {
		s.fail(w, r, apiErr)
		return
	}
	s.ok(w, map[string]string{"compatibility": string(level)})
}

func (s *Server) getSubjectConfig(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("subject")
	var level avro.Level
	s.read(func(st *state) {
		if sub := st.subjects[name]; sub != nil {
			level = sub.compatibility
		}
		if level == "" && r.URL.Query().Get("defaultToGlobal") == "true" {
			level = st.global
		}
	})
	if level == "" {
		s.fail(w, r, &apiError{http.StatusNotFound, codeSubjectLevelNotSet,
			"Subject '" + name + "' does not have subject-level compatibility configured"})
		return
	}
	s.ok(w, map[string]string{"compatibilityLevel": string(level)})
}

func (s *Server) putSubjectConfig(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("subject")
	level, apiErr := readLevel(r)
	if apiErr == nil {
		apiErr = s.update(func(st *state) (bool, *apiError) {
			sub := st.subjects[name]
			if sub == nil {
				sub = &subject{}
				st.subjects[name] = sub
			}
			changed := sub.compatibility != level
			sub.compatibility = level
			return changed, nil
		})
	}
	if apiErr != nil {
		s.fail(w, r, apiErr)
		return
	}
	s.ok(w, map[string]string{"compatibility": string(level)})
}

func (s *Server) deleteSubjectConfig(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("subject")
	var previous avro.Level
	apiErr := s.update(func(st *state) (bool, *apiError) {
		sub := st.subjects[name]
		if sub == nil || sub.compatibility == "" {
			return false, &apiError{http.StatusNotFound, codeSubjectLevelNotSet,
				"Subject '" + name + "' does not have subject-level compatibility configured"}
		}
		previous, sub.compatibility = sub.compatibility, ""
		if len(sub.versions) == 0 {
			delete(st.subjects, name)
		}
		return true, nil
	})
	if apiErr != nil {
		s.fail(w, r, apiErr)
		return
	}
	s.ok(w, map[string]string{"compatibilityLevel": string(previous)})
}

// checkCompatibility tests a schema against one version, or against the
// versions the subject's level names when the version is "latest" or absent.
func (s *Server) checkCompatibility(w http.ResponseWriter, r *http.Request) {
	var req schemaRequest
	if apiErr := decode(r, &req); apiErr != nil {
		s.fail(w, r, apiErr)
		return
	}
	schema, apiErr := parseSchema(req)
	if apiErr != nil {
		s.fail(w, r, apiErr)
		return
	}

	name, spec := r.PathValue("subject"), r.PathValue("version")
	var msgs []string
	s.read(func(st *state) {
		history := st.subjects[name].live(false)
		switch {
		case spec == "" && len(history) == 0:
			return
		case spec != "" && spec != "latest" && spec != "-1":
			var v version
			if v, apiErr = st.resolve(name, spec, false); apiErr != nil {
				return
			}
			history = []version{v}
		case len(history) == 0:
			apiErr = subjectNotFound(name)
			return
		}
		msgs = st.check(st.level(name), schema, history)
	})
	if apiErr != nil {
		s.fail(w, r, apiErr)
		return
	}
	resp := map[string]any{"is_compatible": len(msgs) == 0}
	if r.URL.Query().Get("verbose") == "true" {
		if msgs == nil {
			msgs = []string{}
		}
		resp["messages"] = msgs
	}
	s.ok(w, resp)
}

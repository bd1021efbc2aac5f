package mockserver

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"sort"
)

// Plugin spec types the Account API knows.
const (
	pluginComponentTransformer = "ComponentTransformer"
	pluginOplogProcessor       = "OplogProcessor"
	pluginApp                  = "App"
	pluginLibrary              = "Library"
)

// plugin is a registered plugin. The mock keeps the size and SHA-256 of its WebAssembly binary,
// which is all tests need to prove what was uploaded, rather than the bytes.
type plugin struct {
	ID          string     `json:"id"`
	AccountID   string     `json:"accountId"`
	Name        string     `json:"name"`
	Version     string     `json:"version"`
	Description string     `json:"description"`
	Icon        string     `json:"icon"`
	Homepage    string     `json:"homepage"`
	Spec        pluginSpec `json:"spec"`
	WasmSize    int64      `json:"wasmSize"`
	WasmSHA256  string     `json:"wasmSha256"`
	Deleted     bool       `json:"deleted"`
}

// pluginSpec holds the fields of every spec type; the wire form carries only the type's own.
type pluginSpec struct {
	Type               string          `json:"type"`
	ProvidedWitPackage *string         `json:"providedWitPackage,omitempty"`
	JSONSchema         json.RawMessage `json:"jsonSchema,omitempty"`
	ValidateURL        *string         `json:"validateUrl,omitempty"`
	TransformURL       *string         `json:"transformUrl,omitempty"`
	ComponentID        *string         `json:"componentId,omitempty"`
	ComponentRevision  *uint64         `json:"componentRevision,omitempty"`
}

// pluginJSON is the Account API's plugin object.
type pluginJSON struct {
	ID          string `json:"id"`
	AccountID   string `json:"accountId"`
	Name        string `json:"name"`
	Version     string `json:"version"`
	Description string `json:"description"`
	Icon        string `json:"icon"`
	Homepage    string `json:"homepage"`
	Spec        any    `json:"spec"`
}

// pluginCreationJSON is the metadata part of a registration; every field is required.
type pluginCreationJSON struct {
	Name        *string     `json:"name"`
	Version     *string     `json:"version"`
	Description *string     `json:"description"`
	Icon        *string     `json:"icon"`
	Homepage    *string     `json:"homepage"`
	Spec        *pluginSpec `json:"spec"`
}

// Wire forms of the spec types. A ComponentTransformer's optional fields the server has no value
// for are left out: Golem 1.4 writes them as null, which its own OpenAPI document does not allow
// (the fields are not nullable), so generated clients that validate answers reject the null.
type (
	componentTransformerJSON struct {
		Type               string          `json:"type"`
		ProvidedWitPackage *string         `json:"providedWitPackage,omitempty"`
		JSONSchema         json.RawMessage `json:"jsonSchema,omitempty"`
		ValidateURL        string          `json:"validateUrl"`
		TransformURL       string          `json:"transformUrl"`
	}
	oplogProcessorJSON struct {
		Type              string `json:"type"`
		ComponentID       string `json:"componentId"`
		ComponentRevision uint64 `json:"componentRevision"`
	}
	emptySpecJSON struct {
		Type string `json:"type"`
	}
)

func (p *plugin) toJSON() pluginJSON {
	return pluginJSON{ID: p.ID, AccountID: p.AccountID, Name: p.Name, Version: p.Version,
		Description: p.Description, Icon: p.Icon, Homepage: p.Homepage, Spec: p.Spec.toJSON()}
}

func (s pluginSpec) toJSON() any {
	switch s.Type {
	case pluginComponentTransformer:
		return componentTransformerJSON{Type: s.Type, ProvidedWitPackage: s.ProvidedWitPackage, JSONSchema: s.JSONSchema,
			ValidateURL: derefString(s.ValidateURL), TransformURL: derefString(s.TransformURL)}
	case pluginOplogProcessor:
		var revision uint64
		if s.ComponentRevision != nil {
			revision = *s.ComponentRevision
		}
		return oplogProcessorJSON{Type: s.Type, ComponentID: derefString(s.ComponentID), ComponentRevision: revision}
	}
	return emptySpecJSON{Type: s.Type}
}

func derefString(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (s *Server) pluginRoutes() {
	s.mux.HandleFunc("GET /v1/accounts/{account_id}/plugins", s.accountAPI(s.listPlugins))
	s.mux.HandleFunc("POST /v1/accounts/{account_id}/plugins", s.accountAPIUpload(s.createPlugin))
	s.mux.HandleFunc("GET /v1/plugins/{plugin_id}", s.accountAPI(s.getPlugin))
	s.mux.HandleFunc("DELETE /v1/plugins/{plugin_id}", s.accountAPI(s.deletePlugin))
}

// maxWasmBytes bounds an uploaded binary; the real system's limit is configurable and larger.
const maxWasmBytes = 64 << 20

func (s *Server) createPlugin(w http.ResponseWriter, r *http.Request) {
	form, status, err := readPluginForm(r, s.keepsBinaries())
	if err != nil {
		if status == http.StatusBadRequest {
			writeAccountValidation(w, []string{err.Error()})
		} else {
			writeAccountError(w, status, "%s", err.Error())
		}
		return
	}
	accountID, ok := s.visibleParentAccount(w, r)
	if !ok {
		return
	}
	in := form.metadata
	if !form.hasWasm && (in.Spec.Type == pluginApp || in.Spec.Type == pluginLibrary) {
		writeAccountValidation(w, []string{"Required wasm file missing"})
		return
	}
	if s.livePluginNamed(accountID, *in.Name, *in.Version) != nil {
		writeAccountError(w, http.StatusConflict, "Plugin with this name and version already exists")
		return
	}
	p := &plugin{ID: newUUID(), AccountID: accountID, Name: *in.Name, Version: *in.Version,
		Description: *in.Description, Icon: *in.Icon, Homepage: *in.Homepage, Spec: *in.Spec}
	if form.hasWasm {
		p.WasmSize, p.WasmSHA256 = form.wasmSize, form.wasmSHA256
	}
	s.state.Plugins[p.ID] = p
	s.changed(bucketPlugins, p.ID)
	if form.wasm != nil {
		s.changedBinary(bucketWasm, p.WasmSHA256, form.wasm)
	}
	writeJSON(w, http.StatusOK, p.toJSON())
}

func (s *Server) listPlugins(w http.ResponseWriter, r *http.Request) {
	accountID, ok := s.visibleParentAccount(w, r)
	if !ok {
		return
	}
	var live []*plugin
	for _, p := range s.state.Plugins {
		if p.AccountID == accountID && !p.Deleted {
			live = append(live, p)
		}
	}
	sort.Slice(live, func(i, j int) bool {
		a, b := live[i], live[j]
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		if a.Version != b.Version {
			return a.Version < b.Version
		}
		return a.ID < b.ID
	})
	values := make([]pluginJSON, 0, len(live))
	for _, p := range live {
		values = append(values, p.toJSON())
	}
	writeJSON(w, http.StatusOK, struct {
		Values []pluginJSON `json:"values"`
	}{values})
}

func (s *Server) getPlugin(w http.ResponseWriter, r *http.Request) {
	p, ok := s.visiblePlugin(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, p.toJSON())
}

// deletePlugin is a soft delete, as on the real system: the plugin answers 404 afterwards and its
// name and version are free again. The answer is the deleted plugin.
func (s *Server) deletePlugin(w http.ResponseWriter, r *http.Request) {
	p, ok := s.visiblePlugin(w, r)
	if !ok {
		return
	}
	p.Deleted = true
	s.changed(bucketPlugins, p.ID)
	writeJSON(w, http.StatusOK, p.toJSON())
}

// visibleParentAccount answers 404 unless the account in the path is live and the caller's own
// (admins see every account).
func (s *Server) visibleParentAccount(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("account_id")
	if _, live := s.liveAccount(id); !live || !callerFrom(r).canSee(id) {
		writeAccountError(w, http.StatusNotFound, "Parent account %s not found", id)
		return "", false
	}
	return id, true
}

// visiblePlugin finds the live plugin in the path, of a live account the caller may see, or answers 404.
func (s *Server) visiblePlugin(w http.ResponseWriter, r *http.Request) (*plugin, bool) {
	id := r.PathValue("plugin_id")
	p, ok := s.state.Plugins[id]
	if ok && !p.Deleted && callerFrom(r).canSee(p.AccountID) {
		if _, live := s.liveAccount(p.AccountID); live {
			return p, true
		}
	}
	writeAccountError(w, http.StatusNotFound, "Registered plugin not found for id %s", id)
	return nil, false
}

func (s *Server) livePluginNamed(accountID, name, version string) *plugin {
	for _, p := range s.state.Plugins {
		if !p.Deleted && p.AccountID == accountID && p.Name == name && p.Version == version {
			return p
		}
	}
	return nil
}

// pluginForm is a parsed registration: the checked metadata, a digest of the binary and, when asked
// for, the binary itself.
type pluginForm struct {
	metadata   pluginCreationJSON
	hasWasm    bool
	wasmSize   int64
	wasmSHA256 string
	wasm       []byte
}

// readPluginForm parses a multipart/form-data registration, keeping the binary when keepWasm is
// set. It returns the status to answer with when the request is not acceptable: 415 for another
// content type, 400 for a malformed form or metadata.
func readPluginForm(r *http.Request, keepWasm bool) (*pluginForm, int, error) {
	mediaType, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/form-data" || params["boundary"] == "" {
		return nil, http.StatusUnsupportedMediaType, errors.New("unsupported media type: expect multipart/form-data")
	}
	reader := multipart.NewReader(r.Body, params["boundary"])
	form := &pluginForm{}
	var metadata []byte
	for {
		part, err := reader.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, http.StatusBadRequest, fmt.Errorf("parse multipart error: %w", err)
		}
		switch part.FormName() {
		case "metadata":
			metadata, err = io.ReadAll(io.LimitReader(part, 1<<20))
		case "pluginWasm":
			form.hasWasm = true
			var keep *bytes.Buffer
			if keepWasm {
				keep = &bytes.Buffer{}
			}
			form.wasmSize, form.wasmSHA256, err = digest(part, keep)
			if keep != nil {
				form.wasm = keep.Bytes()
			}
		default:
			_, err = io.Copy(io.Discard, part)
		}
		if err != nil {
			return nil, http.StatusBadRequest, fmt.Errorf("parse multipart error: %w", err)
		}
	}
	if metadata == nil {
		return nil, http.StatusBadRequest, errors.New("parse multipart error: field `metadata` is required")
	}
	if err := decodePluginMetadata(metadata, &form.metadata); err != nil {
		return nil, http.StatusBadRequest, err
	}
	return form, 0, nil
}

// digest reads a binary part, returning its size and hex SHA-256; keep, when not nil, gets a copy.
func digest(part io.Reader, keep *bytes.Buffer) (int64, string, error) {
	h := sha256.New()
	var sink io.Writer = h
	if keep != nil {
		sink = io.MultiWriter(h, keep)
	}
	n, err := io.Copy(sink, io.LimitReader(part, maxWasmBytes+1))
	if err != nil {
		return 0, "", err
	}
	if n > maxWasmBytes {
		return 0, "", fmt.Errorf("pluginWasm is larger than %d bytes", maxWasmBytes)
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

// decodePluginMetadata decodes and checks the metadata part the way the real system's request
// parser does: every field present, icon valid base64, spec fields complete for its type.
func decodePluginMetadata(data []byte, in *pluginCreationJSON) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(in); err != nil {
		return fmt.Errorf("parse multipart error: metadata: %w", err)
	}
	var problems []string
	for field, v := range map[string]*string{"name": in.Name, "version": in.Version, "description": in.Description, "icon": in.Icon, "homepage": in.Homepage} {
		if v == nil {
			problems = append(problems, field+": field is required")
		}
	}
	if in.Icon != nil {
		if _, err := base64.StdEncoding.Strict().DecodeString(*in.Icon); err != nil {
			problems = append(problems, "icon: not valid base64: "+err.Error())
		}
	}
	if in.Spec == nil {
		problems = append(problems, "spec: field is required")
	} else {
		problems = append(problems, in.Spec.normalize()...)
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return fmt.Errorf("parse multipart error: metadata: %v", problems)
	}
	return nil
}

// normalize checks the spec's fields for its type and drops fields of other types. A JSON schema is
// re-encoded (compact, keys sorted) as the real system, which stores it as a JSON value, does.
func (s *pluginSpec) normalize() []string {
	switch s.Type {
	case pluginComponentTransformer:
		var problems []string
		if s.ValidateURL == nil {
			problems = append(problems, "spec.validateUrl: field is required")
		}
		if s.TransformURL == nil {
			problems = append(problems, "spec.transformUrl: field is required")
		}
		if len(s.JSONSchema) > 0 {
			var v any
			if err := json.Unmarshal(s.JSONSchema, &v); err != nil {
				problems = append(problems, "spec.jsonSchema: "+err.Error())
			}
			s.JSONSchema, _ = json.Marshal(v)
			if v == nil {
				s.JSONSchema = nil
			}
		}
		s.ComponentID, s.ComponentRevision = nil, nil
		return problems
	case pluginOplogProcessor:
		var problems []string
		if s.ComponentID == nil || !isUUID(*s.ComponentID) {
			problems = append(problems, "spec.componentId: a UUID is required")
		}
		if s.ComponentRevision == nil {
			problems = append(problems, "spec.componentRevision: field is required")
		}
		s.ProvidedWitPackage, s.JSONSchema, s.ValidateURL, s.TransformURL = nil, nil, nil, nil
		return problems
	case pluginApp, pluginLibrary:
		*s = pluginSpec{Type: s.Type}
		return nil
	}
	return []string{fmt.Sprintf("spec.type: %q is not one of ComponentTransformer, OplogProcessor, App, Library", s.Type)}
}

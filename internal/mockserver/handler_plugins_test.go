package mockserver

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/golden"
)

// emptyWasm is the smallest valid WebAssembly module.
var emptyWasm = []byte("\x00asm\x01\x00\x00\x00")

// pluginForm builds a registration body the way any multipart client would; a nil wasm sends no
// pluginWasm part.
func pluginFormBody(t *testing.T, metadata any, wasm []byte) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	form := multipart.NewWriter(&buf)
	raw, ok := metadata.(string)
	if !ok {
		encoded, err := json.Marshal(metadata)
		if err != nil {
			t.Fatal(err)
		}
		raw = string(encoded)
	}
	if metadata != nil {
		part, _ := form.CreatePart(textproto.MIMEHeader{
			"Content-Disposition": {`form-data; name="metadata"`}, "Content-Type": {"application/json"}})
		_, _ = part.Write([]byte(raw))
	}
	if wasm != nil {
		part, _ := form.CreateFormFile("pluginWasm", "plugin.wasm")
		_, _ = part.Write(wasm)
	}
	_ = form.Close()
	return &buf, form.FormDataContentType()
}

// register posts a plugin registration with token and returns the status and body.
func register(t *testing.T, s *Server, token, accountID string, metadata any, wasm []byte) (int, []byte) {
	t.Helper()
	body, contentType := pluginFormBody(t, metadata, wasm)
	req := httptest.NewRequest(http.MethodPost, "/v1/accounts/"+accountID+"/plugins", body)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

// registerOK registers a plugin as the admin and fails the test unless it succeeds.
func registerOK(t *testing.T, s *Server, accountID string, metadata any, wasm []byte) pluginJSON {
	t.Helper()
	status, body := register(t, s, s.AdminToken(), accountID, metadata, wasm)
	if status != http.StatusOK {
		t.Fatalf("registering plugin: status %d body %s", status, body)
	}
	return decode[pluginJSON](t, body)
}

func transformerMetadata(name, version string) map[string]any {
	return map[string]any{
		"name": name, "version": version, "description": "a transformer", "icon": "aWNvbg==", "homepage": "https://example.com",
		"spec": map[string]any{
			"type": "ComponentTransformer", "providedWitPackage": "pkg:wit",
			"jsonSchema":  map[string]any{"type": "object", "properties": map[string]any{"a": map[string]any{"type": "string"}}},
			"validateUrl": "https://example.com/validate", "transformUrl": "https://example.com/transform",
		},
	}
}

func emptySpecMetadata(specType, name string) map[string]any {
	return map[string]any{"name": name, "version": "1.0.0", "description": "", "icon": "", "homepage": "",
		"spec": map[string]any{"type": specType}}
}

// userToken gives a new non-admin account a bearer secret, as the token API would.
func userToken(t *testing.T, s *Server, name string) (accountID, secret string) {
	t.Helper()
	a := createTestAccount(t, s, name, name+"@example.com")
	secret = newSecret()
	s.mu.Lock()
	id := newUUID()
	s.state.Tokens[id] = &token{ID: id, AccountID: a.ID, Secret: secret, ExpiresAt: time.Now().Add(time.Hour)}
	s.changed(bucketTokens, id)
	s.mu.Unlock()
	return a.ID, secret
}

func TestPluginResponsesMatchTheDocumentedShapes(t *testing.T) {
	s := newTestServer(t)
	status, created := register(t, s, s.AdminToken(), RootAccountID, transformerMetadata("t", "1"), nil)
	if status != http.StatusOK {
		t.Fatalf("status %d body %s", status, created)
	}
	golden.AssertShape(t, "plugin_create_response.json", created)
	id := decode[pluginJSON](t, created).ID

	golden.AssertShape(t, "plugins_list_response.json", admin(t, s, http.MethodGet, "/v1/accounts/"+RootAccountID+"/plugins", nil, http.StatusOK))
	// GET and DELETE answer the same plugin object as the create.
	golden.AssertShape(t, "plugin_create_response.json", admin(t, s, http.MethodGet, "/v1/plugins/"+id, nil, http.StatusOK))
	golden.AssertShape(t, "plugin_create_response.json", admin(t, s, http.MethodDelete, "/v1/plugins/"+id, nil, http.StatusOK))
}

func TestPluginSpecWireFormPerType(t *testing.T) {
	s := newTestServer(t)
	transformer := transformerMetadata("t", "1")
	transformer["spec"].(map[string]any)["jsonSchema"] = json.RawMessage(`{ "type" : "object", "required": ["a"], "additionalProperties" : false }`)
	delete(transformer["spec"].(map[string]any), "providedWitPackage")
	oplog := emptySpecMetadata("OplogProcessor", "o")
	oplog["spec"] = map[string]any{"type": "OplogProcessor", "componentId": "c0d0f0a0-0000-4000-8000-000000000000",
		"componentRevision": uint64(18446744073709551615), "validateUrl": "dropped"}
	for _, tc := range []struct {
		metadata map[string]any
		wasm     []byte
		want     string
	}{
		// Unset optional fields are left out (not null); the schema comes back as the real system stores JSON.
		{transformer, nil, `{"type":"ComponentTransformer","jsonSchema":{"additionalProperties":false,"required":["a"],"type":"object"},"validateUrl":"https://example.com/validate","transformUrl":"https://example.com/transform"}`},
		{oplog, nil, `{"type":"OplogProcessor","componentId":"c0d0f0a0-0000-4000-8000-000000000000","componentRevision":18446744073709551615}`},
		{emptySpecMetadata("App", "a"), emptyWasm, `{"type":"App"}`},
		{emptySpecMetadata("Library", "l"), emptyWasm, `{"type":"Library"}`},
	} {
		_, body := register(t, s, s.AdminToken(), RootAccountID, tc.metadata, tc.wasm)
		var got struct {
			Spec json.RawMessage `json:"spec"`
		}
		_ = json.Unmarshal(body, &got)
		if string(got.Spec) != tc.want {
			t.Errorf("spec %s\nwant %s", got.Spec, tc.want)
		}
	}
}

func TestPluginRegistrationKeepsTheWasmDigest(t *testing.T) {
	s := newTestServer(t)
	wasm := append(append([]byte{}, emptyWasm...), 0x00, 0x05, 0x04, 't', 'e', 's', 't')
	p := registerOK(t, s, RootAccountID, emptySpecMetadata("Library", "lib"), wasm)
	got, ok := s.Plugin(p.ID)
	sum := sha256.Sum256(wasm)
	if !ok || got.WasmSize != int64(len(wasm)) || got.WasmSHA256 != hex.EncodeToString(sum[:]) || got.SpecType != "Library" {
		t.Errorf("mock plugin %+v, want %d bytes with sha256 %x", got, len(wasm), sum)
	}
}

func TestPluginAppAndLibraryNeedWasm(t *testing.T) {
	s := newTestServer(t)
	for _, specType := range []string{"App", "Library"} {
		status, body := register(t, s, s.AdminToken(), RootAccountID, emptySpecMetadata(specType, specType), nil)
		if status != http.StatusBadRequest || string(body) != `{"errors":["Required wasm file missing"]}`+"\n" {
			t.Errorf("%s without wasm: status %d body %s", specType, status, body)
		}
	}
	// A transformer needs none.
	registerOK(t, s, RootAccountID, transformerMetadata("t", "1"), nil)
	if n := len(s.LivePlugins("")); n != 1 {
		t.Errorf("%d live plugins, want 1", n)
	}
}

func TestPluginDuplicateNameAndVersion(t *testing.T) {
	s := newTestServer(t)
	other := createTestAccount(t, s, "o", "o@example.com")
	first := registerOK(t, s, RootAccountID, transformerMetadata("t", "1"), nil)

	status, body := register(t, s, s.AdminToken(), RootAccountID, transformerMetadata("t", "1"), nil)
	if status != http.StatusConflict || errorBodyOf(t, body) != "Plugin with this name and version already exists" {
		t.Errorf("duplicate: status %d body %s", status, body)
	}
	registerOK(t, s, RootAccountID, transformerMetadata("t", "2"), nil)
	registerOK(t, s, other.ID, transformerMetadata("t", "1"), nil)
	// A deleted plugin's name and version are free again.
	admin(t, s, http.MethodDelete, "/v1/plugins/"+first.ID, nil, http.StatusOK)
	registerOK(t, s, RootAccountID, transformerMetadata("t", "1"), nil)
}

func TestPluginSoftDelete(t *testing.T) {
	s := newTestServer(t)
	p := registerOK(t, s, RootAccountID, transformerMetadata("t", "1"), nil)
	keep := registerOK(t, s, RootAccountID, transformerMetadata("t", "2"), nil)
	deleted := decode[pluginJSON](t, admin(t, s, http.MethodDelete, "/v1/plugins/"+p.ID, nil, http.StatusOK))
	if deleted.ID != p.ID || deleted.Name != "t" {
		t.Errorf("DELETE answered %+v, want the deleted plugin", deleted)
	}
	for _, method := range []string{http.MethodGet, http.MethodDelete} {
		status, body := call(t, s, method, "/v1/plugins/"+p.ID, s.AdminToken(), nil)
		if status != http.StatusNotFound || errorBodyOf(t, body) != "Registered plugin not found for id "+p.ID {
			t.Errorf("%s deleted plugin: status %d body %s", method, status, body)
		}
	}
	list := decode[struct{ Values []pluginJSON }](t, admin(t, s, http.MethodGet, "/v1/accounts/"+RootAccountID+"/plugins", nil, http.StatusOK))
	if len(list.Values) != 1 || list.Values[0].ID != keep.ID {
		t.Errorf("list after delete %+v, want only %s", list.Values, keep.ID)
	}
	if got, ok := s.Plugin(p.ID); !ok || !got.Deleted {
		t.Errorf("mock keeps %+v, want a soft-deleted record", got)
	}
	if !s.DeletePlugin(keep.ID) || s.DeletePlugin(keep.ID) {
		t.Error("DeletePlugin should delete a live plugin once")
	}
	admin(t, s, http.MethodGet, "/v1/plugins/"+keep.ID, nil, http.StatusNotFound)
}

func TestPluginParentAccountMustBeLive(t *testing.T) {
	s := newTestServer(t)
	gone := createTestAccount(t, s, "g", "g@example.com")
	p := registerOK(t, s, gone.ID, transformerMetadata("t", "1"), nil)
	admin(t, s, http.MethodDelete, "/v1/accounts/"+gone.ID+"?current_revision=0", nil, http.StatusOK)
	for _, id := range []string{gone.ID, "11111111-2222-4333-8444-555555555555"} {
		status, body := register(t, s, s.AdminToken(), id, transformerMetadata("t", "9"), nil)
		if status != http.StatusNotFound || errorBodyOf(t, body) != "Parent account "+id+" not found" {
			t.Errorf("register in %s: status %d body %s", id, status, body)
		}
		status, body = call(t, s, http.MethodGet, "/v1/accounts/"+id+"/plugins", s.AdminToken(), nil)
		if status != http.StatusNotFound || errorBodyOf(t, body) != "Parent account "+id+" not found" {
			t.Errorf("list of %s: status %d body %s", id, status, body)
		}
	}
	admin(t, s, http.MethodGet, "/v1/plugins/"+p.ID, nil, http.StatusNotFound)
}

func TestPluginPermissions(t *testing.T) {
	s := newTestServer(t)
	mine, secret := userToken(t, s, "user")
	theirs := createTestAccount(t, s, "other", "other@example.com")
	own, body := register(t, s, secret, mine, transformerMetadata("t", "1"), nil)
	if own != http.StatusOK {
		t.Fatalf("a user registering in their own account: status %d body %s", own, body)
	}
	ownID := decode[pluginJSON](t, body).ID
	foreign := registerOK(t, s, theirs.ID, transformerMetadata("t", "1"), nil)

	// Others' accounts and plugins are hidden behind 404s.
	if status, body := register(t, s, secret, theirs.ID, transformerMetadata("x", "1"), nil); status != http.StatusNotFound ||
		errorBodyOf(t, body) != "Parent account "+theirs.ID+" not found" {
		t.Errorf("register in another account: status %d body %s", status, body)
	}
	for _, c := range []struct{ method, path string }{
		{http.MethodGet, "/v1/accounts/" + theirs.ID + "/plugins"},
		{http.MethodGet, "/v1/plugins/" + foreign.ID},
		{http.MethodDelete, "/v1/plugins/" + foreign.ID},
	} {
		if status, body := call(t, s, c.method, c.path, secret, nil); status != http.StatusNotFound {
			t.Errorf("user %s %s: status %d body %s", c.method, c.path, status, body)
		}
	}
	if status, _ := call(t, s, http.MethodGet, "/v1/accounts/"+mine+"/plugins", secret, nil); status != http.StatusOK {
		t.Errorf("user lists own plugins: status %d", status)
	}
	// The admin sees and deletes everyone's.
	admin(t, s, http.MethodGet, "/v1/plugins/"+ownID, nil, http.StatusOK)
	if status, _ := call(t, s, http.MethodDelete, "/v1/plugins/"+ownID, secret, nil); status != http.StatusOK {
		t.Errorf("user deletes own plugin: status %d", status)
	}
	if status, _ := call(t, s, http.MethodGet, "/v1/accounts/"+mine+"/plugins", "", nil); status != http.StatusUnauthorized {
		t.Errorf("no token: status %d, want 401", status)
	}
}

func TestPluginBadRegistrations(t *testing.T) {
	s := newTestServer(t)
	badIcon := transformerMetadata("t", "1")
	badIcon["icon"] = "not base64!"
	missingURL := transformerMetadata("t", "1")
	delete(missingURL["spec"].(map[string]any), "validateUrl")
	missingName := transformerMetadata("t", "1")
	delete(missingName, "name")
	badOplog := emptySpecMetadata("OplogProcessor", "o")
	badOplog["spec"] = map[string]any{"type": "OplogProcessor", "componentId": "nope", "componentRevision": 1}
	for name, metadata := range map[string]any{
		"bad icon":           badIcon,
		"missing validate":   missingURL,
		"missing name":       missingName,
		"unknown spec type":  emptySpecMetadata("Bogus", "b"),
		"bad component id":   badOplog,
		"metadata not JSON":  "{not json",
		"no metadata at all": nil,
	} {
		status, body := register(t, s, s.AdminToken(), RootAccountID, metadata, emptyWasm)
		if status != http.StatusBadRequest || len(decode[accountAPIErrors](t, body).Errors) == 0 {
			t.Errorf("%s: status %d body %s, want 400 with errors", name, status, body)
		}
	}
	status, body := call(t, s, http.MethodPost, "/v1/accounts/"+RootAccountID+"/plugins", s.AdminToken(), transformerMetadata("t", "1"))
	if status != http.StatusUnsupportedMediaType || !strings.Contains(errorBodyOf(t, body), "multipart/form-data") {
		t.Errorf("JSON body: status %d body %s, want 415", status, body)
	}
	if n := len(s.LivePlugins("")); n != 0 {
		t.Errorf("%d plugins registered by bad requests", n)
	}
}

func TestPluginsSurviveARestart(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	s, err := New(Options{StateFile: file})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() }) // frees the file if the test fails first; a second Close is harmless
	p := registerOK(t, s, RootAccountID, emptySpecMetadata("App", "app"), emptyWasm)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	restarted, err := New(Options{StateFile: file})
	if err != nil {
		t.Fatal(err)
	}
	defer restarted.Close()
	got, ok := restarted.Plugin(p.ID)
	if !ok || got.WasmSize != int64(len(emptyWasm)) || got.SpecJSON != `{"type":"App"}` {
		t.Errorf("after restart %+v", got)
	}
}

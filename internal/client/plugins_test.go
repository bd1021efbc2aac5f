package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/golden"
)

// formParts reads a multipart/form-data request into its parts' content types and bodies, by name.
func formParts(t *testing.T, r *http.Request) (types, bodies map[string]string) {
	t.Helper()
	mediaType, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/form-data" {
		t.Fatalf("Content-Type %q is not multipart/form-data", r.Header.Get("Content-Type"))
	}
	types, bodies = map[string]string{}, map[string]string{}
	reader := multipart.NewReader(r.Body, params["boundary"])
	for {
		part, err := reader.NextPart()
		if err == io.EOF {
			return types, bodies
		}
		if err != nil {
			t.Fatalf("reading multipart body: %v", err)
		}
		data, _ := io.ReadAll(part)
		types[part.FormName()] = part.Header.Get("Content-Type")
		bodies[part.FormName()] = string(data)
	}
}

func ptr[T any](v T) *T { return &v }

func componentTransformerInput() PluginCreateInput {
	return PluginCreateInput{
		Name: "transformer", Version: "1.0.0", Description: "d", Icon: "aWNvbg==", Homepage: "https://example.com",
		Spec: PluginSpec{
			Type: PluginTypeComponentTransformer, ProvidedWitPackage: ptr("pkg:wit"),
			JSONSchema:  json.RawMessage(`{"type":"object"}`),
			ValidateURL: ptr("https://example.com/validate"), TransformURL: ptr("https://example.com/transform"),
		},
	}
}

func TestCreatePluginSendsTheDocumentedMultipartForm(t *testing.T) {
	wasm := []byte("\x00asm\x01\x00\x00\x00")
	var types, bodies map[string]string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1/accounts/acc-1/plugins" {
			t.Errorf("request %s %s", r.Method, r.URL.Path)
		}
		types, bodies = formParts(t, r)
		_, _ = w.Write(golden.Load(t, "plugin_create_response.json"))
	}))
	defer srv.Close()

	in := componentTransformerInput()
	in.Wasm = wasm
	got, err := newClientFor(t, srv.URL).CreatePlugin(context.Background(), "acc-1", in)
	if err != nil {
		t.Fatal(err)
	}
	golden.AssertShape(t, "plugin_create_metadata.json", []byte(bodies["metadata"]))
	if types["metadata"] != "application/json" {
		t.Errorf("metadata part has Content-Type %q, want application/json", types["metadata"])
	}
	if types["pluginWasm"] != "application/octet-stream" || bodies["pluginWasm"] != string(wasm) {
		t.Errorf("pluginWasm part is %q %q, want the wasm bytes as application/octet-stream", types["pluginWasm"], bodies["pluginWasm"])
	}
	var metadata map[string]any
	_ = json.Unmarshal([]byte(bodies["metadata"]), &metadata)
	if schema := metadata["spec"].(map[string]any)["jsonSchema"]; schema.(map[string]any)["type"] != "object" {
		t.Errorf("jsonSchema sent as %v", schema)
	}
	// The seed's example answer, decoded.
	if got.ID != "497f6eca-6276-4993-bfeb-53cbbbba6f08" || got.AccountID != "3d07c219-0a88-45be-9cfc-91e9d095a1e9" ||
		got.Name != "string" || got.Icon != "string" || got.Spec.Type != PluginTypeComponentTransformer ||
		deref(got.Spec.ProvidedWitPackage) != "string" || got.Spec.JSONSchema != nil ||
		deref(got.Spec.ValidateURL) != "string" || deref(got.Spec.TransformURL) != "string" {
		t.Errorf("decoded plugin %+v spec %+v", got, got.Spec)
	}
}

func TestCreatePluginWithoutWasmSendsOnlyMetadata(t *testing.T) {
	var bodies map[string]string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, bodies = formParts(t, r)
		_, _ = w.Write(golden.Load(t, "plugin_create_response.json"))
	}))
	defer srv.Close()
	in := componentTransformerInput()
	in.Spec.ProvidedWitPackage, in.Spec.JSONSchema = nil, nil
	if _, err := newClientFor(t, srv.URL).CreatePlugin(context.Background(), "acc-1", in); err != nil {
		t.Fatal(err)
	}
	if _, ok := bodies["pluginWasm"]; ok || len(bodies) != 1 {
		t.Errorf("parts %v, want only metadata", bodies)
	}
	// Unset optional fields are sent as null, the form the documentation prints for jsonSchema
	// (the real API accepts null or an absent field).
	var metadata struct {
		Spec map[string]any `json:"spec"`
	}
	_ = json.Unmarshal([]byte(bodies["metadata"]), &metadata)
	if metadata.Spec["providedWitPackage"] != nil || metadata.Spec["jsonSchema"] != nil {
		t.Errorf("spec sent as %v, want null optional fields", metadata.Spec)
	}
}

func TestPluginSpecWireFormPerType(t *testing.T) {
	for _, tc := range []struct {
		spec PluginSpec
		want string
	}{
		{PluginSpec{Type: PluginTypeOplogProcessor, ComponentID: ptr("c0d0f0a0-0000-4000-8000-000000000000"), ComponentRevision: ptr(uint64(18446744073709551615))},
			`{"type":"OplogProcessor","componentId":"c0d0f0a0-0000-4000-8000-000000000000","componentRevision":18446744073709551615}`},
		{PluginSpec{Type: PluginTypeApp}, `{"type":"App"}`},
		{PluginSpec{Type: PluginTypeLibrary}, `{"type":"Library"}`},
		{PluginSpec{Type: PluginTypeComponentTransformer, ValidateURL: ptr("v"), TransformURL: ptr("t")},
			`{"type":"ComponentTransformer","providedWitPackage":null,"jsonSchema":null,"validateUrl":"v","transformUrl":"t"}`},
	} {
		got, err := json.Marshal(tc.spec)
		if err != nil || string(got) != tc.want {
			t.Errorf("%s encodes to %s (%v), want %s", tc.spec.Type, got, err, tc.want)
		}
		var back PluginSpec
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatal(err)
		}
		again, _ := json.Marshal(back)
		if string(again) != tc.want {
			t.Errorf("%s does not survive a round trip: %s", tc.spec.Type, again)
		}
	}
}

func TestPluginDecodingAcceptsAbsentAndNullOptionalFields(t *testing.T) {
	for _, body := range []string{
		`{"type":"ComponentTransformer","validateUrl":"v","transformUrl":"t"}`,
		`{"type":"ComponentTransformer","providedWitPackage":null,"jsonSchema":null,"validateUrl":"v","transformUrl":"t"}`,
	} {
		var spec PluginSpec
		if err := json.Unmarshal([]byte(body), &spec); err != nil {
			t.Fatal(err)
		}
		if spec.ProvidedWitPackage != nil || spec.JSONSchema != nil || deref(spec.ValidateURL) != "v" {
			t.Errorf("%s decoded to %+v", body, spec)
		}
	}
}

func TestListPluginsDecodesThePage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Path != "/v1/accounts/acc-1/plugins" {
			t.Errorf("request %s %s", r.Method, r.URL.Path)
		}
		_, _ = w.Write(golden.Load(t, "plugins_list_response.json"))
	}))
	defer srv.Close()
	plugins, err := newClientFor(t, srv.URL).ListPlugins(context.Background(), "acc-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(plugins) != 1 || plugins[0].ID != "497f6eca-6276-4993-bfeb-53cbbbba6f08" || plugins[0].Spec.Type != PluginTypeComponentTransformer {
		t.Errorf("plugins %+v", plugins)
	}
}

func TestGetAndDeletePluginUseThePluginPath(t *testing.T) {
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Method+" "+r.URL.Path)
		if r.Method == http.MethodDelete {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"error":"Registered plugin not found for id p-1"}`))
			return
		}
		_, _ = w.Write([]byte(`{"id":"p-1","accountId":"a","name":"n","version":"v","description":"","icon":"","homepage":"","spec":{"type":"Library"}}`))
	}))
	defer srv.Close()
	c := newClientFor(t, srv.URL)
	p, err := c.GetPlugin(context.Background(), "p-1")
	if err != nil || p.Spec.Type != PluginTypeLibrary || p.Spec.ValidateURL != nil {
		t.Errorf("GetPlugin = %+v, %v", p, err)
	}
	if err := c.DeletePlugin(context.Background(), "p-1"); !IsNotFound(err) {
		t.Errorf("DeletePlugin of a missing plugin = %v, want not found", err)
	}
	if want := []string{"GET /v1/plugins/p-1", "DELETE /v1/plugins/p-1"}; len(seen) != 2 || seen[0] != want[0] || seen[1] != want[1] {
		t.Errorf("requests %v, want %v", seen, want)
	}
}

// pluginRegistry is a server that registers plugins but answers 503 to the first POST after acting
// on it, as a gateway that times out behind a slow backend does.
type pluginRegistry struct {
	mu         sync.Mutex
	registered []json.RawMessage
	failFirst  bool
	posts      int
}

func (p *pluginRegistry) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if r.Method == http.MethodGet {
		_ = json.NewEncoder(w).Encode(map[string]any{"values": p.registered})
		return
	}
	p.posts++
	if len(p.registered) > 0 {
		w.WriteHeader(http.StatusConflict)
		_, _ = w.Write([]byte(`{"error":"Plugin with this name and version already exists"}`))
		return
	}
	// Register what was posted, as the platform does.
	var plugin map[string]any
	if err := json.Unmarshal([]byte(r.FormValue("metadata")), &plugin); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	plugin["id"], plugin["accountId"] = "p-1", "acc-1"
	registered, _ := json.Marshal(plugin)
	p.registered = append(p.registered, registered)
	if p.failFirst {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	_, _ = w.Write(p.registered[0])
}

func TestCreatePluginRetriedIntoConflictFindsTheRegisteredPlugin(t *testing.T) {
	registry := &pluginRegistry{failFirst: true}
	srv := httptest.NewServer(registry)
	defer srv.Close()
	got, err := newClientFor(t, srv.URL).CreatePlugin(context.Background(), "acc-1", componentTransformerInput())
	if err != nil {
		t.Fatalf("CreatePlugin = %v, want the plugin the first attempt registered", err)
	}
	if got.ID != "p-1" || registry.posts != 2 {
		t.Errorf("got %+v after %d POSTs", got, registry.posts)
	}
}

func TestCreatePluginFirstAttemptConflictIsAnError(t *testing.T) {
	registry := &pluginRegistry{}
	srv := httptest.NewServer(registry)
	defer srv.Close()
	c := newClientFor(t, srv.URL)
	if _, err := c.CreatePlugin(context.Background(), "acc-1", componentTransformerInput()); err != nil {
		t.Fatal(err)
	}
	_, err := c.CreatePlugin(context.Background(), "acc-1", componentTransformerInput())
	var exists *ExistsError
	if !IsConflict(err) || !errors.As(err, &exists) || exists.ImportID != "p-1" || len(exists.Differences) != 0 ||
		!bytes.Contains([]byte(err.Error()), []byte("already exists")) {
		t.Errorf("duplicate CreatePlugin = %v, want an ExistsError naming p-1 over the 409", err)
	}
}

package mockserver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	openapi_types "github.com/oapi-codegen/runtime/types"

	api "github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver/internal/openapiclient"
)

// accountAPISpec is Golem 1.4.2's OpenAPI document of the Account API (from api-facts).
var accountAPISpec = filepath.Join("testdata", "account-api.openapi.yaml")

// specValidator is an http.RoundTripper that checks every request and answer against the OpenAPI
// document: the route must exist, the request must match its operation, and the answer's status,
// content type and body must be one the document lists. It records which operations answered 2xx.
type specValidator struct {
	t      *testing.T
	router routers.Router
	next   http.RoundTripper

	mu        sync.Mutex
	succeeded map[string]int
}

func newSpecValidator(t *testing.T) *specValidator {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(accountAPISpec)
	if err != nil {
		t.Fatalf("loading %s: %v", accountAPISpec, err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatalf("%s is not a valid OpenAPI document: %v", accountAPISpec, err)
	}
	// Check the formats the document names, not only the types.
	openapi3.DefineStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC4122))
	// The mock's server URL is a loopback port, not the document's; match on paths alone.
	doc.Servers = nil
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &specValidator{t: t, router: router, next: http.DefaultTransport, succeeded: map[string]int{}}
}

func (v *specValidator) RoundTrip(req *http.Request) (*http.Response, error) {
	route, pathParams, err := v.router.FindRoute(req)
	if err != nil {
		v.t.Errorf("%s %s: not an operation of the document: %v", req.Method, req.URL.Path, err)
		return v.next.RoundTrip(req)
	}
	var reqBody []byte
	if req.Body != nil {
		reqBody, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	input := &openapi3filter.RequestValidationInput{
		Request: req.Clone(req.Context()), PathParams: pathParams, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true},
	}
	input.Request.Body = io.NopCloser(bytes.NewReader(reqBody))
	if err := openapi3filter.ValidateRequest(req.Context(), input); err != nil {
		v.t.Errorf("%s: the test's own request does not match the document: %v", route.Operation.OperationID, err)
	}
	resp, err := v.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: input, Status: resp.StatusCode, Header: resp.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	out.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(req.Context(), out); err != nil {
		v.t.Errorf("%s answered %d %s, which the document does not allow: %v", route.Operation.OperationID, resp.StatusCode, body, err)
	}
	if resp.StatusCode/100 == 2 {
		v.mu.Lock()
		v.succeeded[route.Operation.OperationID]++
		v.mu.Unlock()
	}
	return resp, nil
}

// strict decodes an answer again into the generated type, refusing fields the document does not
// name, and fails the test unless it matches what the generated client decoded.
func strict[T any](t *testing.T, op string, body []byte, got *T) T {
	t.Helper()
	if got == nil {
		t.Fatalf("%s: the generated client decoded no typed answer from %s", op, body)
	}
	var v T
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%s: strict decoding of %s: %v", op, body, err)
	}
	return v
}

// strictSpec decodes a plugin spec into the variant its type names, refusing unknown fields.
func strictSpec(t *testing.T, spec api.PluginSpecDto) string {
	t.Helper()
	raw, err := spec.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	disc, err := spec.Discriminator()
	if err != nil {
		t.Fatalf("plugin spec %s: %v", raw, err)
	}
	var target any
	switch disc {
	case "ComponentTransformer":
		target = &api.PluginSpecDtoComponentTransformerPluginSpec{}
	case "OplogProcessor":
		target = &api.PluginSpecDtoOplogProcessorPluginSpec{}
	case "App", "Library":
		target = &api.PluginSpecDtoEmpty{}
	default:
		t.Fatalf("plugin spec type %q is not in the document", disc)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(target); err != nil {
		t.Fatalf("strict decoding of plugin spec %s: %v", raw, err)
	}
	return disc
}

func bearer(secret string) api.RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+secret)
		return nil
	}
}

// pluginRegistration builds the multipart body of create_plugin from the document's own types.
func pluginRegistration(t *testing.T, meta api.PluginRegistrationCreation, wasm []byte) (io.Reader, string) {
	t.Helper()
	encoded, err := json.Marshal(meta)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	form := multipart.NewWriter(&buf)
	part, _ := form.CreatePart(textproto.MIMEHeader{
		"Content-Disposition": {`form-data; name="metadata"`}, "Content-Type": {"application/json"}})
	_, _ = part.Write(encoded)
	if wasm != nil {
		part, _ := form.CreatePart(textproto.MIMEHeader{
			"Content-Disposition": {`form-data; name="pluginWasm"; filename="plugin.wasm"`}, "Content-Type": {"application/octet-stream"}})
		_, _ = part.Write(wasm)
	}
	_ = form.Close()
	return &buf, form.FormDataContentType()
}

// TestOpenAPIGeneratedClientDrivesEveryOperation drives all 16 Account API operations with a client
// generated from Golem's OpenAPI document; every request and answer is checked against the
// document's schemas, and every success answer is decoded strictly into the generated types.
func TestOpenAPIGeneratedClientDrivesEveryOperation(t *testing.T) {
	srv, url := Start(t, Options{})
	validator := newSpecValidator(t)
	c, err := api.NewClientWithResponses(url, api.WithHTTPClient(&http.Client{Transport: validator}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	asAdmin := bearer(srv.AdminToken())

	created, err := c.CreateAccountWithApplicationJSONCharsetUTF8BodyWithResponse(ctx,
		api.AccountCreation{Name: "Ada", Email: "ada@example.com"}, asAdmin)
	if err != nil {
		t.Fatal(err)
	}
	account := strict(t, "create_account", created.Body, created.ApplicationjsonCharsetUtf8200)
	if account.Revision != 0 || len(account.Roles) != 0 || account.PlanId.String() != DefaultPlanID {
		t.Errorf("create_account: %+v, want revision 0, no roles, the default plan", account)
	}

	got, err := c.GetAccountWithResponse(ctx, account.Id, asAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if a := strict(t, "get_account", got.Body, got.ApplicationjsonCharsetUtf8200); a.Email != "ada@example.com" {
		t.Errorf("get_account: %+v", a)
	}

	name := "Ada Lovelace"
	updated, err := c.UpdateAccountWithApplicationJSONCharsetUTF8BodyWithResponse(ctx, account.Id,
		api.AccountUpdate{CurrentRevision: 0, Name: &name}, asAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if a := strict(t, "update_account", updated.Body, updated.ApplicationjsonCharsetUtf8200); a.Revision != 1 || a.Name != name {
		t.Errorf("update_account: %+v, want revision 1 and the new name", a)
	}

	planAnswer, err := c.GetAccountPlanWithResponse(ctx, account.Id, asAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if p := strict(t, "get_account_plan", planAnswer.Body, planAnswer.ApplicationjsonCharsetUtf8200); p.PlanId.String() != DefaultPlanID || p.AppLimit != 10 {
		t.Errorf("get_account_plan: %+v", p)
	}

	setPlan, err := c.SetAccountPlanWithApplicationJSONCharsetUTF8BodyWithResponse(ctx, account.Id,
		api.AccountSetPlan{CurrentRevision: 1, Plan: uuidOf(t, UnlimitedPlanID)}, asAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if a := strict(t, "set_account_plan", setPlan.Body, setPlan.ApplicationjsonCharsetUtf8200); a.Revision != 2 || a.PlanId.String() != UnlimitedPlanID {
		t.Errorf("set_account_plan: %+v", a)
	}
	unlimited, err := c.GetAccountPlanWithResponse(ctx, account.Id, asAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if p := strict(t, "get_account_plan", unlimited.Body, unlimited.ApplicationjsonCharsetUtf8200); p.WorkerLimit != ^uint64(0) {
		t.Errorf("get_account_plan of the unlimited plan: workerLimit %d, want the largest uint64", p.WorkerLimit)
	}

	roles, err := c.SetAccountRolesWithApplicationJSONCharsetUTF8BodyWithResponse(ctx, account.Id,
		api.AccountSetRoles{CurrentRevision: 2, Roles: []api.AccountRole{api.MarketingAdmin, api.Admin, api.Admin}}, asAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if a := strict(t, "set_account_roles", roles.Body, roles.ApplicationjsonCharsetUtf8200); !slices.Equal(a.Roles, []api.AccountRole{api.Admin, api.MarketingAdmin}) {
		t.Errorf("set_account_roles: roles %v, want [admin marketing-admin]", a.Roles)
	}

	tokenAnswer, err := c.CreateTokenWithApplicationJSONCharsetUTF8BodyWithResponse(ctx, account.Id,
		api.TokenCreation{ExpiresAt: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)}, asAdmin)
	if err != nil {
		t.Fatal(err)
	}
	token := strict(t, "create_token", tokenAnswer.Body, tokenAnswer.ApplicationjsonCharsetUtf8200)
	if len(token.Secret) != 43 || token.AccountId != account.Id {
		t.Errorf("create_token: %+v, want a 43-character secret of the account", token)
	}
	asAda := bearer(token.Secret)

	tokens, err := c.GetAccountTokensWithResponse(ctx, account.Id, asAda)
	if err != nil {
		t.Fatal(err)
	}
	if page := strict(t, "get_account_tokens", tokens.Body, tokens.ApplicationjsonCharsetUtf8200); len(page.Values) != 1 || page.Values[0].Id != token.Id {
		t.Errorf("get_account_tokens: %+v, want the one token", page)
	}
	if bytes.Contains(tokens.Body, []byte(token.Secret)) {
		t.Error("get_account_tokens shows the secret")
	}

	oneToken, err := c.GetTokenWithResponse(ctx, token.Id, asAda)
	if err != nil {
		t.Fatal(err)
	}
	if tk := strict(t, "get_token", oneToken.Body, oneToken.ApplicationjsonCharsetUtf8200); !tk.ExpiresAt.Equal(token.ExpiresAt) {
		t.Errorf("get_token: %+v", tk)
	}

	login, err := c.CurrentLoginTokenWithResponse(ctx, asAda)
	if err != nil {
		t.Fatal(err)
	}
	if tk := strict(t, "current_login_token", login.Body, login.ApplicationjsonCharsetUtf8200); tk.Id != token.Id || tk.AccountId != account.Id {
		t.Errorf("current_login_token: %+v, want the caller's token", tk)
	}

	// One plugin of every spec type, each through the document's own union types.
	var specs []api.PluginSpecDto
	var transformer, oplog, app, library api.PluginSpecDto
	wit := "golem:transformer@1.0.0"
	must(t, transformer.FromPluginSpecDtoComponentTransformerPluginSpec(api.PluginSpecDtoComponentTransformerPluginSpec{
		Type: api.ComponentTransformer, ValidateUrl: "https://example.com/validate", TransformUrl: "https://example.com/transform", ProvidedWitPackage: &wit}))
	must(t, oplog.FromPluginSpecDtoOplogProcessorPluginSpec(api.PluginSpecDtoOplogProcessorPluginSpec{
		Type: api.OplogProcessor, ComponentId: uuidOf(t, "0b3cf8a2-3c49-4b1e-9d1c-4fb8f8d0b6a1"), ComponentRevision: 3}))
	must(t, app.FromPluginSpecDtoEmpty(api.PluginSpecDtoEmpty{Type: api.App}))
	must(t, library.FromPluginSpecDtoEmpty(api.PluginSpecDtoEmpty{Type: api.Library}))
	specs = append(specs, transformer, oplog, app, library)
	var pluginIDs []openapi_types.UUID
	for i, spec := range specs {
		body, contentType := pluginRegistration(t, api.PluginRegistrationCreation{
			Name: "plugin", Version: fmt.Sprintf("1.0.%d", i), Description: "d", Icon: "", Homepage: "https://example.com", Spec: spec,
		}, emptyWasm)
		answer, err := c.CreatePluginWithBodyWithResponse(ctx, account.Id, contentType, body, asAda)
		if err != nil {
			t.Fatal(err)
		}
		p := strict(t, "create_plugin", answer.Body, answer.ApplicationjsonCharsetUtf8200)
		want, _ := spec.Discriminator()
		if got := strictSpec(t, p.Spec); got != want || p.AccountId != account.Id {
			t.Errorf("create_plugin: spec type %q, account %s; want %q of %s", got, p.AccountId, want, account.Id)
		}
		pluginIDs = append(pluginIDs, p.Id)
	}
	// A transformer without the optional fields leaves them out of its answer (not null).
	var bare api.PluginSpecDto
	must(t, bare.FromPluginSpecDtoComponentTransformerPluginSpec(api.PluginSpecDtoComponentTransformerPluginSpec{
		Type: api.ComponentTransformer, ValidateUrl: "https://example.com/v", TransformUrl: "https://example.com/t"}))
	body, contentType := pluginRegistration(t, api.PluginRegistrationCreation{Name: "bare", Version: "1", Spec: bare}, nil)
	bareAnswer, err := c.CreatePluginWithBodyWithResponse(ctx, account.Id, contentType, body, asAda)
	if err != nil {
		t.Fatal(err)
	}
	bareSpec := strict(t, "create_plugin", bareAnswer.Body, bareAnswer.ApplicationjsonCharsetUtf8200).Spec
	if raw, _ := bareSpec.MarshalJSON(); bytes.Contains(raw, []byte("null")) {
		t.Errorf("create_plugin: spec %s sends null for fields it has no value for", raw)
	}

	list, err := c.GetAccountPluginsWithResponse(ctx, account.Id, asAda)
	if err != nil {
		t.Fatal(err)
	}
	page := strict(t, "get_account_plugins", list.Body, list.ApplicationjsonCharsetUtf8200)
	if len(page.Values) != len(specs)+1 {
		t.Errorf("get_account_plugins: %d plugins, want %d", len(page.Values), len(specs)+1)
	}
	for _, p := range page.Values {
		strictSpec(t, p.Spec)
	}

	onePlugin, err := c.GetPluginByIdWithResponse(ctx, pluginIDs[0], asAda)
	if err != nil {
		t.Fatal(err)
	}
	if p := strict(t, "get_plugin_by_id", onePlugin.Body, onePlugin.ApplicationjsonCharsetUtf8200); p.Id != pluginIDs[0] {
		t.Errorf("get_plugin_by_id: %+v", p)
	}
	deletedPlugin, err := c.DeletePluginWithResponse(ctx, pluginIDs[0], asAda)
	if err != nil {
		t.Fatal(err)
	}
	if p := strict(t, "delete_plugin", deletedPlugin.Body, deletedPlugin.ApplicationjsonCharsetUtf8200); p.Id != pluginIDs[0] {
		t.Errorf("delete_plugin answers %+v, want the deleted plugin", p)
	}
	gone, err := c.GetPluginByIdWithResponse(ctx, pluginIDs[0], asAda)
	if err != nil {
		t.Fatal(err)
	}
	if gone.StatusCode() != http.StatusNotFound {
		t.Errorf("get_plugin_by_id after delete: %d, want 404", gone.StatusCode())
	}
	strict(t, "get_plugin_by_id 404", gone.Body, gone.ApplicationjsonCharsetUtf8404)

	deletedToken, err := c.DeleteTokenWithResponse(ctx, token.Id, asAdmin)
	if err != nil {
		t.Fatal(err)
	}
	strict(t, "delete_token", deletedToken.Body, deletedToken.ApplicationjsonCharsetUtf8200)

	stale, err := c.DeleteAccountWithResponse(ctx, account.Id, &api.DeleteAccountParams{CurrentRevision: 0}, asAdmin)
	if err != nil {
		t.Fatal(err)
	}
	if stale.StatusCode() != http.StatusConflict {
		t.Errorf("delete_account at a stale revision: %d, want 409", stale.StatusCode())
	}
	strict(t, "delete_account 409", stale.Body, stale.ApplicationjsonCharsetUtf8409)
	deleted, err := c.DeleteAccountWithResponse(ctx, account.Id, &api.DeleteAccountParams{CurrentRevision: 3}, asAdmin)
	if err != nil {
		t.Fatal(err)
	}
	strict(t, "delete_account", deleted.Body, deleted.ApplicationjsonCharsetUtf8200)

	var missing []string
	for path, item := range validatorDoc(t).Paths.Map() {
		for method, op := range item.Operations() {
			if validator.succeeded[op.OperationID] == 0 {
				missing = append(missing, method+" "+path+" ("+op.OperationID+")")
			}
		}
	}
	if len(missing) > 0 || len(validator.succeeded) != 16 {
		t.Errorf("operations never answered 2xx: %v (%d of 16 did)", missing, len(validator.succeeded))
	}
}

func validatorDoc(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile(accountAPISpec)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func uuidOf(t *testing.T, s string) openapi_types.UUID {
	t.Helper()
	var u openapi_types.UUID
	if err := u.UnmarshalText([]byte(s)); err != nil {
		t.Fatal(err)
	}
	return u
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

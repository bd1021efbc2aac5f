package mockserver

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/golden"
)

func createTestToken(t *testing.T, s *Server, accountID, token, expiresAt string) tokenWithSecretJSON {
	t.Helper()
	status, out := call(t, s, http.MethodPost, "/v1/accounts/"+accountID+"/tokens", token, map[string]string{"expiresAt": expiresAt})
	if status != http.StatusOK {
		t.Fatalf("creating token: status %d body %s", status, out)
	}
	return decode[tokenWithSecretJSON](t, out)
}

const farFuture = "2100-01-01T00:00:00Z"

func TestTokenResponsesMatchTheDocumentedShapes(t *testing.T) {
	s := newTestServer(t)
	id := createTestAccount(t, s, "t", "t@example.com").ID
	created := admin(t, s, http.MethodPost, "/v1/accounts/"+id+"/tokens", map[string]string{"expiresAt": farFuture}, http.StatusOK)
	golden.AssertShape(t, "token_create_response.json", created)
	golden.AssertShape(t, "tokens_list_response.json", admin(t, s, http.MethodGet, "/v1/accounts/"+id+"/tokens", nil, http.StatusOK))
}

func TestPlanAndRolesResponsesMatchTheDocumentedShapes(t *testing.T) {
	s := newTestServer(t)
	id := createTestAccount(t, s, "p", "p@example.com").ID
	golden.AssertShape(t, "plan_get_response.json", admin(t, s, http.MethodGet, "/v1/accounts/"+id+"/plan", nil, http.StatusOK))
	golden.AssertShape(t, "plan_update_response.json", admin(t, s, http.MethodPut, "/v1/accounts/"+id+"/plan",
		map[string]any{"currentRevision": 0, "plan": LargePlanID}, http.StatusOK))
	golden.AssertShape(t, "roles_update_response.json", admin(t, s, http.MethodPut, "/v1/accounts/"+id+"/roles",
		map[string]any{"currentRevision": 1, "roles": []string{"admin"}}, http.StatusOK))
}

func TestTokenSecretAppearsOnlyInTheCreateResponse(t *testing.T) {
	s := newTestServer(t)
	id := createTestAccount(t, s, "s", "s@example.com").ID
	tok := createTestToken(t, s, id, s.AdminToken(), farFuture)
	if !regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`).MatchString(tok.Secret) {
		t.Errorf("secret %q is not 43 base64url characters", tok.Secret)
	}
	if tok.AccountID != id || tok.ExpiresAt != farFuture || tok.CreatedAt == "" {
		t.Errorf("created token %+v", tok)
	}
	for _, path := range []string{"/v1/tokens/" + tok.ID, "/v1/accounts/" + id + "/tokens"} {
		body := string(admin(t, s, http.MethodGet, path, nil, http.StatusOK))
		if strings.Contains(body, tok.Secret) || strings.Contains(body, `"secret"`) {
			t.Errorf("GET %s reveals the secret: %s", path, body)
		}
	}
	if got := s.IssuedSecrets(); !slices.Contains(got, tok.Secret) {
		t.Errorf("IssuedSecrets does not list the new secret")
	}
}

func TestTokenIsABearerUntilItExpiresOrIsDeleted(t *testing.T) {
	s := newTestServer(t)
	id := createTestAccount(t, s, "b", "b@example.com").ID
	own := "/v1/accounts/" + id
	expires := s.now().Add(time.Hour).Format(time.RFC3339)
	tok := createTestToken(t, s, id, s.AdminToken(), expires)
	if status, body := call(t, s, http.MethodGet, own, tok.Secret, nil); status != http.StatusOK {
		t.Fatalf("fresh token: status %d %s", status, body)
	}
	s.AdvanceClock(time.Hour)
	status, body := call(t, s, http.MethodGet, own, tok.Secret, nil)
	if status != http.StatusUnauthorized || errorBodyOf(t, body) != "Could not authenticate user using token" {
		t.Errorf("expired token: status %d %s, want 401", status, body)
	}

	// A past expiresAt is accepted, like the real system, but the token never authenticates.
	past := createTestToken(t, s, id, s.AdminToken(), "2001-01-01T00:00:00Z")
	if status, _ := call(t, s, http.MethodGet, own, past.Secret, nil); status != http.StatusUnauthorized {
		t.Errorf("token created expired: status %d, want 401", status)
	}

	// A token creates tokens of its own account; deleting it stops it at once.
	live := createTestToken(t, s, id, s.AdminToken(), farFuture)
	second := createTestToken(t, s, id, live.Secret, farFuture)
	admin(t, s, http.MethodDelete, "/v1/tokens/"+live.ID, nil, http.StatusOK)
	if status, _ := call(t, s, http.MethodGet, own, live.Secret, nil); status != http.StatusUnauthorized {
		t.Errorf("deleted token: status %d, want 401", status)
	}
	admin(t, s, http.MethodGet, "/v1/tokens/"+live.ID, nil, http.StatusNotFound)
	admin(t, s, http.MethodDelete, "/v1/tokens/"+live.ID, nil, http.StatusNotFound)

	// Deleting the account stops its tokens and hides them.
	admin(t, s, http.MethodDelete, own+"?current_revision=0", nil, http.StatusOK)
	if status, _ := call(t, s, http.MethodGet, "/v1/tokens/"+second.ID, second.Secret, nil); status != http.StatusUnauthorized {
		t.Errorf("token of a deleted account: status %d, want 401", status)
	}
	admin(t, s, http.MethodGet, "/v1/tokens/"+second.ID, nil, http.StatusNotFound)
	body = admin(t, s, http.MethodGet, own+"/tokens", nil, http.StatusNotFound)
	if got := errorBodyOf(t, body); got != "Parent account not found" {
		t.Errorf("tokens of a deleted account: %q", got)
	}
}

func TestTokensOfOtherAccountsAreHiddenFromNonAdmins(t *testing.T) {
	s := newTestServer(t)
	alice := createTestAccount(t, s, "alice", "alice@example.com").ID
	bob := createTestAccount(t, s, "bob", "bob@example.com").ID
	aliceTok := createTestToken(t, s, alice, s.AdminToken(), farFuture)
	bobTok := createTestToken(t, s, bob, s.AdminToken(), farFuture)

	status, body := call(t, s, http.MethodGet, "/v1/tokens/"+bobTok.ID, aliceTok.Secret, nil)
	if status != http.StatusNotFound || errorBodyOf(t, body) != "Token for id not found" {
		t.Errorf("GET another's token: %d %s", status, body)
	}
	status, body = call(t, s, http.MethodDelete, "/v1/tokens/"+bobTok.ID, aliceTok.Secret, nil)
	if status != http.StatusForbidden || errorBodyOf(t, body) != "The account action DeleteToken is not allowed" {
		t.Errorf("DELETE another's token: %d %s", status, body)
	}
	status, _ = call(t, s, http.MethodPost, "/v1/accounts/"+bob+"/tokens", aliceTok.Secret, map[string]string{"expiresAt": farFuture})
	if status != http.StatusNotFound {
		t.Errorf("creating a token for another account: %d, want 404", status)
	}
	for _, bad := range []any{map[string]string{}, map[string]string{"expiresAt": "tomorrow"}, "not json"} {
		body := admin(t, s, http.MethodPost, "/v1/accounts/"+alice+"/tokens", bad, http.StatusBadRequest)
		if len(decode[accountAPIErrors](t, body).Errors) == 0 {
			t.Errorf("bad create %v: no errors listed: %s", bad, body)
		}
	}
}

func TestLoginTokenNamesTheCaller(t *testing.T) {
	s := newTestServer(t)
	id := createTestAccount(t, s, "w", "w@example.com").ID
	root := decode[tokenJSON](t, admin(t, s, http.MethodGet, "/v1/login/token", nil, http.StatusOK))
	if root.AccountID != RootAccountID || root.ID != rootTokenID || root.CreatedAt == "" {
		t.Errorf("admin who-am-I = %+v", root)
	}
	tok := createTestToken(t, s, id, s.AdminToken(), s.now().Add(time.Minute).Format(time.RFC3339))
	s.AdvanceClock(time.Hour)
	// Who-am-I skips the expiry check, as the real system does.
	status, body := call(t, s, http.MethodGet, "/v1/login/token", tok.Secret, nil)
	if got := decode[tokenJSON](t, body); status != http.StatusOK || got.ID != tok.ID || got.AccountID != id {
		t.Errorf("who-am-I with an expired token: %d %s", status, body)
	}
	admin(t, s, http.MethodDelete, "/v1/tokens/"+tok.ID, nil, http.StatusOK)
	for _, secret := range []string{tok.Secret, ""} {
		status, body = call(t, s, http.MethodGet, "/v1/login/token", secret, nil)
		if status != http.StatusUnauthorized || errorBodyOf(t, body) != "Token not found" {
			t.Errorf("who-am-I with %q: %d %s", secret, status, body)
		}
	}
}

func TestSetPlanChecksPermissionRevisionAndCatalogue(t *testing.T) {
	s := newTestServer(t)
	id := createTestAccount(t, s, "pl", "pl@example.com").ID
	path := "/v1/accounts/" + id + "/plan"

	const unknown = "11111111-2222-4333-8444-555555555555"
	body := admin(t, s, http.MethodPut, path, map[string]any{"currentRevision": 0, "plan": unknown}, http.StatusNotFound)
	if got := errorBodyOf(t, body); got != "Plan for id not found: "+unknown {
		t.Errorf("unknown plan: %q", got)
	}
	body = admin(t, s, http.MethodPut, path, map[string]any{"currentRevision": 0}, http.StatusBadRequest)
	if errs := decode[accountAPIErrors](t, body).Errors; len(errs) != 1 || !strings.HasPrefix(errs[0], "plan:") {
		t.Errorf("missing plan: %s", body)
	}

	tok := createTestToken(t, s, id, s.AdminToken(), farFuture)
	status, body := call(t, s, http.MethodPut, path, tok.Secret, map[string]any{"currentRevision": 0, "plan": LargePlanID})
	if status != http.StatusForbidden || errorBodyOf(t, body) != "The account action SetRoles is not allowed" {
		t.Errorf("non-admin plan change: %d %s", status, body)
	}

	out := decode[accountJSON](t, admin(t, s, http.MethodPut, path, map[string]any{"currentRevision": 0, "plan": LargePlanID}, http.StatusOK))
	if out.PlanID != LargePlanID || out.Revision != 1 {
		t.Errorf("after plan change: %+v", out)
	}
	// The same plan again still takes a revision.
	admin(t, s, http.MethodPut, path, map[string]any{"currentRevision": 1, "plan": LargePlanID}, http.StatusOK)
	body = admin(t, s, http.MethodPut, path, map[string]any{"currentRevision": 1, "plan": DefaultPlanID}, http.StatusConflict)
	if got := errorBodyOf(t, body); got != "Concurrent update" {
		t.Errorf("stale plan change: %q", got)
	}
	got := decode[planJSON](t, admin(t, s, http.MethodGet, path, nil, http.StatusOK))
	if got.PlanID != LargePlanID || got.Name != "large" || got.AppLimit != 100 {
		t.Errorf("GET plan = %+v", got)
	}
	// The mock's own token may read its plan but not someone else's.
	if status, _ := call(t, s, http.MethodGet, path, tok.Secret, nil); status != http.StatusOK {
		t.Errorf("reading own plan: %d", status)
	}
	if status, _ := call(t, s, http.MethodGet, "/v1/accounts/"+RootAccountID+"/plan", tok.Secret, nil); status != http.StatusNotFound {
		t.Errorf("reading another's plan: %d, want 404", status)
	}
}

func TestUnlimitedPlanKeepsUint64Limits(t *testing.T) {
	s := newTestServer(t)
	id := createTestAccount(t, s, "u", "u@example.com").ID
	admin(t, s, http.MethodPut, "/v1/accounts/"+id+"/plan", map[string]any{"currentRevision": 0, "plan": UnlimitedPlanID}, http.StatusOK)
	body := string(admin(t, s, http.MethodGet, "/v1/accounts/"+id+"/plan", nil, http.StatusOK))
	if !strings.Contains(body, `"appLimit":18446744073709551615`) {
		t.Errorf("u64 limit not written exactly: %s", body)
	}
}

func TestSetRolesValidatesAndReplacesTheSet(t *testing.T) {
	s := newTestServer(t)
	id := createTestAccount(t, s, "ro", "ro@example.com").ID
	path := "/v1/accounts/" + id + "/roles"

	body := admin(t, s, http.MethodPut, path, map[string]any{"currentRevision": 0, "roles": []string{"admin", "owner", "root"}}, http.StatusBadRequest)
	if errs := decode[accountAPIErrors](t, body).Errors; len(errs) != 2 || !strings.Contains(errs[0], `"owner"`) || !strings.Contains(errs[1], `"root"`) {
		t.Errorf("unknown roles: %s", body)
	}
	out := decode[accountJSON](t, admin(t, s, http.MethodPut, path,
		map[string]any{"currentRevision": 0, "roles": []string{"marketing-admin", "admin", "admin"}}, http.StatusOK))
	if !slices.Equal(out.Roles, []string{"admin", "marketing-admin"}) || out.Revision != 1 {
		t.Errorf("after setting roles: %+v", out)
	}
	out = decode[accountJSON](t, admin(t, s, http.MethodPut, path, map[string]any{"currentRevision": 1, "roles": []string{}}, http.StatusOK))
	if out.Roles == nil || len(out.Roles) != 0 || out.Revision != 2 {
		t.Errorf("after clearing roles: %+v", out)
	}
	admin(t, s, http.MethodPut, path, map[string]any{"currentRevision": 1, "roles": []string{}}, http.StatusConflict)
	admin(t, s, http.MethodPut, path, map[string]any{"currentRevision": 2}, http.StatusBadRequest)

	tok := createTestToken(t, s, id, s.AdminToken(), farFuture)
	status, body := call(t, s, http.MethodPut, path, tok.Secret, map[string]any{"currentRevision": 2, "roles": []string{"admin"}})
	if status != http.StatusForbidden || errorBodyOf(t, body) != "The account action SetRoles is not allowed" {
		t.Errorf("non-admin roles change: %d %s", status, body)
	}
	// An account made admin may then act as one.
	admin(t, s, http.MethodPut, path, map[string]any{"currentRevision": 2, "roles": []string{"admin"}}, http.StatusOK)
	if status, body := call(t, s, http.MethodPut, path, tok.Secret, map[string]any{"currentRevision": 3, "roles": []string{"admin"}}); status != http.StatusOK {
		t.Errorf("new admin setting roles: %d %s", status, body)
	}
}

func TestConflictNextWritesHitsPlanAndRoles(t *testing.T) {
	s := newTestServer(t)
	id := createTestAccount(t, s, "c", "c@example.com").ID
	s.ConflictNextWrites(id, 2)
	admin(t, s, http.MethodPut, "/v1/accounts/"+id+"/plan", map[string]any{"currentRevision": 0, "plan": LargePlanID}, http.StatusConflict)
	admin(t, s, http.MethodPut, "/v1/accounts/"+id+"/roles", map[string]any{"currentRevision": 1, "roles": []string{}}, http.StatusConflict)
	admin(t, s, http.MethodPut, "/v1/accounts/"+id+"/roles", map[string]any{"currentRevision": 2, "roles": []string{}}, http.StatusOK)
}

func TestPlansFileAddsPlansToTheCatalogue(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "plans.json")
	const extra = "0b7b8b1e-0000-4000-8000-00000000abcd"
	if err := os.WriteFile(file, []byte(`[{"planId":"`+extra+`","name":"team","appLimit":18446744073709551615,"envLimit":2}]`), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := New(Options{PlansFile: file})
	if err != nil {
		t.Fatal(err)
	}
	id := createTestAccount(t, s, "f", "f@example.com").ID
	admin(t, s, http.MethodPut, "/v1/accounts/"+id+"/plan", map[string]any{"currentRevision": 0, "plan": extra}, http.StatusOK)
	got := decode[planJSON](t, admin(t, s, http.MethodGet, "/v1/accounts/"+id+"/plan", nil, http.StatusOK))
	if got.Name != "team" || got.AppLimit != ^uint64(0) || got.EnvLimit != 2 {
		t.Errorf("plan from file = %+v", got)
	}
	// The built-in plans stay.
	admin(t, s, http.MethodPut, "/v1/accounts/"+id+"/plan", map[string]any{"currentRevision": 1, "plan": LargePlanID}, http.StatusOK)

	for _, bad := range []string{`{"planId":"x"}`, `[{"planId":"not-a-uuid","name":"x"}]`} {
		if err := os.WriteFile(file, []byte(bad), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := New(Options{PlansFile: file}); err == nil {
			t.Errorf("plans file %s was accepted", bad)
		}
	}
	if _, err := New(Options{PlansFile: filepath.Join(dir, "missing.json")}); err == nil {
		t.Error("a missing plans file was accepted")
	}
}

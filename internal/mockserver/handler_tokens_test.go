package mockserver

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/golden"
)

func TestTokenResponsesMatchTheDocumentedShapes(t *testing.T) {
	s := newTestServer(t)
	id := createTestAccount(t, s, "t", "t@example.com").ID
	created := admin(t, s, http.MethodPost, "/v1/accounts/"+id+"/tokens", map[string]string{"expiresAt": farFuture}, http.StatusOK)
	golden.AssertShape(t, "token_create_response.json", created)
	golden.AssertShape(t, "tokens_list_response.json", admin(t, s, http.MethodGet, "/v1/accounts/"+id+"/tokens", nil, http.StatusOK))
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

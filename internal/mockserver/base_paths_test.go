package mockserver

import (
	"net/http"
	"strings"
	"testing"
)

func TestLeaseAPIUnderABasePath(t *testing.T) {
	s := newLeaseTestServer(t, Options{LeaseAPIBasePath: "/api/"})
	admin(t, s, http.MethodPost, "/api/accounts", map[string]any{"id": "111111111111", "adminRoleArn": testRoleArn}, http.StatusCreated)
	admin(t, s, http.MethodPost, "/api/accounts", map[string]any{"id": "222222222222", "adminRoleArn": testRoleArn}, http.StatusCreated)
	rec := leaseCall(t, s, http.MethodGet, "/api/accounts?limit=1", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /api/accounts: %d %s", rec.Code, rec.Body)
	}
	// DCE's Link carries the stage, as API Gateway's request context gives it.
	if link := rec.Header().Get("Link"); !strings.Contains(link, "/api/accounts?limit=1&nextId=111111111111>") {
		t.Errorf("Link %q, want the stage in the next page's path", link)
	}
	// Outside the stage API Gateway knows no such resource.
	expectGateway403 := func(target string) {
		t.Helper()
		rec := leaseCall(t, s, http.MethodGet, target, nil)
		if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), msgMissingAuthToken) {
			t.Errorf("GET %s: %d %s, want API Gateway's 403", target, rec.Code, rec.Body)
		}
	}
	expectGateway403("/accounts")
	expectGateway403("/leases")
	expectGateway403("/api/other")
	// The Account API and the control API stay at the root.
	admin(t, s, http.MethodGet, "/v1/accounts/"+RootAccountID, nil, http.StatusOK)
	admin(t, s, http.MethodGet, "/_mock/health", nil, http.StatusOK)
}

func TestAccountAPIUnderABasePath(t *testing.T) {
	s := newLeaseTestServer(t, Options{AccountAPIBasePath: "/golem", LeaseAPIBasePath: "/golem"})
	admin(t, s, http.MethodGet, "/golem/v1/accounts/"+RootAccountID, nil, http.StatusOK)
	admin(t, s, http.MethodGet, "/golem/leases", nil, http.StatusOK)
	if status, body := call(t, s, http.MethodGet, "/v1/accounts/"+RootAccountID, s.AdminToken(), nil); status != http.StatusNotFound {
		t.Errorf("the Account API at the root with a base path: %d %s, want 404", status, body)
	}
}

func TestBasePathMustBeAPath(t *testing.T) {
	for _, bad := range []string{"api", "/api?x=1"} {
		if _, err := New(Options{LeaseAPIBasePath: bad}); err == nil {
			t.Errorf("base path %q accepted", bad)
		}
	}
}

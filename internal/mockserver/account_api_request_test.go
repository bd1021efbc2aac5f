package mockserver

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestAccountAPIRefusesPathIDsThatAreNotUUIDs(t *testing.T) {
	s := newTestServer(t)
	for _, tc := range []struct{ method, target, param string }{
		{http.MethodGet, "/v1/accounts/not-a-uuid", "account_id"},
		{http.MethodDelete, "/v1/accounts/12345?current_revision=0", "account_id"},
		{http.MethodGet, "/v1/accounts/x/plan", "account_id"},
		{http.MethodGet, "/v1/accounts/x/tokens", "account_id"},
		{http.MethodGet, "/v1/accounts/x/plugins", "account_id"},
		{http.MethodGet, "/v1/tokens/nope", "token_id"},
		{http.MethodDelete, "/v1/tokens/nope", "token_id"},
		{http.MethodGet, "/v1/plugins/nope", "plugin_id"},
		{http.MethodDelete, "/v1/plugins/nope", "plugin_id"},
	} {
		// Golem parses the path before it authenticates: no token still gets the 400.
		status, body := call(t, s, tc.method, tc.target, "", nil)
		if status != http.StatusBadRequest {
			t.Errorf("%s %s: status %d, want 400; body %s", tc.method, tc.target, status, body)
			continue
		}
		errs := decode[accountAPIErrors](t, body).Errors
		if len(errs) != 1 || !strings.Contains(errs[0], "`"+tc.param+"`") {
			t.Errorf("%s %s: errors %q, want one naming %s", tc.method, tc.target, errs, tc.param)
		}
	}
	// A well-formed id of nothing is still a 404.
	if status, _ := call(t, s, http.MethodGet, "/v1/accounts/0b3cf8a2-3c49-4b1e-9d1c-4fb8f8d0b6a1", s.AdminToken(), nil); status != http.StatusNotFound {
		t.Errorf("unknown UUID: status %d, want 404", status)
	}
}

func TestAccountAPIRefusesBodiesThatAreNotJSON(t *testing.T) {
	s := newTestServer(t)
	root := "/v1/accounts/" + RootAccountID
	tokensBefore := len(s.Tokens(RootAccountID))
	for _, tc := range []struct{ method, target, body string }{
		{http.MethodPost, "/v1/accounts", `{"name":"a","email":"a@example.com"}`},
		{http.MethodPut, root, `{"currentRevision":0,"name":"x"}`},
		{http.MethodPut, root + "/plan", `{"currentRevision":0,"plan":"` + LargePlanID + `"}`},
		{http.MethodPut, root + "/roles", `{"currentRevision":0,"roles":["admin"]}`},
		{http.MethodPost, root + "/tokens", `{"expiresAt":"2100-01-01T00:00:00Z"}`},
	} {
		for _, contentType := range []string{"", "text/plain", "application/x-www-form-urlencoded"} {
			req := httptest.NewRequest(tc.method, tc.target, strings.NewReader(tc.body))
			req.Header.Set("Authorization", "Bearer "+s.AdminToken())
			if contentType != "" {
				req.Header.Set("Content-Type", contentType)
			}
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != http.StatusUnsupportedMediaType {
				t.Errorf("%s %s as %q: status %d, want 415; body %s", tc.method, tc.target, contentType, rec.Code, rec.Body)
			}
		}
	}
	// Nothing was acted on: the root account is still at revision 0 with the default plan.
	if a, _ := s.Account(RootAccountID); a.Revision != 0 || a.PlanID != DefaultPlanID {
		t.Errorf("root account changed by refused requests: %+v", a)
	}
	// Nor did a refused POST create an account or a token.
	if n := len(s.LiveAccounts()); n != 1 {
		t.Errorf("%d accounts after refused requests, want only the root", n)
	}
	if n := len(s.Tokens(RootAccountID)); n != tokensBefore {
		t.Errorf("the root has %d tokens after refused requests, want %d", n, tokensBefore)
	}
	// A JSON content type with parameters is JSON.
	req := httptest.NewRequest(http.MethodPut, root, strings.NewReader(`{"currentRevision":0,"name":"x"}`))
	req.Header.Set("Authorization", "Bearer "+s.AdminToken())
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Errorf("application/json; charset=utf-8: status %d, want 200; body %s", rec.Code, rec.Body)
	}
}

func TestSessionCookieAuthenticatesLikeABearer(t *testing.T) {
	s := newTestServer(t)
	withCookie := func(method, target, secret string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, target, nil)
		req.AddCookie(&http.Cookie{Name: "GOLEM_SESSION", Value: secret})
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		return rec
	}
	if rec := withCookie(http.MethodGet, "/v1/accounts/"+RootAccountID, s.AdminToken()); rec.Code != http.StatusOK {
		t.Errorf("GET account with the session cookie: %d %s", rec.Code, rec.Body)
	}
	created := decode[tokenWithSecretJSON](t, admin(t, s, http.MethodPost, "/v1/accounts/"+RootAccountID+"/tokens",
		map[string]any{"expiresAt": "2100-01-01T00:00:00Z"}, http.StatusOK))
	rec := withCookie(http.MethodGet, "/v1/login/token", created.Secret)
	if rec.Code != http.StatusOK || decode[tokenJSON](t, rec.Body.Bytes()).ID != created.ID {
		t.Errorf("GET /v1/login/token with the session cookie: %d %s, want the token %s", rec.Code, rec.Body, created.ID)
	}
	if rec := withCookie(http.MethodGet, "/v1/accounts/"+RootAccountID, "wrong-secret-wrong-secret"); rec.Code != http.StatusUnauthorized {
		t.Errorf("a wrong session cookie: %d, want 401", rec.Code)
	}
	// The cookie is the Account API's; the Lease API (API Gateway) knows nothing of it.
	if rec := withCookie(http.MethodGet, "/leases", s.AdminToken()); rec.Code != http.StatusForbidden {
		t.Errorf("Lease API with the session cookie: %d, want 403", rec.Code)
	}
}

package mockserver

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The fuzz targets send hostile requests to a small populated mock and check what must always
// hold: no panic, a valid status, a body that is JSON when its content type says so, and indexes
// that match the state. Their seed corpora are the golden request files with the routes they belong to.

// fuzzServer is a mock holding one of each kind of object, so fuzzed paths can reach real ones.
func fuzzServer(t *testing.T, opts Options) *Server {
	t.Helper()
	opts.AccountReadyDelay = -1
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	s.AddPoolAccount("123456789012", "arn:aws:iam::123456789012:role/Admin")
	s.InsertLease(Lease{ID: "11111111-2222-4333-8444-555555555555", PrincipalID: "p", AccountID: "123456789012"})
	s.AddUsage("p", "123456789012", s.Now(), 3)
	return s
}

// goldenBody reads a golden request file for a seed.
func goldenBody(t testing.TB, name string) string {
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// checkFuzzAnswer asserts what every answer must be.
func checkFuzzAnswer(t *testing.T, s *Server, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	if rec.Code < 100 || rec.Code > 599 {
		t.Fatalf("%s %s: status %d", req.Method, req.URL, rec.Code)
	}
	isJSON := strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json")
	if body := rec.Body.Bytes(); isJSON && !json.Valid(body) {
		t.Fatalf("%s %s: %d with a JSON content type and a body that is not JSON: %.200q", req.Method, req.URL, rec.Code, body)
	}
	indexesMatch(t, s, req.Method+" "+req.URL.String())
}

// fuzzRequest builds a request from fuzzed parts, or nil when they do not make one.
func fuzzRequest(method, path, query, body, token string) *http.Request {
	u := &url.URL{Path: "/" + strings.TrimLeft(path, "/"), RawQuery: query}
	req, err := http.NewRequest(method, "http://mock.test"+u.RequestURI(), strings.NewReader(body))
	if err != nil {
		return nil
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req
}

func FuzzAccountAPI(f *testing.F) {
	seeds := []struct{ method, path, query, file string }{
		{"POST", "/v1/accounts", "", "account_create_request.json"},
		{"PUT", "/v1/accounts/" + RootAccountID, "", "account_update_request.json"},
		{"GET", "/v1/accounts/" + RootAccountID, "", ""},
		{"DELETE", "/v1/accounts/" + RootAccountID, "current_revision=0", ""},
		{"PUT", "/v1/accounts/" + RootAccountID + "/plan", "", "plan_update_request.json"},
		{"PUT", "/v1/accounts/" + RootAccountID + "/roles", "", "roles_update_request.json"},
		{"POST", "/v1/accounts/" + RootAccountID + "/tokens", "", "token_create_request.json"},
		{"GET", "/v1/accounts/" + RootAccountID + "/tokens", "", ""},
		{"GET", "/v1/accounts/" + RootAccountID + "/plugins", "", ""},
		{"GET", "/v1/login/token", "", ""},
	}
	for _, seed := range seeds {
		body := ""
		if seed.file != "" {
			body = goldenBody(f, seed.file)
		}
		f.Add(seed.method, seed.path, seed.query, body, true)
	}
	f.Fuzz(func(t *testing.T, method, path, query, body string, asAdmin bool) {
		s := fuzzServer(t, Options{})
		token := ""
		if asAdmin {
			token = s.AdminToken()
		}
		req := fuzzRequest(method, path, query, body, token)
		if req == nil {
			return
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		checkFuzzAnswer(t, s, req, rec)
	})
}

func FuzzLeaseAPI(f *testing.F) {
	seeds := []struct{ method, path, query, file string }{
		{"POST", "/accounts", "", "lease_api_pool_account_create_request.json"},
		{"PUT", "/accounts/123456789012", "", "lease_api_pool_account_update_request.json"},
		{"GET", "/accounts", "limit=1&nextId=1", ""},
		{"DELETE", "/accounts/123456789012", "", ""},
		{"POST", "/leases", "", "lease_api_lease_create_request.json"},
		{"DELETE", "/leases", "", "lease_api_lease_end_request.json"},
		{"GET", "/leases", "limit=1&nextAccountId=1&nextPrincipalId=p&status=Active", ""},
		{"GET", "/leases/11111111-2222-4333-8444-555555555555", "", ""},
		{"POST", "/leases/11111111-2222-4333-8444-555555555555/auth", "", ""},
		{"GET", "/usage", "startDate=0&endDate=9999999999", ""},
	}
	for _, seed := range seeds {
		body := ""
		if seed.file != "" {
			body = goldenBody(f, seed.file)
		}
		f.Add(seed.method, seed.path, seed.query, body)
	}
	f.Fuzz(func(t *testing.T, method, path, query, body string) {
		s := fuzzServer(t, Options{})
		req := fuzzRequest(method, path, query, body, s.AdminToken())
		if req == nil {
			return
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		checkFuzzAnswer(t, s, req, rec)
	})
}

// FuzzSigV4 sends requests with fuzzed SigV4 headers: none may get past the gateway.
func FuzzSigV4(f *testing.F) {
	f.Add("AWS4-HMAC-SHA256 Credential=AKIDFUZZ/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=00",
		"20260101T000000Z", "", `{"principalId":"p"}`)
	f.Add("AWS4-HMAC-SHA256 Credential=AKIDFUZZ/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=ab",
		"20260101T000000Z", strings.Repeat("a", 64), "")
	f.Fuzz(func(t *testing.T, authorization, amzDate, contentSHA, body string) {
		s := fuzzServer(t, Options{SigV4AccessKeyID: "AKIDFUZZ", SigV4SecretAccessKey: "fuzz-secret"})
		req := fuzzRequest(http.MethodPost, "/leases", "", body, "")
		if req == nil {
			return
		}
		for k, v := range map[string]string{"Authorization": authorization, "X-Amz-Date": amzDate, "X-Amz-Content-Sha256": contentSHA} {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusForbidden {
			t.Fatalf("a request with made-up SigV4 headers answered %d %s, want 403", rec.Code, rec.Body)
		}
		checkFuzzAnswer(t, s, req, rec)
	})
}

package mockserver

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// newRequest builds a request for the handler. A string body is sent as it is, any other non-nil
// body as JSON; token, when set, is the bearer secret.
func newRequest(t testing.TB, method, target, token string, body any) *http.Request {
	t.Helper()
	var reader io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		reader = bytes.NewBufferString(b)
	default:
		encoded, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		reader = bytes.NewReader(encoded)
	}
	req := httptest.NewRequest(method, target, reader)
	if reader != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req
}

// serve sends req straight to the handler and returns the recorded answer.
func serve(s *Server, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec
}

// call sends one request and returns the status and body.
func call(t testing.TB, s *Server, method, target, token string, body any) (int, []byte) {
	t.Helper()
	rec := serve(s, newRequest(t, method, target, token, body))
	return rec.Code, rec.Body.Bytes()
}

// leaseCall sends one request with the admin token and returns the recorded answer.
func leaseCall(t testing.TB, s *Server, method, target string, body any) *httptest.ResponseRecorder {
	t.Helper()
	return serve(s, newRequest(t, method, target, s.AdminToken(), body))
}

// admin sends a request with the admin token and fails the test unless the status is want.
func admin(t testing.TB, s *Server, method, target string, body any, want int) []byte {
	t.Helper()
	status, out := call(t, s, method, target, s.AdminToken(), body)
	if status != want {
		t.Fatalf("%s %s: status %d, want %d; body %s", method, target, status, want, out)
	}
	return out
}

func decode[T any](t testing.TB, data []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("decoding %s: %v", data, err)
	}
	return v
}

func newTestServer(t *testing.T) *Server {
	t.Helper()
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// errorBodyOf decodes an Account API single-error body.
func errorBodyOf(t *testing.T, data []byte) string {
	t.Helper()
	return decode[accountAPIError](t, data).Error
}

// testRoleArn is the admin role ARN of the pool accounts tests add.
const testRoleArn = "arn:aws:iam::123456789012:role/DCEAdmin"

// expectLeaseError fails the test unless the answer is status with the Lease API error body and message.
func expectLeaseError(t *testing.T, rec *httptest.ResponseRecorder, status int, code, message string) {
	t.Helper()
	body := decode[leaseErrorJSON](t, rec.Body.Bytes())
	if rec.Code != status || body.Error.Code != code || body.Error.Message != message {
		t.Errorf("got %d %s %q, want %d %s %q", rec.Code, body.Error.Code, body.Error.Message, status, code, message)
	}
}

// newLeaseTestServer starts a mock whose pool accounts are Ready at once unless opts asks for a delay.
func newLeaseTestServer(t *testing.T, opts Options) *Server {
	t.Helper()
	if opts.AccountReadyDelay == 0 {
		opts.AccountReadyDelay = -1 // Ready at once unless a test asks for a delay
	}
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// addReadyAccount adds a Ready pool account through the Lease API.
func addReadyAccount(t *testing.T, s *Server, id string) {
	t.Helper()
	admin(t, s, http.MethodPost, "/accounts", map[string]any{"id": id, "adminRoleArn": testRoleArn}, http.StatusCreated)
}

// createTestToken creates a token of the account, authenticated by token.
func createTestToken(t *testing.T, s *Server, accountID, token, expiresAt string) tokenWithSecretJSON {
	t.Helper()
	status, out := call(t, s, http.MethodPost, "/v1/accounts/"+accountID+"/tokens", token, map[string]string{"expiresAt": expiresAt})
	if status != http.StatusOK {
		t.Fatalf("creating token: status %d body %s", status, out)
	}
	return decode[tokenWithSecretJSON](t, out)
}

// farFuture is an expiry no test outlives.
const farFuture = "2100-01-01T00:00:00Z"

// createTestAccount creates an account with the admin token.
func createTestAccount(t *testing.T, s *Server, name, email string) accountJSON {
	t.Helper()
	out := admin(t, s, http.MethodPost, "/v1/accounts", map[string]string{"name": name, "email": email}, http.StatusOK)
	return decode[accountJSON](t, out)
}

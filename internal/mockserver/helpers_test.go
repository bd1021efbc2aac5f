package mockserver

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http/httptest"
	"testing"
)

// call sends one request straight to the handler and returns the status and body.
func call(t testing.TB, s *Server, method, target, token string, body any) (int, []byte) {
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
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
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

package client

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzAPIError feeds the error parser any body: it must never panic, always name the call and the
// status, and keep what a well-formed body says.
func FuzzAPIError(f *testing.F) {
	for _, name := range []string{"lease_api_error_response.json", "lease_api_gateway_error_response.json"} {
		data, err := os.ReadFile(filepath.Join("..", "mockserver", "testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data), 400)
	}
	f.Add(`{"errors":["name: field is required","email: field is required"]}`, 400)
	f.Add(`{"error":"Account Not Found: x"}`, 404)
	f.Add(`{"error":{"code":"NotFoundError","message":"lease not found"}}`, 404)
	f.Add(`{"Message":"User is not authorized"}`, 403)
	f.Add("Internal Server Error\n", 500)
	f.Fuzz(func(t *testing.T, body string, status int) {
		e := newAPIError(AccountAPI, http.MethodGet, "/v1/accounts/x", "https://api.example.com/v1/accounts/x", status, []byte(body))
		if e.StatusCode != status {
			t.Fatalf("status %d, want %d", e.StatusCode, status)
		}
		msg := e.Error()
		if !strings.HasPrefix(msg, "GET https://api.example.com/v1/accounts/x: ") {
			t.Fatalf("Error() = %q does not name the call", msg)
		}
		if !json.Valid([]byte(body)) && utf8.RuneCountInString(e.Message) > 513 {
			t.Fatalf("a text body is kept at %d characters, want at most 512 and an ellipsis", utf8.RuneCountInString(e.Message))
		}
		var single struct {
			Error string `json:"error"`
		}
		if json.Unmarshal([]byte(body), &single) == nil && single.Error != "" && e.Message != single.Error {
			t.Fatalf("body %q: message %q, want %q", body, e.Message, single.Error)
		}
	})
}

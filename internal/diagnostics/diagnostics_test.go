package diagnostics

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
)

func TestHintIsChosenByTheKindOfFailure(t *testing.T) {
	url := "http://127.0.0.1:8080/v1/v1/accounts"
	reqErr := func(kind client.FailureKind, attempts int) error {
		return &client.RequestError{API: client.AccountAPI, Method: "POST", URL: url, Kind: kind, Attempts: attempts, Err: errors.New("x")}
	}
	apiErr := func(api client.API, status, attempts int, msg string) error {
		return &client.APIError{API: api, StatusCode: status, Method: "GET", URL: url, Attempts: attempts, Message: msg}
	}
	cases := []struct {
		name string
		err  error
		want []string
		// never lists phrases the hint must not contain.
		never []string
	}{
		{"unknown settings", client.Unavailable(errors.New("provider attribute not yet known")).Err(), []string{"No request was sent", "known at plan time"}, []string{"reached"}},
		{"unreachable", reqErr(client.FailureUnreachable, 4), []string{"Nothing answered at http://127.0.0.1:8080", "account_api_endpoint", "sent 4 times"}, nil},
		{"unreachable once", reqErr(client.FailureUnreachable, 1), []string{"sent once and not retried"}, []string{"retries"}},
		{"tls", reqErr(client.FailureTLS, 1), []string{"TLS handshake", "http or https", "Not retried"}, []string{"reached", "retries"}},
		{"timeout", reqErr(client.FailureTimeout, 2), []string{"request_timeout", "sent 2 times"}, nil},
		{"connection lost", reqErr(client.FailureConnectionLost, 1), []string{"connection closed", "sent once"}, []string{"retries"}},
		{"decode", reqErr(client.FailureDecode, 1), []string{"not the Account API's JSON", "Not retried"}, []string{"retries"}},
		{"400", apiErr(client.AccountAPI, 400, 1, "bad"), []string{"rejected the request as invalid", "Not retried"}, []string{"retries"}},
		{"401", apiErr(client.AccountAPI, 401, 1, ""), []string{"token was refused", "SANDBOX_TOKEN"}, nil},
		{"403 lease api", apiErr(client.LeaseAPI, 403, 1, ""), []string{"Lease API refused the request's authentication", "sigv4"}, []string{"admin role"}},
		{"403 account api", apiErr(client.AccountAPI, 403, 1, ""), []string{"admin role"}, []string{"sigv4"}},
		{"404", apiErr(client.AccountAPI, 404, 1, ""), []string{"nothing at " + url, "doubles it"}, nil},
		{"409", apiErr(client.LeaseAPI, 409, 1, ""), []string{"conflicts with the object's current state"}, nil},
		{"422 other 4xx", apiErr(client.AccountAPI, 422, 1, ""), []string{"refused the request", "Not retried"}, []string{"retries"}},
		{"429 retried", apiErr(client.AccountAPI, 429, 5, ""), []string{"rate-limiting", "sent 5 times"}, nil},
		{"500 retried", apiErr(client.AccountAPI, 500, 5, ""), []string{"kept failing", "sent 5 times", "max_retries"}, nil},
		{"500 once", apiErr(client.AccountAPI, 500, 1, ""), []string{"failed on its side", "sent once and not retried"}, []string{"retries", "kept failing"}},
		{"502 once", apiErr(client.LeaseAPI, 502, 1, ""), []string{"sent once and not retried"}, []string{"kept failing"}},
		{"501", apiErr(client.AccountAPI, 501, 1, ""), []string{"does not implement", "Not retried"}, nil},
		{"no available accounts", apiErr(client.LeaseAPI, 500, 1, "No Available accounts at this moment"), []string{"documented failure", "Ready account"}, []string{"retries", "kept failing"}},
		{"unsettled", &client.UnsettledError{Kind: "token", Sends: 5, Err: apiErr(client.AccountAPI, 502, 1, "")}, []string{"sent 5 times", "4 resends", "did not find it"}, nil},
	}
	for _, c := range cases {
		got := Hint(c.err)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: hint %q lacks %q", c.name, got, w)
			}
		}
		for _, n := range c.never {
			if strings.Contains(got, n) {
				t.Errorf("%s: hint %q must not say %q", c.name, got, n)
			}
		}
	}
}

func TestCreateErrorsCarryTheImportBlock(t *testing.T) {
	var diags diag.Diagnostics
	exists := &client.ExistsError{Kind: "pool account", ImportID: "310000000001", Cause: &client.APIError{StatusCode: 409}}
	AddAPIError(&diags, "add account 310000000001 to the pool", fmt.Errorf("wrapped: %w", exists))
	detail := diags[0].Detail()
	block := "import {\n  to = sandbox_pool_account.NAME\n  id = \"310000000001\"\n}"
	if !strings.Contains(detail, block) || !strings.Contains(detail, "before this create") || strings.Contains(detail, "409") {
		t.Errorf("existing object: %q", detail)
	}
	diags = nil
	AddAPIError(&diags, "register plugin", &client.ExistsError{Kind: "plugin", ImportID: "p-1", Differences: []string{"spec"}})
	if d := diags[0].Detail(); !strings.Contains(d, "differs from this resource's configuration in: [spec]") || !strings.Contains(d, `id = "p-1"`) {
		t.Errorf("differing object: %q", d)
	}
	diags = nil
	AddAPIError(&diags, "create account", &client.EmailInUseError{Email: "a@x.io", ByLostRequest: true})
	if s, d := diags[0].Summary(), diags[0].Detail(); !strings.Contains(s, `"a@x.io"`) || !strings.Contains(d, "probably created by the lost request") ||
		!strings.Contains(d, "to = sandbox_account.NAME") {
		t.Errorf("email in use: %q / %q", s, d)
	}
	diags = nil
	AddAPIError(&diags, "create account", &client.EmailInUseError{Email: "a@x.io"})
	if d := diags[0].Detail(); strings.Contains(d, "lost request") || !strings.Contains(d, "interrupted") {
		t.Errorf("email in use before the first attempt: %q", d)
	}
}

func TestLeaseAPIUserRefusalNamesTheRole(t *testing.T) {
	var diags diag.Diagnostics
	AddAPIError(&diags, "create lease", &client.APIError{API: client.LeaseAPI, StatusCode: http.StatusUnauthorized, Method: http.MethodPost, Path: "/leases",
		Code: "UnauthorizedError", Message: "User [a@example.com] with role: [User] attempted to act on a lease for [b], but was not authorized"})
	if detail := diags[0].Detail(); !strings.Contains(detail, "its own principal") || strings.Contains(detail, "has not expired") {
		t.Errorf("detail %q, want the DCE user role explained", detail)
	}
	diags = nil
	AddAPIError(&diags, "read account", &client.APIError{API: client.AccountAPI, StatusCode: http.StatusUnauthorized, Method: http.MethodGet, Path: "/v1/accounts/x"})
	if detail := diags[0].Detail(); !strings.Contains(detail, "has not expired") {
		t.Errorf("Account API 401 detail %q, want the token advice", detail)
	}
}

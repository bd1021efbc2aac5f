package diagnostics

import (
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
)

func TestLeaseAPIUserRefusalNamesTheRole(t *testing.T) {
	var diags diag.Diagnostics
	AddAPIError(&diags, "create lease", &client.APIError{StatusCode: http.StatusUnauthorized, Method: http.MethodPost, Path: "/leases",
		Code: "UnauthorizedError", Message: "User [a@example.com] with role: [User] attempted to act on a lease for [b], but was not authorized"})
	if detail := diags[0].Detail(); !strings.Contains(detail, "its own principal") || strings.Contains(detail, "has not expired") {
		t.Errorf("detail %q, want the DCE user role explained", detail)
	}
	diags = nil
	AddAPIError(&diags, "read account", &client.APIError{StatusCode: http.StatusUnauthorized, Method: http.MethodGet, Path: "/v1/accounts/x"})
	if detail := diags[0].Detail(); !strings.Contains(detail, "has not expired") {
		t.Errorf("Account API 401 detail %q, want the token advice", detail)
	}
}

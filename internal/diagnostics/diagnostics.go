// Package diagnostics turns client errors into Terraform diagnostics a user can act on.
package diagnostics

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
)

// AddAPIError adds an error diagnostic for a failed call, with advice matched to the failure class.
// action reads like "create account" or "read lease 1234".
func AddAPIError(diags *diag.Diagnostics, action string, err error) {
	diags.AddError(fmt.Sprintf("Failed to %s", action), err.Error()+hint(err))
}

func hint(err error) string {
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		return "\n\nThe sandbox API could not be reached; check the provider's endpoint and that the service is up."
	}
	switch apiErr.StatusCode {
	case http.StatusUnauthorized:
		if apiErr.Code == "UnauthorizedError" && !strings.HasPrefix(apiErr.Path, "/v1/") {
			// DCE's answer to a Cognito user (here: a token of an account without the admin role).
			return "\n\nThe Lease API takes this token for a user, who may act only on the leases, credentials and usage " +
				"of its own principal (its account's email). Use the admin token, a token of an account with the admin role, " +
				"or lease_api_auth = \"sigv4\" for anything else."
		}
		return "\n\nThe token was refused: check the provider's token (or SANDBOX_TOKEN) and that it has not expired."
	case http.StatusForbidden:
		if !strings.HasPrefix(apiErr.Path, "/v1/") {
			// The Lease API (behind API Gateway) answers 403 to any missing or bad authentication.
			return "\n\nThe Lease API refused the request's authentication: check the provider's token, or with " +
				"lease_api_auth = \"sigv4\" the AWS credentials (default chain) and aws_region."
		}
		return "\n\nThe token is valid but not allowed to do this: most writes need an account with the admin role."
	case http.StatusTooManyRequests, http.StatusServiceUnavailable, http.StatusInternalServerError, http.StatusBadGateway:
		return "\n\nThe service kept failing after the provider's retries; try again, or raise max_retries."
	}
	return ""
}

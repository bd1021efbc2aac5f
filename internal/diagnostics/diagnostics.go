// Package diagnostics turns client errors into Terraform diagnostics a user can act on.
package diagnostics

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/client"
)

// AddAPIError adds an error diagnostic for a failed call, with advice matched to the kind of failure.
// action reads like "create account" or "read lease 1234". A create that found its object already
// there gets the import block that adopts it; an account whose email is taken gets the email and
// the way to import it.
func AddAPIError(diags *diag.Diagnostics, action string, err error) {
	var exists *client.ExistsError
	var emailInUse *client.EmailInUseError
	switch {
	case errors.As(err, &exists):
		diags.AddError(fmt.Sprintf("Failed to %s: the %s %s already exists", action, exists.Kind, exists.ImportID),
			existsDetail(resourceTypes[exists.Kind], exists))
	case errors.As(err, &emailInUse):
		diags.AddError(fmt.Sprintf("Failed to %s: email %q is already in use", action, emailInUse.Email),
			emailInUseDetail(resourceTypes["account"], emailInUse))
	default:
		diags.AddError(fmt.Sprintf("Failed to %s", action), err.Error()+Hint(err))
	}
}

// resourceTypes maps the client's names of objects to the resource types that manage them.
var resourceTypes = map[string]string{
	"account":      "sandbox_account",
	"token":        "sandbox_token",
	"plugin":       "sandbox_plugin",
	"pool account": "sandbox_pool_account",
	"lease":        "sandbox_lease",
}

// ImportBlock is the configuration block that adopts the object id into resourceType.NAME. The
// provider cannot know the resource's name in the configuration (Terraform does not send it), so
// NAME stands for it; Terraform prints the resource's address with the diagnostic.
func ImportBlock(resourceType, id string) string {
	return fmt.Sprintf("import {\n  to = %s.NAME\n  id = %q\n}", resourceType, id)
}

func existsDetail(resourceType string, e *client.ExistsError) string {
	var why string
	if len(e.Differences) > 0 {
		why = fmt.Sprintf("The %s %s exists on the platform but differs from this resource's configuration in: %v. "+
			"The provider adopts an object only when it matches every configured argument.",
			e.Kind, e.ImportID, e.Differences)
	} else {
		why = fmt.Sprintf("The %s %s was on the platform before this create was first sent, most likely made by an "+
			"earlier apply that was interrupted before it could record it in the state. The provider never adopts "+
			"such an object silently.", e.Kind, e.ImportID)
	}
	return why + "\n\nTo manage the existing object with this resource, add this block to the configuration " +
		"(NAME is this resource's name, shown with this message) and apply again:\n\n" +
		ImportBlock(resourceType, e.ImportID) +
		"\n\nOr delete the object on the platform and apply again to create it afresh."
}

func emailInUseDetail(resourceType string, e *client.EmailInUseError) string {
	var why string
	if e.ByLostRequest {
		why = fmt.Sprintf("An earlier attempt of this create got no answer (the connection failed or a gateway "+
			"answered 5xx), and resending it met \"Email already in use\": the account with email %q was "+
			"probably created by the lost request.", e.Email)
	} else {
		why = fmt.Sprintf("A live account already has the email %q, most likely created by an earlier apply that "+
			"was interrupted before it could record it in the state.", e.Email)
	}
	return why + " The Account API cannot look accounts up by email, so the provider cannot find it.\n\n" +
		"Find the account's id on the platform (the Account API cannot list accounts: ask the platform's " +
		"operators or look in its console), then add this block to the configuration (NAME is this resource's name, shown " +
		"with this message) and apply again:\n\n" + ImportBlock(resourceType, "<account id>") +
		"\n\nOr use another email."
}

// Hint returns advice for err chosen by the kind of failure, starting with a blank line, or "".
// It never claims a retry that did not happen: it says how many times the request was sent.
func Hint(err error) string {
	var (
		notConfigured *client.NotConfiguredError
		unsettled     *client.UnsettledError
		reqErr        *client.RequestError
		apiErr        *client.APIError
	)
	switch {
	case errors.As(err, &notConfigured):
		return "\n\nNo request was sent. Give the provider block values known at plan time (variables, locals), " +
			"or apply the resources its settings depend on first (terraform apply -target=...)."
	case errors.As(err, &unsettled):
		return fmt.Sprintf("\n\nThe create was sent %d times (max_retries allows %d resends); after each failure the "+
			"provider looked for the object and did not find it, so nothing was left behind. Try again when the "+
			"service is healthy, or raise max_retries.", unsettled.Sends, unsettled.Sends-1)
	case errors.As(err, &reqErr):
		return "\n\n" + transportHint(reqErr)
	case errors.As(err, &apiErr):
		if h := statusHint(apiErr); h != "" {
			return "\n\n" + h
		}
	}
	return ""
}

// sent says how many times a request went out, truthfully.
func sent(attempts int) string {
	if attempts <= 1 {
		return "It was sent once and not retried."
	}
	return fmt.Sprintf("It was sent %d times (the provider's retries, bounded by max_retries).", attempts)
}

func host(rawURL string) string {
	if u, err := url.Parse(rawURL); err == nil && u.Host != "" {
		return u.Scheme + "://" + u.Host
	}
	return rawURL
}

func endpointSetting(api client.API) string {
	if api == client.LeaseAPI {
		return "endpoint (or lease_api_endpoint, SANDBOX_LEASE_API_ENDPOINT)"
	}
	return "endpoint (or account_api_endpoint, SANDBOX_ACCOUNT_API_ENDPOINT)"
}

func transportHint(e *client.RequestError) string {
	switch e.Kind {
	case client.FailureUnreachable:
		return fmt.Sprintf("Nothing answered at %s: the host is unknown, unreachable or refused the connection. "+
			"Check the provider's %s and that the service is up. %s", host(e.URL), endpointSetting(e.API), sent(e.Attempts))
	case client.FailureTLS:
		return fmt.Sprintf("The TLS handshake with %s failed: check that the endpoint's scheme (http or https) is the "+
			"one the server speaks and that its certificate is trusted on this machine. Not retried: it would fail "+
			"the same way.", host(e.URL))
	case client.FailureTimeout:
		return fmt.Sprintf("No answer came within the provider's request_timeout. The %s may be overloaded or the "+
			"network slow: raise request_timeout, or try again. %s", e.API, sent(e.Attempts))
	case client.FailureConnectionLost:
		return fmt.Sprintf("The connection closed before the %s's answer arrived; a proxy or load balancer may be "+
			"cutting connections. %s", e.API, sent(e.Attempts))
	case client.FailureDecode:
		return fmt.Sprintf("The answer is not the %s's JSON: check that the provider's %s points at the API itself, "+
			"not at a web page, a login page or another service. Not retried: it would fail the same way.",
			e.API, endpointSetting(e.API))
	case client.FailureCanceled:
		return "The operation was cancelled before an answer arrived."
	}
	return fmt.Sprintf("The request to %s failed in transport. %s", host(e.URL), sent(e.Attempts))
}

func statusHint(e *client.APIError) string {
	switch code := e.StatusCode; {
	case code == http.StatusBadRequest:
		return fmt.Sprintf("The %s rejected the request as invalid (the message above names the problem). "+
			"Not retried: it would fail the same way.", e.API)
	case code == http.StatusUnauthorized && e.API == client.LeaseAPI && e.Code == "UnauthorizedError":
		// DCE's answer to a Cognito user (here: a token of an account without the admin role).
		return "The Lease API takes this token for a user, who may act only on the leases, credentials and usage " +
			"of its own principal (its account's email). Use the admin token, a token of an account with the admin role, " +
			"or lease_api_auth = \"sigv4\" for anything else."
	case code == http.StatusUnauthorized:
		return "The token was refused: check the provider's token (or SANDBOX_TOKEN) and that it has not expired."
	case code == http.StatusForbidden && e.API == client.LeaseAPI:
		// The Lease API (behind API Gateway) answers 403 to any missing or bad authentication.
		return "The Lease API refused the request's authentication: check the provider's token, or with " +
			"lease_api_auth = \"sigv4\" the AWS credentials (default chain) and aws_region."
	case code == http.StatusForbidden:
		return "The token is valid but not allowed to do this: most writes need an account with the admin role."
	case code == http.StatusNotFound:
		return fmt.Sprintf("The %s has nothing at %s. If the object should exist, check the provider's %s: an "+
			"endpoint that already ends in the API's path prefix (such as /v1) doubles it.", e.API, e.URL, endpointSetting(e.API))
	case code == http.StatusConflict:
		return fmt.Sprintf("The %s refused the request because it conflicts with the object's current state "+
			"(the message above says how).", e.API)
	case code == http.StatusTooManyRequests:
		return fmt.Sprintf("The %s is rate-limiting the provider. %s Try again later, lower -parallelism, or raise "+
			"max_retries.", e.API, sent(e.Attempts))
	case code == http.StatusNotImplemented:
		return fmt.Sprintf("The %s does not implement this request: check that the endpoint points at the right "+
			"service and version. Not retried.", e.API)
	case code == http.StatusInternalServerError && e.API == client.LeaseAPI && e.Attempts <= 1 && client.IsDeterministic(e):
		return "The Lease API refused the request (a documented failure, not an outage). Not retried: it would " +
			"fail the same way until the situation it names changes (for a lease: a Ready account in the pool)."
	case code >= 500:
		if e.Attempts <= 1 {
			return fmt.Sprintf("The %s failed on its side. %s Try again later.", e.API, sent(e.Attempts))
		}
		return fmt.Sprintf("The %s kept failing. %s Try again later, or raise max_retries.", e.API, sent(e.Attempts))
	case code >= 400:
		return fmt.Sprintf("The %s refused the request. Not retried: it would fail the same way.", e.API)
	}
	return ""
}

package provider_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

// Helpers shared by the acceptance tests: mock set-up, CheckDestroy functions and patterns.

// farFuture is an expiry no test outlives.
const farFuture = "2100-01-01T00:00:00Z"

// tokensGone is a CheckDestroy proving no sandbox_token of the state is left on the mock.
func tokensGone(mock *acctest.Mock) func(*terraform.State) error {
	return func(s *terraform.State) error {
		for _, rs := range s.RootModule().Resources {
			if rs.Type != "sandbox_token" {
				continue
			}
			if _, ok := mock.Token(rs.Primary.ID); ok {
				return fmt.Errorf("token %s still exists on the mock", rs.Primary.ID)
			}
		}
		return accountsGone(mock)(s)
	}
}

// whoIs asks the mock which account a bearer secret belongs to, proving the secret works.
func whoIs(mock *acctest.Mock, secret string) (string, error) {
	req, err := http.NewRequest(http.MethodGet, mock.URL+"/v1/accounts/", nil)
	if err != nil {
		return "", err
	}
	req.URL.Path = "/v1/login/token"
	req.Header.Set("Authorization", "Bearer "+secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer func() { _ = resp.Body.Close() }()
	var body struct {
		AccountID string `json:"accountId"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("who-am-I answered %d (%w)", resp.StatusCode, err)
	}
	return body.AccountID, nil
}

// authenticates reports whether the mock accepts a secret on an ordinary call.
func authenticates(mock *acctest.Mock, accountID, secret string) bool {
	req, _ := http.NewRequest(http.MethodGet, mock.URL+"/v1/accounts/"+accountID, nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	_ = resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// leakedSecret returns the first secret the mock ever issued that occurs in text, or "".
func leakedSecret(mock *acctest.Mock, text string) string {
	for _, secret := range mock.IssuedSecrets() {
		if strings.Contains(text, secret) {
			return secret
		}
	}
	return ""
}

// testAdminRoleArn is the admin role ARN of the pool accounts the tests add.
const testAdminRoleArn = "arn:aws:iam::123456789012:role/DCEAdmin"

// rfc3339Regexp matches a whole-second UTC timestamp.
var rfc3339Regexp = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)

// newLeaseMock starts a mock whose pool accounts are reset in 50ms, so tests that wait for Ready are fast.
func newLeaseMock(t *testing.T) *acctest.Mock {
	t.Helper()
	return acctest.NewMock(t, mockserver.Options{AccountReadyDelay: 50 * time.Millisecond})
}

// leaseAPIClean is a CheckDestroy proving the Lease API holds no pool account and no active lease.
func leaseAPIClean(mock *acctest.Mock) func(*terraform.State) error {
	return func(*terraform.State) error {
		if ids := mock.PoolAccountIDs(); len(ids) > 0 {
			return fmt.Errorf("pool accounts left on the mock: %v", ids)
		}
		for _, l := range mock.Leases() {
			if l.Status == "Active" {
				return fmt.Errorf("lease %s of %s is still active on the mock", l.ID, l.PrincipalID)
			}
		}
		return nil
	}
}

// sameIDsOnce reports whether got holds every id of want exactly once, and nothing else.
func sameIDsOnce(got, want []string) error {
	count := map[string]int{}
	for _, id := range got {
		count[id]++
	}
	for _, id := range want {
		if count[id] != 1 {
			return fmt.Errorf("id %s listed %d times, want once", id, count[id])
		}
		delete(count, id)
	}
	if len(count) > 0 {
		extra := make([]string, 0, len(count))
		for id := range count {
			extra = append(extra, id)
		}
		sort.Strings(extra)
		return fmt.Errorf("unexpected ids listed: %v", extra)
	}
	return nil
}

// accountsGone is a CheckDestroy proving every account in the state is deleted on the mock.
func accountsGone(mock *acctest.Mock) func(*terraform.State) error {
	return func(s *terraform.State) error {
		for _, rs := range s.RootModule().Resources {
			if rs.Type != "sandbox_account" {
				continue
			}
			if a, ok := mock.Account(rs.Primary.ID); ok && !a.Deleted {
				return fmt.Errorf("account %s still exists on the mock", rs.Primary.ID)
			}
		}
		return nil
	}
}

// uuidRegexp matches a version 4 UUID, as the APIs mint them.
var uuidRegexp = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// uuidRegexpAnyVersion matches a UUID of any version.
var uuidRegexpAnyVersion = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// liveMockAccount is the account with id on the mock, or an error when the mock has none or has
// deleted it.
func liveMockAccount(mock *acctest.Mock, id string) (mockserver.Account, error) {
	a, ok := mock.Account(id)
	if !ok || a.Deleted {
		return a, fmt.Errorf("account %s is not live on the mock", id)
	}
	return a, nil
}

// liveMockPlugin is the plugin with id on the mock, or an error when the mock has none or has
// deleted it.
func liveMockPlugin(mock *acctest.Mock, id string) (mockserver.Plugin, error) {
	p, ok := mock.Plugin(id)
	if !ok || p.Deleted {
		return p, fmt.Errorf("plugin %s is not live on the mock", id)
	}
	return p, nil
}

// diagnosticRegexp matches a diagnostic by its whole summary and detail, as the CLI prints them:
// wrapped to its width, so every space may be a line break.
func diagnosticRegexp(summary, detail string) *regexp.Regexp {
	spaced := func(s string) string { return strings.ReplaceAll(regexp.QuoteMeta(s), " ", `\s+`) }
	return regexp.MustCompile(`(?s)Error: ` + spaced(summary) + `.*` + spaced(detail))
}

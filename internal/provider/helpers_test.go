package provider_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
)

// farFuture is an expiry no test outlives.
const farFuture = "2100-01-01T00:00:00Z"

func accountBlock(name, email string) string {
	return fmt.Sprintf(`
resource "sandbox_account" "test" {
  name  = %q
  email = %q
}
`, name, email)
}

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

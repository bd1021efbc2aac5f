package provider_test

import (
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/sandbox-platform/terraform-provider-sandbox/internal/acctest"
	"github.com/sandbox-platform/terraform-provider-sandbox/internal/mockserver"
)

// TestAccProvider_tokenNeverLogged runs a create and an update with TF_LOG=trace and checks that the
// provider's log mentions its requests but never the bearer token.
func TestAccProvider_tokenNeverLogged(t *testing.T) {
	const token = "Zq9-distinctive-admin-secret-4711"
	logFile := acctest.TraceLogFile(t)
	mock := acctest.NewMock(t, mockserver.Options{AdminToken: token})
	// The token comes from the environment: the test framework itself logs the configuration text.
	t.Setenv("SANDBOX_TOKEN", token)
	config := `provider "sandbox" {
  endpoint = "` + mock.URL + `"
}
` + accountConfig("Log", "log@example.com")
	var id string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{acctest.CaptureString(accountAddr, "id", &id)},
			},
			{Config: strings.Replace(config, `"Log"`, `"Log2"`, 1)},
		},
	})
	data, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatal(err)
	}
	log := string(data)
	// The update reached the mock, and the client logged a request line for the create and for the
	// update, so the token had its chances to leak (the update's request carries it too).
	if n := mock.CountRequests(http.MethodPut, "/v1/accounts/"+id); n != 1 {
		t.Fatalf("the mock got %d updates of account %s, want 1", n, id)
	}
	for _, want := range []struct{ method, url string }{
		{http.MethodPost, mock.URL + "/v1/accounts"},
		{http.MethodPut, mock.URL + "/v1/accounts/" + id},
	} {
		if !loggedRequest(log, want.method, want.url) {
			t.Fatalf("the trace log (%d bytes) has no client line for %s %s; the check below would prove little", len(data), want.method, want.url)
		}
	}
	if strings.Contains(log, token) {
		t.Errorf("the trace log contains the bearer token")
	}
}

// loggedRequest reports whether log holds the client's "performing request" line for method and url
// (its fields come in any order).
func loggedRequest(log, method, url string) bool {
	for _, line := range strings.Split(log, "\n") {
		if !strings.Contains(line, "performing request:") {
			continue
		}
		fields := strings.Fields(line)
		if slices.Contains(fields, "subsystem=sandbox-client") && slices.Contains(fields, "method="+method) && slices.Contains(fields, "url="+url) {
			return true
		}
	}
	return false
}
